"""Whether a total that fails on OCR'd figures may fail only because OCR misread one character.

OCR of a scanned page confuses a few glyphs that look alike at print size: 8 and 3, 0 and 6,
5 and 6, 1 and 7, and the thousands separator with a decimal point. When a printed total does
not equal the sum of its printed parts, and changing one such character in one of the figures
makes it equal, the finding is not evidence of an inconsistency in the document: it is
`ambiguous`, with the reading that would reconcile it as the reason. `hyoka.audit.engine` applies
this to every check whose figures carry the `ocr` flag, whatever its aggregate.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# Characters OCR confuses on scanned print, each way.
CONFUSABLE = {
    "8": "3",
    "3": "8",
    "0": "6",
    "6": "05",
    "5": "6",
    "1": "7",
    "7": "1",
    ".": ",",
    ",": ".",
}
# The wording every OCR reason starts with, so that a reader of the detail can tell it from rounding.
OCR_REASON = "OCRで読んだ数値"
_AMOUNT = re.compile(r"^[△▲-]?\d{1,3}(,\d{3})*(\.\d+)?$|^[△▲-]?\d+(\.\d+)?$")


@dataclass(frozen=True)
class Misreading:
    """One printed figure and the reading of it that makes the total hold."""

    printed: str
    reading: str
    is_total: bool

    def sentence(self) -> str:
        """Why the figures may agree after all, in the detail's words (OCR confuses 8/3, 0/6, 5/6, 1/7, ,/.)."""
        role = "記載" if self.is_total else "根拠"
        return f"{OCR_REASON}：{role}の{self.printed}が{self.reading}の読み違いなら合う"


def amount(text: str) -> Decimal | None:
    """A printed amount as a number (△ or ▲ or - is negative, commas group thousands); None if it is not one."""
    cleaned = "".join(text.split())
    if not _AMOUNT.match(cleaned):
        return None
    negative = cleaned[0] in "△▲-"
    try:
        value = Decimal(cleaned.lstrip("△▲-").replace(",", ""))
    except InvalidOperation:
        return None
    return -value if negative else value


def misreadings(text: str) -> Iterator[str]:
    """Every text differing from `text` by one confusable character."""
    for index, char in enumerate(text):
        for other in CONFUSABLE.get(char, ""):
            yield text[:index] + other + text[index + 1 :]


def digit_confusion(total: str, parts: Sequence[str]) -> list[Misreading]:
    """The single-character misreadings that would make `total` equal the sum of `parts`.

    Empty when the total already holds, when a figure is not a printed amount, or when no
    one-character OCR confusion explains the difference (then the mismatch stands).
    """
    stated = amount(total)
    values = [amount(part) for part in parts]
    if stated is None or any(value is None for value in values):
        return []
    summed = sum(value for value in values if value is not None)
    if summed == stated:
        return []
    found: list[Misreading] = []
    for reading in misreadings(total):
        if amount(reading) == summed:
            found.append(Misreading(total, reading, is_total=True))
    for index, part in enumerate(parts):
        rest = summed - (values[index] or 0)
        for reading in misreadings(part):
            value = amount(reading)
            if value is not None and rest + value == stated:
                found.append(Misreading(part, reading, is_total=False))
    return found
