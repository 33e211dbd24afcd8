"""The generic reader on a cost table in the style of 神戸市's 事務事業評価シート: years across
(20年度決算 … 25年度予算, bare years in the era the sheet writes elsewhere), items down (人件費 /
物件費 / 合計（A）/ 財源 / (差引) 一般財源 (B)), the unit in a caption row above; and the same
table turned (years down, items across). 合計（A） is recomputed from 人件費 + 物件費 and
(差引) 一般財源 (B) from A − 財源; a planted wrong 合計 is the only figure flagged.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from openpyxl import Workbook

from hyoka.audit.engine import evaluate
from hyoka.extractors import open_document
from hyoka.pipeline.ingest import ingest
from hyoka.profiles import ProfileOutput
from hyoka.profiles.generic import GENERIC

HEADERS = ["区分", "20年度決算", "21年度決算", "22年度決算", "23年度決算", "24年度決算", "25年度予算"]
STAFF = [1200, 1250, 1300, 1280, 1310, 1330]
GOODS = [3400, 3100, 2950, 3020, 2800, 2990]
REVENUE = [500, 480, 470, 455, 440, 430]
PLANTED_YEAR = 3  # 23年度: its printed 合計 is 100 more than 人件費 + 物件費


def lines(plant: bool) -> list[list[object]]:
    total = [
        s + g + (100 if plant and i == PLANTED_YEAR else 0) for i, (s, g) in enumerate(zip(STAFF, GOODS, strict=True))
    ]
    general = [t - r for t, r in zip(total, REVENUE, strict=True)]
    return [
        ["人件費", *STAFF],
        ["物件費", *GOODS],
        ["合計（A）", *total],
        ["財源", *REVENUE],
        ["(差引) 一般財源 (B)", *general],
    ]


def write_sheet(path: Path, *, plant: bool, turned: bool) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "評価シート"
    sheet["A1"] = "平成25年度 事務事業評価シート"
    sheet["A3"], sheet["B3"] = "事業名", "地域福祉推進事業"
    sheet["A5"] = "事業費の推移（単位：千円）"
    grid = [HEADERS, *lines(plant)]
    if turned:
        grid = [list(row) for row in zip(*grid, strict=True)]
    for r, row in enumerate(grid):
        for c, value in enumerate(row):
            sheet.cell(row=6 + r, column=1 + c, value=value)
    book.save(path)
    return path


Read = tuple[ProfileOutput, list[dict[str, Any]], list[dict[str, Any]]]


@pytest.fixture(scope="module", params=[False, True], ids=["years across", "years down"])
def read(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Read:
    folder = tmp_path_factory.mktemp("kobe")
    results = []
    for plant in (False, True):
        output = GENERIC.extract(
            open_document(write_sheet(folder / f"{plant}.xlsx", plant=plant, turned=request.param))
        )
        results.append((output, evaluate(output.cases)[1]))
    (clean, clean_checks), (_, planted_checks) = results
    return clean, clean_checks, planted_checks


def test_amounts_by_item_and_year(read: Read) -> None:
    clean, _, _ = read
    assert clean.report_fiscal_year == 2013
    got = {(b["item"], b["fiscal_year"], b["basis"]): b["amount"] for b in clean.budgets}
    assert len(clean.budgets) == 30
    assert got[("staff_cost", 2008, "settlement")] == 1_200_000.0
    assert got[("operating_cost", 2013, "budget")] == 2_990_000.0
    assert got[("total", 2010, "settlement")] == (1300 + 2950) * 1000.0
    assert got[("revenue_total", 2012, "settlement")] == 440_000.0
    assert got[("general_revenue", 2013, "budget")] == (1330 + 2990 - 430) * 1000.0


def test_totals_and_the_difference_are_recomputed(read: Read) -> None:
    _, checks, _ = read
    kinds = sorted(c["kind"] for c in checks)
    assert kinds == ["funding"] * 6 + ["total"] * 6
    assert all(c["status"] == "match" for c in checks)


def test_the_planted_total_is_flagged(read: Read) -> None:
    _, _, checks = read
    flagged = [c for c in checks if c["status"] != "match"]
    # The wrong 合計 disagrees with its parts; (B) = A − 財源 still holds, as printed.
    assert [(c["kind"], c["stated"]) for c in flagged] == [
        ("total", str(STAFF[PLANTED_YEAR] + GOODS[PLANTED_YEAR] + 100))
    ]


def one_table_sheet(path: Path, title: str, rows: list[list[object]], merges: tuple[str, ...] = ()) -> ProfileOutput:
    """A sheet about one measure with one amount table from row 5, read by the generic reader."""
    book = Workbook()
    sheet = book.active
    sheet["A1"] = "令和6年度 事務事業評価シート"
    sheet["A3"], sheet["B3"] = "事務事業名", title
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.cell(row=5 + r, column=1 + c, value=value if value != "" else None)
    for merged in merges:
        sheet.merge_cells(merged)
    book.save(path)
    return GENERIC.extract(open_document(path))


def test_a_total_column_beside_the_years_is_recomputed(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["区分", "R4年度", "R5年度", "R6年度", "合計"],
        ["事業費（千円）", 1200, 1350, 1410, 3960],
        ["人件費（千円）", 800, 820, 850, 2500],
    ]
    output = one_table_sheet(tmp_path / "column_total.xlsx", "防災啓発事業", rows)
    assert sorted((b["item"], b["fiscal_year"]) for b in output.budgets) == [
        ("project_cost", 2022), ("project_cost", 2023), ("project_cost", 2024),
        ("staff_cost", 2022), ("staff_cost", 2023), ("staff_cost", 2024),
    ]  # fmt: skip
    _, checks = evaluate(output.cases)
    # 事業費: 1200 + 1350 + 1410 = 3960 as printed; 人件費: 800 + 820 + 850 = 2470, printed 2500.
    assert sorted((c["stated"], c["status"]) for c in checks) == [("2500", "mismatch"), ("3960", "match")]


def test_a_group_total_sums_its_group_only(tmp_path: Path) -> None:
    """事業費 above a 財源 group whose 計 totals the group: the 計 is not 事業費 + 財源, and 統計 is no total."""
    rows: list[list[object]] = [
        ["区分", "", "R5年度", "R6年度"],
        ["事業費（千円）", "", 1000, 1200],
        ["財源（千円）", "国庫支出金", 300, 400],
        ["", "一般財源", 700, 800],
        ["", "計", 1000, 1200],
        ["統計（千円）", "", 5, 6],
    ]
    merges = ("A5:B5", "A6:B6", "A7:A9", "A10:B10")
    output = one_table_sheet(tmp_path / "group_total.xlsx", "統計調査事業", rows, merges)
    _, checks = evaluate(output.cases)
    assert sorted((c["kind"], c["stated"], c["status"]) for c in checks) == [
        ("funding", "1000", "match"),
        ("funding", "1200", "match"),
        ("total", "1000", "match"),
        ("total", "1200", "match"),
    ]


def test_names_printed_in_several_groups_are_each_checked_once(tmp_path: Path) -> None:
    """Two 事業 blocks and a 財源 group, each with its 計 (and 委託料 twice): each 計 is its own group's sum,
    keyed by its group, so no check is quarantined as a duplicate and the planted wrong 計 stays flagged. The
    財源 below fund both 事業 together (80 + 120 = 150 + 50): no breakdown of B事業's 計 alone, no funding check."""
    rows: list[list[object]] = [
        ["区分", "項目", "R5年度", "R6年度", "合計"],
        ["A事業（千円）", "委託料", 100, 200, 300],
        ["", "補助金", 50, 70, 120],
        ["", "計", 150, 270, 420],
        ["B事業（千円）", "委託料", 30, 40, 70],
        ["", "補助金", 20, 10, 30],
        ["", "計", 50, 60, 110],  # R6: 40 + 10 = 50, printed 60
        ["財源（千円）", "国庫支出金", 80, 130, 210],
        ["", "一般財源", 120, 200, 320],
        ["", "計", 200, 330, 530],
    ]
    (tmp_path / "in").mkdir()
    one_table_sheet(tmp_path / "in" / "groups.xlsx", "道路維持事業", rows, ("A6:A8", "A9:A11", "A12:A14"))
    ingest([tmp_path / "in"], tmp_path / "out")
    assert pd.read_parquet(tmp_path / "out" / "quarantine").empty
    checks = pd.read_parquet(tmp_path / "out" / "checks")
    by_line = {tuple(c.split(":")[-2:]): (s, v) for c, s, v in checks[["check_id", "stated", "status"]].to_numpy()}
    assert by_line == {
        ("A事業(千円)-計", "2"): ("150", "match"),
        ("A事業(千円)-計", "3"): ("270", "match"),
        ("B事業(千円)-計", "2"): ("50", "match"),
        ("B事業(千円)-計", "3"): ("60", "mismatch"),
        ("財源(千円)-計", "2"): ("200", "match"),
        ("財源(千円)-計", "3"): ("330", "match"),
        ("A事業(千円)-委託料", "sum"): ("300", "match"),
        ("A事業(千円)-補助金", "sum"): ("120", "match"),
        ("A事業(千円)-計", "sum"): ("420", "match"),
        ("B事業(千円)-委託料", "sum"): ("70", "match"),
        ("B事業(千円)-補助金", "sum"): ("30", "match"),
        ("B事業(千円)-計", "sum"): ("110", "match"),
        ("国庫支出金", "sum"): ("210", "match"),
        ("一般財源", "sum"): ("320", "match"),
        ("財源(千円)-計", "sum"): ("530", "match"),
    }


def test_the_sources_under_zaigen_uchiwake_are_the_cost_and_a_main_breakdown_a_selection(tmp_path: Path) -> None:
    """事業費 over 主な内訳 (a selection: 委託料 is not all of it) and 財源内訳 (its sources, adding up to it): the
    sources keep their items, 事業費 is checked against their 計 and the 計 against them; the planted R6 計
    (400 + 200 + 600 = 1200, printed 1300) is flagged both ways."""
    rows: list[list[object]] = [
        ["区分", "", "R5年度", "R6年度"],
        ["事業費（千円）", "", 1000, 1200],
        ["主な内訳（千円）", "委託料", 600, 700],
        ["財源内訳（千円）", "国庫支出金", 300, 400],
        ["", "地方債", 200, 200],
        ["", "一般財源", 500, 600],
        ["", "計", 1000, 1300],
    ]
    output = one_table_sheet(tmp_path / "sources.xlsx", "道路維持事業", rows, ("A6:B6", "A8:A11"))
    items = {(b["item_label"], b["item"]) for b in output.budgets}
    assert items == {
        ("事業費（千円）", "project_cost"),
        ("委託料", "line_item"),
        ("国庫支出金", "national_prefectural_funds"),
        ("地方債", "local_bonds"),
        ("一般財源", "general_revenue"),
        ("計", "total"),
    }
    _, checks = evaluate(output.cases)
    assert sorted((c["kind"], c["stated"], c["status"]) for c in checks) == [
        ("funding", "1000", "match"),
        ("funding", "1200", "mismatch"),
        ("total", "1000", "match"),
        ("total", "1300", "mismatch"),
    ]
