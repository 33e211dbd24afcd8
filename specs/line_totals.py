"""Printed totals among the lines of an amount table, each recomputed from the lines it totals.

A table prints one line per item: its label, and its figures by column (years across; turned, years
down and items across, a line is a column and its figures are keyed by row: the engine sees only lines
and the columns they print in). `LineTotals` declares which lines are totals, costs and sources of
funding, and the rules checking them:

- a total line (its name matching `total_words`: ending 合計, 小計, 事業費計; or an item of `total_items`)
  is the sum of the lines above it, back to the previous total or the table's top, within its printed group;
- a cost line (`cost_items`) followed by sources of funding (`funding_items`) is their sum; a total among
  the sources (財源計) stands for the sources it totals; one source alone is a selection, not a
  breakdown; a source printed as a difference (`difference_words`: (差引) 一般財源) is the cost less the
  other sources; a group's cost printed after another group's (A事業 計, B事業 計) shares the sources
  below with it, no breakdown of it alone;
- a line whose label writes a formula of other lines' letters (受益者負担率 B÷A, 差引 A−B) is that formula,
  a quotient as a percentage at the rounding it is printed to;
- a total column beside the periods (`total_columns`: 合計) is the sum of the line's figures over them.

Lines of a selection (`partial_group`: 主な内訳; （内訳） under 物件費, the breakdown of the line above) and
parts of the line above (`part`: うち…) are never a total's parts, nor lines of `unsummed_items` (a rate); a
group naming sources of funding (財源内訳) is no selection: its lines are the cost's sources. A group inside
a total's group (（内訳） inside コスト) is within it. A figure keeps its printed rounding (千円未満四捨五入:
±0.5 in printed units). A reading gives the lines (`table_lines` reads a plain table); `line_total_cases`
and `total_column_cases` give the cases, each keyed by its line's name, unique in its table (`line_names`:
its group qualifies a name printed again, 財源-計). A series spec declares the same as a `line_totals` check
(`LineTotalsCheck`: the declaration and the located table it reads, `located_line_total_cases`); the generic
reader declares its vocabulary as a `LineTotals` and reads its own lines.

    LineTotals(rule=generic_total, funding_rule=generic_funding, formula_rule=generic_formula,
               ratio_rule=generic_ratio, total_items=[total], cost_items=[project_cost, total],
               funding_items=[national_prefectural_funds, general_revenue, …], unsummed_items=[user_charge_rate])
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator

from hyoka.audit.interval import Rounding
from hyoka.audit.rules import Figure, FigureCase, FigureRule
from hyoka.extractors.model import Cell, Table
from hyoka.specs.locate import Location
from hyoka.specs.output import duplicate_free
from hyoka.specs.tables import TOTAL_ENDING, number_in, plain, squash, where

_DIVISION = re.compile(r"([A-Z])[÷/]([A-Z])")
_DIFFERENCE = re.compile(r"([A-Z])[-−ー－]([A-Z])")
# The letter a label gives its line (事業費 A, 合計（A）), not one of a formula (B÷A).
_LETTER = re.compile(r"[(（]([A-Z])[)）]$|(?<=[^A-Za-z])([A-Z])$")
_FORMULA = re.compile(r"[÷/×+＋−－]|[A-Z]-[A-Z]")
# A group whose lines are never a total's parts: a selection (主な内訳; printed down a column, 主な内 / 訳) or
# the breakdown of the line above it (（内訳） under 物件費: 合計 adds 物件費, not its breakdown as well).
# 財源内訳 is no such group: it breaks the cost down by its sources of funding, which add up to it.
SELECTION = r"主な|(?<!財源)(?<!財源の)内訳|^訳$"
_BRACKET = re.compile(r"[()（）]")


class LineTotals(BaseModel):
    """Which lines are totals, costs and sources of funding (by item or by name), and the figure rules."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rule: str  # a `sum` rule: a total line, a total column
    # Each of the others unnamed: that relation is not checked.
    funding_rule: str | None = None  # a `sum` rule: a cost against its sources of funding
    formula_rule: str | None = None  # a `sum` rule: A−B written in a label
    ratio_rule: str | None = None  # a `ratio_percent` rule: B÷A written in a label
    total_words: str = TOTAL_ENDING
    total_items: frozenset[str] = frozenset()
    # Lines the sources of funding below them add up to.
    cost_items: frozenset[str] = frozenset()
    funding_items: frozenset[str] = frozenset()
    difference_words: tuple[str, ...] = ("差引",)
    unsummed_items: frozenset[str] = frozenset()
    total_columns: frozenset[str] = frozenset({"合計", "計", "総計"})
    # A line naming a part of the line above (うち…); a group naming a selection of lines (`SELECTION`).
    part_words: tuple[str, ...] = ("うち",)
    selection_words: str = SELECTION

    @field_validator("total_words", "selection_words")
    @classmethod
    def _compiles(cls, pattern: str, info: ValidationInfo) -> str:
        try:
            re.compile(pattern)
        except re.error as error:
            raise ValueError(f"its {info.field_name} `{pattern}` are no regular expression ({error})") from None
        return pattern

    def is_total(self, line: Line[Any]) -> bool:
        return line.item in self.total_items or re.search(self.total_words, line.key) is not None

    def is_part(self, key: str) -> bool:
        return key.startswith(self.part_words)

    def is_selection(self, group: str) -> bool:
        """Whether a group label (one of a line's outer labels) names its lines a selection."""
        # Brackets left out: a label printed down a column comes out of the page as （内）訳.
        return re.search(self.selection_words, _BRACKET.sub("", squash(group))) is not None


class LineTotalsCheck(LineTotals):
    """A `line_totals` check of a series spec: the lines of a declared table, years across, checked so. A line
    is a data row, named by the table's key column, its group by the group row it falls under and the cells of
    `groups` (outer label columns: 財源, 主な内訳); its item the first of `items` (word -> item) its name
    holds; its figures the year columns' (in printed units, at `rounding`); `total_column` the role of a
    total printed beside the years (合計)."""

    check: Literal["line_totals"]
    table: str
    groups: list[str] = []
    items: dict[str, str] = {}
    total_column: str | None = None
    rounding: Rounding = "round"


class Printed(Protocol):
    """A figure as a line prints it: its cell, and its value in the table's printed unit."""

    @property
    def cell(self) -> Cell: ...

    @property
    def printed(self) -> float | None: ...


@dataclass(frozen=True)
class PrintedFigure:
    cell: Cell
    printed: float | None


F = TypeVar("F", bound=Printed)


@dataclass
class Line(Generic[F]):
    """A line of amounts: its label, what names it (`key`: the label without its letter), its item, the group
    its outer labels print, the letter formulas name it by, and its figures by column."""

    label: str
    key: str
    item: str
    group: str = ""
    letter: str | None = None
    part: bool = False  # うち…: a part of the line above
    partial_group: bool = False  # 主な内訳: a selection of lines
    figures: dict[int, F] = field(default_factory=dict)


def formula_letter(text: str) -> str | None:
    """The letter a label gives its figure for use in formulas: 事業費 A -> A, 合計（A） -> A."""
    squashed = squash(text)
    found = None if _FORMULA.search(squashed) else _LETTER.search(squashed)
    return (found.group(1) or found.group(2)) if found else None


def table_lines(
    declared: LineTotals,
    table: Table,
    label_cols: Sequence[int],
    columns: Sequence[int],
    items: Mapping[str, str],
    *,
    turned: bool = False,
    first: int | None = None,
) -> list[Line[PrintedFigure]]:
    """The lines of a plain table below its header: a row each, labelled by `label_cols` (the last names the
    line, the outer ones its group), its figures in `columns`, its item the first of `items` (word -> item) its
    name holds. `turned`: a column each from `first`, labelled by the rows `label_cols`, its figures in the rows
    `columns`."""
    at: dict[tuple[int, int], Cell] = {}
    for c in table.cells:  # a merged cell (a group's label) labels every line it spans
        for row in range(c.row, c.row + c.row_span):
            for col in range(c.col, c.col + c.col_span):
                at[(col, row) if turned else (row, col)] = c
    lines: list[Line[PrintedFigure]] = []
    start = first if first is not None else 0 if turned else table.header_rows
    for index in range(start, table.n_cols if turned else table.n_rows):
        labels = [c.text for col in label_cols if (c := at.get((index, col))) is not None and c.text]
        if not labels:
            continue
        line = _labelled_line(declared, labels, items)
        for col in columns:
            if (cell := at.get((index, col))) is not None and cell.text:
                line.figures[col] = PrintedFigure(cell, number_in(cell.text))
        lines.append(line)
    return lines


def _labelled_line(declared: LineTotals, labels: Sequence[str], items: Mapping[str, str]) -> Line[PrintedFigure]:
    """A line without figures, named by the last of `labels`, its group the outer ones."""
    letter = formula_letter(labels[-1])
    key = _LETTER.sub("", squash(labels[-1])) if letter else squash(labels[-1])
    group = " ".join(labels[:-1])
    return Line[PrintedFigure](
        labels[-1],
        key,
        next((item for word, item in items.items() if word in key), ""),
        group,
        letter,
        part=declared.is_part(key),
        partial_group=any(declared.is_selection(g) for g in labels[:-1]),
    )


def located_line_total_cases(
    check: LineTotalsCheck, rules: Mapping[str, FigureRule], locations: Sequence[Location]
) -> Iterator[FigureCase]:
    """Per printing of the check's table, every recomputable total among its lines, per year column, and each
    line's total column. A figure is keyed by its year (by its column where a printing repeats a year)."""
    for index, location in enumerate(locations, start=1):
        years = [y.year for y in location.years]
        by_year = len(set(years)) == len(years)
        columns = [y.year if by_year else y.col for y in location.years]
        scope = location.spec.name if len(locations) == 1 else f"{location.spec.name} ({index})"
        lines: list[Line[PrintedFigure]] = []
        totals: list[PrintedFigure | None] = []
        for row in location.rows:
            name = row.cell(location.spec.key)
            if name is None or not plain(name.text):
                continue
            outer = [row.group] + [row.cell(role) for role in check.groups]
            labels = [plain(c.text) for c in outer if c is not None and plain(c.text)]
            line = _labelled_line(check, [*labels, plain(name.text)], check.items)
            for year, cell in row.year_cells():
                if cell.text:
                    line.figures[year.year if by_year else year.col] = PrintedFigure(cell, number_in(cell.text))
            total = row.cell(check.total_column) if check.total_column is not None else None
            lines.append(line)
            totals.append(PrintedFigure(total, number_in(total.text)) if total is not None and total.text else None)
        yield from line_total_cases(check, rules, lines, columns, check.rounding, scope, str(index))
        yield from total_column_cases(check, rules, lines, totals, columns, check.rounding, scope, str(index))


def line_total_cases(
    declared: LineTotals,
    rules: Mapping[str, FigureRule],
    lines: Sequence[Line[F]],
    columns: Sequence[int],
    rounding: Rounding,
    scope: str,
    key: str,
) -> Iterator[FigureCase]:
    """Every recomputable total among `lines`, per column of `columns` printing it."""
    names = line_names(lines)
    previous = 0
    for index, line in enumerate(lines):
        if declared.is_total(line) and not line.part:
            # The lines it totals: those above it back to the previous total, within its printed group
            # (a group inside it, （内訳） within コスト, is within it).
            first = index
            while first > previous and _within(lines[first - 1].group, line.group):
                first -= 1
            parts = [(p, False) for p in lines[first:index] if _summand(declared, p)]
            if len(parts) >= 2:
                name = f"{key}:{names[id(line)]}"
                yield from _cases(rules[declared.rule], line, parts, (), columns, rounding, scope, name)
            previous = index + 1
    if declared.funding_rule is not None:
        funding = rules[declared.funding_rule]
        yield from _funding_cases(declared, funding, lines, names, columns, rounding, scope, key)
    yield from _formula_cases(declared, rules, lines, names, columns, rounding, scope, key)


def total_column_cases(
    declared: LineTotals,
    rules: Mapping[str, FigureRule],
    lines: Sequence[Line[F]],
    totals: Sequence[Printed | None],
    columns: Sequence[int],
    rounding: Rounding,
    scope: str,
    key: str,
) -> Iterator[FigureCase]:
    """A total column beside the periods: each line's total (of `totals`, None where it prints none) over its
    figures in `columns`."""
    names = line_names(lines)
    for line, total in zip(lines, totals, strict=True):
        inputs = tuple(_figure(line.figures[c], rounding, line.label) for c in columns if c in line.figures)
        if len(inputs) >= 2 and total is not None and total.printed is not None:
            stated = _figure(total, rounding, line.label)
            name = f"{key}:{names[id(line)]}:sum"
            yield FigureCase(rules[declared.rule], f"{scope}: {line.label} 合計", stated, inputs, name)


def line_names(lines: Sequence[Line[Any]]) -> dict[int, str]:
    """Each line's name in case keys (by `id`), unique in its table: its key, qualified by its group where
    another line prints the same key (計 under A事業 and under 財源: A事業-計, 財源-計), and beyond that
    `duplicate_free` (委託料, 委託料#2)."""
    repeated = {name for name, n in Counter(line.key for line in lines).items() if n > 1}
    taken: set[str] = set()
    return {
        id(line): duplicate_free(
            f"{squash(line.group)}-{line.key}" if line.key in repeated and line.group else line.key, taken
        )
        for line in lines
    }


def _within(group: str, outer: str) -> bool:
    """Whether a line's group is `outer` or a group printed inside it (its outer labels, then its own)."""
    return group == outer or (outer != "" and group.startswith(f"{outer} "))


def _summand(declared: LineTotals, line: Line[F]) -> bool:
    return not line.part and not line.partial_group and line.item not in declared.unsummed_items


def _funding_cases(
    declared: LineTotals,
    rule: FigureRule,
    lines: Sequence[Line[F]],
    names: Mapping[int, str],
    columns: Sequence[int],
    rounding: Rounding,
    scope: str,
    key: str,
) -> Iterator[FigureCase]:
    for index, line in enumerate(lines):
        if line.item not in declared.cost_items or line.part or _one_of_several_costs(declared, lines[:index], line):
            continue
        sources: list[Line[F]] = []
        since_total = 0  # sources after the last funding total (財源計 replaces the lines it totals)
        for later in lines[index + 1 :]:
            if later.part or later.partial_group:
                continue
            if declared.is_total(later) and since_total:
                sources[len(sources) - since_total :] = [later]
                since_total = 0
            elif later.item in declared.cost_items:
                break
            elif later.item in declared.funding_items:
                sources.append(later)
                since_total += 1
        # One printed source alone may be a selection (事業費 | 一般財源): not a breakdown of the cost.
        if len(sources) < 2 and not any(declared.is_total(s) for s in sources):
            continue
        difference = next((s for s in sources if any(w in squash(s.label) for w in declared.difference_words)), None)
        if difference is None:
            terms = [(source, False) for source in sources]
            yield from _cases(rule, line, terms, (), columns, rounding, scope, f"{key}:{names[id(line)]}:funding")
        else:
            # (差引) 一般財源 is the cost less the other sources it prints.
            terms = [(line, False)] + [(s, True) for s in sources if s is not difference]
            yield from _cases(
                rule, difference, terms, (line,), columns, rounding, scope, f"{key}:{names[id(difference)]}"
            )


def _one_of_several_costs(declared: LineTotals, above: Sequence[Line[F]], line: Line[F]) -> bool:
    """A group's cost (B事業's 計) printed after another group's (A事業's 計) with no source of funding between
    them: the sources below fund those costs together, no breakdown of this one alone."""
    for earlier in reversed(above if line.group else ()):
        if earlier.item in declared.funding_items:
            return False
        if earlier.item in declared.cost_items and not earlier.part and earlier.group != line.group:
            return True
    return False


def _formula_cases(
    declared: LineTotals,
    rules: Mapping[str, FigureRule],
    lines: Sequence[Line[F]],
    names: Mapping[int, str],
    columns: Sequence[int],
    rounding: Rounding,
    scope: str,
    key: str,
) -> Iterator[FigureCase]:
    lettered: dict[str, Line[F]] = {}
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
        rule_id = declared.ratio_rule if division else declared.formula_rule
        if rule_id is None:
            continue
        rule = rules[rule_id]
        terms = [(first, False), (second, not division)]
        # A rate is printed to its own decimals; its rounding is as printed.
        yield from _cases(
            rule, line, terms, (first, second), columns, rounding, scope, f"{key}:{names[id(line)]}", "round"
        )


def _figure(amount: Printed, rounding: Rounding, label: str, negate: bool = False) -> Figure:
    value, text = amount.printed, amount.cell.text
    if negate and value is not None:
        value, text = -value, f"-{text}"
    return Figure(value, text, where(amount.cell), rounding, label)


def _cases(
    rule: FigureRule,
    stated: Line[F],
    terms: Sequence[tuple[Line[F], bool]],
    required: Sequence[Line[F]],
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
