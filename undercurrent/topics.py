"""Topic models for interview corpora: BERTopic offline, scaled to small corpora, reproducible.

Topic models on interview data fail in known ways (everything an outlier on small corpora,
fillers swamping topics, results changing per run). Here: lemmatised text without stop words,
fillers and transcription marks; an offline scikit-learn embedding (TF-IDF + SVD) by default;
UMAP seeded; cluster sizes scaled to the corpus; outliers reassigned; and below
``MIN_UNITS_BERTOPIC`` units a clear message and NMF instead.

>>> from undercurrent import topics                          # doctest: +SKIP
>>> model = topics.fit(corpus, unit="turn", random_state=42)  # doctest: +SKIP
>>> model.topics                                              # doctest: +SKIP
"""
from __future__ import annotations

import pickle
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .corpus.model import Corpus
from .nlp import get_pipeline, mark_spans

MIN_UNITS_BERTOPIC = 40
FILLERS = {
    "nl": {"eh", "ehm", "uh", "uhm", "hm", "hmm", "mmm", "nou", "ja", "jaja", "nee", "neenee", "zeg", "weet",
           "gewoon", "eigenlijk", "toch", "hè", "he", "oké", "ok", "okee", "even", "wel", "heel", "echt", "soort",
           "ding", "dingen", "zo'n", "zegmaar", "natuurlijk", "precies", "inderdaad", "beetje", "gaan", "komen",
           "zitten", "staan", "doen", "zeggen", "maken", "denken", "vinden", "hoor", "joh", "jongen", "lacht",
           "stilte", "onverstaanbaar", "keer", "goed", "jaar", "mens"},
    "en": {"uh", "um", "uhm", "er", "erm", "yeah", "yes", "no", "okay", "ok", "like", "know", "mean", "really",
           "just", "thing", "things", "kind", "sort", "well", "actually", "basically", "laughs", "go", "get",
           "say", "think", "do", "make"},
}
ROLES_DEFAULT = ("respondent",)


class TooFewUnits(UserWarning):
    """The corpus is too small for BERTopic; a simpler model was fitted instead."""


def analysis_text(texts: list[str], lang: str = "nl") -> list[str]:
    """Lemmas of the content words of each text: no stop words, fillers, numbers or marks."""
    nlp = get_pipeline(lang, lemmas=True)
    stop = nlp.Defaults.stop_words | FILLERS[lang]
    out = []
    for text, doc in zip(texts, nlp.pipe(texts, batch_size=256)):
        marks = mark_spans(text)
        words = []
        for tok in doc:
            if not tok.is_alpha or len(tok) < 3 or any(a <= tok.idx < b for a, b in marks):
                continue
            if lang == "nl" and tok.text[:1].isupper() and not tok.is_sent_start:
                continue  # a name (Dutch capitalises names, not nouns): not a theme, and not for print
            lemma = tok.lemma_.lower()
            if lemma not in stop and tok.lower_ not in stop:
                words.append(lemma)
        out.append(" ".join(words))
    return out


def units_of(corpus: Corpus, unit: str = "turn", roles=ROLES_DEFAULT,
             kinds=("interview", "life_history")) -> pd.DataFrame:
    """The texts to model: respondent turns, paragraphs or sentences (or whole documents),
    with document, participant and date columns."""
    if unit == "document":
        turns = corpus.turns(role=None)
        turns = turns[turns["speaker_role"].isin(roles) & turns["doc_kind"].isin(kinds)]
        grouped = turns.groupby("doc_id", sort=True)
        frame = grouped.agg(text=("text", "\n\n".join), start=("start", "min"), end=("end", "max")).reset_index()
        frame["seg_id"] = frame["doc_id"]
        meta = turns.drop_duplicates("doc_id")[["doc_id", "participant_id", "pseudonym", "role", "department",
                                                "case_id", "interview_date", "doc_kind"]]
        return frame.merge(meta, on="doc_id", how="left")
    if unit not in ("turn", "paragraph", "sentence"):
        raise ValueError("unit must be turn, paragraph, sentence or document")
    seg = corpus.segments[(corpus.segments["kind"] == unit) & corpus.segments["speaker_role"].isin(roles)]
    docs = corpus.documents[["doc_id", "case_id", "participant_id", "kind", "interview_date"]].rename(
        columns={"kind": "doc_kind"})
    frame = seg.merge(docs, on="doc_id").merge(
        corpus.participants[["case_id", "participant_id", "pseudonym", "role", "department"]],
        on=["case_id", "participant_id"], how="left")
    frame = frame[frame["doc_kind"].isin(kinds)].reset_index(drop=True)
    return corpus.with_text(frame)


@dataclass
class TopicModel:
    """A fitted topic model and its results as DataFrames.

    Attributes
    ----------
    method : "bertopic" or "nmf"
    assignments : one row per unit: seg_id, doc_id, start, end, pseudonym, role, ..., text,
        topic (-1 = outlier), probability
    topics : topic, label, terms (top words), size, share
    message : why a fallback was used or outliers were reassigned (empty when nothing to say)
    """

    method: str
    assignments: pd.DataFrame
    topics: pd.DataFrame
    params: dict
    message: str = ""
    model: object = None
    outliers_before: float = 0.0
    analysis: list[str] = field(default_factory=list, repr=False)

    def __repr__(self) -> str:
        return (f"<TopicModel {self.method}: {len(self.topics[self.topics.topic >= 0])} topics over "
                f"{len(self.assignments)} units{'; ' + self.message if self.message else ''}>")

    def _repr_html_(self) -> str:
        import html

        return f"<p><b>{html.escape(repr(self))}</b></p>" + self.topics.to_html(index=False)

    # --- reading ---------------------------------------------------------------------------

    def quotes(self, n: int = 2, *, min_chars: int = 60, max_chars: int = 400) -> pd.DataFrame:
        """The ``n`` most typical units per topic, from different speakers where possible."""
        a = self.assignments[self.assignments["topic"] >= 0].copy()
        a["length"] = a["text"].str.len()
        rows = []
        for topic, group in a.groupby("topic"):
            good = group[(group["length"] >= min_chars) & (group["length"] <= max_chars)]
            good = (good if len(good) else group).sort_values("probability", ascending=False)
            speakers = set()
            for row in good.itertuples(index=False):
                if row.pseudonym in speakers and len(good) > n:
                    continue
                rows.append(row._asdict())
                speakers.add(row.pseudonym)
                if sum(r["topic"] == topic for r in rows) == n:
                    break
        return pd.DataFrame(rows)

    def shares(self, by: str = "role", *, normalize: bool = True) -> pd.DataFrame:
        """Topics × groups: the share of each group's units per topic (or counts)."""
        a = self.assignments[self.assignments["topic"] >= 0]
        table = pd.crosstab(a["topic"], a[by].fillna("(onbekend)"))
        if normalize:
            table = table / table.sum(axis=0)
        labels = self.topics.set_index("topic")["label"]
        table.index = [labels.get(t, str(t)) for t in table.index]
        return table

    def over_time(self, by: str = "interview_date", freq: str = "M") -> pd.DataFrame:
        """Topic shares per period of ``by`` (a date column of the units)."""
        a = self.assignments[self.assignments["topic"] >= 0].copy()
        a["period"] = pd.to_datetime(a[by], errors="coerce").dt.to_period(freq)
        a = a.dropna(subset=["period"])
        table = pd.crosstab(a["period"], a["topic"], normalize="index")
        labels = self.topics.set_index("topic")["label"]
        table.columns = [labels.get(t, str(t)) for t in table.columns]
        return table

    # --- changing --------------------------------------------------------------------------

    def merge(self, topics: list[int], *, label: str | None = None) -> "TopicModel":
        """A new model in which ``topics`` are one topic (the first id); terms recomputed."""
        if len(topics) < 2:
            raise ValueError("give at least two topics to merge")
        unknown = set(topics) - set(self.topics["topic"])
        if unknown:
            raise ValueError(f"unknown topics {sorted(unknown)}")
        a = self.assignments.copy()
        a.loc[a["topic"].isin(topics), "topic"] = topics[0]
        merged = TopicModel(self.method, a, _describe(a["topic"].to_numpy(), self.analysis, self.params["lang"]),
                            dict(self.params, merged=self.params.get("merged", []) + [list(topics)]),
                            self.message, self.model, self.outliers_before, self.analysis)
        if label:
            merged.topics.loc[merged.topics["topic"] == topics[0], "label"] = label
        return merged

    def save(self, path: str | Path) -> Path:
        """Pickle the model (only load files you made yourself: pickles can run code)."""
        path = Path(path)
        with open(path, "wb") as fh:
            pickle.dump({"undercurrent_topic_model": 1, "model": self}, fh)
        return path

    @staticmethod
    def load(path: str | Path) -> "TopicModel":
        with open(path, "rb") as fh:
            data = pickle.load(fh)  # noqa: S301 - the user's own file, see save()
        if not isinstance(data, dict) or data.get("undercurrent_topic_model") != 1:
            from .errors import InputError

            raise InputError(path, "is not a topic model saved by undercurrent")
        return data["model"]


def _bertopic():
    """Import BERTopic quietly: it imports tqdm.auto, which warns in notebooks without ipywidgets."""
    from tqdm import TqdmWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TqdmWarning)
        import bertopic
        import bertopic.vectorizers  # noqa: F401
    return bertopic


def _describe(labels: np.ndarray, analysis: list[str], lang: str, top_n: int = 10) -> pd.DataFrame:
    """Topic terms by class-based TF-IDF (BERTopic's c-TF-IDF) over the units' lemmas."""
    from sklearn.feature_extraction.text import CountVectorizer

    ClassTfidfTransformer = _bertopic().vectorizers.ClassTfidfTransformer

    topics = sorted(t for t in set(labels.tolist()) if t >= 0)
    texts = [" ".join(a for a, l in zip(analysis, labels) if l == t) for t in topics]
    rows = []
    if topics and any(texts):
        counts = CountVectorizer(ngram_range=(1, 2), token_pattern=r"(?u)\b\w[\w'-]+\b").fit(texts)
        matrix = ClassTfidfTransformer(reduce_frequent_words=True).fit_transform(counts.transform(texts))
        vocab = np.array(counts.get_feature_names_out())
        for k, t in enumerate(topics):
            weights = matrix[k].toarray().ravel()
            order = np.argsort(-weights)[:top_n]
            terms = [vocab[i] for i in order if weights[i] > 0]
            rows.append(dict(topic=t, label=" · ".join(_label_terms(terms)), terms=terms))
    frame = pd.DataFrame(rows, columns=["topic", "label", "terms"])
    sizes = pd.Series(labels).value_counts()
    frame["size"] = frame["topic"].map(sizes).fillna(0).astype(int)
    frame["share"] = (frame["size"] / max(len(labels), 1)).round(3)
    if (labels < 0).any():
        frame = pd.concat([frame, pd.DataFrame([dict(topic=-1, label="(outliers)", terms=[], size=int((labels < 0).sum()),
                                                     share=round(float((labels < 0).mean()), 3))])], ignore_index=True)
    return frame.sort_values("size", ascending=False).reset_index(drop=True)


def _label_terms(terms: list[str], n: int = 3) -> list[str]:
    """Top terms for a label, skipping words already inside a chosen bigram."""
    chosen: list[str] = []
    for term in terms:
        if any(term in c.split() or c in term.split() for c in chosen):
            continue
        chosen.append(term)
        if len(chosen) == n:
            break
    return chosen


def _scaled_params(n: int) -> dict:
    return dict(n_neighbors=int(np.clip(round(np.sqrt(n)), 5, 15)),
                min_cluster_size=int(np.clip(round(n / 30), 5, 50)),
                n_components=5, svd_components=int(min(100, max(2, n // 4))))


def fit(corpus: Corpus | None = None, *, unit: str = "turn", texts: pd.DataFrame | None = None,
        roles=ROLES_DEFAULT, lang: str | None = None, method: str = "auto", nr_topics: int | str | None = None,
        embedding_model=None, random_state: int = 42, reduce_outliers: bool = True,
        min_units: int = MIN_UNITS_BERTOPIC) -> TopicModel:
    """Fit topics on respondent text.

    Parameters
    ----------
    corpus : the corpus (or give ``texts``: a DataFrame with a ``text`` column)
    unit : "turn", "paragraph", "sentence" or "document"
    method : "auto" (BERTopic, NMF below ``min_units`` units), "bertopic" or "nmf"
    nr_topics : number of topics (BERTopic: reduce to it; NMF: fit it); None = let the data say
    embedding_model : None for the offline TF-IDF + SVD backend, or a sentence-transformers
        model or a local path to one (needs the optional sentence-transformers package)
    random_state : same input and same seed give the same topics
    """
    if texts is None:
        if corpus is None:
            raise ValueError("give a corpus or texts")
        texts = units_of(corpus, unit, roles)
        lang = lang or (corpus.documents["language"].mode().iat[0] if len(corpus.documents) else "nl")
    lang = lang or "nl"
    units = texts.reset_index(drop=True).copy()
    analysis = analysis_text(units["text"].tolist(), lang)
    keep = np.array([len(a.split()) >= 3 for a in analysis])  # "Ja." and "Nou, eh..." say nothing
    units, analysis = units[keep].reset_index(drop=True), [a for a, k in zip(analysis, keep) if k]
    n = len(units)
    params = dict(unit=unit, lang=lang, method=method, nr_topics=nr_topics, random_state=random_state,
                  n_units=n, **_scaled_params(n))
    if n < 3:
        raise ValueError(f"only {n} units with content words: too few for any topic model")
    message = ""
    if method == "auto" and n < min_units:
        method = "nmf"
        message = (f"{n} units is too few for BERTopic (it needs at least {min_units}; below that nearly "
                   f"everything becomes an outlier), so NMF was fitted instead")
        warnings.warn(message, TooFewUnits, stacklevel=2)
    if method in ("auto", "bertopic"):
        labels, probs, model, outliers_before, note = _fit_bertopic(analysis, params, nr_topics, embedding_model,
                                                                     random_state, reduce_outliers)
        if len(set(labels.tolist()) - {-1}) < 2:
            message = f"BERTopic found fewer than two topics in {n} units ({note}); NMF was fitted instead"
            warnings.warn(message, TooFewUnits, stacklevel=2)
            method = "nmf"
        else:
            method, message = "bertopic", note
    if method == "nmf":
        labels, probs, model = _fit_nmf(analysis, nr_topics, random_state)
        outliers_before = 0.0
    params["method"] = method
    assignments = units.assign(topic=labels, probability=np.round(probs, 4))
    return TopicModel(method, assignments, _describe(labels, analysis, lang), params, message, model,
                      outliers_before, analysis)


def _embedding_backend(embedding_model, params, random_state):
    if embedding_model is not None:
        if isinstance(embedding_model, (str, Path)):
            try:
                from sentence_transformers import SentenceTransformer
            except ImportError:
                raise ImportError("a sentence-transformers model needs `pip install sentence-transformers` "
                                  "(and a model on a local path); the default backend needs neither") from None
            return SentenceTransformer(str(embedding_model))
        return embedding_model
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import Normalizer

    return make_pipeline(TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), min_df=1),
                         TruncatedSVD(n_components=params["svd_components"], random_state=random_state),
                         Normalizer(copy=False))


def _fit_bertopic(analysis, params, nr_topics, embedding_model, random_state, reduce_outliers):
    BERTopic = _bertopic().BERTopic
    from hdbscan import HDBSCAN
    from sklearn.feature_extraction.text import CountVectorizer
    from umap import UMAP

    n = len(analysis)
    umap_model = UMAP(n_neighbors=min(params["n_neighbors"], n - 1), n_components=min(params["n_components"], n - 2),
                      min_dist=0.0, metric="cosine", random_state=random_state, n_jobs=1)
    hdbscan_model = HDBSCAN(min_cluster_size=params["min_cluster_size"], metric="euclidean",
                            cluster_selection_method="leaf", prediction_data=True)
    vectorizer = CountVectorizer(ngram_range=(1, 2), token_pattern=r"(?u)\b\w[\w'-]+\b", min_df=2 if n >= 100 else 1)
    model = BERTopic(embedding_model=_embedding_backend(embedding_model, params, random_state), umap_model=umap_model,
                     hdbscan_model=hdbscan_model, vectorizer_model=vectorizer, nr_topics=nr_topics,
                     calculate_probabilities=False, verbose=False)
    labels, probs = model.fit_transform(analysis)
    labels = np.asarray(labels)
    outliers_before = float((labels == -1).mean())
    note = ""
    if reduce_outliers and outliers_before > 0 and len(set(labels.tolist()) - {-1}) >= 2:
        new = np.asarray(model.reduce_outliers(analysis, labels.tolist(), strategy="c-tf-idf", threshold=0.05))
        note = (f"{outliers_before:.0%} of the units were outliers; {np.mean((labels == -1) & (new != -1)):.0%} "
                "were reassigned to their nearest topic by c-TF-IDF")
        labels = new
    probs = np.asarray(probs if probs is not None else np.ones(n), dtype=float)
    if probs.ndim > 1:
        probs = probs.max(axis=1)
    return labels, probs, model, outliers_before, note


def _fit_nmf(analysis, nr_topics, random_state):
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    n = len(analysis)
    k = int(nr_topics) if isinstance(nr_topics, int) else int(np.clip(round(np.sqrt(n / 2)), 2, 12))
    k = max(2, min(k, n - 1))
    tfidf = TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), min_df=1)
    x = tfidf.fit_transform(analysis)
    nmf = NMF(n_components=k, init="nndsvda", random_state=random_state, max_iter=500)
    w = nmf.fit_transform(x)
    labels = w.argmax(axis=1)
    totals = w.sum(axis=1)
    probs = np.where(totals > 0, w.max(axis=1) / np.where(totals > 0, totals, 1), 0.0)
    return labels, probs, (tfidf, nmf)
