"""The declared `budget_relation` check: per measure and fiscal year, one budgets item against others of the
same measure and year (決算額 ≤ 予算額), over the budgets rows a reading wrote. The rows are written here
(their facts, and so their truth, are this module's)."""

from __future__ import annotations

from typing import Any

from hyoka.audit.engine import evaluate
from hyoka.audit.rules import FigureRule
from hyoka.profiles import ProfileOutput
from hyoka.specs.budgets import budget_relations
from hyoka.specs.schema import BudgetRelation

WITHIN = FigureRule("within", "settlement_exceeds_budget", "決算額はその年度の予算額以下", "value", relation="at_most")
CHECK = BudgetRelation(
    check="budget_relation",
    rule="within",
    stated="settlement",
    inputs=["budget"],
    place="sheet",
    labels={"budget": "予算額", "settlement": "決算額"},
    scope="{key} {title}: {year}",
)


def _row(key: str, year: int, item: str, amount: float | None, text: str, place: str = "sheet") -> dict[str, Any]:
    return {
        "measure_key": key,
        "fiscal_year": year,
        "item": item,
        "amount": amount,
        "value_text": text,
        "place": place,
        "page": 3,
        "bbox": [50.0, 100.0, 150.0, 115.0],
        "sheet": None,
        "cell": None,
    }


def _verdicts() -> dict[str, tuple[str, str]]:
    output = ProfileOutput()
    output.measures = [{"measure_key": "1", "title": "窓口予約システム"}]
    output.budgets = [
        _row("1", 2019, "budget", 1200.0, "1,200"),
        _row("1", 2019, "settlement", 1150.0, "1,150"),
        _row("1", 2020, "budget", 800.0, "800"),
        _row("1", 2020, "settlement", 820.0, "820"),  # over its budget: the planted mismatch
        _row("1", 2021, "budget", 900.0, "900"),  # no settlement printed yet: no case
        _row("1", 2021, "settlement", None, "未定"),
        _row("1", 2022, "budget", 500.0, "500", place="list"),  # another place: not this check's
        _row("1", 2022, "settlement", 600.0, "600", place="list"),
    ]
    found = evaluate(budget_relations(CHECK, WITHIN, output))[1]
    return {r["check_id"]: (r["scope"], r["status"]) for r in found}


def test_each_year_of_a_measure_compares_its_settlement_with_its_budget() -> None:
    assert _verdicts() == {
        "within:1:2019": ("1 窓口予約システム: 2019", "match"),
        "within:1:2020": ("1 窓口予約システム: 2020", "mismatch"),
    }
