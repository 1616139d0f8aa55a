"""undercurrent: qualitative research on informal learning at work.

>>> import undercurrent as uc
>>> corpus = uc.load_corpus("corpora/demo")          # doctest: +SKIP
>>> corpus.turns(role="respondent").head()            # doctest: +SKIP
"""
__version__ = "0.7.0"

from .errors import InputError, InputWarning, StoreError, UndercurrentError  # noqa: E402
from .corpus.model import Corpus  # noqa: E402
from .project import Project, load_corpus  # noqa: E402
from .stats import corpus_statistics  # noqa: E402
from . import coding, keyness, scan, synthesis, timeline, topics  # noqa: E402

__all__ = ["Corpus", "Project", "load_corpus", "corpus_statistics", "coding", "keyness", "scan", "synthesis", "timeline", "topics",
           "InputError", "InputWarning",
           "StoreError", "UndercurrentError", "__version__"]
