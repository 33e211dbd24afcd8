"""横浜市 行動計画 中間振り返り: reading the printed tables into plain records.

The report prints a 分野 summary table, a measure list (with the 官民データ / 先端技術 再掲 lists in
the same shape) and one detail sheet per measure. Everything is found by header vocabulary and
by shape; the list's vertical 分野 labels are matched to the summary table's row names.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from hyoka import normalizers as nz
from hyoka.extractors.model import Cell, Document, Table, TextBlock
from hyoka.profiles import spec_profile
from hyoka.specs.group_counts import best, cross_tab_rows
from hyoka.specs.locate import Inventory, Location, Part, Row, locate_all
from hyoka.specs.schema import GroupCounts
from hyoka.specs.tables import header_fields, plain, reading_order, resolve_year, scrambled_similarity, squash

PROFILE_ID = "yokohama_action_plan_review"
# The declared tables (profiles/yokohama_action_plan_review.yaml) and the check counting the list by 分野.
SUMMARY_NAME = "the 分野 summary 分野別集計"
LIST_NAME = "the measure list 振り返り一覧"
SUMMARY_CHECK = "分野別集計"
# The words and patterns the reading goes by, from the spec's `vocabulary` (each explained there).
VOCABULARY = spec_profile(PROFILE_ID).spec.vocabulary
DETAIL_HEAD = re.compile(VOCABULARY["detail head"])
DETAIL_HEADING = re.compile(VOCABULARY["detail heading"])
TITLE_TAG = re.compile(VOCABULARY["title tag"])
NEW_MEASURE_WORD: str = VOCABULARY["new measure"]
NUMBERED_TITLE = re.compile(VOCABULARY["numbered title"], re.S)
BARE_YEAR = re.compile(VOCABULARY["bare year"])
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


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
    head: Cell | TextBlock  # the 施策 NN cell, or a heading line printing 施策 NN and the title
    title_cell: Cell | TextBlock | None
    printed_title: str | None  # as printed, tag included (…＜新規施策＞)
    # contract field (departments, divisions, flag_…) -> the cell under its label
    labels: dict[str, Cell] = field(default_factory=dict)
    indicators: list[Indicator] = field(default_factory=list)
    indicator_year: int | None = None
    rates: dict[int, Cell] = field(default_factory=dict)
    average: Cell | None = None
    grade: Cell | None = None

    @property
    def title(self) -> str | None:
        """The printed title without its tag (＜新規施策＞)."""
        return TITLE_TAG.sub("", self.printed_title) if self.printed_title is not None else None

    @property
    def is_new(self) -> bool:
        """Whether the sheet tags its measure as new (＜新規施策＞)."""
        tag = TITLE_TAG.search(self.printed_title) if self.printed_title is not None else None
        return tag is not None and NEW_MEASURE_WORD in tag["tag"]

    @property
    def departments(self) -> Cell | None:
        return self.labels.get("departments")

    @property
    def flags(self) -> dict[str, Cell]:
        """Contract flag column -> the cell under its label (官民データ / 先端技術)."""
        return {f: c for f, c in self.labels.items() if f.startswith("flag_")}


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
class Reading:
    summary: list[SummaryRow]
    listed: list[ListRow]
    relisted: dict[str, list[ListRow]]  # summary row label -> its rows
    details: list[DetailSheet]
    years: tuple[int, ...]
    problems: list[str]  # beyond the declared tables not found (the inventory says those)
    inventory: Inventory
    # Measures whose detail sheet is headed in the document but was not read: their list/detail checks are unread.
    unread_details: tuple[str, ...] = ()


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


def read_summary(location: Location | None, check: GroupCounts) -> list[SummaryRow]:
    """The 分野 summary's rows, each with its count cells by grade letter and 'total', and its kind by the
    check's words (全施策: the total; 再掲: a list counted again; else a 分野)."""
    rows = []
    for row in cross_tab_rows(location, check.label, list(check.columns)):
        label = squash(row.label)
        kind = "total" if any(squash(w) in label for w in check.total_words) else "area"
        if kind == "area" and any(squash(w) in label for w in check.relisted_words):
            kind = "relisted"
        rows.append(SummaryRow(row.label, row.label_cell, kind, row.counts))
    return rows


def year_headers(part: Part) -> dict[int, list[str]]:
    """Column -> header texts of each 目標達成率 column of a located list: the columns no role took whose
    header names a fiscal year."""
    taken = set(part.columns.values())
    found: dict[int, list[str]] = {}
    for col in range(part.table.n_cols):
        texts = [c.text for r in part.header if (c := part.table.cell(r, col)) is not None]
        if col not in taken and any(BARE_YEAR.search(t) for t in texts):
            found[col] = texts
    return found


def rate_columns(part: Part, known_years: set[int]) -> dict[int, int]:
    """Column -> fiscal year of each 目標達成率 column whose year resolves against the years the document prints."""
    found: dict[int, int] = {}
    for col, texts in year_headers(part).items():
        year = next((y for t in reversed(texts) if BARE_YEAR.search(t) and (y := resolve_year(t, known_years))), None)
        if year is not None:
            found[col] = year
    return found


def _numbered(row: Row) -> tuple[str, str] | None:
    """A list row's measure number and title: from a No. column, or the title cell's leading number."""
    title_cell = row.cell("title")
    if title_cell is None or title_cell.row != row.index:
        return None
    number_cell = row.cell("measure_no")
    if number_cell is not None:
        digits = re.fullmatch(r"\d+", squash(number_cell.text))
        return (str(int(digits.group())), plain(title_cell.text)) if digits else None
    numbered = NUMBERED_TITLE.match(plain(title_cell.text))
    return (str(int(numbered["no"])), numbered["title"]) if numbered else None


def read_lists(locations: list[Location], known_years: set[int]) -> tuple[list[tuple[ListRow, str]], list[Location]]:
    """Every row of every printing of the measure list (the list, then the 再掲 lists), with its 分野 label;
    and the printings that have 目標達成率 columns."""
    rows: list[tuple[ListRow, str]] = []
    located = []
    for location in locations:
        if not any(year_headers(part) for part in location.parts):
            continue  # the measure list's shape without its 目標達成率 columns
        rates = {id(part): rate_columns(part, known_years) for part in location.parts}
        located.append(location)
        for row in location.rows:
            numbered = _numbered(row)
            if numbered is None:
                continue
            # The 分野: its column, or the group row spanning the list above the row.
            group_cell = row.cell("group_name") or row.group
            list_row = ListRow(
                measure_no=numbered[0],
                title=numbered[1],
                title_cell=row.cell("title"),  # type: ignore[arg-type]
                group_cell=group_cell,
                departments=row.cell("departments"),
                divisions=row.cell("divisions"),
                rates={y: c for col, y in rates[id(row.part)].items() if (c := row.table.cell(row.index, col))},
                average=row.cell("average_achievement_rate"),
                grade=row.cell("grade"),
            )
            rows.append((list_row, plain(group_cell.text) if group_cell is not None else ""))
    return rows, located


# What a detail sheet prints under its labels (所管局 / 所管課 / 官民データ / 先端技術), by contract field:
# in the head's own table or in the tables that follow it, whichever the producer draws.
DETAIL_LABEL_FIELDS = ("departments", "divisions", "flag_kanmin_data", "flag_sentan_gijutsu")
# The detail sheet's indicator table and its rates table, by the header fields each needs.
INDICATOR_FIELDS = ("indicator_name", "target", "actual")
RATE_FIELDS = ("achievement_rate", "grade")


def read_details(document: Document, known_years: set[int]) -> list[DetailSheet]:
    """Every detail sheet: a head (施策 NN | title), its labelled values (所管局 / flags), then its indicator
    and rate tables, in reading order up to the next head, however many sheets a page holds. The head is a
    table cell, or a heading line right above the table of labels (a producer that draws no box)."""
    sheets: list[DetailSheet] = []
    # The sheet the following tables belong to; None after a head whose sheet is not read, so that its
    # tables are not taken for the previous sheet's.
    current: DetailSheet | None = None
    items = reading_order(document)
    for i, item in enumerate(items):
        if item.block is not None:
            heading = _heading_head(item.block)
            following = items[i + 1].table if i + 1 < len(items) else None
            if heading is not None and following is not None and _has_labels(following):
                sheets.append(heading)
                current = heading
            elif heading is not None and (current is None or heading.measure_no != current.measure_no):
                current = None  # a head not over a labels table (a repeated head of the current sheet stays)
            continue
        table = item.table
        assert table is not None
        head = _detail_head(table)
        if head is not None:
            sheets.append(head)
            current = head
        elif any(DETAIL_HEAD.match(squash(c.text)) for c in table.cells):
            current = None  # a 施策 NN the reading cannot take as a head
        if current is None:
            continue
        _read_labels(table, current)
        if head is not None:
            continue
        fields = header_fields(table)
        kinds = [f for f, _ in fields.values()]
        if all(f in kinds for f in INDICATOR_FIELDS):
            _read_indicators(table, fields, current)
        elif all(f in kinds for f in RATE_FIELDS):
            _read_rates(table, fields, current, known_years)
    return sheets


def _detail_head(table: Table) -> DetailSheet | None:
    """The sheet a table heads: a 施策 NN cell drawn as a head, or printed as a value under a labels row
    (施策 | 施策名 | 所管局 | 官民データ | 先端技術). The title is under 施策名 when the table labels it,
    else right of the head."""
    labelled = _has_labels(table)
    title_col = next((c for c, (f, _) in header_fields(table).items() if f == "title"), None)
    for cell in table.cells:
        match = DETAIL_HEAD.match(squash(cell.text)) if cell.is_header or labelled else None
        if match is None:
            continue
        beside = title_col is None or cell.is_header
        title_cell = table.cell(cell.row, cell.col_end + 1 if beside else title_col)
        printed = plain(title_cell.text) if title_cell is not None else None
        return DetailSheet(str(int(match["no"])), match["level"], cell, title_cell, printed)
    return None


def _heading_head(block: TextBlock) -> DetailSheet | None:
    """A heading line printing the head and the title together (施策 02 ICTを活用した…)."""
    match = DETAIL_HEADING.match(plain(block.lines[0] if block.lines else block.text))
    if match is None or len(block.lines) > 2:
        return None
    title = plain(" ".join(block.lines)[match.start("title") :]) if block.lines else match["title"]
    return DetailSheet(str(int(match["no"])), match["level"], block, block, title)


def _has_labels(table: Table) -> bool:
    """Whether a table prints a detail sheet's labels (所管局 / 官民データ / 先端技術)."""
    return any(
        (parsed := nz.header(c.text).value) is not None and parsed.field in DETAIL_LABEL_FIELDS
        for c in table.cells
        if c.is_header
    )


def _read_labels(table: Table, sheet: DetailSheet) -> None:
    """The values printed under the sheet's labels (所管局, 官民データ…) in this table; a label read once stays."""
    for label in table.cells:
        parsed = nz.header(label.text).value if label.is_header else None
        field = parsed.field if parsed is not None else None
        if field not in DETAIL_LABEL_FIELDS or field in sheet.labels:
            continue
        value = table.cell(label.row_end + 1, label.col)
        if value is not None and not value.is_header:
            sheet.labels[field] = value


def _read_indicators(table: Table, fields: dict[int, tuple[str, str]], sheet: DetailSheet) -> None:
    col = {f: c for c, (f, _) in fields.items()}
    for r in range(table.header_rows, table.n_rows):
        row = table.row(r)
        if not row or any(c.is_header for c in row):
            break  # the 取組実績 band below the indicators
        cells = [table.cell(r, col[f]) for f in INDICATOR_FIELDS]
        if all(c is not None and c.row == r for c in cells) and len({id(c) for c in cells}) == 3:
            sheet.indicators += [Indicator(*parts) for parts in numbered_parts(cells)]  # type: ignore[arg-type]


def numbered_parts(cells: list[Cell]) -> list[list[Cell]]:
    """A printed row as its indicators: one, or one per circled number when every cell numbers the same
    items (①検討 ②精査 | ①実施 ②実施 | …); each part keeps its cell's evidence and its printed text."""
    split = [_circled_items(c.text) for c in cells]
    markers = [[item[0] for item in items] for items in split]
    if len(markers[0]) < 2 or any(m != markers[0] for m in markers):
        return [cells]
    return [
        [
            replace(c, text=items[i], value_text=items[i], lines=[items[i]])
            for c, items in zip(cells, split, strict=True)
        ]
        for i in range(len(markers[0]))
    ]


def _circled_items(text: str) -> list[str]:
    """The circled-number items of a text (①… ②…), each with its number; [] when it does not start with one."""
    stripped = text.strip()
    if not stripped or stripped[0] not in CIRCLED:
        return []
    return [item.strip() for item in re.split(f"(?=[{CIRCLED}])", stripped) if item.strip()]


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


def assign_groups(rows: list[tuple[ListRow, str]], summary: list[SummaryRow]) -> None:
    """Each row's 分野: the summary row whose name is most like its (possibly scrambled) vertical label."""
    named = [s for s in summary if s.kind != "total"]
    for row, label in rows:
        if label and named:
            row.group = max(named, key=lambda s: scrambled_similarity(label, s.name))


def read(
    document: Document, located: dict[str, list[Location]] | None = None, inventory: Inventory | None = None
) -> Reading:
    """The report's tables as records; `located`: the declared tables as the spec profile located them
    (else located here), `inventory` the one recording them."""
    profile = spec_profile(PROFILE_ID)
    if located is None:
        located = {name: locate_all(document, spec) for name, spec in profile.tables.items()}
    inventory = inventory or Inventory(tuple(profile.tables.values()))
    known = printed_years(document)
    summary = read_summary(best(located[SUMMARY_NAME]), profile.spec.checks[SUMMARY_CHECK])  # type: ignore[arg-type]
    rows, lists = read_lists(located[LIST_NAME], known)
    problems = []
    if located[LIST_NAME] and not lists:
        described = profile.tables[LIST_NAME].describe()
        problems.append(f"{described[0].upper()}{described[1:]} was not found.")
    inventory.record(profile.tables[LIST_NAME], lists)
    assign_groups(rows, summary)
    listed = [row for row, _ in rows if row.group is None or row.group.kind == "area"]
    relisted: dict[str, list[ListRow]] = {}
    for row, _ in rows:
        if row.group is not None and row.group.kind == "relisted":
            relisted.setdefault(row.group.label, []).append(row)
    years = tuple(sorted({y for row in listed for y in row.rates}))
    details = read_details(document, known)
    unread_details = sorted(printed_heads(document) - {d.measure_no for d in details}, key=int)
    if any(len(row.rates) < 2 for row in listed):
        problems.append("A 目標達成率 column of the measure list names a fiscal year that could not be resolved.")
    problems += [
        f"The {s.label} list was not found." for s in summary if s.kind == "relisted" and s.label not in relisted
    ]
    problems += [
        f"A 目標達成率 column of the {label} list names a fiscal year that could not be resolved."
        for label, rows in relisted.items()
        if any(not row.rates for row in rows)
    ]
    problems += detail_problems(details)
    if details and unread_details:
        problems.append(f"The detail sheets of 施策 {', '.join(unread_details)} are headed but were not read.")
    return Reading(summary, listed, relisted, details, years, problems, inventory, tuple(unread_details))


def printed_heads(document: Document) -> set[str]:
    """The measure numbers the document prints as a detail sheet's head (a 施策 NN cell, or a heading line
    施策 NN title), whether or not the sheet under it was read."""
    found = {m["no"] for t in document.tables() for c in t.cells if (m := DETAIL_HEAD.match(squash(c.text)))}
    for block in document.text_blocks():
        match = DETAIL_HEADING.match(plain(block.lines[0] if block.lines else block.text))
        if match is not None:
            found.add(match["no"])
    return {str(int(no)) for no in found}


def detail_problems(details: list[DetailSheet]) -> list[str]:
    """What the detail sheets must print and was not read, one sentence per missing thing."""
    if not details:
        return ["No detail sheet (施策 NN with 所管局 / 官民データ / 先端技術) was found."]
    # What each sheet prints, in words, and whether a sheet's reading holds it.
    wanted: list[tuple[str, Callable[[DetailSheet], bool]]] = [
        ("所管局", lambda s: "departments" in s.labels),
        ("官民データ mark", lambda s: "flag_kanmin_data" in s.labels),
        ("先端技術 mark", lambda s: "flag_sentan_gijutsu" in s.labels),
        ("indicator table (指標 / 目標値 / 結果)", lambda s: bool(s.indicators)),
        ("2か年の中間評価 (目標達成率 / 進捗評価)", lambda s: s.grade is not None),
    ]
    problems = []
    for words, holds in wanted:
        missing = [s.measure_no for s in details if not holds(s)]
        if missing:
            problems.append(f"The {words} of the detail sheets of 施策 {', '.join(missing)} was not read.")
    return problems
