"""Topic models on awkward input: lists and NaN, duplicates across processes, nr_topics, quotes
and shares without a corpus, English without `lang`, acronyms, lemmatiser slips in labels, and
short units that leave many without a topic. Tiny synthetic corpora keep the fits quick."""
import json
import os
import random
import re
import subprocess
import sys
import warnings

import numpy as np
import pandas as pd
import pytest

import undercurrent as uc
from undercurrent import topics
from undercurrent.errors import InputError, InputWarning
from undercurrent.keyness import keyness

from conftest import REPO, make_case

NL_THEMES = {
    "leiding": "het management en de leidinggevenden beslissen alles boven onze hoofden zonder overleg met de vloer",
    "emmer": "de emmer met water staat naast de emmers en de dweil bij het schoonmaken van de vloer",
    "opleiding": "via het LLO en de BBL opleiding en het MKB fonds krijgen leerlingen een vak en een diploma",
    "robot": "de lasrobot stond stil omdat de robot verkeerd geprogrammeerd was en de lasser moest het programma "
             "aanpassen",
}
EN_THEMES = {
    "robot": "the welding robot stopped because the program was wrong and the welder had to fix the program again",
    "fire": "the fire in the hall started in the paint shop and the fire brigade came quickly with hoses",
    "coffee": "during the break we drink coffee at the long table in the canteen with sandwiches and the paper",
    "training": "the apprentice follows training at school and learns welding from an experienced master in the "
                "workshop",
}
EN_STOP = {"the", "and", "was", "had", "to", "in", "at", "with", "from", "an", "we", "because", "during"}


def sample_texts(themes: dict, per: int = 12, seed: int = 0, k: int = 10) -> list[str]:
    """``per`` texts of ``k`` words drawn from each theme's sentence, themes interleaved."""
    rng = random.Random(seed)
    out = []
    for _ in range(per):
        for sentence in themes.values():
            text = " ".join(rng.sample(sentence.split(), k))
            out.append(text[0].upper() + text[1:] + ".")
    return out


def quiet_fit(**kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return topics.fit(**kw)


def said_words(texts) -> set[str]:
    return {w.lower() for t in texts for w in re.findall(r"\w+", t)}


@pytest.fixture(scope="module")
def nl_texts():
    return sample_texts(NL_THEMES)


@pytest.fixture(scope="module")
def nl_model(nl_texts):
    return quiet_fit(texts=nl_texts, lang="nl", random_state=1)


@pytest.fixture(scope="module")
def en_fit():
    texts = sample_texts(EN_THEMES)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = topics.fit(texts=texts, random_state=1)  # no lang
    return texts, model, [w for w in caught if issubclass(w.category, topics.LanguageGuess)]


def _turns(rng, themes, n_turns, sentences=3, k=6):
    lines = []
    for i in range(n_turns):
        words = list(themes.values())[i % len(themes)].split()
        said = " ".join(sample_texts({"": " ".join(words)}, per=1, seed=rng.random(), k=k)[0]
                        for _ in range(sentences))
        lines += ["I: En hoe ging dat verder?", "", f"R: {said}", ""]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def small_case(tmp_path_factory):
    """A Dutch case of three interviews (lasser, lasser, teamleider), respondent turns of three
    sentences each, loaded into a store."""
    root = tmp_path_factory.mktemp("edge")
    rng = random.Random(5)
    transcripts = {f"{i}.txt": _turns(rng, NL_THEMES, 8) for i in (1, 2, 3)}
    participants = ("participant_id,pseudonym,role,department,interview_date,file\n"
                    "P1,Ans,lasser,werkplaats,2026-09-01,1.txt\nP2,Bert,lasser,werkplaats,2026-09-02,2.txt\n"
                    "P3,Carla,teamleider,werkplaats,2026-10-03,3.txt\n")
    case = make_case(root / "case", transcripts, participants)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = uc.load_corpus(case, store_path=root / "s.sqlite")
    return case, corpus


# --- 1. lists, Series, NaN and things that are not text ----------------------------------------

def test_a_list_a_series_a_tuple_and_a_frame_of_strings_are_all_accepted(nl_texts):
    by_list = quiet_fit(texts=nl_texts, lang="nl", method="nmf", nr_topics=4)
    assert len(by_list.assignments) + len(by_list.dropped) == len(nl_texts)
    for row in by_list.assignments.itertuples():
        assert nl_texts[row.seg_id] == row.text  # the position leads back to the input
    series = pd.Series(nl_texts, index=[f"t{i}" for i in range(len(nl_texts))])
    by_series = quiet_fit(texts=series, lang="nl", method="nmf", nr_topics=4)
    assert set(by_series.assignments["seg_id"]) <= set(series.index)
    for row in by_series.assignments.itertuples():
        assert series[row.seg_id] == row.text  # the index label leads back to the input
    by_tuple = quiet_fit(texts=tuple(nl_texts), lang="nl", method="nmf", nr_topics=4)
    by_frame = quiet_fit(texts=pd.DataFrame({"text": nl_texts}), lang="nl", method="nmf", nr_topics=4)
    assert by_tuple.assignments["topic"].tolist() == by_list.assignments["topic"].tolist() \
        == by_frame.assignments["topic"].tolist()


@pytest.mark.parametrize("blank", [[np.nan, None, "", "   \n"], [pd.NA, float("nan")]])
def test_missing_and_empty_texts_are_left_out_with_a_count(nl_texts, blank):
    texts = nl_texts[:20] + blank + nl_texts[20:]
    with pytest.warns(InputWarning, match=rf"{len(blank)} of {len(texts)} texts were empty or missing.*rows 20"):
        model = topics.fit(texts=texts, lang="nl", method="nmf", nr_topics=4, random_state=1)
    gone = model.dropped[model.dropped["reason"].str.startswith("no text")]
    assert len(gone) == len(blank) and gone["seg_id"].tolist() == list(range(20, 20 + len(blank)))
    assert model.assignments["text"].map(lambda t: isinstance(t, str) and t.strip() != "").all()
    assert len(model.assignments) + len(model.dropped) == len(texts)  # nothing lost without a trace


def test_nan_in_the_text_column_of_a_frame(nl_texts):
    frame = pd.DataFrame({"text": nl_texts + [np.nan], "role": ["a", "b"] * 24 + ["a"]})
    frame["text"] = frame["text"].astype("string")  # a nullable string column holds pd.NA
    with pytest.warns(InputWarning, match="1 of 49 texts"):
        model = topics.fit(texts=frame, lang="nl", method="nmf", nr_topics=4)
    assert np.allclose(model.shares(by="role").sum(axis=0), 1.0)


@pytest.mark.parametrize("texts, match", [
    ("Een enkele tekst.", "one string, not a list"),
    (b"bytes", "one string, not a list"),
    ({"a": "tekst"}, "texts is a dict"),
    (42, "texts is a int"),
    (pd.DataFrame({"tekst": ["a b c"]}), "no 'text' column \\(columns: tekst\\)"),
    (["een goede tekst over de robot", 5, ["lijst"]], "2 of 3 texts are not text: row 1 \\(int 5\\)"),
    ([np.nan] * 4, "only 0 units with content words"),
    ([], "only 0 units with content words"),
])
def test_input_that_is_not_text_is_refused_clearly(texts, match):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(topics.TopicError, match=match) as err:
            topics.fit(texts=texts, lang="nl")
    assert isinstance(err.value, InputError) and isinstance(err.value, ValueError)  # CLI prints, callers catch


@pytest.mark.parametrize("kw, match", [
    (dict(nr_topics=1), "nr_topics=1"), (dict(nr_topics=0), "nr_topics=0"), (dict(nr_topics="5"), "nr_topics='5'"),
    (dict(nr_topics=True), "nr_topics=True"), (dict(lang="de"), "language 'de' is not supported"),
    (dict(method="lda"), "method 'lda'"), (dict(window=0), "window=0"), (dict(window=2.5), "window=2.5"),
    (dict(max_fit_units=5), "max_fit_units=5"), (dict(max_fit_units=1e4), "max_fit_units=10000.0"),
])
def test_bad_parameters_are_refused_clearly(nl_texts, kw, match):
    with pytest.raises(topics.TopicError, match=match):
        topics.fit(texts=nl_texts, **({"lang": "nl"} | kw))


def test_no_corpus_and_no_texts():
    with pytest.raises(topics.TopicError, match="give a corpus or texts"):
        topics.fit()


# --- 2. duplicates: the same result in every process ---------------------------------------------

RUN_IN_SUBPROCESS = """
import json, random, sys, warnings
warnings.simplefilter("ignore")
sys.path.insert(0, {tests!r})
from test_topics_edge import NL_THEMES, sample_texts
from undercurrent import topics
texts = sample_texts(NL_THEMES) * 3
random.Random(0).shuffle(texts)
model = topics.fit(texts=texts, lang="nl", random_state=3)
print(json.dumps(dict(method=model.method, n_topics=model.n_topics, labels=model.topics["label"].tolist(),
                      seg_id=model.assignments["seg_id"].tolist(), topic=model.assignments["topic"].tolist(),
                      text=model.assignments["text"].tolist())))
"""


@pytest.fixture(scope="module")
def runs_with_different_hash_seeds():
    """The same fit of a corpus in which every text occurs three times, in two processes whose
    string hashing differs (UMAP laid duplicates out differently per process)."""
    out = []
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        done = subprocess.run([sys.executable, "-c", RUN_IN_SUBPROCESS.format(tests=str(REPO / "tests"))],
                              capture_output=True, text=True, env=env, cwd=REPO, timeout=900)
        assert done.returncode == 0, done.stderr[-3000:]
        out.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return out


def test_duplicate_texts_give_the_same_topics_in_every_process(runs_with_different_hash_seeds):
    first, second = runs_with_different_hash_seeds
    assert first["method"] == second["method"] == "bertopic"
    assert first["n_topics"] == second["n_topics"]
    assert first["labels"] == second["labels"]
    assert first["seg_id"] == second["seg_id"] and first["topic"] == second["topic"]


def test_identical_texts_share_their_topic(runs_with_different_hash_seeds):
    run = runs_with_different_hash_seeds[0]
    by_text = {}
    for text, topic in zip(run["text"], run["topic"]):
        by_text.setdefault(text, set()).add(topic)
    assert all(len(found) == 1 for found in by_text.values())
    assert 3 <= run["n_topics"] <= 8  # the four themes, not one micro-topic per copy


def test_few_distinct_texts_however_often_repeated(nl_texts):
    with pytest.raises(topics.TopicError, match="all 50 units have the same content words"):
        topics.fit(texts=["De lasrobot stond stil bij de lasser."] * 50, lang="nl")
    analysed = topics.analysis_text(nl_texts, "nl")
    nl_texts = [t for t, a in zip(nl_texts, analysed) if len(a.split()) >= 3]  # all of them modelled
    with pytest.warns(topics.TooFewUnits, match=r"2 distinct units \(60 in all\) is too few for BERTopic"):
        two = topics.fit(texts=nl_texts[:2] * 30, lang="nl")
    assert two.method == "nmf" and two.n_topics == 2 and two.params["n_distinct"] == 2
    with pytest.warns(topics.TooFewUnits, match=r"5 distinct units \(50 in all\).*UMAP needs at least 10"):
        forced = topics.fit(texts=nl_texts[:5] * 10, lang="nl", method="bertopic")
    assert forced.method == "nmf"
    capped = quiet_fit(texts=nl_texts[:4] * 10, lang="nl", method="nmf", nr_topics=6)
    assert capped.n_topics == 4 and "asked for 6 topics" in capped.message and "at most 4" in capped.message


# --- 3. nr_topics counts real topics --------------------------------------------------------------

@pytest.mark.parametrize("k", [2, 3, 5])
def test_nr_topics_means_that_many_real_topics(nl_texts, k):
    model = quiet_fit(texts=nl_texts, lang="nl", nr_topics=k, random_state=1)
    assert model.method == "bertopic"
    assert model.n_topics == k == len(model.topics[model.topics["topic"] >= 0])
    assert model.assignments.loc[model.assignments["topic"] >= 0, "topic"].nunique() == k
    assert f"{k} topics" in model.summary()


def test_nr_topics_above_what_the_clustering_finds_splits_with_kmeans(nl_texts, nl_model):
    k = nl_model.n_topics + 3
    model = quiet_fit(texts=nl_texts, lang="nl", nr_topics=k, random_state=1)
    assert model.n_topics == k and "k-means" in model.message


def test_nr_topics_with_nmf(nl_texts):
    model = quiet_fit(texts=nl_texts, lang="nl", method="nmf", nr_topics=3)
    assert model.n_topics == 3


# --- 4. quotes and shares after fit(texts=...) ----------------------------------------------------

def test_quotes_after_a_fit_on_plain_texts(nl_model):
    quotes = nl_model.quotes(2)
    assert set(quotes["topic"]) == set(nl_model.topics.loc[nl_model.topics["topic"] >= 0, "topic"])
    assert quotes.groupby("topic").size().max() <= 2
    assert (quotes.groupby("topic").size() == 2).all()  # every topic here has more than two units
    assert quotes["text"].isin(nl_model.assignments["text"]).all()


def test_shares_and_over_time_name_the_missing_column(nl_model):
    with pytest.raises(topics.TopicError, match=r"shares by role need a 'role' column.*columns: seg_id"):
        nl_model.shares()
    with pytest.raises(topics.TopicError, match="'department' column"):
        nl_model.shares(by="department")
    with pytest.raises(topics.TopicError, match="'interview_date' column"):
        nl_model.over_time()


def test_shares_quotes_and_time_with_a_frame_that_has_the_columns(nl_texts):
    frame = pd.DataFrame({"text": nl_texts, "role": ["lasser", "planner", None] * 16,
                          "pseudonym": [f"P{i % 5}" for i in range(48)],
                          "interview_date": ["2026-01-15", "2026-02-15"] * 24})
    model = quiet_fit(texts=frame, lang="nl", random_state=1)
    shares = model.shares(by="role")
    assert np.allclose(shares.sum(axis=0), 1.0) and "(onbekend)" in shares.columns
    quotes = model.quotes(2)
    assert (quotes.groupby("topic")["pseudonym"].nunique() == 2).all()  # two speakers per topic where possible
    assert len(model.over_time(freq="M")) == 2


# --- 5. the language, when not given --------------------------------------------------------------

def test_english_texts_without_lang_are_recognised_and_warned_about(en_fit):
    texts, model, caught = en_fit
    assert model.params["lang"] == "en"
    assert len(caught) == 1 and "looks 'en'" in str(caught[0].message) and "lang=" in str(caught[0].message)
    words = {w for terms in model.topics["terms"] for term in terms for w in term.split()}
    assert not words & EN_STOP, words & EN_STOP
    assert {"robot", "coffee", "fire"} <= words


def test_english_texts_with_dutch_stop_words_would_fill_the_labels():
    # what the detection prevents: the same texts read as Dutch keep English stop words
    forced = quiet_fit(texts=sample_texts(EN_THEMES), lang="nl", random_state=1)
    words = {w for terms in forced.topics["terms"] for term in terms for w in term.split()}
    assert words & EN_STOP


def test_dutch_texts_without_lang(nl_texts):
    with pytest.warns(topics.LanguageGuess, match="looks 'nl'"):
        model = topics.fit(texts=nl_texts, method="nmf", nr_topics=4)
    assert model.params["lang"] == "nl"


def test_detect_language():
    assert topics.detect_language(["Ik heb het er niet over gehad, maar we waren er wel."])[0] == "nl"
    assert topics.detect_language(["I have not talked about it, but we were there."])[0] == "en"
    assert topics.detect_language(["12345 67"])[0] is None  # nothing to go on
    assert topics.detect_language(["robot lasrobot laser"])[0] is None
    with pytest.warns(topics.LanguageGuess, match="does not tell.*'nl' is assumed"):
        assert topics.fit(texts=["robot laser cobot tablet"] * 3 + ["tablet werkbon printer papier"] * 3,
                          method="nmf").params["lang"] == "nl"


def test_a_corpus_whose_case_says_dutch_but_speaks_english(tmp_path):
    rng = random.Random(2)
    transcripts = {f"{i}.txt": _turns(rng, EN_THEMES, 6) for i in (1, 2)}
    case = make_case(tmp_path / "en", transcripts)  # case.toml: language = "nl"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = uc.load_corpus(case, store_path=tmp_path / "s.sqlite")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = topics.fit(corpus, method="nmf", nr_topics=3)
    guesses = [str(w.message) for w in caught if issubclass(w.category, topics.LanguageGuess)]
    assert model.params["lang"] == "en"
    assert guesses and "says language 'nl' but the text looks 'en'" in guesses[0]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        kept = topics.fit(corpus, lang="nl", method="nmf", nr_topics=3)  # an explicit lang is obeyed
    assert kept.params["lang"] == "nl" and not [w for w in caught if issubclass(w.category, topics.LanguageGuess)]


# --- 6. acronyms ---------------------------------------------------------------------------------

def test_acronyms_are_kept_names_are_not():
    out = topics.analysis_text(["Via het LLO en de BBL gingen twee MKBs met Henk naar de NAVO en UNESCO.",
                                "LLO opent de zin, HR en ICT ook, en DE is geen afkorting."], "nl")
    # "gingen" -> "gaan" is a filler, Henk a name, UNESCO too long for an acronym, DE a stop word
    assert out == ["via llo bbl twee mkb navo", "llo openen zin hr ict afkorting"]


def test_acronyms_appear_in_labels_as_written(nl_model):
    words = {w for terms in nl_model.topics["terms"] for term in terms for w in term.split()}
    assert {"LLO", "BBL", "MKB"} <= words
    assert not {"llo", "bbl", "mkb"} & words


# --- 7. labels show words people said ------------------------------------------------------------

def test_labels_and_terms_are_words_from_the_text(nl_texts, nl_model):
    said = said_words(nl_texts)
    shown = [w for column in ("label", "terms") for value in nl_model.topics[column]
             for term in (value if isinstance(value, list) else value.split(" · ")) for w in term.split()]
    shown = [w for w in shown if w != "(outliers)"]
    assert shown and all(w.lower() in said for w in shown), [w for w in shown if w.lower() not in said]
    for slip in ("managemennen", "leidinggevenen", "emmeren"):
        assert slip not in " ".join(shown)
    assert {"management", "leidinggevenden", "emmer"} <= {w.lower() for w in shown}


def test_surface_forms_and_slips():
    from collections import Counter

    shown = topics.surface_forms({"lassen": Counter({"lassen": 1, "las": 5}), "emmeren": Counter({"emmer": 3}),
                                  "llo": Counter({"LLO": 2}), "lopen": Counter({"liep": 2, "loopt": 2})})
    assert shown == {"lassen": "lassen", "emmeren": "emmer", "llo": "LLO", "lopen": "liep"}
    # "emmer" is lemmatised to "emmeren" but "emmers" to "emmer": both end up as one lemma
    assert topics.analysis_text(["de emmer en de emmers bij de dweil"], "nl")[0].split()[:2] == ["emmer", "emmer"]


def test_keyness_terms_are_words_from_the_text(small_case):
    case, corpus = small_case
    table = keyness(corpus, min_freq=1)
    said = said_words(corpus.documents["text"])
    assert len(table) and all(w.lower() in said for term in table["word"] for w in term.split())
    assert "managemennen" in set(table["term"]) and "management" in set(table["word"])  # the slip, and its word


# --- 8. short units: report what has no topic, and group them ----------------------------------

SHORT = {
    "robot": "lasrobot robot programma lasser cobot lasnaad".split(),
    "brand": "brand spuiterij brandweer blusser rook hal".split(),
    "koffie": "koffie kantine pauze broodje krant tafel".split(),
    "school": "leerling school opleiding meester diploma stage".split(),
}


@pytest.fixture(scope="module")
def short_sentences():
    """Short sentences, six per document, one theme per document: most have one to three
    content words."""
    rng = random.Random(7)
    rows = []
    for d in range(40):
        theme = list(SHORT)[d % 4]
        for s in range(6):
            words = rng.sample(SHORT[theme], rng.choice([1, 2, 2, 3, 3, 4]))
            rows.append(dict(doc_id=f"d{d}", text=f"Ja, de {' en de '.join(words)}.".capitalize()))
    return pd.DataFrame(rows)


def test_short_units_without_a_topic_are_counted_and_a_window_suggested(short_sentences):
    with pytest.warns(topics.ManyOutliers, match=r"of the 240 units have no topic.*window=3") as caught:
        model = topics.fit(texts=short_sentences, lang="nl", random_state=1)
    # (other warnings may come along, e.g. umap's about TensorFlow the first time it is imported)
    assert any("fewer than 3 content words" in str(w.message) for w in caught if w.category is topics.ManyOutliers)
    assert model.unassigned_share >= topics.OUTLIER_WARNING_SHARE
    assert model.n_too_short == (model.dropped["reason"] == "fewer than 3 content words").sum() > 0
    assert len(model.assignments) + len(model.dropped) == len(short_sentences)
    assert "window=3" in model.message and "without a topic" in repr(model)
    assert "without a topic" in model.summary() and "units not modelled" in model.summary()


def test_a_window_groups_short_units_within_a_document(short_sentences):
    grouped = quiet_fit(texts=short_sentences, lang="nl", random_state=1, window=3)
    alone = quiet_fit(texts=short_sentences, lang="nl", random_state=1)
    assert grouped.unassigned_share < alone.unassigned_share
    members = grouped.assignments["seg_ids"].str.split()
    assert members.map(len).max() == 3
    docs = short_sentences["doc_id"]
    for ids, doc in zip(members, grouped.assignments["doc_id"]):
        assert {docs[int(i)] for i in ids} == {doc}  # never across documents
    assert grouped.params["window"] == 3 and "window 3" in grouped.summary()


def test_outliers_left_in_place_are_reported(short_sentences):
    model = quiet_fit(texts=short_sentences, lang="nl", random_state=1, reduce_outliers=False)
    assert model.outlier_share > 0 and model.outliers_before == pytest.approx(model.outlier_share)
    assert f"{model.outlier_share:.0%} without a topic" in repr(model) and "reduce_outliers=True" in model.message
    assert (model.topics["topic"] == -1).sum() == 1 and model.topics["topic"].iloc[-1] == -1


def test_windows_of_corpus_sentences_keep_exact_offsets(small_case):
    case, corpus = small_case
    model = quiet_fit(corpus=corpus, unit="sentence", window=2, method="nmf", nr_topics=3)
    assert len(model.assignments) and model.assignments["seg_ids"].str.split().map(len).max() == 2
    sentences = corpus.segments.set_index("seg_id")
    adjacent = 0
    for row in model.assignments.itertuples():
        doc = corpus.text(row.doc_id)
        ids = row.seg_ids.split()
        assert row.start == sentences.loc[ids[0], "start"] and row.end == sentences.loc[ids[-1], "end"]
        gaps = [doc[sentences.loc[a, "end"]:sentences.loc[b, "start"]] for a, b in zip(ids, ids[1:])]
        if all(not g.strip() for g in gaps):
            assert row.text == doc[row.start:row.end]
            adjacent += 1
        else:
            assert row.text == "\n".join(doc[sentences.loc[i, "start"]:sentences.loc[i, "end"]] for i in ids)
    assert adjacent > 0
    assert set(model.assignments["pseudonym"]) <= {"Ans", "Bert", "Carla"}


def test_topics_command_with_a_window(small_case, tmp_path, capsys):
    from undercurrent.cli import main

    case, _ = small_case
    assert main(["topics", str(case), "--store", str(tmp_path / "s.sqlite"), "--unit", "sentence",
                 "--window", "3", "--out", str(tmp_path / "t.xlsx")]) == 0
    out = capsys.readouterr().out
    assert "<TopicModel" in out and "without a topic" in out
    units = pd.read_excel(tmp_path / "t.xlsx", sheet_name="units")
    assert "seg_ids" in units.columns


# --- 8. large studies: a fit on a stratified sample, exact neighbours, compilations kept -------

def test_a_fit_on_a_sample_stratified_by_document_assigns_every_other_unit(small_case):
    _, corpus = small_case
    full = quiet_fit(corpus=corpus, unit="sentence", random_state=3, max_fit_units=None)
    sampled = quiet_fit(corpus=corpus, unit="sentence", random_state=3, max_fit_units=22)
    n_distinct = sampled.params["n_distinct"]
    assert full.params["n_fitted"] == n_distinct > 40
    assert 19 <= sampled.params["n_fitted"] <= 25  # each document rounded to its share
    assert "fitted on a sample of" in sampled.message
    a = sampled.assignments
    assert len(a) == len(full.assignments) and a["topic"].ge(0).all()  # nearest centre: nobody left out
    unsampled = a["probability"].isna()
    assert 0 < unsampled.sum() < len(a)  # assigned units have no clustering probability
    # every document is in the sample in proportion to its units
    per_doc = a[~unsampled].groupby("doc_id").size() / a.groupby("doc_id").size()
    assert per_doc.between(0.3, 0.7).all() and len(per_doc) == a["doc_id"].nunique()
    again = quiet_fit(corpus=corpus, unit="sentence", random_state=3, max_fit_units=22)
    assert again.assignments["topic"].tolist() == a["topic"].tolist()  # the seed fixes the sample


def test_fit_sample_is_proportional_and_seeded():
    groups = ["a"] * 100 + ["b"] * 300 + ["c"] * 20
    picked = topics.fit_sample(groups, 105, random_state=1)
    counts = pd.Series(np.asarray(groups)[picked]).value_counts()
    assert counts.to_dict() == {"b": 75, "a": 25, "c": 5}
    assert list(picked) == sorted(picked) and list(picked) == list(topics.fit_sample(groups, 105, random_state=1))
    assert list(picked) != list(topics.fit_sample(groups, 105, random_state=2))


def test_nearest_centre_assignment_is_by_cosine():
    fitted = np.array([[1, 0], [2, 0.1], [0, 1], [0.1, 3], [5, 5]], dtype=float)
    labels = np.array([0, 0, 1, 1, -1])  # an outlier has no say in the centres
    rows = np.array([[10, 1], [0.2, 0.1], [1, 9], [0.3, 0.4]])
    assert topics._assign_nearest(rows, fitted, labels).tolist() == [0, 0, 1, 1]


def test_exact_neighbours_are_the_nearest_by_cosine():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(60, 8))
    indices, distances = topics._exact_neighbours(x, 5)
    unit = x / np.linalg.norm(x, axis=1, keepdims=True)
    expected = np.argsort(1 - unit @ unit.T, axis=1, kind="stable")[:, :5]
    assert (indices[:, 0] == np.arange(60)).all()  # each unit is its own nearest, as UMAP expects
    assert (np.sort(indices, axis=1) == np.sort(expected, axis=1)).all()
    assert distances.dtype == np.float32 and (np.diff(distances, axis=1) >= 0).all()


def test_above_umaps_exact_limit_the_fit_takes_precomputed_exact_neighbours(nl_texts, monkeypatch):
    monkeypatch.setattr(topics, "UMAP_EXACT_BELOW", 10)  # as if these 48 texts were thousands
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = topics.fit(texts=nl_texts, lang="nl", random_state=1)
    assert model.method == "bertopic" and model.n_topics >= 2
    umap = model.model.umap_model
    assert isinstance(umap.precomputed_knn[0], np.ndarray) and umap.precomputed_knn[0].shape[1] == umap.n_neighbors
    assert not [w for w in caught if "precomputed_knn" in str(w.message)]


def test_umap_compilations_are_cached_on_disk():
    from numba.core.registry import CPUDispatcher

    topics._bertopic()
    import umap.umap_

    jitted = [v for v in vars(umap.umap_).values() if isinstance(v, CPUDispatcher)]
    assert len(jitted) > 5  # smooth_knn_dist, compute_membership_strengths, ...
    assert all(type(f._cache).__name__ != "NullCache" for f in jitted)
