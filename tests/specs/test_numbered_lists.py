"""A list of numbered measures (`rows: measures` with `numbered`, `hyoka.specs.numbered_lists`), on lists
written here (their measures, and so their truth, are this module's): the number column named by its header
or found by the shape of its cells, the level word printed in the cell or in the header over bare numbers,
a group row spanning the table no measure, a 所管 cell's brackets and scope words dropped from its names, and
the keys in number order as the list's population."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from hyoka.extractors.model import Document, Page
from hyoka.specs import Reading, SpecProfile
from hyoka.specs.schema import SpecError, validate
from tests.specs.printed import pdf_table

SPEC: dict[str, Any] = {
    "profile_id": "numbered_list_example",
    "description": "a list of numbered measures",
    "detection": {},
    "tables": [
        {
            "name": "the list",
            "label": "施策一覧",
            "key": "title",
            "columns": [
                {"role": "number", "words": ["施策", "No."], "required": False, "whole": True},
                {"role": "title", "words": ["施策名"]},
                {"role": "departments", "words": ["所管"]},
            ],
        }
    ],
    "rows": {
        "measures": [
            {
                "table": "the list",
                "key": "number",
                "numbered": {
                    "pattern": r"^(?P<level>\D*?)\s*(?P<number>\d+)$",
                    "title": "title",
                    "scope": "(など|等).*$",
                    "strip": "【】 ",
                },
                "fields": {"title": "title", "departments_text": "departments"},
                "names": {"departments": "departments"},
            }
        ]
    },
    "hooks": {"read": "tests.specs.test_numbered_lists:keep"},
}
# Bare numbers under a 施策 header; the 所管 cells bracketed, one ending in a scope.
BARE = (
    ("施策", "施策名", "所管"),
    ("2", "行政手続のオンライン化", "【総務局】"),
    ("1", "オープンデータの推進", "【政策局など全区局】"),
)
# A header naming no number column (施策番号 is not 施策 as a whole): the column most cells number; a group
# row spanning the table is none; 施策2 printed again after a page break: its last printing.
SHAPED = (
    ("施策番号", "施策名", "所管"),
    ("施策1", "オープンデータの推進", "政策局"),
    ("施策2", "行政手続のオンライン化", "総務局"),
    ("（参考）",),
    ("施策2", "行政手続のオンライン化の推進", "総務局・市民局 等"),
)


READINGS: list[Reading] = []


def keep(reading: Reading) -> None:
    """The hook: keeps the reading, to see the population the engine registered."""
    READINGS.append(reading)


@pytest.fixture(scope="module")
def profile() -> SpecProfile:
    return SpecProfile(validate(SPEC, "numbered_list_example"))


def read(
    profile: SpecProfile, rows: tuple[tuple[str, ...], ...]
) -> tuple[dict[str, tuple[Any, ...]], list[str | None]]:
    document = Document(Path("list.pdf"), "pdf", pages=[Page(1, 595, 842, tables=[pdf_table("t1", rows, top=100)])])
    output = profile.extract(document)
    listed = {
        m["measure_key"]: (m["measure_no"], m["level"], m["title"], m["departments"], m["departments_text"])
        for m in output.measures
    }
    population = [figure.text for figure in READINGS[-1].populations["the list"].figures]
    return listed, population


def test_bare_numbers_take_the_level_from_the_header(profile: SpecProfile) -> None:
    listed, population = read(profile, BARE)
    assert population == ["施策1", "施策2"]  # in number order
    assert listed == {
        "施策2": ("2", "施策", "行政手続のオンライン化", ["総務局"], "総務局"),
        "施策1": ("1", "施策", "オープンデータの推進", ["政策局"], "政策局など全区局"),
    }


def test_a_number_column_no_header_names_is_found_by_its_cells(profile: SpecProfile) -> None:
    listed, _ = read(profile, SHAPED)
    assert listed == {
        "施策1": ("施策1", "施策", "オープンデータの推進", ["政策局"], "政策局"),
        "施策2": ("施策2", "施策", "行政手続のオンライン化の推進", ["総務局", "市民局"], "総務局・市民局 等"),
    }


def test_the_pattern_names_its_number_and_level() -> None:
    broken = {
        **SPEC,
        "rows": {"measures": [{**SPEC["rows"]["measures"][0], "numbered": {"pattern": r"(\d+)", "title": "title"}}]},
    }
    with pytest.raises(SpecError, match="no group `number` and `level`"):
        validate(broken, "numbered_list_example")
