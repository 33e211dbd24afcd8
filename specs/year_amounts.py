"""Amounts by year under a label (施策の予算額 | R1 | R2 …), declared in a spec: each year's amount is a
budgets row, and the amount of a declared table's year can be checked against the sum of a column of
that table (the 施策's budget is the sum of its 事務事業's 事業費).

    rows:
      year_amounts:
        - name: 施策の予算額
          words: [施策の予算額]   # the label heading the block (a cell starting with one of them)
          item: budget
          place: 1 目標等の設定    # the budgets rows' place, before the label as printed
          unit: 千円               # when the label states none
    checks:
      policy budget:
        check: year_total
        rule: policy_budget       # a `sum` figure rule
        amounts: 施策の予算額
        table: the 事務事業 table
        column: project_cost      # its header may print the table's year (令和2年度 over 事業費)
        key_pattern: '\\d+'

A form prints each year under the label with its amount right of it; a plain table heads a 年度 column
beside the amounts' column, whose cells are the amounts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hyoka import normalizers as nz
from hyoka.audit.rules import FigureCase, FigureRule
from hyoka.extractors.model import Document
from hyoka.specs.budgets import add_budget, header_year
from hyoka.specs.formula_columns import typed_figure
from hyoka.specs.locate import Location, Row
from hyoka.specs.output import Case, ProfileOutput
from hyoka.specs.tables import Located, fiscal_year_of, starting

if TYPE_CHECKING:
    from hyoka.specs.schema import YearAmountsMap, YearTotal


@dataclass
class YearAmounts:
    """A located block: its label cell, the place its rows carry, and its (year cell, amount cell) rows."""

    label: Located
    place: str
    rows: list[tuple[Located, Located]]


def locate_year_amounts(document: Document, words: list[str]) -> tuple[Located, list[tuple[Located, Located]]] | None:
    """The first label starting with one of `words` that heads (year, amount) rows, and those rows."""
    for header in starting(document, *words):
        table, rows = header.table, []
        for row in range(header.cell.row_end + 1, table.n_rows):
            under = header.at(row, header.cell.col)
            if under is None:
                break
            if under.cell.row != row:
                continue  # a cell spanning several grid rows is one entry
            if nz.fiscal_year(under.text).ok:
                year, amount = under, under.right()
                if amount is None or amount.cell.col > header.cell.col_end:
                    break
            else:
                years = [c for c in table.row(row) if c.col_end < header.cell.col and nz.fiscal_year(c.text).ok]
                if not years:
                    break
                year, amount = Located(table, years[-1]), under
            rows.append((year, amount))
        if rows:
            return header, rows
    return None


def year_amount_rows(output: ProfileOutput, document: Document, mapping: YearAmountsMap) -> YearAmounts | None:
    """The map's budgets rows (one per year); a block not found is a problem, and None."""
    found = locate_year_amounts(document, mapping.words)
    if found is None:
        output.problems.append(f"No {mapping.name} block was found.")
        return None
    label, rows = found
    hint = nz.header(label.text).value
    unit = hint.unit if hint is not None and hint.unit else mapping.unit
    place = f"{mapping.place} {nz.text(label.text).value}"
    for year_cell, amount in rows:
        add_budget(output, amount.cell, unit, None, fiscal_year_of(year_cell.text), mapping.item, place)
    return YearAmounts(label, place, rows)


def year_total_cases(
    check: YearTotal,
    rule: FigureRule,
    amounts: YearAmounts,
    locations: list[Location],
    records: Iterable[tuple[str, Row]],
    report_year: int | None,
    unread: str | None,
) -> list[Case]:
    """The amount printed for the table's year (its header's, else the report's) against the column's sum
    over the table's records; `unread` when the table was not read."""
    year = (header_year(locations[0], check.column) if locations else None) or report_year
    inputs = tuple(typed_figure(row.cell(check.column), "exact", key) for key, row in records)
    return [
        FigureCase(
            rule,
            f"{amounts.place} {year_cell.text}",
            typed_figure(amount.cell, "exact", check.amounts),
            inputs,
            str(year),
            unread=unread,
        )
        for year_cell, amount in amounts.rows
        if fiscal_year_of(year_cell.text) == year
    ]
