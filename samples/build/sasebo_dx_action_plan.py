"""佐世保市 DX戦略 実行計画 (seed 003): the A3 landscape PDF, and the project list as a workbook and its print.

The PDF follows the published plan: title page, overview, one roadmap per 重点課題 (課題 rows, year
columns, 【PID】 entries spanning their years), one KPI grid per 重点課題 (予定 and 実績 rows per KPI
with the 算出式・設定根拠 and 進捗状況・評価 texts), then the project list. The workbook is the project
list as the city's departments keep it (merged header rows, numbers with their display formats),
saved and printed through LibreOffice.
"""

from __future__ import annotations

import copy
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from samples.build.common import (
    COLUMN_ORDER,
    GROUP_ROWS,
    SEEDS_DIR,
    Variant,
    read_truth,
    register_fonts,
    seed_lines,
    soffice_convert,
    wrap_text,
    write_truth,
)
from samples.build.sasebo_dx_action_plan_edition import Edition, make_edition

REPORT = "sasebo_dx_action_plan"
SEED_FILE = "003_285d41407209f792.txt"
PDF_NAME = "sasebo_dx_action_plan.pdf"
XLSX_NAME = "sasebo_dx_project_list.xlsx"
TRUTH_FILES = (
    "document",
    "measures",
    "indicator_values",
    "budgets",
    "grades",
    "table_implementation_years",
    "table_roadmap",
    "kpi_project_links",
    "inconsistencies",
)
# Seed lines of the overview narrative (位置付け states the 12 重点課題; 進捗管理 explains KPI and 活動指標).
OVERVIEW_LINES = {"position": (14,), "management": (21, 22, 23), "whole": (29,)}

T = TypeVar("T")
PAGE_W, PAGE_H = 1190.55, 841.89  # A3 landscape in points
MARGIN = 28.0


# ---------------------------------------------------------------------------------------------- model
@dataclass
class Project:
    key: str
    pid: str
    title: str
    field_name: str
    category: str
    department: str
    group_name: str
    issue: str
    step: str
    summary: str
    leading: bool
    indicator: str
    values: dict[tuple[int, str], str] = field(default_factory=dict)
    markers: dict[int, str] = field(default_factory=dict)


@dataclass
class Kpi:
    key: str
    label: str
    group_name: str
    field_name: str
    issue_no: str
    issue: str
    title: str
    formula: str = ""
    evaluation: str = ""
    values: dict[tuple[int, str], str] = field(default_factory=dict)


@dataclass
class Report:
    truth: dict[str, list[dict[str, str]]]
    years: list[int]  # fiscal years of the value columns (R3..R9 in the canonical edition)
    projects: list[Project]
    kpis: list[Kpi]
    roadmap: list[dict[str, str]]

    @property
    def document(self) -> dict[str, str]:
        return self.truth["document"][0]

    @property
    def plan_years(self) -> list[int]:
        """The 実施年度 / roadmap columns: every value year but the first."""
        return self.years[1:]


def reiwa(fiscal_year: int) -> str:
    return f"R{fiscal_year - 2018}"


def load_report(truth: dict[str, list[dict[str, str]]]) -> Report:
    values: dict[str, dict[tuple[int, str], str]] = {}
    texts: dict[str, tuple[str, str]] = {}
    for row in truth["indicator_values"]:
        values.setdefault(row["measure_key"], {})[(int(row["fiscal_year"]), row["metric"])] = row["value_text"]
        if row["place"] == "kpi_grid":
            texts[row["measure_key"]] = (row["formula_text"], row["evaluation_text"])
    markers: dict[str, dict[int, str]] = {}
    for row in truth["table_implementation_years"]:
        markers.setdefault(row["measure_key"], {})[int(row["fiscal_year"])] = row["marker"]
    projects, kpis = [], []
    for m in truth["measures"]:
        if m["level"] == "project":
            projects.append(
                Project(
                    key=m["measure_key"],
                    pid=m["measure_no"],
                    title=m["title"],
                    field_name=m["field"],
                    category=m["category"],
                    department=m["departments"],
                    group_name=m["group_name"],
                    issue=m["issue"],
                    step=m["step"],
                    summary=m["summary"],
                    leading=m["flag_leading"] == "true",
                    indicator=m["indicator_name"],
                    values=values.get(m["measure_key"], {}),
                    markers=markers.get(m["measure_key"], {}),
                )
            )
        else:
            formula, evaluation = texts.get(m["measure_key"], ("", ""))
            kpis.append(
                Kpi(
                    key=m["measure_key"],
                    label=m["group_label"],
                    group_name=m["group_name"],
                    field_name=m["field"],
                    issue_no=m["measure_no"],
                    issue=m["issue"],
                    title=m["title"],
                    formula=formula,
                    evaluation=evaluation,
                    values=values.get(m["measure_key"], {}),
                )
            )
    first = int(truth["document"][0]["report_fiscal_year"]) - 5  # the plan's grids run R3..R9 around R8
    return Report(truth, list(range(first, first + 7)), projects, kpis, truth["table_roadmap"])


# ---------------------------------------------------------------------------------------------- layout
@dataclass
class Style:
    font: str
    widths: dict[str, list[float]]
    list_rows_per_page: int
    kpi_page_per_group: bool
    # The project list's class columns in print order (indexes into LIST_HEAD), and whether each
    # 分野・分類 is a row spanning the list above its projects.
    class_order: tuple[int, ...] = (0, 1, 2, 3, 4, 5)
    group_rows: bool = False


def fit_widths(widths: list[float], total: float) -> list[float]:
    scale = total / sum(widths)
    return [w * scale for w in widths]


def make_style(edition: Edition, variant: Variant) -> Style:
    usable = PAGE_W - 2 * MARGIN
    base = {
        # 課題 | 6 year columns
        "roadmap": [150.0] + [150.0] * 6,
        # No | 課題 | KPI | 区分 | 7 years | 算出式・設定根拠 | 進捗状況・評価
        "kpi": [18.0, 105.0, 140.0, 26.0] + [56.0] * 7 + [205.0, 235.0],
        # 分野 分類 主体部局 重点課題 課題 ステップ PID 名称 概要 リーディング 活動指標 | 14 values | 6 markers
        "list": [22.0, 34.0, 44.0, 64.0, 62.0, 62.0, 60.0, 92.0, 104.0, 22.0, 80.0] + [31.0] * 14 + [14.0] * 6,
    }
    widths = {name: fit_widths([variant.jitter(w, 0.12) for w in ws], usable) for name, ws in base.items()}
    class_order = REORDERED_CLASSES if COLUMN_ORDER in variant.knobs else Style.class_order
    widths["list"] = in_print_order(widths["list"], class_order)
    return Style(
        font=edition.font,
        widths=widths,
        list_rows_per_page=edition.list_rows_per_page,
        kpi_page_per_group=edition.kpi_page_per_group,
        class_order=class_order,
        group_rows=GROUP_ROWS in variant.knobs,
    )


# The class columns as a variant with another column order prints them: 主体部局 after ステップ.
REORDERED_CLASSES = (0, 1, 3, 4, 5, 2)


def in_print_order(items: list[T], class_order: tuple[int, ...]) -> list[T]:
    """A list row's items (class columns first) with the class columns in `class_order`."""
    return [items[i] for i in class_order] + items[len(class_order) :]


@dataclass
class Cell:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    size: float = 7.0
    align: str = "center"
    fill: tuple[float, float, float] | None = None
    box: tuple[float, float, float] | None = None  # a roadmap bar drawn inside the cell
    shrink: bool = False  # a figure is set smaller rather than broken over two lines

    def fitted(self, width: float, font: str) -> float:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        size = self.size
        while self.shrink and size > 3.0 and stringWidth(self.text, font, size) > width - 2 * PAD:
            size -= 0.25
        return size


@dataclass
class Block:
    """Rows that stay on one page (a 課題 with its entries, a KPI with its 予定/実績 rows)."""

    cells: list[Cell]
    rows: int
    min_height: float = 13.0


PAD = 2.5


def row_heights(block: Block, widths: list[float], font: str) -> list[float]:
    heights = [block.min_height] * block.rows
    for cell in sorted(block.cells, key=lambda c: c.rowspan):
        width = sum(widths[cell.col : cell.col + cell.colspan])
        size = cell.fitted(width, font)
        need = len(wrap_text(cell.text, width - 2 * PAD, font, size)) * size * 1.22 + 2 * PAD
        have = sum(heights[cell.row : cell.row + cell.rowspan])
        if need > have:
            heights[cell.row + cell.rowspan - 1] += need - have
    return heights


class Pages:
    """The PDF's pages: running header, footer with the page number, a cursor for tables."""

    def __init__(self, path: Path, report: Report, style: Style) -> None:
        from reportlab.pdfgen import canvas

        self.canvas = canvas.Canvas(
            str(path), pagesize=(PAGE_W, PAGE_H), invariant=1, initialFontName=style.font, initialFontSize=8
        )
        self.canvas.setTitle(f"{report.document['title']} {report.document['edition']}")
        self.canvas.setAuthor(report.document["municipality"])
        self.report = report
        self.font = style.font
        self.number = 0
        self.y = 0.0

    def new_page(self, heading: str = "", subheading: str = "") -> None:
        if self.number:
            self.canvas.showPage()
        self.number += 1
        c = self.canvas
        c.setFont(self.font, 8)
        c.setFillGray(0.35)
        c.drawString(MARGIN, PAGE_H - 18, f"{self.report.document['title']}（{self.report.document['edition']}）")
        c.drawCentredString(PAGE_W / 2, 14, f"- {self.number} -")
        c.setFillGray(0)
        self.y = PAGE_H - 36
        if heading:
            c.setFont(self.font, 15)
            c.drawString(MARGIN, self.y - 12, heading)
            self.y -= 22
        if subheading:
            c.setFont(self.font, 11)
            c.drawString(MARGIN, self.y - 10, subheading)
            self.y -= 18
        self.y -= 4

    def text(self, text: str, size: float, width: float | None = None, indent: float = 0.0) -> None:
        width = width or PAGE_W - 2 * MARGIN - indent
        self.canvas.setFont(self.font, size)
        for line in wrap_text(text, width, self.font, size):
            self.canvas.drawString(MARGIN + indent, self.y - size, line)
            self.y -= size * 1.5

    def space_left(self) -> float:
        return self.y - 30

    def draw_block(self, block: Block, widths: list[float], heights: list[float]) -> None:
        c = self.canvas
        xs = [MARGIN]
        for w in widths:
            xs.append(xs[-1] + w)
        ys = [self.y]
        for h in heights:
            ys.append(ys[-1] - h)
        c.setLineWidth(0.5)
        for cell in block.cells:
            x0, x1 = xs[cell.col], xs[cell.col + cell.colspan]
            top, bottom = ys[cell.row], ys[cell.row + cell.rowspan]
            if cell.fill:
                c.setFillColorRGB(*cell.fill)
                c.rect(x0, bottom, x1 - x0, top - bottom, stroke=0, fill=1)
            if cell.box:
                c.setFillColorRGB(*cell.box)
                c.roundRect(x0 + 1.5, bottom + 1.5, x1 - x0 - 3, top - bottom - 3, 3, stroke=0, fill=1)
            c.setFillGray(0)
            c.rect(x0, bottom, x1 - x0, top - bottom, stroke=1, fill=0)
            size = cell.fitted(x1 - x0, self.font)
            lines = wrap_text(cell.text, x1 - x0 - 2 * PAD, self.font, size) if cell.text else []
            leading = size * 1.22
            first = (top + bottom) / 2 + len(lines) * leading / 2 - size
            c.setFont(self.font, size)
            for i, line in enumerate(lines):
                y = first - i * leading
                if cell.align == "left":
                    c.drawString(x0 + PAD, y, line)
                elif cell.align == "right":
                    c.drawRightString(x1 - PAD, y, line)
                else:
                    c.drawCentredString((x0 + x1) / 2, y, line)
        self.y = ys[-1]

    def table(
        self,
        header: Block,
        blocks: list[Block],
        widths: list[float],
        on_new_page: Callable[[], None],
        rows_per_page: int | None = None,
    ) -> None:
        """Draws the header, then the blocks; a block that does not fit starts a new page with the header."""
        header_heights = row_heights(header, widths, self.font)
        self.draw_block(header, widths, header_heights)
        on_page = 0
        for block in blocks:
            heights = row_heights(block, widths, self.font)
            full = rows_per_page is not None and on_page + block.rows > rows_per_page
            if sum(heights) > self.space_left() or full:
                on_new_page()
                self.draw_block(header, widths, header_heights)
                on_page = 0
            self.draw_block(block, widths, heights)
            on_page += block.rows

    def save(self) -> None:
        self.canvas.showPage()
        self.canvas.save()


HEADER_FILL = (0.85, 0.89, 0.95)
STEP_FILL = (0.94, 0.94, 0.94)
BAR_FILL = (0.80, 0.90, 0.97)


# ---------------------------------------------------------------------------------------------- sections
# The strategy's 12 重点課題 in the order the city prints them (まちづくり 01-08, 行政経営 01-04).
FOCUS_ORDER = (
    "観光",
    "農林水産",
    "子ども子育て",
    "教育",
    "都市整備",
    "土木",
    "保健福祉",
    "防災危機管理",
    "窓口",
    "多様化",
    "高質化",
    "職場環境",
)


def focus_areas(report: Report) -> list[tuple[str, str, str]]:
    """(label, name, field) of each 重点課題 the edition covers, names from its KPIs or its projects."""
    found: dict[str, tuple[str, str, str]] = {}
    for kpi in report.kpis:
        found.setdefault(kpi.label, (kpi.label, kpi.group_name, kpi.field_name))
    labels = {m["measure_key"]: m["group_label"] for m in report.truth["measures"]}
    for project in report.projects:
        label = labels[project.key]
        if label:
            found.setdefault(label, (label, project.group_name, project.field_name))
    for entry in report.roadmap:
        found.setdefault(entry["group_label"], (entry["group_label"], "", ""))
    return [found[label] for label in FOCUS_ORDER if label in found]


def focus_heading(label: str, name: str) -> str:
    return f"【{label}】{name}"


def title_page(pages: Pages, report: Report) -> None:
    pages.new_page()
    c = pages.canvas
    doc = report.document
    c.setFont(pages.font, 40)
    c.drawCentredString(PAGE_W / 2, PAGE_H / 2 + 60, doc["title"])
    c.setFont(pages.font, 22)
    c.drawCentredString(PAGE_W / 2, PAGE_H / 2 - 10, doc["edition"])
    c.setFont(pages.font, 20)
    c.drawCentredString(PAGE_W / 2, PAGE_H / 2 - 120, doc["municipality"])
    c.setLineWidth(1.2)
    c.line(PAGE_W / 2 - 320, PAGE_H / 2 + 40, PAGE_W / 2 + 320, PAGE_H / 2 + 40)


def overview_pages(pages: Pages, report: Report, narrative: dict[str, list[str]]) -> None:
    pages.new_page("実行計画の概要")
    pages.text("(1) 実行計画の位置付け", 12)
    for line in narrative["position"]:
        pages.text(line, 10, indent=14)
    pages.y -= 10
    pages.text("(2) DX戦略の進捗管理", 12)
    for line in narrative["management"]:
        pages.text("・" + line.removeprefix("- "), 10, indent=14)
    pages.y -= 10
    pages.text("DX戦略の全体像", 12)
    for line in narrative["whole"]:
        pages.text(line, 10, indent=14)
    pages.y -= 8
    widths = fit_widths([60, 110, 420], 590)
    titles = ["分野", "重点課題", "名称"]
    header = Block([Cell(t, 0, i, fill=HEADER_FILL, size=9) for i, t in enumerate(titles)], 1, 16)
    blocks = [
        Block(
            [Cell(f, 0, 0, size=9), Cell(f"【{label}】", 0, 1, size=9), Cell(name, 0, 2, size=9, align="left")],
            1,
            15,
        )
        for label, name, f in focus_areas(report)
    ]
    pages.table(header, blocks, widths, lambda: pages.new_page("DX戦略の全体像"))


def bar_years(entry: dict[str, str], report: Report, projects: dict[str, Project]) -> tuple[int, int]:
    """The span of a roadmap entry: from its printed column (or the project's start) to the plan's end."""
    years = report.plan_years
    if entry["fiscal_year"]:
        return years.index(int(entry["fiscal_year"])), len(years) - 1
    project = projects.get(entry["pid"])
    if project and project.markers:
        return years.index(min(project.markers)), len(years) - 1
    return 0, len(years) - 1


def roadmap_pages(pages: Pages, report: Report, style: Style) -> None:
    projects = {p.pid: p for p in report.projects}
    edition = reiwa(int(report.document["report_fiscal_year"]))
    widths = style.widths["roadmap"]
    header = Block(
        [Cell("課題", 0, 0, fill=HEADER_FILL, size=9)]
        + [Cell(reiwa(y), 0, i + 1, fill=HEADER_FILL, size=9) for i, y in enumerate(report.plan_years)],
        1,
        16,
    )
    for label, name, field_name in focus_areas(report):
        entries = [e for e in report.roadmap if e["group_label"] == label]
        if not entries:
            continue
        heading = f"【{edition}】 重点課題の進捗状況"
        sub = f"<<{field_name}>>  {focus_heading(label, name)}" if field_name else focus_heading(label, name)

        def start(heading: str = heading, sub: str = sub) -> None:
            pages.new_page(heading, sub)
            pages.text("凡例: ■ 実施済  ■ 当年度実施  ■ 今後予定  ■ 検討", 8)

        start()
        blocks = []
        for issue in dict.fromkeys(e["issue"] for e in entries):
            cells: list[Cell] = []
            row, step = 0, None
            for entry in (e for e in entries if e["issue"] == issue):
                if entry["step"] != step:
                    step = entry["step"]
                    cells.append(Cell(step, row, 1, colspan=6, size=7.5, align="left", fill=STEP_FILL))
                    row += 1
                first, last = bar_years(entry, report, projects)
                cells.append(
                    Cell(
                        f"【{entry['pid']}】{entry['name']}",
                        row,
                        1 + first,
                        colspan=last - first + 1,
                        size=7.5,
                        align="left",
                        box=BAR_FILL,
                    )
                )
                for i in range(6):
                    if not first <= i <= last:
                        cells.append(Cell("", row, 1 + i))
                row += 1
            cells.append(Cell(issue, 0, 0, rowspan=row, size=8.5, align="left"))
            blocks.append(Block(cells, row, 15))
        pages.table(header, blocks, widths, start)


def kpi_header(report: Report) -> Block:
    titles = ["", "課題", "KPI", "", *[reiwa(y) for y in report.years], "算出式・設定根拠", "進捗状況・評価"]
    return Block([Cell(t, 0, i, fill=HEADER_FILL, size=8.5) for i, t in enumerate(titles)], 1, 16)


def kpi_blocks(report: Report, kpis: list[Kpi]) -> list[Block]:
    blocks = []
    for issue_no in dict.fromkeys(k.issue_no for k in kpis):
        group = [k for k in kpis if k.issue_no == issue_no]
        cells = [
            Cell(issue_no, 0, 0, rowspan=2 * len(group), size=8),
            Cell(group[0].issue, 0, 1, rowspan=2 * len(group), size=8, align="left"),
        ]
        for i, kpi in enumerate(group):
            r = 2 * i
            cells += [
                Cell(kpi.title, r, 2, rowspan=2, size=8, align="left"),
                Cell("予定", r, 3, size=7.5),
                Cell("実績", r + 1, 3, size=7.5),
                Cell(kpi.formula, r, 11, rowspan=2, size=6.5, align="left"),
                Cell(kpi.evaluation, r, 12, rowspan=2, size=6.5, align="left"),
            ]
            for j, year in enumerate(report.years):
                for k, metric in enumerate(("target", "actual")):
                    text = kpi.values.get((year, metric), "")
                    cells.append(Cell(text, r + k, 4 + j, size=7.5, align="right", shrink=True))
        blocks.append(Block(cells, 2 * len(group), 14))
    return blocks


def kpi_pages(pages: Pages, report: Report, style: Style) -> None:
    edition = reiwa(int(report.document["report_fiscal_year"]))
    widths = style.widths["kpi"]
    fields = {"まちづくり": "01「まちづくり」", "行政経営": "02「行政経営」"}
    started = False
    for label, name, field_name in focus_areas(report):
        kpis = [k for k in report.kpis if k.label == label]
        if not kpis:
            continue
        heading = f"【{edition}】 重点課題 KPI の評価"
        sub = f"{fields.get(field_name, field_name)}  {focus_heading(label, name)}"

        def start(heading: str = heading, sub: str = sub) -> None:
            pages.new_page(heading, sub)

        blocks = kpi_blocks(report, kpis)
        header = kpi_header(report)
        need = sum(row_heights(header, widths, pages.font)) + sum(
            sum(row_heights(b, widths, pages.font)) for b in blocks[:1]
        )
        if style.kpi_page_per_group or not started or pages.space_left() < need + 40:
            start()
        else:
            pages.y -= 14
            pages.text(sub, 11)
        started = True
        pages.table(header, blocks, widths, start)


FIGURE = re.compile(r"^-?[\d,]+(\.\d+)?%?$")
LIST_HEAD = ["分野", "分類", "主体部局", "DX重点課題", "課題", "ステップ"]


def list_header(report: Report, style: Style) -> Block:
    heads = in_print_order(LIST_HEAD, style.class_order)
    cells = [Cell(t, 0, i, rowspan=3, size=7, fill=HEADER_FILL) for i, t in enumerate(heads)]
    cells += [
        Cell("プロジェクト", 0, 6, colspan=3, size=7, fill=HEADER_FILL),
        Cell("PID", 1, 6, rowspan=2, size=7, fill=HEADER_FILL),
        Cell("名称", 1, 7, rowspan=2, size=7, fill=HEADER_FILL),
        Cell("概要", 1, 8, rowspan=2, size=7, fill=HEADER_FILL),
        Cell("リーディング", 0, 9, rowspan=3, size=5.5, fill=HEADER_FILL),
        Cell("活動指標", 0, 10, colspan=15, size=7, fill=HEADER_FILL),
        Cell("名称", 1, 10, rowspan=2, size=7, fill=HEADER_FILL),
        Cell("実施年度", 0, 25, colspan=6, size=7, fill=HEADER_FILL),
    ]
    for j, year in enumerate(report.years):
        cells.append(Cell(reiwa(year), 1, 11 + 2 * j, colspan=2, size=7, fill=HEADER_FILL))
        cells.append(Cell("予定", 2, 11 + 2 * j, size=6, fill=HEADER_FILL))
        cells.append(Cell("実績", 2, 12 + 2 * j, size=6, fill=HEADER_FILL))
    for j, year in enumerate(report.plan_years):
        cells.append(Cell(reiwa(year), 1, 25 + j, rowspan=2, size=6, fill=HEADER_FILL))
    return Block(cells, 3, 12)


def list_row_texts(project: Project, report: Report) -> list[str]:
    texts = [
        project.field_name,
        project.category,
        project.department,
        project.group_name,
        project.issue,
        project.step,
        project.pid,
        project.title,
        project.summary,
        "○" if project.leading else "",
        project.indicator,
    ]
    for year in report.years:
        texts += [project.values.get((year, "target"), ""), project.values.get((year, "actual"), "")]
    texts += [project.markers.get(year, "") for year in report.plan_years]
    return texts


def list_pages(pages: Pages, report: Report, style: Style) -> None:
    edition = reiwa(int(report.document["report_fiscal_year"]))

    def start() -> None:
        pages.new_page(f"【{edition}】 プロジェクト一覧")

    start()
    blocks = []
    for group, project in list_groups(report, style):
        if group:
            blocks.append(Block([Cell(group, 0, 0, colspan=31, size=7, align="left", fill=HEADER_FILL)], 1, 16))
        texts = list_row_texts(project, report)
        cells = []
        for i, text in enumerate(texts):
            size, align = 6.0, "left"
            if 11 <= i < 25:
                size, align = 5.8, "right"
            elif i in (0, 1, 9) or i >= 25:
                align = "center"
            cells.append(Cell(text, 0, i, size=size, align=align, shrink=11 <= i < 25 and bool(FIGURE.match(text))))
        blocks.append(Block(in_print_order(cells, style.class_order), 1, 16))
        for col, cell in enumerate(blocks[-1].cells):
            cell.col = col
    pages.table(list_header(report, style), blocks, style.widths["list"], start, style.list_rows_per_page)


def list_groups(report: Report, style: Style) -> list[tuple[str, Project]]:
    """Each project of the list with the group row printed above it ('' for none): with the group-row
    knob, a row 分野:分類 where the 分類 changes."""
    rows: list[tuple[str, Project]] = []
    current = ""
    for project in report.projects:
        group = f"■ {project.field_name}:{project.category}"
        rows.append((group if style.group_rows and group != current else "", project))
        current = group
    return rows


def narrative(report: Report) -> dict[str, list[str]]:
    """The seed's overview sentences; another edition shifts the plan's end year with its fiscal year."""
    lines = seed_lines(SEED_FILE)
    shift = int(report.document["report_fiscal_year"]) - 2026

    def shifted(text: str) -> str:
        return re.sub(r"令和(\d+)年度", lambda m: f"令和{int(m.group(1)) + shift}年度", text)

    return {name: [shifted(lines[n - 1].strip()) for n in ns] for name, ns in OVERVIEW_LINES.items()}


def render_pdf(report: Report, style: Style, path: Path) -> Path:
    register_fonts()
    pages = Pages(path, report, style)
    title_page(pages, report)
    overview_pages(pages, report, narrative(report))
    roadmap_pages(pages, report, style)
    kpi_pages(pages, report, style)
    list_pages(pages, report, style)
    pages.save()
    return path


# ---------------------------------------------------------------------------------------------- workbook
def number_format(text: str) -> tuple[float | str, str | None]:
    """The cell value and display format an office user would type for a printed figure."""
    match = re.fullmatch(r"(-?[\d,]+)(?:\.(\d+))?(%?)", text)
    if not match:
        return text, None
    digits = match.group(2) or ""
    number = float(text.rstrip("%").replace(",", ""))
    decimals = "." + "0" * len(digits) if digits else ""
    if match.group(3):
        return number / 100, f"0{decimals}%"
    return number, ("#,##0" if "," in match.group(1) else "0") + decimals


def render_workbook(report: Report, style: Style, path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "プロジェクト一覧"
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    font = Font(name=style.font, size=9)
    head_fill = PatternFill("solid", fgColor="D9E1F2")
    header = list_header(report, style)
    for cell in header.cells:
        row, col = cell.row + 1, cell.col + 1
        ws.cell(row, col, cell.text)
        if cell.rowspan > 1 or cell.colspan > 1:
            ws.merge_cells(
                start_row=row, start_column=col, end_row=row + cell.rowspan - 1, end_column=col + cell.colspan - 1
            )
        for r in range(row, row + cell.rowspan):
            for c in range(col, col + cell.colspan):
                target = ws.cell(r, c)
                target.border, target.fill, target.font = border, head_fill, font
                target.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    row = 3
    for group, project in list_groups(report, style):
        if group:
            row += 1
            ws.cell(row, 1, group).font = font
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=31)
            for c in range(1, 32):
                ws.cell(row, c).border, ws.cell(row, c).fill = border, head_fill
        row += 1
        texts = list_row_texts(project, report)
        for position, j in enumerate(in_print_order(list(range(len(texts))), style.class_order)):
            text = texts[j]
            target = ws.cell(row, position + 1)
            if 11 <= j < 25:
                value, fmt = number_format(text)
                target.value = value if text else None
                if fmt:
                    target.number_format = fmt
                # Office users set figures to shrink rather than let a narrow column print ###.
                target.alignment = Alignment(horizontal="right", vertical="center", shrink_to_fit=True)
            else:
                target.value = text or None
                centred = j in (0, 1, 9) or j >= 25
                target.alignment = Alignment(
                    horizontal="center" if centred else "left", vertical="center", wrap_text=True
                )
            target.border, target.font = border, font
        ws.row_dimensions[row].height = 66
    for j, width in enumerate(style.widths["list"]):
        ws.column_dimensions[get_column_letter(j + 1)].width = max(2.5, width / 5.2)
    ws.freeze_panes = "L4"
    ws.print_title_rows = "1:3"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A3
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddHeader.center.text = f"{report.document['title']} {report.document['edition']} プロジェクト一覧"
    ws.oddFooter.center.text = "&P / &N"
    # Saved once more by LibreOffice, as the city's office suite would leave the file.
    with tempfile.TemporaryDirectory() as draft:
        wb.save(Path(draft) / path.name)
        return soffice_convert(Path(draft) / path.name, "xlsx", path.parent)


# ---------------------------------------------------------------------------------------------- entry
def load_truth_files(truth_dir: Path) -> dict[str, list[dict[str, str]]]:
    return {name: read_truth(REPORT, name, truth_dir) for name in TRUTH_FILES}


def build(out_dir: Path, truth_dir: Path, variant: Variant, truth_out: Path) -> list[Path]:
    if not (SEEDS_DIR / SEED_FILE).exists():
        raise RuntimeError(f"seed {SEED_FILE} not found in {SEEDS_DIR}")
    truth = load_truth_files(truth_dir)
    edition = Edition.draw(variant)
    if not variant.canonical:
        truth = make_edition(copy.deepcopy(truth), edition)
        for name, rows in truth.items():
            if rows:
                write_truth(REPORT, name, rows, truth_out)
            else:
                _write_header_only(truth_dir, truth_out, name)
    report = load_report(truth)
    style = make_style(edition, variant)
    out_dir.mkdir(parents=True, exist_ok=True)
    pdf = render_pdf(report, style, out_dir / PDF_NAME)
    xlsx = render_workbook(report, style, out_dir / XLSX_NAME)
    printed = soffice_convert(xlsx, "pdf", out_dir)
    return [pdf, xlsx, printed]


def _write_header_only(truth_dir: Path, truth_out: Path, name: str) -> None:
    """A truth table this report has no rows for (grades, budgets) keeps its header in the edition."""
    header = (truth_dir / REPORT / f"{name}.csv").read_text(encoding="utf-8").splitlines()[0]
    path = truth_out / REPORT / f"{name}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + "\n", encoding="utf-8")
