"""Scoring hyoka's tables and the raw tools' cells against `samples/truth/`.

Matching rules (the numbers in results.md mean exactly this):
- Every text is compared after `normalizers.text` (NFKC, whitespace, wrapped words re-joined);
  a blank, null or NaN is the empty string.
- Numbers are equal within a relative tolerance of 1e-6 (absolute 1e-9 near zero).
- A row of hyoka's output is matched one-to-one to a truth row with the same key whose
  value is the same; a row with the right key but another value is a false positive
  and leaves its truth row a false negative.
- A report printed as several documents (a workbook and its PDF print, a project list
  also issued as a workbook) is scored once: a truth row is found when any of its
  documents yields it, and a wrong row counts once even when several documents yield it.
- With nothing to find and nothing found, precision and recall are 1 (nothing was missed,
  nothing was wrong); the counts beside them tell the two cases apart.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import normalizers

Row = Mapping[str, Any]
REL_TOL = 1e-6
ABS_TOL = 1e-9
FLAG_COLUMNS = ("flag_kanmin_data", "flag_sentan_gijutsu", "flag_leading")


def is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


@lru_cache(maxsize=200_000)
def _text(value: str) -> str:
    return normalizers.text(value).value or ""


def norm_text(value: Any) -> str:
    """The contract's text form of a value; '' for blank."""
    return "" if is_blank(value) else _text(str(value))


def norm_number(value: Any) -> float | None:
    if is_blank(value):
        return None
    try:
        return float(str(value).replace(",", ""))
    except ValueError:
        return None


def norm_year(value: Any) -> int | None:
    number = norm_number(value)
    return None if number is None else int(number)


def norm_flag(value: Any) -> bool | None:
    """Truth writes `true`/`false`; hyoka's Parquet holds booleans or nulls."""
    if is_blank(value):
        return None
    if isinstance(value, str):
        return {"true": True, "false": False}.get(value.strip().lower())
    return bool(value)


def norm_names(value: Any) -> tuple[str, ...]:
    """A list of names (truth joins them with ' | '), order ignored."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ()
    items = value.split("|") if isinstance(value, str) else list(value)
    return tuple(sorted(t for t in (norm_text(item) for item in items) if t))


def same_value(a: Any, b: Any) -> bool:
    """Equality with the numeric tolerance for floats."""
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=ABS_TOL)
    return a == b


def same_values(a: Sequence[Any], b: Sequence[Any]) -> bool:
    return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b, strict=True))


@dataclass(frozen=True)
class Score:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass(frozen=True)
class TableSpec:
    """How one contract table is matched: a key that must be equal, and a value compared by `same`."""

    name: str
    key: Callable[[Row], tuple[Any, ...]]
    value: Callable[[Row], tuple[Any, ...]]
    same: Callable[[tuple[Any, ...], tuple[Any, ...]], bool] = same_values


def _number_or_text(row: Row) -> float | str:
    """An indicator's value: the number where one is printed, else the printed text (or NA marker)."""
    number = norm_number(row.get("value"))
    if number is not None:
        return number
    return norm_text(row.get("value_text")) or norm_text(row.get("na_marker"))


def _same_indicator_value(truth: tuple[Any, ...], found: tuple[Any, ...]) -> bool:
    # The indicator is recognised by its key or by its name: the truth's keys are the
    # transcriber's, so a profile naming the indicator as printed is right too.
    (t_key, t_name, t_value), (f_key, f_name, f_value) = truth, found
    same_indicator = (t_key != "" and t_key == f_key) or (t_name != "" and t_name == f_name)
    return same_indicator and same_value(t_value, f_value)


MEASURES = TableSpec(
    "measures",
    key=lambda r: (norm_text(r.get("measure_key")),),
    value=lambda r: (
        norm_text(r.get("title")),
        norm_text(r.get("group_name")),
        norm_names(r.get("departments")),
        norm_names(r.get("divisions")),
        *(norm_flag(r.get(column)) for column in FLAG_COLUMNS),
    ),
)
INDICATOR_VALUES = TableSpec(
    "indicator_values",
    key=lambda r: (norm_text(r.get("measure_key")), norm_year(r.get("fiscal_year")), norm_text(r.get("metric"))),
    value=lambda r: (norm_text(r.get("indicator_key")), norm_text(r.get("indicator_name")), _number_or_text(r)),
    same=_same_indicator_value,
)
BUDGETS = TableSpec(
    "budgets",
    key=lambda r: (norm_text(r.get("measure_key")), norm_year(r.get("fiscal_year")), norm_text(r.get("item"))),
    value=lambda r: (norm_number(r.get("amount")), norm_text(r.get("unit"))),
)
GRADES = TableSpec(
    "grades",
    key=lambda r: (norm_text(r.get("measure_key")), norm_text(r.get("grade_type")), norm_year(r.get("fiscal_year"))),
    value=lambda r: (norm_text(r.get("stated_grade")), norm_number(r.get("stated_value"))),
)
FLAGS = TableSpec(
    "flags",
    key=lambda r: (norm_text(r.get("measure_key")), r["flag"]),
    value=lambda r: (r["value"],),
)
TABLES = (MEASURES, INDICATOR_VALUES, BUDGETS, GRADES, FLAGS)


def flag_rows(measures: Iterable[Row]) -> list[dict[str, Any]]:
    """One row per stated flag of a measure (a null flag is a column the document does not have)."""
    rows = []
    for measure in measures:
        for column in FLAG_COLUMNS:
            value = norm_flag(measure.get(column))
            if value is not None:
                rows.append({"measure_key": measure.get("measure_key"), "flag": column, "value": value})
    return rows


def match_rows(truth: Sequence[Row], found: Sequence[Row], spec: TableSpec) -> tuple[set[int], list[int]]:
    """Greedy one-to-one matching: (indices of matched truth rows, indices of unmatched found rows)."""
    open_truth: dict[tuple[Any, ...], list[tuple[int, tuple[Any, ...]]]] = {}
    for i, row in enumerate(truth):
        open_truth.setdefault(spec.key(row), []).append((i, spec.value(row)))
    matched: set[int] = set()
    unmatched: list[int] = []
    for j, row in enumerate(found):
        candidates = open_truth.get(spec.key(row), [])
        value = spec.value(row)
        hit = next((k for k, (_, t_value) in enumerate(candidates) if spec.same(t_value, value)), None)
        if hit is None:
            unmatched.append(j)
        else:
            matched.add(candidates.pop(hit)[0])
    return matched, unmatched


@dataclass(frozen=True)
class Comparison:
    score: Score
    missed: list[int]  # truth rows no document yielded
    wrong: list[tuple[Any, ...]]  # (key, value) of the output rows that match no truth row


def compare_report(truth: Sequence[Row], found_by_document: Sequence[Sequence[Row]], spec: TableSpec) -> Comparison:
    """One report's table compared over all the documents that print it (see module doc)."""
    matched: set[int] = set()
    wrong: Counter[tuple[Any, ...]] = Counter()
    for found in found_by_document:
        hits, misses = match_rows(truth, found, spec)
        matched |= hits
        # Counter union keeps the larger count: the same wrong row from two prints counts once.
        wrong |= Counter((spec.key(found[j]), spec.value(found[j])) for j in misses)
    score = Score(tp=len(matched), fp=sum(wrong.values()), fn=len(truth) - len(matched))
    return Comparison(score, [i for i in range(len(truth)) if i not in matched], list(wrong.elements()))


def score_report(truth: Sequence[Row], found_by_document: Sequence[Sequence[Row]], spec: TableSpec) -> Score:
    return compare_report(truth, found_by_document, spec).score


# Words of a scope: split on spaces and punctuation; only words with a Japanese character
# or a digit count, so that the transcriber's English glue ("vs", "and") is not required.
_SCOPE_SPLIT = re.compile(r"[\s/:;,、。・()（）「」『』【】\[\]]+")
_MEANINGFUL = re.compile(r"[0-9\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
MIN_SCOPE_SHARE = 0.5


def scope_words(scope: str) -> list[str]:
    return [w for w in _SCOPE_SPLIT.split(norm_text(scope)) if w and _MEANINGFUL.search(w)]


def scope_share(expected_scope: str, finding_text: str) -> float:
    """Share of the expected scope's words that occur in the finding's scope and detail.

    A word occurs where it is part of the text; a bare number ("1", "2") only as a whole
    word, or it would occur almost anywhere.
    """
    words = scope_words(expected_scope)
    text = norm_text(finding_text)
    whole_words = set(scope_words(finding_text))
    present = sum(1 for w in words if (w in whole_words if w.isdigit() else w in text))
    return present / len(words) if words else 0.0


@dataclass(frozen=True)
class AuditScore:
    found: list[tuple[int, int]]  # (expected index, finding index)
    missed: list[int]
    false_alarms: list[int]

    def as_dict(self) -> dict[str, int]:
        return {"found": len(self.found), "missed": len(self.missed), "false_alarms": len(self.false_alarms)}


def finding_kinds(finding: Row) -> set[str]:
    """A finding's kinds: a check has one `kind`; a grade answers to its `rule` and its `grade_type`."""
    kinds = finding.get("kind")
    values = [kinds] if isinstance(kinds, str) else list(kinds or ())
    return {norm_text(k) for k in values} - {""}


def match_findings(expected: Sequence[Row], findings: Sequence[Row]) -> AuditScore:
    """Audit findings vs known inconsistencies: same `kind`, and at least half of the expected
    scope's words in the finding's scope or detail; best pairs first, one-to-one, an equal
    `stated` breaking ties."""
    pairs = []
    for i, inconsistency in enumerate(expected):
        for j, finding in enumerate(findings):
            if norm_text(inconsistency.get("kind")) not in finding_kinds(finding):
                continue
            share = scope_share(
                str(inconsistency.get("scope") or ""), f"{finding.get('scope') or ''} {finding.get('detail') or ''}"
            )
            if share >= MIN_SCOPE_SHARE:
                same_stated = norm_text(inconsistency.get("stated")) == norm_text(finding.get("stated"))
                pairs.append((share + (1.0 if same_stated else 0.0), i, j))
    found: list[tuple[int, int]] = []
    used_expected: set[int] = set()
    used_findings: set[int] = set()
    for _, i, j in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        if i not in used_expected and j not in used_findings:
            found.append((i, j))
            used_expected.add(i)
            used_findings.add(j)
    return AuditScore(
        found=sorted(found),
        missed=[i for i in range(len(expected)) if i not in used_expected],
        false_alarms=[j for j in range(len(findings)) if j not in used_findings],
    )


def cell_texts(cells: Iterable[Any]) -> set[str]:
    """The distinct normalised, non-blank texts of some cells."""
    return {t for t in (norm_text(c) for c in cells) if t}


def cell_recall(truth_cells: set[str], tool_cells: set[str]) -> tuple[int, int]:
    """(truth cells that appear as one whole cell of the tool's output, truth cells)."""
    return len(truth_cells & tool_cells), len(truth_cells)
