"""Ruling lines found in a page image: rules kept, characters' strokes ignored, positions in points."""

from __future__ import annotations

import cv2
import numpy as np

from hyoka.extractors.raster_grid import detect_rules, ink_without_rules, skew_degrees, straightened

DPI = 200.0
PT = 72.0 / DPI  # points per pixel


def _page_with_grid() -> np.ndarray:
    """A white page with a 2-row × 3-column ruled table and short dark strokes inside its cells."""
    page = np.full((600, 800), 255, np.uint8)
    for y in (100, 200, 300):
        cv2.line(page, (100, y), (700, y), 0, 2)
    for x in (100, 300, 500, 700):
        cv2.line(page, (x, 100), (x, 300), 0, 2)
    # Glyph-like strokes, 3 mm long (a 一 or the bar of a 7), which are not rules.
    for x, y in ((150, 150), (350, 250), (550, 150)):
        cv2.line(page, (x, y), (x + 24, y), 0, 2)
        cv2.line(page, (x + 30, y - 12), (x + 30, y + 12), 0, 2)
    return page


def test_rules_of_a_ruled_table_are_found_and_glyph_strokes_are_not() -> None:
    rules = detect_rules(_page_with_grid(), DPI)
    horizontals = sorted(round(rule.top / PT) for rule in rules if rule.horizontal)
    verticals = sorted(round(rule.x0 / PT) for rule in rules if not rule.horizontal)
    assert [abs(y - expected) <= 2 for y, expected in zip(horizontals, (100, 200, 300), strict=True)] == [True] * 3
    assert [abs(x - expected) <= 2 for x, expected in zip(verticals, (100, 300, 500, 700), strict=True)] == [True] * 4
    for rule in rules:
        if rule.horizontal:
            assert abs(rule.x0 / PT - 100) <= 3 and abs(rule.x1 / PT - 700) <= 3
        else:
            assert abs(rule.top / PT - 100) <= 3 and abs(rule.bottom / PT - 300) <= 3


def test_the_ocr_image_keeps_the_characters_without_the_rules() -> None:
    page = _page_with_grid()
    page[100:300, 500:700] = 200  # a shaded cell: grey background, not ink
    erased = ink_without_rules(page, DPI)
    assert erased[250, 600] == 255  # the shading
    page[50, 50] = 0  # a scanner's speck
    assert ink_without_rules(page, DPI)[50, 50] == 255
    assert erased[200, 400] == 255  # on a rule
    assert erased[150, 160] == 0  # on a glyph stroke
    assert detect_rules(erased, DPI) == []


def test_a_short_divider_between_two_rules_is_a_rule() -> None:
    page = _page_with_grid()
    # A sub-row's divider: 2.5 mm (20 px at 200 dpi) from one horizontal rule to the next, as under その他.
    cv2.line(page, (200, 200), (200, 220), 0, 2)
    cv2.line(page, (200, 220), (300, 220), 0, 2)
    verticals = [rule for rule in detect_rules(page, DPI) if not rule.horizontal]
    assert any(abs(rule.x0 / PT - 200) <= 2 and abs(rule.top / PT - 200) <= 3 for rule in verticals)


def test_a_crooked_page_is_measured_and_straightened() -> None:
    page = _page_with_grid()
    turn = cv2.getRotationMatrix2D((400, 300), 1.5, 1.0)
    crooked = cv2.warpAffine(page, turn, (800, 600), borderValue=255)
    assert abs(skew_degrees(crooked, DPI) + 1.5) <= 0.1
    assert abs(skew_degrees(page, DPI)) <= 0.05
    rules = detect_rules(straightened(crooked, DPI), DPI)
    assert sum(rule.horizontal for rule in rules) == 3
    assert sum(not rule.horizontal for rule in rules) == 4


def test_a_lone_speck_is_dropped_and_a_point_beside_its_digits_is_kept() -> None:
    page = _page_with_grid()
    page[250:253, 420:423] = 0  # speckle in a cell, 3 × 3 px at 200 dpi (0.4 mm), nothing near it
    cv2.line(page, (560, 240), (560, 262), 0, 2)  # a digit's stroke…
    page[259:262, 565:568] = 0  # …and its decimal point, as small as the speck
    erased = ink_without_rules(page, DPI)
    assert erased[251, 421] == 255
    assert erased[260, 566] == 0


def test_a_dashed_rule_is_a_rule_and_a_line_of_kanji_is_not() -> None:
    page = _page_with_grid()
    for x in range(100, 700, 16):  # dashes 1.3 mm long, 0.7 mm apart, at y = 250
        cv2.line(page, (x, 250), (x + 10, 250), 0, 2)
    for x in range(110, 690, 24):  # a line of 目-like glyphs: their bars line up and close into runs
        for y in (140, 150, 160):
            cv2.line(page, (x, y), (x + 16, y), 0, 2)
        cv2.line(page, (x, 137), (x, 163), 0, 2)
        cv2.line(page, (x + 16, 137), (x + 16, 163), 0, 2)
    horizontals = sorted(round(rule.top / PT) for rule in detect_rules(page, DPI) if rule.horizontal)
    assert [y for y in horizontals if 110 < y < 290] == [200, 250]
