"""Initialization: engine vs torch.nn.init (formulas directly, samples statistically)."""

import math

import numpy as np
import pytest
import torch

from quizapp.engine import BadArguments, compute
from quizapp.engine.crosscheck import check

NONLINEARITIES = [
    "linear",
    "conv1d",
    "conv2d",
    "conv3d",
    "conv_transpose1d",
    "conv_transpose2d",
    "conv_transpose3d",
    "sigmoid",
    "tanh",
    "relu",
    "leaky_relu",
    "selu",
]


@pytest.mark.parametrize("nonlinearity", NONLINEARITIES)
def test_calculate_gain_matches_torch(nonlinearity):
    assert compute("calculate_gain", nonlinearity=nonlinearity).value == pytest.approx(
        torch.nn.init.calculate_gain(nonlinearity), rel=1e-12
    )


@pytest.mark.parametrize("slope", [0.0, 0.01, 0.2, -0.5, 3])
def test_leaky_relu_gain_param(slope):
    got = compute("calculate_gain", nonlinearity="leaky_relu", param=slope).value
    assert got == pytest.approx(torch.nn.init.calculate_gain("leaky_relu", slope), rel=1e-12)


@pytest.mark.parametrize(
    "kw, fragment",
    [
        ({"nonlinearity": "swish"}, "nonlinearity must be one of"),
        ({"nonlinearity": "leaky_relu", "param": True}, "param"),
        ({"nonlinearity": "leaky_relu", "param": float("nan")}, "finite"),
    ],
)
def test_calculate_gain_bad_arguments(kw, fragment):
    with pytest.raises(BadArguments, match=fragment):
        compute("calculate_gain", **kw)


@pytest.mark.parametrize("shape", [[3, 4], [1, 1], [16, 3, 3, 3], [8, 2, 5], [2, 3, 2, 2, 2]])
def test_fan_in_fan_out_matches_torch(shape):
    fan_in, fan_out = torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(shape))
    assert compute("fan_in_fan_out", shape=shape).value == {"fan_in": fan_in, "fan_out": fan_out}


@pytest.mark.parametrize("shape", [[5], [], [3, 0], [2, -1], "3x4", [2.5, 3]])
def test_fan_in_fan_out_bad_shape(shape):
    with pytest.raises(BadArguments, match="shape"):
        compute("fan_in_fan_out", shape=shape)


def _sample_max_and_std(fn, shape, **kw):
    torch.manual_seed(0)
    w = fn(torch.empty(shape, dtype=torch.float64), **kw)
    return float(w.abs().max()), float(w.std())


BIG = (500, 400)


@pytest.mark.parametrize("gain", [1.0, 0.5, 5 / 3])
def test_xavier_scales_against_torch_samples(gain):
    fan_in, fan_out = BIG[1], BIG[0]
    bound = compute("xavier_uniform_bound", fan_in=fan_in, fan_out=fan_out, gain=gain).value
    top, _ = _sample_max_and_std(torch.nn.init.xavier_uniform_, BIG, gain=gain)
    assert bound * (1 - 1e-3) < top <= bound
    std = compute("xavier_normal_std", fan_in=fan_in, fan_out=fan_out, gain=gain).value
    _, sample_std = _sample_max_and_std(torch.nn.init.xavier_normal_, BIG, gain=gain)
    assert std == pytest.approx(sample_std, rel=0.01)
    # and the closed form from Glorot & Bengio
    assert bound == pytest.approx(gain * math.sqrt(6 / (fan_in + fan_out)), rel=1e-12)


@pytest.mark.parametrize(
    "kw",
    [
        {},
        {"a": 0.2},
        {"mode": "fan_out"},
        {"nonlinearity": "relu", "a": 5.0},  # a is ignored for relu
        {"nonlinearity": "tanh", "mode": "fan_out"},
        {"nonlinearity": "selu"},
    ],
)
def test_kaiming_scales_against_torch_samples(kw):
    fan_in, fan_out = BIG[1], BIG[0]
    bound = compute("kaiming_uniform_bound", fan_in=fan_in, fan_out=fan_out, **kw).value
    top, _ = _sample_max_and_std(torch.nn.init.kaiming_uniform_, BIG, **kw)
    assert bound * (1 - 1e-3) < top <= bound
    std = compute("kaiming_normal_std", fan_in=fan_in, fan_out=fan_out, **kw).value
    _, sample_std = _sample_max_and_std(torch.nn.init.kaiming_normal_, BIG, **kw)
    assert std == pytest.approx(sample_std, rel=0.01)


@pytest.mark.parametrize("mode", ["FAN_OUT", "Fan_In"])
def test_kaiming_mode_is_case_insensitive_as_in_torch(mode):
    # torch.nn.init._calculate_correct_fan lowercases mode; "FAN_OUT" used to be refused.
    fan_in, fan_out = BIG[1], BIG[0]
    std = compute("kaiming_normal_std", fan_in=fan_in, fan_out=fan_out, mode=mode).value
    _, sample_std = _sample_max_and_std(torch.nn.init.kaiming_normal_, BIG, mode=mode)
    assert std == pytest.approx(sample_std, rel=0.01)
    fan = fan_out if mode.lower() == "fan_out" else fan_in
    assert std == pytest.approx(math.sqrt(2 / fan), rel=1e-12)
    w = _w("kaiming_uniform", [30, 20], mode=mode)
    assert np.abs(w).max() <= math.sqrt(6 / (30 if mode.lower() == "fan_out" else 20))


def test_kaiming_default_is_he_for_relu():
    # a = 0 with leaky_relu gives gain √2: std = √(2 / fan_in)
    assert compute("kaiming_normal_std", fan_in=50, fan_out=7).value == pytest.approx(math.sqrt(2 / 50))


@pytest.mark.parametrize(
    "name, kw, fragment",
    [
        ("xavier_uniform_bound", {"fan_in": 0, "fan_out": 3}, "fan_in"),
        ("xavier_normal_std", {"fan_in": 3, "fan_out": 3, "gain": -1}, "gain"),
        ("kaiming_uniform_bound", {"fan_in": 3, "fan_out": 3, "mode": "fan_avg"}, "mode"),
        ("kaiming_normal_std", {"fan_in": 3, "fan_out": 3, "nonlinearity": "gelu"}, "nonlinearity"),
        ("kaiming_normal_std", {"fan_in": 3.5, "fan_out": 3}, "whole number"),
    ],
)
def test_scale_bad_arguments(name, kw, fragment):
    with pytest.raises(BadArguments, match=fragment):
        compute(name, **kw)


def _w(method, shape, **kw):
    return np.asarray(compute("init_weights", method=method, shape=shape, **kw).value)


def test_zeros_are_zeros():
    w = _w("zeros", [3, 4, 2])
    assert w.shape == (3, 4, 2) and not w.any()


@pytest.mark.parametrize(
    "method, kw, torch_fn",
    [
        ("uniform", {"a": -0.5, "b": 2.0}, torch.nn.init.uniform_),
        ("normal", {"mean": 1.5, "std": 0.3}, torch.nn.init.normal_),
        ("xavier_uniform", {"gain": 2.0}, torch.nn.init.xavier_uniform_),
        ("xavier_normal", {}, torch.nn.init.xavier_normal_),
        ("kaiming_uniform", {"a": 0.3, "mode": "fan_out"}, torch.nn.init.kaiming_uniform_),
        ("kaiming_normal", {"nonlinearity": "relu"}, torch.nn.init.kaiming_normal_),
    ],
)
def test_init_weights_statistics_match_torch(method, kw, torch_fn):
    shape = [300, 100, 2]
    w = _w(method, shape, seed=7, **kw)
    assert w.shape == tuple(shape)
    torch.manual_seed(7)
    t = torch_fn(torch.empty(shape, dtype=torch.float64), **kw).numpy()
    assert w.mean() == pytest.approx(t.mean(), abs=0.01 * t.std() + 1e-3)
    assert w.std() == pytest.approx(t.std(), rel=0.01)
    if "uniform" in method:  # same support as torch's draw
        assert t.min() - 1e-3 * t.std() < w.min() and w.max() < t.max() + 1e-3 * t.std()


@pytest.mark.parametrize("shape", [[4, 9], [9, 4], [6, 2, 3], [5, 5]])
@pytest.mark.parametrize("gain", [1.0, 2.5])
def test_orthogonal_rows_or_columns_are_orthonormal(shape, gain):
    w = _w("orthogonal", shape, seed=3, gain=gain).reshape(shape[0], -1) / gain
    rows, cols = w.shape
    gram = w @ w.T if rows <= cols else w.T @ w
    np.testing.assert_allclose(gram, np.eye(min(rows, cols)), atol=1e-12)
    assert check("init_weights", method="orthogonal", shape=shape, seed=3, gain=gain).agree


@pytest.mark.parametrize("method", ["uniform", "normal", "xavier_uniform", "kaiming_normal", "orthogonal"])
def test_init_weights_reproducible_per_seed(method):
    a, b = _w(method, [6, 5], seed=11), _w(method, [6, 5], seed=11)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, _w(method, [6, 5], seed=12))


@pytest.mark.parametrize(
    "method, kw",
    [
        ("xavier_normal", {"gain": 0.7}),
        ("kaiming_uniform", {"a": 0.1, "nonlinearity": "leaky_relu"}),
        ("uniform", {"a": 1.0, "b": 4.0}),
        ("zeros", {}),
    ],
)
def test_init_weights_reference_agrees(method, kw):
    assert check("init_weights", method=method, shape=[4, 3, 2], seed=5, **kw).agree


@pytest.mark.parametrize(
    "kw, fragment",
    [
        ({"method": "xavier_uniform", "shape": [3, 3], "std": 1}, "std is not an option of xavier_uniform"),
        ({"method": "zeros", "shape": [3, 3], "gain": 2}, "zeros takes no options"),
        ({"method": "normal", "shape": [3, 3], "mode": "fan_out"}, "mode is not an option of normal"),
        ({"method": "orthogonal", "shape": [3, 3], "b": 1}, "b is not an option"),
        ({"method": "uniform", "shape": [3], "a": 2, "b": 1}, "a ≤ b"),
        ({"method": "normal", "shape": [3], "std": -1}, "std"),
        ({"method": "xavier_uniform", "shape": [3]}, "at least 2 dimensions"),
        ({"method": "orthogonal", "shape": [3]}, "at least 2 dimensions"),
        ({"method": "he", "shape": [3, 3]}, "method must be one of"),
        ({"method": "normal", "shape": [3, 3], "seed": -1}, "seed"),
        ({"method": "normal", "shape": [5000, 5000]}, "at most"),
    ],
)
def test_init_weights_bad_arguments(kw, fragment):
    with pytest.raises(BadArguments, match=fragment):
        compute("init_weights", **kw)


def test_init_weights_steps_name_the_scale():
    r = compute("init_weights", method="kaiming_uniform", shape=[4, 6])
    text = "\n".join(r.steps)
    assert "fan_in = 6" in text
    assert f"{math.sqrt(3) * math.sqrt(2) / math.sqrt(6):.6g}" in text  # the bound, √3·√2/√6 = 1


def test_fans_of_a_large_conv_weight_need_no_sampling_limit():
    # fan_in_fan_out only reads the shape: a real 256×128×7×7 conv weight is fine.
    shape = [256, 128, 7, 7]
    fan_in, fan_out = torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(shape, device="meta"))
    assert compute("fan_in_fan_out", shape=shape).value == {"fan_in": fan_in, "fan_out": fan_out}
    with pytest.raises(BadArguments, match="sampled"):
        compute("init_weights", method="zeros", shape=[2000, 1000])
