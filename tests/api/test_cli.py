"""The analysts' commands: --version, tables, export, inspect on a workbook, and ingest's closing summary."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook
from PIL import Image
from typer.testing import CliRunner

from hyoka.commands import shown_path
from hyoka.pipeline import __version__
from hyoka.pipeline.cli import app
from tests.api.conftest import write_full_width_workbook

# The sheet as a person reads it (tests/api/conftest.py), NFKC; 合算 is merged over two rows.
GRID = [
    ["事業 名", "R4年度", "評価"],
    ["ABC", "2,042", "A"],
    ["通信基盤", "1,500", "B"],
    ["計", "3542", "合算"],  # no number format: printed without a separator
    ["備考", "なし", "合算"],
]


def _run(*arguments: str) -> object:
    return CliRunner().invoke(app, list(arguments))


def test_version() -> None:
    result = _run("--version")
    assert result.exit_code == 0 and result.stdout == f"hyoka {__version__}\n"


def test_an_input_folder_without_a_report_is_a_warning_and_exit_1_and_writes_nothing(tmp_path: Path) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    (inbox / "notes.txt").write_text("not a report")
    (inbox / ".~lock.plan.xlsx#").write_text("")
    result = _run("ingest", str(inbox), "--out", str(out))
    assert result.exit_code == 1
    assert result.stderr == (
        f"hyoka ingest: warning: no report (PDF or .xlsx) was found in {inbox}; nothing was ingested and "
        f"{out} was left as it was.\n"
    )
    assert not out.exists()


def test_tables_as_csv_files_with_an_index(inbox: Path, tmp_path: Path) -> None:
    result = _run("tables", str(inbox / "full_width.xlsx"), "--csv", str(tmp_path / "csv"))
    assert result.exit_code == 0, result.stderr
    grid = pd.read_csv(tmp_path / "csv" / "full_width-table-1.csv", header=None, dtype=str, encoding="utf-8-sig")
    assert grid.values.tolist() == GRID
    index = pd.read_csv(tmp_path / "csv" / "full_width-tables.csv", encoding="utf-8-sig")
    assert index.to_dict("records") == [
        {"name": "table-1", "table_id": "一覧!A1:C5", "where": "一覧!A1:C5", "rows": 5, "cols": 3}
    ]
    assert str(tmp_path / "csv" / "full_width-table-1.csv") in result.stdout


def test_tables_as_a_workbook_and_as_json(inbox: Path, tmp_path: Path) -> None:
    source = str(inbox / "full_width.xlsx")
    assert _run("tables", source, "--xlsx", str(tmp_path / "t.xlsx"), "--json", str(tmp_path / "t.json")).exit_code == 0
    sheets = pd.read_excel(tmp_path / "t.xlsx", sheet_name=None, header=None, dtype=str)
    assert list(sheets) == ["tables", "table-1"]
    assert sheets["table-1"].values.tolist() == GRID
    payload = json.loads((tmp_path / "t.json").read_text())
    assert [t["cells"] for t in payload["tables"]] == [GRID]


def test_tables_without_a_destination_or_on_a_non_report_is_a_usage_error(inbox: Path, tmp_path: Path) -> None:
    result = _run("tables", str(inbox / "full_width.xlsx"))
    assert result.exit_code == 2 and "--csv DIR, --xlsx FILE or --json FILE" in result.stderr
    text = tmp_path / "notes.pdf"
    text.write_text("not a pdf")
    result = _run("tables", str(text), "--csv", str(tmp_path / "csv"))
    assert result.exit_code == 2
    assert result.stderr == "hyoka tables: notes.pdf is neither a PDF nor an .xlsx workbook.\n"


def test_export_writes_one_workbook_of_an_output_folder(clean_run: Path, tmp_path: Path) -> None:
    result = _run("export", str(clean_run), "--xlsx", str(tmp_path / "analysis.xlsx"))
    assert result.exit_code == 0, result.stderr
    documents = pd.read_excel(tmp_path / "analysis.xlsx", sheet_name="documents")
    assert documents["source_file"].str.endswith("full_width.xlsx").tolist() == [True]


def test_export_refuses_a_folder_that_is_not_an_output_folder(tmp_path: Path) -> None:
    result = _run("export", str(tmp_path), "--xlsx", str(tmp_path / "analysis.xlsx"))
    assert result.exit_code == 2
    assert "is not an output folder of hyoka ingest" in result.stderr
    assert not (tmp_path / "analysis.xlsx").exists()


def test_inspect_draws_a_workbooks_sheet_grid(inbox: Path, tmp_path: Path) -> None:
    target = tmp_path / "grid.png"
    result = _run("inspect", str(inbox / "full_width.xlsx"), "--out", str(target))
    assert result.exit_code == 0, result.stderr
    assert f"drew {target}" in result.stdout
    with Image.open(target) as image:
        width, height = image.size
        # Five rows of boxes under the table's caption; header cells tinted green, the merged cell orange.
        assert height > 5 * 20 and width > 3 * 28
        colours = {image.convert("RGB").getpixel((x, y)) for x in range(0, width, 3) for y in range(0, height, 3)}
    assert len(colours) > 3


def test_inspect_says_why_a_workbook_cannot_be_drawn(tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active.title = "白紙"
    workbook.save(tmp_path / "blank.xlsx")
    result = _run("inspect", str(tmp_path / "blank.xlsx"), "--out", str(tmp_path / "blank.png"))
    assert result.exit_code == 2
    assert "hyoka inspect: no sheet (白紙) has a table the format layer recognises; nothing to draw." in result.stderr
    assert not (tmp_path / "blank.png").exists()


def test_ingest_ends_with_what_it_covered_and_where_the_report_is(tmp_path: Path) -> None:
    write_full_width_workbook(tmp_path / "inbox" / "producer-a" / "a.xlsx")
    out = tmp_path / "out"
    result = _run("ingest", str(tmp_path / "inbox"), "--out", str(out), "-j", "1")
    lines = result.stdout.splitlines()
    header = next(line for line in lines if "document" in line and "quarantined" in line)
    assert header.split() == [
        "document",
        "series",
        "status",
        "rows",
        "quarantined",
        "checks",
        "not",
        "computable",
        "flagged",
    ]
    # The path below the input folder: two producers' copies of one report differ only by their folder.
    row = next(line for line in lines if line.lstrip().startswith("producer-a/a.xlsx"))
    written = sum(len(pd.read_parquet(out / t)) for t in ("measures", "indicator_values", "budgets"))
    audit = pd.concat([pd.read_parquet(out / "grades"), pd.read_parquet(out / "checks")])
    # The generic profile reads the 評価 column as stated grades no rule grades: each is not computable.
    assert (audit["status"] == "not_computable").all()
    checks = str(len(audit))
    numbers = [f"{written:,}", "0", checks, checks, "0"]
    assert row.split() == ["producer-a/a.xlsx", "generic", "partial,", "not", "audited", *numbers]
    assert "findings: none" in lines
    assert f"report: {out / 'mismatch_report.html'}" in lines


def test_the_closing_table_names_a_document_by_its_path_below_the_input(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    assert shown_path(str(inbox / "a" / "report.pdf"), [inbox]) == "a/report.pdf"
    assert shown_path(str(inbox / "b" / "report.pdf"), [inbox]) == "b/report.pdf"
    given = str(tmp_path / "elsewhere" / "report.pdf")  # a file given by itself, or from an earlier run
    assert shown_path(given, [inbox]) == given


def test_ingest_lists_the_inputs_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI's listing (which sizes the progress bar) is the one the run reads: no second walk."""
    import hyoka.pipeline.ingest

    def second_walk(paths: list[Path]) -> None:
        raise AssertionError(f"the inputs were walked again: {paths}")

    write_full_width_workbook(tmp_path / "inbox" / "a.xlsx")
    monkeypatch.setattr(hyoka.pipeline.ingest, "discover", second_walk)
    result = _run("ingest", str(tmp_path / "inbox"), "--out", str(tmp_path / "out"), "-j", "1", "--json")
    assert json.loads(result.stdout)["counts"]["read"] == 1


def test_the_readme_commands_use_the_cli_as_it_is() -> None:
    """Every `hyoka …` line of the README's shell examples names a command and options the CLI has."""
    import shlex

    import typer.main

    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", readme, re.S)
    lines = [line.split("#")[0].split() for block in blocks for line in block.splitlines() if line.startswith("hyoka ")]
    assert {line[1] for line in lines} >= {"tables", "export"}
    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    for line in lines:
        command = commands[line[1]]
        options = {option for param in command.params for option in getattr(param, "opts", [])}
        used = [word for word in shlex.split(" ".join(line[2:])) if word.startswith("--")]
        assert set(used) <= options, line
