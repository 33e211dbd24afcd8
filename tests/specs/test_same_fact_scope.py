"""A `same_fact` check whose pairs a hook reads (no places) still takes its scope and key from the spec:
`Reading.templated_case` fills the check's `scope` and `key` templates with the words the hook read, so the
report names the case in the document's words (a PID, a name, a year as printed), whichever series."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hyoka.audit.engine import evaluate
from hyoka.audit.rules import Where
from hyoka.extractors.model import Document
from hyoka.specs import Reading, SpecProfile
from hyoka.specs.schema import validate

SPEC: dict[str, Any] = {
    "profile_id": "templated_example",
    "description": "a plan whose roadmap repeats its project list",
    "detection": {},
    "checks": {
        "roadmap name": {
            "check": "same_fact",
            "kind": "roadmap_name",
            "words": "ロードマップとプロジェクト一覧は同じプロジェクトを同じ名称で書く",
            "scope": "{pid}：ロードマップとプロジェクト一覧の名称",
            "key": "name:{pid}",
        }
    },
    "hooks": {"read": f"{__name__}:pairs_read_by_a_hook"},
}


def pairs_read_by_a_hook(reading: Reading) -> None:
    """The hook: one project printed under one name in the roadmap, another in the list."""
    roadmap, listed = ("空き家状況の把握", Where(page=2)), ("空き家推定ツール開発", Where(page=9))
    reading.output.cases.append(reading.templated_case("roadmap name", roadmap, listed, pid="都市1-1-4"))


def test_scope_and_key_are_the_declared_templates_filled() -> None:
    output = SpecProfile(validate(SPEC, "templated_example")).extract(Document(Path("plan.pdf"), "pdf"))
    [check] = evaluate(output.cases)[1]
    assert check["scope"] == "都市1-1-4：ロードマップとプロジェクト一覧の名称"
    assert check["check_id"] == "roadmap_name:name:都市1-1-4"
    assert (check["status"], check["stated"], check["recomputed"]) == (
        "mismatch",
        "空き家状況の把握",
        "空き家推定ツール開発",
    )
