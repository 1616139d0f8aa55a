"""The rule-based auto-coder: lemmas, separable verbs, compounds, phrases, patterns, negation."""
import json

import pandas as pd
import pytest

from undercurrent import Project
from undercurrent.coding.autocode import RuleCoder
from undercurrent.coding.codebook import load_codebook

from conftest import REPO

MINI = REPO / "tests" / "data" / "mini_codebook.yaml"


@pytest.fixture(scope="module")
def coder():
    return RuleCoder([load_codebook(MINI)], lang="nl")


def hits(coder, text):
    """(indicator's code, matched text, negated, the code it decided on or None) per match."""
    doc = coder.nlp(text)
    out = []
    for ind, s, e, reading in coder.matches(doc):
        decided = coder._decide(ind, reading)
        out.append((ind.code.id, doc[s:e].text, reading.negated, decided[0][0].id if decided else None))
    return out


@pytest.mark.parametrize("text, expected", [
    ("Dat is echt vakwerk.", ("handwerk", "vakwerk")),
    ("Vakwerken is het.", ("handwerk", "Vakwerken")),                       # inflected form, lemma match
    ("Ik kijk het af van de ouwe rotten.", ("handwerk", "kijk het af")),    # separable verb, split
    ("Hij keek het van Ben af.", ("handwerk", "keek het van Ben af")),
    ("We hebben het afgekeken.", ("handwerk", "afgekeken")),
    ("Zonder af te kijken lukt het niet.", ("handwerk", "af te kijken")),
    ("De lasrobots stonden stil.", ("handwerk", "lasrobots")),             # compound head
    ("Alles met de handen gedaan.", ("handwerk", "met de handen")),        # phrase on lemmas
    ("Ik heb een fout gemaakt.", ("handwerk", "fout gemaakt")),            # Matcher pattern
    ("Dat was in de jaren tachtig.", ("handwerk", "jaren tachtig")),       # regex
])
def test_indicator_kinds_match(coder, text, expected):
    assert expected in [(h[0], h[1]) for h in hits(coder, text)]


def test_no_false_separable_match_across_a_clause(coder):
    assert not [h for h in hits(coder, "Ik kijk naar de klok, en daarna ga ik af en toe weg.") if h[0] == "handwerk"]
    assert not hits(coder, "De zeilboot lag aan de kade.")


def test_negation_flips_drops_or_keeps(coder):
    flipped = hits(coder, "Fouten maken mag hier niet.")
    assert ("ruimte_steunt", "Fouten maken mag", True, "ruimte_hindert") in flipped
    assert ("ruimte_steunt", "experimenteren", True, "ruimte_hindert") in hits(coder, "We mogen nooit experimenteren.")
    assert ("ruimte_steunt", "experimenteren", False, "ruimte_steunt") in hits(coder, "We mogen experimenteren.")
    assert ("tijd", "planning", True, None) in hits(coder, "Er is geen planning.")   # negation: drop
    # a negation in another clause does not count
    assert ("ruimte_steunt", "experimenteren", False, "ruimte_steunt") in hits(
        coder, "Het is niet makkelijk, maar we experimenteren.")


def test_explain_lists_codes_and_reasons(coder):
    lines = coder.explain("Fouten maken mag hier niet. Met de hand!")
    assert any("→ mini/ruimte_hindert  [negated]" in line for line in lines)
    assert any("mini/handwerk" in line for line in lines)


CASE = ("I: Hoe leer je hier?\nR: Met de hand, dat is vakwerk. Ik kijk het af van Ben.\n"
        "I: En fouten?\nR: Fouten maken mag hier niet. We experimenteren nooit.\n"
        "I: En de robot?\nR: Die lasrobot staat stil.\n")


def make_project(case_factory):
    case = case_factory({"ben.txt": CASE}, "participant_id,pseudonym,role,file\nP1,Ben,lasser,ben.txt\n",
                        case_toml=f'name = "T"\ncodebooks = ["{MINI}"]\n')
    return Project(case)


def test_autocode_writes_turn_codings_with_evidence(case_factory):
    with make_project(case_factory) as project:
        project.ingest()
        codings = project.autocode(unit="turn")
        corpus = project.corpus()
    assert set(codings["coder"]) == {"auto:rules/mini@0.1"} and set(codings["origin"]) == {"auto"}
    assert set(codings["stance"]) == {"lived"}
    by_code = codings.groupby("code_id").size().to_dict()
    assert by_code == {"mini/handwerk": 3, "mini/ruimte_hindert": 1}  # "Fouten maken" is a handwerk pattern too
    turns = corpus.turns().set_index("start")
    for row in codings.itertuples():
        assert row.start in turns.index and turns.loc[row.start, "speaker_role"] == "respondent"
        for ev in json.loads(row.evidence):
            assert corpus.text(row.doc_id)[ev["start"]:ev["end"]] == ev["text"]
    handwerk = codings[codings["code_id"] == "mini/handwerk"]
    # phrase + lemma + separable verb in one turn: more confident than the compound alone
    assert handwerk["confidence"].iloc[0] > handwerk["confidence"].iloc[-1]
    hinders = codings[codings["code_id"] == "mini/ruimte_hindert"].iloc[0]
    assert {e["from"] for e in json.loads(hinders.evidence)} == {"mini/ruimte_steunt"}


def test_rerun_replaces_only_its_own_codings(case_factory):
    with make_project(case_factory) as project:
        project.ingest()
        project.autocode(unit="turn")
        corpus = project.corpus()
        human = pd.DataFrame([dict(coding_id="h1", doc_id="case0/ben", start=3, end=10, code_id="mini/tijd",
                                   coder="anna", origin="manual", quote=corpus.text("case0/ben")[3:10])])
        project.add_codings(human)
        project.add_memo("coding", "h1", "twijfel: is dit tijd?", author="anna")
        first = project.corpus().codings
        project.autocode(unit="turn")
        project.autocode()
        after = project.corpus()
    assert "h1" in set(after.codings["coding_id"])
    assert after.codings.set_index("coding_id").loc["h1", "coder"] == "anna"
    auto = after.codings[after.codings["origin"] == "auto"]
    sentences = after.segments[after.segments["kind"] == "sentence"]
    assert len(auto) == 6  # only the last run's (sentence-level) codings are left
    assert set(zip(auto["start"], auto["end"])) <= set(zip(sentences["start"], sentences["end"]))
    assert len(first[first["origin"] == "auto"]) == 4
    assert after.memos["text"].tolist() == ["twijfel: is dit tijd?"]
    with pytest.raises(ValueError):
        Project.add_codings(None, first[first["origin"] == "auto"])


def test_anchor_buckets_change_speed_not_results(monkeypatch, tmp_path):
    """The shipped codebooks on the demo give the same codings with one Matcher for all patterns,
    called on every sentence."""
    import warnings

    import undercurrent as uc
    from undercurrent.coding import autocode, shipped_codebooks

    from conftest import DEMO

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = uc.load_corpus(DEMO, store_path=tmp_path / "s.sqlite")
    books = shipped_codebooks()
    bucketed = RuleCoder(books).code(corpus)
    monkeypatch.setattr(autocode._PatternBuckets, "_literals", lambda self, pattern: [])
    single = RuleCoder(books).code(corpus)
    assert len(bucketed) > 300
    columns = ["doc_id", "start", "end", "code_id", "evidence"]
    assert bucketed[columns].equals(single[columns])


def test_a_second_run_on_an_unchanged_case_reuses_the_codings(case_factory, tmp_path):
    from undercurrent.project import Project

    case = case_factory({"a.txt": "I: Hoe leer je?\nR: Ik kijk mee met een collega, dat is hier gewoon zo.\n"
                                  "I: En fouten?\nR: Fouten maken mag hier niet, dan krijg je op je kop.\n"})
    with Project(case, tmp_path / "s.sqlite") as project:
        project.ingest(show_progress=False)
        first = project.autocode(show_progress=False)
        again = project.autocode(show_progress=False)
        assert not first.attrs.get("reused") and again.attrs["reused"]
        assert sorted(again["coding_id"]) == sorted(first["coding_id"]) and len(first) > 0
        assert not project.autocode(show_progress=False, unit="turn").attrs.get("reused")  # other settings
        (case / "transcripts" / "a.txt").write_text("I: Hoe leer je?\nR: Door het gewoon te doen.\n", encoding="utf-8")
        project.ingest(show_progress=False)
        changed = project.autocode(show_progress=False, unit="turn")
        assert not changed.attrs.get("reused")  # a changed transcript is coded again
