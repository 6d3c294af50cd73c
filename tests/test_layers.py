"""The house rules of the package, measured from its code with ``ast``.

Layers import one way, top to bottom (1 is the top):

1. the commands: ``cli*``, ``serve`` (and its ``livebuild``), ``newbook``, ``crash`` and
   every sub-CLI (``*.cli``, ``*_cli``);
2. ``release/`` and the MkDocs plugin (``plugin/``);
3. ``pdf/``, the views (``web/``, ``editorial/``), ``markdown/``, ``importer/`` and the
   ``loader`` that reads a whole book through them;
4. ``photos/``;
5. everything else: the core and the settings.

A module may import its own layer or any lower one, never a higher one; no two
modules import each other, even through others; the content model (the core
outside the settings modules) and ``photos/`` never reach MkDocs; the plugin's
``plugin.py`` stays glue. The layer map below is the rule; the code is measured
each run, so a new module is placed by its name and an import added anywhere is
seen.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "scripts" / "yearbook"

#: Dotted names under the package (a module or a package prefix) → layer. The longest
#: matching prefix wins; anything unmatched is core (the lowest layer).
LAYERS: dict[str, int] = {
    "cli": 1,
    "cli_vi": 1,
    "cli_book": 1,
    "serve": 1,
    "livebuild": 1,
    "newbook": 1,
    "crash": 1,
    "importer.cli": 1,
    "editorial.proof_cli": 1,
    "photos.cli": 1,
    "release": 2,
    "plugin": 2,
    "pdf": 3,
    "web": 3,
    "editorial": 3,
    "markdown": 3,
    "importer": 3,
    "loader": 3,
    "photos": 4,
}
CORE = 5
LAYER_NAMES = {
    1: "lệnh (CLI)",
    2: "release/plugin",
    3: "pdf/views/markdown",
    4: "photos",
    5: "core/settings",
}
#: The core modules that hold MkDocs' own config types (the settings tree and the YAML
#: loader); the rest of the core is the content model and must not import MkDocs.
MKDOCS_SETTINGS = frozenset({"settings", "configfile"})
PLUGIN_LINES = 250


@dataclass(frozen=True)
class Import:
    source: str  # dotted module name, without the package prefix
    target: str
    line: int
    runtime: bool  # False under ``if TYPE_CHECKING:``


def modules(root: Path) -> dict[str, Path]:
    """Dotted name (``photos.ids``; a package is named by its folder) → file."""
    out = {}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _type_checking_lines(tree: ast.AST) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If):
            test = node.test
            name = test.attr if isinstance(test, ast.Attribute) else getattr(test, "id", "")
            if name == "TYPE_CHECKING":
                for child in node.body:
                    for sub in ast.walk(child):
                        if hasattr(sub, "lineno"):
                            lines.add(sub.lineno)
    return lines


def _resolve(name: str, known: dict[str, Path]) -> str | None:
    """The longest known module that ``name`` is, or lies in."""
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


def imports(root: Path, package: str) -> Iterator[Import]:
    """Every import of a module of the package by another, wherever it is written
    (module level, inside a function, under ``TYPE_CHECKING``)."""
    known = modules(root)
    for name, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        typing_only = _type_checking_lines(tree)
        here = [package, *name.split(".")] if name else [package]
        if path.name != "__init__.py":
            here = here[:-1]
        for node in ast.walk(tree):
            targets: list[str] = []
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = here[: len(here) - node.level + 1]
                    module = ".".join(base + ([node.module] if node.module else []))
                else:
                    module = node.module or ""
                targets = [f"{module}.{a.name}" for a in node.names] or [module]
                targets = [t if _strip(t, package) in known else module for t in targets]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            for target in targets:
                if target != package and not target.startswith(package + "."):
                    continue
                found = _resolve(_strip(target, package), known)
                if found is not None and found != name:
                    yield Import(name, found, node.lineno, node.lineno not in typing_only)


def _strip(dotted: str, package: str) -> str:
    return dotted[len(package) + 1 :] if dotted.startswith(package + ".") else ""


def layer(module: str) -> int:
    best, found = -1, CORE
    for prefix, number in LAYERS.items():
        if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
            best, found = len(prefix), number
    return found


def upward(edges: list[Import]) -> list[str]:
    found = sorted(
        {(e.source, e.target, e.line) for e in edges if layer(e.target) < layer(e.source)}
    )
    return [
        f"{source} (tầng {layer(source)}, {LAYER_NAMES[layer(source)]}) → {target} "
        f"(tầng {layer(target)}, {LAYER_NAMES[layer(target)]}), dòng {line}"
        for source, target, line in found
    ]


def cycles(edges: list[Import]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    graph: dict[str, set[str]] = {}
    for e in edges:
        graph.setdefault(e.source, set()).add(e.target)
        graph.setdefault(e.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        item = stack.pop()
                        on_stack.discard(item)
                        component.append(item)
                        if item == node:
                            break
                    if len(component) > 1:
                        out.append(sorted(component))
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(graph[child]))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return out


def imports_mkdocs(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = _type_checking_lines(tree)
    lines = []
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and not node.level:
            names = [node.module or ""]
        if (
            names
            and node.lineno not in typing_only
            and any(n == "mkdocs" or n.startswith("mkdocs.") for n in names)
        ):
            lines.append(node.lineno)
    return lines


def reaches_mkdocs(root: Path, package: str) -> list[str]:
    """Content-model and photo modules that import MkDocs at run time, themselves or
    through the package modules they import (imports under TYPE_CHECKING aside)."""
    known = modules(root)
    runtime: dict[str, set[str]] = {}
    for e in imports(root, package):
        if e.runtime:
            runtime.setdefault(e.source, set()).add(e.target)
    direct = {name: imports_mkdocs(path) for name, path in known.items()}
    out = []
    for name in known:
        if not (layer(name) == CORE and name not in MKDOCS_SETTINGS) and layer(name) != 4:
            continue
        seen, todo, path_to = {name}, [name], {name: [name]}
        while todo:
            current = todo.pop()
            if direct[current]:
                chain = " → ".join(path_to[current])
                out.append(f"{name}: {chain} (import mkdocs, dòng {direct[current][0]})")
                break
            for nxt in sorted(runtime.get(current, ())):
                if nxt not in seen:
                    seen.add(nxt)
                    path_to[nxt] = [*path_to[current], nxt]
                    todo.append(nxt)
    return out


@pytest.fixture(scope="module")
def edges() -> list[Import]:
    return list(imports(PACKAGE, "yearbook"))


def test_the_scan_sees_the_package(edges: list[Import]) -> None:
    # A scan that found nothing would pass every rule below.
    assert len(modules(PACKAGE)) > 50
    assert any(e.source == "cli" for e in edges)
    assert len(edges) > 100


def test_no_import_from_a_lower_layer_to_a_higher_one(edges: list[Import]) -> None:
    assert upward(edges) == []


def test_no_import_cycle_between_modules(edges: list[Import]) -> None:
    assert cycles(edges) == []


def test_content_model_and_photos_do_not_import_mkdocs() -> None:
    assert reaches_mkdocs(PACKAGE, "yearbook") == []


def test_importing_the_content_model_and_photos_loads_no_mkdocs() -> None:
    """The same rule at run time: import every such module in a fresh interpreter."""
    import subprocess

    names = [
        f"yearbook.{name}"
        for name in modules(PACKAGE)
        if name and name not in MKDOCS_SETTINGS and layer(name) in (CORE, 4)
    ]
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'mkdocs'))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]", f"{len(names)} mô-đun kéo theo MkDocs: {done.stdout}"


def test_the_plugin_is_glue() -> None:
    lines = len((PACKAGE / "plugin" / "plugin.py").read_text(encoding="utf-8").splitlines())
    assert lines <= PLUGIN_LINES, f"plugin/plugin.py có {lines} dòng (tối đa {PLUGIN_LINES})"


def test_the_rules_catch_what_they_forbid(tmp_path: Path) -> None:
    """The checks themselves fail on a package that breaks each rule."""
    pkg = tmp_path / "yearbook"
    for folder in ("photos", "plugin"):
        (pkg / folder).mkdir(parents=True)
        (pkg / folder / "__init__.py").write_text("")
    (pkg / "__init__.py").write_text("")
    (pkg / "book.py").write_text(
        "from typing import TYPE_CHECKING\nfrom .photos.ids import x\n"
        "if TYPE_CHECKING:\n    from .model import M\n"
    )
    (pkg / "model.py").write_text("def f():\n    from . import book\n")
    (pkg / "photos" / "ids.py").write_text("import mkdocs.config\nx = 1\n")
    (pkg / "cli.py").write_text("from .plugin.plugin import P\n")  # downward: allowed
    (pkg / "plugin" / "plugin.py").write_text("import mkdocs\nfrom .. import cli\nP = 1\n")
    found = list(imports(pkg, "yearbook"))
    assert sorted(upward(found)) == [
        "book (tầng 5, core/settings) → photos.ids (tầng 4, photos), dòng 2",
        "plugin.plugin (tầng 2, release/plugin) → cli (tầng 1, lệnh (CLI)), dòng 2",
    ]
    assert sorted(cycles(found)) == [["book", "model"], ["cli", "plugin.plugin"]]
    assert sorted(reaches_mkdocs(pkg, "yearbook")) == [
        "book: book → photos.ids (import mkdocs, dòng 1)",
        "model: model → book → photos.ids (import mkdocs, dòng 1)",
        "photos.ids: photos.ids (import mkdocs, dòng 1)",
    ]


if __name__ == "__main__":  # a readable report: python tests/test_layers.py
    found = list(imports(PACKAGE, "yearbook"))
    for line in upward(found):
        print("lên tầng trên:", line)
    for cycle in cycles(found):
        print("vòng:", " ↔ ".join(cycle))
    for line in reaches_mkdocs(PACKAGE, "yearbook"):
        print("MkDocs:", line)
    sys.exit(1 if upward(found) or cycles(found) or reaches_mkdocs(PACKAGE, "yearbook") else 0)
