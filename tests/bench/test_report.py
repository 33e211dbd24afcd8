"""Issue 19's done-when table, judged from measured figures: ratios to raw pdfplumber, load, test outcomes."""

from __future__ import annotations

from typing import Any

from bench.report import done_when, linear_fit, markdown_targets_issue_19

GIB = 2**30


def _figures(seconds: float, cpu: float, load: float, **extra: Any) -> dict[str, Any]:
    return {"seconds": seconds, "cpu_seconds": cpu, "peak_rss_bytes": GIB // 4, "load_average": load, **extra}


def _results() -> dict[str, Any]:
    book = [
        {"pages": pages, "books": 600 // pages, "run_pages": 600, "cpu_seconds_per_page": per_page, "load_average": 1.0}
        | _figures(30.0, 600 * per_page, 1.0)
        for pages, per_page in ((10, 0.040), (100, 0.036), (600, 0.050))
    ]
    sweep = [
        {"cells": cells, "document_ms_per_cell": 0.2, "read_and_map_cpu_ms_per_cell": ms} | _figures(5.0, 3.0, 1.0)
        for cells, ms in ((1000, 0.030), (64000, 0.040))
    ]
    return {
        "machine": {"cores": 2},
        "speed": {
            # 210 pages: hyoka 20 CPU s one process per document, 15 in one run; pdfplumber 10.
            "hyoka_pdf": {"pages": 210, **_figures(24.0, 20.0, 1.5)},
            "hyoka_one_run": {"pages": 210, **_figures(16.0, 15.0, 5.0)},
            "pdfplumber": {"pages": 210, **_figures(11.0, 10.0, 1.2)},
            "hyoka_all_cores": {"pages": 210, "jobs": 2, "pages_per_second": 21.0, **_figures(10.0, 19.0, 1.9)},
            "per_document": {
                "samples/long.pdf": {"pages": 71, **_figures(6.0, 5.0, 1.0)},
                "samples/short.pdf": {"pages": 6, **_figures(2.0, 2.0, 1.0)},
            },
            "raw_per_document": {
                "pdfplumber": {"samples/long.pdf": _figures(4.5, 4.5, 1.0), "samples/short.pdf": _figures(1, 1, 1)}
            },
        },
        "scale": {
            "workbook": {"rows": 400, "cols": 200, "end_to_end": {"status": "ok", **_figures(40.0, 12.0, 3.0)}},
            "budget_book": book,
            "long_documents": [{"pages": 600, "hyoka": _figures(30, 25.0, 1.0), "pdfplumber": _figures(22, 22.0, 1.0)}],
            "table_sweep": sweep,
            "resilience_tests": {
                "command": "pytest tests/pipeline/test_budget.py",
                "exit_code": 1,
                "tests": {"test_budget::test_a": "passed", "test_budget::test_b": "failed"},
            },
        },
    }


def test_each_target_is_judged_on_its_figures() -> None:
    rows = done_when(_results())
    status = [row["status"] for row in rows]
    # 10/20 = 0.5× and 10/15 = 0.67×; 4.5/5 = 0.9× and 22/25 = 0.88×; 11 s / 10 s = 1.1× with all cores;
    # 12 CPU s; 0.050 vs 0.040 s per page is +25%; the RSS; 0.040 vs 0.030 ms per cell is +33%, 0.2 flat; a test failed.
    assert status == ["not met", "met", "met", "not met", "met", "not met", "met", "not met", "met", "not met"]
    assert rows[0]["measured"].startswith("0.50×") and rows[1]["measured"].startswith("0.67×")
    assert rows[2]["measured"] == "long.pdf (71 p) 0.90×, budget book (600 p) 0.88×"
    assert [row["load_average"] for row in rows[:4]] == [1.5, 5.0, 1.0, 1.9]
    assert "test_budget::test_b failed" in rows[-1]["measured"]


def test_a_load_above_the_cores_is_marked() -> None:
    lines = markdown_targets_issue_19({**_results(), "targets_issue_19": done_when(_results())})
    one_run = next(line for line in lines if "one run over them" in line)
    per_document = next(line for line in lines if "one process per document" in line)
    assert "5.0 (above the 2 cores: inflated)" in one_run
    assert "inflated" not in per_document


def test_an_older_results_file_gives_not_measured_rows() -> None:
    results = _results()
    for key in ("hyoka_pdf", "pdfplumber"):
        del results["speed"][key]["cpu_seconds"]
    del results["scale"]["resilience_tests"]
    rows = done_when(results)
    assert rows[0]["status"].startswith("not measured") and rows[-1]["status"] == "not measured: not run"


def test_the_whole_document_line_states_the_fixed_cost_and_the_marginal_cost_of_a_line_fit() -> None:
    results = _results()
    # T(n) = 40 ms + 0.05 ms a cell, but the 16k-cell point 10 % over the line.
    times = {1000: 90.0, 4000: 240.0, 16000: 880.0, 64000: 3240.0}
    results["scale"]["table_sweep"] = [
        {"cells": n, "document_ms_per_cell": t / n, "read_and_map_cpu_ms_per_cell": 0.03} | _figures(5.0, 3.0, 1.0)
        for n, t in times.items()
    ]
    a, b = linear_fit(list(times), list(times.values()))
    marginal = [(t - a) / n / b - 1 for n, t in times.items()]
    whole = next(row for row in done_when(results) if "whole document" in row["target"])

    assert f"a = {a:.1f} ms fixed per document, b = {1000 * b:.1f} µs per cell" in whole["measured"]
    assert f"within {max(map(abs, marginal)):.0%} of b" in whole["measured"]
    # The target itself is unchanged: time per cell from 1k cells, 0.09 against 0.05 ms.
    assert whole["measured"].startswith("largest deviation from 1,000 cells 44%") and whole["status"] == "not met"


def test_a_line_fit_of_exact_points_gives_back_the_line() -> None:
    a, b = linear_fit([1000, 4000, 16000], [60.0, 180.0, 660.0])
    assert abs(a - 20.0) < 1e-9 and abs(b - 0.04) < 1e-12
