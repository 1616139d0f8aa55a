"""The undercurrent synthesis: findings, each with its evidence.

>>> import undercurrent as uc
>>> corpus = uc.load_corpus("corpora/demo")                  # doctest: +SKIP
>>> findings = uc.synthesis.synthesis(corpus)                 # doctest: +SKIP
>>> findings[["kind", "statement", "n_people", "confidence"]]  # doctest: +SKIP

Every finding function takes an :class:`Evidence` (``Evidence.of(corpus)``, read once) and
returns a tidy DataFrame with :data:`FINDING_COLUMNS`: a one-line ``statement``, its strength
(``n_people``, ``people``, ``roles``, ``generations``), ``quotes`` (verbatim, with pseudonym,
document, code-point offsets and timestamp), the ``evidence`` it rests on and a ``confidence``.
A finding that rests on one person says so (``single_person``); the functions only make
findings two or more people share, except where a kind says otherwise.
"""
from __future__ import annotations

import pandas as pd

from ..corpus.model import Corpus
from .evidence import FINDING_COLUMNS, Evidence
from .history import generations, incidents, life_histories
from .learning import building_blocks, learning, say_do_gaps
from .values import implicit_values

#: the kinds of finding, in the order a report tells them
KINDS = ("value", "incident", "say_do", "generation", "learning", "block", "life")

__all__ = ["FINDING_COLUMNS", "KINDS", "Evidence", "building_blocks", "generations", "implicit_values", "incidents",
           "learning", "life_histories", "say_do_gaps", "synthesis"]


def synthesis(corpus: Corpus | Evidence, *, lang: str | None = None,
              timeline: tuple[pd.DataFrame, pd.DataFrame] | None = None, relevance: bool | str = True) -> pd.DataFrame:
    """All findings of a corpus, kind by kind (:data:`KINDS`). ``lang`` is the language of the
    statements (default: the corpus's); ``timeline`` saves building it again. ``relevance``: leave
    out the quotes that blind judges' verdicts on other quotes say a reader would take for off
    topic (:mod:`.relevance`; Dutch text only); a planted case's name leaves its own verdicts out
    of the model, to measure on it."""
    evidence = corpus if isinstance(corpus, Evidence) else Evidence.of(corpus)
    if lang:
        evidence.out = lang
    from ..timeline.events import timeline as build_timeline

    timeline = timeline if timeline is not None else build_timeline(evidence.corpus)
    frames = [implicit_values(evidence), incidents(evidence, timeline), say_do_gaps(evidence),
              generations(evidence), learning(evidence), building_blocks(evidence), life_histories(evidence, timeline)]
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=FINDING_COLUMNS)
    findings = pd.concat(frames, ignore_index=True)
    if relevance and evidence.lang == "nl":
        from .relevance import keep_on_topic

        leave_out = relevance if isinstance(relevance, str) else None
        findings["quotes"] = [keep_on_topic(q, k, d, leave_out=leave_out)
                              for q, k, d in zip(findings["quotes"], findings["kind"], findings["details"])]
    return findings
