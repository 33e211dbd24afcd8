"""Figures stated in sentences, the one reading of a `stated_in_text` check: `全58システムのうち A：50件、B：8件`,
`合わせると57件`, `全体の98%` after 令和3年度 or 総括; `10 施策のうち … 約 66 % にあたる 6 施策`.

A sentence is a piece of a text block's text (then, with `cells`, a table cell's): the text is split after
each 。 and before each bullet (・ ● ○ ◆ ■ … set apart by a space), so that a bullet or a cell printed without
。 is a sentence too; a check reads those holding every `sentence_words` word. Words and patterns match the
sentence squashed (NFKC, no whitespace: wraps and spacing vary by edition); what a pattern's groups print is
taken from the sentence as printed. Each match of `pattern` states a figure, or with `each`, every match of
`each` inside it does. With `context`, the figure belongs to the context the sentence names last before it
(none named: not read).

The figure is recomputed over the members of (population, context) in the categories the statement counts
(`categories`, or those `category_pattern` finds in the statement), those reaching the share it states
(`only`): their count, or their share of the categorised members (a `percent_of_count` rule); with
`inputs`, from the figures the same sentence states; with `cross_tab`, from the counts a group_counts
cross-tab prints for the context, when one is printed. A population not read makes the figure
`not_computable` with the reason.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from hyoka import normalizers as nz
from hyoka.audit.rules import Figure, FigureCase, FigureRule, Where
from hyoka.extractors.model import Cell, Document, TextBlock
from hyoka.specs.group_counts import Grouped, Printing, count_figure, cross_tab_rows
from hyoka.specs.output import Case
from hyoka.specs.schema import GroupCounts, StatedInText
from hyoka.specs.tables import plain, reading_order, squash, where


def passages(document: Document, cells: bool) -> Iterator[Cell | TextBlock]:
    """The document's text blocks in reading order, then (with `cells`) the table cells printing text."""
    yield from (item.block for item in reading_order(document) if item.block is not None)
    if cells:
        yield from (c for t in document.tables() for c in t.cells if not c.is_header and c.text.strip())


@dataclass(frozen=True)
class Sentence:
    """A sentence as printed, and squashed for matching with the index in `printed` of each character."""

    printed: str
    squashed: str
    index: tuple[int, ...]

    @classmethod
    def of(cls, printed: str) -> Sentence:
        pieces = [(char, i) for i, c in enumerate(printed) for char in _squashed_char(c)]
        return cls(printed, "".join(char for char, _ in pieces), tuple(i for _, i in pieces))

    def groups(self, found: re.Match[str]) -> tuple[str | None, ...]:
        """The match and its groups as the sentence prints them (its spacing kept)."""
        return tuple(self._printed(*found.span(g)) for g in range(len(found.groups()) + 1))

    def _printed(self, start: int, end: int) -> str | None:
        if start < 0:
            return None
        return self.printed[self.index[start] : self.index[end - 1] + 1] if end > start else ""


@lru_cache(maxsize=8192)
def _squashed_char(char: str) -> str:
    return "".join(unicodedata.normalize("NFKC", nz.unify_radicals(char)).split())


def sentences(check: StatedInText, text: str) -> Iterator[Sentence]:
    """The sentences of a printed text that hold every word the check names."""
    for sentence in _sentences_of(text):
        if sentence.squashed and all(squash(word) in sentence.squashed for word in check.sentence_words):
            yield sentence


# A sentence ends after 。 or before a bullet, a mark set apart by a space: 「・ 利用者…」, not 看護師等・タクシー.
_SENTENCE_END = re.compile(r"(?<=。)|(?=[・●○◆◇■□◎▪•]\s)|(?<=\s)(?=[・●○◆◇■□◎▪•])")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Where each sentence of a text starts and ends (after 。, before a bullet)."""
    ends = [found.start() for found in _SENTENCE_END.finditer(text)]
    return [(start, end) for start, end in zip([0, *ends], [*ends, len(text)], strict=True) if end > start]


@lru_cache(maxsize=4096)  # every stated-in-text check of a series reads the same texts
def _sentences_of(text: str) -> tuple[Sentence, ...]:
    printed = plain(text)
    return tuple(Sentence.of(printed[start:end].strip()) for start, end in sentence_spans(printed))


@dataclass(frozen=True)
class Statement:
    """One stated figure: its sentence, its context, the match stating it (printed texts: the match, then
    its groups; `values`: the same squashed, for numbers) and the categories it counts (None: every member)."""

    sentence: Sentence
    context: str
    said: tuple[str | None, ...]
    values: tuple[str | None, ...]
    categories: list[str] | None

    @classmethod
    def of(cls, sentence: Sentence, context: str, found: re.Match[str], categories: list[str] | None) -> Statement:
        return cls(sentence, context, sentence.groups(found), (found.group(), *found.groups()), categories)


def statements(check: StatedInText, text: str) -> Iterator[Statement]:
    """Each figure the text states, in a context it names when the check declares contexts."""
    for sentence in sentences(check, text):
        for found in re.finditer(check.pattern, sentence.squashed):
            context = _context(sentence.squashed[: found.start()] or sentence.squashed, check.context)
            if context is None:
                continue
            if check.each is None:
                yield Statement.of(sentence, context, found, _categories(check, sentence.squashed))
                continue
            for each in re.compile(check.each).finditer(sentence.squashed, found.start(), found.end()):
                yield Statement.of(sentence, context, each, _categories(check, each.group()))


def _context(text: str, patterns: dict[str, str]) -> str | None:
    if not patterns:
        return ""
    ends = {name: max((m.end() for m in re.finditer(p, text)), default=-1) for name, p in patterns.items()}
    found = max(ends, key=lambda name: ends[name])
    return found if ends[found] >= 0 else None


def _categories(check: StatedInText, statement: str) -> list[str] | None:
    if check.categories:
        return check.categories
    if check.category_pattern is None:
        return None
    named = (m.group(1) if m.groups() else m.group() for m in re.finditer(check.category_pattern, statement))
    return list(dict.fromkeys(named))


def stated_in_text_cases(
    check: StatedInText,
    rules: dict[str, FigureRule],
    texts: Iterable[Cell | TextBlock],
    population: Callable[[str], Grouped],
    cross_tab: tuple[GroupCounts, list[Printing]] | None = None,
) -> list[Case]:
    """One case per stated figure, over the members `population` gives for its context (`Reading.members`,
    or a population's figures by their label), a cross-tab's printed counts, or its sentence's figures."""
    rule = rules[check.rule]
    cases: list[Case] = []
    seen: Counter[tuple[str, str]] = Counter()
    for source in texts:
        for statement in statements(check, source.text):
            said, figure = statement.said, statement.values[check.group]
            if figure is None:
                continue
            category = "".join(statement.categories or [])
            seen[(statement.context, category)] += 1
            fields = {"context": statement.context, "category": category, "n": seen[(statement.context, category)]}
            stated_text = check.text.format(*said)
            stated = Figure(float(figure), stated_text, where(source), check.rounding)
            scope = check.scope.format(*said, sentence=statement.sentence.printed, **fields)
            key = (check.key or "{n}").format(*said, **fields)
            summed = _cross_tab_counts(cross_tab, statement)
            members = population(statement.context)
            if summed:
                assert check.cross_tab is not None
                cases.append(FigureCase(rules[check.cross_tab.rule], scope, stated, tuple(summed), key))
            elif check.inputs:
                inputs = sentence_figures(check.inputs, statement.sentence, where(source))
                cases.append(FigureCase(rule, scope, stated, tuple(inputs), key))
            elif rule.aggregate == "percent_of_count":
                inputs = share_of_categorised(members, statement.categories or [])
                cases.append(FigureCase(rule, scope, stated, inputs, key, unread=members.unread))
            else:
                counted = _counted(check, members, statement)
                cases.append(FigureCase(rule, scope, stated, counted, key, unread=members.unread))
    return cases


def _counted(check: StatedInText, population: Grouped, statement: Statement) -> tuple[Figure, ...]:
    """The figures of the members a statement counts: in its categories, reaching the share it states."""
    categories = statement.categories
    members = [m for g in population.groups.values() for m in g if categories is None or m.category in categories]
    figures = [m.figure for m in members]
    if check.only is not None:
        threshold = int(statement.values[check.only.group] or 0) * check.only.scale
        figures = [f for f in figures if f.value is not None and f.value >= threshold]
    return tuple(figures)


def sentence_figures(patterns: list[str], sentence: Sentence, place: Where) -> list[Figure]:
    """The counts a sentence states, one per pattern (its first group), as printed."""
    figures = []
    for pattern in patterns:
        found = re.search(pattern, sentence.squashed)
        if found is not None:
            printed = sentence.groups(found)
            figures.append(Figure(float(found.group(1)), printed[0], place, rounding="exact"))
    return figures


def share_of_categorised(population: Grouped, categories: list[str]) -> tuple[Figure, Figure]:
    """The inputs of a share of a population's categorised (graded) members: those in the categories, and all."""
    members = [m for group in population.groups.values() for m in group if m.category is not None]
    counted = sum(1 for m in members if m.category in categories)
    return (
        Figure(float(counted), None, population.header, "exact", f"{' or '.join(categories)} in {population.name}"),
        Figure(float(len(members)), None, population.header, "exact", f"graded in {population.name}"),
    )


def _cross_tab_counts(cross_tab: tuple[GroupCounts, list[Printing]] | None, statement: Statement) -> list[Figure]:
    """The counts the cross-tab printed for the statement's context prints in its categories (none: not printed)."""
    if cross_tab is None or statement.categories is None:
        return []
    check, printed = cross_tab
    roles = [role for role, category in check.columns.items() if category in (statement.categories or [])]
    figures = []
    for printing in printed:
        if printing.context == statement.context:
            for row in cross_tab_rows(printing.location, check.label, roles):
                figures += [count_figure(row.counts[role]) for role in roles if role in row.counts]
    return figures
