"""Profile: 横浜市 情報化の基本方針 行動計画 中間振り返り (mid-term review of the action plan).

Recognised by its vocabulary (中間振り返り, 目標達成率, 過年度の達成指標平均値, 事業状態進捗評価) and its
structure: a measure list with a vertical 分野 column, a 分野 summary by grade, one detail sheet per
measure (施策 NN | title | 所管局 / 官民データ / 先端技術). The reading is in
`yokohama_action_plan_review_reading`, the judgement of result wordings in `…_wording`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from typing import Any

import pandas as pd

import normalizers as nz
from audit.bands import Band
from audit.rules import DuplicateCase, Figure, FigureCase, FigureRule, GradeCase, GradeRule, SameFactCase
from extractors.model import Cell, Document, TextBlock
from profiles import Case, ProfileOutput
from profiles.tables import (
    evidence,
    grade_letter,
    header_fields,
    plain,
    squash,
    vocabulary_share,
    where,
)
from profiles.yokohama_action_plan_review_reading import (
    MEASURE_LIST,
    DetailSheet,
    Indicator,
    ListRow,
    Reading,
    SummaryRow,
    read,
    strip_marker,
)
from profiles.yokohama_action_plan_review_wording import Reached, amount, judge
from profiles.yokohama_action_plan_review_wording import Reading as IndicatorReading
from schemas import SeriesColumn, declare_series_columns

PROFILE_ID = "yokohama_action_plan_review"

declare_series_columns(
    PROFILE_ID,
    "measures",
    SeriesColumn(
        "in_list", pd.BooleanDtype(), "The measure is in the document's list (false: only on a detail sheet)."
    ),
)

# The report's grading rule (計画期間中における各年度の達成率平均値): A >= 120, B 90–<120, C < 90.
MID_TERM_BANDS = (Band("A", low=120.0), Band("B", low=90.0, high=120.0), Band("C", high=90.0))
_MID_TERM_WORDS = "mean of the available yearly 目標達成率 graded A >= 120, B 90–<120, C < 90"
# The grade is printed in the 施策一覧 and on the detail sheet: one rule, the place is the case's.
MID_TERM = GradeRule("yokohama_review_mid_term", "mid_term", _MID_TERM_WORDS, "mean", MID_TERM_BANDS)
LIST_PLACE, DETAIL_PLACE = "list", "detail"
SUMMARY_COUNT = FigureRule(
    "yokohama_review_summary_count",
    "summary_count",
    "a 分野別集計 cell counts the listed measures of its row (with its grade)",
    "count",
)
SUMMARY_ROW_TOTAL = FigureRule(
    "yokohama_review_summary_row_total", "summary_row_total", "a 分野別集計 row's 合計 is the sum of its grades", "sum"
)
SUMMARY_SUM = FigureRule(
    "yokohama_review_summary_sum", "summary_sum", "the 分野 rows of the 分野別集計 add up to its 全施策 row", "sum"
)
NARRATIVE_COUNT = FigureRule(
    "yokohama_review_narrative_count", "narrative_count", "a count the 総括 states, recounted from the list", "count"
)
NARRATIVE_SHARE = FigureRule(
    "yokohama_review_narrative_share",
    "narrative_count",
    "the 総括's share: its count ÷ its total × 100",
    "percent_of_count",
)
DETAIL_SHEET_COUNT = FigureRule(
    "yokohama_review_detail_sheet_count",
    "measure_not_in_list",
    "the 全施策 count against the number of detail sheets",
    "count",
)
# A detail sheet's measure in the 施策一覧, and its ○ flags in the 再掲 lists, when the sheet tags the
# measure new (＜新規施策＞): counted under both readings (see `_new_measure_case`).
MEASURE_LISTED = FigureRule(
    "measure_in_list", "measure_in_list", "a measure with a detail sheet is listed in the 施策一覧", "count"
)
FLAG_RELISTED = FigureRule(
    "flag_vs_relisted", "flag_vs_relisted", "a measure marked ○ on its detail sheet is in that 再掲 list", "count"
)
RATE_RATIO = FigureRule(
    "yokohama_review_rate_vs_indicator",
    "rate_vs_indicators",
    "the year's 目標達成率 = 実績 ÷ 目標値 × 100 of the detail sheet's numeric indicator",
    "ratio_percent",
)
RATE_SHARE = FigureRule(
    "yokohama_review_rate_vs_indicators",
    "rate_vs_indicators",
    "the year's 目標達成率 = mean over the detail sheet's indicators of 実績 ÷ 目標値 × 100 (numeric) "
    "or 100 / 0 for achieved / not achieved (達成できた指標の数 ÷ 全ての指標の数)",
    "mean",
)
# Rates, averages and shares are printed as whole percent, rounded (233.5 -> 234, 87.5 -> 88).
PERCENT_ROUNDING = "round"
# The 再掲 lists' vocabulary for the detail sheets' flag columns.
FLAG_WORDS = {"flag_kanmin_data": "官民データ", "flag_sentan_gijutsu": "先端技術"}
VOCABULARY = ("中間振り返り", "目標達成率", "進捗評価", "主に属する分野", "所管課", "官民データ", "先端技術", "再掲")


def names_of(cell: Cell | None) -> list[str] | None:
    """The departments or divisions a cell names. Its text and its printed lines are read both: one
    producer breaks between two names without a space in the text (市民局 / 経済局 -> 市民局経済局), another
    wraps inside a name after a space (医療局 健康福 / 祉局). `normalizers.names` splits only between
    whole names, so the reading that finds more names is the one that saw the separator."""
    if cell is None:
        return None
    readings = [
        nz.names(cell.text).value or (),
        nz.names(cell.lines).value or () if cell.lines else (),
        same_ending_names(cell.text),
    ]
    return list(max(readings, key=len))


# The endings of the organisations a 所管局 / 所管課 cell names.
ORGANISATION_ENDINGS = "局課"


def same_ending_names(text: str) -> tuple[str, ...]:
    """Names printed with nothing between them, split where each part ends as the whole does
    (医療局健康福祉局 -> 医療局 / 健康福祉局, 医療政策課地域包括ケア推進課 -> 医療政策課 / 地域包括ケア推進課);
    a part shorter than three characters is read as inside a name (課税課), so nothing is split."""
    joined = squash(text)
    if not joined or joined[-1] not in ORGANISATION_ENDINGS:
        return ()
    parts = re.findall(f"[^{joined[-1]}]+{joined[-1]}", joined)
    if "".join(parts) != joined or any(len(part) < 3 for part in parts):
        return ()
    return tuple(parts)


def figure(cell: Cell | None, label: str) -> Figure:
    """A printed percentage or count with its evidence; a missing marker gives a null figure."""
    if cell is None:
        return Figure(None, None, label=label)
    parsed = nz.quantity(cell.text).value
    value = parsed.value if parsed is not None else None
    return Figure(value, cell.text, where(cell), PERCENT_ROUNDING, label)


class YokohamaActionPlanReview:
    profile_id = PROFILE_ID
    description = (
        "横浜市 情報化の基本方針 行動計画 中間振り返り: recognised by 中間振り返り / 目標達成率 / 進捗評価 / "
        "主に属する分野 and by a measure list (施策名・所管局・所管課・目標達成率・進捗評価) with detail sheets "
        "headed 施策 NN carrying 官民データ / 先端技術 marks"
    )

    def score(self, document: Document) -> float:
        fields = [{f for f, _ in header_fields(t).values()} for t in document.tables()]
        has_list = any({"title", "departments", "divisions", "achievement_rate", "grade"} <= f for f in fields)
        has_details = any({"flag_kanmin_data", "flag_sentan_gijutsu", "departments"} <= f for f in fields)
        has_averages = any({"achievement_rate", "average_achievement_rate", "grade"} <= f for f in fields)
        return 0.4 * vocabulary_share(document, VOCABULARY) + 0.25 * has_list + 0.2 * has_details + 0.15 * has_averages

    def extract(self, document: Document) -> ProfileOutput:
        reading = read(document)
        out = ProfileOutput(problems=list(reading.problems))
        out.title = title(document)
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
        out.cases = cases(reading)
        return out


def title(document: Document) -> str | None:
    """The title page's heading: the series line (情報化の基本方針・…年度) and the title (行動計画中間振り返り)."""
    if not document.pages:
        return None
    blocks = document.pages[0].text_blocks
    running = Counter(plain(b.text) for page in document.pages for b in page.text_blocks)
    for i, block in enumerate(blocks):
        text = plain(block.text)
        if "振り返り" in text and len(text) < 40 and running[text] == 1:
            series = next((plain(b.text) for b in reversed(blocks[:i]) if running[plain(b.text)] == 1), "")
            series = re.sub(r"^[ⅠⅡⅢⅣⅤIV]+\s*", "", series)
            return f"{series} {text}".strip()
    return None


def measure_row(no: str, row: ListRow | None, sheet: DetailSheet | None) -> dict[str, Any]:
    title_cell = row.title_cell if row is not None else sheet.title_cell if sheet is not None else None
    flags = {f: nz.flag(c.text).value for f, c in sheet.flags.items()} if sheet is not None else {}
    return {
        "measure_key": no,
        "measure_no": no,
        "title": plain(row.title) if row is not None else sheet.title if sheet is not None else None,
        "level": sheet.level if sheet is not None else None,
        "group_name": row.group.name if row is not None and row.group is not None else None,
        "departments": names_of(row.departments if row is not None else sheet.departments if sheet else None),
        "divisions": names_of(row.divisions) if row is not None else None,
        "stage": None,
        "flag_kanmin_data": flags.get("flag_kanmin_data"),
        "flag_sentan_gijutsu": flags.get("flag_sentan_gijutsu"),
        "flag_leading": None,
        "in_list": row is not None,
        **evidence(title_cell if title_cell is not None else sheet.head),  # type: ignore[union-attr]
    }


def value_columns(cell: Cell) -> dict[str, Any]:
    parsed = nz.quantity(cell.text).value
    printed = amount(cell.text)
    return {
        "value": printed.value if printed is not None else None,
        "unit": printed.unit if printed is not None else None,
        "qualifier": " ".join(printed.qualifiers) if printed is not None and printed.qualifiers else None,
        "value_text": cell.text,
        "na_marker": parsed.na_marker if parsed is not None else None,
    }


def rate_rows(no: str, rates: dict[int, Cell], place: str) -> list[dict[str, Any]]:
    rows = []
    for year, cell in sorted(rates.items()):
        values = value_columns(cell)
        # A 目標達成率 is a percentage (達成率 = 実績 ÷ 目標値 × 100（％）), printed or not.
        values["unit"] = values["unit"] or "%"
        rows.append(
            {
                "measure_key": no,
                "indicator_key": "rate",
                "indicator_name": "目標達成率",
                "fiscal_year": year,
                "metric": "achievement_rate",
                **values,
                "place": place,
                **evidence(cell),
            }
        )
    return rows


def indicator_rows(sheet: DetailSheet) -> list[dict[str, Any]]:
    rows = []
    for i, indicator in enumerate(sheet.indicators, start=1):
        printed_name = nz.quantity(indicator.name.text).value
        missing = printed_name is not None and printed_name.na_marker is not None
        for metric, cell in (("target", indicator.target), ("actual", indicator.actual)):
            rows.append(
                {
                    "measure_key": sheet.measure_no,
                    "indicator_key": f"{sheet.measure_no}-{i}",
                    "indicator_name": None if missing else plain(strip_marker(indicator.name.text)),
                    "fiscal_year": sheet.indicator_year,
                    "metric": metric,
                    **value_columns(cell),
                    "place": "detail",
                    **evidence(cell),
                }
            )
    return rows


def cases(reading: Reading) -> list[Case]:
    found: list[Case] = []
    found += grade_cases(reading)
    found += summary_cases(reading)
    found += narrative_cases(reading)
    found += cross_reference_cases(reading)
    found += [rate_case(sheet) for sheet in reading.details if sheet.indicators]
    found += duplicate_cases(reading)
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


def _count_figure(cell: Cell) -> Figure:
    parsed = nz.quantity(cell.text).value
    return Figure(parsed.value if parsed is not None else None, cell.text, where(cell), "exact", cell.text)


def _column_name(key: str) -> str:
    return "合計" if key == "total" else f"{key}評価"


def summary_cases(reading: Reading) -> list[Case]:
    found: list[Case] = []
    for row in reading.summary:
        members = _members(reading, row)
        missing = _population_unread(reading, row)
        for key, cell in row.counts.items():
            counted = [m for m in members if key == "total" or grade_letter(m.grade) == key]
            scope = f"分野別集計 {row.label} / {_column_name(key)}"
            tag = f"{squash(row.label)}/{_column_name(key)}"
            if missing is not None:
                found.append(FigureCase(SUMMARY_COUNT, scope, _count_figure(cell), (), tag, unread=missing))
                continue
            members_read = tuple(Figure(1.0, f"施策 {m.measure_no}", where(m.title_cell), "exact") for m in counted)
            found.append(FigureCase(SUMMARY_COUNT, scope, _count_figure(cell), members_read, tag))
        grades = [c for k, c in row.counts.items() if k != "total"]
        if "total" in row.counts and grades:
            found.append(
                FigureCase(
                    SUMMARY_ROW_TOTAL,
                    f"分野別集計 {row.label} / 合計",
                    _count_figure(row.counts["total"]),
                    tuple(_count_figure(c) for c in grades),
                    squash(row.label),
                )
            )
    areas = [r for r in reading.summary if r.kind == "area"]
    total = next((r for r in reading.summary if r.kind == "total"), None)
    if total is not None and areas:
        for key, cell in total.counts.items():
            found.append(
                FigureCase(
                    SUMMARY_SUM,
                    f"分野別集計 {len(areas)} 分野 rows / {_column_name(key)}",
                    _count_figure(cell),
                    tuple(_count_figure(a.counts[key]) for a in areas if key in a.counts),
                    _column_name(key),
                )
            )
        if "total" in total.counts:
            found.append(detail_sheet_count(reading, total))
    return found


def _list_unread(reading: Reading) -> str:
    """Why the measure list's rows are not there: the table was not found, or held no measure."""
    return reading.inventory.unread(MEASURE_LIST) or "not read: the measure list has no measure rows"


def _population_unread(reading: Reading, row: SummaryRow) -> str | None:
    """Why what a summary row counts (the measure list, or its 再掲 list) was not read, else None."""
    if not reading.listed:
        return _list_unread(reading)
    if row.kind == "relisted" and row.label not in reading.relisted:
        return f"not read: the {row.label} list"
    return None


def detail_sheet_count(reading: Reading, total: SummaryRow) -> Case:
    """The 全施策 count against the detail sheets; a sheet tagged new (＜新規施策＞) may stand outside
    the count, so with such sheets both readings are judged."""
    scope = f"分野別集計 {total.label} against the detail sheets"
    stated = _count_figure(total.counts["total"])
    if not reading.details:
        return FigureCase(DETAIL_SHEET_COUNT, scope, stated, (), "detail_sheets", unread="not read: any detail sheet")
    if reading.unread_details:
        unread = f"not read: the detail sheets headed 施策 {', '.join(reading.unread_details)}"
        return FigureCase(DETAIL_SHEET_COUNT, scope, stated, (), "detail_sheets", unread=unread)
    every = tuple(Figure(1.0, f"施策 {s.measure_no}", where(s.head), "exact") for s in reading.details)
    established = tuple(f for f, s in zip(every, reading.details, strict=True) if not s.is_new)
    alternatives = (established,) if len(established) < len(every) else ()
    return FigureCase(DETAIL_SHEET_COUNT, scope, stated, every, "detail_sheets", alternatives)


def narrative_cases(reading: Reading) -> list[Case]:
    story = reading.narrative
    if story is None:
        return []
    here = where(story.block)
    total = Figure(float(story.total), f"{story.total} 施策", here, "exact")
    count = Figure(float(story.count), f"{story.count} 施策", here, "exact")
    graded = [r for r in reading.listed if grade_letter(r.grade) in story.grades]
    grades = "又は".join(story.grades)
    sentence = f"総括: {story.total} 施策のうち {grades} 評価 約 {story.share_text} にあたる {story.count} 施策"
    listed = tuple(Figure(1.0, f"施策 {r.measure_no}", where(r.title_cell), "exact") for r in reading.listed)
    if not reading.listed:
        missing = _list_unread(reading)
        return [
            FigureCase(NARRATIVE_COUNT, f"{sentence}: 施策数", total, (), "measures", unread=missing),
            FigureCase(NARRATIVE_COUNT, f"{sentence}: 評価の施策数", count, (), "graded", unread=missing),
        ]
    return [
        FigureCase(NARRATIVE_COUNT, f"{sentence}: 施策数", total, listed, "measures"),
        FigureCase(
            NARRATIVE_COUNT,
            f"{sentence}: {'/'.join(story.grades)} 評価の施策数",
            count,
            tuple(Figure(1.0, f"施策 {r.measure_no}", where(r.title_cell), "exact") for r in graded),
            "graded",
        ),
        FigureCase(
            NARRATIVE_SHARE,
            f"{sentence}: 割合",
            Figure(story.share, story.share_text, here, "round_or_truncate"),  # 約: either rounding
            (count, total),
            "share",
        ),
    ]


def _same(
    kind: str,
    scope: str,
    key: str,
    first: Any,
    first_cell: Cell | TextBlock,
    second: Any,
    second_cell: Cell | TextBlock,
    unread: str | None = None,
) -> Case:
    return SameFactCase(kind, scope, key, first, where(first_cell), second, where(second_cell), scope, unread)


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
            found.append(_new_measure_case(MEASURE_LISTED, f"施策 {no}: 施策一覧 vs its detail sheet", no, sheet.head))
        else:
            anchor = row.title_cell if row is not None else sheet.head  # type: ignore[union-attr]
            other = sheet.head if sheet is not None else anchor
            # A place that was not read (no list, no detail sheet, or this sheet's head printed but the
            # sheet not read) states nothing: not computable.
            missing = None if listed else _list_unread(reading)
            missing = missing or (None if details else "not read: any detail sheet")
            if missing is None and sheet is None and no in reading.unread_details:
                missing = f"not read: the detail sheet headed 施策 {no}"
            scope = f"施策 {no}: 施策一覧 vs detail sheet"
            found.append(
                _same("measure_in_list", scope, no, row is not None, anchor, sheet is not None, other, missing)
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
    stated = Figure(0.0, "not listed", where(at), "exact", "rows in the list")
    established = (Figure(1.0, "○" if marked else "", where(at), "exact", "the detail sheet"),) if marked else ()
    return FigureCase(rule, f"{scope} (the sheet tags it 新規)", stated, established, key, ((),))


def _flag_case(reading: Reading, sheet: DetailSheet, flag: str, cell: Cell, in_list: bool) -> Case:
    """A detail sheet's ○ against the 再掲 list of its flag (官民データ / 先端技術)."""
    word = FLAG_WORDS.get(flag, flag)
    label = next((lbl for lbl in reading.relisted if word in lbl), None)
    marked = bool(nz.flag(cell.text).value)
    scope = f"施策 {sheet.measure_no}: {word} ○ on the detail sheet vs {label or word + ' 再掲'} list"
    key = f"{sheet.measure_no}:{flag}"
    if label is not None and not in_list and sheet.is_new:
        return _new_measure_case(FLAG_RELISTED, scope, key, cell, marked)
    rows = reading.relisted.get(label or "", [])
    relisted_cell = next((r.title_cell for r in rows), cell)
    # Without the 再掲 list, membership was not read: not computable.
    missing = None if label is not None else f"not read: the {word} 再掲 list"
    member = sheet.measure_no in {r.measure_no for r in rows}
    return _same("flag_vs_relisted", scope, key, marked, cell, member, relisted_cell, missing)


def _list_vs_detail(no: str, row: ListRow, sheet: DetailSheet) -> list[Case]:
    found: list[Case] = []
    for year in sorted(set(row.rates) & set(sheet.rates)):
        found.append(
            _same(
                "rate_list_vs_detail",
                f"施策 {no} / {year} 目標達成率 (list vs detail sheet)",
                f"{no}:{year}",
                figure(row.rates[year], "list"),
                row.rates[year],
                figure(sheet.rates[year], "detail"),
                sheet.rates[year],
            )
        )
    # With the same rates printed in both places, two averages that differ are a mean check's finding
    # (each average against its own rates), which says which place is wrong: not reported twice.
    same_rates = bool(row.rates) and {y: squash(c.text) for y, c in row.rates.items()} == {
        y: squash(c.text) for y, c in sheet.rates.items()
    }
    if row.average is not None and sheet.average is not None and not same_rates:
        found.append(
            _same(
                "average_list_vs_detail",
                f"施策 {no} / 過年度の平均達成率 (list vs detail sheet)",
                no,
                figure(row.average, "list"),
                row.average,
                figure(sheet.average, "detail"),
                sheet.average,
            )
        )
    if row.grade is not None and sheet.grade is not None:
        found.append(
            _same(
                "grade_list_vs_detail",
                f"施策 {no} / 進捗評価 (list vs detail sheet)",
                no,
                grade_letter(row.grade),
                row.grade,
                grade_letter(sheet.grade),
                sheet.grade,
            )
        )
    if sheet.title_cell is not None:
        found.append(
            _same(
                "title_list_vs_detail",
                f"施策 {no} title: list vs detail sheet",
                no,
                squash(plain(row.title)),
                row.title_cell,
                squash(sheet.title or ""),
                sheet.title_cell,
            )
        )
    if row.departments is not None and sheet.departments is not None:
        found.append(
            _same(
                "departments_list_vs_detail",
                f"施策 {no} 所管局: list vs detail sheet",
                no,
                _names_key(row.departments),
                row.departments,
                _names_key(sheet.departments),
                sheet.departments,
            )
        )
    return found


def _relisted_vs_list(label: str, relisted: ListRow, main: ListRow) -> list[Case]:
    no = relisted.measure_no
    tag = squash(label)
    pairs: list[tuple[str, Any, Cell | None, Any, Cell | None]] = [
        ("title", squash(plain(relisted.title)), relisted.title_cell, squash(plain(main.title)), main.title_cell),
        (
            "departments",
            _names_key(relisted.departments),
            relisted.departments,
            _names_key(main.departments),
            main.departments,
        ),
        ("divisions", _names_key(relisted.divisions), relisted.divisions, _names_key(main.divisions), main.divisions),
        ("average", figure(relisted.average, label), relisted.average, figure(main.average, "list"), main.average),
        ("grade", grade_letter(relisted.grade), relisted.grade, grade_letter(main.grade), main.grade),
    ]
    for year in sorted(set(relisted.rates) & set(main.rates)):
        pairs.append(
            (
                f"rate {year}",
                figure(relisted.rates[year], label),
                relisted.rates[year],
                figure(main.rates[year], "list"),
                main.rates[year],
            )
        )
    found: list[Case] = []
    for what, first, first_cell, second, second_cell in pairs:
        if first_cell is None or second_cell is None:
            continue
        kind = "title_relisted_vs_list" if what == "title" else "relisted_vs_list"
        found.append(
            _same(
                kind,
                f"施策 {no} {what}: {label} list vs 施策一覧",
                f"{no}:{tag}:{what.replace(' ', '')}",
                first,
                first_cell,
                second,
                second_cell,
            )
        )
    return found


def rate_case(sheet: DetailSheet) -> Case:
    """The detail sheet's year rate against its indicators, by the report's own rule."""
    year = sheet.indicator_year
    stated = figure(sheet.rates.get(year) if year is not None else None, f"{year} 目標達成率")
    readings = [judge(i.target.text, i.actual.text) for i in sheet.indicators]
    notes = "; ".join(
        f"{strip_marker(plain(i.name.text))[:16]}: {r.reached.value} ({r.why})"
        for i, r in zip(sheet.indicators, readings, strict=True)
    )
    scope = f"施策 {sheet.measure_no} detail / {year} 目標達成率 vs its indicators [{notes}]"
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


def duplicate_cases(reading: Reading) -> list[Case]:
    return [
        DuplicateCase(
            "duplicate_measure_no",
            "施策一覧",
            tuple((r.measure_no, where(r.title_cell)) for r in reading.listed),
            "a measure number appears once in the 施策一覧",
        ),
        DuplicateCase(
            "duplicate_detail_sheet",
            "detail sheets",
            tuple((s.measure_no, where(s.head)) for s in reading.details),
            "a measure has one detail sheet",
        ),
    ]


PROFILE = YokohamaActionPlanReview()
