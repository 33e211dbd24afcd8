"""Figures stated with their breakdown in brackets (`stated_breakdown`), declared in a spec and run by the
engine over a printed page: a breakdown summed, bounded when the text says it overlaps or is partial, an
arithmetic in brackets, and brackets that are no breakdown. The sentences are written here (their sums, and
so their truth, are this module's)."""

from __future__ import annotations

from typing import Any

import pytest

from hyoka.audit.engine import evaluate
from hyoka.extractors.model import Document
from hyoka.specs import SpecProfile
from hyoka.specs.schema import SpecError, validate
from tests.specs.printed import page, pdf, pdf_table, sheet_table, text_block, workbook

RULES = [
    {"id": "parts", "kind": "total", "words": "内訳の合計", "aggregate": "sum"},
    {"id": "overlapping", "kind": "total", "words": "内訳の合計以下", "aggregate": "sum", "relation": "at_most"},
    {"id": "partial", "kind": "total", "words": "内訳の合計以上", "aggregate": "sum", "relation": "at_least"},
    {"id": "arithmetic", "kind": "formula", "words": "式の値", "aggregate": "sum"},
]
BREAKDOWN: dict[str, Any] = {
    "check": "stated_breakdown",
    "rule": "parts",
    "overlapping": {"words": ["重複"], "rule": "overlapping"},
    "partial": {"words": ["うち"], "rule": "partial"},
    "arithmetic": "arithmetic",
    "not_a_part": ["令和", "第"],
    "heading": r"\((令和\d+年度)\)",
    "cells": True,
}


def spec(**fields: Any) -> dict[str, Any]:
    return {
        "profile_id": "breakdown_example",
        "description": "figures with their breakdown in brackets",
        "detection": {},
        "rules": {"figures": RULES},
        "checks": {"breakdowns": {**BREAKDOWN, **fields}},
    }


def checks(document: Document, **fields: Any) -> list[tuple[str, str, str, str | None]]:
    output = SpecProfile(validate(spec(**fields), "breakdown_example")).extract(document)
    rows = evaluate(output.cases)[1]
    return [(row["check_id"].split(":")[0], row["scope"], row["status"], row["stated"]) for row in rows]


# A report's text under its year heading, then a table whose cell lists results in bullets without 。.
YEAR = text_block("（令和５年度）・ 参加者 120人（市内 70人、市外 50人） ・ 開催回数 3回（第1回、第3回）", 60)
RESULTS = (
    "・ 採択件数 26件（空調 21件、照明 8件）※重複採択有\n"
    "・ 相談件数 80件（うち電話 50件、来所 40件）\n"
    "・ 補助件数 45件（考え方：15件/年×3年）"
)


def report() -> Document:
    return pdf(page(tables=[pdf_table("t1", [["実績", RESULTS]], top=120)], blocks=[YEAR]))


def test_each_breakdown_is_checked_by_the_rule_its_words_call_for() -> None:
    assert checks(report()) == [
        ("parts", "p.1 text 0: 参加者 (令和5年度)", "match", "120人"),
        # 26 ≤ 21 + 8: overlapping parts bound the figure from above.
        ("overlapping", "t1 p.1 row 0 col 1: 採択件数", "match", "26件"),
        # 80 < 50 + 40: a partial breakdown cannot exceed the figure (the planted mismatch).
        ("partial", "t1 p.1 row 0 col 1: 相談件数", "mismatch", "80件"),
        ("arithmetic", "t1 p.1 row 0 col 1: 補助件数", "match", "45件"),
    ]


def test_without_cells_or_optional_rules_less_is_read() -> None:
    only_text = checks(report(), cells=False)
    assert [(rule, status) for rule, _, status, _ in only_text] == [("parts", "match")]
    # Without its own rules, an overlapping or partial breakdown is summed; an arithmetic is not read.
    plain = checks(report(), overlapping=None, partial=None, arithmetic=None)
    assert [(rule, scope.split(": ")[-1], status) for rule, scope, status, _ in plain] == [
        ("parts", "参加者 (令和5年度)", "match"),
        ("parts", "採択件数", "mismatch"),
        ("parts", "相談件数", "mismatch"),
    ]


def test_sentence_words_choose_the_bullets_read() -> None:
    assert [scope for _, scope, _, _ in checks(report(), sentence_words=["相談"])] == ["t1 p.1 row 0 col 1: 相談件数"]


def test_a_workbook_cell_is_read_where_it_is_typed() -> None:
    document = workbook(sheet_table("t1", [["実績", "参加者 120人（市内 70人、市外 40人）"]]))
    assert checks(document) == [("parts", "t1 S!B1 row 0 col 1: 参加者", "mismatch", "120人")]


def test_an_undeclared_rule_is_refused() -> None:
    with pytest.raises(SpecError, match="names the figure rule `sum of parts`"):
        validate(spec(rule="sum of parts"), "breakdown_example")


def test_an_explained_target_is_the_sum_of_its_figures_only_when_they_add_up() -> None:
    target = r"指標\s*:\s*(?P<name>[^【】:]+?)\s*【\s*(?P<word>目標)\s*:\s*$"
    explained = {"words": ["考え方"], "rule": "parts"}
    text = (
        "・ 指標：認定者数【目標：700者（考え方：法人400者に加え、個人300者を目指す）】"
        "・ 指標：登録者数【目標：500者（考え方：令和5年度に200者、令和7年度に400者）】"
    )
    document = pdf(page(blocks=[text_block(text, 60)]))
    assert checks(document, target=target, explained=explained) == [
        ("parts", "p.1 text 0: 認定者数 目標", "match", "700者"),
        # 200者 and 400者 are milestones: prose need not say the target is their sum.
        ("parts", "p.1 text 0: 登録者数 目標", "not_computable", "500者"),
    ]
