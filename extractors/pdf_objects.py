"""A pdfplumber page's chars, rects, lines and curves as the format layer reads them, built straight from
pdfminer's layout objects.

pdfplumber's `Page.objects` turns every layout object into a dict of some twenty attributes, each passed
through `resolve_all` (a quarter of the CPU of reading a page of text, bench/results.md); the format layer
reads six of a char and four of a rule. `page_objects` builds only those, with the arithmetic of
pdfplumber's `Page.process_object` (the y axis flipped from the page's height, every coordinate shifted by the
MediaBox origin, a curve's points through `Page.point2coord`), so each value is the same float pdfplumber
gives, and the objects come in the same order: the layout tree walked depth first, a form's contents where
the form is painted. The layout itself is pdfplumber's (`Page.layout`, its device and font cache).
"""

from __future__ import annotations

import copy
import logging
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from unicodedata import normalize

from pdfminer.layout import LTChar, LTContainer, LTCurve, LTLine, LTPage, LTRect
from pdfplumber.page import Page as PlumberPage
from pdfplumber.utils.pdfinternals import resolve_all

PageObject = dict[str, Any]


@dataclass
class PageObjects:
    """One pdfplumber page as `hyoka.extractors.pdf._read_page` reads it: its number, size and rotation, its
    chars (x0, x1, top, bottom, text, size, upright), rects (x0, x1, top, bottom, stroke, fill,
    non_stroking_color), lines (x0, x1, top, bottom) and curves (pts), each kind in pdfplumber's order, and the
    layout they come from (its painting order)."""

    page_number: int
    width: float
    height: float
    rotation: int
    layout: LTPage
    chars: list[PageObject] = field(default_factory=list)
    rects: list[PageObject] = field(default_factory=list)
    lines: list[PageObject] = field(default_factory=list)
    curves: list[PageObject] = field(default_factory=list)

    @property
    def objects(self) -> dict[str, list[PageObject]]:
        return {"char": self.chars, "rect": self.rects, "line": self.lines, "curve": self.curves}


def page_objects(page: PlumberPage) -> PageObjects:
    """The page's objects as pdfplumber's `page.chars`, `.rects`, `.lines` and `.curves` give them, limited to
    the keys the format layer reads (pdfminer parses the page here, once).

    A page whose text is mostly set sideways is read turned upright, as if its /Rotate said so: a landscape
    page some producers store as portrait with the content drawn turned and no /Rotate (a viewer shows it on
    its side; a reader turns the paper). pdfminer parses such a page twice."""
    sideways: list[tuple[float, float]] = []
    read = _page_objects(page, sideways)
    turn = upright_turn(sideways, len(read.chars))
    return _page_objects(turned(page, turn), []) if turn else read


def upright_turn(sideways: list[tuple[float, float]], chars: int) -> int:
    """The clockwise turn (90, 180 or 270 degrees) that sets more than two thirds of a page's `chars` upright, from
    the baseline direction (a, b of the text matrix, on the page as shown) of each char not upright; else 0.
    Two thirds: a page stored on its side turns nearly all its text (an upright stamp or page number aside),
    while a page of upright text may set many labels sideways (a chart's axis, a table's narrow headers)."""
    turns = Counter(_turn_upright(a, b) for a, b in sideways)
    turn, count = turns.most_common(1)[0] if turns else (0, 0)
    return turn if count * 3 > chars * 2 else 0


def _turn_upright(a: float, b: float) -> int:
    """The clockwise turn that makes a baseline pointing along (a, b) point right."""
    if abs(b) > abs(a):
        return 90 if b > 0 else 270
    return 180 if a < 0 else 0


def turned(page: PlumberPage, turn: int) -> PlumberPage:
    """The page as if its /Rotate turned it `turn` degrees further clockwise (pdfminer and pdfplumber both read
    the rotation from the page object: a copy of it, so the document's own page is left as stored)."""
    page_obj = copy.copy(page.page_obj)
    page_obj.rotate = (page.rotation + turn) % 360
    page_obj.attrs = {**page.page_obj.attrs, "Rotate": page_obj.rotate}
    return PlumberPage(page.pdf, page_obj, page.page_number, page.initial_doctop)


def _page_objects(page: PlumberPage, sideways: list[tuple[float, float]]) -> PageObjects:
    """`page_objects` of the page as its /Rotate shows it, noting in `sideways` the baseline direction of each
    char not set upright."""
    height = page.height
    mb_x0, mb_top = page.mediabox[0], page.mediabox[1]
    unicode_norm = page.pdf.unicode_norm
    with _pdfminer_debug_unheard():
        layout = page.layout
    read = PageObjects(page.page_number, page.width, height, page.rotation, layout)
    chars, rects, lines, curves = read.chars, read.rects, read.lines, read.curves
    for obj in painted(read.layout):
        kind = type(obj)
        if kind is LTChar:
            if not obj.upright or obj.matrix[0] < 0:  # pdfminer calls a glyph upside down upright
                sideways.append(obj.matrix[:2])
            text = obj.get_text()
            chars.append(
                {
                    "x0": obj.x0 + mb_x0 if mb_x0 != 0 else obj.x0,
                    "x1": obj.x1 + mb_x0 if mb_x0 != 0 else obj.x1,
                    "top": (height - obj.y1) + mb_top,
                    "bottom": (height - obj.y0) + mb_top,
                    "text": text if unicode_norm is None else normalize(unicode_norm, text),
                    "size": obj.size,
                    "upright": obj.upright,
                }
            )
        elif kind is LTRect:
            rects.append(
                {
                    **_box(obj, height, mb_x0, mb_top),
                    "stroke": obj.stroke,
                    "fill": obj.fill,
                    "non_stroking_color": resolve_all(obj.non_stroking_color),
                }
            )
        elif kind is LTLine:
            lines.append(_box(obj, height, mb_x0, mb_top))
        elif kind is LTCurve:
            curves.append({"pts": [(mb_x0 + x, mb_top + height - y) for x, y in obj.pts]})
    return read


def painted(layout: Iterable[Any]) -> Iterator[Any]:
    """The layout's objects in painting order: the tree walked depth first, a form's contents where the
    form is painted (the order of pdfplumber's lists and of the content stream)."""
    pending = [iter(layout)]
    while pending:
        obj = next(pending[-1], None)
        if obj is None:
            pending.pop()
        elif isinstance(obj, LTContainer):  # a form XObject
            pending.append(iter(obj))
        else:
            yield obj


def _box(obj: LTCurve, height: float, mb_x0: float, mb_top: float) -> PageObject:
    if mb_x0 != 0:
        return {
            "x0": obj.x0 + mb_x0,
            "x1": obj.x1 + mb_x0,
            "top": (height - obj.y1) + mb_top,
            "bottom": (height - obj.y0) + mb_top,
        }
    return {"x0": obj.x0, "x1": obj.x1, "top": (height - obj.y1) + mb_top, "bottom": (height - obj.y0) + mb_top}


@contextmanager
def _pdfminer_debug_unheard() -> Iterator[None]:
    """pdfminer's loggers that would drop a debug record anyway skip the call itself while a page is parsed:
    its parser logs every token and operator at debug level, some ten thousand calls a page."""
    unheard = [
        logger
        for name, logger in logging.root.manager.loggerDict.items()
        if name.partition(".")[0] == "pdfminer"
        and isinstance(logger, logging.Logger)
        and "debug" not in vars(logger)
        and not logger.isEnabledFor(logging.DEBUG)
    ]
    for logger in unheard:
        logger.debug = _unheard  # type: ignore[method-assign]
    try:
        yield
    finally:
        for logger in unheard:
            del logger.debug


def _unheard(*args: object, **kwargs: object) -> None:
    """A debug record no handler would receive."""
