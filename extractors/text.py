"""Joining printed lines into cell text, the same way for PDFs and workbooks."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable


def is_wide(char: str) -> bool:
    """True for characters set without spaces between words (kanji, kana, full-width, ○, ①…)."""
    return unicodedata.east_asian_width(char) not in ("Na", "N")


def join_lines(lines: Iterable[str]) -> str:
    """Joins wrapped lines: no space where either side is Japanese, one space between ASCII words."""
    joined = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if joined and not is_wide(joined[-1]) and not is_wide(line[0]):
            joined += " "
        joined += line
    return joined
