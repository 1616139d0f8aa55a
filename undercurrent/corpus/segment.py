"""Speaker turns, paragraphs and sentences as code-point offsets into the document text.

Turn conventions are recognised without configuration. Each convention is a line-start
pattern; the one that finds the most (recurring) labels wins. A label seen only once is
treated as speech ("Hij zei: nou ..."), unless it is a role label such as ``I`` or ``R``.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass

from ..nlp import get_pipeline, sentence_spans, word_offsets
from .readers import SourceText, TurnHint, strip_span

_TS = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_NAME = r"[^\W\d_][\w.'’\- ]{0,38}?"
_EOL = r"(?=\r?$)"


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
        rf"^[ \t]*(?P<name>{_NAME})[ \t]+(?P<ts>{_TS})[ \t]*\r?\n", re.M), text_on_next_line=True),
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


def detect_turns(text: str) -> tuple[list[TurnHint], str | None]:
    """Find speaker turns in plain text; returns (turns, convention name or None)."""
    best: tuple[int, Convention | None, list[re.Match]] = (0, None, [])
    for conv in CONVENTIONS:
        matches = _valid_matches(conv, text)
        if len(matches) > best[0]:
            best = (len(matches), conv, matches)
    count, conv, matches = best
    if conv is None or count < 2:
        return [], None
    turns: list[TurnHint] = []
    for k, m in enumerate(matches):
        start = m.end()
        end = matches[k + 1].start() if k + 1 < len(matches) else len(text)
        start, end = strip_span(text, start, end)
        if end <= start:
            continue
        ts = m.groupdict().get("ts")
        turns.append(TurnHint(start, end, m.group("name").strip(),
                              ms_from_timestamp(ts) if ts else None))
    # a turn ends where the next one starts
    for a, b in zip(turns, turns[1:]):
        if a.t_start_ms is not None and b.t_start_ms is not None and a.t_end_ms is None:
            a.t_end_ms = b.t_start_ms
    return turns, conv.name


def paragraph_turns(text: str, paragraph_break: str) -> list[TurnHint]:
    """Fallback for unlabelled text: every paragraph is a turn of an unknown speaker."""
    return [TurnHint(s, e, None) for s, e in split_paragraphs(text, 0, len(text), paragraph_break)]


_BLANK_LINE = re.compile(r"\r?\n[ \t]*\r?\n\s*")
_NEWLINE = re.compile(r"\r?\n\s*")


def split_paragraphs(text: str, start: int, end: int, paragraph_break: str) -> list[tuple[int, int]]:
    """Paragraph spans within ``text[start:end]``."""
    sep = _BLANK_LINE if paragraph_break == "blank_line" else _NEWLINE
    spans, pos = [], start
    for m in sep.finditer(text, start, end):
        spans.append(strip_span(text, pos, m.start()))
        pos = m.end()
    spans.append(strip_span(text, pos, end))
    return [(s, e) for s, e in spans if e > s]


@dataclass
class Segmentation:
    """All segments of one document as plain rows (dicts), turns first."""

    rows: list[dict]
    convention: str | None
    unlabelled: bool


def segment_source(source: SourceText, lang: str = "nl") -> Segmentation:
    """Turns (from the format or detected), paragraphs inside turns, sentences inside paragraphs."""
    text = source.text
    convention = source.format if source.turns else None
    turns = source.turns
    if not turns:
        turns, convention = detect_turns(text)
    unlabelled = not turns or all(t.speaker is None for t in turns)
    if not turns:
        turns = paragraph_turns(text, source.paragraph_break)

    nlp = get_pipeline(lang)
    rows: list[dict] = []
    para_spans: list[tuple[int, int, int]] = []  # (turn idx, start, end)
    for ti, turn in enumerate(turns):
        rows.append(dict(kind="turn", idx=ti, parent=None, speaker=turn.speaker, start=turn.start,
                         end=turn.end, t_start_ms=turn.t_start_ms, t_end_ms=turn.t_end_ms, n_words=0))
        for s, e in split_paragraphs(text, turn.start, turn.end, source.paragraph_break):
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
    roles: dict[str | None, str] = {None: "respondent"}
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
