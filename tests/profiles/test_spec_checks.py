"""Declared check primitives of the spec format run by the engine: a column total and a row relation
(決算 ≤ 予算), on a budget table written here (its figures, and so its truth, are this module's)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from audit.engine import evaluate
from extractors.model import Cell, Document, Evidence, Page, Table
from profiles.specs import SpecProfile
from profiles.specs.schema import validate

ROWS = (
    ("事業名", "予算額(千円)", "決算額(千円)"),
    ("窓口のオンライン化", "1,000", "950"),
    ("庁内ペーパーレス化", "2,000", "2,100"),  # 決算 over 予算: the planted mismatch
    ("合計", "3,000", "3,050"),  # its 決算 over 予算 too, by the same project
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
        }
    ],
    "rules": {
        "figures": [
            {"id": "budget_total", "kind": "column_total", "words": "the 合計 row sums the rows", "aggregate": "sum"},
            {
                "id": "settled_within_budget",
                "kind": "settled_within_budget",
                "words": "決算額 ≤ 予算額",
                "aggregate": "value",
                "relation": "at_most",
            },
        ]
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


def budget_document() -> Document:
    cells = [
        Cell(r, c, text=text, evidence=Evidence(page=1, bbox=(50 + 150 * c, 100 + 20 * r, 200 + 150 * c, 120 + 20 * r)))
        for r, row in enumerate(ROWS)
        for c, text in enumerate(row)
    ]
    table = Table("p1-t1", cells, len(ROWS), 3, pages=[1], bboxes={1: (50, 100, 500, 100 + 20 * len(ROWS))})
    return Document(Path("budget.pdf"), "pdf", pages=[Page(1, 595, 842, tables=[table])])


@pytest.fixture(scope="module")
def checks() -> list[dict[str, Any]]:
    output = SpecProfile(validate(SPEC, "budget_example")).extract(budget_document())
    return evaluate(output.cases)[1]


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
