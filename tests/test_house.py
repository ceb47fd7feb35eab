"""The package's shape: its public names, and stages that import only the stages below them.

The stages, lowest first (docs/architecture.md): the base modules ``errors``, ``chars`` and
``atomic``; ``read``; ``text``; ``classify``; ``document``; ``figures``; ``review``; ``pipeline``;
``batch``; ``output`` and ``training``; ``cli``, ``console`` and ``web``; the package's ``__init__`` and ``__main__``.
A module may import from its own stage and from lower ones, never from a higher one, and the
imports between all modules form no circle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = ROOT / "nlp_perf"
LEVELS = {
    "errors": 0,
    "chars": 0,
    "atomic": 0,
    "forks": 0,
    "read": 1,
    "text": 2,
    "classify": 3,
    "document": 4,
    "figures": 5,
    "review": 6,
    "pipeline": 7,
    "batch": 8,
    "cluster": 8,
    "output": 9,
    "training": 9,
    "cli": 10,
    "modelcli": 10,
    "console": 10,
    "web": 10,
    "__init__": 11,
    "__main__": 11,
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__" and len(parts) > 2:
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, name: str) -> set[str]:
    """The nlp_perf modules ``path`` imports, anywhere in it (function bodies too)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("nlp_perf"):
                out.add(target)
                out.update(f"{target}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("nlp_perf"))
    return out


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {
        name: {m for m in _imports(path, name) if m in modules and m != name}
        for name, path in modules.items()
    }


def _stage(module: str) -> str:
    return module.split(".")[1] if "." in module else "__init__"


def test_every_module_belongs_to_a_stage(graph):
    assert {_stage(m) for m in graph} <= set(LEVELS), "add the new stage to LEVELS and the docs"


def test_no_stage_imports_a_higher_one(graph):
    upward = [
        (m, target)
        for m, targets in graph.items()
        for target in targets
        if LEVELS[_stage(target)] > LEVELS[_stage(m)]
    ]
    assert upward == []


def test_no_import_circle(graph):
    done: set[str] = set()
    path: list[str] = []

    def visit(m: str) -> None:
        if m in path:
            raise AssertionError("import circle: " + " -> ".join(path[path.index(m) :] + [m]))
        if m in done:
            return
        path.append(m)
        for target in sorted(graph[m]):
            if target.count(".") and target.rpartition(".")[0] == m:
                continue  # a package importing its own submodule is not a circle
            visit(target)
        path.pop()
        done.add(m)

    for m in sorted(graph):
        visit(m)


def test_every_public_name_resolves_and_functions_are_not_hidden_by_modules():
    import nlp_perf
    import nlp_perf.training.evaluate
    import nlp_perf.training.fit

    for name in nlp_perf.__all__:
        assert getattr(nlp_perf, name) is not None
        assert name in dir(nlp_perf)
    assert callable(nlp_perf.train) and nlp_perf.train.__module__ == "nlp_perf.training.fit"
    assert callable(nlp_perf.evaluate)
    assert nlp_perf.evaluate.__module__ == "nlp_perf.training.evaluate"
    from nlp_perf import TrainSettings, evaluate, train

    assert (train, evaluate) == (nlp_perf.train, nlp_perf.evaluate)
    assert TrainSettings.__module__ == "nlp_perf.training.fit"
    with pytest.raises(AttributeError, match="no attribute 'trian'"):
        nlp_perf.trian  # noqa: B018


def test_the_layering_test_sees_an_upward_import(tmp_path):
    """The check itself: an import of a higher stage, even inside a function, is found."""
    fake = tmp_path / "nlp_perf" / "text" / "x.py"
    fake.parent.mkdir(parents=True)
    fake.write_text("def f():\n    from ..figures import extract_figures\n", encoding="utf-8")
    found = _imports(fake, "nlp_perf.text.x")
    assert "nlp_perf.figures" in found
    assert LEVELS[_stage("nlp_perf.figures")] > LEVELS[_stage("nlp_perf.text.x")]
