"""Losses checked against torch.nn.functional in float64."""

import json
import numpy as np
import pytest
import torch
import torch.nn.functional as F  # noqa: N812

from quizapp.engine import BadArguments, compute
from quizapp.engine._args import fmt
from quizapp.engine.crosscheck import check
from engine_helpers import assert_plain_like_reference

REDUCTIONS = ["mean", "sum", "none"]


def _t(x):
    return torch.tensor(x, dtype=torch.float64)


def _idx(y):
    return torch.tensor(y, dtype=torch.int64)


def _assert_same(value, expected):
    expected = expected.numpy() if isinstance(expected, torch.Tensor) else expected
    assert np.shape(value) == np.shape(expected)
    np.testing.assert_allclose(np.asarray(value, dtype=float), expected, rtol=1e-10, atol=1e-12)


@pytest.fixture
def rng():
    return np.random.default_rng(20240611)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("shape", [(), (5,), (3, 4)])
def test_mse_loss_matches_torch(rng, shape, reduction):
    x, y = rng.normal(size=shape).tolist(), rng.normal(size=shape).tolist()
    value = compute("mse_loss", input=x, target=y, reduction=reduction).value
    _assert_same(value, F.mse_loss(_t(x), _t(y), reduction=reduction))


@pytest.mark.parametrize("label_smoothing", [0.0, 0.1, 0.35, 1.0])
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_cross_entropy_batches_match_torch(rng, reduction, label_smoothing):
    for scale in (1.0, 100.0):  # 100 gives logits around ±100 and beyond
        x = (rng.normal(size=(6, 4)) * scale).tolist()
        y = rng.integers(0, 4, size=6).tolist()
        value = compute("cross_entropy", input=x, target=y, reduction=reduction, label_smoothing=label_smoothing).value
        expected = F.cross_entropy(_t(x), _idx(y), reduction=reduction, label_smoothing=label_smoothing)
        _assert_same(value, expected)


@pytest.mark.parametrize("target", [0, 2, [1]])
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_cross_entropy_single_logit_vector_matches_torch(target, reduction):
    x = [100.0, -100.0, 0.5]
    index = target[0] if isinstance(target, list) else target
    for ls in (0.0, 0.2):
        value = compute("cross_entropy", input=x, target=target, reduction=reduction, label_smoothing=ls).value
        # torch takes a one-element index list for one sample, but only without smoothing (a broadcast
        # quirk); the engine treats [k] as k throughout.
        expected = F.cross_entropy(_t(x), _idx(index), reduction=reduction, label_smoothing=ls)
        _assert_same(value, expected)
        if isinstance(target, list) and ls == 0:
            _assert_same(value, F.cross_entropy(_t(x), _idx(target), reduction=reduction))


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_ignore_index_minus_100_is_skipped_as_in_torch(rng, reduction):
    x = rng.normal(size=(4, 3)).tolist()
    y = [2, -100, 0, -100]
    for name, fn in (("cross_entropy", F.cross_entropy), ("nll_loss", F.nll_loss)):
        value = compute(name, input=x, target=y, reduction=reduction).value
        _assert_same(value, fn(_t(x), _idx(y), reduction=reduction))
    ls = compute("cross_entropy", input=x, target=y, reduction=reduction, label_smoothing=0.3).value
    _assert_same(ls, F.cross_entropy(_t(x), _idx(y), reduction=reduction, label_smoothing=0.3))


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_cross_entropy_with_class_probabilities_matches_torch(rng, reduction):
    x = rng.normal(size=(3, 4)).tolist()
    q = rng.dirichlet(np.ones(4), size=3).tolist()
    for ls in (0.0, 0.25):
        value = compute("cross_entropy", input=x, target=q, reduction=reduction, label_smoothing=ls).value
        _assert_same(value, F.cross_entropy(_t(x), _t(q), reduction=reduction, label_smoothing=ls))
    single = compute("cross_entropy", input=x[0], target=q[0]).value
    _assert_same(single, F.cross_entropy(_t(x[0]), _t(q[0])))


def test_cross_entropy_steps_show_the_log_sum_exp():
    r = compute("cross_entropy", input=[1.0, 2.0, 3.0], target=0)
    # −log softmax(x)₀ = log(e + e² + e³) − 1, written out independently.
    expected = np.log(np.e + np.e**2 + np.e**3) - 1
    assert r.value == pytest.approx(expected)
    text = "\n".join(r.steps)
    assert "m = 3" in text
    assert "x − m = [−2, −1, 0]" in text
    assert "e^(x − m) = [0.135335, 0.367879, 1]" in text
    assert "Σ e^(x − m) = 1.50321" in text
    assert "LSE = m + log Σ = 3 + 0.407606 = 3.40761" in text
    assert "picked logit x₀ = 1" in text
    assert fmt(expected) in r.steps[-1]


def test_cross_entropy_steps_show_label_smoothing():
    r = compute("cross_entropy", input=[[0.0, 1.0], [2.0, 0.0]], target=[1, 0], label_smoothing=0.2)
    text = "\n".join(r.steps)
    assert "ε = 0.2" in text and "row 1:" in text
    assert fmt(F.cross_entropy(_t([[0.0, 1.0], [2.0, 0.0]]), _idx([1, 0]), label_smoothing=0.2).item()) in r.steps[-1]


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_nll_loss_matches_torch(rng, reduction):
    logp = F.log_softmax(_t(rng.normal(size=(5, 3))), dim=1).tolist()
    y = rng.integers(0, 3, size=5).tolist()
    value = compute("nll_loss", input=logp, target=y, reduction=reduction).value
    _assert_same(value, F.nll_loss(_t(logp), _idx(y), reduction=reduction))
    single = compute("nll_loss", input=logp[0], target=y[0], reduction=reduction).value
    _assert_same(single, F.nll_loss(_t(logp[0]), _idx(y[0]), reduction=reduction))


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_bce_matches_torch_including_the_clamp(rng, reduction):
    x = [0.0, 1.0, 0.5, 1e-50, 1 - 1e-12, 0.0, 1.0]
    y = [1.0, 0.0, 0.3, 1.0, 0.0, 0.0, 1.0]
    value = compute("bce", input=x, target=y, reduction=reduction).value
    _assert_same(value, F.binary_cross_entropy(_t(x), _t(y), reduction=reduction))
    p = rng.uniform(size=(3, 4)).tolist()
    t = rng.uniform(size=(3, 4)).tolist()
    _assert_same(
        compute("bce", input=p, target=t, reduction=reduction).value,
        F.binary_cross_entropy(_t(p), _t(t), reduction=reduction),
    )


def test_bce_of_certain_wrong_answer_is_100():
    # log 0 is clamped at −100, so a confident wrong prediction costs exactly 100.
    assert compute("bce", input=0.0, target=1.0).value == 100.0
    r = compute("bce", input=[0.0], target=[1.0])
    assert "−100" in "\n".join(r.steps)


@pytest.mark.parametrize("pos_weight", [None, 3.0, [0.5, 2.0, 1.0, 4.0], [[2.0], [1.0], [0.5]]])
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_bce_with_logits_matches_torch(rng, reduction, pos_weight):
    x = (rng.normal(size=(3, 4)) * 30).tolist()
    x[0][:2] = [100.0, -100.0]
    y = rng.uniform(size=(3, 4)).tolist()
    y[0][:2] = [0.0, 1.0]
    value = compute("bce_with_logits", input=x, target=y, reduction=reduction, pos_weight=pos_weight).value
    pw = None if pos_weight is None else _t(pos_weight)
    _assert_same(value, F.binary_cross_entropy_with_logits(_t(x), _t(y), reduction=reduction, pos_weight=pw))


def test_bce_with_logits_scalar_and_steps():
    r = compute("bce_with_logits", input=0.5, target=1.0, pos_weight=2.0)
    expected = 2.0 * np.log1p(np.exp(-0.5))  # p·t·softplus(−x), written independently
    assert r.value == pytest.approx(expected)
    assert "p = 2" in r.steps[0]
    assert fmt(expected) in "\n".join(r.steps)


@pytest.mark.parametrize(
    "name, kwargs, words",
    [
        ("cross_entropy", {"input": [1.0, 2.0, 3.0], "target": 3}, "target 3 is out of range.*0 to 2"),
        ("cross_entropy", {"input": [[1.0, 2.0]], "target": [-1]}, "target -1 is out of range"),
        ("nll_loss", {"input": [[1.0, 2.0], [0.0, 1.0]], "target": [0]}, "list of 2 class indices"),
        ("cross_entropy", {"input": [[1.0, 2.0]], "target": [0.5]}, "target must be a whole number"),
        ("cross_entropy", {"input": [1.0, 2.0], "target": -100}, "every sample is ignored"),
        ("cross_entropy", {"input": [1.0, 2.0], "target": 0, "label_smoothing": 1.5}, "label_smoothing must be ≤ 1"),
        ("cross_entropy", {"input": [1.0, 2.0], "target": 0, "reduction": "avg"}, "reduction must be one of"),
        ("cross_entropy", {"input": [], "target": 0}, "input must not be empty"),
        ("cross_entropy", {"input": 1.0, "target": 0}, "input must be a vector or a matrix"),
        ("nll_loss", {"input": [float("nan"), 0.0], "target": 0}, "finite"),
        ("mse_loss", {"input": [1.0, 2.0], "target": [1.0]}, "same shape"),
        ("mse_loss", {"input": [1.0, float("inf")], "target": [1.0, 2.0]}, "finite"),
        ("bce", {"input": [1.2], "target": [1.0]}, "input must hold probabilities between 0 and 1"),
        ("bce", {"input": [0.2], "target": [-0.5]}, "target must hold values between 0 and 1"),
        ("bce_with_logits", {"input": [1.0, 2.0], "target": [1.0, 0.0], "pos_weight": [1.0, 2.0, 3.0]}, "pos_weight"),
        ("bce_with_logits", {"input": [1.0], "target": [1.0], "pos_weight": "heavy"}, "pos_weight must be"),
    ],
)
def test_bad_arguments_are_named(name, kwargs, words):
    with pytest.raises(BadArguments, match=words):
        compute(name, **kwargs)


@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("mse_loss", {"input": [[1.0, 2.0]], "target": [[0.0, 2.5]]}),
        ("cross_entropy", {"input": [[1.0, 2.0], [0.0, -1.0]], "target": [1, 0], "label_smoothing": 0.1}),
        ("cross_entropy", {"input": [[1.0, 2.0], [0.0, -1.0]], "target": [[0.3, 0.7], [1.0, 0.0]]}),
        ("cross_entropy", {"input": [1.0, 2.0, 0.0], "target": [1], "label_smoothing": 0.1}),
        ("nll_loss", {"input": [[-0.1, -2.0], [-1.0, -0.5]], "target": [1, 0], "reduction": "sum"}),
        ("bce", {"input": [0.0, 0.9], "target": [1.0, 1.0]}),
        ("bce_with_logits", {"input": [3.0, -2.0], "target": [1.0, 0.0], "pos_weight": [2.0, 1.0]}),
    ],
)
def test_torch_reference_agrees(name, kwargs):
    result = check(name, **kwargs)
    assert result.agree, result.detail



@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("cross_entropy", {"input": [1.0, 2.0, 0.5], "target": 1, "reduction": "none", "label_smoothing": 0.1}),
        ("cross_entropy", {"input": [[1.0, 2.0], [0.0, 1.0]], "target": [1, 0], "reduction": "none"}),
        ("nll_loss", {"input": [-1.0, -0.5], "target": 0, "reduction": "none"}),
        ("nll_loss", {"input": [[-1.0, -0.5]], "target": [1], "reduction": "sum"}),
        ("mse_loss", {"input": 2, "target": 1, "reduction": "none"}),
        ("bce", {"input": [[0.0, 1.0]], "target": [[1, 0]], "reduction": "none"}),
        ("bce_with_logits", {"input": [0.5, -1.0], "target": [1, 0], "pos_weight": [2.0, 3.0]}),
    ],
)
def test_value_is_plain_json_of_torchs_shape(name, kwargs):
    assert_plain_like_reference(check(name, **kwargs))
