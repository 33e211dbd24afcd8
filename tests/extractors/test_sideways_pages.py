"""A page stored on its side: portrait paper with the content drawn turned and no /Rotate (a landscape sheet as
some printer drivers store it; a viewer shows it sideways, a reader turns the paper). The format layer reads it
turned upright, as if its /Rotate said so, by either reader; a report draws its evidence, and `hyoka inspect` its
pictures, turned the same way. camelot, the second opinion on an unclear grid, reads a page as stored: it is not
asked about a turned page, and says so.

The pages are the other producer's 所沢市 report (its summary tables and first detail sheets), each stored
turned one of the three ways at test time: the tables read must be the ones the pages give as printed.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from PIL import Image, ImageChops

from hyoka.extractors import Document
from hyoka.extractors.evidence import Outline, SourceFiles
from hyoka.extractors.inspect import draw_pages
from hyoka.extractors.pdf import read_pdf
from hyoka.extractors.second_opinion import camelot_lattice

REPORT = Path(__file__).resolve().parents[2] / "tests" / "data" / "other-producer" / "tokorozawa_ict_action_plan.pdf"
PAGES = 16
# The content's turn on the stored paper (counter-clockwise, degrees) -> its matrix on a page w x h as printed.
TURNS = {
    90: lambda w, h: (0, 1, -1, 0, h, 0),
    270: lambda w, h: (0, -1, 1, 0, 0, w),
    180: lambda w, h: (-1, 0, 0, -1, w, h),
}


def _printed(path: Path) -> Path:
    """The report's first pages, as printed."""
    with pikepdf.open(REPORT) as source, pikepdf.new() as pdf:
        pdf.pages.extend(source.pages[:PAGES])
        pdf.save(path)
    return path


def _stored_sideways(printed: Path, path: Path) -> Path:
    """The same pages, each one's content drawn turned (the three ways in turn) on paper turned to fit it."""
    with pikepdf.open(printed) as pdf:
        for index, page in enumerate(pdf.pages):
            turn = list(TURNS)[index % len(TURNS)]
            x0, y0, x1, y1 = (float(v) for v in page.mediabox)
            w, h = x1 - x0, y1 - y0
            matrix = " ".join(f"{v:g}" for v in TURNS[turn](w, h))
            page.contents_add(pdf.make_stream(f"q {matrix} cm\n".encode()), prepend=True)
            page.contents_add(pdf.make_stream(b"\nQ"))
            page.mediabox = [0, 0, h, w] if turn in (90, 270) else [0, 0, w, h]
        pdf.save(path)
    return path


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _printed(tmp_path_factory.mktemp("printed") / REPORT.name)


@pytest.fixture(scope="module")
def sideways(tmp_path_factory: pytest.TempPathFactory, printed: Path) -> Path:
    return _stored_sideways(printed, tmp_path_factory.mktemp("sideways") / REPORT.name)


def _cells(document: Document) -> list[tuple[Any, ...]]:
    return [
        (table.pages, cell.row, cell.col, cell.row_span, cell.col_span, cell.text, cell.is_header)
        for table in document.tables()
        for cell in table.cells
    ]


def _boxes(document: Document) -> list[tuple[float, ...]]:
    return [tuple(round(v, 1) for v in cell.evidence.bbox or ()) for table in document.tables() for cell in table.cells]


@pytest.mark.parametrize("reader", ["pdfplumber", "pdfium"])
def test_pages_stored_sideways_read_as_printed(printed: Path, sideways: Path, reader: str) -> None:
    as_printed = read_pdf(printed, reader=reader)  # type: ignore[arg-type]
    turned = read_pdf(sideways, reader=reader)  # type: ignore[arg-type]
    assert len(as_printed.tables()) >= 10  # the summary tables and the first sheets: something to compare
    assert _cells(turned) == _cells(as_printed)
    assert _boxes(turned) == _boxes(as_printed)
    assert [(round(p.width), round(p.height)) for p in turned.pages] == [
        (round(p.width), round(p.height)) for p in as_printed.pages
    ]
    assert turned.problems == as_printed.problems


def test_evidence_of_a_sideways_page_is_drawn_turned(printed: Path, sideways: Path) -> None:
    document = read_pdf(printed)
    # A cell on a page of each of the three turns.
    shown: dict[int, tuple[int, Any]] = {}
    for table in document.tables():
        for cell in table.cells:
            page = cell.evidence.page
            if cell.text and page is not None:
                shown.setdefault((page - 1) % len(TURNS), (page, cell.evidence.bbox))
    assert len(shown) == len(TURNS)
    with SourceFiles() as sources:
        for page, bbox in shown.values():
            outline = [Outline(bbox, "#d1242f", 3)]
            expected = Image.open(io.BytesIO(sources.page_picture(printed, page, outline) or b""))
            drawn = Image.open(io.BytesIO(sources.page_picture(sideways, page, outline) or b""))
            assert drawn.size == expected.size
            # The same picture, but for anti-aliasing at the glyphs' edges.
            difference = ImageChops.difference(drawn.convert("L"), expected.convert("L"))
            assert sum(difference.histogram()[64:]) < 0.01 * drawn.size[0] * drawn.size[1]


def test_inspect_draws_a_sideways_page_turned(printed: Path, sideways: Path, tmp_path: Path) -> None:
    pages = list(range(1, len(TURNS) + 1))  # one page stored each way
    expected = draw_pages(read_pdf(printed), pages, tmp_path / "printed.png", resolution=50)
    drawn = draw_pages(read_pdf(sideways), pages, tmp_path / "sideways.png", resolution=50)
    for mine, theirs in zip(drawn, expected, strict=True):
        picture, reference = Image.open(mine).convert("L"), Image.open(theirs).convert("L")
        assert picture.size == reference.size
        difference = ImageChops.difference(picture, reference)
        assert sum(difference.histogram()[64:]) < 0.01 * picture.size[0] * picture.size[1]


def test_the_second_opinion_is_not_asked_about_a_sideways_page(printed: Path, sideways: Path) -> None:
    document = read_pdf(printed, second_opinion=None)
    for page in range(1, len(TURNS) + 1):  # one page stored each way
        tables = [table for table in document.tables() if page in table.bboxes]
        opinion = camelot_lattice(sideways, page, tables)
        assert opinion == [
            f"camelot (lattice) was not asked about page {page}: the page is stored on its side and read turned "
            f"{list(TURNS)[page - 1]}° clockwise to stand upright, while camelot would read it as stored"
        ]
        assert not any("not asked" in sentence for sentence in camelot_lattice(printed, page, tables))
