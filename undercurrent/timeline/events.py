"""Dated events in a corpus, recurring incidents and the organisation's remembered history.

Each temporal expression in respondent speech becomes an event: the sentence around it, who
said it, where (offsets), when (the resolved interval and how it was derived), in which life
domain, and which codes the passage has. Incidents the organisation remembers by name ("de
brand", "de overname") are dated by whoever dates them, and those datings then anchor "na de
brand" elsewhere; where people date an incident differently, both datings are kept.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path
from functools import lru_cache
from datetime import date

import numpy as np
import pandas as pd

from ..corpus.model import Corpus
from ..nlp import get_pipeline
from .resolve import Resolved, _year_span, resolve_sequence
from .tagger import (EVENT_NOUNS_EN, EVENT_NOUNS_NL, NAMED_PERIODS, _PREGNANT, _WEEKDAY_WORDS, _past_form,
                     name_anchor_rule, tag)

#: names that refer to the same incident (built in), within one language: an English case's
#: takeover is shown as "takeover"; a case's `[incidents]` table adds its own
INCIDENT_SYNONYMS = {
    "ontslagen": "ontslagronde", "ontslaggolf": "ontslagronde", "kredietcrisis": "crisis", "crisisjaren": "crisis",
    "coronatijd": "corona", "coronacrisis": "corona", "lockdown": "corona", "eerste robot": "eerste robot",
    "komst van de robot": "eerste robot", "herindeling": "fusie", "ongeval": "ongeluk", "bedrijfsongeval": "ongeluk",
    "keukenbrand": "brand", "werkonderbreking": "staking",
    "layoffs": "redundancies", "reorganization": "reorganisation", "acquisition": "takeover", "buyout": "takeover",
    "walkout": "strike", "stoppage": "strike",
}
#: personal milestones are not organisation incidents
PERSONAL = {"pensionering", "overlijden", "geboorte", "bruiloft", "scheiding", "opleiding", "diensttijd",
            "militaire dienst", "lts", "mavo", "mbo", "hbo", "middelbare school", "lagere school", "basisschool"}
#: nouns that follow "de/het/die" all the time without naming an event (a discovered incident
#: needs a head outside this list, or the built-in event nouns, which are a prior, not a gate)
GENERIC_NOUNS = {
    "nl": {"staat", "tijd", "jaar", "jaren", "maand", "maanden", "week", "weken", "dag", "dagen", "keer", "moment", "periode",
           "begin", "eind", "einde", "rest", "mensen", "man", "mannen", "vrouw", "jongens", "meiden", "baas", "bazen",
           "bedrijf", "zaak", "kantoor", "vloer", "werkvloer", "hal", "werk", "werkplaats", "afdeling", "vestiging", "filiaal", "locatie", "ploeg",
           "machine", "ding", "dingen", "manier", "dingetje", "zin", "vraag", "vragen", "antwoord", "gesprek",
           "gesprekken", "school", "klant", "klanten", "collega", "collega's", "directie", "leiding", "planning",
           "eerste", "laatste", "andere", "anderen", "hele", "helft", "meeste", "ouwe", "oude", "nieuwe", "jonge",
           "jongere", "oudere", "goede", "grote", "kleine", "zelfde", "cursus", "opleiding", "tablet", "tablets",
           "computer", "systeem", "papier", "koffie", "kantine", "pauze", "ochtend", "middag", "avond", "nacht",
           "weekend", "zomer", "winter", "herfst", "lente", "praktijk", "buurt", "stad", "dorp", "straat", "huis",
           "auto", "telefoon", "mail", "app", "lijst", "lijstje", "team", "groep", "vak", "baan", "functie",
           "geld", "loon", "uren", "uur", "situatie", "toekomst", "verleden", "verhaal", "verhalen", "idee",
           "ideeën", "probleem", "problemen", "fout", "fouten", "regel", "regels", "ruimte", "plek", "kant",
           "volgende", "vorige", "volgen",
           # departments, desks and standing meetings are where things happen, not what happened
           "huishouding", "receptie", "bediening", "keuken", "magazijn", "administratie", "expeditie", "productie",
           "logistiek", "kwaliteitsdienst", "lab", "laboratorium", "inkoop", "onderhoud", "buitendienst",
           "binnendienst", "housekeeping", "briefing", "overleg", "werkoverleg", "teamoverleg", "vergadering",
           "bbl", "bol"},
    "en": {"time", "year", "years", "month", "week", "day", "days", "people", "company", "office", "floor", "work",
           "job", "team", "boss", "same", "first", "last", "other", "whole", "new", "old", "system", "way", "thing",
           "things", "place", "end", "beginning", "rest", "problem", "story", "idea"},
}
#: derivations that date an incident in someone's account (a duration does not), most direct first
DATING_DERIVATIONS = ("explicit", "age", "relative", "named_period", "anchored")
DATING_RANK = {d: k for k, d in enumerate(DATING_DERIVATIONS)}
DOMAINS = {
    "organisation": {"brand", "crisis", "overname", "reorganisatie", "ontslag", "ontslagen", "ontslagronde", "fusie",
                     "directie", "hal", "bedrijf", "faillissement", "opgericht", "oprichting", "eigenaar", "baas",
                     "spuiterij", "verhuizing", "nieuwbouw", "company", "fire", "merger", "takeover"},
    "technology": {"robot", "lasrobot", "cobot", "tablet", "laser", "fiberlaser", "computer", "systeem", "machine",
                   "cnc", "kantbank", "software", "erp", "scherm", "technology", "computer"},
    "education": {"school", "lts", "mbo", "hbo", "mavo", "opleiding", "cursus", "diploma", "leerling", "bbl",
                  "stage", "examen", "avondschool", "roc", "leraar", "studeren", "college", "training"},
    "family": {"vader", "moeder", "vrouw", "man", "kind", "kinderen", "dochter", "zoon", "trouwen", "getrouwd",
               "geboren", "opa", "oma", "ouders", "broer", "zus", "gezin", "huis", "bouwen", "boerderij", "father",
               "trouwen", "baby", "overlijden", "overleden", "sterven", "ziek", "rug", "hernia", "ziekenhuis",
               "mother", "wife", "married", "born", "daughter", "son"},
    "work": {"werk", "werken", "baan", "beginnen", "begonnen", "collega", "lassen", "lasser", "ploeg", "functie",
             "teamleider", "afdeling", "werkplaats", "job", "work", "started", "overstappen", "solliciteren",
             "uitzendbureau", "fabriek", "kantoor", "vast", "contract", "dienst", "ontslaan", "pensioen", "klant"},
}
DOMAIN_ORDER = ("organisation", "technology", "education", "family", "work")
EVENT_COLUMNS = ["event_id", "doc_id", "case_id", "participant_id", "pseudonym", "role", "order", "start", "end",
                 "expression", "type", "value", "earliest", "latest", "precision", "derivation", "approximate",
                 "uncertain", "anchor", "incident", "incident_named", "domain", "what", "sentence_start", "sentence_end",
                 "sentence", "codes"]
_FILLERS = re.compile(r"\b(?:eh+|uh+|ehm|nou|ja|nee|zeg maar|weet je|hè|he|hoor|dus|en|maar|toen|want|so|well|"
                      r"like|you know|um|uh)\b[,.]?\s*", re.IGNORECASE)
_CLAUSE_SPLIT = re.compile(r"[,;:()\[\]–—]|\s-\s|\b(?:en toen|maar|want|omdat|terwijl|and then|but|because)\b",
                           re.IGNORECASE)


def event_clause(sentence: str, start: int, end: int, max_words: int = 7) -> str:
    """What happened, for a label: the clause around a temporal expression without the
    expression itself, transcription marks and fillers ("In 1981 ben ik hier begonnen, als
    jongen van vijftien" at "In 1981" -> "ben ik hier begonnen"). A clause of fewer than three
    words borrows from the rest of the sentence."""
    from ..nlp import MARK_RE

    def words(text: str) -> list[str]:
        return re.findall(r"[^\W_][\w'’-]*", _FILLERS.sub(" ", MARK_RE.sub(" ", text)))

    before, after = sentence[:start], sentence[end:]
    clause = words(_CLAUSE_SPLIT.split(before)[-1] + " " + _CLAUSE_SPLIT.split(after)[0])
    if len(clause) < 3:
        clause = words(before + " " + after)
    return " ".join(clause[:max_words]) + (" …" if len(clause) > max_words else "")



@lru_cache(maxsize=64)
def _compiled_incident_pattern(lang: str, aliases: tuple, known: tuple) -> re.Pattern:
    """Named incidents: built-in and discovered event nouns after an article ("de brand"), and
    a case's own aliases anywhere ("toen de keuken afbrandde")."""
    # an indefinite article only where something happened ("er was een brand", "toen hadden we een
    # stroomstoring"): "dat was vanaf dag één een ramp" judges, it names nothing
    happened = {"nl": ("er was", "was er", "er kwam", "kwam er", "er brak", "brak er", "hadden we", "we hadden",
                       "kregen we", "we kregen"),
                "en": ("there was", "there were", "we had", "had a")}[lang if lang == "en" else "nl"]
    indefinite = "|".join(rf"(?<=\b{frame} )" for frame in happened)
    article = rf"(?:de|het|die|dat|onze|dit|deze|(?:{indefinite})een)" if lang == "nl" else \
        rf"(?:the|that|this|our|(?:{indefinite})an?)"
    nouns = "|".join(sorted((re.escape(n) for n in known), key=len, reverse=True)) or r"(?!x)x"
    phrases = "|".join(sorted((re.escape(a) for a in aliases), key=len, reverse=True)) or r"(?!x)x"
    # "een storm aan sollicitaties" is a great many, not a storm
    return re.compile(rf"(?P<alias>\b(?:{phrases})\b)|\b{article}\s+(?:\w+e\s+)??(?P<noun>\w*?(?:{nouns}))(?:en|s|n)?\b"
                      rf"(?!\s+aan\s)", re.IGNORECASE)


#: a noun after an article or demonstrative ("de stroomuitval", "dat lek", "the merger"), not after
#: "met" ("met de hand" is a manner, not an event). "het", "die" and "dat" are often pronouns
#: ("het ging", "dat klopt"): after them only a word that is its own lemma counts (see
#: :func:`_candidate_names`), since the inflected verbs that follow a pronoun are not
_CANDIDATE = {"nl": re.compile(r"\b(?P<art>de|het|dat|die|dit|deze)\s+"
                               r"(?:(?:eerste|grote|tweede|laatste|beruchte|vorige|hele|bekende|zogenaamde)\s+)?"
                               r"(?P<head>[^\W\d_]{3,}(?:-[^\W\d_]{3,})*)\b", re.IGNORECASE),
              "en": re.compile(r"\b(?P<art>the|that|this)\s+(?:(?:first|big|second|last|infamous|whole)\s+)?"
                               r"(?P<head>[^\W\d_]{3,})\b(?:\s+(?P<head2>[a-z]{3,})\b)?", re.IGNORECASE)}
#: "er was een ...", "hadden we een ...", "there was a ...": something happened, whatever its name
_EXISTENTIAL = {"nl": re.compile(r"\b(?:er\s+was|was\s+er|er\s+kwam|kwam\s+er|er\s+brak|brak\s+er|hadden\s+we|we\s+hadden|"
                                 r"kregen\s+we|we\s+kregen)\s+(?:\w+\s+)?(?P<art>een)\s+(?:\w+e\s+)?"
                                 r"(?P<head>[^\W\d_]{3,}(?:-[^\W\d_]{3,})*)\b", re.IGNORECASE),
                "en": re.compile(r"\b(?:there\s+was|there\s+were|we\s+had)\s+(?:\w+\s+)?(?P<art>an?)\s+(?:\w+\s+)??"
                                 r"(?P<head>[^\W\d_]{3,}(?:-[^\W\d_]{3,})*)\b(?:\s+(?P<head2>[a-z]{3,})\b)?", re.IGNORECASE)}
#: articles after which the word is a noun, never a verb (unlike "het", "dat", "die" as pronouns)
_NOUN_FOLLOWS = ("de", "the", "een", "a", "an")
_MANNER = re.compile(r"\b(?:met|with)\s+$", re.IGNORECASE)
#: the kinds of temporal expression that date a candidate incident (not a duration, a clock
#: time or a vague "jarenlang")
_DATING_TYPES = {"date", "month", "year", "range", "decade", "deictic", "age", "yearword", "quarter", "named",
                 "narrative", "career", "holiday", "monthonly"}


#: verbs that recount an incident ("toen Noord ons overnam", "toen de keuken afbrandde"), by
#: lemma, and the incident noun they stand for; only past forms count (see :func:`_past_form`)
EVENT_VERBS = {
    "nl": {"overnemen": "overname", "verkopen": "verkoop", "fuseren": "fusie", "afbranden": "brand",
           "uitbranden": "brand", "ontslaan": "ontslagronde", "reorganiseren": "reorganisatie",
           "verhuizen": "verhuizing", "staken": "staking", "hacken": "hack", "overstromen": "overstroming",
           "inbreken": "inbraak", "ontploffen": "explosie", "sluiten": "sluiting", "kopen": "overname",
           "samengaan": "fusie", "opkopen": "overname", "neerleggen": "staking", "terugroepen": "terugroepactie"},
    "en": {"acquire": "takeover", "merge": "merger", "reorganize": "reorganisation", "reorganise": "reorganisation",
           "restructure": "restructure", "relocate": "relocation", "hack": "hack", "flood": "flood",
           "explode": "explosion", "buy": "takeover", "sell": "sale"},
}
#: verbs that name an incident only when the organisation is their object ("toen Parkland ons
#: kocht", "they sold us"): "we kochten een nieuwe pers" is a purchase, not a takeover
_OBJECT_VERBS = {"kopen", "opkopen", "buy", "sell"}
#: what is bought that is a thing, not a firm: "een huis", "a new press"
_A_THING_BEFORE = re.compile(r"\b(?:een|a|an)\s+(?:\w+\s+){1,2}$", re.IGNORECASE)
_A_THING_AFTER = re.compile(r"\s+(?:een|a|an)\s", re.IGNORECASE)
#: a sentence that dates what was just told: "Dat was drie jaar na de hagel", "It was just before Covid"
_DATING_CLAUSE = re.compile(r"\b(?:dat|het|dit|that|it|this)\s+(?:was|is|were|moet|must)\b|"
                            r"^\W*(?:\w+\s+){0,3}?(?:na|voor|vóór|tijdens|after|before|during)\s", re.IGNORECASE)
#: how event nouns end, as a prior for nouns on no list ("het ammoniaklek", "de ransomware-aanval",
#: "the walkout"); a noun on no list and of no such kind counts only if someone tells it as an event
_EVENT_ENDINGS = {"nl": ("ing", "atie", "tie", "sis", "val", "lek", "breuk", "slag", "actie", "ramp", "schade", "bui",
                         "storm", "brand", "crash", "fout", "dood", "ziekte", "staking", "conflict", "ruzie", "affaire",
                         "kwestie", "hack", "storing", "doorbraak", "besmetting", "uitbraak"),
                  "en": ("tion", "sion", "ment", "ure", "age", "out", "down", "crash", "fire", "flood", "storm", "strike",
                         "hack", "leak", "attack", "breach", "scandal", "dispute", "inquiry", "audit", "recall", "outbreak",
                         "accident", "incident", "collapse")}
#: "na de hagel", "the story of the fire": told as an event or a story (what comes before the
#: article; "voor" and "bij" are as often a place or a purpose: "voor de klant", "bij de pont")
_STORY = r"verha(?:al|len)\s+(?:van|over)|stor(?:y|ies)\s+(?:of|about)"
_AS_EVENT = re.compile(rf"\b(?:na|tijdens|sinds|vanaf|after|during|since|{_STORY})\s+$", re.IGNORECASE)
#: a story heard or told ("vertelde het verhaal van het wiel"): a dating beside it dates the telling
_STORY_OF = re.compile(rf"\b(?:{_STORY})\s+$", re.IGNORECASE)
#: a question that asks for what happened or is remembered: a bare name opening its answer ("Het
#: wiel.") names an incident
_ASKS_EVENTS = re.compile(r"\b(?:gebeurtenis\w*|voorval\w*|incident\w*|verha(?:al|len)|bijgebleven|vergeet|"
                          r"herinner\w*|events?|incidents?|stor(?:y|ies)|remember\w*)\b", re.IGNORECASE)


#: what happens to a place or a thing ("de kelder liep onder", "toen de kade het begaf", "the server
#: room flooded"), soon after its name
_HAPPENED_TO = re.compile(r"\b(?:onderliep|liep\s+onder|onder\s+water|instortte|stortte\s+in|het\s+begaf|"
                          r"begaf\s+het|doorbrak|brak\s+door|uitviel|viel\s+uit|platlag|plat\s+lag|lag\s+plat|vastliep|"
                          r"liep\s+vast|ontplofte|afbrandde|brandde\s+af|overstroomde|wegschoof|schoof\s+weg|weggeschoven|"
                          r"naar\s+beneden\s+(?:kwam|viel|stortte)|(?:kwam|viel|stortte)\s+\w*\s*naar\s+beneden|eruit\s+kwam|"
                          r"neerstortte|stortte\s+neer|omviel|viel\s+om|kantelde|ontspoorde|in\s+brand\s+(?:stond|vloog)|"
                          r"went\s+under|flooded|collapsed|caught\s+fire|burnt\s+down|burned\s+down|went\s+down|"
                          r"broke\s+down|crashed|blew\s+up|went\s+dark|came\s+down|caved\s+in|gave\s+way|"
                          r"went\s+off\s+the\s+road|went\s+over|went\s+into\s+the|overturned|rolled\s+over|exploded)\b",
                          re.IGNORECASE)


def _eventive(name: str, lang: str) -> bool:
    """Is a name an event by its form: a known event noun or one with an event noun's ending?"""
    return _is_known(name) or name.lower().endswith(_EVENT_ENDINGS.get(lang, _EVENT_ENDINGS["nl"]))


#: named periods people date things by ("tijdens corona"): never merged into what they date
_PERIOD_NAMES = frozenset(NAMED_PERIODS) | frozenset(INCIDENT_SYNONYMS.get(k, k) for k in NAMED_PERIODS)
#: a question that asks after what was just told ("Wanneer was dat?", "Vertel eens", "Tell me about it")
_WHEN = re.compile(r"\b(?:wanneer|welk jaar|hoe lang geleden|vertel|wat gebeurde|hoe ging dat|when|what year|how long ago|"
                   r"tell me|what happened)\b", re.IGNORECASE)
_SOMETHING_ELSE = re.compile(r"\b(?:verder|nog\s+(?:meer|iets)|iets\s+anders|anders\s+nog|else|another|other)\b", re.IGNORECASE)


def _asks_back(question: str) -> bool:
    """Does a question that names nothing ask after what the last answer told ("Wanneer was dat?",
    "Vertel eens.", "En toen?", "Tell me about it.")?"""
    if _SOMETHING_ELSE.search(question):  # "En verder?", "Anything else?": a new subject
        return False
    return bool(_WHEN.search(question)) or len(question.split()) <= 3


_US = re.compile(r"\b(?:ons|wij|we|us)\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
#: a capitalised word ("PrintVision", "Luna's") or an acronym ("DVSA", "GGD")
_NAME_WORD = r"(?:[A-ZÀ-Ý][\w’'-]*[a-zà-ÿ][\w’'-]*|[A-Z]{3,6}(?![\w’'-]))"
_PROPER = re.compile(rf"(?<![.!?:;\"“„‘'(\[]\s)(?<!^)(?<!\n)\b(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD})*)")


_CONTRACTION = re.compile(r"I['’]")
_ORG_SUFFIXES = frozenset("group groep holding holdings ltd limited bv b.v nv n.v inc plc gmbh company co".split())
_POSSESSIVE = re.compile(r"['’]s?$")  # "Luna's", "Harbour's"
_INITIAL = re.compile(rf"[\W\d_]*(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD})*)")


#: what happens to a person that an organisation remembers ("het vertrek van Kees", "toen Gert
#: verongelukte", "Mick's death"), by the word used and the incident it is
_PERSON_EVENTS = {
    "vertrek": "vertrek", "afscheid": "vertrek", "pensioen": "vertrek", "pensionering": "vertrek", "ontslag": "vertrek",
    "stopte": "vertrek", "vertrok": "vertrek", "wegging": "vertrek", "eruit stapte": "vertrek",
    "met pensioen ging": "vertrek", "overlijden": "overlijden", "dood": "overlijden", "overleed": "overlijden",
    "omkwam": "overlijden", "ongeluk": "ongeluk", "ongeval": "ongeluk", "verongelukte": "ongeluk",
    "departure": "departure", "retirement": "departure", "leaving do": "departure", "left": "departure",
    "retired": "departure", "death": "death", "funeral": "death", "died": "death", "passed away": "death",
    "was killed": "death", "lost": "death", "accident": "accident"}
_TITLE = r"(?:(?:meneer|mevrouw|onze|collega|oude|ome|opa|kapitein|schipper|baas|mister|mr|mrs|old|our|poor)\.?\s+)?"
_WHO = r"(?P<who>[A-ZÀ-Ý][\w'’-]*[a-zà-ÿ])"
_PERSON_EVENT = {
    "nl": (re.compile(rf"\b(?i:het|de|dat|die)\s+(?P<what>vertrek|afscheid|pensioen|pensionering|ontslag|overlijden|dood|ongeluk|"
                      rf"ongeval)\s+van\s+{_TITLE}{_WHO}"),
           re.compile(rf"\b{_WHO}\s+(?:(?:ineens|toen|plotseling|er|opeens)\s+)*(?P<what>stopte|vertrok|wegging|eruit\s+stapte|"
                      r"met\s+pensioen\s+ging|overleed|omkwam|verongelukte)\b")),
    "en": (re.compile(rf"\b{_WHO}['’]s\s+(?P<what>departure|retirement|leaving\s+do|death|funeral|accident)\b"),
           re.compile(rf"\b(?:when|after|before|since|the\s+day)\s+{_TITLE}{_WHO}\s+(?P<what>left|retired|died|passed\s+away|"
                      r"was\s+killed)\b"),
           re.compile(rf"\b(?:when|after|before|since|the\s+day)\s+(?:we|they|I)\s+(?P<what>lost)\s+{_TITLE}{_WHO}")),
}


def _person_events(text: str, lang: str, exclude: frozenset = frozenset()) -> list[tuple[str, str, int]]:
    """Incidents that happened to a named person: [(name, label, offset)], e.g. ("vertrek Kees",
    "vertrek van Kees", 12) for "het vertrek van Kees senior" and for "toen Kees stopte"."""
    out = []
    for m in (m for pattern in _PERSON_EVENT.get(lang, _PERSON_EVENT["nl"]) for m in pattern.finditer(text)):
        who = _POSSESSIVE.sub("", m.group("who"))
        if who.lower() in exclude or who.lower() in _stop_words(lang):
            continue
        kind = _PERSON_EVENTS[" ".join(m.group("what").lower().split())]
        label = f"{who}'s {kind}" if lang == "en" else f"{kind} van {who}"
        out.append((f"{kind} {who}", label, m.start()))
    return out


def _verb_mentions(text: str, lang: str) -> list[tuple[str, int]]:
    """Incidents a sentence recounts with a verb in the past: [(incident noun, offset)]."""
    from ..nlp import lemmatise

    verbs = EVENT_VERBS.get(lang, {})
    out = []
    for m in _WORD.finditer(text):
        word = m.group().lower()
        lemma = lemmatise(word, lang)
        if lemma in verbs and _past_form(word, lemma, lang):
            if lemma in _OBJECT_VERBS and (not _US.search(text, max(0, m.start() - 25), m.end() + 25)
                                           or _A_THING_BEFORE.search(text, max(0, m.start() - 30), m.start())
                                           or _A_THING_AFTER.match(text, m.end())):
                continue  # "toen Parkland ons kocht", not "we hebben een huis gekocht" or "we kochten een pers"
            if _DETERMINER_BEFORE.search(text, 0, m.start()):
                continue  # "in de sloot" is a ditch, not "sloot" of "sluiten"
            after = _WORD.match(text, m.end() + 1) if text[m.end():m.end() + 1] == " " else None
            if lang == "nl" and word.startswith("ge") and after and after.group().islower() \
                    and after.group() not in _stop_words(lang):
                continue  # "gesloten bakken": a participle before a noun describes it
            out.append((verbs[lemma], m.start()))
    return out


_DETERMINER_BEFORE = re.compile(r"\b(?:de|het|een|die|deze|onze|mijn|m'n|zijn|z'n|haar|hun|the|a|an|this|our|my|his|"
                                r"her|their)\s+$", re.IGNORECASE)


def _proper_names(text: str, lang: str, exclude: frozenset, initial: frozenset = frozenset()
                  ) -> list[tuple[str, str, int]]:
    """Capitalised names inside a sentence: systems, companies, places ("PrintVision", "Mediagroep
    Noord", "Haskerzijl"), as [(last word, whole name, offset)]. Every sentence starts with a
    capital, so its first words count only when their last word is in ``initial`` (lower case:
    the names found inside sentences elsewhere, so "Bongo natuurlijk." names Bongo)."""
    out = []
    first = _INITIAL.match(text) if initial else None
    if first and first.group("name").split()[-1].lower() not in initial:
        first = None
    matches = ([first] if first else []) + [m for m in _PROPER.finditer(text) if not first or m.start() >= first.end()]
    for m in matches:
        words = m.group("name").split()
        while words and (words[0].lower() in _stop_words(lang) or words[0].lower() in exclude):
            words = words[1:]  # "Daarna Noord", "Ik"
        if not words:
            continue
        while len(words) > 1 and words[-1].lower().strip(".") in _ORG_SUFFIXES:
            words = words[:-1]  # "Harbour Group" is Harbour
        key = _POSSESSIVE.sub("", words[-1].split("-")[0] if re.search(r"-[a-zà-ÿ]", words[-1]) else words[-1])
        lowered = key.lower()
        if not key or _CONTRACTION.match(key) or lowered in exclude or lowered in NAMED_PERIODS \
                or lowered in _stop_words(lang) or _TEMPORAL_WORD.fullmatch(key) or _known_name(key, lang):
            continue
        out.append((key, " ".join(words[:-1] + [key]), m.start() + m.group("name").find(words[0])))
    return out


#: capitalised words of exclamations ("thank God", "Jezus, wat een toestand"), never an incident
_EXCLAMATION_NAMES = frozenset("god gods jezus jesus christ christus lord heer here gosh".split())


def _name_exclusions(corpus: Corpus) -> frozenset:
    """Capitalised words that are not incidents: the participants' pseudonyms, the speakers'
    labels, and the words of the cases' and organisations' names (not what they say in brackets)."""
    values = list(corpus.participants["pseudonym"].dropna())
    values += [re.sub(r"\(.*?\)", " ", str(v))  # "Kroon B.V. (onderdeel van Mediagroep Noord)": the owner may be an incident
               for column in ("name", "organisation") if column in corpus.cases for v in corpus.cases[column].dropna()]
    values += list(corpus.segments["speaker"].dropna().unique())
    words = {w.lower() for value in values for w in _WORD.findall(str(value))}
    return frozenset(words) | _EXCLAMATION_NAMES


def incident_config(case_dirs) -> tuple[dict, set]:
    """The `[incidents]` tables of the cases' case.toml: {alias phrase: incident name} and the
    names to ignore. See the README ("Incidents") for the format."""
    from ..corpus.case import read_case_config
    from ..errors import InputError

    aliases, ignore = {}, set()
    for folder in case_dirs:
        try:
            config = read_case_config(folder)
        except InputError:  # a broken case.toml is reported by ingest; it just adds no incidents here
            continue
        aliases.update(config.incident_aliases)
        ignore |= set(config.ignore_incidents)
    return aliases, ignore


def _sentences(corpus: Corpus, kinds) -> pd.DataFrame:
    seg = corpus.segments
    sentences = seg[seg["kind"] == "sentence"].sort_values(["doc_id", "start"])
    kind = corpus.documents.set_index("doc_id")["kind"]
    return sentences[sentences["doc_id"].map(kind).isin(kinds)]


def _year(when) -> int | None:
    """The year of an ISO date (an interview's), or None."""
    try:
        return int(str(when)[:4])
    except ValueError:
        return None


def discover_incidents(corpus: Corpus, *, roles=("respondent",), kinds=("interview", "life_history"),
                       min_participants: int = 2, ignore=(), reach: int = 2, window: int = 5,
                       merge_window: int = 2) -> pd.DataFrame:
    """Candidate incidents found in the data rather than on a list, and merged across wordings.

    A candidate is a noun after an article or "er was een" ("de stroomuitval", "dat lek", "the
    merger"), a past-tense event verb ("toen Noord ons overnam" -> overname), a capitalised name
    or acronym ("PrintVision", "the DVSA"), or what happened to a named person ("het vertrek van
    Kees", "toen Kees stopte"). Compounds count with the part more people use ("het ammoniaklek"
    and "het lek", "de hagelbui" and "de hagel"). A candidate becomes an incident when at least
    ``min_participants`` people name it and date it, in any form, in the same sentence, one of the
    ``reach`` sentences after it in their answer, or the answer to a question that named it or
    asks after the last answer ("Wanneer was dat?", "Vertel."), and when their datings fall within
    ``window`` years of each other: an incident is one event, while a department or a machine
    ("de kantbank") is dated at many times. Built-in event nouns are a prior (one dating
    suffices); a noun on no list must look like an event ("-ing", "-val", "-lek", ...) or be told
    as one ("na de hagel", "toen de kelder onderliep"); generic nouns never count; names are
    never those of the participants, interviewers or the organisation.

    Names are one incident when sentences name them side by side twice, in apposition ("The
    takeover. Harbour."), or two people use both in one answer, and their datings lie within
    ``merge_window`` years (not as an anchor: "na de brand kwam de reorganisatie" names two). The
    incident takes the name most people use, preferring a known event noun, then a noun to a name.

    Columns: incident (as shown), names (every name it goes by, as matched: a proper name's
    last word), participants, dated_mentions, mentions, known."""
    from statistics import median

    from .resolve import resolve_sequence
    from .tagger import tag

    people_table = corpus.participants.set_index(["case_id", "participant_id"])
    docs = corpus.documents.set_index("doc_id")
    exclude = _name_exclusions(corpus)

    speaker = {doc_id: _speaker_anchors(docs.loc[doc_id], people_table) for doc_id in docs.index}
    person_of = dict(zip(docs.index, zip(docs["participant_id"], docs["case_id"])))

    def years_of(expressions, doc_id) -> list[float]:
        resolved = resolve_sequence(expressions, **speaker[doc_id])
        return [(r.earliest.year + r.latest.year) / 2 for r in resolved if r.dated and r.latest is not None]

    stats: dict[str, dict] = defaultdict(lambda: {"people": set(), "dated_people": set(), "mentions": 0, "dated": 0,
                                                  "years": [], "proper": None, "as_event": 0, "event_years": []})
    ignore = {i.lower() for i in ignore}
    together: list[tuple[str, ...]] = []  # names one sentence names side by side
    apposed: set[frozenset] = set()  # names in apposition: "The takeover. Harbour."
    in_answer: dict[tuple, set] = defaultdict(set)  # the names each answer uses
    sentences = _sentences(corpus, kinds)
    texts = [corpus.span(d, a, b) for d, a, b in zip(sentences["doc_id"], sentences["start"], sentences["end"])]
    languages = sentences["doc_id"].map(docs["language"]).tolist()
    # a name is a word written with a capital inside sentences more often than without one
    # ("Bongo", not the "Vegen" after "[lacht]" when "vegen" is said everywhere)
    capitalised = Counter(key.lower() for text, lang in zip(texts, languages)
                          for key, _, _ in _proper_names(text, lang, exclude))
    lower = Counter(w for text in texts for w in _WORD.findall(text) if w.islower() and w in capitalised)
    inside = frozenset(k for k, n in capitalised.items() if n > lower[k])
    candidates = [_candidate_names(text, lang, exclude, ignore, inside) for text, lang in zip(texts, languages)]
    folded, users = _compound_folds(sentences["doc_id"], candidates)
    candidates = [[(folded.get(n, n), at, whole) for n, at, whole in found] for found in candidates]
    seg = corpus.segments
    turn_of = dict(zip(seg.loc[seg["kind"] == "paragraph", "seg_id"], seg.loc[seg["kind"] == "paragraph", "parent_id"]))
    pending: list = []  # (name, sentences left) of this turn's mentions still waiting for a dating
    turn, asked, answered, proper, before = None, [], Counter(), set(), ([], False)  # answered: what the last answer named
    asks_events = False  # the last question asked what happened or is remembered
    leading: tuple[list, int] = ([], 0)
    told: set = set()
    doc = None
    for sent, text, lang, found in zip(sentences.itertuples(index=False), texts, languages, candidates):
        if sent.doc_id != doc:  # nothing carries from one interview into the next
            doc, asked, answered, pending = sent.doc_id, [], Counter(), []
        if sent.speaker_role not in roles:  # a question's incident waits for the answer's dating
            same_question = turn_of.get(sent.parent_id) == turn
            asked = (asked if same_question else []) + [n for n, _, _ in found]
            asks_events = (asks_events and same_question) or bool(_ASKS_EVENTS.search(text))
            if not found and _asks_back(text):  # about what the last answer was about: a name it
                # repeats, an event noun, a proper name or a thing it told an event of ("the minibus
                # went off the road"), not every noun in it
                asked += [n for n, k in answered.items() if k > 1 or n in proper or _is_known(n) or stats[n]["as_event"]]
            turn = turn_of.get(sent.parent_id)
            continue
        if turn_of.get(sent.parent_id) != turn:
            turn, pending, asked, answered = turn_of.get(sent.parent_id), [(n, reach) for n in asked], [], Counter()
            before = ([], False)  # the names of the answer's previous sentence, and whether it was a bare name
            leading = ([], 0)  # a dating that opens an answer, for what the next sentences name ("Juli '21. ... de kelder")
            told = set()  # names this answer tells something happened to ("toen de oven uitviel")
        person = person_of[sent.doc_id]
        # "Het wiel." opening the answer to "Zijn er gebeurtenissen die je zijn bijgebleven?"
        named_when_asked = asks_events and not answered and len(text.split()) <= 3
        names = list(dict.fromkeys(n for n, _, _ in found))
        answered.update(names)
        in_answer[(sent.doc_id, turn)].update(names)
        proper |= {n for n, _, whole in found if whole}
        for name, _, whole in found:
            if whole:
                stats[name]["proper"] = max(stats[name]["proper"] or whole, whole, key=len)
        for name in names:
            stats[name]["people"].add(person)
            stats[name]["mentions"] += 1
        for name, at, _ in found:  # "na de hagel", "toen de kelder onderliep": told as an event
            as_event = named_when_asked or bool(_AS_EVENT.search(text, max(0, at - 40), at)
                                                or _HAPPENED_TO.search(text, at, at + 60))
            stats[name]["as_event"] += as_event
            if as_event:
                told.add(name)
        pending = [(n, left - 1) for n, left in pending if left > 0] + [(n, reach) for n in names]
        opening = not names and not answered  # nothing named in this answer yet
        expressions = tag(text, lang) if pending or opening or len(names) > 1 or (names and before[0]) else []
        # what the sentence names itself, not as an anchor ("na de brand kwam de reorganisatie" names two)
        anchored = [(e.start, e.end) for e in expressions if e.type in ("anchor", "named")]
        free = list(dict.fromkeys(n for n, at, _ in found if not any(a <= at < b for a, b in anchored)))
        if len(free) > 1:
            together.append(tuple(free))
        bare = len(text.split()) <= 3  # "The takeover. Harbour.": a name in apposition to the one before
        if free and before[0] and (bare or before[1]):
            apposed.update(frozenset((a, b)) for a in before[0] for b in free if a != b)
            together.append(tuple(dict.fromkeys(before[0] + free)))
        before = (free, bare)
        datings = [e for e in expressions if e.type in _DATING_TYPES]
        # "drie jaar na de hagel" dates what it follows, by an incident dated later on
        anchors = [e for e in expressions if e.type == "anchor"]
        if _CONTRAST.match(text) or not names and any(e.type == "clause" and not _IMPERSONAL.match(e.text)
                                                      for e in expressions):
            pending = []  # "Maar de mooiste dag was een dinsdag in 2004", "toen ik hier begon": another event
        if names and leading[1] > 0:
            for name in names:
                stats[name]["dated"] += 1
                stats[name]["dated_people"].add(person)
                stats[name]["years"] += [(y, person) for y in leading[0]]
                if name in told:
                    stats[name]["event_years"] += [(y, person) for y in leading[0]]
        leading = (leading[0], leading[1] - 1)
        if opening and datings:
            leading = (years_of(datings, sent.doc_id), reach + 1)
        if datings or anchors:
            years = years_of(datings, sent.doc_id) if datings else []
            anchored = {n for n, at, _ in found if any(e.start <= at < e.end for e in anchors)}
            # "In mijn eerste week vertelde Henk het verhaal van het wiel": the story's dating follows
            heard = {n for n, at, _ in found if _STORY_OF.search(text, max(0, at - 40), at)}
            for name in dict.fromkeys(n for n, _ in pending if n not in anchored | heard):  # the dating may follow the mention
                stats[name]["dated"] += 1
                stats[name]["dated_people"].add(person)
                stats[name]["years"] += [(y, person) for y in years]
                if name in told:  # "toen de oven uitviel ... Kerst 2010": the thing's event, not the thing
                    stats[name]["event_years"] += [(y, person) for y in years]
            pending = [(n, left) for n, left in pending if n in heard]
    # how widely each name's datings scatter (interquartile range, years)
    spread = {name: _iqr(st["years"]) for name, st in stats.items()}
    kept = {}
    for name, st in stats.items():
        known = not st["proper"] and _is_known(name)
        if len(st["people"]) >= min_participants and ((known and st["dated"] >= 1) or (
                len(st["dated_people"]) >= min_participants and _clustered(st["years"], window, min_participants)
                and spread[name] <= window)):  # "Jan" and "de robot" are dated all their working lives
            kept[name] = known
        elif len(st["people"]) >= min_participants and not known and _clustered(st["event_years"], window, min_participants) \
                and _iqr(st["event_years"]) <= window:
            # a thing dated all over ("de oven") whose failure people date alike: that failure is the incident
            kept[name] = False
            st["years"], spread[name] = st["event_years"], _iqr(st["event_years"])
    # a noun on no list, told as nothing that happened and dated only in the interview's year or the
    # one before ("de huisvesting, dit jaar, vorig jaar"), is a matter of the day, not a remembered event
    interviewed = {person: _year(docs.at[doc_id, "interview_date"]) for doc_id, person in person_of.items()}
    for name in [n for n, known in kept.items() if not known and not stats[n]["proper"] and not stats[n]["as_event"]]:
        if all(interviewed.get(who) and y >= interviewed[who] - 1 for y, who in stats[name]["years"]):
            del kept[name]
    # a known event noun only one person uses joins the incident it is named with ("verkocht aan
    # Mediagroep Noord" is the takeover); other single mentions stay out
    joiners = {n for n, st in stats.items() if n not in kept and (
        (not st["proper"] and _is_known(n)) or (st["proper"] and len(st["people"]) >= 2 and spread[n] <= window))}
    years = {n: median(y for y, _ in stats[n]["years"]) if stats[n]["years"] else None for n in set(kept) | joiners}
    # a name dated all over the years ("de robot") names no single event, so it merges with nothing
    together = [tuple(n for n in named if spread[n] <= window) for named in together]
    shared = _shared_in_answers(in_answer, kept, person_of)
    together += [tuple(sorted(pair)) for pair in shared]
    groups = [g for g in _merge_named_together(kept, joiners, together, years, merge_window, apposed | shared)
              if set(g) & set(kept)]
    rows = []
    lang_of_case = docs["language"].mode().iat[0] if len(docs) else "nl"
    for names in groups:
        told = names + [c for c, head in folded.items() if head in names]  # with "hagelbui" for "hagel"
        if not any(n in kept and (kept[n] or stats[n]["proper"]) or _eventive(n, lang_of_case) or stats[n]["as_event"]
                   for n in told):
            continue  # "de loonsom", "de boer": dated by two people, but nothing that happened
        # the name most people use, a known event noun before a noun before a proper name
        names = sorted(names, key=lambda n: (n not in kept, -len(stats[n]["people"]), bool(stats[n]["proper"]),
                                             not _is_known(n), -stats[n]["dated"], n))
        people = set().union(*(stats[n]["people"] for n in names))
        shown = [stats[n]["proper"] or n for n in names]  # "Mediagroep Noord" for the name "Noord"
        compounds = [c for c, head in folded.items() if head == names[0]]
        if compounds:  # "het ammoniaklek" before "het lek" when as many people say it
            shown[0] = max([names[0]] + compounds, key=lambda n: (len(users[n]), len(n)))
        names += [c for c, head in folded.items() if head in names]
        rows.append(dict(incident=shown[0], names=names, participants=len(people),
                         dated_mentions=sum(stats[n]["dated"] for n in names),
                         mentions=sum(stats[n]["mentions"] for n in names), known=any(kept.get(n, False) for n in names)))
    frame = pd.DataFrame(rows, columns=["incident", "names", "participants", "dated_mentions", "mentions", "known"])
    return frame.sort_values(["participants", "dated_mentions"], ascending=False).reset_index(drop=True)


def _shared_in_answers(in_answer: dict[tuple, set], kept: dict, person_of: dict) -> set[frozenset]:
    """Pairs of incidents that two or more people both name in one answer ("de zelfsturing" ...
    "die reorganisatie"): one incident when they are dated alike. Named periods date things
    ("tijdens corona"); they are never merged into them."""
    sharers: dict[frozenset, set] = defaultdict(set)
    for (doc_id, _), used in in_answer.items():
        for a in used:
            for b in used:
                if a < b and a in kept and b in kept and not ({a.lower(), b.lower()} & _PERIOD_NAMES):
                    sharers[frozenset((a, b))].add(person_of[doc_id])
    return {pair for pair, who in sharers.items() if len(who) >= 2}


def _compound_folds(doc_ids, candidates: list[list[tuple]]) -> tuple[dict[str, str], dict[str, set]]:
    """({compound: the name it is counted under}, {name: the documents that use it}). A compound
    is the incident its part names where people use both ("het ammoniaklek" / "het lek", "de
    hagelbui" / "de hagel"), counted under the part more people use; a name with a capital folds
    only into another ("de Tolhuiskade" / "bij Tolhuis")."""
    users: dict[str, set] = defaultdict(set)
    for doc_id, found in zip(doc_ids, candidates):
        for n, _, whole in found:
            if not (whole and " " in n):  # not "vertrek Kees"
                users[n].add(doc_id)
    folded = {}
    for n in users:
        parts = [h for h in users if _part_of(n.lower(), h.lower()) and n[:1].isupper() == h[:1].isupper()]
        if parts:
            folded[n] = max(parts, key=lambda h: (len(users[h]), len(h)))
    return {n: folded.get(h, h) for n, h in folded.items() if folded.get(h, h) != n}, users


def _candidate_names(text: str, lang: str, exclude: frozenset, ignore: set, initial: frozenset = frozenset()
                     ) -> list[tuple[str, int, str | None]]:
    """What in a sentence might name an incident: [(name, offset, the whole proper name or None)];
    a proper name's name is its last word ("Noord" for "Mediagroep Noord"); ``initial``: see
    :func:`_proper_names`."""
    from ..nlp import lemmatise

    found = []
    for m in [*_CANDIDATE.get(lang, _CANDIDATE["nl"]).finditer(text),
              *_EXISTENTIAL.get(lang, _EXISTENTIAL["nl"]).finditer(text)]:
        if m.group("head")[:1].isupper():
            continue  # "de Tropenhal", "het Luna-gedoe": a name, found by _proper_names
        head = m.group("head").lower()
        if m.group("art").lower() in _NOUN_FOLLOWS and _MANNER.search(text, max(0, m.start() - 5), m.start()):
            continue  # "met de hand"
        if head in GENERIC_NOUNS.get(lang, set()) or head in _stop_words(lang) or _TEMPORAL_WORD.fullmatch(head):
            continue
        lemma = lemmatise(head, lang)
        if m.group("art").lower() not in _NOUN_FOLLOWS and (
                (lemma.endswith("en") or lemma.endswith("n") and lemma != head) if lang == "nl" else head.endswith("ed")) \
                and (lemma != head or lang == "nl"):
            continue  # "het ging", "het gaat" (gaan), "that happened"; and "het lassen" is no event
        if lang == "nl" and lemma.endswith("en") and not head.endswith("en"):
            lemma = head  # after "de" a noun: "de hagel", not the verb "hagelen"
        found.append((_known_name(head, lang) or lemma, m.start(), None))
        second = (m.group("head2") or "") if lang == "en" else ""
        if second and second not in _stop_words(lang) and lemmatise(second, lang) in (second, second[:-1]) \
                and second not in GENERIC_NOUNS.get(lang, set()):  # "the public inquiry", "the pay dispute"
            found.append((_known_name(second, lang) or lemmatise(second, lang), m.start(), None))
    for m in _compiled_incident_pattern(lang, (), _known_nouns(lang)).finditer(text):  # "dat ongeluk", "het ongeval"
        found.append((_known_name(m.group("noun"), lang), m.start(), None))
    found += [(name, at, None) for name, at in _verb_mentions(text, lang)]
    found += [(key, at, whole) for key, whole, at in _proper_names(text, lang, exclude, initial)]
    events_of = _person_events(text, lang, exclude)
    if events_of:  # "het vertrek van Kees" names the departure, not Kees
        people = {key.split(" ", 1)[1] for key, _, _ in events_of}
        found = [f for f in found if not (f[2] and f[0] in people)]
    found += [(key, at, label) for key, label, at in events_of]
    return [(n, at, whole) for n, at, whole in found
            if n and n.lower() not in ignore and n not in GENERIC_NOUNS.get(lang, set()) and n not in PERSONAL]


@lru_cache(maxsize=4)
def _known_nouns(lang: str) -> tuple:
    """Built-in event nouns and synonyms, for :func:`_compiled_incident_pattern`."""
    return tuple(sorted(_event_nouns(lang)[0] | set(INCIDENT_SYNONYMS)))


#: words that start compounds without naming anything ("terugroepactie" is no kind of "terug")
_PARTICLES = frozenset("terug samen verder achter boven onder buiten binnen voort tegen".split())


def _part_of(compound: str, part: str) -> bool:
    """Does a compound name the incident ``part`` names: its last part ("ammoniaklek", "lek"), its
    first part ("hagelbui", "hagel"), or the verb it is made from ("terugroepactie", "terugroepen")?"""
    rest = len(compound) - len(part)
    if len(part) >= 3 and rest >= 3 and compound.endswith(part):
        return True
    if len(part) >= 5 and rest >= 3 and compound.startswith(part) and part not in _PARTICLES:
        return True
    stem = part[:-2] if part.endswith("en") else ""
    return len(stem) >= 5 and len(compound) - len(stem) >= 3 and compound.startswith(stem) and compound != part


def _narrows(name: str, other: str) -> bool:
    """Is ``name`` a narrower kind of ``other`` ("eerste robot" of "robot", "keukenbrand" of "brand")?"""
    name, other = name.lower(), other.lower()
    return name != other and name.endswith(other)


def _merge_named_together(names, joiners: set, together: list[tuple[str, ...]], years: dict, window: int,
                          apposed: set = frozenset()) -> list[list[str]]:
    """Groups of incident names that sentences name side by side and whose datings (medians) lie
    within ``window`` years: one incident under several names. ``joiners`` join a group of
    ``names`` but never make one of their own. Two names that are incidents in their own right
    merge only when more than one sentence names them together or one stands in apposition to the
    other (``apposed``): "the strike" and "Mick" named once side by side are two incidents."""
    group = {n: {n} for n in sorted(set(names) | joiners)}
    pairs = Counter(frozenset(pair) for named in together for pair in zip(named, named[1:]))
    for named in together:
        named = [n for n in named if n in group]
        for a, b in zip(named, named[1:]):
            if group[a] is group[b] or (a in joiners and b in joiners) or _narrows(a, b) or _narrows(b, a):
                continue  # "de eerste robot" is one robot, not every "de robot"
            if a not in joiners and b not in joiners and pairs[frozenset((a, b))] < 2 and frozenset((a, b)) not in apposed:
                continue
            merged = group[a] | group[b]
            dated = [years[n] for n in merged if years[n] is not None]
            if dated and max(dated) - min(dated) > window:
                continue
            for n in merged:
                group[n] = merged
    out, seen = [], set()
    for n in group:
        if id(group[n]) not in seen:
            seen.add(id(group[n]))
            out.append(sorted(group[n]))
    return out


def _iqr(years: list[tuple[float, tuple]]) -> float:
    """How widely datings scatter: their interquartile range in years."""
    return float(np.subtract(*np.percentile([y for y, _ in years], [75, 25]))) if years else 0.0


def _clustered(years: list[tuple[float, tuple]], window: int, min_people: int) -> bool:
    """Do datings by at least ``min_people`` people fall within ``window`` years of each other?"""
    years = sorted(years)
    for k, (y, _) in enumerate(years):
        people = {p for y2, p in years[k:] if y2 - y <= window}
        if len(people) >= min_people:
            return True
    return False


_TEMPORAL_WORD = re.compile(r"(?:voorjaar|najaar|zomer|winter|lente|herfst|kerst\w*|januari|februari|maart|april|mei|"
                            r"juni|juli|augustus|september|oktober|november|december|maandag|dinsdag|woensdag|"
                            r"donderdag|vrijdag|zaterdag|zondag|eeuw|jaren\w*|\w+tijd|january|february|march|may|june|july|"
                            r"august|october|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|day|dag|"
                            r"christmas|easter|spring|summer|autumn|fall)", re.IGNORECASE)


@lru_cache(maxsize=4)
def _stop_words(lang: str) -> frozenset:
    return frozenset(w.lower() for w in get_pipeline(lang).Defaults.stop_words)


@lru_cache(maxsize=4)
def _event_nouns(lang: str) -> tuple[frozenset, tuple]:
    """The built-in event nouns of a language, and the one-word ones longest first (for compounds)."""
    nouns = frozenset(EVENT_NOUNS_NL if lang == "nl" else EVENT_NOUNS_EN) - PERSONAL
    heads = tuple(n for n in sorted(nouns, key=len, reverse=True) if " " not in n and len(n) >= 4)
    return nouns, heads


def _known_name(word: str, lang: str) -> str | None:
    """The built-in incident a word names: itself, a synonym, or the known noun it ends in."""
    word = word.lower()
    nouns, heads = _event_nouns(lang)
    if word in INCIDENT_SYNONYMS:
        return INCIDENT_SYNONYMS[word]
    if word in nouns:
        return word
    for noun in heads:
        if word.endswith(noun) and len(word) - len(noun) >= 3:
            return INCIDENT_SYNONYMS.get(noun, noun)
    return None


def _is_known(name: str) -> bool:
    """Is this a built-in incident name, in either language?"""
    return _known_name(name, "nl") is not None or _known_name(name, "en") is not None


def _domain(sentence: str, lemmas: list[str]) -> str:
    words = set(lemmas) | set(re.findall(r"\w+", sentence.lower()))
    scores = {d: len(words & DOMAINS[d]) for d in DOMAIN_ORDER}
    best = max(DOMAIN_ORDER, key=lambda d: (scores[d], -DOMAIN_ORDER.index(d)))
    return best if scores[best] else "other"


def discovered_names(discovered: pd.DataFrame | None, aliases: dict | None = None) -> dict[str, str]:
    """{name as matched: the incident it names} for :func:`discover_incidents`' incidents. A
    case's ``aliases`` ({phrase: incident}, lower case) rename the discovered incident a phrase's
    last word belongs to ("de overname" = "Overname door Noord" renames the incident found as
    "verkoop", "overname" and "Noord")."""
    if discovered is None or discovered.empty:
        return {}
    names = {name: label for label, found in zip(discovered["incident"], discovered["names"]) for name in found}
    lower = {name.lower(): label for name, label in names.items()}
    renamed = {}
    for phrase, incident in (aliases or {}).items():
        words = phrase.split()
        label = lower.get(phrase) or (lower.get(words[-1]) if words else None)
        if label is not None:
            renamed.setdefault(label, incident)
    return {name: renamed.get(label, label) for name, label in names.items()}


def incident_mentions(corpus: Corpus, *, roles=("respondent",), kinds=("interview", "life_history"),
                      incidents: dict | None = None, ignore=(), reach: int = 3, discover: bool = True,
                      min_participants: int = 2, discovered: pd.DataFrame | None = None) -> pd.DataFrame:
    """Respondent sentences that name an incident, and (``linked``) the sentences that follow such
    a mention in the same turn (up to ``reach`` sentences), open an answer to a question that
    named it, or come just before the first mention in an answer: that is where the date
    usually comes ("Laten we het over de brand hebben." - "Februari 2008. Midden in de nacht.").

    Incidents are the built-in event nouns, those :func:`discover_incidents` finds in the data
    (``discover``; or pass its frame as ``discovered``), under every name it found them by, and
    a case's own: ``incidents`` maps alias phrases to incident names (a case.toml `[incidents]`
    table, see :func:`incident_config`); names in ``ignore`` are left out.
    Columns: seg_id, doc_id, start, end, incident, linked, sentence, at, case_id, participant_id,
    pseudonym, role."""
    ignore = {i.lower() for i in ignore}
    if discovered is None and discover:
        discovered = discover_incidents(corpus, roles=roles, kinds=kinds, min_participants=min_participants,
                                        ignore=ignore)
    user = {k.lower(): v for k, v in (incidents or {}).items()}
    names = discovered_names(discovered, user)
    proper = {n.lower(): label for n, label in names.items() if n[:1].isupper()}
    aliases = {**proper, **user}
    sentences = _sentences(corpus, kinds)
    seg = corpus.segments
    turn_of = dict(zip(seg.loc[seg["kind"] == "paragraph", "seg_id"], seg.loc[seg["kind"] == "paragraph", "parent_id"]))
    docs = corpus.documents.set_index("doc_id")
    rows = []
    for doc_id, group in sentences.groupby("doc_id"):
        lang = docs.at[doc_id, "language"]
        known = set(_known_nouns(lang)) | {n for n in names if not n[:1].isupper()}  # proper names are aliases
        pattern = _compiled_incident_pattern(lang, tuple(sorted(aliases)), tuple(sorted(known - ignore)))
        current, since, turn, asked, before, recent = None, 0, None, None, None, None
        for sent in group.itertuples(index=False):
            text = corpus.span(doc_id, sent.start, sent.end)
            named: dict[str, int] = {}  # every incident the sentence names, with where
            for m in pattern.finditer(text):
                if m.group("alias"):
                    name = aliases[m.group("alias").lower()]
                else:
                    word = m.group("noun").lower()
                    base = word if word in names else _known_name(word, lang) or word
                    name = names.get(base, base)
                if name and name not in ignore and name not in GENERIC_NOUNS.get(lang, set()):
                    named.setdefault(name, m.start())
            for noun, at in _verb_mentions(text, lang):  # "toen Noord ons overnam"
                name = names.get(noun) or (noun if noun in known else None)
                if name and name not in ignore:
                    named.setdefault(name, at)
            for key, _, at in _person_events(text, lang):  # "toen Kees stopte"
                if key in names:
                    named.setdefault(names[key], at)
            this_turn = turn_of.get(sent.parent_id)
            if this_turn != turn:  # a new turn: a question's incident carries into the answer
                carried = asked if sent.speaker_role in roles else None
                asked = None
                current, since, turn, before = carried, 0, this_turn, None
            if sent.speaker_role not in roles:
                # "Wanneer was dat?" asks after the incident the last answer named
                asked = next(iter(named), None) or asked or (recent if _asks_back(text) else None)
                continue
            # an incident named inside a dating ("midden in de lockdown", "drie jaar na de hagel")
            # dates what the answer is about; it does not become its subject
            dating = [(e.start, e.end) for e in tag(text, lang) if e.type in ("anchor", "named")] if named else []
            subjects = [n for n, at in named.items() if not any(a <= at < b for a, b in dating)]
            if named and not subjects and current and since < reach and _DATING_CLAUSE.search(text):
                since += 1
                rows.append(dict(seg_id=sent.seg_id, doc_id=doc_id, start=sent.start, end=sent.end,
                                 incident=current, linked=True, sentence=text, at=None))
                for name, at in named.items():
                    rows.append(dict(seg_id=sent.seg_id, doc_id=doc_id, start=sent.start, end=sent.end,
                                     incident=name, linked=False, sentence=text, at=at))
            elif named:
                named = dict(sorted(named.items(), key=lambda item: item[1]))
                if before is not None and current is None:  # "In 2014. Toen hadden we die brand."
                    rows.append(dict(before, incident=list(named)[0]))
                current, since, before = (subjects or list(named))[-1], 0, None
                recent = current
                for name, at in named.items():
                    rows.append(dict(seg_id=sent.seg_id, doc_id=doc_id, start=sent.start, end=sent.end,
                                     incident=name, linked=False, sentence=text, at=at))
            elif current and since < reach:
                since += 1
                rows.append(dict(seg_id=sent.seg_id, doc_id=doc_id, start=sent.start, end=sent.end,
                                 incident=current, linked=True, sentence=text, at=None))
            else:  # may date what the next sentence of the answer names
                before = dict(seg_id=sent.seg_id, doc_id=doc_id, start=sent.start, end=sent.end, linked=True,
                              sentence=text, at=None)
    frame = pd.DataFrame(rows, columns=["seg_id", "doc_id", "start", "end", "incident", "linked", "sentence", "at"])
    meta = corpus.documents[["doc_id", "case_id", "participant_id"]].merge(
        corpus.participants[["case_id", "participant_id", "pseudonym", "role"]], on=["case_id", "participant_id"],
        how="left")
    return frame.merge(meta, on="doc_id", how="left")


def events(corpus: Corpus, *, roles=("respondent",), kinds=("interview", "life_history"),
           incidents: dict | None = None, ignore=(), mentions: pd.DataFrame | None = None,
           tagged: dict | None = None) -> pd.DataFrame:
    """All dated (and undatable) events in the respondents' speech, in narrative order per document.

    ``mentions`` (from :func:`incident_mentions`) saves finding them again; otherwise they are
    found with ``incidents`` and ``ignore``. ``tagged`` ({sentence id: expressions}, from
    :func:`tag_sentences`, perhaps on several workers) saves tagging the sentences here; dating
    them needs the whole corpus (one person dates the incident another counts from)."""
    sentences = corpus.segments[(corpus.segments["kind"] == "sentence") & corpus.segments["speaker_role"].isin(roles)]
    docs = corpus.documents.set_index("doc_id")
    people = corpus.participants.set_index(["case_id", "participant_id"])
    codings = corpus.codings
    if mentions is None:
        mentions = incident_mentions(corpus, roles=roles, kinds=kinds, incidents=incidents, ignore=ignore)
    in_sentence: dict[str, list[tuple[str, int | None]]] = defaultdict(list)  # seg_id -> (incident, where)
    for seg_id, name, at in zip(mentions["seg_id"], mentions["incident"], mentions["at"]):
        in_sentence[seg_id].append((name, None if pd.isna(at) else int(at)))
    per_doc: dict[str, list[tuple]] = defaultdict(list)
    ordered = sentences.sort_values(["doc_id", "start"])
    same_paragraph = ordered["parent_id"].eq(ordered["parent_id"].shift())
    before = dict(zip(ordered["seg_id"][same_paragraph], ordered["seg_id"].shift()[same_paragraph]))
    kind_of, language_of = docs["kind"].to_dict(), docs["language"].to_dict()
    if tagged is None:
        tagged = tag_sentences(corpus, roles, kinds, own_anchor_rules(corpus, incidents, mentions))
    for sent in ordered.itertuples(index=False):
        if kind_of[sent.doc_id] not in kinds:
            continue
        text = corpus.span(sent.doc_id, sent.start, sent.end)
        for expr in tagged.get(sent.seg_id, ()):
            per_doc[sent.doc_id].append((sent, text, expr))
    first_pass = _resolve_all(per_doc, docs, people, anchors=None)
    aliases = {k.lower(): v for k, v in (incidents or {}).items()}

    def by_every_name(found: dict) -> dict:
        return {**found, **{word: found[name] for word, name in aliases.items() if name in found and word not in found}}

    everyone = by_every_name(_anchors(per_doc, first_pass, in_sentence))
    # "twee jaar na Bongo" counts from the speaker's own dating of Bongo where they give one,
    # else from everyone's
    anchors = {doc_id: {**everyone, **by_every_name(_anchors({doc_id: items}, first_pass, in_sentence, first=True))}
               for doc_id, items in per_doc.items()}
    resolved = _resolve_all(per_doc, docs, people, anchors=anchors)
    for doc_id, items in per_doc.items():  # "toen mijn dochter net geboren was": when she was born
        _date_by_births(items, resolved[doc_id], _stop_words(language_of[doc_id]))
    rows: list[dict] = []
    codings_of = {d: g for d, g in codings.groupby("doc_id", sort=False)}
    no_codings = codings.head(0)
    for doc_id, items in per_doc.items():
        doc = docs.loc[doc_id]
        nlp = get_pipeline(doc["language"], lemmas=True)
        key = (doc["case_id"], doc["participant_id"])
        person = people.loc[key] if key in people.index else None
        doc_codings = codings_of.get(doc_id, no_codings)
        c_start, c_end = doc_codings["start"].to_numpy(), doc_codings["end"].to_numpy()
        domains: dict[str, str] = {}  # per sentence: a sentence with three dates is lemmatised once
        # sentences that tell an event of their own ("Ik was acht toen hij overleed"): what follows
        # an incident's mention there dates that event, not the incident
        # ("when it actually went through" tells the incident itself)
        own_event = {sent.seg_id for sent, _, expr in items if expr.type == "clause" and not _IMPERSONAL.match(expr.text)}
        for order, ((sent, text, expr), res) in enumerate(zip(items, resolved[doc_id])):
            anchor = None
            if expr.type == "anchor":  # "na de brand" is anchored on the fire and dates what else the sentence names
                word = expr.parts["event"].lower()
                anchor = aliases.get(word) or _known_name(word, doc["language"]) or word
            named_here = in_sentence.get(sent.seg_id, [])
            if sent.seg_id in own_event and all(at is None for _, at in named_here):
                named_here = []
            incident = _nearest_incident(named_here, expr)
            if incident is None and expr.type == "anchor" and sent.seg_id in before:
                # "Parkland heeft ons toen gekocht. Dat was twee, drie jaar na Bongo."
                incident = next((name for name, _ in in_sentence.get(before[sent.seg_id], []) if name != anchor), None)
            if incident is None and expr.type == "named":  # "tijdens corona" names the period it dates
                period = " ".join(expr.parts["period"].lower().split())
                incident = aliases.get(period) or _known_name(period.split()[-1], doc["language"])
            if not incident and sent.seg_id not in domains:
                domains[sent.seg_id] = _domain(text, [t.lemma_ for t in nlp(text)])
            codes = sorted(set(doc_codings["code_id"].to_numpy()[(c_start < sent.end) & (c_end > sent.start)]))
            rows.append(dict(
                event_id=f"{doc_id}@{sent.start + expr.start}", doc_id=doc_id, case_id=doc["case_id"],
                participant_id=doc["participant_id"], pseudonym=person["pseudonym"] if person is not None else None,
                role=person["role"] if person is not None else None, order=order, start=sent.start + expr.start,
                end=sent.start + expr.end, expression=expr.text, type=expr.type, value=res.value,
                earliest=res.earliest, latest=res.latest, precision=res.precision, derivation=res.derivation,
                approximate=res.approximate, uncertain=res.uncertain,
                anchor=anchor, incident=incident,
                # named in this very sentence, not carried from the one before
                incident_named=any(n == incident and at is not None for n, at in in_sentence.get(sent.seg_id, [])),
                domain="organisation" if incident else domains[sent.seg_id],
                what=event_clause(text, expr.start, expr.end),
                sentence_start=sent.start, sentence_end=sent.end, sentence=text, codes=codes))
    return pd.DataFrame(rows, columns=EVENT_COLUMNS)


def own_anchor_rules(corpus: Corpus, incidents: dict | None, mentions: pd.DataFrame) -> dict:
    """Per language, the tagger rule for "twee jaar na Bongo", "zo'n twee jaar na het plafond":
    the case's own incidents, named in ``incidents`` or found in ``mentions``."""
    own = tuple(sorted({k.lower() for k in [*(incidents or {}), *mentions["incident"].dropna()] if not _is_known(k)}))
    return {lang: name_anchor_rule(lang, own) for lang in corpus.documents["language"].unique()} if own else {}


def tag_sentences(corpus: Corpus, roles, kinds, own_anchors: dict) -> dict:
    """{sentence id: its time expressions} for the sentences of ``roles`` in documents of
    ``kinds``: the per-sentence part of :func:`events`, which a worker can do for its documents."""
    docs = corpus.documents.set_index("doc_id")
    kind_of, language_of = docs["kind"].to_dict(), docs["language"].to_dict()
    seg = corpus.segments
    sentences = seg[(seg["kind"] == "sentence") & seg["speaker_role"].isin(roles)]
    found = {}
    for sent in sentences.itertuples(index=False):
        if kind_of[sent.doc_id] not in kinds:
            continue
        lang = language_of[sent.doc_id]
        found[sent.seg_id] = tag(corpus.span(sent.doc_id, sent.start, sent.end), lang, extra=own_anchors.get(lang, ()))
    return found


#: a sentence that turns to something else ("Maar de mooiste dag hier was ...")
_CONTRAST = re.compile(r"\W*(?:maar|but|however|daarentegen)\b", re.IGNORECASE)
#: a clause whose subject is the thing just told ("toen het eindelijk doorging", "when that happened")
_IMPERSONAL = re.compile(r"\S+\s+(?:het|dat|dit|it|that|this)\b", re.IGNORECASE)


#: family words that a birth is told of, and the ordinals that pick a child
_FAMILY = re.compile(r"\b(?:dochter|dochtertje|zoon|zoontje|kind|kindje|oudste|jongste|tweede|derde|eerste|daughter|son|"
                     r"child|baby|eldest|oldest|youngest|second|third|first)\b|\b[A-Z][a-z]+\b")
_BIRTH = re.compile(r"\b(?:geboren|born|bevallen|kwam\s+ter\s+wereld|(?:is|was)\s+van\s+(?:['’]\d\d|\d{4}))\b", re.IGNORECASE)
_MARRIED = re.compile(r"\b(?:getrouwd|trouwde|trouwden|trouwen|huwelijk|bruiloft|married|wedding|marriage)\b", re.IGNORECASE)
_OWN_BIRTH = re.compile(r"\b(?:ik\s+ben|ben\s+ik|I\s+was|I'm\s+\w+,?)\s+(?:\w+\s+){0,4}?(?:geboren|born)\b|"
                        r"\bik\s+ben\s+van\s+(?:['’]\d\d|\d{4})", re.IGNORECASE)
_ORDINAL_CHILD = {"eerste": 0, "oudste": 0, "first": 0, "eldest": 0, "oldest": 0, "tweede": 1, "second": 1, "derde": 2,
                  "third": 2}


def _date_by_births(items: list, resolved: list[Resolved], stop_words: frozenset) -> None:
    """Date a speaker's family clauses by the births and the wedding they tell elsewhere ("het
    jaar dat ik getrouwd ben" by "getrouwd met Lisa, in 2018"): "Mijn oudste is in 2012
    geboren" dates "toen mijn oudste net geboren was"; "our son, Arjun, in January 2020" dates
    "the time I was pregnant with Arjun" (the birth year or the one before) and "toen ik zwanger
    was van mijn tweede" (the second birth told); a child named no other way, the only birth told.
    ``resolved`` is changed in place."""
    births: list[tuple[str, Resolved]] = []  # (who, when), in the order told
    for (sent, text, expr), res in zip(items, resolved):
        if expr.type == "clause" or not res.dated or res.earliest is None or res.precision not in PRECISE \
                or not _BIRTH.search(text) or _OWN_BIRTH.search(text):
            continue  # "Ik ben in 1968 geboren in Meppel" is the speaker's own birth
        # each family word or name takes the dating nearest to it in the sentence
        others = [e.start for (s2, _, e) in items if s2.seg_id == sent.seg_id and e.type != "clause"]
        for m in _FAMILY.finditer(text):
            if m.group().lower() in stop_words or m.group().lower() in ("ik", "i"):
                continue
            if min(others, key=lambda at: abs(at - m.start())) == expr.start:
                births.append((m.group().lower(), res))
    weddings = [res for (sent, text, expr), res in zip(items, resolved)
                if expr.type != "clause" and res.dated and res.earliest is not None and res.precision in PRECISE
                and _MARRIED.search(text)]
    wedding_years = {r.earliest.year for r in weddings}
    ordered = sorted({r.earliest.year: r for _, r in births}.values(), key=lambda r: r.earliest)
    for k, ((sent, text, expr), res) in enumerate(zip(items, resolved)):
        if expr.type != "clause" or res.dated:
            continue
        if _MARRIED.search(expr.text):  # "het jaar dat ik getrouwd ben" + "getrouwd met Lisa, in 2018"
            if len(wedding_years) == 1:  # married once, as far as told
                y = next(iter(wedding_years))
                resolved[k] = Resolved(str(y), *_year_span(y), "year", "anchored")
            continue
        words = [w.lower() for w in _FAMILY.findall(expr.text)]
        born = next((r for who, r in births if who in words and who not in _ORDINAL_CHILD), None)
        ordinal = next((_ORDINAL_CHILD[w] for w in words if w in _ORDINAL_CHILD), None)
        if born is None and ordinal is not None and ordinal < len(ordered):
            born = ordered[ordinal]
        if born is None and ordinal is None and len(ordered) == 1:
            born = ordered[0]
        if born is None or not (_BIRTH.search(expr.text) or _PREGNANT.search(expr.text)):
            continue
        y = born.earliest.year
        if _PREGNANT.search(expr.text):  # pregnant: the birth year or the one before
            resolved[k] = Resolved(f"[{y - 1}..{y}]", *_year_span(y - 1, y), "years", "anchored", approximate=True)
        else:
            resolved[k] = Resolved(str(y), *_year_span(y), "year", "anchored")


def _speaker_anchors(doc, people: pd.DataFrame) -> dict:
    """What a document's expressions resolve against: its interview date and the speaker's birth
    and start years (participants.csv)."""
    key = (doc["case_id"], doc["participant_id"])
    years = {}
    for column, name in (("birth_year", "birth_year"), ("start_year", "start_year")):
        value = people.at[key, column] if key in people.index else None
        years[name] = int(value) if value is not None and pd.notna(value) else None
    interview = date.fromisoformat(doc["interview_date"]) if isinstance(doc["interview_date"], str) else None
    return dict(interview_date=interview, **years)


def _resolve_all(per_doc, docs, people, anchors: dict | None) -> dict[str, list[Resolved]]:
    """Resolve every document's expressions; ``anchors``: {doc_id: {incident: its dating}}."""
    return {doc_id: resolve_sequence([e for _, _, e in items], anchors=(anchors or {}).get(doc_id),
                                     contexts=[t for _, t, _ in items],
                                     **_speaker_anchors(docs.loc[doc_id], people))
            for doc_id, items in per_doc.items()}


def _nearest_incident(named: list, expr) -> str | None:
    """Which of the incidents a sentence names an expression dates: the nearest one that the
    expression does not itself name ("twee jaar na de brand kwam die reorganisatie" dates the
    reorganisation); a sentence that only follows a mention dates that one."""
    best, best_distance = None, None
    for name, at in named:
        if at is None:
            return name
        if expr.start <= at < expr.end:
            continue  # "na de brand": the anchor names the fire, it does not date it
        distance = abs(at - expr.start)
        if best_distance is None or distance < best_distance:
            best, best_distance = name, distance
    return best


PRECISE = ("day", "month", "season", "year", "years")
#: what may date an incident for others' "na de brand": a date, an age or a deictic relative,
#: not a chain of narrative relatives or another anchor
ANCHOR_DERIVATIONS = ("explicit", "age", "relative")


OUTLIER_YEARS = 5


def _anchors(per_doc, resolved, mentions, first: bool = False) -> dict[str, Resolved]:
    """Date each named incident by the datings next to its mentions; the interval spans every
    participant's dating, so disagreement shows as width (and ``uncertain``). ``first``: only the
    first dating told (one person's own: "Ik was achtenveertig", before "Bongo is in 2019
    overleden")."""
    from .tagger import NAMED_PERIODS

    found: dict[str, list[Resolved]] = defaultdict(list)
    for doc_id, items in per_doc.items():
        for (sent, _, expr), res in zip(items, resolved[doc_id]):
            name = _nearest_incident(mentions.get(sent.seg_id, []), expr)
            if name and expr.type not in ("anchor", "narrative") and res.dated and res.precision in PRECISE and \
                    (res.derivation in ANCHOR_DERIVATIONS or expr.type == "career"):  # "ik werkte hier nog geen half jaar"
                known = NAMED_PERIODS.get(name.lower())  # corona is 2020-2022 whatever else its sentence dates
                if (known is None or known[0] - 1 <= res.earliest.year <= known[1] + 1) and not (first and found[name]):
                    found[name].append(res)
    out = {}
    for name, datings in found.items():
        # a dating far from the others ("vorig jaar" said of the course after the fire) is not
        # this incident's: keep those within OUTLIER_YEARS of the middle one
        middle = float(np.median([r.earliest.year for r in datings]))
        datings = [r for r in datings if abs(r.earliest.year - middle) <= OUTLIER_YEARS] or datings
        lo = min(r.earliest for r in datings)
        hi = max(r.latest or r.earliest for r in datings)
        value = str(lo.year) if lo.year == hi.year else f"[{lo.year}..{hi.year}]"
        out[name] = Resolved(value, lo, hi, "year" if lo.year == hi.year else "years", "anchored",
                             uncertain=lo.year != hi.year)
    return out


def incident_datings(incident: str, events_frame: pd.DataFrame) -> pd.DataFrame:
    """Every dating of one incident: the dated expressions in or next to its mentions (explicit,
    an age, relative, or anchored on another incident), one row per expression, with who said
    it, the value, the interval and how it was derived."""
    ev = events_frame[(events_frame["incident"] == incident) & events_frame["earliest"].notna()
                      & events_frame["latest"].notna() & events_frame["derivation"].isin(DATING_DERIVATIONS)
                      & events_frame["precision"].isin(PRECISE + ("decade",))]
    ev = ev[~((ev["type"] == "anchor") & (ev["anchor"] == incident))]  # "na de brand" does not date the fire
    # a bare weekday ("als hij vrijdag is geweest") is counted from the interview: it dates no incident
    ev = ev[~((ev["type"] == "deictic") & ev["expression"].map(lambda e: not _WEEKDAY_WORDS.isdisjoint(e.lower().split())))]
    return ev[["event_id", "pseudonym", "participant_id", "doc_id", "start", "end", "expression", "value", "earliest",
               "latest", "derivation", "incident_named", "sentence"]].reset_index(drop=True)


def recurring_incidents(mentions: pd.DataFrame, events_frame: pd.DataFrame, *, min_participants: int = 2
                        ) -> pd.DataFrame:
    """Incidents named by at least ``min_participants`` people, with everyone's dating and a quote.

    A name whose datings lie in groups more than DISTINCT_YEARS apart stands for as many events,
    each shown with its years ("overname (1984)", "overname (2016)"). Columns: incident (as
    shown), name (as mentioned and in the events), participants, mentions, datings
    ({pseudonym: "2008 (explicit); ..."}),
    n_datings (people who date it), earliest, latest and spread_years over each person's own
    dating (their most direct one: a date before an age before a relative before an anchor),
    agree (True when two or more people date it and their datings overlap, False when they do
    not, None when fewer than two people date it: agreement is never claimed on one dating),
    dating_rows (:func:`incident_datings`), own_datings (each person's own dating, one row each, as
    used for earliest, latest and agree), quotes ([(pseudonym, sentence, doc_id, start, end)]: each
    person's fullest), named_in ([(pseudonym, doc_id, start)]: every sentence that names it)."""
    named = mentions.loc[~mentions["linked"].astype(bool)]
    rows = []
    for incident, group in named.groupby("incident"):
        if group["pseudonym"].nunique() < min_participants:
            continue
        dated = incident_datings(incident, events_frame)
        # each person's own dating: one in a sentence that names the incident before one carried
        # from the sentence before, then their most direct one (a date before an age before a
        # relative before an anchor), first said
        primary = dated.assign(rank=dated["derivation"].map(DATING_RANK), carried=~dated["incident_named"].astype(bool))
        primary = _consistent(primary.sort_values(["carried", "rank", "doc_id", "start"]))
        parts = _distinct_events(primary, group["pseudonym"].dropna().unique()) if incident.lower() not in _PERIOD_NAMES \
            else [("", list(group["pseudonym"].dropna().unique()))]
        for label, people in parts:
            rows.append(_incident_row(incident if len(parts) == 1 else f"{incident} ({label})", incident,
                                      group[group["pseudonym"].isin(people)], dated[dated["pseudonym"].isin(people)],
                                      primary[primary["pseudonym"].isin(people)]))
    frame = pd.DataFrame(rows, columns=["incident", "name", "participants", "mentions", "datings", "n_datings",
                                        "earliest", "latest", "spread_years", "agree", "dating_rows", "own_datings",
                                        "quotes", "named_in"])
    frame["spread_years"] = frame["spread_years"].astype("Int64")  # whole years, also beside undated incidents
    return frame.sort_values(["participants", "mentions"], ascending=False).reset_index(drop=True)


#: datings of one name further apart than this are two events ("de overname" of 1984, when the
#: father took over, and of 2016, when the son did), not two memories of one
DISTINCT_YEARS = 10


def _consistent(ranked: pd.DataFrame) -> pd.DataFrame:
    """One dating per person, the first of ``ranked``; but a person whose own datings of a name lie
    more than DISTINCT_YEARS apart (one of them belongs to something else told nearby) keeps the
    one nearest to what someone else says."""
    middle = (ranked["earliest"].map(lambda d: d.year) + ranked["latest"].map(lambda d: d.year)) / 2
    first = ranked.drop_duplicates("pseudonym")
    chosen = []
    for who, rows in ranked.groupby("pseudonym", sort=False):
        mine = middle[rows.index]
        others = middle[first.index[first["pseudonym"] != who]]
        if mine.max() - mine.min() > DISTINCT_YEARS and len(others):
            chosen.append(mine.map(lambda y: (others - y).abs().min()).idxmin())
        else:
            chosen.append(rows.index[0])
    return ranked.loc[chosen]


def _distinct_events(primary: pd.DataFrame, people) -> list[tuple[str, list]]:
    """[(years, people)] for the events one name stands for: each person's own dating, split where
    two of them lie more than DISTINCT_YEARS apart; those who do not date it go with the largest."""
    if primary.empty:
        return [("", list(people))]
    middle = {r.pseudonym: (r.earliest.year + r.latest.year) / 2 for r in primary.itertuples()}
    order = sorted(middle, key=middle.get)
    clusters = [[order[0]]]
    for a, b in zip(order, order[1:]):
        if middle[b] - middle[a] > DISTINCT_YEARS:
            clusters.append([])
        clusters[-1].append(b)
    undated = [p for p in people if p not in middle]
    max(clusters, key=len).extend(undated)
    out = []
    for cluster in clusters:
        years = sorted(int(middle[p]) for p in cluster if p in middle)
        out.append((str(years[0]) if years[0] == years[-1] else f"{years[0]}–{years[-1]}", cluster))
    return out


def _incident_row(label: str, name: str, group: pd.DataFrame, dated: pd.DataFrame, primary: pd.DataFrame) -> dict:
    """One row of :func:`recurring_incidents`: the mentions, datings and own datings of one event."""
    datings = {p: "; ".join(dict.fromkeys(f"{r.value} ({r.derivation})" for r in g.itertuples()))
               for p, g in dated.groupby("pseudonym")}
    agree = None if len(primary) < 2 else bool(primary["earliest"].max() <= primary["latest"].min())
    earliest = primary["earliest"].min() if len(primary) else None
    latest = primary["latest"].max() if len(primary) else None
    fullest = group.assign(length=group["sentence"].str.len().where(group["sentence"].str.len() <= 400, 0))
    fullest = fullest.sort_values("length", ascending=False).drop_duplicates("pseudonym")
    return dict(incident=label, name=name, participants=group["pseudonym"].nunique(), mentions=len(group),
                datings=datings, n_datings=len(primary), earliest=earliest, latest=latest,
                spread_years=(latest.year - earliest.year) if earliest is not None else None, agree=agree,
                dating_rows=dated, own_datings=primary.drop(columns=["rank", "carried"]),
                quotes=[(r.pseudonym, r.sentence, r.doc_id, r.start, r.end) for r in fullest.itertuples()],
                named_in=[(r.pseudonym, r.doc_id, r.start) for r in group.itertuples()])


def timeline(corpus: Corpus, *, incidents: dict | None = None, ignore=(), roles=("respondent",),
             kinds=("interview", "life_history"), engine=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Events and the incidents several people recount, in one pass: (:func:`events`,
    :func:`recurring_incidents`). The cases' case.toml `[incidents]` tables are read from the
    case folders, and ``incidents`` / ``ignore`` add to them. ``engine`` (an open
    :class:`~undercurrent.engine.Engine`) tags the documents' time expressions in parallel; the
    incidents, which are found across documents, are found here first."""
    paths = [Path(p) for p in corpus.cases["path"].dropna()] if "path" in corpus.cases else []
    aliases, ignored = incident_config([p for p in paths if p.is_dir()])
    aliases.update({k.lower(): v for k, v in (incidents or {}).items()})
    ignored |= {i.lower() for i in ignore}
    discovered = discover_incidents(corpus, roles=roles, kinds=kinds, ignore=ignored)
    mentions = incident_mentions(corpus, roles=roles, kinds=kinds, incidents=aliases, ignore=ignored,
                                 discovered=discovered)
    names = {name.lower(): label for name, label in discovered_names(discovered, aliases).items()}
    known = {**names, **aliases}
    tagged = None
    if engine is not None and engine.parts > 1:
        from ..engine import corpus_parts

        rules = own_anchor_rules(corpus, known, mentions)
        tagged = {}
        for part in engine.map(tag_sentences, corpus_parts(corpus, engine.parts), roles, kinds, rules):
            tagged.update(part)
    found = events(corpus, roles=roles, kinds=kinds, incidents=known, mentions=mentions, tagged=tagged)
    return found, recurring_incidents(mentions, found)


def life_history(events_frame: pd.DataFrame, participant_id: str, case_id: str | None = None) -> pd.DataFrame:
    """One participant's dated events in time order, by domain (for swimlanes); give ``case_id``
    in a multi-case project, where every case may have its own P01."""
    mine = events_frame[(events_frame["participant_id"] == participant_id) & events_frame["earliest"].notna()]
    if case_id is not None:
        mine = mine[mine["case_id"] == case_id]
    mine = mine[mine["precision"].isin(["day", "month", "season", "year", "years", "decade"])]
    return mine.sort_values(["earliest", "order"]).reset_index(drop=True)
