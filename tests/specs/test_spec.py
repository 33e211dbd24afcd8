"""The series spec format: every spec file loads and its hooks resolve, the published JSON Schema is
current, and a spec that does not follow the format is refused with one sentence per problem."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from hyoka.profiles import registry, spec_files
from hyoka.specs import SCHEMA_FILE
from hyoka.specs.schema import SAFE_LOADER, SpecError, json_schema, load, validate

SOURCE = "profiles/x.yaml"
VALID: dict[str, Any] = {
    "profile_id": "x",
    "description": "a series",
    "detection": {"title": {"words": ["計画"], "weight": 0.5}},
    "tables": [
        {
            "name": "施策 list",
            "key": "title",
            "columns": [{"role": "number", "words": ["No."]}, {"role": "title", "words": ["施策名"]}],
        }
    ],
    "rules": {"figures": [{"id": "count", "kind": "sentence_count", "words": "a count", "aggregate": "count"}]},
    "checks": {
        "measure count": {
            "check": "stated_in_text",
            "rule": "count",
            "pattern": r"(\d+)つの施策",
            "population": "施策 list",
        }
    },
}


def refusal(raw: dict[str, Any]) -> list[str]:
    with pytest.raises(SpecError) as raised:
        validate(raw, SOURCE)
    return str(raised.value).split("\n")


def changed(path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    raw = json.loads(json.dumps(VALID))
    node = raw
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return raw


def test_the_valid_spec_loads() -> None:
    spec = validate(VALID, SOURCE)
    assert [t.name for t in spec.tables] == ["施策 list"]


@pytest.mark.parametrize(
    ("path", "value", "sentence"),
    [
        (
            ("tables", 0, "columns", 1, "words"),
            [],
            "profiles/x.yaml: table `施策 list`: column `title` has no words.",
        ),
        (
            ("tables", 0, "key"),
            "name",
            "profiles/x.yaml: table `施策 list`: its key `name` is none of its columns (number, title).",
        ),
        (
            ("tables", 0, "colums"),
            [],
            "profiles/x.yaml: table `施策 list`: `colums` is not part of the format.",
        ),
        (
            ("checks", "measure count", "rule"),
            "total",
            "profiles/x.yaml: check `measure count` names the figure rule `total`, which is not declared.",
        ),
        (
            ("checks", "measure count", "pattern"),
            "(つの施策",
            "profiles/x.yaml: check `measure count`: its pattern does not compile "
            "(missing ), unterminated subpattern at position 0).",
        ),
        (
            ("hooks",),
            {"read": "hyoka.profiles.x.read"},
            "profiles/x.yaml: hook `read` is `hyoka.profiles.x.read`, not `module:function`.",
        ),
    ],
)
def test_a_problem_is_one_sentence_naming_its_place(path: tuple[str | int, ...], value: Any, sentence: str) -> None:
    assert refusal(changed(path, value)) == [sentence]


def test_a_missing_field_is_named() -> None:
    raw = changed(("profile_id",), None)
    del raw["profile_id"]
    assert refusal(raw) == ["profiles/x.yaml: `profile_id` is missing."]


def test_a_table_named_but_not_declared_is_refused() -> None:
    raw = changed(("detection", "tables"), [{"table": "KPI table", "weight": 0.5}])
    assert refusal(raw) == ["profiles/x.yaml: table `KPI table` is named but not declared under `tables`."]


def test_a_file_that_is_not_yaml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("tables: [", encoding="utf-8")
    with pytest.raises(SpecError, match=r"broken\.yaml: not YAML"):
        load(path)


@pytest.mark.parametrize("path", spec_files(), ids=lambda p: p.stem)
def test_every_spec_file_reads_the_same_with_the_loader_specs_use_as_with_pure_python_yaml(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert SAFE_LOADER is yaml.CSafeLoader  # PyYAML is installed with libyaml here
    assert yaml.load(text, Loader=SAFE_LOADER) == yaml.load(text, Loader=yaml.SafeLoader)
    assert load(path) == validate(yaml.load(text, Loader=yaml.SafeLoader), path.as_posix())


@pytest.mark.parametrize("path", spec_files(), ids=lambda p: p.stem)
def test_every_spec_file_loads_and_its_hooks_resolve(path: Path) -> None:
    spec = load(path)
    assert spec.profile_id == path.stem
    assert spec.profile_id in {p.profile_id for p in registry()}
    for target in spec.hooks.values():
        module, _, function = target.partition(":")
        assert callable(getattr(importlib.import_module(module), function))


def test_every_spec_file_is_valid_yaml_of_the_published_schema() -> None:
    schema = json_schema()
    assert json.loads(SCHEMA_FILE.read_text(encoding="utf-8")) == schema, "run `python -m hyoka.specs`"
    for path in spec_files():
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert set(raw) <= set(schema["properties"])
