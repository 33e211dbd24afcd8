"""The grades a label/value sheet's grade block prints (`sheets: grades`, `hyoka.specs.sheet_grades`), on
sheets written here (their grades, and so their truth, are this module's): headers over the grades, a header
naming no kind, and label/value rows naming their kind."""

from __future__ import annotations

import pytest

from hyoka.specs.schema import SheetGradesDecl
from hyoka.specs.sheet_grades import kind_named, sheet_grades
from hyoka.specs.sheets import LabelledSheet, labelled_sheets
from tests.specs.printed import page, pdf, pdf_table

KINDS = {"final": "総括", "year": r"(?:令和|R)\s*[0-9元]+\s*年度"}
GRADES = SheetGradesDecl(label="評価", kinds=KINDS, default="year")
SHEETS = (
    # Headers over the grades: the year's and 総括.
    (("システム名", "窓口予約システム"), ("評価", "令和5年度", "総括"), ("", "B", "A")),
    # A header naming no kind: the default kind's grade.
    (("システム名", "庁内無線LAN"), ("評価", "進捗状況"), ("", "C")),
    # Label/value rows, each label naming its kind (full-width digits read as digits); 自己評価 names none.
    (
        ("システム名", "電子申請"),
        ("担当課名", "情報政策課"),
        ("令和５年度 進捗状況評価", "A"),
        ("目標達成指標 総括評価", "-"),
        ("自己評価", "B"),
    ),
)


@pytest.fixture(scope="module")
def sheets() -> list[LabelledSheet]:
    tables = [pdf_table(f"t{i}", rows, top=100 + 150 * i, column=150) for i, rows in enumerate(SHEETS)]
    return labelled_sheets(pdf(page(tables=tables)), ["システム名", "担当課名", "評価"])


def test_headers_over_the_grades_name_their_kinds(sheets: list[LabelledSheet]) -> None:
    assert {kind: cell.text for kind, cell in sheet_grades(sheets[0], GRADES).items()} == {"year": "B", "final": "A"}


def test_a_header_naming_no_kind_is_the_default_kinds(sheets: list[LabelledSheet]) -> None:
    assert {kind: cell.text for kind, cell in sheet_grades(sheets[1], GRADES).items()} == {"year": "C"}


def test_label_value_rows_name_their_kinds(sheets: list[LabelledSheet]) -> None:
    assert {kind: cell.text for kind, cell in sheet_grades(sheets[2], GRADES).items()} == {"year": "A", "final": "-"}


def test_the_first_declared_kind_a_text_names_wins() -> None:
    assert kind_named("令和5年度 総括評価", KINDS) == "final"
    assert kind_named("進捗状況評価", KINDS) is None
