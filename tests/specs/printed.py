"""Documents printed for the spec engine's tests, built one way: grids of texts as the format layer gives
them, each cell with its evidence (a box on a PDF page, or an address on a workbook sheet).

A row of a grid is a sequence of texts, one a column: `""` a blank cell, `None` a place a merged cell covers:
the cell left of it, spanning columns, or one above it that `down` declares spanning rows ((row, col) -> rows).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from hyoka.extractors.model import BBox, Cell, Document, Evidence, Page, Sheet, Table, TextBlock

Rows = Sequence[Sequence[str | None]]

# Page sizes in points, (width, height).
A4 = (595.0, 842.0)
A4_LANDSCAPE = (842.0, 595.0)
A3 = (842.0, 1191.0)
A3_LANDSCAPE = (1191.0, 842.0)


def cell(
    row: int,
    col: int,
    text: str,
    *,
    row_span: int = 1,
    col_span: int = 1,
    header: bool = False,
    evidence: Evidence | None = None,
    lines: list[str] | None = None,
    formula: str | None = None,
) -> Cell:
    """A cell as the format layer reads it: its text over its printed lines (by default the text's), and those
    lines as printed (`value_text`); a workbook's cell may hold a formula."""
    printed = (text.split("\n") if text else []) if lines is None else lines
    return Cell(
        row,
        col,
        row_span,
        col_span,
        text,
        "\n".join(printed),
        header,
        evidence or Evidence(),
        lines=printed,
        formula=formula,
    )


def _spans(rows: Rows, blank: bool, down: Mapping[tuple[int, int], int]) -> Iterator[tuple[int, int, str, int, int]]:
    """(row, col, text, row_span, col_span) of each printed cell: a text, the None columns right of it and the
    rows `down` gives it."""
    covered = {(r + below, c) for (r, c), span in down.items() for below in range(1, span)}
    for r, texts in enumerate(rows):
        for c, text in enumerate(texts):
            if text is None or (not text and not blank):
                continue
            span = 1
            while c + span < len(texts) and texts[c + span] is None and (r, c + span) not in covered:
                span += 1
            yield r, c, text, down.get((r, c), 1), span


def pdf_table(
    table_id: str,
    rows: Rows,
    *,
    page: int = 1,
    top: float = 100.0,
    left: float = 50.0,
    column: float = 100.0,
    row: float = 20.0,
    header_rows: int = 0,
    first_col: int = 0,
    n_cols: int | None = None,
    blank: bool = True,
    down: Mapping[tuple[int, int], int] | None = None,
) -> Table:
    """A table printed on a page: its grid `column` wide and `row` high a cell from (left, top), its columns
    from `first_col` (those before it printed blank, as a column of nothing), the first `header_rows` rows its
    header; `blank`: a blank text is a cell (a box drawn around nothing), else no cell."""
    width = n_cols if n_cols is not None else first_col + max(len(texts) for texts in rows)

    def box(r: int, c: int, rows_down: int, span: int) -> BBox:
        return (left + column * c, top + row * r, left + column * (c + span), top + row * (r + rows_down))

    cells = [
        cell(
            r,
            first_col + c,
            text,
            row_span=rows_down,
            col_span=span,
            header=r < header_rows,
            evidence=Evidence(page=page, bbox=box(r, first_col + c, rows_down, span)),
        )
        for r, c, text, rows_down, span in _spans(rows, blank, down or {})
    ]
    outline = (left, top, left + column * width, top + row * len(rows))
    return Table(table_id, cells, len(rows), width, pages=[page], bboxes={page: outline})


def column_letters(col: int) -> str:
    """A workbook column's letters (0 -> A, 26 -> AA)."""
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def sheet_table(
    table_id: str,
    rows: Rows,
    *,
    sheet: str = "S",
    first_row: int = 1,
    header_rows: int = 0,
    blank: bool = True,
    down: Mapping[tuple[int, int], int] | None = None,
) -> Table:
    """A table typed on a sheet from column A of row `first_row` (1-based, as the sheet numbers it), each cell
    with its address; the first `header_rows` rows its header."""
    width = max(len(texts) for texts in rows)
    cells = [
        cell(
            r,
            c,
            text,
            row_span=rows_down,
            col_span=span,
            header=r < header_rows,
            evidence=Evidence(sheet=sheet, cell=f"{column_letters(c)}{first_row + r}"),
        )
        for r, c, text, rows_down, span in _spans(rows, blank, down or {})
    ]
    ref = f"A{first_row}:{column_letters(width - 1)}{first_row + len(rows) - 1}"
    return Table(table_id, cells, len(rows), width, sheet=sheet, ref=ref)


def text_block(
    text: str, top: float, *, page: int = 1, lines: list[str] | None = None, right: float = 400.0
) -> TextBlock:
    """A text block printed at `top` from the page's left margin, 15 points a line."""
    printed = lines or [text]
    return TextBlock(text, printed, page, (50.0, top, right, top + 15 * len(printed)))


def page(
    number: int = 1,
    tables: Sequence[Table] = (),
    blocks: Sequence[TextBlock] = (),
    size: tuple[float, float] = A4,
) -> Page:
    """A printed page holding the tables and text blocks."""
    return Page(number, *size, tables=list(tables), text_blocks=list(blocks))


def pdf(*pages: Page) -> Document:
    """A PDF of the pages."""
    return Document(Path("report.pdf"), "pdf", pages=list(pages))


def workbook(*tables: Table, sheet: str = "S") -> Document:
    """A workbook of one sheet holding the tables."""
    return Document(Path("report.xlsx"), "xlsx", sheets=[Sheet(sheet, tables=list(tables))])
