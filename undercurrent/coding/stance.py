"""Stance and polarity of a matched indicator: negation, contrast, reported and espoused speech.

A keyword says little on its own: "fouten maken mag, zegt hij, maar probeer het maar eens"
contains the words of *room for mistakes* but means the opposite, and what it does say is
somebody else's claim. :class:`StanceReader` reads one sentence once (clauses, contrast
segments, reporting and espousal cues, quotation marks, editorial brackets) and then answers,
for any token span in it, how that span is meant.

These are hand-written cue lists rather than a parser because no Dutch dependency parser
installs offline here (DESIGN §5) and the cues are few, closed-class words.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

NEGATORS = {"nl": {"niet", "geen", "nooit", "niks", "niets", "niemand", "nergens", "nimmer"},
            "en": {"not", "no", "never", "nothing", "nobody", "none", "n't", "neither", "nor", "cannot"}}
#: words that end a clause for the purpose of negation scope
CLAUSE_BREAKS = {"nl": {"maar", "want", "omdat", "en", "dus", "terwijl", "toen", "die", "waar", "als", "alleen",
                        "toch", "echter", "behalve", "zodat", "hoewel", "of"},
                 "en": {"but", "because", "and", "so", "while", "who", "which", "when", "though", "although",
                        "however", "yet", "or"}}
#: words that open a contrast: what comes before is conceded, what follows is the speaker's point
CONTRAST = {"nl": {"maar", "alleen", "echter", "toch", "desondanks", "behalve", "hoewel"},
            "en": {"but", "however", "yet", "though", "although", "except"}}
#: words in a contrast segment that contradict the conceded claim (besides negators)
UNDERCUT = {"nl": {"praktijk", "werkelijkheid", "afgerekend", "afrekenen", "afgestraft", "afstraffen", "vergeten",
                   "eens", "kop", "donder", "lijstje", "zogenaamd", "nauwelijks", "amper", "zelden", "anders",
                   "afgebrand", "uitgelachen", "afgeschoten"},
            "en": {"practice", "reality", "punished", "blamed", "hardly", "rarely", "barely", "otherwise", "try"}}
#: reporting verbs (lemmas and forms): "zegt hij", "zeggen ze", "hij riep dat ..."
REPORTING = {"nl": {"zeggen", "zegt", "zei", "zeiden", "gezegd", "roepen", "roept", "riep", "beweren", "beweert",
                    "vertellen", "vertelt", "vertelde", "horen", "hoor", "hoorde", "schrijven", "schrijft", "schreef",
                    "preken", "preekt", "verkondigen", "verkondigt", "benadrukken", "benadrukt", "zeg",
                    "denkt", "dacht", "dachten", "vindt", "vond", "vonden"},
             "en": {"say", "says", "said", "claim", "claims", "claimed", "tell", "tells", "told", "preach", "preaches"}}
SUBJECT_PRONOUNS = {"nl": {"hij", "ze", "zij", "men", "die", "je", "jullie"},
                    "en": {"he", "she", "they", "management", "everyone"}}
#: "ik zeg altijd: fouten maken mag": a first-person habitual saying is a slogan, espoused
FIRST_PERSON = {"nl": {"ik", "we", "wij"}, "en": {"i", "we"}}
HABITUAL = {"nl": {"altijd", "steeds", "telkens", "vaak"}, "en": {"always", "often"}}
#: subjects that make a report a generic claim ("zeggen ze", "men zegt"), not one person's words
GENERIC_SUBJECTS = {"nl": {"ze", "zij", "men", "iedereen"}, "en": {"they", "everyone", "management"}}
#: words that mark an official or professed claim rather than practice
ESPOUSED = {"nl": {"officieel", "officiële", "papier", "beleid", "beleidsplan", "beleidsstuk", "toespraak",
                   "nieuwjaarstoespraak", "speech", "slogan", "motto", "poster", "posters", "visie", "missie",
                   "kernwaarde", "kernwaarden", "folder", "intranet", "jaarplan", "schoolplan", "strategie",
                   "zogenaamd", "zogenaamde", "zogezegd", "theorie", "directie", "management", "bestuur",
                   "leiding", "hoofdkantoor", "nieuwsbrief", "presentatie", "powerpoint", "vacaturetekst"},
            "en": {"officially", "official", "paper", "policy", "speech", "slogan", "motto", "poster", "vision",
                   "mission", "values", "brochure", "intranet", "supposedly", "so-called", "theory",
                   "management", "board", "newsletter", "presentation"}}
#: besides negators and UNDERCUT, words that contradict a claim when a contrast follows it
#: ("officieel ter informatie, maar je wordt *wel* apart genomen")
INSISTING = {"nl": {"wel", "gewoon", "toch"}, "en": {"still", "anyway", "actually"}}
QUOTES_OPEN = "\"“„«‘'"
QUOTES_CLOSE = {"\"": "\"", "“": "”", "„": "”", "«": "»", "‘": "’", "'": "'"}


@dataclass(frozen=True)
class Reading:
    """How one matched span is meant."""
    negated: bool
    stance: str          # lived | espoused | reported
    undercut: bool       # conceded, then contradicted by a following contrast ("..., maar ...")
    cue: str = ""        # the words that decided stance or undercut, for the evidence


class SentenceCues:
    """Per-token facts of one sentence, computed once and shared by all its matches."""

    def __init__(self, doc, lang: str):
        from spacy.attrs import IS_PUNCT, LOWER, SPACY

        self.lang = lang
        strings = doc.vocab.strings
        columns = doc.to_array([LOWER, IS_PUNCT, SPACY]).tolist()  # no Token objects: this runs per sentence
        words = [strings[row[0]] for row in columns]
        punct = [bool(row[1]) for row in columns]
        space = [bool(row[2]) for row in columns]
        self.words = words
        n = len(words)
        contrast, breaks = CONTRAST.get(lang, set()), CLAUSE_BREAKS.get(lang, set())
        # clause ids (negation scope) and contrast segment ids (stance scope)
        self.clause, self.segment = [0] * n, [0] * n
        clause = segment = 0
        for i, w in enumerate(words):
            if w in breaks or (punct[i] and w not in QUOTES_OPEN and w not in "’”»"):
                clause += 1
            if w in contrast and not (w == "toch" and i > 0 and not punct[i - 1]):
                segment += 1  # "toch" contrasts only at the start of a clause ("..., toch doet niemand het")
            self.clause[i], self.segment[i] = clause, segment
        self.n_segments = segment + 1
        # inside quotation marks, inside editorial brackets ([redacted], [...], [lacht])
        self.quoted, self.bracketed = [False] * n, [False] * n
        open_quote, depth = None, 0
        for i, w in enumerate(words):
            if w == "[":
                depth += 1
            self.bracketed[i] = depth > 0 or w.startswith("[")
            if w == "]" and depth:
                depth -= 1
            if open_quote is None and w in QUOTES_OPEN and (w != "'" or i == 0 or space[i - 1]):
                open_quote = QUOTES_CLOSE[w]
            elif open_quote is not None and w == open_quote:
                open_quote = None
            else:
                self.quoted[i] = open_quote is not None
        if open_quote is not None:  # an unclosed quotation mark is a typo, not a quotation
            self.quoted = [False] * n
        # reporting and espousal cues per contrast segment
        reporting, pronouns, espoused = REPORTING.get(lang, set()), SUBJECT_PRONOUNS.get(lang, set()), ESPOUSED.get(lang, set())
        self.seg_stance: dict[int, tuple[str, str]] = {}
        self.claims: dict[int, str] = {}  # segment -> cue, for espoused or generic claims (say-do)
        generic = GENERIC_SUBJECTS.get(lang, set())
        for i, w in enumerate(words):
            seg = self.segment[i]
            found = None
            if w in espoused or (w == "op" and i + 1 < n and words[i + 1] == "papier"):
                found = ("espoused", w if w != "op" else "op papier")
            elif w in reporting and i and words[i - 1] in FIRST_PERSON.get(lang, ()) and \
                    set(words[i + 1:i + 3]) & HABITUAL.get(lang, set()):
                found = ("espoused", " ".join(words[i - 1:i + 2]))  # "ik zeg altijd: ...": the speaker's own slogan
            elif w in reporting and not (i and words[i - 1] in FIRST_PERSON.get(lang, ())) and (
                    (i + 1 < n and words[i + 1] in pronouns) or (i and words[i - 1] in pronouns)
                    or (i + 1 < n and words[i + 1] in ("dat", "that", ":"))):
                found = ("reported", " ".join(x for x, p in zip(words[max(0, i - 1):i + 2], punct[max(0, i - 1):i + 2])
                                              if not p))
            elif w in ("volgens", "according"):
                found = ("reported", " ".join(x for x, p in zip(words[i:i + 3], punct[i:i + 3]) if not p))
            if found and (found[0] == "espoused" or (w in reporting and generic & set(words[max(0, i - 1):i + 2]))
                          or w in ("volgens", "according")):
                self.claims.setdefault(seg, found[1])
            if found:
                current = self.seg_stance.get(seg)
                if current is None or (current[0] == "reported" and found[0] == "espoused"):
                    self.seg_stance[seg] = found
        # a contrast segment that contradicts what came before (strictly, and loosely for say-do)
        negators, undercut = NEGATORS.get(lang, set()), UNDERCUT.get(lang, set())
        insisting = INSISTING.get(lang, set())
        self.contradicting, self.insisting = {}, {}
        for i, w in enumerate(words):
            seg = self.segment[i]
            if (w in negators or w in undercut) and seg not in self.contradicting:
                self.contradicting[seg] = w
            if (w in negators or w in undercut or w in insisting) and seg not in self.insisting:
                self.insisting[seg] = w
        self.opens_with_contrast = bool(words) and words[0] in contrast

    def read(self, start: int, end: int, own_negators=frozenset()) -> Reading | None:
        """Reading of tokens [start, end); None when the span lies in editorial brackets."""
        if any(self.bracketed[start:end]):
            return None
        words, clause = self.words, self.clause[start]
        negators = NEGATORS.get(self.lang, set()) - own_negators
        lo = hi = start
        while lo > 0 and self.clause[lo - 1] == clause and start - lo < 8:
            lo -= 1
        while hi < len(words) and (hi < end or (self.clause[hi] == self.clause[end - 1] and hi - end < 8)):
            hi += 1
        negated = any(words[i] in negators and not (i + 1 < len(words) and words[i + 1] in ("alleen", "only"))
                      for i in range(lo, hi))
        seg = self.segment[start]
        stance, cue = self.seg_stance.get(seg, ("lived", ""))
        if stance == "lived" and all(self.quoted[start:end]):
            stance, cue = "espoused", "“…”"
        later = [self.contradicting[s] for s in range(max(1, seg + 1), self.n_segments) if s in self.contradicting]
        undercut = bool(later) and not negated
        if undercut:
            cue = (cue + " … " if cue else "") + later[0]
        return Reading(negated, stance, undercut, cue)

    @property
    def claim(self) -> str | None:
        """The cue of the first espoused or generic claim in the sentence ("officieel",
        "zeggen ze", "volgens de directie"); one person's reported words are not a claim."""
        return next(iter(self.claims.values()), None)

    def say_do(self, previous_claim: str | None = None) -> str | None:
        """A claim contradicted by what follows: in this sentence ("officieel mag het, maar in de
        praktijk ..."), or a claim in the previous sentence of the turn and this sentence opening
        with a contrast ("Op de poster staat ... . Maar toen ik ..."). Returns the cue, or None."""
        for seg, cue in sorted(self.claims.items()):
            later = [self.insisting[s] for s in range(seg + 1, self.n_segments) if s in self.insisting]
            if later:
                return f"{cue} … {later[0]}"
        # one person's words ("zegt hij") count only when flatly contradicted ("maar probeer het maar eens")
        for seg, (stance, cue) in sorted(self.seg_stance.items()):
            later = [self.contradicting[s] for s in range(seg + 1, self.n_segments) if s in self.contradicting]
            if stance == "reported" and later:
                return f"{cue} … {later[0]}"
        if previous_claim is not None and self.opens_with_contrast:
            words = [w for s, w in sorted(self.insisting.items())]
            if words:
                return f"{previous_claim} | {self.words[0]} … {words[0]}"
        return None


def might_have_cues(text: str, lang: str) -> bool:
    """Cheap test before building SentenceCues for a sentence without indicator matches: can it
    hold a claim, or open with a contrast?"""
    return bool(_cue_regex(lang).search(text.lower()))


@lru_cache(maxsize=4)
def _cue_regex(lang: str) -> re.Pattern:
    words = ESPOUSED.get(lang, set()) | REPORTING.get(lang, set()) | CONTRAST.get(lang, set()) | {"volgens", "according"}
    return re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + r")\b")
