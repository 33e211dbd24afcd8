"""One document, one worker process, under a time and a memory budget.

Each document is processed in a fresh process forked from a process that has already
imported hyoka and built its caches (pipeline/preload.py), so a worker starts in
milliseconds, its memory is the document's alone, and a worker that hangs, runs out of
memory or is killed by the operating system costs only its own document: the caller
gets an `Overrun` saying which limit was hit and in which stage, and starts the next
document in a new process. There is no pool to break and none to rebuild.

Which process workers are forked from: a fork server started for the purpose, which imports
everything in a clean process of its own; or, when the caller says it is a run of its own (the
CLI) and runs no other thread, the caller itself, which then imports the worker's code once.
Only a process that is nothing but the run may be copied: a library caller (a notebook, a test
session, a dask worker) holds state a forked worker would inherit, and a document's outcome
must not depend on what its caller did before.

Workers die with the process that started them: each holds the read end of a pipe only
that process writes to, and a thread in the worker kills it when the pipe closes. CPU
time is also capped by the kernel (RLIMIT_CPU), so even a worker whose watchdog cannot
run does not outlive its budget by more than a few seconds.
"""

from __future__ import annotations

import contextlib
import importlib
import math
import multiprocessing
import multiprocessing.context
import os
import resource
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any, Literal, TypeVar

T = TypeVar("T")
R = TypeVar("R")

GIB = 1024**3
# How often the parent looks at its workers' clocks and memory.
POLL_SECONDS = 0.1
# Imported by the fork server once, before any worker is forked from it.
PRELOAD = ["hyoka.pipeline.preload"]
# A worker that has started handing its result over is no longer timed: the wait is the parent's.
_HANDING_OVER = "handing over its result"


@dataclass(frozen=True)
class Budget:
    """What one document may use: wall-clock seconds and resident memory (defaults fit a 2-core, 24 GB machine)."""

    seconds: float = 300.0
    memory_bytes: int = 4 * GIB


DEFAULT_BUDGET = Budget()


@dataclass(frozen=True)
class Overrun:
    """Why a document's worker was stopped before it returned."""

    limit: Literal["time", "memory", "killed", "crashed"]
    stage: str | None  # the stage the worker last announced
    seconds: float
    peak_bytes: int
    budget: Budget
    exit_code: int | None = None
    detail: str | None = None  # for a crash: the exception, as "Type: message"


def announce(stage: str) -> None:
    """Tells the parent which stage the worker is in (its overrun sentence names it)."""
    global _stage
    _stage = stage
    if _channel is not None:
        _channel.send(("stage", stage))


def helpers_started() -> None:
    """Tells the parent the worker has forked processes of its own (page readers): their memory is the document's."""
    if _channel is not None:
        _channel.send(("helpers", None))


_channel: Connection | None = None
_stage: str | None = None


class _TimeUp(BaseException):
    """Raised by the alarm in an in-process run; a BaseException, so no `except Exception` swallows it."""


def call_in_process(fn: Callable[[T], R], task: T, overrun: Callable[[T, Overrun], R], budget: Budget) -> R:
    """`fn(task)` in this process with the time budget kept by an alarm (main thread only; memory is not watched).

    For profilers and debuggers, which must see the document's work in their own process.
    """

    def time_up(signum: int, frame: object) -> None:
        raise _TimeUp

    global _stage
    _stage = None
    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, time_up)
    signal.setitimer(signal.ITIMER_REAL, budget.seconds)
    try:
        return fn(task)
    except _TimeUp:
        return overrun(task, Overrun("time", _stage, time.monotonic() - started, 0, budget))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _worker(
    fn: Callable[[Any], Any],
    task: Any,
    channel: Connection,
    lifeline: Connection,
    budget: Budget,
    parents_ends: list[Connection],
) -> None:
    global _channel
    _channel = channel
    # The worker leads a process group of its own, which every process it starts joins (OCR's tesseract,
    # page readers): ending the worker ends the group, so nothing it started outlives its document.
    os.setpgrp()
    # A worker forked from the caller holds copies of the caller's ends of every lifeline: closed,
    # so that the caller's death is the last close of this worker's lifeline (and of the others').
    for end in parents_ends:
        end.close()
    threading.Thread(target=_die_with_parent, args=(lifeline,), daemon=True).start()
    cpu_seconds = math.ceil(budget.seconds) + 5
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))
    try:
        result = fn(task)
        announce(_HANDING_OVER)
        channel.send(("result", result))
    except BaseException as error:  # MemoryError, RecursionError, a result that cannot be pickled
        channel.send(("crash", f"{type(error).__name__}: {error}"))
    channel.close()


def _die_with_parent(lifeline: Connection) -> None:
    """Blocks until the parent's end of the lifeline closes (it exited or was killed), then ends this worker."""
    with contextlib.suppress(EOFError, OSError):
        lifeline.recv_bytes()
    os.killpg(0, signal.SIGKILL)


def _resident_bytes(pid: int) -> int:
    """The process's resident memory now (Linux /proc; 0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, IndexError, ValueError):
        return 0


def _private_bytes(pid: int) -> int:
    """Memory a forked helper holds for itself alone (the pages it shares with its parent are counted there)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as rollup:
            lines = rollup.read().splitlines()
    except OSError:
        return 0
    return 1024 * sum(int(line.split()[1]) for line in lines if line.startswith((b"Private_Clean:", b"Private_Dirty:")))


def _children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (Linux /proc)."""
    found = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as stat:
                    fields = stat.read().rsplit(b")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:  # field 4 of stat: the parent's pid
                found.append(int(entry.name))
    return found


@dataclass
class _Running:
    task: Any
    process: multiprocessing.process.BaseProcess
    channel: Connection
    lifeline: Connection
    started: float
    stage: str | None = None
    peak_bytes: int = 0
    helpers: list[int] = field(default_factory=list)


class Sandbox:
    """Runs `fn` on tasks in budgeted worker processes, `jobs` at a time; yields results or overruns."""

    def __init__(self, jobs: int, preload: list[str] = PRELOAD, fork_from_caller: bool = False) -> None:
        self.jobs = jobs
        self._preload = preload
        self._fork_from_caller = fork_from_caller

    def _context(self) -> multiprocessing.context.BaseContext:
        """Fork from this process when it is a run of its own and the only thread running; from the fork
        server otherwise."""
        if self._fork_from_caller and threading.active_count() == 1:
            for module in self._preload:
                importlib.import_module(module)
            return multiprocessing.get_context("fork")
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(self._preload)
        return context

    def run(
        self, fn: Callable[[T], R], tasks: Iterable[T], overrun: Callable[[T, Overrun], R], budget: Budget
    ) -> Iterator[R]:
        pending = iter(tasks)
        running: list[_Running] = []
        finished: list[R] = []
        try:
            while True:
                while len(running) < self.jobs and (task := next(pending, _END)) is not _END:
                    running.append(self._start(fn, task, budget, running))
                # Handed over only once the freed workers' places are taken again: the caller's own work on a
                # result (writing it) runs beside the next documents, never while a core waits for it.
                yield from finished
                if not running:
                    return
                wait([r.channel for r in running] + [r.process.sentinel for r in running], POLL_SECONDS)
                finished = []
                for worker in list(running):
                    outcome = self._look_at(worker, overrun, budget)
                    if outcome is not _BUSY:
                        running.remove(worker)
                        self._end(worker)
                        finished.append(outcome)
        finally:
            for worker in running:
                self._end(worker)

    def _start(self, fn: Callable[[T], R], task: T, budget: Budget, running: list[_Running]) -> _Running:
        context = self._context()
        receiver, channel = context.Pipe(duplex=False)
        lifeline, keep_alive = context.Pipe(duplex=False)
        forked_here = context.get_start_method() == "fork"
        parents_ends = [keep_alive, *(worker.lifeline for worker in running)] if forked_here else []
        args = (fn, task, channel, lifeline, budget, parents_ends)
        # Not daemonic: a worker may fork page readers of its own (pipeline/pages.py). It ends with this
        # process all the same: `run` ends every worker it started, and a worker dies with its lifeline.
        process = context.Process(target=_worker, args=args, daemon=False)
        process.start()
        channel.close()
        lifeline.close()
        return _Running(task, process, receiver, keep_alive, time.monotonic())

    def _look_at(self, worker: _Running, overrun: Callable[[Any, Overrun], Any], budget: Budget) -> Any:
        # Whether it has exited is asked first: a worker that sent its result and exited is not "killed".
        exited = not worker.process.is_alive()
        detail: str | None = None
        try:
            while worker.channel.poll():
                kind, payload = worker.channel.recv()
                if kind == "result":
                    return payload
                if kind == "crash":
                    detail = payload
                elif kind == "helpers":
                    worker.helpers = _children(worker.process.pid or 0)
                else:
                    worker.stage = payload
        except (EOFError, OSError):
            pass  # the worker is gone; its exit code says how
        elapsed = time.monotonic() - worker.started
        resident = _resident_bytes(worker.process.pid or 0) + sum(map(_private_bytes, worker.helpers))
        worker.peak_bytes = max(worker.peak_bytes, resident)
        limit: Literal["time", "memory", "killed", "crashed"] | None = None
        if detail is not None:
            limit = "crashed"
        elif exited:
            limit = "killed"
        elif worker.peak_bytes > budget.memory_bytes:
            limit = "memory"
        elif elapsed > budget.seconds and worker.stage != _HANDING_OVER:
            limit = "time"
        if limit is None:
            return _BUSY
        _kill_group(worker.process)
        worker.process.join()
        return overrun(
            worker.task,
            Overrun(limit, worker.stage, elapsed, worker.peak_bytes, budget, worker.process.exitcode, detail),
        )

    @staticmethod
    def _end(worker: _Running) -> None:
        _kill_group(worker.process)
        worker.process.join()
        worker.process.close()
        worker.channel.close()
        worker.lifeline.close()


def _kill_group(process: multiprocessing.process.BaseProcess) -> None:
    """Kills a worker and every process it started (its process group), whether it is alive or has exited:
    a worker killed by the operating system leaves its children running."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid or 0, signal.SIGKILL)
    if process.is_alive():  # not yet its group's leader: killed in the instant after its start
        process.kill()


_END = object()
_BUSY = object()


def call(
    fn: Callable[[T], R],
    task: T,
    overrun: Callable[[T, Overrun], R],
    budget: Budget = DEFAULT_BUDGET,
    preload: list[str] = PRELOAD,
) -> R:
    """`fn(task)` in one budgeted worker (for executors whose own workers run one task at a time)."""
    return next(Sandbox(1, preload).run(fn, [task], overrun, budget))
