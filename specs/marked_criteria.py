"""A judgement decided by marks on numbered criteria, declared in a spec (`marked_criteria:`): 基準1 ○,
基準2 △ … and the 判定 they decide by a `decision` grade rule, each mark a stated grade of its own.

    marked_criteria:
      - name: 5 (2) 取組の分析
        criterion: 基準            # rows labelled 基準1, 基準2 … (a form), or numbered 1–4 under a 基準 heading
        mark_headers: [○]          # the mark column's header explains its marks: (○→対応している)
        marks: [○, ◯, ◎, ●, △, ▲, ×]   # else the marks column is where the criteria's rows print these
        judgement: 判定            # the stated judgement: beside the first cell starting so after the criteria,
                                   # else under it (a label may print the rule, which names letters too)
        rule: judgement            # a `decision` rule over the marks, labelled 基準1 …
        criterion_rule: criterion  # a `stated` rule: each mark as printed
        place: 5 (2) 取組の分析

The workbook and its print both reach this as tables of cells; the judgement may stand in a later table.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from hyoka import normalizers as nz
from hyoka.audit.rules import Figure, GradeCase, GradeRule
from hyoka.extractors.model import Document, Table
from hyoka.specs.tables import Located, labelled, squash, starting, where


class MarkedCriteriaDecl(BaseModel):
    """Marked criteria and the judgement they decide (`hyoka.specs.marked_criteria`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    criterion: str
    mark_headers: list[str]
    marks: list[str]
    judgement: str
    rule: str
    criterion_rule: str
    place: str


@dataclass
class MarkedCriteria:
    criteria: list[tuple[int, Located]]  # (number, mark cell)
    stated: Located | None


def read_marked_criteria(document: Document, declared: MarkedCriteriaDecl) -> MarkedCriteria | None:
    """The first criteria block with a mark read, and the judgement stated after it."""
    word = squash(declared.criterion)
    for first in [*starting(document, f"{declared.criterion}1"), *labelled(document, declared.criterion)]:
        table = first.table
        mark_col: int | None = None
        numbered: list[tuple[Located, int | None]] = []  # each criterion's number, and the mark column in force
        for row in range(first.cell.row, table.n_rows):
            anchored = [Located(table, c) for c in table.row(row) if c.text.strip()]
            if not anchored:
                continue
            lead = squash(anchored[0].text)
            if lead.startswith(word):
                headed = (a.cell.col for a in anchored if any(m in a.text for m in declared.mark_headers))
                mark_col = next(headed, mark_col)
            elif re.fullmatch(r"\d", lead):
                numbered.append((anchored[0], mark_col))
            elif lead.startswith(squash(declared.judgement)):
                break
        # A mark column whose header explains no mark: the column where the criteria's rows print marks.
        printed = Counter(
            c.col for number, _ in numbered for c in table.row(number.cell.row) if squash(c.text) in declared.marks
        )
        fallback = printed.most_common(1)[0][0] if printed else None
        criteria = []
        for number, header_col in numbered:
            col = fallback if header_col is None else header_col
            mark = number.at(number.cell.row, col) if col is not None else None
            if mark is not None:
                criteria.append((int(squash(number.text)), mark))
        if criteria:
            tables = document.tables()
            return MarkedCriteria(criteria, _stated(tables[tables.index(table) :], criteria[-1][1], declared))
    return None


def _stated(tables: list[Table], last_mark: Located, declared: MarkedCriteriaDecl) -> Located | None:
    """The judgement letter after the criteria: beside its label, else under it."""
    for table in tables:
        for cell in sorted(table.cells, key=lambda c: (c.row, c.col)):
            if table is last_mark.table and cell.row <= last_mark.cell.row:
                continue
            if not squash(cell.text).startswith(squash(declared.judgement)):
                continue
            label = Located(table, cell)
            beside = [
                Located(table, c)
                for c in table.cells
                if c.col > cell.col_end and c.row <= cell.row_end and c.row_end >= cell.row and c.text.strip()
            ]
            letters = [b for b in sorted(beside, key=lambda b: b.cell.col) if _letter(b, declared)]
            below = label.below()
            if not letters and below is not None and _letter(below, declared):
                letters = [below]
            return letters[-1] if letters else None
    return None


def _letter(located: Located, declared: MarkedCriteriaDecl) -> bool:
    """A cell stating a grade letter alone (not the printed rule, which names letters too)."""
    text = squash(located.text)
    return bool(text) and squash(declared.criterion) not in text and nz.grade(text).ok


def marked_criteria_cases(
    document: Document, declared: MarkedCriteriaDecl, grade_rule: Callable[[str], GradeRule], year: int | None
) -> tuple[list[GradeCase], list[str]]:
    """Each mark as a stated grade and the judgement decided by them; one sentence for what was not read."""
    found = read_marked_criteria(document, declared)
    if found is None:
        return [], [f"No {declared.name} ({declared.criterion}…, {declared.judgement}) was found."]
    cases, inputs = [], []
    for number, mark in found.criteria:
        text, label = squash(mark.text), f"{declared.criterion}{number}"
        rule = grade_rule(declared.criterion_rule)
        at = where(mark.cell)
        cases.append(GradeCase(rule, text or None, at, (), None, year, indicator_key=label, place=declared.place))
        inputs.append(Figure(None, text, where(mark.cell), "exact", label))
    if found.stated is None:
        return cases, [f"{declared.name} prints no {declared.judgement} letter."]
    letter = nz.grade(found.stated.text).value
    assert letter is not None  # the reader keeps only cells that read as a grade
    rule = grade_rule(declared.rule)
    judged = GradeCase(rule, letter.letter, where(found.stated.cell), tuple(inputs), None, year, place=declared.place)
    return [*cases, judged], []
