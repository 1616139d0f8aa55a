"""spaCy pipelines: blank Dutch/English tokenisers with a sentencizer, built once per process.

No trained pipeline installs offline (DESIGN §5), so sentences come from spaCy's rule-based
sentencizer. Dutch tokenizer exceptions carry ~1,200 abbreviations that are also words
("hand.", "bel.", "gem."); left in, "mijn hand. Toen" stays one sentence. We drop every
single-dot exception except real abbreviations that occur in speech and writing.
"""
from __future__ import annotations

import re
from functools import lru_cache

import numpy
import spacy
from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LEMMA, LENGTH, ORTH, SENT_START
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
def get_pipeline(lang: str = "nl", lemmas: bool = False) -> Language:
    """The blank pipeline for ``lang`` ("nl" or "en") with a sentencizer; cached.

    ``lemmas=True`` adds the simplemma lemmatiser (see :func:`lemmatise`).
    """
    if lang not in SUPPORTED_LANGUAGES:
        raise ValueError(f"language {lang!r} is not supported; use one of {SUPPORTED_LANGUAGES}")
    nlp = spacy.blank(lang)
    keep = KEEP_ABBREVIATIONS[lang]
    if keep:
        _fix_dutch_exceptions(nlp, keep)
    nlp.max_length = 10**8  # no parser or NER here, so long texts are safe (ingest caps file size)
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("transcription_marks")
    if lemmas:
        nlp.add_pipe("undercurrent_lemmatizer", config={"lang": lang})
    return nlp


# Measured on benchmarks/data/lemma_gold_nl.tsv (python -m benchmarks.lemmatisers): simplemma
# 79/83 right, spaCy's lookup tables (spacy-lookups-data) 44/83. simplemma is used, with these
# fixes for its few misses and a compound fallback for words it does not know.
# "leren" -> "leer" etc.: simplemma reads some infinitives as nouns; in talk about work the verb
# is what people mean (plurals such as "handen" or "lessen" are also verbs, so no general rule).
LEMMA_FIXES = {"nl": {"gestaan": "staan", "gelast": "lassen", "geweten": "weten", "gelaste": "lassen",
                      "stonden": "staan", "leren": "leren", "uitleggen": "uitleggen", "sturen": "sturen",
                      "vloer": "vloer", "vloeren": "vloer", "zeil": "zeil"},
               "en": {}}


@lru_cache(maxsize=200_000)
def lemmatise(word: str, lang: str = "nl") -> str:
    """Dictionary form of one lower-case word. Unknown Dutch compounds take the lemma of their
    head ("werkbonnen" -> "werkbon")."""
    import simplemma

    fixed = LEMMA_FIXES[lang].get(word)
    if fixed:
        return fixed
    lemma = simplemma.lemmatize(word, lang=lang).replace("_", "")  # "opgepakt" -> "op_pakken"
    if lang == "nl" and lemma == word and len(word) >= 7 and word.isalpha() and not simplemma.is_known(word, lang=lang):
        for i in range(3, len(word) - 3):
            head = word[i:]
            if simplemma.is_known(head, lang=lang):
                head_lemma = simplemma.lemmatize(head, lang=lang).replace("_", "")
                # the head's lemma must look like the head ("bonnen" -> "bon"), not a stray form
                # of another word ("ware" -> "zijn" would turn "software" into "softzijn")
                return word[:i] + head_lemma if head_lemma[:2] == head[:2] else lemma
    return lemma


_ACRONYM_PLURAL = re.compile(r"[A-Z]{2,}s")


@Language.factory("undercurrent_lemmatizer", default_config={"lang": "nl"})
def make_lemmatizer(nlp: Language, name: str, lang: str):
    """Lemmas on the token arrays, decided once per word type (and sentence position): most
    tokens are frequent types, and Token objects cost more than the decision itself."""
    strings = nlp.vocab.strings
    decided: dict[tuple[int, bool], int] = {}  # (orth hash, sentence-initial) -> lemma hash

    def decide(text: str, punct: bool, first: bool) -> str:
        if punct:
            return text
        if _ACRONYM_PLURAL.fullmatch(text):
            return text[:-1].lower()  # "IRBs" -> "irb", "CAOs" -> "cao"
        if text[:1].isupper() and not first and len(text) > 1:
            return text.lower()  # a name ("Ben", "Kampman"), not a word to lemmatise
        return lemmatise(text.lower(), lang)

    def lemmatizer(doc):
        if not len(doc):
            return doc
        lemmas = []
        for i, (orth, sent_start, punct, space) in enumerate(doc.to_array([ORTH, SENT_START, IS_PUNCT, IS_SPACE]).tolist()):
            key = (orth, i == 0 or sent_start == 1)
            lemma = decided.get(key)
            if lemma is None:
                lemma = decided[key] = strings.add(decide(strings[orth], bool(punct or space), key[1]))
            lemmas.append(lemma)
        doc.from_array([LEMMA], numpy.array(lemmas, dtype="uint64").reshape(-1, 1))
        return doc
    return lemmatizer


@Language.component("transcription_marks")
def keep_marks_whole(doc):
    """A mark never straddles a sentence boundary: "uur. [lacht] Ja" splits before "[", not inside.

    Works on the token arrays: setting ``Token.is_sent_start`` one by one rescans the whole Doc.
    """
    text = doc.text
    marks = mark_spans(text)
    if not marks or not len(doc):
        return doc
    arr = doc.to_array([IDX, SENT_START])
    starts = arr[:, 1].astype("int64")  # uint64 in spaCy: -1 ("not a start") wraps around
    idx = arr[:, 0].tolist()
    k = 0
    for i, pos in enumerate(idx):
        while k < len(marks) and marks[k][1] <= pos:
            k += 1
        if k == len(marks):
            break
        if marks[k][0] < pos:
            starts[i] = -1  # inside a mark
        elif marks[k][0] == pos and i > 0 and text[idx[i - 1]:pos].strip() in {".", "?", "!", "…"}:
            starts[i] = 1  # the mark opens the next sentence
    doc.from_array([SENT_START], starts.astype("uint64").reshape(-1, 1))
    return doc


def mark_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of transcription marks in ``text``."""
    return [m.span() for m in MARK_RE.finditer(text)]


_ALNUM = re.compile(r"[^\W_]")


def word_offsets(doc, text: str | None = None) -> list[int]:
    """Character offsets of the word tokens of a Doc, transcription marks excluded.

    Reads spaCy's token arrays instead of Token objects: on transcripts this is most of the
    cost of segmentation otherwise.
    """
    text = doc.text if text is None else text  # Doc.text is rebuilt from the tokens on every call
    arr = doc.to_array([IDX, LENGTH, IS_PUNCT, IS_SPACE])
    marks = mark_spans(text)
    out, k = [], 0
    for idx, length, punct, space in arr.tolist():
        if punct or space:
            continue
        while k < len(marks) and marks[k][1] <= idx:
            k += 1
        if k < len(marks) and marks[k][0] <= idx < marks[k][1]:
            continue
        if _ALNUM.search(text, idx, idx + length):
            out.append(idx)
    return out


def sentence_spans(doc) -> list[tuple[int, int]]:
    """(start, end) character offsets of the sentences of a Doc (from the token arrays)."""
    if not len(doc):
        return []
    arr = doc.to_array([IDX, LENGTH, SENT_START]).tolist()
    starts = [i for i, (_, _, sent_start) in enumerate(arr) if sent_start == 1 or i == 0]
    spans = []
    for n, first in enumerate(starts):
        last = (starts[n + 1] if n + 1 < len(starts) else len(arr)) - 1
        spans.append((arr[first][0], arr[last][0] + arr[last][1]))
    return spans
