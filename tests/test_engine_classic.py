"""Classic ML and generalization computations against torch, scikit-learn and scipy,
called here directly over seeded random inputs (and the edge cases each defines)."""

from __future__ import annotations

import math

import numpy as np
import pytest

torch = pytest.importorskip("torch")
sklearn = pytest.importorskip("sklearn")

import torch.nn.functional as F  # noqa: E402,N812

from engine_helpers import assert_plain_like_reference  # noqa: E402
from quizapp.engine import BadArguments, compute  # noqa: E402
from quizapp.engine.crosscheck import check  # noqa: E402

SEEDS = range(10)


def value(name, **kw):
    return compute(name, **kw).value


def t64(x, grad=False):
    return torch.tensor(x, dtype=torch.float64, requires_grad=grad)


# --- logistic regression ------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_logistic_step_matches_torch_autograd(seed):
    rng = np.random.default_rng(seed)
    n, d = int(rng.integers(1, 8)), int(rng.integers(1, 4))
    X, w = rng.normal(size=(n, d)), rng.normal(size=d)
    b, lr = float(rng.normal()), float(rng.uniform(0, 2))
    y = rng.integers(0, 2, size=n).astype(float)
    wt, bt = t64(w.tolist(), True), t64(b, True)
    z = t64(X.tolist()) @ wt + bt
    loss = F.binary_cross_entropy(torch.sigmoid(z), t64(y.tolist()))  # the plain log loss
    loss.backward()
    v = value("logistic_regression_step", w=w.tolist(), b=b, x=X.tolist(), y=y.tolist(), lr=lr)
    assert v["loss"] == pytest.approx(loss.item(), rel=1e-10)
    np.testing.assert_allclose(v["p"], torch.sigmoid(z).detach().numpy(), rtol=1e-12)
    np.testing.assert_allclose(v["grad_w"], wt.grad.numpy(), rtol=1e-10, atol=1e-14)
    assert v["grad_b"] == pytest.approx(bt.grad.item(), rel=1e-10, abs=1e-14)
    np.testing.assert_allclose(v["w"], w - lr * wt.grad.numpy(), rtol=1e-10, atol=1e-14)
    assert v["b"] == pytest.approx(b - lr * bt.grad.item(), rel=1e-10, abs=1e-14)


def test_logistic_gradient_is_xt_residual_over_n():
    # One feature, two samples: ∇w = (x₁(p₁ − y₁) + x₂(p₂ − y₂)) / 2 with p = σ(0) = ½.
    v = value("logistic_regression_step", w=[0.0], b=0.0, x=[2.0, -4.0], y=[1, 0], lr=1.0)
    assert v["p"] == [0.5, 0.5]
    assert v["grad_w"] == [pytest.approx((2 * -0.5 + -4 * 0.5) / 2)]
    assert v["loss"] == pytest.approx(math.log(2))


def test_logistic_vector_x_is_one_sample_when_it_matches_w():
    one = value("logistic_regression_step", w=[1.0, -1.0], b=0.0, x=[0.5, 2.0], y=1, lr=0.1)
    row = value("logistic_regression_step", w=[1.0, -1.0], b=0.0, x=[[0.5, 2.0]], y=[1], lr=0.1)
    assert one == row


def test_logistic_loss_stays_finite_for_huge_scores():
    v = value("logistic_regression_step", w=[100.0], b=0.0, x=[[10.0]], y=[0], lr=0.1)
    expected = F.binary_cross_entropy_with_logits(t64([1000.0]), t64([0.0])).item()
    assert v["loss"] == pytest.approx(expected) and v["p"] == [1.0]


@pytest.mark.parametrize(
    ("kw", "match"),
    [
        (dict(y=[1, 2]), "between 0 and 1"),
        (dict(y=[1]), "one target per sample"),
        (dict(x=[[1, 2, 3], [4, 5, 6]]), "features per sample"),
        (dict(lr=-0.1), "lr must be ≥ 0"),
        (dict(b=math.nan), "b must be a finite number"),
        (dict(x=[[1, math.inf], [0, 0]]), "x must contain only finite"),
    ],
)
def test_logistic_rejects_bad_input(kw, match):
    args = dict(w=[0.5, -0.5], b=0.0, x=[[1, 2], [3, 4]], y=[1, 0], lr=0.1) | kw
    with pytest.raises(BadArguments, match=match):
        compute("logistic_regression_step", **args)


# --- SVM ----------------------------------------------------------------------------------


def svm_data(seed):
    rng = np.random.default_rng(seed)
    n, d = int(rng.integers(1, 9)), int(rng.integers(1, 4))
    y = rng.choice([-1.0, 1.0], size=n)
    return rng.normal(size=d), float(rng.normal()), rng.normal(size=(n, d)), y, float(rng.uniform(0.1, 3))


@pytest.mark.parametrize("seed", SEEDS)
def test_margins_match_torch(seed):
    w, b, X, y, _ = svm_data(seed)
    f = t64(y.tolist()) * (t64(X.tolist()) @ t64(w.tolist()) + b)
    norm = torch.linalg.vector_norm(t64(w.tolist())).item()
    v = value("svm_margin", w=w.tolist(), b=b, x=X.tolist(), y=y.tolist())
    np.testing.assert_allclose(v["functional"], f.numpy(), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(v["geometric"], f.numpy() / norm, rtol=1e-12, atol=1e-14)
    assert v["margin"] == pytest.approx(f.min().item() / norm) and v["width"] == pytest.approx(2 / norm)


def test_geometric_margin_is_the_distance_to_the_line():
    # The line 3x₁ + 4x₂ − 5 = 0 is 1 away from the origin; (3, 4) is (25 − 5)/5 = 4 away.
    v = value("svm_margin", w=[3, 4], b=-5, x=[[0, 0], [3, 4]], y=[-1, 1])
    assert v["geometric"] == [pytest.approx(1.0), pytest.approx(4.0)]
    assert v["functional"] == [5.0, 20.0] and v["width"] == pytest.approx(0.4)


@pytest.mark.parametrize("seed", SEEDS)
def test_hinge_loss_matches_sklearn_and_torch(seed):
    from sklearn.metrics import hinge_loss

    w, b, X, y, c = svm_data(seed)
    if len(set(y)) < 2:
        y[0] = -y[0]
    f = X @ w + b
    v = value("hinge_loss", w=w.tolist(), b=b, x=X.tolist(), y=y.tolist(), c=c)
    assert v["mean_loss"] == pytest.approx(hinge_loss(y, f), rel=1e-12)
    losses = torch.relu(1 - t64(y.tolist()) * t64(f.tolist()))
    np.testing.assert_allclose(v["losses"], losses.numpy(), rtol=1e-12, atol=1e-14)
    assert v["objective"] == pytest.approx(0.5 * float(w @ w) + c * losses.sum().item(), rel=1e-12)


def test_hinge_is_zero_beyond_the_margin_and_linear_inside():
    v = value("hinge_loss", w=[1.0], b=0.0, x=[[2.0], [1.0], [0.5], [-1.0]], y=[1, 1, 1, 1])
    assert v["losses"] == [0.0, 0.0, 0.5, 2.0]
    assert v["objective"] == pytest.approx(0.5 + 2.5)


@pytest.mark.parametrize("seed", SEEDS)
def test_subgradient_step_matches_torch_autograd(seed):
    w, b, X, y, c = svm_data(seed)
    lr = 0.1
    wt, bt = t64(w.tolist(), True), t64(b, True)
    m = t64(y.tolist()) * (t64(X.tolist()) @ wt + bt)
    (0.5 * wt @ wt + c * torch.clamp(1 - m, min=0).sum()).backward()
    v = value("svm_subgradient_step", w=w.tolist(), b=b, x=X.tolist(), y=y.tolist(), lr=lr, c=c)
    np.testing.assert_allclose(v["grad_w"], wt.grad.numpy(), rtol=1e-10, atol=1e-12)
    assert v["grad_b"] == pytest.approx(bt.grad.item(), rel=1e-10, abs=1e-12)
    np.testing.assert_allclose(v["w"], w - lr * wt.grad.numpy(), rtol=1e-10, atol=1e-12)


def test_margin_exactly_one_contributes_nothing_as_torch_relu():
    wt = t64([1.0], True)
    torch.relu(1 - wt * 1.0).sum().backward()
    assert wt.grad.item() == 0.0  # torch's subgradient of max(0, ·) at 0
    v = value("svm_subgradient_step", w=[1.0], b=0.0, x=[[1.0]], y=[1], lr=0.5, c=10.0)
    assert v["grad_w"] == [1.0] and v["grad_b"] == 0.0 and v["w"] == [0.5]


@pytest.mark.parametrize(
    ("name", "kw", "match"),
    [
        ("svm_margin", dict(w=[0, 0]), "all zeros"),
        ("hinge_loss", dict(y=[1, 0]), "−1 and \\+1"),
        ("hinge_loss", dict(c=-1), "c must be ≥ 0"),
        ("svm_subgradient_step", dict(lr=-1), "lr must be ≥ 0"),
    ],
)
def test_svm_rejects_bad_input(name, kw, match):
    args = dict(w=[1, 1], b=0, x=[[1, 2], [3, 4]], y=[1, -1]) | kw
    if name == "svm_subgradient_step":
        args.setdefault("lr", 0.1)
    with pytest.raises(BadArguments, match=match):
        compute(name, **args)


@pytest.mark.parametrize("seed", SEEDS)
def test_rbf_kernel_matches_sklearn(seed):
    from sklearn.metrics.pairwise import rbf_kernel

    rng = np.random.default_rng(seed)
    d = int(rng.integers(1, 5))
    a, b = rng.normal(size=d), rng.normal(size=d)
    gamma = None if seed % 3 == 0 else float(rng.uniform(0.05, 2))
    expected = rbf_kernel(a[None, :], b[None, :], gamma=gamma)[0, 0]
    assert value("rbf_kernel", x=a.tolist(), y=b.tolist(), gamma=gamma) == pytest.approx(expected, rel=1e-12)


def test_rbf_kernel_of_a_point_with_itself_is_one_and_rejects_mismatches():
    assert value("rbf_kernel", x=[1, 2], y=[1, 2], gamma=3) == 1.0
    with pytest.raises(BadArguments, match="same number of coordinates"):
        compute("rbf_kernel", x=[1, 2], y=[1])
    with pytest.raises(BadArguments, match="gamma must be > 0"):
        compute("rbf_kernel", x=[1], y=[2], gamma=0)


# --- k-means, k-means++ -------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_kmeans_inertia_matches_sklearn_distances(seed):
    from sklearn.metrics import pairwise_distances

    rng = np.random.default_rng(seed)
    X = rng.normal(size=(int(rng.integers(1, 15)), 2))
    C = rng.normal(size=(int(rng.integers(1, 5)), 2))
    d = pairwise_distances(X, C)
    v = value("kmeans_inertia", points=X.tolist(), centroids=C.tolist())
    assert v["assignments"] == d.argmin(axis=1).tolist()
    assert v["inertia"] == pytest.approx(float((d.min(axis=1) ** 2).sum()), rel=1e-10)


def test_kmeans_inertia_equals_sklearn_at_a_fixed_point():
    from sklearn.cluster import KMeans

    X = np.array([[0, 0], [0, 2], [10, 10], [10, 12], [11, 11]], dtype=float)
    km = KMeans(n_clusters=2, init=np.array([[0, 1], [10.3333333333, 11]]), n_init=1).fit(X)
    assert value("kmeans_inertia", points=X.tolist(), centroids=km.cluster_centers_.tolist())["inertia"] == pytest.approx(km.inertia_)


@pytest.mark.parametrize("seed", SEEDS)
def test_kmeans_pp_probabilities_are_d_squared_over_sum(seed):
    from sklearn.metrics.pairwise import euclidean_distances

    rng = np.random.default_rng(seed)
    X = rng.integers(-5, 6, size=(int(rng.integers(2, 12)), 2)).astype(float)
    C = X[: int(rng.integers(1, len(X)))]
    d = euclidean_distances(X, C).min(axis=1)
    if not d.any():
        return
    v = value("kmeans_pp_probabilities", points=X.tolist(), centers=C.tolist())
    np.testing.assert_allclose(v["distances"], d, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(v["probabilities"], d**2 / (d**2).sum(), rtol=1e-10, atol=1e-12)
    assert sum(v["probabilities"]) == pytest.approx(1.0)


def test_kmeans_pp_on_a_line_and_chosen_centres():
    v = value("kmeans_pp_probabilities", points=[0, 1, 3], centers=[0])
    assert v["probabilities"] == [0.0, 0.1, 0.9]
    with pytest.raises(BadArguments, match="coincides"):
        compute("kmeans_pp_probabilities", points=[[1, 1], [1, 1]], centers=[[1, 1]])
    with pytest.raises(BadArguments, match="coordinates"):
        compute("kmeans_pp_probabilities", points=[[1, 1]], centers=[[1, 1, 1]])


# --- KNN ----------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(40))
def test_knn_matches_sklearn_on_integer_grids(seed):
    from sklearn.neighbors import KNeighborsClassifier

    rng = np.random.default_rng(seed)
    n, d = int(rng.integers(2, 12)), int(rng.integers(1, 3))
    X = rng.integers(-3, 4, size=(n, d))
    y = rng.integers(0, 3, size=n)
    q = rng.integers(-3, 4, size=d)
    k = int(rng.integers(1, n + 1))
    metric = ("euclidean", "manhattan")[seed % 2]
    model = KNeighborsClassifier(n_neighbors=k, metric=metric, algorithm="brute").fit(X, y)
    dist, _ = model.kneighbors([q], n_neighbors=n)
    kw = dict(train_x=X.tolist(), train_y=y.tolist(), query=q.tolist(), k=k, metric=metric)
    if k < n and dist[0][k - 1] == dist[0][k]:
        with pytest.raises(BadArguments, match="equally far"):
            compute("knn_predict", **kw)
        return
    v = value("knn_predict", **kw)
    assert v["prediction"] == model.predict([q])[0]
    np.testing.assert_allclose(v["distances"], dist[0][:k], rtol=1e-12)


def test_knn_vote_tie_goes_to_the_smallest_label_like_sklearn():
    from sklearn.neighbors import KNeighborsClassifier

    X, y = [[1.0], [2.0], [9.0]], [7, 2, 7]
    assert KNeighborsClassifier(n_neighbors=2).fit(X, y).predict([[1.4]])[0] == 2
    r = compute("knn_predict", train_x=X, train_y=y, query=[1.4], k=2)
    assert r.value["prediction"] == 2 and r.value["neighbors"] == [0, 1]
    assert any("smallest label" in s for s in r.steps)


def test_knn_euclidean_and_manhattan_can_disagree():
    # (3, 3) is √18 ≈ 4.24 away (Manhattan 6); (5, 0) is 5 away (Manhattan 5).
    kw = dict(train_x=[[3, 3], [5, 0]], train_y=[0, 1], query=[0, 0], k=1)
    assert value("knn_predict", **kw)["prediction"] == 0
    assert value("knn_predict", metric="manhattan", **kw)["prediction"] == 1


@pytest.mark.parametrize(
    ("kw", "match"),
    [
        (dict(k=4), "k must be ≤ 3"),
        (dict(k=0), "k must be ≥ 1"),
        (dict(metric="cosine"), "metric must be one of"),
        (dict(query=[1]), "query must have 2"),
        (dict(train_y=[0, 1]), "one label per training point"),
        (dict(train_y=[0.5, 1, 0]), "class labels"),
        (dict(query=[0, 0], k=1, train_x=[[1, 0], [0, 1], [5, 5]]), "neighbours 1 and 2 .* equally far"),
    ],
)
def test_knn_rejects_bad_input(kw, match):
    args = dict(train_x=[[0, 0], [1, 1], [3, 3]], train_y=[0, 1, 1], query=[0.2, 0.1], k=1) | kw
    with pytest.raises(BadArguments, match=match):
        compute("knn_predict", **args)


# --- XGBoost ------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_logloss_grad_hess_match_torch_second_derivatives(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 8))
    raw = rng.normal(0, 2, size=n)
    y = rng.integers(0, 2, size=n).astype(float)
    score = t64(raw.tolist(), True)
    loss = F.binary_cross_entropy_with_logits(score, t64(y.tolist()), reduction="sum")
    (g,) = torch.autograd.grad(loss, score, create_graph=True)
    hess = torch.autograd.functional.hessian(
        lambda s: F.binary_cross_entropy_with_logits(s, t64(y.tolist()), reduction="sum"), t64(raw.tolist())
    )
    v = value("logloss_grad_hess", y=y.tolist(), p=(1 / (1 + np.exp(-raw))).tolist())
    np.testing.assert_allclose(v["grad"], g.detach().numpy(), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(v["hess"], torch.diagonal(hess).numpy(), rtol=1e-9, atol=1e-12)


def leaf_minimum(g, h, lam):
    """The leaf objective Σ(gᵢw + ½hᵢw²) + ½λw² minimised numerically (scipy)."""
    from scipy.optimize import minimize_scalar

    g, h = np.asarray(g), np.asarray(h)
    res = minimize_scalar(lambda w: float((g * w + 0.5 * h * w * w).sum() + 0.5 * lam * w * w), tol=1e-12)
    return res.x, res.fun


@pytest.mark.parametrize("seed", SEEDS)
def test_leaf_weight_minimises_the_second_order_objective(seed):
    rng = np.random.default_rng(seed)
    p = rng.uniform(0.05, 0.95, size=int(rng.integers(1, 8)))
    y = rng.integers(0, 2, size=p.size)
    g, h = p - y, p * (1 - p)
    lam = float(rng.choice([0.0, 0.5, 1.0, 2.0]))
    w, obj = leaf_minimum(g, h, lam)
    v = value("xgboost_leaf_weight", g=g.tolist(), h=h.tolist(), reg_lambda=lam)
    assert v["weight"] == pytest.approx(w, rel=1e-6, abs=1e-9)
    assert v["objective"] == pytest.approx(obj, rel=1e-9, abs=1e-12)
    assert v["sum_grad"] == pytest.approx(g.sum()) and v["sum_hess"] == pytest.approx(h.sum())


@pytest.mark.parametrize("seed", SEEDS)
def test_split_gain_is_the_drop_in_objective_less_gamma(seed):
    rng = np.random.default_rng(seed)
    p = rng.uniform(0.05, 0.95, size=int(rng.integers(2, 10)))
    y = rng.integers(0, 2, size=p.size)
    g, h = p - y, p * (1 - p)
    cut = int(rng.integers(1, p.size))
    lam, gamma = float(rng.choice([0.0, 1.0, 3.0])), float(rng.choice([0.0, 0.1, 1.0]))
    before = leaf_minimum(g, h, lam)[1]
    after = leaf_minimum(g[:cut], h[:cut], lam)[1] + leaf_minimum(g[cut:], h[cut:], lam)[1]
    v = value("xgboost_split_gain", g_left=g[:cut].tolist(), h_left=h[:cut].tolist(),
              g_right=g[cut:].tolist(), h_right=h[cut:].tolist(), reg_lambda=lam, gamma=gamma)
    assert v["gain"] == pytest.approx(before - after - gamma, rel=1e-8, abs=1e-10)


def test_split_with_no_curvature_needs_lambda():
    with pytest.raises(BadArguments, match="reg_lambda"):
        compute("xgboost_leaf_weight", g=[0.5], h=[0.0], reg_lambda=0)
    with pytest.raises(BadArguments, match="same length"):
        compute("xgboost_split_gain", g_left=[0.1, 0.2], h_left=[0.1], g_right=[0.1], h_right=[0.1])
    with pytest.raises(BadArguments, match="≥ 0"):
        compute("xgboost_leaf_weight", g=[0.5], h=[-0.1])
    with pytest.raises(BadArguments, match="strictly between 0 and 1"):
        compute("logloss_grad_hess", y=[1], p=[1.0])


# --- model selection ----------------------------------------------------------------------


@pytest.mark.parametrize(("n", "k"), [(10, 2), (103, 5), (7, 7), (50, 10), (11, 3)])
def test_kfold_sizes_match_sklearn(n, k):
    from sklearn.model_selection import KFold

    folds = list(KFold(n_splits=k).split(np.zeros(n)))
    v = value("kfold_split_sizes", n_samples=n, n_splits=k)
    assert v["test_sizes"] == [len(te) for _, te in folds]
    assert v["train_sizes"] == [len(tr) for tr, _ in folds]


def test_kfold_needs_two_to_n_splits():
    with pytest.raises(BadArguments, match="n_splits must be ≤ 5"):
        compute("kfold_split_sizes", n_samples=5, n_splits=6)
    with pytest.raises(BadArguments, match="n_splits must be ≥ 2"):
        compute("kfold_split_sizes", n_samples=5, n_splits=1)


_FITS = []


class _Counting(sklearn.base.BaseEstimator):
    """An estimator that only counts how often GridSearchCV fits it."""

    def __init__(self, p0=0, p1=0, p2=0):
        self.p0, self.p1, self.p2 = p0, p1, p2

    def fit(self, X, y=None):
        _FITS.append(1)
        return self

    def score(self, X, y=None):
        return float(self.p0)


@pytest.mark.parametrize(("sizes", "k", "refit"), [([3], 5, True), ([4, 3], 5, True), ([2, 2, 3], 3, False), ([1], 2, True)])
def test_grid_search_fits_counts_gridsearchcv_fits(sizes, k, refit):
    from sklearn.model_selection import GridSearchCV, KFold

    _FITS.clear()
    grid = {f"p{i}": list(range(s)) for i, s in enumerate(sizes)}
    GridSearchCV(_Counting(), grid, cv=KFold(n_splits=k), refit=refit).fit(np.zeros((2 * k, 1)))
    v = value("grid_search_fits", grid_sizes=sizes, n_splits=k, refit=refit)
    assert v["fits"] == len(_FITS)
    assert v["candidates"] == math.prod(sizes)


@pytest.mark.parametrize(("q", "p"), [(0.05, 0.95), (0.01, 0.9), (0.1, 0.99), (0.5, 0.75), (0.2, 0.5), (0.02, 0.8)])
def test_random_search_trials_is_the_geometric_quantile(q, p):
    from scipy.stats import geom

    v = value("random_search_trials", top_fraction=q, confidence=p)
    assert v["trials"] == int(geom.ppf(p, q))
    n = v["trials"]
    assert 1 - (1 - q) ** n >= p - 1e-12 and (n == 1 or 1 - (1 - q) ** (n - 1) < p - 1e-12)


def test_the_classic_sixty_trials():
    assert value("random_search_trials", top_fraction=0.05, confidence=0.95)["trials"] == 59


@pytest.mark.parametrize(("q", "n"), [(0.05, 60), (0.1, 1), (0.01, 300)])
def test_random_search_success_matches_scipy(q, n):
    from scipy.stats import geom

    assert value("random_search_success", top_fraction=q, trials=n) == pytest.approx(geom.cdf(n, q), rel=1e-12)


@pytest.mark.parametrize("bad", [dict(top_fraction=0), dict(top_fraction=1), dict(confidence=1.5)])
def test_random_search_rejects_non_fractions(bad):
    with pytest.raises(BadArguments, match=next(iter(bad))):
        compute("random_search_trials", **(dict(top_fraction=0.05, confidence=0.95) | bad))


# --- bias, variance, noise, distributions, features ---------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_bias_variance_matches_torch(seed):
    rng = np.random.default_rng(seed)
    f = rng.normal(1, 0.5, size=int(rng.integers(1, 10)))
    y, s2 = float(rng.normal()), float(rng.uniform(0, 0.2))
    ft = t64(f.tolist())
    v = value("bias_variance_decomposition", predictions=f.tolist(), y_true=y, noise_var=s2)
    assert v["variance"] == pytest.approx(ft.var(unbiased=False).item(), rel=1e-10, abs=1e-15)
    assert v["bias_squared"] == pytest.approx((ft.mean().item() - y) ** 2, rel=1e-10)
    assert v["expected_error"] == pytest.approx(F.mse_loss(ft, torch.full_like(ft, y)).item() + s2, rel=1e-10)


def test_expected_error_matches_a_simulation_of_noisy_labels():
    rng = np.random.default_rng(0)
    f, y, sd = np.array([1.0, 1.4, 0.9, 1.3]), 1.5, 0.1
    labels = y + rng.normal(0, sd, size=(200_000, 1))
    simulated = float(((f[None, :] - labels) ** 2).mean())
    v = value("bias_variance_decomposition", predictions=f.tolist(), y_true=y, noise_var=sd**2)
    assert v["expected_error"] == pytest.approx(simulated, rel=5e-3)


@pytest.mark.parametrize(
    ("low", "high", "loc", "scale"), [(-0.2, 0.2, 0, 0.1), (-1, 1, 0, 1), (0.5, 3, 1, 2), (5, 6, 0, 1), (-9, -8, 0, 1)]
)
def test_normal_interval_matches_torch_and_scipy(low, high, loc, scale):
    from scipy.stats import norm
    from torch.distributions import Normal

    v = value("normal_interval_probability", low=low, high=high, loc=loc, scale=scale)
    # scipy's accurate side: survival functions in the upper tail, the cdf elsewhere.
    if low > loc:
        expected = norm.sf(low, loc, scale) - norm.sf(high, loc, scale)
    else:
        expected = norm.cdf(high, loc, scale) - norm.cdf(low, loc, scale)
    assert v == pytest.approx(expected, rel=1e-9, abs=1e-300)
    if abs(low) < 5 and abs(high) < 5:
        d = Normal(t64(float(loc)), t64(float(scale)))
        assert v == pytest.approx((d.cdf(t64(float(high))) - d.cdf(t64(float(low)))).item(), rel=1e-9)


def test_normal_interval_rejects_a_reversed_interval_and_zero_scale():
    with pytest.raises(BadArguments, match="high must be ≥ low"):
        compute("normal_interval_probability", low=1, high=0)
    with pytest.raises(BadArguments, match="scale must be > 0"):
        compute("normal_interval_probability", low=0, high=1, scale=0)


@pytest.mark.parametrize(("x", "low", "high"), [(1e-3, 1e-5, 1), (0.3, 0.01, 10), (1e-6, 1e-5, 1), (5, 1e-5, 1)])
def test_loguniform_cdf_matches_scipy(x, low, high):
    from scipy.stats import loguniform

    assert value("loguniform_cdf", x=x, low=low, high=high) == pytest.approx(loguniform(low, high).cdf(x), abs=1e-12)


@pytest.mark.parametrize(("x", "degree"), [(3.0, 5), ([0.5, -1.2, 2.0], 3), (-2.0, 19)])
@pytest.mark.parametrize("scaled", [False, True])
def test_polynomial_features_match_sklearn(x, degree, scaled):
    from sklearn.preprocessing import PolynomialFeatures

    xs = np.asarray(x, dtype=float)
    expected = PolynomialFeatures(degree=degree).fit_transform(xs.reshape(-1, 1))
    if scaled:
        expected = expected / np.array([math.factorial(i) for i in range(degree + 1)])
    got = np.asarray(value("polynomial_features", x=x, degree=degree, scaled=scaled))
    np.testing.assert_allclose(got, expected[0] if xs.ndim == 0 else expected, rtol=1e-12)


# --- references ---------------------------------------------------------------------------

EXAMPLES = [
    ("logistic_regression_step", dict(w=[0.5, -0.25], b=0.1, x=[[1, 2], [3, -1], [0, 1]], y=[1, 0, 1], lr=0.5)),
    ("logistic_regression_step", dict(w=[2.0], b=-1.0, x=[0.5, 1.5], y=[0, 1], lr=0.1)),
    ("svm_margin", dict(w=[1, -2], b=0.5, x=[[1, 2], [3, -1]], y=[1, -1])),
    ("hinge_loss", dict(w=[1, -2], b=0.5, x=[[1, 2], [3, -1], [0, 0]], y=[1, -1, 1], c=2)),
    ("hinge_loss", dict(w=[1], b=0, x=[[0.5], [2]], y=[1, 1])),
    ("svm_subgradient_step", dict(w=[1, -2], b=0.5, x=[[1, 2], [3, -1], [0, 0]], y=[1, -1, 1], lr=0.1, c=2)),
    ("svm_subgradient_step", dict(w=[1.0], b=0.0, x=[[1.0]], y=[1], lr=0.5)),
    ("rbf_kernel", dict(x=[1, 2], y=[0, 0.5], gamma=0.5)),
    ("rbf_kernel", dict(x=[1, 2, 3], y=[0, 0, 0])),
    ("kmeans_inertia", dict(points=[[0, 0], [1, 1], [5, 5], [6, 4]], centroids=[[0, 0], [5, 5]])),
    ("kmeans_inertia", dict(points=[1, 2, 10], centroids=[0, 9])),
    ("kmeans_pp_probabilities", dict(points=[1, 2, 4, 8], centers=[1])),
    ("kmeans_pp_probabilities", dict(points=[[0, 0], [3, 4], [6, 8]], centers=[[0, 0], [6, 8]])),
    ("knn_predict", dict(train_x=[[0, 0], [1, 1], [3, 0], [0, 3], [2, 2]], train_y=[0, 1, 1, 0, 0], query=[1, 2], k=3)),
    ("knn_predict", dict(train_x=[[0, 0], [1, 1], [3, 0], [0, 3], [2, 2]], train_y=[0, 1, 1, 0, 1], query=[1, 2], k=4, metric="manhattan")),
    ("logloss_grad_hess", dict(y=[1, 0, 1], p=[0.3, 0.6, 0.9])),
    ("xgboost_leaf_weight", dict(g=[-0.5, 0.5, -0.5], h=[0.25, 0.25, 0.25])),
    ("xgboost_split_gain", dict(g_left=[-0.5, -0.5], h_left=[0.25, 0.25], g_right=[0.5, 0.5, -0.5], h_right=[0.25, 0.25, 0.25], gamma=0.1)),
    ("kfold_split_sizes", dict(n_samples=103, n_splits=5)),
    ("grid_search_fits", dict(grid_sizes=[4, 3], n_splits=5)),
    ("random_search_trials", dict(top_fraction=0.05, confidence=0.95)),
    ("random_search_success", dict(top_fraction=0.05, trials=30)),
    ("bias_variance_decomposition", dict(predictions=[1.2, 0.8, 1.1, 0.9], y_true=1.3, noise_var=0.01)),
    ("normal_interval_probability", dict(low=-0.2, high=0.2, scale=0.1)),
    ("normal_interval_probability", dict(low=6, high=7)),
    ("loguniform_cdf", dict(x=0.001, low=1e-5, high=1)),
    ("polynomial_features", dict(x=3, degree=5, scaled=True)),
    ("polynomial_features", dict(x=[1, 2], degree=2)),
]


@pytest.mark.parametrize(("name", "kwargs"), EXAMPLES)
def test_reference_agrees_with_plain_json_of_its_shape(name, kwargs):
    result = check(name, **kwargs)
    assert_plain_like_reference(result)


@pytest.mark.parametrize(("name", "kwargs"), EXAMPLES)
def test_worked_steps_are_lines_of_text(name, kwargs):
    r = compute(name, **kwargs)
    assert r.steps and all(isinstance(s, str) and s for s in r.steps)


# --- both languages -----------------------------------------------------------------------

BRANCHES = [
    ("svm_subgradient_step", dict(w=[1.0], b=0.0, x=[[5.0], [-5.0]], y=[1, -1], lr=0.1)),  # no active point
    ("knn_predict", dict(train_x=[[1.0], [2.0], [9.0]], train_y=[7, 2, 7], query=[1.4], k=2)),  # vote tie
    ("knn_predict", dict(train_x=[[1.0], [2.0], [9.0]], train_y=[7, 2, 7], query=[1.4], k=1, metric="manhattan")),
    ("xgboost_split_gain", dict(g_left=[0.5], h_left=[0.25], g_right=[0.5], h_right=[0.25], gamma=1.0)),  # no split
    ("kfold_split_sizes", dict(n_samples=10, n_splits=5)),  # even folds
    ("grid_search_fits", dict(grid_sizes=[1], n_splits=4, refit=False)),  # one candidate
    ("kmeans_inertia", dict(points=[float(i) for i in range(14)], centroids=[0.0, 20.0])),  # more points than shown
    ("loguniform_cdf", dict(x=5.0, low=0.1, high=1.0)),
]


@pytest.mark.parametrize(("name", "kwargs"), EXAMPLES + BRANCHES)
def test_worded_lines_are_catalog_messages_that_read_in_chinese(name, kwargs):
    import re

    from quizapp.catalog import Msg

    r = compute(name, **kwargs)
    zh = r.steps_in("zh")
    assert len(zh) == len(r.lines)
    for line, cn in zip(r.lines, zh):
        if isinstance(line, Msg):
            assert line.key.startswith("engine.") and re.search(r"[\u4e00-\u9fff]", cn), (line.key, cn)
        else:  # a plain line is maths: no English word of three letters or more beyond the notation
            words = set(re.findall(r"[A-Za-z]{3,}", line)) - {"max", "min", "mean", "exp", "G_L", "G_R", "H_L", "H_R"}
            assert not words, (name, line)


BAD_CALLS = [
    ("logistic_regression_step", dict(w=[1.0], b=0.0, x=[[1.0, 2.0]], y=[1], lr=0.1)),
    ("logistic_regression_step", dict(w=[1.0], b=0.0, x=[1.0, 2.0], y=[1], lr=0.1)),
    ("logistic_regression_step", dict(w=[1.0], b=0.0, x=[1.0], y=[3], lr=0.1)),
    ("hinge_loss", dict(w=[1.0], b=0.0, x=[1.0], y=[0])),
    ("svm_margin", dict(w=[0.0], b=0.0, x=[1.0], y=[1])),
    ("rbf_kernel", dict(x=[1.0], y=[1.0, 2.0])),
    ("kmeans_inertia", dict(points=[[1.0, 2.0]], centroids=[[1.0]])),
    ("kmeans_pp_probabilities", dict(points=[1.0, 1.0], centers=[1.0])),
    ("knn_predict", dict(train_x=[[0.0], [1.0]], train_y=[0], query=[0.2], k=1)),
    ("knn_predict", dict(train_x=[[0.0], [1.0]], train_y=[0, 1], query=[0.2, 0.0], k=1)),
    ("knn_predict", dict(train_x=[[0.0], [2.0]], train_y=[0, 1], query=[1.0], k=1)),
    ("logloss_grad_hess", dict(y=[1, 0], p=[0.5])),
    ("logloss_grad_hess", dict(y=[1], p=[0.0])),
    ("xgboost_leaf_weight", dict(g=[0.1], h=[-0.1])),
    ("xgboost_leaf_weight", dict(g=[0.1], h=[0.0], reg_lambda=0.0)),
    ("xgboost_split_gain", dict(g_left=[0.1, 0.2], h_left=[0.1], g_right=[0.1], h_right=[0.1])),
    ("grid_search_fits", dict(grid_sizes=[2.5], n_splits=3)),
    ("normal_interval_probability", dict(low=1.0, high=0.0)),
    ("loguniform_cdf", dict(x=0.5, low=1.0, high=0.1)),
]


@pytest.mark.parametrize(("name", "kwargs"), BAD_CALLS)
def test_bad_arguments_are_one_catalog_sentence_in_both_languages(name, kwargs):
    import re

    with pytest.raises(BadArguments) as info:
        compute(name, **kwargs)
    err = info.value
    assert err.msg.key.startswith("engine.error.") and err.msg.key != "engine.error.plain"
    zh = err.text("zh")
    assert re.search(r"[\u4e00-\u9fff]", zh) and zh != str(err)
    assert "\n" not in str(err) and "\n" not in zh
