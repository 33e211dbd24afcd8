"""横浜市 行動計画 中間振り返り in shapes the sample builder does not print: a next edition (令和2年度 review,
years 元年度 / 2年度) with the measure list on landscape pages in another column order (分野 / No. / 施策名 /
所管局 / 所管課 / 進捗評価 / 元年度 / 2年度 / 平均) and detail sheets flowing several to a page, one across a
page break; and the same edition without its list. The truth is the data printed below."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

from hyoka.audit.engine import evaluate
from hyoka.extractors import open_document
from hyoka.extractors.model import TextBlock
from hyoka.profiles import ProfileOutput, spec_profile
from hyoka.profiles.yokohama_action_plan_review_reading import read
from samples.build.common import register_fonts, wrap_text

PROFILE = spec_profile("yokohama_action_plan_review")
FONT = "IPAexGothic"
MARGIN = 40.0


@dataclass(frozen=True)
class Measure:
    no: int
    group: str
    title: str
    department: str
    division: str
    rates: tuple[str, str]  # 元年度, 2年度 目標達成率 as printed
    average: str
    grade: str
    kanmin: bool
    sentan: bool
    target: str
    actual: str
    extra_indicators: int = 0  # further indicator rows, to make a sheet run over a page break


GROUPS = ("安全で安心できる豊かな市民生活", "コスト縮減と信頼され効率的な行政運営")
MEASURES = (
    Measure(
        1,
        GROUPS[0],
        "防災情報システムの再構築",
        "総務局",
        "情報技術課",
        ("100%", "100%"),
        "100%",
        "B",
        False,
        True,
        "100件",
        "100件",
    ),
    Measure(
        2,
        GROUPS[0],
        "オープンデータの整備と活用の推進",
        "政策局",
        "政策課",
        ("130%", "150%"),
        "140%",
        "A",
        True,
        False,
        "20件",
        "30件",
    ),
    Measure(
        3,
        GROUPS[0],
        "介護ロボットの導入支援",
        "健康福祉局",
        "高齢健康福祉課",
        ("50%", "70%"),
        "60%",
        "C",
        False,
        True,
        "10台",
        "7台",
        extra_indicators=14,
    ),
    Measure(
        4,
        GROUPS[1],
        "電子申請システムの拡充",
        "総務局",
        "ICT基盤管理課",
        ("100%", "110%"),
        "105%",
        "B",
        True,
        True,
        "50手続",
        "55手続",
    ),
    Measure(
        5,
        GROUPS[1],
        "税務システムの再構築の検討",
        "財政局",
        "税務課",
        ("95%", "100%"),
        "98%",
        "B",
        False,
        False,
        "4回",
        "4回",
    ),
    Measure(
        6,
        GROUPS[1],
        "ペーパーレス化の推進",
        "総務局",
        "行政・情報マネジメント課",
        ("120%", "140%"),
        "130%",
        "A",
        True,
        False,
        "10課",
        "14課",
    ),
)
LIST_HEADER = ("分野", "No.", "施策名", "所管局", "所管課", "進捗評価", "元年度", "2年度", "平均")
LIST_WIDTHS = (110, 34, 230, 80, 120, 60, 50, 50, 50)


class Printer:
    """A canvas with a cursor: ruled rows, page breaks, portrait or landscape pages."""

    def __init__(self, path: Path) -> None:
        register_fonts()
        self.canvas = Canvas(str(path), pagesize=A4, invariant=1)
        self.size = A4
        self.y = A4[1] - MARGIN
        self.pages = 1

    def page(self, size: tuple[float, float] | None = None) -> None:
        self.canvas.showPage()
        self.size = size or A4
        self.canvas.setPageSize(self.size)
        self.y = self.size[1] - MARGIN
        self.pages += 1

    def text(self, words: str, size: float = 11) -> None:
        self.canvas.setFont(FONT, size)
        self.canvas.drawString(MARGIN, self.y - size, words)
        self.y -= size + 10

    def row(self, cells: tuple[str, ...], widths: tuple[float, ...], shade: bool = False) -> None:
        lines = [wrap_text(c, w - 6, FONT, 8) for c, w in zip(cells, widths, strict=True)]
        height = max(len(ls) for ls in lines) * 10 + 6
        if self.y - height < MARGIN:
            self.page(self.size)
        x = MARGIN
        for cell_lines, width in zip(lines, widths, strict=True):
            if shade:
                self.canvas.setFillGray(0.88)
                self.canvas.rect(x, self.y - height, width, height, stroke=0, fill=1)
                self.canvas.setFillGray(0)
            self.canvas.rect(x, self.y - height, width, height, stroke=1, fill=0)
            self.canvas.setFont(FONT, 8)
            for i, line in enumerate(cell_lines):
                self.canvas.drawString(x + 3, self.y - 11 - 10 * i, line)
            x += width
        self.y -= height

    def spanning_header(self, texts: tuple[str, ...], widths: tuple[float, ...], under: tuple[str, ...]) -> None:
        """Two header rows: each column's name over both rows, except the last len(under) columns, which
        share one name (the last of `texts`) over their own names."""
        height, canvas = 16.0, self.canvas
        lone = len(widths) - len(under)
        boxes = [(x0, 2 * height, t) for x0, t in zip(_starts(widths[:lone]), texts[:lone], strict=True)]
        spanned = MARGIN + sum(widths[:lone])
        boxes.append((spanned, height, texts[-1]))
        canvas.setFont(FONT, 8)
        for (left, tall, text), width in zip(boxes, (*widths[:lone], sum(widths[lone:])), strict=True):
            canvas.setFillGray(0.88)
            canvas.rect(left, self.y - tall, width, tall, stroke=0, fill=1)
            canvas.setFillGray(0)
            canvas.rect(left, self.y - tall, width, tall, stroke=1, fill=0)
            canvas.drawString(left + 3, self.y - 11, text)
        for left, width, text in zip(_starts(widths[lone:], spanned), widths[lone:], under, strict=True):
            canvas.rect(left, self.y - 2 * height, width, height, stroke=1, fill=0)
            canvas.drawString(left + 3, self.y - height - 11, text)
        self.y -= 2 * height

    def gap(self, height: float = 12) -> None:
        self.y -= height

    def save(self) -> None:
        self.canvas.showPage()
        self.canvas.save()


def _starts(widths: tuple[float, ...], left: float = MARGIN) -> list[float]:
    """The left edge of each column."""
    edges = [left]
    for width in widths[:-1]:
        edges.append(edges[-1] + width)
    return edges


def counts(group: str | None) -> tuple[str, ...]:
    members = [m for m in MEASURES if group is None or m.group == group]
    by_grade = [sum(m.grade == g for m in members) for g in "ABC"]
    return (*(str(n) for n in by_grade), str(len(members)))


def print_edition(
    path: Path,
    *,
    with_list: bool,
    header_rows: int = 1,
    with_flags: bool = True,
    boxed_heads: bool = True,
    group_rows: bool = False,
    labels_missing: int | None = None,
) -> None:
    out = Printer(path)
    out.text("情報化の基本方針 行動計画 中間振り返り (令和2年度)", 14)
    out.text("分野別集計")
    widths = (220.0, 60.0, 60.0, 60.0, 60.0)
    out.row(("分野", "A評価", "B評価", "C評価", "合計"), widths, shade=True)
    for number, group in enumerate(GROUPS, start=1):
        out.row((f"{number} {group}", *counts(group)), widths)
    out.row((f"全施策 ({len(MEASURES)} 施策)", *counts(None)), widths)
    if with_list:
        out.page(landscape(A4))
        out.text("実行施策の振り返り一覧 (目標達成率)")
        # The 分野 as a column, or as a row spanning the list before its measures.
        header, widths = (LIST_HEADER[1:], LIST_WIDTHS[1:]) if group_rows else (LIST_HEADER, LIST_WIDTHS)
        if header_rows == 1:
            out.row(header, widths, shade=True)
        else:  # 目標達成率 spans the year and 平均 columns
            out.spanning_header((*header[:-3], "目標達成率"), widths, header[-3:])
        for m in MEASURES:
            if group_rows and m.group != next((p.group for p in MEASURES if p.no == m.no - 1), None):
                out.row((m.group,), (sum(widths),))
            cells = (f"{m.no:02d}", m.title, m.department, m.division, m.grade, *m.rates, m.average)
            out.row(cells if group_rows else (m.group, *cells), widths)
    out.page()
    for m in MEASURES:
        detail_sheet(out, m, with_flags, boxed_heads, labels=m.no != labels_missing)
    out.save()


def detail_sheet(out: Printer, m: Measure, with_flags: bool, boxed_head: bool, labels: bool = True) -> None:
    """One sheet, flowing on from the last: several to a page, a long one across a page break; its head
    boxed (施策 NN | title), or a heading line; without `labels`, its 所管局 / 官民データ table left out."""
    if out.y < 300:
        out.page()
    if boxed_head:
        out.row((f"施策 {m.no:02d}", m.title), (60.0, 455.0), shade=True)
    else:
        out.text(f"施策 {m.no:02d}　{m.title}", 12)
    if labels and with_flags:
        out.row(("所管局", "所管課", "官民データ", "先端技術"), (150.0, 185.0, 90.0, 90.0), shade=True)
        out.row(
            (m.department, m.division, "○" if m.kanmin else "", "○" if m.sentan else ""), (150.0, 185.0, 90.0, 90.0)
        )
    elif labels:  # a producer that leaves the marks out: the sheets print 所管 only
        out.row(("所管局", "所管課"), (150.0, 365.0), shade=True)
        out.row((m.department, m.division), (150.0, 365.0))
    out.gap()
    out.text("【令和2年度目標の達成率評価】", 9)
    out.row(("指標", "目標値", "結果"), (215.0, 150.0, 150.0), shade=True)
    out.row(("実績件数", m.target, m.actual), (215.0, 150.0, 150.0))
    for i in range(m.extra_indicators):
        out.row((f"参考指標 {i + 1}", m.target, m.actual), (215.0, 150.0, 150.0))
    out.gap()
    out.text("【2か年の中間評価】", 9)
    rate_widths = (125.0, 125.0, 125.0, 140.0)
    out.row(("令和元年度目標達成率", "令和2年度目標達成率", "過年度の平均達成率", "進捗評価"), rate_widths, shade=True)
    out.row((*m.rates, m.average, m.grade), rate_widths)
    out.gap(20)


class Run:
    def __init__(self, path: Path, boxed_heads: bool = True) -> None:
        self.boxed_heads = boxed_heads
        self.document = open_document(path)
        self.output: ProfileOutput = PROFILE.extract(self.document)
        self.grades, self.checks = evaluate(self.output.cases)

    def rows(self) -> Iterator[dict[str, object]]:
        yield from self.grades
        yield from self.checks


@pytest.fixture(
    scope="module",
    params=[(1, True, False), (2, False, True)],
    ids=["one header row, 分野 column, boxed heads", "目標達成率 spanning its years, 分野 group rows, heading lines"],
)
def next_edition(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Run:
    path = tmp_path_factory.mktemp("yokohama_next") / "review.pdf"
    header_rows, boxed_heads, group_rows = request.param
    print_edition(path, with_list=True, header_rows=header_rows, boxed_heads=boxed_heads, group_rows=group_rows)
    return Run(path, boxed_heads)


@pytest.fixture(scope="module")
def without_list(tmp_path_factory: pytest.TempPathFactory) -> Run:
    path = tmp_path_factory.mktemp("yokohama_no_list") / "review.pdf"
    print_edition(path, with_list=False)
    return Run(path)


def test_the_next_edition_is_printed_as_described(next_edition: Run) -> None:
    pages = next_edition.document.pages
    assert any(p.width > p.height for p in pages)  # the list is landscape
    sheets = read(next_edition.document).details
    assert len(sheets) == len(MEASURES)
    assert all(isinstance(s.head, TextBlock) != next_edition.boxed_heads for s in sheets)
    per_page = Counter(s.head.evidence.page for s in sheets)
    assert max(per_page.values()) >= 2  # detail sheets flow several to a page
    # One runs over a page break: its grade printed on the page after its head.
    assert any(s.head.page != grade.page for s in sheets if (grade := s.values.get("grade")) is not None)  # type: ignore[union-attr]


def test_the_list_is_read_whatever_its_column_order_and_orientation(next_edition: Run) -> None:
    assert next_edition.output.problems == []
    measures = {m["measure_no"]: m for m in next_edition.output.measures}
    assert sorted(measures, key=int) == [str(m.no) for m in MEASURES]
    for m in MEASURES:
        row = measures[str(m.no)]
        assert (row["title"], row["group_name"]) == (m.title, m.group)
        assert (row["departments"], row["divisions"]) == ([m.department], [m.division])
        assert (row["flag_kanmin_data"], row["flag_sentan_gijutsu"]) == (m.kanmin, m.sentan)
        assert row["in_list"] is True


def test_rates_by_year_read_from_the_document(next_edition: Run) -> None:
    assert next_edition.output.report_fiscal_year == 2020
    rates = {
        (v["measure_key"], v["fiscal_year"], v["place"]): v["value_text"]
        for v in next_edition.output.indicator_values
        if v["metric"] == "achievement_rate"
    }
    for m in MEASURES:
        for place in ("list", "detail"):
            assert (rates[(str(m.no), 2019, place)], rates[(str(m.no), 2020, place)]) == m.rates


def test_grades_from_list_and_flowing_detail_sheets(next_edition: Run) -> None:
    stated = {(g["measure_key"], g["place"]): g["stated_grade"] for g in next_edition.grades}
    assert stated == {(str(m.no), place): m.grade for m in MEASURES for place in ("list", "detail")}


def test_a_consistent_edition_gives_no_alarm(next_edition: Run) -> None:
    summary = [r for r in next_edition.checks if r["kind"] == "summary_count"]
    assert len(summary) == 4 * (len(GROUPS) + 1)
    unmatched = {
        r.get("check_id") or r["measure_key"]: r["status"] for r in next_edition.rows() if r["status"] != "match"
    }
    # The edition prints no 再掲 lists: a detail sheet's ○ has nothing to be compared with.
    assert unmatched == {
        f"flag_vs_relisted:{m.no}:{flag}": "not_computable"
        for m in MEASURES
        for flag in ("flag_kanmin_data", "flag_sentan_gijutsu")
    }


def test_the_auditor_reads_each_check_scope_and_reason_in_japanese(next_edition: Run) -> None:
    # Each list-vs-detail check names the 施策, the fact and the two places it compares (一覧・個票).
    scopes = {r["check_id"]: r["scope"] for r in next_edition.checks}
    for m in MEASURES:
        assert scopes[f"title_list_vs_detail:{m.no}"] == f"施策{m.no} 施策名（一覧・個票）"
        assert scopes[f"departments_list_vs_detail:{m.no}"] == f"施策{m.no} 所管局（一覧・個票）"
        assert scopes[f"grade_list_vs_detail:{m.no}"] == f"施策{m.no} 進捗評価（一覧・個票）"
        assert scopes[f"measure_in_list:{m.no}"] == f"施策{m.no} 掲載（一覧・個票）"
    # A sheet's rate against its indicators names how each indicator reads: 施策1's 100件 of 100件 is a number.
    (rate,) = [
        r["scope"] for r in next_edition.checks if r["kind"] == "rate_vs_indicators" and r["scope"].startswith("施策1 ")
    ]
    assert rate.startswith("施策1 個票 ") and "年度 目標達成率（評価指標から）［" in rate
    assert rate.endswith("：数値（実績 ÷ 目標値）］")
    # The edition prints no 再掲 lists: a ○ is not computable, and the explanation says which list is missing.
    flags = [r for r in next_edition.checks if r["kind"] == "flag_vs_relisted"]
    assert flags
    assert {r["detail"].split("：", 1)[1] for r in flags if r["check_id"].endswith("flag_kanmin_data")} == {
        "計算できない：官民データの再掲一覧を読めていない"
    }


def test_without_its_list_the_edition_is_partial_and_counts_are_not_computable(without_list: Run) -> None:
    assert without_list.output.problems == [
        "The measure list 振り返り一覧 (施策名 | 所管局 | 所管課 | 進捗評価) was not found."
    ]
    summary = [r for r in without_list.checks if r["kind"] == "summary_count"]
    assert len(summary) == 4 * (len(GROUPS) + 1)
    assert {r["status"] for r in summary} == {"not_computable"}
    assert [r.get("check_id") or r["measure_key"] for r in without_list.rows() if r["status"] == "mismatch"] == []
    assert len(without_list.output.measures) == len(MEASURES)  # from the detail sheets
    assert without_list.output.report_fiscal_year == 2020


def test_detail_sheets_without_their_marks_make_the_edition_partial(tmp_path: Path) -> None:
    path = tmp_path / "review.pdf"
    print_edition(path, with_list=True, with_flags=False)
    output = PROFILE.extract(open_document(path))
    numbers = ", ".join(str(m.no) for m in MEASURES)
    assert output.problems == [
        f"The 官民データ mark of the detail sheets of 施策 {numbers} was not read.",
        f"The 先端技術 mark of the detail sheets of 施策 {numbers} was not read.",
    ]
    assert {m["flag_kanmin_data"] for m in output.measures} == {None}


def test_a_headed_sheet_that_is_not_read_is_said_and_not_judged(tmp_path: Path) -> None:
    """施策 2's heading line is printed without the labels table a sheet opens with: the sheet is not read, the
    edition says so, and 施策 2's list/detail checks are not computable rather than alarms; its tables are
    not taken for 施策 1's."""
    path = tmp_path / "review.pdf"
    print_edition(path, with_list=True, boxed_heads=False, labels_missing=2)
    run = Run(path, boxed_heads=False)
    assert "The detail sheets of 施策 2 are headed but were not read." in run.output.problems
    assert [s.measure_no for s in read(run.document).details] == [str(m.no) for m in MEASURES if m.no != 2]
    status = {r.get("check_id"): r["status"] for r in run.checks}
    assert status["measure_in_list:2"] == "not_computable"
    (listing,) = [r for r in run.checks if r["check_id"] == "measure_in_list:2"]
    assert listing["detail"].endswith("：計算できない：施策2の個票を読めていない")
    assert [r.get("check_id") or r["measure_key"] for r in run.rows() if r["status"] == "mismatch"] == []
