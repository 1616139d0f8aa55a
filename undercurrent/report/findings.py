"""The report's opening: a summary in plain words, then one section per kind of finding
(:mod:`undercurrent.synthesis`), every finding with its strength and its quotes."""
from __future__ import annotations

import re

from typing import Callable

import pandas as pd

from ..corpus.model import Corpus
from ..keyness import MANAGEMENT_ROLE_RE
from .content import Paragraph, Quote, Section, Table
from .i18n import TEXT, decimal, translator

#: how many findings of each kind the summary tells
SUMMARY_PER_KIND = {"value": 2, "incident": 3, "say_do": 2, "generation": 1, "learning": 2, "block": 0, "life": 0}
#: quotes a side per finding in an intake (a case report shows them all), and findings per kind: a
#: building block is a balance of codings, one sentence a side illustrates it; a life needs its
#: start, the start of work here and a turn in it
INTAKE_QUOTES = {"block": 1, "life": 3}
INTAKE_QUOTES_DEFAULT = 2
INTAKE_FINDINGS = {"value": 5, "incident": 6, "say_do": 4, "generation": 4, "learning": 7, "block": 6, "life": 3}


def findings_sections(corpus: Corpus, findings: pd.DataFrame, *, lang: str = "nl", kind: str = "case",
                      pseudonymise: Callable[[str], str] = lambda text: text, scans: list | None = None,
                      triangulations: list | None = None) -> list[Section]:
    """The summary, the scan beside the undercurrent (``scans``: a CaseScan per case with scan
    data, each with its triangulation or None; one line in the summary when there is none), and
    one section per kind of finding. ``kind`` "intake" is privacy-safe: no file names or offsets under quotes, and a role
    only one person holds is given in general terms."""
    from ..synthesis import KINDS

    t = translator(lang)
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
    if not scans:
        summary.add(Paragraph(t("scan_none"), "note"))
    for scan, triangulation in zip(scans or [], triangulations or [None] * len(scans or [])):
        section = _scan_section(scan, triangulation, t, lang, place, pseudonymise, kind)
        if len(scans) > 1:
            section.heading += f": {scan.organisation}"
        sections.append(section)
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
            most = INTAKE_QUOTES.get(k, INTAKE_QUOTES_DEFAULT)
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
                                    t("dating"): [pseudonymise(f"{d['value']} ({t('der_' + d['derivation'])}: "
                                                                  f"‘{d['expression']}’)")
                                                  for d in row.details["datings"].values()]}),
                      caption=t("each_dating")))
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
                                    t("col_supports"): [v["supports"] for v in by_role.values()],
                                    t("col_hinders"): [v["hinders"] for v in by_role.values()]}),
                      caption=t("block_table"), formats={t("col_supports"): "int", t("col_hinders"): "int"}))
    for q in row.quotes:
        sub.add(place.quote(q, pseudonymise, label=TEXT[place.lang].get(f"side_{q.get('side')}", "")))
    return sub


def _organisation(corpus: Corpus) -> str:
    cases = corpus.cases
    names = [o or n for o, n in zip(cases.get("organisation", pd.Series(dtype=str)).fillna(""), cases["name"])]
    return " · ".join(dict.fromkeys(names)) or "–"


def _scan_section(scan, triangulation: pd.DataFrame, t, lang: str, place: "_Places", pseudonymise, kind: str) -> Section:
    """The scan profile against the benchmark, the table of scan and undercurrent per block, the
    signals where they part ways (each with its quotes), and the advice per block."""
    from .content import Figure
    from .figures import scan_profile_figure

    ins = scan.instrument
    section = Section(t("scan"), [Paragraph(t("scan_lead", organisation=scan.organisation, n=scan.respondents,
                                                 others=scan.others), "lead")])
    if ins.illustrative:
        section.add(Paragraph(t("scan_illustrative"), "note"))
    if scan.respondents < ins.min_group_size:
        section.add(Paragraph(t("scan_too_few", n=scan.respondents, min_size=ins.min_group_size)))
        return section
    slug = re.sub(r"[^a-z0-9]+", "_", str(scan.organisation).lower()).strip("_")
    section.add(Figure(f"scan_profile_{slug}", scan_profile_figure(scan, title=t("fig_scan"), lang=lang),
                       caption=t("fig_scan_caption", min_size=ins.min_group_size)))
    if triangulation is None:  # a project of several cases: the scan, not yet beside one case's stories
        place_all = scan.benchmark[scan.benchmark["scope"] == "all"].set_index("block")
        shown = scan.own_scores[~scan.own_scores["suppressed"]]
        section.add(Table(pd.DataFrame({
            t("col_block"): [ins.label(b, lang) for b in shown["block"]],
            t("col_score"): [decimal(m, 2, lang) for m in shown["mean"]],
            t("col_percentile"): [f"{place_all.at[b, 'percentile']:.0f}" if b in place_all.index else "–"
                                  for b in shown["block"]]}), caption=t("scan_table")))
        advice = Section(t("scan_advice"))
        for b, m in zip(shown["block"], shown["mean"]):
            advice.add(Paragraph(f"{ins.label(b, lang)} ({decimal(m, 2, lang)}): {ins.advice(b, m, lang)}"))
        section.subsections.append(advice)
        return section
    tri = triangulation
    if len(tri):
        section.add(Table(pd.DataFrame({
            t("col_block"): tri["label"], t("col_score"): [decimal(m, 2, lang) for m in tri["mean"]],
            t("col_percentile"): ["–" if p is None else f"{p:.0f}" for p in tri["percentile"]],
            t("col_told"): [t("told_balance", supports=s, hinders=h) if s or h else t("told_none")
                            for s, h in zip(tri["supports"], tri["hinders"])],
            t("col_signal"): [t(f"signal_{d}") if d else "" for d in tri["divergence"]]}), caption=t("scan_table")))
        signals = Section(t("scan_signals"))
        flagged = tri[tri["divergence"].notna()]
        if flagged.empty:
            signals.add(Paragraph(t("scan_no_signals"), "note"))
        most = INTAKE_QUOTES_DEFAULT + 1 if kind == "intake" else 6
        for row in flagged.itertuples():
            signals.add(Paragraph(row.reason))
            for q in row.quotes[:most]:
                signals.add(place.quote(q, pseudonymise))
        section.subsections.append(signals)
        advice = Section(t("scan_advice"))
        for row in tri.itertuples():
            advice.add(Paragraph(f"{row.label} ({decimal(row.mean, 2, lang)}): {row.advice}"))
        section.subsections.append(advice)
    if kind == "case":
        section.subsections.append(_scan_reliability(scan, t, lang))
    return section


def _scan_reliability(scan, t, lang: str) -> Section:
    """For a lector: per block n, α, ω, % missing and the ICCs across organisations, and the items
    whose corrected item-total correlation is under .30."""
    ins = scan.instrument
    own = scan.own_scores[~scan.own_scores["suppressed"]]
    icc = scan.icc.set_index("block")
    def number(v) -> str:
        return "–" if v is None or pd.isna(v) else decimal(v, 2, lang)

    section = Section(t("scan_reliability"), [Paragraph(t("scan_reliability_lead"), "note"), Table(pd.DataFrame({
        t("col_block"): [ins.label(b, lang) for b in own["block"]], "n": own["n"].astype(int),
        "α": [number(v) for v in own["alpha"]], "ω": [number(v) for v in own["omega"]],
        t("col_missing"): [number(v) for v in own["missing_pct"]],
        "ICC(1)": [number(icc["icc1"].get(b)) for b in own["block"]],
        "ICC(2)": [number(icc["icc2"].get(b)) for b in own["block"]]}), caption=t("scan_reliability"))])
    weak = scan.items[scan.items["item_total"] < 0.30] if len(scan.items) else scan.items
    if len(weak):
        section.add(Paragraph(t("scan_weak_items", items=", ".join(weak["item"]))))
    return section


class _Places:
    """How a quote says who and where: in a case report the document, code-point offsets and
    timestamp; in an intake the role (in general terms when only one person has it) and the
    passage number, never a file name."""

    def __init__(self, corpus: Corpus, lang: str, intake: bool):
        self.lang, self.intake, self.t = lang, intake, translator(lang)
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
