"""Speed benchmarks, printed as ratios against a baseline measured in the same run.

    make benchmarks      (or: .venv/bin/python -m benchmarks [--repeat N])

Targets are ratios, not seconds: these machines are noisy, the ratio much less so.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from undercurrent.corpus.readers import read_source
from undercurrent.corpus.segment import segment_source, split_paragraphs
from undercurrent.nlp import get_pipeline

DEMO = Path(__file__).resolve().parents[1] / "corpora" / "demo" / "transcripts"


def best_of(repeat: int, func) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        func()
        times.append(time.perf_counter() - t0)
    return min(times)


def bench_segmentation(repeat: int, copies: int) -> None:
    """Full segmentation (turns, paragraphs, sentences, word counts) vs spaCy's blank pipeline alone."""
    sources = [read_source(p) for p in sorted(DEMO.iterdir())] * copies
    paragraphs = [s.text[a:b] for s in sources for a, b in split_paragraphs(s.text, 0, len(s.text), s.paragraph_break)]
    nlp = get_pipeline("nl")
    words = sum(len(s.text.split()) for s in sources)
    baseline = best_of(repeat, lambda: list(nlp.pipe(paragraphs, batch_size=256)))
    ours = best_of(repeat, lambda: [segment_source(s, "nl") for s in sources])
    ratio = ours / baseline
    print(f"segmentation   {words:>8,} words   spaCy alone {baseline:6.2f}s   undercurrent {ours:6.2f}s   "
          f"ratio {ratio:4.2f}x  (target <= 1.50x)  {'ok' if ratio <= 1.5 else 'SLOWER THAN TARGET'}")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--copies", type=int, default=10, help="how many times the demo corpus is repeated")
    args = parser.parse_args()
    bench_segmentation(args.repeat, args.copies)


if __name__ == "__main__":
    main()
