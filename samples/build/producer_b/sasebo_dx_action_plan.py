"""佐世保市 DX戦略 実行計画, as this producer prints it: the plan (A3 landscape, Chromium) and its
プロジェクト一覧 as an xlsxwriter workbook with its own A3 print.

The plan: per 重点課題 a heading in the 01「まちづくり」【観光】 style, the roadmap as a table (課題 merged
down, a step row across the years, each 【PID】 entry in the column of the year it starts) and the KPI
grid (KPI merged over its 予定 and 実績 rows, the 算出式・設定根拠 and 進捗状況・評価 beside them); the
project list closes it.

The list's own conventions: a title row, the classification columns (分野 … ステップ) merged down over
the rows that share them, a three-level head (活動指標 / R3 … R9 / 予定・実績) and the 実施年度 markers,
figures stored as numbers (a percentage as a fraction under `0.0%`), the head frozen, a print area.
Some editions put a group row across the table for each 分類 instead of the 分野 and 分類 columns.

An edition shifts every year, drops two projects (from the list and the roadmap) and adds one, changes
three figures, and gives one project the PID of the project above it in the list (a duplicate PID, and
a roadmap-vs-list PID difference where the roadmap prints the project, recorded in its truth).
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

from samples.build.producer_b.chromium import Cell, document, heading, paragraph, print_pdf, table
from samples.build.producer_b.edition import (
    Edition,
    Rows,
    number_text,
    read_series_truth,
    shift_reiwa_labels,
    write_series_truth,
)
from samples.build.producer_b.workbook import Block, write_workbook

REPORT = "sasebo_dx_action_plan"
LIST_NAME = "sasebo_dx_project_list"
PLACE = "project_list"
PERCENT_FORMAT = "0.0%"
COUNT_FORMAT = "#,##0"
CLASS_COLUMNS = (
    ("field", "分野"),
    ("category", "分類"),
    ("departments", "主体部局"),
    ("group_name", "DX重点課題"),
    ("issue", "課題"),
    ("step", "ステップ"),
)
# A project this producer's later editions add to the last 分類 (its own figures): PID suffix, name, indicator.
ADDED_PROJECT = ("-9-1", "オンライン手続案内チャットボット", "問合せ対応件数", ("120", "95", "150", ""))


def reiwa(year: int) -> str:
    return f"R{year - 2018}"


# ---------------------------------------------------------------- an edition's facts


def edition_truth(ed: Edition, truth: dict[str, Rows]) -> dict[str, object]:
    """Changes the facts for edition `ed` (in place); returns the layout choices that go with them."""
    layout: dict[str, object] = {"group_rows": False}
    if ed.canonical:
        return layout
    rng = ed.rng
    doc = truth["document"][0]
    doc["report_fiscal_year"] = str(ed.year(doc["report_fiscal_year"]))
    year = int(doc["report_fiscal_year"])
    doc["edition"] = f"令和{year - 2018}（{year}）年度版"
    for name in ("indicator_values", "table_implementation_years", "table_roadmap"):
        for row in truth[name]:
            if row["fiscal_year"]:
                row["fiscal_year"] = str(ed.year(row["fiscal_year"]))
            for label in ("year_label", "column"):
                if row.get(label):
                    row[label] = reiwa(int(row["fiscal_year"]))
    # The report's own inconsistencies name the years they are about: they move with the edition's years.
    for row in truth["inconsistencies"]:
        for name in ("scope", "description"):
            row[name] = shift_reiwa_labels(row[name], ed.year_shift)

    projects = [m for m in truth["measures"] if m["level"] == "project"]
    named = " ".join(i["scope"] + " " + i["stated"] + " " + i["expected"] for i in truth["inconsistencies"])
    linked = {link["measure_key"] for link in truth["kpi_project_links"]}
    free = [p for p in projects if p["measure_no"] not in named and p["measure_key"] not in linked]
    dropped = {p["measure_key"] for p in rng.sample(free, 2)}
    remove_projects(truth, dropped)
    values = [v for v in truth["indicator_values"] if v["place"] == PLACE and v["value"] and v["unit"] != "%"]
    for row in rng.sample([v for v in values if v["measure_key"] not in linked], 3):
        new = number_text(float(row["value"]) * rng.uniform(1.1, 1.6) + 1, row["value_text"])
        row["value"], row["value_text"] = new.replace(",", ""), new
    add_project(truth, year)

    # Planted: a project printed under the PID of the project above it in the same 課題.
    renamable = {f["measure_key"] for f in free} - dropped
    pairs = [
        (above, below)
        for above, below in itertools.pairwise(projects)
        if below["measure_key"] in renamable
        and above["issue"] == below["issue"]
        and above["measure_key"] not in dropped
    ]
    above, below = rng.choice(pairs)
    pid = below["measure_no"]
    rename_project(truth, below["measure_key"], f"{above['measure_no']}#2", above["measure_no"])
    truth["inconsistencies"].append(
        {
            "kind": "duplicate_id",
            "scope": f"project list: PID {above['measure_no']}",
            "stated": f"{above['measure_no']} printed for {above['title']} and for {below['title']}",
            "expected": "one PID per project",
            "seed_line": "",
            "description": "The project list gives the same PID to two different projects.",
        }
    )
    # The misprint is the list's: the roadmap still prints the project under its own PID, so the two
    # places number it differently (as a reader comparing them finds).
    if any(r["pid"] == pid and r["name"] == below["title"] for r in truth["table_roadmap"]):
        truth["inconsistencies"].append(
            {
                "kind": "roadmap_numbering",
                "scope": below["title"],
                "stated": f"roadmap 【{pid}】",
                "expected": f"project list {above['measure_no']}",
                "seed_line": "",
                "description": "Same project, PID differs between the roadmap and the project list (the list "
                "prints the PID of the project above it).",
            }
        )
    layout["group_rows"] = ed.group_rows
    return layout


def remove_projects(truth: dict[str, Rows], keys: set[str]) -> None:
    """Projects the edition no longer carries: out of the list and out of the roadmap alike."""
    gone = {(m["measure_no"], m["title"]) for m in truth["measures"] if m["measure_key"] in keys}
    truth["table_roadmap"][:] = [r for r in truth["table_roadmap"] if (r["pid"], r["name"]) not in gone]
    truth["measures"][:] = [m for m in truth["measures"] if m["measure_key"] not in keys]
    for name in ("indicator_values", "table_implementation_years"):
        truth[name][:] = [r for r in truth[name] if r["measure_key"] not in keys]


def rename_project(truth: dict[str, Rows], key: str, new_key: str, printed: str) -> None:
    for m in truth["measures"]:
        if m["measure_key"] == key:
            m["measure_key"], m["measure_no"] = new_key, printed
    for v in truth["indicator_values"]:
        if v["measure_key"] == key:
            v["measure_key"], v["indicator_key"] = new_key, f"{new_key}/活動指標"
    for r in truth["table_implementation_years"]:
        if r["measure_key"] == key:
            r["measure_key"], r["pid"] = new_key, printed


def add_project(truth: dict[str, Rows], report_year: int) -> None:
    """This producer's own project, appended to the list's last 分類 with figures for three years."""
    last = next(m for m in reversed(truth["measures"]) if m["level"] == "project")
    prefix = re.match(r"\D+", last["measure_no"])
    suffix, title, indicator, figures = ADDED_PROJECT
    pid = (prefix.group() if prefix else "") + suffix.removeprefix("-")
    truth["measures"].append(
        {**last, "measure_key": pid, "measure_no": pid, "title": title, "indicator_name": indicator, "seed_line": ""}
    )
    template = next(v for v in truth["indicator_values"] if v["place"] == PLACE)
    first = report_year - 2
    for i, text in enumerate(figures):
        if not text:
            continue
        truth["indicator_values"].append(
            {
                **template,
                "measure_key": pid,
                "indicator_key": f"{pid}/活動指標",
                "indicator_name": indicator,
                "fiscal_year": str(first + i // 2),
                "metric": "target" if i % 2 == 0 else "actual",
                "value": text,
                "unit": "件",
                "qualifier": "",
                "value_text": text,
                "na_marker": "",
                "seed_line": "",
                "formula_text": "",
                "evaluation_text": "",
            }
        )
    for i, marker in enumerate(("○", "⇒", "⇒")):
        year = first + i
        truth["table_implementation_years"].append(
            {"measure_key": pid, "pid": pid, "year_label": reiwa(year), "fiscal_year": str(year), "marker": marker}
        )


# ---------------------------------------------------------------- the printed list


def figure(row: dict[str, str] | None) -> Cell:
    if row is None:
        return Cell("")
    text = row["value_text"]
    if not row["value"]:
        return Cell(text, css="center")
    value = float(row["value"])
    if text.endswith("%"):
        return Cell(text, css="num", value=value / 100, num_format=PERCENT_FORMAT)
    return Cell(text, css="num", value=value, num_format=COUNT_FORMAT)


def list_values(truth: dict[str, Rows]) -> dict[tuple[str, int, str], dict[str, str]]:
    """(measure_key, fiscal year, metric) -> the list's 活動指標 figure."""
    values: dict[tuple[str, int, str], dict[str, str]] = {}
    for v in truth["indicator_values"]:
        if v["place"] == PLACE:
            values[(v["measure_key"], int(v["fiscal_year"]), v["metric"])] = v
    return values


def class_columns(group_rows: bool, reordered: bool) -> list[tuple[str, str]]:
    """The list's class columns; an edition with another column order prints 主体部局 after ステップ."""
    columns = [c for c in CLASS_COLUMNS if not (group_rows and c[0] in ("field", "category"))]
    if reordered:
        columns = [c for c in columns if c[0] != "departments"] + [c for c in columns if c[0] == "departments"]
    return columns


def list_rows(truth: dict[str, Rows], group_rows: bool, reordered: bool) -> list[list[Cell | str]]:
    projects = [m for m in truth["measures"] if m["level"] == "project"]
    values = list_values(truth)
    markers = {(r["measure_key"], int(r["fiscal_year"])): r["marker"] for r in truth["table_implementation_years"]}
    value_years = sorted({year for _, year, _ in values})
    marker_years = sorted({year for _, year in markers})
    classes = class_columns(group_rows, reordered)
    head = [
        [
            *(Cell(label, header=True, rowspan=3) for _, label in classes),
            Cell("プロジェクト", header=True, colspan=3, rowspan=2),
            Cell("リーディング", header=True, rowspan=3),
            Cell("活動指標", header=True, colspan=1 + 2 * len(value_years)),
            Cell("実施年度", header=True, colspan=len(marker_years), rowspan=2),
        ],
        [Cell("名称", header=True, rowspan=2), *(Cell(reiwa(y), header=True, colspan=2) for y in value_years)],
        [
            *(Cell(h, header=True) for h in ("PID", "名称", "概要")),
            *(Cell(h, header=True) for _ in value_years for h in ("予定", "実績")),
            *(Cell(reiwa(y), header=True) for y in marker_years),
        ],
    ]
    width = len(classes) + 5 + 2 * len(value_years) + len(marker_years)
    # A class cell spans the following rows that print the same text (merged, as the office does).
    spans: dict[tuple[int, str], int] = {}
    for field, _ in classes:
        start = 0
        for i in range(1, len(projects) + 1):
            new_group = starts_group(projects, i, group_rows)
            if i == len(projects) or projects[i][field] != projects[start][field] or new_group:
                spans[(start, field)] = i - start
                start = i
    body: list[list[Cell | str]] = []
    for i, p in enumerate(projects):
        if starts_group(projects, i, group_rows) or (group_rows and i == 0):
            body.append([Cell(f"■ {p['field']}:{p['category']}", colspan=width)])
        key = p["measure_key"]
        body.append(
            [
                *(Cell(p[f], rowspan=spans[(i, f)]) for f, _ in classes if (i, f) in spans),
                Cell(p["measure_no"], css="center"),
                p["title"],
                p["summary"],
                Cell("○" if p["flag_leading"] == "true" else "", css="center"),
                p["indicator_name"],
                *(figure(values.get((key, y, m))) for y in value_years for m in ("target", "actual")),
                *(Cell(markers.get((key, y), ""), css="center") for y in marker_years),
            ]
        )
    return [*head, *body]


def starts_group(projects: Rows, i: int, group_rows: bool) -> bool:
    return group_rows and 0 < i < len(projects) and projects[i]["category"] != projects[i - 1]["category"]


def column_widths(rows: list[list[Cell | str]], group_rows: bool, reordered: bool, pid: float = 8) -> tuple[float, ...]:
    """Character widths of the list's columns: the class columns, the project, the figures and markers."""
    class_widths = {"field": 4, "category": 5, "departments": 5, "group_name": 12, "issue": 10, "step": 10}
    figures = sum(cell.colspan for cell in rows[2] if isinstance(cell, Cell)) - 3
    return (*(class_widths[f] for f, _ in class_columns(group_rows, reordered)), pid, 12, 20, 3, 10, *(5.2,) * figures)


# ---------------------------------------------------------------- the plan


def focus_areas(truth: dict[str, Rows]) -> list[tuple[str, str, str]]:
    """(分野, label, name) of each 重点課題 in the plan's order: the KPI grids', with a 重点課題 that has a
    roadmap and no KPI (教育) after the one its projects follow in the project list."""
    areas: dict[str, tuple[str, str, str]] = {}
    for m in truth["measures"]:
        if m["level"] == "kpi" and m["group_label"] not in areas:
            areas[m["group_label"]] = (m["field"], m["group_label"], m["group_name"])
    order = list(areas)
    listed = [m for m in truth["measures"] if m["level"] == "project" and m["group_label"]]
    labels = list(dict.fromkeys(m["group_label"] for m in listed))
    for label in dict.fromkeys(r["group_label"] for r in truth["table_roadmap"]):
        if label in areas or label not in labels:
            continue
        project = next(m for m in listed if m["group_label"] == label)
        areas[label] = (project["field"], label, project["group_name"])
        before = [k for k in labels[: labels.index(label)] if k in order]
        order.insert(order.index(before[-1]) + 1 if before else 0, label)
    return [areas[label] for label in order]


def roadmap_table(entries: Rows, years: list[int]) -> str:
    head = [
        [
            Cell("課題", header=True),
            Cell("ステップ・プロジェクト", header=True),
            *(Cell(reiwa(y), header=True) for y in years),
        ]
    ]
    rows: list[list[Cell | str]] = []
    issues: dict[str, int] = {}
    lines: list[tuple[str, list[Cell | str]]] = []
    step = None
    for entry in entries:
        if entry["step"] != step:
            step = entry["step"]
            lines.append((entry["issue"], [Cell(step, colspan=1 + len(years), css="step")]))
        column = years.index(int(entry["fiscal_year"])) if entry["fiscal_year"] else 0
        cells: list[Cell | str] = [Cell("")] * (1 + len(years))
        cells[1 + column] = Cell(f"【{entry['pid']}】{entry['name']}", colspan=len(years) - column)
        lines.append((entry["issue"], cells[: 2 + column]))
    for issue, _ in lines:
        issues[issue] = issues.get(issue, 0) + 1
    seen: set[str] = set()
    for issue, cells in lines:
        first = [] if issue in seen else [Cell(issue, rowspan=issues[issue])]
        seen.add(issue)
        rows.append([*first, *cells])
    return table(head, rows, widths=("14%", "16%", *(f"{70 / len(years):.1f}%" for _ in years)))


def kpi_table(kpis: Rows, values: dict[tuple[str, int, str], dict[str, str]], years: list[int]) -> str:
    head = [
        [
            Cell("課題", header=True),
            Cell("KPI", header=True),
            Cell("", header=True),
            *(Cell(reiwa(y), header=True) for y in years),
            Cell("算出式・設定根拠", header=True),
            Cell("進捗状況・評価", header=True),
        ]
    ]
    rows: list[list[Cell | str]] = []
    per_issue: dict[str, int] = {}
    for k in kpis:
        per_issue[k["issue"]] = per_issue.get(k["issue"], 0) + 2
    seen: set[str] = set()
    for k in kpis:
        key = k["measure_key"]
        texts = next((v for (m, _, _), v in values.items() if m == key), None)
        for metric, label in (("target", "予定"), ("actual", "実績")):
            first: list[Cell | str] = []
            if metric == "target":
                if k["issue"] not in seen:
                    first.append(Cell(f"課題{k['issue_no']}\n{k['issue']}", rowspan=per_issue[k["issue"]]))
                    seen.add(k["issue"])
                first.append(Cell(k["indicator_name"], rowspan=2))
            tail: list[Cell | str] = []
            if metric == "target":
                tail = [
                    Cell(texts["formula_text"] if texts else "", rowspan=2),
                    Cell(texts["evaluation_text"] if texts else "", rowspan=2),
                ]
            rows.append(
                [*first, Cell(label, css="center"), *(figure(values.get((key, y, metric))) for y in years), *tail]
            )
    return table(head, rows, widths=("11%", "12%", "3%", *(f"{36 / len(years):.1f}%" for _ in years), "19%", "19%"))


def render_plan(ed: Edition, truth: dict[str, Rows], layout: dict[str, object]) -> str:
    doc = truth["document"][0]
    year = int(doc["report_fiscal_year"])
    title = f"{doc['title']}（{doc['edition']}）"
    grid: dict[tuple[str, int, str], dict[str, str]] = {}
    for v in truth["indicator_values"]:
        if v["place"] == "kpi_grid":
            grid[(v["measure_key"], int(v["fiscal_year"]), v["metric"])] = v
    grid_years = sorted({y for _, y, _ in grid})
    # The roadmap runs from its first entry's year to the plan's last year.
    first = min(int(r["fiscal_year"]) for r in truth["table_roadmap"] if r["fiscal_year"])
    roadmap_years = list(range(first, max(grid_years) + 1))
    parts = [
        f"<h1>{doc['title']}</h1>",
        paragraph(doc["edition"], "cover-sub"),
        paragraph(doc["municipality"], "cover-city"),
    ]
    numbers: dict[str, int] = {}
    for field, label, name in focus_areas(truth):
        numbers[field] = numbers.get(field, 0) + 1
        parts.append(heading(2, f"{numbers[field]:02d}「{field}」 【{label}】{name}", page_break=True))
        parts.append(heading(3, f"ロードマップ（{reiwa(year)}時点）"))
        parts.append(roadmap_table([r for r in truth["table_roadmap"] if r["group_label"] == label], roadmap_years))
        kpis = [m for m in truth["measures"] if m["level"] == "kpi" and m["group_label"] == label]
        if kpis:
            # With the page-break knob, a 重点課題's KPI grid starts a page of its own.
            parts.append(heading(3, "KPIの進捗", page_break=ed.break_sections))
            parts.append(kpi_table(kpis, grid, grid_years))
    parts.append(heading(2, f"プロジェクト一覧 {doc['edition']}", page_break=True))
    group_rows = bool(layout["group_rows"])
    rows = list_rows(truth, group_rows, ed.column_order)
    # The plan's list gives the PID room for one line; the list's own print lets a long PID wrap.
    plan_widths = column_widths(rows, group_rows, ed.column_order, pid=13)
    widths = [f"{w / sum(plan_widths):.2%}" for w in plan_widths]
    parts.append(table([], rows, widths=widths, css="list"))
    return document(title, "".join(parts), ed.font, bold=ed.bold_heads, size="A3 landscape", table_size="8pt")


def title_of(truth: dict[str, Rows]) -> str:
    doc = truth["document"][0]
    return f"{doc['title']} プロジェクト一覧 {doc['edition']}"


def render(ed: Edition, truth: dict[str, Rows], layout: dict[str, object]) -> str:
    title = title_of(truth)
    group_rows = bool(layout["group_rows"])
    rows = list_rows(truth, group_rows, ed.column_order)
    total = sum(column_widths(rows, group_rows, ed.column_order))
    widths = [f"{w / total:.2%}" for w in column_widths(rows, group_rows, ed.column_order)]
    body = f'<h2 style="border:none">{title}</h2>' + table([], rows, widths=widths, css="list")
    return document(title, body, ed.font, bold=ed.bold_heads, size="A3 landscape", table_size="7pt")


def build(out_dir: Path, ed: Edition, truth_out: Path | None) -> list[Path]:
    truth = read_series_truth(REPORT)
    layout = edition_truth(ed, truth)
    group_rows = bool(layout["group_rows"])
    rows = list_rows(truth, group_rows, ed.column_order)
    widths = column_widths(rows, group_rows, ed.column_order)
    xlsx = write_workbook(
        out_dir / f"{LIST_NAME}.xlsx", "プロジェクト一覧", title_of(truth), [Block("", rows)], widths, landscape=True
    )
    pdf = print_pdf(render(ed, truth, layout), out_dir / f"{LIST_NAME}.pdf")
    plan = print_pdf(render_plan(ed, truth, layout), out_dir / f"{REPORT}.pdf")
    if truth_out is not None:
        write_series_truth(REPORT, truth, truth_out)
    return [plan, xlsx, pdf]
