"""pandera schemas: the executable form of docs/CONTRACT.md (version 1)."""

from hyoka.schemas import dtype_check
from hyoka.schemas.json_schema import schemas_as_json
from hyoka.schemas.series import SeriesColumn, declare_series_columns, empty_frame, series_columns, table_schema
from hyoka.schemas.tables import (
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
from hyoka.schemas.validate import validate_table

dtype_check.install()

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
