"""torch references for the misc computations (torch imported lazily).

torch has no Bayes or k-means function: those are composed from torch tensor ops
(k-means with ``argmin``, which returns the first minimum, and ``index_add``).
"""

from __future__ import annotations

from quizapp.engine.crosscheck import reference


def _f64(x):
    import torch

    return torch.tensor(x, dtype=torch.float64)


@reference("bayes_posterior")
def bayes_posterior(prior, likelihood, false_positive_rate):
    p, lik, f = _f64(prior), _f64(likelihood), _f64(false_positive_rate)
    return (lik * p / (lik * p + f * (1 - p))).item()


@reference("scaled_dot_product_attention")
def scaled_dot_product_attention(q, k, v):
    import torch.nn.functional as F  # noqa: N812

    return F.scaled_dot_product_attention(_f64(q), _f64(k), _f64(v)).tolist()


@reference("kmeans_step")
def kmeans_step(points, centroids):
    import torch

    flat = _f64(centroids).dim() == 1
    x = _f64(points).reshape(len(points), -1)
    c = _f64(centroids).reshape(len(centroids), -1)
    assign = ((x[:, None, :] - c[None, :, :]) ** 2).sum(dim=2).argmin(dim=1)
    counts = torch.bincount(assign, minlength=c.shape[0]).to(torch.float64)
    sums = torch.zeros_like(c).index_add_(0, assign, x)
    new = torch.where(counts[:, None] > 0, sums / counts.clamp(min=1)[:, None], c)
    return {"assignments": assign.tolist(), "centroids": (new[:, 0] if flat else new).tolist()}


@reference("euclidean_distance")
def euclidean_distance(p, q):
    import torch

    return torch.dist(_f64(p), _f64(q), p=2).item()


@reference("manhattan_distance")
def manhattan_distance(p, q):
    import torch

    return torch.dist(_f64(p), _f64(q), p=1).item()


for _ref in (bayes_posterior, scaled_dot_product_attention, kmeans_step, euclidean_distance, manhattan_distance):
    _ref.library = "torch"
