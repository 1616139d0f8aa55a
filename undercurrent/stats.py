"""Corpus statistics: documents, turns and words by document, speaker role and job role."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .corpus.model import Corpus

SPEAKER_ROLES = ("respondent", "interviewer", "other")
#: document kinds that are conversations; policy texts and field notes have no speakers
CONVERSATION_KINDS = ("interview", "life_history")


@dataclass
class CorpusStatistics:
    by_document: pd.DataFrame   # one row per document
    by_speaker_role: pd.DataFrame  # interviewer / respondent / other, in conversations only
    by_job_role: pd.DataFrame   # participants' roles (operator, planner, ...): respondent speech
    totals: dict


def corpus_statistics(corpus: Corpus) -> CorpusStatistics:
    """Turn and word counts (transcription marks and punctuation are not words)."""
    turns = corpus.turns(text=False)
    counts = (turns.pivot_table(index="doc_id", columns="speaker_role", values="n_words",
                                aggfunc=["size", "sum"], fill_value=0)
              if len(turns) else pd.DataFrame(index=pd.Index([], name="doc_id")))
    docs = corpus.documents[["doc_id", "case_id", "participant_id", "kind", "format", "convention",
                             "interview_date", "title"]].merge(
        corpus.participants[["case_id", "participant_id", "pseudonym", "role", "department"]],
        on=["case_id", "participant_id"], how="left")
    for role in SPEAKER_ROLES:
        docs[f"{role}_turns"] = docs["doc_id"].map(_col(counts, "size", role)).fillna(0).astype(int)
        docs[f"{role}_words"] = docs["doc_id"].map(_col(counts, "sum", role)).fillna(0).astype(int)
    docs["turns"] = docs[[f"{r}_turns" for r in SPEAKER_ROLES]].sum(axis=1)
    docs["words"] = docs[[f"{r}_words" for r in SPEAKER_ROLES]].sum(axis=1)

    speech = turns[turns["doc_kind"].isin(CONVERSATION_KINDS)]
    by_role = (speech.groupby("speaker_role").agg(turns=("seg_id", "size"), words=("n_words", "sum"))
               .reindex(list(SPEAKER_ROLES)).fillna(0).astype(int))
    by_role = by_role[by_role["turns"] > 0]
    total_words = int(by_role["words"].sum())
    by_role["share"] = (by_role["words"] / total_words).round(3) if total_words else 0.0
    by_role["words_per_turn"] = (by_role["words"] / by_role["turns"]).round(1)
    by_role = by_role.reset_index()

    resp = speech[speech["speaker_role"] == "respondent"].copy()
    resp["role"] = resp["role"].fillna("").replace("", "(onbekend)")
    by_job = (resp.groupby("role").agg(participants=("participant_id", "nunique"), documents=("doc_id", "nunique"),
                                        turns=("seg_id", "size"), words=("n_words", "sum"))
              .sort_values("words", ascending=False).reset_index())
    conversations = docs[docs["kind"].isin(CONVERSATION_KINDS)]
    totals = dict(cases=len(corpus.cases), documents=len(corpus.documents),
                  conversations=len(conversations), participants=len(corpus.participants),
                  turns=int(conversations["turns"].sum()), words=int(conversations["words"].sum()),
                  respondent_words=int(conversations["respondent_words"].sum()),
                  other_document_words=int(docs["words"].sum() - conversations["words"].sum()))
    return CorpusStatistics(docs, by_role, by_job, totals)


def _col(counts: pd.DataFrame, agg: str, role: str) -> pd.Series:
    if (agg, role) in counts.columns:
        return counts[(agg, role)]
    return pd.Series(dtype="float64")
