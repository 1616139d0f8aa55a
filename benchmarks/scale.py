"""How each stage grows with the corpus: words per second, the ratio to spaCy's blank Dutch
tokenizer on the same text in the same process, and peak memory, at several sizes; and the
speed-up of the document-parallel stages on 1 and 2 local Dask workers.

    python -m benchmarks --scale [--sizes 100000,1000000] [--cases 10]

Each size is a seeded synthetic study (:mod:`benchmarks.scale_corpus`) run in a fresh process,
so the memory figures are that size's own. A stage that grows faster than the corpus shows as a
ratio that rises with the size.
"""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STAGES = ("ingest", "autocode", "corpus", "coding overview", "timeline", "synthesis", "topics", "report",
          "re-run (unchanged)")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def measure(root: Path, out: Path) -> dict:
    """Time every stage of a full run on the study in ``root`` (in this process)."""
    import warnings

    import spacy

    from undercurrent.coding.matrices import coding_overview
    from undercurrent.project import Project, _timeline, _topics_and_keyness
    from undercurrent.report import write_report
    from undercurrent.report.case_report import build_case_report
    from undercurrent.stats import corpus_statistics
    from undercurrent.synthesis import Evidence, synthesis

    warnings.simplefilter("ignore")
    texts = [p.read_text(encoding="utf-8") for p in sorted(root.glob("*/transcripts/*.txt"))]
    words = sum(len(t.split()) for t in texts)
    nlp = spacy.blank("nl")
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=64):
        pass
    result = {"words": words, "tokenizer": time.perf_counter() - t0, "stages": {}, "peak_mb": {}}

    def stage(name, func):
        start = time.perf_counter()
        value = func()
        result["stages"][name] = time.perf_counter() - start
        result["peak_mb"][name] = _peak_mb()
        return value

    store = out / "store.sqlite"
    with Project(root, store) as project:
        stage("ingest", lambda: project.ingest(show_progress=False))
        stage("autocode", lambda: project.autocode(show_progress=False, documents=True))
        corpus = stage("corpus", project.corpus)
        coding = stage("coding overview", lambda: [(b.title, coding_overview(corpus, b.id)) for b in project.codebooks])
        timeline = stage("timeline", lambda: _timeline(corpus))
        findings = stage("synthesis", lambda: synthesis(Evidence.of(corpus), timeline=timeline))
        topics, key = stage("topics", lambda: _topics_and_keyness(corpus, project.ingest(show_progress=False)))

        def report():
            built = build_case_report(corpus, corpus_statistics(corpus), findings=findings, coding=coding,
                                      topic_model=topics, keyness=key, timeline=timeline,
                                      pseudonymise=project.pseudonymiser(corpus))
            return write_report(built, out / "report", name="report")

        stage("report", report)
        stage("re-run (unchanged)", lambda: (project.ingest(show_progress=False),
                                             project.autocode(show_progress=False, documents=True)))
    return result


def dask_speedup(root: Path, out: Path) -> dict:
    """Seconds for ingest + auto-coding + time tagging in one process and on 1 and 2 local Dask
    workers (fresh stores each time; the cluster's start-up is not counted)."""
    import warnings

    from undercurrent.engine import Engine
    from undercurrent.project import Project, _timeline

    warnings.simplefilter("ignore")
    seconds = {}
    for label, engine, workers in (("one process", "local", 1), ("dask, 1 worker", "dask", 1),
                                   ("dask, 2 workers", "dask", 2)):
        with Engine(engine, workers=workers) as running:
            start = time.perf_counter()
            with Project(root, out / f"{label}.sqlite") as project:
                project.ingest(show_progress=False, engine=running)
                project.autocode(show_progress=False, documents=True, engine=running)
                _timeline(project.corpus(), running)
            seconds[label] = time.perf_counter() - start
    return seconds


def run(sizes=(100_000, 300_000), cases: int = 10) -> None:
    from benchmarks.scale_corpus import write_study

    print(f"{'stage':<20}" + "".join(f"{n:>13,} w" for n in sizes) + "   (seconds; ratio to the tokenizer; words/s)")
    results = []
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            study = write_study(Path(tmp) / "study", n, cases=max(1, min(cases, n // 10_000)))
            done = subprocess.run([sys.executable, "-m", "benchmarks.scale", "--measure", str(study), tmp],
                                  capture_output=True, text=True, env={**os.environ, "UNDERCURRENT_QUIET": "1"})
            if done.returncode != 0:
                print(done.stderr[-3000:])
                raise SystemExit(f"the {n:,}-word run failed")
            results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    print(f"{'tokenizer':<20}" + "".join(f"{r['tokenizer']:>9.2f}s    " for r in results))
    for name in STAGES:
        cells = []
        for r in results:
            seconds = r["stages"][name]
            cells.append(f"{seconds:>7.1f}s {seconds / r['tokenizer']:>5.0f}x")
        print(f"{name:<20}" + "".join(f"{c:>15}" for c in cells))
    total = [sum(v for k, v in r["stages"].items() if k != "re-run (unchanged)") for r in results]
    print(f"{'whole run':<20}" + "".join(f"{t:>7.1f}s {t / r['tokenizer']:>5.0f}x" for t, r in zip(total, results)))
    print(f"{'words/s (run)':<20}" + "".join(f"{r['words'] / t:>13,.0f}  " for t, r in zip(total, results)))
    print(f"{'peak memory':<20}" + "".join(f"{max(r['peak_mb'].values()):>11,.0f} MB  " for r in results))
    if len(results) > 1:
        growth = results[-1]["words"] / results[0]["words"]
        print(f"\nfor {growth:.1f}x the words, each stage took (1.0 = linear):")
        for name in STAGES:
            print(f"  {name:<20} {results[-1]['stages'][name] / results[0]['stages'][name] / growth:5.2f}")
        print(f"  {'peak memory':<20} {max(results[-1]['peak_mb'].values()) / max(results[0]['peak_mb'].values()):5.2f}x"
              " (sub-linear when below the growth in words)")
    with tempfile.TemporaryDirectory() as tmp:  # Dask on the smallest size: ingest, coding and time tagging
        study = write_study(Path(tmp) / "study", sizes[0], cases=max(1, min(cases, sizes[0] // 10_000)))
        done = subprocess.run([sys.executable, "-m", "benchmarks.scale", "--dask", str(study), tmp],
                              capture_output=True, text=True, env={**os.environ, "UNDERCURRENT_QUIET": "1"})
        if done.returncode != 0:
            print(f"\nDask: not measured ({done.stderr.strip().splitlines()[-1] if done.stderr.strip() else 'failed'})")
            return
        seconds = json.loads(done.stdout.strip().splitlines()[-1])
        base = seconds["one process"]
        print(f"\ningest + auto-coding + time tagging, {sizes[0]:,} words ({os.cpu_count()} cores):")
        for label, value in seconds.items():
            print(f"  {label:<16} {value:6.1f}s   speed-up {base / value:4.2f}x")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--measure":
        print(json.dumps(measure(Path(sys.argv[2]), Path(sys.argv[3]))))
    elif len(sys.argv) == 4 and sys.argv[1] == "--dask":
        print(json.dumps(dask_speedup(Path(sys.argv[2]), Path(sys.argv[3]))))
    else:
        run()
