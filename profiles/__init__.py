"""Report profiles: one spec file per report series (`<series>.yaml`, read by `hyoka.specs`) with its hook
module, chosen by the document's content; `generic` reads a document of no known series.

A profile knows a series' vocabulary, structure and grading rules, never its numbers,
names, page numbers or cell addresses. `detect` asks every registered profile how
sure it is that a document belongs to its series and takes the surest one.
"""

from __future__ import annotations

import importlib
from functools import cache
from pathlib import Path
from typing import Protocol

from hyoka.extractors.model import Document
from hyoka.specs import SpecProfile, load_spec_profile
from hyoka.specs.detection import DocumentTexts
from hyoka.specs.output import Case, ProfileOutput, stated_grade_rule

__all__ = [
    "MIN_SCORE",
    "Case",
    "Profile",
    "ProfileOutput",
    "detect",
    "registry",
    "spec_files",
    "spec_profile",
    "stated_grade_rule",
]

# Below this score a profile does not claim a document.
MIN_SCORE = 0.5


class Profile(Protocol):
    """What the pipeline asks of a report profile."""

    profile_id: str
    description: str  # the report series, and how it is recognised

    def score(self, document: Document) -> float:
        """0..1: how sure the profile is, from vocabulary and structure, that it knows the document."""
        ...

    def extract(self, document: Document) -> ProfileOutput:
        """The document's measures, values, amounts and audit cases."""
        ...


SERIES_DIR = Path(__file__).parent


def spec_profile(profile_id: str) -> SpecProfile:
    """The profile of the series spec `profiles/<profile_id>.yaml`."""
    return load_spec_profile(SERIES_DIR / f"{profile_id}.yaml")


def spec_files() -> list[Path]:
    """The series spec files: `profiles/<series>.yaml`."""
    return sorted(SERIES_DIR.glob("*.yaml"))


@cache
def registry() -> tuple[SpecProfile, ...]:
    """Every profile: one per series spec file, its hook modules imported (a hook declares the series'
    own contract columns when it loads, and the writer needs them before any document is read)."""
    found = tuple(spec_profile(path.stem) for path in spec_files())
    for profile in found:
        for target in profile.spec.hooks.values():
            importlib.import_module(target.partition(":")[0])
    return found


def detect(document: Document) -> Profile | None:
    """The registered profile that is surest of the document, if any is sure enough."""
    texts = DocumentTexts(document)
    scored = [(profile.score(document, texts), profile) for profile in registry()]
    best = max(scored, key=lambda pair: pair[0], default=None)
    if best is None or best[0] < MIN_SCORE:
        return None
    return best[1]
