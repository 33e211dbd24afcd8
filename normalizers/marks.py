"""Flag marks (○ columns) and stated grades (Ａ：適切, ｃ)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from hyoka.normalizers.quantities import NA_MARKERS
from hyoka.normalizers.result import Parsed, failed, parsed
from hyoka.normalizers.text import fold

# Marks that tick a flag column; a blank cell is an unticked flag.
FLAG_MARKS = frozenset("○〇◯●✓✔☑レ")


def flag(text: str) -> Parsed[bool]:
    s = fold(text)
    if not s:
        return parsed(False)
    if s in FLAG_MARKS:
        return parsed(True)
    return failed(f"'{s}' is not a flag mark (○ 〇 ◯ ● ✓ レ) nor blank.")


@dataclass(frozen=True, slots=True)
class Grade:
    letter: str  # as stated: upper case for grades, lower case for judgements
    label: str | None


GRADE_LETTERS = "ABCDabcd"
_GRADE = re.compile(
    rf"(?P<letter>[{GRADE_LETTERS}])\s*(?:評価)?"
    r"(?:\s*:\s*(?P<colon>.+)|\s*\((?P<paren>[^()]+)\)|\s+(?P<spaced>[^A-Za-z0-9].*))?"
)


def grade(text: str) -> Parsed[Grade]:
    s = fold(text)
    if not s:
        return failed("The cell is blank: no grade stated.")
    if s in NA_MARKERS:
        return failed(f"'{text.strip()}' marks that no grade was given.")
    m = _GRADE.fullmatch(s)
    if m is None:
        return failed(f"'{s}' is not a grade (a letter A-D, or a-d for a judgement).")
    label = m.group("colon") or m.group("paren") or m.group("spaced")
    return parsed(Grade(m.group("letter"), label.strip() if label else None))
