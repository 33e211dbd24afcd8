"""A declared row map of measures (`rows.measures`): each data row is a measure, its fields the roles' printed
texts (a blank cell: null), a yes/no mark read as a flag (`flags`), and the key as printed in a column of its own
(`printed_key`) where the row key of a key printed again adds #2. The table is written here (its rows, and so
their truth, are this module's)."""

from __future__ import annotations

from typing import Any

import pytest

from hyoka.specs import SpecProfile
from hyoka.specs.schema import validate
from tests.specs.printed import A3, page, pdf, pdf_table

PROJECTS = (
    ("PID", "プロジェクト名称", "課題", "リーディング"),
    ("観光1-1", "観光アプリの開発", "回遊性の向上", "○"),
    ("職場1-2", "テレワークの推進", "", ""),  # no 課題 printed, not a leading project
    ("職場1-2", "ペーパーレス会議", "紙の削減", "○"),  # 職場1-2 printed again
)

SPEC: dict[str, Any] = {
    "profile_id": "measure_map_example",
    "description": "a project list with a leading-project mark",
    "detection": {},
    "tables": [
        {
            "name": "the project list",
            "label": "プロジェクト一覧",
            "key": "pid",
            "columns": [
                {"role": "pid", "words": ["PID"]},
                {"role": "name", "words": ["プロジェクト名称"]},
                {"role": "issue", "words": ["課題"]},
                {"role": "leading", "words": ["リーディング"]},
            ],
        }
    ],
    "rows": {
        "measures": [
            {
                "table": "the project list",
                "key": "pid",
                "printed_key": "measure_no",
                "fields": {"title": "name", "summary": "issue"},
                "flags": {"flag_leading": "leading"},
                "constants": {"level": "project"},
            }
        ]
    },
}


@pytest.fixture(scope="module")
def measures() -> list[dict[str, Any]]:
    document = pdf(page(tables=[pdf_table("p1-t1", PROJECTS, column=150, row=30)], size=A3))
    return SpecProfile(validate(SPEC, "measure_map_example")).extract(document).measures


def test_each_row_a_measure_with_its_key_as_printed(measures: list[dict[str, Any]]) -> None:
    keyed = [(m["measure_key"], m["measure_no"], m["title"], m["level"]) for m in measures]
    assert keyed == [
        ("観光1-1", "観光1-1", "観光アプリの開発", "project"),
        ("職場1-2", "職場1-2", "テレワークの推進", "project"),
        ("職場1-2#2", "職場1-2", "ペーパーレス会議", "project"),
    ]


def test_a_mark_is_a_flag_and_a_blank_cell_null(measures: list[dict[str, Any]]) -> None:
    assert [(m["flag_leading"], m["summary"]) for m in measures] == [
        (True, "回遊性の向上"),
        (False, None),
        (True, "紙の削減"),
    ]
