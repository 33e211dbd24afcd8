"""Hostile and broken files: each gets one clear sentence, the rest of the run is unaffected,
and nothing is written outside --out."""

from __future__ import annotations

import os
import time
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from defusedxml import EntitiesForbidden
from pdfminer import pdftypes
from typer.testing import CliRunner

from hyoka.extractors import ExtractionError, open_document
from hyoka.extractors.pdf_limits import MAX_INFLATED_STREAM_BYTES, StreamTooLarge
from hyoka.extractors.second_opinion import MAX_RENDER_PIXELS, render_dpi
from hyoka.pipeline.cli import app
from hyoka.pipeline.executors import ProcessExecutor
from hyoka.pipeline.guard import Limits, precheck
from hyoka.pipeline.ingest import ingest, read_stage
from hyoka.pipeline.sandbox import GIB, Budget
from tests.hostile.conftest import GOOD_SAMPLES, WORKBOOK_EDGES

# Per document, in the mixed run: generous beside the good reports' few seconds, short enough for a test.
BUDGET = Budget(seconds=30, memory_bytes=GIB + GIB // 2)
# file name -> (status, words the sentence must contain)
EXPECTED = {
    "empty.pdf": ("failed", ["empty"]),
    "random bytes.pdf": ("failed", ["neither a PDF nor"]),
    "truncated.pdf": ("failed", ["could not be read as a PDF", "damaged"]),
    "encrypted with password.pdf": ("failed", ["password-protected"]),
    "scan.pdf": ("failed", ["no text layer", "OCR"]),
    "no unicode map.pdf": ("failed", ["without a Unicode map", "(cid:…)"]),
    "legacy.xls": ("failed", ["legacy Office file", "save it as .xlsx"]),
    "bomb.xlsx": ("failed", ["320 MiB", "limit of 256 MiB", "not opened"]),
    "entities.xlsx": ("failed", ["declares a DTD", "not opened"]),
    "2000 pages.pdf": ("failed", ["2,000 pages", "limit of 1,000 pages"]),
    "pages loop.pdf": ("failed", ["refers back to itself in a loop"]),
    "resources loop.pdf": ("failed", ["refers back to itself in a loop"]),
    "contents loop.pdf": ("failed", ["refers back to itself in a loop"]),
    "count says one.pdf": ("failed", ["has 1,200 pages", "limit of 1,000 pages"]),
    "huge page.pdf": ("failed", ["14,400 x 14,400 pt", "limit of 5,000 pt per side"]),
    "lattice.pdf": ("failed", ["grid of 799 x 799 slots", "limit of 250,000 slots"]),
    "vector picture.pdf": ("failed", ["60,000 rules, boxes and curves on page 1", "limit of 50,000"]),
    "inflates.pdf": ("failed", ["inflates past hyoka's limit of 64 MiB"]),
}
# Readable despite their looks: an owner password only restricts printing and copying, it
# does not hide the text; an .xlsm is read as the workbook it is, its VBA project ignored.
READABLE = [
    "encrypted without password.pdf",
    "macros.xlsm",
    "令和5年度 評価 結果（最終版）.pdf",
    "e\u0301te\u0301 \u202egnp.xlsx",
    *(good.name for good in GOOD_SAMPLES),
    # pdfminer stops a form that draws itself; a /Count that lies is not what pages are counted by.
    "form draws itself.pdf",
    "count says a billion.pdf",
]


def _tree(root: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns) for p in root.rglob("*")}


@pytest.fixture(scope="module")
def hostile_run(
    hostile_corpus: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, pd.DataFrame, dict[str, object], dict[str, dict[str, tuple[int, int]]]]:
    workspace = tmp_path_factory.mktemp("workspace")
    cwd, out = workspace / "cwd", workspace / "out"
    cwd.mkdir()
    before = {"corpus": _tree(hostile_corpus.parent), "workspace": _tree(workspace)}
    previous = Path.cwd()
    os.chdir(cwd)  # a relative path in any library would land here
    executor = ProcessExecutor(2)
    started = time.monotonic()
    try:
        # OCR off: these files test the refusals (OCR of a scan is tests/ocr's), and OCR would not fit BUDGET.
        report = ingest([hostile_corpus], out, executor=executor, budget=BUDGET, limits=Limits(ocr="off"))
    finally:
        executor.close()
        os.chdir(previous)
    report["elapsed"] = time.monotonic() - started
    after = {"corpus": _tree(hostile_corpus.parent), "workspace": _tree(workspace)}
    documents = pd.read_parquet(out / "documents")
    documents["name"] = documents["source_file"].map(lambda source: Path(source).name)
    return out, documents.set_index("name"), report, {"before": before, "after": after}  # type: ignore[dict-item]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_hostile_file_fails_with_one_sentence_that_says_why(hostile_run, name: str) -> None:
    _, documents, _, _ = hostile_run
    status, words = EXPECTED[name]
    row = documents.loc[name]
    assert row["status"] == status
    for word in words:
        assert word in row["error"]
    assert "\n" not in row["error"] and row["error"].endswith(".")
    assert row["error"].startswith(name), "the sentence names the file"


@pytest.mark.parametrize("name", READABLE)
def test_files_that_only_look_hostile_are_read(hostile_run, name: str) -> None:
    out, documents, _, _ = hostile_run
    row = documents.loc[name]
    assert row["status"] in {"ok", "partial"}, row["error"]
    if row["format"] == "pdf":
        assert row["pages"] == (1 if name not in {good.name for good in GOOD_SAMPLES} else row["pages"])
    else:
        cells = pd.read_parquet(out / "cells")
        assert row["sheets"] >= 1 and (cells["document_id"] == row["document_id"]).sum() > 0


def test_the_run_reads_every_file_and_writes_one_row_each_in_bounded_time(hostile_run, hostile_corpus: Path) -> None:
    _, documents, report, _ = hostile_run
    assert sorted(documents.index) == sorted(p.name for p in hostile_corpus.iterdir())
    assert report["counts"]["read"] == len(documents)  # type: ignore[index]
    failed = set(documents.index[documents["status"] == "failed"])
    assert set(EXPECTED) <= failed <= set(EXPECTED) | set(WORKBOOK_EDGES)
    # Each worker holds at most one document for at most the budget: a bound that does not depend on the files.
    assert report["elapsed"] < len(documents) * BUDGET.seconds / 2  # type: ignore[operator]
    assert report["elapsed"] < 240  # type: ignore[operator]


@pytest.mark.parametrize("name", sorted(WORKBOOK_EDGES))
def test_each_workbook_edge_case_ends_in_one_row_read_or_refused_with_a_sentence(hostile_run, name: str) -> None:
    _, documents, _, _ = hostile_run
    row = documents.loc[name]
    if row["status"] == "failed":
        assert row["error"].startswith(name) and row["error"].endswith(".")
        assert "\n" not in row["error"] and "Traceback" not in row["error"]
    else:
        assert row["sheets"] == 1


def _without_run_stamps(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.drop(columns=["ingested_at", "source_file", "source_files"], errors="ignore")
    keys = [c for c in ("document_id", "table_id", "row", "col", "measure_key", "rule_id") if c in frame.columns]
    return frame.sort_values(keys).reset_index(drop=True)


def test_the_good_reports_read_beside_hostile_files_as_they_read_alone(
    hostile_run, good_only: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    out, documents, _, _ = hostile_run
    alone = tmp_path_factory.mktemp("alone") / "out"
    executor = ProcessExecutor(2)
    try:
        ingest([good_only], alone, executor=executor, budget=BUDGET, limits=Limits(ocr="off"))
    finally:
        executor.close()
    good_ids = set(pd.read_parquet(alone / "documents")["document_id"])
    assert len(good_ids) == len(GOOD_SAMPLES)
    assert not (documents[documents["document_id"].isin(good_ids)]["status"] == "failed").any()
    for table in ("documents", "cells", "measures", "indicator_values", "budgets", "grades", "checks"):
        if not (alone / table).exists():
            continue
        beside = pd.read_parquet(out / table)
        pd.testing.assert_frame_equal(
            _without_run_stamps(beside[beside["document_id"].isin(good_ids)]),
            _without_run_stamps(pd.read_parquet(alone / table)),
            obj=table,
        )


def test_nothing_is_written_outside_out(hostile_run) -> None:
    _, _, _, trees = hostile_run
    before, after = trees["before"], trees["after"]
    assert after["corpus"] == before["corpus"]
    outside = {path: stamp for path, stamp in after["workspace"].items() if not path.startswith("out")}
    assert outside == {"cwd": after["workspace"]["cwd"]}  # the working folder stays empty
    assert not list(Path("/tmp").glob("escaped*"))


def test_defusedxml_guards_openpyxl_even_without_the_precheck(hostile_corpus: Path) -> None:
    assert openpyxl.DEFUSEDXML is True
    with pytest.raises(ExtractionError) as caught:
        open_document(hostile_corpus / "entities.xlsx")
    chain: list[BaseException] = []
    error: BaseException | None = caught.value
    while error is not None:
        chain.append(error)
        error = error.__cause__ or error.__context__
    assert any(isinstance(e, EntitiesForbidden) for e in chain)


def test_the_zip_bomb_is_refused_from_its_directory_without_inflating(
    hostile_corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_inflating(*args: object, **kwargs: object) -> None:
        raise AssertionError("a member was opened")

    monkeypatch.setattr(zipfile.ZipFile, "open", no_inflating)
    with pytest.raises(ExtractionError, match="zip bomb"):
        precheck(hostile_corpus / "bomb.xlsx")


def test_limits_are_declared_and_adjustable(hostile_corpus: Path) -> None:
    # The page limit goes to the format layer, which counts the page tree before reading a page.
    row: dict[str, object] = {}
    assert read_stage(hostile_corpus / "hokkaido_basic_evaluation.pdf", Limits(max_pdf_pages=1), row) is None
    assert "over hyoka's limit of 1 pages per PDF" in str(row["error"])
    with pytest.raises(ExtractionError, match="over hyoka's limit of 1 MiB per file"):
        precheck(hostile_corpus / "bomb.xlsx", Limits(max_file_bytes=1024 * 1024))


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("pages loop.pdf", "refers back to itself in a loop"),
        ("bomb.xlsx", "zip bomb"),
        ("2000 pages.pdf", "2,000 pages"),
    ],
)
def test_inspect_runs_the_same_guard_in_a_budgeted_worker(hostile_corpus: Path, name: str, words: str) -> None:
    result = CliRunner().invoke(app, ["inspect", str(hostile_corpus / name), "--time-budget", "60"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"hyoka inspect: {name}") and words in result.stderr
    assert "Traceback" not in result.stderr


def test_camelot_renders_within_the_pixel_budget() -> None:
    assert render_dpi(595, 842) == 300  # A4 as camelot renders it by default
    assert render_dpi(1191, 1684) == 300  # A2: 35 M pixels at 300 dpi
    dpi = render_dpi(5000, 5000)
    assert dpi is not None and dpi < 300 and (5000 / 72 * dpi) ** 2 <= MAX_RENDER_PIXELS
    assert render_dpi(14400, 14400) is None  # under 72 dpi: not rendered at all


def test_a_stream_is_inflated_in_bounded_pieces_and_a_short_one_reads_whole() -> None:
    packed = zlib.compress(b"BT ET " * 1000)
    assert pdftypes.zlib.decompress(packed) == b"BT ET " * 1000
    with pytest.raises(StreamTooLarge):
        pdftypes.zlib.decompress(zlib.compress(bytes(MAX_INFLATED_STREAM_BYTES + 1)))
    with pytest.raises(zlib.error):
        pdftypes.zlib.decompress(packed[:-8])  # cut short: pdfminer's fallback for damaged streams takes over
