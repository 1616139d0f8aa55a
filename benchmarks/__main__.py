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


def _demo_corpus():
    import os
    import tempfile
    import warnings

    import undercurrent as uc

    os.environ.setdefault("UNDERCURRENT_QUIET", "1")
    store = Path(tempfile.mkdtemp()) / "store.sqlite"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return uc.load_corpus(DEMO.parent, store_path=store)


def _respondent_sentences(corpus):
    seg = corpus.segments
    sents = seg[(seg["kind"] == "sentence") & (seg["speaker_role"] == "respondent")]
    return [corpus.span(d, s, e) for d, s, e in zip(sents["doc_id"], sents["start"], sents["end"])]


def bench_codebooks(repeat: int, corpus) -> None:
    """All shipped codebooks applied to the demo (matching, negation, contrast, stance, say-do)
    vs the spaCy pipeline (with lemmas) alone."""
    from undercurrent.coding import shipped_codebooks
    from undercurrent.coding.autocode import RuleCoder

    books = shipped_codebooks()
    coder = RuleCoder(books, lang="nl")
    texts = _respondent_sentences(corpus)
    nlp = get_pipeline("nl", lemmas=True)
    baseline = best_of(repeat, lambda: list(nlp.pipe(texts, batch_size=256)))
    ours = best_of(repeat, lambda: coder.code(corpus))
    n_ind = sum(i.count() for b in books for c in b.codes for i in c.indicators.values())
    ratio = ours / baseline
    print(f"codebooks      {len(texts):>8,} sentences, {n_ind:,} indicators   spaCy alone {baseline:6.2f}s   "
          f"coding {ours:6.2f}s   ratio {ratio:4.2f}x  (target <= 2.00x)  {'ok' if ratio <= 2.0 else 'SLOWER THAN TARGET'}")


def bench_many_codes(repeat: int, corpus, n_codes: int = 1000, per_code: int = 10) -> None:
    """1,000 codes x 10 indicators: one matcher pass vs a pandas str.contains loop per indicator."""
    import random
    import re

    import pandas as pd

    from undercurrent.coding.autocode import RuleCoder
    from undercurrent.coding.codebook import Code, Codebook, Indicators

    texts = _respondent_sentences(corpus)
    words = sorted({w for t in texts for w in re.findall(r"[a-zà-ÿ]{4,}", t.lower())})
    rng = random.Random(2026)
    codes = []
    for k in range(n_codes):
        terms = [" ".join(rng.sample(words, rng.choice((1, 1, 2)))) for _ in range(per_code)]
        codes.append(Code(codebook="bench", id=f"c{k}", label={"nl": f"code {k}"},
                          indicators={"nl": Indicators(phrases=terms)}))
    coder = RuleCoder([Codebook(id="bench", version="1", title={"nl": "bench"}, codes=codes)], lang="nl")
    series = pd.Series(texts)
    patterns = [rf"\b{re.escape(t)}\b" for c in codes for t in c.indicators["nl"].phrases]

    def pandas_loop():
        return [series.str.contains(p, case=False, regex=True) for p in patterns]

    def matcher_pass():
        return [coder.matches(doc) for doc in coder.nlp.pipe(texts, batch_size=256)]

    baseline = best_of(1, pandas_loop)
    ours = best_of(repeat, matcher_pass)
    speedup = baseline / ours
    print(f"1,000 codes    {len(patterns):>8,} indicators x {len(texts):,} sentences   pandas loop {baseline:6.2f}s   "
          f"matcher {ours:6.2f}s   speed-up {speedup:5.1f}x  (target >= 20x)  {'ok' if speedup >= 20 else 'BELOW TARGET'}")


def bench_topics(corpus, sizes=(1000, 10000)) -> None:
    """Topic model fit time beside NMF on the same units (sentences of the essays and the demo)."""
    import random
    import warnings

    import pandas as pd

    from undercurrent import topics

    from .topic_quality import essay_passages

    pool = _respondent_sentences(corpus)
    essays = essay_passages(sentences_per_passage=1, min_words=6)
    if essays is not None:
        pool += essays["text"].tolist()
    pool = [t for t in pool if len(t.split()) >= 6]
    rng = random.Random(7)
    with warnings.catch_warnings():  # numba compiles UMAP on first use: not part of the fit time
        warnings.simplefilter("ignore")
        topics.fit(texts=pd.DataFrame({"text": pool[:300]}), lang="nl", random_state=42)
    for n in sizes:
        sample = rng.sample(pool, n) if n <= len(pool) else [rng.choice(pool) for _ in range(n)]
        data = pd.DataFrame({"text": sample})
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            t0 = time.perf_counter()
            model = topics.fit(texts=data, lang="nl", random_state=42)
            ours = time.perf_counter() - t0
            t0 = time.perf_counter()
            topics.fit(texts=data, lang="nl", method="nmf", random_state=42)
            nmf = time.perf_counter() - t0
        note = "" if n <= len(pool) else f" (drawn with replacement from {len(pool):,} sentences)"
        print(f"topics {n:>6,}  units{note}   NMF {nmf:6.2f}s   BERTopic defaults {ours:6.2f}s   "
              f"ratio {ours / nmf:5.1f}x   ({len(model.topics)} topics)")


def bench_temporal(corpus, repeat: int) -> None:
    """Temporal tagging in sentences per second, beside dateparser's search_dates on the same
    Dutch sentences (dateparser is not a dependency: `make benchmarks` installs it)."""
    from undercurrent.timeline.tagger import _tagged

    texts = _respondent_sentences(corpus)
    # tag() remembers its answers; the tagging itself is what is timed, so past the cache
    ours = best_of(repeat, lambda: [_tagged.__wrapped__(t, "nl", ()) for t in texts])
    line = f"temporal      {len(texts):>8,} sentences   undercurrent {len(texts) / ours:8,.0f} sentences/s"
    try:
        from dateparser.search import search_dates
    except ImportError:
        print(line + "   (dateparser not installed: pip install dateparser)")
        return
    # dateparser warms up over its first few hundred sentences (caches fill) and answers repeats
    # from memory: warm it on sentences it is not timed on, then time one pass over the rest
    warm, timed = texts[:300], texts[300:]
    for t in warm:
        search_dates(t, languages=["nl"])
    t0 = time.perf_counter()
    for t in timed:
        search_dates(t, languages=["nl"])
    theirs = (time.perf_counter() - t0) / len(timed) * len(texts)
    print(line + f"   dateparser {len(texts) / theirs:8,.0f} sentences/s   ratio {theirs / ours:5.1f}x faster")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--copies", type=int, default=10, help="how many times the demo corpus is repeated")
    parser.add_argument("--scale", action="store_true", help="instead: each stage of a full run at several corpus "
                                                             "sizes (see benchmarks/scale.py)")
    parser.add_argument("--sizes", default="100000,300000", help="with --scale: words per synthetic study")
    args = parser.parse_args()
    if args.scale:
        from benchmarks.scale import run

        run(tuple(int(n) for n in args.sizes.split(",")))
        return
    bench_segmentation(args.repeat, args.copies)
    corpus = _demo_corpus()
    bench_codebooks(args.repeat, corpus)
    bench_many_codes(args.repeat, corpus)
    bench_temporal(corpus, args.repeat)
    bench_topics(corpus)


if __name__ == "__main__":
    main()
