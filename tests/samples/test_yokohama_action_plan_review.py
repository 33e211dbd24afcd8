"""The 横浜市 行動計画 中間振り返り sample: truth against the seed, PDF against the truth, and the builder's
determinism and variants."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

import pdfplumber
import pytest

from samples.build import yokohama_action_plan_review as builder
from samples.build.common import (
    COLUMN_ORDER,
    GROUP_ROWS,
    LANDSCAPE,
    SAMPLES_DIR,
    TRUTH_DIR,
    Variant,
    read_truth,
    seed_lines,
)
from samples.build.yokohama_action_plan_review_edition import REPORT, SEED_FILE

PDF = SAMPLES_DIR / f"{REPORT}.pdf"
SEED = seed_lines(SEED_FILE)
# The extraction's garbles the truth README records: the I-TOP platform name and HTML fragments.
SEED_GARBLES = ((re.compile(r"I\s*\^o\s*TOP"), "I-TOP"), (re.compile(r"</?(?:p|ul|li)\b[^>]*>"), ""))


def truth(name: str, truth_dir: Path = TRUTH_DIR) -> list[dict[str, str]]:
    return read_truth(REPORT, name, truth_dir)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def seed_text(seed_line: str) -> str:
    text = "".join(SEED[int(n) - 1] for n in seed_line.split())
    for pattern, repl in SEED_GARBLES:
        text = pattern.sub(repl, text)
    return squeeze(text)


def document_text(path: Path) -> str:
    """Every ruled-table cell and every page's text, whitespace removed, separated by |: a cell's wrapped
    text is found whole even where the page text interleaves the cells of one row."""
    parts = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            parts.append(page.extract_text() or "")
            for table in page.extract_tables():
                parts.extend(cell for row in table for cell in row if cell)
    return "|".join(squeeze(p) for p in parts)


@pytest.fixture(scope="module")
def pdf_pages() -> list[str]:
    with pdfplumber.open(PDF) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


@pytest.fixture(scope="module")
def pdf_text() -> str:
    return document_text(PDF)


def test_measure_counts_match_the_seed() -> None:
    measures = truth("measures")
    listed = [m for m in measures if m["in_list"] == "true"]
    assert len(measures) == 71
    assert len(listed) == 70
    assert [m["measure_key"] for m in measures if m["in_list"] == "false"] == ["71"]
    assert len({m["measure_key"] for m in measures}) == 71
    groups = Counter(m["group_name"] for m in listed)
    assert groups == {
        "安全で安心できる豊かな市民生活": 28,
        "コスト縮減と信頼され効率的な行政運営": 34,
        "活力ある都市横浜": 3,
        "地球にやさしい環境": 5,
    }


def test_summary_table_as_printed() -> None:
    rows = truth("table_bunya_summary")
    printed = [[r["分野 (4つの柱)"], r["A評価"], r["B評価"], r["C評価"], r["合計"]] for r in rows]
    assert printed == [
        ["1 安全で安心できる豊かな市民生活", "4", "32", "4", "40"],
        ["2 コスト縮減と信頼され効率的な行政運営", "5", "34", "5", "44"],
        ["3 活力ある都市横浜", "2", "7", "4", "13"],
        ["4 地球にやさしい環境", "2", "12", "4", "18"],
        ["官民データの活用<再掲>", "5", "20", "4", "29"],
        ["先端技術の活用<再掲>", "1", "6", "5", "12"],
        ["全施策 (70 施策)", "8", "54", "8", "70"],
    ]
    for r in rows:
        assert seed_text(r["seed_line"]) == squeeze("".join(v for k, v in r.items() if k != "seed_line"))


def test_relisted_lists_match_the_seed_and_the_flags() -> None:
    kanmin = truth("table_kanmin_data_relisted")
    sentan = truth("table_sentan_gijutsu_relisted")
    assert len(kanmin) == 29
    assert len(sentan) == 12
    numbers = {name: {r["施策名"].split(" ")[0] for r in rows} for name, rows in (("k", kanmin), ("s", sentan))}
    measures = truth("measures")
    flagged_k = {m["measure_key"] for m in measures if m["flag_kanmin_data"] == "true"}
    flagged_s = {m["measure_key"] for m in measures if m["flag_sentan_gijutsu"] == "true"}
    # Only the detail-only 施策 71 carries ○ without being re-listed (an inconsistency of the seed).
    assert flagged_k - numbers["k"] == {"71"}
    assert flagged_s - numbers["s"] == {"71"}
    assert numbers["k"] <= flagged_k
    assert numbers["s"] <= flagged_s
    for r in kanmin + sentan:
        assert squeeze(r["施策名"]) in seed_text(r["seed_line"])
        assert squeeze(r["30年度目標達成率"] + r["元年度目標達成率"]) in seed_text(r["seed_line"])


def test_every_truth_value_is_on_its_seed_line() -> None:
    for m in truth("measures"):
        list_line, *_ = m["seed_line"].split()
        assert squeeze(m["title"]) in seed_text(m["seed_line"]), m["measure_key"]
        assert squeeze(m["detail_title_printed"]) in seed_text(m["detail_seed_line"]), m["measure_key"]
        for department in m["departments"].split(" | "):
            assert squeeze(department) in seed_text(m["seed_line"]), m["measure_key"]
        for division in filter(None, m["divisions"].split(" | ")):
            assert squeeze(division) in seed_text(list_line), m["measure_key"]
    for v in truth("indicator_values"):
        line = seed_text(v["seed_line"])
        assert squeeze(v["value_text"]) in line, v
        assert squeeze(v["indicator_name"]) in line or v["indicator_key"] == "rate", v
        if v["value"]:
            number = float(v["value"])
            printed = float(re.sub(r"[^\d.]", "", re.match(r"[①-⑨\s]*([\d,.]+)", v["value_text"])[1]))
            # The contract's units: 割 is ten percent, 万 ten thousand.
            scale = 10 if "割" in v["value_text"] else 10_000 if "万" in v["value_text"] else 1
            assert number == printed * scale, v
    for g in truth("grades"):
        line = seed_text(g["seed_line"])
        assert squeeze(g["value_text"]) in line and squeeze(g["stated_value_text"]) in line, g
        assert g["stated_value_text"] == f"{g['stated_value']}%"


def test_rates_and_grades_per_measure() -> None:
    rates = Counter((v["measure_key"], v["place"]) for v in truth("indicator_values") if v["indicator_key"] == "rate")
    grades = Counter((g["measure_key"], g["place"]) for g in truth("grades"))
    for key in map(str, range(1, 71)):
        assert rates[(key, "list")] == rates[(key, "detail")] == 2
        assert grades[(key, "list")] == grades[(key, "detail")] == 1
    assert rates[("71", "detail")] == 2 and grades[("71", "detail")] == 0


def test_summary_inconsistencies_are_recomputed_from_the_list() -> None:
    measures = {m["measure_key"]: m for m in truth("measures")}
    counted = Counter(
        (measures[g["measure_key"]]["group_name"], g["stated_grade"]) for g in truth("grades") if g["place"] == "list"
    )
    found = {(r["scope"], r["stated"], r["expected"]) for r in truth("inconsistencies") if r["kind"] == "summary_count"}
    expected = set()
    for row in truth("table_bunya_summary")[:4]:
        label = row["分野 (4つの柱)"]
        group = label.split(" ", 1)[1]
        recount = {f"{g}評価": counted[(group, g)] for g in "ABC"}
        recount["合計"] = sum(recount.values())
        for column, value in recount.items():
            if int(row[column]) != value:
                expected.add((f"分野別集計 {label} / {column}", row[column], str(value)))
    assert found == expected
    assert len(found) == 15


def test_mean_inconsistency_of_measure_29() -> None:
    rows = [r for r in truth("inconsistencies") if r["measure_key"] == "29"]
    assert {r["kind"] for r in rows} == {"list_vs_detail", "mean_mismatch"}
    detail = {
        v["fiscal_year"]: float(v["value"])
        for v in truth("indicator_values")
        if v["measure_key"] == "29" and v["place"] == "detail" and v["indicator_key"] == "rate"
    }
    assert (detail["2018"] + detail["2019"]) / 2 == 202.5


def test_pdf_contains_the_truth(pdf_pages: list[str], pdf_text: str) -> None:
    text = pdf_text
    for m in truth("measures"):
        assert squeeze(m["title_printed"] or m["title"]) in text
        assert squeeze(m["detail_title_printed"]) in text
    for v in truth("indicator_values"):
        assert squeeze(v["value_text"]) in text
    for r in truth("table_bunya_summary"):
        assert squeeze(r["分野 (4つの柱)"]) in text
    assert "(cid:" not in text
    # One detail sheet per measure, each with its ○ box headers.
    sheets = [p for p in pdf_pages if re.search(r"施策 \d\d", p) and "官民データ" in p and "先端技術" in p]
    assert len(sheets) == 71


def test_list_pages_repeat_the_header_and_the_group_label(pdf_pages: list[str]) -> None:
    list_pages = [p for p in pdf_pages if "成指標平均" in p.replace("\n", "")]
    assert len(list_pages) >= 3
    for page in list_pages:
        assert "施策名" in page and "所管課" in page
    with pdfplumber.open(PDF) as pdf:
        # The vertical label: its characters stacked one above the other in one narrow column.
        page = pdf.pages[pdf_pages.index(list_pages[0])]
        chars = [c for c in page.chars if c["text"] in "安全で安心で豊かな市民生活" and c["x1"] < builder.MARGIN_X + 25]
        assert len({round(c["x0"]) for c in chars}) == 1
        assert len({round(c["top"]) for c in chars}) == len(chars) >= 10


def test_rebuild_is_deterministic(tmp_path: Path, pdf_pages: list[str]) -> None:
    builder.build(tmp_path, TRUTH_DIR, Variant(0), tmp_path / "truth")
    with pdfplumber.open(tmp_path / PDF.name) as pdf:
        rebuilt = [page.extract_text() or "" for page in pdf.pages]
    assert rebuilt == pdf_pages
    assert (tmp_path / PDF.name).read_bytes() == PDF.read_bytes()


def test_variant_differs_and_matches_its_documents(tmp_path: Path) -> None:
    builder.build(tmp_path, TRUTH_DIR, Variant(3), tmp_path / "truth")
    variant_truth = tmp_path / "truth"
    document = truth("document", variant_truth)[0]
    assert document["report_fiscal_year"] != truth("document")[0]["report_fiscal_year"]
    measures = truth("measures", variant_truth)
    canonical_keys = {m["measure_key"] for m in truth("measures")}
    keys = {m["measure_key"] for m in measures}
    assert canonical_keys - keys and keys - canonical_keys
    years = {v["fiscal_year"] for v in truth("indicator_values", variant_truth)}
    assert "2018" not in years and len(years) == 2
    text = document_text(tmp_path / PDF.name)
    for m in measures:
        assert squeeze(m["detail_title_printed"]) in text
    for r in truth("table_bunya_summary", variant_truth):
        assert "|".join(squeeze(r[c]) for c in ("分野 (4つの柱)", "A評価", "B評価", "C評価", "合計")) in text
    for v in truth("indicator_values", variant_truth):
        assert squeeze(v["value_text"]) in text
    incons = truth("inconsistencies", variant_truth)
    assert {"list_vs_detail", "mean_mismatch"} <= {r["kind"] for r in incons}
    listed = sum(m["in_list"] == "true" for m in measures)
    total = next(r for r in truth("table_bunya_summary", variant_truth) if r["分野 (4つの柱)"].startswith("全施策"))
    assert int(total["合計"]) == listed


def test_a_variant_with_its_layout_knobs_rebuilds_the_same(tmp_path: Path) -> None:
    # Variant 9 prints the lists on landscape pages, in another column order, with 分野 group rows.
    assert {LANDSCAPE, COLUMN_ORDER, GROUP_ROWS} <= Variant(9).knobs
    built = [builder.build(tmp_path / n, TRUTH_DIR, Variant(9), tmp_path / n / "truth")[0] for n in ("a", "b")]
    assert built[0].read_bytes() == built[1].read_bytes()
    with pdfplumber.open(built[0]) as pdf:
        sizes = {(round(p.width), round(p.height)) for p in pdf.pages}
        text = "".join(p.extract_text() or "" for p in pdf.pages)
    assert sizes == {(595, 842), (842, 595)}
    listed = truth("measures", tmp_path / "a" / "truth")
    assert all(m["group_label"] in text for m in listed if m["in_list"] == "true")
