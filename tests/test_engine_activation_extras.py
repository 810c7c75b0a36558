"""PReLU, softmax with a temperature, log-sum-exp, the softmax Jacobian and the loss
gradients, each checked against torch called directly (forward values and autograd)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.catalog import render
from quizapp.engine import BadArguments, compute
from quizapp.engine._registry import get
from quizapp.engine.crosscheck import check
from engine_helpers import assert_plain_like_reference

torch = pytest.importorskip("torch")
F = torch.nn.functional

REDUCTIONS = ["mean", "sum", "none"]


def _t(x, grad=False):
    return torch.tensor(x, dtype=torch.float64, requires_grad=grad)


def _same(value, expected):
    expected = expected.detach().numpy() if isinstance(expected, torch.Tensor) else np.asarray(expected)
    assert np.shape(value) == np.shape(expected)
    np.testing.assert_allclose(np.asarray(value, dtype=float), expected, rtol=1e-10, atol=1e-13)


def _grad_of(loss, t):
    (loss.sum() if loss.dim() else loss).backward()
    return t.grad


@pytest.fixture
def rng():
    return np.random.default_rng(20250301)


# --------------------------------------------------------------------------- PReLU


@pytest.mark.parametrize(
    "x, weight",
    [
        (-1.5, 0.25),
        (0.0, 0.3),
        ([1.0, -2.0, 0.0, -0.5], 0.25),
        ([1.0, -2.0, 0.0, -0.5], [0.1]),
        ([[1.0, -2.0, 0.0], [-1.0, -3.0, 2.0]], [0.1, 0.2, 0.3]),
        ([[1.0, -2.0, 0.0], [-1.0, -3.0, 2.0]], 0.2),
    ],
)
def test_prelu_and_its_gradients_match_torch(x, weight):
    w = _t(np.atleast_1d(weight).tolist(), grad=True)
    t = _t(x, grad=True)
    y = F.prelu(t, w)
    y.sum().backward()
    _same(compute("prelu", x=x, weight=weight).value, y)
    g = compute("prelu_grad", x=x, weight=weight).value
    _same(g["input"], t.grad)
    _same(g["weight"], w.grad[0] if np.ndim(weight) == 0 else w.grad)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(st.floats(-50, 50, allow_nan=False), min_size=3, max_size=3), min_size=1, max_size=4),
    st.lists(st.floats(-1, 1, allow_nan=False), min_size=3, max_size=3),
)
def test_prelu_per_channel_on_random_matrices_matches_torch(x, weight):
    w, t = _t(weight, grad=True), _t(x, grad=True)
    y = F.prelu(t, w)
    y.sum().backward()
    _same(compute("prelu", x=x, weight=weight).value, y)
    g = compute("prelu_grad", x=x, weight=weight).value
    _same(g["input"], t.grad)
    _same(g["weight"], w.grad)


def test_prelu_slope_learns_only_from_non_positive_inputs():
    # Independent of torch: ∂(Σy)/∂a is the sum of the inputs that are ≤ 0.
    g = compute("prelu_grad", x=[3.0, -1.0, -0.5, 0.0, 2.0], weight=0.25).value
    assert g["weight"] == pytest.approx(-1.5)
    assert g["input"] == [1.0, 0.25, 0.25, 0.25, 1.0]


# --------------------------------------------------------------------------- softmax family


@pytest.mark.parametrize("temperature", [0.05, 0.5, 1.0, 3.0, 100.0])
@pytest.mark.parametrize(
    "x, dims",
    [
        (2.0, [-1, 0]),
        ([1.0, 2.0, 3.0], [-1, 0]),
        ([900.0, 0.0, -900.0], [-1]),
        ([[1.0, -2.0, 0.5], [100.0, -100.0, 0.0]], [-1, 0, 1, -2]),
    ],
)
def test_softmax_temperature_matches_torch(x, dims, temperature):
    for dim in dims:
        value = compute("softmax_temperature", x=x, temperature=temperature, dim=dim).value
        _same(value, F.softmax(_t(x) / temperature, dim=dim))


def test_temperature_limits():
    # T → 0: one-hot at the argmax; T → ∞: uniform (independent of torch).
    cold = compute("softmax_temperature", x=[1.0, 3.0, 2.0], temperature=1e-3).value
    hot = compute("softmax_temperature", x=[1.0, 3.0, 2.0], temperature=1e6).value
    assert cold == pytest.approx([0.0, 1.0, 0.0], abs=1e-12)
    assert hot == pytest.approx([1 / 3] * 3, abs=1e-6)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(-500, 500, allow_nan=False), min_size=1, max_size=6),
    st.floats(0.01, 50, allow_nan=False),
)
def test_softmax_temperature_random_vectors(x, temperature):
    _same(compute("softmax_temperature", x=x, temperature=temperature).value, F.softmax(_t(x) / temperature, dim=-1))


@pytest.mark.parametrize(
    "x, dims",
    [
        ([1.0, 2.0, 3.0], [-1, 0]),
        ([1000.0, 1001.0, 1002.0], [-1]),
        ([-1000.0, -1000.0], [0]),
        ([[1.0, -2.0, 0.5], [800.0, -800.0, 0.0]], [-1, 0, 1, -2]),
    ],
)
def test_logsumexp_matches_torch_without_overflow(x, dims):
    for dim in dims:
        _same(compute("logsumexp", x=x, dim=dim).value, torch.logsumexp(_t(x), dim=dim))


def test_logsumexp_of_a_number_is_the_number():
    assert compute("logsumexp", x=2.5).value == pytest.approx(torch.logsumexp(_t([2.5]), dim=-1).item())


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(-700, 700, allow_nan=False), min_size=1, max_size=6))
def test_logsumexp_random_vectors(x):
    _same(compute("logsumexp", x=x).value, torch.logsumexp(_t(x), dim=-1))


@pytest.mark.parametrize("x", [[0.0], [1.0, 2.0], [1.0, 2.0, 3.0], [300.0, -300.0, 0.0, 1.0]])
def test_softmax_jacobian_matches_autograd(x):
    from torch.autograd.functional import jacobian

    _same(compute("softmax_jacobian", x=x).value, jacobian(lambda t: F.softmax(t, dim=-1), _t(x)))


def test_softmax_jacobian_rows_sum_to_zero(rng):
    jac = np.array(compute("softmax_jacobian", x=rng.normal(size=5).tolist()).value)
    np.testing.assert_allclose(jac.sum(axis=1), 0.0, atol=1e-15)
    np.testing.assert_allclose(jac, jac.T)


# --------------------------------------------------------------------------- loss gradients


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("label_smoothing", [0.0, 0.1, 1.0])
def test_cross_entropy_grad_matches_autograd(rng, reduction, label_smoothing):
    x = rng.normal(scale=3, size=(4, 5)).tolist()
    y = [3, 0, 4, 1]
    t = _t(x, grad=True)
    want = _grad_of(F.cross_entropy(t, torch.tensor(y), reduction=reduction, label_smoothing=label_smoothing), t)
    got = compute("cross_entropy_grad", input=x, target=y, reduction=reduction, label_smoothing=label_smoothing)
    _same(got.value, want)


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_cross_entropy_grad_skips_ignored_rows_as_torch(rng, reduction):
    x = rng.normal(size=(3, 4)).tolist()
    y = [1, -100, 2]
    t = _t(x, grad=True)
    want = _grad_of(F.cross_entropy(t, torch.tensor(y), reduction=reduction, label_smoothing=0.2), t)
    _same(compute("cross_entropy_grad", input=x, target=y, reduction=reduction, label_smoothing=0.2).value, want)


@pytest.mark.parametrize("target", [2, [2]])
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_cross_entropy_grad_of_one_logit_vector(target, reduction):
    x = [1.0, -0.5, 3.0, 0.2]
    t = _t(x, grad=True)
    want = _grad_of(F.cross_entropy(t, torch.tensor(2), reduction=reduction), t)
    _same(compute("cross_entropy_grad", input=x, target=target, reduction=reduction).value, want)


def test_cross_entropy_grad_with_class_probabilities(rng):
    x = rng.normal(size=(2, 3)).tolist()
    q = [[0.2, 0.5, 0.3], [1.0, 0.0, 0.0]]
    t = _t(x, grad=True)
    want = _grad_of(F.cross_entropy(t, _t(q), label_smoothing=0.1), t)
    _same(compute("cross_entropy_grad", input=x, target=q, label_smoothing=0.1).value, want)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.floats(-80, 80, allow_nan=False), min_size=2, max_size=6),
    st.integers(0, 5),
    st.floats(0, 1, allow_nan=False),
)
def test_cross_entropy_grad_random_vectors(x, k, eps):
    k = k % len(x)
    t = _t(x, grad=True)
    want = _grad_of(F.cross_entropy(t.unsqueeze(0), torch.tensor([k]), label_smoothing=eps), t)
    _same(compute("cross_entropy_grad", input=x, target=k, label_smoothing=eps).value, want)


def test_cross_entropy_grad_is_softmax_minus_one_hot():
    # The identity by hand: p − y, with p from the closed form of a two-logit softmax.
    g = compute("cross_entropy_grad", input=[0.0, np.log(3.0)], target=1).value
    assert g == pytest.approx([0.25, -0.25])


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("pos_weight", [None, 3.0, [2.0, 0.5, 1.0]])
def test_bce_with_logits_grad_matches_autograd(rng, reduction, pos_weight):
    x = rng.normal(scale=5, size=(4, 3)).tolist()
    y = rng.integers(0, 2, size=(4, 3)).astype(float).tolist()
    t = _t(x, grad=True)
    pw = None if pos_weight is None else _t(pos_weight)
    want = _grad_of(F.binary_cross_entropy_with_logits(t, _t(y), reduction=reduction, pos_weight=pw), t)
    _same(compute("bce_with_logits_grad", input=x, target=y, reduction=reduction, pos_weight=pos_weight).value, want)


def test_bce_with_logits_grad_is_stable_for_huge_logits():
    x, y = [-800.0, 800.0, 0.0], [1.0, 0.0, 0.5]
    t = _t(x, grad=True)
    want = _grad_of(F.binary_cross_entropy_with_logits(t, _t(y), reduction="sum"), t)
    _same(compute("bce_with_logits_grad", input=x, target=y, reduction="sum").value, want)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("shape", [(), (5,), (3, 4)])
def test_mse_loss_grad_matches_autograd(rng, shape, reduction):
    x, y = rng.normal(size=shape).tolist(), rng.normal(size=shape).tolist()
    t = _t(x, grad=True)
    want = _grad_of(F.mse_loss(t, _t(y), reduction=reduction), t)
    _same(compute("mse_loss_grad", input=x, target=y, reduction=reduction).value, want)


# --------------------------------------------------------------------------- contract


@pytest.mark.parametrize(
    "name, kwargs, words",
    [
        ("prelu", {"x": [[1.0, 2.0]], "weight": [0.1, 0.2, 0.3]}, "weight must be one slope or one per channel"),
        ("prelu", {"x": [1.0, 2.0], "weight": [0.1, 0.2]}, "weight must be one slope"),
        ("prelu_grad", {"x": [1.0], "weight": [[0.1]]}, "weight must be a number or a vector"),
        ("prelu", {"x": [], "weight": 0.1}, "x must not be empty"),
        ("softmax_temperature", {"x": [1.0, 2.0], "temperature": 0}, "temperature must be > 0"),
        ("softmax_temperature", {"x": [1.0, 2.0], "temperature": -1.0}, "temperature must be > 0"),
        ("softmax_temperature", {"x": [1.0], "temperature": float("inf")}, "temperature must be a finite"),
        ("softmax_temperature", {"x": [1.0, 2.0], "temperature": 1.0, "dim": 1}, "dim must be ≤ 0"),
        ("logsumexp", {"x": [1.0, float("nan")]}, "finite"),
        ("logsumexp", {"x": [[1.0]], "dim": 2}, "dim must be ≤ 1"),
        ("softmax_jacobian", {"x": [[1.0, 2.0]]}, "x must be a vector"),
        ("cross_entropy_grad", {"input": [1.0, 2.0], "target": 2}, "target 2 is out of range"),
        ("cross_entropy_grad", {"input": [1.0, 2.0], "target": 0, "label_smoothing": 1.5}, "label_smoothing must be ≤ 1"),
        ("cross_entropy_grad", {"input": [[1.0, 2.0]], "target": [-100]}, "every sample is ignored"),
        ("cross_entropy_grad", {"input": [1.0, 2.0], "target": 0, "reduction": "avg"}, "reduction must be one of"),
        ("bce_with_logits_grad", {"input": [1.0, 2.0], "target": [1.0]}, "same shape"),
        ("bce_with_logits_grad", {"input": [1.0, 2.0], "target": [1.0, 0.0], "pos_weight": [1.0, 2.0, 3.0]}, "pos_weight"),
        ("mse_loss_grad", {"input": [1.0], "target": [float("inf")]}, "finite"),
    ],
)
def test_bad_arguments_are_named(name, kwargs, words):
    with pytest.raises(BadArguments, match=words):
        compute(name, **kwargs)


CASES = [
    ("prelu", {"x": [[1.0, -2.0], [-3.0, 0.5]], "weight": [0.1, 0.3]}),
    ("prelu", {"x": -2.0, "weight": 0.25}),
    ("prelu_grad", {"x": [[1.0, -2.0], [-3.0, 0.0]], "weight": [0.1, 0.3]}),
    ("prelu_grad", {"x": [1.0, -2.0], "weight": 0.25}),
    ("softmax_temperature", {"x": [[1.0, 2.0], [0.0, -1.0]], "temperature": 0.5, "dim": 0}),
    ("logsumexp", {"x": [[1.0, 2.0], [0.0, -1.0]]}),
    ("logsumexp", {"x": 3.0}),
    ("softmax_jacobian", {"x": [0.5, -1.0, 2.0]}),
    ("cross_entropy_grad", {"input": [[1.0, 2.0], [0.0, -1.0]], "target": [1, 0], "label_smoothing": 0.1}),
    ("cross_entropy_grad", {"input": [1.0, 2.0, 0.0], "target": [2], "reduction": "sum"}),
    ("bce_with_logits_grad", {"input": [3.0, -2.0], "target": [1.0, 0.0], "pos_weight": [2.0, 1.0]}),
    ("bce_with_logits_grad", {"input": 0.5, "target": 1.0, "reduction": "none"}),
    ("mse_loss_grad", {"input": [[1.0, 2.0]], "target": [[0.0, 2.5]]}),
    ("mse_loss_grad", {"input": 2.0, "target": 1.0}),
]


@pytest.mark.parametrize("name, kwargs", CASES)
def test_reference_agrees_and_value_is_plain_json_of_torchs_shape(name, kwargs):
    result = check(name, **kwargs)
    assert result.library == "torch"
    assert_plain_like_reference(result)


@pytest.mark.parametrize("name, kwargs", CASES)
def test_worked_steps_read_in_both_languages(name, kwargs):
    from quizapp.engine import activation_extras  # noqa: F401  (registers)

    comp = get(name)
    value, lines = comp.func(**kwargs)
    assert lines
    for lang in ("en", "zh"):
        rendered = [render(line, lang) for line in lines]
        assert all(r.strip() for r in rendered)
    zh = "\n".join(render(line, "zh") for line in lines)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in zh), "the worded lines are catalog messages"
    steps = compute(name, **kwargs).steps
    assert steps == [render(line, "en") for line in lines]
