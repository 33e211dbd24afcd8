"""Findings as an auditor reads them: numbers as printed, one meaning per finding."""

import pytest

from hyoka.audit.engine import evaluate
from hyoka.audit.presentation import finding_of, recomputation
from hyoka.audit.rules import DuplicateCase, Figure, SameFactCase, Where
from hyoka.audit.wording import sentence


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


def test_one_fact_in_two_places_reads_with_both_figures_as_printed_and_the_other_page() -> None:
    rule = "一覧の件数は詳細ページの件数と同じ"
    count = SameFactCase(
        "list_vs_detail",
        "施策3",
        "3",
        Figure(4.0, "4", Where(page=3, bbox=(1, 2, 3, 4)), "exact"),
        Where(page=3, bbox=(1, 2, 3, 4)),
        Figure(3.0, "3", Where(page=26, bbox=(869, 319, 899, 361)), "exact"),
        Where(page=26, bbox=(869, 319, 899, 361)),
        rule,
    )
    amount = SameFactCase(
        "list_vs_detail",
        "施策4",
        "4",
        Figure(14_522_800.0, "14,522,800", Where(sheet="一覧", cell="C5")),
        Where(sheet="一覧", cell="C5"),
        Figure(14_522_800.0, "14,522,800", Where(sheet="詳細", cell="F12")),
        Where(sheet="詳細", cell="F12"),
        rule,
    )
    _, (mismatch, match) = evaluate([count, amount])
    assert (mismatch["status"], mismatch["detail"]) == ("mismatch", f"{rule}（別の箇所：p.26）：記載4、別の箇所3")
    assert (match["status"], match["detail"]) == (
        "match",
        f"{rule}（別の箇所：詳細!F12）：記載14,522,800、別の箇所14,522,800",
    )


def test_an_id_printed_twice_says_how_often() -> None:
    ids = (("P-1", Where(page=2, bbox=(0, 0, 1, 1))), ("P-1", Where(page=5, bbox=(0, 0, 1, 1))))
    _, (check,) = evaluate([DuplicateCase("duplicate_pid", "PID", ids, "PIDは一つのプロジェクトを指す")])
    assert check["detail"] == "PIDは一つのプロジェクトを指す：P-1が2回印字されている"


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


def test_a_rule_written_over_two_lines_still_reads_as_one_line() -> None:
    one_line = sentence("合計欄は\n各行の和", "根拠2件から", "記載3、再計算3")
    assert one_line == "合計欄は 各行の和（根拠2件から）：記載3、再計算3"


def test_a_mark_in_one_place_and_none_in_the_other_and_a_place_not_read() -> None:
    rule = "個票で○の施策はその再掲一覧に載る"
    sheet, listed = Where(page=30, bbox=(1, 2, 3, 4)), Where(page=7, bbox=(1, 2, 3, 4))
    marked = SameFactCase("flag_vs_relisted", "施策 71", "71", True, sheet, False, listed, rule)
    unread = SameFactCase(
        "flag_vs_relisted", "施策 72", "72", None, Where(), None, Where(), rule, "再掲一覧を読めていない"
    )
    _, (flag, missing) = evaluate([marked, unread])
    assert (flag["stated"], flag["recomputed"], flag["detail"]) == (
        "あり",
        "なし",
        f"{rule}（別の箇所：p.7）：記載あり、別の箇所なし",
    )
    assert (missing["stated"], missing["status"]) == (None, "not_computable")
    assert missing["detail"] == f"{rule}：計算できない：再掲一覧を読めていない"
