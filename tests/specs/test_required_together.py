"""Tables a document prints together (`required_with`) and a table told from another by that other's header
(`other_than`), on a plan written here: a project list (PID | 名称 | 課題 | years), a roadmap (課題 | years,
【PID】 entries) and a KPI grid (課題 | KPI | years). A plan printing the roadmap must print the grid too
and the other way round; the list printed alone needs neither, although its 課題 and years would read as a
roadmap's header; a table of a roadmap's header that prints no entry is no roadmap. A check a hook builds
by pairing a roadmap's rows with the list's (`pairs`) cannot be computed when the list is not read."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from hyoka.audit.engine import evaluate
from hyoka.extractors.model import Table
from hyoka.profiles import ProfileOutput
from hyoka.specs import SpecProfile
from hyoka.specs.locate import read_header
from hyoka.specs.schema import SpecError, validate
from tests.specs.printed import page, pdf, pdf_table

LIST = (
    ("PID", "名称", "課題", "R6年度", "R7年度"),
    ("観光1-1", "観光アプリの開発", "データ活用", "10", "20"),
    ("観光1-2", "観光データの分析", "データ活用", "1", "2"),
)
ROADMAP = (
    ("課題", "R6年度", "R7年度"),
    ("データ活用", "【観光1-1】 観光アプリの開発", ""),
    ("データ活用", "", "【観光1-2】 観光データの分析"),
)
# The roadmap's header over a body of no entry: no roadmap.
NO_ENTRY = (("課題", "R6年度", "R7年度"), ("データ活用", "アプリの開発", "データの分析"))
GRID = (("課題", "KPI", "R6年度", "R7年度"), ("データ活用", "アプリ利用者数", "100", "200"))
SPEC: dict[str, Any] = {
    "profile_id": "plan_example",
    "description": "a plan of roadmaps and KPI grids, and its project list",
    "detection": {},
    "tables": [
        {
            "name": "the project list",
            "key": "pid",
            "years": True,
            "columns": [
                {"role": "pid", "words": ["PID"]},
                {"role": "name", "words": ["名称"]},
                {"role": "issue", "words": ["課題"], "required": False},
            ],
        },
        {
            "name": "KPI grid",
            "key": "kpi",
            "years": True,
            "required": False,
            "required_with": ["roadmap"],
            "columns": [{"role": "issue", "words": ["課題"]}, {"role": "kpi", "words": ["KPI"]}],
        },
        {
            "name": "roadmap",
            "key": "issue",
            "years": True,
            "required": False,
            "required_with": ["KPI grid"],
            "other_than": ["the project list"],
            "schedule": {"entry": r"^【([^】]*\d[^】]*)】\s*(.*)$"},
            "columns": [{"role": "issue", "words": ["課題"], "whole": True}],
        },
    ],
    "checks": {
        "roadmap name": {
            "check": "same_fact",
            "kind": "roadmap_name",
            "words": "ロードマップと一覧は同じ名称で書く",
            "pairs": ["roadmap", "the project list"],
        }
    },
}
NO_TITLE = "The report's fiscal year could not be read from its title."
NO_GRID = "KPI grid (課題 | KPI) was not found."
NO_ROADMAP = "Roadmap (課題) was not found."


def extract(*grids: tuple[tuple[str, ...], ...]) -> ProfileOutput:
    tables: list[Table] = [pdf_table(f"p1-t{i}", rows, top=100.0 + 200 * i) for i, rows in enumerate(grids)]
    return SpecProfile(validate(SPEC, "plan_example")).extract(pdf(page(tables=tables)))


def test_the_plan_printing_both_is_complete() -> None:
    assert extract(LIST, ROADMAP, GRID).problems == [NO_TITLE]


def test_a_plan_printing_one_of_the_two_lacks_the_other() -> None:
    assert extract(LIST, ROADMAP).problems == [NO_GRID, NO_TITLE]
    assert extract(LIST, GRID).problems == [NO_ROADMAP, NO_TITLE]


def test_the_list_printed_alone_is_no_roadmap_and_needs_neither() -> None:
    roadmap = SpecProfile(validate(SPEC, "plan_example")).tables["roadmap"]
    listed = pdf_table("p1-t0", LIST)
    assert read_header(listed, replace(roadmap, other_than=())) is not None  # its 課題 and years
    assert read_header(listed, roadmap) is None
    assert extract(LIST).problems == [NO_TITLE]


def test_a_roadmap_header_over_no_entry_is_no_roadmap() -> None:
    assert extract(LIST, NO_ENTRY, GRID).problems == [NO_ROADMAP, NO_TITLE]


def test_a_check_pairing_the_roadmap_with_the_list_not_read_is_not_computable() -> None:
    [check] = evaluate(extract(ROADMAP, GRID).cases)[1]
    assert check["status"] == "not_computable" and check["detail"].endswith("「PID」の表を読めていない")
    assert check["kind"] == "roadmap_name" and "roadmap name" in check["check_id"]
    # The list read, the hook pairs the rows (none here); the roadmap not printed, nothing to pair.
    assert evaluate(extract(LIST, ROADMAP, GRID).cases)[1] == []
    assert evaluate(extract(GRID).cases)[1] == []


def test_the_tables_named_must_be_declared() -> None:
    tables = [{**t, "other_than": ["the list"]} if t["name"] == "roadmap" else t for t in SPEC["tables"]]
    with pytest.raises(SpecError, match="the list"):
        validate({**SPEC, "tables": tables}, "plan_example")
    checks = {"roadmap name": {**SPEC["checks"]["roadmap name"], "pairs": ["roadmap", "the list"]}}
    with pytest.raises(SpecError, match="the list"):
        validate({**SPEC, "checks": checks}, "plan_example")
