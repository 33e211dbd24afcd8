"""Counts and shares stated in sentences (`stated_in_text` with `context`), run by the engine: each figure is
recomputed over the members of the grade its sentence names before it; a count a cross-tab prints for that
grade is summed instead; a population not read is not_computable. The list, the cross-tab and the sentences
are written here (their facts, and so their truth, are this module's)."""

from __future__ import annotations

from typing import Any

import pytest

from hyoka.audit.engine import evaluate
from hyoka.audit.rules import Figure
from hyoka.specs import Reading, SpecProfile
from hyoka.specs.group_counts import Grouped, Member
from hyoka.specs.schema import SpecError, validate
from hyoka.specs.tables import where
from tests.specs.printed import page, pdf, pdf_table, text_block

GRADES = (
    ("No.", "システム名", "R3評価", "総括"),
    ("1", "電子申請", "A", "A"),
    ("2", "文書管理", "A", "B"),
    ("3", "財務会計", "B", "B"),
    ("4", "無線LAN", "C", "-"),  # not graded in 総括
)
CONTEXT = {"final": "総括", "year": r"令和\s*[0-9元]+\s*年度"}
COUNT = {"check": "stated_in_text", "population": "every system", "context": CONTEXT}
SPEC: dict[str, Any] = {
    "profile_id": "stated_counts_example",
    "description": "a grade list and totals stated in the text",
    "detection": {},
    "tables": [
        {
            "name": "the grade list",
            "key": "number",
            "columns": [
                {"role": "number", "words": ["No."]},
                {"role": "name", "words": ["システム名"]},
                {"role": "year", "words": ["R3評価"]},
                {"role": "final", "words": ["総括"]},
            ],
        },
        {
            "name": "the summary",
            "key": "vision",
            "group_rows": False,
            "columns": [{"role": role, "words": [f"{role}評価"]} for role in "AB"]
            + [{"role": "vision", "words": ["ビジョン"]}],
        },
    ],
    "rules": {
        "figures": [
            {"id": "systems", "kind": "narrative_total", "words": "全Nシステム", "aggregate": "count"},
            {"id": "list_count", "kind": "narrative_total", "words": "一覧の件数", "aggregate": "count"},
            {"id": "summary_sum", "kind": "narrative_total", "words": "集計表の件数の合計", "aggregate": "sum"},
            {
                "id": "share",
                "kind": "narrative_total",
                "words": "評価済みに占める割合",
                "aggregate": "percent_of_count",
            },
            {"id": "vision_count", "kind": "vision_summary_count", "words": "ビジョン別の件数", "aggregate": "count"},
        ]
    },
    "checks": {
        "summary": {
            "check": "group_counts",
            "rule": "vision_count",
            "table": "the summary",
            "label": "vision",
            "columns": {"A": "A", "B": "B"},
            "population": "systems by vision",
            "context": CONTEXT,
        },
        "systems": {
            **COUNT,
            "rule": "systems",
            "pattern": r"全(\d+)システムのうち",
            "text": "{1}",
            "key": "{context}:systems:{n}",
        },
        "letters": {
            **COUNT,
            "rule": "list_count",
            "pattern": r"全\d+システムのうち(?:[A-D]:\d+件、?)+",
            "each": r"([A-D]):(\d+)件",
            "group": 2,
            "category_pattern": r"([A-D]):",
            "cross_tab": {"check": "summary", "rule": "summary_sum"},
            "text": "{2}",
            "key": "{context}:{category}:{n}",
        },
        "share": {
            **COUNT,
            "rule": "share",
            "pattern": r"A.*?B.*?全体の(\d+)%",
            "categories": ["A", "B"],
            "rounding": "round",
            "text": "{1}",
            "key": "{context}:{category}:{n}",
        },
    },
    "hooks": {"read": "tests.specs.test_stated_counts:grades_by_kind"},
}


def grades_by_kind(reading: Reading) -> None:
    """The hook: each system of the list with its grade of each kind (a letter, or none)."""
    for kind in CONTEXT:
        members = [
            Member(cell.text if cell.text in "ABCD" else None, Figure(None, cell.text, where(cell), label=key.text))
            for location in reading.located["the grade list"]
            for row in location.rows
            if (key := row.cell("number")) is not None and (cell := row.cell(kind)) is not None
        ]
        unread = reading.inventory.unread(reading.table("the grade list"))
        reading.members[("every system", kind)] = Grouped({"": members}, unread, name="the grade list")


def _checks(with_list: bool = True, with_summary: bool = False) -> list[dict[str, Any]]:
    blocks = [
        text_block("令和3年度の評価は、全4システムのうちA：2件、B：1件、C：1件であった。", 300),
        # The 総括 counts say A 3, B 0, but the list gives A 1, B 2: the planted mismatches.
        text_block("総括の評価は、全4システムのうちA：3件、B：0件であった。全4システムのうちA：9件。", 330),
        text_block("令和3年度はＡ評価とＢ評価で全体の75％を占める。", 360),
    ]
    tables = [pdf_table("p1-t1", GRADES, column=150)] if with_list else []
    if with_summary:
        blocks.append(text_block("表３－２ 総括の評価", 400))
        summary = (("ビジョン", "A評価", "B評価"), ("1.利便性", "1", "1"), ("2.効率化", "0", "1"))
        tables.append(pdf_table("p1-t2", summary, top=420, column=150))
    document = pdf(page(tables=tables, blocks=blocks))
    output = SpecProfile(validate(SPEC, "stated_counts_example")).extract(document)
    return [r for r in evaluate(output.cases)[1] if r["kind"] == "narrative_total"]


@pytest.fixture(scope="module")
def checks() -> list[dict[str, Any]]:
    return _checks()


def test_each_figure_is_counted_in_the_context_its_sentence_names(checks: list[dict[str, Any]]) -> None:
    found = {r["check_id"]: (r["stated"], r["status"]) for r in checks}
    assert found == {
        "systems:year:systems:1": ("4", "match"),
        "systems:final:systems:1": ("4", "match"),
        "list_count:year:A:1": ("2", "match"),
        "list_count:year:B:1": ("1", "match"),
        "list_count:year:C:1": ("1", "match"),
        "list_count:final:A:1": ("3", "mismatch"),
        "list_count:final:B:1": ("0", "mismatch"),
        "share:year:AB:1": ("75", "match"),  # A and B: 3 of the 4 graded
    }


def test_a_sentence_naming_no_context_before_its_figure_states_nothing_checked(checks: list[dict[str, Any]]) -> None:
    assert not [r for r in checks if r["stated"] == "9"]


def test_a_count_the_cross_tab_prints_for_the_context_is_summed_from_it() -> None:
    summed = {r["check_id"]: (r["recomputed"], r["status"]) for r in _checks(with_summary=True)}
    assert summed["summary_sum:final:A:1"] == ("[1, 1]", "mismatch")  # 1 + 0 printed, 3 stated
    assert summed["summary_sum:final:B:1"][1] == "mismatch"  # 1 + 1 printed, 0 stated
    assert summed["list_count:year:A:1"] == ("[2, 2]", "match")  # no cross-tab for the year: the list counts


def test_a_list_not_read_makes_the_figures_not_computable() -> None:
    statuses = {r["status"] for r in _checks(with_list=False)}
    assert statuses == {"not_computable"}


def test_a_cross_tab_naming_no_group_counts_check_is_a_sentence() -> None:
    spec = {
        **SPEC,
        "checks": {
            **SPEC["checks"],
            "letters": {**SPEC["checks"]["letters"], "cross_tab": {"check": "systems", "rule": "summary_sum"}},
        },
    }
    with pytest.raises(SpecError, match="sums the counts of `systems`, which is no group_counts check"):
        validate(spec, "stated_counts_example")
