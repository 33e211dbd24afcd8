"""Running hyoka and the raw tools as child processes, with wall time and peak memory."""

from __future__ import annotations

import compileall
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

PYTHON = sys.executable
HYOKA = str(Path(sys.executable).parent / "hyoka")
CONTRACT_TABLES = ("cells", "measures", "indicator_values", "budgets", "grades", "checks")


@dataclass(frozen=True)
class Measured:
    seconds: float
    peak_rss_bytes: int
    returncode: int
    # User + system CPU time of the child: on a machine shared with other work, wall time
    # grows with the load, CPU time much less.
    cpu_seconds: float = 0.0
    # The machine's 1-minute load average, the larger of its values at start and end: above the core
    # count, other processes competed for the cores and wall time (and CPU time, less) is inflated.
    load_average: float = 0.0


def run_measured(command: list[str], log: Path) -> Measured:
    """Runs `command` to completion; wall seconds and the child's peak RSS (from wait4's rusage)."""
    log.parent.mkdir(parents=True, exist_ok=True)
    load_at_start = os.getloadavg()[0]
    with log.open("ab") as sink:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=sink, stderr=sink)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    # Linux reports ru_maxrss in KiB.
    cpu_seconds = usage.ru_utime + usage.ru_stime
    load = max(load_at_start, os.getloadavg()[0])
    return Measured(seconds, usage.ru_maxrss * 1024, child.returncode, cpu_seconds, round(load, 2))


def compile_hyoka() -> None:
    """Writes the bytecode of hyoka's own modules, as installing a package does and as any run does unless
    PYTHONDONTWRITEBYTECODE is set (it is on the shared machine): without it every cold hyoka process compiles
    its ~90 modules again, about 0.25 s CPU that no installed hyoka pays, while the raw tools' modules come
    compiled from their wheels."""
    packages = ["hyoka", *(f"hyoka.{name}" for name in ("audit", "extractors", "normalizers", "pipeline"))]
    packages += [f"hyoka.{name}" for name in ("profiles", "schemas", "specs")]
    for package in packages:
        spec = importlib.util.find_spec(package)
        if spec is not None and spec.origin is not None:
            compileall.compile_dir(Path(spec.origin).parent, quiet=1)


def median(values: list[float]) -> float:
    return statistics.median(values)


def summary(runs: list[Measured]) -> dict[str, float | int]:
    """Repeated runs of one measurement: median wall and CPU seconds, the largest peak RSS and load average."""
    return {
        "seconds": round(median([m.seconds for m in runs]), 3),
        "cpu_seconds": round(median([m.cpu_seconds for m in runs]), 3),
        "peak_rss_bytes": max(m.peak_rss_bytes for m in runs),
        "load_average": max(m.load_average for m in runs),
    }


def hyoka_options() -> set[str]:
    """Which of hyoka's optional ingest features this checkout can run: 'jobs', 'dask' (with dask installed)."""
    shown = subprocess.run(
        [HYOKA, "ingest", "--help"], capture_output=True, text=True, env={**os.environ, "COLUMNS": "200"}
    ).stdout
    options = set()
    if "--jobs" in shown:
        options.add("jobs")
    if "--executor" in shown and "dask" in shown and importlib.util.find_spec("distributed") is not None:
        options.add("dask")
    return options


def hyoka_command(
    paths: list[Path], out: Path, jobs: int | None = None, executor: str | None = None, pdf_reader: str | None = None
) -> list[str]:
    command = [HYOKA, "ingest", *map(str, paths), "--out", str(out), "--quiet"]
    if jobs is not None:
        command += ["--jobs", str(jobs)]
    if executor is not None:
        command += ["--executor", executor]
    if pdf_reader is not None:
        command += ["--pdf-reader", pdf_reader]
    return command


def run_hyoka(
    paths: list[Path],
    out: Path,
    log: Path,
    fresh: bool = True,
    jobs: int | None = None,
    executor: str | None = None,
    pdf_reader: str | None = None,
) -> Measured:
    """One hyoka run; exit 1 (some documents partial or failed) is a finished run, anything else is not."""
    if fresh and out.exists():
        shutil.rmtree(out)
    measured = run_measured(hyoka_command(paths, out, jobs, executor, pdf_reader), log)
    if measured.returncode not in (0, 1):
        raise RuntimeError(f"hyoka exited {measured.returncode}; see {log}")
    return measured


def run_report(out: Path) -> dict[str, object]:
    return json.loads((out / "run_report.json").read_text(encoding="utf-8"))


def read_tables(out: Path) -> dict[str, list[dict[str, object]]]:
    """hyoka's contract tables in `out` as rows (a table hyoka did not write is empty)."""
    tables = {}
    for table in CONTRACT_TABLES:
        folder = out / table
        has_files = folder.is_dir() and any(folder.glob("*.parquet"))
        tables[table] = pd.read_parquet(folder).to_dict("records") if has_files else []
    return tables


def run_raw_tool(tool: str, pdf: Path, out_json: Path, log: Path) -> Measured:
    measured = run_measured([PYTHON, "-m", "bench.raw_tools", tool, str(pdf), str(out_json)], log)
    if measured.returncode != 0:
        raise RuntimeError(f"{tool} failed on {pdf} (exit {measured.returncode}); see {log}")
    return measured


def distinct_copy(source: Path, target: Path, copy_no: int) -> None:
    """A copy of `source` whose bytes (so hash and document_id) differ, and whose content does not.

    PDF: a comment line after %%EOF, which readers ignore. Workbook: the zip archive's
    comment, which office suites ignore (rewriting the workbook would drop cached values).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    marker = f"hyoka bench copy {copy_no}".encode()
    if source.suffix.lower() == ".pdf":
        with target.open("ab") as f:
            f.write(b"\n%" + marker + b"\n")
    else:
        with zipfile.ZipFile(target, "a") as archive:
            archive.comment = marker
