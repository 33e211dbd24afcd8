"""Where documents are processed: local worker processes, or dask.distributed.

Every executor runs the same picklable function on each task and yields results as they
complete; writing stays in the calling process, so crash safety does not depend on the
executor. Either way each document runs in its own worker process under a time and a
memory budget (pipeline/sandbox.py), forked from a warm fork server, so module-level
caches (the Sudachi tokenizer, the profile registry, the municipality table) are built
once per fork server, not once per document.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import Any, Literal, Protocol, TypeVar

from hyoka.pipeline.sandbox import Budget, Overrun, Sandbox, call, call_in_process

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
    """Runs `fn` on every task, each in a budgeted worker, and yields the results in completion order.

    A task whose worker hangs, runs out of memory, crashes or is killed yields
    `overrun(task, what_happened)` instead, and every other task still runs.
    """

    jobs: int

    def run(
        self, fn: Callable[[T], R], tasks: Iterable[T], overrun: Callable[[T, Overrun], R], budget: Budget
    ) -> Iterator[R]: ...

    def close(self) -> None: ...


class InProcessExecutor:
    """Every document in this process, one after the other, for profilers and debuggers (pyinstrument, pdb).

    Only the time budget is kept (by an alarm); `hyoka ingest` never uses this executor.
    """

    jobs = 1

    def run(
        self, fn: Callable[[T], R], tasks: Iterable[T], overrun: Callable[[T, Overrun], R], budget: Budget
    ) -> Iterator[R]:
        for task in tasks:
            yield call_in_process(fn, task, overrun, budget)

    def close(self) -> None:
        return None


class ProcessExecutor:
    """Local worker processes, `jobs` at a time, one per document (pipeline/sandbox.py)."""

    def __init__(self, jobs: int, fork_from_caller: bool = False) -> None:
        self.jobs = jobs
        self._sandbox = Sandbox(jobs, fork_from_caller=fork_from_caller)

    def run(
        self, fn: Callable[[T], R], tasks: Iterable[T], overrun: Callable[[T, Overrun], R], budget: Budget
    ) -> Iterator[R]:
        return self._sandbox.run(fn, tasks, overrun, budget)

    def close(self) -> None:
        return None


class DaskExecutor:
    """dask.distributed: a LocalCluster of `jobs` single-threaded workers, or a running scheduler.

    Workers of a remote scheduler must run the same hyoka version and see the input
    paths (a shared file system); results travel back to this process, which writes them.
    """

    def __init__(self, jobs: int, scheduler: str | None = None) -> None:
        try:
            import dask
            from distributed import Client, LocalCluster
        except ImportError as error:  # an optional dependency
            raise RuntimeError("--executor dask needs dask.distributed: pip install 'dask[distributed]'") from error
        self._cluster: Any = None
        if scheduler is None:
            # A daemonic dask worker may not start processes, and each document needs its own.
            with dask.config.set({"distributed.worker.daemon": False}):
                self._cluster = LocalCluster(
                    n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
                )
            self._client = Client(self._cluster)
        else:
            self._client = Client(scheduler)
        self.jobs = jobs if scheduler is None else max(1, sum(self._client.nthreads().values()))

    def run(
        self, fn: Callable[[T], R], tasks: Iterable[T], overrun: Callable[[T, Overrun], R], budget: Budget
    ) -> Iterator[R]:
        from distributed import as_completed

        # pure=False: a task is never answered from another run's cache.
        budgeted = partial(call, fn, overrun=overrun, budget=budget)
        futures = {self._client.submit(budgeted, task, pure=False): task for task in tasks}
        for future in as_completed(futures):
            try:
                result = future.result()
            except Exception as error:  # the dask worker itself died (KilledWorker) or could not start a process
                detail = f"{type(error).__name__} from dask: {error}"
                result = overrun(futures[future], Overrun("crashed", None, 0.0, 0, budget, None, detail))
            yield result
            future.release()

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def make_executor(
    name: ExecutorName, jobs: int | None = None, scheduler: str | None = None, fork_from_caller: bool = False
) -> Executor:
    """The executor for `--executor NAME --jobs N [--scheduler ADDRESS]`; `fork_from_caller` only for a
    process that is the run and nothing else (the CLI: see pipeline/sandbox.py)."""
    jobs = jobs or default_jobs()
    if name == "dask":
        return DaskExecutor(jobs, scheduler)
    if scheduler is not None:
        raise ValueError("--scheduler needs --executor dask.")
    return ProcessExecutor(jobs, fork_from_caller)
