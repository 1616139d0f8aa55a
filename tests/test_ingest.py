"""Ingest into the store: no-op re-ingest, changed files, bad and hostile input."""
import sqlite3
import zipfile

import pytest

from undercurrent import InputError, Project, load_corpus
from undercurrent.errors import InputWarning

from helpers import BILLION_LAUGHS, make_docx, make_odt, zip_with

GOOD = "I: Hoe ben je begonnen?\nR: Als leerling, toen ik zestien was.\nI: En toen?\nR: Toen kwam de brand.\n"
PEOPLE = "participant_id,pseudonym,role,file\nP1,Ben,lasser,ben.txt\nP2,Ria,P&O,ria.txt\n"


def ingest(case):
    with Project(case) as project:
        report = project.ingest()
        return report, project.corpus(report.problems)


def messages(report):
    return [str(p) for p in report.problems]


def test_reingest_unchanged_is_a_no_op(case_factory):
    case = case_factory({"ben.txt": GOOD, "ria.txt": GOOD}, PEOPLE)
    first, corpus1 = ingest(case)
    assert first.count("new") == 2 and not first.problems
    second, corpus2 = ingest(case)
    assert second.count("unchanged") == 2 and second.count("new") == 0
    assert corpus2.documents["ingested_at"].tolist() == corpus1.documents["ingested_at"].tolist()
    assert corpus2.segments.equals(corpus1.segments)


def test_changed_file_is_reported_and_replaced_not_duplicated(case_factory):
    case = case_factory({"ben.txt": GOOD, "ria.txt": GOOD}, PEOPLE)
    ingest(case)
    (case / "transcripts" / "ben.txt").write_text(GOOD + "I: Nog iets?\nR: Nee.\n", encoding="utf-8")
    report, corpus = ingest(case)
    assert report.count("changed") == 1 and report.count("unchanged") == 1
    assert any("ben.txt" in m and "source changed" in m for m in messages(report))
    assert len(corpus.documents) == 2
    ben = corpus.turns().query("pseudonym == 'Ben'")
    assert ben["text"].tolist()[-1] == "Nee."


def test_a_file_that_breaks_keeps_what_was_stored(case_factory):
    case = case_factory({"ben.docx": make_docx(["I: Wat doe je?", "R: Lassen.", "I: Echt?", "R: Ja."])},
                        "participant_id,pseudonym,file\nP1,Ben,ben.docx\n")
    ingest(case)
    (case / "transcripts" / "ben.docx").write_bytes(b"PK\x03\x04 this is not a zip any more")
    report, corpus = ingest(case)
    assert report.count("failed") == 1
    assert any("ben.docx" in m and "not a valid zip" in m for m in messages(report))
    assert corpus.turns()["text"].tolist() == ["Wat doe je?", "Lassen.", "Echt?", "Ja."]


def test_participants_csv_with_duplicate_id_fails_and_keeps_the_store(case_factory):
    case = case_factory({"ben.txt": GOOD, "ria.txt": GOOD}, PEOPLE)
    ingest(case)
    (case / "participants.csv").write_text(PEOPLE + "P1,Bennie,lasser,\n", encoding="utf-8")
    report, corpus = ingest(case)
    assert any("participants.csv, line 4" in m and "'P1' appears twice (first on line 2)" in m
               for m in messages(report))
    assert len(corpus.documents) == 2 and sorted(corpus.participants["pseudonym"]) == ["Ben", "Ria"]


def test_participants_csv_with_missing_file_names_csv_and_line(case_factory):
    case = case_factory({"ben.txt": GOOD}, "participant_id;pseudonym;file\nP1;Ben;ben.txt\nP2;Ria;weg.txt\n")
    report, corpus = ingest(case)
    assert [str(p) for p in report.errors] == [
        f"error: {case / 'participants.csv'}, line 3: file 'weg.txt' of participant P2 not found in {case / 'transcripts'}"]
    assert len(corpus.documents) == 1 and len(corpus.participants) == 2


def test_participant_attributes_years_and_lists(case_factory):
    case = case_factory({"a.txt": GOOD, "b.docx": make_docx(["I: Ja?", "R: Ja.", "I: Nee?", "R: Nee."])},
                        "participant_id,pseudonym,birth_year,file,kind,interview_date,team,name\n"
                        "P1,Ben,1965,a.txt; b.docx,levensverhaal;interview,14-09-2026,laswerk,Echte Naam\n")
    _, corpus = ingest(case)
    assert corpus.participants.loc[0, "attributes"] == {"team": "laswerk"}  # the real name is not stored
    docs = corpus.documents.set_index("source_path")
    assert docs.loc["transcripts/a.txt", "kind"] == "life_history"
    assert docs.loc["transcripts/b.docx", "kind"] == "interview"
    assert docs.loc["transcripts/a.txt", "interview_date"] == "2026-09-14"
    assert sorted(docs["title"]) == ["Ben, interview", "Ben, levensverhaal"]  # the pseudonym, never the file name
    with sqlite3.connect(case / ".undercurrent" / "store.sqlite") as con:
        dump = "\n".join(con.iterdump())
    assert "Echte Naam" not in dump


def test_bad_year_in_participants_names_line(case_factory):
    case = case_factory({"a.txt": GOOD}, "participant_id,birth_year,file\nP1,65,a.txt\n")
    report, _ = ingest(case)
    assert any("participants.csv, line 2: birth_year '65' is not a year" in m for m in messages(report))


@pytest.mark.parametrize("name, content, expected", [
    ("leeg.txt", b"", "leeg.txt: is empty"),
    ("spaties.txt", b"  \n\n ", "spaties.txt: is empty"),
    ("kapot.docx", b"this is not a word file", "kapot.docx: not a valid zip-based document"),
    ("geen_word.docx", zip_with({"hello.txt": b"hi"}), "geen_word.docx: is not a Word document"),
    ("kapot.odt", make_odt("", content="<office:document-content"), "kapot.odt: content.xml is not well-formed"),
    ("bin.txt", b"\x00\x01\x02binary", "bin.txt: looks like a binary file"),
    ("x.vtt", b"no header\n", "x.vtt, line 1: does not start with 'WEBVTT'"),
])
def test_bad_files_are_named_and_others_still_ingest(case_factory, name, content, expected):
    case = case_factory({"goed.txt": GOOD, name: content})
    report, corpus = ingest(case)
    assert any(expected in m for m in messages(report)), messages(report)
    assert corpus.documents["source_path"].tolist() == ["transcripts/goed.txt"]


def test_unknown_extension_is_skipped_with_a_warning(case_factory):
    case = case_factory({"goed.txt": GOOD, "foto.jpg": b"\xff\xd8\xff"})
    report, corpus = ingest(case)
    assert any("foto.jpg" in m and "unknown file type '.jpg'" in m and m.startswith("warning") for m in messages(report))
    assert not report.errors and len(corpus.documents) == 1


def test_transcript_without_speaker_labels_warns(case_factory):
    case = case_factory({"los.txt": "Ik werk hier al lang.\n\nHet is goed zo."})
    report, corpus = ingest(case)
    assert any("los.txt" in m and "no speaker labels" in m for m in messages(report))
    turns = corpus.turns()
    assert turns["text"].tolist() == ["Ik werk hier al lang.", "Het is goed zo."]
    assert set(turns["speaker_role"]) == {"respondent"}


def test_cp1252_transcript_warns_and_reads(case_factory):
    case = case_factory({"oud.txt": "I: Café?\nR: Reünie, één keer.\nI: Ja?\nR: Ja.\n".encode("cp1252")})
    report, corpus = ingest(case)
    assert any("oud.txt" in m and "cp1252" in m for m in messages(report))
    assert corpus.turns()["text"].tolist()[1] == "Reünie, één keer."


def test_a_50_mb_text_file_is_refused_by_size(case_factory):
    case = case_factory({"goed.txt": GOOD, "dump.txt": b"a" * (50 * 1024 * 1024)})
    report, corpus = ingest(case)
    assert any("dump.txt: is 50.0 MB, more than the 25 MB limit" in m for m in messages(report))
    assert len(corpus.documents) == 1


def test_size_limit_can_be_set_per_run_and_per_case(case_factory):
    big = ("I: Ja?\nR: " + "nou eh gewoon " * 100_000 + "\n").encode()  # 1.4 MB
    case = case_factory({"groot.txt": big}, case_toml="max_file_mb = 1\n")
    report, _ = ingest(case)
    assert any("groot.txt: is 1.3 MB, more than the 1 MB limit" in m for m in messages(report))
    with Project(case) as project:
        assert project.ingest(max_file_mb=2).count("new") == 1


def test_zip_bomb_docx_is_refused(case_factory):
    bomb = zip_with({"word/document.xml": b"<w:document/>" + b"\x00" * (20 * 1024 * 1024)})
    case = case_factory({"goed.txt": GOOD, "bom.docx": bomb})
    report, _ = ingest(case)
    assert any("bom.docx" in m and "zip bomb" in m for m in messages(report))


def test_path_traversal_in_archive_is_refused(case_factory):
    evil = zip_with({"word/document.xml": b"<x/>", "../../etc/evil.txt": b"x"})
    case = case_factory({"goed.txt": GOOD, "evil.docx": evil})
    report, _ = ingest(case)
    assert any("evil.docx" in m and "path traversal" in m for m in messages(report))


def test_xml_entity_attacks_are_refused(case_factory):
    docx_bytes = make_docx(["I: Ja?", "R: Ja.", "I: Nee?", "R: Nee."])
    import io
    src = zipfile.ZipFile(io.BytesIO(docx_bytes))
    members = {n: src.read(n) for n in src.namelist()}
    members["word/document.xml"] = members["word/document.xml"].replace(
        b"?>", b'?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', 1)
    case = case_factory({"goed.txt": GOOD, "xxe.docx": zip_with(members), "lol.odt": make_odt("", BILLION_LAUGHS)})
    report, corpus = ingest(case)
    msgs = messages(report)
    assert any("xxe.docx" in m and "DTD" in m for m in msgs), msgs
    assert any("lol.odt" in m and "refused" in m for m in msgs), msgs
    assert corpus.documents["source_path"].tolist() == ["transcripts/goed.txt"]


def test_case_toml_errors_name_the_line(case_factory):
    case = case_factory({"goed.txt": GOOD}, case_toml='name = "x"\nlanguage = \n')
    report, _ = ingest(case)
    assert any("case.toml, line 2: is not valid TOML" in m for m in messages(report))
    case2 = case_factory({"goed.txt": GOOD}, case_toml='language = "de"\n')
    with pytest.raises(InputError, match="language 'de' is not supported"):
        load_corpus(case2, strict=True)


def test_load_corpus_warns_and_strict_raises(case_factory):
    case = case_factory({"goed.txt": GOOD, "leeg.txt": b""})
    with pytest.warns(InputWarning, match="leeg.txt: is empty"):
        corpus = load_corpus(case)
    assert len(corpus.documents) == 1 and any("leeg.txt" in str(p) for p in corpus.problems)
    with pytest.raises(InputError, match="leeg.txt: is empty"):
        load_corpus(case, strict=True)


def test_store_is_wal_and_records_runs(case_factory):
    case = case_factory({"goed.txt": GOOD})
    with Project(case) as project:
        project.ingest()
        assert project.store.con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        runs = project.store.table("runs")
    assert runs["command"].tolist() == ["ingest"] and runs["status"].tolist() == ["ok"]
    assert "spacy" in runs["versions"][0]


def test_multi_case_folder_opens_as_one_project(tmp_path, case_factory):
    from conftest import make_case

    make_case(tmp_path / "multi" / "a", {"x.txt": GOOD}, case_toml='name = "A"\n')
    make_case(tmp_path / "multi" / "b", {"x.txt": GOOD}, case_toml='name = "B"\n')
    corpus = load_corpus(tmp_path / "multi")
    assert sorted(corpus.documents["doc_id"]) == ["a/x", "b/x"]
    assert sorted(corpus.cases["name"]) == ["A", "B"]
    one = corpus.of_case("a")  # one case's part, offsets as they were
    assert list(one.documents["doc_id"]) == ["a/x"] and set(one.segments["doc_id"]) == {"a/x"}
    assert list(one.cases["name"]) == ["A"] and set(one.participants["case_id"]) <= {"a"}
    row = one.segments.iloc[0]
    assert one.span(row["doc_id"], row["start"], row["end"]) == corpus.span(row["doc_id"], row["start"], row["end"])


def test_not_a_case_folder(tmp_path):
    with pytest.raises(InputError, match="holds no case"):
        Project(tmp_path)
