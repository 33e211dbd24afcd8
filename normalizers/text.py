"""Text normalisation: NFKC with the known traps handled on purpose.

`fold()` is the character-level part (no dictionary); `text()` adds the re-joining of
Japanese words that a line wrap split, which needs the Sudachi tokenizer.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from itertools import pairwise
from typing import Literal

from hyoka.normalizers.morphology import splits_a_word
from hyoka.normalizers.result import Parsed, parsed

# NFKC would turn ① into '1' and glue it to the number after it ('①20人' -> '120人');
# circled numbers are list markers, so they pass through untouched.
CIRCLED_NUMBERS = frozenset(
    [chr(c) for c in range(0x2460, 0x2474)]  # ① .. ⑳
    + [chr(c) for c in range(0x3251, 0x3260)]  # ㉑ .. ㉟
    + [chr(c) for c in range(0x32B1, 0x32C0)]  # ㊱ .. ㊿
)
_PROTECTED = CIRCLED_NUMBERS
_PROTECTED_RE = re.compile("([" + "".join(sorted(_PROTECTED)) + "])")

# A font that draws a CJK Radicals Supplement form and its unified ideograph with one glyph leaves either
# code point in the text layer (Chromium with IPA Mincho gives ⺠ for 民); NFKC folds the Kangxi radicals
# (U+2F00-2FD5) but not these. Only the forms that print as a whole character (Unicode's
# EquivalentUnifiedIdeograph.txt) are folded: a component form such as ⺡ never stands alone in text.
RADICAL_FORMS = str.maketrans(
    {
        "\u2e9f": "母",  # MOTHER
        "\u2ea0": "民",  # CIVILIAN
        "\u2ea9": "王",  # JADE
        "\u2eaf": "糸",  # SILK
        "\u2ebc": "月",  # MEAT
        "\u2ec4": "西",  # WEST TWO
        "\u2ec6": "角",  # SIMPLIFIED HORN
        "\u2ed1": "長",  # LONG ONE
        "\u2ed7": "雨",  # RAIN
        "\u2ed8": "青",  # BLUE
        "\u2edd": "食",  # EAT ONE
        "\u2ee3": "骨",  # BONE
        "\u2ee4": "鬼",  # GHOST
        "\u2ee8": "麦",  # SIMPLIFIED WHEAT
        "\u2ee9": "黄",  # SIMPLIFIED YELLOW
        "\u2eeb": "斉",  # J-SIMPLIFIED EVEN
        "\u2eed": "歯",  # J-SIMPLIFIED TOOTH
        "\u2eef": "竜",  # J-SIMPLIFIED DRAGON
        "\u2ef2": "亀",  # J-SIMPLIFIED TURTLE
    }
)

# NFKC reads four Kangxi radicals as ideographs outside JIS X 0208 (⼾ -> 戶, ⿊ -> 黑); a Japanese font
# draws the radical and the JIS character with one glyph (IPAex Mincho's cmap maps U+2F3E and U+6238 戸,
# U+2FCA and U+9ED2 黒 to the same glyph), so Chromium leaves the radical for 戸籍 or 電子黒板. These are the
# only Kangxi radicals whose NFKC form is not in JIS X 0208; each is read as the JIS form it prints.
KANGXI_JIS_FORMS = str.maketrans(
    {
        "\u2f3e": "戸",  # KANGXI RADICAL DOOR (NFKC: 戶 U+6236)
        "\u2fad": "青",  # KANGXI RADICAL BLUE (NFKC: 靑 U+9751)
        "\u2fc8": "黄",  # KANGXI RADICAL YELLOW (NFKC: 黃 U+9EC3)
        "\u2fca": "黒",  # KANGXI RADICAL BLACK (NFKC: 黑 U+9ED1)
    }
)

# A stroke overlay with no character under it is a dash whose glyph the font also maps to the
# combining code point (IPAex Mincho draws U+0336 and — with one glyph; Chromium gives U+0336).
_BARE_STROKES = frozenset("\u0335\u0336")

# Range marks (～ is folded to '~' by NFKC already; the wave dash 〜 is not).
_RANGE_MARKS = {"〜": "~", "∼": "~", "〰": "~"}
# Dashes and minus signs of every width become the ASCII hyphen-minus.
_DASHES = frozenset("‐‑‒–—―−⁻₋﹣")
_PROLONGED_SOUND_MARK = "ー"
# Characters that cannot begin a word: a line starting with one only continues the line
# before it (the prolonged sound mark, in both widths, small kana, iteration marks, closers).
_CONTINUATIONS = frozenset("ーｰぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々ゝゞヽヾ、。，．,.)）」』】〕")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_SPACE_RUN = re.compile(r"\s+")


def continues_a_word(ch: str) -> bool:
    """True for a character no line may begin with (ー, small kana, iteration marks, closers)."""
    return ch in _CONTINUATIONS


def is_kana(ch: str) -> bool:
    return "\u3040" <= ch <= "\u30ff" or "\u31f0" <= ch <= "\u31ff"


def is_cjk(ch: str) -> bool:
    """Han, kana and the ideographic iteration marks: the scripts a wrap can split."""
    return (
        is_kana(ch)
        or "\u4e00" <= ch <= "\u9fff"
        or "\u3400" <= ch <= "\u4dbf"
        or "\uf900" <= ch <= "\ufaff"
        or ch in "々〆ヵヶ"
    )


def _nfkc_keeping_marks(s: str) -> str:
    # Normalise between protected characters so that composition still sees whole runs.
    return "".join(
        piece if piece in _PROTECTED else unicodedata.normalize("NFKC", piece) for piece in _PROTECTED_RE.split(s)
    )


def _dashes(s: str) -> str:
    """Range marks to '~', dashes to '-'; ー stays only where it lengthens a kana."""
    out: list[str] = []
    for ch in s:
        if ch in _RANGE_MARKS:
            out.append(_RANGE_MARKS[ch])
        elif ch in _DASHES or (ch in _BARE_STROKES and (not out or out[-1].isspace())):
            out.append("-")
        elif ch == _PROLONGED_SOUND_MARK and not (out and is_kana(out[-1])):
            # After a digit, a letter, a space or nothing, ー is a dash typed with the kana key.
            out.append("-")
        else:
            out.append(ch)
    return "".join(out)


def unify_radicals(s: str) -> str:
    """Radical forms printed for a whole character (⺠, ⻑, ⿊) as the unified ideograph a reader sees (民, 長, 黒)."""
    return s.translate(RADICAL_FORMS).translate(KANGXI_JIS_FORMS)


@lru_cache(maxsize=65536)  # the same cell text is folded by several readers (headers, quantities, names)
def fold(s: str) -> str:
    """NFKC (circled numbers and radical forms read), dashes (and bare stroke overlays) unified,
    whitespace collapsed; no dictionary."""
    s = _nfkc_keeping_marks(unify_radicals(s.translate(_INVISIBLE)))
    s = _dashes(s)
    return _SPACE_RUN.sub(" ", s).strip()


def _join_wrapped_words(s: str) -> str:
    """Drop a space between two Japanese characters where it cuts one word in two."""
    chars = list(s)
    keep: list[str] = []
    for i, ch in enumerate(chars):
        if (
            ch == " "
            and 0 < i < len(chars) - 1
            and is_cjk(chars[i - 1])
            and is_cjk(chars[i + 1])
            and splits_a_word("".join(keep), "".join(chars[i + 1 :]))
        ):
            continue
        keep.append(ch)
    return "".join(keep)


def is_wide(char: str) -> bool:
    """True for characters set without spaces between words (kanji, kana, full-width, ○, ①…)."""
    return unicodedata.east_asian_width(char) not in ("Na", "N")


# What separates two printed lines, where the layout tells (the format layer reads it from where a
# line stops): "wrap" (the line ran out of room), "hard" (the writer ended it with room to spare),
# "cut" (a word, such as a number, cut inside by the line end); "unknown" where no layout is at hand.
LineBreak = Literal["wrap", "hard", "cut", "unknown"]


def join_lines(lines: Iterable[str], breaks: LineBreak | Sequence[LineBreak] = "unknown") -> str:
    """A cell's printed lines as one string; `breaks` is one kind for every break or one per break.

    A "wrap" adds a space only between two ASCII words; a "hard" break is one space (two names on
    two lines stay two); a "cut" adds nothing. An "unknown" break is a space, except where the next
    line only continues a word ('データセンタ' + 'ー課'), so that no dash is made of ー; whether a
    space left between two Japanese words cuts one word is decided later, by `text()` and `names()`.
    """
    joined = ""
    for index, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            continue
        kind = breaks if isinstance(breaks, str) else (breaks[index - 1] if 0 < index <= len(breaks) else "wrap")
        if joined and _separated(kind, joined[-1], line[0]):
            joined += " "
        joined += line
    return joined


def spaced_across_scripts(lines: Sequence[str], breaks: Sequence[LineBreak]) -> list[LineBreak]:
    """`breaks` with each wrap between a half-width letter or digit and a Japanese character made a
    space ("hard") where the cell itself spaces the two scripts: within its lines it puts them side
    by side at least twice, every time with a space ("講習会 12" / "講座実施" in a cell that prints
    "Ipad や" and "講習会 12"). A wrap carries no space glyph, so only the cell's own habit tells
    whether one was swallowed there; a document mixes both habits, so no wider rule holds."""
    printed = [line.strip() for line in lines]
    joins = [spaced for line in printed for spaced in _script_joins(line)]
    if len(joins) < 2 or not all(joins):
        return list(breaks)
    return [
        "hard" if kind == "wrap" and before and after and _across_scripts(before[-1], after[0]) else kind
        for kind, (before, after) in zip(breaks, pairwise(printed), strict=False)
    ]


def _script_joins(line: str) -> Iterator[bool]:
    """Each place a stripped line puts a half-width letter or digit next to a Japanese character
    (either order): True where one space separates them."""
    for index, char in enumerate(line[:-1]):
        spaced = line[index + 1] == " "  # then line[index + 2] exists: the line ends in no space
        if _across_scripts(char, line[index + 2] if spaced else line[index + 1]):
            yield spaced


def _across_scripts(before: str, after: str) -> bool:
    return (_half_width_alnum(before) and is_cjk(after)) or (is_cjk(before) and _half_width_alnum(after))


def _half_width_alnum(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _separated(kind: LineBreak, before: str, after: str) -> bool:
    if kind == "unknown":
        return after not in _CONTINUATIONS
    return kind == "hard" or (kind == "wrap" and not is_wide(before) and not is_wide(after))


def normalize_text(s: str | Sequence[str]) -> str:
    """The contract's text form of a cell (a string, or its printed lines): folded, with
    wrapped words re-joined."""
    previous = None
    current = s if isinstance(s, str) else join_lines(s)
    # Joining can bring two spaces' neighbours together; repeat until nothing changes.
    while current != previous:
        previous = current
        current = _join_wrapped_words(fold(current))
    return current


def text(s: str | Sequence[str]) -> Parsed[str]:
    """Normalise one cell's text, given as a string or as its printed lines; value is ''
    for a blank cell."""
    return parsed(normalize_text(s))
