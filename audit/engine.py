"""The one rule engine: every profile's cases are evaluated here, into `grades` and `checks` rows."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from audit.bands import Verdict, judge_grade, judge_value
from audit.interval import Interval, mean, total
from audit.rules import (
    Aggregate,
    DuplicateCase,
    Figure,
    FigureCase,
    GradeCase,
    SameFactCase,
    Where,
)


def aggregate(kind: Aggregate, inputs: Iterable[Figure]) -> Interval | None:
    """The interval the printed inputs allow for the aggregate; None when nothing is computable.

    Missing inputs (null values) are left out of means and sums, as the reports do
    ("the mean of the available yearly rates"); a ratio needs both of its inputs.
    """
    items = list(inputs)
    if kind == "count":
        return Interval.point(float(len(items)))
    intervals = [i for i in (f.interval() for f in items) if i is not None]
    if kind == "value":
        return intervals[0] if len(items) == 1 and intervals else None
    if kind == "mean":
        return mean(intervals)
    if kind == "sum":
        return total(intervals) if intervals else None
    if kind in ("ratio_percent", "percent_of_count"):
        if len(items) != 2 or len(intervals) != 2:
            return None
        ratio = intervals[0] / intervals[1]
        return ratio.scale(100.0) if ratio is not None else None
    raise ValueError(f"unknown aggregate {kind!r}")


def _where_columns(where: Where) -> dict[str, Any]:
    return {
        "page": where.page,
        "bbox": list(where.bbox) if where.bbox is not None else None,
        "sheet": where.sheet,
        "cell": where.cell,
    }


def _inputs_evidence(inputs: Iterable[Figure]) -> str:
    """The evidence of the cells a figure was recomputed from, as JSON (an extra column)."""
    return json.dumps(
        [{"label": f.label, "text": f.text, **_where_columns(f.where)} for f in inputs],
        ensure_ascii=False,
    )


def _interval_text(interval: Interval | None) -> str | None:
    return None if interval is None else str(interval)


def grade_row(case: GradeCase) -> dict[str, Any]:
    recomputed = aggregate(case.rule.aggregate, case.inputs)
    basis = "the printed inputs"
    if recomputed is None and case.stated_value is not None:
        recomputed, basis = case.stated_value.interval(), "the stated value (its inputs are not printed)"
    verdict = judge_grade(case.rule.bands, case.stated_grade, recomputed)
    return {
        "measure_key": case.measure_key,
        "grade_type": case.rule.grade_type,
        "fiscal_year": case.fiscal_year,
        "stated_grade": case.stated_grade,
        "stated_value": case.stated_value.value if case.stated_value is not None else None,
        "recomputed_grade": verdict.recomputed_grade,
        "recomputed_low": recomputed.low if recomputed is not None else None,
        "recomputed_high": recomputed.high if recomputed is not None else None,
        "rule": case.rule.rule_id,
        "status": verdict.status,
        "detail": f"{case.rule.words}; from {basis}: {verdict.detail}",
        "inputs_evidence": _inputs_evidence(case.inputs),
        **_where_columns(case.where),
    }


def _check_row(
    check_id: str,
    kind: str,
    scope: str,
    stated: str | None,
    recomputed: str | None,
    verdict: Verdict,
    words: str,
    where: Where,
    inputs: Iterable[Figure] = (),
) -> dict[str, Any]:
    return {
        "check_id": check_id,
        "kind": kind,
        "scope": scope,
        "stated": stated,
        "recomputed": recomputed,
        "status": verdict.status,
        "detail": f"{words}: {verdict.detail}",
        "inputs_evidence": _inputs_evidence(inputs),
        **_where_columns(where),
    }


def figure_row(case: FigureCase) -> dict[str, Any]:
    recomputed = aggregate(case.rule.aggregate, case.inputs)
    verdict = judge_value(case.stated.interval(), recomputed)
    return _check_row(
        f"{case.rule.rule_id}:{case.key}",
        case.rule.kind,
        case.scope,
        case.stated.text,
        _interval_text(recomputed),
        verdict,
        case.rule.words,
        case.stated.where,
        case.inputs,
    )


def stated_value_row(case: GradeCase) -> dict[str, Any] | None:
    """A grade case's printed value (e.g. the stated average) against its inputs."""
    if case.stated_value is None or not case.inputs:
        return None
    recomputed = aggregate(case.rule.aggregate, case.inputs)
    verdict = judge_value(case.stated_value.interval(), recomputed)
    return _check_row(
        f"{case.rule.rule_id}:value:{case.measure_key}:{case.fiscal_year}",
        "stated_value",
        f"{case.rule.grade_type} value of {case.measure_key}",
        case.stated_value.text,
        _interval_text(recomputed),
        verdict,
        f"{case.rule.aggregate} of the printed inputs",
        case.stated_value.where,
        case.inputs,
    )


def _same(first: Figure | str | bool | None, second: Figure | str | bool | None) -> Verdict:
    if first is None or second is None:
        return Verdict("not_computable", None, "printed in one place only")
    if isinstance(first, Figure) and isinstance(second, Figure):
        return judge_value(first.interval(), second.interval())
    if first == second:
        return Verdict("match", None, "the two places agree")
    return Verdict("mismatch", None, f"{_show(first)} ≠ {_show(second)}")


def _show(value: Figure | str | bool | None) -> str:
    return value.text or str(value.value) if isinstance(value, Figure) else str(value)


def same_fact_row(case: SameFactCase) -> dict[str, Any]:
    verdict = _same(case.first, case.second)
    return _check_row(
        f"{case.kind}:{case.key}",
        case.kind,
        case.scope,
        _show(case.first),
        _show(case.second),
        verdict,
        f"{case.words} (other place: {case.second_where.describe()})",
        case.first_where,
        [Figure(None, _show(case.second), case.second_where)],
    )


def duplicate_rows(case: DuplicateCase) -> list[dict[str, Any]]:
    """One mismatch per id printed more than once; nothing when every id is unique."""
    places: dict[str, list[Where]] = defaultdict(list)
    for identifier, where in case.ids:
        places[identifier].append(where)
    rows = []
    for identifier, wheres in places.items():
        if len(wheres) < 2:
            continue
        verdict = Verdict("mismatch", None, f"{identifier} is printed {len(wheres)} times")
        rows.append(
            _check_row(
                f"{case.kind}:{identifier}",
                case.kind,
                case.scope,
                str(len(wheres)),
                "1",
                verdict,
                case.words,
                wheres[0],
                [Figure(None, identifier, w) for w in wheres[1:]],
            )
        )
    return rows


def evaluate(
    cases: Iterable[GradeCase | FigureCase | SameFactCase | DuplicateCase],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(grades rows, checks rows) for every case, in the order given."""
    grades: list[dict[str, Any]] = []
    checks: list[dict[str, Any]] = []
    for case in cases:
        if isinstance(case, GradeCase):
            grades.append(grade_row(case))
            value_row = stated_value_row(case)
            if value_row is not None:
                checks.append(value_row)
        elif isinstance(case, FigureCase):
            checks.append(figure_row(case))
        elif isinstance(case, SameFactCase):
            checks.append(same_fact_row(case))
        else:
            checks.extend(duplicate_rows(case))
    return grades, checks
