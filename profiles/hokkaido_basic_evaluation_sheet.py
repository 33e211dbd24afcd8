"""北海道 基本評価調書: 5 (2) 取組の分析, the 基準1–4 marks and the 判定 they decide, read by their printed labels.

The same reader serves the workbook and its PDF print (both reach it as tables of cells), a form (a row
labelled 基準1 … 基準4) or a plain table (a 基準 column heading rows numbered 1–4), the mark column found by
its header (○) or by where the rows print marks, the 判定 beside its label or under it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from hyoka import normalizers as nz
from hyoka.extractors.model import Document, Table
from hyoka.specs.tables import Located, labelled, squash, starting

CRITERION_MARK_HEADERS = ("○",)  # the mark column's header explains its marks: (○→対応している)
CRITERION_MARKS = frozenset("○◯◎●△▲×")


@dataclass
class Criterion:
    number: int
    mark: Located


@dataclass
class Judgement:
    criteria: list[Criterion]
    stated: Located | None
    rule: Located | None  # the printed rule (・基準1が「○」で、… → a)


def judgement(document: Document) -> Judgement | None:
    """5 (2) 取組の分析: the 基準1–4 marks and the stated 判定 (in the criteria's table or one after it).

    The criteria start at a row labelled 基準1 (a form), or under a 基準 column heading whose rows are
    numbered 1–4 (a plain table)."""
    tables = document.tables()
    for first in [*starting(document, "基準1"), *labelled(document, "基準")]:
        table = first.table
        mark_col: int | None = None
        numbered: list[tuple[Located, int | None]] = []  # each criterion's number, and the mark column in force
        for row in range(first.cell.row, table.n_rows):
            anchored = [Located(table, c) for c in table.row(row) if c.text.strip()]
            if not anchored:
                continue
            lead = squash(anchored[0].text)
            if lead.startswith("基準"):
                mark_col = next(
                    (a.cell.col for a in anchored if any(m in a.text for m in CRITERION_MARK_HEADERS)), mark_col
                )
            elif re.fullmatch(r"\d", lead):
                numbered.append((anchored[0], mark_col))
            elif lead.startswith(JUDGEMENT_LABEL):
                break
        # A mark column whose header explains no mark: the column where the criteria's rows print marks.
        printed_marks = Counter(
            c.col for number, _ in numbered for c in table.row(number.cell.row) if squash(c.text) in CRITERION_MARKS
        )
        fallback = printed_marks.most_common(1)[0][0] if printed_marks else None
        criteria = []
        for number, header_col in numbered:
            col = fallback if header_col is None else header_col
            mark = number.at(number.cell.row, col) if col is not None else None
            if mark is not None:
                criteria.append(Criterion(int(squash(number.text)), mark))
        if not criteria:
            continue
        following = tables[tables.index(table) :]
        stated, rule = _stated_judgement(following, criteria[-1].mark)
        return Judgement(criteria, stated, rule)
    return None


JUDGEMENT_LABEL = "判定"


def _stated_judgement(tables: list[Table], last_mark: Located) -> tuple[Located | None, Located | None]:
    """The 判定 letter after the criteria: beside its label (a label cell may carry the printed rule), else
    under it; and the cell printing the rule."""
    for table in tables:
        for cell in sorted(table.cells, key=lambda c: (c.row, c.col)):
            if table is last_mark.table and cell.row <= last_mark.cell.row:
                continue
            if not squash(cell.text).startswith(JUDGEMENT_LABEL):
                continue
            label = Located(table, cell)
            beside = [
                Located(table, c)
                for c in table.cells
                if c.col > cell.col_end and c.row <= cell.row_end and c.row_end >= cell.row and c.text.strip()
            ]
            beside.sort(key=lambda located: located.cell.col)
            letters = [b for b in beside if _judgement_letter(b)]
            below = label.below()
            if not letters and below is not None and _judgement_letter(below):
                letters = [below]
            rules = [c for c in [label, *beside] if "基準1" in squash(c.text)]
            return (letters[-1] if letters else None), (rules[0] if rules else None)
    return None, None


def _judgement_letter(located: Located) -> bool:
    """A cell stating a grade letter alone (not the printed rule, which names letters too)."""
    text = squash(located.text)
    return bool(text) and "基準" not in text and nz.grade(text).ok
