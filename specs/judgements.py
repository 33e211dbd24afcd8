"""A grade stated in words, read as the grade rule declares it (`judgements`: grade -> its wordings, as
dictionary forms): an evaluation text such as 進捗状況・評価 (計画通り / 遅れている) states the first grade
whose wording it prints, inflected or not; a text printing none states the rule's neutral grade (no claim)."""

from __future__ import annotations

from hyoka import normalizers as nz
from hyoka.specs.schema import GradeRuleDecl
from hyoka.specs.tables import squash


def judged_grade(rule: GradeRuleDecl, text: str) -> str:
    """The grade `text` states by the rule's wordings, in their declared order; else the neutral grade ('')."""
    forms = set(nz.lemmas(text))
    joined = squash(text)
    for grade, words in rule.judgements.items():
        if any(w in forms or squash(w) in joined for w in words):
            return grade
    return rule.neutral or ""
