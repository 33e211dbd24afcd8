"""Workbook -> model: merged blocks as spanning cells, formulas with their cached values.

Each sheet part is streamed once (openpyxl's sheet parser, as its read-only mode uses it):
only the cells the sheet stores are read, however large its stated dimensions, and a formula
cell yields both its formula and the value the office suite cached when it saved; a formula
without a cached value is reported, never read as 0. A cell the parser cannot read (a shared
string that does not exist, a number out of range) keeps the text it was stored as and is
counted in one sentence on the document; the rest of the workbook is read.
Tables are the blocks of a sheet separated by blank bands (rows or columns with no value,
merge or border). Inside a block, the logical grid has a column wherever some cell or merged
block starts, so a 方眼紙 block of many narrow columns becomes one cell with its span.
"""

from __future__ import annotations

import gc
import html
import math
import posixpath
import re
import zipfile
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import InvalidOperation
from io import BytesIO
from pathlib import Path
from typing import Any

from defusedxml.ElementTree import fromstring
from openpyxl import load_workbook
from openpyxl.cell.read_only import ReadOnlyCell
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import VALUE_TAG, WorkSheetParser
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula
from openpyxl.worksheet.header_footer import HeaderFooter

from hyoka.extractors.errors import ExtractionError
from hyoka.extractors.model import Cell, Document, Evidence, Sheet, Table
from hyoka.extractors.numfmt import format_value
from hyoka.normalizers.text import join_lines

Box = tuple[int, int, int, int]  # min_row, min_col, max_row, max_col (1-based, inclusive)

# A block whose logical grid has more slots than this is not built: every slot becomes a cell
# of the model (about a kilobyte each), so a few cells scattered over a huge range would
# otherwise fill memory with empty ones. 500,000 slots is a 1,000 × 500 table.
MAX_TABLE_SLOTS = 500_000
# How many cells a sentence on the document names before it only counts them.
_NAMED_PLACES = 3


@dataclass
class _StoredCell:
    """One <c> element of a sheet part, as the parser read it."""

    value: Any  # the formula text for a formula cell
    style_id: int
    cached: Any = None  # a formula cell's cached value
    is_formula: bool = False
    unreadable: str | None = None  # why the stored text could not be read as the workbook says


@dataclass
class _SheetPart:
    """What one pass over a sheet part yields."""

    cells: dict[tuple[int, int], _StoredCell]
    merges: list[Box]
    hidden_rows: list[int]
    hidden_cols: list[int]
    header_footer: HeaderFooter


@dataclass(frozen=True)
class _Style:
    number_format: str
    bold: bool
    shaded: bool
    bordered: bool


class _TolerantParser(WorkSheetParser):
    """openpyxl's sheet parser, reading a formula's cached value in the same pass, and keeping
    a cell it cannot read as the text it was stored as."""

    def parse_cell(self, element: Any) -> dict[str, Any]:
        counter = self.col_counter
        try:
            self.data_only = False
            cell = super().parse_cell(element)
            if cell["data_type"] == "f":
                self.col_counter, self.data_only = counter, True
                cell["cached"] = super().parse_cell(element)["value"]
        except (IndexError, ValueError, OverflowError, TypeError) as error:
            self.col_counter = counter
            cell = self._stored_as_text(element, _unreadable_reason(element, error))
        for key in ("value", "cached"):
            number = cell.get(key)
            if isinstance(number, float) and not math.isfinite(number):
                cell = self._stored_as_text(element, "a number beyond the range of numbers")
        return cell

    def _stored_as_text(self, element: Any, reason: str) -> dict[str, Any]:
        try:
            row, column = coordinate_to_tuple(element.get("r"))
        except (TypeError, ValueError, AttributeError):  # no coordinate, or one that is not A1 style
            row, column = self.row_counter, self.col_counter + 1
        self.col_counter = column
        style_id = element.get("s", 0)
        return {
            "row": row,
            "column": column,
            "value": element.findtext(VALUE_TAG, None),
            "data_type": "unreadable",
            "style_id": int(style_id) if str(style_id).isdigit() else 0,
            "unreadable": reason,
        }


def _unreadable_reason(element: Any, error: Exception) -> str:
    if element.get("t") == "s" and isinstance(error, IndexError):
        return "a shared string that the workbook does not have"
    return f"a value its type ({element.get('t', 'n')}) does not allow"


def read_xlsx(path: Path) -> Document:
    """Reads every sheet of a workbook into the format-neutral model."""
    # The model is many small objects without reference cycles: collecting cycles while they
    # are made costs a third of the reading time of a large sheet and frees nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _read_workbook(path)
    finally:
        if collecting:
            gc.enable()


def _read_workbook(path: Path) -> Document:
    data = path.read_bytes()
    try:
        # From bytes, because openpyxl refuses a file whose name does not end in .xlsx.
        workbook = load_workbook(BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise ExtractionError(
            f"{path.name} could not be read as an .xlsx workbook ({type(error).__name__}: {error}); "
            "open it in an office suite and save it again as .xlsx."
        ) from error
    document = Document(path=path, format="xlsx")
    printed = _raw_headers_footers(data)
    unreadable: list[str] = []
    try:
        for ws in workbook.worksheets:
            part = _parse_sheet(ws)
            unreadable += [
                f"{ws.title}!{get_column_letter(c)}{r} ({stored.unreadable})"
                for (r, c), stored in sorted(part.cells.items())
                if stored.unreadable
            ]
            model = _read_sheet(ws, part, document.problems)
            model.print_header_text, model.print_footer_text = _header_footer_text(
                part.header_footer, ws.title, printed.get(ws.title, {})
            )
            document.sheets.append(model)
    finally:
        workbook.close()
    uncached = [c.ref for table in document.tables() for c in table.cells if c.uncalculated]
    if uncached:
        document.problems.append(
            f"{len(uncached)} formula cell(s) have no cached value (the workbook was saved without calculating "
            f"them), so their values are unknown: {_named(uncached)}."
        )
    if unreadable:
        document.problems.append(
            f"{len(unreadable)} workbook cell(s) could not be read as stored and keep their raw text: "
            f"{_named(unreadable)}."
        )
    return document


def _named(places: list[Any]) -> str:
    """The first few places of a list, then an ellipsis."""
    return ", ".join(map(str, places[:_NAMED_PLACES])) + (", …" if len(places) > _NAMED_PLACES else "")


def _parse_sheet(ws: ReadOnlyWorksheet) -> _SheetPart:
    """Streams one sheet part: its stored cells, merged ranges, hidden rows and columns."""
    workbook = ws.parent
    cells: dict[tuple[int, int], _StoredCell] = {}
    with ws._get_source() as source:  # the sheet part, as openpyxl's read-only rows read it
        parser = _TolerantParser(
            source,
            ws._shared_strings,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        for _, row in parser.parse():
            for parsed in row:
                cells[(parsed["row"], parsed["column"])] = _StoredCell(
                    value=parsed["value"],
                    style_id=parsed["style_id"] or 0,
                    cached=parsed.get("cached"),
                    is_formula=parsed["data_type"] == "f",
                    unreadable=parsed.get("unreadable"),
                )
    merges: list[Box] = []
    if parser.merged_cells is not None:
        for merged in parser.merged_cells.mergeCell:
            min_col, min_row, max_col, max_row = range_boundaries(merged.ref)
            merges.append((min_row, min_col, max_row, max_col))
    hidden_rows = sorted(int(r) for r, attrs in parser.row_dimensions.items() if _is_true(attrs.get("hidden")))
    hidden_cols: set[int] = set()
    for attrs in parser.column_dimensions.values():
        if _is_true(attrs.get("hidden")) and attrs.get("min"):
            low = int(attrs["min"])
            hidden_cols.update(range(low, int(attrs.get("max") or low) + 1))
    header_footer = getattr(parser, "HeaderFooter", None) or HeaderFooter()
    return _SheetPart(cells, merges, hidden_rows, sorted(hidden_cols), header_footer)


def _is_true(flag: object) -> bool:
    return str(flag).lower() in ("1", "true")


def _read_sheet(ws: ReadOnlyWorksheet, part: _SheetPart, problems: list[str]) -> Sheet:
    sheet = Sheet(
        name=ws.title,
        hidden=ws.sheet_state != "visible",
        hidden_rows=part.hidden_rows,
        hidden_cols=[get_column_letter(c) for c in part.hidden_cols],
        dimensions=_dimensions(part),
    )
    styles = _Styles(ws)
    items: list[Box] = list(part.merges)
    for (r, c), stored in part.cells.items():
        if (stored.value is not None and stored.value != "") or styles.of(stored.style_id).bordered:
            items.append((r, c, r, c))
    for box, members in _blocks(items):
        slots = _logical_slots(box, members)
        if slots > MAX_TABLE_SLOTS:
            problems.append(
                f"The block {ws.title}!{_ref(*box)} would be a table of {slots:,} cells, more than the "
                f"{MAX_TABLE_SLOTS:,} hyoka reads as one table; its cells were not read."
            )
            continue
        table = _table(ws.title, part, styles, box, members)
        if table.cells and any(c.text for c in table.cells):
            sheet.tables.append(table)
    return sheet


def _dimensions(part: _SheetPart) -> str | None:
    """The range the sheet uses: its stored cells and merged ranges."""
    boxes = [(r, c, r, c) for r, c in part.cells] + part.merges
    if not boxes:
        return None
    return _ref(min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


class _Styles:
    """The few style facts the reader uses, resolved once per cell style of the workbook."""

    def __init__(self, ws: ReadOnlyWorksheet) -> None:
        self._ws = ws
        self._resolved: dict[int, _Style] = {}

    def of(self, style_id: int) -> _Style:
        style = self._resolved.get(style_id)
        if style is None:
            style = self._resolved[style_id] = self._resolve(style_id)
        return style

    def _resolve(self, style_id: int) -> _Style:
        try:
            source = ReadOnlyCell(self._ws, 1, 1, None, "n", style_id)
            number_format, font, fill, border = source.number_format, source.font, source.fill, source.border
        except IndexError:  # a style the workbook does not define: the default style
            return _Style("General", False, False, False)
        shaded = (
            fill is not None and fill.fill_type == "solid" and _colour(fill.fgColor) not in ("FFFFFFFF", "00000000")
        )
        bordered = any(
            side is not None and side.style for side in (border.left, border.right, border.top, border.bottom)
        )
        return _Style(number_format or "General", bool(font is not None and font.b), shaded, bordered)


def _blocks(items: list[Box]) -> list[tuple[Box, list[Box]]]:
    """Cuts the occupied ranges (cells and merged ranges) into blocks at fully blank rows, then
    columns, and again inside each part: each block's box with the ranges in it."""
    return sorted(_cut(items), key=lambda block: block[0])


def _runs(items: list[Box], low: int, high: int) -> list[list[Box]]:
    """The items grouped by runs of touching or overlapping [low, high] intervals."""
    groups: list[list[Box]] = []
    reach = -1
    for item in sorted(items, key=lambda b: b[low]):
        if groups and item[low] <= reach + 1:
            groups[-1].append(item)
            reach = max(reach, item[high])
        else:
            groups.append([item])
            reach = item[high]
    return groups


def _cut(items: list[Box]) -> list[tuple[Box, list[Box]]]:
    """Blocks in order of discovery; a worklist, not recursion, because a spiral of ranges
    nests one level per range."""
    blocks: list[tuple[Box, list[Box]]] = []
    pending = [items] if items else []
    while pending:
        group = pending.pop()
        by_rows = _runs(group, 0, 2)
        if len(by_rows) > 1:
            pending.extend(by_rows)
            continue
        by_cols = _runs(group, 1, 3)
        if len(by_cols) > 1:
            pending.extend(by_cols)
            continue
        box = (min(b[0] for b in group), min(b[1] for b in group), max(b[2] for b in group), max(b[3] for b in group))
        blocks.append((box, group))
    return blocks


def _anchors(members: list[Box]) -> dict[tuple[int, int], Box]:
    """(row, col) -> range of every logical cell of a block: its merged ranges, and its stored
    cells that no merged range covers. Cells are matched to merges by bisection, never by
    walking a merged range's area (one range may cover the whole sheet)."""
    merges = [b for b in members if b[0:2] != b[2:4]]
    singles = sorted((b[0], b[1]) for b in members if b[0:2] == b[2:4])
    anchors: dict[tuple[int, int], Box] = {(b[0], b[1]): b for b in merges}
    by_row: dict[int, list[int]] = {}
    for r, c in singles:
        by_row.setdefault(r, []).append(c)
    rows = sorted(by_row)
    covered: set[tuple[int, int]] = set()
    for r0, c0, r1, c1 in merges:
        for r in rows[bisect_left(rows, r0) : bisect_right(rows, r1)]:
            cols = by_row[r]
            covered.update((r, c) for c in cols[bisect_left(cols, c0) : bisect_right(cols, c1)])
    for r, c in singles:
        if (r, c) not in covered and (r, c) not in anchors:
            anchors[(r, c)] = (r, c, r, c)
    return anchors


def _logical_slots(box: Box, members: Iterable[Box]) -> int:
    """How many grid slots the block's table would have (one row per distinct start row, one
    column per distinct start column)."""
    starts = list(members)
    return len({box[0]} | {b[0] for b in starts}) * len({box[1]} | {b[1] for b in starts})


def _span(starts: list[int], low: int, high: int) -> int:
    return bisect_right(starts, high) - bisect_left(starts, low)


def _table(sheet_name: str, part: _SheetPart, styles: _Styles, box: Box, members: list[Box]) -> Table:
    min_row, min_col, max_row, max_col = box
    anchors = _anchors(members)
    # A logical row or column starts wherever some cell or merged block starts.
    row_starts = sorted({min_row} | {r for r, _ in anchors})
    col_starts = sorted({min_col} | {c for _, c in anchors})
    row_index = {r: i for i, r in enumerate(row_starts)}
    col_index = {c: i for i, c in enumerate(col_starts)}
    n_rows, n_cols = len(row_starts), len(col_starts)
    cells: list[Cell] = []
    looks: dict[int, _Style] = {}  # id(cell) -> its style, for telling header cells from data
    taken = bytearray(n_rows * n_cols)  # 1 where a cell covers the logical slot
    for (r, c), (_, _, r_end, c_end) in sorted(anchors.items()):
        stored = part.cells.get((r, c))
        place = (row_index[r], col_index[c], _span(row_starts, r, r_end), _span(col_starts, c, c_end))
        evidence = Evidence(sheet=sheet_name, cell=_ref(r, c, r_end, c_end))
        style = styles.of(stored.style_id if stored is not None else 0)
        cell = _cell(stored, style, place, evidence)
        cell.hidden = _span(part.hidden_rows, r, r_end) > 0 or _span(part.hidden_cols, c, c_end) > 0
        cells.append(cell)
        looks[id(cell)] = style
        row, col, row_span, col_span = place
        for i in range(row, row + row_span):
            taken[i * n_cols + col : i * n_cols + col + col_span] = b"\x01" * col_span
    for slot in (i for i, covered in enumerate(taken) if not covered):
        i, j = divmod(slot, n_cols)
        cells.append(
            Cell(
                row=i,
                col=j,
                evidence=Evidence(
                    sheet=sheet_name, cell=_ref(row_starts[i], col_starts[j], row_starts[i], col_starts[j])
                ),
            )
        )
    _mark_headers(cells, looks, n_cols)
    cells.sort(key=lambda cell: (cell.row, cell.col))
    return Table(
        table_id=f"{sheet_name}!{_ref(min_row, min_col, max_row, max_col)}",
        cells=cells,
        n_rows=n_rows,
        n_cols=n_cols,
        sheet=sheet_name,
        ref=_ref(min_row, min_col, max_row, max_col),
    )


def _mark_headers(cells: list[Cell], looks: dict[int, _Style], n_cols: int) -> None:
    """Settles which cells of a table are header cells, from how the table sets its labels apart.

    A header cell labels others; a figure (a number, a date) never does, even in a shaded 合計 row
    or 決算 column. Where a table fills its header cells, bold without a fill marks data (an
    indicator's name, a grade) unless the cell is a heading: in a row whose every text is such a
    bold cell, or across the table's whole width; where no header cell is filled, bold is how the
    table marks them.
    A blank filled cell is part of the header band (a corner) only in a row that holds no data.
    """
    filled = any(cell.is_header and looks[id(cell)].shaded for cell in cells)
    if filled:
        bold_only = [cell for cell in cells if cell.is_header and not looks[id(cell)].shaded]
        texts_per_row = Counter(cell.row for cell in cells if cell.text)
        headings_per_row = Counter(cell.row for cell in bold_only)
        for cell in bold_only:
            heading_row = headings_per_row[cell.row] == texts_per_row[cell.row]
            cell.is_header = heading_row or (cell.col == 0 and cell.col_span == n_cols)
    data_rows = {cell.row for cell in cells if cell.text and not cell.is_header}
    for cell in cells:
        if not cell.text and id(cell) in looks and looks[id(cell)].shaded:
            cell.is_header = cell.row not in data_rows


def _ref(r: int, c: int, r_end: int, c_end: int) -> str:
    start = f"{get_column_letter(c)}{r}"
    return start if (r, c) == (r_end, c_end) else f"{start}:{get_column_letter(c_end)}{r_end}"


def _cell(stored: _StoredCell | None, style: _Style, place: tuple[int, int, int, int], evidence: Evidence) -> Cell:
    """The model cell at logical `place` (row, col, row_span, col_span) of a stored cell."""
    raw = stored.value if stored is not None else None
    formula = _formula_text(raw) if stored is not None and stored.is_formula else None
    value = stored.cached if stored is not None and formula is not None else raw
    problems: list[str] = []
    if stored is not None and stored.unreadable:
        problems.append(f"the stored value {raw!r} is {stored.unreadable}; kept as stored")
        value_text = "" if raw is None else str(raw)
    else:
        try:
            value_text = format_value(value, style.number_format)
        except (InvalidOperation, ValueError, OverflowError) as error:
            problems.append(f"the number format {style.number_format!r} could not be applied ({error!r})")
            value_text = str(value)
    if formula is not None and value is None:
        problems.append(
            f"formula {formula} in {evidence.cell} has no cached value "
            "(the workbook was saved without calculating it); its value is unknown, not 0"
        )
    lines = [line for line in value_text.splitlines() if line.strip()]
    row, col, row_span, col_span = place
    return Cell(
        row=row,
        col=col,
        row_span=row_span,
        col_span=col_span,
        text=join_lines(lines, "wrap"),
        value_text=value_text,
        # A label: text set apart by a fill or bold (`_mark_headers` settles it within the table).
        is_header=isinstance(value, str) and bool(value.strip()) and (style.shaded or style.bold),
        evidence=evidence,
        lines=lines,
        formula=formula,
        value=value,
        number_format=style.number_format,
        problems=problems,
    )


def _formula_text(raw: Any) -> str | None:
    if isinstance(raw, ArrayFormula):
        return raw.text
    if isinstance(raw, DataTableFormula):
        return "{=TABLE(...)}"
    if isinstance(raw, str) and raw.startswith("=") and len(raw) > 1:
        return raw
    return None


def _colour(color: Any) -> str:
    rgb = getattr(color, "rgb", None)
    return rgb if isinstance(rgb, str) else ""


# --- print header and footer ---------------------------------------------------------------------

# The header/footer elements of a sheet part; their content is text only (no child elements).
_HEADER_FOOTER_ELEMENT = re.compile(rb"<(?:\w+:)?((?:odd|even|first)(?:Header|Footer))>(.*?)</(?:\w+:)?\1>", re.DOTALL)
# One code of the header/footer mini-language: && is a literal &, &L/&C/&R start a section,
# &A is the sheet's name; fonts, colours, sizes, style toggles and the page number, page
# count, date, time, path, file name and picture fields print nothing of the document's own.
_HEADER_CODE = re.compile(
    r"""&(?: (&) | ([LCR]) | (A)
        | "[^"]*"? | K(?:[0-9A-Fa-f]{6}|\d\d[+-]\d{3}) | \d{1,3}[ ]? | P(?:[+-]\d+)? | .? )""",
    re.DOTALL | re.VERBOSE,
)


def _raw_headers_footers(data: bytes) -> dict[str, dict[str, str]]:
    """sheet name -> {"oddHeader": the raw mini-language string, ...}, read from the sheet parts.

    openpyxl's own parsing of these strings drops text between two font codes, so they are
    read as stored."""
    found: dict[str, dict[str, str]] = {}
    with zipfile.ZipFile(BytesIO(data)) as archive:
        names = set(archive.namelist())
        if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
            return found
        targets = {
            rel.get("Id"): rel.get("Target", "")
            for rel in fromstring(archive.read("xl/_rels/workbook.xml.rels"))
            if rel.tag.endswith("Relationship")
        }
        for element in fromstring(archive.read("xl/workbook.xml")).iter():
            if not element.tag.endswith("}sheet"):
                continue
            rel_id = next((v for k, v in element.attrib.items() if k.endswith("}id")), None)
            target = targets.get(rel_id, "")
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            if not target or part not in names:
                continue
            xml = archive.read(part)
            found[element.get("name", "")] = {
                kind.decode(): html.unescape(text.decode("utf-8", errors="replace"))
                for kind, text in _HEADER_FOOTER_ELEMENT.findall(xml)
            }
    return found


def _header_footer_text(settings: HeaderFooter, sheet_name: str, raw: dict[str, str]) -> tuple[list[str], list[str]]:
    """The texts the sheet prints in its page headers and in its footers; a first-page or
    even-page variant counts only where the sheet says it is used."""
    variants = ["odd"]
    if settings.differentFirst:
        variants.append("first")
    if settings.differentOddEven:
        variants.append("even")
    printed: tuple[list[str], list[str]] = ([], [])
    for out, place in zip(printed, ("Header", "Footer"), strict=True):
        for variant in variants:
            for text in _header_sections(raw.get(f"{variant}{place}", ""), sheet_name):
                if text not in out:
                    out.append(text)
    return printed


def _header_sections(raw: str, sheet_name: str) -> list[str]:
    """The printed text of each left/centre/right section of one header or footer string,
    in that order; a section left with no letter or digit (the "/" of "&P / &N") is dropped."""
    sections: dict[str, list[str]] = {"L": [], "C": [], "R": []}
    current = "C"  # text before any section code is centred
    position = 0
    for match in _HEADER_CODE.finditer(raw):
        sections[current].append(raw[position : match.start()])
        position = match.end()
        ampersand, section, sheet = match.groups()
        if section:
            current = section
        elif ampersand:
            sections[current].append("&")
        elif sheet:
            sections[current].append(sheet_name)
    sections[current].append(raw[position:])
    texts = (" ".join("".join(pieces).split()) for pieces in sections.values())
    return [text for text in texts if any(char.isalnum() for char in text)]
