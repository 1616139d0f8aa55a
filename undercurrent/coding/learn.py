"""Code suggestions learned from a researcher's own codings, offline and measured.

From human codings (CSV, Word comments, imported projects) a per-code scikit-learn classifier
is trained on sentences: lemma and character n-gram TF-IDF, plus which codebook rules fire in
the sentence. Before it is used, its cross-validated precision and recall per code are shown;
only codes that reach a stated precision code anything, as coder
``auto:learned/<coders>@<hash>``. Human codings are read, never touched.

Active learning: :meth:`LearnedCoder.suggest` picks the sentences the model is least sure
about, for a person to code next, in the CSV format the import reads.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timezone

import numpy as np
import pandas as pd

from ..store import CODING_COLUMNS

TRAIN_COLUMNS = ["doc_id", "start", "end", "text", "codes"]
#: scale of a rule hit against the TF-IDF features (which have unit length per text)
RULE_WEIGHT = 0.5
VALIDATION_COLUMNS = ["code_id", "examples", "predicted", "precision", "recall", "kappa"]


@dataclass
class Prepared:
    """What the classifiers read of each text: its content-word lemmas (stop words, numbers,
    punctuation and transcription marks left out) and, with a rule coder, the codes its rules
    give. Made in one parsing pass, and reused across cross-validation folds."""
    lemmas: list[str]
    hits: list[frozenset] | None = None

    def take(self, index) -> "Prepared":
        return Prepared([self.lemmas[i] for i in index], None if self.hits is None else [self.hits[i] for i in index])


def prepare(texts, lang: str, rule_coder=None) -> Prepared:
    from ..nlp import get_pipeline

    nlp = rule_coder.nlp if rule_coder is not None else get_pipeline(lang, lemmas=True)
    lemmas, hits = [], [] if rule_coder is not None else None
    for doc in nlp.pipe([str(t) for t in texts], batch_size=256):
        lemmas.append(" ".join(t.lemma_.lower() for t in doc if t.is_alpha and not t.is_stop) or "_")
        if rule_coder is not None:
            hits.append(frozenset(code.code_id for ind, _, _, reading in rule_coder.matches(doc)
                                  for code, _, _ in rule_coder._decide(ind, reading)))
    return Prepared(lemmas, hits)


def _vectoriser():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion

    # word lemmas for meaning, character n-grams inside word boundaries for Dutch compounds
    # ("voetbalclub" shares "voetbal" with "voetbal")
    return FeatureUnion([
        ("words", TfidfVectorizer(ngram_range=(1, 2), min_df=1, sublinear_tf=True)),
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=2, sublinear_tf=True,
                                  max_features=50000)),
    ])


def _classifier(random_state: int):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=10.0, class_weight="balanced", max_iter=2000, random_state=random_state)


class TextCoder:
    """Per-code classifiers on texts: the model under :class:`LearnedCoder`, usable on any
    list of texts (e.g. open survey answers) with one set of codes per text.

    Parameters
    ----------
    lang : language of the lemmatiser
    rule_coder : optional :class:`~undercurrent.coding.autocode.RuleCoder`; its hits become features
    random_state : seed for the classifiers
    """

    def __init__(self, lang: str = "nl", *, rule_coder=None, random_state: int = 0):
        self.lang, self.rule_coder, self.random_state = lang, rule_coder, random_state
        self.codes: list[str] = []

    def _features(self, prepared: Prepared, fit: bool = False):
        from scipy.sparse import csr_matrix, hstack

        words = self.vectoriser.fit_transform(prepared.lemmas) if fit else self.vectoriser.transform(prepared.lemmas)
        if self.rule_coder is None:
            return words
        if fit:
            self.rule_codes = sorted({c.code_id for b in self.rule_coder.codebooks for c in b.codes})
        index = {c: k for k, c in enumerate(self.rule_codes)}
        cells = [(i, index[code]) for i, codes in enumerate(prepared.hits) for code in codes]
        rules = csr_matrix((np.ones(len(cells)), ([r for r, _ in cells], [c for _, c in cells])),
                           shape=(len(prepared.lemmas), len(self.rule_codes)))
        return hstack([words, rules * RULE_WEIGHT]).tocsr()

    def _prepared(self, texts, prepared: Prepared | None) -> Prepared:
        return prepared if prepared is not None else prepare(texts, self.lang, self.rule_coder)

    def fit(self, texts, labels, *, min_examples: int = 5, prepared: Prepared | None = None) -> "TextCoder":
        """``labels``: one iterable of codes per text. Codes with fewer than ``min_examples``
        texts are left out (see ``skipped``). ``prepared``: :func:`prepare` of the texts, when
        the caller has it."""
        labels = [set(x) for x in labels]
        counts = pd.Series([c for x in labels for c in x]).value_counts()
        self.codes = sorted(c for c, n in counts.items() if n >= min_examples and n < len(labels))
        self.skipped = {c: int(n) for c, n in counts.items() if c not in self.codes}
        self.vectoriser = _vectoriser()
        X = self._features(self._prepared(texts, prepared), fit=True)
        self.models = {}
        for code in self.codes:
            y = np.array([code in x for x in labels])
            self.models[code] = _classifier(self.random_state).fit(X, y)
        return self

    def predict_proba(self, texts, prepared: Prepared | None = None) -> pd.DataFrame:
        """Probability of each code (columns) for each text (rows)."""
        X = self._features(self._prepared(texts, prepared))
        return pd.DataFrame({c: m.predict_proba(X)[:, 1] for c, m in self.models.items()}, columns=self.codes)


def cross_validate(texts, labels, *, lang: str = "nl", rule_coder=None, folds: int = 5, min_examples: int = 5,
                   random_state: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cross-validated per-code precision, recall and Cohen's κ (threshold 0.5), and the
    out-of-fold probabilities (for calibration). Folds are stratified on each text's first code."""
    from sklearn.model_selection import StratifiedKFold

    from .audit import binary_scores

    texts, labels = list(texts), [set(x) for x in labels]
    prepared = prepare(texts, lang, rule_coder)  # one parse for all folds
    strata = [sorted(x)[0] if x else "" for x in labels]
    counts = pd.Series(strata).value_counts()
    strata = [s if counts[s] >= folds else "(rare)" for s in strata]
    n_splits = max(2, min(folds, pd.Series(strata).value_counts().min()))
    oof = None
    for train, test in StratifiedKFold(n_splits, shuffle=True, random_state=random_state).split(texts, strata):
        model = TextCoder(lang, rule_coder=rule_coder, random_state=random_state).fit(
            [texts[i] for i in train], [labels[i] for i in train], min_examples=min_examples,
            prepared=prepared.take(train))
        proba = model.predict_proba([texts[i] for i in test], prepared=prepared.take(test))
        proba.index = test
        oof = proba if oof is None else pd.concat([oof, proba])
    oof = oof.sort_index().fillna(0.0)
    rows = []
    for code in oof.columns:
        score = binary_scores([code in x for x in labels], oof[code].to_numpy() >= 0.5)
        rows.append(dict(code_id=code, examples=score["support"], **{k: score[k] for k in VALIDATION_COLUMNS[2:]}))
    return pd.DataFrame(rows, columns=VALIDATION_COLUMNS), oof


def training_sentences(corpus, coders, *, roles=("respondent",)) -> pd.DataFrame:
    """Sentences of ``roles`` in every document the coder(s) coded, each with the codes of the
    human codings that cover most of it (columns TRAIN_COLUMNS). Sentences without a coding in
    such a document are negatives: a coded document counts as coded throughout."""
    coders = [coders] if isinstance(coders, str) else list(coders)
    human = corpus.codings[corpus.codings["coder"].isin(coders) & (corpus.codings["origin"] != "auto")]
    seg = corpus.segments
    sents = seg[(seg["kind"] == "sentence") & seg["speaker_role"].isin(roles) & seg["doc_id"].isin(set(human["doc_id"]))]
    rows = []
    for doc_id, group in sents.groupby("doc_id", sort=True):
        doc_codings = human[human["doc_id"] == doc_id]
        starts, ends, codes = (doc_codings[c].to_numpy() for c in ("start", "end", "code_id"))
        for s in group.sort_values("start").itertuples(index=False):
            overlap = np.minimum(ends, s.end) - np.maximum(starts, s.start)
            covered = (overlap * 2 >= (s.end - s.start)) | ((overlap > 0) & (overlap == ends - starts))
            rows.append(dict(doc_id=doc_id, start=int(s.start), end=int(s.end), text=corpus.span(doc_id, s.start, s.end),
                             codes=frozenset(codes[covered])))
    return pd.DataFrame(rows, columns=TRAIN_COLUMNS)


@dataclass
class LearnedCoder:
    """A :class:`TextCoder` trained on a corpus's human codings, with its cross-validation."""
    model: TextCoder
    coders: list[str]
    validation: pd.DataFrame
    calibration: pd.DataFrame
    trained_on: pd.DataFrame = field(repr=False, default=None)
    min_precision: float = 0.6

    @property
    def coder(self) -> str:
        digest = hashlib.sha1(json.dumps(
            [self.coders, self.model.codes, self.trained_on[["doc_id", "start", "end"]].values.tolist(),
             [sorted(c) for c in self.trained_on["codes"]]], default=int).encode()).hexdigest()[:8]
        return f"auto:learned/{'+'.join(self.coders)}@{digest}"

    @property
    def usable_codes(self) -> list[str]:
        """Codes whose cross-validated precision reaches ``min_precision``."""
        v = self.validation
        return v.loc[v["precision"].fillna(0) >= self.min_precision, "code_id"].tolist()

    def _candidates(self, corpus, roles=("respondent",)) -> pd.DataFrame:
        seg = corpus.segments
        done = set(self.trained_on["doc_id"])
        sents = seg[(seg["kind"] == "sentence") & seg["speaker_role"].isin(roles) & ~seg["doc_id"].isin(done)]
        sents = sents[sents["doc_id"].map(corpus.documents.set_index("doc_id")["language"]) == self.model.lang]
        return sents.assign(text=[corpus.span(d, s, e) for d, s, e in zip(sents["doc_id"], sents["start"], sents["end"])])

    def code(self, corpus, *, roles=("respondent",)) -> pd.DataFrame:
        """Codings (origin auto, coder :attr:`coder`) for sentences in documents the people
        have not coded, for the usable codes only; confidence is the calibrated probability."""
        from .autocode import coding_id

        sents = self._candidates(corpus, roles)
        codes = self.usable_codes
        if sents.empty or not codes:
            return pd.DataFrame(columns=list(CODING_COLUMNS))
        proba = self.model.predict_proba(sents["text"].tolist())[codes]
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        coder, out = self.coder, []
        for i, s in enumerate(sents.itertuples(index=False)):
            for code in codes:
                p = proba[code].iat[i]
                if p >= 0.5:
                    out.append(dict(coding_id=coding_id(coder, s.doc_id, s.start, s.end, code), doc_id=s.doc_id,
                                    start=int(s.start), end=int(s.end), code_id=code, coder=coder, origin="auto",
                                    confidence=round(float(np.interp(p, self.calibration["raw"],
                                                                     self.calibration["calibrated"])), 3),
                                    evidence=None, memo=None, run_id=None, created_at=now, quote=None, stance=None))
        return pd.DataFrame(out, columns=list(CODING_COLUMNS))

    def suggest(self, corpus, n: int = 20, *, roles=("respondent",)) -> pd.DataFrame:
        """The ``n`` sentences the model is least sure about (probability nearest 0.5 for some
        code), at most one per turn, as rows of the codings CSV with the code left empty."""
        sents = self._candidates(corpus, roles)
        if sents.empty or not self.model.codes:
            return pd.DataFrame(columns=["document", "start", "end", "quote", "code", "coder", "memo", "suggested"])
        proba = self.model.predict_proba(sents["text"].tolist())
        margin = (proba - 0.5).abs()
        sents = sents.assign(uncertainty=1 - 2 * margin.min(axis=1).to_numpy(), best=margin.idxmin(axis=1).to_numpy(),
                             p=[proba.at[i, c] for i, c in enumerate(margin.idxmin(axis=1))])
        sents = sents[sents["text"].str.split().str.len() >= 4]
        picked = sents.sort_values(["uncertainty", "doc_id", "start"], ascending=[False, True, True])
        picked = picked.drop_duplicates("parent_id").head(n).sort_values(["doc_id", "start"])
        return pd.DataFrame({"document": picked["doc_id"], "start": picked["start"], "end": picked["end"],
                             "quote": picked["text"], "code": "", "coder": "", "memo": "",
                             "suggested": [f"{c} (p={p:.2f})" for c, p in zip(picked["best"], picked["p"])]})


def learn(corpus, coders, *, lang: str = "nl", codebooks=None, min_examples: int = 8, min_precision: float = 0.6,
          folds: int = 5, random_state: int = 0) -> LearnedCoder:
    """Train on the human codings of ``coders`` (one name or several) and cross-validate.

    codebooks: codebooks whose rule hits become features (default: none)."""
    from .audit import fit_calibration
    from .autocode import RuleCoder

    data = training_sentences(corpus, coders)
    if data.empty or not any(data["codes"]):
        raise ValueError(f"no human codings by {coders!r} on respondent sentences to learn from; "
                         "import some first (undercurrent code CASE --import codings.csv)")
    rules = RuleCoder(codebooks, lang=lang) if codebooks else None
    validation, oof = cross_validate(data["text"], data["codes"], lang=lang, rule_coder=rules, folds=folds,
                                     min_examples=min_examples, random_state=random_state)
    truth = np.concatenate([[c in x for x in data["codes"]] for c in oof.columns]) if len(oof.columns) else np.array([])
    calibration = fit_calibration(oof.to_numpy().T.ravel(), truth.astype(float)) if truth.size else \
        pd.DataFrame({"raw": [0.0, 1.0], "calibrated": [0.0, 1.0]})
    model = TextCoder(lang, rule_coder=rules, random_state=random_state).fit(data["text"], data["codes"],
                                                                              min_examples=min_examples)
    return LearnedCoder(model, [coders] if isinstance(coders, str) else list(coders), validation, calibration,
                        data, min_precision)


def learning_curve(texts, labels, *, train, lang: str = "nl", sizes=(10, 20, 40, 80), repeats: int = 5,
                   rule_coder=None, random_state: int = 0) -> pd.DataFrame:
    """Held-out quality with ``size`` training examples per category (single-label data, e.g. a
    public labelled set): Cohen's κ of the most probable category, and pooled precision,
    recall and κ of the per-code yes/no decisions (threshold 0.5), averaged over ``repeats`` draws.
    With ``rule_coder``, its hits are features too."""
    from sklearn.metrics import cohen_kappa_score

    from .audit import binary_scores

    texts, labels, train = pd.Series(list(texts)), pd.Series(list(labels)), np.asarray(train)
    prepared = prepare(texts, lang, rule_coder)  # one parse for every draw
    test = ~train
    rng = np.random.default_rng(random_state)
    rows = []
    for size in sizes:
        scores = []
        for _ in range(repeats):
            chosen = []
            for label in sorted(labels[train].unique()):
                pool = np.flatnonzero(train & (labels == label).to_numpy())
                chosen += list(rng.choice(pool, size=min(size, len(pool)), replace=False))
            model = TextCoder(lang, rule_coder=rule_coder, random_state=random_state).fit(
                texts[chosen].tolist(), [{x} for x in labels[chosen]], min_examples=1, prepared=prepared.take(chosen))
            proba = model.predict_proba(texts[test].tolist(), prepared=prepared.take(np.flatnonzero(test)))
            gold = labels[test].to_numpy()
            top = proba.idxmax(axis=1).to_numpy()
            pooled = binary_scores(np.concatenate([gold == c for c in proba.columns]),
                                   np.concatenate([proba[c].to_numpy() >= 0.5 for c in proba.columns]))
            precision = 0.0 if np.isnan(pooled["precision"]) else pooled["precision"]  # nothing predicted
            scores.append((cohen_kappa_score(gold, top), precision, pooled["recall"], pooled["kappa"]))
        s = np.mean(scores, axis=0)
        rows.append(dict(examples_per_category=size, kappa_top=s[0], precision=s[1], recall=s[2], kappa_pooled=s[3]))
    return pd.DataFrame(rows)
