"""Bytes to text, exactly: BOM stripped, nothing else changed (CRLF kept).

Also the one place that knows which characters a stored text may not hold: XML 1.0 (and so
python-docx, lxml and every report writer) refuses NUL, most C0 control characters, lone
surrogates and U+FFFE/U+FFFF. :func:`replace_xml_invalid` swaps each for one character, so
offsets stay exact.
"""
from __future__ import annotations

import codecs
import re
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

#: magic numbers of files that are often renamed to .txt by mistake
_BINARY_MAGIC = (
    (b"%PDF-", "a PDF file"), (b"PK\x03\x04", "a zip archive (a .docx/.odt renamed?)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word/Excel file (.doc/.xls)"),
    (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
    (b"ID3", "an MP3 file"), (b"RIFF", "a WAV/AVI file"), (b"OggS", "an Ogg file"), (b"fLaC", "a FLAC file"),
)
#: C0 control bytes that never occur in text files (tab, LF, VT, FF, CR and ESC excluded)
_BINARY_BYTES = bytes(b for b in range(32) if b not in b"\t\n\x0b\x0c\r\x1b")
_SAMPLE = 8192


def _control_bytes(data: bytes) -> int:
    sample = data[:_SAMPLE]
    return len(sample) - len(sample.translate(None, _BINARY_BYTES))


def _known_binary(data: bytes) -> str | None:
    """A known signature (with control bytes after it, so a text that happens to start with
    'RIFF' is not refused)."""
    for magic, kind in _BINARY_MAGIC:
        if data.startswith(magic) and (magic == b"%PDF-" or _control_bytes(data)):
            return kind
    return None


def _binary_kind(data: bytes) -> str | None:
    """What a file is when it is not text: a known signature, or many control bytes in the
    first 8 KB (compressed or binary data has ~10%; a text with a few stray NULs far less)."""
    known = _known_binary(data)
    if known is not None:
        return known
    sample = data[:_SAMPLE]
    controls = _control_bytes(data)
    # more than 10% control bytes, or more than 2% in bytes that are not even UTF-8
    if controls * 10 > len(sample) or (controls * 50 > len(sample) and not _utf8_prefix(sample)):
        return f"{controls} control bytes in its first {len(sample)} bytes"
    return None


def _utf8_prefix(sample: bytes) -> bool:
    """Whether ``sample`` is valid UTF-8, allowing a character cut off at its end."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _bomless_utf16(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NUL bytes sit (nearly) only at odd/even positions, as in
    UTF-16 text of Latin script written without a byte-order mark."""
    sample = data[:_SAMPLE - _SAMPLE % 2]
    if len(sample) < 4 or len(data) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd >= half * 0.3 and even <= odd * 0.02:
        return "utf-16-le"
    if even >= half * 0.3 and odd <= even * 0.02:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes, path: str | Path = "<bytes>") -> tuple[str, str]:
    """Decode source bytes; return (text, encoding).

    UTF-8 (with or without BOM) and UTF-16/32 with BOM are decoded strictly; UTF-16 without a
    BOM is recognised by its NUL bytes (with an :class:`InputWarning`); anything else is read as
    Windows-1252 with an :class:`InputWarning`, since that is what older Word/Notepad exports
    in Dutch offices are. Binary files (known signatures, or many control bytes in the first
    8 KB) are refused; a text with a few stray NULs is not (see :func:`replace_xml_invalid`).
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding), encoding + "-bom"
            except UnicodeDecodeError as exc:
                raise InputError(path, f"starts with a {encoding} byte-order mark but is not valid {encoding} "
                                       f"at byte {exc.start}", fix="re-save the file as UTF-8") from None
    utf16 = _bomless_utf16(data) if _known_binary(data) is None else None
    if utf16 is not None:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError:
            pass
        else:
            sample = text[:_SAMPLE // 2]
            printable = sum(ch.isprintable() or ch in "\t\r\n" for ch in sample)
            if printable < 0.95 * len(sample):  # binary data with many zero bytes, not text
                raise InputError(path, "looks like a binary file (many zero bytes), not text",
                                 fix="export the transcript as .txt, .docx, .vtt or .srt")
            warnings.warn(InputWarning(path, f"UTF-16 without a byte-order mark; read as {utf16}. "
                                       "Re-save as UTF-8 to be sure."), stacklevel=2)
            return text, utf16
    kind = _binary_kind(data)
    if kind is not None:
        raise InputError(path, f"looks like a binary file ({kind}), not text",
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


# --- characters XML cannot hold -----------------------------------------------------------------

#: everything outside XML 1.0's Char production (what lxml and python-docx refuse)
XML_INVALID_RE = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
REPLACEMENT = "\ufffd"


def _replacement(ch: str) -> str:
    # whitespace-like controls (vertical tab, form feed, the \x1c-\x1f separators) become a
    # space, as they mean a break; the rest (NUL, other controls, U+FFFE ...) becomes U+FFFD
    return " " if ch.isspace() else REPLACEMENT


def replace_xml_invalid(text: str) -> tuple[str, int, int | None]:
    """(text, how many replaced, offset of the first) with every XML-invalid code point
    replaced by one character, so the text keeps its length and every offset stays exact."""
    first = XML_INVALID_RE.search(text)
    if first is None:
        return text, 0, None
    cleaned, n = XML_INVALID_RE.subn(lambda m: _replacement(m.group()), text)
    return cleaned, n, first.start()


def clean_text(text: str, path: str | Path = "<text>", *, lines: bool = True) -> str:
    """:func:`replace_xml_invalid` with an :class:`InputWarning` naming the file, the count and
    (with ``lines``, for files read as text) the line of the first replaced character."""
    cleaned, n, first = replace_xml_invalid(text)
    if n:
        line = len(_LINE_BREAK_RE.findall(text, 0, first)) + 1 if lines else None
        warnings.warn(InputWarning(
            path, f"{n} control character(s) that Word and XML cannot hold (the first is U+{ord(text[first]):04X}) "
                  "replaced by a space or U+FFFD (one for one, so offsets are kept); re-save the file "
                  "without them to be rid of this warning", line), stacklevel=2)
    return cleaned


_LINE_BREAK_RE = re.compile(r"\r\n|\r|\n")


_XML_CHARREF_RE = re.compile(rb"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")
_XML_RAW_CONTROL_RE = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xml_char_ok(cp: int) -> bool:
    return cp in (0x9, 0xA, 0xD) or 0x20 <= cp <= 0xD7FF or 0xE000 <= cp <= 0xFFFD or 0x10000 <= cp <= 0x10FFFF


def scrub_xml_bytes(xml: bytes) -> tuple[bytes, int]:
    """Replace raw control bytes and character references to XML-invalid code points in a
    UTF-8 XML part, which make lxml/expat refuse the whole document, by a space (whitespace-like
    controls) or U+FFFD; return (xml, how many). UTF-16 parts (never written by Word or
    LibreOffice) are returned unchanged, since their bytes cannot be scrubbed one by one.

    Hand-written because parsers' "recover" modes drop the offending text silently.
    """
    if xml.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or xml[:2] in (b"<\x00", b"\x00<"):
        return xml, 0
    count = 0

    def raw(m: re.Match) -> bytes:
        nonlocal count
        count += 1
        return b" " if m.group() in (b"\x0b", b"\x0c") or m.group() >= b"\x1c" else "\ufffd".encode()

    def ref(m: re.Match) -> bytes:
        nonlocal count
        cp = int(m.group(1), 16) if m.group(1) else int(m.group(2))
        if _xml_char_ok(cp):
            return m.group()
        count += 1
        return b"&#32;" if cp < 0x110000 and chr(cp).isspace() else b"&#xFFFD;"

    if _XML_RAW_CONTROL_RE.search(xml):
        xml = _XML_RAW_CONTROL_RE.sub(raw, xml)
    if b"&#" in xml:
        xml = _XML_CHARREF_RE.sub(ref, xml)
    return xml, count


def csv_records(path: Path):
    """A csv.DictReader over a spreadsheet export: any encoding decode_bytes reads, comma,
    semicolon (Dutch Excel) or tab separated, field names stripped and lower-cased.
    ``reader.line_num`` gives the line of each record for error messages. Characters XML cannot
    hold are replaced (with a warning), since these values end up in Word reports."""
    import csv
    import io

    text, _ = decode_bytes(Path(path).read_bytes(), path)
    text = clean_text(text, path)
    header = text.split("\n", 1)[0]
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=max(",;\t", key=header.count))
    reader.fieldnames = [f.strip().lower() for f in (reader.fieldnames or [])]
    return reader
