"""佐世保市 DX戦略 実行計画 as the second producer printed it (samples/producer-b/: the plan, and the project
list as a PDF and a workbook), through the real pipeline, against samples/truth/ read directly."""

from __future__ import annotations

import csv
import re
import shutil
import unicodedata
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from hyoka.pipeline.ingest import ingest

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "samples" / "producer-b"
TRUTH = ROOT / "samples" / "truth" / "sasebo_dx_action_plan"
PLAN, LIST_PDF, LIST_XLSX = "sasebo_dx_action_plan.pdf", "sasebo_dx_project_list.pdf", "sasebo_dx_project_list.xlsx"


def truth(name: str) -> list[dict[str, str]]:
    with (TRUTH / f"{name}.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def text(value: Any) -> str:
    """NFKC without whitespace: a wrap, full-width forms and the truth's spacing compare equal."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value)))


class Output:
    """The pipeline's output, by source file name."""

    def __init__(self, out: Path) -> None:
        documents = pd.read_parquet(out / "documents").to_dict("records")
        self.file = {d["document_id"]: Path(d["source_file"]).name for d in documents}
        self.documents = {Path(d["source_file"]).name: d for d in documents}
        self.measures = self._by_file(pd.read_parquet(out / "measures").to_dict("records"))
        self.values = self._by_file(pd.read_parquet(out / "indicator_values").to_dict("records"))

    def _by_file(self, rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
        found: dict[str, list[dict[str, Any]]] = {name: [] for name in self.documents}
        for row in rows:
            found[self.file[row["document_id"]]].append(row)
        return found


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Output:
    inputs = tmp_path_factory.mktemp("sasebo_producer_b_in")
    for name in (PLAN, LIST_PDF, LIST_XLSX):
        shutil.copy(COMMITTED / name, inputs / name)
    out = tmp_path_factory.mktemp("sasebo_producer_b_out")
    ingest([inputs], out)
    return Output(out)


def projects() -> dict[str, tuple[str, str]]:
    """PID -> (名称, DX重点課題), as the truth gives them."""
    return {
        m["measure_key"]: (text(m["title"]), text(m["group_name"]))
        for m in truth("measures")
        if m["level"] == "project"
    }


@pytest.mark.parametrize("name", [PLAN, LIST_PDF, LIST_XLSX])
def test_the_title_and_edition_year_are_read_from_the_document(output: Output, name: str) -> None:
    document, stated = output.documents[name], truth("document")[0]
    assert text(document["title"]) == text(stated["title"])
    assert document["report_fiscal_year"] == int(stated["report_fiscal_year"])


@pytest.mark.parametrize("name", [PLAN, LIST_PDF, LIST_XLSX])
def test_every_project_is_read_with_its_whole_pid_and_name(output: Output, name: str) -> None:
    # The list runs over pages whose ruling differs, PIDs wrap at their hyphen and rows break at a page foot.
    read = {
        m["measure_key"]: (text(m["title"]), text(m["group_name"]))
        for m in output.measures[name]
        if m["level"] == "project"
    }
    assert read == projects()


@pytest.mark.parametrize("name", [PLAN, LIST_PDF, LIST_XLSX])
def test_every_activity_indicator_figure_is_read(output: Output, name: str) -> None:
    # 3,920,000 and its neighbours are wider than their year cells: each is printed across its cell's rule.
    expected = {
        (v["measure_key"], int(v["fiscal_year"]), v["metric"]): float(v["value"])
        for v in truth("indicator_values")
        if v["place"] == "project_list" and v["value"]
    }
    read = {
        (v["measure_key"], v["fiscal_year"], v["metric"]): v["value"]
        for v in output.values[name]
        if v["place"] == "project_list" and v["value"] is not None and not pd.isna(v["value"])
    }
    assert read == expected


def test_the_kpi_grids_give_each_kpi_its_issue_number(output: Output) -> None:
    # The number is printed atop the 課題 text ('課題1 データ活用による…'), not in a column of its own.
    expected = sorted(
        (text(m["title"]), m["measure_no"], text(m["issue"])) for m in truth("measures") if m["level"] == "kpi"
    )
    read = sorted(
        (text(m["title"]), m["measure_no"], text(m["issue"])) for m in output.measures[PLAN] if m["level"] == "kpi"
    )
    assert read == expected


@pytest.mark.parametrize("name", [PLAN, LIST_PDF, LIST_XLSX])
def test_a_document_read_whole_is_ok(output: Output, name: str) -> None:
    assert output.documents[name]["status"] == "ok", output.documents[name]["error"]
