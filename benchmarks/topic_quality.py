"""Topic quality on labelled Dutch text: NMI and ARI between topics and known labels.

    .venv/bin/python -m benchmarks.topic_quality

Data sets:
- essays: the eight essays of ../shared/seed/ (line ranges from ../shared/reference/seed-frameworks.md),
  cut into passages of five sentences, labelled by essay (needs ../shared; skipped without it);
- codebooks: the shipped codebooks' definitions, criteria and examples, one text per code,
  labelled by codebook (written from the same essays, so related but not the same text).
Models: undercurrent's defaults; BERTopic's plain defaults with the same offline embedding
(raw text, default UMAP/HDBSCAN, UMAP seeded); NMF with k = the number of labels.
Outliers (-1) count as one more cluster, as they would for a reader.
"""
from __future__ import annotations

import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seed" / "000_c68da32abf503f69.txt"
ESSAY_LINES = {1: (1088, 1747), 2: (1827, 2651), 3: (2652, 3161), 4: (3255, 3869), 5: (3982, 4753),
               6: (4893, 5716), 7: (5717, 6392), 8: (6485, 7187)}


def essay_passages(sentences_per_passage: int = 5, min_words: int = 40) -> pd.DataFrame | None:
    if not SEED.exists():
        return None
    from undercurrent.nlp import get_pipeline

    lines = SEED.read_text(encoding="utf-8").splitlines()
    nlp = get_pipeline("nl")
    rows = []
    for essay, (a, b) in ESSAY_LINES.items():
        text = re.sub(r"\s+", " ", " ".join(lines[a - 1:b]))
        sents = [s.text for s in nlp(text).sents if len(s.text.split()) >= 4]
        for k in range(0, len(sents), sentences_per_passage):
            chunk = " ".join(sents[k:k + sentences_per_passage])
            if len(chunk.split()) >= min_words:
                rows.append(dict(text=chunk, label=essay))
    return pd.DataFrame(rows)


def codebook_texts() -> pd.DataFrame:
    from undercurrent.coding import shipped_codebooks

    rows = []
    for book in shipped_codebooks():
        for code in book.codes:
            parts = [code.text("label"), code.text("definition"), code.text("include"), *code.examples]
            rows.append(dict(text=" ".join(p for p in parts if p), label=book.id))
    return pd.DataFrame(rows)


def evaluate(data: pd.DataFrame, name: str) -> list[dict]:
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    from undercurrent import topics

    truth = data["label"].to_numpy()
    k = len(set(truth))
    results = []

    def score(model_name, predicted, keep=None):
        t = truth if keep is None else truth[keep]
        results.append(dict(data=name, units=len(t), labels=k, model=model_name,
                            topics=len(set(predicted) - {-1}), outliers=float(np.mean(np.asarray(predicted) == -1)),
                            nmi=normalized_mutual_info_score(t, predicted), ari=adjusted_rand_score(t, predicted)))

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours = topics.fit(texts=data[["text"]], lang="nl", random_state=42)
    kept = data["text"].isin(ours.assignments["text"]).to_numpy()
    score("undercurrent defaults", ours.assignments["topic"].to_numpy(), kept)

    from bertopic import BERTopic
    from umap import UMAP

    plain = BERTopic(embedding_model=topics._embedding_backend(None, topics._scaled_params(len(data)), 42),
                     umap_model=UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine", random_state=42))
    labels, _ = plain.fit_transform(data["text"].tolist())
    score("BERTopic plain defaults", np.asarray(labels))

    labels, _, _ = topics._fit_nmf(topics.analysis_text(data["text"].tolist(), "nl"), k, 42)
    score(f"NMF (k={k})", labels)
    return results


def main() -> None:
    sets = [("essays", essay_passages()), ("codebooks", codebook_texts())]
    rows = []
    for name, data in sets:
        if data is None:
            print(f"{name}: skipped ({SEED} is absent)")
            continue
        rows += evaluate(data, name)
    frame = pd.DataFrame(rows)
    with pd.option_context("display.width", 160, "display.float_format", "{:.3f}".format):
        print(frame.to_string(index=False))


if __name__ == "__main__":
    main()
