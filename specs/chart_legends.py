"""Shares a chart's legend prints (`Ａ評価 88%`), each against the population's categorised members: a
`chart_legend` check.

A legend follows the cross-tab it summarises: it belongs to the context of the `group_counts` printing
read last before it (the grade the text before that cross-tab names). It is printed as a table (the
declared `table`: its first row, a share per category column) or as text lines, each matching `line`
(squashed: group 1 the category, group 2 the share); a legend of lines is complete when it names every
category of the cross-tab. Each share is recomputed as the share of that category among the categorised
members of (population, context), by a `percent_of_count` rule, rounded as the cross-tab's shares are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hyoka.audit.rules import Figure, FigureCase, FigureRule
from hyoka.extractors.model import Document
from hyoka.specs.group_counts import UNREAD_POPULATION, Grouped, percent, printings
from hyoka.specs.locate import Location
from hyoka.specs.output import Case
from hyoka.specs.schema import ChartLegend, GroupCounts
from hyoka.specs.stated_counts import share_of_categorised
from hyoka.specs.tables import reading_order, squash, where


@dataclass
class Legend:
    context: str
    shares: dict[str, Figure]  # category -> the share printed beside it


def legends(
    check: ChartLegend, summaries: GroupCounts, document: Document, located: dict[str, list[Location]]
) -> list[Legend]:
    """Each legend printed after a printing of the cross-tab, as a table or as lines."""
    categories, rounding = summaries.categories, summaries.share_rounding
    contexts = {
        id(p.location.table): p.context for p in printings(document, located[summaries.table], summaries.context)
    }
    cross_tabs = {id(loc.table) for loc in located[summaries.table]}
    tables = located[check.table] if check.table is not None else []
    legend_tables = {id(loc.table): loc for loc in tables if id(loc.table) not in cross_tabs}
    line_pattern = re.compile(check.line) if check.line is not None else None
    read: list[Legend] = []
    context: str | None = None
    lines: dict[str, Figure] = {}
    for item in reading_order(document):
        if item.block is not None and line_pattern is not None and context is not None:
            line = line_pattern.match(squash(item.block.text))
            if line is not None:
                lines[line.group(1)] = Figure(float(line.group(2)), line.group(2), where(item.block), rounding, "share")
                if len(lines) == len(categories):
                    read.append(Legend(context, lines))
                    lines = {}
        elif item.table is not None and id(item.table) in contexts:
            context = contexts[id(item.table)]
        elif item.table is not None and (legend := legend_tables.get(id(item.table))) and context and legend.rows:
            row = legend.rows[0]
            shares = {k: f for k in categories if (c := row.cell(k)) is not None and (f := percent(c, rounding))}
            read.append(Legend(context, shares))
    return read


def chart_legend_cases(
    check: ChartLegend, rule: FigureRule, read: list[Legend], members: dict[tuple[str, str], Grouped]
) -> list[Case]:
    """Each legend's shares against the categorised members of the population in its context."""
    cases: list[Case] = []
    for n, legend in enumerate(read, start=1):
        population = members.get((check.population, legend.context)) or Grouped(unread=UNREAD_POPULATION)
        for category, stated in legend.shares.items():
            fields = {"context": legend.context, "n": n, "category": category}
            inputs = share_of_categorised(population, [category])
            scope, key = check.scope.format(**fields), check.key.format(**fields)
            cases.append(FigureCase(rule, scope, stated, inputs, key, unread=population.unread))
    return cases
