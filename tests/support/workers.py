"""Stand-ins for hyoka's document worker, for tests that need a document to hang, grow or be killed.

Tests put `task_with_hooks` in place of `hyoka.pipeline.ingest.run_task`; it is picklable by
name, so the worker process imports it from here. A file whose name contains one of the
words below misbehaves that way (once it has announced the stage it is in); every other
file is processed as usual.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import time
import warnings
from pathlib import Path

import hyoka.pipeline.ingest
from hyoka.pipeline.ingest import DocumentOutcome, Task, run_task
from hyoka.pipeline.sandbox import announce

MIB = 1024 * 1024


def task_with_hooks(task: Task) -> DocumentOutcome:
    name = Path(task.path).name
    if "sleeps" in name:
        announce("read")
        time.sleep(3600)
    if "starts-a-helper" in name:  # as OCR starts tesseract: a process of its own, then the worker hangs
        announce("read")
        helper = subprocess.Popen(["sleep", "3600"])
        Path(task.path).with_suffix(".helper-pid").write_text(str(helper.pid), encoding="utf-8")
        time.sleep(3600)
    if "is-killed" in name:
        announce("locate")
        os.kill(os.getpid(), signal.SIGKILL)
    if "grows" in name:
        announce("read")
        hoard = []
        while True:  # 64 MiB at a time, each page touched, until the budget stops it
            hoard.append(b"x" * (64 * MIB))
            time.sleep(0.02)
    if "raises-memoryerror" in name:
        announce("normalise")
        raise MemoryError
    if "warns" in name:  # as pdfminer and openpyxl do: a log record and a warning, inside the document's work
        real_process = hyoka.pipeline.ingest.process

        def warning_process(*args: object) -> DocumentOutcome:
            logging.getLogger("pdfminer.pdfpage").warning("The PDF %s contains a metadata field", "x")
            warnings.warn("Workbook contains no default style, apply openpyxl's default", UserWarning, stacklevel=1)
            return real_process(*args)  # type: ignore[arg-type]

        hyoka.pipeline.ingest.process = warning_process  # the worker process is this document's alone
    outcome = run_task(task)
    if "adds-undeclared-column" in name:
        outcome.tables["cells"] = outcome.tables["cells"].assign(surprise="not in the contract")
    if "counts-as-ok" in name:  # for tests of what a run of only `ok` documents does
        outcome.document.update(status="ok", error=None)
    return outcome


def install(monkeypatch: object) -> None:
    """Puts the hooks in place of the worker's entry point for one test."""
    monkeypatch.setattr(hyoka.pipeline.ingest, "run_task", task_with_hooks)  # type: ignore[attr-defined]
