"""The generic totals audit: every printed total recomputed from its printed parts.

- a line labelled 合計 / 計 / 小計 / 総計 (or 事業費計, 収入計…) is the sum of the lines above it, back
  to the previous total or the header;
- a cost line (事業費, 経費, 合計) followed by its sources of funding (国・府支出金, 地方債, その他,
  一般財源…) is their sum; a funding line printed as a difference ((差引) 一般財源 (B)) is the cost
  minus the other sources;
- a line whose label writes a formula of other lines' letters (受益者負担率 B÷A, 差引 A−B) is that
  formula;
- a column headed 合計 / 計 beside the year columns is the sum of the line's years.

Lines of a partial breakdown (主な内訳) and `うち` lines are never a total's parts and never
flagged. Figures keep their printed rounding (千円未満四捨五入: each ±0.5 in printed units).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from hyoka.audit.interval import Rounding
from hyoka.audit.rules import Figure, FigureCase, FigureRule
from hyoka.profiles.generic_amounts import Amount, Line
from hyoka.profiles.generic_vocabulary import FUNDING_ITEMS, TOTAL_ITEMS
from hyoka.specs.tables import squash, where

SUM = FigureRule("generic_total", "total", "合計欄は、それが合計する各行の合計に等しい", "sum")
FUNDING = FigureRule("generic_funding", "funding", "事業費は、印字された財源内訳の合計に等しい", "sum")
FORMULA = FigureRule("generic_formula", "formula", "欄名に計算式（A+B など）を書いた数値は、その式の値に等しい", "sum")
RATIO = FigureRule("generic_ratio", "ratio", "欄名に X÷Y と書いた率は、X を Y で割った百分率に等しい", "ratio_percent")

# 合計 / 総計 / 小計 / 計, and an item's 計 (事業費計, 財源計, 収入計); not 統計 or 推計.
_TOTAL_WORDS = re.compile(r"(合計|総計|小計|^計|(費|源|入|出|額|金|料|債|コスト)計)$")
_DIVISION = re.compile(r"([A-Z])[÷/]([A-Z])")
_DIFFERENCE = re.compile(r"([A-Z])[-−ー－]([A-Z])")
# Lines whose figure the sources of funding below them add up to (not 予算額 / 決算額: which of
# the two a table's 財源 fund is not printed).
COST_ITEMS = frozenset({"project_cost", "total"})


def is_total(line: Line) -> bool:
    return line.item in TOTAL_ITEMS or bool(_TOTAL_WORDS.search(line.key))


def _figure(amount: Amount, rounding: Rounding, label: str, negate: bool = False) -> Figure:
    value = amount.printed
    text = amount.cell.text
    if negate and value is not None:
        value, text = -value, f"-{text}"
    return Figure(value, text, where(amount.cell), rounding, label)


def _summands(lines: Sequence[Line]) -> list[Line]:
    return [line for line in lines if not line.part and not line.partial_group and line.item != "user_charge_rate"]


def total_cases(
    lines: Sequence[Line], columns: Sequence[int], rounding: Rounding, scope: str, key: str
) -> Iterator[FigureCase]:
    """Every recomputable total among `lines` (read per column in `columns`)."""
    previous = 0
    for index, line in enumerate(lines):
        if is_total(line) and not line.part:
            # The lines it totals: those above it back to the previous total, within its printed group.
            first = index
            while first > previous and lines[first - 1].group == line.group:
                first -= 1
            parts = _summands(lines[first:index])
            if len(parts) >= 2:
                terms = [(part, False) for part in parts]
                yield from _cases(SUM, line, terms, (), columns, rounding, scope, f"{key}:{line.key}")
            previous = index + 1
    yield from _funding_cases(lines, columns, rounding, scope, key)
    yield from _formula_cases(lines, columns, rounding, scope, key)


def _funding_cases(
    lines: Sequence[Line], columns: Sequence[int], rounding: Rounding, scope: str, key: str
) -> Iterator[FigureCase]:
    for index, line in enumerate(lines):
        if line.item not in COST_ITEMS or line.part:
            continue
        sources: list[Line] = []
        since_total = 0  # sources after the last funding total (財源計 replaces the lines it totals)
        for later in lines[index + 1 :]:
            if later.part or later.partial_group:
                continue
            if is_total(later) and since_total:
                sources[len(sources) - since_total :] = [later]
                since_total = 0
            elif later.item in COST_ITEMS:
                break
            elif later.item in FUNDING_ITEMS:
                sources.append(later)
                since_total += 1
        # One printed source alone may be a selection (事業費 | 一般財源): not a breakdown of the cost.
        if len(sources) < 2 and not any(is_total(s) for s in sources):
            continue
        difference = next((s for s in sources if "差引" in squash(s.label)), None)
        if difference is None:
            terms = [(source, False) for source in sources]
            yield from _cases(FUNDING, line, terms, (), columns, rounding, scope, f"{key}:{line.key}:funding")
        else:
            # (差引) 一般財源 is the cost less the other sources it prints.
            terms = [(line, False)] + [(s, True) for s in sources if s is not difference]
            yield from _cases(FUNDING, difference, terms, (line,), columns, rounding, scope, f"{key}:{difference.key}")


def _formula_cases(
    lines: Sequence[Line], columns: Sequence[int], rounding: Rounding, scope: str, key: str
) -> Iterator[FigureCase]:
    lettered: dict[str, Line] = {}
    for line in lines:
        if line.letter:
            lettered.setdefault(line.letter, line)
    for line in lines:
        label = squash(line.label)
        division, difference = _DIVISION.search(label), _DIFFERENCE.search(label)
        formula = division or difference
        if formula is None or formula.group(1) not in lettered or formula.group(2) not in lettered:
            continue
        first, second = lettered[formula.group(1)], lettered[formula.group(2)]
        rule = RATIO if division else FORMULA
        terms = [(first, False), (second, not division)]
        # A rate is printed to its own decimals; its rounding is as printed.
        yield from _cases(rule, line, terms, (first, second), columns, rounding, scope, f"{key}:{line.key}", "round")


def _cases(
    rule: FigureRule,
    stated: Line,
    terms: Sequence[tuple[Line, bool]],
    required: Sequence[Line],
    columns: Sequence[int],
    rounding: Rounding,
    scope: str,
    key: str,
    stated_rounding: Rounding | None = None,
) -> Iterator[FigureCase]:
    """Per column printing the stated line's figure (and every `required` line's): that figure against the
    terms' figures printed in the column, each negated where its flag says (差引 A−B)."""
    for col in columns:
        figure = stated.figures.get(col)
        printed = [(line, negate) for line, negate in terms if col in line.figures]
        if figure is None or figure.printed is None or not printed or any(col not in r.figures for r in required):
            continue
        inputs = tuple(_figure(line.figures[col], rounding, line.label, negate) for line, negate in printed)
        stated_figure = _figure(figure, stated_rounding or rounding, stated.label)
        yield FigureCase(rule, f"{scope}: {stated.label}", stated_figure, inputs, f"{key}:{col}")


def column_total_cases(
    line: Line, total: Amount, columns: Sequence[int], rounding: Rounding, scope: str, key: str
) -> Iterator[FigureCase]:
    """A 合計 column beside the years: the line's total over its year columns."""
    inputs = tuple(_figure(line.figures[c], rounding, line.label) for c in columns if c in line.figures)
    if len(inputs) >= 2 and total.printed is not None:
        yield FigureCase(
            SUM, f"{scope}: {line.label} 合計", _figure(total, rounding, line.label), inputs, f"{key}:{line.key}:sum"
        )
