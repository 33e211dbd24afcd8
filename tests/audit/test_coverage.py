"""Which documents the coverage calls unaudited, and why (the reason the report and the CLI show)."""

import pytest

from hyoka.audit.coverage import _unaudited_reason


@pytest.mark.parametrize(
    ("status", "series", "checks_run", "reason"),
    [
        ("failed", "", 0, "読み取れず監査なし"),
        ("partial", "generic", 0, "報告書の系列が不明のため監査なし"),
        # A sheet of no known series whose printed totals were recomputed was audited that far.
        ("partial", "generic", 12, ""),
        ("ok", "hokkaido_basic_evaluation", 0, "検算できる記載がなく監査なし"),
        ("ok", "hokkaido_basic_evaluation", 79, ""),
    ],
)
def test_a_document_is_unaudited_only_when_nothing_of_it_was_checked(
    status: str, series: str, checks_run: int, reason: str
) -> None:
    assert _unaudited_reason(status, series, checks_run) == reason
