"""Grading bands and the verdict on a stated grade given the interval its inputs allow."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from hyoka.audit.interval import Interval
from hyoka.audit.wording import compared, not_computable, shown

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
    labels: Mapping[str, str] | None = None,
    value: str | None = None,
) -> Verdict:
    """match: every allowed value gives the stated grade; ambiguous: some do; mismatch: none do.

    `value` is the recomputed value as the verdict shows it (as printed; by default the interval in words).
    """
    if recomputed is None:
        return Verdict("not_computable", None, not_computable("根拠の値が無い"))
    return judge_outcomes(
        grades_allowed(bands, recomputed),
        stated,
        value or shown(recomputed),
        case_sensitive=case_sensitive,
        neutral=neutral,
        labels=labels,
        span=shown(recomputed),
    )


def judge_outcomes(
    allowed: list[str],
    stated: str | None,
    value: str | None = None,
    *,
    case_sensitive: bool = True,
    neutral: str | None = None,
    labels: Mapping[str, str] | None = None,
    span: str | None = None,
) -> Verdict:
    """A stated grade against the grades the inputs allow.

    `value` is the value graded as shown, if any; `span` the range of values its rounding allows;
    `labels` the words the detail prints for a grade id (計画通り for on_track), where the rule declares them.
    """
    recomputed_grade = "/".join(allowed) if allowed else None
    printed = labels or {}
    words = [printed.get(g, g) for g in allowed]
    # The value beside the grade it gives, unless it is that grade as printed (a letter copied from elsewhere).
    grades = "・".join(words) + (f"（{value}）" if value and value not in allowed else "")
    if stated is None:
        return Verdict("not_computable", recomputed_grade, not_computable("評価の記載が無い"))
    stated_words = printed.get(stated, stated)
    if neutral is not None and stated == neutral:
        if not allowed:
            unclaimed = f"記載は判断を述べず（{stated_words}）、根拠からも評価が出ない"
            return Verdict("not_computable", None, not_computable(unclaimed))
        return Verdict("no_claim", recomputed_grade, f"記載は判断を述べない（{stated_words}）、再計算{grades}")
    fold = (lambda g: g) if case_sensitive else str.casefold
    folded = [fold(g) for g in allowed]
    if folded == [fold(stated)]:
        return Verdict("match", recomputed_grade, compared(stated_words, grades))
    if fold(stated) in folded:
        graded = f"{value}（範囲{span}）" if span and span != value else value or ""
        either = f"記載{stated_words}、再計算{graded}は{'・'.join(words)}のいずれにもなる"
        return Verdict("ambiguous", recomputed_grade, either)
    return Verdict("mismatch", recomputed_grade, compared(stated_words, grades or "なし"))


def judge_notation(allowed: list[str], stated: str | None) -> Verdict:
    """Whether a grade that agrees with the rule in substance is also written in the rule's case."""
    recomputed_grade = "/".join(allowed) if allowed else None
    if stated is None or stated.casefold() not in [g.casefold() for g in allowed]:
        return Verdict("not_computable", recomputed_grade, not_computable("評価そのものが違う（評価の行を参照）"))
    if stated in allowed:
        return Verdict("match", recomputed_grade, f"記載{stated}、規則の表記も{stated}")
    written = next(g for g in allowed if g.casefold() == stated.casefold())
    return Verdict("notation", recomputed_grade, f"記載{stated}、規則の表記は{written}（評価は同じ）")


def judge_value(
    stated: Interval | None,
    recomputed: Interval | None,
    relation: Relation = "equal",
    *,
    stated_text: str | None = None,
    recomputed_text: str | None = None,
) -> Verdict:
    """A stated figure against its recomputation.

    equal: match when the two intervals meet; at_most / at_least: match when some value the
    stated figure allows is at most / at least some value the inputs allow (mismatch only when
    no value the printed rounding allows satisfies the relation). The verdict shows the stated
    figure as printed (`stated_text`) and the recomputation as `recomputed_text`, by default both
    intervals in words.
    """
    if stated is None or recomputed is None:
        return Verdict("not_computable", None, not_computable("記載値か根拠の値が無い"))
    if relation == "at_most":
        bound = Interval(-math.inf, recomputed.high, False, recomputed.high_closed)
    elif relation == "at_least":
        bound = Interval(recomputed.low, math.inf, recomputed.low_closed, False)
    else:
        bound = recomputed
    words = compared(stated_text or shown(stated), recomputed_text or shown(recomputed), relation)
    return Verdict("match" if stated.meets(bound) else "mismatch", None, words)
