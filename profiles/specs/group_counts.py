"""Group counts: a printed cross-tab against the population it summarises.

A report prints a table with one row per group (分野, 再掲 list, 全施策) and one column per category (A評価,
B評価 …) and a 合計; its list prints the members. The check `group_counts` compares each count cell with the
members of its row's group in its column's category, each row's total with its category cells, and the
total row with the rows that part the whole. The hook that reads the members gives them grouped by the
cross-tab's row labels (`Grouped`); a group or a population it could not read makes its counts
`not_computable` with the reason, never a mismatch against an empty list.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import normalizers as nz
from audit.rules import Figure, FigureCase, FigureRule
from extractors.model import Cell
from profiles import Case
from profiles.locate import Location
from profiles.specs.schema import GroupCounts
from profiles.tables import plain, squash, where


@dataclass
class Member:
    """One member of a population, the category it falls in (a grade letter), and its printed evidence."""

    category: str | None
    figure: Figure


@dataclass
class Grouped:
    """A population by the cross-tab's row labels; `unread`: why none of it was read, `unread_groups`:
    why one group was not (its list was not found)."""

    groups: dict[str, list[Member]] = field(default_factory=dict)
    unread: str | None = None
    unread_groups: dict[str, str] = field(default_factory=dict)


@dataclass
class CrossTabRow:
    """A row of a printed cross-tab: its group label and its count cells by column role."""

    label: str
    label_cell: Cell
    counts: dict[str, Cell]


def is_count(cell: Cell) -> bool:
    """Whether a cell prints a count (or a missing marker, or nothing)."""
    parsed = nz.quantity(cell.text).value
    return not squash(cell.text) or (parsed is not None and (parsed.value is not None or parsed.na_marker is not None))


def cross_tab_rows(location: Location | None, label: str, columns: list[str]) -> list[CrossTabRow]:
    """The rows of a located cross-tab that print a label and counts (a row printing other things is a
    table after the cross-tab taken for its continuation)."""
    rows = []
    for row in location.rows if location is not None else []:
        label_cell = row.cell(label)
        if label_cell is None:
            continue
        counts = {role: c for role in columns if (c := row.cell(role)) is not None and c is not label_cell}
        if counts and all(is_count(c) for c in counts.values()):
            rows.append(CrossTabRow(plain(label_cell.text), label_cell, counts))
    return rows


def best(locations: list[Location]) -> Location | None:
    """The printing `profiles.locate.locate` would choose: the best score, then the most rows."""
    return max(locations, key=lambda loc: (loc.score, len(loc.rows)), default=None)


def count_figure(cell: Cell) -> Figure:
    parsed = nz.quantity(cell.text).value
    return Figure(parsed.value if parsed is not None else None, cell.text, where(cell), "exact", cell.text)


def group_count_cases(
    check: GroupCounts, rules: dict[str, FigureRule], location: Location | None, population: Grouped | None
) -> list[Case]:
    """The count, row-total and column-sum cases of one printed cross-tab."""
    if location is None:
        return []
    names = {c.role: c.words[0] for c in location.spec.columns}
    table = location.spec.name
    rows = cross_tab_rows(location, check.label, list(check.columns))
    unread = population.unread if population is not None else f"not read: {check.population}"
    # A group is named as the cross-tab prints its row label, however spaced or wide.
    groups = {squash(k): v for k, v in population.groups.items()} if population is not None else {}
    unread_groups = {squash(k): v for k, v in population.unread_groups.items()} if population is not None else {}
    cases: list[Case] = []
    for row in rows:
        members = groups.get(squash(row.label), [])
        missing = unread or unread_groups.get(squash(row.label))
        for role, cell in row.counts.items():
            category = check.columns[role]
            column = names[role]
            scope = check.scope.format(table=table, group=row.label, column=column)
            key = f"{squash(row.label)}/{column}"
            counted = tuple(m.figure for m in members if category is None or m.category == category)
            rule = rules[check.rule]
            if missing is not None:
                cases.append(FigureCase(rule, scope, count_figure(cell), (), key, unread=missing))
            else:
                cases.append(FigureCase(rule, scope, count_figure(cell), counted, key))
        total = check.row_total
        parts = [c for r, c in row.counts.items() if check.columns[r] is not None]
        if total is not None and total.column in row.counts and parts:
            scope = total.scope.format(table=table, group=row.label, column=names[total.column])
            stated = count_figure(row.counts[total.column])
            inputs = tuple(count_figure(c) for c in parts)
            cases.append(FigureCase(rules[total.rule], scope, stated, inputs, squash(row.label)))
    cases += _column_sums(check, rules, rows, names, table)
    return cases


def _column_sums(
    check: GroupCounts, rules: dict[str, FigureRule], rows: list[CrossTabRow], names: dict[str, str], table: str
) -> list[Case]:
    """The total row against the rows that part the whole, column by column."""
    if check.column_sum is None:
        return []
    totals = [squash(w) for w in check.total_words]
    again = [squash(w) for w in check.relisted_words]
    total = next((r for r in rows if any(w in squash(r.label) for w in totals)), None)
    parts = [r for r in rows if r is not total and not any(w in squash(r.label) for w in totals + again)]
    if total is None or not parts:
        return []
    cases: list[Case] = []
    for role, cell in total.counts.items():
        scope = check.column_sum.scope.format(table=table, parts=len(parts), column=names[role])
        inputs = tuple(count_figure(p.counts[role]) for p in parts if role in p.counts)
        cases.append(FigureCase(rules[check.column_sum.rule], scope, count_figure(cell), inputs, names[role]))
    return cases
