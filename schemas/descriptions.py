"""What each column of the output tables holds, in the words of docs/CONTRACT.md.

`hyoka schema` prints these with every column; a column declared in `schemas/tables.py`
without a description here (or a pandera `description=`) fails the schema test, so the
printed contract never has an undocumented column. A description is per column name,
unless `(table, column)` says otherwise.
"""

from __future__ import annotations

COLUMN = {
    "document_id": "First 16 hex digits of the SHA-256 of the source file's bytes.",
    "source_file": "Path of the source file as given to hyoka.",
    "source_sha256": "SHA-256 of the source file's bytes.",
    "format": "pdf or xlsx, from the file's bytes.",
    "profile": "Report series id; generic when no series profile recognised the document.",
    "municipality": "Municipality named in the document.",
    "municipality_code": "全国地方公共団体コード of the municipality, 6 digits.",
    "title": "Title as printed (NFKC).",
    "report_fiscal_year": "Fiscal year the report is about, as the western year the fiscal year starts in.",
    "pages": "Number of pages (PDF).",
    "sheets": "Number of sheets (workbook).",
    "error": "Why the document is partial or failed: a sentence a person can act on.",
    "pipeline_version": "hyoka version that wrote the row.",
    "ingested_at": "When the document was ingested (UTC).",
    "source_files": "Every path that held these bytes in the run.",
    "profile_fingerprint": "Fingerprint of the code that read the document (for incremental re-runs).",
    "page": "Evidence: 1-based page of a PDF.",
    "bbox": "Evidence: [x0, top, x1, bottom] on the page in PDF points, origin top-left.",
    "sheet": "Evidence: sheet name of a workbook.",
    "cell": "Evidence: A1 cell or range of a workbook.",
    "table_id": "Table id, stable within the document; a table continued over pages is one table.",
    "row": "0-based row in the logical table.",
    "col": "0-based column in the logical table.",
    "row_span": "Rows the cell covers.",
    "col_span": "Columns the cell covers.",
    "is_header": "The format layer reads the cell as a header cell.",
    "text": "Text, NFKC-normalised, whitespace runs collapsed (circled numbers kept).",
    "value_text": "The value as printed (a workbook cell through its number format).",
    "ocr": "Read by OCR from a page image (no usable text layer); on grades and checks also when an input was.",
    "ocr_confidence": "Mean Tesseract confidence (0–1) of the cell's own OCR reading; null when nothing was read.",
    "measure_key": "Measure id, unique within the document (the document's own number where it has one).",
    "measure_no": "Measure number as printed.",
    "level": "Level of the measure in the document's hierarchy.",
    "group_name": "Group the measure belongs to (分野 / ビジョン / 重点課題), canonical form.",
    "departments": "Departments (部局) responsible.",
    "divisions": "Divisions (課) responsible.",
    "stage": "事業段階 (stage of the project).",
    "flag_kanmin_data": "官民データ活用 flag (○); null where the document has no such column.",
    "flag_sentan_gijutsu": "先端技術 flag (○); null where the document has no such column.",
    "flag_leading": "先導的 flag (○); null where the document has no such column.",
    "summary": "概要 (summary) as printed.",
    "indicator_name": "Indicator name as printed.",
    "indicator_key": "Indicator id, unique within its measure.",
    "fiscal_year": "Western year in which the fiscal year starts (R1 / 令和元年度 -> 2019).",
    "metric": "baseline, target, actual or achievement_rate.",
    "value": "The value as a number (percent numbers for %); null when missing, never 0.",
    "unit": "Unit of the value or amount (money in 円, staffing in 人年).",
    "qualifier": "Qualifier printed with the value (以上, 累計, 延べ, 約 …).",
    "na_marker": "The marker printed where the value is missing (-, －, —, /, …).",
    "place": "Which printed table the row is read from.",
    "parts": "JSON: labelled parts of a cell printing several values.",
    "formula": "The workbook cell's formula.",
    "item": "What the amount is: budget, settlement, project_cost, general_revenue, carryover, full_cost, "
    "staff_main, staff_branch or staff_total.",
    "amount": "Amount in yen (千円 × 1000) or person-years; null when missing.",
    "inputs_evidence": "JSON list: evidence of the printed cells the value was recomputed from.",
    "grade_type": "The series profile's grade id (mid_term, final, achievement_level, judgement …).",
    "stated_grade": "Grade as printed (A–D upper case; a lower-case judgement stays lower case).",
    "stated_value": "The value printed beside the grade (e.g. the stated average).",
    "recomputed_grade": "Grade(s) the printed inputs allow, joined by / when rounding allows several.",
    "recomputed_low": "Low end of the interval the printed inputs allow, given their rounding.",
    "recomputed_high": "High end of the interval the printed inputs allow, given their rounding.",
    "rule": "Id of the grading rule applied.",
    "detail": "One Japanese line: the rule in words, what it was computed from, and the verdict "
    "(記載B、再計算A; 計算できない：the reason).",
    "rule_words": "The rule the row was checked by, in words, as the series declares it.",
    "check_id": "Check id, stable across runs.",
    "kind": "Kind of check (summary count, column total, cross-reference, duplicate id …).",
    "scope": "Where the check applies, in words.",
    "stated": "The figure or text as printed.",
    "recomputed": "What the printed inputs give (an interval when rounding allows a range).",
    "table": "The table the quarantined row was meant for.",
    "check": "The validation check the row failed.",
    "column": "The column that failed, when one did.",
    "failure_case": "The failing value.",
    "row_json": "The whole row as JSON.",
}

BY_TABLE = {
    ("documents", "status"): "ok when everything the series declares was read; partial or failed with an error.",
    ("documents", "title"): "Title of the document as printed (NFKC).",
    ("measures", "title"): "Title of the measure as printed (NFKC).",
    ("measures", "direction"): "方向性 as printed (現状維持, 縮小, 廃止 …).",
    ("measures", "period_first"): "実施期間: first fiscal year, as the western year it starts in.",
    ("budgets", "basis"): (
        "Which figure of the year: budget, initial_budget (当初予算), current_budget (予算現額), final_budget"
        " (補正後予算), budget_proposal (予算案), settlement_estimate (決算見込), settlement (決算), estimate (見込)."
    ),
    ("budgets", "item_label"): "The amount line's label as printed (事業費A, 国・府支出金, 人件費 …).",
    ("measures", "period_last"): "実施期間: last fiscal year, as the western year it starts in.",
    ("grades", "status"): (
        "match; mismatch (no reading of the printed figures gives it); ambiguous (only within rounding or under"
        " one of several readings); notation (same grade, other letter case); no_claim (neutral wording);"
        " not_computable."
    ),
    ("checks", "status"): "As in grades.",
    ("grades", "stated_label"): "The statement printed with the grade (A.順調に推移している → 順調に推移している).",
}


def description(table: str, column: str) -> str | None:
    """The description of `column` of `table`, or None when none is written."""
    return BY_TABLE.get((table, column)) or COLUMN.get(column)
