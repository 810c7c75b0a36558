"""Engine computations for neural-network basics and attention: the perceptron,
a two-layer network forward and backward, parameter counts, gradients through a
deep chain, finite differences, tensor memory, and masked / causal / additive /
multi-head attention (torch semantics unless stated).

Worked-step lines with words are catalog messages (``engine.<name>.<what>``,
entries in ``quizapp/catalog/_engine_networks.py``); pure-math lines are strings.
"""

from __future__ import annotations

import math

import numpy as np

from quizapp.catalog import say
from quizapp.engine._args import array, boolean, choice, fmt, integer, matrix, more, note, number, sub, vector
from quizapp.engine._registry import BadArguments, computation

SHOWN = 12  # rows / layers written out in a worked solution; the rest are counted


def _p(x) -> str:
    """A number for the middle of a product: negative ones in parentheses, 2·(−1.3)."""
    s = fmt(x)
    return f"({s})" if s.startswith("−") else s


def _clean(a):
    """−0.0 becomes 0.0 (a gradient of −0 reads oddly and means nothing)."""
    return a + 0.0


# --- activations shared by the network computations ------------------------------------

ACTIVATIONS = ("relu", "sigmoid", "tanh", "identity")


def _sigmoid(x: np.ndarray) -> np.ndarray:
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _act(name: str):
    """(f, f′, how f is written, how f′ is written) for an activation name (torch conventions:
    ReLU′(0) = 0)."""
    if name == "relu":
        return (lambda z: np.maximum(z, 0.0)), (lambda z: (z > 0).astype(float)), "ReLU", "ReLU′"
    if name == "sigmoid":
        return _sigmoid, (lambda z: _sigmoid(z) * (1.0 - _sigmoid(z))), "σ", "σ′"
    if name == "tanh":
        return np.tanh, (lambda z: 1.0 - np.tanh(z) ** 2), "tanh", "tanh′"
    return (lambda z: z), (lambda z: np.ones_like(z)), "", ""


# --- the perceptron -------------------------------------------------------------------------


@computation("perceptron_step", "one perceptron update, labels ±1: if y·(w·x + b) ≤ 0 then w ← w + lr·y·x, b ← b + lr·y")
def perceptron_step(w, b, x, y, lr=1.0):
    """a = w·x + b; if y·a ≤ 0 (wrong side or on the boundary): w ← w + lr·y·x, b ← b + lr·y;
    otherwise nothing changes (scikit-learn's Perceptron semantics, one sample)."""
    w = vector("w", w)
    x = vector("x", x, length=w.shape[0])
    b = number("b", b)
    yy = number("y", y)
    if yy not in (-1.0, 1.0):
        raise BadArguments(say("engine.error.perceptron_label", got=fmt(yy)))
    lr = number("lr", lr, lo=0.0, lo_open=True)
    a = float(w @ x + b)
    margin = yy * a
    steps = [
        f"a = w·x + b = {fmt(w)}·{fmt(x)} + {fmt(b)} = {fmt(a)}",
        f"y·a = {fmt(yy)}·{_p(a)} = {fmt(margin)}",
    ]
    if margin <= 0:
        new_w, new_b = w + lr * yy * x, b + lr * yy
        steps += [
            say("engine.perceptron_step.mistake"),
            f"w ← w + η·y·x = {fmt(w)} + {fmt(lr)}·{_p(yy)}·{fmt(x)} = {fmt(new_w)}",
            f"b ← b + η·y = {fmt(b)} + {fmt(lr)}·{_p(yy)} = {fmt(new_b)}",
        ]
    else:
        new_w, new_b = w, b
        steps.append(say("engine.perceptron_step.no_update"))
    return {"activation": a, "margin": margin, "updated": bool(margin <= 0), "w": new_w, "b": new_b}, steps


# --- a network with one hidden layer ----------------------------------------------------------


def _layers(w1, b1, w2, b2, d: int | None):
    """W₁ (h×d), b₁ (h), W₂ (q×h), b₂ (q), in nn.Linear's out × in layout."""
    w1, w2 = matrix("w1", w1), matrix("w2", w2)
    if d is not None and w1.shape[1] != d:
        raise BadArguments(say("engine.error.mlp_w1_columns", want=d, got=w1.shape[1]))
    if w2.shape[1] != w1.shape[0]:
        raise BadArguments(say("engine.error.mlp_w2_columns", want=w1.shape[0], got=w2.shape[1]))
    b1 = vector("b1", b1, length=w1.shape[0])
    b2 = vector("b2", b2, length=w2.shape[0])
    return w1, b1, w2, b2


@computation("mlp_forward", "forward pass of a one-hidden-layer network: ŷ = W₂·f(W₁x + b₁) + b₂")
def mlp_forward(x, w1, b1, w2, b2, activation="relu"):
    """z₁ = W₁x + b₁, h = f(z₁), ŷ = W₂h + b₂ (nn.Linear layout: W is out × in). ``x`` is
    one input (a vector) or a batch (one input per row); the value has ``z1``, ``h`` and
    ``y_hat`` in the same layout."""
    xs = array("x", x, ndim=(1, 2))
    w1, b1, w2, b2 = _layers(w1, b1, w2, b2, xs.shape[-1])
    activation = choice("activation", activation, ACTIVATIONS)
    f, _, fname, _ = _act(activation)
    z1 = xs @ w1.T + b1
    h = f(z1)
    y = h @ w2.T + b2
    steps = [
        f"z₁ = W₁·x + b₁ = {fmt(z1)}",
        f"h = {fname}(z₁) = {fmt(h)}" if fname else f"h = z₁ = {fmt(h)}",
        f"ŷ = W₂·h + b₂ = {fmt(y)}",
    ]
    if xs.ndim == 2:
        steps.insert(0, say("engine.mlp_forward.batch", count=xs.shape[0]))
    return {"z1": z1, "h": h, "y_hat": y}, steps


LOSSES = ("mse", "cross_entropy", "bce_with_logits")


@computation(
    "mlp_backward",
    "forward and backward pass of a one-hidden-layer network on one sample: every intermediate and every gradient",
)
def mlp_backward(x, target, w1, b1, w2, b2, activation="relu", loss="mse", weight_decay=0.0):
    """One sample x (a vector). Forward: z₁ = W₁x + b₁, h = f(z₁), ŷ = W₂h + b₂, L = loss(ŷ, target)
    as torch's F.mse_loss (mean over the q outputs), F.cross_entropy (target a class index) or
    F.binary_cross_entropy_with_logits (target 0/1 per output, mean). The objective is
    J = L + weight_decay/2·(‖W₁‖²_F + ‖W₂‖²_F) (biases are not decayed). Backward (chain rule):
    ∂J/∂ŷ, ∂J/∂W₂ = ∂J/∂ŷ·hᵀ + λW₂, ∂J/∂b₂ = ∂J/∂ŷ, ∂J/∂h = W₂ᵀ·∂J/∂ŷ, ∂J/∂z₁ = ∂J/∂h ⊙ f′(z₁),
    ∂J/∂W₁ = ∂J/∂z₁·xᵀ + λW₁, ∂J/∂b₁ = ∂J/∂z₁ — what torch autograd gives."""
    xv = vector("x", x)
    w1, b1, w2, b2 = _layers(w1, b1, w2, b2, xv.shape[0])
    activation = choice("activation", activation, ACTIVATIONS)
    loss = choice("loss", loss, LOSSES)
    lam = number("weight_decay", weight_decay, lo=0.0)
    q = w2.shape[0]
    f, fprime, fname, fpname = _act(activation)

    z1 = w1 @ xv + b1
    h = f(z1)
    y = w2 @ h + b2
    steps = [
        say("engine.mlp_backward.forward"),
        f"z₁ = W₁·x + b₁ = {fmt(w1)}·{fmt(xv)} + {fmt(b1)} = {fmt(z1)}",
        f"h = {fname}(z₁) = {fmt(h)}" if fname else f"h = z₁ = {fmt(h)}",
        f"ŷ = W₂·h + b₂ = {fmt(w2)}·{fmt(h)} + {fmt(b2)} = {fmt(y)}",
    ]
    if loss == "cross_entropy":
        c = integer("target", target, lo=0)
        if c >= q:
            raise BadArguments(say("engine.error.mlp_class_index", q=q, got=c))
        m = float(np.max(y))
        e = np.exp(y - m)
        p = e / e.sum()
        value = float(-(y[c] - m - math.log(e.sum())))
        onehot = np.zeros(q)
        onehot[c] = 1.0
        dy = p - onehot
        steps += [
            f"p = softmax(ŷ) = {fmt(p)}",
            f"L = −log p{sub(c)} = −log {fmt(p[c])} = {fmt(value)}",
            say("engine.mlp_backward.backward"),
            note(f"∂L/∂ŷ = p − e{sub(c)} = {fmt(dy)}", say("engine.mlp_backward.one_hot", c=sub(c))),
        ]
    else:
        t = array("target", target, ndim=(0, 1)).reshape(-1)
        if t.shape[0] != q:
            raise BadArguments(say("engine.error.mlp_target_length", q=q, got=t.shape[0]))
        if loss == "mse":
            diff = y - t
            value = float(np.mean(diff**2))
            dy = 2.0 * diff / q
            mean = f"Σ(ŷ − t)² / {q}" if q > 1 else "(ŷ − t)²"
            steps += [
                f"L = {mean} = {fmt(value)}",
                say("engine.mlp_backward.backward"),
                f"∂L/∂ŷ = 2·(ŷ − t){' / ' + str(q) if q > 1 else ''} = 2·{fmt(diff)}{' / ' + str(q) if q > 1 else ''} = {fmt(dy)}",
            ]
        else:
            if np.any((t < 0) | (t > 1)):
                raise BadArguments(say("engine.error.mlp_bce_target"))
            p = _sigmoid(y)
            terms = np.maximum(y, 0.0) - y * t + np.log1p(np.exp(-np.abs(y)))
            value = float(np.mean(terms))
            dy = (p - t) / q
            mean = f" / {q}" if q > 1 else ""
            steps += [
                f"σ(ŷ) = {fmt(p)}",
                f"L = −[t·log σ(ŷ) + (1 − t)·log(1 − σ(ŷ))]{mean} = {fmt(value)}",
                say("engine.mlp_backward.backward"),
                f"∂L/∂ŷ = (σ(ŷ) − t){mean} = {fmt(dy)}",
            ]
    penalty = lam / 2.0 * float(np.sum(w1**2) + np.sum(w2**2))
    objective = value + penalty
    if lam:
        steps.insert(
            len(steps) - 2,
            f"J = L + λ/2·(‖W₁‖² + ‖W₂‖²) = {fmt(value)} + {fmt(lam)}/2·{fmt(float(np.sum(w1**2) + np.sum(w2**2)))} = {fmt(objective)}",
        )
    dw2 = _clean(np.outer(dy, h) + lam * w2)
    db2 = _clean(dy)
    dh = _clean(w2.T @ dy)
    dz1 = _clean(dh * fprime(z1))
    dw1 = _clean(np.outer(dz1, xv) + lam * w1)
    db1 = dz1
    g = "J" if lam else "L"  # with weight decay the objective J = L + penalty is differentiated
    decay2 = " + λ·W₂" if lam else ""
    decay1 = " + λ·W₁" if lam else ""
    steps += [
        f"∂{g}/∂W₂ = ∂L/∂ŷ·hᵀ{decay2} = {fmt(dw2)}",
        f"∂{g}/∂b₂ = ∂L/∂ŷ = {fmt(db2)}",
        f"∂{g}/∂h = W₂ᵀ·∂L/∂ŷ = {fmt(dh)}",
        f"∂{g}/∂z₁ = ∂{g}/∂h ⊙ {fpname}(z₁) = {fmt(dh)} ⊙ {fmt(fprime(z1))} = {fmt(dz1)}" if fpname else f"∂{g}/∂z₁ = ∂{g}/∂h = {fmt(dz1)}",
        f"∂{g}/∂W₁ = ∂{g}/∂z₁·xᵀ{decay1} = {fmt(dw1)}",
        f"∂{g}/∂b₁ = ∂{g}/∂z₁ = {fmt(db1)}",
    ]
    return {
        "z1": z1,
        "h": h,
        "y_hat": y,
        "loss": value,
        "objective": objective,
        "d_y_hat": _clean(dy),
        "d_w2": dw2,
        "d_b2": db2,
        "d_h": dh,
        "d_z1": dz1,
        "d_w1": dw1,
        "d_b1": db1,
    }, steps


@computation("mlp_params", "number of parameters of a stack of fully connected layers (nn.Linear) with the given widths")
def mlp_params(layer_sizes, bias=True):
    """layer_sizes = [n₀, n₁, …, n_L]: layer i is nn.Linear(nᵢ₋₁, nᵢ) with nᵢ₋₁·nᵢ weights and
    (with bias) nᵢ biases. The value has ``per_layer`` and ``total``."""
    sizes = vector("layer_sizes", layer_sizes)
    if sizes.shape[0] < 2:
        raise BadArguments(say("engine.error.mlp_layer_sizes"))
    widths = [integer("layer_sizes", s, lo=1) for s in sizes.tolist()]
    bias = boolean("bias", bias)
    per, steps = [], []
    for i, (n_in, n_out) in enumerate(zip(widths, widths[1:]), 1):
        count = n_in * n_out + (n_out if bias else 0)
        per.append(count)
        if i <= SHOWN:
            extra = f" + {n_out}" if bias else ""
            steps.append(say("engine.mlp_params.layer", i=i, formula=f"{n_in}·{n_out}{extra}", count=count))
    if len(per) > SHOWN:
        steps.append(say("engine.mlp_params.more", count=len(per) - SHOWN))
    total = sum(per)
    steps.append(say("engine.mlp_params.total", terms=" + ".join(map(str, per[:SHOWN])) + (" + …" if len(per) > SHOWN else ""), total=total))
    if not bias:
        steps.insert(0, say("engine.mlp_params.no_bias"))
    return {"per_layer": per, "total": total}, steps


# --- gradients through a deep chain ----------------------------------------------------------


@computation(
    "scalar_chain",
    "a chain of one-unit layers hᵢ = f(wᵢ·hᵢ₋₁ + bᵢ) (or hᵢ₋₁ + f(…) with residual): output and ∂h_L/∂x",
)
def scalar_chain(x, weights, biases=None, activation="sigmoid", residual=False):
    """h₀ = x; zᵢ = wᵢ·hᵢ₋₁ + bᵢ; hᵢ = f(zᵢ), or hᵢ = hᵢ₋₁ + f(zᵢ) with ``residual``.
    ∂h_L/∂x is the product of the local factors ∂hᵢ/∂hᵢ₋₁ = wᵢ·f′(zᵢ) (1 + wᵢ·f′(zᵢ) with a
    residual connection); ∂h_L/∂w₁ = (product of the factors of layers 2…L)·f′(z₁)·x.
    The value has ``output``, ``factors``, ``grad_x`` and ``grad_w1`` (torch autograd's)."""
    x0 = number("x", x)
    w = vector("weights", weights)
    n = w.shape[0]
    b = np.zeros(n) if biases is None else vector("biases", biases, length=n)
    activation = choice("activation", activation, ACTIVATIONS)
    residual = boolean("residual", residual)
    f, fprime, fname, fpname = _act(activation)
    h = x0
    factors, zs = [], []
    steps = [say("engine.scalar_chain.residual" if residual else "engine.scalar_chain.plain", f=fname or "id")]
    for i in range(n):
        z = w[i] * h + b[i]
        out = f(np.float64(z))
        d = float(fprime(np.float64(z)))
        local = w[i] * d
        factor = 1.0 + local if residual else local
        new_h = h + float(out) if residual else float(out)
        if i < SHOWN:
            local_text = f"w{sub(i + 1)}·{fpname}(z{sub(i + 1)})" if fpname else f"w{sub(i + 1)}"
            local_nums = f"{fmt(w[i])}·{fmt(d)}" if fpname else fmt(w[i])
            factor_text = f"1 + {local_text} = 1 + {local_nums}" if residual else f"{local_text} = {local_nums}"
            plus = "" if biases is None else f" + {_p(b[i])}"
            steps.append(
                f"z{sub(i + 1)} = {fmt(w[i])}·{_p(h)}{plus} = {fmt(z)}, h{sub(i + 1)} = {fmt(new_h)}, "
                f"∂h{sub(i + 1)}/∂h{sub(i)} = {factor_text} = {fmt(factor)}"
            )
        zs.append(float(z))
        factors.append(float(factor))
        h = new_h
    if n > SHOWN:
        steps.append(say("engine.scalar_chain.more", count=n - SHOWN))
    grad_x = float(np.prod(factors))
    rest = float(np.prod(factors[1:])) if n > 1 else 1.0
    grad_w1 = rest * float(fprime(np.float64(zs[0]))) * x0
    shown = " · ".join(fmt(v) for v in factors[:SHOWN]) + (" · …" if n > SHOWN else "")
    steps += [
        f"∂h{sub(n)}/∂x = {shown} = {fmt(grad_x)}",
        f"∂h{sub(n)}/∂w₁ = (∂h{sub(n)}/∂h₁)·{fpname}(z₁)·x = {fmt(rest)}·{fmt(float(fprime(np.float64(zs[0]))))}·{fmt(x0)} = {fmt(grad_w1)}"
        if fpname else f"∂h{sub(n)}/∂w₁ = (∂h{sub(n)}/∂h₁)·x = {fmt(rest)}·{fmt(x0)} = {fmt(grad_w1)}",
    ]
    return {"output": h, "factors": factors, "grad_x": grad_x, "grad_w1": grad_w1}, steps


# --- finite differences -----------------------------------------------------------------------

FUNCTIONS = {
    # name: (f, f′, how f is written, how f′ is written, domain check)
    "sigmoid": (lambda t: 1 / (1 + math.exp(-t)) if t >= 0 else math.exp(t) / (1 + math.exp(t)), None, "σ(x)", "σ(x)·(1 − σ(x))", None),
    "tanh": (math.tanh, lambda t: 1 - math.tanh(t) ** 2, "tanh(x)", "1 − tanh²(x)", None),
    "exp": (math.exp, math.exp, "eˣ", "eˣ", None),
    "log": (math.log, lambda t: 1 / t, "log x", "1/x", "positive"),
    "sqrt": (math.sqrt, lambda t: 0.5 / math.sqrt(t), "√x", "1/(2√x)", "positive"),
    "sin": (math.sin, math.cos, "sin x", "cos x", None),
    "square": (lambda t: t * t, lambda t: 2 * t, "x²", "2x", None),
    "cube": (lambda t: t**3, lambda t: 3 * t * t, "x³", "3x²", None),
}
METHODS = ("central", "forward", "backward")


def _sig_grad(t: float) -> float:
    s = FUNCTIONS["sigmoid"][0](t)
    return s * (1 - s)


@computation("finite_difference", "numerical derivative of a named function by a central, forward or backward difference, with the analytic derivative and the relative error")
def finite_difference(function, x, h=1e-4, method="central"):
    """central (f(x + h) − f(x − h)) / 2h, error O(h²); forward (f(x + h) − f(x)) / h and
    backward (f(x) − f(x − h)) / h, error O(h). ``function`` in sigmoid, tanh, exp, log, sqrt,
    sin, square, cube. The value has ``estimate``, ``analytic`` (the exact derivative),
    ``abs_error`` = |estimate − analytic| and ``rel_error`` = |estimate − analytic| /
    max(|estimate|, |analytic|) (0 when both are 0), the quantity gradient checks compare
    with a threshold such as 10⁻⁷."""
    name = choice("function", function, tuple(FUNCTIONS))
    x0 = number("x", x)
    step = number("h", h, lo=0.0, lo_open=True)
    method = choice("method", method, METHODS)
    f, df, ftext, dftext, domain = FUNCTIONS[name]
    if name == "sigmoid":
        df = _sig_grad
    lo = x0 - step if method in ("central", "backward") else x0
    if domain == "positive" and lo <= 0:
        where = "x − h" if lo < x0 else "x"
        raise BadArguments(say("engine.error.finite_difference_domain", function=name, where=where, got=fmt(lo)))
    try:
        if method == "central":
            fp, fm = f(x0 + step), f(x0 - step)
            est = (fp - fm) / (2 * step)
            line = f"D = (f(x + h) − f(x − h)) / 2h = ({fmt(fp, 10)} − {fmt(fm, 10)}) / {fmt(2 * step)} = {fmt(est, 8)}"
        elif method == "forward":
            fp, f0 = f(x0 + step), f(x0)
            est = (fp - f0) / step
            line = f"D = (f(x + h) − f(x)) / h = ({fmt(fp, 10)} − {fmt(f0, 10)}) / {fmt(step)} = {fmt(est, 8)}"
        else:
            f0, fm = f(x0), f(x0 - step)
            est = (f0 - fm) / step
            line = f"D = (f(x) − f(x − h)) / h = ({fmt(f0, 10)} − {fmt(fm, 10)}) / {fmt(step)} = {fmt(est, 8)}"
        exact = df(x0)
    except OverflowError:
        raise BadArguments(say("engine.error.finite_difference_overflow", function=name, x=fmt(x0))) from None
    abs_err = abs(est - exact)
    scale = max(abs(est), abs(exact))
    rel = abs_err / scale if scale > 0 else 0.0
    steps = [
        f"f(x) = {ftext}, x = {fmt(x0)}, h = {fmt(step)}",
        say(f"engine.finite_difference.{method}"),
        line,
        f"f′(x) = {dftext} = {fmt(exact, 8)}",
        f"|D − f′(x)| = {fmt(abs_err)}",
        say("engine.finite_difference.relative", formula=f"|D − f′(x)| / max(|D|, |f′(x)|) = {fmt(abs_err)} / max({fmt(abs(est), 8)}, {fmt(abs(exact), 8)})", value=fmt(rel)),
    ]
    return {"estimate": est, "analytic": exact, "abs_error": abs_err, "rel_error": rel}, steps


# --- memory ------------------------------------------------------------------------------------

DTYPE_BYTES = {"float64": 8, "float32": 4, "float16": 2, "bfloat16": 2, "int64": 8, "int32": 4, "int8": 1, "uint8": 1, "bool": 1}


@computation("tensor_memory", "bytes (and MiB) taken by a tensor of a given shape and dtype")
def tensor_memory(shape, dtype="float32"):
    """elements = the product of the shape; bytes = elements · bytes per element (float32 4,
    float16/bfloat16 2, float64 8, …); MiB = bytes / 1024², GiB = bytes / 1024³."""
    dims = vector("shape", shape)
    sizes = [integer("shape", s, lo=0) for s in dims.tolist()]
    dtype = choice("dtype", dtype, tuple(DTYPE_BYTES))
    n = math.prod(sizes)
    if n > 2**62:
        raise BadArguments(say("engine.error.tensor_memory_too_large"))
    per = DTYPE_BYTES[dtype]
    total = n * per
    mib = total / 2**20
    gib = total / 2**30
    steps = [
        say("engine.tensor_memory.elements", formula=" × ".join(map(str, sizes)), count=n),
        say("engine.tensor_memory.bytes", dtype=dtype, per=per, formula=f"{n} × {per}", total=total),
        say("engine.tensor_memory.mib", math=f"{total} / 1024² = {fmt(mib)}"),
        say("engine.tensor_memory.gib", math=f"{total} / 1024³ = {fmt(gib)}"),
    ]
    return {"elements": n, "bytes": total, "mib": mib, "gib": gib}, steps


# --- attention -----------------------------------------------------------------------------------


def _qkv(q, k, v) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    q, k, v = matrix("q", q), matrix("k", k), matrix("v", v)
    if q.shape[1] != k.shape[1]:
        raise BadArguments(say("engine.error.qk_columns", q=q.shape[1], k=k.shape[1]))
    if k.shape[0] != v.shape[0]:
        raise BadArguments(say("engine.error.kv_rows", k=k.shape[0], v=v.shape[0]))
    return q, k, v


def _bools_as_numbers(x):
    """true/false (JSON booleans, numpy bools) as 1/0, so a boolean mask reads like torch's."""
    if isinstance(x, (bool, np.bool_)):
        return int(x)
    if isinstance(x, np.ndarray) and x.dtype == bool:
        return x.astype(int)
    if isinstance(x, (list, tuple)):
        return [_bools_as_numbers(v) for v in x]
    return x


def _mask(mask, n: int, m: int) -> np.ndarray:
    """A boolean n×m mask: True (or 1) where query i may attend to key j, as torch's boolean attn_mask."""
    arr = array("mask", _bools_as_numbers(mask), ndim=2)
    if arr.shape != (n, m):
        raise BadArguments(say("engine.error.attention_mask_shape", n=n, m=m, got=f"{arr.shape[0]}×{arr.shape[1]}"))
    if not np.all((arr == 0) | (arr == 1)):
        raise BadArguments(say("engine.error.attention_mask_values"))
    allowed = arr.astype(bool)
    empty = np.flatnonzero(~allowed.any(axis=1))
    if empty.size:
        raise BadArguments(say("engine.error.attention_mask_empty_row", row=int(empty[0]) + 1))
    return allowed


def _attend(q, k, v, allowed: np.ndarray, scale, steps: list) -> tuple[np.ndarray, np.ndarray]:
    d = q.shape[1]
    scores = q @ k.T
    if scale is None:
        s = 1.0 / math.sqrt(d)
        scaled = scores * s
        steps.append(say("engine.attention.scores", math=f"q·kᵀ = {fmt(scores)}"))
        steps.append(say("engine.attention.scale", root=f"√d_k = √{d} = {fmt(math.sqrt(d))}", math=f"q·kᵀ / √d_k = {fmt(scaled)}"))
    else:
        s = number("scale", scale, lo=0.0, lo_open=True)
        scaled = scores * s
        steps.append(say("engine.attention.scores", math=f"q·kᵀ · {fmt(s)} = {fmt(scaled)}"))
    scores = scaled
    if not allowed.all():
        steps.append(say("engine.masked_attention.masked"))
    masked = np.where(allowed, scores, -np.inf)
    shifted = masked - masked.max(axis=1, keepdims=True)
    e = np.where(allowed, np.exp(shifted), 0.0)
    weights = e / e.sum(axis=1, keepdims=True)
    for i in range(min(q.shape[0], SHOWN)):
        keep = ", ".join(fmt(scores[i, j]) if allowed[i, j] else "−∞" for j in range(k.shape[0]))
        steps.append(say("engine.row", i=i + 1, math=f"softmax([{keep}]) = {fmt(weights[i])}"))
    more(steps, SHOWN, q.shape[0], "rows")
    out = weights @ v
    steps.append(say("engine.attention.output", math=fmt(out)))
    return weights, out


@computation("masked_attention", "scaled dot-product attention with a boolean mask (true = may attend): attention weights and output")
def masked_attention(q, k, v, mask, scale=None):
    """softmax(q·kᵀ·scale with −∞ where mask is false)·v, scale = 1/√d_k by default — torch's
    F.scaled_dot_product_attention with a boolean attn_mask. The value has ``weights`` (n×m)
    and ``output`` (n×d_v). A row that masks every key is refused."""
    q, k, v = _qkv(q, k, v)
    allowed = _mask(mask, q.shape[0], k.shape[0])
    steps: list = []
    weights, out = _attend(q, k, v, allowed, scale, steps)
    return {"weights": weights, "output": out}, steps


@computation("causal_attention", "scaled dot-product attention with a causal mask (query i sees keys 1…i only): weights and output")
def causal_attention(q, k, v, scale=None):
    """masked_attention with the lower-triangular mask: query i attends to keys j ≤ i (torch's
    is_causal=True, aligned at the top left). The value has ``weights`` and ``output``."""
    q, k, v = _qkv(q, k, v)
    n, m = q.shape[0], k.shape[0]
    allowed = np.tril(np.ones((n, m), dtype=bool))
    steps: list = [say("engine.causal_attention.mask")]
    weights, out = _attend(q, k, v, allowed, scale, steps)
    return {"weights": weights, "output": out}, steps


@computation("additive_attention", "additive (Bahdanau) attention: scores wᵥᵀ·tanh(W_q·q + W_k·kⱼ), softmax, weighted sum of values")
def additive_attention(q, k, v, w_q, w_k, w_v):
    """One query q (a vector of d_q) against keys k (m×d_k) and values v (m×d_v):
    sⱼ = w_vᵀ·tanh(W_q·q + W_k·kⱼ) with W_q (h×d_q), W_k (h×d_k), w_v (h); weights = softmax(s);
    output = Σⱼ weightⱼ·vⱼ. The value has ``scores``, ``weights`` and ``output``."""
    qv = vector("q", q)
    k, v = matrix("k", k), matrix("v", v)
    if k.shape[0] != v.shape[0]:
        raise BadArguments(say("engine.error.kv_rows", k=k.shape[0], v=v.shape[0]))
    wq, wk = matrix("w_q", w_q), matrix("w_k", w_k)
    wv = vector("w_v", w_v)
    if wq.shape[1] != qv.shape[0]:
        raise BadArguments(say("engine.error.additive_columns", name="w_q", of="q", want=qv.shape[0], got=wq.shape[1]))
    if wk.shape[1] != k.shape[1]:
        raise BadArguments(say("engine.error.additive_columns", name="w_k", of="k", want=k.shape[1], got=wk.shape[1]))
    if wk.shape[0] != wq.shape[0] or wv.shape[0] != wq.shape[0]:
        raise BadArguments(say("engine.error.additive_hidden", q=wq.shape[0], k=wk.shape[0], v=wv.shape[0]))
    pq = wq @ qv
    pk = k @ wk.T
    hidden = np.tanh(pq[None, :] + pk)
    scores = hidden @ wv
    e = np.exp(scores - scores.max())
    weights = e / e.sum()
    out = weights @ v
    steps = [f"w_q·q = {fmt(pq)}"]
    for j in range(min(k.shape[0], SHOWN)):
        steps.append(
            f"k{sub(j + 1)}: w_k·k{sub(j + 1)} = {fmt(pk[j])}, tanh(w_q·q + w_k·k{sub(j + 1)}) = {fmt(hidden[j])}, "
            f"s{sub(j + 1)} = w_vᵀ·tanh(…) = {fmt(scores[j])}"
        )
    if k.shape[0] > SHOWN:
        steps.append(say("engine.additive_attention.more_keys", count=k.shape[0] - SHOWN))
    steps += [f"softmax(s) = {fmt(weights)}", say("engine.attention.output", math=fmt(out))]
    return {"scores": scores, "weights": weights, "output": out}, steps


@computation("multihead_attention_params", "parameter count of torch's nn.MultiheadAttention (q, k, v and output projections)")
def multihead_attention_params(embed_dim, num_heads, bias=True, kdim=None, vdim=None):
    """W_q is embed_dim×embed_dim, W_k embed_dim×kdim, W_v embed_dim×vdim, W_o embed_dim×embed_dim,
    each with embed_dim biases when ``bias``: 4·d² + 4·d when kdim = vdim = d. head_dim =
    embed_dim / num_heads (which must divide it); the count does not depend on num_heads."""
    d = integer("embed_dim", embed_dim, lo=1)
    h = integer("num_heads", num_heads, lo=1)
    if d % h:
        raise BadArguments(say("engine.error.heads_divide", name="embed_dim", d=d, heads_name="num_heads", h=h))
    bias = boolean("bias", bias)
    dk = d if kdim is None else integer("kdim", kdim, lo=1)
    dv = d if vdim is None else integer("vdim", vdim, lo=1)
    extra = d if bias else 0
    parts = {"q_proj": d * d + extra, "k_proj": d * dk + extra, "v_proj": d * dv + extra, "out_proj": d * d + extra}
    total = sum(parts.values())
    plus = f" + {d}" if bias else ""
    steps = [
        say("engine.multihead_attention_params.head_dim", math=f"embed_dim / num_heads = {d} / {h} = {d // h}"),
        say("engine.multihead_attention_params.heads"),
        say("engine.multihead_attention_params.proj", which="q", math=f"{d}·{d}{plus} = {parts['q_proj']}"),
        say("engine.multihead_attention_params.proj", which="k", math=f"{d}·{dk}{plus} = {parts['k_proj']}"),
        say("engine.multihead_attention_params.proj", which="v", math=f"{d}·{dv}{plus} = {parts['v_proj']}"),
        say("engine.multihead_attention_params.proj", which="o", math=f"{d}·{d}{plus} = {parts['out_proj']}"),
        say("engine.multihead_attention_params.total", formula=" + ".join(str(c) for c in parts.values()), total=total),
    ]
    return {"head_dim": d // h, **parts, "total": total}, steps


@computation(
    "transformer_encoder_layer_params",
    "parameter count of torch's nn.TransformerEncoderLayer: self-attention, feed-forward network, two LayerNorms",
)
def transformer_encoder_layer_params(d_model, nhead, dim_feedforward=2048, bias=True):
    """self-attention 4·d² (+ 4·d biases); feed-forward Linear(d, d_ff) and Linear(d_ff, d):
    2·d·d_ff (+ d_ff + d biases); two LayerNorms with weight and bias: 4·d (2·d without bias)."""
    d = integer("d_model", d_model, lo=1)
    h = integer("nhead", nhead, lo=1)
    if d % h:
        raise BadArguments(say("engine.error.heads_divide", name="d_model", d=d, heads_name="nhead", h=h))
    ff = integer("dim_feedforward", dim_feedforward, lo=1)
    bias = boolean("bias", bias)
    attn = 4 * d * d + (4 * d if bias else 0)
    ffn = 2 * d * ff + ((ff + d) if bias else 0)
    norms = 4 * d if bias else 2 * d
    total = attn + ffn + norms
    steps = [
        say("engine.transformer_encoder_layer_params.attention", formula=f"4·{d}²" + (f" + 4·{d}" if bias else ""), count=attn),
        say("engine.transformer_encoder_layer_params.ffn", formula=f"2·{d}·{ff}" + (f" + {ff} + {d}" if bias else ""), count=ffn),
        say("engine.transformer_encoder_layer_params.norms", formula=("2·2·" if bias else "2·") + str(d), count=norms),
        say("engine.transformer_encoder_layer_params.total", formula=f"{attn} + {ffn} + {norms}", total=total),
    ]
    return {"attention": attn, "feed_forward": ffn, "layer_norms": norms, "total": total}, steps


@computation("attention_flops", "floating-point operations of attention's two matrix products q·kᵀ and weights·v (2 per multiply-add)")
def attention_flops(n, d_k, m=None, d_v=None, batch=1, num_heads=1):
    """q·kᵀ is (n×d_k)·(d_k×m): 2·n·m·d_k flops; weights·v is (n×m)·(m×d_v): 2·n·m·d_v; both per
    head and per sequence, as torch's FlopCounterMode counts them. m defaults to n (self-attention)
    and d_v to d_k. Quadratic in the sequence length: O(n²·d)."""
    n = integer("n", n, lo=1)
    dk = integer("d_k", d_k, lo=1)
    mm = n if m is None else integer("m", m, lo=1)
    dv = dk if d_v is None else integer("d_v", d_v, lo=1)
    b = integer("batch", batch, lo=1)
    hh = integer("num_heads", num_heads, lo=1)
    copies = b * hh
    scores = 2 * n * mm * dk * copies
    weighted = 2 * n * mm * dv * copies
    times = f" · {b}·{hh}" if copies > 1 else ""
    steps = [
        f"q·kᵀ: 2·n·m·d_k{times} = 2·{n}·{mm}·{dk}{times} = {scores}",
        say("engine.attention_flops.weighted", math=f"2·n·m·d_v{times} = 2·{n}·{mm}·{dv}{times} = {weighted}"),
        say("engine.attention_flops.total", formula=f"{scores} + {weighted}", total=scores + weighted),
    ]
    return {"scores": scores, "weighted_sum": weighted, "total": scores + weighted}, steps


@computation("sinusoidal_position_encoding", "the Transformer's sinusoidal positional encoding of one position")
def sinusoidal_position_encoding(position, d_model):
    """PE(pos, 2i) = sin(pos / 10000^(2i/d_model)), PE(pos, 2i + 1) = cos(pos / 10000^(2i/d_model))
    (Vaswani et al. 2017); d_model must be even. The value is the vector of d_model entries."""
    pos = number("position", position, lo=0.0)
    d = integer("d_model", d_model, lo=2)
    if d % 2:
        raise BadArguments(say("engine.error.position_encoding_odd", got=d))
    i = np.arange(d // 2)
    freq = 10000.0 ** (-2.0 * i / d)
    angle = pos * freq
    pe = np.empty(d)
    pe[0::2] = np.sin(angle)
    pe[1::2] = np.cos(angle)
    steps = [f"ωᵢ = 10000^(−2i/{d}) = {fmt(freq)}", f"position·ωᵢ = {fmt(angle)}"]
    steps += [say("engine.sinusoidal_position_encoding.pairs"), say("engine.sinusoidal_position_encoding.value", math=fmt(pe))]
    return pe, steps


@computation("transformer_lr", "the original Transformer's learning rate: d_model^−0.5 · min(step^−0.5, step · warmup_steps^−1.5)")
def transformer_lr(d_model, step, warmup_steps=4000, factor=1.0):
    """lr = factor · d_model^−0.5 · min(step^−0.5, step · warmup^−1.5) (Vaswani et al. 2017):
    linear warm-up for ``warmup_steps`` steps, then decay ∝ 1/√step; the peak is at step = warmup."""
    d = integer("d_model", d_model, lo=1)
    s = integer("step", step, lo=1)
    w = integer("warmup_steps", warmup_steps, lo=1)
    c = number("factor", factor, lo=0.0, lo_open=True)
    up = s * w**-1.5
    down = s**-0.5
    lr = c * d**-0.5 * min(up, down)
    phase = "warmup" if s < w else "decay"
    scale = f"{fmt(c)} · " if c != 1 else ""
    steps = [
        f"step · warmup_steps^−1.5 = {s} · {w}^−1.5 = {fmt(up)}",
        f"step^−0.5 = {s}^−0.5 = {fmt(down)}",
        say(f"engine.transformer_lr.{phase}"),
        say("engine.transformer_lr.value", math=f"{scale}{d}^−0.5 · {fmt(min(up, down))} = {fmt(lr)}"),
    ]
    return lr, steps
