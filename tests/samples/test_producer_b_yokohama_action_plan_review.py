"""横浜市 行動計画 中間振り返り as the second producer prints it (samples/producer-b/: each detail sheet as three
tables, several to a page, its 施策 NN a value under a 施策 | 施策名 | 所管局 | 官民データ | 先端技術 labels row),
through the real pipeline, against the sample's truth (samples/truth/yokohama_action_plan_review/) read directly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from hyoka.pipeline.ingest import ingest
from samples.build.common import read_truth
from tests.support.values import missing, squeeze

ROOT = Path(__file__).resolve().parents[2]
PDF = ROOT / "samples" / "producer-b" / "yokohama_action_plan_review.pdf"
REPORT = "yokohama_action_plan_review"


def truth(name: str) -> list[dict[str, str]]:
    return read_truth(REPORT, name)


class Output:
    def __init__(self, out: Path) -> None:
        self.document = pd.read_parquet(out / "documents").to_dict("records")[0]
        self.measures = {r["measure_no"]: r for r in pd.read_parquet(out / "measures").to_dict("records")}
        self.values = pd.read_parquet(out / "indicator_values").to_dict("records")
        self.grades = pd.read_parquet(out / "grades").to_dict("records")
        self.checks = pd.read_parquet(out / "checks").to_dict("records")


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Output:
    inputs = tmp_path_factory.mktemp("yokohama_producer_b_in")
    shutil.copy(PDF, inputs / PDF.name)
    out = tmp_path_factory.mktemp("yokohama_producer_b_out")
    ingest([inputs], out)
    return Output(out)


def test_every_detail_sheet_is_read(output: Output) -> None:
    assert output.document["status"] == "ok", output.document["error"]
    assert set(output.measures) == {m["measure_no"] for m in truth("measures")}


def test_the_flags_and_level_are_the_detail_sheets(output: Output) -> None:
    for expected in truth("measures"):
        got = output.measures[expected["measure_no"]]
        assert got["level"] == expected["level"], expected["measure_no"]
        for flag in ("flag_kanmin_data", "flag_sentan_gijutsu"):
            assert got[flag] == (expected[flag] == "true"), (expected["measure_no"], flag)


def test_names_printed_without_a_separator_are_each_read(output: Output) -> None:
    """施策 12's list prints 医療局 / 健康福祉局 and two 所管課 across wrapped lines."""
    for expected in truth("measures"):
        if expected["in_list"] != "true":
            continue
        got = output.measures[expected["measure_no"]]
        for column in ("departments", "divisions"):
            assert sorted(got[column]) == sorted(n.strip() for n in expected[column].split("|")), (
                expected["measure_no"],
                column,
            )


def test_the_detail_grades_and_rates_are_read(output: Output) -> None:
    got = {(g["measure_key"], g["place"]): g["stated_grade"] for g in output.grades}
    for expected in truth("grades"):
        assert got.get((expected["measure_key"], expected["place"])) == expected["stated_grade"], expected
    rates = {
        (v["measure_key"], v["fiscal_year"], v["place"]): v["value"]
        for v in output.values
        if v["metric"] == "achievement_rate"
    }
    for expected in truth("indicator_values"):
        if expected["metric"] == "achievement_rate":
            key = (expected["measure_key"], int(expected["fiscal_year"]), expected["place"])
            printed = float(expected["value"]) if expected["value"] else None
            assert (rates[key] if not missing(rates.get(key)) else None) == printed, key


def test_the_detail_indicators_are_read(output: Output) -> None:
    got = {
        (v["measure_key"], v["metric"], squeeze(v["value_text"]))
        for v in output.values
        if v["metric"] in ("target", "actual")
    }
    expected = {
        (e["measure_key"], e["metric"], squeeze(e["value_text"]))
        for e in truth("indicator_values")
        if e["metric"] in ("target", "actual")
    }
    assert expected <= got, sorted(expected - got)[:5]


def test_list_and_detail_checks_flag_only_the_planted_absence(output: Output) -> None:
    """Every measure but 71 is in the list and has its sheet; 71's sheet marks both flags while no list holds it."""
    mismatched = {
        c["check_id"]
        for c in output.checks
        if c["status"] == "mismatch" and c["kind"] in ("measure_in_list", "flag_vs_relisted")
    }
    assert mismatched == {
        "measure_in_list:71",
        "flag_vs_relisted:71:flag_kanmin_data",
        "flag_vs_relisted:71:flag_sentan_gijutsu",
    }
