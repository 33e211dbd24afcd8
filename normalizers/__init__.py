"""Normalizers: printed Japanese report cells -> typed values, per the output contract.

Pure functions, str in, `Parsed` out (`.value`, `.reason`); none raises on bad input.
See normalizers/README.md.
"""

from hyoka.normalizers.analysis import Word, content_words, lemmas, words
from hyoka.normalizers.eras import ERAS, Era, YearRange, fiscal_year
from hyoka.normalizers.headers import HEADER_FIELDS, Header, header
from hyoka.normalizers.marks import Grade, flag, grade
from hyoka.normalizers.morphology import tokenizer
from hyoka.normalizers.names import names
from hyoka.normalizers.quantities import Part, Quantity, quantity, typed_precision, unit_from_name
from hyoka.normalizers.result import Parsed
from hyoka.normalizers.text import text, unify_radicals

__all__ = [
    "ERAS",
    "HEADER_FIELDS",
    "Era",
    "Grade",
    "Header",
    "Parsed",
    "Part",
    "Quantity",
    "Word",
    "YearRange",
    "content_words",
    "fiscal_year",
    "flag",
    "grade",
    "header",
    "lemmas",
    "names",
    "quantity",
    "text",
    "tokenizer",
    "typed_precision",
    "unify_radicals",
    "unit_from_name",
    "words",
]
