"""Figures per year and metric (`hyoka.specs.metric_rows`): a KPI spanning a 予定 and a 実績 row labelled in a
column of their own, and a list whose year columns stand over 予定 | 実績 or under 実施年度 (marks, not
figures); a record's text judging its progress or stating a total, against its latest figures. The tables
and texts are written here (their figures, and so their truth, are this module's)."""

from __future__ import annotations

from pathlib import Path

from hyoka.audit.rules import FigureRule
from hyoka.extractors.model import Cell, Document, Evidence, Page, Table
from hyoka.specs import indicator_value_row
from hyoka.specs.locate import Column, TableSpec, YearColumn, locate
from hyoka.specs.metric_rows import (
    YearFigures,
    column_metrics,
    figure_rows,
    metric_records,
    progress_case,
    row_figures,
    stated_total_case,
)
from hyoka.specs.schema import IndicatorUnits
from tests.specs.test_judgements import RULE

LABELS = {"予定": "target", "実績": "actual"}


def _cell(r: int, c: int, text: str, rows: int = 1, cols: int = 1) -> Cell:
    box = (50 + 80 * c, 100 + 20 * r, 50 + 80 * (c + cols), 100 + 20 * (r + rows))
    return Cell(r, c, rows, cols, text=text, evidence=Evidence(1, box))


def _table(cells: list[Cell], n_rows: int, n_cols: int) -> Table:
    return Table("p1-t1", cells, n_rows, n_cols, pages=[1], bboxes={1: (50, 100, 50 + 80 * n_cols, 100 + 20 * n_rows)})


def _texts(values: list[tuple[int, str, Cell]]) -> list[tuple[int, str, str]]:
    return [(year, metric, cell.text) for year, metric, cell in values]


def test_a_record_over_its_metric_rows() -> None:
    # 課題 | KPI | 区分 | R5 | R6: two KPIs, each over a 予定 and a 実績 row; the second's R6 実績 not yet printed.
    header = [_cell(0, 0, "課題"), _cell(0, 1, "KPI"), _cell(0, 2, ""), _cell(0, 3, "R5"), _cell(0, 4, "R6")]
    body = [
        _cell(1, 0, "データ活用", rows=4),
        _cell(1, 1, "事業立案数", rows=2),
        *(_cell(1, c, t) for c, t in ((2, "予定"), (3, "3"), (4, "5"))),
        *(_cell(2, c, t) for c, t in ((2, "実績"), (3, "4"), (4, "6"))),
        _cell(3, 1, "申請利用率", rows=2),
        *(_cell(3, c, t) for c, t in ((2, "予定"), (3, "20%"), (4, "30%"))),
        *(_cell(4, c, t) for c, t in ((2, "実績"), (3, "12.1%"), (4, ""))),
    ]
    table = _table(header + body, 5, 5)
    years = [YearColumn(2023, 3, header[3]), YearColumn(2024, 4, header[4])]
    records = metric_records(table, range(0, 1), 1, years, LABELS)
    assert records is not None
    assert [(r.row, r.key_cell.text) for r in records] == [(1, "事業立案数"), (3, "申請利用率")]
    assert _texts(records[0].figures.values) == [
        (2023, "target", "3"),
        (2023, "actual", "4"),
        (2024, "target", "5"),
        (2024, "actual", "6"),
    ]
    assert _texts(records[1].figures.values) == [
        (2023, "target", "20%"),
        (2023, "actual", "12.1%"),
        (2024, "target", "30%"),
    ]
    assert {y: c.text for y, c in records[1].figures.by_year("actual").items()} == {2023: "12.1%"}
    assert records[0].figures.printed_years == {2023: "R5", 2024: "R6"}
    # No column printing only the labels: no metric rows.
    assert metric_records(table, range(0, 1), 1, years, {"目標": "target"}) is None


def test_year_columns_over_a_metric_or_under_the_marker_word() -> None:
    # PID | 名称 | R5 over 予定 | 実績 | 実施年度 over R5 | R6 (marks).
    header = [
        _cell(0, 0, "PID", rows=2),
        _cell(0, 1, "名称", rows=2),
        _cell(0, 2, "R5", cols=2),
        _cell(0, 4, "実施年度", cols=2),
        *(_cell(1, c, t) for c, t in ((2, "予定"), (3, "実績"), (4, "R5"), (5, "R6"))),
    ]
    rows = [("観光1-1", "観光アプリ", "3", "4", "○", "⇒"), ("観光1-2", "観光データ", "2", "", "", "○")]
    body = [_cell(r, c, t) for r, row in enumerate(rows, start=2) for c, t in enumerate(row)]
    document = Document(Path("list.pdf"), "pdf", pages=[Page(1, 842, 595, tables=[_table(header + body, 4, 6)])])
    spec = TableSpec("the list", (Column("pid", ("PID",)), Column("name", ("名称",))), "pid", years=True)
    location = locate(document, spec, 2023)
    assert location is not None
    metrics, markers = column_metrics(location, "実施年度")
    assert metrics == {2: "target", 3: "actual"} and markers == {4, 5}
    first, second = (row_figures(location, row, metrics, markers) for row in location.rows)
    assert _texts(first.values) == [(2023, "target", "3"), (2023, "actual", "4")]
    assert [(year, cell.text) for year, cell in first.markers] == [(2023, "○"), (2024, "⇒")]
    assert _texts(second.values) == [(2023, "target", "2")] and [y for y, _ in second.markers] == [2024]
    # Without a marker word the 実施年度 columns are neither figures nor marks.
    assert column_metrics(location, None) == (metrics, set())


# A progress rule as a plan words it (実績 ÷ 予定, 100% or more on track), its wordings for each grade.
PROGRESS = RULE
WORDS = {"target": "予定", "actual": "実績"}


def _figures(*printed: tuple[int, str, str]) -> YearFigures:
    figures = YearFigures()
    for year, metric, text in printed:
        figures.add(YearColumn(year, 0, _cell(0, 0, f"R{year - 2018}")), metric, _cell(1, 0, text))
    return figures.ordered()


def test_a_text_judging_progress_against_the_latest_year_printing_both() -> None:
    # R6 prints no 実績 yet: the latest year printing both is R5, 4 of a plan of 5, behind; the text says 計画通り.
    figures = _figures((2023, "target", "5"), (2023, "actual", "4"), (2024, "target", "6"))
    case = progress_case(PROGRESS, _cell(1, 5, "計画通りに進んでいる。"), figures, "KPI:1", WORDS, less=False)
    assert case is not None
    assert (case.stated_grade, case.fiscal_year, case.measure_key) == ("on_track", 2023, "KPI:1")
    assert [(f.text, f.label, f.rounding) for f in case.inputs] == [("4", "実績", "exact"), ("5", "予定", "exact")]
    # Where less is better (待ち時間) the plan comes first: 予定 ÷ 実績.
    less = progress_case(PROGRESS, _cell(1, 5, "目標を下回った。"), figures, "KPI:2", WORDS, less=True)
    assert less is not None and [f.text for f in less.inputs] == ["5", "4"] and less.stated_grade == "behind"
    # A blank text or a no-figure mark states nothing.
    assert progress_case(PROGRESS, _cell(1, 5, ""), figures, "KPI:3", WORDS, less=False) is None
    assert progress_case(PROGRESS, _cell(1, 5, "-"), figures, "KPI:3", WORDS, less=False) is None


def test_a_total_a_text_states_against_the_latest_actual() -> None:
    rule = FigureRule("text_total", "text_vs_numbers", "文が述べる合計は最新年度の実績に等しい", "value")
    figures = _figures((2023, "actual", "1"), (2024, "actual", "3"))
    pattern = r"合計\s*(\d[\d,.]*)\s*([^\d\s、。,]{1,3})"
    case = stated_total_case(
        rule, pattern, _cell(1, 5, "これまでに合計4基、設置した。"), figures, "KPI:1", "赤潮検知", "最新の実績"
    )
    assert case is not None
    assert (case.stated.value, case.stated.text, [(f.text, f.label) for f in case.inputs]) == (
        4.0,
        "合計4基",
        [("3", "最新の実績")],
    )
    assert stated_total_case(rule, pattern, _cell(1, 5, "4基設置した。"), figures, "KPI:1", "赤潮検知", "最新") is None


def test_a_record_s_figures_as_rows_in_the_unit_its_name_or_formula_gives() -> None:
    # A KPI 設置窓口数 printing 予定 3 and 実績 2 in R5: no figure prints a unit, its name ends with 窓口数.
    r5 = _cell(0, 3, "R5")
    figures = YearFigures()
    figures.add(YearColumn(2023, 3, r5), "target", _cell(1, 3, "3"))
    figures.add(YearColumn(2023, 3, r5), "actual", _cell(2, 3, "2"))
    units = IndicatorUnits(counters={"窓口数": "窓口", "項目数": "項目"}, formula_counters=["項目数"], default="件")
    rows = figure_rows(figures.ordered(), units, indicator_value_row, "設置窓口数", measure_key="KPI:観光-1-1")
    assert [(r["fiscal_year"], r["metric"], r["value"], r["unit"], r["measure_key"]) for r in rows] == [
        (2023, "target", 3.0, "窓口", "KPI:観光-1-1"),
        (2023, "actual", 2.0, "窓口", "KPI:観光-1-1"),
    ]
    assert rows[0]["indicator_name"] == "設置窓口数" and rows[0]["value_text"] == "3"
    # A name ending in no counter word (…数): the counter its formula counts (項目数), else the default.
    counted = figure_rows(figures, units, indicator_value_row, "公開データ数", "公開項目数")
    assert {r["unit"] for r in counted} == {"項目"}
    assert {r["unit"] for r in figure_rows(figures, units, indicator_value_row, "公開データ数")} == {"件"}
