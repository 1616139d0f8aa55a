"""The project store: one SQLite file (WAL mode), every write in one transaction.

Tables mirror the API DataFrames (DESIGN §3). Offsets ``start``/``end`` are Unicode code-point
offsets into ``documents.text``, end exclusive.
"""
from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from .errors import StoreError

SCHEMA_VERSION = 2

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS cases (
    case_id TEXT PRIMARY KEY, name TEXT, organisation TEXT, sector TEXT, language TEXT,
    period TEXT, description TEXT, path TEXT);
CREATE TABLE IF NOT EXISTS participants (
    case_id TEXT NOT NULL, participant_id TEXT NOT NULL, pseudonym TEXT, role TEXT, department TEXT,
    birth_year INTEGER, start_year INTEGER, attributes TEXT,
    PRIMARY KEY (case_id, participant_id));
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY, case_id TEXT NOT NULL, participant_id TEXT, kind TEXT, language TEXT,
    title TEXT, source_path TEXT, source_sha256 TEXT NOT NULL, interview_date TEXT, format TEXT,
    encoding TEXT, convention TEXT, fingerprint TEXT, ingested_at TEXT, run_id TEXT,
    text TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS segments (
    seg_id TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    idx INTEGER NOT NULL, kind TEXT NOT NULL, parent_id TEXT, speaker TEXT, speaker_role TEXT,
    "start" INTEGER NOT NULL, "end" INTEGER NOT NULL, t_start_ms INTEGER, t_end_ms INTEGER,
    n_words INTEGER);
CREATE INDEX IF NOT EXISTS segments_doc ON segments(doc_id, kind, idx);
CREATE TABLE IF NOT EXISTS codes (
    code_id TEXT PRIMARY KEY, codebook TEXT NOT NULL, version TEXT, parent_id TEXT, label_nl TEXT, label_en TEXT,
    definition TEXT, include TEXT, exclude TEXT, examples TEXT, direction TEXT, opposite_id TEXT, maps_to TEXT,
    depth INTEGER, indicators TEXT);
CREATE TABLE IF NOT EXISTS codings (
    coding_id TEXT PRIMARY KEY, doc_id TEXT NOT NULL, "start" INTEGER NOT NULL, "end" INTEGER NOT NULL,
    code_id TEXT NOT NULL, coder TEXT NOT NULL, origin TEXT NOT NULL CHECK (origin IN ('auto', 'manual', 'imported')),
    confidence REAL, evidence TEXT, memo TEXT, run_id TEXT, created_at TEXT, quote TEXT, stance TEXT);
CREATE INDEX IF NOT EXISTS codings_doc ON codings(doc_id, "start");
CREATE INDEX IF NOT EXISTS codings_coder ON codings(coder, origin);
CREATE TABLE IF NOT EXISTS memos (
    memo_id TEXT PRIMARY KEY, target_type TEXT NOT NULL CHECK (target_type IN ('document', 'code', 'coding', 'case')),
    target_id TEXT NOT NULL, author TEXT, text TEXT NOT NULL, created_at TEXT);
CREATE TABLE IF NOT EXISTS runs (
    run_id TEXT PRIMARY KEY, started_at TEXT, finished_at TEXT, command TEXT, config TEXT,
    versions TEXT, status TEXT);
"""

DOCUMENT_COLUMNS = ("doc_id", "case_id", "participant_id", "kind", "language", "title", "source_path",
                    "source_sha256", "interview_date", "format", "encoding", "convention", "fingerprint",
                    "ingested_at", "run_id", "text")
CODING_COLUMNS = ("coding_id", "doc_id", "start", "end", "code_id", "coder", "origin", "confidence", "evidence",
                  "memo", "run_id", "created_at", "quote", "stance")
#: how a coded passage speaks: the speaker's own practice or experience ("lived"), an official or
#: professed claim ("espoused": policy, slogans, what management says should be), or second-hand
#: ("reported": what others were heard to say)
STANCES = ("lived", "espoused", "reported")
CODE_COLUMNS = ("code_id", "codebook", "version", "parent_id", "label_nl", "label_en", "definition", "include",
                "exclude", "examples", "direction", "opposite_id", "maps_to", "depth", "indicators")
SEGMENT_COLUMNS = ("seg_id", "doc_id", "idx", "kind", "parent_id", "speaker", "speaker_role", "start", "end",
                   "t_start_ms", "t_end_ms", "n_words")


def _q(col: str) -> str:
    return f'"{col}"'


class Store:
    """SQLite persistence for one project. Use as a context manager or call :meth:`close`."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.con = sqlite3.connect(self.path)
            self.con.execute("PRAGMA journal_mode=WAL")
            self.con.execute("PRAGMA foreign_keys=ON")
            with self.con:
                self.con.executescript(SCHEMA)
                version = self.con.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
                if version is not None and int(version[0]) > SCHEMA_VERSION:
                    raise StoreError(f"{self.path}: written by a newer undercurrent (schema {version[0]}); "
                                     "upgrade undercurrent to open it")
                self._migrate()
                self.con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: cannot open the project store ({exc}); "
                             "move the file aside and ingest again") from None

    def _migrate(self) -> None:
        """Bring a store written by an older version up to date, keeping every row."""
        columns = {row[1] for row in self.con.execute("PRAGMA table_info(codings)")}
        if "stance" not in columns:  # schema 1 -> 2
            self.con.execute("ALTER TABLE codings ADD COLUMN stance TEXT")

    def close(self) -> None:
        self.con.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @contextmanager
    def transaction(self):
        """All writes inside succeed together or not at all."""
        with self.con:
            yield self.con

    # --- writes ---------------------------------------------------------------------------

    def put_case(self, con, row: dict) -> None:
        cols = list(row)
        con.execute(f"INSERT OR REPLACE INTO cases ({','.join(cols)}) VALUES ({','.join('?' * len(cols))})",
                    [row[c] for c in cols])

    def put_participants(self, con, case_id: str, rows: list[dict]) -> None:
        con.execute("DELETE FROM participants WHERE case_id=?", (case_id,))
        con.executemany(
            "INSERT INTO participants VALUES (?,?,?,?,?,?,?,?)",
            [(r["case_id"], r["participant_id"], r["pseudonym"], r["role"], r["department"], r["birth_year"],
              r["start_year"], json.dumps(r["attributes"], ensure_ascii=False)) for r in rows])

    def put_document(self, con, doc: dict, segments: list[dict]) -> None:
        """Insert or replace one document with all its segments."""
        con.execute("DELETE FROM segments WHERE doc_id=?", (doc["doc_id"],))
        con.execute(f"INSERT OR REPLACE INTO documents ({','.join(DOCUMENT_COLUMNS)}) "
                    f"VALUES ({','.join('?' * len(DOCUMENT_COLUMNS))})", [doc.get(c) for c in DOCUMENT_COLUMNS])
        con.executemany(f"INSERT INTO segments ({','.join(map(_q, SEGMENT_COLUMNS))}) "
                        f"VALUES ({','.join('?' * len(SEGMENT_COLUMNS))})",
                        [[s.get(c) for c in SEGMENT_COLUMNS] for s in segments])

    def put_codes(self, con, codes: pd.DataFrame) -> None:
        """Insert or replace code definitions (a codebook's new version replaces the old rows)."""
        rows = [[r.get(c) for c in CODE_COLUMNS] for r in codes.to_dict("records")]
        con.executemany(f"INSERT OR REPLACE INTO codes ({','.join(CODE_COLUMNS)}) "
                        f"VALUES ({','.join('?' * len(CODE_COLUMNS))})", rows)

    def replace_auto_codings(self, con, coder: str, codings: pd.DataFrame) -> int:
        """Replace what this automatic coder produced before; human codings are never touched."""
        con.execute("DELETE FROM codings WHERE coder=? AND origin='auto'", (coder,))
        return self.add_codings(con, codings)

    def add_codings(self, con, codings: pd.DataFrame, *, replace: bool = False) -> int:
        """Insert codings; an existing coding_id is kept (or replaced with ``replace=True``)."""
        if not len(codings):
            return 0
        verb = "INSERT OR REPLACE" if replace else "INSERT OR IGNORE"
        frame = codings.reindex(columns=list(CODING_COLUMNS))
        frame = frame.astype(object).where(frame.notna(), None)
        before = con.total_changes
        con.executemany(f"{verb} INTO codings ({','.join(map(_q, CODING_COLUMNS))}) "
                        f"VALUES ({','.join('?' * len(CODING_COLUMNS))})", frame.values.tolist())
        return con.total_changes - before

    def delete_codings(self, con, where: str, args: tuple) -> int:
        return con.execute(f"DELETE FROM codings WHERE {where}", args).rowcount

    def put_memo(self, con, memo: dict) -> None:
        con.execute("INSERT OR REPLACE INTO memos VALUES (?,?,?,?,?,?)",
                    (memo["memo_id"], memo["target_type"], memo["target_id"], memo.get("author"), memo["text"],
                     memo["created_at"]))

    def update_document_links(self, con, doc_id: str, **values) -> None:
        sets = ", ".join(f"{k}=?" for k in values)
        con.execute(f"UPDATE documents SET {sets} WHERE doc_id=?", [*values.values(), doc_id])

    def start_run(self, run: dict) -> None:
        with self.transaction() as con:
            con.execute("INSERT INTO runs VALUES (?,?,?,?,?,?,?)",
                        (run["run_id"], run["started_at"], None, run["command"],
                         json.dumps(run["config"], ensure_ascii=False, default=str),
                         json.dumps(run["versions"]), "running"))

    def finish_run(self, run_id: str, finished_at: str, status: str) -> None:
        with self.transaction() as con:
            con.execute("UPDATE runs SET finished_at=?, status=? WHERE run_id=?", (finished_at, status, run_id))

    # --- reads ----------------------------------------------------------------------------

    def document_state(self, doc_id: str) -> tuple[str, str] | None:
        """(source_sha256, fingerprint) of a stored document, or None."""
        return self.con.execute("SELECT source_sha256, fingerprint FROM documents WHERE doc_id=?",
                                (doc_id,)).fetchone()

    def doc_ids(self, case_id: str | None = None) -> list[str]:
        sql, args = "SELECT doc_id FROM documents", ()
        if case_id is not None:
            sql, args = sql + " WHERE case_id=?", (case_id,)
        return [r[0] for r in self.con.execute(sql + " ORDER BY doc_id", args)]

    def table(self, name: str, where: str = "", args: tuple = ()) -> pd.DataFrame:
        """A whole table (or the rows matching ``where``) as a DataFrame."""
        if name not in ("cases", "participants", "documents", "segments", "runs", "codes", "codings", "memos"):
            raise ValueError(f"unknown table {name!r}")
        order = {"segments": ' ORDER BY doc_id, kind, idx', "documents": " ORDER BY doc_id",
                 "participants": " ORDER BY case_id, participant_id", "runs": " ORDER BY started_at",
                 "codings": ' ORDER BY doc_id, "start", code_id, coder', "codes": " ORDER BY codebook, rowid",
                 "memos": " ORDER BY created_at"}.get(name, "")
        return pd.read_sql_query(f"SELECT * FROM {name} {('WHERE ' + where) if where else ''}{order}",
                                 self.con, params=args)

    def counts(self) -> dict[str, int]:
        return {t: self.con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in ("cases", "participants", "documents", "segments", "codes", "codings", "memos", "runs")}
