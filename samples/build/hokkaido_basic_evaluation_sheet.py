"""The 基本評価調書 sheet in the 方眼紙 style: 60 narrow columns, every logical cell a merged block."""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, field

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from samples.build.common import AMOUNT_HEADS, COLUMN_ORDER, FULL_COST_HEADS, GROUP_ROWS, REVENUE_HEADS, Variant
from samples.build.hokkaido_basic_evaluation_model import (
    RESPONSE_LINES,
    Edition,
    era_long,
    era_short,
    indicator_analysis_rows,
    seed_cells,
    shift_era_text,
)

COLUMNS = 60
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
LABEL_FILL = PatternFill("solid", fgColor="DDEBF7")
MONEY, STAFF = "#,##0", "0.0"
LINE_PT = 1.32  # line pitch as a multiple of the font size
MAX_ROW_PT = 180.0  # taller blocks are spread over several sheet rows, as 方眼紙 sheets do


@dataclass
class Grid:
    """Writes merged, boxed blocks row by row and keeps the rows tall enough for their text."""

    ws: Worksheet
    font: str
    widths: list[float]
    row: int = 1
    heights: dict[int, float] = field(default_factory=dict)

    def span_pt(self, col: int, span: int) -> float:
        # An Excel width unit is about 7 px plus 5 px padding per column; 0.75 pt per px.
        return sum((w * 7 + 5) * 0.75 for w in self.widths[col - 1 : col - 1 + span])

    def needed_pt(self, text: str, col: int, span: int, size: float) -> float:
        per_line = max(1.0, (self.span_pt(col, span) - 4) / size * 0.92)
        lines = 0
        for paragraph in text.split("\n"):
            width = sum(1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.55 for ch in paragraph)
            lines += max(1, math.ceil(width / per_line))
        return lines * size * LINE_PT + 4

    def put(
        self,
        row: int,
        col: int,
        span: int,
        value: object,
        *,
        rows: int = 1,
        size: float = 9,
        bold: bool = False,
        label: bool = False,
        align: str = "left",
        fmt: str | None = None,
        border: bool = True,
    ) -> str:
        """One logical cell: a merged block of `span` columns and `rows` rows. Returns its address."""
        last_row, last_col = row + rows - 1, col + span - 1
        for r in range(row, last_row + 1):
            for c in range(col, last_col + 1):
                cell = self.ws.cell(r, c)
                if border:
                    cell.border = BOX
                if label:
                    cell.fill = LABEL_FILL
        if span > 1 or rows > 1:
            self.ws.merge_cells(start_row=row, start_column=col, end_row=last_row, end_column=last_col)
        cell = self.ws.cell(row, col)
        cell.value = value
        cell.font = Font(name=self.font, size=size, bold=bold)
        cell.alignment = Alignment(horizontal=align, vertical="center" if rows == 1 else "top", wrap_text=True)
        if fmt:
            cell.number_format = fmt
        if isinstance(value, str) and not value.startswith("="):
            self.need(row, rows, self.needed_pt(value, col, span, size))
        return cell.coordinate

    def need(self, row: int, rows: int, height: float) -> None:
        have = sum(self.heights.get(r, 13.5) for r in range(row, row + rows))
        if height > have:
            for r in range(row, row + rows):
                self.heights[r] = self.heights.get(r, 13.5) * height / have

    def line(self, cells: list[tuple[int, object, dict[str, object]]], rows: int = 1) -> dict[int, str]:
        """A row of blocks laid left to right; returns the address of each block by its first column."""
        col, addresses = 1, {}
        for span, value, style in cells:
            addresses[col] = self.put(self.row, col, span, value, rows=rows, **style)  # type: ignore[arg-type]
            col += span
        self.row += rows
        return addresses

    def tall_line(self, cells: list[tuple[int, object, dict[str, object]]]) -> dict[int, str]:
        """A row whose text needs more than one sheet row: every block spans the same sheet rows."""
        need = max(
            (
                self.needed_pt(v, 1 + sum(s for s, _, _ in cells[:i]), span, float(st.get("size", 9)))  # type: ignore[arg-type]
                for i, (span, v, st) in enumerate(cells)
                if isinstance(v, str)
            ),
            default=13.5,
        )
        rows = max(1, math.ceil(need / MAX_ROW_PT))
        return self.line(cells, rows=rows)

    def text_row(self, text: str, *, size: float = 9, bold: bool = False) -> None:
        self.put(self.row, 1, COLUMNS, text, size=size, bold=bold, border=False)
        self.row += 1

    def gap(self) -> None:
        self.heights[self.row] = 7
        self.row += 1


def L(**style: object) -> dict[str, object]:
    """A label block's style."""
    return {"label": True, "align": "center", **style}


def V(**style: object) -> dict[str, object]:
    """A value block's style."""
    return dict(style)


def N(fmt: str = MONEY, **style: object) -> dict[str, object]:
    """A number block's style (right aligned, with its number format)."""
    return {"align": "right", "fmt": fmt, **style}


def page_head(g: Grid, ed: Edition, *, with_title: bool = True) -> None:
    if with_title:
        g.heights[g.row] = 24
        g.put(g.row, 1, COLUMNS, ed.title, size=14, bold=True, align="center", border=False)
        g.row += 1
        g.gap()
    g.line(
        [
            (5, "施策名", L()),
            (25, ed.policy_name, V()),
            (5, "施策コード", L()),
            (8, ed.policy_code, V(align="center")),
            (17, "", V(border=False)),
        ]
    )
    g.gap()


# The left columns of 4 事務事業の設定 as a variant with another column order prints them (indexes into
# 整理番号, 政策体系, 事務事業名, 事務事業概要, 課・局室名): the 事務事業名 before the 政策体系.
REORDERED_PROJECT_COLUMNS = (0, 2, 1, 3, 4)


def build_sheet(
    wb: Workbook,
    ed: Edition,
    font: str,
    widths: list[float],
    breaks: set[str],
    project_break: int | None,
    variant: Variant,
) -> None:
    """Lays the whole 調書 on one sheet; `breaks` names the sections that start a printed page; the
    variant's knobs give the 事務事業 table's column order, head wordings and 政策体系 group rows."""
    ws = wb.active
    assert ws is not None
    ws.title = "基本評価調書"
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    g = Grid(ws, font, widths)
    ind = ed.indicator
    text = ed.text

    def section(name: str) -> None:
        if name in breaks:
            ws.row_breaks.append(Break(id=g.row - 1))

    # Page 1: header block and 1 目標等の設定
    section("header")
    g.heights[g.row] = 24
    g.put(g.row, 1, COLUMNS, ed.title, size=14, bold=True, align="center", border=False)
    g.row += 1
    g.gap()
    h1, h2 = seed_cells(6), seed_cells(7)
    g.line(
        [
            (4, h1[0], L()),
            (10, ed.policy_name, V()),
            (4, h1[2], L()),
            (12, h1[3], V()),
            (5, h1[4], L()),
            (11, h1[5], V()),
            (6, h1[6], L()),
            (8, ed.policy_code, V(align="center")),
        ]
    )
    g.line(
        [
            (4, h2[0], L()),
            (10, h2[1], V()),
            (4, h2[2], L()),
            (12, h2[3], V()),
            (5, h2[4], L()),
            (11, h2[5], V()),
            (6, h2[6], L()),
            (8, h2[7], V(align="center")),
        ]
    )
    g.gap()
    g.text_row("Plan (目標管理型行政運営システム実施要領 別紙様式1)", size=8)
    g.text_row("1 目標等の設定", bold=True, size=10)
    g.line([(22, "現状と課題", L()), (22, "施策目標", L()), (16, "施策の予算額(千円)", L())])
    top = g.row
    g.put(top, 1, 22, text(14, 0), rows=len(ed.budgets), size=8)
    g.put(top, 23, 22, text(14, 1), rows=len(ed.budgets), size=8)
    for i, (year, amount, _) in enumerate(ed.budgets):
        g.put(top + i, 45, 6, era_short(year), align="center")
        g.put(top + i, 51, 10, amount, align="right", fmt=MONEY)
    g.row = top + len(ed.budgets)
    g.gap()
    roles = [seed_cells(n) for n in (18, 19, 20, 21, 22)]
    spans = (14, 5, 10, 11, 11, 9)
    g.line([(s, roles[0][i], L()) for i, s in enumerate(spans)])
    for cells in roles[1:]:
        g.tall_line(
            [(s, shift(cells[i], ed), V(size=8, align="center" if i == 1 else "left")) for i, s in enumerate(spans)]
        )

    # Page 2: 1-2 取組の結果, 2-2 連携の取組状況
    section("results")
    page_head(g, ed)
    g.text_row("Plan (目標管理型行政運営システム実施要領 別紙様式1)    Do & Check 施策評価", size=8)
    g.text_row(f"今年度の取組    1-2 取組の結果({era_long(ed.report_year)})", bold=True, size=10)
    head = seed_cells(44)
    spans = (10, 20, 24, 6)
    g.line([(s, head[i], L(size=8)) for i, s in enumerate(spans)])
    for n in (45, 47, 48):
        cells = seed_cells(n) + [""] * 4
        g.tall_line([(s, text(n, i) if cells[i] else "", V(size=7)) for i, s in enumerate(spans)])
    g.gap()
    g.text_row("2 連携の状況    2-2 連携の取組状況", bold=True, size=10)
    link_spans = (6, 18, 5, 7, 24)
    head1, head2 = seed_cells(54), seed_cells(55)
    g.put(g.row, 1, 6, head1[0], rows=2, label=True, align="center", size=8)
    g.put(g.row, 7, 18, head1[1], rows=2, label=True, align="center", size=8)
    g.put(g.row, 25, 12, head1[2], label=True, align="center", size=8)
    g.put(g.row + 1, 25, 5, head2[2], label=True, align="center", size=8)
    g.put(g.row + 1, 30, 7, head2[3], label=True, align="center", size=8)
    g.put(g.row, 37, 24, head1[4], rows=2, label=True, align="center", size=8)
    g.row += 2
    link = [seed_cells(n) for n in (56, 57, 58, 59)]
    # 施策・部局 spans its three 連携先 rows; its 連携内容 and 実績 blocks span them too.
    first = g.row
    g.put(first, 1, 6, link[0][0], rows=3, size=8)
    g.put(first, 7, 18, text(56, 1), rows=3, size=7)
    g.put(first, 37, 24, text(56, 4), rows=3, size=7)
    for i, cells in enumerate(link[:3]):
        g.put(first + i, 25, 5, cells[2], align="center", size=8)
        g.put(first + i, 30, 7, cells[3], size=8)
    g.row = first + 3
    g.tall_line([(s, text(59, i), V(size=7 if i in (1, 4) else 8)) for i, s in enumerate(link_spans)])

    # Page 3: 3 成果指標の設定, 3-2 成果指標の達成度合
    section("indicator")
    page_head(g, ed)
    g.line(
        [
            (34, "Plan (目標管理型行政運営システム実施要領 別紙様式1)", V(border=False, size=8)),
            (26, "Do & Check 施策評価", V(border=False, size=8)),
        ]
    )
    g.line(
        [
            (34, "3 成果指標の設定 (H:平成、R:令和、大文字は年度、小文字は暦年)", V(border=False, bold=True)),
            (26, "3-2 成果指標の達成度合", V(border=False, bold=True)),
        ]
    )
    years = sorted(ind.levels)
    g.line(
        [
            (14, f"{ind.key} 指標名", L()),
            (7, "目標の基準", L()),
            (7, "今年度の目標", L()),
            (6, "最終目標", L()),
            (5, "評価年度", L()),
            *((4, era_short(y), L()) for y in years),
            (9, "達成度合の分析ほか", L()),
        ]
    )
    r = g.row
    g.put(r, 1, 14, ind.name, rows=2, bold=True)
    g.put(r, 15, 3, "基準年度", label=True, align="center", size=8)
    g.put(r, 18, 4, era_short(ind.base_year), align="center")
    g.put(r, 22, 3, "年度", label=True, align="center", size=8)
    g.put(r, 25, 4, era_short(ind.target_year), align="center")
    g.put(r, 29, 3, "最終年度", label=True, align="center", size=8)
    g.put(r, 32, 3, era_short(ind.final_year), align="center")
    g.put(r, 35, 5, "達成度合", label=True, align="center")
    for i, y in enumerate(years):
        g.put(r, 40 + 4 * i, 4, ind.levels[y], align="center", bold=True)
    g.put(r, 52, 9, text(74, 11), rows=5, size=7)
    r += 1
    g.put(r, 15, 3, "基準値", label=True, align="center", size=8)
    g.put(r, 18, 4, ind.base / 100, align="right", fmt="0.0%")
    g.put(r, 22, 3, "目標値", label=True, align="center", size=8)
    g.put(r, 25, 4, ind.target / 100, align="right", fmt="0.0%")
    g.put(r, 29, 3, "最終目標値", label=True, align="center", size=7)
    final = g.put(r, 32, 3, ind.final / 100, align="right", fmt="0.0%")
    g.put(r, 35, 5, "年度", label=True, align="center")
    for i, (y, _, _) in enumerate(ind.yearly):
        g.put(r, 40 + 4 * i, 4, era_short(y), label=True, align="center")
    g.put(r, 48, 4, "進捗率", label=True, align="center")
    r += 1
    g.put(r, 1, 14, ind.description, rows=3, size=7)
    g.put(r, 15, 7, "根拠計画", label=True, align="center", size=8)
    g.put(r, 22, 4, "政策体系", label=True, align="center", size=8)
    g.put(r, 26, 3, "増減方向", label=True, align="center", size=7)
    g.put(r, 29, 6, "達成率の算式", label=True, align="center", size=8)
    g.put(r + 1, 15, 7, ind.plan, size=8)
    g.put(r + 1, 22, 4, ind.system, align="center", size=8)
    g.put(r + 1, 26, 3, ind.direction, align="center", size=8)
    g.put(r + 1, 29, 6, ind.formula_text, align="center", size=7)
    g.put(r + 2, 15, 20, "", border=True)
    targets, actuals = [], []
    for k, (label, row) in enumerate((("目標値", r), ("実績値", r + 1), ("達成率", r + 2))):
        g.put(row, 35, 5, label, label=True, align="center")
        for i, (_, target, actual) in enumerate(ind.yearly):
            col = 40 + 4 * i
            if k == 0:
                targets.append(g.put(row, col, 4, target / 100, align="right", fmt="0%"))
            elif k == 1:
                actuals.append(g.put(row, col, 4, "-" if actual is None else actual / 100, align="right", fmt="0%"))
            else:
                a, t = actuals[i], targets[i]
                g.put(row, col, 4, f'=IF(AND(ISNUMBER({a}),ISNUMBER({t})),{a}/{t},"-")', align="right", fmt="0%")
    latest = actuals[[y for y, _, _ in ind.yearly].index(ind.latest[0])]
    g.put(r, 48, 4, f"={final}", align="right", fmt="0%")
    progress_actual = g.put(r + 1, 48, 4, f"={latest}", align="right", fmt="0%")
    g.put(r + 2, 48, 4, f"={progress_actual}/{final}", align="right", fmt="0%")
    g.need(r, 3, g.needed_pt(ind.description, 1, 14, 7))
    g.need(r - 2, 5, g.needed_pt(text(74, 11), 52, 9, 7))
    g.row = r + 3
    g.gap()
    g.line([(34, "● 本施策に成果指標を設定できない理由", V(border=False)), (26, "● 達成度合について", V(border=False))])
    g.put(g.row, 1, 34, "", rows=2)
    g.put(g.row, 35, 6, "達成度合", label=True, align="center", size=8)
    for i, grade in enumerate(("A", "B", "C", "D", "-")):
        g.put(g.row, 41 + 4 * i, 4, grade, label=True, align="center", size=8)
    g.put(g.row + 1, 35, 6, "直近の成果指標の達成率", size=7, align="center")
    for i, bound in enumerate(seed_cells(81)[2:7]):
        g.put(g.row + 1, 41 + 4 * i, 4, bound, size=7, align="center")
    g.row += 2

    # Page 4: 4 事務事業の設定
    section("projects")
    page_head(g, ed)
    g.text_row("Plan (目標管理型行政運営システム実施要領別紙様式1)", size=8)
    g.text_row("4 事務事業の設定", bold=True, size=10)
    r = g.row
    order = REORDERED_PROJECT_COLUMNS if COLUMN_ORDER in variant.knobs else tuple(range(5))
    left_heads = ((3, "整理番号"), (3, "政策体系"), (8, "事務事業名"), (14, "事務事業概要"), (4, "課・局\n室名"))
    full_cost = variant.head(tuple(f + "\n(千円)" for f in FULL_COST_HEADS), "フル\nコスト\n(千円)")
    col = 1
    for span, label in [left_heads[i] for i in order]:
        g.put(r, col, span, label, rows=3, label=True, align="center", size=8)
        col += span
    for col, span, label in ((33, 4, "前年度からの\n繰越事業費\n(千円)"), (56, 5, full_cost)):
        g.put(r, col, span, label, rows=3, label=True, align="center", size=8)
    g.put(r, 37, 19, era_long(ed.report_year), label=True, align="center", size=8)
    cost_head = variant.head(AMOUNT_HEADS, "{item}\n(千円)", item="事業費")
    g.put(r + 1, 37, 5, cost_head, rows=2, label=True, align="center", size=8)
    g.put(r + 1, 42, 5, variant.head(REVENUE_HEADS, "うち\n一般財源"), rows=2, label=True, align="center", size=8)
    g.put(r + 1, 47, 9, "執行体制", label=True, align="center", size=8)
    for col, label in ((47, "本庁"), (50, "出先機関"), (53, "人工計")):
        g.put(r + 2, col, 3, label, label=True, align="center", size=7)
    g.need(r, 3, 3 * 8 * LINE_PT + 6)
    g.row = r + 3
    first = g.row
    col = {
        name: get_column_letter(c)
        for name, c in (
            ("carry", 33),
            ("cost", 37),
            ("general", 42),
            ("main", 47),
            ("branch", 50),
            ("total", 53),
            ("full", 56),
        )
    }
    blank_rows = 1  # the template's spare row keeps its formulas, printing 0.0 and 0
    system = ""
    for i, p in enumerate([*ed.projects, *([None] * blank_rows)]):
        if project_break is not None and i == project_break:
            ws.row_breaks.append(Break(id=g.row - 1))
        if GROUP_ROWS in variant.knobs and p is not None and p.system != system:
            # A row spanning the table names the 政策体系 of the 事務事業 below it.
            system = p.system
            g.line([(60, f"政策体系 {system}", V(size=8, bold=True))])
        r = g.row
        total = f"=ROUND({col['main']}{r}+{col['branch']}{r},1)"
        full = f"=ROUND({col['cost']}{r}+{col['total']}{r}*{ed.unit_cost},0)"
        if p is None:
            g.line(
                [
                    (3, "", V()),
                    (3, "", V()),
                    (8, "", V()),
                    (14, "", V()),
                    (4, "", V()),
                    (4, None, N()),
                    (5, None, N()),
                    (5, None, N()),
                    (3, None, N(STAFF)),
                    (3, None, N(STAFF)),
                    (3, total, N(STAFF)),
                    (5, full, N()),
                ]
            )
            continue
        left = (
            (3, p.no, V(align="center", size=8)),
            (3, p.system, V(align="center", size=8)),
            (8, p.title, V(size=8)),
            (14, p.summary, V(size=7)),
            (4, p.division, V(size=7)),
        )
        g.line(
            [
                *(left[i] for i in order),
                (4, None, N()),
                (5, p.cost, N()),
                (5, p.general, N()),
                (3, p.staff_main, N(STAFF)),
                (3, p.staff_branch, N(STAFF)),
                (3, total, N(STAFF)),
                (5, full if p.typed_full_cost is None else p.typed_full_cost, N()),
            ]
        )
    last = g.row - 1
    sums = {name: f"=SUM({col[name]}{first}:{col[name]}{last})" for name in col}
    g.line(
        [
            (32, "計", L()),
            (4, sums["carry"], N()),
            (5, sums["cost"], N()),
            (5, sums["general"], N()),
            (3, sums["main"], N(STAFF)),
            (3, sums["branch"], N(STAFF)),
            (3, sums["total"], N(STAFF)),
            (5, "", V()),
        ]
    )

    # Page 5: 5 一次政策評価結果 (1) 成果指標の分析 (2) 取組の分析
    section("evaluation")
    page_head(g, ed)
    g.text_row("Do & Check 施策評価 一次政策評価結果(各部局等による評価)", size=8)
    g.text_row("5 一次政策評価結果と翌年度に向けた対応方針等", bold=True, size=10)
    g.text_row("(1)成果指標の分析", bold=True)
    rows = indicator_analysis_rows(ed)
    r = g.row
    g.put(r, 1, 5, "政策体系", rows=3, label=True, align="center")
    g.put(r, 6, 25, "達成度合の集計", label=True, align="center")
    g.put(r, 31, 6, "判定", rows=3, label=True, align="center")
    g.put(r, 37, 24, "成果指標の分析", rows=3, label=True, align="center")
    for i, grade in enumerate(("A", "B", "C", "D", "-")):
        g.put(r + 1, 6 + 5 * i, 5, grade, label=True, align="center")
        g.put(r + 2, 6 + 5 * i, 5, rows[0][grade], label=True, align="center", size=7)
    g.row = r + 3
    body = g.row
    count_cells: list[list[str]] = [[] for _ in range(5)]
    for k, row in enumerate(rows[1:4]):
        g.put(body + k, 1, 5, row["政策体系"], align="center")
        for i, grade in enumerate(("A", "B", "C", "D", "-")):
            value = int(row[grade]) if row[grade] else None
            count_cells[i].append(g.put(body + k, 6 + 5 * i, 5, value, align="center", fmt="0"))
        g.put(body + k, 31, 6, row["判定"], align="center", size=8)
    analysis = shift(seed_cells(130)[7], ed).replace("【A】", f"【{ind.levels[ind.latest[0]]}】")
    analysis = analysis.replace(seed_cells(73)[1], ind.name)
    g.put(body, 37, 24, analysis, rows=3, size=7)
    g.row = body + 3
    g.put(g.row, 1, 5, "計", label=True, align="center")
    for i, cells in enumerate(count_cells):
        g.put(g.row, 6 + 5 * i, 5, f"=SUM({cells[0]}:{cells[-1]})", align="center", fmt="0")
    g.put(g.row, 31, 6, rows[4]["判定"], align="center", size=8)
    g.put(g.row, 37, 24, "")
    g.row += 1
    g.gap()
    g.text_row("(2)取組の分析", bold=True)
    crit = [seed_cells(n) for n in (137, 138, 139, 140, 141, 142, 143)]
    g.line([(32, crit[0][0], L(size=8, align="left")), (8, crit[0][2], L(size=7)), (20, crit[0][3], L(size=8))])
    marks = iter(ed.marks)
    for cells in crit[1:6]:
        if cells[0] in ("1", "2", "3", "4"):
            g.tall_line(
                [
                    (2, cells[0], V(align="center")),
                    (30, cells[1], V(size=8)),
                    (8, next(marks), V(align="center", size=11)),
                    (20, cells[3], V(size=7)),
                ]
            )
        else:
            g.line([(32, cells[0], L(size=8, align="left")), (8, cells[2], L(size=7)), (20, cells[3], L(size=7))])
    rule = crit[6][0].replace("判定 ", "").replace(" ・", "\n・")
    g.tall_line([(4, "判定", L()), (48, rule, V(size=8)), (8, ed.judgement, V(align="center", size=14, bold=True))])

    # Page 6: 7 評価結果の反映 (no title line on this page, as printed)
    section("reflection")
    page_head(g, ed, with_title=False)
    g.text_row("Action 施策・事務事業評価", size=8)
    g.text_row("7 評価結果の反映", bold=True, size=10)
    g.text_row("(1) 一次政策評価結果への対応", bold=True)
    resp = [seed_cells(n) for n in RESPONSE_LINES]
    g.line([(5, resp[0][0], L(size=8)), (43, resp[0][1], L()), (12, resp[0][2], L())])
    for cells in resp[1:]:
        g.tall_line([(5, cells[0], V(align="center")), (43, shift(cells[1], ed), V(size=8)), (12, cells[2], V(size=8))])
    g.gap()
    g.text_row("(3) 事務事業への反映状況", bold=True)
    heads = list(ed.reflection_counts)
    r = g.row
    g.put(r, 1, 8, heads[0], label=True, align="center")
    for i, h in enumerate(heads[1:-1]):
        g.put(r, 9 + 6 * i, 6, h, label=True, align="center")
    g.put(r, 45, 6, heads[-1], label=True, align="center")
    g.put(r, 53, 8, "次年度新規事業\n(予定)", label=True, align="center", size=8)
    g.put(r + 1, 1, 8, ed.reflection_counts[heads[0]], label=True, align="center")
    counted = []
    for i, h in enumerate(heads[1:-1]):
        value = ed.reflection_counts[h]
        counted.append(g.put(r + 1, 9 + 6 * i, 6, int(value) if value else None, align="center", fmt="0"))
    g.put(r + 1, 45, 6, f"=SUM({counted[0]}:{counted[-1]})", align="center", fmt="0")
    g.put(r + 1, 53, 8, int(ed.new_projects), align="center", fmt="0")
    g.need(r, 1, 2 * 8 * LINE_PT + 4)
    g.row = r + 2
    g.gap()
    list_heads = list(ed.reflection_list[0])
    g.line(
        [
            (6, list_heads[0].replace(" ", "\n"), L(size=8)),
            (24, list_heads[1], L()),
            (15, list_heads[2].replace(" ", "\n"), L(size=8)),
            (15, list_heads[3].replace(" ", "\n"), L(size=8)),
        ]
    )
    for item in ed.reflection_list:
        values = list(item.values())
        g.line(
            [
                (6, values[0], V(align="center")),
                (24, values[1], V()),
                (15, values[2], V(align="center")),
                (15, values[3], V(align="center")),
            ]
        )

    for row, height in g.heights.items():
        ws.row_dimensions[row].height = round(height, 1)
    ws.print_area = f"A1:{get_column_letter(COLUMNS)}{g.row - 1}"


def shift(text: str, ed: Edition) -> str:
    """Seed text with its era years moved to the edition's."""
    return shift_era_text(text, ed.year_shift)
