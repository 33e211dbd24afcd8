"""The `group_counts` check, on tables written here (their figures, and so their truth, are this module's):
a printed cross-tab (rows per group, columns per category and a total; or cells `2件（67%）` and a combined
share column) against the population it counts, the population each printing counts named by the text just
before it; and `year_count` of the spec format."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from hyoka.audit.engine import evaluate
from hyoka.audit.rules import Figure, Where
from hyoka.extractors.model import Document
from hyoka.specs import SpecProfile
from hyoka.specs.group_counts import (
    Grouped,
    Member,
    Printing,
    cross_tab_rows,
    group_count_cases,
    group_rows,
    printings,
)
from hyoka.specs.locate import Column, TableSpec, locate, locate_all
from hyoka.specs.schema import GroupCounts, SpecError, validate
from tests.specs.printed import page, pdf, pdf_table, sheet_table, text_block, workbook

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
            "scope": "{label} / {column}",
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
    return workbook(sheet_table("s1", printed, header_rows=1))


def _member(no: int, grade: str) -> Member:
    return Member(grade, Figure(1.0, f"施策 {no}", Where(sheet="S", cell=f"L{no}"), "exact"))


def _statuses(
    population: Grouped | None, spec_data: dict[str, Any] = SPEC, printed: list[list[str]] = PRINTED
) -> dict[str, str]:
    spec = validate(spec_data, "example.yaml")
    check = spec.checks["summary"]
    rules = {r.id: r.rule() for r in spec.rules.figures}
    location = locate(_document(printed), CROSS_TAB)
    assert isinstance(check, GroupCounts) and location is not None
    cases = group_count_cases(check, rules, Printing(location, ""), population)
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
    statuses = _statuses(Grouped(unread="施策一覧を読めていない"))
    counts = {k: v for k, v in statuses.items() if k.startswith("count:")}
    assert set(counts.values()) == {"not_computable"}
    assert statuses["row:1暮らし"] == "match"  # printed cells only: still checked
    life = [_member(1, "A"), _member(2, "B")]
    one_unread = Grouped(
        {"1 暮らし": life, "2 行政": [], "全施策": life}, unread_groups={"官民データ（再掲）": "その一覧を読めていない"}
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


# 北海道's total words (計, 合計) over groups whose names hold 計 at their start or as their own ending.
PLANNING = [
    ["分野", "A評価", "B評価", "合計"],
    ["1 計画推進", "1", "1", "2"],
    ["2 行政", "0", "1", "1"],
    ["3 統計", "0", "1", "1"],
    ["計", "1", "3", "4"],
]


def test_a_group_named_with_a_total_word_inside_is_a_group_and_the_total_row_adds_it() -> None:
    spec = copy.deepcopy(SPEC)
    spec["checks"]["summary"]["total_words"] = ["計", "合計"]
    check = validate(spec, "example.yaml").checks["summary"]
    location = locate(_document(PLANNING), CROSS_TAB)
    assert isinstance(check, GroupCounts)
    assert [(r.label, r.kind) for r in group_rows(check, location)] == [
        ("1 計画推進", "part"),
        ("2 行政", "part"),
        ("3 統計", "part"),
        ("計", "total"),
    ]
    planning, admin, statistics = [_member(1, "A"), _member(2, "B")], [_member(3, "B")], [_member(4, "B")]
    groups = {"1 計画推進": planning, "2 行政": admin, "3 統計": statistics, "計": planning + admin + statistics}
    statuses = _statuses(Grouped(groups), spec, PLANNING)
    assert statuses["sum:A評価"] == "match"  # 計 against 1 + 0 + 0, not 計画推進 against 行政
    assert statuses["count:1計画推進/A評価"] == "match"
    assert set(statuses.values()) == {"match"}


def test_a_group_count_naming_an_undeclared_rule_is_said_in_a_sentence() -> None:
    broken = {**SPEC, "checks": {"summary": {**SPEC["checks"]["summary"], "rule": "missing"}}}  # type: ignore[dict-item]
    with pytest.raises(SpecError, match="check `summary` names the figure rule `missing`, which is not declared"):
        validate(broken, "example.yaml")


# ---- cells printing a count and a share, printings counting the population their context names

YEAR_TABLE = (
    ("分野", "A評価", "B評価", "A又はB"),
    ("1. 窓口", "2件（67%）", "1件（33%）", "100%"),
    ("2. 庁内", "1件（50%）", "0件（0%）", "40%"),  # 1 of 2 graded is A or B: 50%, the planted mismatch
)
FINAL_TABLE = (
    ("分野", "A評価", "B評価", "A又はB"),
    ("1. 窓口", "3件（100%）", "0件（0%）", "100%"),  # 2 are A: the planted mismatch (its share too)
)
# (key, group, this year's grade, 総括): project 5 is graded C this year (no column counts C), not yet in 総括.
PROJECTS = (
    ("1", "1", "A", "A"),
    ("2", "1", "A", "A"),
    ("3", "1", "B", "B"),
    ("4", "2", "A", "A"),
    ("5", "2", "C", None),
)
LISTS = (
    ("番号", "事業名", "R5"),
    ("1", "窓口のオンライン化", "A"),
)
PLAN = (
    ("番号", "事業名", "R4", "R5"),
    ("1", "窓口のオンライン化", "B", "A"),
)
SHARES_SPEC: dict[str, Any] = {
    "profile_id": "cross_tab_example",
    "description": "grades by group",
    "detection": {},
    "tables": [
        {
            "name": "the summary",
            "key": "group",
            "group_rows": False,
            "columns": [
                {"role": "group", "words": ["分野"]},
                {"role": "A", "words": ["A評価"]},
                {"role": "B", "words": ["B評価"]},
                {"role": "AB", "words": ["A又はB"], "required": False},
            ],
        },
        {
            "name": "the year's list",
            "key": "number",
            "years": True,
            "year_count": {"min": 1, "max": 1},
            "columns": [{"role": "number", "words": ["番号"]}, {"role": "name", "words": ["事業名"]}],
        },
        {
            "name": "the plan's table",
            "key": "number",
            "years": True,
            "year_count": {"min": 2},
            "columns": [{"role": "number", "words": ["番号"]}, {"role": "name", "words": ["事業名"]}],
        },
    ],
    "rules": {
        "figures": [
            {"id": "count", "kind": "group_count", "words": "件数はその分野・その評価の事業数", "aggregate": "count"},
            {
                "id": "share",
                "kind": "group_share",
                "words": "割合はその分野の評価済み事業に占める割合",
                "aggregate": "percent_of_count",
            },
        ]
    },
    "checks": {
        "by group": {
            "check": "group_counts",
            "table": "the summary",
            "label": "group",
            "group_pattern": r"(\d+)\s*[.．]",
            "columns": {"A": "A", "B": "B"},
            "combined": {"AB": ["A", "B"]},
            "rule": "count",
            "share_rule": "share",
            "population": "the projects",
            "context": {"final": "総括", "year": "今年度"},
            "key": "{context}:{group}:{role}",
        }
    },
}


@pytest.fixture(scope="module")
def document() -> Document:
    tables = [
        pdf_table("t1", YEAR_TABLE),
        pdf_table("t2", FINAL_TABLE, top=300),
        pdf_table("t3", LISTS, top=500),
        pdf_table("t4", PLAN, top=600),
    ]
    blocks = [text_block("表１ 今年度の評価の内訳", 80), text_block("表２ 総括評価の内訳", 280)]
    return pdf(page(tables=tables, blocks=blocks))


@pytest.fixture(scope="module")
def spec_profile() -> SpecProfile:
    return SpecProfile(validate(SHARES_SPEC, "cross_tab_example"))


def members(context: str) -> Grouped:
    column = 2 if context == "year" else 3
    groups: dict[str, list[Member]] = {}
    for project in PROJECTS:
        groups.setdefault(project[1], []).append(Member(project[column], Figure(None, label=project[0])))
    return Grouped(groups, name="the list")


def counted(document: Document, spec_profile: SpecProfile) -> dict[str, tuple[str, str]]:
    check = spec_profile.spec.checks["by group"]
    assert isinstance(check, GroupCounts)
    rules = {r.id: r.rule() for r in spec_profile.spec.rules.figures}
    located = locate_all(document, spec_profile.tables["the summary"])
    cases = [
        case
        for printing in printings(document, located, check.context)
        for case in group_count_cases(check, rules, printing, members(printing.context))
    ]
    _, checks = evaluate(cases)
    return {row["check_id"]: (row["stated"], row["status"]) for row in checks}


def test_each_printed_count_and_share_is_recomputed_from_the_members(
    document: Document, spec_profile: SpecProfile
) -> None:
    assert counted(document, spec_profile) == {
        "count:year:1:A": ("2", "match"),
        "share:year:1:A": ("67", "match"),
        "count:year:1:B": ("1", "match"),
        "share:year:1:B": ("33", "match"),
        "share:year:1:AB": ("100", "match"),
        "count:year:2:A": ("1", "match"),
        "share:year:2:A": ("50", "match"),
        "count:year:2:B": ("0", "match"),
        "share:year:2:B": ("0", "match"),
        "share:year:2:AB": ("40", "mismatch"),
        "count:final:1:A": ("3", "mismatch"),
        "share:final:1:A": ("100", "mismatch"),
        "count:final:1:B": ("0", "mismatch"),
        "share:final:1:B": ("0", "mismatch"),
        "share:final:1:AB": ("100", "match"),
    }


def test_without_members_read_every_printed_figure_is_not_computable(
    document: Document, spec_profile: SpecProfile
) -> None:
    """No hook filled the population: each figure is still stated, none is a mismatch."""
    _, checks = evaluate(spec_profile.extract(document).cases)
    by_group = [c for c in checks if c["kind"] in ("group_count", "group_share")]
    assert len(by_group) == 15
    assert {c["status"] for c in by_group} == {"not_computable"}
    # No population was registered under the declared name: what the check counts over was not read.
    assert {c["detail"].endswith("：計算できない：数える対象を読めていない") for c in by_group} == {True}


def test_year_count_tells_a_years_list_from_the_plans_table(document: Document, spec_profile: SpecProfile) -> None:
    output = spec_profile.extract(document)
    assert not [p for p in output.problems if "list" in p or "table" in p]
    assert [d for d in output.located if "taken as" in d] == [
        "the year's list: taken as the year's list: a column for 1 year(s)",
        "the plan's table: taken as the plan's table: a column for 2 year(s)",
    ]


def test_a_share_rule_not_declared_is_one_sentence() -> None:
    broken = copy.deepcopy(SHARES_SPEC)
    broken["checks"]["by group"]["share_rule"] = "shares"
    with pytest.raises(SpecError) as raised:
        validate(broken, "cross_tab_example")
    assert str(raised.value) == (
        "cross_tab_example: check `by group` names the figure rule `shares`, which is not declared."
    )


def test_combined_share_columns_without_a_share_rule_are_one_sentence() -> None:
    broken = copy.deepcopy(SHARES_SPEC)
    del broken["checks"]["by group"]["share_rule"]
    with pytest.raises(SpecError, match="check `by group` declares `combined` share columns but no `share_rule`"):
        validate(broken, "cross_tab_example")
