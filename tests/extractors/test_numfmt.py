"""The printed form of a workbook value under its number format."""

from __future__ import annotations

from datetime import datetime

import pytest

from hyoka.extractors.numfmt import format_value


@pytest.mark.parametrize(
    ("value", "number_format", "printed"),
    [
        (1.29, "0%", "129%"),
        (0.875, "0.0%", "87.5%"),
        (0.85, "0.0%", "85.0%"),
        (136, '0"%"', "136%"),  # a quoted % is printed text, not the percent operator
        (79.4, '0.0"%"', "79.4%"),
        (50, "0\\%", "50%"),  # so is an escaped one
        (3591558, "#,##0", "3,591,558"),
        (12, '#,##0"人"', "12人"),
        (1234.5, "#,##0.00", "1,234.50"),
        (1234567, "#,##0,", "1,235"),
        (2.5, "0", "3"),  # spreadsheets round half away from zero
        (-1234, "#,##0;[Red]-#,##0", "-1,234"),
        (-1234, "#,##0;(#,##0)", "(1,234)"),
        (0, '#,##0;-#,##0;"-"', "-"),
        (3, "0.##", "3"),
        (0.1 + 0.2, "General", "0.3"),
        (42, "General", "42"),
        ("未実施", "@", "未実施"),
        (True, "General", "TRUE"),
        (None, "0%", ""),
        (datetime(2020, 4, 1), '[$-411]ggge"年"m"月"d"日"', "令和2年4月1日"),
        (datetime(2019, 4, 30), "gge", "平31"),
        (datetime(2021, 3, 5), "yyyy/m/d", "2021/3/5"),
    ],
)
def test_printed_form(value: object, number_format: str, printed: str) -> None:
    assert format_value(value, number_format) == printed
