"""The project store: one SQLite file (WAL mode), every write in one transaction.

Tables mirror the API DataFrames (DESIGN §3). Offsets ``start``/``end`` are Unicode code-point
offsets into ``documents.text``, end exclusive.

What keeps the work of people safe:

- one process at a time: a lock file next to the store (``<store>.lock``, via filelock) makes a
  second run stop at once with a clear message instead of racing the first;
- a damaged store (empty file, not SQLite, failing SQLite's quick check, tables missing) is
  refused with :class:`StoreError`, never silently started afresh;
- every change to human codings (origin manual or imported) and memos rewrites a CSV backup next
  to the store (``<store>.human-codings.csv`` and ``<store>.memos.csv``, each written
  atomically); a new store finds that backup and restores it (:meth:`Store.restore_backup`);
- a failed write (full disk, read-only folder) rolls the transaction back and says what to do.
"""
from __future__ import annotations

import errno
import json
import os
import sqlite3
import tempfile
import warnings
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from .errors import InputError, InputWarning, OutputError, StoreError

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


MEMO_COLUMNS = ("memo_id", "target_type", "target_id", "author", "text", "created_at")
TABLES = ("meta", "cases", "participants", "documents", "segments", "codes", "codings", "memos", "runs")
#: the tables a store of each schema version must have (version 1 stores are migrated)
REQUIRED_TABLES = {1: {"meta", "codings"}, 2: set(TABLES)}
HUMAN_ORIGINS = ("manual", "imported")
SQLITE_HEADER = b"SQLite format 3\x00"
CODINGS_BACKUP_SUFFIX = ".human-codings.csv"
MEMOS_BACKUP_SUFFIX = ".memos.csv"

#: temporary (per connection) triggers that notice every change to human codings and memos, so
#: the backup is rewritten after each transaction that made one, whoever wrote the SQL
_HUMAN_TRIGGERS = """
CREATE TEMP TRIGGER IF NOT EXISTS uc_human_ins AFTER INSERT ON main.codings
    WHEN NEW.origin != 'auto' BEGIN SELECT uc_human_changed(); END;
CREATE TEMP TRIGGER IF NOT EXISTS uc_human_upd AFTER UPDATE ON main.codings
    WHEN OLD.origin != 'auto' OR NEW.origin != 'auto' BEGIN SELECT uc_human_changed(); END;
CREATE TEMP TRIGGER IF NOT EXISTS uc_human_del AFTER DELETE ON main.codings
    WHEN OLD.origin != 'auto' BEGIN SELECT uc_human_changed(); END;
CREATE TEMP TRIGGER IF NOT EXISTS uc_memo_ins AFTER INSERT ON main.memos BEGIN SELECT uc_human_changed(); END;
CREATE TEMP TRIGGER IF NOT EXISTS uc_memo_upd AFTER UPDATE ON main.memos BEGIN SELECT uc_human_changed(); END;
CREATE TEMP TRIGGER IF NOT EXISTS uc_memo_del AFTER DELETE ON main.memos BEGIN SELECT uc_human_changed(); END;
"""

#: a human coding stored without its quote gets the text at its offsets (so it can be found again
#: when the transcript changes); SQLite's substr counts characters, i.e. code points, as Python does
_FILL_QUOTES = """
UPDATE codings SET quote = (SELECT substr(d.text, codings."start" + 1, codings."end" - codings."start")
                            FROM documents d WHERE d.doc_id = codings.doc_id)
WHERE origin != 'auto' AND (quote IS NULL OR quote = '') AND doc_id IN (SELECT doc_id FROM documents)
"""


def _q(col: str) -> str:
    return f'"{col}"'


# --- files written whole or not at all ----------------------------------------------------------

def os_problem(exc: OSError) -> str:
    """A short, plain description of why a file could not be written."""
    if exc.errno == errno.ENOSPC or exc.errno == getattr(errno, "EDQUOT", None):
        return "the disk is full (no space left on device)"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "it is read-only here (permission denied)"
    return exc.strerror or str(exc)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def atomic_write(path: str | Path, *, fix: str | None = None):
    """Write ``path`` all or nothing: yields a temporary path in the same folder; when the block
    succeeds the file is flushed to disk and moved over ``path`` (``os.replace``), on any error it
    is removed and ``path`` is left as it was. A failing write (full disk, read-only folder)
    becomes an :class:`~undercurrent.errors.OutputError` naming ``path`` and ``fix``.

    >>> with atomic_write("report.html") as tmp:   # doctest: +SKIP
    ...     tmp.write_text(html, encoding="utf-8")
    """
    path = Path(path)
    tmp = None
    try:
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        os.close(fd)
        tmp = Path(name)
        yield tmp
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)  # a full disk shows here at the latest, before anything is replaced
        finally:
            os.close(fd)
        try:
            mode = path.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o666 & ~_umask()  # mkstemp makes 0600; give the file the usual permissions
        os.chmod(tmp, mode)
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        if isinstance(exc, TimeoutError):
            raise
        raise OutputError(path, f"cannot be written: {os_problem(exc)}; nothing was changed", fix=fix) from exc
    finally:
        if tmp is not None:
            try:
                tmp.unlink()
            except OSError:
                pass


def write_atomic(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` whole or not at all (:func:`atomic_write`), its folder made if needed."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(path) as tmp:
        tmp.write_bytes(data)
    return path


def check_writable(folder: str | Path, *, fix: str | None = None) -> Path:
    """Make ``folder`` if needed and make sure a file can be written in it, before long work
    whose result would go there; otherwise an :class:`~undercurrent.errors.OutputError`."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        raise OutputError(folder, f"cannot be written: {os_problem(exc)}", fix=fix) from None
    return folder


# --- the lock -----------------------------------------------------------------------------------

def _acquire_lock(path: Path):
    """An exclusive lock on ``<store>.lock`` for this process (re-entrant: a process may open its
    own store twice); another process holding it is a :class:`StoreError` at once."""
    from filelock import FileLock, Timeout

    lock = FileLock(str(path) + ".lock", timeout=0, is_singleton=True, thread_local=False)
    try:
        lock.acquire()
    except Timeout:
        raise StoreError(f"another undercurrent run is using {path}: wait until it has finished, or work on "
                         "a copy of the store with --store OTHER_FILE") from None
    except OSError as exc:
        raise StoreError(_cannot_write(path, exc)) from None
    return lock


def _cannot_write(path: Path, exc: OSError | sqlite3.Error) -> str:
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return (f"{path}: the disk is full, so the project store cannot be written; free some space, or give "
                "a store on another disk with --store FILE")
    keep = " (copy the store there first to keep what it holds)" if path.is_file() else ""
    return (f"{path}: the project store cannot be written here (the folder or the file is read-only); give a "
            f"store in a folder you can write to with --store FILE{keep}")


def _read_backup(path: Path, columns: tuple[str, ...]) -> pd.DataFrame:
    """A backup CSV as rows for the store: empty cells are NULL, offsets integers."""
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise InputError(path, f"is not a readable backup CSV ({exc})") from None
    missing = [c for c in columns if c not in frame.columns and c not in ("stance", "evidence", "run_id")]
    if missing:
        raise InputError(path, "is not a backup of this store: columns missing: " + ", ".join(missing), line=1)
    from .spreadsheet import unescape_csv_cell

    frame = frame.reindex(columns=list(columns)).astype(object).map(unescape_csv_cell)
    frame = frame.where(frame.notna() & (frame != ""), None)
    for col in ("start", "end", "confidence"):
        if col in frame:
            try:
                frame[col] = [None if v is None else (float(v) if col == "confidence" else int(v)) for v in frame[col]]
            except ValueError as exc:
                raise InputError(path, f"column {col} holds a value that is not a number ({exc})") from None
    return frame


class Store:
    """SQLite persistence for one project. Use as a context manager or call :meth:`close`.

    Opening takes the store's lock (another process holding it is a :class:`StoreError`),
    refuses a damaged file, and, for a new store with a backup of human codings and memos next
    to it, restores that backup (noted in :attr:`notes`).
    """

    def __init__(self, path: str | Path, *, restore: bool = True):
        self.path = Path(path)
        self.notes: list[str] = []  # things the user should hear about (e.g. a restored backup)
        self.con = None
        self._lock = None
        self._human_changed = False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(_cannot_write(self.path.parent, exc)) from None
        self._lock = _acquire_lock(self.path)
        try:
            self._open(restore)
        except BaseException:
            self.close()
            raise

    @property
    def backup_paths(self) -> tuple[Path, Path]:
        """Where the backups of human codings and of memos are kept (next to the store)."""
        return (self.path.with_name(self.path.name + CODINGS_BACKUP_SUFFIX),
                self.path.with_name(self.path.name + MEMOS_BACKUP_SUFFIX))

    def _open(self, restore: bool) -> None:
        existed = self._check_file()
        if not existed:
            self._set_aside_stale_wal()
        try:
            self.con = sqlite3.connect(self.path)
            new = not existed or self._check_database()
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
            self.con.create_function("uc_human_changed", 0, self._mark_human_changed)
            self.con.executescript(_HUMAN_TRIGGERS)
        except sqlite3.Error as exc:
            raise self._sqlite_error(exc, "opening the store") from None
        except OSError as exc:
            raise StoreError(_cannot_write(self.path, exc)) from None
        if not new and not self.backup_paths[0].is_file() and self.con.execute(
                "SELECT EXISTS (SELECT 1 FROM codings WHERE origin != 'auto') OR EXISTS (SELECT 1 FROM memos)"
        ).fetchone()[0]:
            self.write_backup()  # a store from before backups were kept gets one now
        if new and restore and any(p.is_file() for p in self.backup_paths):
            n_codings, n_memos = self.restore_backup()
            self.notes.append(f"new project store: restored {n_codings} human codings and {n_memos} memos from the "
                              f"backup next to it ({self.backup_paths[0].name}, {self.backup_paths[1].name})")

    def _check_file(self) -> bool:
        """Whether the store file exists; an existing file that cannot be an SQLite database
        (empty, another kind of file) is damaged, never taken for a new store."""
        try:
            size = self.path.stat().st_size
        except FileNotFoundError:
            return False
        if size == 0:
            raise self._damaged("the file is empty (0 bytes)")
        try:
            with open(self.path, "rb") as fh:
                head = fh.read(len(SQLITE_HEADER))
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot read the project store ({os_problem(exc)})") from None
        if head != SQLITE_HEADER:
            raise self._damaged("it is not an SQLite database: its first bytes are wrong")
        return True

    def _check_database(self) -> bool:
        """Check an existing store (SQLite's quick check, its tables); True when it holds no
        tables at all (an empty database is a new store)."""
        try:
            result = [r[0] for r in self.con.execute("PRAGMA quick_check(5)")]
        except sqlite3.DatabaseError as exc:
            raise self._damaged(str(exc)) from None
        if result != ["ok"]:
            raise self._damaged("SQLite's check says: " + "; ".join(result))
        tables = {r[0] for r in self.con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables:
            return True
        if "meta" not in tables:
            raise StoreError(f"{self.path}: is an SQLite database but not an undercurrent project store, so it was "
                             "left untouched; give another store file with --store")
        version = self.con.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        if version is None or not str(version[0]).isdigit():
            raise self._damaged("its schema version is missing")
        if int(version[0]) > SCHEMA_VERSION:  # refused before anything is written to it
            raise StoreError(f"{self.path}: written by a newer undercurrent (schema {version[0]}); "
                             "upgrade undercurrent to open it")
        missing = REQUIRED_TABLES.get(int(version[0]), set(TABLES)) - tables
        if missing:
            raise self._damaged("tables are missing: " + ", ".join(sorted(missing)))
        return False

    def _set_aside_stale_wal(self) -> None:
        """A write-ahead log left behind by a store that was removed must not be replayed into
        a new one: it is renamed, not deleted."""
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
        for suffix in ("-wal", "-shm"):
            stale = self.path.with_name(self.path.name + suffix)
            if stale.exists():
                try:
                    stale.rename(stale.with_name(f"{stale.name}.orphaned-{stamp}"))
                except OSError as exc:
                    raise StoreError(_cannot_write(self.path, exc)) from None
                self.notes.append(f"{stale} belonged to an earlier store that is gone; set aside as "
                                  f"{stale.name}.orphaned-{stamp}")

    def _damaged(self, reason: str) -> StoreError:
        codings_csv, memos_csv = self.backup_paths
        msg = f"{self.path}: the project store is damaged ({reason}); it was left untouched. "
        if codings_csv.is_file() or memos_csv.is_file():
            counts = []
            for what, csv_path in (("human codings", codings_csv), ("memos", memos_csv)):
                try:
                    n = len(pd.read_csv(csv_path, dtype=str, keep_default_na=False)) if csv_path.is_file() else 0
                except Exception:  # a damaged backup is still worth naming
                    n = "?"
                counts.append(f"{n} {what}")
            written = datetime.fromtimestamp(codings_csv.stat().st_mtime if codings_csv.is_file()
                                             else memos_csv.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
            msg += (f"A backup of {' and '.join(counts)} (written {written}) is next to it: {codings_csv.name} and "
                    f"{memos_csv.name}. Move the damaged file aside (rename it, e.g. to {self.path.name}.damaged) and "
                    "run again: the new store restores that backup by itself (or call "
                    "undercurrent.Project(...).restore_backup()).")
        else:
            msg += (f"No backup of human codings was found next to it. Move it aside (rename it, e.g. to "
                    f"{self.path.name}.damaged) and run again to start a new store, then import your codings again.")
        return StoreError(msg)

    def _sqlite_error(self, exc: sqlite3.Error, doing: str) -> StoreError:
        """A failing SQLite call as a StoreError that says what to do."""
        text = str(exc).lower()
        if "full" in text:
            return StoreError(f"{self.path}: the disk is full, so {doing} could not be saved; nothing of it was "
                              "written (the store is as it was before). Free some space and run again")
        if "readonly" in text or "read-only" in text or "unable to open" in text or "permission" in text:
            return StoreError(_cannot_write(self.path, exc))
        if "locked" in text or "busy" in text:
            return StoreError(f"{self.path}: another program holds the project store locked; close it (a database "
                              "browser, a second notebook) and run again")
        if "malformed" in text or "not a database" in text or "corrupt" in text:
            return self._damaged(str(exc))
        return StoreError(f"{self.path}: {doing} failed in the project store ({exc}); nothing of it was saved")

    def _migrate(self) -> None:
        """Bring a store written by an older version up to date, keeping every row."""
        columns = {row[1] for row in self.con.execute("PRAGMA table_info(codings)")}
        if "stance" not in columns:  # schema 1 -> 2
            self.con.execute("ALTER TABLE codings ADD COLUMN stance TEXT")
        self.con.execute(_FILL_QUOTES)  # human codings of older versions without their quote

    def close(self) -> None:
        if self.con is not None:
            self.con.close()
            self.con = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @contextmanager
    def transaction(self):
        """All writes inside succeed together or not at all. A failing write (full disk,
        read-only store) rolls back and becomes a :class:`StoreError`; after a transaction that
        changed human codings or memos their backup is rewritten."""
        try:
            with self.con:
                yield self.con
        except sqlite3.Error as exc:
            self._human_changed = False
            raise self._sqlite_error(exc, "this step") from None
        except BaseException:
            self._human_changed = False
            raise
        if self._human_changed:
            self._human_changed = False
            self.write_backup()

    # --- the backup of human work -------------------------------------------------------------

    def _mark_human_changed(self) -> None:
        self._human_changed = True

    def write_backup(self) -> tuple[Path, Path] | None:
        """Write all human codings and all memos to the CSV files next to the store (each
        atomically). A backup that cannot be written is a warning, not an error: the data is
        safe in the store."""
        codings_csv, memos_csv = self.backup_paths
        human = self.table("codings", "origin != 'auto'")
        memos = self.table("memos")
        from .spreadsheet import escape_csv_cell

        try:  # formula-like texts escaped, as in every CSV the project writes; read back unescaped
            with atomic_write(codings_csv) as tmp:
                human.map(escape_csv_cell).to_csv(tmp, index=False, encoding="utf-8")
            with atomic_write(memos_csv) as tmp:
                memos.map(escape_csv_cell).to_csv(tmp, index=False, encoding="utf-8")
        except OutputError as err:
            warnings.warn(InputWarning(err.path, f"the backup of human codings and memos could not be written "
                                                 f"({err.problem}); they are safe in the store, but have no "
                                                 "up-to-date backup until this is fixed"), stacklevel=2)
            return None
        return codings_csv, memos_csv

    def restore_backup(self, codings_csv: str | Path | None = None,
                       memos_csv: str | Path | None = None) -> tuple[int, int]:
        """Put human codings and memos from backup CSV files (default: the ones next to this
        store) into the store; rows whose id is already there are kept as they are. Returns
        (codings added, memos added). Automatic codings in the file are ignored."""
        default_codings, default_memos = self.backup_paths
        added = [0, 0]
        with self.transaction() as con:
            for k, (given, default, columns) in enumerate(((codings_csv, default_codings, CODING_COLUMNS),
                                                           (memos_csv, default_memos, MEMO_COLUMNS))):
                path = Path(given) if given is not None else default
                if not path.is_file():
                    if given is not None:
                        raise InputError(path, "does not exist", fix="give the backup CSV written next to the store")
                    continue
                frame = _read_backup(path, columns)
                if k == 0:
                    frame = frame[frame["origin"].isin(HUMAN_ORIGINS)]
                    added[0] += self.add_codings(con, frame)
                else:
                    before = con.total_changes
                    con.executemany(f"INSERT OR IGNORE INTO memos ({','.join(MEMO_COLUMNS)}) "
                                    f"VALUES ({','.join('?' * len(MEMO_COLUMNS))})",
                                    frame.reindex(columns=list(MEMO_COLUMNS)).values.tolist())
                    added[1] += con.total_changes - before
        return added[0], added[1]

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
        added = con.total_changes - before
        human = frame["origin"] != "auto"
        if (human & frame["quote"].map(lambda q: not q)).any():
            con.execute(_FILL_QUOTES)  # a human coding always keeps its quote, to be found again later
        return added

    def delete_codings(self, con, where: str, args: tuple) -> int:
        return con.execute(f"DELETE FROM codings WHERE {where}", args).rowcount

    def put_memo(self, con, memo: dict) -> None:
        con.execute("INSERT OR REPLACE INTO memos VALUES (?,?,?,?,?,?)",
                    (memo["memo_id"], memo["target_type"], memo["target_id"], memo.get("author"), memo["text"],
                     memo["created_at"]))

    def update_document_links(self, con, doc_id: str, **values) -> None:
        sets = ", ".join(f"{k}=?" for k in values)
        con.execute(f"UPDATE documents SET {sets} WHERE doc_id=?", [*values.values(), doc_id])

    def get_meta(self, key: str) -> str | None:
        row = self.con.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, con, key: str, value: str) -> None:
        con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

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
