"""Source readers, registered by file suffix.

Each reader turns the bytes of one file into a :class:`SourceText`: the text that becomes
``documents.text`` (every offset points into it) and, where the format itself marks speakers
(WebVTT ``<v>``, SRT cues, bold labels in Word), the turns it marks. Adding a format means
adding one decorated function here.
"""
from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..errors import InputError
from ..safety import read_zip_members, refuse_dtd
from .decoding import decode_bytes


@dataclass
class TurnHint:
    """A speaker turn marked by the format: ``text[start:end]`` is what was said."""

    start: int
    end: int
    speaker: str | None
    t_start_ms: int | None = None
    t_end_ms: int | None = None


@dataclass
class Annotation:
    """A comment anchored in the source (Word comments): ``text[start:end]`` is what it is about."""

    start: int
    end: int
    author: str
    comment: str
    created: str | None = None


@dataclass
class SourceText:
    text: str
    format: str
    encoding: str | None = None
    turns: list[TurnHint] | None = None
    #: "blank_line" when paragraphs are separated by empty lines (plain text),
    #: "newline" when every line is a paragraph (Word, ODT)
    paragraph_break: str = "blank_line"
    annotations: list[Annotation] | None = None


Reader = Callable[[Path, bytes], SourceText]
READERS: dict[str, Reader] = {}


def reader(*suffixes: str):
    def register(func: Reader) -> Reader:
        for suffix in suffixes:
            READERS[suffix] = func
        return func
    return register


def supported_suffixes() -> list[str]:
    return sorted(READERS)


def read_source(path: Path, data: bytes | None = None) -> SourceText:
    """Read one source file with the reader registered for its suffix."""
    path = Path(path)
    func = READERS.get(path.suffix.lower())
    if func is None:
        raise InputError(path, f"unknown file type {path.suffix or '(no suffix)'!r}",
                         fix="supported: " + ", ".join(supported_suffixes()))
    if data is None:
        data = path.read_bytes()
    if not data.strip():
        raise InputError(path, "is empty", fix="remove it or put the transcript in it")
    source = func(path, data)
    if not source.text.strip():
        raise InputError(path, "contains no text", fix="check that the transcript was saved into this file")
    return source


# --- plain text -----------------------------------------------------------------------------

@reader(".txt", ".md", ".text")
def read_text(path: Path, data: bytes) -> SourceText:
    text, encoding = decode_bytes(data, path)
    return SourceText(text, "md" if path.suffix.lower() == ".md" else "txt", encoding,
                      paragraph_break=_paragraph_break_of(text))


def _paragraph_break_of(text: str) -> str:
    return "blank_line" if re.search(r"\n[ \t]*\r?\n", text) else "newline"


# --- subtitles: WebVTT and SRT ----------------------------------------------------------------

_TIME = r"(?:(\d+):)?(\d{1,2}):(\d{2})[.,](\d{1,3})"
_TIMING_RE = re.compile(rf"^\s*{_TIME}\s*-->\s*{_TIME}")
_VOICE_RE = re.compile(r"<v(?:\.[^\s>]+)*\s+([^>]+)>")
_VOICE_END_RE = re.compile(r"\s*</v>\s*$")
_CUE_LABEL_RE = re.compile(r"(?:-\s*)?(?:\[([^\]\n]{1,40})\]|([^\W\d_][\w .'’-]{0,38}?)\s*:)\s+")


def _ms(h: str | None, m: str, s: str, frac: str) -> int:
    return ((int(h or 0) * 60 + int(m)) * 60 + int(s)) * 1000 + int(frac.ljust(3, "0")[:3])


def _lines(text: str):
    """Yield (start, end, line) with end excluding the line break (\\n or \\r\\n)."""
    pos = 0
    for raw in text.splitlines(keepends=True):
        line = raw.rstrip("\r\n")
        yield pos, pos + len(line), line
        pos += len(raw)


def _blocks(text: str):
    """Groups of consecutive non-blank lines."""
    block: list[tuple[int, int, str]] = []
    for item in _lines(text):
        if item[2].strip():
            block.append(item)
        elif block:
            yield block
            block = []
    if block:
        yield block


def _cues(path: Path, text: str, fmt: str) -> list[TurnHint]:
    cues = []  # (start, end, t0, t1, voice speaker, (label, label length) or None)
    for block in _blocks(text):
        timing_at = next((k for k, (_, _, line) in enumerate(block) if "-->" in line), None)
        if timing_at is None or timing_at + 1 >= len(block):
            continue  # header, NOTE, STYLE or an empty cue
        m = _TIMING_RE.match(block[timing_at][2])
        if not m:
            raise InputError(path, f"bad cue timing {block[timing_at][2].strip()!r}",
                             line=text.count("\n", 0, block[timing_at][0]) + 1,
                             fix="timings look like 00:01:02.500 --> 00:01:05.000")
        start, end = block[timing_at + 1][0], block[-1][1]
        voice, label = None, None
        v = _VOICE_RE.match(text, start, end)
        if v:
            voice = v.group(1).strip()
            start = v.end()
            close = _VOICE_END_RE.search(text, start, end)
            end = close.start() if close else end
        else:
            lm = _CUE_LABEL_RE.match(text, start, end)
            if lm:
                label = ((lm.group(1) or lm.group(2)).strip(), lm.end() - start)
        cues.append((start, end, _ms(*m.groups()[:4]), _ms(*m.groups()[4:]), voice, label))
    # A "Name:" seen once is more likely speech ("Hij zei: ...") than a speaker label.
    label_counts = Counter(c[5][0] for c in cues if c[5])
    hints: list[TurnHint] = []
    for start, end, t0, t1, voice, label in cues:
        speaker = voice
        if label and label_counts[label[0]] >= 2:
            speaker, start = label[0], start + label[1]
        start, end = strip_span(text, start, end)
        if end > start:
            hints.append(TurnHint(start, end, speaker, t0, t1))
    if not hints:
        raise InputError(path, f"no {fmt} cues with text found", fix=f"check that this is a {fmt} file")
    return hints


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Narrow ``start:end`` so it neither starts nor ends with whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


@reader(".vtt")
def read_vtt(path: Path, data: bytes) -> SourceText:
    text, encoding = decode_bytes(data, path)
    if not text.lstrip().startswith("WEBVTT"):
        raise InputError(path, "does not start with 'WEBVTT'", line=1, fix="is this really a WebVTT file?")
    return SourceText(text, "vtt", encoding, turns=_cues(path, text, "WebVTT"))


@reader(".srt")
def read_srt(path: Path, data: bytes) -> SourceText:
    text, encoding = decode_bytes(data, path)
    return SourceText(text, "srt", encoding, turns=_cues(path, text, "SRT"))


# --- Word -------------------------------------------------------------------------------------

_LABEL_TS_RE = re.compile(r"^\s*[\[(]?\d{1,2}:\d{2}(?::\d{2})?[\])]?\s*|\s*[\[(]\d{1,2}:\d{2}(?::\d{2})?[\])]\s*$")


def _docx_document(path: Path, data: bytes):
    import docx

    members = read_zip_members(path, data)
    if "word/document.xml" not in members:
        raise InputError(path, "is not a Word document (no word/document.xml inside)",
                         fix="save it as .docx from Word or LibreOffice")
    for name, content in members.items():
        if name.endswith((".xml", ".rels")):
            refuse_dtd(path, name, content)
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds (KeyError, ValueError, lxml errors, ...)
        raise InputError(path, f"is a damaged Word document ({type(exc).__name__}: {exc})",
                         fix="open it in Word or LibreOffice and save it again") from None


def _is_bold(run) -> bool:
    if run.bold:
        return True
    style = run.style
    return bool(run.bold is None and style is not None and style.font is not None and style.font.bold)


def _bold_label(paragraph) -> tuple[str, int] | None:
    """(label, characters to skip) when a paragraph opens with a bold speaker label."""
    prefix = ""
    for run in paragraph.runs:
        if not run.text:
            continue
        if not _is_bold(run):
            break
        prefix += run.text
    text = paragraph.text
    if not prefix.strip() or not text.startswith(prefix):
        return None
    label = prefix.strip()
    skip = len(prefix)
    rest = text[skip:]
    had_colon = label.endswith(":")
    if not had_colon and rest.lstrip().startswith(":"):
        had_colon = True
        skip += len(rest) - len(rest.lstrip()) + 1
    label = _LABEL_TS_RE.sub("", label.rstrip(":").strip()).strip()
    if not label or len(label) > 40 or len(label.split()) > 4 or re.search(r"[.?!]$", label):
        return None
    if not had_colon and rest.strip():
        return None  # a bold first word of a sentence, not a label
    skip += len(text[skip:]) - len(text[skip:].lstrip())
    return label, skip


@reader(".docx")
def read_docx(path: Path, data: bytes) -> SourceText:
    from docx.table import Table

    document = _docx_document(path, data)
    anchors: dict[str, list[int | None]] = {}  # comment id -> [start, end]
    parts: list[str] = []
    hints: list[TurnHint] = []
    pos = 0

    def add_line(line: str) -> int:
        nonlocal pos
        start = pos
        parts.append(line)
        pos += len(line) + 1  # the "\n" joining lines
        return start

    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                cells = [c.text for c in row.cells]
                start = add_line("\t".join(cells))
                first = cells[0].strip().rstrip(":")
                if len(cells) >= 2 and first and len(first) <= 40 and len(first.split()) <= 4 and "".join(cells[1:]).strip():
                    body = start + len(cells[0]) + 1
                    hints.append(TurnHint(body, start + len("\t".join(cells)), first))
            continue
        start = add_line(block.text)
        _comment_anchors(block, start, anchors)
        label = _bold_label(block)
        if label is not None:
            hints.append(TurnHint(start + label[1], start + len(block.text), label[0]))
        elif hints and block.text.strip():
            hints[-1].end = start + len(block.text)  # continuation paragraph of the same turn
    text = "\n".join(parts)
    counts = Counter(h.speaker for h in hints)
    hints = [h for h in hints if counts[h.speaker] >= 2]
    for h in hints:
        h.start, h.end = strip_span(text, h.start, h.end)
    return SourceText(text, "docx", None, turns=hints if len(hints) >= 2 else None,
                      paragraph_break="newline", annotations=_comments(document, anchors, text))


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _comment_anchors(paragraph, offset: int, anchors: dict) -> None:
    """Record where comment ranges start and end, counting text the way python-docx's
    Paragraph.text does (direct runs and hyperlinks only)."""
    from docx.oxml.text.hyperlink import CT_Hyperlink
    from docx.oxml.text.run import CT_R

    pos = offset
    for child in paragraph._p.iterchildren():
        if isinstance(child, (CT_R, CT_Hyperlink)):
            pos += len(child.text)
        elif child.tag == _W + "commentRangeStart":
            anchors.setdefault(child.get(_W + "id"), [None, None])[0] = pos
        elif child.tag == _W + "commentRangeEnd":
            anchors.setdefault(child.get(_W + "id"), [None, None])[1] = pos


def _comments(document, anchors: dict, text: str) -> list[Annotation]:
    try:
        comments = list(document.comments)
    except Exception:  # no comments part, or one python-docx cannot read
        return []
    out = []
    for comment in comments:
        start, end = anchors.get(str(comment.comment_id), [None, None])
        if start is None or end is None or end <= start:
            continue  # a comment on nothing (or on an image): nothing to code
        start, end = strip_span(text, start, end)
        created = comment.timestamp.isoformat() if getattr(comment, "timestamp", None) else None
        out.append(Annotation(start, end, comment.author or "", comment.text.strip(), created))
    return out


# --- OpenDocument text ------------------------------------------------------------------------

_ODF_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


@reader(".odt")
def read_odt(path: Path, data: bytes) -> SourceText:
    # A 40-line walk over content.xml with defusedxml is safer than odfpy (which parses with a
    # plain SAX parser) and all we need: paragraphs and headings, spaces, tabs and breaks.
    from defusedxml import ElementTree as SafeET
    from defusedxml.common import DefusedXmlException
    from xml.etree.ElementTree import ParseError

    members = read_zip_members(path, data, wanted=lambda n: n == "content.xml")
    if "content.xml" not in members:
        raise InputError(path, "is not an OpenDocument text (no content.xml inside)",
                         fix="save it as .odt or .docx")
    try:
        root = SafeET.fromstring(members["content.xml"])
    except DefusedXmlException as exc:
        raise InputError(path, f"content.xml refused: {exc}",
                         fix="possible XML entity attack; the file was not read") from None
    except ParseError as exc:
        raise InputError(path, f"content.xml is not well-formed XML ({exc})",
                         fix="open it in LibreOffice and save it again") from None

    t = "{%s}" % _ODF_TEXT
    lines: list[str] = []

    def inline(el) -> str:
        out = [el.text or ""]
        for child in el:
            tag = child.tag
            if tag == t + "s":
                out.append(" " * int(child.get(t + "c", "1")))
            elif tag == t + "tab":
                out.append("\t")
            elif tag == t + "line-break":
                out.append("\n")
            elif tag not in (t + "note", t + "annotation"):
                out.append(inline(child))
            out.append(child.tail or "")
        return "".join(out)

    def walk(el) -> None:
        for child in el:
            if child.tag in (t + "p", t + "h"):
                lines.append(inline(child))
            else:
                walk(child)

    walk(root)
    return SourceText("\n".join(lines), "odt", None, paragraph_break="newline")
