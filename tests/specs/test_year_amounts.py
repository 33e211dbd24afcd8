"""Amounts by year under a label (`hyoka.specs.year_amounts`), on sheets written here: a form
printing each year under 施策の予算額 with its amount beside it, and a plain table heading a 年度 column;
the amount of the 事務事業 table's year (令和2年度 over 事業費) against the sum of its 事業費, one 千円 off
in the form (the planted inconsistency)."""

from __future__ import annotations

from typing import Any

import pytest

from hyoka.audit.engine import evaluate
from hyoka.extractors.model import Table
from hyoka.profiles import ProfileOutput
from hyoka.specs import SpecProfile
from hyoka.specs.schema import SpecError, validate
from tests.specs.printed import page, pdf, pdf_table

PROJECTS = (
    ("", "", "令和2年度"),
    ("整理番号", "事務事業名", "事業費(千円)"),
    ("101", "窓口のオンライン化", "1,200"),
    ("102", "庁内ペーパーレス化", "450"),
    ("計", "", "1,650"),
)
FORM = (("施策の予算額(千円)", None), ("令和元年度", "1,500"), ("令和2年度", "1,651"), ("令和3年度", "1,800"))
PLAIN = (("年度", "施策の予算額"), ("令和2年度", "1,650"), ("令和3年度", "1,800"))
SPEC: dict[str, Any] = {
    "profile_id": "policy_example",
    "description": "a policy sheet",
    "detection": {"title": {"words": ["施策評価調書"], "weight": 0.5}},
    "tables": [
        {
            "name": "the 事務事業 table",
            "key": "number",
            "columns": [
                {"role": "number", "words": ["整理番号"]},
                {"role": "title", "words": ["事務事業名"]},
                {"role": "cost", "words": ["事業費"]},
            ],
        }
    ],
    "rows": {
        "year_amounts": [{"name": "施策の予算額", "words": ["施策の予算額"], "item": "budget", "place": "1 目標"}]
    },
    "rules": {"figures": [{"id": "budget", "kind": "policy_budget", "words": "事業費の和", "aggregate": "sum"}]},
    "checks": {
        "policy budget": {
            "check": "year_total",
            "rule": "budget",
            "amounts": "施策の予算額",
            "table": "the 事務事業 table",
            "column": "cost",
            "key_pattern": r"\d+",
        }
    },
}


def extract(*tables: Table) -> ProfileOutput:
    document = pdf(page(tables=tables))
    return SpecProfile(validate(SPEC, "policy_example")).extract(document)


@pytest.fixture(scope="module")
def form() -> ProfileOutput:
    return extract(pdf_table("p1-t1", FORM, top=60), pdf_table("p1-t2", PROJECTS, top=200))


def test_each_year_under_the_label_is_a_budgets_row(form: ProfileOutput) -> None:
    rows = [(b["fiscal_year"], b["item"], b["amount"], b["value_text"]) for b in form.budgets if b["item"] == "budget"]
    assert rows == [
        (2019, "budget", 1_500_000, "1,500"),
        (2020, "budget", 1_651_000, "1,651"),
        (2021, "budget", 1_800_000, "1,800"),
    ]
    assert {b["place"] for b in form.budgets if b["item"] == "budget"} == {"1 目標 施策の予算額(千円)"}


def test_the_tables_year_is_checked_against_its_column_sum(form: ProfileOutput) -> None:
    (case,) = [r for r in evaluate(form.cases)[1] if r["kind"] == "policy_budget"]
    assert (case["check_id"], case["stated"], case["recomputed"], case["status"]) == (
        "budget:2020",
        "1,651",
        "[1650, 1650]",
        "mismatch",
    )


def test_a_plain_table_heads_a_year_column_beside_the_amounts() -> None:
    output = extract(pdf_table("p1-t1", PLAIN, top=60), pdf_table("p1-t2", PROJECTS, top=200))
    assert [(b["fiscal_year"], b["amount"]) for b in output.budgets if b["item"] == "budget"] == [
        (2020, 1_650_000),
        (2021, 1_800_000),
    ]
    (case,) = [r for r in evaluate(output.cases)[1] if r["kind"] == "policy_budget"]
    assert case["status"] == "match"


def test_without_the_table_the_report_years_amount_is_not_computable_and_without_the_block_partial() -> None:
    titled = extract(pdf_table("p1-t0", (("令和2年度 施策評価調書",),), top=20), pdf_table("p1-t1", FORM, top=60))
    (case,) = [r for r in evaluate(titled.cases)[1] if r["kind"] == "policy_budget"]
    assert (case["check_id"], case["status"]) == ("budget:2020", "not_computable")
    assert "No 施策の予算額 block was found." in extract(pdf_table("p1-t2", PROJECTS, top=200)).problems


def test_a_year_total_naming_undeclared_amounts_is_one_sentence() -> None:
    spec = {**SPEC, "checks": {"policy budget": {**SPEC["checks"]["policy budget"], "amounts": "予算"}}}
    with pytest.raises(SpecError, match="check `policy budget` names the amounts `予算`, which no `year_amounts`"):
        validate(spec, "policy_example")
