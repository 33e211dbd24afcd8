"""北海道 基本評価調書 in shapes its next editions take, built here with openpyxl from what a person wrote:

- another producer's workbook with a blank column inserted at A, its headers worded `事業費 (千円)`,
  `うち 一般財源`, `人工 計`, `フル コスト (千円)`, and the 成果指標 counted in persons (`#,##0"人"`);
- a 3-2 grid printed the other way round (years down a 年度 column, 目標値 / 実績値 / 達成率 across), and
  its 評価年度 down with the 達成度合 beside them.
"""

from __future__ import annotations

import csv
from copy import copy
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from hyoka.audit.engine import evaluate
from hyoka.extractors import open_document
from hyoka.profiles import ProfileOutput, detect, spec_profile

PROFILE = spec_profile("hokkaido_basic_evaluation")

ROOT = Path(__file__).resolve().parents[2]
OTHER = ROOT / "tests" / "data" / "other-producer"
FACTS = OTHER / "facts" / "hokkaido_basic_evaluation"
REWORDED = {
    "事業費（千円）": "事業費 (千円)",
    "うち一般財源": "うち 一般財源",
    "人工計": "人工 計",
    "フルコスト（千円）": "フル コスト (千円)",
}
PERSONS = '#,##0"人"'


def facts(name: str) -> list[dict[str, str]]:
    with (FACTS / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def insert_blank_first_column(ws: Worksheet) -> None:
    """Column A inserted blank but ruled like its neighbour, so that it stays inside the sheet's tables; merged
    ranges move with their cells (openpyxl moves only the cells)."""
    merged = [str(r) for r in ws.merged_cells.ranges]
    for ref in merged:
        ws.unmerge_cells(ref)
    ws.insert_cols(1)
    for ref in merged:
        moved = openpyxl.worksheet.cell_range.CellRange(ref)
        moved.shift(col_shift=1)
        ws.merge_cells(moved.coord)
    for row in range(1, ws.max_row + 1):
        ws.cell(row=row, column=1).border = copy(ws.cell(row=row, column=2).border)


def count_in_persons(ws: Worksheet) -> None:
    """The 成果指標 as a head count: its name says (人), its figures print `#,##0"人"`, its rates plain."""
    rate_rows = {c.row for row in ws.iter_rows() for c in row if c.value == "達成率"}
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.endswith("(%)"):
                cell.value = cell.value.removesuffix("(%)") + "(人)"
            if '"%"' in cell.number_format:
                cell.number_format = "0" if cell.row in rate_rows else PERSONS


@pytest.fixture(scope="module")
def next_edition(tmp_path_factory: pytest.TempPathFactory) -> tuple[ProfileOutput, list[dict[str, Any]]]:
    book = openpyxl.load_workbook(OTHER / "hokkaido_basic_evaluation_values.xlsx")
    ws = book.worksheets[0]
    insert_blank_first_column(ws)
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value in REWORDED:
                cell.value = REWORDED[cell.value]
    count_in_persons(ws)
    path = tmp_path_factory.mktemp("hokkaido_shapes") / "next_edition.xlsx"
    book.save(path)
    document = open_document(path)
    assert detect(document) is PROFILE
    output = PROFILE.extract(document)
    grades, checks = evaluate(output.cases)
    return output, grades + checks


def test_next_edition_is_read_completely(next_edition: tuple[ProfileOutput, list[dict[str, Any]]]) -> None:
    output, _ = next_edition
    assert output.problems == []


def test_projects_and_amounts_under_reworded_shifted_headers(
    next_edition: tuple[ProfileOutput, list[dict[str, Any]]],
) -> None:
    output, _ = next_edition
    assert [(m["measure_no"], m["title"]) for m in output.measures] == [
        (p["project_no"], p["name"]) for p in facts("projects")
    ]
    amounts = {(b["measure_key"], b["item"]): b["amount"] for b in output.budgets}
    for project in facts("projects"):
        for item in ("project_cost", "general_revenue", "staff_total", "full_cost"):
            column = f"{item}_yen" if f"{item}_yen" in project else item
            assert amounts[(project["project_no"], item)] == pytest.approx(float(project[column])), (project, item)
    # Shifted one column right: the first project's number now stands in column B.
    assert output.measures[0]["cell"].startswith("B")
    policy = [(b["fiscal_year"], b["amount"]) for b in output.budgets if b["item"] == "budget"]
    assert policy == [(int(f["fiscal_year"]), float(f["budget_yen"])) for f in facts("policy_budget")]


def test_totals_and_counts_beside_the_blank_column(next_edition: tuple[ProfileOutput, list[dict[str, Any]]]) -> None:
    """The 計 row and the count tables are labelled in their first printed column, not the sheet's first."""
    _, rows = next_edition
    status = {r["check_id"]: r["status"] for r in rows if "check_id" in r}
    (total,) = facts("totals")
    expected = {
        "hokkaido_column_total:project_cost:1": "match",  # 計 4,561,152
        "hokkaido_column_total:staff_total:1": "match",  # 計 43.0
        "hokkaido_level_count:3(1)C:A": "match",  # 3(1)C A = 1
        "hokkaido_level_count_total:A": "match",
        "hokkaido_reflection_count:改善": "match",  # 改善 2
        "hokkaido_reflection_total:total": "match",
    }
    assert total["project_cost_yen"] and {k: status.get(k) for k in expected} == expected


def test_indicator_counted_in_persons(next_edition: tuple[ProfileOutput, list[dict[str, Any]]]) -> None:
    output, _ = next_edition
    grid = {
        (v["fiscal_year"], v["metric"], v["place"].split()[-1]): v
        for v in output.indicator_values
        if v["place"].startswith("3-2")
    }
    expected = {  # indicator.csv's figures, printed with the formats this test gave them
        (2019, "target", "年度別"): (136.0, "136人"),
        (2019, "actual", "年度別"): (167.0, "167人"),
        (2019, "achievement_rate", "年度別"): (123.0, "123"),
        (2020, "target", "年度別"): (140.0, "140人"),
        (2020, "actual", "年度別"): (None, "-"),
        (2020, "achievement_rate", "年度別"): (None, "-"),
        (2025, "target", "進捗率"): (150.0, "150人"),
        (2019, "actual", "進捗率"): (167.0, "167人"),
        (2025, "achievement_rate", "進捗率"): (111.0, "111"),
    }
    assert {key: (v["value"], v["value_text"]) for key, v in grid.items()} == expected
    assert {v["unit"] for v in grid.values() if v["metric"] != "achievement_rate" and v["value"]} == {"人"}


def test_judgement_and_its_finding(next_edition: tuple[ProfileOutput, list[dict[str, Any]]]) -> None:
    _, rows = next_edition
    (judgement,) = [r for r in rows if r.get("grade_type") == "judgement"]
    assert (judgement["stated_grade"], judgement["recomputed_grade"], judgement["status"]) == ("C", "c", "match")
    flagged = [(r.get("kind"), r["stated"]) for r in rows if r["status"] in ("mismatch", "ambiguous", "notation")]
    assert flagged == [("judgement_notation", "C")]


# A 3-2 grid the other way round, beside the labels of 3, as a person would type it.
TRANSPOSED = (
    ("A1", "主①"), ("B1", "指標名"), ("C1", "基準年度"), ("D1", "H26"),
    ("B2", "来庁者数(人)"), ("C2", "基準値"), ("D2", 1000),
    ("C3", "年度"), ("D3", "R2"), ("C4", "目標値"), ("D4", 1300),
    ("C5", "最終年度"), ("D5", "R7"), ("C6", "最終目標値"), ("D6", 1500),
    ("C7", "達成率の算式"), ("C8", "(実績値/目標値)×100"),
    ("F1", "評価年度"), ("G1", "達成度合"),
    ("F2", "H30"), ("G2", "A"),
    ("F3", "R1"), ("G3", "B"),
    ("F4", "年度"), ("G4", "目標値"), ("H4", "実績値"), ("I4", "達成率"),
    ("F5", "R1"), ("G5", 1200), ("H5", 1100), ("I5", 92),
    ("F6", "R2"), ("G6", 1300), ("H6", "-"), ("I6", "-"),
    ("F7", "進捗率"), ("G7", 1500), ("H7", 1100), ("I7", 73),
)  # fmt: skip


@pytest.fixture(scope="module")
def transposed(tmp_path_factory: pytest.TempPathFactory) -> ProfileOutput:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    for ref, value in TRANSPOSED:
        ws[ref] = value
        if isinstance(value, int) and ref[0] in "DGH":
            ws[ref].number_format = PERSONS
    path = tmp_path_factory.mktemp("hokkaido_transposed") / "transposed.xlsx"
    book.save(path)
    return PROFILE.extract(open_document(path))


def test_grid_with_years_down(transposed: ProfileOutput) -> None:
    grid = {
        (v["fiscal_year"], v["metric"], v["place"].split()[-1]): (v["value"], v["value_text"])
        for v in transposed.indicator_values
        if v["place"].startswith("3-2")
    }
    assert grid == {
        (2019, "target", "年度別"): (1200.0, "1,200人"),
        (2019, "actual", "年度別"): (1100.0, "1,100人"),
        (2019, "achievement_rate", "年度別"): (92.0, "92"),
        (2020, "target", "年度別"): (1300.0, "1,300人"),
        (2020, "actual", "年度別"): (None, "-"),
        (2020, "achievement_rate", "年度別"): (None, "-"),
        (2025, "target", "進捗率"): (1500.0, "1,500人"),
        (2019, "actual", "進捗率"): (1100.0, "1,100人"),
        (2025, "achievement_rate", "進捗率"): (73.0, "73"),
    }
    assert {v["indicator_key"] for v in transposed.indicator_values} == {"主①"}


def test_levels_with_years_down(transposed: ProfileOutput) -> None:
    grades, _ = evaluate(transposed.cases)
    levels = {(g["fiscal_year"], g["stated_grade"], g["status"]) for g in grades if g["place"].startswith("3-2")}
    # H30 A has no 達成率 in this grid; R1 B is graded on R1's 92%: B.
    assert levels == {(2018, "A", "not_computable"), (2019, "B", "match")}


@pytest.fixture(scope="module")
def without_grid(tmp_path_factory: pytest.TempPathFactory) -> tuple[ProfileOutput, list[dict[str, Any]]]:
    """The workbook whose 3-2 grid lost its 評価年度 heading: the grid cannot be told from other cells."""
    book = openpyxl.load_workbook(OTHER / "hokkaido_basic_evaluation_values.xlsx")
    for row in book.worksheets[0].iter_rows():
        for cell in row:
            if cell.value == "評価年度":
                cell.value = None
    path = tmp_path_factory.mktemp("hokkaido_without_grid") / "without_grid.xlsx"
    book.save(path)
    output = PROFILE.extract(open_document(path))
    grades, checks = evaluate(output.cases)
    return output, grades + checks


def test_missing_grid_makes_the_document_partial(without_grid: tuple[ProfileOutput, list[dict[str, Any]]]) -> None:
    output, _ = without_grid
    assert len(output.problems) == 1
    assert "3-2" in output.problems[0] and "主①" in output.problems[0]


def test_counts_over_an_unread_grid_are_not_computable(
    without_grid: tuple[ProfileOutput, list[dict[str, Any]]],
) -> None:
    _, rows = without_grid
    counts = [r for r in rows if r.get("check_id", "").startswith("hokkaido_level_count:")]
    assert counts and {r["status"] for r in counts} == {"not_computable"}
    flagged = [r.get("kind") for r in rows if r["status"] in ("mismatch", "ambiguous", "notation")]
    assert flagged == ["judgement_notation"]


def test_criteria_marks_under_headers_that_explain_no_mark(tmp_path: Path) -> None:
    """The mark columns headed 対応状況 / 取組状況 (no ○ legend): the marks are found where the criteria print them."""
    book = openpyxl.load_workbook(OTHER / "hokkaido_basic_evaluation_values.xlsx")
    for row in book.worksheets[0].iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("対応している"):
                cell.value = "対応状況"
            elif isinstance(cell.value, str) and cell.value.startswith("取組がある"):
                cell.value = "取組状況"
    book.save(tmp_path / "marks.xlsx")
    output = PROFILE.extract(open_document(tmp_path / "marks.xlsx"))
    grades, _ = evaluate(output.cases)
    marks = {g["indicator_key"]: g["stated_grade"] for g in grades if g["grade_type"] == "judgement_criterion"}
    assert marks == {"基準1": "△", "基準2": "○", "基準3": None, "基準4": "○"}
    (judgement,) = [g for g in grades if g["grade_type"] == "judgement"]
    assert (judgement["stated_grade"], judgement["recomputed_grade"]) == ("C", "c")


SECOND_INDICATOR = {  # what this test types into the copied block, by its row label and column label
    ("指標名", None): "光ファイバ整備率(%)",
    ("目標値", "R1"): 50,
    ("実績値", "R1"): 45,
    ("達成率", "R1"): 90,
    ("目標値", "R2"): 60,
    ("目標値", "進捗率"): 80,
    ("実績値", "進捗率"): 45,
    ("達成率", "進捗率"): 56,
    ("達成度合", "H29"): "B",
    ("達成度合", "H30"): "B",
}


def add_second_indicator(ws: Worksheet) -> None:
    """The 成果指標 block (主① with its 3-2 grid) copied under itself as 主②, with figures of its own."""
    top = next(c.row for row in ws.iter_rows() for c in row if c.value == "主①")
    bottom = max(r.max_row for r in ws.merged_cells.ranges if r.min_row == top or r.min_row == top + 1)
    height = bottom - top + 1
    block = [str(r) for r in ws.merged_cells.ranges if top <= r.min_row and r.max_row <= bottom]
    later = [str(r) for r in ws.merged_cells.ranges if r.min_row > bottom]
    for ref in block + later:
        ws.unmerge_cells(ref)
    ws.insert_rows(bottom + 1, height)
    for ref in later:
        moved = openpyxl.worksheet.cell_range.CellRange(ref)
        moved.shift(row_shift=height)
        ws.merge_cells(moved.coord)
    for row in range(top, bottom + 1):
        for col in range(1, ws.max_column + 1):
            source, target = ws.cell(row=row, column=col), ws.cell(row=row + height, column=col)
            target.value = source.value
            target.number_format, target.border, target.font = "General", copy(source.border), copy(source.font)
            target.fill = copy(source.fill)
    for ref in block:
        ws.merge_cells(ref)
        moved = openpyxl.worksheet.cell_range.CellRange(ref)
        moved.shift(row_shift=height)
        ws.merge_cells(moved.coord)
    copied = list(ws.iter_rows(min_row=top + height, max_row=bottom + height))
    first = next(c for row in copied for c in row if c.value == "主①")
    first.value = "主②"
    name_label = next(c for row in copied for c in row if c.value == "指標名")
    ws.cell(row=name_label.row + 1, column=name_label.column).value = SECOND_INDICATOR[("指標名", None)]
    # The 3-2 grid: its labels stand in the 評価年度 column; a value sits in its label's row, under its year.
    anchor = next(c for row in copied for c in row if c.value == "評価年度")
    grid = {c.value: c.row for row in copied for c in row if c.column == anchor.column}
    for (row_label, col_label), value in SECOND_INDICATOR.items():
        if col_label is None:
            continue
        heads = grid["評価年度" if row_label == "達成度合" else "年度"]
        col = next(c.column for c in ws[heads] if c.value == col_label and c.column > anchor.column)
        ws.cell(row=grid[row_label], column=col).value = value


def test_two_indicators_each_with_its_grid(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(OTHER / "hokkaido_basic_evaluation_values.xlsx")
    add_second_indicator(book.worksheets[0])
    book.save(tmp_path / "two_indicators.xlsx")
    output = PROFILE.extract(open_document(tmp_path / "two_indicators.xlsx"))
    second = {
        (v["fiscal_year"], v["metric"], v["place"].split()[-1]): v["value"]
        for v in output.indicator_values
        if v["indicator_key"] == "主②" and v["place"].startswith("3-2")
    }
    assert second == {
        (2019, "target", "年度別"): 50.0,
        (2019, "actual", "年度別"): 45.0,
        (2019, "achievement_rate", "年度別"): 90.0,
        (2020, "target", "年度別"): 60.0,
        (2020, "actual", "年度別"): None,
        (2020, "achievement_rate", "年度別"): None,
        (2025, "target", "進捗率"): 80.0,
        (2019, "actual", "進捗率"): 45.0,
        (2025, "achievement_rate", "進捗率"): 56.0,
    }
    names = {v["indicator_key"]: v["indicator_name"] for v in output.indicator_values}
    assert names == {"主①": "ブロードバンドサービス人口普及率(%)", "主②": "光ファイバ整備率(%)"}
    grades, _ = evaluate(output.cases)
    levels = {(g["fiscal_year"], g["stated_grade"]) for g in grades if g["place"].startswith("3-2")}
    assert levels == {(2017, "A"), (2018, "A"), (2017, "B"), (2018, "B")}


def test_missing_project_table_is_one_sentence_and_its_sum_not_computable(tmp_path: Path) -> None:
    """The 事務事業 table without its 整理番号 heading cannot be told: partial, and 施策の予算額 R2 (the sum of
    its 事業費) is not computable rather than compared with nothing."""
    book = openpyxl.load_workbook(OTHER / "hokkaido_basic_evaluation_values.xlsx")
    for row in book.worksheets[0].iter_rows():
        for cell in row:
            if cell.value == "整理番号":
                cell.value = None
    book.save(tmp_path / "without_projects.xlsx")
    output = PROFILE.extract(open_document(tmp_path / "without_projects.xlsx"))
    assert output.measures == []
    assert output.problems == ["The 事務事業 table of 4 事務事業の設定 (整理番号 | 事務事業名 | 事業費) was not found."]
    _, checks = evaluate(output.cases)
    (policy,) = [c for c in checks if c["check_id"].startswith("hokkaido_policy_budget:")]
    assert (policy["stated"], policy["status"]) == ("4,561,152", "not_computable")


def test_counts_over_indicators_without_their_policy_system_are_not_computable(tmp_path: Path) -> None:
    """Producer b's plain tables print no 政策体系 in the 成果指標 block. With one 集計 row every indicator
    is counted in it; a second 政策体系 row leaves unprinted which row counts which indicator."""
    book = openpyxl.load_workbook(ROOT / "samples" / "producer-b" / "hokkaido_basic_evaluation.xlsx")
    ws = book.worksheets[0]
    cells = [c for row in ws.iter_rows() for c in row]
    head = next(c for c in cells if c.value == "達成度合の集計")
    counted = next(c for c in cells if c.row > head.row and c.column < head.column and c.value == "3(1)C")
    ws.cell(row=counted.row + 1, column=counted.column).value = "3(1)D"  # the next, blank 政策体系 row
    path = tmp_path / "two_systems.xlsx"
    book.save(path)
    output = PROFILE.extract(open_document(path))
    grades, checks = evaluate(output.cases)
    counts = [r for r in grades + checks if r.get("check_id", "").startswith("hokkaido_level_count:")]
    assert len(counts) == 10
    assert {r["status"] for r in counts} == {"not_computable"}
