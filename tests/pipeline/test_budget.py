"""Each document runs in its own worker under a time and a memory budget: one that hangs, grows,
crashes or is killed by the operating system fails alone with a sentence, and the run goes on."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from hyoka.pipeline.executors import InProcessExecutor, ProcessExecutor
from hyoka.pipeline.ingest import ingest
from hyoka.pipeline.sandbox import GIB, Budget
from tests.support import workers

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def misbehaving_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[pd.DataFrame, dict[str, object], float]:
    from tests.pipeline.conftest import write_workbook

    inbox = tmp_path_factory.mktemp("budget") / "inbox"
    names = ["sleeps", "starts-a-helper", "is-killed", "grows", "raises-memoryerror", "good", "also good"]
    for seed, name in enumerate(names):
        write_workbook(inbox / f"{name}.xlsx", seed)
    monkeypatch = pytest.MonkeyPatch()
    workers.install(monkeypatch)
    executor = ProcessExecutor(2)
    started = time.monotonic()
    try:
        report = ingest([inbox], inbox.parent / "out", executor=executor, budget=Budget(8.0, GIB // 2))
    finally:
        monkeypatch.undo()
        executor.close()
    elapsed = time.monotonic() - started
    documents = pd.read_parquet(inbox.parent / "out" / "documents")
    documents["name"] = documents["source_file"].map(lambda source: Path(source).stem)
    return documents.set_index("name"), report, elapsed


def test_a_document_over_the_time_budget_fails_naming_the_limit_and_the_stage(misbehaving_run) -> None:
    documents, report, elapsed = misbehaving_run
    error = documents.loc["sleeps", "error"]
    assert documents.loc["sleeps", "status"] == "failed"
    assert error.startswith("sleeps.xlsx was stopped after 8 s while reading its pages and tables")
    assert "time budget of 8 s" in error and "--time-budget" in error
    worker_seconds = next(sum(d["seconds"].values()) for d in report["documents"] if "sleeps" in d["source_file"])
    assert 8 <= worker_seconds < 10, "stopped within a poll or two of its budget"
    assert elapsed < 300, "the run did not wait for the sleeping document (it sleeps an hour)"


def test_a_stopped_document_leaves_no_process_it_started(misbehaving_run) -> None:
    documents, _, _ = misbehaving_run
    assert documents.loc["starts-a-helper", "status"] == "failed"
    source = Path(documents.loc["starts-a-helper", "source_file"])
    helper = int(source.with_suffix(".helper-pid").read_text(encoding="utf-8"))
    assert not _running(helper), "the helper the worker started (as OCR starts tesseract) outlived its document"


def _running(pid: int) -> bool:
    """Whether the process exists and is not a zombie waiting for its parent to read its exit."""
    try:
        state = Path(f"/proc/{pid}/stat").read_bytes().rsplit(b")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != b"Z"


def test_a_document_over_the_memory_budget_fails_with_the_memory_it_reached(misbehaving_run) -> None:
    documents, report, _ = misbehaving_run
    error = documents.loc["grows", "error"]
    assert documents.loc["grows", "status"] == "failed"
    assert error.startswith("grows.xlsx was stopped at ") and "memory budget of 0.5 GiB" in error
    peak = next(d["peak_rss_mib"] for d in report["documents"] if "grows" in d["source_file"])
    assert 512 < peak < 2048, "stopped soon after crossing the budget, not long after"


def test_a_worker_killed_by_the_os_fails_its_document_only(misbehaving_run) -> None:
    documents, _, _ = misbehaving_run
    error = documents.loc["is-killed", "error"]
    assert documents.loc["is-killed", "status"] == "failed"
    assert "killed by the operating system (signal 9 (SIGKILL)" in error
    assert "while recognising its report series" in error


def test_a_worker_that_raises_memoryerror_fails_with_a_sentence(misbehaving_run) -> None:
    documents, _, _ = misbehaving_run
    assert documents.loc["raises-memoryerror", "status"] == "failed"
    assert "MemoryError" in documents.loc["raises-memoryerror", "error"]


def test_every_other_document_is_read_and_each_file_has_one_row(misbehaving_run) -> None:
    documents, report, _ = misbehaving_run
    assert len(documents) == 7 and report["counts"]["documents"] == 7
    assert documents.loc["good", "status"] != "failed" and documents.loc["also good", "status"] != "failed"


def _session_processes(session: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == session and fields[0] != "Z":  # field 6 of stat is the session id
                pids.append(int(entry.name))
    return pids


def test_workers_die_with_a_killed_parent(tmp_path: Path, make_workbook: Callable[..., Path]) -> None:
    make_workbook(tmp_path / "inbox" / "sleeps.xlsx", 1)
    make_workbook(tmp_path / "inbox" / "sleeps too.xlsx", 2)
    hooked = "import pytest; from tests.support import workers; workers.install(pytest.MonkeyPatch()); "
    command = [sys.executable, "-c", hooked + "from hyoka.pipeline.cli import app; app()"]
    command += ["ingest", str(tmp_path / "inbox"), "--out", str(tmp_path / "out"), "-j", "2", "--quiet"]
    parent = subprocess.Popen(command, cwd=ROOT, start_new_session=True, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while len(_session_processes(parent.pid)) < 3:  # the parent and its two workers
            assert parent.poll() is None and time.monotonic() < deadline, "the workers never started"
            time.sleep(0.1)
        os.kill(parent.pid, signal.SIGKILL)  # the parent alone, as the OOM killer would
        parent.wait()
        deadline = time.monotonic() + 10
        while _session_processes(parent.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _session_processes(parent.pid) == [], "workers outlived their parent"
    finally:
        for pid in _session_processes(parent.pid):
            os.kill(pid, signal.SIGKILL)


def test_the_in_process_executor_for_profilers_keeps_the_time_budget(
    tmp_path: Path, make_workbook: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    workers.install(monkeypatch)
    make_workbook(tmp_path / "inbox" / "sleeps.xlsx", 1)
    report = ingest([tmp_path / "inbox"], tmp_path / "out", executor=InProcessExecutor(), budget=Budget(1.0, GIB))
    [document] = report["documents"]
    assert document["status"] == "failed"
    assert document["error"].startswith("sleeps.xlsx was stopped after 1 s while reading its pages and tables")
