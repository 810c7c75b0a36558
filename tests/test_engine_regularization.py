"""Penalties, norms, dropout and normalization against torch / sklearn."""

import json
import warnings

import numpy as np
import pytest
import torch
import torch.nn.functional as F  # noqa: N812
from hypothesis import example, given, settings
from hypothesis import strategies as st
from sklearn.preprocessing import MinMaxScaler, StandardScaler

from quizapp.engine import BadArguments, compute
from quizapp.engine._args import fmt
from quizapp.engine.crosscheck import check
from engine_helpers import assert_plain_like_reference


def _t(x, grad=False):
    return torch.tensor(x, dtype=torch.float64, requires_grad=grad)


def _assert_same(value, expected):
    expected = expected.detach().numpy() if isinstance(expected, torch.Tensor) else np.asarray(expected)
    assert np.shape(value) == np.shape(expected)
    np.testing.assert_allclose(np.asarray(value, dtype=float), expected, rtol=1e-10, atol=1e-12)


@pytest.fixture
def rng():
    return np.random.default_rng(31337)


PENALTIES = {
    "l1_penalty": lambda w, lam: lam * w.abs().sum(),
    "l2_penalty": lambda w, lam: lam / 2 * (w**2).sum(),
}


@pytest.mark.parametrize("w", [0.0, -1.5, [0.5, -2.0, 0.0, 3.0], [[1.0, -0.25], [0.0, 4.0]]])
@pytest.mark.parametrize("name", PENALTIES)
def test_penalties_and_gradients_match_torch_autograd(name, w):
    lam = 0.3
    t = _t(w, grad=True)
    penalty = PENALTIES[name](t, lam)
    penalty.backward()
    assert compute(name, w=w, lam=lam).value == pytest.approx(penalty.item(), rel=1e-12)
    _assert_same(compute(f"{name}_grad", w=w, lam=lam).value, t.grad)


def test_penalty_steps_and_closed_forms():
    r1 = compute("l1_penalty", w=[0.5, -2.0, 0.0], lam=0.1)
    assert r1.value == pytest.approx(0.25)
    assert "|0.5| + |−2| + |0| = 2.5" in r1.steps[0]
    r2 = compute("l2_penalty", w=[3.0, -4.0], lam=0.5)
    assert r2.value == pytest.approx(6.25)  # 0.5 / 2 · 25
    assert "3² + (−4)² = 25" in r2.steps[0] and "6.25" in r2.steps[-1]
    assert compute("l1_penalty_grad", w=[0.0, -3.0], lam=2.0).value == [0.0, -2.0]


@pytest.mark.parametrize("p", [0, 1, 1.5, 2, 3, 7.25, "inf"])
@pytest.mark.parametrize("x", [[3.0, -4.0, 0.0, 1e-3], [[1.0, -2.0], [0.0, 0.5]], [0.0, 0.0], -2.5])
def test_lp_norm_matches_torch_vector_norm(x, p):
    order = float("inf") if p == "inf" else p
    expected = torch.linalg.vector_norm(_t(x), ord=order).item()
    value = compute("lp_norm", x=x, p=p).value
    assert value == pytest.approx(expected, rel=1e-12)
    assert isinstance(value, float)  # torch's norm is a float tensor, for p = 0 too


def test_lp_norm_large_p_does_not_overflow():
    # (10⁴⁰⁰ + 20⁴⁰⁰)^(1/400) = 20·(1 + 2⁻⁴⁰⁰)^(1/400), i.e. 20 to double precision.
    assert compute("lp_norm", x=[10.0, 20.0], p=400).value == pytest.approx(20.0)
    assert compute("lp_norm", x=[3.0, -4.0], p=2).steps[-1].endswith("= 5")


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.floats(-1e3, 1e3, allow_nan=False), min_size=1, max_size=8),
    st.floats(1, 12, allow_nan=False),
)
@example([0.0, 1.960007544135704e-80], 4.0)
def test_lp_norm_random_vectors(x, p):
    # torch on x itself loses digits when |x|ᵖ is subnormal (x = [0, 1.96e-80], p = 4 is 2e-6 off);
    # a norm is homogeneous, ‖x‖ = m·‖x/m‖, so torch is given x/m with m = max|x| instead.
    m = max(abs(v) for v in x)
    expected = m * torch.linalg.vector_norm(_t(x) / m, ord=p).item() if m else 0.0
    assert compute("lp_norm", x=x, p=p).value == pytest.approx(expected, rel=1e-9)


def test_lp_norm_tiny_entries_do_not_underflow():
    assert compute("lp_norm", x=[0.0, 3e-200, -4e-200], p=2).value == pytest.approx(5e-200, rel=1e-12)


@pytest.mark.parametrize("p", [0.0, 0.25, 0.5, 0.9])
def test_dropout_matches_torch_with_its_own_mask(p):
    # torch draws the mask; the engine, given that mask, must give torch's output.
    torch.manual_seed(int(p * 100))
    x = _t(np.arange(1.0, 13.0).reshape(3, 4).tolist())
    out, mask = torch.native_dropout(x, p, True)
    value = compute("dropout", x=x.tolist(), p=p, mask=mask.to(torch.float64).tolist())
    _assert_same(value.value, out)
    assert fmt(1 / (1 - p)) in "\n".join(value.steps)


def test_dropout_edges():
    assert compute("dropout", x=[1.0, 2.0], p=1, mask=[1, 1]).value == [0.0, 0.0]
    assert compute("dropout", x=[1.0, -2.0], p=1.0, mask=[0, 0]).value == F.dropout(_t([1.0, -2.0]), p=1.0).tolist()
    assert compute("dropout", x=3.0, p=0.5, mask=1).value == 6.0
    assert compute("dropout", x=[2.0, 4.0], p=0.0, mask=[1, 1]).value == [2.0, 4.0]


@pytest.mark.parametrize("affine", ["none", "gamma", "beta", "both"])
@pytest.mark.parametrize("shape", [(2, 1), (5, 3)])
def test_batch_norm_matches_torch_training_mode(rng, shape, affine):
    x = rng.normal(loc=2.0, scale=3.0, size=shape).tolist()
    c = shape[1]
    gamma = rng.uniform(0.5, 2.0, size=c).tolist() if affine in ("gamma", "both") else None
    beta = rng.normal(size=c).tolist() if affine in ("beta", "both") else None
    for eps in (1e-5, 0.1):
        value = compute("batch_norm", x=x, gamma=gamma, beta=beta, eps=eps).value
        expected = F.batch_norm(
            _t(x), None, None, None if gamma is None else _t(gamma), None if beta is None else _t(beta),
            training=True, eps=eps,
        )
        _assert_same(value, expected)


def test_batch_norm_steps_show_each_stage():
    x = [[1.0, 2.0], [3.0, 6.0]]
    r = compute("batch_norm", x=x, gamma=[2.0, 1.0], beta=[0.5, 0.0])
    text = "\n".join(r.steps)
    assert "μ = mean per channel (column) = [2, 4]" in text
    assert "σ² = mean((x − μ)²) per channel (column) = [1, 4]" in text
    assert "x̂ = " in text and "y = γ·x̂ + β" in r.steps[-1]
    expected = F.batch_norm(_t(x), None, None, _t([2.0, 1.0]), _t([0.5, 0.0]), training=True)
    assert fmt(expected.numpy()) in r.steps[-1]


@pytest.mark.parametrize("momentum", [0.1, 0.0, 0.5, 1.0])
def test_batch_norm_running_stats_match_torch(rng, momentum):
    x = rng.normal(size=(4, 3)).tolist()
    rm, rv = rng.normal(size=3), rng.uniform(0.5, 2.0, size=3)
    t_rm, t_rv = _t(rm.tolist()), _t(rv.tolist())
    F.batch_norm(_t(x), t_rm, t_rv, training=True, momentum=momentum)
    value = compute("batch_norm_running", x=x, running_mean=rm.tolist(), running_var=rv.tolist(), momentum=momentum)
    assert set(value.value) == {"running_mean", "running_var"}
    _assert_same(value.value["running_mean"], t_rm)
    _assert_same(value.value["running_var"], t_rv)
    assert "N − 1" in "\n".join(value.steps)


def test_batch_norm_running_default_momentum_is_torchs():
    bn = torch.nn.BatchNorm1d(2, dtype=torch.float64)  # running 0 / 1, momentum 0.1
    x = [[1.0, 2.0], [3.0, 6.0], [2.0, -1.0]]
    bn.train()(_t(x))
    value = compute("batch_norm_running", x=x, running_mean=[0.0, 0.0], running_var=[1.0, 1.0]).value
    _assert_same(value["running_mean"], bn.running_mean)
    _assert_same(value["running_var"], bn.running_var)


@pytest.mark.parametrize("affine", [False, True])
@pytest.mark.parametrize("shape", [(4,), (3, 5), (2, 1)])
def test_layer_norm_matches_torch(rng, shape, affine):
    x = rng.normal(scale=2.0, size=shape).tolist()
    c = shape[-1]
    gamma = rng.uniform(0.5, 2.0, size=c).tolist() if affine else None
    beta = rng.normal(size=c).tolist() if affine else None
    for eps in (1e-5, 0.0, 0.5):
        if eps == 0 and c == 1:
            continue  # a single feature has variance 0: undefined without eps (checked below)
        value = compute("layer_norm", x=x, gamma=gamma, beta=beta, eps=eps).value
        expected = F.layer_norm(
            _t(x), (c,), None if gamma is None else _t(gamma), None if beta is None else _t(beta), eps=eps
        )
        _assert_same(value, expected)


@pytest.mark.parametrize("x", [[3.0, 1.0, 2.0, 5.0], [-1e3, 0.5, 7.0], [0.1, 0.2]])
def test_scalers_match_sklearn(x):
    col = np.asarray(x).reshape(-1, 1)
    _assert_same(compute("min_max_scale", x=x).value, MinMaxScaler().fit_transform(col).ravel())
    _assert_same(compute("zscore", x=x).value, StandardScaler().fit_transform(col).ravel())


@pytest.mark.parametrize(
    "x", [[0.1, 0.1, 0.1], [3.0, 3.0, 3.0 + 4e-16], [1e-300, 2e-300], [1e-200, 3e-200]]
)
def test_scalers_refuse_what_sklearn_treats_as_constant(x):
    # sklearn does not scale these (it sets the scale to 1), so z and x′ are not defined.
    col = np.asarray(x).reshape(-1, 1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        centred = StandardScaler().fit_transform(col).ravel() + np.mean(x)
        shifted = MinMaxScaler().fit_transform(col).ravel() + np.min(x)
    np.testing.assert_allclose(centred, x, rtol=1e-12)
    np.testing.assert_allclose(shifted, x, rtol=1e-12)
    for name in ("zscore", "min_max_scale"):
        with pytest.raises(BadArguments, match="x must not be constant"):
            compute(name, x=x)


@pytest.mark.parametrize("name", ["zscore", "min_max_scale"])
def test_scalers_refuse_overflow_rather_than_return_infinity(name):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # and no numpy overflow warning on the way
        with pytest.raises(BadArguments, match="x is too large"):
            compute(name, x=[-1e308, 1e308])


def test_zscore_uses_population_std():
    r = compute("zscore", x=[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0])  # mean 5, population std 2
    assert r.value == pytest.approx([-1.5, -0.5, -0.5, -0.5, 0.0, 0.0, 1.0, 2.0])
    assert "σ = √(Σ(x − μ)² / 8) = 2" in "\n".join(r.steps)


@pytest.mark.parametrize(
    "name, kwargs, words",
    [
        ("l1_penalty", {"w": [], "lam": 0.1}, "w must not be empty"),
        ("l2_penalty", {"w": [1.0, float("nan")], "lam": 0.1}, "finite"),
        ("l2_penalty_grad", {"w": [1.0], "lam": -0.1}, "lam must be ≥ 0"),
        ("lp_norm", {"x": [1.0, 2.0], "p": 0.5}, 'p must be 0, a number ≥ 1, or "inf"'),
        ("lp_norm", {"x": [1.0, 2.0], "p": -2}, "p must be 0"),
        ("lp_norm", {"x": [1.0, 2.0], "p": "max"}, "p must be 0"),
        ("lp_norm", {"x": [1.0, 2.0], "p": float("inf")}, 'string "inf"'),
        ("lp_norm", {"x": [], "p": 2}, "x must not be empty"),
        ("dropout", {"x": [1.0, 2.0], "p": 1.5, "mask": [1, 0]}, "p must be ≤ 1"),
        ("dropout", {"x": [1.0, 2.0], "p": -0.1, "mask": [1, 0]}, "p must be ≥ 0"),
        ("dropout", {"x": [1.0, 2.0], "p": 0.5, "mask": [1, 0, 1]}, "mask must have the shape of x"),
        ("dropout", {"x": [1.0, 2.0], "p": 0.5, "mask": [1, 0.5]}, "mask must hold only 0"),
        ("batch_norm", {"x": [[1.0, 2.0]]}, "more than 1 row"),
        ("batch_norm", {"x": [1.0, 2.0, 3.0]}, "x must be a matrix"),
        ("batch_norm", {"x": [[1.0, 2.0], [3.0, 4.0]], "eps": 0}, "eps must be > 0"),
        ("batch_norm", {"x": [[1.0, 2.0], [3.0, 4.0]], "gamma": [1.0]}, "gamma must have 2 elements"),
        ("batch_norm", {"x": [[1.0, float("nan")], [3.0, 4.0]]}, "finite"),
        ("batch_norm_running", {"x": [[1.0, 2.0]], "running_mean": [0, 0], "running_var": [1, 1]}, "more than 1 row"),
        ("batch_norm_running", {"x": [[1.0], [2.0]], "running_mean": [0], "running_var": [-1]}, "running_var"),
        ("batch_norm_running", {"x": [[1.0], [2.0]], "running_mean": [0], "running_var": [1], "momentum": 2}, "momentum"),
        ("layer_norm", {"x": [1.0, 1.0], "eps": 0}, "eps must be > 0 when"),
        ("layer_norm", {"x": [1.0, 2.0], "beta": [1.0, 2.0, 3.0]}, "beta must have 2 elements"),
        ("min_max_scale", {"x": [2.0, 2.0, 2.0]}, "x must not be constant"),
        ("zscore", {"x": [5.0]}, "x must not be constant"),
        ("zscore", {"x": [[1.0, 2.0]]}, "x must be a vector"),
    ],
)
def test_bad_arguments_are_named(name, kwargs, words):
    with pytest.raises(BadArguments, match=words):
        compute(name, **kwargs)


def test_torch_refuses_what_the_engine_refuses():
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        F.batch_norm(_t([[1.0, 2.0]]), None, None, training=True)
    with pytest.raises(ValueError, match="eps must be positive"):
        F.batch_norm(_t([[1.0], [2.0]]), None, None, training=True, eps=0)


@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("l1_penalty", {"w": [1.0, -2.0], "lam": 0.1}),
        ("l2_penalty", {"w": [[1.0, -2.0], [0.5, 0.0]], "lam": 0.3}),
        ("l1_penalty_grad", {"w": [1.0, 0.0, -2.0], "lam": 0.1}),
        ("l2_penalty_grad", {"w": [1.0, -2.0], "lam": 0.1}),
        ("lp_norm", {"x": [1.0, -2.0, 0.0], "p": 0}),
        ("lp_norm", {"x": [1.0, -2.0, 0.0], "p": "inf"}),
        ("dropout", {"x": [1.0, -2.0], "p": 0.2, "mask": [0, 1]}),
        ("batch_norm", {"x": [[1.0, 2.0], [0.0, 5.0]], "gamma": [2.0, 1.0]}),
        ("batch_norm_running", {"x": [[1.0, 2.0], [0.0, 5.0]], "running_mean": [0, 1], "running_var": [1, 2]}),
        ("layer_norm", {"x": [[1.0, 2.0], [0.0, 5.0]], "beta": [2.0, 1.0]}),
        ("min_max_scale", {"x": [1.0, 4.0, 2.0]}),
        ("zscore", {"x": [1.0, 4.0, 2.0]}),
    ],
)
def test_reference_agrees(name, kwargs):
    result = check(name, **kwargs)
    assert result.agree, result.detail



@pytest.mark.parametrize("x", [2.0, [0.0, -3.0, 1.5], [[1.0, 0.0], [-2.0, 4.0]]])
@pytest.mark.parametrize(
    "name, extra",
    [
        ("l1_penalty", {"lam": 0.1}),
        ("l2_penalty", {"lam": 0.1}),
        ("l1_penalty_grad", {"lam": 0.1}),
        ("l2_penalty_grad", {"lam": 0.1}),
        ("lp_norm", {"p": 0}),
        ("lp_norm", {"p": 1}),
        ("lp_norm", {"p": "inf"}),
        ("dropout", {"p": 1.0}),
    ],
)
def test_value_is_plain_json_of_torchs_shape(name, extra, x):
    if name == "dropout":
        extra = {**extra, "mask": np.ones(np.shape(x)).tolist()}
    assert_plain_like_reference(check(name, **{"w" if "penalty" in name else "x": x}, **extra))


# --- group and instance normalization ---------------------------------------------------


def _opt(v):
    return None if v is None else _t(v)


@pytest.mark.parametrize("affine", ["none", "gamma", "beta", "both"])
@pytest.mark.parametrize(
    "shape, groups", [((2, 4), 2), ((3, 6), 3), ((2, 6), 1), ((2, 6, 5), 3), ((1, 4, 3), 2), ((3, 4, 2), 4), ((2, 3, 4), 1)]
)
def test_group_norm_matches_torch(rng, shape, groups, affine):
    x = rng.normal(loc=1.0, scale=2.5, size=shape).round(3).tolist()
    c = shape[1]
    gamma = rng.uniform(0.5, 2.0, size=c).tolist() if affine in ("gamma", "both") else None
    beta = rng.normal(size=c).tolist() if affine in ("beta", "both") else None
    for eps in (1e-5, 0.0, 0.3):
        value = compute("group_norm", x=x, num_groups=groups, gamma=gamma, beta=beta, eps=eps).value
        _assert_same(value, F.group_norm(_t(x), groups, _opt(gamma), _opt(beta), eps=eps))


def test_group_norm_at_its_two_ends_is_layer_norm_and_instance_norm(rng):
    # one group: every channel and position of a sample together, as F.layer_norm over C×L;
    # one channel per group: each channel alone, as F.instance_norm
    x = rng.normal(size=(3, 4, 5)).tolist()
    _assert_same(compute("group_norm", x=x, num_groups=1).value, F.layer_norm(_t(x), (4, 5)))
    _assert_same(compute("group_norm", x=x, num_groups=4).value, F.instance_norm(_t(x)))


@pytest.mark.parametrize("affine", [False, True])
@pytest.mark.parametrize("shape", [(2, 3, 4), (1, 2, 2), (4, 1, 7)])
def test_instance_norm_matches_torch(rng, shape, affine):
    x = rng.normal(loc=-2.0, scale=3.0, size=shape).tolist()
    c = shape[1]
    gamma = rng.uniform(0.5, 2.0, size=c).tolist() if affine else None
    beta = rng.normal(size=c).tolist() if affine else None
    for eps in (1e-5, 0.0, 0.3):
        value = compute("instance_norm", x=x, gamma=gamma, beta=beta, eps=eps).value
        expected = F.instance_norm(_t(x), weight=_opt(gamma), bias=_opt(beta), use_input_stats=True, eps=eps)
        _assert_same(value, expected)


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(1, 3),
    groups=st.integers(1, 3),
    per_group=st.integers(1, 3),
    length=st.integers(2, 4),
    seed=st.integers(0, 2**32 - 1),
)
def test_group_and_instance_norm_agree_with_torch_on_random_shapes(n, groups, per_group, length, seed):
    x = np.random.default_rng(seed).uniform(-50, 50, size=(n, groups * per_group, length)).tolist()
    _assert_same(compute("group_norm", x=x, num_groups=groups).value, F.group_norm(_t(x), groups))
    _assert_same(compute("instance_norm", x=x).value, F.instance_norm(_t(x)))


def test_group_norm_steps_pool_each_group_and_work_one_value():
    x = [[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [0.0, 1.0]]]
    r = compute("group_norm", x=x, num_groups=2, gamma=[1.0, 2.0, 3.0, 4.0])
    text = "\n".join(r.steps)
    assert "2 channels × L = 2 positions = 4 values" in text
    assert "group 0 (channels 0–1): [1, 2, 3, 4] → μ = 2.5, σ² = 1.25" in text  # biased: 5 / 4
    assert "group 1 (channels 2–3): [5, 6, 0, 1] → μ = 3, σ² = 6.5" in text
    expected = F.group_norm(_t(x), 2, _t([1.0, 2.0, 3.0, 4.0]))
    first = F.group_norm(_t(x), 2)[0, 0, 0].item()
    assert f"x[0, 0, 0] = 1: x̂ = (1 − 2.5) / √(1.25 + 1×10⁻⁵) = {fmt(first)}" in text
    assert r.steps[-1].startswith("y = γ·x̂ + β") and fmt(expected.numpy()) in r.steps[-1]


def test_instance_norm_steps_pool_each_channel():
    x = [[[1.0, 2.0, 4.0], [3.0, 4.0, 4.0]]]
    text = "\n".join(compute("instance_norm", x=x).steps)
    assert "L = 3 positions" in text
    assert "channel 1: [3, 4, 4] → μ = 3.66667, σ² = 0.222222" in text  # (4/9 + 1/9 + 1/9) / 3


def test_group_norm_counts_the_pools_it_leaves_out(rng):
    r = compute("group_norm", x=rng.normal(size=(5, 4)).tolist(), num_groups=2)
    assert sum("→ μ =" in s for s in r.steps) == 8
    assert any(s == "… 2 more (sample, group) pairs computed the same way" for s in r.steps)


@pytest.mark.parametrize(
    "name, kwargs, words",
    [
        ("group_norm", {"x": [[1.0, 2.0, 3.0, 4.0]], "num_groups": 3}, "num_groups must divide the number of channels C = 4, got 3"),
        ("group_norm", {"x": [[1.0, 2.0, 3.0, 4.0]], "num_groups": 8}, "num_groups must divide"),
        ("group_norm", {"x": [[1.0, 2.0]], "num_groups": 0}, "num_groups must be ≥ 1"),
        ("group_norm", {"x": [[1.0, 2.0]], "num_groups": 1.5}, "num_groups must be a whole number"),
        ("group_norm", {"x": [1.0, 2.0], "num_groups": 1}, "x must be a matrix or a 3-d array, got a vector"),
        ("group_norm", {"x": [[1.0, 2.0]], "num_groups": 2}, "single value"),
        ("group_norm", {"x": [[1.0, 2.0], [3.0, 4.0]], "num_groups": 1, "gamma": [1.0]}, "gamma must have 2 elements"),
        ("group_norm", {"x": [[1.0, 2.0], [3.0, 4.0]], "num_groups": 1, "eps": -1e-5}, "eps must be ≥ 0"),
        ("group_norm", {"x": [[1.0, 1.0], [3.0, 4.0]], "num_groups": 1, "eps": 0}, "eps must be > 0 when"),
        ("instance_norm", {"x": [[1.0, 2.0], [3.0, 4.0]]}, "x must be a 3-d array, got a matrix"),
        ("instance_norm", {"x": [[[1.0], [2.0]]]}, "more than 1 position"),
        ("instance_norm", {"x": [[[1.0, 2.0]]], "beta": [0.0, 1.0]}, "beta must have 1 element, got 2"),
        ("instance_norm", {"x": [[[2.0, 2.0]]], "eps": 0}, "eps must be > 0 when"),
    ],
)
def test_group_and_instance_norm_bad_arguments(name, kwargs, words):
    with pytest.raises(BadArguments, match=words):
        compute(name, **kwargs)


def test_torch_refuses_the_group_and_instance_norm_inputs_the_engine_refuses():
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        F.group_norm(_t([[1.0, 2.0]]), 2)
    with pytest.raises(ValueError, match="more than 1 spatial element"):
        F.instance_norm(_t([[[1.0], [2.0]]]))
    with pytest.raises(ValueError, match="more than 1 spatial element"):
        F.instance_norm(_t([[1.0, 2.0], [3.0, 4.0]]))
    # a constant group with eps = 0 is 0/0 in torch
    assert torch.isnan(F.group_norm(_t([[1.0, 1.0], [3.0, 4.0]]), 1, eps=0)).any()


@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("group_norm", {"x": [[1.0, 2.0, 0.5, -1.0], [0.0, 5.0, 2.0, 2.0]], "num_groups": 2, "beta": [0, 1, 2, 3]}),
        ("group_norm", {"x": [[[1.0, 2.0], [0.5, -1.0]], [[0.0, 5.0], [2.0, 3.0]]], "num_groups": 1}),
        ("instance_norm", {"x": [[[1.0, 2.0, 0.5], [-1.0, 0.0, 5.0]]], "gamma": [2.0, 0.5]}),
    ],
)
def test_group_and_instance_norm_references_agree(name, kwargs):
    assert_plain_like_reference(check(name, **kwargs))
