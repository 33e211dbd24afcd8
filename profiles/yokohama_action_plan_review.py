"""横浜市 情報化の基本方針 行動計画 中間振り返り: the reading its spec
(`profiles/yokohama_action_plan_review.yaml`) cannot declare.

The measure list and the detail sheets print one measure twice: the hook merges them into one measures row,
writes the detail sheets' indicator values, registers the list, 再掲 list and detail sheet records (the
spec's list-vs-detail and presence checks, grades, rate rows and 全施策 count read them), checks each
sheet's rate against its indicators (the wordings judged in `…_wording`), and gives the engine the
populations its declared checks count (the list by 分野 for the 分野別集計, the list's measures by grade
for the 総括, the measure numbers, the detail sheets). The tables are read in `…_reading`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pandas as pd

from hyoka import normalizers as nz
from hyoka.audit.rules import Figure, FigureCase, FigureRule
from hyoka.extractors.model import Cell
from hyoka.profiles import Case, spec_profile
from hyoka.profiles.yokohama_action_plan_review_reading import (
    DETAILS,
    LIST_NAME,
    PROFILE_ID,
    SUMMARY_CHECK,
    DetailSheet,
    ListRow,
    Reading,
)
from hyoka.profiles.yokohama_action_plan_review_reading import read as read_tables
from hyoka.profiles.yokohama_action_plan_review_wording import Reached, judge
from hyoka.profiles.yokohama_action_plan_review_wording import Reading as IndicatorReading
from hyoka.schemas import SeriesColumn, declare_series_columns
from hyoka.specs import Population
from hyoka.specs import Reading as SpecReading
from hyoka.specs import measure_row as contract_measure_row
from hyoka.specs.group_counts import Grouped, Member, grouped_by_row
from hyoka.specs.locate import not_read
from hyoka.specs.records import Fact, Records, printed_number
from hyoka.specs.schema import GroupCounts
from hyoka.specs.tables import grade_letter, organisation_names, plain, where, without_circled_number

SPEC = spec_profile(PROFILE_ID).spec

declare_series_columns(
    PROFILE_ID,
    "measures",
    SeriesColumn(
        "in_list", pd.BooleanDtype(), "The measure is in the document's list (false: only on a detail sheet)."
    ),
)


def _figure_rule(rule_id: str) -> FigureRule:
    return next(r.rule() for r in SPEC.rules.figures if r.id == rule_id)


# The 分野別集計's check, whose population the hook gives; the rules the hook's cases are judged by.
SUMMARY = SPEC.checks[SUMMARY_CHECK]
assert isinstance(SUMMARY, GroupCounts)
RATE_RATIO = _figure_rule("yokohama_review_rate_vs_indicator")
RATE_SHARE = _figure_rule("yokohama_review_rate_vs_indicators")
# The places of the list's and the detail sheets' records (their figures' and cases' `place`).
LIST_PLACE, DETAIL_PLACE = "list", "detail"


def names_of(cell: Cell | None) -> list[str] | None:
    """The organisations a 所管局 / 所管課 cell names."""
    return organisation_names(cell, SPEC.vocabulary["organisation endings"])


def read(spec_reading: SpecReading) -> None:
    """Measures from the list and the detail sheets, the checks the spec cannot declare, and the records and
    populations its declared checks read."""
    out = spec_reading.output
    sheets = spec_reading.headed_sheets[DETAILS.name]
    reading = read_tables(spec_reading.document, spec_reading.located, spec_reading.inventory, sheets)
    out.problems += reading.problems
    # The year evaluated: the list's last rate year, else the detail sheets' (an edition without its list).
    out.report_fiscal_year = max(reading.years or [y for s in reading.details for y in s.rates], default=None)
    details = {d.measure_no: d for d in reading.details}
    listed = {row.measure_no: row for row in reading.listed}
    for no in dict.fromkeys([*listed, *details]):
        out.measures.append(measure_row(no, listed.get(no), details.get(no)))
    out.cases += [rate_case(sheet) for sheet in reading.details if sheet.indicators]
    spec_reading.records |= records(reading)
    spec_reading.populations.update(populations(reading))
    spec_reading.members[(SUMMARY.population, "")] = measures_by_group(reading)


def measures_by_group(reading: Reading) -> Grouped:
    """What the 分野別集計 counts: the list and the 再掲 lists, each measure by its 分野 label, with its grade."""
    rows = [*reading.listed, *(row for rows in reading.relisted.values() for row in rows)]
    members = [(row.group, Member(grade_letter(row.grade), _member(row))) for row in rows]
    return grouped_by_row(SUMMARY, reading.summary, members, None if reading.listed else _list_unread(reading))


def populations(reading: Reading) -> dict[str, Population]:
    """What the declared checks count: the list's measures (labelled by grade, for the 総括), their
    numbers, and the detail sheets."""
    return {
        "listed measures": Population(
            [_member(r, grade_letter(r.grade)) for r in reading.listed],
            None if reading.listed else _list_unread(reading),
        ),
        "measure numbers": Population([Figure(None, r.measure_no, where(r.title_cell)) for r in reading.listed]),
        "detail sheets": Population([Figure(None, s.measure_no, where(s.head)) for s in reading.details]),
    }


def _member(row: ListRow, label: str | None = None) -> Figure:
    return Figure(1.0, f"施策 {row.measure_no}", where(row.title_cell), "exact", label)


def measure_row(no: str, row: ListRow | None, sheet: DetailSheet | None) -> dict[str, Any]:
    """One measure from its list row and its detail sheet, with the evidence of the title printed first."""
    title_cell = row.title_cell if row is not None else sheet.title_cell if sheet is not None else None
    flags = {f: nz.flag(c.text).value for f, c in sheet.flags.items()} if sheet is not None else {}
    return contract_measure_row(
        no,
        title_cell if title_cell is not None else sheet.head,  # type: ignore[union-attr]
        measure_no=no,
        title=plain(row.title) if row is not None else sheet.title if sheet is not None else None,
        level=sheet.level if sheet is not None else None,
        group_name=row.group.name if row is not None and row.group is not None else None,
        departments=names_of(row.departments if row is not None else sheet.fields.get("departments")),  # type: ignore[union-attr]
        divisions=names_of(row.divisions) if row is not None else None,
        flag_kanmin_data=flags.get("flag_kanmin_data"),
        flag_sentan_gijutsu=flags.get("flag_sentan_gijutsu"),
        in_list=row is not None,
    )


def _list_unread(reading: Reading) -> str:
    """What of the measure list was not read: the table (not found), or its measure rows (none held)."""
    listed = spec_profile(PROFILE_ID).tables[LIST_NAME]
    return reading.inventory.unread(listed) or not_read(f"{listed.label_words()}の施策の行")


def rate_case(sheet: DetailSheet) -> Case:
    """The detail sheet's year rate against its indicators, by the report's own rule."""
    year = max(sheet.rates, default=None)
    stated = printed_number(sheet.rates.get(year) if year is not None else None, f"{year} 目標達成率")
    indicators = sheet.indicators
    readings = [judge(target.text, actual.text) for _, target, actual in indicators]
    notes = "；".join(
        f"{without_circled_number(plain(name.text))[:16]}：{r.reached.value}（{r.why}）"
        for (name, _, _), r in zip(indicators, readings, strict=True)
    )
    scope = f"施策{sheet.measure_no} 個票 {year}年度 目標達成率（評価指標から）［{notes}］"
    single = readings[0] if len(readings) == 1 else None
    if single is not None and single.reached is Reached.NUMERIC and single.actual and single.target:
        return FigureCase(RATE_RATIO, scope, stated, _numeric_inputs(single, indicators[0]), sheet.measure_no)
    if any(r.reached is Reached.UNKNOWN for r in readings):
        unknown = (Figure(None, label="an indicator whose result cannot be judged"),)
        return FigureCase(RATE_SHARE, scope, stated, unknown, sheet.measure_no)
    inputs = tuple(indicator_rate(r, i) for r, i in zip(readings, indicators, strict=True))
    # A rate the report shares out may be printed rounded or truncated (2 of 3 indicators: 67 or 66).
    return FigureCase(RATE_SHARE, scope, replace(stated, rounding="round_or_truncate"), inputs, sheet.measure_no)


def _numeric_inputs(reading: IndicatorReading, indicator: list[Cell]) -> tuple[Figure, Figure]:
    """An indicator's 実績 and 目標値 as printed (whole numbers, rounded)."""
    assert reading.actual is not None and reading.target is not None
    _, target, actual = indicator
    return (
        Figure(reading.actual.value, actual.text, where(actual), "round", "実績"),
        Figure(reading.target.value, target.text, where(target), "round", "目標値"),
    )


def indicator_rate(reading: IndicatorReading, indicator: list[Cell]) -> Figure:
    """One indicator's rate: 実績 ÷ 目標値 × 100 (each as printed), else 100 / 0 for achieved / not; a partly
    done one (一部未実施, 完了（公開は翌年度）) any rate between."""
    actual = indicator[2]
    here = where(actual)
    if reading.reached is Reached.NUMERIC and reading.actual is not None and reading.target is not None:
        return Figure.ratio(*_numeric_inputs(reading, indicator), label="indicator")
    if reading.reached is Reached.PARTIAL:
        return Figure.partly(0.0, 100.0, actual.text, here, "indicator")
    return Figure(100.0 if reading.reached is Reached.ACHIEVED else 0.0, actual.text, here, "exact", "indicator")


def records(reading: Reading) -> dict[str, list[Records]]:
    """What the list rows, the 再掲 list rows and the detail sheets print, for the spec's same_fact and
    presence checks."""
    relisted = [Records(label, {r.measure_no: _facts(r) for r in rows}) for label, rows in reading.relisted.items()]
    # A place not read, or a detail sheet headed but not read, leaves its presence not computable.
    listed = {r.measure_no: _facts(r) for r in reading.listed}
    details = {s.measure_no: _facts(s) for s in reading.details}
    unread_details = {no: not_read(f"施策{no}の個票") for no in reading.unread_details}
    return {
        "list": [Records(LIST_PLACE, listed, None if listed else _list_unread(reading))],
        "relisted": relisted,
        "detail sheets": [Records(DETAIL_PLACE, details, None if details else not_read("個票"), unread_details)],
    }


def _facts(record: ListRow | DetailSheet) -> dict[str, Fact]:
    """A record's printed facts: its title (without its number or tag), organisations, rates, average, grade;
    a detail sheet's head, marks and tag too."""
    facts: dict[str, Fact | None]
    if isinstance(record, ListRow):
        printed = {"departments": record.departments, "divisions": record.divisions, "grade": record.grade}
        facts = {"rates": record.rates, "average": record.average, **printed}
    else:
        values = {"rates": record.rates, "average": record.values.get("average_achievement_rate")}
        facts = {**record.fields, **values, "grade": record.values.get("grade"), "head": record.head}
        if record.tag is not None:
            facts["tag"] = replace(record.head, text=record.tag)
    if record.title_cell is not None:
        facts["title"] = replace(record.title_cell, text=record.title or "")
    return {fact: printed for fact, printed in facts.items() if printed is not None}
