"""北海道 基本評価調書 as the second producer prints it (samples/producer-b/: plain HTML tables through
Chromium, an xlsxwriter workbook with units in its number formats), through the real pipeline, against
`samples/truth/hokkaido_basic_evaluation/` read directly.

Its blocks are ordinary tables, not 方眼紙 forms: 施策の予算額 under a 年度 column, the 成果指標 labels
heading the columns of their values, the 3-2 grid's yearly line led by 区分, the criteria under a 基準
heading. Every one must be found, and the only finding is the planted one.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from hyoka.pipeline.ingest import ingest
from hyoka.schemas.tables import FLAGGED

ROOT = Path(__file__).resolve().parents[2]
REPORT = "hokkaido_basic_evaluation"
TRUTH = ROOT / "samples" / "truth" / REPORT
DOCUMENTS = (f"{REPORT}.xlsx", f"{REPORT}.pdf")


def truth(name: str) -> list[dict[str, str]]:
    with (TRUTH / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pd.DataFrame]:
    """Both documents ingested once; every table read back, with the document's file name."""
    out = tmp_path_factory.mktemp("hokkaido_producer_b")
    ingest([ROOT / "samples" / "producer-b" / name for name in DOCUMENTS], out)
    tables = {name: pd.read_parquet(out / name) for name in ("documents", "budgets", "grades", "checks")}
    tables["indicator_values"] = pd.read_parquet(out / "indicator_values")
    names = {row.document_id: Path(row.source_file).name for row in tables["documents"].itertuples()}
    for frame in tables.values():
        frame["document"] = frame["document_id"].map(names)
    return tables


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_block_is_read(output: dict[str, pd.DataFrame], document: str) -> None:
    row = output["documents"].set_index("document").loc[document]
    assert row["status"] == "ok", row.get("problems")


@pytest.mark.parametrize("document", DOCUMENTS)
def test_policy_budgets_by_year(output: dict[str, pd.DataFrame], document: str) -> None:
    budgets = output["budgets"]
    got = budgets[(budgets["document"] == document) & (budgets["item"] == "budget")]
    expected = {int(r["fiscal_year"]): float(r["amount"]) for r in truth("budgets") if not r["measure_key"]}
    assert dict(zip(got["fiscal_year"].astype(int), got["amount"].astype(float), strict=True)) == expected


@pytest.mark.parametrize("document", DOCUMENTS)
def test_indicator_values(output: dict[str, pd.DataFrame], document: str) -> None:
    values = output["indicator_values"]
    got = values[values["document"] == document]
    read = sorted(
        (r.indicator_key, int(r.fiscal_year), r.metric, r.place, None if pd.isna(r.value) else float(r.value))
        for r in got.itertuples()
    )
    expected = sorted(
        (r["indicator_key"], int(r["fiscal_year"]), r["metric"], r["place"], float(r["value"]) if r["value"] else None)
        for r in truth("indicator_values")
    )
    assert read == expected


@pytest.mark.parametrize("document", DOCUMENTS)
def test_criteria_judgement_and_levels(output: dict[str, pd.DataFrame], document: str) -> None:
    grades = output["grades"]
    got = grades[grades["document"] == document]
    read = sorted(
        (r.grade_type, int(r.fiscal_year), "" if pd.isna(r.stated_grade) else r.stated_grade)
        for r in got.itertuples()
        if r.grade_type in ("judgement_criterion", "judgement", "achievement_level")
    )
    expected = sorted((r["grade_type"], int(r["fiscal_year"]), r["stated_grade"]) for r in truth("grades"))
    assert read == expected


@pytest.mark.parametrize("document", DOCUMENTS)
def test_only_the_planted_finding(output: dict[str, pd.DataFrame], document: str) -> None:
    checks = output["checks"]
    flagged = checks[(checks["document"] == document) & checks["status"].isin(FLAGGED)]
    planted = sorted((r["kind"], r["stated"], r["expected"]) for r in truth("inconsistencies"))
    assert sorted(zip(flagged["kind"], flagged["stated"], flagged["recomputed"], strict=True)) == planted


@pytest.mark.parametrize("document", DOCUMENTS)
def test_level_counts_are_recomputed(output: dict[str, pd.DataFrame], document: str) -> None:
    """5 (1) 達成度合の集計 counts the indicators of the one 政策体系 it lists: computed, not left unread."""
    checks = output["checks"]
    counts = checks[(checks["document"] == document) & checks["check_id"].str.startswith("hokkaido_level_count:")]
    assert len(counts) == 5
    assert set(counts["status"]) == {"match"}
