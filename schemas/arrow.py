"""The Arrow types the contract's columns are written with, so every document's file of a
table has the same schema and the folder reads as one table (pandas, pyarrow.dataset, DuckDB)."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa

from schemas.tables import TABLES

# Columns holding lists, by name (pandera sees them as plain objects).
LIST_COLUMNS = {
    "bbox": pa.list_(pa.float64()),
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


def arrow_table(table: str, frame: pd.DataFrame) -> pa.Table:
    """`frame` as Arrow with the contract's types; extra columns keep their inferred type,
    except all-null ones, which are written as strings rather than Arrow's null type."""
    columns = TABLES[table].to_schema().columns
    fields = []
    for name in frame.columns:
        if name in columns:
            fields.append(pa.field(name, _arrow_type(name, columns[name].dtype.type)))
            continue
        inferred = pa.Table.from_pandas(frame[[name]], preserve_index=False).schema.field(name).type
        fields.append(pa.field(name, pa.string() if pa.types.is_null(inferred) else inferred))
    return pa.Table.from_pandas(frame, schema=pa.schema(fields), preserve_index=False)
