"""The Corpus: documents, segments and participants as tidy DataFrames."""
from __future__ import annotations

import html
import json
from dataclasses import dataclass, field

import pandas as pd

from ..errors import Problem
from ..store import CODE_COLUMNS, CODING_COLUMNS


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
        start_year, attributes)
    cases : one row per case (case_id, name, organisation, sector, language, period, description)
    problems : errors and warnings met while reading the sources
    codings : (coding_id, doc_id, start, end, code_id, coder, origin, confidence, evidence, memo,
        run_id, created_at, quote); origin is auto, manual or imported
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
