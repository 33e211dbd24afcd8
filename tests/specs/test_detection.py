"""Detection reads a document's header words once for every series: a table whose top rows cannot print
a declared table's required columns is not read, and every score is what reading every table gives."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hyoka.extractors import open_document
from hyoka.extractors.model import Document, Table
from hyoka.profiles import detect, registry
from hyoka.specs.detection import DocumentTexts
from hyoka.specs.locate import TableSpec, read_header

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
# Documents of both producers, PDF and workbook, of every series but the Yokohama review (its shortest document
# takes 2 s to open; its own tests detect it), with the series each prints, read from its title.
SERIES_OF = {
    "hokkaido_basic_evaluation.pdf": "hokkaido_basic_evaluation",
    "hokkaido_basic_evaluation.xlsx": "hokkaido_basic_evaluation",
    "sasebo_dx_project_list.pdf": "sasebo_dx_action_plan",
    "sasebo_dx_project_list.xlsx": "sasebo_dx_action_plan",
    "producer-b/hokkaido_basic_evaluation.pdf": "hokkaido_basic_evaluation",
    "producer-b/yokohama_kanmin_data_status.pdf": "yokohama_kanmin_data_status",
    "producer-b/tokorozawa_ict_action_plan.pdf": "tokorozawa_ict_action_plan",
}


@pytest.fixture(scope="module")
def documents() -> dict[str, Document]:
    return {name: open_document(SAMPLES / name) for name in SERIES_OF}


def _every_table(texts: DocumentTexts, spec: TableSpec) -> Iterator[Table]:
    return iter(texts.tables)


def test_each_document_is_detected_as_its_series(documents: dict[str, Document]) -> None:
    for name, document in documents.items():
        found = detect(document)
        assert found is not None and found.profile_id == SERIES_OF[name], name


def test_a_table_left_unread_is_one_the_declared_table_is_not_read_in(documents: dict[str, Document]) -> None:
    read = left = 0
    for document in documents.values():
        texts = DocumentTexts(document)
        for profile in registry():
            for spec in (profile.tables[weight.table] for weight in profile.spec.detection.tables):
                candidates = {id(table) for table in texts.header_candidates(spec)}
                for table in texts.tables:
                    if id(table) in candidates:
                        read += 1
                    else:
                        left += 1
                        assert read_header(table, spec) is None, (profile.profile_id, spec.name, table.table_id)
    assert left > 10 * read  # most tables print none of a declared table's header: the saving is real


def test_every_score_is_the_one_reading_every_tables_header_gives(
    documents: dict[str, Document], monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = {name: [p.score(d, DocumentTexts(d)) for p in registry()] for name, d in documents.items()}
    alone = {name: [p.score(d) for p in registry()] for name, d in documents.items()}
    monkeypatch.setattr(DocumentTexts, "header_candidates", _every_table)
    every_table = {name: [p.score(d) for p in registry()] for name, d in documents.items()}
    assert shared == alone == every_table
