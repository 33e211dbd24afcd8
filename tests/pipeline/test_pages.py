"""A long PDF read by several page readers gives the same document as one reader: same cells in the
same order, tables joined across pages (also across two readers' shares), same evidence."""

from __future__ import annotations

import resource
from pathlib import Path

import pandas as pd
import pytest

from bench.synthetic import budget_book_pdf
from hyoka.pipeline import pages
from hyoka.pipeline.executors import ProcessExecutor
from hyoka.pipeline.ingest import DocumentOutcome, ingest, process
from hyoka.pipeline.pages import PAGES_PER_SHARE, cores_for, readers_for, shares

PAGES = 60
# The book's tables run over 1, 2, 3, 1, 2, 3… pages: pages 26 and 27 print one table, so shares of
# 26 pages put its two pages in different readers.
SHARE = 26


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return budget_book_pdf(tmp_path_factory.mktemp("book") / "budget_book.pdf", PAGES)


@pytest.fixture(scope="module")
def readings(book: Path) -> dict[str, object]:
    alone = process(book, "budget_book.pdf", page_jobs=1)
    before = _children_cpu()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pages, "PAGES_PER_SHARE", SHARE)
        shared = process(book, "budget_book.pdf", page_jobs=2)
    return {"alone": alone, "shared": shared, "readers_cpu": _children_cpu() - before}


def _without_time(outcome: DocumentOutcome) -> dict[str, object]:
    return {key: value for key, value in outcome.document.items() if key != "ingested_at"}


def test_the_pages_are_read_by_other_processes(readings: dict[str, object]) -> None:
    assert readers_for(PAGES, 2) == 2
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pages, "PAGES_PER_SHARE", SHARE)
        assert shares(PAGES, 2)[0] == range(SHARE)  # the boundary the join test relies on
    assert readings["readers_cpu"] > 0  # the page readers' CPU, counted when the document's worker reaped them


def test_several_readers_give_the_same_document_as_one(readings: dict[str, object]) -> None:
    alone, shared = readings["alone"], readings["shared"]
    assert isinstance(alone, DocumentOutcome) and isinstance(shared, DocumentOutcome)
    assert _without_time(shared) == _without_time(alone)
    assert shared.tables.keys() == alone.tables.keys()
    for table, frame in alone.tables.items():
        pd.testing.assert_frame_equal(shared.tables[table], frame, obj=table)
    cells = alone.tables["cells"]
    assert set(cells["page"]) == set(range(1, PAGES + 1))


def test_a_table_continued_across_two_readers_shares_is_one_table(readings: dict[str, object]) -> None:
    shared = readings["shared"]
    assert isinstance(shared, DocumentOutcome)
    cells = shared.tables["cells"]
    # The first reader's last page and the second's first page (1-based numbers).
    last_of_first, first_of_second = SHARE, SHARE + 1
    pages_of = cells.groupby("table_id")["page"].agg(set)
    assert any({last_of_first, first_of_second} <= pages for pages in pages_of), (
        "the book prints no table over the shares' boundary: the test would not see a join across readers"
    )


def test_shares_cover_every_page_once_in_order() -> None:
    for count, readers in ((50, 2), (600, 2), (601, 3), (30, 2)):
        indices = [index for share in shares(count, readers) for index in share]
        assert indices == list(range(count))
    assert readers_for(PAGES_PER_SHARE, 4) == 1  # a short PDF is read where it is


def test_a_run_with_a_job_to_spare_reads_the_pages_in_its_document_worker_s_readers(
    book: Path, readings: dict[str, object], tmp_path: Path
) -> None:
    report = ingest([book], tmp_path / "out", executor=ProcessExecutor(2))
    [document] = report["documents"]
    alone = readings["alone"]
    assert isinstance(alone, DocumentOutcome)
    assert document["status"] == alone.document["status"] and document["error"] == alone.document["error"]
    cells = pd.read_parquet(tmp_path / "out" / "cells")
    assert len(cells) == len(alone.tables["cells"])
    assert cells["table_id"].nunique() == alone.tables["cells"]["table_id"].nunique()


def test_a_document_gets_more_than_one_core_only_when_it_outweighs_a_core_s_share_of_the_run() -> None:
    assert cores_for(700, 700, 2) == 2  # alone in the run: every core
    assert cores_for(350, 700, 2) == 1 and cores_for(350, 700, 4) == 2  # two equal documents
    assert cores_for(900, 1000, 2) == 2 and cores_for(50, 1000, 2) == 1  # a long book beside short reports
    assert cores_for(692, 2361, 2) == 1  # the longest sample beside the five others: they balance it
    assert cores_for(700, 700, 1) == 1
    assert cores_for(0, 0, 2) == 1  # nothing to weigh (empty files)
