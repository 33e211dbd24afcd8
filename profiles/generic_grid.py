"""The generic reader's view of a table: each grid slot's covering cell (one pass over the cells,
not a scan per lookup), a transposed view for tables whose years run down, and the words around
a table (its caption, the document's era) that the generic reader needs.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from hyoka.extractors.model import Cell, Document, Table, TextBlock
from hyoka.normalizers.eras import ERAS
from hyoka.schemas.tables import FISCAL_YEARS
from hyoka.specs.locate import row_cells
from hyoka.specs.tables import squash

# A label as the generic reader compares it: no spacing, no bracketed asides, no letter naming a
# figure for a formula ("事業費 A", "合計（A）", "一般財源 (B)"), no section number ("7 令和7年度の方向性").
_BRACKETED = re.compile(r"[(（][^)）]*[)）]")
_FORMULA_LETTER = re.compile(r"[A-ZＡ-Ｚ]$")
_SECTION_NUMBER = re.compile(r"^(\(?\d{1,2}\)?[.．、]?|[①-⑳])")

# A unit of money stated for a whole table: in brackets, after 単位, or as "千円単位".
_UNIT = "(百万円|千円|万円|円)"
_STATED_UNIT = re.compile(rf"[(（][^)）]*?{_UNIT}|単位[:：]?\s*{_UNIT}|{_UNIT}単位")
_TRUNCATED = re.compile(r"未満[はを]?(切り?捨|切捨)")
_ERA = re.compile(r"(令和|平成|昭和)\s*[0-9０-９元]")
# The eras running on some April 1st that starts a fiscal year a report may cover.
_REPORT_ERAS = [
    era
    for era, later in zip(ERAS, [*ERAS[1:], None], strict=True)
    if later is None or later.first_day > date(FISCAL_YEARS["ge"], 4, 1)
]


@lru_cache(maxsize=65536)
def label_key(text: str) -> str:
    """A printed label reduced to what names it (see `_BRACKETED`, `_FORMULA_LETTER`)."""
    key = _BRACKETED.sub("", squash(text).split("※")[0])
    key = _SECTION_NUMBER.sub("", key)
    return _FORMULA_LETTER.sub("", key) if len(key) > 1 else key


def stated_unit(text: str) -> str | None:
    """The money unit a header, label or caption states for its figures (千円単位, （千円）, 単位：円)."""
    match = _STATED_UNIT.search(squash(text))
    return next((g for g in match.groups() if g), None) if match else None


def truncates(text: str) -> bool:
    """Whether a caption says its figures are truncated, not rounded (千円未満切り捨て)."""
    return bool(_TRUNCATED.search(squash(text)))


@dataclass(frozen=True)
class Grid:
    """A table as the generic reader walks it, through the table's own index; `transposed` swaps rows and
    columns (a table whose years run down), so that one reading serves both orientations (`Cells`)."""

    table: Table
    transposed: bool = False

    def turned(self) -> Grid:
        return Grid(self.table, not self.transposed)

    @property
    def n_rows(self) -> int:
        return self.table.n_cols if self.transposed else self.table.n_rows

    @property
    def n_cols(self) -> int:
        return self.table.n_rows if self.transposed else self.table.n_cols

    def cell(self, row: int, col: int) -> Cell | None:
        """The cell covering (row, col) in this view's orientation."""
        return self.table.cell(col, row) if self.transposed else self.table.cell(row, col)

    def anchor(self, row: int, col: int) -> Cell | None:
        """The cell whose top-left slot is (row, col), in this view's orientation."""
        cell = self.cell(row, col)
        if cell is None:
            return None
        origin = (cell.col, cell.row) if self.transposed else (cell.row, cell.col)
        return cell if origin == (row, col) else None

    def text(self, row: int, col: int) -> str:
        cell = self.cell(row, col)
        return cell.text if cell is not None else ""

    def spans_beyond(self, row: int, col: int, first: int, last: int) -> bool:
        """Whether the cell at (row, col) reaches columns outside first..last (a caption over the row)."""
        cell = self.cell(row, col)
        if cell is None:
            return False
        start, span = (cell.row, cell.row_span) if self.transposed else (cell.col, cell.col_span)
        return start < first or start + span - 1 > last

    def row_texts(self, row: int, cols: Iterable[int]) -> list[str]:
        """The distinct texts of the cells covering `row` in `cols`, left to right."""
        return [cell.text for cell in row_cells(self, row, cols) if cell.text]

    def column_texts(self, col: int, rows: Iterable[int]) -> list[str]:
        """The distinct texts of the cells covering `col` in `rows`, top to bottom."""
        return self.turned().row_texts(col, rows)


def document_era(document: Document) -> str | None:
    """The era a document writes its bare years in (25年度): the one its text names most, newer on a tie, among
    the eras a reported fiscal year can start in (`FISCAL_YEARS`): a 事業開始年度 of 昭和22年 is history, not
    the era of the sheet's 20年度決算 … 25年度予算."""
    counts: Counter[str] = Counter()
    for block in document.text_blocks():
        counts.update(_ERA.findall(block.text))
    for table in document.tables():
        for cell in table.cells:
            counts.update(_ERA.findall(cell.text))
    named = [era for era in _REPORT_ERAS if counts[era.name]]
    return max(named, key=lambda era: (counts[era.name], era.first_day)).name if named else None


def captions_above(document: Document, table: Table, x0: float, x1: float) -> list[TextBlock]:
    """Text blocks printed above a table's columns x0..x1 on its first page, nearest first."""
    if not table.pages or table.pages[0] not in table.bboxes:
        return []
    page = table.pages[0]
    top = table.bboxes[page][1]
    above = [
        b
        for b in document.page(page).text_blocks
        if b.bbox[3] <= top + 2 and b.bbox[0] < x1 and b.bbox[2] > x0 and top - b.bbox[3] < 60
    ]
    return sorted(above, key=lambda b: top - b.bbox[3])


def sheet_texts(document: Document, table: Table) -> list[str]:
    """A workbook table's sheet: the texts of its other small tables (a title row) and its print header."""
    sheet = next((s for s in document.sheets if s.name == table.sheet), None)
    if sheet is None:
        return []
    texts = [c.text for t in sheet.tables if t is not table and len(t.cells) <= 20 for c in t.cells if c.text]
    return texts + list(sheet.print_header_text)
