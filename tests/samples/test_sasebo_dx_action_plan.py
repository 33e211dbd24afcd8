"""佐世保市 DX戦略 実行計画: the truth against the seed, the sample PDF and workbook against the truth,
the builder's determinism and its other editions."""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pdfplumber
import pytest

from samples.build.common import SAMPLES_DIR, SEEDS_DIR, TRUTH_DIR
from tests.samples.conftest import page_texts

REPORT = "sasebo_dx_action_plan"
TRUTH = TRUTH_DIR / REPORT
SEED = SEEDS_DIR / "003_285d41407209f792.txt"
PDF = SAMPLES_DIR / "sasebo_dx_action_plan.pdf"
XLSX = SAMPLES_DIR / "sasebo_dx_project_list.xlsx"
XLSX_PDF = SAMPLES_DIR / "sasebo_dx_project_list.pdf"
# Counted by hand in the seed (see samples/truth/sasebo_dx_action_plan/README.md).
PROJECTS, KPIS, ROADMAP_ENTRIES = 49, 45, 93
FIGURE = re.compile(r"^(-?[\d,]+(\.\d+)?%?|[/\-…○⇒]|\.\.\.)$")


def rows(name: str, folder: Path = TRUTH) -> list[dict[str, str]]:
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def squash(text: str) -> str:
    """NFKC without whitespace or markup: wraps, the seed's spacing and its <p> fragments compare equal."""
    text = re.sub(r"<[^>]+>", "", unicodedata.normalize("NFKC", text))
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def seed() -> list[str]:
    return SEED.read_text(encoding="utf-8").splitlines()


def on_lines(seed: list[str], seed_line: str) -> list[str]:
    return [seed[int(n) - 1] for n in seed_line.split()]


def pdf_text(path: Path) -> tuple[str, Counter[str]]:
    """All text in drawing order without whitespace (a wrapped cell reads as one string), and every word."""
    texts, words = [], Counter()
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            texts.append(page.extract_text(use_text_flow=True) or "")
            words.update(w["text"] for w in page.extract_words(use_text_flow=True))
    return squash("".join(texts)), words


def printed(cell: openpyxl.cell.cell.Cell) -> str:
    """A workbook cell as it prints: its value through its number format."""
    value, fmt = cell.value, cell.number_format
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    decimals = len(fmt.split(".")[1].rstrip("%")) if "." in fmt else 0
    if fmt.endswith("%"):
        return f"{value * 100:.{decimals}f}%"
    return f"{value:,.{decimals}f}" if "," in fmt else f"{value:.{decimals}f}"


def workbook_rows(path: Path) -> dict[str, dict[str, str]]:
    """Project rows by PID column, each as {header: printed text}, headers like 'R3予定' and '実施R4' (a
    group row, which names a 分野:分類 across the list and has no PID, is not a project's)."""
    ws = openpyxl.load_workbook(path).active
    headers: dict[int, str] = {}
    year = ""
    for col in range(1, ws.max_column + 1):
        top, mid, low = (ws.cell(r, col).value or "" for r in (1, 2, 3))
        if top == "実施年度" or headers.get(col - 1, "").startswith("実施"):
            headers[col] = f"実施{mid}"
            continue
        year = mid if str(mid).startswith("R") else year
        headers[col] = f"{year}{low}" if low in ("予定", "実績") else f"{top if top == '活動指標' else ''}{mid or top}"
    table = {}
    for r in range(4, ws.max_row + 1):
        values = {headers[c]: printed(ws.cell(r, c)) for c in range(1, ws.max_column + 1)}
        if not values["PID"]:
            continue
        table[values["PID"] + ("" if values["PID"] not in table else "#2")] = values
    return table


# -- truth against the seed ----------------------------------------------------------------------------------
def test_truth_counts_match_the_seed(seed: list[str]) -> None:
    list_rows = [n for n, line in enumerate(seed, 1) if n > 520 and line.split("\t")[0] in ("まちづくり", "行政経営")]
    kpi_rows = [n for n, line in enumerate(seed, 1) if 341 < n < 520 and "予定" in line.split("\t")]
    roadmap = [t for line in seed[32:178] for t in re.findall(r"【([^】]*\d[^】]*)】", line) if t != "R8"]
    assert (len(list_rows), len(kpi_rows), len(roadmap)) == (PROJECTS, KPIS, ROADMAP_ENTRIES)

    measures = rows("measures")
    assert Counter(m["level"] for m in measures) == {"project": PROJECTS, "kpi": KPIS}
    assert len({m["measure_key"] for m in measures}) == len(measures)
    assert sorted(int(m["seed_line"]) for m in measures if m["level"] == "project") == list_rows
    assert sorted(int(m["seed_line"].split()[0]) for m in measures if m["level"] == "kpi") == kpi_rows
    assert len(rows("table_roadmap")) == ROADMAP_ENTRIES
    assert {m["measure_key"] for m in measures if m["measure_no"] != m["measure_key"]} >= {"農水2-b-1/2-2#2"}
    doc = rows("document")[0]
    assert (doc["municipality_code"], doc["report_fiscal_year"]) == ("422029", "2026")


def test_municipality_code_check_digit() -> None:
    code = rows("document")[0]["municipality_code"]
    remainder = sum(int(d) * w for d, w in zip(code[:5], (6, 5, 4, 3, 2), strict=True)) % 11
    assert int(code[5]) == (11 - remainder) % 10


def test_every_value_is_printed_on_its_seed_line(seed: list[str]) -> None:
    for row in rows("indicator_values"):
        cells = [c.strip() for line in on_lines(seed, row["seed_line"]) for c in line.split("\t")]
        assert row["value_text"] in cells, row
    kpi_lines = {m["measure_key"]: m["seed_line"] for m in rows("measures") if m["level"] == "kpi"}
    for row in rows("indicator_values"):
        if row["place"] == "kpi_grid":
            plan, actual = (squash(line) for line in on_lines(seed, kpi_lines[row["measure_key"]]))
            assert squash(row["formula_text"]) in plan, row
            assert squash(row["evaluation_text"]) in plan or squash(row["evaluation_text"]) in actual, row
    for row in rows("table_implementation_years"):
        assert row["marker"] in seed[int(row["seed_line"]) - 1].split("\t"), row


def test_measures_and_roadmap_are_printed_on_their_seed_lines(seed: list[str]) -> None:
    for m in rows("measures"):
        text = squash("".join(on_lines(seed, m["seed_line"])))
        for value in (m["title"], m["measure_no"] if m["level"] == "project" else "", m["indicator_name"]):
            assert squash(value) in text, (m["measure_key"], value)
    for entry in rows("table_roadmap"):
        assert squash(f"【{entry['pid']}】{entry['name']}") in squash(seed[int(entry["seed_line"]) - 1]), entry


def test_inconsistencies_name_real_seed_lines(seed: list[str]) -> None:
    found = rows("inconsistencies")
    assert Counter(r["kind"] for r in found) == {
        "duplicate_id": 3,
        "roadmap_numbering": 3,
        "roadmap_name": 4,
        "roadmap_step": 2,
        "grid_vs_list_actual": 7,
        "grid_vs_list_target": 1,
        "text_vs_numbers": 1,
        "name_variant": 1,
    }
    for row in found:
        assert all(0 < int(n) <= len(seed) for n in row["seed_line"].split()), row
    assert "合計4基設置" in seed[372]


def test_grid_and_list_mismatches_follow_from_the_values() -> None:
    """Every KPI figure the project list repeats differently is a recorded inconsistency, and no other."""
    values = {(r["measure_key"], r["place"], r["fiscal_year"], r["metric"]): r for r in rows("indicator_values")}
    differing = set()
    for link in rows("kpi_project_links"):
        for (key, place, year, metric), grid in values.items():
            if key != link["kpi_key"] or place != "kpi_grid" or not grid["value"]:
                continue
            listed = values.get((link["measure_key"], "project_list", year, metric))
            if listed and listed["value"] and float(listed["value"]) != float(grid["value"]):
                differing.add((link["measure_key"], year, metric, grid["value_text"], listed["value_text"]))
    recorded = [r for r in rows("inconsistencies") if r["kind"].startswith("grid_vs_list")]
    assert len(differing) == len(recorded) == 8
    for key, year, _metric, grid_text, list_text in differing:
        assert any(
            key in r["scope"]
            and f"({year})" in r["scope"]
            and r["expected"].endswith(grid_text)
            and r["stated"].endswith(list_text)
            for r in recorded
        ), key


# -- sample documents against the truth ----------------------------------------------------------------------
def check_documents(folder: Path, truth: Path) -> None:
    """The PDF prints every title and figure of the truth, the workbook holds the project list cell by cell."""
    text, words = pdf_text(folder / "sasebo_dx_action_plan.pdf")
    measures = rows("measures", truth)
    for m in measures:
        for value in (m["title"], m["indicator_name"], m["measure_no"] if m["level"] == "project" else ""):
            assert squash(value) in text, (m["measure_key"], value)
    for entry in rows("table_roadmap", truth):
        assert squash(f"【{entry['pid']}】{entry['name']}") in text, entry
    values = rows("indicator_values", truth)
    for row in values:
        if row["place"] == "kpi_grid":
            assert squash(row["formula_text"]) in text and squash(row["evaluation_text"]) in text, row
    figures = Counter(r["value_text"] for r in values if FIGURE.match(r["value_text"]))
    figures.update(r["marker"] for r in rows("table_implementation_years", truth))
    missing = {k: n - words[k] for k, n in figures.items() if words[k] < n}
    assert not missing, missing

    table = workbook_rows(folder / "sasebo_dx_project_list.xlsx")
    projects = [m for m in measures if m["level"] == "project"]
    assert len(table) == len(projects)
    for m in projects:
        row = table[m["measure_key"]]
        assert (row["名称"], row["活動指標名称"], row["DX重点課題"], row["リーディング"]) == (
            m["title"],
            m["indicator_name"],
            m["group_name"],
            "○" if m["flag_leading"] == "true" else "",
        ), m["measure_key"]
    for r in values:
        if r["place"] == "project_list":
            label = f"R{int(r['fiscal_year']) - 2018}{'予定' if r['metric'] == 'target' else '実績'}"
            assert table[r["measure_key"]][label] == r["value_text"], r
    for r in rows("table_implementation_years", truth):
        assert table[r["measure_key"]][f"実施{r['year_label']}"] == r["marker"], r

    _, printed_words = pdf_text(folder / "sasebo_dx_project_list.pdf")
    pids = Counter(m["measure_no"] for m in projects)
    assert all(printed_words[pid] >= n for pid, n in pids.items() if " " not in pid)


def test_committed_samples_contain_the_truth() -> None:
    check_documents(SAMPLES_DIR, TRUTH_DIR / REPORT)


@pytest.fixture(scope="module")
def sample_texts() -> list[str]:
    return page_texts(PDF)


def test_pdf_is_a3_landscape_with_a_japanese_text_layer(sample_texts: list[str]) -> None:
    with pdfplumber.open(PDF) as pdf:
        assert all(round(p.width) == 1191 and round(p.height) == 842 for p in pdf.pages)
        assert all(p.lines or p.rects for p in pdf.pages[2:])
    assert "佐世保市 DX戦略 実行計画" in sample_texts[0] and "令和8（2026）年度版" in sample_texts[0]
    assert not any("(cid:" in text for text in sample_texts)
    assert "12のDX重点課題" in squash("".join(sample_texts))
    assert all(text.rstrip().endswith(f"- {n} -") for n, text in enumerate(sample_texts, 1))


# -- builder -------------------------------------------------------------------------------------------------


def cell_values(path: Path) -> list[tuple[object, ...]]:
    return list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))


def test_rebuild_is_identical(edition: Callable[[int], Path], sample_texts: list[str]) -> None:
    assert page_texts(edition(0) / PDF.name) == sample_texts
    assert cell_values(edition(0) / XLSX.name) == cell_values(XLSX)
    assert page_texts(edition(0) / XLSX_PDF.name) == page_texts(XLSX_PDF)


def test_variant_is_another_edition_consistent_with_its_documents(
    edition: Callable[[int], Path], sample_texts: list[str]
) -> None:
    truth = edition(3) / "truth" / REPORT
    doc = rows("document", truth)[0]
    assert int(doc["report_fiscal_year"]) > 2026
    keys = {m["measure_key"] for m in rows("measures", truth)}
    canonical = {m["measure_key"] for m in rows("measures")}
    assert keys - canonical and canonical - keys
    assert len(rows("inconsistencies", truth)) == len(rows("inconsistencies")) + 1
    check_documents(edition(3), truth)
    assert page_texts(edition(3) / PDF.name)[0] != sample_texts[0]
