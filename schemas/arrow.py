"""The Arrow types the contract's columns are written with, so every document's file of a
table has the same schema and the folder reads as one table (pandas, pyarrow.dataset, DuckDB)."""

from __future__ import annotations

import math
from functools import cache

import pandas as pd
import pyarrow as pa

from hyoka.schemas.series import empty_frame, table_schema

# Columns holding lists, by name (pandera sees them as plain objects).
LIST_COLUMNS = {
    "bbox": pa.list_(pa.float64()),
    "source_files": pa.list_(pa.string()),
    "departments": pa.list_(pa.string()),
    "divisions": pa.list_(pa.string()),
}


def _arrow_type(name: str, dtype: object) -> pa.DataType:
    if name in LIST_COLUMNS:
        return LIST_COLUMNS[name]
    if isinstance(dtype, pd.DatetimeTZDtype):
        return pa.timestamp("us", tz="UTC")
    if isinstance(dtype, pd.Int64Dtype):
        return pa.int64()
    if isinstance(dtype, pd.Float64Dtype):
        return pa.float64()
    if isinstance(dtype, pd.BooleanDtype):
        return pa.bool_()
    return pa.string()


def arrow_schema(table: str) -> pa.Schema:
    """Every declared column of the table, in schema order, with its Arrow type."""
    return _arrow_schema(table, tuple(table_schema(table).columns))


@cache
def _arrow_schema(table: str, names: tuple[str, ...]) -> pa.Schema:
    # Keyed by the names: a declared column keeps its dtype, and hashing pandas dtypes for the key cost
    # more than the rest of writing an empty table.
    columns = table_schema(table).columns
    return pa.schema([pa.field(name, _arrow_type(name, columns[name].dtype.type)) for name in names])


def arrow_table(table: str, frame: pd.DataFrame) -> pa.Table:
    """`frame` as Arrow with exactly the table's declared columns and types, missing ones null.

    Every document's file of a table then has one schema, so a folder of them reads as one
    table whichever file a reader looks at first. A column the schema does not declare is
    refused: declare it in `schemas/tables.py`, or beside the one series that prints it
    (`schemas/series.py`): the schema is the documentation.
    """
    schema = arrow_schema(table)
    undeclared = [name for name in frame.columns if name not in schema.names]
    if undeclared:
        raise ValueError(f"columns {undeclared} of `{table}` are not declared (schemas/tables.py, schemas/series.py)")
    if frame.empty:  # a document leaves most tables empty: each one's file is the same, built once
        return _declared_empty(table, tuple(schema.names))
    complete = frame.reindex(columns=schema.names)
    for name in LIST_COLUMNS:
        if name in complete.columns:
            # Missing lists arrive as NaN (a column of a workbook's cells has no bbox at all).
            lists = [None if _missing(v) else list(v) for v in complete[name]]
            complete[name] = pd.Series(lists, index=complete.index, dtype=object)
    arrow = pa.Table.from_pandas(complete, schema=schema, preserve_index=False)
    return arrow.replace_schema_metadata(_pandas_metadata(table, tuple(schema.names)))


def _pandas_metadata(table: str, names: tuple[str, ...]) -> dict[bytes, bytes] | None:
    """The pandas metadata of the table's declared dtypes. Each file carries the same, so pandas restores
    one dtype per column whichever file it reads first (a document whose page column is all null would
    otherwise say float64 and turn every document's `Int64` pages into floats)."""
    return _declared_empty(table, names).schema.metadata


@cache
def _declared_empty(table: str, names: tuple[str, ...]) -> pa.Table:
    """The table with no rows, from its declared dtypes: the pandas metadata every file carries."""
    declared = empty_frame(table).reindex(columns=list(names))
    return pa.Table.from_pandas(declared, schema=arrow_schema(table), preserve_index=False)


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))
