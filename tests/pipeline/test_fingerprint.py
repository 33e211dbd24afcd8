"""The code fingerprint changes with the extraction packages' versions, not only with hyoka's code."""

from __future__ import annotations

from importlib import metadata

from hyoka.pipeline.fingerprint import ANY_PROFILE, code_fingerprints, dependency_versions


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
