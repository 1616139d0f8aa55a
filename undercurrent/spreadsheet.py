"""Tables written for spreadsheets (CSV and Excel): every cell is data, never a formula, and no
real name leaves the toolkit.

A text that a spreadsheet would run as a formula (CSV or formula injection: it begins with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return, possibly after spaces) is written
as data: in a CSV file with a leading apostrophe (the usual escape, which Excel and LibreOffice
show as text), in an xlsx file as a string cell (the text unchanged, never a formula). Only
texts are escaped: a negative number stored as a number stays a number. Every writer of the
project goes through :func:`write_csv` or :func:`write_xlsx`.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

import pandas as pd

from .corpus.pseudonymise import pseudonymise_frame

#: first characters that make a spreadsheet read a cell as a formula (OWASP's list)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


def looks_like_formula(value) -> bool:
    """Whether a spreadsheet could run ``value`` as a formula (texts only)."""
    if not isinstance(value, str) or not value:
        return False
    return value[:1] in FORMULA_START or value.lstrip(" \n\t\r")[:1] in FORMULA_START


def escape_csv_cell(value):
    """``value`` as a CSV cell that stays data: a formula-like text gets a leading apostrophe (and
    so does one that already starts with apostrophes before a formula, so that
    :func:`unescape_csv_cell` gives back exactly what was written)."""
    return "'" + value if looks_like_formula(value.lstrip("'") if isinstance(value, str) else value) else value


def unescape_csv_cell(value):
    """The text :func:`escape_csv_cell` escaped, back as it was (for reading an export back)."""
    if isinstance(value, str) and value.startswith("'") and looks_like_formula(value.lstrip("'")):
        return value[1:]
    return value


def _is_text(series: pd.Series) -> bool:
    """Whether a column may hold texts (object, string or category dtype)."""
    kind = series.dtype
    return kind == object or isinstance(kind, (pd.StringDtype, pd.CategoricalDtype))


def _map_texts(frame: pd.DataFrame, fn) -> pd.DataFrame:
    """``fn`` applied to every cell of the text columns, in place (by position: names may repeat)."""
    for k in range(frame.shape[1]):
        column = frame.iloc[:, k]
        if _is_text(column):
            frame.isetitem(k, pd.Series([fn(v) for v in column], index=frame.index, dtype=object))
    return frame


def _flat(value):
    """Lists, sets and dicts as one readable text (a spreadsheet cell holds no structure)."""
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(str(_flat(v)) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_flat(v)}" for k, v in value.items())
    return value


def spreadsheet_frame(frame: pd.DataFrame, pseudonymise: Callable[[str], str] | None = None) -> pd.DataFrame:
    """``frame`` ready for a spreadsheet: texts pseudonymised, structures flattened to text.
    Not yet escaped."""
    out = pseudonymise_frame(frame, pseudonymise).copy()
    _map_texts(out, _flat)
    out.columns = [str(_flat(c)) for c in out.columns]
    return out


def write_csv(frame: pd.DataFrame, path: str | Path, *, pseudonymise: Callable[[str], str] | None = None) -> Path:
    """Write ``frame`` as UTF-8 CSV with CRLF rows: every text pseudonymised and escaped
    (:func:`escape_csv_cell`)."""
    out = spreadsheet_frame(frame, pseudonymise)
    _map_texts(out, escape_csv_cell)
    out.columns = [escape_csv_cell(c) for c in out.columns]
    path = Path(path)
    # CRLF rows (RFC 4180): a cell holding a bare CR (Windows transcripts) is then quoted too,
    # where with "\n" rows it would end the row early
    out.to_csv(path, index=False, encoding="utf-8", lineterminator="\r\n")
    return path


def sheet_name(name: str, taken=()) -> str:
    """A valid, unique Excel sheet name (at most 31 characters, none of []:*?/\\)."""
    base = _SHEET_NAME_BAD.sub("_", str(name)).strip("'")[:31] or "Sheet"
    name, n = base, 1
    while name.casefold() in {t.casefold() for t in taken}:
        n += 1
        name = f"{base[:31 - len(str(n)) - 1]}_{n}"
    return name


def write_xlsx(path: str | Path, sheets: dict[str, pd.DataFrame], *,
               pseudonymise: Callable[[str], str] | None = None, widths: dict[str, list[float]] | None = None) -> Path:
    """Write each frame on its own sheet: every text pseudonymised and stored as a string cell,
    so nothing is ever a formula. ``widths``: column widths per sheet name, optional."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.utils import get_column_letter

    def clean(value):  # control characters openpyxl refuses; shown, not dropped
        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value) if isinstance(value, str) else value

    path = Path(path)
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        taken: list[str] = []
        for name, frame in sheets.items():
            out = spreadsheet_frame(frame, pseudonymise)
            for k in range(out.shape[1]):  # Excel has no time zones: times in UTC, said in the header
                if isinstance(out.iloc[:, k].dtype, pd.DatetimeTZDtype):
                    out.isetitem(k, out.iloc[:, k].dt.tz_convert("UTC").dt.tz_localize(None))
                    out.columns = [f"{c} (UTC)" if i == k else c for i, c in enumerate(out.columns)]
            _map_texts(out, clean)
            out.columns = [clean(c) for c in out.columns]
            title = sheet_name(name, taken)
            taken.append(title)
            out.to_excel(writer, sheet_name=title, index=False)
            sheet = writer.sheets[title]
            for row in sheet.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str) or cell.data_type == "f":
                        cell.data_type = "s"  # openpyxl makes "=..." a formula; as data it is text
            for k, width in enumerate((widths or {}).get(name, []), start=1):
                sheet.column_dimensions[get_column_letter(k)].width = width
    return path
