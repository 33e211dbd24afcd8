"""Totals printed in sentences, recomputed from the parts the sentence prints, judged by the engine.

The sentences are written in the style of real 事務事業評価 sheets (a bullet with the figure and its
breakdown in brackets, a target with the arithmetic or the explanation that gives it).
"""

from __future__ import annotations

from hyoka.audit.engine import evaluate
from hyoka.extractors.model import Cell, Evidence
from hyoka.profiles.generic_records import reported_results, stated_targets
from hyoka.profiles.generic_sentences import sentence_cases


def checks(text: str) -> list[tuple[str, str, str | None]]:
    cell = Cell(row=0, col=0, text=text, evidence=Evidence(page=1, bbox=(10.0, 10.0, 500.0, 60.0)))
    _, rows = evaluate(sentence_cases(cell, "t1 p.1 row 0 col 0"))
    return [(row["scope"].split(": ", 1)[-1], row["status"], row["stated"]) for row in rows]


def test_a_breakdown_in_brackets_is_the_sum_of_its_parts_under_its_year_heading() -> None:
    text = (
        "（令和５年度）・　利用者13名（看護師等・タクシー併用10名、看護師等のみ2名、タクシーのみ1名）、"
        "送迎実施回数：1,362回（令和６年度）・　利用者21名"
        "（看護師等・タクシー併用15名、看護師等のみ3名、タクシーのみ2名）"
    )
    assert checks(text) == [("利用者 (令和5年度)", "match", "13名"), ("利用者 (令和6年度)", "mismatch", "21名")]


def test_a_breakdown_the_page_says_overlaps_bounds_the_figure_from_above() -> None:
    text = (
        "・　採択件数：26件（空調機器21件、換気設備0件、照明機器8件） ※　重複採択有 ⑵　2次募集"
        "・　採択件数：30件（空調機器21件、照明機器8件） ※　重複採択有"
    )
    assert checks(text) == [("採択件数", "match", "26件"), ("採択件数", "mismatch", "30件")]


def test_a_partial_breakdown_bounds_the_figure_from_below() -> None:
    assert checks("参加者数120人（うち市民50人、うち事業者40人）") == [("参加者数", "match", "120人")]
    assert checks("参加者数80人（うち市民50人、うち事業者40人）") == [("参加者数", "mismatch", "80人")]


def test_a_target_printed_with_its_arithmetic_is_that_arithmetic_when_the_units_agree() -> None:
    text = (
        "・　指標：支援件数【数値目標：45件（数値目標の考え方：補助金件数15件/年×3年）】"
        "・　指標：補助件数【数値目標：補助件数40件（数値目標の考え方：10件×3,000千円/件×4年（参考））】"
        "・　指標：削減量【数値目標：110,000t-CO2（数値目標の考え方：2,769t-CO2/件×40件＝110,760t-CO2）】"
    )
    # 10件 × 3,000千円/件 × 4年 is in 千円·年, not in 件: not the target's arithmetic.
    assert checks(text) == [("支援件数 数値目標", "match", "45件"), ("削減量 数値目標", "match", "110,760t-CO2")]
    assert checks("指標：削減量【数値目標：110,760t-CO2（考え方：2,769t-CO2/件×40件＝110,000t-CO2）】") == [
        ("削減量 数値目標", "mismatch", "110,000t-CO2")
    ]


def test_an_explanation_sums_its_figures_only_when_they_add_up_to_the_target() -> None:
    explained = (
        "・　指標：取組者数【数値目標：700者（目標数値の考え方：令和7年度までに400者認定に加え、"
        "個人の認定は令和7年度までに300者（100者/年）を目指す。）】"
    )
    assert checks(explained) == [("取組者数 数値目標", "match", "700者")]
    milestones = (
        "・　指標：認定者数【数値目標：400者（目標数値の考え方：令和5年度に200者、令和7年度に400者を目指す。）】"
    )
    # 200者 then 400者 are milestones, not parts (the restated 400者 is not a part either): one figure, no sum.
    assert checks(milestones) == []
    cumulative = (
        "・　指標：認定者数【数値目標：500者（目標数値の考え方：令和5年度に200者、令和7年度に400者を目指す。）】"
    )
    assert checks(cumulative) == [("認定者数 数値目標", "not_computable", "500者")]


def test_a_bracket_that_is_not_a_breakdown_gives_no_check() -> None:
    assert checks("・　コーディネート件数（31件（R6.12末時点）、目標：30件）") == []
    assert checks("経費（一財）1,900（1,900）") == []
    assert checks("目標：30件（2件程度/月の30件を目指す。）") == []
    assert checks("採択件数：26件（高効率空調機器21件ほか、詳細は別紙）") == []


def _cell(text: str) -> Cell:
    return Cell(row=0, col=0, text=text, evidence=Evidence(page=1, bbox=(10.0, 10.0, 500.0, 60.0)))


def test_results_in_bullets_under_year_headings_are_the_stated_indicators_values() -> None:
    stated = _cell(
        "・　指標：コーディネート件数【数値目標：30件（目標数値の考え方：2件程度/月の30件を目指す。）】"
        "・　指標：取組者数【数値目標：700者（目標数値の考え方：令和7年度までに400者認定に加え、"
        "個人の認定は令和7年度までに300者を目指す。）】"
        "・　指標：登録者数、WebのPV数【数値目標：前年度比20％増】"
    )
    targets = [(v["indicator_name"], v["fiscal_year"], v["value"]) for v in stated_targets(stated, "m")]
    assert targets == [
        ("コーディネート件数", None, 30.0),
        ("取組者数", 2025, 700.0),
        ("登録者数、WebのPV数", None, 20.0),
    ]
    names = [name for name, _, _ in targets]
    reported = _cell(
        "（令和５年度）⑴　事業を推進した。 ・　コーディネート件数（37件、目標：30件） ・　取組者数（390者：個人+団体）"
        " ・　相談対応（426件） ・　登録者数：8,962名、前年度比89％増　※R6.3.31時点 ・　WebPV数：531,227回"
        "（令和６年度）・　コーディネート件数（31件（R6.12末時点）、目標：30件）"
    )
    rows = [
        (v["indicator_name"], v["fiscal_year"], v["metric"], v["value"]) for v in reported_results(reported, "m", names)
    ]
    # 相談対応 names no stated indicator: not read.
    assert rows == [
        ("コーディネート件数", 2023, "actual", 37.0),
        ("コーディネート件数", 2023, "target", 30.0),
        ("取組者数", 2023, "actual", 390.0),
        ("登録者数", 2023, "actual", 8962.0),
        ("登録者数", 2023, "actual", 89.0),
        ("WebPV数", 2023, "actual", 531227.0),
        ("コーディネート件数", 2024, "actual", 31.0),
        ("コーディネート件数", 2024, "target", 30.0),
    ]


def test_a_bracket_of_years_ordinals_or_approximations_is_no_breakdown() -> None:
    assert checks("計画期間5年（令和3年～令和7年）") == []
    assert checks("計画期間5年（令和3年、令和7年）") == []
    assert checks("開催回数2回（第1回、第3回）") == []
    assert checks("参加者数120人（市民約50人、事業者約40人）") == []
