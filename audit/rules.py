"""Rules as data: what a profile declares, and the printed figures it hands the engine.

A profile declares its rules once (bands, aggregation, rounding, direction) and, per
document, builds *cases*: the stated figure with its evidence and the printed inputs it
should follow from. The engine (`audit.engine`) evaluates every case the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from audit.bands import Band, Relation
from audit.interval import Interval, Rounding, printed

# `decision`: the grade comes from a decision table over the inputs' marks, not from a number.
Aggregate = Literal["value", "mean", "sum", "ratio_percent", "count", "percent_of_count", "decision"]


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
class Marks:
    """A condition of a decision table: the marks printed at the inputs with these labels.

    `all`: every such input carries one of `marks`; `any`: at least one does. A blank
    input (no mark printed) is the mark "".
    """

    labels: tuple[str, ...]
    marks: frozenset[str]
    quantifier: Literal["all", "any"] = "all"

    def holds(self, printed_marks: Mapping[str, str]) -> bool:
        found = [printed_marks.get(label, "") in self.marks for label in self.labels]
        return all(found) if self.quantifier == "all" else any(found)


@dataclass(frozen=True)
class Decision:
    """One row of a decision table: when every condition holds, the outcome. No conditions: otherwise."""

    outcome: str
    when: tuple[Marks, ...] = ()


@dataclass(frozen=True)
class GradeRule:
    """A grade computed from printed inputs by an aggregate and graded by bands (or a decision table)."""

    rule_id: str
    grade_type: str
    words: str  # the rule in words, for the auditor
    aggregate: Aggregate
    bands: tuple[Band, ...]
    # For aggregate `decision`: the first row whose conditions hold gives the grade.
    decisions: tuple[Decision, ...] = ()
    # False: a letter that agrees with the rule but not in its case (C for c) matches in substance,
    # and its notation is a separate check.
    case_sensitive: bool = True
    # True: the rule grades the stated value as printed (its inputs, if any, only check that value);
    # a case with no stated value is graded on its inputs (the value printed elsewhere).
    grades_stated_value: bool = False
    # A stated grade that makes no claim (a neutral evaluation text): `ambiguous` whenever the
    # inputs give a grade, since the statement neither confirms nor contradicts it.
    neutral: str | None = None
    # True: the judgement is stated in words (順調に進んでいる), not printed as a grade; its verdict
    # is a `checks` row, since `grades` holds the grades a report prints.
    judgement_in_text: bool = False


@dataclass(frozen=True)
class FigureRule:
    """A stated figure that should equal (or stay within) an aggregate of printed inputs (a total, a count…)."""

    rule_id: str
    kind: str
    words: str
    aggregate: Aggregate
    relation: Relation = "equal"


@dataclass(frozen=True)
class GradeCase:
    rule: GradeRule
    stated_grade: str | None
    where: Where
    inputs: tuple[Figure, ...]
    measure_key: str | None = None
    fiscal_year: int | None = None
    stated_value: Figure | None = None
    # The statement printed with the grade (A.順調に推移している -> 順調に推移している), or the option marked.
    stated_label: str | None = None
    # For percent_of_count / ratio_percent: the denominator comes last in `inputs`.
    # Row-level keys, written as columns and part of the check ids: the indicator a grade is
    # about (two grades of one measure may differ only by it), and which printed table it is from.
    indicator_key: str | None = None
    place: str | None = None


@dataclass(frozen=True)
class FigureCase:
    rule: FigureRule
    scope: str  # where, in words
    stated: Figure
    inputs: tuple[Figure, ...]
    key: str  # distinguishes cases of one rule within a document; part of check_id
    # Other ways the inputs can be read (a partly-done wording counted as done or not): the stated
    # figure is `match` when every reading supports it, `ambiguous` when some do, `mismatch` when none do.
    alternatives: tuple[tuple[Figure, ...], ...] = ()
    indicator_key: str | None = None
    place: str | None = None
    # Why the population the inputs are drawn from was not read (a table not found): the check is then
    # not_computable for that reason, never a mismatch against an empty population.
    unread: str | None = None

    @property
    def readings(self) -> tuple[tuple[Figure, ...], ...]:
        return (self.inputs, *self.alternatives)


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
    # Why one of the two places was not read: not_computable for that reason (see FigureCase.unread).
    unread: str | None = None


@dataclass(frozen=True)
class DuplicateCase:
    """An id that must be unique within the document."""

    kind: str
    scope: str
    ids: tuple[tuple[str, Where], ...]
    words: str
