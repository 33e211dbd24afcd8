"""Shared mechanisms every profile uses, each implemented once: finding tables by their header
vocabulary, evidence, reading printed values through the normalizers, comparing two printings
of one thing, reading a value by its place beside its label, and reading order.

Profiles find their tables by words and shape, never by page number or cell address;
these helpers make that the easy way.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any, Protocol, TypeVar

from hyoka import normalizers as nz
from hyoka.audit.rules import Where
from hyoka.extractors.model import Cell, Document, Table, TextBlock
from hyoka.schemas import TABLES


@lru_cache(maxsize=65536)  # the locator squashes each header cell and declared word once per reading tried
def squash(text: str) -> str:
    """Text for matching labels: NFKC with radical forms read, without whitespace (wraps and spacing
    vary by edition)."""
    return "".join(unicodedata.normalize("NFKC", nz.unify_radicals(text)).split())


def contract_values(table: str, column: str) -> frozenset[str]:
    """The values the contract allows in a column (budgets.item, indicator_values.metric), read from
    the column's `isin` check in the schema, so that the list is written once, there."""
    checks = TABLES[table].to_schema().columns[column].checks
    return frozenset(next(c.statistics["allowed_values"] for c in checks if "allowed_values" in c.statistics))


def evidence(cell: Cell | TextBlock) -> dict[str, Any]:
    """The contract's evidence columns for a row read from `cell`."""
    where = cell.evidence
    return {
        "page": where.page,
        "bbox": list(where.bbox) if where.bbox is not None else None,
        "sheet": where.sheet,
        "cell": where.cell,
    }


def where(cell: Cell | TextBlock) -> Where:
    """The audit engine's evidence for a figure printed in `cell`."""
    place = cell.evidence
    return Where(page=place.page, bbox=place.bbox, sheet=place.sheet, cell=place.cell)


def header_text(table: Table, col: int, header_rows: int | None = None) -> str:
    """The squashed texts of the header cells above `col` (spanning cells included), joined."""
    rows = table.header_rows if header_rows is None else header_rows
    parts: list[str] = []
    for r in range(rows):
        cell = table.cell(r, col)
        if cell is not None and (not parts or parts[-1] != squash(cell.text)):
            parts.append(squash(cell.text))
    return "".join(parts)


def find_column(table: Table, *labels: str, header_rows: int | None = None) -> int | None:
    """The first column whose header contains any of `labels` (compared squashed)."""
    wanted = [squash(label) for label in labels]
    for col in range(table.n_cols):
        header = header_text(table, col, header_rows)
        if any(label in header for label in wanted):
            return col
    return None


def has_columns(table: Table, *labels: str, header_rows: int | None = None) -> bool:
    """Whether the table's header row(s) contain every one of `labels`, each in some column."""
    return all(find_column(table, label, header_rows=header_rows) is not None for label in labels)


def tables_with_headers(document: Document, *labels: str, header_rows: int | None = None) -> list[Table]:
    """The tables whose header row(s) contain every one of `labels`."""
    return [t for t in document.tables() if has_columns(t, *labels, header_rows=header_rows)]


def body_rows(table: Table, header_rows: int | None = None) -> Iterable[int]:
    """The row numbers below the header."""
    return range(table.header_rows if header_rows is None else header_rows, table.n_rows)


def text_contains(document: Document, *words: str, pages: int | None = None) -> bool:
    """Whether the document's text (blocks and cells; first `pages` pages or sheets) holds every word."""
    return prints_words(squashed_text(document, pages), words)


def squashed_text(document: Document, pages: int | None = None) -> str:
    """The document's text (blocks and cells; first `pages` pages or sheets), squashed as one."""
    chunks: list[str] = []
    for page in document.pages[:pages]:
        chunks += [b.text for b in page.text_blocks] + [c.text for t in page.tables for c in t.cells]
    for sheet in document.sheets[:pages]:
        chunks += [c.text for t in sheet.tables for c in t.cells]
    return squash("".join(chunks))


def prints_words(text: str, words: Iterable[str]) -> bool:
    """Whether a squashed text holds every word."""
    return all(squash(word) in text for word in words)


def vocabulary_share(document: Document, words: Sequence[str]) -> float:
    """The share of `words` the document prints (a series' vocabulary as one score term)."""
    return sum(text_contains(document, word) for word in words) / len(words) if words else 0.0


# A label naming a total by its ending: 合計 / 総計 / 小計 / 計, and an item's 計 (事業費計, 財源計, 収入計);
# not a name that ends in 計 (統計, 推計, 設計, 会計), so only what may stand before an item's 計 is listed.
TOTAL_ENDING = r"(合計|総計|小計|^計|(費|源|入|出|額|金|料|債|コスト)計)$"
# Qualifiers printed after a total's word (全施策 (70 施策), 合計（再掲除く）), squashed, one or more.
_TRAILING_QUALIFIERS = re.compile(r"(?<=.)(?:\([^()]*\))+$")


def is_total_label(label: str, words: Iterable[str]) -> bool:
    """Whether a row label names the total of the rows beside it by one of a check's declared words: the label,
    its trailing bracketed qualifiers set aside, is one of them, or ends with one and is a total by its ending
    (`TOTAL_ENDING`: 総計, 事業費計 for 計). A word inside or at the start of a longer name (計画推進, 会計管理)
    or a name ending like one (統計) names a group, not its total."""
    named = _TRAILING_QUALIFIERS.sub("", squash(label))
    total_ending = re.search(TOTAL_ENDING, named) is not None
    return any(named == (word := squash(w)) or (total_ending and named.endswith(word)) for w in words)


# ---- printed values: one reading each, through the normalizers --------------------------------------------


def plain(text: str) -> str:
    """The contract's text form of a printed string; '' for a blank one."""
    return nz.text(text).value or ""


def names_in(cell: Cell | None) -> list[str] | None:
    """The departments or divisions a cell names, read from its printed lines (a line break may
    separate two names or only wrap one: `hyoka.normalizers.names` decides); None without a cell."""
    if cell is None:
        return None
    return list(nz.names(cell.lines or cell.text).value or ())


def grade_letter(cell: Cell | None) -> str | None:
    """The grade letter a cell states (case kept), None when it states none."""
    parsed = nz.grade(cell.text).value if cell is not None else None
    return parsed.letter if parsed is not None else None


def fiscal_year_of(text: str) -> int | None:
    """The one fiscal year a text names; None for none, a range or an unreadable one."""
    parsed = nz.fiscal_year(text).value
    return parsed if isinstance(parsed, int) else None


def number_in(text: str, unit_hint: str | None = None) -> float | None:
    """The figure a cell prints, scaled by its (or the hint's) unit; None when blank, missing or text."""
    parsed = nz.quantity(text, unit_hint=unit_hint).value
    return parsed.value if parsed is not None else None


def number_text(value: float) -> str:
    """A figure as a plain numeral, for a figure read out of a cell printing several (16.0 -> '16', 8.6 -> '8.6')."""
    return str(int(value)) if value.is_integer() else repr(value)


# ---- comparing two printings of one thing -----------------------------------------------------------------


def _bigrams(text: str) -> set[str]:
    squashed = squash(text)
    return {squashed[i : i + 2] for i in range(len(squashed) - 1)}


def similarity(a: str, b: str) -> float:
    """Dice coefficient of the texts' character bigrams: 1 for the same text, 0 for nothing shared.
    For a reworded title or heading, whose words keep their order."""
    left, right = _bigrams(a), _bigrams(b)
    if not left or not right:
        return 1.0 if squash(a) == squash(b) else 0.0
    return 2 * len(left & right) / (len(left) + len(right))


def scrambled_similarity(a: str, b: str) -> float:
    """Dice coefficient of the texts' character multisets, order ignored: for a vertical label,
    whose characters the format layer may read out of order."""
    left, right = Counter(squash(a)), Counter(squash(b))
    size = sum(left.values()) + sum(right.values())
    return 2 * sum((left & right).values()) / size if size else 0.0


# What wording variants of one name change: bracketed annotations, and の / 等 / spaces / middle dots.
_BRACKETED = re.compile(r"[(（][^)）]*[)）]")
_VARIANT_CHARACTERS = frozenset("の等 ・")
# Two wording keys this alike (difflib ratio) name the same thing.
SAME_WORDING = 0.8


def wording_key(text: str) -> str:
    """A name or step without what its wording variants change: annotations, a ※ note, の/等, spaces."""
    key = _BRACKETED.sub("", plain(text)).split("※")[0]
    key = key.replace("となる", "な")
    return "".join(ch for ch in key if ch not in _VARIANT_CHARACTERS)


def same_wording(a: str, b: str) -> bool:
    """Whether two printed names are one name worded alike (equal keys, or keys at least SAME_WORDING alike)."""
    key_a, key_b = wording_key(a), wording_key(b)
    return key_a == key_b or SequenceMatcher(None, key_a, key_b).ratio() >= SAME_WORDING


# ---- header vocabulary per column -------------------------------------------------------------------------


def header_fields(table: Table) -> dict[int, tuple[str, str]]:
    """Column -> (contract field, header text) for the columns whose header the vocabulary knows;
    of a column's stacked header cells, the lowest that names a field wins (目標達成率 over 30年度)."""
    fields: dict[int, tuple[str, str]] = {}
    for col in range(table.n_cols):
        texts: list[str] = []
        for r in range(max(table.header_rows, 1)):
            cell = table.cell(r, col)
            if cell is not None and cell.is_header and (not texts or texts[-1] != cell.text):
                texts.append(cell.text)
        for text in reversed(texts):
            parsed = nz.header(text).value
            if parsed is not None and parsed.field is not None:
                fields[col] = (parsed.field, text)
                break
    return fields


def resolve_year(header: str, known_years: set[int]) -> int | None:
    """The fiscal year of a header; a bare year (30年度) by the one era reading that gives a year
    the document prints in full elsewhere (`known_years`), else None."""
    parsed = nz.header(header).value
    if parsed is not None and isinstance(parsed.fiscal_year, int):
        return parsed.fiscal_year
    candidates = set()
    for era in nz.ERAS:
        read = nz.header(header, era=era.name)
        if read.reason is None and read.value is not None and isinstance(read.value.fiscal_year, int):
            candidates.add(read.value.fiscal_year)
    found = candidates & known_years
    return found.pop() if len(found) == 1 else None


# ---- labels and the values beside them --------------------------------------------------------------------


@dataclass
class Located:
    """A cell with the table it stands in, for reading a value by its place relative to its label."""

    table: Table
    cell: Cell

    @property
    def text(self) -> str:
        return self.cell.text

    def right(self) -> Located | None:
        """The cell just right of this one, in its first row."""
        if self.cell.col_end + 1 >= self.table.n_cols:
            return None
        return self.at(self.cell.row, self.cell.col_end + 1)

    def below(self) -> Located | None:
        """The cell just below this one, in its first column."""
        if self.cell.row_end + 1 >= self.table.n_rows:
            return None
        return self.at(self.cell.row_end + 1, self.cell.col)

    def at(self, row: int, col: int) -> Located | None:
        """The cell covering (row, col) of the same table."""
        found = self.table.cell(row, col)
        return Located(self.table, found) if found is not None else None


def located_cells(document: Document) -> Iterator[Located]:
    """Every cell of every table, with its table."""
    for table in document.tables():
        for cell in table.cells:
            yield Located(table, cell)


def labelled(document: Document, *labels: str) -> list[Located]:
    """Cells whose squashed text is one of `labels`."""
    wanted = {squash(label) for label in labels}
    return [c for c in located_cells(document) if squash(c.text) in wanted]


def starting(document: Document, *labels: str) -> list[Located]:
    """Cells whose squashed text starts with one of `labels`."""
    wanted = tuple(squash(label) for label in labels)
    return [c for c in located_cells(document) if squash(c.text).startswith(wanted)]


# ---- label/value sheets --------------------------------------------------------------------------------
def value_beside(table: Table, label: Cell, is_heading: Callable[[Cell], bool] | None = None) -> Cell | None:
    """The value a label prints: the next printed cell to its right in its row, else the one below it.

    With `is_heading` (a form whose labels may instead head the columns of a plain table): the cell just right
    of the label, printed or blank; when that is a heading, the first cell under the label that is none."""
    if is_heading is not None:
        right = table.cell(label.row, label.col_end + 1) if label.col_end + 1 < table.n_cols else None
        return right if right is not None and not is_heading(right) else value_under(table, label, is_heading)
    for col in range(label.col_end + 1, table.n_cols):
        cell = table.cell(label.row, col)
        if cell is not None and cell.text.strip():
            return cell
    if label.row_end + 1 < table.n_rows:
        cell = table.cell(label.row_end + 1, label.col)
        if cell is not None and cell.text.strip():
            return cell
    return None


def value_under(table: Table, label: Cell, is_heading: Callable[[Cell], bool]) -> Cell | None:
    """The first cell under the label that is not a heading (below the sub-headings of a multi-level head)."""
    row = label.row_end + 1
    while row < table.n_rows and (below := table.cell(row, label.col)) is not None:
        if not is_heading(below):
            return below
        row = below.row_end + 1
    return None


def label_values(tables: Iterable[Table], is_label: Callable[[str], bool]) -> list[tuple[Cell, Cell]]:
    """A label/value sheet's (label, value) pairs, whichever table and column the producer put each label in.

    `is_label` is asked of every cell's squashed text; tables are read in the order given, rows top down."""
    pairs = []
    for table in tables:
        for cell in sorted(table.cells, key=lambda c: (c.row, c.col)):
            if is_label(squash(cell.text)) and (value := value_beside(table, cell)) is not None:
                pairs.append((cell, value))
    return pairs


def labelled_value(tables: Iterable[Table], *labels: str, prefix: bool = False) -> Cell | None:
    """The value of the first cell labelled with one of `labels` (squashed; `prefix`: starting with one)."""
    wanted = tuple(squash(label) for label in labels)

    def is_label(text: str) -> bool:
        return text.startswith(wanted) if prefix else text in wanted

    pairs = label_values(tables, is_label)
    return pairs[0][1] if pairs else None


# ---- reading order: page, then top ------------------------------------------------------------------------

Position = tuple[int, float]
"""A point of the document in reading order: (page, top)."""


class Placed(Protocol):
    """Something printed at a place in reading order (a heading, a text block's item)."""

    @property
    def page(self) -> int: ...

    @property
    def top(self) -> float: ...


@dataclass(frozen=True)
class Item:
    """A text block or a table at its place in reading order."""

    page: int
    top: float
    block: TextBlock | None = None
    table: Table | None = None


def reading_order(document: Document) -> list[Item]:
    """Text blocks and tables page by page, top to bottom; a table continued over pages sits at its start."""
    items: list[Item] = []
    for page in document.pages:
        items += [Item(page.number, block.bbox[1], block=block) for block in page.text_blocks]
        for table in page.tables:
            if table.pages and table.pages[0] == page.number:
                top = table.bboxes[page.number][1] if page.number in table.bboxes else 0.0
                items.append(Item(page.number, top, table=table))
    return sorted(items, key=lambda item: (item.page, item.top))


def table_start(table: Table) -> Position:
    """Where a (PDF) table begins: its first page and the top of its outline there."""
    page = table.pages[0]
    return page, table.bboxes[page][1]


def table_end(table: Table) -> Position:
    """Where a (PDF) table ends: its last page and the bottom of its outline there."""
    page = table.pages[-1]
    return page, table.bboxes[page][3]


def text_between(document: Document, after: Position | None, before: Position) -> str:
    """The running text printed wholly between two points (from the start when `after` is None)."""
    return "".join(
        b.text
        for b in document.text_blocks()
        if (after is None or (b.page, b.bbox[1]) >= after) and (b.page, b.bbox[3]) <= before
    )


P = TypeVar("P", bound=Placed)


def last_at(marks: Sequence[P], position: Position) -> P | None:
    """Of `marks` in reading order, the last printed at or above a point (the heading a table or a row
    sits under when a page holds several)."""
    before = [m for m in marks if (m.page, m.top) <= position]
    return before[-1] if before else None


def last_before(marks: Sequence[P], cell: Cell) -> P | None:
    """Of `marks` in reading order, the last printed at or above the cell's top (`last_at`); None without a
    place (a workbook cell)."""
    if cell.page is None or cell.bbox is None:
        return None
    return last_at(marks, (cell.page, cell.bbox[1]))


def organisation_names(cell: Cell | None, endings: str) -> list[str] | None:
    """The organisations (departments, divisions) a cell names, whatever separates them. Its text and its
    printed lines are read both: one producer breaks between two names without a space in the text
    (市民局 / 経済局 -> 市民局経済局), another wraps inside a name after a space (医療局 健康福 / 祉局);
    `hyoka.normalizers.names` splits only between whole names, so the reading finding the most names is
    the one that saw the separator. Names printed with nothing between them split where each ends as
    the whole does (`endings`: the characters an organisation's name ends with, 局課)."""
    if cell is None:
        return None
    readings = [
        nz.names(cell.text).value or (),
        nz.names(cell.lines).value or () if cell.lines else (),
        same_ending_names(cell.text, endings),
    ]
    return list(max(readings, key=len))


def same_ending_names(text: str, endings: str) -> tuple[str, ...]:
    """Names printed with nothing between them, split where each part ends as the whole does
    (医療局健康福祉局 -> 医療局 / 健康福祉局); a part shorter than three characters is read as inside a
    name (課税課), so nothing is split."""
    joined = squash(text)
    if not joined or joined[-1] not in endings:
        return ()
    parts = re.findall(f"[^{joined[-1]}]+{joined[-1]}", joined)
    if "".join(parts) != joined or any(len(part) < 3 for part in parts):
        return ()
    return tuple(parts)


# The circled numbers a cell numbers its items with (①検討 ②精査).
CIRCLED_NUMBERS = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def without_circled_number(text: str) -> str:
    """Text without a leading circled number (①研修受講人数 -> 研修受講人数)."""
    return text.lstrip(CIRCLED_NUMBERS).strip()


def circled_items(text: str) -> list[str]:
    """The circled-number items of a text (①… ②…), each with its number; [] when it does not start with one."""
    stripped = text.strip()
    if not stripped or stripped[0] not in CIRCLED_NUMBERS:
        return []
    return [item.strip() for item in re.split(f"(?=[{CIRCLED_NUMBERS}])", stripped) if item.strip()]


def circled_parts(cells: list[Cell]) -> list[list[Cell]]:
    """A printed row as its records: itself, or one per circled number when every cell numbers the same
    items (①検討 ②精査 | ①実施 ②実施 | …); each part keeps its cell's evidence and prints its item."""
    split = [circled_items(c.text) for c in cells]
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


def era_years(document: Document) -> set[int]:
    """The fiscal years the document's table headers print with their era (平成30年度目標達成率): what a
    bare year elsewhere (30年度) is read against (`resolve_year`)."""
    years: set[int] = set()
    for table in document.tables():
        for cell in table.cells:
            if cell.is_header and "年度" in cell.text:
                parsed = nz.header(cell.text).value
                if parsed is not None and isinstance(parsed.fiscal_year, int):
                    years.add(parsed.fiscal_year)
    return years


def header_words(table: Table, rows: range, col: int) -> str:
    """The header texts above a column in `rows`, squashed and joined, each once."""
    parts: list[str] = []
    for r in rows:
        cell = table.cell(r, col)
        if cell is not None and squash(cell.text) and (not parts or parts[-1] != squash(cell.text)):
            parts.append(squash(cell.text))
    return "".join(parts)
