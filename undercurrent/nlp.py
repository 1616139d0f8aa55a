"""spaCy pipelines: blank Dutch/English tokenisers with a sentencizer, built once per process.

No trained pipeline installs offline (DESIGN §5), so sentences come from spaCy's rule-based
sentencizer. Dutch tokenizer exceptions carry ~1,200 abbreviations that are also words
("hand.", "bel.", "gem."); left in, "mijn hand. Toen" stays one sentence. We drop every
single-dot exception except real abbreviations that occur in speech and writing.
"""
from __future__ import annotations

import re
from functools import lru_cache

import spacy
from spacy.language import Language

SUPPORTED_LANGUAGES = ("nl", "en")

# Abbreviations that keep their dot (lower-case; capitalised forms are kept too).
KEEP_ABBREVIATIONS = {
    "nl": {"bijv", "bv", "bvb", "enz", "etc", "ca", "dhr", "mevr", "mr", "mw", "drs", "dr", "ir",
           "ing", "prof", "nr", "blz", "incl", "excl", "evt", "resp", "jl", "vs", "ong", "zgn",
           "mln", "mld", "ds", "st", "tel", "afd", "art", "max", "min"},
    "en": set(),  # spaCy's English exceptions are real abbreviations ("Mr.", "etc.")
}

# Transcription marks stay in the text but are not words: [lacht], [onverstaanbaar], (...),
# (lacht), [00:12:31].
MARK_RE = re.compile(
    r"\[[^\[\]\n]{1,60}\]"
    r"|\((?:\s*(?:\.{2,}|…)\s*|(?:lacht|lachen|gelach|stilte|pauze|zucht|onverstaanbaar|onhoorbaar"
    r"|inaudible|laughs|laughter|silence|pause|sighs|crosstalk|door elkaar)[^()\n]{0,30})\)",
    re.IGNORECASE,
)


def _fix_dutch_exceptions(nlp: Language, keep: set[str]) -> None:
    rules = dict(nlp.tokenizer.rules)
    for key in list(rules):
        if not key.endswith(".") or key.count(".") != 1 or len(key) <= 2:
            continue  # multi-dot abbreviations (o.a., d.w.z.) and initials (J.) are safe
        if key[:-1].lower() not in keep:
            del rules[key]
    nlp.tokenizer.rules = rules


@lru_cache(maxsize=None)
def get_pipeline(lang: str = "nl") -> Language:
    """The blank pipeline for ``lang`` ("nl" or "en") with a sentencizer; cached."""
    if lang not in SUPPORTED_LANGUAGES:
        raise ValueError(f"language {lang!r} is not supported; use one of {SUPPORTED_LANGUAGES}")
    nlp = spacy.blank(lang)
    keep = KEEP_ABBREVIATIONS[lang]
    if keep:
        _fix_dutch_exceptions(nlp, keep)
    nlp.max_length = 10**8  # no parser or NER here, so long texts are safe (ingest caps file size)
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("transcription_marks")
    return nlp


@Language.component("transcription_marks")
def keep_marks_whole(doc):
    """A mark never straddles a sentence boundary: "uur. [lacht] Ja" splits before "[", not inside."""
    for start, end in mark_spans(doc.text):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        first = span[0]
        if first.i > 0 and doc[first.i - 1].text in {".", "?", "!", "…"}:
            first.is_sent_start = True
        for tok in span[1:]:
            tok.is_sent_start = False
    return doc


def mark_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of transcription marks in ``text``."""
    return [m.span() for m in MARK_RE.finditer(text)]


def is_word(token) -> bool:
    return not (token.is_punct or token.is_space) and any(c.isalnum() for c in token.text)


def count_words(text: str, lang: str = "nl") -> int:
    """Words in ``text``, not counting punctuation or transcription marks."""
    return len(word_offsets(get_pipeline(lang).make_doc(text)))


def word_offsets(doc) -> list[int]:
    """Character offsets of the word tokens of a Doc, transcription marks excluded."""
    marks = mark_spans(doc.text)
    out = []
    k = 0
    for tok in doc:
        while k < len(marks) and marks[k][1] <= tok.idx:
            k += 1
        if k < len(marks) and marks[k][0] <= tok.idx < marks[k][1]:
            continue
        if is_word(tok):
            out.append(tok.idx)
    return out
