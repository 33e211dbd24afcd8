"""横浜市 行動計画 中間振り返り: reading the printed tables into plain records.

The report prints a 分野 summary table, a measure list (with the 官民データ / 先端技術 再掲 lists in
the same shape) and one detail sheet per measure. Everything is found by header vocabulary and
by shape; the list's vertical 分野 labels are matched to the summary table's row names.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import normalizers as nz
from extractors.model import Cell, Document, Table, TextBlock
from profiles.tables import find_column, header_fields, plain, resolve_year, scrambled_similarity, squash

# A detail sheet's head cell: the level word and the measure's number (施策 01).
DETAIL_HEAD = re.compile(r"^(?P<level>施策)\s*(?P<no>\d+)$")
# A list cell: the measure's number, then its title.
NUMBERED_TITLE = re.compile(r"^(?P<no>\d+)\s*(?P<title>.+)$", re.S)
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# A bare fiscal year as the list's header prints it (30年度, 元年度).
BARE_YEAR = re.compile(r"(\d+|元)\s*年度")
RELISTED_WORD = "再掲"
TOTAL_WORD = "全施策"


@dataclass
class ListRow:
    """One row of the measure list or of a 再掲 list."""

    measure_no: str
    title: str
    title_cell: Cell
    group_cell: Cell | None
    departments: Cell | None
    divisions: Cell | None
    rates: dict[int, Cell]  # fiscal year -> 目標達成率 cell
    average: Cell | None
    grade: Cell | None
    group: SummaryRow | None = None  # the summary row its 分野 label names


@dataclass
class Indicator:
    name: Cell
    target: Cell
    actual: Cell


@dataclass
class DetailSheet:
    measure_no: str
    level: str
    head: Cell
    title_cell: Cell | None
    departments: Cell | None
    flags: dict[str, Cell]  # contract flag column -> the cell under its label
    indicators: list[Indicator] = field(default_factory=list)
    indicator_year: int | None = None
    rates: dict[int, Cell] = field(default_factory=dict)
    average: Cell | None = None
    grade: Cell | None = None


@dataclass
class SummaryRow:
    """A row of the 分野 summary table: kind is 'area', 'relisted' or 'total'."""

    label: str
    label_cell: Cell
    kind: str
    counts: dict[str, Cell]  # grade letter or 'total' -> cell

    @property
    def name(self) -> str:
        """The row's name without its number (1 安全で… -> 安全で…)."""
        return re.sub(r"^\d+\s*", "", self.label)


@dataclass
class Narrative:
    """The summary sentence: N 施策のうち … A 又は B 評価である施策は、約 P %にあたる M 施策."""

    block: TextBlock
    total: int
    grades: tuple[str, ...]
    share: float
    share_text: str
    count: int


@dataclass
class Reading:
    summary: list[SummaryRow]
    listed: list[ListRow]
    relisted: dict[str, list[ListRow]]  # summary row label -> its rows
    details: list[DetailSheet]
    narrative: Narrative | None
    years: tuple[int, ...]
    problems: list[str]


def strip_marker(text: str) -> str:
    """Text without a leading circled list number (①研修受講人数 -> 研修受講人数)."""
    return text.lstrip(CIRCLED).strip()


def printed_years(document: Document) -> set[int]:
    """Fiscal years printed with their era in table headers (平成30年度目標達成率)."""
    years: set[int] = set()
    for table in document.tables():
        for cell in table.cells:
            if cell.is_header and "年度" in cell.text:
                parsed = nz.header(cell.text)
                if parsed.value is not None and isinstance(parsed.value.fiscal_year, int):
                    years.add(parsed.value.fiscal_year)
    return years


def read_summary(document: Document) -> list[SummaryRow]:
    """The 分野 summary: the table whose header holds one column per grade (A評価…) and 合計."""
    for table in document.tables():
        columns = {letter: find_column(table, f"{letter}評価") for letter in "ABCD"}
        columns = {k: v for k, v in columns.items() if v is not None}
        total_col = find_column(table, "合計")
        if len(columns) < 2 or total_col is None:
            continue
        rows = []
        for r in range(table.header_rows, table.n_rows):
            label_cell = table.cell(r, 0)
            if label_cell is None or label_cell.row != r or label_cell.col_end >= min(columns.values()):
                continue
            label = plain(label_cell.text)
            kind = "total" if TOTAL_WORD in label else "relisted" if RELISTED_WORD in label else "area"
            counts = {k: table.cell(r, c) for k, c in {**columns, "total": total_col}.items()}
            rows.append(SummaryRow(label, label_cell, kind, {k: v for k, v in counts.items() if v is not None}))
        if rows:
            return rows
    return []


def _is_list_table(fields: dict[int, tuple[str, str]]) -> bool:
    kinds = Counter(f for f, _ in fields.values())
    return all(kinds[f] >= 1 for f in ("title", "departments", "divisions", "grade")) and kinds["achievement_rate"] >= 1


def read_lists(document: Document, known_years: set[int]) -> list[tuple[ListRow, str]]:
    """Every row of every measure-list table, with its 分野 label text."""
    rows: list[tuple[ListRow, str]] = []
    for table in document.tables():
        fields = header_fields(table)
        if not _is_list_table(fields):
            continue
        col = {f: c for c, (f, _) in sorted(fields.items(), reverse=True)}
        rate_cols = {c: resolve_year(text, known_years) for c, (f, text) in fields.items() if f == "achievement_rate"}
        for r in range(table.header_rows, table.n_rows):
            title_cell = table.cell(r, col["title"])
            if title_cell is None or title_cell.row != r:
                continue
            numbered = NUMBERED_TITLE.match(plain(title_cell.text))
            if numbered is None:
                continue
            at = {name: table.cell(r, c) for name, c in col.items()}
            group_cell = at.get("group_name")
            rows.append(
                (
                    ListRow(
                        measure_no=str(int(numbered["no"])),
                        title=numbered["title"],
                        title_cell=title_cell,
                        group_cell=group_cell,
                        departments=at.get("departments"),
                        divisions=at.get("divisions"),
                        rates={y: table.cell(r, c) for c, y in rate_cols.items() if y is not None and table.cell(r, c)},
                        average=at.get("average_achievement_rate"),
                        grade=at.get("grade"),
                    ),
                    plain(group_cell.text) if group_cell is not None else "",
                )
            )
    return rows


def read_details(document: Document, known_years: set[int]) -> list[DetailSheet]:
    """Every detail sheet: a head table (施策 NN | title | 所管局 / flags), then its indicator and rate tables."""
    sheets: list[DetailSheet] = []
    for table in document.tables():
        head = _detail_head(table)
        if head is not None:
            sheets.append(head)
            continue
        if not sheets:
            continue
        fields = header_fields(table)
        kinds = [f for f, _ in fields.values()]
        if "indicator_name" in kinds and "target" in kinds and "actual" in kinds:
            _read_indicators(table, fields, sheets[-1])
        elif kinds.count("achievement_rate") >= 1 and "grade" in kinds:
            _read_rates(table, fields, sheets[-1], known_years)
    return sheets


def _detail_head(table: Table) -> DetailSheet | None:
    for cell in table.cells:
        match = DETAIL_HEAD.match(squash(cell.text)) if cell.is_header else None
        if match is None:
            continue
        labels: dict[str, Cell] = {}
        for label in table.cells:
            parsed = nz.header(label.text) if label.is_header else None
            if parsed is not None and parsed.value is not None and parsed.value.field is not None:
                labels[parsed.value.field] = label
        below = {f: table.cell(c.row_end + 1, c.col) for f, c in labels.items()}
        return DetailSheet(
            measure_no=str(int(match["no"])),
            level=match["level"],
            head=cell,
            title_cell=table.cell(cell.row, cell.col_end + 1),
            departments=below.get("departments"),
            flags={f: c for f, c in below.items() if f.startswith("flag_") and c is not None},
        )
    return None


def _read_indicators(table: Table, fields: dict[int, tuple[str, str]], sheet: DetailSheet) -> None:
    col = {f: c for c, (f, _) in fields.items()}
    for r in range(table.header_rows, table.n_rows):
        row = table.row(r)
        if not row or any(c.is_header for c in row):
            break  # the 取組実績 band below the indicators
        cells = [table.cell(r, col[f]) for f in ("indicator_name", "target", "actual")]
        if all(c is not None and c.row == r for c in cells) and len({id(c) for c in cells}) == 3:
            name, target, actual = cells
            sheet.indicators.append(Indicator(name, target, actual))  # type: ignore[arg-type]


def _read_rates(table: Table, fields: dict[int, tuple[str, str]], sheet: DetailSheet, known: set[int]) -> None:
    r = table.header_rows
    for c, (f, text) in fields.items():
        cell = table.cell(r, c)
        if cell is None:
            continue
        if f == "achievement_rate":
            year = resolve_year(text, known)
            if year is not None:
                sheet.rates[year] = cell
        elif f == "average_achievement_rate":
            sheet.average = cell
        elif f == "grade":
            sheet.grade = cell
    sheet.indicator_year = max(sheet.rates, default=None)


NARRATIVE = re.compile(
    r"(?P<total>\d+)\s*施策のうち.*?(?P<grades>[A-D](?:\s*(?:又は|または|、|・)\s*[A-D])*)\s*評価である施策は.*?"
    r"(?P<share>\d+(?:\.\d+)?)\s*%\s*にあたる\s*(?P<count>\d+)\s*施策"
)


def read_narrative(document: Document) -> Narrative | None:
    for block in document.text_blocks():
        match = NARRATIVE.search(plain(block.text))
        if match is not None:
            return Narrative(
                block,
                int(match["total"]),
                tuple(re.findall(r"[A-D]", match["grades"])),
                float(match["share"]),
                f"{match['share']}%",
                int(match["count"]),
            )
    return None


def assign_groups(rows: list[tuple[ListRow, str]], summary: list[SummaryRow]) -> None:
    """Each row's 分野: the summary row whose name is most like its (possibly scrambled) vertical label."""
    named = [s for s in summary if s.kind != "total"]
    for row, label in rows:
        if label and named:
            row.group = max(named, key=lambda s: scrambled_similarity(label, s.name))


def read(document: Document) -> Reading:
    known = printed_years(document)
    summary = read_summary(document)
    rows = read_lists(document, known)
    assign_groups(rows, summary)
    listed = [row for row, _ in rows if row.group is None or row.group.kind == "area"]
    relisted: dict[str, list[ListRow]] = {}
    for row, _ in rows:
        if row.group is not None and row.group.kind == "relisted":
            relisted.setdefault(row.group.label, []).append(row)
    years = tuple(sorted({y for row in listed for y in row.rates}))
    problems = []
    if not summary:
        problems.append("The 分野 summary table (A評価 / B評価 / C評価 / 合計) was not found.")
    if not listed:
        problems.append("The measure list (施策名 / 所管局 / 所管課 / 目標達成率 / 進捗評価) was not found.")
    if any(len(row.rates) < 2 for row in listed):
        problems.append("A 目標達成率 column of the measure list names a fiscal year that could not be resolved.")
    return Reading(summary, listed, relisted, read_details(document, known), read_narrative(document), years, problems)
