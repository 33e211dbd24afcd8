"""A value as a spreadsheet prints it through its number format (the subset office suites use).

Covers sections (positive;negative;zero;text), quoted and escaped literals ("人", \\円),
colours and locale tags ([Red], [$-411]), digit placeholders (0 # ?), thousands separators
and scaling commas, percent, `General`, `@`, and dates with Japanese eras (ggge年m月d日).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Context, Decimal
from functools import lru_cache

from hyoka.normalizers.eras import era_of_day

# A workbook uses a few formats for many cells: each is analysed once (bounded, for hostile files).
_memo = lru_cache(maxsize=1024)
_BRACKET = re.compile(r"\[[^\]]*\]")
_DATE_CODES = re.compile(r"(?i)[ymdhsge]")
_WEEKDAYS = "月火水木金土日"


def format_value(value: object, number_format: str | None) -> str:
    """The printed form of a cell value under `number_format`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    fmt = number_format or "General"
    sections = _split_sections(fmt)
    if isinstance(value, str):
        if len(sections) >= 4:
            return _literals(sections[3]).replace("@", value)
        return value
    if isinstance(value, datetime | date | time | timedelta):
        return _format_date(value, sections[0])
    if not isinstance(value, int | float | Decimal):
        return str(value)
    number = float(value)
    section = sections[0]
    sign = ""
    if number < 0:
        if len(sections) >= 2:
            section, number = sections[1], -number
        else:
            sign, number = "-", -number
    elif number == 0 and len(sections) >= 3:
        section = sections[2]
    section = _without_brackets(section)
    if _is_date_section(section):
        return _format_date(_from_serial(number), section)
    return sign + _format_number(number, section)


@_memo
def _split_sections(fmt: str) -> tuple[str, ...]:
    sections, current, quoted, escaped = [], "", False, False
    for char in fmt:
        if escaped:
            current, escaped = current + char, False
            continue
        if char == "\\":
            escaped = True
        elif char == '"':
            quoted = not quoted
        elif char == ";" and not quoted:
            sections.append(current)
            current = ""
            continue
        current += char
    sections.append(current)
    return tuple(sections)


@_memo
def _tokens(section: str) -> tuple[tuple[bool, str], ...]:
    """(is_code, text) pieces: literals unquoted and unescaped, codes kept as written."""
    pieces: list[tuple[bool, str]] = []
    i = 0
    while i < len(section):
        char = section[i]
        if char == '"':
            end = section.find('"', i + 1)
            end = len(section) if end < 0 else end
            pieces.append((False, section[i + 1 : end]))
            i = end + 1
        elif char == "\\" and i + 1 < len(section):
            pieces.append((False, section[i + 1]))
            i += 2
        elif char == "_" and i + 1 < len(section):
            pieces.append((False, " "))  # padding the width of the next char
            i += 2
        elif char == "*" and i + 1 < len(section):
            i += 2  # fill character: repeats to the column width, nothing to print here
        else:
            pieces.append((True, char))
            i += 1
    return tuple(pieces)


@_memo
def _without_brackets(section: str) -> str:
    return _BRACKET.sub("", section)


@_memo
def _literals(section: str) -> str:
    return "".join(text for _, text in _tokens(_BRACKET.sub("", section)))


@_memo
def _is_date_section(section: str) -> bool:
    codes = "".join(text for is_code, text in _tokens(section) if is_code)
    return bool(_DATE_CODES.search(codes)) and not re.search(r"[0#?]", codes) and "general" not in codes.lower()


def _general(number: float) -> str:
    if number == int(number) and abs(number) < 1e11:
        return str(int(number))
    return format(number, ".10g")


@dataclass(frozen=True)
class _NumberPattern:
    """One number section of a format, analysed once: what surrounds the digits and how they print."""

    prefix: str
    suffix: str
    percents: int  # each % multiplies by 100
    thousands_scaling: int  # each trailing comma divides by 1000
    grouping: bool
    required_decimals: int
    decimals: int
    min_digits: int


@_memo
def _number_pattern(section: str) -> _NumberPattern | str:
    """The section's number pattern, or its literal text when it has no digit placeholders."""
    tokens = _tokens(section)
    codes = [i for i, (is_code, text) in enumerate(tokens) if is_code and text in "0#?.,"]
    if not codes:
        return "".join(t for _, t in tokens)
    first, last = codes[0], codes[-1]
    pattern = "".join(tokens[i][1] for i in range(first, last + 1) if tokens[i][0])
    prefix = "".join(t for _, t in tokens[:first])
    suffix = "".join(t for _, t in tokens[last + 1 :])
    scaled = pattern.rstrip(",")
    integer_part, _, decimal_part = scaled.partition(".")
    return _NumberPattern(
        prefix=prefix,
        suffix=suffix,
        # a quoted or escaped "%" is printed text; only an unquoted one scales by 100
        percents=sum(text.count("%") for is_code, text in tokens if is_code),
        thousands_scaling=len(pattern) - len(scaled),
        grouping="," in integer_part,
        required_decimals=decimal_part.count("0"),
        decimals=len(decimal_part.replace(",", "")),
        min_digits=integer_part.count("0"),
    )


# Enough digits for any double (up to 309 before the point) with the 30 decimals a format may ask for.
_WIDE = Context(prec=400)


def _format_number(number: float, section: str) -> str:
    pattern = _number_pattern(section)
    if isinstance(pattern, str):
        if re.search("(?i)general", pattern):
            return re.sub("(?i)general", lambda _: _general(number), pattern)
        return pattern  # a section of literals only, e.g. "-" for zero
    for _ in range(pattern.percents):
        number *= 100
    for _ in range(pattern.thousands_scaling):
        number /= 1000
    rounded = Decimal(repr(number)).quantize(
        Decimal(1).scaleb(-pattern.decimals), rounding=ROUND_HALF_UP, context=_WIDE
    )
    whole, _, fraction = f"{rounded:f}".partition(".")
    required = pattern.required_decimals
    if len(fraction) > required:
        fraction = fraction[:required] + fraction[required:].rstrip("0")
    if whole == "0" and pattern.min_digits == 0:
        whole = ""
    whole = whole.zfill(pattern.min_digits) if whole else whole
    if pattern.grouping and whole:
        whole = f"{int(whole):,}"
    return pattern.prefix + whole + ("." + fraction if fraction else "") + pattern.suffix


def _from_serial(serial: float) -> datetime:
    return datetime(1899, 12, 30) + timedelta(days=serial)


def _era(day: date) -> tuple[str, str, int]:
    found = era_of_day(day)
    return ("", "", day.year) if found is None else (found[0].name, found[0].letter, found[1])


def _as_datetime(value: datetime | date | time | timedelta) -> datetime:
    """A workbook's date, time or duration as the moment Excel counts it from (1899-12-30)."""
    if isinstance(value, timedelta):
        value = _from_serial(value.total_seconds() / 86400)
    if isinstance(value, time):
        value = datetime.combine(date(1899, 12, 30), value)
    if not isinstance(value, datetime):
        value = datetime.combine(value, time())
    return value


def _format_date(value: datetime | date | time | timedelta, section: str) -> str:
    moment = _as_datetime(value)
    era = _era(moment.date())
    out: list[str] = []
    tokens = _tokens(_BRACKET.sub("", section))
    codes = "".join(t if is_code else "\0" for is_code, t in tokens)
    literal_iter = iter(t for is_code, t in tokens if not is_code)
    i = 0
    hour_seen = False
    while i < len(codes):
        if codes[i] == "\0":
            out.append(next(literal_iter))
            i += 1
            continue
        run = re.match(r"(?i)(y+|m+|d+|h+|s+|g+|e+|a+|.)", codes[i:])
        assert run is not None  # the pattern always matches one char
        token = run.group(0)
        i += len(token)
        hour_seen = hour_seen or token.lower().startswith("h")
        # m is minutes after an hour or before seconds, else the month.
        minutes = hour_seen or re.match(r"(?i)\W*s", codes[i:].replace("\0", "")) is not None
        out.append(_date_code(token, moment, era, minutes))
    return "".join(out)


def _date_code(token: str, moment: datetime, era: tuple[str, str, int], minutes: bool) -> str:
    """One date code of a number format (yyyy, m, dd, ggg, e, aaa…) for `moment`."""
    name, letter, era_year = era
    kind, width = token[0].lower(), len(token)

    def two_digits(number: int) -> str:
        return f"{number:02d}" if width == 2 else str(number)

    if kind == "y":
        return str(moment.year) if width > 2 else f"{moment.year % 100:02d}"
    numbers = {"d": moment.day, "h": moment.hour, "s": moment.second, "e": era_year}
    if kind == "m":
        return two_digits(moment.minute if minutes else moment.month)
    if kind in numbers:
        return two_digits(numbers[kind])
    if kind == "g":
        return name if width >= 3 else (name[0] if width == 2 else letter)
    if kind == "a":
        return _WEEKDAYS[moment.weekday()] + ("曜日" if width >= 4 else "")
    return token
