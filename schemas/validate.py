"""Lazy validation: rows that fail go to `quarantine` with the failed check, the rest is kept."""

from __future__ import annotations

import json

import pandas as pd
import pandera.pandas as pa

from hyoka.schemas.series import empty_frame, table_schema
from hyoka.schemas.tables import QuarantineSchema


def _row_json(row: pd.Series) -> str:
    return json.dumps({k: (None if _is_missing(v) else v) for k, v in row.items()}, ensure_ascii=False, default=str)


def _is_missing(value: object) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def validate_table(table: str, frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(valid rows coerced to the schema, quarantine rows) for one table's frame."""
    model = table_schema(table)
    try:
        return model.validate(frame, lazy=True), empty_frame("quarantine")
    except pa.errors.SchemaErrors as errors:
        failures = errors.failure_cases
    bad_index = failures["index"].dropna().unique()
    quarantine_rows: list[dict[str, object]] = []
    seen: set[tuple[object, str]] = set()
    for _, failure in failures.iterrows():
        indices = [failure["index"]] if not _is_missing(failure["index"]) else list(frame.index)
        for index in indices:
            # A dataframe-wide check reports one failure case per column: one row is enough.
            if (index, str(failure["check"])) in seen:
                continue
            seen.add((index, str(failure["check"])))
            row = frame.loc[index]
            quarantine_rows.append(
                {
                    "document_id": row.get("document_id"),
                    "table": table,
                    "check": str(failure["check"]),
                    "column": None if _is_missing(failure["column"]) else str(failure["column"]),
                    "failure_case": None if _is_missing(failure["failure_case"]) else str(failure["failure_case"]),
                    "row_json": _row_json(row),
                }
            )
    # A failure without a row index (a wrong column type, say) condemns the whole frame.
    whole_frame = failures["index"].isna().any()
    kept = frame.iloc[0:0] if whole_frame else frame.drop(index=bad_index)
    return model.validate(kept), QuarantineSchema.validate(_quarantine_frame(quarantine_rows))


def _quarantine_frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    columns = list(QuarantineSchema.to_schema().columns)
    return pd.DataFrame(rows, columns=columns)
