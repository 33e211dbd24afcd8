"""The generic profile on a 事務事業評価シート from a municipality no series profile knows.

The sheet is drawn here twice, as a PDF (reportlab) and as a workbook (openpyxl): a header
block of labels and values, an indicator table (指標名 / R2目標 / R2実績 / 達成率), a budget
table (予算額・決算額 in 千円 for R1..R3) and a stated grade (評価 B).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.styles import Border, Side
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from hyoka.audit.engine import evaluate
from hyoka.extractors import open_document
from hyoka.extractors.model import Document
from hyoka.pipeline.ingest import Task, file_sha256, run_task, texts_by_page
from hyoka.profiles import ProfileOutput, detect
from hyoka.profiles.generic import GENERIC
from hyoka.profiles.municipality import identify

FONT = "IPAexGothic"
FONT_FILE = "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"

TITLE = "令和3年度 事務事業評価シート 藤沢市"
HEADER_BLOCK = [["事務事業名", "電子申請推進事業"], ["担当課", "デジタル推進課"]]
INDICATORS = [
    ["指標名", "R2目標", "R2実績", "達成率"],
    ["電子申請できる手続数", "120件", "138件", "115%"],
    ["オンライン申請率", "30%", "24%", "80%"],
]
BUDGETS = [
    ["区分", "R1", "R2", "R3"],
    ["予算額(千円)", "12,000", "15,500", "18,200"],
    ["決算額(千円)", "11,480", "14,900", "-"],
]
GRADE = [["評価", "B"]]
TABLES = [HEADER_BLOCK, INDICATORS, BUDGETS, GRADE]


def draw_pdf(path: Path) -> Path:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, FONT_FILE))
    height = A4[1]
    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    canvas.setFont(FONT, 12)
    canvas.drawString(50, height - 50, TITLE)
    top = 80.0
    for rows in TABLES:
        col_widths = [150.0] + [90.0] * (len(rows[0]) - 1)
        xs = [50.0]
        for w in col_widths:
            xs.append(xs[-1] + w)
        canvas.setLineWidth(0.5)
        for r, row in enumerate(rows):
            y0, y1 = top + 20 * r, top + 20 * (r + 1)
            for c, value in enumerate(row):
                canvas.rect(xs[c], height - y1, xs[c + 1] - xs[c], 20, stroke=1, fill=0)
                canvas.setFont(FONT, 9)
                canvas.drawString(xs[c] + 3, height - y0 - 13, value)
        top += 20 * len(rows) + 30
    canvas.showPage()
    canvas.save()
    return path


def write_xlsx(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "評価シート"
    sheet["A1"] = TITLE
    thin = Side(style="thin")
    row = 3
    for rows in TABLES:
        for values in rows:
            # 方眼紙: each value in a block of two merged narrow columns.
            for c, value in enumerate(values):
                first = 1 + 2 * c
                sheet.merge_cells(start_row=row, start_column=first, end_row=row, end_column=first + 1)
                target = sheet.cell(row=row, column=first)
                number = value.replace(",", "")
                target.value = int(number) if number.isdigit() else value
                if isinstance(target.value, int):
                    target.number_format = "#,##0"
                for col in (first, first + 1):
                    sheet.cell(row=row, column=col).border = Border(left=thin, right=thin, top=thin, bottom=thin)
            row += 1
        row += 1
    book.save(path)
    return path


def test_municipality_comes_from_the_sheet_text(tmp_path: Path) -> None:
    # 14205: 1*6 + 4*5 + 2*4 + 0*3 + 5*2 = 44 leaves no remainder mod 11, so the check digit is 1.
    document = open_document(draw_pdf(tmp_path / "fujisawa.pdf"))
    municipality = identify(texts_by_page(document))
    assert municipality is not None and (municipality.name, municipality.code) == ("藤沢市", "142051")


@pytest.fixture(params=["pdf", "xlsx"])
def sheet_path(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    if request.param == "pdf":
        return draw_pdf(tmp_path / "fujisawa.pdf")
    return write_xlsx(tmp_path / "fujisawa.xlsx")


def test_unknown_sheet_goes_through_the_generic_profile(sheet_path: Path) -> None:
    document = open_document(sheet_path)
    assert detect(document) is None

    output = GENERIC.extract(document)
    assert len(output.problems) == 1 and "no report profile recognises" in output.problems[0]

    (measure,) = output.measures
    assert (measure["measure_key"], measure["title"]) == ("電子申請推進事業", "電子申請推進事業")
    assert measure["page"] is not None or measure["cell"] is not None

    values = {(v["indicator_name"], v["fiscal_year"], v["metric"]): v for v in output.indicator_values}
    assert {k: (v["value"], v["unit"]) for k, v in values.items()} == {
        ("電子申請できる手続数", 2020, "target"): (120.0, "件"),
        ("電子申請できる手続数", 2020, "actual"): (138.0, "件"),
        ("電子申請できる手続数", 2020, "achievement_rate"): (115.0, "%"),
        ("オンライン申請率", 2020, "target"): (30.0, "%"),
        ("オンライン申請率", 2020, "actual"): (24.0, "%"),
        ("オンライン申請率", 2020, "achievement_rate"): (80.0, "%"),
    }
    assert all(v["measure_key"] == "電子申請推進事業" for v in output.indicator_values)
    actual = values[("電子申請できる手続数", 2020, "actual")]
    assert actual["value_text"] == "138件"
    assert actual["page"] == 1 or actual["cell"] == "E7:F7"

    amounts = {(b["item"], b["fiscal_year"]): (b["amount"], b["unit"], b["value_text"]) for b in output.budgets}
    assert amounts == {
        ("budget", 2019): (12_000_000.0, "円", "12,000"),
        ("budget", 2020): (15_500_000.0, "円", "15,500"),
        ("budget", 2021): (18_200_000.0, "円", "18,200"),
        ("settlement", 2019): (11_480_000.0, "円", "11,480"),
        ("settlement", 2020): (14_900_000.0, "円", "14,900"),
        ("settlement", 2021): (None, "円", "-"),  # missing, in the column's unit
    }

    (case,) = output.cases
    assert (case.stated_grade, case.measure_key, case.inputs, case.rule.bands) == ("B", "電子申請推進事業", (), ())
    assert case.where.page == 1 or case.where.cell == "C14:D14"
    grades, _ = evaluate(output.cases)
    (grade,) = grades
    assert (grade["stated_grade"], grade["status"]) == ("B", "not_computable")


def test_a_row_that_fails_validation_is_quarantined_alone_and_counted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = draw_pdf(tmp_path / "fujisawa.pdf")
    extract = GENERIC.extract

    def with_a_bad_year(document: Document) -> ProfileOutput:
        output = extract(document)
        output.budgets[0] = {**output.budgets[0], "fiscal_year": 1900}  # before any era the contract knows
        return output

    monkeypatch.setattr(GENERIC, "extract", with_a_bad_year)
    outcome = run_task(Task(str(path), path.name, file_sha256(path)))
    assert len(outcome.tables["budgets"]) == 5
    assert outcome.tables["quarantine"]["table"].tolist() == ["budgets"]
    assert outcome.document["status"] == "partial"
    assert "1 rows failed validation and are in `quarantine` (budgets 1)." in str(outcome.document["error"])
