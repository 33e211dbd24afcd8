"""Report profiles: one module per report series, chosen by the document's content.

A profile knows a series' vocabulary, structure and grading rules, never its numbers,
names, page numbers or cell addresses. `detect` asks every registered profile how
sure it is that a document belongs to its series and takes the surest one.
"""

from __future__ import annotations

from typing import Protocol

from extractors.model import Document

# Below this score a profile does not claim a document.
MIN_SCORE = 0.5


class Profile(Protocol):
    """What the pipeline asks of a report profile."""

    profile_id: str

    def score(self, document: Document) -> float:
        """0..1: how sure the profile is, from vocabulary and structure, that it knows the document."""
        ...


REGISTRY: list[Profile] = []


def detect(document: Document) -> Profile | None:
    """The registered profile that is surest of the document, if any is sure enough."""
    scored = [(profile.score(document), profile) for profile in REGISTRY]
    best = max(scored, key=lambda pair: pair[0], default=None)
    if best is None or best[0] < MIN_SCORE:
        return None
    return best[1]
