"""pandera schemas: the executable form of docs/CONTRACT.md (version 1)."""

from schemas.json_schema import schemas_as_json
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
    empty_frame,
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
    "empty_frame",
    "schemas_as_json",
    "validate_table",
]
