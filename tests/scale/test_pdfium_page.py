"""The PDFium page reader (extractors/pdfium_page.py) reads a ruled page as the format layer needs it."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import pytest

from bench.pdfium_page import compare
from bench.synthetic import budget_book_pdf
from hyoka.extractors.pdf import GridSettings, _read_page
from hyoka.extractors.pdfium_page import read_page


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return budget_book_pdf(tmp_path_factory.mktemp("book") / "book.pdf", 3)


def test_pdfium_page_gives_the_ruled_table_its_header_and_figures(book: Path) -> None:
    document = pypdfium2.PdfDocument(str(book))
    page = read_page(document, 0)
    document.close()
    assert page.rects or page.lines  # the rules come from path objects
    _, parts, n_chars, _ = _read_page(page, GridSettings())
    (part,) = parts
    assert [c.text for c in part.table.row(0)] == ["款", "項", "目", "本年度予算額", "前年度予算額", "比較"]
    assert n_chars == len(page.chars) > 0


def test_pdfium_and_pdfplumber_agree_cell_for_cell_on_the_synthetic_book(book: Path) -> None:
    result = compare(book)
    assert result["pages"] == 3
    assert result["cells_and_blocks"] > 0 and result["differing"] == 0
