"""北海道 基本評価調書 as the other producer wrote it, saved again by a program that keeps formulas but not the
values they calculated (openpyxl, as many scripts that fill in a template do; built here at test time).

Every formula's value is then unknown: the document is partial and says so, and a check whose stated figure
is such a formula is not computable, naming the cell and how to get its value back. The 計 of a count table is
a SUM formula: it is not a blank count (which the sheet reads as 0), so it is never flagged against the counts
above it. The 計 row of the 事務事業 table prints only its label and SUM formulas: it is still the table's 計
row (found, not missing), each of its totals not computable. The one finding the facts list (H01, typed cells
only) is still flagged, and nothing else.
"""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from hyoka.schemas.tables import FLAGGED
from tests.support.ingested import Ingested, ingest_one

DATA = Path(__file__).resolve().parents[2] / "tests" / "data" / "other-producer"
WORKBOOK = DATA / "hokkaido_basic_evaluation.xlsx"


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Ingested:
    work = tmp_path_factory.mktemp("uncalculated")
    saved = work / WORKBOOK.name
    book = openpyxl.load_workbook(WORKBOOK)  # formulas as text; the values they calculated are not kept
    book.save(saved)
    return ingest_one(saved, work)


def test_the_unknown_values_are_named_on_the_document(ingested: Ingested) -> None:
    formulas = sum(
        isinstance(cell.value, str) and cell.value.startswith("=")
        for row in openpyxl.load_workbook(WORKBOOK).active.iter_rows()
        for cell in row
    )
    assert ingested.document["status"] == "partial"
    assert f"{formulas} formula cell(s) have no cached value" in ingested.document["error"]


def test_a_sum_without_its_value_is_not_computable_not_zero(ingested: Ingested) -> None:
    totals = ingested.checks[ingested.checks.kind == "summary_total"]
    assert len(totals) > 0
    assert set(totals.status) == {"not_computable"}


def test_the_project_totals_row_is_found_and_its_totals_not_computable(ingested: Ingested) -> None:
    assert "row (the column totals) was not found" not in ingested.document["error"]
    sheet = openpyxl.load_workbook(WORKBOOK).active
    totals = ingested.checks[ingested.checks.kind == "column_total"]
    # The 事務事業 table's 計 row totals 繰越, 事業費, 一般財源, 本庁, 出先機関 and 人工計 (the spec's six checks).
    assert len(totals) == 6
    for check in totals.to_dict("records"):
        assert "SUM(" in str(sheet[check["cell"].split(":")[0]].value)  # =SUM(…) or =ROUND(SUM(…),1)
        assert check["status"] == "not_computable"
        assert f"{check['sheet']}!{check['cell']}: formula saved without its value" in check["detail"]
        assert "open and save the workbook in Excel/LibreOffice to recalculate" in check["detail"]


@pytest.mark.parametrize("kind", ["staff_total", "full_cost"])
def test_a_row_figure_without_its_value_is_checked_not_skipped(ingested: Ingested, kind: str) -> None:
    """人工計 and フルコスト are formulas on every 事務事業 row: each row's check is there, not computable."""
    sheet = openpyxl.load_workbook(WORKBOOK).active
    rows = ingested.checks[ingested.checks.kind == kind]
    assert len(rows) == 17  # the 事務事業 rows 1101–1117 the table lists
    assert all(str(sheet[cell.split(":")[0]].value).startswith("=") for cell in rows.cell)
    assert set(rows.status) == {"not_computable"}


def test_only_the_documents_own_finding_is_flagged(ingested: Ingested) -> None:
    with (DATA / "facts" / "hokkaido_basic_evaluation" / "findings.csv").open(encoding="utf-8") as f:
        (finding,) = list(csv.DictReader(f))
    assert finding["kind"].startswith("notation_case_mismatch")
    flagged = [
        (row["kind"], row["stated"], row["recomputed"])
        for row in ingested.checks[ingested.checks.status.isin(FLAGGED)].to_dict("records")
    ]
    assert flagged == [("judgement_notation", "C", "c")]
    assert not ingested.grades.status.isin(FLAGGED).any()


def test_every_check_of_the_calculated_workbook_is_still_made(
    ingested: Ingested, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A figure whose value is unknown leaves its check not computable, never absent; only the constant the
    フルコスト rows imply is not stated, as no row's フルコスト is known to imply it from."""
    calculated = ingest_one(WORKBOOK, tmp_path_factory.mktemp("calculated")).checks
    absent = calculated[~calculated.check_id.isin(ingested.checks.check_id)]
    assert list(absent.kind) == ["full_cost_unit_cost"]
    assert len(ingested.checks) == len(calculated) - 1
