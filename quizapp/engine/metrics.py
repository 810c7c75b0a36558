"""Engine computations: classification and regression metrics (sklearn semantics).

Class labels are whole numbers or strings, one kind per call. Averaged scores run
over the sorted union of the labels in ``y_true`` and ``y_pred``. The score-based
curves follow sklearn with the contract's conventions: ``roc_curve`` has no ∞
threshold and drops no point; ``pr_curve`` runs from the highest threshold down and
has no closing (recall 0) point.
"""

from __future__ import annotations

import math

import numpy as np

from quizapp.catalog import say
from quizapp.engine._args import choice, fmt, integer, labels, more, note, number, same_length, vector
from quizapp.engine._registry import BadArguments, computation

AVERAGES = ("binary", "micro", "macro", "weighted")
SHOWN = 12  # per-class / per-threshold lines in a worked solution; the rest are counted


# --- labels ---------------------------------------------------------------------------


def _class_labels(name: str, x) -> list:
    """Whole-number or string class labels (sklearn rejects fractional ones as continuous)."""
    out = labels(name, x)
    for v in out:
        if isinstance(v, float):
            raise BadArguments(say("engine.error.class_labels", name=name, got=fmt(v)))
    return out


def _is_str(ys: list) -> bool:
    return isinstance(ys[0], str)


def _label_pair(y_true, y_pred) -> tuple[list, list]:
    yt = _class_labels("y_true", y_true)
    yp = _class_labels("y_pred", y_pred)
    same_length("y_true", yt, "y_pred", yp)
    if _is_str(yt) != _is_str(yp):
        raise BadArguments(say("engine.error.labels_kinds"))
    return yt, yp


def _lab(c) -> str:
    return repr(c) if isinstance(c, str) else fmt(c)


def _labs(cs) -> str:
    return "[" + ", ".join(_lab(c) for c in cs) + "]"


def _encode(yt: list, yp: list) -> tuple[list, np.ndarray, np.ndarray]:
    """The sorted union of labels and each sample's index into it."""
    classes = sorted(set(yt) | set(yp))
    index = {c: i for i, c in enumerate(classes)}
    ti = np.fromiter((index[v] for v in yt), dtype=np.intp, count=len(yt))
    pi = np.fromiter((index[v] for v in yp), dtype=np.intp, count=len(yp))
    return classes, ti, pi


# --- confusion matrix and accuracy ----------------------------------------------------


@computation("confusion_matrix", "counts of (true, predicted) label pairs: rows true, columns predicted")
def confusion_matrix(y_true, y_pred, labels=None):
    """C[i][j] = #{samples with true label lᵢ and predicted label lⱼ}.

    ``labels`` (default: the sorted union of y_true and y_pred) fixes the order;
    samples with a label outside it are not counted, as in sklearn.
    """
    yt, yp = _label_pair(y_true, y_pred)
    if labels is None:
        classes = sorted(set(yt) | set(yp))
    else:
        classes = _class_labels("labels", labels)
        if len(set(classes)) != len(classes):
            raise BadArguments(say("engine.error.labels_repeat"))
        if _is_str(classes) != _is_str(yt):
            raise BadArguments(say("engine.error.labels_kind_of_y_true"))
        if not set(classes) & set(yt):
            raise BadArguments(say("engine.error.labels_none_in_y_true"))
    index = {c: i for i, c in enumerate(classes)}
    k = len(classes)
    cells = [index[t] * k + index[p] for t, p in zip(yt, yp) if t in index and p in index]
    cm = np.bincount(np.asarray(cells, dtype=np.intp), minlength=k * k).reshape(k, k)
    steps = [say("engine.confusion_matrix.order", labels=_labs(classes)), say("engine.confusion_matrix.count")]
    skipped = len(yt) - len(cells)
    if skipped:
        steps.append(say("engine.confusion_matrix.skipped", count=skipped))
    for i, c in enumerate(classes[:SHOWN]):
        steps.append(say("engine.confusion_matrix.row", label=_lab(c), row=fmt(cm[i]), total=int(cm[i].sum())))
    more(steps, SHOWN, k, "rows")
    steps.append(say("engine.confusion_matrix.diagonal", correct=int(np.trace(cm)), n=len(cells)))
    return cm, steps


@computation("accuracy", "fraction of samples whose predicted label equals the true label")
def accuracy(y_true, y_pred):
    """accuracy = #{ŷᵢ = yᵢ} / n."""
    yt, yp = _label_pair(y_true, y_pred)
    correct = sum(t == p for t, p in zip(yt, yp))
    n = len(yt)
    return correct / n, [
        say("engine.accuracy.correct", correct=correct, n=n),
        say("engine.eq", lhs=say("engine.term.accuracy"), rhs=f"{correct} / {n} = {fmt(correct / n)}"),
    ]


# --- counts to ratios -----------------------------------------------------------------


def _ratio(num: float, den: float, zd: float) -> float:
    return num / den if den else zd


def _frac(num, den, zd: float, why: str = "zero_division = ") -> str:
    """'3 / 4 = 0.75', or '0 / 0 → zero_division = 0'."""
    if not den:
        return f"{fmt(num)} / 0 → {why}{fmt(zd)}"
    return f"{fmt(num)} / {fmt(den)} = {fmt(num / den)}"


def _f_name(beta: float) -> str:
    return "F1" if beta == 1 else f"F(β={fmt(beta)})"


def _f_parts(tp: int, fp: int, fn: int, beta: float) -> tuple[float, float]:
    """Numerator and denominator of Fβ = (1 + β²)·TP / ((1 + β²)·TP + β²·FN + FP)."""
    b2 = beta * beta
    return (1 + b2) * tp, (1 + b2) * tp + b2 * fn + fp


def _scores(tp: int, fp: int, fn: int, beta: float, zd: float) -> dict[str, float]:
    num, den = _f_parts(tp, fp, fn, beta)
    return {
        "precision": _ratio(tp, tp + fp, zd),
        "recall": _ratio(tp, tp + fn, zd),
        "f": _ratio(num, den, zd),
    }


def _score_lines(which: str, tp: int, fp: int, fn: int, beta: float, zd: float) -> list:
    """Precision, recall and (for an F-score) F with the counts filled in."""
    lines: list = []
    if which in ("precision", "f"):
        lines.append(say("engine.eq", lhs=say("engine.term.precision"), rhs=f"TP / (TP + FP) = {_frac(tp, tp + fp, zd)}"))
    if which in ("recall", "f"):
        lines.append(say("engine.eq", lhs=say("engine.term.recall"), rhs=f"TP / (TP + FN) = {_frac(tp, tp + fn, zd)}"))
    if which == "f":
        num, den = _f_parts(tp, fp, fn, beta)
        if beta == 1:
            line = f"{_f_name(beta)} = 2·TP / (2·TP + FP + FN) = 2·{tp} / (2·{tp} + {fp} + {fn}) = {_frac(num, den, zd)}"
            lines.append(note(line, say("engine.f1.harmonic")) if den else line)
        else:
            b2 = fmt(beta * beta)
            line = say(
                "engine.fbeta.formula",
                name=_f_name(beta),
                b2=b2,
                math=f"(1 + {b2})·{tp} / ((1 + {b2})·{tp} + {b2}·{fn} + {fp}) = {_frac(num, den, zd)}",
            )
            lines.append(note(line, say("engine.fbeta.harmonic")) if den else line)
    return lines


def _class_line(which: str, c, tp: int, fp: int, fn: int, beta: float, zd: float):
    parts = []
    if which in ("precision", "f"):
        parts.append(f"P = {_frac(tp, tp + fp, zd)}")
    if which in ("recall", "f"):
        parts.append(f"R = {_frac(tp, tp + fn, zd)}")
    if which == "f":
        parts.append(f"{_f_name(beta)} = {_frac(*_f_parts(tp, fp, fn, beta), zd)}")
    return say("engine.prf.class", label=_lab(c), math=f"TP = {tp}, FP = {fp}, FN = {fn} → " + ", ".join(parts))


def _zero_division(x) -> float:
    if x == "warn":
        return 0.0  # sklearn's "warn" scores 0 (and warns)
    if isinstance(x, bool):
        x = int(x)
    if isinstance(x, str) or number("zero_division", x) not in (0.0, 1.0):
        raise BadArguments(say("engine.error.zero_division", got=repr(x)))
    return float(x)


def _pos_label(x):
    if isinstance(x, float) and x.is_integer():
        x = int(x)
    if isinstance(x, bool) or not isinstance(x, (int, str)):
        raise BadArguments(say("engine.error.pos_label", got=repr(x)))
    return x


def _prf(which: str, y_true, y_pred, beta: float, average, pos_label, zero_division):
    """Precision, recall or Fβ with sklearn's averaging; returns (value, steps)."""
    yt, yp = _label_pair(y_true, y_pred)
    average = choice("average", average, AVERAGES)
    zd = _zero_division(zero_division)
    name = _f_name(beta) if which == "f" else say(f"engine.term.{which}")
    if average == "binary":
        pos = _pos_label(pos_label)
        present = sorted(set(yt) | set(yp))
        if len(present) > 2:
            raise BadArguments(say("engine.error.binary_labels", count=len(present), labels=_labs(present)))
        if pos not in present and len(present) == 2:
            raise BadArguments(say("engine.error.pos_label_absent", pos=repr(pos), labels=_labs(present)))
        tp = sum(t == pos and p == pos for t, p in zip(yt, yp))
        fp = sum(t != pos and p == pos for t, p in zip(yt, yp))
        fn = sum(t == pos and p != pos for t, p in zip(yt, yp))
        steps = [
            say("engine.prf.positive", pos=_lab(pos)),
            say("engine.prf.counts", tp=tp, fp=fp, fn=fn, pos=_lab(pos)),
        ]
        steps += _score_lines(which, tp, fp, fn, beta, zd)
        return _scores(tp, fp, fn, beta, zd)[which], steps

    classes, ti, pi = _encode(yt, yp)
    k = len(classes)
    tp = np.bincount(ti[ti == pi], minlength=k)
    pred = np.bincount(pi, minlength=k)
    true = np.bincount(ti, minlength=k)
    fp, fn = pred - tp, true - tp
    steps: list = [say("engine.prf.labels", labels=_labs(classes))]
    if pos_label is not None and _pos_label(pos_label) != 1:
        steps.append(say("engine.prf.pos_label_ignored", average=average))
    for i in range(min(k, SHOWN)):
        steps.append(_class_line(which, classes[i], int(tp[i]), int(fp[i]), int(fn[i]), beta, zd))
    more(steps, SHOWN, k, "classes")
    if average == "micro":
        TP, FP, FN = int(tp.sum()), int(fp.sum()), int(fn.sum())
        steps.append(say("engine.prf.micro", math=f"TP = {TP}, FP = {FP}, FN = {FN}"))
        steps += _score_lines(which, TP, FP, FN, beta, zd)
        return _scores(TP, FP, FN, beta, zd)[which], steps
    per = np.array([_scores(int(tp[i]), int(fp[i]), int(fn[i]), beta, zd)[which] for i in range(k)])
    if average == "macro":
        value = float(per.mean())
        steps.append(say("engine.prf.macro", name=name, count=k, scores=fmt(per), value=fmt(value)))
    else:
        value = float(np.average(per, weights=true))
        steps.append(
            say(
                "engine.prf.weighted",
                name=name,
                supports=fmt(true),
                math=f"{fmt(float(true @ per))} / {int(true.sum())} = {fmt(value)}",
            )
        )
    return value, steps


def _beta(beta) -> float:
    return number("beta", beta, lo=0.0)


@computation("precision", "precision TP / (TP + FP), binary or micro/macro/weighted averaged")
def precision(y_true, y_pred, average="binary", pos_label=1, zero_division=0):
    """precision = TP / (TP + FP); 0/0 gives ``zero_division``.

    micro: pooled counts; macro: mean over labels; weighted: mean weighted by support.
    """
    return _prf("precision", y_true, y_pred, 1.0, average, pos_label, zero_division)


@computation("recall", "recall TP / (TP + FN), binary or micro/macro/weighted averaged")
def recall(y_true, y_pred, average="binary", pos_label=1, zero_division=0):
    """recall = TP / (TP + FN); 0/0 gives ``zero_division``."""
    return _prf("recall", y_true, y_pred, 1.0, average, pos_label, zero_division)


@computation("f1", "F1 = 2·TP / (2·TP + FP + FN), the harmonic mean of precision and recall")
def f1(y_true, y_pred, average="binary", pos_label=1, zero_division=0):
    """F1 = 2·P·R / (P + R) = 2·TP / (2·TP + FP + FN); 0/0 gives ``zero_division``."""
    return _prf("f", y_true, y_pred, 1.0, average, pos_label, zero_division)


@computation("fbeta", "Fβ: weighted harmonic mean of precision and recall (β > 1 favours recall)")
def fbeta(y_true, y_pred, beta, average="binary", pos_label=1, zero_division=0):
    """Fβ = (1 + β²)·P·R / (β²·P + R) = (1 + β²)·TP / ((1 + β²)·TP + β²·FN + FP)."""
    return _prf("f", y_true, y_pred, _beta(beta), average, pos_label, zero_division)


@computation("binary_metrics", "accuracy, precision, recall, F1, TPR, FPR, specificity from TP/FP/FN/TN")
def binary_metrics(tp, fp, fn, tn):
    """accuracy = (TP + TN)/n, precision = TP/(TP + FP), recall = TPR = TP/(TP + FN),
    F1 = 2·TP/(2·TP + FP + FN), FPR = FP/(FP + TN), specificity = TN/(TN + FP); 0/0 = 0."""
    tp, fp, fn, tn = (integer(k, v, lo=0) for k, v in (("tp", tp), ("fp", fp), ("fn", fn), ("tn", tn)))
    n = tp + fp + fn + tn
    value = {
        "accuracy": _ratio(tp + tn, n, 0.0),
        "precision": _ratio(tp, tp + fp, 0.0),
        "recall": _ratio(tp, tp + fn, 0.0),
        "f1": _ratio(2 * tp, 2 * tp + fp + fn, 0.0),
        "tpr": _ratio(tp, tp + fn, 0.0),
        "fpr": _ratio(fp, fp + tn, 0.0),
        "specificity": _ratio(tn, tn + fp, 0.0),
    }
    z, why = 0.0, ""
    steps = [
        note(f"TP = {tp}, FP = {fp}, FN = {fn}, TN = {tn}, n = {n}", say("engine.binary_metrics.zero")),
        say("engine.eq", lhs=say("engine.term.accuracy"), rhs=f"(TP + TN) / n = {_frac(tp + tn, n, z, why)}"),
        say("engine.eq", lhs=say("engine.term.precision"), rhs=f"TP / (TP + FP) = {_frac(tp, tp + fp, z, why)}"),
        say("engine.eq", lhs=say("engine.term.recall"), rhs=f"TPR = TP / (TP + FN) = {_frac(tp, tp + fn, z, why)}"),
        f"F1 = 2·TP / (2·TP + FP + FN) = {_frac(2 * tp, 2 * tp + fp + fn, z, why)}",
        f"FPR = FP / (FP + TN) = {_frac(fp, fp + tn, z, why)}",
        say("engine.eq", lhs=say("engine.term.specificity"), rhs=f"TN / (TN + FP) = {_frac(tn, tn + fp, z, why)}"),
    ]
    return value, steps


# --- score-based metrics --------------------------------------------------------------


def _scored(y_true, y_score) -> tuple[list, np.ndarray]:
    yt = _class_labels("y_true", y_true)
    s = vector("y_score", y_score)
    same_length("y_true", yt, "y_score", s)
    return yt, s


def _positive_is_one(yt: list) -> np.ndarray:
    """roc_curve / pr_curve: y_true in {0, 1} or {−1, 1}, 1 is positive (sklearn, no pos_label)."""
    present = set(yt)
    if not (present <= {0, 1} or present <= {-1, 1}):
        raise BadArguments(say("engine.error.curve_labels", labels=_labs(sorted(present))))
    return np.fromiter((v == 1 for v in yt), dtype=bool, count=len(yt))


def _curve(pos: np.ndarray, s: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct scores descending and TP, FP counts when predicting positive at score ≥ each."""
    order = np.argsort(-s, kind="stable")
    ss = s[order]
    last = np.r_[np.flatnonzero(np.diff(ss)), ss.size - 1]
    tp = np.cumsum(pos[order])[last]
    fp = last + 1 - tp
    return ss[last], tp, fp


def _need(count: int, key: str) -> None:
    """``key``: which quantity is undefined without positives (or negatives)."""
    if count == 0:
        raise BadArguments(say(f"engine.error.{key}"))


@computation("roc_curve", "ROC points (FPR, TPR) at every distinct score threshold, from (0, 0)")
def roc_curve(y_true, y_score):
    """At threshold t (each distinct score, descending), predict positive when score ≥ t:
    TPR = TP/P, FPR = FP/N; a leading (0, 0) point stands for a threshold above every score."""
    yt, s = _scored(y_true, y_score)
    pos = _positive_is_one(yt)
    P = int(pos.sum())
    N = pos.size - P
    _need(P, "no_positive_tpr")
    _need(N, "no_negative_fpr")
    thr, tp, fp = _curve(pos, s)
    tpr = np.r_[0.0, tp / P]
    fpr = np.r_[0.0, fp / N]
    steps = [say("engine.roc_curve.counts", P=P, N=N), say("engine.roc_curve.start")]
    for i in range(min(thr.size, SHOWN)):
        steps.append(
            say(
                "engine.threshold",
                t=fmt(thr[i]),
                math=f"TP = {tp[i]}, FP = {fp[i]} → TPR = {_frac(tp[i], P, 0)}, FPR = {_frac(fp[i], N, 0)}",
            )
        )
    more(steps, SHOWN, thr.size, "thresholds")
    return {"fpr": fpr, "tpr": tpr, "thresholds": thr}, steps


@computation("roc_auc", "area under the ROC curve: P(positive scores above negative), ties ½")
def roc_auc(y_true, y_score):
    """AUC = (#{pos > neg pairs} + ½·#{tied pairs}) / (P·N); the larger label is positive."""
    yt, s = _scored(y_true, y_score)
    present = sorted(set(yt))
    if len(present) != 2:
        if len(present) == 1:
            raise BadArguments(say("engine.error.roc_auc_one_class"))
        raise BadArguments(say("engine.error.roc_auc_classes", count=len(present), labels=_labs(present)))
    pos = np.fromiter((v == present[1] for v in yt), dtype=bool, count=len(yt))
    neg_scores = np.sort(s[~pos])
    pos_scores = s[pos]
    below = np.searchsorted(neg_scores, pos_scores, "left")
    tied = np.searchsorted(neg_scores, pos_scores, "right") - below
    P, N = pos_scores.size, neg_scores.size
    wins, ties = int(below.sum()), int(tied.sum())
    auc = (wins + 0.5 * ties) / (P * N)
    steps = [
        say("engine.roc_auc.pairs", pos=_lab(present[1]), P=P, N=N, pairs=P * N),
        say("engine.roc_auc.score"),
    ]
    for i in range(min(P, SHOWN)):
        steps.append(say("engine.roc_auc.positive", score=fmt(pos_scores[i]), count=int(below[i]), tied=int(tied[i])))
    more(steps, SHOWN, P, "positives")
    steps.append(say("engine.roc_auc.value", math=f"({wins} + ½·{ties}) / {P * N} = {fmt(auc)}"))
    return auc, steps


@computation("pr_curve", "precision and recall at every distinct score threshold, highest first")
def pr_curve(y_true, y_score):
    """At threshold t (each distinct score, descending), predict positive when score ≥ t:
    precision = TP/(TP + FP), recall = TP/P."""
    yt, s = _scored(y_true, y_score)
    pos = _positive_is_one(yt)
    P = int(pos.sum())
    _need(P, "no_positive_recall")
    thr, tp, fp = _curve(pos, s)
    prec = tp / (tp + fp)
    rec = tp / P
    steps: list = [say("engine.pr_curve.counts", P=P)]
    for i in range(min(thr.size, SHOWN)):
        steps.append(
            say(
                "engine.pr_curve.threshold",
                t=fmt(thr[i]),
                tp=int(tp[i]),
                fp=int(fp[i]),
                precision=_frac(tp[i], tp[i] + fp[i], 0),
                recall=_frac(tp[i], P, 0),
            )
        )
    more(steps, SHOWN, thr.size, "thresholds")
    return {"precision": prec, "recall": rec, "thresholds": thr}, steps


@computation("average_precision", "AP = Σ (Rₖ − Rₖ₋₁)·Pₖ over thresholds, not interpolated")
def average_precision(y_true, y_score):
    """AP = Σₖ (Rₖ − Rₖ₋₁)·Pₖ over the distinct thresholds, highest first, R₀ = 0
    (sklearn ``average_precision_score``: the label 1 is positive)."""
    yt, s = _scored(y_true, y_score)
    present = sorted(set(yt))
    if len(present) > 2 or (len(present) == 2 and 1 not in present):
        raise BadArguments(say("engine.error.ap_labels", labels=_labs(present)))
    pos = np.fromiter((v == 1 for v in yt), dtype=bool, count=len(yt))
    P = int(pos.sum())
    _need(P, "no_positive_ap")
    thr, tp, fp = _curve(pos, s)
    prec = tp / (tp + fp)
    rec = tp / P
    gain = np.diff(np.r_[0.0, rec])
    ap = float(gain @ prec)
    steps: list = [say("engine.average_precision.counts", P=P)]
    for i in range(min(thr.size, SHOWN)):
        steps.append(
            say(
                "engine.average_precision.threshold",
                t=fmt(thr[i]),
                precision=_frac(tp[i], tp[i] + fp[i], 0),
                recall=fmt(rec[i]),
                gain=fmt(gain[i]),
                term=fmt(gain[i] * prec[i]),
            )
        )
    more(steps, SHOWN, thr.size, "thresholds")
    steps.append(say("engine.average_precision.value", ap=fmt(ap)))
    return ap, steps


# --- regression -----------------------------------------------------------------------


def _reg_pair(y_true, y_pred) -> tuple[np.ndarray, np.ndarray]:
    yt = vector("y_true", y_true)
    yp = vector("y_pred", y_pred)
    same_length("y_true", yt, "y_pred", yp)
    return yt, yp


def _mse(yt: np.ndarray, yp: np.ndarray) -> tuple[float, list]:
    e = yt - yp
    sq = e * e
    total = float(sq.sum())
    value = total / e.size
    return value, [
        say("engine.mse.errors", errors=fmt(e)),
        say("engine.mse.squared", squares=fmt(sq)),
        f"MSE = Σ(y − ŷ)² / n = {fmt(total)} / {e.size} = {fmt(value)}",
    ]


@computation("mse", "mean squared error Σ(y − ŷ)² / n")
def mse(y_true, y_pred):
    """MSE = (1/n)·Σ(yᵢ − ŷᵢ)²."""
    return _mse(*_reg_pair(y_true, y_pred))


@computation("rmse", "root mean squared error √(Σ(y − ŷ)² / n)")
def rmse(y_true, y_pred):
    """RMSE = √((1/n)·Σ(yᵢ − ŷᵢ)²)."""
    m, steps = _mse(*_reg_pair(y_true, y_pred))
    value = math.sqrt(m)
    steps.append(f"RMSE = √MSE = √{fmt(m)} = {fmt(value)}")
    return value, steps


@computation("mae", "mean absolute error Σ|y − ŷ| / n")
def mae(y_true, y_pred):
    """MAE = (1/n)·Σ|yᵢ − ŷᵢ|."""
    yt, yp = _reg_pair(y_true, y_pred)
    a = np.abs(yt - yp)
    total = float(a.sum())
    value = total / a.size
    return value, [
        say("engine.mae.errors", errors=fmt(a)),
        f"MAE = Σ|y − ŷ| / n = {fmt(total)} / {a.size} = {fmt(value)}",
    ]


@computation("r2", "coefficient of determination R² = 1 − SS_res / SS_tot")
def r2(y_true, y_pred):
    """R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)².

    A constant y_true (SS_tot = 0) gives 1 for a perfect prediction and 0 otherwise,
    sklearn ``r2_score``'s default (force_finite=True). Constant means all values
    equal; sklearn decides from the rounded SS_tot, which for values such as
    [0.1, 0.1, 0.1] is a tiny positive number and gives a huge negative R².
    Fewer than two samples is BadArguments (sklearn returns NaN).
    """
    yt, yp = _reg_pair(y_true, y_pred)
    if yt.size < 2:
        raise BadArguments(say("engine.error.r2_two_samples"))
    mean = float(yt.mean())
    ss_res = float(((yt - yp) ** 2).sum())
    ss_tot = float(((yt - mean) ** 2).sum())
    constant = bool(np.all(yt == yt[0])) or ss_tot == 0  # the second: squares too small for a float
    if constant:
        ss_tot = 0.0
    steps = [
        f"ȳ = {fmt(mean)}",
        f"SS_res = Σ(y − ŷ)² = {fmt(ss_res)}",
        f"SS_tot = Σ(y − ȳ)² = {fmt(ss_tot)}",
    ]
    if constant:
        value = 1.0 if ss_res == 0 else 0.0
        steps.append(say("engine.r2.constant", value=fmt(value)))
        return value, steps
    value = 1.0 - ss_res / ss_tot
    steps.append(f"R² = 1 − SS_res / SS_tot = 1 − {fmt(ss_res)} / {fmt(ss_tot)} = {fmt(value)}")
    return value, steps
