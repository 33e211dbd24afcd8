"""The PDFium page reader (`pdf_reader="pdfium"`): the same model as pdfplumber's on ruled tables, the same
sentences for broken and hostile files, and the one difference that keeps pdfplumber the default."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from reportlab.lib.pagesizes import A4

from hyoka.extractors import Document, ExtractionError, open_document
from hyoka.extractors.pdf import read_pdf
from tests.support import pdfs

HEIGHT = A4[1]


def _cells(document: Document) -> list[tuple[Any, ...]]:
    return [
        (table.pages, cell.row, cell.col, cell.row_span, cell.col_span, cell.text, cell.is_header, cell.evidence.page)
        for table in document.tables()
        for cell in table.cells
    ]


def _boxes(document: Document) -> list[tuple[float, ...]]:
    return [(*cell.evidence.bbox, *(cell.text_box or ())) for table in document.tables() for cell in table.cells] + [
        block.bbox for page in document.pages for block in page.text_blocks
    ]


@pytest.fixture
def ruled_report(tmp_path: Path, kit: Any) -> Path:
    """Two pages: a shaded, spanning header over figures, continued on the next page, and a heading."""
    path = tmp_path / "report.pdf"
    canvas = kit.new_canvas(path, A4)
    for page in range(2):
        kit.text(canvas, 50, 40, f"施策の評価 {page + 1}", HEIGHT, size=12)
        rows = {(r, c): [f"{(r + 1) * 1000 + c:,}"] for r in range(1, 30) for c in range(1, 4)}
        rows.update({(r, 0): [f"事業 {page * 30 + r} デジタル窓口の推進"] for r in range(1, 30)})
        grid = kit.Grid(
            x=50,
            top=60,
            col_widths=[200, 90, 90, 90],
            row_heights=[24] + [18] * 29,
            texts={(0, 0): ["事業名"], (0, 1): ["予算額", "（千円）"], **rows},
            spans={(0, 1): (1, 3)},
            shaded={(0, 0), (0, 1)},
        )
        kit.draw_grid(canvas, grid, HEIGHT)
        canvas.showPage()
    canvas.save()
    return path


def test_pdfium_reads_a_ruled_report_as_pdfplumber_does(ruled_report: Path) -> None:
    by_pdfplumber = open_document(ruled_report)
    by_pdfium = open_document(ruled_report, pdf_reader="pdfium")
    assert _cells(by_pdfium) == _cells(by_pdfplumber)
    assert [b.text for p in by_pdfium.pages for b in p.text_blocks] == ["施策の評価 1", "施策の評価 2"]
    # Evidence boxes: grid boxes exact; text boxes within 0.05 pt, since PDFium keeps glyph widths in whole
    # thousandths of an em, and reportlab writes fractional ones (5 figures drift by 0.03 pt).
    for got, expected in zip(_boxes(by_pdfium), _boxes(by_pdfplumber), strict=True):
        assert got == pytest.approx(expected, abs=0.05)
    assert by_pdfium.tables()[0].cell(1, 1).text == "2,001"


def _page_pdf(content: bytes, pages: int = 1, stated_count: int | None = None) -> bytes:
    """`pages` A4 pages drawing `content` with Helvetica as /F1, in a page tree whose /Count says `stated_count`.

    The font names its encoding: OCRmyPDF, once imported, makes pdfminer read a simple font with neither an
    encoding nor a ToUnicode map as (cid:N) codes."""
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R "
        b"/Resources << /Font << /F1 4 0 R >> >> >>"
    )
    return pdfs.raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % (stated_count or pages),
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        ]
        + [page] * pages
    )


def _encrypted(path: Path) -> None:
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), pagesize=A4, encrypt="secret")
    canvas.drawString(50, 50, "locked")
    canvas.showPage()
    canvas.save()


HOSTILE: dict[str, Callable[[Path], None]] = {
    "truncated.pdf": lambda path: path.write_bytes(pdfs.page_count_pdf(1, 1)[:300]),
    "locked.pdf": _encrypted,
    "pages loop.pdf": lambda path: path.write_bytes(pdfs.pages_reference_loop_pdf()),
    "count says one.pdf": lambda path: path.write_bytes(pdfs.page_count_pdf(1200, 1)),
    "huge page.pdf": lambda path: path.write_bytes(pdfs.ruled_pdf(2, 14400, 5000)),
    "no unicode map.pdf": lambda path: path.write_bytes(pdfs.cid_font_pdf()),
    "drawing only.pdf": lambda path: path.write_bytes(_page_pdf(b"72 72 300 300 re f")),
    "vector picture.pdf": lambda path: path.write_bytes(pdfs.boxes_pdf(60_000)),
    "inflates.pdf": lambda path: path.write_bytes(pdfs.inflating_pdf(80 * 1024 * 1024)),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_broken_or_hostile_pdf_is_refused_in_the_same_sentence_by_either_reader(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    HOSTILE[name](path)
    sentences = []
    for reader in ("pdfplumber", "pdfium"):
        with pytest.raises(ExtractionError) as refusal:
            read_pdf(path, reader=reader, second_opinion=None)
        sentences.append(str(refusal.value))
    assert sentences[0].startswith(name) and sentences[1] == sentences[0]


def test_drawings_a_form_adds_past_the_limit_are_refused_before_the_text_is_read(tmp_path: Path) -> None:
    content = b"\n".join(b"%d %d 1 1 re f" % (20 + i % 550, 20 + (i // 550) % 800) for i in range(50_001))
    form = b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Length %d >>\nstream\n" % len(content)
    path = tmp_path / "vector form.pdf"
    path.write_bytes(
        pdfs.raw_pdf(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                b"/Resources << /XObject << /X1 5 0 R >> >> >>",
                b"<< /Length 7 >>\nstream\n/X1 Do\nendstream",
                form + content + b"\nendstream",
            ]
        )
    )
    with pytest.raises(ExtractionError, match=r"^vector form\.pdf draws more than 50,000 rules, boxes and curves"):
        read_pdf(path, reader="pdfium", second_opinion=None)


def test_a_page_count_pdfium_believes_against_the_page_tree_is_read_by_pdfplumber(tmp_path: Path) -> None:
    path = tmp_path / "count says one.pdf"
    # PDFium trusts /Count and would see one page.
    path.write_bytes(_page_pdf(b"BT /F1 12 Tf 72 720 Td (Evaluation 2023) Tj ET", pages=3, stated_count=1))
    document = read_pdf(path, reader="pdfium", second_opinion=None)
    assert [page.number for page in document.pages] == [1, 2, 3]
    assert all(page.text_blocks[0].text == "Evaluation 2023" for page in document.pages)


def test_a_space_printed_as_a_text_object_of_its_own_is_lost_to_pdfium(tmp_path: Path) -> None:
    """Why pdfplumber stays the default: PDFium's text page skips a text object that prints no ink
    (a justified heading's 全角 space set on its own), where pdfminer keeps the glyph."""
    content = (
        b"BT /F1 12 Tf 72 720 Td (A) Tj ET\nBT /F1 12 Tf 80.004 720 Td ( ) Tj ET\nBT /F1 12 Tf 82.5 720 Td (B) Tj ET"
    )
    path = tmp_path / "justified.pdf"
    path.write_bytes(_page_pdf(content))
    by_reader = {
        reader: read_pdf(path, reader=reader, second_opinion=None).pages[0].text_blocks[0].text
        for reader in ("pdfplumber", "pdfium")
    }
    assert by_reader == {"pdfplumber": "A B", "pdfium": "AB"}


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_a_turned_page_is_read_as_shown_by_either_reader(ruled_report: Path, rotation: int) -> None:
    import pikepdf

    turned = ruled_report.with_name(f"turned {rotation}.pdf")
    with pikepdf.open(ruled_report) as pdf:
        for page in pdf.pages:
            page.Rotate = rotation
        pdf.save(turned)
    by_pdfplumber = open_document(turned)
    by_pdfium = open_document(turned, pdf_reader="pdfium")
    assert _cells(by_pdfium) == _cells(by_pdfplumber)
    sizes = [(page.width, page.height) for page in by_pdfplumber.pages]
    assert [(page.width, page.height) for page in by_pdfium.pages] == [pytest.approx(size) for size in sizes]
    for got, expected in zip(_boxes(by_pdfium), _boxes(by_pdfplumber), strict=True):
        assert got == pytest.approx(expected, abs=0.05)
