"""Source readers, registered by file suffix.

Each reader turns the bytes of one file into a :class:`SourceText`: the text that becomes
``documents.text`` (every offset points into it) and, where the format itself marks speakers
(WebVTT ``<v>``, SRT cues, bold labels in Word), the turns it marks. Adding a format means
adding one decorated function here.
"""
from __future__ import annotations

import io
import re
import warnings
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..errors import InputError, InputWarning
from ..safety import read_zip_members, refuse_dtd, zip_bytes
from .decoding import clean_text, decode_bytes, replace_xml_invalid, scrub_xml_bytes


@dataclass
class TurnHint:
    """A speaker turn marked by the format: ``text[start:end]`` is what was said."""

    start: int
    end: int
    speaker: str | None
    t_start_ms: int | None = None
    t_end_ms: int | None = None
    #: what was said when the turn spans more than one piece of the file (consecutive subtitle
    #: cues of one speaker, an Otter block continued after a bare timestamp): (start, end) pairs
    #: inside start:end, which then also holds the cue timings or timestamps between them.
    #: None means all of start:end.
    parts: list[tuple[int, int]] | None = None

    def spans(self) -> list[tuple[int, int]]:
        return self.parts or [(self.start, self.end)]

    def extend(self, other: "TurnHint") -> None:
        """Take ``other`` (later in the text) into this turn."""
        self.parts = self.spans() + other.spans()
        self.end = other.end
        if other.t_end_ms is not None:
            self.t_end_ms = other.t_end_ms


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
    #: the file it was read from (set by :func:`read_source`), for messages
    path: str | None = None


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
    """Read one source file with the reader registered for its suffix.

    Characters that XML (and so every Word report) cannot hold are replaced one for one, with
    an :class:`InputWarning`; a file without a single letter or digit is refused."""
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
    source.path = str(path)
    _clean(source, path)
    if not VISIBLE_RE.search(source.text):
        raise InputError(path, "no speech found: the file holds no text" if not source.text.strip() else
                         "no speech found: the file holds only invisible characters (spaces, zero-width spaces, "
                         "byte-order marks) or punctuation", fix="check that the transcript was saved into this file")
    return source


#: a letter or digit: what any text with speech in it has
VISIBLE_RE = re.compile(r"[^\W_]")
_TEXT_FORMATS = {"txt", "md", "vtt", "srt"}  # stored text == file content, so lines mean lines


def _clean(source: SourceText, path: Path) -> None:
    """Replace characters XML cannot hold (NUL, control characters) one for one, in the text
    and in what the format marked (speaker names, comments), with one warning."""
    source.text = clean_text(source.text, path, lines=source.format in _TEXT_FORMATS)
    for hint in source.turns or []:
        if hint.speaker:
            hint.speaker = replace_xml_invalid(hint.speaker)[0]
    for note in source.annotations or []:
        note.author = replace_xml_invalid(note.author)[0]
        note.comment = replace_xml_invalid(note.comment)[0]


# --- plain text -----------------------------------------------------------------------------

@reader(".txt", ".md", ".text")
def read_text(path: Path, data: bytes) -> SourceText:
    text, encoding = decode_bytes(data, path)
    return SourceText(text, "md" if path.suffix.lower() == ".md" else "txt", encoding,
                      paragraph_break=_paragraph_break_of(text))


def _paragraph_break_of(text: str) -> str:
    return "blank_line" if re.search(r"\n[ \t]*\r*\n", line_view(text)) else "newline"


_ODD_BREAK_RE = re.compile("\r+\n?|[\x85\u2028\u2029]")


def line_view(text: str) -> str:
    """``text`` with every line break that is not ``\\n`` or ``\\r\\n`` turned into ``\\n``:
    classic-Mac ``\\r``, NEL, U+2028/U+2029. Same length, so offsets found in the view are
    offsets in ``text``; line-anchored patterns then see the lines an editor shows. A run of
    CRs before a LF (``\\r\\r\\n``, from converting line ends twice) stays one break."""
    if "\r" not in text and "\x85" not in text and "\u2028" not in text and "\u2029" not in text:
        return text

    def sub(m: re.Match) -> str:
        brk = m.group()
        if brk.endswith("\n"):
            return brk
        return "\n" * len(brk)

    return _ODD_BREAK_RE.sub(sub, text)


# --- subtitles: WebVTT and SRT ----------------------------------------------------------------

_TIME = r"(?:(\d+):)?(\d{1,2}):(\d{2})[.,](\d{1,3})"
_TIMING_RE = re.compile(rf"^\s*{_TIME}\s*-->\s*{_TIME}")
_VOICE_RE = re.compile(r"<v(?:\.[^\s>.]+)*\s+([^>]+)>")  # class names hold no dots (no backtracking blow-up)
_VOICE_END_RE = re.compile(r"\s*</v>\s*$")
_CUE_LABEL_RE = re.compile(r"(?:-\s*)?(?:\[([^\]\n]{1,40})\]|([^\W\d_][\w .'’-]{0,38}?)\s*:)\s+")


def _ms(h: str | None, m: str, s: str, frac: str) -> int:
    return ((int(h or 0) * 60 + int(m)) * 60 + int(s)) * 1000 + int(frac.ljust(3, "0")[:3])


def _lines(text: str):
    """Yield (start, end, line) with end excluding the line break (\\n, \\r\\n or a lone \\r)."""
    view = line_view(text)
    pos = 0
    for piece in view.split("\n"):
        end = pos + len(piece)
        stop = end
        while stop > pos and view[stop - 1] == "\r":
            stop -= 1
        yield pos, stop, text[pos:stop]
        pos = end + 1


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
                             line=line_view(text).count("\n", 0, block[timing_at][0]) + 1,
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
    return merge_same_speaker(hints)


def merge_same_speaker(hints: list[TurnHint]) -> list[TurnHint]:
    """Consecutive cues of one (named) speaker are one turn: it starts where the first cue's
    text starts and ends where the last one's ends (keeping their times), and its ``parts`` are
    the cue texts. Cues without a speaker stay apart: nothing says who spoke them."""
    merged: list[TurnHint] = []
    for hint in hints:
        prev = merged[-1] if merged else None
        if prev is not None and hint.speaker is not None and prev.speaker is not None \
                and " ".join(prev.speaker.casefold().split()) == " ".join(hint.speaker.casefold().split()):
            prev.extend(hint)
        else:
            merged.append(hint)
    return merged


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
    scrubbed = 0
    for name, content in members.items():
        if name.endswith((".xml", ".rels")):
            refuse_dtd(path, name, content)
            members[name], n = scrub_xml_bytes(content)
            scrubbed += n
    if scrubbed:
        _warn_scrubbed(path, scrubbed, "Word document")
        data = zip_bytes(members)
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds (KeyError, ValueError, lxml errors, ...)
        if "Excessive depth" in str(exc):
            raise InputError(path, "nests its XML elements more than 256 levels deep, which no Word document "
                                   "needs", fix="refused; open it in Word or LibreOffice and save it again") from None
        raise InputError(path, f"is a damaged Word document ({type(exc).__name__}: {exc})",
                         fix="open it in Word or LibreOffice and save it again") from None


def _warn_scrubbed(path: Path, count: int, what: str) -> None:
    warnings.warn(InputWarning(path, f"{count} control character(s) that XML cannot hold (NUL and the like) in "
                                     f"this {what} replaced by a space or U+FFFD, so it could be read; re-save it "
                                     "to be rid of this warning"), stacklevel=3)


def _is_bold(run) -> bool:
    if run.bold:
        return True
    style = run.style
    return bool(run.bold is None and style is not None and style.font is not None and style.font.bold)


def _bold_label(runs, text: str) -> tuple[str, int] | None:
    """(label, characters to skip) when a paragraph (its runs and text) opens with a bold
    speaker label."""
    prefix = ""
    for run in runs:
        if not run.text:
            continue
        if not _is_bold(run):
            break
        prefix += run.text
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


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: elements that only wrap content: tracked insertions and moves, content controls, smart
#: tags, custom XML, simple fields, hyperlinks, bidi runs. python-docx reads only runs and
#: hyperlinks that are direct children, so text inside these (tracked insertions above all)
#: would be lost without a word.
_DOCX_WRAPPERS = {_W + t for t in ("ins", "moveTo", "sdt", "sdtContent", "smartTag", "customXml",
                                   "fldSimple", "hyperlink", "dir", "bdo")}


def _docx_walk(element, wanted: set[str]):
    """Yield the descendants of ``element`` whose tag is in ``wanted``, in document order,
    looking through wrapper elements only (deleted text, ``w:del``/``w:moveFrom``, is not a
    wrapper and so is left out). An explicit stack: no recursion limit to hit."""
    stack = list(reversed(element))
    while stack:
        el = stack.pop()
        if el.tag in wanted:
            yield el
        elif el.tag in _DOCX_WRAPPERS:
            stack.extend(reversed(el))


_P, _TBL, _TR, _TC, _R = _W + "p", _W + "tbl", _W + "tr", _W + "tc", _W + "r"
_COMMENT_START, _COMMENT_END = _W + "commentRangeStart", _W + "commentRangeEnd"


def _paragraph(p, parent, offset: int, anchors: dict | None):
    """(runs, text) of a ``w:p``, counting runs inside wrappers; with ``anchors``, record where
    comment ranges start and end (as offsets from ``offset``)."""
    from docx.text.run import Run

    runs, pieces, pos = [], [], offset
    for el in _docx_walk(p, {_R, _COMMENT_START, _COMMENT_END}):
        if el.tag == _R:
            piece = el.text
            runs.append(Run(el, parent))
            pieces.append(piece)
            pos += len(piece)
        elif anchors is not None:
            anchors.setdefault(el.get(_W + "id"), [None, None])[0 if el.tag == _COMMENT_START else 1] = pos
    return runs, "".join(pieces)


def _cell_text(tc, parent) -> str:
    """A table cell's paragraphs joined by "\\n"; a table nested in it gives its rows too."""
    lines = []
    for el in _docx_walk(tc, {_P, _TBL}):
        if el.tag == _P:
            lines.append(_paragraph(el, parent, 0, None)[1])
        else:
            lines.extend("\t".join(cells) for cells in _table_rows(el, parent))
    return "\n".join(lines)


def _table_rows(tbl, parent) -> list[list[str]]:
    """The cell texts of each row; a merged cell once (python-docx's ``row.cells`` repeats a
    cell for every grid column it spans, which would repeat its text)."""
    return [[_cell_text(tc, parent) for tc in _docx_walk(tr, {_TC})] for tr in _docx_walk(tbl, {_TR})]


@reader(".docx")
def read_docx(path: Path, data: bytes) -> SourceText:
    document = _docx_document(path, data)
    body = document.element.body
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

    for block in _docx_walk(body, {_P, _TBL}):
        if block.tag == _TBL:
            for cells in _table_rows(block, document):
                start = add_line("\t".join(cells))
                first = cells[0].strip().rstrip(":") if cells else ""
                if len(cells) >= 2 and first and len(first) <= 40 and len(first.split()) <= 4 and "".join(cells[1:]).strip():
                    body_start = start + len(cells[0]) + 1
                    hints.append(TurnHint(body_start, start + len("\t".join(cells)), first))
            continue
        runs, line = _paragraph(block, document, pos, anchors)
        start = add_line(line)
        label = _bold_label(runs, line)
        if label is not None:
            hints.append(TurnHint(start + label[1], start + len(line), label[0]))
        elif hints and line.strip():
            hints[-1].end = start + len(line)  # continuation paragraph of the same turn
    text = "\n".join(parts)
    counts = Counter(h.speaker for h in hints)
    hints = [h for h in hints if counts[h.speaker] >= 2]
    for h in hints:
        h.start, h.end = strip_span(text, h.start, h.end)
    return SourceText(text, "docx", None, turns=hints if len(hints) >= 2 else None,
                      paragraph_break="newline", annotations=_comments(document, anchors, text))


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
_ODF_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#: most spaces one <text:s text:c="..."/> may stand for: LibreOffice writes runs of spaces this
#: way, never anything near this long; a larger count is cut (with a warning)
ODT_MAX_SPACE_RUN = 1000


@reader(".odt")
def read_odt(path: Path, data: bytes) -> SourceText:
    # A short walk over content.xml with defusedxml is safer than odfpy (which parses with a
    # plain SAX parser) and all we need: paragraphs and headings, spaces, tabs and breaks. The
    # walk uses an explicit stack, so thousands of nested spans or lists cannot overflow
    # Python's recursion limit.
    from defusedxml import ElementTree as SafeET
    from defusedxml.common import DefusedXmlException
    from xml.etree.ElementTree import ParseError

    members = read_zip_members(path, data, wanted=lambda n: n == "content.xml")
    if "content.xml" not in members:
        raise InputError(path, "is not an OpenDocument text (no content.xml inside)",
                         fix="save it as .odt or .docx")
    xml, scrubbed = scrub_xml_bytes(members["content.xml"])
    if scrubbed:
        _warn_scrubbed(path, scrubbed, "OpenDocument text")
    try:
        root = SafeET.fromstring(xml)
    except DefusedXmlException as exc:
        raise InputError(path, f"content.xml refused: {exc}",
                         fix="possible XML entity attack; the file was not read") from None
    except ParseError as exc:
        raise InputError(path, f"content.xml is not well-formed XML ({exc})",
                         fix="open it in LibreOffice and save it again") from None

    t = "{%s}" % _ODF_TEXT
    skip_inline = {t + "note", t + "annotation", f"{{{_ODF_OFFICE}}}annotation"}  # footnotes, comments
    skip_block = {t + "tracked-changes", f"{{{_ODF_OFFICE}}}annotation"}  # deleted text, comments
    bad_counts: Counter = Counter()
    expanded = 0
    expand_limit = max(100_000, len(xml))  # spaces from <text:s> may at most double the text

    def spaces(el) -> str:
        nonlocal expanded
        raw = el.get(t + "c")
        if raw is None:
            return " "
        try:
            n = int(raw.strip())
        except ValueError:
            bad_counts[f"{raw[:20]!r} is not a number"] += 1
            return " "
        if n < 1:
            bad_counts[f"{n} is not a positive count"] += 1
            return " "
        if n > ODT_MAX_SPACE_RUN:
            bad_counts[f"{n} is more than {ODT_MAX_SPACE_RUN}"] += 1
            n = ODT_MAX_SPACE_RUN
        expanded += n
        if expanded > expand_limit:
            raise InputError(path, f"its <text:s> elements stand for more than {expand_limit:,} spaces",
                             fix="refused: a real document has far fewer; open it in LibreOffice and save it again")
        return " " * n

    def inline(paragraph) -> str:
        out = [paragraph.text or ""]
        stack: list = []  # elements still to open, and tails to write after them

        def push_children(el) -> None:
            for child in reversed(el):
                stack.append(child.tail or "")
                stack.append(child)

        push_children(paragraph)
        while stack:
            item = stack.pop()
            if isinstance(item, str):
                out.append(item)
                continue
            tag = item.tag
            if tag == t + "s":
                out.append(spaces(item))
            elif tag == t + "tab":
                out.append("\t")
            elif tag == t + "line-break":
                out.append("\n")
            elif tag not in skip_inline:
                out.append(item.text or "")
                push_children(item)
        return "".join(out)

    lines: list[str] = []
    stack = list(reversed(root))
    while stack:
        el = stack.pop()
        if el.tag in (t + "p", t + "h"):
            lines.append(inline(el))
        elif el.tag not in skip_block:
            stack.extend(reversed(el))
    if bad_counts:
        warnings.warn(InputWarning(path, "space counts (text:c) that cannot be right: "
                                   + "; ".join(f"{k} ({v}x)" for k, v in bad_counts.items())
                                   + f"; read as one space, or cut to {ODT_MAX_SPACE_RUN}"), stacklevel=2)
    return SourceText("\n".join(lines), "odt", None, paragraph_break="newline")
