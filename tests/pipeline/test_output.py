import os
from pathlib import Path

import pandas as pd
import pytest

from hyoka.pipeline.output import remove_document, write_table
from hyoka.schemas.files import atomic_write_bytes


def test_write_table_replaces_one_documents_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    write_table(tmp_path, "example", "aaaa", pd.DataFrame({"x": [1, 2]}))
    write_table(tmp_path, "example", "bbbb", pd.DataFrame({"x": [3]}))
    write_table(tmp_path, "example", "aaaa", pd.DataFrame({"x": [9]}))

    table = pd.read_parquet(tmp_path / "example")

    assert sorted(table["x"].tolist()) == [3, 9]
    assert sorted(p.name for p in (tmp_path / "example").iterdir()) == ["aaaa.parquet", "bbbb.parquet"]


def test_a_failed_write_keeps_the_previous_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "run_report.json"
    atomic_write_bytes(target, b"old")

    def disk_full(fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("hyoka.schemas.files.os.fsync", disk_full)
    with pytest.raises(OSError):
        atomic_write_bytes(target, b"new")

    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["run_report.json"]


def test_remove_document_removes_it_from_every_table(tmp_path: Path) -> None:
    for table in ("example", "other"):
        write_table(tmp_path, table, "aaaa", pd.DataFrame({"x": [1]}))
        write_table(tmp_path, table, "bbbb", pd.DataFrame({"x": [2]}))

    remove_document(tmp_path, "aaaa")

    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.parquet")) == [
        "example/bbbb.parquet",
        "other/bbbb.parquet",
    ]


def test_written_files_are_readable_by_others_like_any_new_file(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        atomic_write_bytes(tmp_path / "report.html", b"<html>")
        write_table(tmp_path, "example", "aaaa", pd.DataFrame({"x": [1]}))
    finally:
        os.umask(umask)
    assert (tmp_path / "report.html").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "example" / "aaaa.parquet").stat().st_mode & 0o777 == 0o644
