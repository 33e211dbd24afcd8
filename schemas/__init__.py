"""pandera schemas: the executable form of docs/CONTRACT.md (version 1)."""

from schemas.json_schema import schemas_as_json
from schemas.series import SeriesColumn, declare_series_columns, empty_frame, series_columns, table_schema
from schemas.tables import (
    CONTRACT_VERSION,
    TABLES,
    BudgetsSchema,
    CellsSchema,
    ChecksSchema,
    DocumentsSchema,
    GradesSchema,
    IndicatorValuesSchema,
    MeasuresSchema,
    QuarantineSchema,
)
from schemas.validate import validate_table

__all__ = [
    "CONTRACT_VERSION",
    "TABLES",
    "BudgetsSchema",
    "CellsSchema",
    "ChecksSchema",
    "DocumentsSchema",
    "GradesSchema",
    "IndicatorValuesSchema",
    "MeasuresSchema",
    "QuarantineSchema",
    "SeriesColumn",
    "declare_series_columns",
    "empty_frame",
    "schemas_as_json",
    "series_columns",
    "table_schema",
    "validate_table",
]
