"""Which municipality published a document, from its own text and the 全国地方公共団体コード.

The codes are 総務省's list (`municipality_codes.csv`, its source and date in its header):
every prefecture and municipality with its six-digit code, the sixth digit the JIS X 0402
check digit. Designated cities are in it with their own codes; their wards are not (a report
is published by the city, and a ward named in it only says where something happens).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

CODE_LIST = Path(__file__).with_name("municipality_codes.csv")


@dataclass(frozen=True)
class Municipality:
    name: str  # e.g. 横浜市, 北海道
    prefecture: str
    code: str  # six digits with check digit


def check_digit(code5: str) -> str:
    """The JIS X 0402 check digit: 11 minus the weighted sum (6,5,4,3,2) modulo 11, last digit only."""
    remainder = sum(int(d) * w for d, w in zip(code5, (6, 5, 4, 3, 2), strict=True)) % 11
    return str((11 - remainder) % 10)


@cache
def code_table() -> tuple[Municipality, ...]:
    """Every prefecture and municipality of the code list (a prefecture's row names the prefecture)."""
    with CODE_LIST.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return tuple(Municipality(row["city"] or row["prefecture"], row["prefecture"], row["code"]) for row in rows)


@cache
def prefecture_names() -> tuple[str, ...]:
    return tuple(m.name for m in code_table() if m.code[2:5] == "000")


@cache
def _name_pattern() -> re.Pattern[str]:
    names = sorted({m.name for m in code_table()}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names)))


@cache
def _by_name() -> dict[str, tuple[Municipality, ...]]:
    """The municipalities of each name (several towns share one), built once: every document looks names up."""
    by_name: dict[str, list[Municipality]] = {}
    for municipality in code_table():
        by_name.setdefault(municipality.name, []).append(municipality)
    return {name: tuple(found) for name, found in by_name.items()}


def _is_kanji(char: str) -> bool:
    return "CJK UNIFIED IDEOGRAPH" in unicodedata.name(char, "")


def identify(text_in_reading_order: list[str]) -> Municipality | None:
    """The municipality a document is about: the name its text uses most, the title page counting double.

    A name glued to a preceding kanji is part of a longer word (北区 in 港北区) unless a
    prefecture precedes it (神奈川県横浜市). A name shared by several municipalities is
    resolved by the prefecture the text names, else left undecided.
    """
    by_name = _by_name()
    votes: Counter[str] = Counter()
    prefectures_named: Counter[str] = Counter()
    for index, raw in enumerate(text_in_reading_order):
        text = unicodedata.normalize("NFKC", raw)
        weight = 2 if index == 0 else 1
        matches = list(_name_pattern().finditer(text))
        for position, match in enumerate(matches):
            start = match.start()  # the text before it is looked at in place: a copy per match is quadratic
            if start and _is_kanji(text[start - 1]) and not text.endswith(prefecture_names(), 0, start):
                continue
            name = match.group()
            if name in prefecture_names():
                prefectures_named[name] += weight
                following = matches[position + 1] if position + 1 < len(matches) else None
                if following is not None and following.start() == match.end():
                    continue  # 神奈川県横浜市: the prefecture only qualifies the city
            votes[name] += weight
    for name, _ in votes.most_common():
        candidates = by_name[name]
        if len(candidates) == 1:
            return candidates[0]
        named = [m for m in candidates if prefectures_named[m.prefecture]]
        if len(named) == 1:
            return named[0]
    return None
