"""Agreement between coders: percent agreement, Cohen's κ, Krippendorff's α, Gwet's AC1.

Reliability data is a coders × units matrix (NaN = not coded by that coder), as in
Krippendorff's papers. Cohen's κ comes from scikit-learn and α from the `krippendorff`
package (always with level_of_measurement given: its default is interval). Gwet's AC1 is
written here: the one Python implementation (irrCAC) is GPL.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..corpus.model import Corpus


def _as_matrix(data) -> np.ndarray:
    return np.asarray(pd.DataFrame(data).astype(float).values, dtype=float)


def percent_agreement(data) -> float:
    """Share of agreeing coder pairs per unit, averaged over units with ≥ 2 codes
    (for two coders: the share of units on which they agree)."""
    m = _as_matrix(data)
    total, weight = 0.0, 0
    for col in m.T:
        values = col[~np.isnan(col)]
        r = len(values)
        if r < 2:
            continue
        _, counts = np.unique(values, return_counts=True)
        total += (counts * (counts - 1)).sum() / (r * (r - 1))
        weight += 1
    return total / weight if weight else float("nan")


def cohen_kappa(a, b, weights: str | None = None) -> float:
    """Cohen's κ of two coders' labels (units coded by both)."""
    from sklearn.metrics import cohen_kappa_score

    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    keep = ~(np.isnan(a) | np.isnan(b))
    if len(np.unique(np.concatenate([a[keep], b[keep]]))) < 2:
        return float("nan")  # both coders used one and the same value: κ is undefined
    return float(cohen_kappa_score(a[keep], b[keep], weights=weights))


def cohen_kappa_from_table(table, weights: str | None = None) -> float:
    """Cohen's κ from a square contingency table (rows: coder A's category, columns: B's)."""
    table = np.asarray(table, dtype=int)
    a, b = [], []
    for i, row in enumerate(table):
        for j, count in enumerate(row):
            a += [i] * count
            b += [j] * count
    return cohen_kappa(a, b, weights=weights)


def krippendorff_alpha(data, level: str = "nominal") -> float:
    """Krippendorff's α (any number of coders, missing values allowed)."""
    import krippendorff

    m = _as_matrix(data)
    if len(np.unique(m[~np.isnan(m)])) < 2:
        return float("nan")
    return float(krippendorff.alpha(reliability_data=m, level_of_measurement=level))


def gwet_ac1(data) -> float:
    """Gwet's AC1 for nominal data, any number of coders, missing values allowed (Gwet 2014)."""
    m = _as_matrix(data)
    categories = np.unique(m[~np.isnan(m)])
    q = len(categories)
    if q < 2:
        return float("nan")
    counts = np.stack([(m == c).sum(axis=0) for c in categories], axis=1)  # units × categories
    r = counts.sum(axis=1)
    pairable = r >= 2
    pa = ((counts[pairable] * (counts[pairable] - 1)).sum(axis=1) / (r[pairable] * (r[pairable] - 1))).mean()
    coded = r >= 1
    pi = (counts[coded] / r[coded, None]).mean(axis=0)
    pe = (pi * (1 - pi)).sum() / (q - 1)
    return float((pa - pe) / (1 - pe))


def binary_2x2(both: int, a_only: int, b_only: int, neither: int) -> dict:
    """All statistics of two coders' yes/no decisions given as counts (NVivo's character case).

    Krippendorff's α in closed form: with n = 2N pairable values, the coincidences are
    o11 = 2·both, o00 = 2·neither, o01 = o10 = a_only + b_only, and
    α = 1 − (n − 1)(o01 + o10) / (2 · n0 · n1)."""
    n_units = both + a_only + b_only + neither
    if n_units == 0:
        return dict(units=0, percent_agreement=np.nan, cohen_kappa=np.nan, krippendorff_alpha=np.nan, gwet_ac1=np.nan)
    po = (both + neither) / n_units
    pa_yes, pb_yes = (both + a_only) / n_units, (both + b_only) / n_units
    pe = pa_yes * pb_yes + (1 - pa_yes) * (1 - pb_yes)
    kappa = (po - pe) / (1 - pe) if pe < 1 else np.nan
    n = 2 * n_units
    n1, n0 = 2 * both + a_only + b_only, 2 * neither + a_only + b_only
    alpha = 1 - (n - 1) * 2 * (a_only + b_only) / (2 * n0 * n1) if n0 and n1 else np.nan
    pi = (pa_yes + pb_yes) / 2
    pe_ac1 = 2 * pi * (1 - pi)
    ac1 = (po - pe_ac1) / (1 - pe_ac1) if pe_ac1 < 1 else np.nan
    return dict(units=n_units, percent_agreement=po, cohen_kappa=kappa, krippendorff_alpha=alpha, gwet_ac1=ac1)


# --- on codings ------------------------------------------------------------------------------

def _units(corpus: Corpus, unit: str, roles, documents) -> pd.DataFrame:
    seg = corpus.segments
    units = seg[(seg["kind"] == unit) & seg["doc_id"].isin(documents)]
    if roles is not None:
        units = units[units["speaker_role"].isin(roles)]
    return units[["seg_id", "doc_id", "start", "end"]].reset_index(drop=True)


def _presence(units: pd.DataFrame, codings: pd.DataFrame) -> pd.DataFrame:
    """(seg_id, code_id) pairs where a coding overlaps the unit by at least one character."""
    merged = units.merge(codings[["doc_id", "start", "end", "code_id"]], on="doc_id", suffixes=("", "_c"))
    hit = merged[(merged["start_c"] < merged["end"]) & (merged["end_c"] > merged["start"])]
    return hit[["seg_id", "code_id"]].drop_duplicates()


def _shared_documents(codings: pd.DataFrame, coders: list[str]) -> list[str]:
    docs = None
    for coder in coders:
        mine = set(codings.loc[codings["coder"] == coder, "doc_id"])
        docs = mine if docs is None else docs & mine
    return sorted(docs or [])


def agreement(corpus: Corpus, coders: list[str], *, level: str = "segment", unit: str = "turn",
              roles=("respondent",), codes=None, documents=None) -> pd.DataFrame:
    """Agreement per code and overall between two or more coders.

    level="segment": each unit (turn or sentence) is coded yes/no per code by each coder (a
    coding that overlaps the unit counts). level="character": NVivo's measure, each character
    of the documents is a unit (two coders only). Only documents that every coder coded are
    compared unless ``documents`` is given. The row ``code_id == "(all codes)"`` pools all
    unit × code decisions.

    Returns one row per code: code_id; unit (turn, sentence or character); units_compared (how
    many units both coders decided on); coded_by_<coder> (how many of them each coder gave the
    code); percent_agreement (the share of units on which the coders agree, 0-1); cohen_kappa
    (two coders only); krippendorff_alpha (nominal); gwet_ac1.
    """
    coders = list(coders)
    if len(coders) < 2:
        raise ValueError("agreement needs at least two coders")
    codings = corpus.codings[corpus.codings["coder"].isin(coders)]
    missing = [c for c in coders if c not in set(codings["coder"])]
    if missing:
        raise ValueError(f"no codings by {', '.join(missing)}; coders present: "
                         f"{', '.join(sorted(set(corpus.codings['coder'])))}")
    documents = documents if documents is not None else _shared_documents(codings, coders)
    codings = codings[codings["doc_id"].isin(documents)]
    code_ids = sorted(set(codings["code_id"])) if codes is None else list(codes)
    if level == "character":
        return _character_agreement(corpus, codings, coders, code_ids, documents)[list(_columns(coders))]
    if level != "segment":
        raise ValueError("level must be 'segment' or 'character'")
    units = _units(corpus, unit, roles, documents)
    present = {c: _presence(units, codings[codings["coder"] == c]) for c in coders}
    rows, pooled = [], []
    for code_id in code_ids:
        matrix = np.zeros((len(coders), len(units)))
        index = pd.Series(range(len(units)), index=units["seg_id"])
        for k, c in enumerate(coders):
            hits = present[c].loc[present[c]["code_id"] == code_id, "seg_id"]
            matrix[k, index[hits].values] = 1
        pooled.append(matrix)
        rows.append(_row(code_id, matrix, coders, unit))
    if pooled:
        rows.append(_row("(all codes)", np.concatenate(pooled, axis=1), coders, unit))
    return pd.DataFrame(rows, columns=list(_columns(coders)))


def coded_by(coder: str) -> str:
    """The column of :func:`agreement` that counts the units ``coder`` gave a code."""
    return f"coded_by_{coder}"


def _columns(coders: list[str]) -> tuple[str, ...]:
    return ("code_id", "unit", "units_compared", *map(coded_by, coders), "percent_agreement", "cohen_kappa",
            "krippendorff_alpha", "gwet_ac1")


def _row(code_id: str, matrix: np.ndarray, coders: list[str], unit: str) -> dict:
    row = dict(code_id=code_id, unit=unit, units_compared=matrix.shape[1],
               **{coded_by(c): int(matrix[k].sum()) for k, c in enumerate(coders)},
               percent_agreement=percent_agreement(matrix),
               cohen_kappa=cohen_kappa(matrix[0], matrix[1]) if len(coders) == 2 else np.nan,
               krippendorff_alpha=krippendorff_alpha(matrix, "nominal"), gwet_ac1=gwet_ac1(matrix))
    return row


def _intervals(frame: pd.DataFrame) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for s, e in sorted(zip(frame["start"], frame["end"])):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [tuple(m) for m in merged]


def _overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    i = j = total = 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        total += max(0, hi - lo)
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return total


def _character_agreement(corpus, codings, coders, code_ids, documents) -> pd.DataFrame:
    if len(coders) != 2:
        raise ValueError("character-level agreement compares exactly two coders (as NVivo does)")
    lengths = corpus.documents.set_index("doc_id")["text"].str.len()
    rows, totals = [], np.zeros(4, dtype=np.int64)
    for code_id in code_ids:
        counts = np.zeros(4, dtype=np.int64)
        for doc_id in documents:
            mine = codings[(codings["doc_id"] == doc_id) & (codings["code_id"] == code_id)]
            a = _intervals(mine[mine["coder"] == coders[0]])
            b = _intervals(mine[mine["coder"] == coders[1]])
            len_a, len_b = sum(e - s for s, e in a), sum(e - s for s, e in b)
            both = _overlap(a, b)
            counts += [both, len_a - both, len_b - both, int(lengths[doc_id]) - len_a - len_b + both]
        totals += counts
        rows.append(dict(code_id=code_id, **_char_row(counts, coders)))
    rows.append(dict(code_id="(all codes)", **_char_row(totals, coders)))
    return pd.DataFrame(rows)


def _char_row(counts, coders) -> dict:
    both, a_only, b_only, neither = (int(x) for x in counts)
    stats = binary_2x2(both, a_only, b_only, neither)
    return dict(unit="character", units_compared=stats.pop("units"),
                **{coded_by(coders[0]): both + a_only, coded_by(coders[1]): both + b_only}, **stats)


def disagreements(corpus: Corpus, coder_a: str, coder_b: str, *, unit: str = "turn", roles=("respondent",),
                  codes=None, documents=None) -> pd.DataFrame:
    """Units where two coders differ, side by side with the text: which codes only A gave,
    which only B gave, and which both gave."""
    codings = corpus.codings[corpus.codings["coder"].isin([coder_a, coder_b])]
    if codes is not None:
        codings = codings[codings["code_id"].isin(codes)]
    documents = documents if documents is not None else _shared_documents(codings, [coder_a, coder_b])
    units = _units(corpus, unit, roles, documents)
    pa = _presence(units, codings[codings["coder"] == coder_a]).groupby("seg_id")["code_id"].apply(set)
    pb = _presence(units, codings[codings["coder"] == coder_b]).groupby("seg_id")["code_id"].apply(set)
    rows = []
    for u in units.itertuples(index=False):
        a, b = pa.get(u.seg_id, set()), pb.get(u.seg_id, set())
        if a != b:
            rows.append(dict(seg_id=u.seg_id, doc_id=u.doc_id, start=u.start, end=u.end,
                             **{f"only_{coder_a}": ", ".join(sorted(a - b)), f"only_{coder_b}": ", ".join(sorted(b - a)),
                                "both": ", ".join(sorted(a & b))},
                             text=corpus.span(u.doc_id, u.start, u.end)))
    return pd.DataFrame(rows)
