"""Section headings naming the measures of a numbered list (`listed_headings`, `hyoka.specs.listed_headings`),
on a document written here (its truth is this module's): a heading naming a listed measure by number and a
title close to the list's is its, a reworded one too, one naming no measure's title (計画期間) is none; a
measure no heading names is a problem; the list's title against the heading's; a figure a section states on
its measure's row; values one per named column under a heading take its measure."""

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
from tests.specs.test_column_values import SPEC as VALUES_SPEC
from tests.specs.test_numbered_lists import SPEC as LIST_SPEC

SPEC: dict[str, Any] = {
    "profile_id": "listed_headings_example",
    "description": "a numbered list and a section per measure",
    "detection": {"title": {"words": ["取組状況"], "weight": 0.5}},
    "tables": [*LIST_SPEC["tables"], *VALUES_SPEC["tables"]],
    "rows": {
        "measures": LIST_SPEC["rows"]["measures"],
        "column_values": [{**VALUES_SPEC["rows"]["column_values"][0], "heading": "施策"}],
    },
    "checks": {"title": {"check": "same_fact", "kind": "measure_title", "words": "施策名は一覧と見出しで同じ"}},
    "headings": {
        "施策": {"pattern": r"^[(（]\s*(?P<number>\d+)\s*[)）]\s*(?P<title>.+)$", "tables": ["the trial table"]}
    },
    "listed_headings": [
        {
            "heading": "施策",
            "list": "the list",
            "closeness": 0.5,
            "title_check": "title",
            "stated": {"related_projects": r"関連する事業[:：](\d+)事業"},
        }
    ],
}
LIST = (
    ("施策", "施策名", "所管"),
    ("1", "オープンデータの推進", "政策局"),
    ("2", "行政手続のオンライン化", "総務局"),
    ("3", "データ活用人材の育成", "総務局"),
)
TRIAL = (("No", "対象業務", "想定削減率", "年間想定削減時間"), ("1", "口座振替の照合", "65%", "300分"))


def text(words: str, top: float) -> TextBlock:
    return TextBlock(words, [words], 1, (50, top, 500, top + 15))


@pytest.fixture(scope="module")
def output() -> ProfileOutput:
    blocks = [
        text("令和2年度 取組状況", 20),
        text("(1) オープンデータの推進", 200),
        text("関連する事業：4事業", 220),
        text("(3) 計画期間", 300),  # no 施策's title: no heading of 施策3
        text("(2) 行政手続オンライン化の推進", 400),  # reworded: still 施策2's
        text("関連する事業：2事業", 420),
    ]
    tables = [pdf_table("t1", LIST, top=60), pdf_table("t2", TRIAL, top=450)]  # under (2)
    page = Page(1, 595, 842, tables=tables, text_blocks=blocks)
    profile = SpecProfile(validate(SPEC, "listed_headings_example"))
    return profile.extract(Document(Path("sections.pdf"), "pdf", pages=[page]))


def test_a_measure_no_heading_names_is_a_problem(output: ProfileOutput) -> None:
    assert output.problems == ["No section heading was found for 施策3 (データ活用人材の育成)."]


def test_the_lists_title_is_compared_with_the_headings(output: ProfileOutput) -> None:
    _, checks = evaluate(output.cases)
    titles = {r["check_id"]: r["status"] for r in checks if r["check_id"].startswith("measure_title")}
    assert titles == {"measure_title:施策1": "match", "measure_title:施策2": "mismatch"}


def test_a_figure_its_section_states_is_on_the_measures_row(output: ProfileOutput) -> None:
    assert {m["measure_key"]: m.get("related_projects") for m in output.measures} == {
        "施策1": 4,
        "施策2": 2,
        "施策3": None,
    }


def test_values_under_a_heading_take_its_measure(output: ProfileOutput) -> None:
    assert {r["measure_key"] for r in output.indicator_values} == {"施策2"}


def test_a_listed_heading_names_a_numbered_list() -> None:
    broken = {**SPEC, "listed_headings": [{**SPEC["listed_headings"][0], "list": "the trial table"}]}
    with pytest.raises(SpecError, match="which no numbered map reads"):
        validate(broken, "listed_headings_example")
