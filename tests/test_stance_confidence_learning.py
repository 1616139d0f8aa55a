"""Stance and polarity, audited confidence, the quality measures, and learned code suggestions."""
import json
import sqlite3

import numpy as np
import pandas as pd
import pytest

from undercurrent import Project
from undercurrent.coding import shipped_codebooks
from undercurrent.coding.audit import audit_indicators, calibration_table, fit_calibration, score
from undercurrent.coding.autocode import RuleCoder, coverage_notes
from undercurrent.coding.codebook import load_codebook
from undercurrent.coding.confidence import ConfidenceModel

from conftest import REPO

MINI = REPO / "tests" / "data" / "mini_codebook.yaml"


@pytest.fixture(scope="module")
def shipped():
    return RuleCoder(shipped_codebooks(), lang="nl")


def decisions(coder, text):
    """{code id: (stance, how)} for one sentence, as the coder decides them."""
    doc = coder.nlp(text)
    out = {}
    for ind, start, end, reading in coder.matches(doc):
        for code, stance, how in coder._decide(ind, reading):
            out.setdefault(code.code_id, (stance, how))
    return out


def test_negation_reaches_across_the_clause(shipped):
    found = decisions(shipped, "Ik heb hier eigenlijk nooit echt fouten mogen maken.")
    assert "leercultuur/ruimte_veiligheid_hindert" in found
    assert "leercultuur/ruimte_veiligheid_steunt" not in found
    # "niet alleen" is no negation; a negation in another clause does not count
    assert "leercultuur/ruimte_veiligheid_steunt" in decisions(
        shipped, "Het is niet makkelijk, maar fouten maken mag hier.")


def test_a_claim_then_contradicted_is_a_hindrance_and_a_say_do_gap(shipped):
    from undercurrent.coding.stance import SentenceCues

    text = "Fouten maken mag, zegt hij, maar probeer het maar eens."
    found = decisions(shipped, text)
    assert found["leercultuur/ruimte_veiligheid_hindert"] == ("lived", "undercut")
    assert found["leercultuur/ruimte_veiligheid_steunt"][0] == "reported"  # kept, but as what he says
    assert SentenceCues(shipped.nlp(text), "nl").say_do() == "zegt hij … eens"
    assert any(line.startswith("onderstroom/say_do_gap:") for line in shipped.explain(text))
    # one person's words followed by a mild "gewoon" are no say-do gap
    assert SentenceCues(shipped.nlp("Die zei niet veel, maar je zag het gewoon."), "nl").say_do() is None
    official = decisions(shipped, "Officieel mogen we experimenteren, maar in de praktijk is er nooit tijd voor.")
    assert official["leercultuur/ruimte_veiligheid_steunt"][0] == "espoused"
    assert official["leercultuur/ruimte_veiligheid_hindert"][0] == "lived"


def test_a_plain_concession_is_not_read_as_support(shipped):
    found = decisions(shipped, "Je mag best experimenteren, maar niet te vaak.")
    assert "leercultuur/ruimte_veiligheid_steunt" not in found


def test_quoted_slogans_are_espoused_and_brackets_are_ignored(shipped):
    assert decisions(shipped, 'Op de muur staat "fouten maken mag".')["leercultuur/ruimte_veiligheid_steunt"][0] \
        == "espoused"
    assert decisions(shipped, "Dat is vakwerk.")
    assert not decisions(shipped, "Dat is [vakwerk] zeg maar.")


def test_explain_shows_stance_and_pruning():
    coder = RuleCoder([load_codebook(MINI)], confidence=ConfidenceModel(pd.DataFrame(
        [dict(code_id="mini/handwerk", kind="lemmas", term="vakwerk", how="", hits=10, correct=1)])))
    lines = coder.explain("Dat is vakwerk. Fouten maken mag, zeggen ze, maar niemand doet het.")
    assert any("switched off by the audit: right 1 of 10 times" in line for line in lines)
    assert any("→ mini/ruimte_hindert  [undercut" in line and "zeggen ze" in line for line in lines)


SAY_DO = ("I: En leren?\nR: Volgens de directie is leren hier heel belangrijk. Maar er komt nooit iemand op "
          "cursus. Het is gewoon druk.\nI: Dank je.\nR: Graag gedaan, het was gezellig.\n")


def test_say_do_gap_across_sentences_of_a_turn(case_factory):
    case = case_factory({"a.txt": SAY_DO}, "participant_id,pseudonym,role,file\nP1,An,lasser,a.txt\n")
    with Project(case) as project:
        project.ingest()
        codings = project.autocode()
        corpus = project.corpus()
    gap = codings[codings["code_id"] == "onderstroom/say_do_gap"]
    assert len(gap) == 1
    text = corpus.text(gap["doc_id"].iat[0])[gap["start"].iat[0]:gap["end"].iat[0]]
    assert text == "Maar er komt nooit iemand op cursus."
    assert gap["stance"].iat[0] == "lived"
    evidence = json.loads(gap["evidence"].iat[0])[0]
    assert evidence["how"] == "say_do" and evidence["cue"].startswith("volgens")
    assert set(codings["stance"]) <= {"lived", "espoused", "reported"}
    # every coding is one sentence, never the whole turn
    sentences = set(zip(corpus.segments.query("kind == 'sentence'")["start"],
                        corpus.segments.query("kind == 'sentence'")["end"]))
    assert set(zip(codings["start"], codings["end"])) <= sentences


def test_documents_are_coded_on_request_as_espoused(case_factory):
    case = case_factory({"a.txt": SAY_DO}, "participant_id,pseudonym,role,file\nP1,An,lasser,a.txt\n",
                        documents={"beleid.txt": "Bij ons mag je fouten maken.\n\nWe werken met de hand.\n"})
    with Project(case) as project:
        project.ingest()
        without = project.autocode()
        with_docs = project.autocode(documents=True)
        docs = project.corpus().documents
    policy = docs.loc[docs["kind"] == "document", "doc_id"].iat[0]
    assert policy not in set(without["doc_id"])
    from_policy = with_docs[with_docs["doc_id"] == policy]
    assert len(from_policy) and set(from_policy["stance"]) == {"espoused"}


def test_context_words_narrow_generic_indicators(tmp_path):
    book = tmp_path / "ctx.yaml"
    book.write_text("""codebook: ctx
version: "1"
title: {nl: Ctx}
codes:
  - id: cursus
    label: {nl: Cursus gevolgd}
    indicators:
      nl:
        compounds: [cursus]
        phrases: ["op cursus"]
        context: [volgen, doen]
""", encoding="utf-8")
    coder = RuleCoder([load_codebook(book)])
    assert decisions(coder, "Ik heb een lascursus gevolgd.")
    assert not decisions(coder, "De cursus heet Elektrotechniek.")
    assert decisions(coder, "Hij is op cursus.")  # phrases carry their own context


def test_english_case_never_runs_dutch_only_rules(tmp_path):
    book = tmp_path / "nl_only.yaml"
    book.write_text("""codebook: nlonly
version: "1"
title: {nl: NL}
codes:
  - id: vak
    label: {nl: Vak}
    indicators: {nl: {lemmas: [vakwerk]}}
""", encoding="utf-8")
    usable, notes = coverage_notes([load_codebook(book), load_codebook(MINI)], "en")
    assert [b.id for b in usable] == ["mini"]
    assert any("nlonly has no 'en' indicators" in n for n in notes)
    assert any("mini: 3 of 4 codes have no 'en' indicators" in n for n in notes)


def test_a_run_without_codings_says_why(case_factory):
    case = case_factory({"a.txt": "I: Hoe gaat het?\nR: Goed hoor, mooi weer vandaag.\nI: Fijn.\nR: Ja.\n"},
                        "participant_id,pseudonym,role,file\nP1,An,lasser,a.txt\n",
                        case_toml=f'name = "T"\ncodebooks = ["{MINI}"]\n')
    with Project(case) as project:
        project.ingest()
        codings = project.autocode()
    assert codings.empty
    assert "none of the codebooks' indicators occur in 2 respondent sentences" in codings.attrs["notes"][-1]


def test_confidence_shrinks_audited_precision_and_calibrates():
    audit = pd.DataFrame([dict(code_id="a/x", kind="lemmas", term="w", how="", hits=20, correct=18),
                          dict(code_id="a/y", kind="lemmas", term="v", how="", hits=1, correct=1),
                          dict(code_id="a/z", kind="lemmas", term="u", how="", hits=5, correct=0)])
    model = ConfidenceModel(audit, pd.DataFrame({"raw": [0.0, 0.5, 1.0], "calibrated": [0.0, 0.2, 0.9]}))
    assert model.indicator("a/x", "lemmas", "w") == pytest.approx((18 + 3 * 0.45) / 23)
    assert 0.45 < model.indicator("a/y", "lemmas", "v") < 0.7  # one lucky hit is not 100%
    assert model.indicator("a/q", "phrases", "t") == 0.55  # unseen: the kind's prior
    assert model.is_pruned("a/z", "lemmas", "u") and not model.is_pruned("a/y", "lemmas", "v")
    assert model.combine([0.5]) == pytest.approx(0.2)
    assert model.combine([0.5, 0.5]) > model.combine([0.5])


def test_shipped_audit_and_calibration_are_consistent():
    model = ConfidenceModel.shipped()
    assert len(model.audit) > 50 and model.pruned
    ys = model.calibration["calibrated"].to_numpy()
    assert (np.diff(ys) >= 0).all() and 0 <= ys.min() and ys.max() <= 1


def _units(codes_per_unit):
    return pd.DataFrame([dict(unit_id=f"u{i}", set="t", doc_id="d", start=10 * i, end=10 * i + 9,
                              codes=frozenset(c), stances={x: "lived" for x in c}, split="test")
                         for i, c in enumerate(codes_per_unit)])


def _coding(unit: int, code: str, confidence=0.9, term="w"):
    ev = [dict(term=term, kind="lemmas", start=10 * unit + 1, end=10 * unit + 3, text="..", stance="lived")]
    return dict(coding_id=f"{unit}{code}", doc_id="d", start=10 * unit, end=10 * unit + 9, code_id=code,
                coder="auto:rules/a@1", origin="auto", confidence=confidence, evidence=json.dumps(ev), stance="lived")


def test_scores_match_a_hand_count():
    units = _units([{"a/x"}, {"a/x"}, set(), {"a/y"}])
    codings = pd.DataFrame([_coding(0, "a/x"), _coding(2, "a/x", 0.3), _coding(3, "a/y")])
    table = score(units, codings).set_index("code_id")
    assert table.loc["a/x", ["tp", "predicted", "support"]].tolist() == [1, 2, 2]
    assert table.loc["a/x", "precision"] == 0.5 and table.loc["a/x", "recall"] == 0.5
    pooled = table.loc["(pooled)"]
    assert (pooled["tp"], pooled["predicted"], pooled["support"]) == (2, 3, 3)
    from sklearn.metrics import cohen_kappa_score
    gold = [1, 1, 0, 0, 0, 0, 0, 1]   # units x codes (a/x then a/y)
    pred = [1, 0, 1, 0, 0, 0, 0, 1]
    assert pooled["kappa"] == pytest.approx(cohen_kappa_score(gold, pred))
    assert score(units, codings, min_confidence=0.5).set_index("code_id").loc["a/x", "precision"] == 1.0
    audit = audit_indicators(units, codings)
    assert audit[["code_id", "hits", "correct"]].values.tolist() == [["a/x", 2, 1], ["a/y", 1, 1]]
    table = calibration_table(units, codings)
    assert table["codings"].sum() == 3


def test_calibration_is_monotone():
    rng = np.random.default_rng(0)
    raw = rng.random(500)
    correct = (rng.random(500) < raw).astype(float)
    table = fit_calibration(raw, correct)
    assert (np.diff(table["calibrated"]) >= 0).all()
    assert table["calibrated"].iloc[-1] > 0.8 and table["calibrated"].iloc[0] < 0.2


def test_old_store_gains_the_stance_column_and_keeps_codings(tmp_path):
    from undercurrent.store import Store

    path = tmp_path / "old.sqlite"
    con = sqlite3.connect(path)
    con.executescript("""CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
        INSERT INTO meta VALUES ('schema_version', '1');
        CREATE TABLE codings (coding_id TEXT PRIMARY KEY, doc_id TEXT NOT NULL, "start" INTEGER NOT NULL,
            "end" INTEGER NOT NULL, code_id TEXT NOT NULL, coder TEXT NOT NULL, origin TEXT NOT NULL,
            confidence REAL, evidence TEXT, memo TEXT, run_id TEXT, created_at TEXT, quote TEXT);
        INSERT INTO codings VALUES ('h1', 'd', 0, 5, 'x/y', 'anna', 'manual', NULL, NULL, 'mijn memo', NULL, NULL, 'hallo');""")
    con.commit()
    con.close()
    with Store(path) as store:
        codings = store.table("codings")
        assert codings["memo"].tolist() == ["mijn memo"] and "stance" in codings
        assert store.con.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == "2"


def test_english_acronym_plurals_lemmatise():
    from undercurrent.nlp import get_pipeline

    assert [t.lemma_ for t in get_pipeline("en", lemmas=True)("All IRBs agreed.")][1] == "irb"


# --- learned suggestions ----------------------------------------------------------------------

ROBOT_TALK = [
    "De robot last nu de kleine series.", "Met die cobot moet je geduld hebben.", "Het koffieapparaat is stuk.",
    "We hebben de robot zelf leren programmeren.", "Mijn dochter zit op voetbal.", "De lasrobot staat vaak stil.",
    "Ik drink mijn koffie zwart.", "Die robot doet het vuile werk.", "Het weer was slecht vorige week.",
    "Niemand snapt die robot echt.", "Op zaterdag ga ik vissen.", "De cobot pakt de onderdelen zelf.",
]


def _learning_case(case_factory, n_turns=4):
    coded = "\n".join(f"I: En?\nR: {' '.join(ROBOT_TALK[k:k + 3])}" for k in range(0, 12, 3))
    fresh = "I: En nu?\nR: De nieuwe robot komt in maart. Ik fiets graag. De robot maakt veel lawaai. Het regent.\n"
    case = case_factory({"a.txt": coded + "\n", "b.txt": fresh},
                        "participant_id,pseudonym,role,file\nP1,An,lasser,a.txt\nP2,Bo,lasser,b.txt\n")
    codings = "document,quote,code,coder\n" + "".join(
        f"a.txt,{s},onderstroom/weerstand,anna\n" for s in ROBOT_TALK if "robot" in s.lower() or "cobot" in s)
    (case / "codings").mkdir()
    (case / "codings" / "anna.csv").write_text(codings, encoding="utf-8")
    return case


def test_learned_suggestions_cross_validate_code_and_suggest(case_factory, tmp_path):
    from undercurrent.coding.manual import read_codings_csv, write_csv

    case = _learning_case(case_factory)
    with Project(case) as project:
        project.ingest()
        human_before = project.corpus().codings.query("origin != 'auto'")
        learned = project.learn("anna", min_examples=4, min_precision=0.6)
        corpus = project.corpus()
        suggestions = learned.suggest(corpus, n=3)
        path = write_csv(suggestions, tmp_path / "next.csv")
        imported = read_codings_csv(path, corpus.documents, corpus.codes)
    row = learned.validation.set_index("code_id").loc["onderstroom/weerstand"]
    assert row["examples"] == 7 and row["precision"] >= 0.6 and row["recall"] >= 0.6
    assert learned.usable_codes == ["onderstroom/weerstand"]
    auto = corpus.codings[corpus.codings["coder"] == learned.coder]
    assert learned.coder.startswith("auto:learned/anna@")
    coded = {corpus.text(d)[s:e] for d, s, e in zip(auto["doc_id"], auto["start"], auto["end"])}
    assert "De nieuwe robot komt in maart." in coded and "Ik fiets graag." not in coded
    assert set(auto["doc_id"]) == {"case0/b"}  # only documents nobody coded
    human_after = corpus.codings.query("origin != 'auto'")
    assert human_after["coding_id"].tolist() == human_before["coding_id"].tolist()
    assert list(suggestions.columns[:7]) == ["document", "start", "end", "quote", "code", "coder", "memo"]
    assert len(suggestions) <= 3 and (suggestions["code"] == "").all()
    assert imported.codings.empty and "have no code and were skipped" in imported.problems[0].message


def test_learning_needs_human_codings(case_factory):
    case = case_factory({"a.txt": SAY_DO}, "participant_id,pseudonym,role,file\nP1,An,lasser,a.txt\n")
    with Project(case) as project:
        project.ingest()
        with pytest.raises(ValueError, match="no human codings by 'nobody'"):
            project.learn("nobody")


def test_cli_learn_and_suggest(case_factory, tmp_path, capsys):
    from undercurrent.cli import main

    case = _learning_case(case_factory)
    out = tmp_path / "next.csv"
    with pytest.raises(SystemExit) as stop:  # refused before any work, as a usage error
        main(["code", str(case), "--quiet", "--no-auto", "--suggest", "2"])
    assert stop.value.code == 2 and "--suggest needs --learn-from" in capsys.readouterr().err
    assert main(["code", str(case), "--quiet", "--learn-from", "anna", "--suggest", "2", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "cross-validated per code" in printed and "onderstroom/weerstand" in printed
    assert out.is_file() and pd.read_csv(out)["quote"].notna().all()


def test_learning_curve_on_texts():
    from undercurrent.coding.learn import learning_curve

    texts = [f"de robot {w}" for w in "rijdt last pakt draait stopt".split()] * 4 + \
            [f"de koffie {w}" for w in "is sterk heet zwart lekker".split()] * 4
    labels = ["robot"] * 20 + ["koffie"] * 20
    train = np.array([i % 4 != 0 for i in range(40)])
    curve = learning_curve(texts, labels, train=train, sizes=(2, 5), repeats=2)
    assert curve["examples_per_category"].tolist() == [2, 5]
    assert curve["kappa_top"].iloc[-1] == 1.0
