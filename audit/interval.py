"""Interval arithmetic over printed, rounded figures.

A figure printed as 47 (rounded to units) stands for any true value in [46.5, 47.5); one
printed by truncation stands for [47, 48). Sums, means, ratios and products of such
figures are intervals too. A stated figure agrees with a recomputation when the two
intervals meet (XBRL Calculations 1.1 treats rounded facts the same way).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

# `round_or_truncate`: the printer may have rounded half-up or truncated (a share printed with 約, a
# document whose rates follow neither rule throughout); each is one reading of the figure.
Rounding = Literal["round", "truncate", "exact", "round_or_truncate"]


@dataclass(frozen=True)
class Interval:
    """A real interval; each end open or closed. Infinite ends are always open."""

    low: float
    high: float
    low_closed: bool = True
    high_closed: bool = True

    def __post_init__(self) -> None:
        if math.isnan(self.low) or math.isnan(self.high) or self.low > self.high:
            raise ValueError(f"not an interval: [{self.low}, {self.high}]")

    @classmethod
    def point(cls, value: float) -> Interval:
        return cls(value, value)

    @property
    def is_empty(self) -> bool:
        return self.low == self.high and not (self.low_closed and self.high_closed)

    def contains(self, value: float) -> bool:
        above = value > self.low or (self.low_closed and value == self.low)
        below = value < self.high or (self.high_closed and value == self.high)
        return above and below

    def meets(self, other: Interval) -> bool:
        """True when some value lies in both intervals.

        Ends that differ only by floating-point noise (a relative 1e-9) count as touching,
        so a figure computed exactly and then rounded as printed always meets its interval.
        """
        # The tighter end wins; at equal values an open end is tighter than a closed one.
        low, low_open = max((self.low, not self.low_closed), (other.low, not other.low_closed))
        high, high_closed = min((self.high, self.high_closed), (other.high, other.high_closed))
        high_open = not high_closed
        noise = 1e-9 * max(1.0, abs(low), abs(high))
        if low < high - noise:
            return True
        if abs(low - high) <= noise:
            return not low_open and not high_open
        return False

    def __add__(self, other: Interval) -> Interval:
        return Interval(
            self.low + other.low,
            self.high + other.high,
            self.low_closed and other.low_closed,
            self.high_closed and other.high_closed,
        )

    def __neg__(self) -> Interval:
        return Interval(-self.high, -self.low, self.high_closed, self.low_closed)

    def __sub__(self, other: Interval) -> Interval:
        return self + (-other)

    def scale(self, factor: float) -> Interval:
        if factor >= 0:
            return Interval(self.low * factor, self.high * factor, self.low_closed, self.high_closed)
        return (-self).scale(-factor)

    def __mul__(self, other: Interval) -> Interval:
        # Ends are products of ends; an end is closed when the product that gives it is of closed ends.
        candidates = [
            (a * b, ca and cb)
            for a, ca in ((self.low, self.low_closed), (self.high, self.high_closed))
            for b, cb in ((other.low, other.low_closed), (other.high, other.high_closed))
        ]
        low = min(value for value, _ in candidates)
        high = max(value for value, _ in candidates)
        return Interval(
            low,
            high,
            any(closed for value, closed in candidates if value == low),
            any(closed for value, closed in candidates if value == high),
        )

    def __truediv__(self, other: Interval) -> Interval | None:
        """self / other; None when other may be zero (no finite interval bounds the ratio)."""
        if other.contains(0.0):
            return None
        inverse = Interval(1 / other.high, 1 / other.low, other.high_closed, other.low_closed)
        return self * inverse

    def __str__(self) -> str:
        return f"{'[' if self.low_closed else '('}{_fmt(self.low)}, {_fmt(self.high)}{']' if self.high_closed else ')'}"


def _fmt(value: float) -> str:
    # Full precision: a total of 14,522,800 must not print as 1.45228e+07.
    return f"{value:.15g}"


def printed(
    value: float, text: str | None = None, *, rounding: Rounding = "round", decimals: int | None = None
) -> Interval:
    """The interval of true values a printed figure stands for (under either rounding: both readings').

    `decimals` is how many decimals were printed; by default read from `text` (the figure
    as printed, e.g. '99.5') or else from the value itself.
    """
    if rounding == "exact":
        return Interval.point(value)
    if rounding == "round_or_truncate":
        return hull(printed_readings(value, text, rounding=rounding, decimals=decimals))
    if decimals is None:
        decimals = _decimals_of(text) if text is not None else _decimals_of(repr(value))
    unit = 10.0 ** (-decimals)
    if rounding == "truncate":
        # Truncation keeps the sign: 47.9 prints 47, -47.9 prints -47.
        if value >= 0:
            return Interval(value, value + unit, True, False)
        return Interval(value - unit, value, False, True)
    return Interval(value - unit / 2, value + unit / 2, True, False)


def _decimals_of(text: str) -> int:
    digits = "".join(ch for ch in text if ch.isdigit() or ch in ".-")
    try:
        exponent = Decimal(digits).as_tuple().exponent
    except ArithmeticError:
        return 0
    return max(0, -exponent) if isinstance(exponent, int) else 0


def total(intervals: Iterable[Interval]) -> Interval:
    result = Interval.point(0.0)
    for interval in intervals:
        result = result + interval
    return result


def mean(intervals: Iterable[Interval]) -> Interval | None:
    """The mean of the intervals; None when there are none."""
    items = list(intervals)
    if not items:
        return None
    return total(items).scale(1 / len(items))


def printed_readings(
    value: float, text: str | None = None, *, rounding: Rounding = "round", decimals: int | None = None
) -> tuple[Interval, ...]:
    """The interval of each way the printed figure may have been rounded: one, or two under round_or_truncate."""
    if rounding != "round_or_truncate":
        return (printed(value, text, rounding=rounding, decimals=decimals),)
    return tuple(printed(value, text, rounding=way, decimals=decimals) for way in ("round", "truncate"))


def hull(intervals: Iterable[Interval]) -> Interval:
    """The smallest interval holding every one given (at least one)."""
    items = list(intervals)
    low = min(items, key=lambda i: (i.low, not i.low_closed))
    high = max(items, key=lambda i: (i.high, i.high_closed))
    return Interval(low.low, high.high, low.low_closed, high.high_closed)
