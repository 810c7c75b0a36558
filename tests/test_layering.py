"""The layers hold, on the real import graph: the headless core never imports
Textual or torch (the engine's torch references import it only inside functions),
and the terminal app reaches storage only through the workspace, its sessions and
the read model — never the store, the migrations or sqlite itself."""

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "quizapp"
UI = ("quizapp.tui", "quizapp.commands", "quizapp.cli", "quizapp.__main__")
LAZY_TORCH = ("quizapp.engine.references", "quizapp.engine.crosscheck")  # torch inside functions only
UI_MAY_NOT = ("quizapp.store", "quizapp.migrations", "quizapp.srs", "sqlite3", "sqlite_utils")


def modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def imports(path: Path, *, top_level_only: bool = False) -> set[str]:
    """Every module ``path`` imports (``from a import b`` as a and a.b), optionally
    only those at module level (not inside a function)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    if top_level_only:  # module level includes if/try blocks, not function bodies
        stack, nodes = list(tree.body), []
        while stack:
            node = stack.pop()
            nodes.append(node)
            if isinstance(node, (ast.If, ast.Try)):
                stack.extend(node.body + node.orelse + getattr(node, "finalbody", []) +
                             [n for h in getattr(node, "handlers", []) for n in h.body])
    found = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
    return found


def _is(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


HEADLESS = sorted(m for m in modules() if not _is(m, UI))


def test_the_graph_covers_the_package():
    assert {"quizapp.engine", "quizapp.kinds", "quizapp.catalog", "quizapp.workspace", "quizapp.stats",
            "quizapp.session", "quizapp.store.reviews", "quizapp.tui.app"} <= set(modules())


@pytest.mark.parametrize("module", HEADLESS)
def test_headless_code_imports_no_ui_and_no_torch_at_import_time(module):
    path = modules()[module]
    everywhere = imports(path)
    assert not {m for m in everywhere if _is(m, ("textual", "rich"))}, f"{module} imports the UI"
    if not _is(module, LAZY_TORCH):
        assert not {m for m in everywhere if _is(m, ("torch", "sklearn", "scipy"))}, f"{module} imports torch"
    else:
        assert not {m for m in imports(path, top_level_only=True) if _is(m, ("torch", "sklearn", "scipy"))}


@pytest.mark.parametrize("module", sorted(m for m in modules() if _is(m, ("quizapp.tui",))))
def test_the_ui_reaches_storage_only_through_sessions_and_the_read_model(module):
    bad = {m for m in imports(modules()[module]) if _is(m, UI_MAY_NOT)}
    assert not bad, f"{module} imports {sorted(bad)}"


def test_a_rule_broken_is_caught(tmp_path):
    """The checks above can fail: a module that imports what it may not is found."""
    probe = tmp_path / "probe.py"
    probe.write_text("import os\ndef f():\n    from quizapp.store import Store\n    import torch\n")
    found = imports(probe)
    assert "quizapp.store.Store" in found and "torch" in found
    assert "torch" not in imports(probe, top_level_only=True)
    assert _is("quizapp.store.reviews", UI_MAY_NOT) and not _is("quizapp.storey", UI_MAY_NOT)


def _modules_after_import(module: str) -> set[str]:
    code = (
        "import importlib, json, sys; "
        f"importlib.import_module({module!r}); "
        "print(json.dumps(sorted(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout))


@pytest.mark.parametrize("module", ["quizapp.engine", "quizapp.grading", "quizapp.content", "quizapp.kinds",
                                    "quizapp.store", "quizapp.session", "quizapp.stats", "quizapp.workspace",
                                    "quizapp.catalog", "quizapp.scratchpad"])
def test_headless_module_loads_no_textual_or_torch_when_run(module):
    loaded = _modules_after_import(module)
    assert not any(m == "textual" or m.startswith("textual.") for m in loaded), module
    assert "torch" not in loaded and "sklearn" not in loaded, module


def test_engine_computations_load_without_torch():
    code = (
        "import json, sys; from quizapp.engine import compute, computations; "
        "computations(); "
        "print(json.dumps(['torch' in sys.modules, 'textual' in sys.modules]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == [False, False]
