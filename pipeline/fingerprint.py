"""Fingerprints of the code that produced a document's rows, so a re-run redoes what a change affects.

A profile's fingerprint hashes its own module (or package) and the shared layers every
profile runs on: the format layer, the normalisers, the audit, the schemas, the
profiles package's shared modules and the pipeline's processing steps. A document the
generic profile took, or one that failed, may be claimed by any profile after a change,
so its fingerprint covers every profile. The versions of the packages that change what is
extracted are part of every fingerprint: a new pdfplumber or dictionary re-extracts.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from importlib import metadata
from pathlib import Path

from hyoka import profiles

ROOT = Path(__file__).resolve().parents[1]
_SHARED_FOLDERS = ("extractors", "normalizers", "audit", "schemas", "specs")
# The pipeline modules whose change alters rows; the CLI, discovery and writing do not.
_SHARED_PIPELINE = ("ingest.py", "cells.py", "guard.py")
_SOURCE_SUFFIXES = frozenset({".py", ".csv", ".json", ".txt", ".tsv", ".yaml", ".yml"})
ANY_PROFILE = "*"
# Distributions whose version changes the rows hyoka writes for the same bytes.
EXTRACTION_PACKAGES = (
    "pdfplumber",
    "pdfminer.six",
    "camelot-py",
    "openpyxl",
    "sudachipy",
    "sudachidict-core",
    "pandera",
)


def dependency_versions(packages: Iterable[str] = EXTRACTION_PACKAGES) -> str:
    """`name==version` of each extraction package, one per line (`name==absent` when not installed)."""
    lines = []
    for name in packages:
        try:
            lines.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            lines.append(f"{name}==absent")
    return "\n".join(lines)


def _files(folder: Path) -> list[Path]:
    return sorted(
        p for p in folder.rglob("*") if p.is_file() and p.suffix in _SOURCE_SUFFIXES and "__pycache__" not in p.parts
    )


def _digest(root: Path, files: Iterable[Path], versions: str) -> str:
    sha = hashlib.sha256(versions.encode())
    for path in files:
        sha.update(path.relative_to(root).as_posix().encode())
        sha.update(b"\0")
        sha.update(path.read_bytes())
        sha.update(b"\0")
    return sha.hexdigest()[:16]


def _profile_files(profile: profiles.Profile, root: Path) -> list[Path]:
    """The files only this series reads: its spec file and its hook modules (`profiles/<series>*.py`)."""
    series = profile.profile_id
    return sorted(p for p in _files(root / "profiles") if p.stem == series or p.stem.startswith(f"{series}_"))


def code_fingerprints(
    root: Path = ROOT, registered: Sequence[profiles.Profile] | None = None, versions: str | None = None
) -> dict[str, str]:
    """profile_id -> fingerprint for every registered profile, plus ANY_PROFILE for generic and failed documents."""
    versions = dependency_versions() if versions is None else versions
    found = profiles.registry() if registered is None else registered
    profile_files = {profile.profile_id: _profile_files(profile, root) for profile in found}
    owned = {path for files in profile_files.values() for path in files}
    shared = [p for folder in _SHARED_FOLDERS for p in _files(root / folder)]
    shared += [p for p in _files(root / "profiles") if p not in owned]
    shared += [p for name in _SHARED_PIPELINE if (p := root / "pipeline" / name).is_file()]
    fingerprints = {profile_id: _digest(root, shared + files, versions) for profile_id, files in profile_files.items()}
    fingerprints[ANY_PROFILE] = _digest(root, shared + sorted(owned), versions)
    return fingerprints


def under_settings(fingerprints: dict[str, str], settings: str) -> dict[str, str]:
    """Each fingerprint joined with the reading settings that change the rows read from the same bytes
    (`settings`, one `name=value` per line, empty under the defaults), so a re-run under other settings
    (another PDF reader, OCR off) redoes its documents and a run back under the defaults redoes them again."""
    if not settings:
        return dict(fingerprints)
    return {
        profile_id: hashlib.sha256(f"{fingerprint}\n{settings}".encode()).hexdigest()[:16]
        for profile_id, fingerprint in fingerprints.items()
    }


def fingerprint_for(profile_id: str | None, fingerprints: dict[str, str], generic_id: str) -> str:
    """The fingerprint a document processed by `profile_id` is valid under (None: it failed)."""
    if profile_id is None or profile_id == generic_id or profile_id not in fingerprints:
        return fingerprints[ANY_PROFILE]
    return fingerprints[profile_id]
