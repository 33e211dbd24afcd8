"""Joining printed lines into cell text, the same way for PDFs and workbooks."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence


def is_wide(char: str) -> bool:
    """True for characters set without spaces between words (kanji, kana, full-width, ○, ①…)."""
    return unicodedata.east_asian_width(char) not in ("Na", "N")


def join_lines(lines: Iterable[str], breaks: Sequence[str] | None = None) -> str:
    """Joins printed lines into one text.

    `breaks[i]` says what separates line i from line i + 1, where the layout tells: "wrap"
    (the line ran out of room: no space unless both sides are ASCII words) or "hard" (the
    writer ended the line with room to spare: one space, as between two names) or "cut" (a
    word cut inside by the line end, such as a number: no space). Without `breaks`, every
    break is a wrap.
    """
    joined = ""
    for index, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            continue
        kind = breaks[index - 1] if breaks is not None and 0 < index <= len(breaks) else "wrap"
        if joined and kind != "cut" and (kind == "hard" or (not is_wide(joined[-1]) and not is_wide(line[0]))):
            joined += " "
        joined += line
    return joined
