"""A sheet about one measure: its label/value pairs (事務事業名 | …, 所管局 | …), its judgements
("A.順調に推移している" beside their label, or ■ among printed options), and the document's own
title and fiscal year.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import takewhile

from hyoka import normalizers as nz
from hyoka.extractors.model import Cell, Document, TextBlock
from hyoka.profiles.generic_grid import Grid, label_key, stated_unit
from hyoka.profiles.generic_vocabulary import DIRECTION_SUFFIX, JUDGEMENT_WORDS, PAIR_LABELS
from hyoka.specs.locate import header_years, row_slots
from hyoka.specs.tables import squash

_LABEL_FIELD = {label_key(word): name for name, words in PAIR_LABELS.items() for word in words}
_GLUED_LABELS = sorted(((w, n) for n, ws in PAIR_LABELS.items() for w in ws if len(w) >= 3), key=lambda p: -len(p[0]))
_LETTER_JUDGEMENT = re.compile(r"^([A-Da-d])\s*[.:、．。:]\s*(\S.*)$")
_MARKED = re.compile(r"([■□●○◆◇☑☐])\s*([^■□●○◆◇☑☐]+)")
_CHOSEN = frozenset("■●◆☑")
_TITLE_WORDS = ("評価", "シート", "調書", "状況", "報告", "点検", "検証")
# A year in brackets: a heading (（令和５年度）) or the year of a label (事業名（令和6年度）).
YEAR_HEADING = re.compile(r"[(（]((令和|平成)\s*([0-9]+|元)\s*年度)[)）]")
_BRACKETED_LABEL = re.compile(r"【([^【】]{2,12})】")
_SECTION_START = re.compile(r"[(（]\s*[1１一]\s*[)）]|^\s*[1１]\s")


@dataclass(frozen=True)
class Pair:
    field: str
    label: Cell
    value: str
    cell: Cell  # where the value is printed


@dataclass(frozen=True)
class Judgement:
    label: str  # the label printed before it (事業の有効性)
    grade: str  # the letter, or the chosen option
    wording: str  # the printed statement (順調に推移している)
    cell: Cell


def field_of(text: str) -> str | None:
    key = label_key(text)
    if key in _LABEL_FIELD:
        return _LABEL_FIELD[key]
    return "direction" if key.endswith(DIRECTION_SUFFIX) and len(key) <= 20 else None


def _value_right_of(grid: Grid, row: int, col: int) -> list[Cell]:
    """The cells printed right of a label on its row, up to the next label."""
    cells: list[Cell] = []
    seen: set[int] = set()
    for c in range(col + 1, grid.n_cols):
        cell = grid.cell(row, c)
        if cell is None or id(cell) in seen:
            continue
        seen.add(id(cell))
        if cell.text and field_of(cell.text) is not None:
            break
        cells.append(cell)
    return cells


def pairs(grid: Grid) -> Iterator[Pair]:
    """Label/value pairs: a known label and the text right of it (or glued to it: 所管局環境政策局)."""
    for row in range(grid.n_rows):
        for col in range(grid.n_cols):
            label = grid.anchor(row, col)
            if label is None or not label.text:
                continue
            name = field_of(label.text)
            if name is None:
                glued = _glued(label.text)
                if glued is not None:
                    yield Pair(glued[0], label, glued[1], label)
                continue
            right = _value_right_of(grid, row, label.col + label.col_span - 1)
            cells = [c for c in right if c.text]
            if name == "period":
                # The period may be printed over several cells (令和 | 5 | 年度～令和 | 9 | 年度).
                printed = list(takewhile(lambda c: bool(c.text), right))
                if printed:
                    yield Pair(name, label, "".join(squash(c.text) for c in printed), printed[0])
            elif (
                cells
                and not _is_figure(cells[0].text)
                and stated_unit(cells[0].text) is None
                and not _is_year(cells[0])
            ):
                value, inner = _bracketed_label(cells[0].text)
                yield Pair(_division_or_department(name, value), label, value, cells[0])
                if inner is not None:
                    yield Pair(inner[0], label, inner[1], cells[0])


def _division_or_department(name: str, value: str) -> str:
    """A 課 is a division whoever prints it (担当部署名 | 環境政策課)."""
    if name == "departments" and re.search(r"(課|係)$", squash(value)):
        return "divisions"
    return name


def _is_year(cell: Cell) -> bool:
    """A year header beside a label (事務事業名 | 令和元年度 in a list's header) is not the label's value."""
    return bool(header_years(cell.text))


def _is_figure(text: str) -> bool:
    parsed = nz.quantity(text).value
    return parsed is not None and parsed.value is not None and not re.search(r"[^\d,.\s]", squash(text))


def _bracketed_label(text: str) -> tuple[str, tuple[str, str] | None]:
    """A value with another field printed after it in the same cell under a bracketed label
    (グローバル…プロジェクト【事業実施期間】令和5年度～7年度): the value, and that field with its value."""
    match = _BRACKETED_LABEL.search(text)
    name = field_of(match.group(1)) if match else None
    if match is None or name is None or not text[: match.start()].strip():
        return text, None
    return text[: match.start()].strip(), (name, text[match.end() :].strip())


def _glued(text: str) -> tuple[str, str] | None:
    squashed = squash(text)
    for word, name in _GLUED_LABELS:
        if squashed.startswith(word) and len(squashed) > len(word) and name in ("departments", "divisions"):
            return name, squashed[len(word) :]
    return None


def judgement_of(label: str, text: str, cell: Cell) -> Judgement | None:
    """A judgement printed beside its label: a letter with its statement, or ■ among options."""
    squashed = unicodedata.normalize("NFKC", text).strip()
    match = _LETTER_JUDGEMENT.match(squashed)
    if match:
        letter = nz.grade(match.group(1)).value
        if letter is not None:
            return Judgement(label_key(label), letter.letter, nz.text(match.group(2)).value or "", cell)
    options = _MARKED.findall(squash(text))
    chosen = [option for mark, option in options if mark in _CHOSEN]
    if len(options) >= 2 and len(chosen) == 1:
        wording = nz.text(chosen[0]).value or ""
        return Judgement(label_key(label), wording, wording, cell)
    if any(word in label_key(label) for word in JUDGEMENT_WORDS):
        letter = nz.grade(squashed).value if len(squashed) <= 3 else None
        if letter is not None:
            return Judgement(label_key(label), letter.letter, "", cell)
    return None


def judgements(grid: Grid) -> Iterator[Judgement]:
    """Every judgement of the grid: the value right of a label states one."""
    for row in range(grid.n_rows):
        for col in range(grid.n_cols):
            label = grid.anchor(row, col)
            if label is None or not label.text or _NUMERAL.match(label.text):
                continue
            right = next((c for c in _value_right_of(grid, row, label.col + label.col_span - 1) if c.text), None)
            if right is None or right is label:
                continue
            found = judgement_of(label.text, right.text, right)
            if found is not None and field_of(label.text) is None:
                yield found


_NUMERAL = re.compile(r"^[\d,.\s△▲-]*$")
_MARK_ONLY = frozenset("○〇◯●■✓✔☑レ")


def selections(grid: Grid) -> Iterator[Judgement]:
    """Options chosen by a mark in the box before them (○ | 11 住み続けられるまちづくりを): a row
    ending in alternating boxes and options, after the labels that name the list (carried down
    from the row above when a row prints none)."""
    labels: list[str] = []
    for row in range(grid.n_rows):
        cells = row_slots(grid, row)  # an empty slot (None) is a box left blank
        if cells and _is_box(cells[-1]):
            cells.pop()  # a box after the last option has no option of its own
        pairs: list[tuple[str, Cell]] = []
        while len(cells) >= 2 and _is_option(cells[-1]) and _is_box(cells[-2]):
            option, box = cells.pop(), cells.pop()
            pairs.append((squash(box.text) if box is not None else "", option))  # type: ignore[arg-type]
        own = [c.text for c in cells if c is not None and c.text]
        if len(pairs) < 2:
            labels = own or labels
            continue
        labels = own or labels
        for box, option in reversed(pairs):
            if box and labels:
                wording = nz.text(option.text).value or ""
                yield Judgement(label_key(labels[0]), wording, wording, option)


def _is_box(cell: Cell | None) -> bool:
    return cell is None or not cell.text or squash(cell.text) in _MARK_ONLY


def _is_option(cell: Cell | None) -> bool:
    return cell is not None and bool(cell.text) and squash(cell.text) not in _MARK_ONLY


def title_and_year(document: Document) -> tuple[str | None, int | None, TextBlock | Cell | None]:
    """The document's title as it prints it (a heading naming an evaluation), and the fiscal year in it."""
    candidates: list[TextBlock | Cell] = [b for b in document.text_blocks() if b.page == 1]
    for sheet in document.sheets:
        candidates += [c for t in sheet.tables[:1] for c in t.cells[:20]]
    for candidate in candidates:
        text = nz.text(candidate.text).value or ""
        if not 6 <= len(text) <= 160 or not any(word in text for word in _TITLE_WORDS):
            continue
        # A section caption printed on the title's line is not part of it: ...シート（１）事務事業名…
        cut = _SECTION_START.search(text[1:])
        title = (text[: cut.start() + 1] if cut else text).strip()
        return title, _reported_year(document, title), candidate
    return None, None, None


def _reported_year(document: Document, title: str) -> int | None:
    """The year the title names; when it names several (令和5年度新規…と令和7年度当初予算), the one the
    sheet's own headings name in brackets (事業名（令和6年度）, 1 事業概要（令和6年度）)."""
    named = {
        y
        for m in re.finditer(r"(令和|平成)\s*([0-9]+|元)\s*年度", unicodedata.normalize("NFKC", title))
        if isinstance(y := nz.fiscal_year(m.group(0)).value, int)
    }
    if len(named) <= 1:
        return year_in(title)
    headings: Counter[int] = Counter()
    for table in document.tables():
        for cell in table.cells:
            for m in YEAR_HEADING.finditer(unicodedata.normalize("NFKC", cell.text)):
                year = nz.fiscal_year(m.group(1)).value
                if isinstance(year, int):
                    headings[year] += 1
    return headings.most_common(1)[0][0] if headings else year_in(title)


def year_in(title: str) -> int | None:
    """The first fiscal year a text names with its era (令和6年度, R6)."""
    for match in re.finditer(r"(令和|平成|R|H)\s*([0-9]+|元)\s*年度?", unicodedata.normalize("NFKC", title)):
        year = nz.fiscal_year(match.group(0)).value
        if isinstance(year, int):
            return year
    return None
