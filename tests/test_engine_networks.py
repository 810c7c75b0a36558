"""The network and attention computations against torch (autograd, nn modules,
F.scaled_dot_product_attention, FlopCounterMode) and scikit-learn's Perceptron, called
here directly over seeded random inputs; edge cases and refusals."""

from __future__ import annotations

import math
import re
import warnings

import numpy as np
import pytest

torch = pytest.importorskip("torch")
F = pytest.importorskip("torch.nn.functional")
sklearn_linear = pytest.importorskip("sklearn.linear_model")

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from quizapp.catalog import render  # noqa: E402
from quizapp.engine import BadArguments, compute  # noqa: E402
from quizapp.engine.crosscheck import check  # noqa: E402
from engine_helpers import assert_plain_like_reference  # noqa: E402

SEEDS = range(10)
SETTINGS = settings(max_examples=40, deadline=None)
ACTS = {"relu": torch.relu, "sigmoid": torch.sigmoid, "tanh": torch.tanh, "identity": lambda z: z}


def value(name, **kw):
    return compute(name, **kw).value


def t64(x):
    return torch.tensor(x, dtype=torch.float64)


# --- the perceptron ----------------------------------------------------------------------------


def sklearn_perceptron(w, b, x, y, lr):
    """scikit-learn's own update on this one sample (the zero-weight second sample only
    satisfies its two-class check)."""
    clf = sklearn_linear.Perceptron(eta0=lr, max_iter=1, shuffle=False, tol=None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        clf.fit(np.vstack([x, np.zeros_like(x)]), np.array([y, -y]), coef_init=np.array([w], dtype=float),
                intercept_init=np.array([b], dtype=float), sample_weight=np.array([1.0, 0.0]))
    return clf.coef_[0], clf.intercept_[0]


@pytest.mark.parametrize("seed", SEEDS)
def test_perceptron_step_matches_sklearn(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 5))
    w, x = rng.normal(size=n).round(1), rng.normal(size=n).round(1)
    b, y, lr = round(rng.normal(), 1), int(rng.choice([-1, 1])), float(rng.choice([0.1, 0.5, 1.0]))
    r = value("perceptron_step", w=w.tolist(), b=b, x=x.tolist(), y=y, lr=lr)
    sw, sb = sklearn_perceptron(w, b, x, y, lr)
    np.testing.assert_allclose(r["w"], sw, rtol=1e-12, atol=1e-12)
    assert r["b"] == pytest.approx(sb, abs=1e-12)
    assert r["updated"] == bool(y * (w @ x + b) <= 0)


def test_perceptron_updates_on_the_boundary_and_not_when_right():
    # a = 1·1 + 1·2 − 3 = 0: on the boundary counts as a mistake (sklearn updates too)
    r = value("perceptron_step", w=[1, 1], b=-3, x=[1, 2], y=1)
    assert r["updated"] and r["w"] == [2.0, 3.0] and r["b"] == -2.0
    assert sklearn_perceptron(np.array([1.0, 1.0]), -3.0, np.array([1.0, 2.0]), 1, 1.0)[1] == -2.0
    r = value("perceptron_step", w=[1, 1], b=-4, x=[1, 2], y=-1)  # a = −1, y·a = 1 > 0: right, no update
    assert not r["updated"] and r["w"] == [1.0, 1.0] and r["b"] == -4.0


@pytest.mark.parametrize(
    "bad, match",
    [(dict(y=0), "y must be the label"), (dict(lr=0), "lr must be >"), (dict(x=[1.0]), "x must have 2 elements"),
     (dict(b=math.inf), "b must be a finite")],
)
def test_perceptron_refuses_bad_arguments(bad, match):
    kw = dict(w=[0.5, -1.0], b=0.0, x=[1.0, 2.0], y=1) | bad
    with pytest.raises(BadArguments, match=match):
        compute("perceptron_step", **kw)


# --- the two-layer network -------------------------------------------------------------------------


def random_net(rng, d, h, q):
    return dict(
        w1=rng.normal(size=(h, d)).round(2).tolist(), b1=rng.normal(size=h).round(2).tolist(),
        w2=rng.normal(size=(q, h)).round(2).tolist(), b2=rng.normal(size=q).round(2).tolist(),
    )


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("activation", list(ACTS))
def test_mlp_forward_matches_torch(seed, activation):
    rng = np.random.default_rng(seed)
    d, h, q = rng.integers(1, 5, size=3)
    net = random_net(rng, d, h, q)
    x = rng.normal(size=(3, d)) if seed % 2 else rng.normal(size=d)
    r = value("mlp_forward", x=x.tolist(), activation=activation, **net)
    z1 = F.linear(t64(x), t64(net["w1"]), t64(net["b1"]))
    out = F.linear(ACTS[activation](z1), t64(net["w2"]), t64(net["b2"]))
    np.testing.assert_allclose(r["z1"], z1.numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(r["y_hat"], out.numpy(), rtol=1e-12, atol=1e-12)


def test_the_classic_xor_network_computes_xor():
    xor = dict(w1=[[1, 1], [1, 1]], b1=[0, -1], w2=[[1, -2]], b2=[0])
    r = value("mlp_forward", x=[[0, 0], [0, 1], [1, 0], [1, 1]], **xor)
    assert [row[0] for row in r["y_hat"]] == [0, 1, 1, 0]


def torch_backward(x, target, net, activation, loss, lam):
    W1, B1, W2, B2 = (t64(net[k]).requires_grad_() for k in ("w1", "b1", "w2", "b2"))
    z1 = F.linear(t64(x), W1, B1)
    h = ACTS[activation](z1)
    h.retain_grad()
    z1.retain_grad()
    y = F.linear(h, W2, B2)
    y.retain_grad()
    if loss == "mse":
        L = F.mse_loss(y, t64(target))
    elif loss == "bce_with_logits":
        L = F.binary_cross_entropy_with_logits(y, t64(target))
    else:
        L = F.cross_entropy(y[None], torch.tensor([target]))
    J = L + lam / 2 * (W1.square().sum() + W2.square().sum())
    J.backward()
    return dict(loss=L.item(), objective=J.item(), d_y_hat=y.grad, d_w2=W2.grad, d_b2=B2.grad, d_h=h.grad,
                d_z1=z1.grad, d_w1=W1.grad, d_b1=B1.grad)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("loss", ["mse", "cross_entropy", "bce_with_logits"])
def test_mlp_backward_matches_torch_autograd(seed, loss):
    rng = np.random.default_rng(seed)
    d, h = rng.integers(1, 5, size=2)
    q = int(rng.integers(2 if loss == "cross_entropy" else 1, 5))
    net = random_net(rng, d, h, q)
    x = rng.normal(size=d).round(2).tolist()
    target = int(rng.integers(q)) if loss == "cross_entropy" else (
        rng.normal(size=q).round(2).tolist() if loss == "mse" else rng.integers(0, 2, size=q).astype(float).tolist()
    )
    activation = list(ACTS)[seed % 4]
    lam = [0.0, 0.1][seed % 2]
    r = value("mlp_backward", x=x, target=target, activation=activation, loss=loss, weight_decay=lam, **net)
    ref = torch_backward(x, target, net, activation, loss, lam)
    for key, expected in ref.items():
        np.testing.assert_allclose(r[key], expected if isinstance(expected, float) else expected.numpy(),
                                   rtol=1e-10, atol=1e-12, err_msg=key)


def test_mlp_backward_relu_at_zero_passes_no_gradient_like_torch():
    # z₁ = [0, 1]: torch's ReLU′(0) is 0, so the first hidden unit's weights get no gradient
    net = dict(w1=[[1.0], [1.0]], b1=[-1.0, 0.0], w2=[[1.0, 1.0]], b2=[0.0])
    r = value("mlp_backward", x=[1.0], target=[0.0], **net)
    ref = torch_backward([1.0], [0.0], net, "relu", "mse", 0.0)
    assert r["d_w1"] == [[0.0], [2.0]] == ref["d_w1"].tolist()


def test_mlp_backward_weight_decay_adds_lambda_w_to_the_data_gradient():
    net = dict(w1=[[0.5, -0.5]], b1=[0.0], w2=[[2.0]], b2=[0.0])
    plain = value("mlp_backward", x=[1.0, 0.0], target=[0.0], **net)  # h = 0.5, ŷ = 1: ∂L/∂W₂ = 2·1·0.5 = 1
    decayed = value("mlp_backward", x=[1.0, 0.0], target=[0.0], weight_decay=0.1, **net)
    assert plain["d_w2"] == [[1.0]]
    # the data term does not vanish: ∂J/∂W₂ = ∂L/∂ŷ·hᵀ + λW₂, not λW₂ alone
    assert decayed["d_w2"][0][0] == pytest.approx(plain["d_w2"][0][0] + 0.1 * 2.0)
    assert decayed["d_w2"][0][0] != pytest.approx(0.2)


@pytest.mark.parametrize(
    "bad, match",
    [
        (dict(w1=[[1.0, 2.0, 3.0]]), "w1 must have one column per input feature"),
        (dict(w2=[[1.0, 2.0]]), "w2 must have one column per hidden unit"),
        (dict(b1=[1.0, 2.0]), "b1 must have 1 element"),
        (dict(activation="gelu"), "activation must be one of"),
        (dict(loss="hinge"), "loss must be one of"),
        (dict(target=[1.0, 2.0]), "target must have one value per output"),
        (dict(loss="cross_entropy", target=3), "class index from 0"),
        (dict(loss="bce_with_logits", target=[2.0]), "between 0 and 1"),
        (dict(weight_decay=-1), "weight_decay must be ≥ 0"),
        (dict(x=[math.nan, 1.0]), "finite"),
    ],
)
def test_mlp_backward_refuses_bad_arguments(bad, match):
    kw = dict(x=[1.0, 2.0], target=[0.5], w1=[[0.1, 0.2]], b1=[0.0], w2=[[1.0]], b2=[0.0]) | bad
    with pytest.raises(BadArguments, match=match):
        compute("mlp_backward", **kw)


def test_mlp_backward_steps_name_each_stage():
    r = compute("mlp_backward", x=[1.0, 2.0], target=[0.5], w1=[[0.1, 0.2]], b1=[0.0], w2=[[1.0]], b2=[0.0])
    text = "\n".join(r.steps)
    for part in ("z₁ =", "h = ReLU(z₁)", "ŷ =", "∂L/∂ŷ = 2·(ŷ − t)", "∂L/∂W₂", "∂L/∂h = W₂ᵀ", "⊙ ReLU′(z₁)", "∂L/∂W₁"):
        assert part in text, part


@SETTINGS
@given(st.lists(st.integers(1, 300), min_size=2, max_size=6), st.booleans())
def test_mlp_params_matches_torch_modules(sizes, bias):
    layers = [torch.nn.Linear(a, b, bias=bias, device="meta") for a, b in zip(sizes, sizes[1:])]
    r = value("mlp_params", layer_sizes=sizes, bias=bias)
    assert r["per_layer"] == [sum(p.numel() for p in layer.parameters()) for layer in layers]
    assert r["total"] == sum(p.numel() for p in torch.nn.Sequential(*layers).parameters())


@pytest.mark.parametrize("bad, match", [([10], "at least the input and the output"), ([3, 0], "≥ 1"), ([2.5, 3], "whole number")])
def test_mlp_params_refuses_bad_sizes(bad, match):
    with pytest.raises(BadArguments, match=match):
        compute("mlp_params", layer_sizes=bad)


# --- the deep chain ------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("residual", [False, True])
def test_scalar_chain_gradients_match_autograd(seed, residual):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 9))
    w, b = rng.normal(0, 2, size=n).round(2), rng.normal(size=n).round(2)
    x = round(rng.normal(), 2)
    activation = list(ACTS)[seed % 4]
    r = value("scalar_chain", x=x, weights=w.tolist(), biases=b.tolist(), activation=activation, residual=residual)
    xt, wt = t64(x).requires_grad_(), t64(w).requires_grad_()
    h = xt
    for i in range(n):
        out = ACTS[activation](wt[i] * h + b[i])
        h = h + out if residual else out
    h.backward()
    assert r["output"] == pytest.approx(h.item(), rel=1e-12, abs=1e-12)
    assert r["grad_x"] == pytest.approx(xt.grad.item(), rel=1e-10, abs=1e-14)
    assert r["grad_w1"] == pytest.approx(wt.grad[0].item(), rel=1e-10, abs=1e-14)
    assert math.prod(r["factors"]) == pytest.approx(r["grad_x"], rel=1e-12, abs=1e-15)


def test_a_deep_sigmoid_chain_vanishes_and_a_residual_one_does_not():
    plain = value("scalar_chain", x=0.0, weights=[1.0] * 20)
    resid = value("scalar_chain", x=0.0, weights=[1.0] * 20, residual=True)
    assert plain["grad_x"] < 0.25**20 * 1.0001  # each factor is σ′ ≤ 1/4
    assert resid["grad_x"] > 1.0  # each factor is 1 + σ′ > 1


def test_scalar_chain_refuses_mismatched_biases():
    with pytest.raises(BadArguments, match="biases must have 2 elements"):
        compute("scalar_chain", x=1.0, weights=[1.0, 2.0], biases=[0.0])


# --- finite differences ------------------------------------------------------------------------------

TORCH_F = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "exp": torch.exp, "log": torch.log, "sqrt": torch.sqrt,
           "sin": torch.sin, "square": torch.square, "cube": lambda t: t**3}


@SETTINGS
@given(
    st.sampled_from(sorted(TORCH_F)), st.floats(0.2, 3.0), st.sampled_from([1e-1, 1e-2, 1e-3, 1e-4]),
    st.sampled_from(["central", "forward", "backward"]),
)
def test_finite_difference_matches_torch(function, x, h, method):
    r = value("finite_difference", function=function, x=x, h=h, method=method)
    f = TORCH_F[function]
    xt = t64(x)
    est = {
        "central": (f(xt + h) - f(xt - h)) / (2 * h),
        "forward": (f(xt + h) - f(xt)) / h,
        "backward": (f(xt) - f(xt - h)) / h,
    }[method].item()
    xg = xt.clone().requires_grad_()
    f(xg).backward()
    assert r["estimate"] == pytest.approx(est, rel=1e-9)
    assert r["analytic"] == pytest.approx(xg.grad.item(), rel=1e-12)
    assert r["rel_error"] == pytest.approx(abs(est - xg.grad.item()) / max(abs(est), abs(xg.grad.item())), rel=1e-6, abs=1e-10)  # rounding of f(x ± h)


def test_central_difference_error_shrinks_like_h_squared_and_forward_like_h():
    central = [value("finite_difference", function="exp", x=1.0, h=h)["abs_error"] for h in (0.1, 0.01)]
    forward = [value("finite_difference", function="exp", x=1.0, h=h, method="forward")["abs_error"] for h in (0.1, 0.01)]
    assert central[0] / central[1] == pytest.approx(100, rel=0.05)
    assert forward[0] / forward[1] == pytest.approx(10, rel=0.1)


@pytest.mark.parametrize(
    "kw, match",
    [
        (dict(function="log", x=0.05, h=0.1), "log needs positive inputs"),
        (dict(function="relu", x=1.0), "function must be one of"),
        (dict(function="exp", x=1.0, h=0), "h must be >"),
        (dict(function="exp", x=1.0, method="two-sided"), "method must be one of"),
        (dict(function="exp", x=800.0), "overflow|infinite"),
    ],
)
def test_finite_difference_refuses_bad_arguments(kw, match):
    with pytest.raises(BadArguments, match=match):
        compute("finite_difference", **kw)


# --- memory --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", ["float64", "float32", "float16", "bfloat16", "int8", "bool"])
def test_tensor_memory_matches_torch(dtype):
    shape = [32, 128, 768]
    t = torch.empty(shape, dtype=getattr(torch, dtype), device="meta")
    r = value("tensor_memory", shape=shape, dtype=dtype)
    assert r["elements"] == t.numel() and r["bytes"] == t.numel() * t.element_size()
    assert r["mib"] == r["bytes"] / 2**20


def test_tensor_memory_of_the_notes_batch_is_mib_not_mb():
    r = value("tensor_memory", shape=[128, 3, 224, 224])
    assert r["bytes"] == 77_070_336 and r["mib"] == pytest.approx(73.5)


# --- attention ---------------------------------------------------------------------------------------


def random_qkv(rng, n, m, d, dv):
    return (rng.normal(size=(n, d)).tolist(), rng.normal(size=(m, d)).tolist(), rng.normal(size=(m, dv)).tolist())


@pytest.mark.parametrize("seed", SEEDS)
def test_masked_attention_matches_torch_sdpa(seed):
    rng = np.random.default_rng(seed)
    n, m, d, dv = (int(v) for v in rng.integers(1, 6, size=4))
    q, k, v = random_qkv(rng, n, m, d, dv)
    mask = rng.random((n, m)) < 0.6
    mask[np.arange(n), rng.integers(0, m, size=n)] = True  # every query sees at least one key
    scale = None if seed % 2 else 1.0
    r = value("masked_attention", q=q, k=k, v=v, mask=mask.astype(int).tolist(), scale=scale)
    out = F.scaled_dot_product_attention(t64(q), t64(k), t64(v), attn_mask=torch.tensor(mask), scale=scale)
    np.testing.assert_allclose(r["output"], out.numpy(), rtol=1e-10, atol=1e-12)
    s = (1 / math.sqrt(d)) if scale is None else scale
    weights = torch.softmax((t64(q) @ t64(k).T * s).masked_fill(~torch.tensor(mask), -math.inf), dim=-1)
    np.testing.assert_allclose(r["weights"], weights.numpy(), rtol=1e-10, atol=1e-12)
    assert all(w == 0.0 for w in np.asarray(r["weights"])[~mask])


@pytest.mark.parametrize("seed", SEEDS)
def test_causal_attention_matches_torch_is_causal(seed):
    rng = np.random.default_rng(seed)
    n, m = (int(v) for v in rng.integers(1, 6, size=2))
    q, k, v = random_qkv(rng, n, m, 3, 2)
    r = value("causal_attention", q=q, k=k, v=v)
    out = F.scaled_dot_product_attention(t64(q), t64(k), t64(v), is_causal=True)
    np.testing.assert_allclose(r["output"], out.numpy(), rtol=1e-10, atol=1e-12)
    assert np.allclose(np.triu(np.asarray(r["weights"]), 1), 0)


def test_an_all_true_mask_is_plain_attention():
    rng = np.random.default_rng(3)
    q, k, v = random_qkv(rng, 2, 3, 4, 2)
    out = F.scaled_dot_product_attention(t64(q), t64(k), t64(v))
    np.testing.assert_allclose(value("masked_attention", q=q, k=k, v=v, mask=[[1] * 3] * 2)["output"], out.numpy(), rtol=1e-12)


@pytest.mark.parametrize(
    "mask, match",
    [([[1, 0], [0, 0]], "row 2 masks every key"), ([[1, 1]], "mask must be 2×2"), ([[1, 2], [1, 1]], "only true/false")],
)
def test_masked_attention_refuses_bad_masks(mask, match):
    with pytest.raises(BadArguments, match=match):
        compute("masked_attention", q=[[1.0], [2.0]], k=[[1.0], [0.0]], v=[[1.0], [2.0]], mask=mask)


def test_large_scores_do_not_overflow():
    r = value("masked_attention", q=[[300.0]], k=[[300.0], [-300.0]], v=[[1.0], [2.0]], mask=[[True, True]])
    assert r["weights"] == [[1.0, 0.0]]


@pytest.mark.parametrize("seed", SEEDS)
def test_additive_attention_matches_torch_ops(seed):
    rng = np.random.default_rng(seed)
    dq, dk, h, m, dv = (int(v) for v in rng.integers(1, 5, size=5))
    q, k, v = rng.normal(size=dq), rng.normal(size=(m, dk)), rng.normal(size=(m, dv))
    wq, wk, wv = rng.normal(size=(h, dq)), rng.normal(size=(h, dk)), rng.normal(size=h)
    r = value("additive_attention", q=q.tolist(), k=k.tolist(), v=v.tolist(), w_q=wq.tolist(), w_k=wk.tolist(), w_v=wv.tolist())
    # the d2l formulation: nn.Linear(no bias) projections, broadcast sum, tanh, a scoring vector
    features = torch.tanh(F.linear(t64(q), t64(wq))[None, :] + F.linear(t64(k), t64(wk)))
    scores = F.linear(features, t64(wv)[None, :])[:, 0]
    weights = torch.softmax(scores, dim=0)
    np.testing.assert_allclose(r["scores"], scores.numpy(), rtol=1e-12)
    np.testing.assert_allclose(r["output"], (weights @ t64(v)).numpy(), rtol=1e-10)


def test_additive_attention_refuses_mismatched_hidden_sizes():
    with pytest.raises(BadArguments, match="share the hidden size"):
        compute("additive_attention", q=[1.0], k=[[1.0]], v=[[1.0]], w_q=[[1.0], [1.0]], w_k=[[1.0]], w_v=[1.0])


@SETTINGS
@given(st.integers(1, 16), st.integers(1, 8), st.booleans(), st.one_of(st.none(), st.integers(1, 40)), st.one_of(st.none(), st.integers(1, 40)))
def test_multihead_attention_params_match_nn_multiheadattention(head_dim, heads, bias, kdim, vdim):
    d = head_dim * heads
    m = torch.nn.MultiheadAttention(d, heads, bias=bias, kdim=kdim, vdim=vdim, device="meta")
    r = value("multihead_attention_params", embed_dim=d, num_heads=heads, bias=bias, kdim=kdim, vdim=vdim)
    assert r["total"] == sum(p.numel() for p in m.parameters())
    assert r["head_dim"] == m.head_dim == head_dim
    out = sum(p.numel() for name, p in m.named_parameters() if name.startswith("out_proj"))
    assert r["out_proj"] == out


def test_multihead_attention_params_is_4d2_plus_4d():
    assert value("multihead_attention_params", embed_dim=512, num_heads=8)["total"] == 4 * 512**2 + 4 * 512


def test_multihead_attention_params_refuses_indivisible_heads():
    with pytest.raises(BadArguments, match="divisible by num_heads"):
        compute("multihead_attention_params", embed_dim=10, num_heads=3)


@pytest.mark.parametrize("d, h, ff, bias", [(512, 8, 2048, True), (64, 4, 256, False), (12, 3, 7, True)])
def test_transformer_encoder_layer_params_match_torch(d, h, ff, bias):
    layer = torch.nn.TransformerEncoderLayer(d, h, ff, bias=bias, device="meta")
    r = value("transformer_encoder_layer_params", d_model=d, nhead=h, dim_feedforward=ff, bias=bias)
    assert r["total"] == sum(p.numel() for p in layer.parameters())
    assert r["attention"] == sum(p.numel() for p in layer.self_attn.parameters())
    assert r["layer_norms"] == sum(p.numel() for p in [*layer.norm1.parameters(), *layer.norm2.parameters()])


@pytest.mark.parametrize("n, d, m, dv, batch, heads", [(5, 8, None, None, 1, 1), (16, 64, 32, 16, 2, 4), (1, 1, 1, 1, 1, 1)])
def test_attention_flops_match_torch_flop_counter(n, d, m, dv, batch, heads):
    from torch.utils.flop_counter import FlopCounterMode

    mm, dvv = m or n, dv or d
    q = torch.zeros(batch, heads, n, d)
    k, v = torch.zeros(batch, heads, mm, d), torch.zeros(batch, heads, mm, dvv)
    with FlopCounterMode(display=False) as counter:  # the two products of the math path
        torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(d), dim=-1) @ v
    assert value("attention_flops", n=n, d_k=d, m=m, d_v=dv, batch=batch, num_heads=heads)["total"] == counter.get_total_flops()


def test_attention_flops_grow_with_the_square_of_the_length():
    one = value("attention_flops", n=128, d_k=64)["total"]
    assert value("attention_flops", n=256, d_k=64)["total"] == 4 * one


@pytest.mark.parametrize("pos, d", [(0, 4), (3, 4), (17, 16), (100, 512)])
def test_sinusoidal_position_encoding_matches_the_annotated_transformer_table(pos, d):
    position = torch.arange(0, pos + 1, dtype=torch.float64)[:, None]
    div = torch.exp(torch.arange(0, d, 2, dtype=torch.float64) * (-math.log(10000.0) / d))
    table = torch.zeros(pos + 1, d, dtype=torch.float64)
    table[:, 0::2], table[:, 1::2] = torch.sin(position * div), torch.cos(position * div)
    np.testing.assert_allclose(value("sinusoidal_position_encoding", position=pos, d_model=d), table[pos].numpy(), rtol=1e-12, atol=1e-12)


def test_sinusoidal_position_encoding_refuses_odd_width():
    with pytest.raises(BadArguments, match="d_model must be even"):
        compute("sinusoidal_position_encoding", position=1, d_model=5)


@pytest.mark.parametrize("step", [1, 10, 3999, 4000, 4001, 20000])
def test_transformer_lr_matches_lambdalr_stepped_by_torch(step):
    param = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([param], lr=1.0)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: 512**-0.5 * min((s + 1) ** -0.5, (s + 1) * 4000**-1.5))
    for _ in range(step - 1):
        opt.step()
        sched.step()
    assert value("transformer_lr", d_model=512, step=step) == pytest.approx(opt.param_groups[0]["lr"], rel=1e-12)


def test_transformer_lr_peaks_at_the_end_of_warmup():
    lrs = {s: value("transformer_lr", d_model=512, step=s) for s in (3000, 4000, 5000)}
    assert lrs[4000] > lrs[3000] and lrs[4000] > lrs[5000]


# --- every computation through the cross-check, with its steps in both languages -------------------

EXAMPLES = [
    ("perceptron_step", dict(w=[0.5, -1.0], b=0.2, x=[1.0, 2.0], y=1, lr=0.5)),
    ("mlp_forward", dict(x=[1.0, -1.0], w1=[[0.5, 0.5]], b1=[0.0], w2=[[2.0]], b2=[1.0], activation="tanh")),
    ("mlp_backward", dict(x=[1.0, -2.0], target=1, w1=[[0.1, 0.2], [-0.3, 0.4]], b1=[0.0, 0.1],
                          w2=[[0.5, -0.6], [0.2, 0.3]], b2=[0.1, 0.0], loss="cross_entropy", weight_decay=0.01)),
    ("mlp_params", dict(layer_sizes=[784, 256, 10])),
    ("scalar_chain", dict(x=1.0, weights=[2.0, 2.0, 2.0], residual=True)),
    ("finite_difference", dict(function="sigmoid", x=0.5, h=0.01)),
    ("tensor_memory", dict(shape=[32, 1024, 768], dtype="float16")),
    ("masked_attention", dict(q=[[1.0, 0.0]], k=[[1.0, 0.0], [0.0, 1.0]], v=[[1.0], [2.0]], mask=[[1, 0]])),
    ("causal_attention", dict(q=[[1.0], [2.0]], k=[[1.0], [0.5]], v=[[1.0], [2.0]])),
    ("additive_attention", dict(q=[1.0], k=[[1.0], [-1.0]], v=[[1.0], [3.0]], w_q=[[1.0]], w_k=[[1.0]], w_v=[2.0])),
    ("multihead_attention_params", dict(embed_dim=64, num_heads=4, kdim=32)),
    ("transformer_encoder_layer_params", dict(d_model=64, nhead=4, dim_feedforward=128)),
    ("attention_flops", dict(n=8, d_k=4)),
    ("sinusoidal_position_encoding", dict(position=2, d_model=6)),
    ("transformer_lr", dict(d_model=256, step=100, warmup_steps=50)),
]


@pytest.mark.parametrize("name, kw", EXAMPLES, ids=[n for n, _ in EXAMPLES])
def test_each_computation_agrees_with_its_reference_and_is_plain_json(name, kw):
    assert_plain_like_reference(check(name, **kw))


def test_worded_steps_render_in_chinese():
    from quizapp.engine import get

    worded = []
    for name, kw in EXAMPLES:
        _, lines = get(name).func(**kw)  # the raw lines: catalog messages and math strings
        worded += [line for line in lines if not isinstance(line, str)]
    assert len(worded) >= len(EXAMPLES)
    for line in worded:
        en, zh = render(line, "en"), render(line, "zh")
        assert zh != en and re.search("[\u4e00-\u9fff]", zh), en
        assert not re.search(r"\b(the|is|and|each|every)\b", zh), zh
