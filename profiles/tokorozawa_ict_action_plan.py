"""所沢市 ICT推進アクションプラン 進捗状況評価: a word-processor report of the plan's systems (個別システム).

Where the report prints what (found by vocabulary and structure, never by page or position; the tables
are declared as `profiles.locate.TableSpec`s and `CONTENTS` says which a document must print):
- 表３－x by vision (ビジョン | Ａ評価…Ｄ評価 with `16件（84%）` cells | ＡまたはＢ評価の割合) and the pie
  legends 図３－x (Ａ評価…Ｄ評価 over shares); which grade they summarise (the report year or 総括) is
  said by the text just before each table.
- the grade list 表４－１ (Ｐ. | システム名 | 主担当課 | 評価結果: R3, 総括) with vision rows spanning the
  table or a ビジョン column, and 参考資料 (the same columns with R1, R2, R3, 総括).
- one label/value sheet per system (システム名, 担当課名, 事業段階, a year header over 予算額 / 決算額, the
  評価 block with the year's grade and 目標達成状況の評価 = 総括); the 掲載内容説明 template has the same
  labels with placeholder text where amounts stand, and is no system. A producer may print a sheet as several
  tables (a head with 段階 beside 担当課名 and a ビジョン row, the amounts, the grades as label/value rows):
  labels are then found by vocabulary in any column of the sheet's tables (`profiles.tables.label_values`).
- narrative sentences stating totals (全 N システムのうち A：a件…, 合わせると N件で、全体の P％).

The sheets carry no number: a sheet is paired with its 表４－１ row by the order both follow, names
confirming (a name differing on the sheet is reported, not a reason to unpair).
"""

from __future__ import annotations

import difflib
import itertools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import normalizers as nz
from audit.bands import Band
from audit.rules import DuplicateCase, Figure, FigureCase, FigureRule, GradeCase, GradeRule, SameFactCase, Where
from extractors.model import Cell, Document, Table, TextBlock
from profiles import Case, ProfileOutput
from profiles.locate import Column, Inventory, Location, TableSpec, locate_all
from profiles.tables import (
    Position,
    evidence,
    fiscal_year_of,
    grade_letter,
    label_values,
    labelled_value,
    number_in,
    number_text,
    reading_order,
    squash,
    table_end,
    table_start,
    text_between,
    vocabulary_share,
    where,
)

PROFILE_ID = "tokorozawa_ict_action_plan"
LEVEL = "個別システム"  # what the report calls the things it grades (表３－x: 個別システム件数)
LETTERS = ("A", "B", "C", "D")

# -- rules, as data -------------------------------------------------------------------------------------------
# The grades are the systems' self-assessments against 表２－１'s worded criteria: no figure yields them.
# What can be recomputed is that a grade printed in 表４－１ or 参考資料 is the one on the system's own sheet;
# a grade is carried over as its rank on the A–D scale, and the bands give the letter back.
GRADE_RANK = {"A": 4.0, "B": 3.0, "C": 2.0, "D": 1.0}
RANK_BANDS = (
    Band("A", low=3.5),
    Band("B", low=2.5, high=3.5),
    Band("C", low=1.5, high=2.5),
    Band("D", high=1.5),
)
PLACES = {"list": "表４－１", "reference": "参考資料", "sheet": "the system's sheet"}


# Which grade types each printed place states.
PLACE_GRADE_TYPES = {
    "list": ("r3_progress", "final"),
    "sheet": ("r3_progress", "final"),
    "reference": ("r1", "r2", "r3_progress", "final"),
}


def _grade_rule(grade_type: str, *, on_sheet: bool) -> GradeRule:
    if on_sheet:
        rule_id = f"{PROFILE_ID}.self_assessment.{grade_type}"
        words = f"{grade_type} on the system's sheet: the 担当課's self-assessment against 表２－１ (no printed inputs)"
    else:
        rule_id = f"{PROFILE_ID}.as_on_sheet.{grade_type}"
        words = f"{grade_type} in 表４－１ or 参考資料 = the grade on the system's sheet"
    return GradeRule(rule_id, grade_type, words, "value", RANK_BANDS)


# The place a grade is printed in is the case's `place` (list | sheet | reference), not part of the rule.
GRADE_RULES = {
    (place, grade_type): _grade_rule(grade_type, on_sheet=place == "sheet")
    for place, grade_types in PLACE_GRADE_TYPES.items()
    for grade_type in grade_types
}

# Shares are whole percent of the graded systems (a `-` is not graded): 84.2 prints 84, 8.6 prints 9.
SHARE_ROUNDING = "round"
VISION_COUNT = FigureRule(
    f"{PROFILE_ID}.vision_count",
    "vision_summary_count",
    "表３－x: the systems of the vision with that grade in 表４－１",
    "count",
)
VISION_SHARE = FigureRule(
    f"{PROFILE_ID}.vision_share",
    "vision_summary_share",
    "表３－x: share of the vision's graded systems in 表４－１, whole percent rounded",
    "percent_of_count",
)
FIGURE_SHARE = FigureRule(
    f"{PROFILE_ID}.figure_share",
    "figure_share",
    "図３－x: share of all graded systems in 表４－１, whole percent rounded",
    "percent_of_count",
)
NARRATIVE_COUNT = FigureRule(
    f"{PROFILE_ID}.narrative_count",
    "narrative_total",
    "a count the text states = the sum of the vision counts printed in 表３－x",
    "sum",
)
NARRATIVE_LIST_COUNT = FigureRule(
    f"{PROFILE_ID}.narrative_list_count",
    "narrative_total",
    "a count the text states = the systems so graded in 表４－１ (no 表３－x for this grade)",
    "count",
)
NARRATIVE_SYSTEMS = FigureRule(
    f"{PROFILE_ID}.narrative_systems",
    "narrative_total",
    "全 N システム = the systems listed in 表４－１",
    "count",
)
NARRATIVE_SHARE = FigureRule(
    f"{PROFILE_ID}.narrative_share",
    "narrative_total",
    "the share of A or B the text states = of the graded systems in 表４－１, whole percent rounded",
    "percent_of_count",
)
SETTLEMENT_WITHIN_BUDGET = FigureRule(
    f"{PROFILE_ID}.settlement_within_budget",
    "settlement_exceeds_budget",
    "決算額 is at most the year's 予算額",
    "value",
    relation="at_most",
)


# -- what the document prints ---------------------------------------------------------------------------------
@dataclass
class ListedSystem:
    """One row of 表４－１ or 参考資料."""

    key: str
    number_cell: Cell
    name_cell: Cell
    department_cell: Cell | None
    vision: str | None  # the vision row's number, e.g. '1'
    group_name: str | None
    grades: dict[str, Cell] = field(default_factory=dict)  # grade_type -> cell


@dataclass
class GradeTable:
    place: str  # list | reference
    location: Location
    systems: list[ListedSystem]
    headers: dict[str, Cell]  # grade_type -> header cell
    years: dict[str, int]  # grade_type -> fiscal year (final has none)


@dataclass
class SystemSheet:
    name_cell: Cell
    department_cell: Cell | None
    stage_cell: Cell | None
    year_cells: list[Cell]
    budget_cells: list[Cell]
    settlement_cells: list[Cell]
    budget_unit: str | None
    settlement_unit: str | None
    grades: dict[str, Cell]
    vision_cell: Cell | None = None


@dataclass
class Statement:
    """A figure stated in running text, with what it counts."""

    grade_type: str
    what: str  # A..D, AB (A or B), systems, share
    value: float
    text: str
    source: Cell | TextBlock


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


# Which grade a passage speaks of: the last mention before a point wins (a sentence may name both).
_FINAL_WORDS = re.compile(r"総括|目標達成指標|目標達成状況")
_YEAR_WORDS = re.compile(r"(?:令和|R)\s*[0-9元]+\s*年度")


def grade_type_of(text: str) -> str | None:
    """'final' or 'r3_progress' after the passage's last mention of 総括 / 目標達成 or of a fiscal year."""
    text = _nfkc(text)
    last_final = max((m.end() for m in _FINAL_WORDS.finditer(text)), default=-1)
    last_year = max((m.end() for m in _YEAR_WORDS.finditer(text)), default=-1)
    if last_final < 0 and last_year < 0:
        return None
    return "final" if last_final > last_year else "r3_progress"


# -- reading ----------------------------------------------------------------------------------------------------
# The first-column labels of a system's sheet. A sheet may break over a page, and its parts may then come out
# as separate tables: a sheet is read as a run of labelled rows, from one システム名 row to the next.
SHEET_LABELS = (
    "システム名",
    "担当課名",
    "業務システムの課題",
    "事業段階",
    "予算額",
    "決算額",
    "評価理由",
    "今後の計画",
)


@dataclass
class SheetRow:
    table: Table
    row: int
    label: str  # squashed; '' for a row under a label spanning rows, or without a label
    label_col: int  # the sheet's label column (the first, unless blank columns are printed before it)

    def values(self) -> list[Cell]:
        return [c for c in self.table.row(self.row) if c.col > self.label_col]

    def label_cell(self) -> Cell | None:
        return self.table.cell(self.row, self.label_col)


def _label_column(table: Table) -> int | None:
    """The leftmost column holding at least two of a sheet's labels."""
    for col in range(table.n_cols):
        labels = {squash(c.text) for c in table.column(col)}
        if sum(any(label.startswith(squash(w)) for label in labels) for w in SHEET_LABELS) >= 2:
            return col
    return None


def _sheet_rows(document: Document) -> list[SheetRow]:
    """Every row of every table that has a sheet's labels in one column, in document order."""
    rows: list[SheetRow] = []
    for table in document.tables():
        col = _label_column(table)
        if col is None:
            continue
        for r in range(table.n_rows):
            anchor = table.cell(r, col)
            label = squash(anchor.text) if anchor is not None and anchor.row == r else ""
            rows.append(SheetRow(table, r, label, col))
    return rows


def _overlap(a: Cell, b: Cell) -> float:
    if a.bbox is None or b.bbox is None:
        return 1.0 if b.col <= a.col <= b.col_end else 0.0
    return min(a.bbox[2], b.bbox[2]) - max(a.bbox[0], b.bbox[0])


def _below(header: Cell, row: SheetRow) -> Cell | None:
    """The value printed under a header cell in the next row (matched by position: the row may be on the next page)."""
    best = max(row.values(), key=lambda c: _overlap(header, c), default=None)
    return best if best is not None and _overlap(header, best) > 0 else None


def read_sheets(document: Document) -> list[SystemSheet]:
    """The label/value sheets (template included), each from its システム名 row to the next one."""
    stream = _sheet_rows(document)
    starts = [i for i, row in enumerate(stream) if row.label == squash("システム名")]
    tables = [item.table for item in reading_order(document) if item.table is not None]
    sheets = []
    for n, first in enumerate(starts):
        last = starts[n + 1] if n + 1 < len(starts) else len(stream)
        end = _row_position(stream[last]) if last < len(stream) else None
        sheet = _read_sheet(stream[first:last], _sheet_tables(stream[first:last], tables, end))
        if sheet is not None:
            sheets.append(sheet)
    return sheets


def _row_position(row: SheetRow) -> Position:
    cell = row.label_cell() or row.table.row(row.row)[0]
    return (cell.page, cell.bbox[1] if cell.bbox is not None else 0.0)


def _sheet_tables(rows: list[SheetRow], tables: list[Table], end: Position | None) -> list[Table]:
    """The tables a sheet prints: those of its labelled rows, and those starting after its first row and before
    the next sheet (a producer may print the sheet's head, amounts and grades as separate tables)."""
    start = _row_position(rows[0])
    own = list(dict.fromkeys(id(row.table) for row in rows))
    found = [t for t in tables if id(t) in own]
    found += [
        t for t in tables if id(t) not in own and start <= table_start(t) and (end is None or table_start(t) < end)
    ]
    return found


def _is_grade_label(text: str) -> bool:
    """A label naming the grade of the report year or of 総括 (令和3年度 進捗状況評価, 目標達成指標 総括評価)."""
    return text.endswith("評価") and grade_type_of(text) is not None


def _read_sheet(rows: list[SheetRow], tables: list[Table]) -> SystemSheet | None:
    def index(*names: str, prefix: bool = False) -> int | None:
        wanted = [squash(n) for n in names]
        for i, row in enumerate(rows):
            if any(row.label == w or (prefix and row.label.startswith(w)) for w in wanted):
                return i
        return None

    def value(i: int | None) -> Cell | None:
        cells = rows[i].values() if i is not None else []
        return cells[0] if cells else None

    budget_at, settlement_at = index("予算額", prefix=True), index("決算額", prefix=True)
    name = value(0)
    if name is None or budget_at is None or settlement_at is None:
        return None
    # The year header: the nearest row above the amounts whose cells name fiscal years.
    year_cells: list[Cell] = []
    for i in range(min(budget_at, settlement_at) - 1, -1, -1):
        cells = rows[i].values()
        if cells and all(fiscal_year_of(c.text) is not None for c in cells):
            year_cells = cells
            break
    grades: dict[str, Cell] = {}
    grade_at = index("評価")
    if grade_at is not None and grade_at + 1 < len(rows):
        for header in rows[grade_at].values():
            cell = _below(header, rows[grade_at + 1])
            if cell is not None:
                grade_type = "final" if _FINAL_WORDS.search(_nfkc(header.text)) else "r3_progress"
                grades.setdefault(grade_type, cell)
    if not grades:
        # Grades as label/value rows: each label names its grade, the grade (or `-`, not graded) beside it.
        for label, cell in label_values(tables, _is_grade_label):
            grades.setdefault(grade_type_of(label.text) or "", cell)
    department_labels = ("担当課名", "担当課", "主担当課")
    return SystemSheet(
        name_cell=name,
        department_cell=value(index(*department_labels)) or labelled_value(tables, *department_labels),
        stage_cell=value(index("事業段階")) or labelled_value(tables, "事業段階", "段階"),
        vision_cell=labelled_value(tables, "ビジョン"),
        year_cells=year_cells,
        budget_cells=rows[budget_at].values(),
        settlement_cells=rows[settlement_at].values(),
        budget_unit=_unit(rows[budget_at]),
        settlement_unit=_unit(rows[settlement_at]),
        grades=grades,
    )


def _unit(row: SheetRow) -> str | None:
    """The unit the row's label prints (予算額（円）)."""
    header = nz.header(row.label_cell().text).value  # type: ignore[union-attr]
    return header.unit if header is not None else None


def is_template(sheet: SystemSheet) -> bool:
    """The 掲載内容説明 sheet: where amounts stand it prints words (what the cell holds), not numbers or marks."""
    amounts = sheet.budget_cells + sheet.settlement_cells
    readings = [nz.quantity(c.text).value for c in amounts]
    return bool(amounts) and all(q is not None and q.value is None and q.na_marker is None for q in readings)


def _vision_number(text: str) -> str | None:
    m = re.search(r"(\d+)\s*[.．]", _nfkc(text))
    return m.group(1) if m else None


# -- the tables, declared by their header vocabulary --------------------------------------------------------
# 表４－１ and 参考資料 print the same columns; 参考資料 heads a grade column for every year of the plan.
GRADE_COLUMNS = (
    Column("number", ("P.", "No.", "番号")),
    Column("name", ("システム名",)),
    Column("department", ("主担当課", "担当課"), required=False),
    Column("final", ("総括", "評価結果総括", "総括評価"), required=False, whole=True),
    # The vision a system serves, when printed as a column rather than as rows spanning the table.
    Column("vision", ("ビジョン",), required=False, whole=True),
)
GRADE_LIST = TableSpec("the grade list 表４－１", GRADE_COLUMNS, key="number", years=True)
# The plan's last report adds 参考資料; a report of an earlier year has none.
REFERENCE = TableSpec("the grade table of 参考資料", GRADE_COLUMNS, key="number", years=True, required=False)
VISION_SUMMARY = TableSpec(
    "the vision summaries 表３－x",
    (
        Column("vision", ("ビジョン",)),
        *(Column(letter, (f"{letter}評価",)) for letter in LETTERS),
        Column("AB", ("AまたはB", "A又はB"), required=False),
    ),
    key="vision",
    group_rows=False,
)
# A pie chart's legend, when it is printed as a table (otherwise as lines `Ａ評価 88%`).
FIGURE_LEGEND = TableSpec(
    "a pie chart's legend 図３－x",
    tuple(Column(letter, (f"{letter}評価",)) for letter in LETTERS),
    key="A",
    group_rows=False,
    required=False,
)
CONTENTS = (GRADE_LIST, REFERENCE, VISION_SUMMARY)


def read_grade_table(location: Location) -> GradeTable | None:
    """表４－１ or 参考資料: a row per system under vision rows that span the table."""
    if not location.years:
        return None
    report_year = location.years[-1].year
    headers: dict[str, Cell] = {}
    years: dict[str, int] = {}  # grade_type -> fiscal year
    grade_types: dict[int, str] = {}  # fiscal year -> grade_type
    final = location.header("final")
    if final is not None:
        headers["final"] = final
    for index, year in enumerate(location.years):
        grade_type = "r3_progress" if year.year == report_year else f"r{index + 1}"
        headers[grade_type], years[grade_type], grade_types[year.year] = year.header, year.year, grade_type
    place = "reference" if len(location.years) > 1 else "list"
    location.reasons.append(f"taken as {PLACES[place]}: a grade column for {len(location.years)} year(s)")
    systems: list[ListedSystem] = []
    for row in location.rows:
        number, name = row.cell("number"), row.cell("name")
        if number is None or name is None:
            continue
        vision_cell = row.cell("vision")
        group = row.group.text if row.group is not None else vision_cell.text if vision_cell is not None else None
        grades = {grade_types[year.year]: cell for year, cell in row.year_cells()}
        if (final_cell := row.cell("final")) is not None:
            grades["final"] = final_cell
        systems.append(
            ListedSystem(
                key=nz.text(number.text).value or number.text,
                number_cell=number,
                name_cell=name,
                department_cell=row.cell("department"),
                vision=_vision_number(group) if group is not None else None,
                group_name=nz.text(group).value if group is not None else None,
                grades=grades,
            )
        )
    return GradeTable(place, location, systems, headers, years)


@dataclass
class VisionSummary:
    grade_type: str
    rows: list[tuple[str | None, Cell, dict[str, Cell], Cell | None]]  # vision, label, letter cells, A-or-B cell


@dataclass
class FigureLegend:
    grade_type: str
    shares: dict[str, Figure]  # letter -> the share printed beside it


# A legend printed as text lines: `Ａ評価 88%`.
_LEGEND_LINE = re.compile(r"^([A-D])評価(\d+(?:\.\d+)?)%$")


def _legend_line(block: TextBlock) -> tuple[str, Figure] | None:
    m = _LEGEND_LINE.match(squash(block.text))
    if m is None:
        return None
    return m.group(1), Figure(float(m.group(2)), m.group(2), where(block), SHARE_ROUNDING, "share")


def read_summaries(document: Document, inventory: Inventory) -> tuple[list[VisionSummary], list[FigureLegend]]:
    """表３－x, and the legends of the pie charts after each (a legend summarises the table's grade).

    Which grade a table summarises (the report year or 総括) is said by the text since the previous table."""
    located = inventory.locate_all(document, VISION_SUMMARY)
    by_table = {id(loc.table): loc for loc in located}
    legend_tables = {id(loc.table): loc for loc in locate_all(document, FIGURE_LEGEND) if id(loc.table) not in by_table}
    summaries: list[VisionSummary] = []
    legends: list[FigureLegend] = []
    previous: Table | None = None
    lines: dict[str, Figure] = {}
    for item in reading_order(document):
        if item.block is not None:
            line = _legend_line(item.block)
            if line is not None and summaries:
                lines[line[0]] = line[1]
                if len(lines) == len(LETTERS):
                    legends.append(FigureLegend(summaries[-1].grade_type, lines))
                    lines = {}
            continue
        table = item.table
        if table is None:
            continue
        if (location := by_table.get(id(table))) is not None:
            said = text_between(document, table_end(previous) if previous else None, table_start(table))
            grade_type = grade_type_of(said)
            if grade_type is not None:
                summaries.append(VisionSummary(grade_type, _summary_rows(location)))
        elif (legend := legend_tables.get(id(table))) is not None and summaries and legend.rows:
            shares = {k: f for k in LETTERS if (c := legend.rows[0].cell(k)) is not None and (f := _percent(c))}
            legends.append(FigureLegend(summaries[-1].grade_type, shares))
        previous = table
    return summaries, legends


def _summary_rows(location: Location) -> list[tuple[str | None, Cell, dict[str, Cell], Cell | None]]:
    rows = []
    for row in location.rows:
        label = row.cell("vision")
        if label is None:
            continue
        cells = {k: c for k in LETTERS if (c := row.cell(k)) is not None}
        rows.append((_vision_number(label.text), label, cells, row.cell("AB")))
    return rows


def count_and_share(cell: Cell) -> tuple[Figure, Figure] | None:
    """`16件（84%）`: the count and the share in brackets after it (the quantity's aside), each a printed figure."""
    parsed = nz.quantity(cell.text).value
    if parsed is None or len(parsed.parts) != 2:
        return None
    count, share = parsed.parts[0].quantity, parsed.parts[1].quantity
    if count.value is None or parsed.parts[1].label != "()" or share.value is None or share.unit != "%":
        return None
    return (
        Figure(count.value, number_text(count.value), where(cell), "exact", "count"),
        Figure(share.value, number_text(share.value), where(cell), SHARE_ROUNDING, "share"),
    )


def _percent(cell: Cell) -> Figure | None:
    q = nz.quantity(cell.text, unit_hint="%").value
    if q is None or q.value is None or q.unit != "%":
        return None
    digits = re.sub(r"[^0-9.]", "", _nfkc(cell.text))
    return Figure(q.value, digits, where(cell), SHARE_ROUNDING, "share")


# Statements of totals in running text (NFKC, whitespace removed).
_ALL_SYSTEMS = re.compile(r"全(\d+)(?:システム|件)のうち((?:[A-D][:：]\d+件[、,]?)+)")
_LETTER_COUNT = re.compile(r"([A-D])[:：](\d+)件")
_AB_COUNT = re.compile(r"合わせると(\d+)件")
_WHOLE_SHARE = re.compile(r"全体の(\d+(?:\.\d+)?)%")


def statements(text: str, source: Cell | TextBlock) -> list[Statement]:
    found: list[Statement] = []
    for sentence in squash(text).split("。"):
        for m in _ALL_SYSTEMS.finditer(sentence):
            grade_type = grade_type_of(sentence[: m.start()] or sentence)
            if grade_type is None:
                continue
            found.append(Statement(grade_type, "systems", float(m.group(1)), m.group(1), source))
            for letter, count in _LETTER_COUNT.findall(m.group(2)):
                found.append(Statement(grade_type, letter, float(count), count, source))
        if not ("A" in sentence and "B" in sentence):
            continue
        for pattern, what in ((_AB_COUNT, "AB"), (_WHOLE_SHARE, "share")):
            for m in pattern.finditer(sentence):
                grade_type = grade_type_of(sentence[: m.start()])
                if grade_type is not None:
                    found.append(Statement(grade_type, what, float(m.group(1)), m.group(1), source))
    return found


def pair_sheets(listed: list[ListedSystem], sheets: list[SystemSheet]) -> list[tuple[ListedSystem, SystemSheet]]:
    """Sheets with their 表４－１ rows: both follow the list's order; equal names anchor the alignment."""
    list_names = [squash(s.name_cell.text) for s in listed]
    sheet_names = [squash(s.name_cell.text) for s in sheets]
    pairs = []
    matcher = difflib.SequenceMatcher(None, list_names, sheet_names, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            pairs += list(zip(listed[i1:i2], sheets[j1:j2], strict=True))
    return pairs


# -- the profile ----------------------------------------------------------------------------------------------
VOCABULARY = (
    "アクションプラン",
    "進捗状況",
    "個別システム",
    "システム名",
    "担当課名",
    "事業段階",
    "予算額",
    "決算額",
    "総括",
)


class TokorozawaIctActionPlan:
    profile_id = PROFILE_ID
    description = (
        "所沢市 ICT推進アクションプラン 進捗状況評価: recognised by its vocabulary (アクションプラン, 個別システム, "
        "担当課名, 事業段階, 予算額/決算額, 総括) and its tables: a Ｐ./システム名/主担当課/評価結果 grade list and "
        "label/value sheets (システム名, 担当課名, 予算額, 決算額)"
    )

    def score(self, document: Document) -> float:
        has_list = bool(locate_all(document, GRADE_LIST))
        sheets = len(read_sheets(document))
        return round(0.4 * vocabulary_share(document, VOCABULARY) + 0.3 * has_list + 0.3 * min(sheets, 3) / 3, 3)

    def extract(self, document: Document) -> ProfileOutput:
        out = ProfileOutput()
        out.title = _title(document)
        inventory = Inventory(CONTENTS)
        grade_tables = [g for loc in locate_all(document, GRADE_LIST) if (g := read_grade_table(loc)) is not None]
        grade_list = next((g for g in grade_tables if g.place == "list"), None)
        reference = next((g for g in grade_tables if g.place == "reference"), None)
        inventory.record(GRADE_LIST, [grade_list.location] if grade_list else [])
        inventory.record(REFERENCE, [reference.location] if reference else [])
        summaries, legends = read_summaries(document, inventory)
        sheets = [s for s in read_sheets(document) if not is_template(s)]
        out.problems += inventory.problems()
        out.located = inventory.decisions()
        if grade_list is None:
            # The checks counting over the list's rows are stated, but not computable.
            unread = inventory.unread(GRADE_LIST)
            out.cases += _summary_cases(None, summaries, legends, unread)
            out.cases += _narrative_cases(document, None, summaries, unread)
            return out
        out.report_fiscal_year = grade_list.years.get("r3_progress")
        plan_years = sorted(reference.years.values()) if reference else []
        if not plan_years and out.report_fiscal_year is not None:
            plan_years = [out.report_fiscal_year - 2, out.report_fiscal_year - 1, out.report_fiscal_year]

        if not sheets:
            out.problems.append(f"No system's sheet ({' | '.join(SHEET_LABELS[:2])} | 予算額 | 決算額) was found.")
        pairs = pair_sheets(grade_list.systems, sheets)
        sheet_of = {id(listed): sheet for listed, sheet in pairs}
        for sheet in sheets:
            if all(sheet is not s for _, s in pairs):
                name = nz.text(sheet.name_cell.text).value
                out.problems.append(f"The sheet of {name} (p.{sheet.name_cell.page}) has no row in 表４－１.")
        for listed, sheet in pairs:
            if listed.vision is None and sheet.vision_cell is not None:
                listed.vision = _vision_number(sheet.vision_cell.text)
                listed.group_name = nz.text(sheet.vision_cell.text).value
        vision_unread = None
        if grade_list.systems and all(s.vision is None for s in grade_list.systems):
            vision_unread = "neither 表４－１ nor the systems' sheets were read for the ビジョン of each system"
            out.problems.append(f"The ビジョン of the systems was not read: {vision_unread}.")
        by_key_reference = {s.key: s for s in reference.systems} if reference else {}
        for listed in grade_list.systems:
            sheet = sheet_of.get(id(listed))
            if sheet is None and sheets:
                out.problems.append(f"P.{listed.key} {nz.text(listed.name_cell.text).value} has no sheet.")
            out.measures.append(_measure(listed, sheet))
            if sheet is not None:
                out.budgets += _budgets(listed.key, sheet, plan_years)
                out.cases += _sheet_cases(listed, sheet, by_key_reference.get(listed.key), plan_years, reference)
            out.cases += _grade_cases(listed, sheet, by_key_reference.get(listed.key), grade_list, reference)
        if reference is not None:
            listed_keys = {s.key for s in grade_list.systems}
            for extra in reference.systems:
                if extra.key not in listed_keys:
                    out.problems.append(f"参考資料 lists P.{extra.key}, which 表４－１ does not.")
                    out.cases += _grade_cases(extra, None, extra, grade_list, reference, only_reference=True)
        for table in (grade_list, reference):
            if table is not None:
                out.cases.append(
                    DuplicateCase(
                        "duplicate_measure_no",
                        f"Ｐ. numbers of {PLACES[table.place]}",
                        tuple((s.key, where(s.number_cell)) for s in table.systems),
                        "each system has one Ｐ. number",
                    )
                )
        out.cases += _summary_cases(grade_list, summaries, legends, vision_unread=vision_unread)
        out.cases += _narrative_cases(document, grade_list, summaries)
        return out


def _title(document: Document) -> str | None:
    """The report's name as its running header prints it on most pages, else the title page's first block."""
    counts = Counter(b.text for b in document.text_blocks() if "アクションプラン" in b.text)
    repeated = [t for t, n in counts.most_common() if n > 1]
    if repeated:
        return nz.text(repeated[0]).value
    first = next((b.text for b in document.text_blocks() if "アクションプラン" in b.text), None)
    return nz.text(first).value if first else None


def _measure(listed: ListedSystem, sheet: SystemSheet | None) -> dict[str, Any]:
    name_cell = sheet.name_cell if sheet is not None else listed.name_cell
    department_cell = sheet.department_cell if sheet is not None else listed.department_cell
    stage = sheet.stage_cell if sheet is not None else None
    return {
        "measure_key": listed.key,
        "measure_no": listed.key,
        "title": nz.text(name_cell.text).value,
        "level": LEVEL,
        "group_name": listed.group_name,
        # 担当課名 names a 課: a division, as in the other series (the sheet names no 局/部).
        "departments": None,
        "divisions": list(nz.names(department_cell.text).value or ()) if department_cell else None,
        "stage": nz.text(stage.text).value if stage is not None else None,
        "flag_kanmin_data": None,
        "flag_sentan_gijutsu": None,
        "flag_leading": None,
        **evidence(name_cell),
    }


def _column_years(sheet: SystemSheet, plan_years: list[int]) -> list[int | None]:
    """The fiscal year of each amount column: as headed when the header runs year by year, else by position."""
    printed = [fiscal_year_of(c.text) for c in sheet.year_cells]
    n = len(sheet.budget_cells)
    years = [y for y in printed if y is not None]
    if len(years) == n and all(b == a + 1 for a, b in itertools.pairwise(years)):
        return list(years)
    if len(plan_years) == n:
        return list(plan_years)
    first = printed[0] if printed and printed[0] is not None else None
    return [first + i if first is not None else None for i in range(n)]


def _budgets(key: str, sheet: SystemSheet, plan_years: list[int]) -> list[dict[str, Any]]:
    rows = []
    years = _column_years(sheet, plan_years)
    for item, cells, hint in (
        ("budget", sheet.budget_cells, sheet.budget_unit),
        ("settlement", sheet.settlement_cells, sheet.settlement_unit),
    ):
        for cell, year in zip(cells, years, strict=False):
            q = nz.quantity(cell.text, unit_hint=hint).value
            if q is None or (q.value is None and q.na_marker is None):
                continue
            rows.append(
                {
                    "measure_key": key,
                    "fiscal_year": year,
                    "item": item,
                    "amount": q.value,
                    "unit": "円",
                    "value_text": cell.value_text,
                    "place": "sheet",
                    **evidence(cell),
                }
            )
    return rows


def _text_fact(cell: Cell | None, names: bool = False) -> str | None:
    if cell is None:
        return None
    if names:
        return "、".join(nz.names(cell.text).value or ())
    return nz.text(cell.text).value


def _same_text(first: str | None, second: str | None) -> tuple[str | None, str | None]:
    """Two printings of one text; a difference in spacing only (a line wrap) is no difference."""
    if first is not None and second is not None and squash(first) == squash(second):
        return first, first
    return first, second


def _sheet_cases(
    listed: ListedSystem,
    sheet: SystemSheet,
    in_reference: ListedSystem | None,
    plan_years: list[int],
    reference: GradeTable | None,
) -> list[Case]:
    key = listed.key
    cases: list[Case] = []
    for other, place in ((listed, "list"), (in_reference, "reference")):
        if other is None:
            continue
        first, second = _same_text(_text_fact(other.name_cell), _text_fact(sheet.name_cell))
        cases.append(
            SameFactCase(
                "name_cross_reference",
                f"P.{key}: システム名 in {PLACES[place]} vs its sheet",
                f"{key}:{place}",
                first,
                where(other.name_cell),
                second,
                where(sheet.name_cell),
                "the system's name is printed the same in both places",
            )
        )
        if other.department_cell is not None and sheet.department_cell is not None:
            first, second = _same_text(
                _text_fact(other.department_cell, names=True), _text_fact(sheet.department_cell, names=True)
            )
            cases.append(
                SameFactCase(
                    "department_cross_reference",
                    f"P.{key}: 主担当課 in {PLACES[place]} vs 担当課名 on its sheet",
                    f"{key}:{place}",
                    first,
                    where(other.department_cell),
                    second,
                    where(sheet.department_cell),
                    "the system's department is printed the same in both places",
                )
            )
    if sheet.year_cells and plan_years:
        years = [fiscal_year_of(c.text) for c in sheet.year_cells]
        plan_where = where(reference.headers["r1"]) if reference and "r1" in reference.headers else Where()
        cases.append(
            SameFactCase(
                "fiscal_year_header",
                f"P.{key}: the fiscal years heading 予算額 / 決算額 vs the plan's years",
                key,
                " ".join(str(y) for y in years),
                where(sheet.year_cells[0]),
                " ".join(str(y) for y in plan_years),
                plan_where,
                "the budget header names the plan's years once each, in order",
            )
        )
    hint_budget, hint_settlement = sheet.budget_unit, sheet.settlement_unit
    for budget, settled, year in zip(
        sheet.budget_cells, sheet.settlement_cells, _column_years(sheet, plan_years), strict=False
    ):
        budget_amount, settled_amount = number_in(budget.text, hint_budget), number_in(settled.text, hint_settlement)
        if budget_amount is None or settled_amount is None:
            continue
        cases.append(
            FigureCase(
                SETTLEMENT_WITHIN_BUDGET,
                f"P.{key} {nz.text(sheet.name_cell.text).value}: {year} 決算額 vs 予算額",
                Figure(settled_amount, settled.text, where(settled), "exact", "決算額"),
                (Figure(budget_amount, budget.text, where(budget), "exact", "予算額"),),
                f"{key}:{year}",
            )
        )
    return cases


def _rank(cell: Cell | None) -> tuple[Figure, ...]:
    letter = grade_letter(cell)
    if cell is None or letter is None or letter.upper() not in GRADE_RANK:
        return ()
    return (Figure(GRADE_RANK[letter.upper()], cell.text, where(cell), "exact", "grade on the sheet"),)


def _grade_cases(
    listed: ListedSystem,
    sheet: SystemSheet | None,
    in_reference: ListedSystem | None,
    grade_list: GradeTable,
    reference: GradeTable | None,
    only_reference: bool = False,
) -> list[Case]:
    key = listed.key
    cases: list[Case] = []
    places: list[tuple[str, dict[str, Cell], dict[str, int]]] = []
    if not only_reference:
        places.append(("list", listed.grades, grade_list.years))
        if sheet is not None:
            places.append(("sheet", sheet.grades, grade_list.years))
    if in_reference is not None and reference is not None:
        places.append(("reference", in_reference.grades, reference.years))
    sheet_grades = sheet.grades if sheet is not None else {}
    for place, cells, years in places:
        for grade_type, cell in cells.items():
            rule = GRADE_RULES.get((place, grade_type))
            if rule is None:
                continue
            source = sheet_grades.get(grade_type) if place != "sheet" else None
            letter = grade_letter(cell)
            cases.append(
                GradeCase(
                    rule,
                    letter,
                    where(cell),
                    _rank(source),
                    measure_key=key,
                    fiscal_year=years.get(grade_type),
                    place=place,
                )
            )
            # A grade printed in one place and marked as not given in the other: the rank cannot show it.
            if source is not None and (letter is None) != (grade_letter(source) is None):
                cases.append(
                    SameFactCase(
                        "grade_cross_reference",
                        f"P.{key} {grade_type}: {PLACES[place]} vs the system's sheet",
                        f"{key}:{grade_type}:{place}",
                        nz.text(cell.text).value,
                        where(cell),
                        nz.text(source.text).value,
                        where(source),
                        "a grade given in one place is given in the other",
                    )
                )
    return cases


def _summary_cases(
    grade_list: GradeTable | None,
    summaries: list[VisionSummary],
    legends: list[FigureLegend],
    unread: str | None = None,
    vision_unread: str | None = None,
) -> list[Case]:
    """表３－x and the legends against 表４－１; `unread`: why the list was not read (the cases are then
    stated but not computable); `vision_unread`: why the systems' visions were not (表３－x is then not)."""
    by_vision_unread = unread or vision_unread
    systems = grade_list.systems if grade_list is not None else []
    headers = grade_list.headers if grade_list is not None else {}
    cases: list[Case] = []
    for summary in summaries:
        gt = summary.grade_type
        header = headers.get(gt)
        header_where = where(header) if header is not None else Where()
        for vision, label, cells, ab_cell in summary.rows:
            members = [s for s in systems if s.vision == vision]
            graded = [s for s in members if grade_letter(s.grades.get(gt)) is not None]
            for letter, cell in cells.items():
                printed = count_and_share(cell)
                if printed is None:
                    continue
                count, share = printed
                same = [s for s in graded if grade_letter(s.grades.get(gt)) == letter]
                scope = f"{gt} vision {vision} {letter}: {nz.text(label.text).value}"
                cases.append(
                    FigureCase(
                        VISION_COUNT,
                        scope,
                        count,
                        tuple(Figure(None, s.grades[gt].text, where(s.grades[gt]), label=s.key) for s in same),
                        f"{gt}:{vision}:{letter}",
                        unread=by_vision_unread,
                    )
                )
                cases.append(
                    FigureCase(
                        VISION_SHARE,
                        scope,
                        share,
                        (
                            Figure(float(len(same)), None, header_where, "exact", f"{letter} in 表４－１"),
                            Figure(float(len(graded)), None, header_where, "exact", "graded in 表４－１"),
                        ),
                        f"{gt}:{vision}:{letter}",
                        unread=by_vision_unread,
                    )
                )
            if ab_cell is not None and (stated := _percent(ab_cell)) is not None:
                ab = [s for s in graded if grade_letter(s.grades.get(gt)) in ("A", "B")]
                cases.append(
                    FigureCase(
                        VISION_SHARE,
                        f"{gt} vision {vision} A or B: {nz.text(label.text).value}",
                        stated,
                        (
                            Figure(float(len(ab)), None, header_where, "exact", "A or B in 表４－１"),
                            Figure(float(len(graded)), None, header_where, "exact", "graded in 表４－１"),
                        ),
                        f"{gt}:{vision}:AB",
                        unread=by_vision_unread,
                    )
                )
    for n, legend in enumerate(legends, start=1):
        gt = legend.grade_type
        header = headers.get(gt)
        header_where = where(header) if header is not None else Where()
        letters = [grade_letter(s.grades.get(gt)) for s in systems]
        graded = [x for x in letters if x is not None]
        for letter, stated in legend.shares.items():
            cases.append(
                FigureCase(
                    FIGURE_SHARE,
                    f"{gt} figure {n}: share of {letter}",
                    stated,
                    (
                        Figure(float(graded.count(letter)), None, header_where, "exact", f"{letter} in 表４－１"),
                        Figure(float(len(graded)), None, header_where, "exact", "graded in 表４－１"),
                    ),
                    f"{gt}:{n}:{letter}",
                    unread=unread,
                )
            )
    return cases


def _narrative_cases(
    document: Document, grade_list: GradeTable | None, summaries: list[VisionSummary], unread: str | None = None
) -> list[Case]:
    """Totals stated in the text against 表３－x or 表４－１; `unread`: why the list was not read (a total
    counted over it is then stated but not computable)."""
    systems = grade_list.systems if grade_list is not None else []
    headers = grade_list.headers if grade_list is not None else {}
    sources: list[Cell | TextBlock] = list(document.text_blocks())
    sources += [c for t in document.tables() for c in t.cells if not c.is_header and "。" in c.text]
    found = [s for source in sources for s in statements(source.text, source)]
    cases: list[Case] = []
    seen: Counter[tuple[str, str]] = Counter()
    for st in found:
        seen[(st.grade_type, st.what)] += 1
        key = f"{st.grade_type}:{st.what}:{seen[(st.grade_type, st.what)]}"
        stated = Figure(st.value, st.text, where(st.source), "exact", "stated in the text")
        scope = f"{st.grade_type} total stated in the text: {st.what}"
        gt = st.grade_type
        letters_of = {s.key: grade_letter(s.grades.get(gt)) for s in systems}
        graded = [s for s in systems if letters_of[s.key] is not None]
        wanted = ("A", "B") if st.what in ("AB", "share") else (st.what,)
        if st.what == "systems":
            listed = tuple(Figure(None, s.name_cell.text, where(s.number_cell), label=s.key) for s in systems)
            cases.append(FigureCase(NARRATIVE_SYSTEMS, scope, stated, listed, key, unread=unread))
        elif st.what == "share":
            share = Figure(st.value, st.text, where(st.source), SHARE_ROUNDING, "stated in the text")
            header = headers.get(gt)
            header_where = where(header) if header is not None else Where()
            counted = sum(1 for s in graded if letters_of[s.key] in wanted)
            inputs = (
                Figure(float(counted), None, header_where, "exact", "A or B in 表４－１"),
                Figure(float(len(graded)), None, header_where, "exact", "graded in 表４－１"),
            )
            cases.append(FigureCase(NARRATIVE_SHARE, scope, share, inputs, key, unread=unread))
        else:
            printed = [
                fig
                for summary in summaries
                if summary.grade_type == gt
                for _, _, cells, _ in summary.rows
                for letter, cell in cells.items()
                if letter in wanted and (fig := _count_of(cell)) is not None
            ]
            if printed:
                cases.append(FigureCase(NARRATIVE_COUNT, scope, stated, tuple(printed), key))
            else:
                inputs = tuple(
                    Figure(None, s.grades[gt].text, where(s.grades[gt]), label=s.key)
                    for s in graded
                    if letters_of[s.key] in wanted
                )
                cases.append(FigureCase(NARRATIVE_LIST_COUNT, scope, stated, inputs, key, unread=unread))
    return cases


def _count_of(cell: Cell) -> Figure | None:
    printed = count_and_share(cell)
    return printed[0] if printed is not None else None


PROFILE = TokorozawaIctActionPlan()
