"""PDF -> model: ruled grids rebuilt from strokes and filled rects, text placed by char centre.

Office suites print a table as strokes (lines, thin filled rects, rect outlines, paths) in
no particular order. The grid is rebuilt from those strokes alone: snapped onto shared
positions, joined into segments, grouped into tables by crossing, then every region of the
grid that no drawn rule divides becomes one cell. Chars are assigned to cells by their
centre through a bisect on the grid, so the cost grows with n log n, not n²; a run of touching
chars printed across a rule (text wider than its cell) goes whole to the cell it was printed for.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import pairwise, takewhile
from pathlib import Path
from typing import Any, Literal

import pdfplumber
from pdfminer.pdfinterp import PDFResourceManager
from pdfminer.pdftypes import PDFStream, dict_value, resolve1
from pdfplumber.page import Page as PlumberPage

from hyoka.extractors.errors import ExtractionError, NoTextLayerError
from hyoka.extractors.model import BBox, Cell, Document, Evidence, GridSettings, Page, Table, TextBlock
from hyoka.extractors.pdf_limits import (
    MAX_INFLATED_STREAM_BYTES,
    MIB,
    ReferenceLoop,
    StreamTooLarge,
    install,
    page_tree_leaves,
)
from hyoka.extractors.pdf_objects import PageObjects, page_objects, painted
from hyoka.extractors.second_opinion import camelot_lattice
from hyoka.normalizers.text import (
    LineBreak,
    continues_a_word,
    is_cjk,
    is_wide,
    join_lines,
    spaced_across_scripts,
)

Char = dict[str, Any]

SecondOpinion = Callable[[Path, int, list[Table]], list[str]]
"""A second reader (camelot lattice by default): given the file, a 1-based page number and
the tables read on it, returns sentences describing where it disagrees; they land in
`Table.problems`. It is asked only about grids whose reading is ambiguous. None: never asked."""


@dataclass
class _Segment:
    """A horizontal (at=y, from x start to end) or vertical (at=x, from top start to end) rule."""

    at: float
    start: float
    end: float


@dataclass
class _Grid:
    """One ruled table on one page: boundary positions and which slots form which cell."""

    xs: list[float]
    ys: list[float]
    # (row, col, row_span, col_span) per cell, in slot coordinates.
    cells: list[tuple[int, int, int, int]]
    slot_cell: list[list[int]]
    problems: list[str] = field(default_factory=list)
    # Why the reading rests on a decision a second reader could make otherwise (empty: it does not).
    ambiguity: list[str] = field(default_factory=list)

    @property
    def bbox(self) -> BBox:
        return (self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])


@dataclass
class _Part:
    """A table as found on one page, before parts continued across pages are linked."""

    page: int
    page_height: float
    grid: _Grid
    table: Table
    # False for a table read from text alignment alone: it never continues over a page break.
    ruled: bool = True
    # The logical table this part ended up in, once parts continued across pages are linked.
    owner: Table | None = None


install()  # pdfminer: reference loops and inflated streams bounded (extractors/pdf_limits.py)

# The most pages hyoka reads from one PDF (pipeline.guard refuses larger ones before opening them).
MAX_PAGES = 1000
# The longest page side hyoka reads, in points: A0 is 3,370 pt; PDF itself allows 14,400.
MAX_PAGE_POINTS = 5000.0
# The most drawing objects (rules, boxes, curves) on one page: a dense ruled table draws a few thousand.
MAX_DRAWING_OBJECTS = 50_000
# The most slots (rows x columns between rule positions) in one grid: a 500 x 500 table.
MAX_GRID_SLOTS = 250_000
# Above this share of (cid:N) codes among a PDF's chars, its text is not data (the one cid check).
MAX_CID_SHARE = 0.02
_CID = re.compile(r"\(cid:\d+\)")


@dataclass
class PageRead:
    """One page as read: the model's page, its tables as printed (before joining), its character counts."""

    page: Page
    parts: list[_Part]
    chars: int
    cid_chars: int


PdfReader = Literal["pdfplumber", "pdfium"]
"""Which library builds a page's chars and strokes for the grid work: pdfplumber (pdfminer), or PDFium
(pypdfium2, extractors/pdfium_page.py: a third of the CPU per page, but its text page drops space glyphs
pdfminer keeps, so some cells read differently; bench/results.md)."""


def read_pages(path: Path, settings: GridSettings, indices: range, reader: PdfReader = "pdfplumber") -> list[PageRead]:
    """The pages at `indices` (0-based) of a PDF, read as `read_pdf` reads them (one share of a long PDF)."""
    try:
        with _opened(path, settings, reader, None) as pdf:
            return [pdf.read_at(index) for index in indices]
    except ExtractionError:
        raise
    except Exception as error:  # pdfminer and PDFium raise many unrelated types for a broken file
        raise ExtractionError(_describe_open_error(path, error)) from error


PageSplitter = Callable[[Callable[[range], list[PageRead]], int], Iterable[list[PageRead]]]
"""Reads a PDF's pages elsewhere: given a reader of a range of pages and the page count, yields the
readings of consecutive ranges covering every page, in page order (hyoka.pipeline.pages)."""


def read_pdf(
    path: Path,
    settings: GridSettings | None = None,
    second_opinion: SecondOpinion | None = camelot_lattice,
    max_pages: int | None = MAX_PAGES,
    split_pages: PageSplitter | None = None,
    reader: PdfReader = "pdfplumber",
) -> Document:
    """Reads every page of a PDF into the format-neutral model, one page at a time.

    Each page is closed once read, so memory stays flat over a long PDF; a PDF whose page
    tree declares more than `max_pages` pages is refused before any page is read.
    With `split_pages`, ranges of pages are read by it (in other processes), then joined here
    exactly as pages read in this process are.
    """
    settings = settings or GridSettings()
    document = Document(path=path, format="pdf")
    parts: list[_Part] = []
    text_layer = _TextLayer()
    try:
        with _opened(path, settings, reader, max_pages) as pdf:
            if split_pages is None:
                reads: Iterable[PageRead] = (pdf.read_at(index) for index in range(pdf.count))
            else:
                ranges = split_pages(partial(read_pages, path, settings, reader=pdf.reader), pdf.count)
                reads = (read for share in ranges for read in share)
            for read in reads:
                document.pages.append(read.page)
                parts.extend(read.parts)
                text_layer.count(read)
    except ExtractionError:
        raise
    except Exception as error:  # pdfminer and PDFium raise many unrelated types for a broken file
        raise ExtractionError(_describe_open_error(path, error)) from error
    text_layer.refuse_unreadable(path.name, bool(document.pages))
    # Asked before linking, while each part is still the table as printed on its page.
    opinions = {
        id(part): second_opinion(path, part.page, [part.table])
        for part in parts
        if second_opinion is not None and part.grid.ambiguity
    }
    for table in _link_continuations(parts, document.pages, settings):
        for number in table.pages:
            document.pages[number - 1].tables.append(table)
    for part in parts:
        if part.owner is not None:
            part.owner.problems.extend(opinions.get(id(part), []))
    return document


@dataclass
class _OpenPdf:
    """A PDF open for reading: its page count, a reader of one page by 0-based index, and the library reading it."""

    count: int
    read_at: Callable[[int], PageRead]
    reader: PdfReader


@contextmanager
def _opened(path: Path, settings: GridSettings, reader: PdfReader, max_pages: int | None) -> Iterator[_OpenPdf]:
    """The PDF open in `reader`. PDFium is asked only once pdfminer has parsed the file's structure and
    counted its page tree leaf by leaf: a broken, encrypted or overlong file is refused in the same
    sentence whichever library reads it, and a file whose /Count PDFium believes against its page
    tree (PDFium would skip pages) is read by pdfplumber."""
    if reader == "pdfium":
        with pdfplumber.open(path) as structure:
            if max_pages is not None:  # without it, the caller read the file's structure already (a share of its pages)
                refuse_too_many_pages(path.name, structure.doc.catalog, max_pages)
            pdfium = _pdfium_document(path)
            if pdfium is not None and len(pdfium) == len(structure.pages):
                fonts = PDFResourceManager(caching=True)

                def read_at(index: int) -> PageRead:
                    return _read_pdfium_page(path, pdfium, settings, structure.pages[index], fonts, index)

                try:
                    yield _OpenPdf(len(pdfium), read_at, "pdfium")
                finally:
                    pdfium.close()
                return
            if pdfium is not None:
                pdfium.close()
    with pdfplumber.open(path) as pdf:
        if max_pages is not None:
            refuse_too_many_pages(path.name, pdf.doc.catalog, max_pages)
        pages = pdf.pages
        yield _OpenPdf(len(pages), lambda index: _read_one_page(path, pages[index], settings), "pdfplumber")


def _pdfium_document(path: Path) -> Any:
    """The file open in PDFium, or None where PDFium cannot open what pdfminer could."""
    import pypdfium2

    try:
        return pypdfium2.PdfDocument(path)
    except pypdfium2.PdfiumError:
        return None


def _font_descents(plumber_page: PlumberPage, fonts: PDFResourceManager) -> dict[str, float]:
    """The descents pdfminer gives the page's fonts, per unit of size, by name without subset tag; a name two
    fonts with different descents share is left out (PDFium's own descent stands for it)."""
    from hyoka.extractors.pdfium_page import untagged

    found: dict[str, set[float]] = defaultdict(set)
    for reference in dict_value(resolve1(plumber_page.page_obj.resources.get("Font", {}))).values():
        spec = resolve1(reference)
        if isinstance(spec, dict):
            font = fonts.get_font(getattr(reference, "objid", None), spec)
            found[untagged(str(font.fontname))].add(font.get_descent())
    return {name: next(iter(values)) for name, values in found.items() if len(values) == 1}


def _read_pdfium_page(
    path: Path,
    document: Any,
    settings: GridSettings,
    structure: PlumberPage,
    fonts: PDFResourceManager,
    index: int,
) -> PageRead:
    """One page read by PDFium (extractors/pdfium_page.py) within the format layer's limits. Its content is
    first inflated and its path operators counted by pdfminer (`structure`), bounded as for pdfplumber, so a
    decompression bomb or a page of too many drawings is refused in the same sentence, before PDFium."""
    from hyoka.extractors.pdfium_page import TooManyPaths, read_page

    width, height = document.get_page_size(index)
    try:
        _refuse_oversized_page(index + 1, float(width), float(height))
        drawn = _path_operators(structure)
        if drawn > MAX_DRAWING_OBJECTS:
            raise _OverLimit(_too_many_drawn(f"{drawn:,}", index + 1))
        page = read_page(document, index, MAX_DRAWING_OBJECTS, _font_descents(structure, fonts))
        return PageRead(*_read_page(page, settings))
    except TooManyPaths as over:  # drawn by forms the page's own content does not count
        raise ExtractionError(f"{path.name} {_too_many_drawn(f'more than {over.count - 1:,}', index + 1)}") from over
    except _OverLimit as over:
        raise ExtractionError(f"{path.name} {over}") from over


@dataclass
class _TextLayer:
    """How many characters the pages print, and how many of them are (cid:N) codes, on which pages."""

    chars: int = 0
    cid_chars: int = 0
    cid_pages: list[int] = field(default_factory=list)

    def count(self, read: PageRead) -> None:
        self.chars += read.chars
        if read.cid_chars:
            self.cid_chars += read.cid_chars
            self.cid_pages.append(read.page.number)

    def refuse_unreadable(self, name: str, has_pages: bool) -> None:
        """Raises NoTextLayerError for a PDF with no text, or one printed in fonts without a Unicode map."""
        if has_pages and self.chars == 0:
            raise NoTextLayerError(
                f"{name} has no text layer (a scan or an image-only print): run OCR on it first, "
                "or ask the publisher for the original document."
            )
        if self.cid_chars > MAX_CID_SHARE * self.chars:
            first = ", ".join(str(number) for number in self.cid_pages[:5])
            raise NoTextLayerError(
                f"{name} prints its text in fonts without a Unicode map ((cid:…) codes on pages "
                f"{first}{'…' if len(self.cid_pages) > 5 else ''}), so it cannot be read as text: ask the "
                "publisher for a PDF with embedded fonts, or run OCR on it."
            )


def _read_one_page(path: Path, plumber_page: PlumberPage, settings: GridSettings) -> PageRead:
    """One page within the format layer's limits; the pdfplumber page is closed after, so memory stays flat."""
    try:
        return PageRead(*_read_page(_within_limits(plumber_page), settings))
    except _OverLimit as over:
        raise ExtractionError(f"{path.name} {over}") from over
    finally:
        plumber_page.close()  # drops the page's layout and objects


class _OverLimit(Exception):
    """A page beyond one of the format layer's limits; the message follows the file's name."""


def _within_limits(plumber_page: PlumberPage) -> PageObjects:
    """The page's objects, once its size, then its number of drawing objects, are checked."""
    number = plumber_page.page_number
    _refuse_oversized_page(number, float(plumber_page.width), float(plumber_page.height))
    # Counted in the content first (a regex over bytes): pdfminer takes seconds per 10,000 objects.
    drawn = _path_operators(plumber_page)
    if drawn > MAX_DRAWING_OBJECTS:
        raise _OverLimit(_too_many_drawn(f"{drawn:,}", number))
    read = page_objects(plumber_page)
    drawn = len(read.rects) + len(read.lines) + len(read.curves)  # forms the page draws included
    if drawn > MAX_DRAWING_OBJECTS:
        raise _OverLimit(_too_many_drawn(f"{drawn:,}", number))
    return read


def _refuse_oversized_page(number: int, width: float, height: float) -> None:
    if max(width, height) > MAX_PAGE_POINTS:
        raise _OverLimit(
            f"has a page ({number}) of {width:,.0f} x {height:,.0f} pt, over hyoka's limit of "
            f"{MAX_PAGE_POINTS:,.0f} pt per side (A0 is 3,370 pt): it is not a printed report page, so the file "
            "was not read."
        )


def _too_many_drawn(drawn: str, number: int) -> str:
    return (
        f"draws {drawn} rules, boxes and curves on page {number}, over hyoka's limit of "
        f"{MAX_DRAWING_OBJECTS:,} per page (a dense table draws a few thousand): the file was not read."
    )


_PATH_OPERATOR = re.compile(rb"(?<=\s)(?:re|l|c|v|y)(?=\s)")


def _path_operators(plumber_page: PlumberPage) -> int:
    """Path segments the page's own content stream draws, counted without parsing it (0 if unreadable)."""
    count = 0
    for reference in plumber_page.page_obj.contents:
        stream = resolve1(reference)
        data = stream.get_data() if isinstance(stream, PDFStream) else b""
        count += len(_PATH_OPERATOR.findall(data))
        if count > MAX_DRAWING_OBJECTS:
            break
    return count


def refuse_too_many_pages(name: str, catalog: dict[str, Any], max_pages: int) -> int:
    """The pages the page tree holds; raises ExtractionError when they are more than `max_pages`.

    The pages are counted leaf by leaf (cheap: no page is parsed); the tree's `/Count` is
    not trusted, since a file may state any number there.
    """
    cap = 10 * max_pages
    pages = page_tree_leaves(catalog, cap)
    if pages > max_pages:
        counted = f"more than {cap:,}" if pages > cap else f"{pages:,}"
        raise ExtractionError(_too_many_pages(name, counted, max_pages))
    return pages


def _too_many_pages(name: str, counted: str, max_pages: int) -> str:
    return (
        f"{name} has {counted} pages, over hyoka's limit of {max_pages:,} pages per PDF: "
        "split it into its parts and ingest those."
    )


def _describe_open_error(path: Path, error: Exception) -> str:
    # pdfplumber wraps pdfminer's errors: look through the wrapper's arguments and causes.
    seen: list[BaseException] = []
    pending: list[object] = [error]
    while pending:
        item = pending.pop()
        if isinstance(item, BaseException) and item not in seen:
            seen.append(item)
            pending.extend([*item.args, item.__cause__, item.__context__])
    if any("Password" in type(e).__name__ or "encrypt" in str(e).lower() for e in seen):
        return f"{path.name} is password-protected: ask the publisher for an unprotected copy."
    if any(isinstance(e, ReferenceLoop) for e in seen):
        return (
            f"{path.name} is a damaged or hostile PDF: one of its objects refers back to itself in a loop "
            "(its page tree, a page's resources or its contents), so it cannot be read."
        )
    if any(isinstance(e, StreamTooLarge) for e in seen):
        return (
            f"{path.name} has a compressed stream that inflates past hyoka's limit of "
            f"{MAX_INFLATED_STREAM_BYTES // MIB:,} MiB per stream (a decompression bomb?): it was not read."
        )
    if any(isinstance(e, RecursionError) for e in seen):
        return f"{path.name} nests its drawings in a loop (a form that draws itself), so it cannot be read."
    innermost = seen[-1]
    return f"{path.name} could not be read as a PDF ({type(innermost).__name__}: {innermost}); the file may be damaged."


def _read_page(objects: PageObjects, settings: GridSettings) -> tuple[Page, list[_Part], int, int]:
    number = objects.page_number
    page = Page(
        number=number,
        width=float(objects.width),
        height=float(objects.height),
        rotation=int(objects.rotation),
    )
    order = _drawing_order(objects)
    horizontals, verticals, fills = _strokes(objects, settings, order)
    shaded = [box for _, box in fills]
    grids = [_grid(h, v, settings) for h, v in _connected_tables(horizontals, verticals, settings)]
    grids = [g for g in grids if g is not None]
    for grid in grids:
        _note_ambiguity(grid)
    grids.sort(key=lambda g: (g.ys[0], g.xs[0]))
    chars = objects.chars
    if fills:
        by_band = _fills_by_band(fills)
        chars = [char for index, char in enumerate(chars) if not _painted_over(char, order("char", index), by_band)]
    grid_of: list[int | None] = []
    for char in chars:
        cx = (char["x0"] + char["x1"]) / 2
        cy = (char["top"] + char["bottom"]) / 2
        grid_of.append(
            next(
                (i for i, g in enumerate(grids) if g.xs[0] <= cx <= g.xs[-1] and g.ys[0] <= cy <= g.ys[-1]),
                None,
            )
        )
    if settings.runs_cross_rules:
        _carry_runs_over_outlines(chars, grid_of)
    in_grid: list[list[Char]] = [[] for _ in grids]
    outside: list[Char] = []
    for char, index in zip(chars, grid_of, strict=True):
        (outside if index is None else in_grid[index]).append(char)
    parts = []
    for index, grid in enumerate(grids):
        shaded_slots = _shaded_slots(grid, shaded)
        table = _table_from_grid(grid, _cell_chars(grid, in_grid[index], settings), number, shaded_slots, settings)
        parts.append(_Part(page=number, page_height=page.height, grid=grid, table=table))
    if settings.unruled_tables:
        for grid, table in _aligned_tables(outside, number, settings):
            parts.append(_Part(page=number, page_height=page.height, grid=grid, table=table, ruled=False))
    page.text_blocks = _text_blocks(outside, number, settings)
    n_cid = sum(1 for char in chars if _CID.fullmatch(char["text"]))
    return page, parts, len(chars), n_cid


def _note_ambiguity(grid: _Grid) -> None:
    """Records why the grid's reading is uncertain enough to ask a second reader: a region no
    rule closes into a rectangle (a rule broken or missing). Rules hidden under a later fill
    are not such a case: the rendered page a second reader sees hides them too."""
    if grid.problems:
        grid.ambiguity.append("the grid has a region no rule closes into a rectangle")


def _slot(bounds: list[float], value: float) -> int:
    return min(max(bisect_right(bounds, value) - 1, 0), len(bounds) - 2)


# --- chars into cells ----------------------------------------------------------------------------

# Glyphs of one run of text are set edge to edge (to a hundredth of a point): two chars of a line touch
# when the gap or overlap between them is at most this share of the font size. A figure overflowing its
# cell ends a few tenths of a point before or over the neighbour's own text, which starts at its padding.
_RUN_TOUCH = 0.02


def _cell_chars(grid: _Grid, chars: list[Char], settings: GridSettings) -> list[list[Char]]:
    """The chars of one grid, per cell: each where its centre lies, except a run printed across a rule.

    A figure or a text wider than its cell is printed over the cell's vertical rule (a browser lets it
    overflow, a spreadsheet lets text spill into an empty neighbour), so the chars beyond the rule have
    their centres in the neighbour. Between the texts of two cells, each cell's padding leaves a gap
    around the rule; a run of touching chars across it is one piece of text, and goes whole to the cell
    it was printed for (`_spilled_from`).
    """
    owner = [
        grid.slot_cell[_slot(grid.ys, (c["top"] + c["bottom"]) / 2)][_slot(grid.xs, (c["x0"] + c["x1"]) / 2)]
        for c in chars
    ]
    index = {id(char): i for i, char in enumerate(chars)}
    upright = [char for char in chars if char.get("upright", True)] if settings.runs_cross_rules else []
    for line in _bands(upright, "top", "bottom", settings.line_overlap):
        line.sort(key=lambda c: index[id(c)])
        for run in sorted(_runs(line), key=lambda run: run[0]["x0"]):
            cells = {owner[index[id(c)]] for c in run}
            if len(cells) < 2:
                continue
            members = {id(c) for c in run}
            # Cells that print text of their own on this line besides the run (runs to the left are settled).
            busy = {owner[index[id(c)]] for c in line if id(c) not in members and not c["text"].isspace()}
            target = _spilled_from(grid, run, (cells - busy) or cells)
            for char in run:
                owner[index[id(char)]] = target
    per_cell: list[list[Char]] = [[] for _ in grid.cells]
    for char, cell in zip(chars, owner, strict=True):
        per_cell[cell].append(char)
    return per_cell


def _runs(line: list[Char]) -> list[list[Char]]:
    """A line's chars, in the order the page draws them, as runs: each char set right after the one
    drawn before it, in the same size. Drawing order keeps apart two texts whose glyphs overlap."""
    runs: list[list[Char]] = []
    for char in line:
        if runs and _continues_run(runs[-1][-1], char):
            runs[-1].append(char)
        else:
            runs.append([char])
    return runs


def _continues_run(before: Char, char: Char) -> bool:
    """Whether `char` is set right after `before` on its line, edge to edge, in the same size."""
    size = max(char.get("size", 0.0), before.get("size", 0.0), 1.0)
    gap = char["x0"] - before["x1"]
    shared = min(before["bottom"], char["bottom"]) - max(before["top"], char["top"])
    return (
        abs(gap) <= _RUN_TOUCH * size
        and abs(char.get("size", 0.0) - before.get("size", 0.0)) <= _RUN_TOUCH * size
        and shared > 0.5 * min(before["bottom"] - before["top"], char["bottom"] - char["top"])
    )


def _carry_runs_over_outlines(chars: list[Char], grid_of: list[int | None]) -> None:
    """A char outside every grid that continues a run of a grid's char (drawn right after it, or right
    before it, edge to edge) is that run's: text spilled over the table's outer rule, not text beside it."""
    for order in (range(1, len(chars)), range(len(chars) - 2, -1, -1)):
        for i in order:
            j = i - 1 if order.step == 1 else i + 1
            if grid_of[i] is None and grid_of[j] is not None:
                left, right = (chars[j], chars[i]) if j < i else (chars[i], chars[j])
                if _continues_run(left, right):
                    grid_of[i] = grid_of[j]


def _spilled_from(grid: _Grid, run: list[Char], candidates: set[int]) -> int:
    """Of the cells a run lies in, the one it was printed for: where it sits as its cell's own text
    would, starting at the cell's left rule (left-aligned text spills right; a browser lets any
    overflowing line run on to the right), ending at its right rule (right-aligned text spills left),
    or centred in it. Cells that print other text on the run's line were left out by the caller:
    spilled text runs over a neighbour, it is not that neighbour's own."""
    start, end = run[0]["x0"], run[-1]["x1"]
    middle = (start + end) / 2

    def misfit(cell: int) -> float:
        _, col, _, col_span = grid.cells[cell]
        left, right = grid.xs[col], grid.xs[col + col_span]
        fits = [
            fit
            for anchor, fit in ((start, start - left), (end, right - end), (middle, abs(middle - (left + right) / 2)))
            if left <= anchor <= right
        ]
        return min(fits, default=float("inf"))

    return min(sorted(candidates), key=misfit)


# --- strokes -------------------------------------------------------------------------------------


def _is_white(color: Any) -> bool:
    if color is None:
        return False
    values = color if isinstance(color, list | tuple) else [color]
    if len(values) == 4:  # CMYK: white is no ink
        return all(v == 0 for v in values)
    return bool(values) and all(isinstance(v, int | float) and v >= 0.99 for v in values)


def _strokes(
    page: PageObjects, settings: GridSettings, order: Callable[[str, int], int]
) -> tuple[list[_Segment], list[_Segment], list[tuple[int, BBox]]]:
    """Horizontal and vertical rule segments, and the shaded (non-white filled) rects with
    their drawing order.

    A rule that a shaded rect painted later covers is not seen on the page, so it divides
    nothing: office suites draw a merged header's fill over the slot rules beneath it.
    """
    # (drawing order, segment) per direction; the order is -1 where it is unknown.
    horizontals: list[tuple[int, _Segment]] = []
    verticals: list[tuple[int, _Segment]] = []
    fills: list[tuple[int, BBox]] = []
    thick = settings.rule_max_thickness

    def add(seq: int, x0: float, top: float, x1: float, bottom: float) -> None:
        width, height = x1 - x0, bottom - top
        if height <= thick and width >= settings.min_edge_length:
            horizontals.append((seq, _Segment((top + bottom) / 2, x0, x1)))
        elif width <= thick and height >= settings.min_edge_length:
            verticals.append((seq, _Segment((x0 + x1) / 2, top, bottom)))

    for index, line in enumerate(page.lines):
        add(order("line", index), line["x0"], line["top"], line["x1"], line["bottom"])
    for index, rect in enumerate(page.rects):
        stroked = rect.get("stroke", False)
        filled = rect.get("fill", False) and not _is_white(rect.get("non_stroking_color"))
        if not stroked and not filled:
            continue  # an invisible or white background rect draws no rule
        seq = order("rect", index)
        x0, top, x1, bottom = rect["x0"], rect["top"], rect["x1"], rect["bottom"]
        if bottom - top <= thick or x1 - x0 <= thick:
            add(seq, x0, top, x1, bottom)
            continue
        if filled:
            fills.append((seq, (x0, top, x1, bottom)))
        add(seq, x0, top, x1, top)
        add(seq, x0, bottom, x1, bottom)
        add(seq, x0, top, x0, bottom)
        add(seq, x1, top, x1, bottom)
    for index, curve in enumerate(page.curves):
        seq = order("curve", index)
        points = curve.get("pts") or []
        for (ax, ay), (bx, by) in pairwise(points):
            if abs(ay - by) < 0.5 or abs(ax - bx) < 0.5:
                add(seq, min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))
    visible_h = _visible(horizontals, fills, (1, 3), (0, 2), settings.min_edge_length)
    visible_v = _visible(verticals, fills, (0, 2), (1, 3), settings.min_edge_length)
    return _snap_and_join(visible_h, settings), _snap_and_join(visible_v, settings), fills


# A rule this close to a fill's edge is its border, drawn beside the fill rather than under it.
_PAINTED_OVER_MARGIN = 0.2


def _visible(
    segments: list[tuple[int, _Segment]],
    fills: list[tuple[int, BBox]],
    across: tuple[int, int],
    along: tuple[int, int],
    min_length: float,
) -> list[_Segment]:
    """What the page still shows of each segment once the fills drawn after it are painted:
    a fill hides the stretch of a segment that runs strictly inside it; what is left shorter
    than `min_length` (an end poking out under the table's outer rules) is gone too."""
    if not any(seq >= 0 for seq, _ in fills):
        return [segment for _, segment in segments]
    visible = []
    for seq, segment in segments:
        pieces = [(segment.start, segment.end)]
        if seq >= 0:
            for fill_seq, box in fills:
                if fill_seq <= seq or not (
                    box[across[0]] + _PAINTED_OVER_MARGIN < segment.at < box[across[1]] - _PAINTED_OVER_MARGIN
                ):
                    continue
                low, high = box[along[0]], box[along[1]]
                pieces = [
                    (a, b)
                    for start, end in pieces
                    for a, b in ((start, min(end, low)), (max(start, high), end))
                    if b - a >= min_length
                ]
        visible.extend(_Segment(segment.at, a, b) for a, b in pieces)
    return visible


# Fills are looked up by horizontal bands of this height, so a char is compared with the few
# fills at its height, not with every fill of a page that shades each cell on its own.
_FILL_BAND = 20.0


def _fills_by_band(fills: list[tuple[int, BBox]]) -> dict[int, list[tuple[int, BBox]]]:
    bands: dict[int, list[tuple[int, BBox]]] = defaultdict(list)
    for fill in fills:
        box = fill[1]
        for band in range(int(box[1] // _FILL_BAND), int(box[3] // _FILL_BAND) + 1):
            bands[band].append(fill)
    return bands


def _painted_over(char: Char, seq: int, fills_by_band: dict[int, list[tuple[int, BBox]]]) -> bool:
    """True for a char whose centre a fill drawn after it covers: the page no longer shows it."""
    cx = (char["x0"] + char["x1"]) / 2
    cy = (char["top"] + char["bottom"]) / 2
    nearby = fills_by_band.get(int(cy // _FILL_BAND), ())
    return seq >= 0 and any(
        fill_seq > seq and box[0] < cx < box[2] and box[1] < cy < box[3] for fill_seq, box in nearby
    )


def _drawing_order(page: PageObjects) -> Callable[[str, int], int]:
    """Maps (kind, index in pdfplumber's list of that kind) to the object's place in the content stream.

    pdfplumber keeps each kind's objects in content-stream order but in separate lists; the
    layout tree it builds them from holds them all in one order, which is the painting order.
    Returns -1 for everything when the two disagree in length (order unknown).
    """
    places: dict[str, list[int]] = {"line": [], "rect": [], "curve": [], "char": []}
    kinds = {"LTLine": "line", "LTRect": "rect", "LTCurve": "curve", "LTChar": "char"}
    for position, obj in enumerate(painted(page.layout)):
        kind = kinds.get(type(obj).__name__)
        if kind is not None:
            places[kind].append(position)
    known = all(len(places[kind]) == len(page.objects.get(kind, [])) for kind in places)

    def order(kind: str, index: int) -> int:
        return places[kind][index] if known else -1

    return order


def _snap_and_join(segments: list[_Segment], settings: GridSettings) -> list[_Segment]:
    """Snaps nearly equal positions onto one (double rules included), then joins collinear pieces."""
    if not segments:
        return []
    segments = sorted(segments, key=lambda s: s.at)
    clusters: list[list[_Segment]] = [[segments[0]]]
    for segment in segments[1:]:
        if segment.at - clusters[-1][-1].at <= settings.snap_tolerance:
            clusters[-1].append(segment)
        else:
            clusters.append([segment])
    joined: list[_Segment] = []
    for cluster in clusters:
        at = sum(s.at for s in cluster) / len(cluster)
        pieces = sorted(cluster, key=lambda s: s.start)
        current = _Segment(at, pieces[0].start, pieces[0].end)
        for piece in pieces[1:]:
            if piece.start <= current.end + settings.join_tolerance:
                current.end = max(current.end, piece.end)
            else:
                joined.append(current)
                current = _Segment(at, piece.start, piece.end)
        joined.append(current)
    return joined


def _connected_tables(
    horizontals: list[_Segment], verticals: list[_Segment], settings: GridSettings
) -> list[tuple[list[_Segment], list[_Segment]]]:
    """Groups rules into tables: rules that cross or touch belong to the same table."""
    parent = list(range(len(horizontals) + len(verticals)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    tol = settings.intersection_tolerance
    order = sorted(range(len(verticals)), key=lambda i: verticals[i].at)
    positions = [verticals[i].at for i in order]
    offset = len(horizontals)
    for hi, h in enumerate(horizontals):
        lo = bisect_left(positions, h.start - tol)
        hi_end = bisect_right(positions, h.end + tol)
        for vi in order[lo:hi_end]:
            v = verticals[vi]
            if v.start - tol <= h.at <= v.end + tol:
                parent[find(hi)] = find(offset + vi)
    groups: dict[int, tuple[list[_Segment], list[_Segment]]] = defaultdict(lambda: ([], []))
    for hi, h in enumerate(horizontals):
        groups[find(hi)][0].append(h)
    for vi, v in enumerate(verticals):
        groups[find(offset + vi)][1].append(v)
    return [group for group in groups.values() if group[0] and group[1]]


def _positions(values: Iterable[float], tolerance: float) -> list[float]:
    merged: list[float] = []
    for value in sorted(values):
        if merged and value - merged[-1] <= tolerance:
            continue
        merged.append(value)
    return merged


def _covered(segments: list[_Segment], start: float, end: float, tolerance: float) -> bool:
    return any(s.start <= start + tolerance and s.end >= end - tolerance for s in segments)


def _grid(horizontals: list[_Segment], verticals: list[_Segment], settings: GridSettings) -> _Grid | None:
    """Cells of one table: slots between rule positions, merged where no rule divides them."""
    tol = settings.snap_tolerance
    # The table's outline counts as a boundary even where a side is left open (no outer rule).
    xs = _positions(
        [v.at for v in verticals] + [min(h.start for h in horizontals), max(h.end for h in horizontals)],
        tol,
    )
    ys = _positions(
        [h.at for h in horizontals] + [min(v.start for v in verticals), max(v.end for v in verticals)],
        tol,
    )
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    if n_rows < settings.min_rows or n_cols < settings.min_cols:
        return None
    if n_rows * n_cols > MAX_GRID_SLOTS:
        raise _OverLimit(
            f"draws a grid of {n_rows:,} x {n_cols:,} slots, over hyoka's limit of {MAX_GRID_SLOTS:,} slots "
            "per table (a 500 x 500 table): the file was not read."
        )
    by_x: dict[int, list[_Segment]] = defaultdict(list)
    for v in verticals:
        by_x[_nearest(xs, v.at)].append(v)
    by_y: dict[int, list[_Segment]] = defaultdict(list)
    for h in horizontals:
        by_y[_nearest(ys, h.at)].append(h)

    parent = list(range(n_rows * n_cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(n_rows):
        for c in range(n_cols):
            here = r * n_cols + c
            if c + 1 < n_cols and not _covered(by_x[c + 1], ys[r], ys[r + 1], tol):
                parent[find(here)] = find(here + 1)
            if r + 1 < n_rows and not _covered(by_y[r + 1], xs[c], xs[c + 1], tol):
                parent[find(here)] = find(here + n_cols)
    regions: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for r in range(n_rows):
        for c in range(n_cols):
            regions[find(r * n_cols + c)].append((r, c))
    cells: list[tuple[int, int, int, int]] = []
    slot_cell = [[0] * n_cols for _ in range(n_rows)]
    problems: list[str] = []
    for slots in sorted(regions.values()):
        r0, r1 = min(r for r, _ in slots), max(r for r, _ in slots)
        c0, c1 = min(c for _, c in slots), max(c for _, c in slots)
        rectangles = [(r0, c0, r1 - r0 + 1, c1 - c0 + 1)]
        if len(slots) != (r1 - r0 + 1) * (c1 - c0 + 1):
            problems.append(f"a cell at grid row {r0}, column {c0} is not rectangular (a rule is broken)")
            rectangles = _rectangles(slots)
        for row, col, row_span, col_span in rectangles:
            for r in range(row, row + row_span):
                for c in range(col, col + col_span):
                    slot_cell[r][c] = len(cells)
            cells.append((row, col, row_span, col_span))
    return _Grid(xs=xs, ys=ys, cells=cells, slot_cell=slot_cell, problems=problems)


def _rectangles(slots: list[tuple[int, int]]) -> list[tuple[int, int, int, int]]:
    """A region no rule divides that is not a rectangle, as cells that do not overlap: each row's runs
    of adjacent slots, a run joined to the one right above it when both cover the same columns.

    Its bounding box would cover slots of the cells the region goes round (an indented sub-item's
    label below a label whose indent slot is left open: その他 over うち受益者負担), two cells in
    one slot. By rows, because a cell's text is set in lines across it."""
    # (first row, row span, first col, last col) per rectangle, in reading order.
    rectangles: list[list[int]] = []
    # The rectangle ending on the row above, by the columns it covers.
    above: dict[tuple[int, int], list[int]] = {}
    runs: list[tuple[int, int, int]] = []  # (row, first col, last col)
    for r, c in sorted(slots):
        if runs and runs[-1][0] == r and runs[-1][2] == c - 1:
            runs[-1] = (r, runs[-1][1], c)
        else:
            runs.append((r, c, c))
    for r, first, last in runs:
        rectangle = above.get((first, last))
        if rectangle is not None and rectangle[0] + rectangle[1] == r:
            rectangle[1] += 1
        else:
            rectangle = [r, 1, first, last]
            above[(first, last)] = rectangle
            rectangles.append(rectangle)
    return [(row, first, span, last - first + 1) for row, span, first, last in rectangles]


def _nearest(bounds: list[float], value: float) -> int:
    i = bisect_left(bounds, value)
    if i == len(bounds) or (i > 0 and value - bounds[i - 1] < bounds[i] - value):
        return i - 1
    return i


def _shaded_slots(grid: _Grid, shaded: list[BBox]) -> set[tuple[int, int]]:
    """Grid slots whose centre lies in a shaded rect (header cells are usually shaded)."""
    slots: set[tuple[int, int]] = set()
    centres_x = [(a + b) / 2 for a, b in pairwise(grid.xs)]
    centres_y = [(a + b) / 2 for a, b in pairwise(grid.ys)]
    for x0, top, x1, bottom in shaded:
        cols = range(bisect_left(centres_x, x0), bisect_right(centres_x, x1))
        for r in range(bisect_left(centres_y, top), bisect_right(centres_y, bottom)):
            slots.update((r, c) for c in cols)
    return slots


# --- text ----------------------------------------------------------------------------------------


def _lines(chars: Sequence[Char], settings: GridSettings) -> list[list[Char]]:
    """Chars grouped into visual lines, top to bottom, each left to right.

    Text set in a vertical writing mode (chars not upright) is read column by column, right
    to left; a label stacked one upright char per line is already top to bottom.
    """
    if not chars:
        return []
    if sum(1 for c in chars if not c.get("upright", True)) * 2 > len(chars):
        columns = _bands(chars, "x0", "x1", settings.line_overlap)
        columns.sort(key=lambda col: -min(c["x0"] for c in col))
        return [sorted(col, key=lambda c: c["top"]) for col in columns]
    lines = _bands(chars, "top", "bottom", settings.line_overlap)
    lines.sort(key=lambda line: min(c["top"] for c in line))
    return [sorted(line, key=lambda c: c["x0"]) for band in lines for line in _side_by_side(band)]


def _stacked(band: Sequence[Char]) -> bool:
    """Whether two chars of the band stand one above the other (never so within one line)."""
    ordered = sorted(band, key=lambda c: c["x0"])
    for i, char in enumerate(ordered):
        for other in ordered[i + 1 :]:
            if other["x0"] >= char["x1"]:
                break
            wide = min(char["x1"] - char["x0"], other["x1"] - other["x0"])
            shared_x = min(char["x1"], other["x1"]) - other["x0"]
            if shared_x > 0.5 * wide and min(char["bottom"], other["bottom"]) <= max(char["top"], other["top"]):
                return True
    return False


def _side_by_side(band: list[Char]) -> list[list[Char]]:
    """A band that chains lines set beside each other (a name in a large size, and beside it two smaller
    lines, 【事業実施期間】 over 令和5年度～7年度) read as those lines: chars on one baseline make a line, lines
    one above another a column, the columns left to right, each top to bottom. Any other band is one line."""
    if not _stacked(band):
        return [band]
    lines: list[list[Char]] = []
    for char in sorted(band, key=lambda c: c["bottom"]):
        size = max(char.get("size", 0.0), 1.0)
        if lines and char["bottom"] - lines[-1][-1]["bottom"] <= 0.25 * size:
            lines[-1].append(char)
        else:
            lines.append([char])
    columns: list[list[list[Char]]] = []
    for line in sorted(lines, key=lambda ln: min(c["x0"] for c in ln)):
        if columns and min(c["x0"] for c in line) < max(c["x1"] for ln in columns[-1] for c in ln):
            columns[-1].append(line)
        else:
            columns.append([line])
    return [line for column in columns for line in sorted(column, key=lambda ln: min(c["top"] for c in ln))]


def _bands(chars: Sequence[Char], lo: str, hi: str, overlap: float) -> list[list[Char]]:
    """Chars grouped by overlap along one axis (lines by top/bottom, columns by x0/x1)."""
    bands: list[list[Char]] = []
    band_lo = band_hi = 0.0
    for char in sorted(chars, key=lambda c: (c[lo], c[hi])):
        size = char[hi] - char[lo]
        if bands:
            shared = min(band_hi, char[hi]) - max(band_lo, char[lo])
            if shared >= overlap * min(size, band_hi - band_lo):
                bands[-1].append(char)
                band_hi = max(band_hi, char[hi])
                continue
        bands.append([char])
        band_lo, band_hi = char[lo], char[hi]
    return bands


def _line_text(line: Sequence[Char], settings: GridSettings) -> str:
    """One line's text; a visible gap between two non-Japanese chars is a space."""
    out: list[str] = []
    previous: Char | None = None
    for char in line:
        text = char["text"]
        if previous is not None and text != " " and previous["text"] != " ":
            gap = char["x0"] - previous["x1"]
            size = max(char.get("size", 0.0), 1.0)
            if gap > settings.space_gap * size and not is_wide(previous["text"][-1]) and not is_wide(text[0]):
                out.append(" ")
        out.append(text)
        previous = char
    return "".join(out).strip()


def _line_breaks(lines: Sequence[Sequence[Char]], box: BBox) -> list[LineBreak] | None:
    """What each line break in a cell is, read from where the line stops (see `join_lines`).

    A break where the print itself has a space (at the end of the line or the start of the
    next) separates two words or items ("hard"). A line that stops with room for the next
    line's first unbreakable piece was ended by its writer ("hard": 医療局 / 健康福祉局 are
    two names, which the contract's text keeps apart by one space); a full line wrapped
    ("wrap"; office suites wrap Latin words whole, so a wrap between two ASCII chars was at a space).
    A line ending in a Latin letter or digit before a Japanese line that stops with room for that
    line's first character was broken at a space the print swallowed ("年 1" / "回": without the
    space "1回" would have stayed on the line), so that break too is "hard".
    Stacked labels (one char per line) and vertical writing have no such breaks.
    """
    if len(lines) < 2 or all(len(line) == 1 for line in lines) or not all(c.get("upright", True) for c in lines[0]):
        return None
    x0, _, x1, _ = box
    # The cell's inner right edge: as far from the right rule as the text keeps from the left one.
    padding = max(0.0, min(_printed(line)[0]["x0"] for line in lines if _printed(line)) - x0)
    right = x1 - padding
    breaks: list[LineBreak] = []
    for before, after in pairwise(lines):
        if before[-1]["text"].isspace() or after[0]["text"].isspace():
            breaks.append("hard")
            continue
        room = right - before[-1]["x1"]
        needed = _glyph_width(after) if _latin_before_japanese(before, after) else _first_unit_width(after)
        # Japanese punctuation (、。「」) separates by itself: a space beside it is never printed.
        punctuated = _wide_punctuation(before[-1]["text"][-1]) or _wide_punctuation(after[0]["text"][0])
        if room >= needed and not punctuated:
            breaks.append("hard")
        else:
            breaks.append("cut" if _cuts_a_number(before, after) else "wrap")
    return breaks


def _cuts_a_number(before: Sequence[Char], after: Sequence[Char]) -> bool:
    """True when a full line ends inside a number: its last thousands group has fewer than
    three digits and the next line's leading digits complete it ("2,36" / "0名")."""
    head = re.search(r"\d,(\d{1,2})$", "".join(c["text"] for c in before))
    tail = re.match(r"(\d{1,2})(?!\d)", "".join(c["text"] for c in after))
    return head is not None and tail is not None and len(head.group(1)) + len(tail.group(1)) == 3


def _printed(line: Sequence[Char]) -> list[Char]:
    return [c for c in line if not c["text"].isspace()]


def _first_unit_width(line: Sequence[Char]) -> float:
    """The room the next line's first unbreakable piece would have needed on the line above:
    a whole run of ASCII without a space (a word, a number, "(RDF": office suites move it
    down whole), with the character after it where the run ends in an opening bracket (no line
    ends on one: "(母子" moves down as one piece), else two characters."""
    if line[0]["text"].isascii():
        word = list(takewhile(lambda c: c["text"].isascii() and not c["text"].isspace(), line))
        if unicodedata.category(word[-1]["text"][-1]) == "Ps" and len(word) < len(line):
            word.append(line[len(word)])
        return word[-1]["x1"] - word[0]["x0"]
    if len(line) > 1:
        return sum(c["x1"] - c["x0"] for c in line[:2])
    return 2 * (line[0]["x1"] - line[0]["x0"])


def _latin_before_japanese(before: Sequence[Char], after: Sequence[Char]) -> bool:
    """A line ending in a Latin letter or digit, the next starting with a Japanese character that
    may begin a line and is followed by one that may too (kinsoku carries no character down)."""
    last, first = before[-1]["text"][-1], after[0]["text"][0]
    second = after[1]["text"][0] if len(after) > 1 else ""
    return (
        last.isascii() and last.isalnum() and is_cjk(first) and all(_may_begin_a_line(c) for c in (first, second) if c)
    )


def _may_begin_a_line(char: str) -> bool:
    return not continues_a_word(char) and not _wide_punctuation(char)


def _glyph_width(line: Sequence[Char]) -> float:
    return line[0]["x1"] - line[0]["x0"]


def _wide_punctuation(char: str) -> bool:
    return is_wide(char) and unicodedata.category(char).startswith("P")


def _rounded(box: BBox) -> BBox:
    x0, top, x1, bottom = box
    return (round(x0, 2), round(top, 2), round(x1, 2), round(bottom, 2))


def _box(chars: Iterable[Char]) -> BBox:
    chars = list(chars)
    return (
        round(min(c["x0"] for c in chars), 2),
        round(min(c["top"] for c in chars), 2),
        round(max(c["x1"] for c in chars), 2),
        round(max(c["bottom"] for c in chars), 2),
    )


def _table_from_grid(
    grid: _Grid,
    cell_chars: list[list[Char]],
    page_number: int,
    shaded_slots: set[tuple[int, int]],
    settings: GridSettings,
) -> Table:
    cells: list[Cell] = []
    for (row, col, row_span, col_span), chars in zip(grid.cells, cell_chars, strict=True):
        printed = [(line, text) for line in _lines(chars, settings) if (text := _line_text(line, settings))]
        lines = [text for _, text in printed]
        box = _rounded((grid.xs[col], grid.ys[row], grid.xs[col + col_span], grid.ys[row + row_span]))
        breaks = _line_breaks([line for line, _ in printed], box)
        text = join_lines(lines, spaced_across_scripts(lines, breaks) if breaks else "wrap")
        # A run printed across the cell's rule (`_cell_chars`) is evidence where it was printed.
        left, right = grid.xs[col], grid.xs[col + col_span]
        spilled = [c for c in chars if not left <= (c["x0"] + c["x1"]) / 2 <= right]
        bbox = (
            round(min([box[0], *(c["x0"] for c in spilled)]), 2),
            box[1],
            round(max([box[2], *(c["x1"] for c in spilled)]), 2),
            box[3],
        )
        cells.append(
            Cell(
                row=row,
                col=col,
                row_span=row_span,
                col_span=col_span,
                text=text,
                value_text="\n".join(lines),
                is_header=(row, col) in shaded_slots,
                evidence=Evidence(page=page_number, bbox=bbox),
                lines=lines,
                text_box=_box(c for line, _ in printed for c in line) if printed else None,
            )
        )
    return Table(
        table_id="",
        cells=cells,
        n_rows=len(grid.ys) - 1,
        n_cols=len(grid.xs) - 1,
        pages=[page_number],
        bboxes={page_number: _rounded(grid.bbox)},
        problems=list(grid.problems),
    )


def _text_blocks(chars: list[Char], page_number: int, settings: GridSettings) -> list[TextBlock]:
    """Text outside tables as blocks: a line split where a wide gap separates two pieces, then
    consecutive pieces that overlap horizontally and follow closely grouped into one block."""
    pieces: list[list[Char]] = []
    for line in _lines(chars, settings):
        current = [line[0]]
        for char in line[1:]:
            size = max(char.get("size", 0.0), 1.0)
            if char["x0"] - current[-1]["x1"] > settings.block_split_gap * size:
                pieces.append(current)
                current = []
            current.append(char)
        pieces.append(current)
    blocks: list[list[list[Char]]] = []
    boxes: list[BBox] = []
    for piece in sorted(pieces, key=lambda p: (min(c["top"] for c in p), min(c["x0"] for c in p))):
        x0, top, x1, bottom = _box(piece)
        height = bottom - top
        size = _font_size(piece)
        for index in range(len(blocks) - 1, -1, -1):
            bx0, btop, bx1, bbottom = boxes[index]
            # A change of font size (a heading over its paragraph) starts a new block.
            same_size = abs(_font_size(blocks[index][-1]) - size) <= settings.block_size_change * size
            if same_size and top - bbottom <= settings.block_gap * height and min(x1, bx1) > max(x0, bx0):
                blocks[index].append(piece)
                boxes[index] = (min(x0, bx0), btop, max(x1, bx1), max(bottom, bbottom))
                break
        else:
            blocks.append([piece])
            boxes.append((x0, top, x1, bottom))
    result = []
    for block, bbox in zip(blocks, boxes, strict=True):
        lines = [_line_text(piece, settings) for piece in block]
        result.append(TextBlock(text=join_lines(lines, "wrap"), lines=lines, page=page_number, bbox=bbox))
    result.sort(key=lambda b: (b.bbox[1], b.bbox[0]))
    return result


def _font_size(chars: Sequence[Char]) -> float:
    sizes = sorted(c.get("size", 0.0) for c in chars)
    return float(sizes[len(sizes) // 2])


# --- unruled tables ------------------------------------------------------------------------------


def _aligned_tables(chars: list[Char], page_number: int, settings: GridSettings) -> list[tuple[_Grid, Table]]:
    """Tables no rule draws, read from the text's alignment (the fallback for unruled or
    partially ruled tables).

    A line is split where a gap wider than `column_gap` font sizes separates two pieces. A run
    of at least `min_aligned_rows` consecutive, evenly spaced lines that are each split is a
    table when its pieces, projected onto the x axis, fall into at least `min_cols` separate
    columns and every line has text in two of them; each line is a row. The text stays in
    the page's text blocks too: this reading is a guess, the blocks are not.
    """
    lines = _lines(chars, settings)
    if not lines or not all(c.get("upright", True) for c in lines[0]):
        return []
    split = [_pieces(line, settings.column_gap) for line in lines]
    found: list[tuple[_Grid, Table]] = []
    run: list[int] = []
    for index in range(len(lines) + 1):
        if index < len(lines) and len(split[index]) >= 2 and _follows(lines, run, index):
            run.append(index)
            continue
        if len(run) >= settings.min_aligned_rows:
            made = _aligned_table([lines[i] for i in run], [split[i] for i in run], page_number, settings)
            if made is not None:
                found.append(made)
        run = [index] if index < len(lines) and len(split[index]) >= 2 else []
    return found


def _pieces(line: list[Char], gap: float) -> list[list[Char]]:
    """A line's printed chars split where a gap wider than `gap` font sizes separates them."""
    printed = _printed(line)
    if not printed:
        return []
    pieces = [[printed[0]]]
    for char in printed[1:]:
        size = max(char.get("size", 0.0), 1.0)
        if char["x0"] - pieces[-1][-1]["x1"] > gap * size:
            pieces.append([])
        pieces[-1].append(char)
    return pieces


def _follows(lines: list[list[Char]], run: list[int], index: int) -> bool:
    """True when line `index` continues the run: close below its last line, at the run's pitch."""
    if not run:
        return True
    top = min(c["top"] for c in lines[index])
    last = lines[run[-1]]
    last_top, last_bottom = min(c["top"] for c in last), max(c["bottom"] for c in last)
    pitch = top - last_top
    if pitch > 2.5 * (last_bottom - last_top):
        return False
    if len(run) >= 2:
        first_pitch = last_top - min(c["top"] for c in lines[run[-2]])
        return abs(pitch - first_pitch) <= 0.25 * first_pitch
    return True


def _aligned_table(
    lines: list[list[Char]], split: list[list[list[Char]]], page_number: int, settings: GridSettings
) -> tuple[_Grid, Table] | None:
    spans = sorted((piece[0]["x0"], max(c["x1"] for c in piece)) for pieces in split for piece in pieces)
    columns: list[list[float]] = []
    for x0, x1 in spans:
        if columns and x0 <= columns[-1][1]:
            columns[-1][1] = max(columns[-1][1], x1)
        else:
            columns.append([x0, x1])
    if len(columns) < settings.min_cols:
        return None
    starts = [column[0] for column in columns]
    rows: list[dict[int, list[Char]]] = []
    for pieces in split:
        row: dict[int, list[Char]] = defaultdict(list)
        for piece in pieces:
            row[bisect_right(starts, piece[0]["x0"]) - 1].extend(piece)
        if len(row) < 2:
            return None
        rows.append(row)
    # Boundaries halfway between columns and between lines, the outline around all the text.
    xs = [columns[0][0]] + [(a[1] + b[0]) / 2 for a, b in pairwise(columns)] + [columns[-1][1]]
    tops = [min(c["top"] for c in line) for line in lines]
    bottoms = [max(c["bottom"] for c in line) for line in lines]
    ys = [tops[0]] + [(b + t) / 2 for b, t in zip(bottoms, tops[1:], strict=False)] + [bottoms[-1]]
    n_rows, n_cols = len(rows), len(columns)
    cells_at = [(r, c, 1, 1) for r in range(n_rows) for c in range(n_cols)]
    grid = _Grid(
        xs=xs,
        ys=ys,
        cells=cells_at,
        slot_cell=[[r * n_cols + c for c in range(n_cols)] for r in range(n_rows)],
        problems=["read by text alignment: no rules are drawn, so the columns are a guess"],
    )
    cell_chars = [rows[r].get(c, []) for r in range(n_rows) for c in range(n_cols)]
    return grid, _table_from_grid(grid, cell_chars, page_number, set(), settings)


# --- tables continued across pages -----------------------------------------------------------------


def _link_continuations(parts: list[_Part], pages: list[Page], settings: GridSettings) -> list[Table]:
    """Joins a table broken by a page break with its continuation on the next page.

    A continuation is the first table of its page, the previous part is the last table of
    the page before, and their column rules agree (the same edges, or one part's edges a
    subset of the other's: a label/value sheet whose rows change their columns; or, when the
    continuation does not open with a header row of its own, the same outer edges and mostly
    the same inner ones: a block whose page prints other inner rules). Then either
    the previous part stopped where the page body ends (deep in its page, and the space left
    above the lowest table bottom of the document would not have held the continuation's
    first row: the office suite broke the page there), or the writer broke the page by hand:
    nothing but page furniture (running heads, page numbers) follows the previous part or
    precedes the continuation, and the continuation starts with rows of its own, neither a
    repeated header nor the first label of the same form again (that is a new copy of the form).
    Header rows printed again at the top of a continuation are recognised by their text and dropped.
    """
    body_bottom: dict[float, float] = {}
    for part in parts:
        key = round(part.page_height)
        body_bottom[key] = max(body_bottom.get(key, 0.0), part.grid.ys[-1])
    furniture = _page_furniture(pages, settings)
    by_page: dict[int, list[_Part]] = defaultdict(list)
    unruled: dict[int, list[_Part]] = defaultdict(list)
    for part in parts:
        (by_page if part.ruled else unruled)[part.page].append(part)
    tables: list[Table] = []
    counters: dict[int, int] = defaultdict(int)
    open_part: _Part | None = None  # the last part of the table being continued
    open_table: Table | None = None
    open_edges: list[float] = []  # the column edges of the table being continued
    for page in sorted(by_page):
        for index, part in enumerate(by_page[page]):
            joined = False
            if (
                index == 0
                and open_part is not None
                and open_table is not None
                and open_part.page == page - 1
                and open_part is by_page[page - 1][-1]
            ):
                edges = _joined_columns(open_edges, part.grid.xs, settings.continuation_tolerance)
                if edges is None and not _opens_with_header_row(part.table):
                    edges = _union_columns(open_edges, part.grid.xs, settings.continuation_tolerance)
                if edges is not None:
                    table = _regridded(open_table, open_edges, edges)
                    continuation = _regridded(part.table, part.grid.xs, edges)
                    bottom = body_bottom[round(open_part.page_height)]
                    if _continues(open_part, table, part, continuation, bottom, pages, furniture, settings):
                        open_table.cells, open_table.n_cols = table.cells, table.n_cols
                        _append(open_table, continuation)
                        open_edges = edges
                        part.owner = open_table
                        joined = True
            if not joined:
                counters[page] += 1
                part.table.table_id = f"p{page}-{counters[page]}"
                open_table = part.owner = part.table
                open_edges = list(part.grid.xs)
                tables.append(open_table)
            open_part = part
    for page in sorted(unruled):
        for part in unruled[page]:
            counters[page] += 1
            part.table.table_id = f"p{page}-{counters[page]}"
            part.owner = part.table
            tables.append(part.table)
    return tables


def _joined_columns(first: list[float], second: list[float], tolerance: float) -> list[float] | None:
    """The column edges of two parts taken together, when their outer edges agree and one
    part's edges are a subset of the other's; else None (the parts are different tables)."""
    if abs(first[0] - second[0]) > tolerance or abs(first[-1] - second[-1]) > tolerance:
        return None

    def within(edges: list[float], others: list[float]) -> bool:
        return all(any(abs(edge - other) <= tolerance for other in others) for edge in edges)

    if within(first, second):
        return list(second)
    if within(second, first):
        return list(first)
    return None


def _union_columns(first: list[float], second: list[float], tolerance: float) -> list[float] | None:
    """The union of two parts' column edges, when their outer edges agree and most inner edges
    of each part are the other's too; else None.

    An office suite prints a sheet's grid with only the rules its cells need, so a block cut
    by a page break can show other inner rules on each page (a value merged over two slots on
    one page, split on the other) while most rules run through both parts.
    """
    if abs(first[0] - second[0]) > tolerance or abs(first[-1] - second[-1]) > tolerance:
        return None

    def shared(edges: list[float], others: list[float]) -> int:
        return sum(1 for edge in edges[1:-1] if any(abs(edge - other) <= tolerance for other in others))

    for edges, others in ((first, second), (second, first)):
        if 2 * shared(edges, others) <= len(edges) - 2:
            return None
    union = list(first)
    for edge in second:
        if all(abs(edge - other) > tolerance for other in first):
            union.append(edge)
    return sorted(union)


def _opens_with_header_row(table: Table) -> bool:
    """True when the table's first row is all header cells: a table of its own, not the rest of
    one whose header the page before printed."""
    first_row = [cell for cell in table.cells if cell.row == 0]
    return bool(first_row) and all(cell.is_header for cell in first_row)


def _regridded(table: Table, edges: list[float], union: list[float]) -> Table:
    """A copy of `table` on the column edges `union` (a superset of its own `edges`): a cell
    crossing an added edge spans the columns it now covers."""
    if len(edges) == len(union):
        return table
    new_index = [_nearest(union, edge) for edge in edges]
    cells = []
    for cell in table.cells:
        start, stop = new_index[cell.col], new_index[cell.col + cell.col_span]
        cells.append(replace(cell, col=start, col_span=stop - start))
    return replace(table, cells=cells, n_cols=len(union) - 1)


def _continues(
    previous: _Part,
    table: Table,
    part: _Part,
    continuation: Table,
    body_bottom: float,
    pages: list[Page],
    furniture: set[tuple[int, int]],
    settings: GridSettings,
) -> bool:
    a, b = previous.grid, part.grid
    repeated = _repeated_header_rows(table, continuation)
    if not repeated and _starts_alike(table, continuation):
        return False
    if a.ys[-1] >= settings.continuation_min_depth * previous.page_height:
        first_data_row = min(repeated, len(b.ys) - 2)
        next_row_height = b.ys[first_data_row + 1] - b.ys[first_data_row]
        if body_bottom - a.ys[-1] < next_row_height + settings.snap_tolerance:
            return True
    if repeated:
        return False
    after = [i for i, block in enumerate(pages[previous.page - 1].text_blocks) if block.bbox[1] >= a.ys[-1] - 1.0]
    before = [i for i, block in enumerate(pages[part.page - 1].text_blocks) if block.bbox[3] <= b.ys[0] + 1.0]
    return all((previous.page, i) in furniture for i in after) and all((part.page, i) in furniture for i in before)


def _starts_alike(table: Table, continuation: Table) -> bool:
    """True when the continuation's first cell repeats the table's first label (one row high,
    so not a group label printed again over the break): a new copy of one form."""
    first, again = _corner(table), _corner(continuation)
    return (
        first is not None
        and again is not None
        and first.row_span == 1
        and bool(first.text)
        and first.text == again.text
    )


_PAGE_NUMBER = re.compile(
    r"[\s\-–—−―‐(]*(?:p\.?|page|ページ)?\s*\d+\s*(?:/\s*\d+|of\s*\d+)?\s*(?:頁|ページ)?[\s\-–—−―‐)]*",
    re.IGNORECASE,
)


def _page_furniture(pages: list[Page], settings: GridSettings) -> set[tuple[int, int]]:
    """(page, block index) of the text blocks that are page furniture: a page number, or a
    running head or foot (the same text, numbers aside, at the same height on another page)."""
    places: dict[str, list[tuple[float, int]]] = defaultdict(list)
    keys: dict[tuple[int, int], str] = {}
    for page in pages:
        for index, block in enumerate(page.text_blocks):
            text = unicodedata.normalize("NFKC", block.text)
            key = re.sub(r"\d+", "#", text)
            keys[(page.number, index)] = key
            places[key].append((block.bbox[1], page.number))
    # Sorted by height, so a block is compared with the blocks of its text near its height
    # only, not with the same page number printed on every other page of a long book.
    for found in places.values():
        found.sort()
    tops = {key: [top for top, _ in found] for key, found in places.items()}
    furniture: set[tuple[int, int]] = set()
    tolerance = settings.continuation_tolerance
    for page in pages:
        for index, block in enumerate(page.text_blocks):
            key = keys[(page.number, index)]
            top = block.bbox[1]
            low, high = bisect_left(tops[key], top - tolerance), bisect_right(tops[key], top + tolerance)
            found = places[key]
            repeated = any(found[i][1] != page.number for i in range(low, high))
            if repeated or _PAGE_NUMBER.fullmatch(unicodedata.normalize("NFKC", block.text)):
                furniture.add((page.number, index))
    return furniture


def _corner(table: Table) -> Cell | None:
    """The cell at the table's top-left slot. Read from the cells' row-major order rather than
    the table's index, which a table growing page by page would rebuild at every join."""
    first = next(iter(table.cells), None)
    return first if first is not None and (first.row, first.col) == (0, 0) else None


def _repeated_header_rows(first: Table, continuation: Table) -> int:
    """How many top rows of `continuation` repeat the top rows of `first`, text and spans alike
    (the most rows that do, counting only if one of them prints text)."""
    limit = min(first.n_rows, continuation.n_rows - 1)
    ours, theirs = _top_rows(first, limit), _top_rows(continuation, limit)
    same = 0
    while same < limit and ours[same] == theirs[same]:
        same += 1
    return same if any(text for row in ours[:same] for *_, text in row) else 0


def _top_rows(table: Table, k: int) -> list[list[tuple[int, int, int, int, str]]]:
    """The cells of the top `k` rows, row by row; a table's cells come in row order, so only
    those rows are read."""
    rows: list[list[tuple[int, int, int, int, str]]] = [[] for _ in range(k)]
    for cell in takewhile(lambda c: c.row < k, table.cells):
        rows[cell.row].append((cell.row, cell.col, cell.row_span, cell.col_span, cell.text))
    return [sorted(row) for row in rows]


def _grid_order(cell: Cell) -> tuple[int, int]:
    return cell.row, cell.col


def _append(table: Table, part: Table) -> None:
    """Appends a continuation below `table`: repeated headers dropped, spans and split rows joined."""
    repeated = _repeated_header_rows(table, part)
    for cell in takewhile(lambda c: c.row < repeated, table.cells):
        cell.is_header = True
    last = table.n_rows - 1
    above = {c: cell for cell in table.cells if cell.row_end == last for c in range(cell.col, cell.col_end + 1)}
    first = sorted((c for c in part.cells if c.row == repeated), key=lambda c: c.col)

    def matches(cell: Cell) -> Cell | None:
        over = above.get(cell.col)
        if over is not None and over.col == cell.col and over.col_span == cell.col_span:
            return over
        return None

    # A merged cell running over the break is printed again blank (or with its label repeated).
    # Merged cells nest from the left: once the row prints a merged cell anew (a record's key,
    # merged over the record's rows here or above the break), the blanks right of it are the
    # new record's own empty cells, not spans carried over from the page before. A one-row
    # cell printed anew (予定 → 実績) leaves the record open.
    span_continued: dict[int, Cell] = {}
    for cell in first:
        over = matches(cell)
        spanning = over is not None and (over.row_span > 1 or cell.row_span > 1)
        if over is not None and (cell.text == "" or (spanning and cell.text == over.text)):
            if spanning:
                span_continued[id(cell)] = over
            continue
        key_above = above.get(cell.col)
        if cell.row_span > 1 or (key_above is not None and key_above.row_span > 1):
            break
    rest = [cell for cell in first if id(cell) not in span_continued]
    # A row cut by the break keeps its fill on both halves: a shaded header row above a plain
    # row of values is two rows, even where a label merged over both left the first cell blank.
    split_row = (
        bool(rest)
        and rest[0].text == ""
        and any(cell.text for cell in rest)
        and all(
            cell.row_span == 1 and (over := matches(cell)) is not None and over.is_header == cell.is_header
            for cell in rest
        )
    )
    if not split_row:
        # A merged label cut by the break leaves no span to see, only its fill: a blank shaded
        # cell under a shaded label, at the start of a new row, is the label's remainder.
        for cell in first:
            if id(cell) in span_continued:
                continue
            over = matches(cell)
            if cell.text or not cell.is_header or over is None or not (over.is_header and over.text):
                break
            span_continued[id(cell)] = over
    shift = table.n_rows - repeated - (1 if split_row else 0)
    below: list[Cell] = []
    for cell in part.cells:
        if cell.row < repeated:
            continue
        if id(cell) in span_continued:
            over = span_continued[id(cell)]
            over.row_span += cell.row_span - (1 if split_row else 0)
            over.more_evidence.append(cell.evidence)
            continue
        if split_row and cell.row == repeated:
            over = matches(cell)
            assert over is not None  # guaranteed by split_row
            over.pieces = (replace(over, more_evidence=list(over.more_evidence)), cell)
            over.lines = over.lines + cell.lines
            over.text = join_lines([over.text, cell.text], "wrap")
            over.value_text = "\n".join(line for line in (over.value_text, cell.value_text) if line)
            over.more_evidence.append(cell.evidence)
            continue
        cell.row += shift
        below.append(cell)
    # The continuation's rows all lie below the table's, and a table that took a part before is
    # in (row, col) order already: only the first join sorts the whole table.
    above_break = table.cells if len(table.pages) > 1 else sorted(table.cells, key=_grid_order)
    table.cells = (*above_break, *sorted(below, key=_grid_order))
    table.n_rows = part.n_rows + shift
    table.pages.append(part.pages[0])
    table.bboxes.update(part.bboxes)
    table.problems.extend(part.problems)
