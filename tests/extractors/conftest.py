"""Small test documents drawn with reportlab, the way office suites print ruled tables.

The helpers reach the tests through the `kit` fixture (pytest runs in importlib mode, so
test modules cannot import a sibling helper module).

Coordinates here are top-based (like pdfplumber's) and converted for reportlab when drawn.
Every rule is drawn as one stroke per cell side, as office suites do, so the reader has to
join them back into lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONT = "IPAexGothic"
FONT_FILE = "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"
FONT_SIZE = 9.0
LINE_HEIGHT = 11.0
PADDING = 3.0


def register_font() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, FONT_FILE))


@dataclass
class Grid:
    """A ruled table: column widths, row heights, and what each anchor cell holds."""

    x: float
    top: float
    col_widths: list[float]
    row_heights: list[float]
    # (row, col) -> lines of text printed in the cell.
    texts: dict[tuple[int, int], list[str]] = field(default_factory=dict)
    # (row, col) -> (row_span, col_span).
    spans: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    # Cells whose text is stacked one char per line (a vertical label).
    vertical: set[tuple[int, int]] = field(default_factory=set)
    # Row boundaries (0 = top rule) drawn as a double rule.
    double_rules: set[int] = field(default_factory=set)
    # Cells drawn with a grey fill behind their text.
    shaded: set[tuple[int, int]] = field(default_factory=set)
    # Rules drawn as thin filled rects instead of stroked lines.
    rules_as_rects: bool = False

    def xs(self) -> list[float]:
        out = [self.x]
        for width in self.col_widths:
            out.append(out[-1] + width)
        return out

    def ys(self) -> list[float]:
        out = [self.top]
        for height in self.row_heights:
            out.append(out[-1] + height)
        return out

    def owner(self, row: int, col: int) -> tuple[int, int]:
        """The anchor of the cell covering slot (row, col)."""
        for (r, c), (rs, cs) in self.spans.items():
            if r <= row < r + rs and c <= col < c + cs:
                return (r, c)
        return (row, col)


def draw_grid(canvas: Canvas, grid: Grid, page_height: float) -> None:
    xs, ys = grid.xs(), grid.ys()
    n_rows, n_cols = len(grid.row_heights), len(grid.col_widths)

    def flip(y: float) -> float:
        return page_height - y

    for anchor in grid.shaded:
        r, c = anchor
        rs, cs = grid.spans.get(anchor, (1, 1))
        canvas.setFillGray(0.85)
        canvas.rect(xs[c], flip(ys[r + rs]), xs[c + cs] - xs[c], ys[r + rs] - ys[r], stroke=0, fill=1)
    canvas.setFillGray(0)
    canvas.setLineWidth(0.5)

    def hline(x0: float, x1: float, y: float) -> None:
        if grid.rules_as_rects:
            canvas.rect(x0, flip(y) - 0.4, x1 - x0, 0.8, stroke=0, fill=1)
        else:
            canvas.line(x0, flip(y), x1, flip(y))

    def vline(x: float, y0: float, y1: float) -> None:
        if grid.rules_as_rects:
            canvas.rect(x - 0.4, flip(y1), 0.8, y1 - y0, stroke=0, fill=1)
        else:
            canvas.line(x, flip(y0), x, flip(y1))

    # One stroke per cell side, skipped inside a spanning cell.
    for i in range(n_rows + 1):
        for c in range(n_cols):
            if 0 < i < n_rows and grid.owner(i - 1, c) == grid.owner(i, c):
                continue
            hline(xs[c], xs[c + 1], ys[i])
            if i in grid.double_rules:
                hline(xs[c], xs[c + 1], ys[i] + 2.0)
    for j in range(n_cols + 1):
        for r in range(n_rows):
            if 0 < j < n_cols and grid.owner(r, j - 1) == grid.owner(r, j):
                continue
            vline(xs[j], ys[r], ys[r + 1])

    canvas.setFont(FONT, FONT_SIZE)
    for (r, c), lines in grid.texts.items():
        left, top = xs[c] + PADDING, ys[r] + PADDING
        if (r, c) in grid.vertical:
            rs, cs = grid.spans.get((r, c), (1, 1))
            centre = (xs[c] + xs[c + cs]) / 2
            for k, char in enumerate("".join(lines)):
                canvas.drawCentredString(centre, flip(top + FONT_SIZE + k * LINE_HEIGHT), char)
            continue
        for k, line in enumerate(lines):
            canvas.drawString(left, flip(top + FONT_SIZE + k * LINE_HEIGHT), line)


def text(canvas: Canvas, x: float, top: float, line: str, page_height: float, size: float = FONT_SIZE) -> None:
    canvas.setFont(FONT, size)
    canvas.drawString(x, page_height - top - size, line)


def new_canvas(path: Path, size: tuple[float, float]) -> Canvas:
    register_font()
    # Fixed metadata keeps the bytes deterministic.
    return Canvas(str(path), pagesize=size, invariant=1)


class Kit:
    """The drawing helpers, handed to tests by the `kit` fixture."""

    Grid = Grid
    draw_grid = staticmethod(draw_grid)
    text = staticmethod(text)
    new_canvas = staticmethod(new_canvas)
    register_font = staticmethod(register_font)


@pytest.fixture
def kit() -> type[Kit]:
    return Kit
