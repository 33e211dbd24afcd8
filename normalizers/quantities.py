"""Quantities: value, unit, qualifiers and NA marker from a printed cell."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache

from hyoka.normalizers.result import Parsed, failed, parsed
from hyoka.normalizers.text import CIRCLED_NUMBERS, fold
from hyoka.normalizers.units import COUNTERS, NAME_UNITS, PERIODS, SCALES, UNIT_PATTERN, UNITS, Unit


@dataclass(frozen=True, slots=True)
class Part:
    """One labelled value of a cell that holds several ('①20人', 'LIP.横浜: 302件')."""

    label: str | None
    quantity: Quantity


@dataclass(frozen=True, slots=True)
class Quantity:
    value: float | None
    unit: str | None
    qualifiers: tuple[str, ...] = ()
    na_marker: str | None = None
    parts: tuple[Part, ...] = ()
    # The period of a rate as printed after a slash ('年度' in '105 回程度／年度'); None if no rate.
    per: str | None = None


# Printed where a value is missing (after folding: －, —, ― and a lone ー are all '-').
NA_MARKERS = frozenset({"-", "--", "/", "…", "...", "‥", "..", "_"})
PREFIX_QUALIFIERS = ("延べ", "延", "約", "累計", "概ね", "おおむね", "最大", "最小", "計", "合計")
SUFFIX_QUALIFIERS = (
    "以上",
    "以下",
    "以内",
    "未満",
    "超",
    "程度",
    "前後",
    "強",
    "弱",
    "余",
    "累計",
    # A change rather than a level ('1.5%増', '50%削減').
    "増",
    "増加",
    "減",
    "減少",
    "削減",
)
BRACKETED_QUALIFIERS = ("累計", "見込", "見込み", "予定", "暫定", "速報", "速報値", "概算", "延べ")


def _alternatives(words: tuple[str, ...]) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


_POST = (
    rf"(?:\s*(?:{_alternatives(SUFFIX_QUALIFIERS)})"
    rf"|\s*\(\s*(?:{_alternatives(BRACKETED_QUALIFIERS)})\s*\))*"
)
_NUMBER = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
_QTY = (
    rf"(?P<pre>(?:(?:{_alternatives(PREFIX_QUALIFIERS)})\s*)*)"
    r"(?P<sign>[△▲]\s*|[-+])?"
    rf"(?P<num>{_NUMBER})"
    rf"(?:\s*(?P<scale>{_alternatives(tuple(SCALES))}))?"
    rf"(?:\s*(?P<unit>{UNIT_PATTERN})|\s*\(\s*(?P<punit>{UNIT_PATTERN})\s*\))?"
    r"(?:\s*(?P<minutes>[0-9]{1,2})\s*分)?"
    rf"(?P<post>{_POST})"
    rf"(?:\s*/\s*(?P<per>{_alternatives(PERIODS)})(?P<post_per>{_POST}))?"
    r"(?P<note>\s*[*※]\s*[0-9]*)?"
)
_SINGLE = re.compile(_QTY)
_CIRCLED = "".join(sorted(CIRCLED_NUMBERS))
# A list marker ('①', '(1)') or a label and a colon before each value.
_PART = re.compile(
    rf"(?:(?P<circled>[{_CIRCLED}])\s*|\((?P<listed>[0-9]{{1,2}})\)\s*|(?P<label>[^:{_CIRCLED}]+?)\s*:\s*)?{_QTY}"
)
# A figure in brackets after the value, or alone: '16件(84%)', '15 (累計 70 システム集約)', '(84%)'.
_ASIDE = re.compile(r"(?P<main>[^()]*?)\s*\((?P<inner>[^()]*[0-9][^()]*)\)")
_ASIDE_INNER = re.compile(rf"(?P<before>[^0-9]*?)\s*{_QTY}\s*(?P<after>[^0-9]*)")
_PART_GAP = re.compile(r"\s+|\s*、\s*")
# A label printed straight before its value: 申請手続数125件以上 (Japanese words, no digits).
_GLUED = re.compile(r"(?P<label>[\u3040-\u30ff\u4e00-\u9fff々]{2,}?)\s*" + _QTY)
_ERA_NAMES = ("明治", "大正", "昭和", "平成", "令和")
_NA = re.compile(r"(?P<marker>.+?)(?P<note>\s*[*※]\s*[0-9]*)?")
_NUMBERISH = re.compile(r"[\s0-9,.\-+△▲%円千万億]*[0-9][\s0-9,.\-+△▲%円千万億]*")


@cache
def _vocabulary(words: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern per vocabulary, built once (it is read for every quantity)."""
    return re.compile(_alternatives(words))


def _words(found: str, vocabulary: tuple[str, ...]) -> list[str]:
    return _vocabulary(vocabulary).findall(found) if found else []


def _from_match(m: re.Match[str]) -> tuple[Decimal, Unit | None, tuple[str, ...]]:
    value = Decimal(m.group("num").replace(",", ""))
    unit = UNITS.get(m.group("unit") or m.group("punit") or "")
    if m.group("minutes") is not None:
        if unit is None or unit.printed != "時間":
            raise _Unreadable(f"'{m.group(0)}' has minutes without hours.")
        value = value * 60 + Decimal(m.group("minutes"))
        unit = UNITS["分"]
    elif unit is not None:
        value *= Decimal(str(unit.factor))
    if m.group("scale"):
        value *= Decimal(str(SCALES[m.group("scale")]))
    if m.group("sign") and m.group("sign").strip() in "△▲-":
        value = -value
    qualifiers = _words(m.group("pre"), PREFIX_QUALIFIERS)
    qualifiers += _words(m.group("post"), SUFFIX_QUALIFIERS + BRACKETED_QUALIFIERS)
    qualifiers += _words(m.group("post_per") or "", SUFFIX_QUALIFIERS + BRACKETED_QUALIFIERS)
    if m.group("note"):
        qualifiers.append(re.sub(r"\s+", "", m.group("note")))
    return value, unit, tuple(dict.fromkeys(qualifiers))


class _Unreadable(ValueError):
    pass


def _quantity(m: re.Match[str], hint: Unit | None) -> Quantity:
    value, unit, qualifiers = _from_match(m)
    # The cell's own unit wins where it scales to the column's ('8割' in a % column).
    if unit is not None and hint is not None and unit.unit != hint.unit:
        raise _Unreadable(f"The cell prints '{unit.printed}' but the column's unit is '{hint.printed}'.")
    if unit is None and hint is not None:
        unit = hint
        value *= Decimal(str(hint.factor))
    return Quantity(float(value), unit.unit if unit else None, qualifiers, per=m.group("per"))


def _parts(s: str, hint: Unit | None) -> list[Part] | None:
    parts: list[Part] = []
    pos = 0
    while pos < len(s):
        if parts:
            gap = _PART_GAP.match(s, pos)
            if gap is None:
                return None
            pos = gap.end()
        m = _PART.match(s, pos)
        if m is None or m.end() == pos:
            return None
        listed = f"({m.group('listed')})" if m.group("listed") else None
        label = m.group("circled") or listed or (m.group("label") or "").strip() or None
        parts.append(Part(label, _quantity(m, hint)))
        pos = m.end()
    return parts


def _combined(parts: list[Part]) -> Quantity:
    if len(parts) == 1:
        return replace(parts[0].quantity, parts=tuple(parts))
    units = {p.quantity.unit for p in parts}
    return Quantity(None, units.pop() if len(units) == 1 else None, (), None, tuple(parts))


def _with_aside(s: str, hint: Unit | None) -> Quantity | None:
    """A value with a bracketed figure after it, or a bracketed figure alone.

    The value is the main figure; `parts` holds it (label None) and the aside, labelled
    with its brackets and the words in them other than the figure: '()', '(集約)'.
    """
    aside = _ASIDE.fullmatch(s)
    if aside is None:
        return None
    inner = _ASIDE_INNER.fullmatch(aside.group("inner").strip())
    if inner is None:
        return None
    words = " ".join(w for w in (inner.group("before").strip(), inner.group("after").strip()) if w)
    side = Part(f"({words})", _quantity(inner, None))
    if not aside.group("main"):
        # A bare '(1)' alone is a list marker, not a figure.
        printed_unit = inner.group("unit") or inner.group("punit") or inner.group("scale")
        return _combined([side]) if printed_unit or side.quantity.qualifiers else None
    main = _SINGLE.fullmatch(aside.group("main"))
    if main is None:
        return None
    value = _quantity(main, hint)
    return replace(value, parts=(Part(None, value), side))


def unit_of(hint: str) -> Unit | None:
    """The unit a column header states: '千円', '(千円)', '事業費(千円)', '%'."""
    s = fold(hint)
    if s in UNITS:
        return UNITS[s]
    m = re.search(rf"\(\s*({UNIT_PATTERN})\s*\)", s)
    return UNITS[m.group(1)] if m else None


_NAME_NOTE = re.compile(r"\s*\([^()]*\)\s*")


def unit_from_name(name: str) -> Parsed[str]:
    """The unit an indicator's name gives its figures ('件数' -> 件, '農家数' -> 戸,
    '手続き数' -> 手続き, '利用率' -> %), usable as `quantity(..., unit_hint=)`.

    Bracketed notes ('(施策3)', '(窓口)') are read past; a bracketed unit counts where the
    words name none ('事業費(千円)'). No guess: a name that names no unit gives a reason.
    """
    s = fold(name)
    base = _NAME_NOTE.sub("", s).strip()
    for suffix in sorted(NAME_UNITS, key=len, reverse=True):
        if base.endswith(suffix):
            return parsed(NAME_UNITS[suffix])
    counted = base.removesuffix("数")
    if counted != base:
        for counter in sorted(COUNTERS, key=len, reverse=True):
            if counted.endswith(counter):
                return parsed(counter)
    # Only now a bracket: '(窓口)' in '決済利用率(窓口)' is a note, '(千円)' in '事業費(千円)' a unit.
    printed = unit_of(s)
    if printed is not None:
        return parsed(printed.printed)
    if base.endswith("%"):
        return parsed("%")
    return failed(f"'{s}' does not say what its figures count.")


def quantity(text: str, *, unit_hint: str | None = None) -> Parsed[Quantity]:
    """Read one cell. Text results ('完了') give a Quantity with value None and no reason."""
    hint = None
    if unit_hint is not None:
        hint = unit_of(unit_hint)
        if hint is None:
            return failed(f"'{unit_hint}' is not a unit I know (e.g. 千円, %, 件, 人工).")
    s = fold(text)
    hint_unit = hint.unit if hint else None
    if not s:
        return parsed(Quantity(None, hint_unit, (), ""))
    na = _NA.fullmatch(s)
    if na is not None and na.group("marker").strip() in NA_MARKERS:
        note = re.sub(r"\s+", "", na.group("note") or "")
        printed = text.strip()
        marker = printed[: len(printed) - len(note)].strip() if note else printed
        return parsed(Quantity(None, hint_unit, (note,) if note else (), marker))
    try:
        if (m := _SINGLE.fullmatch(s)) is not None:
            return parsed(_quantity(m, hint))
        g = _GLUED.fullmatch(s)
        if (
            g is not None
            and not g.group("label").endswith(_ERA_NAMES)
            and (g.group("unit") or g.group("punit") or g.group("post") or g.group("scale") or g.group("per"))
        ):
            return parsed(_combined([Part(g.group("label"), _quantity(g, hint))]))
        if (with_aside := _with_aside(s, hint)) is not None:
            return parsed(with_aside)
        if (parts := _parts(s, hint)) is not None:
            return parsed(_combined(parts))
    except _Unreadable as e:
        return failed(str(e))
    if _NUMBERISH.fullmatch(s):
        return failed(f"'{s}' looks like a number but does not read as one.")
    return parsed(Quantity(None, None))


def typed_precision(printed_text: str, typed: float) -> str:
    """The printed text of a number typed into a workbook, less the zeros its number format pads it with.

    A number typed as 1.23 under `0.0%` prints 123.0%: its author wrote 123%, so a figure recomputed to
    122.8% agrees with it. Only typed numbers: a formula's value keeps every digit, and its printed
    decimals are its precision. Zeros that are digits of the typed value itself stay.
    """
    padded = re.search(r"\.(\d*?)(0+)(?=\D*$)", printed_text)
    shown = quantity(printed_text).value
    printed_number = shown.value if shown is not None else None
    if padded is None or printed_number is None or (typed and not printed_number):
        return printed_text
    kept = padded.group(1)
    # The typed value at the printed scale (×100 under %, ÷1000 under a scaling comma…).
    ratio = abs(printed_number / typed) if typed else 1.0
    scaled = typed * 10 ** round(math.log10(ratio))
    if abs(scaled - round(scaled, len(kept))) > 1e-9 * max(1.0, abs(scaled)):
        return printed_text  # the printed zeros are digits of the value itself
    return printed_text[: padded.start()] + ("." + kept if kept else "") + printed_text[padded.end() :]
