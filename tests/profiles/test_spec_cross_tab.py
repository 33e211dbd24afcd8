"""The `group_count` check and `year_count` of the spec format, on tables written here (their figures, and
so their truth, are this module's): a printed cross-tab (groups × grades, `2件（67%）`) against members
counted by group and grade, the population each printing counts named by the text just before it."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from audit.engine import evaluate
from audit.rules import Where
from extractors.model import Cell, Document, Evidence, Page, Table, TextBlock
from profiles.locate import locate_all
from profiles.specs import SpecProfile
from profiles.specs.cross_tab import Member, Members, cross_tab_cases, printings
from profiles.specs.schema import GroupCount, SpecError, validate

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
SPEC: dict[str, Any] = {
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
            "check": "group_count",
            "table": "the summary",
            "group": "group",
            "group_pattern": r"(\d+)\s*[.．]",
            "categories": ["A", "B"],
            "combined": {"AB": ["A", "B"]},
            "count_rule": "count",
            "share_rule": "share",
            "population": "the projects",
            "context": {"final": "総括", "year": "今年度"},
        }
    },
}


def printed_table(table_id: str, rows: tuple[tuple[str, ...], ...], top: float) -> Table:
    cells = [
        Cell(
            r,
            c,
            text=text,
            evidence=Evidence(page=1, bbox=(50 + 100 * c, top + 20 * r, 150 + 100 * c, top + 20 * (r + 1))),
        )
        for r, row in enumerate(rows)
        for c, text in enumerate(row)
    ]
    width = len(rows[0])
    return Table(
        table_id, cells, len(rows), width, pages=[1], bboxes={1: (50, top, 50 + 100 * width, top + 20 * len(rows))}
    )


def caption(text: str, top: float) -> TextBlock:
    return TextBlock(text, [text], 1, (50, top, 400, top + 15))


@pytest.fixture(scope="module")
def document() -> Document:
    tables = [
        printed_table("t1", YEAR_TABLE, 100),
        printed_table("t2", FINAL_TABLE, 300),
        printed_table("t3", LISTS, 500),
        printed_table("t4", PLAN, 600),
    ]
    blocks = [caption("表１ 今年度の評価の内訳", 80), caption("表２ 総括評価の内訳", 280)]
    return Document(Path("cross_tab.pdf"), "pdf", pages=[Page(1, 595, 842, tables=tables, text_blocks=blocks)])


@pytest.fixture(scope="module")
def spec_profile() -> SpecProfile:
    return SpecProfile(validate(SPEC, "cross_tab_example"))


def members(context: str) -> Members:
    column = 2 if context == "year" else 3
    found = [Member(p[0], p[1], p[column], None) for p in PROJECTS]
    return Members(found, Where(), "the list")


def counted(document: Document, spec_profile: SpecProfile) -> dict[str, tuple[str, str]]:
    check = spec_profile.spec.checks["by group"]
    assert isinstance(check, GroupCount)
    rules = {r.id: r.rule() for r in spec_profile.spec.rules.figures}
    located = locate_all(document, spec_profile.tables["the summary"])
    cases = [
        case
        for printing in printings(document, located, check.context)
        for case in cross_tab_cases(check, rules["count"], rules["share"], printing, members(printing.context))
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
    assert {c["detail"].endswith("not read: the projects") for c in by_group} == {True}


def test_year_count_tells_a_years_list_from_the_plans_table(document: Document, spec_profile: SpecProfile) -> None:
    output = spec_profile.extract(document)
    assert not [p for p in output.problems if "list" in p or "table" in p]
    assert [d for d in output.located if "taken as" in d] == [
        "the year's list: taken as the year's list: a column for 1 year(s)",
        "the plan's table: taken as the plan's table: a column for 2 year(s)",
    ]


def test_a_group_count_naming_an_undeclared_rule_is_one_sentence() -> None:
    broken = copy.deepcopy(SPEC)
    broken["checks"]["by group"]["share_rule"] = "shares"
    with pytest.raises(SpecError) as raised:
        validate(broken, "cross_tab_example")
    assert str(raised.value) == (
        "cross_tab_example: check `by group` names the figure rule `shares`, which is not declared."
    )
