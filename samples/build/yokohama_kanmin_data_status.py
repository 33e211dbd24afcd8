"""横浜市官民データ活用推進計画 平成30年度取組状況 -> an A4 portrait PDF as the city publishes it.

The figures come from `samples/truth/yokohama_kanmin_data_status/`; the narrative (基本的方向, 主な実績,
評価, 有識者の意見) comes from the seed, cleaned of the text extraction's artefacts. A variant is a later
edition of the series: every year shifted, another font and column widths, other page breaks, two
indicators dropped and one added, a few values changed, and the inconsistencies this plants recorded.
"""

from __future__ import annotations

import copy
import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import Flowable

from samples.build.common import COLUMN_ORDER, LANDSCAPE, Variant, read_truth, register_fonts, seed_lines

REPORT = "yokohama_kanmin_data_status"
SEED_FILE = "001_993eddbb1c6388c6.txt"
PDF_NAME = f"{REPORT}.pdf"
TRUTH_NAMES = (
    "document",
    "measures",
    "indicator_values",
    "budgets",
    "grades",
    "table_status_summary",
    "table_related_projects",
    "table_rpa",
    "table_perspectives",
    "inconsistencies",
)

# Seed line ranges (1-based, inclusive) of each 施策 section: its heading line, then its narrative.
MEASURE_SECTIONS = {
    "施策1": (120, 173),
    "施策2": (177, 260),
    "施策3": (262, 303),
    "施策4": (307, 336),
    "施策5": (338, 379),
    "施策6": (381, 425),
    "施策7": (440, 482),
    "施策8": (494, 539),
    "施策9": (541, 578),
}
RPA_SECTION = "施策6"
RPA_CAPTION_LINE, RPA_FOOTNOTE_LINE = 427, 438
# Paragraphs the extraction split over a page break: the line continues on the next non-empty line.
CONTINUED_LINES = {405, 486, 560}
# The 施策1 table prints its first year with the era name (平成30年度); the others print it bare (30年度).
FULL_ERA_HEADER = {"施策1"}
SECTION_LINES = (("s1", 13), ("s2", 92), ("s3", 580))
PERSPECTIVE_TEXT = {"基盤・環境の整備": (29,), "データの整備": (35,), "データの活用": (41, 43)}
EXPERTS_LINES = (582, 592)
COMMITTEE_LINES = (617, 625)
CONTACT_LINES = (627, 631)

# Known garbles of the text extraction (see the truth README): name of the I▪TOP platform, dashes.
GARBLES = (
    (re.compile(r"I\s*[□⁻っ¬-]\s*TOP\s*横浜"), "I-TOP横浜"),
    (re.compile(r"\^\{※1\}"), "※1"),
    (re.compile(r"^\*{3,}"), "★"),
    (re.compile(r"^ジタル化"), "デジタル化"),
    (re.compile(r"~"), "～"),
)
CJK = r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef「」『』()、。・:]"


def clean(text: str) -> str:
    """Seed line -> printed text: extraction artefacts removed (list dashes, spaces a line wrap left
    between Japanese characters, letters spaced out as E B P M)."""
    text = text.strip()
    for pattern, repl in GARBLES:
        text = pattern.sub(repl, text)
    text = re.sub(r"^-\s+", "", text)
    text = re.sub(r"(?<=\b[A-Z]) (?=[A-Z]\b)", "", text)
    for _ in range(2):
        text = re.sub(rf"(?<={CJK})\s+(?=\S)|(?<=\S)\s+(?={CJK})", "", text)
    return text


# ---------------------------------------------------------------- fiscal years


def era_label(year: int, with_era: bool) -> str:
    """Western year -> 平成30 / 令和元 / 30 / 元 (the year number as the city prints it)."""
    if year >= 2019:
        number = "元" if year == 2019 else str(year - 2018)
        return f"令和{number}" if with_era else number
    return f"平成{year - 1988}" if with_era else str(year - 1988)


ERA_YEAR = re.compile(r"(平成|令和)\s*(元|\d{1,2})\s*年|(?<![\d年])(元|\d{1,2})\s*年度")


def shift_years(text: str, shift: int) -> str:
    """Every 平成/令和 year and bare 〇年度 in the text moved by `shift` years (a later edition)."""
    if shift == 0:
        return text

    def repl(match: re.Match[str]) -> str:
        if match.group(1):
            number = 1 if match.group(2) == "元" else int(match.group(2))
            year = number + (1988 if match.group(1) == "平成" else 2018)
            return f"{era_label(year + shift, True)}年"
        bare = match.group(3)
        number = 1 if bare == "元" else int(bare)
        year = number + (1988 if number >= 20 else 2018)
        return f"{era_label(year + shift, False)}年度"

    return ERA_YEAR.sub(repl, text)


# ---------------------------------------------------------------- the edition


@dataclass
class Edition:
    """What one edition prints: the truth tables plus its layout knobs."""

    truth: dict[str, list[dict[str, str]]]
    shift: int = 0
    body_font: str = "IPAexMincho"
    head_font: str = "IPAexGothic"
    widths: dict[str, list[float]] = field(default_factory=dict)
    break_before: dict[str, bool] = field(default_factory=dict)
    landscape: bool = False  # 2 取組状況 (summary and indicator tables) printed on landscape pages
    column_order: bool = False  # the 施策 list and the RPA table with their columns in another order

    @property
    def fiscal_year(self) -> int:
        return int(self.truth["document"][0]["report_fiscal_year"])

    def text(self, line: str) -> str:
        return shift_years(clean(line), self.shift)


def canonical_edition(truth_dir: Path) -> Edition:
    truth = {name: read_truth(REPORT, name, truth_dir) for name in TRUTH_NAMES}
    return Edition(
        truth=truth,
        widths={
            "indicator": [190.0, 76.0, 76.0, 76.0, 76.0],
            "summary": [160.0, 334.0],
            "rpa": [28.0, 270.0, 110.0, 86.0],
            "measures": [50.0, 270.0, 174.0],
        },
        break_before={key: True for key in MEASURE_SECTIONS},
    )


# Indicators whose figure the narrative restates (59.9%, 16+2=18件, 55システム, 25件, 15件, 80を超える): a
# variant keeps them, so that dropping or changing one plants no inconsistency its truth does not record.
NARRATED_INDICATORS = {"1-1", "5-3", "6-2", "8-2", "8-4", "8-5", "8-6"}

# Indicators a later edition may add, each read from the seed's own narrative of the same 施策.
ADDED_INDICATORS = (
    ("施策7", "ICT支援員を派遣した小学校数", "2校", 2.0, "校", "452"),
    ("施策5", "障害のある方を対象としたパソコン講習会の受講者数", "180名", 180.0, "名", "353"),
    ("施策4", "マイナンバーカードの交付率", "16.7%", 16.7, "%", "318"),
)


def _fmt_number(value: float, like: str) -> str:
    """A changed value printed the way its cell printed the old one (thousands separators, decimals)."""
    decimals = len(like.split(".")[1]) if "." in like else 0
    text = f"{value:,.{decimals}f}" if "," in like else f"{value:.{decimals}f}"
    return text


def variant_edition(truth_dir: Path, variant: Variant) -> Edition:
    """Another edition of the series, drawn from the variant number; its truth says what it prints."""
    base = canonical_edition(truth_dir)
    rng = variant.rng
    shift = rng.choice([1, 2, 3])
    truth = copy.deepcopy(base.truth)
    ed = Edition(truth=truth, shift=shift, body_font=variant.font("IPAexMincho"), head_font=variant.font())
    ed.widths = {name: [variant.jitter(w, 0.12) for w in ws] for name, ws in base.widths.items()}
    ed.break_before = {key: rng.random() < 0.5 for key in MEASURE_SECTIONS}
    ed.break_before["施策1"] = True
    ed.landscape = LANDSCAPE in variant.knobs
    ed.column_order = COLUMN_ORDER in variant.knobs
    if ed.landscape:
        # The tables of 2 取組状況 take the width of the landscape page.
        wide = (landscape(A4)[0] - 100) / (A4[0] - 100)
        for name in ("indicator", "summary"):
            ed.widths[name] = [w * wide for w in ed.widths[name]]

    doc = truth["document"][0]
    doc["report_fiscal_year"] = str(int(doc["report_fiscal_year"]) + shift)
    doc["title"] = shift_years(doc["title"], shift)
    doc["issued"] = shift_years(doc["issued"], shift)

    values = truth["indicator_values"]
    named = {row["indicator_key"] for row in truth["grades"]}
    per_measure: dict[str, int] = {}
    for row in values:
        per_measure[row["measure_key"]] = per_measure.get(row["measure_key"], 0) + 1
    droppable = [
        r for r in values if r["indicator_key"] not in named | NARRATED_INDICATORS and per_measure[r["measure_key"]] > 1
    ]
    dropped = {r["indicator_key"] for r in rng.sample(droppable, 2)}
    values[:] = [r for r in values if r["indicator_key"] not in dropped]

    changeable = [
        r
        for r in values
        if r["value"] and not r["parts"] and not r["qualifier"] and r["indicator_key"] not in NARRATED_INDICATORS
    ]
    for row in rng.sample(changeable, 3):
        old = float(row["value"])
        new = round(old * rng.uniform(1.05, 1.4), 1 if "." in row["value"] else 0)
        number_text = re.search(r"[\d,.]+", row["value_text"])
        assert number_text is not None
        printed = _fmt_number(new, number_text.group())
        row["value_text"] = row["value_text"].replace(number_text.group(), printed, 1)
        row["value"] = printed.replace(",", "")

    measure, name, printed, value, unit, line = rng.choice(ADDED_INDICATORS)
    last = max(i for i, r in enumerate(values) if r["measure_key"] == measure)
    number = max(int(r["indicator_key"].split("-")[1]) for r in values if r["measure_key"] == measure) + 1
    added = dict(values[last])
    added.update(
        indicator_key=f"{measure.removeprefix('施策')}-{number}",
        indicator_name=name,
        value=f"{value:g}",
        unit=unit,
        qualifier="",
        value_text=printed,
        na_marker="",
        parts="",
        seed_line=line,
    )
    values.insert(last + 1, added)
    for row in values:
        row["fiscal_year"] = str(int(row["fiscal_year"]) + shift)
        row["indicator_name"] = shift_years(row["indicator_name"], shift)

    indicator_count = len(values)
    place = f"{indicator_count}の評価指標の進捗状況"
    for row in truth["grades"]:
        row["fiscal_year"] = str(int(row["fiscal_year"]) + shift)
        row["stated_grade"] = shift_years(row["stated_grade"], shift)
        row["place"] = place
    for row in truth["table_status_summary"]:
        row["区分"] = shift_years(row["区分"], shift)

    # One RPA rate lowered below 90%: the sentence '6業務中4業務で9割以上' no longer holds.
    rpa = truth["table_rpa"]
    lowered = rng.choice([r for r in rpa if r["reduction_rate"] and float(r["reduction_rate"]) >= 90])
    new_rate = round(rng.uniform(80.0, 89.4), 1)
    lowered["想定削減率"] = f"{new_rate:.1f}%"
    lowered["reduction_rate"] = f"{new_rate:.1f}"
    at_least_90 = sum(1 for r in rpa if r["reduction_rate"] and float(r["reduction_rate"]) >= 90)
    measured = sum(1 for r in rpa if r["reduction_rate"])

    summary_total = sum({r["区分"]: int(r["count"]) for r in truth["table_status_summary"]}.values())
    inconsistencies = [
        dict(
            kind="duplicate_indicator",
            scope="評価指標表 施策2 / 施策4",
            stated=f"{indicator_count}の評価指標",
            expected=f"{indicator_count - 1} distinct indicators",
            seed_line="98 186 314 103 104",
            description="「マイナポータル等を活用した電子申請ができる手続の数」 is printed in both the 施策2 and "
            f"the 施策4 table and counted twice in the stated total of {indicator_count} indicators.",
        ),
        dict(
            kind="status_summary_total",
            scope=f"<{indicator_count}の評価指標の進捗状況>",
            stated=str(summary_total),
            expected=str(indicator_count),
            seed_line="98 102 104 110 114",
            description=f"The category counts add up to {summary_total}, but the caption and the 施策 tables "
            f"have {indicator_count} indicators (indicators {', '.join(sorted(dropped))} dropped, "
            f"{added['indicator_key']} added in this edition).",
        ),
        dict(
            kind="sentence_count",
            scope="RPAの実証実験",
            stated="6業務中4業務で9割以上",
            expected=f"{measured}業務中{at_least_90}業務で9割以上",
            seed_line=f"423 {lowered['seed_line']}",
            description=f"No.{lowered['No']} is printed at {lowered['想定削減率']}, so only {at_least_90} of the "
            f"{measured} measured tasks reach 90%.",
        ),
    ]
    truth["inconsistencies"] = inconsistencies
    return ed


# ---------------------------------------------------------------- PDF


class Anchor(Flowable):
    """Zero-size marker whose page the document records (for the table of contents)."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        return None


class ReportDoc(BaseDocTemplate):
    """Title page and contents unnumbered; the body numbered from 1, as the city prints it."""

    FRONT_PAGES = 2

    def __init__(self, target: str | io.BytesIO, ed: Edition, toc: dict[str, int]) -> None:
        title = ed.truth["document"][0]["title"]
        super().__init__(
            target,
            pagesize=A4,
            leftMargin=50,
            rightMargin=50,
            topMargin=62,
            bottomMargin=60,
            title=title,
            author=ed.truth["document"][0]["municipality"],
            invariant=1,
        )
        self.ed = ed
        self.toc = toc
        self.anchors: dict[str, int] = {}
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        wide_w, wide_h = landscape(A4)
        wide = Frame(
            self.leftMargin, self.bottomMargin, wide_w - 100, wide_h - self.topMargin - self.bottomMargin, id="wide"
        )
        self.addPageTemplates(
            [
                PageTemplate(id="front", frames=[frame]),
                PageTemplate(id="body", frames=[frame], onPage=self._decorate),
                PageTemplate(id="wide", frames=[wide], onPage=self._decorate, pagesize=landscape(A4)),
            ]
        )

    def _decorate(self, canvas: object, doc: BaseDocTemplate) -> None:
        from reportlab.pdfgen.canvas import Canvas

        assert isinstance(canvas, Canvas)
        width, height = doc.pagesize
        canvas.saveState()
        canvas.setFont(self.ed.head_font, 8)
        canvas.setFillColor(colors.HexColor("#444444"))
        canvas.drawRightString(width - 50, height - 38, self.ed.truth["document"][0]["title"])
        canvas.setStrokeColor(colors.HexColor("#1f4e79"))
        canvas.setLineWidth(0.8)
        canvas.line(50, height - 44, width - 50, height - 44)
        canvas.setFont(self.ed.body_font, 9)
        canvas.setFillColor(colors.black)
        canvas.drawCentredString(width / 2, 32, f"- {doc.page - self.FRONT_PAGES} -")
        canvas.restoreState()

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, Anchor):
            self.anchors[flowable.key] = self.page - self.FRONT_PAGES


@dataclass
class Styles:
    body: ParagraphStyle
    bullet: ParagraphStyle
    sub_bullet: ParagraphStyle
    cell: ParagraphStyle
    cell_center: ParagraphStyle
    cell_head: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    band: ParagraphStyle
    minor: ParagraphStyle
    note: ParagraphStyle


def make_styles(ed: Edition) -> Styles:
    body = ParagraphStyle("body", fontName=ed.body_font, fontSize=9.5, leading=15, wordWrap="CJK", firstLineIndent=9.5)
    cell = ParagraphStyle("cell", fontName=ed.body_font, fontSize=8.5, leading=11.5, wordWrap="CJK")
    return Styles(
        body=body,
        bullet=ParagraphStyle("bullet", parent=body, firstLineIndent=-10, leftIndent=12, spaceAfter=2),
        sub_bullet=ParagraphStyle("sub", parent=body, firstLineIndent=-10, leftIndent=22),
        cell=cell,
        cell_center=ParagraphStyle("cellc", parent=cell, alignment=TA_CENTER),
        cell_head=ParagraphStyle("cellh", parent=cell, fontName=ed.head_font, alignment=TA_CENTER),
        h1=ParagraphStyle(
            "h1",
            fontName=ed.head_font,
            fontSize=14,
            leading=20,
            spaceBefore=6,
            spaceAfter=10,
            keepWithNext=1,
            textColor=colors.HexColor("#1f4e79"),
        ),
        h2=ParagraphStyle(
            "h2", fontName=ed.head_font, fontSize=11.5, leading=17, spaceBefore=8, spaceAfter=6, keepWithNext=1
        ),
        band=ParagraphStyle(
            "band",
            fontName=ed.head_font,
            fontSize=10,
            leading=15,
            textColor=colors.white,
            backColor=colors.HexColor("#1f4e79"),
            borderPadding=(2, 4, 2, 4),
            spaceBefore=8,
            spaceAfter=6,
            keepWithNext=1,
        ),
        minor=ParagraphStyle(
            "minor", fontName=ed.head_font, fontSize=9.5, leading=15, spaceBefore=4, spaceAfter=2, keepWithNext=1
        ),
        note=ParagraphStyle("note", fontName=ed.body_font, fontSize=8, leading=11, wordWrap="CJK"),
    )


def ruled(
    data: list[list[object]], widths: list[float], spans: list[tuple[int, int, int, int]], header_rows: int = 1
) -> Table:
    """A ruled table as the city prints it: thin grid, shaded header, merged cells where given."""
    style = [
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("BOX", (0, 0), (-1, -1), 1.0, colors.black),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.HexColor("#dce6f1")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    style += [("SPAN", (c0, r0), (c1, r1)) for c0, r0, c1, r1 in spans]
    table = Table(data, colWidths=widths, repeatRows=header_rows, style=TableStyle(style))
    return table


def indicator_table(ed: Edition, st: Styles, measure_key: str) -> Table:
    years = [ed.fiscal_year + i for i in range(4)]
    first = f"{era_label(years[0], measure_key in FULL_ERA_HEADER)}年度"
    header = [Paragraph("評価指標", st.cell_head), Paragraph(first, st.cell_head)]
    header += [Paragraph(f"{era_label(y, False)}年度", st.cell_head) for y in years[1:]]
    data: list[list[object]] = [header]
    for row in ed.truth["indicator_values"]:
        if row["measure_key"] != measure_key:
            continue
        cells: list[object] = [Paragraph(row["indicator_name"], st.cell)]
        for year in years:
            text = row["value_text"] if int(row["fiscal_year"]) == year else ""
            cells.append(Paragraph(text, st.cell_center))
        data.append(cells)
    return ruled(data, ed.widths["indicator"], [])


def status_summary_table(ed: Edition, st: Styles) -> Table:
    rows = ed.truth["table_status_summary"]
    data: list[list[object]] = [[Paragraph("進捗区分", st.cell_head), Paragraph("主な評価指標", st.cell_head)]]
    spans: list[tuple[int, int, int, int]] = []
    start = 1
    for i, row in enumerate(rows):
        first_of_category = i == 0 or rows[i - 1]["区分"] != row["区分"]
        label = f"{row['区分']}<br/>{row['指標数']}" if first_of_category else ""
        data.append([Paragraph(label, st.cell), Paragraph(row["主な指標"], st.cell)])
        last_of_category = i == len(rows) - 1 or rows[i + 1]["区分"] != row["区分"]
        if first_of_category:
            start = i + 1
        if last_of_category and i + 1 > start:
            spans.append((0, start, 0, i + 1))
    return ruled(data, ed.widths["summary"], spans)


def reordered(ed: Edition, order: list[int]) -> list[int]:
    """Column indexes in print order: as the canonical sample prints them, or the variant's other order."""
    return order if ed.column_order else sorted(order)


def rpa_table(ed: Edition, st: Styles) -> Table:
    right = ParagraphStyle("r", parent=st.cell, alignment=TA_RIGHT)
    columns = reordered(ed, [0, 1, 3, 2])  # 想定削減率 before 年間想定削減時間
    heads = ("No", "対象業務", "年間想定削減時間", "想定削減率")
    data: list[list[object]] = [[Paragraph(heads[c], st.cell_head) for c in columns]]
    for row in ed.truth["table_rpa"]:
        cells = (
            Paragraph(row["No"], st.cell_center),
            Paragraph(row["対象業務"], st.cell),
            Paragraph(row["年間想定削減時間"], right),
            Paragraph(row["想定削減率"], right),
        )
        data.append([cells[c] for c in columns])
    return ruled(data, [ed.widths["rpa"][c] for c in columns], [])


def measures_table(ed: Edition, st: Styles) -> Table:
    columns = reordered(ed, [0, 2, 1])  # 主な所管区局 before 施策名
    heads = ("施策", "施策名", "主な所管区局")
    data: list[list[object]] = [[Paragraph(heads[c], st.cell_head) for c in columns]]
    for row in ed.truth["measures"]:
        cells = (
            Paragraph(row["measure_no"], st.cell_center),
            Paragraph(row["title"], st.cell),
            Paragraph(f"【{row['departments_text']}】", st.cell),
        )
        data.append([cells[c] for c in columns])
    return ruled(data, [ed.widths["measures"][c] for c in columns], [])


def narrative(
    ed: Edition, st: Styles, lines: list[str], first: int, last: int, inserts: dict[str, list[Flowable]]
) -> list[Flowable]:
    """Seed lines first..last as paragraphs, bullets and headings; a table row is replaced by the
    flowables built from the truth (`inserts` keyed 'table' / 'projects')."""
    story: list[Flowable] = []
    pending = ""
    for number in range(first, last + 1):
        raw = lines[number - 1]
        if not raw.strip() or ("\t" in raw and not raw.startswith("評価指標")):
            continue
        if raw.startswith("評価指標"):
            story += inserts.get("table", [])
            continue
        if raw.startswith("関連する事業"):
            story += inserts.get("projects", [])
            continue
        text = pending + ed.text(raw)
        if number in CONTINUED_LINES:
            pending = text
            continue
        pending = ""
        story.append(_paragraph(text, st))
    return story


BANDS = ("基本的方向", "主な実績", "今後の取組の考え方", "関連する国の動き")


def _paragraph(text: str, st: Styles) -> Paragraph:
    if text.startswith(("▶", "*EBPM")) or re.match(r"^[①②③]", text):
        return Paragraph(text, st.bullet)
    if text.startswith("・"):
        return Paragraph(text, st.sub_bullet)
    if text.startswith(("■", "◇", "★", "<")):
        return Paragraph(text, st.minor)
    if text in BANDS or (text.endswith(BANDS[1:3]) and len(text) < 40):
        return Paragraph(text, st.band)
    if "。" not in text and len(text) < 45:
        return Paragraph(text, st.minor)
    return Paragraph(text, st.body)


def story_for(ed: Edition, toc: dict[str, int]) -> list[Flowable]:
    lines = seed_lines(SEED_FILE)
    st = make_styles(ed)
    doc = ed.truth["document"][0]
    story: list[Flowable] = []

    # Title page
    title_style = ParagraphStyle("t", fontName=ed.head_font, fontSize=22, leading=34, alignment=TA_CENTER)
    plan, _, edition = doc["title"].partition(" ")
    story += [Spacer(1, 200), Paragraph(plan, title_style), Paragraph(edition, title_style), Spacer(1, 240)]
    big = ParagraphStyle("b", fontName=ed.head_font, fontSize=15, leading=26, alignment=TA_CENTER)
    story += [Paragraph(doc["issued"], big), Spacer(1, 12), Paragraph(doc["municipality"], big)]
    story += [NextPageTemplate("front"), PageBreak()]

    # Contents
    sections = [(key, shift_years(" ".join(lines[n - 1].split()), ed.shift)) for key, n in SECTION_LINES]
    story.append(Paragraph("目次", ParagraphStyle("toc", parent=st.h1, alignment=TA_CENTER)))
    story.append(Spacer(1, 20))
    toc_style = ParagraphStyle("tocline", fontName=ed.body_font, fontSize=11, leading=18)
    toc_rows = [
        [
            Paragraph(title, toc_style),
            Paragraph("・" * 12, st.note),
            Paragraph(str(toc.get(key, "")), ParagraphStyle("tocno", parent=toc_style, alignment=TA_RIGHT)),
        ]
        for key, title in sections
    ]
    story.append(Table(toc_rows, colWidths=[300, 110, 30], style=TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM")])))
    story += [NextPageTemplate("body"), PageBreak()]

    # 1 計画について
    story += [Anchor("s1"), Paragraph(sections[0][1], st.h1)]
    for number in (15, 17, 19, 21, 23):
        story.append(
            _paragraph(ed.text(lines[number - 1]), st)
            if number in (17, 19, 23)
            else Paragraph(ed.text(lines[number - 1]), st.h2)
        )
    story.append(Paragraph("3つの観点", st.minor))
    for row in ed.truth["table_perspectives"]:
        story.append(Paragraph(f"◇{row['観点']}", st.minor))
        story += [Paragraph(ed.text(lines[n - 1]), st.body) for n in PERSPECTIVE_TEXT[row["観点"]]]
        story.append(Paragraph(f"関連する施策:{row['関連する施策']}", st.body))
    story += [Paragraph(f"{len(ed.truth['measures'])}つの施策", st.minor), measures_table(ed, st)]
    for number in (78, 80, 82, 84, 86, 88, 90):
        text = ed.text(lines[number - 1])
        story.append(Paragraph(text, st.h2) if text.startswith("(") else _paragraph(text, st))

    # 2 取組状況
    story += [NextPageTemplate("wide" if ed.landscape else "body")]
    story += [PageBreak(), Anchor("s2"), Paragraph(sections[1][1], st.h1)]
    story += [_paragraph(ed.text(lines[n - 1]), st) for n in (94, 96)]
    count = len(ed.truth["indicator_values"])
    story += [Paragraph(f"<{count}の評価指標の進捗状況>", ParagraphStyle("c", parent=st.minor, alignment=TA_CENTER))]
    story += [status_summary_table(ed, st), Spacer(1, 8)]
    closing = [ed.text(lines[n - 1]) for n in (116, 118)]
    if "s3" in toc:
        # The page reference to 有識者の意見 follows the layout of this edition.
        closing = [re.sub(r"\(\d+ページ参照\)", f"({toc['s3']}ページ参照)", text) for text in closing]
    story += [_paragraph(text, st) for text in closing]

    related = {r["施策"]: r["関連する事業"] for r in ed.truth["table_related_projects"]}
    for measure in ed.truth["measures"]:
        key = measure["measure_key"]
        first, last = MEASURE_SECTIONS[key]
        story.append(PageBreak() if ed.break_before[key] else CondPageBreak(220))
        story.append(Paragraph(f"({key.removeprefix('施策')}) {measure['title']}", st.h2))
        inserts: dict[str, list[Flowable]] = {
            "table": [Spacer(1, 4), indicator_table(ed, st, key), Spacer(1, 6)],
            "projects": [
                Paragraph(f"関連する事業:{related[key]}", ParagraphStyle("p", parent=st.minor, alignment=TA_RIGHT))
            ],
        }
        story += narrative(ed, st, lines, first + 1, last, inserts)
        if key == RPA_SECTION:
            story.append(
                KeepTogether(
                    [
                        Paragraph(ed.text(lines[RPA_CAPTION_LINE - 1]), st.minor),
                        rpa_table(ed, st),
                        Paragraph(ed.text(lines[RPA_FOOTNOTE_LINE - 1]), st.note),
                    ]
                )
            )

    # 3 有識者の意見
    story += [NextPageTemplate("body"), PageBreak(), Anchor("s3"), Paragraph(sections[2][1], st.h1)]
    story += narrative(ed, st, lines, *EXPERTS_LINES, {})
    story.append(Spacer(1, 10))
    story += [
        Paragraph(ed.text(lines[n - 1]), st.body if n > COMMITTEE_LINES[0] else st.minor)
        for n in range(COMMITTEE_LINES[0], COMMITTEE_LINES[1] + 1)
        if lines[n - 1].strip()
    ]
    story.append(Spacer(1, 16))
    contact = [ed.text(lines[n - 1]) for n in range(CONTACT_LINES[0], CONTACT_LINES[1] + 1) if lines[n - 1].strip()]
    story.append(
        Table(
            [[Paragraph("<br/>".join(contact), st.note)]],
            colWidths=[300],
            hAlign="RIGHT",
            style=TableStyle([("BOX", (0, 0), (-1, -1), 0.6, colors.black)]),
        )
    )
    return story


def render_pdf(ed: Edition, target: Path) -> dict[str, int]:
    """Two passes: the first learns on which page each section starts, the second prints the contents."""
    register_fonts()
    probe = ReportDoc(io.BytesIO(), ed, {})
    probe.build(story_for(ed, {}))
    toc = dict(probe.anchors)
    final = ReportDoc(str(target), ed, toc)
    final.build(story_for(ed, toc))
    return toc


def build(out_dir: Path, truth_dir: Path, variant: Variant, truth_out: Path) -> list[Path]:
    ed = canonical_edition(truth_dir) if variant.canonical else variant_edition(truth_dir, variant)
    out_dir.mkdir(parents=True, exist_ok=True)
    pdf = out_dir / PDF_NAME
    render_pdf(ed, pdf)
    if not variant.canonical:
        for name, rows in ed.truth.items():
            write_truth_csv(name, rows, truth_dir, truth_out)
    return [pdf]


def write_truth_csv(name: str, rows: list[dict[str, str]], truth_dir: Path, truth_out: Path) -> None:
    """A variant's truth CSV with the canonical file's columns (kept even when the edition has no rows)."""
    with (truth_dir / REPORT / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        fields = next(csv.reader(f))
    path = truth_out / REPORT / f"{name}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
