"""A failing total explained by one OCR-looking character is ambiguous, never a plain mismatch."""

from __future__ import annotations

from decimal import Decimal

from hyoka.audit.ocr_digits import amount, digit_confusion


def test_a_part_read_8_for_3_reconciles_the_total() -> None:
    # printed 1,234 + 5,678 = 6,912; OCR read the part 1,234 as 1,284 (3 -> 8)
    found = digit_confusion("6,912", ["1,284", "5,678"])
    assert [(m.printed, m.reading, m.is_total) for m in found] == [("1,284", "1,234", False)]
    # The auditor reads which figure OCR may have misread and the figure that would reconcile the total.
    assert "根拠の1,284が1,234の読み違いなら合う" in found[0].sentence()


def test_a_total_read_6_for_0_reconciles_and_so_do_the_parts_read_the_other_way() -> None:
    # parts sum to 3,050; 3,650 is the total with 0 read as 6, or a part with a 0 read as 6 by the printer
    found = digit_confusion("3,650", ["1,000", "2,000", "50"])
    assert {(m.printed, m.reading, m.is_total) for m in found} == {
        ("3,650", "3,050", True),
        ("1,000", "1,600", False),
        ("2,000", "2,600", False),
    }


def test_a_comma_read_as_a_point_reconciles() -> None:
    # 12,768 read as 12.768 (a decimal) while its parts were read right
    found = digit_confusion("12.768", ["12,687", "81"])
    assert [(m.printed, m.reading) for m in found] == [("12.768", "12,768")]


def test_a_total_that_holds_needs_no_reading() -> None:
    assert digit_confusion("15,487", ["72", "15,271", "144"]) == []


def test_a_difference_no_single_confusion_explains_stays_a_mismatch() -> None:
    assert digit_confusion("1,000", ["400", "400"]) == []  # off by 200: no 8/3, 0/6, 5/6, 1/7 change gives 800
    assert [(m.printed, m.reading) for m in digit_confusion("1,000", ["400", "500"])] == [("500", "600")]
    assert digit_confusion("5,000", ["2,000", "2,500"]) == []


def test_text_that_is_not_an_amount_is_left_alone() -> None:
    assert digit_confusion("1z,768", ["12,768"]) == []
    assert amount("△1,200") == Decimal(-1200)
    assert amount("12,34") is None
