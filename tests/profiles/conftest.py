"""Fixtures shared by the profile tests."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _build(report: str, variant: int, out: Path) -> Path:
    """Edition `variant` of `report` (its documents and their truth) built into `out` by the sample builder."""
    command = [sys.executable, "-m", "samples.build", "--only", report, "--variant", str(variant), "--out", str(out)]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    return out


@pytest.fixture(scope="session")
def build_edition() -> Callable[[str, int, Path], Path]:
    """Builds another edition of a report, so that a test proves nothing depends on one layout."""
    return _build
