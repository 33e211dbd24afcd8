"""What every series' detection reads of one document, read once per document and shared by their scores.

A series scores a document by its title, by the declared tables it finds and by words it prints. Reading
a table's header (`read_header`) tries every split of its top rows into title and header rows; done for
every table of the document, for every table every series declares, it cost more than the rest of
detection. Most tables print none of a declared table's header words, and that is cheap to see: the
header words the top rows of each table could show are gathered once per document, and only the tables
that may show every required column of a declared table have their header read. The score is the same
as reading every table's header: a table left out is one `read_header` gives no reading of.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property

from hyoka.extractors.model import Cell, Document, Table
from hyoka.specs.locate import TableSpec, header_haystack
from hyoka.specs.tables import prints_words, squash, squashed_text


class DocumentTexts:
    """A document's texts as detection matches them, squashed once."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.tables = document.tables()
        # (max title rows, max header rows) -> each table's header haystack, in document order
        self._haystacks: dict[tuple[int, int], list[str]] = {}

    @cached_property
    def cells(self) -> list[tuple[Cell, str]]:
        """Every cell of every table, in document order, with its text squashed."""
        return [(cell, squash(cell.text)) for table in self.tables for cell in table.cells]

    @cached_property
    def text(self) -> str:
        """The whole document's text, squashed (`text_contains`)."""
        return squashed_text(self.document)

    def prints(self, *words: str) -> bool:
        """Whether the document's text holds every word."""
        return prints_words(self.text, words)

    def header_candidates(self, spec: TableSpec) -> Iterator[Table]:
        """The tables, in document order, whose top rows may print a word of every required column of
        `spec`: every table of which `read_header(table, spec)` can give a reading."""
        shape = (spec.max_title_rows, spec.max_header_rows)
        if shape not in self._haystacks:
            self._haystacks[shape] = [header_haystack(table, *shape) for table in self.tables]
        required = [[squash(w) for w in column.words] for column in spec.columns if column.required]
        for table, haystack in zip(self.tables, self._haystacks[shape], strict=True):
            if all(any(w in haystack for w in words) for words in required):
                yield table
