"""Rule-based auto-coding: codebook indicators matched with spaCy on lemmas and word forms.

One pass per sentence over all codebooks at once (PhraseMatcher and Matcher scale to thousands
of indicators), with Dutch separable verbs, compounds and simple negation handled.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections import namedtuple
from dataclasses import dataclass
from datetime import datetime, timezone

import pandas as pd
import regex
from spacy.attrs import IS_ALPHA, LEMMA, LOWER, NORM, ORTH
from spacy.matcher import Matcher, PhraseMatcher

from ..corpus.model import Corpus
from ..errors import InputError
from ..nlp import get_pipeline, lemmatise
from ..store import CODING_COLUMNS
from .codebook import Code, Codebook
from .stance import NEGATORS, Reading, SentenceCues, might_have_cues

#: clause words that keep a separable verb's particle from reaching back across them
CLAUSE_BREAKS = {",", ";", ":", "maar", "want", "omdat", "en", "dus", "terwijl", "toen", "die", "waar", "but",
                 "because", "and", "so", "while", "who", "which"}
SEPARABLE_PARTICLES = ("aan", "achter", "af", "bij", "binnen", "buiten", "door", "in", "langs", "los", "mee",
                       "mis", "na", "neer", "om", "onder", "op", "over", "rond", "samen", "tegen", "terug",
                       "toe", "uit", "vast", "voor", "vooruit", "weg", "dicht", "open", "kapot", "thuis")
_TOKEN_ATTRS = [LEMMA, LOWER, ORTH, NORM, IS_ALPHA]
#: indicator kinds that a code's `context` words must accompany
CONTEXT_BOUND = ("lemmas", "compounds", "regex")
#: seconds one codebook regex may take on one sentence. The codebook check refuses nested
#: repeats, but an alternation that can match the same text twice under a repeat ((\w|\w\w)+)
#: backtracks exponentially too; the regex module stops it, so a bad regex is an error, not a hang
REGEX_TIMEOUT = 1.0


#: words that may follow the particle of a split separable verb ("ik kijk het af van Ben");
#: anything else means the "particle" was a preposition ("wat doe je voor werk")
AFTER_PARTICLE = {"van", "bij", "met", "aan", "op", "in", "om", "te", "naar", "voor", "uit", "door", "over",
                  "tegen", "hoor", "he", "hè", "toch", "ook", "wel", "nog", "al", "dan", "zo", "nu"}


#: what coding needs of a sentence segment
_Sentence = namedtuple("_Sentence", ["doc_id", "start", "end", "parent_id"])


@dataclass(frozen=True)
class Indicator:
    code: Code
    kind: str
    term: str
    coder: str
    #: negation words that are part of the indicator itself ("geen tijd voor") and so do not negate it
    own_negators: frozenset = frozenset()


def coding_id(coder: str, doc_id: str, start: int, end: int, code_id: str) -> str:
    """Stable id: the same coding made again gets the same id."""
    return hashlib.sha1(f"{coder}\x1f{doc_id}\x1f{start}\x1f{end}\x1f{code_id}".encode()).hexdigest()[:16]


def coverage_notes(codebooks: list[Codebook], lang: str) -> tuple[list[Codebook], list[str]]:
    """The codebooks that can code text in ``lang`` (they have indicators for it), and a note
    for each that cannot or only partly can: an English case never silently runs Dutch rules."""
    usable, notes = [], []
    for book in codebooks:
        leaves = [c for c in book.codes if any(i.count() for i in c.indicators.values())]
        have = [c for c in leaves if c.indicators.get(lang) is not None and c.indicators[lang].count()]
        if not have:
            notes.append(f"codebook {book.id} has no '{lang}' indicators: text in '{lang}' was not coded with it")
            continue
        usable.append(book)
        if len(have) < len(leaves):
            missing = len(leaves) - len(have)
            notes.append(f"codebook {book.id}: {missing} of {len(leaves)} codes have no '{lang}' indicators "
                         f"and cannot be found in text in '{lang}'")
    return usable, notes


def _separable(lemma: str) -> tuple[str, str] | None:
    for particle in sorted(SEPARABLE_PARTICLES, key=len, reverse=True):
        base = lemma[len(particle):]
        if lemma.startswith(particle) and len(base) >= 4 and base.endswith("en"):
            return particle, base
    return None


class RuleCoder:
    """Applies codebooks to sentences of a corpus.

    Parameters
    ----------
    codebooks : the codebooks to apply (all in one pass)
    lang : "nl" or "en"; the indicators of that language are used
    unit : "sentence" (a coding spans the sentence holding the evidence; the default) or "turn"
    confidence : how confident each indicator makes a coding; default: the shipped audit
        (:class:`~undercurrent.coding.confidence.ConfidenceModel`)
    say_do_code : the code for an espoused or reported claim that the speaker then contradicts
        ("zeggen ze, maar ..."); used when a loaded codebook has it
    """

    def __init__(self, codebooks: list[Codebook], *, lang: str = "nl", unit: str = "sentence", confidence=None,
                 say_do_code: str = "onderstroom/say_do_gap"):
        from .confidence import ConfidenceModel

        if unit not in ("turn", "sentence"):
            raise ValueError("unit must be 'turn' or 'sentence'")
        self.codebooks, self.lang, self.unit = list(codebooks), lang, unit
        self.confidence = confidence if confidence is not None else ConfidenceModel.shipped()
        loaded = {c.code_id: c for b in self.codebooks for c in b.codes}
        self.say_do_code = loaded.get(say_do_code)
        self.say_do_book_coder = next((b.coder for b in self.codebooks if self.say_do_code is not None
                                       and b.id == self.say_do_code.codebook), None)
        self.nlp = get_pipeline(lang, lemmas=True)
        self._build()

    # --- building the matchers -----------------------------------------------------------

    def _build(self) -> None:
        from spacy.tokens import Doc

        vocab = self.nlp.vocab
        negators = NEGATORS.get(self.lang, set())

        def own(text: str) -> frozenset:
            return frozenset(w for w in re.findall(r"[\w']+", text.lower()) if w in negators)

        self.indicators: dict[int, list[Indicator]] = {}  # matcher key hash -> what it stands for
        self.lemma_matcher = PhraseMatcher(vocab, attr="LEMMA")
        self.lower_matcher = PhraseMatcher(vocab, attr="LOWER")
        self.patterns = _PatternBuckets(vocab, self.nlp.Defaults.stop_words)
        self.compound_heads: dict[str, list[Indicator]] = {}
        self.regexes: list[tuple[regex.Pattern, Indicator, object]] = []  # (pattern, indicator, codebook file)
        lemma_terms: dict[str, list[Indicator]] = {}
        lower_terms: dict[str, list[Indicator]] = {}
        self.context: dict[str, frozenset] = {}  # code id -> hashes of the words one of which must be near
        for book in self.codebooks:
            for code in book.codes:
                ind = code.indicators.get(self.lang)
                if ind is None:
                    continue
                if ind.context:
                    self.context[code.code_id] = frozenset(
                        vocab.strings.add(w) for term in ind.context for w in (term, lemmatise(term, self.lang)))
                for term in ind.lemmas:
                    lemma_terms.setdefault(term, []).append(Indicator(code, "lemmas", term, book.coder, own(term)))
                    split = _separable(lemmatise(term, self.lang)) if self.lang == "nl" else None
                    if split:
                        particle, base = split
                        self._add_pattern(Indicator(code, "separable", term, book.coder), [
                            [{"LEMMA": base}, {"IS_PUNCT": False, "OP": "{0,6}"}, {"LOWER": particle}],
                            [{"LOWER": particle}, {"LOWER": "te"}, {"LEMMA": base}]])
                for term in ind.phrases:
                    lemma_terms.setdefault(term, []).append(Indicator(code, "phrases", term, book.coder, own(term)))
                    lower_terms.setdefault(term, []).append(Indicator(code, "phrases", term, book.coder, own(term)))
                for term in ind.compounds:
                    head = lemmatise(term, self.lang)
                    self.compound_heads.setdefault(head, []).append(Indicator(code, "compounds", term, book.coder))
                for pattern in ind.patterns:
                    text = json.dumps(pattern, ensure_ascii=False)
                    self._add_pattern(Indicator(code, "patterns", text, book.coder, own(text)), [pattern])
                for rx in ind.regex:
                    self.regexes.append((regex.compile(rx), Indicator(code, "regex", rx, book.coder), book.path))
        for matcher, terms in ((self.lemma_matcher, lemma_terms), (self.lower_matcher, lower_terms)):
            docs = self.nlp.pipe(terms) if matcher is self.lemma_matcher else (self.nlp.make_doc(t) for t in terms)
            for term, doc in zip(terms, docs):
                variants = [doc]
                if matcher is self.lemma_matcher and len(doc) == 1 and doc[0].lemma_ != term:
                    # a lemma as written also counts: simplemma maps "leren" to "leer" but "leert" to "leren"
                    variants.append(Doc(vocab, words=[term], lemmas=[term]))
                matcher.add(self._key(terms[term]), variants)
        self._compound_cache: dict[int, list[Indicator]] = {}
        # one search for "does any regex match at all?": most sentences have no regex hit
        try:
            self._any_regex = (regex.compile("|".join(f"(?:{rx.pattern})" for rx, *_ in self.regexes))
                               if self.regexes else None)
        except regex.error:  # e.g. back-references that do not survive joining: test each regex
            self._any_regex = None
        self._matchers = [m for m in (self.lemma_matcher, self.lower_matcher) if len(m)]

    def _regex_matches(self, lower: str) -> list:
        """(indicator, match) for the codebooks' regexes in one lower-cased sentence, each search
        limited to :data:`REGEX_TIMEOUT` seconds; a regex that takes longer is an InputError
        naming its codebook file, code and line."""
        if self._any_regex is not None:
            try:
                if self._any_regex.search(lower, timeout=REGEX_TIMEOUT) is None:
                    return []  # most sentences: no regex matches at all
            except TimeoutError:
                pass  # one of them is slow: the search one by one below names it
        out = []
        for rx, ind, path in self.regexes:
            try:
                out.extend((ind, m) for m in rx.finditer(lower, timeout=REGEX_TIMEOUT))
            except TimeoutError:
                raise InputError(path, f"code {ind.code.id!r}: regex '{ind.term}' took more than {REGEX_TIMEOUT:g} s "
                                 f"on one sentence ({len(lower)} characters) and was stopped", line=ind.code.line or None,
                                 fix="it backtracks without end: a repeat over alternatives that can match the same "
                                 "text, such as (\\w|\\w\\w)+, must be rewritten (e.g. \\w+), or use a phrase or "
                                 "pattern") from None
        return out

    def _key(self, indicators: list[Indicator]) -> str:
        key = f"uc:{len(self.indicators)}"
        self.indicators[self.nlp.vocab.strings.add(key)] = indicators
        return key

    def _add_pattern(self, indicator: Indicator, patterns: list) -> None:
        key = self._key([indicator])
        for pattern in patterns:
            self.patterns.add(key, pattern)

    def _compounds_of(self, lemma_hash: int) -> list[Indicator]:
        hits = self._compound_cache.get(lemma_hash)
        if hits is None:
            lemma = self.nlp.vocab.strings[lemma_hash]
            hits = []
            for i in range(0, max(1, len(lemma) - 2)):
                if i == 0 or i >= 3:  # the whole word, or a head after a modifier of 3+ letters
                    hits.extend(self.compound_heads.get(lemma[i:], ()))
            self._compound_cache[lemma_hash] = hits
        return hits

    # --- matching --------------------------------------------------------------------------

    def matches(self, doc, text: str | None = None) -> list[tuple[Indicator, int, int, Reading]]:
        """(indicator, start token, end token, reading) for one sentence Doc (``text`` is its
        text, when the caller has it: Doc.text is rebuilt from the tokens on every call).
        Matches inside editorial brackets ("[redacted]", "[...]") are left out."""
        return self._match(doc, text)[0]

    def _match(self, doc, text: str | None = None) -> tuple[list, SentenceCues | None]:
        """:meth:`matches` and the sentence's cues (None when nothing matched)."""
        found = []
        array = doc.to_array(_TOKEN_ATTRS)  # hashes; no Token objects on the hot path
        words = set(array[:, :4].ravel().tolist())  # every lemma, lower-case form, text and norm
        for matcher in self._matchers + self.patterns.matchers_for(words):
            for match_id, start, end in matcher(doc):
                for ind in self.indicators[match_id]:
                    found.append((ind, start, end))
        if self.compound_heads:
            for i, (lemma, alpha) in enumerate(array[:, [0, 4]].tolist()):
                if alpha:
                    for ind in self._compounds_of(lemma):
                        found.append((ind, i, i + 1))
        if self.regexes and (lower := (doc.text if text is None else text).lower()):
            for ind, m in self._regex_matches(lower):
                span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
                if span is not None:
                    found.append((ind, span.start, span.end))
        if not found:
            return [], None
        if self.context:
            def in_context(ind: Indicator) -> bool:
                needed = self.context.get(ind.code.code_id)
                return needed is None or ind.kind not in CONTEXT_BOUND or not needed.isdisjoint(words)

            found = [f for f in found if in_context(f[0])]
        cues = SentenceCues(doc, self.lang)
        seen, out = set(), []
        for ind, start, end in sorted(found, key=lambda f: (f[1], -f[2])):
            key = (ind.code.code_id, ind.kind, ind.term, start)
            if key in seen or (ind.kind == "separable" and not self._particle_ends_clause(doc, start, end)):
                continue
            seen.add(key)
            reading = cues.read(start, end, ind.own_negators)
            if reading is not None:
                out.append((ind, start, end, reading))
        return out, cues

    @staticmethod
    def _particle_ends_clause(doc, start: int, end: int) -> bool:
        if doc[start].lower_ in SEPARABLE_PARTICLES and end - start == 3 and doc[start + 1].lower_ == "te":
            return True  # "af te kijken"
        if any(doc[i].lower_ in CLAUSE_BREAKS for i in range(start + 1, end - 1)):
            return False  # verb and particle in different clauses
        if end == len(doc):
            return True
        nxt = doc[end]
        return nxt.is_punct or nxt.lower_ in CLAUSE_BREAKS or nxt.lower_ in AFTER_PARTICLE

    def _decide(self, ind: Indicator, reading: Reading) -> list[tuple[Code, str, str]]:
        """What a match means after negation, contrast and stance: (code, stance, how) triples.

        how: "" (as matched), "negated" (negated, flipped to the opposite code or kept), or
        "undercut" (a supporting claim conceded and contradicted: "fouten mogen, zegt hij, maar
        probeer het maar eens" means mistakes are not safe). The say-do gap such a sentence also
        shows is found per sentence (:meth:`SentenceCues.say_do`), with or without indicators."""
        code, stance = ind.code, reading.stance
        if reading.negated:
            if code.negation == "keep":
                return [(code, stance, "negated")]
            if code.negation == "drop" or code.opposite is None:
                return []
            return [(self._code(code.opposite_id), stance, "negated")]
        if not reading.undercut:
            return [(code, stance, "")]
        out = []
        claimed = stance in ("espoused", "reported")
        if code.direction == "supports":
            if not claimed:
                return []  # "je mag wel fouten maken, maar ...": a conceded point, meaning unclear
            if code.opposite is not None:
                out.append((self._code(code.opposite_id), "lived", "undercut"))
        out.append((code, stance, ""))
        return out

    def _code(self, code_id: str) -> Code:
        book = next(b for b in self.codebooks if b.id == code_id.split("/", 1)[0])
        return book[code_id]

    # --- coding a corpus -------------------------------------------------------------------

    def code(self, corpus: Corpus, *, roles=("respondent",), kinds=("interview", "life_history"),
             show_progress: bool | None = None) -> pd.DataFrame:
        """Codings for every matching sentence (or turn) of ``roles`` in documents of ``kinds``
        (DESIGN §3 `codings`), origin "auto". Add "document" to ``kinds`` to code policy texts
        and field notes too: their codings are *espoused* (what the organisation says)."""
        from ..progress import progress

        seg = corpus.segments
        docs = corpus.documents.set_index("doc_id")
        doc_kind = seg["doc_id"].map(docs["kind"])
        sentences = seg[(seg["kind"] == "sentence") & doc_kind.isin(kinds)
                        & (seg["speaker_role"].isin(roles) | (doc_kind == "document"))]
        if self.lang:
            sentences = sentences[sentences["doc_id"].map(docs["language"]) == self.lang]
        parent = dict(zip(seg["seg_id"], seg["parent_id"]))
        turns = seg[seg["kind"] == "turn"].set_index("seg_id")
        texts = [corpus.span(d, s, e) for d, s, e in zip(sentences["doc_id"], sentences["start"], sentences["end"])]
        units: dict[tuple, dict] = {}
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        # each text is one sentence already: the sentencizer (a pass over Token objects, a fifth of
        # the coding time) and the marks component that corrects it have nothing to split
        # plain tuples: itertuples over pandas string columns builds every cell one by one
        records = [_Sentence(*r) for r in zip(*(sentences[c].tolist() for c in _Sentence._fields))]
        rows = zip(records, texts, self.nlp.pipe(texts, batch_size=256, disable=["sentencizer", "transcription_marks"]))
        claim_in_turn: tuple = (None, None)  # (turn id, the cue of the last espoused or generic claim in it)

        def add(coder, sent, code, evidence, score):
            if self.unit == "turn" and sent.parent_id in parent and parent[sent.parent_id] in turns.index:
                turn_id = parent[sent.parent_id]
                u_start, u_end = int(turns.at[turn_id, "start"]), int(turns.at[turn_id, "end"])
            else:
                u_start, u_end = int(sent.start), int(sent.end)
            unit = units.setdefault((coder, sent.doc_id, u_start, u_end, code.code_id),
                                    {"evidence": [], "scores": {}, "stances": set()})
            unit["evidence"].append(evidence)
            span = (evidence["start"], evidence["end"])  # indicators on the same words are one piece of evidence
            unit["scores"][span] = max(unit["scores"].get(span, 0.0), score)
            unit["stances"].add(evidence["stance"])

        policy_docs = set(docs.index[docs["kind"] == "document"])
        for sent, text, doc in progress(rows, desc="Coding", unit="sentence", enabled=show_progress):
            policy = sent.doc_id in policy_docs
            found, cues = self._match(doc, text)
            for ind, start, end, reading in found:
                s_char, e_char = sent.start + doc[start].idx, sent.start + doc[end - 1].idx + len(doc[end - 1])
                for code, stance, how in self._decide(ind, reading):
                    if policy:
                        stance = "espoused"
                    elif code is self.say_do_code:
                        stance = "lived"  # "op papier wel": the gap itself is what the speaker lives
                    evidence = {"term": ind.term, "kind": ind.kind, "start": s_char, "end": e_char,
                                "text": text[s_char - sent.start:e_char - sent.start], "negated": reading.negated,
                                "stance": stance, **({"how": how} if how else {}),
                                **({"cue": reading.cue} if reading.cue else {}),
                                **({"from": ind.code.code_id} if code is not ind.code else {})}
                    key = (ind.code.code_id, ind.kind, ind.term, how)
                    if self.confidence.is_pruned(*key):
                        continue
                    add(ind.coder, sent, code, evidence, self.confidence.indicator(*key))
            # a claim contradicted in the same sentence, or in the next one of the same turn
            turn_id = parent.get(sent.parent_id, sent.parent_id)
            previous = claim_in_turn[1] if claim_in_turn[0] == turn_id else None
            if self.say_do_code is not None and not policy and (previous or might_have_cues(text, self.lang)):
                cues = cues or SentenceCues(doc, self.lang)
                cue = cues.say_do(previous)
                if cue:
                    term = "claim, then contrast" if previous is None or cues.claim else "claim | next sentence: contrast"
                    evidence = {"term": term, "kind": "stance", "start": int(sent.start), "end": int(sent.end),
                                "text": text, "negated": False, "stance": "lived", "how": "say_do", "cue": cue}
                    key = (self.say_do_code.code_id, "stance", term, "say_do")
                    add(self.say_do_book_coder, sent, self.say_do_code, evidence, self.confidence.indicator(*key))
                claim_in_turn = (turn_id, cues.claim or previous)
            elif claim_in_turn[0] != turn_id:
                claim_in_turn = (turn_id, None)
        out = []
        for (coder, doc_id, start, end, code_id), unit in units.items():
            stance = next(s for s in ("lived", "espoused", "reported") if s in unit["stances"])
            out.append(dict(coding_id=coding_id(coder, doc_id, start, end, code_id), doc_id=doc_id, start=start,
                            end=end, code_id=code_id, coder=coder, origin="auto",
                            confidence=self.confidence.combine(unit["scores"].values()),
                            evidence=json.dumps(unit["evidence"], ensure_ascii=False), memo=None, run_id=None,
                            created_at=now, quote=None, stance=stance))
        frame = pd.DataFrame(out, columns=list(CODING_COLUMNS))
        return frame.sort_values(["doc_id", "start", "code_id"]).reset_index(drop=True)

    def explain(self, text: str) -> list[str]:
        """Which codes a piece of text gets, and why (for trying out indicators)."""
        lines = []
        for sent in self.nlp(text).sents:
            doc = sent.as_doc()
            for ind, start, end, reading in self.matches(doc):
                decisions = self._decide(ind, reading)
                base = f"{ind.code.code_id}: {doc[start:end].text!r} ({ind.kind}: {ind.term})"
                if not decisions:
                    lines.append(f"{base}  [dropped: {'negated' if reading.negated else 'conceded'}]")
                for code, stance, how in decisions:
                    pruned = self.confidence.pruned.get((ind.code.code_id, ind.kind, ind.term, how))
                    note = [how or "", stance if stance != "lived" else "", reading.cue,
                            f"switched off by the audit: right {pruned[0]} of {pruned[1]} times" if pruned else ""]
                    target = "" if code is ind.code and not how else f" → {code.code_id}"
                    lines.append(f"{base}{target}  [{', '.join(n for n in note if n)}]".replace("  []", ""))
            cue = SentenceCues(doc, self.lang).say_do() if self.say_do_code is not None else None
            if cue:
                lines.append(f"{self.say_do_code.code_id}: {doc.text!r} (a claim, then contradicted)  [say_do, {cue}]")
        return lines or ["no code matches"]


class _PatternBuckets:
    """Token patterns grouped by a word they cannot match without (their "anchor").

    spaCy's Matcher tries every pattern at every token; with hundreds of patterns holding
    optional wildcards and {IN: [...]} sets that cost 30x the pipeline itself on the shipped
    codebooks. A sentence only needs the patterns whose anchor it contains, so patterns live
    in one small Matcher per anchor set and a sentence runs just those (python -m benchmarks)."""

    LITERAL_ATTRS = {"LEMMA", "LOWER", "TEXT", "ORTH", "NORM"}  # token attributes in _TOKEN_ATTRS

    def __init__(self, vocab, common_words=frozenset()):
        self.vocab = vocab
        self.common = {w.lower() for w in common_words}
        self.buckets: dict[frozenset, Matcher] = {}
        self.index: dict[int, list[Matcher]] = {}  # word hash -> the buckets it anchors
        self.always: list[Matcher] = []
        #: per bucket, each pattern's mandatory literal tokens (sets of word-hash options)
        self.required: dict[int, list[list[frozenset]]] = {}

    def __len__(self) -> int:
        return sum(len(m) for m in self.buckets.values())

    def add(self, key: str, pattern: list[dict]) -> None:
        literals = self._literals(pattern)
        anchor = min(literals, key=lambda opts: sum(100 if self.vocab.strings[h].lower() in self.common else 1
                                                      for h in opts), default=frozenset())
        matcher = self.buckets.get(anchor)
        if matcher is None:
            matcher = self.buckets[anchor] = Matcher(self.vocab)
            for attr_value in anchor:
                self.index.setdefault(attr_value, []).append(matcher)
            if not anchor:
                self.always.append(matcher)
        matcher.add(key, [pattern])
        self.required.setdefault(id(matcher), []).append(literals)

    def _literals(self, pattern: list[dict]) -> list[frozenset]:
        """The pattern's mandatory literal tokens, each as the word hashes one of which a
        sentence must hold for the pattern to match."""
        out = []
        strings = self.vocab.strings
        for token in pattern:
            op = str(token.get("OP", "1"))
            if not (op in ("1", "+") or (op.startswith("{") and not op.startswith(("{0", "{,")))):
                continue  # optional or negated tokens are not required
            for attr, value in token.items():
                if attr not in self.LITERAL_ATTRS:
                    continue
                if isinstance(value, str):
                    options = {value}
                elif isinstance(value, dict) and set(value) == {"IN"}:
                    options = set(value["IN"])
                else:
                    continue
                if attr == "LOWER":
                    options = {o.lower() for o in options}
                out.append(frozenset(strings.add(o) for o in options))
                break  # one attribute per token is enough to rule a sentence out
        return out

    def matchers_for(self, words: set) -> list[Matcher]:
        """The matchers with a pattern whose mandatory words all occur in a sentence, given the
        hashes of its tokens' lemmas and forms: calling a spaCy Matcher costs a pass over the
        tokens, checking a set does not. (A hash is looked up whatever attribute it came from:
        a necessary condition, and the Matcher itself checks the rest.)"""
        seen: dict[int, Matcher] = {id(m): m for m in self.always}
        index = self.index
        for h in words:
            for matcher in index.get(h, ()):
                seen[id(matcher)] = matcher
        return [m for k, m in seen.items()
                if any(all(not opts.isdisjoint(words) for opts in literals) for literals in self.required[k])]


#: rule coders built in this process, by codebooks, language and unit: a Dask worker builds each once
_CODERS: dict = {}


def code_part(part: Corpus, books: list[Codebook], lang: str, unit: str, kinds) -> pd.DataFrame:
    """The codings of one part of a corpus (whole documents): what :meth:`RuleCoder.code` gives
    for these documents in a single run, for document-parallel coding (:mod:`undercurrent.engine`)."""
    import pickle

    key = (hashlib.sha1(pickle.dumps(books)).hexdigest(), lang, unit)
    coder = _CODERS.get(key)
    if coder is None:
        coder = _CODERS[key] = RuleCoder(books, lang=lang, unit=unit)
    return coder.code(part, kinds=kinds, show_progress=False)
