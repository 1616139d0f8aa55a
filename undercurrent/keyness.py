"""Keyness: which words and phrases set one group's speech apart from another's.

Log-likelihood G² (Dunning 1993; Rayson & Garside 2000) for significance and log ratio
(Hardie 2014) for effect size, on the same lemmatised content words the topic models use.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .corpus.model import Corpus
from .topics import analyse_texts, surface_forms, units_of

#: job roles that count as management when no grouping is given (Dutch and English)
MANAGEMENT_ROLE_RE = re.compile(r"direct|manager|leid|teamleider|chef|eigenaar|planner|werkvoorbereid|p&o|hr\b|"
                                r"personeel|owner|director|supervisor|coordinat|coördinat", re.I)


def keyness_table(target: list[str], reference: list[str], *, ngram_range=(1, 2), min_freq: int = 3) -> pd.DataFrame:
    """G² and log ratio for every term of two lists of (already lemmatised) texts.

    Columns: term, freq_target, freq_reference, per10k_target, per10k_reference, g2, p, log_ratio.
    Sorted by G², terms more frequent in the target first (log_ratio > 0)."""
    from scipy.stats import chi2
    from sklearn.feature_extraction.text import CountVectorizer

    vec = CountVectorizer(ngram_range=ngram_range, token_pattern=r"(?u)\b\w[\w'-]+\b")
    vec.fit(target + reference)
    a = np.asarray(vec.transform(target).sum(axis=0)).ravel().astype(float)
    b = np.asarray(vec.transform(reference).sum(axis=0)).ravel().astype(float)
    n1, n2 = a.sum(), b.sum()
    e1, e2 = n1 * (a + b) / (n1 + n2), n2 * (a + b) / (n1 + n2)
    with np.errstate(divide="ignore", invalid="ignore"):
        g2 = 2 * (np.where(a > 0, a * np.log(a / e1), 0) + np.where(b > 0, b * np.log(b / e2), 0))
        log_ratio = np.log2(((a + 0.5) / n1) / ((b + 0.5) / n2))
    frame = pd.DataFrame({"term": vec.get_feature_names_out(), "freq_target": a.astype(int),
                          "freq_reference": b.astype(int), "per10k_target": (a / n1 * 1e4).round(1),
                          "per10k_reference": (b / n2 * 1e4).round(1), "g2": g2.round(2),
                          "p": chi2.sf(g2, 1), "log_ratio": log_ratio.round(2)})
    frame = frame[(frame["freq_target"] + frame["freq_reference"]) >= min_freq]
    return frame.sort_values("g2", ascending=False).reset_index(drop=True)


def role_groups(corpus: Corpus, management_roles=None) -> dict[str, list[str]]:
    """Split job roles into "management" and "operators" (work floor). ``management_roles``
    overrides the guess from role names."""
    roles = sorted(r for r in corpus.participants["role"].dropna().unique() if r)
    if management_roles is None:
        management = [r for r in roles if MANAGEMENT_ROLE_RE.search(r)]
    else:
        management = [r for r in roles if r in set(management_roles)]
    return {"management": management, "operators": [r for r in roles if r not in management]}


def keyness(corpus: Corpus, *, by: str = "role", target=None, reference=None, unit: str = "turn",
            min_freq: int = 3, lang: str | None = None) -> pd.DataFrame:
    """Keyness of one group of respondents against another.

    ``target`` and ``reference`` are lists of values of column ``by`` (role, department,
    case_id, pseudonym, ...); the default compares the work floor ("operators") with management
    by job role (see :func:`role_groups`). ``term`` is the lemma, ``word`` the form people said
    most (see :func:`undercurrent.topics.surface_forms`)."""
    units = units_of(corpus, unit)
    if target is None:
        groups = role_groups(corpus)
        target, reference = groups["operators"], groups["management"]
        by = "role"
    in_target = units[by].isin(target)
    in_reference = units[by].isin(reference) if reference is not None else ~in_target
    if not in_target.any() or not in_reference.any():
        raise ValueError(f"one of the groups has no respondent text (target {target}, reference {reference})")
    lang = lang or (corpus.documents["language"].mode().iat[0] if len(corpus.documents) else "nl")
    texts, surfaces = analyse_texts(units["text"].tolist(), lang)
    table = keyness_table([t for t, k in zip(texts, in_target) if k], [t for t, k in zip(texts, in_reference) if k],
                          min_freq=min_freq)
    # each lemma also as people said it: a lemmatiser slip ("managemennen") has a real word beside it
    shown = surface_forms(surfaces)
    table.insert(1, "word", [" ".join(shown.get(w, w) for w in term.split()) for term in table["term"]])
    return table
