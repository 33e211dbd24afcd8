"""A run loads what its documents need: what every document needs is imported once before workers are
forked (pipeline/preload.py); the workbook reader, OCR's libraries and optional libraries pandera probes for
are not, in a run over PDFs."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# What a PDF's run never needs: openpyxl (workbooks), camelot (a second opinion some pages ask for),
# OpenCV (OCR of scanned pages), hypothesis and dask.dataframe (pandera's data synthesis and dask types).
NOT_FOR_A_PDF = ("openpyxl", "camelot", "cv2", "hypothesis", "dask.dataframe")


def _modules_after(code: str) -> set[str]:
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_the_process_workers_are_forked_from_loads_no_workbook_or_optional_library() -> None:
    loaded = _modules_after("import hyoka.pipeline.cli, hyoka.pipeline.preload")
    assert "hyoka.extractors.pdf" in loaded and "pandera" in loaded  # every document's reader and validation
    assert not loaded & set(NOT_FOR_A_PDF)


def test_a_pdf_is_read_without_the_workbook_reader_and_a_workbook_with_it() -> None:
    pdf = ROOT / "samples" / "hokkaido_basic_evaluation.pdf"
    loaded = _modules_after(f"from hyoka.extractors import open_document\nopen_document({str(pdf)!r})")
    assert "hyoka.extractors.xlsx" not in loaded and "openpyxl" not in loaded
    workbook = ROOT / "samples" / "hokkaido_basic_evaluation.xlsx"
    assert "hyoka.extractors.xlsx" in _modules_after(
        f"from hyoka.extractors import open_document\nopen_document({str(workbook)!r})"
    )


def test_a_run_with_a_workbook_loads_its_reader_before_forking_workers(tmp_path: Path) -> None:
    workbook = ROOT / "samples" / "hokkaido_basic_evaluation.xlsx"
    run = (
        "from pathlib import Path\nfrom hyoka.pipeline.executors import ProcessExecutor\n"
        "from hyoka.pipeline.ingest import ingest\n"
        f"ingest([Path({str(workbook)!r})], Path({str(tmp_path / 'out')!r}), executor=ProcessExecutor(1, True))"
    )
    assert "hyoka.extractors.xlsx" in _modules_after(run)


def _printed_by(code: str) -> list[str]:
    """What `code` prints, run in a process of its own (a freeze would outlive the test in this one)."""
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return done.stdout.split()


def test_modules_load_without_cyclic_collections_and_stay_out_of_later_ones() -> None:
    printed = _printed_by(
        "import gc\nfrom hyoka.startup import loading\nfrozen = gc.get_freeze_count()\n"
        "with loading():\n    during = gc.isenabled()\n    import hyoka.schemas\n"
        "print(during, gc.isenabled(), gc.get_freeze_count() - frozen > 10_000)"
    )
    assert printed == ["False", "True", "True"]


def test_a_collector_its_owner_turned_off_stays_off_and_nothing_is_frozen() -> None:
    printed = _printed_by(
        "import gc\nfrom hyoka.startup import loading\ngc.disable()\nfrozen = gc.get_freeze_count()\n"
        "with loading():\n    import hyoka.schemas\nprint(gc.isenabled(), gc.get_freeze_count() - frozen)"
    )
    assert printed == ["False", "0"]


def test_the_command_line_runs_its_command_with_the_collector_on() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["scripts"]["hyoka"] == "hyoka.__main__:main"
    printed = _printed_by(
        "import gc, sys\nfrom hyoka.__main__ import main\nsys.argv = ['hyoka', 'profiles']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\nprint(gc.isenabled(), gc.get_freeze_count() > 100_000)"
    )
    assert printed[-2:] == ["True", "True"]


def test_a_document_after_the_preload_builds_no_schema_empty_frame_or_empty_file_of_its_own(tmp_path: Path) -> None:
    """What validating and writing a document needs of each table is built before workers are forked: counted,
    a workbook read, validated and written after the preload adds nothing to those caches."""
    workbook = ROOT / "samples" / "hokkaido_basic_evaluation.xlsx"
    printed = _printed_by(
        "import hyoka.pipeline.preload\nfrom pathlib import Path\n"
        "from hyoka.pipeline import output\nfrom hyoka.pipeline.ingest import Task, run_task, write_outcome\n"
        "from hyoka.schemas import TABLES, series\n"
        "def built():\n"
        "    return len(series._composed), len(series._empty), output._empty_parquet.cache_info().currsize\n"
        "before = built()\n"
        f"outcome = run_task(Task({str(workbook)!r}, 'a.xlsx', '0' * 64))\n"
        f"write_outcome(Path({str(tmp_path / 'out')!r}), outcome)\n"
        "print(outcome.document['status'], before == built(), before[2] == len(TABLES))"
    )
    assert printed[-2:] == ["True", "True"]
