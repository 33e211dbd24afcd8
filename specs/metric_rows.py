"""Figures per year and metric (予定 | 実績), printed in one of the two shapes a plan prints them in.

- In columns: a year column headed by a metric word as well (R5 over 予定 | 実績) holds that metric's figure;
  one headed by a marker word instead (実施年度 over R5) holds a mark (○, ⇒), not a figure. `column_metrics`
  reads which is which from the header rows; `row_figures` a data row's figures and marks.
- In rows: each record spans rows labelled by a metric in a column of their own (予定 over 実績), the
  record's other cells spanning them. `metric_records` reads the records, each keyed by the cell of its key
  role, with its figures per year and metric (a table printing no label column or no year column: none).

A table declares the labels of its metric rows (`metric_rows: {予定: target, 実績: actual}`) or the word
its marker columns stand under (`marker_word: 実施年度`); the metric of a column header is read by the
header vocabulary (`hyoka.normalizers.header`). A record's text may judge its progress (計画通り / 遅れ, by a
grade rule's wordings) and state a total (合計4基): `progress_case` and `stated_total_case` check them
against the record's latest figures.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from hyoka import normalizers as nz
from hyoka.audit.rules import Figure, FigureCase, FigureRule, GradeCase
from hyoka.extractors.model import Cell, Table
from hyoka.specs.judgements import judged_grade
from hyoka.specs.locate import Location, Row, YearColumn
from hyoka.specs.schema import GradeRuleDecl, IndicatorUnits
from hyoka.specs.tables import plain, squash, where
from hyoka.specs.units import unit_of_indicator

METRICS = ("target", "actual")


@dataclass
class YearFigures:
    """A record's figures as (year, metric, cell), target before actual within a year, its marks as (year,
    cell), and each year as its column's header prints it."""

    values: list[tuple[int, str, Cell]] = field(default_factory=list)
    markers: list[tuple[int, Cell]] = field(default_factory=list)
    printed_years: dict[int, str] = field(default_factory=dict)

    def add(self, year: YearColumn, metric: str, cell: Cell) -> None:
        self.values.append((year.year, metric, cell))
        self.printed_years[year.year] = plain(year.header.text)

    def by_year(self, metric: str) -> dict[int, Cell]:
        """The cells printing a figure of `metric`, by year."""
        found = {}
        for year, printed_metric, cell in self.values:
            parsed = nz.quantity(cell.text).value
            if printed_metric == metric and parsed is not None and parsed.value is not None:
                found[year] = cell
        return found

    def ordered(self) -> YearFigures:
        self.values.sort(key=lambda v: (v[0], v[1] == "actual"))
        return self


def column_metrics(location: Location, marker_word: str | None) -> tuple[dict[int, str], set[int]]:
    """The year columns of a printing headed by one metric (col -> metric), and those under the marker word."""
    part, metrics, markers = location.parts[0], {}, set()
    for year in location.years:
        texts = {squash(c.text) for r in part.header if (c := part.table.cell(r, year.col)) is not None}
        named = {m.field for t in texts if (m := nz.header(t).value) is not None} & set(METRICS)
        if len(named) == 1:
            metrics[year.col] = named.pop()
        elif marker_word and any(marker_word in t for t in texts):
            markers.add(year.col)
    return metrics, markers


def row_figures(location: Location, row: Row, metrics: dict[int, str], markers: set[int]) -> YearFigures:
    """A data row's figures and marks, by `column_metrics` of its printing (a part's year columns standing in
    the order of the first part's, whatever its ruling)."""
    figures = YearFigures()
    first_col = {year.col: first for year, first in zip(row.part.years, location.years, strict=True)}
    for year, cell in row.year_cells():
        first = first_col[year.col]
        if not plain(cell.text):
            continue
        if first.col in metrics:
            figures.add(first, metrics[first.col], cell)
        elif first.col in markers:
            figures.markers.append((first.year, cell))
    return figures.ordered()


def figure_rows(
    figures: YearFigures,
    units: IndicatorUnits | None,
    value_row: Callable[..., dict[str, Any]],
    indicator_name: str,
    formula: str = "",
    **keys: Any,
) -> list[dict[str, Any]]:
    """One indicator_values row per figure a record prints (`value_row`: the one row builder,
    `hyoka.specs.indicator_value_row`), all in the unit its indicator's name or formula gives: the figures
    print none (`hyoka.specs.units.unit_of_indicator`)."""
    unit = unit_of_indicator(units, indicator_name, (c.text for _, _, c in figures.values), formula)
    return [
        {**value_row(cell, indicator_name=indicator_name, fiscal_year=year, metric=metric, **keys), "unit": unit}
        for year, metric, cell in figures.values
    ]


def label_column(table: Table, body: range, labels: set[str]) -> int | None:
    """The column whose body cells print the metric labels and nothing else."""
    for col in range(table.n_cols):
        texts = {squash(c.text) for c in table.column(col) if c.row in body}
        if texts and texts <= labels | {""} and texts & labels:
            return col
    return None


@dataclass
class MetricRecord:
    """A record printed over metric rows: its first row, its key cell and its figures."""

    row: int
    key_cell: Cell
    figures: YearFigures


def metric_records(
    table: Table, header_rows: range, key_col: int, years: list[YearColumn], labels: dict[str, str]
) -> list[MetricRecord] | None:
    """The records of a table printing figures in metric rows (label -> metric), in the order printed; None
    when the table prints no label column or no year column."""
    body = range(header_rows.stop, table.n_rows)
    label_col = label_column(table, body, set(labels))
    if label_col is None or not years:
        return None
    records: dict[int, MetricRecord] = {}
    for r in body:
        label, key_cell = table.cell(r, label_col), table.cell(r, key_col)
        if label is None or key_cell is None or squash(label.text) not in labels:
            continue
        record = records.setdefault(id(key_cell), MetricRecord(r, key_cell, YearFigures()))
        for year in sorted(years, key=lambda y: y.year):
            cell = table.cell(r, year.col)
            if cell is not None and cell.row == r and plain(cell.text):
                record.figures.add(year, labels[squash(label.text)], cell)
    for record in records.values():
        record.figures.ordered()
    return list(records.values())


def counted_figure(cell: Cell, label: str) -> Figure:
    """A printed figure: a count (no decimals, no %) is printed in full; rates and decimals are rounded."""
    text = plain(cell.text)
    parsed = nz.quantity(text).value
    rounding = "round" if "%" in text or "." in text else "exact"
    return Figure(parsed.value if parsed is not None else None, text, where(cell), rounding, label)


def progress_case(
    rule: GradeRuleDecl, text_cell: Cell, figures: YearFigures, key: str, labels: dict[str, str], less: bool
) -> GradeCase | None:
    """The progress a record's text states (`judged_grade`) against its figures of the latest year printing both
    metrics (labelled by `labels`, metric -> word): actual ÷ target, target ÷ actual where less is better.
    None for a blank text or one printing a no-figure mark."""
    text = plain(text_cell.text)
    quantity = nz.quantity(text).value
    if not text or (quantity is not None and quantity.na_marker):
        return None
    actuals, targets = figures.by_year("actual"), figures.by_year("target")
    year = max(actuals.keys() & targets.keys(), default=None)
    inputs: tuple[Figure, ...] = ()
    if year is not None:
        # The text is written against the figures as printed: compare them as printed.
        actual = replace(counted_figure(actuals[year], labels["actual"]), rounding="exact")
        target = replace(counted_figure(targets[year], labels["target"]), rounding="exact")
        inputs = (target, actual) if less else (actual, target)
    return GradeCase(rule.rule(), judged_grade(rule, text), where(text_cell), inputs, key, year)


def stated_total_case(
    rule: FigureRule, pattern: str, text_cell: Cell, figures: YearFigures, key: str, scope: str, label: str
) -> FigureCase | None:
    """A total a record's text states (`pattern`, group 1 the figure: 合計4基) against its latest actual figure
    (labelled `label`); None when the text states none or the record prints no actual figure."""
    actuals = figures.by_year("actual")
    stated = re.search(pattern, plain(text_cell.text))
    if stated is None or not actuals:
        return None
    total = nz.quantity(stated.group(1)).value
    printed = Figure(total.value if total is not None else None, stated.group(0), where(text_cell), "exact", "text")
    return FigureCase(rule, scope, printed, (counted_figure(actuals[max(actuals)], label),), key)
