"""Temporal expressions in narrative Dutch (and English): a rule layer of regular expressions.

Written here rather than taken from a library (DESIGN §5): HeidelTime (GPL, Java) knows no
ages or event anchors, dateparser and Duckling miss decades and narrative relatives. Rules are
regular expressions over the text rather than spaCy token patterns because the units are
character-level ('85, 12-03-1998, 23e) and offsets must be exact code points.

Every expression is found with its type; :mod:`undercurrent.timeline.resolve` turns it into an
interval.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .numbers import EN_NUMBER, NL_NUMBER, parse_number

MONTHS_NL = {"januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3, "april": 4, "apr": 4,
             "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augustus": 8, "aug": 8, "september": 9,
             "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11, "december": 12, "dec": 12}
MONTHS_EN = {"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
             "september": 9, "october": 10, "november": 11, "december": 12}
#: seasons as (first month, last month); winter runs into the next year
SEASONS = {"lente": (3, 5), "voorjaar": (3, 5), "zomer": (6, 8), "herfst": (9, 11), "najaar": (9, 11),
           "winter": (12, 2), "spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11)}
DECADES_NL = {"twintig": 20, "dertig": 30, "veertig": 40, "vijftig": 50, "zestig": 60, "zeventig": 70,
              "tachtig": 80, "negentig": 90}
DECADES_EN = {"twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60, "seventies": 70,
              "eighties": 80, "nineties": 90, "noughties": 100}  # from 1900: the noughties are the 2000s
#: school and study phases of a life, as ages (first, last): "op de lagere school", "at secondary"
LIFE_PHASES = {"kleuterschool": (4, 6), "lagere school": (6, 12), "basisschool": (4, 12), "middelbare school": (12, 17),
               "mavo": (12, 16), "havo": (12, 17), "vwo": (12, 18), "lts": (12, 16), "mts": (16, 19), "mbo": (16, 20),
               "hts": (17, 21), "hbo": (17, 22), "universiteit": (18, 23), "tienerjaren": (13, 19), "tiener": (13, 19),
               "puberteit": (12, 17), "puber": (12, 17), "twintiger": (20, 29), "dertiger": (30, 39), "veertiger": (40, 49),
               "teens": (13, 19), "teenager": (13, 19),
               "primary": (5, 11), "primary school": (5, 11), "secondary": (11, 16), "secondary school": (11, 16),
               "grammar school": (11, 18), "high school": (14, 18), "sixth form": (16, 18), "university": (18, 22),
               "uni": (18, 22)}
#: events that organisations remember by name ("na de brand"); anything else needs an explicit date
EVENT_NOUNS_NL = ("brand", "fusie", "overname", "reorganisatie", "crisis", "kredietcrisis", "ontslagronde",
                  "ontslagen", "faillissement", "verhuizing", "staking", "ongeluk", "verbouwing", "oorlog",
                  "corona", "coronatijd", "coronacrisis", "lockdown", "invoering", "nieuwbouw", "oprichting",
                  "doorstart", "uitbreiding", "bezuinigingen", "bezuiniging", "ontslaggolf", "overstroming",
                  "explosie", "inbraak", "verkiezingen", "pensionering", "overlijden", "geboorte", "bruiloft",
                  "scheiding", "opleiding", "diensttijd", "militaire dienst", "lts", "mavo", "mbo", "hbo",
                  "middelbare school", "lagere school", "basisschool", "crisisjaren", "komst van de robot",
                  "komst van de tablets", "eerste robot", "nieuwe hal", "nieuwe baas", "oude baas", "storm",
                  "sluiting", "rebranding", "ramp", "watersnood", "stroomstoring", "verkoop",
                  "herstructurering", "opening", "sanering", "afvloeiing", "uitbraak", "renovatie")
#: the English counterparts of the Dutch list
EVENT_NOUNS_EN = ("fire", "merger", "takeover", "acquisition", "buyout", "reorganisation", "reorganization",
                  "restructure", "restructuring", "crisis", "financial crisis", "layoffs", "redundancies",
                  "bankruptcy", "administration", "relocation", "strike", "accident", "renovation", "refurbishment",
                  "war", "pandemic", "lockdown", "introduction", "rollout", "roll-out", "go-live", "launch",
                  "new building", "founding", "restart", "expansion", "cuts", "flood", "flooding", "explosion",
                  "break-in", "burglary", "election", "storm", "closure", "rebrand", "rebranding", "disaster",
                  "power cut", "outage", "sale", "opening", "outbreak", "reorg", "shutdown")

_NUM = rf"(?:\d{{1,3}}(?:[,.]5)?|{NL_NUMBER}|een paar|paar|enkele|een\s+half|een|één|anderhalf|anderhalve)"
#: a bare number (no "een paar"), for approximations such as "een jaar of tien" and "zes, zeven jaar"
_NUMW = rf"(?:\d{{1,3}}|{NL_NUMBER})"
_POSS = r"(?:mijn|m'n|mien|zijn|z'n|haar|d'r|hun|onze|je|jouw)"  # "mien": Low Saxon for "mijn"
_UNIT = r"(?:jaar|jaren|joar|maanden|maand|weken|week|dagen|dag|decennia|decennium)"  # "joar": Gronings
_YEAR4 = r"(?:1[6-9]\d\d|20\d\d)"
_YEAR = rf"(?:{_YEAR4}|['’]\d\d)"
_MONTH = "|".join(sorted(MONTHS_NL, key=len, reverse=True))
_MONTH_EN = "|".join(MONTHS_EN)
_SEASON = "|".join(SEASONS)
_EVENT = "|".join(sorted((re.escape(e) for e in EVENT_NOUNS_NL), key=len, reverse=True))
_EVENT_EN = "|".join(EVENT_NOUNS_EN)
_NOT_AFTER_YEAR = r"(?!\s*(?:euro|eur|€|man|mensen|medewerkers|stuks|keer|kilo|kg|meter|m2|uur|km|procent|%|"\
                  r"collega|klanten|ton|liter|x\b))"


@dataclass
class TimeExpression:
    """One temporal expression: ``text[start:end]`` of the source, its type and the parsed parts."""

    start: int
    end: int
    text: str
    type: str  # date, month, year, range, decade, century, age, duration, deictic, narrative, anchor, vague
    parts: dict = field(default_factory=dict)


def _rules(lang: str):
    """(type, compiled pattern, priority). Longer matches win; on equal length, lower priority."""
    f = re.IGNORECASE
    if lang == "en":
        return [
            ("date", re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{_MONTH_EN})\s+(?P<year>{_YEAR4})\b", f), 0),
            ("date", re.compile(rf"\b(?P<month>{_MONTH_EN})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>{_YEAR4})\b", f), 0),
            ("month", re.compile(rf"\b(?P<month>{_MONTH_EN})\s+(?:of\s+)?(?P<year>{_YEAR})\b", f), 1),
            ("month", re.compile(rf"\b(?:the\s+)?(?P<season>spring|summer|autumn|fall|winter)\s+(?:of\s+)?(?P<year>{_YEAR})\b", f), 1),
            ("range", re.compile(rf"\b(?:from\s+)?(?P<y1>{_YEAR4})\s*(?:-|–|to|until|till)\s*(?P<y2>{_YEAR4})\b", f), 1),
            ("decade", re.compile(rf"\b(?:(?P<part>early|late|mid)[- ])?(?:the\s+)?(?:(?P<cent>19|20)?(?P<dec>\d0)'?s|(?P<word>{'|'.join(DECADES_EN)}))\b", f), 2),
            ("century", re.compile(r"\b(?:the\s+)?(?P<num>\d{1,2})(?:st|nd|rd|th)\s+century\b", f), 2),
            ("age", re.compile(rf"\bwhen\s+I\s+was\s+(?P<num>\d{{1,2}}|{EN_NUMBER})\b", f), 1),
            ("age", re.compile(rf"\bat\s+(?:the\s+age\s+of\s+)?(?P<num>\d{{1,2}}|{EN_NUMBER})(?=\s*(?:,|years old|\.))", f), 3),
            ("deictic", re.compile(rf"\b(?P<num>\d{{1,3}}|{EN_NUMBER}|a few|a couple of|a)(?:\s*(?:,|or|to)\s*(?P<num2>\d{{1,3}}|{EN_NUMBER}))?"
                                   r"\s+(?P<unit>years?|months?|weeks?|days?)\s+(?:ago|back)\b", f), 1),
            ("deictic", re.compile(r"\b(?P<which>last|this|next)\s+(?P<unit>year|month|week|summer|winter|spring|autumn)\b", f), 2),
            ("narrative", re.compile(rf"\b(?P<num>\d{{1,3}}|{EN_NUMBER}|a few|a couple of|a)\s+(?P<unit>years?|months?|weeks?|days?)\s+(?P<dir>later|after(?:wards)?|before|earlier)\b", f), 1),
            ("narrative", re.compile(r"\b(?P<word>afterwards|after that|since then|shortly after|before that)\b", f), 3),
            ("anchor", re.compile(rf"\b(?:(?P<mod>shortly|just|right|long)\s+)?(?P<rel>after|before|since|during)\s+the\s+(?P<event>{_EVENT_EN})\b", f), 2),
            ("duration", re.compile(rf"\b(?:for\s+)(?P<num>\d{{1,3}}|{EN_NUMBER})\s+(?P<unit>years?|months?|weeks?)\b", f), 3),
            ("year", re.compile(rf"\b(?P<prep>in|since|from|until|around|by|late|early|mid-|sometime\s+in|during)?\s*(?P<year>{_YEAR4})\b{_NOT_AFTER_YEAR}", f), 4),
        ]
    return [
        ("date", re.compile(r"\b(?P<day>\d{1,2})[-/.](?P<mon>\d{1,2})[-/.](?P<year>\d{4}|\d{2})\b"), 0),
        ("date", re.compile(rf"\b(?P<day>\d{{1,2}}|{NL_NUMBER})(?:e|ste|de)?\s+(?P<month>{_MONTH})\.?\s+(?P<year>{_YEAR})\b", f), 0),
        ("date", re.compile(rf"\b(?P<day>\d{{1,2}}|{NL_NUMBER})(?:e|ste|de)?\s+(?P<month>{_MONTH})\b(?!\.?\s+(?:van\s+)?{_YEAR})", f), 2),
        ("deictic", re.compile(r"\b(?P<day>vandaag|gisteren|eergisteren|morgen|overmorgen)\b(?!\s*(?:vroeg|ochtend)\b)", f), 3),
        ("month", re.compile(rf"\b(?:(?P<part>begin|eind|half|medio|midden)\s+)?(?P<month>{_MONTH})\s+(?:van\s+)?(?P<year>{_YEAR})\b{_NOT_AFTER_YEAR}", f), 1),
        ("month", re.compile(rf"\b(?:(?:in\s+)?(?:de|het)\s+)?(?P<season>{_SEASON})\s+(?:van\s+)?(?P<year>{_YEAR})\b{_NOT_AFTER_YEAR}", f), 1),
        ("month", re.compile(rf"\b(?:in\s+)?(?P<month>{_MONTH})\s+(?P<yy>(?:tien|elf|twaalf|dertien|veertien|vijftien|zestien|zeventien|achttien|"
                             rf"negentien|(?:\w+en)?(?:twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig)))\b(?=\s*[,.;!?)]|$)", f), 1),
        ("range", re.compile(rf"\b(?:van|vanaf|tussen)\s+(?P<y1>{_YEAR})\s+(?:tot(?:\s+en\s+met)?|t/m|en)\s+(?P<y2>{_YEAR})\b", f), 1),
        ("range", re.compile(rf"\b(?P<y1>{_YEAR4})\s*[-–/]\s*(?P<y2>{_YEAR4}|\d\d)\b(?![-/]\d)", f), 1),
        ("decade", re.compile(rf"\b(?:(?P<part>begin|eind|half|midden|eind\s+van|begin\s+van)\s+)?(?:(?:in\s+)?de\s+)?jaren\s+(?:(?P<word>{'|'.join(DECADES_NL)})|['’]?(?P<dec>\d0))\b", f), 2),
        ("century", re.compile(rf"\b(?:(?:in\s+)?de\s+)?(?P<num>\d{{1,2}}(?:e|ste|de)|{NL_NUMBER}(?:ste|de))\s+eeuw\b", f), 2),
        ("age", re.compile(rf"\b(?:toen|het\s+jaar\s+dat|de\s+(?:zomer|winter|herfst|lente|voorjaar|najaar)\s+dat)\s+(?:ik|hij|zij|ze)\s+(?:nog\s+)?(?:pas\s+)?(?:net\s+)?(?:een\s+jaar\s+of\s+)?(?P<num>\d{{1,2}}|{NL_NUMBER})(?:\s+jaar(?:\s+oud)?)?\s+(?:was|werd)\b", f), 1),
        ("age", re.compile(rf"\b(?:van|vanaf)\s+{_POSS}\s+(?P<num>\d{{1,2}}(?:e|ste|de)|{NL_NUMBER}(?:ste|de))\s+(?:tot|t/m)\s+{_POSS}\s+(?P<num2>\d{{1,2}}(?:e|ste|de)|{NL_NUMBER}(?:ste|de))\b", f), 0),
        ("age", re.compile(rf"\b(?:op|met|sinds|vanaf|tot|na|voor)\s+{_POSS}\s+(?P<num>\d{{1,2}}(?:e|ste|de)|{NL_NUMBER}(?:ste|de)?)\b(?!\s+(?:{_UNIT}|keer|plek|werk|baan|jaar))", f), 2),
        ("age", re.compile(rf"\bals\s+(?:jonge\s+|kleine\s+)?(?:jongen|meisje|kind|jochie|knul|jongetje|meid|leerling|broekie|vent|gast)\s+van\s+(?P<num>\d{{1,2}}|{NL_NUMBER})\b", f), 1),
        ("age", re.compile(rf"\bop\s+(?P<num>\d{{1,2}}|{NL_NUMBER})-?jarige\s+leeftijd\b", f), 1),
        ("age", re.compile(rf"\b(?:ik\s+was|was\s+ik|toen\s+ik)\s+(?:toen\s+|pas\s+|net\s+|nog\s+maar\s+)*(?P<num>\d{{1,2}}|{NL_NUMBER})"
                           r"(?:\s+jaar)?\s+(?:geworden|werd|was\s+geworden)\b", f), 0),
        ("age", re.compile(rf"\b(?:ik\s+was|was\s+ik)\s+(?:toen\s+|pas\s+|nog\s+|net\s+)*(?P<num>\d{{1,2}}|{NL_NUMBER})(?:\s+jaar(?:\s+oud)?)?(?=\s*[,.;!?)]|\s+(?:toen|en|dus|of|hoor|ofzo)\b)", f), 3),
        ("deictic", re.compile(rf"\b(?P<num>{_NUM})\s+(?P<unit>{_UNIT})\s+(?:geleden|terug)\b", f), 1),
        # approximations: "een jaar of vijftien geleden", "zes, zeven jaar terug", "een paar decennia terug"
        ("deictic", re.compile(rf"\b(?:een\s+)?(?P<unit>{_UNIT})\s+of\s+(?P<num>{_NUMW})\s+(?:geleden|terug)\b", f), 0),
        ("deictic", re.compile(rf"\b(?:een\s+)?(?P<unit>{_UNIT})\s+of\s+(?P<num>{_NUMW})\s*,\s*(?P<num2>{_NUMW})\s+(?:geleden|terug)\b", f), 0),
        ("deictic", re.compile(rf"\b(?P<num>{_NUMW})\s*(?:,|à|a|tot|of)\s*(?P<num2>{_NUMW})\s+(?P<unit>{_UNIT})\s+"
                               r"(?:geleden|terug)\b", f), 0),
        # the future: "over twee jaar"
        ("deictic", re.compile(rf"\bover\s+(?P<ahead>{_NUM})\s+(?P<unit>{_UNIT})\b", f), 2),
        # wide on purpose: "de afgelopen jaren", "de komende jaren", "jarenlang", "al jaren", "decennia"
        ("vague", re.compile(r"\b(?:de\s+)?(?P<which>afgelopen|laatste|komende|volgende)\s+(?P<unit>jaren|decennia|maanden|weken)\b", f), 2),
        ("vague", re.compile(r"\b(?P<word>jarenlang|al\s+jaren|al\s+decennia|decennialang|decennia\s+lang|maandenlang|"
                             r"wekenlang)\b", f), 3),
        ("deictic", re.compile(r"\b(?P<which>vorig|vorige|afgelopen|dit|deze|komend|komende|volgend|volgende)\s+(?P<unit>jaar|maand|week|zomer|winter|voorjaar|najaar|herfst|lente|kerst|eeuw)\b", f), 2),
        ("deictic", re.compile(r"\b(?P<word>vroeger|tegenwoordig|nowadays|vandaag de dag)\b", f), 4),
        ("narrative", re.compile(rf"\b(?P<num>{_NUM})\s+(?P<unit>{_UNIT})\s+(?P<dir>later|daarna|erna|daarvoor|ervoor|eerder|erop)\b", f), 1),
        ("narrative", re.compile(rf"\b(?:een\s+)?(?P<unit>{_UNIT})\s+of\s+(?P<num>{_NUMW})\s+(?P<dir>later|daarna|erna|daarvoor|ervoor|eerder)\b", f), 0),
        ("narrative", re.compile(rf"\b(?P<rel>na|binnen)\s+(?P<num>{_NUM})\s+(?P<unit>{_UNIT})\b(?!\s+geleden)", f), 2),
        ("narrative", re.compile(r"\bhet\s+(?P<unit>jaar|jaar)\s+(?P<dir>daarna|erop|ervoor|daarvoor)\b", f), 1),
        ("narrative", re.compile(r"\b(?:(?P<mod>kort|vlak|direct|meteen|pas|niet\s+lang|lang)\s+)?(?P<word>daarna|daarop|daarvoor|sindsdien|nadien|vervolgens|toen\s+later)\b", f), 3),
        ("anchor", re.compile(rf"\b(?:(?P<mod>kort|vlak|net|direct|meteen|pas|lang|een\s+jaar|twee\s+jaar|jaren)\s+)?(?P<rel>na|voor|sinds|vanaf|tijdens|rond|vóór|bij|tot|ten\s+tijde\s+van|in\s+het\s+jaar\s+van)\s+(?P<det>de|het|die|dat|{_POSS})\s+(?:eerste\s+|grote\s+|laatste\s+)?(?P<event>{_EVENT})(?:\s+van\s+(?:de|het)\s+\w+)?\b", f), 2),
        ("duration", re.compile(rf"\b(?P<pre>al|nu\s+al|bijna|ruim|zo'n|ongeveer|meer\s+dan|alweer)\s+(?P<num>{_NUM})\s+(?P<unit>{_UNIT})\b(?!\s+(?:geleden|later|daarna|erna))", f), 3),
        ("duration", re.compile(rf"\b(?P<num>{_NUM})\s+(?P<unit>{_UNIT})\s+lang\b", f), 3),
        ("duration", re.compile(rf"\b(?:een\s+)?(?P<unit>{_UNIT})\s+of\s+(?P<num>{_NUMW})\b(?!\s+(?:geleden|terug))", f), 3),
        ("duration", re.compile(rf"\b(?P<num>\d{{1,3}}|{NL_NUMBER}|anderhalf|anderhalve|een\s+half|een\s+paar|enkele)\s+(?P<unit>{_UNIT})\b(?!\s+(?:geleden|later|daarna|erna|daarvoor|ervoor|eerder|oud|ouder|jonger|terug))", f), 5),
        # "de laatste tien jaar", "de afgelopen vijf jaar": up to the interview
        ("vague", re.compile(rf"\b(?:de\s+)?(?P<which>afgelopen|laatste)\s+(?P<num>{_NUMW})\s+(?P<unit>jaar|jaren|maanden|weken)\b", f), 1),
        ("deictic", re.compile(r"\b(?P<which>vorig|volgend|dit|komend)\s+(?P<unit>kwartaal)\b", f), 2),
        ("narrative", re.compile(r"\b(?P<word>voor\s+die\s+tijd|na\s+die\s+tijd)\b", f), 3),
        ("career", re.compile(r"\b(?:in\s+)?het\s+jaar\s+dat\s+ik\s+(?:hier\s+)?(?:begon|kwam|binnenkwam|in\s+dienst\s+kwam)\b", f), 1),
        ("age", re.compile(r"\b(?:in\s+)?het\s+jaar\s+dat\s+ik\s+geboren\s+(?:werd|ben)\b(?P<num>)", f), 1),
        ("year", re.compile(rf"\b(?P<prep>in|sinds|vanaf|tot|rond|na|voor|eind|begin|medio|per|sedert|sinds\s+begin|ergens\s+in|in\s+de\s+loop\s+van|halverwege|van)?\s*(?P<year>{_YEAR4}|['’]\d\d)\b{_NOT_AFTER_YEAR}", f), 4),
    ]


#: common knowledge for periods people name without a date (a case's own datings come first)
NAMED_PERIODS = {
    "oorlog": (1940, 1945), "de oorlog": (1940, 1945), "war": (1940, 1945), "the war": (1940, 1945),
    "kredietcrisis": (2008, 2009), "financial crisis": (2008, 2009), "credit crunch": (2007, 2009),
    "eurocrisis": (2010, 2012), "energiecrisis": (2022, 2023), "energy crisis": (2022, 2023),
    "corona": (2020, 2022), "coronatijd": (2020, 2022), "coronacrisis": (2020, 2022), "covid": (2020, 2022),
    "pandemie": (2020, 2022), "pandemic": (2020, 2022), "lockdown": (2020, 2021), "eerste lockdown": (2020, 2020),
    "tweede lockdown": (2020, 2021), "lockdowns": (2020, 2021),
    "coronazomer": (2020, 2021), "eerste coronazomer": (2020, 2020), "tweede coronazomer": (2021, 2021),
    "coronawinter": (2020, 2021), "coronajaar": (2020, 2021), "eerste coronajaar": (2020, 2020),
    "tweede coronajaar": (2021, 2021),
    "dotcomcrash": (2000, 2002), "dotcom crash": (2000, 2002), "dot-com crash": (2000, 2002),
    "val van de muur": (1989, 1989), "fall of the wall": (1989, 1989), "eeuwwisseling": (1999, 2000),
    "millennium": (1999, 2000), "turn of the century": (1999, 2001), "millenniumbug": (1999, 1999),
    "invoering van de euro": (2002, 2002), "de euro": (2002, 2002), "watersnoodramp": (1953, 1953),
    "three-day week": (1974, 1974), "brexit": (2016, 2020), "the miners' strike": (1984, 1985),
    "winter of discontent": (1978, 1979), "9/11": (2001, 2001), "september 11th": (2001, 2001), "ve day": (1945, 1945),
    "ve night": (1945, 1945), "austerity": (2010, 2019), "austerity years": (2010, 2019), "mexicaanse griep": (2009, 2010),
    "varkenspest": (1997, 1998), "bevrijding": (1945, 1945), "de bevrijding": (1945, 1945), "bijlmerramp": (1992, 1992), "vogelgriep": (2003, 2003), "bse-crisis": (1996, 2001), "mkz-crisis": (2001, 2001),
    "swine flu": (2009, 2010), "bird flu": (2005, 2006), "great recession": (2008, 2009), "black wednesday": (1992, 1992),
}
_PERIOD_NL = r"(?:eerste\s+|tweede\s+)?(?:coronatijd|coronacrisis|coronazomer|coronawinter|coronajaar|corona|covid|pandemie|lockdown|oorlog|kredietcrisis|eurocrisis|" \
             r"energiecrisis|dotcomcrash|eeuwwisseling|millenniumbug|watersnoodramp|val\s+van\s+de\s+muur|" \
             r"invoering\s+van\s+de\s+euro|mexicaanse\s+griep|varkenspest|vogelgriep|bse-crisis|mkz-crisis)"
_PERIOD_EN = r"(?:first\s+|second\s+)?(?:financial\s+crisis|credit\s+crunch|energy\s+crisis|pandemic|covid|lockdowns?|" \
             r"war|dot-?com\s+crash|turn\s+of\s+the\s+century|millennium|three-day\s+week|brexit|fall\s+of\s+the\s+wall|" \
             r"miners'\s+strike|winter\s+of\s+discontent|9/11|september\s+11th|ve\s+(?:day|night)|austerity(?:\s+years)?|" \
             r"swine\s+flu|bird\s+flu|great\s+recession|black\s+wednesday)"
_EN_AGE = rf"(?P<num>\d{{1,2}}|{EN_NUMBER})(?:\s*,\s*(?P<num2>\d{{1,2}}|{EN_NUMBER}))?"
_NOT_UNIT_EN = r"(?!\s*(?:minutes?|hours?|days?|weeks?|months?|years?|percent|%|pounds?|quid|dollars?|euros?|" \
               r"times|people|of\b|o'clock|am\b|pm\b|:))"
_DAYWORD_NL = r"(?:vanochtend|vanmorgen|vanmiddag|vanavond|vannacht|vandaag|gisteren|gisterochtend|gisteravond|morgen|" \
              r"morgenochtend|maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)"
_CLOCK_NL = rf"om\s+(?:half\s+|kwart\s+(?:voor|over)\s+|\w+\s+(?:voor|over)\s+(?:half\s+)?)?(?:\d{{1,2}}(?:[:.]\d\d)?|{NL_NUMBER})" \
            r"(?:\s+uur)?(?:\s+'s\s+(?:ochtends|morgens|middags|avonds|nachts))?"
_CLOCK_EN = rf"at\s+(?:half\s+(?:past\s+)?|quarter\s+(?:to|past)\s+|\w+\s+(?:to|past)\s+)?(?:\d{{1,2}}(?:[:.]\d\d)?|{EN_NUMBER})" \
            r"(?:\s*o'clock|\s*(?:am|pm)\b)?"
_MONTH_ONLY_NL = "|".join(m for m in MONTHS_NL if len(m) > 3)
_EVENTLIKE_NL = r"(?:\w+(?:ing|atie)|\w*(?:crash|verbod|komst|sluiting|fusie|overname|cao|wissel|staking|ramp|brand|crisis|" \
                r"reorganisatie|verhuizing|ontslagronde|uitbraak|invoering))"
_EVENTLIKE_EN = r"(?:\w+(?:tion|ment|sal|over|out|ure|ger)|\w*(?:crash|strike|fire|flood|move|refit))"
_PHASE_NL = r"(?:kleuterschool|lagere\s+school|basisschool|middelbare\s+school|mavo|havo|vwo|lts|mts|mbo|hts|hbo|universiteit)"
_PHASE_EN = r"(?:primary(?:\s+school)?|secondary(?:\s+school)?|grammar\s+school|high\s+school|sixth\s+form|university|uni)"
_EN_YEARWORD = r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?)"
#: verbs that tell an event as a clause in English ("when Labour got in", "after Mum died")
_CLAUSE_VERB_EN = r"(?:died|left|got\s+in|came\s+in|came|went\s+bust|went|retired|closed|shut|started|moved|married|" \
                  r"was\s+born|were\s+born|arrived|opened|took\s+over|got\s+married|split\s+up|broke\s+up)"


HOLIDAYS = {"kerst": 12, "kerstmis": 12, "kerstvakantie": 12, "pasen": 4, "nieuwjaar": 1, "oud en nieuw": 12,
            "zomervakantie": 7, "bouwvak": 7, "christmas": 12, "boxing day": 12, "easter": 4, "new year": 1, "half-term": 10,
            "summer holidays": 7, "thanksgiving": 11, "black friday": 11, "keti koti": 7, "koningsdag": 4,
            "bevrijdingsdag": 5, "sinterklaas": 12, "carnaval": 2, "hemelvaart": 5, "pinksteren": 5}
_QUARTER = r"(?:Q(?P<q>[1-4])|(?:het\s+)?(?P<qw>eerste|tweede|derde|vierde|first|second|third|fourth)\s+(?:kwartaal|quarter))"


def _more_rules(lang: str):
    """Rules for what narrative speech adds to calendars: named periods, one's own working life,
    events told as clauses, day parts and clock times, holidays and quarters, ages and durations
    in English."""
    f = re.IGNORECASE
    event = rf"(?:{_EVENT_EN}|{_EVENTLIKE_EN})" if lang == "en" else rf"(?:{_EVENT}|{_EVENTLIKE_NL})"
    rel = r"after|before" if lang == "en" else r"na|voor|vóór"
    art = r"the|our" if lang == "en" else r"de|het|die|dat|onze|ons"
    common = [
        # "twee jaar na de overname", "two years after the merger": the offset counts
        ("anchor", re.compile(rf"\b(?P<num>{_NUM}|{EN_NUMBER}|a\s+few|a\s+couple\s+of|a)\s+(?P<unit>{_UNIT}|years?|months?|weeks?)\s+"
                              rf"(?P<rel>{rel})\s+(?:{art})\s+(?:\w+e\s+)??(?P<event>{event})\b", f), 0),
        ("range", re.compile(rf"\b(?P<y1>{_YEAR4})\s*(?:,|of|or|/)\s*(?P<y2>{_YEAR4})\b", f), 0),
        ("quarter", re.compile(rf"\b(?:(?P<part>begin|eind|end\s+of|start\s+of)\s+)?{_QUARTER}(?:\s+(?:van\s+|of\s+)?(?P<year>{_YEAR4}))?\b", f), 1),
    ]
    if lang == "en":
        return common + [
            ("holiday", re.compile(r"\b(?P<pre>over|at|after|before|until|since|by|that|last|this)?\s*(?:the\s+week\s+before\s+)?"
                                   r"(?P<holiday>christmas|boxing\s+day|easter|new\s+year|half-term|summer\s+holidays|thanksgiving|black\s+friday)(?:\s+eve)?"
                                   rf"(?:\s+(?:of\s+)?(?P<year>{_YEAR}))?(?!\w)", f), 3),
            ("named", re.compile(rf"\b(?:(?:just|shortly|right)\s+)?(?:(?:during|in|after|before|since|through)\s+)?(?:the\s+)?(?P<period>{_PERIOD_EN})\b", f), 2),
            ("age", re.compile(rf"\b(?:I\s+was|since\s+I\s+was|from|at|aged|at\s+the\s+age\s+of|when\s+I\s+was\s+(?:about|only|just))\s+"
                               rf"(?:about\s+|only\s+|just\s+)?{_EN_AGE}(?:\s+years?\s+old)?\b{_NOT_UNIT_EN}", f), 3),
            ("age", re.compile(rf"\b(?:the\s+year|when|just\s+after|just\s+before)\s+I\s+turned\s+(?P<num>\d{{1,2}}|{EN_NUMBER})\b", f), 1),
            ("age", re.compile(r"\bon\s+my\s+(?P<num>\d{1,2}(?:st|nd|rd|th)|\w+(?:th|st|nd|rd))\s+birthday\b", f), 1),
            ("age", re.compile(r"\bin\s+my\s+(?P<part>early|mid|late)[- ](?P<word>twenties|thirties|forties|fifties|sixties)\b", f), 1),
            ("duration", re.compile(rf"\b(?P<num>\d{{1,2}}|{EN_NUMBER}),\s*(?P<num2>\d{{1,2}}|{EN_NUMBER})\s+(?P<unit>years|months|weeks|days)\b"
                                    r"(?!\s+(?:ago|later|earlier|before|after|old))", f), 4),
            ("duration", re.compile(rf"\b(?:for\s+)?(?:about\s+|nearly\s+|almost\s+|over\s+|around\s+|some\s+)?(?P<num>\d{{1,3}}|{EN_NUMBER}|"
                                    r"a\s+few|a\s+couple\s+of)[- ](?:odd\s+)?(?P<unit>years?|months?|weeks?|days?|hours?|decades?)\b"
                                    r"(?!\s+(?:ago|later|earlier|before|after|old|on))", f), 5),
            ("deictic", re.compile(r"\b(?:about\s+|roughly\s+|some\s+|a\s+good\s+)?(?:a\s+)?(?P<unit>decade|couple\s+of\s+years|few\s+years)\s+ago\b", f), 1),
            ("vague", re.compile(r"\b(?P<word>years\s+ago|ages\s+ago|donkey's\s+years|in\s+the\s+old\s+days|for\s+years|for\s+decades|"
                                 r"decades)\b", f), 4),
            ("vague", re.compile(r"\b(?:over\s+|in\s+|during\s+)?the\s+(?P<which>past|last|next|coming)\s+(?:few\s+|couple\s+of\s+)?(?P<unit>years|decades|months)\b", f), 2),
            ("monthonly", re.compile(rf"\b(?P<which>last|this|next)\s+(?P<month>{_MONTH_EN})\b", f), 2),
            ("monthonly", re.compile(rf"\b(?:in|since|until|till|by|from|early|late|mid)[- ](?P<month>{_MONTH_EN})\b(?!\s+\d)", f), 4),
            ("date", re.compile(rf"\b(?:the\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)\s+of\s+(?P<month>{_MONTH_EN})(?:,?\s+(?P<year>{_YEAR4}))?\b", f), 0),
            ("year", re.compile(r"(?:\b(?P<prep>in|since|from|until|around|by)\s+)?(?P<year>['’]\d\d)\b(?!\s*(?:%|percent))", f), 4),
            ("yearword", re.compile(rf"\b(?:in\s+)?(?P<c>nineteen|twenty)[- ](?P<rest>{EN_NUMBER}|hundred)\b(?!\s+(?:years?|people|pounds?))", f), 3),
            ("range", re.compile(rf"\b(?:(?:in|since|from|around|until)\s+)?(?P<w1>{_EN_YEARWORD})\s*(?:,|or|to|-)\s*(?P<w2>{_EN_YEARWORD})\b"
                                 r"(?=\s*(?:[,.;!?)]|$|and\b|I\b|we\b|it\b))", f), 2),
            ("yearword", re.compile(rf"\b(?:in|since|from|around|until|by)\s+(?P<rest2>{_EN_YEARWORD})\b(?=\s*(?:[,.;!?)]|$|and\b|or\b|when\b|I\b|we\b|it\b|that\b))", f), 3),
            ("phase", re.compile(rf"\b(?:(?P<rel>at|in|after|before|during|until|since|from)\s+)?(?:the\s+kids\s+were\s+at\s+|I\s+was\s+at\s+)?{_PHASE_EN.replace('(?:', '(?P<phase>', 1)}\b"
                                 r"(?=\s*(?:[,.;!?)]|$|and\b|I\b|we\b|it\b|school\b|then\b|when\b|but\b|so\b))", f), 3),
            ("clause", re.compile(rf"\b(?P<rel>when|after|before|since|until)\s+(?:[A-Z][a-z]+|the\s+\w+|my\s+\w+|our\s+\w+|his\s+\w+|her\s+\w+|we|they|he|she)\s+"
                                  rf"(?:(?:had|has|have|was|were|finally|just|eventually|first|then|all|both|actually)\s+){{0,2}}{_CLAUSE_VERB_EN}(?:\s+in\s+(?:(?P<year>{_YEAR4})|(?P<rest2>{_EN_YEARWORD})))?\b", f), 4),
            ("clock", re.compile(rf"\b(?:(?P<dayword>(?:last|next|this)\s+\w+day|\w+day|tomorrow|yesterday|today)\s+)?{_CLOCK_EN}"
                                 r"(?:\s+(?P<dayword2>tomorrow|yesterday|today))?", f), 3),
            ("deictic", re.compile(r"\b(?P<which>last|this|next)\s+(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", f), 3),
            ("deictic", re.compile(r"\b(?P<part>early|late|mid|the\s+end\s+of|the\s+start\s+of|the\s+beginning\s+of)[- ](?P<which>last|next|this)\s+(?P<unit>year)\b", f), 1),
            ("deictic", re.compile(r"\b(?:a\s+)?(?P<fortnight>fortnight)\s+ago\b|\b(?P<before_last>the\s+year\s+before\s+last)\b", f), 1),
            ("deictic", re.compile(r"\b(?:the\s+)?(?P<season_before_last>spring|summer|autumn|winter)\s+before\s+last\b", f), 1),
            ("vague", re.compile(rf"\b(?:over\s+|in\s+|for\s+)?the\s+(?P<which>last|past)\s+(?P<num>\d{{1,2}}|{EN_NUMBER})\s+(?P<unit>years|months|weeks)\b", f), 1),
            ("narrative", re.compile(rf"\b(?P<rel>within)\s+(?P<num>\d{{1,2}}|{EN_NUMBER}|a)\s+(?P<unit>years?|months?|weeks?)\b", f), 2),
            ("narrative", re.compile(r"\bthe\s+(?P<dir>next|following)\s+(?P<that>summer|winter|spring|autumn)\b", f), 2),
            ("duration", re.compile(r"\b(?:a|one)\s+(?P<unit>fortnight)\b(?!\s+ago)", f), 4),
            ("yearword", re.compile(rf"\b(?:in\s+|since\s+)?(?P<c>two\s+thousand)(?:\s+and)?(?:\s+(?P<rest>{EN_NUMBER}))?\b(?!\s+(?:people|pounds?|quid|dollars?))", f), 2),
            ("range", re.compile(r"(?<!\w)(?P<y1>['’]\d\d)\s*(?:,|or|to|-)\s*(?P<y2>['’]\d\d)\b", f), 1),
            ("narrative", re.compile(rf"\b(?P<rel>after)\s+(?P<num>\d{{1,2}}|{EN_NUMBER}|a)\s+(?P<unit>years?|months?|weeks?|days?)\b(?!\s+(?:of|in))", f), 2),
            ("range", re.compile(rf"\b(?P<y1>{_YEAR4})\s+into\s+(?P<y2>{_YEAR4})\b", f), 1),
            ("year", re.compile(rf"\b(?P<year>{_YEAR4})-?ish\b", f), 1),
            ("deictic", re.compile(r"\b(?:a|one)\s+(?P<unit>week|month|year)\s+or\s+(?:so|two)\s+ago\b", f), 1),
            ("narrative", re.compile(r"\b(?:that|the\s+same)\s+(?P<that>year|summer|winter|spring|autumn|morning|afternoon|evening|night|day)\b", f), 3),
            ("narrative", re.compile(r"\b(?P<word>ever\s+since)\b", f), 2),
            ("deictic", re.compile(r"\b(?P<which>this|last|next|the)\s+(?P<term>autumn|spring|summer)?\s*(?P<unit>term)\b", f), 2),
            ("narrative", re.compile(r"\bthe\s+(?P<dir>following|next|previous)\s+(?P<unit>year)\b|\bthe\s+(?P<unit2>year)\s+(?P<dir2>after|before)\b(?!\s+(?:the|last|that))", f), 2),
            ("range", re.compile(rf"\bbetween\s+(?P<y1>{_YEAR4})\s+and\s+(?P<y2>{_YEAR4})\b", f), 0),
            ("phase", re.compile(r"\b(?:in\s+my\s+|as\s+a\s+)(?P<phase>teens|teenager)\b", f), 2),
            ("vague", re.compile(r"\b(?P<word>(?:every|each)\s+(?:easter|christmas|summer|winter|spring|autumn|new\s+year))\b", f), 1),
            ("vague", re.compile(r"\b(?P<word>(?:every|each)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\w*|"
                                 r"on\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:\s+(?:morning|afternoon|evening|night))?s)\b", f), 2),
            ("deictic", re.compile(r"\b(?:on\s+)?(?:(?P<art>a|the|that)\s+)?(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
                                   r"(?:\s+(?:morning|afternoon|evening|night))?\b(?!\s+(?:girl|boy|job|shift|market|paper|school|club|team|league)\b)", f), 5),
            ("date", re.compile(r"\b(?:the\s+)?(?P<day>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
                                rf"thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty-\w+|thirtieth|thirty-first)"
                                rf"\s+of\s+(?P<month>{_MONTH_EN})(?:,?\s+(?P<year>{_YEAR4}))?\b", f), 0),
            ("date", re.compile(rf"\b(?P<month>{_MONTH_EN})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)\b(?!,?\s+\d)", f), 1),
            ("anchor", re.compile(r"\b(?P<rel>since)\s+(?:the|that)\s+(?:\w+\s+)??(?P<event>[^\W\d_]{3,})\b(?!\s+(?:of|in|at))", f), 5),
            ("monthonly", re.compile(r"\b(?P<pre>in|over|during|since|until|by)\s+the\s+(?P<season>spring|summer|autumn|winter)\b(?!\s+(?:of\s+)?['’\d])", f), 4),
            ("career", re.compile(r"\b(?:(?P<mod>shortly|just|right)\s+)?(?P<rel>before|after|since|when)\s+I\s+(?:first\s+)?(?:joined|started(?:\s+here)?|came\s+here)\b", f), 2),
            ("career", re.compile(r"\b(?:the\s+year\s+I\s+(?:started|joined)|(?:in\s+)?my\s+(?P<ord>first|second|third|fourth|fifth)\s+"
                                  r"(?P<unit>year|months|weeks|week|day|christmas|summer|winter|spring|autumn)(?P<own>\s+here)?)\b", f), 2),
            ("career", re.compile(rf"\bI(?:'d|\s+had)\s+(?:only\s+|just\s+)?been\s+(?:here|there|with\s+them)\s+(?:about\s+|only\s+|just\s+|for\s+|"
                                  r"less\s+than\s+|under\s+|barely\s+|not\s+even\s+|nearly\s+|almost\s+)*"
                                  rf"(?P<tenure>\d{{1,2}}|{EN_NUMBER}|a)\s+(?P<unit>years?|months?)\b", f), 1),
            ("anchor", re.compile(rf"\b(?:(?P<mod>shortly|just|right|long)\s+)?(?P<rel>after|before|since|until|during|in\s+the\s+middle\s+of|in\s+the\s+thick\s+of)\s+the\s+(?P<event>{_EVENTLIKE_EN})\b", f), 3),
            ("clause", re.compile(r"\bwhen\s+(?:the|we|they|our|my)\s+(?:[\w']+\s+){0,3}?(?:left|came\s+in|came|started|closed|went\s+bust|"
                                  r"took\s+over|got\s+in|moved|retired|died|shut)\b", f), 3),
        ]
    return common + [
        ("holiday", re.compile(r"\b(?P<pre>na|voor|rond|sinds|tot|met|vlak\s+na|vlak\s+voor|in\s+de|tijdens\s+de|na\s+de|voor\s+de)?\s*"
                               r"(?P<holiday>kerstmis|kerstvakantie|kerst|pasen|nieuwjaar|oud\s+en\s+nieuw|zomervakantie|bouwvak|keti\s+koti|koningsdag|"
                               r"bevrijdingsdag|sinterklaas|carnaval|hemelvaart|pinksteren)"
                               rf"(?:\s+(?:van\s+)?(?P<year>{_YEAR4}))?\b", f), 3),
        ("monthonly", re.compile(r"\b(?P<pre>tot|na|voor|sinds|in|vanaf)\s+(?:de|het)\s+(?P<season>zomer|winter|herfst|lente|voorjaar|najaar)\b(?!\s+van\s+\d)", f), 4),
        ("duration", re.compile(rf"\b(?P<num>{_NUMW}|anderhalf|een\s+paar)\s+(?P<unit>uur|uren)\b(?!\s+(?:'s|later|geleden))", f), 6),
        ("named", re.compile(rf"\b(?:(?:in|tijdens|na|voor|sinds|met|vlak\s+na|vlak\s+voor|kort\s+na|tot|rond)\s+)?(?:de|het)?\s*(?P<period>{_PERIOD_NL})\b", f), 2),
        ("deictic", re.compile(rf"\bover\s+(?:een\s+)?(?P<unit>{_UNIT})\s+of\s+(?P<ahead>{_NUMW})\b", f), 0),
        ("duration", re.compile(rf"\b(?P<num>{_NUMW})\s*(?:,|à|a|tot|of)\s*(?P<num2>{_NUMW})\s+(?P<unit>{_UNIT})\b(?!\s+(?:geleden|terug|later))", f), 4),
        ("yearword", re.compile(rf"\b(?:in\s+)?(?P<c>negentienhonderd(?=\b)|tweeduizend(?:en)?|negentien(?:honderd)?"
                                 rf"(?:(?=(?:{NL_NUMBER})\b)|\s(?=\w*(?:tig|tien|elf|twaalf)\b)))(?P<rest>{NL_NUMBER})?\b", f), 3),
        # "negentien" alone is nineteen, "negentien vierentachtig" 1984, "negentien een paar" nothing
        ("clock", re.compile(rf"\b(?:(?P<dayword>{_DAYWORD_NL})\s+)?{_CLOCK_NL}", f), 3),
        ("deictic", re.compile(r"\b(?P<day>vanochtend|vanmorgen|vanmiddag|vanavond|vannacht|gisterochtend|gisteravond|morgenochtend)\b", f), 4),
        ("vague", re.compile(r"\b(?P<word>heel\s+lang\s+geleden|lang\s+geleden|ooit|al\s+een\s+hele\s+tijd|een\s+hele\s+tijd\s+geleden|"
                             r"eeuwen\s+geleden)\b", f), 4),
        ("monthonly", re.compile(rf"\b(?P<pre>in|sinds|vanaf|tot|eind|begin|half|medio|na)\s+(?P<month>{_MONTH_ONLY_NL})\b(?!\.?\s+(?:van\s+)?(?:\d|'))", f), 3),
        ("career", re.compile(r"\b(?:(?P<mod>vlak|kort|net)\s+)?(?P<rel>voordat|voor|toen|nadat|sinds)\s+ik\s+(?:hier\s+)?(?:net\s+)?(?:binnen\s*kwam|kwam|begon|in\s+dienst\s+kwam)"
                              r"(?:\s+(?:werken|hier))?\b", f), 2),
        ("career", re.compile(r"\btoen\s+ik\s+(?:hier\s+)?net\s+(?:werkte|begonnen\s+was|binnen\s+was|in\s+dienst\s+was)\b", f), 2),
        ("career", re.compile(r"\b(?:(?P<far>ver|lang|ruim)\s+)?(?P<rel>voor|na)\s+mijn\s+tijd\b", f), 2),
        ("career", re.compile(r"\b(?:(?:in\s+)?(?P<det>mijn|m'n|het|die|de)\s+)(?P<ord>eerste|tweede|derde|vierde|vijfde)\s+(?P<unit>jaar|jaren|maanden|weken|week|dag|zomer|winter|kerst|herfst|lente|voorjaar|najaar)"
                              r"(?P<own>\s+(?:hier|als\s+\w+))?\b", f), 2),
        # time served: "ik was er net anderhalf jaar", "in het jaar dat ik vijfentwintig jaar in dienst was"
        ("career", re.compile(rf"\b(?:ik\s+(?:was|zat|werkte)\s+(?:er|hier)|(?:was|zat|werkte)\s+ik\s+(?:er|hier))\s+"
                              rf"(?:toen\s+|pas\s+|net\s+|nog\s+maar\s+|nog\s+geen\s+|nog\s+niet\s+eens\s+|bijna\s+|amper\s+|"
                              rf"nauwelijks\s+|ongeveer\s+|zo'n\s+|een\s+)*(?P<tenure>{_NUM}|half)\s+"
                              r"(?P<unit>jaar|maanden|maand)\b(?!\s+(?:geleden|later|daarna))", f), 1),
        ("career", re.compile(rf"\b(?:in\s+het\s+jaar\s+dat|toen)\s+ik\s+(?:hier\s+|er\s+)?(?P<tenure>{_NUMW})\s+(?P<unit>jaar)\s+"
                              r"(?:in\s+dienst\s+was|hier\s+werkte|werkte|in\s+dienst|binnen\s+was)\b", f), 0),
        ("narrative", re.compile(r"\bhet\s+(?P<unit>jaar)\s+(?P<dir>erna|daarna|erop|daarop|ervoor|daarvoor)\b", f), 1),
        # "die winter", "datzelfde jaar": the year of what was just dated
        ("narrative", re.compile(r"\b(?:die|dat|diezelfde|datzelfde|hetzelfde)\s+(?P<that>jaar|voorjaar|najaar|zomer|winter|lente|herfst|"
                                 r"ochtend|middag|avond|nacht|dag)\b", f), 3),
        ("deictic", re.compile(r"\b(?P<part>begin|eind|medio|half|midden)\s+(?P<which>vorig|volgend|dit|komend)\s+(?P<unit>jaar)\b", f), 1),
        ("deictic", re.compile(r"\b(?P<part>begin|eind|halverwege)\s+(?:van\s+)?(?P<which>deze|vorige)\s+(?P<unit>eeuw)\b", f), 1),
        ("deictic", re.compile(r"\b(?P<which>volgende|vorige|afgelopen|komende)\s+(?:week\s+)?(?P<weekday>maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)\b", f), 1),
        ("vague", re.compile(r"\b(?P<word>(?:elke|iedere|ieder)\s+(?:kerst|pasen|zomer|winter|voorjaar|najaar|herfst|lente|jaar|"
                             r"maand|week|oud\s+en\s+nieuw))\b", f), 1),
        ("vague", re.compile(r"\b(?P<word>(?:elke|iedere|op)\s+(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)"
                             r"(?:ochtend|middag|avond|nacht)?(?:en|s)|(?:elke|iedere)\s+(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)\w*)\b", f), 2),
        ("deictic", re.compile(r"\b(?:op\s+)?(?:(?P<art>een|die)\s+)?(?P<weekday>maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)"
                               r"(?:ochtend|middag|avond|nacht)?\b", f), 4),
        ("anchor", re.compile(r"\b(?P<rel>sinds|vanaf)\s+(?:de|het|die|dat)\s+(?:\w+e\s+)?(?P<event>[^\W\d_]{3,})\b", f), 5),
        ("phase", re.compile(r"\b(?:in\s+(?:mijn|m'n)\s+|als\s+)(?P<phase>tienerjaren|tiener|puberteit|puber|twintiger|dertiger|veertiger)(?:\s+jaren)?\b", f), 2),
        ("phase", re.compile(rf"\b(?P<rel>op|in|na|tijdens|voor|sinds|tot|vanaf|naast)\s+(?:de\s+|het\s+|m'n\s+|mijn\s+)?{_PHASE_NL.replace('(?:', '(?P<phase>', 1)}\b", f), 3),
        ("anchor", re.compile(rf"\b(?:(?P<mod>vlak|kort|net|direct|meteen|pas|lang)\s+)?(?P<rel>na|voor|sinds|vanaf|tot|vóór|tijdens|midden\s+in|middenin)\s+(?:de|het)\s+"
                              rf"(?:\w+e\s+)??(?P<event>{_EVENTLIKE_NL})(?:\s+van\s+(?:de|het)\s+\w+|\s+(?:van|in)\s+(?P<year>{_YEAR4}))?\b", f), 3),
        ("anchor", re.compile(r"\b(?:(?P<mod>vlak|kort|net)\s+)?(?P<rel>na|voor|sinds)\s+(?P<det>mijn|m'n|ons|onze)\s+(?P<event>trouwen|huwelijk|"
                              r"scheiding|verhuizing|pensioen|ziekte|ongeluk|diensttijd)\b", f), 2),
        ("clause", re.compile(r"\btoen\s+(?:de|het|we|wij|ze|zij|onze|mijn|m'n)\s+(?:[\w']+\s+){0,4}?(?:vertrok|vertrokken|kwam|kwamen|begon|"
                              r"begonnen|stopte|stopten|dichtging|dichtgingen|failliet\s+gingen|failliet\s+ging|overleed|overleden|"
                              r"verhuisden|verhuisde|sloot|sloten|opende|overnam|overnamen|fuseerden|afbrandde|instortte)\b", f), 3),
    ]


_CITATION = re.compile(r"\(\s*(?:[A-Z][^()]{0,60}?,\s*)?\d{4}[a-z]?(?:\s*[:,]\s*(?:p\.?\s*)?\d+(?:\s*-\s*\d+)?)?(?:\s*;[^()]{0,60})?\)"
                       r"|\b[A-Z][\w'-]+(?:\s+(?:&|en|and|et al\.)\s+[A-Z][\w'-]+)*,?\s+\(\d{4}[a-z]?\)"
                       r"|\bdoi:\s*\S+|\b10\.\d{4,}/\S+|\bhttps?://\S+|\bwww\.\S+|\b\S+@\S+\.\w+")


_OPEN_LEAD = re.compile(r"\b(sinds|vanaf|since|from|tot|until)\s+$", re.IGNORECASE)
_UNIT_WORDS = frozenset("jaar jaren joar maand maanden week weken dag dagen decennia decennium uur uren eeuw kwartaal term year years month "
                        "months week weeks day days decade decades hour hours zomer winter voorjaar najaar herfst lente kerst "
                        "summer spring autumn fall fortnight century term".split())
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_ANY_DIGIT = re.compile(r"\d")
_DIGIT = frozenset({"#digit"})  # a gate word for rules that need a digit (see tag)
_WEEKDAY_WORDS = frozenset(w + suffix for w in ("maandag dinsdag woensdag donderdag vrijdag zaterdag zondag monday tuesday "
                                                "wednesday thursday friday saturday sunday").split()
                           for suffix in ("", "en", "s", "ochtend", "middag", "avond", "nacht"))
_CLAUSE_GATE = frozenset("toen sinds nadat voordat totdat tot jaar when since after before until till once time".split())


def _gate(kind: str, source: str) -> tuple[frozenset, ...]:
    """A cheap test that a sentence can hold a match of a rule at all: sets of words of which it
    needs one each (a rule over units needs a unit word, a named period its name, "toen ik 12
    was" needs "ik"), or () (always try). Regular expressions are tried per sentence; skipping
    the hopeless ones is what keeps tagging fast (python -m benchmarks)."""
    known = _known_gate(kind, source)
    return ((known,) if known else ()) + _required_words(source)


def _known_gate(kind: str, source: str) -> frozenset | None:
    """The words a kind of rule needs that its pattern does not spell out as plain words."""
    if "(?P<unit>" in source and kind not in ("vague", "career"):
        return _UNIT_WORDS
    if kind in ("deictic", "vague") and ("(?P<weekday>" in source or "maandag|dinsdag" in source
                                         or "monday|tuesday" in source):
        return _WEEKDAY_WORDS
    if kind == "anchor" and ("(?P<rel>sinds|vanaf)" in source or "(?P<rel>since)" in source):
        return frozenset({"sinds", "vanaf", "since"})
    if kind == "date" and "(?P<month>" in source:
        return frozenset(MONTHS_NL) | frozenset(MONTHS_EN)
    if kind == "yearword" and "(?P<c>negentien" in source:
        return frozenset({"#yearword"})  # "negentienhonderdtachtig" is one word (see tag)
    if kind == "year" or (kind in ("date", "range") and "(?P<month>" not in source and "(?P<w1>" not in source):
        return _DIGIT  # "in 2019", "12-03-1998", "'85": a digit somewhere
    if kind == "decade":
        return frozenset({"jaren", *DECADES_EN}) | _DIGIT
    if kind == "phase":
        return frozenset(w for phase in LIFE_PHASES for w in phase.split()) | {"tienerjaren", "kids"}
    if kind == "narrative" and "(?P<word>" in source:
        return frozenset(("daarna daarop daarvoor sindsdien nadien vervolgens later afterwards after since shortly before tijd"
                          ).split())
    lists = {
        "century": {"eeuw", "century"},
        # a period's longest word: "val van de muur" needs "muur", and "de" would let every sentence through
        "named": {max(_WORD.findall(p), key=len) for p in NAMED_PERIODS} | {"coronatijd", "coronacrisis", "lockdown",
                                                                    "lockdowns", "covid", "pandemie", "muur", "9", "11th"},
        "holiday": {max(h.split(), key=len) for h in HOLIDAYS} | {"kerstmis", "half", "boxing"},
        "quarter": {"kwartaal", "quarter", "q1", "q2", "q3", "q4"},
        "clause": {"toen", "when", "after", "before", "since", "until"},
        "month": set(MONTHS_NL) | set(MONTHS_EN) | set(SEASONS),
        "monthonly": set(MONTHS_NL) | set(MONTHS_EN) | set(SEASONS),
        "clock": {"om", "at"},
    }
    return frozenset(lists[kind]) if kind in lists else None


def _top_level_split(body: str) -> list[str] | None:
    """``body`` split at its top-level "|", or None if its brackets do not balance."""
    parts, depth, start, k = [], 0, 0, 0
    while k < len(body):
        ch = body[k]
        if ch == "\\":
            k += 2
            continue
        if ch == "[":  # a character class: skip to its end
            k = body.find("]", k + 2) + 1 or len(body)
            continue
        depth += ch == "("
        depth -= ch == ")"
        if depth < 0:
            return None
        if ch == "|" and depth == 0:
            parts.append(body[start:k])
            start = k + 1
        k += 1
    return parts + [body[start:]] if depth == 0 else None


_TOKEN = re.compile(r"\\.|\[\^?\]?(?:\\.|[^\]])*\]|\(|.", re.DOTALL)
_QUANTIFIER = re.compile(r"(?:[?*+]|\{\d*(?:,\d*)?\})\??")
_PLAIN_GROUP = re.compile(r"\?(?:P<\w+>|:|[aiLmsux]+:)")


def _required_words(source: str, start_bounded: bool = False, end_bounded: bool = False) -> tuple[frozenset, ...]:
    """Sets of words a match of ``source`` cannot do without, read off the pattern: every set
    needs one of its words in the sentence ("\\b(?:toen|het\\s+jaar\\s+dat)\\s+(?:ik|hij)\\b" ->
    ({toen, het}, {ik, hij})). Only plain words count: whole, not optional, not running on into a
    group ("jaar(?:en)?" says nothing). A hand-written reader of this subset of the syntax
    rather than sre_parse, which is private and whose trees are harder to read than the subset."""
    alternatives = _top_level_split(source)
    if alternatives is None:
        return ()
    if len(alternatives) > 1:
        each = [_required_words(a, start_bounded, end_bounded) for a in alternatives]
        return (frozenset().union(*map(_rarest, each)),) if all(each) else ()
    tokens = []  # (token, quantified, optional, boundary): a boundary ends a word ("\\s+", "\\b", " ", "[- ]")
    k = 0
    while k < len(source):
        token = _TOKEN.match(source, k).group()
        if token == "(":
            token = source[k:_group_end(source, k) + 1]
        k += len(token)
        quantifier = _QUANTIFIER.match(source, k)
        optional = bool(quantifier) and quantifier.group()[0] in "?*{" and not re.match(r"\{[1-9]", quantifier.group())
        k = quantifier.end() if quantifier else k
        if token[0] == "\\":
            boundary = token[1] in "bsAZ" or not token[1].isalnum()
        elif token[0] == "[":
            inner = re.sub(r"\\[s.\-/'’]", " ", token[1:-1])
            boundary = not token.startswith("[^") and "\\" not in inner and not any(ch.isalnum() for ch in inner)
        else:
            boundary = token in "^$" or (len(token) == 1 and token != "." and not token.isalnum())
        tokens.append((token, bool(quantifier), optional, boundary and not optional))
    sets, word, whole, bounded = [], "", start_bounded, start_bounded
    for n, (token, quantified, optional, boundary) in enumerate(tokens):
        if len(token) == 1 and token.isalnum():
            if not word:
                whole = bounded
            word += token.lower()
            whole = whole and not quantified
            bounded = False
            continue
        if word and whole and boundary:
            sets.append(frozenset({word}))
        word = ""
        if token.startswith("(") and len(token) > 1:
            plain = _PLAIN_GROUP.match(token, 1)
            body = token[plain.end() if plain else 1:-1]
            ends_bounded = bool(re.search(r"(?:\\s\+?|\\b| )$", body))
            if plain or not token.startswith("(?"):
                if not optional:
                    after = tokens[n + 1][3] if n + 1 < len(tokens) else end_bounded
                    inner = _required_words(body, bounded, after or ends_bounded)
                    if inner:
                        sets.append(_rarest(inner))
                    bounded = ends_bounded
                else:
                    bounded = bounded and ends_bounded
            else:  # a look-around, a condition or a back-reference: what it holds is not a word
                bounded = False
            continue
        bounded = boundary
    if word and whole and end_bounded:
        sets.append(frozenset({word}))
    return tuple(sets)


def _group_end(source: str, start: int) -> int:
    """The index of the ")" that closes the group opened at ``start``."""
    depth, k = 0, start
    while k < len(source):
        if source[k] == "\\":
            k += 2
            continue
        if source[k] == "[":
            k = _TOKEN.match(source, k).end()
            continue
        depth += source[k] == "("
        depth -= source[k] == ")"
        if depth == 0:
            return k
        k += 1
    return len(source) - 1


@lru_cache(maxsize=1)
def _common_words() -> frozenset:
    from spacy.lang.en.stop_words import STOP_WORDS as EN
    from spacy.lang.nl.stop_words import STOP_WORDS as NL

    return frozenset(NL | EN)


def _rarest(sets: tuple[frozenset, ...]) -> frozenset:
    """Of the word sets a rule needs, the one fewest sentences hold: fewest common words."""
    common = _common_words()
    return min(sets, key=lambda words: (sum(w in common for w in words) / len(words), len(words)))


@lru_cache(maxsize=4)
def _compiled(lang: str) -> list[tuple]:
    return [(kind, pattern, priority, _gate(kind, pattern.pattern))
            for kind, pattern, priority in _rules(lang) + _more_rules(lang)]


@lru_cache(maxsize=64)
def _rule_index(lang: str, extra: tuple) -> tuple[tuple[int, ...], dict[str, tuple[int, ...]], list[tuple]]:
    """The rules to try, as (rules every sentence tries, word -> rules it opens, all rules with
    the rest of their gate). A rule is opened by the rarest of its gate's word sets: most
    sentences hold none of those words, so a lookup per word replaces a test per rule."""
    rules, always, opened = [], [], {}
    for i, (kind, pattern, priority, gate) in enumerate(_compiled(lang) + list(extra)):
        key = _rarest(gate) if gate else None
        rules.append((kind, pattern, priority, tuple(words for words in gate if words is not key), _case_free(pattern)))
        if key is None:
            always.append(i)
        for word in key or ():
            opened.setdefault(word, []).append(i)
    return tuple(always), {w: tuple(ix) for w, ix in opened.items()}, rules


def _case_free(pattern: re.Pattern) -> re.Pattern | None:
    """``pattern`` without IGNORECASE, to run on lower-cased text, when that matches the same: no
    capital in the pattern outside an escape (\\S, \\b) or a group name (?P<...>. Case-insensitive matching is
    what makes these long alternations slow (about twice the time, python -m benchmarks)."""
    letters = re.sub(r"\\.|\(\?P[<=]", "", pattern.pattern)
    if not pattern.flags & re.IGNORECASE or letters != letters.lower():
        return None
    return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)


@lru_cache(maxsize=32)
def name_anchor_rule(lang: str, names: tuple[str, ...]) -> tuple:
    """The anchor rule for incidents a case names in its own words ("twee, drie jaar na Bongo",
    "vlak na dat lek", "just after the Orbit go-live"), for :func:`tag`'s ``extra``. A bare "voor"
    is "for" as often as "before" ("ik zorgde voor Bongo"): it anchors only after an offset or
    "vlak"/"kort"."""
    f = re.IGNORECASE
    event = "|".join(sorted((re.escape(n) for n in names), key=len, reverse=True))
    count = rf"(?:{_NUM}|{EN_NUMBER}|a\s+few|a\s+couple\s+of|a)"
    if lang == "en":
        rel, art, mod = r"after|before|since|during|until", r"the|that|our", r"just|shortly|right|long|soon"
    else:
        rel, art, mod = r"na|vóór|sinds|tijdens|vanaf|(?(num)voor|(?(mod)voor|(?!x)x))", r"de|het|die|dat|onze|ons", \
            r"vlak|kort|net|direct|meteen|pas|lang"
    pattern = re.compile(rf"\b(?:(?:zo'n|ongeveer|circa|pakweg|about|around|roughly|some)\s+)?(?:(?P<num>{count})(?:\s*(?:,|of|or|à|to|tot)\s*(?P<num2>{count}))?\s+"
                         rf"(?P<unit>{_UNIT}|years?|months?|weeks?)\s+|(?P<mod>{mod})\s+)?(?P<rel>{rel})\s+"
                         rf"(?:(?:{art})\s+)?(?:\w+e\s+)??(?P<event>{event})\b", f)
    gate = frozenset(w for n in names for w in _WORD.findall(n.lower()))  # see _gate
    return (("anchor", pattern, 1, (gate,)),)


_EN_IRREGULAR_PAST = frozenset("was were had came went got left took began became shut lost made said saw ran fell broke "
                               "kept felt gave found held met paid put set stood told won wrote".split())


def _past_form(word: str, lemma: str, lang: str) -> bool:
    """Is this verb form a past one ("verkocht", "overnam", "gestaakt", "acquired")? Incidents are
    recounted in the past; "we verkopen drukwerk" does not name a sale. Dutch present forms are
    the infinitive, the stem and stem + t, with the stem's doubled vowel and final devoicing."""
    if lang != "nl":
        return word != lemma and (word.endswith(("ed", "ought", "ew", "old")) or word in _EN_IRREGULAR_PAST)
    stem = lemma[:-2] if lemma.endswith("en") else lemma
    stems = {stem}
    if len(stem) >= 3 and stem[-2] in "aeou" and stem[-3] not in "aeiou":
        stems.add(stem[:-1] + stem[-2] + stem[-1])  # verkop -> verkoop
    stems |= {x[:-1] + {"v": "f", "z": "s"}[x[-1]] for x in stems if x[-1] in "vz"}  # verhuiz -> verhuis
    return word not in {lemma} | stems | {x + "t" for x in stems}


#: where an event told as a clause begins: "toen Tata kwam", "sinds ik hier woon", "when old Mr
#: Hebden retired"; it ends at its first verb in the past (or, after "sinds"/"since", any verb)
_CLAUSE_OPEN = {
    "nl": re.compile(r"\b(?i:(?P<rel>toen|sinds|nadat|voordat|totdat|tot\s+(?=ik\b|we\b|wij\b)|vlak\s+nadat|kort\s+nadat|"
                     r"(?:in\s+)?het\s+jaar\s+dat))\s+"
                     r"(?=(?i:ik|we|wij|hij|zij|ze|jij|u|de|het|onze|ons|mijn|m'n|mien|zijn|z'n|haar|hun|mijn)\b|[A-Z][\w'-]*\b)"),
    "en": re.compile(r"\b(?i:(?P<rel>when|since|after|before|until|till|once|(?:the|that)\s+time|the\s+year))\s+"
                     r"(?=(?i:I|we|he|she|they|you|the|my|our|his|her|their|old)\b|[A-Z][\w'-]*\b)"),
}
_CLAUSE_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_PREGNANT = re.compile(r"\b(?:zwanger|pregnant)\b", re.IGNORECASE)
_OF_WHOM = re.compile(r"(?:\s+(?:zwanger|pregnant))?\s+(?:van|met|with)\s+(?:(?:mijn|m'n|onze|my|our)\s+)?[\w'’-]+", re.IGNORECASE)


def _told_clauses(text: str, lang: str) -> list[tuple[int, int, dict]]:
    """Events told as clauses, found by their opening word and their first past-tense verb within
    seven words: [(start, end, parts)]. Rules over verb lists would never end (DESIGN §5); the
    lemmatiser tells a past form from a present one (:func:`_past_form`)."""
    from ..nlp import lemmatise

    out = []
    for m in _CLAUSE_OPEN.get(lang, _CLAUSE_OPEN["nl"]).finditer(text):
        rel = m.group("rel").lower().split()[-1]
        for k, w in enumerate(_CLAUSE_WORD.finditer(text, m.end())):
            if k >= 7 or text[m.end():w.start()].strip(" ") and re.search(r"[,.;:!?]", text[m.end():w.start()]):
                break
            word = w.group().lower()
            if k == 0 and word not in ("ik", "we", "wij", "hij", "zij", "ze", "jij", "u", "i", "he", "she", "they", "you") \
                    and not w.group()[:1].isupper() and word not in ("de", "het", "the", "onze", "ons", "mijn", "m'n",
                                                                    "mien", "zijn", "z'n", "haar", "hun", "my", "our",
                                                                    "his", "her", "their", "old"):
                break
            lemma = lemmatise(word, lang)
            verb = lemma != word and (lemma.endswith("n") if lang == "nl" else not word.endswith(("s", "ing"))
                                      or word in ("was", "has"))
            if verb and (_past_form(word, lemma, lang) or rel in ("sinds", "since")):
                end = w.end()
                if _PREGNANT.search(text, m.end(), end + 12):  # "toen ik zwanger was van mijn tweede"
                    whom = _OF_WHOM.match(text, end)
                    end = whom.end() if whom else end
                out.append((m.start(), end, {"rel": rel}))
                break
    return out


def tag(text: str, lang: str = "nl", extra: tuple = ()) -> list[TimeExpression]:
    """All temporal expressions in ``text``, non-overlapping, in order of position. ``extra``:
    more (type, pattern, priority, gate) rules, such as :func:`name_anchor_rule`. A timeline asks
    for a sentence's expressions when it finds incidents, links mentions and builds events: the
    answers are remembered (treat the expressions as read-only)."""
    return list(_tagged(text, lang, extra))


@lru_cache(maxsize=32768)
def _tagged(text: str, lang: str, extra: tuple) -> tuple[TimeExpression, ...]:
    lower = text.lower()
    words_here = set(_WORD.findall(lower))
    if _ANY_DIGIT.search(text):
        words_here.add("#digit")
    if "negentien" in lower or "tweeduizend" in lower:
        words_here.add("#yearword")
    # "(Sennett, 2008)" is a source, not a time; every citation holds a digit or a web address
    blocked = [m.span() for m in _CITATION.finditer(text)] \
        if "#digit" in words_here or "@" in text or "www." in lower or "://" in text or "doi:" in lower else []
    always, opened, rules = _rule_index(lang, extra)
    tried = set(always)
    for word in opened.keys() & words_here:
        tried.update(opened[word])
    same_length = len(lower) == len(text)  # "İ" lower-cases to two code points: offsets would shift
    found = []
    for i in sorted(tried):
        kind, pattern, priority, also_needed, case_free = rules[i]
        if any(map(words_here.isdisjoint, also_needed)):
            continue
        fast = case_free is not None and same_length
        for m in (case_free.finditer(lower) if fast else pattern.finditer(text)):
            start, end = m.span()
            while start < end and text[start].isspace():
                start += 1
            if start == end or any(a <= start < b for a, b in blocked):
                continue
            if fast:  # the parts as written, not lower-cased
                parts = {k: text[a:b] for k, (a, b) in ((k, m.span(k)) for k in m.re.groupindex) if a >= 0}
            else:
                parts = {k: v for k, v in m.groupdict().items() if v is not None}
            if kind == "year" and not _plausible_year(text, start, end, parts):
                continue
            if kind in ("date", "month", "range", "decade", "monthonly"):
                lead = _OPEN_LEAD.search(text, 0, start)
                if lead:  # "sinds 1 januari 2019", "since March 2010", "tot 2015": an open interval
                    start = lead.start()
                    parts["since" if lead.group(1).lower() in ("sinds", "vanaf", "since", "from") else "until"] = True
            found.append((start, end, priority, kind, parts))
    if not _CLAUSE_GATE.isdisjoint(words_here):
        # a clause only fills a gap: "sinds de nieuwe cao" is an anchor, not the clause "... cao is"
        found += [(a, b, 5, "clause", parts) for a, b, parts in _told_clauses(text, lang)
                  if not any(f[0] < b and a < f[1] for f in found) and not any(a <= s < b for s, _ in blocked)]
    found.sort(key=lambda f: (-(f[1] - f[0]), f[2], f[0]))
    chosen: list[tuple] = []
    for item in found:
        if all(item[1] <= c[0] or item[0] >= c[1] for c in chosen):
            chosen.append(item)
    chosen.sort()
    return tuple(TimeExpression(s, e, text[s:e], kind, parts) for s, e, _, kind, parts in chosen)


def _plausible_year(text: str, start: int, end: int, parts: dict) -> bool:
    year = parts["year"]
    if year[0] in "'’":
        return True
    if parts.get("prep"):
        return True
    before = text[max(0, start - 12):start].lower()
    if re.search(r"(?:nummer|nr\.?|type|model|kamer|postbus|tel\.?|€|euro)\s*$", before):
        return False
    return True  # a bare four-digit number between 1600 and 2099 in talk is nearly always a year


def parse_year(token: str, reference_year: int | None = None) -> int:
    """"1985" -> 1985; "'85" -> 1985, "'08" -> 2008 (two digits up to the reference year are this century)."""
    token = token.strip()
    if token[0] in "'’":
        yy = int(token[1:])
        ref = (reference_year or 2026) % 100
        return 2000 + yy if yy <= ref else 1900 + yy
    return int(token)


def number(parts: dict) -> int | None:
    raw = parts.get("num")
    if raw is None:
        return None
    raw = " ".join(raw.lower().split())
    if raw == "":
        return 0  # "het jaar dat ik geboren werd": age nought
    if raw in ("een paar", "paar", "enkele", "a few", "a couple of"):
        return 2  # "a few": at least two
    if raw in ("een", "één", "a"):
        return 1
    if raw in ("anderhalf", "anderhalve") or raw.startswith("een half"):
        return None  # 1.5 and 0.5: resolve() writes them in months
    if re.fullmatch(r"\d+[,.]5", raw):
        return None  # "2,5 jaar": resolve() writes it in months (months_of)
    return parse_number(raw)


def months_of(parts: dict) -> int | None:
    """A count of years with a half ("anderhalf", "2,5") in months, else None."""
    raw = (parts.get("num") or parts.get("ahead") or "").lower().strip()
    if raw in ("anderhalf", "anderhalve"):
        return 18
    if re.fullmatch(r"(?:een\s+)?half", raw):
        return 6
    m = re.fullmatch(r"(\d+)[,.]5", raw)
    return int(m.group(1)) * 12 + 6 if m else None
