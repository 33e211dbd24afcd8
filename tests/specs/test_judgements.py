"""The spec capability `judgements`: a grade rule declares the wordings that state each grade in a text."""

from __future__ import annotations

import pytest

from hyoka.specs.judgements import judged_grade
from hyoka.specs.schema import GradeRuleDecl

RULE = GradeRuleDecl(
    id="progress",
    grade_type="kpi_progress",
    words="実績÷予定が100%以上なら計画通り",
    aggregate="ratio_percent",
    bands=[{"grade": "behind", "high": 100}, {"grade": "on_track", "low": 100}],  # type: ignore[list-item]
    neutral="neutral",
    judgement_in_text=True,
    judgements={"behind": ["遅れる", "下回る"], "on_track": ["計画通り", "上回る"]},
)


@pytest.mark.parametrize(
    ("text", "grade"),
    [
        ("計画通りに進捗している。", "on_track"),
        ("予定を上回った。", "on_track"),  # an inflected form of a declared dictionary form
        ("導入が遅れている。", "behind"),
        ("計画を下回っているが、計画通り進める。", "behind"),  # the first declared grade whose wording is printed
        ("引き続き周知に努める。", "neutral"),  # no claim
    ],
)
def test_the_grade_a_text_states_is_read_by_the_declared_wordings(text: str, grade: str) -> None:
    assert judged_grade(RULE, text) == grade


def test_a_rule_without_a_neutral_grade_reads_no_claim_as_blank() -> None:
    rule = RULE.model_copy(update={"neutral": None})
    assert judged_grade(rule, "引き続き周知に努める。") == ""
