"""北海道 基本評価調書, as this producer prints it: an xlsxwriter workbook and its print through Chromium.

Not a 方眼紙 form: one table per section on natural columns (the first blank), merged two- and
three-level heads, amounts stored as numbers formatted `#,##0"千円"` (the workbook's heads then carry
no unit) and percentages as fractions formatted `0.0%`; the print is portrait A4 in Mincho (landscape
in some editions), the heads carrying the unit as the edition words it.

An edition shifts every year, drops two 事務事業 and adds one, changes three 事業費 (with the
フルコスト, totals and 施策の予算額 that follow), may reorder the left columns or put a 政策体系 group row
across the table, and plants a フルコスト off by a typed constant and a 達成度合 above its band.
"""

from __future__ import annotations

from pathlib import Path

from samples.build.producer_b.chromium import Cell, document, heading, print_pdf, table
from samples.build.producer_b.edition import Edition, Rows, read_series_truth, write_series_truth
from samples.build.producer_b.workbook import Block, write_workbook

REPORT = "hokkaido_basic_evaluation"
TITLE_WORD = "基本評価調書"
COST_PER_PERSON_YEAR = 7920  # 千円 per 人年: the sheet's フルコスト = 事業費 + 人工計 × this
THOUSAND = 1000
YEN_FORMAT = '#,##0"千円"'
PERCENT_FORMAT = "0.0%"
STAFF_FORMAT = "0.0"
BANDS = (("A", "100%以上"), ("B", "90%以上 100%未満"), ("C", "80%以上 90%未満"), ("D", "80%未満"), ("-", "算定不可"))
DIRECTIONS = ("拡充", "改善", "縮小", "統合", "廃止", "終了")
# The form's own wording of the four criteria and of the rule that turns their marks into the 判定.
CRITERIA = (
    "計画した取組を着実に進め、かつ社会情勢や道民の要請等を踏まえた課題等に対応しているか",
    "施策の推進に当たり、国等に要望・提案を行い、実現に向けて進捗しているか",
    "道民からのニーズを的確に把握し、施策推進に役立っているか",
    "施策の推進に当たり、他の施策・部局との連携や地域・民間との連携・協働による成果を確認できるか",
)
JUDGEMENT_RULE = (
    "・基準1が「○」で、かつ基準2～4のうち1つ以上に「○」がある→ a\n"
    "・基準1が「○か△」ではない、又は基準1は「○か△」だが基準2～4に1つも「○」がない→ b\n"
    "・基準1が「△」で、かつ基準2～4のうち1つ以上に「○」がある→ c"
)
# A 事務事業 this producer's later editions add (its own figures): no, title, 事業費, 一般財源, 本庁, 出先.
ADDED_PROJECT = ("1118", "オープンデータ利活用推進事業", 12345, 12345, 0.8, 0.0)
# Left columns of 4 事務事業の設定, in the orders an edition may print them.
LEFT_ORDERS = (
    ("no", "system", "title", "division"),
    ("no", "title", "system", "division"),
    ("no", "title", "division", "system"),
)
LEFT_HEADS = {"no": "整理番号", "system": "政策体系", "title": "事務事業名", "division": "課・局室名"}


def era_short(year: int) -> str:
    """The sheet's year label: H30, R1, R2."""
    return f"R{year - 2018}" if year >= 2019 else f"H{year - 1988}"


def kilo(amount: str) -> float:
    return float(amount) / THOUSAND


def printed_kilo(amount: float) -> str:
    return f"{amount:,.0f}"


# ---------------------------------------------------------------- an edition's facts


def project_budgets(truth: dict[str, Rows]) -> dict[str, dict[str, dict[str, str]]]:
    """measure_key -> item -> its budgets row (the 事務事業 rows only)."""
    found: dict[str, dict[str, dict[str, str]]] = {}
    for row in truth["budgets"]:
        if row["measure_key"]:
            found.setdefault(row["measure_key"], {})[row["item"]] = row
    return found


def set_amount(row: dict[str, str], kilo_yen: float) -> None:
    row["amount"] = str(round(kilo_yen * THOUSAND))
    row["value_text"] = printed_kilo(kilo_yen)


def edition_truth(ed: Edition, truth: dict[str, Rows]) -> dict[str, object]:
    """Changes the facts for edition `ed` (in place); returns the layout choices that go with them."""
    layout: dict[str, object] = {"left": LEFT_ORDERS[0], "group_row": False, "typed_full_cost": {}}
    if ed.canonical:
        return layout
    rng = ed.rng
    doc = truth["document"][0]
    doc["report_fiscal_year"] = str(ed.year(doc["report_fiscal_year"]))
    doc["title"] = ed.shifted(doc["title"])
    for table_name in ("budgets", "indicator_values", "grades"):
        for row in truth[table_name]:
            row["fiscal_year"] = str(ed.year(row["fiscal_year"]))
    for row in truth["grades"]:
        label = row["place"].split()[-1]
        if label[:1] in "HR" and label[1:].isdigit():
            year = (1988 if label[0] == "H" else 2018) + int(label[1:])
            row["place"] = row["place"].removesuffix(label) + era_short(ed.year(year))

    # Two 事務事業 dropped (never one the 反映 list names), one added, three 事業費 changed.
    listed = {r["事務事業 整理番号"] for r in truth["table_reflection_list"]}
    keys = [m["measure_key"] for m in truth["measures"] if m["measure_key"] not in listed]
    dropped = set(rng.sample(keys, 2))
    truth["measures"][:] = [m for m in truth["measures"] if m["measure_key"] not in dropped]
    truth["budgets"][:] = [b for b in truth["budgets"] if b["measure_key"] not in dropped]
    no, title, cost, revenue, main, branch = ADDED_PROJECT
    truth["measures"].append({**truth["measures"][-1], "measure_key": no, "measure_no": no, "title": title})
    template = next(b for b in truth["budgets"] if b["measure_key"])
    staff = {"staff_main": main, "staff_branch": branch, "staff_total": round(main + branch, 1)}
    for item in ("project_cost", "general_revenue", "staff_main", "staff_branch", "staff_total", "full_cost"):
        row = {**template, "measure_key": no, "item": item, "seed_line": ""}
        if item in staff:
            row.update(amount=str(staff[item]), unit="人年", value_text=str(staff[item]))
        else:
            set_amount(row, {"project_cost": cost, "general_revenue": revenue}.get(item, 0.0))
        truth["budgets"].append(row)
    budgets = project_budgets(truth)
    for key in rng.sample(sorted(k for k in budgets if budgets[k]["project_cost"]["amount"] != "0"), 3):
        new_cost = round(kilo(budgets[key]["project_cost"]["amount"]) * rng.uniform(0.8, 1.3))
        set_amount(budgets[key]["project_cost"], new_cost)
        revenue_row = budgets[key]["general_revenue"]
        set_amount(revenue_row, min(kilo(revenue_row["amount"]), new_cost))
    for items in budgets.values():
        full = kilo(items["project_cost"]["amount"]) + float(items["staff_total"]["amount"]) * COST_PER_PERSON_YEAR
        set_amount(items["full_cost"], round(full))
    report_year = int(doc["report_fiscal_year"])
    total = sum(kilo(items["project_cost"]["amount"]) for items in budgets.values())
    for row in truth["budgets"]:
        if not row["measure_key"] and row["fiscal_year"] == str(report_year):
            set_amount(row, total)

    # Planted: one フルコスト printed off by a typed constant; the latest 達成度合 one band above its rate.
    typed_key = rng.choice(sorted(budgets))
    typed = budgets[typed_key]["full_cost"]
    printed_full = kilo(typed["amount"]) + 1000
    layout["typed_full_cost"] = {typed_key: printed_full}
    set_amount(typed, printed_full)
    latest = max(
        (g for g in truth["grades"] if g["grade_type"] == "achievement_level"), key=lambda g: int(g["fiscal_year"])
    )
    for grade in truth["grades"]:
        if grade["grade_type"] == "achievement_level" and grade["fiscal_year"] == latest["fiscal_year"]:
            grade["stated_grade"] = "B"
            grade["value_text"] = grade["value_text"].replace("A", "B")
    analysis = truth["table_indicator_analysis"]
    for row in analysis[1:]:
        if row["A"]:
            row["A"], row["B"] = "", row["A"]
    layout["left"] = LEFT_ORDERS[1 + ed.number % 2] if ed.column_order else LEFT_ORDERS[0]
    layout["group_row"] = ed.group_rows
    truth["inconsistencies"] = [
        {
            "kind": "judgement_notation",
            "scope": "5 (2)取組の分析 判定",
            "stated": "C",
            "expected": "c",
            "seed_line": "",
            "description": "基準1–4 の印(△・○・空欄・○)から、印刷された規則では判定は c。判定欄は C。",
        },
        {
            "kind": "full_cost",
            "scope": f"4 事務事業の設定 {typed_key} フルコスト",
            "stated": typed["value_text"],
            "expected": printed_kilo(printed_full - 1000),
            "seed_line": "",
            "description": f"{typed_key} のフルコストは事業費 + 人工計 × 7,920 千円より 1,000 千円多い。",
        },
        {
            "kind": "achievement_level",
            "scope": f"3-2 成果指標の達成度合 評価年度 {era_short(int(latest['fiscal_year']))}",
            "stated": "B",
            "expected": "A",
            "seed_line": "",
            "description": f"達成率 {latest['stated_value']}% は A の帯(100%以上)、達成度合は B と印刷。",
        },
    ]
    return layout


# ---------------------------------------------------------------- the form's sections


class Form:
    """The sections of one 調書, built once and written both to the workbook and to the print."""

    def __init__(self, ed: Edition, truth: dict[str, Rows], layout: dict[str, object], workbook: bool) -> None:
        self.ed, self.truth, self.layout, self.workbook = ed, truth, layout, workbook
        self.doc = truth["document"][0]
        self.report_year = int(self.doc["report_fiscal_year"])

    def head(self, text: str, item: str = "", **spans: int) -> Cell:
        """A header cell; an amount's unit is in the workbook's number format, in the print's wording."""
        if item and not self.workbook:
            text = self.ed.amount_label(text)
        return Cell(text, header=True, **spans)

    def amount(self, kilo_yen: float | None) -> Cell:
        if kilo_yen is None:
            return Cell("")
        return Cell(printed_kilo(kilo_yen), css="num", value=kilo_yen, num_format=YEN_FORMAT)

    def percent(self, row: dict[str, str] | None) -> Cell:
        if row is None:
            return Cell("")
        if not row["value"]:
            return Cell(row["value_text"], css="center")
        return Cell(row["value_text"], css="num", value=float(row["value"]) / 100, num_format=PERCENT_FORMAT)

    def indicator(self, place: str, metric: str, year: int | None = None) -> dict[str, str] | None:
        for row in self.truth["indicator_values"]:
            if row["place"] == place and row["metric"] == metric and (year is None or int(row["fiscal_year"]) == year):
                return row
        return None

    def outline(self) -> Block:
        measures = self.truth["measures"]
        return Block(
            "施策の概要",
            [
                [self.head("施策名"), self.doc["施策名"], self.head("施策コード"), self.doc["施策コード"]],
                [self.head("政策体系コード"), measures[0]["group_name"], self.head("所管課"), measures[0]["divisions"]],
            ],
        )

    def policy_budget(self) -> Block:
        rows = sorted((b for b in self.truth["budgets"] if not b["measure_key"]), key=lambda b: b["fiscal_year"])
        body = [[Cell(era_short(int(b["fiscal_year"])), css="center"), self.amount(kilo(b["amount"]))] for b in rows]
        return Block("1 目標等の設定", [[self.head("年度"), self.head("施策の予算額", item="amount")], *body])

    def indicator_setting(self) -> Block:
        place = "3 成果指標の設定"
        base = self.indicator(f"{place} 基準値", "baseline")
        target = self.indicator(f"{place} 今年度の目標", "target")
        final = self.indicator(f"{place} 最終目標", "target")
        assert base and target and final
        head = [
            [
                self.head("指標", rowspan=2),
                self.head("指標名", rowspan=2),
                self.head("目標の基準", colspan=2),
                self.head("今年度の目標", colspan=2),
                self.head("最終目標", colspan=2),
                self.head("増減方向", rowspan=2),
                self.head("達成率の算式", rowspan=2),
            ],
            [self.head(t) for t in ("基準年度", "基準値", "年度", "目標値", "最終年度", "最終目標値")],
        ]
        year = [Cell(era_short(int(r["fiscal_year"])), css="center") for r in (base, target, final)]
        body = [
            base["indicator_key"],
            base["indicator_name"],
            year[0],
            self.percent(base),
            year[1],
            self.percent(target),
            year[2],
            self.percent(final),
            Cell("増加", css="center"),
            "(実績値/目標値)×100",
        ]
        return Block("3 成果指標の設定 (H:平成、R:令和、大文字は年度)", [*head, body])

    def achievement(self) -> Block:
        place = "3-2 成果指標の達成度合"
        levels = {
            int(g["fiscal_year"]): g
            for g in self.truth["grades"]
            if g["grade_type"] == "achievement_level" and g["place"].startswith(place)
        }
        latest = max(levels)
        level_years = [latest - 2, latest - 1, latest]
        yearly = sorted(
            {int(r["fiscal_year"]) for r in self.truth["indicator_values"] if r["place"] == f"{place} 年度別"}
        )
        rows: list[list[Cell | str]] = [
            [self.head("評価年度"), *(self.head(era_short(y)) for y in level_years)],
            [
                self.head("達成度合"),
                *(Cell(levels[y]["value_text"] if y in levels else "", css="center") for y in level_years),
            ],
            [self.head("区分"), *(self.head(era_short(y)) for y in yearly), self.head("進捗率")],
        ]
        for metric, label in (("target", "目標値"), ("actual", "実績値"), ("achievement_rate", "達成率")):
            progress = self.indicator(f"{place} 進捗率", metric)
            rows.append(
                [
                    self.head(label),
                    *(self.percent(self.indicator(f"{place} 年度別", metric, y)) for y in yearly),
                    self.percent(progress),
                ]
            )
        return Block(f"3-2 {place.split()[1]}", rows)

    def project_left(self, measure: dict[str, str], field: str) -> Cell | str:
        value = {"no": measure["measure_no"], "system": measure["group_name"], "title": measure["title"]}
        value["division"] = measure["divisions"]
        return Cell(value[field], css="center") if field in ("no", "system") else value[field]

    def projects(self) -> Block:
        left = self.layout["left"]
        assert isinstance(left, tuple)
        head = [
            [
                *(self.head(LEFT_HEADS[f], rowspan=3) for f in left),
                self.head(f"令和{self.report_year - 2018}年度", colspan=5),
                self.head(self.ed.full_cost_header, item="amount", rowspan=3),
            ],
            [
                self.head("事業費", item="amount", rowspan=2),
                self.head(self.ed.revenue_header, rowspan=2),
                self.head("執行体制(人工)", colspan=3),
            ],
            [self.head("本庁"), self.head("出先機関"), self.head("人工計")],
        ]
        budgets = project_budgets(self.truth)
        body: list[list[Cell | str]] = []
        if self.layout["group_row"]:
            system = self.truth["measures"][0]["group_name"]
            body.append([Cell(f"政策体系 {system}", colspan=len(left) + 6)])
        totals = dict.fromkeys(("project_cost", "general_revenue", "staff_main", "staff_branch", "staff_total"), 0.0)
        for measure in self.truth["measures"]:
            items = budgets[measure["measure_key"]]
            for item in totals:
                totals[item] += float(items[item]["amount"])
            body.append(
                [
                    *(self.project_left(measure, f) for f in left),
                    self.amount(kilo(items["project_cost"]["amount"])),
                    self.amount(kilo(items["general_revenue"]["amount"])),
                    *(self.staff(float(items[s]["amount"])) for s in ("staff_main", "staff_branch", "staff_total")),
                    self.amount(kilo(items["full_cost"]["amount"])),
                ]
            )
        body.append(
            [
                Cell("計", colspan=len(left), css="center"),
                self.amount(totals["project_cost"] / THOUSAND),
                self.amount(totals["general_revenue"] / THOUSAND),
                *(self.staff(totals[s]) for s in ("staff_main", "staff_branch", "staff_total")),
                self.amount(None),
            ]
        )
        return Block("4 事務事業の設定", [*head, *body])

    def staff(self, value: float) -> Cell:
        return Cell(f"{value:.1f}", css="num", value=round(value, 1), num_format=STAFF_FORMAT)

    def analysis(self) -> Block:
        rows = self.truth["table_indicator_analysis"]
        head = [
            [self.head("政策体系", rowspan=3), self.head("達成度合の集計", colspan=5), self.head("判定", rowspan=3)],
            [self.head(letter) for letter, _ in BANDS],
            [self.head(band) for _, band in BANDS],
        ]
        body = [
            [
                Cell(r["政策体系"], css="center"),
                *(self.count(r[letter]) for letter, _ in BANDS),
                Cell(r["判定"], css="center"),
            ]
            for r in rows[1:]
        ]
        level = next(g for g in self.truth["grades"] if g["place"] == "5(1) 成果指標の分析")
        name = self.truth["indicator_values"][0]["indicator_name"].removesuffix("(%)")
        body.append([self.head("成果指標の分析"), Cell(f"<{name}{level['value_text']}>", colspan=6)])
        return Block("5 一次政策評価結果 (1)成果指標の分析", [*head, *body])

    def count(self, text: str) -> Cell:
        if not text.strip().isdigit():
            return Cell(text, css="center")
        return Cell(text, css="num", value=float(text), num_format="0")

    def criteria(self) -> Block:
        marks = {g["place"].split()[-1]: g for g in self.truth["grades"] if g["grade_type"] == "judgement_criterion"}
        judgement = next(g for g in self.truth["grades"] if g["grade_type"] == "judgement")
        head = [[self.head("基準"), self.head("内容"), self.head("評価 (○→対応している・取組がある)(△→コロナの影響)")]]
        body = [
            [Cell(str(i), css="center"), text, Cell(marks[f"基準{i}"]["value_text"], css="center")]
            for i, text in enumerate(CRITERIA, start=1)
        ]
        body.append([self.head("判定"), JUDGEMENT_RULE, Cell(judgement["value_text"], css="center")])
        return Block("(2)取組の分析", [*head, *body])

    def reflection(self) -> Block:
        counts = self.truth["table_reflection_counts"][0]
        new = self.truth["table_next_year_new_projects"][0]["次年度新規事業 (予定)"]
        rows: list[list[Cell | str]] = [
            [
                self.head("方向性"),
                *(self.head(d) for d in DIRECTIONS),
                self.head("合計"),
                self.head("次年度新規事業\n(予定)"),
            ],
            [
                self.head("反映結果"),
                *(self.count(counts[d]) for d in DIRECTIONS),
                self.count(counts["合計"]),
                self.count(new),
            ],
            [
                self.head("整理番号"),
                self.head("事務事業名", colspan=3),
                self.head("一次政策評価における\n方向性(再掲)", colspan=2),
                self.head("次年度の方向性\n(反映結果)", colspan=2),
            ],
        ]
        for r in self.truth["table_reflection_list"]:
            rows.append(
                [
                    Cell(r["事務事業 整理番号"], css="center"),
                    Cell(r["事務事業名"], colspan=3),
                    Cell(r["一次政策評価における 方向性(再掲)"], colspan=2, css="center"),
                    Cell(r["次年度の方向性 (反映結果)"], colspan=2, css="center"),
                ]
            )
        return Block("7 評価結果の反映 (3) 事務事業への反映状況", rows)

    def blocks(self) -> list[Block]:
        return [
            self.outline(),
            self.policy_budget(),
            self.indicator_setting(),
            self.achievement(),
            self.projects(),
            self.analysis(),
            self.criteria(),
            self.reflection(),
        ]


# ---------------------------------------------------------------- output


def render(ed: Edition, truth: dict[str, Rows], layout: dict[str, object]) -> str:
    form = Form(ed, truth, layout, workbook=False)
    title = truth["document"][0]["title"]
    parts = [f'<h2 style="text-align:center;border:none;font-size:16pt">{title}</h2>']
    # The 事務事業 table starts a page of its own; the other sections run on (with the page-break knob,
    # each section starts a page).
    for i, block in enumerate(form.blocks()):
        breaks = block.heading.startswith("4 ") or (ed.break_sections and i > 0)
        parts.append(heading(3, block.heading, page_break=breaks))
        parts.append(table([], block.rows))
    size = "A4 landscape" if ed.landscape_lists else "A4"
    return document(title, "".join(parts), ed.font, bold=ed.bold_heads, size=size, table_size="8.5pt")


def build(out_dir: Path, ed: Edition, truth_out: Path | None) -> list[Path]:
    truth = read_series_truth(REPORT)
    layout = edition_truth(ed, truth)
    title = truth["document"][0]["title"]
    widths = (9, 30, 9, 12, 13, 13, 8, 9, 9, 14)
    xlsx = write_workbook(
        out_dir / f"{REPORT}.xlsx",
        TITLE_WORD,
        title,
        Form(ed, truth, layout, workbook=True).blocks(),
        widths,
        landscape=True,
    )
    pdf = print_pdf(render(ed, truth, layout), out_dir / f"{REPORT}.pdf")
    if truth_out is not None:
        write_series_truth(REPORT, truth, truth_out)
    return [xlsx, pdf]
