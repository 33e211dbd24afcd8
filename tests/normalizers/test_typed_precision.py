"""`typed_precision`: a typed number's padding zeros are its format's, not its precision."""

from __future__ import annotations

import pytest

from hyoka.normalizers import typed_precision


@pytest.mark.parametrize(
    ("printed", "typed", "written"),
    [
        ("123.0%", 1.23, "123%"),  # 1.23 under 0.0%: the author wrote 123 %
        ("12.50", 12.5, "12.5"),  # under 0.00: one padding zero
        ("1,234.0人", 1234, "1,234人"),  # a unit after the padding
        ("122.8%", 1.228, "122.8%"),  # no padding
        ("10.0", 10.04, "10.0"),  # the zero is a rounded digit of the value, not padding
        ("120", 120, "120"),  # no decimals at all
        ("完了", 0, "完了"),  # no number
    ],
)
def test_padding_zeros_are_dropped_and_digits_kept(printed: str, typed: float, written: str) -> None:
    assert typed_precision(printed, typed) == written
