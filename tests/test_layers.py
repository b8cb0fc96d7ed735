"""The package's layers (ARCHITECTURE.md): each imports only those below it, and nothing imports in a circle.

The imports are read with ``ast`` from the source, every one of them: at the
top of a module, inside functions and under ``TYPE_CHECKING``, since a cycle
or a layer broken inside a function is as real as one at the top.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "okrbook"

# Lower numbers are lower layers. The top-level i18n and errors serve every layer;
# analysis and prework are peers: neither may import the other.
RANKS = {
    "okrbook": 0,
    "okrbook.i18n": 0,
    "okrbook.errors": 1,
    "okrbook.core": 2,
    "okrbook.io": 3,
    "okrbook.analysis": 4,
    "okrbook.prework": 4,
    "okrbook.minutes": 5,
    "okrbook.notebook": 6,
    "okrbook.company": 7,
    "okrbook.hub": 8,
    "okrbook.cli": 9,
    "okrbook.forms": 9,  # the first cell of notebooks made before the layers
    "okrbook.forms_prework": 9,
    "okrbook.__main__": 10,
}
# What the pure core must never load (ARCHITECTURE.md: pure core, thin Jupyter shell).
NOT_IN_CORE = (
    "ipywidgets",
    "IPython",
    "ipykernel",
    "nbclient",
    "nbconvert",
    "nbformat",
    "jupyter",
    "jupyter_client",
    "jupyter_core",
    "jupyterlab",
    "traitlets",
    "matplotlib",
)


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports(name: str) -> list[tuple[str, int]]:
    """Every module ``name`` imports (okrbook's own resolved to the module), with its line."""
    path = MODULES[name]
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.append((sub if sub in MODULES else base, node.lineno))
    return found


def own(name: str) -> list[tuple[str, int]]:
    return [(target, line) for target, line in imports(name) if target.split(".")[0] == "okrbook"]


def layer(name: str) -> str:
    """The layer a module belongs to: its subpackage, or itself at the top."""
    parts = name.split(".")
    candidate = ".".join(parts[:2])
    return candidate if candidate in RANKS else name


def test_every_module_belongs_to_a_layer():
    unplaced = [name for name in MODULES if layer(name) not in RANKS]
    assert not unplaced, f"modules outside the layers of ARCHITECTURE.md: {unplaced}"


def test_few_modules_are_left_loose_at_the_top():
    loose = [p.name for p in PACKAGE.glob("*.py")]
    assert len(loose) <= 12, loose


def test_core_imports_no_jupyter_and_no_matplotlib():
    bad = [
        f"{name}:{line} imports {target}"
        for name in MODULES
        if layer(name) == "okrbook.core"
        for target, line in imports(name)
        if target.split(".")[0] in NOT_IN_CORE
    ]
    assert not bad, bad


def test_no_module_imports_a_higher_layer_or_a_peer():
    bad = []
    for name in MODULES:
        mine = layer(name)
        for target, line in own(name):
            theirs = layer(target)
            if theirs == mine or RANKS[theirs] < RANKS[mine]:
                continue
            bad.append(f"{name}:{line} ({mine}) imports {target} ({theirs})")
    assert not bad, "\n".join(bad)


def test_the_import_graph_has_no_cycle():
    graph = {
        name: {target for target, _ in own(name) if target in MODULES and target != name} for name in MODULES
    }
    # a package's __init__ is imported on the way to each of its modules: leave those edges out
    graph = {name: {t for t in targets if not name.startswith(t + ".")} for name, targets in graph.items()}
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(path[path.index(nxt) :] + [nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            visit(start, [start])
    assert not cycles, "\n".join(" → ".join(c) for c in cycles)


def test_the_core_loads_nothing_of_jupyter_at_run_time():
    """The same, as Python sees it: importing every core module pulls in none of them, transitively."""
    core = [name for name in MODULES if layer(name) == "okrbook.core"]
    code = (
        "import sys\n"
        + "".join(f"import {name}\n" for name in core)
        + f"print(sorted(m for m in sys.modules if m.split('.')[0] in {NOT_IN_CORE!r}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=PACKAGE.parent)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]", out.stdout


@pytest.mark.parametrize(
    "source, broken",
    [
        ("import ipywidgets\n", "test_core_imports_no_jupyter_and_no_matplotlib"),
        (
            "def later():\n    from okrbook.notebook import binding\n",
            "test_no_module_imports_a_higher_layer_or_a_peer",
        ),
    ],
)
def test_the_guard_catches_a_core_module_that_breaks_the_rules(source, broken, monkeypatch, tmp_path):
    """The guards above are not vacuous: a core module with a forbidden import fails them."""
    rogue = tmp_path / "rogue.py"
    rogue.write_text(source, encoding="utf-8")
    monkeypatch.setitem(MODULES, "okrbook.core.rogue", rogue)
    with pytest.raises(AssertionError):
        globals()[broken]()
