"""Values printed one per named column of a table (対象業務 | 削減時間 | 削減率), `rows: column_values` in a
spec: each row's cell in each value column is an indicator value of the report's year, named by the row's
name and the column's header as printed, keyed by the row's number (else its place in the table) and that
header. A header word declared a qualifier (想定: expected savings) qualifies every figure of its column; the
figures one column prints are a population a check counts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hyoka.audit.rules import Figure
from hyoka.specs.locate import Location
from hyoka.specs.schema import ColumnValuesMap
from hyoka.specs.tables import header_words, plain, where

RowBuilder = Callable[..., dict[str, Any]]


def column_values(
    mapping: ColumnValuesMap, located: list[Location], year: int | None, row: RowBuilder
) -> tuple[list[dict[str, Any]], list[Figure]]:
    """The indicator_values rows (built by `row`, the one row builder) and the figures of the population's
    column."""
    rows: list[dict[str, Any]] = []
    figures: list[Figure] = []
    counted = mapping.population.column if mapping.population is not None else None
    for location in located:
        for found in location.rows:
            name_cell = found.cell(mapping.name)
            if name_cell is None:
                continue
            number_cell = found.cell(mapping.number) if mapping.number else None
            number = plain(number_cell.text) if number_cell is not None else str(found.index)
            name = plain(name_cell.text)
            for role in mapping.columns:
                cell = found.cell(role)
                if cell is None:
                    continue
                header = header_words(found.table, found.part.header, found.part.columns[role])
                qualifiers = "".join(q for q in mapping.qualifiers if q in header) or None
                printed = row(
                    cell,
                    indicator_name=f"{name} {header}",
                    qualifier=qualifiers,
                    measure_key=None,
                    indicator_key=mapping.key.format(number=number, header=header),
                    fiscal_year=year,
                    metric="actual",
                    place=mapping.place,
                )
                rows.append(printed)
                if role == counted and printed["value"] is not None:
                    figures.append(Figure(printed["value"], printed["value_text"], where(cell), label=name))
    return rows, figures
