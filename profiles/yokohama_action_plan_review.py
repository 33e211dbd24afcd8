"""横浜市 情報化の基本方針 行動計画 中間振り返り: the reading its spec
(`profiles/yokohama_action_plan_review.yaml`) cannot declare.

The measure list and the detail sheets print one measure twice: the hook merges them into one measures row,
writes the rates and indicator values of both places, states each printed grade as a case of the spec's
grading rule (with its place), checks list against detail sheet (rates, averages, grades, titles, 所管局,
listing, ○ flags against the 再掲 lists) and each sheet's rate against its indicators (the wordings
judged in `…_wording`), and gives the engine the populations its declared checks count (the list by 分野
for the 分野別集計, the list's measures by grade for the 総括, the measure numbers, the detail sheets). The
tables are read in `…_reading`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from typing import Any

import pandas as pd

from hyoka import normalizers as nz
from hyoka.audit.rules import Figure, FigureCase, FigureRule, GradeCase, GradeRule
from hyoka.extractors.model import Cell, Document, TextBlock
from hyoka.profiles import Case, spec_profile
from hyoka.profiles.yokohama_action_plan_review_reading import (
    DETAILS,
    LIST_NAME,
    PROFILE_ID,
    SUMMARY_CHECK,
    DetailSheet,
    Indicator,
    ListRow,
    Reading,
    SummaryRow,
)
from hyoka.profiles.yokohama_action_plan_review_reading import read as read_tables
from hyoka.profiles.yokohama_action_plan_review_wording import Reached, judge
from hyoka.profiles.yokohama_action_plan_review_wording import Reading as IndicatorReading
from hyoka.schemas import SeriesColumn, declare_series_columns
from hyoka.specs import Population, indicator_value_row
from hyoka.specs import Reading as SpecReading
from hyoka.specs import measure_row as contract_measure_row
from hyoka.specs.group_counts import Grouped, Member, count_figure
from hyoka.specs.locate import not_read
from hyoka.specs.same_fact import Placed, placed_cases, same_fact_case
from hyoka.specs.schema import GroupCounts, SameFact
from hyoka.specs.tables import grade_letter, organisation_names, plain, squash, where, without_circled_number

SPEC = spec_profile(PROFILE_ID).spec

declare_series_columns(
    PROFILE_ID,
    "measures",
    SeriesColumn(
        "in_list", pd.BooleanDtype(), "The measure is in the document's list (false: only on a detail sheet)."
    ),
)


def _grade_rule(rule_id: str) -> GradeRule:
    return next(r.rule() for r in SPEC.rules.grades if r.id == rule_id)


def _figure_rule(rule_id: str) -> FigureRule:
    return next(r.rule() for r in SPEC.rules.figures if r.id == rule_id)


# The rules the hook's cases are judged by, declared in the spec.
MID_TERM = _grade_rule("yokohama_review_mid_term")
DETAIL_SHEET_COUNT = _figure_rule("yokohama_review_detail_sheet_count")
MEASURE_LISTED = _figure_rule("measure_in_list")
FLAG_RELISTED = _figure_rule("flag_vs_relisted")
RATE_RATIO = _figure_rule("yokohama_review_rate_vs_indicator")
RATE_SHARE = _figure_rule("yokohama_review_rate_vs_indicators")
# The 再掲 lists' words for the detail sheets' flag columns.
FLAG_WORDS: dict[str, str] = SPEC.vocabulary["flags"]
# How an indicator's result reads, as the scope of its 目標達成率 check says it.
REACHED_WORDS = {
    Reached.NUMERIC: "数値",
    Reached.ACHIEVED: "達成",
    Reached.NOT_ACHIEVED: "未達成",
    Reached.PARTIAL: "一部達成",
    Reached.UNKNOWN: "判断できない",
}
# The two places a list-vs-detail check compares, as the report's scope names them.
LIST_AND_DETAIL = "一覧・個票"
LIST_PLACE, DETAIL_PLACE = "list", "detail"
# Rates, averages and shares are printed as whole percent, rounded (233.5 -> 234, 87.5 -> 88).
PERCENT_ROUNDING = "round"


# The endings of the organisations a 所管局 / 所管課 cell names.
ORGANISATION_ENDINGS: str = SPEC.vocabulary["organisation endings"]


def names_of(cell: Cell | None) -> list[str] | None:
    return organisation_names(cell, ORGANISATION_ENDINGS)


def figure(cell: Cell | None, label: str) -> Figure:
    """A printed percentage or count with its evidence; a missing marker gives a null figure."""
    if cell is None:
        return Figure(None, None, label=label)
    parsed = nz.quantity(cell.text).value
    value = parsed.value if parsed is not None else None
    return Figure(value, cell.text, where(cell), PERCENT_ROUNDING, label)


def read(spec_reading: SpecReading) -> None:
    """Measures, rates and indicator values from the list and the detail sheets, the grades and checks
    the spec cannot declare, and the populations its declared checks count."""
    out = spec_reading.output
    sheets = spec_reading.headed_sheets[DETAILS.name]
    reading = read_tables(spec_reading.document, spec_reading.located, spec_reading.inventory, sheets)
    out.problems += reading.problems
    out.title = title(spec_reading.document)
    # The year evaluated: the list's last rate year, else the detail sheets' (an edition without its list).
    out.report_fiscal_year = max(reading.years or [y for s in reading.details for y in s.rates], default=None)
    details = {d.measure_no: d for d in reading.details}
    listed = {row.measure_no: row for row in reading.listed}
    for no in dict.fromkeys([*listed, *details]):
        out.measures.append(measure_row(no, listed.get(no), details.get(no)))
    for row in reading.listed:
        out.indicator_values += rate_rows(row.measure_no, row.rates, "list")
    for sheet in reading.details:
        out.indicator_values += rate_rows(sheet.measure_no, sheet.rates, "detail")
        out.indicator_values += indicator_rows(sheet)
    out.cases += cases(reading)
    spec_reading.populations.update(populations(reading))
    check = SPEC.checks[SUMMARY_CHECK]
    assert isinstance(check, GroupCounts)
    spec_reading.members[(check.population, "")] = measures_by_group(reading)


def measures_by_group(reading: Reading) -> Grouped:
    """What the 分野別集計 counts: the list by 分野 (and 再掲 list, and 全施策) with each measure's grade."""
    unread_groups = {
        s.label: not_read(f"{s.label}の一覧")
        for s in reading.summary
        if s.kind == "relisted" and s.label not in reading.relisted
    }
    groups = {
        s.label: [Member(grade_letter(m.grade), _member(m)) for m in _members(reading, s)] for s in reading.summary
    }
    return Grouped(groups, None if reading.listed else _list_unread(reading), unread_groups)


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


def title(document: Document) -> str | None:
    """The title page's heading: the series line (情報化の基本方針・…年度) and the title (行動計画中間振り返り)."""
    if not document.pages:
        return None
    blocks = document.pages[0].text_blocks
    running = Counter(plain(b.text) for page in document.pages for b in page.text_blocks)
    for i, block in enumerate(blocks):
        text = plain(block.text)
        if SPEC.vocabulary["title word"] in text and len(text) < 40 and running[text] == 1:
            series = next((plain(b.text) for b in reversed(blocks[:i]) if running[plain(b.text)] == 1), "")
            series = re.sub(r"^[ⅠⅡⅢⅣⅤIV]+\s*", "", series)
            return f"{series} {text}".strip()
    return None


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
        departments=names_of(row.departments if row is not None else sheet.departments if sheet else None),
        divisions=names_of(row.divisions) if row is not None else None,
        flag_kanmin_data=flags.get("flag_kanmin_data"),
        flag_sentan_gijutsu=flags.get("flag_sentan_gijutsu"),
        in_list=row is not None,
    )


def rate_rows(no: str, rates: dict[int, Cell], place: str) -> list[dict[str, Any]]:
    rows = [
        indicator_value_row(
            cell,
            indicator_name="目標達成率",
            measure_key=no,
            indicator_key="rate",
            fiscal_year=year,
            metric="achievement_rate",
            place=place,
        )
        for year, cell in sorted(rates.items())
    ]
    for row in rows:
        # A 目標達成率 is a percentage (達成率 = 実績 ÷ 目標値 × 100（％）), printed or not.
        row["unit"] = row["unit"] or "%"
    return rows


def indicator_rows(sheet: DetailSheet) -> list[dict[str, Any]]:
    rows = []
    for i, indicator in enumerate(sheet.indicators, start=1):
        printed_name = nz.quantity(indicator.name.text).value
        missing = printed_name is not None and printed_name.na_marker is not None
        for metric, cell in (("target", indicator.target), ("actual", indicator.actual)):
            rows.append(
                indicator_value_row(
                    cell,
                    indicator_name=None if missing else plain(without_circled_number(indicator.name.text)),
                    measure_key=sheet.measure_no,
                    indicator_key=f"{sheet.measure_no}-{i}",
                    fiscal_year=sheet.indicator_year,
                    metric=metric,
                    place=DETAIL_PLACE,
                )
            )
    return rows


def cases(reading: Reading) -> list[Case]:
    found: list[Case] = []
    found += grade_cases(reading)
    total = next((r for r in reading.summary if r.kind == "total"), None)
    if total is not None and "total" in total.counts and any(r.kind == "area" for r in reading.summary):
        found.append(detail_sheet_count(reading, total))
    found += cross_reference_cases(reading)
    found += [rate_case(sheet) for sheet in reading.details if sheet.indicators]
    return found


def grade_cases(reading: Reading) -> list[Case]:
    found: list[Case] = []
    places = [(LIST_PLACE, row.measure_no, row.rates, row.average, row.grade) for row in reading.listed]
    places += [(DETAIL_PLACE, s.measure_no, s.rates, s.average, s.grade) for s in reading.details]
    for place, no, rates, average, grade_cell in places:
        letter = grade_letter(grade_cell)
        if grade_cell is None or letter is None:
            continue  # no grade stated (施策 71 prints —)
        found.append(
            GradeCase(
                rule=MID_TERM,
                stated_grade=letter,
                where=where(grade_cell),
                inputs=tuple(figure(c, f"{y} 目標達成率") for y, c in sorted(rates.items())),
                measure_key=no,
                fiscal_year=max(rates, default=None),
                stated_value=figure(average, "過年度の平均達成率") if average is not None else None,
                place=place,
            )
        )
    return found


def _members(reading: Reading, row: SummaryRow) -> list[ListRow]:
    if row.kind == "total":
        return reading.listed
    if row.kind == "relisted":
        return reading.relisted.get(row.label, [])
    return [r for r in reading.listed if r.group is row]


def _list_unread(reading: Reading) -> str:
    """What of the measure list was not read: the table (not found), or its measure rows (none held)."""
    listed = spec_profile(PROFILE_ID).tables[LIST_NAME]
    return reading.inventory.unread(listed) or not_read(f"{listed.label_words()}の施策の行")


def detail_sheet_count(reading: Reading, total: SummaryRow) -> Case:
    """The 全施策 count against the detail sheets; a sheet tagged new (＜新規施策＞) may stand outside
    the count, so with such sheets both readings are judged."""
    scope = f"分野別集計 {total.label}（個票の数）"
    stated = count_figure(total.counts["total"])
    if not reading.details:
        return FigureCase(DETAIL_SHEET_COUNT, scope, stated, (), "detail_sheets", unread=not_read("個票"))
    if reading.unread_details:
        unread = not_read(f"施策{'・'.join(reading.unread_details)}の個票")
        return FigureCase(DETAIL_SHEET_COUNT, scope, stated, (), "detail_sheets", unread=unread)
    every = tuple(Figure(1.0, f"施策 {s.measure_no}", where(s.head), "exact") for s in reading.details)
    established = tuple(f for f, s in zip(every, reading.details, strict=True) if not s.is_new)
    alternatives = (established,) if len(established) < len(every) else ()
    return FigureCase(DETAIL_SHEET_COUNT, scope, stated, every, "detail_sheets", alternatives)


def _check(name: str) -> SameFact:
    declared = SPEC.checks[name]
    assert isinstance(declared, SameFact), f"check `{name}` is not a same_fact check"
    return declared


def _same(
    check: str,
    scope: str,
    key: str,
    first: Any,
    first_at: Cell | TextBlock,
    second: Any,
    second_at: Cell | TextBlock,
    unread: str | None = None,
) -> Case:
    """A case of one of the spec's `same_fact` checks (a detail sheet is no declared table: the hook pairs)."""
    return same_fact_case(_check(check), scope, key, (first, where(first_at)), (second, where(second_at)), unread)


def _names_key(cell: Cell | None) -> str | None:
    found = names_of(cell)
    return " | ".join(found) if found is not None else None


def cross_reference_cases(reading: Reading) -> list[Case]:
    found: list[Case] = []
    details = {d.measure_no: d for d in reading.details}
    listed = {r.measure_no: r for r in reading.listed}
    for no in dict.fromkeys([*listed, *details]):
        row, sheet = listed.get(no), details.get(no)
        if row is None and sheet is not None and sheet.is_new and listed:
            found.append(_new_measure_case(MEASURE_LISTED, f"施策{no} 掲載（一覧・個票）", no, sheet.head))
        else:
            anchor = row.title_cell if row is not None else sheet.head  # type: ignore[union-attr]
            other = sheet.head if sheet is not None else anchor
            # A place that was not read (no list, no detail sheet, or this sheet's head printed but the
            # sheet not read) states nothing: not computable.
            missing = None if listed else _list_unread(reading)
            missing = missing or (None if details else not_read("個票"))
            if missing is None and sheet is None and no in reading.unread_details:
                missing = not_read(f"施策{no}の個票")
            scope = f"施策{no} 掲載（一覧・個票）"
            found.append(
                _same(
                    "listed and on a detail sheet",
                    scope,
                    no,
                    row is not None,
                    anchor,
                    sheet is not None,
                    other,
                    missing,
                )
            )
        if row is not None and sheet is not None:
            found += _list_vs_detail(no, row, sheet)
    for label, rows in reading.relisted.items():
        for relisted in rows:
            main = listed.get(relisted.measure_no)
            if main is not None:
                found += _relisted_vs_list(label, relisted, main)
    for sheet in reading.details:
        for flag, cell in sheet.flags.items():
            found.append(_flag_case(reading, sheet, flag, cell, sheet.measure_no in listed))
    return found


def _new_measure_case(rule: FigureRule, scope: str, key: str, at: Cell | TextBlock, marked: bool = True) -> Case:
    """A measure its detail sheet tags new (＜新規施策＞) and the list leaves out: counted in the list
    once (read as an established measure) or not at all (read as new); both readings are judged."""
    stated = Figure(0.0, "一覧に載らない", where(at), "exact", "rows in the list")
    established = (Figure(1.0, "○" if marked else "", where(at), "exact", "the detail sheet"),) if marked else ()
    return FigureCase(rule, f"{scope}（個票は新規施策）", stated, established, key, ((),))


def _flag_case(reading: Reading, sheet: DetailSheet, flag: str, cell: Cell, in_list: bool) -> Case:
    """A detail sheet's ○ against the 再掲 list of its flag (官民データ / 先端技術)."""
    word = FLAG_WORDS.get(flag, flag)
    label = next((lbl for lbl in reading.relisted if word in lbl), None)
    marked = bool(nz.flag(cell.text).value)
    scope = f"施策{sheet.measure_no} {word}の○（個票・{label or word + 'の再掲'}一覧）"
    key = f"{sheet.measure_no}:{flag}"
    if label is not None and not in_list and sheet.is_new:
        return _new_measure_case(FLAG_RELISTED, scope, key, cell, marked)
    rows = reading.relisted.get(label or "", [])
    relisted_cell = next((r.title_cell for r in rows), cell)
    # Without the 再掲 list, membership was not read: not computable.
    missing = None if label is not None else not_read(f"{word}の再掲一覧")
    member = sheet.measure_no in {r.measure_no for r in rows}
    return _same("flag and 再掲 list", scope, key, marked, cell, member, relisted_cell, missing)


# How the auditor's report names each fact a list row, a 再掲 list row and a detail sheet print (a year: its rate).
FACT_WORDS = {
    "title": "施策名",
    "departments": "所管局",
    "divisions": "所管課",
    "average": "過年度の平均達成率",
    "grade": "進捗評価",
}


def _printed(record: ListRow | DetailSheet, what: str | int, label: str) -> Placed:
    """What a list row, a 再掲 list row or a detail sheet prints of a fact, as compared, and where."""
    if isinstance(what, int):
        return figure(record.rates.get(what), label), record.rates.get(what)
    if what == "average":
        return figure(record.average, label), record.average
    if what == "grade":
        return grade_letter(record.grade), record.grade
    if what == "title":
        return squash(plain(record.title or "")), record.title_cell
    cell = getattr(record, what)  # departments, divisions
    return _names_key(cell), cell


def _compared(
    check: str, scope: str, key: str, records: tuple[ListRow, ListRow] | tuple[ListRow, DetailSheet], what: str | int
) -> list[Case]:
    """The fact in both records, (record, its place's label) each, where both print it."""
    words = FACT_WORDS[what] if isinstance(what, str) else f"{what}年度 目標達成率"
    (one, one_label), (other, other_label) = records
    first, second = _printed(one, what, one_label), _printed(other, what, other_label)
    return placed_cases(_check(check), scope.format(words=words), key, first, second)


def _list_vs_detail(no: str, row: ListRow, sheet: DetailSheet) -> list[Case]:
    """What a list row and its detail sheet both print: the rates, the average, the grade, title and 所管局."""
    facts: list[tuple[str, str | int]] = [("rate list vs detail", y) for y in sorted(set(row.rates) & set(sheet.rates))]
    # With the same rates printed in both places, two averages that differ are a mean check's finding
    # (each average against its own rates), which says which place is wrong: not reported twice.
    same_rates = bool(row.rates) and {y: squash(c.text) for y, c in row.rates.items()} == {
        y: squash(c.text) for y, c in sheet.rates.items()
    }
    if not same_rates:
        facts.append(("average list vs detail", "average"))
    facts += [(f"{what} list vs detail", what) for what in ("grade", "title", "departments")]
    scope = f"施策{no} {{words}}（{LIST_AND_DETAIL}）"
    records = ((row, LIST_PLACE), (sheet, DETAIL_PLACE))
    return [c for check, what in facts for c in _compared(check, scope, _fact_key(no, what), records, what)]


def _fact_key(no: str, what: str | int) -> str:
    return f"{no}:{what}" if isinstance(what, int) else no


def _relisted_vs_list(label: str, relisted: ListRow, main: ListRow) -> list[Case]:
    """What a 再掲 list row and the list row of its measure both print."""
    no, tag = relisted.measure_no, squash(label)
    facts: list[str | int] = ["title", "departments", "divisions", "average", "grade"]
    facts += sorted(set(relisted.rates) & set(main.rates))
    records = ((relisted, label), (main, LIST_PLACE))
    return [
        case
        for what in facts
        for case in _compared(
            "title relisted vs list" if what == "title" else "relisted vs list",
            f"施策{no} {{words}}（{label}・一覧）",
            f"{no}:{tag}:{what if isinstance(what, str) else f'rate{what}'}",
            records,
            what,
        )
    ]


def rate_case(sheet: DetailSheet) -> Case:
    """The detail sheet's year rate against its indicators, by the report's own rule."""
    year = sheet.indicator_year
    stated = figure(sheet.rates.get(year) if year is not None else None, f"{year} 目標達成率")
    readings = [judge(i.target.text, i.actual.text) for i in sheet.indicators]
    notes = "；".join(
        f"{without_circled_number(plain(i.name.text))[:16]}：{REACHED_WORDS[r.reached]}（{r.why}）"
        for i, r in zip(sheet.indicators, readings, strict=True)
    )
    scope = f"施策{sheet.measure_no} 個票 {year}年度 目標達成率（評価指標から）［{notes}］"
    single = readings[0] if len(readings) == 1 else None
    if single is not None and single.reached is Reached.NUMERIC and single.actual and single.target:
        return FigureCase(RATE_RATIO, scope, stated, _numeric_inputs(single, sheet.indicators[0]), sheet.measure_no)
    if any(r.reached is Reached.UNKNOWN for r in readings):
        unknown = (Figure(None, label="an indicator whose result cannot be judged"),)
        return FigureCase(RATE_SHARE, scope, stated, unknown, sheet.measure_no)
    inputs = tuple(indicator_rate(r, i) for r, i in zip(readings, sheet.indicators, strict=True))
    # A rate the report shares out may be printed rounded or truncated (2 of 3 indicators: 67 or 66).
    return FigureCase(RATE_SHARE, scope, replace(stated, rounding="round_or_truncate"), inputs, sheet.measure_no)


def _numeric_inputs(reading: IndicatorReading, indicator: Indicator) -> tuple[Figure, Figure]:
    """An indicator's 実績 and 目標値 as printed (whole numbers, rounded)."""
    assert reading.actual is not None and reading.target is not None
    return (
        Figure(reading.actual.value, indicator.actual.text, where(indicator.actual), "round", "実績"),
        Figure(reading.target.value, indicator.target.text, where(indicator.target), "round", "目標値"),
    )


def indicator_rate(reading: IndicatorReading, indicator: Indicator) -> Figure:
    """One indicator's rate: 実績 ÷ 目標値 × 100 (each as printed), else 100 / 0 for achieved / not; a partly
    done one (一部未実施, 完了（公開は翌年度）) any rate between."""
    here = where(indicator.actual)
    if reading.reached is Reached.NUMERIC and reading.actual is not None and reading.target is not None:
        return Figure.ratio(*_numeric_inputs(reading, indicator), label="indicator")
    if reading.reached is Reached.PARTIAL:
        return Figure.partly(0.0, 100.0, indicator.actual.text, here, "indicator")
    return Figure(
        100.0 if reading.reached is Reached.ACHIEVED else 0.0, indicator.actual.text, here, "exact", "indicator"
    )
