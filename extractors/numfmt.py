"""A value as a spreadsheet prints it through its number format (the subset office suites use).

Covers sections (positive;negative;zero;text), quoted and escaped literals ("人", \\円),
colours and locale tags ([Red], [$-411]), digit placeholders (0 # ?), thousands separators
and scaling commas, percent, `General`, `@`, and dates with Japanese eras (ggge年m月d日).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

_BRACKET = re.compile(r"\[[^\]]*\]")
_DATE_CODES = re.compile(r"(?i)[ymdhsge]")
# (era name, short letter, first day), newest first.
_ERAS = (
    ("令和", "R", date(2019, 5, 1)),
    ("平成", "H", date(1989, 1, 8)),
    ("昭和", "S", date(1926, 12, 25)),
    ("大正", "T", date(1912, 7, 30)),
    ("明治", "M", date(1868, 1, 25)),
)
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
    section = _BRACKET.sub("", section)
    if _is_date_section(section):
        return _format_date(_from_serial(number), section)
    return sign + _format_number(number, section)


def _split_sections(fmt: str) -> list[str]:
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
    return sections


def _tokens(section: str) -> list[tuple[bool, str]]:
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
    return pieces


def _literals(section: str) -> str:
    return "".join(text for _, text in _tokens(_BRACKET.sub("", section)))


def _is_date_section(section: str) -> bool:
    codes = "".join(text for is_code, text in _tokens(section) if is_code)
    return bool(_DATE_CODES.search(codes)) and not re.search(r"[0#?]", codes) and "general" not in codes.lower()


def _general(number: float) -> str:
    if number == int(number) and abs(number) < 1e11:
        return str(int(number))
    return format(number, ".10g")


def _format_number(number: float, section: str) -> str:
    tokens = _tokens(section)
    codes = [i for i, (is_code, text) in enumerate(tokens) if is_code and text in "0#?.,"]
    if not codes:
        text = "".join(t for _, t in tokens)
        if re.search("(?i)general", text):
            return re.sub("(?i)general", lambda _: _general(number), text)
        return text  # a section of literals only, e.g. "-" for zero
    first, last = codes[0], codes[-1]
    pattern = "".join(tokens[i][1] for i in range(first, last + 1) if tokens[i][0])
    prefix = "".join(t for _, t in tokens[:first])
    suffix = "".join(t for _, t in tokens[last + 1 :])
    for _ in range(prefix.count("%") + suffix.count("%")):
        number *= 100
    scaled = pattern.rstrip(",")
    for _ in range(len(pattern) - len(scaled)):
        number /= 1000
    integer_part, _, decimal_part = scaled.partition(".")
    grouping = "," in integer_part
    required_decimals = decimal_part.count("0")
    decimals = len(decimal_part.replace(",", ""))
    rounded = Decimal(repr(number)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    whole, _, fraction = f"{rounded:f}".partition(".")
    if len(fraction) > required_decimals:
        fraction = fraction[:required_decimals] + fraction[required_decimals:].rstrip("0")
    min_digits = integer_part.count("0")
    if whole == "0" and min_digits == 0:
        whole = ""
    whole = whole.zfill(min_digits) if whole else whole
    if grouping and whole:
        whole = f"{int(whole):,}"
    return prefix + whole + ("." + fraction if fraction else "") + suffix


def _from_serial(serial: float) -> datetime:
    return datetime(1899, 12, 30) + timedelta(days=serial)


def _era(day: date) -> tuple[str, str, int]:
    for name, letter, start in _ERAS:
        if day >= start:
            return name, letter, day.year - start.year + 1
    return "", "", day.year


def _format_date(value: datetime | date | time | timedelta, section: str) -> str:
    if isinstance(value, timedelta):
        value = _from_serial(value.total_seconds() / 86400)
    if isinstance(value, time):
        value = datetime.combine(date(1899, 12, 30), value)
    if not isinstance(value, datetime):
        value = datetime.combine(value, time())
    name, letter, era_year = _era(value.date())
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
        lower = token.lower()
        i += len(token)
        if lower.startswith("y"):
            out.append(str(value.year) if len(token) > 2 else f"{value.year % 100:02d}")
        elif lower.startswith("m"):
            minutes = hour_seen or re.match(r"(?i)\W*s", codes[i:].replace("\0", ""))
            number = value.minute if minutes else value.month
            out.append(f"{number:02d}" if len(token) == 2 else str(number))
        elif lower.startswith("d"):
            out.append(f"{value.day:02d}" if len(token) == 2 else str(value.day))
        elif lower.startswith("h"):
            hour_seen = True
            out.append(f"{value.hour:02d}" if len(token) == 2 else str(value.hour))
        elif lower.startswith("s"):
            out.append(f"{value.second:02d}" if len(token) == 2 else str(value.second))
        elif lower.startswith("g"):
            out.append(name if len(token) >= 3 else (name[0] if len(token) == 2 else letter))
        elif lower.startswith("e"):
            out.append(f"{era_year:02d}" if len(token) == 2 else str(era_year))
        elif lower.startswith("a"):
            out.append(_WEEKDAYS[value.weekday()] + ("曜日" if len(token) >= 4 else ""))
        else:
            out.append(token)
    return "".join(out)
