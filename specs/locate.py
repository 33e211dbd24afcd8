"""One tolerant table locator: a table declared as data (`TableSpec`), found by its header vocabulary.

A series declares each table it prints by the words of its columns, never by page, index or cell
address. The locator finds it whatever the column order, with optional columns missing or extra
ones present, behind title rows, under one to three header rows (merged, wrapped, full or half
width), with group rows spanning the table (a ビジョン row right under the header is a group, not
a header row), and continued over pages with or without its header repeated. When several tables
match, each candidate is scored and the choice is recorded in words (`Location.reasons`).

Completeness: a series declares what its documents must print (`TableSpec.required`, or `required_with`
the tables whose printing makes this one due); `Inventory`
records what was located and gives one sentence per declared table that was not, and the reason a
check over a table's rows cannot be computed (`hyoka.audit.rules` cases take it as `unread`).

Every lookup goes through `Table.cell(row, col)`: no scan of all cells per lookup.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Literal, Protocol

from hyoka import normalizers as nz
from hyoka.extractors.model import Cell, Document, Table
from hyoka.normalizers.text import join_lines
from hyoka.specs.tables import era_years, squash

# A table broken by a page break ends at least this deep into its page (share of the height), as the
# format layer's own joining of page parts assumes.
CONTINUATION_MIN_DEPTH = 0.75
# A running header or footer: the same text (page numbers aside) on several pages, in this share of the
# page's height at its top or bottom.
RUNNING_MARGIN = 0.1
# Points by which the left edges of one column may differ between the pages of a continued table.
ALIGN_TOLERANCE = 3


@dataclass(frozen=True)
class Column:
    """A column of a declared table: its role and the header words that name it (any one will do)."""

    role: str
    words: tuple[str, ...]
    required: bool = True
    # True: one header row of the column prints exactly one of the words (総括, not 総括評価の理由).
    whole: bool = False
    # A number column a printing may leave out, printing the number first in this role's cell (12 施策名).
    leading_in: str | None = None


@dataclass(frozen=True)
class TableSpec:
    """A table a series prints, declared by vocabulary and structure."""

    name: str  # how the report names it, for sentences: "the grade list 表４－１"
    columns: tuple[Column, ...]
    key: str  # the role whose cell starts a data row (a row without it is no record)
    # Columns headed by a fiscal year in any header row (R3, 令和3年度, R1年度予算) are year columns.
    years: bool = False
    # Rows with one printed cell spanning the table are group labels of the rows after them.
    group_rows: bool = True
    max_header_rows: int = 3
    max_title_rows: int = 3
    # A document of the series must print this table (missing: the document is partial).
    required: bool = True
    # How the auditor's report names it, in the document's words (施策一覧); by default its key column's.
    label: str = ""
    # A document printing any of the tables of these names must print this one too (a plan's grids and roadmaps).
    required_with: tuple[str, ...] = ()
    # A table whose header also reads as one of these is that table, not this one (a roadmap's 課題 and years
    # head the project list too).
    other_than: tuple[TableSpec, ...] = ()

    @property
    def key_column(self) -> Column:
        return next(c for c in self.columns if c.role == self.key)

    def describe(self) -> str:
        """The table in words: its name and its required columns' first words."""
        return f"{self.name} ({' | '.join(c.words[0] for c in self.columns if c.required)})"

    def label_words(self) -> str:
        """The table as the auditor reads it: its label, else the table its key column heads (「施策名」の表)."""
        return self.label or f"「{self.key_column.words[0]}」の表"


@dataclass(frozen=True)
class YearColumn:
    """A column headed by a fiscal year, with the header cell that names it."""

    year: int
    col: int
    header: Cell


@dataclass
class Part:
    """One table of the format model holding (part of) a located table."""

    table: Table
    header: range  # its header rows; empty for a continuation that does not repeat the header
    columns: dict[str, int]
    years: list[YearColumn]
    title_rows: range = range(0)


@dataclass(frozen=True)
class Row:
    """A data row of a located table: its cells by role, and the group row it falls under."""

    part: Part
    index: int
    group: Cell | None
    # col -> the cell the row reads there instead of its table's: a cell a page break cut, joined with
    # its rest printed atop the next page (`join_cut_rows`).
    joined: dict[int, Cell] = field(default_factory=dict, compare=False)

    @property
    def table(self) -> Table:
        return self.part.table

    def cell(self, role: str) -> Cell | None:
        col = self.part.columns.get(role)
        if col is None:
            return None
        return self.joined.get(col) or self.part.table.cell(self.index, col)

    def year_cells(self) -> list[tuple[YearColumn, Cell]]:
        """The row's cells under the year columns, earliest year first."""
        found = []
        for year in self.part.years:
            cell = self.joined.get(year.col) or self.part.table.cell(self.index, year.col)
            if cell is not None:
                found.append((year, cell))
        return found


@dataclass
class Location:
    """A declared table as found: its parts, data rows in order, and why it was chosen."""

    spec: TableSpec
    parts: list[Part]
    rows: list[Row]
    score: float
    reasons: list[str] = field(default_factory=list)
    # The group row in force at the end so far: a continuation's first rows fall under it.
    open_group: Cell | None = None

    @property
    def table(self) -> Table:
        return self.parts[0].table

    @property
    def header_rows(self) -> int:
        return len(self.parts[0].header)

    @property
    def columns(self) -> dict[str, int]:
        return self.parts[0].columns

    @property
    def years(self) -> list[YearColumn]:
        return self.parts[0].years

    def header(self, role: str) -> Cell | None:
        """The lowest header cell over the role's column."""
        part = self.parts[0]
        col = part.columns.get(role)
        if col is None:
            return None
        for r in reversed(part.header):
            cell = part.table.cell(r, col)
            if cell is not None and cell.text.strip():
                return cell
        return None


# -- rows of a format-model table ------------------------------------------------------------------------------
def row_slots(table: Cells, row: int, cols: Iterable[int] | None = None) -> list[Cell | None]:
    """The cells covering a row's slots (in `cols`, a run of columns), left to right, a cell spanning several
    slots once (spanning cells from above included), None for each slot no cell covers."""
    found: list[Cell | None] = []
    for col in range(table.n_cols) if cols is None else cols:
        cell = table.cell(row, col)
        if cell is None or not found or found[-1] is not cell:
            found.append(cell)
    return found


def row_cells(table: Cells, row: int, cols: Iterable[int] | None = None) -> list[Cell]:
    """The distinct cells covering a row (in `cols`, a run of columns), left to right (spanning cells from
    above included)."""
    return [cell for cell in row_slots(table, row, cols) if cell is not None]


def printed_cells(table: Table, row: int) -> list[Cell]:
    return [c for c in row_cells(table, row) if not c.blank]


def is_group_row(table: Table, row: int) -> bool:
    """One printed cell in the row, starting there, spanning at least half the table or standing in its
    first column (a label some producers print without merging the row's cells)."""
    printed = printed_cells(table, row)
    if len(printed) != 1 or printed[0].row != row:
        return False
    return 2 * printed[0].col_span >= table.n_cols or printed[0].col == 0


def _header_texts(table: Cells, rows: range, col: int) -> list[str]:
    """The squashed texts over a column in the header rows, top to bottom, a spanning cell once."""
    texts: list[str] = []
    seen: list[Cell] = []
    for r in rows:
        cell = table.cell(r, col)
        if cell is None or any(cell is s for s in seen):
            continue
        seen.append(cell)
        if text := squash(cell.text):
            texts.append(text)
    return texts


# A header cell names its column in a few words; a longer text is a value or a sentence, whatever it contains.
MAX_HEADER_CHARS = 30


def header_haystack(table: Table, max_title_rows: int, max_header_rows: int) -> str:
    """Every text a column could be matched in, by any reading of the table's header (`_read_header`):
    per first header row and column, the joined short texts of the deepest header a reading may take
    from there (a shallower header's texts are a prefix of them), and each long text (matched only whole).
    One line each: squashed texts hold no line break, so a word is in the haystack only within one line.
    A table whose haystack lacks every word of a required column is one `read_header` gives no reading of."""
    lines: list[str] = []
    for start in range(min(max_title_rows + 1, table.n_rows)):
        rows = range(start, min(start + max_header_rows, table.n_rows))
        for col in range(table.n_cols):
            texts = _header_texts(table, rows, col)
            lines.append("".join(t for t in texts if len(t) <= MAX_HEADER_CHARS))
            lines.extend(t for t in texts if len(t) > MAX_HEADER_CHARS)
    return "\n".join(lines)


def _match(column: Column, texts: list[str]) -> int:
    """How well a column's header texts name the declared column: 2 exactly, 1 contained, 0 not."""
    words = [squash(w) for w in column.words]
    if any(t == w for t in texts for w in words):
        return 2
    joined = "".join(t for t in texts if len(t) <= MAX_HEADER_CHARS)
    if not column.whole and any(w in joined for w in words):
        return 1
    return 0


def year_of(text: str, era: str | None = None) -> int | None:
    """The one fiscal year a header names (R3, 令和3年度, R1年度予算), else None."""
    parsed = nz.header(text, era=era).value
    return parsed.fiscal_year if parsed is not None and isinstance(parsed.fiscal_year, int) else None


def year_readings(text: str) -> tuple[int, ...]:
    """The fiscal years a header may name: the one it names, or for a bare year (30年度) one per era."""
    if (year := year_of(text)) is not None:
        return (year,)
    return tuple(sorted({y for era in nz.ERAS if (y := year_of(text, era.name)) is not None}))


# Bare years resolved by trying every era reading of each: beyond this many combinations they stay unread.
MAX_ERA_COMBINATIONS = 4096


def resolve_years(
    headed: list[tuple[int, Cell, tuple[int, ...]]], anchor: int | None = None, printed: frozenset[int] = frozenset()
) -> list[YearColumn]:
    """Year columns from (column, header cell, readings) in column order. A bare year is read in the era
    that makes the headed years run on in column order, one year after another (30年度 | 元年度 is
    2018 | 2019: 平成 then 令和). When several readings run on (2年度 | 3年度 in either era), the one
    nearest the report's own fiscal year (`anchor`) is taken; without an anchor, the one whose years
    the document prints with their era elsewhere (`printed`); else, or when two readings are as near,
    the bare years are left out."""
    definite = [YearColumn(r[0], col, cell) for col, cell, r in headed if len(r) == 1]
    bare = [(col, cell, r) for col, cell, r in headed if len(r) > 1]
    if not bare or math.prod(len(r) for _, _, r in bare) > MAX_ERA_COMBINATIONS:
        return definite
    fitting = []
    for choice in itertools.product(*(r for _, _, r in bare)):
        chosen = definite + [YearColumn(y, col, cell) for (col, cell, _), y in zip(bare, choice, strict=True)]
        in_order = [y.year for y in sorted(chosen, key=lambda y: y.col)]
        distinct = sorted(set(in_order))
        if in_order == sorted(in_order) and distinct == list(range(distinct[0], distinct[-1] + 1)):
            fitting.append(chosen)
    if len(fitting) > 1 and anchor is not None:
        return nearest_reading(fitting, anchor) or definite
    if len(fitting) > 1 and printed:
        fitting = [chosen for chosen in fitting if all(y.year in printed for y in chosen)]
    return fitting[0] if len(fitting) == 1 else definite


def nearest_reading(readings: list[list[YearColumn]], anchor: int) -> list[YearColumn] | None:
    """The reading whose years lie nearest the anchor year (summed distance), None on a tie."""
    ranked = sorted(readings, key=lambda chosen: sum(abs(y.year - anchor) for y in chosen))
    distance = [sum(abs(y.year - anchor) for y in chosen) for chosen in ranked[:2]]
    return ranked[0] if distance[0] < distance[1] else None


@dataclass
class _Header:
    """A reading of a table's header: which rows, which role each column plays, the year columns."""

    title_rows: range
    rows: range
    columns: dict[str, int]
    years: list[YearColumn]
    score: float

    def describe(self, spec: TableSpec) -> str:
        mapped = ", ".join(f"{role}→{col}" for role, col in self.columns.items())
        missing = [c.words[0] for c in spec.columns if not c.required and c.role not in self.columns]
        years = f"; years {[y.year for y in self.years]}" if spec.years else ""
        optional = f"; optional columns absent: {', '.join(missing)}" if missing else ""
        titles = f" under {len(self.title_rows)} title row(s)" if self.title_rows else ""
        return f"{len(self.rows)} header row(s){titles}: {mapped}{years}{optional}"


def _spans_within(table: Table, rows: range) -> bool:
    """No header cell reaches below the header, and no row of it is a group row."""
    for r in rows:
        if is_group_row(table, r):
            return False
        if any(c.row_end >= rows.stop for c in row_cells(table, r) if c.row >= rows.start):
            return False
    return True


def _read_header(
    table: Table,
    spec: TableSpec,
    title_rows: int,
    header_rows: int,
    anchor: int | None = None,
    printed: frozenset[int] = frozenset(),
) -> _Header | None:
    rows = range(title_rows, title_rows + header_rows)
    if rows.stop > table.n_rows or not (_spans_within(table, rows) or _only_blank_reaches_below(table, rows)):
        return None
    texts = {col: _header_texts(table, rows, col) for col in range(table.n_cols)}
    columns: dict[str, int] = {}
    score = 0.0
    # Whole-word columns first: a column headed 総括 is not also a contained match of a wider word.
    for column in sorted(spec.columns, key=lambda c: not c.whole):
        taken = set(columns.values())
        best = max(
            ((_match(column, texts[col]), -col) for col in range(table.n_cols) if col not in taken),
            default=(0, 0),
        )
        if best[0] > 0:
            columns[column.role] = -best[1]
            score += (10.0 if column.required else 3.0) + best[0]
        elif column.required:
            return None
    if not header_depth_fits(table, spec, rows, columns.get(spec.key)):
        return None
    years: list[YearColumn] = []
    if spec.years:
        taken = set(columns.values())
        headed: list[tuple[int, Cell, tuple[int, ...]]] = []
        for col in range(table.n_cols):
            if col in taken:
                continue
            # The lowest header row naming a year (a merged multi-level header names it in any row).
            for r in reversed(rows):
                cell = table.cell(r, col)
                if cell is not None and (readings := year_readings(cell.text)):
                    headed.append((col, cell, readings))
                    break
        years = sorted(resolve_years(headed, anchor, printed), key=lambda y: (y.year, y.col))
        score += 2.0 * len(years)
    # Fewer title and header rows for the same words: the shortest reading wins a tie.
    score -= 0.1 * header_rows + 0.2 * title_rows
    ordered = {c.role: columns[c.role] for c in spec.columns if c.role in columns}
    return _Header(range(title_rows), rows, ordered, years, score)


def read_header(
    table: Table, spec: TableSpec, anchor: int | None = None, printed: frozenset[int] = frozenset()
) -> _Header | None:
    """The best reading of the table's top rows as the declared header, if one holds every required column
    and the table reads as none of the tables it is declared `other_than`; `anchor`: the report's fiscal year,
    by which bare years of either era are read, else `printed`: the years the document prints with their era
    (`resolve_years`)."""
    readings = [
        reading
        for title_rows in range(spec.max_title_rows + 1)
        for header_rows in range(1, spec.max_header_rows + 1)
        if (reading := _read_header(table, spec, title_rows, header_rows, anchor, printed)) is not None
    ]
    if readings and any(read_header(table, other, anchor, printed) is not None for other in spec.other_than):
        return None
    return max(readings, key=lambda h: h.score, default=None)


# -- data rows ---------------------------------------------------------------------------------------------------
def _repeats_header(table: Table, row: int, header: Part, key: str) -> bool:
    """A row printing the key column's header again (the header repeated after a page break)."""
    key_texts = _header_texts(header.table, header.header, header.columns[key])
    cell = table.cell(row, header.columns[key])
    return cell is not None and squash(cell.text) in key_texts


def _rows(part: Part, spec: TableSpec, group: Cell | None, header: Part) -> tuple[list[Row], Cell | None]:
    """The part's data rows after its header, each with the group row it falls under (`group`: the one in
    force where the part begins), and the group in force at its end (a page may end on a group row)."""
    table = part.table
    key_col = part.columns[spec.key]
    body = range(part.header.stop, table.n_rows)
    groups = {r for r in body if is_group_row(table, r)} if spec.group_rows else set()
    # A group row just above the header opens the first group: on a continued part, or when the body
    # has group rows of its own but none before its first record (otherwise it is the table's title).
    above = part.title_rows.stop - 1
    opens_group = group is not None or (groups and body and body.start not in groups)
    if spec.group_rows and part.title_rows and opens_group and is_group_row(table, above):
        group = printed_cells(table, above)[0]
    rows: list[Row] = []
    for r in body:
        if r in groups:
            group = printed_cells(table, r)[0]
            continue
        if _repeats_header(table, r, header, spec.key):
            continue
        key = table.cell(r, key_col)
        if key is None or key.row != r or not key.text.strip():
            continue
        rows.append(Row(part, r, group))
    return rows, group


# -- finding a declared table in a document ----------------------------------------------------------------------
def running_texts(document: Document) -> set[str]:
    """The running headers and footers: texts printed on several pages, page numbers aside."""
    pages: dict[str, set[int]] = {}
    for block in document.text_blocks():
        height = document.page(block.page).height
        if block.bbox[3] <= RUNNING_MARGIN * height or block.bbox[1] >= (1 - RUNNING_MARGIN) * height:
            pages.setdefault(_without_digits(block.text), set()).add(block.page)
    return {text for text, on in pages.items() if len(on) > 1}


def _without_digits(text: str) -> str:
    return "".join(ch for ch in squash(text) if not ch.isdigit())


def _continues(document: Document, running: set[str], before: Table, after: Table) -> bool:
    """Whether `after` carries `before` on over a page break: `before` runs to the foot of its page, `after`
    is on the next one, and nothing is printed between them but the running header and footer."""
    if document.format != "pdf" or not before.pages or not after.pages:
        return False
    last, first = before.pages[-1], after.pages[0]
    if first != last + 1 or last not in before.bboxes or first not in after.bboxes:
        return False
    end, start = before.bboxes[last][3], after.bboxes[first][1]
    if end < CONTINUATION_MIN_DEPTH * document.page(last).height:
        return False
    for block in document.text_blocks():
        between = (block.page == last and block.bbox[1] >= end) or (block.page == first and block.bbox[3] <= start)
        if between and _without_digits(block.text) not in running:
            return False
    return True


def _same_header(a: _Header, b: Part) -> bool:
    return a.columns == b.columns and [y.year for y in a.years] == [y.year for y in b.years]


def _column_lefts(table: Table) -> dict[int, float]:
    """col -> left edge on the table's first page, from the cells that start in that column."""
    lefts: dict[int, float] = {}
    for cell in table.cells:
        bbox = cell.bbox
        if bbox is not None and cell.page == table.pages[0]:
            lefts[cell.col] = min(lefts.get(cell.col, bbox[0]), bbox[0])
    return lefts


def _aligned_columns(first: Part, table: Table, key: str) -> tuple[dict[str, int], list[YearColumn]] | None:
    """The first part's columns in a headerless continuation ruled with other columns (an empty spanning
    column not redrawn on the next page), matched by their left edges; None unless the key column and
    every year column are."""
    before, after = _column_lefts(first.table), _column_lefts(table)
    at = {round(x): col for col, x in after.items()}

    def moved(col: int) -> int | None:
        x = before.get(col)
        if x is None:
            return None
        return next(
            (c for dx in range(-ALIGN_TOLERANCE, ALIGN_TOLERANCE + 1) if (c := at.get(round(x) + dx)) is not None), None
        )

    columns = {role: c for role, col in first.columns.items() if (c := moved(col)) is not None}
    years = [YearColumn(y.year, c, y.header) for y in first.years if (c := moved(y.col)) is not None]
    # Every year column carries on: a part's year columns stand in the order of the first part's.
    if key not in columns or len(years) != len(first.years):
        return None
    return columns, years


def _edges_align(first: Table, table: Table) -> bool | None:
    """Whether every column both tables start cells in starts at the same left edge (within
    ALIGN_TOLERANCE); None when they share no column with an edge (no boxes to compare)."""
    before, after = _column_lefts(first), _column_lefts(table)
    shared = before.keys() & after.keys()
    if not shared:
        return None
    return all(abs(before[col] - after[col]) <= ALIGN_TOLERANCE for col in shared)


def value_kind(text: str) -> str | None:
    """What a body cell prints: a number (a count, an amount, a rate), text, or None when blank or a
    missing marker (a dash stands in a column of any kind)."""
    parsed = nz.quantity(text).value if squash(text) else None
    if not squash(text) or (parsed is not None and parsed.na_marker):
        return None
    return "number" if parsed is not None and parsed.value is not None else "text"


def _column_kinds(table: Table, rows: Iterable[int]) -> dict[int, set[str]]:
    kinds: dict[int, set[str]] = {}
    for r in rows:
        for col in range(table.n_cols):
            cell = table.cell(r, col)
            if cell is not None and cell.row == r and cell.col == col and (kind := value_kind(cell.text)):
                kinds.setdefault(col, set()).add(kind)
    return kinds


def _kinds_agree(first: Part, rows: list[Row], table: Table, key: str) -> bool:
    """Whether each column of a headerless table prints values of the kinds the first part prints in that
    column (numbers under numbers, text under text; blanks anywhere, anything under a column the first
    part leaves blank), its key column printing some."""
    before = _column_kinds(first.table, [row.index for row in rows if row.part is first])
    after = _column_kinds(table, range(table.n_rows))
    agree = all(kinds <= before[col] for col, kinds in after.items() if col in before)
    return first.columns[key] in after and agree


def _carries_on(first: Part, rows: list[Row], table: Table, key: str) -> bool:
    """A headerless table with the first part's column count continues it only with more evidence than
    that count: its columns start where the first part's do, or they print values of the same kinds."""
    return bool(_edges_align(first.table, table)) or _kinds_agree(first, rows, table, key)


def locate_all(document: Document, spec: TableSpec, anchor: int | None = None) -> list[Location]:
    """Every printing of the declared table, in document order, continuations joined to their start
    (`anchor`: the report's fiscal year, for bare years; without it, the years printed with their era)."""
    found: list[Location] = []
    previous: Table | None = None
    running = running_texts(document) if document.format == "pdf" else set()
    printed = frozenset(era_years(document)) if spec.years and anchor is None else frozenset()
    for table in document.tables():
        header = read_header(table, spec, anchor, printed)
        current = found[-1] if found else None
        aligned = None
        if header is None:
            same_shape = (
                current is not None
                and table.n_cols == current.table.n_cols
                and _carries_on(current.parts[0], current.rows, table, spec.key)
            )
            if current is not None and not same_shape and document.format == "pdf":
                aligned = _aligned_columns(current.parts[0], table, spec.key)
                same_shape = aligned is not None
        else:
            same_shape = current is not None and _same_header(header, current.parts[0])
        if (
            current is not None
            and same_shape
            and previous is current.parts[-1].table
            and _continues(document, running, previous, table)
        ):
            first = current.parts[0]
            if header is not None:
                part = Part(table, header.rows, header.columns, header.years, header.title_rows)
                how = "the header repeated"
            elif aligned is not None:
                part = Part(table, range(0), *aligned)
                how = "no header; columns matched by their left edges"
            else:
                part = Part(table, range(0), dict(first.columns), list(first.years))
                how = "no header"
            rows, current.open_group = _rows(part, spec, current.open_group, first)
            current.parts.append(part)
            current.rows += rows
            current.reasons.append(f"continued on {_place(table)} ({how}): {len(rows)} more row(s)")
        elif header is not None:
            part = Part(table, header.rows, header.columns, header.years, header.title_rows)
            rows, open_group = _rows(part, spec, None, part)
            reasons = [f"{_place(table)}: {header.describe(spec)}; {len(rows)} data row(s)"]
            found.append(Location(spec, [part], rows, header.score + min(len(rows), 1), reasons, open_group))
        previous = table
    for location in found:
        join_cut_rows(location)
    return found


def locate(document: Document, spec: TableSpec, anchor: int | None = None) -> Location | None:
    """The best printing of the declared table; the reasons say why it was chosen over the others."""
    candidates = locate_all(document, spec, anchor)
    if not candidates:
        return None
    best = max(candidates, key=lambda loc: (loc.score, len(loc.rows)))
    for other in candidates:
        if other is not best:
            best.reasons.append(
                f"chosen over {_place(other.table)} (score {other.score:.1f} < {best.score:.1f} "
                f"or fewer rows: {len(other.rows)} vs {len(best.rows)})"
            )
    return best


def _place(table: Table) -> str:
    if table.sheet is not None:
        return f"sheet {table.sheet} {table.ref or ''}".strip()
    pages = f"p.{table.pages[0]}" + (f"–{table.pages[-1]}" if len(table.pages) > 1 else "")
    return f"table {table.table_id} ({pages})"


# -- completeness ----------------------------------------------------------------------------------------------
def not_read(what: str) -> str:
    """Why a check is not computable, in the auditor's words: what it needed was not read (施策一覧を読めていない)."""
    return f"{what}を読めていない"


@dataclass
class Inventory:
    """What a document of a series must print, and what of it was found.

    A profile records each declared table as it locates it; `problems` gives one sentence per
    required table not found (the document is then partial), and `unread` the reason a check
    over a table's rows cannot be computed (the check is then not_computable, never mismatch).
    """

    declared: tuple[TableSpec, ...]
    found: dict[str, list[Location]] = field(default_factory=dict)

    def locate(self, document: Document, spec: TableSpec, anchor: int | None = None) -> Location | None:
        location = locate(document, spec, anchor)
        self.found[spec.name] = [location] if location is not None else []
        return location

    def locate_all(self, document: Document, spec: TableSpec, anchor: int | None = None) -> list[Location]:
        self.found[spec.name] = locate_all(document, spec, anchor)
        return self.found[spec.name]

    def record(self, spec: TableSpec, locations: Iterable[Location]) -> None:
        """Locations the profile picked itself (one printing of several)."""
        self.found[spec.name] = list(locations)

    def missing(self) -> Iterator[TableSpec]:
        for spec in self.declared:
            required = spec.required or any(self.found.get(name) for name in spec.required_with)
            if required and not self.found.get(spec.name):
                yield spec

    def problems(self) -> list[str]:
        return [f"{spec.describe()[0].upper()}{spec.describe()[1:]} was not found." for spec in self.missing()]

    def unread(self, *specs: TableSpec) -> str | None:
        """Why a check counting over these tables' rows cannot be computed, in the auditor's words
        (施策一覧を読めていない); None when all were read."""
        absent = [s.label_words() for s in specs if not self.found.get(s.name)]
        return not_read("・".join(absent)) if absent else None

    def decisions(self) -> list[str]:
        """Every located table's reasons, for `hyoka inspect`."""
        return [
            f"{name}: {reason}" for name, locations in self.found.items() for loc in locations for reason in loc.reasons
        ]


# -- year-headed header bands anywhere in a table --------------------------------------------------------------
class Cells(Protocol):
    """Cells addressed by row and column: a format-model table, or a view of one with its rows and columns
    swapped (a table whose years run down)."""

    @property
    def n_rows(self) -> int: ...

    @property
    def n_cols(self) -> int: ...

    def cell(self, row: int, col: int) -> Cell | None: ...


@dataclass(frozen=True)
class YearBand:
    """Header rows that name fiscal years over their columns, found at any depth of a table: a sheet printing
    its cost table under label/value rows, or two year-headed tables in one ruled grid."""

    rows: range
    years: list[YearColumn]


# A header naming a year is a few words (令和５年度予算現額, R6年度 決算); a longer text is a sentence.
YEAR_HEADER_CHARS = 24


@lru_cache(maxsize=65536)
def header_years(text: str, era: str | None = None) -> tuple[int, ...]:
    """The fiscal years a short header may name: the one it names in any era form (R6年度, 令和５年度予算現額,
    目標値(R7), 25年度決算 in the document's `era`), or for a bare year with no era known one per era."""
    if len(squash(text)) > YEAR_HEADER_CHARS:
        return ()
    if (year := year_of(text, era)) is not None:
        return (year,)
    if not _YEARISH.search(text):
        return ()
    parsed = nz.fiscal_year(text, era=era).value if era else nz.fiscal_year(text).value
    if isinstance(parsed, int):
        return (parsed,)
    return () if era else year_readings(text)


_YEARISH = re.compile(r"年|[RHＲＨ]\s*[0-9０-９元]")


def _year_row_cells(table: Cells, row: int, era: str | None) -> int:
    """How many distinct cells of the row name a fiscal year."""
    cells = {id(c): c for col in range(table.n_cols) if (c := table.cell(row, col)) is not None and c.text}
    return sum(1 for c in cells.values() if header_years(c.text, era))


def band_years(table: Cells, rows: range, era: str | None = None) -> list[YearColumn]:
    """The year columns under header rows `rows`: each column's lowest header cell naming a year, bare years
    read in the one era that makes them run on in column order (`resolve_years`)."""
    headed: list[tuple[int, Cell, tuple[int, ...]]] = []
    for col in range(table.n_cols):
        for r in reversed(rows):
            cell = table.cell(r, col)
            if cell is not None and (readings := header_years(cell.text, era)):
                headed.append((col, cell, readings))
                break
    return sorted(resolve_years(headed), key=lambda y: y.col)


def year_bands(
    table: Cells,
    opens: Callable[[int], bool],
    continues: Callable[[int], bool],
    era: str | None = None,
    above: int = 2,
) -> list[YearBand]:
    """Every header band of the table naming at least two fiscal years, top to bottom, at whatever depth it is
    printed. A band holds a row naming the years, up to `above` rows over it that `opens` accepts as header
    rows (a block title, a 決算 / 予算 row), and the rows under it that `continues` accepts."""
    found: list[YearBand] = []
    row = 0
    while row < table.n_rows:
        if _year_row_cells(table, row, era) < 2 or not opens(row):
            row += 1
            continue
        top, stop = row, row + 1
        while top > 0 and row - top < above and opens(top - 1):
            top -= 1
        while stop < table.n_rows and continues(stop):
            stop += 1
        found.append(YearBand(range(top, stop), band_years(table, range(top, stop), era)))
        row = stop
    return found


# -- rows and merged cells cut by a page break ---------------------------------------------------------------------
def _row_page(table: Table, row: int) -> int | None:
    """The page the cells starting in a row are printed on (None in a workbook)."""
    pages = [c.page for c in row_cells(table, row) if c.row == row and c.page is not None]
    return min(pages) if pages else None


def _slots(part: Part) -> dict[int, str | int]:
    """col -> what the column holds in the located table: its role, or the fiscal year it is headed by."""
    return {**{col: role for role, col in part.columns.items()}, **{y.col: y.year for y in part.years}}


def _joined(before: Cell, rest: Cell) -> Cell:
    """A cell cut by a page break, as one: its text ends with the rest printed atop the next page, its
    evidence is both places."""
    return replace(
        before,
        text=join_lines([before.text, rest.text], "wrap"),
        value_text="\n".join(t for t in (before.value_text, rest.value_text) if t),
        lines=[*before.lines, *rest.lines],
        more_evidence=[*before.more_evidence, rest.evidence, *rest.more_evidence],
    )


def _is_cut_row(location: Location, part: Part, first: int) -> bool:
    """Whether the first row atop a page is the rest of the row the break cut: its key cell is empty and it
    prints something, and it is no group row."""
    table = part.table
    key = table.cell(first, part.columns[location.spec.key])
    if key is not None and key.row == first and squash(key.text):
        return False
    printed = any(squash(c.text) for c in row_cells(table, first) if c.row == first)
    return printed and not is_group_row(table, first)


def _grouping_roles(location: Location) -> set[str]:
    """The roles whose column merges rows somewhere in the table's body (分類, DX重点課題): a column grouping
    the records under it, where a blank cell atop a page stands under the group above the break."""
    return {
        role
        for part in location.parts
        for role, col in part.columns.items()
        if any(c.row_span > 1 and c.row >= part.header.stop for c in part.table.column(col))
    }


def _join_across(
    location: Location,
    previous: Row,
    part: Part,
    first: int,
    rows: list[Row],
    placements: dict[str, Placement | None],
) -> None:
    """Joins the previous page's last row (`previous`) and the first row atop the next (`first` in `part`)
    column by column. When the first row is the rest of the cut row, each cell it starts continues the cell
    above the break in its column (for the rows a merged one covers). Whatever the first row, a blank cell
    atop the page in a grouping column stands under the group printed above the break."""
    cut = _is_cut_row(location, part, first)
    grouping = _grouping_roles(location)
    before = {slot: col for col, slot in _slots(previous.part).items()}
    for col, slot in _slots(part).items():
        rest = part.table.cell(first, col)
        if slot not in before or rest is None or rest.row != first:
            continue
        above = previous.joined.get(before[slot]) or previous.table.cell(previous.index, before[slot])
        if above is None:
            continue
        if cut and squash(rest.text):
            cell = _joined(above, rest)
            previous.joined[before[slot]] = cell
        elif not squash(rest.text) and squash(above.text) and slot in grouping:
            cell = above
        elif slot in grouping and _rest_of_cut_label(location, part, slot, above, rest, placements):
            cell = _joined(above, rest)
            for row in location.rows:  # the rows above the break the label stands over
                if row.part is previous.part and row.cell(slot) is above:
                    row.joined[before[slot]] = cell
        else:
            continue
        for row in rows:
            if first <= row.index <= rest.row_end:
                row.joined[col] = cell


Placement = Literal["top", "middle", "bottom"]


def _placement(cell: Cell) -> Placement | None:
    """Where a cell's text sits in it, when its room tells: at the top or the bottom (a line's height more
    room on one side than the other), or in the middle (at least a line's height on each side). None for a
    blank cell, a workbook's, or a cell the text fills, which looks the same whatever the producer does."""
    gaps = cell.text_gaps
    if gaps is None or cell.text_box is None:
        return None
    above, below = gaps
    line = (cell.text_box[3] - cell.text_box[1]) / max(len(cell.lines), 1)
    if below - above >= line:
        return "top"
    if above - below >= line:
        return "bottom"
    if abs(above - below) <= line / 2 and min(above, below) >= line:
        return "middle"
    return None


def _at_page_edge(table: Table, cell: Cell) -> bool:
    """Whether a cell starts or ends its table's printing on a page: it may be a piece of one a page break
    cut, printed where the break left it rather than where its producer places text."""
    first, last = _row_page(table, cell.row), _row_page(table, cell.row_end)
    return (
        cell.row == 0
        or cell.row_end == table.n_rows - 1
        or _row_page(table, cell.row - 1) != first
        or _row_page(table, cell.row_end + 1) != last
    )


def _column_placement(location: Location, role: str) -> Placement | None:
    """How the producer places labels in a column: the one placement its data cells away from page breaks
    show (at least two of them, and none placed otherwise); None when they show none or disagree."""
    seen: set[Placement] = set()
    told = 0
    for part in location.parts:
        col = part.columns.get(role)
        if col is None:
            continue
        for cell in part.table.column(col):
            if cell.row < part.header.stop or (placement := _placement(cell)) is None:
                continue
            if not _at_page_edge(part.table, cell):
                seen.add(placement)
                told += 1
    return seen.pop() if told >= 2 and len(seen) == 1 else None


def _rest_of_cut_label(
    location: Location, part: Part, role: str, above: Cell, rest: Cell, placements: dict[str, Placement | None]
) -> bool:
    """Whether a label atop a page in a grouping column is the rest of the label above the break, cut by it
    (…教育の提 | 供にむけた環境構築), rather than a new group's: no rule tells them apart, only how the text
    sits. Where the producer centres (or bottom-aligns) the column's labels, the rest sits flush at the top
    of its cell, and the piece above the break is not placed as a whole label would be. A rest that itself
    runs to its page's foot is no tell: a new group's label cut by the next break sits at the top too.
    `placements` keeps each column's placement, read once per located table."""
    if not squash(above.text) or _placement(rest) != "top":
        return False
    if _row_page(part.table, rest.row_end + 1) != _row_page(part.table, rest.row):  # it runs to the page's foot
        return False
    if role not in placements:
        placements[role] = _column_placement(location, role)
    column = placements[role]
    return column is not None and column != "top" and _placement(above) != column


def _part_rows_joined_over_a_break(location: Location) -> None:
    """Parts again a row the format layer joined over a page break when each piece prints its own key: two
    records (推進1 ドローンの活用推進 | 推進1 生成AIの業務活用), not one the break cut. The format layer
    cannot tell them apart (a class cell merged over both runs on blank, one row high); only the key can.
    The new record reads the pieces printed atop the next page, and a blank piece in a grouping column
    stands under the group printed above the break."""
    grouping = _grouping_roles(location)
    rows: list[Row] = []
    for row in location.rows:
        rows.append(row)
        key = row.cell(location.spec.key)
        if key is None or key.pieces is None or not all(squash(piece.text) for piece in key.pieces):
            continue
        rest = Row(row.part, row.index, row.group)
        slots = _slots(row.part)
        for col in range(row.table.n_cols):
            cell = row.table.cell(row.index, col)
            if cell is None or cell.col != col or cell.pieces is None:
                continue
            above, below = cell.pieces
            row.joined[col] = above
            rest.joined[col] = above if not squash(below.text) and slots.get(col) in grouping else below
        rows.append(rest)
    location.rows = rows


def join_cut_rows(location: Location) -> None:
    """Joins what a page break cut in a located PDF table: a row whose rest heads the next page with its key
    cell empty ('…データの見' / 'え化'), and merged cells running over the break (a DX重点課題 over several
    rows). The previous page's last row and the rows under a cut merged cell then read the joined cell,
    with evidence on both pages; the rest's own row is no record. A row the format layer joined although
    its rest prints a key of its own is parted again first."""
    _part_rows_joined_over_a_break(location)
    placements: dict[str, Placement | None] = {}
    previous: Row | None = None
    for number, part in enumerate(location.parts):
        rows = [row for row in location.rows if row.part is part]
        last_page = _row_page(previous.table, previous.index) if number > 0 and previous is not None else None
        for r in range(part.header.stop, part.table.n_rows):
            page = _row_page(part.table, r)
            if page is None:
                continue
            before = next((row for row in reversed(rows) if row.index < r), previous)
            on_page_before = before is not None and _row_page(before.table, before.index) == last_page
            if last_page is not None and page == last_page + 1 and before is not None and on_page_before:
                _join_across(location, before, part, r, rows, placements)
            last_page = page
        previous = rows[-1] if rows else previous


# -- how deep a header reaches ------------------------------------------------------------------------------------
def _names_a_column(spec: TableSpec, text: str) -> bool:
    """Whether a short text holds a declared column's word or names a fiscal year (a header's words)."""
    squashed = squash(text)
    if len(squashed) > MAX_HEADER_CHARS:
        return False
    words = (squash(w) for column in spec.columns for w in column.words)
    return any(w and w in squashed for w in words) or bool(year_readings(text))


def reads_as_data(table: Table, spec: TableSpec, row: int, key_col: int | None) -> bool:
    """A row printing a record, not header words: its key column's cell starts in it and prints something,
    and no printed cell starting in it names a declared column or a year (a number, a title, a 改善)."""
    if key_col is None or not 0 <= row < table.n_rows:
        return False
    key = table.cell(row, key_col)
    if key is None or key.row != row or not squash(key.text):
        return False
    return not any(_names_a_column(spec, c.text) for c in printed_cells(table, row) if c.row == row)


def _only_blank_reaches_below(table: Table, rows: range) -> bool:
    """No row of the header is a group row, and every cell reaching below it prints nothing (a blank column
    drawn as one box down the header and the records beside it)."""
    for r in rows:
        if is_group_row(table, r):
            return False
        if any(c.row_end >= rows.stop and squash(c.text) for c in row_cells(table, r) if c.row >= rows.start):
            return False
    return True


def header_depth_fits(table: Table, spec: TableSpec, rows: range, key_col: int | None) -> bool:
    """A header ends where the records begin: no row under its first reads as a record, and a blank cell may
    reach below it only when the row right under it is a record (else the header is deeper)."""
    if any(reads_as_data(table, spec, r, key_col) for r in rows[1:]):
        return False
    return _spans_within(table, rows) or reads_as_data(table, spec, rows.stop, key_col)


# The locator's reading of a table's header (its rows, columns and years), for a table read under a heading.
HeaderReading = _Header


def header_column(table: Cells, rows: range, column: Column, cols: Iterable[int]) -> int | None:
    """The column among `cols` whose header texts in `rows` name a declared column, matched as a located
    table's columns are (exact words before contained ones, then the leftmost); None when none does. For a
    reader that finds its header band itself (the generic reader's year-headed zones)."""
    best = max(((_match(column, _header_texts(table, rows, col)), -col) for col in cols), default=(0, 0))
    return -best[1] if best[0] > 0 else None


# A whole number printed first in a cell, then the cell's own text (12 施策名).
_LEADING_NUMBER = re.compile(r"^(\d+)\s*(.+)$", re.S)


def leading_number(row: Row, column: Column) -> tuple[str, str] | None:
    """A number column declared `leading_in` another's cell: the row's number (without leading zeros) and that
    cell's text, from the number column; a printing without it, from the number printed first in that cell,
    the text after it. None: the row prints no number."""
    assert column.leading_in is not None, f"column `{column.role}` is printed in no other column's cell"
    host = row.cell(column.leading_in)
    if host is None:
        return None
    printed = row.cell(column.role)
    if printed is not None:
        digits = re.fullmatch(r"\d+", squash(printed.text))
        return (str(int(digits.group())), nz.text(host.text).value or "") if digits else None
    leading = _LEADING_NUMBER.match(nz.text(host.text).value or "")
    return (str(int(leading[1])), leading[2]) if leading else None
