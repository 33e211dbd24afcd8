"""Column headers mapped to contract fields, with the fiscal year a header carries."""

from __future__ import annotations

import re
from dataclasses import dataclass

from hyoka.normalizers.eras import YEAR_TOKEN, YearRange, fiscal_year
from hyoka.normalizers.quantities import unit_of
from hyoka.normalizers.result import Parsed, failed
from hyoka.normalizers.text import fold
from hyoka.normalizers.units import UNIT_PATTERN

# Printed header (spaces removed, NFKC) -> contract field. A new wording is one line.
HEADER_FIELDS: dict[str, str] = {
    # indicator metrics
    "基準値": "baseline",
    "基準": "baseline",
    "目標の基準": "baseline",
    "目標値": "target",
    "目標": "target",
    "予定": "target",
    "計画値": "target",
    "計画": "target",
    "指標の目標値": "target",
    "今年度の目標": "target",
    "最終目標値": "target",
    "最終目標": "target",
    "実績": "actual",
    "実績値": "actual",
    "結果": "actual",
    "目標値に対する結果": "actual",
    "達成率": "achievement_rate",
    "目標達成率": "achievement_rate",
    "達成度": "achievement_rate",
    "進捗率": "achievement_rate",
    "過年度の平均達成率": "average_achievement_rate",
    "過年度の達成指標平均値": "average_achievement_rate",
    # grades
    "評価": "grade",
    "進捗評価": "grade",
    "達成度合": "grade",
    "判定": "grade",
    "評価結果": "grade",
    "事業状態進捗評価": "grade",
    "取組状況の評価": "grade",
    "目標達成状況の評価": "grade",
    # 総括: the whole plan period's judgement (所沢市 表４－１ 'R3 / 総括'); it carries no year.
    "総括": "grade",
    # summary tables: a share of the measures counted (所沢市 表３－x), not an indicator's rate
    "AまたはB評価の割合": "share",
    "割合": "share",
    # budgets
    "予算額": "budget",
    "予算": "budget",
    "施策の予算額": "budget",
    "決算額": "settlement",
    "決算": "settlement",
    "事業費": "project_cost",
    "一般財源": "general_revenue",
    "うち一般財源": "general_revenue",
    "繰越事業費": "carryover",
    "前年度からの繰越事業費": "carryover",
    "フルコスト": "full_cost",
    "本庁": "staff_main",
    "出先機関": "staff_branch",
    "人工計": "staff_total",
    # measures
    "施策名": "title",
    "事業名": "title",
    "事務事業名": "title",
    "システム名": "title",
    "名称": "title",
    "所管局": "departments",
    "所管部局": "departments",
    "主体部局": "departments",
    # A 課 is a division in the contract's terms, whoever prints it: 所管課 (横浜市),
    # 課・局室名 (北海道), 主担当課 / 担当課名 (所沢市).
    "所管課": "divisions",
    "課・局室名": "divisions",
    "主担当課": "divisions",
    "担当課名": "divisions",
    "担当課": "divisions",
    "主に属する分野": "group_name",
    "分野": "group_name",
    "政策体系": "group_name",
    "事業段階": "stage",
    "官民データ": "flag_kanmin_data",
    "先端技術": "flag_sentan_gijutsu",
    "リーディング": "flag_leading",
    "指標": "indicator_name",
    "指標名": "indicator_name",
    "評価指標": "indicator_name",
    "KPI": "indicator_name",
    "成果指標": "indicator_name",
    "PID": "measure_no",
    "整理番号": "measure_no",
    "No": "measure_no",
    "No.": "measure_no",
}


@dataclass(frozen=True, slots=True)
class Header:
    field: str | None  # None for a header that is only a year ('R3', '平成30年度')
    fiscal_year: int | YearRange | None
    unit: str | None = None  # the unit printed in the header, as printed ('千円')


_UNIT_IN_BRACKETS = re.compile(rf"\(\s*(?P<unit>{UNIT_PATTERN})\s*\)")
_NOISE = re.compile(r"[\s・の]")
# Spacing and wrapping aside, the particle の and a middle dot may come and go.
_LOOSE_FIELDS = {_NOISE.sub("", k): v for k, v in HEADER_FIELDS.items()}


def _key(label: str) -> str:
    return label.replace(" ", "")


def header(text: str, *, era: str | None = None) -> Parsed[Header]:
    """Map a column header to its field; `era` resolves bare years such as 30年度.

    When the field is known but a year in it is not, the value carries the field and the
    reason says what is missing.
    """
    s = fold(text)
    if not s:
        return failed("The header is blank.")
    # Only a bracketed unit is the column's unit: a bare '指標' is a name, not a counter.
    bracketed = _UNIT_IN_BRACKETS.search(s)
    unit = unit_of(bracketed.group(0)) if bracketed else None
    label = _UNIT_IN_BRACKETS.sub("", s)
    year_match = YEAR_TOKEN.search(label)
    year: int | YearRange | None = None
    year_reason = None
    if year_match is not None:
        read = fiscal_year(year_match.group(0), era=era)
        year, year_reason = read.value, read.reason
        label = label[: year_match.start()] + label[year_match.end() :]
    key = _key(label)
    field = HEADER_FIELDS.get(key)
    if field is None and key:
        field = _LOOSE_FIELDS.get(_NOISE.sub("", key))
    if field is None and key:
        return failed(f"'{s}' is not a column header I know.")
    if field is None and year is None:
        return failed(year_reason or f"'{s}' names neither a field nor a year.")
    return Parsed(Header(field, year, unit.printed if unit else None), year_reason)
