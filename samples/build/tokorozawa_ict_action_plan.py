"""所沢市 ICT推進アクションプラン 2019-2021 進捗状況評価 -> an A4 word-processor report (.docx printed to PDF by
LibreOffice): chapter narrative, 表３－x by vision, the 58-system list 表４－１, the 掲載内容説明 template, one
label/value sheet per system and the 参考資料 grade history."""

from __future__ import annotations

import tempfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell

from samples.build.common import (
    AMOUNT_HEADS,
    COLUMN_ORDER,
    LANDSCAPE,
    Variant,
    read_truth,
    seed_lines,
    soffice_convert,
    write_truth,
)
from samples.build.tokorozawa_ict_action_plan_model import (
    HALF_GRADE,
    REPORT,
    SEED_FILE,
    Edition,
    System,
    inconsistencies,
    load_canonical,
    make_variant,
    narrative_sentences,
    nfkc,
    percent,
    reiwa,
    shift_years,
    summary_cells,
)

GOTHIC = "IPAexGothic"

# Seed line ranges (1-based, inclusive) of the narrative paragraphs the report prints as they are.
PREFACE = [(5, 19), (21, 27)]
CH1_PURPOSE = [(34, 40), (42, 46), (48, 50)]
CH1_PERIOD = [(60, 64)]
CH2_METHOD = [(71, 73)]
CH2_STEPS = [(77, 81), (83, 87), (89, 91)]
CH2_RULE = [(97, 99)]
CH3_1_INTRO = [(134, 138)]
CH3_1_AFTER = [(224, 226)]
CH3_2_INTRO = [(246, 252)]
CH3_2_AFTER = [(340, 342)]
CH4_INTRO = [(367, 371)]
CH4_NOTE = [(540, 542)]
CH4_2_INTRO = [(545, 547)]
REF_INTRO = [(7517, 7519)]
GLOSSARY = (7716, 7928)


class Report:
    """The document being written, with the edition's fonts and widths."""

    def __init__(self, ed: Edition, variant: Variant) -> None:
        self.ed = ed
        self.variant = variant
        self.shift = ed.first_year - 2019
        self.lines = seed_lines(SEED_FILE)
        self.body_font = variant.font("IPAexMincho")
        self.doc = Document()
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        margin = Mm(variant.jitter(22, 0.2))
        section.left_margin = section.right_margin = margin
        section.top_margin = section.bottom_margin = Mm(variant.jitter(25, 0.15))
        normal = self.doc.styles["Normal"]
        normal.font.size = Pt(10.5)
        self._fonts(normal.element.get_or_add_rPr(), self.body_font)
        self._header_footer(section)

    # -- low-level helpers ------------------------------------------------------------------------------
    @staticmethod
    def _fonts(rpr: OxmlElement, font: str) -> None:
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.insert(0, fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attr), font)

    def say(self, text: str) -> str:
        """Text as this edition prints it: every fiscal year moved with the edition."""
        return shift_years(text, self.shift)

    def seed_text(self, ranges: list[tuple[int, int]]) -> list[str]:
        """Paragraphs from seed line ranges, print-wrap breaks removed."""
        return [self.say("".join(line.strip() for line in self.lines[a - 1 : b])) for a, b in ranges]

    def para(
        self,
        text: str,
        *,
        bold: bool = False,
        size: float | None = None,
        font: str | None = None,
        align: WD_ALIGN_PARAGRAPH | None = None,
        indent: bool = False,
        space_after: float = 4,
    ) -> None:
        p = self.doc.add_paragraph()
        p.paragraph_format.space_after = Pt(space_after)
        if indent:
            p.paragraph_format.first_line_indent = Pt(10.5)
        if align is not None:
            p.alignment = align
        run = p.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
        if font:
            self._fonts(run._r.get_or_add_rPr(), font)

    def heading(self, text: str, level: int = 1) -> None:
        size = {0: 14, 1: 12, 2: 11}[level]
        self.para(text, bold=True, size=size, font=GOTHIC, space_after=8)

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def new_section(self, wide: bool) -> None:
        """A new page in a section of its own, landscape or upright (margins, header and footer kept)."""
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.LANDSCAPE if wide else WD_ORIENT.PORTRAIT
        upright = (Mm(210), Mm(297))
        section.page_width, section.page_height = upright[::-1] if wide else upright

    def cell(
        self,
        cell: _Cell,
        text: str | list[str],
        *,
        bold: bool = False,
        align: WD_ALIGN_PARAGRAPH | None = None,
        size: float = 9.5,
        shade: bool = False,
    ) -> None:
        paragraphs = [text] if isinstance(text, str) else text or [""]
        first = cell.paragraphs[0]
        for i, t in enumerate(paragraphs):
            p = first if i == 0 else cell.add_paragraph()
            p.paragraph_format.space_after = Pt(0)
            if align is not None:
                p.alignment = align
            run = p.add_run(t)
            run.bold = bold
            run.font.size = Pt(size)
        if shade:
            props = cell._tc.get_or_add_tcPr()
            fill = OxmlElement("w:shd")
            fill.set(qn("w:val"), "clear")
            fill.set(qn("w:fill"), "D9D9D9")
            props.append(fill)

    def table(self, rows: int, widths_mm: list[float]) -> Table:
        table = self.doc.add_table(rows=rows, cols=len(widths_mm))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for col, width in zip(table.columns, widths_mm, strict=True):
            w = Mm(self.variant.jitter(width, 0.1))
            col.width = w
            for c in col.cells:
                c.width = w
        return table

    @staticmethod
    def repeat_header(table: Table, rows: int) -> None:
        for row in table.rows[:rows]:
            flag = OxmlElement("w:tblHeader")
            flag.set(qn("w:val"), "true")
            row._tr.get_or_add_trPr().append(flag)

    @staticmethod
    def keep_rows_whole(table: Table) -> None:
        for row in table.rows:
            flag = OxmlElement("w:cantSplit")
            row._tr.get_or_add_trPr().append(flag)

    def _header_footer(self, section) -> None:  # type: ignore[no-untyped-def]
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = header.add_run(self.say("所沢市ＩＣＴ推進アクションプラン 2019-2021 進捗状況評価"))
        run.font.size = Pt(8.5)
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer.add_run("- ").font.size = Pt(9)
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), "PAGE")
        inner = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = "1"
        inner.append(text)
        field.append(inner)
        footer._p.append(field)
        footer.add_run(" -").font.size = Pt(9)

    # -- the report -------------------------------------------------------------------------------------
    def write(self) -> None:
        ed = self.ed
        r3 = reiwa(ed.years[2])
        r3_full = r3.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
        for _ in range(6):
            self.para("")
        self.para(
            self.say("所沢市ＩＣＴ推進アクションプラン 2019-2021"),
            bold=True,
            size=20,
            font=GOTHIC,
            align=WD_ALIGN_PARAGRAPH.CENTER,
            space_after=12,
        )
        self.para(
            f"進捗状況評価（令和{r3_full}年度・総括）",
            bold=True,
            size=18,
            font=GOTHIC,
            align=WD_ALIGN_PARAGRAPH.CENTER,
            space_after=160,
        )
        self.para("所沢市", bold=True, size=16, font=GOTHIC, align=WD_ALIGN_PARAGRAPH.CENTER)
        self.page_break()

        self.heading("はじめに", 0)
        for t in self.seed_text(PREFACE):
            self.para(t, indent=True)
        self.page_break()
        self.heading(self.say("第１章 アクションプラン 2019-2021の概要"), 0)
        self.heading("１.１ 計画の趣旨と位置付け")
        for t in self.seed_text(CH1_PURPOSE):
            self.para(t, indent=True)
        self.heading("１.２ 計画の実施期間")
        for t in self.seed_text(CH1_PERIOD):
            self.para(t, indent=True)

        self.page_break()
        self.heading(self.say("第２章 アクションプラン 2019-2021進捗状況評価"), 0)
        self.heading("２.１ 進捗状況及び目標達成状況の評価方法")
        for t in self.seed_text(CH2_METHOD):
            self.para(t, indent=True)
        for t in self.seed_text(CH2_STEPS):
            self.para(t)
        self.heading(self.say("２.２ 令和３年度の進捗状況及び総括の評価基準"))
        for t in self.seed_text(CH2_RULE):
            self.para(t, indent=True)
        self.para("表２－１ 進捗状況の評価基準", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        criteria = read_truth(REPORT, "table_evaluation_criteria")
        t = self.table(len(criteria) + 1, [50, 100])
        self.cell(t.cell(0, 0), "評価", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, shade=True)
        self.cell(t.cell(0, 1), "計画に対する進捗状況", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, shade=True)
        for i, row in enumerate(criteria, start=1):
            self.cell(t.cell(i, 0), row["評価"])
            self.cell(t.cell(i, 1), row["計画に対する進捗状況"])

        self.page_break()
        self.heading(self.say("第３章 アクションプラン 2019-2021進捗状況評価結果"), 0)
        self.heading(self.say("３.１ 令和３年度の進捗状況評価結果"))
        sentences = narrative_sentences(ed)
        for t in self.seed_text(CH3_1_INTRO):
            self.para(t, indent=True)
        self.vision_table("表３－１ 評価結果（ビジョン毎）", "r3_progress")
        self.figure("図３－１ 評価結果（全システム）", "r3_progress")
        self.para(sentences[0]["sentence"] + "今後も引き続き取組を推進し、目標達成に努めます。", indent=True)
        for t in self.seed_text(CH3_1_AFTER):
            self.para(t, indent=True)
        self.heading("３.２ 最終的な「目標達成指標」に対する進捗状況（総括）評価結果")
        for t in self.seed_text(CH3_2_INTRO):
            self.para(t, indent=True)
        self.vision_table("表３－２ 評価結果（ビジョン毎）", "final")
        self.figure("図３－２ 評価結果（全システム）", "final")
        self.para(sentences[1]["sentence"], indent=True)
        for t in self.seed_text(CH3_2_AFTER):
            self.para(t, indent=True)

        # A landscape variant prints 4.1 and its list 表４－１ on landscape pages of their own.
        wide = LANDSCAPE in self.variant.knobs
        if wide:
            self.new_section(wide=True)
        else:
            self.page_break()
        self.heading(self.say("第４章 アクションプラン 2019-2021進捗状況評価結果（個別システム）"), 0)
        self.heading(self.say("４.１ 令和３年度の進捗状況及び総括評価結果一覧"))
        for t in self.seed_text(CH4_INTRO):
            self.para(t, indent=True)
        self.grade_list(r3)
        for t in self.seed_text(CH4_NOTE):
            self.para(t, size=9)
        if wide:
            self.new_section(wide=False)
        else:
            self.page_break()
        self.heading("４.２ 進捗状況の掲載内容説明")
        for t in self.seed_text(CH4_2_INTRO):
            self.para(t, indent=True)
        self.template_sheet(r3_full)
        self.page_break()
        self.heading("４.３ 各個別システムの進捗状況")
        each_on_new_page = self.variant.canonical or self.variant.rng.random() < 0.5
        for i, s in enumerate(ed.systems):
            if i and (each_on_new_page or s.vision != ed.systems[i - 1].vision):
                self.page_break()
            if i == 0 or s.vision != ed.systems[i - 1].vision:
                number = ("（１）", "（２）", "（３）")[s.vision]
                self.para(f"{number}{nfkc_vision(ed.visions[s.vision], full=True)}", bold=True, font=GOTHIC)
            self.system_sheet(s, r3_full)
        self.page_break()
        self.heading("参考資料", 0)
        for t in self.seed_text(REF_INTRO):
            self.para(t, indent=True)
        self.reference_table()
        self.page_break()
        self.heading("用語集", 0)
        for line in self.lines[GLOSSARY[0] - 1 : GLOSSARY[1]]:
            if line.strip():
                self.para(line.strip(), bold=line.strip().startswith(("◆", "⚫")), space_after=2)

    def vision_table(self, caption: str, grade: str) -> None:
        self.para(caption, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        t = self.table(2 + len(self.ed.vision_short), [52, 21, 21, 21, 21, 26])
        self.cell(t.cell(0, 0).merge(t.cell(1, 0)), "ビジョン", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, shade=True)
        self.cell(
            t.cell(0, 1).merge(t.cell(0, 4)),
            "個別システム件数（割合）",
            bold=True,
            align=WD_ALIGN_PARAGRAPH.CENTER,
            shade=True,
        )
        self.cell(
            t.cell(0, 5).merge(t.cell(1, 5)),
            ["ＡまたはＢ", "評価の割合"],
            bold=True,
            align=WD_ALIGN_PARAGRAPH.CENTER,
            shade=True,
        )
        for col, label in enumerate(("Ａ評価", "Ｂ評価", "Ｃ評価", "Ｄ評価"), start=1):
            self.cell(t.cell(1, col), label, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, shade=True)
        for v, label in enumerate(self.ed.vision_short):
            self.cell(t.cell(2 + v, 0), label)
            for col, text in enumerate(summary_cells(self.ed.systems, grade, v), start=1):
                count, _, share = text.partition("（")
                self.cell(
                    t.cell(2 + v, col), [count, "（" + share] if share else count, align=WD_ALIGN_PARAGRAPH.CENTER
                )
        self.para("")

    def figure(self, caption: str, grade: str) -> None:
        """The pie chart's legend, as the word processor prints its labels."""
        systems = self.ed.systems
        col = 0 if grade == "r3_progress" else 1
        graded = [s.list_grades[col] for s in systems if s.list_grades[col] in HALF_GRADE]
        t = self.table(2, [25, 25, 25, 25])
        for i, letter in enumerate("ＡＢＣＤ"):
            share = percent(graded.count(letter), len(graded))
            self.cell(t.cell(0, i), f"{HALF_GRADE[letter]}評価", align=WD_ALIGN_PARAGRAPH.CENTER, shade=True)
            self.cell(t.cell(1, i), f"{share}%", align=WD_ALIGN_PARAGRAPH.CENTER)
        self.para(caption, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)

    def grade_list(self, r3: str) -> None:
        """表４－１; a variant with another column order prints the 主担当課 after the two grades, a
        landscape one spreads the list over the wider page."""
        self.para(f"表４－１ 令和 {r3}年度進捗状況評価結果一覧", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        rows = 2 + len(self.ed.systems) + len(self.ed.visions)
        moved = COLUMN_ORDER in self.variant.knobs
        # column -> printed position: Ｐ., システム名, 主担当課, R, 総括 (or Ｐ., システム名, R, 総括, 主担当課)
        at = (0, 1, 4, 2, 3) if moved else (0, 1, 2, 3, 4)
        widths = [12.0, 70.0, 48.0, 16.0, 16.0]
        scale = 1.5 if LANDSCAPE in self.variant.knobs else 1.0
        t = self.table(rows, [widths[at.index(i)] * scale for i in range(5)])
        center = WD_ALIGN_PARAGRAPH.CENTER
        for column, label in ((0, "Ｐ."), (1, "システム名"), (2, "主担当課")):
            self.cell(t.cell(0, at[column]).merge(t.cell(1, at[column])), label, bold=True, align=center, shade=True)
        self.cell(t.cell(0, at[3]).merge(t.cell(0, at[4])), "評価結果", bold=True, align=center, shade=True)
        self.cell(t.cell(1, at[3]), f"R{r3}", bold=True, align=center, shade=True)
        self.cell(t.cell(1, at[4]), "総括", bold=True, align=center, shade=True)
        self.repeat_header(t, 2)
        row = 2
        for i, s in enumerate(self.ed.systems):
            if i == 0 or s.vision != self.ed.systems[i - 1].vision:
                self.cell(t.cell(row, 0).merge(t.cell(row, 4)), self.ed.visions[s.vision], bold=True)
                row += 1
            self.cell(t.cell(row, at[0]), s.page_no, align=center)
            self.cell(t.cell(row, at[1]), s.list_name)
            self.cell(t.cell(row, at[2]), s.list_dept)
            self.cell(t.cell(row, at[3]), s.list_grades[0], align=center)
            self.cell(t.cell(row, at[4]), s.list_grades[1], align=center)
            row += 1
        self.keep_rows_whole(t)

    def sheet_table(
        self,
        rows: list[tuple[str, list[str] | str]],
        years: list[str],
        budget: list[str],
        settlement: list[str],
        stage: str,
        r3_full: str,
        grades: tuple[str, str],
        tail: list[tuple[str, list[str]]],
        activities: list[str],
        goals: list[str],
    ) -> None:
        """A system's label/value sheet: label column, then its values (4 columns where the sheet is a grid)."""
        n = len(rows) + 1 + 3 + 2 + 2 + 2 + len(tail)
        t = self.table(n, [30, 45, 45, 46])
        r = 0
        for label, value in rows:
            self.cell(t.cell(r, 0), label, bold=True, shade=True)
            self.cell(t.cell(r, 1).merge(t.cell(r, 3)), value)
            r += 1
        self.cell(t.cell(r, 0), "事業段階", bold=True, shade=True)
        self.cell(t.cell(r, 1).merge(t.cell(r, 3)), stage)
        r += 1
        self.cell(t.cell(r, 0), "", shade=True)
        for i, y in enumerate(years):
            self.cell(t.cell(r, 1 + i), y, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, shade=True)
        for label, values in ((self.amount_head("予算額"), budget), (self.amount_head("決算額"), settlement)):
            r += 1
            self.cell(t.cell(r, 0), label, bold=True, shade=True)
            for i, v in enumerate(values):
                self.cell(t.cell(r, 1 + i), v, align=WD_ALIGN_PARAGRAPH.RIGHT)
        r += 1
        self.cell(t.cell(r, 0).merge(t.cell(r + 1, 0)), "取組状況", bold=True, shade=True)
        for i, label in enumerate(
            (f"Ｒ{r3_full}年度の取組予定内容", f"Ｒ{r3_full}年度の業績評価指標", f"Ｒ{r3_full}年度実績")
        ):
            self.cell(t.cell(r, 1 + i), label, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, shade=True)
        self.cell(t.cell(r + 1, 1).merge(t.cell(r + 1, 3)), activities)
        r += 2
        self.cell(t.cell(r, 0).merge(t.cell(r + 1, 0)), "目標達成状況", bold=True, shade=True)
        for i, label in enumerate(("目標達成指標", "基準値", "実績")):
            self.cell(t.cell(r, 1 + i), label, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, shade=True)
        self.cell(t.cell(r + 1, 1).merge(t.cell(r + 1, 3)), goals)
        r += 2
        self.cell(t.cell(r, 0).merge(t.cell(r + 1, 0)), "評価", bold=True, shade=True)
        self.cell(
            t.cell(r, 1), f"Ｒ{r3_full}年度取組状況の評価", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, shade=True
        )
        self.cell(
            t.cell(r, 2).merge(t.cell(r, 3)),
            "目標達成状況の評価",
            bold=True,
            align=WD_ALIGN_PARAGRAPH.CENTER,
            shade=True,
        )
        self.cell(t.cell(r + 1, 1), grades[0], align=WD_ALIGN_PARAGRAPH.CENTER)
        self.cell(t.cell(r + 1, 2).merge(t.cell(r + 1, 3)), grades[1], align=WD_ALIGN_PARAGRAPH.CENTER)
        r += 2
        for label, value in tail:
            self.cell(t.cell(r, 0), label, bold=True, shade=True)
            self.cell(t.cell(r, 1).merge(t.cell(r, 3)), value)
            r += 1
        self.keep_rows_whole(t)

    def amount_head(self, item: str) -> str:
        """A budget row's label: 予算額（円）, or in a reworded variant 予算額 (円) / 予算額 + a line break + (円)."""
        forms = tuple(form.replace("千円", "円") for form in AMOUNT_HEADS)
        return self.variant.head(forms, "{item}（円）", item=item)

    def template_sheet(self, r3_full: str) -> None:
        """掲載内容説明: the sheet layout with what each cell holds (placeholder values, not a system)."""
        self.sheet_table(
            [
                ("システム名", "個別システムの名称"),
                ("担当課名", "個別システム担当課名"),
                ("業務システムの課題", "個別システムの運用やサービスを提供するうえで抱える問題・課題"),
                ("業務システムの目指す姿", "現在抱える問題・課題を解決できた後の望ましい状態"),
            ],
            [f"R{reiwa(y)}年度予算" for y in self.ed.years],
            ["予算額"] * 3,
            ["決算額"] * 3,
            "運用・実施／一部運用／試行運用／整備・開発中／構想中（検討中）",
            r3_full,
            (
                f"令和{r3_full}年度の実績を評価基準に従い４段階（Ａ～Ｄ）で判定（個別システム担当課の自己評価）",
                "目標達成指標に対する達成状況",
            ),
            [("評価理由", ["上記のように評価した理由"]), ("今後の計画", ["今後の取組の方向性や、改善方針などを記載"])],
            [
                f"目標を達成するために令和{r3_full}年度に具体的に実施すること／令和{r3_full}年度の取組の実施状況を評価する指標"
                f"／業績評価指標に対する令和{r3_full}年度の実績"
            ],
            [
                "計画期間（３年間）で個別システムの目標を達成したかどうかを測る指標／計画期間（３年間）で達成する目標値"
                "／基準値に対する計画期間（３年間）の実績"
            ],
        )
        self.para("＜デジタル戦略課の所見＞", bold=True)
        self.para("個別システム担当課の自己評価に対するデジタル戦略課の確認結果。必要に応じて今後の改善点などを提案。")

    def system_sheet(self, s: System, r3_full: str) -> None:
        self.sheet_table(
            [
                ("システム名", s.sheet_name),
                ("担当課名", s.sheet_dept),
                ("業務システムの課題", s.text.issues),
                ("業務システムの目指す姿", s.text.vision_text),
            ],
            s.year_headers,
            s.budget,
            s.settlement,
            s.stage,
            r3_full,
            s.sheet_grades,
            [("評価理由", s.text.reason), ("今後の計画", s.text.plan)],
            s.text.activities,
            s.text.goal_status,
        )
        self.para("＜デジタル戦略課の所見＞", bold=True)
        for t in s.text.findings:
            self.para(t, size=9.5)

    def reference_table(self) -> None:
        years = self.ed.years
        t = self.table(2 + len(self.ed.systems) + len(self.ed.visions), [12, 62, 40, 14, 14, 14, 14])
        self.cell(t.cell(0, 0).merge(t.cell(1, 0)), "P.", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, shade=True)
        self.cell(
            t.cell(0, 1).merge(t.cell(1, 1)), "システム名", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, shade=True
        )
        self.cell(t.cell(0, 2).merge(t.cell(1, 2)), "主担当課", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, shade=True)
        self.cell(t.cell(0, 3).merge(t.cell(0, 6)), "評価結果", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, shade=True)
        for i, label in enumerate([f"R{reiwa(y)}" for y in years] + ["総括"]):
            self.cell(t.cell(1, 3 + i), label, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, shade=True)
        self.repeat_header(t, 2)
        row = 2
        for i, s in enumerate(self.ed.systems):
            if i == 0 or s.vision != self.ed.systems[i - 1].vision:
                self.cell(t.cell(row, 0).merge(t.cell(row, 6)), self.ed.visions[s.vision], bold=True)
                row += 1
            self.cell(t.cell(row, 0), s.page_no, align=WD_ALIGN_PARAGRAPH.CENTER)
            self.cell(t.cell(row, 1), s.list_name)
            self.cell(t.cell(row, 2), s.list_dept)
            for j, g in enumerate(s.ref_grades):
                self.cell(t.cell(row, 3 + j), g, align=WD_ALIGN_PARAGRAPH.CENTER)
            row += 1
        self.keep_rows_whole(t)


def nfkc_vision(heading: str, full: bool) -> str:
    """`ビジョン１. ＩＣＴを…` as the sheet section heading prints it: `ビジョン１．ＩＣＴを…`."""
    return heading.replace(". ", "．") if full else nfkc(heading)


def edition_truth(ed: Edition, canonical: Edition) -> dict[str, list[dict[str, str]]]:
    """This edition's truth, in the columns of the hand-verified canonical truth."""
    years = ed.years
    measures, budgets, grades, listed, reference, headers = [], [], [], [], [], []
    for s in ed.systems:
        key = s.page_no
        sheet_line = s.lines.get("sheet", "")
        measures.append(
            dict(
                measure_key=key,
                measure_no=key,
                title=nfkc(s.sheet_name),
                level="個別システム",
                group_name=nfkc(ed.visions[s.vision]),
                departments="",
                divisions=nfkc(s.sheet_dept),
                stage=s.stage,
                flag_kanmin_data="",
                flag_sentan_gijutsu="",
                flag_leading="",
                seed_line=sheet_line,
            )
        )
        headers.append(
            {
                "measure_key": key,
                "列1": s.year_headers[0],
                "列2": s.year_headers[1],
                "列3": s.year_headers[2],
                "seed_line": "",
            }
        )
        for i, fy in enumerate(years):
            for item, values in (("budget", s.budget), ("settlement", s.settlement)):
                budgets.append(
                    dict(
                        measure_key=key,
                        fiscal_year=str(fy),
                        item=item,
                        amount=values[i].replace(",", ""),
                        unit="円",
                        value_text=values[i],
                        place="sheet",
                        seed_line="",
                    )
                )
        rows = [
            ("r3_progress", str(years[2]), s.list_grades[0], "list"),
            ("final", "", s.list_grades[1], "list"),
            ("r3_progress", str(years[2]), s.sheet_grades[0], "sheet"),
            ("final", "", s.sheet_grades[1], "sheet"),
        ]
        rows += [
            (gt, fy, g, "reference")
            for gt, fy, g in zip(
                ("r1", "r2", "r3_progress", "final"), (*[str(y) for y in years], ""), s.ref_grades, strict=True
            )
        ]
        for gt, fy, text, place in rows:
            grades.append(
                dict(
                    measure_key=key,
                    grade_type=gt,
                    fiscal_year=fy,
                    stated_grade=HALF_GRADE.get(text[0], ""),
                    stated_value="",
                    value_text=text,
                    place=place,
                    seed_line=s.lines.get(place, ""),
                )
            )
        listed.append(
            {
                "Ｐ.": key,
                "システム名": s.list_name,
                "主担当課": s.list_dept,
                "評価結果 R3": s.list_grades[0],
                "評価結果 総括": s.list_grades[1],
                "ビジョン": ed.visions[s.vision],
                "seed_line": s.lines.get("list", ""),
            }
        )
        reference.append(
            {
                "P.": key,
                "システム名": s.list_name,
                "主担当課": s.list_dept,
                "R1": s.ref_grades[0],
                "R2": s.ref_grades[1],
                "R3": s.ref_grades[2],
                "総括": s.ref_grades[3],
                "ビジョン": ed.visions[s.vision],
                "seed_line": s.lines.get("reference", ""),
            }
        )
    shift = ed.first_year - canonical.first_year
    document = read_truth(REPORT, "document")[0]
    document.update(title=shift_years(document["title"], shift), report_fiscal_year=str(years[2]), seed_line="")
    summaries = {}
    for name, grade in (("table_vision_summary_3_1", "r3_progress"), ("table_vision_summary_3_2", "final")):
        summaries[name] = [
            dict(
                zip(
                    ["ビジョン", "Ａ評価", "Ｂ評価", "Ｃ評価", "Ｄ評価", "ＡまたはＢ評価の割合"],
                    [label, *summary_cells(ed.systems, grade, v)],
                    strict=True,
                ),
                seed_line="",
            )
            for v, label in enumerate(ed.vision_short)
        ]
    found = [
        dict(
            kind=f["kind"],
            scope=f["scope"],
            stated=f["stated"],
            expected=f["expected"],
            seed_line="",
            description=f["description"],
        )
        for f in inconsistencies(ed)
    ]
    narrative = [{**row, "seed_line": ""} for row in narrative_sentences(ed)]
    return {
        "document": [document],
        "measures": measures,
        "budgets": budgets,
        "grades": grades,
        "table_grade_list": listed,
        "table_reference_grades": reference,
        "table_sheet_budget_headers": headers,
        "table_narrative_totals": narrative,
        "inconsistencies": found,
        **summaries,
    }


def build(out_dir: Path, truth_dir: Path, variant: Variant, truth_out: Path) -> list[Path]:
    canonical = load_canonical(truth_dir)
    edition = canonical if variant.canonical else make_variant(canonical, variant)
    report = Report(edition, variant)
    report.write()
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        docx = Path(tmp) / f"{REPORT}.docx"
        report.doc.save(str(docx))
        pdf = soffice_convert(docx, "pdf", out_dir)
    if not variant.canonical:
        # the canonical truth is the hand-verified transcription; only other editions write theirs
        for name, rows in edition_truth(edition, canonical).items():
            write_truth(REPORT, name, rows, truth_out)
        empty = truth_out / REPORT / "indicator_values.csv"
        empty.write_text((truth_dir / REPORT / "indicator_values.csv").read_text(encoding="utf-8"), encoding="utf-8")
    return [pdf]
