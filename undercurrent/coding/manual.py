"""Human codings: CSV import/export, Word comments, and finding quotes in the text.

A quote that is not found, or found more than once, is reported, never guessed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from ..corpus.decoding import csv_records
from ..errors import InputError, Problem
from ..store import CODING_COLUMNS, STANCES
from .autocode import coding_id

CSV_COLUMNS = ("document", "start", "end", "quote", "code", "coder", "memo", "stance")


class QuoteNotFound(Exception):
    pass


def locate_quote(text: str, quote: str, near: int | None = None) -> tuple[int, int]:
    """Offsets of ``quote`` in ``text``: exact first, then ignoring differences in whitespace
    (line breaks, double spaces). Several places: the one starting at ``near`` if given,
    otherwise :class:`QuoteNotFound` saying how many."""
    quote = quote.strip()
    if not quote:
        raise QuoteNotFound("the quote is empty")
    spans = [(m.start(), m.end()) for m in re.finditer(re.escape(quote), text)]
    if not spans:
        loose = r"\s+".join(re.escape(w) for w in quote.split())
        spans = [(m.start(), m.end()) for m in re.finditer(loose, text)]
    if not spans:
        raise QuoteNotFound("the quote is not in the document")
    if len(spans) > 1:
        if near is not None:
            for span in spans:
                if span[0] == near:
                    return span
        raise QuoteNotFound(f"the quote occurs {len(spans)} times; give start/end or a longer quote")
    return spans[0]


@dataclass
class CodingImport:
    codings: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)


class CodeResolver:
    """Finds a code by full id ("onderstroom/waarden"), local id ("waarden") or label."""

    def __init__(self, codes: pd.DataFrame):
        self.by_key: dict[str, set[str]] = {}
        for row in codes.itertuples(index=False):
            for key in (row.code_id, row.code_id.split("/", 1)[-1], row.label_nl, row.label_en):
                if isinstance(key, str) and key.strip():
                    self.by_key.setdefault(key.strip().casefold(), set()).add(row.code_id)

    def resolve(self, name: str) -> str:
        hits = self.by_key.get(name.strip().casefold(), set())
        if len(hits) == 1:
            return next(iter(hits))
        if not hits:
            raise KeyError(f"unknown code {name!r}")
        raise KeyError(f"code {name!r} is ambiguous: {', '.join(sorted(hits))}; use the full id")


def _document_lookup(documents: pd.DataFrame) -> dict[str, str]:
    keys: dict[str, str] = {}
    for row in documents.itertuples(index=False):
        for key in (row.doc_id, row.title, Path(row.source_path).name):
            keys.setdefault(str(key).casefold(), row.doc_id)
    return keys


def read_codings_csv(path: str | Path, documents: pd.DataFrame, codes: pd.DataFrame,
                     default_coder: str | None = None) -> CodingImport:
    """Read manual codings from CSV (columns: document, start, end, quote, code, coder, memo,
    and optionally stance: lived, espoused or reported).

    ``document`` may be a doc_id, a title or a file name; give start/end, a quote, or both
    (then they must agree). Every problem names the CSV file and line; good rows are kept.
    A row with a quote but an empty code (a suggestion nobody coded yet) is skipped and
    counted in one note.
    """
    path = Path(path)
    reader = csv_records(path)
    fields = reader.fieldnames
    missing = {"document", "code"} - set(fields)
    if missing or not ({"quote"} <= set(fields) or {"start", "end"} <= set(fields)):
        raise InputError(path, "needs the columns document, code and either quote or start and end", line=1,
                         fix="first line: document,start,end,quote,code,coder,memo")
    docs = _document_lookup(documents)
    texts = dict(zip(documents["doc_id"], documents["text"]))
    resolver = CodeResolver(codes)
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    rows, problems, uncoded = [], [], 0
    for record in reader:
        line = reader.line_num
        record = {k: (v or "").strip() for k, v in record.items() if k}
        if not any(record.values()):
            continue
        if not record.get("code"):
            uncoded += 1
            continue
        try:
            doc_id = docs.get(record.get("document", "").casefold())
            if doc_id is None:
                raise ValueError(f"document {record.get('document')!r} is not in the corpus")
            code_id = resolver.resolve(record.get("code", ""))
            coder = record.get("coder") or default_coder
            if not coder:
                raise ValueError("no coder given", )
            doc_text = texts[doc_id]
            quote = record.get("quote", "")
            start = int(record["start"]) if record.get("start") else None
            end = int(record["end"]) if record.get("end") else None
            if quote:
                if start is not None and end is not None and doc_text[start:end] == quote:
                    pass
                else:
                    start, end = locate_quote(doc_text, quote, near=start)
            elif start is None or end is None:
                raise ValueError("give start and end, or a quote")
            if not 0 <= start < end <= len(doc_text):
                raise ValueError(f"offsets {start}-{end} are outside the document (length {len(doc_text)})")
            stance = record.get("stance", "").lower() or None
            if stance is not None and stance not in STANCES:
                raise ValueError(f"stance {stance!r} is not one of {', '.join(STANCES)}")
        except (ValueError, KeyError, QuoteNotFound) as exc:
            msg = exc.args[0] if exc.args else str(exc)
            problems.append(Problem("error", str(path), str(msg), line))
            continue
        rows.append(dict(coding_id=coding_id(coder, doc_id, start, end, code_id), doc_id=doc_id, start=start, end=end,
                         code_id=code_id, coder=coder, origin="manual", confidence=None, evidence=None,
                         memo=record.get("memo") or None, run_id=None, created_at=now, quote=doc_text[start:end],
                         stance=stance))
    if uncoded:
        problems.append(Problem("warning", str(path), f"{uncoded} row(s) have no code and were skipped "
                                "(fill in the code column to import them)"))
    return CodingImport(pd.DataFrame(rows, columns=list(CODING_COLUMNS)), problems)


def write_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write a codings table as CSV for spreadsheets: every cell data, never a formula."""
    frame = frame.copy()
    for col in frame.columns:
        if frame[col].dtype == object:
            frame[col] = frame[col].map(lambda v: "'" + v if isinstance(v, str) and v[:1] in ("=", "+", "-", "@") else v)
    path = Path(path)
    frame.to_csv(path, index=False, encoding="utf-8")
    return path


def codings_to_csv(codings: pd.DataFrame, documents: pd.DataFrame, path: str | Path) -> Path:
    """Write codings in the import format (plus code labels), so a round trip is lossless."""
    texts = dict(zip(documents["doc_id"], documents["text"]))
    out = pd.DataFrame({
        "document": codings["doc_id"], "start": codings["start"], "end": codings["end"],
        "quote": [texts[d][s:e] for d, s, e in zip(codings["doc_id"], codings["start"], codings["end"])],
        "code": codings["code_id"], "coder": codings["coder"], "memo": codings["memo"].fillna(""),
        "stance": codings["stance"].fillna("") if "stance" in codings else "", "origin": codings["origin"]})
    return write_csv(out, path)
