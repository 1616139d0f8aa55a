"""What a second run on an unchanged case may reuse instead of computing again.

Each reusable result is kept under a digest of everything it depends on (the stored documents,
segments, participants and cases; the codings where they matter; undercurrent's version and the
settings), so a changed input means a new digest and the result is computed afresh:

- the topic model and the timeline are kept as pickles next to the store (``<store>.cache/``),
  the newest one per kind (only undercurrent writes and reads them: pickles can run code, so they
  live with the store, which is as private as the data);
- a report is up to date when its folder's manifest (:data:`MANIFEST`) holds the digest of all
  of the run's inputs (every file of the case folders, the store's codings and memos, the
  report's settings) and every file it lists is still there, unchanged.
"""
from __future__ import annotations

import hashlib
import json
import pickle
from pathlib import Path

import pandas as pd

from ._version import __version__
from .errors import OutputError
from .store import write_atomic

#: the file in a report folder that says from which inputs its report was written
MANIFEST = ".undercurrent-run.json"
#: columns that change with every run although the coding does not
_VOLATILE = {"run_id", "created_at"}


def frame_digest(*frames: pd.DataFrame) -> str:
    """A digest of the frames' columns and values (row order counts; the index does not)."""
    digest = hashlib.sha256()
    for frame in frames:
        frame = frame[[c for c in frame.columns if c not in _VOLATILE]]
        digest.update(repr(list(frame.columns)).encode())
        try:
            hashed = pd.util.hash_pandas_object(frame, index=False)
        except TypeError:  # cells pandas cannot hash (lists, dicts): by their text
            hashed = pd.util.hash_pandas_object(frame.astype(str), index=False)
        digest.update(hashed.to_numpy().tobytes())
    return digest.hexdigest()


def text_digest(corpus) -> str:
    """What the corpus's text and who said it come to: documents (not their text: their source's
    digest and segmentation fingerprint stand for it), segments, participants and cases."""
    documents = corpus.documents.drop(columns=["text"], errors="ignore")
    return frame_digest(documents, corpus.segments, corpus.participants, corpus.cases)


def key(*parts) -> str:
    """A digest of ``parts`` (strings, numbers, tuples) and undercurrent's version."""
    return hashlib.sha256(repr((__version__, *parts)).encode()).hexdigest()


class Kept:
    """A result kept under a digest: what was kept last time (in ``folder`` as
    ``<name>-<digest>.pickle``), or else the job ``start()`` starts, whose result is kept when it
    is first asked for (:meth:`result`), older ones of ``name`` removed. A cache that cannot be
    read or written is no error: the result is computed."""

    def __init__(self, folder: Path, name: str, digest: str, start):
        self.name, self.path = name, Path(folder) / f"{name}-{digest[:24]}.pickle"
        self.reused, self._job = False, None
        try:
            with open(self.path, "rb") as fh:
                self._value = pickle.load(fh)  # noqa: S301 - written by undercurrent next to the user's own store
            self.reused = True
        except Exception:  # noqa: BLE001 - none yet, damaged, or from another version: compute
            self._job = start()

    def result(self):
        if not self.reused and self._job is not None:
            self._value, self._job = self._job.result(), None
            try:
                for old in self.path.parent.glob(f"{self.name}-*.pickle"):
                    old.unlink(missing_ok=True)
                write_atomic(self.path, pickle.dumps(self._value, protocol=pickle.HIGHEST_PROTOCOL))
            except (OSError, OutputError, pickle.PicklingError, TypeError, AttributeError):
                pass  # not kept: the next run computes it again
        return self._value


def folder_digest(folders, skip=()) -> str:
    """A digest of every file under ``folders`` (relative path and content), leaving out
    ``.undercurrent`` folders and the paths in ``skip``, what lies under them and the files beside
    them whose names they begin (the store and its backups, the report's own folder)."""
    skip = [Path(p).resolve() for p in skip]
    digest = hashlib.sha256()
    for folder in folders:
        folder = Path(folder)
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            relative = path.relative_to(folder)
            resolved = path.resolve()
            if ".undercurrent" in relative.parts or any(  # report/..., store.sqlite-wal, store.sqlite.cache/...
                    resolved.is_relative_to(s.parent) and resolved.relative_to(s.parent).parts[0].startswith(s.name)
                    for s in skip):
                continue
            digest.update(f"{folder.name}/{relative.as_posix()}\0".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _file_sha(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def report_up_to_date(out_dir: Path, digest: str) -> dict[str, Path] | None:
    """The files of the report in ``out_dir`` when it was written from inputs with ``digest``
    and none of its files has changed or gone since; else None."""
    try:
        manifest = json.loads((Path(out_dir) / MANIFEST).read_text(encoding="utf-8"))
        if manifest.get("inputs") != digest:
            return None
        written = {kind: Path(out_dir) / name for kind, (name, _) in manifest["files"].items()}
        if all(p.is_file() and _file_sha(p) == sha for p, (_, sha) in zip(written.values(), manifest["files"].values())):
            return written
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass
    return None


def write_manifest(out_dir: Path, digest: str, written: dict[str, Path]) -> None:
    """Record that the report ``written`` in ``out_dir`` comes from inputs with ``digest``."""
    files = {kind: (Path(p).relative_to(out_dir).as_posix(), _file_sha(p)) for kind, p in written.items()}
    try:
        write_atomic(Path(out_dir) / MANIFEST, json.dumps({"inputs": digest, "files": files}, indent=1).encode())
    except (OSError, OutputError):
        pass  # without a manifest the next run just writes the report again
