"""The content of one edition of 横浜市 行動計画 中間振り返り: the truth it prints, the seed's prose, and
how another edition (variant) is derived from the canonical truth."""

from __future__ import annotations

import copy
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from samples.build.common import Variant, read_truth, seed_lines, write_truth

REPORT = "yokohama_action_plan_review"
SEED_FILE = "000_b2ca2c8265fa76cc.txt"
# The first fiscal year the canonical report evaluates (平成30年度); the second is the next one.
BASE_YEAR = 2018
TABLES = (
    "document",
    "measures",
    "indicator_values",
    "grades",
    "table_bunya_summary",
    "table_grading_rule",
    "table_kanmin_data_relisted",
    "table_sentan_gijutsu_relisted",
    "inconsistencies",
)
GRADES = ("A", "B", "C")
GRADE_COLUMNS = ("A評価", "B評価", "C評価")
# Years written in an era: 平成30年度, 令和 元 年度, 平成30～令和3年度.
ERA_YEAR = re.compile(r"(平成|令和)(\s*)(\d+|元)(?=\s*(?:年|～))")


def western_year(era: str, year: str) -> int:
    number = 1 if year == "元" else int(year)
    return number + (1988 if era == "平成" else 2018)


def era_label(year: int) -> tuple[str, str]:
    """(era, year in era) as printed: 2018 -> (平成, 30), 2019 -> (令和, 元)."""
    if year >= 2019:
        return "令和", "元" if year == 2019 else str(year - 2018)
    return "平成", str(year - 1988)


def shift_years(text: str, shift: int) -> str:
    """Every era year in the text moved by `shift` fiscal years (spacing as printed)."""
    if shift == 0:
        return text

    def repl(match: re.Match[str]) -> str:
        era, year = era_label(western_year(match.group(1), match.group(3)) + shift)
        return f"{era}{match.group(2)}{year}"

    return ERA_YEAR.sub(repl, text)


def strip_markup(text: str) -> str:
    """The extraction's HTML fragments and list dashes are not part of the report."""
    text = re.sub(r"<[^>]+>", "\n", text)
    text = re.sub(r"^-\s*", "", text.strip())
    return "\n".join(part.strip() for part in text.split("\n") if part.strip())


@dataclass
class DetailProse:
    """The prose of one detail sheet, read from the seed (not part of the truth)."""

    content: str = ""
    purpose: str = ""
    results_label: str = ""
    results: list[str] = field(default_factory=list)
    closing_heading: str = ""
    closing: list[str] = field(default_factory=list)


def read_detail_prose(lines: list[str], head_line: int) -> DetailProse:
    """The detail sheet starting at seed line `head_line` (1-based), up to the next sheet."""
    prose = DetailProse()
    i = head_line
    state = ""
    while i < len(lines):
        line = lines[i]
        if re.match(r"施策 \d+\t", line):
            break
        cells = line.split("\t")
        first = cells[0].strip()
        if first == "取組内容":
            prose.content = strip_markup(cells[1]).replace("\n", "")
        elif first == "目的":
            prose.purpose = strip_markup(cells[1]).replace("\n", "")
        elif re.match(r"令和\s*元年度.*実績$", first) and state == "":
            prose.results_label, state = first, "results"
        elif first.startswith("【2"):
            state = "evaluation"
        elif first.startswith("【") and state == "evaluation":
            prose.closing_heading, state = first, "closing"
        elif first and state == "results" and not first.startswith("【"):
            prose.results.extend(strip_markup(line).split("\n"))
        elif first and state == "closing":
            prose.closing.extend(strip_markup(line).split("\n"))
        i += 1
    prose.results = [r for r in prose.results if r.strip("—- ・")] or (["—"] if prose.results else [])
    return prose


@dataclass
class Edition:
    """Everything one edition prints: its truth tables plus the seed's prose, years shifted."""

    shift: int
    tables: dict[str, list[dict[str, str]]]
    prose: dict[str, DetailProse]
    intro: list[str]

    @property
    def first_year(self) -> int:
        return BASE_YEAR + self.shift

    def rows(self, name: str) -> list[dict[str, str]]:
        return self.tables[name]


def load_canonical(truth_dir: Path) -> Edition:
    tables = {name: read_truth(REPORT, name, truth_dir) for name in TABLES}
    lines = seed_lines(SEED_FILE)
    prose = {m["measure_key"]: read_detail_prose(lines, int(m["detail_seed_line"])) for m in tables["measures"]}
    return Edition(shift=0, tables=tables, prose=prose, intro=lines)


def recount_summary(edition: Edition, printed_offsets: dict[str, dict[str, int]]) -> None:
    """The 分野 summary of an edition: counts from its list plus the offsets the canonical report prints."""
    grade_of = {g["measure_key"]: g["stated_grade"] for g in edition.rows("grades") if g["place"] == "list"}
    listed = [m for m in edition.rows("measures") if m["in_list"] == "true"]
    kanmin = {r["施策名"].split(" ")[0] for r in edition.rows("table_kanmin_data_relisted")}
    sentan = {r["施策名"].split(" ")[0] for r in edition.rows("table_sentan_gijutsu_relisted")}
    groups = list(dict.fromkeys(m["group_name"] for m in listed))
    summary = edition.rows("table_bunya_summary")
    for row in summary:
        label = row["分野 (4つの柱)"]
        if label.startswith("官民データ"):
            members = [m for m in listed if m["measure_no"] in kanmin]
        elif label.startswith("先端技術"):
            members = [m for m in listed if m["measure_no"] in sentan]
        elif label.startswith("全施策"):
            members = listed
            row["分野 (4つの柱)"] = re.sub(r"\d+", str(len(listed)), label)
        else:
            name = next(g for g in groups if g in label)
            members = [m for m in listed if m["group_name"] == name]
        counts = Counter(grade_of[m["measure_key"]] for m in members)
        offsets = printed_offsets.get(label, {})
        for grade, column in zip(GRADES, GRADE_COLUMNS, strict=True):
            row[column] = str(counts[grade] + offsets.get(column, 0))
        row["合計"] = str(sum(int(row[c]) for c in GRADE_COLUMNS))


def summary_inconsistencies(edition: Edition) -> list[dict[str, str]]:
    """Every 分野 cell that its list does not support, and the 分野 rows' sums against 全施策."""
    grade_of = {g["measure_key"]: g["stated_grade"] for g in edition.rows("grades") if g["place"] == "list"}
    listed = [m for m in edition.rows("measures") if m["in_list"] == "true"]
    rows: list[dict[str, str]] = []
    summary = edition.rows("table_bunya_summary")
    areas = [r for r in summary if re.match(r"\d", r["分野 (4つの柱)"])]
    total = next(r for r in summary if r["分野 (4つの柱)"].startswith("全施策"))
    for row in areas:
        label = row["分野 (4つの柱)"]
        members = [m for m in listed if m["group_name"] in label]
        counts = Counter(grade_of[m["measure_key"]] for m in members)
        expected = {c: counts[g] for g, c in zip(GRADES, GRADE_COLUMNS, strict=True)}
        expected["合計"] = len(members)
        for column, value in expected.items():
            if int(row[column]) != value:
                graded = "" if column == "合計" else f" graded {column[0]}"
                rows.append(
                    dict(
                        kind="summary_count",
                        scope=f"分野別集計 {label} / {column}",
                        stated=row[column],
                        expected=str(value),
                        seed_line=row["seed_line"],
                        description=f"the 施策一覧 lists {value} measures of this 分野{graded}, "
                        f"the summary prints {row[column]}",
                        measure_key="",
                    )
                )
    for column in (*GRADE_COLUMNS, "合計"):
        stated = sum(int(r[column]) for r in areas)
        if stated != int(total[column]):
            rows.append(
                dict(
                    kind="summary_sum",
                    scope=f"分野別集計 4つの柱 rows / {column}",
                    stated=str(stated),
                    expected=total[column],
                    seed_line=" ".join(r["seed_line"] for r in [*areas, total]),
                    description=f"the four 分野 rows add up to {stated} while the 全施策 row prints {total[column]}",
                    measure_key="",
                )
            )
    return rows


def narrative_counts(edition: Edition) -> tuple[int, int, int]:
    """(measures listed, measures graded A or B, their share in percent as the narrative prints it)."""
    summary = edition.rows("table_bunya_summary")
    total = next(r for r in summary if r["分野 (4つの柱)"].startswith("全施策"))
    listed = int(total["合計"])
    good = int(total["A評価"]) + int(total["B評価"])
    if edition.shift == 0:
        # The canonical report prints 約88% for 62/70 (88.6%): keep it as printed.
        return listed, good, 88
    return listed, good, int(good * 100 / listed + 0.5)


def derive_variant(canonical: Edition, variant: Variant) -> Edition:
    """Another edition: years shifted, measures dropped and one added, values changed, inconsistencies
    recomputed where the change makes them."""
    rng = variant.rng
    edition = copy.deepcopy(canonical)
    edition.shift = rng.randint(1, 4)
    t = edition.tables
    canonical_summary = {r["分野 (4つの柱)"]: r for r in canonical.rows("table_bunya_summary")}
    offsets = _printed_offsets(canonical)

    listed = [m for m in t["measures"] if m["in_list"] == "true"]
    flagged = {m["measure_key"] for m in listed if "true" in (m["flag_kanmin_data"], m["flag_sentan_gijutsu"])}
    planted = {i["measure_key"] for i in t["inconsistencies"] if i["measure_key"]}
    plain = [m["measure_key"] for m in listed if m["measure_key"] not in flagged | planted]
    dropped = set(rng.sample(plain, 3))
    keep_plain = [k for k in plain if k not in dropped]
    source_key, changed_key = rng.sample(keep_plain, 2)

    # One new measure, continuing the numbering after the last sheet.
    new_key = str(max(int(m["measure_key"]) for m in t["measures"]) + 1)
    source = next(m for m in t["measures"] if m["measure_key"] == source_key)
    added = dict(source, measure_key=new_key, measure_no=new_key)
    for column in ("title", "title_printed", "detail_title_printed"):
        added[column] = source[column] + "（第2期）"
    edition.prose[new_key] = copy.deepcopy(edition.prose[source_key])
    measures = [m for m in t["measures"] if m["measure_key"] not in dropped]
    position = max(i for i, m in enumerate(measures) if m["group_name"] == source["group_name"]) + 1
    measures.insert(position, added)
    t["measures"] = measures

    def clone(rows: list[dict[str, str]]) -> list[dict[str, str]]:
        kept = [r for r in rows if r["measure_key"] not in dropped]
        extra = []
        for r in rows:
            if r["measure_key"] == source_key:
                c = dict(r, measure_key=new_key)
                if "indicator_key" in c and c["indicator_key"] != "rate":
                    c["indicator_key"] = c["indicator_key"].replace(f"{source_key}-", f"{new_key}-", 1)
                extra.append(c)
        return kept + extra

    t["indicator_values"] = clone(t["indicator_values"])
    t["grades"] = clone(t["grades"])

    # A value changed on the list only: the list's second-year rate drops, the printed average and grade
    # stay, so the list contradicts its detail sheet, its own average and its grade band.
    rate = next(
        r
        for r in t["indicator_values"]
        if r["measure_key"] == changed_key and r["place"] == "list" and r["fiscal_year"] == str(BASE_YEAR + 1)
    )
    first = next(
        r
        for r in t["indicator_values"]
        if r["measure_key"] == changed_key and r["place"] == "list" and r["fiscal_year"] == str(BASE_YEAR)
    )
    grade = next(g for g in t["grades"] if g["measure_key"] == changed_key and g["place"] == "list")
    old_rate = rate["value"]
    new_rate = int(old_rate) - 40
    rate["value"], rate["value_text"] = str(new_rate), f"{new_rate}%"
    mean = (int(first["value"]) + new_rate) / 2
    band = "A" if mean >= 120 else "B" if mean >= 90 else "C"

    # Shift every year: fiscal years in the truth, era years in every printed text.
    for row in t["indicator_values"] + t["grades"]:
        row["fiscal_year"] = str(int(row["fiscal_year"]) + edition.shift)
    for name in ("measures", "indicator_values"):
        for row in t[name]:
            for column in ("title", "title_printed", "detail_title_printed", "indicator_name", "value_text"):
                if column in row:
                    row[column] = shift_years(row[column], edition.shift)
    doc = t["document"][0]
    doc["title"] = shift_years(doc["title"], edition.shift)
    doc["report_fiscal_year"] = str(int(doc["report_fiscal_year"]) + edition.shift)
    for prose in edition.prose.values():
        prose.content = shift_years(prose.content, edition.shift)
        prose.purpose = shift_years(prose.purpose, edition.shift)
        prose.results_label = shift_years(prose.results_label, edition.shift)
        prose.results = [shift_years(r, edition.shift) for r in prose.results]
        prose.closing_heading = shift_years(prose.closing_heading, edition.shift)
        prose.closing = [shift_years(r, edition.shift) for r in prose.closing]
    # The policy's own adoption date (平成23年2月に策定) is history, not a year of this edition.
    edition.intro = [line if "策定した" in line else shift_years(line, edition.shift) for line in edition.intro]

    t["table_bunya_summary"] = [dict(r) for r in canonical_summary.values()]
    recount_summary(edition, offsets)
    incons = [
        i
        for i in t["inconsistencies"]
        if i["kind"] not in ("summary_count", "summary_sum", "narrative_count")
        and (not i["measure_key"] or i["measure_key"] not in dropped)
    ]
    lines = f"{first['seed_line']}"
    incons += [
        dict(
            kind="list_vs_detail",
            scope=f"施策 {changed_key} / second-year 目標達成率 (list vs detail sheet)",
            stated=f"{new_rate}%",
            expected=f"{old_rate}%",
            seed_line=lines,
            description=f"the list prints {new_rate}% while the detail sheet prints {old_rate}%",
            measure_key=changed_key,
        ),
        dict(
            kind="mean_mismatch",
            scope=f"施策 {changed_key} list / 過年度の達成指標平均値",
            stated=f"{grade['stated_value']}%",
            expected=f"{mean:g}%",
            seed_line=lines,
            description=f"the list's rates {first['value']}% and {new_rate}% average {mean:g}%, "
            f"not the printed {grade['stated_value']}%",
            measure_key=changed_key,
        ),
    ]
    if band != grade["stated_grade"]:
        incons.append(
            dict(
                kind="grade_mismatch",
                scope=f"施策 {changed_key} list / 進捗評価",
                stated=grade["stated_grade"],
                expected=band,
                seed_line=lines,
                description=f"the list's own rates average {mean:g}%, which is grade {band}",
                measure_key=changed_key,
            )
        )
    listed_count = str(sum(m["in_list"] == "true" for m in t["measures"]))
    for row in incons:
        if row["kind"] == "measure_not_in_list":
            row["description"] = row["description"].replace(row["stated"], listed_count)
            row["stated"], row["expected"] = listed_count, str(int(listed_count) + 1)
    t["inconsistencies"] = summary_inconsistencies(edition) + incons
    return edition


def _printed_offsets(canonical: Edition) -> dict[str, dict[str, int]]:
    """How far the canonical summary's 分野 cells are from the counts of its list (kept in every edition)."""
    recounted = copy.deepcopy(canonical)
    recount_summary(recounted, {})
    offsets: dict[str, dict[str, int]] = {}
    for printed, true in zip(canonical.rows("table_bunya_summary"), recounted.rows("table_bunya_summary"), strict=True):
        offsets[printed["分野 (4つの柱)"]] = {c: int(printed[c]) - int(true[c]) for c in GRADE_COLUMNS}
    return offsets


def write_edition_truth(edition: Edition, truth_out: Path) -> None:
    for name in TABLES:
        write_truth(REPORT, name, edition.rows(name), truth_out)
