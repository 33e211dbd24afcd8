import os
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from hyoka.pipeline.output import empty_table_bytes, remove_document, write_table
from hyoka.schemas import TABLES
from hyoka.schemas.arrow import arrow_schema, arrow_table
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


def test_the_file_of_an_empty_table_is_byte_for_byte_what_pyarrow_writes(tmp_path: Path) -> None:
    for table in TABLES:
        written = tmp_path / f"{table}.parquet"
        pq.write_table(arrow_table(table, pd.DataFrame()), written, compression="zstd")
        assert empty_table_bytes(table) == written.read_bytes(), table


def test_an_empty_table_is_written_without_pyarrow_and_reads_with_its_declared_columns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writes: list[object] = []
    monkeypatch.setattr("hyoka.pipeline.output.pq.write_table", lambda *args, **kwargs: writes.append(args))
    write_table(tmp_path, "measures", "aaaa", pd.DataFrame())

    assert writes == []
    read = pd.read_parquet(tmp_path / "measures")
    assert read.empty and list(read.columns) == arrow_schema("measures").names
    assert [p.name for p in (tmp_path / "measures").iterdir()] == ["aaaa.parquet"]


def test_an_empty_frame_with_an_undeclared_column_is_still_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not declared"):
        write_table(tmp_path, "measures", "aaaa", pd.DataFrame({"undeclared": []}))
    assert list((tmp_path / "measures").iterdir()) == []
