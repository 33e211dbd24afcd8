"""The generic reader on a real 神戸市 事務事業評価シート (tests/data/real/kobe/, a third city no profile knows):
its 事業別コスト table breaks 物件費 down under a （内訳） label printed down a column, so 合計（A） is
人件費 + 物件費 + 減価償却費 + 公債利子, not 物件費's breakdown again. The figures are read off the page."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from hyoka.pipeline.ingest import Task, file_sha256, run_task

SHEET = Path(__file__).parents[1] / "data" / "real" / "kobe" / "kobe_r25_008.pdf"
# 合計（A） as printed for 20年度決算 … 25年度予算; each is 人件費 + 物件費 + 減価償却費 10,505 + 公債利子 0
# (20年度: 791,877 + 110,607 + 10,505 + 0), while 物件費 110,607 is its breakdown 25,061 + 8,371 + 77,175.
COSTS = ["912,989", "953,306", "934,322", "935,075", "914,402", "921,035"]


def test_the_cost_total_is_its_lines_without_the_breakdown_of_one_of_them() -> None:
    outcome = run_task(Task(str(SHEET), SHEET.name, file_sha256(SHEET)))
    checks: pd.DataFrame = outcome.tables["checks"]
    totals = checks[checks["scope"].str.endswith("合計（A）") & (checks["kind"] == "total")]
    assert list(totals["stated"]) == COSTS
    assert set(totals["status"]) == {"match"}
    for evidence in totals["inputs_evidence"]:
        assert [e["label"] for e in json.loads(evidence)] == ["人件費", "物件費", "減価償却費", "公債利子"]
    # Every other total and source on the page holds as well (収入 合計, (差引) 一般財源 (B) = A − 収入).
    assert set(checks["status"]) == {"match"}


# kobe_r25_013.pdf heads its 事業別コスト with bare years (20年度決算 … 25年度予算) and names an era only for its
# 事業開始年度, 本場（昭和７年度）, and for 平成21年度 on a later page: the years are 平成's, 2008 … 2013.
# 人件費 and 合計（A） as printed, 千円.
BARE_YEARS_SHEET = SHEET.with_name("kobe_r25_013.pdf")
STAFF_COSTS = [352_515, 342_551, 315_009, 303_640, 316_433, 326_427]
BARE_YEAR_COSTS = ["3,757,233", "3,450,642", "3,514,859", "3,863,342", "4,532,220", "8,536,536"]


def test_bare_years_are_read_in_the_era_of_a_reported_year_not_of_a_start_year_in_history() -> None:
    outcome = run_task(Task(str(BARE_YEARS_SHEET), BARE_YEARS_SHEET.name, file_sha256(BARE_YEARS_SHEET)))
    budgets: pd.DataFrame = outcome.tables["budgets"]
    staff = budgets[budgets["item_label"] == "人件費"].sort_values("fiscal_year")
    assert list(staff["fiscal_year"]) == list(range(2008, 2014))
    assert list(staff["amount"]) == [cost * 1000 for cost in STAFF_COSTS]
    checks: pd.DataFrame = outcome.tables["checks"]
    totals = checks[checks["scope"].str.endswith("合計（A）") & (checks["kind"] == "total")]
    assert list(totals["stated"]) == BARE_YEAR_COSTS
    assert set(totals["status"]) == {"match"}


# kobe_r25_001.pdf prints the same bare 20年度決算 … 25年度予算 (and 20年度実績 …) and names no era anywhere: the
# years could be 平成's or 令和's, so they are not guessed, and its status says what was left unread.
NO_ERA_SHEET = SHEET.with_name("kobe_r25_001.pdf")


def test_bare_years_of_no_era_the_document_names_are_left_unread_and_said() -> None:
    outcome = run_task(Task(str(NO_ERA_SHEET), NO_ERA_SHEET.name, file_sha256(NO_ERA_SHEET)))
    assert outcome.tables["budgets"].empty
    assert outcome.document["status"] == "partial"
    assert "name no era and the document names none they can be of" in outcome.document["error"]
