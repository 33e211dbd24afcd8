"""The second producer (samples/build/producer_b/): deterministic editions, and committed documents that
print the samples' own facts. Neither needs a browser: an edition is compared as the HTML Chromium
prints, and the committed PDFs are read as they are."""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest

from samples.build.producer_b import yokohama_kanmin_data_status as kanmin
from samples.build.producer_b.edition import Edition, read_series_truth, shift_years, wareki

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "samples" / "producer-b"


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def kanmin_edition(number: int) -> tuple[str, dict[str, list[dict[str, str]]]]:
    ed = Edition(number)
    truth = read_series_truth(kanmin.REPORT)
    layout = kanmin.edition_truth(ed, truth)
    return kanmin.render(ed, truth, layout), truth


@pytest.mark.parametrize("number", [0, 1, 2, 5])
def test_an_edition_is_the_same_on_every_build(number: int) -> None:
    assert kanmin_edition(number) == kanmin_edition(number)


def test_editions_differ_and_their_truth_follows_the_year() -> None:
    page0, truth0 = kanmin_edition(0)
    page1, truth1 = kanmin_edition(1)
    assert page0 != page1
    year = int(truth1["document"][0]["report_fiscal_year"])
    assert year in (2019, 2020, 2021)
    assert {r["fiscal_year"] for r in truth1["indicator_values"]} == {str(year)}
    assert wareki(year) in truth1["document"][0]["title"]
    # Two indicators dropped, one added; the planted inconsistencies name this edition's count.
    assert len(truth1["indicator_values"]) == len(truth0["indicator_values"]) - 1
    kinds = {i["kind"]: i for i in truth1["inconsistencies"]}
    assert set(kinds) == {"duplicate_indicator", "status_summary_total", "sentence_count"}
    assert kinds["status_summary_total"]["stated"] == "27"
    assert kinds["status_summary_total"]["expected"] == "26"


def test_years_shift_with_their_era() -> None:
    assert shift_years("平成30年度末までに", 1) == "令和元年度末までに"
    assert shift_years("30年度に達成(完了)したもの", 2) == "2年度に達成(完了)したもの"
    assert shift_years("元年度", 3) == "4年度"
    assert wareki(2018) == "平成30年度" and wareki(2019, era=False) == "元年度"


def printed_cells(pdf_path: Path) -> tuple[str, set[str]]:
    """The document's text (whitespace dropped) and every table cell pdfplumber reads from its ruling."""
    cells: set[str] = set()
    text = ""
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            text += squash(page.extract_text() or "")
            for found in page.find_tables():
                cells.update(squash(cell) for row in found.extract() for cell in row if cell)
    return text, cells


def test_the_committed_kanmin_report_prints_the_samples_facts() -> None:
    with pdfplumber.open(COMMITTED / kanmin.PDF_NAME) as pdf:
        assert "IPAMincho" in pdf.pages[0].chars[0]["fontname"]
    text, cells = printed_cells(COMMITTED / kanmin.PDF_NAME)
    truth = read_series_truth(kanmin.REPORT)
    assert {squash(m["title"]) for m in truth["measures"]} <= cells
    assert {squash(v["value_text"]) for v in truth["indicator_values"]} <= cells
    assert "27の評価指標の進捗状況" in text
    assert "取組が進んでいるもの［19指標］" in cells
