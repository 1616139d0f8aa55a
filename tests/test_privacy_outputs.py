"""Privacy and safe spreadsheets in every output.

One case (a copy of the demo in which the demo's names are the participants' *real* names, in
participants.csv's `naam` column, in the transcripts, in file names and glued into one) is run
once through every command that writes a file; then every output is read back (docx and xlsx
unzipped, their XML read; csv, html and svg as text): no real name may appear, and a text that
begins like a formula is data in every xlsx and escaped in every csv.
"""
import csv
import html
import io
import re
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from undercurrent.cli import main
from undercurrent.corpus.pseudonymise import Pseudonymiser, pseudonymise_frame
from undercurrent.spreadsheet import (FORMULA_START, escape_csv_cell, looks_like_formula, sheet_name,
                                      unescape_csv_cell, write_csv, write_xlsx)

from conftest import DEMO

# participant -> (real name, new pseudonym); the demo's own pseudonyms play the real names (Henk
# Kampman is Hendrik here: a shipped codebook's example sentence has a "Henk" in it)
PEOPLE = {
    "P01": ("Bernard Oude Nijhuis", "Pieter Aalbers"), "P02": ("Ria Scholten", "Lotte Vermeer"),
    "P03": ("Hendrik Kampman", "Frank Dijkhuis"), "P04": ("Jeroen Wessels", "Erik Bosman"),
    "P05": ("Sandra Mulder", "Ilse de Wit"), "P06": ("Daan Oude Nijhuis", "Luuk Verbeek"),
    "P07": ("Kevin Smit", "Roy Hermsen"), "P08": ("Tim Brinkhuis", "Bas Molenaar"),
    "P09": ("Gerrit Lansink", "Wout Ensink"), "P10": ("Marco Hofman", "Stijn Koster"),
}
# file names that carry a real name: in full with separators, and glued together
RENAMED = {"01_ben_levensverhaal.txt": "01_bernard_oude_nijhuis_levensverhaal.txt",
           "03_henk_directie.vtt": "03_HendrikKampman_directie.vtt",
           "05_sandra_planning_otter.txt": "05_sandra-mulder_planning_otter.txt"}
LINK = '=HYPERLINK("http://example.invalid/x";"klik hier")'
PHONE = "+31 6 12345678"
SUM = "@SUM(A1:A9)"
QUOTES = [f"{LINK} stond er ineens op de tablet, vertelde Sandra Mulder.",
          f"{PHONE}, dat is het nummer van Hendrik Kampman, voor als de laser stilstaat.",
          f"{SUM} zegt me niks, zei Daan Oude Nijhuis, ik werk met mijn handen."]
MEMO = f'{SUM} en =HYPERLINK("http://example.invalid/memo")'
PARTICLES = {"oude", "van", "de", "der", "den"}
FORMULA_CODEBOOK = """\
codebook: formules
version: "0.1"
title: {nl: Formules, en: Formulas}
codes:
  - id: link
    label: {nl: '=HYPERLINK("http://example.invalid/cb";"klik")', en: '=HYPERLINK("x")'}
    definition: {nl: '+31 6 12345678 is een nummer'}
    include: {nl: '@SUM(A1:A9)'}
    exclude: {nl: '-2 punten'}
    indicators:
      nl: {phrases: ["klik hier"]}
"""


def build_case(root: Path) -> Path:
    """The demo, with the names above as real names in participants.csv, transcripts, file names."""
    shutil.copytree(DEMO, root, ignore=shutil.ignore_patterns(".undercurrent", "_drafts"))
    participants = pd.read_csv(root / "participants.csv", dtype=str)
    participants["naam"] = participants["participant_id"].map(lambda p: PEOPLE[p][0])
    participants["pseudonym"] = participants["participant_id"].map(lambda p: PEOPLE[p][1])
    participants["file"] = participants["file"].map(lambda f: RENAMED.get(f, f))
    participants.to_csv(root / "participants.csv", index=False)
    for old, new in RENAMED.items():
        (root / "transcripts" / old).rename(root / "transcripts" / new)
    first = root / "transcripts" / RENAMED["01_ben_levensverhaal.txt"]
    first.write_text(first.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + "".join(
        f"I: En verder?\n\nR: {quote}\n\n" for quote in QUOTES), encoding="utf-8")
    (root / "documents" / "notities_sandra_mulder.txt").write_text(
        "Notities overleg planning\n\nSandra Mulder en Henk Kampman spraken af dat Jeroen Wessels de "
        "nieuwe werkbonnen uitlegt. Fouten maken mag, zei Henk Kampman.\n", encoding="utf-8")
    codings = (root / "codings" / "marloes.csv").read_text(encoding="utf-8")
    codings = codings.replace("demo/01_ben_levensverhaal", "demo/01_bernard_oude_nijhuis_levensverhaal")
    rows = io.StringIO()
    writer = csv.writer(rows, lineterminator="\n")
    for quote, memo in zip(QUOTES, (MEMO, "-1 voor de planning", "")):
        writer.writerow(["demo/01_bernard_oude_nijhuis_levensverhaal", "", "", quote, "onderstroom/waarden",
                         "marloes", memo])
    (root / "codings" / "marloes.csv").write_text(codings.rstrip("\n") + "\n" + rows.getvalue(), encoding="utf-8")
    return root


def real_name_patterns() -> dict[str, re.Pattern]:
    """Every real name, in full and its first and last name, as a whole word (case ignored; any
    separator between its words; next to digits or "_" as in file names), and glued together."""
    found = {}
    for real, _ in PEOPLE.values():
        words = real.split()
        forms = {real, words[0], words[-1], " ".join(w for w in words[1:])}
        for form in forms:
            if form.lower() in PARTICLES:
                continue
            body = r"[\s_.\-]*".join(re.escape(w) for w in form.split())
            found[form] = re.compile(rf"(?<![^\W\d_]){body}(?![^\W\d_])", re.IGNORECASE)
        found[real + " (glued)"] = re.compile("".join(re.escape(w) for w in words), re.IGNORECASE)
    return found


def output_texts(folder: Path) -> dict[str, str]:
    """{file (and archive member): its text} for every output under ``folder``."""
    texts = {}
    for path in sorted(folder.rglob("*")):
        if path.is_dir() or path.suffix == ".png":  # a PNG figure is checked through its SVG twin
            continue
        if path.suffix in (".docx", ".xlsx", ".qdpx"):
            with zipfile.ZipFile(path) as zf:
                for member in zf.namelist():
                    texts[f"{path.relative_to(folder)}:{member} (name)"] = member
                    if member.endswith((".xml", ".rels", ".qde", ".txt")):
                        texts[f"{path.relative_to(folder)}:{member}"] = zf.read(member).decode("utf-8")
        else:  # an HTML report's images are base64 data, where any letters can turn up
            texts[str(path.relative_to(folder))] = re.sub(r"data:image/\w+;base64,[\w+/=]+", "data:",
                                                          path.read_text(encoding="utf-8"))
    return texts


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    from undercurrent.coding.codebook import SHIPPED_DIR, load_codebook

    base = tmp_path_factory.mktemp("privacy")
    case = build_case(base / "case")
    out, store = base / "out", str(base / "store.sqlite")
    (base / "formules.yaml").write_text(FORMULA_CODEBOOK, encoding="utf-8")
    assert main(["ingest", str(case), "--store", store, "--quiet"]) == 0

    def old_titles():
        """A store from before titles were pseudonymised at ingest: every title the file's stem
        (a command that ingests titles them again; one that only reads the store shows these)."""
        with sqlite3.connect(store) as con:
            for doc_id, source in con.execute("SELECT doc_id, source_path FROM documents").fetchall():
                con.execute("UPDATE documents SET title=? WHERE doc_id=?", (Path(source).stem, doc_id))
        con.close()

    auto = load_codebook(SHIPPED_DIR / "onderstroom.yaml").coder
    commands = {
        "run": ["run", case, "--out", out / "report", "--store", store, "--quiet"],
        "intake": ["run", case, "--out", out / "intake", "--kind", "intake", "--store", store, "--quiet"],
        "export": ["code", case, "--store", store, "--no-auto", "--export", out / "codings.csv", "--quiet"],
        "suggest": ["code", case, "--store", store, "--no-auto", "--learn-from", "marloes", "--suggest", "40",
                    "--out", out / "suggestions.csv", "--quiet"],
        "agreement": ["agreement", case, "--store", store, "--coders", "marloes", auto, "--out", out / "agreement.xlsx"],
        "topics": ["topics", case, "--store", store, "--out", out / "topics.xlsx"],
        "timeline": ["timeline", case, "--store", store, "--out", out / "timeline.xlsx", "--figures", out / "figures"],
        "scan": ["scan", case, "--out", out / "scan.xlsx"],
        "codebook": ["codebook", base / "formules.yaml", "--xlsx", out / "codebook.xlsx", "--docx", out / "codebook.docx",
                     "--qdc", out / "codebook.qdc"],
        "export-refi": ["export-refi", case, "--store", store, "--out", out / "case.qdpx"],
        # what a REFI-QDA project brings back is written out again: a case folder and a summary
        "import-refi": ["import-refi", out / "case.qdpx", out / "reimported", "--store", base / "reimported.sqlite",
                        "--summary", out / "import_summary.csv"],
    }
    status = {}
    for name, args in commands.items():
        old_titles()
        status[name] = main([str(a) for a in args])
    return case, out, status


def test_every_command_that_writes_a_file_ran(outputs):
    _, out, status = outputs
    assert status == dict.fromkeys(status, 0), status
    for name in ("report/report.docx", "report/report.html", "intake/intake.docx", "intake/intake.html",
                 "codings.csv", "suggestions.csv", "agreement.xlsx", "topics.xlsx", "timeline.xlsx", "scan.xlsx",
                 "codebook.xlsx", "codebook.docx", "codebook.qdc", "case.qdpx", "import_summary.csv"):
        assert (out / name).exists(), name
    assert list((out / "report" / "figures").glob("*.svg")) and list((out / "figures").glob("*.svg"))


def test_the_fixture_runs_every_command_that_writes_a_file():
    """A new command (or option) that writes files must join the fixture above. (``topics --save``
    pickles the fitted model, corpus text and all, for later use in Python: working data like the
    store itself, not an output to share, so it is not run there.)"""
    from undercurrent.cli import build_parser

    writers = {}
    for name, sub in build_parser()._subparsers._group_actions[0].choices.items():
        options = {o for action in sub._actions for o in action.option_strings}
        writers[name] = options & {"--out", "--export", "--xlsx", "--docx", "--qdc", "--figures", "--save", "--summary"}
    covered = {"run": {"--out"}, "code": {"--out", "--export"}, "agreement": {"--out"}, "topics": {"--out", "--save"},
               "timeline": {"--out", "--figures"}, "scan": {"--out"}, "codebook": {"--xlsx", "--docx", "--qdc"},
               "export-refi": {"--out"}, "import-refi": {"--summary"}}
    assert {k: v for k, v in writers.items() if v} == covered


def test_no_real_name_in_any_output(outputs):
    _, out, _ = outputs
    texts = output_texts(out)
    assert len(texts) > 40  # reports, their figures, spreadsheets and their sheets
    leaks = [(where, name, text[max(m.start() - 40, 0):m.end() + 40])
             for where, text in texts.items() for name, pattern in real_name_patterns().items()
             for m in [pattern.search(text)] if m]
    assert not leaks, leaks[:10]
    for path in out.rglob("*"):  # nor in the names of the files themselves
        assert not any(p.search(path.name) for p in real_name_patterns().values()), path


def test_the_pseudonyms_stand_where_the_names_were(outputs):
    _, out, _ = outputs
    import docx

    report = "\n".join(p.text for p in docx.Document(out / "report" / "report.docx").paragraphs)
    # a document's title is its participant's pseudonym, never the file name that held the real name
    assert re.search(r"(?m)^Pieter Aalbers[^·\n]*, tekens \d+–\d+", report)
    assert re.search(r"(?m)^Frank Dijkhuis[^·\n]*, tekens \d+–\d+", report)
    codings = pd.read_csv(out / "codings.csv", dtype=str, keep_default_na=False)
    assert any(d.startswith("demo/Pieter Aalbers") for d in codings["document"])
    quotes = set(codings["quote"])
    assert "'" + QUOTES[0].replace("Sandra Mulder", "Ilse de Wit") in quotes
    assert "'" + QUOTES[1].replace("Hendrik Kampman", "Frank Dijkhuis") in quotes
    timeline = pd.read_excel(out / "timeline.xlsx", sheet_name=None)
    assert not timeline["events"].empty


def _sheet_cells(path: Path):
    """(sheet, cell reference, type, inline text or value, has a formula) of every cell of an xlsx."""
    with zipfile.ZipFile(path) as zf:
        for member in zf.namelist():
            if member.startswith("xl/worksheets/") and member.endswith(".xml"):
                xml = zf.read(member).decode("utf-8")
                for m in re.finditer(r'<c r="([A-Z]+\d+)"(?: s="\d+")?(?: t="(\w+)")?(?: s="\d+")?>(.*?)</c>', xml, re.S):
                    body = m.group(3)
                    text = re.sub(r"<[^>]+>", "", body)
                    yield member, m.group(1), m.group(2) or "n", text, "<f" in body


def test_formula_like_texts_are_data_in_every_xlsx(outputs):
    _, out, _ = outputs
    books = sorted(out.rglob("*.xlsx"))
    assert len(books) == 5
    for book in books:
        xml = "".join(zipfile.ZipFile(book).read(m).decode() for m in zipfile.ZipFile(book).namelist()
                      if m.startswith("xl/worksheets/"))
        assert "<f>" not in xml and "<f " not in xml and 't="str"' not in xml, book.name
        for _, ref, kind, text, formula in _sheet_cells(book):
            assert not formula, (book.name, ref)
            if kind != "n" and looks_like_formula(html.unescape(text)):
                assert kind in ("inlineStr", "s"), (book.name, ref, kind, text)
    texts = {book.name: html.unescape(" ".join(c[3] for c in _sheet_cells(book) if c[2] == "inlineStr"))
             for book in books}
    for name in ("topics.xlsx", "agreement.xlsx"):  # the injected turns are units and disagreements
        assert LINK in texts[name] and PHONE in texts[name], name
    assert SUM in texts["topics.xlsx"]
    assert '=HYPERLINK("http://example.invalid/cb";"klik")' in texts["codebook.xlsx"]
    assert "@SUM(A1:A9)" in texts["codebook.xlsx"] and "+31 6 12345678" in texts["codebook.xlsx"]
    # negative numbers stored as numbers stay numbers (only texts are escaped)
    negatives = [c for c in _sheet_cells(out / "scan.xlsx") if c[2] == "n" and c[3].startswith("-")]
    assert negatives and all(float(c[3]) < 0 for c in negatives)


def test_formula_like_texts_are_escaped_in_every_csv(outputs):
    _, out, _ = outputs
    files = sorted(out.rglob("*.csv"))
    assert {"codings.csv", "suggestions.csv", "import_summary.csv"} <= {f.name for f in files}
    for path in files:
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.reader(fh):
                for cell in row:
                    assert not looks_like_formula(cell), (path.name, cell)
    codings = pd.read_csv(out / "codings.csv", dtype=str, keep_default_na=False)
    assert "'" + MEMO in set(codings["memo"]) and "'-1 voor de planning" in set(codings["memo"])
    assert any(q.startswith("'" + SUM) for q in codings["quote"])
    assert codings["start"].str.fullmatch(r"\d+").all()  # numbers stay numbers


# --- the shared helpers, on their own ------------------------------------------------------

@pytest.mark.parametrize("text", ["=1+1", "+31 6 12345678", "-2", "@SUM(A1)", "\t=1", "\r=1", "  =cmd|' /C calc'!A0",
                                  '=HYPERLINK("http://x";"y")'])
def test_formula_like_texts_are_escaped_and_read_back(text, tmp_path):
    assert looks_like_formula(text) and escape_csv_cell(text) == "'" + text
    assert unescape_csv_cell(escape_csv_cell(text)) == text
    path = write_csv(pd.DataFrame({"quote": [text], "n": [-3]}), tmp_path / "x.csv")
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[1] == ["'" + text, "-3"]
    write_xlsx(tmp_path / "x.xlsx", {"s": pd.DataFrame({"quote": [text], "n": [-3]})})
    cells = list(_sheet_cells(tmp_path / "x.xlsx"))
    assert ("inlineStr", text) == (cells[2][2], html.unescape(cells[2][3]))
    assert cells[3][2] == "n" and cells[3][3] == "-3" and not any(c[4] for c in cells)


@pytest.mark.parametrize("text", ["gewoon tekst", "'al een apostrof", "a=b", "3-2", "", "Jan - Piet"])
def test_ordinary_texts_stay_as_they_are(text):
    assert not looks_like_formula(text)
    assert escape_csv_cell(text) == text and unescape_csv_cell(text) == text


def test_numbers_are_never_escaped_and_structures_become_text(tmp_path):
    frame = pd.DataFrame({"x": [-1.5, 2.0], "k": [-7, 3], "codes": [["=a", "b"], []], "when": pd.to_datetime(
        ["2026-09-14 10:00", "2026-09-15 11:00"]).tz_localize("Europe/Amsterdam")})
    rows = list(csv.reader(open(write_csv(frame, tmp_path / "n.csv"), encoding="utf-8", newline="")))
    assert rows[1][:3] == ["-1.5", "-7", "'=a, b"] and rows[1][3].startswith("2026-09-14 10:00")
    write_xlsx(tmp_path / "n.xlsx", {"a/b:c?": frame, "a_b_c_": frame})
    import openpyxl

    book = openpyxl.load_workbook(tmp_path / "n.xlsx")
    assert book.sheetnames == ["a_b_c_", "a_b_c__2"]
    sheet = book["a_b_c_"]
    assert sheet["A2"].value == -1.5 and sheet["B2"].value == -7 and sheet["C2"].value == "=a, b"
    assert sheet["C2"].data_type == "s" and sheet["D1"].value == "when (UTC)" and sheet["D2"].value.hour == 8


def test_sheet_names_are_valid_and_unique():
    assert sheet_name("x" * 40) == "x" * 31
    assert sheet_name("a", ["A"]) == "a_2" and sheet_name("[]:*?/\\") == "_______"
    assert set(FORMULA_START) == {"=", "+", "-", "@", "\t", "\r"}


def test_control_characters_do_not_break_an_xlsx(tmp_path):
    write_xlsx(tmp_path / "c.xlsx", {"s": pd.DataFrame({"t": ["a\x0bb", "=x\x01"]})})
    import openpyxl

    sheet = openpyxl.load_workbook(tmp_path / "c.xlsx")["s"]
    assert sheet["A2"].value == "a\ufffdb" and sheet["A3"].value == "=x\ufffd" and sheet["A3"].data_type == "s"


# --- the pseudonymiser on titles and file names ---------------------------------------------

def _pseudonymiser():
    return Pseudonymiser.from_identities({"c:P1": ["Jan van der Berg"], "c:P2": ["Anna Smit"]},
                                         {"c:P1": "Ben Oude Nijhuis", "c:P2": "Ria Scholten"})


@pytest.mark.parametrize("text, expected", [
    ("Ik ben Jan van der Berg, zeg maar Jan.", "Ik ben Ben Oude Nijhuis, zeg maar Ben."),
    ("jan_van_der_berg_interview", "Ben Oude Nijhuis_interview"),
    ("03_jan_interview", "03_Ben_interview"),
    ("Anna\nSmit zei het al", "Ria Scholten zei het al"),
    ("anna-smit", "Ria Scholten"),
    ("januari en Bergen", "januari en Bergen"),  # never inside a longer word
])
def test_names_are_found_in_text_and_file_names(text, expected):
    assert _pseudonymiser()(text) == expected


def test_a_name_glued_into_a_title_is_seen():
    p = _pseudonymiser()
    assert p.reveals("JanVanDerBerg.docx") and p.reveals("interview_annasmit") and not p.reveals("opleidingsbeleid")


def test_titles_that_reveal_a_name_become_the_pseudonym():
    docs = pd.DataFrame({
        "doc_id": ["c/03_jan_interview", "c/JanVanDerBerg_2", "c/notulen_smit", "c/beleid", "c/AnnaSmit"],
        "case_id": "c", "participant_id": ["P1", "P1", None, None, "P2"],
        "title": ["03_jan_interview", "JanVanDerBerg_2", "notulen_smit", "beleid", "AnnaSmit"],
        "source_path": ["transcripts/03_jan_interview.txt", "transcripts/JanVanDerBerg_2.docx",
                        "documents/notulen_smit.txt", "documents/beleid.txt", "transcripts/AnnaSmit.vtt"],
        "kind": ["interview", "interview", "document", "document", "interview"]})
    people = pd.DataFrame({"case_id": "c", "participant_id": ["P1", "P2"],
                           "pseudonym": ["Ben Oude Nijhuis", "Ria Scholten"]})
    p = _pseudonymiser().with_documents(docs, people)
    assert p("03_jan_interview, tekens 1–5") == "Ben Oude Nijhuis, tekens 1–5"
    assert p("JanVanDerBerg_2") == "Ben Oude Nijhuis (2)"  # one person's second document
    assert p("c/03_jan_interview#t4") == "c/Ben Oude Nijhuis#t4"  # document and segment ids
    assert p("/data/case/transcripts/AnnaSmit.vtt: no speaker labels") == "/data/case/transcripts/Ria Scholten.vtt: no speaker labels"
    assert p("notulen_smit") == "notulen_Scholten"  # no participant: the names in it replaced
    assert p("beleid") == "beleid"  # a title that reveals nothing stays
    assert p.documents["c/Ben Oude Nijhuis (2)"] == "c/JanVanDerBerg_2"  # to read an export back
    frame = pseudonymise_frame(pd.DataFrame({"doc_id": ["c/AnnaSmit"], "n": [-1], "Jan": [["Anna", 2]]}), p)
    assert frame.to_dict("records") == [{"doc_id": "c/Ria Scholten", "n": -1, "Ben": ["Ria", 2]}]


def test_without_real_names_nothing_changes():
    p = Pseudonymiser.from_identities({"c:P1": []}, {"c:P1": "Ben"})
    docs = pd.DataFrame({"doc_id": ["c/01_ben"], "case_id": "c", "participant_id": ["P1"], "title": ["01_ben"],
                         "source_path": ["transcripts/01_ben.txt"], "kind": ["interview"]})
    assert not p and p.with_documents(docs, None)("01_ben, Jan") == "01_ben, Jan"


# --- reports and figures: the last line of defence ------------------------------------------

def test_a_figure_shows_no_real_name_even_in_labels_drawn_later(tmp_path):
    from matplotlib.figure import Figure

    from undercurrent.report.figures import pseudonymise_figure, save_figure

    fig = Figure()
    ax = fig.subplots()
    ax.barh(["Jan van der Berg", "smit", "robot"], [3, -2, 1])  # category labels: made at every draw
    ax.set_title("Wat Anna Smit zei")
    ax.annotate("jan", (1, 1))
    pseudonymise_figure(pseudonymise_figure(fig, _pseudonymiser()), _pseudonymiser())  # twice: no harm
    svg = save_figure(fig, tmp_path / "f")[1].read_text(encoding="utf-8")
    for real in ("Jan", "Berg", "Anna", "Smit"):
        assert not re.search(rf"(?i)\b{real}\b", svg), real
    assert "Ben Oude Nijhuis" in svg and "Ria Scholten" in svg and "robot" in svg and "−2" in svg


def test_every_text_of_a_report_is_pseudonymised(tmp_path):
    from matplotlib.figure import Figure as MplFigure

    from undercurrent.report import Figure, Paragraph, Quote, Report, Section, Table, write_report
    from undercurrent.report.content import pseudonymise_report

    fig = MplFigure()
    fig.subplots().set_title("Jan")
    report = Report("Casus Smit", "Anna", "nl", [Section("Over Jan", [
        Paragraph("Jan van der Berg vertelt."), Table(pd.DataFrame({"Jan": ["Anna Smit", None], "n": [-1, 2]}),
                                                      "bij Smit", {"Jan": "int"}),
        Quote("zei Anna", "Anna", "jan.txt, tekens 1–5"), Figure("scan_profile_smit", fig, "Anna")])])
    pseudonymise_report(report, _pseudonymiser())
    written = write_report(report, tmp_path)
    texts = output_texts(tmp_path)
    assert written["figure:scan_profile_Scholten"].exists()
    for where, text in texts.items():
        for real in ("Jan", "Berg", "Anna", "Smit"):
            assert not re.search(rf"(?<![^\W\d_]){real}(?![^\W\d_])", text), (where, real)
    table = report.sections[0].blocks[1]
    assert list(table.frame.columns) == ["Ben", "n"] and table.formats == {"Ben": "int"}
    assert table.frame["n"].tolist() == [-1, 2]
