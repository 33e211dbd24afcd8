"""Synthetic documents of a chosen size for the scale measurements: a wide workbook with merged
headings and labels, and grids of cells for the table-size sweep."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

# A heading merged over this many columns, a label merged over this many rows.
HEADING_WIDTH = 4
LABEL_HEIGHT = 5


def wide_workbook(path: Path, rows: int, cols: int) -> Path:
    """A sheet of `rows` × `cols` cells shaped like a budget table: two heading rows (a group
    heading merged over `HEADING_WIDTH` columns above one heading per column), a first column of
    labels merged over `LABEL_HEIGHT` rows, figures in 千円 with a thousands format below."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = "予算"
    bold, shaded = Font(b=True), PatternFill("solid", fgColor="FFDDEEFF")
    for col in range(2, cols + 1, HEADING_WIDTH):
        last = min(col + HEADING_WIDTH - 1, cols)
        sheet.cell(row=1, column=col, value=f"款{col // HEADING_WIDTH + 1}").font = bold
        if last > col:
            sheet.merge_cells(start_row=1, start_column=col, end_row=1, end_column=last)
    for col in range(2, cols + 1):
        heading = sheet.cell(row=2, column=col, value=f"目{col - 1}（千円）")
        heading.fill = shaded
    for row in range(3, rows + 1, LABEL_HEIGHT):
        last = min(row + LABEL_HEIGHT - 1, rows)
        sheet.cell(row=row, column=1, value=f"項{(row - 3) // LABEL_HEIGHT + 1}").font = bold
        if last > row:
            sheet.merge_cells(start_row=row, start_column=1, end_row=last, end_column=1)
    for row in range(3, rows + 1):
        for col in range(2, cols + 1):
            cell = sheet.cell(row=row, column=col, value=(row * 7919 + col * 104729) % 1_000_000)
            cell.number_format = "#,##0"
    sheet.cell(row=1, column=1, value="区分").font = bold
    sheet.cell(row=2, column=1, value=f"{get_column_letter(1)}列")
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path
