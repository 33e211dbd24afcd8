"""A title that ends at a word (`detection.title.ends_at`): the report's name is the first text printing the
word, up to and including it (a print of a list adds its own name after it: 実行計画 プロジェクト一覧), and the
edition's fiscal year is the one that text prints, else one printed in a text of its page or sheet naming a
年度 (令和8（2026）年度版 under a cover title). The texts are a page's blocks and the cells of its tables; a
workbook's title row is a cell, and a sheet may print its title only in its print header.
"""

from __future__ import annotations

import re

from hyoka import normalizers as nz
from hyoka.extractors.model import Document
from hyoka.specs.tables import plain

YEAR_WORD = "年度"


def _printed_texts(document: Document) -> list[list[str]]:
    """The texts of each page and of each sheet, in reading order (blocks before table cells)."""
    groups = [
        [block.text for block in page.text_blocks] + [cell.text for table in page.tables for cell in table.cells]
        for page in document.pages
    ]
    groups += [
        sheet.print_header_text + [cell.text for table in sheet.tables for cell in table.cells]
        for sheet in document.sheets
    ]
    return groups


def _fiscal_year(text: str, year_label: re.Pattern[str] | None) -> int | None:
    """The fiscal year a text prints: the first match of `year_label` read as one (no label: the text)."""
    text = plain(text)
    if year_label is not None:
        found = year_label.search(text)
        if found is None:
            return None
        text = found.group(0)
    value = nz.fiscal_year(text).value
    return value if isinstance(value, int) else None


def title_ending_at(document: Document, word: str, year_label: str | None) -> tuple[str | None, int | None]:
    """(the title, the edition's fiscal year) of the first text printing `word`; (None, None) when none does."""
    label = re.compile(year_label) if year_label else None
    for texts in _printed_texts(document):
        for raw in texts:
            text = plain(raw)
            if word not in text:
                continue
            year = _fiscal_year(text, label)
            if year is None:
                year = next((y for t in texts if YEAR_WORD in t and (y := _fiscal_year(t, label))), None)
            return text[: text.index(word) + len(word)].strip(), year
    return None, None
