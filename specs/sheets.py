"""Label/value sheets: a record printed as rows, each a label in one column and its values to the right
(システム名 | …, 担当課名 | …, 予算額 | R1 | R2 | R3), one sheet per record.

A sheet runs from one row labelled with the first label to the next such row, across tables: a sheet may
break over a page, and its parts come out as separate tables. A producer may also print a sheet as several
tables (a head with a label beside another, the amounts, the grades as label/value rows): a sheet keeps the
tables printed between its first row and the next sheet's, and a label is then found in any column of them.

A spec declares such sheets (`sheets:`, `hyoka.specs.schema.SheetDecl`): the label vocabulary, the
fields each label fills, and the rows of amounts printed under a year header; `sheet_records` reads one
record per sheet.
"""

from __future__ import annotations

import difflib
import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hyoka import normalizers as nz
from hyoka.extractors.model import Cell, Document, Table
from hyoka.specs.tables import Position, fiscal_year_of, labelled_value, reading_order, squash, table_start

if TYPE_CHECKING:
    from hyoka.specs.locate import Row
    from hyoka.specs.schema import SheetDecl

# A table's label column holds at least this many of the sheet's labels.
LABELS_IN_COLUMN = 2


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

    def position(self) -> Position:
        cell = self.label_cell() or self.table.row(self.row)[0]
        return (cell.page, cell.bbox[1] if cell.bbox is not None else 0.0)


@dataclass
class LabelledSheet:
    """One sheet: its rows from its first label on, and the tables it prints."""

    rows: list[SheetRow]
    tables: list[Table]

    def index(self, *labels: str, prefix: bool = False) -> int | None:
        """The first row labelled with one of `labels` (squashed; `prefix`: starting with one)."""
        wanted = [squash(label) for label in labels]
        for i, row in enumerate(self.rows):
            if any(row.label == w or (prefix and row.label.startswith(w)) for w in wanted):
                return i
        return None

    def value(self, index: int | None) -> Cell | None:
        """The first value of a row."""
        cells = self.rows[index].values() if index is not None else []
        return cells[0] if cells else None

    def labelled(self, *labels: str) -> Cell | None:
        """The value of the row labelled with one of `labels`, else of such a label in any column of the
        sheet's tables."""
        return self.value(self.index(*labels)) or labelled_value(self.tables, *labels)


def label_column(table: Table, labels: list[str]) -> int | None:
    """The leftmost column holding enough of a sheet's labels."""
    for col in range(table.n_cols):
        printed = {squash(c.text) for c in table.column(col)}
        if sum(any(label.startswith(squash(w)) for label in printed) for w in labels) >= LABELS_IN_COLUMN:
            return col
    return None


def _sheet_rows(document: Document, labels: list[str]) -> list[SheetRow]:
    """Every row of every table that has a sheet's labels in one column, in document order."""
    rows: list[SheetRow] = []
    for table in document.tables():
        col = label_column(table, labels)
        if col is None:
            continue
        for r in range(table.n_rows):
            anchor = table.cell(r, col)
            label = squash(anchor.text) if anchor is not None and anchor.row == r else ""
            rows.append(SheetRow(table, r, label, col))
    return rows


def _sheet_tables(rows: list[SheetRow], tables: list[Table], end: Position | None) -> list[Table]:
    """The tables of a sheet's labelled rows, and those starting after its first row and before the next sheet."""
    start = rows[0].position()
    own = list(dict.fromkeys(id(row.table) for row in rows))
    found = [t for t in tables if id(t) in own]
    found += [
        t for t in tables if id(t) not in own and start <= table_start(t) and (end is None or table_start(t) < end)
    ]
    return found


def labelled_sheets(document: Document, labels: list[str]) -> list[LabelledSheet]:
    """Every sheet the document prints, each from a row labelled `labels[0]` to the next one."""
    stream = _sheet_rows(document, labels)
    starts = [i for i, row in enumerate(stream) if row.label == squash(labels[0])]
    tables = [item.table for item in reading_order(document) if item.table is not None]
    sheets = []
    for n, first in enumerate(starts):
        last = starts[n + 1] if n + 1 < len(starts) else len(stream)
        end = stream[last].position() if last < len(stream) else None
        rows = stream[first:last]
        sheets.append(LabelledSheet(rows, _sheet_tables(rows, tables, end)))
    return sheets


@dataclass
class AmountRow:
    """A sheet's row of amounts, one per year column, and the unit its label prints (予算額（円）)."""

    cells: list[Cell]
    unit: str | None


@dataclass
class SheetRecord:
    """One declared sheet as read: its fields' value cells, its year header and its rows of amounts."""

    sheet: LabelledSheet
    fields: dict[str, Cell | None]
    year_cells: list[Cell]
    amounts: dict[str, AmountRow]

    def amount_years(self, fallback: list[int]) -> list[int | None]:
        """The fiscal year of each amount column: as headed when the header runs year by year, else the
        `fallback` years (a plan's) when they are as many, else counted on from the first year headed."""
        printed = [fiscal_year_of(c.text) for c in self.year_cells]
        count = max((len(row.cells) for row in self.amounts.values()), default=0)
        years = [y for y in printed if y is not None]
        if len(years) == count and all(b == a + 1 for a, b in itertools.pairwise(years)):
            return list(years)
        if len(fallback) == count:
            return list(fallback)
        first = printed[0] if printed else None
        return [first + i if first is not None else None for i in range(count)]


def _unit(row: SheetRow) -> str | None:
    label = row.label_cell()
    header = nz.header(label.text).value if label is not None else None
    return header.unit if header is not None else None


def _year_cells(sheet: LabelledSheet, above: int) -> list[Cell]:
    """The year header: the nearest row above `above` whose cells all name fiscal years."""
    for i in range(above - 1, -1, -1):
        cells = sheet.rows[i].values()
        if cells and all(fiscal_year_of(c.text) is not None for c in cells):
            return cells
    return []


def is_placeholder(amounts: dict[str, AmountRow]) -> bool:
    """A template sheet (掲載内容説明): where amounts stand it prints words (what the cell holds), not numbers
    or marks."""
    cells = [c for row in amounts.values() for c in row.cells]
    readings = [nz.quantity(c.text).value for c in cells]
    return bool(cells) and all(q is not None and q.value is None and q.na_marker is None for q in readings)


def sheet_records(document: Document, declared: SheetDecl) -> list[SheetRecord]:
    """Every sheet printing its first label's value and each declared row of amounts (a template printing
    words where amounts stand is none)."""
    records = []
    for sheet in labelled_sheets(document, declared.labels):
        at = {item: sheet.index(label, prefix=True) for item, label in declared.amounts.items()}
        rows = {item: sheet.rows[i] for item, i in at.items() if i is not None}
        if sheet.value(0) is None or len(rows) < len(at):
            continue
        amounts = {item: AmountRow(row.values(), _unit(row)) for item, row in rows.items()}
        if is_placeholder(amounts):
            continue
        fields = {name: sheet.labelled(*labels) for name, labels in declared.fields.items()}
        years = _year_cells(sheet, min(i for i in at.values() if i is not None)) if at else []
        records.append(SheetRecord(sheet, fields, years, amounts))
    return records


def records_by_row(rows: list[Row], records: list[SheetRecord], role: str, field: str) -> list[tuple[Row, SheetRecord]]:
    """Sheets with the rows they are the records of: both follow one order, so they are aligned by it; equal
    texts of the row's `role` and the sheet's `field` anchor the alignment, and between anchors a run of as
    many rows as sheets pairs one to one (a name printed differently on the sheet is no reason to unpair)."""
    row_texts = [squash(cell.text) if (cell := row.cell(role)) is not None else "" for row in rows]
    sheet_texts = [squash(cell.text) if (cell := record.fields.get(field)) is not None else "" for record in records]
    pairs: list[tuple[Row, SheetRecord]] = []
    matcher = difflib.SequenceMatcher(None, row_texts, sheet_texts, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            pairs += list(zip(rows[i1:i2], records[j1:j2], strict=True))
    return pairs
