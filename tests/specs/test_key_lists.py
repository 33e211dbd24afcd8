"""A key cell listing several keys (`key_list` on a declared table): each key the cell prints is one key
of the table's population, a key wrapped at its joining mark is one key, and a cell printing none of the
declared shape is one key as printed; a unique_key check sees a key listed in one cell and printed again
in another. The tables are written here (their keys, and so their truth, are this module's)."""

from __future__ import annotations

from typing import Any

import pytest

from hyoka.audit.engine import evaluate
from hyoka.specs import SpecProfile
from hyoka.specs.schema import KeyList, SpecError, validate
from tests.specs.printed import A3, page, pdf, pdf_table

PROJECTS = (
    ("PID", "プロジェクト名称"),
    ("観光1-1", "観光アプリの開発"),
    ("職場1-a-1 職場1-b-2", "テレワークの推進"),  # one project under two PIDs
    ("観光3-a-\n2-1", "観光データの分析"),  # a PID wrapped at its hyphen
    ("職場1-b-2", "ペーパーレス会議"),  # 職場1-b-2 again: the planted duplicate
    ("別表参照", "その他の事業"),  # no PID of the declared shape: one key, as printed
)
PID = KeyList(pattern=r"[^\s\d\-/]+\d+(?:[-/][0-9A-Za-z]+)*", wrapped_at=r"([-/])\s+")


@pytest.mark.parametrize(
    ("printed", "keys"),
    [
        ("観光1-1", ("観光1-1",)),
        ("職場1-a-1 職場1-b-2", ("職場1-a-1", "職場1-b-2")),
        ("職場1-a-1\n職場1-b-2", ("職場1-a-1", "職場1-b-2")),
        ("観光3-a-\n2-1", ("観光3-a-2-1",)),
        ("農水2-a-1/ 2-2", ("農水2-a-1/2-2",)),
        ("別表参照", ("別表参照",)),
    ],
)
def test_the_keys_a_cell_lists(printed: str, keys: tuple[str, ...]) -> None:
    assert PID.keys_in(printed) == keys


SPEC: dict[str, Any] = {
    "profile_id": "key_list_example",
    "description": "a project list whose PID cell may list several PIDs",
    "detection": {},
    "tables": [
        {
            "name": "the project list",
            "label": "プロジェクト一覧",
            "key": "pid",
            "key_list": PID.model_dump(),
            "columns": [{"role": "pid", "words": ["PID"]}, {"role": "name", "words": ["プロジェクト名称"]}],
        }
    ],
    "rows": {"measures": [{"table": "the project list", "key": "pid", "fields": {"title": "name"}}]},
    "checks": {
        "one project per PID": {
            "check": "unique_key",
            "kind": "duplicate_id",
            "population": "the project list",
            "scope": "PID of the project list",
            "words": "PIDは一つのプロジェクトを指す",
        }
    },
}


@pytest.fixture(scope="module")
def output() -> Any:
    document = pdf(page(tables=[pdf_table("p1-t1", PROJECTS, column=150, row=30)], size=A3))
    return SpecProfile(validate(SPEC, "key_list_example")).extract(document)


def test_a_cell_listing_two_keys_is_one_row_keyed_by_both(output: Any) -> None:
    keys = [row["measure_key"] for row in output.measures]
    assert keys == ["観光1-1", "職場1-a-1 職場1-b-2", "観光3-a-2-1", "職場1-b-2", "別表参照"]


def test_a_key_listed_in_one_cell_and_printed_in_another_is_a_duplicate(output: Any) -> None:
    found = [
        (r["check_id"], r["status"], r["stated"]) for r in evaluate(output.cases)[1] if r["kind"] == "duplicate_id"
    ]
    # 職場1-b-2 is printed twice: listed beside 職場1-a-1, and on a row of its own.
    assert found == [("duplicate_id:職場1-b-2", "mismatch", "2")]


def test_a_key_pattern_at_fault_is_said_in_a_sentence() -> None:
    table = {**SPEC["tables"][0], "key_list": {"pattern": "[A-"}}
    with pytest.raises(SpecError, match="no regular expression"):
        validate({**SPEC, "tables": [table]}, "key_list_example")
