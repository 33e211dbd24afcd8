"""Scoring hyoka's tables and the raw tools' cells against `samples/truth/`.

Matching rules (the numbers in results.md mean exactly this):
- Every text is compared after `hyoka.normalizers.text` (NFKC, whitespace, wrapped words re-joined);
  a blank, null or NaN is the empty string.
- Numbers are equal within a relative tolerance of 1e-6 (absolute 1e-9 near zero).
- A row of hyoka's output is matched one-to-one to a truth row with the same key whose
  value is the same; a row with the right key but another value is a false positive
  and leaves its truth row a false negative.
- The cells of a summary table the truth transcribes as printed (`PRINTED_INDICATOR_TABLES`, such as
  官民データ's RPA table in table_rpa.csv) are indicator values too, matched by the table and their name.
- A report printed as several documents (a workbook and its PDF print, a project list
  also issued as a workbook) is scored once: a truth row is found when any of its
  documents yields it, and a wrong row counts once even when several documents yield it.
- With nothing to find and nothing found, precision and recall are 1 (nothing was missed,
  nothing was wrong); the counts beside them tell the two cases apart.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from hyoka import normalizers

Row = Mapping[str, Any]
REL_TOL = 1e-6
ABS_TOL = 1e-9
FLAG_COLUMNS = ("flag_kanmin_data", "flag_sentan_gijutsu", "flag_leading")
# Audit statuses that claim the printed figures disagree (a neutral `no_claim` wording claims nothing).
FLAGGED = ("mismatch", "ambiguous", "notation")


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


@dataclass(frozen=True)
class PrintedIndicatorTable:
    """A summary table whose cells are indicator values, transcribed as printed in `table_<name>.csv`.

    One value per row and value column: named by the row's name cell and the column's printed header,
    its number in the column the transcriber parsed it into (blank where the cell prints no number).
    The truth gives no measure or year for these cells, so they are matched by table and name alone.
    """

    csv: str
    place: str  # the table's printed title, which hyoka writes as the value's place
    name_column: str
    value_columns: Mapping[str, str]  # printed header -> the transcriber's parsed number column

    def indicator_rows(self, rows: Iterable[Row]) -> list[dict[str, str]]:
        return [
            {
                "indicator_name": f"{row[self.name_column]} {printed}",
                "value": row[parsed],
                "value_text": row[printed],
                "place": self.place,
            }
            for row in rows
            for printed, parsed in self.value_columns.items()
        ]


PRINTED_INDICATOR_TABLES: dict[str, tuple[PrintedIndicatorTable, ...]] = {
    "yokohama_kanmin_data_status": (
        PrintedIndicatorTable(
            "table_rpa.csv",
            place="実証実験の対象業務と削減率",
            name_column="対象業務",
            value_columns={"年間想定削減時間": "saved_minutes", "想定削減率": "reduction_rate"},
        ),
    ),
}
_PRINTED_TABLE_PLACES = frozenset(t.place for tables in PRINTED_INDICATOR_TABLES.values() for t in tables)


def _indicator_key(row: Row) -> tuple[Any, ...]:
    place = norm_text(row.get("place"))
    if place in _PRINTED_TABLE_PLACES:
        return (place, squash(row.get("indicator_name")))
    return (norm_text(row.get("measure_key")), norm_year(row.get("fiscal_year")), norm_text(row.get("metric")))


INDICATOR_VALUES = TableSpec(
    "indicator_values",
    key=_indicator_key,
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


# ---------------------------------------------------------------- audit


def squash(value: Any) -> str:
    """A text with no whitespace at all (NFKC): for cells an edition wraps at other places."""
    return "".join(unicodedata.normalize("NFKC", norm_text(value)).split())


def plain(value: Any) -> Any:
    """A Parquet cell as a profile test sees it: lists for arrays, None for NaN and nulls."""
    if hasattr(value, "tolist"):
        return value.tolist()
    return None if is_blank(value) and not isinstance(value, str) else value


def where(row: Row) -> str:
    """Where an output row was read: sheet!cell or page and bounding box."""
    if row.get("sheet"):
        return f"{row['sheet']}!{row.get('cell')}"
    bbox = row.get("bbox")
    box = " [" + ", ".join(f"{b:.0f}" for b in bbox) + "]" if bbox is not None and len(bbox) else ""
    return f"p{row.get('page')}{box}"


@dataclass
class AuditResult:
    inconsistencies: int
    found: int
    missed: list[dict[str, Any]]
    false_alarms: list[dict[str, Any]]


def finding_id(row: Row) -> str:
    if row.get("check_id"):
        return str(row["check_id"])
    return ":".join(str(row.get(k)) for k in ("grade_type", "measure_key", "fiscal_year", "place"))


def score_audit(
    inconsistencies: Sequence[Row],
    flagged: Sequence[Row],
    explains: Callable[[Row, Row], bool],
    tolerated: Callable[[Row], bool],
) -> AuditResult:
    """An inconsistency is found when some flagged finding explains it; a flagged finding that explains
    none and that the truth does not tolerate is a false alarm. Not one-to-one: one check may carry two
    of the transcriber's inconsistencies (a grade wrong in the list and on the detail page)."""
    found = [i for i in inconsistencies if any(explains(i, row) for row in flagged)]
    alarms = [r for r in flagged if not any(explains(i, r) for i in inconsistencies) and not tolerated(r)]
    return AuditResult(
        inconsistencies=len(inconsistencies),
        found=len(found),
        missed=[
            {k: i.get(k) for k in ("kind", "scope", "stated", "expected")} for i in inconsistencies if i not in found
        ],
        false_alarms=[
            {
                "id": finding_id(r),
                "status": r.get("status"),
                "stated": r.get("stated") or r.get("stated_grade"),
                "recomputed": r.get("recomputed") or r.get("recomputed_grade"),
                "detail": r.get("detail"),
                "where": where(r),
            }
            for r in alarms
        ],
    )


class AuditRules:
    """Which flagged finding explains which of a series' known inconsistencies, as its profile test
    (tests/profiles/test_<series>.py) decides; subclasses are the series."""

    def explains(self, inconsistency: Row, finding: Row) -> bool:
        raise NotImplementedError

    def tolerated(self, finding: Row) -> bool:
        """A flagged finding the truth does not list but the profile test accepts."""
        return False


class YokohamaReviewAudit(AuditRules):
    def explains(self, t: Row, row: Row) -> bool:
        from_check = row.get("check_id") is not None
        kind, key = t["kind"], t["measure_key"]
        found = row["kind"] if from_check else "grade"
        if from_check:
            parts = row["check_id"].split(":")
            measure = parts[2] if row["kind"] == "stated_value" else parts[1] if len(parts) > 1 else None
        else:
            measure = row["measure_key"]
        same_measure = measure == key
        if kind == "summary_count":
            return found == "summary_count" and squash(row["scope"]) == squash(t["scope"])
        if kind == "summary_sum":
            return found == "summary_sum" and row["scope"].split(" / ")[-1] == t["scope"].split(" / ")[-1]
        if kind == "narrative_count":
            return found == "narrative_count"
        if kind == "list_vs_detail":
            return found == "rate_list_vs_detail" and same_measure
        if kind == "mean_mismatch":
            place = "detail" if "detail sheet" in t["scope"] else "list"
            return found == "stated_value" and same_measure and row.get("place") == place
        if kind == "rate_vs_indicators":
            return found == "rate_vs_indicators" and same_measure
        if kind == "title_mismatch":
            return found.startswith("title_") and same_measure
        if kind == "measure_not_in_list":
            return found == "measure_not_in_list" or (found == "measure_in_list" and same_measure)
        if kind == "flag_vs_relisted":
            flag_name = "flag_kanmin_data" if "官民データ" in t["scope"] else "flag_sentan_gijutsu"
            return found == "flag_vs_relisted" and same_measure and row["check_id"].endswith(flag_name)
        if kind == "grade_mismatch":
            return found == "grade" and same_measure and row.get("place") == "list"
        return False

    def tolerated(self, row: Row) -> bool:
        # truth README: 施策 23's 90% average sits on a band edge, so its grade is ambiguous by design.
        return row.get("grade_type") == "mid_term" and row.get("status") == "ambiguous" and row["measure_key"] == "23"


class YokohamaKanminAudit(AuditRules):
    def explains(self, t: Row, row: Row) -> bool:
        if row.get("kind") != t["kind"]:
            return False
        scope = squash(row["scope"])
        named = [squash(t["scope"]), squash(t["stated"])]
        quoted = [squash(q) for q in re.findall(r"「([^」]+)」", t["description"])]
        return any(n and n in scope for n in named) or any(q in squash(row["check_id"]) for q in quoted)


class HokkaidoAudit(AuditRules):
    def explains(self, t: Row, row: Row) -> bool:
        kind, scope = t["kind"], t["scope"]
        if kind == "judgement_notation":
            return row.get("kind") == "judgement_notation"
        if kind == "full_cost":
            measure = re.search(r"\d{4}", scope)
            return (
                measure is not None
                and row.get("kind") in ("full_cost", "typed_constant")
                and measure.group() in row["check_id"]
            )
        if kind == "achievement_level":
            stated_year = normalizers.fiscal_year(scope.split()[-1]).value
            return row.get("grade_type") == "achievement_level" and row.get("fiscal_year") == stated_year
        return False


PID = re.compile(r"[一-龥ぁ-んァ-ヶー]+\d+(?:[-/][0-9A-Za-z]+)+")
SCOPE_YEAR = re.compile(r"\((\d{4})\)")


class SaseboAudit(AuditRules):
    def explains(self, t: Row, row: Row) -> bool:
        kind = row.get("kind") or row.get("grade_type")
        kinds = {"duplicate_id": {"duplicate_id", "duplicate_roadmap_id"}}.get(t["kind"], {t["kind"]})
        if kind not in kinds:
            return False
        words = " ".join((t["scope"], t["stated"], t["expected"]))
        pids, years = PID.findall(words), SCOPE_YEAR.findall(t["scope"])
        check_id = row.get("check_id") or ""
        return (not pids or any(pid in check_id for pid in pids)) and all(y in check_id for y in years)


class TokorozawaAudit(AuditRules):
    def explains(self, t: Row, row: Row) -> bool:
        kind = t["kind"]
        key = t.get("measure_key") or None
        if not key:
            m = re.match(r"P\.(\d+)", t["scope"])
            key = m.group(1) if m else None
        if row.get("check_id") is None:
            return kind == "grade_mismatch" and row["measure_key"] == key and row["grade_type"] in t["scope"]
        check_key = row["check_id"].split(":")[1] if ":" in row["check_id"] else None
        if kind == "narrative_total_mismatch":
            return row["kind"] == "narrative_total" and row["stated"] in re.findall(r"\d+", t["stated"])
        if kind == "grade_mismatch":
            return row["kind"] == "grade_cross_reference" and check_key == key
        kinds = {
            "department_mismatch": "department_cross_reference",
            "name_mismatch": "name_cross_reference",
            "settlement_exceeds_budget": "settlement_exceeds_budget",
            "fiscal_year_header": "fiscal_year_header",
        }
        if row["kind"] != kinds.get(kind) or check_key != key:
            return False
        return kind != "settlement_exceeds_budget" or row["stated"] == t["stated"]


AUDIT_RULES: dict[str, AuditRules] = {
    "yokohama_action_plan_review": YokohamaReviewAudit(),
    "yokohama_kanmin_data_status": YokohamaKanminAudit(),
    "hokkaido_basic_evaluation": HokkaidoAudit(),
    "sasebo_dx_action_plan": SaseboAudit(),
    "tokorozawa_ict_action_plan": TokorozawaAudit(),
}


def cell_texts(cells: Iterable[Any]) -> set[str]:
    """The distinct normalised, non-blank texts of some cells."""
    return {t for t in (norm_text(c) for c in cells) if t}


def cell_recall(truth_cells: set[str], tool_cells: set[str]) -> tuple[int, int]:
    """(truth cells that appear as one whole cell of the tool's output, truth cells)."""
    return len(truth_cells & tool_cells), len(truth_cells)
