"""Organisational history: remembered incidents with everyone's dating and what they taught, and
the generations: old guard and newcomers, and traditions handed down."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .evidence import NEWCOMER_YEARS, OLD_GUARD_YEARS, Evidence, finding, frame_of, practice, rows_matching
from .text import incident_name, say

#: what an incident taught ("sindsdien heb ik altijd een plan B", "toen wist iedereen weer ...")
LESSON = {
    # "zo heb ik het geleerd" tells how someone learned, and "daar leren we van" is a slogan:
    # neither says what an incident taught
    "nl": re.compile(r"\b(?:geleerd\s*(?:dat|:)|leerde\s+(?:me|mij|ons|ik|je|iedereen)\s+(?:\w+\s+){0,2}?dat|"
                     r"(?:heeft|hebben)\s+(?:me|mij|ons|iedereen)\s+(?:\w+\s+){0,4}?geleerd|les\b|lessen|"
                     r"sindsdien|sinds\s+die\s+tijd|voortaan|nooit\s+meer|toen\s+wist\s+(?:iedereen|ik|je)|"
                     r"altijd\s+een\s+plan)", re.IGNORECASE),
    "en": re.compile(r"\b(?:learn(?:ed|t)\s+(?:that|:)|taught\s+(?:me|us|everyone)|lessons?|since\s+then|ever\s+since|"
                     r"from\s+then\s+on|never\s+again|that'?s\s+why\s+we|now\s+we\s+always)", re.IGNORECASE),
}
#: how many sentences from an incident's mention a lesson may stand
LESSON_REACH = 3
#: how a life history tells the start of work here ("op 1 maart 1979 ben ik hier begonnen")
STARTED_HERE = {
    "nl": re.compile(r"\b(?:begonnen|begon|binnengekomen|kwam\s+(?:ik\s+)?(?:hier|binnen)|in\s+dienst|aangenomen|"
                     r"eerste\s+(?:baan|werkdag|dag))\b", re.IGNORECASE),
    "en": re.compile(r"\b(?:started|began|joined|took\s+me\s+on|was\s+hired|first\s+(?:job|day))\b", re.IGNORECASE),
}
#: a sentence about someone else ("Gerrit, die was in '62 begonnen"): a third person and no "ik"
#: or "we"; a bare "LTS, van 1984 tot 1988" is the narrator's own
ABOUT_OTHERS = {
    "nl": (re.compile(r"\b(?:hij|zij|ze|die|hem|haar|zijn)\b", re.IGNORECASE),
           re.compile(r"\b(?:ik|mijn|m'n|me|mij|we|wij|ons|onze)\b", re.IGNORECASE)),
    "en": (re.compile(r"\b(?:he|she|they|him|her|his|their)\b", re.IGNORECASE),
           re.compile(r"\b(?:I|my|me|we|our|us)\b", re.IGNORECASE)),
}
#: how a life history marks a turn in it ("Dat was wel een keerpunt", "het moment dat ik dacht")
TURNING_POINT = {
    "nl": re.compile(r"\b(?:keerpunt|omslag|ommekeer|het\s+moment\s+dat|toen\s+(?:besloot|wist)\s+ik|vast\s+contract|"
                     r"alles\s+(?:anders|veranderde))\b", re.IGNORECASE),
    "en": re.compile(r"\b(?:turning\s+point|the\s+moment\s+(?:I|when)|that'?s\s+when\s+I|I\s+decided|permanent\s+"
                     r"contract|everything\s+changed)\b", re.IGNORECASE),
}
#: what passes between generations: family in the firm, predecessors, "zo ging dat altijd"
TRADITION = {
    "nl": re.compile(r"\bmijn\s+(?:vader|pa|opa|moeder|grootvader|oom)\s+(?:werkte|was|stond|deed|leerde|heeft)\s+(?:hier|ook|al|"
                     r"bij\s+ons|in\s+de\s+zaak|er\s+ook)\b|"
                     r"\bvan\s+vader\s+op\s+zoon\b|\bvan\s+generatie\s+op\s+generatie\b|\b(?:zo|dat)\s+(?:ging|deden|hebben)\s+"
                     r"(?:dat|we|wij)\s+(?:altijd|vroeger)\b|\baltijd\s+zo\s+gedaan\b|\btraditie\b|\boude\s+(?:garde|meester|"
                     r"rotten)\b|\bdoorgegeven\b|\bmijn\s+(?:leermeester|meester)\b", re.IGNORECASE),
    "en": re.compile(r"\bmy\s+(?:father|dad|grandfather|mother|uncle)\s+(?:worked|was|did|taught)\s+(?:here|there\s+too|too|"
                     r"at\s+the\s+same)\b|\bfather\s+to\s+son\b|"
                     r"\bhanded\s+down\b|\bpassed\s+(?:down|on)\b|\bthe\s+way\s+it'?s\s+always\s+been\b|\btradition\b|"
                     r"\bold\s+(?:guard|hands|timers)\b", re.IGNORECASE),
}


def incidents(evidence: Evidence, timeline: tuple[pd.DataFrame, pd.DataFrame] | None = None, *,
              quotes: int = 4) -> pd.DataFrame:
    """Incident cards: each incident two or more people recount (:func:`~undercurrent.timeline.
    events.timeline`), with every person's own dating, the spread, whether they agree, one
    quote per person and what people say it taught them (``details``: datings {pseudonym:
    {value, derivation, expression}}, earliest, latest, agree, lessons)."""
    from ..timeline.events import timeline as build_timeline

    ev = evidence
    _, found = timeline if timeline is not None else build_timeline(ev.corpus)
    if found.empty:
        return frame_of([])
    lang = ev.lang if ev.lang in LESSON else "nl"
    rows = []
    for inc in found.itertuples():
        if inc.participants < 2 or _separate_lives(inc.own_datings, inc.participants) or _a_place(ev, str(inc.name)):
            continue  # one person's event, each person's own move in another year, or where things happened
        # each person's sentence: the one that carries their own dating, else one that names it
        own = inc.own_datings
        dating_sentences = [ev.sentence_at(d, int(at)) for d, at in zip(own["doc_id"], own["start"])]
        places = pd.DataFrame([p for p in dating_sentences if p is not None]
                              + [(doc_id, int(start)) for _, _, doc_id, start, _ in inc.quotes], columns=["doc_id", "start"])
        mentions = places.merge(ev.sentences, on=["doc_id", "start"]).drop_duplicates("pseudonym")
        if mentions.empty:
            continue
        lessons = _lessons(ev, mentions, LESSON[lang])
        datings = {r.pseudonym: dict(value=r.value, derivation=r.derivation, expression=r.expression)
                   for r in own.itertuples()}
        span = _span(inc.earliest, inc.latest)
        dated = (say(ev.out, "incident_undated") if not len(own) else
                 say(ev.out, "incident_dated_one", span=span) if len(own) == 1 else
                 say(ev.out, "incident_dated_agree" if inc.agree else "incident_dated_differ", span=span))
        strength = ev.strength(mentions)
        strength["n_people"] = max(strength["n_people"], int(inc.participants))
        name = incident_name(str(inc.incident), ev.out) if ev.lang == "nl" else str(inc.incident)
        statement = say(ev.out, "incident_statement", incident=name, n=int(inc.participants), dated=dated)
        if len(lessons):
            statement += say(ev.out, "incident_lessons", n=len(lessons))
        chosen = _mention_quotes(ev, dating_sentences, inc.named_in, quotes, str(inc.incident))
        chosen += ev.representative(lessons, 3, side="lesson")
        rows.append(finding(ev.out, "incident", len(rows) + 1, name, statement, strength, chosen,
                            say(ev.out, "incident_evidence", mentions=int(inc.mentions), n=int(inc.participants),
                                datings="; ".join(f"{k}: {d['value']} ({d['derivation']})" for k, d in datings.items())
                                or "–"),
                            details=dict(datings=datings, earliest=inc.earliest, latest=inc.latest, agree=inc.agree,
                                         spread_years=inc.spread_years, lessons=len(lessons))))
    return frame_of(rows)


#: own datings of one name further apart than this, from everyone who names it, are each person's own event
PRIVATE_YEARS = 3


def _separate_lives(own: pd.DataFrame, people: int) -> bool:
    """Everyone who names it dates it, and no two of them within PRIVATE_YEARS ("In 1990 zijn we
    verhuisd", "In '99 ben ik verhuisd"): not one remembered incident but each their own."""
    if len(own) < 2 or own["pseudonym"].nunique() < people:
        return False
    middle = sorted((r.earliest.year + r.latest.year) / 2 for r in own.itertuples())
    return min(b - a for a, b in zip(middle, middle[1:])) > PRIVATE_YEARS


_LOCATIVE = re.compile(r"\b(?:in|naar|uit|bij|vanuit|richting|te|from|to|at|near)\s+$", re.IGNORECASE)


def _a_place(ev: Evidence, name: str) -> bool:
    """Is a capitalised name mostly said after "in", "naar", "from" ("in Utrecht", "naar
    Duitsland"): a place where things happened rather than what happened?"""
    if not name[:1].isupper() or " " in name:
        return False
    pattern = re.compile(rf"\b{re.escape(name)}\b")
    said = [(t, m.start()) for t in ev.sentences["text"] for m in pattern.finditer(t)]
    return bool(said) and 2 * sum(bool(_LOCATIVE.search(t, max(0, at - 12), at)) for t, at in said) >= len(said)


#: how many sentences of one answer a quote may run from where someone names an incident to
#: where they date it
NAMED_TO_DATED = 3


#: a mention that puts the story off ("Daar kom ik zo op, want dat heeft ook met de storm te maken")
_DEFERS = re.compile(r"\b(?:daar|op\s+dat)\s+kom\s+ik\s+(?:zo|straks|nog|later)\b|\bdat\s+vertel\s+ik\s+(?:zo|straks|"
                     r"later)\b|\b(?:come|get)\s+(?:back\s+)?to\s+that\b", re.IGNORECASE)


def _mention_quotes(ev: Evidence, dating_sentences: list, named_in: list, most: int, name: str = "") -> list[dict]:
    """One quote per person that says what it is about: the sentence with their own dating when it
    names the incident, else the stretch of their answer from the sentence that names it to the
    one that dates it ("De stroomstoring. [...] Winter 2006, grote bruiloft."), up to
    NAMED_TO_DATED sentences on, else their sentence naming it nearest to the dating: a dating
    alone ("Of 2005.") does not say what it dates."""
    s = ev.sentences
    where = {(d, int(a)): k for k, (d, a) in enumerate(zip(s["doc_id"], s["start"]))}
    naming: dict[str, list[int]] = {}
    for who, doc_id, start in named_in:
        k = where.get(ev.sentence_at(doc_id, int(start)))
        # no mention that puts the story off, nor one of the firm ``name`` as where ("bij Zonneveld zo
        # gegroeid"): where something is so, not what happened to it
        if k is not None and not _DEFERS.search(s.at[k, "text"]) and not _said_at(s.at[k, "text"], name):
            naming.setdefault(s.at[k, "pseudonym"], []).append(k)
    dated = [k for k in (where.get(p) for p in dating_sentences if p is not None) if k is not None]
    people = list(dict.fromkeys([s.at[k, "pseudonym"] for k in dated] + list(naming)))
    chosen = []
    for who in people:
        if len(chosen) == most:
            break
        k = next((k for k in dated if s.at[k, "pseudonym"] == who), None)
        names = naming.get(who, [])
        span = None
        if not names:
            continue  # a dating carried from the question: alone it does not say what it dates
        if k is None:
            k = names[0]
        elif k not in names:
            same_answer = [n for n in names if s.at[n, "turn_id"] == s.at[k, "turn_id"]]
            n = min(same_answer or names, key=lambda n: abs(n - k))
            if same_answer and abs(n - k) <= NAMED_TO_DATED:
                span = (int(s.at[min(n, k), "start"]), int(s.at[max(n, k), "end"]))
            else:
                k = n
        chosen.append(ev.quote(s.loc[k].to_dict(), "mention", span))
    return chosen


def _said_at(text: str, name: str) -> bool:
    """Is a capitalised name said as the firm where ("bij Zonneveld", "at Harbour") in ``text``? ("in
    Kompas" is how a system is used, and may well be its story.)"""
    return bool(name[:1].isupper() and re.search(rf"\b(?:bij|at)\s+(?:de\s+|het\s+|the\s+)?{re.escape(name)}\b", text))


def _span(earliest, latest) -> str:
    if earliest is None or pd.isna(earliest):
        return "–"
    return str(earliest.year) if earliest.year == latest.year else f"{earliest.year}–{latest.year}"


def _lessons(ev: Evidence, mentions: pd.DataFrame, cue: re.Pattern) -> pd.DataFrame:
    """Sentences that say what an incident taught, within LESSON_REACH sentences after where the
    turn tells it (a later answer, the end of a long one, or what came before, may be about
    something else)."""
    s = ev.sentences
    # each mentioned turn's sentences, grouped once (not the whole table filtered per mention)
    told = s[s["turn_id"].isin(set(mentions["turn_id"]))].sort_values("start")
    turns = {key: group for key, group in told.groupby(["doc_id", "turn_id"], sort=False)}
    near = []
    for doc_id, turn_id, start in zip(mentions["doc_id"], mentions["turn_id"], mentions["start"]):
        turn = turns.get((doc_id, turn_id), s.head(0))
        k = int((turn["start"] < start).sum())  # the mention's place in its turn
        near.append(turn.iloc[k:k + LESSON_REACH + 1])
    if not near:
        return s.head(0)
    pool = pd.concat(near).drop_duplicates("seg_id")
    return rows_matching(pool, cue)


def generations(evidence: Evidence, *, min_people: int = 2, quotes: int = 3, top: int = 3) -> pd.DataFrame:
    """How the old guard (OLD_GUARD_YEARS or more of service) and newcomers (NEWCOMER_YEARS or
    fewer) differ: codes that most of one group and few of the other use, with quotes from the
    group; and traditions handed down (family in the firm, "zo ging dat altijd")."""
    ev = evidence
    lang = ev.lang if ev.lang in TRADITION else "nl"
    rows = []
    s = ev.sentences
    groups = {g: set(s.loc[s["tenure"] == g, "pseudonym"].dropna()) for g in ("old_guard", "newcomer")}
    if any(len(v) < min_people for v in groups.values()):  # too few by years of service: the longer and shorter half
        served = s.dropna(subset=["start_year", "pseudonym"]).drop_duplicates("pseudonym").sort_values("start_year")
        half = len(served) // 2
        groups = {"old_guard": set(served["pseudonym"].head(half)), "newcomer": set(served["pseudonym"].tail(half))}
    if all(len(v) >= min_people for v in groups.values()) and not ev.corpus.codings.empty:
        coded = ev.coded(set(ev.corpus.codings["code_id"]))
        coded = practice(coded)
        labels = _labels(ev)
        differences = []
        for code_id, group in coded.groupby("code_id"):
            holders = set(group["pseudonym"].dropna())
            share = {g: len(holders & members) / len(members) for g, members in groups.items()}
            for g, other in (("old_guard", "newcomer"), ("newcomer", "old_guard")):
                k = len(holders & groups[g])
                if k >= min_people and share[g] - share[other] >= 0.5:
                    differences.append((share[g] - share[other], k, code_id, g, other))
        for diff, k, code_id, g, other in sorted(differences, key=lambda d: (-d[0], -d[1], d[2]))[:top]:
            mine = coded[(coded["code_id"] == code_id) & coded["pseudonym"].isin(groups[g])]
            if ev.sure(mine).empty:
                continue  # told only by unsure rule codings
            strength = ev.strength(mine)
            label = labels.get(code_id, code_id)
            statement = say(ev.out, "cohort_statement", group=say(ev.out, g).capitalize(), n_group=len(groups[g]),
                            label=label, other=say(ev.out, other), k_group=k,
                            k_other=len(set(coded.loc[coded["code_id"] == code_id, "pseudonym"]) & groups[other]),
                            n_other=len(groups[other]))
            rows.append(finding(ev.out, "generation", len(rows) + 1, label, statement, strength,
                                ev.representative(ev.sure(mine), quotes, side=g),
                                say(ev.out, "cohort_evidence", old=OLD_GUARD_YEARS, new=NEWCOMER_YEARS),
                                details=dict(code_id=code_id, group=g, difference=round(diff, 2),
                                             old_guard=sorted(groups["old_guard"]), newcomers=sorted(groups["newcomer"]))))
    rows += _forms_by_group(ev, groups, min_people, quotes, start=len(rows))
    handed = ev.matching(TRADITION[lang])  # the tradition code alone is too broad here
    if handed["pseudonym"].nunique() >= min_people:
        strength = ev.strength(handed)
        rows.append(finding(ev.out, "generation", len(rows) + 1, say(ev.out, "theme_tradition"),
                            say(ev.out, "tradition_statement", n=strength["n_people"], roles=", ".join(strength["roles"])),
                            strength, ev.representative(handed, quotes, side="tradition"),
                            say(ev.out, "tradition_evidence", n=len(handed))))
    return frame_of(rows)


def life_histories(evidence: Evidence, timeline: tuple[pd.DataFrame, pd.DataFrame] | None = None, *,
                   quotes: int = 6) -> pd.DataFrame:
    """One finding per life history: its dated events in order, a quote for each of the
    ``quotes`` that best span the life (different years, a date before an age before an anchor),
    and the start of work here among them, quoted right after the life's start. A life history is
    one person's by nature, and says so."""
    from ..timeline.events import DATING_RANK
    from ..timeline.events import timeline as build_timeline

    ev = evidence
    lang = ev.lang if ev.lang in STARTED_HERE else "nl"
    events, _ = timeline if timeline is not None else build_timeline(ev.corpus)
    docs = ev.corpus.documents
    rows = []
    for doc_id in docs.loc[docs["kind"] == "life_history", "doc_id"]:
        mine = events[(events["doc_id"] == doc_id) & events["earliest"].notna() & events["latest"].notna()
                      & (events["precision"].isin(("day", "month", "season", "year", "years")))
                      & (events["type"] != "deictic")]  # "Zondag naar de kerk" is a habit, not a life event
        if mine.empty:
            continue
        mine = mine.assign(year=mine["earliest"].map(lambda d: d.year), rank=mine["derivation"].map(DATING_RANK).fillna(9))
        third, first = ABOUT_OTHERS[lang]
        own = mine[[not (third.search(t) and not first.search(t)) for t in mine["sentence"].fillna("")]]
        best = (own if len(own) else mine).sort_values(["rank", "start"]).drop_duplicates("year").sort_values("year")
        if len(best) > quotes:  # spread over the life: first, last and evenly between
            picks = sorted({round(k * (len(best) - 1) / (quotes - 1)) for k in range(quotes)})
            told = best["sentence"].fillna("")
            started, turned = best.index[told.str.contains(STARTED_HERE[lang])], best.index[told.str.contains(TURNING_POINT[lang])]
            best = best.loc[sorted(set(best.index[picks]) | set(started[:1]) | set(turned[:1]), key=list(best.index).index)]
        places = [ev.sentence_at(doc_id, int(at)) for at in best["start"]]
        said = pd.DataFrame([p for p in places if p], columns=["doc_id", "start"]).merge(ev.sentences, on=["doc_id", "start"])
        if said.empty:
            continue
        who = said["pseudonym"].iat[0]
        # where the life starts, then where the work here starts or the life turns, then the rest in
        # order: what a report of a few quotes a life shows first
        said = said.drop_duplicates("seg_id").reset_index(drop=True)
        milestone = np.array([bool(STARTED_HERE[lang].search(t) or TURNING_POINT[lang].search(t)) for t in said["text"]],
                             dtype=bool)
        said = said.assign(_first=[0 if k == 0 else 1 if hit else 2 for k, hit in enumerate(milestone)])
        chosen = [ev.quote(r, "life") for r in said.sort_values(["_first", "start"], kind="stable").to_dict("records")]
        statement = say(ev.out, "life_statement", who=who, n=int(mine["year"].nunique()),
                        first=int(mine["year"].min()), last=int(mine["year"].max()))
        rows.append(finding(ev.out, "life", len(rows) + 1, str(who), statement, ev.strength(said), chosen,
                            say(ev.out, "life_evidence"),
                            details=dict(events=[(str(r.value), r.what) for r in best.itertuples()])))
    return frame_of(rows)


def _forms_by_group(ev: Evidence, groups: dict, min_people: int, quotes: int, start: int) -> list[dict]:
    """Forms of learning the old guard tells of and newcomers do not, or the other way round
    ("jarenlang naast een meester kijken" against "e-learning")."""
    from .learning import learning_sentences

    rows = []
    for form, told in learning_sentences(ev).items():
        holders = set(told["pseudonym"].dropna())
        share = {g: len(holders & members) / len(members) for g, members in groups.items() if members}
        if len(share) < 2:
            return rows
        for g, other in (("old_guard", "newcomer"), ("newcomer", "old_guard")):
            k = len(holders & groups[g])
            if k >= min_people and share[g] - share[other] >= 0.5:
                mine = told[told["pseudonym"].isin(groups[g])]
                label = say(ev.out, f"form_{form}")
                statement = say(ev.out, "cohort_learning", group=say(ev.out, g).capitalize(), form=label, k_group=k,
                                n_group=len(groups[g]), other=say(ev.out, other),
                                k_other=len(holders & groups[other]), n_other=len(groups[other]))
                rows.append(finding(ev.out, "generation", start + len(rows) + 1, label, statement, ev.strength(mine),
                                    ev.representative(mine, quotes, side=g),
                                    say(ev.out, "cohort_evidence", old=OLD_GUARD_YEARS, new=NEWCOMER_YEARS),
                                    details=dict(form=form, group=g, old_guard=sorted(groups["old_guard"]),
                                                 newcomers=sorted(groups["newcomer"]))))
    return rows


def _labels(ev: Evidence) -> dict[str, str]:
    codes = ev.corpus.codes
    if codes.empty:
        return {}
    column = "label_en" if ev.out == "en" else "label_nl"
    # "(2) Opdrachten die ..." is the second item of a list in the codebook; here it stands alone
    return {c: re.sub(r"^\(\d+\)\s*", "", l or c) for c, l in zip(codes["code_id"], codes[column].fillna(""))}
