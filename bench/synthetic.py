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


# The budget book's page: A4 portrait in points, its ruled table's columns and rows.
_PAGE_W, _PAGE_H = 595.0, 842.0
_MARGIN = 40.0
_TOP = 80.0  # below the running head
_ROW_H = 26.0
_COLUMNS = (("款", 70.0), ("項", 80.0), ("目", 95.0), ("本年度予算額", 85.0), ("前年度予算額", 85.0), ("比較", 100.0))
_BODY_ROWS = int((_PAGE_H - _MARGIN - _TOP) // _ROW_H) - 1  # rows under the header that fill a page
# Every table runs over this many pages in turn (1, 2, 3, 1, 2, 3, …): the last page of a
# table stops halfway down, the pages before it are full, so the next page continues it.
_CONTINUED_OVER = (1, 2, 3)


def budget_book_pdf(path: Path, pages: int) -> Path:
    """A budget book of `pages` pages: on each page a ruled 款・項・目 table of amounts in 千円
    under a running head and above a page number; tables continue over 1–3 pages, the header
    row printed again on every page, as office suites print it."""
    from reportlab.lib.colors import Color
    from reportlab.pdfgen.canvas import Canvas

    from samples.build.common import register_fonts

    register_fonts()
    path.parent.mkdir(parents=True, exist_ok=True)
    canvas = Canvas(str(path), pagesize=(_PAGE_W, _PAGE_H))
    shade = Color(0.85, 0.9, 0.95)
    table_no, page_in_table = 0, 0
    for page in range(1, pages + 1):
        length = _CONTINUED_OVER[table_no % len(_CONTINUED_OVER)]
        last_page_of_table = page_in_table == length - 1 or page == pages
        body_rows = _BODY_ROWS // 2 if last_page_of_table else _BODY_ROWS
        canvas.setFont("IPAexGothic", 10)
        canvas.drawString(_MARGIN, _PAGE_H - 40, "令和7年度 一般会計予算 歳出 事項別明細書（単位：千円）")
        canvas.drawCentredString(_PAGE_W / 2, 20, f"- {page} -")
        xs = [_MARGIN]
        for _, width in _COLUMNS:
            xs.append(xs[-1] + width)
        top = _PAGE_H - _TOP
        ys = [top - i * _ROW_H for i in range(body_rows + 2)]
        canvas.setFillColor(shade)
        canvas.rect(xs[0], ys[1], xs[-1] - xs[0], _ROW_H, stroke=0, fill=1)
        canvas.setFillColor(Color(0, 0, 0))
        canvas.setLineWidth(0.6)
        for x in xs:
            canvas.line(x, ys[0], x, ys[-1])
        for y in ys:
            canvas.line(xs[0], y, xs[-1], y)
        canvas.setFont("IPAexGothic", 9)
        for (heading, _), x0, x1 in zip(_COLUMNS, xs, xs[1:], strict=False):
            canvas.drawCentredString((x0 + x1) / 2, ys[1] + 9, heading)
        for row in range(body_rows):
            serial = (table_no * 1000 + page_in_table * 100 + row) * 7919
            current, last_year = serial % 900_000 + 1_000, (serial // 7) % 900_000 + 1_000
            texts = (
                f"{table_no + 1}款",
                f"{row // 5 + 1}項",
                f"{row + 1}目 事業費",
                f"{current:,}",
                f"{last_year:,}",
                f"{current - last_year:,}",
            )
            baseline = ys[row + 2] + 9
            for col, text in enumerate(texts):
                if col >= 3:
                    canvas.drawRightString(xs[col + 1] - 4, baseline, text)
                else:
                    canvas.drawString(xs[col] + 4, baseline, text)
        canvas.showPage()
        if last_page_of_table:
            table_no, page_in_table = table_no + 1, 0
        else:
            page_in_table += 1
    canvas.save()
    return path
