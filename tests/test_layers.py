"""The package's shape, read from its imports: layers that import only downwards, and no cycles."""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "cyfacts"
# Top to bottom: a module may import from its own layer and the layers below it, never above.
LAYERS = ("cli", "render", "services", "search", "index", "deck", "model", "base")
BASE_MODULES = {"cyfacts", "cyfacts.errors", "cyfacts.settings", "cyfacts.environment"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> str:
    if module in BASE_MODULES:
        return "base"
    if module == "cyfacts.__main__":
        return "cli"
    return module.split(".")[1]


def imported(node: ast.AST) -> Iterator[str]:
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
    elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
        yield node.module
        # `from cyfacts.cli import lookup` imports the module cyfacts.cli.lookup
        yield from (f"{node.module}.{alias.name}" for alias in node.names)


def imports(path: Path, top_level_only: bool) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    return {name for node in nodes for name in imported(node) if name.split(".")[0] == "cyfacts"}


def graph(top_level_only: bool) -> dict[str, set[str]]:
    paths = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: imports(path, top_level_only) & paths.keys() - {name} for name, path in paths.items()}


def find_cycle(edges: Mapping[str, set[str]]) -> list[str] | None:
    """A cycle in the graph as the modules on it, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state and (found := visit(node)):
            return found
    return None


@pytest.mark.parametrize(
    ("edges", "cycle"),
    [
        ({"a": {"b"}, "b": {"c"}, "c": set()}, None),
        ({"a": {"b"}, "b": {"a"}}, ["a", "b", "a"]),
        ({"a": {"b"}, "b": {"c"}, "c": {"b"}}, ["b", "c", "b"]),
    ],
)
def test_find_cycle(edges: dict[str, set[str]], cycle: list[str] | None) -> None:
    assert find_cycle(edges) == cycle


def test_every_module_is_in_a_layer() -> None:
    assert {layer_of(name) for name in graph(top_level_only=False)} <= set(LAYERS)


@pytest.mark.parametrize("top_level_only", [True, False], ids=["at import", "including deferred imports"])
def test_no_import_cycles_among_modules(top_level_only: bool) -> None:
    # cyfacts.cli loads its command modules to register them; importing a child runs its parent
    # first by Python's rules, which is no dependency of the child's code, so that edge is left out.
    edges = graph(top_level_only)
    edges["cyfacts.cli"] = set()
    assert find_cycle(edges) is None


def test_imports_run_down_the_layers_only() -> None:
    upward = [
        f"{name} ({layer_of(name)}) imports {other} ({layer_of(other)})"
        for name, others in sorted(graph(top_level_only=False).items())
        for other in sorted(others)
        if LAYERS.index(layer_of(other)) < LAYERS.index(layer_of(name))
    ]
    assert upward == []
