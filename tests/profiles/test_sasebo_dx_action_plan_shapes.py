"""佐世保市 DX戦略 実行計画: the project list in the shape of its next edition, built here with openpyxl.

A title row above the list, a two-level merged header (a year over its 予定 / 実績, 実施年度 over its
years), percentages stored as fractions under a `0.0%` format, frozen panes, a blank column A, and
headers worded apart from the sample's (spaces, プロジェクト名 for プロジェクト名称). The same workbook is
printed to PDF by LibreOffice (A3 landscape) and read again. Every expected row is written below by hand.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from hyoka.extractors import open_document
from hyoka.profiles import ProfileOutput, detect, spec_profile

PROFILE = spec_profile("sasebo_dx_action_plan")
TITLE = "佐世保市DX戦略 実行計画 プロジェクト一覧（令和7年度版）"
NAMED = ("分野", "分類", "主体 部局", "DX重点課題", "課題", "ステップ", "PID", "プロジェクト名", "概要", "リーディング")
YEARS = ("R5", "R6", "R7")
MARKER_YEARS = ("R6", "R7", "R8")
PERCENT = "0.0%"
# (named cells…, 活動指標名称, {year: (予定, 実績)}, {marker year: marker}); a fraction is a percentage.
PROJECTS: tuple[tuple[tuple[str, ...], str, dict[str, tuple[float | None, float | None]], dict[str, str]], ...] = (
    (
        ("まちづくり", "観光", "観光商工部", "スマートツーリズムの実現", "データ活用による観光力強化",
         "データの取得・分析", "観光1-1-4", "観光データ分析基盤の整備", "観光客の動向を分析します。", ""),
        "分析レポート件数",
        {"R5": (1, 1), "R6": (2, 3), "R7": (3, None)},
        {"R6": "○", "R7": "⇒", "R8": "⇒"},
    ),
    (
        ("行政経営", "窓口", "総務部", "行かなくてよい市役所", "オンライン手続の拡充",
         "手続のオンライン化", "窓口2-a-1", "電子申請の拡充", "申請をオンラインで受け付けます。", "○"),
        "オンライン申請率",
        {"R5": (0.5, 0.452), "R6": (0.6, 0.625), "R7": (0.85, None)},
        {"R6": "○", "R7": "⇒"},
    ),
    (
        ("行政経営", "職場環境", "総務部", "働きやすい職場", "業務の効率化",
         "ペーパーレス化", "職場環境1-a-1-1 職場環境1-b-2-2", "会議資料のペーパーレス化",
         "タブレットで会議を行います。", ""),
        "印刷枚数削減率",
        {"R6": (0.1, 0.125), "R7": (0.2, None)},
        {"R7": "○", "R8": "⇒"},
    ),
)  # fmt: skip
EXPECTED_MEASURES = [
    ("観光1-1-4", "観光データ分析基盤の整備", "スマートツーリズムの実現", ["観光商工部"], False),
    ("窓口2-a-1", "電子申請の拡充", "行かなくてよい市役所", ["総務部"], True),
    ("職場環境1-a-1-1 職場環境1-b-2-2", "会議資料のペーパーレス化", "働きやすい職場", ["総務部"], False),
]
# (PID, fiscal year, metric) -> (value, as printed)
EXPECTED_VALUES = {
    ("観光1-1-4", 2023, "target"): (1.0, "1"),
    ("観光1-1-4", 2023, "actual"): (1.0, "1"),
    ("観光1-1-4", 2024, "target"): (2.0, "2"),
    ("観光1-1-4", 2024, "actual"): (3.0, "3"),
    ("観光1-1-4", 2025, "target"): (3.0, "3"),
    ("窓口2-a-1", 2023, "target"): (50.0, "50.0%"),
    ("窓口2-a-1", 2023, "actual"): (45.2, "45.2%"),
    ("窓口2-a-1", 2024, "target"): (60.0, "60.0%"),
    ("窓口2-a-1", 2024, "actual"): (62.5, "62.5%"),
    ("窓口2-a-1", 2025, "target"): (85.0, "85.0%"),
    ("職場環境1-a-1-1 職場環境1-b-2-2", 2024, "target"): (10.0, "10.0%"),
    ("職場環境1-a-1-1 職場環境1-b-2-2", 2024, "actual"): (12.5, "12.5%"),
    ("職場環境1-a-1-1 職場環境1-b-2-2", 2025, "target"): (20.0, "20.0%"),
}
EXPECTED_MARKERS = {
    "観光1-1-4": {"2024": "○", "2025": "⇒", "2026": "⇒"},
    "窓口2-a-1": {"2024": "○", "2025": "⇒"},
    "職場環境1-a-1-1 職場環境1-b-2-2": {"2025": "○", "2026": "⇒"},
}


def write_project_list(path: Path) -> Path:
    """The list from column B: a title row, then a two-level header and the rows, all ruled."""
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "プロジェクト一覧"
    thin = Side(style="thin")
    ruled = Border(left=thin, right=thin, top=thin, bottom=thin)
    shaded = PatternFill("solid", fgColor="FFD9E1F2")
    first = 2  # column A stays blank
    width = len(NAMED) + 1 + 2 * len(YEARS) + len(MARKER_YEARS)
    last = first + width - 1

    def put(row: int, col: int, value: Any, header: bool = False, rows: int = 1, cols: int = 1) -> None:
        cell = ws.cell(row=row, column=col, value=value)
        if rows > 1 or cols > 1:
            ws.merge_cells(start_row=row, start_column=col, end_row=row + rows - 1, end_column=col + cols - 1)
        for r in range(row, row + rows):
            for c in range(col, col + cols):
                ws.cell(row=r, column=c).border = ruled
                ws.cell(row=r, column=c).alignment = Alignment(wrap_text=True, vertical="top")
                if header:
                    ws.cell(row=r, column=c).fill = shaded
        if header:
            cell.font = Font(bold=True)

    put(1, first, TITLE, cols=width)
    col = first
    for label in (*NAMED, "活動指標 名称"):
        put(2, col, label, header=True, rows=2)
        col += 1
    for year in YEARS:
        put(2, col, year, header=True, cols=2)
        put(3, col, "予定", header=True)
        put(3, col + 1, "実績", header=True)
        col += 2
    put(2, col, "実施年度", header=True, cols=len(MARKER_YEARS))
    for offset, year in enumerate(MARKER_YEARS):
        put(3, col + offset, year, header=True)
    for index, (named, indicator, values, markers) in enumerate(PROJECTS):
        row = 4 + index
        for offset, text in enumerate((*named, indicator)):
            put(row, first + offset, text or None)
        col = first + len(NAMED) + 1
        for year in YEARS:
            for value in values.get(year, (None, None)):
                put(row, col, value)
                if isinstance(value, float) and value < 1:
                    ws.cell(row=row, column=col).number_format = PERCENT
                col += 1
        for year in MARKER_YEARS:
            put(row, col, markers.get(year))
            col += 1
    for c in range(first, last + 1):
        ws.column_dimensions[get_column_letter(c)].width = 14
    for r in range(4, 4 + len(PROJECTS)):
        ws.row_dimensions[r].height = 64  # room for the wrapped lines in the print
    ws.freeze_panes = ws.cell(row=4, column=first + NAMED.index("プロジェクト名") + 1)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A3
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    book.save(path)
    return path


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_project_list(tmp_path_factory.mktemp("sasebo_shapes") / "project_list.xlsx")


@pytest.fixture(scope="module")
def printed(workbook: Path) -> Path:
    """The workbook printed to PDF by LibreOffice, as the city prints it."""
    out = workbook.parent
    command = ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(out), str(workbook)]
    subprocess.run(command, check=True, capture_output=True, timeout=180)
    return out / "project_list.pdf"


def read(path: Path) -> ProfileOutput:
    document = open_document(path)
    assert detect(document) is PROFILE
    return PROFILE.extract(document)


@pytest.fixture(scope="module", params=("xlsx", "pdf"))
def output(request: pytest.FixtureRequest, workbook: Path, printed: Path) -> ProfileOutput:
    return read(workbook if request.param == "xlsx" else printed)


def test_every_project_is_found(output: ProfileOutput) -> None:
    assert [
        (m["measure_key"], m["title"], m["group_name"], m["departments"], m["flag_leading"]) for m in output.measures
    ] == EXPECTED_MEASURES
    assert output.problems == []


def test_activity_indicator_values_percentages_as_printed(output: ProfileOutput) -> None:
    read_values = {
        (v["measure_key"], v["fiscal_year"], v["metric"]): (v["value"], v["value_text"])
        for v in output.indicator_values
    }
    assert read_values == EXPECTED_VALUES
    units = {v["measure_key"]: v["unit"] for v in output.indicator_values}
    assert units == {"観光1-1-4": "件", "窓口2-a-1": "%", "職場環境1-a-1-1 職場環境1-b-2-2": "%"}


def test_implementation_years(output: ProfileOutput) -> None:
    markers = {m["measure_key"]: json.loads(m["implementation_years"]) for m in output.measures}
    assert markers == EXPECTED_MARKERS


def test_list_without_its_pid_column_is_partial(workbook: Path, tmp_path: Path) -> None:
    """A list whose key column is not printed is not read: the document says so in one sentence."""
    book = openpyxl.load_workbook(workbook)
    for row in book.worksheets[0].iter_rows():
        for cell in row:
            if cell.value == "PID":
                cell.value = "番号"
    book.save(tmp_path / "without_pid.xlsx")
    output = PROFILE.extract(open_document(tmp_path / "without_pid.xlsx"))
    assert output.measures == []
    assert output.problems == ["The project list プロジェクト一覧 (PID | プロジェクト名称) was not found."]
