"""A PDF page read by PDFium (pypdfium2) into what the format layer reads from a pdfplumber page.

`read_page` offers what `hyoka.extractors.pdf._read_page` reads from a pdfplumber page: chars with
text, box, font size and uprightness; rects, lines and curves from path objects with their fill,
stroke and fill colour; and the painting order of all of them (`layout`). Char boxes are built as
pdfminer builds them (the advance by the font size, from the baseline's descent), not as PDFium's
glyph or loose boxes, so lines and cells fall where pdfplumber's would.

PDFium gives chars only through its text page, which is a text extraction, not the list of glyphs
drawn: it skips a text object that prints no ink (a space set on its own), collapses consecutive
spaces, drops a glyph drawn twice at one place and a text object drawn twice, drops spaces before a
line-end hyphen (and marks the hyphen U+0002), splits ligatures, substitutes marked content's
/ActualText, and for some glyphs reports its own Unicode instead of the font's ToUnicode map
(⺠ -> 民, 〜 -> ～). Those differences keep pdfplumber hyoka's default reader (bench/results.md).
The text objects it reorders along a line are put back in painting order here, and the glyphs it
adds itself (spaces, line breaks) left out: the format layer's own space logic decides.
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import pypdfium2
import pypdfium2.raw as pdfium_c

from hyoka.extractors.pdf_objects import upright_turn

Matrix = tuple[float, float, float, float, float, float]

# pdfplumber's `_drawing_order` keys on the layout objects' class names.
LTChar = type("LTChar", (), {})
LTRect = type("LTRect", (), {})
LTLine = type("LTLine", (), {})
LTCurve = type("LTCurve", (), {})
_MARKERS = {"char": LTChar, "rect": LTRect, "line": LTLine, "curve": LTCurve}
# PDFium reports a hyphen that ends a line as U+0002; the page prints "-".
_HYPHEN_MARK = {0x02: "-"}


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


class TooManyPaths(Exception):
    """A page drawing more path shapes than the caller allows; `count` is how many were found."""

    def __init__(self, count: int) -> None:
        super().__init__(f"{count:,} path shapes")
        self.count = count


def read_page(
    document: pypdfium2.PdfDocument,
    index: int,
    max_paths: int | None = None,
    descents: Mapping[str, float] | None = None,
    turn: int | None = None,
) -> PdfiumPage:
    """Page `index` (0-based) of an open document, every object in painting order; TooManyPaths once
    its rects, lines and curves pass `max_paths` (before its text is read). `descents` gives a font's
    descent per unit of size by its name without subset tag, as pdfminer reads it from the font
    descriptor: PDFium reads it from the font program where the descriptor says 0, and rounds it.
    `turn`: degrees the page is read turned clockwise beyond its /Rotate; by default, the turn that sets
    most of its text upright (`pdf_objects.page_objects` reads a page set sideways so too)."""
    page = document[index]
    sideways: list[tuple[float, float]] = []
    try:
        rotation = (int(page.get_rotation()) + (turn or 0)) % 360
        space, width, height = _page_space(page.get_mediabox(), rotation)
        result = PdfiumPage(index + 1, width, height, rotation)
        position: dict[int, int] = {}
        drawn: list[tuple[int, int, str, dict[str, Any]]] = []
        for order, (handle, matrix) in enumerate(_objects(page.raw, space)):
            position[_address(handle)] = order
            if pdfium_c.FPDFPageObj_GetType(handle) == pdfium_c.FPDF_PAGEOBJ_PATH:
                for sub, (kind, obj) in enumerate(_path_shapes(handle, matrix, float(height))):
                    drawn.append((order, sub, kind, obj))
                if max_paths is not None and len(drawn) > max_paths:
                    raise TooManyPaths(len(drawn))
        text = page.get_textpage()
        try:
            by_font: dict[int, float] = {}
            for char_index in range(text.count_chars()):
                char = _char(text.raw, char_index, space, height, by_font, descents or {}, sideways)
                if char is not None:
                    owner = position.get(_address(pdfium_c.FPDFText_GetTextObject(text.raw, char_index)), -1)
                    drawn.append((owner, char_index, "char", char))
        finally:
            text.close()
    finally:
        page.close()
    if turn is None and (upright := upright_turn(sideways, sum(kind == "char" for _, _, kind, _ in drawn))):
        return read_page(document, index, max_paths, descents, upright)
    drawn.sort(key=lambda item: (item[0], item[1]))
    for _, _, kind, obj in drawn:
        result.objects[kind].append(obj)
        result.layout.append(_MARKERS[kind]())
    return result


def reading_turn(document: pypdfium2.PdfDocument, index: int) -> int:
    """The turn beyond its /Rotate at which page `index` (0-based) is read: the one that sets most of its text
    upright (`upright_turn`), from its chars' matrices alone (a report draws the page so turned)."""
    page = document[index]
    sideways: list[tuple[float, float]] = []
    chars = 0
    try:
        space, _, _ = _page_space(page.get_mediabox(), int(page.get_rotation()) % 360)
        text = page.get_textpage()
        try:
            m = pdfium_c.FS_MATRIX()
            for char_index in range(text.count_chars()):
                if pdfium_c.FPDFText_IsGenerated(text.raw, char_index):
                    continue
                pdfium_c.FPDFText_GetMatrix(text.raw, char_index, m)
                a, b, c, d, _, _ = _times((m.a, m.b, m.c, m.d, 0.0, 0.0), space)
                chars += 1
                if not (a * d > 0 and b * c <= 0) or a < 0:
                    sideways.append((a, b))
        finally:
            text.close()
    finally:
        page.close()
    return upright_turn(sideways, chars)


def _page_space(mediabox: tuple[float, float, float, float], rotation: int) -> tuple[Matrix, float, float]:
    """pdfminer's view of a page: user space turned by the page's /Rotate, its media box's corner at the origin;
    with the page's width and height as shown."""
    x0, y0, x1, y1 = (float(v) for v in mediabox)
    turned: dict[int, Matrix] = {
        90: (0.0, -1.0, 1.0, 0.0, -y0, x1),
        180: (-1.0, 0.0, 0.0, -1.0, x1, y1),
        270: (0.0, 1.0, -1.0, 0.0, y1, -x0),
    }
    width, height = x1 - x0, y1 - y0
    if rotation in (90, 270):
        width, height = height, width
    return turned.get(rotation, (1.0, 0.0, 0.0, 1.0, -x0, -y0)), width, height


def _char(
    text: Any,
    index: int,
    space: Matrix,
    height: float,
    by_font: dict[int, float],
    descents: Mapping[str, float],
    sideways: list[tuple[float, float]],
) -> dict[str, Any] | None:
    """A printed char with pdfminer's box: the advance wide, the font size high, from the font's descent
    below the baseline, through the char's matrix. None for a char PDFium generated (a space, a line break).
    The baseline direction of a char not upright is noted in `sideways`."""
    if pdfium_c.FPDFText_IsGenerated(text, index):
        return None
    loose = pdfium_c.FS_RECTF()
    if not pdfium_c.FPDFText_GetLooseCharBox(text, index, loose):
        return None
    handle = pdfium_c.FPDFText_GetTextObject(text, index)
    font_size = ctypes.c_float()
    if not handle or not pdfium_c.FPDFTextObj_GetFontSize(handle, font_size) or font_size.value == 0:
        return None
    size = font_size.value
    m = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFText_GetMatrix(text, index, m)
    # The loose box is the advance by the font size through the matrix: the advance is read back from it.
    if abs(m.a) >= abs(m.b):
        advance = ((loose.right - loose.left) - abs(m.c) * size) / max(abs(m.a), 1e-9)
    else:
        advance = ((loose.top - loose.bottom) - abs(m.d) * size) / abs(m.b)
    descent = _descent(handle, by_font, descents) * size
    x, y = ctypes.c_double(), ctypes.c_double()
    pdfium_c.FPDFText_GetCharOrigin(text, index, x, y)
    # The char's matrix and origin in the page as shown (turned by /Rotate).
    a, b, c, d, e, f = _times((m.a, m.b, m.c, m.d, x.value, y.value), space)
    corners = [(u, v) for u in (0.0, advance) for v in (descent, descent + size)]
    xs = [e + a * u + c * v for u, v in corners]
    ys = [f + b * u + d * v for u, v in corners]
    code = pdfium_c.FPDFText_GetUnicode(text, index)
    # A glyph its font maps to no Unicode reads as pdfminer's (cid:N), which the format layer counts.
    printed = (
        f"(cid:{code})" if pdfium_c.FPDFText_HasUnicodeMapError(text, index) else _HYPHEN_MARK.get(code, chr(code))
    )
    upright = a * d > 0 and b * c <= 0
    if not upright or a < 0:
        sideways.append((a, b))
    return {
        "text": printed,
        "x0": min(xs),
        "x1": max(xs),
        "top": height - max(ys),
        "bottom": height - min(ys),
        "size": max(ys) - min(ys),
        "upright": upright,
    }


def _descent(handle: Any, by_font: dict[int, float], descents: Mapping[str, float]) -> float:
    """The font's descent per unit of font size (negative): pdfminer's where given, else PDFium's; once per font."""
    font = pdfium_c.FPDFTextObj_GetFont(handle)
    key = _address(font)
    if key not in by_font:
        name = ctypes.create_string_buffer(256)
        pdfium_c.FPDFFont_GetBaseFontName(font, name, len(name))
        given = descents.get(untagged(name.value.decode("latin-1")))
        value = ctypes.c_float()
        if given is not None:
            by_font[key] = given
        elif font and pdfium_c.FPDFFont_GetDescent(font, ctypes.c_float(1.0), value):
            by_font[key] = -abs(value.value)
        else:
            by_font[key] = 0.0
    return by_font[key]


_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")


def untagged(font_name: str) -> str:
    """A font's name without the tag a subset embedding prefixes ("ABCDEF+IPAexGothic" -> "IPAexGothic")."""
    return _SUBSET_TAG.sub("", font_name)


def _address(handle: Any) -> int:
    return ctypes.cast(handle, ctypes.c_void_p).value or 0


def _matrix(handle: Any) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFPageObj_GetMatrix(handle, m)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _times(first: Matrix, second: Matrix) -> Matrix:
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


def _objects(page: Any, space: Matrix) -> Iterator[tuple[Any, Matrix]]:
    """Every page object in painting order, forms opened, each with its matrix to the page as shown (`space`)."""
    pending = [(page, space, False, 0)]
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


def _path_shapes(handle: Any, matrix: Matrix, height: float) -> list[tuple[str, dict[str, Any]]]:
    """pdfminer's reading of a path: one shape per subpath; four axis-aligned sides a rect, two points a line."""
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    pdfium_c.FPDFPath_GetDrawMode(handle, fill_mode, stroke)
    fill_color = _color(handle, pdfium_c.FPDFPageObj_GetFillColor)
    a, b, c, d, e, f = matrix
    subpaths: list[list[tuple[float, float]]] = []
    closed: list[bool] = []
    control_points = 0  # of the Bézier curve being read: pdfminer keeps only where a curve ends
    for s in range(pdfium_c.FPDFPath_CountSegments(handle)):
        segment = pdfium_c.FPDFPath_GetPathSegment(handle, s)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_BEZIERTO and control_points < 2:
            control_points += 1
            continue
        control_points = 0
        x, y = ctypes.c_float(), ctypes.c_float()
        pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
        point = (a * x.value + c * y.value + e, height - (b * x.value + d * y.value + f))
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO or not subpaths:
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
