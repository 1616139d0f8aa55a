"""Measuring automatic coding against gold: per-code scores, the indicator audit, calibration.

Gold is a set of labelled units (one sentence each): a span in a document and the codes a
person gave it (none is an answer too). An automatic coding counts for the unit that holds
its evidence (the matched words), so a coder is judged on where it looked, not on how the
sentence splitter cut the text. Everything here returns DataFrames and writes nothing.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .confidence import AUDIT_COLUMNS, ConfidenceModel

GOLD_COLUMNS = ["unit_id", "set", "doc_id", "start", "end", "codes", "stances", "split"]


@dataclass
class GoldSet:
    """Labelled units of one corpus. ``units`` has GOLD_COLUMNS; ``codes`` is a frozenset of
    code ids per unit and ``stances`` a dict code -> stance."""
    name: str
    corpus: object
    units: pd.DataFrame

    def split(self, which: str) -> "GoldSet":
        return GoldSet(f"{self.name}:{which}", self.corpus, self.units[self.units["split"] == which])


def gold_from_case(folder: str | Path, *, store_path: str | Path, name: str | None = None,
                   dev_files=None) -> GoldSet:
    """A gold case folder: transcripts/, participants.csv, case.toml and gold.jsonl with one
    line per respondent sentence: {"file", "quote", "codes": [{"code", "stance"}]}. Quotes are
    found in order in their file. ``dev_files``: the files in the dev half (default: the first
    half of the files in name order)."""
    import warnings

    from ..project import load_corpus
    from .manual import locate_quote

    folder = Path(folder)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = load_corpus(folder, store_path=store_path)
    by_file = {Path(p).name: d for p, d in zip(corpus.documents["source_path"], corpus.documents["doc_id"])}
    records = [json.loads(line) for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    files = sorted({r["file"] for r in records})
    dev = set(dev_files) if dev_files is not None else set(files[: (len(files) + 1) // 2])
    rows, cursor = [], {}
    for n, rec in enumerate(records):
        doc_id = by_file[rec["file"]]
        text = corpus.text(doc_id)
        at = text.find(rec["quote"], cursor.get(doc_id, 0))
        start, end = (at, at + len(rec["quote"])) if at >= 0 else locate_quote(text, rec["quote"])
        cursor[doc_id] = end
        rows.append(_unit(f"{folder.name}:{n}", folder.name, doc_id, start, end, rec["codes"],
                          "dev" if rec["file"] in dev else "test"))
    return GoldSet(name or folder.name, corpus, pd.DataFrame(rows, columns=GOLD_COLUMNS))


def gold_from_units(path: str | Path, corpus, *, name: str, dev_docs) -> GoldSet:
    """Gold given as offsets into an existing corpus: JSON lines with doc_id, start, end, codes."""
    rows = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines()):
        if line.strip():
            rec = json.loads(line)
            rows.append(_unit(f"{name}:{n}", name, rec["doc_id"], rec["start"], rec["end"], rec["codes"] or [],
                              "dev" if rec["doc_id"] in set(dev_docs) else "test"))
    return GoldSet(name, corpus, pd.DataFrame(rows, columns=GOLD_COLUMNS))


def _unit(unit_id, set_name, doc_id, start, end, codes, split) -> dict:
    return dict(unit_id=unit_id, set=set_name, doc_id=doc_id, start=int(start), end=int(end),
                codes=frozenset(c["code"] for c in codes), stances={c["code"]: c.get("stance", "lived") for c in codes},
                split=split)


def assign_codings(units: pd.DataFrame, codings: pd.DataFrame) -> pd.DataFrame:
    """Each automatic coding attached to the gold unit holding its evidence (or, without
    evidence, the unit it overlaps most). Adds unit_id; codings outside every unit are dropped."""
    out = []
    by_doc = {d: g.sort_values("start") for d, g in units.groupby("doc_id")}
    for row in codings.itertuples(index=False):
        doc_units = by_doc.get(row.doc_id)
        if doc_units is None:
            continue
        if isinstance(row.evidence, str) and row.evidence:
            anchor = min(e["start"] for e in json.loads(row.evidence))
            hit = doc_units[(doc_units["start"] <= anchor) & (doc_units["end"] > anchor)]
        else:
            overlap = np.minimum(doc_units["end"], row.end) - np.maximum(doc_units["start"], row.start)
            hit = doc_units[overlap == overlap.max()] if overlap.max() > 0 else doc_units.iloc[:0]
        if len(hit):
            out.append({**row._asdict(), "unit_id": hit["unit_id"].iat[0]})
    return pd.DataFrame(out, columns=list(codings.columns) + ["unit_id"])


def score(units: pd.DataFrame, codings: pd.DataFrame, *, codes=None, min_confidence: float = 0.0) -> pd.DataFrame:
    """Per code and pooled: support, predicted, tp, precision, recall, F1 and Cohen's κ over
    units (each unit × code a yes/no decision), plus how often the stance agrees on hits.

    codes: the codes to score (default: every code in gold or predictions)."""
    placed = assign_codings(units, codings[codings["confidence"].fillna(1) >= min_confidence])
    predicted = placed.groupby("unit_id")["code_id"].agg(frozenset).to_dict()
    stance_pred = {(r.unit_id, r.code_id): r.stance for r in placed.itertuples(index=False)}
    gold = dict(zip(units["unit_id"], units["codes"]))
    stance_gold = dict(zip(units["unit_id"], units["stances"]))
    if codes is None:
        codes = sorted(set().union(*gold.values(), *predicted.values()))
    ids = list(units["unit_id"])
    rows, pooled_g, pooled_p = [], [], []
    for code in codes:
        g = np.array([code in gold[u] for u in ids])
        p = np.array([code in predicted.get(u, ()) for u in ids])
        pooled_g.append(g)
        pooled_p.append(p)
        rows.append(dict(code_id=code, **binary_scores(g, p)))
        hits = [u for u in ids if code in gold[u] and code in predicted.get(u, ())]
        rows[-1]["stance_agree"] = (np.mean([stance_pred.get((u, code)) == stance_gold[u].get(code) for u in hits])
                                    if hits else np.nan)
    table = pd.DataFrame(rows)
    pooled = dict(code_id="(pooled)", **binary_scores(np.concatenate(pooled_g) if pooled_g else np.array([], bool),
                                                      np.concatenate(pooled_p) if pooled_p else np.array([], bool)))
    pooled["stance_agree"] = np.nan
    return pd.concat([table, pd.DataFrame([pooled])], ignore_index=True)


def binary_scores(gold, predicted) -> dict:
    """Yes/no decisions against gold: support, predicted, tp, precision, recall, F1 and Cohen's
    κ (NaN where undefined: nothing predicted, nothing in gold, one value throughout)."""
    from sklearn.metrics import cohen_kappa_score

    g, p = np.asarray(gold, dtype=bool), np.asarray(predicted, dtype=bool)
    tp, fp, fn = int((g & p).sum()), int((~g & p).sum()), int((g & ~p).sum())
    return dict(support=int(g.sum()), predicted=int(p.sum()), tp=tp,
                precision=tp / (tp + fp) if tp + fp else np.nan, recall=tp / (tp + fn) if tp + fn else np.nan,
                f1=2 * tp / (2 * tp + fp + fn) if tp else 0.0,
                kappa=float(cohen_kappa_score(g, p)) if len(g) and len(set(g) | set(p)) > 1 else np.nan)


def audit_indicators(units: pd.DataFrame, codings: pd.DataFrame) -> pd.DataFrame:
    """Per indicator (code, kind, term, and how it was read: as matched, negated, undercut,
    say-do): on how many gold units it led to its code (hits), and how often the unit has that
    code (correct). The table the shipped confidence is computed from."""
    placed = assign_codings(units, codings)
    gold = dict(zip(units["unit_id"], units["codes"]))
    counts: dict[tuple, list] = {}
    for row in placed.itertuples(index=False):
        seen = set()
        for ev in json.loads(row.evidence):
            key = (ev.get("from", row.code_id), ev["kind"], ev["term"], ev.get("how", ""), row.code_id)
            if key in seen:
                continue
            seen.add(key)
            c = counts.setdefault(key, [0, 0])
            c[0] += 1
            c[1] += row.code_id in gold[row.unit_id]
    rows = [dict(code_id=k[0], kind=k[1], term=k[2], how=k[3], decided=k[4], hits=v[0], correct=v[1])
            for k, v in counts.items()]
    table = pd.DataFrame(rows, columns=AUDIT_COLUMNS[:4] + ["decided", "hits", "correct"])
    table["precision"] = (table["correct"] / table["hits"]).round(3)
    return table.sort_values(["code_id", "kind", "term", "how"]).reset_index(drop=True)


def fit_calibration(raw: np.ndarray, correct: np.ndarray, *, points: int = 20) -> pd.DataFrame:
    """Isotonic regression of correctness on raw score, as a (raw, calibrated) table."""
    from sklearn.isotonic import IsotonicRegression

    iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip", increasing=True).fit(raw, correct)
    xs = np.unique(np.concatenate([[0.0, 1.0], np.quantile(raw, np.linspace(0, 1, points))]))
    return pd.DataFrame({"raw": xs.round(4), "calibrated": iso.predict(xs).round(4)})


def raw_scores(codings: pd.DataFrame, model: ConfidenceModel) -> np.ndarray:
    """The uncalibrated score of each coding under ``model``, from its evidence, as
    RuleCoder.code computes it: indicators the model switches off do not count, and a coding
    resting on those alone scores NaN (it would not have been made)."""
    out = []
    for row in codings.itertuples(index=False):
        by_span: dict = {}  # the best indicator per matched span
        for ev in json.loads(row.evidence):
            key = (ev.get("from", row.code_id), ev["kind"], ev["term"], ev.get("how", ""))
            if model.is_pruned(*key):
                continue
            span = (ev["start"], ev["end"])
            by_span[span] = max(by_span.get(span, 0.0), model.indicator(*key))
        out.append(model.raw(by_span.values()) if by_span else np.nan)
    return np.array(out)


def calibration_table(units: pd.DataFrame, codings: pd.DataFrame, *, bins=(0, .2, .4, .6, .7, .8, .9, 1.0001)):
    """Reliability table: codings grouped by stated confidence, with the share that is right."""
    placed = assign_codings(units, codings)
    gold = dict(zip(units["unit_id"], units["codes"]))
    placed["correct"] = [c in gold[u] for c, u in zip(placed["code_id"], placed["unit_id"])]
    placed["bin"] = pd.cut(placed["confidence"], bins=list(bins), right=False)
    return (placed.groupby("bin", observed=False)
            .agg(codings=("correct", "size"), mean_confidence=("confidence", "mean"), precision=("correct", "mean"))
            .reset_index())
