"""How each stage grows with the corpus: words per second, the ratio to spaCy's blank Dutch
tokenizer on the same text in the same process, and peak memory, at several sizes; the
auto-coder against a naive pandas coder; and the speed-up of the document-parallel stages in 2
local processes and on 1 and 2 local Dask workers (at the largest size up to 1M words).

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

STAGES = ("ingest", "autocode", "corpus", "coding overview", "timeline", "synthesis", "topics (waited for)",
          "report", "re-run (unchanged)")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def timed_topics(corpus):
    """The report's topics as the run fits them, with the seconds and peak memory of the process
    that fitted them (a second process when the run puts them there)."""
    from undercurrent.project import _report_topics

    start = time.perf_counter()
    result = _report_topics(corpus)
    return result, time.perf_counter() - start, _peak_mb()


def naive_coder(corpus, codebooks, lang: str = "nl") -> int:
    """The baseline the auto-coder is measured against: a pandas ``str.contains`` loop, one
    case-insensitive whole-word search per indicator over the respondent sentences (lemmas and
    phrases as written, compounds as word endings, the codebooks' regexes). Token patterns,
    negation and stance are left out, so it does less than the auto-coder. Returns the hits."""
    import re

    import pandas as pd

    seg = corpus.segments
    sentences = seg[(seg["kind"] == "sentence") & (seg["speaker_role"] == "respondent")]
    texts = pd.Series([corpus.span(d, a, b) for d, a, b in zip(sentences["doc_id"], sentences["start"], sentences["end"])], dtype=object)
    hits = 0
    for book in codebooks:
        for code in book.codes:
            ind = code.indicators.get(lang)
            if ind is None:
                continue
            searches = ([rf"\b{re.escape(t)}\b" for t in [*ind.lemmas, *ind.phrases]]
                        + [rf"{re.escape(t)}\b" for t in ind.compounds] + list(ind.regex))
            for rx in searches:
                hits += int(texts.str.contains(rx, case=False, regex=True).sum())
    return hits


def measure(root: Path, out: Path, naive: bool = False, workers: int = 1) -> dict:
    """Time every stage of a full run on the study in ``root`` (in this process), the way
    ``undercurrent run`` does it: the topic model fitted beside timeline and findings."""
    import warnings

    import spacy

    from undercurrent.coding.matrices import coding_overview
    from undercurrent.engine import Engine
    from undercurrent import rerun
    from undercurrent.project import Project, _timeline, _topics_and_keyness, report_inputs, run_pipeline
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
    with Project(root, store) as project, Engine("local", workers=workers) as engine:
        ingest = stage("ingest", lambda: project.ingest(show_progress=False, engine=engine))
        stage("autocode", lambda: project.autocode(show_progress=False, documents=True, engine=engine))
        corpus = stage("corpus", project.corpus)
        size = int(corpus.documents["text"].str.len().sum())
        job = engine.beside(timed_topics, corpus, size=size)
        result["topics beside"] = engine.runs_beside(size)
        coding = stage("coding overview", lambda: [(b.title, coding_overview(corpus, b.id)) for b in project.codebooks])
        timeline = stage("timeline", lambda: _timeline(corpus, engine))
        findings = stage("synthesis", lambda: synthesis(Evidence.of(corpus), timeline=timeline))

        class Fitted:  # the job's value without its timing, for _topics_and_keyness
            def result(self):
                value, result["topics fit"], result["topics peak_mb"] = job.result()
                return value

        topics, key = stage("topics (waited for)", lambda: _topics_and_keyness(corpus, ingest, Fitted()))

        def report():
            built = build_case_report(corpus, corpus_statistics(corpus), findings=findings, coding=coding,
                                      topic_model=topics, keyness=key, timeline=timeline,
                                      pseudonymise=project.pseudonymiser(corpus))
            return write_report(built, out / "report", name="report")

        written = stage("report", report)
        rerun.write_manifest(out / "report", report_inputs(project, corpus, out / "report", lang="nl", kind="case"),
                             written)
        if naive:
            start = time.perf_counter()
            naive_coder(corpus, project.codebooks)
            result["naive coder"] = time.perf_counter() - start
    # the whole run again, as `undercurrent run` does it, on the unchanged study
    again = stage("re-run (unchanged)", lambda: run_pipeline(root, out / "report", store_path=store, show_progress=False,
                                                             workers=workers))
    assert again[1].unchanged, "the re-run did not find the report up to date"
    return result


def parallel_speedup(root: Path, out: Path) -> dict:
    """Seconds for ingest + auto-coding + time tagging in one process, in 2 local processes, and
    on 1 and 2 local Dask workers (fresh stores each time; the cluster's start-up is not counted);
    and the auto-coding alone in one and in 2 local processes."""
    import warnings

    from undercurrent.engine import Engine
    from undercurrent.project import Project, _timeline

    warnings.simplefilter("ignore")
    seconds = {}
    for label, engine, workers in (("one process", "local", 1), ("2 processes", "local", 2),
                                   ("dask, 1 worker", "dask", 1), ("dask, 2 workers", "dask", 2)):
        with Engine(engine, workers=workers) as running:
            start = time.perf_counter()
            with Project(root, out / f"{label}.sqlite") as project:
                project.ingest(show_progress=False, engine=running)
                coding = time.perf_counter()
                project.autocode(show_progress=False, documents=True, engine=running)
                seconds[f"auto-coding, {label}"] = time.perf_counter() - coding
                _timeline(project.corpus(), running)
            seconds[label] = time.perf_counter() - start
    return seconds


def run(sizes=(100_000, 300_000), cases: int = 10) -> None:
    from benchmarks.scale_corpus import write_study

    print(f"{'stage':<20}" + "".join(f"{n:>13,} w" for n in sizes) + "   (seconds; ratio to the tokenizer)")
    results = []
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            study = write_study(Path(tmp) / "study", n, cases=max(1, min(cases, n // 10_000)))
            # the naive coder is slow (4 minutes at 1M words): at the largest size up to 1M only
            naive = ["--naive"] if n == max([m for m in sizes if m <= 1_000_000] or [sizes[0]]) else []
            done = subprocess.run([sys.executable, "-m", "benchmarks.scale", "--measure", str(study), tmp, *naive],
                                  capture_output=True, text=True, env={**os.environ, "UNDERCURRENT_QUIET": "1"})
            if done.returncode != 0:
                print(done.stderr[-3000:])
                raise SystemExit(f"the {n:,}-word run failed")
            results.append(json.loads(done.stdout.strip().splitlines()[-1]))

    def row(label, values, unit="s", ratio=True):
        cells = [("(in the run)" if v != v else f"{v:>11,.0f} {unit}") if not ratio  # NaN: not measured apart
                 else f"{v:>7.1f}{unit} {v / r['tokenizer']:>5.0f}x" for v, r in zip(values, results)]
        print(f"{label:<20}" + "".join(f"{c:>15}" for c in cells))

    print(f"{'tokenizer':<20}" + "".join(f"{r['tokenizer']:>9.2f}s    " for r in results))
    for name in STAGES:
        row(name, [r["stages"][name] for r in results])
    row("topics (fit)", [r["topics fit"] for r in results])
    total = [sum(v for k, v in r["stages"].items() if k != "re-run (unchanged)") for r in results]
    row("whole run", total)
    print(f"{'words/s (run)':<20}" + "".join(f"{r['words'] / t:>13,.0f}  " for t, r in zip(total, results)))
    row("peak memory", [max(r["peak_mb"].values()) for r in results], "MB", ratio=False)
    row("  topics process", [r["topics peak_mb"] if r["topics beside"] else float("nan") for r in results],
        "MB", ratio=False)
    print("\n(topics are fitted in a second process beside coding overview, timeline and synthesis where the "
          "corpus is large enough; 'waited for' is the time the run still waited for them, 'fit' their own time)")
    front = [r["stages"]["ingest"] + r["stages"]["autocode"] for r in results]
    print("ingest + NLP + auto-coding, throughput as a share of the tokenizer's: "
          + ", ".join(f"{r['tokenizer'] / f:.1%} at {r['words']:,} words" for f, r in zip(front, results)))
    for r in results:
        if "naive coder" in r:
            print(f"auto-coding vs a naive pandas str.contains coder at {r['words']:,} words: "
                  f"{r['naive coder']:.1f}s / {r['stages']['autocode']:.1f}s = "
                  f"{r['naive coder'] / r['stages']['autocode']:.1f}x faster")
    if len(results) > 1:
        print(f"\nmemory curve (peak of the run's own process): "
              + ", ".join(f"{r['words']:,} words {max(r['peak_mb'].values()):,.0f} MB" for r in results))
        for prev, r in zip(results, results[1:]):
            growth = r["words"] / prev["words"]
            print(f"\nfrom {prev['words']:,} to {r['words']:,} words ({growth:.1f}x), each stage took (1.0 = linear):")
            for name in [*STAGES, "topics fit"]:
                a, b = (prev["stages"].get(name, prev.get(name)), r["stages"].get(name, r.get(name)))
                print(f"  {name:<20} {b / a / growth:5.2f}")
            print(f"  {'peak memory':<20} {max(r['peak_mb'].values()) / max(prev['peak_mb'].values()):5.2f}x"
                  " (sub-linear when below the growth in words)")
    size = max([n for n in sizes if n <= 1_000_000] or [sizes[0]])  # processes and Dask: up to 1M words
    with tempfile.TemporaryDirectory() as tmp:
        study = write_study(Path(tmp) / "study", size, cases=max(1, min(cases, size // 10_000)))
        done = subprocess.run([sys.executable, "-m", "benchmarks.scale", "--parallel", str(study), tmp],
                              capture_output=True, text=True, env={**os.environ, "UNDERCURRENT_QUIET": "1"})
        if done.returncode != 0:
            print(f"\nparallel: not measured ({done.stderr.strip().splitlines()[-1] if done.stderr.strip() else 'failed'})")
            return
        seconds = json.loads(done.stdout.strip().splitlines()[-1])
        base = seconds["one process"]
        print(f"\ningest + auto-coding + time tagging, {size:,} words ({os.cpu_count()} cores):")
        for label, value in seconds.items():
            if not label.startswith("auto-coding"):
                print(f"  {label:<16} {value:6.1f}s   speed-up {base / value:4.2f}x")
        measured = next((r for r in results if abs(r["words"] - size) / size < 0.1 and "naive coder" in r), None)
        coding = seconds["auto-coding, one process"], seconds["auto-coding, 2 processes"]
        print(f"auto-coding alone: {coding[0]:.1f}s in one process, {coding[1]:.1f}s in 2 ({coding[0] / coding[1]:.2f}x)"
              + (f"; the naive coder {measured['naive coder']:.1f}s: {measured['naive coder'] / coding[0]:.1f}x and "
                 f"{measured['naive coder'] / coding[1]:.1f}x" if measured else ""))


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "--measure":  # --measure STUDY OUT [--naive] [--workers N]
        options = sys.argv[4:]
        workers = int(options[options.index("--workers") + 1]) if "--workers" in options else 1
        print(json.dumps(measure(Path(sys.argv[2]), Path(sys.argv[3]), naive="--naive" in options, workers=workers)))
    elif len(sys.argv) == 4 and sys.argv[1] == "--parallel":
        print(json.dumps(parallel_speedup(Path(sys.argv[2]), Path(sys.argv[3]))))
    else:
        run()
