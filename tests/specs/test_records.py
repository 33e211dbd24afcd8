"""Records a hook registers (`hyoka.specs.records`), checked as declared: the grade each record states
(`record_grades`) against a grade rule over the rates it prints per year, the average printed with it
too. The records are written here (their facts, and so their truth, are this module's)."""

from __future__ import annotations

from typing import Any

import pytest

from hyoka.audit.engine import evaluate
from hyoka.extractors.model import Cell, Evidence
from hyoka.specs import indicator_value_row
from hyoka.specs.records import Records, record_grade_cases, record_value_rows
from hyoka.specs.schema import RecordGrades, RecordValuesMap, SpecError, validate

SPEC: dict[str, Any] = {
    "profile_id": "records_example",
    "description": "a measure list and its detail sheets",
    "detection": {},
    "rules": {
        "grades": [
            {
                "id": "mid_term",
                "grade_type": "mid_term",
                "words": "平均が120%以上ならA、90%以上ならB、90%未満ならC",
                "aggregate": "mean",
                "bands": [
                    {"grade": "A", "low": 120},
                    {"grade": "B", "low": 90, "high": 120},
                    {"grade": "C", "high": 90},
                ],
            }
        ]
    },
    "checks": {
        "mid-term grade": {
            "check": "record_grades",
            "rule": "mid_term",
            "records": ["list", "detail sheets"],
            "grade": "grade",
            "inputs": "rates",
            "input_label": "{year} 目標達成率",
            "stated_value": "average",
            "stated_label": "平均",
        }
    },
}


def _cell(text: str, page: int, row: int) -> Cell:
    return Cell(row, 4, text=text, evidence=Evidence(page=page, bbox=(400, 100 + 20 * row, 440, 115 + 20 * row)))


def _record(grade: str, rates: tuple[str, str], average: str | None, page: int, row: int) -> dict[str, Any]:
    record: dict[str, Any] = {"grade": _cell(grade, page, row), "rates": {2018: _cell(rates[0], page, row)}}
    record["rates"][2019] = _cell(rates[1], page, row)
    return record | ({"average": _cell(average, page, row)} if average is not None else {})


# 施策 1: B over 90% and 94% (a mean of 91.5 to 92.5 at their printed rounding), its average 92% (93% on
# its sheet: planted); 施策 2 graded A over a mean of 80 (planted), its average printed 80%; 施策 3 prints
# no grade (—): no case.
LISTED = Records(
    "list",
    {
        "1": _record("B", ("90%", "94%"), "92%", 2, 0),
        "2": _record("A", ("60%", "100%"), "80%", 2, 1),
        "3": _record("—", ("50%", "70%"), None, 2, 2),
    },
)
SHEETS = Records("detail", {"1": _record("B", ("90%", "94%"), "93%", 9, 0)})


Rows = tuple[list[dict[str, Any]], list[dict[str, Any]]]


@pytest.fixture(scope="module")
def evaluated() -> Rows:
    spec = validate(SPEC, "records_example")
    check = spec.checks["mid-term grade"]
    assert isinstance(check, RecordGrades)
    rule = spec.rules.grades[0].rule()
    return evaluate(record_grade_cases(check, rule, {"list": [LISTED], "detail sheets": [SHEETS]}))


def test_each_record_stating_a_grade_is_judged_in_its_place(evaluated: Rows) -> None:
    grades = {(r["measure_key"], r["place"]): (r["fiscal_year"], r["status"]) for r in evaluated[0]}
    assert grades == {
        ("1", "list"): (2019, "match"),
        ("2", "list"): (2019, "mismatch"),
        ("1", "detail"): (2019, "match"),
    }


def test_the_figure_printed_with_the_grade_is_checked_by_the_rule(evaluated: Rows) -> None:
    averages = {r["check_id"]: r["status"] for r in evaluated[1] if r["kind"] == "stated_value"}
    # 施策 1's sheet prints 93% for a mean of 91.5 to 92.5.
    assert averages == {
        "mid_term:value:1:2019:list": "match",
        "mid_term:value:2:2019:list": "match",
        "mid_term:value:1:2019:detail": "mismatch",
    }


def test_a_record_grades_check_names_a_declared_grade_rule() -> None:
    spec = {**SPEC, "checks": {"g": {**SPEC["checks"]["mid-term grade"], "rule": "final"}}}
    with pytest.raises(SpecError, match="names the grade rule `final`, which is not declared"):
        validate(spec, "records_example")


def test_a_figure_printed_per_year_gives_one_indicator_values_row_per_year_and_record() -> None:
    mapping = RecordValuesMap(
        records=["list"],
        fact="rates",
        indicator_name="目標達成率",
        indicator_key="rate",
        metric="achievement_rate",
        unit="%",
    )
    sheet = Records("detail", {"4": {"rates": {2019: _cell("95", 9, 0)}}})  # printed without its %
    rows = record_value_rows(mapping, {"list": [LISTED], "detail sheets": [sheet]}, indicator_value_row)
    assert [(r["measure_key"], r["fiscal_year"], r["value"], r["unit"], r["place"]) for r in rows][:2] == [
        ("1", 2018, 90.0, "%", "list"),
        ("1", 2019, 94.0, "%", "list"),
    ]
    assert len(rows) == 6  # three measures, two years each; the detail sheets are not among the map's places
    mapping = mapping.model_copy(update={"records": ["detail sheets"]})
    (row,) = record_value_rows(mapping, {"detail sheets": [sheet]}, indicator_value_row)
    assert (row["value"], row["unit"], row["value_text"], row["page"]) == (95.0, "%", "95", 9)
