"""A `group_counts` check whose population is a declared list (`members`): a one-row cross-tab of counts by
category over the list printed under it, blank counts read as none, the row's total against its counts
and against every listed record; and a total row checked only as the sum of the rows (`count_total_rows`).
The tables and their truth are this module's."""

from __future__ import annotations

from typing import Any

import pytest

from hyoka.audit.engine import evaluate
from hyoka.audit.rules import Figure, Where
from hyoka.extractors.model import Document
from hyoka.specs import SpecProfile
from hyoka.specs.group_counts import Grouped, Member, Printing, group_count_cases
from hyoka.specs.locate import locate
from hyoka.specs.schema import GroupCounts, SpecError, validate
from tests.specs.printed import sheet_table, workbook

SPEC: dict[str, Any] = {
    "profile_id": "listed_counts_example",
    "description": "counts by direction over the list under them",
    "detection": {},
    "tables": [
        {
            "name": "the counts",
            "key": "label",
            "columns": [
                {"role": "label", "words": ["方向性"]},
                {"role": "up", "words": ["拡充"], "required": False},
                {"role": "better", "words": ["改善"], "required": False},
                {"role": "end", "words": ["終了"], "required": False},
                {"role": "total", "words": ["合計"]},
            ],
        },
        {
            "name": "the list",
            "key": "number",
            "columns": [
                {"role": "number", "words": ["整理番号"]},
                {"role": "direction", "words": ["次年度の方向性"]},
            ],
        },
    ],
    "rules": {
        "figures": [
            {"id": "count", "kind": "summary_count", "words": "件数は一覧のその方向性の数", "aggregate": "count"},
            {"id": "total", "kind": "summary_total", "words": "合計は方向性の和", "aggregate": "sum"},
            {"id": "listed", "kind": "summary_count", "words": "合計は一覧の数", "aggregate": "count"},
        ]
    },
    "checks": {
        "by direction": {
            "check": "group_counts",
            "rule": "count",
            "table": "the counts",
            "label": "label",
            "columns": {"up": "拡充", "better": "改善", "end": "終了"},
            "population": "the list",
            "members": {"table": "the list", "category": "direction"},
            "blank_is_zero": True,
            "key": "{column}",
            "row_total": {"rule": "total", "column": "total", "key": "total"},
        },
        "listed": {
            "check": "group_counts",
            "rule": "listed",
            "table": "the counts",
            "label": "label",
            "columns": {"total": None},
            "population": "the list",
            "members": {"table": "the list", "category": "direction"},
            "key": "listed",
        },
    },
}


def _document(counts: list[str], listed: list[tuple[str, str]]) -> Document:
    """The counts (拡充 改善 終了 合計) and, after a blank row, the list (整理番号, 次年度の方向性)."""
    counted = sheet_table("t0", [["方向性", "拡充", "改善", "終了", "合計"], ["反映結果", *counts]], header_rows=1)
    rows = [["整理番号", "次年度の方向性"], *[list(r) for r in listed]]
    return workbook(counted, sheet_table("t1", rows, first_row=4, header_rows=1))


@pytest.fixture(scope="module")
def profile() -> SpecProfile:
    return SpecProfile(validate(SPEC, "listed_counts_example.yaml"))


def _statuses(profile: SpecProfile, document: Document) -> dict[str, str]:
    _, checks = evaluate(profile.extract(document).cases)
    return {row["check_id"]: row["status"] for row in checks}


def test_each_count_is_the_listed_records_of_its_category_and_a_blank_count_is_none(profile: SpecProfile) -> None:
    # 改善 2 listed, 終了 1 listed but printed blank; 合計 3 = 2 + 0 + 1 printed, and 3 listed.
    document = _document(["", "2", "", "3"], [("1101", "改善"), ("1109", "改善"), ("1200", "終了")])
    statuses = _statuses(profile, document)
    assert statuses["count:拡充"] == "match"  # blank, none listed
    assert statuses["count:改善"] == "match"
    assert statuses["count:終了"] == "mismatch"  # blank, one listed
    assert statuses["total:total"] == "mismatch"  # 3 printed, 0 + 2 + 0
    assert statuses["listed:listed"] == "match"


def test_counts_over_a_list_not_printed_are_not_computable(profile: SpecProfile) -> None:
    document = _document(["", "2", "", "2"], [])
    document.sheets[0].tables = document.sheets[0].tables[:1]
    statuses = _statuses(profile, document)
    assert statuses["count:改善"] == statuses["listed:listed"] == "not_computable"
    assert statuses["total:total"] == "match"  # printed cells only: still checked


def test_members_naming_an_undeclared_table_or_column_is_said_in_a_sentence() -> None:
    check = {**SPEC["checks"]["listed"], "members": {"table": "the list", "category": "方向"}}
    with pytest.raises(SpecError, match="check `listed` names the column `方向`, which `the list` lacks"):
        validate({**SPEC, "checks": {"listed": check}}, "example.yaml")
    check = {**SPEC["checks"]["listed"], "members": {"table": "a list", "category": "direction"}}
    with pytest.raises(SpecError, match="check `listed` names the table `a list`, which is not declared"):
        validate({**SPEC, "checks": {"listed": check}}, "example.yaml")


def test_a_total_row_not_counted_again_is_checked_only_as_the_sum_of_the_rows() -> None:
    # 政策体系 × A B, a 計 row; the hook gives the members by group and none for 計.
    spec = {
        **SPEC,
        "tables": [
            {
                "name": "the levels",
                "key": "label",
                "columns": [
                    {"role": "label", "words": ["政策体系"]},
                    {"role": "A", "words": ["A"], "whole": True},
                    {"role": "B", "words": ["B"], "whole": True},
                ],
            }
        ],
        "checks": {
            "levels": {
                "check": "group_counts",
                "rule": "count",
                "table": "the levels",
                "label": "label",
                "columns": {"A": "A", "B": "B"},
                "population": "indicators",
                "blank_is_zero": True,
                "total_words": ["計"],
                "count_total_rows": False,
                "column_sum": {"rule": "total"},
            }
        },
    }
    printed = [["政策体系", "A", "B"], ["1(1)", "1", ""], ["2(1)", "1", "1"], ["計", "2", "2"]]
    document = workbook(sheet_table("t", printed, header_rows=1))
    profile = SpecProfile(validate(spec, "levels.yaml"))
    indicator = Figure(None, "A", Where(sheet="S", cell="X1"), "exact")
    groups = {"1(1)": [Member("A", indicator)], "2(1)": [Member("A", indicator), Member("B", indicator)]}
    check = profile.spec.checks["levels"]
    assert isinstance(check, GroupCounts)
    location = locate(document, profile.tables["the levels"])
    assert location is not None
    cases = group_count_cases(
        check, {r.id: r.rule() for r in profile.spec.rules.figures}, Printing(location, ""), Grouped(groups)
    )
    _, checks = evaluate(cases)
    statuses = {row["check_id"]: row["status"] for row in checks}
    assert statuses["count:1(1)/A"] == statuses["count:1(1)/B"] == statuses["count:2(1)/B"] == "match"
    assert statuses["total:A"] == "match"
    assert statuses["total:B"] == "mismatch"  # 計 2, the rows 0 + 1
    assert not any(key.startswith("count:計") for key in statuses)
