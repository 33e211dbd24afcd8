"""北海道 基本評価調書: the truth against the seed, the committed workbook/PDF against the truth,
the builder's determinism, and a variant edition against its own truth."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pytest
from openpyxl import load_workbook

from samples.build.common import SAMPLES_DIR, SEEDS_DIR, TRUTH_DIR, read_truth, write_truth
from samples.build.hokkaido_basic_evaluation_model import canonical_edition, truth_rows

REPORT = "hokkaido_basic_evaluation"
SEED = SEEDS_DIR / "002_113f0cf4465f4f59.txt"
XLSX = SAMPLES_DIR / f"{REPORT}.xlsx"
PDF = SAMPLES_DIR / f"{REPORT}.pdf"
TABLES = (
    "table_totals",
    "table_reflection_counts",
    "table_reflection_list",
    "table_next_year_new_projects",
    "table_indicator_analysis",
)


def truth(name: str, truth_dir: Path = TRUTH_DIR) -> list[dict[str, str]]:
    return read_truth(REPORT, name, truth_dir)


def seed_line_texts(row: dict[str, str]) -> list[str]:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    return [lines[int(n) - 1] for n in row["seed_line"].split()]


def pdf_cells(path: Path) -> set[str]:
    """Every ruled-table cell of the PDF, its wrap breaks removed."""
    cells: set[str] = set()
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for table in page.find_tables():
                for row in table.extract():
                    cells.update(c.replace("\n", "") for c in row if c)
    return cells


def pdf_texts(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() for page in pdf.pages]


def cell_values(path: Path, data_only: bool) -> dict[str, object]:
    ws = load_workbook(path, data_only=data_only).active
    assert ws is not None
    return {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None}


def project_rows(path: Path) -> dict[str, list[object]]:
    """整理番号 -> the numbers printed right of it (事業費, 一般財源, 本庁, 出先, 人工計, フルコスト)."""
    ws = load_workbook(path, data_only=True).active
    assert ws is not None
    rows = {}
    for row in ws.iter_rows():
        first = next((c for c in row if c.value is not None), None)
        numbers = [c.value for c in row if isinstance(c.value, int | float)]
        # The 反映状況 list repeats some 整理番号 without amounts: only rows with figures count.
        if first is not None and isinstance(first.value, str) and first.value.isdigit() and len(numbers) >= 6:
            rows[first.value] = numbers
    return rows


# --- the truth against the seed ---------------------------------------------------------------


def test_truth_matches_seed_counts() -> None:
    measures = truth("measures")
    assert [m["measure_no"] for m in measures] == [str(n) for n in range(1101, 1118)]
    assert {m["level"] for m in measures} == {"事務事業"}
    assert {m["divisions"] for m in measures} == {"情報政策課"}
    values = {(v["metric"], v["fiscal_year"], v["place"].split()[-1]): v["value"] for v in truth("indicator_values")}
    assert values[("baseline", "2014", "基準値")] == "79.4"
    assert values[("target", "2019", "年度別")] == "136.0"
    assert values[("target", "2020", "年度別")] == "140.0"
    assert values[("actual", "2019", "年度別")] == "167.0"
    assert values[("actual", "2020", "年度別")] == ""
    assert values[("achievement_rate", "2019", "年度別")] == "123.0"
    assert values[("achievement_rate", "2025", "進捗率")] == "111.0"
    totals = truth("table_totals")[0]
    assert (totals["事業費 (千円)"], totals["うち 一般財源"], totals["人工計"]) == ("4,561,152", "2,747,666", "43.0")
    budgets = truth("budgets")
    assert len([b for b in budgets if b["item"] == "full_cost"]) == 17
    assert [b["value_text"] for b in budgets if b["item"] == "budget"] == ["3,591,558", "4,406,239", "4,561,152"]


def test_every_truth_value_is_printed_on_its_seed_line() -> None:
    for name in ("budgets", "indicator_values", "grades"):
        for row in truth(name):
            assert any(row["value_text"] in line for line in seed_line_texts(row)), (name, row)
    for row in truth("measures"):
        assert any(row["title"] in line for line in seed_line_texts(row)), row
    document = truth("document")[0]
    for field in ("title", "施策名", "施策コード"):
        assert any(document[field] in line for line in seed_line_texts(document)), field
    for name in TABLES:
        for row in truth(name):
            texts = seed_line_texts(row)
            for key, value in row.items():
                if key != "seed_line" and value:
                    assert any(value in line for line in texts), (name, key, value)


def test_municipality_code_has_its_check_digit() -> None:
    code = truth("document")[0]["municipality_code"]
    remainder = sum(int(d) * w for d, w in zip(code[:5], (6, 5, 4, 3, 2), strict=True)) % 11
    assert int(code[5]) == (11 - remainder) % 10
    assert code == "010006"


def test_the_seed_inconsistency_is_listed() -> None:
    rows = truth("inconsistencies")
    assert [(r["kind"], r["stated"], r["expected"]) for r in rows] == [("judgement_notation", "C", "c")]
    marks = [g["stated_grade"] for g in truth("grades") if g["grade_type"] == "judgement_criterion"]
    assert marks == ["△", "○", "", "○"]


def test_builder_reads_the_truth_losslessly() -> None:
    for name, rows in truth_rows(canonical_edition(TRUTH_DIR)).items():
        assert rows == truth(name), name


# --- the committed samples against the truth -----------------------------------------------------


def test_pdf_has_a_japanese_text_layer_and_the_truth_values() -> None:
    texts = pdf_texts(PDF)
    assert len(texts) >= 5
    assert not any("(cid:" in t for t in texts)
    assert all("施策名" in t and "ICTの利活用の推進" in t for t in texts)
    cells = pdf_cells(PDF)
    for m in truth("measures"):
        assert m["title"] in cells, m["title"]
        assert m["measure_no"] in cells
    for row in truth("budgets") + truth("indicator_values"):
        assert row["value_text"] in cells, row
    totals = truth("table_totals")[0]
    assert all(v in cells for k, v in totals.items() if k != "seed_line" and v)
    assert "C" in cells and "△" in cells


def test_workbook_holds_the_truth_values_with_formulas_and_cached_values() -> None:
    formulas, cached = cell_values(XLSX, data_only=False), cell_values(XLSX, data_only=True)
    formula_cells = [k for k, v in formulas.items() if isinstance(v, str) and v.startswith("=")]
    assert len(formula_cells) >= 2 * 18 + 6  # 人工計 and フルコスト per row, and the 計 row
    assert all(cached.get(k) is not None for k in formula_cells)
    amounts = {(b["measure_key"], b["item"]): float(b["amount"]) for b in truth("budgets")}
    rows = project_rows(XLSX)
    assert sorted(rows) == [m["measure_no"] for m in truth("measures")]
    for no, numbers in rows.items():
        expected = [
            amounts[(no, "project_cost")] / 1000,
            amounts[(no, "general_revenue")] / 1000,
            amounts[(no, "staff_main")],
            amounts[(no, "staff_branch")],
            amounts[(no, "staff_total")],
            amounts[(no, "full_cost")] / 1000,
        ]
        assert numbers == pytest.approx(expected), no
    values = set(cached.values())
    assert {4561152, 2747666, 3591558, 4406239} <= values
    assert {m["title"] for m in truth("measures")} <= values
    assert any(isinstance(v, str) and v.startswith("=SUM(") for v in formulas.values())


# --- determinism and variants (one LibreOffice build each) -----------------------------------------


def test_rebuild_gives_the_same_pages_and_cells(edition: Callable[[int], Path]) -> None:
    assert pdf_texts(edition(0) / PDF.name) == pdf_texts(PDF)
    assert cell_values(edition(0) / XLSX.name, data_only=True) == cell_values(XLSX, data_only=True)
    assert cell_values(edition(0) / XLSX.name, data_only=False) == cell_values(XLSX, data_only=False)
    assert not (edition(0) / "truth").exists()  # the canonical truth is hand-written, never regenerated


def test_variant_is_another_edition_consistent_with_its_documents(
    edition: Callable[[int], Path], tmp_path: Path
) -> None:
    vtruth = edition(3) / "truth"
    document = truth("document", vtruth)[0]
    assert int(document["report_fiscal_year"]) > 2020
    assert document["title"] != truth("document")[0]["title"]
    measures = truth("measures", vtruth)
    assert {m["measure_no"] for m in measures} != {m["measure_no"] for m in truth("measures")}
    for name in ("budgets", "grades", "indicator_values", "table_totals"):
        assert list(truth(name, vtruth)[0]) == list(truth(name)[0])

    cells = pdf_cells(edition(3) / PDF.name)
    assert document["title"].replace(" ", "") in "".join(pdf_texts(edition(3) / PDF.name)[0].split())
    for m in measures:
        assert m["title"] in cells
    for row in truth("budgets", vtruth) + truth("indicator_values", vtruth):
        assert row["value_text"] in cells, row

    # The printed 計 is what the variant's rows add up to, and the planted typed フルコスト is a constant.
    rows = project_rows(edition(3) / XLSX.name)
    budgets = truth("budgets", vtruth)
    costs = [float(b["amount"]) / 1000 for b in budgets if b["item"] == "project_cost"]
    assert sum(numbers[0] for numbers in rows.values()) == pytest.approx(sum(costs))
    assert f"{int(sum(costs)):,}" == truth("table_totals", vtruth)[0]["事業費 (千円)"]
    planted = {r["kind"]: r for r in truth("inconsistencies", vtruth)}
    assert {"full_cost", "achievement_level"} <= set(planted)
    typed_no = planted["full_cost"]["scope"].split()[2]
    assert rows[typed_no][-1] == int(planted["full_cost"]["stated"].replace(",", ""))
    formulas = cell_values(edition(3) / XLSX.name, data_only=False)
    assert int(planted["full_cost"]["stated"].replace(",", "")) in formulas.values()

    # Its truth round-trips through the writer the builder uses.
    for name in ("measures", "budgets"):
        write_truth(REPORT, name, truth(name, vtruth), tmp_path)
        assert truth(name, tmp_path) == truth(name, vtruth)
