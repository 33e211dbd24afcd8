"""The Sudachi tokenizer (sudachidict-core), built once per process on first use, and what it
says about a junction between two strings (whether it cuts a word, whether they form one name).

The words of a normalised text (`words`, `lemmas`, `content_words`) are in `normalizers/analysis.py`,
above `normalizers/text.py`, which asks this module where a space cuts a word."""

from __future__ import annotations

from functools import cache

from sudachipy import Dictionary, SplitMode, Tokenizer


@cache
def tokenizer() -> Tokenizer:
    """The process's one Sudachi tokenizer (public: for analyses the helpers below lack)."""
    return Dictionary(dict="core").tokenizer()


# A word never reaches further than this from a junction; the window keeps long cells cheap.
_WINDOW = 12


def _spans_junction(left: str, right: str, mode: SplitMode) -> bool:
    left, right = left[-_WINDOW:], right[:_WINDOW]
    joined = left + right
    junction = len(left)
    return any(m.begin() < junction < m.end() for m in tokenizer().tokenize(joined, mode))


def splits_a_word(left: str, right: str) -> bool:
    """True when a boundary between `left` and `right` falls inside one short word.

    Short units (mode A) only: '意 識' is one word cut by a wrap, while '市民局 経済局'
    or 'データ 形式' are two words and keep their space.
    """
    return bool(left) and bool(right) and _spans_junction(left, right, SplitMode.A)


def forms_one_name(left: str, right: str) -> bool:
    """True when the dictionary knows `left + right` as one unit ('教育委員会' + '事務局')."""
    return bool(left) and bool(right) and _spans_junction(left, right, SplitMode.C)


def last_word(s: str) -> str:
    """The last short-unit word of `s`, or '' for an empty string."""
    tokens = list(tokenizer().tokenize(s, SplitMode.A)) if s else []
    return tokens[-1].surface() if tokens else ""
