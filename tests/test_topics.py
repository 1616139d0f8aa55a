"""Topic models and keyness on the demo and on small corpora."""
import math
import warnings

import numpy as np
import pandas as pd
import pytest

import undercurrent as uc
from undercurrent import topics
from undercurrent.keyness import keyness, keyness_table, role_groups

from conftest import DEMO


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return uc.load_corpus(DEMO, store_path=tmp_path_factory.mktemp("t") / "s.sqlite")


@pytest.fixture(scope="module")
def model(demo):
    return topics.fit(demo, unit="turn", random_state=42)


def test_demo_topics_are_meaningful_and_reproducible(demo, model):
    assert model.method == "bertopic"
    shown = model.topics[model.topics["topic"] >= 0]
    assert 5 <= len(shown) <= 15
    assert shown["size"].max() / shown["size"].sum() < 0.4  # no single topic swallows the corpus
    words = " ".join(" | ".join(t) for t in shown["terms"])
    for theme in ("robot", "brand", "tablet", "koffie", "vegen", "first out"):
        assert theme in words, theme
    vocabulary = {w for t in shown["terms"] for term in t for w in term.split()}
    for filler in ("eh", "nou", "zeg", "weet", "lacht", "ben", "henk"):
        assert filler not in vocabulary, filler
    again = topics.fit(demo, unit="turn", random_state=42)
    assert again.assignments["topic"].tolist() == model.assignments["topic"].tolist()
    assert (model.assignments["topic"] >= 0).mean() > 0.95  # outliers were reassigned
    for row in model.assignments.head(20).itertuples():
        assert demo.text(row.doc_id)[row.start:row.end] == row.text


def test_quotes_shares_merge_save_load(model, tmp_path):
    q = model.quotes(2)
    assert set(q.groupby("topic").size()) <= {1, 2} and len(q) >= 2 * (len(model.topics) - 2)
    shares = model.shares(by="role")
    assert np.allclose(shares.sum(axis=0), 1.0)
    a, b = model.topics["topic"].iloc[0], model.topics["topic"].iloc[1]
    merged = model.merge([a, b], label="samengevoegd")
    assert len(merged.topics) == len(model.topics) - 1
    assert merged.topics.set_index("topic").loc[a, "size"] == model.topics.set_index("topic").loc[[a, b], "size"].sum()
    assert "samengevoegd" in set(merged.topics["label"])
    loaded = topics.TopicModel.load(model.save(tmp_path / "model.pkl"))
    assert loaded.assignments["topic"].tolist() == model.assignments["topic"].tolist()
    (tmp_path / "bad.pkl").write_bytes(__import__("pickle").dumps({"x": 1}))
    with pytest.raises(uc.InputError, match="not a topic model"):
        topics.TopicModel.load(tmp_path / "bad.pkl")


def test_a_twelve_unit_corpus_gets_a_clear_message_and_nmf(demo):
    texts = topics.units_of(demo, "document")
    assert len(texts) == 10
    with pytest.warns(topics.TooFewUnits, match="10 units is too few for BERTopic.*NMF"):
        small = topics.fit(texts=texts, lang="nl", random_state=1)
    assert small.method == "nmf" and "too few" in small.message
    assert small.topics["topic"].min() >= 0 and 2 <= len(small.topics) <= 10
    with pytest.raises(ValueError, match="too few for any topic model"):
        topics.fit(texts=pd.DataFrame({"text": ["ja", "nee"]}), lang="nl")


def test_fillers_and_marks_are_not_analysed():
    out = topics.analysis_text(["Nou eh, zeg maar, de lasrobot [lacht] stond stil bij Henk."], "nl")
    assert out == ["lasrobot stil"]  # "staan" is a filler verb here


def test_keyness_statistics_by_hand():
    # "robot" 30 of 1,000 words in target vs 10 of 1,000 in reference: G2 = 10.46, log ratio = log2(30.5/10.5)
    target = ["robot " * 30 + "woord " * 970]
    reference = ["robot " * 10 + "woord " * 990]
    table = keyness_table(target, reference, ngram_range=(1, 1)).set_index("term")
    a, b = 30, 10  # both corpora have 1,000 words, so each expected count is (a + b) / 2
    e = (a + b) / 2
    g2 = 2 * (a * math.log(a / e) + b * math.log(b / e))
    assert table.loc["robot", "g2"] == pytest.approx(g2, abs=0.01)
    assert table.loc["robot", "log_ratio"] == pytest.approx(math.log2(30.5 / 10.5), abs=0.01)
    assert table.loc["robot", "p"] < 0.01


def test_keyness_work_floor_against_management(demo):
    groups = role_groups(demo)
    assert "directeur-eigenaar" in groups["management"] and "lasser" in groups["operators"]
    table = keyness(demo)
    floor = table[(table["p"] < 0.05) & (table["log_ratio"] > 0)]["term"].tolist()
    office = table[(table["p"] < 0.05) & (table["log_ratio"] < 0)]["term"].tolist()
    assert "lassen" in floor and "robot" in floor
    assert "functioneringsgesprek" in office


def test_topics_command(tmp_path, capsys):
    from undercurrent.cli import main

    store = tmp_path / "s.sqlite"
    assert main(["topics", str(DEMO), "--store", str(store), "--nr-topics", "5", "--out", str(tmp_path / "t.xlsx"),
                 "--save", str(tmp_path / "t.pkl")]) == 0
    out = capsys.readouterr().out
    assert "<TopicModel bertopic" in out and "Share of each theme per role" in out
    sheets = pd.read_excel(tmp_path / "t.xlsx", sheet_name=None)
    assert set(sheets) == {"topics", "units", "by_role", "quotes"}
    assert len(sheets["topics"][sheets["topics"]["topic"] >= 0]) <= 5
    assert topics.TopicModel.load(tmp_path / "t.pkl").method == "bertopic"
