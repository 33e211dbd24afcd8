"""Figures stated with their breakdown in brackets, the one reading of a `stated_breakdown` check.

- a figure with its breakdown in brackets, every part in the figure's unit
  (利用者13名（看護師等・タクシー併用10名、看護師等のみ2名、タクシーのみ1名）) is their sum (`rule`); a
  breakdown the text marks as overlapping (`overlapping` words: ※重複採択有) bounds the figure from above, one
  marked as partial (`partial` words: うち, 主な) from below;
- a figure whose bracket writes the arithmetic (45件（…：補助金件数15件/年×3年）, 2,769t-CO2/件×40件＝110,760t-CO2)
  is that arithmetic (`arithmetic` rule), when the units of the expression give the figure's unit (15件/年 × 3年
  = 件; not 10件 × 3,000千円/件 × 4年);
- a figure whose bracket explains it (`explained` words heading it: 考え方) with other figures in its unit
  (700者（…400者認定に加え、…300者…）) is recomputed as their sum: the check matches when they add up to it,
  and is not computable otherwise, since prose need not say that a target is the sum of the figures it mentions.

Rates (100者/年), figures inside a nested bracket and parts labelled by a `not_a_part` word (令和3年, 第1回,
約50人) are not parts. A figure is labelled by the words printed before it, or the indicator a `target`
pattern names (its groups `name` and `word`), with the last `heading` printed before it in the same text
(令和5年度). Texts are read NFKC with their spacing; with `sentence_words`, only figures in a sentence
(`hyoka.specs.stated_counts.sentence_spans`) holding every word.
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
from hyoka.extractors.model import Cell, Document, TextBlock
from hyoka.specs.schema import StatedBreakdown
from hyoka.specs.stated_counts import sentence_spans
from hyoka.specs.tables import squash, where

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


def _figure(quantity: _Quantity, source: Cell | TextBlock, label: str | None = None) -> Figure:
    return Figure(float(quantity.value), quantity.text, where(source), _rounding(quantity), label)


def _figures(quantities: list[_Quantity], source: Cell | TextBlock) -> tuple[Figure, ...]:
    return tuple(_figure(q, source) for q in quantities)


def _product(quantities: list[_Quantity], source: Cell | TextBlock) -> Figure:
    """The product of printed figures (15件/年 × 3年), keeping each one's rounding."""
    figures = [_figure(q, source) for q in quantities]
    value, whole = 1.0, Interval.point(1.0)
    for figure in figures:
        assert figure.value is not None
        value *= figure.value
        part = figure.interval()
        whole = whole * part if part is not None else whole
    text = " × ".join(q.text for q in quantities)
    return Figure(value, text, where(source), "exact", text, derived=whole, parts=tuple(figures))


def _product_unit(quantities: list[_Quantity]) -> str | None:
    """The unit of a product with the per-units cancelled (件/年 × 年 -> 件); None when it is not one unit."""
    top: Counter[str] = Counter()
    bottom: Counter[str] = Counter()
    for quantity in quantities:
        over, under = quantity.per()
        top, bottom = top + over, bottom + under
    top, bottom = top - bottom, bottom - top
    return next(iter(top)) if sum(top.values()) == 1 and not bottom else None


def _label(check: StatedBreakdown, before: str) -> str:
    """What a figure is of: the indicator a `target` names, or the words before it; with the last heading."""
    target = re.search(check.target, before) if check.target else None
    if target is not None:
        return f"{target.group('name').strip()} {target.group('word')}"
    found = _LABEL.search(before)
    label = found.group("label") if found else ""
    headings = [m.group(0) for m in re.finditer(check.heading, before)] if check.heading else []
    return f"{label} {headings[-1]}".strip() if headings else label


def _in_sentence_with_words(check: StatedBreakdown, text: str, at: int) -> bool:
    if not check.sentence_words:
        return True
    start, end = next((s, e) for s, e in sentence_spans(text) if s <= at < e)
    return all(squash(word) in squash(text[start:end]) for word in check.sentence_words)


def breakdown_cases(
    check: StatedBreakdown, rules: dict[str, FigureRule], source: Cell | TextBlock, place: str
) -> Iterator[FigureCase]:
    """The figures one text states with their breakdown, each against the parts its bracket gives; scoped
    `place: label` and keyed by `place` and where the figure stands in the text."""
    text = unicodedata.normalize("NFKC", source.text)
    for found in _BRACKETED.finditer(text):
        if not _in_sentence_with_words(check, text, found.start()):
            continue
        stated = _quantity(found.group("number"), found.group("unit"))
        label = _label(check, text[: found.start()])
        key = f"{place}:{found.start()}"
        scope = f"{place}: {label}" if label else place
        arithmetic = _EXPRESSION.search(_NESTED.sub("", found.group("inner")))
        if arithmetic is not None:
            if check.arithmetic is not None:
                yield from _arithmetic(rules[check.arithmetic], arithmetic, stated, source, scope, key)
            continue
        yield from _breakdown(check, rules, found, stated, source, scope, key)


def document_breakdown_cases(
    check: StatedBreakdown, rules: dict[str, FigureRule], document: Document
) -> Iterator[FigureCase]:
    """A declared check over a document's text blocks (then, with `cells`, its table cells), each placed as the
    generic reader places it: p.3 text 2, or t1 p.3 row 4 col 1 (t1 Sheet1!B5 row 4 col 1 in a workbook)."""
    for page in document.pages:
        for number, block in enumerate(page.text_blocks):
            yield from breakdown_cases(check, rules, block, f"p.{page.number} text {number}")
    for table in document.tables() if check.cells else []:
        for cell in table.cells:
            if not cell.is_header and cell.text.strip():
                printed = f"p.{cell.page}" if cell.page else f"{cell.evidence.sheet}!{cell.evidence.cell}"
                yield from breakdown_cases(
                    check, rules, cell, f"{table.table_id} {printed} row {cell.row} col {cell.col}"
                )


def _arithmetic(
    rule: FigureRule, found: re.Match[str], stated: _Quantity, source: Cell | TextBlock, scope: str, key: str
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
        inputs: tuple[Figure, ...] = (_product(quantities, source),)
    elif operators <= {"+"} and all(q.unit == stated.unit for q in quantities):
        inputs = _figures(quantities, source)
    else:
        return
    yield FigureCase(rule, scope, _figure(stated, source, scope), inputs, key)


def _breakdown(
    check: StatedBreakdown,
    rules: dict[str, FigureRule],
    found: re.Match[str],
    stated: _Quantity,
    source: Cell | TextBlock,
    scope: str,
    key: str,
) -> Iterator[FigureCase]:
    inner = found.group("inner")
    top_level = _NESTED.sub("", inner)
    unit = re.escape(stated.unit)
    parts = [
        _quantity(m.group(1), stated.unit)
        for m in re.finditer(rf"(?<![\d,.])({_NUMBER})\s*{unit}(?![^\d、,。()]{{0,4}}/)", top_level)
    ]
    head, _, explanation = top_level.partition(":")
    if check.explained is not None and any(word in head for word in check.explained.words) and explanation:
        # Prose explaining a figure: its figures are the parts only when they add up to it (one restating
        # the figure itself is not a part).
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
        stated_figure = _figure(stated, source, scope)
        yield FigureCase(rules[check.explained.rule], scope, stated_figure, _figures(parts, source), key, unread=unread)
        return
    if len(parts) < 2:
        return
    # A plain list: items separated by 、, each a figure in the unit after the words that label it.
    items = [item.strip() for item in top_level.split("、") if item.strip()]
    listed = [re.fullmatch(rf"(?P<label>[^\d]*?)\s*(?:{_NUMBER})\s*{unit}\s*", item) for item in items]
    if not all(m is not None and not m.group("label").endswith(tuple(check.not_a_part)) for m in listed):
        return
    note = found.group("after") or ""
    rule = rules[check.rule]
    if check.overlapping is not None and any(word in note or word in inner for word in check.overlapping.words):
        rule = rules[check.overlapping.rule]
    elif check.partial is not None and any(word in inner for word in check.partial.words):
        rule = rules[check.partial.rule]
    yield FigureCase(rule, scope, _figure(stated, source, scope), _figures(parts, source), key)
