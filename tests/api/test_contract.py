"""docs/CONTRACT.md on a clean run: every table folder reads as a dataset, cells.text is NFKC, each column described."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from hyoka.pipeline.cli import app
from hyoka.profiles import registry
from hyoka.schemas import TABLES, table_schema
from tests.api.conftest import FULL_WIDTH


@pytest.mark.parametrize("table", list(TABLES))
def test_every_table_folder_is_present_and_reads_with_pandas_and_duckdb(clean_run: Path, table: str) -> None:
    import duckdb

    registry()  # every series' own columns are part of its table (schemas/series.py)
    declared = list(table_schema(table).columns)
    frame = pd.read_parquet(clean_run / table)
    assert list(frame.columns) == declared
    query = f"select * from read_parquet('{clean_run / table}/*.parquet')"
    result = duckdb.connect().execute(query)
    assert [column[0] for column in result.description] == declared
    assert len(result.fetchall()) == len(frame)


def test_nothing_is_quarantined_yet_the_quarantine_reads(clean_run: Path) -> None:
    assert len(pd.read_parquet(clean_run / "quarantine")) == 0


def test_cells_text_is_nfkc_and_value_text_keeps_the_printed_form(clean_run: Path) -> None:
    cells = pd.read_parquet(clean_run / "cells")
    for printed, normalised in FULL_WIDTH.items():
        row = cells[cells["value_text"] == printed]
        assert len(row) == 1, printed
        assert row["text"].iloc[0] == normalised
    texts = cells["text"].dropna()
    assert (texts == texts.map(lambda t: unicodedata.normalize("NFKC", t))).all()
    assert cells.loc[cells["cell"] == "B3", "value_text"].iloc[0] == "1,500"


def test_hyoka_schema_describes_every_column_and_invents_none() -> None:
    printed = json.loads(CliRunner().invoke(app, ["schema"]).stdout)
    registry()
    for table in TABLES:
        schema = printed["tables"][table]
        assert list(schema["properties"]) == list(table_schema(table).columns), table
        undocumented = [name for name, column in schema["properties"].items() if not column.get("description")]
        assert undocumented == [], f"{table}: {undocumented}"
    grades = printed["tables"]["grades"]
    assert grades["properties"]["status"]["enum"] == [
        "match",
        "mismatch",
        "ambiguous",
        "notation",
        "no_claim",
        "not_computable",
    ]
    assert "document_id" in grades["required"] and "measure_key" not in grades["required"]
    assert grades["properties"]["measure_key"]["type"] == ["string", "null"]
