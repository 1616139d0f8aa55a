"""Human codings: CSV import/export, Word comments, and finding quotes in the text.

A quote that is not found, or found more than once, is reported, never guessed.
"""
from __future__ import annotations

import csv
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


def allow_long_fields(path: Path) -> None:
    """Python's csv module refuses a field longer than 131,072 characters, but a quoted answer
    can be longer. No field is longer than its file, which is read into memory whole anyway, so
    the limit is raised to the file's size (it only ever goes up; a C long bounds it)."""
    try:
        size = Path(path).stat().st_size
    except OSError:
        return  # reading the file will report it
    csv.field_size_limit(max(csv.field_size_limit(), min(size + 1, 2**31 - 1)))


def _checked_records(reader, path: Path):
    """The reader's records; a line the csv module cannot parse is an InputError with the line."""
    try:
        yield from reader
    except csv.Error as exc:
        raise InputError(path, f"cannot be read as CSV: {exc}", line=reader.line_num,
                         fix="save it again as CSV (UTF-8) from the spreadsheet") from None


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
        # the file's stem too: titles were file stems before they became pseudonyms
        for key in (row.doc_id, row.title, Path(row.source_path).name, Path(row.source_path).stem):
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
    allow_long_fields(path)
    try:
        reader = csv_records(path)
    except csv.Error as exc:
        raise InputError(path, f"cannot be read as CSV: {exc}", line=1) from None
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror or exc})") from None
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
    for record in _checked_records(reader, path):
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


def write_csv(frame: pd.DataFrame, path: str | Path, *, pseudonymise=None) -> Path:
    """Write a codings table as CSV for spreadsheets: every cell data, never a formula (see
    :mod:`undercurrent.spreadsheet`), every text pseudonymised when ``pseudonymise`` is given."""
    from ..spreadsheet import write_csv as write_table

    return write_table(frame, path, pseudonymise=pseudonymise)


def codings_to_csv(codings: pd.DataFrame, documents: pd.DataFrame, path: str | Path, *, pseudonymise=None) -> Path:
    """Write codings in the import format (plus code labels and origin).

    ``pseudonymise`` (see :meth:`Project.pseudonymiser`) replaces real names in every cell:
    document ids, quotes, memos: with real names in the case a quote shows the pseudonyms, while
    start and end still point at the stored text. A text that begins like a formula is written
    with a leading apostrophe (:func:`undercurrent.spreadsheet.unescape_csv_cell` reads it back).
    """
    texts = dict(zip(documents["doc_id"], documents["text"]))
    out = pd.DataFrame({
        "document": codings["doc_id"], "start": codings["start"], "end": codings["end"],
        "quote": [texts[d][s:e] for d, s, e in zip(codings["doc_id"], codings["start"], codings["end"])],
        "code": codings["code_id"], "coder": codings["coder"], "memo": codings["memo"].fillna(""),
        "stance": codings["stance"].fillna("") if "stance" in codings else "", "origin": codings["origin"]})
    return write_csv(out, path, pseudonymise=pseudonymise)
