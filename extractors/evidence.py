"""Evidence as a reader sees it, for reports: a region of a PDF page as a picture, with boxes
drawn on it, and the cells around a workbook cell as the sheet holds them.

A report names its evidence by what the output tables record (page + bbox, sheet + cell);
this is the one place that opens the source file again to show it. Each file is opened, and
each page of it drawn, once per `SourceFiles`, however many findings point into it.
"""

from __future__ import annotations

import io
from collections import OrderedDict
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber

from hyoka.extractors.model import BBox
from hyoka.extractors.pdf_objects import turned

# Points of page kept around the outlined boxes, so a reader sees what stands beside them.
CROP_MARGIN = 24.0
# Whole pages kept drawn for further crops (an A4 page at 110 dpi is about 3.5 MB), the least recently used
# dropped first: a report's findings come grouped by document and page.
PAGES_KEPT_DRAWN = 8


@dataclass(frozen=True)
class Outline:
    """A box to draw on a page picture: where, in which colour (CSS notation), how thick (px)."""

    bbox: BBox
    colour: str
    width: int


@dataclass(frozen=True)
class SheetWindow:
    """The cells of a rectangle of one sheet around a range, row by row, each as its text ('' for
    an empty cell); `centre` is the range asked about, as (first column, first row, last column,
    last row)."""

    top: int
    left: int
    rows: list[list[str]]
    centre: tuple[int, int, int, int]

    def in_centre(self, row: int, col: int) -> bool:
        """True for a cell of the range the window was asked about."""
        min_col, min_row, max_col, max_row = self.centre
        return min_col <= col <= max_col and min_row <= row <= max_row

    @property
    def columns(self) -> list[str]:
        """The column letters of the window, left to right."""
        from openpyxl.utils.cell import get_column_letter  # openpyxl only where a workbook is shown

        width = len(self.rows[0]) if self.rows else 0
        return [get_column_letter(self.left + offset) for offset in range(width)]


class SourceFiles:
    """The source files a report shows evidence from, each opened once, closed on exit."""

    def __init__(self) -> None:
        self._stack = ExitStack()
        self._pdfs: dict[Path, Any] = {}
        self._renderers: dict[Path, Any] = {}
        self._workbooks: dict[Path, Any] = {}
        self._page_images: OrderedDict[tuple[Path, int, int], Any] = OrderedDict()
        self._turns: dict[tuple[Path, int], int] = {}

    def __enter__(self) -> SourceFiles:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()

    def page_picture(self, path: Path, page: int, outlines: Sequence[Outline], resolution: int = 110) -> bytes | None:
        """A PNG of the page region around `outlines` (and `CROP_MARGIN`), each outline drawn; None
        when the page does not exist or there is nothing to show."""
        if not outlines:
            return None
        pdf = self._pdf(path)
        if not 1 <= page <= len(pdf.pages):
            return None
        # A page read turned upright (its text set sideways) is drawn so turned: the boxes are in that frame.
        turn = self._reading_turn(path, page)
        plumber_page = turned(pdf.pages[page - 1], turn) if turn else pdf.pages[page - 1]
        boxes = [outline.bbox for outline in outlines]
        region = (
            max(0.0, min(b[0] for b in boxes) - CROP_MARGIN),
            max(0.0, min(b[1] for b in boxes) - CROP_MARGIN),
            min(float(plumber_page.width), max(b[2] for b in boxes) + CROP_MARGIN),
            min(float(plumber_page.height), max(b[3] for b in boxes) + CROP_MARGIN),
        )
        from pdfplumber.display import PageImage  # Pillow and PDFium's renderer: only a report with findings draws

        image = PageImage(plumber_page.crop(region), self._page_image(path, page, resolution, turn), resolution)
        for outline in outlines:
            image.draw_rect(outline.bbox, stroke=outline.colour, fill=(0, 0, 0, 0), stroke_width=outline.width)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        return buffer.getvalue()

    def sheet_window(
        self, path: Path, sheet: str, cells: str, rows_around: int, cols_around: int
    ) -> SheetWindow | None:
        """The cells within `rows_around` rows and `cols_around` columns of the range `cells` (as
        cached by the workbook's last calculation); None when the sheet does not exist."""
        workbook = self._workbook(path)
        if sheet not in workbook.sheetnames:
            return None
        from openpyxl.utils.cell import range_boundaries

        min_col, min_row, max_col, max_row = range_boundaries(cells)
        top, left = max(1, min_row - rows_around), max(1, min_col - cols_around)
        values = workbook[sheet].iter_rows(
            min_row=top, max_row=max_row + rows_around, min_col=left, max_col=max_col + cols_around, values_only=True
        )
        rows = [["" if value is None else str(value) for value in row] for row in values]
        return SheetWindow(top, left, rows, (min_col, min_row, max_col, max_row))

    def _pdf(self, path: Path) -> Any:
        if path not in self._pdfs:
            self._pdfs[path] = self._stack.enter_context(pdfplumber.open(path))
        return self._pdfs[path]

    def _reading_turn(self, path: Path, page: int) -> int:
        key = (path, page)
        if key not in self._turns:
            from hyoka.extractors.pdfium_page import reading_turn  # with PDFium's renderer: only a report draws

            self._turns[key] = reading_turn(self._renderer(path), page - 1)
        return self._turns[key]

    def _page_image(self, path: Path, page: int, resolution: int, turn: int) -> Any:
        """The whole page drawn as pdfplumber's `to_image` draws it (`display.get_page_image`'s settings), turned
        `turn` degrees clockwise beyond its /Rotate, once for all the crops of the page, by one PDFium document
        per file (opening it again for each page cost more than drawing the page)."""
        key = (path, page, resolution)
        if key in self._page_images:
            self._page_images.move_to_end(key)
            return self._page_images[key]
        bitmap = self._renderer(path)[page - 1].render(
            scale=resolution / 72,
            rotation=turn,
            no_smoothtext=True,
            no_smoothpath=True,
            no_smoothimage=True,
            prefer_bgrx=True,
        )
        image = self._page_images[key] = bitmap.to_pil().convert("RGB")
        if len(self._page_images) > PAGES_KEPT_DRAWN:
            self._page_images.popitem(last=False)
        return image

    def _renderer(self, path: Path) -> Any:
        if path not in self._renderers:
            import pypdfium2

            document = pypdfium2.PdfDocument(path)
            document.init_forms()  # filled AcroForm fields drawn, as pdfplumber draws them
            self._stack.callback(document.close)
            self._renderers[path] = document
        return self._renderers[path]

    def _workbook(self, path: Path) -> Any:
        if path not in self._workbooks:
            from openpyxl import load_workbook

            workbook = load_workbook(path, data_only=True, read_only=True)
            self._stack.callback(workbook.close)
            self._workbooks[path] = workbook
        return self._workbooks[path]
