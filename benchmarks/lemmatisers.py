"""Which Dutch lemmatiser to use (DESIGN §5): accuracy on a hand-made gold list, and speed.

    .venv/bin/python -m benchmarks.lemmatisers

Compares simplemma with spaCy's lookup lemmatiser (needs the optional spacy-lookups-data
package; skipped when it is not installed). Printed as accuracy and as time per 10,000 words.
"""
from __future__ import annotations

import time
from pathlib import Path

GOLD = Path(__file__).resolve().parent / "data" / "lemma_gold_nl.tsv"


def load_gold() -> list[tuple[str, str]]:
    pairs = []
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            form, lemma = line.split("\t")[:2]
            pairs.append((form, lemma))
    return pairs


def main() -> None:
    pairs = load_gold()
    forms = [f for f, _ in pairs]
    candidates = {}
    import simplemma

    candidates["simplemma"] = lambda words: [simplemma.lemmatize(w, lang="nl") for w in words]
    try:
        import spacy

        nlp = spacy.blank("nl")
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"}).initialize()
        candidates["spacy lookup"] = lambda words: [t.lemma_ for t in nlp(" ".join(words))]
    except Exception as exc:  # spacy-lookups-data not installed
        print(f"spacy lookup: skipped ({type(exc).__name__}: {str(exc).splitlines()[0][:80]})")
    from undercurrent.nlp import get_pipeline

    ours = get_pipeline("nl", lemmas=True)
    candidates["undercurrent (simplemma + fixes)"] = lambda words: [t.lemma_ for t in ours(" ".join(words))]
    for name, func in candidates.items():
        got = func(forms)
        right = sum(g == lemma for g, (_, lemma) in zip(got, pairs))
        wrong = [f"{f}->{g}" for g, (f, lemma) in zip(got, pairs) if g != lemma]
        words = forms * 120
        t0 = time.perf_counter()
        func(words)
        per10k = (time.perf_counter() - t0) / len(words) * 10_000
        print(f"{name:34s} accuracy {right}/{len(pairs)} = {right / len(pairs):.0%}   {per10k * 1000:6.1f} ms/10k words"
              f"   wrong: {', '.join(wrong[:12])}")


if __name__ == "__main__":
    main()
