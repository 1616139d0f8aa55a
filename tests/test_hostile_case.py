"""Reading a case folder that fights back: links out of the case, file names that are no text,
names that differ only in case, paths out of the case in participants.csv, wrong types and
typos in case.toml, a missing or mistyped participants.csv, mixed separators, and exit codes.
Never a traceback, never a silent loss."""
import os
import sqlite3
import sys

import pytest

from undercurrent import InputError, Project
from undercurrent.cli import main
from undercurrent.corpus.case import list_sources, read_case_config, read_participants
from undercurrent.errors import Problem
from undercurrent.project import merge_repeats

GOOD = "I: Hoe ben je begonnen?\nR: Als leerling, toen ik zestien was.\nI: En toen?\nR: Toen kwam de brand.\n"
SECRET = "I: Wat is het geheim?\nR: Het wachtwoord is zwaardvis.\n"
needs_symlinks = pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")
needs_bytes_names = pytest.mark.skipif(sys.platform in ("win32", "darwin"),
                                       reason="only Linux file systems keep names that are not UTF-8")


def ingest(case):
    with Project(case) as project:
        report = project.ingest(show_progress=False)
        return report, project.corpus(report.problems)


def messages(report):
    return [str(p) for p in report.problems]


def store_dump(case) -> str:
    with sqlite3.connect(case / ".undercurrent" / "store.sqlite") as con:
        return "\n".join(con.iterdump())


# --- 1. symbolic links ---------------------------------------------------------------------

@needs_symlinks
def test_a_link_to_a_file_outside_the_case_is_refused_and_named(case_factory, tmp_path):
    outside = tmp_path / "elders" / "geheim.txt"
    outside.parent.mkdir()
    outside.write_text(SECRET, encoding="utf-8")
    case = case_factory({"goed.txt": GOOD}, "participant_id,pseudonym,file\nP1,Ben,goed.txt\nP2,Ria,link.txt\n")
    (case / "transcripts" / "link.txt").symlink_to(outside)
    report, corpus = ingest(case)
    msgs = messages(report)
    assert any(m.startswith("error") and "transcripts/link.txt: is a symbolic link to a place outside the case "
               "folder; not read" in m for m in msgs), msgs
    assert any("participants.csv, line 3" in m and "'link.txt' of participant P2 was not read" in m for m in msgs)
    assert corpus.documents["source_path"].tolist() == ["transcripts/goed.txt"]
    assert "zwaardvis" not in store_dump(case)


@needs_symlinks
def test_a_linked_folder_outside_the_case_is_refused(case_factory, tmp_path):
    outside = tmp_path / "gedeeld"
    outside.mkdir()
    (outside / "geheim.txt").write_text(SECRET, encoding="utf-8")
    case = case_factory({"goed.txt": GOOD})
    (case / "transcripts" / "extra").symlink_to(outside, target_is_directory=True)
    (case / "documents").rmdir()
    (case / "documents").symlink_to(outside, target_is_directory=True)  # documents/ itself leads out
    report, corpus = ingest(case)
    msgs = messages(report)
    assert any("transcripts/extra: is a symbolic link to a place outside" in m for m in msgs), msgs
    assert any(m.endswith("documents: is a symbolic link to a place outside the case folder; not read "
                          "(copy the file into the case folder instead)") for m in msgs), msgs
    assert len(corpus.documents) == 1 and "zwaardvis" not in store_dump(case)


@needs_symlinks
def test_links_inside_the_case_are_followed_and_read_once(case_factory):
    case = case_factory({"goed.txt": GOOD})
    (case / "bron").mkdir()
    (case / "bron" / "ria.txt").write_text(GOOD.replace("brand", "fusie"), encoding="utf-8")
    (case / "transcripts" / "ria.txt").symlink_to(case / "bron" / "ria.txt")  # inside the case: read
    (case / "transcripts" / "nogmaals.txt").symlink_to(case / "transcripts" / "goed.txt")  # a second name
    (case / "transcripts" / "lus").symlink_to(case / "transcripts", target_is_directory=True)  # a loop
    (case / "transcripts" / "kapot.txt").symlink_to(case / "bestaat_niet.txt")  # broken
    report, corpus = ingest(case)
    msgs = messages(report)
    assert sorted(corpus.documents["source_path"]) == ["transcripts/goed.txt", "transcripts/ria.txt"]
    assert any("nogmaals.txt: is a link to transcripts/goed.txt, which is read already; skipped" in m for m in msgs)
    assert any(m.startswith("warning") and "kapot.txt: is a broken symbolic link" in m for m in msgs), msgs
    assert not any("lus/" in m for m in msgs), msgs  # the loop is not followed, nor read twice


# --- 2. file names that are not text -------------------------------------------------------

@needs_bytes_names
def test_a_file_name_that_is_not_utf8_is_skipped_and_named_safely(case_factory):
    case = case_factory({"goed.txt": GOOD})
    with open(os.fsencode(case / "transcripts") + b"/\xff.txt", "wb") as f:
        f.write(GOOD.encode())
    report, corpus = ingest(case)
    bad = [p for p in report.problems if "not valid UTF-8" in p.message]
    assert len(bad) == 1 and bad[0].severity == "error"
    assert bad[0].path.endswith("transcripts/\\xff.txt") and "b'\\xff.txt'" in bad[0].message
    str(bad[0]).encode("utf-8")  # printable and storable
    assert corpus.documents["source_path"].tolist() == ["transcripts/goed.txt"]


@needs_bytes_names
def test_a_folder_name_that_is_not_utf8_and_control_characters_in_names(case_factory, capsys):
    case = case_factory({"goed.txt": GOOD})
    folder = os.fsencode(case / "transcripts") + b"/map\xe9"
    os.mkdir(folder)
    with open(folder + b"/a.txt", "wb") as f:
        f.write(GOOD.encode())
    (case / "transcripts" / "regel\nbreuk.txt").write_text(GOOD, encoding="utf-8")
    report, corpus = ingest(case)
    msgs = messages(report)
    assert any("transcripts/map\\xe9: the folder name is not valid UTF-8" in m for m in msgs), msgs
    assert any("transcripts/regel\\nbreuk.txt: the file name" in m for m in msgs), msgs
    assert len(corpus.documents) == 1
    assert main(["ingest", str(case), "--quiet"]) == 1  # printed, not a UnicodeEncodeError
    err = capsys.readouterr().err
    assert "map\\xe9" in err and "regel\\nbreuk" in err


# --- 3. names that differ only in case -----------------------------------------------------

def test_names_that_differ_only_in_case_are_reported_and_not_both_linked(case_factory):
    case = case_factory({"P01.txt": GOOD, "p01.txt": GOOD.replace("brand", "fusie")},
                        "participant_id,pseudonym,file\nP01,Ben,P01.txt\n")
    if not (case / "transcripts" / "p01.txt").exists() or len(os.listdir(case / "transcripts")) < 2:
        pytest.skip("this file system folds case")
    report, corpus = ingest(case)
    msgs = messages(report)
    assert any(m.startswith("error") and "transcripts/P01.txt and transcripts/p01.txt differ only in upper/lower case"
               in m for m in msgs), msgs
    linked = corpus.documents.set_index("source_path")["participant_id"]
    assert linked["transcripts/P01.txt"] == "P01" and linked.isna()["transcripts/p01.txt"]
    assert any("p01.txt: not listed in participants.csv" in m for m in msgs)


def test_a_file_cell_that_matches_two_names_by_case_links_neither(case_factory):
    case = case_factory({"Ben.txt": GOOD, "BEN.txt": GOOD + "I: Nog iets?\nR: Nee.\n", "ria.txt": GOOD},
                        "participant_id,pseudonym,file\nP1,Ben,ben.txt\nP2,Ria,RIA.TXT\n")
    if len(os.listdir(case / "transcripts")) < 3:
        pytest.skip("this file system folds case")
    report, corpus = ingest(case)
    msgs = messages(report)
    assert any("participants.csv, line 2" in m and "could be transcripts/BEN.txt or transcripts/Ben.txt" in m
               for m in msgs), msgs
    linked = corpus.documents.set_index("source_path")["participant_id"]
    assert linked.isna()["transcripts/Ben.txt"] and linked.isna()["transcripts/BEN.txt"]
    assert linked["transcripts/ria.txt"] == "P2"  # one file that differs only in case is still found


# --- 4. file cells that leave the case -----------------------------------------------------

@pytest.mark.parametrize("cell, what", [
    ("../../etc/passwd", "points outside the case folder"),
    ("transcripts/../../geheim.txt", "points outside the case folder"),
    ("..\\..\\geheim.txt", "points outside the case folder"),
    ("/etc/passwd", "is an absolute path"),
    ("C:\\Users\\jan\\geheim.txt", "is an absolute path"),
])
def test_a_file_cell_outside_the_case_is_refused_with_file_and_line(case_factory, cell, what):
    case = case_factory({"goed.txt": GOOD}, f'participant_id,pseudonym,file\nP1,Ben,goed.txt\nP2,Ria,"{cell}"\n')
    with pytest.raises(InputError) as caught:
        read_participants(case, "t")
    assert str(caught.value).startswith(f"{case / 'participants.csv'}, line 3: file {cell!r} of participant P2 {what}")
    report, _ = ingest(case)
    assert len(report.case_errors) == 1 and "line 3" in str(report.case_errors[0])


def test_file_cells_inside_the_case_in_other_spellings_still_link(case_factory):
    case = case_factory({"ben.txt": GOOD, "ria.txt": GOOD},
                        "participant_id,pseudonym,file\nP1,Ben,transcripts\\ben.txt\nP2,Ria,./transcripts/../ria.txt\n")
    report, corpus = ingest(case)
    assert not report.errors, messages(report)
    assert dict(zip(corpus.documents["source_path"], corpus.documents["participant_id"])) == {
        "transcripts/ben.txt": "P1", "transcripts/ria.txt": "P2"}


# --- 5. wrong types in case.toml ------------------------------------------------------------

@pytest.mark.parametrize("toml, key, expected, found, line", [
    ('name = "x"\ninterviewers = 5\n', "interviewers", "a list of speaker labels", "a number (5)", 2),
    ('interviewers = ["Marloes", 3]\n', "interviewers", "a list of speaker labels", "a list (['Marloes', 3])", 1),
    ('name = 12\n', "name", "text in quotes", "a number (12)", 1),
    ('organisation = ["a", "b"]\n', "organisation", "text in quotes", "a list", 1),
    ('language = true\n', "language", "text in quotes", "true/false (True)", 1),
    ('description = 2026-09-14\n', "description", "text in quotes", "a date or time", 1),
    ('max_file_mb = "veel"\n', "max_file_mb", "a number above 0", "text ('veel')", 1),
    ('max_file_mb = -3\n', "max_file_mb", "a number above 0", "a number (-3)", 1),
    ('max_file_mb = true\n', "max_file_mb", "a number above 0", "true/false", 1),
    ('codebooks = "onderstroom"\n', "codebooks", "a list of codebook names", "text ('onderstroom')", 1),
    ('[codebooks]\nx = 1\n', "codebooks", "a list of codebook names", "a table", 1),
    ('name = "x"\ncase = "y"\n', "case", "a table of settings", "text ('y')", 2),
    ('[case]\nname = "x"\ninterviewers = {a = 1}\n', "interviewers", "a list of speaker labels", "a table", 3),
])
def test_wrong_types_in_case_toml_name_key_expected_and_found(tmp_path, toml, key, expected, found, line):
    (tmp_path / "case.toml").write_text(toml, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_case_config(tmp_path)
    err = caught.value
    assert err.path.endswith("case.toml") and err.line == line, str(err)
    assert err.problem.startswith(f"{key} must be {expected}") and f"not {found}" in err.problem, err.problem
    assert err.fix


@pytest.mark.parametrize("toml, message", [
    ('[incidents]\nbrand = 3\n', "[incidents] brand must be a list of words or phrases, not a number (3)"),
    ('incidents = ["brand"]\n', "[incidents] must be a table of names and lists of words, not a list"),
    ('[case]\nname = "x"\n[incidents]\nbrand = [1]\n', "[incidents] brand must be a list of words"),
])
def test_wrong_incident_tables(tmp_path, toml, message):
    (tmp_path / "case.toml").write_text(toml, encoding="utf-8")
    with pytest.raises(InputError, match=message.replace("[", r"\[").replace("(", r"\(").replace(")", r"\)")):
        read_case_config(tmp_path)


def test_good_case_toml_in_both_forms(tmp_path):
    (tmp_path / "case.toml").write_text('[case]\nname = "X"\ninterviewers = "Marloes"\nmax_file_mb = 2\n'
                                        '[incidents]\nbrand = "de rook"\n', encoding="utf-8")
    config = read_case_config(tmp_path)
    assert (config.name, config.interviewers, config.max_file_mb) == ("X", ["Marloes"], 2.0)
    assert config.incident_aliases == {"brand": "brand", "de rook": "brand"} and not config.problems


# --- 6. unknown keys ------------------------------------------------------------------------

@pytest.mark.parametrize("toml, key, hint", [
    ('name = "x"\ninterviewrs = ["Marloes"]\n', "interviewrs", "interviewers"),
    ('organsation = "Kampman"\n', "organsation", "organisation"),
    ('interviewer = "Marloes"\n', "interviewer", "interviewers"),
    ('taal = "en"\n', "taal", "language"),
    ('[case]\nname = "x"\ncodebook = ["onderstroom"]\n', "codebook", "codebooks"),
])
def test_a_mistyped_key_is_an_error_with_the_nearest_known_key(tmp_path, toml, key, hint):
    (tmp_path / "case.toml").write_text(toml, encoding="utf-8")
    config = read_case_config(tmp_path)
    [problem] = config.problems
    assert problem.severity == "error" and problem.line == toml.splitlines().index(
        next(ln for ln in toml.splitlines() if ln.startswith(key))) + 1
    assert f"unknown key {key!r}: did you mean {hint!r}?" in problem.message


def test_an_unknown_key_without_a_near_one_is_a_warning(tmp_path):
    (tmp_path / "case.toml").write_text('name = "x"\nopdrachtgever = "NRTO"\n', encoding="utf-8")
    [problem] = read_case_config(tmp_path).problems
    assert problem.severity == "warning"
    assert "unknown key 'opdrachtgever' is ignored (known keys: id, name" in problem.message


def test_keys_before_a_case_table_are_named(tmp_path):
    (tmp_path / "case.toml").write_text('name = "buiten"\n[case]\nlanguage = "en"\n', encoding="utf-8")
    config = read_case_config(tmp_path)
    assert config.language == "en" and config.name == tmp_path.name
    assert [(p.severity, p.line, p.message) for p in config.problems] == [
        ("warning", 1, "'name' stands before the [case] table, so it is ignored; move it under [case]")]


def test_a_mistyped_interviewers_key_reaches_the_ingest_summary(case_factory):
    talk = "Marloes: Hoe ging dat?\nBen: Goed.\nMarloes: En toen?\nBen: Toen kwam de brand.\n"
    case = case_factory({"ben.txt": talk}, "participant_id,pseudonym,file\nP1,Ben,ben.txt\n",
                        case_toml='name = "x"\ninterviewrs = ["Marloes"]\n')
    report, _ = ingest(case)
    assert any("case.toml, line 2: unknown key 'interviewrs': did you mean 'interviewers'?" in m
               for m in messages(report)), messages(report)
    assert report.errors and main(["ingest", str(case), "--quiet"]) == 1


# --- 7. a missing participants.csv ----------------------------------------------------------

def test_without_participants_csv_ids_come_from_file_names_never_nan(case_factory):
    case = case_factory({"01_ben_levensverhaal.txt": GOOD, "02_ria.txt": GOOD, "r7-kees.txt": GOOD,
                         "Interview Jan de Vries.txt": GOOD, "gesprek.txt": GOOD},
                        documents={"beleid.txt": "Ons beleid.\n"})
    report, corpus = ingest(case)
    [warning] = [p for p in report.problems if "participants.csv" in p.path]
    assert warning.severity == "warning" and warning.message.startswith("is missing: each transcript is taken as a "
                                                                        "participant")
    docs = corpus.documents.set_index("source_path")
    assert docs["participant_id"].fillna("-").to_dict() == {
        "transcripts/01_ben_levensverhaal.txt": "P01", "transcripts/02_ria.txt": "P02", "transcripts/r7-kees.txt": "R7",
        "transcripts/Interview Jan de Vries.txt": "P1", "transcripts/gesprek.txt": "P2", "documents/beleid.txt": "-"}
    assert docs.at["transcripts/01_ben_levensverhaal.txt", "kind"] == "life_history"
    people = corpus.participants.set_index("participant_id")["pseudonym"]
    assert sorted(people.index) == ["P01", "P02", "P1", "P2", "R7"] and (people == people.index).all()
    turns = corpus.turns()
    spoken = turns[turns["doc_id"].isin(corpus.documents.query("kind != 'document'")["doc_id"])]
    assert len(spoken) == 20 and spoken["pseudonym"].notna().all() and "nan" not in set(spoken["pseudonym"])
    assert not any("Jan" in t for t in corpus.documents["title"])  # the file name's real name is no title


def test_a_participants_csv_without_rows_falls_back_too(case_factory):
    case = case_factory({"3.txt": GOOD}, "participant_id,pseudonym,file\n")
    report, corpus = ingest(case)
    assert any("participants.csv: has no participants: each transcript" in m for m in messages(report))
    assert corpus.documents["participant_id"].tolist() == ["P3"]


def test_the_fallback_never_claims_an_id_twice(case_factory):
    case = case_factory({"P1 eerste gesprek.txt": GOOD, "P1 tweede gesprek.txt": GOOD, "zonder.txt": GOOD})
    _, corpus = ingest(case)
    ids = dict(zip(corpus.documents["source_path"], corpus.documents["participant_id"]))
    assert ids["transcripts/P1 eerste gesprek.txt"] == ids["transcripts/P1 tweede gesprek.txt"] == "P1"
    assert ids["transcripts/zonder.txt"] == "P2"  # P1 is taken by the files that name it
    assert sorted(corpus.documents["title"]) == ["P1, interview (1)", "P1, interview (2)", "P2, interview"]


# --- 8. column names in participants.csv ----------------------------------------------------

def test_a_mistyped_column_is_reported_and_its_values_are_not_used(case_factory):
    case = case_factory({"ben.txt": GOOD}, "participant_id,pseudonmy,role,file,nam\nP1,Ben,lasser,ben.txt,Jan Jansen\n")
    report, corpus = ingest(case)
    msgs = messages(report)
    assert any("participants.csv, line 1: column 2 'pseudonmy' is not a known column: did you mean 'pseudonym'?" in m
               for m in msgs), msgs
    assert any("column 5 'nam' is not a known column: did you mean 'name' (real names, never stored)?" in m
               for m in msgs), msgs
    row = corpus.participants.iloc[0]
    assert row["pseudonym"] == "P1" and row["role"] == "lasser" and row["attributes"] == {}
    assert "Jan Jansen" not in store_dump(case)
    assert main(["ingest", str(case), "--quiet"]) == 1


def test_dutch_column_names_are_understood(case_factory):
    people = ("Deelnemer;Pseudoniem;Functie;Afdeling;Geboortejaar;Startjaar;Interviewdatum;Bestand;Soort;Naam;Team\n"
              "P1;Ben;lasser;lasafdeling;1965;1981;14-09-2026;ben.txt;levensverhaal;Jan Jansen;rood\n")
    case = case_factory({"ben.txt": GOOD}, people)
    report, corpus = ingest(case)
    assert not report.errors, messages(report)
    row = corpus.participants.iloc[0]
    assert (row["participant_id"], row["pseudonym"], row["role"], row["department"], row["birth_year"],
            row["start_year"]) == ("P1", "Ben", "lasser", "lasafdeling", 1965, 1981)
    assert row["attributes"] == {"team": "rood"}
    doc = corpus.documents.iloc[0]
    assert (doc["kind"], doc["interview_date"], doc["title"]) == ("life_history", "2026-09-14", "Ben, levensverhaal")
    assert "Jan Jansen" not in store_dump(case)


@pytest.mark.parametrize("header, row", [("participant_id,role,rol,file", "P1,a,b,ben.txt"),
                                         ("deelnemer,participant_id,file", "P1,P1,ben.txt"),
                                         ("participant_id,Pseudonym,pseudoniem,file", "P1,a,b,ben.txt")])
def test_two_columns_for_one_thing_are_an_error(case_factory, header, row):
    case = case_factory({"ben.txt": GOOD}, f"{header}\n{row}\n")
    with pytest.raises(InputError, match=r"participants.csv, line 1: columns '.+' and '.+' both give"):
        read_participants(case, "t")


def test_other_columns_stay_attributes_without_a_word(case_factory):
    case = case_factory({"ben.txt": GOOD}, "participant_id,file,generatie,contract,team\nP1,ben.txt,X,vast,rood\n")
    report, corpus = ingest(case)
    assert not report.problems, messages(report)
    assert corpus.participants.iloc[0]["attributes"] == {"generatie": "X", "contract": "vast", "team": "rood"}


# --- 9. separators ---------------------------------------------------------------------------

@pytest.mark.parametrize("sep, name", [(";", "';'"), ("\t", "tab"), ("|", "'|'")])
def test_another_separator_is_used_and_named(case_factory, sep, name):
    people = "".join(sep.join(row) + "\n" for row in (["participant_id", "pseudonym", "role", "file"],
                                                        ["P1", "Ben", "lasser, las", "ben.txt"]))
    case = case_factory({"ben.txt": GOOD}, people)
    report, corpus = ingest(case)
    expected = f"warning: {case / 'participants.csv'}: read with {name} as the separator (taken from the header line)"
    assert any(m == expected
               for m in messages(report)), messages(report)
    assert corpus.participants.iloc[0][["pseudonym", "role"]].tolist() == ["Ben", "lasser, las"]


def test_a_comma_file_with_lists_in_values_gets_no_note(case_factory):
    case = case_factory({"a.txt": GOOD, "b.txt": GOOD},
                        "participant_id,pseudonym,file,kind\nP1,Ben,a.txt; b.txt,interview;levensverhaal\n")
    report, corpus = ingest(case)
    assert not report.problems, messages(report)
    assert sorted(corpus.documents["kind"]) == ["interview", "life_history"]


@pytest.mark.parametrize("people, line, message", [
    ("participant_id;pseudonym,file\nP1;Ben,ben.txt\n", 1, "the header mixes separators"),
    ("participant_id,pseudonym,file\nP1,Ben,ben.txt\nP2;Ria;ria.txt\n", 3,
     "has 1 field where the header has 3 (separator ','); it seems to use ';' where the header uses ','"),
    ("participant_id;pseudonym;file\nP1;Ben;ben.txt\nP2;Ria;ria.txt;extra;meer\n", 3,
     "has 5 fields where the header has 3"),
    ("participant_id,pseudonym,role,file\nP1,Ben,lasser, plaatwerker,ben.txt\n", 2,
     "has 5 fields where the header has 4"),
    ('participant_id,pseudonym,file\nP1,"Ben" Oude,ben.txt\n', 2, "is not a readable table"),
])
def test_an_inconsistent_file_is_an_error_with_its_line(case_factory, people, line, message):
    case = case_factory({"ben.txt": GOOD, "ria.txt": GOOD}, people)
    with pytest.raises(InputError) as caught:
        read_participants(case, "t")
    assert caught.value.line == line and message in caught.value.problem, str(caught.value)


def test_short_rows_and_trailing_separators_are_read(case_factory):
    case = case_factory({"ben.txt": GOOD}, "participant_id,file,role,department\nP1,ben.txt\nP2,,,,\n")
    table = read_participants(case, "t")
    assert [r["participant_id"] for r in table.rows] == ["P1", "P2"]
    assert [str(p) for p in table.problems] == [
        f"warning: {case / 'participants.csv'}, line 2: has 2 of the header's 4 fields; the missing ones at the end "
        "are taken as empty"]


def test_dutch_excel_export_cp1252_with_semicolons(case_factory):
    case = case_factory({"ben.txt": GOOD}, None)
    (case / "participants.csv").write_bytes("deelnemer;pseudoniem;functie;bestand\r\nP1;Zoë;lasser;ben.txt\r\n"
                                            .encode("cp1252"))
    report, corpus = ingest(case)
    assert corpus.participants.iloc[0]["pseudonym"] == "Zoë"
    assert any("cp1252" in m for m in messages(report)) and any("';' as the separator" in m for m in messages(report))


# --- 10. exit codes, one message, each problem once ------------------------------------------

@pytest.mark.parametrize("toml, expected", [
    ('name = "x"\nname = "y"\n', "case.toml, line 2: is not valid TOML"),
    ('interviewers = 5\n', "case.toml, line 1: interviewers must be a list of speaker labels"),
    ('language = "de"\n', "case.toml, line 1: language 'de' is not supported"),
])
def test_a_broken_case_toml_exits_2_with_one_message(case_factory, capsys, toml, expected):
    case = case_factory({"a.txt": GOOD, "b.txt": GOOD}, case_toml=toml)
    assert main(["ingest", str(case), "--quiet"]) == 2
    captured = capsys.readouterr()
    assert captured.err.count(expected) == 1 and captured.err.startswith("undercurrent: "), captured.err
    assert "no sources found" not in captured.out


def test_run_and_code_exit_2_on_a_broken_participants_csv(case_factory, tmp_path, capsys):
    case = case_factory({"a.txt": GOOD}, "participant_id,file\nP1,../../etc/passwd\n")
    assert main(["run", str(case), "--out", str(tmp_path / "out"), "--quiet"]) == 2
    assert main(["code", str(case), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.count("participants.csv, line 2: file '../../etc/passwd' of participant P1 points outside") == 2
    assert not (tmp_path / "out" / "report.docx").exists()


def test_a_folder_without_case_toml_warns_once(case_factory, capsys):
    case = case_factory({"a.txt": GOOD, "b.txt": GOOD, "c.txt": GOOD},
                        "participant_id,file\nP1,a.txt\nP2,b.txt\nP3,c.txt\n")
    (case / "case.toml").unlink()
    (case / "codings").mkdir()
    (case / "codings" / "oud.csv").write_text("document,quote,code,coder\n" + "demo/a,leerling,x,anna\n" * 40,
                                              encoding="utf-8")
    assert main(["ingest", str(case), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert err.count("case.toml: is missing: the case is named after its folder") == 1
    assert err.count("document 'demo/a' is not in the corpus") == 1 and "40 lines in all" in err, err


def test_merge_repeats_keeps_distinct_problems():
    problems = [Problem("error", "x.csv", "boom", n) for n in (2, 3, 4)] + [Problem("error", "x.csv", "anders", 5),
                                                                              Problem("warning", "y", "z"),
                                                                              Problem("warning", "y", "z")]
    merged = merge_repeats(problems)
    assert [str(p) for p in merged] == ["error: x.csv, line 2: boom (also on lines 3, 4; 3 lines in all)",
                                        "error: x.csv, line 5: anders", "warning: y: z"]


def test_multi_case_project_names_every_broken_case(tmp_path, capsys):
    from conftest import make_case

    make_case(tmp_path / "multi" / "a", {"x.txt": GOOD}, case_toml="name = 1\n")
    make_case(tmp_path / "multi" / "b", {"x.txt": GOOD}, case_toml='name = "B"\n')
    make_case(tmp_path / "multi" / "c", {"x.txt": GOOD}, case_toml='language = "fr"\n')
    assert main(["ingest", str(tmp_path / "multi"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "2 cases could not be read" in err and "a/case.toml, line 1: name must be text" in err
    assert "c/case.toml, line 1: language 'fr'" in err


def test_unreadable_config_and_sources_are_errors_not_tracebacks(case_factory):
    case = case_factory({"goed.txt": GOOD, "dicht.txt": GOOD})
    (case / "participants.csv").mkdir()
    with pytest.raises(InputError, match="participants.csv: is not a file"):
        read_participants(case, "t")
    (case / "participants.csv").rmdir()
    if hasattr(os, "geteuid") and os.geteuid() != 0:  # root reads everything
        (case / "transcripts" / "dicht.txt").chmod(0)
        report, corpus = ingest(case)
        assert any("dicht.txt: cannot be read: Permission denied" in m for m in messages(report)), messages(report)
        assert len(corpus.documents) == 1


# --- privacy: titles ------------------------------------------------------------------------

def test_titles_are_pseudonyms_never_file_names(case_factory):
    people = ("participant_id,pseudonym,file,kind,interview_date,name\n"
              "P1,Ben,Interview Jan de Vries.docx.txt; jan_2.txt; jan_3.txt,interview,"
              "2026-09-14;2026-09-20;2026-09-20,Jan de Vries\n"
              "P2,Ria,anna_smit.txt,levensverhaal,,Anna Smit\n")
    case = case_factory({"Interview Jan de Vries.docx.txt": GOOD, "jan_2.txt": GOOD, "jan_3.txt": GOOD,
                         "anna_smit.txt": GOOD, "los.txt": GOOD}, people, case_toml='name = "T"\nlanguage = "en"\n')
    _, corpus = ingest(case)
    titles = dict(zip(corpus.documents["source_path"], corpus.documents["title"]))
    assert titles == {"transcripts/Interview Jan de Vries.docx.txt": "Ben, interview 2026-09-14",
                      "transcripts/jan_2.txt": "Ben, interview 2026-09-20 (1)",
                      "transcripts/jan_3.txt": "Ben, interview 2026-09-20 (2)",
                      "transcripts/anna_smit.txt": "Ria, life history",
                      "transcripts/los.txt": "los"}  # not linked: its own name


def test_titles_follow_participants_csv_without_re_reading(case_factory):
    case = case_factory({"jan.txt": GOOD}, "participant_id,pseudonym,file,interview_date\nP1,Ben,jan.txt,\n")
    _, corpus = ingest(case)
    assert corpus.documents["title"].tolist() == ["Ben, interview"]
    (case / "participants.csv").write_text("participant_id,pseudonym,file,kind\nP1,Ben,jan.txt,levensverhaal\n",
                                           encoding="utf-8")
    report, corpus = ingest(case)
    assert corpus.documents["title"].tolist() == ["Ben, levensverhaal"]


def test_list_sources_is_stable_and_skips_hidden_files(case_factory):
    case = case_factory({"b.txt": GOOD, "a.txt": GOOD, ".verborgen.txt": GOOD, "~$lock.docx": b"x", "README.md": "x"})
    (case / "transcripts" / "sub").mkdir()
    (case / "transcripts" / "sub" / "c.txt").write_text(GOOD, encoding="utf-8")
    listing = list_sources(case)
    assert [p.relative_to(case).as_posix() for p, _ in listing.sources] == [
        "transcripts/a.txt", "transcripts/b.txt", "transcripts/sub/c.txt"]
    assert not listing.problems
