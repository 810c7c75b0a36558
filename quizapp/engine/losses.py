"""Engine computations: losses (torch semantics, ``reduction`` mean, sum or none).

Class targets follow torch: a class index per sample, ``-100`` (torch's default
``ignore_index``) skips a sample and a ``mean`` then averages over the samples
left. ``cross_entropy`` also takes class probabilities (a target of the input's
shape), as torch does.
"""

from __future__ import annotations

import numpy as np

from quizapp.catalog import say
from quizapp.engine._args import array, choice, fmt, integer, note, number, shape_name, sub
from quizapp.engine._registry import BadArguments, computation

REDUCTIONS = ("mean", "sum", "none")
IGNORE_INDEX = -100
SHOWN_ROWS = 8  # worked rows of a batch; the rest appear in the loss vector only


def _reduce(losses: np.ndarray, reduction: str, steps: list, count: int | None = None):
    """mean / sum / none of per-sample losses; ``count`` is the mean's divisor."""
    if losses.size == 1 and (reduction == "none" or count != 0):
        return losses.reshape(()) if reduction != "none" else losses  # one loss: nothing to reduce
    if reduction == "none":
        steps.append(say("engine.reduction", reduction="none", math=f"ℓ = {fmt(losses)}"))
        return losses
    total = float(np.sum(losses))
    if reduction == "sum":
        steps.append(say("engine.reduction", reduction="sum", math=f"Σℓ = {fmt(total)}"))
        return total
    n = losses.size if count is None else count
    if n == 0:
        raise BadArguments(say("engine.error.all_ignored"))
    line = say("engine.reduction", reduction="mean", math=f"Σℓ / {n} = {fmt(total)} / {n} = {fmt(total / n)}")
    steps.append(line if n == losses.size else note(line, say("engine.reduction.kept", count=n)))
    return total / n


def _pair(input, target) -> tuple[np.ndarray, np.ndarray]:
    x = array("input", input, ndim=(0, 1, 2))
    t = array("target", target, ndim=(0, 1, 2))
    if x.shape != t.shape:
        raise BadArguments(say("engine.error.same_shape", a="input", b="target", shape_a=shape_name(x), shape_b=shape_name(t)))
    return x, t


@computation("mse_loss", "mean squared error (input − target)², reduced")
def mse_loss(input, target, reduction="mean"):
    """ℓᵢ = (inputᵢ − targetᵢ)²; mean = Σℓᵢ / n, sum = Σℓᵢ."""
    x, t = _pair(input, target)
    reduction = choice("reduction", reduction, REDUCTIONS)
    d = x - t
    sq = d * d
    steps = [f"input − target = {fmt(d)}", f"ℓ = (input − target)² = {fmt(sq)}"]
    return _reduce(sq, reduction, steps), steps


def _scores(input) -> tuple[np.ndarray, bool]:
    """The N×C score matrix and whether the input was a single vector of C scores."""
    x = array("input", input, ndim=(1, 2))
    return (x[None, :], True) if x.ndim == 1 else (x, False)


def _class_indices(target, n: int, c: int, single: bool) -> np.ndarray:
    """One class index per row: 0 ≤ k < C, or −100 to ignore the row (torch)."""
    if isinstance(target, np.ndarray):
        target = target.tolist()
    if single and isinstance(target, (list, tuple)) and len(target) == 1:
        target = target[0]  # torch takes a one-element index list for a single sample
    if single:
        ks = [integer("target", target)]
    else:
        if not isinstance(target, (list, tuple, np.ndarray)) or len(target) != n:
            raise BadArguments(say("engine.error.target_indices", count=n))
        ks = [integer("target", k) for k in target]
    for k in ks:
        if k != IGNORE_INDEX and not 0 <= k < c:
            raise BadArguments(say("engine.error.target_range", k=k, top=c - 1))
    return np.array(ks, dtype=int)


def _has_shape(target, shape: tuple) -> bool:
    """Whether ``target`` is a nested list of exactly ``shape`` (torch's class-probability target)."""
    try:
        return np.shape(target) == shape
    except ValueError:  # ragged lists
        return False


def _row(i: int, single: bool, line):
    """``line`` as it is for a single sample, else headed 'row i: '."""
    return line if single else say("engine.row", i=i, math=line)


def _more_rows(n: int) -> list:
    """A note for the rows the worked solution leaves out."""
    return [say("engine.rows_alike", first=SHOWN_ROWS, last=n - 1)] if n > SHOWN_ROWS else []


@computation("cross_entropy", "softmax cross-entropy of logits against class indices (or probabilities)")
def cross_entropy(input, target, reduction="mean", label_smoothing=0.0):
    """ℓ = LSE(x) − x[y] with LSE(x) = m + log Σ e^(x − m), m = max x.

    With label smoothing ε over C classes:
    ℓ = (1 − ε)·(LSE − x[y]) + ε/C · Σ (LSE − x[c]) over the C classes c.
    A probability target q gives ℓ = Σ q′[c]·(LSE − x[c]), q′ = (1 − ε)q + ε/C.
    """
    x, single = _scores(input)
    reduction = choice("reduction", reduction, REDUCTIONS)
    eps = number("label_smoothing", label_smoothing, lo=0.0, hi=1.0)
    n, c = x.shape
    soft = _has_shape(target, x.shape[1:] if single else x.shape)
    if soft:
        q = array("target", target).reshape(n, c)
        ks = None
    else:
        ks = _class_indices(target, n, c, single)
    m = x.max(axis=1, keepdims=True)
    z = x - m
    e = np.exp(z)
    s = e.sum(axis=1, keepdims=True)
    lse = m + np.log(s)
    nll = lse - x  # −log softmax, per class
    if soft:
        q = (1 - eps) * q + eps / c
        losses = (q * nll).sum(axis=1)
        kept = n
    else:
        keep = ks != IGNORE_INDEX
        picked = np.where(keep, nll[np.arange(n), np.where(keep, ks, 0)], 0.0)
        losses = np.where(keep, (1 - eps) * picked + eps / c * nll.sum(axis=1), 0.0)
        kept = int(keep.sum())
    steps: list = [say("engine.cross_entropy.formula")]
    if eps:
        steps.append(say("engine.cross_entropy.smoothing", eps=fmt(eps), C=c))
    for i in range(min(n, SHOWN_ROWS)):
        steps += [
            _row(i, single, f"x = {fmt(x[i])}, m = {fmt(m[i, 0])}"),
            _row(i, single, f"x − m = {fmt(z[i])}, e^(x − m) = {fmt(e[i])}"),
            _row(
                i,
                single,
                f"Σ e^(x − m) = {fmt(s[i, 0])}, LSE = m + log Σ = {fmt(m[i, 0])} + {fmt(np.log(s[i, 0]))} = {fmt(lse[i, 0])}",
            ),
        ]
        if soft:
            steps.append(_row(i, single, f"q′ = (1 − ε)·q + ε/C = {fmt(q[i])}; ℓ = Σ q′·(LSE − x) = {fmt(losses[i])}"))
        else:
            steps.append(_row(i, single, _picked(x[i], nll[i], int(ks[i]), eps, losses[i])))
    if not single:
        steps += _more_rows(n) + [f"ℓ = {fmt(losses)}"]
    value = _reduce(losses, reduction, steps, kept)
    return (value[0] if single and reduction == "none" else value), steps


def _picked(x: np.ndarray, nll: np.ndarray, k: int, eps: float, loss: float):
    """The step that picks the target's logit out of one row (and smooths, if asked)."""
    if k == IGNORE_INDEX:
        return say("engine.loss.ignored")
    xk = f"x{sub(k)}"
    if not eps:
        lse = nll[k] + x[k]
        return say("engine.cross_entropy.picked", xk=xk, logit=fmt(x[k]),
                   math=f"ℓ = LSE − {xk} = {fmt(lse)} − {fmt(x[k])} = {fmt(loss)}")
    c = x.size
    return say(
        "engine.cross_entropy.picked",
        xk=xk,
        logit=fmt(x[k]),
        math=f"LSE − {xk} = {fmt(nll[k])}, Σ (LSE − x[c]) = {fmt(nll.sum())}; "
        f"ℓ = {fmt(1 - eps)}·{fmt(nll[k])} + {fmt(eps)}/{c}·{fmt(nll.sum())} = {fmt(loss)}",
    )


@computation("nll_loss", "negative log-likelihood: minus the log-probability of the target class")
def nll_loss(input, target, reduction="mean"):
    """ℓᵢ = −input[i, yᵢ]; ``input`` holds log-probabilities (e.g. log_softmax)."""
    x, single = _scores(input)
    reduction = choice("reduction", reduction, REDUCTIONS)
    n, c = x.shape
    ks = _class_indices(target, n, c, single)
    keep = ks != IGNORE_INDEX
    losses = np.where(keep, -x[np.arange(n), np.where(keep, ks, 0)], 0.0)
    steps: list = [say("engine.nll_loss.formula")]
    for i in range(min(n, SHOWN_ROWS)):
        if keep[i]:
            steps.append(_row(i, single, f"ℓ = −input[{ks[i]}] = −({fmt(x[i, ks[i]])}) = {fmt(losses[i])}"))
        else:
            steps.append(_row(i, single, say("engine.loss.ignored")))
    if not single:
        steps += _more_rows(n) + [f"ℓ = {fmt(losses)}"]
    value = _reduce(losses, reduction, steps, int(keep.sum()))
    return (value[0] if single and reduction == "none" else value), steps


@computation("bce", "binary cross-entropy of probabilities, logs clamped at −100 as torch")
def bce(input, target, reduction="mean"):
    """ℓᵢ = −(tᵢ·log xᵢ + (1 − tᵢ)·log(1 − xᵢ)), each log clamped to ≥ −100 (torch)."""
    x, t = _pair(input, target)
    reduction = choice("reduction", reduction, REDUCTIONS)
    if np.any((x < 0) | (x > 1)):
        raise BadArguments(say("engine.error.bce_input"))
    if np.any((t < 0) | (t > 1)):
        raise BadArguments(say("engine.error.bce_target"))
    with np.errstate(divide="ignore"):
        log_x = np.maximum(np.log(x), -100.0)
        log_1mx = np.maximum(np.log1p(-x), -100.0)
    losses = -(t * log_x + (1 - t) * log_1mx)
    steps = [
        f"x = {fmt(x)}, t = {fmt(t)}",
        note(f"log x = {fmt(log_x)}", say("engine.bce.clamp_log0")),
        note(f"log(1 − x) = {fmt(log_1mx)}", say("engine.bce.clamp")),
        f"ℓ = −(t·log x + (1 − t)·log(1 − x)) = {fmt(losses)}",
    ]
    return _reduce(losses, reduction, steps), steps


@computation("bce_with_logits", "binary cross-entropy on logits (sigmoid inside, stable), optional pos_weight")
def bce_with_logits(input, target, reduction="mean", pos_weight=None):
    """ℓᵢ = −(p·tᵢ·log σ(xᵢ) + (1 − tᵢ)·log(1 − σ(xᵢ))).

    Computed stably as p·t·softplus(−x) + (1 − t)·softplus(x), softplus(z) = log(1 + eᶻ);
    ``pos_weight`` p (default 1) broadcasts over the last dimension, as in torch.
    """
    x, t = _pair(input, target)
    reduction = choice("reduction", reduction, REDUCTIONS)
    p = 1.0 if pos_weight is None else array("pos_weight", pos_weight, ndim=(0, 1, 2))
    if pos_weight is not None and _broadcast(p.shape, x.shape) != x.shape:
        raise BadArguments(say("engine.error.pos_weight", count=x.shape[-1] if x.ndim else 1, got=shape_name(p)))
    log_sig = -np.logaddexp(0.0, -x)
    log_one_minus = -np.logaddexp(0.0, x)
    losses = -(p * t * log_sig + (1 - t) * log_one_minus)
    weight = "" if pos_weight is None else "p·"
    steps: list = [f"x = {fmt(x)}, t = {fmt(t)}" + ("" if pos_weight is None else f", pos_weight p = {fmt(p)}")]
    steps += [
        note(f"log σ(x) = −log(1 + e⁻ˣ) = {fmt(log_sig)}", say("engine.bce_with_logits.softplus")),
        f"log(1 − σ(x)) = −log(1 + eˣ) = {fmt(log_one_minus)}",
        f"ℓ = −({weight}t·log σ(x) + (1 − t)·log(1 − σ(x))) = {fmt(losses)}",
    ]
    return _reduce(losses, reduction, steps), steps


def _broadcast(a: tuple, b: tuple) -> tuple | None:
    try:
        return np.broadcast_shapes(a, b)
    except ValueError:
        return None
