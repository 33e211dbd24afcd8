"""The auditors' report on a small generated corpus, checked as a person would see it in a browser at 1280 px."""

import json
import shutil
from itertools import groupby
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from hyoka.audit.report import write_report
from hyoka.pipeline.output import write_table

FONT = "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"
PDF_ID, XLSX_ID, UNKNOWN_ID = "aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb", "cccccccccccccccc"
WIDE_STRIP = [20.0, 200.0, 820.0, 214.0]  # a roadmap row across a landscape page: a 1,500 px wide crop


def _pdf(path: Path) -> None:
    pdfmetrics.registerFont(TTFont("IPAexGothic", FONT))
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setFont("IPAexGothic", 10)
    for i, (rate, grade) in enumerate([("47%", "C"), ("60%", ""), ("53%", "")]):
        c.drawString(100 + 60 * i, A4[1] - 100, rate + grade)
    c.showPage()
    c.setPageSize(landscape(A4))
    c.setFont("IPAexGothic", 10)
    c.drawString(30, landscape(A4)[1] - 210, "観光1-1-4 コンベンション協会業務デジタル化支援 " * 4)
    c.save()


def _corpus(tmp_path: Path) -> Path:
    pdf = tmp_path / "review.pdf"
    _pdf(pdf)
    xlsx = tmp_path / "sheet.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "調書"
    ws["B2"], ws["C2"], ws["D2"] = 1616, 2000, 9999
    wb.save(xlsx)

    out = tmp_path / "out"
    now = pd.Timestamp("2026-01-01", tz="UTC")
    documents = [
        {
            "document_id": PDF_ID,
            "source_file": str(pdf),
            "source_sha256": "a" * 64,
            "status": "ok",
            "profile": "review_series",
            "pipeline_version": "t",
            "ingested_at": now,
        },
        {
            "document_id": XLSX_ID,
            "source_file": str(xlsx),
            "source_sha256": "b" * 64,
            "status": "ok",
            "profile": "sheet_series",
            "pipeline_version": "t",
            "ingested_at": now,
        },
        {
            "document_id": UNKNOWN_ID,
            "source_file": str(tmp_path / "other.pdf"),
            "source_sha256": "c" * 64,
            "status": "partial",
            "profile": "generic",
            "error": "no report profile recognises this series.",
            "pipeline_version": "t",
            "ingested_at": now,
        },
    ]
    for doc in documents:
        write_table(out, "documents", doc["document_id"], pd.DataFrame([doc]))
    inputs = json.dumps([{"page": 1, "bbox": [100, 90, 130, 102]}, {"page": 1, "bbox": [160, 90, 190, 102]}])
    grades = pd.DataFrame(
        [
            {
                "document_id": PDF_ID,
                "measure_key": "8",
                "grade_type": "mid_term",
                "stated_grade": "A",
                "stated_value": 53.0,
                "recomputed_grade": "C",
                "recomputed_low": 53.0,
                "recomputed_high": 54.0,
                "status": "mismatch",
                "detail": "各年度の達成率の平均が120%以上ならA、90%以上ならB、90%未満ならC（根拠2件から）："
                "記載A、再計算C（53.5）",
                "rule_words": "各年度の達成率の平均が120%以上ならA、90%以上ならB、90%未満ならC",
                "page": 1,
                "bbox": [220, 90, 250, 102],
                "inputs_evidence": inputs,
            },
            {
                "document_id": PDF_ID,
                "measure_key": "9",
                "grade_type": "mid_term",
                "stated_grade": "B",
                "stated_value": 90.0,
                "recomputed_grade": "B/C",
                "recomputed_low": 89.5,
                "recomputed_high": 90.5,
                "status": "ambiguous",
                "detail": "straddles 90",
                "page": 1,
                "bbox": [220, 90, 250, 102],
                "inputs_evidence": "[]",
            },
            {
                "document_id": PDF_ID,
                "measure_key": "10",
                "grade_type": "mid_term",
                "stated_grade": "B",
                "status": "match",
                "detail": "ok",
                "page": 1,
                "bbox": [220, 90, 250, 102],
                "inputs_evidence": "[]",
            },
            {
                "document_id": PDF_ID,
                "measure_key": "11",
                "grade_type": "mid_term",
                "stated_grade": "B",
                "status": "not_computable",
                "detail": "no inputs",
                "page": 1,
                "bbox": [220, 90, 250, 102],
                "inputs_evidence": "[]",
            },
        ]
    )
    write_table(out, "grades", PDF_ID, grades)
    write_table(
        out,
        "checks",
        PDF_ID,
        pd.DataFrame(
            [
                {
                    "document_id": PDF_ID,
                    "check_id": "settled:1",
                    "kind": "settlement_exceeds_budget",
                    "scope": "決算額",
                    "stated": "14,536,390",
                    "recomputed": "[14522800, 14522800]",
                    "status": "mismatch",
                    "detail": "決算額は予算額以下（根拠1件から）：記載14,536,390、再計算の上限14,522,800",
                    "rule_words": "決算額は予算額以下",
                    "page": 2,
                    "bbox": WIDE_STRIP,
                    "inputs_evidence": "[]",
                },
                {
                    "document_id": PDF_ID,
                    "check_id": "notation:1",
                    "kind": "judgement_notation",
                    "scope": "判定",
                    "stated": "C",
                    "recomputed": "c",
                    "status": "notation",
                    "detail": "printed C, the rule writes c",
                    "page": 1,
                    "bbox": [100, 90, 130, 102],
                    "inputs_evidence": "[]",
                },
                {
                    "document_id": PDF_ID,
                    "check_id": "progress:1",
                    "kind": "kpi_progress",
                    "scope": "進捗",
                    "stated": "neutral",
                    "recomputed": "on_track",
                    "status": "no_claim",
                    "detail": "neutral text",
                    "page": 1,
                    "bbox": [160, 90, 190, 102],
                    "inputs_evidence": "[]",
                },
            ]
        ),
    )
    checks = pd.DataFrame(
        [
            {
                "document_id": XLSX_ID,
                "check_id": "total:事業費",
                "kind": "column_total",
                "scope": "計 事業費",
                "stated": "9,999",
                "recomputed": "[3615.5, 3616.5)",
                "status": "mismatch",
                "detail": "計 = Σ 事業費",
                "sheet": "調書",
                "cell": "D2",
                "inputs_evidence": json.dumps([{"sheet": "調書", "cell": "B2"}, {"sheet": "調書", "cell": "C2"}]),
            },
            {
                "document_id": XLSX_ID,
                "check_id": "rate:1",
                "kind": "rate_vs_indicators",
                "scope": "R2",
                "stated": "90%",
                "recomputed": "[0, 0] | [100, 100]",
                "status": "ambiguous",
                "detail": "two readings",
                "sheet": "調書",
                "cell": "B2",
                "inputs_evidence": "[]",
            },
        ]
    )
    write_table(out, "checks", XLSX_ID, checks)
    write_table(
        out,
        "measures",
        XLSX_ID,
        pd.DataFrame(
            [{"document_id": XLSX_ID, "measure_key": str(n), "sheet": "調書", "cell": f"A{n}"} for n in range(1, 6)]
        ),
    )
    write_table(
        out,
        "quarantine",
        XLSX_ID,
        pd.DataFrame([{"document_id": XLSX_ID, "table": "budgets", "check": "isin", "row_json": "{}"}] * 2),
    )
    return out


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = _corpus(tmp_path_factory.mktemp("report"))
    assert write_report(out) == 7
    return out


def test_csv_lists_every_flagged_row_with_its_finding_and_evidence(report: Path) -> None:
    findings = pd.read_csv(report / "mismatch_report.csv", encoding="utf-8-sig", dtype=str).set_index("id")
    assert findings["finding"].to_dict() == {
        "mid_term:8:": "mismatch",
        "mid_term:9:": "rounding",
        "settled:1": "mismatch",
        "notation:1": "notation",
        "progress:1": "no_claim",
        "total:事業費": "mismatch",
        "rate:1": "reading",
    }
    assert findings.loc["total:事業費", "evidence"] == "sheet 調書, cell D2"
    assert findings.loc["settled:1", "recomputed"] == "14,522,800"
    assert findings.loc["total:事業費", "recomputed"] == "3,615.5以上3,616.5未満"
    assert findings.loc["rate:1", "recomputed"] == "0 / 100"
    assert findings.loc["mid_term:9:", "recomputed"] == "B/C (89.5〜90.5)"
    # The explanation is the row's one-line detail; the rule in words is its own column.
    settled = findings.loc["settled:1"]
    assert (settled["explanation"], settled["rule"]) == (
        "決算額は予算額以下（根拠1件から）：記載14,536,390、再計算の上限14,522,800",
        "決算額は予算額以下",
    )


def test_coverage_names_every_document_and_calls_out_the_unaudited(report: Path) -> None:
    coverage = pd.read_csv(report / "coverage.csv", encoding="utf-8-sig").set_index("document_id")
    assert list(coverage.loc[PDF_ID, ["checks_run", "not_computable", "flagged"]]) == [7, 1, 5]
    assert list(coverage.loc[XLSX_ID, ["rows_written", "rows_quarantined", "checks_run", "flagged"]]) == [5, 2, 2, 2]
    assert coverage.loc[UNKNOWN_ID, "unaudited_reason"] == "報告書の系列が不明のため監査なし"
    assert coverage["unaudited_reason"].notna().sum() == 1
    summary = json.loads((report / "report_summary.json").read_text())
    assert summary["totals"] == {
        "documents": 3,
        "audited": 2,
        "unaudited": 1,
        "rows_written": 5,
        "rows_quarantined": 2,
        "checks_run": 9,
        "not_computable": 1,
        "flagged": 7,
    }
    assert summary["findings"] == {"mismatch": 3, "rounding": 1, "notation": 1, "no_claim": 1, "reading": 1}
    assert len(summary["inputs"]) == 3 and summary["hyoka_version"]


def test_html_report_at_1280_px_in_a_browser(report: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=shutil.which("chromium"),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto((report / "mismatch_report.html").as_uri())
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280

        coverage = page.locator("table.coverage > tbody > tr")
        assert coverage.count() == 3
        assert page.locator("table.coverage tr.unaudited").count() == 1
        assert "報告書の系列が不明" in page.locator(f"tr[data-document='{UNKNOWN_ID}']").inner_text()
        assert "2 行が検証に失敗し quarantine へ" in page.locator(f"tr[data-document='{XLSX_ID}']").inner_text()

        rows = page.locator("table.report > tbody > tr")
        assert rows.count() == 7
        assert page.locator("tr[data-finding=notation] td.finding").inner_text() == "表記違い"
        assert page.locator("tr[data-finding=no_claim] td.finding").inner_text() == "判断なし"
        explanation = page.locator("tr[data-kind=settlement_exceeds_budget] td.explanation")
        assert explanation.inner_text() == "決算額は予算額以下（根拠1件から）：記載14,536,390、再計算の上限14,522,800"
        assert "e+07" not in page.content() and "[3615.5" not in page.content()

        crops = page.locator("button.crop")
        assert crops.count() == 5
        for i in range(crops.count()):
            crop = crops.nth(i)
            crop.scroll_into_view_if_needed()
            natural = crop.evaluate("b => b.querySelector('img').naturalWidth")
            crop.click()
            zoomed = page.locator("dialog#zoom img")
            assert zoomed.is_visible()
            assert zoomed.evaluate("img => img.getBoundingClientRect().width") == natural
            page.locator("dialog#zoom").click()
            assert not zoomed.is_visible()
        wide = page.locator("tr[data-kind=settlement_exceeds_budget] button.crop img")
        assert wide.evaluate("img => img.naturalWidth") > 1200 > wide.evaluate("img => img.clientWidth")

        link = page.locator("tr[data-kind=settlement_exceeds_budget] a.source")
        assert link.get_attribute("href") == "../review.pdf#page=2"
        assert page.locator("tr[data-kind=column_total] a.source").inner_text() == "sheet.xlsx 調書!D2"

        total_row = page.locator("tr[data-kind=column_total]")
        assert total_row.locator("td.stated").inner_text() == "9999"
        assert total_row.locator("td.input").count() == 2

        page.select_option("select[data-field=finding]", "rounding")
        assert page.locator("table.report > tbody > tr:visible").count() == 1
        assert page.locator("#shown").inner_text() == "1"
        page.select_option("select[data-field=finding]", "")
        page.select_option("select[data-field=document]", "sheet.xlsx")
        assert page.locator("table.report > tbody > tr:visible").count() == 2

        page.select_option("select[data-field=document]", "")
        assert page.locator("th[aria-sort]").inner_text().startswith("文書")
        page.click("th[data-col='3']")
        assert page.locator("th[aria-sort]").count() == 1
        assert page.locator("th[data-col='3']").get_attribute("aria-sort") == "ascending"
        ascending = [t.strip() for t in page.locator("table.report > tbody > tr td.finding").all_inner_texts()]
        runs = [label for label, _ in groupby(ascending)]
        assert len(runs) == len(set(runs)) == 5, "rows of one finding stand together"
        page.click("th[data-col='3']")
        assert page.locator("th[data-col='3']").get_attribute("aria-sort") == "descending"
        descending = [t.strip() for t in page.locator("table.report > tbody > tr td.finding").all_inner_texts()]
        assert descending == ascending[::-1]
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280
        browser.close()
