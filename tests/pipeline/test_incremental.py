"""Incremental runs: unchanged documents skipped, changed ones replaced, deleted ones removed."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

import hyoka.pipeline.ingest
from hyoka.pipeline.fingerprint import ANY_PROFILE
from hyoka.pipeline.guard import Limits
from hyoka.pipeline.ingest import document_id_of, file_sha256, ingest
from hyoka.pipeline.output import OutputBusy, exclusive, stage_table, write_table


def _mtimes(out: Path) -> dict[str, int]:
    return {str(p.relative_to(out)): p.stat().st_mtime_ns for p in out.glob("*/*.parquet")}


def _ids(out: Path) -> set[str]:
    return set(pd.read_parquet(out / "documents")["document_id"])


@pytest.fixture
def inbox(tmp_path: Path, make_workbook: Callable[..., Path]) -> Path:
    folder = tmp_path / "inbox"
    for seed in range(3):
        make_workbook(folder / f"report {seed}.xlsx", seed)
    return folder


def test_a_second_run_skips_every_unchanged_document_and_writes_no_table(
    inbox: Path, tmp_path: Path, frozen_code: dict[str, str], consistent: Callable[[Path], None]
) -> None:
    out = tmp_path / "out"
    first = ingest([inbox], out)
    stamps = _mtimes(out)

    second = ingest([inbox], out)

    assert first["counts"]["written"] == 3 and second["counts"]["written"] == 0  # type: ignore[index]
    assert second["counts"]["skipped"] == 3  # type: ignore[index]
    assert sorted(second["skipped"]) == sorted(str(p) for p in inbox.iterdir())  # type: ignore[arg-type]
    assert _mtimes(out) == stamps
    assert "process" in second["stage_seconds"]["run"]  # type: ignore[index]
    written = json.loads((out / "run_report.json").read_text(encoding="utf-8"))
    assert {d["action"] for d in written["documents"]} == {"skipped"}
    consistent(out)


def test_changed_files_are_replaced_and_deleted_ones_removed(
    inbox: Path, tmp_path: Path, make_workbook: Callable[..., Path], frozen_code: dict[str, str]
) -> None:
    out = tmp_path / "out"
    ingest([inbox], out)
    old_ids = _ids(out)
    changed = make_workbook(inbox / "report 0.xlsx", 10)
    (inbox / "report 1.xlsx").unlink()

    report = ingest([inbox], out)

    new_id = document_id_of(file_sha256(changed))
    kept_id = document_id_of(file_sha256(inbox / "report 2.xlsx"))
    assert _ids(out) == {new_id, kept_id}
    assert set(report["removed"]) == old_ids - {kept_id}  # type: ignore[arg-type]
    assert report["written"] == [str(changed)]
    assert set(pd.read_parquet(out / "cells")["document_id"]) == {new_id, kept_id}
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["sources"].values()) == {new_id, kept_id}
    assert manifest["retired"] == []


def test_two_identical_files_are_one_document_with_both_paths(
    inbox: Path, tmp_path: Path, frozen_code: dict[str, str]
) -> None:
    twin = inbox / "sub" / "同じ 報告.xlsx"
    twin.parent.mkdir()
    shutil.copyfile(inbox / "report 0.xlsx", twin)
    out = tmp_path / "out"

    report = ingest([inbox], out)

    documents = pd.read_parquet(out / "documents").set_index("document_id")
    twin_id = document_id_of(file_sha256(twin))
    assert len(documents) == 3 and report["counts"]["read"] == 4  # type: ignore[index]
    assert sorted(documents.loc[twin_id, "source_files"]) == sorted([str(inbox / "report 0.xlsx"), str(twin)])
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["sources"][os.path.abspath(twin)] == manifest["sources"][os.path.abspath(inbox / "report 0.xlsx")]

    twin.unlink()
    again = ingest([inbox], out)

    documents = pd.read_parquet(out / "documents").set_index("document_id")
    assert again["counts"]["written"] == 0 and again["removed"] == []  # type: ignore[index]
    assert list(documents.loc[twin_id, "source_files"]) == [str(inbox / "report 0.xlsx")]


def test_a_code_change_reprocesses_only_the_documents_it_affects(
    inbox: Path, tmp_path: Path, frozen_code: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    ingest([inbox], out)
    changed = {**frozen_code, ANY_PROFILE: "0" * 16}  # these workbooks fall to the generic profile
    monkeypatch.setattr(hyoka.pipeline.ingest, "code_fingerprints", lambda: dict(changed))

    report = ingest([inbox], out)

    assert report["counts"]["written"] == 3  # type: ignore[index]
    assert {d["reason"] for d in report["documents"]} == {"code or reading settings changed (generic)"}  # type: ignore[union-attr]
    assert set(pd.read_parquet(out / "documents")["profile_fingerprint"]) == {"0" * 16}
    unchanged = {**changed, "some_other_series": "1" * 16}
    monkeypatch.setattr(hyoka.pipeline.ingest, "code_fingerprints", lambda: dict(unchanged))
    assert ingest([inbox], out)["counts"]["written"] == 0  # type: ignore[index]


def test_a_run_with_another_pdf_reader_or_ocr_mode_reprocesses(
    inbox: Path, tmp_path: Path, frozen_code: dict[str, str]
) -> None:
    out = tmp_path / "out"
    ingest([inbox], out)

    pdfium = ingest([inbox], out, limits=Limits(pdf_reader="pdfium"))
    again = ingest([inbox], out, limits=Limits(pdf_reader="pdfium"))
    no_ocr = ingest([inbox], out, limits=Limits(pdf_reader="pdfium", ocr="off"))
    back = ingest([inbox], out)

    assert {d["reason"] for d in pdfium["documents"]} == {"code or reading settings changed (generic)"}  # type: ignore[union-attr]
    assert again["counts"]["written"] == 0 and again["counts"]["skipped"] == 3  # type: ignore[index]
    assert no_ocr["counts"]["written"] == 3 and back["counts"]["written"] == 3  # type: ignore[index]
    assert ingest([inbox], out)["counts"]["skipped"] == 3  # type: ignore[index]


def test_force_and_a_new_hyoka_version_reprocess(
    inbox: Path, tmp_path: Path, frozen_code: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    ingest([inbox], out)
    assert {d["reason"] for d in ingest([inbox], out, force=True)["documents"]} == {"forced"}  # type: ignore[union-attr]
    monkeypatch.setattr(hyoka.pipeline.ingest, "__version__", "99.0")
    assert {d["reason"] for d in ingest([inbox], out)["documents"]} == {"hyoka version changed"}  # type: ignore[union-attr]


def test_a_run_on_other_inputs_leaves_earlier_documents_alone(
    tmp_path: Path, make_workbook: Callable[..., Path], frozen_code: dict[str, str]
) -> None:
    out = tmp_path / "out"
    first = make_workbook(tmp_path / "a" / "one.xlsx", 1)
    second = make_workbook(tmp_path / "b" / "two.xlsx", 2)
    ingest([first.parent], out)

    report = ingest([second.parent], out)

    assert report["removed"] == []
    assert _ids(out) == {document_id_of(file_sha256(first)), document_id_of(file_sha256(second))}


def test_leftovers_of_a_killed_run_are_cleaned_and_do_not_block(
    inbox: Path, tmp_path: Path, frozen_code: dict[str, str]
) -> None:
    out = tmp_path / "out"
    ingest([inbox], out)
    orphan = write_table(out, "cells", "f" * 16, pd.DataFrame({"document_id": ["f" * 16]}))
    temporary = stage_table(out, "measures", "e" * 16, pd.DataFrame({"document_id": ["e" * 16]}))

    report = ingest([inbox], out)

    assert not orphan.exists() and not temporary.exists()
    assert report["abandoned_by_a_killed_run"] == ["f" * 16]


def test_a_second_run_on_the_same_output_is_refused_while_one_holds_it(tmp_path: Path, inbox: Path) -> None:
    out = tmp_path / "out"
    with exclusive(out), pytest.raises(OutputBusy, match="another hyoka run"):
        ingest([inbox], out)
