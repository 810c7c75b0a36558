"""Engine computations the activations and losses decks add (torch semantics).

- ``prelu`` / ``prelu_grad``: PReLU with one shared slope or one per channel (the
  second dimension of a matrix, as ``torch.nn.functional.prelu``).
- ``softmax_temperature``: softmax(x / T); ``logsumexp``: log Σ eˣ computed with the
  max subtracted; ``softmax_jacobian``: ∂pᵢ/∂xⱼ = pᵢ(δᵢⱼ − pⱼ) of a vector's softmax.
- ``cross_entropy_grad``, ``bce_with_logits_grad``, ``mse_loss_grad``: the gradient of
  the torch loss with respect to its input (the logits or predictions), exactly what
  autograd gives; for ``reduction="none"`` it is the gradient of the sum of the
  per-element losses.

Worked-step lines with words are catalog messages (``engine.<name>.<what>``, in
``quizapp/catalog/_engine_activations.py``); pure maths stays a plain string.
"""

from __future__ import annotations

import numpy as np

from quizapp.catalog import say
from quizapp.engine._args import array, choice, fmt, integer, number, shape_name
from quizapp.engine._registry import BadArguments, computation
from quizapp.engine.activations import stable_sigmoid
from quizapp.engine.losses import IGNORE_INDEX, REDUCTIONS, _class_indices, _has_shape, _pair, _scores


def _x(x) -> np.ndarray:
    return array("x", x, ndim=(0, 1, 2))


# --------------------------------------------------------------------------- PReLU


def _prelu_args(x, weight) -> tuple[np.ndarray, np.ndarray, np.ndarray, bool]:
    """x, the weight as given (a vector), the slope broadcast to x's shape, and
    whether the weight was a plain number."""
    x = _x(x)
    w = array("weight", weight, ndim=(0, 1))
    scalar = w.ndim == 0
    w = w.reshape(-1)
    channels = x.shape[1] if x.ndim == 2 else 1
    if w.size not in (1, channels):
        raise BadArguments(say("engine.error.prelu_weight", count=channels, got=w.size))
    slope = np.broadcast_to(w if x.ndim == 2 else w[0], x.shape)
    return x, w, slope, scalar


def _slopes_line(w: np.ndarray, x: np.ndarray):
    if w.size == 1:
        return say("engine.prelu.shared_slope", a=fmt(w[0]))
    return say("engine.prelu.channel_slopes", a=fmt(w), c=x.shape[1])


@computation("prelu", "parametric ReLU: x for x > 0, weight·x otherwise (one slope or one per channel)")
def prelu(x, weight):
    """PReLU(x) = max(0, x) + a·min(0, x), a = ``weight``: one learned slope, or one per
    channel (column of a matrix ``x``), as ``torch.nn.functional.prelu``."""
    x, w, slope, _ = _prelu_args(x, weight)
    y = np.where(x > 0, x, slope * x)
    return y, [
        f"x = {fmt(x)}",
        _slopes_line(w, x),
        say("engine.prelu.rule"),
        f"max(0, x) + a·min(0, x) = {fmt(y)}",
    ]


@computation("prelu_grad", "PReLU's derivatives: dict input (∂y/∂x) and weight (∂Σy/∂a)")
def prelu_grad(x, weight):
    """∂PReLU/∂x = 1 for x > 0, else a (a at x = 0, as torch); ∂(Σ PReLU(x))/∂a = Σ x
    over the entries with x ≤ 0 (per channel when there is one slope per channel).
    The weight gradient has the weight's shape (a number for a number)."""
    x, w, slope, scalar = _prelu_args(x, weight)
    gx = np.where(x > 0, 1.0, slope)
    neg = np.where(x > 0, 0.0, x)
    if w.size == 1:
        gw = np.array([neg.sum()])
    else:
        gw = neg.sum(axis=0)
    value_w = float(gw[0]) if scalar else gw
    return {"input": gx, "weight": value_w}, [
        f"x = {fmt(x)}",
        _slopes_line(w, x),
        say("engine.prelu_grad.input_rule"),
        f"∂y/∂x = {fmt(gx)}",
        say("engine.prelu_grad.weight_rule"),
        f"x·[x ≤ 0] = {fmt(neg)}",
        f"∂(Σy)/∂a = {fmt(value_w)}",
    ]


# --------------------------------------------------------------------------- softmax family


def _dim(x: np.ndarray, dim) -> tuple[np.ndarray, int]:
    ndim = max(x.ndim, 1)
    d = integer("dim", dim, lo=-ndim, hi=ndim - 1)
    return x.reshape(x.shape or (1,)), d % ndim


def _softmax_lines(z: np.ndarray, d: int, var: str) -> tuple[np.ndarray, list]:
    """softmax of ``z`` (called ``var``, x or z) along ``d`` with the max subtracted,
    and its worked lines."""
    m = np.max(z, axis=d, keepdims=True)
    e = np.exp(z - m)
    s = np.sum(e, axis=d, keepdims=True)
    p = e / s
    mm = fmt(np.squeeze(m, axis=d))
    return p, [
        say("engine.softmax_temperature.max", m=mm) if var == "z" else say("engine.logsumexp.max", m=mm),
        f"e^({var} − m) = {fmt(e)}",
        f"S = Σ e^({var} − m) = {fmt(np.squeeze(s, axis=d))}",
        f"softmax({var}) = e^({var} − m) / S = {fmt(p)}",
    ]


@computation("softmax_temperature", "softmax of x / temperature along dim: T < 1 sharpens, T > 1 flattens")
def softmax_temperature(x, temperature, dim=-1):
    """softmax(x / T)ᵢ = e^(xᵢ/T) / Σⱼ e^(xⱼ/T) along ``dim``, T > 0; computed with the
    max subtracted. T → 0 tends to a one-hot at the argmax, T → ∞ to uniform."""
    x = _x(x)
    t = number("temperature", temperature, lo=0.0, lo_open=True)
    xs, d = _dim(x, dim)
    z = xs / t
    p, lines = _softmax_lines(z, d, "z")
    steps = [f"x = {fmt(xs)}, T = {fmt(t)}", f"z = x / T = {fmt(z)}", *lines]
    return p.reshape(x.shape), steps


@computation("logsumexp", "log Σ eˣ along dim, computed as m + log Σ e^(x − m) with m = max(x)")
def logsumexp(x, dim=-1):
    """LSE(x) = log Σᵢ e^(xᵢ) = m + log Σᵢ e^(xᵢ − m), m = max(x) along ``dim``
    (torch.logsumexp); never overflows, and log_softmax(x) = x − LSE(x)."""
    x = _x(x)
    xs, d = _dim(x, dim)
    m = np.max(xs, axis=d, keepdims=True)
    e = np.exp(xs - m)
    s = np.sum(e, axis=d, keepdims=True)
    lse = m + np.log(s)
    out = np.squeeze(lse, axis=d)
    sq = lambda a: fmt(np.squeeze(a, axis=d))  # noqa: E731
    return out, [
        f"x = {fmt(xs)}",
        say("engine.logsumexp.max", m=sq(m)),
        f"x − m = {fmt(xs - m)}",
        f"e^(x − m) = {fmt(e)}",
        f"Σ e^(x − m) = {sq(s)}",
        f"log Σ eˣ = m + log Σ e^(x − m) = {sq(m)} + {sq(np.log(s))} = {fmt(out)}",
    ]


@computation("softmax_jacobian", "Jacobian of softmax of a vector: J[i][j] = ∂pᵢ/∂xⱼ = pᵢ(δᵢⱼ − pⱼ)")
def softmax_jacobian(x):
    """J = diag(p) − p·pᵀ with p = softmax(x) for a vector ``x``: pᵢ(1 − pᵢ) on the
    diagonal, −pᵢ·pⱼ off it; every row and column sums to 0."""
    x = array("x", x, ndim=1)
    p, lines = _softmax_lines(x, 0, "x")
    jac = np.diag(p) - np.outer(p, p)
    return jac, [
        f"x = {fmt(x)}",
        *lines[:-1],
        f"p = {lines[-1]}",
        say("engine.softmax_jacobian.rule"),
        f"J = {fmt(jac)}",
    ]


# --------------------------------------------------------------------------- loss gradients


def _scale(reduction: str, count: int) -> float:
    """The factor the per-element gradient is multiplied by under ``reduction``."""
    if reduction == "mean":
        if count == 0:
            raise BadArguments(say("engine.error.all_ignored"))
        return 1.0 / count
    return 1.0


def _scale_line(reduction: str, count: int):
    if reduction == "mean":
        return say("engine.loss_grad.mean", count=count)
    if reduction == "sum":
        return say("engine.loss_grad.sum")
    return say("engine.loss_grad.none")


@computation("cross_entropy_grad", "gradient of cross_entropy w.r.t. the logits: (softmax(x) − target) / N")
def cross_entropy_grad(input, target, reduction="mean", label_smoothing=0.0):
    """∂ℓ/∂x for torch's cross_entropy: each row gives softmax(x) − q, with q the one-hot
    target smoothed to (1 − ε)·onehot + ε/C (or the given class probabilities, smoothed
    the same way); a row whose target is −100 gives 0; ``mean`` divides by the rows
    kept, ``sum`` and ``none`` (the gradient of Σℓ) do not."""
    x, single = _scores(input)
    reduction = choice("reduction", reduction, REDUCTIONS)
    eps = number("label_smoothing", label_smoothing, lo=0.0, hi=1.0)
    n, c = x.shape
    if _has_shape(target, x.shape[1:] if single else x.shape):
        q = (1 - eps) * array("target", target).reshape(n, c) + eps / c
        keep = np.ones(n, dtype=bool)
    else:
        ks = _class_indices(target, n, c, single)
        keep = ks != IGNORE_INDEX
        q = np.zeros((n, c))
        q[np.arange(n)[keep], ks[keep]] = 1.0
        q = (1 - eps) * q + eps / c
    kept = int(keep.sum())
    factor = _scale(reduction, kept)
    e = np.exp(x - x.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    g = np.where(keep[:, None], (p - q) * factor, 0.0)
    show = (lambda a: fmt(a[0])) if single else fmt
    steps = [
        say("engine.cross_entropy_grad.rule"),
        f"softmax(x) = {show(p)}",
    ]
    if eps:
        steps.append(say("engine.cross_entropy_grad.smoothed", eps=fmt(eps), c=c, q=show(q)))
    else:
        steps.append(f"y = {show(q)}")
    if not keep.all():
        steps.append(say("engine.cross_entropy_grad.ignored", rows=", ".join(str(i) for i in np.flatnonzero(~keep))))
    steps += [f"softmax(x) − y = {show(np.where(keep[:, None], p - q, 0.0))}", _scale_line(reduction, kept)]
    steps.append(f"∂ℓ/∂x = {show(g)}")
    return (g[0] if single else g), steps


@computation("bce_with_logits_grad", "gradient of bce_with_logits w.r.t. the logits: σ(x) − t (weighted by pos_weight)")
def bce_with_logits_grad(input, target, reduction="mean", pos_weight=None):
    """∂ℓ/∂x = (1 − t + p·t)·σ(x) − p·t, which is σ(x) − t when pos_weight p is 1;
    ``mean`` divides by the number of elements, ``sum`` and ``none`` (the gradient of
    Σℓ) do not."""
    x, t = _pair(input, target)
    reduction = choice("reduction", reduction, REDUCTIONS)
    p = 1.0 if pos_weight is None else array("pos_weight", pos_weight, ndim=(0, 1, 2))
    if pos_weight is not None:
        try:
            ok = np.broadcast_shapes(p.shape, x.shape) == x.shape
        except ValueError:
            ok = False
        if not ok:
            raise BadArguments(say("engine.error.pos_weight", count=x.shape[-1] if x.ndim else 1, got=shape_name(p)))
    s = stable_sigmoid(x)
    raw = (1 - t + p * t) * s - p * t
    factor = _scale(reduction, x.size)
    g = raw * factor
    steps = [f"x = {fmt(x)}, t = {fmt(t)}" + ("" if pos_weight is None else f", p = {fmt(p)}"), f"σ(x) = {fmt(s)}"]
    if pos_weight is None:
        steps.append(f"∂ℓᵢ/∂xᵢ = σ(x) − t = {fmt(raw)}")
    else:
        steps += [say("engine.bce_with_logits_grad.weighted"), f"(1 − t + p·t)·σ(x) − p·t = {fmt(raw)}"]
    steps += [_scale_line(reduction, x.size), f"∂ℓ/∂x = {fmt(g)}"]
    return g, steps


@computation("mse_loss_grad", "gradient of mse_loss w.r.t. the input: 2(input − target) / n")
def mse_loss_grad(input, target, reduction="mean"):
    """∂ℓ/∂input = 2(input − target), divided by the number of elements for ``mean``
    (torch's MSELoss has no ½); ``none`` gives the gradient of Σℓ."""
    x, t = _pair(input, target)
    reduction = choice("reduction", reduction, REDUCTIONS)
    d = x - t
    factor = _scale(reduction, x.size)
    g = 2 * d * factor
    return g, [
        f"x = {fmt(x)}, t = {fmt(t)}",
        f"x − t = {fmt(d)}",
        f"∂ℓᵢ/∂xᵢ = 2(x − t) = {fmt(2 * d)}",
        _scale_line(reduction, x.size),
        f"∂ℓ/∂x = {fmt(g)}",
    ]
