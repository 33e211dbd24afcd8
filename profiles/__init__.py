"""Report profiles: one module per report series, chosen by the document's content.

A profile knows a series' vocabulary, structure and grading rules, never its numbers,
names, page numbers or cell addresses. `detect` asks every registered profile how
sure it is that a document belongs to its series and takes the surest one.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Protocol

from hyoka.audit.rules import DuplicateCase, FigureCase, GradeCase, GradeRule, SameFactCase
from hyoka.extractors.model import Document

# Below this score a profile does not claim a document.
MIN_SCORE = 0.5

Case = GradeCase | FigureCase | SameFactCase | DuplicateCase


def stated_grade_rule(rule_id: str, grade_type: str, words: str) -> GradeRule:
    """The rule of a grade a report states without the figures it follows from: each stated
    grade is recorded with its evidence and never recomputed (the engine: `not_computable`)."""
    return GradeRule(rule_id, grade_type, words, "value", ())


@dataclass
class ProfileOutput:
    """What a profile read from one document: contract rows (without document_id) and audit cases.

    Rows are dicts keyed by the contract's column names, evidence included. Every stated
    grade is a `GradeCase`, so that each gets a recomputation row in `grades`.
    """

    title: str | None = None
    report_fiscal_year: int | None = None
    # Facts about the whole document beyond the contract's columns (施策名, 施策コード), written as
    # extra columns of its `documents` row; a name the contract already uses is not overwritten.
    document_fields: dict[str, str] = field(default_factory=dict)
    measures: list[dict[str, Any]] = field(default_factory=list)
    indicator_values: list[dict[str, Any]] = field(default_factory=list)
    budgets: list[dict[str, Any]] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    # Why the reading is incomplete, one sentence each; any makes the document `partial`.
    problems: list[str] = field(default_factory=list)
    # Where each declared table was found and why that candidate (`hyoka.profiles.locate.Inventory.decisions`),
    # for `hyoka inspect`.
    located: list[str] = field(default_factory=list)


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


@cache
def registry() -> tuple[Profile, ...]:
    """Every profile: each module of this package that defines `PROFILE` contributes one, and
    `hyoka.profiles.specs` one per series spec file (`PROFILES`)."""
    found = []
    for module_info in pkgutil.iter_modules(__path__, prefix=f"{__name__}."):
        module = importlib.import_module(module_info.name)
        profile = getattr(module, "PROFILE", None)
        if profile is not None:
            found.append(profile)
        found += getattr(module, "PROFILES", ())
    return tuple(sorted(found, key=lambda p: p.profile_id))


def detect(document: Document) -> Profile | None:
    """The registered profile that is surest of the document, if any is sure enough."""
    scored = [(profile.score(document), profile) for profile in registry()]
    best = max(scored, key=lambda pair: pair[0], default=None)
    if best is None or best[0] < MIN_SCORE:
        return None
    return best[1]
