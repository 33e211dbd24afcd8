"""Scale measurements: a wide workbook through each reader and end to end, a table-size sweep,
a long budget book, and where a PDF page's time goes.

`python -m bench.scale` measures only these and merges them into bench/results.json and
results.md; `make bench` runs them with everything else. Each measurement runs in a child
process, so its peak RSS is its own; CPU seconds are given beside wall seconds because the
machine is often shared.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from bench import runner
from bench.synthetic import budget_book_pdf, wide_workbook

ROOT = Path(__file__).resolve().parents[1]
TMP = ROOT / "bench" / "tmp" / "scale"
WIDE = (400, 200)
SWEEP = ((25, 40), (50, 80), (100, 160), (200, 320))  # 1k, 4k, 16k, 64k cells
BOOK_PAGES = (10, 100, 600)
# Each book size is measured on a run of this many pages (60 distinct books of 10 pages, 6 of 100,
# one of 600): a run's start-up (interpreter, imports, caches) is paid once in each, as in any run,
# while every per-document cost (forking its worker, detection, validation, writing) is paid per book.
BOOK_RUN_PAGES = 600
# Issue 19's "documents of 50 pages or more": the budget books of at least this many pages.
LONG_PAGES = 50
# The tests of a per-document budget and of a worker killed by the operating system.
RESILIENCE_TESTS = ("tests/pipeline/test_budget.py",)
SPLIT_PAGES = 50  # pages of the budget book whose time is split between pdfminer and hyoka
# The PDFs the PDFium prototype is compared on with pdfplumber, cell for cell.
PDFIUM_SETS = {
    "samples": "samples/*.pdf",
    "producer b": "samples/producer-b/*.pdf",
    "other producer": "tests/data/other-producer/*.pdf",
    "real truth set": "tests/data/real/truth-set/*.pdf",
}


def _child(*args: str) -> dict[str, Any]:
    """Runs one `python -m bench.scale --child …` measurement; its JSON line, with the load average around it."""
    load_at_start = os.getloadavg()[0]
    done = subprocess.run(
        [runner.PYTHON, "-m", "bench.scale", "--child", *args], cwd=ROOT, capture_output=True, text=True, check=True
    )
    load = round(max(load_at_start, os.getloadavg()[0]), 2)
    return {**json.loads(done.stdout.strip().splitlines()[-1]), "load_average": load}


def _peak_rss_bytes() -> int:
    """This process's peak RSS. Linux's VmHWM, where there is one: ru_maxrss keeps the high-water
    mark of the parent the process was forked from, so it would count the bench's own memory."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux


def _timed(work: Callable[[], object]) -> dict[str, Any]:
    wall, cpu = time.perf_counter(), time.process_time()
    facts = work()
    return {
        "seconds": round(time.perf_counter() - wall, 3),
        "cpu_seconds": round(time.process_time() - cpu, 3),
        "peak_rss_bytes": _peak_rss_bytes(),
        **(facts if isinstance(facts, dict) else {}),
    }


# --- what a child process measures ------------------------------------------------------------


def _openpyxl_normal(path: Path) -> dict[str, Any]:
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    cells = [(c.value, c.number_format) for ws in workbook.worksheets for row in ws.iter_rows() for c in row]
    merges = sum(len(ws.merged_cells.ranges) for ws in workbook.worksheets)
    return {"cells": len(cells), "merges": merges, "keeps": "values, formulas, number formats, merges"}


def _openpyxl_read_only(path: Path) -> dict[str, Any]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True)
    cells = [(c.value, c.number_format) for ws in workbook.worksheets for row in ws.iter_rows() for c in row]
    return {"cells": len(cells), "keeps": "values, formulas, number formats; merges lost"}


def _calamine(path: Path) -> dict[str, Any]:
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(path))
    sheets = [workbook.get_sheet_by_index(i) for i in range(len(workbook.sheet_names))]
    cells = sum(len(row) for sheet in sheets for row in sheet.to_python())
    merges = sum(len(sheet.merged_cell_ranges or []) for sheet in sheets)
    return {"cells": cells, "merges": merges, "keeps": "cached values, merges; number formats and formulas lost"}


def _hyoka_reader(path: Path) -> dict[str, Any]:
    from hyoka.extractors import open_document

    document = open_document(path)
    return {"cells": sum(len(t.cells) for t in document.tables()), "keeps": "everything the model holds"}


READERS: dict[str, Callable[[Path], dict[str, Any]]] = {
    "openpyxl normal": _openpyxl_normal,
    "openpyxl read-only": _openpyxl_read_only,
    "python-calamine": _calamine,
    "hyoka reader": _hyoka_reader,
}


def _page_split(path: Path, pages: int) -> dict[str, Any]:
    """Seconds for `pages` pages: pdfplumber building its objects (chars, rects, lines, curves),
    pypdfium2 reading text and character boxes, and hyoka's whole read (objects and grid work)."""
    import pdfplumber
    import pypdfium2

    from hyoka.extractors.pdf import read_pdf

    def objects() -> None:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages[:pages]:
                _ = page.chars, page.rects, page.lines, page.curves
                page.close()

    def pdfium() -> None:
        document = pypdfium2.PdfDocument(str(path))
        for index in range(pages):
            text = document[index].get_textpage()
            for char in range(text.count_chars()):
                text.get_charbox(char)
        document.close()

    measured = {
        "pdfplumber objects": _timed(objects),
        "pypdfium2 text and boxes": _timed(pdfium),
        "hyoka read_pdf": _timed(lambda: read_pdf(path)),
    }
    return {
        "pages": pages,
        **{name: {"cpu_seconds": m["cpu_seconds"], "seconds": m["seconds"]} for name, m in measured.items()},
    }


def _read_and_map(path: Path) -> dict[str, Any]:
    """The format layer and the profile on one document, in this process (no start-up costs)."""
    from hyoka import profiles
    from hyoka.extractors import open_document
    from hyoka.profiles.generic import GENERIC

    def work() -> dict[str, Any]:
        document = open_document(path)
        (profiles.detect(document) or GENERIC).extract(document)
        return {"cells": sum(len(t.cells) for t in document.tables())}

    work()  # once to warm caches (number formats, vocabularies, the municipality table)
    return _timed(work)


def _pdfium_comparison() -> dict[str, Any]:
    """The PDFium prototype against pdfplumber, cell for cell, on each set of PDFs (bench/pdfium_page.py)."""
    from bench.pdfium_page import compare, summary

    by_set = {name: [compare(path) for path in sorted(ROOT.glob(pattern))] for name, pattern in PDFIUM_SETS.items()}
    return {
        "sets": {name: summary(results) for name, results in by_set.items()},
        "all": summary([r for results in by_set.values() for r in results]),
    }


def child_main(args: list[str]) -> None:
    kind, *rest = args
    if kind == "map":
        result = _read_and_map(Path(rest[0]))
    elif kind == "reader":
        name, path = rest
        result = _timed(lambda: READERS[name](Path(path)))
    elif kind == "split":
        path, pages = rest
        result = _page_split(Path(path), int(pages))
    elif kind == "pdfium":
        result = _pdfium_comparison()
    else:
        raise SystemExit(f"unknown measurement {kind}")
    print(json.dumps(result))


# --- the parent: files, hyoka runs, results ---------------------------------------------------


def _ingest(path: Path, label: str) -> dict[str, Any]:
    """One cold `hyoka ingest` of one file, one job: wall, CPU, peak RSS, the document's stages."""
    return _ingest_run([path], label)


def _ingest_run(paths: list[Path], label: str, jobs: int = 1) -> dict[str, Any]:
    """One cold `hyoka ingest` of `paths`: wall, CPU (its workers included: hyoka forks and reaps them),
    peak RSS, and the documents' stages summed (their `status` and `cells`: the first document's)."""
    options: dict[str, Any] = {"jobs": jobs} if "jobs" in runner.hyoka_options() else {}
    out = TMP / "out" / label
    measured = runner.run_hyoka(paths, out, TMP / "logs" / f"{label}.log", **options)
    documents = runner.run_report(out)["documents"]
    stages: dict[str, float] = {}
    for document in documents:
        for stage, seconds in document.get("seconds", {}).items():
            stages[stage] = round(stages.get(stage, 0.0) + seconds, 4)
    return {
        "seconds": round(measured.seconds, 3),
        "cpu_seconds": round(measured.cpu_seconds, 3),
        "peak_rss_bytes": measured.peak_rss_bytes,
        "load_average": measured.load_average,
        "document_seconds": round(sum(stages.values()), 3),
        "stages": stages,
        "status": documents[0].get("status"),
        "cells": documents[0].get("rows", {}).get("cells"),
    }


def _budget_books(progress: Callable[[str], None]) -> list[dict[str, Any]]:
    """Time per page of 10-, 100- and 600-page books, each on a run of BOOK_RUN_PAGES pages (one job); then
    the 600-page book alone with as many jobs as cores, its pages read in parallel (pipeline/pages.py)."""
    book = []
    for pages in BOOK_PAGES:
        progress(f"scale: budget books of {pages} pages, {BOOK_RUN_PAGES} pages in one run")
        path = budget_book_pdf(TMP / "files" / f"budget_book_{pages}.pdf", pages)
        copies = [path]
        for k in range(1, BOOK_RUN_PAGES // pages):
            copies.append(TMP / "files" / f"budget_book_{pages}_copies" / f"copy{k:03d}.pdf")
            runner.distinct_copy(path, copies[-1], k)
        run = _ingest_run(copies, f"book_{pages}")
        run_pages = pages * len(copies)
        book.append(
            {
                "pages": pages,
                "books": len(copies),
                "run_pages": run_pages,
                **run,
                "seconds_per_page": round(run["seconds"] / run_pages, 4),
                "cpu_seconds_per_page": round(run["cpu_seconds"] / run_pages, 4),
                "document_seconds_per_page": round(run["document_seconds"] / run_pages, 4),
            }
        )
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if cores > 1:
        progress(f"scale: the {BOOK_PAGES[-1]}-page book with {cores} jobs (its pages in parallel)")
        run = _ingest_run([TMP / "files" / f"budget_book_{BOOK_PAGES[-1]}.pdf"], "book_parallel", jobs=cores)
        book[-1]["parallel"] = {"jobs": cores, **run}
    return book


def _long_documents(book: list[dict[str, Any]], progress: Callable[[str], None]) -> list[dict[str, Any]]:
    """Each budget book of LONG_PAGES pages or more, alone: one cold `hyoka ingest --jobs 1` against raw
    pdfplumber `extract_tables()` in a fresh process, on the same pages (a book measured alone above is reused)."""
    long = []
    for size in (p for p in book if p["pages"] >= LONG_PAGES):
        path = TMP / "files" / f"budget_book_{size['pages']}.pdf"
        progress(f"scale: the {size['pages']}-page book alone, hyoka and raw pdfplumber")
        hyoka = size if size.get("books") == 1 else _ingest_run([path], f"book_{size['pages']}_alone")
        raw_json = TMP / "raw" / f"budget_book_{size['pages']}.json"
        raw_json.parent.mkdir(parents=True, exist_ok=True)
        raw = runner.run_raw_tool("pdfplumber", path, raw_json, TMP / "logs" / "pdfplumber.log")
        hyoka_figures = {k: hyoka[k] for k in ("seconds", "cpu_seconds", "peak_rss_bytes", "load_average")}
        long.append({"pages": size["pages"], "hyoka": hyoka_figures, "pdfplumber": runner.summary([raw])})
    return long


# The samples of 50 pages or more, each read cold in one job by hyoka with either PDF reader and by raw
# pdfplumber `extract_tables()` on the same pages, alternated this many times (the medians are kept).
LONG_SAMPLES = ("samples/yokohama_action_plan_review.pdf", "samples/tokorozawa_ict_action_plan.pdf")
READER_REPEAT = 3


def _readers_on_long_samples(progress: Callable[[str], None]) -> list[dict[str, Any]]:
    """Each long sample: one cold `hyoka ingest --jobs 1` with pdfplumber and with PDFium as its PDF reader,
    and raw pdfplumber `extract_tables()` in a fresh process, runs alternated (a load spike hits all three)."""
    measured = []
    for sample in LONG_SAMPLES:
        path = ROOT / sample
        progress(f"scale: {path.name} cold, hyoka with either PDF reader and raw pdfplumber")
        runs: dict[str, list[runner.Measured]] = {"pdfplumber": [], "pdfium": [], "raw pdfplumber": []}
        for _ in range(READER_REPEAT):
            for reader in ("pdfplumber", "pdfium"):
                out, log = TMP / "out" / f"reader_{reader}", TMP / "logs" / f"reader_{reader}.log"
                runs[reader].append(runner.run_hyoka([path], out, log, jobs=1, pdf_reader=reader))
            raw_json = TMP / "raw" / f"{path.stem}.json"
            raw_json.parent.mkdir(parents=True, exist_ok=True)
            runs["raw pdfplumber"].append(
                runner.run_raw_tool("pdfplumber", path, raw_json, TMP / "logs" / "pdfplumber.log")
            )
        measured.append({"document": path.name, **{name: runner.summary(r) for name, r in runs.items()}})
    return measured


def _resilience_tests() -> dict[str, Any]:
    """The per-document budget and killed-worker tests (RESILIENCE_TESTS), run by pytest: each test's outcome."""
    report = TMP / "resilience.xml"
    report.parent.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [runner.PYTHON, "-m", "pytest", *RESILIENCE_TESTS, "-q", "-p", "no:cacheprovider", f"--junitxml={report}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    outcomes = {}
    if report.exists():
        for case in ElementTree.parse(report).getroot().iter("testcase"):
            failed = case.find("failure") is not None or case.find("error") is not None
            skipped = case.find("skipped") is not None
            name = f"{case.get('classname', '').rsplit('.', 1)[-1]}::{case.get('name')}"
            outcomes[name] = "failed" if failed else "skipped" if skipped else "passed"
    return {"command": "pytest " + " ".join(RESILIENCE_TESTS), "exit_code": done.returncode, "tests": outcomes}


def _readers(path: Path) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for name in READERS:
        try:
            results[name] = _child("reader", name, str(path))
        except subprocess.CalledProcessError as error:  # e.g. python-calamine not installed
            results[name] = {"skipped": (error.stderr or "").strip().splitlines()[-1:]}
    return results


def measure(progress: Callable[[str], None]) -> dict[str, Any]:
    """Every scale measurement; the numbers bench/report.py renders."""
    rows, cols = WIDE
    wide = wide_workbook(TMP / "files" / f"wide_{rows}x{cols}.xlsx", rows, cols)
    progress(f"scale: the {rows} × {cols} workbook through each reader")
    results: dict[str, Any] = {"workbook": {"rows": rows, "cols": cols, "readers": _readers(wide)}}
    progress("scale: the workbook end to end")
    results["workbook"]["end_to_end"] = _ingest(wide, "wide")
    sweep = []
    for n_rows, n_cols in SWEEP:
        progress(f"scale: table of {n_rows} × {n_cols} cells")
        path = wide_workbook(TMP / "files" / f"sweep_{n_rows}x{n_cols}.xlsx", n_rows, n_cols)
        run = _ingest(path, f"sweep_{n_rows}x{n_cols}")
        mapped = _child("map", str(path))
        sweep.append(
            {
                **run,
                "document_ms_per_cell": round(1000 * run["document_seconds"] / run["cells"], 4),
                "read_and_map_cpu_seconds": mapped["cpu_seconds"],
                "read_and_map_cpu_ms_per_cell": round(1000 * mapped["cpu_seconds"] / mapped["cells"], 4),
            }
        )
    results["table_sweep"] = sweep
    results["budget_book"] = _budget_books(progress)
    results["long_documents"] = _long_documents(results["budget_book"], progress)
    results["pdf_readers"] = _readers_on_long_samples(progress)
    progress("scale: the budget and killed-worker tests")
    results["resilience_tests"] = _resilience_tests()
    progress(f"scale: where {SPLIT_PAGES} pages' time goes")
    split_source = budget_book_pdf(TMP / "files" / f"budget_book_{SPLIT_PAGES}.pdf", SPLIT_PAGES)
    results["page_split"] = {"document": "budget book", **_child("split", str(split_source), str(SPLIT_PAGES))}
    progress("scale: the PDFium prototype against pdfplumber, cell for cell")
    results["pdfium"] = _child("pdfium")
    return results


def main(argv: list[str]) -> None:
    if argv[:1] == ["--child"]:
        child_main(argv[1:])
        return
    from bench.__main__ import BENCH, progress, write_results

    results_path = BENCH / "results.json"
    results = json.loads(results_path.read_text(encoding="utf-8")) if results_path.exists() else {}
    runner.compile_hyoka()
    results["scale"] = measure(progress)
    write_results(results, BENCH)


if __name__ == "__main__":
    main(sys.argv[1:])
