"""Everyday usability: `undercurrent new`, checked CLI options with "did you mean", tidy
DataFrames (participant attributes, coding evidence, agreement columns), the human codings
read from codings/*.csv, `make notebooks`, and one version number everywhere."""
import argparse
import json
import re
import shutil
import sqlite3
import subprocess
import sys

import pandas as pd
import pytest

import undercurrent
from undercurrent import Project
from undercurrent.cli import build_parser, main, subcommands
from undercurrent.corpus.case import CASE_KEYS, PARTICIPANT_COLUMNS, read_case_config, read_participants
from undercurrent.corpus.scaffold import PARTICIPANTS_HEADER, new_case

from conftest import REPO

MINI = REPO / "tests" / "data" / "mini_codebook.yaml"
BEN = "I: Hoe?\nR: Met de hand, dat is vakwerk.\nI: En?\nR: Fouten maken mag hier niet.\n"
RIA = "I: Hoe?\nR: Alles met de hand.\nI: En?\nR: De planning gaat voor.\n"
MIEK = "I: Hoe?\nR: Met de hand, altijd.\nI: En?\nR: Niets bijzonders.\n"


def _ingest(case, store=None):
    with Project(case, store) as project:
        report = project.ingest(show_progress=False)
        return report, project.corpus()


# --- undercurrent new ----------------------------------------------------------------------

def test_new_case_has_every_key_explained_and_ingests_without_a_problem(tmp_path, capsys):
    case = tmp_path / "bakkerij"
    assert main(["new", str(case), "--name", "Bakkerij De Korf"]) == 0
    out = capsys.readouterr().out
    assert "case.toml" in out and "LEESMIJ.md" in out and "undercurrent ingest" in out
    assert sorted(p.name for p in case.iterdir()) == ["LEESMIJ.md", "case.toml", "codings", "documents",
                                                      "participants.csv", "transcripts"]
    toml = (case / "case.toml").read_text(encoding="utf-8")
    lines = toml.splitlines()
    for key in CASE_KEYS:  # every key case.toml knows is there, set or as a commented example ...
        at = next((k for k, line in enumerate(lines) if re.match(rf"#?\s*(\[{key}\]|{key} =)", line)), None)
        assert at is not None, key
        # ... with a Dutch explanation in the comment lines right above it
        above = [ln for ln in lines[max(at - 3, 0):at] if ln.startswith("#")]
        assert above, key
    assert "Taal van de transcripten" in toml and "Sprekerlabels van het onderzoeksteam" in toml
    config = read_case_config(case)
    assert (config.name, config.language, config.case_id, config.interviewers) == (
        "Bakkerij De Korf", "nl", "bakkerij", [])
    assert config.codebooks is None and config.max_file_mb == 25 and not config.problems
    leesmij = (case / "LEESMIJ.md").read_text(encoding="utf-8")
    assert "Wat hoort waar" in leesmij and "participant_id" in leesmij and "exports/bakkerij/report.docx" in leesmij
    report, corpus = _ingest(case)
    assert report.problems == [] and report.files == [] and str(report) == "Ingest: no sources found"
    assert list(corpus.cases["name"]) == ["Bakkerij De Korf"]
    assert main(["ingest", str(case), "--quiet"]) == 0
    assert capsys.readouterr().err == ""


def test_new_case_participants_header_uses_the_readers_columns(tmp_path):
    new_case(tmp_path / "c")
    header = (tmp_path / "c" / "participants.csv").read_text(encoding="utf-8").strip().split(",")
    assert header == list(PARTICIPANTS_HEADER)
    assert header[:len(PARTICIPANT_COLUMNS)] == list(PARTICIPANT_COLUMNS)
    assert {"file", "kind", "interview_date"} <= set(header)
    table = read_participants(tmp_path / "c", "c")
    assert table.rows == [] and table.problems == []


def test_new_case_filled_in_reads_with_its_participant(tmp_path):
    case = tmp_path / "werf"
    new_case(case)
    (case / "transcripts" / "ben.txt").write_text(BEN, encoding="utf-8")
    with open(case / "participants.csv", "a", encoding="utf-8") as f:
        f.write("P1,Ben,lasser,werkplaats,1965,1981,2026-09-14,ben.txt,life_history\n")
    report, corpus = _ingest(case)
    assert str(report) == "Ingest: 1 new" and report.problems == []
    assert corpus.documents.loc[0, ["participant_id", "kind"]].tolist() == ["P1", "life_history"]
    assert corpus.participants.loc[0, "pseudonym"] == "Ben"


def test_new_case_examples_in_case_toml_are_valid_when_uncommented(tmp_path):
    case = tmp_path / "c"
    new_case(case)
    toml = (case / "case.toml").read_text(encoding="utf-8")
    toml = re.sub(r"(?m)^# (id = |\[incidents\]|brand = |ignore = )", r"\1", toml)
    (case / "case.toml").write_text(toml, encoding="utf-8")
    config = read_case_config(case)
    assert config.case_id == "mijn_casus" and config.incident_aliases["keukenbrand"] == "brand"
    assert config.ignore_incidents == ["verhuizing"] and not config.problems


def test_new_case_in_a_folder_whose_name_is_no_id(tmp_path):
    case = tmp_path / "mijn casus (2026)"
    new_case(case)
    assert 'id = "mijn_casus_2026"' in (case / "case.toml").read_text(encoding="utf-8")
    report, corpus = _ingest(case)
    assert report.problems == [] and list(corpus.cases["case_id"]) == ["mijn_casus_2026"]
    assert list(corpus.cases["name"]) == ["mijn casus (2026)"]


def test_new_case_with_quotes_in_the_name_and_english(tmp_path):
    new_case(tmp_path / "c", name='Bakkerij "De Korf" \\ Zn.', language="en")
    config = read_case_config(tmp_path / "c")
    assert config.name == 'Bakkerij "De Korf" \\ Zn.' and config.language == "en"


def test_new_refuses_a_folder_that_is_not_empty_and_overwrites_nothing(tmp_path, capsys):
    case = tmp_path / "bestaand"
    case.mkdir()
    (case / "case.toml").write_text('name = "Mijn werk"\n', encoding="utf-8")
    assert main(["new", str(case)]) == 2
    err = capsys.readouterr().err
    assert "already exists and is not empty" in err and str(case) in err
    assert (case / "case.toml").read_text(encoding="utf-8") == 'name = "Mijn werk"\n'
    assert sorted(p.name for p in case.iterdir()) == ["case.toml"]
    hidden = tmp_path / "verborgen"
    hidden.mkdir()
    (hidden / ".git").mkdir()
    assert main(["new", str(hidden)]) == 2
    afile = tmp_path / "bestand.txt"
    afile.write_text("x", encoding="utf-8")
    assert main(["new", str(afile)]) == 2
    assert "exists and is not a folder" in capsys.readouterr().err
    empty = tmp_path / "leeg"
    empty.mkdir()
    assert main(["new", str(empty)]) == 0  # an empty folder is fine
    assert (empty / "case.toml").is_file()


# --- the command line: checked numbers, help everywhere, did you mean ------------------------

def _option_actions(parser):
    yield from parser._actions  # options, positionals and the list of commands


def test_every_option_of_every_command_has_help():
    parser = build_parser()
    commands = subcommands(parser)
    assert {"new", "ingest", "run", "code", "agreement", "topics", "timeline", "codebook", "scan", "info",
            "export-refi", "import-refi"} <= set(commands)
    missing = []
    for name, sub in [("", parser)] + sorted(commands.items()):
        for action in _option_actions(sub):
            if not action.help or action.help == argparse.SUPPRESS or not action.help.strip():
                missing.append(f"{name} {'/'.join(action.option_strings) or action.dest}")
    assert missing == []
    sub_action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert all(choice.help for choice in sub_action._choices_actions)  # each command in the overview too


def test_the_help_walk_can_fail():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bare")
    assert [a.dest for a in _option_actions(parser) if not a.help] == ["bare"]


@pytest.mark.parametrize("argv, option, shown", [
    (["topics", "X", "--nr-topics", "0"], "--nr-topics", "at least 2"),
    (["topics", "X", "--nr-topics", "1"], "--nr-topics", "at least 2"),
    (["topics", "X", "--nr-topics", "vijf"], "--nr-topics", "at least 2"),
    (["topics", "X", "--seed", "-1"], "--seed", "from 0 to 4294967295"),
    (["topics", "X", "--seed", "4294967296"], "--seed", "from 0 to 4294967295"),
    (["code", "X", "--min-precision", "0"], "--min-precision", "above 0 and at most 1"),
    (["code", "X", "--min-precision", "1.5"], "--min-precision", "above 0 and at most 1"),
    (["code", "X", "--min-precision", "nan"], "--min-precision", "above 0 and at most 1"),
    (["code", "X", "--learn-from", "a", "--suggest", "0"], "--suggest", "above 0"),
    (["code", "X", "--learn-from", "a", "--suggest", "2.5"], "--suggest", "above 0"),
    (["ingest", "X", "--max-file-mb", "0"], "--max-file-mb", "above 0"),
    (["run", "X", "--max-file-mb", "-3"], "--max-file-mb", "above 0"),
    (["run", "X", "--max-file-mb", "inf"], "--max-file-mb", "above 0"),
])
def test_invalid_numbers_are_refused_with_a_message(argv, option, shown, capsys):
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert f"argument {option}:" in err and shown in err and f"not {argv[-1]!r}" in err


def test_valid_numbers_pass():
    parser = build_parser()
    args = parser.parse_args(["topics", "X", "--nr-topics", "2", "--seed", "0"])
    assert (args.nr_topics, args.seed) == (2, 0)
    args = parser.parse_args(["code", "X", "--min-precision", "0,75", "--learn-from", "a", "--suggest", "3"])
    assert (args.min_precision, args.suggest) == (0.75, 3)
    assert parser.parse_args(["code", "X", "--min-precision", "1"]).min_precision == 1.0
    assert parser.parse_args(["ingest", "X", "--max-file-mb", "0.5"]).max_file_mb == 0.5


@pytest.mark.parametrize("argv, expected", [
    (["rn"], "unknown command 'rn': did you mean 'run'?"),
    (["ingets", "X"], "did you mean 'ingest'?"),
    (["tpoics", "X"], "did you mean 'topics'?"),
    (["Info", "X"], "did you mean 'info'?"),
    (["run", "X", "--lang", "EN"], "argument --lang: 'EN' is not one of nl, en: did you mean 'en'?"),
    (["run", "X", "--kind", "intak"], "did you mean 'intake'?"),
    (["run", "X", "--ot", "uit"], "did you mean '--out' instead of '--ot'?"),
    (["run", "X", "--zzyzx", "manual"], "--zzyzx is not an option of `undercurrent run`"),
])
def test_a_mistyped_command_or_choice_gets_a_suggestion(argv, expected, capsys):
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2
    assert expected in capsys.readouterr().err


def test_no_suggestion_for_something_far_off(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["xyzzy"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "unknown command 'xyzzy'" in err and "did you mean" not in err and "run" in err


def test_the_console_script_suggests_too(tmp_path):
    result = subprocess.run([sys.executable, "-m", "undercurrent", "rn", str(tmp_path)], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 2 and "did you mean 'run'?" in result.stderr and "Traceback" not in result.stderr


def test_suggest_without_learn_from_stops_before_any_work(tmp_path, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["code", str(tmp_path / "nergens"), "--suggest", "5"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "--suggest needs --learn-from" in err and "is not a folder" not in err


# --- tidy DataFrames -----------------------------------------------------------------------

PEOPLE = ("participant_id,pseudonym,role,file,generation,team,jaren,title\n"
          "P1,Ben,lasser,ben.txt,babyboom,rood,12,Meester\n"
          "P2,Ria,P&O,ria.txt,X,,5,\n"
          "P3,Miek,lasser,miek.txt,,blauw,007,\n")


@pytest.fixture
def corpus(case_factory):
    case = case_factory({"ben.txt": BEN, "ria.txt": RIA, "miek.txt": MIEK}, PEOPLE,
                        case_toml=f'name = "T"\ncodebooks = ["{MINI}"]\n')
    with Project(case) as project:
        project.ingest(show_progress=False)
        project.autocode(show_progress=False)
        return project.corpus()


def test_participant_attributes_are_columns_of_their_own(corpus):
    people = corpus.participants.set_index("participant_id")
    assert people.loc["P1", "attributes"] == {"generation": "babyboom", "team": "rood", "jaren": "12",
                                              "title": "Meester"}  # kept as it was
    def values(column):
        return [None if pd.isna(v) else v for v in people[column]]
    assert values("generation") == ["babyboom", "X", None]
    assert values("team") == ["rood", None, "blauw"]
    # "007" is not written as a whole number, so the column stays text as given
    assert values("jaren") == ["12", "5", "007"]
    # a name the corpus uses itself (documents have a title) gets a prefix
    assert "title" not in people and values("attribute_title") == ["Meester", None, None]
    assert corpus.attribute_names == ["generation", "team", "jaren", "title"]


def test_whole_number_attributes_are_integers(case_factory):
    case = case_factory({"ben.txt": BEN, "ria.txt": RIA}, "participant_id,file,jaren\nP1,ben.txt,12\nP2,ria.txt,\n")
    _, corpus = _ingest(case)
    assert str(corpus.participants["jaren"].dtype) == "Int64"
    assert corpus.participants["jaren"].tolist()[0] == 12 and pd.isna(corpus.participants["jaren"].tolist()[1])


def test_one_case_of_a_corpus_keeps_its_attribute_columns(corpus):
    again = corpus.of_case(corpus.cases["case_id"].iat[0])
    assert again.participants.drop(columns="attributes").equals(corpus.participants.drop(columns="attributes"))
    assert list(again.codings.columns) == list(corpus.codings.columns)


def test_code_matrix_by_an_attribute(corpus):
    from undercurrent.coding.matrices import code_matrix

    by_generation = code_matrix(corpus, by="generation")
    # Miek has no generation: her codings count under "(geen)", last
    assert list(by_generation.columns) == ["X", "babyboom", "(geen)"]
    assert by_generation.loc["mini/handwerk"].to_dict() == {"X": 1, "babyboom": 2, "(geen)": 1}
    assert by_generation.columns.name == "generation"
    by_team = code_matrix(corpus, by="team", value="participants")
    assert by_team.loc["mini/handwerk"].to_dict() == {"blauw": 1, "rood": 1, "(geen)": 1}
    assert list(code_matrix(corpus, by="title").columns) == ["Meester", "(geen)"]  # via attribute_title
    with pytest.raises(ValueError, match="generation, team, jaren"):
        code_matrix(corpus, by="shoe size")


def test_code_matrix_by_a_year_orders_numbers_as_numbers(case_factory):
    from undercurrent.coding.matrices import code_matrix

    case = case_factory({"ben.txt": BEN, "ria.txt": RIA, "miek.txt": MIEK},
                        "participant_id,file,birth_year\nP1,ben.txt,1999\nP2,ria.txt,1965\nP3,miek.txt,\n",
                        case_toml=f'name = "T"\ncodebooks = ["{MINI}"]\n')
    with Project(case) as project:
        project.ingest(show_progress=False)
        project.autocode(show_progress=False)
        corpus = project.corpus()
    table = code_matrix(corpus, by="birth_year")
    assert list(table.columns) == [1965, 1999, "(geen)"]


def test_coding_evidence_in_columns(corpus):
    codings = corpus.codings
    assert {"evidence", "evidence_kind", "evidence_terms", "evidence_words", "evidence_start", "evidence_end",
            "evidence_negated", "evidence_cue"} <= set(codings.columns)
    auto = codings[codings["origin"] == "auto"]
    assert len(auto) and auto["evidence_kind"].notna().all()
    for row in auto.itertuples():
        items = json.loads(row.evidence)  # the raw JSON is kept
        assert row.evidence_kind == "; ".join(dict.fromkeys(i["kind"] for i in items))
        assert row.evidence_start == min(i["start"] for i in items)
        if len(items) == 1:  # offsets are sacred: the parsed span is the matched words
            assert corpus.span(row.doc_id, row.evidence_start, row.evidence_end) == row.evidence_words
    hand = auto[auto["evidence_words"].fillna("").str.contains("met de hand", case=False)]
    assert len(hand) and set(hand["evidence_terms"]) >= {"met de hand"}
    fout = auto[auto["code_id"] == "mini/ruimte_hindert"]
    assert fout["evidence_negated"].tolist() == [True]  # "mag hier niet"
    assert str(auto["evidence_start"].dtype) == "Int64" and str(auto["evidence_negated"].dtype) == "boolean"


def test_evidence_one_row_per_piece(corpus):
    items = corpus.evidence()
    auto = corpus.codings[corpus.codings["origin"] == "auto"]
    assert len(items) == sum(len(json.loads(e)) for e in auto["evidence"])
    assert set(items["coding_id"]) == set(auto["coding_id"])
    for row in items.itertuples():
        assert corpus.span(row.doc_id, row.start, row.end) == row.words


def test_codings_without_or_with_broken_evidence(corpus):
    import dataclasses

    broken = corpus.codings.drop(columns=[c for c in corpus.codings if c.startswith("evidence_")]).copy()
    broken.loc[broken.index[0], "evidence"] = "{not json"
    broken.loc[broken.index[1], "evidence"] = json.dumps({"a": "dict, not a list"})
    again = dataclasses.replace(corpus, codings=broken)
    assert pd.isna(again.codings.loc[broken.index[0], "evidence_kind"])
    assert pd.isna(again.codings.loc[broken.index[1], "evidence_kind"])
    assert again.codings.loc[broken.index[2], "evidence_kind"] == corpus.codings.loc[broken.index[2], "evidence_kind"]
    assert len(again.evidence()) < len(corpus.evidence())


def test_human_codings_have_no_evidence_columns_filled(case_factory, tmp_path):
    case = case_factory({"ben.txt": BEN}, "participant_id,pseudonym,file\nP1,Ben,ben.txt\n",
                        case_toml=f'name = "T"\ncodebooks = ["{MINI}"]\n')
    (case / "codings").mkdir()
    (case / "codings" / "anna.csv").write_text(
        "document,quote,code,coder\nben,Fouten maken mag hier niet.,mini/ruimte_hindert,anna\n", encoding="utf-8")
    _, corpus = _ingest(case)
    row = corpus.codings.iloc[0]
    assert row["origin"] == "manual" and pd.isna(row["evidence_kind"]) and pd.isna(row["evidence_start"])
    assert corpus.evidence().empty and list(corpus.evidence().columns)[:3] == ["coding_id", "doc_id", "code_id"]


def test_agreement_columns_have_plain_names(corpus):
    import dataclasses

    from undercurrent.coding.agreement import agreement

    auto = corpus.codings[corpus.codings["origin"] == "auto"]
    human = auto.assign(coder="anna", origin="manual", coding_id=auto["coding_id"] + "-anna")
    both = dataclasses.replace(corpus, codings=pd.concat([auto, human], ignore_index=True))
    coder = auto["coder"].iat[0]
    table = agreement(both, [coder, "anna"])
    assert list(table.columns) == ["code_id", "unit", "units_compared", f"coded_by_{coder}", "coded_by_anna",
                                   "percent_agreement", "cohen_kappa", "krippendorff_alpha", "gwet_ac1"]
    assert set(table["unit"]) == {"turn"} and (table["percent_agreement"] == 1.0).all()
    chars = agreement(both, [coder, "anna"], level="character")
    assert list(chars.columns) == list(table.columns) and set(chars["unit"]) == {"character"}
    sentences = agreement(both, [coder, "anna"], unit="sentence")
    assert set(sentences["unit"]) == {"sentence"}


# --- human codings from codings/*.csv: how many, in ingest and info --------------------------

def test_ingest_and_info_count_the_human_codings_from_codings_csv(case_factory, capsys):
    case = case_factory({"ben.txt": BEN, "ria.txt": RIA}, "participant_id,pseudonym,file\nP1,Ben,ben.txt\n"
                        "P2,Ria,ria.txt\n", case_toml=f'name = "T"\ncodebooks = ["{MINI}"]\n')
    (case / "codings").mkdir()
    csv_path = case / "codings" / "anna.csv"
    csv_path.write_text("document,quote,code,coder\nben,Fouten maken mag hier niet.,mini/ruimte_hindert,anna\n"
                        "ria,Alles met de hand.,mini/handwerk,anna\n", encoding="utf-8")
    (case / "codings" / "kapot.csv").write_text("wat,is,dit\n1,2,3\n", encoding="utf-8")
    assert main(["ingest", str(case), "--quiet"]) == 1  # kapot.csv cannot be used
    captured = capsys.readouterr()
    assert "Human codings: 2 from codings/anna.csv by anna" in captured.out
    assert "Human codings: codings/kapot.csv could not be read" in captured.out
    assert "kapot.csv" in captured.err
    assert main(["info", str(case)]) == 0
    out = capsys.readouterr().out
    assert "Human codings in the store: 2 (anna 2)" in out
    assert "codings/anna.csv: 2 codings by anna; all in the store" in out
    assert "codings/kapot.csv: cannot be read" in out
    with open(csv_path, "a", encoding="utf-8") as f:  # a row added since the last ingest
        f.write("ben,Met de hand,mini/handwerk,anna\n")
    assert main(["info", str(case)]) == 0
    assert "codings/anna.csv: 3 codings by anna; 1 not in the store yet: run `undercurrent ingest" in (
        capsys.readouterr().out)
    assert main(["ingest", str(case), "--quiet"]) == 1
    assert "Human codings: 3 from codings/anna.csv by anna" in capsys.readouterr().out


def test_info_without_coding_files_says_where_they_go(case_factory, capsys):
    case = case_factory({"ben.txt": BEN})
    assert main(["ingest", str(case), "--quiet"]) == 0
    assert "Human codings:" not in capsys.readouterr().out
    assert main(["info", str(case)]) == 0
    out = capsys.readouterr().out
    assert "Human codings in the store: 0" in out and "no codings/*.csv in the case folder" in out


# --- make notebooks ------------------------------------------------------------------------

@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_notebooks_installs_jupyterlab_registers_the_kernel_and_starts_it(tmp_path):
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").touch()
    (venv / ".installed").touch()
    result = subprocess.run(["make", "-n", "notebooks", f"VENV={venv}"], cwd=REPO, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    steps = result.stdout.splitlines()
    assert any(f"{venv}/bin/pip install" in s and ".[notebooks]" in s for s in steps)
    assert any("-m ipykernel install --user --name undercurrent" in s for s in steps)
    assert any(s.startswith("cd notebooks &&") and s.rstrip().endswith("jupyter lab") for s in steps)
    import tomllib

    extras = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    assert any(req.startswith("jupyterlab") for req in extras["notebooks"])
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "make notebooks" in readme and "Python (undercurrent)" in readme


# --- one version number --------------------------------------------------------------------

def _pyproject_version() -> str:
    import tomllib

    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def test_one_version_number_everywhere(capsys):
    from importlib.metadata import version

    assert undercurrent.__version__ == _pyproject_version()
    assert version("undercurrent") == undercurrent.__version__, "reinstall: make install"
    status = re.search(r"^> Status \(([^)]+)\)", (REPO / "README.md").read_text(encoding="utf-8"), re.M)
    assert status and status.group(1) == undercurrent.__version__
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.strip() == f"undercurrent {undercurrent.__version__}"
    # defined once: no other module writes a version of its own
    for path in (REPO / "undercurrent").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"__version__\s*=\s*['\"]", text), path


def test_the_version_comes_from_pyproject(tmp_path, monkeypatch):
    from undercurrent import _version

    assert _version._from_pyproject() == _pyproject_version()
    other = tmp_path / "pyproject.toml"
    other.write_text('[project]\nname = "iets-anders"\nversion = "9.9"\n', encoding="utf-8")
    monkeypatch.setattr(_version, "PYPROJECT", other)
    assert _version._from_pyproject() is None  # another project's file is not ours
    monkeypatch.setattr(_version, "PYPROJECT", tmp_path / "missing.toml")
    assert _version._from_pyproject() is None
    other.write_text("[project\n", encoding="utf-8")
    monkeypatch.setattr(_version, "PYPROJECT", other)
    assert _version._from_pyproject() is None


def test_the_report_and_the_store_carry_the_version(case_factory, tmp_path):
    case = case_factory({"ben.txt": BEN, "ria.txt": RIA}, "participant_id,pseudonym,role,file\n"
                        "P1,Ben,lasser,ben.txt\nP2,Ria,P&O,ria.txt\n", case_toml=f'name = "T"\ncodebooks = ["{MINI}"]\n')
    out = tmp_path / "out"
    assert main(["run", str(case), "--out", str(out), "--lang", "en", "--quiet"]) == 0
    html = (out / "report.html").read_text(encoding="utf-8")
    assert f"Made with undercurrent {undercurrent.__version__} on" in html
    import docx

    assert docx.Document(out / "report.docx").core_properties.author == f"undercurrent {undercurrent.__version__}"
    with sqlite3.connect(case / ".undercurrent" / "store.sqlite") as con:
        versions = [json.loads(v) for (v,) in con.execute("SELECT versions FROM runs")]
    assert versions and all(v["undercurrent"] == undercurrent.__version__ for v in versions)
