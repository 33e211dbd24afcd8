"""The `group_counts` check: a printed cross-tab (rows per group, columns per category and a total) against
the population it counts, on a table built in memory."""

from __future__ import annotations

import pytest

from audit.engine import evaluate
from audit.rules import Figure, Where
from extractors.model import Cell, Document, Evidence, Sheet, Table
from profiles.locate import Column, TableSpec, locate
from profiles.specs.group_counts import Grouped, Member, cross_tab_rows, group_count_cases
from profiles.specs.schema import SpecError, validate

CROSS_TAB = TableSpec(
    "the summary",
    (
        Column("label", ("分野",)),
        Column("A", ("A評価",)),
        Column("B", ("B評価",)),
        Column("total", ("合計",)),
    ),
    key="label",
)
SPEC = {
    "profile_id": "example_review",
    "description": "an example",
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
            {"id": "row", "kind": "summary_row_total", "words": "行の合計は評価ごとの件数の和", "aggregate": "sum"},
            {"id": "sum", "kind": "summary_sum", "words": "分野の行の和が全施策の行", "aggregate": "sum"},
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
            "scope": "{group} / {column}",
            "total_words": ["全施策"],
            "relisted_words": ["再掲"],
            "row_total": {"rule": "row", "column": "total"},
            "column_sum": {"rule": "sum"},
        }
    },
}
# 分野 | A評価 | B評価 | 合計; the 再掲 row counts members again and is no part of 全施策.
PRINTED = [
    ["分野", "A評価", "B評価", "合計"],
    ["1 暮らし", "1", "1", "2"],
    ["2 行政", "0", "2", "3"],  # 合計 3: not 0 + 2, and 行政 has two members
    ["官民データ（再掲）", "1", "0", "1"],
    ["全施策", "1", "3", "4"],
]


def _document(printed: list[list[str]] = PRINTED) -> Document:
    cells = [
        Cell(r, c, text=t, value_text=t, is_header=r == 0, evidence=Evidence(sheet="S", cell=f"R{r}C{c}"))
        for r, row in enumerate(printed)
        for c, t in enumerate(row)
    ]
    table = Table("s1", cells, n_rows=len(printed), n_cols=4, sheet="S")
    return Document(path=__file__, format="xlsx", sheets=[Sheet("S", tables=[table])])  # type: ignore[arg-type]


def _member(no: int, grade: str) -> Member:
    return Member(grade, Figure(1.0, f"施策 {no}", Where(sheet="S", cell=f"L{no}"), "exact"))


def _statuses(population: Grouped | None) -> dict[str, str]:
    spec = validate(SPEC, "example.yaml")
    check = spec.checks["summary"]
    rules = {r.id: r.rule() for r in spec.rules.figures}
    location = locate(_document(), CROSS_TAB)
    cases = group_count_cases(check, rules, location, population)  # type: ignore[arg-type]
    _, checks = evaluate(cases)
    return {row["check_id"]: row["status"] for row in checks}


def test_each_count_cell_is_checked_against_its_groups_members_and_the_totals_add_up() -> None:
    life, admin = [_member(1, "A"), _member(2, "B")], [_member(3, "B"), _member(4, "B")]
    population = Grouped({"1 暮らし": life, "2 行政": admin, "官民データ（再掲）": [life[0]], "全施策": life + admin})
    statuses = _statuses(population)
    assert statuses["count:1暮らし/A評価"] == "match"
    assert statuses["count:2行政/B評価"] == "match"
    assert statuses["count:2行政/合計"] == "mismatch"  # 3 printed, 2 listed
    assert statuses["count:官民データ(再掲)/A評価"] == "match"
    assert statuses["count:全施策/合計"] == "match"
    assert statuses["row:2行政"] == "mismatch"  # 0 + 2 printed as 3
    assert statuses["row:1暮らし"] == "match"
    # 全施策 against the 分野 rows only (1 + 0, 1 + 2, 2 + 3): the 再掲 row is not added.
    assert statuses["sum:A評価"] == "match"
    assert statuses["sum:B評価"] == "match"
    assert statuses["sum:合計"] == "mismatch"


def test_a_population_or_a_group_not_read_makes_its_counts_not_computable() -> None:
    statuses = _statuses(Grouped(unread="not read: the measure list"))
    counts = {k: v for k, v in statuses.items() if k.startswith("count:")}
    assert set(counts.values()) == {"not_computable"}
    assert statuses["row:1暮らし"] == "match"  # printed cells only: still checked
    life = [_member(1, "A"), _member(2, "B")]
    one_unread = Grouped(
        {"1 暮らし": life, "2 行政": [], "全施策": life}, unread_groups={"官民データ（再掲）": "not read: its list"}
    )
    statuses = _statuses(one_unread)
    assert statuses["count:官民データ(再掲)/A評価"] == "not_computable"
    assert statuses["count:1暮らし/A評価"] == "match"


def test_rows_printing_other_than_counts_are_no_cross_tab_rows() -> None:
    # A note row under the cross-tab, printing words where the counts stand, is no group.
    location = locate(_document([*PRINTED, ["備考", "別表参照", "同上", ""]]), CROSS_TAB)
    assert location is not None and len(location.rows) == 5
    labels = [r.label for r in cross_tab_rows(location, "label", ["A", "B", "total"])]
    assert labels == ["1 暮らし", "2 行政", "官民データ(再掲)", "全施策"]


def test_a_group_count_naming_an_undeclared_rule_is_said_in_a_sentence() -> None:
    broken = {**SPEC, "checks": {"summary": {**SPEC["checks"]["summary"], "rule": "missing"}}}  # type: ignore[dict-item]
    with pytest.raises(SpecError, match="check `summary` names the figure rule `missing`, which is not declared"):
        validate(broken, "example.yaml")
