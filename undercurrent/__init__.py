"""undercurrent: qualitative research on informal learning at work.

>>> import undercurrent as uc
>>> corpus = uc.load_corpus("corpora/demo")          # doctest: +SKIP
>>> corpus.turns(role="respondent").head()            # doctest: +SKIP

Names and submodules load on first use (PEP 562), so that ``undercurrent --help`` and small
commands start without importing spaCy, pandas and scikit-learn.
"""
from importlib import import_module

from ._version import __version__  # noqa: F401  (one source: pyproject.toml)
from .errors import InputError, InputWarning, StoreError, UndercurrentError  # noqa: F401

_NAMES = {"Corpus": "corpus.model", "Project": "project", "load_corpus": "project",
          "corpus_statistics": "stats"}
_SUBMODULES = ("coding", "interop", "keyness", "scan", "synthesis", "timeline", "topics")

__all__ = ["Corpus", "Project", "load_corpus", "corpus_statistics", *_SUBMODULES,
           "InputError", "InputWarning", "StoreError", "UndercurrentError", "__version__"]


def __getattr__(name: str):
    if name in _NAMES:
        value = getattr(import_module(f".{_NAMES[name]}", __name__), name)
    elif name in _SUBMODULES:
        value = import_module(f".{name}", __name__)
    else:
        raise AttributeError(f"module 'undercurrent' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
