"""Where document-parallel work runs: in this process, or on a Dask cluster (dask.distributed).

Reading and segmenting sources, auto-coding and temporal tagging look at one document at a
time, so a study is cut into parts of whole documents, each part is done where the engine
says, and the results come back in the order the parts were given: the same codings and
events as a run in one process, whatever the number of workers.

    >>> with Engine("dask") as engine:                     # doctest: +SKIP
    ...     results = engine.map(work, parts)

``Engine("dask")`` starts a ``LocalCluster`` (``workers`` processes, one thread each); give
``scheduler="tcp://host:8786"`` to use a running cluster instead.
"""
from __future__ import annotations

ENGINES = ("local", "dask")


class Engine:
    """Maps a function over parts, in this process (``"local"``) or on Dask workers (``"dask"``)."""

    def __init__(self, engine: str = "local", *, scheduler: str | None = None, workers: int = 2):
        if engine not in ENGINES:
            raise ValueError(f"engine {engine!r} is not one of {', '.join(ENGINES)}")
        if scheduler and engine != "dask":
            raise ValueError("a scheduler address needs engine='dask'")
        self.name, self.scheduler, self.workers = engine, scheduler, max(1, int(workers))
        self._client = self._cluster = None

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
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()
        self._client = self._cluster = None

    @property
    def parts(self) -> int:
        """How many parts to cut the work into: a few per worker, so no worker idles at the end."""
        if self._client is None:
            return 1
        return 3 * max(1, len(self._client.scheduler_info().get("workers", {})) or self.workers)

    def map(self, func, items, *args) -> list:
        """``[func(item, *args) for item in items]``, on the workers when the engine is Dask."""
        items = list(items)
        if self._client is None:
            return [func(item, *args) for item in items]
        shared = [self._client.scatter(a, broadcast=True) for a in args]
        futures = [self._client.submit(func, item, *shared, pure=False) for item in items]
        return self._client.gather(futures)


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
