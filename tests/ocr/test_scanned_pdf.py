"""An image-only print of a real sheet goes through OCR and the same PDF reader; --ocr off refuses it.

The scan is made here from a truth-set sheet (pdftoppm at 200 dpi, wrapped with no text layer)
and scored against the truth a person wrote for the text-layer original.
"""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from hyoka import extractors
from hyoka.extractors import Document, open_document
from hyoka.extractors.errors import NoTextLayerError
from hyoka.extractors.ocr import ocr_available
from hyoka.pipeline.cells import cells_frame
from hyoka.pipeline.cli import app
from hyoka.schemas.validate import validate_table
from tests.ocr.scans import TRUTH_SET, image_only_pdf, score

SHEET = "ikeda_r7_120.pdf"


@pytest.fixture(scope="module")
def scan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return image_only_pdf(TRUTH_SET / SHEET, tmp_path_factory.mktemp("scan") / SHEET, dpi=200)


@pytest.fixture(scope="module")
def ocr_document(scan: Path) -> Document:
    if not ocr_available():
        pytest.skip("OCR is off: Tesseract with its Japanese data is not installed (scripts/system-deps.sh)")
    return open_document(scan)


def test_ocr_off_keeps_the_refusal(scan: Path) -> None:
    with pytest.raises(NoTextLayerError, match="has no text layer"):
        open_document(scan, ocr="off")


def test_ingest_with_ocr_off_refuses_the_scan_in_its_documents_row(scan: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["ingest", str(scan.parent), "--out", str(out), "-j", "1", "--ocr", "off"])
    assert result.exit_code == 1, result.output
    row = pd.read_parquet(out / "documents").iloc[0]
    assert row["status"] == "failed"
    assert "has no text layer" in row["error"]


def test_without_tesseract_the_refusal_says_ocr_is_off(scan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extractors, "ocr_available", lambda: False)
    with pytest.raises(NoTextLayerError, match="OCR is off here"):
        open_document(scan)


def test_without_tesseract_on_path_ocr_is_off(scan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(scan.parent))  # a folder with no tesseract in it
    assert not ocr_available()
    with pytest.raises(NoTextLayerError, match="OCR is off here: Tesseract with its Japanese data is not installed"):
        open_document(scan)


def test_ocr_over_the_time_budget_fails_the_document_with_its_sentence(scan: Path, tmp_path: Path) -> None:
    if not ocr_available():
        pytest.skip("OCR is off: Tesseract with its Japanese data is not installed (scripts/system-deps.sh)")
    out = tmp_path / "out"
    started = time.monotonic()
    result = CliRunner().invoke(app, ["ingest", str(scan.parent), "--out", str(out), "-j", "1", "--time-budget", "2"])
    assert time.monotonic() - started < 60  # stopped, not waited for (OCR of the page alone takes longer)
    assert result.exit_code == 1, result.output
    row = pd.read_parquet(out / "documents").iloc[0]
    assert row["status"] == "failed"
    assert "over hyoka's time budget of 2 s per document" in row["error"]


def test_a_printed_sheet_is_not_ocrd() -> None:
    document = open_document(TRUTH_SET / SHEET)
    assert not [cell for table in document.tables() for cell in table.cells if cell.ocr]
    assert [page.ocr_seconds for page in document.pages] == [None]


def test_every_cell_of_the_scan_is_marked_ocr_with_a_confidence(ocr_document: Document) -> None:
    cells = [cell for table in ocr_document.tables() for cell in table.cells]
    assert len(cells) > 50  # the sheet's ruled sections, cut from the rules found in the image
    assert all(cell.ocr for cell in cells)
    confidences = [cell.ocr_confidence for cell in cells if cell.ocr_confidence is not None]
    assert len(confidences) > len(cells) / 2
    assert all(0 <= value <= 1 for value in confidences)
    assert ocr_document.path.name == SHEET  # evidence points at the file as published
    assert ocr_document.pages[0].ocr_seconds is not None and ocr_document.pages[0].ocr_seconds > 0
    assert any("read by OCR" in problem for problem in ocr_document.problems)


def test_the_scan_gives_the_printed_amounts_and_title(ocr_document: Document) -> None:
    result = score(ocr_document, SHEET)
    assert result.amounts == 18  # tests/data/real/truth/budgets.csv rows of this sheet
    # Each cell read on its own, figures by the digits-only model: 18 of 18 measured at 200 dpi.
    assert result.amount_share >= 0.9, result
    assert result.titles_found == result.titles == 1, result


def test_the_cells_output_carries_the_ocr_mark(ocr_document: Document) -> None:
    valid, rejected = validate_table("cells", cells_frame("0123456789abcdef", ocr_document))
    assert len(rejected) == 0
    assert valid["ocr"].all()
    assert valid["ocr_confidence"].notna().sum() > len(valid) / 2


def test_running_ocr_leaves_pdfminer_reading_fonts_as_it_does_without_it() -> None:
    # OCRmyPDF patches pdfminer on import (a simple font with neither /Encoding nor /ToUnicode read as
    # (cid:N) codes); a later PDF of the same process must read as pdfminer reads it.
    from pdfminer.pdffont import PDFSimpleFont

    from hyoka.extractors.ocr import ocrmypdf

    ocrmypdf()
    assert PDFSimpleFont.__init__.__module__ == "pdfminer.pdffont"
