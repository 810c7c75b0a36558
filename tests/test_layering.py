"""The headless core never imports Textual, and the engine never imports torch."""

import json
import subprocess
import sys

import pytest

HEADLESS = [
    "quizapp.engine",
    "quizapp.grading",
    "quizapp.content",
    "quizapp.srs",
    "quizapp.store",
    "quizapp.session",
    "quizapp.crashlog",
    "quizapp.stats",
]


def _modules_after_import(module: str) -> set[str]:
    code = (
        "import importlib, json, sys; "
        f"importlib.import_module({module!r}); "
        "print(json.dumps(sorted(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout))


@pytest.mark.parametrize("module", HEADLESS)
def test_headless_module_does_not_import_textual_or_torch(module):
    loaded = _modules_after_import(module)
    assert not any(m == "textual" or m.startswith("textual.") for m in loaded), module
    assert "torch" not in loaded, module
    assert "sklearn" not in loaded, module


def test_engine_computations_load_without_torch():
    code = (
        "import json, sys; from quizapp.engine import compute, computations; "
        "computations(); "
        "print(json.dumps(['torch' in sys.modules, 'textual' in sys.modules]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == [False, False]
