"""Bytes to text, exactly: BOM stripped, nothing else changed (CRLF kept)."""
from __future__ import annotations

import codecs
import warnings
from pathlib import Path

from ..errors import InputError, InputWarning

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode_bytes(data: bytes, path: str | Path = "<bytes>") -> tuple[str, str]:
    """Decode source bytes; return (text, encoding).

    UTF-8 (with or without BOM) and UTF-16/32 with BOM are decoded strictly; anything else is
    read as Windows-1252 with an :class:`InputWarning`, since that is what older Word/Notepad
    exports in Dutch offices are.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding), encoding + "-bom"
            except UnicodeDecodeError as exc:
                raise InputError(path, f"starts with a {encoding} byte-order mark but is not valid {encoding} "
                                       f"at byte {exc.start}", fix="re-save the file as UTF-8") from None
    if b"\x00" in data[:8192]:
        raise InputError(path, "looks like a binary file (NUL bytes), not text",
                         fix="export the transcript as .txt, .docx, .vtt or .srt")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"is neither UTF-8 nor Windows-1252 text (byte {exc.start})",
                         fix="re-save the file as UTF-8") from None
    warnings.warn(InputWarning(path, "not UTF-8; read as Windows-1252 (cp1252). Re-save as UTF-8 to be "
                               "sure accented letters are right."), stacklevel=2)
    return text, "cp1252"


def csv_records(path: Path):
    """A csv.DictReader over a spreadsheet export: any encoding decode_bytes reads, comma,
    semicolon (Dutch Excel) or tab separated, field names stripped and lower-cased.
    ``reader.line_num`` gives the line of each record for error messages."""
    import csv
    import io

    text, _ = decode_bytes(Path(path).read_bytes(), path)
    header = text.split("\n", 1)[0]
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=max(",;\t", key=header.count))
    reader.fieldnames = [f.strip().lower() for f in (reader.fieldnames or [])]
    return reader
