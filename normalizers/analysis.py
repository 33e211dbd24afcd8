"""The words of a text after `hyoka.normalizers.text()`, for wording classifiers: Sudachi's analysis
of the normalised text (`words`), their dictionary forms (`lemmas`), what carries content
(`content_words`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sudachipy import SplitMode

from hyoka.normalizers.morphology import tokenizer
from hyoka.normalizers.text import normalize_text


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
    """The words of `text` after `hyoka.normalizers.text()`; `mode` is Sudachi's split mode:
    'A' short units, 'B' middle, 'C' long units (named entities and compounds whole)."""
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
