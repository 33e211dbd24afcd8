"""The import graph of hyoka's packages: layers import only downwards, and no module cycle exists.

Imports are read with `ast`, module-level and inside functions alike (a deferred import is still
a dependency). The layers, lowest first, as the code stands (docs/ARCHITECTURE.md):

- normalizers: pure str -> value, no project import;
- extractors: the format layer, which may use normalizers for printed values (eras, numerals);
- schemas: the contract, its validation and the output files' layout;
- audit: the rule vocabulary (cases, rules, bands) and the engine; specs build its cases,
  so audit sits below specs;
- specs: the series-spec engine (format, locator, row builders, declared checks), reading any spec;
- profiles: series knowledge (spec files, hooks, the generic reader), mapping format models into rows;
- pipeline and hyoka: the stage loop, the CLI and the API on top (one layer: the CLI's commands
  live in hyoka/, the API calls the pipeline).
"""

from __future__ import annotations

import ast
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS: dict[str, int] = {
    "normalizers": 0,
    "extractors": 1,
    "schemas": 2,
    "audit": 3,
    "specs": 4,
    "profiles": 5,
    "pipeline": 6,
    "hyoka": 6,
}
# Edges against the layer order that are known and not yet removed, each with why: any other fails.
KNOWN_EXCEPTIONS: dict[tuple[str, str], str] = {}


def _module_name(path: Path) -> str:
    """The installed name: `pipeline/ingest.py` is `hyoka.pipeline.ingest` (pyproject maps each folder under hyoka)."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[0] != "hyoka":
        parts.insert(0, "hyoka")
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layer(module: str) -> int:
    """`hyoka.<folder>.…` is in that folder's layer; the API modules `hyoka.<name>` in the top one."""
    parts = module.split(".")
    return LAYERS[parts[1]] if len(parts) > 1 and parts[1] in LAYERS else LAYERS["hyoka"]


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for package in LAYERS for path in (ROOT / package).rglob("*.py")}


def _imported(tree: ast.AST) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            # `from a.b import c`: the module a.b.c if c is one, else a.b (resolved upwards).
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def _resolved(name: str, modules: dict[str, Path]) -> str | None:
    """The project module an imported name lives in (`a.b.c` where c is a function: `a.b`)."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        targets = {_resolved(imported, modules) for imported in _imported(tree)}
        graph[name] = {target for target in targets if target is not None and target != name}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    return import_graph()


def test_the_graph_sees_function_level_imports(graph: dict[str, set[str]]) -> None:
    # pipeline/cli.py imports the inspect command inside the function that runs it.
    assert "hyoka.extractors.inspect" in graph["hyoka.pipeline.cli"]


def test_no_module_imports_itself_back(graph: dict[str, set[str]]) -> None:
    assert _cycles(graph) == []


def test_a_lower_layer_never_imports_a_higher_one(graph: dict[str, set[str]]) -> None:
    upward = {
        (module, target) for module, targets in graph.items() for target in targets if _layer(target) > _layer(module)
    }
    assert upward - KNOWN_EXCEPTIONS.keys() == set()
    # An exception that was fixed leaves the list with it.
    assert KNOWN_EXCEPTIONS.keys() <= upward


def test_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


# The libraries that open source documents; only the format layer calls them (a report asks it
# for page pictures and sheet cells), so one place decides how a file is read.
DOCUMENT_READERS = {"pdfplumber", "pdfminer", "openpyxl", "camelot"}
READER_EXCEPTIONS = {"hyoka.pipeline.guard": "reads openpyxl.DEFUSEDXML before any workbook is opened; opens no file"}


def _readers_imported() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for name, path in _modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        roots = {imported.split(".")[0] for imported in _imported(tree)} & DOCUMENT_READERS
        if roots:
            found[name] = roots
    return found


def test_only_the_format_layer_opens_documents() -> None:
    readers = _readers_imported()
    outside = {name for name in readers if not name.startswith("hyoka.extractors")}
    assert outside == READER_EXCEPTIONS.keys()
    assert readers["hyoka.extractors.evidence"] == {"pdfplumber", "openpyxl"}


def test_every_import_of_a_project_folder_goes_through_the_hyoka_namespace() -> None:
    # `import pipeline` would work in a checkout (the repository root is on the path) but not once
    # installed, where `hyoka` is the only top-level name, and would load a second copy of the module.
    folders = {name for name in LAYERS if name != "hyoka"}
    bare = sorted(
        f"{path.relative_to(ROOT)}: {imported}"
        for folder in [*LAYERS, "tests", "bench", "samples"]
        for path in (ROOT / folder).rglob("*.py")
        for imported in _imported(ast.parse(path.read_text(encoding="utf-8")))
        if imported.split(".")[0] in folders
    )
    assert bare == []


def test_the_install_maps_every_package_folder_under_hyoka() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    folders = {name for name in LAYERS if name != "hyoka"}
    packages = {_module_name(init) for folder in LAYERS for init in (ROOT / folder).rglob("__init__.py")}
    assert set(config["packages"]) == packages
    assert config["package-dir"] == {f"hyoka.{folder}": folder for folder in folders}
