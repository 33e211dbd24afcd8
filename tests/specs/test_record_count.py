"""The `record_count` check: the count a cross-tab's total row prints (全施策 合計) against the records a hook
registered (one detail sheet per measure), a record tagged new judged both counted and not, a place or a
record not read not computable. The cross-tab, the records and their truth are this module's."""

from __future__ import annotations

from typing import Any

import pytest

from hyoka.audit.engine import evaluate
from hyoka.extractors.model import Cell, Evidence
from hyoka.specs import Reading, SpecProfile
from hyoka.specs.records import Records
from hyoka.specs.schema import SpecError, validate
from tests.specs.printed import sheet_table, workbook

SPEC: dict[str, Any] = {
    "profile_id": "record_count_example",
    "description": "a 分野 summary and one detail sheet per measure",
    "detection": {},
    "tables": [
        {
            "name": "the summary",
            "key": "label",
            "columns": [
                {"role": "label", "words": ["分野"]},
                {"role": "A", "words": ["A評価"]},
                {"role": "B", "words": ["B評価"]},
                {"role": "total", "words": ["合計"]},
            ],
        }
    ],
    "rules": {
        "figures": [
            {"id": "count", "kind": "summary_count", "words": "件数は一覧の施策数", "aggregate": "count"},
            {"id": "sheets", "kind": "measure_not_in_list", "words": "全施策の数は個票の数", "aggregate": "count"},
        ]
    },
    "checks": {
        "summary": {
            "check": "group_counts",
            "rule": "count",
            "table": "the summary",
            "label": "label",
            "columns": {"A": "A", "B": "B", "total": None},
            "population": "measures",
            "total_words": ["全施策"],
            "relisted_words": ["再掲"],
        },
        "all measures and the sheets": {
            "check": "record_count",
            "rule": "sheets",
            "cross_tab": "summary",
            "column": "total",
            "records": "sheets",
            "value": "head",
            "text": "施策 {key}",
            "tagged": {"tag": "tag", "words": ["新規"]},
            "unread_keys": "施策{keys}の個票",
            "scope": "{label}（個票の数）",
            "key": "sheets",
        },
    },
    "hooks": {"read": "tests.specs.test_record_count:read"},
}

# What the hook registers for the document under test (set by each test).
REGISTERED: dict[str, list[Records]] = {}


def read(reading: Reading) -> None:
    reading.records |= REGISTERED


def _summary(all_measures: str, *parts: list[str]) -> list[list[str]]:
    """分野 | A評価 | B評価 | 合計, the 分野 rows given, a 再掲 row and the 全施策 row printing `all_measures`."""
    return [
        ["分野", "A評価", "B評価", "合計"],
        *parts,
        ["データ（再掲）", "1", "0", "1"],
        ["全施策", "1", "3", all_measures],
    ]


AREAS = (["1 暮らし", "1", "1", "2"], ["2 行政", "0", "2", "2"])


def _sheet(no: str, tag: str | None = None) -> dict[str, Cell]:
    head = Cell(0, 0, text=f"施策{no}", evidence=Evidence(page=int(no) + 2, bbox=(50, 50, 120, 70)))
    return {"head": head} | ({"tag": Cell(0, 1, text=tag, evidence=head.evidence)} if tag else {})


def _statuses(printed: list[list[str]], *sheets: Records) -> dict[str, tuple[str, str | None]]:
    REGISTERED.clear()
    REGISTERED["sheets"] = list(sheets)
    profile = SpecProfile(validate(SPEC, "record_count_example.yaml"))
    _, checks = evaluate(profile.extract(workbook(sheet_table("s1", printed, header_rows=1))).cases)
    return {row["check_id"]: (row["status"], row["detail"]) for row in checks if row["check_id"].startswith("sheets")}


def test_the_total_row_counts_one_record_each() -> None:
    sheets = Records("detail", {no: _sheet(no) for no in ("1", "2", "3", "4")})
    assert _statuses(_summary("4", *AREAS), sheets)["sheets:sheets"][0] == "match"
    assert _statuses(_summary("5", *AREAS), sheets)["sheets:sheets"][0] == "mismatch"


def test_a_record_tagged_new_is_judged_both_counted_and_not() -> None:
    # Sheets 1-3 and 4 tagged new: 4 counts every sheet, 3 the established ones; 5 neither.
    sheets = Records("detail", {**{no: _sheet(no) for no in ("1", "2", "3")}, "4": _sheet("4", "新規施策")})
    assert _statuses(_summary("4", *AREAS), sheets)["sheets:sheets"][0] == "ambiguous"
    assert _statuses(_summary("3", *AREAS), sheets)["sheets:sheets"][0] == "ambiguous"
    assert _statuses(_summary("5", *AREAS), sheets)["sheets:sheets"][0] == "mismatch"


def test_records_not_read_make_the_count_not_computable_with_the_reason() -> None:
    headed = Records("detail", {"1": _sheet("1")}, unread_keys={"2": "-", "3": "-"})
    status, detail = _statuses(_summary("3", *AREAS), headed)["sheets:sheets"]
    assert status == "not_computable" and "施策2・3の個票を読めていない" in (detail or "")
    status, detail = _statuses(_summary("3", *AREAS), Records("detail", unread="個票を読めていない"))["sheets:sheets"]
    assert status == "not_computable" and "個票を読めていない" in (detail or "")
    assert _statuses(_summary("3", *AREAS))["sheets:sheets"][0] == "not_computable"  # no place registered


def test_a_cross_tab_printing_no_rows_that_part_the_whole_makes_no_case() -> None:
    sheets = Records("detail", {no: _sheet(no) for no in ("1", "2", "3", "4")})
    assert _statuses(_summary("4"), sheets) == {}


def test_a_record_count_of_no_group_counts_check_is_said_in_a_sentence() -> None:
    checks = {**SPEC["checks"], "all measures and the sheets": {**SPEC["checks"]["all measures and the sheets"]}}
    checks["all measures and the sheets"]["cross_tab"] = "the summary"
    with pytest.raises(SpecError, match="counts the total row of `the summary`, no group_counts check"):
        validate({**SPEC, "checks": checks}, "example.yaml")
