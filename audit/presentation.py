"""How a finding reads to an auditor: numbers as printed, one meaning per status.

The engine writes a recomputation as an interval (`[3, 3]`, `[202, 203)`, several readings
joined by ` | `). An auditor reads a number: a point is shown as one number with thousands
separators, an interval only when its ends differ, in words (以上 / 未満).

Each engine status means one thing and is shown as its own finding; the engine's `ambiguous`
is shown by what decides it:
- `rounding`: the stated grade is one of the grades the printed rounding allows;
- `reading`: some readings of the inputs support the stated figure, others do not (several readings
  joined by ` | `, a wording of partial achievement, a digit OCR may have misread);
- `notation`: the same grade written in another letter case (C for c);
- `no_claim`: the statement is neutral wording and makes no claim to check.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from hyoka.audit.engine import PARTLY_REASON
from hyoka.audit.ocr_digits import OCR_REASON
from hyoka.audit.wording import number, range_words

INTERVAL = re.compile(r"^([\[(])\s*(-?[\d.e+\-]+|-?inf),\s*(-?[\d.e+\-]+|-?inf)\s*([\])])$")


@dataclass(frozen=True)
class Finding:
    """One way a statement can fail to be supported, as the report names and explains it."""

    name: str
    label: str  # on the page
    meaning: str  # the legend's sentence


FINDINGS = {
    "mismatch": Finding("mismatch", "不一致", "記載値・評価を印刷された根拠から再計算すると、どの丸めでも一致しない"),
    "rounding": Finding("rounding", "丸め次第", "印刷の丸めの範囲で、記載の評価になる値とならない値がある"),
    "reading": Finding("reading", "読み方次第", "根拠の読み方によって、記載と一致する場合としない場合がある"),
    "notation": Finding("notation", "表記違い", "評価は同じで、文字の表記（大文字・小文字）だけが規則と違う"),
    "no_claim": Finding("no_claim", "判断なし", "記載が中立的な表現で、再計算した結果を肯定も否定もしない"),
}


def interval(text: str) -> str:
    """An interval as the engine writes it, in the words an auditor reads; other text unchanged."""
    match = INTERVAL.match(text.strip())
    if not match:
        return text
    opening, low_text, high_text, closing = match.groups()
    return range_words(float(low_text), float(high_text), opening == "[", closing == "]")


def recomputation(text: str) -> str:
    """A recomputation: each reading of the inputs (joined by ` | `) as a number or an interval."""
    return " / ".join(interval(part) for part in text.split(" | ")) if text else ""


def grade_interval(low: float | None, high: float | None) -> str:
    """The interval a grade was graded on (its ends are closed/open as the rounding gave; shown as a range)."""
    if low is None or high is None or math.isnan(low) or math.isnan(high):
        return ""
    return number(low) if low == high else f"{number(low)}〜{number(high)}"


def finding_of(status: str, recomputed: str, detail: str = "") -> Finding | None:
    """The finding a flagged row stands for; None for a row that is not flagged."""
    if status in ("mismatch", "notation", "no_claim"):
        return FINDINGS[status]
    if status != "ambiguous":
        return None
    read = " | " in recomputed or any(reason in detail for reason in (PARTLY_REASON, OCR_REASON))
    return FINDINGS["reading" if read else "rounding"]
