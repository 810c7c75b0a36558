"""The engine speaks through the catalog: worded step lines and errors are Msgs that
render in English and Chinese; plain step lines are math only.

Every registered computation is walked over the benchmark's example arguments
(which must name every computation) and the branch examples below; a plain-string
line may hold math tokens (the whitelist), the computation's argument names and the
string values it was given, and nothing else in Latin letters. The same holds for
every line rendered in Chinese, and for every Chinese catalog entry of the engine.
"""

from __future__ import annotations

import importlib.util
import json
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest

from quizapp import catalog
from quizapp.catalog import Msg
from quizapp.engine import BadArguments, EngineError, Result, UnknownComputation, compute, computations, get
from quizapp.engine.crosscheck import full_args

ROOT = Path(__file__).resolve().parents[1]


def _benchmark_examples() -> dict[str, dict]:
    spec = importlib.util.spec_from_file_location("_engine_benchmark", ROOT / "benchmarks" / "engine.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.EXAMPLES


# Arguments that reach the branches the benchmark's one example per computation does not.
_MANY = list(range(14))
BRANCHES: list[tuple[str, dict]] = [
    ("confusion_matrix", {"y_true": ["cat", "dog", "cat", "eel"], "y_pred": ["cat", "cat", "dog", "eel"], "labels": ["dog", "cat"]}),
    ("confusion_matrix", {"y_true": _MANY, "y_pred": _MANY[::-1]}),
    ("precision", {"y_true": ["a", "b", "b"], "y_pred": ["b", "b", "a"], "pos_label": "b"}),
    ("precision", {"y_true": [0, 1, 2, 2], "y_pred": [0, 2, 1, 2], "average": "micro"}),
    ("recall", {"y_true": [0, 1, 2, 2], "y_pred": [0, 2, 1, 2], "average": "weighted", "pos_label": 2}),
    ("f1", {"y_true": [0, 0], "y_pred": [0, 0]}),
    ("f1", {"y_true": _MANY, "y_pred": _MANY, "average": "macro"}),
    ("fbeta", {"y_true": [0, 1, 1], "y_pred": [1, 1, 0], "beta": 0.5, "average": "macro", "zero_division": 1}),
    ("fbeta", {"y_true": [0, 0], "y_pred": [0, 0], "beta": 2}),
    ("binary_metrics", {"tp": 0, "fp": 0, "fn": 0, "tn": 3}),
    ("roc_curve", {"y_true": [i % 2 for i in range(16)], "y_score": [i / 16 for i in range(16)]}),
    ("roc_auc", {"y_true": [0, 1, 0, 1], "y_score": [0.5, 0.5, 0.2, 0.9]}),
    ("roc_auc", {"y_true": [0] * 3 + [1] * 14, "y_score": [0.1, 0.2, 0.3] + [0.5] * 14}),
    ("pr_curve", {"y_true": [i % 2 for i in range(16)], "y_score": [i / 16 for i in range(16)]}),
    ("average_precision", {"y_true": [i % 2 for i in range(16)], "y_score": [i / 16 for i in range(16)]}),
    ("r2", {"y_true": [2.0, 2.0], "y_pred": [2.0, 2.0]}),
    ("r2", {"y_true": [2.0, 2.0], "y_pred": [1.0, 2.0]}),
    ("softmax", {"x": [[1.0, 2.0], [3.0, 0.0]], "dim": 0}),
    ("log_softmax", {"x": [1.0, 2.0, 3.0]}),
    ("relu_grad", {"x": 0.0}),
    ("cross_entropy", {"input": [1.0, 2.0, 0.5], "target": 1}),
    ("cross_entropy", {"input": [[1.0, 2.0], [0.0, 1.0]], "target": [1, -100], "label_smoothing": 0.1}),
    ("cross_entropy", {"input": [[1.0, 2.0], [0.0, 1.0]], "target": [[0.2, 0.8], [1.0, 0.0]], "reduction": "sum"}),
    ("cross_entropy", {"input": [[float(i), 0.0] for i in range(10)], "target": [0] * 10, "reduction": "none"}),
    ("nll_loss", {"input": [[-0.5, -1.0], [-2.0, -0.1]], "target": [-100, 1]}),
    ("bce_with_logits", {"input": [[1.0, -2.0]], "target": [[1.0, 0.0]], "pos_weight": [2.0, 1.0], "reduction": "sum"}),
    ("sgd", {"params": [1.0, 2.0], "grads": [[0.1, 0.2], [0.3, 0.1]], "lr": 0.1, "momentum": 0.9, "nesterov": True, "weight_decay": 0.01}),
    ("sgd", {"params": [1.0], "grads": [[0.1], [0.2]], "lr": 0.1, "momentum": 0.9, "dampening": 0.5}),
    ("sgd", {"params": [1.0], "grads": [[0.1]], "lr": 0.1}),
    ("adagrad", {"params": [1.0], "grads": [[0.1], [0.2]], "lr_decay": 0.1, "weight_decay": 0.1}),
    ("rmsprop", {"params": [1.0], "grads": [[0.1], [0.2]], "momentum": 0.9}),
    ("adam", {"params": [1.0], "grads": [[0.1], [0.2]], "amsgrad": True, "weight_decay": 0.1}),
    ("adamw", {"params": [1.0], "grads": [[0.1], [0.2]], "amsgrad": True}),
    ("clip_grad_norm", {"grad": [3.0, 4.0], "max_norm": 10.0}),
    ("clip_grad_norm", {"grad": [3.0, 4.0], "max_norm": 1.0, "norm_type": "inf"}),
    ("clip_grad_norm", {"grad": [3.0, 4.0], "max_norm": 1.0, "norm_type": 3}),
    ("clip_grad_norm", {"grad": [3.0, 4.0], "max_norm": 1.0, "norm_type": 2.5}),
    ("clip_grad_norm", {"grad": [1e200, 1e200], "max_norm": 1.0}),
    *[("calculate_gain", {"nonlinearity": nl}) for nl in ("linear", "conv2d", "sigmoid", "tanh", "relu", "selu", "leaky_relu")],
    ("fan_in_fan_out", {"shape": [4, 3]}),
    ("kaiming_uniform_bound", {"fan_in": 3, "fan_out": 4, "mode": "fan_out", "nonlinearity": "relu"}),
    *[("init_weights", {"method": m, "shape": [3, 4], "seed": 2}) for m in
      ("zeros", "uniform", "normal", "xavier_normal", "kaiming_uniform", "kaiming_normal", "orthogonal")],
    ("init_weights", {"method": "orthogonal", "shape": [4, 2], "gain": 2.0}),
    ("init_weights", {"method": "zeros", "shape": [1]}),
    ("l1_penalty", {"w": list(range(-5, 5)), "lam": 0.1}),
    ("l2_penalty", {"w": [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]], "lam": 0.1}),
    ("lp_norm", {"x": [1.0, 0.0, -2.0], "p": 0}),
    ("lp_norm", {"x": [1.0, 0.0, -2.0], "p": "inf"}),
    ("lp_norm", {"x": [0.0, 0.0], "p": 2}),
    ("lp_norm", {"x": [0.0, 0.0], "p": 1.5}),
    ("lp_norm", {"x": [1e200, 1e200], "p": 2}),
    ("lp_norm", {"x": [1e-200, 1e-200], "p": 2}),
    ("dropout", {"x": [1.0, 2.0], "p": 1.0, "mask": [1, 0]}),
    ("batch_norm", {"x": [[1.0, 2.0], [3.0, 6.0]], "beta": [1.0, 0.0]}),
    ("layer_norm", {"x": [1.0, 2.0, 4.0], "gamma": [1.0, 2.0, 0.5]}),
    ("group_norm", {"x": [[1.0, 2.0], [3.0, 5.0]], "num_groups": 2, "gamma": [1.0, 2.0], "beta": [0.0, 1.0]}),
    ("group_norm", {"x": [[float(i), float(i * i), 1.0, 0.0] for i in range(6)], "num_groups": 2}),
    ("group_norm", {"x": [[float(i), 1.0] for i in range(10)], "num_groups": 1}),
    ("instance_norm", {"x": [[[float(i), 0.0, 1.0] for i in range(5)] for _ in range(2)], "gamma": [1.0] * 5}),
    ("kmeans_step", {"points": [[0.0, 0.0], [2.0, 0.0]], "centroids": [[1.0, 1.0], [1.0, -1.0], [9.0, 9.0]]}),
    ("kmeans_step", {"points": [float(i) for i in range(15)], "centroids": [0.0, 20.0]}),
    ("scaled_dot_product_attention", {"q": [[1.0, 0.0]] * 13, "k": [[1.0, 0.0], [0.0, 1.0]], "v": [[1.0], [2.0]]}),
]

EXAMPLES: list[tuple[str, dict]] = [*_benchmark_examples().items(), *BRANCHES]

# Math that may appear in Latin letters in a plain line (and in Chinese): function and
# quantity names as the formulas write them, metric abbreviations, method and library names.
MATH_TOKENS = frozenset(
    """
    sqrt exp log tanh softmax log_softmax sigmoid softplus ReLU LeakyReLU ELU max min sign argmax argmin
    mean var std diag cos sin
    TP FP FN TN TPR FPR AUC AP F1 MSE RMSE MAE LSE SS_res SS_tot QR d_k T_max vmax gain bound fan_in fan_out
    negative_slope logit logits Nesterov AMSGrad NaN inf float64 torch sklearn numpy default_rng
    ln mod G_L G_R H_L H_R
    """.split()
)

_QUOTED = re.compile(r"`[^`]*`|'[^']*'|\"[^\"]*\"|--[a-z][a-z-]*")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def _latin_words(line: str) -> set[str]:
    """Latin-letter tokens of two or more characters, quoted values and options left out."""
    return {w for w in _WORD.findall(_QUOTED.sub(" ", line)) if len(w) > 1}


def _allowed(name: str, kwargs: dict) -> set[str]:
    """The math tokens, this computation's argument names and the strings it was given."""
    args = full_args(name, kwargs)
    strings = {v for v in args.values() if isinstance(v, str)}
    return set(MATH_TOKENS) | set(get(name).signature.parameters) | {w for s in strings for w in _WORD.findall(s)}


def _id(example) -> str:
    return example[0]


def test_every_registered_computation_has_an_example():
    named = {name for name, _ in EXAMPLES}
    missing = [c.name for c in computations() if c.name not in named]
    assert not missing, f"no example arguments (add them to benchmarks/engine.py EXAMPLES): {missing}"


@pytest.mark.parametrize("example", EXAMPLES, ids=_id)
def test_plain_step_lines_hold_no_english_words(example):
    name, kwargs = example
    result = compute(name, **kwargs)
    allowed = _allowed(name, kwargs)
    assert result.lines
    bad = [
        (line, sorted(_latin_words(line) - allowed))
        for line in result.lines
        if not isinstance(line, Msg) and _latin_words(line) - allowed
    ]
    assert not bad, f"{name}: plain lines with words (make them catalog messages): {bad}"


@pytest.mark.parametrize("example", EXAMPLES, ids=_id)
def test_every_step_renders_in_chinese(example):
    name, kwargs = example
    result = compute(name, **kwargs)
    allowed = _allowed(name, kwargs)
    zh = result.steps_in("zh")
    assert len(zh) == len(result.steps) == len(result.lines)
    bad = [(line, sorted(_latin_words(line) - allowed)) for line in zh if _latin_words(line) - allowed]
    assert not bad, f"{name}: English left in the Chinese steps: {bad}"
    for line, en, cn in zip(result.lines, result.steps, zh):
        if isinstance(line, Msg) and _latin_words(en) - allowed:
            assert cn != en and re.search(r"[\u4e00-\u9fff]", cn), f"{name}: {line.key} is not translated"


def _catalog_allowed() -> set[str]:
    """Every computation's argument names and documented option values, the math tokens,
    and the words of the commands an error sentence tells the learner to run."""
    from quizapp.engine import init, losses, metrics

    words = set(MATH_TOKENS) | {c.name for c in computations()}
    words |= {p for c in computations() for p in c.signature.parameters}
    words |= set(metrics.AVERAGES) | set(losses.REDUCTIONS) | set(init.METHODS) | set(init.NONLINEARITIES)
    words |= {"true", "false", "True", "False", "None", "warn", "pip", "install", "scikit", "learn", "CPU", "KEY", "VALUE", "NAME"}
    return {w for phrase in words for w in _WORD.findall(phrase)}


def test_every_chinese_engine_entry_is_chinese():
    allowed = _catalog_allowed()
    bad = []
    for key, entry in catalog.messages().items():
        if not key.startswith("engine.") or key == "engine.error.plain":
            continue
        zh = re.sub(r"\{[^}]*\}", " ", entry["zh"])
        extra = _latin_words(zh) - allowed
        if extra:
            bad.append(f"{key}: {sorted(extra)}")
        if _latin_words(re.sub(r"\{[^}]*\}", " ", entry["en"])) - allowed and not re.search(r"[\u4e00-\u9fff]", zh):
            bad.append(f"{key}: the Chinese is not Chinese")
    assert not bad, "\n".join(bad)


# --- errors ---------------------------------------------------------------------------

ERRORS = [
    ("adamx", {}),
    ("adam", {"params": [1.0], "grads": [[0.1]], "lr": -1}),
    ("adam", {"params": [1.0], "grads": [0.1, 0.2]}),
    ("adam", {"params": [1.0], "grads": [[0.1, 0.2]]}),
    ("sgd", {"params": [1.0], "grads": [[0.1]]}),
    ("sgd", {"params": [1.0], "grads": [[0.1]], "lr": 0.1, "learning_rate": 0.1}),
    ("sgd", {"params": [1.0], "grads": [[0.1]], "lr": 0.1, "nesterov": "maybe"}),
    ("f1", {"y_true": [0, 1, 2], "y_pred": [0, 1, 1]}),
    ("f1", {"y_true": [0, 1], "y_pred": [0, 1], "average": "mean"}),
    ("accuracy", {"y_true": [0, "a"], "y_pred": [0, 1]}),
    ("roc_auc", {"y_true": [1, 1], "y_score": [0.1, 0.2]}),
    ("cross_entropy", {"input": [[1.0, 2.0]], "target": [5]}),
    ("bce", {"input": [1.5], "target": [1.0]}),
    ("init_weights", {"method": "zeros", "shape": [2, 2], "gain": 2.0}),
    ("init_weights", {"method": "uniform", "shape": [2000, 2000]}),
    ("lp_norm", {"x": [1.0], "p": 0.5}),
    ("batch_norm", {"x": [1.0, 2.0]}),
    ("group_norm", {"x": [[1.0, 2.0, 3.0]], "num_groups": 2}),
    ("instance_norm", {"x": [[[1.0]]]}),
    ("zscore", {"x": [3.0, 3.0]}),
    ("kmeans_step", {"points": [[1.0, 2.0]], "centroids": [[1.0, 2.0, 3.0]]}),
    ("init_weights", {"method": "uniform", "shape": [2, 3], "a": -1e308, "b": 1e308}),
]


@pytest.mark.parametrize("example", ERRORS, ids=_id)
def test_errors_are_catalog_sentences_in_both_languages(example):
    name, kwargs = example
    with pytest.raises(EngineError) as info:
        compute(name, **kwargs)
    err = info.value
    assert isinstance(err.msg, Msg) and err.msg.key.startswith("engine.error.")
    assert str(err) == err.text("en") == err.msg.text("en")
    zh = err.text("zh")
    assert zh != str(err) and re.search(r"[\u4e00-\u9fff]", zh)
    allowed = _catalog_allowed() | set(kwargs) | {w for v in kwargs.values() if isinstance(v, str) for w in _WORD.findall(v)}
    assert not _latin_words(zh) - allowed, zh
    assert "\n" not in zh


def test_an_error_survives_pickling_with_its_message():
    with pytest.raises(BadArguments) as info:
        compute("adam", params=[1.0], grads=[[0.1]], lr=-1)
    again = pickle.loads(pickle.dumps(info.value))
    assert type(again) is BadArguments and again.msg == info.value.msg and str(again) == "lr must be ≥ 0, got −1"


def test_a_plain_string_error_still_works():
    # Modules may raise with an English sentence; it is then the sentence in every language.
    err = BadArguments("x must be odd, got 2")
    assert str(err) == err.text("zh") == "x must be odd, got 2"
    assert isinstance(err.msg, Msg)
    with pytest.raises(UnknownComputation, match="did you mean 'adamw'"):
        compute("adamww")


# --- Result ---------------------------------------------------------------------------


def test_result_keeps_english_steps_and_renders_any_language():
    r = compute("sgd", params=[1.0], grads=[[0.5]], lr=0.1, weight_decay=0.1)
    assert r.steps == r.steps_in("en") == [str(line) for line in r.lines]
    assert r.steps[1] == "step 1: g₁ = [0.5]"
    assert r.steps_in("zh")[1] == "第 1 步：g₁ = [0.5]"
    assert r.steps_in("zh")[2] == "  g₁ ← g₁ + λ·θ₀ = [0.6]（权重衰减 λ = 0.1）"
    assert r.lines[0] == "θ₀ = [1]"  # pure math stays a string
    assert r.to_dict() == {"value": r.value, "steps": r.steps}
    assert r.to_dict("zh")["steps"] == r.steps_in("zh")
    assert Result(value=1.0, lines=("x = 1", catalog.say("engine.note", math="y = 2", note="z"))).steps == [
        "x = 1",
        "y = 2  (z)",
    ]


def test_import_and_compute_do_not_load_the_catalog_entries():
    # import quizapp.engine stays light: not even the catalog package; compute makes
    # Msgs without reading an entry; rendering a line loads the entries.
    code = (
        "import json, sys; from quizapp.engine import compute; "
        "imported = 'quizapp.catalog' in sys.modules; "
        "r = compute('adam', params=[1.0], grads=[[0.1]]); "
        "before = [m for m in sys.modules if m.startswith('quizapp.catalog._')]; "
        "r.steps_in('zh'); "
        "after = 'quizapp.catalog._engine' in sys.modules; "
        "print(json.dumps([imported, before, after]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert json.loads(out.stdout) == [False, [], True]
