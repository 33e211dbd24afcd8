"""Declared check primitives and grade row maps of the spec format, run by the engine: a column total,
a row relation (決算 ≤ 予算) and graded rows (bands over a printed rate), on tables written here (their
figures, and so their truth, are this module's)."""

from __future__ import annotations

from typing import Any

import pytest

from hyoka.audit.engine import evaluate
from hyoka.specs import SpecProfile
from hyoka.specs.schema import validate
from tests.specs.printed import page, pdf, pdf_table

ROWS = (
    ("事業名", "予算額(千円)", "決算額(千円)"),
    ("窓口のオンライン化", "1,000", "950"),
    ("庁内ペーパーレス化", "2,000", "2,100"),  # 決算 over 予算: the planted mismatch
    ("合計", "3,000", "3,050"),  # its 決算 over 予算 too, by the same project
)
GRADED = (
    ("施策名", "達成率(%)", "評価"),
    ("窓口のオンライン化", "112.5", "A"),
    ("庁内ペーパーレス化", "85.0", "B"),  # (a printed 80.0 would be ambiguous: it may stand for 79.96)
    ("オープンデータの公開", "79.9", "B"),  # below 80: C by the bands, the planted mismatch
)
SPEC: dict[str, Any] = {
    "profile_id": "budget_example",
    "description": "a budget table",
    "detection": {},
    "tables": [
        {
            "name": "the budget table",
            "key": "project",
            "columns": [
                {"role": "project", "words": ["事業名"]},
                {"role": "budget", "words": ["予算額"]},
                {"role": "settled", "words": ["決算額"]},
            ],
        },
        {
            "name": "the evaluation table",
            "key": "measure",
            "columns": [
                {"role": "measure", "words": ["施策名"]},
                {"role": "rate", "words": ["達成率"]},
                {"role": "grade", "words": ["評価"], "whole": True},
            ],
        },
    ],
    "rows": {
        "grades": [{"table": "the evaluation table", "rule": "achievement", "grade": "grade", "inputs": ["rate"]}]
    },
    "rules": {
        "grades": [
            {
                "id": "achievement",
                "grade_type": "achievement",
                "words": "A: 100% or more, B: 80% to 100%, C: below 80%",
                "aggregate": "value",
                "bands": [
                    {"grade": "A", "low": 100},
                    {"grade": "B", "low": 80, "high": 100},
                    {"grade": "C", "high": 80},
                ],
            }
        ],
        "figures": [
            {"id": "budget_total", "kind": "column_total", "words": "the 合計 row sums the rows", "aggregate": "sum"},
            {
                "id": "settled_within_budget",
                "kind": "settled_within_budget",
                "words": "決算額 ≤ 予算額",
                "aggregate": "value",
                "relation": "at_most",
            },
        ],
    },
    "checks": {
        "budget total": {
            "check": "column_total",
            "rule": "budget_total",
            "table": "the budget table",
            "column": "budget",
            "total_words": ["合計", "計"],
        },
        "settled total": {
            "check": "column_total",
            "rule": "budget_total",
            "table": "the budget table",
            "column": "settled",
            "total_words": ["合計", "計"],
        },
        "within budget": {
            "check": "row_relation",
            "rule": "settled_within_budget",
            "table": "the budget table",
            "stated": "settled",
            "inputs": ["budget"],
        },
    },
}


@pytest.fixture(scope="module")
def evaluated() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    tables = [pdf_table("p1-t1", ROWS, column=150), pdf_table("p1-t2", GRADED, top=300, column=150)]
    document = pdf(page(tables=tables))
    output = SpecProfile(validate(SPEC, "budget_example")).extract(document)
    return evaluate(output.cases)


@pytest.fixture(scope="module")
def checks(evaluated: tuple[list[dict[str, Any]], list[dict[str, Any]]]) -> list[dict[str, Any]]:
    return evaluated[1]


def test_each_column_total_is_checked_against_its_rows(checks: list[dict[str, Any]]) -> None:
    totals = [(r["scope"], r["status"]) for r in checks if r["kind"] == "column_total"]
    assert totals == [("the budget table: budget 合計", "match"), ("the budget table: settled 合計", "match")]


def test_settled_over_budget_is_the_one_relation_mismatch(checks: list[dict[str, Any]]) -> None:
    relations = [(r["scope"], r["status"]) for r in checks if r["kind"] == "settled_within_budget"]
    assert relations == [
        ("the budget table: 窓口のオンライン化", "match"),
        ("the budget table: 庁内ペーパーレス化", "mismatch"),
        ("the budget table: 合計", "mismatch"),
    ]


def test_each_stated_grade_is_recomputed_from_its_row(
    evaluated: tuple[list[dict[str, Any]], list[dict[str, Any]]],
) -> None:
    graded = [(r["measure_key"], r["stated_grade"], r["recomputed_grade"], r["status"]) for r in evaluated[0]]
    assert graded == [
        ("窓口のオンライン化", "A", "A", "match"),
        ("庁内ペーパーレス化", "B", "B", "match"),
        ("オープンデータの公開", "B", "C", "mismatch"),
    ]
