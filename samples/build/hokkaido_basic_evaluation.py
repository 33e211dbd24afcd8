"""北海道 令和2年度 基本評価調書 (施策 02-10 ICTの利活用の推進): the 方眼紙 workbook and its PDF print.

The workbook is written with openpyxl (narrow columns, merged blocks, borders, `#,##0`, formulas for
人工計, フルコスト, 達成率 and every 計), then opened and saved by LibreOffice so that the formulas
carry cached values as an office suite stores them, and printed to PDF by LibreOffice.
"""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.properties import PageSetupProperties

from samples.build.common import Variant, soffice_convert, write_truth
from samples.build.hokkaido_basic_evaluation_model import (
    REPORT,
    Edition,
    Project,
    band,
    canonical_edition,
    era_short,
    judgement_rule,
    percent_text,
    rounded,
    truth_rows,
)
from samples.build.hokkaido_basic_evaluation_sheet import COLUMNS, build_sheet

PAGE_SECTIONS = ("results", "indicator", "projects", "evaluation", "reflection")
COLUMN_WIDTH = 2.5


def variant_edition(ed: Edition, variant: Variant) -> Edition:
    """Another edition of the series: later fiscal year, rows dropped and added, values changed,
    and two planted inconsistencies (a 達成度合 its rate does not support, a typed フルコスト)."""
    rng = variant.rng
    shift = rng.choice((1, 2, 3))
    year = ed.report_year + shift
    keep = {r["事務事業 整理番号"] for r in ed.reflection_list}
    droppable = [p for p in ed.projects if p.no not in keep]
    dropped = {p.no for p in rng.sample(droppable, 2)}
    projects = []
    for p in ed.projects:
        if p.no in dropped:
            continue
        projects.append(dataclasses.replace(p))
    for p in rng.sample(projects, 3):
        factor = rng.uniform(0.8, 1.2)
        p.cost = int(p.cost * factor)
        p.general = min(p.cost, int(p.general * factor))
    new_no = str(max(int(p.no) for p in ed.projects) + 1)
    new_cost = rng.randrange(20_000, 60_000)
    projects.append(
        Project(
            no=new_no,
            system=projects[0].system,
            title="「北海道Society5.0」推進事業",
            summary="「北海道Society5.0」の実現に向け、市町村の地域課題と企業とのマッチングによりIoT実装を支援する。",
            division=projects[0].division,
            cost=new_cost,
            general=new_cost // 2,
            staff_main=rng.choice((0.5, 1.0, 1.5)),
            staff_branch=0.0,
        )
    )
    # A constant typed over one フルコスト formula, off by a round amount.
    typed = rng.choice([p for p in projects if p.staff_total])
    typed.typed_full_cost = typed.full_cost(ed.unit_cost) + rng.choice((1_000, 2_000, 5_000))
    planted = [
        {
            "kind": "full_cost",
            "scope": f"4 事務事業の設定 {typed.no} フルコスト",
            "stated": f"{typed.typed_full_cost:,}",
            "expected": f"{int(rounded(typed.cost + typed.staff_total * ed.unit_cost)):,}",
            "seed_line": typed.seed_line,
            "description": f"フルコストは事業費 + 人工計 × {ed.unit_cost:,} 千円で計算される列だが、"
            "この行だけ数式ではなく値が入力されていて一致しない。",
        }
    ]

    ind = ed.indicator
    yearly = []
    for i, (y, target, actual) in enumerate(ind.yearly):
        new_target = target + 4 * shift
        new_actual = actual
        if i == 0 and actual is not None:
            # The previous year's actual falls into band B while 達成度合 stays A as printed.
            new_actual = float(int(new_target * rng.uniform(0.91, 0.97)))
        yearly.append((y + shift, new_target, new_actual))
    levels = {y + shift: level for y, level in ind.levels.items()}
    shifted_ind = dataclasses.replace(
        ind,
        base_year=ind.base_year + shift,
        target_year=ind.target_year + shift,
        target=yearly[1][1],
        final_year=ind.final_year + shift,
        yearly=yearly,
        levels=levels,
    )
    latest_year, latest_target, latest_actual = shifted_ind.latest
    rate = rounded(latest_actual / latest_target * 100)
    if band(rate) != levels[latest_year]:
        planted.append(
            {
                "kind": "achievement_level",
                "scope": f"3-2 成果指標の達成度合 評価年度 {era_short(latest_year)}",
                "stated": levels[latest_year],
                "expected": band(rate),
                "seed_line": "72 73 77",
                "description": f"達成率 {percent_text(rate, 0)} は {band(rate)} の帯"
                f"(A 100%以上、B 90%以上100%未満)にあるが、達成度合は {levels[latest_year]} と記載。",
            }
        )
    budgets = [(y + shift, amount, line) for y, amount, line in ed.budgets]
    total = sum(p.cost for p in projects)
    budgets[-1] = (budgets[-1][0], total, budgets[-1][2])
    judgement = judgement_rule(ed.marks)  # this edition prints the rule's own lower-case letter
    return dataclasses.replace(
        ed,
        report_year=year,
        budgets=budgets,
        indicator=shifted_ind,
        projects=projects,
        judgement=judgement,
        year_shift=shift,
        planted=planted,
    )


def page_setup(wb: Workbook, font: str) -> None:
    """A4 landscape, fit to the page width, with a running header and page numbers in the footer."""
    ws = wb.active
    assert ws is not None
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.page_margins.header = ws.page_margins.footer = 0.25
    ws.oddFooter.center.text = "- &P / &N -"
    ws.oddFooter.center.size = 8
    ws.oddFooter.center.font = f"{font},Regular"
    ws.oddHeader.right.text = "北海道 目標管理型行政運営システム"
    ws.oddHeader.right.size = 7
    ws.oddHeader.right.font = f"{font},Regular"


def build(out_dir: Path, truth_dir: Path, variant: Variant, truth_out: Path) -> list[Path]:
    edition = canonical_edition(truth_dir)
    breaks = set(PAGE_SECTIONS)
    project_break = None
    if not variant.canonical:
        edition = variant_edition(edition, variant)
        # Another print: two sections share a page, and the 事務事業 table runs over a page break.
        breaks -= set(variant.rng.sample(PAGE_SECTIONS, 2))
        project_break = variant.rng.randrange(6, len(edition.projects) - 3)
    font = variant.font()
    widths = [round(variant.jitter(COLUMN_WIDTH), 2) for _ in range(COLUMNS)]

    wb = Workbook()
    build_sheet(wb, edition, font, widths, breaks, project_break, variant)
    page_setup(wb, font)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        draft = Path(tmp) / f"{REPORT}.xlsx"
        wb.save(draft)
        # Open-and-save by LibreOffice: stores every formula's cached value, as an office suite does.
        workbook = soffice_convert(draft, "xlsx", out_dir)
    check_cached_values(workbook)
    pdf = soffice_convert(workbook, "pdf", out_dir)
    if not variant.canonical:
        for name, rows in truth_rows(edition).items():
            write_truth(REPORT, name, rows, truth_out)
    return [workbook, pdf]


def check_cached_values(path: Path) -> None:
    """Every formula cell of the saved workbook must carry its cached value."""
    formulas = load_workbook(path).active
    values = load_workbook(path, data_only=True).active
    assert formulas is not None and values is not None
    missing = [
        c.coordinate
        for row in formulas.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith("=") and values[c.coordinate].value is None
    ]
    if missing:
        raise RuntimeError(f"formulas without a cached value after LibreOffice saved {path}: {missing[:5]}")
