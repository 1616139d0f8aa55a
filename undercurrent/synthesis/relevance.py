"""Which quotes stand for their finding: a model learned from blind judgements.

The finding functions pick quotes by rules (cue words, codings, closeness to the rest of the
evidence), and a rule cannot tell "Je leert het door te kijken wat ie uitspuugt" (watching a
machine) from watching a colleague. ``quote_judgements.csv`` holds every (finding, quote) pair
that blind judges marked on or off topic on the planted cases (``benchmarks/data/planted``): the
tool's quotes and, as many again, random sentences paired with the same findings. A logistic
regression over the quote's words per kind of finding, its length, and how many words it shares
with the finding's other quotes learns from them which quotes a reader takes for evidence.
Dutch only: the judgements are of Dutch quotes.

Measured leaving each planted case out in turn (``python -m benchmarks.synthesis_quality
--relevance``): the off-topic share of the tool's quotes falls from 18% to 10%, keeping 74% of the
on-topic ones. The features and the threshold were chosen on that same cross-validation, so the
figure is seen; on a new planted case (klantcontact) 32% of the intake's quotes stayed off-topic.
A finding keeps its best quote when the model would drop them all, so no finding disappears for it.
"""
from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

JUDGEMENTS = Path(__file__).with_name("quote_judgements.csv")
#: a quote the model gives a lower chance of being on topic is left out
MIN_ON_TOPIC = 0.5
#: how the Dutch statements the judges saw begin, by kind of finding (see :func:`finding_kind`)
_STATEMENT_KINDS = [("value", r"^Gedeelde opvatting"), ("incident", r"wordt door \d+ mensen verteld|dateren het"),
                    ("say_do", r"^Gezegd en gedaan"), ("generation", r"^(?:Nieuwkomers|De oude garde|Tradities)"),
                    ("tacit", r"^Vakkennis"), ("technology", r"^Hoe nieuwe techniek"), ("hindrance", r"^Wat het leren hindert"),
                    ("life", r"^Levensloop"), ("learning", r"^Hier leert men"), ("block", r"")]
_TOKEN = re.compile(r"[a-zà-ÿ]{3,}")
#: words too common to say that two quotes are about the same thing
_COMMON = frozenset("maar niet want toen ook heel gewoon echt eigenlijk wel zijn hebben heeft werd worden wordt kan kun "
                    "moet mijn onze die dat dit deze daar hier voor naar over door met van een het de en ik je we wij ze "
                    "zij hij haar hem dan als nog al wat wie hoe waar zo".split())


def statement_kind(statement: str) -> str:
    """The kind of finding a judged (Dutch) statement belongs to."""
    return next(kind for kind, pattern in _STATEMENT_KINDS if re.search(pattern, statement))


def finding_kind(kind: str, details: dict | None) -> str:
    """The same kinds for a finding row: learning findings by their form."""
    form = str((details or {}).get("form", ""))
    if kind == "learning":
        return "tacit" if form == "tacit" else "technology" if form == "technology" else \
            "hindrance" if form.startswith("hindrance") else "learning"
    return kind


def _words(text: str) -> set:
    return set(_TOKEN.findall(text.lower())) - _COMMON


def features(kind: str, quote: str, others: list[str]) -> dict:
    """What the model reads of a quote: its words (also per kind of finding), length, laughter,
    digits, first person, and the most words it shares with one of the finding's other quotes."""
    words, lower = _words(quote), quote.lower()
    digits = bool(re.search(r"\d", quote))
    out = {f"k={kind}": 1, "len": min(len(quote.split()), 60) / 60, f"k={kind}:short": len(quote.split()) < 8,
           "lacht": "lacht" in lower, "digit": digits, f"k={kind}:digit": digits, "?": "?" in quote,
           "first": bool(re.search(r"\b(?:ik|mijn|me|mij|we|wij|ons)\b", lower)),
           "shared": max([len(words & _words(o)) for o in others] or [0]) / 5}
    for w in words:
        out[f"w={w}"] = 1
        out[f"k={kind}:w={w}"] = 1
    return out


@lru_cache(maxsize=16)
def model(leave_out: str | None = None):
    """(vectoriser, classifier) fitted on the judgements, without case ``leave_out`` (to measure
    on a case the model has not read)."""
    from collections import defaultdict

    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    with JUDGEMENTS.open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["case"] != leave_out]
    tool_quotes = defaultdict(list)  # the other quotes of a finding, as its judge saw them
    for r in rows:
        if r["source"] == "tool":
            tool_quotes[(r["sheet"], r["case"], r["statement"])].append(r["quote"])
    X = [features(statement_kind(r["statement"]), r["quote"],
                  [o for o in tool_quotes[(r["sheet"], r["case"], r["statement"])] if o != r["quote"]]) for r in rows]
    y = [r["on_topic"] == "1" for r in rows]
    weight = [1.0 if r["source"] == "tool" else 0.3 for r in rows]  # random sentences teach less
    vectoriser = DictVectorizer()
    classifier = LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced")
    classifier.fit(vectoriser.fit_transform(X), y, sample_weight=weight)
    return vectoriser, classifier


def on_topic(kind: str, quotes: list[str], leave_out: str | None = None) -> np.ndarray:
    """The chance that each of a finding's quotes is on topic for it."""
    if not quotes:
        return np.zeros(0)
    vectoriser, classifier = model(leave_out)
    X = vectoriser.transform([features(kind, q, quotes[:k] + quotes[k + 1:]) for k, q in enumerate(quotes)])
    return classifier.predict_proba(X)[:, list(classifier.classes_).index(True)]


def keep_on_topic(quotes: list[dict], kind: str, details: dict | None = None, *, leave_out: str | None = None,
                  threshold: float = MIN_ON_TOPIC) -> list[dict]:
    """The quotes of one finding the model takes for on topic, in their order; of each side
    (espoused / lived, holds / contests) at least the likeliest stays, so a finding keeps its
    evidence and a gap both its sides."""
    if not quotes:
        return quotes
    p = on_topic(finding_kind(kind, details), [q["text"] for q in quotes], leave_out)
    best = {}
    for k, q in enumerate(quotes):
        side = q.get("side")
        if side not in best or p[k] > p[best[side]]:
            best[side] = k
    return [q for k, q in enumerate(quotes) if p[k] >= threshold or best[q.get("side")] == k]
