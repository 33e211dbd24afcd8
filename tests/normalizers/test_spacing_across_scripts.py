"""A wrap between a number (or Latin word) and Japanese takes the space the cell itself prints there.

Truth from the samples, read on the page by a person (samples/truth/); the properties say when a
cell's joined text may not change.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from hyoka.normalizers.text import LineBreak, join_lines, spaced_across_scripts

_JAPANESE = st.text(alphabet="講座実施年間回以上日やパソコン相談室", min_size=1, max_size=5)
_LATIN = st.text(alphabet="0123456789Ipad", min_size=1, max_size=4)
_BREAKS = st.sampled_from(["wrap", "hard", "cut"])


def joined(lines: list[str], breaks: list[LineBreak]) -> str:
    return join_lines(lines, spaced_across_scripts(lines, breaks))


def test_a_cell_that_spaces_numbers_from_kanji_keeps_the_space_its_line_end_swallowed() -> None:
    # 横浜市 p27: "講習会 12" fills the line (3.4 pt left, 講 is 9 pt); the cell prints "Ipad や" and "会 12".
    assert (
        joined(["③Ipad やパソコンを用いた講習会 12", "講座実施"], ["wrap"])
        == "③Ipad やパソコンを用いた講習会 12 講座実施"
    )


def test_a_cell_with_one_spaced_join_or_none_across_its_wrap_is_left_as_read() -> None:
    # One spaced join is no habit: a full line "各校年 2" before "回" was a wrap between two characters.
    assert joined(["各校年 2", "回"], ["wrap"]) == "各校年 2回"
    # 横浜市 p27, the cell beside it: every wrap falls between two Japanese characters.
    lines = ["②年間で、講習会を 32 講座、ボラン", "ティア養成講座を 2 講座、パソコン相", "談室を 143 日実施"]
    assert (
        joined(lines, ["wrap", "wrap"])
        == "②年間で、講習会を 32 講座、ボランティア養成講座を 2 講座、パソコン相談室を 143 日実施"
    )


def test_a_cell_that_joins_the_scripts_both_ways_is_left_as_read() -> None:
    assert (
        joined(["講習会 12 講座、相談室 150日", "以上 3", "回"], ["wrap", "wrap"])
        == "講習会 12 講座、相談室 150日以上 3回"
    )


def test_only_wraps_across_scripts_change() -> None:
    lines = ["講習会 12 講座", "を 3", "回、パソコン", "相談室"]
    assert spaced_across_scripts(lines, ["wrap", "wrap", "wrap"]) == ["wrap", "hard", "wrap"]
    assert spaced_across_scripts(lines, ["hard", "cut", "wrap"]) == ["hard", "cut", "wrap"]


@st.composite
def lines_without_joins(draw: st.DrawFn) -> list[str]:
    """Lines in which Latin and Japanese never meet: each run ends at punctuation before the other script."""
    lines = []
    for _ in range(draw(st.integers(2, 4))):
        runs = draw(st.lists(st.one_of(_JAPANESE, _LATIN), min_size=1, max_size=4))
        lines.append(draw(st.sampled_from(["、", "・", "("])).join(runs))
    return lines


@st.composite
def lines_joined_without_spaces(draw: st.DrawFn) -> list[str]:
    """Lines in which Latin and Japanese meet at least once, always with nothing between them."""
    lines = [draw(_LATIN) + draw(_JAPANESE)]
    for _ in range(draw(st.integers(1, 3))):
        lines.append("".join(draw(st.lists(st.one_of(_JAPANESE, _LATIN), min_size=1, max_size=4))))
    return lines


@settings(max_examples=200, deadline=None)
@given(lines_without_joins(), st.data())
def test_a_cell_where_the_scripts_never_meet_within_a_line_is_unchanged(lines: list[str], data: st.DataObject) -> None:
    breaks = data.draw(st.lists(_BREAKS, min_size=len(lines) - 1, max_size=len(lines) - 1))
    assert spaced_across_scripts(lines, breaks) == breaks


@settings(max_examples=200, deadline=None)
@given(lines_joined_without_spaces(), st.data())
def test_a_cell_that_joins_the_scripts_without_a_space_is_unchanged(lines: list[str], data: st.DataObject) -> None:
    breaks = data.draw(st.lists(_BREAKS, min_size=len(lines) - 1, max_size=len(lines) - 1))
    assert spaced_across_scripts(lines, breaks) == breaks
