"""The unit of an indicator's figures read from the indicator's name, as a spec declares it (`indicator_units`):
a rate is counted in %, any other indicator in the counter word its name ends with (利用者数 → 人), or one its
formula names, else the series' default counter. For series whose figures print no unit of their own."""

from __future__ import annotations

import re
from collections.abc import Iterable

from hyoka.specs.schema import IndicatorUnits
from hyoka.specs.tables import plain

# A bracketed note of a name (導入公園率(%), 申請件数（累計）) is no part of the name's ending.
BRACKETED = re.compile(r"[(（][^)）]*[)）]")


def unit_of_indicator(
    units: IndicatorUnits | None, name: str, printed: Iterable[str] = (), formula: str = ""
) -> str | None:
    """The unit of the indicator `name`: % for a rate (a rate word in the name without its notes, a rate mark
    anywhere in it, or a figure printed with %), else the longest counter ending the name, else a formula
    counter its formula prints (for a name ending in the formula counter's last character), else the default
    counter; None for an empty name, or when the series declares no units."""
    if units is None:
        return None
    whole = plain(name)
    base = BRACKETED.sub("", whole)
    if any(w in base for w in units.rate_words) or any(m in whole for m in units.rate_marks):
        return "%"
    if any("%" in plain(text) for text in printed):
        return "%"
    for word in sorted(units.counters, key=len, reverse=True):
        if base.endswith(word):
            return units.counters[word]
    for word in units.formula_counters:
        if word in plain(formula) and base.endswith(word[-1]):
            return units.counters[word]
    return units.default if base else None
