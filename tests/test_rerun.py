"""A second run reuses what its inputs have not changed: the whole report when nothing changed,
the topic model and the timeline when only codings, memos or case files changed."""
import shutil
import warnings

import pandas as pd
import pytest
from conftest import DEMO

from undercurrent import rerun
from undercurrent.engine import Later
from undercurrent.project import Project, run_pipeline

KEEP = ("01_ben_levensverhaal.txt", "04_jeroen_teamleider.txt", "07_kevin_levensverhaal.txt", "10_marco_cobot.txt")


@pytest.fixture()
def case(tmp_path):
    """Four of the demo's plain-text interviews, without scan or human codings (a quick run)."""
    root = tmp_path / "case"
    shutil.copytree(DEMO, root, ignore=shutil.ignore_patterns(".undercurrent", "codings", "scan", "_drafts", "documents"))
    for path in (root / "transcripts").iterdir():
        if path.name not in KEEP:
            path.unlink()
    people = pd.read_csv(root / "participants.csv", dtype=str)
    people[people["file"].isin(KEEP)].to_csv(root / "participants.csv", index=False)
    return root


def _run(case, out, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return run_pipeline(case, out, show_progress=False, **kw)[1]


def _state(folder):
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in sorted(folder.rglob("*")) if p.is_file()}


def test_nothing_changed_nothing_is_done_again(case, tmp_path):
    out = tmp_path / "out"
    first = _run(case, out)
    assert not first.unchanged and (out / rerun.MANIFEST).is_file()
    before, cache = _state(out), _state(case / ".undercurrent" / "store.sqlite.cache")
    assert any(k.startswith("topics-") for k in cache) and any(k.startswith("timeline-") for k in cache)
    second = _run(case, out)
    assert second.unchanged and second == first and _state(out) == before
    with Project(case) as project:
        assert project.store.con.execute("SELECT status FROM runs ORDER BY started_at DESC LIMIT 1").fetchone()[0] \
            == "unchanged"
    forced = _run(case, out, force=True)
    assert not forced.unchanged and _state(out)["report.docx"] != before["report.docx"]


def test_a_memo_rewrites_the_report_and_reuses_topics_and_timeline(case, tmp_path):
    out = tmp_path / "out"
    _run(case, out)
    cache = _state(case / ".undercurrent" / "store.sqlite.cache")
    with Project(case) as project:
        doc_id = project.corpus().documents["doc_id"].iat[0]
        project.add_memo("document", doc_id, "Let op: tweede gesprek gepland.")
    again = _run(case, out)
    assert not again.unchanged
    assert _state(case / ".undercurrent" / "store.sqlite.cache") == cache  # the same topic model and timeline, not recomputed


def test_a_human_coding_redoes_the_timeline_but_not_the_topics(case, tmp_path):
    out = tmp_path / "out"
    _run(case, out)
    cache = _state(case / ".undercurrent" / "store.sqlite.cache")
    with Project(case) as project:
        corpus = project.corpus()
        sentence = corpus.segments[corpus.segments["kind"] == "sentence"].iloc[5]
        project.add_codings(pd.DataFrame([dict(doc_id=sentence["doc_id"], start=sentence["start"], end=sentence["end"],
                                               code_id="onderstroom/vakmanschap", coder="marloes", origin="manual")]))
    assert not _run(case, out).unchanged
    now = _state(case / ".undercurrent" / "store.sqlite.cache")
    assert [k for k in now if k.startswith("topics-")] == [k for k in cache if k.startswith("topics-")]
    assert [k for k in now if k.startswith("timeline-")] != [k for k in cache if k.startswith("timeline-")]
    assert len([k for k in now if k.startswith("timeline-")]) == 1  # the older one is removed


def test_a_changed_or_missing_report_file_is_written_again(case, tmp_path):
    out = tmp_path / "out"
    _run(case, out)
    (out / "report.html").write_text("edited", encoding="utf-8")
    assert not _run(case, out).unchanged
    (out / "report.docx").unlink()
    assert not _run(case, out).unchanged and (out / "report.docx").is_file()
    assert _run(case, out).unchanged
    assert not _run(case, out, lang="en").unchanged  # other settings, another report


def test_kept_results_survive_a_damaged_cache(tmp_path):
    calls = []

    def compute():
        calls.append(1)
        return {"value": len(calls)}

    def cached(digest):
        return rerun.Kept(tmp_path, "thing", digest, lambda: Later(compute, ())).result()

    assert cached("abc") == {"value": 1}
    assert cached("abc") == {"value": 1} and len(calls) == 1
    next(tmp_path.glob("thing-*.pickle")).write_bytes(b"not a pickle")
    assert cached("abc") == {"value": 2}
    assert cached("other") == {"value": 3}
    assert len(list(tmp_path.glob("thing-*.pickle"))) == 1


def test_frame_digest_sees_values_not_run_stamps():
    a = pd.DataFrame({"coding_id": ["x", "y"], "start": [1, 2], "run_id": ["r1", "r1"], "created_at": ["t1", "t1"]})
    b = a.assign(run_id="r2", created_at="t2")
    assert rerun.frame_digest(a) == rerun.frame_digest(b)
    assert rerun.frame_digest(a) != rerun.frame_digest(a.assign(start=[1, 3]))
    assert rerun.frame_digest(a) != rerun.frame_digest(a.iloc[::-1])
    lists = pd.DataFrame({"codes": [["a"], ["b"]]})  # cells pandas cannot hash
    assert rerun.frame_digest(lists) != rerun.frame_digest(pd.DataFrame({"codes": [["a"], ["c"]]}))


def test_the_store_and_the_report_inside_a_case_folder_do_not_count_as_its_files(tmp_path):
    case = tmp_path / "case"
    (case / "transcripts").mkdir(parents=True)
    (case / "transcripts" / "a.txt").write_text("R: ja", encoding="utf-8")
    digest = rerun.folder_digest([case], skip=[case / "report", case / "store.sqlite"])
    for name in ("store.sqlite", "store.sqlite-wal", "store.sqlite.human-codings.csv", "store.sqlite.cache/x.pickle",
                 "report/report.docx", ".undercurrent/store.sqlite"):
        (case / name).parent.mkdir(parents=True, exist_ok=True)
        (case / name).write_text("x", encoding="utf-8")
    assert rerun.folder_digest([case], skip=[case / "report", case / "store.sqlite"]) == digest
    (case / "transcripts" / "a.txt").write_text("R: nee", encoding="utf-8")
    assert rerun.folder_digest([case], skip=[case / "report", case / "store.sqlite"]) != digest
