"""The code fingerprint changes with the extraction packages' versions, not only with hyoka's code."""

from __future__ import annotations

import shutil
from importlib import metadata
from pathlib import Path

from hyoka.pipeline.fingerprint import ANY_PROFILE, code_fingerprints, dependency_versions

ROOT = Path(__file__).resolve().parents[2]


def test_the_installed_extraction_packages_are_named_with_their_versions() -> None:
    lines = dependency_versions().splitlines()
    assert f"pdfplumber=={metadata.version('pdfplumber')}" in lines
    assert f"openpyxl=={metadata.version('openpyxl')}" in lines
    assert dependency_versions(["no-such-distribution-hyoka"]) == "no-such-distribution-hyoka==absent"


def test_a_new_package_version_changes_every_fingerprint() -> None:
    today = code_fingerprints(versions="pdfplumber==0.11.4\nsudachidict-core==20240409")
    upgraded = code_fingerprints(versions="pdfplumber==0.11.5\nsudachidict-core==20240409")
    assert today.keys() == upgraded.keys() and ANY_PROFILE in today
    assert all(today[name] != upgraded[name] for name in today)
    assert code_fingerprints(versions="pdfplumber==0.11.4\nsudachidict-core==20240409") == today


def test_a_series_owns_its_spec_file_and_hooks_and_a_change_there_keeps_the_others(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "profiles", root / "profiles")
    before = code_fingerprints(root, versions="v")
    hook = root / "profiles" / "yokohama_action_plan_review_reading.py"
    hook.write_text(hook.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    after = code_fingerprints(root, versions="v")
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"yokohama_action_plan_review", ANY_PROFILE}
    (root / "profiles" / "generic.py").write_text("# changed\n", encoding="utf-8")
    shared = code_fingerprints(root, versions="v")
    assert all(shared[name] != after[name] for name in after)
