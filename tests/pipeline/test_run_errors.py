"""Nothing found in a folder or met while writing ends a run with a traceback: odd names are
ingested and shown, what is not a document gets a skip line, a document whose rows cannot be
written fails alone, and errors of the run itself (full disk, unwritable output, a report
target that is not an output folder) are one sentence and a documented exit code."""

from __future__ import annotations

import errno
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from rich.console import Console
from typer.testing import CliRunner

import hyoka.pipeline.ingest
import hyoka.pipeline.output
from hyoka.pipeline.cli import app
from hyoka.pipeline.progress import reporter
from tests.support import workers

ROOT = Path(__file__).resolve().parents[2]
# 平成5年 評価 in Shift-JIS, as an older Japanese file server writes names: not UTF-8.
SHIFT_JIS_NAME = "平成5年 評価".encode("cp932") + b".xlsx"


def _ingest(*arguments: str) -> object:
    return CliRunner().invoke(app, ["ingest", *arguments, "-j", "1"])


def test_a_name_that_is_not_utf8_is_ingested_stored_as_escapes_and_skipped_next_time(
    tmp_path: Path, make_workbook: Callable[..., Path]
) -> None:
    inbox = tmp_path / "inbox"
    make_workbook(inbox / "plain.xlsx", 1)
    data = make_workbook(tmp_path / "staging.xlsx", 2).read_bytes()
    with open(os.path.join(os.fsencode(inbox), SHIFT_JIS_NAME), "wb") as handle:
        handle.write(data)
    first = _ingest(str(inbox), "--out", str(tmp_path / "out"))
    assert first.exit_code == 1, first.stderr  # the generic profile leaves these `partial`
    documents = pd.read_parquet(tmp_path / "out" / "documents").set_index("source_file")
    shown = str(inbox / SHIFT_JIS_NAME.decode("utf-8", "backslashreplace"))
    assert shown.endswith("\\x95\\xbd\\x90\\xac5\\x94N \\x95]\\x89\\xbf.xlsx")
    assert documents.loc[shown, "status"] == "partial"
    assert f"partial   {shown}" in first.stderr and "Traceback" not in first.stderr
    again = _ingest(str(inbox), "--out", str(tmp_path / "out"))
    report = json.loads((tmp_path / "out" / "run_report.json").read_text(encoding="utf-8"))
    assert report["counts"]["skipped"] == 2, again.stderr  # the manifest reads the name back


def test_a_name_with_markup_is_shown_as_it_is_on_a_terminal() -> None:
    screen = io.StringIO()
    with reporter(console=Console(file=screen, force_terminal=True, width=200)) as draw:
        assert draw is not None
        for name in ("[/] budget.pdf", "report [draft].xlsx"):
            draw({"action": "written", "status": "ok", "source_file": f"inbox/{name}", "pages": 1})
    assert "inbox/[/] budget.pdf" in screen.getvalue() and "inbox/report [draft].xlsx" in screen.getvalue()


def test_fifos_devices_folder_loops_and_unreadable_files_get_a_skip_line(
    tmp_path: Path, make_workbook: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = tmp_path / "inbox"
    make_workbook(inbox / "good.xlsx", 1)
    make_workbook(inbox / "locked.xlsx", 2)
    os.mkfifo(inbox / "pipe.pdf")
    (inbox / "null.xlsx").symlink_to("/dev/null")
    (inbox / "sub").mkdir()
    (inbox / "sub" / "up").symlink_to("..")
    real_sha256 = hyoka.pipeline.ingest.file_sha256

    def permission_denied_for_locked(path: Path) -> str:  # tests run as root, who may read anything
        if path.name == "locked.xlsx":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_sha256(path)

    monkeypatch.setattr(hyoka.pipeline.ingest, "file_sha256", permission_denied_for_locked)
    result = _ingest(str(inbox), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert f"passed over: {inbox / 'pipe.pdf'}: a FIFO, not a document file" in result.stderr
    assert f"passed over: {inbox / 'null.xlsx'}: a device, not a document file" in result.stderr
    assert f"passed over: {inbox / 'sub' / 'up'}: a folder link that loops back" in result.stderr
    assert f"passed over: {inbox / 'locked.xlsx'}: cannot be read (Permission denied)" in result.stderr
    documents = pd.read_parquet(tmp_path / "out" / "documents")
    assert list(documents["source_file"]) == [str(inbox / "good.xlsx")]


def test_a_full_disk_is_one_sentence_and_exit_3_and_earlier_output_stays(
    tmp_path: Path, make_workbook: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = tmp_path / "inbox"
    make_workbook(inbox / "a.xlsx", 1)
    assert _ingest(str(inbox), "--out", str(tmp_path / "out")).exit_code == 1
    before = pd.read_parquet(tmp_path / "out" / "cells")
    make_workbook(inbox / "b.xlsx", 2)

    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(hyoka.pipeline.output.pq, "write_table", disk_full)
    result = _ingest(str(inbox), "--out", str(tmp_path / "out"))
    assert result.exit_code == 3
    last = result.stderr.splitlines()[-1]  # after the progress lines of the documents before it
    assert last.startswith(f"hyoka ingest: the disk holding {tmp_path / 'out'} is full")
    assert "Traceback" not in result.stderr
    monkeypatch.undo()
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "out" / "cells"), before)


def test_an_output_folder_that_may_not_be_written_is_one_sentence_and_exit_3(
    tmp_path: Path, make_workbook: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    make_workbook(tmp_path / "inbox" / "a.xlsx", 1)
    out = tmp_path / "out"

    def read_only(out_dir: Path) -> list[str]:  # as root every folder is writable: the kernel's answer, simulated
        raise PermissionError(errno.EACCES, "Permission denied", str(out_dir / "documents"))

    monkeypatch.setattr(hyoka.pipeline.ingest, "recover", read_only)
    result = _ingest(str(tmp_path / "inbox"), "--out", str(out))
    assert result.exit_code == 3
    assert result.stderr.strip() == (
        f"hyoka ingest: hyoka may not write to {out / 'documents'} (Permission denied): choose another --out, "
        "or give this user write access to it."
    )


@pytest.mark.parametrize("target", ["a file", "a folder that is not an output folder"])
def test_report_refuses_a_target_that_is_not_an_output_folder_and_writes_nothing(tmp_path: Path, target: str) -> None:
    path = tmp_path / "notes.txt" if target == "a file" else tmp_path / "photos"
    if target == "a file":
        path.write_text("notes")
    else:
        path.mkdir()
        (path / "holiday.jpg").write_bytes(b"\xff\xd8")
    before = sorted(p.name for p in tmp_path.rglob("*"))
    result = CliRunner().invoke(app, ["report", str(path)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"hyoka report: {path} is not an output folder of `hyoka ingest`")
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_a_document_whose_rows_cannot_be_written_fails_alone(
    tmp_path: Path, make_workbook: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    workers.install(monkeypatch)
    inbox = tmp_path / "inbox"
    make_workbook(inbox / "adds-undeclared-column.xlsx", 1)
    make_workbook(inbox / "fine.xlsx", 2)
    result = _ingest(str(inbox), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    documents = pd.read_parquet(tmp_path / "out" / "documents").set_index("source_file")
    bad = documents.loc[str(inbox / "adds-undeclared-column.xlsx")]
    assert bad["status"] == "failed"
    assert bad["error"].startswith("adds-undeclared-column.xlsx: hyoka could not write this document's rows")
    assert "['surprise']" in bad["error"]
    assert documents.loc[str(inbox / "fine.xlsx"), "status"] == "partial"
    cells = pd.read_parquet(tmp_path / "out" / "cells")
    assert set(cells["document_id"]) == {documents.loc[str(inbox / "fine.xlsx"), "document_id"]}


def test_an_output_file_damaged_from_outside_is_made_again_on_a_rerun(
    tmp_path: Path, make_workbook: Callable[..., Path], frozen_code: dict[str, str]
) -> None:
    inbox = tmp_path / "inbox"
    make_workbook(inbox / "a.xlsx", 1)
    make_workbook(inbox / "b.xlsx", 2)
    out = tmp_path / "out"
    _ingest(str(inbox), "--out", str(out))
    damaged = sorted((out / "cells").glob("*.parquet"))[0]
    intact = damaged.read_bytes()
    damaged.write_bytes(intact[: len(intact) // 2])
    _ingest(str(inbox), "--out", str(out))
    report = json.loads((out / "run_report.json").read_text(encoding="utf-8"))
    assert report["counts"]["written"] == 1 and report["counts"]["skipped"] == 1
    written = next(d for d in report["documents"] if d["action"] == "written")
    assert written["reason"] == "its output files were changed or removed outside hyoka"
    assert pd.read_parquet(damaged).equals(pd.read_parquet(io.BytesIO(intact)))


def test_library_warnings_go_to_the_run_report_not_the_console(
    tmp_path: Path, make_workbook: Callable[..., Path]
) -> None:
    make_workbook(tmp_path / "inbox" / "warns.xlsx", 1)
    hooked = "import pytest; from tests.support import workers; workers.install(pytest.MonkeyPatch()); "
    command = [sys.executable, "-c", hooked + "from hyoka.pipeline.cli import app; app()", "ingest"]
    command += [str(tmp_path / "inbox"), "--out", str(tmp_path / "out"), "-j", "1", "--quiet"]
    finished = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert finished.returncode == 1
    assert "metadata field" not in finished.stderr and "default style" not in finished.stderr
    report = json.loads((tmp_path / "out" / "run_report.json").read_text(encoding="utf-8"))
    logged = report["documents"][0]["warnings"]
    assert logged == {
        "pdfminer.pdfpage: The PDF x contains a metadata field": 1,
        "UserWarning: Workbook contains no default style, apply openpyxl's default": 1,
    }
