"""Group counts: a printed cross-tab (rows: groups, columns: categories) recomputed from a population's
members, counted per group and category (横浜's 分野別集計 from the measure list, 所沢's 表３－x from 表４－１).

A count cell prints the members of its row's group in its column's category (a null category: every
member), alone (`3`) or with their share of the group's categorised members (`16件（84%）`); a combined
column (ＡまたはＢ評価の割合) prints the share of several categories. A row's total column is checked
against its category cells, the total row against the rows that part the whole. When the check names
contexts, the text just before each printing says which population it counts (the year's grades or 総括's);
else the best printing is checked. The hook gives the members by group (`Grouped`); a population or a
group it could not read makes its counts `not_computable` with the reason, never a mismatch against an
empty list.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from hyoka import normalizers as nz
from hyoka.audit.interval import Rounding
from hyoka.audit.rules import Figure, FigureCase, FigureRule, Where
from hyoka.extractors.model import Cell, Document, Table
from hyoka.specs.locate import Location, not_read
from hyoka.specs.output import Case
from hyoka.specs.schema import GroupCounts
from hyoka.specs.tables import (
    is_total_label,
    number_text,
    plain,
    reading_order,
    scrambled_similarity,
    squash,
    table_end,
    table_start,
    text_between,
    where,
)


@dataclass
class Member:
    """One member of a population, the category it falls in (a grade letter; None: not categorised), and
    its printed evidence."""

    category: str | None
    figure: Figure


# What a check counts over, when the profile registered no such population (nothing of it was read).
UNREAD_POPULATION = not_read("数える対象")


@dataclass
class Grouped:
    """A population by group (the cross-tab's row label, or the id its `group_pattern` finds): `unread`,
    what of it was not read (施策一覧); `unread_groups`, what of one group was not (its list); `name` and
    `header`, the population in words and where it prints the category (the inputs of a share)."""

    groups: dict[str, list[Member]] = field(default_factory=dict)
    unread: str | None = None
    unread_groups: dict[str, str] = field(default_factory=dict)
    name: str = ""
    header: Where = field(default_factory=Where)


@dataclass
class CrossTabRow:
    """A row of a printed cross-tab: its group label and its count cells by column role; its kind by the
    check's words (`group_rows`): `total` (全施策), `relisted` (a 再掲 row counting members again) or `part`."""

    label: str
    label_cell: Cell
    counts: dict[str, Cell]
    kind: str = "part"

    @property
    def name(self) -> str:
        """The group's name without the number printed before it (1 安全で… -> 安全で…)."""
        return re.sub(r"^\d+\s*", "", self.label)


@dataclass(frozen=True)
class Printing:
    """One printing of a cross-tab and the context the text before it names ("" when the check names none)."""

    location: Location
    context: str


def is_count(cell: Cell) -> bool:
    """Whether a cell prints a count, a share (or both), a missing marker, or nothing."""
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


def cross_tab_roles(check: GroupCounts) -> list[str]:
    """The roles of the cells a check reads in a row: its counts, its combined shares, its row total."""
    roles = list(check.columns) + list(check.combined)
    return roles + ([check.row_total.column] if check.row_total and check.row_total.column not in roles else [])


def group_rows(check: GroupCounts, location: Location | None) -> list[CrossTabRow]:
    """The rows of a located cross-tab as the check reads them, each of its kind by the check's words."""
    rows = cross_tab_rows(location, check.label, cross_tab_roles(check))
    for row in rows:
        if is_total_label(row.label, check.total_words):
            row.kind = "total"
        elif any(squash(w) in squash(row.label) for w in check.relisted_words):
            row.kind = "relisted"
    return rows


def matched_row(label: str, rows: list[CrossTabRow]) -> CrossTabRow | None:
    """The group row (a part or a relisted one) whose name is most like the group label a list prints by its
    records, its characters in any order (a vertical label, which the format layer may read out of order)."""
    named = [r for r in rows if r.kind != "total"]
    return max(named, key=lambda r: scrambled_similarity(label, r.name)) if label and named else None


def grouped_by_row(
    check: GroupCounts, rows: list[CrossTabRow], members: list[tuple[CrossTabRow | None, Member]], unread: str | None
) -> Grouped:
    """A list's records as the cross-tab counts them: each in the row its group label matched (`matched_row`),
    the total row every one outside the relisted rows; a relisted row none matched counts a list not read
    (`relisted_unread`)."""

    def counts(row: CrossTabRow, matched: CrossTabRow | None) -> bool:
        return matched is row or (row.kind == "total" and (matched is None or matched.kind != "relisted"))

    groups = {row.label: [m for matched, m in members if counts(row, matched)] for row in rows}
    unread_groups = {
        row.label: not_read(check.relisted_unread.format(label=row.label))
        for row in rows
        if row.kind == "relisted" and not groups[row.label]
    }
    return Grouped(groups, unread, unread_groups)


def best(locations: list[Location]) -> Location | None:
    """The printing `hyoka.specs.locate.locate` would choose: the best score, then the most rows."""
    return max(locations, key=lambda loc: (loc.score, len(loc.rows)), default=None)


def context_of(text: str, patterns: dict[str, str]) -> str | None:
    """The context whose pattern matches last in the text (NFKC): a passage may name several."""
    text = unicodedata.normalize("NFKC", text)
    ends = {name: max((m.end() for m in re.finditer(p, text)), default=-1) for name, p in patterns.items()}
    found = max(ends, key=lambda name: ends[name], default=None)
    return found if found is not None and ends[found] >= 0 else None


def printings(document: Document, locations: list[Location], patterns: dict[str, str]) -> list[Printing]:
    """Each located cross-tab with the context named by the text between the previous table and it."""
    by_table = {id(location.table): location for location in locations}
    found: list[Printing] = []
    previous: Table | None = None
    for item in reading_order(document):
        if item.table is None:
            continue
        if (location := by_table.get(id(item.table))) is not None:
            said = text_between(document, table_end(previous) if previous else None, table_start(item.table))
            if (context := context_of(said, patterns)) is not None:
                found.append(Printing(location, context))
        previous = item.table
    return found


def checked_printings(check: GroupCounts, document: Document, locations: list[Location]) -> list[Printing]:
    """The printings a check compares: each with its context, or the best one when it names no contexts."""
    if check.context:
        return printings(document, locations, check.context)
    chosen = best(locations)
    return [Printing(chosen, "")] if chosen is not None else []


def group_of(text: str, pattern: str | None) -> str:
    """A group as its cross-tab row names it: the id the pattern finds (`1. 市民の利便性…` -> `1`; "" when
    it finds none), or the label however spaced or wide."""
    if pattern is None:
        return squash(text)
    found = re.search(pattern, unicodedata.normalize("NFKC", text))
    return found.group(1) if found else ""


def count_and_share(cell: Cell, rounding: Rounding = "round") -> tuple[Figure, Figure] | None:
    """`16件（84%）`: the count and the share in brackets after it (the quantity's aside), each a printed figure."""
    parsed = nz.quantity(cell.text).value
    if parsed is None or len(parsed.parts) != 2:
        return None
    count, share = parsed.parts[0].quantity, parsed.parts[1].quantity
    if count.value is None or parsed.parts[1].label != "()" or share.value is None or share.unit != "%":
        return None
    return (
        Figure(count.value, number_text(count.value), where(cell), "exact", "count"),
        Figure(share.value, number_text(share.value), where(cell), rounding, "share"),
    )


def percent(cell: Cell, rounding: Rounding = "round") -> Figure | None:
    """A share printed alone (`84%`), with its digits as printed."""
    q = nz.quantity(cell.text, unit_hint="%").value
    if q is None or q.value is None or q.unit != "%":
        return None
    digits = re.sub(r"[^0-9.]", "", unicodedata.normalize("NFKC", cell.text))
    return Figure(q.value, digits, where(cell), rounding, "share")


def count_figure(cell: Cell) -> Figure:
    """A count cell's count: the cell's text when it prints the count alone, the count's digits when a share follows."""
    both = count_and_share(cell)
    if both is not None:
        return both[0]
    parsed = nz.quantity(cell.text).value
    return Figure(parsed.value if parsed is not None else None, cell.text, where(cell), "exact", cell.text)


def group_count_cases(
    check: GroupCounts, rules: dict[str, FigureRule], printing: Printing | None, population: Grouped | None
) -> list[Case]:
    """The count, share, row-total and column-sum cases of one printed cross-tab."""
    if printing is None:
        return []
    location, context = printing.location, printing.context
    names = {c.role: c.words[0] for c in location.spec.columns}
    table = location.spec.name
    roles = list(check.columns) + list(check.combined)
    # A row's total column is read with its counts, though it counts no category of its own.
    total_role = [check.row_total.column] if check.row_total and check.row_total.column not in roles else []
    rows = group_rows(check, location)
    population = population or Grouped(unread=UNREAD_POPULATION)
    # A group is named as the cross-tab prints its row label, however spaced or wide.
    groups = {group_of(k, None): v for k, v in population.groups.items()}
    unread_groups = {group_of(k, None): v for k, v in population.unread_groups.items()}

    def counted(number: int, label: str) -> Figure:
        return Figure(float(number), None, population.header, "exact", f"{label} in {population.name}".strip())

    cases: list[Case] = []
    for row in rows:
        group = group_of(row.label, check.group_pattern)
        if not group or (not check.count_total_rows and row.kind == "total"):
            continue
        members = groups.get(squash(group), [])
        categorised = [m for m in members if m.category is not None]
        missing = population.unread or unread_groups.get(squash(group))
        for role, cell in row.counts.items():
            if role in total_role:
                continue
            if cell.blank and not check.blank_is_zero:
                continue  # nothing printed, nothing to check
            category = check.columns.get(role)
            words = " or ".join(check.combined[role]) if role in check.combined else (category or "")
            fields = {"table": table, "context": context, "group": group, "label": row.label}
            fields |= {"column": names[role], "role": role, "categories": words}
            scope, key = check.scope.format(**fields), check.key.format(**fields)
            if role in check.combined:
                stated = percent(cell, check.share_rounding)
                inside = [m for m in categorised if m.category in check.combined[role]]
                if stated is not None and check.share_rule is not None:
                    shares = (counted(len(inside), words), counted(len(categorised), "categorised"))
                    cases.append(FigureCase(rules[check.share_rule], scope, stated, shares, key, unread=missing))
                continue
            same = tuple(m.figure for m in members if category is None or m.category == category)
            cases.append(FigureCase(rules[check.rule], scope, _count(check, cell), same, key, unread=missing))
            both = count_and_share(cell, check.share_rounding)
            if both is not None and check.share_rule is not None:
                shares = (counted(len(same), words), counted(len(categorised), "categorised"))
                cases.append(FigureCase(rules[check.share_rule], scope, both[1], shares, key, unread=missing))
        total = check.row_total
        parts = [c for r, c in row.counts.items() if check.columns.get(r) is not None]
        if total is not None and total.column in row.counts and parts:
            fields = {"group": group, "label": row.label, "column": names[total.column]}
            scope = total.scope.format(table=table, **fields)
            stated = _count(check, row.counts[total.column])
            inputs = tuple(_count(check, c) for c in parts)
            cases.append(FigureCase(rules[total.rule], scope, stated, inputs, total.key.format(**fields)))
    cases += _column_sums(check, rules, rows, names, table)
    return cases


def _column_sums(
    check: GroupCounts, rules: dict[str, FigureRule], rows: list[CrossTabRow], names: dict[str, str], table: str
) -> list[Case]:
    """The total row against the rows that part the whole, count column by count column."""
    if check.column_sum is None:
        return []
    total = next((r for r in rows if r.kind == "total"), None)
    parts = [r for r in rows if r.kind == "part"]
    if total is None or not parts:
        return []
    cases: list[Case] = []
    for role, cell in total.counts.items():
        if role not in check.columns:
            continue
        scope = check.column_sum.scope.format(table=table, parts=len(parts), column=names[role])
        inputs = tuple(_count(check, p.counts[role]) for p in parts if role in p.counts)
        cases.append(FigureCase(rules[check.column_sum.rule], scope, _count(check, cell), inputs, names[role]))
    return cases


def _count(check: GroupCounts, cell: Cell) -> Figure:
    """A count cell's count; a blank one counts none when the check says the sheet reads it so (a formula saved
    without its value is not blank: its count is unknown)."""
    if check.blank_is_zero and cell.blank:
        return Figure(0.0, "", where(cell), "exact", "blank")
    return count_figure(cell)


def listed_members(check: GroupCounts, printing: Printing, lists: list[Location], unread: str | None) -> Grouped:
    """The population of a check declaring its `members`: every record of the declared list, in the category
    its cell prints (a blank one: none), grouped by its group cell, or each in the group of every row the
    printed cross-tab counts."""
    declared = check.members
    assert declared is not None
    members: list[tuple[str | None, Member]] = []
    for location in lists:
        for row in location.rows:
            key, category = row.cell(location.spec.key), row.cell(declared.category)
            if key is None or category is None:
                continue
            figure = Figure(None, plain(key.text), where(category), "exact", plain(category.text))
            group = row.cell(declared.group) if declared.group is not None else None
            in_group = group_of(group.text, check.group_pattern) if group is not None else None
            members.append((in_group, Member(squash(category.text) or None, figure)))
    groups: dict[str, list[Member]] = {}
    for cross_tab_row in group_rows(check, printing.location):
        group = group_of(cross_tab_row.label, check.group_pattern)
        groups[group] = [m for g, m in members if g is None or g == group]
    name = lists[0].spec.label_words() if lists else ""
    return Grouped(groups, unread=unread, name=name)
