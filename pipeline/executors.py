"""Where documents are processed: in this process, a local process pool, or dask.distributed.

Every executor runs the same picklable function on each task and yields results as they
complete; writing stays in the calling process, so crash safety does not depend on the
executor. Workers are long-lived, so module-level caches (the Sudachi tokenizer, the
profile registry, compiled vocabularies) are built once per worker, not once per task.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any, Literal, Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")

ExecutorName = Literal["process", "dask"]


def default_jobs() -> int:
    """The machine's usable CPUs (the scheduler's affinity mask, not the host's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class Executor(Protocol):
    """Runs `fn` on every task and yields the results in completion order."""

    jobs: int

    def run(self, fn: Callable[[T], R], tasks: Iterable[T]) -> Iterator[R]: ...

    def close(self) -> None: ...


class SerialExecutor:
    """One job: everything in this process (no pickling, easiest to debug)."""

    jobs = 1

    def run(self, fn: Callable[[T], R], tasks: Iterable[T]) -> Iterator[R]:
        for task in tasks:
            yield fn(task)

    def close(self) -> None:
        return None


class ProcessExecutor:
    """A local process pool; at most 2 × jobs tasks are in flight, so results never pile up."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self._pool = ProcessPoolExecutor(max_workers=jobs)

    def run(self, fn: Callable[[T], R], tasks: Iterable[T]) -> Iterator[R]:
        pending: set[Future[R]] = set()
        for task in tasks:
            pending.add(self._pool.submit(fn, task))
            if len(pending) >= 2 * self.jobs:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                yield from (future.result() for future in done)
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            yield from (future.result() for future in done)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class DaskExecutor:
    """dask.distributed: a LocalCluster of `jobs` single-threaded workers, or a running scheduler.

    Workers of a remote scheduler must run the same hyoka version and see the input
    paths (a shared file system); results travel back to this process, which writes them.
    """

    def __init__(self, jobs: int, scheduler: str | None = None) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as error:  # an optional dependency
            raise RuntimeError("--executor dask needs dask.distributed: pip install 'dask[distributed]'") from error
        self._cluster: Any = None
        if scheduler is None:
            self._cluster = LocalCluster(
                n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
            )
            self._client = Client(self._cluster)
        else:
            self._client = Client(scheduler)
        self.jobs = jobs if scheduler is None else max(1, sum(self._client.nthreads().values()))

    def run(self, fn: Callable[[T], R], tasks: Iterable[T]) -> Iterator[R]:
        from distributed import as_completed

        # pure=False: a task is never answered from another run's cache.
        futures = [self._client.submit(fn, task, pure=False) for task in tasks]
        for future in as_completed(futures):
            yield future.result()
            future.release()

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def make_executor(name: ExecutorName, jobs: int | None = None, scheduler: str | None = None) -> Executor:
    """The executor for `--executor NAME --jobs N [--scheduler ADDRESS]`."""
    jobs = jobs or default_jobs()
    if name == "dask":
        return DaskExecutor(jobs, scheduler)
    if scheduler is not None:
        raise ValueError("--scheduler needs --executor dask.")
    return SerialExecutor() if jobs == 1 else ProcessExecutor(jobs)
