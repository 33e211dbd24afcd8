"""What reading one document gives: contract rows and audit cases (`ProfileOutput`), the same for every
series, whether its spec, its hook or the generic reader read it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hyoka.audit.rules import DuplicateCase, FigureCase, GradeCase, GradeRule, SameFactCase
from hyoka.audit.withheld import EvidenceKey, evidence_key
from hyoka.extractors.model import Cell, Document

Case = GradeCase | FigureCase | SameFactCase | DuplicateCase


def printed_text(cell: Cell) -> str:
    """A value as printed, what a row's `value_text` and a figure's text keep: the cell's own characters (a dash
    stays the dash it printed; a workbook's value through its number format), on one line as the format layer
    joins its wrapped lines, whitespace runs as one space. The `cells` table keeps the layout."""
    return " ".join(cell.text.split())


def duplicate_free(key: str, taken: set[str]) -> str:
    """The one duplicate-key rule: a key printed again gets `#2`, `#3` … (the duplicate stays visible)."""
    unique, n = key, 1
    while unique in taken:
        n += 1
        unique = f"{key}#{n}"
    taken.add(unique)
    return unique


def uncalculated_figures(document: Document) -> dict[EvidenceKey, str]:
    """Each workbook formula saved without its value, with what to do about it: its figure is unknown, so a
    case reading it is not computable (not a blank 0, not a mismatch)."""
    unknown: dict[EvidenceKey, str] = {}
    for table in document.tables():
        for cell in table.cells:
            if cell.uncalculated and (key := evidence_key(None, None, cell.sheet, cell.ref)) is not None:
                unknown[key] = (
                    f"{cell.sheet}!{cell.ref}: formula saved without its value; "
                    "open and save the workbook in Excel/LibreOffice to recalculate"
                )
    return unknown


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
    # Where each declared table was found and why that candidate (`hyoka.specs.locate.Inventory.decisions`),
    # for `hyoka inspect`.
    located: list[str] = field(default_factory=list)
    # Figures the document prints but did not keep (`uncalculated_figures`), by evidence, each with what to do;
    # the audit holds a case that reads one not computable.
    unknown_figures: dict[EvidenceKey, str] = field(default_factory=dict)
