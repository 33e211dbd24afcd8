"""Every table of every sample against `samples/truth/`: each printed value comes out as the
text of one cell, and the big lists are one logical table with the right number of rows.

Values are compared normalised with `hyoka.normalizers.text`. The truth is transcribed from the
seed text, whose spacing a print cannot always show (a space beside a Japanese character
disappears where a line wraps or a label is stacked one character per line), so a value
that matches only with such spaces ignored counts as found, and is reported as such.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest

from hyoka import normalizers as nz
from hyoka.extractors import Document, Table, open_document
from hyoka.normalizers.text import is_wide, join_lines

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
TRUTH = SAMPLES / "truth"

# Columns of the truth files that are not printed text: keys, numbers derived by the transcriber.
DERIVED = {
    "seed_line",
    "measure_key",
    "fiscal_year",
    "grade_type",
    "count",
    "indicator_keys",
    "saved_minutes",
    "reduction_rate",
    "total_systems",
    "count_a",
    "count_b",
    "count_c",
    "count_d",
    "count_a_or_b",
    "percent_a_or_b",
}


@dataclass(frozen=True)
class Sample:
    """One sample document and which parts of its report's truth it prints."""

    report: str
    file: str
    # truth file -> (column, allowed values): rows printed in this document; absent = all rows.
    rows: dict[str, tuple[str, frozenset[str]]] = field(default_factory=dict)
    # Truth files this document does not print.
    absent: frozenset[str] = frozenset()
    # (truth file, column, place or "") printed in running text, not as a table cell.
    running_text: frozenset[tuple[str, str, str]] = frozenset()


PROJECT_LIST_ONLY = {
    "measures.csv": ("level", frozenset({"project"})),
    "indicator_values.csv": ("place", frozenset({"project_list"})),
}

SAMPLE_DOCUMENTS = [
    Sample("yokohama_action_plan_review", "yokohama_action_plan_review.pdf"),
    Sample(
        "yokohama_kanmin_data_status",
        "yokohama_kanmin_data_status.pdf",
        # The perspectives and the project counts per 施策 are paragraphs and headings
        # (関連する事業:33事業).
        running_text=frozenset(
            {("table_perspectives.csv", "観点", ""), ("table_perspectives.csv", "関連する施策", "")}
            | {("table_related_projects.csv", "施策", ""), ("table_related_projects.csv", "関連する事業", "")}
        ),
    ),
    *(
        Sample(
            "hokkaido_basic_evaluation",
            name,
            # The indicator analysis states its grade inside its sentence: <…普及率【A】>.
            running_text=frozenset({("grades.csv", "value_text", "5(1) 成果指標の分析")}),
        )
        for name in ("hokkaido_basic_evaluation.xlsx", "hokkaido_basic_evaluation.pdf")
    ),
    Sample("sasebo_dx_action_plan", "sasebo_dx_action_plan.pdf"),
    *(
        Sample(
            "sasebo_dx_action_plan",
            name,
            rows=PROJECT_LIST_ONLY,
            absent=frozenset({"table_roadmap.csv"}),
        )
        for name in ("sasebo_dx_project_list.xlsx", "sasebo_dx_project_list.pdf")
    ),
    Sample(
        "tokorozawa_ict_action_plan",
        "tokorozawa_ict_action_plan.pdf",
        running_text=frozenset({("table_narrative_totals.csv", "sentence", "")}),
    ),
]

# Big list tables: (sample, a header every part of the list carries, body rows in the truth).
LISTS = [
    ("yokohama_action_plan_review.pdf", "事業状態進捗評価", ("yokohama_action_plan_review", "measures.csv", "in_list")),
    ("tokorozawa_ict_action_plan.pdf", "評価結果", ("tokorozawa_ict_action_plan", "table_grade_list.csv", "")),
    ("sasebo_dx_project_list.xlsx", "リーディング", ("sasebo_dx_action_plan", "measures.csv", "level")),
    ("sasebo_dx_project_list.pdf", "リーディング", ("sasebo_dx_action_plan", "measures.csv", "level")),
]

# Known differences between a sample and its truth that no reading of the print can remove;
# each must still be missing (so that a fixed builder or reader removes it from here).
KNOWN_MISSES: dict[str, dict[str, str]] = {}


def key(text: str) -> str:
    return nz.text(text).value or ""


def loose(text: str) -> str:
    """`key` without spaces beside a Japanese character (which a print may not show)."""
    normal = key(text)
    out = []
    for index, char in enumerate(normal):
        if char == " " and (
            (index > 0 and is_wide(normal[index - 1])) or (index + 1 < len(normal) and is_wide(normal[index + 1]))
        ):
            continue
        out.append(char)
    return "".join(out)


@cache
def document(name: str) -> Document:
    return open_document(SAMPLES / name)


@dataclass
class Texts:
    """The normalised texts of one document: cells, lines of cells, running text."""

    cells: set[str]
    loose_cells: set[str]
    cell_lines: set[str]  # consecutive printed lines of a cell, joined
    running: str
    loose_running: str


@cache
def texts(name: str) -> Texts:
    doc = document(name)
    cells = [c for t in doc.tables() for c in t.cells]
    paragraphs = [b.text for b in doc.text_blocks()] + [c.text for c in cells]
    running = "\n".join(key(p) for p in paragraphs)
    return Texts(
        cells={key(c.text) for c in cells},
        loose_cells={loose(c.text) for c in cells},
        cell_lines={
            key(join_lines(c.lines[i:j], "wrap"))
            for c in cells
            for i in range(len(c.lines))
            for j in range(i + 1, len(c.lines) + 1)
        },
        running=running,
        loose_running="\n".join(loose(p) for p in paragraphs),
    )


def read_truth(report: str, name: str) -> list[dict[str, str]]:
    with (TRUTH / report / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def titled(row: dict[str, str]) -> list[str]:
    """The printed forms of a measure title: alone, or after its number (1 title, 【PID】title)."""
    titles = {row[c] for c in ("title", "title_printed", "detail_title_printed", "name") if row.get(c)}
    number = row.get("measure_no") or row.get("pid") or ""
    forms = set(titles)
    for title in titles:
        if number:
            forms |= {f"{number} {title}", f"{number}{title}", f"【{number}】{title}"}
    return sorted(forms)


@dataclass(frozen=True)
class Expected:
    truth_file: str
    column: str
    forms: tuple[str, ...]  # any of these printed forms
    running_text: bool
    # A summary-table value may be some printed lines of a cell holding two fields
    # (区分 and its [n指標] count, one under the other).
    as_line: bool


def expected_values(sample: Sample) -> Iterator[Expected]:
    for path in sorted((TRUTH / sample.report).glob("*.csv")):
        name = path.name
        if name in sample.absent or name in ("document.csv", "inconsistencies.csv", "kpi_project_links.csv"):
            continue
        rows = read_truth(sample.report, name)
        if name in sample.rows:
            column, allowed = sample.rows[name]
            rows = [r for r in rows if r.get(column) in allowed]
        for row in rows:
            place = row.get("place", "")
            if name == "measures.csv" or name == "table_roadmap.csv":
                columns = {"title": titled(row)}
                if name == "table_roadmap.csv":
                    columns |= {c: [row[c]] for c in ("issue", "step")}
            elif name in ("indicator_values.csv", "budgets.csv", "grades.csv"):
                columns = {"value_text": [row["value_text"]]}
            else:
                columns = {c: [v] for c, v in row.items() if c not in DERIVED and c is not None}
            for column, forms in columns.items():
                forms = [f for f in forms if f and f.strip()]
                if not forms:
                    continue
                running = (name, column, place) in sample.running_text or (name, column, "") in sample.running_text
                yield Expected(name, column, tuple(forms), running, name.startswith("table_"))


def found(expected: Expected, doc_texts: Texts) -> str | None:
    """How the value was found: 'cell', 'cell (spacing)', 'line', 'text', or None."""
    keys = [key(f) for f in expected.forms]
    looses = [loose(f) for f in expected.forms]
    if expected.running_text:
        if any(k in doc_texts.running for k in keys):
            return "text"
        return "text" if any(k in doc_texts.loose_running for k in looses) else None
    if any(k in doc_texts.cells for k in keys):
        return "cell"
    if any(k in doc_texts.loose_cells for k in looses):
        return "cell (spacing)"
    if expected.as_line and any(k in doc_texts.cell_lines for k in keys):
        return "line"
    return None


@pytest.mark.parametrize("sample", SAMPLE_DOCUMENTS, ids=lambda s: s.file)
def test_every_truth_value_is_one_cell(sample: Sample) -> None:
    doc_texts = texts(sample.file)
    missing: list[str] = []
    how: dict[str, int] = {}
    total = 0
    for expected in expected_values(sample):
        total += 1
        result = found(expected, doc_texts)
        if result is None:
            missing.append(f"{expected.truth_file}:{expected.column}: {expected.forms[0]}")
        else:
            how[result] = how.get(result, 0) + 1
    known = KNOWN_MISSES.get(sample.file, {})
    unexpected = [m for m in missing if m.split(": ", 1)[1] not in known]
    print(f"{sample.file}: {total - len(missing)}/{total} found {how}; known misses {len(missing) - len(unexpected)}")
    assert total > 0
    assert unexpected == [], "\n".join(unexpected)
    still_known = {m.split(": ", 1)[1] for m in missing}
    assert set(known) <= still_known, "a known miss is now read right: remove it from KNOWN_MISSES"


def big_list(doc: Document, header: str) -> Table:
    """The table whose header names `header` and which has the most rows."""
    candidates = [
        t for t in doc.tables() if any(header in key(c.text).replace(" ", "") for c in t.cells if c.is_header)
    ]
    assert candidates, f"no table has a header {header}"
    return max(candidates, key=lambda t: t.n_rows)


def list_rows(table: Table) -> int:
    """Body rows, without section rows (one cell across the whole width, e.g. a vision's name)."""
    count = 0
    for r in range(table.header_rows, table.n_rows):
        anchored = table.row(r)
        if len(anchored) == 1 and anchored[0].col_span == table.n_cols:
            continue
        count += 1
    return count


@pytest.mark.parametrize(("file", "header", "truth"), LISTS, ids=[f"{f}:{h}" for f, h, _ in LISTS])
def test_big_lists_are_one_table_with_every_row(file: str, header: str, truth: tuple[str, str, str]) -> None:
    report, truth_file, column = truth
    rows = read_truth(report, truth_file)
    if column == "in_list":
        rows = [r for r in rows if r[column] == "true"]
    elif column == "level":
        rows = [r for r in rows if r[column] == "project"]
    table = big_list(document(file), header)
    assert list_rows(table) == len(rows)
    if file.endswith(".pdf"):
        # One logical table over its pages, every page's part in it.
        assert len(table.pages) > 1
        assert sorted({c.page for c in table.cells}) == table.pages
