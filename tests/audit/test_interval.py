from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hyoka.audit.bands import Band, judge_grade, judge_value
from hyoka.audit.interval import Interval, mean, printed

# The 中間振り返り bands: A >= 120, B 90–<120, C < 90.
MID_TERM = (Band("A", low=120), Band("B", low=90, high=120), Band("C", high=90))


def test_printed_rounding_and_truncation() -> None:
    assert printed(47, "47%") == Interval(46.5, 47.5, True, False)
    assert printed(99.5, "99.5") == Interval(99.45, 99.55, True, False)
    assert printed(47, "47", rounding="truncate") == Interval(47, 48, True, False)
    assert printed(3, "3", rounding="exact") == Interval.point(3)


def test_a_mean_that_rounding_explains_is_a_match() -> None:
    # 介護ロボットの導入支援: 47% and 60%, printed mean 53% (true mean 53.5 may print as 53 or 54).
    recomputed = mean([printed(47, "47%"), printed(60, "60%")])
    assert recomputed == Interval(53.0, 54.0, True, False)
    assert judge_value(printed(53, "53%"), recomputed).status == "match"
    assert judge_value(printed(55, "55%"), recomputed).status == "mismatch"


def test_open_ends_do_not_meet() -> None:
    assert not Interval(1, 2, True, False).meets(Interval(2, 3))
    assert Interval(1, 2).meets(Interval(2, 3))
    assert not Interval(1, 2).meets(Interval(2, 3, False, True))


@pytest.mark.parametrize(
    ("rates", "stated", "status", "grade"),
    [
        ((147, 103), "A", "match", "A"),
        ((47, 60), "C", "match", "C"),
        ((120, 119), "B", "match", "B"),  # mean in [119, 120): all below 120
        ((120, 120), "B", "ambiguous", "A/B"),  # mean in [119.5, 120.5): straddles 120
        ((100, 100), "A", "mismatch", "B"),
        ((), "B", "not_computable", None),
    ],
)
def test_band_grading(rates: tuple[int, ...], stated: str, status: str, grade: str | None) -> None:
    verdict = judge_grade(MID_TERM, stated, mean(printed(r, str(r)) for r in rates))
    assert (verdict.status, verdict.recomputed_grade) == (status, grade)


def test_division_by_an_interval_holding_zero_is_not_computable() -> None:
    assert printed(5, "5") / printed(0, "0") is None
    ratio = printed(3884, "3,884") / printed(3000, "3,000")
    assert ratio is not None and ratio.contains(3884 / 3000)


def _print(value: Decimal, decimals: int, truncate: bool) -> Decimal:
    quantum = Decimal(1).scaleb(-decimals)
    return value.quantize(quantum, rounding=ROUND_DOWN if truncate else ROUND_HALF_UP)


true_rates = st.decimals(min_value=0, max_value=1000, places=4, allow_nan=False, allow_infinity=False)


@given(st.lists(true_rates, min_size=1, max_size=4), st.integers(0, 2), st.booleans())
def test_a_figure_computed_exactly_and_printed_never_mismatches(
    rates: list[Decimal], decimals: int, truncate: bool
) -> None:
    rounding = "truncate" if truncate else "round"
    printed_rates = [_print(r, decimals, truncate) for r in rates]
    true_mean = sum(rates) / len(rates)
    stated_mean = _print(true_mean, decimals, truncate)
    true_grade = next(b.grade for b in MID_TERM if b.interval().contains(float(true_mean)))

    recomputed = mean(printed(float(p), str(p), rounding=rounding) for p in printed_rates)
    stated = printed(float(stated_mean), str(stated_mean), rounding=rounding)

    assert judge_value(stated, recomputed).status == "match"
    assert judge_grade(MID_TERM, true_grade, recomputed).status in {"match", "ambiguous"}


@given(
    st.floats(-1e6, 1e6, allow_nan=False),
    st.floats(0, 1e3, allow_nan=False),
    st.floats(-1e6, 1e6, allow_nan=False),
    st.floats(0, 1e3, allow_nan=False),
)
def test_products_and_sums_contain_every_combination_of_their_ends(a: float, wa: float, b: float, wb: float) -> None:
    x, y = Interval(a, a + wa), Interval(b, b + wb)
    for u in (x.low, x.high):
        for v in (y.low, y.high):
            assert (x * y).contains(u * v) or (x * y).meets(Interval.point(u * v))
            assert (x + y).meets(Interval.point(u + v))


def test_a_point_on_an_open_band_end_meets_only_the_band_that_holds_it() -> None:
    # 実績 = 予定 exactly: a ratio of 100 is A (>= 100), never the band below it.
    bands = (Band("A", low=100), Band("B", low=90, high=100))
    assert judge_grade(bands, "A", Interval.point(100.0)).status == "match"
    assert not Interval(90, 100, True, False).meets(Interval.point(100.0))
