"""Dutch and English number words ("zestien", "drieëntwintig", "twenty-three") to integers."""
from __future__ import annotations

import re

NL_UNITS = {"een": 1, "één": 1, "eén": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7,
            "acht": 8, "negen": 9}
NL_TEENS = {"tien": 10, "elf": 11, "twaalf": 12, "dertien": 13, "veertien": 14, "vijftien": 15, "zestien": 16,
            "zeventien": 17, "achttien": 18, "negentien": 19}
NL_TENS = {"twintig": 20, "dertig": 30, "veertig": 40, "vijftig": 50, "zestig": 60, "zeventig": 70,
           "tachtig": 80, "negentig": 90}
EN_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
EN_TEENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
            "seventeen": 17, "eighteen": 18, "nineteen": 19}
EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
           "ninety": 90}

_nl_unit = "|".join(sorted(NL_UNITS, key=len, reverse=True))
_nl_tens = "|".join(NL_TENS)
_nl_teens = "|".join(NL_TEENS)
#: a Dutch number word up to 99 (cardinal), optionally as ordinal (-de/-ste) with the caller's suffix group
NL_NUMBER = rf"(?:(?:{_nl_unit})(?:en|ën)(?:{_nl_tens})|{_nl_tens}|{_nl_teens}|{_nl_unit}|honderd)"
EN_NUMBER = (rf"(?:(?:{'|'.join(EN_TENS)})(?:[- ](?:{'|'.join(EN_UNITS)}))?|{'|'.join(EN_TEENS)}|"
             rf"{'|'.join(EN_UNITS)}|a hundred)")


def _cardinal(t: str) -> int | None:
    for table in (NL_UNITS, NL_TEENS, NL_TENS, EN_UNITS, EN_TEENS, EN_TENS):
        if t in table:
            return table[t]
    m = re.fullmatch(rf"({_nl_unit})(?:en|ën)({_nl_tens})", t)
    if m:
        return NL_UNITS[m.group(1)] + NL_TENS[m.group(2)]
    m = re.fullmatch(rf"({'|'.join(EN_TENS)})[- ]({'|'.join(EN_UNITS)})", t)
    if m:
        return EN_TENS[m.group(1)] + EN_UNITS[m.group(2)]
    return 100 if t in ("honderd", "a hundred") else None


def parse_number(text: str) -> int | None:
    """"23", "23e", "drieëntwintig", "drieëntwintigste", "derde", "twenty-three" -> the number; else None."""
    t = text.strip().lower()
    m = re.fullmatch(r"(\d+)(?:e|ste|de|st|nd|rd|th)?", t)
    if m:
        return int(m.group(1))
    if t in ("eerste", "first"):
        return 1
    if t in ("derde", "third"):
        return 3
    value = _cardinal(t)
    if value is None:
        for suffix in ("ste", "de"):  # Dutch ordinals: zestiende, twintigste, tweede
            if t.endswith(suffix):
                value = _cardinal(t[: -len(suffix)])
                if value is not None:
                    break
    return value
