"""Engine computations the notes ask about outside the other groups: Bayes' rule,
scaled dot-product attention, one k-means step and point distances.
"""

from __future__ import annotations

import math

import numpy as np

from quizapp.catalog import say
from quizapp.engine._args import array, fmt, matrix, more, number, sub
from quizapp.engine._registry import BadArguments, computation

SHOWN = 12  # per-row / per-point lines in a worked solution; the rest are counted


@computation("bayes_posterior", "Bayes' rule: P(A | B) from the prior, the likelihood and the false-positive rate")
def bayes_posterior(prior, likelihood, false_positive_rate):
    """P(A | B) = L·p / (L·p + f·(1 − p)) with p = P(A), L = P(B | A), f = P(B | ¬A);
    the denominator is P(B) by the law of total probability."""
    p = number("prior", prior, lo=0.0, hi=1.0)
    lik = number("likelihood", likelihood, lo=0.0, hi=1.0)
    f = number("false_positive_rate", false_positive_rate, lo=0.0, hi=1.0)
    joint = lik * p
    evidence = joint + f * (1.0 - p)
    if evidence == 0:
        raise BadArguments(say("engine.error.bayes_zero"))
    post = joint / evidence
    return post, [
        f"P(A) = {fmt(p)}, P(B | A) = {fmt(lik)}, P(B | ¬A) = {fmt(f)}, P(¬A) = 1 − {fmt(p)} = {fmt(1 - p)}",
        f"P(B) = P(B | A)·P(A) + P(B | ¬A)·P(¬A) = {fmt(lik)}·{fmt(p)} + {fmt(f)}·{fmt(1 - p)} = "
        f"{fmt(joint)} + {fmt(f * (1 - p))} = {fmt(evidence)}",
        f"P(A | B) = P(B | A)·P(A) / P(B) = {fmt(joint)} / {fmt(evidence)} = {fmt(post)}",
    ]


@computation("scaled_dot_product_attention", "softmax(q·kᵀ / √d_k)·v for query, key and value matrices")
def scaled_dot_product_attention(q, k, v):
    """Attention(q, k, v) = softmax(q·kᵀ / √d_k)·v, softmax over each row (keys).

    q is n×d_k, k is m×d_k, v is m×d_v; the output is n×d_v.
    """
    q, k, v = matrix("q", q), matrix("k", k), matrix("v", v)
    if q.shape[1] != k.shape[1]:
        raise BadArguments(say("engine.error.qk_columns", q=q.shape[1], k=k.shape[1]))
    if k.shape[0] != v.shape[0]:
        raise BadArguments(say("engine.error.kv_rows", k=k.shape[0], v=v.shape[0]))
    d = q.shape[1]
    scores = q @ k.T
    scaled = scores / math.sqrt(d)
    shifted = scaled - scaled.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    weights = e / e.sum(axis=1, keepdims=True)
    out = weights @ v
    steps: list = [
        say("engine.attention.scores", math=f"q·kᵀ = {fmt(scores)}"),
        say("engine.attention.scale", root=f"√d_k = √{d} = {fmt(math.sqrt(d))}", math=f"q·kᵀ / √d_k = {fmt(scaled)}"),
        say("engine.attention.softmax"),
    ]
    for i in range(min(q.shape[0], SHOWN)):
        steps.append(say("engine.row", i=i + 1, math=f"softmax({fmt(scaled[i])}) = {fmt(weights[i])}"))
    more(steps, SHOWN, q.shape[0], "rows")
    steps.append(say("engine.attention.output", math=f"{fmt(out)}"))
    return out, steps


def _points(name: str, x) -> tuple[np.ndarray, bool]:
    """A matrix of points (one per row), or a vector read as points on a line."""
    arr = array(name, x, ndim=(1, 2))
    return (arr[:, None], True) if arr.ndim == 1 else (arr, False)


def _at(a: np.ndarray, i: int):
    """Row i of a point matrix, as a number for points on a line."""
    return a[i, 0] if a.shape[1] == 1 else a[i]


@computation("kmeans_step", "one k-means step: assign points to the nearest centroid, then move centroids to the means")
def kmeans_step(points, centroids):
    """aᵢ = argminⱼ ‖xᵢ − cⱼ‖ (ties to the lowest j); cⱼ ← mean{xᵢ : aᵢ = j}, unchanged if empty.

    ``points`` and ``centroids`` are matrices with one point per row; a vector is
    read as points on a line (and the centroids come back as a vector).
    """
    x = _points("points", points)[0]
    c, flat = _points("centroids", centroids)
    if x.shape[1] != c.shape[1]:
        raise BadArguments(say("engine.error.kmeans_dims", points=x.shape[1], centroids=c.shape[1]))
    dist2 = ((x[:, None, :] - c[None, :, :]) ** 2).sum(axis=2)
    assign = dist2.argmin(axis=1)  # first minimum: ties go to the lowest index
    kk = c.shape[0]
    counts = np.bincount(assign, minlength=kk)
    sums = np.zeros_like(c)
    np.add.at(sums, assign, x)
    new = np.where(counts[:, None] > 0, sums / np.maximum(counts, 1)[:, None], c)
    steps: list = [say("engine.kmeans_step.assign")]
    dist = np.sqrt(dist2)
    for i in range(min(x.shape[0], SHOWN)):
        steps.append(say("engine.kmeans_step.point", x=f"x{sub(i + 1)} = {fmt(_at(x, i))}", dist=fmt(dist[i]), j=int(assign[i])))
    more(steps, SHOWN, x.shape[0], "points")
    steps.append(say("engine.kmeans_step.move"))
    for j in range(kk):
        members = np.flatnonzero(assign == j)
        if members.size == 0:
            steps.append(say("engine.kmeans_step.empty", j=j, c=fmt(_at(c, j))))
        else:
            names = ", ".join(f"x{sub(i + 1)}" for i in members[:SHOWN]) + (", …" if members.size > SHOWN else "")
            steps.append(
                say(
                    "engine.kmeans_step.mean",
                    j=j,
                    names=names,
                    math=f"Σx / {counts[j]} = {fmt(_at(sums, j))} / {counts[j]} = {fmt(_at(new, j))}",
                )
            )
    return {"assignments": assign, "centroids": new[:, 0] if flat else new}, steps


def _pair(p, q) -> tuple[np.ndarray, np.ndarray]:
    a = array("p", p, ndim=(0, 1))
    b = array("q", q, ndim=(0, 1))
    if a.shape != b.shape:
        raise BadArguments(say("engine.error.pq_coordinates", p=a.size, q=b.size))
    return a, b


@computation("euclidean_distance", "Euclidean (L2) distance √Σ(pᵢ − qᵢ)²")
def euclidean_distance(p, q):
    """d(p, q) = √Σᵢ (pᵢ − qᵢ)²."""
    a, b = _pair(p, q)
    diff = a - b
    sq = diff * diff
    total = float(sq.sum())
    d = math.sqrt(total)
    return d, [
        f"p − q = {fmt(diff)}",
        f"(p − q)² = {fmt(sq)}",
        f"Σ(p − q)² = {fmt(total)}",
        f"d = √{fmt(total)} = {fmt(d)}",
    ]


@computation("manhattan_distance", "Manhattan (L1) distance Σ|pᵢ − qᵢ|")
def manhattan_distance(p, q):
    """d(p, q) = Σᵢ |pᵢ − qᵢ|."""
    a, b = _pair(p, q)
    diff = np.abs(a - b)
    d = float(diff.sum())
    return d, [f"|p − q| = {fmt(diff)}", f"d = Σ|p − q| = {fmt(d)}"]
