"""The stages in order: a check whose input row failed validation is not computed from it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

import hyoka.pipeline.ingest
from hyoka.audit.rules import Figure, FigureCase, FigureRule, Where
from hyoka.extractors.model import Document
from hyoka.pipeline.ingest import process
from hyoka.profiles import ProfileOutput

TOTAL = FigureRule("total", "total", "the stated total is the sum of the printed values", "sum")


def _indicator(cell: str, value: float, unit: str) -> dict[str, object]:
    return {"indicator_key": "k", "metric": "actual", "value": value, "unit": unit, "sheet": "評価一覧", "cell": cell}


def _figure(cell: str, value: float) -> Figure:
    return Figure(value, str(value), Where(sheet="評価一覧", cell=cell))


@dataclass
class OneRowRefused:
    """A profile that maps one valid value and one a person reading it would refuse (a percentage below zero)."""

    profile_id: str = "one_row_refused"
    description: str = "test profile"

    def extract(self, document: Document) -> ProfileOutput:
        return ProfileOutput(
            indicator_values=[_indicator("C2", 40.0, "%"), _indicator("C3", -5.0, "%")],
            cases=[
                # 35 = 40 + (-5): computed from the refused value it would be a match, which is no finding.
                FigureCase(TOTAL, "C2:C3", _figure("C4", 35.0), (_figure("C2", 40.0), _figure("C3", -5.0)), "a"),
                FigureCase(TOTAL, "C2", _figure("C5", 40.0), (_figure("C2", 40.0),), "b"),
            ],
        )


@pytest.fixture
def refused_row_outcome(
    tmp_path: Path, make_workbook: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> hyoka.pipeline.ingest.DocumentOutcome:
    monkeypatch.setattr(hyoka.pipeline.ingest.profiles, "detect", lambda document: OneRowRefused())
    path = make_workbook(tmp_path / "refused.xlsx", seed=1)
    return process(path, path.name)


def test_a_check_reading_a_quarantined_row_is_not_computable_with_the_reason(
    refused_row_outcome: hyoka.pipeline.ingest.DocumentOutcome,
) -> None:
    tables = refused_row_outcome.tables
    assert list(tables["indicator_values"]["cell"]) == ["C2"]
    assert list(tables["quarantine"]["table"]) == ["indicator_values"]
    checks = tables["checks"].set_index("check_id")
    assert checks.loc["total:a", "status"] == "not_computable"
    assert checks.loc["total:a", "detail"] == (
        "the stated total is the sum of the printed values：計算できない："
        "この規則が読む箇所でindicator_valuesの行が検証に通らなかった（percentages_not_negative）"
    )
    assert pd.isna(checks.loc["total:a", "recomputed"])
    assert checks.loc["total:b", "status"] == "match"


def test_each_stage_is_timed_in_the_documented_order(
    refused_row_outcome: hyoka.pipeline.ingest.DocumentOutcome,
) -> None:
    assert list(refused_row_outcome.timings) == ["read", "locate", "normalise", "validate", "audit"]
