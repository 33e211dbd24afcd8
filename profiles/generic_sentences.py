"""Totals printed in sentences, recomputed from the parts the sentence prints: the spec engine's
`stated_breakdown` check (`hyoka.specs.stated_breakdowns`) as the generic reader declares it, for any
text block and table cell: a breakdown in brackets, its arithmetic, or a target's explanation."""

from __future__ import annotations

from collections.abc import Iterator

from hyoka.audit.rules import FigureCase, FigureRule
from hyoka.extractors.model import Cell, TextBlock
from hyoka.profiles.generic_sheet import YEAR_HEADING
from hyoka.specs.schema import FigureRuleDecl, StatedBreakdown, WordsRule
from hyoka.specs.stated_breakdowns import breakdown_cases

_RULES = [
    FigureRuleDecl(
        id="generic_sentence_breakdown",
        kind="total",
        words="括弧内に内訳を書いた数値は、内訳の合計に等しい",
        aggregate="sum",
    ),
    FigureRuleDecl(
        id="generic_sentence_overlapping",
        kind="total",
        words="内訳に重複があると書かれた数値は、内訳の合計以下",
        aggregate="sum",
        relation="at_most",
    ),
    FigureRuleDecl(
        id="generic_sentence_partial",
        kind="total",
        words="内訳が一部（うち・主な）と書かれた数値は、内訳の合計以上",
        aggregate="sum",
        relation="at_least",
    ),
    FigureRuleDecl(
        id="generic_sentence_arithmetic",
        kind="formula",
        words="計算式を添えて書いた数値は、その式の値に等しい",
        aggregate="sum",
    ),
    FigureRuleDecl(
        id="generic_sentence_explained",
        kind="total",
        words="目標値は、その説明に同じ単位で挙げた数値の合計に等しい（合計を述べている場合）",
        aggregate="sum",
    ),
]
RULES: dict[str, FigureRule] = {declared.id: declared.rule() for declared in _RULES}
SENTENCE_TOTALS = StatedBreakdown(
    check="stated_breakdown",
    rule="generic_sentence_breakdown",
    overlapping=WordsRule(words=["重複"], rule="generic_sentence_overlapping"),
    partial=WordsRule(words=["うち", "主な", "など", "ほか"], rule="generic_sentence_partial"),
    arithmetic="generic_sentence_arithmetic",
    explained=WordsRule(words=["考え方", "内訳", "根拠", "算出", "積算"], rule="generic_sentence_explained"),
    not_a_part=["令和", "平成", "昭和", "R", "H", "第", "約", "概ね", "最大", "最小", "平均", "毎"],
    target=r"指標\s*:\s*(?P<name>[^【】:]+?)\s*【\s*(?P<word>数値目標|目標値|目標)\s*:\s*(?:[^\d【】:]*)$",
    heading=YEAR_HEADING.pattern,
)


def sentence_cases(source: Cell | TextBlock, place: str) -> Iterator[FigureCase]:
    """The totals the sentences of one text block or cell print, each with the parts the sentence gives."""
    return breakdown_cases(SENTENCE_TOTALS, RULES, source, place)
