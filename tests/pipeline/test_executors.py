"""The same documents give the same tables whatever runs them: one worker at a time, several, or dask."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pandas as pd
import pytest

from hyoka.pipeline.executors import DaskExecutor, InProcessExecutor, ProcessExecutor, default_jobs, make_executor
from hyoka.pipeline.ingest import ingest
from hyoka.pipeline.sandbox import GIB, Budget, Overrun, Sandbox
from tests.support import workers

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
TABLES = ("documents", "cells", "measures", "indicator_values", "budgets", "grades", "checks")


def _tables(out: Path) -> dict[str, pd.DataFrame]:
    tables = {}
    for table in TABLES:
        if not any((out / table).glob("*.parquet")):
            continue
        frame = pd.read_parquet(out / table).drop(columns=["ingested_at"], errors="ignore")
        keys = [c for c in ("document_id", "table_id", "row", "col", "measure_key") if c in frame.columns]
        tables[table] = frame.sort_values(keys).reset_index(drop=True).astype(str)
    return tables


def test_results_are_identical_across_executors_and_job_counts(
    tmp_path: Path, make_workbook: Callable[..., Path], frozen_code: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    workers.install(monkeypatch)
    inbox = tmp_path / "inbox"
    for seed in range(4):
        make_workbook(inbox / f"report {seed}.xlsx", seed)
    make_workbook(inbox / "report is-killed.xlsx", 9)
    shutil.copyfile(SAMPLES / "sasebo_dx_project_list.xlsx", inbox / "sasebo_dx_project_list.xlsx")
    (inbox / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<<")
    outputs = {}
    for name, executor in (
        ("process-1", ProcessExecutor(1)),
        ("process-2", ProcessExecutor(2)),
        ("process-3", ProcessExecutor(3)),
        ("dask-2", DaskExecutor(2)),
    ):
        try:
            ingest([inbox], tmp_path / name, executor=executor)
        finally:
            executor.close()
        outputs[name] = _tables(tmp_path / name)

    reference = outputs.pop("process-1")
    assert set(reference) >= {"documents", "cells"}
    killed = reference["documents"][reference["documents"]["source_file"].str.endswith("is-killed.xlsx")]
    assert killed["error"].str.contains("killed by the operating system").all()
    for name, tables in outputs.items():
        assert tables.keys() == reference.keys(), name
        for table, frame in tables.items():
            pd.testing.assert_frame_equal(frame, reference[table], obj=f"{name}: {table}")


def test_make_executor_sizes_to_the_machine_and_checks_its_options() -> None:
    assert default_jobs() >= 1
    assert make_executor("process", 1).jobs == 1
    pool = make_executor("process", None)
    try:
        assert pool.jobs == default_jobs()
    finally:
        pool.close()
    with pytest.raises(ValueError, match="--scheduler needs --executor dask"):
        make_executor("process", 2, "tcp://127.0.0.1:8786")


def test_heavy_objects_are_module_level_caches_built_once_per_process() -> None:
    from hyoka.normalizers import morphology
    from hyoka.profiles import registry

    assert morphology.tokenizer() is morphology.tokenizer()
    assert registry() is registry()


def _parent_of_this_worker(task: int) -> int:
    return os.getppid()


def _overrun(task: int, overrun: Overrun) -> int:
    raise AssertionError(f"the worker was stopped: {overrun}")


def parents_of_workers() -> tuple[bool, bool, bool]:
    """Whether a worker's parent is the caller: a run of its own with no other thread running, then with
    one; then a library caller (not a run of its own) with no other thread."""
    alone = list(Sandbox(1, fork_from_caller=True).run(_parent_of_this_worker, [0], _overrun, Budget(60.0, GIB)))
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        threaded = list(Sandbox(1, fork_from_caller=True).run(_parent_of_this_worker, [0], _overrun, Budget(60.0, GIB)))
    finally:
        stop.set()
        other.join()
    library = list(Sandbox(1).run(_parent_of_this_worker, [0], _overrun, Budget(60.0, GIB)))
    return alone == [os.getpid()], threaded == [os.getpid()], library == [os.getpid()]


def test_workers_are_forked_from_the_run_only_when_it_is_a_run_of_its_own_without_other_threads() -> None:
    # A fresh process: this one may run threads left by other tests (dask's client).
    script = "from tests.pipeline.test_executors import parents_of_workers; print(*parents_of_workers())"
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    # No fork server when alone (the worker code imported once, by the caller); a thread's state would be
    # copied into a forked worker half-way, so with one running the fork server forks the worker instead;
    # a library caller's state (a test session, a notebook) is never copied into a worker.
    assert done.stdout.split() == ["True", "False", "False"]


def _marks_its_start(task: tuple[str, str]) -> str:
    folder, name = task
    (Path(folder) / name).touch()
    return name


def test_the_next_task_starts_before_the_caller_has_handled_a_finished_one(tmp_path: Path) -> None:
    results = Sandbox(1).run(
        _marks_its_start, [(str(tmp_path), "first"), (str(tmp_path), "second")], _overrun, Budget(60.0, GIB)
    )
    assert next(results) == "first"
    # The caller still holds the first result (ingest writes it then): the core it freed is at work already.
    deadline = time.monotonic() + 30
    while not (tmp_path / "second").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert (tmp_path / "second").exists()
    assert list(results) == ["second"]


class _RecordingExecutor(InProcessExecutor):
    """Notes the files in the order the run hands them over, and processes none."""

    def __init__(self, jobs: int = 1) -> None:
        self.jobs = jobs
        self.order: list[str] = []
        self.page_jobs: dict[str, int] = {}

    def run(self, fn: Callable, tasks: Iterable, overrun: Callable, budget: Budget) -> Iterator:
        for task in tasks:
            self.order.append(Path(task.path).name)
            self.page_jobs[Path(task.path).name] = task.page_jobs
        return iter(())


def test_the_largest_files_are_handed_to_the_executor_first(tmp_path: Path, make_workbook: Callable[..., Path]) -> None:
    inbox = tmp_path / "inbox"
    make_workbook(inbox / "a small list.xlsx", 0, rows=2)
    make_workbook(inbox / "b large list.xlsx", 1, rows=400)
    make_workbook(inbox / "c middle list.xlsx", 2, rows=60)
    sizes = {path.name: path.stat().st_size for path in inbox.iterdir()}
    assert sizes["b large list.xlsx"] > sizes["c middle list.xlsx"] > sizes["a small list.xlsx"]
    executor = _RecordingExecutor()
    ingest([inbox], tmp_path / "out", executor=executor)
    assert executor.order == ["b large list.xlsx", "c middle list.xlsx", "a small list.xlsx"]


def test_only_a_document_outweighing_a_core_s_share_of_the_run_has_its_pages_read_by_several_processes(
    tmp_path: Path, make_workbook: Callable[..., Path]
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copyfile(SAMPLES / "tokorozawa_ict_action_plan.pdf", inbox / "long report.pdf")
    make_workbook(inbox / "short list.xlsx", 0, rows=2)
    executor = _RecordingExecutor(jobs=2)
    ingest([inbox], tmp_path / "out", executor=executor)
    assert executor.page_jobs == {"long report.pdf": 2, "short list.xlsx": 1}
    for sample in ("yokohama_action_plan_review.pdf", "sasebo_dx_action_plan.pdf"):
        shutil.copyfile(SAMPLES / sample, inbox / sample)
    executor = _RecordingExecutor(jobs=2)
    ingest([inbox], tmp_path / "out", executor=executor)
    assert set(executor.page_jobs.values()) == {1}  # three reports of like length: one core each
