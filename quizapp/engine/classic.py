"""Engine computations for classic machine learning and generalization.

Logistic regression (one gradient step), the soft-margin SVM (margins, hinge loss,
one subgradient step), k-means (objective) and k-means++ (D² sampling), k-nearest
neighbours, XGBoost's second-order leaf weight and split gain, and the counting and
probability behind model selection: k-fold sizes, grid-search fits, random-search
trials, the bias–variance–noise decomposition, normal and log-uniform probabilities
and the polynomial features of the classic over-fitting example.

Worked-step lines with words are catalog messages (``engine.<name>.<what>``, in
``quizapp/catalog/_engine_classic.py``); pure-math lines are plain strings.
"""

from __future__ import annotations

import math

import numpy as np

from quizapp.catalog import say
from quizapp.engine._args import array, boolean, choice, fmt, integer, labels, number, sub
from quizapp.engine._registry import BadArguments, computation

SHOWN = 12  # per-point lines in a worked solution; the rest are counted


def _p(x) -> str:
    """A number for the right of · or −: negative ones in parentheses."""
    s = fmt(x)
    return f"({s})" if s.startswith("−") else s


def _v(a: np.ndarray) -> str:
    """A weight vector for a worked line: a lone weight as a plain number."""
    return fmt(a[0]) if a.size == 1 else fmt(a)


def _more(steps: list, total: int) -> None:
    if total > SHOWN:
        steps.append(say("engine.classic.more", count=total - SHOWN))


def _samples(name: str, x, d: int | None = None) -> np.ndarray:
    """A matrix with one sample per row. A vector is one sample of ``d`` features when
    ``d`` equals its length (and is not 1), else one feature per sample."""
    arr = array(name, x, ndim=(0, 1, 2))
    if arr.ndim == 0:
        return arr.reshape(1, 1)
    if arr.ndim == 1:
        return arr[None, :] if d is not None and d != 1 and arr.shape[0] == d else arr[:, None]
    return arr


def _weights(w) -> np.ndarray:
    return array("w", w, ndim=(0, 1)).reshape(-1)


def _linear(w, b, x, y, y_kind: str) -> tuple[np.ndarray, float, np.ndarray, np.ndarray]:
    """Weights, bias, samples (n×d) and targets for a linear classifier."""
    w = _weights(w)
    b = number("b", b)
    X = _samples("x", x, w.shape[0])
    if X.shape[1] != w.shape[0]:
        raise BadArguments(say("engine.error.linear_features", features=X.shape[1], weights=w.shape[0]))
    t = array("y", y, ndim=(0, 1)).reshape(-1)
    if t.shape[0] != X.shape[0]:
        raise BadArguments(say("engine.error.linear_targets", samples=X.shape[0], got=t.shape[0]))
    if y_kind == "prob" and np.any((t < 0) | (t > 1)):
        raise BadArguments(say("engine.error.targets_01", name="y"))
    if y_kind == "pm1" and not np.all(np.abs(t) == 1):
        raise BadArguments(say("engine.error.labels_pm1", name="y"))
    return w, b, X, t


# --- logistic regression ------------------------------------------------------------------


def _sigmoid(z: np.ndarray) -> np.ndarray:
    out = np.empty_like(z)
    pos = z >= 0
    out[pos] = 1 / (1 + np.exp(-z[pos]))
    e = np.exp(z[~pos])
    out[~pos] = e / (1 + e)
    return out


@computation(
    "logistic_regression_step",
    "one full-batch gradient step of logistic regression on the mean log loss",
)
def logistic_regression_step(w, b, x, y, lr):
    """p = σ(Xw + b); L = −(1/n)·Σ[y·ln p + (1 − y)·ln(1 − p)];
    ∇w = Xᵀ(p − y)/n, ∂L/∂b = mean(p − y); w ← w − η·∇w, b ← b − η·∂L/∂b.

    ``x`` is n×d (one sample per row; a vector is n samples of one feature when w has
    one weight), ``y`` holds targets in [0, 1]. The value is a dict ``z, p, loss``
    (before the step), ``grad_w, grad_b`` and the new ``w, b``.
    """
    w, b, X, t = _linear(w, b, x, y, "prob")
    lr = number("lr", lr, lo=0.0)
    n = X.shape[0]
    z = X @ w + b
    p = _sigmoid(z)
    loss = float(np.mean(np.logaddexp(0.0, z) - t * z))  # = mean BCE, without log(0)
    r = p - t
    gw = X.T @ r / n
    gb = float(r.mean())
    w1 = w - lr * gw
    b1 = b - lr * gb
    steps = [
        f"z = X·w + b = {fmt(z)}",
        f"p = σ(z) = 1 / (1 + e⁻ᶻ) = {fmt(p)}",
        say("engine.logistic_regression_step.loss", loss=fmt(loss)),
        f"p − y = {fmt(p)} − {fmt(t)} = {fmt(r)}",
        f"∇w = Xᵀ(p − y) / n = {_v(X.T @ r)} / {n} = {_v(gw)}",
        f"∂L/∂b = mean(p − y) = {fmt(gb)}",
        f"w ← w − η·∇w = {_v(w)} − {fmt(lr)}·{_p(gw[0]) if gw.size == 1 else fmt(gw)} = {_v(w1)}",
        f"b ← b − η·∂L/∂b = {fmt(b)} − {fmt(lr)}·{_p(gb)} = {fmt(b1)}",
    ]
    return {"z": z, "p": p, "loss": loss, "grad_w": gw, "grad_b": gb, "w": w1, "b": b1}, steps


# --- support vector machines --------------------------------------------------------------


@computation("svm_margin", "functional and geometric margins y·(w·x + b) and y·(w·x + b)/‖w‖ of a linear classifier")
def svm_margin(w, b, x, y):
    """Functional margin γ̂ᵢ = yᵢ(w·xᵢ + b); geometric margin γᵢ = γ̂ᵢ / ‖w‖ (the signed
    distance of xᵢ to the hyperplane w·x + b = 0); the data's margin is minᵢ γᵢ, and the
    band between w·x + b = ±1 is 2/‖w‖ wide.

    ``y`` holds −1 and +1. The value is a dict ``functional, geometric`` (one per
    sample), ``margin`` (the smallest geometric margin) and ``width`` = 2/‖w‖.
    """
    w, b, X, t = _linear(w, b, x, y, "pm1")
    norm = float(np.linalg.norm(w))
    if norm == 0:
        raise BadArguments(say("engine.error.svm_zero_w"))
    f = X @ w + b
    fm = t * f
    gm = fm / norm
    steps = [
        f"w·x + b = {fmt(f)}",
        say("engine.svm_margin.functional", values=fmt(fm)),
        f"‖w‖ = √({' + '.join(f'{fmt(v)}²' if v >= 0 else f'({fmt(v)})²' for v in w)}) = {fmt(norm)}",
        say("engine.svm_margin.geometric", values=fmt(gm)),
        say("engine.svm_margin.smallest", margin=fmt(gm.min())),
        f"2 / ‖w‖ = 2 / {fmt(norm)} = {fmt(2 / norm)}",
    ]
    return {"functional": fm, "geometric": gm, "margin": float(gm.min()), "width": 2 / norm}, steps


@computation("hinge_loss", "hinge losses max(0, 1 − y·(w·x + b)) and the soft-margin objective ½‖w‖² + C·Σ hinge")
def hinge_loss(w, b, x, y, c=1.0):
    """ℓᵢ = max(0, 1 − yᵢ(w·xᵢ + b)); objective = ½‖w‖² + C·Σᵢ ℓᵢ (the soft-margin SVM
    primal); ``mean_loss`` is (1/n)·Σ ℓᵢ, scikit-learn's ``hinge_loss``.

    ``y`` holds −1 and +1. The value is a dict ``margins`` (yᵢ(w·xᵢ + b)), ``losses``,
    ``mean_loss`` and ``objective``.
    """
    w, b, X, t = _linear(w, b, x, y, "pm1")
    c = number("c", c, lo=0.0)
    m = t * (X @ w + b)
    losses = np.maximum(0.0, 1.0 - m)
    total = float(losses.sum())
    half = 0.5 * float(w @ w)
    obj = half + c * total
    steps = [
        f"y·(w·x + b) = {fmt(m)}",
        f"max(0, 1 − y·(w·x + b)) = {fmt(losses)}",
        f"Σ = {fmt(total)}, Σ / n = {fmt(total)} / {m.size} = {fmt(total / m.size)}",
        f"½‖w‖² = ½·{fmt(2 * half)} = {fmt(half)}",
        f"½‖w‖² + C·Σ = {fmt(half)} + {fmt(c)}·{fmt(total)} = {fmt(obj)}",
    ]
    return {"margins": m, "losses": losses, "mean_loss": total / m.size, "objective": obj}, steps


@computation("svm_subgradient_step", "one subgradient step on the soft-margin SVM objective ½‖w‖² + C·Σ hinge")
def svm_subgradient_step(w, b, x, y, lr, c=1.0):
    """J(w, b) = ½‖w‖² + C·Σᵢ max(0, 1 − yᵢ(w·xᵢ + b)). A sample with margin
    yᵢ(w·xᵢ + b) < 1 contributes −C·yᵢxᵢ to ∂J/∂w and −C·yᵢ to ∂J/∂b; a sample with
    margin ≥ 1 contributes nothing (at exactly 1 the subgradient 0 is taken, as torch's
    autograd does for relu). w ← w − η·∂J/∂w, b ← b − η·∂J/∂b.

    The value is a dict ``margins``, ``grad_w``, ``grad_b`` and the new ``w``, ``b``.
    """
    w, b, X, t = _linear(w, b, x, y, "pm1")
    lr = number("lr", lr, lo=0.0)
    c = number("c", c, lo=0.0)
    m = t * (X @ w + b)
    active = m < 1
    gw = w - c * (t[active, None] * X[active]).sum(axis=0)
    gb = float(-c * t[active].sum())
    w1 = w - lr * gw
    b1 = b - lr * gb
    idx = np.flatnonzero(active)
    steps = [f"y·(w·x + b) = {fmt(m)}"]
    if idx.size:
        names = ", ".join(f"x{sub(i + 1)}" for i in idx)
        steps.append(say("engine.svm_subgradient_step.inside", points=names))
        pull = (t[active, None] * X[active]).sum(axis=0)
        steps.append(f"∂J/∂w = w − C·Σ y·x = {_v(w)} − {fmt(c)}·{_p(pull[0]) if pull.size == 1 else fmt(pull)} = {_v(gw)}")
        steps.append(f"∂J/∂b = −C·Σ y = −{fmt(c)}·{_p(t[active].sum())} = {fmt(gb)}")
    else:
        steps.append(say("engine.svm_subgradient_step.none_inside"))
        steps.append(f"∂J/∂w = w = {_v(gw)}, ∂J/∂b = 0")
    steps += [
        f"w ← w − η·∂J/∂w = {_v(w)} − {fmt(lr)}·{_p(gw[0]) if gw.size == 1 else fmt(gw)} = {_v(w1)}",
        f"b ← b − η·∂J/∂b = {fmt(b)} − {fmt(lr)}·{_p(gb)} = {fmt(b1)}",
    ]
    return {"margins": m, "grad_w": gw, "grad_b": gb, "w": w1, "b": b1}, steps


@computation("rbf_kernel", "Gaussian (RBF) kernel exp(−γ·‖x − y‖²) between two points")
def rbf_kernel(x, y, gamma=None):
    """K(x, y) = exp(−γ·‖x − y‖²), scikit-learn's ``rbf_kernel``; γ defaults to
    1 / (number of features), as there. Equal to exp(−‖x − y‖² / (2σ²)) with γ = 1/(2σ²)."""
    a = array("x", x, ndim=(0, 1)).reshape(-1)
    b = array("y", y, ndim=(0, 1)).reshape(-1)
    if a.shape != b.shape:
        raise BadArguments(say("engine.error.xy_coordinates", x=a.size, y=b.size))
    g = 1.0 / a.size if gamma is None else number("gamma", gamma, lo=0.0, lo_open=True)
    d2 = float(((a - b) ** 2).sum())
    k = math.exp(-g * d2)
    return k, [
        f"‖x − y‖² = {fmt(d2)}",
        f"K = exp(−γ·‖x − y‖²) = exp(−{fmt(g)}·{fmt(d2)}) = {fmt(k)}",
    ]


# --- k-means and k-means++ ----------------------------------------------------------------


def _points(name: str, x) -> np.ndarray:
    """A matrix of points (one per row), or a vector read as points on a line."""
    arr = array(name, x, ndim=(1, 2))
    return arr[:, None] if arr.ndim == 1 else arr


def _at(a: np.ndarray, i: int):
    return a[i, 0] if a.shape[1] == 1 else a[i]


def _point_sets(points, centers, cname: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x = _points("points", points)
    c = _points(cname, centers)
    if x.shape[1] != c.shape[1]:
        raise BadArguments(say("engine.error.point_dims", points=x.shape[1], other=cname, dims=c.shape[1]))
    d2 = ((x[:, None, :] - c[None, :, :]) ** 2).sum(axis=2)
    return x, c, d2


@computation("kmeans_inertia", "the k-means objective: the sum of squared distances from each point to its nearest centroid")
def kmeans_inertia(points, centroids):
    """J = Σᵢ minⱼ ‖xᵢ − cⱼ‖² (scikit-learn's ``inertia_``); each point counts for its
    nearest centroid (a tie goes to the lowest index).

    The value is a dict ``assignments`` and ``inertia``.
    """
    x, c, d2 = _point_sets(points, centroids, "centroids")
    assign = d2.argmin(axis=1)
    nearest = d2[np.arange(x.shape[0]), assign]
    total = float(nearest.sum())
    steps: list = [say("engine.kmeans_inertia.intro")]
    for i in range(min(x.shape[0], SHOWN)):
        steps.append(say("engine.kmeans_inertia.point", point=f"x{sub(i + 1)} = {fmt(_at(x, i))}",
                         cluster=int(assign[i]), d2=fmt(nearest[i])))
    _more(steps, x.shape[0])
    steps.append(f"J = Σ minⱼ ‖x − cⱼ‖² = {fmt(total)}")
    return {"assignments": assign, "inertia": total}, steps


@computation("kmeans_pp_probabilities", "k-means++: the probability D(x)² / Σ D² that each point is drawn as the next centre")
def kmeans_pp_probabilities(points, centers):
    """D(xᵢ) = minⱼ ‖xᵢ − cⱼ‖ over the centres chosen so far; the next centre is xᵢ with
    probability D(xᵢ)² / Σₖ D(xₖ)² (a chosen centre has probability 0).

    The value is a dict ``distances`` (D(xᵢ)) and ``probabilities``.
    """
    x, c, d2 = _point_sets(points, centers, "centers")
    dmin2 = d2.min(axis=1)
    total = float(dmin2.sum())
    if total == 0:
        raise BadArguments(say("engine.error.kmeans_pp_no_next"))
    prob = dmin2 / total
    dist = np.sqrt(dmin2)
    steps: list = [say("engine.kmeans_pp_probabilities.intro")]
    for i in range(min(x.shape[0], SHOWN)):
        steps.append(f"x{sub(i + 1)} = {fmt(_at(x, i))}: D = {fmt(dist[i])}, D² = {fmt(dmin2[i])}")
    _more(steps, x.shape[0])
    steps.append(f"Σ D² = {fmt(total)}")
    steps.append(say("engine.kmeans_pp_probabilities.probs", probs=fmt(prob)))
    return {"distances": dist, "probabilities": prob}, steps


# --- k-nearest neighbours -----------------------------------------------------------------


@computation("knn_predict", "k-nearest-neighbour classification of one query point by majority vote")
def knn_predict(train_x, train_y, query, k, metric="euclidean"):
    """The k training points nearest the query (Euclidean √Σ(a − b)² or Manhattan
    Σ|a − b|) vote; the most frequent label wins.

    Votes are broken as scikit-learn's KNeighborsClassifier (uniform weights) breaks
    them: among labels with equally many votes the smallest label wins. When the k-th
    and the (k+1)-th nearest points are equally far, the k nearest are not defined
    (scikit-learn then picks by the order of its search) and this is ``BadArguments``.
    The value is a dict ``prediction``, ``neighbors`` (training indices from 0,
    nearest first, equal distances in training order) and ``distances`` (theirs).
    """
    X = _points("train_x", train_x)
    ys = labels("train_y", train_y)
    if len(ys) != X.shape[0]:
        raise BadArguments(say("engine.error.knn_label_count", points=X.shape[0], got=len(ys)))
    if any(isinstance(v, float) for v in ys):
        raise BadArguments(say("engine.error.class_labels", name="train_y", got=fmt(next(v for v in ys if isinstance(v, float)))))
    q = array("query", query, ndim=(0, 1)).reshape(-1)
    if q.shape[0] != X.shape[1]:
        raise BadArguments(say("engine.error.knn_query_dims", dims=X.shape[1], got=q.shape[0]))
    k = integer("k", k, lo=1, hi=X.shape[0])
    metric = choice("metric", metric, ("euclidean", "manhattan"))
    diff = X - q[None, :]
    dist = np.sqrt((diff**2).sum(axis=1)) if metric == "euclidean" else np.abs(diff).sum(axis=1)
    order = np.argsort(dist, kind="stable")  # equal distances: the lower index first
    if k < X.shape[0] and math.isclose(dist[order[k - 1]], dist[order[k]], rel_tol=1e-9, abs_tol=1e-12):
        raise BadArguments(say("engine.error.knn_distance_tie", count=k, k1=k + 1, d=fmt(dist[order[k]])))
    near = order[:k]
    votes: dict = {}
    for i in near:
        votes[ys[i]] = votes.get(ys[i], 0) + 1
    top = max(votes.values())
    winners = sorted(v for v, n in votes.items() if n == top)
    pred = winners[0]
    formula = "√Σ(x − q)²" if metric == "euclidean" else "Σ|x − q|"
    steps: list = [say(f"engine.knn_predict.{metric}", formula=formula)]
    for i in range(min(X.shape[0], SHOWN)):
        steps.append(f"x{sub(i + 1)} = {fmt(_at(X, i))}, y = {_label(ys[i])}: d = {fmt(dist[i])}")
    _more(steps, X.shape[0])
    names = ", ".join(f"x{sub(i + 1)}" for i in near)
    steps.append(say("engine.knn_predict.nearest", count=k, points=names))
    tally = ", ".join(f"{_label(v)}: {n}" for v, n in sorted(votes.items()))
    steps.append(say("engine.knn_predict.votes", tally=tally))
    if len(winners) > 1:
        steps.append(say("engine.knn_predict.tie", labels=", ".join(_label(v) for v in winners), label=_label(pred)))
    else:
        steps.append(say("engine.knn_predict.winner", label=_label(pred)))
    return {"prediction": pred, "neighbors": near, "distances": dist[near]}, steps


def _label(v) -> str:
    return repr(v) if isinstance(v, str) else fmt(v)


# --- XGBoost -------------------------------------------------------------------------------


@computation("logloss_grad_hess", "gradient p − y and Hessian p(1 − p) of the log loss with respect to the raw score")
def logloss_grad_hess(y, p):
    """For ℓ = −[y·ln p + (1 − y)·ln(1 − p)] with p = σ(ŷ): gᵢ = ∂ℓ/∂ŷ = pᵢ − yᵢ and
    hᵢ = ∂²ℓ/∂ŷ² = pᵢ(1 − pᵢ), the per-sample statistics XGBoost's log loss uses.

    ``p`` holds the current predicted probabilities (strictly between 0 and 1), ``y``
    the targets in [0, 1]. The value is a dict ``grad`` and ``hess``.
    """
    t = array("y", y, ndim=(0, 1)).reshape(-1)
    pr = array("p", p, ndim=(0, 1)).reshape(-1)
    if t.shape != pr.shape:
        raise BadArguments(say("engine.error.same_length", a="y", b="p", len_a=t.size, len_b=pr.size))
    if np.any((t < 0) | (t > 1)):
        raise BadArguments(say("engine.error.targets_01", name="y"))
    if np.any((pr <= 0) | (pr >= 1)):
        raise BadArguments(say("engine.error.open_probabilities", name="p"))
    g = pr - t
    h = pr * (1 - pr)
    return {"grad": g, "hess": h}, [
        f"g = p − y = {fmt(pr)} − {fmt(t)} = {fmt(g)}",
        f"h = p·(1 − p) = {fmt(h)}",
    ]


def _gh(gname: str, g, hname: str, h) -> tuple[np.ndarray, np.ndarray]:
    gv = array(gname, g, ndim=(0, 1)).reshape(-1)
    hv = array(hname, h, ndim=(0, 1)).reshape(-1)
    if gv.shape != hv.shape:
        raise BadArguments(say("engine.error.gh_length", g=gname, h=hname, len_g=gv.size, len_h=hv.size))
    if np.any(hv < 0):
        raise BadArguments(say("engine.error.hess_negative", name=hname))
    return gv, hv


def _reg(reg_lambda) -> float:
    return number("reg_lambda", reg_lambda, lo=0.0)


def _sums(gv: np.ndarray, hv: np.ndarray, lam: float, side: str = "") -> tuple[float, float]:
    G, H = float(gv.sum()), float(hv.sum())
    if H + lam <= 0:
        raise BadArguments(say("engine.error.leaf_curvature", name=f"h{side}"))
    return G, H


@computation("xgboost_leaf_weight", "XGBoost's optimal leaf weight w* = −G/(H + λ) and its objective −½G²/(H + λ)")
def xgboost_leaf_weight(g, h, reg_lambda=1.0):
    """With G = Σgᵢ and H = Σhᵢ over the samples in a leaf, the second-order objective
    G·w + ½(H + λ)·w² is smallest at w* = −G/(H + λ), where it equals −½·G²/(H + λ).

    The value is a dict ``sum_grad`` (G), ``sum_hess`` (H), ``weight`` (w*) and
    ``objective``.
    """
    gv, hv = _gh("g", g, "h", h)
    lam = _reg(reg_lambda)
    G, H = _sums(gv, hv, lam)
    wt = -G / (H + lam)
    obj = -0.5 * G * G / (H + lam)
    return {"sum_grad": G, "sum_hess": H, "weight": wt, "objective": obj}, [
        f"G = Σg = {fmt(G)}, H = Σh = {fmt(H)}",
        f"w* = −G / (H + λ) = −{_p(G)} / ({fmt(H)} + {fmt(lam)}) = {fmt(wt)}",
        f"−½·G² / (H + λ) = −½·{fmt(G * G)} / {fmt(H + lam)} = {fmt(obj)}",
    ]


@computation(
    "xgboost_split_gain",
    "XGBoost's split gain ½[G_L²/(H_L+λ) + G_R²/(H_R+λ) − (G_L+G_R)²/(H_L+H_R+λ)] − γ",
)
def xgboost_split_gain(g_left, h_left, g_right, h_right, reg_lambda=1.0, gamma=0.0):
    """gain = ½·[G_L²/(H_L + λ) + G_R²/(H_R + λ) − (G_L + G_R)²/(H_L + H_R + λ)] − γ,
    with G and H the sums of the samples' g and h on each side. XGBoost makes the split
    only when the gain is positive.

    The value is a dict ``gain`` and the three scores G²/(H + λ): ``score_left``,
    ``score_right``, ``score_parent``.
    """
    gl, hl = _gh("g_left", g_left, "h_left", h_left)
    gr, hr = _gh("g_right", g_right, "h_right", h_right)
    lam = _reg(reg_lambda)
    gamma = number("gamma", gamma, lo=0.0)
    GL, HL = _sums(gl, hl, lam, "_left")
    GR, HR = _sums(gr, hr, lam, "_right")
    G, H = GL + GR, HL + HR
    sl, sr, sp = GL * GL / (HL + lam), GR * GR / (HR + lam), G * G / (H + lam)
    gain = 0.5 * (sl + sr - sp) - gamma
    steps = [
        f"G_L = {fmt(GL)}, H_L = {fmt(HL)}; G_R = {fmt(GR)}, H_R = {fmt(HR)}",
        f"G_L² / (H_L + λ) = {fmt(GL * GL)} / {fmt(HL + lam)} = {fmt(sl)}",
        f"G_R² / (H_R + λ) = {fmt(GR * GR)} / {fmt(HR + lam)} = {fmt(sr)}",
        f"(G_L + G_R)² / (H_L + H_R + λ) = {fmt(G * G)} / {fmt(H + lam)} = {fmt(sp)}",
        say("engine.xgboost_split_gain.gain", sl=fmt(sl), sr=fmt(sr), sp=fmt(sp), gamma=fmt(gamma), gain=fmt(gain)),
        say("engine.xgboost_split_gain.split" if gain > 0 else "engine.xgboost_split_gain.no_split"),
    ]
    return {"gain": gain, "score_left": sl, "score_right": sr, "score_parent": sp}, steps


# --- model selection: folds, fits, random search -------------------------------------------


@computation("kfold_split_sizes", "validation and training set sizes of each fold of k-fold cross-validation (sklearn KFold)")
def kfold_split_sizes(n_samples, n_splits):
    """scikit-learn's KFold: the first n mod k folds hold ⌊n/k⌋ + 1 samples, the others
    ⌊n/k⌋; each model trains on the other n − (fold size) samples.

    The value is a dict ``test_sizes`` and ``train_sizes``, one per fold.
    """
    n = integer("n_samples", n_samples, lo=2)
    k = integer("n_splits", n_splits, lo=2, hi=n)
    base, extra = divmod(n, k)
    test = [base + 1] * extra + [base] * (k - extra)
    train = [n - s for s in test]
    steps: list = [say("engine.kfold_split_sizes.division", n=n, k=k, q=base, r=extra)]
    if extra:
        steps.append(say("engine.kfold_split_sizes.uneven", extra=extra, big=base + 1, rest=k - extra, small=base))
    else:
        steps.append(say("engine.kfold_split_sizes.even", k=k, size=base))
    steps.append(say("engine.kfold_split_sizes.train", sizes=fmt(train)))
    return {"test_sizes": test, "train_sizes": train}, steps


@computation("grid_search_fits", "how many models a grid search with k-fold cross-validation fits (sklearn GridSearchCV)")
def grid_search_fits(grid_sizes, n_splits, refit=True):
    """A grid of s₁ × s₂ × … candidate settings, each scored by k-fold cross-validation,
    fits k models per candidate; with ``refit`` (GridSearchCV's default) the best setting
    is fitted once more on all the data: fits = (∏ sᵢ)·k + 1.

    ``grid_sizes`` lists how many values each hyper-parameter takes. The value is a dict
    ``candidates`` and ``fits``.
    """
    sizes = array("grid_sizes", grid_sizes, ndim=(0, 1)).reshape(-1)
    if np.any(sizes < 1) or np.any(sizes != np.round(sizes)):
        raise BadArguments(say("engine.error.grid_sizes"))
    k = integer("n_splits", n_splits, lo=2)
    refit = boolean("refit", refit)
    cand = math.prod(int(s) for s in sizes)
    fits = cand * k + (1 if refit else 0)
    prod = " × ".join(str(int(s)) for s in sizes)
    if cand == 1:
        steps = [say("engine.grid_search_fits.single", fits=k)]
    else:
        steps = [
            say("engine.grid_search_fits.candidates", product=prod, count=cand),
            say("engine.grid_search_fits.cv", count=cand, k=k, fits=cand * k),
        ]
    if refit:
        steps.append(say("engine.grid_search_fits.refit", fits=fits))
    return {"candidates": cand, "fits": fits}, steps


def _fraction(name: str, x) -> float:
    return number(name, x, lo=0.0, hi=1.0, lo_open=True, hi_open=True)


@computation("random_search_trials", "fewest random-search trials n with 1 − (1 − q)ⁿ ≥ p of landing in the top fraction q")
def random_search_trials(top_fraction, confidence):
    """Each independent trial lands in the best fraction q of the search space with
    probability q, so n trials miss it with probability (1 − q)ⁿ. The fewest trials
    with 1 − (1 − q)ⁿ ≥ p is n = ⌈ln(1 − p) / ln(1 − q)⌉.

    The value is a dict ``trials`` and ``probability`` (1 − (1 − q)ⁿ for that n).
    """
    q = _fraction("top_fraction", top_fraction)
    p = _fraction("confidence", confidence)
    ratio = math.log1p(-p) / math.log1p(-q)
    n = max(1, math.ceil(ratio - 1e-9))
    while 1 - (1 - q) ** n < p - 1e-12:  # guard the rounding of the ratio
        n += 1
    while n > 1 and 1 - (1 - q) ** (n - 1) >= p - 1e-12:
        n -= 1
    prob = 1 - (1 - q) ** n
    return {"trials": n, "probability": prob}, [
        f"1 − (1 − q)ⁿ ≥ p  ⇔  n ≥ ln(1 − p) / ln(1 − q) = ln({fmt(1 - p)}) / ln({fmt(1 - q)}) = {fmt(ratio)}",
        say("engine.random_search_trials.round", n=n),
        f"1 − (1 − {fmt(q)})^{n} = {fmt(prob)}",
    ]


@computation("random_search_success", "chance 1 − (1 − q)ⁿ that at least one of n random trials lands in the top fraction q")
def random_search_success(top_fraction, trials):
    """P(at least one of n independent trials in the best fraction q) = 1 − (1 − q)ⁿ."""
    q = _fraction("top_fraction", top_fraction)
    n = integer("trials", trials, lo=1)
    miss = (1 - q) ** n
    return 1 - miss, [
        f"(1 − q)ⁿ = (1 − {fmt(q)})^{n} = {fmt(miss)}",
        f"1 − (1 − q)ⁿ = {fmt(1 - miss)}",
    ]


# --- bias, variance, noise -----------------------------------------------------------------


@computation(
    "bias_variance_decomposition",
    "bias², variance and noise of predictions at one x: expected squared error = bias² + variance + noise",
)
def bias_variance_decomposition(predictions, y_true, noise_var=0.0):
    """For predictions f(x; Dⱼ) of models trained on M training sets, the true value
    y_true = f(x) and label noise of variance σ²: f̄ = mean f(x; Dⱼ);
    bias² = (f̄ − f(x))²; variance = (1/M)·Σ(f(x; Dⱼ) − f̄)²; the expected squared error
    against a fresh noisy label is bias² + variance + σ².

    The value is a dict ``mean_prediction``, ``bias_squared``, ``variance``, ``noise``
    and ``expected_error``.
    """
    f = array("predictions", predictions, ndim=(0, 1)).reshape(-1)
    y = number("y_true", y_true)
    s2 = number("noise_var", noise_var, lo=0.0)
    mean = float(f.mean())
    bias2 = (mean - y) ** 2
    var = float(((f - mean) ** 2).mean())
    total = bias2 + var + s2
    return {"mean_prediction": mean, "bias_squared": bias2, "variance": var, "noise": s2, "expected_error": total}, [
        f"f̄ = Σfⱼ / M = {fmt(f.sum())} / {f.size} = {fmt(mean)}",
        say("engine.bias_variance_decomposition.bias", mean=fmt(mean), y=_p(y), value=fmt(bias2)),
        say("engine.bias_variance_decomposition.variance", squares=fmt((f - mean) ** 2), value=fmt(var)),
        say("engine.bias_variance_decomposition.total", bias2=fmt(bias2), var=fmt(var), noise=fmt(s2), value=fmt(total)),
    ]


@computation("normal_interval_probability", "P(low ≤ X ≤ high) for X ~ N(loc, scale²)")
def normal_interval_probability(low, high, loc=0.0, scale=1.0):
    """P(low ≤ X ≤ high) = Φ((high − μ)/σ) − Φ((low − μ)/σ) with Φ(z) = ½(1 + erf(z/√2)),
    for X ~ N(μ = loc, σ² = scale²) (torch.distributions.Normal's loc and scale)."""
    lo_ = number("low", low)
    hi_ = number("high", high)
    mu = number("loc", loc)
    sd = number("scale", scale, lo=0.0, lo_open=True)
    if hi_ < lo_:
        raise BadArguments(say("engine.error.interval_order", op="≥", low=fmt(lo_), high=fmt(hi_)))
    za, zb = (lo_ - mu) / sd, (hi_ - mu) / sd
    pa, pb = _phi(za), _phi(zb)
    # Upper tail for large z keeps the difference accurate.
    prob = (_phi(-za) - _phi(-zb)) if za > 0 else (pb - pa)
    return prob, [
        f"z = (x − μ) / σ: ({fmt(lo_)} − {_p(mu)}) / {fmt(sd)} = {fmt(za)}, ({fmt(hi_)} − {_p(mu)}) / {fmt(sd)} = {fmt(zb)}",
        f"Φ({fmt(zb)}) − Φ({fmt(za)}) = {fmt(pb)} − {fmt(pa)} = {fmt(prob)}",
    ]


def _phi(z: float) -> float:
    return 0.5 * math.erfc(-z / math.sqrt(2))


@computation("loguniform_cdf", "P(X ≤ x) for X log-uniform on [low, high]: ln(x/low) / ln(high/low)")
def loguniform_cdf(x, low, high):
    """X is log-uniform (scipy.stats.loguniform) when ln X is uniform on [ln low, ln high]:
    P(X ≤ x) = ln(x/low) / ln(high/low), clipped to [0, 1]."""
    a = number("low", low, lo=0.0, lo_open=True)
    b = number("high", high, lo=0.0, lo_open=True)
    if b <= a:
        raise BadArguments(say("engine.error.interval_order", op=">", low=fmt(a), high=fmt(b)))
    v = number("x", x)
    if v <= a:
        return 0.0, [f"{fmt(v)} ≤ {fmt(a)}: P(X ≤ {fmt(v)}) = 0"]
    if v >= b:
        return 1.0, [f"{fmt(v)} ≥ {fmt(b)}: P(X ≤ {fmt(v)}) = 1"]
    num, den = math.log(v / a), math.log(b / a)
    p = num / den
    return p, [
        f"a = {fmt(a)}, b = {fmt(b)}",
        f"ln(x / a) = ln({fmt(v)} / {fmt(a)}) = {fmt(num)}",
        f"ln(b / a) = ln({fmt(b)} / {fmt(a)}) = {fmt(den)}",
        f"P(X ≤ {fmt(v)}) = ln(x / a) / ln(b / a) = {fmt(num)} / {fmt(den)} = {fmt(p)}",
    ]


@computation("polynomial_features", "polynomial features 1, x, x², …, x^degree of a number or of each number in a vector, optionally divided by i!")
def polynomial_features(x, degree, scaled=False):
    """[x⁰, x¹, …, x^d] (scikit-learn's PolynomialFeatures for one feature); with
    ``scaled`` each xⁱ is divided by i!, as in the classic polynomial-fitting example,
    so high powers stay small. A vector x gives one row per number.
    """
    arr = array("x", x, ndim=(0, 1))
    d = integer("degree", degree, lo=0, hi=60)
    scaled = boolean("scaled", scaled)
    xs = arr.reshape(-1)
    powers = np.arange(d + 1)
    raw = xs[:, None] ** powers[None, :]
    fact = np.array([math.factorial(int(i)) for i in powers], dtype=float)
    out = raw / fact[None, :] if scaled else raw
    shown = out[0] if arr.ndim == 0 else out
    steps = [f"xⁱ, i = 0…{d}: {fmt(raw[0] if arr.ndim == 0 else raw)}"]
    if scaled:
        steps.append(f"i! = {fmt(fact)}")
        steps.append(f"xⁱ / i! = {fmt(shown)}")
    return shown, steps
