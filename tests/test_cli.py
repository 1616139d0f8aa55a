import subprocess
import sys

from undercurrent.cli import main

from conftest import DEMO


def test_help_is_for_people(capsys):
    assert main([]) == 0
    out = capsys.readouterr().out
    assert "undercurrent run corpora/demo" in out and "ingest" in out and "info" in out


def test_ingest_run_info_and_exit_codes(case_factory, tmp_path, capsys):
    case = case_factory({"a.txt": "I: Ja?\nR: Ja.\nI: Nee?\nR: Nee.\n", "leeg.txt": ""})
    assert main(["ingest", str(case), "--quiet"]) == 1  # one file could not be read
    captured = capsys.readouterr()
    assert "1 new, 1 failed" in captured.out and "leeg.txt: is empty" in captured.err
    assert main(["run", str(case), "--out", str(tmp_path / "out"), "--lang", "en", "--quiet"]) == 1
    assert (tmp_path / "out" / "report.docx").exists()
    assert main(["info", str(case)]) == 0
    out = capsys.readouterr().out
    assert "1 documents" in out and "case0/a" in out


def test_fatal_errors_exit_2_with_a_clear_message(tmp_path, capsys):
    assert main(["ingest", str(tmp_path / "nergens")]) == 2
    assert "is not a folder" in capsys.readouterr().err


def test_console_script_runs_the_demo(tmp_path):
    result = subprocess.run([sys.executable, "-m", "undercurrent", "run", str(DEMO), "--out", str(tmp_path),
                             "--store", str(tmp_path / "store.sqlite"), "--quiet"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "Report (docx)" in result.stdout and (tmp_path / "report.html").exists()
