"""Third-party files from ../shared/external/ (skipped when ../shared is absent)."""
import shutil

import pytest

from undercurrent import InputWarning, load_corpus

from conftest import make_case, shared_path


def test_qualcoder_examples_ingest(tmp_path):
    folder = shared_path("external", "transcripts")
    case = make_case(tmp_path / "qc", {}, case_toml='name = "QualCoder examples"\nlanguage = "en"\n')
    for name in ("transcript.txt", "ID1.docx", "ID2.odt"):
        shutil.copy(folder / name, case / "transcripts" / name)
    with pytest.warns(InputWarning, match="no speaker labels"):
        corpus = load_corpus(case)
    turns = corpus.turns()
    focus = turns[turns["doc_id"] == "qc/transcript"]
    assert focus["speaker"].tolist() == ["id1", "id2", "id3", "id1", "id3", "id1", "id2"]
    assert set(focus["speaker_role"]) == {"respondent"}  # a focus group: nobody interviews
    assert focus["text"].iloc[-1] == "Hmm, I will ask the tutor for more help as I am really struggling."
    doc = corpus.documents.set_index("doc_id")
    assert doc.loc["qc/ID1", "text"].startswith("I really like learning new things.")
    assert "my father Joe Bloggs really encouraged me" in doc.loc["qc/ID2", "text"]
    assert "€200.00" in doc.loc["qc/ID2", "text"]
    # offsets point into the stored text
    for _, t in turns.iterrows():
        assert corpus.text(t["doc_id"])[t["start"]:t["end"]] == t["text"]
    # unlabelled documents are flagged, not guessed
    assert {p.path.rsplit("/", 1)[-1] for p in corpus.problems if "no speaker labels" in p.message} == {"ID1.docx", "ID2.odt"}
