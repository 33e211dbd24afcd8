"""The spec capability `indicator_units`: an indicator's unit read from its name as the spec declares it."""

from __future__ import annotations

import pytest

from hyoka.specs.schema import IndicatorUnits, SpecError, validate
from hyoka.specs.units import unit_of_indicator

UNITS = IndicatorUnits(
    rate_words=["率"],
    rate_marks=["%"],
    counters={"利用数": "人", "利用者数": "人", "農家数": "戸", "項目数": "項目", "回数": "回"},
    formula_counters=["項目数"],
    default="件",
)


@pytest.mark.parametrize(
    ("name", "printed", "formula", "unit"),
    [
        ("ソフト導入率", ["100"], "", "%"),  # a rate word
        ("満足度(%)", [], "", "%"),  # a rate mark, even in a note
        ("導入学校数", ["50%"], "", "%"),  # a figure printed as a rate
        ("アプリ利用者数", ["120"], "", "人"),  # the longest counter ending the name (利用者数, not 利用数)
        ("IoTを活用した農家数（累計）", [], "", "戸"),  # the note is no part of the ending
        ("CDO補佐官との協議回数", [], "", "回"),
        ("公開データ数", [], "公開した項目数の合計", "項目"),  # a counter the formula names
        ("公開データ数", [], "", "件"),  # else the default counter
        ("モデルコースデータベース", [], "", "件"),
        ("", [], "", None),
    ],
)
def test_the_unit_is_read_from_the_name_as_declared(
    name: str, printed: list[str], formula: str, unit: str | None
) -> None:
    assert unit_of_indicator(UNITS, name, printed, formula) == unit


def test_a_series_declaring_no_rate_marks_counts_a_percent_in_the_name_as_text() -> None:
    plain_counters = IndicatorUnits(counters={"件数": "件"}, default="件")
    assert unit_of_indicator(plain_counters, "相談件数(%)") == "件"
    assert unit_of_indicator(plain_counters, "相談件数", ["12%"]) == "%"


def test_a_formula_counter_without_its_unit_is_a_spec_error_in_words() -> None:
    raw = {
        "profile_id": "x",
        "description": "x",
        "detection": {},
        "indicator_units": {"counters": {"件数": "件"}, "formula_counters": ["項目数"]},
    }
    with pytest.raises(
        SpecError, match=r"^x.yaml: `indicator_units` names formula counters that are none of its counters: 項目数\.$"
    ):
        validate(raw, "x.yaml")
