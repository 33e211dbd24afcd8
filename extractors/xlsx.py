"""Workbook -> model: merged blocks as spanning cells, formulas with their cached values.

The workbook is loaded twice, once for formulas and once for the values the office suite
cached when it saved; a formula without a cached value is reported, never read as 0.
Tables are the blocks of a sheet separated by blank bands (rows or columns with no value,
merge or border). Inside a block, the logical grid has a column wherever some cell or merged
block starts, so a 方眼紙 block of many narrow columns becomes one cell with its span.
"""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
from collections import defaultdict
from io import BytesIO
from pathlib import Path
from typing import Any

from defusedxml.ElementTree import fromstring
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula
from openpyxl.worksheet.worksheet import Worksheet

from extractors.errors import ExtractionError
from extractors.model import Cell, Document, Evidence, Sheet, Table
from extractors.numfmt import format_value
from extractors.text import join_lines

Box = tuple[int, int, int, int]  # min_row, min_col, max_row, max_col (1-based, inclusive)


def read_xlsx(path: Path) -> Document:
    """Reads every sheet of a workbook into the format-neutral model."""
    data = path.read_bytes()
    try:
        # From bytes, because openpyxl refuses a file whose name does not end in .xlsx.
        formulas = load_workbook(BytesIO(data), data_only=False)
        # Cached values only: read-only mode skips the costly binding of merged cells.
        cached = load_workbook(BytesIO(data), data_only=True, read_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise ExtractionError(
            f"{path.name} could not be read as an .xlsx workbook ({type(error).__name__}: {error}); "
            "open it in an office suite and save it again as .xlsx."
        ) from error
    document = Document(path=path, format="xlsx")
    printed = _raw_headers_footers(data)
    for sheet in formulas.worksheets:
        model = _read_sheet(sheet, _cached_values(cached[sheet.title]))
        model.print_header_text, model.print_footer_text = _header_footer_text(sheet, printed.get(sheet.title, {}))
        document.sheets.append(model)
    cached.close()
    return document


def _cached_values(ws: Any) -> dict[tuple[int, int], Any]:
    """(row, col) -> the value the office suite cached, for every non-empty cell."""
    values: dict[tuple[int, int], Any] = {}
    for r, row in enumerate(ws.iter_rows(min_row=1, min_col=1, values_only=True), start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                values[(r, c)] = value
    return values


def _read_sheet(ws: Worksheet, cached: dict[tuple[int, int], Any]) -> Sheet:
    hidden_rows = sorted(r for r, dim in ws.row_dimensions.items() if dim.hidden)
    hidden_cols: list[str] = []
    for dim in ws.column_dimensions.values():
        if dim.hidden and dim.min is not None:
            hidden_cols.extend(get_column_letter(c) for c in range(dim.min, (dim.max or dim.min) + 1))
    sheet = Sheet(
        name=ws.title,
        hidden=ws.sheet_state != "visible",
        hidden_rows=hidden_rows,
        hidden_cols=sorted(set(hidden_cols), key=lambda letter: (len(letter), letter)),
        dimensions=ws.dimensions,
    )
    merges: dict[tuple[int, int], Box] = {}
    occupied: dict[int, set[int]] = defaultdict(set)
    for merged in ws.merged_cells.ranges:
        min_col, min_row, max_col, max_row = merged.bounds
        merges[(min_row, min_col)] = (min_row, min_col, max_row, max_col)
        for r in range(min_row, max_row + 1):
            occupied[r].update(range(min_col, max_col + 1))
    values: dict[tuple[int, int], Any] = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is not None and cell.value != "":
                values[(cell.row, cell.column)] = cell.value
                occupied[cell.row].add(cell.column)
            elif _has_border(cell):
                occupied[cell.row].add(cell.column)
    hidden_row_set, hidden_col_set = set(hidden_rows), set(hidden_cols)
    for box in _blocks(occupied):
        table = _table(ws, cached, box, merges, values, hidden_row_set, hidden_col_set)
        if table.cells and any(c.text for c in table.cells):
            sheet.tables.append(table)
    return sheet


def _has_border(cell: Any) -> bool:
    border = cell.border
    return any(side is not None and side.style for side in (border.left, border.right, border.top, border.bottom))


def _blocks(occupied: dict[int, set[int]]) -> list[Box]:
    """Cuts the occupied cells into blocks at fully blank rows, then columns, recursively."""
    cells = {(r, c) for r, cols in occupied.items() for c in cols}
    return sorted(_cut(cells))


def _runs(indices: set[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for i in sorted(indices):
        if runs and i == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


def _cut(cells: set[tuple[int, int]]) -> list[Box]:
    if not cells:
        return []
    row_runs = _runs({r for r, _ in cells})
    if len(row_runs) > 1:
        return [b for lo, hi in row_runs for b in _cut({(r, c) for r, c in cells if lo <= r <= hi})]
    col_runs = _runs({c for _, c in cells})
    if len(col_runs) > 1:
        return [b for lo, hi in col_runs for b in _cut({(r, c) for r, c in cells if lo <= c <= hi})]
    rows, cols = row_runs[0], col_runs[0]
    return [(rows[0], cols[0], rows[1], cols[1])]


def _table(
    ws: Worksheet,
    cached: dict[tuple[int, int], Any],
    box: Box,
    merges: dict[tuple[int, int], Box],
    values: dict[tuple[int, int], Any],
    hidden_rows: set[int],
    hidden_cols: set[str],
) -> Table:
    min_row, min_col, max_row, max_col = box
    anchors: dict[tuple[int, int], Box] = {}
    covered: set[tuple[int, int]] = set()
    for (r, c), merged in merges.items():
        if min_row <= r <= max_row and min_col <= c <= max_col:
            anchors[(r, c)] = merged
            covered.update((rr, cc) for rr in range(r, merged[2] + 1) for cc in range(c, merged[3] + 1))
    for r, c in values:
        if min_row <= r <= max_row and min_col <= c <= max_col and (r, c) not in covered:
            anchors[(r, c)] = (r, c, r, c)
    # A logical row or column starts wherever some cell or merged block starts.
    row_starts = sorted({min_row} | {r for r, _ in anchors})
    col_starts = sorted({min_col} | {c for _, c in anchors})
    row_index = {r: i for i, r in enumerate(row_starts)}
    col_index = {c: i for i, c in enumerate(col_starts)}

    def span(starts: list[int], lo: int, hi: int) -> int:
        return sum(1 for s in starts if lo <= s <= hi)

    sheet_name = ws.title
    cells: list[Cell] = []
    taken: set[tuple[int, int]] = set()
    for (r, c), (_, _, r_end, c_end) in sorted(anchors.items()):
        cell = _cell(ws, cached, r, c, r_end, c_end, values.get((r, c)))
        cell.row, cell.col = row_index[r], col_index[c]
        cell.row_span, cell.col_span = span(row_starts, r, r_end), span(col_starts, c, c_end)
        cell.hidden = any(rr in hidden_rows for rr in range(r, r_end + 1)) or any(
            get_column_letter(cc) in hidden_cols for cc in range(c, c_end + 1)
        )
        cell.evidence = Evidence(sheet=sheet_name, cell=_ref(r, c, r_end, c_end))
        cells.append(cell)
        taken.update((i, j) for i in range(cell.row, cell.row_end + 1) for j in range(cell.col, cell.col_end + 1))
    for i, r in enumerate(row_starts):
        for j, c in enumerate(col_starts):
            if (i, j) not in taken:
                cells.append(Cell(row=i, col=j, evidence=Evidence(sheet=sheet_name, cell=_ref(r, c, r, c))))
    cells.sort(key=lambda cell: (cell.row, cell.col))
    return Table(
        table_id=f"{sheet_name}!{_ref(min_row, min_col, max_row, max_col)}",
        cells=cells,
        n_rows=len(row_starts),
        n_cols=len(col_starts),
        sheet=sheet_name,
        ref=_ref(min_row, min_col, max_row, max_col),
    )


def _ref(r: int, c: int, r_end: int, c_end: int) -> str:
    start = f"{get_column_letter(c)}{r}"
    return start if (r, c) == (r_end, c_end) else f"{start}:{get_column_letter(c_end)}{r_end}"


def _cell(ws: Worksheet, cached: dict[tuple[int, int], Any], r: int, c: int, r_end: int, c_end: int, raw: Any) -> Cell:
    source = ws.cell(row=r, column=c)
    number_format = source.number_format
    cell = Cell(row=0, col=0, number_format=number_format)
    formula = _formula_text(raw)
    if formula is not None:
        cell.formula = formula
        value = cached.get((r, c))
        if value is None:
            cell.problems.append(
                f"formula {formula} in {_ref(r, c, r_end, c_end)} has no cached value "
                "(the workbook was saved without calculating it); its value is unknown, not 0"
            )
    else:
        value = raw
    cell.value = value
    cell.value_text = format_value(value, number_format)
    cell.lines = [line for line in cell.value_text.splitlines() if line.strip()]
    cell.text = join_lines(cell.lines)
    cell.is_header = _looks_like_header(source, value)
    return cell


def _formula_text(raw: Any) -> str | None:
    if isinstance(raw, ArrayFormula):
        return raw.text
    if isinstance(raw, DataTableFormula):
        return "{=TABLE(...)}"
    if isinstance(raw, str) and raw.startswith("=") and len(raw) > 1:
        return raw
    return None


def _looks_like_header(source: Any, value: Any) -> bool:
    """Shaded cells, and bold text, are how a sheet marks its headings and labels."""
    fill = source.fill
    shaded = fill is not None and fill.fill_type == "solid" and _colour(fill.fgColor) not in ("FFFFFFFF", "00000000")
    bold = bool(source.font is not None and source.font.b) and isinstance(value, str)
    return shaded or bold


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


def _header_footer_text(ws: Worksheet, raw: dict[str, str]) -> tuple[list[str], list[str]]:
    """The texts the sheet prints in its page headers and in its footers; a first-page or
    even-page variant counts only where the sheet says it is used."""
    settings = ws.HeaderFooter
    variants = ["odd"]
    if settings.differentFirst:
        variants.append("first")
    if settings.differentOddEven:
        variants.append("even")
    printed: tuple[list[str], list[str]] = ([], [])
    for out, place in zip(printed, ("Header", "Footer"), strict=True):
        for variant in variants:
            for text in _header_sections(raw.get(f"{variant}{place}", ""), ws.title):
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
