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

import re
import subprocess
import tempfile
import unicodedata
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

from samples.build.producer_b.chromium import Cell, document, heading, landscape, paragraph, print_pdf, table
from samples.build.producer_b.edition import (
    Edition,
    Rows,
    read_series_truth,
    shift_reiwa_labels,
    wareki,
    write_series_truth,
)

REPORT = "tokorozawa_ict_action_plan"
PDF_NAME = f"{REPORT}.pdf"
GRADE_WORDS = {"A": "Ａ：適切", "B": "Ｂ：おおむね適切", "C": "Ｃ：改善の余地あり", "D": "Ｄ：見直しの是非を検討"}
ITEMS = (("budget", "予算額"), ("settlement", "決算額"))
VISION_COLUMN = "ビジョン"
FULL = {"A": "Ａ", "B": "Ｂ", "C": "Ｃ", "D": "Ｄ"}
# A system this producer's later editions add at the end of ビジョン２ (its own name and figures).
ADDED_SYSTEM = ("電子契約システム", "契約課")
ADDED_KEY = "added"
# Every truth table keyed by a system's P. (the page of its sheet), and its key column.
KEYED_TABLES = (
    ("measures", "measure_key"),
    ("budgets", "measure_key"),
    ("grades", "measure_key"),
    ("table_grade_list", "Ｐ."),
    ("table_reference_grades", "P."),
    ("table_sheet_budget_headers", "measure_key"),
)
# grade type -> its column of 表４－１, its summary table (表３－x) and its figure (図３－x)
GRADE_COLUMNS = {"r3_progress": "評価結果 R3", "final": "評価結果 総括"}
SUMMARIES = {"r3_progress": "table_vision_summary_3_1", "final": "table_vision_summary_3_2"}
FIGURES = {"r3_progress": "table_figure_3_1", "final": "table_figure_3_2"}


def edition_truth(ed: Edition, truth: dict[str, Rows]) -> dict[str, object]:
    """Changes the facts for edition `ed` (in place); returns the layout choices that go with them."""
    # The 評価理由 sentences stay on the sheet they were printed on, whatever its new page.
    reasons = [(sheet_of(truth, r), r) for r in truth["table_narrative_totals"]]
    if ed.canonical:
        return {"reasons": reasons}
    pages = renumber_systems(ed, truth)
    reasons = [(pages.get(key, key) if key else None, r) for key, r in reasons]
    shift_edition_years(ed, truth)
    recount(truth, ed)
    plant_settlement(ed, truth)
    return {"reasons": reasons}


def renumber_systems(ed: Edition, truth: dict[str, Rows]) -> dict[str, str]:
    """Drops two systems no finding names, adds one at the end of ビジョン２, and renumbers every system by
    the page its sheet now falls on (its P.). Returns old P. -> new P. of the systems kept."""
    named = {k for i in truth["inconsistencies"] for k in re.findall(r"P\.(\d+)", i["scope"])}
    named |= {m["measure_key"] for m in truth["measures"] if m["measure_key"] in reason_sheets(truth)}
    ungraded = {g["measure_key"] for g in truth["grades"] if not g["stated_grade"]}
    droppable = sorted((m["measure_key"] for m in truth["measures"]), key=int)
    droppable = [k for k in droppable if k not in named | ungraded]
    dropped = set(ed.rng.sample(droppable, 2))
    listed = {r["Ｐ."]: r for r in truth["table_grade_list"]}
    vision2 = [k for k, r in listed.items() if vision_number(r["ビジョン"]) == 2 and k not in dropped]
    after = max(vision2, key=int)
    order = [m["measure_key"] for m in sorted(truth["measures"], key=lambda m: int(m["measure_key"]))]
    order = [k for k in order if k not in dropped]
    order.insert(order.index(after) + 1, ADDED_KEY)
    first = int(order[0])
    pages = {key: str(first + i) for i, key in enumerate(order)}
    add_system(ed, truth, listed[after])
    for name, column in KEYED_TABLES:
        rows = [r for r in truth[name] if r[column] not in dropped]
        for r in rows:
            r[column] = pages[r[column]]
            if name == "measures":
                r["measure_no"] = r[column]
        truth[name] = sorted(rows, key=lambda r: int(r[column]))  # stable: a system's rows keep their order
    for row in truth["inconsistencies"]:
        for column in ("scope", "description"):
            row[column] = re.sub(r"P\.(\d+)", lambda m: f"P.{pages.get(m.group(1), m.group(1))}", row[column])
    return {k: v for k, v in pages.items() if k != ADDED_KEY}


def add_system(ed: Edition, truth: dict[str, Rows], neighbour: dict[str, str]) -> None:
    """A system this producer's later editions add (its own figures), graded Ａ everywhere."""
    key, (title, division) = ADDED_KEY, ADDED_SYSTEM
    model = next(m for m in truth["measures"] if m["measure_key"] == neighbour["Ｐ."])
    truth["measures"].append(
        {**model, "measure_key": key, "measure_no": key, "title": title, "divisions": division, "seed_line": ""}
    )
    truth["table_grade_list"].append(
        {
            **neighbour,
            "Ｐ.": key,
            "システム名": title,
            "主担当課": division,
            "評価結果 R3": "Ａ",
            "評価結果 総括": "Ａ",
            "seed_line": "",
        }
    )
    reference = next(r for r in truth["table_reference_grades"] if r["P."] == neighbour["Ｐ."])
    truth["table_reference_grades"].append(
        {
            **reference,
            "P.": key,
            "システム名": title,
            "主担当課": division,
            **dict.fromkeys(("R1", "R2", "R3", "総括"), "Ａ"),
            "seed_line": "",
        }
    )
    truth["table_sheet_budget_headers"].append(
        {"measure_key": key, "列1": "R1年度予算", "列2": "R2年度予算", "列3": "R3年度予算", "seed_line": ""}
    )
    years = sorted({int(b["fiscal_year"]) for b in truth["budgets"]})
    for year in years:
        budget = ed.rng.randrange(800, 9000) * 1000
        settled = budget - ed.rng.randrange(0, 500) * 1000
        for item, amount in (("budget", budget), ("settlement", settled)):
            truth["budgets"].append(
                {
                    "measure_key": key,
                    "fiscal_year": str(year),
                    "item": item,
                    "amount": str(amount),
                    "unit": "円",
                    "value_text": f"{amount:,}",
                    "place": "sheet",
                    "seed_line": "",
                }
            )
    report_year = str(years[-1])
    rows = [
        ("r3_progress", report_year, "list", "Ａ"),
        ("final", "", "list", "Ａ"),
        ("r3_progress", report_year, "sheet", GRADE_WORDS["A"]),
        ("final", "", "sheet", GRADE_WORDS["A"]),
    ]
    rows += [(t, str(y), "reference", "Ａ") for t, y in zip(("r1", "r2", "r3_progress"), years, strict=True)]
    rows.append(("final", "", "reference", "Ａ"))
    for grade_type, year, place, text in rows:
        truth["grades"].append(
            {
                "measure_key": key,
                "grade_type": grade_type,
                "fiscal_year": year,
                "stated_grade": "A",
                "stated_value": "",
                "value_text": text,
                "place": place,
                "seed_line": "",
            }
        )


def shift_edition_years(ed: Edition, truth: dict[str, Rows]) -> None:
    """Every year the edition prints, one to three years on: the plan period, the fiscal years of the
    budgets and grades, the R-numbered heads and every year a sentence or a finding names."""
    shift = ed.year_shift
    doc = truth["document"][0]
    doc["title"] = shift_western(doc["title"], shift)
    doc["report_fiscal_year"] = str(ed.year(doc["report_fiscal_year"]))
    for name in ("budgets", "grades"):
        for row in truth[name]:
            if row["fiscal_year"]:
                row["fiscal_year"] = str(ed.year(row["fiscal_year"]))
    for row in truth["table_sheet_budget_headers"]:
        for column in ("列1", "列2", "列3"):
            row[column] = shift_reiwa_labels(row[column], shift)
    for row in truth["table_narrative_totals"]:
        row["sentence"] = shift_reiwa_labels(shift_western(ed.shifted(row["sentence"]), shift), shift)
    for row in truth["inconsistencies"]:
        for column in ("scope", "stated", "expected", "description"):
            row[column] = shift_reiwa_labels(row[column], shift)


def recount(truth: dict[str, Rows], ed: Edition) -> None:
    """表３－１/３－２, 図３－１/３－２ and the sentences that count the systems, from this edition's
    表４－１ (the sheet of the plan keeps its misstated 総括 totals: 2 Ａ counted as Ｂ, as the samples print)."""
    listed = truth["table_grade_list"]
    for grade_type, column in GRADE_COLUMNS.items():
        counts = [letters(r[column] for r in listed if vision_number(r["ビジョン"]) == v) for v in (1, 2, 3)]
        for row, count in zip(truth[SUMMARIES[grade_type]], counts, strict=True):
            row.update(summary_cells(count))
        total = letters(r[column] for r in listed)
        graded = sum(total.values())
        for row in truth[FIGURES[grade_type]]:
            row["割合"] = f"{share(total[row['評価'][0]], graded)}%"
        for row in truth["table_narrative_totals"]:
            if row["grade_type"] != grade_type:
                continue
            a, b = total["A"], total["B"]
            if row["total_systems"]:
                stated = (a - 2, b + 2) if grade_type == "final" else (a, b)
                old = f"全 {row['total_systems']}システムのうち A：{row['count_a']}件、B：{row['count_b']}件"
                new = f"全 {len(listed)}システムのうち A：{stated[0]}件、B：{stated[1]}件"
                row["sentence"] = row["sentence"].replace(old, new)
                row.update(total_systems=str(len(listed)), count_a=str(stated[0]), count_b=str(stated[1]))
            elif row["count_a_or_b"]:
                row["sentence"] = re.sub(rf"{row['count_a_or_b']}( ?件)", rf"{a + b}\1", row["sentence"], count=1)
                row["count_a_or_b"] = str(a + b)
    final = letters(r["評価結果 総括"] for r in listed)
    stated = next(r for r in truth["table_narrative_totals"] if r["grade_type"] == "final" and r["count_a"])
    for row in truth["inconsistencies"]:
        if row["kind"] == "narrative_total_mismatch":
            by_vision = [
                letters(r["評価結果 総括"] for r in listed if vision_number(r["ビジョン"]) == v) for v in (1, 2, 3)
            ]
            row["stated"] = f"A {stated['count_a']}, B {stated['count_b']}"
            row["expected"] = f"A {final['A']}, B {final['B']}"
            a_sums, b_sums = ("+".join(str(c[g]) for c in by_vision) for g in "AB")
            row["description"] = (
                f"The narrative states 総括 A：{stated['count_a']}件、B：{stated['count_b']}件 of {len(listed)} "
                f"systems; 表３－２ ({a_sums} A, {b_sums} B) and the 総括 column of 表４－１ give "
                f"A {final['A']}, B {final['B']}."
            )


def plant_settlement(ed: Edition, truth: dict[str, Rows]) -> None:
    """Plants one 決算額 above its 予算額 (recorded in the truth)."""
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


def vision_number(label: str) -> int:
    found = re.search(r"ビジョン\s*(\d)", unicodedata.normalize("NFKC", label))
    assert found is not None, label
    return int(found.group(1))


def letters(grades: Iterable[str]) -> dict[str, int]:
    """Counts of Ａ..Ｄ among printed grades (a printed - is not graded)."""
    counts = dict.fromkeys("ABCD", 0)
    for g in grades:
        letter = unicodedata.normalize("NFKC", g)
        if letter in counts:
            counts[letter] += 1
    return counts


def share(count: int, total: int) -> int:
    """A share as the report prints it: whole percent, halves rounded up."""
    return int(Decimal(count * 100) / Decimal(total) + Decimal("0.5")) if total else 0


def summary_cells(counts: dict[str, int]) -> dict[str, str]:
    """One row of 表３－x: each count with its share of the vision's graded systems (０ full-width, as printed)."""
    total = sum(counts.values())
    cells = {
        f"{FULL[g]}評価": f"{'０' if n == 0 else n}{' ' if g == 'B' and n else ''}件（{share(n, total)}%）"
        for g, n in counts.items()
    }
    return {**cells, "ＡまたはＢ評価の割合": f"{share(counts['A'] + counts['B'], total)}%"}


def shift_western(text: str, shift: int) -> str:
    """Every western year (2019, 2019-2021) in a text moved `shift` years on."""
    return re.sub(r"(?<![\d,])20[1-3]\d(?![\d,])", lambda m: str(int(m.group()) + shift), text)


def printed_table(rows: Rows, caption: str = "", shift: int = 0) -> str:
    """A table as the truth transcribes it; an edition's R-numbered heads (評価結果 R3, R1..R3) name its years."""
    columns = [c for c in rows[0] if c not in ("seed_line", "grade_type")]
    heads = [shift_reiwa_labels(c, shift) for c in columns]
    return table([heads], [[r[c] for c in columns] for r in rows], caption=caption)


def grade_list(ed: Edition, rows: Rows, caption: str) -> str:
    """表４－１: with the column-order knob the 主担当課 printed last; with the group-row knob each
    ビジョン as a row spanning the table above its systems (and no ビジョン column)."""
    columns = [c for c in rows[0] if c not in ("seed_line", "grade_type")]
    columns = ed.ordered([c for c in columns if not (ed.group_rows and c == VISION_COLUMN)], "主担当課")
    heads = [shift_reiwa_labels(c, ed.year_shift) for c in columns]
    body: list[list[Cell | str]] = []
    vision = ""
    for r in rows:
        if ed.group_rows and r[VISION_COLUMN] != vision:
            vision = r[VISION_COLUMN]
            body.append([Cell(vision, colspan=len(columns))])
        body.append([r[c] for c in columns])
    return table([heads], body, caption=caption)


def budget_head(ed: Edition, labels: list[str]) -> list[Cell]:
    """The budget table's head: the unit in the corner (区分（単位：円）), or with the header-wording knob
    in each item's own label (予算額 (円), 予算額（円）, 予算額 and (円) on a second line)."""
    corner = "区分" if ed.header_wording else "区分（単位：円）"
    return [Cell(corner, header=True), *(Cell(label, header=True) for label in labels)]


def item_word(ed: Edition, word: str) -> str:
    if not ed.header_wording:
        return word
    return ed.amount_header.replace("千円", "円").format(item=word).replace("単位：", "")


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


def sheet(ed: Edition, truth: dict[str, Rows], measure: dict[str, str], reasons: list[str]) -> str:
    key = measure["measure_key"]
    heads = next(h for h in truth["table_sheet_budget_headers"] if h["measure_key"] == key)
    labels = [heads[c] for c in ("列1", "列2", "列3")]
    amounts = {(b["fiscal_year"], b["item"]): b["value_text"] for b in truth["budgets"] if b["measure_key"] == key}
    years = sorted({y for y, _ in amounts})
    budget_rows = [
        [Cell(item_word(ed, word), header=True), *(Cell(amounts.get((y, item), "－"), css="num") for y in years)]
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
        table([budget_head(ed, labels)], budget_rows),
        table(
            [[Cell("評価項目", header=True), Cell("評価", header=True)]],
            [
                [f"{report_year(truth)} 進捗状況評価", Cell(grade(truth, key, "r3_progress"), css="center")],
                ["目標達成指標 総括評価", Cell(grade(truth, key, "final"), css="center")],
            ],
            caption="評価",
        ),
    ]
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


def reason_sheets(truth: dict[str, Rows]) -> set[str]:
    """The systems whose sheet prints a sentence of table_narrative_totals."""
    return {key for r in truth["table_narrative_totals"] if (key := sheet_of(truth, r))}


def report_year(truth: dict[str, Rows]) -> str:
    return wareki(int(truth["document"][0]["report_fiscal_year"]))


def preamble(ed: Edition, truth: dict[str, Rows], reasons: list[tuple[str | None, dict[str, str]]]) -> list[str]:
    overview = [r["sentence"] for key, r in reasons if key is None]
    year = report_year(truth)
    # The report is issued in the March that closes its fiscal year.
    issued = wareki(int(truth["document"][0]["report_fiscal_year"]) + 1).replace("年度", "年3月")
    front = [
        f"<h1>{truth['document'][0]['title']}</h1>",
        paragraph(issued, "cover-date"),
        paragraph("所沢市", "cover-city"),
        heading(2, "1 評価の方法", page_break=True),
        paragraph("各システムの取組について、計画に対する進捗状況を次の4段階で評価しました。"),
        printed_table(truth["table_evaluation_criteria"], "評価の基準"),
        heading(2, "2 評価結果の概要", page_break=True),
        *(paragraph(s) for s in overview),
        printed_table(truth["table_figure_3_1"], f"図３－１ {year} 進捗状況評価の割合"),
        printed_table(truth["table_vision_summary_3_1"], f"表３－１ ビジョン別 {year} 進捗状況評価"),
        printed_table(truth["table_figure_3_2"], "図３－２ 目標達成指標の評価の割合"),
        printed_table(truth["table_vision_summary_3_2"], "表３－２ ビジョン別 目標達成指標の評価"),
    ]
    grade_list_part = [
        heading(2, "3 システム別評価結果一覧", page_break=True),
        grade_list(ed, truth["table_grade_list"], "表４－１ システム別評価結果"),
    ]
    return front + ([landscape("".join(grade_list_part))] if ed.landscape_lists else grade_list_part)


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def html(ed: Edition, truth: dict[str, Rows], parts: list[str]) -> str:
    return document(
        truth["document"][0]["title"],
        "".join(parts),
        ed.font,
        bold=ed.bold_heads,
        table_size="9pt",
        landscape_pages=ed.landscape_lists,
    )


def render(ed: Edition, truth: dict[str, Rows], layout: dict[str, object]) -> str:
    blanks = layout.get("blank_pages", 0)
    reasons = layout["reasons"]
    assert isinstance(blanks, int) and isinstance(reasons, list)
    front = preamble(ed, truth, reasons) + [heading(3, "（白紙）", page_break=True) for _ in range(blanks)]
    sheets = [
        sheet(ed, truth, m, [r["sentence"] for key, r in reasons if key == m["measure_key"]])
        for m in sorted(truth["measures"], key=lambda m: int(m["measure_key"]))
    ]
    reference = printed_table(truth["table_reference_grades"], "年度別評価結果", ed.year_shift)
    annex = [heading(2, "参考資料", page_break=True), reference]
    return html(ed, truth, front + sheets + annex)


def build(out_dir: Path, ed: Edition, truth_out: Path | None) -> list[Path]:
    truth = read_series_truth(REPORT)
    layout = edition_truth(ed, truth)
    # Blank pages until the first sheet falls on the page its P. names (the front printed once to count).
    with tempfile.TemporaryDirectory() as tmp:
        front = preamble(ed, truth, layout["reasons"])  # type: ignore[arg-type]
        front_pages = page_count(print_pdf(html(ed, truth, front), Path(tmp) / "front.pdf"))
    layout["blank_pages"] = max(0, min(int(m["measure_key"]) for m in truth["measures"]) - 1 - front_pages)
    pdf = print_pdf(render(ed, truth, layout), out_dir / PDF_NAME)
    if truth_out is not None:
        write_series_truth(REPORT, truth, truth_out)
    return [pdf]
