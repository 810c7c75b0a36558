"""Activations and their derivatives, checked against torch (forward and autograd)."""

import json
import numpy as np
import pytest
import torch
import torch.nn.functional as F  # noqa: N812
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.engine import BadArguments, compute
from quizapp.engine._args import fmt
from quizapp.engine.crosscheck import check
from engine_helpers import assert_plain_like_reference

# name -> (torch function, extra keyword arguments to try besides the defaults)
ELEMENTWISE = {
    "sigmoid": (torch.sigmoid, {}),
    "tanh": (torch.tanh, {}),
    "relu": (F.relu, {}),
    "leaky_relu": (F.leaky_relu, {"negative_slope": 0.2}),
    "elu": (F.elu, {"alpha": 1.7}),
}

SHAPES = {
    "scalar": 0.75,
    "zero": 0.0,
    "extremes": [-100.0, -30.0, -1e-9, 0.0, 1e-9, 30.0, 100.0],
    "matrix": np.random.default_rng(7).normal(scale=4.0, size=(3, 4)).tolist(),
}


def _t(x, grad=False):
    return torch.tensor(x, dtype=torch.float64, requires_grad=grad)


def _torch_grad(fn, x, **kw):
    t = _t(x, grad=True)
    fn(t, **kw).sum().backward()
    return t.grad.numpy()


def _assert_same(value, expected, shape):
    assert np.shape(value) == shape
    np.testing.assert_allclose(np.asarray(value, dtype=float), expected, rtol=1e-9, atol=1e-15)


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("name", ELEMENTWISE)
@pytest.mark.parametrize("with_options", [False, True])
def test_function_and_derivative_match_torch(name, shape, with_options):
    fn, options = ELEMENTWISE[name]
    kw = options if with_options else {}
    x = SHAPES[shape]
    _assert_same(compute(name, x=x, **kw).value, fn(_t(x), **kw).numpy(), np.shape(x))
    _assert_same(compute(f"{name}_grad", x=x, **kw).value, _torch_grad(fn, x, **kw), np.shape(x))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(-60, 60, allow_nan=False), min_size=1, max_size=6),
    st.sampled_from(sorted(ELEMENTWISE)),
    st.floats(-2, 2, allow_nan=False),
)
def test_random_vectors_match_torch(x, name, option):
    fn, options = ELEMENTWISE[name]
    kw = {k: option for k in options}
    _assert_same(compute(name, x=x, **kw).value, fn(_t(x), **kw).numpy(), (len(x),))
    _assert_same(compute(f"{name}_grad", x=x, **kw).value, _torch_grad(fn, x, **kw), (len(x),))


def test_derivatives_at_exactly_zero_follow_torch_conventions():
    # Independent of the engine: the contract's conventions, which autograd also gives.
    assert compute("relu_grad", x=0).value == 0.0
    assert compute("leaky_relu_grad", x=0, negative_slope=0.3).value == 0.3
    assert compute("leaky_relu_grad", x=0).value == 0.01
    assert compute("elu_grad", x=0, alpha=2.0).value == 2.0
    assert compute("sigmoid_grad", x=0).value == 0.25
    assert compute("tanh_grad", x=0).value == 1.0
    for name, (fn, kw) in ELEMENTWISE.items():
        assert compute(f"{name}_grad", x=[0.0], **kw).value == pytest.approx(_torch_grad(fn, [0.0], **kw).tolist())


def test_sigmoid_tails_keep_their_relative_precision():
    # σ(−100) = e⁻¹⁰⁰ / (1 + e⁻¹⁰⁰), far below any absolute tolerance: compare relatively.
    for name in ("sigmoid", "sigmoid_grad"):
        value = compute(name, x=-100.0).value
        assert value == pytest.approx(np.exp(-100.0), rel=1e-12)


def test_sigmoid_is_stable_for_huge_inputs():
    r = compute("sigmoid", x=[-1000.0, 1000.0])
    assert r.value == [0.0, 1.0]
    assert compute("sigmoid_grad", x=[-800.0, 800.0]).value == [0.0, 0.0]
    assert all("∞" not in s for s in r.steps)


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
@pytest.mark.parametrize(
    "x, dims",
    [
        (2.5, [-1, 0]),
        ([1.0, 2.0, 3.0], [-1, 0]),
        ([1000.0, 0.0, -1000.0], [-1]),
        ([[1.0, -2.0, 0.5], [100.0, -100.0, 0.0]], [-1, 0, 1, -2]),
    ],
)
def test_softmax_matches_torch_along_every_dim(name, x, dims):
    fn = getattr(F, name)
    for dim in dims:
        value = compute(name, x=x, dim=dim).value
        _assert_same(value, fn(_t(x), dim=dim).numpy(), np.shape(x))
    _assert_same(compute(name, x=x).value, fn(_t(x), dim=-1).numpy(), np.shape(x))


def test_softmax_steps_show_the_max_subtraction():
    r = compute("softmax", x=[1.0, 2.0, 3.0])
    expected = F.softmax(_t([1.0, 2.0, 3.0]), dim=-1).numpy()
    text = "\n".join(r.steps)
    assert "m = max(x) = 3" in text
    assert "x − m = [−2, −1, 0]" in text
    assert fmt(expected) in r.steps[-1]


@pytest.mark.parametrize("name", sorted(ELEMENTWISE) + [f"{n}_grad" for n in ELEMENTWISE])
def test_steps_end_with_the_value(name):
    r = compute(name, x=[-1.5, 0.0, 2.0])
    assert r.steps and fmt(np.array(r.value)) in r.steps[-1]


@pytest.mark.parametrize(
    "name, kwargs, words",
    [
        ("relu", {"x": []}, "x must not be empty"),
        ("sigmoid", {"x": [1.0, float("nan")]}, "finite"),
        ("tanh", {"x": float("inf")}, "finite"),
        ("elu", {"x": "abc"}, "x must be"),
        ("relu", {"x": [[1.0, 2.0], [3.0]]}, "x must be"),
        ("relu", {"x": [[[1.0]]]}, "x must be a number or a vector or a matrix"),
        ("leaky_relu", {"x": 1.0, "negative_slope": "steep"}, "negative_slope must be a number"),
        ("elu_grad", {"x": 1.0, "alpha": float("nan")}, "alpha"),
        ("softmax", {"x": [1.0, 2.0], "dim": 1}, "dim must be ≤ 0"),
        ("log_softmax", {"x": [[1.0, 2.0]], "dim": -3}, "dim must be ≥ -2"),
        ("softmax", {"x": [1.0, 2.0], "dim": 0.5}, "dim must be a whole number"),
    ],
)
def test_bad_arguments_are_named(name, kwargs, words):
    with pytest.raises(BadArguments, match=words):
        compute(name, **kwargs)


@pytest.mark.parametrize(
    "name", sorted(ELEMENTWISE) + [f"{n}_grad" for n in ELEMENTWISE] + ["softmax", "log_softmax"]
)
def test_torch_reference_agrees(name):
    result = check(name, x=[[-3.0, 0.0], [0.5, 40.0]])
    assert result.agree, result.detail
    assert result.library == "torch"



@pytest.mark.parametrize("x", [0.5, 0, [-1.0, 2.0], [[0.0, -1.0], [3.0, 0.5]]])
@pytest.mark.parametrize(
    "name", sorted(ELEMENTWISE) + [f"{n}_grad" for n in ELEMENTWISE] + ["softmax", "log_softmax"]
)
def test_value_is_plain_json_of_torchs_shape(name, x):
    # A scalar gives a plain float, a vector a list, a matrix a list of lists, as tensor.tolist().
    assert_plain_like_reference(check(name, x=x))
