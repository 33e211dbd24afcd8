"""Columns one report series adds to a shared table, declared beside the series.

The shared models (`schemas/tables.py`) hold the contract's columns and those several series
fill. A column only one series prints (佐世保's 分野 and ステップ, a Hokkaido sheet's 施策コード)
is declared by that series' profile module when it is imported (`declare_series_columns`);
`table_schema` composes the shared model with every declared column, so every document's file
of a table still has one schema (a series' columns are null where another series wrote the row).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import pandera.pandas as pa

from hyoka.schemas.tables import TABLES


@dataclass(frozen=True)
class SeriesColumn:
    """One column a series adds: its name, pandas dtype, what it holds, and its checks (always nullable)."""

    name: str
    dtype: Any
    description: str
    checks: tuple[pa.Check, ...] = field(default=())


# table -> column name -> (the series that declared it, the column), in declaration order.
_DECLARED: dict[str, dict[str, tuple[str, SeriesColumn]]] = {}
_composed: dict[tuple[str, tuple[str, ...]], pa.DataFrameSchema] = {}
_empty: dict[tuple[str, tuple[str, ...]], pd.DataFrame] = {}


def declare_series_columns(series: str, table: str, *columns: SeriesColumn) -> None:
    """Adds `series`' own columns to the shared `table` (called once by the series' profile module).

    A name the shared model has, or another series declared, is refused: a column two series
    print belongs in the shared model, with one meaning.
    """
    if table not in TABLES:
        raise ValueError(f"{series} declares columns of {table!r}, which is not an output table")
    shared = TABLES[table].to_schema().columns
    declared = _DECLARED.setdefault(table, {})
    for column in columns:
        if column.name in shared:
            raise ValueError(f"{series} declares {table}.{column.name}, a column of the shared schema")
        owner = declared.get(column.name, (series, column))[0]
        if owner != series:
            raise ValueError(
                f"{series} declares {table}.{column.name}, which {owner} declared: a column two series "
                "print belongs in the shared schema (schemas/tables.py)"
            )
        declared[column.name] = (series, column)


def series_columns(table: str) -> dict[str, str]:
    """The declared series columns of `table`: column name -> the series that declared it."""
    return {name: series for name, (series, _) in _DECLARED.get(table, {}).items()}


def table_schema(table: str) -> pa.DataFrameSchema:
    """The shared model of `table` with every series' declared columns after its own, by series
    (whichever order the series' modules were imported in, every file gets the same columns)."""
    declared = dict(sorted(_DECLARED.get(table, {}).items(), key=lambda item: item[1][0]))
    key = (table, tuple(declared))
    if key not in _composed:
        extra = {
            name: pa.Column(column.dtype, checks=list(column.checks), nullable=True, description=column.description)
            for name, (_, column) in declared.items()
        }
        _composed[key] = TABLES[table].to_schema().add_columns(extra)
    return _composed[key]


def empty_frame(table: str) -> pd.DataFrame:
    """An empty frame with the table's columns (series columns included), of their declared types.

    Built from the declared dtypes, not by validating: pandera spends tens of milliseconds coercing
    even an empty frame, per table and per process, and no row means no check to run."""
    schema = table_schema(table)
    key = (table, tuple(schema.columns))
    if key not in _empty:
        _empty[key] = pd.DataFrame(
            {
                name: pd.Series([], dtype=object if column.dtype is None else column.dtype.type)
                for name, column in schema.columns.items()
            }
        )
    return _empty[key].copy()
