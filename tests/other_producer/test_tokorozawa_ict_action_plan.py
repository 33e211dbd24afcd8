"""所沢市 ICT推進アクションプラン as another producer printed it, through the real pipeline, against the facts a
person wrote down from that PDF (`tests/data/other-producer/facts/tokorozawa_ict_action_plan/`, read here directly).

Every system, amount, grade and summary figure the facts list must come out; every listed finding must be
flagged; and nothing else may be flagged but what the facts themselves record (a detail sheet printing a system's
name otherwise, in the system's note).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from hyoka.schemas.tables import FLAGGED
from tests.support.ingested import Ingested as IngestedDocument
from tests.support.ingested import ingest_one

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "other-producer"
REPORT = "tokorozawa_ict_action_plan"
FACTS = DATA / "facts" / REPORT
# The grade columns of systems.csv: (grade_type, place) of hyoka's grade rows.
GRADE_COLUMNS = {
    "grade_r1": ("r1", "reference"),
    "grade_r2": ("r2", "reference"),
    "grade_r3": ("r3_progress", "reference"),
    "grade_final": ("final", "reference"),
    "grade_r3_list": ("r3_progress", "list"),
    "grade_final_list": ("final", "list"),
    "grade_r3_detail": ("r3_progress", "sheet"),
    "grade_final_detail": ("final", "sheet"),
}
# summary_counts.csv: the table a row is from -> the grade it summarises.
SUMMARY_GRADES = {"3-1": "r3_progress", "3-2": "final"}
LETTER_COLUMNS = {"A": ("a_count", "a_pct_stated"), "B": ("b_count", "b_pct_stated"),
                  "C": ("c_count", "c_pct_stated"), "D": ("d_count", "d_pct_stated")}  # fmt: skip


def facts(name: str) -> list[dict[str, str]]:
    with (FACTS / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def same_text(a: str | None, b: str | None) -> bool:
    """Equal as printed, whatever the width and spacing (a line wrap is no difference)."""

    def key(s: str | None) -> str:
        return "".join(unicodedata.normalize("NFKC", s or "").split())

    return key(a) == key(b)


def grade_of(printed: str) -> str | None:
    """A grade as the facts write it: a letter, or '-' for not graded (hyoka: no stated grade)."""
    letter = unicodedata.normalize("NFKC", printed).strip()
    return letter if letter in ("A", "B", "C", "D") else None


class Ingested(IngestedDocument):
    """The ingested document, with the lookups the checks below use."""

    def flagged(self) -> list[dict[str, Any]]:
        rows = self.grades[self.grades.status.isin(FLAGGED)].to_dict("records")
        return rows + self.checks[self.checks.status.isin(FLAGGED)].to_dict("records")

    def check(self, check_id: str) -> dict[str, Any] | None:
        found = self.checks[self.checks.check_id == check_id]
        return found.iloc[0].to_dict() if len(found) else None

    def checks_ending(self, suffix: str) -> list[dict[str, Any]]:
        return self.checks[self.checks.check_id.str.endswith(suffix)].to_dict("records")


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Ingested:
    return Ingested(**vars(ingest_one(DATA / f"{REPORT}.pdf", tmp_path_factory.mktemp("other_producer"))))


def test_the_document_is_read_in_full(ingested: Ingested) -> None:
    assert ingested.document["profile"] == REPORT
    assert ingested.document["status"] == "ok", ingested.document["error"]


# -- facts ------------------------------------------------------------------------------------------------------
def _printed_otherwise(system: dict[str, str], what: str) -> str | None:
    """What the system's detail sheet prints instead, when the facts' note records it ("… reads 'X'")."""
    m = re.search(rf"{what} reads '([^']+)'", system["note"])
    return m.group(1) if m else None


def test_every_system(ingested: Ingested) -> None:
    measures = {m["measure_key"]: m for m in ingested.measures.to_dict("records")}
    systems = facts("systems")
    assert sorted(measures) == sorted(s["page_no"] for s in systems)
    for system in systems:
        key, measure = system["page_no"], measures[system["page_no"]]
        listed = ingested.check(f"name_cross_reference:{key}:list")
        assert listed is not None and same_text(listed["stated"], system["system_name"]), key
        title = _printed_otherwise(system, "detail section heading") or system["system_name"]
        assert same_text(measure["title"], title), key
        assert measure["group_name"].startswith(f"ビジョン{system['vision']}"), key
        assert same_text(measure["stage"], system["stage"]), key
        department = _printed_otherwise(system, "detail 担当課名") or system["department"]
        assert same_text("".join(measure["divisions"]), department), key
        in_list = ingested.check(f"department_cross_reference:{key}:list")
        assert in_list is not None and same_text(in_list["stated"], system["department"]), key
        assert measure["page"] is not None and measure["bbox"] is not None, key


def test_every_amount(ingested: Ingested) -> None:
    rows = ingested.budgets.to_dict("records")
    got = {(b["measure_key"], b["fiscal_year"], b["item"]): b for b in rows}
    assert len(got) == len(rows)
    expected = {}
    for amount in facts("budgets"):
        for item, column in (("budget", "budget_yen"), ("settlement", "settlement_yen")):
            expected[(amount["page_no"], int(amount["fiscal_year"]), item)] = float(amount[column])
    assert got.keys() == expected.keys()
    for key, value in expected.items():
        assert got[key]["amount"] == value, key
        assert got[key]["unit"] == "円", key
        assert got[key]["page"] is not None, key


def test_every_grade(ingested: Ingested) -> None:
    rows = ingested.grades.to_dict("records")
    got = {(g["measure_key"], g["grade_type"], g["place"]): g for g in rows}
    assert len(got) == len(rows)
    expected = {}
    for system in facts("systems"):
        for column, (grade_type, place) in GRADE_COLUMNS.items():
            expected[(system["page_no"], grade_type, place)] = grade_of(system[column])
    assert got.keys() == expected.keys()
    for key, letter in expected.items():
        stated = got[key]["stated_grade"]
        assert (stated if isinstance(stated, str) else None) == letter, key  # parquet gives a null as NaN
        assert got[key]["page"] is not None, key


def _stated_figures(row: dict[str, str]) -> list[tuple[str, str]]:
    """(check id suffix, stated figure) of one vision row of 表3-1 / 3-2."""
    grade_type, vision = SUMMARY_GRADES[row["table"]], row["vision"]
    found = []
    for letter, (count, share) in LETTER_COLUMNS.items():
        found.append((f"vision_count:{grade_type}:{vision}:{letter}", row[count]))
        found.append((f"vision_share:{grade_type}:{vision}:{letter}", row[share]))
    found.append((f"vision_share:{grade_type}:{vision}:AB", row["ab_share_stated"]))
    return found


def test_every_summary_count_of_tables_3(ingested: Ingested) -> None:
    rows = [r for r in facts("summary_counts") if r["table"] in SUMMARY_GRADES]
    assert len(rows) == 6
    for row in rows:
        for suffix, stated in _stated_figures(row):
            (check,) = ingested.checks_ending(suffix)
            assert check["stated"] == stated, suffix
            assert check["status"] == row["status"], suffix


def test_every_figure_legend_and_narrative_total(ingested: Ingested) -> None:
    by_kind = {
        "figure": [c for c in ingested.checks.to_dict("records") if c["kind"] == "figure_share"],
        "narrative": [c for c in ingested.checks.to_dict("records") if c["kind"] == "narrative_total"],
    }
    for row in facts("summary_counts"):
        if row["table"].startswith("fig"):
            grade_type = SUMMARY_GRADES[row["table"][3:]]
            for letter, (_, share) in LETTER_COLUMNS.items():
                hits = [
                    c
                    for c in by_kind["figure"]
                    if f":{grade_type}:" in c["check_id"] and c["check_id"].endswith(f":{letter}")
                ]
                assert [c["stated"] for c in hits] == [row[share]], (row["table"], letter)
                assert hits[0]["status"] == row["status"]
        elif row["table"].startswith("narrative_") and row["status"] in ("match", "mismatch"):
            stated = [
                row[c]
                for c in ("a_count", "b_count", "c_count", "d_count", "ab_count", "total", "ab_share_stated")
                if row[c]
            ]
            grade_type = "final" if "final" in row["table"] or "3.2" in row["table"] else "r3_progress"
            if not stated:
                continue  # a relation between two counts (the ※ note), not a stated figure
            hits = [c for c in by_kind["narrative"] if f":{grade_type}:" in c["check_id"]]
            for figure in stated:
                assert any(c["stated"] == figure for c in hits), (row["table"], figure)
            statuses = {c["status"] for c in hits if c["stated"] in stated}
            assert (row["status"] == "mismatch") == ("mismatch" in statuses), row["table"]


# -- findings -----------------------------------------------------------------------------------------------------
def _key_of(finding: dict[str, str]) -> str | None:
    m = re.match(r"P\.(\d+)", finding["where"])
    return m.group(1) if m else None


def explains(finding: dict[str, str], row: dict[str, Any]) -> bool:
    """Whether a flagged row is hyoka's report of a listed finding (joined by kind and key)."""
    kind, key = finding["kind"], _key_of(finding)
    check_id = str(row.get("check_id") or "")
    if kind == "narrative_total_mismatch":
        return row.get("kind") == "narrative_total" and row["stated"] in re.findall(r"\d+", finding["stated"])
    if kind == "department_name_mismatch":
        return row.get("kind") == "department_cross_reference" and check_id.split(":")[1] == key
    if kind == "table_header_typo":
        return row.get("kind") == "fiscal_year_header" and check_id.split(":")[1] == key
    if kind == "settlement_exceeds_budget":
        year = re.search(r"FY(\d{4})", finding["where"])
        return (
            row.get("kind") == "settlement_exceeds_budget"
            and year is not None
            and check_id.endswith(f":{key}:{year.group(1)}")
        )
    return False


def recorded_elsewhere(row: dict[str, Any]) -> bool:
    """A flagged row the facts record outside the findings: a detail sheet printing a system's name otherwise
    (the system's note: its 電子黒板整備 sheet names the project it became)."""
    if row.get("kind") != "name_cross_reference":
        return False
    renamed = {s["page_no"] for s in facts("systems") if _printed_otherwise(s, "detail section heading")}
    return str(row["check_id"]).split(":")[1] in renamed


def test_every_listed_finding_is_flagged(ingested: Ingested) -> None:
    flagged = ingested.flagged()
    listed = facts("findings")
    assert {f["finding_id"] for f in listed} == {f["finding_id"] for f in facts("planted")}
    for finding in listed:
        assert any(explains(finding, row) for row in flagged), finding["finding_id"]


def test_nothing_else_is_flagged(ingested: Ingested) -> None:
    listed = facts("findings")
    unexplained = [
        (row.get("check_id") or row.get("rule"), row["status"])
        for row in ingested.flagged()
        if not any(explains(f, row) for f in listed) and not recorded_elsewhere(row)
    ]
    assert unexplained == []
