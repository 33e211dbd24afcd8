"""Schedule tables (`schedule:` on a declared table, `hyoka.specs.schedules`): each entry in the year column
it is printed in, under the step row above it and the heading above the table; a table of the same header
printing no entry is no schedule; a pattern lacking its groups is said in a sentence. The roadmap is
written here (its truth is this module's)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from hyoka.extractors.model import Document
from hyoka.specs.headings import HeadingDecl, headed_tables, read_headings
from hyoka.specs.locate import Column, TableSpec
from hyoka.specs.schedules import ScheduleDecl, schedule_entries
from tests.specs.printed import A3_LANDSCAPE, page, pdf, pdf_table, text_block

ROADMAP = TableSpec("roadmap", (Column("issue", ("課題",), whole=True),), "issue", years=True)
SCHEDULE = ScheduleDecl(entry=r"^【([^】]*\d[^】]*)】\s*(.*)$", step=r"^(\d+(?:-\d+)+)\s*(.*)$")
HEADING = HeadingDecl(pattern=r"^<<(?P<field>[^>]+)>>\s*【(?P<label>[^】]+)】")
# 課題 | R6 | R7 | R8: step rows, and entries in the year each starts.
PLAN = (
    ("課題", "R6年度", "R7年度", "R8年度"),
    ("データ活用", "1-1 データの収集", "", ""),
    ("データ活用", "【観光1-1】 観光アプリの開発", "", ""),
    ("データ活用", "", "【観光1-2】 観光データの分析", ""),
    ("データ活用", "1-2 戦略の策定", "", ""),
    ("データ活用", "", "", "【観光2-1】 戦略の策定支援"),
)
# The same header over figures: a KPI grid, no schedule.
GRID = (("課題", "R6年度", "R7年度"), ("来訪者数", "120", "130"))


@pytest.fixture(scope="module")
def document() -> Document:
    tables = [pdf_table("p1-t1", PLAN, column=150), pdf_table("p1-t2", GRID, top=400, column=150)]
    return pdf(page(tables=tables, blocks=[text_block("<<まちづくり>> 【観光】 観光DX", 80)], size=A3_LANDSCAPE))


def test_each_entry_is_placed_in_its_year_under_its_step(document: Document) -> None:
    [heading] = read_headings(document, HEADING)
    found = {
        h.table.table_id: schedule_entries(h, SCHEDULE, "issue") for h in headed_tables(document, ROADMAP, [heading])
    }
    entries = [(e.key, e.name, e.step_no, e.fiscal_year, e.label) for e in found["p1-t1"]]
    assert entries == [
        ("観光1-1", "観光アプリの開発", "1-1", 2024, "データ活用"),
        ("観光1-2", "観光データの分析", "1-1", 2025, "データ活用"),
        ("観光2-1", "戦略の策定支援", "1-2", 2026, "データ活用"),
    ]
    assert all(e.heading is heading and e.step in ("データの収集", "戦略の策定") for e in found["p1-t1"])
    assert found["p1-t2"] == []  # the same header over figures prints no entry


def test_a_pattern_lacking_its_groups_is_said_in_a_sentence() -> None:
    with pytest.raises(ValidationError, match="needs two groups"):
        ScheduleDecl(entry=r"^【[^】]+】")
