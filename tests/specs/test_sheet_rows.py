"""Label/value sheets that are the records of a list's rows (`row_of`), paired by the engine: the sheets carry
no key and follow the list's order, equal names anchor the alignment, a sheet naming its system otherwise
between two anchors is still its row's, and a row without a sheet or a sheet without a row is one problem
each; a `same_fact` check then compares a list column with a sheet field, keyed by the row. The list and the
sheets are written here (their facts, and so their truth, are this module's)."""

from __future__ import annotations

from typing import Any

import pytest

from hyoka.audit.engine import evaluate
from hyoka.extractors.model import Cell
from hyoka.specs import Reading, SpecProfile
from hyoka.specs.schema import SpecError, validate
from hyoka.specs.tables import plain
from tests.specs.printed import page, pdf, pdf_table

SHEET = {
    "name": "system's sheet",
    "labels": ["システム名", "担当課名"],
    "fields": {"name": ["システム名"], "department": ["担当課名"]},
    "row_of": {"table": "the list", "role": "name", "field": "name"},
}


def _same(kind: str, words: str, field: str, compare: str) -> dict[str, Any]:
    """A same_fact check of a list column against the sheet field of the same name."""
    first = {"table": "the list", "key": "number", "value": field}
    second = {"sheet": "system's sheet", "value": field}
    return {
        "check": "same_fact",
        "kind": kind,
        "words": words,
        "first": first,
        "second": second,
        "compare": compare,
        "key": "{key}:list",
    }


SPEC: dict[str, Any] = {
    "profile_id": "sheet_rows_example",
    "description": "a list of systems and one sheet per system",
    "detection": {},
    "tables": [
        {
            "name": "the list",
            "label": "一覧表",
            "key": "number",
            "columns": [
                {"role": "number", "words": ["No."]},
                {"role": "name", "words": ["システム名"]},
                {"role": "department", "words": ["主担当課"]},
            ],
        }
    ],
    "sheets": [SHEET],
    "checks": {
        "name": _same("name_cross_reference", "システム名は一覧とシートで同じ", "name", "spacing"),
        "department": _same("department_cross_reference", "主担当課は一覧とシートで同じ", "department", "names"),
    },
    "hooks": {"read": "tests.specs.test_sheet_rows:keep"},
}
LISTED = (
    ("窓口予約システム", "市民課"),
    ("庁内無線LAN", "情報政策課"),
    ("財務会計システム", "財政課\n会計課"),
    ("文書管理システム", "総務課"),
    ("電子入札システム", "契約課"),
)
# The list's order; the first wraps its name, the second names its system otherwise, the third lists its two
# 課 on one line, 文書管理 has no sheet, 電子入札 names another 課, 統合宛名 has no row.
SHEETS = (
    ("窓口予約 システム", "市民課"),
    ("庁内ネットワーク", "情報政策課"),
    ("財務会計システム", "財政課、会計課"),
    ("電子入札システム", "管財課"),
    ("統合宛名システム", "市民課"),
)


READINGS: list[Reading] = []


def keep(reading: Reading) -> None:
    """The hook: keeps the reading, to see the pairs the engine made."""
    READINGS.append(reading)


def _text(cell: Cell | None) -> str:
    return plain(cell.text) if cell is not None else ""


def _read() -> tuple[dict[str, str], list[str], dict[str, str]]:
    rows = (("No.", "システム名", "主担当課"), *((str(n), name, dept) for n, (name, dept) in enumerate(LISTED, 1)))
    listed = pdf_table("p1-t1", rows, column=150)
    sheets = [
        pdf_table(f"p{n}-t1", (("システム名", name), ("担当課名", dept)), page=n, column=150)
        for n, (name, dept) in enumerate(SHEETS, 2)
    ]
    document = pdf(*(page(n, [t]) for n, t in enumerate([listed, *sheets], start=1)))
    output = SpecProfile(validate(SPEC, "sheet_rows_example")).extract(document)
    pairs = READINGS[-1].sheet_rows["system's sheet"]
    found = {r["check_id"]: r["status"] for r in evaluate(output.cases)[1]}
    return {_text(row.cell("number")): _text(record.fields["name"]) for row, record in pairs}, output.problems, found


@pytest.fixture(scope="module")
def read() -> tuple[dict[str, str], list[str], dict[str, str]]:
    return _read()


def test_sheets_pair_with_rows_by_order_anchored_by_equal_names(
    read: tuple[dict[str, str], list[str], dict[str, str]],
) -> None:
    paired, _, _ = read
    assert paired == {
        "1": "窓口予約 システム",
        "2": "庁内ネットワーク",
        "3": "財務会計システム",
        "5": "電子入札システム",
    }


def test_a_row_without_a_sheet_and_a_sheet_without_a_row_are_problems(
    read: tuple[dict[str, str], list[str], dict[str, str]],
) -> None:
    _, problems, _ = read
    assert "4 文書管理システム has no system's sheet." in problems
    assert "The system's sheet of 統合宛名システム (p.6) has no row in 一覧表." in problems


def test_a_list_column_and_a_sheet_field_are_compared_by_the_row_the_sheet_is_paired_with(
    read: tuple[dict[str, str], list[str], dict[str, str]],
) -> None:
    _, _, found = read
    assert {k: v for k, v in found.items() if k.startswith("name_cross_reference")} == {
        "name_cross_reference:1:list": "match",  # a wrap is no difference
        "name_cross_reference:2:list": "mismatch",
        "name_cross_reference:3:list": "match",
        "name_cross_reference:5:list": "match",
    }
    assert {k: v for k, v in found.items() if k.startswith("department_cross_reference")} == {
        "department_cross_reference:1:list": "match",
        "department_cross_reference:2:list": "match",
        "department_cross_reference:3:list": "match",  # the same two 課, listed otherwise
        "department_cross_reference:5:list": "mismatch",
    }


def test_a_sheet_pairing_by_a_field_it_does_not_declare_is_refused() -> None:
    spec = {**SPEC, "sheets": [{**SHEET, "row_of": {**SHEET["row_of"], "field": "title"}}]}
    with pytest.raises(SpecError, match="pairs by the field `title`, which it does not declare"):
        validate(spec, "sheet_rows_example")
