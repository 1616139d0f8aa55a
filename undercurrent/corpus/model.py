"""The Corpus: documents, segments and participants as tidy DataFrames."""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field

import pandas as pd

from ..errors import Problem
from ..store import CODE_COLUMNS, CODING_COLUMNS, DOCUMENT_COLUMNS, SEGMENT_COLUMNS

PARTICIPANT_TABLE_COLUMNS = ("case_id", "participant_id", "pseudonym", "role", "department", "birth_year",
                             "start_year", "attributes")
#: column names a participant attribute does not take as they are (it becomes ``attribute_<name>``):
#: the participants' own columns, and names that analyses merge participants with
RESERVED_COLUMNS = frozenset(PARTICIPANT_TABLE_COLUMNS + DOCUMENT_COLUMNS + SEGMENT_COLUMNS + CODING_COLUMNS
                             + CODE_COLUMNS + ("text", "doc_kind", "turn_id", "question", "date", "words",
                                               "doc_length", "tenure", "management", "lemmas", "context"))
#: columns parsed from each coding's ``evidence`` (JSON, kept as it is) by :class:`Corpus`
EVIDENCE_COLUMNS = ("evidence_kind", "evidence_terms", "evidence_words", "evidence_start", "evidence_end",
                    "evidence_negated", "evidence_cue")
#: one row per piece of evidence: :meth:`Corpus.evidence`
EVIDENCE_ITEM_COLUMNS = ("coding_id", "doc_id", "code_id", "coder", "kind", "term", "start", "end", "words",
                         "negated", "stance", "cue", "how", "from_code")
_WHOLE_NUMBER = re.compile(r"-?(?:0|[1-9]\d{0,17})")


def attribute_column(name: str) -> str:
    """The column of :attr:`Corpus.participants` that holds participant attribute ``name``."""
    return f"attribute_{name}" if name in RESERVED_COLUMNS else name


def _attribute_values(values: list):
    """One attribute's values as a column: whole numbers (every given value written as one) as
    nullable integers, anything else as the text given; a missing value is NA."""
    given = [v for v in values if v is not None and v != ""]
    if given and all(isinstance(v, str) and _WHOLE_NUMBER.fullmatch(v.strip()) for v in given):
        return pd.array([int(v) if v not in (None, "") else None for v in values], dtype="Int64")
    return pd.Series([v if v not in (None, "") else None for v in values], dtype=object).to_numpy()


def _evidence_items(raw) -> list[dict]:
    """A coding's evidence as a list of dicts ([] when there is none or it cannot be read)."""
    if not isinstance(raw, str) or not raw.strip():
        return []
    try:
        items = json.loads(raw)
    except ValueError:
        return []
    return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []


def _joined(values) -> str | None:
    seen = list(dict.fromkeys(str(v) for v in values if v not in (None, "")))
    return "; ".join(seen) if seen else None


def _evidence_columns(items: list[dict]) -> dict:
    if not items:
        return dict.fromkeys(EVIDENCE_COLUMNS)
    starts = [i["start"] for i in items if isinstance(i.get("start"), int)]
    ends = [i["end"] for i in items if isinstance(i.get("end"), int)]
    return dict(evidence_kind=_joined(i.get("kind") for i in items),
                evidence_terms=_joined(i.get("term") for i in items),
                evidence_words=_joined(i.get("text") for i in items),
                evidence_start=min(starts) if starts else None, evidence_end=max(ends) if ends else None,
                evidence_negated=any(bool(i.get("negated")) for i in items),
                evidence_cue=_joined(i.get("cue") for i in items))


@dataclass
class Corpus:
    """A loaded corpus. Every segment is ``documents.text[start:end]`` of its document.

    Attributes
    ----------
    documents : one row per source (doc_id, case_id, participant_id, kind, language, title,
        source_path, source_sha256, interview_date, format, convention, text, ...)
    segments : turns, paragraphs and sentences (seg_id, doc_id, idx, kind, parent_id, speaker,
        speaker_role, start, end, t_start_ms, t_end_ms, n_words)
    participants : (case_id, participant_id, pseudonym, role, department, birth_year,
        start_year, attributes, and one column per attribute): ``attributes`` holds the extra
        columns of participants.csv as a dict (as stored); each of them is also a column of its
        own (``generation``, ``team``, ...; ``attribute_<name>`` when the name is taken, see
        :func:`attribute_column`), whole numbers as integers, a missing value NA
    cases : one row per case (case_id, name, organisation, sector, language, period, description)
    problems : errors and warnings met while reading the sources
    codings : (coding_id, doc_id, start, end, code_id, coder, origin, confidence, evidence, memo,
        run_id, created_at, quote, stance, and the evidence parsed: evidence_kind, evidence_terms,
        evidence_words, evidence_start, evidence_end, evidence_negated, evidence_cue); origin is
        auto, manual or imported. ``evidence`` is the automatic coder's JSON, kept as stored; the
        parsed columns join several pieces of evidence with "; " (kind: phrases, patterns, stance,
        ...; terms: the indicators; words: what they matched in the text; start/end: the span
        they cover; negated: any of them read as negated; cue: the words that decided the
        stance). Human codings have none. :meth:`evidence` gives one row per piece of evidence.
    codes : the codes of the codebooks in use (code_id, codebook, parent_id, label_nl, label_en, ...)
    memos : (memo_id, target_type, target_id, author, text, created_at)
    """

    documents: pd.DataFrame
    segments: pd.DataFrame
    participants: pd.DataFrame
    cases: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    codings: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(CODING_COLUMNS)))
    codes: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(CODE_COLUMNS)))
    memos: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=["memo_id", "target_type", "target_id", "author", "text", "created_at"]))

    def __post_init__(self):
        self._texts = dict(zip(self.documents["doc_id"], self.documents["text"]))
        if "attributes" in self.participants and len(self.participants):
            self.participants["attributes"] = self.participants["attributes"].map(
                lambda a: json.loads(a) if isinstance(a, str) else (a or {}))
            self._attribute_columns()
        if "evidence" in self.codings and not set(EVIDENCE_COLUMNS) <= set(self.codings.columns):
            self._evidence_columns()

    def _attribute_columns(self) -> None:
        """Each participant attribute as a column of its own, from the ``attributes`` dicts."""
        names = list(dict.fromkeys(k for a in self.participants["attributes"] if isinstance(a, dict) for k in a))
        for name in names:
            values = [a.get(name) if isinstance(a, dict) else None for a in self.participants["attributes"]]
            self.participants[attribute_column(name)] = _attribute_values(values)

    def _evidence_columns(self) -> None:
        parsed = pd.DataFrame([_evidence_columns(_evidence_items(raw)) for raw in self.codings["evidence"]],
                              columns=list(EVIDENCE_COLUMNS), index=self.codings.index)
        for column in ("evidence_start", "evidence_end"):
            parsed[column] = parsed[column].astype("Int64")
        parsed["evidence_negated"] = parsed["evidence_negated"].astype("boolean")
        self.codings = pd.concat([self.codings.drop(columns=list(EVIDENCE_COLUMNS), errors="ignore"), parsed], axis=1)

    @property
    def attribute_names(self) -> list[str]:
        """The participant attributes of this corpus (the extra columns of participants.csv)."""
        if "attributes" not in self.participants:
            return []
        return list(dict.fromkeys(k for a in self.participants["attributes"] if isinstance(a, dict) for k in a))

    def evidence(self) -> pd.DataFrame:
        """One row per piece of evidence of the automatic codings: coding_id, doc_id, code_id,
        coder, kind, term (the indicator), start, end, words (what it matched in the text),
        negated, stance, cue (what decided the stance), how (how a negation or contrast was
        read), from_code (the code the indicator belongs to, when it led to another code)."""
        rows = []
        for row in self.codings[["coding_id", "doc_id", "code_id", "coder", "evidence"]].itertuples(index=False):
            for item in _evidence_items(row.evidence):
                rows.append(dict(coding_id=row.coding_id, doc_id=row.doc_id, code_id=row.code_id, coder=row.coder,
                                 kind=item.get("kind"), term=item.get("term"), start=item.get("start"),
                                 end=item.get("end"), words=item.get("text"), negated=item.get("negated"),
                                 stance=item.get("stance"), cue=item.get("cue"), how=item.get("how"),
                                 from_code=item.get("from")))
        out = pd.DataFrame(rows, columns=list(EVIDENCE_ITEM_COLUMNS))
        for column in ("start", "end"):
            out[column] = out[column].astype("Int64")
        return out

    def of_case(self, case_id: str) -> "Corpus":
        """The part of a multi-case corpus that is one case's: its documents, segments,
        participants, codings and memos (the codes stay)."""
        docs = self.documents[self.documents["case_id"] == case_id]
        ids = set(docs["doc_id"])
        return Corpus(docs.reset_index(drop=True), self.segments[self.segments["doc_id"].isin(ids)].reset_index(drop=True),
                      self.participants[self.participants["case_id"] == case_id].reset_index(drop=True),
                      self.cases[self.cases["case_id"] == case_id].reset_index(drop=True),
                      [p for p in self.problems], self.codings[self.codings["doc_id"].isin(ids)].reset_index(drop=True),
                      self.codes, self.memos)

    def text(self, doc_id: str) -> str:
        """The stored text of one document, exactly as decoded at import."""
        return self._texts[doc_id]

    def span(self, doc_id: str, start: int, end: int) -> str:
        return self._texts[doc_id][int(start):int(end)]

    def with_text(self, frame: pd.DataFrame) -> pd.DataFrame:
        """``frame`` (with doc_id, start, end) plus a ``text`` column cut from the documents."""
        out = frame.copy()
        out["text"] = [self.span(d, s, e) for d, s, e in zip(out["doc_id"], out["start"], out["end"])]
        return out

    def turns(self, role: str | None = None, *, text: bool = True) -> pd.DataFrame:
        """Speaker turns with document and participant columns; ``role`` filters speaker_role."""
        seg = self.segments[self.segments["kind"] == "turn"]
        if role is not None:
            seg = seg[seg["speaker_role"] == role]
        out = seg.merge(self.documents[["doc_id", "case_id", "participant_id", "kind", "interview_date"]]
                        .rename(columns={"kind": "doc_kind"}), on="doc_id", how="left")
        out = out.merge(self.participants[["case_id", "participant_id", "pseudonym", "role", "department"]],
                        on=["case_id", "participant_id"], how="left")
        out = out.reset_index(drop=True)
        if not text:
            return out
        out = self.with_text(out)
        # a subtitle turn spans several cues, with their timings and voice tags between them:
        # its text is its cues' texts (its paragraphs), so no timing is ever read as speech
        subtitles = set(self.documents.loc[self.documents["format"].isin(("vtt", "srt")), "doc_id"])
        merged = out["doc_id"].isin(subtitles)
        if merged.any():
            paragraphs = self.with_text(self.segments[(self.segments["kind"] == "paragraph")
                                                      & self.segments["doc_id"].isin(subtitles)])
            cues = paragraphs.sort_values("start").groupby("parent_id")["text"].agg("\n".join)
            out.loc[merged, "text"] = out.loc[merged, "seg_id"].map(cues).fillna(out.loc[merged, "text"])
        return out

    def __len__(self) -> int:
        return len(self.documents)

    def summary(self) -> pd.DataFrame:
        """Documents, turns and words per case."""
        turns = self.segments[self.segments["kind"] == "turn"].merge(
            self.documents[["doc_id", "case_id"]], on="doc_id")
        by_case = turns.groupby("case_id").agg(turns=("seg_id", "size"), words=("n_words", "sum"))
        docs = self.documents.groupby("case_id").size().rename("documents")
        people = self.participants.groupby("case_id").size().rename("participants")
        return pd.concat([docs, people, by_case], axis=1).fillna(0).astype(int).reset_index()

    def __repr__(self) -> str:
        s = self.summary()
        return (f"<Corpus: {len(self.cases)} case(s), {len(self.documents)} documents, "
                f"{int(s['turns'].sum()) if len(s) else 0} turns, {int(s['words'].sum()) if len(s) else 0} words"
                f"{f', {len(self.problems)} problem(s)' if self.problems else ''}>")

    def _repr_html_(self) -> str:
        head = html.escape(repr(self))
        table = self.summary().to_html(index=False)
        probs = "".join(f"<li>{html.escape(str(p))}</li>" for p in self.problems[:20])
        return f"<p><b>{head}</b></p>{table}" + (f"<ul>{probs}</ul>" if probs else "")
