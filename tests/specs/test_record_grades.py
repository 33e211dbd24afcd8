"""Grades judged against the record (`rows: grades_against_record`, `hyoka.specs.record_grades`), on a grade
list, a plan table and one sheet per system written here (their grades, and so their truth, are this
module's): each list row a measure with its sheet's fields first, its sheet's amounts as budgets in the
plan's years, each grade in the list or the plan table recomputed from the sheet's grade of its kind, the
sheet's own recorded, a grade given in one place and not in the other a same_fact mismatch, a row only the
plan table lists a problem, and a sheet's year header against the plan's years."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from hyoka.audit.engine import evaluate
from hyoka.extractors.model import Document, Page
from hyoka.specs import SpecProfile
from hyoka.specs.schema import SpecError, validate
from tests.specs.printed import pdf_table

GRADE_COLUMNS = [
    {"role": "number", "words": ["No."]},
    {"role": "name", "words": ["システム名"]},
    {"role": "department", "words": ["主担当課"], "required": False},
    {"role": "final", "words": ["総括"], "required": False, "whole": True},
]
RANK_BANDS = [
    {"grade": "A", "low": 2.5},
    {"grade": "B", "low": 1.5, "high": 2.5},
    {"grade": "C", "high": 1.5},
]


def _rule(family: str, kind: str) -> dict[str, Any]:
    return {
        "id": f"example.{family}.{kind}",
        "grade_type": kind,
        "words": family,
        "aggregate": "value",
        "bands": RANK_BANDS,
    }


SPEC: dict[str, Any] = {
    "profile_id": "record_grades_example",
    "description": "a grade list, a plan table and one sheet per system",
    "detection": {},
    "tables": [
        {
            "name": "the list",
            "label": "一覧表",
            "key": "number",
            "years": True,
            "year_count": {"max": 1},
            "columns": GRADE_COLUMNS,
        },
        {
            "name": "the plan table",
            "label": "計画表",
            "key": "number",
            "years": True,
            "year_count": {"min": 2},
            "required": False,
            "columns": GRADE_COLUMNS,
        },
    ],
    "rows": {
        "year_grades": [
            {"table": "the list", "report": "year", "summary": {"final": "final"}},
            {"table": "the plan table", "report": "year", "earlier": "y{n}", "summary": {"final": "final"}},
        ],
        "grades_against_record": [
            {
                "table": "the list",
                "sheet": "system's sheet",
                "places": [
                    {"place": "list", "table": "the list", "words": "一覧表"},
                    {"place": "plan", "table": "the plan table", "words": "計画表"},
                ],
                "record_place": "sheet",
                "ranks": {"A": 3, "B": 2, "C": 1},
                "rule": "example.as_on_sheet.{kind}",
                "record_rule": "example.on_sheet.{kind}",
                "given": "grade given",
                "key_words": "No.{key}",
                "fields": {"title": "name", "stage": "stage"},
                "names": {"divisions": "department"},
                "constants": {"level": "システム"},
                "budgets": "sheet",
                "plan": {"table": "the plan table", "years": 2, "check": "plan years"},
            }
        ],
    },
    "rules": {
        "grades": [
            _rule("as_on_sheet", "year"),
            _rule("as_on_sheet", "final"),
            _rule("as_on_sheet", "y1"),
            _rule("on_sheet", "year"),
            _rule("on_sheet", "final"),
        ]
    },
    "checks": {
        "grade given": {"check": "same_fact", "kind": "grade_cross_reference", "words": "評価の有無は同じ"},
        "plan years": {"check": "same_fact", "kind": "fiscal_year_header", "words": "金額の年度は計画の年度"},
    },
    "sheets": [
        {
            "name": "system's sheet",
            "labels": ["システム名", "担当課名", "事業段階", "予算額", "評価"],
            "fields": {"name": ["システム名"], "department": ["担当課名"], "stage": ["事業段階"]},
            "amounts": {"budget": "予算額"},
            "row_of": {"table": "the list", "role": "name", "field": "name"},
            "grades": {"label": "評価", "kinds": {"final": "総括"}, "default": "year"},
        }
    ],
}
LIST = (
    ("No.", "システム名", "主担当課", "令和5年度", "総括"),
    ("1", "窓口予約システム", "市民課", "A", "A"),  # as on its sheet
    ("2", "庁内無線LAN", "情報政策課", "A", "B"),  # the sheet's year grade is C: a mismatch
    ("3", "電子申請", "総務課", "B", "A"),  # its sheet gives no 総括
)
PLAN = (
    ("No.", "システム名", "令和4年度", "令和5年度", "総括"),
    ("1", "窓口予約システム", "B", "A", "A"),
    ("2", "庁内無線LAN", "C", "C", "B"),
    ("3", "電子申請", "A", "B", "A"),
    ("4", "統合宛名", "B", "B", "B"),  # a row the list does not print
)
SHEETS = (
    (
        ("システム名", "窓口予約 システム"),
        ("担当課名", "市民課"),
        ("事業段階", "運用"),
        ("", "R4年度", "R5年度"),
        ("予算額（千円）", "1,200", "800"),
        ("評価", "令和5年度", "総括"),
        ("", "A", "A"),
    ),
    (
        ("システム名", "庁内無線LAN"),
        ("担当課名", "情報政策課"),
        ("", "R4年度", "R4年度"),  # a header repeating its first year: the plan's years stand
        ("予算額（千円）", "300", "300"),
        ("評価", "令和5年度", "総括"),
        ("", "C", "B"),
    ),
    (
        ("システム名", "電子申請"),
        ("事業段階", "構築"),
        ("", "R4年度", "R5年度"),
        ("予算額（千円）", "", "50"),  # a blank: no amount
        ("評価", "令和5年度", "総括"),
        ("", "B", "-"),
    ),
)


@pytest.fixture(scope="module")
def read() -> tuple[Any, dict[str, str]]:
    tables = [
        pdf_table("p1-t1", LIST, page=1, top=100, column=150),
        pdf_table("p1-t2", PLAN, page=1, top=300, column=150),
    ]
    pages = [Page(1, 595, 842, tables=tables)]
    pages += [
        Page(n, 595, 842, tables=[pdf_table(f"p{n}-t1", s, page=n, top=100, column=150)])
        for n, s in enumerate(SHEETS, 2)
    ]
    title = "令和5年度 評価"
    profile = SpecProfile(validate(SPEC, "record_grades_example"))
    output = profile.extract(Document(Path(f"{title}.pdf"), "pdf", pages=pages))
    grades, checks = evaluate(output.cases)
    statuses = {f"{r['measure_key']}:{r['grade_type']}:{r['place']}": r["status"] for r in grades}
    statuses |= {r["check_id"]: r["status"] for r in checks}
    return output, statuses


def test_each_row_is_a_measure_its_sheet_printing_first(read: tuple[Any, dict[str, str]]) -> None:
    output, _ = read
    measures = {m["measure_key"]: (m["title"], m["divisions"], m["stage"], m["level"]) for m in output.measures}
    assert measures == {
        "1": ("窓口予約 システム", ["市民課"], "運用", "システム"),
        "2": ("庁内無線LAN", ["情報政策課"], None, "システム"),
        "3": ("電子申請", ["総務課"], "構築", "システム"),  # its sheet prints no 担当課名: the list's
    }


def test_a_sheets_amounts_are_budgets_in_the_plans_years(read: tuple[Any, dict[str, str]]) -> None:
    output, _ = read
    budgets = {(b["measure_key"], b["fiscal_year"]): b["amount"] for b in output.budgets}
    assert budgets == {
        ("1", 2022): 1_200_000.0,  # 千円, in the contract's 円
        ("1", 2023): 800_000.0,
        ("2", 2022): 300_000.0,
        ("2", 2023): 300_000.0,
        ("3", 2023): 50_000.0,
    }


def test_each_printed_grade_is_recomputed_from_the_sheets(read: tuple[Any, dict[str, str]]) -> None:
    _, statuses = read
    grades = {k: v for k, v in statuses.items() if ":" in k and not k.startswith(("grade_", "fiscal_"))}
    assert grades == {
        "1:year:list": "match",
        "1:final:list": "match",
        "1:year:sheet": "not_computable",  # the sheet's own: no figure yields it
        "1:final:sheet": "not_computable",
        "1:y1:plan": "not_computable",  # the sheet prints no grade of the plan's first year
        "1:year:plan": "match",
        "1:final:plan": "match",
        "2:year:list": "mismatch",
        "2:final:list": "match",
        "2:year:sheet": "not_computable",
        "2:final:sheet": "not_computable",
        "2:y1:plan": "not_computable",
        "2:year:plan": "match",
        "2:final:plan": "match",
        "3:year:list": "match",
        "3:final:list": "not_computable",  # not given on the sheet: said by `grade given`
        "3:year:sheet": "not_computable",
        "3:final:sheet": "not_computable",
        "3:y1:plan": "not_computable",
        "3:year:plan": "match",
        "3:final:plan": "not_computable",
        "4:y1:plan": "not_computable",
        "4:year:plan": "not_computable",
        "4:final:plan": "not_computable",
    }


def test_a_grade_given_in_one_place_only_is_a_mismatch(read: tuple[Any, dict[str, str]]) -> None:
    _, statuses = read
    given = {k: v for k, v in statuses.items() if k.startswith("grade_cross_reference")}
    assert given == {"grade_cross_reference:3:final:list": "mismatch", "grade_cross_reference:3:final:plan": "mismatch"}


def test_a_row_only_the_plan_table_lists_is_a_problem(read: tuple[Any, dict[str, str]]) -> None:
    output, _ = read
    assert "計画表 lists No.4, which 一覧表 does not." in output.problems


def test_a_sheets_year_header_is_compared_with_the_plans_years(read: tuple[Any, dict[str, str]]) -> None:
    _, statuses = read
    headers = {k: v for k, v in statuses.items() if k.startswith("fiscal_year_header")}
    assert headers == {
        "fiscal_year_header:1": "match",
        "fiscal_year_header:2": "mismatch",
        "fiscal_year_header:3": "match",
    }


def test_the_sheet_must_be_graded_and_paired_with_the_table() -> None:
    sheet = {**SPEC["sheets"][0], "grades": None}
    with pytest.raises(SpecError, match="no sheet with `grades`"):
        validate({**SPEC, "sheets": [sheet]}, "record_grades_example")
