"""Engine computations: regularization penalties, norms, dropout and normalization.

Batch, layer, group and instance normalization follow torch's ``F.batch_norm``
(training mode), ``F.layer_norm``, ``F.group_norm`` and ``F.instance_norm`` (input
statistics); the scalers follow sklearn's MinMaxScaler and StandardScaler.
"""

from __future__ import annotations

import math

import numpy as np

from quizapp.catalog import say
from quizapp.engine._args import INF_WORDS, array, fmt, integer, more, note, number, shape_name, sub, vector
from quizapp.engine._registry import BadArguments, computation


def _weights(w, lam) -> tuple[np.ndarray, float]:
    """The weights (number, vector or matrix) and a strength λ ≥ 0."""
    return array("w", w, ndim=(0, 1, 2)), number("lam", lam, lo=0.0)


def _sum_line(lhs: str, values: np.ndarray, term, total: float):
    """'Σ|w| = |0.5| + |−2| = 2.5' (``term`` writes one) for a short array, else the
    number of terms in words."""
    flat = values.ravel()
    if flat.size > 8:
        return say("engine.sum_of_terms", lhs=lhs, count=flat.size, total=fmt(total))
    return f"{lhs} = {' + '.join(term(v) for v in flat)} = {fmt(total)}"


def _abs_term(v: float) -> str:
    return f"|{fmt(v)}|"


def _square_term(v: float) -> str:
    return f"({fmt(v)})²" if v < 0 else f"{fmt(v)}²"


@computation("l1_penalty", "L1 (lasso) penalty lam·Σ|w|")
def l1_penalty(w, lam):
    """Ω(w) = λ·Σ|wᵢ|."""
    w, lam = _weights(w, lam)
    total = float(np.abs(w).sum())
    value = lam * total
    return value, [
        _sum_line("Σ|w|", w, _abs_term, total),
        f"λ·Σ|w| = {fmt(lam)} · {fmt(total)} = {fmt(value)}",
    ]


@computation("l2_penalty", "L2 (ridge / weight-decay) penalty lam/2·Σw²")
def l2_penalty(w, lam):
    """Ω(w) = λ/2·Σwᵢ² (the squared L2 norm; its gradient is λ·w)."""
    w, lam = _weights(w, lam)
    total = float((w * w).sum())
    value = lam / 2 * total
    return value, [
        _sum_line("Σw²", w, _square_term, total),
        f"λ/2·Σw² = {fmt(lam)}/2 · {fmt(total)} = {fmt(value)}",
    ]


@computation("l1_penalty_grad", "gradient of the L1 penalty, lam·sign(w) (0 at w = 0)")
def l1_penalty_grad(w, lam):
    """∂Ω/∂w = λ·sign(w), taking sign(0) = 0 as torch's autograd does."""
    w, lam = _weights(w, lam)
    s = np.sign(w)
    g = lam * s
    return g, [
        note(f"sign(w) = {fmt(s)}", say("engine.l1_penalty_grad.sign")),
        f"∂(λ·Σ|w|)/∂w = λ·sign(w) = {fmt(lam)} · sign(w) = {fmt(g)}",
    ]


@computation("l2_penalty_grad", "gradient of the L2 penalty lam/2·Σw², i.e. lam·w")
def l2_penalty_grad(w, lam):
    """∂Ω/∂w = λ·w for Ω = λ/2·Σw² (what SGD's weight_decay adds to the gradient)."""
    w, lam = _weights(w, lam)
    g = lam * w
    return g, [f"∂(λ/2·Σw²)/∂w = λ·w = {fmt(lam)} · {fmt(w)} = {fmt(g)}"]


def _order(p) -> float:
    """p = 0, a number ≥ 1, or "inf"."""
    if isinstance(p, str):
        if p.strip().lower() in INF_WORDS:
            return math.inf
        raise BadArguments(say("engine.error.lp_order", got=repr(p)))
    if isinstance(p, float) and math.isinf(p):
        raise BadArguments(say("engine.error.lp_inf_string"))
    p = number("p", p)
    if p != 0 and p < 1:
        raise BadArguments(say("engine.error.lp_order", got=fmt(p)))
    return p


@computation("lp_norm", 'Lp norm (Σ|x|^p)^(1/p); p = 0 counts non-zeros, p = "inf" is max|x|')
def lp_norm(x, p):
    """‖x‖ₚ = (Σ|xᵢ|ᵖ)^(1/p) for p ≥ 1; ‖x‖₀ = #{xᵢ ≠ 0}; ‖x‖∞ = max|xᵢ|.

    Computed as M·(Σ(|xᵢ|/M)ᵖ)^(1/p), M = max|xᵢ|, so that |x|ᵖ cannot overflow or underflow.
    """
    a = np.abs(array("x", x, ndim=(0, 1, 2))).ravel()
    p = _order(p)
    if p == 0:
        k = int(np.count_nonzero(a))
        # A float, as torch.linalg.vector_norm(x, ord=0) gives.
        return float(k), [say("engine.lp_norm.zero", x=fmt(a), count=k)]
    top = float(a.max())
    if math.isinf(p):
        return top, [f"|x| = {fmt(a)}", f"‖x‖∞ = max|x| = {fmt(top)}"]
    norm = f"‖x‖{sub(int(p))}" if p.is_integer() else "‖x‖"
    if top == 0:
        return 0.0, [say("engine.lp_norm.all_zero", norm=norm)]
    # Scaled by M = max|x| so that |x|ᵖ can neither overflow nor underflow.
    scaled = (a / top) ** p
    value = top * float(scaled.sum()) ** (1 / p)
    with np.errstate(over="ignore", under="ignore"):
        powers = a**p
    total = float(powers.sum())
    if math.isfinite(total) and total > 0:
        return value, [
            f"|x|^{fmt(p)} = {fmt(powers)}",
            f"Σ|x|^{fmt(p)} = {fmt(total)}",
            f"{norm} = (Σ|x|^{fmt(p)})^(1/{fmt(p)}) = {fmt(value)}",
        ]
    return value, [
        say("engine.lp_norm.overflow" if total else "engine.lp_norm.underflow", p=fmt(p), top=fmt(top)),
        f"(|x|/M)^{fmt(p)} = {fmt(scaled)}",
        f"{norm} = M·(Σ(|x|/M)^{fmt(p)})^(1/{fmt(p)}) = {fmt(value)}",
    ]


@computation("dropout", "inverted dropout: mask·x / (1 − p); p = 1 gives zeros")
def dropout(x, p, mask):
    """y = m ⊙ x / (1 − p): kept units are scaled by 1/(1 − p) so E[y] = x; p = 1 gives 0."""
    x = array("x", x, ndim=(0, 1, 2))
    p = number("p", p, lo=0.0, hi=1.0)
    m = array("mask", mask, ndim=(0, 1, 2))
    if m.shape != x.shape:
        raise BadArguments(say("engine.error.mask_shape", want=shape_name(x), got=shape_name(m)))
    if not np.all((m == 0) | (m == 1)):
        raise BadArguments(say("engine.error.mask_values"))
    if p == 1:
        return np.zeros_like(x), [say("engine.dropout.all")]
    scale = 1 / (1 - p)
    kept = m * x
    y = kept * scale
    return y, [
        f"mask ⊙ x = {fmt(kept)}",
        say("engine.dropout.scale", math=f"1/(1 − p) = 1/{fmt(1 - p)} = {fmt(scale)}"),
        say("engine.dropout.output", math=f"mask ⊙ x / (1 − p) = {fmt(y)}"),
    ]


def _batch(x) -> np.ndarray:
    """An N×C batch with N ≥ 2 (torch refuses training statistics from one value per channel)."""
    x = array("x", x, ndim=2)
    if x.shape[0] < 2:
        raise BadArguments(say("engine.error.batch_rows", got=shape_name(x)))
    return x


def _affine(name: str, v, size: int) -> np.ndarray | None:
    return None if v is None else vector(name, v, length=size)


def _normalise(x: np.ndarray, axis: int, gamma, beta, eps: float, where: str):
    """(x − μ)/√(σ² + ε), then γ·x̂ + β; statistics over ``axis`` with the biased variance.
    ``where`` names the slices: "channel", "last" or "row" (``engine.norm.where.*``)."""
    size = x.shape[-1]
    g, b = _affine("gamma", gamma, size), _affine("beta", beta, size)
    mu = x.mean(axis=axis, keepdims=True)
    var = ((x - mu) ** 2).mean(axis=axis, keepdims=True)
    if np.any(var + eps <= 0):
        raise BadArguments(say("engine.error.eps_constant"))
    xhat = (x - mu) / np.sqrt(var + eps)
    over = say(f"engine.norm.where.{where}")
    steps: list = [
        say("engine.norm.mean", where=over, mu=fmt(mu.ravel())),
        note(say("engine.norm.var", where=over, var=fmt(var.ravel())), say("engine.norm.biased")),
        f"x̂ = (x − μ) / √(σ² + ε), ε = {fmt(eps)}: {fmt(xhat)}",
    ]
    return _scale_shift(xhat, g, b, steps), steps


def _scale_shift(xhat: np.ndarray, g, b, steps: list, channel_axis: int = -1) -> np.ndarray:
    """γ·x̂ + β (γ, β per channel along ``channel_axis``), with its step; x̂ itself
    when neither is given."""
    if g is None and b is None:
        return xhat
    shape = [1] * xhat.ndim
    shape[channel_axis] = -1
    y = xhat * (1.0 if g is None else g.reshape(shape)) + (0.0 if b is None else b.reshape(shape))
    steps.append(say("engine.norm.affine", gamma="1" if g is None else fmt(g), beta="0" if b is None else fmt(b), y=fmt(y)))
    return y


@computation("batch_norm", "batch normalization of an N×C batch (training mode, biased variance)")
def batch_norm(x, gamma=None, beta=None, eps=1e-5):
    """yᵢc = γc·(xᵢc − μc)/√(σc² + ε) + βc, μc and σc² (biased) over the batch per channel c."""
    x = _batch(x)
    eps = number("eps", eps, lo=0.0, lo_open=True)
    return _normalise(x, 0, gamma, beta, eps, "channel")


@computation("batch_norm_running", "batch norm running mean and variance after one training step")
def batch_norm_running(x, running_mean, running_var, momentum=0.1):
    """r_mean ← (1 − m)·r_mean + m·μ_B;  r_var ← (1 − m)·r_var + m·s²_B, s² unbiased (÷ N − 1)."""
    x = _batch(x)
    n, c = x.shape
    rm = vector("running_mean", running_mean, length=c)
    rv = vector("running_var", running_var, length=c)
    if np.any(rv < 0):
        raise BadArguments(say("engine.error.running_var"))
    m = number("momentum", momentum, lo=0.0, hi=1.0)
    mu = x.mean(axis=0)
    s2 = ((x - mu) ** 2).sum(axis=0) / (n - 1)
    new_mean = (1 - m) * rm + m * mu
    new_var = (1 - m) * rv + m * s2
    return {"running_mean": new_mean, "running_var": new_var}, [
        say("engine.batch_norm_running.mean", mu=fmt(mu)),
        note(f"s²_B = Σ(x − μ_B)² / (N − 1) = Σ(x − μ_B)² / {n - 1} = {fmt(s2)}", say("engine.batch_norm_running.unbiased")),
        f"running_mean ← (1 − {fmt(m)})·{fmt(rm)} + {fmt(m)}·μ_B = {fmt(new_mean)}",
        f"running_var ← (1 − {fmt(m)})·{fmt(rv)} + {fmt(m)}·s²_B = {fmt(new_var)}",
    ]


@computation("layer_norm", "layer normalization over the last dimension (biased variance)")
def layer_norm(x, gamma=None, beta=None, eps=1e-5):
    """yᵢ = γ·(xᵢ − μ)/√(σ² + ε) + β, μ and σ² (biased) over the last dimension of each row."""
    x = array("x", x, ndim=(1, 2))
    eps = number("eps", eps, lo=0.0)
    return _normalise(x, -1, gamma, beta, eps, "last" if x.ndim == 1 else "row")


EPS = float(np.finfo(float).eps)


@computation("min_max_scale", "min-max scaling (x − min) / (max − min) to [0, 1]")
def min_max_scale(x):
    """x′ = (x − min x) / (max x − min x).

    A range below 10·ε (machine epsilon) is constant to sklearn's MinMaxScaler, which
    then leaves x − min unscaled; here it is BadArguments, as an exactly constant x is.
    """
    x = vector("x", x)
    lo, hi = float(x.min()), float(x.max())
    if not math.isfinite(hi - lo):
        raise BadArguments(say("engine.error.range_overflow"))
    if hi - lo < 10 * EPS:
        raise BadArguments(say("engine.error.constant_range", range=fmt(hi - lo)))
    y = (x - lo) / (hi - lo)
    return y, [
        f"min = {fmt(lo)}, max = {fmt(hi)}, max − min = {fmt(hi - lo)}",
        f"x′ = (x − {fmt(lo)}) / {fmt(hi - lo)} = {fmt(y)}",
    ]


@computation("zscore", "standardization (x − mean) / std with the population std")
def zscore(x):
    """z = (x − μ) / σ, σ = √(Σ(x − μ)²/n) (population std, as sklearn's StandardScaler).

    Like StandardScaler, a variance within float rounding of 0
    (σ² ≤ n·ε·σ² + (n·μ·ε)²) counts as constant, here BadArguments.
    """
    x = vector("x", x)
    n = x.size
    with np.errstate(over="ignore", invalid="ignore"):
        mu = float(x.mean())
        var = float(((x - mu) ** 2).sum() / n)
    if not math.isfinite(var):
        raise BadArguments(say("engine.error.variance_overflow"))
    rounding = n * mu * EPS
    if var <= n * EPS * var + rounding * rounding:
        raise BadArguments(say("engine.error.constant_variance", var=fmt(var)))
    sd = math.sqrt(var)
    z = (x - mu) / sd
    return z, [
        f"μ = Σx / {n} = {fmt(mu)}",
        note(f"σ = √(Σ(x − μ)² / {n}) = {fmt(sd)}", say("engine.zscore.population")),
        f"z = (x − μ) / σ = {fmt(z)}",
    ]


SHOWN_POOLS = 8  # (sample, group) statistics worked in group and instance norm; the rest are counted


def _pooled(x3: np.ndarray, groups: int, gamma, beta, eps: float, kind: str, ndim: int):
    """Normalise an N×C×L array over pools of C/groups channels × L positions per sample
    (biased variance), then γ·x̂ + β per channel; ``kind`` is "group" or "instance"."""
    n, c, length = x3.shape
    g, b = _affine("gamma", gamma, c), _affine("beta", beta, c)
    size = c // groups
    pools = x3.reshape(n, groups, size * length)
    mu = pools.mean(axis=2, keepdims=True)
    var = ((pools - mu) ** 2).mean(axis=2, keepdims=True)
    if np.any(var + eps <= 0):
        raise BadArguments(say("engine.error.eps_constant"))
    xhat = ((pools - mu) / np.sqrt(var + eps)).reshape(x3.shape)
    steps: list = []
    if kind == "instance":
        steps.append(say("engine.instance_norm.pools", L=length))
    elif ndim == 2:
        steps.append(say("engine.group_norm.pools", C=c, G=groups, count=size))
    else:
        steps.append(say("engine.group_norm.pools_positions", C=c, G=groups, size=size, L=length, count=size * length))
    shown = 0
    for i in range(n):
        for j in range(groups):
            if shown == SHOWN_POOLS:
                break
            stats = f"{fmt(pools[i, j])} → μ = {fmt(mu[i, j, 0])}, σ² = {fmt(var[i, j, 0])}"
            if kind == "instance":
                line = say("engine.instance_norm.stats", n=i, c=j, math=stats)
            elif size == 1:
                line = say("engine.group_norm.stats_one", n=i, g=j, c=j, math=stats)
            else:
                line = say("engine.group_norm.stats", n=i, g=j, first=j * size, last=(j + 1) * size - 1, math=stats)
            steps.append(note(line, say("engine.norm.biased")) if shown == 0 else line)
            shown += 1
    more(steps, SHOWN_POOLS, n * groups, "sample_channels" if kind == "instance" else "sample_groups")
    first = "x[0, 0]" if ndim == 2 else "x[0, 0, 0]"
    x0, m0, v0 = x3[0, 0, 0], mu[0, 0, 0], var[0, 0, 0]
    steps += [
        f"x̂ = (x − μ) / √(σ² + ε), ε = {fmt(eps)}",
        say(
            "engine.norm.example",
            math=f"{first} = {fmt(x0)}: x̂ = ({fmt(x0)} − {fmt(m0)}) / √({fmt(v0)} + {fmt(eps)}) = {fmt(xhat[0, 0, 0])}",
        ),
        f"x̂ = {fmt(xhat if ndim == 3 else xhat[:, :, 0])}",
    ]
    y = _scale_shift(xhat, g, b, [], channel_axis=1)
    if g is not None or b is not None:
        _scale_shift(xhat if ndim == 3 else xhat[:, :, 0], g, b, steps, channel_axis=1)
    return (y if ndim == 3 else y[:, :, 0]), steps


def _norm_eps(eps) -> float:
    return number("eps", eps, lo=0.0)


@computation("group_norm", "group normalization: each sample's channels in num_groups groups, biased variance")
def group_norm(x, num_groups, gamma=None, beta=None, eps=1e-5):
    """yₙc = γc·(xₙc − μₙg)/√(σₙg² + ε) + βc, μₙg and σₙg² (biased) over the C/num_groups
    channels of group g (and all L positions) in sample n; x is N×C or N×C×L (torch
    ``F.group_norm``). num_groups = 1 is layer norm over C×L, num_groups = C instance norm."""
    x = array("x", x, ndim=(2, 3))
    groups = integer("num_groups", num_groups, lo=1)
    eps = _norm_eps(eps)
    n, c = x.shape[:2]
    if c % groups:
        raise BadArguments(say("engine.error.num_groups", C=c, G=groups))
    x3 = x if x.ndim == 3 else x[:, :, None]
    if n * (c // groups) * x3.shape[2] == 1:
        raise BadArguments(say("engine.error.group_single_value"))
    return _pooled(x3, groups, gamma, beta, eps, "group", x.ndim)


@computation("instance_norm", "instance normalization: each (sample, channel) over its L positions, biased variance")
def instance_norm(x, gamma=None, beta=None, eps=1e-5):
    """yₙcₗ = γc·(xₙcₗ − μₙc)/√(σₙc² + ε) + βc, μₙc and σₙc² (biased) over the L positions
    of channel c in sample n; x is N×C×L (torch ``F.instance_norm`` with input statistics)."""
    x = array("x", x, ndim=3)
    eps = _norm_eps(eps)
    if x.shape[2] < 2:
        raise BadArguments(say("engine.error.instance_positions", shape="×".join(map(str, x.shape))))
    return _pooled(x, x.shape[1], gamma, beta, eps, "instance", 3)
