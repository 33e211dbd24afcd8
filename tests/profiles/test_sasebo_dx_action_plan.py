"""The 佐世保市 DX戦略 実行計画 profile against the hand-made truth: the A3 plan, the project-list
workbook and its print, and a variant edition built into a temp dir."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from hyoka.audit.engine import evaluate
from hyoka.extractors import open_document
from hyoka.extractors.model import Document
from hyoka.profiles import ProfileOutput, spec_profile
from hyoka.profiles.sasebo_dx_action_plan import link_kpis, read_plan
from hyoka.specs import Reading
from hyoka.specs.locate import Inventory, read_header

PROFILE = spec_profile("sasebo_dx_action_plan")

Builder = Callable[[str, int, Path], Path]  # the `build_edition` fixture (conftest.py)

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
TRUTH = SAMPLES / "truth" / "sasebo_dx_action_plan"
OTHER_SERIES = [
    "hokkaido_basic_evaluation.xlsx",
    "tokorozawa_ict_action_plan.pdf",
    "yokohama_action_plan_review.pdf",
    "yokohama_kanmin_data_status.pdf",
]
# Truth kinds -> the check kinds that report them.
KINDS = {"duplicate_id": {"duplicate_id", "duplicate_roadmap_id"}}
PID = re.compile(r"[一-龥ぁ-んァ-ヶー]+\d+(?:[-/][0-9A-Za-z]+)+")
YEAR = re.compile(r"\((\d{4})\)")


class Read:
    def __init__(self, path: Path) -> None:
        self.document = open_document(path)
        self.output: ProfileOutput = PROFILE.extract(self.document)
        self.grades, self.checks = evaluate(self.output.cases)


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def plan() -> Read:
    return Read(SAMPLES / "sasebo_dx_action_plan.pdf")


@pytest.fixture(scope="module")
def workbook() -> Read:
    return Read(SAMPLES / "sasebo_dx_project_list.xlsx")


@pytest.fixture(scope="module")
def list_print() -> Read:
    return Read(SAMPLES / "sasebo_dx_project_list.pdf")


@pytest.fixture(scope="module")
def variant(tmp_path_factory: pytest.TempPathFactory, build_edition: Builder) -> tuple[Read, Path]:
    out = build_edition("sasebo_dx_action_plan", 3, tmp_path_factory.mktemp("sasebo_v3"))
    return Read(out / "sasebo_dx_action_plan.pdf"), out / "truth" / "sasebo_dx_action_plan"


def _measure_view(row: dict[str, Any]) -> tuple[Any, ...]:
    def joined(value: Any) -> str:
        return " | ".join(value) if isinstance(value, list) else (value or "")

    def flag(value: Any) -> str:
        return "" if value is None else str(value).lower()

    return (
        row["measure_key"],
        row["measure_no"] or "",
        row["title"],
        row["level"],
        row["group_name"] or "",
        joined(row["departments"]),
        joined(row["divisions"]),
        row["stage"] or "",
        flag(row["flag_leading"]),
    )


def _truth_measures(truth: Path, level: str | None = None) -> set[tuple[Any, ...]]:
    return {
        (
            r["measure_key"],
            r["measure_no"],
            r["title"],
            r["level"],
            r["group_name"],
            r["departments"],
            r["divisions"],
            r["stage"],
            r["flag_leading"],
        )
        for r in _csv(truth / "measures.csv")
        if level is None or r["level"] == level
    }


def _value_view(row: dict[str, Any]) -> tuple[Any, ...]:
    value = "" if row["value"] is None else f"{float(row['value']):g}"
    return (
        row["measure_key"],
        row["indicator_key"],
        row["indicator_name"],
        int(row["fiscal_year"]),
        row["metric"],
        value,
        row["unit"] or "",
        row["value_text"],
        row["na_marker"] or "",
        row["place"],
    )


def _truth_values(truth: Path, place: str | None = None) -> set[tuple[Any, ...]]:
    return {
        (
            r["measure_key"],
            r["indicator_key"],
            r["indicator_name"],
            int(r["fiscal_year"]),
            r["metric"],
            "" if r["value"] == "" else f"{float(r['value']):g}",
            r["unit"],
            r["value_text"],
            r["na_marker"],
            r["place"],
        )
        for r in _csv(truth / "indicator_values.csv")
        if place is None or r["place"] == place
    }


def _has_evidence(row: dict[str, Any]) -> bool:
    return (row["page"] is not None and row["bbox"] is not None) or (row["sheet"] is not None and row["cell"])


# ---- recognition ---------------------------------------------------------------------


def test_score_is_high_for_the_series(plan: Read, workbook: Read, list_print: Read) -> None:
    assert PROFILE.score(plan.document) >= 0.9
    assert PROFILE.score(workbook.document) >= 0.6
    assert PROFILE.score(list_print.document) >= 0.6


@pytest.mark.parametrize("name", OTHER_SERIES)
def test_score_is_low_for_other_series(name: str) -> None:
    assert PROFILE.score(open_document(SAMPLES / name)) < 0.3


@pytest.mark.parametrize("form", ["plan", "workbook", "list_print"])
def test_title_and_year(form: str, request: pytest.FixtureRequest) -> None:
    # The workbook prints its title only in the sheet's print header.
    read: Read = request.getfixturevalue(form)
    document = _csv(TRUTH / "document.csv")[0]
    assert read.output.title == document["title"]
    assert read.output.report_fiscal_year == int(document["report_fiscal_year"])
    assert read.output.problems == []


# ---- extraction against the truth ----------------------------------------------------


def _untitled(rows: Iterable[tuple[Any, ...]]) -> set[tuple[Any, ...]]:
    return {row[:2] + row[3:] for row in rows}


def test_plan_measures(plan: Read) -> None:
    got = [_measure_view(m) for m in plan.output.measures]
    assert len(got) == len(set(got)) == 94
    assert _untitled(got) == _untitled(_truth_measures(TRUTH))
    assert all(_has_evidence(m) for m in plan.output.measures)


@pytest.mark.parametrize("form", ["plan", "list_print"])
def test_pdf_measure_titles(form: str, request: pytest.FixtureRequest) -> None:
    read: Read = request.getfixturevalue(form)
    level = None if form == "plan" else "project"
    assert {_measure_view(m) for m in read.output.measures} == _truth_measures(TRUTH, level)


def test_workbook_measure_titles(workbook: Read) -> None:
    assert {_measure_view(m) for m in workbook.output.measures} == _truth_measures(TRUTH, "project")


def test_plan_indicator_values(plan: Read) -> None:
    got = [_value_view(v) for v in plan.output.indicator_values]
    assert len(got) == len(set(got))
    assert set(got) == _truth_values(TRUTH)
    assert all(_has_evidence(v) for v in plan.output.indicator_values)


def test_kpi_texts_attached(plan: Read) -> None:
    truth = {
        (r["measure_key"], r["formula_text"], r["evaluation_text"])
        for r in _csv(TRUTH / "indicator_values.csv")
        if r["place"] == "kpi_grid"
    }
    got = {
        (v["measure_key"], v["formula_text"] or "", v["evaluation_text"] or "")
        for v in plan.output.indicator_values
        if v["place"] == "kpi_grid"
    }
    assert got == truth


def test_implementation_years(plan: Read, workbook: Read) -> None:
    truth = {
        (r["measure_key"], int(r["fiscal_year"]), r["marker"]) for r in _csv(TRUTH / "table_implementation_years.csv")
    }
    for read in (plan, workbook):
        got = {
            (m["measure_key"], int(year), marker)
            for m in read.output.measures
            if m["level"] == "project"
            for year, marker in json.loads(m["implementation_years"]).items()
        }
        assert got == truth


@pytest.mark.parametrize("form", ["workbook", "list_print"])
def test_project_list_forms(form: str, request: pytest.FixtureRequest) -> None:
    read: Read = request.getfixturevalue(form)
    assert _untitled(_measure_view(m) for m in read.output.measures) == _untitled(_truth_measures(TRUTH, "project"))
    assert {_value_view(v) for v in read.output.indicator_values} == _truth_values(TRUTH, "project_list")
    assert all(_has_evidence(r) for r in read.output.measures + read.output.indicator_values)


def test_pdf_list_and_workbook_give_the_same_rows(plan: Read, workbook: Read) -> None:
    def rows(read: Read) -> list[tuple[Any, ...]]:
        return sorted(_measure_view(m) for m in read.output.measures if m["level"] == "project")

    def values(read: Read) -> list[tuple[Any, ...]]:
        return sorted(_value_view(v) for v in read.output.indicator_values if v["place"] == "project_list")

    assert _untitled(rows(plan)) == _untitled(rows(workbook))
    assert values(plan) == values(workbook)


def _reading(document: Document) -> Reading:
    """The document as the spec's hook reads it: its declared tables located."""
    inventory = Inventory(tuple(PROFILE.tables.values()))
    located = {name: inventory.locate_all(document, table) for name, table in PROFILE.tables.items()}
    return Reading(PROFILE.spec, document, ProfileOutput(), inventory, PROFILE.tables, located)


def test_kpi_links_found_from_the_document(plan: Read) -> None:
    read = read_plan(_reading(plan.document))
    truth = {(r["kpi_key"], r["measure_key"]) for r in _csv(TRUTH / "kpi_project_links.csv")}
    assert {(k.key, p.key) for k, p in link_kpis(read.kpis, read.projects)} == truth


def test_plan_declares_its_kpi_grids_and_roadmaps(plan: Read, workbook: Read, list_print: Read) -> None:
    """The plan prints roadmaps and KPI grids besides the project list: one sentence for each it lacks; the
    list's own workbook and its print declare the list alone, and no roadmap is read in the list itself."""
    grid = PROFILE.tables["KPI grid"]
    pages = [
        replace(page, tables=[t for t in page.tables if read_header(t, grid) is None]) for page in plan.document.pages
    ]
    assert plan.output.problems == []
    assert PROFILE.extract(replace(plan.document, pages=pages)).problems == [
        "KPI grid (課題 | KPI | 算出式 | 進捗状況) was not found."
    ]
    assert workbook.output.problems == [] and list_print.output.problems == []


def test_a_plan_whose_project_list_is_not_read_cannot_check_its_links(plan: Read) -> None:
    """The roadmaps and KPI grids repeat the project list: with the list's pages left out, the document is
    partial and every check of a roadmap or grid against the list is not_computable, never a mismatch."""
    listed = PROFILE.tables["the project list プロジェクト一覧"]
    pages = [
        replace(page, tables=[t for t in page.tables if read_header(t, listed) is None]) for page in plan.document.pages
    ]
    output = PROFILE.extract(replace(plan.document, pages=pages))
    assert output.problems == ["The project list プロジェクト一覧 (PID | プロジェクト名称) was not found."]
    checks = evaluate(output.cases)[1]
    linked = {"roadmap_name", "roadmap_step", "grid_vs_list_target", "grid_vs_list_actual"}
    unread = [c for c in checks if c["kind"] in linked]
    assert {c["kind"] for c in unread} == linked
    # The explanation names the list as the plan prints it (the spec's label for the table).
    assert all(
        c["status"] == "not_computable" and c["detail"].endswith("：計算できない：プロジェクト一覧を読めていない")
        for c in unread
    )
    numbering = [c for c in checks if c["kind"] == "roadmap_numbering" and ":prefix:" not in c["check_id"]]
    assert [c["status"] for c in numbering] == ["not_computable"]


def test_no_budgets_and_no_printed_grades(plan: Read) -> None:
    assert plan.output.budgets == [] and _csv(TRUTH / "budgets.csv") == []
    # The plan prints no grade; its only judgements are the 進捗状況・評価 texts, checked among the checks.
    assert _csv(TRUTH / "grades.csv") == []
    assert plan.grades == []
    assert _judgements(plan)


# The judgements as the auditor reads them: the plan's words (進捗状況・評価: 計画通り / 遅れ), and a text that
# states neither.
ON_TRACK, BEHIND, NO_JUDGEMENT = "計画通り", "遅れ", "判断なし"


def _judgements(read: Read) -> list[dict[str, Any]]:
    """The checks of the 進捗状況・評価 texts against the numbers, one per KPI and year."""
    return [c for c in read.checks if c["kind"] == "kpi_progress"]


def _kpi_of(judgement: dict[str, Any]) -> str:
    return judgement["scope"].split()[1]


def test_evaluation_texts_classified(plan: Read) -> None:
    stated = {_kpi_of(j): j["stated"] for j in _judgements(plan) if j["stated"] is not None}
    # 計画以上 / 目標を上回っている / 計画通り -> on_track; 目標値を下回っている -> behind (truth README),
    # shown to the auditor in the plan's own words for the two outcomes: 計画通り / 遅れ.
    assert stated["KPI:多様化-2-2"] == ON_TRACK
    assert stated["KPI:保健福祉-2-1"] == ON_TRACK
    assert stated["KPI:保健福祉-1-2"] == BEHIND
    assert stated["KPI:多様化-1-2"] == BEHIND
    assert stated["KPI:職場環境-1-2"] == ON_TRACK
    paper = next(j for j in _judgements(plan) if _kpi_of(j) == "KPI:職場環境-1-2")
    assert paper["status"] == "match" and paper["check_id"].startswith("sasebo_kpi_progress_less:")


# ---- the audit -----------------------------------------------------------------------


def _flagged(read: Read) -> list[dict[str, Any]]:
    return [r for r in read.grades + read.checks if r["status"] in ("mismatch", "ambiguous")]


def _finds(truth_row: dict[str, str], row: dict[str, Any]) -> bool:
    kind = row.get("kind") or row.get("grade_type")
    if kind not in KINDS.get(truth_row["kind"], {truth_row["kind"]}):
        return False
    words = " ".join((truth_row["scope"], truth_row["stated"], truth_row["expected"]))
    pids, years = PID.findall(words), YEAR.findall(truth_row["scope"])
    check_id = row.get("check_id") or ""
    return (not pids or any(pid in check_id for pid in pids)) and all(year in check_id for year in years)


def _audit(read: Read, truth: Path, *, judgements: bool) -> tuple[list[dict[str, str]], list[dict[str, Any]]]:
    truth_rows = _csv(truth / "inconsistencies.csv")
    flagged = [r for r in _flagged(read) if (r.get("kind") == "kpi_progress") == judgements]
    missed = [t for t in truth_rows if not any(_finds(t, r) for r in flagged)]
    alarms = [r for r in flagged if not any(_finds(t, r) for t in truth_rows)]
    return missed, alarms


def test_audit_finds_every_inconsistency_and_no_false_alarm_in_checks(plan: Read) -> None:
    missed, alarms = _audit(plan, TRUTH, judgements=False)
    assert missed == []
    assert alarms == []
    findings = [r for r in _flagged(plan) if r["kind"] != "kpi_progress"]
    assert len(findings) == len(_csv(TRUTH / "inconsistencies.csv"))


def test_no_false_alarm_in_judgements(plan: Read) -> None:
    # A neutral text neither confirms nor contradicts the numbers: `no_claim` wherever they give a
    # verdict, not a finding, so it is no inconsistency of the truth.
    assert _audit(plan, TRUTH, judgements=True)[1] == []
    neutral = [j for j in _judgements(plan) if j["stated"] == NO_JUDGEMENT]
    assert neutral
    for j in neutral:
        assert j["status"] == ("no_claim" if j["recomputed"] is not None else "not_computable"), j


def test_check_ids_are_stable(plan: Read) -> None:
    again = evaluate(PROFILE.extract(plan.document).cases)[1]
    assert [r["check_id"] for r in again] == [r["check_id"] for r in plan.checks]
    ids = [r["check_id"] for r in plan.checks]
    assert len(ids) == len(set(ids))


# ---- another edition -----------------------------------------------------------------


def _by_kpi_name(rows: Iterable[tuple[Any, ...]], names: dict[str, str]) -> set[tuple[Any, ...]]:
    """Rows with a KPI's key replaced by its name: the builder keeps the seed's KPI numbering when it
    drops a KPI, while the edition itself numbers the remaining KPIs of the 課題 afresh."""
    return {tuple(names.get(v, v) if i < 2 else v for i, v in enumerate(row)) for row in rows}


def test_variant_measures_and_values(variant: tuple[Read, Path]) -> None:
    read, truth = variant
    got_names = {m["measure_key"]: m["title"] for m in read.output.measures if m["level"] == "kpi"}
    truth_names = {r["measure_key"]: r["title"] for r in _csv(truth / "measures.csv") if r["level"] == "kpi"}
    got = _by_kpi_name(_untitled(_measure_view(m) for m in read.output.measures), got_names)
    assert got == _by_kpi_name(_untitled(_truth_measures(truth)), truth_names)
    got_values = _by_kpi_name((_value_view(v) for v in read.output.indicator_values), got_names)
    assert got_values == _by_kpi_name(_truth_values(truth), truth_names)
    assert read.output.report_fiscal_year == int(_csv(truth / "document.csv")[0]["report_fiscal_year"])


def test_variant_audit(variant: tuple[Read, Path]) -> None:
    read, truth = variant
    missed, alarms = _audit(read, truth, judgements=False)
    assert missed == []
    assert alarms == []
