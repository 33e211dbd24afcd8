"""A column one series prints is declared beside that series and composed into the shared table."""

from __future__ import annotations

import pandas as pd
import pytest
from pandera.errors import SchemaError

from hyoka.profiles import registry
from hyoka.schemas import (
    MeasuresSchema,
    SeriesColumn,
    declare_series_columns,
    schemas_as_json,
    series_columns,
    table_schema,
)


@pytest.fixture(scope="module", autouse=True)
def every_series_imported() -> None:
    registry()


def test_a_series_column_is_not_in_the_shared_model_but_in_the_composed_table() -> None:
    assert "field" not in MeasuresSchema.to_schema().columns
    assert series_columns("measures")["field"] == "sasebo_dx_action_plan"
    assert series_columns("documents")["policy_code"] == "hokkaido_basic_evaluation"
    composed = list(table_schema("measures").columns)
    shared = list(MeasuresSchema.to_schema().columns)
    assert composed[: len(shared)] == shared  # the series' columns come after the shared ones


def test_every_series_column_is_described_in_the_printed_schema() -> None:
    tables = schemas_as_json()["tables"]
    for table in tables:
        for name in series_columns(table):
            assert tables[table]["properties"][name]["description"], (table, name)


def test_a_series_column_keeps_its_checks() -> None:
    column = table_schema("measures").columns["related_projects"]
    column.validate(pd.DataFrame({"related_projects": pd.array([3, None], dtype="Int64")}))
    with pytest.raises(SchemaError, match="greater_than_or_equal_to"):
        column.validate(pd.DataFrame({"related_projects": pd.array([-1], dtype="Int64")}))


def test_a_column_two_series_print_belongs_in_the_shared_schema() -> None:
    with pytest.raises(ValueError, match="which sasebo_dx_action_plan declared"):
        declare_series_columns("another_series", "measures", SeriesColumn("field", pd.StringDtype(), "分野"))
    with pytest.raises(ValueError, match="a column of the shared schema"):
        declare_series_columns("another_series", "measures", SeriesColumn("title", pd.StringDtype(), "名称"))
    assert "another_series" not in series_columns("measures").values()
