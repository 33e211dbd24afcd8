"""The issue's targets judged on the measured numbers, and results.md."""

from __future__ import annotations

from typing import Any

GIB = 2**30
RAW_LABELS = {
    "pdfplumber": "pdfplumber extract_tables()",
    "camelot_lattice": "camelot lattice",
    "camelot_stream": "camelot stream",
    "tabula": "tabula-py",
}


def _target(name: str, measured: str, met: bool | None, reason: str = "") -> dict[str, Any]:
    status = "not measured: " + reason if met is None else ("met" if met else "not met")
    return {"target": name, "measured": measured, "status": status}


def targets(r: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    f1s = [
        (rep, table, s["f1"]) for rep, a in r["accuracy"].items() if "tables" in a for table, s in a["tables"].items()
    ]
    unbuilt = [rep for rep, a in r["accuracy"].items() if "skipped" in a]
    below = [f"{rep}/{table}" for rep, table, f1 in f1s if f1 < 1.0]
    out.append(
        _target(
            "hyoka F1 = 1.0 on every sample table",
            f"{len(f1s) - len(below)} of {len(f1s)} tables at 1.0"
            + (f"; not built: {', '.join(unbuilt)}" if unbuilt else ""),
            not below and not unbuilt,
        )
    )

    losses = []
    compared = 0
    for rep, c in r["cells"].items():
        if "tools" not in c:
            continue
        ours = c["tools"]["hyoka"]["recall"] or 0.0
        for tool in RAW_LABELS:
            if tool in c["tools"]:
                compared += 1
                if ours <= (c["tools"][tool]["recall"] or 0.0):
                    losses.append(f"{rep} vs {tool}")
    out.append(
        _target(
            "hyoka cell recall above every raw tool on every report",
            f"above in {compared - len(losses)} of {compared} comparisons"
            + (f"; not above: {', '.join(losses)}" if losses else ""),
            not losses and compared > 0,
        )
    )

    speed = r["speed"]
    ours, plumber = speed["hyoka_pdf"]["pages_per_second"], speed.get("pdfplumber", {}).get("pages_per_second")
    if plumber:
        out.append(
            _target(
                "hyoka cold, 1 job: ≥ ½ of pdfplumber's pages/s",
                f"{ours:.2f} vs {plumber:.2f} pages/s ({ours / plumber:.3f}×)",
                ours >= 0.5 * plumber,
            )
        )
    cores = speed["hyoka_all_cores"]
    if "skipped" in cores or not plumber:
        out.append(_target("hyoka cold, all cores: ≥ pdfplumber's pages/s", "n/a", None, cores.get("skipped", "")))
    else:
        out.append(
            _target(
                "hyoka cold, all cores: ≥ pdfplumber's pages/s",
                f"{cores['pages_per_second']:.2f} vs {plumber:.2f} pages/s",
                cores["pages_per_second"] >= plumber,
            )
        )

    rerun = r["rerun"]
    out.append(
        _target(
            "no-change re-run of the corpus < 2 s",
            f"{rerun['seconds']:.2f} s for {rerun['documents']} documents",
            rerun["seconds"] < 2.0,
        )
    )

    for label, config in r["scaling"]["configs"].items():
        if "skipped" in config:
            out.append(_target(f"time per page flat (±20%) N = 1..16, {label}", "n/a", None, config["skipped"]))
            continue
        points = config["points"]
        top = points[-1]["n"]
        out.append(
            _target(
                f"time per page flat (±20%) N = 1..16, {label}",
                f"max deviation from N = 1: {config['max_deviation_from_n1']:.0%} (measured to N = {top})",
                config["max_deviation_from_n1"] <= 0.2 if top >= 16 else None,
                "" if top >= 16 else f"this run stops at N = {top}",
            )
        )

    peaks = [d["peak_rss_bytes"] for d in speed["per_document"].values()]
    peaks += [p["peak_rss_bytes"] for c in r["scaling"]["configs"].values() for p in c.get("points", [])]
    peak = max(peaks)
    out.append(_target("peak RSS < 1 GiB", f"{peak / GIB:.2f} GiB (largest hyoka process)", peak < GIB))
    return out


def _spread(values: list[float]) -> float:
    """The largest deviation of any value from the first, as a share of the first."""
    return max(abs(v / values[0] - 1) for v in values)


CPU = "CPU s (user + system, hyoka's workers included)"
WALL = "wall s"


def _done(
    name: str, measured: str, basis: str, load: float | None, met: bool | None, reason: str = ""
) -> dict[str, Any]:
    return {**_target(name, measured, met, reason), "basis": basis, "load_average": load}


def _not_measured(name: str, reason: str) -> dict[str, Any]:
    return _done(name, "", "", None, None, reason)


def _max_load(*figures: dict[str, Any]) -> float | None:
    """The largest load average the measurements saw (None when results.json predates load averages)."""
    loads = [f["load_average"] for f in figures if f.get("load_average") is not None]
    return max(loads, default=None)


def _ratio(hyoka: float, raw: float) -> float:
    """hyoka's speed as a share of the raw tool's on the same pages: the raw tool's time over hyoka's."""
    return raw / hyoka if hyoka else 0.0


def done_when(r: dict[str, Any]) -> list[dict[str, Any]]:
    """Issue 19's "done when", each judged on what the bench measured (bench/README.md says how)."""
    speed, sc = r.get("speed", {}), r.get("scale", {})
    out = []
    plumber = speed.get("pdfplumber", {})
    for key, label in (
        ("hyoka_pdf", "one process per document (start-up paid per document)"),
        ("hyoka_one_run", "one run over them (start-up paid once)"),
    ):
        name = f"cold, 1 job, {label}: ≥ 0.6× raw pdfplumber extract_tables() on the sample PDFs"
        hyoka = speed.get(key, {})
        if not hyoka.get("cpu_seconds") or not plumber.get("cpu_seconds"):
            out.append(_not_measured(name, "no CPU seconds in results.json (an older bench)"))
            continue
        by_cpu = _ratio(hyoka["cpu_seconds"], plumber["cpu_seconds"])
        out.append(
            _done(
                name,
                f"{by_cpu:.2f}× ({hyoka['cpu_seconds']:.1f} vs {plumber['cpu_seconds']:.1f} CPU s, {hyoka['pages']} "
                f"pages; by wall {_ratio(hyoka['seconds'], plumber['seconds']):.2f}×)",
                CPU,
                _max_load(hyoka, plumber),
                by_cpu >= 0.6,
            )
        )
    out.append(_long_documents_target(speed, sc))
    cores = speed.get("hyoka_all_cores", {})
    name = "all cores: ≥ 1.5× raw pdfplumber (one process per PDF, one core) on the sample PDFs"
    if "pages_per_second" in cores and plumber.get("seconds"):
        by_wall = _ratio(cores["seconds"], plumber["seconds"])
        out.append(
            _done(
                name,
                f"{by_wall:.2f}× ({cores['seconds']:.1f} s with {cores['jobs']} jobs vs {plumber['seconds']:.1f} s)",
                WALL + " (parallelism shows only in wall time)",
                _max_load(cores, plumber),
                by_wall >= 1.5,
            )
        )
    else:
        out.append(_not_measured(name, cores.get("skipped", "not in results.json")))
    if not sc:
        return [*out, _not_measured("scale targets (bench/scale.py)", "results.json has no scale measurements")]
    return out + _scale_done_when(sc)


def _long_documents_target(speed: dict[str, Any], sc: dict[str, Any]) -> dict[str, Any]:
    """≥ 0.8× raw pdfplumber, cold, 1 job, on every document of 50 pages or more: the samples that long and
    the budget books of 100 and 600 pages, each against raw pdfplumber on the same document."""
    name = "cold, 1 job: ≥ 0.8× raw pdfplumber on each document of 50 pages or more"
    pairs: list[tuple[str, dict[str, Any], dict[str, Any]]] = []
    raw = speed.get("raw_per_document", {}).get("pdfplumber", {})
    for document, figures in speed.get("per_document", {}).items():
        if figures.get("pages", 0) >= 50 and document in raw and figures.get("cpu_seconds"):
            pairs.append((f"{document.rsplit('/', 1)[-1]} ({figures['pages']} p)", figures, raw[document]))
    for book in sc.get("long_documents", []):
        pairs.append((f"budget book ({book['pages']} p)", book["hyoka"], book["pdfplumber"]))
    if not pairs:
        return _not_measured(name, "no document of 50 pages or more was measured against pdfplumber")
    ratios = [(label, _ratio(h["cpu_seconds"], p["cpu_seconds"])) for label, h, p in pairs]
    return _done(
        name,
        ", ".join(f"{label} {ratio:.2f}×" for label, ratio in ratios),
        CPU,
        _max_load(*(f for _, h, p in pairs for f in (h, p))),
        all(ratio >= 0.8 for _, ratio in ratios),
    )


def _spread(values: list[float]) -> float:
    """The largest deviation of any value from the first, as a share of the first."""
    return max(abs(v / values[0] - 1) for v in values)


def linear_fit(sizes: list[int], times: list[float]) -> tuple[float, float]:
    """The least-squares line T(n) = a + b·n through (size, time) points: (a, b)."""
    mean_n, mean_t = sum(sizes) / len(sizes), sum(times) / len(times)
    spread = sum((n - mean_n) ** 2 for n in sizes)
    b = sum((n - mean_n) * (t - mean_t) for n, t in zip(sizes, times, strict=True)) / spread
    return mean_t - b * mean_n, b


def _fixed_and_marginal(cells: list[int], document_ms: list[float]) -> str:
    """A document's time split by a line over the sweep: its fixed cost `a`, and how far each size's time per
    cell beyond `a` strays from the line's `b` (a time linear in the cells strays little whatever `a` is)."""
    if len(cells) < 2:
        return ""
    a, b = linear_fit(cells, document_ms)
    marginal = [(t - a) / n for n, t in zip(cells, document_ms, strict=True)]
    strays = max(abs(m / b - 1) for m in marginal) if b > 0 else float("inf")
    return (
        f"; least squares T(n) = a + b·n over the sweep: a = {a:.1f} ms fixed per document, "
        f"b = {1000 * b:.1f} µs per cell, (T(n) − a)/n within {strays:.0%} of b"
    )


def _scale_done_when(sc: dict[str, Any]) -> list[dict[str, Any]]:
    """Issue 19's targets on the scale measurements (bench/scale.py)."""
    wide = sc["workbook"]
    e2e = wide["end_to_end"]
    out = [
        _done(
            f"{wide['rows']} × {wide['cols']} workbook with merges, end to end (cold `hyoka ingest`) ≤ 30 s",
            f"{e2e['cpu_seconds']:.1f} CPU s ({e2e['seconds']:.1f} s wall; status {e2e['status']})",
            CPU,
            _max_load(e2e),
            e2e["cpu_seconds"] <= 30,
        )
    ]
    book = sc["budget_book"]
    per_page = [p.get("cpu_seconds_per_page", 0.0) for p in book]
    if not all(per_page):  # results.json of an earlier bench: one run per book, no CPU per page
        out.append(_not_measured("budget book time per page flat (±20%)", "no CPU per page in results.json"))
    else:
        out.append(
            _done(
                f"budget book time per page flat (±20%) from {book[0]['pages']} to {book[-1]['pages']} pages",
                f"largest deviation from {book[0]['pages']}-page books {_spread(per_page):.0%} ("
                + ", ".join(f"{p['pages']} p: {1000 * p['cpu_seconds_per_page']:.1f} ms" for p in book)
                + f" per page, each on a {book[0]['run_pages']}-page run)",
                CPU,
                _max_load(*book),
                _spread(per_page) <= 0.2,
            )
        )
    peak = max(p["peak_rss_bytes"] for p in book)
    out.append(
        _done(
            "budget book peak RSS < 1 GiB",
            f"{peak / GIB:.2f} GiB (wait4's ru_maxrss: an upper bound, see bench/README.md)",
            "peak RSS",
            None,
            peak < GIB,
        )
    )
    sweep = sc["table_sweep"]
    cells = [p["cells"] for p in sweep]
    for label, key, basis, why in (
        (
            "reading and mapping in one process",
            "read_and_map_cpu_ms_per_cell",
            "CPU s in process",
            "",
        ),
        (
            "the whole document's stages",
            "document_ms_per_cell",
            "staged wall s (start-up left out)",
            _fixed_and_marginal(cells, [p["document_ms_per_cell"] * p["cells"] for p in sweep]),
        ),
    ):
        per_cell = [p[key] for p in sweep]
        out.append(
            _done(
                f"time per cell flat (±30%) from {cells[0]:,} to {cells[-1]:,} cells, {label}",
                f"largest deviation from {cells[0]:,} cells {_spread(per_cell):.0%}{why}",
                basis,
                _max_load(*sweep),
                _spread(per_cell) <= 0.3,
            )
        )
    tests = sc.get("resilience_tests")
    name = "the per-document budget and killed-worker tests pass"
    if not tests or not tests["tests"]:
        out.append(_not_measured(name, "not run" if not tests else f"pytest exited {tests['exit_code']}"))
    else:
        passed = [t for t, outcome in tests["tests"].items() if outcome == "passed"]
        others = [f"{t} {outcome}" for t, outcome in tests["tests"].items() if outcome != "passed"]
        out.append(
            _done(
                name,
                f"{len(passed)} of {len(tests['tests'])} passed (`{tests['command']}`): "
                + "; ".join(tests["tests"])
                + (f". Not passed: {'; '.join(others)}" if others else ""),
                "pytest",
                None,
                not others and tests["exit_code"] == 0,
            )
        )
    return out


def _fmt(value: Any, digits: int = 3) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_fmt(v) for v in row) + " |" for row in rows]
    return [*lines, ""]


def markdown(r: dict[str, Any]) -> str:
    m = r["machine"]
    lines = [
        "# hyoka benchmark",
        "",
        f"Measured {r['date']} in {r['seconds']} s by `{r['command']}` "
        + ("(one run per timing)." if r["repeat"] == 1 else f"(medians of {r['repeat']} runs)."),
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, Python {m['python']}, {m['platform']}; "
        f"checkout {m['commit']}.",
        f"Load average (1 min) at start {r['load_average']['start']}, at end {r['load_average']['end']} "
        f"on {m['cores']} cores: timings are inflated when it exceeds the core count.",
        "Matching rules and what each number means: `bench/README.md`.",
        "",
    ]
    lines += markdown_targets_issue_19(r)
    lines += ["## Targets (issue 12)", ""]
    lines += _table(["target", "measured", "status"], [[t["target"], t["measured"], t["status"]] for t in r["targets"]])

    lines += ["## Accuracy of hyoka against samples/truth", ""]
    rows = []
    for rep, a in r["accuracy"].items():
        if "skipped" in a:
            rows.append([rep, "—", a["skipped"], "", "", "", "", "", ""])
            continue
        for table, s in a["tables"].items():
            counts = [s["tp"] + s["fn"], s["tp"], s["fp"], s["fn"]]
            rows.append([rep, table, *counts, s["precision"], s["recall"], s["f1"]])
    lines += _table(["report", "table", "truth rows", "TP", "FP", "FN", "precision", "recall", "F1"], rows)

    lines += ["## Audit findings against the known inconsistencies", ""]
    rows = [
        [rep, a["audit"]["known"], a["audit"]["found"], a["audit"]["missed"], a["audit"]["false_alarms"]]
        for rep, a in r["accuracy"].items()
        if "audit" in a
    ]
    lines += _table(["report", "known", "found", "missed", "false alarms"], rows)

    tools = ["hyoka", "hyoka_all_formats", *RAW_LABELS]
    lines += [
        "## Cell recall and tables crossing a page",
        "",
        "Share of the truth's printed cells found as one whole cell of the tool's output, on the report's PDFs "
        "(`hyoka_all_formats` adds its workbooks). In brackets: output tables spanning more than one page "
        "(raw tools work page by page, so theirs is 0 by construction; tabula does not report pages).",
        "",
    ]
    rows = []
    for rep, c in r["cells"].items():
        if "skipped" in c:
            rows.append([rep, c["skipped"], *[""] * len(tools)])
            continue
        row: list[Any] = [rep, c["truth_cells"]]
        for tool in tools:
            t = c["tools"].get(tool)
            row.append("skipped" if t is None else f"{_fmt(t['recall'])} ({t['tables_spanning_pages']})")
        rows.append(row)
    lines += _table(["report", "truth cells", *tools], rows)

    speed = r["speed"]
    lines += ["## Speed and memory (cold: a fresh process per document)", ""]
    rows = []
    for key, label in [("hyoka_pdf", "hyoka, 1 job (PDFs)"), ("hyoka_all_formats", "hyoka, 1 job (all documents)")]:
        s = speed[key]
        rows.append(
            [
                label,
                s["pages"],
                s["seconds"],
                s["pages_per_second"],
                s["seconds_per_document"],
                f"{s['peak_rss_bytes'] / 2**20:.0f} MiB",
            ]
        )
    one_run = speed.get("hyoka_one_run", {})
    if "pages_per_second" in one_run:
        rows.append(
            [
                "hyoka, 1 job (PDFs, one process)",
                one_run["pages"],
                one_run["seconds"],
                one_run["pages_per_second"],
                "",
                f"{one_run['peak_rss_bytes'] / 2**20:.0f} MiB",
            ]
        )
    cores = speed["hyoka_all_cores"]
    if "skipped" in cores:
        rows.append(["hyoka, all cores", cores["skipped"], "", "", "", ""])
    else:
        rows.append(
            [
                f"hyoka, {cores['jobs']} jobs (PDFs, one process)",
                cores["pages"],
                cores["seconds"],
                cores["pages_per_second"],
                "",
                f"{cores['peak_rss_bytes'] / 2**20:.0f} MiB",
            ]
        )
    for tool, label in RAW_LABELS.items():
        if tool in speed:
            s = speed[tool]
            rows.append(
                [
                    label,
                    s["pages"],
                    s["seconds"],
                    s["pages_per_second"],
                    s["seconds_per_document"],
                    f"{s['peak_rss_bytes'] / 2**20:.0f} MiB",
                ]
            )
        else:
            rows.append([label, "skipped: " + speed["skipped_tools"].get(tool, ""), "", "", "", ""])
    lines += _table(["tool", "pages", "seconds", "pages/s", "s/document", "peak RSS"], rows)

    lines += ["Per document (hyoka, cold, 1 job; seconds include process start):", ""]
    rows = [
        [d, v["pages"], v["seconds"], f"{v['peak_rss_bytes'] / 2**20:.0f} MiB"]
        for d, v in speed["per_document"].items()
    ]
    lines += _table(["document", "pages/sheets", "seconds", "peak RSS"], rows)

    st = r["stages"]
    lines += ["## Time per stage (hyoka's run_report.json, summed over the corpus)", ""]
    lines += _table(["stage", "seconds"], [[s, v] for s, v in st["stage_seconds"].items()])
    lines.append(
        f"Dominant stage: **{st['dominant_stage']}** ({st['dominant_share']:.0%} of the staged time); "
        f"profiled on `{st['profiled_document']}`."
    )
    lines.append("")
    profile = st["profile"]
    if isinstance(profile, str):
        lines += [profile, ""]
    else:
        lines += [
            f"Where the time goes (pyinstrument, self time, whole ingest of that document; "
            f"call tree in `{profile['call_tree']}`):",
            "",
        ]
        lines += _table(
            ["library", "seconds", "share"],
            [[f["package"], f["seconds"], f"{f['share']:.0%}"] for f in profile.get("by_package", [])],
        )
        lines += _table(
            ["function", "seconds", "share"],
            [[f["function"], f["seconds"], f"{f['share']:.0%}"] for f in profile["top_self_time"]],
        )

    rerun = r["rerun"]
    lines += [
        "## No-change re-run",
        "",
        f"Re-running the whole corpus ({rerun['documents']} documents) into the same output: "
        f"{rerun['seconds']:.2f} s (peak RSS {rerun['peak_rss_bytes'] / 2**20:.0f} MiB).",
        "",
    ]

    sc = r["scaling"]
    lines += [
        "## Scaling: N distinct copies of the corpus",
        "",
        f"One copy is {sc['corpus_pages']} pages/sheets; each copy's bytes differ (see bench/README.md).",
        "",
    ]
    rows = []
    for label, config in sc["configs"].items():
        if "skipped" in config:
            rows.append([label, config["skipped"], "", "", "", ""])
            continue
        base = config["points"][0]["seconds_per_page"]
        for p in config["points"]:
            rows.append(
                [
                    label,
                    p["n"],
                    p["pages"],
                    p["seconds"],
                    p["seconds_per_page"],
                    f"{p['seconds_per_page'] / base - 1:+.0%}",
                ]
            )
    lines += _table(["executor", "N", "pages", "seconds", "s/page", "vs N = 1"], rows)
    if "scale" in r:
        lines += scale_markdown(r["scale"])
    return "\n".join(lines)


def markdown_targets_issue_19(r: dict[str, Any]) -> list[str]:
    lines = [
        "## Targets (issue 19: done when)",
        "",
        "Judged on CPU seconds where the machine's other work would inflate wall time; the load column is the "
        "1-minute load average during the measurement (the largest seen), marked when it exceeds the cores.",
        "",
    ]
    cores = r["machine"]["cores"]
    return lines + _table(
        ["target", "measured", "judged on", "load", "status"],
        [
            [t["target"], t["measured"], t["basis"], _load(t["load_average"], cores), t["status"]]
            for t in r.get("targets_issue_19", [])
        ],
    )


def _load(value: float | None, cores: int) -> str:
    if value is None:
        return "–"
    return f"{value:.1f}" + (f" (above the {cores} cores: inflated)" if value > cores else "")


def _mib(value: int) -> str:
    return f"{value / 2**20:.0f} MiB"


def scale_markdown(sc: dict[str, Any]) -> list[str]:
    """The scale section: workbook readers, the table sweep, the budget book, a page's time."""
    wide = sc["workbook"]
    lines = [
        "## Scale (bench/scale.py)",
        "",
        f"### A {wide['rows']} × {wide['cols']} workbook with merged headings and labels",
        "",
        "Opening it (one child process per reader; CPU seconds count only this process's work):",
        "",
    ]
    rows = []
    for name, m in wide["readers"].items():
        if "skipped" in m:
            rows.append([name, "skipped", "", "", "", " ".join(m["skipped"])])
        else:
            rows.append([name, m["seconds"], m["cpu_seconds"], _mib(m["peak_rss_bytes"]), m["cells"], m["keeps"]])
    lines += _table(["reader", "seconds", "CPU s", "peak RSS", "cells", "keeps"], rows)
    e2e = wide["end_to_end"]
    lines += [
        f"End to end (`hyoka ingest`, one job, cold): {e2e['seconds']} s wall, {e2e['cpu_seconds']} s CPU, "
        f"peak RSS {_mib(e2e['peak_rss_bytes'])}, {e2e['cells']} cells, status {e2e['status']}; "
        "stages: " + ", ".join(f"{k} {v:.2f} s" for k, v in e2e["stages"].items()) + ".",
        "",
        "### Table-size sweep (one table, cold `hyoka ingest` each)",
        "",
    ]
    lines += _table(
        ["cells", "seconds", "CPU s", "document s", "ms/cell (document)", "read+map CPU ms/cell", "peak RSS"],
        [
            [
                p["cells"],
                p["seconds"],
                p["cpu_seconds"],
                p["document_seconds"],
                p["document_ms_per_cell"],
                p.get("read_and_map_cpu_ms_per_cell", ""),
                _mib(p["peak_rss_bytes"]),
            ]
            for p in sc["table_sweep"]
        ],
    )
    lines += ["### Budget book (ruled 款・項・目 tables in 千円, continued over 1–3 pages)", ""]
    book = sc["budget_book"]
    if "run_pages" in book[0]:
        lines += [
            f"Each size on one cold `hyoka ingest --jobs 1` run of {book[0]['run_pages']} pages (distinct copies): "
            "the run's start-up is paid once, as in any run, every per-document cost once per book.",
            "",
        ]
    # An earlier bench's results.json has one run per book, and no CPU per page.
    lines += _table(
        ["pages per book", "books", "seconds", "CPU s", "CPU s/page", "s/page", "staged s/page", "peak RSS"],
        [
            [
                p["pages"],
                p.get("books", 1),
                p["seconds"],
                p["cpu_seconds"],
                p.get("cpu_seconds_per_page", ""),
                p.get("seconds_per_page", ""),
                p["document_seconds_per_page"],
                _mib(p["peak_rss_bytes"]),
            ]
            for p in book
        ],
    )
    parallel = book[-1].get("parallel")
    if parallel:
        lines += [
            f"The {book[-1]['pages']}-page book alone with `--jobs {parallel['jobs']}` (its pages read in "
            f"parallel): {parallel['seconds']:.1f} s wall, {parallel['cpu_seconds']:.1f} s CPU, peak RSS "
            f"{_mib(parallel['peak_rss_bytes'])}.",
            "",
        ]
    split = sc["page_split"]
    pages = split["pages"]
    lines += [f"### Where a page's time goes ({pages} pages of the {split['document']})", ""]
    lines += _table(
        ["work", "CPU s", "pages/s (CPU)"],
        [
            [name, split[name]["cpu_seconds"], round(pages / max(split[name]["cpu_seconds"], 1e-9), 1)]
            for name in ("pdfplumber objects", "pypdfium2 text and boxes", "hyoka read_pdf")
        ],
    )
    objects, whole = split["pdfplumber objects"]["cpu_seconds"], split["hyoka read_pdf"]["cpu_seconds"]
    lines += [
        f"pdfplumber's object building alone is {objects / max(whole, 1e-9):.0%} of hyoka's whole read of "
        "these pages (hyoka's grid work is the rest).",
        "",
    ]
    if "pdfium" in sc:
        lines += _pdfium_lines(sc["pdfium"])
    if "pdf_readers" in sc:
        lines += _pdf_reader_lines(sc["pdf_readers"])
    return lines


def _pdfium_lines(pdfium: dict[str, Any]) -> list[str]:
    lines = [
        "### PDFium as the PDF reader against pdfplumber (`extractors/pdfium_page.py`, `bench/pdfium_page.py`)",
        "",
        "The format layer's page reader fed by PDFium (chars with size and box; rects, lines and curves from "
        "path objects) and by pdfplumber, compared cell for cell (table, row, column, spans, text) and text "
        "block for text block, and the evidence boxes (cell box, text box, block box) of those read alike to "
        "0.05 pt; CPU per page of the whole page read, objects and grid work. hyoka makes PDFium its default "
        "only if every file is identical (`--pdf-reader pdfium` reads with it).",
        "",
    ]
    sets = {**pdfium["sets"], "all": pdfium["all"]}
    lines += _table(
        [
            "set",
            "files",
            "identical",
            "pages",
            "cells and blocks",
            "differing",
            "beyond whitespace",
            "boxes > 0.05 pt",
            "largest box difference (pt)",
            "CPU ms/page pdfplumber",
            "CPU ms/page PDFium",
        ],
        [
            [
                name,
                s["files"],
                s["identical_files"],
                s["pages"],
                s["cells_and_blocks"],
                s["differing"],
                s["differing_beyond_spaces"],
                s.get("boxes_beyond_tolerance", ""),
                s.get("largest_box_deviation", ""),
                s["pdfplumber_cpu_ms_per_page"],
                s["pdfium_cpu_ms_per_page"],
            ]
            for name, s in sets.items()
        ],
    )
    return lines


def _pdf_reader_lines(readers: list[dict[str, Any]]) -> list[str]:
    lines = [
        "### The long samples cold, either PDF reader, against raw pdfplumber",
        "",
        "One cold `hyoka ingest --jobs 1` per document with `--pdf-reader pdfplumber` and `pdfium`, and raw "
        "pdfplumber `extract_tables()` in a fresh process on the same pages, runs alternated; medians. "
        "Ratio: raw pdfplumber's CPU seconds over hyoka's (≥ 1 is hyoka faster).",
        "",
    ]
    rows = []
    for document in readers:
        raw = document["raw pdfplumber"]
        for reader in ("pdfplumber", "pdfium"):
            run = document[reader]
            rows.append(
                [
                    document["document"],
                    reader,
                    run["seconds"],
                    run["cpu_seconds"],
                    raw["cpu_seconds"],
                    round(raw["cpu_seconds"] / max(run["cpu_seconds"], 1e-9), 2),
                    _mib(run["peak_rss_bytes"]),
                    max(run["load_average"], raw["load_average"]),
                ]
            )
    lines += _table(
        ["document", "hyoka's PDF reader", "s", "CPU s", "raw pdfplumber CPU s", "ratio (CPU)", "peak RSS", "load"],
        rows,
    )
    return lines
