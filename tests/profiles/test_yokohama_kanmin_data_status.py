"""The 横浜市 官民データ活用推進計画 取組状況 profile against the hand-made truth: the committed sample
and a variant edition (another fiscal year, fonts, widths, page breaks, indicators dropped and added)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from hyoka.audit.engine import evaluate
from hyoka.extractors import open_document
from hyoka.profiles import MIN_SCORE, ProfileOutput, spec_profile
from hyoka.schemas.tables import FLAGGED
from samples.build.common import SAMPLES_DIR, TRUTH_DIR, read_truth

PROFILE = spec_profile("yokohama_kanmin_data_status")

Builder = Callable[[str, int, Path], Path]  # the `build_edition` fixture (conftest.py)

REPORT = "yokohama_kanmin_data_status"
SAMPLE = SAMPLES_DIR / f"{REPORT}.pdf"
VARIANT = 3


@dataclass
class Reading:
    """One document read once: the profile's output, the engine's rows, the PDF for evidence crops."""

    path: Path
    truth_dir: Path
    output: ProfileOutput
    grades: list[dict[str, Any]]
    checks: list[dict[str, Any]]
    pdf: Any

    def truth(self, name: str) -> list[dict[str, str]]:
        return read_truth(REPORT, name, self.truth_dir)

    def printed_at(self, row: dict[str, Any]) -> str:
        """The text pdfplumber finds inside a row's evidence bbox, squashed."""
        page = self.pdf.pages[row["page"] - 1]
        x0, top, x1, bottom = row["bbox"]
        crop = page.crop((max(x0 - 1, 0), max(top - 1, 0), min(x1 + 1, page.width), min(bottom + 1, page.height)))
        return squash(crop.extract_text() or "")


def squash(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def read(path: Path, truth_dir: Path) -> Reading:
    output = PROFILE.extract(open_document(path))
    grades, checks = evaluate(output.cases)
    return Reading(path, truth_dir, output, grades, checks, pdfplumber.open(path))


@pytest.fixture(scope="module")
def sample() -> Any:
    reading = read(SAMPLE, TRUTH_DIR)
    yield reading
    reading.pdf.close()


@pytest.fixture(scope="module")
def variant(tmp_path_factory: pytest.TempPathFactory, build_edition: Builder) -> Any:
    out = build_edition(REPORT, VARIANT, tmp_path_factory.mktemp(f"variant{VARIANT}"))
    reading = read(out / f"{REPORT}.pdf", out / "truth")
    yield reading
    reading.pdf.close()


@pytest.fixture(params=["sample", "variant"])
def edition(request: pytest.FixtureRequest) -> Reading:
    return request.getfixturevalue(request.param)


def blank_to_none(text: str) -> str | None:
    return text or None


def number(text: str) -> float | None:
    return float(text) if text else None


# ---------------------------------------------------------------- recognition


def test_score_is_high_for_its_editions(sample: Reading, variant: Reading) -> None:
    assert PROFILE.score(open_document(sample.path)) >= 0.9
    assert PROFILE.score(open_document(variant.path)) >= 0.9


@pytest.mark.parametrize(
    "other", sorted(p.name for p in [*SAMPLES_DIR.glob("*.pdf"), *SAMPLES_DIR.glob("*.xlsx")] if p != SAMPLE)
)
def test_score_is_low_for_other_series(other: str) -> None:
    assert PROFILE.score(open_document(SAMPLES_DIR / other)) < MIN_SCORE


# ---------------------------------------------------------------- document and measures


def test_title_and_fiscal_year(edition: Reading) -> None:
    (document,) = edition.truth("document")
    assert edition.output.title == document["title"]
    assert edition.output.report_fiscal_year == int(document["report_fiscal_year"])
    assert edition.output.problems == []


def test_measures_match_the_truth(edition: Reading) -> None:
    expected = {
        m["measure_key"]: {
            "measure_no": m["measure_no"],
            "title": m["title"],
            "level": m["level"],
            "group_name": blank_to_none(m["group_name"]),
            "departments": m["departments"].split(" | "),
            "divisions": m["divisions"].split(" | ") if m["divisions"] else None,
            "stage": blank_to_none(m["stage"]),
            "flag_kanmin_data": None,
            "flag_sentan_gijutsu": None,
            "flag_leading": None,
            "departments_text": m["departments_text"],
        }
        for m in edition.truth("measures")
    }
    got = {m["measure_key"]: {k: m[k] for k in next(iter(expected.values()))} for m in edition.output.measures}
    assert got == expected


def test_measures_carry_evidence_of_their_title(edition: Reading) -> None:
    for m in edition.output.measures:
        assert squash(m["title"]) in edition.printed_at(m), m["measure_key"]


def test_related_project_counts(edition: Reading) -> None:
    expected = {r["施策"]: int(r["count"]) for r in edition.truth("table_related_projects")}
    assert {m["measure_key"]: m["related_projects"] for m in edition.output.measures} == expected


# ---------------------------------------------------------------- indicator values


def indicator_fields(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "fiscal_year": int(row["fiscal_year"]),
        "metric": row["metric"],
        "value": number(row["value"]) if isinstance(row["value"], str) else row["value"],
        "unit": row["unit"] or None,
        "qualifier": row["qualifier"] or None,
        "value_text": row["value_text"],
        "na_marker": row["na_marker"] or None,
        "parts": row["parts"] or None,
    }


def indicator_rows(reading: Reading) -> list[dict[str, Any]]:
    return [v for v in reading.output.indicator_values if v["place"] == "評価指標表"]


def test_sample_indicator_values_match_the_truth(sample: Reading) -> None:
    expected = {
        (v["measure_key"], v["indicator_key"]): {"indicator_name": v["indicator_name"], **indicator_fields(v)}
        for v in sample.truth("indicator_values")
    }
    got = {
        (v["measure_key"], v["indicator_key"]): {"indicator_name": v["indicator_name"], **indicator_fields(v)}
        for v in indicator_rows(sample)
    }
    assert got == expected


def variant_by_name(rows: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    """A variant's indicators keyed by 施策 and name: the document prints no indicator numbers, and the
    builder keeps the canonical numbers of the indicators it did not drop."""
    return {(v["measure_key"], v["indicator_name"]): indicator_fields(v) for v in rows}


def test_variant_indicator_values_match_the_truth(variant: Reading) -> None:
    expected = variant_by_name(variant.truth("indicator_values"))
    got = variant_by_name(indicator_rows(variant))
    assert got.keys() == expected.keys()
    # Cells printing two items (`24回 延べ約2,360名`) are compared in their own test below.
    single = [key for key, row in expected.items() if " " not in row["value_text"]]
    assert {k: got[k] for k in single} == {k: expected[k] for k in single}


def test_variant_two_item_cells_match_the_truth(variant: Reading) -> None:
    expected = variant_by_name(variant.truth("indicator_values"))
    got = variant_by_name(indicator_rows(variant))
    two_items = [key for key, row in expected.items() if " " in row["value_text"]]
    assert two_items
    assert {k: got[k] for k in two_items} == {k: expected[k] for k in two_items}


def test_indicator_values_carry_evidence_of_their_cell(edition: Reading) -> None:
    for v in edition.output.indicator_values:
        assert squash(v["value_text"]) in edition.printed_at(v), v["indicator_key"]


def test_rpa_table(edition: Reading) -> None:
    rows = [v for v in edition.output.indicator_values if v["place"] != "評価指標表"]
    truth = edition.truth("table_rpa")
    minutes = [v for v in rows if v["unit"] == "分" or "時間" in v["indicator_name"]]
    rates = [v for v in rows if v not in minutes]
    assert [(v["value_text"], v["value"]) for v in minutes] == [
        (r["年間想定削減時間"], number(r["saved_minutes"])) for r in truth
    ]
    assert [(v["value_text"], v["value"]) for v in rates] == [
        (r["想定削減率"], number(r["reduction_rate"])) for r in truth
    ]
    assert all(squash(r["対象業務"]) in squash(v["indicator_name"]) for r, v in zip(truth, rates, strict=True))
    missing = [v for v in rows if v["value"] is None]
    assert missing and all(v["na_marker"] == "－" for v in missing)


# ---------------------------------------------------------------- grades and the status summary


def test_stated_grades_match_the_truth(edition: Reading) -> None:
    expected = Counter(
        (g["measure_key"], g["grade_type"], int(g["fiscal_year"]), g["stated_grade"]) for g in edition.truth("grades")
    )
    got = Counter((g["measure_key"], g["grade_type"], g["fiscal_year"], g["stated_grade"]) for g in edition.grades)
    assert got == expected


def test_each_stated_grade_names_its_indicator(sample: Reading) -> None:
    # Two grades of one 施策 (2-1 and 2-2) differ only by the indicator their example names.
    expected = Counter((g["measure_key"], g["indicator_key"], g["stated_grade"]) for g in sample.truth("grades"))
    got = Counter((g["measure_key"], g["indicator_key"], g["stated_grade"]) for g in sample.grades)
    assert got == expected


def test_a_variant_grade_names_an_indicator_of_its_measure(variant: Reading) -> None:
    for g in variant.grades:
        assert g["indicator_key"].split("-")[0] == g["measure_key"].removeprefix("施策"), g


def test_every_stated_grade_has_its_evidence_and_a_recomputation_row(edition: Reading) -> None:
    examples = {(g["measure_key"], g["stated_grade"]): squash(g["value_text"]) for g in edition.truth("grades")}
    for g in edition.grades:
        assert examples[(g["measure_key"], g["stated_grade"])] in edition.printed_at(g)
        # The summary prints no figure a 進捗区分 follows from: nothing to recompute, nothing flagged.
        assert g["rule"] and g["status"] == "not_computable"


def test_status_summary_counts_are_read_as_printed(edition: Reading) -> None:
    (total,) = [c for c in edition.checks if c["kind"] == "status_summary_total"]
    printed = {(r["区分"], r["指標数"]) for r in edition.truth("table_status_summary")}
    inputs = re.findall(r'"label": "([^"]+)", "text": "(\d+)指標"', total["inputs_evidence"])
    assert {(label, f"[{count}指標]") for label, count in inputs} == printed


# ---------------------------------------------------------------- the audit


def quoted(text: str) -> list[str]:
    return [squash(q) for q in re.findall(r"「([^」]+)」", text)]


def finds(inconsistency: dict[str, str], check: dict[str, Any]) -> bool:
    """Whether a flagged check is the truth's inconsistency: same kind, and it names the same place
    (the truth's scope or stated sentence in the check's scope, or the quoted indicator in its id)."""
    if check.get("kind") != inconsistency["kind"]:
        return False
    scope = squash(check["scope"] or "")
    named = [squash(inconsistency["scope"]), squash(inconsistency["stated"])]
    return any(n and n in scope for n in named) or any(
        q in squash(check["check_id"]) for q in quoted(inconsistency["description"])
    )


def test_every_inconsistency_is_found(edition: Reading) -> None:
    flagged = [c for c in edition.checks if c["status"] in FLAGGED]
    for inconsistency in edition.truth("inconsistencies"):
        assert any(finds(inconsistency, c) for c in flagged), inconsistency["kind"]


def test_nothing_else_is_flagged(edition: Reading) -> None:
    assert [g for g in edition.grades if g["status"] in FLAGGED] == []
    inconsistencies = edition.truth("inconsistencies")
    stray = [c for c in edition.checks if c["status"] in FLAGGED and not any(finds(i, c) for i in inconsistencies)]
    assert stray == []


def test_audit_rows_carry_evidence_and_stable_ids(edition: Reading) -> None:
    ids = [c["check_id"] for c in edition.checks]
    assert len(ids) == len(set(ids))
    assert all(c["page"] is not None and c["bbox"] is not None for c in edition.checks)
    again = evaluate(PROFILE.extract(open_document(edition.path)).cases)[1]
    assert [c["check_id"] for c in again] == ids


def test_counting_sentences_are_checked(sample: Reading) -> None:
    # `9つの施策` is printed four times and `6業務中4業務で9割以上` once (truth README: consistent).
    kinds = Counter(c["check_id"].split(":")[0] for c in sample.checks if c["kind"] == "sentence_count")
    assert kinds == {"kanmin_measure_count": 4, "kanmin_rpa_measured": 1, "kanmin_rpa_reaching": 1}
    assert all(c["status"] == "match" for c in sample.checks if c["kind"] == "sentence_count")
