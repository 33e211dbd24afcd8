"""The 所沢市 ICT推進アクションプラン profile against the hand-made truth: the sample and a variant edition."""

from __future__ import annotations

import copy
import csv
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from hyoka.audit.engine import evaluate
from hyoka.extractors import open_document
from hyoka.extractors.model import Document, Table
from hyoka.profiles import ProfileOutput, spec_profile
from hyoka.schemas.tables import FLAGGED
from hyoka.specs.locate import locate_all

Builder = Callable[[str, int, Path], Path]  # the `build_edition` fixture (conftest.py)

ROOT = Path(__file__).resolve().parents[2]
REPORT = "tokorozawa_ict_action_plan"
SAMPLE = ROOT / "samples" / f"{REPORT}.pdf"
TRUTH = ROOT / "samples" / "truth" / REPORT
PROFILE = spec_profile(REPORT)
GRADE_LIST = PROFILE.tables["the grade list 表４－１"]


def truth_rows(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@dataclass
class Reading:
    document: Document
    output: ProfileOutput
    grades: list[dict[str, Any]]
    checks: list[dict[str, Any]]
    truth: Path
    score: float


def read(path: Path, truth: Path) -> Reading:
    document = open_document(path)
    output = PROFILE.extract(document)
    grades, checks = evaluate(output.cases)
    return Reading(document, output, grades, checks, truth, PROFILE.score(document))


@pytest.fixture(scope="module")
def sample() -> Reading:
    return read(SAMPLE, TRUTH)


@pytest.fixture(scope="module")
def variant(tmp_path_factory: pytest.TempPathFactory, build_edition: Builder) -> Reading:
    out = build_edition(REPORT, 3, tmp_path_factory.mktemp("tokorozawa_variant"))
    return read(out / f"{REPORT}.pdf", out / "truth" / REPORT)


@pytest.fixture(params=["sample", "variant"])
def edition(request: pytest.FixtureRequest) -> Reading:
    return request.getfixturevalue(request.param)


def has_evidence(row: dict[str, Any]) -> bool:
    bbox = row["bbox"]
    return row["page"] is not None and bbox is not None and len(bbox) == 4 and bbox[0] <= bbox[2] and bbox[1] <= bbox[3]


# -- the contract tables against the truth --------------------------------------------------------------------
def test_measures_match_the_truth(edition: Reading) -> None:
    expected = {m["measure_key"]: m for m in truth_rows(edition.truth, "measures")}
    got = {m["measure_key"]: m for m in edition.output.measures}
    assert len(edition.output.measures) == len(got)
    assert got.keys() == expected.keys()
    for key, truth in expected.items():
        row = got[key]
        assert row["measure_no"] == truth["measure_no"], key
        assert row["title"] == truth["title"], key
        assert row["level"] == truth["level"], key
        assert row["group_name"] == truth["group_name"], key
        assert " | ".join(row["departments"] or []) == truth["departments"], key
        assert " | ".join(row["divisions"] or []) == truth["divisions"], key
        assert row["stage"] == truth["stage"], key
        assert has_evidence(row), key


def test_template_sheet_is_no_system(sample: Reading) -> None:
    titles = {m["title"] for m in sample.output.measures}
    assert "個別システムの名称" not in titles
    assert not sample.output.problems


def test_budgets_match_the_truth(edition: Reading) -> None:
    expected = {(b["measure_key"], int(b["fiscal_year"]), b["item"]): b for b in truth_rows(edition.truth, "budgets")}
    got = {(b["measure_key"], b["fiscal_year"], b["item"]): b for b in edition.output.budgets}
    assert len(edition.output.budgets) == len(got)
    assert got.keys() == expected.keys()
    for key, truth in expected.items():
        row = got[key]
        assert row["amount"] == float(truth["amount"]), key
        assert row["unit"] == truth["unit"], key
        assert row["value_text"] == truth["value_text"], key
        assert has_evidence(row), key


def test_every_stated_grade_has_a_row(edition: Reading) -> None:
    expected = {
        (g["measure_key"], g["grade_type"], int(g["fiscal_year"]) if g["fiscal_year"] else None, g["place"]): g
        for g in truth_rows(edition.truth, "grades")
    }
    got = {(g["measure_key"], g["grade_type"], g["fiscal_year"], g["place"]): g for g in edition.grades}
    assert len(edition.grades) == len(got)
    assert got.keys() == expected.keys()
    for key, truth in expected.items():
        assert got[key]["stated_grade"] == (truth["stated_grade"] or None), key
        assert has_evidence(got[key]), key


def test_title_and_year(edition: Reading) -> None:
    document = truth_rows(edition.truth, "document")[0]
    assert edition.output.title == document["title"]
    assert edition.output.report_fiscal_year == int(document["report_fiscal_year"])


# -- the audit ------------------------------------------------------------------------------------------------
def finding_key(finding: dict[str, str]) -> str | None:
    """The system a finding is about: the variant's truth names it, the canonical one says `P.14` in its scope."""
    if finding.get("measure_key"):
        return finding["measure_key"]
    m = re.match(r"P\.(\d+)", finding["scope"])
    return m.group(1) if m else None


def explains(finding: dict[str, str], row: dict[str, Any]) -> bool:
    """Whether a flagged grades/checks row is the audit's report of the finding."""
    kind, key = finding["kind"], finding_key(finding)
    if "check_id" not in row:  # a grade row
        return kind == "grade_mismatch" and row["measure_key"] == key and row["grade_type"] in finding["scope"]
    check_key = row["check_id"].split(":")[1]
    if kind == "narrative_total_mismatch":
        stated = re.findall(r"\d+", finding["stated"])
        return row["kind"] == "narrative_total" and row["stated"] in stated
    if kind == "grade_mismatch":
        return row["kind"] == "grade_cross_reference" and check_key == key
    kinds = {
        "department_mismatch": "department_cross_reference",
        "name_mismatch": "name_cross_reference",
        "settlement_exceeds_budget": "settlement_exceeds_budget",
        "fiscal_year_header": "fiscal_year_header",
    }
    if row["kind"] != kinds.get(kind) or check_key != key:
        return False
    return kind != "settlement_exceeds_budget" or row["stated"] == finding["stated"]


def test_audit_finds_every_inconsistency(edition: Reading) -> None:
    flagged = [r for r in edition.grades + edition.checks if r["status"] in FLAGGED]
    for finding in truth_rows(edition.truth, "inconsistencies"):
        assert any(explains(finding, row) for row in flagged), finding


def test_audit_raises_no_false_alarm(edition: Reading) -> None:
    findings = truth_rows(edition.truth, "inconsistencies")
    flagged = [r for r in edition.grades + edition.checks if r["status"] in FLAGGED]
    unexplained = [r for r in flagged if not any(explains(f, r) for f in findings)]
    assert unexplained == []


def test_narrative_totals_of_the_seed(sample: Reading) -> None:
    """P.29 states 総括 A 49 / B 9 against 表３－２'s 51 / 7; its R3 totals and the chapter 3 totals agree."""
    narrative = {r["check_id"].split(":", 1)[1]: r for r in sample.checks if r["kind"] == "narrative_total"}
    assert narrative["final:A:1"]["status"] == "mismatch"
    assert (narrative["final:A:1"]["stated"], narrative["final:A:1"]["recomputed"]) == ("49", "[51, 51]")
    assert (narrative["final:B:1"]["stated"], narrative["final:B:1"]["recomputed"]) == ("9", "[7, 7]")
    for key in ("r3_progress:A:1", "r3_progress:B:1", "r3_progress:systems:1", "final:systems:1", "r3_progress:AB:1"):
        assert narrative[key]["status"] == "match", key
    assert narrative["r3_progress:AB:1"]["stated"] == "57"


def test_summary_tables_are_recomputed(sample: Reading) -> None:
    """表３－１ / ３－２: 3 visions × 4 grades × (count, share) + 3 A-or-B shares each; the pie legends 4 each."""
    kinds = [r["kind"] for r in sample.checks]
    assert kinds.count("vision_summary_count") == 2 * 3 * 4
    assert kinds.count("vision_summary_share") == 2 * (3 * 4 + 3)
    assert kinds.count("figure_share") == 2 * 4
    share = next(r for r in sample.checks if r["check_id"].endswith("vision_share:final:2:B"))
    assert share["stated"] == "11" and share["status"] == "match"  # 4 of 35 = 11.4%


def test_check_ids_are_unique(edition: Reading) -> None:
    ids = [r["check_id"] for r in edition.checks]
    assert len(ids) == len(set(ids))


# -- completeness ---------------------------------------------------------------------------------------------
def test_without_its_grade_list_the_document_is_partial_and_what_counts_over_it_not_computable(
    sample: Reading,
) -> None:
    document = copy.deepcopy(sample.document)
    grade_list = {loc.table.table_id for loc in locate_all(document, GRADE_LIST) if len(loc.years) == 1}
    assert len(grade_list) == 1
    for page in document.pages:
        page.tables = [t for t in page.tables if t.table_id not in grade_list]
    output = PROFILE.extract(document)
    # The title names the plan's years, not one: the report's year is the one 表４－１ heads.
    assert output.problems == [
        "The grade list 表４－１ (P. | システム名) was not found.",
        "The report's fiscal year could not be read from its title.",
    ]
    _, checks = evaluate(output.cases)
    over_the_list = [c for c in checks if c["kind"] in ("vision_summary_count", "vision_summary_share", "figure_share")]
    assert len(over_the_list) == 2 * 3 * 4 + 2 * (3 * 4 + 3) + 2 * 4  # every printed figure still has its row
    for check in over_the_list:
        assert check["status"] == "not_computable", check["check_id"]
        assert "表４－１" in check["detail"], check["check_id"]
    # A total stated in the text is still recomputed from 表３－x, which was read: P.29's 総括 A 49 vs 51.
    narrative = {c["check_id"].split(":", 1)[1]: c for c in checks if c["kind"] == "narrative_total"}
    assert narrative["final:A:1"]["status"] == "mismatch"
    assert narrative["final:systems:1"]["status"] == "not_computable"
    # The check that each Ｐ. is printed once in 表４－１ says it could not look, rather than saying nothing.
    (duplicates,) = [c for c in checks if c["kind"] == "duplicate_measure_no" and "表４－１" in c["scope"]]
    assert duplicates["status"] == "not_computable"
    assert "表４－１" in duplicates["detail"]


def test_without_its_reference_table_the_check_of_its_numbers_is_not_computable(sample: Reading) -> None:
    """参考資料 (a grade column per plan year) left out: its Ｐ. numbers were not read, so not checked."""
    document = copy.deepcopy(sample.document)
    reference = {loc.table.table_id for loc in locate_all(document, GRADE_LIST) if len(loc.years) > 1}
    assert reference
    for page in document.pages:
        page.tables = [t for t in page.tables if t.table_id not in reference]
    _, checks = evaluate(PROFILE.extract(document).cases)
    duplicates = {c["scope"]: c["status"] for c in checks if c["kind"] == "duplicate_measure_no"}
    assert duplicates == {"Ｐ. numbers of 参考資料": "not_computable"}  # 表４－１'s numbers: each once, no row


def test_without_the_systems_visions_the_vision_summaries_are_not_computable(sample: Reading) -> None:
    """表４－１ read but its vision rows not (and no sheet names a ビジョン): 表３－x cannot be recomputed."""
    document = copy.deepcopy(sample.document)
    for location in locate_all(document, GRADE_LIST):
        for part in location.parts:
            groups = {row.group.row for row in location.rows if row.group is not None and row.table is part.table}
            part.table.cells = [c for c in part.table.cells if c.row not in groups]
    output = PROFILE.extract(document)
    assert len(output.measures) == 58
    assert [p for p in output.problems if "ビジョン" in p] == [
        "The ビジョン of the rows of 表４－１ was not read: neither 表４－１ nor any system's sheet prints it."
    ]
    _, checks = evaluate(output.cases)
    by_vision = [c for c in checks if c["kind"] in ("vision_summary_count", "vision_summary_share")]
    assert len(by_vision) == 2 * 3 * 4 + 2 * (3 * 4 + 3)
    assert {c["status"] for c in by_vision} == {"not_computable"}


def test_without_the_system_sheets_one_sentence_says_so(sample: Reading) -> None:
    document = copy.deepcopy(sample.document)
    for page in document.pages:
        page.tables = [t for t in page.tables if not any(c.col == 0 and c.text == "担当課名" for c in t.cells)]
    output = PROFILE.extract(document)
    assert output.problems == ["No system's sheet (システム名 | 担当課名 | 予算額 | 決算額) was found."]
    assert len(output.measures) == 58
    assert output.budgets == []


def _move_column_blocks(table: Table, blocks: list[range], order: list[int]) -> None:
    """Prints the table's column blocks (a block: columns under one spanning header) in another order."""
    new_start, at = {}, 0
    for index in order:
        new_start[index] = at
        at += len(blocks[index])
    for cell in table.cells:
        if cell.col_span == table.n_cols:
            continue  # a group row spans them all
        index = next(i for i, block in enumerate(blocks) if cell.col in block)
        cell.col = new_start[index] + cell.col - blocks[index].start


def test_grade_tables_with_their_columns_reordered_read_the_same(sample: Reading) -> None:
    """表４－１ and 参考資料 printed グレード first, then システム名, Ｐ., 主担当課: the same systems and grades."""
    document = copy.deepcopy(sample.document)
    for location in locate_all(document, GRADE_LIST):
        table = location.table
        grades = range(3, table.n_cols)
        _move_column_blocks(table, [range(0, 1), range(1, 2), range(2, 3), grades], [3, 1, 0, 2])
    output = PROFILE.extract(document)
    assert output.problems == []

    def facts(out: ProfileOutput) -> list[tuple[Any, ...]]:
        return [(m["measure_key"], m["title"], m["group_name"], m["divisions"]) for m in out.measures]

    def grades(out: ProfileOutput) -> list[tuple[Any, ...]]:
        rows, _ = evaluate(out.cases)
        return sorted((g["measure_key"], g["grade_type"], g["place"], g["stated_grade"], g["status"]) for g in rows)

    assert facts(output) == facts(sample.output)
    assert grades(output) == grades(sample.output)


def test_sheets_with_a_blank_column_before_their_labels_read_the_same(sample: Reading) -> None:
    document = copy.deepcopy(sample.document)
    for table in document.tables():
        if any(c.col == 0 and c.text == "担当課名" for c in table.cells):
            for cell in table.cells:
                cell.col += 1
            table.n_cols += 1
    output = PROFILE.extract(document)
    assert output.problems == []
    assert output.measures == sample.output.measures
    assert output.budgets == sample.output.budgets
    assert evaluate(output.cases) == (sample.grades, sample.checks)


# -- recognition ----------------------------------------------------------------------------------------------
def test_scores_its_own_series(edition: Reading) -> None:
    assert edition.score >= 0.9


@pytest.mark.parametrize(
    "other",
    sorted(p.name for p in (ROOT / "samples").glob("*.*") if p.suffix in (".pdf", ".xlsx") and REPORT not in p.name),
)
def test_scores_other_series_low(other: str) -> None:
    document = open_document(ROOT / "samples" / other)
    assert PROFILE.score(document) < 0.3
