"""Counts and shares stated in sentences, each in the context its sentence names before it: a
`stated_in_text` check with `context` patterns (`全58システムのうち A：50件、B：8件`, `合わせると57件`,
`全体の98%`, after 令和3年度 or 総括).

A sentence (text up to 。) is searched for the check's pattern; with `each`, every match of it inside the
pattern's match is one stated figure. The figure's context is the one whose pattern the sentence names last
before the match. It is recomputed over the members the hook gives for (population, context): those in the
counted categories (a `count` rule), or their share of the categorised members (a `percent_of_count` rule);
with `cross_tab`, a count is the sum of the counts a group_counts cross-tab prints for that context, when one
is printed. A population not read makes the figure `not_computable` with the reason.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from hyoka.audit.rules import Figure, FigureCase, FigureRule
from hyoka.extractors.model import Cell, Document, TextBlock
from hyoka.specs.group_counts import (
    UNREAD_POPULATION,
    Grouped,
    Printing,
    checked_printings,
    count_figure,
    cross_tab_rows,
)
from hyoka.specs.locate import Location
from hyoka.specs.output import Case
from hyoka.specs.schema import CheckDecl, GroupCounts, StatedInText
from hyoka.specs.tables import squash, where


def passages(document: Document, cells: bool) -> Iterator[Cell | TextBlock]:
    """The document's text blocks, then (with `cells`) the table cells printing a sentence."""
    yield from document.text_blocks()
    if cells:
        yield from (c for t in document.tables() for c in t.cells if not c.is_header and "。" in c.text)


def statements(check: StatedInText, text: str) -> Iterator[tuple[str, re.Match[str]]]:
    """(context, the match of the stated figure) per figure the text states in a known context."""
    for sentence in squash(text).split("。"):
        for found in re.finditer(check.pattern, sentence):
            context = _context(sentence[: found.start()] or sentence, check.context)
            if context is None:
                continue
            if check.each is None:
                yield context, found
            else:
                yield from ((context, m) for m in re.finditer(check.each, found.group()))


def _context(text: str, patterns: dict[str, str]) -> str | None:
    ends = {name: max((m.end() for m in re.finditer(p, text)), default=-1) for name, p in patterns.items()}
    found = max(ends, key=lambda name: ends[name], default=None)
    return found if found is not None and ends[found] >= 0 else None


def stated_count_cases(
    check: StatedInText,
    rules: dict[str, FigureRule],
    document: Document,
    members: dict[tuple[str, str], Grouped],
    checks: dict[str, CheckDecl],
    located: dict[str, list[Location]],
) -> list[Case]:
    """The check's cases over the members the hook gave (`Reading.members`), or a cross-tab's printed counts."""
    rule = rules[check.rule]
    cross_tab = checks[check.cross_tab.check] if check.cross_tab is not None else None
    assert cross_tab is None or isinstance(cross_tab, GroupCounts)
    tabs = checked_printings(cross_tab, document, located[cross_tab.table]) if cross_tab is not None else []
    cases: list[Case] = []
    seen: Counter[tuple[str, str]] = Counter()
    for source in passages(document, check.cells):
        for context, found in statements(check, source.text):
            categories = [found.group(check.category)] if check.category is not None else check.categories
            category = "".join(categories)
            seen[(context, category)] += 1
            fields = {"context": context, "category": category, "n": seen[(context, category)]}
            printed = found.group(check.group)
            rounding = "exact" if rule.aggregate == "count" else "round"
            stated = Figure(float(printed), printed, where(source), rounding, "stated in the text")
            population = members.get((check.population, context))
            population = population or Grouped(unread=UNREAD_POPULATION)
            counted = [m for g in population.groups.values() for m in g if not categories or m.category in categories]
            said = (found.group(), *found.groups())  # `{0}`: what the sentence says, `{1}`…: its groups
            scope, key = (
                check.scope.format(*said, **fields),
                (check.key or "{context}:{category}:{n}").format(*said, **fields),
            )
            summed = _cross_tab_counts(cross_tab, tabs, context, categories)
            if summed:
                assert check.cross_tab is not None
                cases.append(FigureCase(rules[check.cross_tab.rule], scope, stated, tuple(summed), key))
            elif rule.aggregate == "percent_of_count":
                inputs = share_of_categorised(population, categories)
                cases.append(FigureCase(rule, scope, stated, inputs, key, unread=population.unread))
            else:
                inputs = tuple(m.figure for m in counted)
                cases.append(FigureCase(rule, scope, stated, inputs, key, unread=population.unread))
    return cases


def share_of_categorised(population: Grouped, categories: list[str]) -> tuple[Figure, Figure]:
    """The inputs of a share of a population's categorised (graded) members: those in the categories, and all."""
    members = [m for group in population.groups.values() for m in group if m.category is not None]
    counted = sum(1 for m in members if m.category in categories)
    return (
        Figure(float(counted), None, population.header, "exact", f"{' or '.join(categories)} in {population.name}"),
        Figure(float(len(members)), None, population.header, "exact", f"graded in {population.name}"),
    )


def _cross_tab_counts(
    cross_tab: GroupCounts | None, printed: list[Printing], context: str, categories: list[str]
) -> list[Figure]:
    """The counts the cross-tab printed for the context prints in the categories (none: not printed)."""
    if cross_tab is None:
        return []
    roles = [role for role, category in cross_tab.columns.items() if category in categories]
    figures = []
    for printing in printed:
        if printing.context == context:
            for row in cross_tab_rows(printing.location, cross_tab.label, roles):
                figures += [count_figure(row.counts[role]) for role in roles if role in row.counts]
    return figures
