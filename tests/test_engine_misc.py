"""Bayes' rule, attention, k-means and distances against torch (called here),
sklearn's KMeans and plain-Python closed forms."""

from __future__ import annotations

import json
import math
from fractions import Fraction

import numpy as np
import pytest
import torch
import torch.nn.functional as F  # noqa: N812
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.engine import BadArguments, compute
from quizapp.engine.crosscheck import check
from engine_helpers import assert_plain_like_reference

SETTINGS = settings(max_examples=60, deadline=None)
SEEDS = range(8)


def value(name, **kw):
    return compute(name, **kw).value


# --- Bayes --------------------------------------------------------------------------------


def test_bayes_rare_disease_example():
    r = compute("bayes_posterior", prior=0.01, likelihood=0.99, false_positive_rate=0.05)
    assert r.value == pytest.approx(1 / 6)  # 0.0099 / (0.0099 + 0.0495)
    assert "0.0594" in r.steps[1] and "0.166667" in r.steps[-1]


@SETTINGS
@given(st.fractions(0, 1, max_denominator=50), st.fractions(0, 1, max_denominator=50), st.fractions(0, 1, max_denominator=50))
def test_bayes_matches_exact_counting(p, lik, fpr):
    """Out of a population of D people: D·p have A, of whom D·p·L test positive, etc."""
    sick_pos = p * lik
    healthy_pos = (1 - p) * fpr
    kw = dict(prior=float(p), likelihood=float(lik), false_positive_rate=float(fpr))
    if sick_pos + healthy_pos == 0:
        with pytest.raises(BadArguments, match="undefined"):
            compute("bayes_posterior", **kw)
        return
    expected = Fraction(sick_pos, sick_pos + healthy_pos)
    assert value("bayes_posterior", **kw) == pytest.approx(float(expected), rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("bad", [dict(prior=1.5), dict(likelihood=-0.1), dict(false_positive_rate=math.nan)])
def test_bayes_rejects_non_probabilities(bad):
    kw = dict(prior=0.1, likelihood=0.9, false_positive_rate=0.1) | bad
    with pytest.raises(BadArguments, match=next(iter(bad))):
        compute("bayes_posterior", **kw)


# --- attention ----------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_attention_matches_torch(seed):
    rng = np.random.default_rng(seed)
    n, m, d, dv = rng.integers(1, 6, size=4)
    scale = 30.0 if seed % 2 else 1.0  # large logits: the softmax must not overflow
    q, k, v = (rng.normal(0, scale, shape).tolist() for shape in ((n, d), (m, d), (m, dv)))
    expected = F.scaled_dot_product_attention(*(torch.tensor(a, dtype=torch.float64) for a in (q, k, v)))
    np.testing.assert_allclose(value("scaled_dot_product_attention", q=q, k=k, v=v), expected.numpy(), rtol=1e-10, atol=1e-12)


def test_attention_steps_show_scores_scaling_softmax_and_output():
    r = compute("scaled_dot_product_attention", q=[[1, 1]], k=[[1, 1], [0, 0]], v=[[4], [0]])
    w = 1 / (1 + math.exp(-math.sqrt(2)))  # softmax([2/√2, 0]) first weight
    assert r.value[0][0] == pytest.approx(4 * w)
    text = "\n".join(r.steps)
    assert "[[2, 0]]" in text and "√2" in text and "softmax" in text
    assert f"{4 * w:.6g}" in r.steps[-1]


@pytest.mark.parametrize(
    ("q", "k", "v", "match"),
    [
        ([[1, 2]], [[1, 2, 3]], [[1]], "d_k"),
        ([[1, 2]], [[1, 2], [3, 4]], [[1]], "one value per key"),
        ([1, 2], [[1, 2]], [[1]], "q must be a matrix"),
        ([[1, 2]], [[1, math.nan]], [[1]], "k must contain only finite"),
        ([[1, 2]], [[1, 2]], [[]], "v must not be empty"),
    ],
)
def test_attention_rejects_bad_shapes(q, k, v, match):
    with pytest.raises(BadArguments, match=match):
        compute("scaled_dot_product_attention", q=q, k=k, v=v)


# --- k-means ------------------------------------------------------------------------------


def naive_kmeans_step(points, centroids):
    """One Lloyd step in plain Python: math.dist, first minimum wins, empty clusters stay."""
    assign = []
    for x in points:
        d = [math.dist(x, c) for c in centroids]
        assign.append(d.index(min(d)))
    new = []
    for j, c in enumerate(centroids):
        members = [x for x, a in zip(points, assign) if a == j]
        new.append([sum(col) / len(members) for col in zip(*members)] if members else list(c))
    return assign, new


@pytest.mark.parametrize("seed", SEEDS)
def test_kmeans_step_matches_plain_python(seed):
    rng = np.random.default_rng(seed)
    pts = rng.integers(-5, 6, size=(int(rng.integers(1, 15)), 2)).tolist()  # integer grid: exact ties happen
    cents = rng.integers(-5, 6, size=(int(rng.integers(1, 5)), 2)).tolist()
    assign, new = naive_kmeans_step(pts, cents)
    v = value("kmeans_step", points=pts, centroids=cents)
    assert v["assignments"] == assign
    np.testing.assert_allclose(v["centroids"], new, rtol=1e-12)


@pytest.mark.parametrize("seed", SEEDS)
def test_kmeans_centroids_match_sklearn_one_iteration(seed):
    from sklearn.cluster import KMeans

    rng = np.random.default_rng(seed)
    pts = rng.normal(size=(20, 3))
    cents = pts[:3] + 0.01  # every cluster gets at least its seed point, so none is empty
    km = KMeans(n_clusters=3, init=cents, n_init=1, max_iter=1, algorithm="lloyd").fit(pts)
    v = value("kmeans_step", points=pts.tolist(), centroids=cents.tolist())
    np.testing.assert_allclose(v["centroids"], km.cluster_centers_, rtol=1e-10)


def test_kmeans_tie_goes_to_lowest_index_and_empty_cluster_keeps_centroid():
    r = compute("kmeans_step", points=[[0, 0], [2, 0]], centroids=[[1, 1], [1, -1], [9, 9]])
    assert r.value == {"assignments": [0, 0], "centroids": [[1.0, 0.0], [1.0, -1.0], [9.0, 9.0]]}
    assert torch.tensor([[2.0, 2.0]]).argmin(dim=1).item() == 0  # torch's argmin agrees: first minimum
    assert any("stays" in s for s in r.steps)


def test_kmeans_points_on_a_line():
    v = value("kmeans_step", points=[1, 2, 3, 8, 9], centroids=[1, 9])
    assert v == {"assignments": [0, 0, 0, 1, 1], "centroids": [2.0, 8.5]}


@pytest.mark.parametrize(
    ("points", "centroids", "match"),
    [
        ([[0, 0]], [[0, 0, 0]], "coordinates"),
        ([], [[0, 0]], "points must not be empty"),
        ([[0, math.inf]], [[0, 0]], "points must contain only finite"),
    ],
)
def test_kmeans_rejects_bad_input(points, centroids, match):
    with pytest.raises(BadArguments, match=match):
        compute("kmeans_step", points=points, centroids=centroids)


# --- distances ----------------------------------------------------------------------------

coords = st.lists(st.floats(-1e3, 1e3), min_size=1, max_size=8)


@SETTINGS
@given(st.data())
def test_distances_match_torch_and_math(data):
    p = data.draw(coords)
    q = data.draw(st.lists(st.floats(-1e3, 1e3), min_size=len(p), max_size=len(p)))
    tp, tq = torch.tensor(p, dtype=torch.float64), torch.tensor(q, dtype=torch.float64)
    e = value("euclidean_distance", p=p, q=q)
    m = value("manhattan_distance", p=p, q=q)
    assert e == pytest.approx(torch.dist(tp, tq, p=2).item(), rel=1e-12, abs=1e-12)
    assert e == pytest.approx(math.dist(p, q), rel=1e-12, abs=1e-12)
    assert m == pytest.approx(torch.dist(tp, tq, p=1).item(), rel=1e-12, abs=1e-12)


def test_distance_steps_and_one_coordinate():
    r = compute("euclidean_distance", p=[1, 2], q=[4, 6])
    assert r.value == 5.0 and r.steps[-1].endswith("= 5")
    assert value("manhattan_distance", p=[1, 2], q=[4, 6]) == 7.0
    assert value("euclidean_distance", p=[3], q=[-1]) == 4.0


@pytest.mark.parametrize("name", ["euclidean_distance", "manhattan_distance"])
@pytest.mark.parametrize(
    ("p", "q", "match"), [([1, 2], [1, 2, 3], "same number"), ([], [], "p must not be empty"), ([math.nan], [1], "p")]
)
def test_distances_reject_bad_input(name, p, q, match):
    with pytest.raises(BadArguments, match=match):
        compute(name, p=p, q=q)


# --- references ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("bayes_posterior", dict(prior=0.2, likelihood=0.7, false_positive_rate=0.1)),
        ("scaled_dot_product_attention", dict(q=[[1, 0], [0, 2]], k=[[1, 1], [2, 0], [0, 1]], v=[[1], [2], [3]])),
        ("kmeans_step", dict(points=[[0, 0], [1, 1], [5, 5]], centroids=[[0, 0], [5, 5], [50, 50]])),
        ("kmeans_step", dict(points=[1, 2, 10], centroids=[0, 10])),
        ("euclidean_distance", dict(p=[0, 3], q=[4, 0])),
        ("manhattan_distance", dict(p=[0, 3], q=[4, 0])),
    ],
)
def test_torch_reference_agrees(name, kwargs):
    result = check(name, **kwargs)
    assert result.library == "torch"
    assert result.agree, result.detail



@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("kmeans_step", {"points": [[1, 2]], "centroids": [[0, 0], [0, 0]]}),
        ("kmeans_step", {"points": [1, 2, 10], "centroids": [0, 9]}),
        ("scaled_dot_product_attention", {"q": [[2]], "k": [[3]], "v": [[4]]}),
        ("euclidean_distance", {"p": 1, "q": 4}),
        ("manhattan_distance", {"p": [1, 2], "q": [4, 6]}),
        ("bayes_posterior", {"prior": 0, "likelihood": 1, "false_positive_rate": 1}),
    ],
)
def test_value_is_plain_json_of_torchs_shape(name, kwargs):
    assert_plain_like_reference(check(name, **kwargs))
