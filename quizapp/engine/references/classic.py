"""torch / scikit-learn / scipy references for the classic-ML and generalization
computations (each library imported inside its function, never at import time).

- Logistic regression and the SVM: torch autograd on the loss itself (BCEWithLogits;
  ½‖w‖² + C·Σ relu(1 − y·f)); the mean hinge loss from sklearn's ``hinge_loss``.
- k-means and k-means++: ``torch.cdist``; KNN: sklearn's KNeighborsClassifier (brute force).
- XGBoost: torch autograd differentiates the log loss twice for g and h, and the
  leaf objective Σ(g·w + ½h·w²) + ½λw² for the Newton step that gives w* and the
  objective values the gain is made of (the closed form is never used here).
- k-fold sizes from sklearn's KFold, grid-search fits from ParameterGrid × KFold;
  random search, normal and log-uniform probabilities from scipy.stats (geom, norm via
  torch.distributions, loguniform); polynomial features from sklearn's PolynomialFeatures.
"""

from __future__ import annotations

import math

from quizapp.engine.crosscheck import reference


def _f64(x, grad: bool = False):
    import torch

    return torch.tensor(x, dtype=torch.float64, requires_grad=grad)


def _design(w, x):
    """x as an n×d tensor, read the way the engine reads it."""
    t = _f64(x)
    d = len(w) if isinstance(w, (list, tuple)) else 1
    if t.dim() == 0:
        return t.reshape(1, 1)
    if t.dim() == 1:
        return t.reshape(1, -1) if d != 1 and t.shape[0] == d else t.reshape(-1, 1)
    return t


def _wvec(w):
    return _f64(w if isinstance(w, (list, tuple)) else [w], grad=True)


def _yvec(y):
    return _f64(y).reshape(-1)


@reference("logistic_regression_step")
def logistic_regression_step(w, b, x, y, lr):
    import torch
    import torch.nn.functional as F  # noqa: N812

    wt, bt = _wvec(w), _f64(float(b), grad=True)
    X, t = _design(w, x), _yvec(y)
    z = X @ wt + bt
    loss = F.binary_cross_entropy_with_logits(z, t)
    loss.backward()
    with torch.no_grad():
        return {
            "z": z.tolist(),
            "p": torch.sigmoid(z).tolist(),
            "loss": loss.item(),
            "grad_w": wt.grad.tolist(),
            "grad_b": bt.grad.item(),
            "w": (wt - lr * wt.grad).tolist(),
            "b": (bt - lr * bt.grad).item(),
        }


@reference("svm_margin")
def svm_margin(w, b, x, y):
    import torch

    wt = _wvec(w).detach()
    f = _yvec(y) * (_design(w, x) @ wt + float(b))
    norm = torch.linalg.vector_norm(wt)
    g = f / norm
    return {"functional": f.tolist(), "geometric": g.tolist(), "margin": g.min().item(), "width": (2 / norm).item()}


@reference("hinge_loss")
def hinge_loss(w, b, x, y, c):
    import torch
    from sklearn.metrics import hinge_loss as sk_hinge

    wt = _wvec(w).detach()
    t = _yvec(y)
    f = _design(w, x) @ wt + float(b)
    losses = torch.relu(1 - t * f)
    # sklearn's binary hinge_loss needs both classes in y; with one class, torch's mean.
    both = len(set(t.tolist())) == 2
    mean = float(sk_hinge(t.numpy(), f.numpy())) if both else losses.mean().item()
    return {
        "margins": (t * f).tolist(),
        "losses": losses.tolist(),
        "mean_loss": mean,
        "objective": (0.5 * (wt @ wt) + c * losses.sum()).item(),
    }


@reference("svm_subgradient_step")
def svm_subgradient_step(w, b, x, y, lr, c):
    import torch

    wt, bt = _wvec(w), _f64(float(b), grad=True)
    t = _yvec(y)
    m = t * (_design(w, x) @ wt + bt)
    objective = 0.5 * (wt @ wt) + c * torch.relu(1 - m).sum()  # relu′(0) = 0: margin exactly 1 is inactive
    objective.backward()
    with torch.no_grad():
        return {
            "margins": m.tolist(),
            "grad_w": wt.grad.tolist(),
            "grad_b": bt.grad.item(),
            "w": (wt - lr * wt.grad).tolist(),
            "b": (bt - lr * bt.grad).item(),
        }


@reference("rbf_kernel")
def rbf_kernel(x, y, gamma):
    import numpy as np
    from sklearn.metrics.pairwise import rbf_kernel as sk_rbf

    a = np.asarray(x, dtype=float).reshape(1, -1)
    b = np.asarray(y, dtype=float).reshape(1, -1)
    return float(sk_rbf(a, b, gamma=gamma)[0, 0])


def _pts(x):
    t = _f64(x)
    return t.reshape(-1, 1) if t.dim() == 1 else t


@reference("kmeans_inertia")
def kmeans_inertia(points, centroids):
    import torch

    d = torch.cdist(_pts(points), _pts(centroids))
    nearest, assign = d.min(dim=1)  # first minimum on ties, like the engine
    return {"assignments": assign.tolist(), "inertia": (nearest**2).sum().item()}


@reference("kmeans_pp_probabilities")
def kmeans_pp_probabilities(points, centers):
    import torch

    d = torch.cdist(_pts(points), _pts(centers)).min(dim=1).values
    return {"distances": d.tolist(), "probabilities": (d**2 / (d**2).sum()).tolist()}


@reference("knn_predict")
def knn_predict(train_x, train_y, query, k, metric):
    import numpy as np
    from sklearn.neighbors import KNeighborsClassifier

    X = _pts(train_x).numpy()
    q = np.asarray(query, dtype=float).reshape(1, -1)
    model = KNeighborsClassifier(n_neighbors=k, metric=metric, algorithm="brute").fit(X, np.asarray(train_y))
    dist, idx = model.kneighbors(q)
    # sklearn may list equally distant neighbours in any order: list them as the engine does.
    pairs = sorted(zip(dist[0].tolist(), idx[0].tolist()), key=lambda p: (round(p[0], 12), p[1]))
    pred = model.predict(q)[0]
    return {
        "prediction": pred.item() if hasattr(pred, "item") else pred,
        "neighbors": [i for _, i in pairs],
        "distances": [d for d, _ in pairs],
    }


@reference("logloss_grad_hess")
def logloss_grad_hess(y, p):
    import torch
    import torch.nn.functional as F  # noqa: N812

    pr = _f64(p).reshape(-1)
    score = torch.log(pr / (1 - pr)).requires_grad_(True)  # the raw score ŷ with σ(ŷ) = p
    loss = F.binary_cross_entropy_with_logits(score, _yvec(y), reduction="sum")
    (g,) = torch.autograd.grad(loss, score, create_graph=True)
    (h,) = torch.autograd.grad(g.sum(), score)  # each ℓᵢ depends on ŷᵢ only: the diagonal
    return {"grad": g.tolist(), "hess": h.tolist()}


def _leaf_optimum(g, h, lam):
    """Minimise Σ(gᵢ·w + ½hᵢ·w²) + ½λw² by one Newton step from 0, with autograd
    giving the first and second derivative (exact: the objective is quadratic)."""
    import torch

    gt, ht = _f64(g).reshape(-1), _f64(h).reshape(-1)
    w = torch.zeros((), dtype=torch.float64, requires_grad=True)

    def objective(v):
        return (gt * v + 0.5 * ht * v * v).sum() + 0.5 * lam * v * v

    (d1,) = torch.autograd.grad(objective(w), w, create_graph=True)
    (d2,) = torch.autograd.grad(d1, w)
    w_star = (-d1 / d2).detach()
    return gt.sum().item(), ht.sum().item(), w_star.item(), objective(w_star).item()


@reference("xgboost_leaf_weight")
def xgboost_leaf_weight(g, h, reg_lambda):
    G, H, w, obj = _leaf_optimum(g, h, reg_lambda)
    return {"sum_grad": G, "sum_hess": H, "weight": w, "objective": obj}


@reference("xgboost_split_gain")
def xgboost_split_gain(g_left, h_left, g_right, h_right, reg_lambda, gamma):
    as_list = (lambda v: list(v) if isinstance(v, (list, tuple)) else [v])
    ol = _leaf_optimum(g_left, h_left, reg_lambda)[3]
    orr = _leaf_optimum(g_right, h_right, reg_lambda)[3]
    op = _leaf_optimum(as_list(g_left) + as_list(g_right), as_list(h_left) + as_list(h_right), reg_lambda)[3]
    # A leaf's optimal objective is −½·G²/(H + λ), so each score G²/(H + λ) is −2·objective,
    # and the gain is what the split lowers the objective by, less γ for the extra leaf.
    return {"gain": op - ol - orr - gamma, "score_left": -2 * ol, "score_right": -2 * orr, "score_parent": -2 * op}


@reference("kfold_split_sizes")
def kfold_split_sizes(n_samples, n_splits):
    import numpy as np
    from sklearn.model_selection import KFold

    folds = list(KFold(n_splits=n_splits).split(np.zeros((n_samples, 1))))
    return {"test_sizes": [len(te) for _, te in folds], "train_sizes": [len(tr) for tr, _ in folds]}


@reference("grid_search_fits")
def grid_search_fits(grid_sizes, n_splits, refit):
    from sklearn.model_selection import KFold, ParameterGrid

    sizes = grid_sizes if isinstance(grid_sizes, (list, tuple)) else [grid_sizes]
    grid = {f"p{i}": list(range(int(s))) for i, s in enumerate(sizes)}
    candidates = len(ParameterGrid(grid))
    return {"candidates": candidates, "fits": candidates * KFold(n_splits=n_splits).get_n_splits() + int(bool(refit))}


@reference("random_search_trials")
def random_search_trials(top_fraction, confidence):
    from scipy.stats import geom

    # The first trial to land in the top fraction is geometric: P(N ≤ n) = 1 − (1 − q)ⁿ.
    n = int(geom.ppf(confidence, top_fraction))
    return {"trials": n, "probability": float(geom.cdf(n, top_fraction))}


@reference("random_search_success")
def random_search_success(top_fraction, trials):
    from scipy.stats import geom

    return float(geom.cdf(trials, top_fraction))


@reference("bias_variance_decomposition")
def bias_variance_decomposition(predictions, y_true, noise_var):
    import torch

    f = _f64(predictions).reshape(-1)
    target = torch.full_like(f, float(y_true))
    mean = f.mean()
    # The expected error straight from its definition, not as the sum of the parts.
    expected = torch.nn.functional.mse_loss(f, target) + noise_var
    return {
        "mean_prediction": mean.item(),
        "bias_squared": ((mean - y_true) ** 2).item(),
        "variance": f.var(unbiased=False).item(),
        "noise": float(noise_var),
        "expected_error": expected.item(),
    }


@reference("normal_interval_probability")
def normal_interval_probability(low, high, loc, scale):
    from torch.distributions import Normal

    dist = Normal(_f64(float(loc)), _f64(float(scale)))
    if low > loc:  # both in the upper tail: subtract the survival functions for accuracy
        mirrored = Normal(_f64(-float(loc)), _f64(float(scale)))
        return (mirrored.cdf(_f64(-float(low))) - mirrored.cdf(_f64(-float(high)))).item()
    return (dist.cdf(_f64(float(high))) - dist.cdf(_f64(float(low)))).item()


@reference("loguniform_cdf")
def loguniform_cdf(x, low, high):
    from scipy.stats import loguniform

    return float(loguniform(low, high).cdf(x))


@reference("polynomial_features")
def polynomial_features(x, degree, scaled):
    import numpy as np
    from sklearn.preprocessing import PolynomialFeatures

    xs = np.asarray(x, dtype=float)
    out = PolynomialFeatures(degree=degree).fit_transform(xs.reshape(-1, 1))
    if scaled:
        out = out / np.array([math.gamma(i + 1) for i in range(degree + 1)])  # Γ(i + 1) = i!
    return out[0].tolist() if xs.ndim == 0 else out.tolist()


for _ref in (logistic_regression_step, svm_margin, svm_subgradient_step, kmeans_inertia, kmeans_pp_probabilities,
             logloss_grad_hess, bias_variance_decomposition, normal_interval_probability):
    _ref.library = "torch"
hinge_loss.library = "torch + sklearn (hinge_loss)"
knn_predict.library = "sklearn"
xgboost_leaf_weight.library = xgboost_split_gain.library = "torch autograd (Newton step on the second-order leaf objective)"
kfold_split_sizes.library = grid_search_fits.library = polynomial_features.library = rbf_kernel.library = "sklearn"
random_search_trials.library = random_search_success.library = loguniform_cdf.library = "scipy.stats"
