"""One pandera DataFrameModel per contract table; field checks stand next to field types.

Column order here is the column order written to Parquet, each table's series columns
(`schemas/series.py`) after these. Extra columns are allowed (the contract says: add
columns freely), the ones below may not change meaning.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

CONTRACT_VERSION = 1

DOCUMENT_ID = r"^[0-9a-f]{16}$"
SHA256 = r"^[0-9a-f]{64}$"
A1_CELL = r"^[A-Z]{1,3}[0-9]{1,7}(:[A-Z]{1,3}[0-9]{1,7})?$"
FISCAL_YEARS = {"ge": 1989, "le": 2040}
# One meaning each (docs/CONTRACT.md): match; mismatch (no reading of the printed figures gives the stated
# one); ambiguous (only within rounding, or under some of several readings); notation (the same grade
# written in another letter case); no_claim (a neutral wording that states nothing to check);
# not_computable (an input or the population was not read).
STATUSES = ["match", "mismatch", "ambiguous", "notation", "no_claim", "not_computable"]
# The statuses the mismatch report lists: a statement the printed figures do not plainly confirm.
FLAGGED = ("mismatch", "ambiguous", "notation", "no_claim")


def _bbox_ok(bbox: Any) -> bool:
    """A bbox is [x0, top, x1, bottom] in PDF points with x0 <= x1 and top <= bottom."""
    if bbox is None or (isinstance(bbox, float) and pd.isna(bbox)):
        return True
    values = list(bbox)
    return len(values) == 4 and values[0] <= values[2] and values[1] <= values[3]


class _Evidence(pa.DataFrameModel):
    """Where a row came from: page + bbox for PDFs, sheet + cell for workbooks."""

    page: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1)
    bbox: Series[object] = pa.Field(nullable=True)
    sheet: Series[pd.StringDtype] = pa.Field(nullable=True)
    cell: Series[pd.StringDtype] = pa.Field(nullable=True, str_matches=A1_CELL)
    # Read by OCR from a page image (the row's page, or for grades and checks a page of an input).
    ocr: Series[pd.BooleanDtype] = pa.Field(nullable=True)

    @pa.check("bbox")
    def bbox_is_x0_top_x1_bottom(cls, bbox: Series[object]) -> Series[bool]:
        return bbox.map(_bbox_ok).astype(bool)

    @pa.dataframe_check
    def evidence_present(cls, df: pd.DataFrame) -> Series[bool]:
        pdf = df["page"].notna() & df["bbox"].notna()
        workbook = df["sheet"].notna() & df["cell"].notna()
        return pdf | workbook

    class Config:
        strict = False
        coerce = True
        add_missing_columns = True


class DocumentsSchema(pa.DataFrameModel):
    """One row per input file, including failed ones."""

    document_id: Series[pd.StringDtype] = pa.Field(str_matches=DOCUMENT_ID, unique=True)
    source_file: Series[pd.StringDtype]
    source_sha256: Series[pd.StringDtype] = pa.Field(str_matches=SHA256)
    format: Series[pd.StringDtype] = pa.Field(nullable=True, isin=["pdf", "xlsx"])
    profile: Series[pd.StringDtype] = pa.Field(nullable=True)
    municipality: Series[pd.StringDtype] = pa.Field(nullable=True)
    municipality_code: Series[pd.StringDtype] = pa.Field(nullable=True, str_matches=r"^[0-9]{6}$")
    title: Series[pd.StringDtype] = pa.Field(nullable=True)
    report_fiscal_year: Series[pd.Int64Dtype] = pa.Field(nullable=True, **FISCAL_YEARS)
    pages: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    sheets: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    status: Series[pd.StringDtype] = pa.Field(isin=["ok", "partial", "failed"])
    error: Series[pd.StringDtype] = pa.Field(nullable=True)
    pipeline_version: Series[pd.StringDtype]
    ingested_at: Series[pd.DatetimeTZDtype] = pa.Field(dtype_kwargs={"unit": "us", "tz": "UTC"})
    # Beyond the contract (declared so that every document's file has them, typed alike):
    source_files: Series[object] = pa.Field(nullable=True)  # every path with these bytes
    profile_fingerprint: Series[pd.StringDtype] = pa.Field(nullable=True)  # code that read it

    @pa.dataframe_check
    def failed_documents_say_why(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["status"] == "ok") | df["error"].notna()

    class Config:
        strict = False
        coerce = True
        add_missing_columns = True


class CellsSchema(_Evidence):
    """Every cell of every table the format layer found, before any profile mapped it."""

    document_id: Series[pd.StringDtype] = pa.Field(str_matches=DOCUMENT_ID)
    table_id: Series[pd.StringDtype]
    row: Series[pd.Int64Dtype] = pa.Field(ge=0)
    col: Series[pd.Int64Dtype] = pa.Field(ge=0)
    row_span: Series[pd.Int64Dtype] = pa.Field(ge=1)
    col_span: Series[pd.Int64Dtype] = pa.Field(ge=1)
    is_header: Series[pd.BooleanDtype]
    text: Series[pd.StringDtype] = pa.Field(nullable=True)
    value_text: Series[pd.StringDtype] = pa.Field(nullable=True)
    ocr: Series[pd.BooleanDtype]
    ocr_confidence: Series[pd.Float64Dtype] = pa.Field(nullable=True, ge=0, le=1)

    class Config:
        unique = ["document_id", "table_id", "row", "col"]


class MeasuresSchema(_Evidence):
    """One row per measure (施策, 事務事業, 個別システム, プロジェクト…)."""

    document_id: Series[pd.StringDtype] = pa.Field(str_matches=DOCUMENT_ID)
    measure_key: Series[pd.StringDtype]
    measure_no: Series[pd.StringDtype] = pa.Field(nullable=True)
    title: Series[pd.StringDtype] = pa.Field(nullable=True)
    level: Series[pd.StringDtype] = pa.Field(nullable=True)
    group_name: Series[pd.StringDtype] = pa.Field(nullable=True)
    departments: Series[object] = pa.Field(nullable=True)
    divisions: Series[object] = pa.Field(nullable=True)
    stage: Series[pd.StringDtype] = pa.Field(nullable=True)
    flag_kanmin_data: Series[pd.BooleanDtype] = pa.Field(nullable=True)
    flag_sentan_gijutsu: Series[pd.BooleanDtype] = pa.Field(nullable=True)
    flag_leading: Series[pd.BooleanDtype] = pa.Field(nullable=True)
    # Beyond the contract, filled by several series (a column one series prints is declared beside
    # that series: schemas/series.py):
    summary: Series[pd.StringDtype] = pa.Field(nullable=True)  # 概要
    indicator_name: Series[pd.StringDtype] = pa.Field(nullable=True)  # a KPI measure's indicator
    direction: Series[pd.StringDtype] = pa.Field(nullable=True)  # 方向性 (現状維持, 縮小…) as printed
    period_first: Series[pd.Int64Dtype] = pa.Field(nullable=True, **FISCAL_YEARS)  # 実施期間, first fiscal year
    period_last: Series[pd.Int64Dtype] = pa.Field(nullable=True, **FISCAL_YEARS)

    class Config:
        unique = ["document_id", "measure_key"]


class IndicatorValuesSchema(_Evidence):
    """One row per printed value of an indicator (tidy, long)."""

    document_id: Series[pd.StringDtype] = pa.Field(str_matches=DOCUMENT_ID)
    measure_key: Series[pd.StringDtype] = pa.Field(nullable=True)
    indicator_key: Series[pd.StringDtype]
    indicator_name: Series[pd.StringDtype] = pa.Field(nullable=True)
    fiscal_year: Series[pd.Int64Dtype] = pa.Field(nullable=True, **FISCAL_YEARS)
    metric: Series[pd.StringDtype] = pa.Field(isin=["baseline", "target", "actual", "achievement_rate"])
    value: Series[pd.Float64Dtype] = pa.Field(nullable=True)
    unit: Series[pd.StringDtype] = pa.Field(nullable=True)
    qualifier: Series[pd.StringDtype] = pa.Field(nullable=True)
    value_text: Series[pd.StringDtype] = pa.Field(nullable=True)
    na_marker: Series[pd.StringDtype] = pa.Field(nullable=True)
    # Beyond the contract, filled by several series (one series' own: schemas/series.py):
    place: Series[pd.StringDtype] = pa.Field(nullable=True)  # which printed table the value is read from
    parts: Series[pd.StringDtype] = pa.Field(nullable=True)  # labelled parts of a multi-value cell
    formula: Series[pd.StringDtype] = pa.Field(nullable=True)  # the workbook cell's formula

    @pa.dataframe_check
    def percentages_not_negative(cls, df: pd.DataFrame) -> Series[bool]:
        return ~((df["unit"] == "%") & (df["value"] < 0)).fillna(False)

    @pa.dataframe_check
    def missing_is_null_not_zero(cls, df: pd.DataFrame) -> Series[bool]:
        return ~(df["na_marker"].notna() & df["value"].notna())


class BudgetsSchema(_Evidence):
    """One row per printed amount; money in yen, staffing in person-years."""

    document_id: Series[pd.StringDtype] = pa.Field(str_matches=DOCUMENT_ID)
    measure_key: Series[pd.StringDtype] = pa.Field(nullable=True)
    fiscal_year: Series[pd.Int64Dtype] = pa.Field(nullable=True, **FISCAL_YEARS)
    item: Series[pd.StringDtype] = pa.Field(
        isin=[
            "budget",
            "settlement",
            "project_cost",
            "general_revenue",
            "carryover",
            "full_cost",
            "staff_main",
            "staff_branch",
            "staff_total",
            "national_prefectural_funds",
            "local_bonds",
            "user_charges",
            "other_revenue",
            "revenue_total",
            "staff_cost",
            "operating_cost",
            "total",
            "subtotal",
            "line_item",
            "user_charge_rate",
        ]
    )
    amount: Series[pd.Float64Dtype] = pa.Field(nullable=True)
    unit: Series[pd.StringDtype] = pa.Field(isin=["円", "人年", "%"])
    value_text: Series[pd.StringDtype] = pa.Field(nullable=True)
    # Beyond the contract:
    place: Series[pd.StringDtype] = pa.Field(nullable=True)
    # Which figure of the year: 予算, 当初予算, 予算現額, 補正後予算, 予算案, 決算見込, 決算, 見込.
    basis: Series[pd.StringDtype] = pa.Field(
        nullable=True,
        isin=[
            "budget",
            "initial_budget",
            "current_budget",
            "final_budget",
            "budget_proposal",
            "settlement_estimate",
            "settlement",
            "estimate",
        ],
    )
    item_label: Series[pd.StringDtype] = pa.Field(nullable=True)  # the line's label as printed
    formula: Series[pd.StringDtype] = pa.Field(nullable=True)


class _Recomputation(_Evidence):
    """Beyond the contract, on every audit row: which indicator and printed place it is about, the
    evidence (JSON) of the cells it was recomputed from, and the rule in words."""

    indicator_key: Series[pd.StringDtype] = pa.Field(nullable=True)
    place: Series[pd.StringDtype] = pa.Field(nullable=True)  # where it is printed (list, sheet…)
    inputs_evidence: Series[pd.StringDtype] = pa.Field(nullable=True)
    rule_words: Series[pd.StringDtype] = pa.Field(nullable=True)  # the rule in words


class GradesSchema(_Recomputation):
    """One row per stated grade, with its recomputation."""

    document_id: Series[pd.StringDtype] = pa.Field(str_matches=DOCUMENT_ID)
    measure_key: Series[pd.StringDtype] = pa.Field(nullable=True)
    grade_type: Series[pd.StringDtype]
    fiscal_year: Series[pd.Int64Dtype] = pa.Field(nullable=True, **FISCAL_YEARS)
    stated_grade: Series[pd.StringDtype] = pa.Field(nullable=True)
    stated_value: Series[pd.Float64Dtype] = pa.Field(nullable=True)
    stated_label: Series[pd.StringDtype] = pa.Field(nullable=True)  # the statement printed with the grade
    recomputed_grade: Series[pd.StringDtype] = pa.Field(nullable=True)
    recomputed_low: Series[pd.Float64Dtype] = pa.Field(nullable=True)
    recomputed_high: Series[pd.Float64Dtype] = pa.Field(nullable=True)
    rule: Series[pd.StringDtype] = pa.Field(nullable=True)
    status: Series[pd.StringDtype] = pa.Field(isin=STATUSES)
    detail: Series[pd.StringDtype] = pa.Field(nullable=True)

    @pa.dataframe_check
    def interval_ordered(cls, df: pd.DataFrame) -> Series[bool]:
        return ~(df["recomputed_low"] > df["recomputed_high"]).fillna(False)


class ChecksSchema(_Recomputation):
    """Every other recomputation: counts, totals, formulas, cross-references, duplicates."""

    document_id: Series[pd.StringDtype] = pa.Field(str_matches=DOCUMENT_ID)
    check_id: Series[pd.StringDtype]
    kind: Series[pd.StringDtype]
    scope: Series[pd.StringDtype] = pa.Field(nullable=True)
    stated: Series[pd.StringDtype] = pa.Field(nullable=True)
    recomputed: Series[pd.StringDtype] = pa.Field(nullable=True)
    status: Series[pd.StringDtype] = pa.Field(isin=STATUSES)
    detail: Series[pd.StringDtype] = pa.Field(nullable=True)

    class Config:
        unique = ["document_id", "check_id"]


class QuarantineSchema(pa.DataFrameModel):
    """Rows that failed validation, with the failed check; nothing is dropped silently."""

    document_id: Series[pd.StringDtype] = pa.Field(nullable=True)
    table: Series[pd.StringDtype]
    check: Series[pd.StringDtype]
    column: Series[pd.StringDtype] = pa.Field(nullable=True)
    failure_case: Series[pd.StringDtype] = pa.Field(nullable=True)
    row_json: Series[pd.StringDtype]

    class Config:
        strict = False
        coerce = True
        add_missing_columns = True


TABLES: dict[str, type[pa.DataFrameModel]] = {
    "documents": DocumentsSchema,
    "cells": CellsSchema,
    "measures": MeasuresSchema,
    "indicator_values": IndicatorValuesSchema,
    "budgets": BudgetsSchema,
    "grades": GradesSchema,
    "checks": ChecksSchema,
    "quarantine": QuarantineSchema,
}
