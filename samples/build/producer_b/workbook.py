"""This producer's workbooks, written by xlsxwriter with the office's conventions.

A blank, narrow first column; the title in the first row above everything; each block a heading row
and its table (merged multi-level headers, shaded); figures stored as numbers whose formats carry
the unit (`#,##0"千円"`, `0.0%` over a stored fraction); the rows above the first table frozen; a
print area, fitted one page wide.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from samples.build.producer_b.chromium import Cell, Row

# Fixed document properties: a rebuild writes the same workbook.
PROPERTIES = {"author": "情報政策課", "created": datetime(2020, 4, 1)}


@dataclass
class Block:
    """A heading and the table under it (header rows are the rows of Cell(header=True))."""

    heading: str
    rows: Sequence[Row]


class Sheet:
    """One worksheet being filled top to bottom; cells start in column B (column A stays blank)."""

    def __init__(self, book: xlsxwriter.Workbook, name: str, widths: Sequence[float]) -> None:
        self.book = book
        self.ws: Worksheet = book.add_worksheet(name)
        self.formats: dict[tuple[bool, str, bool], Format] = {}
        self.row = 0
        self.last_col = len(widths)
        self.ws.set_column(0, 0, 2.0)
        for i, width in enumerate(widths, start=1):
            self.ws.set_column(i, i, width)

    def format(self, header: bool, num_format: str = "", plain: bool = False) -> Format:
        key = (header, num_format, plain)
        if key not in self.formats:
            spec: dict[str, object] = {
                "font_name": "ＭＳ 明朝",
                "font_size": 10,
                "valign": "vcenter",
                "text_wrap": True,
            }
            if not plain:
                spec["border"] = 1
            if header:
                spec.update(bold=True, bg_color="#D9E1F2", align="center")
            if num_format:
                spec.update(num_format=num_format, align="right")
            self.formats[key] = self.book.add_format(spec)
        return self.formats[key]

    def title(self, text: str) -> None:
        fmt = self.book.add_format({"font_name": "ＭＳ 明朝", "font_size": 16, "bold": True, "align": "center"})
        self.ws.merge_range(self.row, 1, self.row, self.last_col, text, fmt)
        self.ws.set_row(self.row, 28)
        self.row += 2

    def heading(self, text: str) -> None:
        if not text:
            return
        fmt = self.book.add_format({"font_name": "ＭＳ ゴシック", "font_size": 11, "bold": True, "bottom": 2})
        self.ws.write_string(self.row, 1, text, fmt)
        self.row += 1

    def table(self, rows: Sequence[Row]) -> None:
        """Places the rows as HTML does: each cell in the next column no earlier rowspan holds."""
        taken: set[tuple[int, int]] = set()
        for r, row in enumerate(rows):
            col = 1
            for item in row:
                cell = item if isinstance(item, Cell) else Cell(str(item))
                while (r, col) in taken:
                    col += 1
                self.put(self.row + r, col, cell)
                taken.update((r + dr, col + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan))
                col += cell.colspan
        self.row += len(rows) + 1

    def put(self, row: int, col: int, cell: Cell) -> None:
        fmt = self.format(cell.header, cell.num_format)
        value: float | str = cell.value if cell.value is not None else cell.text
        if cell.rowspan > 1 or cell.colspan > 1:
            self.ws.merge_range(row, col, row + cell.rowspan - 1, col + cell.colspan - 1, value, fmt)
        elif isinstance(value, float):
            self.ws.write_number(row, col, value, fmt)
        elif not value:
            self.ws.write_blank(row, col, None, fmt)
        else:
            self.ws.write_string(row, col, value, fmt)

    def finish(self, freeze_row: int, landscape: bool) -> None:
        self.ws.freeze_panes(freeze_row, 1)
        self.ws.print_area(0, 0, self.row, self.last_col)
        self.ws.fit_to_pages(1, 0)
        self.ws.set_paper(9)  # A4
        if landscape:
            self.ws.set_landscape()


def write_workbook(
    path: Path, sheet_name: str, title: str, blocks: Sequence[Block], widths: Sequence[float], landscape: bool
) -> Path:
    """One sheet: the title row, then every block; the rows down to the first table's head frozen."""
    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(path))
    book.set_properties(PROPERTIES)
    sheet = Sheet(book, sheet_name, widths)
    sheet.title(title)
    freeze_row = 0
    for block in blocks:
        sheet.heading(block.heading)
        if not freeze_row:
            head_rows = 0
            while head_rows < len(block.rows) and all(isinstance(c, Cell) and c.header for c in block.rows[head_rows]):
                head_rows += 1
            freeze_row = sheet.row + head_rows
        sheet.table(block.rows)
    sheet.finish(freeze_row, landscape)
    book.close()
    return path
