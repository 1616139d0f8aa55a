"""The shipped demo case: big and varied enough, and every turn read back exactly as drafted."""
import csv
import importlib.util
import re

import pytest

import undercurrent as uc
from conftest import DEMO, REPO


def _build_module():
    spec = importlib.util.spec_from_file_location("build_demo", REPO / "corpora" / "build_demo.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    store = tmp_path_factory.mktemp("demo-store") / "store.sqlite"
    corpus = uc.load_corpus(DEMO, store_path=store)
    assert not corpus.problems, [str(p) for p in corpus.problems]
    return corpus


def test_demo_is_a_real_fieldwork_corpus(demo):
    stats = uc.corpus_statistics(demo)
    docs = stats.by_document
    assert stats.totals["respondent_words"] >= 15_000
    assert (docs["kind"] == "life_history").sum() >= 3
    assert docs["kind"].isin(["interview", "life_history"]).sum() >= 8
    assert {"txt", "docx", "vtt"} <= set(docs["format"])
    roles = set(demo.participants["role"])
    assert {"lasser", "teamleider", "planner", "P&O-adviseur", "directeur-eigenaar", "leerling"} <= roles
    # every conversation has both interviewer and respondent turns
    conv = docs[docs["kind"].isin(["interview", "life_history"])]
    assert (conv["interviewer_turns"] > 0).all() and (conv["respondent_turns"] > 0).all()


def normalise(text: str) -> str:
    return " ".join(text.split())


def test_every_demo_turn_matches_its_draft(demo):
    build = _build_module()
    turns = demo.turns()
    with open(DEMO / "participants.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        draft = build.parse_draft(DEMO / "_drafts" / f"{row['participant_id']}.txt")
        got = turns[turns["participant_id"] == row["participant_id"]].sort_values("idx")
        expected_roles = ["interviewer" if who == "I" else "respondent" for who, _ in draft]
        assert got["speaker_role"].tolist() == expected_roles, row["file"]
        assert [normalise(t) for t in got["text"]] == [normalise(" ".join(p)) for _, p in draft], row["file"]
        # offsets are sacred: the text column is the stored document text cut at start:end
        text = demo.text(got["doc_id"].iloc[0])
        assert all(text[s:e] == t for s, e, t in zip(got["start"], got["end"], got["text"]))


def test_demo_undercurrent_material_is_there(demo):
    turns = demo.turns(role="respondent")
    text = " ".join(turns["text"]).lower()
    for needle in ("brand", "robot", "met de hand", "tablet", "koffie", "kantoor", "vader"):
        assert needle in text, needle
    # the fire is recalled by several people, and dated differently
    fire = turns[turns["text"].str.contains(r"\bbrand(?:de)?\b", case=False)]
    assert fire["participant_id"].nunique() >= 5
    years = set(re.findall(r"\b(2008|2009)\b", " ".join(fire["text"])))
    assert years == {"2008", "2009"}


def test_demo_build_is_deterministic(tmp_path):
    build = _build_module()
    with open(DEMO / "participants.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        if row["file"].endswith(".docx"):
            continue  # Word files carry zip timestamps; their turns are checked above
        out = build.render(row["participant_id"], build.parse_draft(DEMO / "_drafts" / f"{row['participant_id']}.txt"),
                           tmp_path / row["file"].rsplit(".", 1)[0])
        assert out.read_bytes() == (DEMO / "transcripts" / row["file"]).read_bytes(), row["file"]
