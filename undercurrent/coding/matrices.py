"""Code matrices and quote retrieval: tidy DataFrames that compose by merge and groupby."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd

from ..corpus.model import Corpus

GROUPINGS = ("participant", "pseudonym", "role", "department", "case", "document", "kind")
QUOTE_COLUMNS = ["code_id", "label_nl", "label_en", "pseudonym", "role", "doc_id", "title", "start", "end",
                 "t_start_ms", "coder", "origin", "confidence", "stance", "text"]


def reportable(codings: pd.DataFrame, min_confidence: float) -> pd.DataFrame:
    """The codings a report may rest on: every human coding, and automatic ones whose
    calibrated confidence reaches ``min_confidence`` and whose stance is lived: a claim that
    mistakes are welcome, quoted from someone else or espoused, is not evidence that they are
    (those codings stay in the store, for the say-do analysis and for notebooks)."""
    human = codings["origin"] != "auto"
    stance = codings["stance"] if "stance" in codings else pd.Series(None, index=codings.index)
    lived = stance.isna() | (stance == "lived")  # learned codings carry no stance
    return codings[human | ((codings["confidence"].fillna(0) >= min_confidence) & lived)]


def codings_with_context(corpus: Corpus, *, coders=None, codebook: str | None = None) -> pd.DataFrame:
    """Codings joined with document, participant and code labels (one row per coding)."""
    c = corpus.codings
    if coders is not None:
        c = c[c["coder"].isin([coders] if isinstance(coders, str) else coders)]
    if codebook is not None:
        c = c[c["code_id"].str.startswith(codebook + "/")]
    docs = corpus.documents[["doc_id", "case_id", "participant_id", "kind", "title", "text"]]
    out = c.merge(docs, on="doc_id", how="left")
    out = out.merge(corpus.participants[["case_id", "participant_id", "pseudonym", "role", "department"]],
                    on=["case_id", "participant_id"], how="left")
    out = out.merge(corpus.codes[["code_id", "codebook", "label_nl", "label_en", "parent_id", "direction", "maps_to"]],
                    on="code_id", how="left")
    out["doc_length"] = out.pop("text").str.len()
    return out


def codings_by(corpus: Corpus, unit: str = "turn", *, coders=None, codebook: str | None = None) -> pd.DataFrame:
    """Codings (made per sentence) rolled up to turns or participants: one row per turn (or
    participant) and code, with how many coded passages it rests on, the highest confidence,
    the stances and the coders. Turns: a coding counts for every turn it overlaps.

    >>> codings_by(corpus, "participant", codebook="onderstroom")   # doctest: +SKIP
    """
    data = codings_with_context(corpus, coders=coders, codebook=codebook)
    stance = data["stance"] if "stance" in data else pd.Series(None, index=data.index)
    data = data.assign(stance=stance.fillna("(none)"))
    agg = dict(passages=("coding_id", "count"), confidence=("confidence", "max"),
               stances=("stance", lambda s: ", ".join(sorted(set(s)))),
               coders=("coder", lambda s: ", ".join(sorted(set(s)))))
    if unit == "participant":
        keys = ["case_id", "participant_id", "pseudonym", "role", "code_id"]
        return data.groupby(keys, dropna=False).agg(documents=("doc_id", "nunique"), **agg).reset_index()
    if unit != "turn":
        raise ValueError("unit must be 'turn' or 'participant'")
    turns = corpus.segments[corpus.segments["kind"] == "turn"][["seg_id", "doc_id", "start", "end", "speaker"]]
    merged = turns.merge(data, on="doc_id", suffixes=("", "_coding"))
    merged = merged[(merged["start_coding"] < merged["end"]) & (merged["end_coding"] > merged["start"])]
    keys = ["seg_id", "doc_id", "start", "end", "pseudonym", "role", "code_id"]
    return merged.groupby(keys, dropna=False).agg(**agg).reset_index().rename(columns={"seg_id": "turn_id"})


#: participants' columns that are no grouping of their own
_NOT_GROUPS = ("case_id", "participant_id", "attributes")
NO_GROUP = "(geen)"


def _group_column(by: str, corpus: Corpus | None = None) -> str:
    if by in GROUPINGS:
        return {"participant": "participant_id", "case": "case_id", "document": "doc_id"}.get(by, by)
    people = [] if corpus is None else [c for c in corpus.participants.columns if c not in _NOT_GROUPS]
    if corpus is not None:
        from ..corpus.model import attribute_column

        for name in (by, attribute_column(by)):
            if name in people:
                return name
    extra = [c for c in people if c not in GROUPINGS]
    raise ValueError(f"by must be one of {', '.join(GROUPINGS)}"
                     + (f", or a participant column: {', '.join(extra)}" if extra else "") + f"; not {by!r}")


def _group_order(values: pd.Series) -> list:
    """The groups of a participant column in their natural order (numbers as numbers), "(geen)" last."""
    found = values.dropna().unique().tolist()
    try:
        found = sorted(found)
    except TypeError:
        found = sorted(found, key=str)
    return found + ([NO_GROUP] if values.isna().any() else [])


def code_matrix(corpus: Corpus, by: str = "role", *, value: str = "codings", codebook: str | None = None,
                coders=None, label: str | None = None) -> pd.DataFrame:
    """Codes × groups: a framework matrix.

    ``by``: participant, pseudonym, role, department, case, document, kind, or any column of
    ``corpus.participants`` (birth_year, start_year, and each participant attribute from the extra
    columns of participants.csv, e.g. ``by="generation"``). Codings of a document without a
    participant (or a participant without that attribute) count under "(geen)".
    value: "codings" (how many codings), "participants" (how many different people), or
    "presence" (0/1). ``label="nl"``/``"en"`` puts code labels in the index instead of ids.
    """
    data = codings_with_context(corpus, coders=coders, codebook=codebook)
    col = _group_column(by, corpus)
    order = None
    if by not in GROUPINGS:  # a participant column: joined here, under its own name
        people = corpus.participants[["case_id", "participant_id", col]].rename(columns={col: "__group"})
        data = data.merge(people, on=["case_id", "participant_id"], how="left")
        order = _group_order(data["__group"])
        col = "__group"
        data[col] = data[col].astype(object).where(data[col].notna(), NO_GROUP)
    else:
        data[col] = data[col].fillna(NO_GROUP)
    if value == "codings":
        table = data.pivot_table(index="code_id", columns=col, values="coding_id", aggfunc="count", fill_value=0)
    elif value in ("participants", "presence"):
        table = data.pivot_table(index="code_id", columns=col, values="participant_id", aggfunc="nunique", fill_value=0)
        if value == "presence":
            table = (table > 0).astype(int)
    else:
        raise ValueError("value must be codings, participants or presence")
    table = table.reindex(_code_order(corpus, table.index))
    if order is not None:
        table = table.reindex(columns=[g for g in order if g in table.columns])
    if label:
        labels = corpus.codes.set_index("code_id")[f"label_{label}"]
        table.index = [labels.get(i, i) or i for i in table.index]
    table.columns.name = by
    return table


def _code_order(corpus: Corpus, ids) -> list[str]:
    order = {c: k for k, c in enumerate(corpus.codes["code_id"])}
    return sorted(ids, key=lambda c: (order.get(c, len(order)), c))


def cooccurrence(corpus: Corpus, *, window: int = 0, codebook: str | None = None, coders=None) -> pd.DataFrame:
    """Code × code: how often two codes overlap (window=0) or lie within ``window`` characters
    of each other in the same document. The diagonal counts codings."""
    data = codings_with_context(corpus, coders=coders, codebook=codebook)[["doc_id", "start", "end", "code_id"]]
    ids = _code_order(corpus, data["code_id"].unique())
    index = {c: k for k, c in enumerate(ids)}
    counts = np.zeros((len(ids), len(ids)), dtype=int)
    for _, doc in data.groupby("doc_id"):
        rows = doc.sort_values("start")[["start", "end", "code_id"]].to_numpy()
        for i, (start_i, end_i, code_i) in enumerate(rows):
            a = index[code_i]
            counts[a, a] += 1
            for start_j, _, code_j in rows[i + 1:]:
                if start_j >= end_i + window:
                    break  # sorted by start: no later coding is closer
                b = index[code_j]
                if a != b:
                    counts[a, b] += 1
                    counts[b, a] += 1
    return pd.DataFrame(counts, index=ids, columns=ids)


def codes_over_interview(corpus: Corpus, *, bins: int = 5, codebook: str | None = None, coders=None) -> pd.DataFrame:
    """Codes × position in the interview (first fifth … last fifth of the document)."""
    data = codings_with_context(corpus, coders=coders, codebook=codebook)
    data = data[data["kind"].isin(["interview", "life_history"])]
    position = np.minimum((data["start"] / data["doc_length"] * bins).astype(int), bins - 1)
    labels = [f"{k * 100 // bins}-{(k + 1) * 100 // bins}%" for k in range(bins)]
    data = data.assign(position=pd.Categorical([labels[p] for p in position], categories=labels))
    table = data.pivot_table(index="code_id", columns="position", values="coding_id", aggfunc="count",
                             fill_value=0, observed=False)
    return table.reindex(_code_order(corpus, table.index))


def quotes(corpus: Corpus, code_id: str | None = None, *, coders=None, codebook: str | None = None,
           context: str = "sentence", max_chars: int = 400) -> pd.DataFrame:
    """Quotes per code with pseudonym, role, document, offsets and timestamp.

    context="sentence" cuts the sentence(s) holding the evidence of an automatic coding (or the
    whole coded span for human codings); "coding" gives the coded span itself.
    """
    data = codings_with_context(corpus, coders=coders, codebook=codebook)
    if code_id is not None:
        data = data[data["code_id"] == code_id]
    # per document, sentences and turns sorted by start: each coding finds its own by binary
    # search instead of filtering the whole tables (which made this codings x segments)
    sentences, turns = _by_document(corpus.segments, "sentence"), _by_document(corpus.segments, "turn")
    rows = []
    for row in data.itertuples(index=False):
        start, end = int(row.start), int(row.end)
        if context == "sentence" and isinstance(row.evidence, str) and row.evidence:
            ev = json.loads(row.evidence)
            s0, e0 = min(e["start"] for e in ev), max(e["end"] for e in ev)
            starts, ends, _ = sentences.get(row.doc_id, _EMPTY)
            first, last = int(np.searchsorted(ends, s0, side="right")), int(np.searchsorted(starts, e0)) - 1
            if first <= last:  # the sentences that overlap the evidence
                start, end = int(starts[first]), int(ends[last])
        text = corpus.span(row.doc_id, start, end)
        starts, ends, t_start = turns.get(row.doc_id, _EMPTY)
        k = int(np.searchsorted(starts, start, side="right")) - 1
        t_ms = t_start[k] if k >= 0 and ends[k] >= start else None
        rows.append(dict(code_id=row.code_id, label_nl=row.label_nl, label_en=row.label_en, pseudonym=row.pseudonym,
                         role=row.role, doc_id=row.doc_id, title=row.title, start=start, end=end,
                         t_start_ms=t_ms if t_ms is None or pd.notna(t_ms) else None, coder=row.coder,
                         origin=row.origin, confidence=row.confidence, stance=getattr(row, "stance", None),
                         text=text if len(text) <= max_chars else text[:max_chars].rsplit(" ", 1)[0] + " …"))
    return pd.DataFrame(rows, columns=QUOTE_COLUMNS)


_EMPTY = (np.array([], dtype=int), np.array([], dtype=int), np.array([], dtype=object))


#: the last segment tables indexed by _by_document: a report asks once per codebook of the same table
_INDEXED: dict[tuple[int, str], tuple] = {}


def _by_document(segments: pd.DataFrame, kind: str) -> dict:
    """{doc_id: (starts, ends, t_start_ms)} of one kind of segment, each sorted by start."""
    import weakref

    known = _INDEXED.get((id(segments), kind))
    if known is not None and known[0]() is segments:
        return known[1]
    part = segments[segments["kind"] == kind].sort_values(["doc_id", "start"])
    index = {d: (g["start"].to_numpy(), g["end"].to_numpy(), g["t_start_ms"].to_numpy(dtype=object))
             for d, g in part.groupby("doc_id", sort=False)}
    if len(_INDEXED) >= 4:
        _INDEXED.clear()
    _INDEXED[(id(segments), kind)] = (weakref.ref(segments), index)
    return index


def coding_overview(corpus: Corpus, codebook: str, *, top: int = 8, quotes_per_code: int = 2,
                    lang: str = "nl", min_chars: int = 25, max_chars: int = 420,
                    min_confidence: float | None = None) -> dict:
    """What a case report shows for one codebook: the most frequent codes, their most
    representative respondent quotes (distinct speakers, human codings first, then confident
    ones, not too long, each quote used once), and the code × role matrix.

    Only :func:`reportable` codings count: human ones, and automatic ones with a calibrated
    confidence of at least ``min_confidence`` (default: REPORT_MIN_CONFIDENCE)."""
    import dataclasses

    from .confidence import REPORT_MIN_CONFIDENCE

    threshold = REPORT_MIN_CONFIDENCE if min_confidence is None else min_confidence
    corpus = dataclasses.replace(corpus, codings=reportable(corpus.codings, threshold))
    data = codings_with_context(corpus, codebook=codebook)
    data = data[data["kind"].isin(["interview", "life_history"])]
    if data.empty:
        return {"top": pd.DataFrame(), "quotes": pd.DataFrame(), "by_role": pd.DataFrame(), "by_role_human": pd.DataFrame(),
                "min_confidence": threshold}
    label = f"label_{lang}"
    top_codes = (data.groupby("code_id").agg(codings=("coding_id", "count"), participants=("participant_id", "nunique"),
                                             documents=("doc_id", "nunique"))
                 .sort_values(["participants", "codings"], ascending=False).head(top).reset_index())
    labels = corpus.codes.set_index("code_id")
    top_codes.insert(1, "label", [labels[label].get(c) or labels["label_nl"].get(c) or c for c in top_codes["code_id"]])
    top_codes["direction"] = [labels["direction"].get(c) for c in top_codes["code_id"]]
    chosen, used = [], set()
    every = quotes(dataclasses.replace(corpus, codings=corpus.codings[corpus.codings["code_id"].isin(top_codes["code_id"])]),
                   codebook=codebook, max_chars=max_chars)
    for code_id in top_codes["code_id"]:
        q = every[every["code_id"] == code_id]
        q = q[q["role"].notna()].assign(length=lambda d: d["text"].str.len(), human=lambda d: d["origin"] != "auto")
        q = q[(q["length"] >= min_chars) & (q["length"] <= max_chars)].sort_values(
            ["human", "confidence", "length"], ascending=[False, False, True])
        picked, speakers = [], set()
        for row in q.itertuples(index=False):
            if row.pseudonym not in speakers and (row.doc_id, row.start) not in used:
                picked.append(row._asdict())
                speakers.add(row.pseudonym)
                used.add((row.doc_id, row.start))
            if len(picked) == quotes_per_code:
                break
        chosen += picked
    # codings per participant of each role (a role of five people says more than a role of one),
    # the rules' and the researchers' apart
    size = corpus.participants.groupby("role")["participant_id"].nunique()
    matrices = {}
    for name, keep in (("by_role", corpus.codings["origin"] == "auto"), ("by_role_human", corpus.codings["origin"] != "auto")):
        part = dataclasses.replace(corpus, codings=corpus.codings[keep])
        if part.codings.empty or not part.codings["code_id"].str.startswith(f"{codebook}/").any():
            matrices[name] = pd.DataFrame()
            continue
        matrix = code_matrix(part, by="role", value="codings", codebook=codebook)
        matrix = matrix.loc[[c for c in matrix.index if c in set(top_codes["code_id"])] or matrix.index[:top]]
        matrix = (matrix / size.reindex(matrix.columns).fillna(1).clip(lower=1).to_numpy()).round(1)
        matrix.index = [labels[label].get(c) or c for c in matrix.index]
        matrices[name] = matrix
    return {"top": top_codes, "quotes": pd.DataFrame(chosen, columns=QUOTE_COLUMNS + ["length"]), **matrices,
            "min_confidence": threshold}
