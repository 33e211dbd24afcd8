"""The declared `stated_in_text` check read by context words: each figure of a sentence found by its own
words whatever order the wording puts them in, the population's members counted by the categories the
sentence names, and a share against the counts the same sentence states. Sentences and members are
written here (their truth is this module's)."""

from __future__ import annotations

from typing import Any

import pytest

from hyoka.audit.engine import evaluate
from hyoka.audit.rules import Figure, FigureRule, Where
from hyoka.specs.group_counts import Grouped, Member
from hyoka.specs.schema import SpecError, StatedInText, validate
from hyoka.specs.stated_counts import passages, stated_in_text_cases
from tests.specs.printed import page, pdf, pdf_table, text_block

COUNT = FigureRule("count", "narrative_count", "the sentence's count recounts the list", "count")
SHARE = FigureRule("share", "narrative_count", "count ÷ total × 100", "percent_of_count")
CONTEXT = ["施策のうち", "評価"]
GRADED = r"(\d+)\s*施策(?!\s*のうち)"
TOTAL = r"(\d+)\s*施策\s*のうち"
GRADES = r"([A-D])\s*(?=評価|又は|または|、|・)"
# Two wordings of one statement, the figures in another order, each after an unrelated sentence.
WORDINGS = (
    "計画の概要です。10 施策のうち、中間評価が A 又は B 評価である施策は、約 66 %にあたる 6 施策となりました。",
    "計画の概要です。全10施策のうち、A評価又はB評価の施策は約66%にあたる6施策でした。",
)
# Ten listed measures, labelled by their grade: 3 A, 4 B, 2 C, 1 ungraded (A or B: 7, not the stated 6).
MEMBERS = [("A", 3), ("B", 4), ("C", 2), (None, 1)]


def members() -> Grouped:
    figures = [
        Figure(1.0, f"施策 {n}", Where(page=2, bbox=(50, 100 + 20 * n, 300, 115 + 20 * n)), "exact", grade)
        for n, grade in enumerate(grade for grade, count in MEMBERS for _ in range(count))
    ]
    return Grouped({"": [Member(f.label, f) for f in figures]})


def check(**fields: Any) -> StatedInText:
    fields.setdefault("text", "{1}")
    return StatedInText(check="stated_in_text", rule="count", sentence_words=CONTEXT, **fields)


def verdicts(declared: StatedInText, rule: FigureRule, text: str, population: Grouped) -> list[dict[str, Any]]:
    block = text_block(text, 80)
    cases = stated_in_text_cases(declared, {declared.rule: rule}, [block], lambda context: population)
    return evaluate(cases)[1]


@pytest.mark.parametrize("text", WORDINGS)
def test_each_figure_is_read_by_its_own_words_in_either_wording(text: str) -> None:
    total = verdicts(check(pattern=TOTAL, population="listed", key="measures"), COUNT, text, members())
    graded = verdicts(
        check(pattern=GRADED, population="listed", category_pattern=GRADES, key="graded"), COUNT, text, members()
    )
    assert [(r["check_id"], r["status"], r["stated"]) for r in total] == [("count:measures", "match", "10")]
    # 7 measures are graded A or B: the stated 6 is the planted mismatch.
    assert [(r["check_id"], r["status"]) for r in graded] == [("count:graded", "mismatch")]
    assert graded[0]["recomputed"] == "[7, 7]"


@pytest.mark.parametrize("text", WORDINGS)
def test_a_share_against_the_counts_its_sentence_states(text: str) -> None:
    share = check(
        pattern=r"(\d+)\s*[%％]", inputs=[GRADED, TOTAL], rounding="round_or_truncate", text="{1}%", key="share"
    )
    # 6 of 10 is 60 %: 約66% is no rounding of it.
    found = verdicts(share, SHARE, text, Grouped(unread="一覧を読めていない"))
    assert [(r["check_id"], r["status"], r["stated"]) for r in found] == [("share:share", "mismatch", "66%")]


def test_a_sentence_lacking_a_context_word_is_not_read() -> None:
    text = "10 施策の進捗をまとめました。"
    assert verdicts(check(pattern=TOTAL, population="listed"), COUNT, text, members()) == []


def test_the_list_not_read_makes_the_counts_not_computable() -> None:
    unread = Grouped(unread="施策一覧を読めていない")
    found = verdicts(check(pattern=TOTAL, population="listed"), COUNT, WORDINGS[1], unread)
    assert [r["status"] for r in found] == ["not_computable"]


def test_a_check_counting_nothing_is_refused() -> None:
    raw = {
        "profile_id": "x",
        "description": "x",
        "detection": {},
        "rules": {"figures": [{"id": "count", "kind": "k", "words": "w", "aggregate": "count"}]},
        "checks": {"count": {"check": "stated_in_text", "rule": "count", "pattern": TOTAL}},
    }
    with pytest.raises(SpecError, match="neither a `population` nor the `inputs`"):
        validate(raw, "x.yaml")


def test_bullets_are_sentences_and_a_cell_without_a_full_stop_is_read() -> None:
    # Three bullets in one cell, none ending in 。: only the second holds both words; the third's
    # 「3 施策」 is no graded count (read as one sentence, it would be a second one).
    bullets = "・ 計画の概要 ・ 10 施策のうち、A 又は B 評価の施策は 6 施策 ・ 評価は 3 施策ごとに行う"
    table = pdf_table("t1", [["評価の概要", bullets]])
    document = pdf(page(tables=[table]))
    graded = check(pattern=GRADED, population="listed", category_pattern=GRADES, key="graded")
    texts = list(passages(document, cells=True))
    found = evaluate(stated_in_text_cases(graded, {"count": COUNT}, texts, lambda context: members()))[1]
    assert [(r["check_id"], r["status"], r["stated"]) for r in found] == [("count:graded", "mismatch", "6")]
    assert found[0]["recomputed"] == "[7, 7]"
