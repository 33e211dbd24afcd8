"""The checks over formula columns of the spec format (`hyoka.specs.formula_columns`), on a cost
table written here as a workbook: フルコスト = 事業費 + 人工計 × 8,000 by formula on every row but one,
where a value 1,000 over it was typed (the planted inconsistency); a 計 row that is no record."""

from __future__ import annotations

from typing import Any

import pytest

from hyoka.audit.engine import evaluate
from hyoka.extractors.model import Table
from hyoka.specs import SpecProfile
from hyoka.specs.schema import SpecError, validate
from tests.specs.printed import sheet_table, workbook

# (整理番号, 事業費, 人工計, フルコスト, its formula); 8,000 千円 per person-year.
ROWS: tuple[tuple[str, str, str, str, str | None], ...] = (
    ("整理番号", "事業費 (千円)", "人工 計", "フル コスト (千円)", None),
    ("101", "1,200", "1.5", "13,200", "=B2+C2*8000"),
    ("102", "300", "0.5", "4,300", "=B3+C3*8000"),
    ("103", "450", "0.2", "3,050", None),  # typed: 450 + 1,600 = 2,050 by the formula
    ("104", "2,000", "1.0", "10,000", "=B5+C5*8000"),
    ("計", "3,950", "3.2", "30,550", "=SUM(D2:D5)"),
)
SPEC: dict[str, Any] = {
    "profile_id": "cost_example",
    "description": "a cost table",
    "detection": {},
    "tables": [
        {
            "name": "the cost table",
            "key": "number",
            "columns": [
                {"role": "number", "words": ["整理番号"]},
                {"role": "cost", "words": ["事業費"]},
                {"role": "staff", "words": ["人工計"]},
                {"role": "full", "words": ["フルコスト"]},
            ],
        }
    ],
    "rules": {
        "figures": [{"id": "full_cost", "kind": "full_cost", "words": "事業費 + 人工計 × 単価", "aggregate": "sum"}]
    },
    "checks": {
        "full cost": {
            "check": "implied_factor",
            "rule": "full_cost",
            "table": "the cost table",
            "stated": "full",
            "inputs": ["cost"],
            "times": "staff",
            "input_rounding": "exact",
            "key_pattern": r"\d+",
            "factor_kind": "unit_cost",
            "factor_words": "the cost per person-year most rows imply, and the formulas' constant",
        },
        "typed": {
            "check": "typed_constant",
            "kind": "typed_constant",
            "table": "the cost table",
            "key_pattern": r"\d+",
            "words": "the column's other cells hold a formula",
        },
    },
}


def workbook_table(with_formulas: bool) -> Table:
    """The cost table as typed: its フルコスト cells hold their formulas, or their values only."""
    table = sheet_table("調書-t1", [texts for *texts, _ in ROWS], sheet="調書")
    for cell in table.cells:
        cell.formula = ROWS[cell.row][-1] if with_formulas and cell.col == 3 else None
    return table


def checks(with_formulas: bool) -> dict[str, dict[str, Any]]:
    document = workbook(workbook_table(with_formulas), sheet="調書")
    output = SpecProfile(validate(SPEC, "cost_example")).extract(document)
    return {r["check_id"]: r for r in evaluate(output.cases)[1]}


@pytest.fixture(scope="module")
def with_formulas() -> dict[str, dict[str, Any]]:
    return checks(with_formulas=True)


def test_the_constant_most_rows_imply_is_reported_beside_the_formulas(with_formulas: dict[str, Any]) -> None:
    unit = with_formulas["unit_cost:factor"]
    assert (unit["stated"], unit["recomputed"], unit["status"]) == ("8,000", "8,000", "match")
    assert "inferred from 3 of 4 rows" in unit["scope"]


def test_each_record_is_checked_with_the_implied_constant(with_formulas: dict[str, Any]) -> None:
    statuses = {k: (r["stated"], r["status"]) for k, r in with_formulas.items() if k.startswith("full_cost:")}
    assert statuses == {
        "full_cost:101": ("13,200", "match"),
        "full_cost:102": ("4,300", "match"),
        "full_cost:103": ("3,050", "mismatch"),
        "full_cost:104": ("10,000", "match"),
    }
    assert with_formulas["full_cost:103"]["recomputed"] == "[2050, 2050]"


def test_a_value_typed_among_formulas_is_named(with_formulas: dict[str, Any]) -> None:
    typed = [k for k in with_formulas if k.startswith("typed_constant:")]
    assert typed == ["typed_constant:full:103"]
    assert with_formulas["typed_constant:full:103"]["cell"] == "D4"


def test_values_only_the_constant_is_still_implied_and_nothing_is_called_typed() -> None:
    found = checks(with_formulas=False)
    assert not [k for k in found if k.startswith("typed_constant:")]
    assert found["unit_cost:factor"]["status"] == "not_computable"  # no formula prints the constant
    assert found["full_cost:103"]["status"] == "mismatch"


def test_a_factor_over_an_undeclared_column_is_one_sentence() -> None:
    spec = {**SPEC, "checks": {"full cost": {**SPEC["checks"]["full cost"], "times": "staff_main"}}}
    with pytest.raises(
        SpecError, match="check `full cost` names the column `staff_main`, which `the cost table` lacks"
    ):
        validate(spec, "cost_example")
