"""The auditor's words: numbers as printed and each verdict as one short Japanese line.

Every `detail` the engine writes has one shape, `{the rule in words}（{what it was computed from}）：{verdict}`,
and each verdict kind one pattern:
- match / mismatch: 記載B、再計算A（53.5） (figures as printed, in the stated figure's printed unit; a
  recomputed range only where the inputs allow a range of values, in words: 0以上100未満); one fact in
  two places: 記載4、別の箇所3; an id printed twice: P-1が2回印字されている;
- within rounding (a grade): 記載B、再計算90（範囲89.5以上90.5未満）はB・Cのいずれにもなる;
- under some readings (a figure): 記載66%、再計算66.67：切り捨てなら合い、四捨五入では合わない
  (or：一部実施を達成と数えるかで変わる, ：読み方2通りのうち1通りで合う, ：OCRで読んだ数値：…の読み違いなら合う);
- notation: 記載C、規則の表記はc（評価は同じ）;
- no claim: 記載は判断を述べない（判断なし）、再計算遅れ（66.67） (a grade in the words its rule labels it with);
- not computable: 計算できない：{the reason}.
"""

from __future__ import annotations

import math
import re

from hyoka.audit.interval import Interval

# What a stated figure was compared with when the relation is not equality.
BOUND_WORDS = {"equal": "再計算", "at_most": "再計算の上限", "at_least": "再計算の下限"}
NOT_COMPUTABLE = "計算できない"


def number(value: float, decimals: int = 2) -> str:
    """A number with thousands separators and at most `decimals` decimals, trailing zeros dropped."""
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    text = f"{value:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def range_words(low: float, high: float, low_closed: bool = True, high_closed: bool = True) -> str:
    """An interval as an auditor reads it: one number when its ends agree, else in words (以上 / 未満)."""
    if low == high:
        return number(low)
    if math.isinf(low):
        return f"{number(high)}{'以下' if high_closed else '未満'}"
    if math.isinf(high):
        return f"{number(low)}{'以上' if low_closed else '超'}"
    return f"{number(low)}{'以上' if low_closed else '超'}{number(high)}{'以下' if high_closed else '未満'}"


def shown(interval: Interval | None) -> str:
    """An interval in words (see `range_words`); a dash when there is none."""
    if interval is None:
        return "—"
    return range_words(interval.low, interval.high, interval.low_closed, interval.high_closed)


def sentence(words: str, basis: str | None, verdict: str) -> str:
    """One line: the rule in words, what it was computed from in brackets, then the verdict."""
    rule = re.sub(r"\s+", " ", words).strip()
    return f"{rule}（{basis}）：{verdict}" if basis else f"{rule}：{verdict}"


def compared(stated: str, recomputed: str, relation: str = "equal") -> str:
    """A stated figure or grade beside its recomputation: 記載B、再計算A."""
    return f"記載{stated}、{BOUND_WORDS[relation]}{recomputed}"


def not_computable(reason: str) -> str:
    return f"{NOT_COMPUTABLE}：{reason}"
