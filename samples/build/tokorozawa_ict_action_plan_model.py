"""所沢市 ICT推進アクションプラン 進捗状況評価: the edition's content (systems, grades, amounts, narrative),
loaded from the truth and the seed, varied for other editions, and written back as that edition's truth."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from samples.build.common import Variant, read_truth, seed_lines

REPORT = "tokorozawa_ict_action_plan"
SEED_FILE = "004_ab08bbd31ea9631a.txt"
FIRST_YEAR = 2019  # アクションプラン 2019-2021: R1..R3

GRADE_WORDS = {"Ａ": "Ａ：適切", "Ｂ": "Ｂ：おおむね適切", "Ｃ": "Ｃ：改善の余地あり", "Ｄ": "Ｄ：見直しの是非を検討"}
HALF_GRADE = {"Ａ": "A", "Ｂ": "B", "Ｃ": "C", "Ｄ": "D"}
FULL_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")

# Lines of the seed that are page furniture of the original print, not sheet content.
_FURNITURE = re.compile(r"^(第４章 .*|\d{1,3}|（[１２３]）ビジョン.*|参考資料)$")


TOTALS_SENTENCE = r"全 \d+システムのうち A：\d+件、B：\d+件、C：\d+件、D：\d+件"


def nfkc(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


@dataclass
class SheetText:
    """The narrative cells of one system's sheet, as paragraphs."""

    issues: list[str] = field(default_factory=list)
    vision_text: list[str] = field(default_factory=list)
    activities: list[str] = field(default_factory=list)
    goal_status: list[str] = field(default_factory=list)
    reason: list[str] = field(default_factory=list)
    plan: list[str] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)


@dataclass
class System:
    key: str
    page_no: str  # the P. column: the page of the system's sheet
    vision: int  # 0-based index into Edition.visions
    sheet_name: str  # printed forms
    list_name: str
    sheet_dept: str
    list_dept: str
    stage: str
    year_headers: list[str]
    budget: list[str]
    settlement: list[str]
    list_grades: tuple[str, str]  # R3, 総括 as printed in 表４－１
    sheet_grades: tuple[str, str]  # as printed on the sheet (Ａ：適切, －)
    ref_grades: tuple[str, str, str, str]  # R1, R2, R3, 総括 as printed in 参考資料
    text: SheetText
    lines: dict[str, str] = field(default_factory=dict)  # seed lines of each printed place


@dataclass
class Edition:
    first_year: int
    visions: list[str]  # as headed in 表４－１
    vision_short: list[str]  # as labelled in 表３－x
    systems: list[System]
    planted_final_totals: tuple[int, int] | None  # (A, B) the P.29 narrative states, None = as computed

    @property
    def years(self) -> list[int]:
        return [self.first_year + i for i in range(3)]


def reiwa(year: int) -> str:
    """令和 number of a fiscal year (2019 → 元 is written 1 in R-notation)."""
    return str(year - 2018)


def _paragraphs(lines: list[str]) -> list[str]:
    """Joins print-wrapped lines; a bullet or an enumerator starts a new paragraph."""
    paras: list[str] = []
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not paras or re.match(r"^(・|\(\d\)|（\d）|※|[(（][０-９0-9][)）])", line):
            paras.append(line)
        else:
            paras[-1] += line
    return paras


def parse_sheet_text(lines: list[str], start: int) -> SheetText:
    """Cuts the seed's sheet that begins at 1-based line `start` into its labelled cells."""
    body: list[str] = []
    for raw in lines[start:]:
        line = raw.strip()
        if line.startswith("システム名") or line in ("参考資料",):
            break
        if line and not _FURNITURE.match(line):
            body.append(line)
    sections: dict[str, list[str]] = {}
    current = "head"
    for i, line in enumerate(body):
        nxt = body[i + 1] if i + 1 < len(body) else ""
        if line == "業務システムの" and nxt in ("課題", "目指す姿"):
            continue
        label = None
        for name in ("課題", "目指す姿", "事業段階", "取組状況", "目標達成状況", "評価理由", "今後の計画", "評価"):
            if line == name or (name in ("評価理由", "今後の計画", "事業段階") and line.startswith(name + " ")):
                label = name
                break
        if line.startswith("＜デジタル戦略課の所見＞"):
            label = "所見"
        if label:
            current = label
            rest = line[len(label) :].strip() if label in ("評価理由", "今後の計画", "事業段階") else ""
            sections.setdefault(current, [])
            if rest:
                sections[current].append(rest)
            continue
        sections.setdefault(current, []).append(line)

    def column_body(name: str, header_end: str) -> list[str]:
        cell = sections.get(name, [])
        for i, line in enumerate(cell):
            if line.endswith(header_end):
                return _paragraphs(cell[i + 1 :])
        return _paragraphs(cell)

    return SheetText(
        issues=_paragraphs(sections.get("課題", [])),
        vision_text=_paragraphs(sections.get("目指す姿", [])),
        activities=column_body("取組状況", "Ｒ３年度実績"),
        goal_status=column_body("目標達成状況", "目標達成指標 基準値 実績"),
        reason=_paragraphs(sections.get("評価理由", [])),
        plan=_paragraphs(sections.get("今後の計画", [])),
        findings=_paragraphs(sections.get("所見", [])),
    )


def load_canonical(truth_dir: Path) -> Edition:
    """The canonical edition, from the hand-verified truth plus the seed's narrative cells."""
    lines = seed_lines(SEED_FILE)
    measures = {m["measure_key"]: m for m in read_truth(REPORT, "measures", truth_dir)}
    listed = read_truth(REPORT, "table_grade_list", truth_dir)
    reference = {r["P."]: r for r in read_truth(REPORT, "table_reference_grades", truth_dir)}
    headers = {h["measure_key"]: h for h in read_truth(REPORT, "table_sheet_budget_headers", truth_dir)}
    amounts: dict[tuple[str, str], list[str]] = {}
    for b in read_truth(REPORT, "budgets", truth_dir):
        amounts.setdefault((b["measure_key"], b["item"]), []).append(b["value_text"])
    sheet_grades: dict[str, dict[str, str]] = {}
    for g in read_truth(REPORT, "grades", truth_dir):
        if g["place"] == "sheet":
            sheet_grades.setdefault(g["measure_key"], {})[g["grade_type"]] = g["value_text"]
    visions: list[str] = []
    systems: list[System] = []
    for row in listed:
        key = row["Ｐ."]
        if row["ビジョン"] not in visions:
            visions.append(row["ビジョン"])
        m = measures[key]
        name_line = int(m["seed_line"].split()[0])
        h = headers[key]
        ref = reference[key]
        systems.append(
            System(
                key=key,
                page_no=key,
                vision=visions.index(row["ビジョン"]),
                sheet_name=lines[name_line - 1].strip().removeprefix("システム名").strip(),
                list_name=row["システム名"],
                sheet_dept=m["divisions"],
                list_dept=row["主担当課"],
                stage=m["stage"],
                year_headers=[h["列1"], h["列2"], h["列3"]],
                budget=amounts[(key, "budget")],
                settlement=amounts[(key, "settlement")],
                list_grades=(row["評価結果 R3"], row["評価結果 総括"]),
                sheet_grades=(sheet_grades[key]["r3_progress"], sheet_grades[key]["final"]),
                ref_grades=(ref["R1"], ref["R2"], ref["R3"], ref["総括"]),
                text=parse_sheet_text(lines, name_line),
                lines={"sheet": m["seed_line"], "list": row["seed_line"], "reference": ref["seed_line"]},
            )
        )
    short = [r["ビジョン"] for r in read_truth(REPORT, "table_vision_summary_3_1", truth_dir)]
    narrative = read_truth(REPORT, "table_narrative_totals", truth_dir)
    stated_final = next(n for n in narrative if n["grade_type"] == "final" and n["count_a"])
    return Edition(
        first_year=FIRST_YEAR,
        visions=visions,
        vision_short=short,
        systems=systems,
        planted_final_totals=(int(stated_final["count_a"]), int(stated_final["count_b"])),
    )


def _digits(value: int, like: str) -> str:
    """`value` written with full-width digits where `like` used them."""
    text = str(value)
    return text.translate(FULL_DIGITS) if like and like[0] in "０１２３４５６７８９" else text


def shift_years(text: str, shift: int) -> str:
    """Moves every fiscal year the text names by `shift` years (令和 n, Rn, western years), keeping widths."""
    if shift == 0:
        return text

    def reiwa_year(m: re.Match[str]) -> str:
        n = 1 if m.group(2) == "元" else int(unicodedata.normalize("NFKC", m.group(2)))
        return f"{m.group(1)}{_digits(n + shift, m.group(2))}{m.group(3)}"

    text = re.sub(r"(令和\s*)([0-9０-９]+|元)(\s*年)", reiwa_year, text)
    text = re.sub(r"([RＲ]\s*)([0-9０-９])(\s*年)", reiwa_year, text)
    return re.sub(r"(?<![0-9,])20[12][0-9](?![0-9,])", lambda m: str(int(m.group(0)) + shift), text)


def _yen(amount: int) -> str:
    return f"{amount:,}"


def make_variant(canonical: Edition, variant: Variant) -> Edition:
    """Another edition of the series: later years, systems dropped and one added, a few values changed."""
    rng = variant.rng
    shift = 1 + rng.randrange(3)
    systems = [replace(s, text=s.text, lines=dict(s.lines)) for s in canonical.systems]
    # Keep the systems the narrative names (the one not graded in R3, the plan's own sheet).
    protected = {s.key for s in systems if s.list_grades[0] not in HALF_GRADE or "アクションプラン" in s.list_name}
    droppable = [s.key for s in systems if s.key not in protected]
    dropped = set(rng.sample(droppable, 2 + rng.randrange(2)))
    systems = [s for s in systems if s.key not in dropped]
    added_budget = [rng.randrange(500, 9000) * 1000 for _ in range(3)]
    added = System(
        key="new",
        page_no="",
        vision=1,
        sheet_name="文書管理システム",
        list_name="文書管理システム",
        sheet_dept="文書行政課",
        list_dept="文書行政課",
        stage="運用・実施",
        year_headers=[f"R{j + 1}年度予算" for j in range(3)],
        budget=[_yen(b) for b in added_budget],
        settlement=[_yen(b - rng.randrange(0, 400) * 1000) for b in added_budget],
        list_grades=("Ａ", "Ａ"),
        sheet_grades=(GRADE_WORDS["Ａ"], GRADE_WORDS["Ａ"]),
        ref_grades=("Ａ", "Ａ", "Ａ", "Ａ"),
        text=SheetText(
            issues=["・文書の収受から廃棄までを紙で管理しており、検索と保存に時間を要する。"],
            vision_text=["・電子決裁と文書管理を一体で運用し、文書事務を効率化する。"],
            activities=["電子決裁の利用拡大", "電子決裁率 60%以上", "電子決裁率：72%"],
            goal_status=["電子決裁率 60%以上", "電子決裁率：72%"],
            reason=["電子決裁率が目標値を上回り、文書事務の効率化が進んだ。"],
            plan=["引き続き電子決裁の利用拡大を図る。"],
            findings=["電子決裁率は目標値に達したことから、目標は達成できたものと考えます。"],
        ),
    )
    last_of_vision = max(i for i, s in enumerate(systems) if s.vision == 1)
    systems.insert(last_of_vision + 1, added)
    # A few values changed: a sheet grade that no longer agrees with the list, a settlement above its budget,
    # a budget amount revised.
    graded = [
        s for s in systems if s.list_grades[0] == "Ａ" and s.sheet_grades[0] == GRADE_WORDS["Ａ"] and s is not added
    ]
    regraded = rng.choice(graded)
    regraded.sheet_grades = (GRADE_WORDS["Ｂ"], regraded.sheet_grades[1])
    spent = rng.choice([s for s in systems if int(s.budget[2].replace(",", "")) > 0])
    spent.settlement = [
        *spent.settlement[:2],
        _yen(int(spent.budget[2].replace(",", "")) + rng.randrange(1, 90) * 1000),
    ]
    revised = rng.choice([s for s in systems if s is not spent and int(s.budget[1].replace(",", "")) > 0])
    new_budget = int(revised.budget[1].replace(",", "")) * (100 + rng.randrange(5, 30)) // 100
    revised.budget = [revised.budget[0], _yen(new_budget), revised.budget[2]]
    first_page = 8 + rng.randrange(6)
    for i, s in enumerate(systems):
        s.page_no = str(first_page + i)
        # a header that repeats or skips a year keeps doing so, shifted like the others
        s.year_headers = [shift_years(h, shift) for h in s.year_headers]
        s.text = SheetText(**{k: [shift_years(p, shift) for p in v] for k, v in vars(s.text).items()})
    final = count_grades(systems, "final")
    planted = (final["Ａ"] - 2, final["Ｂ"] + 2)
    r3 = count_grades(systems, "r3_progress")
    stated = iter([(r3["Ａ"], r3["Ｂ"]), planted])

    def restate(m: re.Match[str]) -> str:
        a, b = next(stated, (0, 0))
        return f"全 {len(systems)}システムのうち A：{a}件、B：{b}件、C：0件、D：0件"

    for s in systems:
        if s.text.reason and "アクションプラン" in s.list_name:
            s.text.reason = [re.sub(TOTALS_SENTENCE, restate, p) for p in s.text.reason]
    return Edition(
        first_year=canonical.first_year + shift,
        visions=canonical.visions,
        vision_short=canonical.vision_short,
        systems=systems,
        planted_final_totals=planted,
    )


def count_grades(systems: list[System], grade: str, vision: int | None = None) -> dict[str, int]:
    """Counts of Ａ..Ｄ in 表４－１'s R3 or 総括 column (the tables of chapter 3 summarise that list)."""
    col = 0 if grade == "r3_progress" else 1
    counts = dict.fromkeys("ＡＢＣＤ", 0)
    for s in systems:
        if vision is not None and s.vision != vision:
            continue
        g = s.list_grades[col]
        if g in counts:
            counts[g] += 1
    return counts


def percent(count: int, total: int) -> int:
    """A share as the report prints it: whole percent, halves rounded up."""
    return int(Decimal(count * 100) / Decimal(total or 1) + Decimal("0.5")) if total else 0


def summary_cells(systems: list[System], grade: str, vision: int) -> list[str]:
    """One row of 表３－x: Ａ..Ｄ counts with shares of the graded systems, then the share of Ａ or Ｂ."""
    counts = count_grades(systems, grade, vision)
    total = sum(counts.values())
    cells = []
    for letter, n in counts.items():
        number = "０" if n == 0 else str(n)
        cells.append(f"{number}{' ' if letter == 'Ｂ' and n else ''}件（{percent(n, total)}%）")
    cells.append(f"{percent(counts['Ａ'] + counts['Ｂ'], total)}%")
    return cells


def narrative_sentences(ed: Edition) -> list[dict[str, str]]:
    """The sentences of chapter 3 and of the plan's own sheet that state totals, as printed in this edition."""
    r3 = count_grades(ed.systems, "r3_progress")
    final = count_grades(ed.systems, "final")
    r3_graded, final_graded = sum(r3.values()), sum(final.values())
    year = reiwa(ed.years[2])
    r3_ab, final_ab = r3["Ａ"] + r3["Ｂ"], final["Ａ"] + final["Ｂ"]
    r3_share, final_share = percent(r3_ab, r3_graded), percent(final_ab, final_graded)
    rows = [
        dict(
            grade_type="r3_progress",
            sentence=f"令和 {year}年度の進捗状況評価結果における、「Ａ（適切）」評価と"
            f"「Ｂ（おおむね適切）」評価を合わせると {r3_ab}件で、全体の {r3_share}％を占めることから、"
            "計画どおり実施されたと考えます。",
            count_a_or_b=str(r3_ab),
            percent_a_or_b=str(r3_share),
        ),
        dict(
            grade_type="final",
            sentence="各システムにおいて最終的に目標を達成できたかどうかの指標である「目標達成指標」の"
            "進捗状況評価結果における「Ａ（適切）」評価と「Ｂ（おおむね適切）」評価を合わせると "
            f"{final_ab} 件で、全体の {final_share}％ を占めていることから、"
            "計画どおり順調に実施されていると考えます。",
            count_a_or_b=str(final_ab),
            percent_a_or_b=str(final_share),
        ),
    ]
    plan = next((s for s in ed.systems if "アクションプラン" in s.list_name), None)
    if plan is not None:
        for para in plan.text.reason:
            for sentence in re.findall(r"[^。]*" + TOTALS_SENTENCE + r"[^。]*。", para):
                m = re.search(r"全 (\d+)システムのうち A：(\d+)件、B：(\d+)件、C：(\d+)件、D：(\d+)件", sentence)
                assert m is not None
                rows.append(
                    dict(
                        grade_type="final" if "総括" in sentence else "r3_progress",
                        sentence=sentence,
                        total_systems=m.group(1),
                        count_a=m.group(2),
                        count_b=m.group(3),
                        count_c=m.group(4),
                        count_d=m.group(5),
                        percent_a_or_b="100" if "100%" in sentence else "",
                    )
                )
    keys = [
        "grade_type",
        "sentence",
        "total_systems",
        "count_a",
        "count_b",
        "count_c",
        "count_d",
        "count_a_or_b",
        "percent_a_or_b",
    ]
    return [{k: row.get(k, "") for k in keys} for row in rows]


def inconsistencies(ed: Edition) -> list[dict[str, str]]:
    """What a careful reader finds wrong in this edition (the variant's planted findings and the seed's own)."""
    found: list[dict[str, str]] = []

    def add(kind: str, scope: str, stated: str, expected: str, s: System | None, description: str) -> None:
        found.append(
            dict(
                kind=kind,
                scope=scope,
                stated=stated,
                expected=expected,
                measure_key=s.page_no if s else "",
                description=description,
            )
        )

    final = count_grades(ed.systems, "final")
    for row in narrative_sentences(ed):
        if (
            row["count_a"]
            and row["grade_type"] == "final"
            and (int(row["count_a"]), int(row["count_b"])) != (final["Ａ"], final["Ｂ"])
        ):
            add(
                "narrative_total_mismatch",
                "総括の評価の件数 vs 表３－２",
                f"A {row['count_a']}, B {row['count_b']}",
                f"A {final['Ａ']}, B {final['Ｂ']}",
                None,
                "The narrative's 総括 totals disagree with 表３－２.",
            )
    for s in ed.systems:
        if nfkc(s.list_dept) != nfkc(s.sheet_dept):
            add("department_mismatch", f"P.{s.page_no}", s.list_dept, s.sheet_dept, s, "list vs sheet 担当課名")
        if nfkc(s.list_name) != nfkc(s.sheet_name):
            add("name_mismatch", f"P.{s.page_no}", s.list_name, s.sheet_name, s, "list vs sheet システム名")
        for col, grade_type in enumerate(("r3_progress", "final")):
            places = {
                "list": s.list_grades[col][0],
                "sheet": s.sheet_grades[col][0],
                "reference": s.ref_grades[2 + col][0],
            }
            letters = {HALF_GRADE.get(g, "-") for g in places.values()}
            if len(letters) > 1:
                add(
                    "grade_mismatch",
                    f"P.{s.page_no} {grade_type}",
                    places["sheet"],
                    places["list"],
                    s,
                    "the sheet's grade differs from 表４－１ / 参考資料",
                )
        for i in range(3):
            budget, settled = (int(v[i].replace(",", "")) for v in (s.budget, s.settlement))
            if settled > budget:
                add(
                    "settlement_exceeds_budget",
                    f"P.{s.page_no} {s.year_headers[i]}",
                    s.settlement[i],
                    f"<= {s.budget[i]}",
                    s,
                    "決算額 above 予算額",
                )
        expected = [f"R{reiwa(y)}年度予算" for y in ed.years]
        if s.year_headers != expected:
            add(
                "fiscal_year_header",
                f"P.{s.page_no}",
                " ".join(s.year_headers),
                " ".join(expected),
                s,
                "the budget header repeats or skips a fiscal year",
            )
    return found
