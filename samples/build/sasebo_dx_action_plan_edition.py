"""Other editions of the Sasebo DX plan: another fiscal year, projects dropped and added, values revised.

Works on the truth tables (lists of CSV rows) so that the documents and the edition's truth are made
from the same data. A revised project-list figure that no longer agrees with its KPI grid is recorded
in the edition's inconsistencies, as the audit must find it.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from samples.build.common import Variant

Truth = dict[str, list[dict[str, str]]]


@dataclass
class Edition:
    shift: int  # years added to every fiscal year
    font: str
    list_rows_per_page: int
    kpi_page_per_group: bool
    rng: random.Random

    @classmethod
    def draw(cls, variant: Variant) -> Edition:
        if variant.canonical:
            return cls(0, variant.font(), 13, True, variant.rng)
        rng = variant.rng
        return cls(
            shift=rng.choice([1, 2]),
            font=variant.font(),
            list_rows_per_page=rng.randint(8, 15),
            kpi_page_per_group=rng.random() < 0.5,
            rng=rng,
        )


def shift_text(text: str, shift: int) -> str:
    """R5 -> R6 and (2023) -> (2024) in the inconsistencies' wording."""
    text = re.sub(r"\bR(\d+)\b", lambda m: f"R{int(m.group(1)) + shift}", text)
    return re.sub(r"\((20\d\d)\)", lambda m: f"({int(m.group(1)) + shift})", text)


def reformat(old_text: str, number: float) -> str:
    """The new figure printed the way the old one was (decimals, thousands separator, %)."""
    match = re.fullmatch(r"(-?[\d,]+)(?:\.(\d+))?(%?)", old_text)
    if not match:
        raise ValueError(f"not a figure: {old_text}")
    decimals = len(match.group(2) or "")
    text = f"{number:,.{decimals}f}" if "," in match.group(1) or abs(number) >= 1000 else f"{number:.{decimals}f}"
    if "," not in match.group(1) and abs(number) < 1000:
        text = text.replace(",", "")
    return text + match.group(3)


def numeric(text: str) -> float:
    return float(text.rstrip("%").replace(",", ""))


def shift_years(truth: Truth, shift: int) -> None:
    doc = truth["document"][0]
    year = int(doc["report_fiscal_year"]) + shift
    doc["report_fiscal_year"] = str(year)
    doc["edition"] = f"令和{year - 2018}（{year}）年度版"
    for row in truth["indicator_values"]:
        row["fiscal_year"] = str(int(row["fiscal_year"]) + shift)
    for row in truth["table_implementation_years"]:
        row["fiscal_year"] = str(int(row["fiscal_year"]) + shift)
        row["year_label"] = f"R{int(row['fiscal_year']) - 2018}"
    for row in truth["table_roadmap"]:
        if row["fiscal_year"]:
            row["fiscal_year"] = str(int(row["fiscal_year"]) + shift)
            row["column"] = f"R{int(row['fiscal_year']) - 2018}"
    for row in truth["inconsistencies"]:
        for col in ("scope", "stated", "expected", "description"):
            row[col] = shift_text(row[col], shift)


def involved_keys(truth: Truth) -> set[str]:
    """Measures an inconsistency or a KPI-project link names: they stay in every edition."""
    keys = {row["kpi_key"] for row in truth["kpi_project_links"]}
    keys |= {row["measure_key"] for row in truth["kpi_project_links"]}
    text = " ".join(" ".join(row.values()) for row in truth["inconsistencies"])
    lines = {n for row in truth["inconsistencies"] for n in row["seed_line"].split()}
    for m in truth["measures"]:
        named = m["level"] == "project" and m["measure_no"] in text
        if named or set(m["seed_line"].split()) & lines:
            keys.add(m["measure_key"])
    return keys


def drop_measures(truth: Truth, keys: set[str]) -> None:
    for name in ("measures", "indicator_values", "table_implementation_years"):
        truth[name] = [row for row in truth[name] if row["measure_key"] not in keys]


def add_project(truth: Truth, years: list[int]) -> None:
    """A project new in this edition (the city adds projects every year)."""
    template = next(m for m in truth["measures"] if m["category"] == "推進課題")
    key = "推進3"
    truth["measures"].insert(
        truth["measures"].index(template) + 1,
        {
            **template,
            "measure_key": key,
            "measure_no": key,
            "title": "オープンデータカタログの拡充",
            "summary": "市が保有するデータをオープンデータとして公開し、カタログサイトで提供します。",
            "indicator_name": "公開データセット数",
            "flag_leading": "false",
            "seed_line": "",
        },
    )
    plan = [20, 30, 40, 50, 60, 70, 80]
    actual = [22, 31, 45, 52]
    sample = truth["indicator_values"][0]
    for i, year in enumerate(years):
        for metric, values in (("target", plan), ("actual", actual)):
            if i < len(values):
                truth["indicator_values"].append(
                    {
                        **{k: "" for k in sample},
                        "measure_key": key,
                        "indicator_key": f"{key}/活動指標",
                        "indicator_name": "公開データセット数",
                        "fiscal_year": str(year),
                        "metric": metric,
                        "value": repr(float(values[i])),
                        "unit": "件",
                        "value_text": str(values[i]),
                        "place": "project_list",
                    }
                )
    for i, year in enumerate(years[1:]):
        truth["table_implementation_years"].append(
            {
                "measure_key": key,
                "pid": key,
                "year_label": f"R{year - 2018}",
                "fiscal_year": str(year),
                "marker": "○" if i == 0 else "⇒",
                "seed_line": "",
            }
        )


def figure_rows(truth: Truth, key: str, place: str) -> dict[tuple[str, str], dict[str, str]]:
    return {
        (r["fiscal_year"], r["metric"]): r
        for r in truth["indicator_values"]
        if r["measure_key"] == key and r["place"] == place and r["value"] and not r["na_marker"]
    }


def revise(row: dict[str, str], factor: float) -> None:
    """Changes a printed figure; it must print differently after the edition's rounding."""
    old = numeric(row["value_text"])
    text = reformat(row["value_text"], old * factor if old else 1.0)
    if text == row["value_text"]:
        text = reformat(row["value_text"], old + 1)
    row["value_text"] = text
    row["value"] = repr(numeric(text))


def revise_values(truth: Truth, edition: Edition, keep: set[str]) -> None:
    rng = edition.rng
    # A figure of a project no KPI repeats: revised without making anything inconsistent.
    free = sorted(
        {
            r["measure_key"]
            for r in truth["indicator_values"]
            if r["place"] == "project_list" and r["measure_key"] not in keep and r["value"]
        }
    )
    key = rng.choice(free)
    figures = figure_rows(truth, key, "project_list")
    row = figures[rng.choice(sorted(figures))]
    revise(row, 1.25)
    # A plan figure of a KPI the project list does not repeat: revised with nothing to contradict it.
    unlinked = sorted(
        {
            r["measure_key"]
            for r in truth["indicator_values"]
            if r["place"] == "kpi_grid" and r["measure_key"] not in keep and r["value"]
        }
    )
    figures = {k: r for k, r in figure_rows(truth, rng.choice(unlinked), "kpi_grid").items() if k[1] == "target"}
    if figures:
        revise(figures[rng.choice(sorted(figures))], 1.2)
    # A project-list actual its KPI grid also prints, revised on one side only: a new grid/list mismatch.
    candidates = []
    for link in truth["kpi_project_links"]:
        grid = figure_rows(truth, link["kpi_key"], "kpi_grid")
        listed = figure_rows(truth, link["measure_key"], "project_list")
        for k in sorted(set(grid) & set(listed)):
            if k[1] == "actual" and grid[k]["value"] == listed[k]["value"]:
                candidates.append((link, grid[k], listed[k]))
    link, grid_row, list_row = rng.choice(candidates)
    revise(list_row, 1.1)
    year = int(list_row["fiscal_year"])
    truth["inconsistencies"].append(
        {
            "kind": "grid_vs_list_actual",
            "scope": f"KPI {link['kpi_title']} / {link['measure_key']}, R{year - 2018} ({year}) 実績",
            "stated": f"project list {list_row['value_text']}",
            "expected": f"KPI grid {grid_row['value_text']}",
            "seed_line": f"{grid_row['seed_line']} {list_row['seed_line']}",
            "description": "Same indicator, different actual (revised in this edition's project list).",
        }
    )


def make_edition(truth: Truth, edition: Edition) -> Truth:
    rng = edition.rng
    keep = involved_keys(truth)
    projects = [m["measure_key"] for m in truth["measures"] if m["level"] == "project" and m["measure_key"] not in keep]
    kpis = [m["measure_key"] for m in truth["measures"] if m["level"] == "kpi" and m["measure_key"] not in keep]
    drop_measures(truth, set(rng.sample(projects, 2)) | {rng.choice(kpis)})
    revise_values(truth, edition, keep)
    shift_years(truth, edition.shift)
    first = int(truth["document"][0]["report_fiscal_year"]) - 5
    add_project(truth, list(range(first, first + 7)))
    return truth
