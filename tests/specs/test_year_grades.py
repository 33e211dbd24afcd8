"""The `year_grades` row map, on tables written here (their grades, and so their truth, are this module's): a
grade printed per year column and in a 総括 column, read into grade kinds by year (the last year column the
report year's, an earlier one by its place), the rows' groups from rows spanning the table or from a group
column, and the members a cross-tab counts per kind; a grade table or groups not read make the counts not
computable."""

from __future__ import annotations

from typing import Any

import pytest

from hyoka.audit.engine import evaluate
from hyoka.extractors.model import Document
from hyoka.specs import SpecProfile
from hyoka.specs.locate import locate
from hyoka.specs.schema import SpecError, validate
from hyoka.specs.year_grades import year_grade_members, year_grades
from tests.specs.printed import page, pdf, pdf_table, text_block
from tests.specs.test_group_counts import SHARES_SPEC

# The grade table: a row per project under the group row spanning the table above it; `-`: not graded.
GRADES = (
    ("番号", "事業名", "令和4年度", "令和5年度", "総括"),
    ("1. 窓口",),
    ("1", "窓口のオンライン化", "B", "A", "A"),
    ("2", "予約システム", "A", "A", "A"),
    ("3", "電子申請", "C", "B", "-"),
    ("2. 庁内",),
    ("4", "文書管理", "B", "A", "B"),
    ("5", "会議室予約", "-", "C", "-"),
)
# The same projects, their group printed in a column instead.
GRADES_WITH_GROUP_COLUMN = (
    ("分野", "番号", "事業名", "令和4年度", "令和5年度", "総括"),
    ("1. 窓口", "1", "窓口のオンライン化", "B", "A", "A"),
    ("1. 窓口", "2", "予約システム", "A", "A", "A"),
    ("1. 窓口", "3", "電子申請", "C", "B", "-"),
    ("2. 庁内", "4", "文書管理", "B", "A", "B"),
    ("2. 庁内", "5", "会議室予約", "-", "C", "-"),
)
# By group, this year: 窓口 A 2 B 1, 庁内 A 1 (and a C); 総括: 窓口 A 2, 庁内 B 1.
THIS_YEAR = (
    ("分野", "A評価", "B評価"),
    ("1. 窓口", "2", "1"),
    ("2. 庁内", "0", "0"),  # 庁内 has one A this year: the planted mismatch
)
FINAL = (
    ("分野", "A評価", "B評価"),
    ("1. 窓口", "2", "0"),
    ("2. 庁内", "0", "1"),
)
SPEC: dict[str, Any] = {
    "profile_id": "grades_by_year_example",
    "description": "grades per year column",
    "detection": {"title": {"words": ["事業評価"], "weight": 0.5}},
    "tables": [
        {
            "name": "the grade table",
            "label": "評価一覧",
            "key": "number",
            "years": True,
            "columns": [
                {"role": "number", "words": ["番号"]},
                {"role": "name", "words": ["事業名"]},
                {"role": "final", "words": ["総括"], "required": False, "whole": True},
                {"role": "group", "words": ["分野"], "required": False, "whole": True},
            ],
        },
        SHARES_SPEC["tables"][0],  # the summary: 分野 | A評価 | B評価 (| A又はB, not printed here)
    ],
    "rows": {
        "year_grades": [
            {
                "table": "the grade table",
                "report": "year",
                "summary": {"final": "final"},
                "group": {"words": "分野", "role": "group", "pattern": r"(\d+)\s*[.．]"},
                "members": {"by_group": "the projects", "every": "every project"},
                "report_year": True,
            }
        ]
    },
    # The projects by group and grade, this year's and 総括's (the text before each cross-tab names which).
    "rules": SHARES_SPEC["rules"],
    "checks": SHARES_SPEC["checks"],
}


def document(grades: tuple[tuple[str, ...], ...] | None, title: str = "令和5年度 事業評価報告書") -> Document:
    tables = [pdf_table("t1", THIS_YEAR), pdf_table("t2", FINAL, top=250)]
    tables += [pdf_table("t3", grades, top=400)] if grades is not None else []
    blocks = [text_block(title, 40), text_block("表１ 今年度の評価の内訳", 80), text_block("表２ 総括評価の内訳", 230)]
    return pdf(page(tables=tables, blocks=blocks))


@pytest.fixture(scope="module")
def profile() -> SpecProfile:
    return SpecProfile(validate(SPEC, "grades_by_year_example"))


def counts(profile: SpecProfile, grades: tuple[tuple[str, ...], ...] | None) -> tuple[dict[str, str], list[str]]:
    output = profile.extract(document(grades))
    _, checks = evaluate(output.cases)
    return {row["check_id"].split(":", 1)[1]: row["status"] for row in checks}, output.problems


def test_each_column_is_a_grade_kind_by_its_year(profile: SpecProfile) -> None:
    mapping = profile.spec.rows.year_grades[0]
    table = profile.tables["the grade table"]
    location = locate(document(GRADES), table)
    assert location is not None
    read = year_grades(mapping, table, location)
    assert read is not None
    assert read.years == {"y1": 2022, "year": 2023}  # 令和4年度: the first of the plan's years; 令和5年度: the report's
    assert {kind: cell.text for kind, cell in read.headers.items()} == {
        "y1": "令和4年度",
        "year": "令和5年度",
        "final": "総括",
    }
    by_key = {row.key: ({kind: cell.text for kind, cell in row.grades.items()}, row.group) for row in read.rows}
    assert by_key == {
        "1": ({"y1": "B", "year": "A", "final": "A"}, "1"),
        "2": ({"y1": "A", "year": "A", "final": "A"}, "1"),
        "3": ({"y1": "C", "year": "B", "final": "-"}, "1"),
        "4": ({"y1": "B", "year": "A", "final": "B"}, "2"),
        "5": ({"y1": "-", "year": "C", "final": "-"}, "2"),
    }
    members = year_grade_members(mapping, read, "評価一覧", None, None)
    every = members[("every project", "final")].groups[""]
    assert [m.category for m in every] == ["A", "A", None, "B", None]  # `-`: not graded
    by_group = members[("the projects", "year")].groups
    assert {g: [m.category for m in ms] for g, ms in by_group.items()} == {"1": ["A", "A", "B"], "2": ["A", "C"]}


@pytest.mark.parametrize("grades", [GRADES, GRADES_WITH_GROUP_COLUMN], ids=["group rows", "group column"])
def test_each_kind_is_counted_by_its_cross_tab(profile: SpecProfile, grades: tuple[tuple[str, ...], ...]) -> None:
    statuses, problems = counts(profile, grades)
    assert problems == []
    assert statuses == {
        "year:1:A": "match",
        "year:1:B": "match",
        "year:2:A": "mismatch",
        "year:2:B": "match",
        "final:1:A": "match",
        "final:1:B": "match",
        "final:2:A": "match",
        "final:2:B": "match",
    }


def test_groups_read_nowhere_make_the_counts_not_computable(profile: SpecProfile) -> None:
    without_groups = tuple(row for row in GRADES if len(row) > 1)
    statuses, problems = counts(profile, without_groups)
    assert problems == ["The 分野 of the rows of 評価一覧 was not read."]
    assert set(statuses.values()) == {"not_computable"} and len(statuses) == 8


def test_a_grade_table_not_found_makes_the_counts_not_computable(profile: SpecProfile) -> None:
    statuses, problems = counts(profile, None)
    assert problems == ["The grade table (番号 | 事業名) was not found."]
    assert set(statuses.values()) == {"not_computable"} and len(statuses) == 8


def test_a_map_names_a_declared_table() -> None:
    broken = {**SPEC, "rows": {"year_grades": [{"table": "the plan", "report": "year"}]}}
    with pytest.raises(SpecError, match="the plan"):
        validate(broken, "grades_by_year_example")


def test_the_report_year_is_the_report_columns(profile: SpecProfile) -> None:
    """A title printing the plan's period names no report year: the grade table's last year column does."""
    output = profile.extract(document(GRADES, title="令和4～5年度 事業評価報告書"))
    assert output.report_fiscal_year == 2023
