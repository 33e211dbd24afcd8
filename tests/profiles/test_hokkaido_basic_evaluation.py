"""The 北海道 基本評価調書 profile against the hand-made truth: workbook, its PDF print, and a variant edition."""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bench.scoring import AUDIT_RULES
from hyoka.audit.engine import evaluate
from hyoka.extractors import open_document
from hyoka.extractors.model import Document
from hyoka.profiles import ProfileOutput, detect, spec_profile
from hyoka.schemas.tables import FLAGGED

PROFILE = spec_profile("hokkaido_basic_evaluation")

Builder = Callable[[str, int, Path], Path]  # the `build_edition` fixture (conftest.py)

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
TRUTH = SAMPLES / "truth" / "hokkaido_basic_evaluation"
FORMS = ("xlsx", "pdf")
A1 = re.compile(r"^[A-Z]{1,3}[0-9]+(:[A-Z]{1,3}[0-9]+)?$")


@dataclass
class Reading:
    document: Document
    output: ProfileOutput
    grades: list[dict[str, Any]]
    checks: list[dict[str, Any]]


def read(path: Path) -> Reading:
    document = open_document(path)
    output = PROFILE.extract(document)
    grades, checks = evaluate(output.cases)
    return Reading(document, output, grades, checks)


def truth(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def number(text: str | None) -> float | None:
    return None if text in (None, "") else round(float(text), 6)


def year(text: str | None) -> int | None:
    return None if text in (None, "") else int(text)


def blank(value: Any) -> str:
    return "" if value is None else str(value)


# Keys compared with the truth, one tuple per row (multisets: a value printed twice is two rows).
def measure_keys(rows: list[dict[str, Any]], *, from_truth: bool) -> Counter[tuple[Any, ...]]:
    def joined(value: Any) -> str:
        if from_truth:
            return value
        return " | ".join(value) if value else ""

    return Counter(
        (
            r["measure_key"],
            r["measure_no"],
            r["title"],
            r["level"],
            blank(r["group_name"]),
            joined(r["departments"]),
            joined(r["divisions"]),
        )
        for r in rows
    )


def indicator_keys(rows: list[dict[str, Any]]) -> Counter[tuple[Any, ...]]:
    return Counter(
        (
            r["indicator_key"],
            r["indicator_name"],
            year(blank(r["fiscal_year"])),
            r["metric"],
            number(blank(r["value"])),
            blank(r["unit"]),
            blank(r["qualifier"]),
            r["value_text"],
            blank(r["na_marker"]),
            r["place"],
        )
        for r in rows
    )


def budget_keys(rows: list[dict[str, Any]]) -> Counter[tuple[Any, ...]]:
    return Counter(
        (
            blank(r["measure_key"]),
            year(blank(r["fiscal_year"])),
            r["item"],
            number(blank(r["amount"])),
            r["unit"],
            r["value_text"],
        )
        for r in rows
    )


def grade_keys(rows: list[dict[str, Any]]) -> Counter[tuple[Any, ...]]:
    return Counter(
        (
            blank(r["measure_key"]),
            r["grade_type"],
            year(blank(r["fiscal_year"])),
            blank(r["stated_grade"]),
            number(blank(r["stated_value"])),
        )
        for r in rows
    )


def has_evidence(row: dict[str, Any], form: str) -> bool:
    if form == "xlsx":
        return bool(row["sheet"]) and bool(A1.match(row["cell"] or ""))
    bbox = row["bbox"]
    return isinstance(row["page"], int) and row["page"] >= 1 and bbox is not None and len(bbox) == 4


# Which flagged row reports which truth inconsistency: the benchmark's rules for this series.
claims = AUDIT_RULES["hokkaido_basic_evaluation"].explains


def assert_audit(reading: Reading, inconsistencies: list[dict[str, str]]) -> None:
    flagged = [r for r in [*reading.grades, *reading.checks] if r["status"] in FLAGGED]
    missing = [i for i in inconsistencies if not any(claims(i, r) for r in flagged)]
    false_alarms = [r for r in flagged if not any(claims(i, r) for i in inconsistencies)]
    assert not missing, f"inconsistencies not found: {missing}"
    assert not false_alarms, f"false alarms: {[(r.get('check_id'), r.get('detail')) for r in false_alarms]}"


@pytest.fixture(scope="module")
def readings() -> dict[str, Reading]:
    return {form: read(SAMPLES / f"hokkaido_basic_evaluation.{form}") for form in FORMS}


@pytest.fixture(scope="module")
def variant(tmp_path_factory: pytest.TempPathFactory, build_edition: Builder) -> tuple[Path, dict[str, Reading]]:
    out = build_edition("hokkaido_basic_evaluation", 3, tmp_path_factory.mktemp("hokkaido_variant"))
    return out / "truth" / "hokkaido_basic_evaluation", {
        form: read(out / f"hokkaido_basic_evaluation.{form}") for form in FORMS
    }


@pytest.mark.parametrize("form", FORMS)
def test_document_fields(readings: dict[str, Reading], form: str) -> None:
    document = truth(TRUTH, "document")[0]
    output = readings[form].output
    assert output.title == document["title"]
    assert output.report_fiscal_year == int(document["report_fiscal_year"])
    assert output.problems == []
    assert output.document_fields == {"policy_name": document["施策名"], "policy_code": document["施策コード"]}


@pytest.mark.parametrize("form", FORMS)
def test_measures_match_truth(readings: dict[str, Reading], form: str) -> None:
    rows = readings[form].output.measures
    assert measure_keys(rows, from_truth=False) == measure_keys(truth(TRUTH, "measures"), from_truth=True)
    assert all(has_evidence(r, form) for r in rows)


@pytest.mark.parametrize("form", FORMS)
def test_indicator_values_match_truth(readings: dict[str, Reading], form: str) -> None:
    rows = readings[form].output.indicator_values
    assert indicator_keys(rows) == indicator_keys(truth(TRUTH, "indicator_values"))
    assert all(has_evidence(r, form) for r in rows)


@pytest.mark.parametrize("form", FORMS)
def test_budgets_match_truth(readings: dict[str, Reading], form: str) -> None:
    rows = readings[form].output.budgets
    assert budget_keys(rows) == budget_keys(truth(TRUTH, "budgets"))
    assert all(has_evidence(r, form) for r in rows)


@pytest.mark.parametrize("form", FORMS)
def test_stated_grades_match_truth(readings: dict[str, Reading], form: str) -> None:
    rows = readings[form].grades
    assert grade_keys(rows) == grade_keys(truth(TRUTH, "grades"))
    assert all(has_evidence(r, form) for r in rows)


def test_workbook_and_print_give_the_same_values(readings: dict[str, Reading]) -> None:
    xlsx, pdf = readings["xlsx"].output, readings["pdf"].output
    assert measure_keys(xlsx.measures, from_truth=False) == measure_keys(pdf.measures, from_truth=False)
    assert indicator_keys(xlsx.indicator_values) == indicator_keys(pdf.indicator_values)
    assert budget_keys(xlsx.budgets) == budget_keys(pdf.budgets)
    assert grade_keys(readings["xlsx"].grades) == grade_keys(readings["pdf"].grades)


def test_workbook_values_keep_their_formula(readings: dict[str, Reading]) -> None:
    budgets = readings["xlsx"].output.budgets
    computed = [r for r in budgets if r["item"] in ("full_cost", "staff_total")]
    typed = [r for r in budgets if r["item"] in ("project_cost", "general_revenue", "staff_main")]
    assert computed and all(r["formula"].startswith("=") for r in computed)
    assert typed and all(r["formula"] is None for r in typed)
    rates = [r for r in readings["xlsx"].output.indicator_values if r["metric"] == "achievement_rate"]
    assert rates and all(r["formula"] for r in rates)
    assert all(r["formula"] is None for r in readings["pdf"].output.budgets)


@pytest.mark.parametrize("form", FORMS)
def test_every_full_cost_and_staff_total_is_recomputed(readings: dict[str, Reading], form: str) -> None:
    checked = {(r["kind"], r["check_id"].rsplit(":", 1)[-1]) for r in readings[form].checks}
    for row in readings[form].output.budgets:
        if row["item"] in ("full_cost", "staff_total"):
            assert (row["item"], row["measure_key"]) in checked


@pytest.mark.parametrize("form", FORMS)
def test_audit_finds_the_seed_inconsistencies_and_nothing_else(readings: dict[str, Reading], form: str) -> None:
    assert_audit(readings[form], truth(TRUTH, "inconsistencies"))


@pytest.mark.parametrize("form", FORMS)
def test_audit_states_what_it_checked(readings: dict[str, Reading], form: str) -> None:
    checks = {r["check_id"]: r for r in readings[form].checks}
    # The seed adds up: Σ事業費 = 計 = 施策の予算額 of 令和2年度, 1 A indicator, 改善 2 of 2 listed.
    for check_id in (
        "hokkaido_column_total:project_cost:1",
        "hokkaido_policy_budget:2020",
        "hokkaido_level_count:3(1)C:A",
        "hokkaido_reflection_count:改善",
        "hokkaido_reflection_listed:listed",
        "hokkaido_new_projects:new_projects",
        "hokkaido_achievement_rate:主①:2019",
        "hokkaido_progress_rate:主①:progress",
    ):
        assert checks[check_id]["status"] == "match", check_id
    assert checks["full_cost_unit_cost:unit_cost"]["stated"] == "7,920"
    judgement = next(r for r in readings[form].grades if r["grade_type"] == "judgement")
    # The printed rule gives c (基準1 △, a ○ among 基準2–4): C agrees in substance; its case is a notation finding.
    assert (judgement["stated_grade"], judgement["recomputed_grade"], judgement["status"]) == ("C", "c", "match")
    notation = checks["hokkaido_judgement:notation:2020:5 (2) 取組の分析"]
    assert (notation["kind"], notation["stated"], notation["recomputed"], notation["status"]) == (
        "judgement_notation",
        "C",
        "c",
        "notation",
    )


@pytest.mark.parametrize("form", FORMS)
def test_score_recognises_its_samples(readings: dict[str, Reading], form: str) -> None:
    document = readings[form].document
    assert PROFILE.score(document) >= 0.9
    assert detect(document) is PROFILE


def test_score_is_low_for_the_other_series() -> None:
    others = [p for p in sorted([*SAMPLES.glob("*.pdf"), *SAMPLES.glob("*.xlsx")]) if p.stem != PROFILE.profile_id]
    assert others
    for path in others:
        assert PROFILE.score(open_document(path)) < 0.3, path.name


@pytest.mark.parametrize("form", ["xlsx", "pdf"])
def test_variant_measures_and_budgets(variant: tuple[Path, dict[str, Reading]], form: str) -> None:
    folder, readings = variant
    output = readings[form].output
    assert measure_keys(output.measures, from_truth=False) == measure_keys(truth(folder, "measures"), from_truth=True)
    assert budget_keys(output.budgets) == budget_keys(truth(folder, "budgets"))


@pytest.mark.parametrize("form", FORMS)
def test_variant_indicator_values_and_grades(variant: tuple[Path, dict[str, Reading]], form: str) -> None:
    folder, readings = variant
    reading = readings[form]
    document = truth(folder, "document")[0]
    assert reading.output.report_fiscal_year == int(document["report_fiscal_year"])
    assert indicator_keys(reading.output.indicator_values) == indicator_keys(truth(folder, "indicator_values"))
    assert grade_keys(reading.grades) == grade_keys(truth(folder, "grades"))


@pytest.mark.parametrize("form", ["xlsx", "pdf"])
def test_variant_audit_finds_the_planted_inconsistencies(variant: tuple[Path, dict[str, Reading]], form: str) -> None:
    folder, readings = variant
    assert_audit(readings[form], truth(folder, "inconsistencies"))


def test_variant_print_finds_the_planted_inconsistencies(variant: tuple[Path, dict[str, Reading]]) -> None:
    """What the print's audit flags despite the lost rows: both planted findings."""
    folder, readings = variant
    flagged = [r for r in [*readings["pdf"].grades, *readings["pdf"].checks] if r["status"] in FLAGGED]
    for inconsistency in truth(folder, "inconsistencies"):
        assert any(claims(inconsistency, r) for r in flagged), inconsistency
