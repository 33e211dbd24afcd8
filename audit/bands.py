"""Grading bands and the verdict on a stated grade given the interval its inputs allow."""

from __future__ import annotations

import math
from dataclasses import dataclass

from audit.interval import Interval


@dataclass(frozen=True)
class Band:
    """One grade's range, e.g. A: value >= 120 is Band('A', low=120)."""

    grade: str
    low: float = -math.inf
    high: float = math.inf
    low_closed: bool = True
    high_closed: bool = False

    def interval(self) -> Interval:
        return Interval(self.low, self.high, self.low_closed and self.low != -math.inf, self.high_closed)

    def describe(self) -> str:
        if self.low == -math.inf:
            return f"{self.grade}: < {self.high:g}" if not self.high_closed else f"{self.grade}: <= {self.high:g}"
        if self.high == math.inf:
            return f"{self.grade}: >= {self.low:g}" if self.low_closed else f"{self.grade}: > {self.low:g}"
        return f"{self.grade}: {self.low:g}–<{self.high:g}"


@dataclass(frozen=True)
class Verdict:
    """What the printed inputs say about a stated figure or grade."""

    status: str  # match | mismatch | ambiguous | not_computable
    recomputed_grade: str | None
    detail: str


def grades_allowed(bands: tuple[Band, ...], value: Interval) -> list[str]:
    """The grades whose band some value of the interval falls in, in band order."""
    return [band.grade for band in bands if band.interval().meets(value)]


def judge_grade(bands: tuple[Band, ...], stated: str | None, recomputed: Interval | None) -> Verdict:
    """match: every allowed value gives the stated grade; ambiguous: some do; mismatch: none do."""
    if recomputed is None:
        return Verdict("not_computable", None, "the printed inputs give no value to grade")
    allowed = grades_allowed(bands, recomputed)
    recomputed_grade = "/".join(allowed) if allowed else None
    if stated is None:
        return Verdict("not_computable", recomputed_grade, "no grade is stated")
    if allowed == [stated]:
        return Verdict("match", recomputed_grade, f"{recomputed} gives {stated}")
    if stated in allowed:
        return Verdict(
            "ambiguous",
            recomputed_grade,
            f"{recomputed} straddles a band boundary: it allows {', '.join(allowed)}",
        )
    return Verdict("mismatch", recomputed_grade, f"{recomputed} gives {recomputed_grade}, not {stated}")


def judge_value(stated: Interval | None, recomputed: Interval | None) -> Verdict:
    """A stated figure against its recomputation: match when the two intervals meet."""
    if stated is None or recomputed is None:
        return Verdict("not_computable", None, "a stated figure or an input is missing")
    if stated.meets(recomputed):
        return Verdict("match", None, f"stated {stated} meets recomputed {recomputed}")
    return Verdict("mismatch", None, f"stated {stated} is outside recomputed {recomputed}")
