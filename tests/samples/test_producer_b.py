"""The second producer (samples/build/producer_b/): deterministic editions, and committed documents that
print the samples' own facts. Neither needs a browser: an edition is compared as the HTML Chromium
prints, and the committed PDFs are read as they are."""

from __future__ import annotations

import importlib
import re
from collections import Counter
from pathlib import Path
from types import ModuleType

import openpyxl
import pdfplumber
import pytest

from samples.build.producer_b import hokkaido_basic_evaluation as hokkaido
from samples.build.producer_b import sasebo_dx_action_plan as sasebo
from samples.build.producer_b import tokorozawa_ict_action_plan as tokorozawa
from samples.build.producer_b import yokohama_action_plan_review as review
from samples.build.producer_b import yokohama_kanmin_data_status as kanmin
from samples.build.producer_b.__main__ import BUILDERS
from samples.build.producer_b.edition import (
    AMOUNT_HEADERS,
    FULL_COST_HEADERS,
    REVENUE_HEADERS,
    Edition,
    read_series_truth,
    shift_years,
    wareki,
)
from samples.build.producer_b.workbook import write_workbook

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "samples" / "producer-b"


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def printed_edition(module: ModuleType, number: int) -> tuple[str, dict[str, list[dict[str, str]]]]:
    """The HTML Chromium would print for edition `number` of a report, and that edition's truth."""
    ed = Edition(number)
    truth = read_series_truth(module.REPORT)
    layout = module.edition_truth(ed, truth)
    return module.render(ed, truth, layout), truth


def kanmin_edition(number: int) -> tuple[str, dict[str, list[dict[str, str]]]]:
    return printed_edition(kanmin, number)


@pytest.mark.parametrize("report", sorted(BUILDERS))
@pytest.mark.parametrize("number", [0, 1, 2, 5])
def test_an_edition_is_the_same_on_every_build(report: str, number: int) -> None:
    module = importlib.import_module(BUILDERS[report])
    assert printed_edition(module, number) == printed_edition(module, number)


def workbook_cells(path: Path) -> list[tuple[str, object, str]]:
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    return [(c.coordinate, c.value, c.number_format) for row in sheet.iter_rows() for c in row]


def test_a_workbook_is_the_same_in_every_cell_on_every_build(tmp_path: Path) -> None:
    built = []
    for attempt in ("first", "second"):
        ed = Edition(3)
        truth = read_series_truth(hokkaido.REPORT)
        layout = hokkaido.edition_truth(ed, truth)
        blocks = hokkaido.Form(ed, truth, layout, workbook=True).blocks()
        path = write_workbook(tmp_path / f"{attempt}.xlsx", "調書", "title", blocks, (10,) * 10, landscape=True)
        built.append(workbook_cells(path))
    assert built[0] == built[1]


def test_editions_differ_and_their_truth_follows_the_year() -> None:
    page0, truth0 = kanmin_edition(0)
    page1, truth1 = kanmin_edition(1)
    assert page0 != page1
    year = int(truth1["document"][0]["report_fiscal_year"])
    assert year in (2019, 2020, 2021)
    assert {r["fiscal_year"] for r in truth1["indicator_values"]} == {str(year)}
    assert wareki(year) in truth1["document"][0]["title"]
    # Two indicators dropped, one added; the planted inconsistencies name this edition's count.
    assert len(truth1["indicator_values"]) == len(truth0["indicator_values"]) - 1
    kinds = {i["kind"]: i for i in truth1["inconsistencies"]}
    assert set(kinds) == {"duplicate_indicator", "status_summary_total", "sentence_count"}
    assert kinds["status_summary_total"]["stated"] == "27"
    assert kinds["status_summary_total"]["expected"] == "26"


def test_a_tokorozawa_edition_renumbers_its_systems_and_shifts_its_years() -> None:
    ed = Edition(1)
    page, truth = printed_edition(tokorozawa, 1)
    _, canonical = printed_edition(tokorozawa, 0)
    shift = ed.year_shift
    assert shift in (1, 2, 3)
    assert truth["document"][0]["report_fiscal_year"] == str(2021 + shift)
    assert f"{2019 + shift}-{2021 + shift}" in truth["document"][0]["title"]
    assert {b["fiscal_year"] for b in truth["budgets"]} == {str(y + shift) for y in (2019, 2020, 2021)}
    # Two systems dropped, one added; every P. is the page of a sheet, so the keys run on without a gap.
    keys = [int(m["measure_key"]) for m in truth["measures"]]
    assert len(keys) == len(canonical["measures"]) - 1
    assert keys == list(range(keys[0], keys[0] + len(keys)))
    assert "電子契約システム" in {m["title"] for m in truth["measures"]}
    for name, column in tokorozawa.KEYED_TABLES:
        assert {r[column] for r in truth[name]} == {str(k) for k in keys}, name
    # A finding still names the system it is about, under its new P.
    moved = next(i for i in truth["inconsistencies"] if i["kind"] == "department_mismatch")
    page_no = re.match(r"P\.(\d+)", moved["scope"]).group(1)  # type: ignore[union-attr]
    assert next(m for m in truth["measures"] if m["measure_key"] == page_no)["divisions"] == "地域づくり支援課"
    # 表３－２ counts this edition's 表４－１; the plan's own sheet keeps its misstated totals.
    final = Counter(r["評価結果 総括"] for r in truth["table_grade_list"])
    printed = [int(re.match(r"\d+", r["Ａ評価"]).group()) for r in truth["table_vision_summary_3_2"]]  # type: ignore[union-attr]
    assert sum(printed) == final["Ａ"]
    stated = next(i for i in truth["inconsistencies"] if i["kind"] == "narrative_total_mismatch")
    assert stated["expected"] == f"A {final['Ａ']}, B {final['Ｂ']}"
    assert stated["stated"] == f"A {final['Ａ'] - 2}, B {final['Ｂ'] + 2}"
    assert f"全 {len(keys)}システムのうち A：{final['Ａ'] - 2}件" in page
    assert f"評価結果 R{3 + shift}" in page and f"{wareki(2021 + shift)} 進捗状況評価" in page
    assert f"R{1 + shift}年度予算" in page and "R1年度予算" not in page


def test_a_yokohama_review_edition_drops_and_adds_measures_and_recounts_its_summary() -> None:
    page, truth = printed_edition(review, 1)
    _, canonical = printed_edition(review, 0)
    listed = [m for m in truth["measures"] if m["in_list"] == "true"]
    assert len(listed) == len([m for m in canonical["measures"] if m["in_list"] == "true"]) - 1
    added = next(m for m in truth["measures"] if m["title"].endswith(review.ADDED_TITLE))
    assert added["in_list"] == "true" and f"施策 {added['measure_key']}" in page
    assert {r["measure_key"] for r in truth["grades"]} == {m["measure_key"] for m in listed}
    total = truth["table_bunya_summary"][-1]
    assert total["合計"] == str(len(listed)) and f"全{len(listed)}施策" in page
    # Every 分野 cell the list does not support is a finding, and only those.
    grade_of = {g["measure_key"]: g["stated_grade"] for g in truth["grades"] if g["place"] == "list"}
    unsupported = set()
    for row in truth["table_bunya_summary"][:4]:
        members = [grade_of[m["measure_key"]] for m in listed if m["group_name"] in row["分野 (4つの柱)"]]
        counts = {f"{g}評価": members.count(g) for g in "ABC"} | {"合計": len(members)}
        unsupported |= {f"{row['分野 (4つの柱)']} / {c}" for c, n in counts.items() if int(row[c]) != n}
    found = {i["scope"].removeprefix("分野別集計 ") for i in truth["inconsistencies"] if i["kind"] == "summary_count"}
    assert found == unsupported and found
    missing = next(i for i in truth["inconsistencies"] if i["kind"] == "measure_not_in_list")
    assert (missing["stated"], missing["expected"]) == (str(len(listed)), str(len(listed) + 1))
    # Every 目標達成率 head (the 施策一覧's, the 再掲 lists', the detail sheets') names the edition's years.
    years = {int(v["fiscal_year"]) for v in truth["indicator_values"] if v["indicator_key"] == "rate"}
    heads = set(re.findall(r"<th>((?:令和|平成)?(?:元|\d+)年度)目標達成率</th>", page))
    assert heads == {wareki(y, era=e) for y in years for e in (True, False)}


@pytest.mark.parametrize("module", [kanmin, review], ids=["kanmin", "review"])
def test_an_edition_may_print_its_lists_on_landscape_pages(module: ModuleType) -> None:
    number = next(n for n in range(1, 10) if Edition(n).landscape_lists)
    page, _ = printed_edition(module, number)
    assert "@page landscape" in page and page.count('class="landscape"') == 1
    canonical, _ = printed_edition(module, 0)
    assert "landscape" not in canonical


def test_years_shift_with_their_era() -> None:
    assert shift_years("平成30年度末までに", 1) == "令和元年度末までに"
    assert shift_years("30年度に達成(完了)したもの", 2) == "2年度に達成(完了)したもの"
    assert shift_years("元年度", 3) == "4年度"
    assert wareki(2018) == "平成30年度" and wareki(2019, era=False) == "元年度"


def printed_cells(pdf_path: Path) -> tuple[str, set[str]]:
    """The document's text (whitespace dropped) and every table cell pdfplumber reads from its ruling."""
    cells: set[str] = set()
    text = ""
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            text += squash(page.extract_text() or "")
            for found in page.find_tables():
                cells.update(squash(cell) for row in found.extract() for cell in row if cell)
    return text, cells


def test_the_committed_kanmin_report_prints_the_samples_facts() -> None:
    with pdfplumber.open(COMMITTED / kanmin.PDF_NAME) as pdf:
        fonts = {c["fontname"].split("+")[-1] for page in pdf.pages for c in page.chars}
    assert fonts == {"IPAMincho", "IPAPGothic"}
    text, cells = printed_cells(COMMITTED / kanmin.PDF_NAME)
    truth = read_series_truth(kanmin.REPORT)
    assert {squash(m["title"]) for m in truth["measures"]} <= cells
    assert {squash(v["value_text"]) for v in truth["indicator_values"]} <= cells
    assert "27の評価指標の進捗状況" in text
    assert "取組が進んでいるもの［19指標］" in cells


def test_the_committed_hokkaido_workbook_follows_the_offices_conventions() -> None:
    sheet = openpyxl.load_workbook(COMMITTED / f"{hokkaido.REPORT}.xlsx").active
    assert sheet is not None
    assert all(cell.value is None for (cell,) in sheet.iter_rows(min_col=1, max_col=1))
    assert sheet.freeze_panes is not None and sheet.print_area
    title = sheet.cell(1, 2)
    assert title.value == "令和2年度 基本評価調書" and title.coordinate in sheet.merged_cells
    truth = read_series_truth(hokkaido.REPORT)
    costs = {b["measure_key"]: float(b["amount"]) / 1000 for b in truth["budgets"] if b["item"] == "project_cost"}
    stored = {}
    for row in sheet.iter_rows(min_col=2):
        amounts = [c.value for c in row if c.number_format == hokkaido.YEN_FORMAT]
        if str(row[0].value) in costs and amounts:
            stored[str(row[0].value)] = amounts[0]
    assert stored == costs
    percents = [c for row in sheet.iter_rows() for c in row if c.number_format == hokkaido.PERCENT_FORMAT]
    assert {round(c.value, 3) for c in percents} >= {0.794, 1.4, 1.5, 1.36, 1.67, 1.23, 1.11}


def test_the_committed_hokkaido_print_prints_the_projects() -> None:
    _, cells = printed_cells(COMMITTED / f"{hokkaido.REPORT}.pdf")
    truth = read_series_truth(hokkaido.REPORT)
    assert {squash(m["title"]) for m in truth["measures"]} <= cells
    assert {squash(b["value_text"]) for b in truth["budgets"]} <= cells


def test_the_committed_sasebo_list_prints_every_project_and_figure() -> None:
    truth = read_series_truth(sasebo.REPORT)
    projects = [m for m in truth["measures"] if m["level"] == "project"]
    figures = [v for v in truth["indicator_values"] if v["place"] == sasebo.PLACE]
    sheet = openpyxl.load_workbook(COMMITTED / f"{sasebo.LIST_NAME}.xlsx").active
    assert sheet is not None and sheet.freeze_panes == "B6" and sheet.print_area
    texts = {squash(str(c.value)) for row in sheet.iter_rows() for c in row if c.value is not None}
    assert {squash(p["measure_no"]) for p in projects} <= texts
    assert {squash(p["title"]) for p in projects} <= texts
    percents = {round(c.value * 100, 1) for row in sheet.iter_rows() for c in row if c.number_format == "0.0%"}
    assert {float(v["value"]) for v in figures if v["value_text"].endswith("%")} <= percents
    # A row the page break cuts has no bottom rule on its first page, so its cells are only text there; a
    # PID that also wraps at its hyphen is then in pieces (at most one such row per page break).
    text, cells = printed_cells(COMMITTED / f"{sasebo.LIST_NAME}.pdf")
    assert [
        v["value_text"]
        for v in figures
        if squash(v["value_text"]) not in cells | {""} and squash(v["value_text"]) not in text
    ] == []
    pids = [squash(p["measure_no"]) for p in projects]
    assert len([pid for pid in pids if pid not in cells and pid not in text]) <= 3
    assert len([pid for pid in pids if pid in cells]) >= len(projects) - 4


def test_the_committed_yokohama_review_prints_the_list_and_every_detail_block() -> None:
    truth = read_series_truth(review.REPORT)
    text, cells = printed_cells(COMMITTED / review.PDF_NAME)
    # Chromium's text map gives the title's ～ (U+FF5E) back as 〜 (U+301C, the wave dash).
    assert squash(truth["document"][0]["title"]).replace("～", "〜") in text
    listed = [m for m in truth["measures"] if m["in_list"] == "true"]
    assert {squash(f"{m['measure_no']}{m['title_printed']}") for m in listed} <= cells
    assert {f"施策{int(m['measure_key']):02d}" for m in truth["measures"]} <= cells
    details = [g for g in truth["grades"] if g["place"] == "detail"]
    assert {squash(g["value_text"]) for g in details} <= cells
    assert "約88%にあたる62施策" in text


def test_the_committed_tokorozawa_report_puts_every_sheet_on_the_page_its_list_names() -> None:
    truth = read_series_truth(tokorozawa.REPORT)
    with pdfplumber.open(COMMITTED / tokorozawa.PDF_NAME) as pdf:
        for measure in truth["measures"]:
            page = pdf.pages[int(measure["measure_key"]) - 1]
            cells = {squash(c or "") for t in page.find_tables() for row in t.extract() for c in row}
            assert squash(measure["title"]) in cells, measure["measure_key"]
            amounts = {squash(b["value_text"]) for b in truth["budgets"] if b["measure_key"] == measure["measure_key"]}
            assert amounts <= cells, measure["measure_key"]


def test_every_layout_knob_is_in_several_editions_and_every_edition_has_several() -> None:
    editions = [Edition(n) for n in range(1, 10)]
    knobs = {
        "landscape": [ed.landscape_lists for ed in editions],
        "page breaks": [ed.break_sections for ed in editions],
        "column order": [ed.column_order for ed in editions],
        "header wording": [ed.header_wording for ed in editions],
        "group rows": [ed.group_rows for ed in editions],
    }
    assert {name: sum(on) >= 2 for name, on in knobs.items()} == dict.fromkeys(knobs, True)
    assert all(sum(on[i] for on in knobs.values()) >= 3 for i in range(len(editions)))
    # The reworded editions print every other form of the amount head.
    assert {ed.amount_header for ed in editions if ed.header_wording} == set(AMOUNT_HEADERS[1:])
    assert not any(getattr(Edition(0), k) for k in ("landscape_lists", "column_order", "group_rows", "header_wording"))


@pytest.mark.parametrize("report", sorted(BUILDERS))
def test_the_layout_knobs_change_the_print_and_no_fact(report: str) -> None:
    module = importlib.import_module(BUILDERS[report])
    for number in range(1, 10):
        plain = Edition(number)
        for knob in ("landscape_lists", "break_sections", "column_order", "group_rows", "header_wording"):
            setattr(plain, knob, False)
        plain.amount_header, plain.revenue_header, plain.full_cost_header = (
            AMOUNT_HEADERS[0],
            REVENUE_HEADERS[0],
            FULL_COST_HEADERS[0],
        )
        plain_truth = read_series_truth(module.REPORT)
        plain_layout = module.edition_truth(plain, plain_truth)
        knobbed_truth = read_series_truth(module.REPORT)
        knobbed_layout = module.edition_truth(Edition(number), knobbed_truth)
        assert knobbed_truth == plain_truth, number
        plain_layout.setdefault("blank_pages", 0)
        knobbed_layout.setdefault("blank_pages", 0)
        # 佐世保 prints two documents: the knobs an edition turns on may show in either.
        renders = [module.render, *([module.render_plan] if hasattr(module, "render_plan") else [])]
        knobbed = [render(Edition(number), knobbed_truth, knobbed_layout) for render in renders]
        assert knobbed != [render(plain, plain_truth, plain_layout) for render in renders], number
