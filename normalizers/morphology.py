"""The Sudachi tokenizer (sudachidict-core), built once per process on first use, and the
words of a text for wording classifiers (`words`, `lemmas`, `content_words`)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

from sudachipy import Dictionary, SplitMode, Tokenizer


@cache
def tokenizer() -> Tokenizer:
    """The process's one Sudachi tokenizer (public: for analyses the helpers below lack)."""
    return Dictionary(dict="core").tokenizer()


@dataclass(frozen=True, slots=True)
class Word:
    surface: str  # as it stands in the normalised text
    lemma: str  # Sudachi's dictionary form ('遅れ' -> '遅れる')
    pos: tuple[str, ...]  # Sudachi's part of speech, six levels ('名詞', '普通名詞', ...)


# Parts of speech that carry a text's content; numerals are nouns but say nothing of it.
CONTENT_POS = frozenset({"名詞", "形状詞", "動詞"})
_SPLIT_MODES = {"A": SplitMode.A, "B": SplitMode.B, "C": SplitMode.C}


Mode = Literal["A", "B", "C"]


def words(text: str, *, mode: Mode = "C") -> tuple[Word, ...]:
    """The words of `text` after `normalizers.text()`; `mode` is Sudachi's split mode:
    'A' short units, 'B' middle, 'C' long units (named entities and compounds whole)."""
    from normalizers.text import normalize_text

    split = _SPLIT_MODES[mode]
    return tuple(
        Word(m.surface(), m.dictionary_form(), tuple(m.part_of_speech()))
        for m in tokenizer().tokenize(normalize_text(text), split)
        if m.part_of_speech()[0] != "空白"
    )


def lemmas(text: str, *, mode: Mode = "C") -> tuple[str, ...]:
    """The dictionary forms of the words of `text`, in order, punctuation included."""
    return tuple(w.lemma for w in words(text, mode=mode))


def content_words(text: str, *, mode: Mode = "C") -> frozenset[str]:
    """Dictionary forms of the nouns (not numerals), adjectival nouns and verbs of `text`
    longer than one character: what two wordings must share to say the same thing."""
    return frozenset(
        w.lemma for w in words(text, mode=mode) if w.pos[0] in CONTENT_POS and w.pos[1] != "数詞" and len(w.surface) > 1
    )


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
