"""Resolving temporal expressions to intervals, with the way each date was derived.

Anchors (DESIGN §5): the interview date for deictic expressions ("vorig jaar"), the previous
dated expression in the same narrative for narrative ones ("drie jaar later"), the birth year
for ages (a two-year interval: "toen ik zestien was", born 1965 -> 1981 or 1982), and events
dated elsewhere ("na de brand") from ``anchors``. What cannot be dated keeps its place in the
order, with value None.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from .tagger import (DECADES_EN, DECADES_NL, MONTHS_EN, MONTHS_NL, SEASONS, TimeExpression, months_of, number,
                     parse_year)
from .numbers import parse_number


@dataclass
class Resolved:
    value: str | None  # EDTF-like: 2008-02, 1981, 198X, [1990..1993], 2010/2014, 18XX, P20Y, 2008/..
    earliest: date | None
    latest: date | None
    precision: str  # day, month, season, year, years, decade, century, duration, after, before, none
    derivation: str  # explicit, age, relative, anchored, duration, unresolved
    approximate: bool = False
    uncertain: bool = False

    @property
    def dated(self) -> bool:
        return self.earliest is not None


UNRESOLVED = Resolved(None, None, None, "none", "unresolved")


def _year_span(y1: int, y2: int | None = None) -> tuple[date, date]:
    return date(y1, 1, 1), date(y2 if y2 is not None else y1, 12, 31)


def _month_span(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _shift(d: date, years: int = 0, months: int = 0) -> date:
    total = d.year * 12 + (d.month - 1) + years * 12 + months
    y, m = divmod(total, 12)
    return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def resolve(expr: TimeExpression, *, interview_date: date | None = None, birth_year: int | None = None,
            previous: Resolved | None = None, anchors: dict[str, Resolved] | None = None,
            start_year: int | None = None) -> Resolved:
    """The interval one expression stands for, given what it can be anchored to: the interview
    date, the speaker's birth year (ages) and start year (their own working life), the previous
    dated expression (narrative relatives) and incidents dated elsewhere (``anchors``). Open
    intervals ("sinds 2003", "na de oorlog") end at the interview date."""
    parts = expr.parts
    if expr.type == "age" and expr.text.split()[0].lower() in ("sinds", "vanaf", "since", "from"):
        parts = dict(parts, since=True)  # "sinds mijn twintigste": from then on
    out = _open_ended(_resolve(expr, interview_date=interview_date, birth_year=birth_year, previous=previous,
                               anchors=anchors, start_year=start_year), parts, interview_date)
    if out.precision == "after" and out.latest is None and interview_date is not None and out.earliest is not None \
            and out.earliest <= interview_date:
        out = Resolved(out.value, out.earliest, interview_date, out.precision, out.derivation, out.approximate,
                       out.uncertain)
    return out


def _resolve(expr: TimeExpression, *, interview_date: date | None = None, birth_year: int | None = None,
             previous: Resolved | None = None, anchors: dict[str, Resolved] | None = None,
             start_year: int | None = None) -> Resolved:
    p, kind = expr.parts, expr.type
    if (p.get("unit") or "").lower() == "joar":  # Gronings
        p = dict(p, unit="jaar")
    ref_year = interview_date.year if interview_date else None
    if kind in _EXTRA:
        return _EXTRA[kind](expr, p, interview_date=interview_date, birth_year=birth_year, start_year=start_year,
                            anchors=anchors, previous=previous)
    if kind == "date":
        if "year" not in p:  # "op 4 november": the interview's year, unless that lies in the future
            if interview_date is None:
                return UNRESOLVED
            month = MONTHS_NL.get(p["month"].lower().rstrip("."), MONTHS_EN.get(p["month"].lower()))
            day = _day_number(p["day"])
            try:
                d = date(interview_date.year, month, day)
            except (TypeError, ValueError):
                return UNRESOLVED
            return Resolved(d.isoformat(), d, d, "day", "relative", uncertain=True)
        year = parse_year(p["year"], ref_year) if len(p["year"]) != 2 else parse_year("'" + p["year"], ref_year)
        month = int(p["mon"]) if "mon" in p else MONTHS_NL.get(p["month"].lower().rstrip("."),
                                                              MONTHS_EN.get(p["month"].lower()))
        day = _day_number(p["day"])
        try:
            d = date(year, month, day)
        except (TypeError, ValueError):
            return UNRESOLVED
        return Resolved(d.isoformat(), d, d, "day", "explicit")
    if kind == "month":
        year = parse_year(p["year"], ref_year) if p.get("year") else _two_digit_year(p["yy"], ref_year)
        if year is None:
            return UNRESOLVED
        if "season" in p:
            m1, m2 = SEASONS[p["season"].lower()]
            if m1 > m2:  # winter: December of the year before to February
                start, end = date(year - 1, 12, 1), _month_span(year, m2)[1]
                return Resolved(f"{year - 1}-12/{year}-{m2:02d}", start, end, "season", "explicit", uncertain=True)
            return Resolved(f"{year}-{m1:02d}/{year}-{m2:02d}", _month_span(year, m1)[0], _month_span(year, m2)[1],
                            "season", "explicit")
        month = MONTHS_NL.get(p["month"].lower(), MONTHS_EN.get(p["month"].lower()))
        start, end = _month_span(year, month)
        return Resolved(f"{year}-{month:02d}", start, end, "month", "explicit", approximate="part" in p)
    if kind == "year":
        year = parse_year(p["year"], ref_year)
        prep = (p.get("prep") or "").lower()
        if prep in ("sinds", "vanaf", "since", "from", "sedert"):
            p = dict(p, since=True)
        elif prep in ("tot", "until"):
            p = dict(p, until=True)
        if p.get("since") or p.get("until"):
            return _open_ended(Resolved(str(year), *_year_span(year), "year", "explicit"), p, interview_date)
        if prep in _PART_MONTHS:  # "eind 2014": its last months
            m1, m2 = _PART_MONTHS[prep]
            return Resolved(f"{year}-{m1:02d}/{year}-{m2:02d}", _month_span(year, m1)[0], _month_span(year, m2)[1],
                            "season", "explicit", approximate=True)
        if expr.text.lower().endswith("ish"):  # "2016-ish": give or take a year
            return Resolved(f"[{year - 1}..{year + 1}]", *_year_span(year - 1, year + 1), "years", "explicit", approximate=True)
        return Resolved(str(year), *_year_span(year), "year", "explicit", approximate=p.get("prep", "").lower() == "rond")
    if kind == "range" and p.get("w1"):  # "ninety-seven, ninety-eight"
        y1, y2 = (_two_digit_year(p[k], ref_year) for k in ("w1", "w2"))
        if y1 is None or y2 is None or y2 < y1:
            return UNRESOLVED
        return Resolved(f"{y1}/{y2}", *_year_span(y1, y2), "years", "explicit")
    if kind == "range":
        y1 = parse_year(p["y1"], ref_year)
        y2raw = p["y2"]
        y2 = (y1 // 100 * 100 + int(y2raw)) if len(y2raw) == 2 and y2raw.isdigit() else parse_year(y2raw, ref_year)
        if y2 < y1:
            return UNRESOLVED
        return Resolved(f"{y1}/{y2}", *_year_span(y1, y2), "years", "explicit")
    if kind == "decade":
        tens = DECADES_NL.get((p.get("word") or "").lower()) or DECADES_EN.get((p.get("word") or "").lower())
        if tens is None:
            tens = int(p["dec"])
        century = int(p["cent"]) * 100 if p.get("cent") else 1900
        base = century + tens
        part = (p.get("part") or "").lower()
        lo, hi = base, base + 9
        if part.startswith(("begin", "early")):
            lo, hi = base, base + 3
        elif part.startswith(("eind", "late")):
            lo, hi = base + 6, base + 9
        elif part.startswith(("midden", "half", "mid")):
            lo, hi = base + 3, base + 6
        value = f"{base // 10}X" if (lo, hi) == (base, base + 9) else f"[{lo}..{hi}]"
        return Resolved(value, *_year_span(lo, hi), "decade", "explicit", approximate=bool(part),
                        uncertain=tens == 20 and century == 1900)
    if kind == "century":
        n = parse_number(p["num"])
        if not n:
            return UNRESOLVED
        lo = (n - 1) * 100
        return Resolved(f"{lo // 100:02d}XX", *_year_span(lo, lo + 99), "century", "explicit")
    if kind == "age":
        age = number(p)
        if age is None and p.get("word"):  # "in my early twenties"
            tens = DECADES_EN.get(p["word"].lower())
            lo = {"early": 0, "mid": 3, "late": 6}.get((p.get("part") or "").lower(), 0)
            if birth_year is None or tens is None:
                return Resolved(None, None, None, "none", "age")
            return Resolved(f"{birth_year + tens + lo}/{birth_year + tens + lo + 4}",
                            *_year_span(birth_year + tens + lo, birth_year + tens + lo + 4), "years", "age")
        own = not re.search(r"\b(?:zijn|z'n|haar|d'r|hun|hij|zij|ze|je|jouw|he|she|his|her|they|their)\b",
                            expr.text, re.I)
        if age is None or birth_year is None or not own:
            return Resolved(None, None, None, "none", "age")  # someone else's age, or no birth year known
        if "num2" in p:
            hi = birth_year + (parse_number(p["num2"]) or age) + 1
            return Resolved(f"[{birth_year + age}..{hi}]", *_year_span(birth_year + age, hi), "years", "age")
        if re.search(r"\bwerd\b", expr.text, re.I):  # "toen ik dertig werd": the birthday itself
            lo = birth_year + age
            return Resolved(str(lo), *_year_span(lo), "year", "age")
        lo = birth_year + age
        return Resolved(f"[{lo}..{lo + 1}]", *_year_span(lo, lo + 1), "years", "age")
    if kind == "duration":
        n = number(p)
        unit = (p.get("unit") or "jaar").lower()
        half = months_of(p)
        if half is not None and unit.startswith(("jaar", "jaren", "year")):
            return Resolved(f"P{half}M", None, None, "duration", "duration")
        code = "Y" if unit.startswith(("jaar", "jaren", "year", "decenni")) else "M" if unit.startswith(("maand", "month")) \
            else "W" if unit.startswith(("week", "weken")) else "D"
        if unit.startswith("decenni"):
            n = (n or 1) * 10
        if unit.startswith(("uur", "uren", "hour")):
            if n is None and (p.get("num") or "").lower() in ("anderhalf", "anderhalve"):
                return Resolved("PT90M", None, None, "duration", "duration")
            return Resolved(f"PT{n}H" if n else None, None, None, "duration", "duration")
        if p.get("num2") and n:
            return Resolved(f"P{n}{code}/P{parse_number(p['num2'])}{code}", None, None, "duration", "duration")
        if unit == "fortnight":
            return Resolved("P2W", None, None, "duration", "duration")
        if _a_few(p):  # "een paar maanden": a span, but no number to give
            return Resolved(None, None, None, "duration", "duration")
        return Resolved(f"P{n}{code}" if n else None, None, None, "duration", "duration")
    if kind == "deictic":
        if p.get("weekday") and p.get("art"):  # "op een maandag", "that Saturday": a day of the story
            if previous is not None and previous.dated and previous.precision in ("day", "week", "month", "season"):
                return Resolved(previous.value, previous.earliest, previous.latest, previous.precision, "relative",
                                approximate=previous.precision != "day")
            return Resolved(None, None, None, "none", "relative")
        if interview_date is None:
            return UNRESOLVED
        return _deictic(p, interview_date, approximate=_approximate(expr.text))
    if kind == "vague":
        return _vague(p, interview_date)
    if kind == "narrative":
        return _narrative(p, previous, interview_date, approximate=_approximate(expr.text))
    if kind == "anchor":
        event = (p.get("event") or "").lower()
        found = (anchors or {}).get(event)
        if p.get("year"):  # "na de reorganisatie van 2015" dates its own anchor
            y = parse_year(p["year"], ref_year)
            found = Resolved(str(y), *_year_span(y), "year", "explicit")
        rel = (p.get("rel") or "").lower()
        if found is None or not found.dated:
            from .tagger import NAMED_PERIODS

            if event in NAMED_PERIODS:  # "vlak na de coronatijd": common knowledge when the case has no dating
                lo, hi = NAMED_PERIODS[event]
                found = Resolved(f"{lo}/{hi}", *_year_span(lo, hi), "years", "named_period")
            else:
                return Resolved(None, None, None, "none", "anchored")
        if p.get("unit") and found.earliest is not None:  # "twee jaar na de overname"
            n = number(p) or (3 if _a_few(p) else 1)
            sign = -1 if rel in ("voor", "vóór", "before") else 1
            unit = p["unit"].lower()
            per = 12 if unit.startswith(("jaar", "jaren", "year")) else 1 if unit.startswith(("maand", "month")) else 0
            n2 = number({"num": p["num2"]}) if p.get("num2") else n  # "twee, drie jaar na Bongo"
            lo = _shift(found.earliest, months=per * (sign * max(n, n2) if sign < 0 else min(n, n2)))
            hi = _shift(found.latest or found.earliest, months=per * (sign * min(n, n2) if sign < 0 else max(n, n2)))
            if unit.startswith(("jaar", "jaren", "year")):
                value = str(lo.year) if lo.year == hi.year else f"[{lo.year}..{hi.year}]"
                return Resolved(value, *_year_span(lo.year, hi.year), "year" if lo.year == hi.year else "years",
                                "anchored", approximate=True)
            return Resolved(f"{lo.year}-{lo.month:02d}", lo, hi, "month", "anchored", approximate=True)
        close = _close_to(rel, found.earliest, found.latest or found.earliest, "anchored") \
            if (p.get("mod") or "").lower() in CLOSE and found.earliest is not None else None
        if close is not None:
            return close
        if rel in ("na", "after", "sinds", "vanaf", "since"):
            return Resolved(f"{found.value}/..", found.earliest, None, "after", "anchored", approximate=True)
        if rel in ("voor", "vóór", "before"):
            return Resolved(f"../{found.value}", None, found.latest, "before", "anchored", approximate=True)
        return Resolved(found.value, found.earliest, found.latest, found.precision, "anchored")
    return UNRESOLVED


def _a_few(p: dict) -> bool:
    return (p.get("num") or p.get("ahead") or "").lower() in ("een paar", "paar", "enkele", "a few", "a couple of")


def _open_ended(resolved: Resolved, parts: dict, today: date | None) -> Resolved:
    """"sinds 2003", "na de oorlog": from then until the interview; "tot 2015": up to then."""
    if not resolved.dated or resolved.precision in ("after", "before"):
        return resolved
    if parts.get("since"):
        return Resolved(f"{resolved.value}/..", resolved.earliest, today, "after", resolved.derivation,
                        approximate=True)
    if parts.get("until"):
        return Resolved(f"../{resolved.value}", None, resolved.latest, "before", resolved.derivation,
                        approximate=True)
    return resolved


def _approximate(text: str) -> bool:
    """"een jaar of tien", "zes, zeven jaar": a number given roughly."""
    return bool(re.search(r"\b(?:of|à|a|ongeveer|zo'n|rond|circa|ruim|bijna)\b|,", text, re.I))


def _spread(n: float) -> int:
    """How many years either side a rough "n years" may mean: 15% of it, at least one."""
    return max(1, round(n * 0.15))


def _years_back(today: date, lo_n: float, hi_n: float, approximate: bool, sign: int = -1) -> Resolved:
    """The year(s) ``lo_n``..``hi_n`` years before (sign -1) or after (+1) ``today``."""
    a, b = today.year + sign * int(lo_n), today.year + sign * int(hi_n)
    lo, hi = min(a, b), max(a, b)
    if approximate:
        w = _spread(max(lo_n, hi_n))
        lo, hi = lo - (w if lo_n == hi_n else 0), hi + (w if lo_n == hi_n else 0)
    value = str(lo) if lo == hi else f"[{lo}..{hi}]"
    return Resolved(value, *_year_span(lo, hi), "year" if lo == hi else "years", "relative", approximate=True)


#: the months of a year's beginning, middle and end ("begin vorig jaar", "late last year")
_PART_MONTHS = {"begin": (1, 4), "early": (1, 4), "start": (1, 4), "beginning": (1, 4), "medio": (5, 8), "half": (5, 8),
                "midden": (5, 8), "mid": (5, 8), "eind": (9, 12), "late": (9, 12), "end": (9, 12)}


def _deictic(p: dict, today: date, approximate: bool = False) -> Resolved:
    from datetime import timedelta

    if "day" in p:
        offset = {"vandaag": 0, "gisteren": -1, "eergisteren": -2, "morgen": 1, "overmorgen": 2, "vanochtend": 0,
                  "vanmorgen": 0, "vanmiddag": 0, "vanavond": 0, "vannacht": 0, "gisterochtend": -1, "gisteravond": -1,
                  "morgenochtend": 1}[p["day"].lower()]
        d = today + timedelta(days=offset)
        return Resolved(d.isoformat(), d, d, "day", "relative")
    if "word" in p:
        return Resolved(None, None, None, "none", "relative")  # vroeger, tegenwoordig: vague on purpose
    if "weekday" in p:
        return _weekday(p, today)
    if p.get("fortnight"):
        d = today - timedelta(days=14)
        return Resolved(d.isoformat(), d - timedelta(days=3), d + timedelta(days=3), "week", "relative", approximate=True)
    if p.get("before_last"):  # "the year before last"
        return Resolved(str(today.year - 2), *_year_span(today.year - 2), "year", "relative")
    if p.get("season_before_last"):  # "summer before last": the one before the last that began
        m1, m2 = SEASONS[p["season_before_last"].lower()]
        y = today.year - 1 - (m1 > today.month)
        return Resolved(f"{y}-{m1:02d}/{y + (m1 > m2)}-{m2:02d}", _month_span(y, m1)[0], _month_span(y + (m1 > m2), m2)[1],
                        "season", "relative")
    if p["unit"].lower() == "term":  # school terms: spring Jan-Apr, summer Apr-Jul, autumn Sep-Dec
        order, months = ["spring", "summer", "autumn"], {"spring": (1, 4), "summer": (4, 7), "autumn": (9, 12)}
        current = order.index("autumn" if today.month >= 9 else "summer" if today.month >= 4 else "spring")
        step = {"last": -1, "next": 1}.get(p["which"].lower(), 0)
        if p.get("term"):  # "the summer term": this school year's, or the next one's after "next"
            k = order.index(p["term"].lower()) + 3 * (step > 0 and order.index(p["term"].lower()) <= current)
        else:  # "this term", "last term"
            k = current + step
        y, (m1, m2) = today.year + k // 3, months[order[k % 3]]
        return Resolved(f"{y}-{m1:02d}/{y}-{m2:02d}", _month_span(y, m1)[0], _month_span(y, m2)[1], "season", "relative")
    if p["unit"].lower() == "kwartaal":  # "volgend kwartaal"
        offset = {"vorig": -1, "volgend": 1, "komend": 1}.get(p["which"].lower(), 0)
        q = (today.month - 1) // 3 + offset
        y, q = today.year + q // 4, q % 4
        return Resolved(f"{y}-Q{q + 1}", _month_span(y, 3 * q + 1)[0], _month_span(y, 3 * q + 3)[1], "season", "relative")
    unit = p["unit"].lower()
    if unit in ("decade", "couple of years", "few years"):  # "about a decade ago", "a few years ago"
        n = {"decade": 10, "couple of years": 2, "few years": 3}[unit]
        return _years_back(today, n, n, True)
    if "which" in p:
        offset = {"vorig": -1, "vorige": -1, "afgelopen": -1, "last": -1, "dit": 0, "deze": 0, "this": 0,
                  "komend": 1, "komende": 1, "volgend": 1, "volgende": 1, "next": 1}[p["which"].lower()]
        if unit in ("jaar", "year"):
            y = today.year + offset
            part = next((_PART_MONTHS[w] for w in (p.get("part") or "").lower().split() if w in _PART_MONTHS), None)
            if part:  # "begin vorig jaar", "the end of last year": the year's first, middle or last third
                return Resolved(f"{y}-{part[0]:02d}/{y}-{part[1]:02d}", _month_span(y, part[0])[0],
                                _month_span(y, part[1])[1], "season", "relative", approximate=True)
            return Resolved(str(y), *_year_span(y), "year", "relative")
        if unit in ("week",):
            monday = today - timedelta(days=today.weekday()) + timedelta(weeks=offset)
            iso = monday.isocalendar()
            return Resolved(f"{iso[0]}-W{iso[1]:02d}", monday, monday + timedelta(days=6), "week", "relative")
        if unit in ("maand", "month"):
            d = _shift(today, months=offset)
            return Resolved(f"{d.year}-{d.month:02d}", *_month_span(d.year, d.month), "month", "relative")
        if unit == "eeuw":  # "deze eeuw", "vorige eeuw", "begin deze eeuw"
            lo = (today.year // 100 + offset) * 100
            part = (p.get("part") or "").lower()
            if part:
                lo, hi = {"begin": (lo, lo + 10), "eind": (lo + 90, lo + 99), "halverwege": (lo + 40, lo + 60)}[part]
                return Resolved(f"[{lo}..{hi}]", *_year_span(lo, hi), "years", "relative", approximate=True)
            return Resolved(f"{lo // 100:02d}XX", *_year_span(lo, lo + 99), "century", "relative")
        if unit in SEASONS:
            m1, m2 = SEASONS[unit]
            y = today.year + offset if not (offset == 0 and m1 > today.month) else today.year
            if m1 > m2:
                return Resolved(f"{y - 1}-12/{y}-{m2:02d}", date(y - 1, 12, 1), _month_span(y, m2)[1], "season",
                                "relative", uncertain=True)
            return Resolved(f"{y}-{m1:02d}/{y}-{m2:02d}", _month_span(y, m1)[0], _month_span(y, m2)[1], "season",
                            "relative")
        return Resolved(None, None, None, "none", "relative")
    sign = 1 if "ahead" in p else -1
    months = months_of(p)
    n = number(dict(p, num=p.get("num") or p.get("ahead"))) or (None if months else 1)
    if unit.startswith(("decenni", "decade")):
        n = (n or 1) * 10
        return _years_back(today, n, n, True, sign)
    if unit.startswith(("jaar", "jaren", "year")):
        if months is not None:
            d = _shift(today, months=sign * months)
            return Resolved(f"{d.year}-{d.month:02d}", *_month_span(d.year, d.month), "month", "relative",
                            approximate=True)
        n2 = parse_number(p["num2"]) if p.get("num2") else None
        if _a_few(p):  # "een paar jaar geleden": two to four years
            n2 = n + 2
        return _years_back(today, n, n2 or n, approximate or n2 is not None, sign)
    if unit.startswith(("maand", "month")):
        d = _shift(today, months=sign * n)
        return Resolved(f"{d.year}-{d.month:02d}", *_month_span(d.year, d.month), "month", "relative",
                        approximate=True)
    if unit.startswith(("week", "weken")):
        d = today + timedelta(weeks=sign * n)
        return Resolved(d.isoformat(), d - timedelta(days=3), d + timedelta(days=3), "week", "relative",
                        approximate=True)
    if unit.startswith(("dag", "day")):
        d = today + timedelta(days=sign * n)
        return Resolved(d.isoformat(), d, d, "day", "relative")
    return Resolved(None, None, None, "none", "relative")


def _vague(p: dict, today: date | None) -> Resolved:
    """"de afgelopen jaren" (the five years up to the interview), "de komende jaren" (the five
    after it); "jarenlang", "al jaren": a long time, not a date."""
    which = (p.get("which") or "").lower()
    if today is None or not which:
        return Resolved(None, None, None, "none", "vague")
    ahead = which in ("komende", "volgende", "next", "coming")
    unit = (p.get("unit") or "").lower()
    if p.get("num") and unit.startswith(("jaar", "jaren", "year")):  # "de laatste tien jaar"
        span = number(p) or 5
    elif unit.startswith(("decenni", "decade")):
        span = 20
    elif unit.startswith(("jaren", "years")):
        span = 5
    else:  # maanden, weken: within the year
        span = 0
    lo, hi = (today.year, today.year + span) if ahead else (today.year - span, today.year)
    return Resolved(f"{lo}/{hi}" if lo != hi else str(lo), *_year_span(lo, hi), "years", "vague", approximate=True)


def _narrative(p: dict, previous: Resolved | None, today: date | None = None, approximate: bool = False) -> Resolved:
    if previous is None or not previous.dated or previous.earliest is None:
        return Resolved(None, None, None, "none", "relative")
    if p.get("that"):  # "die winter", "that year": in the year of what was just dated; "the next summer"
        y = previous.earliest.year + ((p.get("dir") or "").lower() in ("next", "following"))
        if p["that"].lower() not in ("jaar", "year") and p["that"].lower() not in SEASONS:  # "that morning"
            if previous.precision == "day":
                return Resolved(previous.value, previous.earliest, previous.latest, "day", "relative")
            return Resolved(None, None, None, "none", "relative")  # "die nacht" of what is being told, not a date
        season = SEASONS.get(p["that"].lower())
        if season is None:
            return Resolved(str(y), *_year_span(y), "year", "relative")
        m1, m2 = season
        lo = _month_span(y, m1)[0]
        hi = _month_span(y + (m1 > m2), m2)[1]
        return Resolved(f"{lo.year}-{m1:02d}/{hi.year}-{m2:02d}", lo, hi, "season", "relative", approximate=True)
    unit = (p.get("unit") or p.get("unit2") or "").lower()
    direction = (p.get("dir") or p.get("dir2") or p.get("rel") or "").lower()
    if direction in ("following", "next", "after", "previous", "before") and unit == "year":  # "the following year"
        y = previous.earliest.year + (-1 if direction in ("previous", "before") else 1)
        return Resolved(str(y), *_year_span(y), "year", "relative")
    n = number(p)
    months = months_of(p)
    sign = -1 if direction in ("daarvoor", "ervoor", "eerder", "before", "earlier") else 1
    if unit.startswith(("jaar", "jaren", "year")) and months is not None:
        lo_d, hi_d = _shift(previous.earliest, months=sign * months), _shift(previous.latest or previous.earliest,
                                                                              months=sign * months)
        lo, hi = lo_d.year, hi_d.year
        return Resolved(str(lo) if lo == hi else f"[{lo}..{hi}]", *_year_span(lo, hi), "year" if lo == hi else "years",
                        "relative", approximate=True)
    if n is not None and unit.startswith(("jaar", "jaren", "year")):
        lo = previous.earliest.year + sign * n
        hi = (previous.latest or previous.earliest).year + sign * n
        if _a_few(p):  # "een paar jaar later": two to four
            lo, hi = (lo, hi + 2 * sign) if sign > 0 else (lo + 2 * sign, hi)
        elif approximate:
            lo, hi = lo - _spread(n), hi + _spread(n)
        if direction in ("na", "after") and today is not None and lo > today.year:
            # "na veertig jaar ga ik met pensioen": years of a career, not counted from the last date
            return Resolved(f"P{n}Y", None, None, "duration", "duration")
        value = str(lo) if lo == hi else f"[{lo}..{hi}]"
        return Resolved(value, *_year_span(lo, hi), "year" if lo == hi else "years", "relative", approximate=True)
    if n is not None and unit.startswith(("maand", "month", "week", "weken")):
        from datetime import timedelta

        if unit.startswith(("maand", "month")):
            lo_d = _shift(previous.earliest, months=sign * n)
            hi_d = _shift(previous.latest or previous.earliest, months=sign * n)
        else:
            lo_d = previous.earliest + timedelta(weeks=sign * n)
            hi_d = (previous.latest or previous.earliest) + timedelta(weeks=sign * n)
        lo_d, hi_d = min(lo_d, hi_d), max(lo_d, hi_d)
        value = f"{lo_d.year}-{lo_d.month:02d}" if (lo_d.year, lo_d.month) == (hi_d.year, hi_d.month) else \
            (str(lo_d.year) if lo_d.year == hi_d.year else f"[{lo_d.year}..{hi_d.year}]")
        return Resolved(value, lo_d, hi_d, "month" if "-" in value else "years", "relative", approximate=True)
    if p.get("unit", "").lower() in ("jaar",) and direction in ("daarna", "erna", "erop", "daarop", "ervoor", "daarvoor"):
        y = previous.earliest.year + sign
        return Resolved(str(y), *_year_span(y), "year", "relative")
    if direction in ("within", "binnen") and n is not None and unit.startswith(("jaar", "jaren", "year")):
        lo, hi = previous.earliest.year, (previous.latest or previous.earliest).year + n  # "within two years"
        return Resolved(f"{lo}/{hi}", *_year_span(lo, hi), "years", "relative", approximate=True)
    word = " ".join((p.get("word") or "").lower().split())
    if word in ("daarvoor", "before that", "voor die tijd"):
        return Resolved(f"../{previous.value}", None, previous.latest, "before", "relative", approximate=True)
    return Resolved(f"{previous.value}/..", previous.earliest, None, "after", "relative", approximate=True)


def resolve_sequence(expressions: list[TimeExpression], *, interview_date: date | None = None,
                     birth_year: int | None = None, anchors: dict[str, Resolved] | None = None,
                     start_year: int | None = None, contexts: list[str] | None = None) -> list[Resolved]:
    """Resolve expressions in narrative order: each narrative relative hangs on the last dated one.

    ``contexts``: the text each expression's offsets point into (its sentence; one string object
    per sentence, which is how expressions of one sentence are known). With them, an event the
    speaker dates ("de overname was in 1994") anchors their own later "na de overname", before
    anyone else's dating of it (``anchors``), and "in de zomer" takes the year its sentence gives."""
    # the speaker's own datings of events anchor their "na de overname", also when told later
    # ("... pas na de overname eruit gegaan. De overname, dat was in 1994."): a first pass finds them
    local = _own_event_datings(expressions, interview_date=interview_date, birth_year=birth_year, anchors=anchors,
                               start_year=start_year, contexts=contexts) if contexts is not None else {}
    out, previous, previous_at = [], None, None
    for k, expr in enumerate(expressions):
        today = interview_date
        year = _year_of_sentence(expr, previous, contexts is not None and previous_at is not None
                                 and contexts[previous_at] is contexts[k])
        if year is not None:  # "in 2016, in de zomer", "vorig jaar in maart": that year's summer, March
            today = date(year, 12, 31)
        resolved = resolve(expr, interview_date=today, birth_year=birth_year, previous=previous,
                           anchors={**(anchors or {}), **local} if local else anchors, start_year=start_year)
        out.append(resolved)
        if resolved.dated and resolved.precision not in ("after", "before", "duration"):
            previous, previous_at = resolved, k
    return out


def _own_event_datings(expressions: list[TimeExpression], contexts: list[str], **anchors_etc) -> dict[str, Resolved]:
    """{event noun: its dating} for the datings a speaker gives next to an event noun ("de
    overname was in 1994"), to a year or finer; the first one told wins."""
    found: dict[str, Resolved] = {}
    previous = None
    for k, expr in enumerate(expressions):
        resolved = resolve(expr, previous=previous, **anchors_etc)
        if resolved.dated and resolved.precision not in ("after", "before", "duration"):
            previous = resolved
        if resolved.dated and resolved.precision in ("day", "month", "season", "year") and \
                expr.type not in ("anchor", "named", "clause", "career", "narrative", "vague"):
            event = _event_near(contexts[k], expr)
            if event and event not in found:
                found[event] = resolved
    return found


def _year_of_sentence(expr: TimeExpression, previous: Resolved | None, same_sentence: bool) -> int | None:
    """The year a month, season or day without a year takes from a one-year dating earlier in its
    sentence, or None ("sinds maart" and "tot de zomer" keep the interview's year)."""
    if not same_sentence or previous is None or previous.earliest is None or previous.latest is None:
        return None
    if previous.earliest.year != previous.latest.year:
        return None
    yearless = expr.type in ("monthonly", "holiday") and not expr.parts.get("year") or \
        (expr.type == "date" and "year" not in expr.parts)
    first = expr.text.split()[0].lower() if expr.text.split() else ""
    if not yearless or first in ("sinds", "vanaf", "since", "from"):  # "sinds maart": this year's, up to now
        return None
    return previous.earliest.year


def _event_near(text: str, expr: TimeExpression, reach: int = 60) -> str | None:
    """The event noun ("de overname", "de fusie") nearest a dating in its sentence, if any."""
    from .tagger import EVENT_NOUNS_EN, EVENT_NOUNS_NL

    best = None
    for m in _EVENT_MENTION.finditer(text, max(0, expr.start - reach), min(len(text), expr.end + reach)):
        if expr.start <= m.start() < expr.end:
            continue
        word = m.group(1).lower()
        if word in EVENT_NOUNS_NL or word in EVENT_NOUNS_EN:
            distance = abs(m.start() - expr.start)
            if best is None or distance < best[0]:
                best = (distance, word)
    return best[1] if best else None


_EVENT_MENTION = re.compile(r"\b(?:de|het|die|dat|onze|the|that|our)\s+(?:\w+e\s+)??(\w+)", re.IGNORECASE)


# --- what narrative speech adds (tagger._more_rules) ---------------------------------------------

CLOSE = {"vlak", "kort", "net", "direct", "meteen", "shortly", "just", "right", "immediately"}


def _close_to(rel: str, lo: date, hi: date, derivation: str) -> Resolved | None:
    """"vlak voor corona", "kort na de fusie": the year before the start or after the end (and
    that year itself), not an open interval."""
    if rel in ("na", "nadat", "after"):
        return Resolved(f"[{hi.year}..{hi.year + 1}]", *_year_span(hi.year, hi.year + 1), "years", derivation,
                        approximate=True)
    if rel in ("voor", "vóór", "voordat", "before"):
        return Resolved(f"[{lo.year - 1}..{lo.year}]", *_year_span(lo.year - 1, lo.year), "years", derivation,
                        approximate=True)
    return None


def _named(expr, p, *, anchors=None, **_) -> Resolved:
    """A named period: the case's own dating of it if there is one, else common knowledge;
    "na"/"after" and "voor"/"before" ("vlak voor corona") make it an open interval."""
    from .tagger import NAMED_PERIODS

    period = " ".join(p["period"].lower().split())
    words = [w for w in expr.text.lower().split() if w not in ("vlak", "kort", "net", "just", "shortly", "right")]
    rel = words[0] if words else ""
    found = (anchors or {}).get(period) or (anchors or {}).get(period.split()[-1])
    if found is not None and found.dated:
        lo_d, hi_d, value, derivation = found.earliest, found.latest or found.earliest, found.value, "anchored"
    else:
        span = NAMED_PERIODS.get(period) or NAMED_PERIODS.get(period.split()[-1])
        if span is None:
            return Resolved(None, None, None, "none", "named_period")
        lo_d, hi_d = _year_span(*span)
        value = str(span[0]) if span[0] == span[1] else f"{span[0]}/{span[1]}"
        derivation = "named_period"
    close = _close_to(rel, lo_d, hi_d, derivation) if expr.text.split()[:1] and \
        expr.text.split()[0].lower() in CLOSE else None
    if close is not None:
        return close
    if rel in ("na", "after", "sinds", "since"):
        return Resolved(f"{hi_d.year}/..", date(hi_d.year, 1, 1), None, "after", derivation, approximate=True)
    if rel in ("voor", "before"):
        return Resolved(f"../{lo_d.year}", None, date(lo_d.year, 12, 31), "before", derivation, approximate=True)
    precision = "year" if lo_d.year == hi_d.year else "years"
    return Resolved(value, lo_d, hi_d, precision, derivation)


_EN_ORDINALS = ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
                "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth").split()


def _day_number(raw: str) -> int | None:
    """A day of the month: "4", "vier", "the second", "twenty-first"."""
    raw = raw.lower()
    if raw in _EN_ORDINALS:
        return _EN_ORDINALS.index(raw) + 1
    if raw.startswith(("twenty-", "thirty-")) and raw.split("-")[1] in _EN_ORDINALS:
        return (20 if raw.startswith("twenty") else 30) + _EN_ORDINALS.index(raw.split("-")[1]) + 1
    return {"thirtieth": 30}.get(raw) or parse_number(raw)


def _two_digit_year(words: str, ref_year: int | None) -> int | None:
    """"ninety-one" -> 1991, "twelve" -> 2012 (as "'91", "'12": up to the reference year this century)."""
    n = parse_number(words.lower())
    return None if n is None or not 0 <= n <= 99 else parse_year(f"'{n:02d}", ref_year)


def _yearword(expr, p, *, interview_date=None, **_) -> Resolved:
    """"negentienachtenzeventig", "tweeduizendacht", "nineteen-eighty", "twenty twenty", "in ninety-one"."""
    if p.get("rest2"):
        year = _two_digit_year(p["rest2"], interview_date.year if interview_date else None)
        return Resolved(str(year), *_year_span(year), "year", "explicit") if year else UNRESOLVED
    c = p["c"].lower()
    rest = parse_number(p["rest"]) if p.get("rest") and p["rest"].lower() != "hundred" else 0
    if rest is None:
        return UNRESOLVED
    base = 1900 if c.startswith(("negentien", "nineteen")) else 2000
    if c == "twenty" and rest >= 10:
        base = 2000  # "twenty twenty"
    year = base + rest
    return Resolved(str(year), *_year_span(year), "year", "explicit")


_WEEKDAYS = {"maandag": 0, "dinsdag": 1, "woensdag": 2, "donderdag": 3, "vrijdag": 4, "zaterdag": 5, "zondag": 6,
             "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}


def _day_of(word: str, today: date | None) -> date | None:
    """The day a day word points at, seen from the interview date."""
    from datetime import timedelta

    if today is None or not word:
        return None
    w = word.lower().split()
    if w[0].startswith(("van", "today", "vandaag", "vannacht")):
        return today
    if w[0].startswith(("gister", "yesterday")):
        return today - timedelta(days=1)
    if w[0].startswith(("morgen", "tomorrow")):
        return today + timedelta(days=1)
    day = _WEEKDAYS.get(w[-1])
    if day is None:
        return None
    back = (today.weekday() - day) % 7 or 7  # "maandag", "last Tuesday": the last one before the interview
    if w[0] == "next":
        return today + timedelta(days=(day - today.weekday()) % 7 or 7)
    return today - timedelta(days=back)


def _clock(expr, p, *, interview_date=None, previous=None, **_) -> Resolved:
    """A clock time on its day: the day it names ("vanochtend om drie uur"), else the day just
    dated ("Op 4 maart ... om zeven uur")."""
    d = _day_of(p.get("dayword") or p.get("dayword2") or "", interview_date)
    if d is None and previous is not None and previous.precision == "day":
        d = previous.earliest
    if d is None:
        return Resolved(None, None, None, "none", "relative")
    return Resolved(d.isoformat(), d, d, "day", "relative")


def _weekday(p, today) -> Resolved:
    which = (p.get("which") or "").lower()  # "volgende week maandag", or a bare "zaterdag": the last one
    which = {"volgende": "next", "komende": "next"}.get(which, which or "last")
    d = _day_of(f"{which} {p['weekday']}", today)
    return Resolved(d.isoformat(), d, d, "day", "relative") if d else Resolved(None, None, None, "none", "relative")


def _monthonly(expr, p, *, interview_date=None, **_) -> Resolved:
    """A month without a year: the last such month up to the interview ("in maart", "since
    June"), or the one after it ("next March")."""
    if interview_date is None:
        return Resolved(None, None, None, "none", "relative")
    if p.get("season"):  # "in de zomer": the last one that began; "tot de zomer": this year's
        m1, m2 = SEASONS[p["season"].lower()]
        year = interview_date.year
        if (p.get("pre") or "").lower() in ("in", "sinds", "vanaf") and m1 <= 12 and m1 > interview_date.month \
                and m1 <= m2:
            year -= 1
        if m1 > m2:
            return Resolved(f"{year - 1}-12/{year}-{m2:02d}", date(year - 1, 12, 1), _month_span(year, m2)[1], "season",
                            "relative", uncertain=True)
        return Resolved(f"{year}-{m1:02d}/{year}-{m2:02d}", _month_span(year, m1)[0], _month_span(year, m2)[1],
                        "season", "relative", uncertain=True)
    month = MONTHS_NL.get(p["month"].lower(), MONTHS_EN.get(p["month"].lower()))
    which = (p.get("which") or "").lower()
    year = interview_date.year
    if which == "next":
        year += month <= interview_date.month
    elif month > interview_date.month or (which == "last" and month == interview_date.month):
        year -= 1
    start, end = _month_span(year, month)
    pre = (p.get("pre") or expr.text.split()[0]).lower()
    if pre in ("sinds", "vanaf", "since", "from"):
        return Resolved(f"{year}-{month:02d}/..", start, interview_date, "after", "relative", approximate=True)
    return Resolved(f"{year}-{month:02d}", start, end, "month", "relative", uncertain=not which)


_ORDINALS = {"eerste": 1, "tweede": 2, "derde": 3, "vierde": 4, "vijfde": 5, "first": 1, "second": 2, "third": 3,
             "fourth": 4, "fifth": 5}


def _career(expr, p, *, start_year=None, previous=None, **_) -> Resolved:
    """One's own working life, from the start year: "voordat ik hier kwam", "mijn eerste
    maanden", "in mijn derde jaar hier", "ver voor mijn tijd", "the year I started". "De eerste
    maanden" without "mijn" or "hier" are those of what was just dated ("In 2019 zijn we
    verhuisd. De eerste maanden was het wennen")."""
    unit = (p.get("unit") or "jaar").lower()
    if (p.get("det") or "").lower() in ("het", "die", "de") and not p.get("own") and previous is not None \
            and previous.dated and previous.earliest is not None and not unit.startswith(("jaar", "year")):
        lo = previous.earliest
        return Resolved(f"{lo.year}/{lo.year + 1}", *_year_span(lo.year, lo.year + 1), "years", "relative",
                        approximate=True)
    if start_year is None:
        return Resolved(None, None, None, "none", "anchored")
    if p.get("tenure"):  # "ik was er net anderhalf jaar", "I'd been here two years": the start year plus that
        count = {"num": p["tenure"]}
        months = months_of(count) or (number(count) or 1) * (12 if unit.startswith(("jaar", "year")) else 1)
        lo, hi = start_year + months // 12, start_year + -(-months // 12)
        return Resolved(str(lo) if lo == hi else f"[{lo}..{hi}]", *_year_span(lo, hi), "year" if lo == hi else "years",
                        "anchored", approximate=True)
    rel = (p.get("rel") or "").lower()
    if (p.get("mod") or "").lower() in CLOSE and rel in ("voordat", "voor", "before", "nadat", "na", "after"):
        return _close_to(rel, date(start_year, 1, 1), date(start_year, 12, 31), "anchored")
    if rel in ("voordat", "voor", "before"):
        return Resolved(f"../{start_year}", None, date(start_year, 12, 31), "before", "anchored", approximate=True)
    if rel in ("nadat", "sinds", "after", "since"):
        return Resolved(f"{start_year}/..", date(start_year, 1, 1), None, "after", "anchored", approximate=True)
    n = _ORDINALS.get((p.get("ord") or "eerste").lower(), 1)
    if unit in SEASONS or unit in ("kerst", "christmas"):  # "mijn tweede zomer hier": one's second summer
        y = start_year + n - 1
        return Resolved(f"[{y}..{y + 1}]", *_year_span(y, y + 1), "years", "anchored", approximate=True)
    if unit.startswith(("jaar", "year")) and not unit.startswith("jaren"):
        y = start_year + n - 1
        return Resolved(f"[{y}..{y + 1}]", *_year_span(y, y + 1), "years", "anchored", approximate=True)
    if unit.startswith("jaren"):  # "die eerste jaren"
        return Resolved(f"{start_year}/{start_year + 3}", *_year_span(start_year, start_year + 3), "years", "anchored",
                        approximate=True)
    return Resolved(f"[{start_year}..{start_year + 1}]", *_year_span(start_year, start_year + 1), "years", "anchored",
                    approximate=True)


def _holiday(expr, p, *, interview_date=None, **_) -> Resolved:
    """"na kerst", "over Easter": the last such holiday up to the interview."""
    from .tagger import HOLIDAYS

    if interview_date is None and not p.get("year"):
        return Resolved(None, None, None, "none", "relative")
    month = HOLIDAYS.get(" ".join(p["holiday"].lower().split()))
    year = parse_year(p["year"]) if p.get("year") else interview_date.year - (month > interview_date.month)
    start, end = _month_span(year, month)
    return Resolved(f"{year}-{month:02d}", start, end, "month", "explicit" if p.get("year") else "relative",
                    approximate=True, uncertain=not p.get("year"))


def _quarter(expr, p, *, interview_date=None, **_) -> Resolved:
    q = int(p["q"]) if p.get("q") else _ORDINALS.get((p.get("qw") or "").lower())
    if not q:
        return UNRESOLVED
    year = parse_year(p["year"]) if p.get("year") else (interview_date.year if interview_date else None)
    if year is None:
        return Resolved(None, None, None, "none", "relative")
    m1, m2 = 3 * q - 2, 3 * q
    part = (p.get("part") or "").lower()
    if part.startswith(("eind", "end")):
        m1 = m2
    elif part.startswith(("begin", "start")):
        m2 = m1
    return Resolved(f"{year}-{m1:02d}/{year}-{m2:02d}", _month_span(year, m1)[0], _month_span(year, m2)[1], "month",
                    "explicit" if p.get("year") else "relative")


def _clause(expr, p, *, interview_date=None, **_) -> Resolved:
    """An event told as a clause ("toen de vorige directeur vertrok"): placed in the story, not
    on the calendar, unless the case dates it elsewhere or the clause itself does ("after Mum died
    in ninety-one")."""
    ref = interview_date.year if interview_date else None
    year = parse_year(p["year"], ref) if p.get("year") else _two_digit_year(p["rest2"], ref) if p.get("rest2") else None
    if year is None:
        return Resolved(None, None, None, "none", "anchored")
    rel = (p.get("rel") or "").lower()
    if rel in ("after", "since"):
        return Resolved(f"{year}/..", date(year, 1, 1), None, "after", "anchored", approximate=True)
    if rel in ("before", "until"):
        return Resolved(f"../{year}", None, date(year, 12, 31), "before", "anchored", approximate=True)
    return Resolved(str(year), *_year_span(year), "year", "anchored")


def _phase(expr, p, *, birth_year=None, **_) -> Resolved:
    """A phase of one's own life at school or in study ("op de lagere school", "at university"):
    the ages it usually spans, from the birth year; someone else's ("the kids were at") is not dated."""
    from .tagger import LIFE_PHASES

    phase = " ".join(p["phase"].lower().split())
    ages = LIFE_PHASES.get(phase)
    if ages is None or birth_year is None or re.search(r"\b(?:kids|children|son|daughter|zoon|dochter)\b", expr.text, re.I):
        return Resolved(None, None, None, "none", "age")
    lo, hi = birth_year + ages[0], birth_year + ages[1]
    rel = (p.get("rel") or "").lower()
    if rel in ("na", "after", "sinds", "since", "vanaf", "from"):
        return Resolved(f"{hi}/..", date(hi, 1, 1), None, "after", "age", approximate=True)
    if rel in ("voor", "before", "tot", "until"):
        return Resolved(f"../{lo}", None, date(lo, 12, 31), "before", "age", approximate=True)
    return Resolved(f"{lo}/{hi}", *_year_span(lo, hi), "years", "age", approximate=True)


_EXTRA = {"named": _named, "yearword": _yearword, "clock": _clock, "monthonly": _monthonly, "career": _career,
          "clause": _clause, "holiday": _holiday, "quarter": _quarter, "phase": _phase}
