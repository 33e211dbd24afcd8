"""横浜市 情報化の基本方針 行動計画 中間振り返り, as this producer prints it: an A4 HTML report through Chromium.

Its own layout: the title on one line of the cover, the grading rule and the 分野別集計 as shaded
tables, the one-sentence 総括, the 施策一覧 with its 分野 merged down the rows (not written
vertically), the two 再掲 lists, and one detail block per 施策 (several per page, not one per page):
a head table (施策 NN / 所管局 / 官民データ / 先端技術), the indicator table and the 中間評価 table.
It prints the truth's facts and no seed narrative.

An edition may print the 施策一覧 and the 再掲 lists on landscape pages; it drops two 施策 and adds
one (the 分野別集計, the 総括 sentence and the findings that count the list follow), shifts every year,
prints one list mean that its two rates do not give, and leaves the 官民データ ○ off the detail sheet
of one 施策 that the 官民データ 再掲 list names.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from samples.build.producer_b.chromium import Cell, document, heading, landscape, paragraph, table
from samples.build.producer_b.edition import Edition, Rows, build_pdf, wareki

REPORT = "yokohama_action_plan_review"
PDF_NAME = f"{REPORT}.pdf"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
GRADE_COLUMNS = ("A評価", "B評価", "C評価")
# What this producer's later editions add to a 施策 they print a second time (a wider rollout of it).
ADDED_TITLE = "（全市展開）"
RELISTED = (
    ("table_kanmin_data_relisted", "官民データの活用<再掲>"),
    ("table_sentan_gijutsu_relisted", "先端技術の活用<再掲>"),
)


# ---------------------------------------------------------------- an edition's facts


def edition_truth(ed: Edition, truth: dict[str, Rows]) -> dict[str, object]:
    """Changes the facts for edition `ed` (in place); returns the layout choices that go with them."""
    if ed.canonical:
        return {}
    change_rows(ed, truth)
    doc = truth["document"][0]
    doc["report_fiscal_year"] = str(ed.year(doc["report_fiscal_year"]))
    doc["title"] = ed.shifted(doc["title"])
    for name in ("indicator_values", "grades"):
        for row in truth[name]:
            if row["fiscal_year"]:
                row["fiscal_year"] = str(ed.year(row["fiscal_year"]))
    # Planted: one list mean printed 3 points below the mean of its two rates (its grade unchanged), of a
    # 施策 no 再掲 list prints again (where the list would then also disagree with the 再掲 row).
    rates: dict[str, list[float]] = {}
    for v in truth["indicator_values"]:
        if v["place"] == "list" and v["indicator_key"] == "rate" and v["value"]:
            rates.setdefault(v["measure_key"], []).append(float(v["value"]))
    planted = {i["measure_key"] for i in truth["inconsistencies"] if i["measure_key"]}
    relisted = {r["施策名"].split()[0] for name, _ in RELISTED for r in truth[name]}
    steady = sorted(
        (g for g in truth["grades"] if g["place"] == "list" and g["measure_key"] not in planted | relisted),
        key=lambda g: int(g["measure_key"]),
    )
    steady = [g for g in steady if len(rates.get(g["measure_key"], [])) == 2 and 96 <= float(g["stated_value"]) <= 117]
    grade = ed.rng.choice(steady)
    printed = int(float(grade["stated_value"])) - 3
    mean = sum(rates[grade["measure_key"]]) / 2
    grade["stated_value"], grade["stated_value_text"] = str(printed), f"{printed}%"
    truth["inconsistencies"].append(
        {
            "kind": "mean_mismatch",
            "scope": f"施策 {int(grade['measure_key']):02d} list / 過年度の達成指標平均値",
            "stated": f"{printed}%",
            "expected": f"{mean:g}%",
            "seed_line": "",
            "description": f"the list's two rates average {mean:g}%, the list prints {printed}%",
            "measure_key": grade["measure_key"],
        }
    )
    # Planted: one 施策 of the 官民データ 再掲 list printed without its ○ on the detail sheet.
    relisted = {r["施策名"].split()[0] for r in truth["table_kanmin_data_relisted"]}
    flagged = [
        m
        for m in truth["measures"]
        if m["flag_kanmin_data"] == "true" and m["measure_no"] in relisted and m["measure_key"] not in planted
    ]
    unflagged = ed.rng.choice(flagged)
    unflagged["flag_kanmin_data"] = "false"
    truth["inconsistencies"].append(
        {
            "kind": "flag_vs_relisted",
            "scope": f"施策 {int(unflagged['measure_key']):02d}: 官民データ 再掲 list vs no ○ on the detail sheet",
            "stated": "not marked",
            "expected": "○",
            "seed_line": "",
            "description": "the 官民データの活用<再掲> list names the 施策, its detail sheet has no 官民データ ○",
            "measure_key": unflagged["measure_key"],
        }
    )
    return {}


def change_rows(ed: Edition, truth: dict[str, Rows]) -> None:
    """Drops two listed 施策 that no finding and no 再掲 list names and adds one at the end of its 分野 (a
    kept 施策 printed again under its own number and title). The 分野別集計 moves with the list (its
    misprinted cells stay as far off as the samples print them); its findings, the 総括 sentence and the
    count of listed 施策 are recounted."""
    named = {str(int(n)) for i in truth["inconsistencies"] for n in re.findall(r"施策 (\d+)", i["scope"])}
    named |= {i["measure_key"] for i in truth["inconsistencies"] if i["measure_key"]}
    relisted = {r["施策名"].split()[0] for name, _ in RELISTED for r in truth[name]}
    listed = [m for m in truth["measures"] if m["in_list"] == "true"]
    plain = [m["measure_key"] for m in listed if m["measure_key"] not in named and m["measure_no"] not in relisted]
    dropped = set(ed.rng.sample(plain, 2))
    source_key = ed.rng.choice([k for k in plain if k not in dropped])
    source = next(m for m in truth["measures"] if m["measure_key"] == source_key)
    key = str(max(int(m["measure_key"]) for m in truth["measures"]) + 1)
    added = {**source, "measure_key": key, "measure_no": key, "seed_line": "", "detail_seed_line": ""}
    for column in ("title", "title_printed", "detail_title_printed"):
        added[column] = source[column] + ADDED_TITLE
    grade_of = {g["measure_key"]: g["stated_grade"] for g in truth["grades"] if g["place"] == "list"}
    moved = [(m, -1) for m in listed if m["measure_key"] in dropped] + [(added, 1)]
    measures = [m for m in truth["measures"] if m["measure_key"] not in dropped]
    last = max(i for i, m in enumerate(measures) if m["in_list"] == "true" and m["group_name"] == source["group_name"])
    measures.insert(last + 1, added)
    truth["measures"] = measures
    for name in ("indicator_values", "grades"):
        kept = [r for r in truth[name] if r["measure_key"] not in dropped]
        copies = [{**r, "measure_key": key, "seed_line": ""} for r in kept if r["measure_key"] == source_key]
        for r in copies:
            if name == "indicator_values" and r["indicator_key"] != "rate":
                r["indicator_key"] = f"{key}-{r['indicator_key'].split('-', 1)[1]}"
        truth[name] = kept + copies
    grade_of[key] = grade_of[source_key]
    summary = truth["table_bunya_summary"]
    total = next(r for r in summary if r["分野 (4つの柱)"].startswith("全施策"))
    for measure, step in moved:
        area = next(r for r in summary if measure["group_name"] in r["分野 (4つの柱)"])
        for row in (area, total):
            row[f"{grade_of[measure['measure_key']]}評価"] = str(
                int(row[f"{grade_of[measure['measure_key']]}評価"]) + step
            )
            row["合計"] = str(int(row["合計"]) + step)
    listed_count = int(total["合計"])
    total["分野 (4つの柱)"] = re.sub(r"\d+", str(listed_count), total["分野 (4つの柱)"])
    recounted = [
        i for i in truth["inconsistencies"] if i["kind"] not in ("summary_count", "summary_sum", "narrative_count")
    ]
    for row in recounted:
        if row["kind"] == "measure_not_in_list":
            row["stated"], row["expected"] = str(listed_count), str(listed_count + 1)
            row["description"] = re.sub(r"全施策 \d+", f"全施策 {listed_count}", row["description"])
            row["description"] = re.sub(r"\d+ 施策\)", f"{listed_count} 施策)", row["description"])
            row["description"] = re.sub(r"narrative's \d+", f"narrative's {listed_count}", row["description"])
    listed = [m for m in truth["measures"] if m["in_list"] == "true"]
    truth["inconsistencies"] = summary_findings(summary, listed, grade_of) + recounted


def summary_findings(summary: Rows, listed: Rows, grade_of: dict[str, str]) -> Rows:
    """Every 分野 cell of the 分野別集計 its list does not support, the 分野 rows' sums against 全施策, and
    the 総括 sentence's share where its truncation is not the rounded share."""
    found: Rows = []

    def finding(kind: str, scope: str, stated: int | str, expected: int | str, description: str) -> None:
        found.append(
            {
                "kind": kind,
                "scope": scope,
                "stated": str(stated),
                "expected": str(expected),
                "seed_line": "",
                "description": description,
                "measure_key": "",
            }
        )

    areas = [r for r in summary if re.match(r"\d", r["分野 (4つの柱)"])]
    total = next(r for r in summary if r["分野 (4つの柱)"].startswith("全施策"))
    for row in areas:
        label = row["分野 (4つの柱)"]
        members = Counter(grade_of[m["measure_key"]] for m in listed if m["group_name"] in label)
        counts = {f"{g}評価": members[g] for g in "ABC"} | {"合計": sum(members.values())}
        for column, count in counts.items():
            if int(row[column]) != count:
                graded = "" if column == "合計" else f" graded {column[0]}"
                text = f"the 施策一覧 lists {count} measures of this 分野{graded}, the summary prints {row[column]}"
                finding("summary_count", f"分野別集計 {label} / {column}", row[column], count, text)
    for column in (*GRADE_COLUMNS, "合計"):
        stated = sum(int(r[column]) for r in areas)
        if stated != int(total[column]):
            text = f"the four 分野 rows add up to {stated} while the 全施策 row (which matches the list) prints"
            finding(
                "summary_sum", f"分野別集計 4つの柱 rows / {column}", stated, total[column], f"{text} {total[column]}"
            )
    count, good = int(total["合計"]), int(total["A評価"]) + int(total["B評価"])
    truncated, rounded = good * 100 // count, int(good * 100 / count + 0.5)
    if truncated != rounded:
        text = f"{good} of {count} measures graded A or B rounds to {rounded}%; 約{truncated}% only by truncation"
        finding(
            "narrative_count", f"総括: 「約 {truncated} %にあたる {good} 施策」", f"{truncated}%", f"{rounded}%", text
        )
    return found


# ---------------------------------------------------------------- the printed report


def rate_cells(truth: dict[str, Rows], key: str, place: str, years: list[int]) -> list[Cell]:
    found = {
        int(v["fiscal_year"]): v["value_text"]
        for v in truth["indicator_values"]
        if v["measure_key"] == key and v["place"] == place and v["indicator_key"] == "rate"
    }
    return [Cell(found.get(y, "-"), css="num") for y in years]


def mid_term(truth: dict[str, Rows], key: str, place: str) -> dict[str, str] | None:
    return next((g for g in truth["grades"] if g["measure_key"] == key and g["place"] == place), None)


def measure_list(ed: Edition, truth: dict[str, Rows], years: list[int]) -> str:
    """The 施策一覧: its 分野 merged down the rows, or (group-row knob) a row spanning the table above
    each 分野's 施策; with the column-order knob the 施策名 follows the 所管課."""
    listed = [m for m in truth["measures"] if m["in_list"] == "true"]
    groups: dict[str, int] = {}
    for m in listed:
        groups[m["group_label"]] = groups.get(m["group_label"], 0) + 1
    rate_heads = [f"{wareki(y, era=False)}目標達成率" for y in years]
    columns = ed.ordered(["施策名", "所管局", "所管課", *rate_heads], "施策名", after="所管課")
    tail = ["過年度の達成指標平均値", "事業状態進捗評価"]
    widths = {"施策名": "31%", "所管局": "10%", "所管課": "12%", **dict.fromkeys(rate_heads, "9%")}
    head = [[*([] if ed.group_rows else ["主に属する分野"]), *columns, *tail]]
    rows: list[list[Cell | str]] = []
    seen: set[str] = set()
    for m in listed:
        grade = mid_term(truth, m["measure_key"], "list")
        first: list[Cell | str] = []
        if m["group_label"] not in seen:
            seen.add(m["group_label"])
            if ed.group_rows:
                rows.append([Cell(m["group_label"], colspan=len(columns) + len(tail))])
            else:
                first.append(Cell(m["group_label"], rowspan=groups[m["group_label"]]))
        rates = dict(zip(rate_heads, rate_cells(truth, m["measure_key"], "list", years), strict=True))
        cells: dict[str, Cell | str] = {
            "施策名": f"{m['measure_no']} {m['title_printed']}",
            "所管局": m["departments_printed"].replace(" | ", "\n"),
            "所管課": m["divisions_printed"].replace(" | ", "\n"),
            **rates,
        }
        rows.append(
            [
                *first,
                *(cells[c] for c in columns),
                Cell(grade["stated_value_text"] if grade else "", css="num"),
                Cell(grade["value_text"] if grade else "", css="center"),
            ]
        )
    column_widths = [*([] if ed.group_rows else ["9%"]), *(widths[c] for c in columns), "10%", "10%"]
    return table(head, rows, widths=column_widths)


def printed_table(rows: Rows, widths: tuple[str, ...] = (), ed: Edition | None = None) -> str:
    """A summary table as the truth transcribes it (its printed columns only); in an edition, the years
    its heads name (30年度目標達成率) are the edition's."""
    columns = [c for c in rows[0] if c != "seed_line" and not re.fullmatch(r"[a-z_]+", c)]
    heads = [ed.shifted(c) for c in columns] if ed else columns
    return table([heads], [[Cell(r[c]) for c in columns] for r in rows], widths=widths)


def indicator_name(row: dict[str, str], index: int) -> str:
    numbered = row["value_text"][:1] in CIRCLED
    return f"{CIRCLED[index]}{row['indicator_name']}" if numbered else row["indicator_name"]


def detail(truth: dict[str, Rows], measure: dict[str, str], years: list[int], page_break: bool = False) -> str:
    key = measure["measure_key"]
    flags = ["○" if measure[f] == "true" else "" for f in ("flag_kanmin_data", "flag_sentan_gijutsu")]
    head = table(
        [["施策", "施策名", "所管局", "官民データ", "先端技術"]],
        [
            [
                Cell(f"施策 {int(key):02d}", css="center"),
                measure["detail_title_printed"],
                measure["detail_departments_printed"].replace(" | ", "\n"),
                *(Cell(f, css="center") for f in flags),
            ]
        ],
        widths=("10%", "50%", "20%", "10%", "10%"),
    )
    indicators: dict[str, dict[str, dict[str, str]]] = {}
    for v in truth["indicator_values"]:
        if v["measure_key"] == key and v["place"] == "detail" and v["indicator_key"] != "rate":
            indicators.setdefault(v["indicator_key"], {})[v["metric"]] = v
    latest = wareki(years[-1])
    body = [
        [
            indicator_name(next(iter(pair.values())), i),
            pair["target"]["value_text"] if "target" in pair else "",
            pair["actual"]["value_text"] if "actual" in pair else "",
        ]
        for i, pair in enumerate(indicators.values())
    ]
    goals = table([["指標", "指標の目標値", "目標値に対する結果"]], body, caption=f"{latest}目標の達成状況")
    grade = mid_term(truth, key, "detail")
    evaluation = table(
        [[*(f"{wareki(y)}目標達成率" for y in years), "過年度の平均達成率", "進捗評価"]],
        [
            [
                *rate_cells(truth, key, "detail", years),
                Cell(grade["stated_value_text"] if grade else "", css="num"),
                Cell(grade["value_text"] if grade else "", css="center"),
            ]
        ],
        caption="2か年の中間評価",
    )
    css = "detail break" if page_break else "detail"
    return f'<div class="{css}">' + head + goals + evaluation + "</div>"


def render(ed: Edition, truth: dict[str, Rows], layout: dict[str, object]) -> str:
    doc = truth["document"][0]
    title = doc["title"]
    years = sorted({int(v["fiscal_year"]) for v in truth["indicator_values"] if v["indicator_key"] == "rate"})
    summary = truth["table_bunya_summary"]
    total = summary[-1]
    good = int(total["A評価"]) + int(total["B評価"])
    count = int(total["合計"])
    share = next((i["stated"] for i in truth["inconsistencies"] if i["kind"] == "narrative_count"), None)
    share = share or f"{good * 100 // count}%"
    parts = [
        f'<h1 style="font-size:18pt">{title}</h1>',
        paragraph(doc["municipality"], "cover-city"),
        heading(2, "1 評価の方法", page_break=True),
        paragraph("各施策の進捗状況は、計画期間中における各年度の目標達成率の平均値により、次のとおり評価しました。"),
        printed_table(truth["table_grading_rule"], ("50%", "30%", "20%")),
        heading(2, "2 総括"),
        paragraph(f"全{count}施策のうち、A評価又はB評価の施策は約{share}にあたる{good}施策でした。"),
        printed_table(summary, ("40%", "15%", "15%", "15%", "15%")),
    ]
    lists = [heading(2, "3 実行施策の振り返り一覧", page_break=True), measure_list(ed, truth, years)]
    for name, label in RELISTED:
        lists.append(heading(3, label, page_break=name == RELISTED[0][0]))
        lists.append(printed_table(truth[name], ed=ed))
    parts += [landscape("".join(lists))] if ed.landscape_lists else lists
    parts.append(heading(2, "4 各施策の状況", page_break=True))
    group = ""
    for measure in sorted(truth["measures"], key=lambda m: int(m["measure_key"])):
        # With the page-break knob, each 分野's detail blocks start on a page of their own.
        parts.append(detail(truth, measure, years, ed.break_sections and measure["group_label"] != group))
        group = measure["group_label"]
    return document(
        title, "".join(parts), ed.font, bold=ed.bold_heads, table_size="8.5pt", landscape_pages=ed.landscape_lists
    )


def build(out_dir: Path, ed: Edition, truth_out: Path | None) -> list[Path]:
    return build_pdf(REPORT, PDF_NAME, out_dir, ed, truth_out, edition_truth, render)
