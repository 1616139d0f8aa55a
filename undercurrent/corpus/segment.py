"""Speaker turns, paragraphs and sentences as code-point offsets into the document text.

Turn conventions are recognised without configuration. Each convention is a line-start
pattern; the one that finds the most (recurring) labels wins. A label seen only once is
treated as speech ("Hij zei: nou ..."), unless it is a role label such as ``I`` or ``R``.

Patterns run on :func:`~undercurrent.corpus.readers.line_view` of the text (same length,
classic-Mac ``\\r`` line ends seen as ``\\n``), so every offset is an offset in the stored text.
"""
from __future__ import annotations

import re
import warnings
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass

from ..errors import InputError, InputWarning
from ..nlp import get_pipeline, sentence_spans, word_offsets
from .readers import VISIBLE_RE, SourceText, TurnHint, line_view, strip_span

_TS = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_NAME = r"[^\W\d_][\w.'’\- ]{0,38}?"
_EOL = r"(?=\r*$)"


@dataclass(frozen=True)
class Convention:
    name: str
    pattern: re.Pattern
    #: the turn text starts on the line after the label (Otter exports)
    text_on_next_line: bool = False


CONVENTIONS = (
    Convention("timestamp_name", re.compile(
        rf"^[ \t]*[\[(](?P<ts>{_TS})[\])][ \t]*(?P<name>{_NAME})[ \t]*:(?:[ \t]+|{_EOL})", re.M)),
    Convention("name_timestamp", re.compile(
        rf"^[ \t]*(?P<name>{_NAME})[ \t]*[\[(](?P<ts>{_TS})[\])][ \t]*:(?:[ \t]+|{_EOL})", re.M)),
    Convention("otter", re.compile(
        rf"^[ \t]*(?P<name>{_NAME})[ \t]+(?P<ts>{_TS})[ \t]*\r*\n", re.M), text_on_next_line=True),
    Convention("bracket_name", re.compile(
        rf"^[ \t]*\[(?P<name>{_NAME})\][ \t]*:?(?:[ \t]+|{_EOL})", re.M)),
    Convention("name_colon", re.compile(
        rf"^[ \t]*(?:\*\*|__)?(?P<name>{_NAME})(?:\*\*|__)?[ \t]*:(?:\*\*|__)?(?:[ \t]+|{_EOL})", re.M)),
)

INTERVIEWER_LABELS = {"i", "int", "iv", "interviewer", "interviewster", "interviewer 1", "interviewer 2",
                      "q", "v", "vraag", "onderzoeker", "researcher", "moderator", "gespreksleider",
                      "facilitator", "question"}
RESPONDENT_LABELS = {"r", "resp", "respondent", "a", "antwoord", "answer", "geïnterviewde", "geinterviewde",
                     "interviewee", "deelnemer", "participant", "p", "b"}
ROLE_LABELS = INTERVIEWER_LABELS | RESPONDENT_LABELS

_MARK_WORDS = re.compile(r"^(?:lacht|lachen|gelach|stilte|pauze|zucht|onverstaanbaar|onhoorbaar|inaudible|"
                         r"laughs?|laughter|silence|pause|crosstalk|door elkaar|\.+|…|\?)$", re.I)


def _norm(label: str) -> str:
    return " ".join(label.casefold().split())


def ms_from_timestamp(ts: str) -> int:
    main, _, frac = ts.replace(",", ".").partition(".")
    parts = [int(p) for p in main.split(":")]
    while len(parts) < 3:
        parts.insert(0, 0)
    h, m, s = parts
    return ((h * 60 + m) * 60 + s) * 1000 + (int(frac.ljust(3, "0")[:3]) if frac else 0)


def _valid_matches(conv: Convention, text: str) -> list[re.Match]:
    matches = [m for m in conv.pattern.finditer(text)
               if len(m.group("name").split()) <= 4 and not _MARK_WORDS.match(m.group("name").strip())]
    if "ts" in conv.pattern.groupindex:
        return matches  # a timestamp makes a label unambiguous, even when the speaker talks once
    counts = Counter(_norm(m.group("name")) for m in matches)
    return [m for m in matches if counts[_norm(m.group("name"))] >= 2 or _norm(m.group("name")) in ROLE_LABELS]


def detect_turns(text: str, path=None) -> tuple[list[TurnHint], str | None]:
    """Find speaker turns in plain text; returns (turns, convention name or None).

    ``path`` names the file in the warnings about Otter blocks whose speaker line is broken.
    """
    view = line_view(text)
    best: tuple[int, Convention | None, list[re.Match]] = (0, None, [])
    for conv in CONVENTIONS:
        matches = _valid_matches(conv, view)
        if len(matches) > best[0]:
            best = (len(matches), conv, matches)
    count, conv, matches = best
    if conv is None or count < 2:
        return [], None
    heads = [_Head(m.start(), m.end(), m.group("name").strip(), m.groupdict().get("ts")) for m in matches]
    if conv.name == "otter":
        heads = _otter_heads(view, heads, path)
    turns: list[TurnHint] = []
    for k, head in enumerate(heads):
        start = head.body
        end = heads[k + 1].start if k + 1 < len(heads) else len(text)
        start, end = strip_span(text, start, end)
        if end <= start:
            continue
        turn = TurnHint(start, end, head.name, ms_from_timestamp(head.ts) if head.ts else None)
        if head.name is None:  # an Otter timestamp without its speaker
            prev = turns[-1] if turns else None
            if prev is not None and _continues(text[prev.spans()[-1][0]:prev.end], text[start:start + 100]):
                prev.extend(turn)  # the sentence runs on: the same person is still speaking
                continue
            line = view.count("\n", 0, head.start) + 1
            warnings.warn(InputWarning(
                path, f"timestamp {head.ts} has no speaker name; its text is kept as a turn of an unknown speaker"
                      + (f", not given to {prev.speaker}" if prev is not None and prev.speaker else "")
                      + " (write the name before the timestamp: 'Name  0:13')", line), stacklevel=2)
        turns.append(turn)
    # a turn ends where the next one starts
    for a, b in zip(turns, turns[1:]):
        if a.t_start_ms is not None and b.t_start_ms is not None and a.t_end_ms is None:
            a.t_end_ms = b.t_start_ms
    return turns, conv.name


@dataclass
class _Head:
    """A speaker line: where it starts, where the speech after it starts, who, when."""

    start: int
    body: int
    name: str | None
    ts: str | None


_OTTER_NAME_ONLY = re.compile(rf"^[ \t]*(?P<name>{_NAME})[ \t]*\r*\n", re.M)
_OTTER_TS_ONLY = re.compile(rf"^[ \t]*(?P<ts>{_TS})[ \t]*\r*(?:\n|\Z)", re.M)
_ENDS_SENTENCE = re.compile(r"[.?!…][\"'”’)\]]*\s*\Z")


def _otter_heads(view: str, heads: list[_Head], path) -> list[_Head]:
    """Add the broken speaker lines of an Otter export to its ``Name  0:13`` lines.

    A block that opens with a line holding only a name (its timestamp lost) starts a turn of
    that name; when the name has no other turn, a warning says so. A line holding only a
    timestamp (its name lost) starts a turn whose speaker :func:`detect_turns` decides.
    """
    known = {_norm(h.name) for h in heads}
    taken = {h.start for h in heads}
    extra: list[_Head] = []
    for m in _OTTER_NAME_ONLY.finditer(view):
        name = m.group("name").strip()
        if m.start() in taken or not _block_start(view, m.start()) or not _next_line_has_text(view, m.end()):
            continue
        if _norm(name) in known:
            extra.append(_Head(m.start(), m.end(), name, None))
        elif (name[0].isupper() and len(name.split()) <= 4 and not name.endswith(".")
              and not _MARK_WORDS.match(name)):
            extra.append(_Head(m.start(), m.end(), name, None))
            warnings.warn(InputWarning(
                path, f"line {name!r} is taken as a speaker line without its timestamp; {name!r} has no other "
                      "turn in this file, so check it is a name", view.count("\n", 0, m.start()) + 1), stacklevel=3)
    for m in _OTTER_TS_ONLY.finditer(view):
        if m.start() not in taken:
            extra.append(_Head(m.start(), m.end(), None, m.group("ts")))
    return sorted(heads + extra, key=lambda h: h.start)


def _block_start(view: str, pos: int) -> bool:
    """Whether the line at ``pos`` opens a block: the line before it is blank, or there is none."""
    k = view.rfind("\n", 0, pos)
    if k < 0:
        return not view[:pos].strip()
    return not view[view.rfind("\n", 0, k) + 1:k].strip()


def _next_line_has_text(view: str, pos: int) -> bool:
    end = view.find("\n", pos)
    return bool(view[pos:end if end >= 0 else len(view)].strip())


def _continues(before: str, after: str) -> bool:
    """Whether ``after`` clearly runs on from ``before``: no sentence end before it, and it
    opens with a lower-case letter."""
    first = VISIBLE_RE.search(after)
    return (not _ENDS_SENTENCE.search(before[-100:]) and first is not None
            and first.group().islower() and not after[:first.start()].strip("\"'“‘( "))


def paragraph_turns(text: str, paragraph_break: str) -> list[TurnHint]:
    """Fallback for unlabelled text: every paragraph is a turn of an unknown speaker."""
    return [TurnHint(s, e, None) for s, e in split_paragraphs(text, 0, len(text), paragraph_break)]


_BLANK_LINE = re.compile(r"\r*\n[ \t]*\r*\n\s*")
_NEWLINE = re.compile(r"\r*\n\s*")


def split_paragraphs(text: str, start: int, end: int, paragraph_break: str,
                     view: str | None = None) -> list[tuple[int, int]]:
    """Paragraph spans within ``text[start:end]``. Pass ``view`` (:func:`line_view` of
    ``text``) when splitting many spans of one text, so it is computed once."""
    if view is None:
        view = line_view(text)
    sep = _BLANK_LINE if paragraph_break == "blank_line" else _NEWLINE
    spans, pos = [], start
    for m in sep.finditer(view, start, end):
        spans.append(strip_span(text, pos, m.start()))
        pos = m.end()
    spans.append(strip_span(text, pos, end))
    return [(s, e) for s, e in spans if e > s]


def _has_speech(view: str, turn: TurnHint) -> bool:
    """Whether a turn holds a letter or digit once every speaker label is taken out."""
    for s, e in turn.spans():
        piece = view[s:e] + "\n"  # labels are matched with their line end
        if not VISIBLE_RE.search(piece):
            continue
        for conv in CONVENTIONS:
            piece = conv.pattern.sub("", piece)
        piece = _OTTER_TS_ONLY.sub("", piece)  # (a line with only a name may be speech: "Ja.")
        if VISIBLE_RE.search(piece):
            return True
    return False


@dataclass
class Segmentation:
    """All segments of one document as plain rows (dicts), turns first."""

    rows: list[dict]
    convention: str | None
    unlabelled: bool


def segment_source(source: SourceText, lang: str = "nl") -> Segmentation:
    """Turns (from the format or detected), paragraphs inside turns, sentences inside paragraphs."""
    text = source.text
    view = line_view(text)
    convention = source.format if source.turns else None
    turns = source.turns
    if not turns:
        turns, convention = detect_turns(text, source.path)
    unlabelled = not turns or all(t.speaker is None for t in turns)
    if not turns:
        turns = paragraph_turns(text, source.paragraph_break)
    if not any(_has_speech(view, t) for t in turns):
        raise InputError(source.path, "no speech found: there are only speaker labels, with nothing said after them"
                         if VISIBLE_RE.search(text) else "no speech found: the text holds no letters or digits",
                         fix="check that the whole transcript was saved into this file")

    nlp = get_pipeline(lang)
    rows: list[dict] = []
    para_spans: list[tuple[int, int, int]] = []  # (turn idx, start, end)
    for ti, turn in enumerate(turns):
        rows.append(dict(kind="turn", idx=ti, parent=None, speaker=turn.speaker, start=turn.start,
                         end=turn.end, t_start_ms=turn.t_start_ms, t_end_ms=turn.t_end_ms, n_words=0))
        for part_start, part_end in turn.spans():  # cue timings between the parts are not speech
            for s, e in split_paragraphs(text, part_start, part_end, source.paragraph_break, view):
                para_spans.append((ti, s, e))

    sentences: list[dict] = []
    paragraphs: list[dict] = []
    docs = nlp.pipe((text[s:e] for _, s, e in para_spans), batch_size=256)
    for pi, ((ti, s, e), doc) in enumerate(zip(para_spans, docs)):
        ptext = text[s:e]
        words = word_offsets(doc, ptext)
        n_words = len(words)
        rows[ti]["n_words"] += n_words
        turn = rows[ti]
        paragraphs.append(dict(kind="paragraph", idx=pi, parent=("turn", ti), speaker=turn["speaker"],
                               start=s, end=e, t_start_ms=None, t_end_ms=None, n_words=n_words))
        for sent_start, sent_end in sentence_spans(doc):
            a, b = strip_span(ptext, sent_start, sent_end)
            if b > a:
                sentences.append(dict(kind="sentence", idx=len(sentences), parent=("paragraph", pi),
                                      speaker=turn["speaker"], start=s + a, end=s + b,
                                      t_start_ms=None, t_end_ms=None,
                                      n_words=bisect_left(words, b) - bisect_left(words, a)))
    return Segmentation(rows + paragraphs + sentences, convention, unlabelled)


def assign_roles(turns: list[dict], text: str, interviewers: list[str] = (),
                 respondent_names: list[str] = ()) -> tuple[dict[str | None, str], str | None]:
    """Map each speaker label to interviewer / respondent / other.

    Order of evidence: role labels (I, R, Interviewer, ...), the case's named interviewers, the
    participant's pseudonym, and last the speaker who asks the most questions. Returns the map
    and, when the last rule decided, a note saying so.
    """
    def matches(label: str, names) -> bool:
        n = _norm(label)
        return any(n == _norm(x) or n == _norm(x).split()[0] or _norm(x) == n.split()[0] for x in names if x.strip())

    speakers = [t["speaker"] for t in turns]
    # Unlabelled text is the respondent's; but a turn without a speaker among labelled ones
    # (a cue or Otter block whose name was lost) is nobody's known speech.
    mixed = None in speakers and any(s is not None for s in speakers)
    roles: dict[str | None, str] = {None: "other" if mixed else "respondent"}
    unresolved = []
    for label in dict.fromkeys(s for s in speakers if s is not None):
        n = _norm(label)
        if n in INTERVIEWER_LABELS or matches(label, interviewers):
            roles[label] = "interviewer"
        elif n in RESPONDENT_LABELS or matches(label, respondent_names):
            roles[label] = "respondent"
        else:
            unresolved.append(label)
    note = None
    if unresolved:
        has_interviewer = "interviewer" in roles.values()
        if not has_interviewer and len(unresolved) + sum(r == "respondent" for r in roles.values()) - 1 >= 2:
            questions = Counter()
            counts = Counter(speakers)
            for t in turns:
                if t["speaker"] in unresolved and text[t["start"]:t["end"]].rstrip().endswith("?"):
                    questions[t["speaker"]] += 1
            ratio = {s: questions[s] / counts[s] for s in unresolved}
            asker = max(unresolved, key=lambda s: (ratio[s], -counts[s]))
            if ratio[asker] >= 0.2:
                roles[asker] = "interviewer"
                unresolved.remove(asker)
                note = (f"speaker {asker!r} taken as the interviewer (asks the most questions); "
                        "name the interviewers in case.toml to be sure")
        has_respondent = any(r == "respondent" for k, r in roles.items() if k is not None)
        for label in unresolved:
            roles[label] = "other" if has_respondent else "respondent"
    return roles, note
