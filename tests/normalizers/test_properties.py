"""Property tests: era round trip, width independence, idempotence, totality, no 0 for missing."""

from __future__ import annotations

import unicodedata
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from hyoka import normalizers
from hyoka.normalizers.eras import ERAS, era_of, render, to_era
from hyoka.normalizers.quantities import NA_MARKERS
from hyoka.normalizers.text import join_lines
from hyoka.normalizers.units import PERIODS, UNITS

# Reiwa is open-ended; a century of it is plenty.
_ERA_YEARS = [(era, n) for era in ERAS for n in range(1, (era.last_year_number or 100) + 1)]
_FULL_WIDTH = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)} | {" ": "\u3000"})


def test_every_era_year_round_trips() -> None:
    for era, n in _ERA_YEARS:
        western = era.first_year + n - 1
        for printed in (render(era, n), render(era, n, letter=True), render(era, n, suffix="")):
            assert normalizers.fiscal_year(printed).value == western, printed
        assert normalizers.fiscal_year(render(era, n, letter=True).translate(_FULL_WIDTH)).value == western
        assert normalizers.fiscal_year(f"{'元' if n == 1 else n}年度", era=era.name).value == western


def test_every_western_year_round_trips_through_its_era() -> None:
    for western in range(1868, 2120):
        era, n = to_era(western)
        assert normalizers.fiscal_year(render(era, n)).value == western


def test_years_past_an_era_and_year_zero_are_reasons() -> None:
    for era in ERAS:
        assert normalizers.fiscal_year(f"{era.letter}0").reason
        if era.last_year_number is not None:
            beyond = normalizers.fiscal_year(f"{era.name}{era.last_year_number + 1}年度")
            assert beyond.value is None and beyond.reason
    assert era_of("R") is era_of("令和")


_cell_alphabet = st.sampled_from(list("0123456789,.%件人名円千△ -年度RH令和平成約以上累計ABCabc:：()、 "))
_ascii_cells = st.text(alphabet=_cell_alphabet, max_size=20)


@settings(max_examples=150, deadline=None)
@given(_ascii_cells)
def test_full_width_and_half_width_renderings_normalise_identically(cell: str) -> None:
    wide = cell.translate(_FULL_WIDTH)
    assert normalizers.text(wide) == normalizers.text(cell)
    for function in (normalizers.fiscal_year, normalizers.grade, normalizers.header, normalizers.names):
        a, b = function(wide), function(cell)
        # Reasons quote the cell as printed, so only their presence must agree.
        assert (a.value, a.reason is None) == (b.value, b.reason is None)
    a, b = normalizers.quantity(wide), normalizers.quantity(cell)
    assert (a.reason is None) == (b.reason is None)
    if a.value is not None and b.value is not None:
        # The NA marker is kept as printed, in its own width.
        assert replace(a.value, na_marker=None) == replace(b.value, na_marker=None)
        assert (a.value.na_marker is None) == (b.value.na_marker is None)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_text_normalisation_is_idempotent(s: str) -> None:
    once = normalizers.text(s).value
    assert once is not None
    assert normalizers.text(once).value == once


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_no_function_raises_and_each_gives_a_value_or_a_reason(s: str) -> None:
    for function in (
        normalizers.fiscal_year,
        normalizers.quantity,
        normalizers.flag,
        normalizers.grade,
        normalizers.text,
        normalizers.names,
        normalizers.header,
    ):
        result = function(s)
        assert result.value is not None or result.reason, (function.__name__, s)


@settings(max_examples=200, deadline=None)
@given(
    # U+0336 alone: the dash as Chromium's text layer gives it with IPAex Mincho.
    st.sampled_from(sorted(NA_MARKERS | {"－", "—", "―", "ー", "／", "＿", "\u0336", ""})),
    st.sampled_from([None, "千円", "円", "%", "件", "人工"]),
    st.sampled_from(["", " ", "\u3000"]),
)
def test_missing_never_becomes_zero(marker: str, hint: str | None, pad: str) -> None:
    q = normalizers.quantity(pad + marker + pad, unit_hint=hint).value
    assert q is not None
    assert q.value is None
    assert q.na_marker == marker


def test_circled_numbers_stay_list_markers() -> None:
    assert normalizers.text("①20人 ②15人").value == "①20人 ②15人"
    assert unicodedata.normalize("NFKC", "①20人") == "120人"  # the trap being avoided


_KANA_WORD = st.text(alphabet=list("アイウカキサシスタデバビュンーョ"), min_size=2, max_size=12).filter(
    lambda w: not w.startswith("ー")
)


@settings(max_examples=150, deadline=None)
@given(_KANA_WORD, st.integers(min_value=1, max_value=11))
def test_a_line_break_before_the_prolonged_sound_mark_never_makes_a_dash(word: str, cut: int) -> None:
    lines = [word[:cut], word[cut:]]
    assert "-" not in normalizers.text(lines).value
    for name in normalizers.names([*lines[:-1], lines[-1] + "課"]).value or ():
        assert "-" not in name


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=12), max_size=4))
def test_printed_lines_are_read_without_raising(lines: list[str]) -> None:
    once = normalizers.text(lines).value
    assert once is not None
    assert normalizers.text(once).value == once
    result = normalizers.names(lines)
    assert result.value is not None or result.reason


@settings(max_examples=100, deadline=None)
@given(
    st.integers(min_value=0, max_value=99_999),
    # Counter words only: durations (時間, 分) are scaled to minutes.
    st.sampled_from(sorted(u.printed for u in UNITS.values() if u.kind == "count")),
    st.sampled_from(PERIODS),
    st.sampled_from(["", "以上", "以内", "程度"]),
)
def test_scaled_counts_and_rates_keep_counter_and_period(n: int, counter: str, period: str, qualifier: str) -> None:
    q = normalizers.quantity(f"{n:,} 万{counter}／{period}{qualifier}").value
    assert q is not None
    assert (q.value, q.unit, q.per, q.qualifiers) == (n * 10_000, counter, period, (qualifier,) if qualifier else ())


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=0, max_value=10), st.sampled_from(["", "以上", "未満"]))
def test_wari_is_ten_percent(n: int, qualifier: str) -> None:
    q = normalizers.quantity(f"{n}割{qualifier}").value
    assert q is not None
    assert (q.value, q.unit, q.qualifiers) == (n * 10, "%", (qualifier,) if qualifier else ())


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_round_two_helpers_never_raise(s: str) -> None:
    result = normalizers.unit_from_name(s)
    assert result.value is not None or result.reason
    assert all(isinstance(lemma, str) for lemma in normalizers.lemmas(s))
    assert normalizers.content_words(s) <= set(normalizers.lemmas(s))


def test_radical_forms_a_font_maps_ideographs_to_fold_to_the_ideograph() -> None:
    assert normalizers.text("市⺠税課").value == "市民税課"
    assert normalizers.names("市⺠課、⻄部福祉課").value == ("市民課", "西部福祉課")


def test_a_name_wrapped_after_another_is_completed_by_the_next_line() -> None:
    # 京都市's 所管局 cell: 医療局 then 健康福祉局, wrapped inside 健康福祉局.
    assert normalizers.names(["医療局 健康福", "祉局"]).value == ("医療局", "健康福祉局")
    # 横浜市's 所管 cell, printed with a space inside 事務局 and wrapped before its last character.
    assert normalizers.names(["教育委員会 事務", "局"]).value == ("教育委員会事務局",)
    assert normalizers.names(["教育委員会", "事務局"]).value == ("教育委員会事務局",)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["(", "（"]), st.text(alphabet="母子健康手帳交付相談オンライン", min_size=1, max_size=8))
def test_a_wrap_before_an_opening_bracket_joins_without_a_space_a_hard_break_keeps_one(
    bracket: str, inner: str
) -> None:
    lines = ["オンライン相談", bracket + inner + ")"]
    assert join_lines(lines, "wrap") == f"オンライン相談{bracket}{inner})"
    assert join_lines(lines, "hard") == f"オンライン相談 {bracket}{inner})"
