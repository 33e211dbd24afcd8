"""横浜市 行動計画 中間振り返り: reading an indicator's target and result as achieved or not.

The report's rule for non-numeric targets is 達成率 = 達成できた指標の数 ÷ 全ての指標の数 × 100;
for numeric ones 実績 ÷ 目標値 × 100. Result wordings are judged by their SudachiPy lemmas.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from hyoka import normalizers as nz
from hyoka.profiles.yokohama_action_plan_review_reading import VOCABULARY
from hyoka.specs.tables import squash, without_circled_number

# Lemmas saying the target was met, partly met, or not (the spec's vocabulary).
DONE_LEMMAS = frozenset(VOCABULARY["done"])
PARTLY_DONE_LEMMAS = frozenset(VOCABULARY["partly done"])
NOT_DONE_LEMMAS = frozenset(VOCABULARY["not done"])
# Punctuation that ends a clause: a result claiming completion in two clauses makes two claims.
CLAUSE_BREAKS = frozenset({"、", "，", "。"})
# Parts of speech that carry no claim of their own.
FUNCTION_POS = frozenset({"助詞", "助動詞", "補助記号", "空白", "接続詞"})
# Target qualifiers that make the target a ceiling: the result meets it by staying at or below.
CEILING = ("以内", "以下", "未満")
FLOOR = ("以上", "超")
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
PERCENT_IN_TEXT = re.compile(rf"(?P<number>{_NUMBER})\s*[%％]")


class Reached(Enum):
    """How an indicator's result reads, its value as a check's scope says it."""

    NUMERIC = "数値"  # both numbers known: the rate is 実績 ÷ 目標値
    ACHIEVED = "達成"
    NOT_ACHIEVED = "未達成"
    PARTIAL = "一部達成"  # partly done (一部未実施, 着手), or a claim of completion that qualifies itself
    UNKNOWN = "判断できない"  # the wording cannot be judged (a compound numeric target, free text)


@dataclass(frozen=True)
class Amount:
    value: float
    unit: str | None
    qualifiers: tuple[str, ...]


@dataclass(frozen=True)
class Reading:
    reached: Reached
    actual: Amount | None = None
    target: Amount | None = None
    why: str = ""  # why it reads so, in the auditor's words (実績に「未実施」)


def amount(text: str) -> Amount | None:
    """The one quantity a cell prints, through `hyoka.normalizers.quantity`; a rate per period keeps its
    period in the unit (105 回程度／年度 -> 105 回／年度), as the contract's unit column reads."""
    parsed = nz.quantity(text).value
    if parsed is None or parsed.value is None:
        return None
    unit = f"{parsed.unit}／{parsed.per}" if parsed.unit and parsed.per else parsed.unit
    return Amount(parsed.value, unit, tuple(parsed.qualifiers))


def comparable(actual: Amount, target: Amount) -> tuple[Amount, Amount] | None:
    """The two amounts when they are in one unit, else None."""
    return (actual, target) if actual.unit == target.unit else None


def _lemmas(text: str) -> list[tuple[str, str]]:
    return [(word.lemma, word.pos[0]) for word in nz.words(text)]


def _qualified(words: list[tuple[str, str]]) -> bool:
    """Whether a result claiming completion qualifies it: words after its last claim (完了（公開は翌年度）),
    or claims in several clauses (抽出が完了、決定は翌年度に実施). What comes before one claim
    (令和元年12月より事業を開始) only says when or what, and is no qualification."""
    done_at = [i for i, (lemma, _) in enumerate(words) if lemma in DONE_LEMMAS]
    after = [lemma for lemma, pos in words[done_at[-1] + 1 :] if pos not in FUNCTION_POS]
    clauses, claimed = 0, False
    for lemma, _ in words:
        claimed = claimed or lemma in DONE_LEMMAS
        if lemma in CLAUSE_BREAKS:
            clauses, claimed = clauses + claimed, False
    return bool(after) or clauses + claimed > 1


def judge_wording(target: str, actual: str) -> Reading:
    """Whether a non-numeric target was reached, from the result's wording."""
    if squash(without_circled_number(target)) == squash(without_circled_number(actual)):
        return Reading(Reached.ACHIEVED, why="実績が目標をそのまま述べる")
    if re.search(r"\d", without_circled_number(target)):
        return Reading(Reached.UNKNOWN, why="目標の数値に実績を照らせない")
    words = _lemmas(without_circled_number(actual))
    lemmas = {lemma for lemma, _ in words}
    if lemmas & PARTLY_DONE_LEMMAS:
        return Reading(Reached.PARTIAL, why=f"実績に「{'・'.join(sorted(lemmas & PARTLY_DONE_LEMMAS))}」")
    if lemmas & NOT_DONE_LEMMAS:
        return Reading(Reached.NOT_ACHIEVED, why=f"実績に「{'・'.join(sorted(lemmas & NOT_DONE_LEMMAS))}」")
    if lemmas & DONE_LEMMAS:
        if _qualified(words):
            return Reading(Reached.PARTIAL, why="実績は完了と述べつつ留保がある")
        return Reading(Reached.ACHIEVED, why=f"実績に「{'・'.join(sorted(lemmas & DONE_LEMMAS))}」")
    return Reading(Reached.UNKNOWN, why="実績の文言が達成とも未達成とも述べない")


def judge(target: str, actual: str) -> Reading:
    """An indicator's reading: numeric (actual and target in one unit), or achieved / not by wording."""
    printed_target = nz.quantity(target).value
    if printed_target is not None and printed_target.na_marker is not None:
        return Reading(Reached.UNKNOWN, why="目標の印字がない")
    wanted = amount(target)
    if wanted is not None:
        got = amount(actual)
        if got is None:
            # A result sentence quoting one percentage (…の合計が 91.4%) against a percentage target.
            found = PERCENT_IN_TEXT.findall(nz.text(actual).value or "")
            got = Amount(float(found[0].replace(",", "")), "%", ()) if len(found) == 1 else None
        pair = comparable(got, wanted) if got is not None else None
        if pair is None:
            return judge_wording(target, actual)
        got, wanted = pair
        if wanted.value == 0:
            return Reading(Reached.UNKNOWN, got, wanted, "目標が0で率が出ない")
        if any(q in wanted.qualifiers for q in CEILING):
            # A ceiling (3日／年以内) has no meaningful 実績 ÷ 目標値: it is met or not.
            met = got.value <= wanted.value
            return Reading(Reached.ACHIEVED if met else Reached.NOT_ACHIEVED, got, wanted, "上限の目標")
        return Reading(Reached.NUMERIC, got, wanted, "実績 ÷ 目標値")
    return judge_wording(target, actual)
