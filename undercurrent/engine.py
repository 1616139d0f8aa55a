"""Where document-parallel work runs: in this process, or on a Dask cluster (dask.distributed).

Reading and segmenting sources, auto-coding and temporal tagging look at one document at a
time, so a study is cut into parts of whole documents, each part is done where the engine
says, and the results come back in the order the parts were given: the same codings and
events as a run in one process, whatever the number of workers.

    >>> with Engine("dask") as engine:                     # doctest: +SKIP
    ...     results = engine.map(work, parts)

``Engine("dask")`` starts a ``LocalCluster`` (``workers`` processes, one thread each); give
``scheduler="tcp://host:8786"`` to use a running cluster instead. ``Engine("local", workers=2)``
does the parts in that many processes on this machine (forked, on Linux; elsewhere in this one).

Work that needs the whole corpus but nothing else of the run (the topic model) can go
:meth:`Engine.beside` the rest: to a second process on a machine with more than one core, to a
Dask worker on a cluster, or nowhere (run when its result is asked for) on small corpora.
"""
from __future__ import annotations

import itertools
import os
import sys

ENGINES = ("local", "dask")
#: below this many characters of text, work asked to run beside the rest runs in this process:
#: starting a second process (and importing spaCy and BERTopic there) costs more than it saves
BESIDE_MIN_CHARS = 1_500_000


class Engine:
    """Maps a function over parts, in this process (``"local"``) or on Dask workers (``"dask"``)."""

    def __init__(self, engine: str = "local", *, scheduler: str | None = None, workers: int | None = None,
                 beside_min_chars: int | None = None):
        if engine not in ENGINES:
            raise ValueError(f"engine {engine!r} is not one of {', '.join(ENGINES)}")
        if scheduler and engine != "dask":
            raise ValueError("a scheduler address needs engine='dask'")
        # a local cluster has 2 workers unless told; this machine's work stays in this process unless told
        workers = (2 if engine == "dask" else 1) if workers is None else workers
        self.name, self.scheduler, self.workers = engine, scheduler, max(1, int(workers))
        self._local = None  # the worker processes of a local engine, started at the first map
        self.beside_min_chars = BESIDE_MIN_CHARS if beside_min_chars is None else beside_min_chars
        self._client = self._cluster = None
        self._pools: list = []

    def __enter__(self) -> "Engine":
        if self.name == "dask":
            try:
                from distributed import Client, LocalCluster
            except ImportError:
                from .errors import UndercurrentError

                raise UndercurrentError("engine 'dask' needs dask.distributed: pip install 'undercurrent[scale]'") from None
            if self.scheduler:
                self._client = Client(self.scheduler)
            else:
                import logging

                self._cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                             dashboard_address=None, silence_logs=logging.ERROR)
                self._client = Client(self._cluster)
        return self

    def __exit__(self, *exc) -> None:
        for pool in self._pools:
            if exc and exc[0] is not None:  # the run failed: its work beside is not waited for
                for process in list((getattr(pool, "_processes", None) or {}).values()):
                    process.terminate()
            pool.shutdown(wait=True, cancel_futures=True)
        self._pools = []
        if self._local is not None:
            self._local.shutdown(wait=True, cancel_futures=True)
            self._local = None
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()
        self._client = self._cluster = None

    @property
    def parts(self) -> int:
        """How many parts to cut the work into: a few per worker, so no worker idles at the end."""
        if self._client is None:
            return 3 * self.workers if self._forks() else 1
        return 3 * max(1, len(self._client.scheduler_info().get("workers", {})) or self.workers)

    def _forks(self) -> bool:
        """Whether a local engine does its parts in worker processes (more than one asked, on Linux)."""
        return self.name == "local" and self.workers > 1 and sys.platform.startswith("linux")

    def map(self, func, items, *args) -> list:
        """``[func(item, *args) for item in items]``, on the workers when the engine is Dask or a
        local engine with more than one worker."""
        items = list(items)
        if self._client is None and not (self._forks() and len(items) > 1):
            return [func(item, *args) for item in items]
        if self._client is None:
            if self._local is None:
                import multiprocessing
                from concurrent.futures import ProcessPoolExecutor

                # forked like beside()'s process (a script needs no main guard); the parts are pickled
                # to the workers, and the pool lives as long as the engine
                self._local = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("fork"))
            return list(self._local.map(func, items, *[[a] * len(items) for a in args]))
        shared = [self._client.scatter(a, broadcast=True) for a in args]
        futures = [self._client.submit(func, item, *shared, pure=False) for item in items]
        return self._client.gather(futures)

    def beside(self, func, *args, size: int = 0):
        """Start ``func(*args)`` beside the work that follows; ``.result()`` on what this returns
        gives its value (or raises its error). It runs on a Dask worker when the engine is Dask;
        else in a second process when the machine has more than one core and ``size`` (characters
        of text) reaches ``beside_min_chars`` (on Linux, where the process is forked); else in this
        process, when the result is asked for."""
        if self._client is not None:
            return self._client.submit(func, *[self._client.scatter(a) for a in args], pure=False)
        if not self.runs_beside(size):
            return Later(func, args)
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # forked, not spawned: the child finds the work and the corpus in the memory it shares with
        # this process (only the result is pickled), and a script without an `if __name__ ==
        # "__main__":` guard is not run again in it, as "spawn" would do (so only where fork is
        # safe and at home: Linux). A fork pool starts its process within submit().
        key = next(_KEYS)
        _HANDED[key] = (func, args)
        pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
        self._pools.append(pool)
        try:
            future = pool.submit(_run_handed, key)
        finally:
            _HANDED.pop(key, None)
        pool.shutdown(wait=False)  # the process ends when its work is done, and gives its memory back
        return future

    def runs_beside(self, size: int) -> bool:
        """Whether :meth:`beside` puts work on ``size`` characters of text elsewhere than in this process."""
        return self._client is not None or (size >= self.beside_min_chars and (os.cpu_count() or 1) >= 2
                                             and sys.platform.startswith("linux"))


#: work handed to a forked process: it is there when the process is forked, never pickled
_HANDED: dict[int, tuple] = {}
_KEYS = itertools.count()


def _run_handed(key: int):
    func, args = _HANDED.pop(key)
    return func(*args)


class Later:
    """Work run in this process when its result is first asked for (a future's ``result``)."""

    def __init__(self, func, args):
        self._func, self._args, self._done = func, args, False

    def result(self):
        if not self._done:
            self._value, self._done = self._func(*self._args), True
        return self._value


def split_documents(lengths: dict[str, int], parts: int) -> list[list[str]]:
    """Document ids in ``parts`` groups of about equal text length (largest first, each to the
    lightest group), each group in the original order; empty groups are left out."""
    groups: list[list[str]] = [[] for _ in range(max(1, parts))]
    load = [0] * len(groups)
    for doc_id in sorted(lengths, key=lambda d: -lengths[d]):
        k = load.index(min(load))
        groups[k].append(doc_id)
        load[k] += lengths[doc_id]
    order = {d: i for i, d in enumerate(lengths)}
    return [sorted(g, key=order.get) for g in groups if g]


def corpus_parts(corpus, parts: int) -> list:
    """``corpus`` cut into about ``parts`` corpora of whole documents (participants, cases and
    codes whole in each), for document-parallel work."""
    import dataclasses

    docs = corpus.documents
    if parts <= 1 or len(docs) <= 1:
        return [corpus]
    lengths = dict(zip(docs["doc_id"], docs["text"].str.len()))
    out = []
    for ids in split_documents(lengths, parts):
        keep = set(ids)
        out.append(dataclasses.replace(
            corpus, documents=docs[docs["doc_id"].isin(keep)].reset_index(drop=True),
            segments=corpus.segments[corpus.segments["doc_id"].isin(keep)].reset_index(drop=True),
            codings=corpus.codings[corpus.codings["doc_id"].isin(keep)].reset_index(drop=True)))
    return out
