"""Engine metrics against scikit-learn, called directly here, on seeded and
hypothesis-generated inputs, plus the edge cases sklearn rejects or special-cases."""

from __future__ import annotations

import json
import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn import metrics as skm

from quizapp.engine import BadArguments, compute
from quizapp.engine.crosscheck import check
from engine_helpers import assert_plain_like_reference

SETTINGS = settings(max_examples=60, deadline=None)
STRINGS = ["cat", "dog", "emu", "yak"]


def value(name, **kw):
    return compute(name, **kw).value


def quiet(func, *args, **kwargs):
    """sklearn's answer with its notices (single label found, ill-defined score) silenced."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return func(*args, **kwargs)


def sklearn_or_none(func, *args, **kwargs):
    """sklearn's answer, or None when sklearn rejects the input (its notices silenced)."""
    try:
        return quiet(func, *args, **kwargs)
    except ValueError:
        return None


@st.composite
def label_pairs(draw, strings=None):
    """(y_true, y_pred) of equal length, int labels 0..3 or strings."""
    n = draw(st.integers(1, 25))
    pool = st.sampled_from(STRINGS) if (strings if strings is not None else draw(st.booleans())) else st.integers(0, 3)
    return draw(st.lists(pool, min_size=n, max_size=n)), draw(st.lists(pool, min_size=n, max_size=n))


@st.composite
def scored(draw):
    """(y_true in {0, 1}, y_score) with both classes and many tied scores."""
    n = draw(st.integers(2, 30))
    y = draw(st.lists(st.integers(0, 1), min_size=n, max_size=n).filter(lambda y: 0 < sum(y) < len(y)))
    s = draw(st.lists(st.integers(0, 6).map(lambda k: k / 6), min_size=n, max_size=n))
    return y, s


# --- confusion matrix and accuracy ----------------------------------------------------


@SETTINGS
@given(label_pairs())
def test_confusion_matrix_matches_sklearn(pair):
    yt, yp = pair
    assert value("confusion_matrix", y_true=yt, y_pred=yp) == quiet(skm.confusion_matrix, yt, yp).tolist()


@SETTINGS
@given(label_pairs(strings=False), st.lists(st.integers(0, 5), min_size=1, max_size=6, unique=True))
def test_confusion_matrix_with_labels_matches_sklearn_or_both_reject(pair, labels):
    yt, yp = pair
    expected = sklearn_or_none(skm.confusion_matrix, yt, yp, labels=labels)
    if expected is None:
        with pytest.raises(BadArguments, match="labels"):
            compute("confusion_matrix", y_true=yt, y_pred=yp, labels=labels)
    else:
        assert value("confusion_matrix", y_true=yt, y_pred=yp, labels=labels) == expected.tolist()


def test_confusion_matrix_hand_example_and_steps():
    r = compute("confusion_matrix", y_true=["cat", "dog", "dog"], y_pred=["dog", "dog", "cat"])
    assert r.value == [[0, 1], [1, 1]]  # rows true cat/dog, columns predicted cat/dog
    assert any("'cat'" in s and "[0, 1]" in s for s in r.steps)


@SETTINGS
@given(label_pairs())
def test_accuracy_matches_sklearn(pair):
    yt, yp = pair
    assert value("accuracy", y_true=yt, y_pred=yp) == pytest.approx(skm.accuracy_score(yt, yp), abs=1e-12)


# --- precision, recall, F ---------------------------------------------------------------

SK_PRF = {"precision": skm.precision_score, "recall": skm.recall_score, "f1": skm.f1_score}


@SETTINGS
@given(
    label_pairs(),
    st.sampled_from(sorted(SK_PRF)),
    st.sampled_from(["binary", "micro", "macro", "weighted"]),
    st.sampled_from([0, 1]),
    st.sampled_from([0, 1, 2, "cat", "dog"]),
)
def test_prf_matches_sklearn_or_both_reject(pair, name, average, zero_division, pos_label):
    yt, yp = pair
    kw = dict(average=average, pos_label=pos_label, zero_division=zero_division)
    expected = sklearn_or_none(SK_PRF[name], yt, yp, **kw)
    if expected is None:
        with pytest.raises(BadArguments):
            compute(name, y_true=yt, y_pred=yp, **kw)
    else:
        assert value(name, y_true=yt, y_pred=yp, **kw) == pytest.approx(float(expected), abs=1e-12)


@SETTINGS
@given(
    label_pairs(strings=False),
    st.floats(0, 4),
    st.sampled_from(["binary", "micro", "macro", "weighted"]),
    st.sampled_from([0, 1]),
)
def test_fbeta_matches_sklearn_or_both_reject(pair, beta, average, zero_division):
    yt, yp = pair
    kw = dict(average=average, zero_division=zero_division)
    expected = sklearn_or_none(skm.fbeta_score, yt, yp, beta=beta, **kw)
    if expected is None:
        with pytest.raises(BadArguments):
            compute("fbeta", y_true=yt, y_pred=yp, beta=beta, **kw)
    else:
        assert value("fbeta", y_true=yt, y_pred=yp, beta=beta, **kw) == pytest.approx(float(expected), abs=1e-12)


def test_zero_division_when_nothing_is_predicted_positive():
    yt, yp = [1, 0, 1], [0, 0, 0]
    for zd in (0, 1):
        assert value("precision", y_true=yt, y_pred=yp, zero_division=zd) == skm.precision_score(yt, yp, zero_division=zd)
    assert value("precision", y_true=yt, y_pred=yp, zero_division=1) == 1.0
    # F has a non-zero denominator (FN > 0), so it is 0 whatever zero_division says, as in sklearn.
    assert value("f1", y_true=yt, y_pred=yp, zero_division=1) == skm.f1_score(yt, yp, zero_division=1) == 0.0


def test_label_only_in_y_pred_counts_in_macro():
    yt, yp = [0, 1, 1, 0], [0, 1, 2, 0]
    expected = skm.recall_score(yt, yp, average="macro", zero_division=0)
    assert value("recall", y_true=yt, y_pred=yp, average="macro") == pytest.approx(expected)
    assert expected == pytest.approx((1 + 0.5 + 0) / 3)


def test_string_labels_need_a_string_pos_label():
    yt, yp = ["spam", "ham", "spam"], ["spam", "spam", "ham"]
    expected = skm.f1_score(yt, yp, pos_label="spam")
    assert value("f1", y_true=yt, y_pred=yp, pos_label="spam") == pytest.approx(expected)
    with pytest.raises(BadArguments, match="pos_label"):
        compute("f1", y_true=yt, y_pred=yp)


def test_one_element_inputs():
    assert value("f1", y_true=[1], y_pred=[1]) == skm.f1_score([1], [1]) == 1.0
    assert value("accuracy", y_true=[3], y_pred=[2]) == 0.0
    assert value("confusion_matrix", y_true=[3], y_pred=[2]) == quiet(skm.confusion_matrix, [3], [2]).tolist()


def test_f1_steps_show_counts_precision_recall_then_f1():
    r = compute("f1", y_true=[1, 1, 0, 1, 0], y_pred=[1, 0, 1, 1, 0])
    text = "\n".join(r.steps)
    assert r.value == pytest.approx(skm.f1_score([1, 1, 0, 1, 0], [1, 0, 1, 1, 0]))
    assert "TP = 2" in text and "FP = 1" in text and "FN = 1" in text
    order = [text.index("precision ="), text.index("recall ="), text.index("F1 =")]
    assert order == sorted(order)
    assert "0.666667" in r.steps[-1]


def test_macro_steps_have_one_line_per_class():
    r = compute("precision", y_true=[0, 1, 2, 2], y_pred=[0, 2, 1, 2], average="macro")
    assert sum(s.startswith("class ") for s in r.steps) == 3
    assert "macro" in r.steps[-1] and "0.5" in r.steps[-1]


def test_binary_metrics_by_hand():
    v = value("binary_metrics", tp=3, fp=1, fn=2, tn=4)
    expected = dict(accuracy=7 / 10, precision=3 / 4, recall=3 / 5, f1=6 / 9, tpr=3 / 5, fpr=1 / 5, specificity=4 / 5)
    assert v == pytest.approx(expected)


@SETTINGS
@given(st.integers(0, 6), st.integers(0, 6), st.integers(0, 6), st.integers(0, 6))
def test_binary_metrics_match_sklearn_on_rebuilt_labels(tp, fp, fn, tn):
    v = value("binary_metrics", tp=tp, fp=fp, fn=fn, tn=tn)
    if tp + fp + fn + tn == 0:
        assert set(v.values()) == {0.0}
        return
    yt = [1] * tp + [0] * fp + [1] * fn + [0] * tn
    yp = [1] * tp + [1] * fp + [0] * fn + [0] * tn
    z = dict(zero_division=0, labels=[0, 1])
    assert v["accuracy"] == pytest.approx(skm.accuracy_score(yt, yp))
    assert v["precision"] == pytest.approx(skm.precision_score(yt, yp, **z))
    assert v["recall"] == v["tpr"] == pytest.approx(skm.recall_score(yt, yp, **z))
    assert v["f1"] == pytest.approx(skm.f1_score(yt, yp, **z))
    assert v["specificity"] == pytest.approx(skm.recall_score(yt, yp, pos_label=0, **z))
    assert v["fpr"] == pytest.approx(fp / (fp + tn) if fp + tn else 0.0)


# --- score-based metrics ----------------------------------------------------------------


@SETTINGS
@given(scored())
def test_roc_curve_matches_sklearn_without_inf_or_dropped_points(data):
    y, s = data
    v = value("roc_curve", y_true=y, y_score=s)
    fpr, tpr, thr = skm.roc_curve(y, s, drop_intermediate=False)
    assert thr[0] == np.inf
    np.testing.assert_allclose(v["thresholds"], thr[1:])
    np.testing.assert_allclose(v["fpr"], fpr)
    np.testing.assert_allclose(v["tpr"], tpr)
    assert v["thresholds"] == sorted(set(s), reverse=True)
    assert (v["fpr"][0], v["tpr"][0]) == (0.0, 0.0)


@SETTINGS
@given(scored())
def test_roc_auc_matches_sklearn_with_ties(data):
    y, s = data
    assert value("roc_auc", y_true=y, y_score=s) == pytest.approx(skm.roc_auc_score(y, s), abs=1e-12)


def test_roc_auc_with_other_label_kinds_matches_sklearn():
    s = [0.2, 0.9, 0.4, 0.4, 0.1]
    for y in (["no", "yes", "yes", "no", "no"], [1, 2, 2, 1, 1], [2, 1, 1, 2, 2]):
        assert value("roc_auc", y_true=y, y_score=s) == pytest.approx(skm.roc_auc_score(y, s))


def test_roc_auc_counts_tied_pairs_as_half_in_steps():
    r = compute("roc_auc", y_true=[0, 1, 0, 1], y_score=[0.5, 0.5, 0.1, 0.9])
    assert r.value == pytest.approx(skm.roc_auc_score([0, 1, 0, 1], [0.5, 0.5, 0.1, 0.9]))
    assert r.value == pytest.approx((3 + 0.5) / 4)
    assert "(3 + ½·1) / 4" in r.steps[-1]


@SETTINGS
@given(scored())
def test_pr_curve_matches_sklearn_reversed_without_closing_point(data):
    y, s = data
    v = value("pr_curve", y_true=y, y_score=s)
    prec, rec, thr = skm.precision_recall_curve(y, s, drop_intermediate=False)
    assert (prec[-1], rec[-1]) == (1.0, 0.0)  # sklearn's closing point, which the contract leaves out
    np.testing.assert_allclose(v["thresholds"], thr[::-1])
    np.testing.assert_allclose(v["precision"], prec[:-1][::-1])
    np.testing.assert_allclose(v["recall"], rec[:-1][::-1])


@SETTINGS
@given(scored())
def test_average_precision_matches_sklearn(data):
    y, s = data
    assert value("average_precision", y_true=y, y_score=s) == pytest.approx(
        skm.average_precision_score(y, s), abs=1e-12
    )


def test_score_metrics_accept_minus_one_and_all_positive():
    y, s = [-1, 1, 1, -1], [0.3, 0.8, 0.3, 0.1]
    v = value("roc_curve", y_true=y, y_score=s)
    fpr, tpr, _ = skm.roc_curve(y, s, drop_intermediate=False)
    np.testing.assert_allclose(v["fpr"], fpr)
    np.testing.assert_allclose(v["tpr"], tpr)
    assert value("average_precision", y_true=[1, 1], y_score=[0.1, 0.2]) == skm.average_precision_score([1, 1], [0.1, 0.2])
    assert value("pr_curve", y_true=[1], y_score=[0.3]) == {"precision": [1.0], "recall": [1.0], "thresholds": [0.3]}


@pytest.mark.parametrize(
    ("name", "y_true", "match"),
    [
        ("roc_auc", [1, 1, 1], "one class"),
        ("roc_auc", [1], "one class"),
        ("roc_auc", [0, 1, 2], "exactly two"),
        ("roc_curve", [0, 0, 0], "no positive"),
        ("roc_curve", [1, 1, 1], "no negative"),
        ("roc_curve", [1, 2, 1], "0/1"),
        ("pr_curve", [0, 0, 0], "no positive"),
        ("pr_curve", ["a", "b", "a"], "0/1"),
        ("average_precision", [0, 0, 0], "no positive"),
        ("average_precision", [0, 2, 2], "1 the positive"),
    ],
)
def test_score_metrics_reject_what_sklearn_rejects_or_leaves_undefined(name, y_true, match):
    with pytest.raises(BadArguments, match=match):
        compute(name, y_true=y_true, y_score=[0.1, 0.5, 0.9][: len(y_true)])


# --- regression ---------------------------------------------------------------------------

SK_REG = {
    "mse": skm.mean_squared_error,
    "rmse": skm.root_mean_squared_error,
    "mae": skm.mean_absolute_error,
    "r2": skm.r2_score,
}


@SETTINGS
@given(st.sampled_from(sorted(SK_REG)), st.integers(2, 20), st.integers(0, 2**32 - 1))
def test_regression_metrics_match_sklearn(name, n, seed):
    rng = np.random.default_rng(seed)
    yt = rng.normal(0, 3, n).tolist()
    yp = (np.asarray(yt) + rng.normal(0, 1, n)).tolist()
    assert value(name, y_true=yt, y_pred=yp) == pytest.approx(SK_REG[name](yt, yp), rel=1e-9, abs=1e-12)


def test_r2_constant_y_true_follows_sklearn_default():
    for yt, yp in (([2.0, 2.0, 2.0], [2.0, 2.0, 2.0]), ([2.0, 2.0, 2.0], [1.0, 2.0, 3.0]), ([0.3] * 7, [0.3] * 7)):
        assert value("r2", y_true=yt, y_pred=yp) == skm.r2_score(yt, yp)
    assert value("r2", y_true=[5, 5], y_pred=[5, 5]) == 1.0
    assert value("r2", y_true=[5, 5], y_pred=[4, 5]) == 0.0


@pytest.mark.parametrize("yp", [[0.0, 0.0], [2e-300, 0.0], [1e-300, -1e-300]])
def test_r2_whose_sum_of_squares_underflows_is_sklearns_constant_case(yp):
    # Σ(y − ȳ)² underflows to 0 though y_true is not constant: sklearn then answers 1 or 0.
    yt = [1e-300, -1e-300]
    assert value("r2", y_true=yt, y_pred=yp) == quiet(skm.r2_score, yt, yp)


def test_r2_can_be_negative_and_steps_show_sums():
    r = compute("r2", y_true=[1, 2, 3], y_pred=[3, 2, 1])
    assert r.value == pytest.approx(skm.r2_score([1, 2, 3], [3, 2, 1])) and r.value < 0
    assert "SS_res" in " ".join(r.steps) and "−3" in r.steps[-1]


def test_regression_one_element():
    assert value("mse", y_true=[2.0], y_pred=[5.0]) == skm.mean_squared_error([2.0], [5.0]) == 9.0
    assert value("rmse", y_true=[2.0], y_pred=[5.0]) == 3.0
    with pytest.raises(BadArguments, match="two samples"):
        compute("r2", y_true=[2.0], y_pred=[5.0])


# --- bad arguments ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kwargs", "match"),
    [
        ("accuracy", dict(y_true=[], y_pred=[]), "y_true"),
        ("f1", dict(y_true=[1, float("nan")], y_pred=[1, 0]), "y_true"),
        ("mse", dict(y_true=[1.0, math.nan], y_pred=[1.0, 0.0]), "y_true"),
        ("roc_auc", dict(y_true=[0, 1], y_score=[0.1, math.inf]), "y_score"),
        ("confusion_matrix", dict(y_true=[0, 1, 1], y_pred=[0, 1]), "same length"),
        ("mae", dict(y_true=[0, 1, 1], y_pred=[0, 1]), "same length"),
        ("roc_curve", dict(y_true=[0, 1, 1], y_score=[0.5]), "same length"),
        ("precision", dict(y_true=[0, 1], y_pred=[0, 1], average="samples"), "average"),
        ("recall", dict(y_true=[0, 1], y_pred=[0, 1], zero_division=0.5), "zero_division"),
        ("fbeta", dict(y_true=[0, 1], y_pred=[0, 1], beta=-1), "beta"),
        ("f1", dict(y_true=[0, 1, 2], y_pred=[0, 1, 1]), "binary"),
        ("f1", dict(y_true=[0, 2], y_pred=[0, 2]), "pos_label"),
        ("accuracy", dict(y_true=[0.5, 1], y_pred=[0.5, 1]), "whole numbers or strings"),
        ("accuracy", dict(y_true=["a", "b"], y_pred=[0, 1]), "mix"),
        ("confusion_matrix", dict(y_true=[0, 1], y_pred=[0, 1], labels=[]), "labels"),
        ("confusion_matrix", dict(y_true=[0, 1], y_pred=[0, 1], labels=[5]), "occurs in y_true"),
        ("confusion_matrix", dict(y_true=[0, 1], y_pred=[0, 1], labels=[0, 0]), "repeat"),
        ("binary_metrics", dict(tp=-1, fp=0, fn=0, tn=0), "tp"),
        ("binary_metrics", dict(tp=1.5, fp=0, fn=0, tn=0), "tp"),
        ("r2", dict(y_true=[[1, 2]], y_pred=[[1, 2]]), "vector"),
    ],
)
def test_bad_arguments_name_the_argument(name, kwargs, match):
    with pytest.raises(BadArguments, match=match):
        compute(name, **kwargs)


@pytest.mark.parametrize("average", ["mean", None, "samples"])
def test_unknown_average_message_lists_the_choices(average):
    # average=None (sklearn's per-class list) is not in the contract: a float is always returned.
    with pytest.raises(BadArguments) as err:
        compute("f1", y_true=[0, 1], y_pred=[0, 1], average=average)
    assert "binary, micro, macro, weighted" in str(err.value)


# --- references ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("confusion_matrix", dict(y_true=[0, 1, 2, 2], y_pred=[0, 2, 1, 2], labels=[2, 0, 1])),
        ("accuracy", dict(y_true=["a", "b"], y_pred=["a", "a"])),
        ("precision", dict(y_true=[0, 1, 2], y_pred=[0, 2, 2], average="macro")),
        ("recall", dict(y_true=[0, 1, 1], y_pred=[0, 1, 0])),
        ("f1", dict(y_true=[0, 1, 2], y_pred=[0, 2, 2], average="weighted", pos_label=2)),
        ("fbeta", dict(y_true=[0, 1, 1], y_pred=[1, 1, 0], beta=2, zero_division="warn")),
        ("binary_metrics", dict(tp=0, fp=0, fn=0, tn=0)),
        ("binary_metrics", dict(tp=5, fp=0, fn=1, tn=0)),
        ("roc_curve", dict(y_true=[0, 1, 1, 0], y_score=[0.2, 0.2, 0.7, 0.1])),
        ("roc_auc", dict(y_true=[0, 1, 1, 0], y_score=[0.2, 0.2, 0.7, 0.1])),
        ("pr_curve", dict(y_true=[0, 1, 1, 0], y_score=[0.2, 0.2, 0.7, 0.1])),
        ("average_precision", dict(y_true=[0, 1, 1, 0], y_score=[0.2, 0.2, 0.7, 0.1])),
        ("mse", dict(y_true=[1, 2], y_pred=[2, 2])),
        ("rmse", dict(y_true=[1, 2], y_pred=[2, 4])),
        ("mae", dict(y_true=[1, 2], y_pred=[2, 4])),
        ("r2", dict(y_true=[1, 2, 4], y_pred=[2, 2, 4])),
    ],
)
def test_sklearn_reference_agrees(name, kwargs):
    result = check(name, **kwargs)
    assert result.library == "sklearn"
    assert result.agree, result.detail



@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("confusion_matrix", {"y_true": [1, 2, 2], "y_pred": [1, 1, 2], "labels": [2, 1, 5]}),
        ("confusion_matrix", {"y_true": ["a", "b"], "y_pred": ["b", "b"]}),
        ("accuracy", {"y_true": [1, 1], "y_pred": [1, 1]}),
        ("f1", {"y_true": ["x", "y", "x"], "y_pred": ["x", "x", "x"], "pos_label": "y", "zero_division": 1}),
        ("binary_metrics", {"tp": 0, "fp": 0, "fn": 0, "tn": 0}),
        ("roc_curve", {"y_true": [-1, 1, 1, -1], "y_score": [1, 3, 3, 2]}),
        ("pr_curve", {"y_true": [0, 1, 1, 0], "y_score": [0.1, 0.3, 0.3, 0.2]}),
        ("roc_auc", {"y_true": ["n", "p"], "y_score": [0, 1]}),
        ("r2", {"y_true": [1, 2], "y_pred": [1, 2]}),
    ],
)
def test_value_is_plain_json_of_sklearns_shape(name, kwargs):
    assert_plain_like_reference(check(name, **kwargs))
