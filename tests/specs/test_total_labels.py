"""Which row labels name a total by a check's declared words (`is_total_label`), on labels the reports print:
北海道 declares 計 and 合計, 横浜 全施策; its 政策体系 print names such as 計画的な行財政運営."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from hyoka.specs.tables import is_total_label, squash

HOKKAIDO = ["計", "合計"]
YOKOHAMA = ["全施策"]


@pytest.mark.parametrize(
    ("label", "words"),
    [
        ("計", HOKKAIDO),
        ("合計", HOKKAIDO),
        ("合 計", HOKKAIDO),
        ("総計", HOKKAIDO),
        ("小計", HOKKAIDO),
        ("事業費計", HOKKAIDO),
        ("計（再掲除く）", HOKKAIDO),
        ("全施策 (70 施策)", YOKOHAMA),
        ("全施策（70施策）", YOKOHAMA),
    ],
)
def test_a_label_that_is_or_ends_with_a_total_word_names_the_total(label: str, words: list[str]) -> None:
    assert is_total_label(label, words)


@pytest.mark.parametrize(
    "label",
    ["計画的な行財政運営", "1 計画推進", "会計管理", "統計", "推計", "設計", "統計（再掲）", "(計)"],
)
def test_a_name_holding_a_total_word_inside_at_its_start_or_as_its_own_ending_names_a_group(label: str) -> None:
    assert not is_total_label(label, HOKKAIDO)


def test_only_the_declared_words_name_a_total() -> None:
    assert not is_total_label("合計", YOKOHAMA)
    assert not is_total_label("総計", ["合計"])  # ends with 計, which the check does not declare
    assert not is_total_label("全施策の一覧", YOKOHAMA)


TOTAL_WORDS = ["計", "合計", "総計", "全施策"]
# Names of kanji and kana the labels print, spaces and digits; no brackets, so a qualifier is the bracketed tail.
names = st.text(alphabet="計画合総小会統推設事業費全施策行政運営の 1２３", max_size=8)
qualifiers = st.sampled_from(["", "（再掲除く）", "(70 施策)", "（件）(再掲)"])


@given(name=names, qualifier=qualifiers, words=st.lists(st.sampled_from(TOTAL_WORDS), min_size=1, unique=True))
def test_a_label_not_ending_with_a_total_word_before_its_qualifier_is_never_a_total(
    name: str, qualifier: str, words: list[str]
) -> None:
    assume(not any(squash(name).endswith(word) for word in words))
    assert not is_total_label(name + qualifier, words)


@given(word=st.sampled_from(TOTAL_WORDS), qualifier=qualifiers)
def test_a_total_word_with_its_qualifier_is_always_a_total(word: str, qualifier: str) -> None:
    assert is_total_label(f" {word}{qualifier}", [word])
