"""The generic reader's vocabulary: what evaluation sheets of any municipality call their labels,
their amount lines and their year columns. Words only; a new wording is one line here.
"""

from __future__ import annotations

import re

# Label/value pairs of a sheet about one measure -> the measure's field (label keys, see `label_key`).
PAIR_LABELS: dict[str, tuple[str, ...]] = {
    "title": ("事務事業名", "事業名", "細事業名", "事業名称", "事務事業"),
    "departments": ("担当部署名", "担当部署", "所属名", "所管局", "所管部局", "担当部局", "所管部", "担当部", "部局名"),
    "divisions": ("担当課名", "担当課", "所管課", "課名"),
    "group_name": ("施策名称", "施策名", "政策名", "施策"),
    "period": ("実施期間", "事業期間", "事業実施期間"),
    "measure_no": ("No.", "NO.", "No", "NO", "事業番号", "番号"),
}
# Labels ending so are the measure's direction (R7年度以降の事業の方向性, 今後の方向性).
DIRECTION_SUFFIX = "方向性"

# Labels of a judgement printed as "A.順調に推移している" or a bare letter beside them.
JUDGEMENT_WORDS = (
    "評価",
    "判定",
    "達成状況",
    "有効性",
    "効率性",
    "妥当性",
    "必要性",
    "公益性",
    "必需性",
    "政策性",
    "専門性",
)

# An amount line's label (its key) -> the contract's budget item, first match wins. `うち` lines are
# parts of the line above and are read without the prefix.
AMOUNT_ITEMS: tuple[tuple[str, str], ...] = (
    (r"受益者負担率", "user_charge_rate"),
    (r"差引.*一般財源|一般財源|^一財$", "general_revenue"),
    (r"(国|都|道|府|県).*支出金|国庫補助金|国庫負担金", "national_prefectural_funds"),
    (r"地方債|市債|町債|村債|区債", "local_bonds"),
    (r"受益者負担|使用料|手数料|分担金|負担金", "user_charges"),
    (r"財源計|収入計|特定財源計|^財源$|^特定財源$", "revenue_total"),
    (r"^その他|寄附金|諸収入|繰入金|財産収入", "other_revenue"),
    (r"人件費", "staff_cost"),
    (r"物件費", "operating_cost"),
    (r"トータルコスト|フルコスト|総コスト", "full_cost"),
    (r"^小計$", "subtotal"),
    (r"^(合計|計|総計)$", "total"),
    (r"事業費|経費", "project_cost"),
    (r"予算現額|当初予算|予算額|予算案|^予算$", "budget"),
    (r"決算額|^決算$", "settlement"),
)
# Items that fund a measure's cost: its 事業費 is their sum.
FUNDING_ITEMS = frozenset(
    {"national_prefectural_funds", "local_bonds", "user_charges", "other_revenue", "general_revenue", "revenue_total"}
)
# Items whose line is a total of the lines above it.
TOTAL_ITEMS = frozenset({"total", "subtotal"})
PART_PREFIX = "うち"

# A year column's basis, longest wording first.
BASES: tuple[tuple[str, str], ...] = (
    ("予算現額", "current_budget"),
    ("当初予算", "initial_budget"),
    ("補正後予算", "final_budget"),
    ("最終予算", "final_budget"),
    ("予算案", "budget_proposal"),
    ("予算要求", "budget_proposal"),
    ("決算見込", "settlement_estimate"),
    ("決算", "settlement"),
    ("見込", "estimate"),
    ("予算", "budget"),
)
# Words of a year column that belongs to an indicator grid, as the contract's metric.
METRIC_WORDS: tuple[tuple[str, str], ...] = (
    ("達成率", "achievement_rate"),
    ("達成度", "achievement_rate"),
    ("実績", "actual"),
    ("目標", "target"),
    ("見込", "target"),
    ("計画", "target"),
    ("基準", "baseline"),
    ("現状", "baseline"),
)
INDICATOR_HEADER = re.compile(r"指標")
UNIT_HEADER = "単位"
AMOUNT_HEADER = re.compile(r"決算|予算|事業費|経費|財源|コスト|人件費|物件費")


def amount_item(key: str) -> str | None:
    """The budget item an amount line's label key names, or None."""
    key = key.removeprefix(PART_PREFIX)
    return next((item for pattern, item in AMOUNT_ITEMS if re.search(pattern, key)), None)


def basis_of(text: str) -> str | None:
    return next((basis for word, basis in BASES if word in text), None)


def metric_of(text: str) -> str | None:
    """The metric the lowest header wording names (R5年度実績 under 目標値 is an actual)."""
    found = [(text.rfind(word), metric) for word, metric in METRIC_WORDS if word in text]
    return max(found)[1] if found else None
