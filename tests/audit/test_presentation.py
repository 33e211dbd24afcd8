"""Findings as an auditor reads them: numbers as printed, one meaning per finding."""

import pytest

from hyoka.audit.presentation import finding_of, intervals_in_words, recomputation


@pytest.mark.parametrize(
    ("engine", "shown"),
    [
        ("[14522800, 14522800]", "14,522,800"),
        ("[3, 3]", "3"),
        ("[66.6666666666667, 66.6666666666667]", "66.67"),
        ("[202, 203)", "202以上203未満"),
        ("(142.254, 149.275)", "142.25超149.28未満"),
        ("[0, 0] | [100, 100]", "0 / 100"),
        ("12.1%", "12.1%"),
        ("地域づくり支援課", "地域づくり支援課"),
    ],
)
def test_recomputations_read_as_numbers(engine: str, shown: str) -> None:
    assert recomputation(engine) == shown


def test_intervals_inside_a_sentence_but_not_a_bounding_box() -> None:
    detail = "stated [4, 4] is outside recomputed [3, 3] (other place: p.26 [869, 319, 899, 361])"
    assert intervals_in_words(detail) == "stated 4 is outside recomputed 3 (other place: p.26 [869, 319, 899, 361])"


@pytest.mark.parametrize(
    ("status", "recomputed", "finding"),
    [
        ("mismatch", "C", "mismatch"),
        ("notation", "c", "notation"),  # same grade, another case
        ("ambiguous", "B/C", "rounding"),  # the stated grade is one the rounding allows
        ("no_claim", "on_track", "no_claim"),  # the statement claims nothing
        ("ambiguous", "[0, 0] | [100, 100]", "reading"),  # two readings of the inputs
        ("match", "B", None),
        ("not_computable", "", None),
    ],
)
def test_each_flagged_row_is_one_finding(status: str, recomputed: str, finding: str | None) -> None:
    found = finding_of(status, recomputed)
    assert (found.name if found else None) == finding
