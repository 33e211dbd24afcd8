"""Totals printed in sentences, recomputed from the parts the sentence prints.

- a figure with its breakdown in brackets, every part in the figure's unit
  (利用者13名（看護師等・タクシー併用10名、看護師等のみ2名、タクシーのみ1名）) is their sum; a
  breakdown the sentence marks as overlapping (※重複採択有) bounds the figure from above, one marked
  as partial (うち, 主な, など) from below;
- a figure whose bracket writes the arithmetic (数値目標：45件（…：補助金件数15件/年×3年）,
  2,769t-CO2/件×40件＝110,760t-CO2) is that arithmetic, when the units of the expression give the
  figure's unit (15件/年 × 3年 = 件; not 10件 × 3,000千円/件 × 4年);
- a target whose explanation names other figures in its unit (700者（…400者認定に加え、…300者…）)
  is recomputed as their sum: the check matches when they add up to it, and is not computable
  otherwise, since prose need not say that a target is the sum of the figures it mentions.

Rates (100者/年) and figures inside a nested bracket are not parts.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from hyoka.audit.interval import Interval, Rounding
from hyoka.audit.rules import Figure, FigureCase, FigureRule
from hyoka.extractors.model import Cell, TextBlock
from hyoka.profiles.generic_sheet import YEAR_HEADING
from hyoka.specs.tables import where

BREAKDOWN = FigureRule("generic_sentence_breakdown", "total", "括弧内に内訳を書いた数値は、内訳の合計に等しい", "sum")
OVERLAPPING = FigureRule(
    "generic_sentence_overlapping",
    "total",
    "内訳に重複があると書かれた数値は、内訳の合計以下",
    "sum",
    "at_most",
)
PARTIAL = FigureRule(
    "generic_sentence_partial",
    "total",
    "内訳が一部（うち・主な）と書かれた数値は、内訳の合計以上",
    "sum",
    "at_least",
)
ARITHMETIC = FigureRule(
    "generic_sentence_arithmetic", "formula", "計算式を添えて書いた数値は、その式の値に等しい", "sum"
)
EXPLAINED = FigureRule(
    "generic_sentence_explained",
    "total",
    "目標値は、その説明に同じ単位で挙げた数値の合計に等しい（合計を述べている場合）",
    "sum",
)

_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# A unit is what stands between a number and what follows it: 名, 千円, t-CO2, 件/年, t-CO2/件.
_WORDS = r"[^\d\s、,。.:・()【】\[\]×+*=～〜※]"
_UNIT = rf"(?:[A-Za-z][A-Za-z0-9\-]*(?:/{_WORDS}{{1,6}})?|{_WORDS}{{1,12}}?)"
_TERM_UNIT = rf"(?:[A-Za-z][A-Za-z0-9\-]*(?:/{_WORDS}{{1,6}})?|{_WORDS}{{1,12}})"
# A figure and the bracket after it (one level of nested brackets inside), and a ※ note after it.
_BRACKETED = re.compile(
    rf"(?<![\d,.])(?P<number>{_NUMBER})(?P<unit>{_UNIT})\s*\((?P<inner>(?:[^()]|\([^()]*\))*)\)"
    r"(?P<after>\s*※[^・(]*)?"
)
_NESTED = re.compile(r"\([^()]*\)")
_EXPRESSION = re.compile(
    rf"(?<![\d,.])(?P<terms>(?:{_NUMBER}){_TERM_UNIT}(?:\s*[×+*]\s*(?:{_NUMBER}){_TERM_UNIT})+)"
    rf"(?:\s*=\s*(?P<result>{_NUMBER})(?P<result_unit>{_TERM_UNIT}))?"
)
_OPERAND = re.compile(rf"([×+*]?)\s*({_NUMBER})({_TERM_UNIT})")
_OVERLAP_WORDS = ("重複",)
_PARTIAL_WORDS = ("うち", "主な", "など", "ほか")
_NOT_A_PART = ("令和", "平成", "昭和", "R", "H", "第", "約", "概ね", "最大", "最小", "平均", "毎")
_EXPLANATION_WORDS = ("考え方", "内訳", "根拠", "算出", "積算")
_TARGET = re.compile(r"指標\s*:\s*(?P<name>[^【】:]+?)\s*【\s*(?P<word>数値目標|目標値|目標)\s*:\s*(?:[^\d【】:]*)$")
_LABEL = re.compile(r"(?P<label>[^\s\d、,。:・()【】※]+)\s*:?\s*$")


@dataclass(frozen=True)
class _Quantity:
    value: Decimal
    text: str
    unit: str

    def per(self) -> tuple[Counter[str], Counter[str]]:
        """The unit as counts of what it counts over what it counts per: 件/年 -> ({件: 1}, {年: 1})."""
        top, _, bottom = self.unit.partition("/")
        return Counter([top] if top else []), Counter([bottom] if bottom else [])


def _quantity(number: str, unit: str) -> _Quantity:
    return _Quantity(Decimal(number.replace(",", "")), f"{number}{unit}", unit.strip())


def _rounding(quantity: _Quantity) -> Rounding:
    """Counts are exact; money in 千円 and figures with decimals are rounded as printed."""
    return "round" if "." in quantity.text or any(s in quantity.unit for s in "千万億") else "exact"


def _figure(quantity: _Quantity, cell: Cell | TextBlock, label: str | None = None) -> Figure:
    return Figure(float(quantity.value), quantity.text, where(cell), _rounding(quantity), label)


def _figures(quantities: list[_Quantity], cell: Cell | TextBlock) -> tuple[Figure, ...]:
    return tuple(_figure(q, cell) for q in quantities)


def _product(quantities: list[_Quantity], cell: Cell | TextBlock) -> Figure:
    """The product of printed figures (15件/年 × 3年), keeping each one's rounding."""
    figures = [_figure(q, cell) for q in quantities]
    value, whole = 1.0, Interval.point(1.0)
    for figure in figures:
        assert figure.value is not None
        value *= figure.value
        part = figure.interval()
        whole = whole * part if part is not None else whole
    text = " × ".join(q.text for q in quantities)
    return Figure(value, text, where(cell), "exact", text, derived=whole, parts=tuple(figures))


def _product_unit(quantities: list[_Quantity]) -> str | None:
    """The unit of a product with the per-units cancelled (件/年 × 年 -> 件); None when it is not one unit."""
    top: Counter[str] = Counter()
    bottom: Counter[str] = Counter()
    for quantity in quantities:
        over, under = quantity.per()
        top, bottom = top + over, bottom + under
    top, bottom = top - bottom, bottom - top
    return next(iter(top)) if sum(top.values()) == 1 and not bottom else None


def _label(before: str) -> str:
    """What a sentence's figure is of: the target's indicator (指標：X【数値目標：) or the words before it."""
    if (target := _TARGET.search(before)) is not None:
        return f"{target.group('name').strip()} {target.group('word')}"
    found = _LABEL.search(before)
    label = found.group("label") if found else ""
    headings = [m.group(0) for m in YEAR_HEADING.finditer(before)]
    return f"{label} {headings[-1]}".strip() if headings else label


def sentence_cases(cell: Cell | TextBlock, scope: str) -> Iterator[FigureCase]:
    """The totals the sentences of one cell print, each with the parts the sentence gives."""
    text = unicodedata.normalize("NFKC", cell.text)
    for found in _BRACKETED.finditer(text):
        stated = _quantity(found.group("number"), found.group("unit"))
        inner = found.group("inner")
        label = _label(text[: found.start()])
        key = f"{scope}:{found.start()}"
        place = f"{scope}: {label}" if label else scope
        arithmetic = _EXPRESSION.search(_NESTED.sub("", inner))
        if arithmetic is not None:
            yield from _arithmetic(arithmetic, stated, cell, place, key)
            continue
        yield from _breakdown(found, stated, cell, place, key)


def _arithmetic(
    found: re.Match[str], stated: _Quantity, cell: Cell | TextBlock, place: str, key: str
) -> Iterator[FigureCase]:
    operands = _OPERAND.findall(found.group("terms"))
    quantities = [_quantity(number, unit) for _, number, unit in operands]
    if found.group("result"):
        stated = _quantity(found.group("result"), found.group("result_unit"))
    # One operator throughout: a sum of like figures or a product (mixed arithmetic is not read).
    operators = {op for op, _, _ in operands[1:]}
    if operators <= {"×", "*"}:
        if _product_unit(quantities) != stated.unit:
            return
        inputs: tuple[Figure, ...] = (_product(quantities, cell),)
    elif operators <= {"+"} and all(q.unit == stated.unit for q in quantities):
        inputs = _figures(quantities, cell)
    else:
        return
    yield FigureCase(ARITHMETIC, place, _figure(stated, cell, place), inputs, key)


def _breakdown(
    found: re.Match[str], stated: _Quantity, cell: Cell | TextBlock, place: str, key: str
) -> Iterator[FigureCase]:
    inner = found.group("inner")
    top_level = _NESTED.sub("", inner)
    unit = re.escape(stated.unit)
    parts = [
        _quantity(m.group(1), stated.unit)
        for m in re.finditer(rf"(?<![\d,.])({_NUMBER})\s*{unit}(?![^\d、,。()]{{0,4}}/)", top_level)
    ]
    head, _, explanation = top_level.partition(":")
    if any(word in head for word in _EXPLANATION_WORDS) and explanation:
        # Prose explaining a target: its figures are the target's parts only when they add up to it
        # (one restating the target itself is not a part).
        parts = [p for p in parts if p.value != stated.value]
        if len(parts) < 2:
            return
        total = sum((p.value for p in parts), Decimal(0))
        unread = (
            None
            if total == stated.value
            else (
                f"説明は{' + '.join(p.text for p in parts)} = {total:,}{stated.unit}を挙げるが、"
                "記載の数値がその合計とは述べていない"
            )
        )
        yield FigureCase(EXPLAINED, place, _figure(stated, cell, place), _figures(parts, cell), key, unread=unread)
        return
    if len(parts) < 2:
        return
    # A plain list: items separated by 、, each a figure in the unit after the words that label it; not a
    # year (令和3年～令和7年), an ordinal (第2回) or an approximation (約50人).
    items = [item.strip() for item in top_level.split("、") if item.strip()]
    listed = [re.fullmatch(rf"(?P<label>[^\d]*?)\s*(?:{_NUMBER})\s*{unit}\s*", item) for item in items]
    if not all(m is not None and not m.group("label").endswith(_NOT_A_PART) for m in listed):
        return
    note = found.group("after") or ""
    if any(word in note or word in inner for word in _OVERLAP_WORDS):
        rule = OVERLAPPING
    elif any(word in inner for word in _PARTIAL_WORDS):
        rule = PARTIAL
    else:
        rule = BREAKDOWN
    yield FigureCase(rule, place, _figure(stated, cell, place), _figures(parts, cell), key)
