"""The case report: both formats, both languages, correct quotes, no real names."""
import re
import zipfile

import docx
import pytest

import undercurrent as uc
from undercurrent.project import run_pipeline
from undercurrent.report.case_report import build_case_report
from undercurrent.report.content import Quote

from conftest import DEMO


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory):
    base = tmp_path_factory.mktemp("report")
    ingest, written = run_pipeline(DEMO, base / "out", store_path=base / "store.sqlite")
    return ingest, written, base


def docx_text(path) -> str:
    d = docx.Document(path)
    parts = [p.text for p in d.paragraphs]
    for table in d.tables:
        parts += [c.text for row in table.rows for c in row.cells]
    return "\n".join(parts)


def test_run_writes_docx_html_and_figures(demo_report):
    ingest, written, _ = demo_report
    assert not ingest.errors
    assert written["docx"].name == "report.docx" and written["html"].name == "report.html"
    assert (written["docx"].parent / "figures" / "words_by_role.svg").exists()
    text = docx_text(written["docx"])
    for heading in ("Casusrapport Kampman Metaal", "Samenvatting", "Impliciete waarden: wat hier goed werk is",
                    "Voorvallen die men zich herinnert", "Zeggen en doen", "Hoe hier geleerd wordt",
                    "De bouwstenen van de leercultuur", "De casus", "Deelnemers", "Het materiaal",
                    "Methode en betrouwbaarheid", "Reproduceerbaarheid", "Bijlage: Wat de codeboeken vinden",
                    "Codeboek: Onderstroom", "Bijlage: Thema's in wat respondenten vertellen",
                    "Typerende citaten per thema", "Bijlage: Werkvloer en leiding: wie zegt wat?"):
        assert heading in text
    # findings first: the summary opens the report, the appendices close it
    assert text.index("Samenvatting") < text.index("De casus") < text.index("Bijlage: Wat de codeboeken vinden")
    assert "Hoe de gesprekken beginnen" not in text
    assert f"undercurrent {uc.__version__}" in text or "undercurrent" in text
    assert "Ben Oude Nijhuis" in text and "levensverhaal" in text
    media = [n for n in zipfile.ZipFile(written["docx"]).namelist() if n.startswith("word/media/")]
    # words by role, topics (2), keyness, org timeline, 3 life histories, and code x role for each codebook
    # with codings a report may show (human ones, and automatic ones from the confidence threshold)
    assert 10 <= len(media) <= 15
    assert "vanaf een zekerheid van 0,80" in text
    html = written["html"].read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and 'lang="nl"' in html
    assert "data:image/png;base64," in html and "Samenvatting" in html
    # the interviewer's own name (a speaker label) is never printed; the role is
    assert "Marloes" not in text and "Marloes" not in html


def _walk(sections):
    for section in sections:
        yield section
        yield from _walk(section.subsections)


def test_quotes_are_exact_cuts_of_the_stored_text(demo_report, tmp_path):
    from undercurrent.coding import shipped_codebooks
    from undercurrent.coding.matrices import coding_overview

    corpus = uc.load_corpus(DEMO, store_path=demo_report[2] / "store.sqlite")
    coding = [(b.title, coding_overview(corpus, b.id)) for b in shipped_codebooks()]
    findings = uc.synthesis.synthesis(corpus)
    report = build_case_report(corpus, uc.corpus_statistics(corpus), coding=coding, findings=findings)
    coding_section = next(s for s in report.sections if s.heading == "Bijlage: Wat de codeboeken vinden")
    assert [s.heading for s in coding_section.subsections][:2] == ["Codeboek: Onderstroom", "Codeboek: Leercultuur"]
    coded_quotes = [b for s in _walk([coding_section]) for b in s.blocks if isinstance(b, Quote)]
    assert len(coded_quotes) >= 15 and all(q.speaker for q in coded_quotes)
    # every coded quote says who coded it: a researcher (never by name), or the rules with a confidence
    # at or above the report's threshold
    for q in coded_quotes:
        by_rules = re.search(r"regels, zekerheid (\d),(\d\d)", q.source)
        assert by_rules or "gecodeerd door een onderzoeker" in q.source, q.source
        assert not by_rules or float(f"{by_rules[1]}.{by_rules[2]}") >= 0.8
        assert "marloes" not in q.source.lower()
    quotes = [b for s in _walk(report.sections) for b in s.blocks if isinstance(b, Quote)]
    assert len(quotes) >= 50
    titles = dict(zip(corpus.documents["title"], corpus.documents["doc_id"]))
    for q in quotes:
        title, start, end = re.match(r"(?:[^·]+ · )?(.+?), tekens (\d+)–(\d+)", q.source).groups()
        original = " ".join(corpus.span(titles[title], int(start), int(end)).split())
        assert original.startswith(q.text.removesuffix(" …")), q.source


def test_english_report(tmp_path):
    _, written = run_pipeline(DEMO, tmp_path / "en", lang="en", store_path=tmp_path / "s.sqlite")
    text = docx_text(written["docx"])
    assert "Case report Kampman Metaal" in text and "Summary" in text and "How people learn here" in text
    assert "Deelnemers" not in text and "Samenvatting" not in text and "Gedeelde opvatting" not in text


def test_real_names_never_reach_the_report(case_factory, tmp_path):
    case = case_factory(
        {"jan.txt": "I: Hoe heet je?\nR: Ik ben Jan van der Berg, zeg maar Jan.\nI: En je collega?\n"
                    "R: Anna Smit. Die zegt: Berg, doe normaal.\n"},
        "participant_id,pseudonym,role,file,name\nP1,Ben Oude Nijhuis,lasser,jan.txt,Jan van der Berg\n"
        "P2,Ria Scholten,P&O,,Anna Smit\n")
    _, written = run_pipeline(case, tmp_path / "out")
    for path in (written["docx"], written["html"]):
        text = docx_text(path) if path.suffix == ".docx" else path.read_text(encoding="utf-8")
        for real in ("Jan", "Berg", "Anna", "Smit"):
            assert not re.search(rf"\b{real}\b", text), (path.name, real)
        assert "SHA-256 Ben" in text  # the file jan.txt is listed under its pseudonym in the stamp


def test_intake_report_is_short_findings_first_and_privacy_safe(demo_report, tmp_path):
    _, written = run_pipeline(DEMO, tmp_path / "intake", kind="intake", store_path=demo_report[2] / "store.sqlite")
    assert written["docx"].name == "intake.docx"
    text = docx_text(written["docx"])
    assert text.startswith("Intakeverslag Kampman Metaal") and "Samenvatting" in text
    for absent in ("Bijlage", "Methode en betrouwbaarheid", "Deelnemers", "tekens "):
        assert absent not in text, absent
    corpus = uc.load_corpus(DEMO, store_path=demo_report[2] / "store.sqlite")
    # no file names or participant ids under quotes; a role held by one person is given in general terms
    for title in corpus.documents["title"]:
        assert title not in text
    assert not re.search(r"\bP\d\d\b", text)
    roles = corpus.participants["role"].value_counts()
    for role in roles[roles == 1].index:
        assert not re.search(rf"\({re.escape(role)}\)|^{re.escape(role)}, fragment", text, re.M), role
    assert "medewerker werkvloer" in text or "leidinggevende" in text
    # the strongest findings only, two quotes a side: far shorter than the case report
    # (the page count itself is checked by rendering: README)
    assert len(text) < 0.6 * len(docx_text(demo_report[1]["docx"]))


def test_the_scan_stands_right_after_the_summary_with_its_signal(demo_report):
    text = docx_text(demo_report[1]["docx"])
    summary, scan, values = (text.index(h) for h in ("Samenvatting", "De leercultuurscan naast de onderstroom",
                                                      "Impliciete waarden"))
    assert summary < scan < values
    signals = text[text.index("Waar scan en onderstroom uiteenlopen"):text.index("Advies per bouwsteen")]
    assert "Ruimte en veiligheid om te ontwikkelen: de scan scoort hoog" in signals and "mensen" in signals
    assert "Neem de hoge score niet voor waar aan" in text
    assert (demo_report[1]["docx"].parent / "figures" / "scan_profile_kampman_metaal.png").exists()


def test_a_case_without_scan_says_so_in_one_line(case_factory, tmp_path):
    case = case_factory({"a.txt": "I: Hoe leer je?\nR: Door te kijken hoe Jan het doet.\n"},
                        "participant_id,pseudonym,role,file\nP1,Ben,lasser,a.txt\n")
    _, written = run_pipeline(case, tmp_path / "out", kind="intake")
    assert "geen scanscores aangeleverd" in docx_text(written["docx"])


def test_a_scan_of_too_few_respondents_shows_no_figure_of_them(case_factory, tmp_path):
    import numpy as np

    from test_scan import SMALL

    case = case_factory({"a.txt": "I: Hoe leer je?\nR: Door te kijken hoe Jan het doet.\n"},
                        "participant_id,pseudonym,role,file\nP1,Ben,lasser,a.txt\n")
    (case / "scan").mkdir()
    (case / "scan" / "instrument.yaml").write_text(SMALL, encoding="utf-8")
    rng = np.random.default_rng(2)
    rows = lambda org, n: [f"{org}{k},{org}," + ",".join(str(int(v)) for v in rng.integers(1, 6, 5)) for k in range(n)]
    header = "respondent_id,org_id,Q1,Q2,Q3,Q4,Q5"
    (case / "scan" / "responses.csv").write_text("\n".join([header] + rows("Eigen", 3)) + "\n", encoding="utf-8")
    (case / "scan" / "benchmark.csv").write_text("\n".join([header] + rows("B1", 8) + rows("B2", 9)) + "\n",
                                                 encoding="utf-8")
    _, written = run_pipeline(case, tmp_path / "out", kind="intake")
    text = docx_text(written["docx"])
    assert "De leercultuurscan naast de onderstroom" in text and "staan hier geen scores" in text
    assert "Scan en onderstroom per bouwsteen" not in text and "Advies per bouwsteen" not in text
    html = written["html"].read_text(encoding="utf-8")
    assert "Blok A (" not in html  # no block score of the three


def test_a_project_of_several_cases_sets_each_scan_beside_its_own_case(case_factory, tmp_path):
    import shutil

    import numpy as np

    from test_scan import SMALL

    root = tmp_path / "project"
    rng = np.random.default_rng(4)
    header = "respondent_id,org_id,Q1,Q2,Q3,Q4,Q5"
    for name in ("Alfa", "Beta"):
        case = case_factory({"a.txt": "I: Hoe leer je?\nR: Door te kijken hoe Jan het doet.\n"},
                            "participant_id,pseudonym,role,file\nP1,Ben,lasser,a.txt\n")
        (case / "case.toml").write_text(f'name = "{name}"\nlanguage = "nl"\n', encoding="utf-8")
        (case / "scan").mkdir()
        (case / "scan" / "instrument.yaml").write_text(SMALL, encoding="utf-8")
        rows = [f"{name}{k},{name}," + ",".join(str(int(v)) for v in rng.integers(1, 6, 5)) for k in range(8)]
        (case / "scan" / "responses.csv").write_text("\n".join([header] + rows) + "\n", encoding="utf-8")
        shutil.copytree(case, root / name)
    _, written = run_pipeline(root, tmp_path / "out", kind="intake")
    text = docx_text(written["docx"])
    assert "De leercultuurscan naast de onderstroom: Alfa" in text and "onderstroom: Beta" in text
    assert text.count("Scan en onderstroom per bouwsteen") == 2 and text.count("Advies per bouwsteen") == 2


def test_the_case_report_gives_the_scan_reliability(demo_report):
    text = docx_text(demo_report[1]["docx"])
    part = text[text.index("Betrouwbaarheid van de scan"):]
    assert "ICC(1)" in part and "α" in part and "ω" in part
