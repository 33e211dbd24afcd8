"""A spec's `series_columns` are its series' own text columns of contract tables, declared by the engine
when it loads the spec: 佐世保's 分類 / ステップ / 実施年度 and its KPIs' 算出式 reach the contract without code."""

from __future__ import annotations

from hyoka.profiles import spec_profile
from hyoka.schemas import series_columns, table_schema


def test_each_series_column_is_declared_for_its_series() -> None:
    spec_profile("sasebo_dx_action_plan")
    measures, values = series_columns("measures"), series_columns("indicator_values")
    for column in ("category", "field", "issue", "step", "group_label", "implementation_years"):
        assert measures[column] == "sasebo_dx_action_plan"
        assert column in table_schema("measures").columns
    assert (values["formula_text"], values["evaluation_text"]) == ("sasebo_dx_action_plan",) * 2
