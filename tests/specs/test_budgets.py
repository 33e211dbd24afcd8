"""The budgets row map of the spec format (and the measures map's key pattern, name lists and constants),
on an amount table written here: a year printed over the amount columns, a unit printed over one money
column only, a staff column counted in person-years, a 計 row, and a number printed twice. And the checks
over typed entries: a column total with a blank amount, added exactly, and a row relation over the records."""

from __future__ import annotations

from typing import Any

import pytest

from hyoka.audit.engine import evaluate
from hyoka.profiles import ProfileOutput
from hyoka.specs import SpecProfile
from hyoka.specs.schema import SpecError, validate
from tests.specs.printed import page, pdf, pdf_table

ROWS = (
    ("", "", "令和5年度", "令和5年度", ""),
    ("整理番号", "事務事業名", "事業費(千円)", "一般財源", "人工計"),
    ("101", "窓口のオンライン化", "1,200", "800", "1.5"),
    ("102", "庁内ペーパーレス化", "300", "", "0.5"),
    ("102", "文書管理の電子化", "450", "450", "0.2"),  # the number printed twice: 102#2
    ("計", "", "1,950", "1,251", "2.2"),  # 一般財源 one 千円 over its rows: the planted mismatch
)
SPEC: dict[str, Any] = {
    "profile_id": "amount_example",
    "description": "an amount table",
    "detection": {},
    "tables": [
        {
            "name": "the 事務事業 table",
            "key": "number",
            "columns": [
                {"role": "number", "words": ["整理番号"]},
                {"role": "title", "words": ["事務事業名"]},
                {"role": "cost", "words": ["事業費"]},
                {"role": "revenue", "words": ["一般財源"]},
                {"role": "staff", "words": ["人工計"]},
            ],
        }
    ],
    "rows": {
        "measures": [
            {
                "table": "the 事務事業 table",
                "key": "number",
                "key_pattern": r"\d+",
                "fields": {"title": "title"},
                "constants": {"level": "事務事業"},
            }
        ],
        "budgets": [
            {
                "table": "the 事務事業 table",
                "key": "number",
                "key_pattern": r"\d+",
                "year": "cost",
                "place": "事務事業",
                "items": {"project_cost": "cost", "general_revenue": "revenue", "staff_total": "staff"},
                "units": {"staff_total": "人工"},
            }
        ],
    },
    "rules": {
        "figures": [
            {"id": "total", "kind": "column_total", "words": "計は列の和", "aggregate": "sum"},
            {
                "id": "staff",
                "kind": "staff_within_cost",
                "words": "人工計は事業費の数を超えない",
                "aggregate": "value",
                "relation": "at_most",
            },
        ]
    },
    "checks": {
        "revenue total": {
            "check": "column_total",
            "rule": "total",
            "table": "the 事務事業 table",
            "column": "revenue",
            "total_words": ["計"],
            "rounding": "exact",
        },
        "cost total": {
            "check": "column_total",
            "rule": "total",
            "table": "the 事務事業 table",
            "column": "cost",
            "total_words": ["計"],
            "rounding": "exact",
        },
        "staff at most cost": {
            "check": "row_relation",
            "rule": "staff",
            "table": "the 事務事業 table",
            "stated": "staff",
            "inputs": ["cost"],
            "input_rounding": "exact",
            "key_pattern": r"\d+",
        },
    },
}


@pytest.fixture(scope="module")
def output() -> ProfileOutput:
    return SpecProfile(validate(SPEC, "amount_example")).extract(
        pdf(page(tables=[pdf_table("p1-t1", ROWS, blank=False)]))
    )


def test_each_record_row_is_a_measure_and_the_total_row_none(output: ProfileOutput) -> None:
    measures = [(m["measure_key"], m["title"], m["level"]) for m in output.measures]
    assert measures == [
        ("101", "窓口のオンライン化", "事務事業"),
        ("102", "庁内ペーパーレス化", "事務事業"),
        ("102#2", "文書管理の電子化", "事務事業"),
    ]


def test_each_printed_amount_is_a_budgets_row_in_the_contract_unit(output: ProfileOutput) -> None:
    budgets = [(b["measure_key"], b["fiscal_year"], b["item"], b["amount"], b["unit"]) for b in output.budgets]
    assert budgets == [
        ("101", 2023, "project_cost", 1_200_000, "円"),
        ("101", 2023, "general_revenue", 800_000, "円"),  # its header prints no unit: the 事業費 header's
        ("101", 2023, "staff_total", 1.5, "人年"),
        ("102", 2023, "project_cost", 300_000, "円"),
        ("102", 2023, "staff_total", 0.5, "人年"),  # a blank 一般財源 is no row
        ("102#2", 2023, "project_cost", 450_000, "円"),
        ("102#2", 2023, "general_revenue", 450_000, "円"),
        ("102#2", 2023, "staff_total", 0.2, "人年"),
    ]


def test_a_budgets_row_keeps_the_printed_text_and_its_cell(output: ProfileOutput) -> None:
    first = output.budgets[0]
    assert (first["value_text"], first["place"], first["page"]) == ("1,200", "事務事業", 1)
    assert first["bbox"] == [250, 140, 350, 160]


def test_a_budget_map_without_items_is_one_sentence() -> None:
    spec = {**SPEC, "rows": {"budgets": [{**SPEC["rows"]["budgets"][0], "items": {}}]}}
    sentence = r"^amount_example: `rows`: budget map `the 事務事業 table`: `items`: .*at least 1 item"
    with pytest.raises(SpecError, match=sentence):
        validate(spec, "amount_example")


def test_typed_totals_add_exactly_and_a_blank_amount_adds_nothing(output: ProfileOutput) -> None:
    checks = {r["check_id"]: r for r in evaluate(output.cases)[1]}
    cost, revenue = checks["total:cost:1"], checks["total:revenue:1"]
    assert (cost["stated"], cost["status"]) == ("1,950", "match")
    # 800 + blank + 450 = 1,250 exactly: 1,251 is a mismatch, not within a rounding of the typed entries.
    assert (revenue["stated"], revenue["recomputed"], revenue["status"]) == ("1,251", "[1250, 1250]", "mismatch")


def test_a_row_relation_with_a_key_pattern_checks_the_records_only(output: ProfileOutput) -> None:
    related = [(r["stated"], r["status"]) for r in evaluate(output.cases)[1] if r["kind"] == "staff_within_cost"]
    assert related == [("1.5", "match"), ("0.5", "match"), ("0.2", "match")]  # not the 計 row's 2.2


def test_document_fields_are_the_values_right_of_their_labels() -> None:
    form = (("施策名", "行政のデジタル化", "施策コード", "03 - 02"),)
    document = pdf(page(tables=[pdf_table("p1-t0", form, top=60), pdf_table("p1-t1", ROWS, blank=False)]))
    spec = {**SPEC, "document_fields": {"policy_name": ["施策名"], "policy_code": ["施策コード", "コード"]}}
    output = SpecProfile(validate(spec, "amount_example")).extract(document)
    assert output.document_fields == {"policy_name": "行政のデジタル化", "policy_code": "03 - 02"}
