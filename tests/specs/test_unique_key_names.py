"""`unique_key` with `once_per_name`: a key printed again under the same name is one record re-listed (a
project under a second 課題), a key printed again under another name a duplicate. The list is written here
(its keys and names, and so its truth, are this module's)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hyoka.audit.engine import evaluate
from hyoka.extractors.model import Cell, Document, Evidence, Page, Table
from hyoka.specs import SpecProfile
from hyoka.specs.schema import validate

PROJECTS = (
    ("PID", "プロジェクト名称"),
    ("観光1-1", "観光アプリの開発"),
    ("農水1-1", "スマート農業の推進"),
    ("観光1-1", "観光アプリの開発"),  # re-listed under a second 課題: the same project
    ("農水1-2", "オンライン直売"),
    ("農水1-2", "AI活用による漁獲量向上"),  # another project under the same PID: the planted duplicate
)


def _spec(once_per_name: bool) -> dict[str, Any]:
    return {
        "profile_id": "relisted_example",
        "description": "a project list re-listing projects",
        "detection": {},
        "tables": [
            {
                "name": "the project list",
                "label": "プロジェクト一覧",
                "key": "pid",
                "columns": [{"role": "pid", "words": ["PID"]}, {"role": "name", "words": ["プロジェクト名称"]}],
            }
        ],
        "rows": {"measures": [{"table": "the project list", "key": "pid", "fields": {"title": "name"}}]},
        "checks": {
            "one PID per project": {
                "check": "unique_key",
                "kind": "duplicate_id",
                "population": "the project list",
                "scope": "プロジェクト一覧のPID",
                "words": "プロジェクト一覧のPIDは一つのプロジェクトを指す",
                "once_per_name": once_per_name,
            }
        },
    }


def _duplicates(once_per_name: bool) -> list[tuple[str, str]]:
    cells = [
        Cell(r, c, text=text, evidence=Evidence(page=1, bbox=(50 + 150 * c, 100 + 20 * r, 200 + 150 * c, 120 + 20 * r)))
        for r, row in enumerate(PROJECTS)
        for c, text in enumerate(row)
    ]
    table = Table("p1-t1", cells, len(PROJECTS), 2, pages=[1], bboxes={1: (50, 100, 350, 100 + 20 * len(PROJECTS))})
    document = Document(Path("list.pdf"), "pdf", pages=[Page(1, 842, 1191, tables=[table])])
    output = SpecProfile(validate(_spec(once_per_name), "relisted_example")).extract(document)
    return [(r["check_id"], r["stated"]) for r in evaluate(output.cases)[1] if r["status"] == "mismatch"]


def test_a_project_relisted_under_its_name_is_no_duplicate() -> None:
    assert _duplicates(once_per_name=True) == [("duplicate_id:農水1-2", "2")]


def test_without_it_every_key_printed_again_is_one() -> None:
    assert _duplicates(once_per_name=False) == [("duplicate_id:観光1-1", "2"), ("duplicate_id:農水1-2", "2")]
