"""What every finding rests on: the respondents' sentences with who said them, and quotes chosen
to stand for a finding.

A finding is one row of a tidy DataFrame (:data:`FINDING_COLUMNS`). Its quotes are dicts with
the pseudonym, role, document, exact code-point offsets and timestamp of a sentence, so a reader
can always find the words in the stored text.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from ..corpus.model import Corpus
from ..keyness import MANAGEMENT_ROLE_RE

#: the columns of every finding function's frame
FINDING_COLUMNS = ["kind", "finding_id", "theme", "statement", "n_people", "people", "roles", "generations",
                   "single_person", "confidence", "evidence", "quotes", "details"]
#: what :meth:`Evidence.coded` adds to a sentence about the coding that covers it
CODING_FIELDS = ["code_id", "stance", "origin", "confidence", "strong"]
#: how close (cosine to the centroid of a finding's evidence) a quote must be to stand for it
MIN_CENTRALITY = 0.08
#: a quote of fewer words than this takes the next sentence of its turn along
SHORT_QUOTE_WORDS = 8
#: years of service that make someone "old guard", and at most which make them a newcomer
OLD_GUARD_YEARS = 15
NEWCOMER_YEARS = 5


#: a sentence that opens by pointing back at the one before it: "Maar ...", "Daar ...", "Dat ..."
_POINTS_BACK = re.compile(r"\W*(?:maar|en|dus|want|daarom|daar\w*|dat|die|dit|hij|zij|ze|toen|but|and|so|that|this|"
                          r"he|she|they|there)\b", re.IGNORECASE)


def _overlapping(pool: pd.DataFrame, codings: pd.DataFrame) -> pd.DataFrame:
    """Each sentence of ``pool`` beside each coding (``c_start``/``c_end``) that overlaps it, in
    pool order and then coding order (what a merge on doc_id, filtered, gives), found by binary
    search in each document's sentences: a merge on doc_id first pairs every sentence of a
    document with every coding of it, which grows with the square of its length."""
    pool = pool.reset_index(drop=True)
    codings = codings.reset_index(drop=True)
    p_start, p_end = pool["start"].to_numpy(), pool["end"].to_numpy()
    c_start, c_end = codings["c_start"].to_numpy(), codings["c_end"].to_numpy()
    by_doc = {d: np.asarray(ix)[np.argsort(p_start[ix], kind="stable")]
              for d, ix in pool.groupby("doc_id", sort=False).indices.items()}
    left, right = [], []
    for doc_id, cix in codings.groupby("doc_id", sort=False).indices.items():
        six = by_doc.get(doc_id)
        if six is None:
            continue
        starts, ends = p_start[six], p_end[six]
        first = np.searchsorted(ends, c_start[cix], side="right")  # the first sentence ending after it starts
        stop = np.searchsorted(starts, c_end[cix], side="left")  # sentences starting before it ends
        for c, a, b in zip(cix, first, stop):
            if a < b:
                left.extend(six[a:b])
                right.extend([c] * (b - a))
    order = np.lexsort((np.asarray(right, dtype=int), np.asarray(left, dtype=int)))
    left, right = np.asarray(left, dtype=int)[order], np.asarray(right, dtype=int)[order]
    return pd.concat([pool.iloc[left].reset_index(drop=True),
                      codings.drop(columns=["doc_id"]).iloc[right].reset_index(drop=True)], axis=1)


@dataclass
class Evidence:
    """The sentences findings are built from, read once: respondents' sentences of interviews and
    life histories (``sentences``) and the sentences of policy documents (``documents``), each with
    the speaker's pseudonym, role, generation and tenure, its offsets, timestamp and content lemmas."""

    corpus: Corpus
    lang: str  # of the text: which cues and lemmas
    sentences: pd.DataFrame
    documents: pd.DataFrame
    out: str = ""  # of the statements (default: lang)
    _cache: dict = field(default_factory=dict, repr=False)  # what more than one finding function needs

    def __post_init__(self):
        self.out = self.out or self.lang

    @classmethod
    def of(cls, corpus: Corpus, lang: str | None = None, out: str | None = None) -> "Evidence":
        from ..topics import analysis_text

        lang = lang or (corpus.documents["language"].mode().iat[0] if len(corpus.documents) else "nl")
        seg = corpus.segments
        docs = corpus.documents.set_index("doc_id")
        turns = seg[seg["kind"] == "turn"].set_index("seg_id")
        sentences = seg[seg["kind"] == "sentence"].copy()
        sentences["doc_kind"] = sentences["doc_id"].map(docs["kind"])
        sentences["participant_id"] = sentences["doc_id"].map(docs["participant_id"])
        sentences["case_id"] = sentences["doc_id"].map(docs["case_id"])
        sentences["title"] = sentences["doc_id"].map(docs["title"])
        sentences["interview_date"] = sentences["doc_id"].map(docs["interview_date"])
        # a sentence's timestamp is its turn's (sentences inside a turn carry none of their own)
        turn_of = dict(zip(seg.loc[seg["kind"] == "paragraph", "seg_id"], seg.loc[seg["kind"] == "paragraph", "parent_id"]))
        sentences["turn_id"] = sentences["parent_id"].map(lambda p: turn_of.get(p, p))
        sentences["t_start_ms"] = sentences["turn_id"].map(turns["t_start_ms"]) if len(turns) else None
        sentences["question"] = sentences["turn_id"].map(_questions(corpus, turns)).fillna("")
        people = corpus.participants.drop(columns=["attributes"], errors="ignore")
        sentences = corpus.with_text(sentences.merge(people, on=["case_id", "participant_id"], how="left"))
        spoken = sentences[(sentences["speaker_role"] == "respondent")
                           & sentences["doc_kind"].isin(("interview", "life_history"))].reset_index(drop=True)
        written = sentences[sentences["doc_kind"] == "document"].reset_index(drop=True)
        for frame in (spoken, written):
            frame["lemmas"] = [text.split() for text in analysis_text(frame["text"].tolist(), lang)] if len(frame) else []
            same_turn = frame["turn_id"].eq(frame["turn_id"].shift(-1)) & frame["doc_id"].eq(frame["doc_id"].shift(-1))
            frame["next_end"] = frame["end"].shift(-1).where(same_turn)
            frame["prev_start"] = frame["start"].shift(1).where(same_turn.shift(1, fill_value=False))
            frame["context"] = _in_context(frame, 1)
            frame["wide_context"] = _in_context(frame, 2)
        spoken["management"] = spoken["role"].fillna("").map(lambda r: bool(MANAGEMENT_ROLE_RE.search(r)))
        spoken["generation"] = spoken["birth_year"].map(generation_of)
        spoken["tenure"] = [tenure_of(s, d) for s, d in zip(spoken["start_year"], spoken["interview_date"])]
        return cls(corpus, lang, spoken, written, out=out or lang)

    # -- who --------------------------------------------------------------------------------
    def sentence_at(self, doc_id: str, at: int) -> tuple[str, int] | None:
        """(doc_id, start) of the respondent sentence holding offset ``at``, or None; a binary
        search in each document's sentences, sorted once (findings ask this for every mention)."""
        index = self._cache.get("sentence_index")
        if index is None:
            index = {d: (g["start"].to_numpy(), g["end"].to_numpy())
                     for d, g in self.sentences[["doc_id", "start", "end"]].sort_values("start").groupby("doc_id")}
            self._cache["sentence_index"] = index
        starts, ends = index.get(doc_id, (None, None))
        if starts is None:
            return None
        k = int(np.searchsorted(starts, at, side="right")) - 1
        return (doc_id, int(starts[k])) if k >= 0 and ends[k] > at else None

    def strength(self, rows: pd.DataFrame) -> dict:
        """n_people, people (pseudonyms), roles and generations of the people ``rows`` come from."""
        who = rows.dropna(subset=["pseudonym"]).drop_duplicates("pseudonym")
        return dict(n_people=len(who), people=sorted(who["pseudonym"]), roles=sorted(set(who["role"].dropna())),
                    generations=sorted(set(who["generation"].dropna())) if "generation" in who else [])

    # -- quotes -----------------------------------------------------------------------------
    def quote(self, row, side: str = "", span: tuple[int, int] | None = None) -> dict:
        """A sentence as a quote: verbatim text, who, where (document and offsets, timestamp). A
        short sentence that points back ("Maar ik heb er geen tijd voor.") takes the sentence before
        it along, one of a few words ("In '94.") the next sentence of its turn; ``span``
        (from :meth:`about`) quotes it with the neighbour that says what it is about."""
        get = row.get if isinstance(row, dict) else lambda k, d=None: getattr(row, k, d)
        t_ms, start, end = get("t_start_ms"), int(get("start")), int(get("end"))
        if span is not None:
            start, end = span
        words = len(self.corpus.span(get("doc_id"), start, end).split())
        if (start, end) == (int(get("start")), int(get("end"))) and words < 2 * SHORT_QUOTE_WORDS \
                and _given(get("prev_start")) and _POINTS_BACK.match(str(get("text"))) \
                and len(self.corpus.span(get("doc_id"), int(get("prev_start")), start).split()) >= 3:
            start = int(get("prev_start"))  # "Maar eerlijk gezegd heb ik er geen tijd voor." says for what before it
        elif end == int(get("end")) and words < SHORT_QUOTE_WORDS and _given(get("next_end")):
            end = int(get("next_end"))
        return dict(text=self.corpus.span(get("doc_id"), start, end), pseudonym=get("pseudonym"),
                    participant_id=get("participant_id"), role=get("role"), doc_id=get("doc_id"), title=get("title"),
                    start=start, end=end, t_start_ms=None if t_ms is None or pd.isna(t_ms) else int(t_ms),
                    side=side)

    def about(self, row, topic: re.Pattern) -> tuple[int, int] | None:
        """Where a sentence says, in its own words, what ``topic`` finds: the sentence itself, else
        with the next or the previous sentence of its turn ("Winter 2006, grote bruiloft." after
        "Die stroomstoring, ja."); None when neither does. A finding's quote must say what the
        finding is about, not only carry a code or stand near it."""
        get = row.get if isinstance(row, dict) else lambda k, d=None: getattr(row, k, d)
        doc_id, start, end = get("doc_id"), int(get("start")), int(get("end"))
        if topic.search(str(get("text"))):
            return start, end
        nxt, prev = get("next_end"), get("prev_start")
        if _given(nxt) and topic.search(self.corpus.span(doc_id, end, int(nxt))):
            return start, int(nxt)
        if _given(prev) and topic.search(self.corpus.span(doc_id, int(prev), start)):
            return int(prev), end
        return None

    def representative(self, rows: pd.DataFrame, k: int = 3, side: str = "", prefer: re.Pattern | None = None,
                       require: re.Pattern | None = None) -> list[dict]:
        """Up to ``k`` quotes that stand for ``rows``: the sentences closest to what they share
        (cosine to their centroid over content lemmas, weighted by rarity in the whole corpus),
        before them those that say it outright (``prefer``), one per person before a second from
        anyone, so the quotes vary across people. With ``require``, only sentences that say it
        themselves or with a neighbour (:meth:`about`) are quoted, with that neighbour."""
        spans, rows = None, rows.reset_index(drop=True)  # rows may be joined from frames with their own index
        if require is not None and not rows.empty:
            found = [self.about(r, require) for r in rows.to_dict("records")]
            keep = np.array([f is not None for f in found], dtype=bool)
            rows, spans = rows[keep], dict(zip(rows.index[keep], (f for f in found if f is not None)))
        if rows.empty:
            return []
        # nothing after it in the turn to take along (see quote), and not quoted with a neighbour
        alone = rows["next_end"].isna().to_numpy() if "next_end" in rows else np.ones(len(rows), dtype=bool)
        if spans:
            alone = alone & np.array([spans[i] == (a, b) for i, a, b in zip(rows.index, rows["start"], rows["end"])],
                                     dtype=bool)
        length = rows["text"].str.split().str.len().to_numpy()
        says = np.array([bool(prefer.search(t)) for t in rows["text"]], dtype=bool) if prefer is not None \
            else np.zeros(len(rows), dtype=bool)
        rows = rows.assign(_alone=alone, _length=length, _says=says)
        # a word or two with nothing after it ("Vakmensen.") says nothing on its own
        bare = (length < 4) & alone
        if (~bare).any():
            rows = rows[~bare]
        vectors = self._vectorise(rows)
        centre = np.asarray(vectors.mean(axis=0)).ravel()
        norms = np.sqrt(np.asarray(vectors.multiply(vectors).sum(axis=1)).ravel()) * (np.linalg.norm(centre) or 1.0)
        score = np.asarray(vectors @ centre).ravel() / np.where(norms == 0, 1.0, norms)
        # a sentence that shares next to nothing with the rest of the evidence stands for little
        # of it (a coding rule's stray hit): it is quoted only when nothing better is there; what
        # says it outright is no stray hit, however it words the rest
        shares = (score >= MIN_CENTRALITY) | rows["_says"].to_numpy()
        if shares.any() and len(rows) > k:
            rows, score = rows[shares], score[shares]
        # short fragments ("Ja.", "Dat hoort zo.") say little out of context, unless quoted with
        # the sentence after them; what says it outright comes first, whatever its closeness (a
        # cosine is at most 1)
        short = (rows["_length"] < SHORT_QUOTE_WORDS).to_numpy() & rows["_alone"].to_numpy()
        score = score + np.where(short, -0.5, 0.0) + np.where(rows["_length"] > 60, -0.2, 0.0) \
            + np.where(rows["_says"], 2.0, 0.0)
        order = rows.assign(_score=score).sort_values("_score", ascending=False)
        firsts = order.drop_duplicates("pseudonym")
        rest = order.drop(firsts.index)
        chosen = pd.concat([firsts, rest]).head(k)
        return [self.quote(r, side, spans[i] if spans else None) for i, r in zip(chosen.index, chosen.to_dict("records"))]

    def sure(self, rows: pd.DataFrame) -> pd.DataFrame:
        """Of coded sentences, those a report may quote: coded by a person, else by the rules at
        the report's confidence (REPORT_MIN_CONFIDENCE) on more than one word of evidence (a
        phrase, or two indicators: one lemma alone, "probeer", is how a rule strays), else at that
        confidence; none when no coding is that sure (a finding then shows no quote of it)."""
        from ..coding.confidence import REPORT_MIN_CONFIDENCE

        if "origin" not in rows or rows.empty:
            return rows
        human = (rows["origin"] != "auto").to_numpy()
        confident = (pd.to_numeric(rows["confidence"], errors="coerce") >= REPORT_MIN_CONFIDENCE).to_numpy()
        strong = rows["strong"].fillna(False).astype(bool).to_numpy() if "strong" in rows else confident
        for keep in (human | (confident & strong), human | confident):
            if keep.any():
                return rows[keep]
        return rows.head(0)

    def _vectorise(self, rows: pd.DataFrame):
        from sklearn.feature_extraction.text import TfidfVectorizer

        if "idf" not in self._cache:
            corpus_docs = [" ".join(lem) for lem in pd.concat([self.sentences["lemmas"], self.documents["lemmas"]])]
            vectoriser = TfidfVectorizer(token_pattern=r"\S+", min_df=1, sublinear_tf=True)
            vectoriser.fit(corpus_docs or ["leeg"])
            self._cache["idf"] = vectoriser
        return self._cache["idf"].transform([" ".join(lem) for lem in rows["lemmas"]])

    # -- codings ----------------------------------------------------------------------------
    def coded(self, code_ids, *, written: bool = False) -> pd.DataFrame:
        """Sentences (of respondents, or ``written`` ones of documents) that a coding of one of
        ``code_ids`` covers, with the coding's CODING_FIELDS (code_id, stance, origin, confidence,
        and whether it rests on more than one word of evidence: strong)."""
        codings = self.corpus.codings
        pool = self.documents if written else self.sentences
        codings = codings[codings["code_id"].isin(set(code_ids))] if len(codings) else codings
        if codings.empty or pool.empty:
            return pool.head(0).assign(**{f: [] for f in CODING_FIELDS})
        inside = _overlapping(pool, codings[["doc_id", "start", "end", "code_id", "stance", "origin", "evidence",
                                             "confidence"]].rename(columns={"start": "c_start", "end": "c_end"}))
        # an automatic coding spans its sentence; its evidence says which, and on how many words
        spans = [_evidence_spans(ev) for ev in inside["evidence"]]
        inside = inside.assign(strong=[_strong(sp) for sp in spans])
        inside = inside.loc[np.array([sp is None or not sp or any(e.get("start", a) < b and e.get("end", b) > a for e in sp)
                                      for sp, a, b in zip(spans, inside["start"], inside["end"])], dtype=bool)]
        return inside.drop(columns=["c_start", "c_end", "evidence"]).drop_duplicates(["seg_id", "code_id"])

    def matching(self, pattern: re.Pattern, *, written: bool = False) -> pd.DataFrame:
        return rows_matching(self.documents if written else self.sentences, pattern)


def _questions(corpus: Corpus, turns: pd.DataFrame) -> dict:
    """{turn id: the interviewer's turn just before it}: what an answer answers ("Hoe heb je met die
    sorteerlijn leren werken?" before "Niemand heeft het me echt uitgelegd.")."""
    ordered = turns.reset_index().sort_values(["doc_id", "start"])
    before = ordered.groupby("doc_id").shift(1)
    asked = before["speaker_role"].notna() & (before["speaker_role"] != "respondent")
    return {turn: corpus.span(doc, int(a), int(b)) for turn, doc, a, b in
            zip(ordered.loc[asked, "seg_id"], ordered.loc[asked, "doc_id"], before.loc[asked, "start"], before.loc[asked, "end"])}


def _given(value) -> bool:
    return value is not None and pd.notna(value)


def rows_matching(frame: pd.DataFrame, pattern: re.Pattern) -> pd.DataFrame:
    """The rows whose text ``pattern`` finds (an empty frame stays a frame with its columns)."""
    return frame.loc[np.array([bool(pattern.search(t)) for t in frame["text"]], dtype=bool)]


def _in_context(frame: pd.DataFrame, reach: int) -> list[frozenset]:
    """Each sentence's lemmas with those of the ``reach`` sentences before and after it in the same
    turn: "Je laat je maten niet zitten. Als de laatste kar nog niet geladen is, ..." is about the kar."""
    out = []
    lemmas, turns = frame["lemmas"].tolist(), frame["turn_id"].tolist()
    for k, own in enumerate(lemmas):
        words = set(own)
        for j in range(k - reach, k + reach + 1):
            if 0 <= j < len(lemmas) and turns[j] == turns[k]:
                words |= set(lemmas[j])
        out.append(frozenset(words))
    return out


def practice(coded: pd.DataFrame) -> pd.DataFrame:
    """Coded sentences that tell practice (stance lived or reported, or a person's coding without
    a stance), not what someone says ought to be (espoused)."""
    return coded[coded["stance"].isin(("lived", "reported")) | coded["stance"].isna()]


def plain(coded: pd.DataFrame) -> pd.DataFrame:
    """Coded sentences as plain sentences, to go beside sentences found by their words."""
    return coded.drop(columns=CODING_FIELDS)


def _evidence_spans(evidence) -> list[dict] | None:
    """A rule coding's evidence (the indicators it matched, with offsets); None for a person's."""
    if not isinstance(evidence, str) or not evidence:
        return None
    try:
        return json.loads(evidence)
    except ValueError:
        return []


def _strong(spans: list[dict] | None) -> bool:
    """Does a coding rest on more than one word: a person's, a phrase, or two different indicators?"""
    if spans is None:
        return True
    return any(e.get("kind") == "phrases" for e in spans) or len({e.get("term") for e in spans}) >= 2


def generation_of(birth_year) -> str | None:
    """A birth decade as a generation label ("1960s")."""
    if birth_year is None or pd.isna(birth_year):
        return None
    return f"{int(birth_year) // 10 * 10}s"


def tenure_of(start_year, interview_date) -> str | None:
    """"old_guard" (OLD_GUARD_YEARS or more in the organisation), "newcomer" (NEWCOMER_YEARS or
    fewer) or "middle", at the interview."""
    if start_year is None or pd.isna(start_year):
        return None
    try:
        year = date.fromisoformat(str(interview_date)[:10]).year
    except ValueError:
        year = date.today().year
    served = year - int(start_year)
    return "old_guard" if served >= OLD_GUARD_YEARS else "newcomer" if served <= NEWCOMER_YEARS else "middle"


def confidence_of(n_people: int, n_roles: int, human: bool = False) -> str:
    """high: three or more people in two or more roles, or confirmed by a person's coding;
    medium: two people; low: one person (the finding says so)."""
    if n_people >= 3 and (n_roles >= 2 or human):
        return "high"
    return "medium" if n_people >= 2 else "low"


def finding(lang: str, kind: str, number: int, theme: str, statement: str, strength: dict, quotes: list[dict],
            evidence: str, *, human: bool = False, details: dict | None = None) -> dict:
    """One row of a finding frame; a statement that rests on one person says so."""
    from .text import say

    if strength["n_people"] < 2:
        statement = f"{statement} {say(lang, 'single_person')}"
    return dict(kind=kind, finding_id=f"{kind}-{number:02d}", theme=theme, statement=statement,
                n_people=strength["n_people"], people=strength["people"], roles=strength["roles"],
                generations=strength["generations"], single_person=strength["n_people"] < 2,
                confidence=confidence_of(strength["n_people"], len(strength["roles"]), human),
                evidence=evidence, quotes=quotes, details=details or {})


def frame_of(rows: list[dict]) -> pd.DataFrame:
    """Findings as a frame, numbered per kind; a finding no quote says outright is none (its
    evidence could not be shown)."""
    shown = [row for row in rows if row["quotes"]]
    for number, row in enumerate(shown, 1):
        row["finding_id"] = f"{row['kind']}-{number:02d}"
    return pd.DataFrame(shown, columns=FINDING_COLUMNS)
