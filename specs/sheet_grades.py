"""The grades a label/value sheet's grade block prints (`sheets: grades` in a spec): headers over the grades
(a row labelled 評価 printing 令和3年度 | 総括 and the grades in the next row, matched by position, the next
row possibly on the next page), or label/value rows (令和3年度 進捗状況評価 | A), each header or label naming
the kind of its grade (the report year's, 総括); `-` is printed for a grade not given.
"""

from __future__ import annotations

import re
import unicodedata

from hyoka.extractors.model import Cell
from hyoka.specs.schema import SheetGradesDecl
from hyoka.specs.sheets import LabelledSheet, SheetRow
from hyoka.specs.tables import label_values, squash


def kind_named(text: str, kinds: dict[str, str]) -> str | None:
    """The first kind whose pattern the text (NFKC) matches."""
    text = unicodedata.normalize("NFKC", text)
    return next((kind for kind, pattern in kinds.items() if re.search(pattern, text)), None)


def _overlap(a: Cell, b: Cell) -> float:
    if a.bbox is None or b.bbox is None:
        return 1.0 if b.col <= a.col <= b.col_end else 0.0
    return min(a.bbox[2], b.bbox[2]) - max(a.bbox[0], b.bbox[0])


def _below(header: Cell, row: SheetRow) -> Cell | None:
    """The value printed under a header cell in the next row (matched by position: the row may be on the next page)."""
    best = max(row.values(), key=lambda c: _overlap(header, c), default=None)
    return best if best is not None and _overlap(header, best) > 0 else None


def sheet_grades(sheet: LabelledSheet, declared: SheetGradesDecl) -> dict[str, Cell]:
    """The sheet's grade cells by kind: under the headers of its grade block, else beside the labels naming
    a kind (the first printing of a kind wins)."""
    rows = sheet.rows
    grades: dict[str, Cell] = {}
    block = sheet.index(declared.label)
    if block is not None and block + 1 < len(rows):
        for header in rows[block].values():
            cell = _below(header, rows[block + 1])
            if cell is not None:
                grades.setdefault(kind_named(header.text, declared.kinds) or declared.default, cell)
    if not grades:
        ending = squash(declared.label)

        def is_grade_label(text: str) -> bool:
            return text.endswith(ending) and kind_named(text, declared.kinds) is not None

        for label, cell in label_values(sheet.tables, is_grade_label):
            if (kind := kind_named(label.text, declared.kinds)) is not None:
                grades.setdefault(kind, cell)
    return grades
