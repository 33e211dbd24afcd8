"""北海道 基本評価調書 printed by another producer: both workbooks (formulas with cached values, and
values only) through the real pipeline, against `facts/` as its author wrote it.

Every fact of `facts/hokkaido_basic_evaluation/` is asserted: the 事務事業 with their amounts and staff,
the 計 row, the 施策の予算額, the 成果指標 grid with its years, the 達成度合 letters, the 基準 marks and the
判定 with its rule; the recomputations of `checks.csv`; and exactly the findings of `findings.csv`
(H01), no other mismatch.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from hyoka.pipeline.ingest import ingest
from hyoka.schemas.tables import FLAGGED

ROOT = Path(__file__).resolve().parents[2]
OTHER = ROOT / "tests" / "data" / "other-producer"
FACTS = OTHER / "facts" / "hokkaido_basic_evaluation"
WORKBOOKS = ("hokkaido_basic_evaluation.xlsx", "hokkaido_basic_evaluation_values.xlsx")
THOUSAND = 1000.0


def facts(name: str) -> list[dict[str, str]]:
    with (FACTS / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def number(text: str) -> float | None:
    return float(text.replace(",", "")) if text.strip() else None


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pd.DataFrame]:
    """Both workbooks ingested once; every table read back, keyed by the workbook's file name."""
    out = tmp_path_factory.mktemp("hokkaido_other_producer")
    ingest([OTHER / name for name in WORKBOOKS], out)
    tables = {name: pd.read_parquet(out / name) for name in ("documents", "measures", "budgets", "grades", "checks")}
    tables["indicator_values"] = pd.read_parquet(out / "indicator_values")
    names = {row.document_id: Path(row.source_file).name for row in tables["documents"].itertuples()}
    for frame in tables.values():
        frame["workbook"] = frame["document_id"].map(names)
    return tables


def rows(output: dict[str, pd.DataFrame], table: str, workbook: str) -> list[dict[str, Any]]:
    frame = output[table]
    return frame[frame["workbook"] == workbook].to_dict("records")


def blank(value: Any) -> Any:
    return None if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA else value


@pytest.fixture(params=WORKBOOKS)
def workbook(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_both_workbooks_are_read_completely(output: dict[str, pd.DataFrame]) -> None:
    documents = output["documents"].set_index("workbook")
    for name in WORKBOOKS:
        assert documents.loc[name, "profile"] == "hokkaido_basic_evaluation"
        assert documents.loc[name, "status"] == "ok", documents.loc[name, "error"]
        assert documents.loc[name, "report_fiscal_year"] == 2020


def test_projects(output: dict[str, pd.DataFrame], workbook: str) -> None:
    measures = {m["measure_no"]: m for m in rows(output, "measures", workbook)}
    expected = facts("projects")
    assert sorted(measures) == sorted(p["project_no"] for p in expected)
    for project in expected:
        measure = measures[project["project_no"]]
        assert measure["title"] == project["name"]
        assert measure["group_name"] == project["policy_system"]
        assert list(measure["divisions"]) == [project["division"]]
        assert measure["sheet"] and measure["cell"]


BUDGET_COLUMNS = {
    "carryover": "carryover_yen",
    "project_cost": "project_cost_yen",
    "general_revenue": "general_revenue_yen",
    "staff_main": "staff_main",
    "staff_branch": "staff_branch",
    "staff_total": "staff_total",
    "full_cost": "full_cost_yen",
}


def test_project_amounts_and_staff(output: dict[str, pd.DataFrame], workbook: str) -> None:
    read = {(b["measure_key"], b["item"]): b for b in rows(output, "budgets", workbook) if blank(b["measure_key"])}
    expected = {}
    for project in facts("projects"):
        for item, column in BUDGET_COLUMNS.items():
            if project[column]:  # a blank cell (no carryover printed) is no amount
                expected[(project["project_no"], item)] = (int(project["fiscal_year"]), float(project[column]))
    assert set(read) == set(expected)
    for key, (year, amount) in expected.items():
        assert read[key]["fiscal_year"] == year, key
        assert read[key]["amount"] == pytest.approx(amount), key
        assert read[key]["unit"] == ("人年" if key[1].startswith("staff") else "円"), key
        assert read[key]["sheet"] and read[key]["cell"], key


def test_totals_row(output: dict[str, pd.DataFrame], workbook: str) -> None:
    """The 計 row: each printed total stated in its column-total check (千円 and person-years)."""
    checks = {c["check_id"]: c for c in rows(output, "checks", workbook)}
    (total,) = facts("totals")
    for item, column in BUDGET_COLUMNS.items():
        check = checks.get(f"hokkaido_column_total:{item}:1")
        if not total[column]:  # no フルコスト total is printed
            assert check is None
            continue
        scale = 1.0 if item.startswith("staff") else THOUSAND
        assert check is not None, item
        assert number(check["stated"]) * scale == pytest.approx(float(total[column])), item
        assert check["status"] == "match", item


def test_policy_budget(output: dict[str, pd.DataFrame], workbook: str) -> None:
    read = {b["fiscal_year"]: b for b in rows(output, "budgets", workbook) if b["item"] == "budget"}
    expected = facts("policy_budget")
    assert sorted(read) == sorted(int(p["fiscal_year"]) for p in expected)
    for budget in expected:
        row = read[int(budget["fiscal_year"])]
        assert row["amount"] == pytest.approx(float(budget["budget_yen"]))
        assert row["value_text"] == budget["printed_thousand_yen"]


# indicator.csv names a value by its grid column and metric; the contract by year, metric, and the 進捗率
# column as its place (its rate with the 進捗率 qualifier).
def indicator_key(fact: dict[str, str]) -> tuple[int, str, str]:
    progress = fact["column_label"] == "進捗率"
    metric = {"progress_actual": "actual", "progress_rate": "achievement_rate"}.get(fact["metric"], fact["metric"])
    return int(fact["fiscal_year"]), metric, "進捗率" if progress else "年度別"


def test_indicator_grid(output: dict[str, pd.DataFrame], workbook: str) -> None:
    """The 3-2 grid (年度 R1 / R2 / 進捗率 across; 目標値 / 実績値 / 達成率 down); R2's '-' is no value (d-rate-R2)."""
    grid = [r for r in rows(output, "indicator_values", workbook) if r["place"].startswith("3-2")]
    read = {(r["fiscal_year"], r["metric"], r["place"].split()[-1]): r for r in grid}
    expected = [f for f in facts("indicator") if f["metric"] != "achievement_level"]
    assert sorted(read) == sorted(indicator_key(f) for f in expected)
    for fact in expected:
        row = read[indicator_key(fact)]
        assert row["indicator_name"] == fact["indicator_name"]
        assert row["value_text"] == fact["value_printed"]
        assert blank(row["value"]) == (float(fact["value"]) if fact["value"] else None)
        assert (blank(row["na_marker"]) is not None) == (fact["value_printed"] == "-")
        assert (blank(row["qualifier"]) == "進捗率") == (fact["metric"] == "progress_rate")


def test_indicator_baseline(output: dict[str, pd.DataFrame], workbook: str) -> None:
    baselines = [r for r in rows(output, "indicator_values", workbook) if r["metric"] == "baseline"]
    fact = facts("indicator")[0]
    assert [(r["fiscal_year"], r["value"]) for r in baselines] == [
        (int(fact["base_fiscal_year"]), float(fact["base_value"]))
    ]


def test_achievement_levels(output: dict[str, pd.DataFrame], workbook: str) -> None:
    levels = [g for g in rows(output, "grades", workbook) if g["grade_type"] == "achievement_level"]
    on_grid = {g["fiscal_year"]: g["stated_grade"] for g in levels if g["place"].startswith("3-2")}
    stated = [f for f in facts("indicator") if f["metric"] == "achievement_level"]
    expected_grid = {int(f["fiscal_year"]): f["value"] for f in stated if f["column_label"].startswith("評価年度")}
    assert on_grid == {year: letter for year, letter in expected_grid.items() if letter}
    # d-level-history: this document prints no 達成率 for H29 / H30, so their letters cannot be recomputed.
    assert {g["status"] for g in levels if g["place"].startswith("3-2")} == {"not_computable"}
    (analysis,) = [g for g in levels if g["place"].startswith("5 (1)")]
    (fact,) = [f for f in stated if f["column_label"].startswith("5(1)")]
    assert analysis["stated_grade"] == fact["value"]


def test_current_level_recomputed_from_the_latest_rate(output: dict[str, pd.DataFrame], workbook: str) -> None:
    """5 (1) 【A】 against the latest printed 達成率 (R1 123%): d-level-R1."""
    (analysis,) = [g for g in rows(output, "grades", workbook) if g["place"].startswith("5 (1)")]
    (fact,) = [c for c in facts("checks") if c["check_id"] == "d-level-R1"]
    assert (analysis["recomputed_grade"], analysis["status"]) == (fact["recomputed"], fact["status"])


def test_criteria_and_judgement(output: dict[str, pd.DataFrame], workbook: str) -> None:
    grades = rows(output, "grades", workbook)
    marks = {g["indicator_key"]: blank(g["stated_grade"]) for g in grades if g["grade_type"] == "judgement_criterion"}
    expected = {f["item"]: f["mark_printed"] or None for f in facts("assessment") if f["item"].startswith("基準")}
    assert marks == expected
    (judgement,) = [g for g in grades if g["grade_type"] == "judgement"]
    (fact,) = [f for f in facts("assessment") if f["item"] == "判定"]
    assert (judgement["stated_grade"], judgement["recomputed_grade"]) == (fact["mark_printed"], fact["rule_derived"])
    assert judgement["status"] == "match"  # the same letter in substance; the case is finding H01


# checks.csv ids -> the check ids hyoka writes for the same recomputation.
CHECK_IDS: dict[str, str | tuple[str, ...]] = {
    **{f"a-{p['project_no']}": f"hokkaido_full_cost:{p['project_no']}" for p in facts("projects")},
    "b-carryover": "hokkaido_column_total:carryover:1",
    "b-cost": "hokkaido_column_total:project_cost:1",
    "b-general": "hokkaido_column_total:general_revenue:1",
    "b-main": "hokkaido_column_total:staff_main:1",
    "b-branch": "hokkaido_column_total:staff_branch:1",
    "b-total": "hokkaido_column_total:staff_total:1",
    "c-budget": "hokkaido_policy_budget:2020",
    "d-rate-R1": "hokkaido_achievement_rate:主①:2019",
    "d-rate-progress": "hokkaido_progress_rate:主①:progress",
    "d-target-R2": "indicator_target_cross_reference:主①:2020",
    "d-target-final": "indicator_progress_cross_reference:主①:final_target",
    "d-summary": "hokkaido_level_count:3(1)C:A",
    "f-kaizen": "hokkaido_reflection_count:改善",
    "f-other": tuple(f"hokkaido_reflection_count:{d}" for d in ("拡充", "縮小", "統合", "廃止", "終了")),
    "f-total": "hokkaido_reflection_total:total",
    "f-new": "hokkaido_new_projects:new_projects",
}
# Recomputations whose inputs are the 成果指標 grid's percentages read as numbers.
PERCENT_CHECKS = ("d-rate-R1", "d-rate-progress")


def check_facts(percentages: bool) -> list[pytest.param]:
    return [
        pytest.param(f, id=f["check_id"])
        for f in facts("checks")
        if f["check_id"] in CHECK_IDS and (f["check_id"] in PERCENT_CHECKS) == percentages
    ]


def assert_check(output: dict[str, pd.DataFrame], workbook: str, fact: dict[str, str]) -> None:
    checks = {c["check_id"]: c for c in rows(output, "checks", workbook)}
    ids = CHECK_IDS[fact["check_id"]]
    for check_id in (ids,) if isinstance(ids, str) else ids:
        check = checks.get(check_id)
        assert check is not None, (fact["check_id"], check_id)
        assert check["status"] == fact["status"], (fact, check)


@pytest.mark.parametrize("fact", check_facts(percentages=False))
def test_recomputations(output: dict[str, pd.DataFrame], workbook: str, fact: dict[str, str]) -> None:
    assert_check(output, workbook, fact)


@pytest.mark.parametrize("fact", check_facts(percentages=True))
def test_indicator_recomputations(output: dict[str, pd.DataFrame], workbook: str, fact: dict[str, str]) -> None:
    assert_check(output, workbook, fact)


def test_staff_and_unit_cost(output: dict[str, pd.DataFrame], workbook: str) -> None:
    """a-staff: 本庁 + 出先機関 = 人工計 on every row; a-unit: 7,920千円 per person-year, inferred from the rows."""
    checks = rows(output, "checks", workbook)
    staff = [c for c in checks if c["check_id"].startswith("hokkaido_staff_total:")]
    assert len(staff) == len(facts("projects")) and {c["status"] for c in staff} == {"match"}
    (unit,) = [c for c in checks if c["kind"] == "full_cost_unit_cost"]
    (fact,) = [c for c in facts("checks") if c["check_id"] == "a-unit"]
    assert number(unit["stated"]) == pytest.approx(float(fact["recomputed"]))


def test_findings_are_exactly_h01(output: dict[str, pd.DataFrame], workbook: str) -> None:
    flagged = [
        (c["kind"], c["stated"], c["recomputed"])
        for table in ("checks", "grades")
        for c in rows(output, table, workbook)
        if c["status"] in FLAGGED
    ]
    (finding,) = facts("findings")
    assert finding["kind"].startswith("notation_case_mismatch")
    # H01: the 判定 cell's case against the rule's lower-case outcome.
    assert flagged == [("judgement_notation", "C", "c")]
