"""Checks over the columns a sheet fills by formula, declared in a spec.

`typed_constant`: in a workbook, a value typed into a column whose other cells hold a formula (a figure
someone overwrote; the same_fact check of its kind names it). `implied_factor`: a figure that adds a
constant printed nowhere times another figure of the row (フルコスト = 事業費 + 人工計 × cost per
person-year): the constant is the one most rows agree with, within the printed rounding of the stated
figure, so a row typed over cannot outvote it; it is reported beside the constant the column's formulas
multiply by, and each row is checked with it.

    typed values:
      check: typed_constant
      kind: typed_constant
      table: the 事務事業 table
      key_pattern: '\\d+'              # the records, not a 計 row
      words: 列の他のセルは式を持つ
    full cost:
      check: implied_factor
      rule: full_cost                  # a `sum` figure rule
      table: the 事務事業 table
      stated: full_cost
      inputs: [project_cost]           # added as printed
      times: staff_total               # multiplied by the implied constant
      factor_kind: full_cost_unit_cost # the same_fact kind of the implied vs the formula's constant
      factor_words: 多くの行が合う(フルコスト−事業費)÷人工計と、フルコストの式の定数
      scope: '{key} フルコスト'
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from hyoka import normalizers as nz
from hyoka.audit.interval import Rounding, printed
from hyoka.audit.rules import Figure, FigureCase, FigureRule, SameFactCase, Where
from hyoka.extractors.model import Cell
from hyoka.specs.locate import Location, Row
from hyoka.specs.output import Case, printed_text
from hyoka.specs.tables import number_in, where

if TYPE_CHECKING:
    from hyoka.specs.schema import ImpliedFactor, TypedConstant

# The constant a formula multiplies by: `=E12+H12*8000`.
FORMULA_FACTOR = re.compile(r"\*\s*([0-9]+(?:\.[0-9]+)?)")


def typed_figure(cell: Cell | None, rounding: Rounding, label: str) -> Figure:
    """A figure printed in a cell, in its printed unit; a typed number's text without the zeros its number
    format pads it with (its precision is what was typed). No cell: a figure not printed."""
    if cell is None:
        return Figure(None, None, Where(), rounding, label)
    text = printed_text(cell)
    if cell.formula is None and not isinstance(cell.value, bool) and isinstance(cell.value, int | float):
        text = nz.typed_precision(text, float(cell.value))
    return Figure(number_in(cell.text), text, where(cell), rounding, label)


# A record row: its unique key (`hyoka.specs.record_rows`) and its cells by role.
Record = tuple[str, dict[str, Cell]]
# A row implying the constant: its stated figure, its inputs' sum, its multiplier, the stated figure as printed.
Offer = tuple[float, float, float, str]


def records_of(keyed: Iterable[tuple[str, Row]]) -> list[Record]:
    return [(key, {role: c for role in row.part.columns if (c := row.cell(role)) is not None}) for key, row in keyed]


def header_words(locations: list[Location], role: str) -> str:
    """A column as its header prints it (フルコスト), for scopes and labels; else its role."""
    header = locations[0].header(role)
    return (nz.text(header.text).value or role) if header is not None else role


def typed_constants(check: TypedConstant, locations: list[Location], records: list[Record]) -> list[Case]:
    """Per column of the table, each value typed where most of the column's filled cells hold a formula."""
    cases: list[Case] = []
    for role in locations[0].columns if locations else ():
        header = locations[0].header(role)
        filled = [(key, cells[role]) for key, cells in records if role in cells and not cells[role].blank]
        with_formula = sum(1 for _, cell in filled if cell.formula)
        if header is None or with_formula * 2 <= len(filled):
            continue
        for key, cell in filled:
            if cell.formula:
                continue
            cases.append(
                SameFactCase(
                    check.kind,
                    check.scope.format(table=locations[0].spec.name, key=key, column=header_words(locations, role)),
                    f"{role}:{key}",
                    f"typed value {printed_text(cell)}",
                    where(cell),
                    "formula",
                    where(header),
                    f"{check.words} (式を持つセル {with_formula} 件)",
                )
            )
    return cases


def implied_factor(
    check: ImpliedFactor, rule: FigureRule, locations: list[Location], records: list[Record]
) -> list[Case]:
    """The implied constant against the formulas' constant, and each row's stated figure against its inputs
    plus `times` × the constant. No row to imply it from: no constant, and a row's case only where its figure
    is a formula saved without its value (its case says so, `audit.withheld`)."""
    offered: list[Offer] = []
    for _, cells in records:
        stated = number_in(cells[check.stated].text) if check.stated in cells else None
        added = [number_in(cells[r].text) if r in cells else None for r in check.inputs]
        times = number_in(cells[check.times].text) if check.times in cells else None
        if stated is not None and times and all(a is not None for a in added):
            offered.append((stated, sum(a for a in added if a is not None), times, printed_text(cells[check.stated])))
    table, column = locations[0].spec.name, header_words(locations, check.stated)
    factor, cases = _factor_cases(check, locations, records, offered) if offered else (None, [])
    for key, cells in records:
        stated_cell = cells.get(check.stated)
        if stated_cell is None or stated_cell.blank:
            continue
        if factor is None and not stated_cell.uncalculated:
            continue  # no constant to add by: a row is checked only to say its figure is unknown
        times = header_words(locations, check.times)
        multiplied = (
            (Figure.product(typed_figure(cells.get(check.times), check.input_rounding, times), factor, times),)
            if factor is not None
            else ()
        )
        inputs = tuple(
            typed_figure(cells.get(role), check.input_rounding, header_words(locations, role)) for role in check.inputs
        )
        cases.append(
            FigureCase(
                rule,
                check.scope.format(table=table, key=key, column=column),
                typed_figure(stated_cell, "round", column),
                (*inputs, *multiplied),
                key,
            )
        )
    return cases


def _factor_cases(
    check: ImpliedFactor, locations: list[Location], records: list[Record], offered: list[Offer]
) -> tuple[float, list[Case]]:
    """The constant the rows imply (the one most of them support), and its case against the formulas' constant."""

    def support(factor: float) -> int:
        return sum(printed(stated, text).contains(added + times * factor) for stated, added, times, text in offered)

    factor = max(sorted({round((stated - added) / times, 6) for stated, added, times, _ in offered}), key=support)
    constants = Counter(
        float(m.group(1))
        for _, cells in records
        if (cell := cells.get(check.stated)) is not None and cell.formula and (m := FORMULA_FACTOR.search(cell.formula))
    )
    formula_factor = constants.most_common(1)[0][0] if constants else None
    header = locations[0].header(check.stated)
    header_where = where(header) if header is not None else Where()
    implied = Figure(factor, f"{factor:,.0f}", header_where, check.input_rounding, "inferred")
    in_formula = (
        Figure(formula_factor, f"{formula_factor:,.0f}", header_where, check.input_rounding, "formula")
        if formula_factor is not None
        else None
    )
    table, column = locations[0].spec.name, header_words(locations, check.stated)
    scope = f"{table} {column}: the constant, inferred from {support(factor)} of {len(offered)} rows"
    words = check.factor_words
    return factor, [
        SameFactCase(check.factor_kind, scope, check.factor_key, implied, header_where, in_formula, header_where, words)
    ]
