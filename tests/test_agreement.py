"""Agreement statistics reproduce published values; segment and character level on codings."""
import json

import numpy as np
import pandas as pd
import pytest

from undercurrent import Project
from undercurrent.coding.agreement import (agreement, binary_2x2, cohen_kappa, cohen_kappa_from_table, disagreements,
                                           gwet_ac1, krippendorff_alpha, percent_agreement)
from undercurrent.cli import main

from conftest import REPO, shared_path

MINI = REPO / "tests" / "data" / "mini_codebook.yaml"


@pytest.fixture(scope="module")
def reference():
    return json.loads(shared_path("external", "reliability", "reliability_reference.json").read_text())


@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
def test_krippendorff_2011_example(reference, level):
    case = reference["krippendorff_2011_example_4obs_12units"]
    data = np.array(case["data"], dtype=float)
    assert krippendorff_alpha(data, level) == pytest.approx(case["expected_alpha"][level], abs=5e-4)


def test_three_coders_fifteen_units_and_the_binary_2004_case(reference):
    case = reference["wikipedia_3coders_15units"]
    data = np.array(case["data"], dtype=float)
    assert krippendorff_alpha(data, "nominal") == pytest.approx(case["expected_alpha"]["nominal"], abs=1e-6)
    assert krippendorff_alpha(data, "interval") == pytest.approx(case["expected_alpha"]["interval"], abs=1e-6)
    binary = reference["krippendorff_2004_sec11_3_1_binary"]
    assert krippendorff_alpha(binary["data"]) == pytest.approx(0.0952, abs=5e-5)


def test_hayes_krippendorff_2007(reference):
    path = shared_path("external", "reliability", "hayes_krippendorff_2007_table1.csv")
    data = pd.read_csv(path, na_values=".").set_index("unit").T.to_numpy(dtype=float)
    assert krippendorff_alpha(data, "ordinal") == pytest.approx(0.7598, abs=5e-4)
    assert krippendorff_alpha(data, "nominal") == pytest.approx(0.4765, abs=5e-4)


def test_gwet_cohen_tables(reference):
    tables = reference["gwet_cohen_tables"]
    assert cohen_kappa_from_table(tables["cont3x3abstractors"]["table"]) == pytest.approx(0.796, abs=5e-4)
    assert cohen_kappa_from_table(tables["cont3x3abstractors"]["table"], "quadratic") == pytest.approx(0.892, abs=5e-4)
    assert cohen_kappa_from_table(tables["cont4x4diagnosis"]["table"]) == pytest.approx(0.432, abs=5e-4)


def test_gwet_ac1_matches_an_independent_implementation(reference):
    # values printed by irrCAC 0.4.4 (CAC(...).gwet()) for these matrices, computed outside this project
    m = np.array(reference["krippendorff_2011_example_4obs_12units"]["data"], dtype=float)
    assert gwet_ac1(m) == pytest.approx(0.77544, abs=5e-5)
    m = np.array(reference["wikipedia_3coders_15units"]["data"], dtype=float)
    assert gwet_ac1(m) == pytest.approx(0.70916, abs=5e-5)


def test_nvivo_worked_example_peers_and_formats_section_3():
    stats = binary_2x2(both=50, a_only=100, b_only=50, neither=800)
    assert stats["percent_agreement"] == pytest.approx(0.85)
    assert stats["cohen_kappa"] == pytest.approx(0.318, abs=5e-4)
    assert stats["krippendorff_alpha"] == pytest.approx(0.315, abs=5e-4)
    # the closed forms agree with the general implementations on the expanded data
    a = np.array([1] * 50 + [1] * 100 + [0] * 50 + [0] * 800)
    b = np.array([1] * 50 + [0] * 100 + [1] * 50 + [0] * 800)
    assert cohen_kappa(a, b) == pytest.approx(stats["cohen_kappa"])
    assert krippendorff_alpha(np.vstack([a, b])) == pytest.approx(stats["krippendorff_alpha"])
    assert gwet_ac1(np.vstack([a, b])) == pytest.approx(stats["gwet_ac1"])
    assert percent_agreement(np.vstack([a, b])) == pytest.approx(0.85)


TEXT = ("I: Vraag een?\nR: Met de hand gedaan.\nI: Vraag twee?\nR: Fouten maken mag.\n"
        "I: Vraag drie?\nR: Niets bijzonders.\nI: Vraag vier?\nR: Planning gaat voor.\n")


@pytest.fixture
def coded(case_factory):
    case = case_factory({"a.txt": TEXT}, None, case_toml=f'name = "T"\ncodebooks = ["{MINI}"]\n')
    project = Project(case)
    project.ingest()
    turns = project.corpus().turns(role="respondent")
    spans = {t: (s, e) for t, s, e in zip(turns["text"], turns["start"], turns["end"])}

    def coding(coder, text, code):
        s, e = spans[text]
        return dict(coding_id=f"{coder}-{s}-{code}", doc_id="case0/a", start=s, end=e, code_id=code, coder=coder,
                    origin="manual", quote=text)
    project.add_codings(pd.DataFrame([
        coding("anna", "Met de hand gedaan.", "mini/handwerk"),
        coding("anna", "Fouten maken mag.", "mini/ruimte_steunt"),
        coding("anna", "Planning gaat voor.", "mini/tijd"),
        coding("bert", "Met de hand gedaan.", "mini/handwerk"),
        coding("bert", "Fouten maken mag.", "mini/handwerk"),
        coding("bert", "Planning gaat voor.", "mini/tijd")]))
    yield project, case
    project.close()


def test_segment_level_agreement_per_code_and_overall(coded):
    project, _ = coded
    table = agreement(project.corpus(), ["anna", "bert"]).set_index("code_id")
    assert table.loc["mini/tijd", "percent_agreement"] == 1.0 and table.loc["mini/tijd", "cohen_kappa"] == 1.0
    hand = table.loc["mini/handwerk"]
    assert hand["units_compared"] == 4 and hand["coded_by_anna"] == 1 and hand["coded_by_bert"] == 2
    assert hand["percent_agreement"] == 0.75
    assert hand["cohen_kappa"] == pytest.approx(0.5)
    assert table.loc["mini/ruimte_steunt", "cohen_kappa"] == 0.0  # one coder never used it: chance level
    overall = table.loc["(all codes)"]
    assert overall["units_compared"] == 12 and overall["percent_agreement"] == pytest.approx(10 / 12)


def test_character_level_and_disagreements(coded):
    project, _ = coded
    corpus = project.corpus()
    chars = agreement(corpus, ["anna", "bert"], level="character").set_index("code_id")
    assert chars.loc["mini/tijd", "percent_agreement"] == 1.0
    assert chars.loc["mini/handwerk", "units_compared"] == len(corpus.text("case0/a"))
    diff = disagreements(corpus, "anna", "bert")
    assert diff["text"].tolist() == ["Fouten maken mag."]
    assert diff[["only_anna", "only_bert", "both"]].values.tolist() == [["mini/ruimte_steunt", "mini/handwerk", ""]]
    with pytest.raises(ValueError, match="no codings by carla"):
        agreement(corpus, ["anna", "carla"])


def test_human_versus_auto_and_the_cli(coded, tmp_path, capsys):
    project, case = coded
    project.autocode()
    corpus = project.corpus()
    table = agreement(corpus, ["anna", "auto:rules/mini@0.1"])
    assert "(all codes)" in set(table["code_id"])
    assert main(["agreement", str(case), "--coders", "anna", "bert", "--out", str(tmp_path / "a.xlsx")]) == 0
    out = capsys.readouterr().out
    assert "mini/handwerk" in out and (tmp_path / "a.xlsx").exists()
    sheets = pd.read_excel(tmp_path / "a.xlsx", sheet_name=None)
    assert set(sheets) == {"agreement", "disagreements"}
