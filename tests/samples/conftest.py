"""What the sample tests share: building an edition once per test module, and a PDF's page texts."""

import importlib
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pytest

from samples.build.__main__ import BUILDERS
from samples.build.common import TRUTH_DIR, Variant


@pytest.fixture(scope="module")
def edition(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Callable[[int], Path]:
    """edition(n): the folder where edition n (0 = canonical) of the test module's report was built, with its truth.

    The report is named by the module: tests/samples/test_<report>.py. Each edition is built
    once per module: LibreOffice builds take seconds.
    """
    report = Path(request.module.__file__).stem.removeprefix("test_")
    builder = importlib.import_module(BUILDERS[report])
    built: dict[int, Path] = {}

    def build(number: int) -> Path:
        if number not in built:
            out = tmp_path_factory.mktemp(f"edition{number}")
            builder.build(out_dir=out, truth_dir=TRUTH_DIR, variant=Variant(number), truth_out=out / "truth")
            built[number] = out
        return built[number]

    return build


def page_texts(path: Path) -> list[str]:
    """The text pdfplumber reads on each page."""
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


@pytest.fixture(scope="session")
def pdf_page_texts() -> Callable[[Path], list[str]]:
    return page_texts
