"""横浜市官民データ活用推進計画 取組状況, as this producer prints it: an A4 HTML report through Chromium.

Its own layout: a cover, the 施策 list (bare 所管 text, no 【】), the status summary with its examples
as bulleted lines in one cell per category, one section per 施策 with a two-level 評価指標 head
(年度別実績 over the plan years), and the RPA table with the sentence that counts it. It prints the
truth's facts and no seed narrative.

An edition may print the 施策 list and the indicator tables on landscape pages, shifts every year,
drops two indicators and adds one, changes three values, may give the category count its own column,
and plants a wrong category count and a wrong RPA sentence.
"""

from __future__ import annotations

import re
from pathlib import Path

from samples.build.producer_b.chromium import Cell, document, heading, landscape, paragraph, table
from samples.build.producer_b.edition import (
    Edition,
    Rows,
    build_pdf,
    number_text,
    shift_years,
    wareki,
)

REPORT = "yokohama_kanmin_data_status"
PDF_NAME = f"{REPORT}.pdf"
PLAN_YEARS = 4
RPA_SHARE = 90.0

# An indicator this producer's later editions add (its own figures, not the seed's).
ADDED_INDICATOR = ("施策3", "オープンデータ活用イベントの参加者数", "212名", "212", "名")


def summary_counts(truth: dict[str, Rows]) -> dict[str, int]:
    """Category -> its printed [N指標] count, in the summary's order."""
    return {row["区分"]: int(row["count"]) for row in truth["table_status_summary"]}


def rpa_sentence(rows: Rows, reaching: int | None = None) -> str:
    measured = sum(1 for r in rows if r["reduction_rate"])
    at_share = sum(1 for r in rows if r["reduction_rate"] and float(r["reduction_rate"]) >= RPA_SHARE)
    stated = at_share if reaching is None else reaching
    return f"実証実験を行った{measured}業務中{stated}業務で9割以上の削減率となりました。"


# ---------------------------------------------------------------- an edition's facts


def edition_truth(ed: Edition, truth: dict[str, Rows]) -> dict[str, object]:
    """Changes the facts for edition `ed` (in place) and returns the layout choices that go with them."""
    layout: dict[str, object] = {"count_column": False, "rpa_reaching": None}
    if ed.canonical:
        return layout
    rng = ed.rng
    shift = ed.year_shift
    doc = truth["document"][0]
    doc["report_fiscal_year"] = str(ed.year(doc["report_fiscal_year"]))
    doc["title"] = shift_years(doc["title"], shift)
    doc["issued"] = shift_years(doc["issued"], shift)

    values = truth["indicator_values"]
    named = {r["indicator_key"] for r in truth["grades"]}
    names = [r["indicator_name"] for r in values]
    droppable = [
        r
        for r in values
        if r["indicator_key"] not in named
        and names.count(r["indicator_name"]) == 1
        and sum(v["measure_key"] == r["measure_key"] for v in values) > 1
    ]
    dropped = {r["indicator_key"] for r in rng.sample(droppable, 2)}
    values[:] = [r for r in values if r["indicator_key"] not in dropped]
    changeable = [r for r in values if r["value"] and not r["parts"] and not r["qualifier"]]
    for row in rng.sample(changeable, 3):
        printed = re.search(r"[\d,.]+", row["value_text"])
        assert printed is not None
        new = number_text(float(row["value"]) * rng.uniform(1.05, 1.5), printed.group())
        row["value_text"] = row["value_text"].replace(printed.group(), new, 1)
        row["value"] = new.replace(",", "")
    measure, name, text, value, unit = ADDED_INDICATOR
    last = max(i for i, r in enumerate(values) if r["measure_key"] == measure)
    number = max(int(r["indicator_key"].split("-")[1]) for r in values if r["measure_key"] == measure) + 1
    values.insert(
        last + 1,
        {
            **values[last],
            "indicator_key": f"{measure.removeprefix('施策')}-{number}",
            "indicator_name": name,
            "value": value,
            "unit": unit,
            "qualifier": "",
            "value_text": text,
            "na_marker": "",
            "parts": "",
            "seed_line": "",
        },
    )
    for row in values:
        row["fiscal_year"] = str(ed.year(row["fiscal_year"]))
        row["indicator_name"] = shift_years(row["indicator_name"], shift)

    # The summary's categories still count the canonical 27; the caption counts this edition's rows.
    count = len(values)
    caption = f"{count}の評価指標の進捗状況"
    for row in truth["grades"]:
        row["fiscal_year"] = str(ed.year(row["fiscal_year"]))
        row["stated_grade"] = shift_years(row["stated_grade"], shift)
        row["place"] = caption
    for row in truth["table_status_summary"]:
        row["区分"] = shift_years(row["区分"], shift)
    layout["count_column"] = rng.random() < 0.5
    summary_total = sum(summary_counts(truth).values())

    rpa = truth["table_rpa"]
    measured = sum(1 for r in rpa if r["reduction_rate"])
    at_share = sum(1 for r in rpa if r["reduction_rate"] and float(r["reduction_rate"]) >= RPA_SHARE)
    layout["rpa_reaching"] = at_share + 1
    truth["inconsistencies"] = [
        {
            "kind": "duplicate_indicator",
            "scope": "評価指標表 施策2 / 施策4",
            "stated": f"{count}の評価指標",
            "expected": f"{count - 1} distinct indicators",
            "seed_line": "",
            "description": "「マイナポータル等を活用した電子申請ができる手続の数」 is printed in both the 施策2 and "
            f"the 施策4 table and counted twice in the caption's {count} indicators.",
        },
        {
            "kind": "status_summary_total",
            "scope": f"<{caption}>",
            "stated": str(summary_total),
            "expected": str(count),
            "seed_line": "",
            "description": f"The category counts add up to {summary_total}, but the caption and the 施策 tables have "
            f"{count} indicators (indicators {', '.join(sorted(dropped))} dropped, one added).",
        },
        {
            "kind": "sentence_count",
            "scope": "RPAの実証実験",
            "stated": f"{measured}業務中{at_share + 1}業務で9割以上",
            "expected": f"{measured}業務中{at_share}業務で9割以上",
            "seed_line": "",
            "description": f"The sentence says {at_share + 1} of the {measured} measured tasks reach 90%; "
            f"the table prints {at_share}.",
        },
    ]
    return layout


# ---------------------------------------------------------------- the printed report


# The 施策 list's heads -> (the measure's field, the column's width).
MEASURE_COLUMNS = {
    "施策番号": ("measure_no", "14%"),
    "施策名": ("title", "56%"),
    "主な所管区局": ("departments_text", "30%"),
}


def measure_list(ed: Edition, truth: dict[str, Rows]) -> str:
    """The 施策 list; an edition with another column order prints the 施策名 last."""
    heads = ed.ordered(list(MEASURE_COLUMNS), "施策名")
    rows = [
        [Cell(m[MEASURE_COLUMNS[h][0]], css="center" if h == "施策番号" else "") for h in heads]
        for m in truth["measures"]
    ]
    return table([heads], rows, widths=tuple(MEASURE_COLUMNS[h][1] for h in heads))


def status_summary(truth: dict[str, Rows], count: int, count_column: bool) -> str:
    """One row per category, its examples as bulleted lines in one cell."""
    examples: dict[str, list[str]] = {}
    for row in truth["table_status_summary"]:
        examples.setdefault(row["区分"], []).append("・" + row["主な指標"])
    counts = summary_counts(truth)
    if count_column:
        head = [["進捗区分", "指標数", "主な評価指標"]]
        body = [[c, Cell(f"{counts[c]}指標", css="center"), "\n".join(e)] for c, e in examples.items()]
        widths: tuple[str, ...] = ("32%", "10%", "58%")
    else:
        head = [["進捗区分", "主な評価指標"]]
        body = [[f"{c}\n［{counts[c]}指標］", "\n".join(e)] for c, e in examples.items()]
        widths = ("36%", "64%")
    return table(head, body, caption=f"{count}の評価指標の進捗状況", widths=widths)


def indicator_table(values: Rows, report_year: int, first_year: bool) -> str:
    years = [report_year + i for i in range(PLAN_YEARS)]
    head = [
        [Cell("評価指標", rowspan=2, header=True), Cell("年度別実績", colspan=PLAN_YEARS, header=True)],
        [Cell(wareki(y, era=first_year and i == 0), header=True) for i, y in enumerate(years)],
    ]
    body = [[v["indicator_name"], Cell(v["value_text"], css="num"), *([""] * (PLAN_YEARS - 1))] for v in values]
    return table(head, body, widths=("48%", "13%", "13%", "13%", "13%"))


def rpa_table(rows: Rows) -> str:
    body = [
        [
            Cell(r["No"], css="center"),
            r["対象業務"],
            Cell(r["年間想定削減時間"], css="num"),
            Cell(r["想定削減率"], css="num"),
        ]
        for r in rows
    ]
    return table(
        [["No.", "対象業務", "年間想定削減時間", "想定削減率"]],
        body,
        caption="実証実験の対象業務と削減率",
        widths=("8%", "56%", "20%", "16%"),
    )


def render(ed: Edition, truth: dict[str, Rows], layout: dict[str, object]) -> str:
    doc = truth["document"][0]
    report_year = int(doc["report_fiscal_year"])
    title = doc["title"]
    plan, _, status = title.rpartition(" ")
    values = truth["indicator_values"]
    projects = {r["施策"]: r["関連する事業"] for r in truth["table_related_projects"]}
    measures = truth["measures"]
    cover = [
        f"<h1>{plan}</h1>",
        paragraph(status, "cover-sub"),
        paragraph(doc["issued"], "cover-date"),
        paragraph(doc["municipality"], "cover-city"),
    ]
    lists = [
        heading(2, "1 計画の概要", page_break=True),
        paragraph(
            f"本計画は、官民データの活用の推進に関する施策を総合的かつ効果的に推進するため、"
            f"次の{len(measures)}つの施策を掲げています。"
        ),
        measure_list(ed, truth),
        heading(2, f"2 {wareki(report_year)}の取組状況"),
        paragraph(f"各施策に設けた評価指標ごとの{wareki(report_year)}の進捗状況は次のとおりです。"),
        status_summary(truth, len(values), bool(layout["count_column"])),
    ]
    for i, measure in enumerate(measures, start=1):
        key = measure["measure_key"]
        lists.append(heading(3, f"({i}) {measure['title']}", page_break=ed.break_sections))
        lists.append(indicator_table([v for v in values if v["measure_key"] == key], report_year, i == 1))
        if key in projects:
            lists.append(paragraph(f"関連する事業:{projects[key]}", "right"))
    parts = cover + ([landscape("".join(lists))] if ed.landscape_lists else lists)
    rpa = truth["table_rpa"]
    reaching = layout["rpa_reaching"]
    parts += [
        heading(2, "3 RPAの実証実験", page_break=True),
        paragraph(
            "定型的な事務作業をソフトウェアで自動化するRPAの実証実験を行いました。"
            + rpa_sentence(rpa, reaching if isinstance(reaching, int) else None)
        ),
        rpa_table(rpa),
        paragraph("※1 対象業務の見直しにより測定できなかったもの", "note"),
    ]
    return document(title, "".join(parts), ed.font, bold=ed.bold_heads, landscape_pages=ed.landscape_lists)


def build(out_dir: Path, ed: Edition, truth_out: Path | None) -> list[Path]:
    return build_pdf(REPORT, PDF_NAME, out_dir, ed, truth_out, edition_truth, render)
