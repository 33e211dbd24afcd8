"""Japanese eras and fiscal years.

A fiscal year is named by the western year in which it starts (April): H30 / 平成30年度
-> 2018, R1 / 令和元年度 -> 2019. A new era is one more line in ERAS.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from hyoka.normalizers.result import Parsed, failed, parsed
from hyoka.normalizers.text import fold


@dataclass(frozen=True, slots=True)
class Era:
    name: str
    letter: str
    first_year: int  # western year of 元年
    last_year_number: int | None  # last era year in use; None for the current era
    first_day: date  # the day the era began (as spreadsheet programs date it)

    def western(self, number: int) -> int:
        return self.first_year + number - 1


ERAS: tuple[Era, ...] = (
    Era("明治", "M", 1868, 45, date(1868, 1, 25)),
    Era("大正", "T", 1912, 15, date(1912, 7, 30)),
    Era("昭和", "S", 1926, 64, date(1926, 12, 25)),
    # 平成31年度 is in real use for the fiscal year that began a month before 令和.
    Era("平成", "H", 1989, 31, date(1989, 1, 8)),
    Era("令和", "R", 2019, None, date(2019, 5, 1)),
)


def era_of_day(day: date) -> tuple[Era, int] | None:
    """The era a day falls in and its year number within it (2019-04-30 -> 平成 31); None before 明治."""
    era = next((e for e in reversed(ERAS) if day >= e.first_day), None)
    return None if era is None else (era, day.year - era.first_day.year + 1)


_BY_KEY = {e.name: e for e in ERAS} | {e.letter: e for e in ERAS}


@dataclass(frozen=True, slots=True)
class YearRange:
    """A span of fiscal years such as 平成30～令和3年度 (first and last, inclusive)."""

    first: int
    last: int


def era_of(key: str) -> Era | None:
    """The era named by its kanji name or its upper-case letter ('令和', 'R')."""
    return _BY_KEY.get(fold(key))


def to_era(western: int) -> tuple[Era, int]:
    """The newest era in use in a western year, and the era year: 2019 -> (令和, 1)."""
    for era in reversed(ERAS):
        if western >= era.first_year:
            return era, western - era.first_year + 1
    raise ValueError(f"{western} is before 明治元年 (1868)")


def render(era: Era, number: int, *, letter: bool = False, suffix: str = "年度") -> str:
    """How a document prints an era year: 令和元年度, R1年度."""
    if letter:
        return f"{era.letter}{number}{suffix}"
    return f"{era.name}{'元' if number == 1 else number}{suffix}"


_NAMES = "|".join(e.name for e in ERAS)
_LETTERS = "".join(e.letter for e in ERAS)
_WEST = r"(?:18|19|20|21)[0-9]{2}"
_JOIN = r"\s*[~\-]\s*"
_MONTH = r"(?:\s*(?P<month>[0-9]{1,2})\s*月|\.(?P<dmonth>[0-9]{1,2})(?![0-9]))?"
YEAR_TOKEN = re.compile(
    # 2019-2021: two western years as a range
    rf"(?<![0-9.,:])(?P<wa>{_WEST}){_JOIN}(?P<wb>{_WEST})(?![0-9])(?:\s*年度?)?"
    # 平成30年度, R8(2026)年度, H30, r1 (lower case: calendar year)
    rf"|(?:(?P<kanji>{_NAMES})\s*|(?<![A-Za-z])(?P<letter>[{_LETTERS}{_LETTERS.lower()}]))"
    r"(?P<num>元|[0-9]{1,3})(?![0-9A-Za-z])"
    r"(?:\s*\(\s*(?P<west>[0-9]{4})\s*\))?"
    rf"(?:\s*(?P<suffix>年度|年))?{_MONTH}"
    # 2019年度, 2020年4月
    rf"|(?<![0-9.,:])(?P<wyear>{_WEST})\s*(?P<wsuffix>年度|年)(?:\s*(?P<wmonth>[0-9]{{1,2}})\s*月)?"
    # 30年度, 元年度: needs the document's era
    r"|(?<![0-9A-Za-z.,])(?P<bnum>元|[0-9]{1,3})\s*年度"
)
# A continuation after an era year that omits the era: H25~30, 平成30、31年度.
_CONTINUATION = re.compile(
    r"\s*(?P<joiner>[~\-、,])\s*(?P<num>元|[0-9]{1,2})(?![0-9A-Za-z月])(?:\s*(?P<suffix>年度|年))?(?!\s*月)"
)
_RANGE_JOINER = re.compile(_JOIN + "$|" + r"^\s*[~\-]\s*$")


@dataclass(frozen=True, slots=True)
class _Year:
    start: int
    end: int
    year: int | YearRange | None
    reason: str | None
    era: Era | None = None
    range_with_next: bool = False


def _number(num: str) -> int:
    return 1 if num == "元" else int(num)


def _era_year(era: Era, number: int, printed: str) -> tuple[int | None, str | None]:
    if number == 0:
        return None, f"'{printed}' is not a year: era years start at 1 (元年)."
    if era.last_year_number is not None and number > era.last_year_number:
        return None, (f"'{printed}' does not exist: {era.name} ended in its year {era.last_year_number}.")
    return era.western(number), None


def _fiscal_from_month(year: int, month: str | None, printed: str) -> tuple[int | None, str | None]:
    if month is None:
        return year, None
    m = int(month)
    if not 1 <= m <= 12:
        return None, f"'{printed}' has no month {m}."
    # January to March belong to the fiscal year that began the April before.
    return (year - 1 if m <= 3 else year), None


def _scan(s: str, era: Era | None) -> list[_Year]:
    years: list[_Year] = []
    pos = 0
    while (m := YEAR_TOKEN.search(s, pos)) is not None:
        printed = m.group(0).strip()
        pos = m.end()
        if m.group("wa"):
            first, last = int(m.group("wa")), int(m.group("wb"))
            years.append(_Year(m.start(), m.end(), YearRange(first, last), None))
        elif m.group("wyear"):
            year, reason = _fiscal_from_month(int(m.group("wyear")), m.group("wmonth"), printed)
            years.append(_Year(m.start(), m.end(), year, reason))
        elif m.group("bnum"):
            if era is None:
                reason = f"'{printed}' names no era; pass the document's era (e.g. era='令和')."
                years.append(_Year(m.start(), m.end(), None, reason))
            else:
                year, reason = _era_year(era, _number(m.group("bnum")), printed)
                years.append(_Year(m.start(), m.end(), year, reason, era))
        else:
            years.append(_read_era_token(m, printed))
            token_era = years[-1].era
            while token_era is not None and (c := _CONTINUATION.match(s, pos)) is not None:
                # The first year may have been a range's start, the second inherits its era.
                years[-1] = _Year(
                    years[-1].start,
                    years[-1].end,
                    years[-1].year,
                    years[-1].reason,
                    token_era,
                    range_with_next=c.group("joiner") in "~-",
                )
                number = _number(c.group("num"))
                year, reason = _era_year(token_era, number, printed + c.group(0))
                years.append(_Year(c.start("num"), c.end(), year, reason, token_era))
                pos = c.end()
    return years


def _read_era_token(m: re.Match[str], printed: str) -> _Year:
    letter = m.group("letter")
    if letter is not None and letter.islower():
        reason = f"'{printed}' is a calendar year: a lower-case era letter marks 暦年, not 年度."
        return _Year(m.start(), m.end(), None, reason)
    era = _BY_KEY[m.group("kanji") or letter]
    number = _number(m.group("num"))
    year, reason = _era_year(era, number, printed)
    if year is not None and m.group("west") is not None and int(m.group("west")) != year:
        reason = (
            f"'{printed}': {era.name}{number} is {year} but the western year printed beside it is {m.group('west')}."
        )
        year = None
    if year is not None and m.group("suffix") != "年度":
        year, reason = _fiscal_from_month(year, m.group("month") or m.group("dmonth"), printed)
    return _Year(m.start(), m.end(), year, reason, era)


def _merge_ranges(s: str, years: list[_Year]) -> list[_Year]:
    merged: list[_Year] = []
    for y in years:
        prev = merged[-1] if merged else None
        joined_by_mark = prev is not None and re.fullmatch(r"\s*[~\-]\s*", s[prev.end : y.start])
        if prev is not None and (prev.range_with_next or joined_by_mark):
            if prev.reason or y.reason:
                merged[-1] = _Year(prev.start, y.end, None, prev.reason or y.reason)
            else:
                first, last = prev.year, y.year
                assert isinstance(first, int) and isinstance(last, int)
                merged[-1] = _Year(prev.start, y.end, YearRange(first, last), None)
            continue
        merged.append(y)
    return merged


def fiscal_year(text: str, *, era: str | None = None) -> Parsed[int | YearRange]:
    """The fiscal year a text names, as the western year it starts in.

    `era` is the document's era ('令和' or 'R'), used for bare years such as 30年度.
    A range (平成30～令和3年度) gives a YearRange. Column headers work too: 'R3実績' -> 2021.
    """
    document_era = None
    if era is not None:
        document_era = era_of(era)
        if document_era is None:
            return failed(f"Unknown era '{era}'; known eras: {', '.join(e.name for e in ERAS)}.")
    s = fold(text)
    years = _merge_ranges(s, _scan(s, document_era))
    if not years:
        return failed(f"No fiscal year in '{s}'." if s else "The text is blank.")
    reasons = [y.reason for y in years if y.reason]
    if reasons:
        return failed(reasons[0])
    for y in years:
        if isinstance(y.year, YearRange) and y.year.first > y.year.last:
            return failed(f"The range in '{s}' runs backwards ({y.year.first} to {y.year.last}).")
    distinct = list(dict.fromkeys(y.year for y in years))
    if len(distinct) > 1:
        return failed(f"'{s}' names several fiscal years; pass one cell at a time.")
    value = distinct[0]
    assert value is not None
    return parsed(value)
