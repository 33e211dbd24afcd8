"""`hyoka ingest` exit codes, output modes and usage errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hyoka.pipeline.cli import app
from tests.support import workers


@pytest.fixture
def inbox(tmp_path: Path, make_workbook: Callable[..., Path]) -> Path:
    make_workbook(tmp_path / "inbox" / "a.xlsx", 1)
    make_workbook(tmp_path / "inbox" / "b.xlsx", 2)
    return tmp_path / "inbox"


def test_exit_1_lists_the_documents_that_are_not_ok_on_stderr(inbox: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["ingest", str(inbox), "--out", str(tmp_path / "out"), "--jobs", "1"])
    assert result.exit_code == 1
    assert f"partial: {inbox / 'a.xlsx'}: no report profile recognises this series" in result.stderr
    assert "2 documents (2 written, 0 unchanged, 0 removed)" in result.stdout


def test_exit_0_when_every_document_is_ok_and_json_for_scripts(
    tmp_path: Path, make_workbook: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    workers.install(monkeypatch)
    inbox = tmp_path / "ok inbox"
    make_workbook(inbox / "a counts-as-ok.xlsx", 1)
    make_workbook(inbox / "b counts-as-ok.xlsx", 2)
    result = CliRunner().invoke(app, ["ingest", str(inbox), "--out", str(tmp_path / "out"), "-j", "1", "--json"])
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["counts"]["ok"] == 2 and result.stderr == ""


def test_quiet_prints_nothing_but_errors(inbox: Path, tmp_path: Path) -> None:
    (inbox / "empty.pdf").write_bytes(b"")
    result = CliRunner().invoke(app, ["ingest", str(inbox), "--out", str(tmp_path / "out"), "-j", "1", "--quiet"])
    assert result.exit_code == 1 and result.stdout == ""
    assert f"failed: {inbox / 'empty.pdf'}: empty.pdf is empty." in result.stderr


def test_plain_lines_when_not_a_terminal(inbox: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["ingest", str(inbox), "--out", str(tmp_path / "out"), "-j", "1"])
    assert f"partial   {inbox / 'a.xlsx'}" in result.stderr
    again = CliRunner().invoke(app, ["ingest", str(inbox), "--out", str(tmp_path / "out"), "-j", "1"])
    assert f"unchanged {inbox / 'a.xlsx'}" in again.stderr


@pytest.mark.parametrize(
    "arguments",
    [
        ["ingest", "/no/such/folder", "--out", "x"],
        ["ingest", ".", "--scheduler", "tcp://127.0.0.1:1"],
        ["ingest", ".", "--jobs", "0"],
        ["ingest", ".", "--executor", "threads"],
    ],
)
def test_usage_errors_exit_2(arguments: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(app, arguments).exit_code == 2


def test_an_out_that_is_a_file_is_a_usage_error(inbox: Path, tmp_path: Path) -> None:
    (tmp_path / "out").write_text("")
    assert CliRunner().invoke(app, ["ingest", str(inbox), "--out", str(tmp_path / "out")]).exit_code == 2
