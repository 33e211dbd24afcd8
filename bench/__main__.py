"""`python -m bench`: accuracy, cell recall, speed, memory and scaling of hyoka beside the raw tools.

Writes bench/results.json and bench/results.md and prints the latter. Scratch output goes
to bench/tmp/ (git-ignored). See bench/README.md for what every number means.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import report, runner
from bench.corpus import Report, load_truth, page_count, reports, truth_cells
from bench.raw_tools import TOOLS, unavailable
from bench.scale import measure as measure_scale
from bench.scoring import (
    AUDIT_RULES,
    FLAGGED,
    TABLES,
    cell_recall,
    cell_texts,
    compare_report,
    finding_id,
    flag_rows,
    plain,
    score_audit,
)

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
TMP = BENCH / "tmp"
UNSUPPORTED = {
    "2 jobs": "n/a: hyoka ingest has no --jobs",
    "dask": "n/a: hyoka ingest has no --executor dask, or dask.distributed is not installed",
}


def progress(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def machine() -> dict[str, Any]:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")), "")
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    mem_kib = next((int(line.split()[1]) for line in meminfo.splitlines() if line.startswith("MemTotal")), 0)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True)
    return {
        "cpu": model or platform.processor(),
        "cores": os.cpu_count(),
        "memory_gib": round(mem_kib / 2**20, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "commit": commit.stdout.strip() + (" + uncommitted changes" if dirty.stdout.strip() else ""),
    }


def cold_runs(documents: list[Path], repeat: int, options: set[str]) -> dict[str, Any]:
    """hyoka, one job, one fresh process per document, `repeat` times: wall, peak RSS, stage seconds, output."""
    one_job: dict[str, Any] = {"jobs": 1} if "jobs" in options else {}
    per_document = {}
    for document in documents:
        runs, stages = [], []
        for r in range(repeat):
            out = TMP / "cold" / f"run{r}" / document.stem / document.suffix.lstrip(".")
            runs.append(runner.run_hyoka([document], out, TMP / "logs" / "hyoka_cold.log", **one_job))
            stages.append(runner.run_report(out)["documents"][0]["seconds"])
        stage_names = sorted({name for s in stages for name in s})
        per_document[str(document.relative_to(ROOT))] = {
            **runner.summary(runs),
            "stages": {name: runner.median([s.get(name, 0.0) for s in stages]) for name in stage_names},
            "output": str(TMP.relative_to(ROOT) / "cold" / "run0" / document.stem / document.suffix.lstrip(".")),
        }
    return per_document


def raw_runs(pdfs: list[Path], repeat: int) -> dict[str, Any]:
    """Each raw tool on each PDF in a fresh process, `repeat` times; the last output is kept for scoring."""
    results: dict[str, Any] = {}
    for tool in TOOLS:
        reason = unavailable(tool)
        if reason:
            progress(f"skipping {tool}: {reason}")
            results[tool] = {"skipped": reason}
            continue
        per_document = {}
        for pdf in pdfs:
            progress(f"{tool} on {pdf.name}")
            out_json = TMP / "raw" / tool / f"{pdf.stem}.json"
            out_json.parent.mkdir(parents=True, exist_ok=True)
            runs = [runner.run_raw_tool(tool, pdf, out_json, TMP / "logs" / f"{tool}.log") for _ in range(repeat)]
            per_document[str(pdf.relative_to(ROOT))] = {
                **runner.summary(runs),
                "output": str(out_json.relative_to(ROOT)),
            }
        results[tool] = {"documents": per_document}
    return results


def speed_summary(per_document: dict[str, Any], pages: dict[str, int], only_pdf: bool) -> dict[str, Any]:
    chosen = {d: v for d, v in per_document.items() if not only_pdf or d.lower().endswith(".pdf")}
    seconds = sum(v["seconds"] for v in chosen.values())
    n_pages = sum(pages[d] for d in chosen)
    return {
        "documents": len(chosen),
        "pages": n_pages,
        "seconds": round(seconds, 3),
        "cpu_seconds": round(sum(v.get("cpu_seconds", 0.0) for v in chosen.values()), 3),
        "load_average": max((v.get("load_average", 0.0) for v in chosen.values()), default=0.0),
        "pages_per_second": round(n_pages / seconds, 3) if seconds else None,
        "seconds_per_document": round(seconds / len(chosen), 3) if chosen else None,
        "peak_rss_bytes": max((v["peak_rss_bytes"] for v in chosen.values()), default=0),
    }


def findings_of(tables: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """The audit's flagged grades and checks, cells as a profile test sees them (None for NaN)."""
    return [
        {k: plain(v) for k, v in row.items()}
        for row in tables["grades"] + tables["checks"]
        if row.get("status") in FLAGGED
    ]


def accuracy(corpus: list[Report], cold: dict[str, Any]) -> dict[str, Any]:
    results = {}
    for rep in corpus:
        if not rep.documents:
            results[rep.name] = {"skipped": "no sample document built yet"}
            continue
        truth = load_truth(rep.truth_dir)
        outputs = [runner.read_tables(ROOT / cold[str(d.relative_to(ROOT))]["output"]) for d in rep.documents]
        tables = {}
        for spec in TABLES:
            if spec.name == "flags":
                expected, found = flag_rows(truth["measures"]), [flag_rows(o["measures"]) for o in outputs]
            else:
                expected, found = truth[spec.name], [o[spec.name] for o in outputs]
            comparison = compare_report(expected, found, spec)
            tables[spec.name] = {
                **comparison.score.as_dict(),
                # A few of each, to steer by: the truth row's key and value, and the wrong row's.
                "missed_examples": [[spec.key(expected[i]), spec.value(expected[i])] for i in comparison.missed[:5]],
                "wrong_examples": [list(signature) for signature in comparison.wrong[:5]],
            }
        # The same finding from a workbook and its print is one finding.
        unique: dict[tuple[str, Any], dict[str, Any]] = {}
        for output in outputs:
            for f in findings_of(output):
                unique.setdefault((finding_id(f), f.get("status")), f)
        rules = AUDIT_RULES[rep.name]
        audit = score_audit(truth["inconsistencies"], list(unique.values()), rules.explains, rules.tolerated)
        results[rep.name] = {
            "documents": [str(d.relative_to(ROOT)) for d in rep.documents],
            "tables": tables,
            "audit": {
                "known": audit.inconsistencies,
                "found": audit.found,
                "missed": len(audit.missed),
                "false_alarms": len(audit.false_alarms),
                "missed_kinds": sorted({m["kind"] for m in audit.missed}),
                # Each missed inconsistency and false alarm, to steer by.
                "missed_examples": audit.missed[:5],
                "false_alarm_examples": audit.false_alarms[:5],
            },
        }
    return results


def tables_spanning_pages(tables: list[tuple[Any, set[int]]]) -> int:
    return sum(1 for _, pages in tables if len(pages) > 1)


def cells_and_page_crossing(corpus: list[Report], cold: dict[str, Any], raw: dict[str, Any]) -> dict[str, Any]:
    """Cell recall per report and tool, and how many output tables span several pages."""
    results = {}
    for rep in corpus:
        if not rep.pdfs:
            results[rep.name] = {"skipped": "no sample PDF built yet"}
            continue
        expected = truth_cells(rep.truth_dir)
        row: dict[str, Any] = {"truth_cells": len(expected), "tools": {}}
        for label, documents in (("hyoka", rep.pdfs), ("hyoka_all_formats", rep.documents)):
            found: set[str] = set()
            spanning = 0
            for document in documents:
                cells = runner.read_tables(ROOT / cold[str(document.relative_to(ROOT))]["output"])["cells"]
                found |= cell_texts(c["text"] for c in cells)
                pages_of: dict[Any, set[int]] = {}
                for c in cells:
                    if c.get("page") is not None:
                        pages_of.setdefault(c["table_id"], set()).add(int(c["page"]))
                spanning += tables_spanning_pages(list(pages_of.items()))
            hits, total = cell_recall(expected, found)
            row["tools"][label] = {"recall": round(hits / total, 4) if total else None, "hits": hits}
            row["tools"][label]["tables_spanning_pages"] = spanning
        for tool, outcome in raw.items():
            if "skipped" in outcome:
                continue
            found, spanning = set(), 0
            for pdf in rep.pdfs:
                data = json.loads((ROOT / outcome["documents"][str(pdf.relative_to(ROOT))]["output"]).read_text())
                found |= cell_texts(cell for table in data["tables"] for r in table["rows"] for cell in r)
                spanning += tables_spanning_pages([(i, set(t["pages"])) for i, t in enumerate(data["tables"])])
            hits, total = cell_recall(expected, found)
            row["tools"][tool] = {
                "recall": round(hits / total, 4) if total else None,
                "hits": hits,
                "tables_spanning_pages": spanning,
            }
        results[rep.name] = row
    return results


def scaling_and_rerun(
    documents: list[Path], pages: dict[str, int], options: set[str], ns: list[int], repeat: int
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Time per page for N distinct copies of the corpus; then the no-change re-run of N = 1."""
    copies_dir = TMP / "scaling" / "copies"
    shutil.rmtree(copies_dir, ignore_errors=True)
    copies = {k: [copies_dir / f"copy{k:02d}" / d.name for d in documents] for k in range(max(ns))}
    for k, targets in copies.items():
        for source, target in zip(documents, targets, strict=True):
            runner.distinct_copy(source, target, k)
    corpus_pages = sum(pages[str(d.relative_to(ROOT))] for d in documents)
    configs: dict[str, dict[str, Any] | None] = {
        "1 job": {"jobs": 1} if "jobs" in options else {},
        "2 jobs": {"jobs": 2} if "jobs" in options else None,
        "dask": {"executor": "dask"} if "dask" in options else None,
    }
    scaling: dict[str, Any] = {"corpus_pages": corpus_pages, "configs": {}}
    rerun: dict[str, Any] = {}
    for label, config in configs.items():
        if config is None:
            scaling["configs"][label] = {"skipped": UNSUPPORTED[label]}
            continue
        points = []
        for n in ns:
            progress(f"scaling: {label}, N = {n}")
            inputs = [p for k in range(n) for p in copies[k]]
            out = TMP / "scaling" / f"{label.replace(' ', '_')}_N{n}"
            try:
                measured = runner.run_hyoka(inputs, out, TMP / "logs" / "hyoka_scaling.log", **config)
            except RuntimeError as error:  # e.g. dask's local cluster did not start: say so, go on
                points = []
                scaling["configs"][label] = {"skipped": f"failed: {error}"}
                break
            points.append(
                {
                    "n": n,
                    "pages": n * corpus_pages,
                    "seconds": round(measured.seconds, 3),
                    "seconds_per_page": round(measured.seconds / (n * corpus_pages), 4),
                    "peak_rss_bytes": measured.peak_rss_bytes,
                }
            )
            if label == "1 job" and n == 1:
                # Nothing changed since the run above: this is what a user sees re-running `make ingest`.
                progress("no-change re-run")
                again = [
                    runner.run_hyoka(inputs, out, TMP / "logs" / "hyoka_rerun.log", fresh=False, **config)
                    for _ in range(repeat)
                ]
                rerun = {
                    "documents": len(inputs),
                    "seconds": round(runner.median([m.seconds for m in again]), 3),
                    "peak_rss_bytes": max(m.peak_rss_bytes for m in again),
                }
        if not points:
            continue
        base = points[0]["seconds_per_page"]
        scaling["configs"][label] = {
            "points": points,
            "max_deviation_from_n1": round(max(abs(p["seconds_per_page"] / base - 1) for p in points), 4),
        }
    return scaling, rerun


def all_cores(
    pdfs: list[Path], pages: dict[str, int], options: set[str], repeat: int, jobs: int | None = None
) -> dict[str, Any]:
    """One cold hyoka run over every PDF with `jobs` jobs (default: one per core)."""
    if "jobs" not in options:
        return {"skipped": "n/a: no --jobs yet"}
    cores = jobs or os.cpu_count() or 1
    runs = [
        runner.run_hyoka(pdfs, TMP / f"jobs_{cores}", TMP / "logs" / f"hyoka_jobs_{cores}.log", jobs=cores)
        for _ in range(repeat)
    ]
    measured = runner.summary(runs)
    n_pages = sum(pages[str(p.relative_to(ROOT))] for p in pdfs)
    return {"jobs": cores, "pages": n_pages, **measured, "pages_per_second": round(n_pages / measured["seconds"], 3)}


def profile_dominant(cold: dict[str, Any]) -> dict[str, Any]:
    """pyinstrument on the document where hyoka spends longest, if pyinstrument is installed."""
    totals: dict[str, float] = {}
    for document in cold.values():
        for stage, seconds in document["stages"].items():
            totals[stage] = totals.get(stage, 0.0) + seconds
    dominant = max(totals, key=lambda s: totals[s])
    slowest = max(cold, key=lambda d: cold[d]["stages"].get(dominant, 0.0))
    result: dict[str, Any] = {
        "stage_seconds": {s: round(v, 3) for s, v in sorted(totals.items(), key=lambda kv: -kv[1])},
        "dominant_stage": dominant,
        "dominant_share": round(totals[dominant] / sum(totals.values()), 3),
        "profiled_document": slowest,
    }
    if importlib.util.find_spec("pyinstrument") is None:
        result["profile"] = "not run: pyinstrument is not installed (pip install '.[bench]')"
        return result
    out_dir = TMP / "profile"
    shutil.rmtree(out_dir, ignore_errors=True)
    done = subprocess.run(
        [runner.PYTHON, "-m", "bench.profile", str(ROOT / slowest), str(out_dir)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    result["profile"] = json.loads(done.stdout.strip().splitlines()[-1])
    result["profile"]["call_tree"] = str((out_dir / "profile.txt").relative_to(ROOT))
    return result


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing; medians are reported (default 3)")
    parser.add_argument("--quick", action="store_true", help="one run per timing and scaling to N = 4 only")
    parser.add_argument("--scale", help="copies of the corpus for scaling, e.g. 1,4,16 (default; --quick: 1,4)")
    parser.add_argument("--out", type=Path, default=BENCH, help="where results.json and results.md go")
    parser.add_argument(
        "--render",
        action="store_true",
        help="measure nothing: judge the targets and write results.md from results.json",
    )
    return parser.parse_args(argv)


def write_results(results: dict[str, Any], out: Path) -> None:
    results["targets"] = report.targets(results)
    results["targets_issue_19"] = report.done_when(results)
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    markdown = report.markdown(results)
    (out / "results.md").write_text(markdown, encoding="utf-8")
    print(markdown)


def main(argv: list[str]) -> None:
    args = parse_args(argv)
    if args.render:
        write_results(json.loads((args.out / "results.json").read_text(encoding="utf-8")), args.out)
        return
    repeat = 1 if args.quick else args.repeat
    ns = [int(n) for n in args.scale.split(",")] if args.scale else [1, 4] if args.quick else [1, 4, 16]
    started = datetime.now(UTC)
    load_at_start = os.getloadavg()[0]
    os.chdir(ROOT)  # child processes import `bench` and the project from the checkout
    runner.compile_hyoka()
    corpus = reports(ROOT)
    documents = sorted({d for rep in corpus for d in rep.documents})
    pdfs = [d for d in documents if d.suffix.lower() == ".pdf"]
    pages = {str(d.relative_to(ROOT)): page_count(d) for d in documents}
    options = runner.hyoka_options()
    progress(f"{len(documents)} documents, {sum(pages.values())} pages/sheets; hyoka options: {sorted(options)}")

    progress("hyoka, cold, one process per document")
    cold = cold_runs(documents, repeat, options)
    raw = raw_runs(pdfs, repeat)
    progress("scoring")
    scored = accuracy(corpus, cold)
    cells = cells_and_page_crossing(corpus, cold, raw)
    speed = {
        "hyoka_pdf": speed_summary(cold, pages, only_pdf=True),
        "hyoka_all_formats": speed_summary(cold, pages, only_pdf=False),
        "per_document": {d: {**v, "pages": pages[d]} for d, v in cold.items()},
        **{tool: speed_summary(o["documents"], pages, only_pdf=True) for tool, o in raw.items() if "documents" in o},
        "raw_per_document": {tool: o["documents"] for tool, o in raw.items() if "documents" in o},
        "skipped_tools": {tool: o["skipped"] for tool, o in raw.items() if "skipped" in o},
    }
    progress("hyoka, all cores")
    speed["hyoka_all_cores"] = all_cores(pdfs, pages, options, repeat)
    progress("hyoka, one run over every PDF, 1 job")
    speed["hyoka_one_run"] = all_cores(pdfs, pages, options, repeat, jobs=1)
    stages = profile_dominant(cold)
    scaling, rerun = scaling_and_rerun(documents, pages, options, ns, repeat)
    scale = measure_scale(progress)
    results: dict[str, Any] = {
        "date": started.isoformat(timespec="seconds"),
        "seconds": round((datetime.now(UTC) - started).total_seconds(), 1),
        "command": "python -m bench " + " ".join(argv),
        "repeat": repeat,
        "machine": machine(),
        # Other work on the machine inflates every timing; the 1-minute load average says how much there was.
        "load_average": {"start": round(load_at_start, 2), "end": round(os.getloadavg()[0], 2)},
        "hyoka_options": sorted(options),
        "corpus": {rep.name: [str(d.relative_to(ROOT)) for d in rep.documents] for rep in corpus},
        "pages": pages,
        "accuracy": scored,
        "cells": cells,
        "speed": speed,
        "stages": stages,
        "rerun": rerun,
        "scaling": scaling,
        "scale": scale,
    }
    write_results(results, args.out)


if __name__ == "__main__":
    main(sys.argv[1:])
