"""Rules as data: what a profile declares, and the printed figures it hands the engine.

A profile declares its rules once (bands, aggregation, rounding, direction) and, per
document, builds *cases*: the stated figure with its evidence and the printed inputs it
should follow from. The engine (`hyoka.audit.engine`) evaluates every case the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from hyoka.audit.bands import Band, Relation
from hyoka.audit.interval import Interval, Rounding, printed, printed_readings

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

    def label(self) -> str:
        """The page or the cell alone, as an auditor looks it up: p.26, 様式1!B3."""
        if self.sheet is not None:
            return f"{self.sheet}!{self.cell}"
        return f"p.{self.page}" if self.page is not None else "不明"


@dataclass(frozen=True)
class Figure:
    """A number as printed, with the rounding its printer used and where it stands."""

    value: float | None
    text: str | None = None
    where: Where = field(default_factory=Where)
    rounding: Rounding = "round"
    label: str | None = None
    # A printed wording that stands for a range of values, not one (一部未実施: partly achieved, anywhere
    # from not at all to almost fully); `value` is its reading under the series' printed rule (a partly
    # done indicator is not achieved). A stated figure that only another value of the range supports
    # is `ambiguous`.
    span: Interval | None = None
    # A figure computed from printed ones (a ratio, a product with a constant): the interval their
    # rounding allows, and the figures themselves, whose evidence it carries.
    derived: Interval | None = None
    parts: tuple[Figure, ...] = ()
    # Read by OCR from a page image: a digit of its text may be misread (see audit.ocr_digits).
    ocr: bool = False

    def interval(self) -> Interval | None:
        """Every true value the figure allows, under every reading of it."""
        if self.span is not None:
            return self.span
        if self.derived is not None:
            return self.derived
        if self.value is None:
            return None
        return printed(self.value, self.text, rounding=self.rounding)

    def declared(self) -> Interval | None:
        """The figure as the series reads it: a range at its value under the printed rule, a figure
        rounded either way as rounded half-up; None for a range the rule does not decide."""
        if self.span is not None:
            return Interval.point(self.value) if self.value is not None else None
        if self.value is None or self.derived is not None:
            return self.interval()
        return printed_readings(self.value, self.text, rounding=self.rounding)[0]

    @classmethod
    def partly(cls, low: float, high: float, text: str | None, where: Where, label: str | None = None) -> Figure:
        """A wording of partial achievement (一部未実施, 着手, 一部実施): `low` (not achieved) under a rule that
        counts only what was achieved, any value short of `high` (achieved) under a reading that credits a part."""
        return cls(low, text, where, "exact", label, span=Interval(low, high, True, False))

    @classmethod
    def ratio(cls, numerator: Figure, denominator: Figure, scale: float = 100.0, label: str | None = None) -> Figure:
        """numerator ÷ denominator × scale, keeping both printed roundings (None-valued when either is missing
        or the denominator may be zero)."""
        top, bottom = numerator.interval(), denominator.interval()
        quotient = top / bottom if top is not None and bottom is not None else None
        value = (
            numerator.value / denominator.value * scale
            if quotient is not None and numerator.value is not None and denominator.value
            else None
        )
        return cls(
            value,
            f"{numerator.text} ÷ {denominator.text}" + (f" × {scale:g}" if scale != 1 else ""),
            numerator.where,
            "exact",
            label,
            derived=quotient.scale(scale) if quotient is not None else None,
            parts=(numerator, denominator),
        )

    @classmethod
    def product(cls, figure: Figure, constant: float, label: str | None = None) -> Figure:
        """figure × a constant of the rule (a unit cost, a unit conversion), keeping the figure's rounding."""
        whole = figure.interval()
        return cls(
            figure.value * constant if figure.value is not None else None,
            f"{figure.text} × {constant:,g}",
            figure.where,
            "exact",
            label,
            derived=whole.scale(constant) if whole is not None else None,
            parts=(figure,),
        )


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
    # and its notation is a separate check (status `notation`).
    case_sensitive: bool = True
    # True: the rule grades the stated value as printed (its inputs, if any, only check that value);
    # a case with no stated value is graded on its inputs (the value printed elsewhere).
    grades_stated_value: bool = False
    # A stated grade that makes no claim (a neutral evaluation text): `no_claim` whenever the
    # inputs give a grade, since the statement neither confirms nor contradicts it.
    neutral: str | None = None
    # True: the judgement is stated in words (順調に進んでいる), not printed as a grade; its verdict
    # is a `checks` row, since `grades` holds the grades a report prints.
    judgement_in_text: bool = False
    # The words the auditor reads for a grade id (on_track -> 計画通り), as (grade, label) pairs; an id
    # without one is printed as it is (a letter grade is its own label).
    labels: tuple[tuple[str, str], ...] = ()

    def label(self, grade: str) -> str:
        return dict(self.labels).get(grade, grade)


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
    # What of the population the inputs are drawn from was not read (a table not found), in the auditor's
    # words (施策一覧, 施策3の個票): the check is then not_computable (…を読めていない), never a mismatch
    # against an empty population.
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
    # What of the two places was not read: not_computable (see FigureCase.unread).
    unread: str | None = None


@dataclass(frozen=True)
class DuplicateCase:
    """An id that must be unique within the document."""

    kind: str
    scope: str
    ids: tuple[tuple[str, Where], ...]
    words: str
    # What printing the ids was not read (see FigureCase.unread): not_computable.
    unread: str | None = None
