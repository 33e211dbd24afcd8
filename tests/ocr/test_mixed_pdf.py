"""A printed PDF with a scanned page bound in: only that page is OCR'd, and what rests on it says so.

Page 1 is a truth-set sheet as printed (text layer); page 2 is another sheet rasterised at 300 dpi
with no text layer, and a misprint planted in its image: その他 R4 決算 printed as 12,687 (the
pixels of 処分委託料's figure) where the original prints 12,768, so 事業費A = Σ 財源 fails there.
One ingest (with its worker, time budget and run report) serves every test of the module.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from PIL import Image
from typer.testing import CliRunner

from hyoka.audit.report import flagged_rows
from hyoka.extractors import open_document
from hyoka.extractors.ocr import ocr_available
from hyoka.pipeline.cli import app
from hyoka.schemas.tables import FLAGGED
from tests.ocr.scans import TRUTH_SET, copy_figure_over, mixed_pdf, page_image
from tests.real.scoring import Score, Tables, score_budgets, score_indicators

PRINTED = TRUTH_SET / "ikeda_r7_120.pdf"
SCANNED = TRUTH_SET / "ikeda_r7_005.pdf"
DPI = 300


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    image = page_image(SCANNED, DPI)
    copy_figure_over(image, SCANNED, DPI, target=("その他", "12,768"), copied=("処分委託料", "12,687"))
    return mixed_pdf(PRINTED, image, DPI, tmp_path_factory.mktemp("mixed") / "mixed.pdf")


@pytest.fixture(scope="module")
def out(mixed: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not ocr_available():
        pytest.skip("OCR is off: Tesseract with its Japanese data is not installed (scripts/system-deps.sh)")
    out = tmp_path_factory.mktemp("out")
    result = CliRunner().invoke(app, ["ingest", str(mixed.parent), "--out", str(out), "-j", "1"])
    assert result.exit_code == 1, result.output  # partial: a page was read by OCR
    return out


def test_with_ocr_off_the_printed_page_is_read_and_the_image_page_named(mixed: Path) -> None:
    document = open_document(mixed, ocr="off")
    assert [bool(page.tables) for page in document.pages] == [True, False]
    assert any("page 2 is an image only (a scan) and was not read: OCR is off" in p for p in document.problems)


def test_without_tesseract_on_path_the_image_page_is_named(mixed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(mixed.parent))  # no tesseract there
    assert not ocr_available()
    document = open_document(mixed)
    assert any("page 2 is an image only" in p and "not installed" in p for p in document.problems)


def _table(out: Path, name: str) -> pd.DataFrame:
    return pd.read_parquet(out / name)


def test_only_the_image_page_is_ocrd(out: Path) -> None:
    cells = _table(out, "cells")
    assert set(cells["page"]) == {1, 2}
    assert not cells.query("page == 1")["ocr"].any()
    assert cells.query("page == 2")["ocr"].all()
    assert "12,768" not in set(cells.query("page == 1")["text"])  # 005's 事業費A R4, read from the image only
    assert "12,768" in set(cells.query("page == 2")["text"])
    assert {"15,487", "14,663"} <= set(cells.query("page == 2")["text"])  # read from the image


def test_the_documents_error_names_the_ocrd_page_with_its_confidence(out: Path) -> None:
    row = _table(out, "documents").iloc[0]
    assert row["status"] == "partial"
    assert "page 2 read by OCR (mean confidence 0." in row["error"]
    assert "page 1 read by OCR" not in row["error"]


def test_run_report_has_the_ocr_cost_of_the_ocrd_page_only(out: Path) -> None:
    report = json.loads((out / "run_report.json").read_text(encoding="utf-8"))
    (document,) = report["documents"]
    assert list(document["ocr_seconds_per_page"]) == ["2"]
    assert document["ocr_seconds_per_page"]["2"] > 0
    assert document["seconds"]["ocr"] == pytest.approx(document["ocr_seconds_per_page"]["2"], abs=0.01)


def test_contract_rows_carry_the_ocr_flag_of_their_page(out: Path) -> None:
    budgets = _table(out, "budgets")
    assert budgets["ocr"].notna().all()
    assert (budgets["ocr"] == (budgets["page"] == 2)).all()
    assert budgets.query("page == 2 and amount == 15487000")["ocr"].all()  # 事業費A R6 予算, read by OCR
    assert not budgets.query("page == 1")["ocr"].any()


def test_the_planted_misprint_is_flagged_and_says_it_rests_on_ocr(out: Path) -> None:
    checks = _table(out, "checks")
    planted = checks[checks["status"].isin(FLAGGED)].query("page == 2 and stated == '12,768'")
    assert len(planted) == 1, checks[["page", "scope", "stated", "recomputed", "status"]]
    assert planted["ocr"].all()
    flagged = [row for row in flagged_rows(out) if row["id"] in set(planted["check_id"])]
    assert flagged and all(row["explanation"].startswith("OCRで読んだ数値による") for row in flagged)


def test_no_ocrd_figure_is_flagged_without_its_ocr_mark(out: Path) -> None:
    checks = _table(out, "checks")
    on_scan = checks[checks["page"].eq(2) | checks["inputs_evidence"].str.contains('"page": 2', regex=False)]
    assert len(on_scan) >= 4  # 事業費A = Σ 財源 in four columns
    assert on_scan["ocr"].all()
    for row in flagged_rows(out):
        if row["id"] in set(on_scan["check_id"]):
            assert row["explanation"].startswith("OCRで読んだ数値による"), row
    assert not checks[checks["status"].isin(FLAGGED)].query("page == 1")["ocr"].any()


def test_an_image_page_with_nothing_printed_adds_no_sentence(tmp_path: Path) -> None:
    if not ocr_available():
        pytest.skip("OCR is off: Tesseract with its Japanese data is not installed (scripts/system-deps.sh)")
    blank = Image.new("L", (1240, 1754), 255)  # an empty sheet scanned at 150 dpi
    document = open_document(mixed_pdf(PRINTED, blank, 150, tmp_path / "with_blank.pdf"))
    assert len(document.pages) == 2 and document.pages[0].tables and not document.pages[1].tables
    assert not [problem for problem in document.problems if "OCR" in problem or "image" in problem]


def test_the_scanned_sheets_figures_are_in_the_tidy_tables(out: Path) -> None:
    """Scored like the text-layer originals (tests/real/scoring.py), on the rows of the scanned page."""
    document = _table(out, "documents").iloc[0].to_dict()
    tables = {name: _table(out, name) for name in ("budgets", "indicator_values", "measures", "grades")}
    on_scan = Tables(document, {name: frame[frame["page"] == 2] for name, frame in tables.items()})
    score = Score()
    score_budgets(SCANNED.name, on_scan, score)
    score_indicators(SCANNED.name, on_scan, score)
    # その他 R4 決算 is the planted misprint (12,687 where the truth says 12,768): read as printed, so missed.
    assert "ikeda_r7_005.pdf budget その他 R4年度 決算 amount 12,768" in score.misses
    assert score.found >= 0.8 * score.total, score.misses
