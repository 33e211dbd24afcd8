"""Columns a series adds to the contract tables, declared in its spec (`series_columns`): composed into the
table with their type and their least value, and a type the format does not know refused."""

from __future__ import annotations

import pandas as pd
import pytest
from pandera.errors import SchemaError

from hyoka.profiles import spec_profile
from hyoka.schemas import series_columns, table_schema
from hyoka.specs.schema import SpecError, validate


def test_a_declared_column_is_composed_with_its_type_and_least_value() -> None:
    spec_profile("yokohama_kanmin_data_status")  # its spec declares departments_text and related_projects
    assert series_columns("measures")["related_projects"] == "yokohama_kanmin_data_status"
    column = table_schema("measures").columns["related_projects"]
    column.validate(pd.DataFrame({"related_projects": pd.array([12, None], dtype="Int64")}))
    with pytest.raises(SchemaError, match="greater_than_or_equal_to"):
        column.validate(pd.DataFrame({"related_projects": pd.array([-1], dtype="Int64")}))
    assert str(table_schema("measures").columns["departments_text"].dtype).startswith("string")


def test_a_type_the_format_does_not_know_is_refused() -> None:
    spec = {
        "profile_id": "series_columns_example",
        "description": "a series adding a column",
        "detection": {},
        "series_columns": {"budget_year": {"table": "budgets", "type": "date", "words": "予算年度"}},
    }
    with pytest.raises(SpecError, match="series_columns"):
        validate(spec, "series_columns_example")


def test_text_columns_of_two_tables_are_declared_for_their_series() -> None:
    spec_profile("sasebo_dx_action_plan")  # 佐世保's 分類 / ステップ / 実施年度 and its KPIs' 算出式
    measures, values = series_columns("measures"), series_columns("indicator_values")
    for column in ("category", "field", "issue", "step", "group_label", "implementation_years"):
        assert measures[column] == "sasebo_dx_action_plan"
        assert column in table_schema("measures").columns
    assert (values["formula_text"], values["evaluation_text"]) == ("sasebo_dx_action_plan",) * 2
