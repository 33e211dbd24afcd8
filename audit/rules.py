"""Rules as data: what a profile declares, and the printed figures it hands the engine.

A profile declares its rules once (bands, aggregation, rounding, direction) and, per
document, builds *cases*: the stated figure with its evidence and the printed inputs it
should follow from. The engine (`audit.engine`) evaluates every case the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from audit.bands import Band
from audit.interval import Interval, Rounding, printed

Aggregate = Literal["value", "mean", "sum", "ratio_percent", "count", "percent_of_count"]


@dataclass(frozen=True)
class Where:
    """Evidence of a printed figure: page + bbox (PDF) or sheet + cell (workbook)."""

    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    sheet: str | None = None
    cell: str | None = None

    def describe(self) -> str:
        if self.sheet is not None:
            return f"{self.sheet}!{self.cell}"
        if self.page is not None:
            box = ", ".join(f"{v:.0f}" for v in self.bbox) if self.bbox else ""
            return f"p.{self.page} [{box}]"
        return "(no evidence)"


@dataclass(frozen=True)
class Figure:
    """A number as printed, with the rounding its printer used and where it stands."""

    value: float | None
    text: str | None = None
    where: Where = field(default_factory=Where)
    rounding: Rounding = "round"
    label: str | None = None

    def interval(self) -> Interval | None:
        if self.value is None:
            return None
        return printed(self.value, self.text, rounding=self.rounding)


@dataclass(frozen=True)
class GradeRule:
    """A grade computed from printed inputs by an aggregate and graded by bands."""

    rule_id: str
    grade_type: str
    words: str  # the rule in words, for the auditor
    aggregate: Aggregate
    bands: tuple[Band, ...]


@dataclass(frozen=True)
class FigureRule:
    """A stated figure that should equal an aggregate of printed inputs (a total, a mean, a count…)."""

    rule_id: str
    kind: str
    words: str
    aggregate: Aggregate


@dataclass(frozen=True)
class GradeCase:
    rule: GradeRule
    stated_grade: str | None
    where: Where
    inputs: tuple[Figure, ...]
    measure_key: str | None = None
    fiscal_year: int | None = None
    stated_value: Figure | None = None
    # For percent_of_count / ratio_percent: the denominator comes last in `inputs`.


@dataclass(frozen=True)
class FigureCase:
    rule: FigureRule
    scope: str  # where, in words
    stated: Figure
    inputs: tuple[Figure, ...]
    key: str  # distinguishes cases of one rule within a document; part of check_id


@dataclass(frozen=True)
class SameFactCase:
    """One fact printed in two places (values, names or flags): they must agree."""

    kind: str
    scope: str
    key: str
    first: Figure | str | bool | None
    first_where: Where
    second: Figure | str | bool | None
    second_where: Where
    words: str


@dataclass(frozen=True)
class DuplicateCase:
    """An id that must be unique within the document."""

    kind: str
    scope: str
    ids: tuple[tuple[str, Where], ...]
    words: str
