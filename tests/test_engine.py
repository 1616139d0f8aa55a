"""engine="dask" (a 2-worker LocalCluster) and a local engine with 2 worker processes: the same
codings, segments and events as in one process; work beside the run (the topic model)."""
import shutil
import sys

import pandas as pd
import pytest
from conftest import DEMO

from undercurrent.engine import Engine, corpus_parts, split_documents
from undercurrent.project import Project

pytest.importorskip("distributed")


def test_documents_are_split_into_balanced_parts_in_their_order():
    lengths = {"a": 10, "b": 50, "c": 20, "d": 30, "e": 5}
    parts = split_documents(lengths, 2)
    assert sorted(sum(parts, [])) == sorted(lengths)
    assert [sum(lengths[d] for d in p) for p in parts] == [60, 55] or [sum(lengths[d] for d in p) for p in parts] == [55, 60]
    assert all(p == sorted(p, key=list(lengths).index) for p in parts)
    assert split_documents(lengths, 9) and len(split_documents(lengths, 9)) == 5


def test_an_unknown_engine_is_refused():
    with pytest.raises(ValueError, match="not one of"):
        Engine("spark")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    root = tmp_path_factory.mktemp("engine")
    shutil.copytree(DEMO, root / "demo", ignore=shutil.ignore_patterns(".undercurrent", "codings"))
    return root / "demo"


def _key(codings):
    return sorted(codings[["doc_id", "start", "end", "code_id", "coder", "confidence", "evidence", "stance"]]
                  .astype(str).itertuples(index=False))


ENGINES = [pytest.param("dask", id="dask"),
           pytest.param("local", id="local", marks=pytest.mark.skipif(not sys.platform.startswith("linux"),
                                                                       reason="local worker processes are forked"))]


@pytest.mark.parametrize("kind", ENGINES)
def test_two_workers_code_exactly_as_one_process(kind, demo, tmp_path):
    with Project(demo, tmp_path / "one.sqlite") as project:
        project.ingest(show_progress=False)
        alone = project.autocode(show_progress=False, documents=True)
        corpus = project.corpus()
    assert len(corpus_parts(corpus, 4)) == 4
    with Engine(kind, workers=2) as engine, Project(demo, tmp_path / "two.sqlite") as project:
        project.ingest(show_progress=False, engine=engine)
        spread = project.autocode(show_progress=False, documents=True, engine=engine)
        assert engine.parts > 1
        stored = project.corpus()
    assert len(alone) > 100 and _key(spread) == _key(alone)
    assert stored.segments.drop(columns=[]).sort_values("seg_id").reset_index(drop=True).equals(
        corpus.segments.sort_values("seg_id").reset_index(drop=True))


@pytest.mark.parametrize("kind", ENGINES)
def test_two_workers_tag_the_same_events_as_one_process(kind, demo, tmp_path):
    from undercurrent.timeline.events import timeline

    with Project(demo, tmp_path / "t.sqlite") as project:
        project.ingest(show_progress=False)
        corpus = project.corpus()
    alone, incidents = timeline(corpus)
    with Engine(kind, workers=2) as engine:
        spread, spread_incidents = timeline(corpus, engine=engine)
    assert len(alone) > 50
    pd.testing.assert_frame_equal(spread, alone)
    pd.testing.assert_frame_equal(spread_incidents, incidents)


@pytest.mark.parametrize("kind", ENGINES)
def test_a_whole_run_on_two_workers_writes_the_report_with_the_same_codings(kind, demo, tmp_path):
    from undercurrent.project import run_pipeline

    run_pipeline(demo, tmp_path / "local", kind="intake", store_path=tmp_path / "local.sqlite")
    ingest, written = run_pipeline(demo, tmp_path / "two", kind="intake", store_path=tmp_path / "two.sqlite",
                                   engine=kind, workers=2)
    assert written["docx"].is_file() and not ingest.errors
    with Project(demo, tmp_path / "local.sqlite") as one, Project(demo, tmp_path / "two.sqlite") as two:
        assert _key(two.corpus().codings) == _key(one.corpus().codings)


# --- work beside the run: the topic model in a second process -----------------------------------

def test_small_work_beside_runs_here_large_work_in_a_second_process():
    import os
    import time
    from pathlib import Path

    with Engine("local") as engine:
        assert engine.beside(os.getpid, size=10).result() == os.getpid()
    if (os.cpu_count() or 1) < 2:
        pytest.skip("one core: nothing runs beside")
    with Engine("local", beside_min_chars=0) as engine:
        assert engine.runs_beside(1)
        child = engine.beside(os.getpid, size=1).result()
        assert child != os.getpid()
        for _ in range(50):  # its work done, the process ends and gives its memory back
            stat = Path(f"/proc/{child}/stat")
            if not stat.exists() or stat.read_text().split()[2] in ("Z", "X"):
                break
            time.sleep(0.1)
        else:
            raise AssertionError("the process beside the run is still there after its work")
        with pytest.raises(ValueError):  # an error there is raised here
            engine.beside(int, "not a number", size=1).result()
        # the work is not pickled on its way (it is there when the process is forked): a lambda goes
        assert engine.beside(lambda x: x + 1, 41, size=1).result() == 42


def test_topics_fitted_beside_are_the_topics_fitted_here(demo, tmp_path):
    import os

    from undercurrent.project import _report_topics

    if (os.cpu_count() or 1) < 2:
        pytest.skip("one core: nothing runs beside")
    with Project(demo, tmp_path / "b.sqlite") as project:
        project.ingest(show_progress=False)
        corpus = project.corpus()
    with Engine("local", beside_min_chars=0) as engine:
        job = engine.beside(_report_topics, corpus, size=1)
        here, why_not = _report_topics(corpus)
        there, why_not_there = job.result()
    assert why_not is None and why_not_there is None and here.n_topics >= 3
    assert there.assignments["topic"].tolist() == here.assignments["topic"].tolist()
    assert there.topics.equals(here.topics)
