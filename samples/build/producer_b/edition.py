"""This producer's editions: the knobs drawn from the edition number, Japanese fiscal years, truth I/O.

Edition 0 prints the samples' own facts (samples/truth/, unchanged). Edition N turns on the layout
knobs KNOBS_BY_EDITION gives it (landscape lists, page breaks, column order, header wordings, group
rows: none of them changes a fact), draws the rest from its own random stream (not the first
builder's), changes the facts it prints (years, rows added and removed, values, planted
inconsistencies) and writes that edition's truth beside its documents.
"""

from __future__ import annotations

import csv
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from samples.build.common import TRUTH_DIR
from samples.build.producer_b.chromium import print_pdf

# Mincho faces the office prints in (the first producer's default is IPAex Gothic).
FONTS = ("'IPAMincho'", "'IPAPMincho'", "'IPAexMincho'")
# How a budget column's header names its unit (the first form is the canonical one).
AMOUNT_HEADERS = ("{item}\n(千円)", "{item} (千円)", "{item}（千円）", "{item}\n（単位：千円）")
# How the office words the general-revenue and full-cost heads (the first forms are the canonical ones).
REVENUE_HEADERS = ("うち\n一般財源", "うち 一般財源", "うち一般財源")
FULL_COST_HEADERS = ("フルコスト", "フル コスト", "フル\nコスト")

# Which layout knobs each edition turns on: every knob in several editions, every edition several knobs.
# (Fiscal year, rows added and removed, values changed and planted inconsistencies vary in every edition.)
LANDSCAPE, PAGE_BREAKS, COLUMN_ORDER, HEADER_WORDING, GROUP_ROWS = (
    "landscape",
    "page_breaks",
    "column_order",
    "header_wording",
    "group_rows",
)
KNOBS_BY_EDITION: dict[int, frozenset[str]] = {
    1: frozenset({LANDSCAPE, COLUMN_ORDER, HEADER_WORDING}),
    2: frozenset({GROUP_ROWS, PAGE_BREAKS, HEADER_WORDING}),
    3: frozenset({LANDSCAPE, COLUMN_ORDER, GROUP_ROWS}),
    4: frozenset({PAGE_BREAKS, HEADER_WORDING, COLUMN_ORDER}),
    5: frozenset({LANDSCAPE, GROUP_ROWS, PAGE_BREAKS}),
    6: frozenset({COLUMN_ORDER, HEADER_WORDING, GROUP_ROWS}),
    7: frozenset({LANDSCAPE, PAGE_BREAKS, HEADER_WORDING}),
    8: frozenset({COLUMN_ORDER, GROUP_ROWS, LANDSCAPE}),
    9: frozenset({PAGE_BREAKS, HEADER_WORDING, COLUMN_ORDER, GROUP_ROWS}),
}

Rows = list[dict[str, str]]


@dataclass
class Edition:
    """The knobs of one edition of this producer's documents, drawn in a fixed order from its number."""

    number: int = 0
    rng: random.Random = field(init=False, repr=False)
    year_shift: int = field(init=False)
    font: str = field(init=False)
    landscape_lists: bool = field(init=False)
    break_sections: bool = field(init=False)
    column_order: bool = field(init=False)  # a list's columns printed in another order
    group_rows: bool = field(init=False)  # a list's grouping printed as rows spanning the table
    header_wording: bool = field(init=False)  # amount heads in another wording than the canonical one
    amount_header: str = field(init=False)
    bold_heads: bool = field(init=False)
    revenue_header: str = field(init=False)
    full_cost_header: str = field(init=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(f"producer-b/{self.number}")
        canonical = self.number == 0
        self.year_shift = 0 if canonical else self.rng.choice((1, 2, 3))
        self.font = FONTS[0] if canonical else self.rng.choice(FONTS)
        knobs = frozenset() if canonical else KNOBS_BY_EDITION[1 + (self.number - 1) % len(KNOBS_BY_EDITION)]
        self.landscape_lists = LANDSCAPE in knobs
        self.break_sections = PAGE_BREAKS in knobs
        self.column_order = COLUMN_ORDER in knobs
        self.group_rows = GROUP_ROWS in knobs
        self.header_wording = HEADER_WORDING in knobs
        self.bold_heads = False if canonical else self.rng.random() < 0.5
        # A reworded edition takes the other forms in turn, so that each of them is printed.
        wording = self.number % 3 if self.header_wording else -1
        self.amount_header = AMOUNT_HEADERS[1 + wording % 3] if wording >= 0 else AMOUNT_HEADERS[0]
        self.revenue_header = REVENUE_HEADERS[1 + wording % 2] if wording >= 0 else REVENUE_HEADERS[0]
        self.full_cost_header = FULL_COST_HEADERS[1 + wording % 2] if wording >= 0 else FULL_COST_HEADERS[0]

    @property
    def canonical(self) -> bool:
        return self.number == 0

    def year(self, year: int | str) -> int:
        return int(year) + self.year_shift

    def shifted(self, text: str) -> str:
        return shift_years(text, self.year_shift)

    def amount_label(self, item: str) -> str:
        return self.amount_header.format(item=item)

    def ordered(self, columns: list[str], moved: str, after: str = "") -> list[str]:
        """A list's columns in this edition's order: with the column-order knob, `moved` goes right after
        `after` (to the end without one)."""
        if not self.column_order or moved not in columns:
            return columns
        rest = [c for c in columns if c != moved]
        at = rest.index(after) + 1 if after else len(rest)
        return [*rest[:at], moved, *rest[at:]]


# ---------------------------------------------------------------- Japanese fiscal years


def era_year(year: int) -> tuple[str, str]:
    """Western year -> (era, number as printed): 2018 -> (平成, 30), 2019 -> (令和, 元)."""
    if year >= 2019:
        return "令和", "元" if year == 2019 else str(year - 2018)
    return "平成", str(year - 1988)


def wareki(year: int, era: bool = True) -> str:
    """令和元年度 / 平成30年度, or without the era: 元年度 / 30年度."""
    name, number = era_year(year)
    return f"{name}{number}年度" if era else f"{number}年度"


_ERA_NUMBER = re.compile(r"(平成|令和)(元|\d{1,2})年|(?<![\d年元])(元|\d{1,2})年度")


def shift_years(text: str, shift: int) -> str:
    """Every 平成/令和 year and bare N年度 in a text moved `shift` years on (bare 20–31 are 平成)."""
    if not shift:
        return text

    def moved(m: re.Match[str]) -> str:
        if m.group(1):
            number = 1 if m.group(2) == "元" else int(m.group(2))
            name, shifted = era_year(number + (1988 if m.group(1) == "平成" else 2018) + shift)
            return f"{name}{shifted}年"
        number = 1 if m.group(3) == "元" else int(m.group(3))
        return f"{era_year(number + (1988 if number >= 20 else 2018) + shift)[1]}年度"

    return _ERA_NUMBER.sub(moved, text)


_REIWA_LABEL = re.compile(r"(?<![A-Za-z])R(\d{1,2})(?!\d)(?: \((\d{4})\))?")


def shift_reiwa_labels(text: str, shift: int) -> str:
    """Every `R5` and `R5 (2023)` in a text moved `shift` years on (a truth's scope names years this way)."""
    if not shift:
        return text

    def moved(m: re.Match[str]) -> str:
        number = int(m.group(1)) + shift
        return f"R{number}" + (f" ({int(m.group(2)) + shift})" if m.group(2) else "")

    return _REIWA_LABEL.sub(moved, text)


# ---------------------------------------------------------------- truth


def read_series_truth(report: str, truth_dir: Path = TRUTH_DIR) -> dict[str, Rows]:
    """Every truth table of the series (`<name>.csv` -> rows), for an edition to change."""
    tables: dict[str, Rows] = {}
    for path in sorted((truth_dir / report).glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            tables[path.stem] = list(csv.DictReader(f))
    return tables


def write_series_truth(report: str, tables: dict[str, Rows], truth_out: Path, truth_dir: Path = TRUTH_DIR) -> None:
    """An edition's truth, each CSV with the canonical file's columns (kept when the edition has no rows)."""
    for name, rows in tables.items():
        with (truth_dir / report / f"{name}.csv").open(encoding="utf-8", newline="") as f:
            columns = next(csv.reader(f))
        path = truth_out / report / f"{name}.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)


def build_pdf(
    report: str,
    pdf_name: str,
    out_dir: Path,
    ed: Edition,
    truth_out: Path | None,
    edition_truth: Callable[[Edition, dict[str, Rows]], dict[str, object]],
    render: Callable[[Edition, dict[str, Rows], dict[str, object]], str],
) -> list[Path]:
    """A report printed as one PDF: its edition's facts, the HTML, Chromium, and the truth beside it."""
    truth = read_series_truth(report)
    layout = edition_truth(ed, truth)
    pdf = print_pdf(render(ed, truth, layout), out_dir / pdf_name)
    if truth_out is not None:
        write_series_truth(report, truth, truth_out)
    return [pdf]


def number_text(value: float, like: str) -> str:
    """A changed figure printed the way the old one was (thousands separators, decimals)."""
    decimals = len(like.split(".")[1]) if "." in like else 0
    return f"{value:,.{decimals}f}" if "," in like else f"{value:.{decimals}f}"
