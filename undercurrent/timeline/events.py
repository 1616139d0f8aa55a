"""Dated events in a corpus, recurring incidents and the organisation's remembered history.

Each temporal expression in respondent speech becomes an event: the sentence around it, who
said it, where (offsets), when (the resolved interval and how it was derived), in which life
domain, and which codes the passage has. Incidents the organisation remembers by name ("de
brand", "de overname") are dated by whoever dates them, and those datings then anchor "na de
brand" elsewhere; where people date an incident differently, both datings are kept.
"""
from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from datetime import date

import pandas as pd

from ..corpus.model import Corpus
from ..nlp import get_pipeline
from .resolve import Resolved, resolve_sequence
from .tagger import EVENT_NOUNS_EN, EVENT_NOUNS_NL, tag

#: names that refer to the same incident; a case.toml [incidents] table can add its own
INCIDENT_SYNONYMS = {
    "ontslagen": "ontslagronde", "ontslaggolf": "ontslagronde", "kredietcrisis": "crisis", "crisisjaren": "crisis",
    "coronatijd": "corona", "coronacrisis": "corona", "lockdown": "corona", "eerste robot": "eerste robot",
    "komst van de robot": "eerste robot", "layoffs": "ontslagronde", "takeover": "overname", "merger": "fusie",
    "fire": "brand", "reorganization": "reorganisatie", "reorganisation": "reorganisatie",
}
#: personal milestones are not organisation incidents
PERSONAL = {"pensionering", "overlijden", "geboorte", "bruiloft", "scheiding", "opleiding", "diensttijd",
            "militaire dienst", "lts", "mavo", "mbo", "hbo", "middelbare school", "lagere school", "basisschool"}
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
                 "uncertain", "anchor", "incident", "domain", "sentence_start", "sentence_end", "sentence", "codes"]


def _incident_pattern(lang: str, extra: dict | None = None) -> tuple[re.Pattern, dict]:
    return _compiled_incident_pattern(lang, tuple(sorted((extra or {}).items())))


@lru_cache(maxsize=16)
def _compiled_incident_pattern(lang: str, extra_items: tuple) -> tuple[re.Pattern, dict]:
    extra = dict(extra_items)
    names = set(EVENT_NOUNS_NL if lang == "nl" else EVENT_NOUNS_EN) - PERSONAL
    synonyms = dict(INCIDENT_SYNONYMS, **(extra or {}))
    names |= set(synonyms)
    alternation = "|".join(sorted((re.escape(n) for n in names), key=len, reverse=True))
    article = r"(?:de|het|die|dat|onze|the|that)" if lang == "nl" else r"(?:the|that)"
    return re.compile(rf"\b{article}\s+({alternation})\b", re.IGNORECASE), synonyms


def _domain(sentence: str, lemmas: list[str]) -> str:
    words = set(lemmas) | set(re.findall(r"\w+", sentence.lower()))
    scores = {d: len(words & DOMAINS[d]) for d in DOMAIN_ORDER}
    best = max(DOMAIN_ORDER, key=lambda d: (scores[d], -DOMAIN_ORDER.index(d)))
    return best if scores[best] else "other"


def incident_mentions(corpus: Corpus, *, roles=("respondent",), kinds=("interview", "life_history"),
                      incidents: dict | None = None, reach: int = 3) -> pd.DataFrame:
    """Respondent sentences that name an incident ("de brand", "de overname"), and (``linked``)
    the sentences that follow such a mention in the same turn (up to ``reach`` sentences), or
    open an answer to a question that named it: that is where the date usually comes
    ("Laten we het over de brand hebben." - "Februari 2008. Midden in de nacht.")."""
    seg = corpus.segments
    sentences = seg[seg["kind"] == "sentence"].sort_values(["doc_id", "start"])
    turn_of = dict(zip(seg.loc[seg["kind"] == "paragraph", "seg_id"], seg.loc[seg["kind"] == "paragraph", "parent_id"]))
    docs = corpus.documents.set_index("doc_id")
    rows = []
    for doc_id, group in sentences.groupby("doc_id"):
        doc = docs.loc[doc_id]
        if doc["kind"] not in kinds:
            continue
        pattern, synonyms = _incident_pattern(doc["language"], incidents)
        current, since, turn, asked = None, 0, None, None
        for sent in group.itertuples(index=False):
            text = corpus.span(doc_id, sent.start, sent.end)
            m = pattern.search(text)
            name = synonyms.get(m.group(1).lower(), m.group(1).lower()) if m else None
            this_turn = turn_of.get(sent.parent_id)
            if this_turn != turn:  # a new turn: a question's incident carries into the answer
                carried = asked if sent.speaker_role in roles else None
                asked = None
                current, since, turn = carried, 0, this_turn
            if sent.speaker_role not in roles:
                asked = name or asked
                continue
            if name:
                current, since = name, 0
                rows.append(dict(seg_id=sent.seg_id, doc_id=doc_id, start=sent.start, end=sent.end, incident=name,
                                 linked=False, sentence=text))
            elif current and since < reach:
                since += 1
                rows.append(dict(seg_id=sent.seg_id, doc_id=doc_id, start=sent.start, end=sent.end,
                                 incident=current, linked=True, sentence=text))
    frame = pd.DataFrame(rows, columns=["seg_id", "doc_id", "start", "end", "incident", "linked", "sentence"])
    meta = corpus.documents[["doc_id", "case_id", "participant_id"]].merge(
        corpus.participants[["case_id", "participant_id", "pseudonym", "role"]], on=["case_id", "participant_id"],
        how="left")
    return frame.merge(meta, on="doc_id", how="left")


def events(corpus: Corpus, *, roles=("respondent",), kinds=("interview", "life_history"),
           incidents: dict | None = None) -> pd.DataFrame:
    """All dated (and undatable) events in the respondents' speech, in narrative order per document."""
    sentences = corpus.segments[(corpus.segments["kind"] == "sentence") & corpus.segments["speaker_role"].isin(roles)]
    docs = corpus.documents.set_index("doc_id")
    people = corpus.participants.set_index(["case_id", "participant_id"])
    codings = corpus.codings
    mentions = incident_mentions(corpus, roles=roles, kinds=kinds, incidents=incidents).set_index("seg_id")["incident"]
    per_doc: dict[str, list[tuple]] = defaultdict(list)
    for sent in sentences.sort_values(["doc_id", "start"]).itertuples(index=False):
        doc = docs.loc[sent.doc_id]
        if doc["kind"] not in kinds:
            continue
        text = corpus.span(sent.doc_id, sent.start, sent.end)
        for expr in tag(text, doc["language"]):
            per_doc[sent.doc_id].append((sent, text, expr))
    first_pass = _resolve_all(per_doc, docs, people, anchors=None)
    anchors = _anchors(per_doc, first_pass, mentions)
    resolved = _resolve_all(per_doc, docs, people, anchors=anchors)
    rows: list[dict] = []
    for doc_id, items in per_doc.items():
        doc = docs.loc[doc_id]
        nlp = get_pipeline(doc["language"], lemmas=True)
        _, synonyms = _incident_pattern(doc["language"], incidents)
        key = (doc["case_id"], doc["participant_id"])
        person = people.loc[key] if key in people.index else None
        doc_codings = codings[codings["doc_id"] == doc_id]
        domains: dict[str, str] = {}  # per sentence: a sentence with three dates is lemmatised once
        for order, ((sent, text, expr), res) in enumerate(zip(items, resolved[doc_id])):
            if expr.type == "anchor":
                incident = synonyms.get(expr.parts["event"].lower(), expr.parts["event"].lower())
            else:
                incident = mentions.get(sent.seg_id)
            if not incident and sent.seg_id not in domains:
                domains[sent.seg_id] = _domain(text, [t.lemma_ for t in nlp(text)])
            codes = sorted(set(doc_codings.loc[(doc_codings["start"] < sent.end) & (doc_codings["end"] > sent.start),
                                               "code_id"]))
            rows.append(dict(
                event_id=f"{doc_id}@{sent.start + expr.start}", doc_id=doc_id, case_id=doc["case_id"],
                participant_id=doc["participant_id"], pseudonym=person["pseudonym"] if person is not None else None,
                role=person["role"] if person is not None else None, order=order, start=sent.start + expr.start,
                end=sent.start + expr.end, expression=expr.text, type=expr.type, value=res.value,
                earliest=res.earliest, latest=res.latest, precision=res.precision, derivation=res.derivation,
                approximate=res.approximate, uncertain=res.uncertain,
                anchor=incident if expr.type == "anchor" else None, incident=incident,
                domain="organisation" if incident else domains[sent.seg_id],
                sentence_start=sent.start, sentence_end=sent.end, sentence=text, codes=codes))
    return pd.DataFrame(rows, columns=EVENT_COLUMNS)


def _resolve_all(per_doc, docs, people, anchors) -> dict[str, list[Resolved]]:
    out = {}
    for doc_id, items in per_doc.items():
        doc = docs.loc[doc_id]
        key = (doc["case_id"], doc["participant_id"])
        birth = people.loc[key, "birth_year"] if key in people.index else None
        birth = int(birth) if birth is not None and pd.notna(birth) else None
        interview = date.fromisoformat(doc["interview_date"]) if isinstance(doc["interview_date"], str) else None
        out[doc_id] = resolve_sequence([e for _, _, e in items], interview_date=interview, birth_year=birth,
                                       anchors=anchors)
    return out


PRECISE = ("day", "month", "season", "year", "years")
#: how an incident may be dated: by a date or an age, not by a chain of relatives ("een jaar daarvoor")
DATING_DERIVATIONS = ("explicit", "age")


def _anchors(per_doc, resolved, mentions) -> dict[str, Resolved]:
    """Date each named incident by the datings next to its mentions; the interval spans every
    participant's dating, so disagreement shows as width (and ``uncertain``)."""
    found: dict[str, list[Resolved]] = defaultdict(list)
    for doc_id, items in per_doc.items():
        for (sent, _, expr), res in zip(items, resolved[doc_id]):
            name = mentions.get(sent.seg_id)
            if name and expr.type != "anchor" and res.dated and res.precision in PRECISE and \
                    res.derivation in DATING_DERIVATIONS:
                found[name].append(res)
    out = {}
    for name, datings in found.items():
        lo = min(r.earliest for r in datings)
        hi = max(r.latest or r.earliest for r in datings)
        value = str(lo.year) if lo.year == hi.year else f"[{lo.year}..{hi.year}]"
        out[name] = Resolved(value, lo, hi, "year" if lo.year == hi.year else "years", "anchored",
                             uncertain=lo.year != hi.year)
    return out


def recurring_incidents(mentions: pd.DataFrame, events_frame: pd.DataFrame, *, min_participants: int = 2
                        ) -> pd.DataFrame:
    """Incidents named by at least ``min_participants`` people, with each one's dating and a quote.

    Columns: incident, participants, mentions, datings ({pseudonym: value}), earliest, latest,
    agree (all datings overlap), quotes ([(pseudonym, sentence, doc_id, start, end)])."""
    named = mentions.loc[~mentions["linked"].astype(bool)]
    rows = []
    for incident, group in named.groupby("incident"):
        people = group["pseudonym"].dropna().unique()
        if len(people) < min_participants:
            continue
        ev = events_frame[(events_frame["incident"] == incident) & events_frame["earliest"].notna() &
                          events_frame["type"].ne("anchor") & events_frame["precision"].isin(PRECISE) &
                          events_frame["derivation"].isin(DATING_DERIVATIONS)]
        datings = {p: ", ".join(sorted(set(g["value"]))) for p, g in ev.groupby("pseudonym")}
        intervals = [(r.earliest, r.latest or r.earliest) for r in ev.itertuples()]
        agree = bool(intervals) and max(a for a, _ in intervals) <= min(b for _, b in intervals)
        fullest = group.assign(length=group["sentence"].str.len().where(group["sentence"].str.len() <= 400, 0))
        fullest = fullest.sort_values("length", ascending=False).drop_duplicates("pseudonym")
        quotes = [(r.pseudonym, r.sentence, r.doc_id, r.start, r.end) for r in fullest.itertuples()]
        rows.append(dict(incident=incident, participants=len(people), mentions=len(group), datings=datings,
                         earliest=min((a for a, _ in intervals), default=None),
                         latest=max((b for _, b in intervals), default=None), agree=agree, quotes=quotes))
    frame = pd.DataFrame(rows, columns=["incident", "participants", "mentions", "datings", "earliest", "latest",
                                        "agree", "quotes"])
    return frame.sort_values(["participants", "mentions"], ascending=False).reset_index(drop=True)


def life_history(events_frame: pd.DataFrame, participant_id: str) -> pd.DataFrame:
    """One participant's dated events in time order, by domain (for swimlanes)."""
    mine = events_frame[(events_frame["participant_id"] == participant_id) & events_frame["earliest"].notna()]
    mine = mine[mine["precision"].isin(["day", "month", "season", "year", "years", "decade"])]
    return mine.sort_values(["earliest", "order"]).reset_index(drop=True)
