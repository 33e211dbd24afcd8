"""The format-neutral document model: Document -> Page | Sheet -> Table -> Cell.

Plain dataclasses in the spirit of pdfplumber's PDF -> Page -> Table. A PDF fills `pages`,
a workbook fills `sheets`; tables, cells and evidence look the same for both, so profiles
and the `cells` output never ask which format a table came from.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

BBox = tuple[float, float, float, float]
"""[x0, top, x1, bottom] in PDF points, origin at the top-left of the page as displayed."""

Format = Literal["pdf", "xlsx"]

# Where a cell sits in its table's grid; a change to any of these after construction moves the
# cell, so every table's index is rebuilt before its next lookup.
_GEOMETRY = frozenset({"row", "col", "row_span", "col_span"})
_moves = 0  # how many times a placed cell was moved, anywhere


def _cell_moved() -> None:
    global _moves
    _moves += 1


@dataclass(frozen=True)
class Evidence:
    """Where a piece of text was printed: page + bbox for PDFs, sheet + A1 cell/range for workbooks."""

    page: int | None = None
    bbox: BBox | None = None
    sheet: str | None = None
    cell: str | None = None


@dataclass(frozen=True)
class GridSettings:
    """Tolerances of the PDF grid reconstruction, in PDF points unless stated."""

    # Strokes closer than this across their direction are one rule (also merges double rules).
    snap_tolerance: float = 3.0
    # Collinear segments with a gap up to this are one segment.
    join_tolerance: float = 3.0
    # How far a stroke may fall short of a crossing stroke and still meet it.
    intersection_tolerance: float = 3.0
    # A rect thinner than this is a rule drawn as a filled rect, not a box.
    rule_max_thickness: float = 2.5
    # Edges shorter than this are glyph-like decorations, not rules.
    min_edge_length: float = 3.0
    # A table needs at least this many rows and columns of grid slots.
    min_rows: int = 1
    min_cols: int = 2
    # Chars on one line overlap vertically by at least this share of the smaller height.
    line_overlap: float = 0.5
    # A horizontal gap wider than this share of the font size between non-CJK chars is a space.
    space_gap: float = 0.25
    # Column boundaries of two page parts of one table agree within this.
    continuation_tolerance: float = 3.0
    # A table broken by a page break ends at least this deep into its page (share of the height).
    continuation_min_depth: float = 0.75
    # Text lines farther apart than this share of their height start a new text block.
    block_gap: float = 0.9
    # Font sizes differing by more than this share belong to different text blocks.
    block_size_change: float = 0.15
    # A gap on one text line wider than this share of the font size splits it into two blocks.
    block_split_gap: float = 3.0
    # Touching chars printed across a rule are one run of text wider than its cell, read whole into the
    # cell it was printed for. Off for an OCR text layer: its words are stretched over boxes that can
    # span a rule, so each char belongs where its centre lies.
    runs_cross_rules: bool = True
    # Unruled tables: text outside every ruled grid read as a table by its alignment.
    unruled_tables: bool = True
    # A gap wider than this share of the font size between two pieces of a line is a column gutter.
    column_gap: float = 1.5
    # An unruled table needs at least this many consecutive lines split into columns.
    min_aligned_rows: int = 3


@dataclass
class Cell:
    """One logical cell: a region of the grid not divided by a drawn rule, or a merged range."""

    row: int
    col: int
    row_span: int = 1
    col_span: int = 1
    # Visual reading order; wrapped Japanese lines joined without a space, ASCII words keep theirs.
    text: str = ""
    # The cell as printed (for workbooks: the value through its number format).
    value_text: str = ""
    is_header: bool = False
    evidence: Evidence = field(default_factory=Evidence)
    # Further places the same logical cell was printed (a row split by a page break).
    more_evidence: list[Evidence] = field(default_factory=list)
    # The printed lines, top to bottom, before joining.
    lines: list[str] = field(default_factory=list)
    # PDF only: where the printed text lies in the cell (its glyphs' outline, on the page of `evidence`).
    # How a producer places text in its cells (centred, at the top) is a tell of its own: a merged label
    # cut by a page break prints its rest flush at the top of a cell where the producer centres labels.
    text_box: BBox | None = None
    # A cell of a row the format layer joined over a page break: the two pieces as printed, above the
    # break and atop the next page. A reader that knows the table's key can tell a row really cut
    # (its key cell's rest blank) from two rows each printing their own key, and part them again.
    pieces: tuple[Cell, Cell] | None = None
    # Workbooks only: the formula text, the value (cached value for formulas), its number format.
    formula: str | None = None
    value: object = None
    number_format: str | None = None
    hidden: bool = False
    problems: list[str] = field(default_factory=list)
    # Read by OCR from a page image (no usable text layer), with Tesseract's mean word confidence 0–1.
    ocr: bool = False
    ocr_confidence: float | None = None

    @property
    def page(self) -> int | None:
        return self.evidence.page

    @property
    def bbox(self) -> BBox | None:
        return self.evidence.bbox

    @property
    def sheet(self) -> str | None:
        return self.evidence.sheet

    @property
    def ref(self) -> str | None:
        return self.evidence.cell

    @property
    def uncalculated(self) -> bool:
        """A workbook formula saved without its value: what it prints is unknown, not blank."""
        return self.formula is not None and self.value is None

    @property
    def blank(self) -> bool:
        """Prints nothing. A formula saved without its value is not blank: it prints a figure no one knows."""
        return not self.text.strip() and not self.uncalculated

    @property
    def text_gaps(self) -> tuple[float, float] | None:
        """The room above and below the printed text in the cell, in points (None: blank, or a workbook)."""
        if self.text_box is None or self.bbox is None:
            return None
        return max(self.text_box[1] - self.bbox[1], 0.0), max(self.bbox[3] - self.text_box[3], 0.0)

    @property
    def row_end(self) -> int:
        """The last logical row the cell covers."""
        return self.row + self.row_span - 1

    @property
    def col_end(self) -> int:
        return self.col + self.col_span - 1

    def covers(self, row: int, col: int) -> bool:
        return self.row <= row <= self.row_end and self.col <= col <= self.col_end

    def __setattr__(self, name: str, value: object) -> None:
        if name in _GEOMETRY and name in self.__dict__:
            _cell_moved()
        object.__setattr__(self, name, value)


@dataclass
class _Index:
    """Where each grid slot's cell is, built from a table's cells in one pass."""

    moves: int  # the value of `_moves` when built: any later move makes the index stale
    by_slot: dict[tuple[int, int], Cell]
    by_row: dict[int, list[Cell]]
    by_col: dict[int, list[Cell]]

    @classmethod
    def of(cls, cells: Iterable[Cell]) -> _Index:
        by_slot: dict[tuple[int, int], Cell] = {}
        by_row: dict[int, list[Cell]] = {}
        by_col: dict[int, list[Cell]] = {}
        for cell in cells:
            by_row.setdefault(cell.row, []).append(cell)
            by_col.setdefault(cell.col, []).append(cell)
            for r in range(cell.row, cell.row + cell.row_span):
                for c in range(cell.col, cell.col + cell.col_span):
                    # Overlapping cells (never made by the readers): the first in order wins, as a scan would.
                    by_slot.setdefault((r, c), cell)
        for anchored in by_row.values():
            anchored.sort(key=lambda cell: cell.col)
        for anchored in by_col.values():
            anchored.sort(key=lambda cell: cell.row)
        return cls(_moves, by_slot, by_row, by_col)


@dataclass
class Table:
    """A logical table; one continued over several pages is one table, with per-cell evidence.

    `cells` is stored as a tuple: change it by assigning a new sequence, which drops the index
    that `cell`, `row` and `column` answer from (built on first use, in one pass)."""

    table_id: str
    cells: Sequence[Cell]
    n_rows: int
    n_cols: int
    pages: list[int] = field(default_factory=list)
    sheet: str | None = None
    # Outline per page (PDF) as page -> bbox.
    bboxes: dict[int, BBox] = field(default_factory=dict)
    # A1 range of the table in its sheet (workbooks).
    ref: str | None = None
    problems: list[str] = field(default_factory=list)
    _index: _Index | None = field(default=None, init=False, repr=False, compare=False)

    def __setattr__(self, name: str, value: object) -> None:
        if name == "cells":
            value = tuple(value)  # type: ignore[arg-type]  # a Sequence of cells by contract
            object.__setattr__(self, "_index", None)
        object.__setattr__(self, name, value)

    def __getstate__(self) -> dict[str, object]:
        # The index is rebuilt on demand; a worker sends the table without it.
        return {**self.__dict__, "_index": None}

    def _indexed(self) -> _Index:
        index = self._index
        if index is None or index.moves != _moves:
            index = _Index.of(self.cells)
            object.__setattr__(self, "_index", index)
        return index

    def cell(self, row: int, col: int) -> Cell | None:
        """The cell covering grid position (row, col), spans included."""
        return self._indexed().by_slot.get((row, col))

    def row(self, row: int) -> list[Cell]:
        """The cells anchored in `row`, left to right."""
        return list(self._indexed().by_row.get(row, ()))

    def column(self, col: int) -> list[Cell]:
        """The cells anchored in `col`, top to bottom."""
        return list(self._indexed().by_col.get(col, ()))

    def to_rows(self) -> list[list[str]]:
        """Text as a rectangular grid; a spanning cell's text sits at its anchor, "" elsewhere."""
        rows = [["" for _ in range(self.n_cols)] for _ in range(self.n_rows)]
        for cell in self.cells:
            rows[cell.row][cell.col] = cell.text
        return rows

    def spans(self) -> list[tuple[int, int, int, int]]:
        """(row, col, row_span, col_span) of every cell larger than one grid slot."""
        return sorted((c.row, c.col, c.row_span, c.col_span) for c in self.cells if c.row_span > 1 or c.col_span > 1)

    @property
    def header_rows(self) -> int:
        """How many top rows consist of header cells only."""
        count = 0
        for r in range(self.n_rows):
            anchored = self.row(r)
            if not anchored or not all(c.is_header for c in anchored):
                break
            count += 1
        return count


@dataclass
class TextBlock:
    """Text outside tables: consecutive lines of one paragraph or heading, in reading order."""

    text: str
    lines: list[str]
    page: int
    bbox: BBox

    @property
    def evidence(self) -> Evidence:
        return Evidence(page=self.page, bbox=self.bbox)


@dataclass
class Page:
    number: int  # 1-based
    width: float
    height: float
    rotation: int = 0
    # Seconds OCR took for this page; None for a page read from its own text layer.
    ocr_seconds: float | None = None
    # A table continued from or onto another page appears in each of its pages' lists.
    tables: list[Table] = field(default_factory=list)
    text_blocks: list[TextBlock] = field(default_factory=list)


@dataclass
class Sheet:
    name: str
    hidden: bool = False
    tables: list[Table] = field(default_factory=list)
    hidden_rows: list[int] = field(default_factory=list)  # 1-based sheet row numbers
    hidden_cols: list[str] = field(default_factory=list)  # column letters
    dimensions: str | None = None  # used range, A1 style
    # Text the sheet prints in its page header / footer (title, edition), one entry per
    # left/centre/right section, fields such as page numbers left out.
    print_header_text: list[str] = field(default_factory=list)
    print_footer_text: list[str] = field(default_factory=list)


@dataclass
class Document:
    path: Path
    format: Format
    pages: list[Page] = field(default_factory=list)
    sheets: list[Sheet] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def tables(self) -> list[Table]:
        """Every logical table once, in document order."""
        seen: set[str] = set()
        ordered: list[Table] = []
        for container in self._containers():
            for table in container:
                if table.table_id not in seen:
                    seen.add(table.table_id)
                    ordered.append(table)
        return ordered

    def table(self, table_id: str) -> Table | None:
        return next((t for t in self.tables() if t.table_id == table_id), None)

    def text_blocks(self) -> list[TextBlock]:
        return [block for page in self.pages for block in page.text_blocks]

    def page(self, number: int) -> Page:
        return self.pages[number - 1]

    def sheet(self, name: str) -> Sheet:
        for sheet in self.sheets:
            if sheet.name == name:
                return sheet
        raise KeyError(name)

    def _containers(self) -> Iterator[list[Table]]:
        for page in self.pages:
            yield page.tables
        for sheet in self.sheets:
            yield sheet.tables
