"""Grading bands and the verdict on a stated grade given the interval its inputs allow."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from hyoka.audit.interval import Interval

# How a stated figure relates to its recomputation: equal to it, or at most / at least it.
Relation = Literal["equal", "at_most", "at_least"]


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

    status: str  # one of schemas.tables.STATUSES
    recomputed_grade: str | None
    detail: str


def grades_allowed(bands: tuple[Band, ...], value: Interval) -> list[str]:
    """The grades whose band some value of the interval falls in, in band order."""
    return [band.grade for band in bands if band.interval().meets(value)]


def judge_grade(
    bands: tuple[Band, ...],
    stated: str | None,
    recomputed: Interval | None,
    *,
    case_sensitive: bool = True,
    neutral: str | None = None,
) -> Verdict:
    """match: every allowed value gives the stated grade; ambiguous: some do; mismatch: none do."""
    if recomputed is None:
        return Verdict("not_computable", None, "the printed inputs give no value to grade")
    return judge_outcomes(
        grades_allowed(bands, recomputed),
        stated,
        str(recomputed),
        case_sensitive=case_sensitive,
        neutral=neutral,
    )


def judge_outcomes(
    allowed: list[str],
    stated: str | None,
    basis: str,
    *,
    case_sensitive: bool = True,
    neutral: str | None = None,
) -> Verdict:
    """A stated grade against the grades the inputs allow (`basis` says what allowed them, in words)."""
    recomputed_grade = "/".join(allowed) if allowed else None
    if stated is None:
        return Verdict("not_computable", recomputed_grade, "no grade is stated")
    if neutral is not None and stated == neutral:
        if not allowed:
            return Verdict("not_computable", None, f"the statement is {neutral} and {basis} gives no grade")
        return Verdict(
            "no_claim",
            recomputed_grade,
            f"the statement is {neutral}: it neither confirms nor contradicts {recomputed_grade} from {basis}",
        )
    fold = (lambda g: g) if case_sensitive else str.casefold
    folded = [fold(g) for g in allowed]
    if folded == [fold(stated)]:
        return Verdict("match", recomputed_grade, f"{basis} gives {recomputed_grade}")
    if fold(stated) in folded:
        return Verdict(
            "ambiguous",
            recomputed_grade,
            f"{basis} straddles a band boundary: it allows {', '.join(allowed)}",
        )
    return Verdict("mismatch", recomputed_grade, f"{basis} gives {recomputed_grade}, not {stated}")


def judge_notation(allowed: list[str], stated: str | None) -> Verdict:
    """Whether a grade that agrees with the rule in substance is also written in the rule's case."""
    recomputed_grade = "/".join(allowed) if allowed else None
    if stated is None or stated.casefold() not in [g.casefold() for g in allowed]:
        return Verdict("not_computable", recomputed_grade, "the letter differs in substance (see its grade row)")
    if stated in allowed:
        return Verdict("match", recomputed_grade, f"{stated} is written as the rule writes it")
    written = next(g for g in allowed if g.casefold() == stated.casefold())
    return Verdict("notation", recomputed_grade, f"printed {stated}, the rule writes {written}: same grade")


def judge_value(stated: Interval | None, recomputed: Interval | None, relation: Relation = "equal") -> Verdict:
    """A stated figure against its recomputation.

    equal: match when the two intervals meet; at_most / at_least: match when some value the
    stated figure allows is at most / at least some value the inputs allow (mismatch only when
    no value the printed rounding allows satisfies the relation).
    """
    if stated is None or recomputed is None:
        return Verdict("not_computable", None, "a stated figure or an input is missing")
    if relation == "at_most":
        bound, agrees, fails = Interval(-math.inf, recomputed.high, False, recomputed.high_closed), "is", "exceeds"
        agrees += " at most"
    elif relation == "at_least":
        bound, agrees, fails = Interval(recomputed.low, math.inf, recomputed.low_closed, False), "is", "falls short of"
        agrees += " at least"
    else:
        bound, agrees, fails = recomputed, "meets", "is outside"
    if stated.meets(bound):
        return Verdict("match", None, f"stated {stated} {agrees} recomputed {recomputed}")
    return Verdict("mismatch", None, f"stated {stated} {fails} recomputed {recomputed}")
