"""The generic reader's tidy tables scored against the hand-read truth of the real sheets
(tests/data/real/truth/, written by a person from the page images; see its README).

A printed figure is found when a row of the tidy tables carries it: the same fiscal year and
amount (or the same missing marker) under a label that names the truth's row label; an
indicator value under its name, year and metric; a judgement by its label and letter, or its
chosen option; the title as a part of the document's title, and its fiscal year. A printed
total is recomputed when a `checks` row states its printed text and agrees with it.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

TRUTH = Path(__file__).parents[1] / "data" / "real" / "truth"


def key(text: object) -> str:
    """Text as the truth and the tables are compared: NFKC, no spacing, brackets unified."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    return "".join(unicodedata.normalize("NFKC", str(text)).split())


def _same_label(truth: str, read: object) -> bool:
    a, b = key(truth), key(read)
    return bool(a) and bool(b) and (a in b or b in a)


def _same_number(a: object, b: object) -> bool:
    return a is not None and b is not None and not pd.isna(a) and not pd.isna(b) and abs(float(a) - float(b)) < 1e-6


@dataclass
class Score:
    found: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, hit: bool, miss: str) -> None:
        self.total += 1
        self.found += hit
        if not hit:
            self.misses.append(miss)


@dataclass
class Tables:
    """One document's tidy tables, as the pipeline validated them."""

    document: dict[str, object]
    tables: dict[str, pd.DataFrame]

    def table(self, name: str) -> pd.DataFrame:
        return self.tables.get(name, pd.DataFrame())


def _unused(frame: pd.DataFrame, used: set[int]) -> Iterator[tuple[int, pd.Series]]:
    for index, row in frame.iterrows():
        if index not in used:
            yield int(index), row  # type: ignore[arg-type]


def score_budgets(name: str, read: Tables, score: Score) -> None:
    budgets = read.table("budgets")
    used: set[int] = set()
    for _, truth in pd.read_csv(TRUTH / "budgets.csv").query("source_file == @name").iterrows():
        figures = [("amount", truth["amount_yen"])]
        if not pd.isna(truth["general_revenue_yen"]):
            figures.append(("general_revenue", truth["general_revenue_yen"]))
        for what, value in figures:
            hit = next(
                (
                    index
                    for index, row in _unused(budgets, used)
                    if _same_label(truth["row_label"], row.get("item_label"))
                    and (pd.isna(truth["fiscal_year"]) or _same_number(row["fiscal_year"], truth["fiscal_year"]))
                    and (what == "amount")
                    == (row["item"] != "general_revenue" or "一般財源" in key(truth["row_label"]))
                    and (_same_number(row["amount"], value) or (pd.isna(value) and pd.isna(row["amount"])))
                ),
                None,
            )
            if hit is not None:
                used.add(hit)
            score.add(
                hit is not None,
                f"{name} budget {truth['row_label']} {truth['column_label']} {what} {truth['value_text']}",
            )


def _in_yen(truth: pd.Series) -> bool:
    """An indicator counted in 千円: the truth keeps the printed 千円, the contract says money is in yen."""
    return key(truth["unit"]) == "千円" and not pd.isna(truth["value"])


def score_indicators(name: str, read: Tables, score: Score) -> None:
    values = read.table("indicator_values")
    used: set[int] = set()
    for _, truth in pd.read_csv(TRUTH / "indicators.csv").query("source_file == @name").iterrows():
        hit = next(
            (
                index
                for index, row in _unused(values, used)
                if _same_label(truth["indicator_name"], row["indicator_name"])
                and row["metric"] == truth["contract_metric"]
                and (pd.isna(truth["fiscal_year"]) or _same_number(row["fiscal_year"], truth["fiscal_year"]))
                and (
                    _same_number(row["value"], truth["value"])
                    or (pd.isna(truth["value"]) and pd.isna(row["value"]))
                    or (_in_yen(truth) and _same_number(row["value"], truth["value"] * 1000))
                )
            ),
            None,
        )
        if hit is not None:
            used.add(hit)
        where = "grid" if str(truth["in_grid"]).lower() == "true" else "sentence"
        score.add(hit is not None, f"{name} indicator ({where}) {truth['indicator_name']} {truth['value_text']}")


def score_judgements(name: str, read: Tables, score: Score) -> None:
    grades = read.table("grades")
    measures = read.table("measures")
    for _, truth in pd.read_csv(TRUTH / "judgements.csv").query("source_file == @name").iterrows():
        if truth["kind"] == "direction":
            hit = any(key(d) == key(truth["option_label"]) for d in measures.get("direction", []))
        elif truth["kind"] == "evaluation":
            hit = any(
                _same_label(truth["judgement"], g["grade_type"])
                and g["stated_grade"] == truth["option_letter"]
                and _same_label(truth["option_label"], g.get("stated_label"))
                for _, g in grades.iterrows()
            )
        else:
            hit = any(_same_label(truth["option_label"], g.get("stated_label")) for _, g in grades.iterrows())
        score.add(hit, f"{name} judgement ({truth['kind']}) {truth['judgement']}: {truth['option_label']}")


def score_document(name: str, read: Tables, score: Score) -> None:
    truth = pd.read_csv(TRUTH / "documents.csv").query("source_file == @name").iloc[0]
    score.add(_same_label(truth["title"], read.document.get("title")), f"{name} title {truth['title']}")
    score.add(
        read.document.get("report_fiscal_year") == truth["report_fiscal_year"],
        f"{name} report_fiscal_year {truth['report_fiscal_year']} (read {read.document.get('report_fiscal_year')})",
    )
    measure = pd.read_csv(TRUTH / "measures.csv").query("source_file == @name").iloc[0]
    titles = list(read.table("measures").get("title", []))
    score.add(any(key(t) == key(measure["measure_name"]) for t in titles), f"{name} measure {measure['measure_name']}")


def score_totals(name: str, read: Tables, score: Score) -> None:
    checks = read.table("checks")
    for _, truth in pd.read_csv(TRUTH / "totals.csv").query("source_file == @name").iterrows():
        if truth["status"] == "not_stated":
            continue  # the total prints `-`: nothing to recompute
        hit = any(
            key(c["stated"]) == key(truth["stated_text"])
            and c["status"] == "match"
            and _same_label(truth["total_label"], str(c["scope"]).split(": ", 1)[-1])
            for _, c in checks.iterrows()
        )
        where = "table" if str(truth["in_table"]).lower() == "true" else "sentence"
        score.add(hit, f"{name} total ({where}) {truth['total_label']} {truth['column_label']} {truth['stated_text']}")


def false_alarms(read: Tables) -> list[str]:
    checks = read.table("checks")
    if checks.empty:
        return []
    flagged = checks[checks["status"].isin(["mismatch", "ambiguous"])]
    return [f"{row['scope']}: {row['detail']}" for _, row in flagged.iterrows()]
