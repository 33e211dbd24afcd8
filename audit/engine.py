"""The one rule engine: every profile's cases are evaluated here, into `grades` and `checks` rows."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import Any

from hyoka.audit.bands import Relation, Verdict, judge_grade, judge_notation, judge_outcomes, judge_value
from hyoka.audit.interval import Interval, mean, total
from hyoka.audit.ocr_digits import Misreading, amount, misreadings
from hyoka.audit.rules import (
    Aggregate,
    Decision,
    DuplicateCase,
    Figure,
    FigureCase,
    GradeCase,
    SameFactCase,
    Where,
)
from hyoka.audit.wording import compared, not_computable, number, sentence, shown

# Why a stated figure that some value of its inputs supports is `ambiguous`, in the detail's words.
PARTLY_REASON = "一部実施を達成と数えるかで変わる"
ROUNDING_REASON = "切り捨てなら合い、四捨五入では合わない"
# The aggregate a stated value (the printed mean, sum…) should be of its inputs, in words.
AGGREGATE_WORDS = {
    "value": "値",
    "mean": "平均",
    "sum": "合計",
    "ratio_percent": "比率（%）",
    "count": "件数",
    "percent_of_count": "割合（%）",
}


def aggregate(kind: Aggregate, inputs: Iterable[Figure]) -> Interval | None:
    """The interval the printed inputs allow for the aggregate; None when nothing is computable.

    Missing inputs (null values) are left out of means and sums, as the reports do
    ("the mean of the available yearly rates"); a ratio needs both of its inputs. A mean of
    ratios or a sum of products is an aggregate over `rules.ratio` / `rules.product` figures.
    """
    return _combine(kind, [f.interval() for f in inputs])


def _combine(kind: Aggregate, values: list[Interval | None]) -> Interval | None:
    """The aggregate of the inputs' intervals (None where an input has no value)."""
    if kind == "count":
        return Interval.point(float(len(values)))
    intervals = [i for i in values if i is not None]
    if kind == "value":
        return intervals[0] if len(values) == 1 and intervals else None
    if kind == "mean":
        return mean(intervals)
    if kind == "sum":
        return total(intervals) if intervals else None
    if kind in ("ratio_percent", "percent_of_count"):
        if len(values) != 2 or len(intervals) != 2:
            return None
        ratio = intervals[0] / intervals[1]
        return ratio.scale(100.0) if ratio is not None else None
    raise ValueError(f"unknown aggregate {kind!r}")


def as_printed(kind: Aggregate, inputs: Iterable[Figure]) -> Interval | None:
    """The aggregate of the inputs as printed: a number, or a range only where a wording stands for one
    (the printed rounding is what the verdict allows for, not what it shows)."""
    return _combine(
        kind,
        [f.span if f.span is not None else Interval.point(f.value) if f.value is not None else None for f in inputs],
    )


def printed_unit(figure: Figure) -> float:
    """How many stored units one printed unit of the figure is (1000 for an amount printed in 千円, stored in yen)."""
    printed_amount = amount(figure.text or "")
    if figure.value is None or not printed_amount:
        return 1.0
    return figure.value / float(printed_amount)


def printed_text(figure: Figure | None) -> str:
    """A figure as printed, for a verdict's words."""
    if figure is None:
        return "—"
    return figure.text or (number(figure.value) if figure.value is not None else "—")


def judge_figure(stated: Figure, kind: Aggregate, inputs: tuple[Figure, ...], relation: Relation = "equal") -> Verdict:
    """A stated figure against an aggregate of its inputs, under every way the figures can be read.

    mismatch: no value any reading allows supports it; match: the figures as the series reads them
    support it (a range of partial achievement at its value under the printed rule, a figure rounded
    either way as rounded half-up); ambiguous: only another reading does.
    """
    whole = aggregate(kind, inputs)
    verdict = judge_value(
        stated.interval(),
        whole,
        relation,
        stated_text=printed_text(stated),
        recomputed_text=shown(_in_unit(as_printed(kind, inputs), printed_unit(stated))),
    )
    if verdict.status != "match":
        return verdict
    ranged = any(f.span is not None for f in inputs)
    undecided = any(f.span is not None and f.declared() is None for f in inputs)
    as_ruled = None if undecided else _combine(kind, [f.declared() for f in inputs])
    if as_ruled is not None and judge_value(stated.declared(), as_ruled, relation).status == "match":
        return verdict
    reasons = [
        reason
        for reason, decides in (
            (PARTLY_REASON, ranged and judge_value(stated.interval(), as_ruled, relation).status != "match"),
            (ROUNDING_REASON, judge_value(stated.declared(), whole, relation).status != "match"),
        )
        if decides
    ] or [PARTLY_REASON, ROUNDING_REASON]
    return Verdict("ambiguous", None, f"{verdict.detail}：{'。'.join(reasons)}")


def _in_unit(interval: Interval | None, unit: float) -> Interval | None:
    """A recomputation in the stated figure's printed unit, so that the two read side by side."""
    return interval.scale(1 / unit) if interval is not None and unit > 0 else interval


def _misread(figure: Figure) -> Iterator[Figure]:
    """An OCR'd figure as OCR may have misread it: each text one confusable character away, with its value."""
    printed_amount = amount(figure.text or "") if figure.ocr and figure.value is not None else None
    if printed_amount is None or figure.value is None:
        return
    # The value may be in another unit than the text (千円 printed, yen stored): keep the ratio.
    scale = figure.value / float(printed_amount) if printed_amount else 1.0
    for text in misreadings(figure.text or ""):
        value = amount(text)
        if value is not None:
            yield replace(figure, value=float(value) * scale, text=text)


def unless_misread(
    verdict: Verdict, figures: tuple[Figure, ...], judge: Callable[[tuple[Figure, ...]], Verdict]
) -> Verdict:
    """A mismatch that one OCR-typical misread character in an OCR'd figure would resolve is `ambiguous`.

    `figures` are the stated figure, then the inputs; `judge` judges them again with one figure re-read.
    """
    if verdict.status != "mismatch":
        return verdict
    for position, figure in enumerate(figures):
        for reading in _misread(figure):
            reread = (*figures[:position], reading, *figures[position + 1 :])
            if judge(reread).status == "match":
                misreading = Misreading(figure.text or "", reading.text or "", is_total=position == 0)
                return Verdict("ambiguous", verdict.recomputed_grade, f"{verdict.detail}：{misreading.sentence()}")
    return verdict


def decide(table: tuple[Decision, ...], inputs: Iterable[Figure]) -> str | None:
    """The outcome of the first decision-table row whose conditions hold for the printed marks.

    Each input is a mark (its text, "" when blank) under its label; None when nothing is printed.
    """
    items = list(inputs)
    if not items:
        return None
    marks = {f.label or "": f.text or "" for f in items}
    return next((row.outcome for row in table if all(c.holds(marks) for c in row.when)), None)


def _marks_text(inputs: Iterable[Figure]) -> str:
    return "印 " + "・".join(f"{f.label}{f.text or '空欄'}" for f in inputs)


def _where_columns(where: Where) -> dict[str, Any]:
    return {
        "page": where.page,
        "bbox": list(where.bbox) if where.bbox is not None else None,
        "sheet": where.sheet,
        "cell": where.cell,
    }


def _inputs_evidence(inputs: Iterable[Figure]) -> str:
    """The evidence of the cells a figure was recomputed from, as JSON (an extra column); a figure
    computed from printed ones (a ratio) stands for them."""
    printed = [part for f in inputs for part in (f.parts or (f,))]
    return json.dumps(
        [{"label": f.label, "text": f.text, **_where_columns(f.where)} for f in printed],
        ensure_ascii=False,
    )


def _inputs_basis(inputs: tuple[Figure, ...]) -> str | None:
    return f"根拠{len(inputs)}件から" if inputs else None


def _interval_text(interval: Interval | None) -> str | None:
    return None if interval is None else str(interval)


def _case_id(*parts: object) -> str:
    """A check id from its parts; row-level keys that a case does not have are left out."""
    return ":".join(str(p) for p in parts if p is not None)


def _keys(case: GradeCase | FigureCase) -> dict[str, Any]:
    return {"indicator_key": case.indicator_key, "place": case.place}


def _grade_verdict(case: GradeCase) -> tuple[Verdict, Interval | None, str | None]:
    """The verdict on a stated grade, the interval it was graded on, and what it was graded from, in words."""
    rule = case.rule
    options: dict[str, Any] = {
        "case_sensitive": rule.case_sensitive,
        "neutral": rule.neutral,
        "labels": dict(rule.labels),
    }
    if rule.aggregate == "decision":
        outcome = decide(rule.decisions, case.inputs)
        basis = f"{_marks_text(case.inputs)}から"
        if outcome is None:
            return Verdict("not_computable", None, not_computable("決定表のどの行にも当たらない")), None, basis
        return judge_outcomes([outcome], case.stated_grade, **options), None, basis
    stated_value = case.stated_value
    if rule.grades_stated_value and stated_value is not None:
        graded = stated_value.interval()
        value = printed_text(stated_value)
        return judge_grade(rule.bands, case.stated_grade, graded, value=value, **options), graded, "記載値から"
    recomputed: Interval | None = aggregate(rule.aggregate, case.inputs)
    basis = _inputs_basis(case.inputs)
    value = _graded_text(rule.aggregate, case.inputs) if recomputed is not None else None
    if recomputed is None and stated_value is not None:
        recomputed, basis = stated_value.interval(), "根拠の印字がなく記載値から"
        value = printed_text(stated_value)
    return judge_grade(rule.bands, case.stated_grade, recomputed, value=value, **options), recomputed, basis


def _graded_text(kind: Aggregate, inputs: tuple[Figure, ...]) -> str:
    """What a grade was graded on, as printed: the one figure a `value` rule takes, else the aggregate."""
    if kind == "value" and len(inputs) == 1:
        return printed_text(inputs[0])
    return shown(as_printed(kind, inputs))


def grade_row(case: GradeCase) -> dict[str, Any]:
    verdict, recomputed, basis = _grade_verdict(case)
    return {
        "measure_key": case.measure_key,
        "grade_type": case.rule.grade_type,
        "fiscal_year": case.fiscal_year,
        "stated_grade": case.stated_grade,
        "stated_value": case.stated_value.value if case.stated_value is not None else None,
        "stated_label": case.stated_label,
        "recomputed_grade": verdict.recomputed_grade,
        "recomputed_low": recomputed.low if recomputed is not None else None,
        "recomputed_high": recomputed.high if recomputed is not None else None,
        "rule": case.rule.rule_id,
        "status": verdict.status,
        "detail": sentence(case.rule.words, basis, verdict.detail),
        "rule_words": case.rule.words,
        "inputs_evidence": _inputs_evidence(case.inputs),
        **_keys(case),
        **_where_columns(case.where),
    }


def notation_row(case: GradeCase) -> dict[str, Any] | None:
    """For a rule that grades letters regardless of case: whether the letter is also printed in the rule's case."""
    if case.rule.case_sensitive or case.stated_grade is None or case.stated_grade == case.rule.neutral:
        return None
    verdict, _, _ = _grade_verdict(case)
    if verdict.recomputed_grade is None:
        return None
    notation = judge_notation(verdict.recomputed_grade.split("/"), case.stated_grade)
    return {
        **_check_row(
            _case_id(case.rule.rule_id, "notation", case.measure_key, case.fiscal_year, case.indicator_key, case.place),
            f"{case.rule.grade_type}_notation",
            f"{case.measure_key or '文書'} {case.rule.grade_type}の表記",
            case.stated_grade,
            verdict.recomputed_grade,
            notation,
            case.rule.words,
            case.where,
            case.inputs,
            "文字の表記",
        ),
        **_keys(case),
    }


def judgement_row(case: GradeCase) -> dict[str, Any]:
    """A judgement stated in words, checked like a grade but reported among the checks."""
    grade = grade_row(case)
    recomputed = grade["recomputed_grade"]
    # The auditor reads the judgement in the rule's words (計画通り / 遅れ), as the detail does.
    return {
        "check_id": _case_id(case.rule.rule_id, case.measure_key, case.fiscal_year, case.indicator_key),
        "kind": case.rule.grade_type,
        "scope": " ".join(str(p) for p in (case.rule.grade_type, case.measure_key, case.fiscal_year) if p),
        "stated": None if case.stated_grade is None else case.rule.label(case.stated_grade),
        "recomputed": None if recomputed is None else "/".join(case.rule.label(g) for g in recomputed.split("/")),
        **{key: grade[key] for key in ("status", "detail", "rule_words", "inputs_evidence", "indicator_key", "place")},
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
    basis: str | None = None,
) -> dict[str, Any]:
    return {
        "check_id": check_id,
        "kind": kind,
        "scope": scope,
        "stated": stated,
        "recomputed": recomputed,
        "status": verdict.status,
        "detail": sentence(words, basis, verdict.detail),
        "rule_words": words,
        "inputs_evidence": _inputs_evidence(inputs),
        **_where_columns(where),
    }


def _unread(reason: str) -> Verdict:
    return Verdict("not_computable", None, not_computable(reason))


def figure_row(case: FigureCase) -> dict[str, Any]:
    judged = [(aggregate(case.rule.aggregate, inputs), _judge_case(case, inputs)) for inputs in case.readings]
    if case.unread is not None:
        recomputed_text, verdict = None, _unread(case.unread)
    elif len(judged) == 1:
        recomputed, verdict = judged[0]
        recomputed_text = _interval_text(recomputed)
    else:
        recomputed_text = " | ".join(_interval_text(r) or "—" for r, _ in judged)
        verdict = _over_readings(case, [v for _, v in judged])
    inputs = list(dict.fromkeys(f for reading in case.readings for f in reading))
    return {
        **_check_row(
            _case_id(case.rule.rule_id, case.key, case.indicator_key, case.place),
            case.rule.kind,
            case.scope,
            case.stated.text,
            recomputed_text,
            verdict,
            case.rule.words,
            case.stated.where,
            inputs,
            _inputs_basis(case.inputs),
        ),
        **_keys(case),
    }


def _judge_case(case: FigureCase, inputs: tuple[Figure, ...]) -> Verdict:
    """One reading of a figure case's inputs against its stated figure, OCR misreadings considered."""
    rule = case.rule

    def judge(figures: tuple[Figure, ...]) -> Verdict:
        return judge_figure(figures[0], rule.aggregate, figures[1:], rule.relation)

    figures = (case.stated, *inputs)
    return unless_misread(judge(figures), figures, judge)


def _over_readings(case: FigureCase, verdicts: list[Verdict]) -> Verdict:
    """match when every reading of the inputs supports the stated figure, mismatch when none does, else ambiguous.

    A reading that gives no value is left out; when none gives one, nothing is computable.
    """
    judged = [v for v in verdicts if v.status != "not_computable"]
    if not judged:
        return Verdict("not_computable", None, not_computable("どの読み方でも根拠の値が出ない"))
    agreeing = sum(v.status == "match" for v in judged)
    if agreeing == len(judged):
        status = "match"
    elif all(v.status == "mismatch" for v in judged):
        status = "mismatch"
    else:
        status = "ambiguous"
    unit = printed_unit(case.stated)
    each = " / ".join(shown(_in_unit(as_printed(case.rule.aggregate, r), unit)) for r in case.readings)
    words = compared(printed_text(case.stated), each, case.rule.relation)
    return Verdict(status, None, f"{words}：読み方{len(judged)}通りのうち{agreeing}通りで合う")


def stated_value_row(case: GradeCase) -> dict[str, Any] | None:
    """A grade case's printed value (e.g. the stated average) against its inputs."""
    if case.stated_value is None or not case.inputs or case.rule.aggregate == "decision":
        return None
    recomputed = aggregate(case.rule.aggregate, case.inputs)
    kind = case.rule.aggregate

    def judge(figures: tuple[Figure, ...]) -> Verdict:
        return judge_figure(figures[0], kind, figures[1:])

    figures = (case.stated_value, *case.inputs)
    verdict = unless_misread(judge(figures), figures, judge)
    return {
        **_check_row(
            _case_id(case.rule.rule_id, "value", case.measure_key, case.fiscal_year, case.indicator_key, case.place),
            "stated_value",
            f"{case.measure_key} {case.rule.grade_type}の記載値",
            case.stated_value.text,
            _interval_text(recomputed),
            verdict,
            f"記載値は根拠の{AGGREGATE_WORDS.get(kind, kind)}",
            case.stated_value.where,
            case.inputs,
            _inputs_basis(case.inputs),
        ),
        **_keys(case),
    }


def _same(first: Figure | str | bool | None, second: Figure | str | bool | None) -> Verdict:
    if first is None or second is None:
        return Verdict("not_computable", None, not_computable("一方の箇所にしか印字されていない"))
    if isinstance(first, Figure) and isinstance(second, Figure):
        judged = judge_value(first.interval(), second.interval())
        if judged.status == "not_computable":
            return judged
        agree = judged.status == "match"
    else:
        agree = first == second
    return Verdict("match" if agree else "mismatch", None, f"記載{_show(first)}、別の箇所{_show(second)}")


def _show(value: Figure | str | bool | None) -> str | None:
    """A fact as the auditor reads it: a figure as printed, a presence (a mark, a listing) as あり / なし;
    None where the place printed nothing."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "あり" if value else "なし"
    return printed_text(value) if isinstance(value, Figure) else str(value)


def same_fact_row(case: SameFactCase) -> dict[str, Any]:
    verdict = _unread(case.unread) if case.unread is not None else _same(case.first, case.second)
    return _check_row(
        f"{case.kind}:{case.key}",
        case.kind,
        case.scope,
        _show(case.first),
        _show(case.second),
        verdict,
        case.words,
        case.first_where,
        [Figure(None, _show(case.second), case.second_where)],  # the other place, as its evidence
        f"別の箇所：{case.second_where.label()}" if case.unread is None else None,
    )


def duplicate_rows(case: DuplicateCase) -> list[dict[str, Any]]:
    """One mismatch per id printed more than once; nothing when every id is unique; one not_computable row
    when the ids were not read."""
    if case.unread is not None:
        check_id = f"{case.kind}:{case.scope}"
        return [_check_row(check_id, case.kind, case.scope, None, None, _unread(case.unread), case.words, Where())]
    places: dict[str, list[Where]] = defaultdict(list)
    for identifier, where in case.ids:
        places[identifier].append(where)
    rows = []
    for identifier, wheres in places.items():
        if len(wheres) < 2:
            continue
        verdict = Verdict("mismatch", None, f"{identifier}が{len(wheres)}回印字されている")
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
        if isinstance(case, GradeCase) and case.rule.judgement_in_text:
            checks.append(judgement_row(case))
        elif isinstance(case, GradeCase):
            grades.append(grade_row(case))
            checks.extend(row for row in (stated_value_row(case), notation_row(case)) if row is not None)
        elif isinstance(case, FigureCase):
            checks.append(figure_row(case))
        elif isinstance(case, SameFactCase):
            checks.append(same_fact_row(case))
        else:
            checks.extend(duplicate_rows(case))
    return grades, checks
