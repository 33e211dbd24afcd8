"""The generic profile: what hyoka reads from a report no series profile claims.

Every table is already in `cells`. Here each table's headers go through the header
vocabulary (`normalizers.header`), and what maps to the contract is written with its
evidence: a measure per body row of a table with a name column (or one per sheet that
states its 事業名 as a label), indicator values from target / actual / achievement-rate
year columns, amounts from 予算額 / 決算額 / 事業費… columns or rows (money in yen), and
stated grades, which no rule recomputes (`not_computable`). The document is `partial`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import normalizers as nz
from audit.rules import GradeCase
from extractors.model import Cell, Document, Table
from profiles import ProfileOutput, stated_grade_rule
from profiles.tables import contract_values, evidence, plain, where

NO_SERIES = (
    "no report profile recognises this series: its tables are in `cells`, and the generic "
    "profile mapped only what their headers name; run `hyoka inspect` on it and add a report profile."
)

METRICS = contract_values("indicator_values", "metric")
AMOUNTS = contract_values("budgets", "item")
MEASURE_FIELDS = {"title", "measure_no", "departments", "divisions", "group_name", "stage"}

STATED_GRADE = stated_grade_rule(
    "generic_stated_grade",
    "stated",
    "a grade stated in a report no profile knows; its rule is unknown, so it is not recomputed",
)


@dataclass(frozen=True)
class Column:
    field: str | None
    fiscal_year: int | None
    unit: str | None


def read_header(texts: list[str]) -> Column:
    """A column's field, year and unit from its header cells, top to bottom (R2 over 目標 too)."""
    field = year = unit = None
    for text in texts:
        parsed = nz.header(text).value
        if parsed is None:
            continue
        field = field or parsed.field
        year = year if year is not None else (parsed.fiscal_year if isinstance(parsed.fiscal_year, int) else None)
        unit = unit or parsed.unit
    return Column(field, year, unit)


def header_rows(table: Table) -> int:
    """The table's header rows: as marked (shading, bold), else the first row if most of it reads
    as headers (a label/value pair such as 事務事業名 | 電子申請推進事業 is half, not most)."""
    if table.header_rows:
        return table.header_rows
    first = [c.text for c in table.row(0) if c.text]
    known = [t for t in first if nz.header(t).value is not None]
    return 1 if first and len(known) * 2 > len(first) else 0


def columns_of(table: Table, rows: int) -> list[Column]:
    columns = []
    for col in range(table.n_cols):
        texts: list[str] = []
        for r in range(rows):
            cell = table.cell(r, col)
            if cell is not None and cell.text and (not texts or texts[-1] != cell.text):
                texts.append(cell.text)
        columns.append(read_header(texts))
    # A column with a metric but no year (達成率 after R2目標 / R2実績) shares its left neighbour's.
    filled = []
    for column in columns:
        if column.fiscal_year is None and column.field in METRICS and filled and filled[-1].fiscal_year is not None:
            column = Column(column.field, filled[-1].fiscal_year, column.unit)
        filled.append(column)
    return filled


def _text(cell: Cell | None) -> str:
    return plain(cell.text) if cell is not None else ""


def _anchor(table: Table, row: int, col: int) -> Cell | None:
    cell = table.cell(row, col)
    return cell if cell is not None and cell.row == row and cell.col == col else None


class GenericProfile:
    profile_id = "generic"
    description = "any document: every table into `cells`; used when no series profile claims the document"

    def score(self, document: Document) -> float:
        return 0.0

    def extract(self, document: Document) -> ProfileOutput:
        output = ProfileOutput(problems=[NO_SERIES])
        sheet_measure = self._labelled_measure(document, output)
        for table in document.tables():
            rows = header_rows(table)
            columns = columns_of(table, rows)
            fields = [c.field for c in columns]
            for row in range(rows, table.n_rows):
                key = self._row_measure(table, row, columns, output) if "title" in fields else sheet_measure
                self._values(table, row, columns, key, output)
            if rows == 0 or not any(f in AMOUNTS for f in fields):
                self._amount_rows(table, rows, columns, sheet_measure, output)
            self._stated_grades(table, rows, columns, sheet_measure, output)
        return output

    # --- measures --------------------------------------------------------------------------

    def _labelled_measure(self, document: Document, output: ProfileOutput) -> str | None:
        """A sheet about one measure states its name as a label/value pair (事業名 | …)."""
        for table in document.tables():
            for cell in table.cells:
                parsed = nz.header(cell.text).value
                if parsed is None or parsed.field != "title":
                    continue
                value = _anchor(table, cell.row, cell.col_end + 1)
                if value is None or not value.text or nz.header(value.text).value is not None:
                    continue
                key = _text(value)
                output.measures.append(self._measure(key, None, key, value))
                return key
        return None

    def _row_measure(self, table: Table, row: int, columns: list[Column], output: ProfileOutput) -> str | None:
        record: dict[str, Any] = {}
        source: Cell | None = None
        for col, column in enumerate(columns):
            if column.field not in MEASURE_FIELDS:
                continue
            cell = _anchor(table, row, col) or table.cell(row, col)
            if cell is None or not cell.text:
                continue
            if column.field == "title":
                source = cell
            record.setdefault(column.field, cell.text)
        if source is None or "title" not in record:
            return None
        title = nz.text(record["title"]).value or ""
        number = nz.text(record.get("measure_no", "")).value or None
        key = number or title
        taken = {m["measure_key"] for m in output.measures}
        if key in taken:
            key = f"{key} ({table.table_id} row {row})"
        measure = self._measure(key, number, title, source)
        for name in ("departments", "divisions"):
            if name in record:
                measure[name] = list(nz.names(record[name]).value or ())
        for name in ("group_name", "stage"):
            if name in record:
                measure[name] = nz.text(record[name]).value
        output.measures.append(measure)
        return key

    @staticmethod
    def _measure(key: str, number: str | None, title: str, cell: Cell) -> dict[str, Any]:
        return {
            "measure_key": key,
            "measure_no": number,
            "title": title,
            "level": None,
            "group_name": None,
            "departments": None,
            "divisions": None,
            "stage": None,
            "flag_kanmin_data": None,
            "flag_sentan_gijutsu": None,
            "flag_leading": None,
            **evidence(cell),
        }

    # --- values and amounts ----------------------------------------------------------------

    def _values(self, table: Table, row: int, columns: list[Column], key: str | None, output: ProfileOutput) -> None:
        name_col = next((i for i, c in enumerate(columns) if c.field in ("indicator_name", "title")), None)
        name = _text(table.cell(row, name_col)) if name_col is not None else ""
        for col, column in enumerate(columns):
            cell = _anchor(table, row, col)
            if cell is None or column.fiscal_year is None:
                continue
            if column.field in METRICS and name:
                output.indicator_values.append(self._indicator(key, name, column, cell))
            elif column.field in AMOUNTS:
                self._amount(key, column.field, column.fiscal_year, column.unit, cell, output)

    def _amount_rows(
        self, table: Table, rows: int, columns: list[Column], key: str | None, output: ProfileOutput
    ) -> None:
        """Amounts laid out with the item as the row label and the years as columns."""
        for row in range(rows, table.n_rows):
            label = _anchor(table, row, 0)
            parsed = nz.header(label.text).value if label is not None and label.text else None
            if parsed is None or parsed.field not in AMOUNTS:
                continue
            for col, column in enumerate(columns[1:], start=1):
                cell = _anchor(table, row, col)
                if cell is not None and column.fiscal_year is not None:
                    self._amount(key, parsed.field, column.fiscal_year, parsed.unit or column.unit, cell, output)

    @staticmethod
    def _indicator(key: str | None, name: str, column: Column, cell: Cell) -> dict[str, Any]:
        hint = "%" if column.field == "achievement_rate" and column.unit is None else column.unit
        quantity = nz.quantity(cell.text, unit_hint=hint).value
        return {
            "measure_key": key,
            "indicator_key": f"{key}/{name}" if key else name,
            "indicator_name": name,
            "fiscal_year": column.fiscal_year,
            "metric": column.field,
            "value": quantity.value if quantity is not None else None,
            "unit": quantity.unit if quantity is not None else None,
            "qualifier": " ".join(quantity.qualifiers) or None if quantity is not None else None,
            "value_text": cell.value_text or cell.text,
            "na_marker": quantity.na_marker if quantity is not None else None,
            **evidence(cell),
        }

    @staticmethod
    def _amount(key: str | None, item: str, year: int, unit: str | None, cell: Cell, output: ProfileOutput) -> None:
        if not cell.text:
            return
        quantity = nz.quantity(cell.text, unit_hint=unit).value
        if quantity is None or (quantity.value is None and quantity.na_marker is None):
            return
        output.budgets.append(
            {
                "measure_key": key,
                "fiscal_year": year,
                "item": item,
                "amount": quantity.value,
                "unit": quantity.unit,
                "value_text": cell.value_text or cell.text,
                **evidence(cell),
            }
        )

    # --- grades ------------------------------------------------------------------------------

    def _stated_grades(
        self, table: Table, rows: int, columns: list[Column], key: str | None, output: ProfileOutput
    ) -> None:
        """Grades under a 評価 column, or right of a 評価 label; stated, never recomputed here."""
        found: list[Cell] = []
        for col, column in enumerate(columns):
            if column.field == "grade":
                found += [c for r in range(rows, table.n_rows) if (c := _anchor(table, r, col)) is not None]
        for cell in table.cells:
            parsed = nz.header(cell.text).value if cell.text else None
            if parsed is not None and parsed.field == "grade" and cell.row >= rows:
                value = _anchor(table, cell.row, cell.col_end + 1)
                if value is not None:
                    found.append(value)
        for cell in found:
            grade = nz.grade(cell.text).value if cell.text else None
            if grade is None:
                continue
            output.cases.append(
                GradeCase(
                    rule=STATED_GRADE,
                    stated_grade=grade.letter,
                    where=where(cell),
                    inputs=(),
                    measure_key=key,
                )
            )


GENERIC = GenericProfile()
