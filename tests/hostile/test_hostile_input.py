"""Hostile and broken files: each gets one clear sentence, the rest of the run is unaffected,
and nothing is written outside --out."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from defusedxml import EntitiesForbidden

from extractors import ExtractionError, open_document
from extractors.ocr import ocr_available
from pipeline.executors import ProcessExecutor
from pipeline.guard import Limits, precheck
from pipeline.ingest import ingest

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
}
# Readable despite their looks: an owner password only restricts printing and copying, it
# does not hide the text; an .xlsm is read as the workbook it is, its VBA project ignored.
READABLE = [
    "encrypted without password.pdf",
    "macros.xlsm",
    "令和5年度 評価 結果（最終版）.pdf",
    "e\u0301te\u0301 \u202egnp.xlsx",
    "sasebo_dx_project_list.xlsx",
]
# Where OCR is installed, a PDF whose text is (cid:…) codes is read from its page images instead.
if ocr_available():
    READABLE.append("no unicode map.pdf")
    del EXPECTED["no unicode map.pdf"]


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
    try:
        report = ingest([hostile_corpus], out, executor=executor)
    finally:
        executor.close()
        os.chdir(previous)
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
    assert row["status"] in {"ok", "partial"}
    if row["format"] == "pdf":
        assert row["pages"] == 1
    else:
        cells = pd.read_parquet(out / "cells")
        assert row["sheets"] >= 1 and (cells["document_id"] == row["document_id"]).sum() > 0


def test_the_run_reads_every_file_and_writes_one_row_each(hostile_run, hostile_corpus: Path) -> None:
    _, documents, report, _ = hostile_run
    assert sorted(documents.index) == sorted(p.name for p in hostile_corpus.iterdir())
    assert report["counts"]["read"] == len(documents)  # type: ignore[index]
    assert report["counts"]["failed"] == len(EXPECTED)  # type: ignore[index]


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
    precheck(hostile_corpus / "2000 pages.pdf", Limits(max_pdf_pages=2000))
    with pytest.raises(ExtractionError, match="over hyoka's limit of 1 MiB per file"):
        precheck(hostile_corpus / "bomb.xlsx", Limits(max_file_bytes=1024 * 1024))
