"""Indicator tables printing no measure, each row the indicator of the measure whose section heading is above
it (`rows: indicator_values` with `heading`), and counts printed per category of a status summary
(`category_counts`), in a count column or after the category's name in its cell. On a document written here
(its truth is this module's): 施策1's table of two indicators, 施策2's of one, a summary counting 2 + 1."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from hyoka.audit.engine import evaluate
from hyoka.extractors.model import Document, Page, TextBlock
from hyoka.profiles import ProfileOutput
from hyoka.specs import SpecProfile
from hyoka.specs.schema import SpecError, validate
from tests.specs.printed import pdf_table
from tests.specs.test_listed_headings import LIST
from tests.specs.test_numbered_lists import SPEC as LIST_SPEC

SPEC: dict[str, Any] = {
    "profile_id": "headed_indicators_example",
    "description": "a numbered list, an indicator table per measure and a status summary",
    "detection": {"title": {"words": ["取組状況"], "weight": 0.5}},
    "tables": [
        *LIST_SPEC["tables"],
        {
            "name": "an indicator table",
            "label": "評価指標の表",
            "key": "name",
            "years": True,
            "required": False,
            "columns": [{"role": "name", "words": ["評価指標"]}],
        },
        {
            "name": "the summary",
            "key": "example",
            "columns": [
                {"role": "category", "words": ["進捗区分"]},
                {"role": "count", "words": ["指標数"], "required": False},
                {"role": "example", "words": ["主な評価指標"]},
            ],
        },
    ],
    "rows": {
        "measures": LIST_SPEC["rows"]["measures"],
        "indicator_values": [{"table": "an indicator table", "name": "name", "place": "評価指標表", "heading": "施策"}],
    },
    "category_counts": [
        {
            "name": "categories",
            "table": "the summary",
            "category": "category",
            "count": "count",
            "in_cell": r"^(?P<category>.*?)\s*[\[［]\s*(?P<count>\d+\s*指標)\s*[\]］]$",
        }
    ],
    "rules": {
        "figures": [
            {"id": "summary_total", "kind": "summary_total", "words": "区分ごとの指標数の和", "aggregate": "sum"},
            {"id": "indicator_count", "kind": "indicator_count", "words": "評価指標表の行数", "aggregate": "count"},
        ]
    },
    "checks": {
        "summary total": {
            "check": "stated_in_text",
            "rule": "summary_total",
            "pattern": r"(\d+)の評価指標の進捗状況",
            "population": "categories",
        },
        "indicator count": {
            "check": "stated_in_text",
            "rule": "indicator_count",
            "pattern": r"(\d+)の評価指標の進捗状況",
            "population": "an indicator table",
        },
    },
    "headings": {
        "施策": {"pattern": r"^[(（]\s*(?P<number>\d+)\s*[)）]\s*(?P<title>.+)$", "tables": ["an indicator table"]}
    },
    "listed_headings": [{"heading": "施策", "list": "the list", "closeness": 0.5}],
}
FIRST = (("評価指標", "30年度", "元年度"), ("公開データ数", "40件", "65件"), ("利用者数", "1,200人", ""))
SECOND = (("評価指標", "30年度", "元年度"), ("オンライン手続数", "12", "30"))
IN_CELL = (
    ("進捗区分", "主な評価指標"),
    ("順調に進んでいる [2指標]", "公開データ数(施策1)"),
    (None, "利用者数(施策1)"),
    ("遅れている [1指標]", "オンライン手続数(施策2)"),
)
COLUMN = (
    ("進捗区分", "指標数", "主な評価指標"),
    ("順調に進んでいる", "2", "公開データ数(施策1)"),
    ("遅れている", "2", "…"),
)


def read(summary: tuple[tuple[str | None, ...], ...], down: dict[tuple[int, int], int]) -> ProfileOutput:
    blocks = [
        TextBlock(words, [words], 1, (50, top, 500, top + 15))
        for words, top in (
            ("令和2年度 取組状況", 20),
            ("<3の評価指標の進捗状況>", 150),
            ("(1) オープンデータの推進", 260),
            ("(2) 行政手続のオンライン化", 380),
            ("(3) データ活用人材の育成", 500),
        )
    ]
    tables = [
        pdf_table("t1", LIST, top=60),
        pdf_table("t4", summary, top=170, down=down),  # before the sections: under no 施策's heading
        pdf_table("t2", FIRST, top=290),
        pdf_table("t3", SECOND, top=420),
    ]
    page = Page(1, 595, 842, tables=tables, text_blocks=blocks)
    return SpecProfile(validate(SPEC, "headed_indicators_example")).extract(Document(Path("s.pdf"), "pdf", [page]))


@pytest.fixture(scope="module")
def output() -> ProfileOutput:
    return read(IN_CELL, {(1, 0): 2})


def test_each_row_is_an_indicator_of_the_measure_headed_above_keyed_by_its_place(output: ProfileOutput) -> None:
    assert [
        (r["measure_key"], r["indicator_key"], r["indicator_name"], r["fiscal_year"], r["value_text"], r["place"])
        for r in output.indicator_values
    ] == [
        ("施策1", "1-1", "公開データ数", 2018, "40件", "評価指標表"),
        ("施策1", "1-1", "公開データ数", 2019, "65件", "評価指標表"),
        ("施策1", "1-2", "利用者数", 2018, "1,200人", "評価指標表"),  # 元年度 blank: not reported, no row
        ("施策2", "2-1", "オンライン手続数", 2018, "12", "評価指標表"),
        ("施策2", "2-1", "オンライン手続数", 2019, "30", "評価指標表"),
    ]


def test_the_counts_in_the_category_cells_and_the_indicators_are_populations(output: ProfileOutput) -> None:
    _, checks = evaluate(output.cases)
    assert {(r["kind"], r["stated"], r["status"]) for r in checks} == {
        ("summary_total", "3の評価指標の進捗状況", "match"),  # 2 + 1, a category cell once however many rows
        ("indicator_count", "3の評価指標の進捗状況", "match"),
    }


def test_a_count_column_is_read_before_the_category_cell() -> None:
    _, checks = evaluate(read(COLUMN, {}).cases)
    totals = [(r["stated"], r["recomputed"], r["status"]) for r in checks if r["kind"] == "summary_total"]
    assert totals == [("3の評価指標の進捗状況", "[4, 4]", "mismatch")]  # 2 + 2


def test_indicator_tables_under_no_heading_are_one_sentence_and_not_computable() -> None:
    blocks = [
        TextBlock(words, [words], 1, (50, top, 500, top + 15))
        for words, top in (("令和2年度 取組状況", 20), ("<3の評価指標の進捗状況>", 150))
    ]
    page = Page(1, 595, 842, tables=[pdf_table("t1", LIST, top=60)], text_blocks=blocks)
    output = SpecProfile(validate(SPEC, "x")).extract(Document(Path("s.pdf"), "pdf", [page]))
    assert "No 評価指標の表 was found under a 施策 heading." in output.problems
    _, checks = evaluate(output.cases)
    assert {(r["kind"], r["status"]) for r in checks} == {
        ("indicator_count", "not_computable"),
        ("summary_total", "not_computable"),  # no summary printed: no counts read
    }


def test_category_counts_name_a_declared_table_and_a_pattern_with_both_groups() -> None:
    counts = SPEC["category_counts"][0]
    with pytest.raises(SpecError, match="the counts `categories` name the table `the list of counts`"):
        validate({**SPEC, "category_counts": [{**counts, "table": "the list of counts"}]}, "x")
    with pytest.raises(SpecError, match="has no group `category` and `count`"):
        validate({**SPEC, "category_counts": [{**counts, "in_cell": r"^(.*)\[(\d+)指標\]$"}]}, "x")
