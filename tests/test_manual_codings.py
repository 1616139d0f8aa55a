"""Human codings: CSV import with quotes, Word comments, memos, and codings after a source changes."""
import io

import docx
import pandas as pd
import pytest

from undercurrent import Project
from undercurrent.coding.manual import QuoteNotFound, locate_quote

from conftest import REPO

MINI = REPO / "tests" / "data" / "mini_codebook.yaml"
TEXT = ("I: Hoe leer je hier?\nR: Met de hand, dat is vakwerk.\nDat leer je van Ben.\n"
        "I: En fouten?\nR: Fouten maken mag hier niet. Dat is vakwerk.\n")
TOML = f'name = "T"\ncodebooks = ["{MINI}"]\n'


def test_locate_quote_exact_loose_ambiguous_missing():
    text = "Met de hand,\r\n dat is  vakwerk. Dat is vakwerk."
    assert locate_quote(text, "Met de hand, dat is vakwerk") == (0, 30)  # line break and spaces differ
    with pytest.raises(QuoteNotFound, match="occurs 2 times"):
        locate_quote(text, "vakwerk")
    second = text.rindex("vakwerk")
    assert locate_quote(text, "vakwerk", near=second) == (second, second + 7)
    with pytest.raises(QuoteNotFound, match="not in the document"):
        locate_quote(text, "met de voet")


def test_csv_import_locates_quotes_and_reports_problems_by_line(case_factory, tmp_path):
    case = case_factory({"ben.txt": TEXT}, "participant_id,pseudonym,file\nP1,Ben,ben.txt\n", case_toml=TOML)
    csv_path = tmp_path / "codings.csv"
    csv_path.write_text(
        "document,start,end,quote,code,coder,memo\n"
        "ben,,,met de hand,mini/handwerk,anna,mooi voorbeeld\n"          # 2: found (case differs? no: exact)
        "ben.txt,,,\"Met de hand, dat is vakwerk.\",Handwerk als vakmanschap,anna,\n"  # 3: by label and file name
        "ben,,,vakwerk,handwerk,anna,\n"                                # 4: ambiguous
        "ben,,,met de voet,handwerk,anna,\n"                            # 5: not found
        "nergens,,,x,handwerk,anna,\n"                                  # 6: unknown document
        "ben,0,5,,onbekend,anna,\n"                                     # 7: unknown code
        "ben,10,3,,handwerk,anna,\n"                                    # 8: bad offsets
        "case0/ben,24,28,,ruimte_steunt,,\n",                           # 9: offsets, default coder
        encoding="utf-8")
    with Project(case) as project:
        project.ingest()
        result = project.import_codings(csv_path, coder="bert")
        again = project.import_codings(csv_path, coder="bert")  # importing twice adds nothing
        corpus = project.corpus()
    problems = {p.line: p.message for p in result.problems}
    assert set(problems) == {2, 4, 5, 6, 7, 8}
    assert "not in the document" in problems[2]  # quotes are matched exactly (apart from whitespace)
    assert "occurs 2 times" in problems[4] and "not in the document" in problems[5]
    assert "document 'nergens'" in problems[6] and "unknown code 'onbekend'" in problems[7]
    assert "outside the document" in problems[8]
    manual = corpus.codings[corpus.codings["origin"] == "manual"].sort_values("start")
    assert len(manual) == 2 and len(again.codings) == 2
    assert manual["coder"].tolist() == ["anna", "bert"]
    for row in manual.itertuples():
        assert corpus.text(row.doc_id)[row.start:row.end] == row.quote
    assert manual["quote"].tolist()[0] == "Met de hand, dat is vakwerk."


def test_csv_export_round_trip(case_factory, tmp_path):
    case = case_factory({"ben.txt": TEXT}, None, case_toml=TOML)
    with Project(case) as project:
        project.ingest()
        project.autocode()
        path = project.export_codings(tmp_path / "out.csv")
        exported = pd.read_csv(path)
        texts = project.corpus().documents.set_index("doc_id")["text"]
    assert {"document", "start", "end", "quote", "code", "coder", "memo"} <= set(exported.columns)
    for row in exported.itertuples():
        assert texts[row.document][row.start:row.end] == row.quote


def word_with_comments() -> bytes:
    d = docx.Document()
    for label, text in (("I:", " Hoe leer je?"), ("R:", " Met de hand, "), ("I:", " En?"), ("R:", " Niks.")):
        p = d.add_paragraph()
        p.add_run(label).bold = True
        run = p.add_run(text)
        if text == " Met de hand, ":
            extra = p.add_run("dat is vakwerk.")
            d.add_comment([run, extra], text="handwerk", author="Coach Jeltje")
        if text == " Niks.":
            d.add_comment([run], text="Stilte na de vraag\nlet op", author="Coach Jeltje")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_word_comments_become_codings_of_the_commented_text(case_factory):
    case = case_factory({"gesprek.docx": word_with_comments()}, None, case_toml=TOML)
    with Project(case) as project:
        project.ingest()
        project.ingest()  # unchanged: nothing doubles
        corpus = project.corpus()
    imported = corpus.codings[corpus.codings["origin"] == "imported"].sort_values("start")
    assert imported["code_id"].tolist() == ["mini/handwerk", "word/stilte_na_de_vraag"]
    assert set(imported["coder"]) == {"word:Coach Jeltje"}
    text = corpus.text("case0/gesprek")
    assert [text[s:e] for s, e in zip(imported["start"], imported["end"])] == ["Met de hand, dat is vakwerk.", "Niks."]
    assert imported["memo"].tolist()[1] == "Stilte na de vraag\nlet op"
    assert "word/stilte_na_de_vraag" in set(corpus.codes["code_id"])


def test_human_codings_survive_a_changed_source(case_factory):
    case = case_factory({"ben.txt": TEXT}, None, case_toml=TOML)
    with Project(case) as project:
        project.ingest()
        project.autocode()
        start = TEXT.index("Dat leer je van Ben.")
        project.add_codings(pd.DataFrame([
            dict(coding_id="keep", doc_id="case0/ben", start=start, end=start + 20, code_id="mini/waarden",
                 coder="anna", origin="manual", quote="Dat leer je van Ben."),
            dict(coding_id="lost", doc_id="case0/ben", start=3, end=20, code_id="mini/tijd", coder="anna",
                 origin="manual", quote=TEXT[3:20])]))
        (case / "transcripts" / "ben.txt").write_text("Interview 1\n\n" + TEXT.replace("Hoe leer je hier?", "Vertel!"),
                                                      encoding="utf-8")
        report = project.ingest()
        corpus = project.corpus()
    codings = corpus.codings.set_index("coding_id")
    assert set(corpus.codings["origin"]) == {"manual"}  # auto codings of the old text are gone
    moved = codings.loc["keep"]
    assert corpus.text("case0/ben")[moved.start:moved.end] == "Dat leer je van Ben."
    assert "lost" in codings.index  # never deleted ...
    assert any("coding lost" in str(p) and "no longer matches" in str(p) for p in report.problems)  # ... but flagged


def test_memos_on_codes_documents_and_cases(case_factory):
    case = case_factory({"ben.txt": TEXT}, None, case_toml=TOML)
    with Project(case) as project:
        project.ingest()
        project.add_memo("code", "mini/handwerk", "Trots op handwerk komt overal terug.", author="anna")
        project.add_memo("document", "case0/ben", "Rustig gesprek.", author="bert")
        project.add_memo("case", "case0", "Eerste indruk.")
        with pytest.raises(ValueError, match="not 'speaker'"):
            project.add_memo("speaker", "x", "not a memo target")
        memos = project.corpus().memos
    assert memos["target_type"].tolist() == ["code", "document", "case"]
