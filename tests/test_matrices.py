"""Framework matrices, co-occurrence, codes over the interview, quotes."""
import dataclasses

import pytest

from undercurrent import Project
from undercurrent.coding.matrices import code_matrix, codes_over_interview, coding_overview, cooccurrence, quotes

from conftest import REPO

MINI = REPO / "tests" / "data" / "mini_codebook.yaml"
BEN = "I: Hoe?\nR: Met de hand, dat is vakwerk.\nI: En?\nR: Fouten maken mag hier niet.\n"
RIA = "I: Hoe?\nR: Alles met de hand.\nI: En?\nR: De planning gaat voor.\n"


@pytest.fixture
def corpus(case_factory):
    case = case_factory({"ben.txt": BEN, "ria.txt": RIA},
                        "participant_id,pseudonym,role,department,file\nP1,Ben,lasser,werkplaats,ben.txt\n"
                        "P2,Ria,P&O,kantoor,ria.txt\n", case_toml=f'name = "T"\ncodebooks = ["{MINI}"]\n')
    with Project(case) as project:
        project.ingest()
        project.autocode()
        return project.corpus()


def test_code_matrix_by_role_participant_and_presence(corpus):
    by_role = code_matrix(corpus, by="role")
    assert by_role.loc["mini/handwerk"].to_dict() == {"P&O": 1, "lasser": 2}
    assert by_role.loc["mini/ruimte_hindert"].to_dict() == {"P&O": 0, "lasser": 1}
    people = code_matrix(corpus, by="pseudonym", value="presence", label="nl")
    assert people.loc["Handwerk als vakmanschap"].to_dict() == {"Ben": 1, "Ria": 1}
    with pytest.raises(ValueError):
        code_matrix(corpus, by="shoe size")


def test_cooccurrence_same_turn(corpus):
    co = cooccurrence(corpus)
    assert co.loc["mini/handwerk", "mini/ruimte_hindert"] == 1  # "Fouten maken" is also handwerk
    assert co.loc["mini/handwerk", "mini/handwerk"] == 3
    assert (co.values == co.values.T).all()


def test_codes_over_interview_and_quotes(corpus):
    over = codes_over_interview(corpus, bins=2)
    assert list(over.columns) == ["0-50%", "50-100%"]
    assert over.sum(axis=1).to_dict() == corpus.codings.groupby("code_id").size().to_dict()
    q = quotes(corpus, "mini/ruimte_hindert")
    assert q["text"].tolist() == ["Fouten maken mag hier niet."]
    assert q["pseudonym"].tolist() == ["Ben"] and q["role"].tolist() == ["lasser"]
    for row in quotes(corpus).itertuples():
        assert corpus.text(row.doc_id)[row.start:row.end] == row.text


def test_coding_overview_for_the_report(corpus):
    overview = coding_overview(corpus, "mini", quotes_per_code=2, min_chars=10, min_confidence=0.0)
    assert overview["top"]["code_id"].tolist()[0] == "mini/handwerk"
    assert set(overview["quotes"]["pseudonym"]) == {"Ben", "Ria"}
    assert coding_overview(corpus, "mini", min_confidence=0.0, min_chars=60)["quotes"].empty  # too thin
    # by default only confident automatic codings count: the mini codebook's rules were never audited
    assert coding_overview(corpus, "mini")["top"].empty
    assert list(overview["by_role"].columns) == ["P&O", "lasser"]
    # codings per participant of the role, the rules' apart from the researchers'
    size = corpus.participants.groupby("role")["participant_id"].nunique()
    auto = corpus.codings[corpus.codings["origin"] == "auto"]
    counts = code_matrix(dataclasses.replace(corpus, codings=auto), by="role", codebook="mini")
    expected = (counts / size.reindex(counts.columns).to_numpy()).round(1)
    assert overview["by_role"].to_numpy().tolist() == expected.loc[
        [c for c in expected.index if c in set(overview["top"]["code_id"])]].to_numpy().tolist()
    assert overview["by_role_human"].empty == (corpus.codings["origin"] == "auto").all()


def test_sentence_codings_roll_up_to_turns_and_participants(corpus):
    from undercurrent.coding.matrices import codings_by

    turns = codings_by(corpus, "turn")
    ben = turns[(turns["pseudonym"] == "Ben") & (turns["code_id"] == "mini/handwerk")]
    # two turns ("Met de hand, dat is vakwerk." with two indicators; "Fouten maken ..."), one coded sentence each
    assert len(ben) == 2 and set(ben["passages"]) == {1}
    assert set(turns["turn_id"]) <= set(corpus.segments.query("kind == 'turn'")["seg_id"])
    people = codings_by(corpus, "participant").set_index(["pseudonym", "code_id"])
    assert people.loc[("Ben", "mini/handwerk"), "passages"] == 2
    assert people.loc[("Ria", "mini/handwerk"), "documents"] == 1
    with pytest.raises(ValueError):
        codings_by(corpus, "paragraph")
