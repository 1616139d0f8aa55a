"""Implicit values: what people say good work is here, grouped into themes that two or more
people share, with who holds them and who says otherwise.

The cues are hand-written regular expressions over closed-class wording ("bij ons", "dat hoort
zo", "noem ik geen"), as in :mod:`undercurrent.coding.stance`: no Dutch parser or classifier of
normative statements installs offline."""
from __future__ import annotations

import re
from collections import Counter, defaultdict

import numpy as np
import pandas as pd

from ..timeline.numbers import EN_NUMBER, NL_NUMBER
from .evidence import Evidence, finding, frame_of, plain, practice
from .text import say

#: how people state a norm of their own workplace: "bij ons ...", "dat hoort zo", "dat noem ik geen
#: bakker", "dat is pas vakwerk", "dat doe je gewoon", "je laat je maten niet zitten", "ongeschreven regel"
#: (not a complaint such as "dat is geen inwerken")
NORMATIVE = {
    "nl": re.compile(
        r"(?:^|[,:;]\s*|\b(?:maar|en|want|dus|nee|ja|kijk)\s+|\b(?:is|zijn|wordt|worden|gaat|gaan|doe|doet|doen|werkt|werken|"
        r"hoort|moet|moeten|mag|mogen|telt|geldt|staat)\s+(?:(?:het|dat|er|je|men|we|ook)\s+){0,2})bij\s+ons\b"
        r"(?!\s+(?:langs|binnen|terecht|op\s+(?:bezoek|de\s+koffie)|in\s+dienst|aan\s+de\s+deur|thuis|gekomen|komen|kwam|"
        r"begonnen|gewerkt|in\s+de\s+(?:straat|buurt)))|"
        r"\bbij\s+ons\s+(?:is|zijn|gaat|gaan|doe|doet|doen|moet|moeten|hoort|horen|werkt|werken|wordt|worden|mag|mogen|kan|"
        r"kun|kunt|kunnen|heb|heeft|hebben|staat|staan|telt|tellen|geldt|lever|levert|leveren|laat|laten)\b|"
        r"\b(?:doen|doe|gaan|werken)\s+(?:we|wij|je)\s+(?:hier|bij\s+ons)\b|\bhier\s+(?:doen|werken|gaan|hoort|moet|laat)\b|"
        r"\b(?:dat|zo|het)\s+hoort\s+(?:zo|erbij|niet|gewoon)\b|"
        r"\bhoort\s+(?:zo|erbij)\b|\bzo\s+hoort\s+het\b|\bnoem\s+ik\s+(?:geen|pas|echt)\b|\bdat\s+is\s+pas\s+\w+|"
        r"\b(?:dat|zoiets)\s+doe\s+je\s+(?:\w+\s+){0,3}?(?:gewoon|niet|hier)\b|\bdoe\s+je\s+(?:dat\s+|het\s+)?gewoon\b|"
        r"\bzo\s+(?:gaat|ging)\s+(?:dat|het)\s+hier\b|\b(?:is|was)\s+(?:hier\s+)?altijd\s+zo\s+geweest\b|\bniet\s+netjes\b|"
        r"\b(?:dat|het)\s+is\s+(?:gewoon\s+)?fatsoen\b|\bje\s+(?:laat|gaat|loopt|stopt|geeft)\s+"
        r"(?:\w+\s+){0,4}?niet\b|\bongeschreven\s+regel|\b(?:echte?|goede?)\s+(?:vak\w*|collega|vent|medewerker|"
        r"\w+(?:er|eur|ist|man|vrouw|kundige))\b|\bvakmanschap\b|\bzo\s+(?:doen|gaan|werken)\s+we\b|\bzo\s+zijn\s+we\b|"
        r"\bje\s+moet\s+(?:het\s+)?(?:kunnen|durven|weten)\b|\bdat\s+is\s+(?:hier\s+)?(?:de\s+)?(?:norm|regel|cultuur)\b|"
        r"\bhoe\s+het\s+hoort\b|\bwat\s+(?:goed|echt)\s+werk\s+is\b|\btrots\s+op\b", re.IGNORECASE),
    "en": re.compile(
        r"\baround\s+here\b|\bhere\s+we\b|\bthat'?s\s+(?:how|what)\s+we\b|\bthe\s+way\s+we\s+do\b|\bunwritten\s+rule|"
        r"\b(?:a\s+)?(?:proper|real|good)\s+(?:\w+\s+)?(?:craftsman|tradesman|engineer|nurse|driver|worker|job)\b|"
        r"\bthat'?s\s+not\s+(?:real\s+)?(?:work|\w+ing)\b|\byou\s+(?:just\s+)?(?:don'?t|do\s+not)\s+\w+|\byou\s+just\s+do\b|"
        r"\bwe\s+don'?t\s+\w+|\bproud\s+of\b|\bcraftsmanship\b|\bthat'?s\s+the\s+(?:norm|rule|culture)\b", re.IGNORECASE),
}
#: how people say a norm is not theirs: "ik vind dat niet gezond", "niet normaal", "ouderwets"
CONTESTING = {
    # and "normtijd is normtijd" (not "eerlijk is eerlijk"), "ik snap het, maar", "daar ben ik niet van", "niet ten koste van"
    "nl": re.compile(r"\b(?:vind|vond)\s+(?:ik\s+)?(?:dat|het)\s+(?:\w+\s+){0,3}?(?:niet|raar|onzin|ouderwets|overdreven|"
                     r"ongezond)\b|\bniet\s+(?:normaal|gezond|van\s+deze\s+tijd)\b|\bsnap\s+(?:ik\s+)?"
                     r"(?:niet|nooit)\b|\bben\s+ik\s+het\s+(?:niet\s+)?(?:mee\s+)?oneens\b|\braar\s+vinden\b|"
                     r"\b(?!(?:eerlijk|welke|beter|liever)\b)(?P<same>\w{4,})\s+(?:is\s+(?:gewoon\s+)?|gewoon\s+)(?P=same)\b|\bdeel\s+(?:ik\s+)?(?:het|dat|die)\s+"
                     r"niet\b|\bdaar\s+ben\s+ik\s+niet\s+(?:zo\s+)?van\b|\bword\s+ik\s+(?:\w+\s+)?moe\s+van\b|"
                     r"\bniet\s+ten\s+koste\s+van\b|\bsnap\s+(?:ik\s+)?(?:het|dat)(?:\s+wel)?\s*,?\s+maar\b|"
                     r"\bnou\s+eenmaal\s+zo\s+hoort\b|\bvoor\s+mij\s+is\s+het\s+(?:\w+\s+)?(?:een\s+)?baan\b", re.IGNORECASE),
    "en": re.compile(r"\bi\s+(?:don'?t|do\s+not)\s+(?:think|agree|see)\b|\bnot\s+(?:healthy|normal|fair|right)\b|"
                     r"\bold-fashioned\b|\bridiculous\b|\bmakes?\s+no\s+sense\b", re.IGNORECASE),
}
#: words too general to name a value theme
_GENERAL = frozenset("gaan doen zien zeggen komen maken staan hebben zijn worden weten denken vinden willen moeten kunnen "
                     "mogen laten krijgen nemen geven houden zitten liggen horen blijven goed echt gewoon heel mens "
                     "jaar keer ding beetje paar iemand iets alles niks niets eigenlijk natuurlijk zeker altijd nooit "
                     "vak werk werken hier ons onze bij echte goede regel ongeschreven trots noemen normaal staat zeg zegt "
                     "eerlijk gezegd terug even toch ineens meteen precies eigen ander andere nieuw nieuwe oud oude zet zetten gezet "
                     "bedrijf firma zaak organisatie company firm "
                     "twee drie vier vijf zes zeven acht negen tien honderd duizend per via man leren geleerd kijken uur uren dag dagen week weken "
                     "go do see say come make get take give have be know think want need thing people year time "
                     "work working proper real good rule way around just learn learning per".split())


#: no theme either: pronominal adverbs ("dat hoort erbij") and numbers ("al dertig jaar")
_NOT_A_THEME = re.compile(rf"(?:er|daar|hier|waar)(?:aan|achter|bij|binnen|boven|door|in|langs|mee|na|naast|om|onder|op|"
                          rf"over|tegen|toe|tussen|uit|van|voor)|{NL_NUMBER}|{EN_NUMBER}", re.IGNORECASE)


_INNER_WORD = re.compile(r"(?:(?<=[^\W\d_] )|(?<=[^\W\d_][,;] ))[^\W\d_][\w'’-]*")


def _general_words(lemmas, texts) -> frozenset:
    """Of ``lemmas``, those that name no theme: _GENERAL, the function words of both languages
    (spaCy's stop lists), pronominal adverbs, numbers and names: words ``texts`` capitalise
    inside a sentence more often than not ("Dennis is zo binnengekomen")."""
    from spacy.lang.en.stop_words import STOP_WORDS as EN
    from spacy.lang.nl.stop_words import STOP_WORDS as NL

    inner = Counter(word for text in texts for word in _INNER_WORD.findall(text))
    capitalised = Counter()
    for word, n in inner.items():
        capitalised[word.lower()] += n if word[:1].isupper() else -n
    return _GENERAL | NL | EN | {lemma for lemma in lemmas if _NOT_A_THEME.fullmatch(lemma) or capitalised[lemma] > 0}


def implicit_values(evidence: Evidence, *, min_people: int = 2, quotes: int = 3) -> pd.DataFrame:
    """Value themes: normative statements about good work ("bij ons ...", "dat noem ik geen
    bakker", and sentences coded as values or basic assumptions) grouped by the content words two
    or more people share. ``details``: holders, those who say otherwise ("ik vind dat niet
    gezond") with their quotes, and the theme's words."""
    ev = evidence
    lang = ev.lang if ev.lang in NORMATIVE else "nl"
    cue = ev.matching(NORMATIVE[lang])
    coded = ev.coded(["onderstroom/waarden", "onderstroom/basisassumpties", "onderstroom/aannames"])
    coded = practice(coded)
    candidates = pd.concat([cue, plain(coded)]).drop_duplicates("seg_id")
    # quoted: what states a norm in so many words, or a coding a report may show (see Evidence.sure)
    stated, sure = set(cue["seg_id"]), set(ev.sure(coded)["seg_id"])
    contesting = ev.matching(CONTESTING[lang])
    if candidates.empty:
        return frame_of([])
    people_of: dict[str, set] = defaultdict(set)
    rarity = _rarity(ev)
    general = _general_words(set().union(*candidates["context"]), ev.sentences["text"])
    for who, lemmas in zip(candidates["pseudonym"], candidates["context"]):
        for lemma in set(lemmas) - general:
            people_of[lemma].add(who)
    seeds = sorted((lemma for lemma, who in people_of.items() if len(who) >= min_people),
                   key=lambda lemma: (-len(people_of[lemma]) * rarity.get(lemma, 1.0), lemma))
    used: set = set()
    rows = []
    for seed in seeds:
        theme_rows = candidates.loc[np.array([seed in lem for lem in candidates["context"]], dtype=bool)
                                    & ~candidates["seg_id"].isin(used).to_numpy()]
        if theme_rows["pseudonym"].nunique() < min_people:
            continue
        words = _theme_words(theme_rows, seed, general)
        used |= set(theme_rows["seg_id"])
        # who says otherwise ("Ik vind dat eerlijk gezegd niet gezond" after telling the rule): they
        # may state the norm, but it is not theirs
        against = contesting.loc[np.array([seed in lem for lem in contesting["wide_context"]], dtype=bool)]
        holding = theme_rows[~theme_rows["pseudonym"].isin(set(against["pseudonym"]))]
        if holding["pseudonym"].nunique() < min_people:
            continue
        strength = ev.strength(holding)
        contest = ev.strength(against)
        label = " · ".join(words)
        statement = say(ev.out, "value_statement", label=label, n=strength["n_people"],
                        roles=", ".join(strength["roles"]))
        if contest["n_people"]:
            statement += say(ev.out, "value_contested", n=contest["n_people"], roles=", ".join(contest["roles"]))
        human = (coded["origin"].isin(("manual", "imported")) & coded["seg_id"].isin(holding["seg_id"])).any()
        # a quote names the theme, itself or with the sentence next to it ("Dat hoort zo." after the
        # sentence about the guest): a theme no quote names is a coincidence of context words
        says = re.compile(r"\b(?:" + "|".join(re.escape(w[:max(4, len(w) - 2)]) for w in words) + r")", re.I)
        # a coded sentence that states no norm itself names the theme itself, not by its neighbour
        quotable = holding["seg_id"].isin(stated) | (holding["seg_id"].isin(sure)
                                                      & holding["text"].map(lambda t: bool(says.search(t))))
        held = ev.representative(holding[quotable], quotes, side="holds", prefer=says, require=says)
        if len({q["pseudonym"] for q in held}) < min_people:
            continue  # a shared value shows two people saying it, not one and a neighbour's context
        rows.append(finding(ev.out, "value", len(rows) + 1, label, statement, strength,
                            held + ev.representative(against, 2, "contests", prefer=says, require=says),
                            say(ev.out, "value_evidence", n=len(holding)), human=human,
                            details=dict(words=words, holders=strength["people"], contested_by=contest["people"])))
    return frame_of(rows)


def _rarity(ev: Evidence) -> dict[str, float]:
    """How rare each lemma is across all respondents' sentences (inverse document frequency)."""
    import math

    counts = Counter(lemma for lemmas in ev.sentences["lemmas"] for lemma in set(lemmas))
    n = max(len(ev.sentences), 1)
    return {lemma: math.log((1 + n) / (1 + k)) + 1 for lemma, k in counts.items()}


def _theme_words(rows: pd.DataFrame, seed: str, general: frozenset, most: int = 3) -> list[str]:
    """The seed and the words that recur with it across the theme's sentences."""
    counts = Counter(lemma for lemmas in rows["context"] for lemma in set(lemmas) - general - {seed})
    # ties by the word itself: a set's order changes from one Python process to the next
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [seed] + [w for w, k in ranked[:most - 1] if k >= 2]
