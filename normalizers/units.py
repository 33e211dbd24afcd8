"""Units as data: how a printed unit scales to the contract's unit."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Unit:
    printed: str
    unit: str  # the contract's unit after scaling
    factor: float
    kind: str  # money | percent | staffing | duration | count


MONEY = {
    "円": 1.0,
    "千円": 1_000.0,
    "万円": 10_000.0,
    "百万円": 1_000_000.0,
    "億円": 100_000_000.0,
}
# Counter words printed after counts; they stay the unit as printed.
COUNTERS = (
    "件",
    "人",
    "名",
    "台",
    "回",
    "課",
    "業務",
    "システム",
    "団体",
    "校",
    "箇所",
    "か所",
    "ヶ所",
    "基",
    "事業",
    "手続",
    "手続き",
    "種",
    "本",
    "枚",
    "施設",
    "地区",
    "社",
    "者",
    "区",
    "局",
    "指標",
    "施策",
    "拠点",
    "機関",
    "市町村",
    "町村",
    "自治体",
    "言語",
    "学校",
    "公園",
    "チャンネル",
    "プロジェクト",
    "テーマ",
    "データセット",
    "アクセス",
    "ページ",
    "日",
    "時間",
    "分",
    "大学",
    "戸",
    "農家",
    "点",
    "講座",
    "項目",
    "窓口",
    "種別",
    "カ所",
    "ケ所",
    "企業",
)
# What an indicator's name says its figures count, where the counter word is not simply
# the one before 数 (システム数 -> システム is found without a line here). Longest first wins.
NAME_UNITS: dict[str, str] = {
    "率": "%",
    "割合": "%",
    "満足度": "%",
    "達成度": "%",
    "者数": "人",
    "利用数": "人",
    "農家数": "戸",
    "手続数": "手続き",
    "アクセス数": "件",
    "ダウンロード数": "件",
    "遷移数": "件",
    "立案数": "件",
    "提示数": "件",
    "時間": "時間",
}
# Multipliers printed between a count and its counter word (2,420 万人 -> 24,200,000 人).
SCALES = {"万": 10_000.0, "億": 100_000_000.0}
# The period of a rate (105 回／年度, 3日／年以内): kept as `Quantity.per`, not folded into the unit.
PERIODS = ("年度", "年", "半期", "四半期", "月", "週", "日", "時間")

UNITS: dict[str, Unit] = (
    {p: Unit(p, "円", f, "money") for p, f in MONEY.items()}
    | {"%": Unit("%", "%", 1.0, "percent")}
    # 1 割 is 10 % (8割以上 against a result of 86.5%).
    | {"割": Unit("割", "%", 10.0, "percent")}
    # 人工 (person-work) in staffing tables is person-years in the contract.
    | {p: Unit(p, "人年", 1.0, "staffing") for p in ("人工", "人年")}
    | {"時間": Unit("時間", "分", 60.0, "duration"), "分": Unit("分", "分", 1.0, "duration")}
    | {c: Unit(c, c, 1.0, "count") for c in COUNTERS if c not in ("時間", "分")}
)
# Longest first, so that 千円 wins over 円 and システム over nothing.
UNIT_PATTERN = "|".join(sorted(map(re.escape, UNITS), key=len, reverse=True))
