"""横浜市 情報化の基本方針 行動計画 中間振り返り -> PDF, A4 portrait, as the city prints it.

Intro with the grading rule and the narrative, the 分野 summary, the measure list as one ruled table over
several pages (header repeated, the 主に属する分野 label a vertical merged cell repeated on continuation
pages), the 再掲 lists, then one detail sheet per measure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

from samples.build.common import COLUMN_ORDER, GROUP_ROWS, LANDSCAPE, Variant, register_fonts, wrap_text
from samples.build.yokohama_action_plan_review_edition import (
    REPORT,
    Edition,
    derive_variant,
    era_label,
    load_canonical,
    narrative_counts,
    write_edition_truth,
)

PAGE_W, PAGE_H = A4
MARGIN_X = 42.0
TOP = PAGE_H - 56.0
BOTTOM = 52.0
RUNNING_HEAD = "情報化の基本方針 行動計画 中間振り返り"
LIST_HEADER = (
    "主に属する分野",
    "施策名",
    "所管局",
    "所管課",
    "{y1}目標達成率",
    "{y2}目標達成率",
    "過年度の達成指標平均値",
    "事業状態進捗評価",
)
# Seed lines of the intro prose (1-based, inclusive): what the report says before the tables.
INTRO_SECTIONS = ((7, 13), (17, 27), (29, 31))
SUMMARY_NOTE_LINES = (76,)


@dataclass
class Style:
    font: str
    bold: str
    size: float
    leading: float
    widths: list[float]


class Document:
    """A canvas with the running head, footer page numbers and a cursor."""

    def __init__(self, path: Path, font: str, edition: Edition) -> None:
        self.canvas = Canvas(str(path), pagesize=A4, invariant=1)
        self.canvas.setTitle(edition.rows("document")[0]["title"])
        self.canvas.setAuthor("横浜市")
        self.font = font
        self.page = 0
        self.y = TOP
        self.wide = False  # the pages to come are landscape (the lists of a variant)
        self.page_w, self.page_h = A4
        self.new_page()

    def new_page(self) -> None:
        if self.page:
            self.canvas.showPage()
        self.page += 1
        c = self.canvas
        self.page_w, self.page_h = landscape(A4) if self.wide else A4
        c.setPageSize((self.page_w, self.page_h))
        c.setFont(self.font, 7.5)
        c.setFillGray(0.35)
        c.drawRightString(self.page_w - MARGIN_X, self.page_h - 30, RUNNING_HEAD)
        c.setLineWidth(0.4)
        c.setStrokeGray(0.5)
        c.line(MARGIN_X, self.page_h - 34, self.page_w - MARGIN_X, self.page_h - 34)
        c.setFont(self.font, 9)
        c.drawCentredString(self.page_w / 2, 28, f"- {self.page} -")
        c.setFillGray(0)
        c.setStrokeGray(0)
        self.y = self.page_h - (PAGE_H - TOP)

    @property
    def width(self) -> float:
        """The width between the margins of the current page."""
        return self.page_w - 2 * MARGIN_X

    def ensure(self, height: float) -> None:
        if self.y - height < BOTTOM:
            self.new_page()

    def heading(self, text: str, size: float = 13, gap: float = 8) -> None:
        self.ensure(size + gap + 40)
        self.canvas.setFont(self.font, size)
        self.canvas.drawString(MARGIN_X, self.y - size, text)
        self.y -= size + gap

    def paragraph(self, text: str, size: float = 9, indent: float = 10) -> None:
        width = self.width - indent
        for line in wrap_text(text, width, self.font, size):
            self.ensure(size * 1.5)
            self.canvas.setFont(self.font, size)
            self.canvas.drawString(MARGIN_X + indent, self.y - size, line)
            self.y -= size * 1.5
        self.y -= 2

    def cell_lines(self, text: str, style: Style, width: float) -> list[str]:
        return wrap_text(text, width - 6, style.font, style.size)

    def draw_cell(
        self, x: float, top: float, width: float, height: float, lines: list[str], style: Style, align: str
    ) -> None:
        c = self.canvas
        c.rect(x, top - height, width, height, stroke=1, fill=0)
        c.setFont(style.font, style.size)
        block = len(lines) * style.leading
        y = top - (height - block) / 2 - style.size
        for line in lines:
            if align == "center":
                c.drawCentredString(x + width / 2, y, line)
            elif align == "right":
                c.drawRightString(x + width - 3, y, line)
            else:
                c.drawString(x + 3, y, line)
            y -= style.leading

    def row(self, cells: list[str], style: Style, aligns: list[str], shade: bool = False, x0: float = MARGIN_X):
        """One table row at the cursor (no page break inside a row); returns its height."""
        wrapped = [self.cell_lines(t, style, w) for t, w in zip(cells, style.widths, strict=True)]
        height = max(len(w) for w in wrapped) * style.leading + 6
        self.ensure(height)
        x = x0
        if shade:
            self.canvas.setFillGray(0.88)
            self.canvas.rect(x0, self.y - height, sum(style.widths), height, stroke=0, fill=1)
            self.canvas.setFillGray(0)
        for lines, width, align in zip(wrapped, style.widths, aligns, strict=True):
            self.draw_cell(x, self.y, width, height, lines, style, align)
            x += width
        self.y -= height
        return height

    def vertical_label(self, x: float, top: float, width: float, height: float, label: str, style: Style):
        """A merged cell with its label written top to bottom, one character per line."""
        c = self.canvas
        c.rect(x, top - height, width, height, stroke=1, fill=0)
        chars = [ch for ch in label if not ch.isspace()]
        size = min(style.size + 1, (height - 6) / max(len(chars), 1))
        step = size * 1.05
        c.setFont(style.font, size)
        y = top - (height - step * len(chars)) / 2 - size
        for ch in chars:
            c.drawCentredString(x + width / 2, y, ch)
            y -= step

    def save(self) -> None:
        self.canvas.showPage()
        self.canvas.save()


def year_short(year: int) -> str:
    """30年度 / 元年度 / 3年度, as the list's header prints it."""
    return f"{era_label(year)[1]}年度"


def year_long(year: int, spaced: bool = False) -> str:
    era, number = era_label(year)
    return f"{era} {number} 年度" if spaced and number != "元" else f"{era}{number}年度"


def intro(doc: Document, edition: Edition, style: Style) -> None:
    lines = edition.intro
    title = edition.rows("document")[0]["title"]
    head, _, sub = title.partition(" ")
    doc.canvas.setFont(doc.font, 11)
    doc.canvas.drawString(MARGIN_X, doc.y - 11, "Ⅰ " + head)
    doc.y -= 24
    doc.canvas.setFont(doc.font, 18)
    doc.canvas.drawCentredString(PAGE_W / 2, doc.y - 18, sub)
    doc.y -= 34
    for first, last in INTRO_SECTIONS:
        for number in range(first, last + 1):
            text = lines[number - 1].strip()
            if not text:
                continue
            if re.match(r"^(\d |[①②] ?)", text) and len(text) < 30:
                doc.heading(text, size=11.5 if text[0].isdigit() else 10.5, gap=6)
            else:
                doc.paragraph(text)
    doc.paragraph("・数値目標を立てている場合", indent=14)
    doc.paragraph("達成率＝実績÷目標値×100（％）", indent=28)
    doc.paragraph("例) 情報セキュリティ研修の実施について次のような目標を立てた場合", indent=28)
    example = Style(style.font, style.bold, 9, 12, [170, 110, 110])
    doc.y -= 2
    doc.row(["指標", "目標値", "実績"], example, ["center"] * 3, shade=True, x0=MARGIN_X + 40)
    doc.row(["研修受講者数", "3,000人", "3,884人"], example, ["left", "right", "right"], x0=MARGIN_X + 40)
    doc.y -= 6
    doc.paragraph("達成率 ＝ 3,884 ÷ 3,000 × 100 ＝ 129％", indent=28)
    doc.paragraph("・数値以外の目標を立てている場合", indent=14)
    doc.paragraph("達成率＝達成できた指標の数÷全ての指標の数×100（％）", indent=28)
    doc.paragraph("例) システム開発で次のような目標を立てた場合", indent=28)
    doc.row(["指標", "目標値", "実績"], example, ["center"] * 3, shade=True, x0=MARGIN_X + 40)
    doc.row(
        ["①基本設計\n②詳細設計\n③データ移行", "①完了\n②完了\n③完了", "①完了\n②完了\n③未実施"],
        example,
        ["left"] * 3,
        x0=MARGIN_X + 40,
    )
    doc.y -= 10
    doc.heading("② 4か年の中間評価", size=10.5, gap=6)
    doc.paragraph(lines[54].strip())
    rule = Style(style.font, style.bold, 9, 12, [270, 150, 40])
    doc.row(["施策の進捗状況", "進捗評価", ""], rule, ["center"] * 3, shade=True, x0=MARGIN_X + 20)
    for r in edition.rows("table_grading_rule"):
        doc.row([r["施策の進捗状況"], r["進捗評価"], r["評価"]], rule, ["left", "left", "center"], x0=MARGIN_X + 20)


def summary(doc: Document, edition: Edition, style: Style) -> None:
    doc.new_page()
    doc.heading("Ⅱ 中間振り返り総括", size=14, gap=10)
    doc.heading("「実行施策」の中間評価", size=11, gap=6)
    listed, good, share = narrative_counts(edition)
    doc.paragraph(
        f"「実行施策」として掲げた施策について、{listed} 施策のうち、中間評価が A 又は B 評価である施策は、"
        f"約 {share} %にあたる {good} 施策となりました。 "
        "中間振り返りにおける計画全体の進捗評価としては、概ね計画どおり進んだ結果となりました。"
    )
    for number in SUMMARY_NOTE_LINES:
        doc.paragraph(edition.intro[number - 1].strip())
    doc.paragraph("※ ()内の数字は施策件数", size=8.5)
    doc.y -= 4
    table = Style(style.font, style.bold, 9.5, 13, [doc_width() - 4 * 58, 58, 58, 58, 58])
    top = doc.y
    doc.row(["分野 (4つの柱)", "施策数", "", "", ""], table, ["center"] * 5, shade=True)
    doc.row(["", "A評価", "B評価", "C評価", "合計"], table, ["center"] * 5, shade=True)
    # 分野 spans both header rows and 施策数 spans the four count columns, as the office suite merges them.
    c = doc.canvas
    c.setFillGray(0.88)
    c.rect(MARGIN_X + 0.5, doc.y + 0.5, table.widths[0] - 1, top - doc.y - 1, stroke=0, fill=1)
    c.rect(
        MARGIN_X + table.widths[0] + 0.5,
        top - (top - doc.y) / 2 + 0.5,
        4 * 58 - 1,
        (top - doc.y) / 2 - 1,
        stroke=0,
        fill=1,
    )
    c.setFillGray(0)
    c.setFont(table.font, table.size)
    c.drawCentredString(MARGIN_X + table.widths[0] / 2, (top + doc.y) / 2 - table.size / 2, "分野 (4つの柱)")
    c.drawCentredString(MARGIN_X + table.widths[0] + 2 * 58, top - (top - doc.y) / 4 - table.size / 2, "施策数")
    for r in edition.rows("table_bunya_summary"):
        doc.row(
            [r["分野 (4つの柱)"], r["A評価"], r["B評価"], r["C評価"], r["合計"]],
            table,
            ["left", "right", "right", "right", "right"],
            shade=r["分野 (4つの柱)"].startswith("全施策"),
        )


def doc_width() -> float:
    """The width between the margins of an upright page."""
    return PAGE_W - 2 * MARGIN_X


@dataclass
class ListRow:
    group: str
    cells: list[str]


# The list's columns after 分野 in the order a variant with another column order prints them: 所管局 and
# 所管課 before the 施策名 (indexes into the canonical order).
REORDERED_COLUMNS = (1, 2, 0, 3, 4, 5, 6)


@dataclass(frozen=True)
class ListLayout:
    """How a variant prints the lists: the order of the columns after 分野 (indexes into the canonical
    order), and whether each 分野 is a row spanning the table instead of a merged vertical cell."""

    order: tuple[int, ...] = tuple(range(7))
    group_rows: bool = False


def list_table(doc: Document, rows: list[ListRow], style: Style, header: list[str], layout: ListLayout) -> None:
    """The measure list: one ruled table; the 分野 column is a merged vertical cell per group, repeated
    after every page break (or a row spanning the table where the group starts); the header row is
    repeated on every page."""
    aligns = [["left", "left", "left", "right", "right", "right", "center"][i] for i in layout.order]
    label_w = 0.0 if layout.group_rows else style.widths[0]
    widths = [style.widths[1:][i] for i in layout.order]
    if layout.group_rows:
        widths = [w * sum(style.widths) / sum(widths) for w in widths]
    body = Style(style.font, style.bold, style.size, style.leading, widths)
    band = Style(style.font, style.bold, style.size, style.leading, [sum(widths)])
    heads = [header[1:][i] for i in layout.order]
    heads = heads if layout.group_rows else [header[0], *heads]

    def draw_header() -> None:
        head_style = (
            body if layout.group_rows else Style(style.font, style.bold, style.size, style.leading, [label_w, *widths])
        )
        doc.row(heads, head_style, ["center"] * len(heads), shade=True)

    def close_segment(group: str, top: float) -> None:
        if top > doc.y and not layout.group_rows:
            doc.vertical_label(MARGIN_X, top, label_w, top - doc.y, group, style)

    draw_header()
    segment_top, current = doc.y, None
    for r in rows:
        cells = [r.cells[i] for i in layout.order]
        wrapped = [doc.cell_lines(t, body, w) for t, w in zip(cells, body.widths, strict=True)]
        height = max(len(w) for w in wrapped) * style.leading + 6
        if layout.group_rows and r.group != current:
            height += style.leading + 6  # the group's row goes with its first 施策
        if doc.y - height < BOTTOM:
            close_segment(current or "", segment_top)
            doc.new_page()
            draw_header()
            segment_top = doc.y
        if r.group != current:
            if current is not None:
                close_segment(current, segment_top)
            if layout.group_rows:
                doc.row([r.group], band, ["left"], shade=True)
            segment_top, current = doc.y, r.group
        doc.row(cells, body, aligns, x0=MARGIN_X + label_w)
    close_segment(current or "", segment_top)


def list_rows(edition: Edition) -> list[ListRow]:
    rates = {
        (v["measure_key"], v["fiscal_year"]): v["value_text"]
        for v in edition.rows("indicator_values")
        if v["place"] == "list" and v["metric"] == "achievement_rate"
    }
    grades = {g["measure_key"]: g for g in edition.rows("grades") if g["place"] == "list"}
    y1, y2 = str(edition.first_year), str(edition.first_year + 1)
    rows = []
    for m in edition.rows("measures"):
        if m["in_list"] != "true":
            continue
        key = m["measure_key"]
        rows.append(
            ListRow(
                m["group_label"],
                [
                    f"{m['measure_no']} {m['title_printed']}",
                    m["departments_printed"].replace(" ", "\n"),
                    m["divisions_printed"].replace(" ", "\n"),
                    rates[(key, y1)],
                    rates[(key, y2)],
                    grades[key]["stated_value_text"],
                    grades[key]["stated_grade"],
                ],
            )
        )
    return rows


def relisted_rows(edition: Edition) -> list[ListRow]:
    rows = []
    for name in ("table_kanmin_data_relisted", "table_sentan_gijutsu_relisted"):
        for r in edition.rows(name):
            rows.append(
                ListRow(
                    r["主に属する分野"],
                    [
                        r["施策名"],
                        r["所管局"].replace("教育委員会 事務局", "教育委員会事務局").replace(" ", "\n"),
                        r["所管課"].replace(" ", "\n"),
                        r["30年度目標達成率"],
                        r["元年度目標達成率"],
                        r["過年度の達成指標平均値"],
                        r["事業状態進捗評価"],
                    ],
                )
            )
    return rows


def detail_sheet(doc: Document, edition: Edition, measure: dict[str, str], style: Style, section: str) -> None:
    key = measure["measure_key"]
    prose = edition.prose[key]
    y1, y2 = edition.first_year, edition.first_year + 1
    doc.new_page()
    if section:
        doc.heading(section, size=12, gap=8)
    c = doc.canvas
    w = doc_width()
    # Title block: 施策 NN | title | 所管局 / 官民データ / 先端技術 with the ○ box below.
    head = Style(style.font, style.bold, 10, 13, [52, w - 52 - 92 - 2 * 52, 92, 52, 52])
    top = doc.y
    title_lines = doc.cell_lines(measure["detail_title_printed"], head, head.widths[1])
    depts = measure["detail_departments_printed"].replace(" ", "\n")
    dept_lines = doc.cell_lines(depts, head, head.widths[2])
    row_h = 18.0
    low_h = max(row_h, len(dept_lines) * head.leading + 6, len(title_lines) * head.leading + 6 - row_h)
    x = MARGIN_X
    c.setFillGray(0.88)
    c.rect(x, top - row_h - low_h, head.widths[0], row_h + low_h, stroke=0, fill=1)
    c.rect(x + sum(head.widths[:2]), top - row_h, sum(head.widths[2:]), row_h, stroke=0, fill=1)
    c.setFillGray(0)
    doc.draw_cell(x, top, head.widths[0], row_h + low_h, [f"施策 {int(key):02d}"], head, "center")
    doc.draw_cell(x + head.widths[0], top, head.widths[1], row_h + low_h, title_lines, head, "left")
    x2 = x + head.widths[0] + head.widths[1]
    small = Style(style.font, style.bold, 8.5, 11, head.widths)
    for label, width in zip(("所管局", "官民データ", "先端技術"), head.widths[2:], strict=True):
        doc.draw_cell(x2, top, width, row_h, [label], small, "center")
        x2 += width
    x2 = x + head.widths[0] + head.widths[1]
    marks = [
        depts,
        "○" if measure["flag_kanmin_data"] == "true" else "",
        "○" if measure["flag_sentan_gijutsu"] == "true" else "",
    ]
    for text, width in zip(marks, head.widths[2:], strict=True):
        doc.draw_cell(x2, top - row_h, width, low_h, text.split("\n") if text else [], head, "center")
        x2 += width
    doc.y = top - row_h - low_h
    two = Style(style.font, style.bold, 9, 12.5, [52, w - 52])
    doc.row(["取組内容", prose.content], two, ["center", "left"])
    doc.row(["目的", prose.purpose], two, ["center", "left"])
    doc.y -= 10
    label = year_long(y2)
    results_label = prose.results_label
    doc.heading(f"【{label}目標の達成率評価・{results_label}】", size=10, gap=5)
    three = Style(style.font, style.bold, 9, 12.5, [w * 0.42, w * 0.26, w * 0.32])
    doc.row(["指標", "指標の目標値", "目標値に対する結果"], three, ["center"] * 3, shade=True)
    indicators: dict[str, dict[str, str]] = {}
    for v in edition.rows("indicator_values"):
        if v["measure_key"] == key and v["metric"] in ("target", "actual"):
            slot = indicators.setdefault(v["indicator_key"], {"name": v["indicator_name"]})
            slot[v["metric"]] = v["value_text"]
    for slot in indicators.values():
        target, actual = slot.get("target", ""), slot.get("actual", "")
        marker = target[0] if target and target[0] in "①②③④⑤⑥⑦⑧⑨" else ""
        doc.row([f"{marker}{slot['name'] or '—'}", target, actual], three, ["left"] * 3)
    full = Style(style.font, style.bold, 9, 12.5, [w])
    doc.row([results_label], full, ["left"], shade=True)
    doc.row(["\n".join(prose.results) if prose.results else " "], full, ["left"])
    doc.y -= 10
    doc.heading("【2か年の中間評価】", size=10, gap=5)
    four = Style(style.font, style.bold, 9, 12.5, [w * 0.22, w * 0.22, w * 0.22, w * 0.34])
    doc.row(
        [f"{year_long(y1)}目標達成率", f"{year_long(y2)}目標達成率", "過年度の平均達成率", "進捗評価"],
        four,
        ["center"] * 4,
        shade=True,
    )
    rates = {
        v["fiscal_year"]: v["value_text"]
        for v in edition.rows("indicator_values")
        if v["measure_key"] == key and v["place"] == "detail" and v["metric"] == "achievement_rate"
    }
    grade = next((g for g in edition.rows("grades") if g["measure_key"] == key and g["place"] == "detail"), None)
    grade_text = grade["value_text"].replace(" ", "\n", 1) if grade else "—"
    average = grade["stated_value_text"] if grade else "—"
    doc.row([rates[str(y1)], rates[str(y2)], average, grade_text], four, ["center"] * 4)
    if prose.closing_heading:
        doc.y -= 10
        doc.heading(prose.closing_heading, size=10, gap=5)
        for text in prose.closing:
            doc.paragraph(text, size=9)


def build(out_dir: Path, truth_dir: Path, variant: Variant, truth_out: Path) -> list[Path]:
    register_fonts()
    canonical = load_canonical(truth_dir)
    edition = canonical if variant.canonical else derive_variant(canonical, variant)
    font = variant.font()
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{REPORT}.pdf"
    doc = Document(path, font, edition)
    base = Style(font, font, 7.5, 9.5, [])
    intro(doc, edition, base)
    summary(doc, edition, base)

    widths = [22, 178, 60, 80, 44, 44, 48, doc_width() - 476]
    widths = [variant.jitter(x, 0.08) for x in widths]
    wide = LANDSCAPE in variant.knobs
    scale = (landscape(A4)[0] - 2 * MARGIN_X if wide else doc_width()) / sum(widths)
    table = Style(font, font, 7.5 if variant.canonical else variant.jitter(7.5, 0.07), 9.5, [x * scale for x in widths])
    header = [h.format(y1=year_short(edition.first_year), y2=year_short(edition.first_year + 1)) for h in LIST_HEADER]
    layout = ListLayout(
        REORDERED_COLUMNS if COLUMN_ORDER in variant.knobs else ListLayout.order, GROUP_ROWS in variant.knobs
    )
    fresh_page = variant.canonical or variant.rng.random() < 0.5
    # A landscape variant prints the lists on landscape pages of their own, the detail sheets upright.
    doc.wide = wide
    if fresh_page or wide:
        doc.new_page()
    else:
        doc.y -= 20
    doc.heading("Ⅲ 各施策の状況", size=14, gap=10)
    doc.heading("1 実行施策の振り返り一覧", size=11.5, gap=6)
    list_table(doc, list_rows(edition), table, header, layout)
    doc.new_page()
    list_table(doc, relisted_rows(edition), table, header, layout)
    doc.wide = False
    for i, measure in enumerate(edition.rows("measures")):
        detail_sheet(doc, edition, measure, base, section="2 実行施策の個別振り返り" if i == 0 else "")
    doc.save()
    if not variant.canonical:
        write_edition_truth(edition, truth_out)
    return [path]
