"""The benchmark corpus: which sample documents print which report, and each report's truth."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import pdfplumber

from bench.scoring import PRINTED_INDICATOR_TABLES, cell_texts

TRUTH_TABLES = ("measures", "indicator_values", "budgets", "grades", "inconsistencies")
# Columns of a printed summary table the transcriber added (counts parsed out, keys, years):
# they are written in lower-case snake_case, the printed headers never are.
_DERIVED_COLUMN = re.compile(r"^[a-z][a-z0-9_]*$")
# A row of the layout table in samples/truth/README.md: | `folder/` | seed | `samples/a.pdf`, ... |
_LAYOUT_ROW = re.compile(r"^\|\s*`(?P<folder>[^`/]+)/`\s*\|[^|]*\|(?P<documents>.*)\|\s*$")


@dataclass
class Report:
    name: str
    truth_dir: Path
    documents: list[Path] = field(default_factory=list)

    @property
    def pdfs(self) -> list[Path]:
        return [d for d in self.documents if d.suffix.lower() == ".pdf"]


def reports(root: Path) -> list[Report]:
    """The reports of samples/truth/README.md's layout table, with those of their documents that exist."""
    truth_root = root / "samples" / "truth"
    found = []
    for line in (truth_root / "README.md").read_text(encoding="utf-8").splitlines():
        m = _LAYOUT_ROW.match(line)
        if m is None:
            continue
        documents = [root / p for p in re.findall(r"`(samples/[^`]+)`", m["documents"])]
        found.append(Report(m["folder"], truth_root / m["folder"], [d for d in documents if d.is_file()]))
    return found


def read_csv(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def load_truth(truth_dir: Path) -> dict[str, list[dict[str, str]]]:
    """The report's contract tables and inconsistencies (missing files are empty tables), its indicator
    values with those of the summary tables transcribed as printed (`PRINTED_INDICATOR_TABLES`)."""
    truth = {table: read_csv(truth_dir / f"{table}.csv") for table in TRUTH_TABLES}
    for table in PRINTED_INDICATOR_TABLES.get(truth_dir.name, ()):
        truth["indicator_values"] += table.indicator_rows(read_csv(truth_dir / table.csv))
    return truth


def printed_table_cells(path: Path) -> list[str]:
    """Body cells of a `table_*.csv` as printed: every column but seed_line and the derived ones."""
    return [
        value
        for row in read_csv(path)
        for column, value in row.items()
        if column and column != "seed_line" and not _DERIVED_COLUMN.match(column)
    ]


def truth_cells(truth_dir: Path) -> set[str]:
    """The normalised texts the truth says are printed as table cells in the report's documents."""
    truth = load_truth(truth_dir)
    printed = [row.get("title") for row in truth["measures"]]
    printed += [row.get("value_text") for table in ("indicator_values", "grades", "budgets") for row in truth[table]]
    for table_csv in sorted(truth_dir.glob("table_*.csv")):
        printed += printed_table_cells(table_csv)
    return cell_texts(printed)


def page_count(path: Path) -> int:
    """Pages of a PDF, sheets of a workbook: the unit of 'per page' figures."""
    if path.suffix.lower() == ".pdf":
        with pdfplumber.open(path) as pdf:
            return len(pdf.pages)
    workbook = openpyxl.load_workbook(path, read_only=True)
    try:
        return len(workbook.sheetnames)
    finally:
        workbook.close()
