"""Topic models for interview corpora: BERTopic offline, scaled to small corpora, reproducible.

Topic models on interview data fail in known ways (everything an outlier on small corpora,
fillers swamping topics, results changing per run). Here: lemmatised text without stop words,
fillers and transcription marks; an offline scikit-learn embedding (TF-IDF + SVD) by default;
identical texts fitted once (UMAP gives duplicates a different layout per process); UMAP
seeded; cluster sizes scaled to the corpus; outliers reassigned and the rest reported; and below
``MIN_UNITS_BERTOPIC`` units a clear message and NMF instead. Above ``MAX_FIT_UNITS`` distinct
units the layout and clustering are fitted on a sample stratified by document, and the other
units go to the topic whose centre is nearest (very large studies). Labels show words as people said
them (the most frequent form of a lemma), never a lemma that does not occur in the text.

>>> from undercurrent import topics                          # doctest: +SKIP
>>> model = topics.fit(corpus, unit="turn", random_state=42)  # doctest: +SKIP
>>> model.topics                                              # doctest: +SKIP
"""
from __future__ import annotations

import pickle
import re
import warnings
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from spacy.attrs import IDX, IS_ALPHA, LEMMA, ORTH, SENT_START

from .corpus.model import Corpus
from .errors import InputError, InputWarning
from .nlp import SUPPORTED_LANGUAGES, get_pipeline, mark_spans

MIN_UNITS_BERTOPIC = 40
#: below this many distinct texts UMAP cannot lay anything out (DESIGN §5): NMF instead
MIN_DISTINCT_BERTOPIC = 10
#: above this many distinct units BERTopic is fitted on a sample stratified by document and the rest
#: are assigned to the nearest topic centre: UMAP's time and memory grow faster than the units. Set
#: high because a sample changes the result: on 9,386 distinct units (1M words), a sample of 4,018
#: agreed with the full fit at ARI 0.45, where full fits with two seeds agreed at 0.93
MAX_FIT_UNITS = 20_000
#: a unit needs this many content words to be modelled ("Ja." and "Nou, eh..." say nothing)
MIN_CONTENT_WORDS = 3
#: above this share of units without a topic the result warns and suggests longer units
OUTLIER_WARNING_SHARE = 0.15
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
UNKNOWN_GROUP = {"nl": "(onbekend)", "en": "(unknown)"}
_ACRONYM = re.compile(r"[A-Z]{2,5}")          # LLO, MKB, BBL, HR, ICT: kept although capitalised
_ACRONYM_PLURAL = re.compile(r"[A-Z]{2,5}s")  # MKBs, CAOs
_WORD = re.compile(r"[^\W\d_]+")


class TooFewUnits(UserWarning):
    """The corpus is too small for BERTopic; a simpler model was fitted instead."""


class ManyOutliers(UserWarning):
    """Many units were left without a topic; longer units (turns, windows) usually help."""


class LanguageGuess(InputWarning):
    """No language was given (or the corpus's disagrees with its text): it was guessed."""


class TopicError(InputError, ValueError):
    """Texts or parameters a topic model cannot use. An :class:`InputError` (the CLI prints it)
    and a ``ValueError`` (what callers of ``fit`` have always caught)."""

    def __init__(self, problem: str, *, fix: str | None = None):
        super().__init__(None, problem, fix=fix)


# --- language ------------------------------------------------------------------------------

def detect_language(texts: Iterable[str], *, max_words: int = 20_000) -> tuple[str | None, dict[str, float]]:
    """Guess Dutch or English from the share of words that are stop words of one language only.

    Returns the language (None when it cannot tell: too few words, or neither clearly ahead)
    and the share of each language's stop words among the words read."""
    from spacy.lang.en.stop_words import STOP_WORDS as EN
    from spacy.lang.nl.stop_words import STOP_WORDS as NL

    only = {"nl": NL - EN, "en": EN - NL}  # "in", "is", "was", "we" ... tell nothing
    hits, total = Counter(), 0
    for text in texts:
        for word in _WORD.findall(str(text).lower()):
            total += 1
            for lang, words in only.items():
                if word in words:
                    hits[lang] += 1
            if total >= max_words:
                break
        if total >= max_words:
            break
    ratios = {lang: round(hits[lang] / total, 3) if total else 0.0 for lang in only}
    first, second = sorted(ratios, key=lambda lang: (-ratios[lang], lang))
    if total >= 5 and ratios[first] >= 0.05 and ratios[first] >= 2 * ratios[second]:
        return first, ratios
    return None, ratios


def _choose_language(texts: list[str], stated: str | None, source: str) -> str:
    """The language to analyse in: the detected one when none is stated or it clearly
    disagrees with the stated default of a corpus; a warning says what was chosen and why."""
    found, ratios = detect_language(texts)
    shares = f"{ratios['nl']:.0%} Dutch and {ratios['en']:.0%} English stop words"
    if stated is None:
        lang = found or "nl"
        how = (f"the text looks {lang!r} ({shares}), so {lang!r} stop words are used" if found else
               f"the text does not tell ({shares}), so {lang!r} is assumed")
        warnings.warn(LanguageGuess(None, f"no language given: {how} (pass lang='nl' or lang='en' to fit() "
                                          "to choose)"), stacklevel=3)
        return lang
    if found and found != stated:
        warnings.warn(LanguageGuess(None, f"{source} says language {stated!r} but the text looks {found!r} "
                                          f"({shares}), so the topics use {found!r} stop words (pass "
                                          f"lang={stated!r} to fit() to keep {stated!r}, or correct case.toml)"),
                      stacklevel=3)
        return found
    return stated


# --- text to analyse -----------------------------------------------------------------------

def analyse_texts(texts: list[str], lang: str) -> tuple[list[str], dict[str, Counter]]:
    """The analysis text of each unit (see :func:`analysis_text`) and, per lemma, how often
    each surface form was said (lower-cased; acronyms as written)."""
    nlp = get_pipeline(lang, lemmas=True)
    stop = nlp.Defaults.stop_words | FILLERS[lang]
    strings = nlp.vocab.strings
    decided: dict[tuple[int, bool], tuple[str, str] | None] = {}  # (orth, sentence-initial) -> (lemma, form)

    def decide(text: str, lemma: str, first: bool) -> tuple[str, str] | None:
        plural = _ACRONYM_PLURAL.fullmatch(text)
        acronym = bool(plural or _ACRONYM.fullmatch(text))
        if not acronym:
            if len(text) < 3:
                return None
            if lang == "nl" and text[:1].isupper() and not first:
                return None  # a name (Dutch capitalises names, not nouns): not a theme, and not for print
        # an acronym is not lemmatised ("LLO" opening a sentence is no word to look up)
        lemma = (text[:-1] if plural else text).lower() if acronym else lemma.lower()
        if lemma in stop or text.lower() in stop:
            return None
        return lemma, text if acronym else text.lower()

    out, surfaces = [], {}
    # decided once per word type and sentence position, on the token arrays (most tokens are frequent types)
    for text, doc in zip(texts, nlp.pipe(texts, batch_size=256)):
        marks = mark_spans(text)
        words = []
        rows = doc.to_array([ORTH, IDX, IS_ALPHA, SENT_START, LEMMA]).tolist() if len(doc) else []
        for i, (orth, idx, alpha, sent_start, lemma) in enumerate(rows):
            if not alpha or (marks and any(a <= idx < b for a, b in marks)):
                continue
            key = (orth, i == 0 or sent_start == 1)
            if key not in decided:
                decided[key] = decide(strings[orth], strings[lemma], key[1])
            word = decided[key]
            if word is not None:
                words.append(word[0])
                surfaces.setdefault(word[0], Counter())[word[1]] += 1
        out.append(words)
    remap = _slips(surfaces)
    for slip, lemma in remap.items():
        surfaces[lemma].update(surfaces.pop(slip))
    return [" ".join([remap.get(w, w) for w in words]) for words in out], surfaces


def _slips(surfaces: dict[str, Counter]) -> dict[str, str]:
    """Lemmatiser slips to undo: a lemma nobody said whose most frequent form is itself the
    lemma of other words ("emmer" -> "emmeren", while "emmers" -> "emmer") becomes that lemma."""
    step = {}
    for lemma, forms in surfaces.items():
        said = min(forms.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        if not forms.get(lemma) and said != lemma and said in surfaces:
            step[lemma] = said
    remap = {}
    for lemma in step:
        target, seen = lemma, {lemma}
        while target is not None and target in step:
            target = step[target] if step[target] not in seen else None  # a cycle: leave it alone
            seen.add(target)
        if target is not None:
            remap[lemma] = target
    return remap


def analysis_text(texts: list[str], lang: str = "nl") -> list[str]:
    """Lemmas of the content words of each text: no stop words, fillers, numbers, names or
    marks; acronyms of 2-5 capitals (LLO, MKB) are kept, lower-cased."""
    return analyse_texts(texts, lang)[0]


def surface_forms(surfaces: dict[str, Counter]) -> dict[str, str]:
    """The word to show for each lemma: the lemma itself where people said it, otherwise the
    form they said most often (so a lemmatiser slip such as "management" -> "managemennen"
    never reaches a label)."""
    shown = {}
    for lemma, forms in surfaces.items():
        if forms.get(lemma):
            shown[lemma] = lemma
        else:
            shown[lemma] = min(forms.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    return shown


def _as_units(texts) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``texts`` (a DataFrame with a ``text`` column, a Series, or a list of strings) as a
    units frame with a ``seg_id`` (the input's index label; its position for a list), and the
    rows left out because they had no text. Anything else that is not text is refused."""
    if isinstance(texts, (str, bytes)):
        raise TopicError("texts is one string, not a list of texts", fix="pass a list of strings, e.g. [text]")
    if isinstance(texts, pd.DataFrame):
        if "text" not in texts.columns:
            columns = ", ".join(map(str, texts.columns))
            raise TopicError(f"the texts DataFrame has no 'text' column (columns: {columns})",
                             fix="rename the column that holds the texts to 'text'")
        frame = texts.copy()
        if isinstance(frame["text"], pd.DataFrame):
            raise TopicError("the texts DataFrame has more than one 'text' column", fix="keep one")
    elif isinstance(texts, pd.Series):
        frame = texts.rename("text").to_frame()
    elif isinstance(texts, Iterable) and not isinstance(texts, dict):
        frame = pd.DataFrame({"text": list(texts)})
    else:
        raise TopicError(f"texts is a {type(texts).__name__}", fix="pass a list of strings, a pandas Series or a "
                                                                   "DataFrame with a 'text' column")
    if "seg_id" not in frame.columns:
        frame.insert(0, "seg_id", frame.index)
    frame = frame.reset_index(drop=True)
    values = frame["text"].tolist()
    missing = np.array([_is_missing(v) for v in values], dtype=bool)
    wrong = [(i, v) for i, v in enumerate(values) if not missing[i] and not isinstance(v, str)]
    if wrong:
        shown = ", ".join(f"row {i} ({type(v).__name__} {v!r:.30})" for i, v in wrong[:5])
        raise TopicError(f"{len(wrong)} of {len(values)} texts are not text: {shown}"
                         f"{' ...' if len(wrong) > 5 else ''}",
                         fix="give strings (frame['text'].astype(str) if the values are meant as text)")
    empty = missing | np.array([not missing[i] and not str(v).strip() for i, v in enumerate(values)], dtype=bool)
    dropped = frame[empty].assign(reason="no text (empty or missing)")
    if empty.any():
        rows = ", ".join(str(i) for i in np.flatnonzero(empty)[:10])
        warnings.warn(InputWarning(None, f"{int(empty.sum())} of {len(frame)} texts were empty or missing (NaN/None) "
                                         f"and were left out (rows {rows}{' ...' if empty.sum() > 10 else ''}); "
                                         "see model.dropped"), stacklevel=3)
    return frame[~empty].reset_index(drop=True), dropped.reset_index(drop=True)


def _is_missing(value) -> bool:
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or array is not "missing", just not text
        return False


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
        raise TopicError(f"unit {unit!r} is not known", fix="use turn, paragraph, sentence or document")
    seg = corpus.segments[(corpus.segments["kind"] == unit) & corpus.segments["speaker_role"].isin(roles)]
    docs = corpus.documents[["doc_id", "case_id", "participant_id", "kind", "interview_date"]].rename(
        columns={"kind": "doc_kind"})
    frame = seg.merge(docs, on="doc_id").merge(
        corpus.participants[["case_id", "participant_id", "pseudonym", "role", "department"]],
        on=["case_id", "participant_id"], how="left")
    frame = frame[frame["doc_kind"].isin(kinds)].reset_index(drop=True)
    return corpus.with_text(frame)


def windows(units: pd.DataFrame, size: int, corpus: Corpus | None = None) -> pd.DataFrame:
    """Consecutive units grouped ``size`` at a time, within one document and speaker (when the
    units have those columns), so that short sentences become units long enough to cluster.

    Each window keeps the first unit's columns; ``seg_ids`` lists its members (space-separated),
    ``start``/``end`` span them. Its text is the document's text over that span when the members
    are adjacent in the document (nothing but white space between them), else the members'
    texts joined by a line break."""
    if isinstance(size, bool) or not isinstance(size, (int, np.integer)) or size < 1:
        raise TopicError(f"window={size!r}", fix="give a whole number of units per window, e.g. window=3")
    if size == 1 or units.empty:
        return units
    keys = [c for c in ("doc_id", "speaker", "pseudonym") if c in units.columns]
    frame = units.copy()
    if {"doc_id", "start"} <= set(frame.columns):
        frame = frame.sort_values(["doc_id", "start"], kind="stable")
    frame = frame.reset_index(drop=True)
    group = (frame[keys].astype(str).agg("\x1f".join, axis=1) if keys
             else pd.Series("", index=frame.index))
    changed = (group != group.shift()).cumsum()
    frame["_window"] = changed.astype(str) + ":" + (frame.groupby(changed).cumcount() // size).astype(str)
    rows = []
    for _, part in frame.groupby("_window", sort=False):
        row = part.iloc[0].to_dict()
        row["seg_ids"] = " ".join(map(str, part["seg_id"]))
        text = "\n".join(part["text"])
        if {"start", "end", "doc_id"} <= set(part.columns):
            row["start"], row["end"] = part["start"].iloc[0], part["end"].iloc[-1]
            if corpus is not None:
                doc = corpus.text(row["doc_id"])
                gaps = [doc[e:s] for e, s in zip(part["end"].iloc[:-1], part["start"].iloc[1:])]
                if all(not g.strip() for g in gaps):
                    text = doc[int(row["start"]):int(row["end"])]
        row["text"] = text
        rows.append(row)
    return pd.DataFrame(rows).drop(columns="_window")


# --- the model -----------------------------------------------------------------------------

@dataclass
class TopicModel:
    """A fitted topic model and its results as DataFrames.

    Attributes
    ----------
    method : "bertopic" or "nmf"
    assignments : one row per unit: seg_id, doc_id, start, end, pseudonym, role, ..., text,
        topic (-1 = outlier: no topic), probability (the columns of a ``texts`` frame instead;
        windows add ``seg_ids``)
    topics : topic, label, terms (top words as said: see :func:`surface_forms`), size, share;
        a last row ``-1`` "(outliers)" when units are left without a topic
    message : why a fallback was used, how many units were outliers, what to do about it
    outliers_before : the share of outliers before they were reassigned to their nearest topic
    dropped : the input units that were not modelled, with a ``reason`` (no text; fewer than
        ``MIN_CONTENT_WORDS`` content words)
    """

    method: str
    assignments: pd.DataFrame
    topics: pd.DataFrame
    params: dict
    message: str = ""
    model: object = None
    outliers_before: float = 0.0
    analysis: list[str] = field(default_factory=list, repr=False)
    dropped: pd.DataFrame | None = field(default=None, repr=False)
    shown: dict | None = field(default=None, repr=False)  # lemma -> the word shown for it

    @property
    def n_topics(self) -> int:
        """The number of real topics (the outlier "topic" -1 not counted)."""
        return int((self.topics["topic"] >= 0).sum())

    @property
    def outlier_share(self) -> float:
        """The share of modelled units that have no topic (topic -1) in the result."""
        return float((self.assignments["topic"] < 0).mean()) if len(self.assignments) else 0.0

    @property
    def n_too_short(self) -> int:
        """Units with text that were not modelled: fewer than ``MIN_CONTENT_WORDS`` content words."""
        if self.dropped is None or not len(self.dropped):
            return 0
        return int(self.dropped["reason"].str.startswith("fewer than").sum())

    @property
    def unassigned_share(self) -> float:
        """The share of the units with text that got no topic: too short to model, or outliers."""
        total = len(self.assignments) + self.n_too_short
        return (self.n_too_short + int((self.assignments["topic"] < 0).sum())) / total if total else 0.0

    def summary(self) -> str:
        """What was fitted, on how much, what was left out or unassigned, and what to do."""
        p = self.params
        n_dropped = 0 if self.dropped is None else len(self.dropped)
        lines = [f"{self.method}: {self.n_topics} topics over {len(self.assignments)} units "
                 f"(unit {p.get('unit')}{', window ' + str(p['window']) if p.get('window') else ''}, "
                 f"language {p.get('lang')}, seed {p.get('random_state')})"]
        if isinstance(p.get("nr_topics"), (int, np.integer)) and self.n_topics != p["nr_topics"]:
            lines.append(f"asked for {p['nr_topics']} topics, got {self.n_topics} (see the message)")
        if n_dropped:
            reasons = self.dropped["reason"].value_counts()
            lines.append(f"{n_dropped} units not modelled: " + "; ".join(f"{v} {k}" for k, v in reasons.items()))
        lines.append(f"{self.outlier_share:.0%} of the modelled units without a topic (outliers"
                     + (f"; {self.outliers_before:.0%} before reassignment)" if self.outliers_before else ")")
                     + (f"; {self.unassigned_share:.0%} of all units with text" if self.n_too_short else ""))
        if self.message:
            lines.append(self.message)
        return "\n".join(lines)

    def __repr__(self) -> str:
        short = f" ({self.n_too_short} more too short to model)" if self.n_too_short else ""
        return (f"<TopicModel {self.method}: {self.n_topics} topics over {len(self.assignments)} units{short}; "
                f"{self.outlier_share:.0%} without a topic{'; ' + self.message if self.message else ''}>")

    def _repr_html_(self) -> str:
        import html

        return f"<p><b>{html.escape(repr(self))}</b></p>" + self.topics.to_html(index=False)

    # --- reading ---------------------------------------------------------------------------

    def quotes(self, n: int = 2, *, min_chars: int = 60, max_chars: int = 400) -> pd.DataFrame:
        """The ``n`` most typical units per topic, from different speakers where the units say
        who spoke (a ``pseudonym`` or ``speaker`` column)."""
        a = self.assignments[self.assignments["topic"] >= 0].copy()
        who = next((c for c in ("pseudonym", "speaker") if c in a.columns), None)
        a["_length"] = a["text"].str.len()
        parts = []
        for _, group in a.groupby("topic", sort=True):
            # best fitting first; units of a readable length before others, and among those a
            # speaker not yet quoted before a second quote of the same speaker
            group = group.sort_values("probability", ascending=False, kind="stable")
            fits = group["_length"].between(min_chars, max_chars)
            repeat = (group[who].fillna("\x00").groupby(fits).transform(lambda s: s.duplicated()).astype(bool)
                      if who else pd.Series(False, index=group.index))
            rank = (~fits).astype(int) * 2 + repeat.astype(int)
            parts.append(group.assign(_rank=rank).sort_values("_rank", kind="stable").drop(columns="_rank").head(n))
        if not parts:
            return a.drop(columns="_length").iloc[0:0]
        return pd.concat(parts).drop(columns="_length").reset_index(drop=True)

    def _column(self, name: str, purpose: str) -> pd.Series:
        if name not in self.assignments.columns:
            own = [c for c in self.assignments.columns if c not in ("text", "topic", "probability")]
            raise TopicError(f"{purpose} need a {name!r} column, and the units have none "
                             f"(columns: {', '.join(map(str, own))})",
                             fix=f"fit on a corpus, or pass texts as a DataFrame with a {name!r} column")
        return self.assignments[name]

    def shares(self, by: str = "role", *, normalize: bool = True) -> pd.DataFrame:
        """Topics × groups: the share of each group's units per topic (or counts)."""
        self._column(by, f"shares by {by}")
        a = self.assignments[self.assignments["topic"] >= 0]
        groups = a[by].astype(object).where(a[by].notna(), UNKNOWN_GROUP.get(self.params.get("lang"), "(unknown)"))
        table = pd.crosstab(a["topic"], groups)
        if normalize:
            table = table / table.sum(axis=0)
        labels = self.topics.set_index("topic")["label"]
        table.index = [labels.get(t, str(t)) for t in table.index]
        return table

    def over_time(self, by: str = "interview_date", freq: str = "M") -> pd.DataFrame:
        """Topic shares per period of ``by`` (a date column of the units)."""
        self._column(by, "topics over time")
        a = self.assignments[self.assignments["topic"] >= 0].copy()
        a["period"] = pd.to_datetime(a[by], errors="coerce").dt.to_period(freq)
        a = a.dropna(subset=["period"])
        if a.empty:
            raise TopicError(f"no unit with a topic has a date in column {by!r}",
                             fix="give dates such as 2024-03-01 in that column")
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
        merged = TopicModel(self.method, a, _describe(a["topic"].to_numpy(), self.analysis, self.shown),
                            dict(self.params, merged=self.params.get("merged", []) + [list(topics)]),
                            self.message, self.model, self.outliers_before, self.analysis, self.dropped, self.shown)
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
            raise InputError(path, "is not a topic model saved by undercurrent")
        return data["model"]


def _bertopic():
    """Import BERTopic quietly: it imports tqdm.auto, which warns in notebooks without ipywidgets."""
    from tqdm import TqdmWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TqdmWarning)
        import bertopic
        import bertopic.vectorizers  # noqa: F401
    _cache_layout_compilations()
    return bertopic


@lru_cache(maxsize=None)  # once per process: the modules are imported by then
def _cache_layout_compilations() -> None:
    """Let numba keep UMAP's and pynndescent's compiled functions on disk.

    Most of them are not declared ``cache=True``, so every new process compiled them again:
    10-40 s per topic fit, more than the fit itself on a 100k-word study. ``enable_caching`` is
    what ``cache=True`` calls; numba keys the cache on the source file, so an upgrade recompiles.
    Functions numba cannot cache (dynamic globals) still compile, without a warning each time."""
    import sys

    try:
        from numba.core.errors import NumbaWarning
        from numba.core.registry import CPUDispatcher
    except ImportError:  # pragma: no cover - numba comes with umap-learn
        return
    warnings.filterwarnings("ignore", message="Cannot cache compiled function", category=NumbaWarning)
    for name, module in list(sys.modules.items()):
        if module is None or not name.startswith(("umap", "pynndescent")):
            continue
        for value in list(vars(module).values()):
            if isinstance(value, CPUDispatcher) and type(value._cache).__name__ == "NullCache":
                try:
                    value.enable_caching()
                except Exception:  # noqa: BLE001 - an uncacheable function just compiles as before
                    pass


def _describe(labels: np.ndarray, analysis: list[str], shown: dict | None = None, top_n: int = 10) -> pd.DataFrame:
    """Topic terms by class-based TF-IDF (BERTopic's c-TF-IDF) over the units' lemmas, each
    lemma shown as people said it (``shown``)."""
    from sklearn.feature_extraction.text import CountVectorizer

    ClassTfidfTransformer = _bertopic().vectorizers.ClassTfidfTransformer
    shown = shown or {}

    def say(term: str) -> str:
        return " ".join(shown.get(w, w) for w in term.split())

    labels = np.asarray(labels)
    topics = sorted(t for t in set(labels.tolist()) if t >= 0)
    texts = [" ".join(a for a, l in zip(analysis, labels) if l == t) for t in topics]
    rows = []
    if topics and any(texts):
        counts = CountVectorizer(ngram_range=(1, 2), token_pattern=r"(?u)\b\w[\w'-]+\b").fit(texts)
        matrix = ClassTfidfTransformer(reduce_frequent_words=True).fit_transform(counts.transform(texts))
        vocab = np.array(counts.get_feature_names_out())
        ngram_len = np.array([term.count(" ") + 1 for term in vocab])
        for k, t in enumerate(topics):
            weights = matrix[k].toarray().ravel()
            # equal weights: the longer term first ("first out" before "first"), then A-Z
            order = np.lexsort((np.arange(len(vocab)), -ngram_len, -weights))[:top_n]
            terms = [vocab[i] for i in order if weights[i] > 0]
            words = list(dict.fromkeys(say(term) for term in terms))
            rows.append(dict(topic=t, label=" · ".join(_label_terms(words)), terms=words))
    frame = pd.DataFrame(rows, columns=["topic", "label", "terms"])
    sizes = pd.Series(labels).value_counts()
    frame["size"] = frame["topic"].map(sizes).fillna(0).astype(int)
    frame["share"] = (frame["size"] / max(len(labels), 1)).round(3)
    if (labels < 0).any():
        frame = pd.concat([frame, pd.DataFrame([dict(topic=-1, label="(outliers)", terms=[], size=int((labels < 0).sum()),
                                                     share=round(float((labels < 0).mean()), 3))])], ignore_index=True)
    # outliers last whatever their number; ties in size in topic order
    frame["_last"] = frame["topic"] < 0
    frame = frame.sort_values(["_last", "size", "topic"], ascending=[True, False, True], kind="stable")
    return frame.drop(columns="_last").reset_index(drop=True)


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
    min_cluster_size = int(np.clip(round(n / 30), 5, 50))
    return dict(n_neighbors=int(np.clip(round(np.sqrt(n)), 5, 15)),
                min_cluster_size=min_cluster_size, min_samples=max(2, min_cluster_size // 2),
                n_components=5, svd_components=int(min(100, max(2, n // 4))))


# --- fitting -------------------------------------------------------------------------------

def fit(corpus: Corpus | None = None, *, unit: str = "turn", texts=None,
        roles=ROLES_DEFAULT, lang: str | None = None, method: str = "auto", nr_topics: int | str | None = None,
        embedding_model=None, random_state: int = 42, reduce_outliers: bool = True,
        min_units: int = MIN_UNITS_BERTOPIC, window: int | None = None,
        max_fit_units: int | None = MAX_FIT_UNITS) -> TopicModel:
    """Fit topics on respondent text.

    Parameters
    ----------
    corpus : the corpus (or give ``texts``)
    unit : "turn", "paragraph", "sentence" or "document" (of the corpus)
    texts : instead of a corpus: a list or Series of strings, or a DataFrame with a ``text``
        column (its other columns are kept; ``pseudonym``/``role``/... enable quotes from
        different speakers and shares by group). Empty and missing (NaN) texts are left out
        with a warning; anything else that is not a string is refused.
    lang : "nl" or "en"; None = the corpus's language, or for ``texts`` guessed from the share
        of Dutch and English stop words (with a :class:`LanguageGuess` warning, which is also
        given when a corpus's language clearly disagrees with its text)
    method : "auto" (BERTopic, NMF below ``min_units`` distinct units), "bertopic" or "nmf"
    nr_topics : the number of real topics (the outlier group -1 is not one of them). BERTopic
        merges similar topics down to it, or, when its clustering finds fewer, splits the units
        with k-means into that many; NMF fits that many. When the data cannot give that many
        (fewer distinct units), the result has fewer and its message says so.
        None = as many as the data has; "auto" = BERTopic's own merging of similar topics.
    embedding_model : None for the offline TF-IDF + SVD backend, or a sentence-transformers
        model or a local path to one (needs the optional sentence-transformers package)
    random_state : same input and same seed give the same topics, in any process (identical
        texts are fitted once and mapped back: UMAP lays out duplicates differently per process)
    reduce_outliers : reassign outliers to their nearest topic (c-TF-IDF); the share before
        is ``outliers_before``, the share still without a topic ``outlier_share``
    window : group this many consecutive units (of one document and speaker) into one unit: the
        remedy when short units (sentences) leave many without a topic; see :func:`windows`
    max_fit_units : with more distinct units than this, BERTopic is fitted on a sample of this
        size stratified by document (each in proportion, seeded), and every other unit is
        assigned to the topic whose centre in the embedding is nearest (cosine); those units
        have no probability (NaN). None fits on all units, however many.
    """
    if method not in ("auto", "bertopic", "nmf"):
        raise TopicError(f"method {method!r} is not known", fix="use auto, bertopic or nmf")
    if nr_topics is not None and nr_topics != "auto" and (
            isinstance(nr_topics, bool) or not isinstance(nr_topics, (int, np.integer)) or nr_topics < 2):
        raise TopicError(f"nr_topics={nr_topics!r}", fix="give a whole number of at least 2, 'auto' or None")
    if lang is not None and lang not in SUPPORTED_LANGUAGES:
        raise TopicError(f"language {lang!r} is not supported", fix=f"use one of {', '.join(SUPPORTED_LANGUAGES)}")
    if max_fit_units is not None and (isinstance(max_fit_units, bool) or not isinstance(max_fit_units, (int, np.integer))
                                      or max_fit_units < 2 * MIN_DISTINCT_BERTOPIC):
        raise TopicError(f"max_fit_units={max_fit_units!r}",
                         fix=f"give a whole number of at least {2 * MIN_DISTINCT_BERTOPIC} (a sample that size), or None")
    nr_topics = int(nr_topics) if isinstance(nr_topics, (int, np.integer)) else nr_topics
    if texts is not None:
        units, dropped = _as_units(texts)
        lang = lang or _choose_language(units["text"].tolist(), None, "texts")
    elif corpus is None:
        raise TopicError("give a corpus or texts", fix="fit(corpus) or fit(texts=[...])")
    else:
        units = units_of(corpus, unit, roles)
        blank = ~units["text"].fillna("").astype(str).str.strip().astype(bool)
        dropped = units[blank].assign(reason="no text (empty or missing)")
        units = units[~blank].reset_index(drop=True)
        if lang is None:
            stated = corpus.documents["language"].dropna()
            lang = _choose_language(units["text"].tolist(), stated.mode().iat[0] if len(stated) else None,
                                    "the corpus")
    if window is not None:
        units = windows(units, window, corpus if texts is None else None)
    analysis, surfaces = analyse_texts(units["text"].tolist(), lang)
    keep = np.array([len(a.split()) >= MIN_CONTENT_WORDS for a in analysis], dtype=bool)
    dropped = pd.concat([dropped, units[~keep].assign(reason=f"fewer than {MIN_CONTENT_WORDS} content words")],
                        ignore_index=True)
    units, analysis = units[keep].reset_index(drop=True), [a for a, k in zip(analysis, keep) if k]
    n = len(units)
    if n < 3:
        where = (f"{unit} units of speakers with role {', '.join(roles)}" if texts is None else "texts")
        raise TopicError(f"only {n} units with content words: too few for any topic model ({len(dropped)} "
                         f"{where} had no text or fewer than {MIN_CONTENT_WORDS} content words)",
                         fix="give more or longer texts" + (", or check the speaker labels" if texts is None else ""))
    # identical analysis texts are one point for the models: fitted once, mapped back
    distinct, inverse = _distinct(analysis)
    if len(distinct) < 2:
        raise TopicError(f"all {n} units have the same content words ({distinct[0]!r}): nothing to tell apart",
                         fix="give texts that differ")
    sample = None
    if max_fit_units is not None and len(distinct) > max(max_fit_units, MIN_UNITS_BERTOPIC) and method != "nmf":
        first_doc = (units["doc_id"].to_numpy()[np.unique(inverse, return_index=True)[1]]
                     if "doc_id" in units.columns else np.zeros(len(distinct)))
        sample = fit_sample(first_doc, max_fit_units, random_state)
    params = dict(unit=unit if texts is None else "text", lang=lang, method=method, nr_topics=nr_topics,
                  random_state=random_state, n_units=n, n_distinct=len(distinct), window=window,
                  n_fitted=len(distinct) if sample is None else len(sample),
                  **_scaled_params(len(distinct) if sample is None else len(sample)))
    notes: list[str] = []
    counted = f"{n} units" if len(distinct) == n else f"{len(distinct)} distinct units ({n} in all)"
    if method == "auto" and len(distinct) < min_units:
        method = "nmf"
        notes.append(f"{counted} is too few for BERTopic (it needs at least {min_units}; below that nearly "
                     f"everything becomes an outlier), so NMF was fitted instead")
        warnings.warn(notes[-1], TooFewUnits, stacklevel=2)
    elif method == "bertopic" and len(distinct) < MIN_DISTINCT_BERTOPIC:
        method = "nmf"
        notes.append(f"{counted} is too few for BERTopic's layout (UMAP needs at least "
                     f"{MIN_DISTINCT_BERTOPIC}), so NMF was fitted instead")
        warnings.warn(notes[-1], TooFewUnits, stacklevel=2)
    outliers_before = 0.0
    if method in ("auto", "bertopic"):
        found, before, probs, model, note = _fit_bertopic(distinct, params, nr_topics, embedding_model,
                                                           random_state, reduce_outliers, sample)
        if len(set(found.tolist()) - {-1}) < 2:
            notes.append(f"BERTopic found fewer than two topics in {counted}"
                         f"{' (' + note + ')' if note else ''}; NMF was fitted instead")
            warnings.warn(notes[-1], TooFewUnits, stacklevel=2)
            method = "nmf"
        else:
            method = "bertopic"
            labels, probs = found[inverse], probs[inverse]
            # outliers exist among the fitted units only (a sample's other units are assigned)
            fitted = np.ones(n, dtype=bool) if sample is None else np.isin(inverse, sample)
            outliers_before = float((before[inverse][fitted] == -1).mean())
            notes += [note] if note else []
            if outliers_before and reduce_outliers:
                reassigned = float(((before[inverse] == -1) & (labels != -1))[fitted].mean())
                notes.append(f"{outliers_before:.0%} of the {'fitted ' if sample is not None else ''}units were outliers at first; {reassigned:.0%} were reassigned to "
                             f"their nearest topic by c-TF-IDF, {(labels == -1).mean():.0%} remain without a topic")
            elif outliers_before:
                notes.append(f"{outliers_before:.0%} of the units are outliers (not reassigned: reduce_outliers=False)")
    if method == "nmf":
        labels, probs, model, note = _fit_nmf(analysis, nr_topics, random_state)
        notes += [note] if note else []
    params["method"] = method
    assignments = units.assign(topic=labels, probability=np.round(probs, 4))
    shown = surface_forms(surfaces)
    described = _describe(labels, analysis, shown)
    got = int((described["topic"] >= 0).sum())
    if isinstance(nr_topics, int) and got != nr_topics and not any("asked for" in m for m in notes):
        notes.append(f"asked for {nr_topics} topics, got {got}: the data has no more to give")
    short = int((dropped["reason"] != "no text (empty or missing)").sum())
    if (short + (labels < 0).sum()) / (short + n) >= OUTLIER_WARNING_SHARE:
        notes.append(_outlier_advice(short, analysis, labels, params, texts is None, reduce_outliers))
        warnings.warn(notes[-1], ManyOutliers, stacklevel=2)
    return TopicModel(method, assignments, described, params, "; ".join(notes), model,
                      outliers_before, analysis, dropped.reset_index(drop=True), shown)


def fit_sample(groups, size: int, random_state: int = 42) -> np.ndarray:
    """Sorted positions of a sample of about ``size`` units, every group (document) in
    proportion to its number of units (rounded, so a document of a few units may have none)."""
    frame = pd.DataFrame({"group": np.asarray(groups, dtype=object)})
    share = min(1.0, size / max(1, len(frame)))
    picked = frame.groupby("group", sort=False, dropna=False).sample(frac=share, random_state=random_state)
    return np.sort(picked.index.to_numpy())


def _assign_nearest(embeddings: np.ndarray, fitted: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """The topic of each row of ``embeddings`` whose centre (the mean of its fitted units'
    embeddings) is nearest by cosine; -1 for all when no fitted unit has a topic."""
    from sklearn.neighbors import NearestCentroid
    from sklearn.preprocessing import normalize

    has_topic = labels >= 0
    if len(set(labels[has_topic].tolist())) < 2:
        return np.full(len(embeddings), labels[has_topic][0] if has_topic.any() else -1)
    # rows and centres normalised to unit length: the nearest in Euclidean distance is the nearest by cosine
    centres = NearestCentroid().fit(normalize(fitted[has_topic]), labels[has_topic])
    centres.centroids_ = normalize(centres.centroids_)
    return centres.predict(normalize(embeddings))


def _distinct(analysis: list[str]) -> tuple[list[str], np.ndarray]:
    """The distinct texts in order of first occurrence, and each text's index among them."""
    index: dict[str, int] = {}
    inverse = np.array([index.setdefault(a, len(index)) for a in analysis], dtype=int)
    return list(index), inverse


def _outlier_advice(short, analysis, labels, params, from_corpus, reduced) -> str:
    """Say how many units have no topic (too short to model, or outliers), why, and what to do."""
    outliers = int((labels < 0).sum())
    total = short + len(labels)
    words = int(np.median([len(a.split()) for a in analysis]))
    unit, window = params["unit"], params.get("window")
    if from_corpus and unit in ("sentence", "paragraph"):
        remedy = ("fit on whole turns (unit='turn', --unit turn) or group consecutive sentences "
                  "(window=3, --window 3)")
    elif from_corpus and unit == "turn":
        remedy = ("group consecutive turns of a speaker (window=3, --window 3) or fit whole documents "
                  "(unit='document')")
    else:
        remedy = "group consecutive texts (window=3; within a doc_id column if there is one) or give longer texts"
    if window:
        remedy = remedy.replace("window=3, --window 3", f"a window larger than {window}")
    return (f"{(short + outliers) / total:.0%} of the {total} units have no topic ({short} with fewer than "
            f"{MIN_CONTENT_WORDS} content words, {outliers} outliers; the modelled units have a median of {words} "
            f"content words): short units give too little to cluster on; {remedy}"
            + ("" if reduced else ", or reassign outliers with reduce_outliers=True"))


def _embed(docs: list[str], embedding_model, params: dict, random_state):
    """The embedding backend for BERTopic and the documents' embeddings (computed here, once)."""
    if embedding_model is None:
        from sklearn.decomposition import TruncatedSVD
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import Normalizer

        n_features = len(TfidfVectorizer(ngram_range=(1, 2), min_df=1).fit(docs).vocabulary_)
        # TruncatedSVD needs fewer components than features (a small or repetitive vocabulary)
        k = max(1, min(params["svd_components"], n_features - 1, len(docs) - 1))
        params["svd_components"] = k
        pipe = make_pipeline(TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), min_df=1),
                             TruncatedSVD(n_components=k, random_state=random_state), Normalizer(copy=False))
        return pipe, pipe.fit_transform(docs)
    if isinstance(embedding_model, (str, Path)):
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise ImportError("a sentence-transformers model needs `pip install sentence-transformers` "
                              "(and a model on a local path); the default backend needs neither") from None
        embedding_model = SentenceTransformer(str(embedding_model))
    from bertopic.backend._utils import select_backend

    backend = select_backend(embedding_model)
    return backend, np.asarray(backend.embed(docs))


#: UMAP computes exact neighbours below this many points, and uses pynndescent above it
UMAP_EXACT_BELOW = 4096


def _exact_neighbours(embeddings: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Each unit's ``k`` nearest units by cosine (itself first), for UMAP's ``precomputed_knn``.

    Above 4,096 points UMAP would ask pynndescent for approximate neighbours, which compiles
    for 20-40 s in every process (its functions cannot be cached) and is approximate; exact
    brute-force neighbours on a few thousand 100-dimensional rows take about a second."""
    from sklearn import config_context
    from sklearn.neighbors import NearestNeighbors

    with config_context(working_memory=64):  # MB per block of the distance matrix (default 1 GB)
        distances, indices = NearestNeighbors(n_neighbors=k, metric="cosine", algorithm="brute").fit(
            embeddings).kneighbors(embeddings)
    return indices.astype(np.int32), distances.astype(np.float32)


def _fit_quietly(model, docs, embeddings) -> tuple[np.ndarray, object]:
    """``model.fit_transform`` without UMAP's warning that precomputed neighbours (which have no
    pynndescent index) leave it without ``transform``: BERTopic's fit does not need it."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"precomputed_knn\[2\]", category=UserWarning)
        labels, probs = model.fit_transform(docs, embeddings=embeddings)
    return np.asarray(labels), probs


def _fit_bertopic(docs, params, nr_topics, embedding_model, random_state, reduce_outliers, sample=None):
    """BERTopic on distinct texts (or on the positions ``sample`` of them, the others assigned to
    the nearest topic centre). Returns the topics (after reassigning outliers), the topics
    before that, probabilities, the model and a note."""
    BERTopic = _bertopic().BERTopic
    from hdbscan import HDBSCAN
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import CountVectorizer
    from umap import UMAP

    backend, all_embeddings = _embed(docs, embedding_model, params, random_state)
    if sample is not None:
        all_docs = docs
        docs, embeddings = [docs[i] for i in sample], all_embeddings[sample]
    else:
        embeddings = all_embeddings
    n = len(docs)

    n_neighbors = min(params["n_neighbors"], n - 1)
    knn = _exact_neighbours(embeddings, n_neighbors) if n >= UMAP_EXACT_BELOW else (None, None, None)

    def bertopic(cluster_model):
        umap_model = UMAP(n_neighbors=n_neighbors, n_components=min(params["n_components"], n - 2),
                          min_dist=0.0, metric="cosine", random_state=random_state, n_jobs=1, precomputed_knn=knn)
        vectorizer = CountVectorizer(ngram_range=(1, 2), token_pattern=r"(?u)\b\w[\w'-]+\b",
                                     min_df=2 if n >= 100 else 1)
        return BERTopic(embedding_model=backend, umap_model=umap_model, hdbscan_model=cluster_model,
                        vectorizer_model=vectorizer, nr_topics=nr_topics if nr_topics == "auto" else None,
                        calculate_probabilities=False, verbose=False)

    # min_samples below min_cluster_size declares fewer units noise: on the demo (9 seeds) every
    # theme found in each run and 17-33% outliers instead of 40-59% (HDBSCAN's default is equal)
    model = bertopic(HDBSCAN(min_cluster_size=params["min_cluster_size"], min_samples=params["min_samples"],
                             metric="euclidean", cluster_selection_method="leaf", prediction_data=True))
    labels, probs = _fit_quietly(model, docs, embeddings)
    notes = []
    if isinstance(nr_topics, int):
        found = len(set(labels.tolist()) - {-1})
        if found > nr_topics:
            # BERTopic counts the outlier group -1 as one of its nr_topics: ask for one more then
            model.reduce_topics(docs, nr_topics=nr_topics + int((labels == -1).any()))
            labels, probs = np.asarray(model.topics_), model.probabilities_
        elif found < nr_topics:
            k = min(nr_topics, n)
            model = bertopic(KMeans(n_clusters=k, random_state=random_state, n_init=10))
            labels, probs = _fit_quietly(model, docs, embeddings)
            notes.append(f"HDBSCAN found {found} topics, fewer than the {nr_topics} asked for, so k-means split the "
                         f"units into {k}" + (f" (asked for {nr_topics}, but there are only {n} distinct units)"
                                              if k < nr_topics else ""))
    before = labels.copy()
    if reduce_outliers and (labels == -1).any() and len(set(labels.tolist()) - {-1}) >= 2:
        labels = np.asarray(model.reduce_outliers(docs, labels.tolist(), strategy="c-tf-idf", threshold=0.05))
    probs = np.asarray(probs if probs is not None else np.ones(n), dtype=float)
    if probs.ndim > 1:
        probs = probs.max(axis=1)
    if sample is not None:
        rest = np.setdiff1d(np.arange(len(all_docs)), sample)
        assigned = _assign_nearest(all_embeddings[rest], embeddings, labels)
        full_labels, full_before = np.empty(len(all_docs), dtype=int), np.empty(len(all_docs), dtype=int)
        full_probs = np.full(len(all_docs), np.nan)
        full_labels[sample], full_before[sample], full_probs[sample] = labels, before, probs
        full_labels[rest] = full_before[rest] = assigned
        notes.append(f"fitted on a sample of {n} of the {len(all_docs)} distinct units, drawn from every document "
                     f"in proportion; the other {len(rest)} were assigned to the topic whose centre is nearest")
        labels, before, probs = full_labels, full_before, full_probs
    return labels, before, probs, model, "; ".join(notes)


def _fit_nmf(analysis, nr_topics, random_state):
    """NMF on all units. Returns topics, probabilities (the topic's share of the unit's
    weights), the fitted (vectorizer, nmf) and a note when fewer topics came out than asked."""
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    n = len(analysis)
    tfidf = TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), min_df=1)
    x = tfidf.fit_transform(analysis)
    most = min(len(set(analysis)), x.shape[1])  # NMF cannot have more components than this
    asked = nr_topics if isinstance(nr_topics, int) else int(np.clip(round(np.sqrt(n / 2)), 2, 12))
    k = max(2, min(asked, most if isinstance(nr_topics, int) else min(most, n - 1)))
    nmf = NMF(n_components=k, init="nndsvda", random_state=random_state, max_iter=500)
    w = nmf.fit_transform(x)
    labels = w.argmax(axis=1)
    totals = w.sum(axis=1)
    probs = np.where(totals > 0, w.max(axis=1) / np.where(totals > 0, totals, 1), 0.0)
    note = ""
    if isinstance(nr_topics, int):
        got = len(set(labels.tolist()))
        if k < nr_topics:
            note = f"asked for {nr_topics} topics, but {most} distinct units/terms allow at most {k}"
        if got < k:
            note = (note + "; " if note else "") + (f"asked for {nr_topics} topics: NMF fitted {k}, but only {got} are "
                                                    "the main topic of any unit")
    return labels, probs, (tfidf, nmf), note
