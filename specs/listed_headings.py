"""Section headings naming the measures of a numbered list (`listed_headings` in a spec): a declared heading
(`(3) 行政手続のオンライン化`) is a measure's when its `number` field names a measure of the list and its
`title` field is close to the list's title (a reworded heading is still found, while `(3)計画期間` is not
taken for 施策3). Each measure no heading names is a problem; the list's title and the heading's are the same
fact printed twice; a figure its section's text states fills a column of the measure's row (関連する事業: 3事業).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from hyoka.extractors.model import Document
from hyoka.specs.headings import Accept, Heading, sections
from hyoka.specs.numbered_lists import NumberedMeasure
from hyoka.specs.output import Case
from hyoka.specs.same_fact import same_fact_case
from hyoka.specs.schema import ListedHeadings, SameFact
from hyoka.specs.tables import plain, similarity, where


def naming_a_measure(measures: dict[int, NumberedMeasure], closeness: float) -> Accept:
    """A heading is a measure's when it names one of the list by its number and a title close to the list's."""

    def accept(fields: Mapping[str, str]) -> bool:
        measure = measures.get(int(fields["number"]))
        return measure is not None and similarity(fields["title"], measure.title) >= closeness

    return accept


def measure_of(heading: Heading, measures: dict[int, NumberedMeasure]) -> NumberedMeasure:
    """The measure an accepted heading names."""
    return measures[int(heading.fields["number"])]


def section_facts(
    document: Document,
    declared: ListedHeadings,
    headings: list[Heading],
    measures: dict[int, NumberedMeasure],
    title_check: SameFact | None,
) -> tuple[list[Case], list[str]]:
    """The title cases, the figures each section states set on its measure's row, and the problems: a
    measure no heading names."""
    cases: list[Case] = []
    stated = {column: re.compile(pattern) for column, pattern in declared.stated.items()}
    for section in sections(document, headings):
        measure = measure_of(section.heading, measures)
        if title_check is not None:
            scope = declared.title_scope.format(key=measure.key)
            listed = (measure.title, where(measure.title_cell))
            heading = (section.heading.fields["title"], section.heading.where)
            cases.append(same_fact_case(title_check, scope, measure.key, listed, heading))
        for block in (item.block for item in section.items if item.block is not None):
            for column, pattern in stated.items():
                if (found := pattern.search(plain(block.text))) is not None:
                    measure.row[column] = int(found.group(1))
    named = {int(h.fields["number"]) for h in headings}
    problems = [f"No section heading was found for {m.key} ({m.title})." for n, m in measures.items() if n not in named]
    return cases, problems
