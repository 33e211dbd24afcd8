"""A `group_counts` population a list gives by the group label it prints by each record (a vertical 分野
label whose characters the format layer may read out of order, a 再掲 list's label): each record counted
in the cross-tab row whose name is most like its label, the total row counting every record outside the
relisted rows, a relisted row no record matched counting a list not read. The cross-tab, the records and
their truth are this module's."""

from __future__ import annotations

from hyoka.audit.engine import evaluate
from hyoka.audit.rules import Figure, Where
from hyoka.specs.group_counts import Member, Printing, group_count_cases, group_rows, grouped_by_row, matched_row
from hyoka.specs.locate import locate
from hyoka.specs.schema import GroupCounts, validate
from tests.specs.printed import sheet_table, workbook
from tests.specs.test_group_counts import CROSS_TAB, PRINTED, SPEC

CHECK = validate(
    {**SPEC, "checks": {"summary": {**SPEC["checks"]["summary"], "relisted_unread": "{label}の一覧"}}}, "example.yaml"
).checks["summary"]
assert isinstance(CHECK, GroupCounts)
# 分野 | A評価 | B評価 | 合計: 1 暮らし 1 1 2; 2 行政 0 2 3; 官民データ（再掲） 1 0 1; 全施策 1 3 4.
LOCATION = locate(workbook(sheet_table("s1", PRINTED, header_rows=1)), CROSS_TAB)


def _listed(labels_and_grades: list[tuple[str, str]]) -> list[tuple[str, Member]]:
    return [
        (label, Member(grade, Figure(1.0, f"施策 {n}", Where(sheet="S", cell=f"L{n}"), "exact")))
        for n, (label, grade) in enumerate(labels_and_grades, start=1)
    ]


def _statuses(labels_and_grades: list[tuple[str, str]]) -> dict[str, tuple[str, str]]:
    rows = group_rows(CHECK, LOCATION)
    members = [(matched_row(label, rows), member) for label, member in _listed(labels_and_grades)]
    population = grouped_by_row(CHECK, rows, members, None)
    rules = {r.id: r.rule() for r in validate(SPEC, "example.yaml").rules.figures}
    assert LOCATION is not None
    _, checks = evaluate(group_count_cases(CHECK, rules, Printing(LOCATION, ""), population))
    return {row["check_id"]: (row["status"], row["detail"]) for row in checks}


def test_rows_are_parts_relisted_rows_and_the_total_by_the_checks_words() -> None:
    rows = group_rows(CHECK, LOCATION)
    assert [(r.name, r.kind) for r in rows] == [
        ("暮らし", "part"),
        ("行政", "part"),
        ("官民データ(再掲)", "relisted"),
        ("全施策", "total"),
    ]
    # A vertical label read out of order names the row with the same characters; no label, no row.
    assert matched_row("しら暮", rows) is rows[0]
    assert matched_row("政行", rows) is rows[1]
    assert matched_row("再掲官民データ", rows) is rows[2]
    assert matched_row("", rows) is None


def test_each_record_counts_in_the_row_its_label_names_and_the_total_counts_those_outside_the_relisted_rows() -> None:
    listed = [("しら暮", "A"), ("暮らし", "B"), ("政行", "B"), ("行政", "B"), ("", "B")]
    statuses = _statuses([*listed, ("ータデ官民（再掲）", "A")])
    assert statuses["count:1暮らし/A評価"][0] == "match"
    assert statuses["count:1暮らし/合計"][0] == "match"
    assert statuses["count:2行政/合計"][0] == "mismatch"  # 3 printed, 2 labelled 行政
    assert statuses["count:官民データ(再掲)/A評価"][0] == "match"  # the relisted record, counted there only
    assert statuses["count:全施策/A評価"][0] == "match"  # 1: the relisted A not again
    assert statuses["count:全施策/B評価"][0] == "mismatch"  # 3 printed, 4 B listed (one unlabelled)


def test_a_relisted_row_no_record_matched_counts_a_list_not_read() -> None:
    statuses = _statuses([("暮らし", "A"), ("暮らし", "B"), ("行政", "B"), ("行政", "B")])
    status, detail = statuses["count:官民データ(再掲)/A評価"]
    assert status == "not_computable" and "官民データ(再掲)の一覧を読めていない" in detail
    assert statuses["count:全施策/合計"][0] == "match"
