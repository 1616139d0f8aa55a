"""Scan responses from CSV or XLSX: one row per respondent, the instrument's items as columns.

Every problem names the file, the row (as a spreadsheet shows it: the header is row 1) and the
column, and says what to do."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError
from .instrument import Instrument

#: the columns besides the items, with the headers they may have (English or Dutch)
ID_COLUMNS = {"respondent_id": ("respondent_id", "respondent", "id", "respondentnummer"),
              "org_id": ("org_id", "organisation", "organization", "organisatie", "bedrijf", "company"),
              "sector": ("sector", "branche"),
              "department": ("department", "afdeling"),
              "wave": ("wave", "meting", "golf", "jaar", "year")}
RESPONSE_COLUMNS = list(ID_COLUMNS)


def read_responses(path: str | Path, instrument: Instrument, *, organisation: str | None = None) -> pd.DataFrame:
    """Responses as a frame: respondent_id, org_id, sector, department, wave and one float column
    per item (NaN where not answered), answers as given (reverse keying is scoring's job).
    ``organisation`` fills org_id when the file has no such column (one organisation's file)."""
    path = Path(path)
    raw = _read_table(path)
    rename, unknown = {}, []
    items = {item.id.lower(): item.id for item in instrument.items}
    for column in raw.columns:
        key = str(column).strip().lower()
        target = next((name for name, aliases in ID_COLUMNS.items() if key in aliases), None) or items.get(key)
        if target is None:
            unknown.append(str(column))
        elif target in rename.values():
            raise InputError(path, f"column {column!r} repeats column {target!r}", line=1)
        else:
            rename[column] = target
    if unknown:
        raise InputError(path, f"unknown column {unknown[0]!r}", line=1,
                         fix=f"use respondent_id, org_id, sector, department, wave and the items of "
                             f"{instrument.id} ({instrument.items[0].id} … {instrument.items[-1].id})")
    frame = raw.rename(columns=rename)
    if "respondent_id" not in frame:
        raise InputError(path, "has no respondent_id column", line=1)
    if "org_id" not in frame:
        if organisation is None:
            raise InputError(path, "has no org_id (organisation) column", line=1,
                             fix="add the column, or give the organisation")
        frame["org_id"] = organisation
    missing = [item.id for item in instrument.items if item.id not in frame]
    if missing:
        raise InputError(path, f"has no column for item {missing[0]}" + (f" and {len(missing) - 1} more"
                                                                        if len(missing) > 1 else ""), line=1,
                         fix="add the columns (empty where an item was not asked)")
    for column in RESPONSE_COLUMNS:
        if column not in frame:
            frame[column] = None
    for column in RESPONSE_COLUMNS:
        frame[column] = pd.Series([_text(v) for v in frame[column]], index=frame.index, dtype=object)
    no_id = frame.index[frame["respondent_id"].isna()]
    if len(no_id):
        raise InputError(path, "a row has no respondent_id", line=int(no_id[0]) + 2)
    for item in instrument.items:
        frame[item.id] = _numeric(path, frame, item.id, instrument.scale_min, instrument.scale_max)
    doubled = frame.duplicated(["org_id", "wave", "respondent_id"], keep=False)
    if doubled.any():
        rows = [int(k) + 2 for k in frame.index[doubled]][:2]
        who = frame.loc[doubled, "respondent_id"].iat[0]
        raise InputError(path, f"respondent {who!r} appears twice (rows {rows[0]} and {rows[1]})", line=rows[1],
                         fix="one row per respondent per organisation and wave")
    return frame[RESPONSE_COLUMNS + [item.id for item in instrument.items]].reset_index(drop=True)


def _text(value) -> str | None:
    """A cell as stripped text, None when empty."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    text = str(value).strip()
    return text[:-2] if text.endswith(".0") and text[:-2].isdigit() else text or None


def _read_table(path: Path) -> pd.DataFrame:
    if not path.exists():
        raise InputError(path, "does not exist")
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            _refuse_formulas(path)
            return pd.read_excel(path, dtype=object, engine="openpyxl")
        return pd.read_csv(path, dtype=object, sep=None, engine="python", encoding="utf-8-sig", keep_default_na=False,
                           na_values=[""])
    except (ValueError, pd.errors.ParserError, UnicodeDecodeError, OSError) as exc:
        raise InputError(path, f"cannot be read as a table: {exc}",
                         fix="save it as UTF-8 CSV or XLSX with one header row") from None


def _refuse_formulas(path: Path) -> None:
    """A formula in a response sheet is no answer (and would be read as empty): say where it is."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    try:
        sheet = book.worksheets[0]
        header = [c.value for c in next(sheet.iter_rows(max_row=1))]
        for r, row in enumerate(sheet.iter_rows(min_row=2), start=2):
            for c, cell in enumerate(row):
                if cell.data_type == "f":
                    column = header[c] if c < len(header) else c + 1
                    raise InputError(path, f"row {r}, column {column}: {cell.value!r} is a formula, not an answer",
                                     line=r, fix="give the answer as a number (paste values only)")
    finally:
        book.close()


def _numeric(path: Path, frame: pd.DataFrame, column: str, low: int, high: int) -> pd.Series:
    """A column of answers as floats; text or values off the scale are an error naming the row."""
    texts = [_text(v) for v in frame[column]]
    values = pd.Series(texts, index=frame.index, dtype=object)
    given = pd.Series([t is not None for t in texts], index=frame.index)
    numbers = pd.to_numeric(pd.Series([t.replace(",", ".") if t is not None else None for t in texts],
                                      index=frame.index, dtype=object), errors="coerce")
    text = given & numbers.isna()
    if text.any():
        k = int(text.idxmax())
        raise InputError(path, f"row {k + 2}, column {column}: {values[k]!r} is not a number", line=k + 2,
                         fix=f"give a whole number from {low} to {high}, or leave the cell empty")
    off = numbers.notna() & ((numbers < low) | (numbers > high) | (numbers != numbers.round()))
    if off.any():
        k = int(off.idxmax())
        raise InputError(path, f"row {k + 2}, column {column}: {values[k]} is off the scale {low}–{high}", line=k + 2,
                         fix="correct the answer or leave the cell empty")
    return numbers.astype(float)
