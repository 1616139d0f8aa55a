"""Build the case report content from a corpus and its analysis results."""
from __future__ import annotations

from datetime import date
from typing import Callable

import pandas as pd

from .. import __version__
from ..corpus.model import Corpus
from ..stats import CorpusStatistics
from .content import Figure, Paragraph, Quote, Report, Section, Table, pseudonymise_report
from .figures import (code_matrix_figure, keyness_figure, life_history_figure, organisation_timeline_figure,
                      topic_terms_figure, words_by_role_figure)
from .i18n import thousands, translator

QUOTE_MAX_CHARS = 600


def _kind_label(t, kind: str) -> str:
    return t({"document": "document_kind"}.get(kind, kind)) if kind else ""


def _format_ms(ms) -> str:
    if ms is None or pd.isna(ms):
        return ""
    s = int(ms) // 1000
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def _clip(text: str, limit: int = QUOTE_MAX_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def build_case_report(corpus: Corpus, stats: CorpusStatistics, *, lang: str = "nl", kind: str = "case",
                      findings: pd.DataFrame | None = None, stamp: dict | None = None, today: date | None = None,
                      pseudonymise: Callable[[str], str] = lambda text: text,
                      coding: list[tuple[dict, dict]] | None = None, topic_model=None,
                      keyness: tuple[pd.DataFrame, dict] | None = None,
                      timeline: tuple[pd.DataFrame, pd.DataFrame] | None = None, scans: list | None = None,
                      triangulations: list | None = None) -> Report:
    """The report: a summary and the findings (:mod:`undercurrent.synthesis`) first, then the
    organisation's timeline; a ``kind="case"`` report goes on with the case, the participants, the
    material, methods and reliability, a reproducibility ``stamp`` and appendices (codebooks,
    topics, keyness). ``kind="intake"`` stops after the timeline, for a coach.

    ``scans`` (:class:`~undercurrent.scan.CaseScan`, one per case with scan data) and their
    ``triangulations`` (or None) stand right after the summary. ``coding`` holds (codebook title,
    :func:`~undercurrent.coding.matrices.coding_overview`) pairs; ``pseudonymise`` (see
    :meth:`Project.pseudonymiser`) is applied to every text of the report, figures included.
    """
    from .findings import findings_sections

    if kind not in ("case", "intake"):
        raise ValueError(f"report kind {kind!r} is not one of case, intake")
    t = translator(lang)
    cases = corpus.cases
    # a title names up to three cases; a larger study is "12 casussen" (Word refuses very long titles)
    name = " · ".join(cases["name"]) if len(cases) <= 3 else t("n_cases", n=len(cases))
    organisations = [o for o in cases["organisation"] if o]
    organisation = (" · ".join(organisations) if len(organisations) <= 3 else t("n_organisations", n=len(organisations))) \
        if organisations else name
    report = Report(title=t("title_intake" if kind == "intake" else "title", name=name),
                    subtitle=t("subtitle", organisation=organisation), lang=lang,
                    generated_by=t("generated", version=__version__, date=(today or date.today()).isoformat()))
    if findings is not None:
        report.sections.extend(findings_sections(corpus, findings, lang=lang, kind=kind, pseudonymise=pseudonymise,
                                                 scans=scans, triangulations=triangulations))
    if timeline is not None:
        report.sections.extend(_timeline_sections(t, corpus, *timeline, pseudonymise, full=kind == "case"))
    if kind == "intake":
        report.sections.append(Section(t("about"), [Paragraph(t("about_intake"), "note")]))
        return _pseudonymised(report, pseudonymise)

    # The case
    for _, case in cases.iterrows():
        section = Section(t("case") if len(cases) == 1 else f"{t('case')}: {case['name']}")
        for text in (case["description"] or t("no_description")).split("\n\n"):
            section.add(Paragraph(text, "lead"))
        facts = [(t("organisation"), case["organisation"]), (t("sector"), case["sector"]),
                 (t("period"), case["period"])]
        section.add(Table(pd.DataFrame([f for f in facts if f[1]], columns=["", " "])))
        report.sections.append(section)

    # 2. Participants
    docs = stats.by_document
    people = corpus.participants.copy()
    per_person = (docs.dropna(subset=["participant_id"]).groupby(["case_id", "participant_id"])
                  .agg(kind=("kind", lambda k: ", ".join(sorted({_kind_label(t, x) for x in k}))),
                       date=("interview_date", lambda d: ", ".join(sorted({x for x in d if isinstance(x, str)}))),
                       words=("respondent_words", "sum")).reset_index())
    people = people.merge(per_person, on=["case_id", "participant_id"], how="left")
    table = pd.DataFrame({
        t("pseudonym"): people["pseudonym"], t("role"): people["role"], t("department"): people["department"],
        t("born"): people["birth_year"], t("since"): people["start_year"], t("kind"): people["kind"].fillna(""),
        t("date"): people["date"].fillna(""), t("words"): people["words"].fillna(0).astype(int)})
    report.sections.append(Section(t("participants"), [
        Paragraph(t("participants_lead"), "note"),
        Table(table, formats={t("born"): "year", t("since"): "year", t("words"): "int"})]))

    # 3. Corpus statistics
    counts = dict(stats.totals, other_documents=stats.totals["documents"] - stats.totals["conversations"])
    totals = {k: thousands(v, lang) for k, v in counts.items()}
    section = Section(t("corpus"), [Paragraph(t("corpus_lead", **totals))])
    if counts["other_documents"]:
        section.add(Paragraph(t("other_documents", **totals)))
    role_table = stats.by_speaker_role.assign(speaker_role=lambda d: d["speaker_role"].map(t))
    section.add(Table(role_table.rename(columns={
        "speaker_role": "", "turns": t("turns"), "words": t("words"), "share": t("share"),
        "words_per_turn": t("words_per_turn")}), caption=t("by_speaker_role"),
        formats={t("turns"): "int", t("words"): "int", t("share"): "pct", t("words_per_turn"): "float"}))
    if len(stats.by_job_role):
        job = stats.by_job_role.assign(role=lambda d: d["role"].replace("(onbekend)", t("unknown")))
        section.add(Figure("words_by_role", words_by_role_figure(
            job, title=t("fig_words_by_role"), xlabel=t("words"), lang=lang), caption=t("fig_words_by_role_caption")))
    doc_table = pd.DataFrame({
        t("document"): docs["title"], t("pseudonym"): docs["pseudonym"].fillna(""),
        t("kind"): docs["kind"].map(lambda k: _kind_label(t, k)), t("format"): docs["format"],
        t("turns"): docs["turns"], t("words"): docs["words"]})
    section.add(Table(doc_table, caption=t("by_document"), formats={t("turns"): "int", t("words"): "int"}))
    report.sections.append(section)

    # Methods and reliability, and what it takes to reproduce the numbers
    report.sections.append(_methods_section(t, lang, corpus, stamp))

    # Appendices: codebooks (frequent codes, quotes, code x role), topics, keyness
    if coding:
        report.sections.append(_appendix(t, _coding_section(t, lang, coding, pseudonymise)))
    if topic_model is not None:
        titles = dict(zip(corpus.documents["doc_id"], corpus.documents["title"]))
        report.sections.append(_appendix(t, _topics_section(t, topic_model, pseudonymise, titles)))
    if keyness is not None:
        report.sections.append(_appendix(t, _keyness_section(t, lang, *keyness)))

    # Problems met while reading
    if corpus.problems:
        report.sections.append(Section(t("problems"), [Paragraph(str(p), "note") for p in corpus.problems]))
    return _pseudonymised(report, pseudonymise)


def _pseudonymised(report: Report, pseudonymise) -> Report:
    """Every text of the report once more through ``pseudonymise`` (document titles taken from
    file names, figure labels, problems naming a file): no real name reaches a writer."""
    from ..corpus.pseudonymise import Pseudonymiser

    if isinstance(pseudonymise, Pseudonymiser) and not pseudonymise:
        return report
    return pseudonymise_report(report, pseudonymise)


def _datings_text(t, rows: pd.DataFrame) -> str:
    """Everyone's dating of an incident, in the report language: "Ben 2008-02 (expliciet); ..."."""
    parts = []
    for who, group in rows.groupby("pseudonym", sort=False):
        values = dict.fromkeys(f"{r.value} ({t('der_' + r.derivation)})" for r in group.itertuples())
        parts.append(f"{str(who).split()[0]} {', '.join(values)}")
    return "; ".join(parts)


def _number(value: float, lang: str) -> str:
    text = f"{value:.2f}"
    return text.replace(".", ",") if lang == "nl" else text


def _attribution(t, lang: str, row) -> str:
    """Who coded a quote (a person, or the rules with their confidence) and, when it is not the
    speaker's own practice, its stance."""
    if row.get("origin") == "auto":
        who = t("by_rules", confidence=_number(float(row["confidence"]), lang))
    else:
        who = t("by_person")  # coders' names are the research team's, and stay out of the report
    stance = row.get("stance")
    return who + (f" · {t('stance_' + stance)}" if stance in ("espoused", "reported") else "")


def _where(t, row) -> str:
    where = f"{row['title']}, {t('chars')} {row['start']}–{row['end']}"
    stamp = _format_ms(row.get("t_start_ms"))
    return where + (f", {stamp}" if stamp else "")


def _coding_section(t, lang: str, coding, pseudonymise) -> Section:
    from ..coding.confidence import REPORT_MIN_CONFIDENCE, measured_precision

    threshold = next((o.get("min_confidence") for _, o in coding if o.get("min_confidence") is not None),
                     REPORT_MIN_CONFIDENCE)
    measured = measured_precision()
    note = t("coding_measured", precision=f"{measured['precision']:.0%}", n=measured["codings"]) if measured else ""
    section = Section(t("coding"), [Paragraph(t("coding_lead", threshold=_number(threshold, lang), measured=note),
                                              "note")])
    for title, overview in coding:
        name = title.get(lang) or title.get("nl") or ""
        sub = Section(f"{t('codebook')}: {name}")
        top = overview["top"]
        if top.empty:
            sub.add(Paragraph(t("no_codings"), "note"))
            section.subsections.append(sub)
            continue
        sub.add(Table(pd.DataFrame({
            t("code"): top["label"], t("direction"): top["direction"].map(lambda d: t(d) if isinstance(d, str) else ""),
            t("codings"): top["codings"], t("participants_n"): top["participants"]}),
            formats={t("codings"): "int", t("participants_n"): "int"}))
        book_id = top["code_id"].iloc[0].split("/")[0]
        for key, suffix, caption in (("by_role", "", "fig_code_role"), ("by_role_human", "_human", "fig_code_role_human")):
            if not overview.get(key, pd.DataFrame()).empty:
                sub.add(Figure(f"codes_by_role_{book_id}{suffix}", code_matrix_figure(
                    overview[key], colorbar_label=t("per_participant")), caption=t(caption, codebook=name)))
        quotes = overview["quotes"]
        for code_id, label in zip(top["code_id"], top["label"]):
            mine = quotes[quotes["code_id"] == code_id] if len(quotes) else quotes
            if len(mine) == 0:
                continue
            block = Section(t("quotes_for", label=label))
            for row in mine.to_dict("records"):
                block.add(Quote(_clip(pseudonymise(row["text"])), row["pseudonym"],
                                f"{_where(t, row)} · {_attribution(t, lang, row)}"))
            sub.subsections.append(block)
        section.subsections.append(sub)
    return section


def _topics_section(t, model, pseudonymise, titles: dict | None = None) -> Section:
    section = Section(t("topics"), [Paragraph(t("topics_lead", seed=model.params["random_state"],
                                                 n=model.params["n_units"]), "note")])
    if model.method == "nmf":
        section.add(Paragraph(t("topics_nmf", n=model.params["n_units"]), "note"))
    elif model.outliers_before > 0:
        share = f"{model.outliers_before:.0%}"
        section.add(Paragraph(t("topics_outliers", share=share), "note"))
    shown = model.topics[model.topics["topic"] >= 0]
    section.add(Table(pd.DataFrame({t("topic"): shown["topic"], t("topic_words"): shown["label"], t("size"): shown["size"],
                                    t("share"): shown["share"]}),
                      formats={t("size"): "int", t("share"): "pct"}))
    section.add(Figure("topic_terms", topic_terms_figure(model.topics), caption=t("fig_topic_terms")))
    shares = (model.shares(by="role") * 100).round(0)
    section.add(Figure("topics_by_role", code_matrix_figure(shares, colorbar_label="%"),
                       caption=t("fig_topic_roles")))
    quotes = model.quotes(2)
    sub = Section(t("topic_quotes"))
    labels = model.topics.set_index("topic")["label"]
    for topic, group in quotes.groupby("topic", sort=False):
        for row in group.to_dict("records"):
            title = row.get("title") or (titles or {}).get(row["doc_id"]) or str(row["doc_id"]).split("/")[-1]
            sub.add(Quote(_clip(pseudonymise(row["text"])), row.get("pseudonym") or "",
                          f"{topic}: {labels.get(topic, '')} — {title}, {t('chars')} {row['start']}–{row['end']}"))
    section.subsections.append(sub)
    return section


def _keyness_section(t, lang: str, table: pd.DataFrame, groups: dict) -> Section:
    section = Section(t("keyness"), [Paragraph(t("keyness_lead", target=", ".join(groups["operators"]),
                                                  reference=", ".join(groups["management"])), "note")])
    sig = table[table["p"] < 0.05]
    for key, part in (("more_target", sig[sig["log_ratio"] > 0]), ("more_reference", sig[sig["log_ratio"] < 0])):
        if len(part):
            section.add(Table(pd.DataFrame({
                t("term"): part["term"].head(10), t("freq_target"): part["freq_target"].head(10),
                t("freq_reference"): part["freq_reference"].head(10), t("g2"): part["g2"].head(10),
                t("log_ratio"): part["log_ratio"].head(10)}),
                caption=t(key), formats={t("freq_target"): "int", t("freq_reference"): "int",
                                         t("g2"): "float", t("log_ratio"): "float"}))
    if len(sig):
        section.add(Figure("keyness", keyness_figure(table, target_label=t("operators"),
                                                     reference_label=t("management")), caption=t("fig_keyness")))
    return section


def _appendix(t, section: Section) -> Section:
    section.heading = f"{t('appendix')}: {section.heading}"
    return section


def _methods_section(t, lang: str, corpus: Corpus, stamp: dict | None) -> Section:
    """What was done, how reliable it is, its limits, and the stamp that lets someone redo it."""
    codings = corpus.codings
    human = codings[codings["origin"].isin(("manual", "imported"))] if len(codings) else codings
    books = corpus.codes.drop_duplicates("codebook")[["codebook", "version"]] if len(corpus.codes) else pd.DataFrame()
    section = Section(t("methods"), [Paragraph(t("methods_lead"))])
    section.add(Paragraph(t("methods_codings", auto=thousands(len(codings) - len(human), lang),
                            human=thousands(len(human), lang),
                            coders=thousands(human["coder"].nunique() if len(human) else 0, lang))))
    if len(books):
        section.add(Table(pd.DataFrame({t("codebook"): books["codebook"], t("version"): books["version"]}),
                          caption=t("codebooks_used")))
    section.add(Paragraph(t("methods_limits"), "note"))
    if stamp:
        rows = [(t("run_id"), stamp.get("run_id", "")), (t("seed"), str(stamp.get("seed", "")))]
        rows += [(f"{package}", version) for package, version in stamp.get("packages", {}).items()]
        rows += [(f"{t('checksum')} {title}", digest[:16]) for title, digest in stamp.get("inputs", {}).items()]
        section.subsections.append(Section(t("stamp"), [Paragraph(t("stamp_lead"), "note"),
                                                        Table(pd.DataFrame(rows, columns=["", " "]))]))
    return section


def _timeline_sections(t, corpus: Corpus, events: pd.DataFrame, incidents: pd.DataFrame, pseudonymise,
                       full: bool = True) -> list:
    """The organisation's timeline and (``full``) the table of everyone's datings and the life histories."""
    from ..timeline.events import life_history

    sections = []
    if len(incidents):
        # incidents found from the data may be named after a person ("het ongeluk van Ronald")
        incidents = incidents.assign(incident=incidents["incident"].map(pseudonymise))
        org = Section(t("timeline"), [Paragraph(t("timeline_lead"), "note")])
        if incidents["earliest"].notna().any():
            org.add(Figure("organisation_timeline", organisation_timeline_figure(incidents),
                           caption=t("fig_org_timeline")))
        if full:  # the case report's table of everyone's datings; an intake has them on each incident card
            org.add(Table(pd.DataFrame({
                t("incident"): incidents["incident"], t("mentioned_by"): incidents["participants"],
                t("datings"): [_datings_text(t, rows) for rows in incidents["dating_rows"]],
                t("agree"): [{True: t("yes"), False: t("no")}.get(a, "–") for a in incidents["agree"]]}),
                formats={t("mentioned_by"): "int"}))
        sections.append(org)
    life = corpus.documents[corpus.documents["kind"] == "life_history"] if full else corpus.documents.head(0)
    if len(life):
        section = Section(t("life_histories"), [Paragraph(t("life_histories_lead"), "note")])
        people = corpus.participants.set_index(["case_id", "participant_id"])["pseudonym"]
        several = corpus.cases["case_id"].nunique() > 1
        turning = set(events.loc[events["codes"].map(lambda c: any("keerpunt" in x or "turning" in x for x in c)),
                                 "event_id"])
        labels = {d: t(f"domain_{d}") for d in ("organisation", "technology", "work", "education", "family", "other")}
        for case_id, pid in life[["case_id", "participant_id"]].dropna().drop_duplicates().itertuples(index=False):
            mine = life_history(events, pid, case_id)
            if mine.empty:
                continue
            name = people.get((case_id, pid), pid)
            key = f"life_history_{case_id}_{pid}" if several else f"life_history_{pid}"
            section.add(Figure(key, life_history_figure(
                mine, title=name, domain_labels=labels, turning_points=turning),
                caption=t("fig_life_history", name=name)))
        sections.append(section)
    return sections
