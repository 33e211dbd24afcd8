"""The Python API as the README shows it: ingest, read a table, open one document's tables, export."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import hyoka
from tests.api.conftest import FULL_WIDTH


def test_ingest_returns_the_run_report_and_read_returns_each_table(clean_run: Path, inbox: Path) -> None:
    report = json.loads((clean_run / "run_report.json").read_text())
    assert report["counts"]["documents"] == 1
    documents = hyoka.read(clean_run, "documents")
    assert list(documents["source_file"]) == [str(inbox / "full_width.xlsx")]
    assert set(FULL_WIDTH.values()) <= set(hyoka.read(clean_run, "cells")["text"])
    quarantine = hyoka.read(clean_run, "quarantine")
    assert len(quarantine) == 0 and "row_json" in quarantine.columns


def test_read_names_the_tables_when_asked_for_another(clean_run: Path) -> None:
    with pytest.raises(ValueError, match="the tables are documents, cells"):
        hyoka.read(clean_run, "measure")


def test_reading_a_written_table_loads_no_series_profile_or_schema(clean_run: Path) -> None:
    """hyoka.read is cheap: a table the run wrote is read as Parquet, in a fresh interpreter too."""
    code = (
        "import sys, hyoka; frame = hyoka.read(sys.argv[1], 'documents'); "
        "print(len(frame), 'hyoka.profiles' in sys.modules, 'pandera' in sys.modules)"
    )
    shown = subprocess.run([sys.executable, "-c", code, str(clean_run)], capture_output=True, text=True, check=True)
    assert shown.stdout.split() == ["1", "False", "False"]


def test_ingest_refuses_a_missing_input(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no such file or folder"):
        hyoka.ingest(tmp_path / "nowhere", tmp_path / "out")


def test_open_gives_the_format_model_with_its_tables(inbox: Path) -> None:
    document = hyoka.open(inbox / "full_width.xlsx")
    assert document.format == "xlsx"
    tables = document.tables()
    assert len(tables) == 1
    grid = hyoka.table_frames(document)["table-1"]
    # A person reading the sheet: 5 rows of 3 columns; 合算 is merged over C4:C5 and fills both slots.
    assert grid.shape == (5, 3)
    assert list(grid.iloc[1]) == ["ABC", "2,042", "A"]
    assert grid.iloc[3, 2] == grid.iloc[4, 2] == "合算"


def test_export_workbook_holds_the_tidy_tables_and_the_findings(clean_run: Path, tmp_path: Path) -> None:
    target = hyoka.export_workbook(clean_run, tmp_path / "analysis.xlsx")
    sheets = pd.read_excel(target, sheet_name=None)
    assert list(sheets) == [
        "documents",
        "coverage",
        "findings",
        "measures",
        "indicator_values",
        "budgets",
        "grades",
        "checks",
        "quarantine",
    ]
    assert sheets["coverage"]["source_file"].str.endswith("full_width.xlsx").all()
    assert list(sheets["findings"].columns)[:3] == ["document_id", "source_file", "table"]


def test_the_readme_example_uses_the_api_as_it_is() -> None:
    import inspect
    import re

    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    example = next(block for block in re.findall(r"```python\n(.*?)```", readme, re.S) if "import hyoka" in block)
    calls = re.findall(r"hyoka\.(\w+)\(([^)]*)\)", example)
    assert {name for name, _ in calls} == {"ingest", "read", "open", "table_frames", "export_workbook"}
    for name, arguments in calls:
        positional = [a for a in arguments.split(",") if a.strip() and "=" not in a]
        signature = inspect.signature(getattr(hyoka, name))
        signature.bind(*positional)
