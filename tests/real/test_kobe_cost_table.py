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
