"""torch / scikit-learn references for the network and attention computations
(both imported lazily, inside each function).

- the perceptron: scikit-learn's ``Perceptron`` fitted for one epoch on the one sample
  (a second, zero-weight sample of the other class only satisfies its two-class check);
- the network, the chain and finite differences: torch autograd on float64 tensors;
- parameter counts: the parameters of the torch modules themselves;
- memory: the size torch gives a tensor of that shape and dtype (on the meta device,
  so nothing is allocated);
- attention: ``F.scaled_dot_product_attention`` with a boolean mask or ``is_causal``,
  and FLOPs as ``torch.utils.flop_counter.FlopCounterMode`` counts them;
- torch has no additive attention, sinusoidal encoding or Transformer schedule: those
  are composed from torch ops (the schedule through ``LambdaLR`` on a real optimizer).
"""

from __future__ import annotations

from quizapp.engine.crosscheck import reference


def _f64(x):
    import torch

    return torch.tensor(x, dtype=torch.float64)


def _act(name: str):
    import torch

    return {"relu": torch.relu, "sigmoid": torch.sigmoid, "tanh": torch.tanh, "identity": lambda z: z}[name]


@reference("perceptron_step")
def perceptron_step(w, b, x, y, lr=1.0):
    import warnings

    import numpy as np
    from sklearn.linear_model import Perceptron

    w = np.asarray(w, dtype=float)
    x = np.asarray(x, dtype=float)
    y = int(y)
    clf = Perceptron(eta0=lr, max_iter=1, shuffle=False, tol=None)
    xs = np.vstack([x, np.zeros_like(x)])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # one epoch "did not converge"
        clf.fit(
            xs, np.array([y, -y]), coef_init=w[None, :].copy(), intercept_init=np.array([float(b)]),
            sample_weight=np.array([1.0, 0.0]),
        )
    a = float(w @ x + b)
    return {
        "activation": a,
        "margin": y * a,
        "updated": bool(not np.array_equal(clf.coef_[0], w) or clf.intercept_[0] != b),
        "w": clf.coef_[0].tolist(),
        "b": float(clf.intercept_[0]),
    }


@reference("mlp_forward")
def mlp_forward(x, w1, b1, w2, b2, activation="relu"):
    import torch.nn.functional as F  # noqa: N812

    z1 = F.linear(_f64(x), _f64(w1), _f64(b1))
    h = _act(activation)(z1)
    y = F.linear(h, _f64(w2), _f64(b2))
    return {"z1": z1.tolist(), "h": h.tolist(), "y_hat": y.tolist()}


@reference("mlp_backward")
def mlp_backward(x, target, w1, b1, w2, b2, activation="relu", loss="mse", weight_decay=0.0):
    import torch
    import torch.nn.functional as F  # noqa: N812

    params = [_f64(a).requires_grad_() for a in (w1, b1, w2, b2)]
    W1, B1, W2, B2 = params
    z1 = F.linear(_f64(x), W1, B1)
    z1.retain_grad()
    h = _act(activation)(z1)
    h.retain_grad()
    y = F.linear(h, W2, B2)
    y.retain_grad()
    if loss == "mse":
        L = F.mse_loss(y, _f64(target).reshape(-1))
    elif loss == "bce_with_logits":
        L = F.binary_cross_entropy_with_logits(y, _f64(target).reshape(-1))
    else:
        L = F.cross_entropy(y[None, :], torch.tensor([int(target)]))
    J = L + weight_decay / 2 * (W1.pow(2).sum() + W2.pow(2).sum())
    J.backward()
    return {
        "z1": z1.tolist(), "h": h.tolist(), "y_hat": y.tolist(), "loss": L.item(), "objective": J.item(),
        "d_y_hat": y.grad.tolist(), "d_w2": W2.grad.tolist(), "d_b2": B2.grad.tolist(), "d_h": h.grad.tolist(),
        "d_z1": z1.grad.tolist(), "d_w1": W1.grad.tolist(), "d_b1": B1.grad.tolist(),
    }


@reference("mlp_params")
def mlp_params(layer_sizes, bias=True):
    from torch import nn

    sizes = [int(s) for s in layer_sizes]
    layers = [nn.Linear(a, b, bias=bias, device="meta") for a, b in zip(sizes, sizes[1:])]
    per = [sum(p.numel() for p in layer.parameters()) for layer in layers]
    return {"per_layer": per, "total": sum(p.numel() for p in nn.Sequential(*layers).parameters())}


@reference("scalar_chain")
def scalar_chain(x, weights, biases=None, activation="sigmoid", residual=False):
    import torch

    f = _act(activation)
    xt = _f64(x).requires_grad_()
    ws = _f64(weights).requires_grad_()
    bs = torch.zeros(len(weights), dtype=torch.float64) if biases is None else _f64(biases)
    h = xt
    hs = []
    for i in range(len(weights)):
        out = f(ws[i] * h + bs[i])
        h = h + out if residual else out
        h.retain_grad()
        hs.append(h)
    h.backward()
    factors = []
    for i in range(len(weights)):  # ∂hᵢ/∂hᵢ₋₁, one layer at a time, by autograd
        prev = (xt if i == 0 else hs[i - 1]).detach().requires_grad_()
        out = f(ws[i].detach() * prev + bs[i])
        (prev + out if residual else out).backward()
        factors.append(prev.grad.item())
    return {"output": h.item(), "factors": factors, "grad_x": xt.grad.item(), "grad_w1": ws.grad[0].item()}


_TORCH_FUNCTIONS = {
    "sigmoid": "sigmoid", "tanh": "tanh", "exp": "exp", "log": "log", "sqrt": "sqrt", "sin": "sin",
    "square": "square",
}


@reference("finite_difference")
def finite_difference(function, x, h=1e-4, method="central"):
    import torch

    def f(t):
        if function == "cube":
            return t.pow(3)
        return getattr(torch, _TORCH_FUNCTIONS[function])(t)

    xt = _f64(x)
    step = _f64(h)
    if method == "central":
        est = ((f(xt + step) - f(xt - step)) / (2 * step)).item()
    elif method == "forward":
        est = ((f(xt + step) - f(xt)) / step).item()
    else:
        est = ((f(xt) - f(xt - step)) / step).item()
    xg = xt.clone().requires_grad_()
    f(xg).backward()
    exact = xg.grad.item()
    err = abs(est - exact)
    scale = max(abs(est), abs(exact))
    return {"estimate": est, "analytic": exact, "abs_error": err, "rel_error": err / scale if scale > 0 else 0.0}


@reference("tensor_memory")
def tensor_memory(shape, dtype="float32"):
    import torch

    t = torch.empty([int(s) for s in shape], dtype=getattr(torch, dtype), device="meta")
    total = t.numel() * t.element_size()
    return {"elements": t.numel(), "bytes": total, "mib": total / 2**20, "gib": total / 2**30}


def _weights(q, k, allowed, scale):
    import math

    import torch

    qt, kt = _f64(q), _f64(k)
    s = 1 / math.sqrt(qt.shape[-1]) if scale is None else scale
    scores = (qt @ kt.T * s).masked_fill(~allowed, float("-inf"))
    return torch.softmax(scores, dim=-1)


@reference("masked_attention")
def masked_attention(q, k, v, mask, scale=None):
    import torch.nn.functional as F  # noqa: N812

    allowed = _f64(mask) != 0
    out = F.scaled_dot_product_attention(_f64(q), _f64(k), _f64(v), attn_mask=allowed, scale=scale)
    return {"weights": _weights(q, k, allowed, scale).tolist(), "output": out.tolist()}


@reference("causal_attention")
def causal_attention(q, k, v, scale=None):
    import torch
    import torch.nn.functional as F  # noqa: N812

    out = F.scaled_dot_product_attention(_f64(q), _f64(k), _f64(v), is_causal=True, scale=scale)
    allowed = torch.ones(len(q), len(k), dtype=torch.bool).tril()
    return {"weights": _weights(q, k, allowed, scale).tolist(), "output": out.tolist()}


@reference("additive_attention")
def additive_attention(q, k, v, w_q, w_k, w_v):
    import torch

    hidden = torch.tanh(_f64(w_q) @ _f64(q) + _f64(k) @ _f64(w_k).T)
    scores = hidden @ _f64(w_v)
    weights = torch.softmax(scores, dim=0)
    return {"scores": scores.tolist(), "weights": weights.tolist(), "output": (weights @ _f64(v)).tolist()}


@reference("multihead_attention_params")
def multihead_attention_params(embed_dim, num_heads, bias=True, kdim=None, vdim=None):
    from torch import nn

    m = nn.MultiheadAttention(embed_dim, num_heads, bias=bias, kdim=kdim, vdim=vdim, device="meta")
    p = dict(m.named_parameters())
    bias_each = embed_dim if bias else 0
    if "in_proj_weight" in p:  # q, k and v stacked in one (3·d)×d matrix
        q = k = v = p["in_proj_weight"].shape[0] // 3 * p["in_proj_weight"].shape[1] + bias_each
    else:
        q, k, v = (p[f"{n}_proj_weight"].numel() + bias_each for n in "qkv")
    out = sum(t.numel() for name, t in p.items() if name.startswith("out_proj"))
    total = sum(t.numel() for t in m.parameters())
    return {"head_dim": m.head_dim, "q_proj": q, "k_proj": k, "v_proj": v, "out_proj": out, "total": total}


@reference("transformer_encoder_layer_params")
def transformer_encoder_layer_params(d_model, nhead, dim_feedforward=2048, bias=True):
    from torch import nn

    layer = nn.TransformerEncoderLayer(d_model, nhead, dim_feedforward, bias=bias, device="meta")

    def count(*prefixes):
        return sum(t.numel() for name, t in layer.named_parameters() if name.startswith(prefixes))

    return {
        "attention": count("self_attn."),
        "feed_forward": count("linear1.", "linear2."),
        "layer_norms": count("norm1.", "norm2."),
        "total": sum(t.numel() for t in layer.parameters()),
    }


@reference("attention_flops")
def attention_flops(n, d_k, m=None, d_v=None, batch=1, num_heads=1):
    import torch
    from torch.utils.flop_counter import FlopCounterMode

    m = n if m is None else m
    d_v = d_k if d_v is None else d_v
    q = torch.zeros(batch, num_heads, n, d_k, device="meta")
    k = torch.zeros(batch, num_heads, m, d_k, device="meta")
    v = torch.zeros(batch, num_heads, m, d_v, device="meta")
    with FlopCounterMode(display=False) as counter:
        scores = q @ k.transpose(-1, -2)
    first = counter.get_total_flops()
    with FlopCounterMode(display=False) as counter:
        _ = scores.softmax(-1) @ v
    second = counter.get_total_flops()
    return {"scores": first, "weighted_sum": second, "total": first + second}


@reference("sinusoidal_position_encoding")
def sinusoidal_position_encoding(position, d_model):
    import math

    import torch

    # the usual torch implementation (The Annotated Transformer): a table of positions 0…P
    pos = torch.arange(0, int(position) + 1, dtype=torch.float64)[:, None]
    div = torch.exp(torch.arange(0, d_model, 2, dtype=torch.float64) * (-math.log(10000.0) / d_model))
    table = torch.zeros(len(pos), d_model, dtype=torch.float64)
    table[:, 0::2] = torch.sin(pos * div)
    table[:, 1::2] = torch.cos(pos * div)
    if float(position) != int(position):  # a fractional position: the formula at that point
        p = torch.tensor([[float(position)]], dtype=torch.float64)
        row = torch.zeros(d_model, dtype=torch.float64)
        row[0::2], row[1::2] = torch.sin(p * div)[0], torch.cos(p * div)[0]
        return row.tolist()
    return table[-1].tolist()


@reference("transformer_lr")
def transformer_lr(d_model, step, warmup_steps=4000, factor=1.0):
    import warnings

    import torch

    param = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([param], lr=factor)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: d_model**-0.5 * min((s + 1) ** -0.5, (s + 1) * warmup_steps**-1.5)
    )
    # LambdaLR counts from 0, so the schedule's step s is its epoch s − 1; jump there directly
    sched.last_epoch = int(step) - 1
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # get_lr() outside step() warns; its value is what step() would set
        return sched.get_lr()[0]


for _ref in (
    mlp_forward, mlp_backward, mlp_params, scalar_chain, finite_difference, tensor_memory, masked_attention,
    causal_attention, additive_attention, multihead_attention_params, transformer_encoder_layer_params,
    attention_flops, sinusoidal_position_encoding, transformer_lr,
):
    _ref.library = "torch"
perceptron_step.library = "sklearn"
