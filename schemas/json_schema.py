"""The output tables as JSON Schema: one object per row, every declared column with its type,
constraints and description (`hyoka schema`)."""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from hyoka.schemas.arrow import arrow_schema
from hyoka.schemas.descriptions import description
from hyoka.schemas.series import table_schema
from hyoka.schemas.tables import CONTRACT_VERSION, TABLES


def _json_type(arrow_type: pa.DataType) -> dict[str, Any]:
    if pa.types.is_list(arrow_type):
        return {"type": "array", "items": _json_type(arrow_type.value_type)}
    if pa.types.is_timestamp(arrow_type):
        return {"type": "string", "format": "date-time"}
    if pa.types.is_integer(arrow_type):
        return {"type": "integer"}
    if pa.types.is_floating(arrow_type):
        return {"type": "number"}
    if pa.types.is_boolean(arrow_type):
        return {"type": "boolean"}
    return {"type": "string"}


# pandera's built-in checks, as JSON Schema keywords.
_KEYWORDS = {
    "isin": ("enum", "allowed_values"),
    "str_matches": ("pattern", "pattern"),
    "greater_than_or_equal_to": ("minimum", "min_value"),
    "less_than_or_equal_to": ("maximum", "max_value"),
}


def table_json_schema(table: str) -> dict[str, Any]:
    """One row of `table` as a JSON Schema object."""
    model = TABLES[table]
    columns = table_schema(table).columns
    types = arrow_schema(table)
    properties: dict[str, Any] = {}
    for name, column in columns.items():
        prop = _json_type(types.field(name).type)
        for check in column.checks:
            if check.name in _KEYWORDS:
                keyword, statistic = _KEYWORDS[check.name]
                prop[keyword] = check.statistics[statistic]
        if column.nullable:
            prop["type"] = [prop["type"], "null"]
        prop["description"] = column.description or description(table, name)
        properties[name] = prop
    return {
        "title": table,
        "description": (model.__doc__ or "").strip(),
        "type": "object",
        "properties": properties,
        "required": [name for name, column in columns.items() if not column.nullable],
    }


def schemas_as_json() -> dict[str, Any]:
    """Every table's schema as JSON Schema, for downstream tools (`hyoka schema`)."""
    return {"contract_version": CONTRACT_VERSION, "tables": {name: table_json_schema(name) for name in TABLES}}
