"""横浜市 官民データ活用推進計画 取組状況 as the second producer prints it (samples/producer-b/: the cover's
title over two lines, no running header, a 施策's table continuing another over a page break under one
repeated head), through the real pipeline, against the sample's truth
(samples/truth/yokohama_kanmin_data_status/) read directly."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from hyoka.pipeline.ingest import ingest
from samples.build.common import read_truth
from tests.support.values import squeeze

ROOT = Path(__file__).resolve().parents[2]
PDF = ROOT / "samples" / "producer-b" / "yokohama_kanmin_data_status.pdf"
REPORT = "yokohama_kanmin_data_status"
INDICATOR_PLACE = "評価指標表"


def truth(name: str) -> list[dict[str, str]]:
    return read_truth(REPORT, name)


class Output:
    def __init__(self, out: Path) -> None:
        self.document = pd.read_parquet(out / "documents").to_dict("records")[0]
        self.values = pd.read_parquet(out / "indicator_values").to_dict("records")
        self.grades = pd.read_parquet(out / "grades").to_dict("records")


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Output:
    out = tmp_path_factory.mktemp("kanmin_producer_b")
    ingest([PDF], out)  # a file is taken as given
    return Output(out)


def test_the_title_printed_over_two_lines_is_read_with_its_year(output: Output) -> None:
    expected = truth("document")[0]
    assert squeeze(output.document["title"]) == squeeze(expected["title"])
    assert output.document["report_fiscal_year"] == int(expected["report_fiscal_year"])


def test_each_indicator_is_filed_under_its_own_measure(output: Output) -> None:
    """施策5's table starts at the top of a page, joined to 施策4's by the repeated head."""
    got = {
        (v["measure_key"], squeeze(v["indicator_name"]), v["fiscal_year"], squeeze(v["value_text"]))
        for v in output.values
        if v["place"] == INDICATOR_PLACE
    }
    expected = {
        (e["measure_key"], squeeze(e["indicator_name"]), int(e["fiscal_year"]), squeeze(e["value_text"]))
        for e in truth("indicator_values")
        if e["place"] == INDICATOR_PLACE
    }
    assert got == expected, (sorted(expected - got)[:5], sorted(got - expected)[:5])


def test_the_stated_categories_carry_the_report_year(output: Output) -> None:
    got = {(g["measure_key"], g["stated_grade"], g["fiscal_year"]) for g in output.grades}
    expected = {(e["measure_key"], e["stated_grade"], int(e["fiscal_year"])) for e in truth("grades")}
    assert expected <= got, sorted(expected - got)[:5]
