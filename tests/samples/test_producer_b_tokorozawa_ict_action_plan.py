"""所沢市 ICT推進アクションプラン as producer b prints the samples' facts (samples/producer-b/), through the real
pipeline, against the truth a person wrote down (samples/truth/tokorozawa_ict_action_plan/, read here directly).

Producer b prints each system's sheet as separate tables (a head of label/value pairs with 段階 beside 担当課名
and a ビジョン row, the amounts, and the grades as label/value rows), and 表４－１ with a ビジョン column rather
than vision rows spanning the table.
"""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from hyoka.schemas.tables import FLAGGED
from tests.support.ingested import Ingested, ingest_one

ROOT = Path(__file__).resolve().parents[2]
REPORT = "tokorozawa_ict_action_plan"
PDF = ROOT / "samples" / "producer-b" / f"{REPORT}.pdf"
TRUTH = ROOT / "samples" / "truth" / REPORT


def truth(name: str) -> list[dict[str, str]]:
    with (TRUTH / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def key(text: Any) -> str:
    """Equal as printed, whatever the width and spacing."""
    return "".join(unicodedata.normalize("NFKC", str(text or "")).split())


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Ingested:
    return ingest_one(PDF, tmp_path_factory.mktemp("producer_b"))


def test_the_document_is_read_in_full(ingested: Ingested) -> None:
    assert ingested.document["profile"] == REPORT
    assert ingested.document["status"] == "ok", ingested.document["error"]


def test_every_system_with_its_vision_stage_and_division(ingested: Ingested) -> None:
    got = {m["measure_key"]: m for m in ingested.measures.to_dict("records")}
    expected = truth("measures")
    assert sorted(got) == sorted(m["measure_key"] for m in expected)
    for m in expected:
        measure = got[m["measure_key"]]
        assert key(measure["title"]) == key(m["title"]), m["measure_key"]
        assert key(measure["group_name"]) == key(m["group_name"]), m["measure_key"]
        assert key(measure["stage"]) == key(m["stage"]), m["measure_key"]
        assert key("".join(measure["divisions"])) == key(m["divisions"]), m["measure_key"]


def test_every_grade_in_every_place(ingested: Ingested) -> None:
    """Every printed grade, a `-` (not graded) included as a grade row without a letter."""
    got = {
        (g["measure_key"], g["grade_type"], g["place"]): g["stated_grade"]
        if isinstance(g["stated_grade"], str)
        else None
        for g in ingested.grades.to_dict("records")
    }
    expected = {(g["measure_key"], g["grade_type"], g["place"]): g["stated_grade"] or None for g in truth("grades")}
    assert sorted(set(expected) - set(got)) == []
    wrong = {k: (v, got[k]) for k, v in expected.items() if got[k] != v}
    assert not wrong


def test_every_amount(ingested: Ingested) -> None:
    got = {
        (b["measure_key"], int(b["fiscal_year"]), b["item"]): b["amount"] for b in ingested.budgets.to_dict("records")
    }
    expected = {(b["measure_key"], int(b["fiscal_year"]), b["item"]): float(b["amount"]) for b in truth("budgets")}
    assert got == expected


def test_the_vision_summaries_are_recomputed_without_false_alarm(ingested: Ingested) -> None:
    vision = ingested.checks[ingested.checks.check_id.str.contains(r"\.vision_(?:count|share):")]
    # 表３－１ and 表３－２: three visions, four letters, a count and a share each, and the A-or-B share.
    assert len(vision) == 2 * 3 * (4 * 2 + 1)
    assert set(vision.status) == {"match"}


def test_the_planted_inconsistencies_are_flagged(ingested: Ingested) -> None:
    flagged = ingested.checks[ingested.checks.status.isin(FLAGGED)]
    assert len(flagged) >= len(truth("inconsistencies"))
    kinds = {k for k in flagged.check_id}
    assert any("narrative" in k for k in kinds)
    assert any("department" in k for k in kinds)
