"""camelot (lattice) as the second reader of a ruled grid whose reading is ambiguous.

camelot finds rules in a rendered image of the page, so it is blind to what hyoka's reader
decides from the PDF's drawing instructions (drawing order, rules hidden under a fill, a
region no rule closes). It runs only where such a decision was made (see `pdf._Grid.ambiguity`),
off the hot path elsewhere; hyoka keeps its own reading and records where camelot disagrees.
camelot reads a page as stored: a page the format layer reads turned upright (its text set sideways,
`pdf_objects.page_objects`) is not put to it, and the table's notes say so.
"""

from __future__ import annotations

import math
import warnings
from pathlib import Path

from hyoka.extractors.model import BBox, Table

# Two outlines are the same table when they overlap by at least this share of the smaller one.
_SAME_TABLE_OVERLAP = 0.5
# camelot renders the page to find its rules: 300 dpi unless the page would exceed the pixel
# budget (an A3 page at 300 dpi is 17.4 M pixels), then less, but never under 72 dpi.
CAMELOT_DPI = 300
MIN_DPI = 72
MAX_RENDER_PIXELS = 40_000_000


def render_dpi(width_pt: float, height_pt: float) -> int | None:
    """The resolution camelot may render a page of this size at within the pixel budget, or None."""
    square_inches = (width_pt / 72) * (height_pt / 72)
    if square_inches <= 0:
        return None
    dpi = min(CAMELOT_DPI, math.floor(math.sqrt(MAX_RENDER_PIXELS / square_inches)))
    return dpi if dpi >= MIN_DPI else None


def camelot_lattice(path: Path, page_number: int, tables: list[Table]) -> list[str]:
    """Sentences saying where camelot's lattice reading of the page disagrees with `tables`."""
    try:
        import camelot
        import pdfplumber

        if turn := _reading_turn(path, page_number):
            return [
                f"camelot (lattice) was not asked about page {page_number}: the page is stored on its side and "
                f"read turned {turn}° clockwise to stand upright, while camelot would read it as stored"
            ]
        with pdfplumber.open(path, pages=[page_number]) as pdf:
            width, height = float(pdf.pages[0].width), float(pdf.pages[0].height)
        dpi = render_dpi(width, height)
        if dpi is None:
            return [
                f"camelot (lattice) was not asked about page {page_number}: rendering its {width:,.0f} x "
                f"{height:,.0f} pt would exceed hyoka's budget of {MAX_RENDER_PIXELS / 1e6:,.0f} M pixels"
            ]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # camelot warns for a page without tables
            found = camelot.read_pdf(str(path), pages=str(page_number), flavor="lattice", resolution=dpi)
    except Exception as error:  # a second opinion that fails must not fail the reading
        return [f"camelot (lattice) could not read page {page_number} as a second opinion ({type(error).__name__})"]
    theirs = []
    for candidate in found:
        x0, y0, x1, y1 = candidate._bbox  # PDF space, origin at the bottom left
        theirs.append(((x0, height - y1, x1, height - y0), candidate.df.astype(str).values.tolist()))
    sentences = []
    for table in tables:
        box = table.bboxes.get(page_number)
        if box is None:
            continue
        match = max(theirs, key=lambda item: _overlap(box, item[0]), default=None)
        if match is None or _overlap(box, match[0]) < _SAME_TABLE_OVERLAP:
            sentences.append(f"camelot (lattice) finds no ruled table where hyoka reads one on page {page_number}")
            continue
        rows = match[1]
        shape = (len(rows), len(rows[0]) if rows else 0)
        if shape != (table.n_rows, table.n_cols):
            sentences.append(
                f"camelot (lattice) reads the grid on page {page_number} as {shape[0]}×{shape[1]} slots, "
                f"hyoka as {table.n_rows}×{table.n_cols}; hyoka's reading is kept"
            )
        ours = {_squeezed(cell.text) for cell in table.cells if cell.page == page_number} - {""}
        camelots = {_squeezed(text) for row in rows for text in row} - {""}
        if ours != camelots:
            only_theirs = sorted(camelots - ours)[:3]
            only_ours = sorted(ours - camelots)[:3]
            sentences.append(
                f"camelot (lattice) reads other cell texts on page {page_number}: "
                f"{only_theirs} where hyoka reads {only_ours}; hyoka's reading is kept"
            )
    return sentences


def _reading_turn(path: Path, page_number: int) -> int:
    """The turn beyond its /Rotate at which the format layer reads the page (0: as stored)."""
    import pypdfium2

    from hyoka.extractors.pdfium_page import reading_turn

    document = pypdfium2.PdfDocument(path)
    try:
        return reading_turn(document, page_number - 1)
    finally:
        document.close()


def _squeezed(text: str) -> str:
    return "".join(text.split())


def _overlap(a: BBox, b: BBox) -> float:
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    if width <= 0 or height <= 0:
        return 0.0
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return width * height / smaller if smaller > 0 else 0.0
