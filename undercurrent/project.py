"""Project: one case folder (or a folder of case folders) plus its store. Owns side effects."""
from __future__ import annotations

import hashlib
import json
import platform
import re
import uuid
import warnings
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from . import __version__
from .corpus.case import (CaseConfig, display_path, document_titles, is_case_folder, list_sources,
                          read_case_config, read_participants)
from .corpus.model import Corpus
from .corpus.pseudonymise import Pseudonymiser
from .coding.codebook import SHIPPED_DIR, Codebook, load_codebooks, shipped_paths
from .store import CODING_COLUMNS
from .corpus.readers import read_source, supported_suffixes
from .errors import InputError, InputWarning, Problem
from .progress import progress

#: bump when segmentation changes, so stored documents are re-segmented on the next ingest
SEGMENTER_VERSION = "2"  # 2: merged subtitle cues, CR-only lines, Otter repairs, Word wrappers, XML-safe text
STORE_DIRNAME = ".undercurrent"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def package_versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version(), "undercurrent": __version__}
    for name in ("spacy", "pandas", "numpy", "python-docx", "matplotlib", "bertopic", "scikit-learn"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            pass
    return out


@dataclass
class IngestReport:
    """What an ingest did, file by file."""

    files: list[dict] = field(default_factory=list)  # path, doc_id, status, detail
    problems: list[Problem] = field(default_factory=list)
    #: errors that kept a whole case from being read (case.toml, participants.csv); also in problems
    case_errors: list[InputError] = field(default_factory=list)
    #: human codings read from each case's codings/*.csv: path, codings (rows read), coders, read (False: refused)
    coding_files: list[dict] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def raise_case_errors(self) -> None:
        """Raise the :class:`InputError` of a case that could not be read at all (all of them
        in one message when several cases failed); do nothing when every case was read."""
        if len(self.case_errors) == 1:
            raise self.case_errors[0]
        if self.case_errors:
            raise InputError(None, f"{len(self.case_errors)} cases could not be read:\n  "
                             + "\n  ".join(str(e) for e in self.case_errors))

    def other_problems(self) -> list[Problem]:
        """The problems besides those that kept a case from being read."""
        fatal = [Problem.from_error(e) for e in self.case_errors]
        return [p for p in self.problems if p not in fatal]

    def count(self, status: str) -> int:
        return sum(f["status"] == status for f in self.files)

    def table(self) -> pd.DataFrame:
        return pd.DataFrame(self.files, columns=["path", "doc_id", "status", "detail"])

    def __str__(self) -> str:
        parts = [f"{self.count(s)} {s}" for s in ("new", "changed", "updated", "unchanged", "failed")
                 if self.count(s)]
        if self.case_errors:
            parts.append(f"{len(self.case_errors)} case{'s' if len(self.case_errors) > 1 else ''} not read")
        return "Ingest: " + (", ".join(parts) or "no sources found")


def merge_repeats(problems: list[Problem]) -> list[Problem]:
    """Each distinct problem once: the same message about the same file on several lines (a
    codings CSV naming one missing document in 49 rows) becomes one problem listing the lines."""
    groups: dict[tuple, list[Problem]] = {}
    for problem in problems:
        groups.setdefault((problem.severity, problem.path, problem.message), []).append(problem)
    merged = []
    for (severity, path, message), group in groups.items():
        lines = sorted({p.line for p in group if p.line is not None})
        if len(lines) > 1:
            shown = ", ".join(map(str, lines[1:9])) + (", …" if len(lines) > 9 else "")
            message = f"{message} (also on line{'s' if len(lines) > 2 else ''} {shown}; {len(lines)} lines in all)"
        merged.append(Problem(severity, path, message, lines[0] if lines else None))
    return merged


class Project:
    """A case folder, or a folder whose subfolders are case folders, with its SQLite store.

    >>> project = Project("corpora/demo")          # doctest: +SKIP
    >>> report = project.ingest()                  # doctest: +SKIP
    >>> corpus = project.corpus()                  # doctest: +SKIP
    """

    def __init__(self, path: str | Path, store_path: str | Path | None = None):
        self.root = Path(path)
        if not self.root.is_dir():
            raise InputError(self.root, "is not a folder", fix="give the folder that holds case.toml and transcripts/")
        if is_case_folder(self.root):
            self.case_dirs = [self.root]
        else:
            self.case_dirs = sorted(p for p in self.root.iterdir() if p.is_dir() and is_case_folder(p))
            if not self.case_dirs:
                raise InputError(self.root, "holds no case: no case.toml or transcripts/ folder here or in its subfolders",
                                 fix="see README, 'Bring your own transcripts'")
        self.store_path = Path(store_path) if store_path else self.root / STORE_DIRNAME / "store.sqlite"
        self._store = None
        self._codebooks: list[Codebook] | None = None

    @property
    def store(self):
        if self._store is None:
            from .store import Store

            self._store = Store(self.store_path)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # --- runs -------------------------------------------------------------------------------

    def start_run(self, command: str, config: dict) -> str:
        run_id = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
        self.store.start_run(dict(run_id=run_id, started_at=_now(), command=command, config=config,
                                  versions=package_versions()))
        return run_id

    def finish_run(self, run_id: str, status: str = "ok") -> None:
        self.store.finish_run(run_id, _now(), status)

    # --- ingest -----------------------------------------------------------------------------

    def ingest(self, *, max_file_mb: float | None = None, show_progress: bool | None = None,
               run_id: str | None = None, engine=None) -> IngestReport:
        """Read every case's sources into the store.

        Unchanged files are skipped (same checksum); changed files are reported and replaced;
        a file that fails keeps whatever was stored for it before. ``engine`` (an open
        :class:`~undercurrent.engine.Engine`) reads and segments the files in parallel; the store
        is written here, in the same order.
        """
        report = IngestReport()
        own_run = run_id is None
        if own_run:
            run_id = self.start_run("ingest", {"root": str(self.root), "max_file_mb": max_file_mb})
        for case_dir in self.case_dirs:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", InputWarning)
                try:
                    self._ingest_case(case_dir, report, run_id, max_file_mb, show_progress, engine)
                except InputError as err:
                    report.problems.append(Problem.from_error(err))
                    report.case_errors.append(err)
            for w in caught:
                if isinstance(w.message, InputWarning):
                    report.problems.append(Problem.from_warning(w.message))
                else:
                    warnings.showwarning(w.message, w.category, w.filename, w.lineno)
        self._check_human_codings(report)  # every human coding at its quote, or reported
        report.problems = merge_repeats(report.problems)
        if own_run:
            self.finish_run(run_id, "errors" if report.errors else "ok")
        return report

    def _ingest_case(self, case_dir: Path, report: IngestReport, run_id: str, max_file_mb, show_progress,
                     engine=None):
        config = read_case_config(case_dir)
        listing = list_sources(case_dir)
        table = read_participants(case_dir, config.case_id, listing)  # raises before anything is written
        report.problems.extend(config.problems + listing.problems + table.problems)
        with self.store.transaction() as con:
            self.store.put_case(con, config.as_row())
            self.store.put_participants(con, config.case_id, table.rows)
            for book in self.codebooks:
                self.store.put_codes(con, book.frame())
        pseudonyms = {r["participant_id"]: r["pseudonym"] for r in table.rows}
        # a linked document is titled by its participant's pseudonym, never by its file name
        titles = document_titles(table.links, pseudonyms, config.language)
        limit_mb = max_file_mb if max_file_mb is not None else config.max_file_mb
        sources = listing.sources
        seen_ids: set[str] = set()
        # sources are read and segmented (where the engine says) and stored here in order, a batch
        # at a time: only a batch's bytes and segments are held in memory
        jobs, batch = [], (4 * engine.parts if engine is not None and engine.parts > 1 else 1)

        def flush():
            results = engine.map(read_and_segment, jobs) if batch > 1 else [read_and_segment(j) for j in jobs]
            for job, result in zip(jobs, results):
                report.problems.extend(result["problems"])
                if result["source"] is None:
                    status, detail = "failed", result["failure"]
                else:
                    status, detail = self._store_file(job, result, config, run_id, report)
                report.files.append(dict(path=str(job["path"]), doc_id=job["doc_id"], status=status, detail=detail))
            jobs.clear()

        for path, default_kind in progress(sources, desc=f"Reading {config.case_id}", unit="file",
                                           enabled=show_progress):
            rel = path.relative_to(case_dir).as_posix()
            if path.suffix.lower() not in supported_suffixes():
                report.problems.append(Problem("warning", str(path), f"skipped: unknown file type {path.suffix!r} "
                                               f"(supported: {', '.join(supported_suffixes())})"))
                report.files.append(dict(path=str(path), doc_id=None, status="skipped", detail="unknown type"))
                continue
            doc_id = self._doc_id(config.case_id, rel, seen_ids)
            link = table.links.get(rel)
            if link is None and default_kind == "interview" and table.rows:
                report.problems.append(Problem("warning", str(path), "not listed in participants.csv; "
                                               "stored without a participant"))
            pid = link.participant_id if link else None
            meta = dict(participant_id=pid, kind=link.kind if link else default_kind,
                        interview_date=link.interview_date if link else None, title=titles.get(rel, path.stem))
            try:
                job = self._prepare_file(path, rel, doc_id, config, meta, pseudonyms.get(pid, ""), limit_mb)
            except InputError as err:
                report.problems.append(Problem.from_error(err))
                report.files.append(dict(path=str(path), doc_id=doc_id, status="failed", detail=err.problem))
                continue
            except OSError as exc:  # unreadable, or gone since the folder was listed
                detail = f"cannot be read: {exc.strerror or exc}"
                report.problems.append(Problem("error", display_path(path), detail + "; check the file's permissions"))
                report.files.append(dict(path=str(path), doc_id=doc_id, status="failed", detail=detail))
                continue
            if job is None:
                report.files.append(dict(path=str(path), doc_id=doc_id, status="unchanged", detail=""))
            else:
                jobs.append(job)
                if len(jobs) >= batch:
                    flush()
        if jobs:
            flush()
        for csv_path in sorted((case_dir / "codings").glob("*.csv")) if (case_dir / "codings").is_dir() else []:
            try:
                imported = self.import_codings(csv_path)
                report.problems.extend(imported.problems)
                report.coding_files.append(dict(path=str(csv_path), codings=len(imported.codings), read=True,
                                                coders=sorted(set(imported.codings["coder"]))))
            except InputError as err:
                report.problems.append(Problem.from_error(err))
                report.coding_files.append(dict(path=str(csv_path), codings=0, read=False, coders=[]))
        for doc_id in self.store.doc_ids(config.case_id):
            if doc_id not in seen_ids:
                report.problems.append(Problem("warning", str(case_dir), f"document {doc_id} is in the store but its "
                                               "source file is gone; kept in the store"))

    @staticmethod
    def _doc_id(case_id: str, rel: str, seen: set[str]) -> str:
        stem = rel.rsplit(".", 1)[0]
        for prefix in ("transcripts/", "documents/"):
            stem = stem.removeprefix(prefix)
        doc_id = f"{case_id}/{stem}"
        if doc_id in seen:
            doc_id = f"{case_id}/{rel}"
        seen.add(doc_id)
        return doc_id

    def _prepare_file(self, path: Path, rel: str, doc_id: str, config: CaseConfig, meta: dict, pseudonym: str,
                      limit_mb: float) -> dict | None:
        """Read one source's bytes; None when it is stored already, unchanged and with the same
        settings (its links are brought up to date), else the job for :func:`read_and_segment`."""
        size = path.stat().st_size
        if size > limit_mb * 1024 * 1024:
            raise InputError(path, f"is {size / 1024 / 1024:.1f} MB, more than the {limit_mb:g} MB limit for one source",
                             fix="split it, or raise the limit with --max-file-mb or max_file_mb in case.toml")
        data = path.read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        fingerprint = hashlib.sha256(json.dumps(
            [SEGMENTER_VERSION, config.language, sorted(config.interviewers), pseudonym, meta["kind"]],
            ensure_ascii=False
        ).encode()).hexdigest()[:16]
        state = self.store.document_state(doc_id)
        if state is not None and state[0] == sha and state[1] == fingerprint:
            with self.store.transaction() as con:  # participants.csv may have changed the links
                self.store.update_document_links(con, doc_id, **meta)
            return None
        return dict(path=path, rel=rel, doc_id=doc_id, data=data, sha=sha, fingerprint=fingerprint, state=state,
                    meta=meta, language=config.language, interviewers=list(config.interviewers), pseudonym=pseudonym)

    def _store_file(self, job: dict, result: dict, config: CaseConfig, run_id: str,
                    report: IngestReport) -> tuple[str, str]:
        """Store one read and segmented source with its segments; say what happened to it."""
        source, doc_id, state, sha = result["source"], job["doc_id"], job["state"], job["sha"]
        segments = self._segment_rows(doc_id, result["rows"], result["roles"])
        doc = dict(doc_id=doc_id, case_id=config.case_id, language=config.language,
                   source_path=job["rel"], source_sha256=sha, format=source.format, encoding=source.encoding,
                   convention=result["convention"], fingerprint=job["fingerprint"], ingested_at=_now(), run_id=run_id,
                   text=source.text, **job["meta"])
        with self.store.transaction() as con:
            self.store.put_document(con, doc, segments)
            self._word_comment_codings(con, doc_id, source)
            if state is not None and state[0] != sha:
                self._recheck_codings(con, doc_id, source.text, str(job["path"]), report)
            elif state is not None:  # same file read by a newer reader: its text may differ
                self._anchor_human_codings(con, {doc_id: source.text})
        if state is None:
            return "new", f"{result['turns']} turns"
        if state[0] != sha:
            detail = f"source changed (sha256 {state[0][:10]}… → {sha[:10]}…); replaced and re-segmented"
            report.problems.append(Problem("warning", str(job["path"]), detail))
            return "changed", detail
        return "updated", "re-segmented (settings or undercurrent version changed)"

    @staticmethod
    def _segment_rows(doc_id: str, rows: list[dict], roles: dict) -> list[dict]:
        prefix = {"turn": "t", "paragraph": "p", "sentence": "s"}
        out = []
        for r in rows:
            parent = r["parent"]
            out.append(dict(seg_id=f"{doc_id}#{prefix[r['kind']]}{r['idx']}", doc_id=doc_id, idx=r["idx"],
                            kind=r["kind"], parent_id=f"{doc_id}#{prefix[parent[0]]}{parent[1]}" if parent else None,
                            speaker=r["speaker"], speaker_role=roles.get(r["speaker"], "respondent"),
                            start=r["start"], end=r["end"], t_start_ms=r["t_start_ms"], t_end_ms=r["t_end_ms"],
                            n_words=r["n_words"]))
        return out

    # --- codebooks and codings -------------------------------------------------------------

    @property
    def codebooks(self) -> list[Codebook]:
        """The codebooks in use: those named in case.toml (`codebooks = [...]`), else all shipped."""
        if self._codebooks is None:
            wanted: list[Path] = []
            for case_dir in self.case_dirs:
                try:
                    names = read_case_config(case_dir).codebooks
                except InputError:
                    names = None
                if names is None:
                    wanted += shipped_paths()
                    continue
                for name in names:
                    path = case_dir / name if name.endswith((".yaml", ".yml")) else SHIPPED_DIR / f"{name}.yaml"
                    if not path.is_file():
                        raise InputError(case_dir / "case.toml", f"codebook {name!r} not found ({path})",
                                         fix="shipped: " + ", ".join(p.stem for p in shipped_paths())
                                         + "; or give a .yaml path relative to the case folder")
                    wanted.append(path)
            self._codebooks = load_codebooks(list(dict.fromkeys(p.resolve() for p in wanted)))
        return self._codebooks

    def autocode(self, *, unit: str = "sentence", codebooks: list[Codebook] | None = None,
                 documents: bool = False, show_progress: bool | None = None, run_id: str | None = None,
                 engine=None) -> pd.DataFrame:
        """Apply the codebooks to respondent speech (and with ``documents=True`` to the policy
        texts and field notes in documents/, as espoused); replace only this coder's earlier
        codings. Each language is coded with the codebooks' indicators for that language; what
        could not be coded, and why a run made no codings, is in ``result.attrs["notes"]``.
        ``engine`` (an open :class:`~undercurrent.engine.Engine`) codes parts of the corpus in
        parallel, with the same result. When the documents, the codebooks, the settings and
        undercurrent's version are what they were at the last run, the stored codings are
        returned as they are (``result.attrs["reused"]``) and nothing is recomputed."""
        from .coding.autocode import RuleCoder, code_part, coverage_notes
        from .engine import corpus_parts

        books = codebooks if codebooks is not None else self.codebooks
        corpus = self.corpus()
        kinds = ("interview", "life_history") + (("document",) if documents else ())
        inputs = _autocode_inputs(corpus, unit, kinds, books)
        if books and all(self.store.get_meta(f"autocode:{b.coder}") == inputs[b.coder] for b in books):
            auto = corpus.codings[(corpus.codings["origin"] == "auto")
                                  & corpus.codings["coder"].isin([b.coder for b in books])].reset_index(drop=True)
            langs = sorted(set(corpus.documents["language"].dropna()))
            auto.attrs["notes"] = [n for lang in langs for n in coverage_notes(books, lang)[1]] + \
                ([_why_no_codings(corpus, kinds)] if auto.empty else [])
            auto.attrs["reused"] = True
            return auto
        own_run = run_id is None
        if own_run:
            run_id = self.start_run("autocode", {"unit": unit, "documents": documents,
                                                 "codebooks": [f"{b.id}@{b.version}" for b in books]})
        frames, notes = [], []
        for lang in sorted(set(corpus.documents["language"].dropna())):
            usable, lang_notes = coverage_notes(books, lang)
            notes += lang_notes
            if usable and engine is not None and engine.parts > 1:
                parts = corpus_parts(corpus, engine.parts)
                frames += engine.map(code_part, parts, usable, lang, unit, kinds)
            elif usable:
                coder = RuleCoder(usable, lang=lang, unit=unit)
                frames.append(coder.code(corpus, kinds=kinds, show_progress=show_progress))
        codings = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(CODING_COLUMNS))
        codings["run_id"] = run_id
        with self.store.transaction() as con:
            for book in books:
                self.store.put_codes(con, book.frame())
                self.store.replace_auto_codings(con, book.coder, codings[codings["coder"] == book.coder])
                self.store.set_meta(con, f"autocode:{book.coder}", inputs[book.coder])
        if own_run:
            self.finish_run(run_id)
        if codings.empty:
            notes.append(_why_no_codings(corpus, kinds))
        codings.attrs["notes"] = notes
        return codings

    def learn(self, coders, *, min_precision: float = 0.6, min_examples: int = 8, lang: str | None = None):
        """Train code suggestions on the human codings of ``coders`` (see
        :func:`undercurrent.coding.learn.learn`), store the codings of the codes that reach
        ``min_precision`` in cross-validation (replacing earlier learned codings from the same
        people), and return the :class:`~undercurrent.coding.learn.LearnedCoder`."""
        from .coding.learn import learn

        corpus = self.corpus()
        lang = lang or corpus.documents["language"].mode().iat[0]
        learned = learn(corpus, coders, lang=lang, codebooks=self.codebooks, min_examples=min_examples,
                        min_precision=min_precision)
        codings = learned.code(corpus)
        run_id = self.start_run("learn", {"coders": learned.coders, "coder": learned.coder,
                                          "min_precision": min_precision, "codes": learned.usable_codes})
        codings["run_id"] = run_id
        prefix = f"auto:learned/{'+'.join(learned.coders)}@"
        with self.store.transaction() as con:
            self.store.delete_codings(con, "origin='auto' AND substr(coder, 1, ?)=?", (len(prefix), prefix))
            self.store.add_codings(con, codings)
        self.finish_run(run_id)
        return learned

    def import_codings(self, path: str | Path, *, coder: str | None = None):
        """Import manual codings from CSV (see :func:`undercurrent.coding.manual.read_codings_csv`)."""
        from .coding.manual import read_codings_csv

        corpus = self.corpus()
        result = read_codings_csv(path, corpus.documents, corpus.codes, default_coder=coder)
        with self.store.transaction() as con:
            self.store.add_codings(con, result.codings)
        return result

    def export_codings(self, path: str | Path, *, origin: str | None = None) -> Path:
        from .coding.manual import codings_to_csv

        corpus = self.corpus()
        codings = corpus.codings if origin is None else corpus.codings[corpus.codings["origin"] == origin]
        return codings_to_csv(codings, corpus.documents, path, pseudonymise=self.pseudonymiser(corpus))

    def add_codings(self, codings: pd.DataFrame) -> int:
        """Store human codings made in Python (origin 'manual'); returns how many were new.

        Every coding is stored with its quote, the text at its offsets, so that it is found
        again when the transcript changes; a quote given with offsets that do not hold it is
        looked up as in a CSV import (near ``start`` when it occurs more than once)."""
        from .coding.manual import QuoteNotFound, locate_quote

        codings = codings.copy()
        if (codings["origin"] == "auto").any():
            raise ValueError("add_codings is for human codings; automatic ones come from autocode()")
        wanted = sorted(set(codings["doc_id"]))
        texts = dict(self.store.con.execute(f"SELECT doc_id, text FROM documents WHERE doc_id IN "
                                            f"({','.join('?' * len(wanted))})", wanted)) if wanted else {}
        places = []
        for k, row in enumerate(codings.to_dict("records")):
            text = texts.get(row["doc_id"])
            if text is None:
                raise ValueError(f"coding {k}: document {row['doc_id']!r} is not in the store (ingest it first)")
            start, end, quote = int(row["start"]), int(row["end"]), row.get("quote")
            if isinstance(quote, str) and quote and text[start:end] != quote:
                try:
                    start, end = locate_quote(text, quote, near=start)
                except QuoteNotFound as exc:
                    raise ValueError(f"coding {k}: {exc} (document {row['doc_id']})") from None
            if not 0 <= start < end <= len(text):
                raise ValueError(f"coding {k}: offsets {start}-{end} are outside document {row['doc_id']} "
                                 f"(length {len(text)})")
            places.append((start, end, text[start:end]))
        if places:
            codings["start"], codings["end"], codings["quote"] = map(list, zip(*places))
        with self.store.transaction() as con:
            return self.store.add_codings(con, codings)

    def restore_backup(self, codings_csv: str | Path | None = None,
                       memos_csv: str | Path | None = None) -> tuple[int, int]:
        """Put human codings and memos back from the backup the store keeps next to itself
        (``<store>.human-codings.csv``, ``<store>.memos.csv``), or from the files given; rows
        already in the store stay as they are. A new store does this by itself. Codings whose
        text has moved since are found again at the next ingest. Returns (codings, memos) added."""
        return self.store.restore_backup(codings_csv, memos_csv)

    def add_memo(self, target_type: str, target_id: str, text: str, *, author: str | None = None) -> str:
        """A memo on a document, code, coding or case; returns its id."""
        if target_type not in ("document", "code", "coding", "case"):
            raise ValueError(f"a memo is about a document, code, coding or case, not {target_type!r}")
        memo_id = uuid.uuid4().hex[:12]
        with self.store.transaction() as con:
            self.store.put_memo(con, dict(memo_id=memo_id, target_type=target_type, target_id=target_id,
                                          author=author, text=text, created_at=_now()))
        return memo_id

    def _word_comment_codings(self, con, doc_id: str, source) -> None:
        """Comments in a Word document become codings of the commented text (coder word:<author>)."""
        from .coding.manual import CodeResolver
        from .coding.autocode import coding_id

        self.store.delete_codings(con, "doc_id=? AND origin='imported' AND coder LIKE 'word:%'", (doc_id,))
        if not source.annotations:
            return
        codes = pd.read_sql_query("SELECT * FROM codes", con)
        resolver = CodeResolver(codes)
        rows, new_codes = [], []
        for note in source.annotations:
            name = note.comment.splitlines()[0].strip() if note.comment else ""
            try:
                code_id = resolver.resolve(name)
            except KeyError:
                slug = re.sub(r"[^a-z0-9]+", "_", name.casefold()).strip("_")[:60] or "opmerking"
                code_id = f"word/{slug}"
                new_codes.append(dict(code_id=code_id, codebook="word", version="", label_nl=name, label_en=name,
                                      depth=0))
            coder = f"word:{note.author or 'unknown'}"
            rows.append(dict(coding_id=coding_id(coder, doc_id, note.start, note.end, code_id), doc_id=doc_id,
                             start=note.start, end=note.end, code_id=code_id, coder=coder, origin="imported",
                             memo=note.comment if "\n" in note.comment or code_id.startswith("word/") else None,
                             created_at=note.created or _now(), quote=source.text[note.start:note.end]))
        if new_codes:
            self.store.put_codes(con, pd.DataFrame(new_codes).drop_duplicates("code_id"))
        self.store.add_codings(con, pd.DataFrame(rows), replace=True)

    def _recheck_codings(self, con, doc_id: str, text: str, path: str, report: IngestReport) -> None:
        """After a source changed: automatic codings go (the next autocode run remakes them);
        human codings stay, moved to where their quote now is, or flagged when it is gone."""
        self.store.delete_codings(con, "doc_id=? AND origin='auto'", (doc_id,))
        # moved in the same transaction as the new text; what cannot be placed is reported by
        # _check_human_codings at the end of the ingest (and at every ingest until it is fixed)
        self._anchor_human_codings(con, {doc_id: text})

    @staticmethod
    def _anchor_human_codings(con, texts: dict[str, str]) -> list[tuple[tuple, str]]:
        """Put each human coding of these documents (doc_id -> text) where its quote is: one whose
        text moved is moved with it (near its old place when the quote occurs more than once).
        Returns the codings that cannot be placed, with the reason; they are kept as they are."""
        from .coding.manual import QuoteNotFound, locate_quote

        failed = []
        marks = ",".join("?" * len(texts))
        rows = con.execute(f'SELECT coding_id, doc_id, "start", "end", quote, code_id, coder FROM codings '
                           f"WHERE origin != 'auto' AND doc_id IN ({marks})", list(texts)).fetchall()
        for row in rows:
            coding, doc_id, start, end, quote = row[:5]
            text = texts[doc_id]
            if isinstance(quote, str) and quote and text[start:end] == quote:
                continue
            if not isinstance(quote, str) or not quote.strip():
                failed.append((row, "it was stored without its quote, so its place cannot be checked"))
                continue
            try:
                new_start, new_end = locate_quote(text, quote, near=start)
            except QuoteNotFound as exc:
                failed.append((row, str(exc)))
                continue
            con.execute('UPDATE codings SET "start"=?, "end"=?, quote=? WHERE coding_id=?',
                        (new_start, new_end, text[new_start:new_end], coding))
        return failed

    def _check_human_codings(self, report: IngestReport) -> None:
        """At the end of an ingest: every human coding of the project's documents sits at its
        quote (moved when its text moved), or is reported, at every ingest until someone fixes
        it; never dropped. Also passes on the store's notes (e.g. a backup it restored)."""
        store = self.store
        report.problems += [Problem("warning", str(store.path), note) for note in store.notes]
        store.notes.clear()
        paths = [str(d.resolve()) for d in self.case_dirs]
        docs = store.con.execute(
            f"""SELECT d.doc_id, d.text, d.source_path, k.path FROM documents d JOIN cases k ON k.case_id = d.case_id
            WHERE k.path IN ({','.join('?' * len(paths))}) AND EXISTS (
                SELECT 1 FROM codings c WHERE c.doc_id = d.doc_id AND c.origin != 'auto' AND (c.quote IS NULL
                OR substr(d.text, c."start" + 1, c."end" - c."start") IS NOT c.quote))""", paths).fetchall()
        if not docs:
            return
        with warnings.catch_warnings(record=True) as caught:  # e.g. the backup could not be written
            warnings.simplefilter("always", InputWarning)
            with store.transaction() as con:
                failed = self._anchor_human_codings(con, {doc_id: text for doc_id, text, *_ in docs})
        report.problems += [Problem.from_warning(w.message) for w in caught if isinstance(w.message, InputWarning)]
        where = {doc_id: str(Path(case_path) / source_path) for doc_id, _, source_path, case_path in docs}
        for (coding, doc_id, start, end, _quote, code_id, coder), reason in failed:
            report.problems.append(Problem("warning", where[doc_id], f"coding {coding} ({code_id} by {coder}) no "
                                           f"longer matches the text: {reason}; kept as it was (at {start}-{end}), "
                                           "please check it"))

    # --- reading back -----------------------------------------------------------------------

    def pseudonymiser(self, corpus: Corpus | None = None) -> Pseudonymiser:
        """Real names from participants.csv (read now, never stored) mapped to pseudonyms; with
        ``corpus``, also the documents whose title, id or file name reveals a real name."""
        identities, pseudonyms = {}, {}
        for case_dir in self.case_dirs:
            try:
                table = read_participants(case_dir, case_dir.name)
            except InputError:
                continue  # reported by ingest; no names known from a broken file
            for row in table.rows:
                key = f"{case_dir}:{row['participant_id']}"
                pseudonyms[key] = row["pseudonym"]
                identities[key] = table.identities.get(row["participant_id"], [])
        found = Pseudonymiser.from_identities(identities, pseudonyms)
        return found.with_documents(corpus.documents, corpus.participants) if corpus is not None else found

    def corpus(self, problems: list[Problem] | None = None) -> Corpus:
        """The stored corpus as DataFrames."""
        s = self.store
        paths = [str(d.resolve()) for d in self.case_dirs]
        known = s.table("cases", f"path IN ({','.join('?' * len(paths))})", tuple(paths))
        case_ids = known["case_id"].tolist() or ["\0"]
        marks = ",".join("?" * len(case_ids))
        documents = s.table("documents", f"case_id IN ({marks})", tuple(case_ids))
        segments = s.table("segments", f"doc_id IN (SELECT doc_id FROM documents WHERE case_id IN ({marks}))",
                           tuple(case_ids))
        in_docs = f"doc_id IN (SELECT doc_id FROM documents WHERE case_id IN ({marks}))"
        return Corpus(documents=documents, segments=segments,
                      participants=s.table("participants", f"case_id IN ({marks})", tuple(case_ids)),
                      cases=s.table("cases", f"case_id IN ({marks})", tuple(case_ids)),
                      problems=list(problems or []),
                      codings=s.table("codings", in_docs, tuple(case_ids)),
                      codes=s.table("codes"), memos=s.table("memos"))


def read_and_segment(job: dict) -> dict:
    """Read and segment one source, touching no store (so a Dask worker can do it): the source,
    its segment rows and speaker roles, and its problems (warnings and, on failure, the error)."""
    from .corpus.segment import assign_roles, segment_source  # spaCy: loaded when text is segmented

    path, kind = job["path"], job["meta"]["kind"]
    out = dict(source=None, rows=[], roles={}, convention=None, turns=0, failure="", problems=[])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", InputWarning)
        try:
            source = read_source(path, job["data"])
            seg = segment_source(source, job["language"])
            if seg.unlabelled and kind in ("interview", "life_history"):
                out["problems"].append(Problem("warning", str(path), "no speaker labels found; every paragraph was "
                                               "taken as a respondent turn (label turns as 'I:' / 'R:' or 'Name:' to fix)"))
            turns = [r for r in seg.rows if r["kind"] == "turn"]
            if kind in ("document", "field_note"):
                roles, note = {t["speaker"]: "other" for t in turns}, None
            else:
                roles, note = assign_roles(turns, source.text, job["interviewers"],
                                           [job["pseudonym"]] if job["pseudonym"] else [])
            if note:
                out["problems"].append(Problem("warning", str(path), note))
            out.update(source=source, rows=seg.rows, roles=roles, convention=seg.convention, turns=len(turns))
        except InputError as err:  # as a Problem: it travels back from a worker, an exception may not
            out["problems"].append(Problem.from_error(err))
            out["failure"] = err.problem
    out["problems"] = [Problem.from_warning(w.message) for w in caught if isinstance(w.message, InputWarning)] \
        + out["problems"]
    return out


def load_corpus(path: str | Path, *, store_path: str | Path | None = None, strict: bool = False,
                show_progress: bool | None = None) -> Corpus:
    """Ingest a case folder (cached in its store) and return the :class:`Corpus`.

    Problems met while reading are in ``corpus.problems`` and shown as warnings; with
    ``strict=True`` the first error raises :class:`~undercurrent.errors.InputError` instead.

    >>> import undercurrent as uc
    >>> corpus = uc.load_corpus("corpora/demo")   # doctest: +SKIP
    >>> corpus.documents[["doc_id", "kind"]]      # doctest: +SKIP
    """
    with Project(path, store_path) as project:
        report = project.ingest(show_progress=show_progress)
        if strict and report.errors:
            first = report.errors[0]
            raise InputError(first.path, first.message, line=first.line)
        for problem in report.problems:  # errors did not stop loading, so they are warnings here
            warnings.warn(InputWarning(problem.path, problem.message, problem.line), stacklevel=2)
        return project.corpus(report.problems)


def run_pipeline(path: str | Path, out_dir: str | Path, *, lang: str = "nl", kind: str = "case",
                 store_path: str | Path | None = None, max_file_mb: float | None = None,
                 show_progress: bool | None = None, autocode: bool = True, engine: str = "local",
                 scheduler: str | None = None, workers: int | None = None, force: bool = False):
    """Ingest, analyse, find (:mod:`undercurrent.synthesis`) and write the report: ``kind`` "case"
    (everything, for a lector) or "intake" (the findings, for a coach).

    ``engine="dask"`` reads, segments, codes and tags time on a Dask cluster (a LocalCluster of
    ``workers`` processes, default 2, or the one at ``scheduler``); ``workers=2`` with the local
    engine does that in two processes on this machine; the results are the same.

    A second run reuses what its inputs have not changed (:mod:`undercurrent.rerun`): the topic
    model and the timeline, and the whole report when nothing at all changed (``force=True``
    writes it again). Returns (ingest report, :class:`Written`: {"docx": path, "html": path, ...}).
    """
    from .engine import Engine

    with Engine(engine, scheduler=scheduler, workers=workers) as running:
        return _run_pipeline(path, out_dir, lang=lang, kind=kind, store_path=store_path, max_file_mb=max_file_mb,
                             show_progress=show_progress, autocode=autocode, engine=running, force=force)


def _run_pipeline(path, out_dir, *, lang, kind, store_path, max_file_mb, show_progress, autocode, engine, force):
    from . import rerun
    from .engine import Later
    from .coding.matrices import coding_overview
    from .report import write_report
    from .report.case_report import build_case_report
    from .report.i18n import translator
    from .stats import corpus_statistics
    from .scan import case_scan
    from .scan.triangulate import triangulate
    from .synthesis import Evidence, synthesis

    translator(lang)  # fail early on an unknown language
    from .report.writers import WRITE_FIX
    from .store import check_writable

    check_writable(out_dir, fix=WRITE_FIX)  # and on a folder the report cannot be written to
    if kind not in ("case", "intake"):
        raise ValueError(f"report kind {kind!r} is not one of case, intake")
    with Project(path, store_path) as project:
        run_id = project.start_run("run", {"root": str(project.root), "out": str(out_dir), "lang": lang, "kind": kind,
                                           "max_file_mb": max_file_mb})
        status = "failed"
        try:
            ingest = project.ingest(max_file_mb=max_file_mb, show_progress=show_progress, run_id=run_id,
                                    engine=engine)
            ingest.raise_case_errors()  # a case that cannot be read is not reported on without it
            corpus = project.corpus(ingest.problems)
            if len(corpus.documents) == 0:
                raise InputError(project.root, "no readable sources, so there is nothing to report",
                                 fix="put transcripts in transcripts/ (see README)")
            if autocode:  # policy documents too: what they say is the espoused side of a say-do gap
                coded = project.autocode(run_id=run_id, show_progress=show_progress, documents=True, engine=engine)
                ingest.problems += [Problem("warning", str(project.root), note) for note in coded.attrs.get("notes", [])]
                corpus = project.corpus(ingest.problems)
            # a report written from these very inputs is not written again
            text = rerun.text_digest(corpus)
            inputs = report_inputs(project, corpus, out_dir, lang=lang, kind=kind, autocode=autocode, text=text)
            kept = None if force else rerun.report_up_to_date(out_dir, inputs)
            if kept is not None:
                status = "unchanged"
                return ingest, Written(kept, unchanged=True)
            cache = project.store_path.with_name(project.store_path.name + ".cache")
            # the topic model needs nothing else of the run: it is fitted beside the timeline and findings
            size = int(corpus.documents["text"].str.len().sum())
            topics_job = (rerun.Kept(cache, "topics", rerun.key("topics", TOPIC_SEED, text),
                                     lambda: engine.beside(_report_topics, corpus, size=size))
                          if kind == "case" else None)
            timeline = rerun.Kept(cache, "timeline", rerun.key("timeline", text, rerun.frame_digest(corpus.codings)),
                                  lambda: Later(_timeline, (corpus, engine))).result()
            evidence = Evidence.of(corpus, out=lang)
            findings = synthesis(evidence, lang=lang, timeline=timeline)
            # each case's scan beside that case's own findings
            scans, triangulations = [], []
            for case_dir in project.case_dirs:
                found = case_scan(case_dir)
                if found is None:
                    continue
                if len(project.case_dirs) == 1:
                    own_evidence, own_findings = evidence, findings
                else:
                    own_evidence = Evidence.of(corpus.of_case(read_case_config(case_dir).case_id), out=lang)
                    own_findings = synthesis(own_evidence, lang=lang)
                scans.append(found)
                triangulations.append(triangulate(found, own_findings, lang=lang, evidence=own_evidence))
            coding = topic_model = key = None
            if kind == "case":
                coding = [(book.title, coding_overview(corpus, book.id, lang=lang)) for book in project.codebooks]
                topic_model, key = _topics_and_keyness(corpus, ingest, topics_job)
            pseudonymise = project.pseudonymiser(corpus)
            stamp = dict(run_id=run_id, seed=TOPIC_SEED, packages=package_versions(),
                         inputs=dict(zip(map(pseudonymise, corpus.documents["title"]),
                                         corpus.documents["source_sha256"].fillna(""))))
            report = build_case_report(corpus, corpus_statistics(corpus), lang=lang, kind=kind, findings=findings,
                                       stamp=stamp, pseudonymise=pseudonymise, coding=coding,
                                       topic_model=topic_model, keyness=key, timeline=timeline, scans=scans,
                                       triangulations=triangulations)
            written = Written(write_report(report, out_dir, name="intake" if kind == "intake" else "report"))
            rerun.write_manifest(Path(out_dir), inputs, written)
            status = "errors" if ingest.errors else "ok"
        finally:
            project.finish_run(run_id, status)
    return ingest, written


#: the seed of the report's topic model (printed in the report's reproducibility stamp)
TOPIC_SEED = 42


def report_inputs(project: "Project", corpus: Corpus, out_dir, *, lang: str, kind: str, autocode: bool = True,
                  text: str | None = None) -> str:
    """A digest of everything a run's report comes from: the stored text and codings and memos,
    every file of the case folders (but the report's own and the store's), the codebooks, the
    report's settings and undercurrent's version (``text``: :func:`rerun.text_digest`, if known)."""
    import pickle

    from . import rerun

    books = hashlib.sha256(pickle.dumps([(b.id, b.version, b.codes) for b in project.codebooks])).hexdigest()
    return rerun.key("report", lang, kind, autocode, text or rerun.text_digest(corpus),
                     rerun.folder_digest(project.case_dirs, skip=[out_dir, project.store_path]),
                     rerun.frame_digest(corpus.codings, corpus.memos), books)


class Written(dict):
    """The files of a report by kind ("docx", "html", "figure:<name>"); ``unchanged``: they were
    kept from the last run, whose inputs were the same (nothing was written)."""

    def __init__(self, files=(), *, unchanged: bool = False):
        super().__init__(files)
        self.unchanged = unchanged


def _autocode_inputs(corpus: Corpus, unit: str, kinds, books) -> dict[str, str]:
    """Per codebook coder, a digest of everything its codings depend on: the codebook's codes,
    the unit and document kinds, undercurrent's version, and every document as stored (text,
    segmentation settings, language, kind, participant)."""
    import pickle

    docs = corpus.documents.sort_values("doc_id")
    shared = hashlib.sha256(pickle.dumps((
        __version__, unit, tuple(kinds),
        [tuple(map(str, r)) for r in docs[["doc_id", "source_sha256", "fingerprint", "language", "kind",
                                           "participant_id"]].itertuples(index=False)]))).hexdigest()
    return {b.coder: hashlib.sha256(pickle.dumps((shared, b.id, b.version, b.codes))).hexdigest() for b in books}


def _why_no_codings(corpus: Corpus, kinds) -> str:
    """One sentence on why an automatic run coded nothing."""
    docs = corpus.documents
    if docs.empty:
        return "no codings: the case has no documents"
    seg = corpus.segments
    wanted = seg["doc_id"].map(docs.set_index("doc_id")["kind"]).isin(kinds)
    respondent = seg[(seg["kind"] == "sentence") & wanted & (seg["speaker_role"] == "respondent")]
    if respondent.empty:
        found = ", ".join(sorted(set(docs["kind"])))
        return (f"no codings: no respondent speech in documents of kind {', '.join(kinds)} (found: {found}); "
                "check the speaker labels and case.toml `interviewers`, or code documents with --documents")
    return (f"no codings: none of the codebooks' indicators occur in {len(respondent)} respondent sentences; "
            "try a sentence with `undercurrent codebook <file> --try \"...\"`")


def _report_topics(corpus: Corpus):
    """The report's topic model on respondent turns, or None and why there is none (returned,
    not raised: this may run in another process, see :meth:`Engine.beside`)."""
    from . import topics

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", topics.TooFewUnits)
        try:
            return topics.fit(corpus, unit="turn", random_state=TOPIC_SEED), None
        except ValueError as exc:
            return None, str(exc)


def _topics_and_keyness(corpus: Corpus, ingest: IngestReport, topics_job=None):
    """Topics on respondent turns (from ``topics_job`` when they were fitted beside the run) and
    work floor vs management keyness, for the report; a corpus too small for either is noted,
    not fatal."""
    from .keyness import keyness, role_groups

    key = None
    topic_model, why_not = topics_job.result() if topics_job is not None else _report_topics(corpus)
    if why_not:
        ingest.problems.append(Problem("warning", str(corpus.cases["path"].iat[0]), f"no topic model: {why_not}"))
    groups = role_groups(corpus)
    if groups["operators"] and groups["management"]:
        try:
            key = (keyness(corpus), groups)
        except ValueError:
            key = None
    return topic_model, key


def _timeline(corpus: Corpus, engine=None):
    """Events and recurring incidents for the report."""
    from .timeline.events import timeline

    return timeline(corpus, engine=engine)
