"""The ingest progress bar knows how many files the run reads and names the last one finished (as finished:
others may still be being read when it is drawn)."""

from __future__ import annotations

import sys

import pytest

from hyoka.pipeline.progress import reporter


def test_the_bar_ends_at_the_known_total_and_names_the_last_file_finished(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    with reporter(total=3) as on_document:
        assert on_document is not None
        for name in ("a.xlsx", "b.pdf"):
            on_document({"action": "written", "status": "ok", "source_file": f"in/{name}", "pages": 2})
    drawn = capsys.readouterr()
    screen = drawn.out + drawn.err
    assert "2/3" in screen
    assert "documents (finished b.pdf)" in screen
    assert "4 pages" in screen
