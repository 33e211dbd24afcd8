"""北海道 基本評価調書 as the other producer wrote it, saved again by a program that keeps formulas but not the
values they calculated (openpyxl, as many scripts that fill in a template do; built here at test time).

Every formula's value is then unknown: the document is partial and says so, and a check whose stated figure
is such a formula is not computable. The 計 of a count table is a SUM formula: it is not a blank count (which the
sheet reads as 0), so it is never flagged against the counts above it. The one finding the facts list (H01,
typed cells only) is still flagged, and nothing else.
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
