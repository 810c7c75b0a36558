"""The registry behind compute(): names, argument binding, plain finite JSON values."""

import json
import warnings

import pytest

from quizapp.engine import BadArguments, EngineError, UnknownComputation, compute, computations


@pytest.mark.parametrize("name", ["adamx", "", "Adam", None, 3, ["adam"]])
def test_unknown_names_raise_unknown_computation(name):
    with pytest.raises(UnknownComputation) as info:
        compute(name, params=[1.0], grads=[[0.1]])
    assert isinstance(info.value, EngineError)
    assert "\n" not in str(info.value)


def test_close_name_is_suggested():
    with pytest.raises(UnknownComputation, match="did you mean 'adamw'"):
        compute("adamww")


def test_missing_and_extra_arguments_are_named():
    with pytest.raises(BadArguments, match="missing argument 'lr'"):
        compute("sgd", params=[1.0], grads=[[0.1]])
    with pytest.raises(BadArguments, match="unknown argument 'learning_rate'"):
        compute("sgd", params=[1.0], grads=[[0.1]], lr=0.1, learning_rate=0.1)


def test_every_computation_has_a_summary_and_a_unique_name():
    comps = computations()
    names = [c.name for c in comps]
    assert len(names) == len(set(names))
    assert all(c.summary and c.usage().startswith(f"{c.name}(") for c in comps)


def test_an_overflowing_value_is_bad_arguments_not_infinity():
    # U(−10³⁰⁸, 10³⁰⁸): b − a overflows float64 (torch refuses this range too); before the
    # fix the value was a matrix of inf, printed as the non-JSON word Infinity.
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # and no RuntimeWarning escapes either
        with pytest.raises(BadArguments, match="infinite"):
            compute("init_weights", method="uniform", shape=[2, 3], a=-1e308, b=1e308)


@pytest.mark.parametrize(
    "name, kw",
    [
        ("adam", {"params": [1.0, -2.0], "grads": [[0.5, 0.1]], "lr": 0.1}),
        ("fan_in_fan_out", {"shape": [4, 3, 2]}),
        ("init_weights", {"method": "orthogonal", "shape": [3, 2]}),
        ("clip_grad_norm", {"grad": [3.0, 4.0], "max_norm": 1.0, "norm_type": float("inf")}),
    ],
)
def test_values_are_strict_json(name, kw):
    r = compute(name, **kw)
    assert json.loads(json.dumps(r.value, allow_nan=False)) == r.value
    assert r.steps and all(isinstance(s, str) for s in r.steps)


def test_deeply_nested_arguments_are_bad_arguments_not_recursion_error():
    deep = [0.1]
    for _ in range(5000):
        deep = [deep]
    with pytest.raises(BadArguments, match="nested too deeply"):
        compute("adam", params=[1.0], grads=deep)


def test_python_float_overflow_is_named_in_one_clear_line():
    # torch.nn.init.calculate_gain raises OverflowError here too (slope² is past float64)
    import torch

    with pytest.raises(OverflowError):
        torch.nn.init.calculate_gain("leaky_relu", 1e200)
    with pytest.raises(BadArguments, match=r"^calculate_gain: these arguments overflow float64"):
        compute("calculate_gain", nonlinearity="leaky_relu", param=1e200)
