"""What the cell reader puts back from Tesseract's Japanese model: digits of an era year read as letters."""

from __future__ import annotations

from hyoka.extractors.ocr import _era_year_digits, _kanji_one


def test_an_era_years_digits_read_as_letters_are_digits_again() -> None:
    assert _era_year_digits("RG年度") == "R6年度"
    assert _era_year_digits("RS 年度 実績") == "R5 年度 実績"
    assert _era_year_digits("HIO年") == "H10年"


def test_other_text_is_left_as_read() -> None:
    assert _era_year_digits("R10年度") == "R10年度"
    assert _era_year_digits("PRG年") == "PRG年"  # no era initial on its own
    assert _era_year_digits("RGB値") == "RGB値"  # not a year


def test_a_long_vowel_mark_beside_kanji_is_the_kanji_one() -> None:
    assert _kanji_one("ー般財源") == "一般財源"
    assert _kanji_one("統ー") == "統一"
    assert _kanji_one("テープ購入") == "テープ購入"  # after kana it is the long-vowel mark
    assert _kanji_one("ーー") == "ーー"  # a printed dash, no kanji beside it
