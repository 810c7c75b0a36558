"""Engine benchmark: import time and per-call time of every registered computation.

    .venv/bin/python benchmarks/engine.py [--quick] [--runs 7] [--calls 200]

Import time is measured in fresh subprocesses (median of ``--runs``), for
``import quizapp.engine`` alone and with ``computations()`` loading every group.
Each registered computation is then timed on the interview-sized example
arguments below (median of ``--calls`` single calls, after a warm-up). Aims:
import < 150 ms, each computation < 1 ms. A registered name without example
arguments, or whose example fails, is an error (exit status 1): nothing is
skipped silently.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

IMPORT_AIM_MS = 150.0
CALL_AIM_US = 1000.0

_YT, _YP = [0, 1, 1, 0, 1, 1, 0, 1], [0, 1, 0, 0, 1, 1, 1, 1]
_SCORES = {"y_true": [0, 0, 1, 1, 0, 1, 1, 0], "y_score": [0.1, 0.4, 0.35, 0.8, 0.2, 0.9, 0.6, 0.5]}
_REG = {"y_true": [3.0, -0.5, 2.0, 7.0], "y_pred": [2.5, 0.0, 2.0, 8.0]}
_X = {"x": [[-1.5, 0.0, 2.0], [0.5, -3.0, 1.0]]}
_OPT = {"params": [1.0, -2.0, 0.5], "grads": [[0.5, 0.1, -0.2], [0.3, -0.4, 0.1], [0.2, 0.2, 0.0]]}
_NN = {"x": [[1.0, 2.0], [3.0, 4.0], [5.0, 7.0]]}
_W = {"w": [0.5, -1.2, 2.0], "lam": 0.01}
_QKV = [[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]]

_SVM = {"w": [1.0, -2.0], "b": 0.5, "x": [[1.0, 2.0], [3.0, -1.0], [0.0, 0.5]], "y": [1, -1, 1]}
_CLASSIC: dict[str, dict] = {
    "logistic_regression_step": {"w": [0.5, -0.25], "b": 0.1, "x": [[1.0, 2.0], [3.0, -1.0], [0.0, 1.0]], "y": [1, 0, 1], "lr": 0.5},
    "svm_margin": _SVM,
    "hinge_loss": {**_SVM, "c": 2.0},
    "svm_subgradient_step": {**_SVM, "lr": 0.1, "c": 2.0},
    "rbf_kernel": {"x": [1.0, 2.0], "y": [0.0, 0.5], "gamma": 0.5},
    "kmeans_inertia": {"points": [[1.0, 1.0], [1.5, 2.0], [3.0, 4.0], [5.0, 7.0]], "centroids": [[1.0, 1.0], [5.0, 7.0]]},
    "kmeans_pp_probabilities": {"points": [[0.0, 0.0], [3.0, 4.0], [6.0, 8.0], [1.0, 1.0]], "centers": [[0.0, 0.0]]},
    "knn_predict": {"train_x": [[0.0, 0.0], [1.0, 1.0], [3.0, 0.0], [0.0, 3.0], [2.0, 2.5]], "train_y": [0, 1, 1, 0, 0], "query": [1.0, 2.0], "k": 3},
    "logloss_grad_hess": {"y": [1, 0, 1], "p": [0.3, 0.6, 0.9]},
    "xgboost_leaf_weight": {"g": [-0.5, 0.5, -0.5], "h": [0.25, 0.25, 0.25]},
    "xgboost_split_gain": {"g_left": [-0.5, -0.5], "h_left": [0.25, 0.25], "g_right": [0.5, -0.5], "h_right": [0.25, 0.25], "gamma": 0.1},
    "kfold_split_sizes": {"n_samples": 103, "n_splits": 5},
    "grid_search_fits": {"grid_sizes": [4, 3, 2], "n_splits": 5},
    "random_search_trials": {"top_fraction": 0.05, "confidence": 0.95},
    "random_search_success": {"top_fraction": 0.05, "trials": 60},
    "bias_variance_decomposition": {"predictions": [1.2, 0.8, 1.1, 0.9], "y_true": 1.3, "noise_var": 0.01},
    "normal_interval_probability": {"low": -0.2, "high": 0.2, "scale": 0.1},
    "loguniform_cdf": {"x": 0.001, "low": 1e-5, "high": 1.0},
    "polynomial_features": {"x": 2.0, "degree": 19, "scaled": True},
}

EXAMPLES: dict[str, dict] = {
    # metrics
    "confusion_matrix": {"y_true": [0, 1, 1, 0, 1, 2], "y_pred": [0, 1, 0, 0, 2, 2]},
    "binary_metrics": {"tp": 40, "fp": 10, "fn": 5, "tn": 45},
    "accuracy": {"y_true": _YT, "y_pred": _YP},
    "precision": {"y_true": _YT, "y_pred": _YP},
    "recall": {"y_true": _YT, "y_pred": _YP},
    "f1": {"y_true": _YT, "y_pred": _YP, "average": "macro"},
    "fbeta": {"y_true": _YT, "y_pred": _YP, "beta": 2.0},
    "roc_curve": _SCORES,
    "roc_auc": _SCORES,
    "pr_curve": _SCORES,
    "average_precision": _SCORES,
    "mse": _REG,
    "rmse": _REG,
    "mae": _REG,
    "r2": _REG,
    "bayes_posterior": {"prior": 0.01, "likelihood": 0.99, "false_positive_rate": 0.05},
    # activations
    "sigmoid": _X,
    "tanh": _X,
    "relu": _X,
    "leaky_relu": {**_X, "negative_slope": 0.1},
    "elu": _X,
    "softmax": _X,
    "log_softmax": _X,
    "sigmoid_grad": _X,
    "tanh_grad": _X,
    "relu_grad": _X,
    "leaky_relu_grad": _X,
    "elu_grad": _X,
    # losses
    "mse_loss": {"input": [0.5, 1.5, 2.0], "target": [1.0, 1.0, 1.0]},
    "cross_entropy": {"input": [[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]], "target": [0, 1]},
    "nll_loss": {"input": [[-0.417, -1.417, -2.317], [-2.2, -0.2, -2.4]], "target": [0, 1]},
    "bce": {"input": [0.9, 0.2, 0.6], "target": [1.0, 0.0, 1.0]},
    "bce_with_logits": {"input": [2.0, -1.0, 0.3], "target": [1.0, 0.0, 1.0]},
    # optimizers
    "sgd": {**_OPT, "lr": 0.1, "momentum": 0.9},
    "adagrad": {**_OPT, "lr": 0.1},
    "rmsprop": {**_OPT, "lr": 0.01, "centered": True},
    "adadelta": _OPT,
    "adam": {**_OPT, "lr": 0.1},
    "adamw": {**_OPT, "lr": 0.1},
    "clip_grad_norm": {"grad": [3.0, 4.0, 12.0], "max_norm": 5.0},
    "clip_grad_value": {"grad": [3.0, -4.0, 0.5], "clip_value": 1.0},
    "step_lr": {"lr": 0.1, "step_size": 10, "epoch": 25},
    "exponential_lr": {"lr": 0.1, "gamma": 0.9, "epoch": 5},
    "cosine_lr": {"lr": 0.1, "t_max": 50, "epoch": 20},
    # initialization
    "calculate_gain": {"nonlinearity": "leaky_relu", "param": 0.2},
    "fan_in_fan_out": {"shape": [64, 3, 3, 3]},
    "xavier_uniform_bound": {"fan_in": 256, "fan_out": 128},
    "xavier_normal_std": {"fan_in": 256, "fan_out": 128},
    "kaiming_uniform_bound": {"fan_in": 256, "fan_out": 128},
    "kaiming_normal_std": {"fan_in": 256, "fan_out": 128, "nonlinearity": "relu"},
    "init_weights": {"method": "xavier_uniform", "shape": [4, 3], "seed": 1},
    # regularization and normalization
    "l1_penalty": _W,
    "l2_penalty": _W,
    "l1_penalty_grad": _W,
    "l2_penalty_grad": _W,
    "lp_norm": {"x": [3.0, -4.0, 1.0], "p": 3},
    "dropout": {"x": [1.0, 2.0, 3.0, 4.0], "p": 0.5, "mask": [1, 0, 1, 1]},
    "batch_norm": _NN,
    "batch_norm_running": {**_NN, "running_mean": [0.0, 0.0], "running_var": [1.0, 1.0]},
    "layer_norm": {"x": [[1.0, 2.0, 3.0], [4.0, 6.0, 8.0]]},
    "min_max_scale": {"x": [2.0, 4.0, 6.0, 10.0]},
    "zscore": {"x": [2.0, 4.0, 6.0, 10.0]},
    "group_norm": {"x": [[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [0.0, 1.0]], [[2.0, 0.0], [1.0, 1.0], [4.0, 2.0], [3.0, 5.0]]], "num_groups": 2},
    "instance_norm": {"x": [[[1.0, 2.0, 4.0], [3.0, 4.0, 4.0]], [[0.0, 1.0, 5.0], [2.0, 2.0, 3.0]]]},
    # other
    "scaled_dot_product_attention": {"q": _QKV, "k": _QKV, "v": [[1.0, 2.0], [3.0, 4.0]]},
    "kmeans_step": {
        "points": [[1.0, 1.0], [1.5, 2.0], [3.0, 4.0], [5.0, 7.0], [3.5, 5.0]],
        "centroids": [[1.0, 1.0], [5.0, 7.0]],
    },
    "euclidean_distance": {"p": [1.0, 2.0, 3.0], "q": [4.0, 0.0, 3.0]},
    "manhattan_distance": {"p": [1.0, 2.0, 3.0], "q": [4.0, 0.0, 3.0]},
    # activation_extras
    "prelu": {**_X, "weight": [0.25, 0.1, 0.2]},
    "prelu_grad": {**_X, "weight": [0.25, 0.1, 0.2]},
    "softmax_temperature": {**_X, "temperature": 0.5},
    "logsumexp": _X,
    "softmax_jacobian": {"x": [1.0, 2.0, 0.5, -1.0]},
    "cross_entropy_grad": {"input": [[1.0, 2.0, 0.5], [0.0, -1.0, 3.0]], "target": [1, 2], "label_smoothing": 0.1},
    "bce_with_logits_grad": {"input": [1.2, -0.4, 2.0], "target": [1.0, 0.0, 1.0], "pos_weight": 3.0},
    "mse_loss_grad": {"input": [2.5, 0.0, 2.0], "target": [3.0, -0.5, 2.0]},
    # classic ML and generalization
    **_CLASSIC,
    # networks and attention
    "perceptron_step": {"w": [0.5, -1.0], "b": 0.2, "x": [1.0, 2.0], "y": 1, "lr": 0.5},
    "mlp_forward": {"x": [1.0, -2.0], "w1": [[0.1, 0.2], [-0.3, 0.4]], "b1": [0.0, 0.1], "w2": [[0.5, -0.6]], "b2": [0.1]},
    "mlp_backward": {
        "x": [1.0, -2.0], "target": [0.5], "w1": [[0.1, 0.2], [-0.3, 0.4]], "b1": [0.0, 0.1], "w2": [[0.5, -0.6]], "b2": [0.1],
        "weight_decay": 0.1,
    },
    "mlp_params": {"layer_sizes": [784, 256, 10]},
    "scalar_chain": {"x": 1.0, "weights": [2.0, 2.0, 2.0, 2.0]},
    "finite_difference": {"function": "exp", "x": 1.0, "h": 0.1},
    "tensor_memory": {"shape": [32, 1024, 768]},
    "masked_attention": {"q": _QKV, "k": _QKV, "v": [[1.0, 2.0], [3.0, 4.0]], "mask": [[1, 0], [1, 1]]},
    "causal_attention": {"q": _QKV, "k": _QKV, "v": [[1.0, 2.0], [3.0, 4.0]]},
    "additive_attention": {
        "q": [1.0, 0.0], "k": [[1.0, 0.0], [0.0, 1.0]], "v": [[1.0], [2.0]], "w_q": [[1.0, 0.0], [0.0, 1.0]],
        "w_k": [[1.0, 0.0], [0.0, 1.0]], "w_v": [1.0, 1.0],
    },
    "multihead_attention_params": {"embed_dim": 512, "num_heads": 8},
    "transformer_encoder_layer_params": {"d_model": 512, "nhead": 8},
    "attention_flops": {"n": 1024, "d_k": 64},
    "sinusoidal_position_encoding": {"position": 3, "d_model": 8},
    "transformer_lr": {"d_model": 512, "step": 1000},
}

_IMPORT_CODE = """
import time
t0 = time.perf_counter()
import quizapp.engine
t1 = time.perf_counter()
{extra}
t2 = time.perf_counter()
print((t1 - t0) * 1000, (t2 - t0) * 1000)
"""


def import_times(runs: int) -> tuple[float, float]:
    """Median ms for ``import quizapp.engine`` and for import + ``computations()``."""
    alone, loaded = [], []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", _IMPORT_CODE.format(extra="quizapp.engine.computations()")],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        alone.append(float(out[0]))
        loaded.append(float(out[1]))
    return statistics.median(alone), statistics.median(loaded)


def call_time_us(name: str, args: dict, calls: int) -> float:
    from quizapp.engine import compute

    for _ in range(5):
        compute(name, **args)
    samples = []
    for _ in range(calls):
        t0 = time.perf_counter_ns()
        compute(name, **args)
        samples.append(time.perf_counter_ns() - t0)
    return statistics.median(samples) / 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="3 runs, 50 calls")
    parser.add_argument("--runs", type=int, help="fresh subprocesses for the import time (default 7, --quick 3)")
    parser.add_argument("--calls", type=int, help="timed calls per computation (default 200, --quick 50)")
    opts = parser.parse_args(argv)
    opts.runs = opts.runs or (3 if opts.quick else 7)
    opts.calls = opts.calls or (50 if opts.quick else 200)

    from quizapp.engine import EngineError, computations

    alone, loaded = import_times(opts.runs)
    print(f"import quizapp.engine               {alone:8.1f} ms  (aim < {IMPORT_AIM_MS:.0f} ms){_over(alone, IMPORT_AIM_MS)}")
    print(f"import + computations() (all groups) {loaded:7.1f} ms  (aim < {IMPORT_AIM_MS:.0f} ms){_over(loaded, IMPORT_AIM_MS)}")
    print()
    print(f"{'computation':<30} {'group':<15} {'median':>10}")
    errors, slow = [], []
    registered = computations()
    for comp in registered:
        if comp.name not in EXAMPLES:
            errors.append(f"{comp.name}: no example arguments in benchmarks/engine.py")
            print(f"{comp.name:<30} {comp.group:<15} {'ERROR':>10}  no example arguments")
            continue
        try:
            us = call_time_us(comp.name, EXAMPLES[comp.name], opts.calls)
        except EngineError as exc:
            errors.append(f"{comp.name}: the example failed: {exc}")
            print(f"{comp.name:<30} {comp.group:<15} {'ERROR':>10}  {exc}")
            continue
        if us >= CALL_AIM_US:
            slow.append(comp.name)
        print(f"{comp.name:<30} {comp.group:<15} {us:7.1f} µs{_over(us, CALL_AIM_US)}")
    names = {c.name for c in registered}
    missing = [n for n in EXAMPLES if n not in names]
    print()
    print(f"{len(registered)} computations timed; {len(slow)} over the {CALL_AIM_US / 1000:.0f} ms aim")
    if missing:
        print(f"in the contract but not registered yet: {', '.join(missing)}")
    for e in errors:
        print(f"error: {e}", file=sys.stderr)
    return 1 if errors else 0


def _over(value: float, aim: float) -> str:
    return "  OVER AIM" if value >= aim else ""


if __name__ == "__main__":
    raise SystemExit(main())
