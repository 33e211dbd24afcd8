"""Figures that stand for several values: ranges of partial achievement, a rounding that may be truncation,
ratios and products that keep their inputs' rounding, and digits OCR may have misread."""

from __future__ import annotations

import pytest

from hyoka.audit.engine import PARTLY_REASON, ROUNDING_REASON, evaluate
from hyoka.audit.interval import Interval, printed_readings
from hyoka.audit.ocr_digits import OCR_REASON
from hyoka.audit.presentation import finding_of
from hyoka.audit.rules import Figure, FigureCase, FigureRule, Where

P1 = Where(page=1, bbox=(0, 0, 1, 1))
SHARE = FigureRule("share", "rate_vs_indicators", "mean of the indicators' rates", "mean")
TOTAL = FigureRule("total", "column_total", "計 = Σ", "sum")
RATIO = FigureRule("ratio", "rate", "実績 ÷ 目標値 × 100", "ratio_percent")


def done(achieved: bool) -> Figure:
    return Figure(100.0 if achieved else 0.0, "実施" if achieved else "未実施", P1, "exact")


def partial() -> Figure:
    return Figure.partly(0.0, 100.0, "一部未実施", P1)


def rate(value: float, rounding: str = "round") -> Figure:
    return Figure(value, f"{value:g}%", P1, rounding)  # type: ignore[arg-type]


def check(case: FigureCase) -> dict[str, object]:
    _, checks = evaluate([case])
    return checks[0]


@pytest.mark.parametrize(
    ("stated", "inputs", "status"),
    [
        (90, (done(True), partial()), "ambiguous"),  # 50..100: 90 if the partial one earns 80 %
        (50, (done(True), partial()), "match"),  # the printed rule counts only what was achieved
        (90, (done(True), done(False), partial()), "mismatch"),  # 33..67 never gives 90
        (40, (partial(),), "ambiguous"),  # 着手 against one target: anything strictly between 0 and 100
        (90, (done(False), partial()), "mismatch"),  # 0..50 never gives 90
        (50, (done(True), done(False)), "match"),  # no range: the printed rule decides
    ],
)
def test_a_range_of_partial_achievement_is_ambiguous_where_the_reading_decides(
    stated: float, inputs: tuple[Figure, ...], status: str
) -> None:
    found = check(FigureCase(SHARE, "施策", rate(stated), inputs, "1"))
    assert found["status"] == status
    if status == "ambiguous":
        assert PARTLY_REASON in str(found["detail"])
        assert finding_of("ambiguous", str(found["recomputed"]), str(found["detail"])).name == "reading"


def test_a_partial_reading_says_so_with_the_range_of_the_recomputation() -> None:
    # 実施 (100) and 一部未実施 (0 up to 100): the mean is anywhere from 50 up to 100; 90% needs the part credited.
    found = check(FigureCase(SHARE, "施策", rate(90), (done(True), partial()), "1"))
    assert found["detail"] == (
        "mean of the indicators' rates（根拠2件から）：記載90%、再計算50以上100未満：一部実施を達成と数えるかで変わる"
    )


def test_a_range_holds_not_achieved_but_not_achieved_fully() -> None:
    allowed = partial().interval()
    assert allowed is not None and allowed.contains(0.0) and not allowed.contains(100.0)
    assert partial().declared() == Interval.point(0.0)


def test_rounded_or_truncated_readings() -> None:
    assert printed_readings(88, "88", rounding="round_or_truncate") == (
        Interval(87.5, 88.5, True, False),
        Interval(88, 89, True, False),
    )


@pytest.mark.parametrize(
    ("stated", "status"),
    [
        (88, "ambiguous"),  # 62 / 70 = 88.57: 89 rounded, 88 only truncated
        (89, "match"),  # as the series rounds
        (87, "mismatch"),  # under no rounding
    ],
)
def test_a_share_printed_with_yaku_is_read_rounded_or_truncated(stated: float, status: str) -> None:
    share = FigureRule("share", "narrative_count", "count ÷ total × 100", "percent_of_count")
    count, total = Figure(62.0, "62", P1, "exact"), Figure(70.0, "70", P1, "exact")
    found = check(FigureCase(share, "総括", rate(stated, "round_or_truncate"), (count, total), "share"))
    assert found["status"] == status
    if status == "ambiguous":
        assert ROUNDING_REASON in str(found["detail"])
        # 62 ÷ 70 = 88.57…%: 88 only if the printer truncated.
        assert found["detail"] == (
            "count ÷ total × 100（根拠2件から）：記載88%、再計算88.57：切り捨てなら合い、四捨五入では合わない"
        )
        assert finding_of("ambiguous", str(found["recomputed"]), str(found["detail"])).name == "rounding"


def test_a_mean_of_ratios_keeps_each_printed_rounding() -> None:
    # 51 ÷ 35 printed whole: 50.5..51.5 over 34.5..35.5 is 142.3..149.3 %, and 1 ÷ 3 exactly 33.3 %
    numeric = Figure.ratio(Figure(51.0, "51件", P1), Figure(35.0, "35件", P1), label="実績 ÷ 目標値")
    allowed = numeric.interval()
    assert allowed is not None
    assert (allowed.low, allowed.high) == (pytest.approx(50.5 / 35.5 * 100), pytest.approx(51.5 / 34.5 * 100))
    assert numeric.value == pytest.approx(145.714, abs=1e-3)
    # The mean with 0 % is 71.1..74.6: a stated 74 holds; the ratio computed as exact (72.86) would refute it.
    assert check(FigureCase(SHARE, "施策", rate(74), (numeric, done(False)), "2"))["status"] == "match"
    computed = Figure(numeric.value, "145.714", P1, "exact")
    assert check(FigureCase(SHARE, "施策", rate(74), (computed, done(False)), "2"))["status"] == "mismatch"
    assert check(FigureCase(SHARE, "施策", rate(80), (numeric, done(False)), "2"))["status"] == "mismatch"


def test_a_product_with_a_constant_keeps_the_rounding_and_the_evidence() -> None:
    staff = Figure(0.3, "0.3", Where(sheet="調書", cell="E9"), "round", "人工計")
    cost = Figure.product(staff, 8_000, "人件費")
    assert cost.interval() == Interval(2_000.0, 2_800.0, True, False)
    full = Figure(5_500.0, "5,500", Where(sheet="調書", cell="F9"), "round")
    found = check(FigureCase(TOTAL, "フルコスト", full, (Figure(3_000.0, "3,000", P1, "exact"), cost), "9"))
    assert found["status"] == "match"  # 3,000 + 0.25..0.35 × 8,000 holds 5,500
    assert '"cell": "E9"' in str(found["inputs_evidence"])  # the printed figure, not the product


def test_a_ratio_whose_denominator_may_be_zero_gives_no_value() -> None:
    assert Figure.ratio(Figure(1.0, "1", P1), Figure(0.0, "0", P1)).interval() is None


def ocr(value: float, text: str) -> Figure:
    return Figure(value, text, P1, "exact", ocr=True)


@pytest.mark.parametrize(
    ("total", "parts", "status"),
    [
        (ocr(6912, "6,912"), (ocr(1284, "1,284"), ocr(5678, "5,678")), "ambiguous"),  # 1,234 read 1,284
        (ocr(3650, "3,650"), (ocr(1000, "1,000"), ocr(2000, "2,000"), ocr(50, "50")), "ambiguous"),  # 0 read 6
        (ocr(1000, "1,000"), (ocr(400, "400"), ocr(500, "500")), "ambiguous"),  # 600 read 500
        (ocr(1000, "1,000"), (ocr(400, "400"), ocr(400, "400")), "mismatch"),  # no one character explains 200
        (
            Figure(6912, "6,912", P1, "exact"),
            (Figure(1284, "1,284", P1, "exact"), Figure(5678, "5,678", P1, "exact")),
            "mismatch",
        ),
    ],
)
def test_a_total_failing_by_one_ocr_confusion_is_ambiguous_with_that_reason(
    total: Figure, parts: tuple[Figure, ...], status: str
) -> None:
    found = check(FigureCase(TOTAL, "計", total, parts, "計"))
    assert found["status"] == status
    assert (OCR_REASON in str(found["detail"])) == (status == "ambiguous")


def test_an_ocr_figure_stored_in_yen_but_printed_in_thousands_is_re_read_in_its_unit() -> None:
    total = Figure(6_912_000.0, "6,912", P1, "exact", ocr=True)
    parts = (Figure(1_284_000.0, "1,284", P1, "exact", ocr=True), Figure(5_678_000.0, "5,678", P1, "exact"))
    found = check(FigureCase(TOTAL, "計", total, parts, "計"))
    assert found["status"] == "ambiguous"
    # 1,234 + 5,678 = 6,912 (千円, as printed): the part printed 1,284 may be a misread 1,234.
    assert (
        found["detail"]
        == "計 = Σ（根拠2件から）：記載6,912、再計算6,962：OCRで読んだ数値：根拠の1,284が1,234の読み違いなら合う"
    )


def test_a_total_that_holds_is_not_re_read() -> None:
    found = check(FigureCase(TOTAL, "計", ocr(6912, "6,912"), (ocr(1234, "1,234"), ocr(5678, "5,678")), "計"))
    assert (found["status"], OCR_REASON in str(found["detail"])) == ("match", False)


def test_an_ocr_ratio_failing_by_one_digit_is_ambiguous_too() -> None:
    misread = check(FigureCase(RATIO, "達成率", ocr(50, "50"), (ocr(8, "8"), ocr(6, "6")), "r"))
    assert misread["status"] == "ambiguous"  # 8 may be 3: 3 ÷ 6 = 50 %
