"""Reading the 北海道 基本評価調書 sheet into its blocks, by their printed labels.

The same reader serves the workbook and its PDF print: both reach it as tables of
cells. Every block is found by the words printed in it (施策名, 整理番号, 評価年度, 基準1…),
and every value by its position relative to its label cell, never by address or page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import normalizers as nz
from extractors.model import Document, Table, TextBlock
from profiles.tables import Located, labelled, located_cells, squash, starting

TITLE_WORD = "基本評価調書"

# The 事務事業 table's columns: contract field -> printed header words (compared squashed).
# Fields of `normalizers.header` are used first; these cover the sheet's own columns.
PROJECT_COLUMNS: dict[str, tuple[str, ...]] = {
    "system": ("政策体系",),
    "summary": ("事務事業概要", "事業概要", "概要"),
    "division": ("課・局室名", "課・室名", "局室名", "担当課", "所管課", "課名"),
}
PROJECT_FIELDS = (
    "measure_no",
    "title",
    "carryover",
    "project_cost",
    "general_revenue",
    "staff_main",
    "staff_branch",
    "staff_total",
    "full_cost",
)
STAFF_FIELDS = ("staff_main", "staff_branch", "staff_total")
TOTAL_ROW_WORDS = ("計", "合計")
CRITERION_MARK_HEADERS = ("○",)  # the mark column's header explains its marks: (○→対応している)


@dataclass
class Project:
    """One 事務事業 row of 4 事務事業の設定: its cells by field."""

    cells: dict[str, Located]

    def text(self, name: str) -> str:
        located = self.cells.get(name)
        return located.text if located is not None else ""


@dataclass
class ProjectTable:
    """4 事務事業の設定: 事務事業 rows, the 計 row, the budget year, the header cell of each field."""

    projects: list[Project]
    totals: dict[str, Located]
    headers: dict[str, Located]
    fiscal_year: int | None


@dataclass
class YearColumn:
    """One column of 3-2's 年度 rows: its year label (or 進捗率) with target, actual and rate."""

    label: Located
    fiscal_year: int | None
    is_progress: bool
    target: Located | None
    actual: Located | None
    rate: Located | None


@dataclass
class Indicator:
    """One 成果指標 block: 3 成果指標の設定 with its 3-2 達成度合."""

    key: str
    name: Located | None
    labels: dict[str, Located] = field(default_factory=dict)  # left part: 基準年度 … 達成率の算式, by label
    levels: list[tuple[Located, int | None, Located]] = field(default_factory=list)  # (year label, year, level)
    columns: list[YearColumn] = field(default_factory=list)

    def value_right_of(self, label: str) -> Located | None:
        located = self.labels.get(label)
        return located.right() if located is not None else None

    def value_below(self, label: str) -> Located | None:
        located = self.labels.get(label)
        return located.below() if located is not None else None


@dataclass
class Criterion:
    number: int
    mark: Located


@dataclass
class Judgement:
    criteria: list[Criterion]
    stated: Located | None
    rule: Located | None  # the printed rule (・基準1が「○」で、… → a)


@dataclass
class CountRow:
    """A row of counts under printed headings (達成度合の集計, 反映状況)."""

    label: Located
    counts: dict[str, Located]


def title(document: Document) -> TextBlock | Located | None:
    """The 調書's title line (`令和2年度 基本評価調書`): a heading in the print, a cell in the workbook."""
    for block in document.text_blocks():
        if TITLE_WORD in squash(block.text) and nz.fiscal_year(block.text).ok:
            return block
    for located in located_cells(document):
        if TITLE_WORD in squash(located.text) and nz.fiscal_year(located.text).ok:
            return located
    return None


def value_of(document: Document, label: str) -> Located | None:
    """The value printed right of the first cell labelled `label` (施策名, 施策コード…)."""
    for located in labelled(document, label):
        value = located.right()
        if value is not None and value.text.strip():
            return value
    return None


def policy_budgets(document: Document) -> tuple[Located | None, list[tuple[Located, Located]]]:
    """施策の予算額: its header cell and the (year, amount) cells printed under it."""
    for header in starting(document, "施策の予算額"):
        table, rows = header.table, []
        for row in range(header.cell.row_end + 1, table.n_rows):
            year = header.at(row, header.cell.col)
            if year is None or not nz.fiscal_year(year.text).ok:
                break
            amount = year.right()
            if amount is None or amount.cell.col > header.cell.col_end:
                break
            rows.append((year, amount))
        if rows:
            return header, rows
    return None, []


def _field_of(parts: list[str]) -> str | None:
    for part in parts:
        parsed = nz.header(part)
        if parsed.value is not None and parsed.value.field in PROJECT_FIELDS:
            return parsed.value.field
    joined = "".join(parts)
    for name, words in PROJECT_COLUMNS.items():
        if any(squash(word) in joined for word in words):
            return name
    return None


def _header_parts(table: Table, col: int, rows: range) -> list[Located]:
    parts: list[Located] = []
    for row in rows:
        cell = table.cell(row, col)
        if cell is not None and (not parts or parts[-1].cell is not cell):
            parts.append(Located(table, cell))
    return parts


def project_table(document: Document) -> ProjectTable | None:
    """4 事務事業の設定: the table whose header holds 整理番号 and 事業費."""
    for number_label in starting(document, "整理番号"):
        table = number_label.table
        header_rows = range(number_label.cell.row, number_label.cell.row_end + 1)
        headers: dict[str, Located] = {}
        year: int | None = None
        for col in range(table.n_cols):
            parts = _header_parts(table, col, header_rows)
            name = _field_of([squash(p.text) for p in parts])
            if name is not None and name not in headers:
                headers[name] = parts[-1]
            for part in parts:
                parsed = nz.header(part.text)
                if (
                    parsed.value is not None
                    and parsed.value.field is None
                    and isinstance(parsed.value.fiscal_year, int)
                ):
                    year = parsed.value.fiscal_year
        if "project_cost" not in headers or "measure_no" not in headers:
            continue
        projects, totals = [], {}
        for row in range(number_label.cell.row_end + 1, table.n_rows):
            by_field = {
                name: Located(table, found)
                for name, head in headers.items()
                if (found := table.cell(row, head.cell.col)) is not None
            }
            first = table.cell(row, 0)
            if first is not None and squash(first.text) in TOTAL_ROW_WORDS:
                totals = {name: c for name, c in by_field.items() if c.cell is not first}
                continue
            number = by_field.get("measure_no")
            if number is not None and number.cell.row == row and re.fullmatch(r"\d+", squash(number.text)):
                projects.append(Project(by_field))
        return ProjectTable(projects, totals, headers, year)
    return None


def _block_rows(labels: list[Located], label: Located) -> range:
    """The rows of the indicator block starting at `label`: up to the next block in its table."""
    starts = sorted(c.cell.row for c in labels if c.table is label.table and c.cell.row > label.cell.row)
    return range(label.cell.row, starts[0] if starts else label.table.n_rows)


def indicators(document: Document) -> list[Indicator]:
    """Every 成果指標 block, found by its `主① 指標名` label."""
    name_labels = [c for c in located_cells(document) if squash(c.text).endswith("指標名")]
    found = []
    for name_label in name_labels:
        table, rows = name_label.table, _block_rows(name_labels, name_label)
        # The key as printed (主①): `normalizers.text` keeps circled numbers, a squash would not.
        key = re.sub(r"\s*指標名$", "", nz.text(name_label.text).value or "") or str(len(found) + 1)
        indicator = Indicator(key=key, name=name_label.below())
        in_block = [
            Located(table, c) for c in table.cells if c.row in rows and c is not name_label.cell and c.text.strip()
        ]
        anchor = next((c for c in in_block if squash(c.text) == "評価年度"), None)
        if anchor is None:
            continue
        column = anchor.cell.col
        right_labels: dict[str, Located] = {}
        for located in in_block:
            text = squash(located.text)
            if located.cell.col == column:
                right_labels.setdefault(text, located)
            elif located.cell.col < column:
                indicator.labels.setdefault(text, located)
        level_label = right_labels.get("達成度合")
        for year_cell in _right_of(anchor):
            year = nz.fiscal_year(year_cell.text)
            level = year_cell.at(level_label.cell.row, year_cell.cell.col) if level_label is not None else None
            if year.ok and level is not None:
                indicator.levels.append((year_cell, year.value if isinstance(year.value, int) else None, level))
        year_label = right_labels.get("年度")
        for label in _right_of(year_label) if year_label is not None else []:
            year = nz.fiscal_year(label.text)
            progress = squash(label.text) == "進捗率"
            if not (year.ok or progress):
                continue
            indicator.columns.append(
                YearColumn(
                    label=label,
                    fiscal_year=year.value if isinstance(year.value, int) else None,
                    is_progress=progress,
                    target=_under(right_labels.get("目標値"), label),
                    actual=_under(right_labels.get("実績値"), label),
                    rate=_under(right_labels.get("達成率"), label),
                )
            )
        found.append(indicator)
    return found


def _under(row_label: Located | None, column_label: Located) -> Located | None:
    """The cell in `row_label`'s row and `column_label`'s column."""
    return row_label.at(row_label.cell.row, column_label.cell.col) if row_label is not None else None


def _right_of(label: Located) -> list[Located]:
    """The cells anchored in `label`'s row right of it, left to right (a block reaching down from above is not)."""
    out, current = [], label.right()
    while current is not None and current.cell.row == label.cell.row:
        out.append(current)
        current = current.right()
    return out


def judgement(document: Document) -> Judgement | None:
    """5 (2) 取組の分析: the 基準1–4 marks and the stated 判定."""
    for first in starting(document, "基準1"):
        table = first.table
        mark_col: int | None = None
        criteria: list[Criterion] = []
        stated: Located | None = None
        rule: Located | None = None
        for row in range(first.cell.row, table.n_rows):
            anchored = [Located(table, c) for c in table.row(row)]
            if not anchored:
                continue
            lead = squash(anchored[0].text)
            if lead.startswith("基準"):
                mark_col = next(
                    (a.cell.col for a in anchored if any(m in a.text for m in CRITERION_MARK_HEADERS)), mark_col
                )
            elif re.fullmatch(r"\d", lead) and mark_col is not None:
                mark = anchored[0].at(row, mark_col)
                if mark is not None:
                    criteria.append(Criterion(int(lead), mark))
            elif lead == "判定":
                letters = [a for a in anchored[1:] if nz.grade(a.text).ok]
                stated = letters[-1] if letters else None
                rule = next((a for a in anchored[1:] if "基準1" in squash(a.text)), None)
                break
        if criteria:
            return Judgement(criteria, stated, rule)
    return None


def count_rows(document: Document, heading: str, row_label: str | None = None) -> tuple[list[Located], list[CountRow]]:
    """A table of counts whose header holds `heading`: its column headings and rows.

    Column headings are the header cells of the row carrying the count columns (A B C D -,
    or 拡充 改善 … 合計); rows are the body rows (those starting with `row_label` if given).
    """
    for head in starting(document, heading):
        table = head.table
        # The headings row: the first row at or below `head` with several header words side by side.
        heading_row = head.cell.row if head.cell.col_span == 1 else head.cell.row + 1
        headings = [
            Located(table, c)
            for c in table.row(heading_row)
            if c.col >= head.cell.col and c.text.strip() and c is not head.cell
        ]
        if head.cell.col_span > 1:
            headings = [h for h in headings if h.cell.col <= head.cell.col_end]
        body_start = max(c.row_end for c in table.row(heading_row)) + 1
        if head.cell.col_span > 1:
            body_start = max(body_start, _header_bottom(table, head) + 1)
        rows = []
        for row in range(body_start, table.n_rows):
            lead = table.cell(row, 0)
            if lead is None or lead.row != row or not lead.text.strip():
                continue
            if row_label is not None and squash(lead.text) != squash(row_label):
                continue
            counts = {
                squash(h.text): Located(table, c) for h in headings if (c := table.cell(row, h.cell.col)) is not None
            }
            rows.append(CountRow(Located(table, lead), counts))
        if headings:
            return headings, rows
    return [], []


def _header_bottom(table: Table, head: Located) -> int:
    """The last row of the header block under a spanning heading (its rows of band labels)."""
    bottom = head.cell.row_end
    while bottom + 1 < table.n_rows:
        cell = table.cell(bottom + 1, head.cell.col)
        if cell is None or (not cell.is_header and not re.search(r"%|以上|未満|算定不可", cell.text)):
            break
        bottom += 1
    return bottom


def new_projects(document: Document) -> Located | TextBlock | None:
    """次年度新規事業 (予定): a table cell under its heading, or a boxed text line in the print."""
    for head in starting(document, "次年度新規事業"):
        value = head.below()
        if value is not None and value.text.strip():
            return value
    for block in document.text_blocks():
        if squash(block.text).startswith("次年度新規事業") and re.search(r"\d+\s*$", block.text):
            return block
    return None


def reflection_list(document: Document) -> list[dict[str, Located]]:
    """The 事務事業 listed under 反映状況: 整理番号, 事務事業名 and the two 方向性, by column."""
    for head in starting(document, "事務事業整理番号", "整理番号"):
        table = head.table
        header_cells = [Located(table, c) for c in table.row(head.cell.row)]
        columns: dict[str, int] = {}
        for h in header_cells:
            text = squash(h.text)
            if "次年度の方向性" in text or "反映結果" in text:
                columns["direction"] = h.cell.col
            elif "方向性" in text:
                columns["first_direction"] = h.cell.col
            elif "事務事業名" in text:
                columns["title"] = h.cell.col
            elif "整理番号" in text:
                columns["measure_no"] = h.cell.col
        if "direction" not in columns or "measure_no" not in columns:
            continue
        rows = []
        for row in range(head.cell.row_end + 1, table.n_rows):
            by_column = {name: head.at(row, col) for name, col in columns.items()}
            if all(v is not None for v in by_column.values()):
                rows.append({name: v for name, v in by_column.items() if v is not None})
        return rows
    return []


def responses(document: Document) -> list[Located]:
    """7 (1) 一次政策評価結果への対応: the 事務事業 column's cells (`新規:…`, `改善:…`)."""
    for head in starting(document, "対応方針"):
        table = head.table
        project_head = next((Located(table, c) for c in table.row(head.cell.row) if squash(c.text) == "事務事業"), None)
        if project_head is None:
            continue
        return [
            located
            for row in range(head.cell.row_end + 1, table.n_rows)
            if (located := project_head.at(row, project_head.cell.col)) is not None and located.cell.row == row
        ]
    return []
