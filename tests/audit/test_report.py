"""The mismatch report on a small generated corpus, checked as a person would see it in a browser."""

import json
import shutil
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from audit.report import write_report
from pipeline.output import write_table

FONT = "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"
PDF_ID, XLSX_ID = "aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb"


def _corpus(tmp_path: Path) -> Path:
    pdfmetrics.registerFont(TTFont("IPAexGothic", FONT))
    pdf = tmp_path / "review.pdf"
    c = canvas.Canvas(str(pdf), pagesize=A4, invariant=1)
    c.setFont("IPAexGothic", 10)
    for i, (rate, grade) in enumerate([("47%", "C"), ("60%", ""), ("53%", "")]):
        c.drawString(100 + 60 * i, A4[1] - 100, rate + grade)
    c.save()
    xlsx = tmp_path / "sheet.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "調書"
    ws["B2"], ws["C2"], ws["D2"] = 1616, 2000, 9999
    wb.save(xlsx)

    out = tmp_path / "out"
    now = pd.Timestamp("2026-01-01", tz="UTC")
    documents = [
        {"document_id": PDF_ID, "source_file": str(pdf), "source_sha256": "a" * 64, "status": "ok",
         "pipeline_version": "t", "ingested_at": now},
        {"document_id": XLSX_ID, "source_file": str(xlsx), "source_sha256": "b" * 64, "status": "ok",
         "pipeline_version": "t", "ingested_at": now},
    ]
    for doc in documents:
        write_table(out, "documents", doc["document_id"], pd.DataFrame([doc]))
    inputs = json.dumps([{"page": 1, "bbox": [100, 90, 130, 102]}, {"page": 1, "bbox": [160, 90, 190, 102]}])
    grades = pd.DataFrame(
        [
            {"document_id": PDF_ID, "measure_key": "8", "grade_type": "mid_term", "stated_grade": "A",
             "stated_value": 53.0, "recomputed_grade": "C", "recomputed_low": 53.0, "recomputed_high": 54.0,
             "status": "mismatch", "detail": "mean of the yearly rates gives C, not A", "page": 1,
             "bbox": [220, 90, 250, 102], "inputs_evidence": inputs},
            {"document_id": PDF_ID, "measure_key": "9", "grade_type": "mid_term", "stated_grade": "B",
             "status": "match", "detail": "ok", "page": 1, "bbox": [220, 90, 250, 102], "inputs_evidence": "[]"},
        ]
    )
    write_table(out, "grades", PDF_ID, grades)
    checks = pd.DataFrame(
        [
            {"document_id": XLSX_ID, "check_id": "total:事業費", "kind": "column_total", "scope": "計 事業費",
             "stated": "9,999", "recomputed": "[3615.5, 3616.5)", "status": "mismatch",
             "detail": "計 = Σ 事業費", "sheet": "調書", "cell": "D2",
             "inputs_evidence": json.dumps([{"sheet": "調書", "cell": "B2"}, {"sheet": "調書", "cell": "C2"}])},
            {"document_id": XLSX_ID, "check_id": "band:1", "kind": "achievement_level", "scope": "R2",
             "stated": "B", "recomputed": "A/B", "status": "ambiguous", "detail": "straddles 100",
             "sheet": "調書", "cell": "B2", "inputs_evidence": "[]"},
        ]
    )
    write_table(out, "checks", XLSX_ID, checks)
    return out


def test_csv_lists_every_flagged_row_with_its_evidence(tmp_path: Path) -> None:
    out = _corpus(tmp_path)
    assert write_report(out) == 3
    report = pd.read_csv(out / "mismatch_report.csv", encoding="utf-8-sig")
    assert sorted(report["status"]) == ["ambiguous", "mismatch", "mismatch"]
    assert set(report["evidence"]) == {"page 1, [220, 90, 250, 102]", "sheet 調書, cell D2", "sheet 調書, cell B2"}
    assert "match" not in set(report["status"])


def test_html_report_in_a_browser(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    out = _corpus(tmp_path)
    write_report(out)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=shutil.which("chromium"),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        page = browser.new_page()
        page.goto((out / "mismatch_report.html").as_uri())
        rows = page.locator("table.report > tbody > tr")
        assert rows.count() == 3
        assert page.locator("text=mean of the yearly rates gives C, not A").is_visible()
        image = page.locator("img[alt=evidence]")
        assert image.count() == 1
        assert page.evaluate("document.querySelector('img[alt=evidence]').naturalWidth") > 50
        total_row = page.locator("tr[data-kind=column_total]")
        assert total_row.locator("td.stated").inner_text() == "9999"
        assert total_row.locator("td.input").count() == 2

        page.select_option("select[data-field=status]", "ambiguous")
        assert page.locator("table.report > tbody > tr:visible").count() == 1
        assert page.locator("#shown").inner_text() == "1"
        page.select_option("select[data-field=status]", "")
        page.select_option("select[data-field=document]", "review.pdf")
        assert page.locator("table.report > tbody > tr:visible").count() == 1

        page.select_option("select[data-field=document]", "")
        page.click("th[data-col='3']")
        statuses = [t.strip() for t in page.locator("table.report > tbody > tr td.status").all_inner_texts()]
        assert statuses == sorted(statuses)
        browser.close()
