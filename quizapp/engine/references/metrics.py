"""sklearn references for the metrics computations (sklearn imported lazily).

Each calls the sklearn.metrics function and reshapes its answer to the contract
where they differ: roc_curve keeps every point (drop_intermediate=False) and loses
sklearn's leading ∞ threshold; pr_curve loses sklearn's closing (precision 1,
recall 0) point and runs from the highest threshold down.
"""

from __future__ import annotations

import warnings

from quizapp.engine.crosscheck import reference


def _quiet(func, *args, **kwargs):
    """Call sklearn without its notices (pos_label ignored, zero_division="warn", one label)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return func(*args, **kwargs)


@reference("confusion_matrix")
def confusion_matrix(y_true, y_pred, labels):
    from sklearn import metrics

    return _quiet(metrics.confusion_matrix, y_true, y_pred, labels=labels).tolist()


@reference("accuracy")
def accuracy(y_true, y_pred):
    from sklearn import metrics

    return float(metrics.accuracy_score(y_true, y_pred))


def _prf(func, y_true, y_pred, average, pos_label, zero_division, **extra):
    return float(
        _quiet(func, y_true, y_pred, average=average, pos_label=pos_label, zero_division=zero_division, **extra)
    )


@reference("precision")
def precision(y_true, y_pred, average, pos_label, zero_division):
    from sklearn import metrics

    return _prf(metrics.precision_score, y_true, y_pred, average, pos_label, zero_division)


@reference("recall")
def recall(y_true, y_pred, average, pos_label, zero_division):
    from sklearn import metrics

    return _prf(metrics.recall_score, y_true, y_pred, average, pos_label, zero_division)


@reference("f1")
def f1(y_true, y_pred, average, pos_label, zero_division):
    from sklearn import metrics

    return _prf(metrics.f1_score, y_true, y_pred, average, pos_label, zero_division)


@reference("fbeta")
def fbeta(y_true, y_pred, beta, average, pos_label, zero_division):
    from sklearn import metrics

    return _prf(metrics.fbeta_score, y_true, y_pred, average, pos_label, zero_division, beta=beta)


@reference("binary_metrics")
def binary_metrics(tp, fp, fn, tn):
    """sklearn scores of labels rebuilt from the counts; no samples at all gives zeros (0/0 = 0)."""
    from sklearn import metrics

    tp, fp, fn, tn = (int(v) for v in (tp, fp, fn, tn))  # the engine accepts 3.0 as 3
    y_true = [1] * tp + [0] * fp + [1] * fn + [0] * tn
    y_pred = [1] * tp + [1] * fp + [0] * fn + [0] * tn
    keys = ("accuracy", "precision", "recall", "f1", "tpr", "fpr", "specificity")
    if not y_true:
        return dict.fromkeys(keys, 0.0)
    both = {"labels": [0, 1], "zero_division": 0}
    rec = float(metrics.recall_score(y_true, y_pred, **both))
    spec = float(metrics.recall_score(y_true, y_pred, pos_label=0, **both))
    # FPR: among the true negatives (relabelled positive), the share predicted positive.
    fpr = float(metrics.recall_score([1 - t for t in y_true], y_pred, **both))
    return {
        "accuracy": float(metrics.accuracy_score(y_true, y_pred)),
        "precision": float(metrics.precision_score(y_true, y_pred, **both)),
        "recall": rec,
        "f1": float(metrics.f1_score(y_true, y_pred, **both)),
        "tpr": rec,
        "fpr": fpr,
        "specificity": spec,
    }


@reference("roc_curve")
def roc_curve(y_true, y_score):
    from sklearn import metrics

    fpr, tpr, thresholds = metrics.roc_curve(y_true, y_score, drop_intermediate=False)
    return {"fpr": fpr.tolist(), "tpr": tpr.tolist(), "thresholds": thresholds[1:].tolist()}


@reference("roc_auc")
def roc_auc(y_true, y_score):
    from sklearn import metrics

    return float(metrics.roc_auc_score(y_true, y_score))


@reference("pr_curve")
def pr_curve(y_true, y_score):
    from sklearn import metrics

    prec, rec, thresholds = metrics.precision_recall_curve(y_true, y_score, drop_intermediate=False)
    return {
        "precision": prec[-2::-1].tolist(),
        "recall": rec[-2::-1].tolist(),
        "thresholds": thresholds[::-1].tolist(),
    }


@reference("average_precision")
def average_precision(y_true, y_score):
    from sklearn import metrics

    return float(metrics.average_precision_score(y_true, y_score))


@reference("mse")
def mse(y_true, y_pred):
    from sklearn import metrics

    return float(metrics.mean_squared_error(y_true, y_pred))


@reference("rmse")
def rmse(y_true, y_pred):
    from sklearn import metrics

    return float(metrics.root_mean_squared_error(y_true, y_pred))


@reference("mae")
def mae(y_true, y_pred):
    from sklearn import metrics

    return float(metrics.mean_absolute_error(y_true, y_pred))


@reference("r2")
def r2(y_true, y_pred):
    from sklearn import metrics

    return float(metrics.r2_score(y_true, y_pred))


for _ref in (
    confusion_matrix,
    accuracy,
    precision,
    recall,
    f1,
    fbeta,
    binary_metrics,
    roc_curve,
    roc_auc,
    pr_curve,
    average_precision,
    mse,
    rmse,
    mae,
    r2,
):
    _ref.library = "sklearn"
