"""The generic reader on a workbook with one row per measure and six repeated year blocks
(財源内訳, 事業費計, 人件費, トータルコスト in 千円, for 当初予算 / 補正後予算 / 決算 of each year):
400 measures × 200 columns, built here with openpyxl. Every amount lands in `budgets` with its
year, basis and item; every 事業費計 is recomputed from its 財源内訳, and the one planted wrong
total is the only one flagged.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from hyoka.audit.engine import evaluate
from hyoka.extractors import open_document
from hyoka.profiles import ProfileOutput
from hyoka.profiles.generic import GENERIC
from hyoka.profiles.generic_vocabulary import amount_item

YEARS = ["令和元年度", "令和2年度", "令和3年度", "令和4年度", "令和5年度", "令和6年度"]
BASES = ["当初予算", "補正後予算", "決算"]
SOURCES = ["国庫支出金", "県支出金", "地方債", "使用料・手数料", "寄附金", "諸収入", "その他", "一般財源"]
COSTS = ["事業費計", "人件費", "トータルコスト"]
MEASURES = 400
BLOCK = len(BASES) * (len(SOURCES) + len(COSTS))  # 33 columns per year
PLANTED = (137, 4, 2)  # measure index, year index, basis index of the one wrong 事業費計


def source_amount(measure: int, year: int, basis: int, source: int) -> int:
    return (measure * 7 + year * 13 + basis * 5 + source * 11) % 97 * 10


def write_workbook(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "事務事業一覧"
    sheet["A1"] = "令和6年度 事務事業評価 事業費一覧（単位：千円）"
    for col, label in ((1, "No."), (2, "事務事業名")):
        sheet.cell(row=3, column=col, value=label)
        sheet.merge_cells(start_row=3, start_column=col, end_row=6, end_column=col)
    for y, year in enumerate(YEARS):
        first = 3 + y * BLOCK
        sheet.cell(row=3, column=first, value=year)
        sheet.merge_cells(start_row=3, start_column=first, end_row=3, end_column=first + BLOCK - 1)
        for b, basis in enumerate(BASES):
            start = first + b * (len(SOURCES) + len(COSTS))
            sheet.cell(row=4, column=start, value=basis)
            sheet.merge_cells(
                start_row=4, start_column=start, end_row=4, end_column=start + len(SOURCES) + len(COSTS) - 1
            )
            sheet.cell(row=5, column=start, value="財源内訳")
            sheet.merge_cells(start_row=5, start_column=start, end_row=5, end_column=start + len(SOURCES) - 1)
            for s, source in enumerate(SOURCES):
                sheet.cell(row=6, column=start + s, value=source)
            for c, cost in enumerate(COSTS):
                col = start + len(SOURCES) + c
                sheet.cell(row=5, column=col, value=cost)
                sheet.merge_cells(start_row=5, start_column=col, end_row=6, end_column=col)
    for m in range(MEASURES):
        row = 7 + m
        sheet.cell(row=row, column=1, value=m + 1)
        sheet.cell(row=row, column=2, value=f"事務事業{m + 1:03d}")
        for y in range(len(YEARS)):
            for b in range(len(BASES)):
                start = 3 + y * BLOCK + b * (len(SOURCES) + len(COSTS))
                sources = [source_amount(m, y, b, s) for s in range(len(SOURCES))]
                for s, amount in enumerate(sources):
                    sheet.cell(row=row, column=start + s, value=amount).number_format = "#,##0"
                cost = sum(sources) + (100 if (m, y, b) == PLANTED else 0)
                staff = 800 + m % 50
                for c, amount in enumerate((cost, staff, cost + staff)):
                    sheet.cell(row=row, column=start + len(SOURCES) + c, value=amount).number_format = "#,##0"
    book.save(path)
    return path


Read = tuple[ProfileOutput, list[dict[str, Any]], float]


@pytest.fixture(scope="module")
def read(tmp_path_factory: pytest.TempPathFactory) -> Read:
    path = write_workbook(tmp_path_factory.mktemp("workbook") / "jimu_jigyo.xlsx")
    started = time.perf_counter()
    output = GENERIC.extract(open_document(path))
    _, checks = evaluate(output.cases)
    return output, checks, time.perf_counter() - started


def test_the_workbook_has_the_shape_it_should() -> None:
    assert 2 + len(YEARS) * BLOCK == 200
    assert all(amount_item(s) is not None for s in SOURCES + COSTS)


def test_every_measure_and_amount_is_read(read: Read) -> None:
    output, _, seconds = read
    assert len(output.measures) == MEASURES
    assert output.measures[136]["title"] == "事務事業137" and output.measures[136]["measure_no"] == "137"
    assert len(output.budgets) == MEASURES * len(YEARS) * BLOCK
    by_key = {(b["measure_key"], b["fiscal_year"], b["basis"], b["item_label"]): b for b in output.budgets}
    wanted = by_key[("137", 2023, "settlement", "寄附金")]
    assert (wanted["item"], wanted["amount"], wanted["unit"]) == (
        "other_revenue",
        source_amount(136, 4, 2, 4) * 1000.0,
        "円",
    )
    staff = by_key[("5", 2019, "initial_budget", "人件費")]
    assert (staff["item"], staff["amount"]) == ("staff_cost", (800 + 4) * 1000.0)
    assert by_key[("400", 2024, "final_budget", "トータルコスト")]["item"] == "full_cost"
    assert seconds < 120


def test_every_project_cost_is_recomputed_and_only_the_planted_one_is_flagged(read: Read) -> None:
    _, checks, _ = read
    assert len(checks) == MEASURES * len(YEARS) * len(BASES)
    flagged = [c for c in checks if c["status"] != "match"]
    assert len(flagged) == 1
    measure, year, basis = PLANTED
    assert f" {measure + 1} 2023 settlement:" in flagged[0]["scope"] and (year, basis) == (4, 2)
    assert flagged[0]["status"] == "mismatch"
