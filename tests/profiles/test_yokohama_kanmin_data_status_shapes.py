"""横浜市 官民データ活用推進計画 取組状況 in shapes the sample builder does not print: a later plan's edition
(令和3年度, plan years 3年度–6年度, years the document states) whose tables carry no header shading, the 施策
list under a title row with a group row spanning it, and its 評価指標 tables with the year columns under a
spanning 実績 cell. The truth is the data printed below."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from hyoka.audit.engine import evaluate
from hyoka.extractors import open_document
from hyoka.profiles import ProfileOutput, spec_profile
from samples.build.common import register_fonts

PROFILE = spec_profile("yokohama_kanmin_data_status")

FONT = "IPAexGothic"
LEFT = 50.0
WIDTH = 495.0


@dataclass(frozen=True)
class Indicator:
    name: str
    first_year: str  # the 3年度 value as printed; later years are not reported yet


@dataclass(frozen=True)
class Measure:
    no: int
    title: str
    departments: str
    indicators: tuple[Indicator, ...]


MEASURES = (
    Measure(1, "データを重視した政策形成の推進", "政策局", (Indicator("試験的施策数", "4件"),)),
    Measure(
        2,
        "行政手続のオンライン化の推進",
        "総務局",
        (Indicator("電子申請ができる手続の数", "120手続"), Indicator("オンライン化の方策", "検討中")),
    ),
    Measure(3, "オープンデータの活用の推進", "政策局", (Indicator("公開データセット数", "650件"),)),
)
YEARS = ("令和3年度", "4年度", "5年度", "6年度")


class Printer:
    def __init__(self, path: Path) -> None:
        register_fonts()
        self.canvas = Canvas(str(path), pagesize=A4, invariant=1)
        self.y = A4[1] - 60

    def text(self, words: str, size: float = 10) -> None:
        self.canvas.setFont(FONT, size)
        self.canvas.drawString(LEFT, self.y - size, words)
        self.y -= size + 12

    def box(self, left: float, top: float, width: float, height: float, words: str) -> None:
        self.canvas.rect(left, top - height, width, height, stroke=1, fill=0)
        self.canvas.setFont(FONT, 8)
        self.canvas.drawString(left + 3, top - 12, words)

    def row(self, cells: tuple[str, ...], widths: tuple[float, ...], height: float = 18) -> None:
        left = LEFT
        for words, width in zip(cells, widths, strict=True):
            self.box(left, self.y, width, height, words)
            left += width
        self.y -= height

    def spanning(self, words: str) -> None:
        """A row of one cell across the whole table (a title or group row)."""
        self.box(LEFT, self.y, WIDTH, 18, words)
        self.y -= 18

    def page(self) -> None:
        self.canvas.showPage()
        self.y = A4[1] - 60

    def save(self) -> None:
        self.canvas.showPage()
        self.canvas.save()


def print_edition(path: Path, *, with_list: bool = True) -> None:
    out = Printer(path)
    out.text("横浜市官民データ活用推進計画", 16)
    out.text("令和3年度取組状況", 16)
    out.text("令和4年9月")
    out.text("横浜市")
    out.page()
    out.text(f"(1) 計画に掲げた{len(MEASURES)}つの施策")
    widths = (60.0, 285.0, 150.0)
    if with_list:
        out.spanning("計画に掲げた施策の一覧")
        out.row(("施策", "施策名", "主な所管区局"), widths)
        out.spanning("1 データの活用")
        for m in MEASURES:
            out.row((f"施策{m.no}", m.title, f"【{m.departments}】"), widths)
    out.page()
    for m in MEASURES:
        out.text(f"({m.no}) {m.title}", 11)
        # 評価指標 spans two header rows; 実績 spans the year columns over the second.
        top = out.y
        out.box(LEFT, top, 175.0, 36.0, "評価指標")
        out.box(LEFT + 175.0, top, 320.0, 18.0, "実績")
        for i, year in enumerate(YEARS):
            out.box(LEFT + 175.0 + 80.0 * i, top - 18.0, 80.0, 18.0, year)
        out.y -= 36.0
        for indicator in m.indicators:
            out.row((indicator.name, indicator.first_year, "", "", ""), (175.0, 80.0, 80.0, 80.0, 80.0))
        out.y -= 20
    out.save()


@pytest.fixture(scope="module")
def later_edition(tmp_path_factory: pytest.TempPathFactory) -> tuple[ProfileOutput, list[dict[str, object]]]:
    path = tmp_path_factory.mktemp("kanmin_later") / "status.pdf"
    print_edition(path)
    document = open_document(path)
    assert PROFILE.score(document) >= 0.5
    output = PROFILE.extract(document)
    grades, checks = evaluate(output.cases)
    return output, grades + checks


def test_the_year_is_read_from_the_document(later_edition: tuple[ProfileOutput, list[dict[str, object]]]) -> None:
    output, _ = later_edition
    assert output.report_fiscal_year == 2021


def test_the_measure_list_without_header_shading_under_a_title_row(
    later_edition: tuple[ProfileOutput, list[dict[str, object]]],
) -> None:
    output, _ = later_edition
    got = {m["measure_key"]: (m["title"], m["departments"]) for m in output.measures}
    assert got == {f"施策{m.no}": (m.title, [m.departments]) for m in MEASURES}


def test_every_indicator_under_its_plan_years(later_edition: tuple[ProfileOutput, list[dict[str, object]]]) -> None:
    output, _ = later_edition
    assert not [p for p in output.problems if "評価指標" in p or "施策 list" in p]
    got = {(v["measure_key"], v["indicator_name"], v["fiscal_year"]): v["value_text"] for v in output.indicator_values}
    assert got == {(f"施策{m.no}", i.name, 2021): i.first_year for m in MEASURES for i in m.indicators}


def test_no_false_alarm(later_edition: tuple[ProfileOutput, list[dict[str, object]]]) -> None:
    _, rows = later_edition
    assert [r.get("check_id") for r in rows if r["status"] == "mismatch"] == []


def test_without_its_list_counts_are_not_computable(tmp_path: Path) -> None:
    path = tmp_path / "status.pdf"
    print_edition(path, with_list=False)
    output = PROFILE.extract(open_document(path))
    assert "The 施策 list (施策名 | 所管) was not found." in output.problems
    grades, checks = evaluate(output.cases)
    counted = [r for r in checks if r["kind"] == "sentence_count"]
    assert [(r["scope"], r["status"]) for r in counted] == [(f"「{len(MEASURES)}つの施策」", "not_computable")]
    assert [r["check_id"] for r in grades + checks if r["status"] == "mismatch"] == []
