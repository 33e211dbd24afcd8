"""Engine cases: row-level keys, readings, relations, notation, decision tables, graded stated values, neutral."""

from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hyoka.audit.bands import Band, judge_value
from hyoka.audit.engine import decide, evaluate
from hyoka.audit.interval import Rounding, printed
from hyoka.audit.rules import Decision, Figure, FigureCase, FigureRule, GradeCase, GradeRule, Marks, Where

P1 = Where(page=1, bbox=(0, 0, 1, 1))
WITHIN_BUDGET = FigureRule("within_budget", "settlement_exceeds_budget", "決算額 <= 予算額", "value", "at_most")
AT_LEAST = FigureRule("floor", "floor", "stated >= the input", "value", "at_least")


def amount(value: float | None, text: str | None = None, rounding: Rounding = "exact") -> Figure:
    return Figure(value, text if text is not None else f"{value}", P1, rounding)


def status_of(case: FigureCase) -> str:
    _, checks = evaluate([case])
    return checks[0]["status"]


@pytest.mark.parametrize(
    ("rule", "stated", "bound", "status"),
    [
        (WITHIN_BUDGET, amount(100), amount(100), "match"),  # equal is within
        (WITHIN_BUDGET, amount(99), amount(100), "match"),
        (WITHIN_BUDGET, amount(101), amount(100), "mismatch"),
        # A printed 100 stands for [99.5, 100.5): some of it is <= 100.
        (WITHIN_BUDGET, amount(100, "100", "round"), amount(100), "match"),
        # [100.5, 101.5) against [99.5, 100.5): the budget's open upper end never reaches 100.5.
        (WITHIN_BUDGET, amount(101, "101", "round"), amount(100, "100", "round"), "mismatch"),
        # [100.5, 101.5) against [100, 101): some settlement (100.6) is below some budget (100.9).
        (WITHIN_BUDGET, amount(101, "101", "round"), amount(100, "100", "truncate"), "match"),
        (AT_LEAST, amount(100), amount(100), "match"),
        (AT_LEAST, amount(99), amount(100), "mismatch"),
        (AT_LEAST, amount(100, "100", "round"), amount(100.5), "mismatch"),  # [99.5, 100.5) never reaches 100.5
        (WITHIN_BUDGET, amount(None, "－"), amount(100), "not_computable"),
    ],
)
def test_relation_edges(rule: FigureRule, stated: Figure, bound: Figure, status: str) -> None:
    assert status_of(FigureCase(rule, "P.1 R3", stated, (bound,), "1:2021")) == status


def test_a_settlement_over_budget_is_reported_with_both_amounts() -> None:
    _, (check,) = evaluate([FigureCase(WITHIN_BUDGET, "P.1 R3", amount(120), (amount(100),), "1:2021")])
    assert (check["check_id"], check["stated"], check["recomputed"]) == ("within_budget:1:2021", "120", "[100, 100]")
    # The settlement is stated; the budget bounds it from above.
    assert check["detail"] == "決算額 <= 予算額（根拠1件から）：記載120、再計算の上限100"


SHARE = FigureRule("rate_share", "rate_vs_indicators", "mean of the indicators' rates (100 achieved, 0 not)", "mean")


def rates(*values: float) -> tuple[Figure, ...]:
    return tuple(amount(v) for v in values)


@pytest.mark.parametrize(
    ("stated", "readings", "status"),
    [
        # One indicator 完了（公開は令和2年4月）: read as achieved (100) or not (0).
        (100, (rates(0), rates(100)), "ambiguous"),
        (90, (rates(0), rates(100)), "mismatch"),
        (50, (rates(100, 0), rates(0, 100)), "match"),  # every reading gives 50
        (50, ((amount(None, "－"),), rates(50)), "match"),  # a reading with no value is left out
        (50, ((amount(None, "－"),), (amount(None, "－"),)), "not_computable"),
    ],
)
def test_readings_all_some_none(stated: float, readings: tuple[tuple[Figure, ...], ...], status: str) -> None:
    case = FigureCase(SHARE, "施策 27", amount(stated, f"{stated}%", "round"), readings[0], "27", readings[1:])
    assert status_of(case) == status


def test_readings_show_every_recomputation() -> None:
    case = FigureCase(SHARE, "施策 27", amount(100, "100%", "round"), rates(0), "27", (rates(100),))
    _, (check,) = evaluate([case])
    assert check["recomputed"] == "[0, 0] | [100, 100]"
    # 100% stated; the indicator read as not achieved gives 0, as achieved 100: one reading of two agrees.
    assert check["detail"] == (
        "mean of the indicators' rates (100 achieved, 0 not)（根拠1件から）："
        "記載100%、再計算0 / 100：読み方2通りのうち1通りで合う"
    )


CATEGORY = GradeRule("progress_category", "progress_category", "as stated; nothing recomputes it", "value", ())


def test_indicator_key_and_place_are_columns_and_part_of_check_ids() -> None:
    mean_rule = GradeRule("mid_term", "mid_term", "mean; A >= 120, B 90–<120, C < 90", "mean", (Band("A", low=0),))
    cases = [
        GradeCase(CATEGORY, "取組が進んでいるもの", P1, (), "施策2", 2018, indicator_key="2-1"),
        GradeCase(CATEGORY, "取組が進んでいないもの", P1, (), "施策2", 2018, indicator_key="2-2"),
        GradeCase(mean_rule, "A", P1, rates(100), "8", 2019, amount(100), place="list"),
        GradeCase(mean_rule, "A", P1, rates(100), "8", 2019, amount(100), place="detail"),
    ]
    grades, checks = evaluate(cases)
    assert [(g["indicator_key"], g["place"]) for g in grades] == [
        ("2-1", None),
        ("2-2", None),
        (None, "list"),
        (None, "detail"),
    ]
    assert [c["check_id"] for c in checks] == ["mid_term:value:8:2019:list", "mid_term:value:8:2019:detail"]
    assert [c["place"] for c in checks] == ["list", "detail"]
    share = FigureCase(SHARE, "施策 1", amount(100), rates(100), "1", indicator_key="1-1", place="detail")
    assert evaluate([share])[1][0]["check_id"] == "rate_share:1:1-1:detail"


JUDGEMENT = GradeRule(
    "judgement",
    "judgement",
    "基準1 ○ and a ○ in 基準2–4 -> a; 基準1 △ and a ○ in 基準2–4 -> c; otherwise b",
    "decision",
    (),
    decisions=(
        Decision(
            "a", (Marks(("基準1",), frozenset({"○"})), Marks(("基準2", "基準3", "基準4"), frozenset({"○"}), "any"))
        ),
        Decision(
            "c", (Marks(("基準1",), frozenset({"△"})), Marks(("基準2", "基準3", "基準4"), frozenset({"○"}), "any"))
        ),
        Decision("b"),
    ),
    case_sensitive=False,
)


def marks(*printed_marks: str) -> tuple[Figure, ...]:
    return tuple(Figure(None, m, P1, "exact", f"基準{n}") for n, m in enumerate(printed_marks, start=1))


@pytest.mark.parametrize(
    ("printed_marks", "outcome"),
    [
        (("○", "", "○", ""), "a"),
        (("△", "○", "", "○"), "c"),  # the seed's 取組の分析
        (("△", "", "", ""), "b"),  # no ○ among 基準2–4
        (("○", "", "", ""), "b"),
        (("", "○", "○", "○"), "b"),  # 基準1 blank
    ],
)
def test_decision_table(printed_marks: tuple[str, ...], outcome: str) -> None:
    assert decide(JUDGEMENT.decisions, marks(*printed_marks)) == outcome


def test_no_marks_is_not_computable() -> None:
    grades, checks = evaluate([GradeCase(JUDGEMENT, "b", P1, (), None, 2020)])
    assert (grades[0]["status"], grades[0]["recomputed_grade"]) == ("not_computable", None)
    assert checks == []


def test_a_letter_in_the_other_case_matches_in_substance_and_is_a_notation_finding() -> None:
    grades, checks = evaluate([GradeCase(JUDGEMENT, "C", P1, marks("△", "○", "", "○"), None, 2020)])
    assert (grades[0]["stated_grade"], grades[0]["recomputed_grade"], grades[0]["status"]) == ("C", "c", "match")
    assert [(c["check_id"], c["kind"], c["stated"], c["recomputed"], c["status"]) for c in checks] == [
        ("judgement:notation:2020", "judgement_notation", "C", "c", "notation")
    ]
    # The marks △ ○ blank ○ give c by the second row of the table; C is the same grade in another case.
    assert grades[0]["detail"] == f"{JUDGEMENT.words}（印 基準1△・基準2○・基準3空欄・基準4○から）：記載C、再計算c"
    assert checks[0]["detail"] == f"{JUDGEMENT.words}（文字の表記）：記載C、規則の表記はc（評価は同じ）"
    assert checks[0]["rule_words"] == grades[0]["rule_words"] == JUDGEMENT.words
    assert checks[0]["scope"] == "文書 judgementの表記"  # a document-level grade: no measure


def test_notation_in_the_rule_case_matches_and_a_wrong_letter_is_substantive() -> None:
    grades, checks = evaluate(
        [
            GradeCase(JUDGEMENT, "c", P1, marks("△", "○", "", "○"), "1", 2020),
            GradeCase(JUDGEMENT, "A", P1, marks("△", "○", "", "○"), "2", 2020),
        ]
    )
    assert [g["status"] for g in grades] == ["match", "mismatch"]
    assert [c["status"] for c in checks] == ["match", "not_computable"]


LEVEL = GradeRule(
    "level",
    "achievement_level",
    "A >= 100, B < 100",
    "value",
    (Band("A", low=100), Band("B", high=100)),
    grades_stated_value=True,
)


def test_a_rule_that_grades_the_stated_value_says_so() -> None:
    grades, checks = evaluate([GradeCase(LEVEL, "A", P1, (), None, 2019, amount(123))])
    assert (grades[0]["status"], grades[0]["recomputed_low"]) == ("match", 123.0)
    # The printed 123 is graded as printed, A being 100 and above.
    assert grades[0]["detail"] == "A >= 100, B < 100（記載値から）：記載A、再計算A（123）"
    assert checks == []


def test_a_straddling_stated_value() -> None:
    # 99.5 printed 100 by rounding may be a true 99.6: the band edge at 100 is straddled.
    grades, _ = evaluate([GradeCase(LEVEL, "A", P1, (), None, 2019, amount(100, "100", "round"))])
    assert (grades[0]["status"], grades[0]["recomputed_grade"]) == ("ambiguous", "A/B")
    assert (
        grades[0]["detail"] == "A >= 100, B < 100（記載値から）："
        "記載A、再計算100（範囲99.5以上100.5未満）はA・Bのいずれにもなる"
    )


PROGRESS = GradeRule(
    "progress",
    "kpi_progress",
    "実績 ÷ 予定: on_track >= 100",
    "ratio_percent",
    (Band("behind", high=100.0), Band("on_track", low=100.0)),
    neutral="neutral",
)


def test_a_neutral_statement_makes_no_claim_when_the_numbers_speak_and_is_not_computable_otherwise() -> None:
    grades, _ = evaluate(
        [
            GradeCase(PROGRESS, "neutral", P1, (amount(80), amount(100)), "KPI:1", 2021),
            GradeCase(PROGRESS, "neutral", P1, (), "KPI:2", 2021),
            GradeCase(PROGRESS, "behind", P1, (amount(80), amount(100)), "KPI:3", 2021),
        ]
    )
    assert [(g["status"], g["recomputed_grade"]) for g in grades] == [
        ("no_claim", "behind"),
        ("not_computable", None),
        ("match", "behind"),
    ]
    # 80 ÷ 100 = 80%: behind; the neutral wording neither confirms nor contradicts it.
    assert (
        grades[0]["detail"] == "実績 ÷ 予定: on_track >= 100（根拠2件から）："
        "記載は判断を述べない（neutral）、再計算behind（80）"
    )
    assert grades[1]["detail"] == "実績 ÷ 予定: on_track >= 100：計算できない：根拠の値が無い"


def _print(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1), rounding=ROUND_HALF_UP)


amounts = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False)


@given(amounts, amounts)
def test_a_true_settlement_within_its_budget_never_mismatches_once_printed(a: Decimal, b: Decimal) -> None:
    settled, budget = min(a, b), max(a, b)
    stated = printed(float(_print(settled)), str(_print(settled)))
    bound = printed(float(_print(budget)), str(_print(budget)))
    assert judge_value(stated, bound, "at_most").status == "match"
    assert judge_value(bound, stated, "at_least").status == "match"


def test_a_judgement_stated_in_words_is_checked_among_the_checks() -> None:
    progress = GradeRule(
        "kpi_progress_more",
        "kpi_progress",
        "実績 ÷ 予定: on_track from 100",
        "ratio_percent",
        (Band("behind", high=100.0), Band("on_track", low=100.0)),
        judgement_in_text=True,
    )
    here = Where(page=4, bbox=(0, 0, 1, 1))
    case = GradeCase(
        progress,
        "behind",
        here,
        (Figure(120, "120", here, rounding="exact"), Figure(100, "100", here, rounding="exact")),
        measure_key="KPI:1",
        fiscal_year=2025,
    )
    grades, checks = evaluate([case])
    assert grades == []
    assert [(c["check_id"], c["kind"], c["stated"], c["recomputed"], c["status"]) for c in checks] == [
        ("kpi_progress_more:KPI:1:2025", "kpi_progress", "behind", "on_track", "mismatch")
    ]
    # 120 ÷ 100 = 120%, on track, where the text says behind.
    assert checks[0]["detail"] == "実績 ÷ 予定: on_track from 100（根拠2件から）：記載behind、再計算on_track（120）"


def test_a_judgement_reads_in_the_words_its_rule_labels_it_with_while_grades_keep_the_ids() -> None:
    labelled = replace(
        PROGRESS,
        words="実績÷予定が100%以上なら計画通り、未満なら遅れ",
        judgement_in_text=True,
        labels=(("on_track", "計画通り"), ("behind", "遅れ"), ("neutral", "判断なし")),
    )
    here = Where(page=4, bbox=(0, 0, 1, 1))
    inputs = (Figure(2, "2", here, rounding="exact"), Figure(3, "3", here, rounding="exact"))
    _, checks = evaluate(
        [
            GradeCase(labelled, "neutral", here, inputs, measure_key="KPI:1", fiscal_year=2025),
            GradeCase(labelled, "on_track", here, inputs, measure_key="KPI:2", fiscal_year=2025),
        ]
    )
    # 2 ÷ 3 = 66.67%: under 100, so 遅れ; the auditor reads the labels, never on_track / behind / neutral.
    assert [(c["stated"], c["recomputed"], c["status"]) for c in checks] == [
        ("判断なし", "遅れ", "no_claim"),
        ("計画通り", "遅れ", "mismatch"),
    ]
    assert checks[0]["detail"] == (
        "実績÷予定が100%以上なら計画通り、未満なら遅れ（根拠2件から）：記載は判断を述べない（判断なし）、再計算遅れ（66.67）"
    )
    assert checks[1]["detail"].endswith("：記載計画通り、再計算遅れ（66.67）")
    # The same case as a printed grade (judgement_in_text off) keeps the ids in `grades`.
    grades, _ = evaluate([GradeCase(replace(labelled, judgement_in_text=False), "on_track", here, inputs)])
    assert (grades[0]["stated_grade"], grades[0]["recomputed_grade"]) == ("on_track", "behind")
