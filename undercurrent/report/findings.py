"""The report's opening: a summary in plain words, then one section per kind of finding
(:mod:`undercurrent.synthesis`), every finding with its strength and its quotes."""
from __future__ import annotations

from typing import Callable

import pandas as pd

from ..corpus.model import Corpus
from ..keyness import MANAGEMENT_ROLE_RE
from .content import Paragraph, Quote, Section, Table

TEXT = {
    "nl": {
        "summary": "Samenvatting",
        "summary_lead": ("Dit verslag beschrijft de onderstroom van het leren bij {organisation}: wat mensen als goed werk "
                         "zien, welke voorvallen ze zich herinneren, waar zeggen en doen uiteenlopen en hoe er echt "
                         "geleerd wordt. Het rust op {conversations} gesprekken met {people} mensen. Bij elke bevinding "
                         "staat op hoeveel mensen ze rust en een letterlijk citaat."),
        "summary_none": "Er zijn geen bevindingen die door twee of meer mensen worden gedeeld.",
        "kind_value": "Impliciete waarden: wat hier goed werk is",
        "kind_incident": "Voorvallen die men zich herinnert",
        "kind_say_do": "Zeggen en doen",
        "kind_generation": "Generaties en tradities",
        "kind_learning": "Hoe hier geleerd wordt",
        "kind_block": "De bouwstenen van de leercultuur",
        "kind_life": "Gebeurtenissen uit de levensverhalen",
        "lead_life": "De gedateerde gebeurtenissen uit de levensverhalen; elk levensverhaal is dat van één persoon.",
        "side_life": "",
        "lead_value": "Uitspraken over hoe het hoort (‘bij ons…’, ‘dat noem ik geen…’) die twee of meer mensen delen, en wie er anders over denkt.",
        "lead_incident": "Gebeurtenissen die meerdere mensen vertellen, met ieders datering en wat het hen leerde.",
        "lead_say_do": "Wat beleid en leiding uitdragen tegenover wat medewerkers uit de praktijk vertellen.",
        "lead_generation": "Verschillen tussen wie hier al lang werkt en wie net binnen is, en wat wordt doorgegeven.",
        "lead_learning": "Hoe mensen hun vak leren, welke kennis niet in een boek staat en wat het leren hindert.",
        "lead_block": "Per bouwsteen van de leercultuurscan: steunende tegenover hinderende uitspraken, naar functie.",
        "strength": "Berust op {n} {people_word}: {roles}{generations}. Zekerheid: {confidence}.",
        "person": "persoon", "people": "mensen",
        "generations": "; geboren in de {generations}",
        "confidence_high": "hoog", "confidence_medium": "middel", "confidence_low": "laag (één persoon)",
        "side_holds": "", "side_contests": "anders denkend", "side_mention": "", "side_lesson": "wat het leerde",
        "side_espoused": "gezegd", "side_lived": "in de praktijk", "side_supports": "steunt", "side_hinders": "hindert",
        "said": "Wat gezegd wordt", "done": "Wat men in de praktijk vertelt",
        "datings": "Ieders datering", "who": "Wie", "dating": "Datering",
        "block_table": "Steunend en hinderend per functie", "supports": "Steunend", "hinders": "Hinderend",
        "passage": "fragment", "chars": "tekens",
        "generic_manager": "leidinggevende", "generic_staff": "medewerker werkvloer", "policy": "beleidsstuk",
        "about_intake": ("Over dit verslag: de bevindingen zijn automatisch uit de gesprekken gehaald en vormen een "
                         "startpunt voor het gesprek, geen eindoordeel. Namen zijn pseudoniemen; een functie die maar "
                         "één persoon heeft, staat er algemeen."),
    },
    "en": {
        "summary": "Summary",
        "summary_lead": ("This report describes the undercurrent of learning at {organisation}: what people see as good "
                         "work, which incidents they remember, where what is said and what is done part ways, and how "
                         "people really learn. It rests on {conversations} conversations with {people} people. Each "
                         "finding says how many people it rests on and carries a verbatim quote."),
        "summary_none": "No findings are shared by two or more people.",
        "kind_value": "Implicit values: what good work is here",
        "kind_incident": "Incidents people remember",
        "kind_say_do": "Saying and doing",
        "kind_generation": "Generations and traditions",
        "kind_learning": "How people learn here",
        "kind_block": "The building blocks of the learning culture",
        "kind_life": "Events from the life histories",
        "lead_life": "The dated events of the life histories; each life history is one person's.",
        "side_life": "",
        "lead_value": "Statements of how things ought to be (‘around here…’, ‘that's no…’) that two or more people share, and who thinks otherwise.",
        "lead_incident": "Events several people tell, with each person's dating and what it taught them.",
        "lead_say_do": "What policy and management espouse against what staff tell from practice.",
        "lead_generation": "Differences between those who have worked here long and the newcomers, and what is handed down.",
        "lead_learning": "How people learn their trade, which knowledge is not in a book and what hinders learning.",
        "lead_block": "Per building block of the learning-culture scan: supporting against hindering statements, by role.",
        "strength": "Rests on {n} {people_word}: {roles}{generations}. Confidence: {confidence}.",
        "person": "person", "people": "people",
        "generations": "; born in the {generations}",
        "confidence_high": "high", "confidence_medium": "medium", "confidence_low": "low (one person)",
        "side_holds": "", "side_contests": "thinks otherwise", "side_mention": "", "side_lesson": "what it taught",
        "side_espoused": "said", "side_lived": "in practice", "side_supports": "supports", "side_hinders": "hinders",
        "said": "What is said", "done": "What people tell from practice",
        "datings": "Each person's dating", "who": "Who", "dating": "Dating",
        "block_table": "Supporting and hindering by role", "supports": "Supporting", "hinders": "Hindering",
        "passage": "passage", "chars": "characters",
        "generic_manager": "manager", "generic_staff": "shop-floor employee", "policy": "policy document",
        "about_intake": ("About this report: the findings were drawn from the conversations automatically; they are a "
                         "starting point for a conversation, not a verdict. Names are pseudonyms; a role only one "
                         "person holds is given in general terms."),
    },
}
#: how many findings of each kind the summary tells
SUMMARY_PER_KIND = {"value": 2, "incident": 3, "say_do": 2, "generation": 1, "learning": 2, "block": 0, "life": 0}
#: quotes per finding in an intake (a case report shows them all), and findings per kind
INTAKE_QUOTES = 2
INTAKE_FINDINGS = {"value": 5, "incident": 6, "say_do": 4, "generation": 4, "learning": 7, "block": 6, "life": 3}


def findings_sections(corpus: Corpus, findings: pd.DataFrame, *, lang: str = "nl", kind: str = "case",
                      pseudonymise: Callable[[str], str] = lambda text: text) -> list[Section]:
    """The summary and one section per kind of finding. ``kind`` "intake" is privacy-safe: no
    file names or offsets under quotes, and a role only one person holds is given in general terms."""
    from ..synthesis import KINDS

    t = TEXT[lang].get
    place = _Places(corpus, lang, intake=kind == "intake")
    summary = Section(t("summary"), [Paragraph(t("summary_lead").format(
        organisation=_organisation(corpus), conversations=int(corpus.documents["kind"].isin(("interview", "life_history")).sum()),
        people=int(corpus.participants["participant_id"].nunique())), "lead")])
    shared = findings[findings["n_people"] >= 2] if len(findings) else findings
    if shared.empty:
        summary.add(Paragraph(t("summary_none"), "note"))
    for k in KINDS:
        for row in shared[shared["kind"] == k].head(SUMMARY_PER_KIND.get(k, 0)).itertuples():
            summary.add(Paragraph(pseudonymise(row.statement)))
            own = [q for q in row.quotes if q.get("side") not in ("contests", "lesson", "espoused")]
            first = max(own[:3], key=lambda q: min(len(str(q["text"]).split()), 30), default=None)  # the fullest of the best
            if first:
                summary.add(place.quote(first, pseudonymise))
    sections = [summary]
    for k, mine in shown_findings(findings, kind).items():
        section = Section(t(f"kind_{k}"), [Paragraph(t(f"lead_{k}"), "note")])
        for row in mine.itertuples():
            section.subsections.append(_finding_section(row, t, place, pseudonymise))
        sections.append(section)
    return sections


def shown_findings(findings: pd.DataFrame, kind: str = "case") -> dict[str, pd.DataFrame]:
    """{kind of finding: the findings a report of ``kind`` shows}, their quotes cut to what it
    shows (an intake: the strongest findings of each kind, two quotes a side)."""
    from ..synthesis import KINDS

    out = {}
    for k in KINDS:
        mine = findings[findings["kind"] == k] if len(findings) else findings
        if kind == "intake":  # the strongest: the functions list them by strength within a kind
            mine = mine.head(INTAKE_FINDINGS.get(k, 4))
            # a building block is a balance of codings: one sentence a side illustrates it
            most = 1 if k == "block" else INTAKE_QUOTES
            mine = mine.assign(quotes=[_per_side(q, most) for q in mine["quotes"]])
        if len(mine):
            out[k] = mine
    return out


def _per_side(quotes: list[dict], most: int) -> list[dict]:
    seen: dict = {}
    kept = []
    for q in quotes:
        seen[q.get("side")] = seen.get(q.get("side"), 0) + 1
        if seen[q.get("side")] <= most:
            kept.append(q)
    return kept


def _finding_section(row, t, place: "_Places", pseudonymise) -> Section:
    heading = pseudonymise(str(row.theme))
    sub = Section(heading[:1].upper() + heading[1:] if row.kind in ("generation", "learning") else heading,
                  [Paragraph(pseudonymise(row.statement))])
    roles = ", ".join(dict.fromkeys(place.role(r) for r in row.roles)) or "–"
    decades = [f"jaren '{g[2:4]}" if place.lang == "nl" else g for g in row.generations]  # "1960s" -> "jaren '60"
    generations = t("generations").format(generations=", ".join(decades)) if decades else ""
    sub.add(Paragraph(t("strength").format(n=row.n_people, people_word=t("person") if row.n_people == 1 else t("people"),
                                           roles=roles, generations=generations,
                                           confidence=t(f"confidence_{row.confidence}")), "note"))
    if row.kind == "incident" and row.details.get("datings"):
        sub.add(Table(pd.DataFrame({t("who"): list(row.details["datings"]),
                                    t("dating"): [pseudonymise(v) for v in row.details["datings"].values()]}),
                      caption=t("datings")))
    if row.kind == "say_do":
        said = [q for q in row.quotes if q["side"] == "espoused"]
        done = [q for q in row.quotes if q["side"] == "lived"]
        n = max(len(said), len(done))
        cell = lambda q: f"“{pseudonymise(q['text'])}” — {place.who(q)}" if q else ""  # noqa: E731
        sub.add(Table(pd.DataFrame({t("said"): [cell(said[i]) if i < len(said) else "" for i in range(n)],
                                    t("done"): [cell(done[i]) if i < len(done) else "" for i in range(n)]})))
        return sub
    if row.kind == "block" and row.details.get("by_role"):
        by_role = row.details["by_role"]
        sub.add(Table(pd.DataFrame({t("who"): [place.role(r) for r in by_role],
                                    t("supports"): [v["supports"] for v in by_role.values()],
                                    t("hinders"): [v["hinders"] for v in by_role.values()]}),
                      caption=t("block_table"), formats={t("supports"): "int", t("hinders"): "int"}))
    for q in row.quotes:
        sub.add(place.quote(q, pseudonymise, label=t(f"side_{q.get('side')}") or ""))
    return sub


def _organisation(corpus: Corpus) -> str:
    cases = corpus.cases
    names = [o or n for o, n in zip(cases.get("organisation", pd.Series(dtype=str)).fillna(""), cases["name"])]
    return " · ".join(dict.fromkeys(names)) or "–"


class _Places:
    """How a quote says who and where: in a case report the document, code-point offsets and
    timestamp; in an intake the role (in general terms when only one person has it) and the
    passage number, never a file name."""

    def __init__(self, corpus: Corpus, lang: str, intake: bool):
        self.lang, self.intake, self.t = lang, intake, TEXT[lang].get
        roles = corpus.participants["role"].dropna()
        self.unique = set(roles.value_counts()[lambda c: c == 1].index)
        turns = corpus.segments[corpus.segments["kind"] == "turn"].sort_values(["doc_id", "start"])
        self.turns = {d: g[["start", "end"]].to_numpy() for d, g in turns.groupby("doc_id")}

    def role(self, role) -> str:
        if not isinstance(role, str) or not role:
            return "–"
        if self.intake and role in self.unique:
            return self.t("generic_manager") if MANAGEMENT_ROLE_RE.search(role) else self.t("generic_staff")
        return role

    def who(self, q: dict) -> str:
        if self.intake and not isinstance(q.get("participant_id"), str):
            return self.t("policy")  # a policy text: what kind, not its file
        if self.intake:
            return f"{q.get('pseudonym') or ''} ({self.role(q.get('role'))})" if q.get("role") else str(q.get("pseudonym") or "")
        return str(q.get("pseudonym") or "")

    def where(self, q: dict) -> str:
        if self.intake:
            spans = self.turns.get(q["doc_id"])
            k = next((i + 1 for i, (s, e) in enumerate(spans) if s <= q["start"] < e), None) if spans is not None else None
            return f"{self.t('passage')} {k}" if k else ""
        from .case_report import _format_ms

        where = f"{q.get('title') or q['doc_id']}, {self.t('chars')} {q['start']}–{q['end']}"
        stamp = _format_ms(q.get("t_start_ms"))
        return f"{where}, {stamp}" if stamp else where

    def quote(self, q: dict, pseudonymise, label: str = "") -> Quote:
        if self.intake and not isinstance(q.get("participant_id"), str):
            return Quote(pseudonymise(" ".join(str(q["text"]).split())), self.t("policy"), label)
        source = self.where(q)
        if self.intake and q.get("role"):
            source = f"{self.role(q.get('role'))}, {source}" if source else self.role(q.get("role"))
        if label:
            source = f"{label} · {source}" if source else label
        return Quote(pseudonymise(" ".join(str(q["text"]).split())), str(q.get("pseudonym") or ""), source)
