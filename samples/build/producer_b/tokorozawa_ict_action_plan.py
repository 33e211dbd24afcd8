"""所沢市 ICT推進アクションプラン 評価, as this producer prints it: an A4 HTML report through Chromium.

Its own layout: the evaluation criteria, the narrative and the summary tables of the results, 表４－１ as
one shaded list, then one sheet per system on the page its P. names (the report pads with blank pages
so that the first sheet falls on its page, as an office does before a fixed-page annex): a head table
(システム名 / 担当課 / ビジョン / 段階), the budget table (its year heads as the truth prints them, 予算額
and 決算額 in 円), the evaluation table and, where the report states one, the 評価理由; the 参考資料
closes it. It prints the truth's facts and no seed narrative beyond the sentences the truth transcribes.

An edition plants one 決算額 above its 予算額 (recorded in its truth).
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from samples.build.producer_b.chromium import Cell, document, heading, paragraph, print_pdf, table
from samples.build.producer_b.edition import Edition, Rows, read_series_truth, write_series_truth

REPORT = "tokorozawa_ict_action_plan"
PDF_NAME = f"{REPORT}.pdf"
GRADE_WORDS = {"A": "Ａ：適切", "B": "Ｂ：おおむね適切", "C": "Ｃ：改善の余地あり", "D": "Ｄ：見直しの是非を検討"}
ITEMS = (("budget", "予算額"), ("settlement", "決算額"))


def edition_truth(ed: Edition, truth: dict[str, Rows]) -> dict[str, object]:
    """Changes the facts for edition `ed` (in place); returns the layout choices that go with them."""
    if ed.canonical:
        return {}
    named = " ".join(i["scope"] for i in truth["inconsistencies"])
    budgets = {(b["measure_key"], b["fiscal_year"], b["item"]): b for b in truth["budgets"]}
    candidates = sorted(
        {(k, y) for k, y, _ in budgets if f"P.{k} " not in named and budgets[(k, y, "budget")]["amount"] != "0"},
        key=lambda ky: (int(ky[0]), ky[1]),
    )
    key, year = ed.rng.choice(candidates)
    budget, settlement = budgets[(key, year, "budget")], budgets[(key, year, "settlement")]
    raised = int(budget["amount"]) + ed.rng.randint(1000, 90000)
    settlement["amount"], settlement["value_text"] = str(raised), f"{raised:,}"
    title = next(m["title"] for m in truth["measures"] if m["measure_key"] == key)
    label = f"R{int(year) - 2018}年度"
    truth["inconsistencies"].append(
        {
            "kind": "settlement_exceeds_budget",
            "scope": f"P.{key} {title}: {label} 決算額 vs 予算額",
            "stated": settlement["value_text"],
            "expected": f"<= {budget['value_text']}",
            "seed_line": "",
            "description": f"{label} 決算額 {settlement['value_text']} 円 > 予算額 {budget['value_text']} 円.",
            "measure_key": key,
        }
    )
    return {}


def printed_table(rows: Rows, caption: str = "") -> str:
    columns = [c for c in rows[0] if c not in ("seed_line", "grade_type")]
    return table([columns], [[r[c] for c in columns] for r in rows], caption=caption)


def grade(truth: dict[str, Rows], key: str, grade_type: str) -> str:
    found = next(
        (
            g
            for g in truth["grades"]
            if g["measure_key"] == key and g["grade_type"] == grade_type and g["place"] == "sheet"
        ),
        None,
    )
    return GRADE_WORDS.get(found["stated_grade"], found["value_text"]) if found else "－"


def sheet(truth: dict[str, Rows], measure: dict[str, str]) -> str:
    key = measure["measure_key"]
    heads = next(h for h in truth["table_sheet_budget_headers"] if h["measure_key"] == key)
    labels = [heads[c] for c in ("列1", "列2", "列3")]
    amounts = {(b["fiscal_year"], b["item"]): b["value_text"] for b in truth["budgets"] if b["measure_key"] == key}
    years = sorted({y for y, _ in amounts})
    budget_rows = [
        [Cell(word, header=True), *(Cell(amounts.get((y, item), "－"), css="num") for y in years)]
        for item, word in ITEMS
    ]
    parts = [
        heading(2, f"{measure['title']}", page_break=True),
        table(
            [],
            [
                [Cell("システム名", header=True), Cell(measure["title"], colspan=3)],
                [Cell("担当課名", header=True), measure["divisions"], Cell("段階", header=True), measure["stage"]],
                [Cell("ビジョン", header=True), Cell(measure["group_name"], colspan=3)],
            ],
            widths=("18%", "42%", "12%", "28%"),
        ),
        table([[Cell("区分（単位：円）", header=True), *(Cell(label, header=True) for label in labels)]], budget_rows),
        table(
            [[Cell("評価項目", header=True), Cell("評価", header=True)]],
            [
                ["令和3年度 進捗状況評価", Cell(grade(truth, key, "r3_progress"), css="center")],
                ["目標達成指標 総括評価", Cell(grade(truth, key, "final"), css="center")],
            ],
            caption="評価",
        ),
    ]
    reasons = [r["sentence"] for r in truth["table_narrative_totals"] if sheet_of(truth, r) == key]
    if reasons:
        parts.append(heading(3, "評価理由"))
        parts += [paragraph(s) for s in reasons]
    return "".join(parts)


def first_line(row: dict[str, str]) -> int:
    return int(row["seed_line"].split()[0])


def sheet_of(truth: dict[str, Rows], narrative: dict[str, str]) -> str | None:
    """The sheet a narrative sentence is printed on (the last sheet starting before it), or None for
    the sentences of the summary pages, printed before the first sheet."""
    starts = sorted((first_line(m), m["measure_key"]) for m in truth["measures"])
    before = [key for line, key in starts if line < first_line(narrative)]
    return before[-1] if before else None


def preamble(truth: dict[str, Rows]) -> list[str]:
    overview = [r["sentence"] for r in truth["table_narrative_totals"] if sheet_of(truth, r) is None]
    return [
        f"<h1>{truth['document'][0]['title']}</h1>",
        paragraph("令和4年3月", "cover-date"),
        paragraph("所沢市", "cover-city"),
        heading(2, "1 評価の方法", page_break=True),
        paragraph("各システムの取組について、計画に対する進捗状況を次の4段階で評価しました。"),
        printed_table(truth["table_evaluation_criteria"], "評価の基準"),
        heading(2, "2 評価結果の概要", page_break=True),
        *(paragraph(s) for s in overview),
        printed_table(truth["table_figure_3_1"], "図３－１ 令和3年度 進捗状況評価の割合"),
        printed_table(truth["table_vision_summary_3_1"], "表３－１ ビジョン別 令和3年度 進捗状況評価"),
        printed_table(truth["table_figure_3_2"], "図３－２ 目標達成指標の評価の割合"),
        printed_table(truth["table_vision_summary_3_2"], "表３－２ ビジョン別 目標達成指標の評価"),
        heading(2, "3 システム別評価結果一覧", page_break=True),
        printed_table(truth["table_grade_list"], "表４－１ システム別評価結果"),
    ]


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def html(ed: Edition, truth: dict[str, Rows], parts: list[str]) -> str:
    return document(truth["document"][0]["title"], "".join(parts), ed.font, bold=ed.bold_heads, table_size="9pt")


def render(ed: Edition, truth: dict[str, Rows], layout: dict[str, object]) -> str:
    blanks = layout.get("blank_pages", 0)
    assert isinstance(blanks, int)
    front = preamble(truth) + [heading(3, "（白紙）", page_break=True) for _ in range(blanks)]
    sheets = [sheet(truth, m) for m in sorted(truth["measures"], key=lambda m: int(m["measure_key"]))]
    annex = [heading(2, "参考資料", page_break=True), printed_table(truth["table_reference_grades"], "年度別評価結果")]
    return html(ed, truth, front + sheets + annex)


def build(out_dir: Path, ed: Edition, truth_out: Path | None) -> list[Path]:
    truth = read_series_truth(REPORT)
    layout = edition_truth(ed, truth)
    # Blank pages until the first sheet falls on the page its P. names (the front printed once to count).
    with tempfile.TemporaryDirectory() as tmp:
        front_pages = page_count(print_pdf(html(ed, truth, preamble(truth)), Path(tmp) / "front.pdf"))
    layout["blank_pages"] = max(0, min(int(m["measure_key"]) for m in truth["measures"]) - 1 - front_pages)
    pdf = print_pdf(render(ed, truth, layout), out_dir / PDF_NAME)
    if truth_out is not None:
        write_series_truth(REPORT, truth, truth_out)
    return [pdf]
