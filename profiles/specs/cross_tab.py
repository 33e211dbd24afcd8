"""Group counts: a printed cross-tab (rows: groups, columns: categories) recomputed from a population's
members, counted per group and category (表３－x: the systems of each ビジョン with each grade in 表４－１).

A count cell prints `16件（84%）`: the members of the group in the category, and their share of the group's
categorised members; a combined column (ＡまたはＢ評価の割合) prints the share of several categories. Which
population a printing counts (the report year's grades or 総括's) is said by the text just before it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import normalizers as nz
from audit.interval import Rounding
from audit.rules import Figure, FigureCase, FigureRule, Where
from extractors.model import Cell, Document, Table
from profiles.locate import Location
from profiles.specs.schema import GroupCount
from profiles.tables import number_text, plain, reading_order, table_end, table_start, text_between, where


@dataclass(frozen=True)
class Member:
    """One member of a counted population: its group (None: not read) and category (None: not categorised)."""

    key: str
    group: str | None
    category: str | None
    cell: Cell | None  # where its category is printed


@dataclass
class Members:
    """A population as counted for one context: its members, where it prints the category (a column
    header), its name in words (表４－１), or why it was not read."""

    members: list[Member]
    header: Where
    name: str
    unread: str | None = None


@dataclass(frozen=True)
class Printing:
    """One printing of a cross-tab and the context the text before it names."""

    location: Location
    context: str


def context_of(text: str, patterns: dict[str, str]) -> str | None:
    """The context whose pattern matches last in the text (NFKC): a passage may name several."""
    text = unicodedata.normalize("NFKC", text)
    ends = {name: max((m.end() for m in re.finditer(p, text)), default=-1) for name, p in patterns.items()}
    best = max(ends, key=lambda name: ends[name], default=None)
    return best if best is not None and ends[best] >= 0 else None


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


def group_of(text: str, pattern: str) -> str | None:
    """A group's id in its printed name (`1. 市民の利便性…` -> `1`)."""
    found = re.search(pattern, unicodedata.normalize("NFKC", text))
    return found.group(1) if found else None


def cross_tab_cases(
    check: GroupCount, count_rule: FigureRule, share_rule: FigureRule, printing: Printing, population: Members
) -> list[FigureCase]:
    """Per group row and category: the printed count against the members so categorised, and the printed
    share against that count over the group's categorised members; per combined column, its share."""
    cases: list[FigureCase] = []
    context, name = printing.context, population.name

    def counted(number: int, label: str) -> Figure:
        return Figure(float(number), None, population.header, "exact", f"{label} in {name}")

    for row in printing.location.rows:
        label = row.cell(check.group)
        if label is None:
            continue
        group = group_of(label.text, check.group_pattern)
        categorised = [m for m in population.members if m.group == group and m.category is not None]
        title = plain(label.text)
        for category in check.categories:
            cell = row.cell(category)
            printed = count_and_share(cell, check.share_rounding) if cell is not None else None
            if printed is None:
                continue
            count, share = printed
            same = [m for m in categorised if m.category == category]
            scope = f"{context} {check.group} {group} {category}: {title}"
            key = f"{context}:{group}:{category}"
            members = tuple(Figure(None, m.cell.text if m.cell else None, _where(m), label=m.key) for m in same)
            cases.append(FigureCase(count_rule, scope, count, members, key, unread=population.unread))
            shares = (counted(len(same), category), counted(len(categorised), "graded"))
            cases.append(FigureCase(share_rule, scope, share, shares, key, unread=population.unread))
        for role, categories in check.combined.items():
            cell = row.cell(role)
            stated = percent(cell, check.share_rounding) if cell is not None else None
            if stated is None:
                continue
            words = " or ".join(categories)
            inside = [m for m in categorised if m.category in categories]
            scope = f"{context} {check.group} {group} {words}: {title}"
            shares = (counted(len(inside), words), counted(len(categorised), "graded"))
            cases.append(
                FigureCase(share_rule, scope, stated, shares, f"{context}:{group}:{role}", unread=population.unread)
            )
    return cases


def _where(member: Member) -> Where:
    return where(member.cell) if member.cell is not None else Where()
