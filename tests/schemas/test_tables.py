import json

import pandas as pd

from hyoka.profiles import registry
from hyoka.schemas import TABLES, DocumentsSchema, empty_frame, schemas_as_json, table_schema, validate_table

CONTRACT_COLUMNS = {
    "documents": "document_id source_file source_sha256 format profile municipality municipality_code title "
    "report_fiscal_year pages sheets status error pipeline_version ingested_at",
    "cells": "document_id table_id row col row_span col_span is_header text value_text page bbox sheet cell",
    "measures": "document_id measure_key measure_no title level group_name departments divisions stage "
    "flag_kanmin_data flag_sentan_gijutsu flag_leading page bbox sheet cell",
    "indicator_values": "document_id measure_key indicator_key indicator_name fiscal_year metric value unit "
    "qualifier value_text na_marker page bbox sheet cell",
    "budgets": "document_id measure_key fiscal_year item amount unit value_text page bbox sheet cell",
    "grades": "document_id measure_key grade_type fiscal_year stated_grade stated_value recomputed_grade "
    "recomputed_low recomputed_high rule status detail page bbox sheet cell",
    "checks": "document_id check_id kind scope stated recomputed status detail page bbox sheet cell",
}


def test_every_contract_column_is_in_its_schema() -> None:
    for table, columns in CONTRACT_COLUMNS.items():
        assert set(columns.split()) <= set(empty_frame(table).columns), table


def test_an_empty_frame_has_the_types_validation_coerces_to() -> None:
    registry()  # every series' declared columns too
    for table in TABLES:
        schema = table_schema(table)
        coerced = schema.validate(pd.DataFrame({column: [] for column in schema.columns}))
        pd.testing.assert_frame_equal(empty_frame(table), coerced, check_index_type=True, check_column_type=True)


def test_schema_json_names_every_table() -> None:
    payload = json.loads(json.dumps(schemas_as_json()))
    assert set(payload["tables"]) == set(TABLES)
    assert "fiscal_year" in payload["tables"]["indicator_values"]["properties"]


def _value_row(**overrides: object) -> dict[str, object]:
    row: dict[str, object] = {
        "document_id": "0123456789abcdef",
        "measure_key": "1",
        "indicator_key": "1-1",
        "indicator_name": "研修受講者数",
        "fiscal_year": 2019,
        "metric": "actual",
        "value": 3884.0,
        "unit": "人",
        "qualifier": None,
        "value_text": "3,884人",
        "na_marker": None,
        "page": 3,
        "bbox": [10.0, 20.0, 60.0, 32.0],
        "sheet": None,
        "cell": None,
    }
    row.update(overrides)
    return row


def test_failing_rows_go_to_quarantine_and_the_rest_is_kept() -> None:
    frame = pd.DataFrame(
        [
            _value_row(),
            _value_row(indicator_key="1-2", fiscal_year=1950),
            _value_row(indicator_key="1-3", page=None, bbox=None),
            _value_row(indicator_key="1-4", value=0.0, na_marker="－"),
        ]
    )

    valid, quarantine = validate_table("indicator_values", frame)

    assert valid["indicator_key"].tolist() == ["1-1"]
    keys = quarantine["row_json"].map(lambda r: json.loads(r)["indicator_key"])
    reasons = dict(zip(keys, quarantine["check"], strict=True))
    assert "1950" not in reasons.get("1-2", "") and "greater_than_or_equal_to(1989)" in reasons["1-2"]
    assert reasons["1-3"] == "evidence_present"
    assert reasons["1-4"] == "missing_is_null_not_zero"


def test_a_failed_document_must_say_why() -> None:
    row = {
        "document_id": "0123456789abcdef",
        "source_file": "x.pdf",
        "source_sha256": "0" * 64,
        "status": "failed",
        "error": None,
        "pipeline_version": "0.1.0",
        "ingested_at": pd.Timestamp("2026-01-01", tz="UTC"),
    }
    _, quarantine = validate_table("documents", pd.DataFrame([row]))
    assert quarantine["check"].tolist() == ["failed_documents_say_why"]
    assert DocumentsSchema.validate(pd.DataFrame([{**row, "error": "encrypted"}]))["status"].tolist() == ["failed"]
