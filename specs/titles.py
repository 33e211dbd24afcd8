"""The title shapes a spec may declare beyond the title words (`detection.title`).

A title that ends at a word (`ends_at`): the report's name is the first text printing the word, up to and
including it (a print of a list adds its own name after it: 実行計画 プロジェクト一覧), and the edition's
fiscal year is the one that text prints, else one printed in a text of its page or sheet naming a 年度
(令和8（2026）年度版 under a cover title). The texts are a page's blocks and the cells of its tables; a
workbook's title row is a cell, and a sheet may print its title only in its print header.

A title line under a series line (`under_series_line`): the title page prints the report's own line
(行動計画中間振り返り) under the line naming the series it belongs to (情報化の基本方針・平成30～令和3年度);
the report's name is both. Each is printed once in the document (a running header repeats).
"""

from __future__ import annotations

import re
from collections import Counter

from hyoka import normalizers as nz
from hyoka.extractors.model import Document
from hyoka.specs.tables import plain

YEAR_WORD = "年度"
# A title line is short: a longer text printing the title word is a sentence about the report.
TITLE_LINE_LENGTH = 40
# The chapter numeral a series line may start with (Ⅰ 情報化の基本方針…): not part of the series' name.
CHAPTER_NUMERAL = re.compile(r"^[ⅠⅡⅢⅣⅤIV]+\s*")


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


def title_under_series_line(document: Document, word: str) -> str | None:
    """The series line and the title line of the first page: the title line the first short text printing
    `word` printed once in the document, the series line the nearest text above it printed once (without
    its chapter numeral); None when the first page prints no such title line."""
    if not document.pages:
        return None
    blocks = [plain(block.text) for block in document.pages[0].text_blocks]
    printed = Counter(plain(block.text) for block in document.text_blocks())
    for i, text in enumerate(blocks):
        if word in text and len(text) < TITLE_LINE_LENGTH and printed[text] == 1:
            series = next((above for above in reversed(blocks[:i]) if printed[above] == 1), "")
            return f"{CHAPTER_NUMERAL.sub('', series)} {text}".strip()
    return None
