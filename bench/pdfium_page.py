"""A PDFium prototype of the format layer's page input, compared with pdfplumber's cell for cell.

`PdfiumPage` offers what `hyoka.extractors.pdf._read_page` reads from a pdfplumber page (chars with
font size and box, rects, lines and curves from path objects, their painting order), built
by PDFium (pypdfium2, installed as pdfplumber's dependency) instead of pdfminer. hyoka reads
with pdfplumber; PDFium would replace it only if every table cell and text block came out
identical. Run as `python -m bench.pdfium_page PDF...`: prints JSON per file (pages, cells
that differ, the first differences, CPU seconds of both page readers) and a total.
"""

from __future__ import annotations

import ctypes
import json
import math
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pypdfium2
import pypdfium2.raw as pdfium_c

# pdfplumber's `_drawing_order` keys on the layout objects' class names.
LTChar = type("LTChar", (), {})
LTRect = type("LTRect", (), {})
LTLine = type("LTLine", (), {})
LTCurve = type("LTCurve", (), {})
_MARKERS = {"char": LTChar, "rect": LTRect, "line": LTLine, "curve": LTCurve}
_SHOWN = 3  # differences listed per file
# PDFium reports a hyphen that ends a line as U+0002; the page prints "-".
_HYPHEN_MARK = {0x02: "-"}


def _address(handle: Any) -> int:
    return ctypes.cast(handle, ctypes.c_void_p).value or 0


def _matrix(handle: Any) -> tuple[float, float, float, float, float, float]:
    m = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFPageObj_GetMatrix(handle, m)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _times(first: tuple[float, ...], second: tuple[float, ...]) -> tuple[float, float, float, float, float, float]:
    """`first` applied, then `second` (PDF row-vector convention)."""
    a, b, c, d, e, f = first
    a2, b2, c2, d2, e2, f2 = second
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _color(handle: Any, getter: Any) -> tuple[float, float, float] | None:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not getter(handle, r, g, b, a):
        return None
    return (r.value / 255, g.value / 255, b.value / 255)


@dataclass
class PdfiumPage:
    """One page as `_read_page` sees it: page_number, width, height, rotation, chars, rects, lines, curves,
    objects (per kind) and layout (one marker per object, in painting order)."""

    page_number: int
    width: float
    height: float
    rotation: int
    chars: list[dict[str, Any]] = field(default_factory=list)
    rects: list[dict[str, Any]] = field(default_factory=list)
    lines: list[dict[str, Any]] = field(default_factory=list)
    curves: list[dict[str, Any]] = field(default_factory=list)
    layout: list[Any] = field(default_factory=list)

    @property
    def objects(self) -> dict[str, list[dict[str, Any]]]:
        return {"char": self.chars, "rect": self.rects, "line": self.lines, "curve": self.curves}


def read_page(document: pypdfium2.PdfDocument, index: int) -> PdfiumPage:
    page = document[index]
    width, height = page.get_size()
    result = PdfiumPage(index + 1, float(width), float(height), int(page.get_rotation()))
    position: dict[int, int] = {}
    drawn: list[tuple[int, int, str, dict[str, Any]]] = []
    for order, (handle, matrix) in enumerate(_objects(page.raw)):
        position[_address(handle)] = order
        if pdfium_c.FPDFPageObj_GetType(handle) == pdfium_c.FPDF_PAGEOBJ_PATH:
            for sub, (kind, obj) in enumerate(_path_shapes(handle, matrix, float(height))):
                drawn.append((order, sub, kind, obj))
    text = page.get_textpage()
    for char_index in range(text.count_chars()):
        if pdfium_c.FPDFText_IsGenerated(text.raw, char_index):
            continue
        loose = pdfium_c.FS_RECTF()  # the advance by the font's ascent and descent, as pdfminer boxes a char
        if not pdfium_c.FPDFText_GetLooseCharBox(text.raw, char_index, loose):
            continue
        owner = position.get(_address(pdfium_c.FPDFText_GetTextObject(text.raw, char_index)), -1)
        code = pdfium_c.FPDFText_GetUnicode(text.raw, char_index)
        char = {
            "text": _HYPHEN_MARK.get(code, chr(code)),
            "x0": loose.left,
            "x1": loose.right,
            "top": height - loose.top,
            "bottom": height - loose.bottom,
            "size": pdfium_c.FPDFText_GetFontSize(text.raw, char_index),
            "upright": abs(math.sin(pdfium_c.FPDFText_GetCharAngle(text.raw, char_index))) < 1e-3,
        }
        drawn.append((owner, char_index, "char", char))
    drawn.sort(key=lambda item: (item[0], item[1]))
    for _, _, kind, obj in drawn:
        result.objects[kind].append(obj)
        result.layout.append(_MARKERS[kind]())
    text.close()
    page.close()
    return result


def _objects(page: Any) -> Iterator[tuple[Any, tuple[float, ...]]]:
    """Every page object in painting order, forms opened, each with its matrix to page space."""
    identity = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    pending = [(page, identity, False, 0)]
    while pending:
        container, outer, is_form, start = pending.pop()
        count = pdfium_c.FPDFFormObj_CountObjects(container) if is_form else pdfium_c.FPDFPage_CountObjects(container)
        for i in range(start, count):
            handle = (
                pdfium_c.FPDFFormObj_GetObject(container, i) if is_form else pdfium_c.FPDFPage_GetObject(container, i)
            )
            matrix = _times(_matrix(handle), outer)
            if pdfium_c.FPDFPageObj_GetType(handle) == pdfium_c.FPDF_PAGEOBJ_FORM:
                pending.append((container, outer, is_form, i + 1))
                pending.append((handle, matrix, True, 0))
                break
            yield handle, matrix


def _path_shapes(handle: Any, matrix: tuple[float, ...], height: float) -> list[tuple[str, dict[str, Any]]]:
    """pdfminer's reading of a path: one shape per subpath; four axis-aligned sides a rect, two points a line."""
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    pdfium_c.FPDFPath_GetDrawMode(handle, fill_mode, stroke)
    fill_color = _color(handle, pdfium_c.FPDFPageObj_GetFillColor)
    a, b, c, d, e, f = matrix
    subpaths: list[list[tuple[float, float]]] = []
    closed: list[bool] = []
    for s in range(pdfium_c.FPDFPath_CountSegments(handle)):
        segment = pdfium_c.FPDFPath_GetPathSegment(handle, s)
        x, y = ctypes.c_float(), ctypes.c_float()
        pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
        point = (a * x.value + c * y.value + e, height - (b * x.value + d * y.value + f))
        if pdfium_c.FPDFPathSegment_GetType(segment) == pdfium_c.FPDF_SEGMENT_MOVETO or not subpaths:
            subpaths.append([point])
            closed.append(False)
        else:
            subpaths[-1].append(point)
        if pdfium_c.FPDFPathSegment_GetClose(segment):
            closed[-1] = True
    shapes: list[tuple[str, dict[str, Any]]] = []
    for points, is_closed in zip(subpaths, closed, strict=True):
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        box = {"x0": min(xs), "x1": max(xs), "top": min(ys), "bottom": max(ys)}
        style = {"stroke": bool(stroke.value), "fill": fill_mode.value != 0, "non_stroking_color": fill_color}
        if len(points) == 2:
            shapes.append(("line", {**box, **style}))
        elif _is_rect(points, is_closed):
            shapes.append(("rect", {**box, **style}))
        else:
            shapes.append(("curve", {**box, **style, "pts": points}))
    return shapes


def _is_rect(points: list[tuple[float, float]], is_closed: bool) -> bool:
    corners = points[:-1] if len(points) == 5 and points[-1] == points[0] else points
    if len(corners) != 4 or not (is_closed or len(points) == 5):
        return False
    sides = zip(corners, corners[1:] + corners[:1], strict=True)
    return all(p[0] == q[0] or p[1] == q[1] for p, q in sides)


def _cells(page: Any) -> list[tuple[Any, ...]]:
    """Every table cell (grid place and text) and text block of a page, as `_read_page` reads it."""
    from hyoka.extractors.pdf import GridSettings, _read_page

    read, parts, _, _ = _read_page(page, GridSettings())
    cells = [
        (index, cell.row, cell.col, cell.row_span, cell.col_span, cell.text)
        for index, part in enumerate(parts)
        for cell in part.table.cells
    ]
    return cells + [("text", block.text) for block in read.text_blocks]


def _unspaced(cell: tuple[Any, ...]) -> tuple[Any, ...]:
    """The cell with its text's whitespace removed: PDFium drops some space glyphs pdfminer keeps."""
    return (*cell[:-1], "".join(str(cell[-1]).split()))


def compare(path: Path) -> dict[str, Any]:
    import pdfplumber

    plumber_cpu = pdfium_cpu = 0.0
    differing = beyond_spaces = total = 0
    shown: list[dict[str, Any]] = []
    document = pypdfium2.PdfDocument(str(path))
    with pdfplumber.open(path) as pdf:
        for index, plumber_page in enumerate(pdf.pages):
            started = time.process_time()
            expected = _cells(plumber_page)
            plumber_page.close()
            plumber_cpu += time.process_time() - started
            started = time.process_time()
            got = _cells(read_page(document, index))
            pdfium_cpu += time.process_time() - started
            missing, extra = sorted(set(expected) - set(got), key=str), sorted(set(got) - set(expected), key=str)
            total += len(expected)
            differing += len(missing)
            beyond_spaces += len({_unspaced(cell) for cell in expected} - {_unspaced(cell) for cell in got})
            if (missing or extra) and len(shown) < _SHOWN:
                shown.append({"page": index + 1, "pdfplumber": missing[:2], "pdfium": extra[:2]})
    pages = len(document)
    document.close()
    return {
        "file": str(path),
        "pages": pages,
        "cells_and_blocks": total,
        "differing": differing,
        "differing_beyond_spaces": beyond_spaces,
        "first_differences": shown,
        "pdfplumber_cpu_seconds": round(plumber_cpu, 3),
        "pdfium_cpu_seconds": round(pdfium_cpu, 3),
        "pdfplumber_cpu_ms_per_page": round(1000 * plumber_cpu / max(pages, 1), 1),
        "pdfium_cpu_ms_per_page": round(1000 * pdfium_cpu / max(pages, 1), 1),
    }


def summary(results: list[dict[str, Any]]) -> dict[str, Any]:
    """The comparisons of several files added up: files identical, cells differing, CPU per page of each reader."""
    pages = sum(r["pages"] for r in results)
    return {
        "files": len(results),
        "identical_files": sum(1 for r in results if r["differing"] == 0),
        "pages": pages,
        "cells_and_blocks": sum(r["cells_and_blocks"] for r in results),
        "differing": sum(r["differing"] for r in results),
        "differing_beyond_spaces": sum(r["differing_beyond_spaces"] for r in results),
        **{
            f"{reader}_cpu_ms_per_page": round(
                1000 * sum(r[f"{reader}_cpu_seconds"] for r in results) / max(1, pages), 1
            )
            for reader in ("pdfplumber", "pdfium")
        },
    }


def main(paths: list[str]) -> None:
    results = [compare(Path(p)) for p in paths]
    for result in results:
        print(json.dumps(result, ensure_ascii=False))
    print(json.dumps(summary(results)))


if __name__ == "__main__":
    main(sys.argv[1:])
