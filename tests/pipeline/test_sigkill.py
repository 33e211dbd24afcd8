"""Killing `hyoka ingest` with SIGKILL at several moments leaves the previous output complete and
readable, and the next run finishes the job."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = 8


def _start(inbox: Path, out: Path, *extra: str) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-c",
        "from hyoka.pipeline.cli import app; app()",
        "ingest",
        str(inbox),
        "--out",
        str(out),
    ]
    # Its own process group, so the kill reaches the pool's workers too, as a power cut would.
    return subprocess.Popen(
        [*command, "--jobs", "2", "--quiet", *extra],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _committed(out: Path) -> int:
    return len(list((out / "documents").glob("*.parquet")))


def _kill_when(process: subprocess.Popen[bytes], ready: Callable[[], bool]) -> None:
    """SIGKILL the run once `ready()` holds (polled, not timed); the run must not finish first."""
    while not ready():
        assert process.poll() is None, "the run finished before the moment it was to be killed at"
        time.sleep(0.005)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def test_sigkill_at_several_moments_leaves_readable_output_and_the_next_run_completes(
    tmp_path: Path, make_workbook: Callable[..., Path], consistent: Callable[[Path], None]
) -> None:
    inbox = tmp_path / "inbox"
    for seed in range(DOCUMENTS):
        make_workbook(inbox / f"report {seed:02}.xlsx", seed)
    out = tmp_path / "out"

    # 1. before anything is committed: the lock is taken, workers are starting.
    _kill_when(first := _start(inbox, out), lambda: (out / ".hyoka.lock").exists())
    assert first.returncode == -signal.SIGKILL
    consistent(out) if (out / "documents").exists() else None
    # 2. part way through a fresh run.
    _kill_when(_start(inbox, out), lambda: _committed(out) >= 3)
    consistent(out)
    stamps = {p: p.stat().st_mtime_ns for p in (out / "documents").glob("*.parquet")}

    def rewritten() -> bool:
        return sum(p.exists() and p.stat().st_mtime_ns != stamp for p, stamp in stamps.items()) >= 2

    # 3. while documents already in the output are being re-written (--force): replaced, never lost.
    _kill_when(_start(inbox, out, "--force"), rewritten)
    consistent(out)

    finished = _start(inbox, out)
    assert finished.wait(timeout=240) == 1  # the generic profile leaves these `partial`
    consistent(out)
    documents = pd.read_parquet(out / "documents")
    assert len(documents) == DOCUMENTS
    assert not list(out.rglob("*.tmp"))
