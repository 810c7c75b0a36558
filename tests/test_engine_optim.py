"""Optimizers, clipping and LR schedules: engine vs torch.optim called here directly."""

import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.engine import BadArguments, compute

SEEDS = range(12)


def _inputs(seed, n=None, steps=None):
    rng = np.random.default_rng(seed)
    n = n or int(rng.integers(1, 6))
    steps = steps or int(rng.integers(1, 6))
    params = rng.normal(0, 2, n).round(3).tolist()
    grads = rng.normal(0, 1, (steps, n)).round(3).tolist()
    return params, grads


def _torch_run(opt_cls, params, grads, **kw):
    p = torch.tensor(params, dtype=torch.float64, requires_grad=True)
    opt = opt_cls([p], **kw)
    for g in grads:
        p.grad = torch.tensor(g, dtype=torch.float64)
        opt.step()
    return p.detach().numpy()


CASES = [
    ("sgd", torch.optim.SGD, {"lr": 0.1}),
    ("sgd", torch.optim.SGD, {"lr": 0.05, "momentum": 0.9}),
    ("sgd", torch.optim.SGD, {"lr": 0.05, "momentum": 0.8, "dampening": 0.3, "weight_decay": 0.1}),
    ("sgd", torch.optim.SGD, {"lr": 0.05, "momentum": 0.9, "nesterov": True, "weight_decay": 0.01}),
    ("adagrad", torch.optim.Adagrad, {}),
    ("adagrad", torch.optim.Adagrad, {"lr": 0.3, "lr_decay": 0.5, "weight_decay": 0.1, "initial_accumulator_value": 0.2}),
    ("rmsprop", torch.optim.RMSprop, {}),
    ("rmsprop", torch.optim.RMSprop, {"lr": 0.02, "alpha": 0.9, "centered": True}),
    ("rmsprop", torch.optim.RMSprop, {"lr": 0.02, "momentum": 0.7, "centered": True, "weight_decay": 0.05}),
    ("rmsprop", torch.optim.RMSprop, {"momentum": 0.5, "eps": 1e-3}),
    ("adadelta", torch.optim.Adadelta, {}),
    ("adadelta", torch.optim.Adadelta, {"lr": 0.5, "rho": 0.5, "eps": 1e-4, "weight_decay": 0.2}),
    ("adam", torch.optim.Adam, {}),
    ("adam", torch.optim.Adam, {"lr": 0.1, "betas": [0.8, 0.99], "weight_decay": 0.1}),
    ("adam", torch.optim.Adam, {"lr": 0.1, "amsgrad": True}),
    ("adam", torch.optim.Adam, {"lr": 0.1, "betas": [0.0, 0.0], "eps": 0.01}),
    ("adamw", torch.optim.AdamW, {}),
    ("adamw", torch.optim.AdamW, {"lr": 0.1, "weight_decay": 0.3, "amsgrad": True}),
]


@pytest.mark.parametrize("name, opt_cls, kw", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
@pytest.mark.parametrize("seed", SEEDS)
def test_optimizer_matches_torch(name, opt_cls, kw, seed):
    params, grads = _inputs(seed)
    got = compute(name, params=params, grads=grads, **kw).value
    tkw = {k: tuple(v) if k == "betas" else v for k, v in kw.items()}
    want = _torch_run(opt_cls, params, grads, **tkw)
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-12)


def test_one_element_params_and_one_step():
    got = compute("adam", params=[1.0], grads=[[0.5]], lr=0.1).value
    # one Adam step moves each coordinate by lr·sign(g) (up to eps)
    assert got == pytest.approx([0.9], abs=1e-7)
    want = _torch_run(torch.optim.Adam, [1.0], [[0.5]], lr=0.1)
    np.testing.assert_allclose(got, want, rtol=1e-12)


def test_adam_weight_decay_differs_from_adamw():
    params, grads = _inputs(3, n=3, steps=4)
    kw = {"lr": 0.1, "weight_decay": 0.5}
    adam = compute("adam", params=params, grads=grads, **kw).value
    adamw = compute("adamw", params=params, grads=grads, **kw).value
    assert not np.allclose(adam, adamw)
    np.testing.assert_allclose(adam, _torch_run(torch.optim.Adam, params, grads, **kw), rtol=1e-9)
    np.testing.assert_allclose(adamw, _torch_run(torch.optim.AdamW, params, grads, **kw), rtol=1e-9)


def test_adam_steps_show_bias_correction_with_numbers():
    r = compute("adam", params=[1.0, -2.0], grads=[[0.5, 0.1], [0.2, 0.3]], lr=0.1)
    text = "\n".join(r.steps)
    # m₁ = 0.1·[0.5, 0.1]; m̂₁ = m₁ / (1 − 0.9) recovers g₁ exactly
    assert "m̂₁ = m₁ / (1 − β₁¹) = [0.05, 0.01] / 0.1 = [0.5, 0.1]" in text
    for sym in ("m₂", "v₂", "m̂₂", "v̂₂", "θ₂"):
        assert sym in text
    assert r.steps[-1].endswith(f"[{r.value[0]:.6g}, −{abs(r.value[1]):.6g}]")


def test_sgd_momentum_buffer_starts_as_first_gradient():
    r = compute("sgd", params=[0.0], grads=[[1.0], [1.0]], lr=1.0, momentum=0.9, dampening=0.5)
    # b₁ = g₁ = 1 (no dampening on the first step); b₂ = 0.9·1 + 0.5·1 = 1.4
    assert r.value == pytest.approx([-2.4])
    assert any(s.startswith("  b₂") and s.endswith("= [1.4]  (μ = 0.9, τ = 0.5)") for s in r.steps)


def _torch_clip_norm(grad, max_norm, norm_type):
    p = torch.zeros(len(grad), dtype=torch.float64, requires_grad=True)
    p.grad = torch.tensor(grad, dtype=torch.float64)
    torch.nn.utils.clip_grad_norm_([p], max_norm, norm_type=norm_type)
    return p.grad.numpy()


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("norm_type", [2.0, 1, 3.5, 0.5, "inf", "INF", math.inf])
def test_clip_grad_norm_matches_torch(seed, norm_type):
    rng = np.random.default_rng(seed)
    grad = rng.normal(0, 3, int(rng.integers(1, 7))).tolist()
    # max_norm both well below and well above the norm
    for max_norm in (0.5, 1000.0, float(rng.uniform(0, 5))):
        got = compute("clip_grad_norm", grad=grad, max_norm=max_norm, norm_type=norm_type).value
        tn = math.inf if isinstance(norm_type, str) else norm_type
        np.testing.assert_allclose(got, _torch_clip_norm(grad, max_norm, tn), rtol=1e-10, atol=1e-12)


def test_clip_grad_norm_keeps_the_1e6_and_clamps_at_one():
    # norm 5, max_norm 5: coefficient 5 / (5 + 10⁻⁶) < 1, so torch still shrinks slightly
    got = compute("clip_grad_norm", grad=[3.0, 4.0], max_norm=5.0).value
    assert got[0] == pytest.approx(3 * 5 / (5 + 1e-6), rel=1e-12) and got[0] < 3.0
    assert compute("clip_grad_norm", grad=[3.0, 4.0], max_norm=50.0).value == [3.0, 4.0]
    assert compute("clip_grad_norm", grad=[0.0, 0.0], max_norm=1.0).value == [0.0, 0.0]


@pytest.mark.parametrize("seed", SEEDS)
def test_clip_grad_value_matches_torch(seed):
    rng = np.random.default_rng(seed)
    grad = rng.normal(0, 2, 5).tolist()
    c = float(rng.uniform(0, 2))
    p = torch.zeros(5, dtype=torch.float64, requires_grad=True)
    p.grad = torch.tensor(grad, dtype=torch.float64)
    torch.nn.utils.clip_grad_value_([p], c)
    np.testing.assert_allclose(compute("clip_grad_value", grad=grad, clip_value=c).value, p.grad.numpy())


def _torch_lr(lr, epoch, make):
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=lr)
    sched = make(opt)
    for _ in range(epoch):
        opt.step()
        sched.step()
    return sched.get_last_lr()[0]


@pytest.mark.parametrize("seed", SEEDS)
def test_lr_schedules_match_torch(seed):
    rng = np.random.default_rng(seed)
    lr = float(rng.uniform(0.001, 1))
    epoch = int(rng.integers(0, 40))
    step_size, gamma = int(rng.integers(1, 8)), float(rng.uniform(0.1, 0.99))
    t_max, eta_min = int(rng.integers(1, 15)), float(rng.uniform(0, lr))
    sched = torch.optim.lr_scheduler
    got = compute("step_lr", lr=lr, step_size=step_size, epoch=epoch, gamma=gamma).value
    assert got == pytest.approx(_torch_lr(lr, epoch, lambda o: sched.StepLR(o, step_size, gamma)), rel=1e-9)
    got = compute("exponential_lr", lr=lr, gamma=gamma, epoch=epoch).value
    assert got == pytest.approx(_torch_lr(lr, epoch, lambda o: sched.ExponentialLR(o, gamma)), rel=1e-9)
    got = compute("cosine_lr", lr=lr, t_max=t_max, epoch=epoch, eta_min=eta_min).value
    want = _torch_lr(lr, epoch, lambda o: sched.CosineAnnealingLR(o, t_max, eta_min))
    assert got == pytest.approx(want, rel=1e-7, abs=1e-12)


def test_lr_schedule_defaults_and_steps():
    r = compute("step_lr", lr=0.1, step_size=3, epoch=7)  # gamma defaults to 0.1
    assert r.value == pytest.approx(0.001)
    assert "⌊7 / 3⌋ = 2" in r.steps[0] and r.steps[-1].endswith("0.001")
    assert compute("cosine_lr", lr=0.1, t_max=10, epoch=10).value == pytest.approx(0.0, abs=1e-15)


@pytest.mark.parametrize(
    "name, kw, fragment",
    [
        ("sgd", {"lr": -0.1}, "lr"),
        ("sgd", {"lr": 0.1, "momentum": -0.5}, "momentum"),
        ("sgd", {"lr": 0.1, "nesterov": True}, "nesterov"),
        ("sgd", {"lr": 0.1, "momentum": 0.9, "dampening": 0.1, "nesterov": True}, "dampening = 0"),
        ("sgd", {"lr": 0.1, "weight_decay": -1}, "weight_decay"),
        ("adam", {"betas": [0.9, 1.0]}, "β₂"),
        ("adam", {"betas": [-0.1, 0.9]}, "β₁"),
        ("adam", {"betas": [0.9]}, "two numbers"),
        ("adamw", {"eps": -1e-8}, "eps"),
        ("adagrad", {"lr_decay": -1}, "lr_decay"),
        ("adagrad", {"initial_accumulator_value": -1}, "initial_accumulator_value"),
        ("rmsprop", {"alpha": -0.1}, "alpha"),
        ("adadelta", {"rho": 1.5}, "rho"),
        ("adam", {"lr": float("nan")}, "finite"),
        ("adam", {"amsgrad": "maybe"}, "amsgrad"),
    ],
)
def test_optimizer_bad_arguments(name, kw, fragment):
    with pytest.raises(BadArguments, match=fragment):
        compute(name, params=[1.0, 2.0], grads=[[0.1, 0.2]], **kw)


@pytest.mark.parametrize(
    "params, grads, fragment",
    [
        ([], [[0.1]], "params must not be empty"),
        ([1.0, 2.0], [], "non-empty list"),
        ([1.0, 2.0], [0.1, 0.2], "per-step gradient vectors"),
        ([1.0, 2.0], [[0.1, 0.2], [0.3]], "2 elements"),
        ([1.0, 2.0], [[0.1, float("inf")]], "finite"),
    ],
)
def test_params_and_grads_shapes(params, grads, fragment):
    with pytest.raises(BadArguments, match=fragment):
        compute("adam", params=params, grads=grads)


def test_a_flat_grads_list_is_refused_with_the_nested_form_to_write():
    # A flat list could mean one step or one number per step; the message shows the fix.
    with pytest.raises(BadArguments, match=r"flat list of numbers; write it as grads=\[\[0\.1, 0\.2\]\]$"):
        compute("adam", params=[1.0, 2.0], grads=[0.1, 0.2])
    with pytest.raises(BadArguments, match=r"grads=\[\[0\.5\], \[0\.3\]\]$"):
        compute("sgd", params=[1.0], grads=[0.5, 0.3], lr=0.1)
    # and the form it suggests is what torch runs: two steps of one number each
    got = compute("sgd", params=[1.0], grads=[[0.5], [0.3]], lr=0.1, momentum=0.9).value
    want = _torch_run(torch.optim.SGD, [1.0], [[0.5], [0.3]], lr=0.1, momentum=0.9)
    np.testing.assert_allclose(got, want, rtol=1e-12)


def test_params_must_be_a_vector():
    with pytest.raises(BadArguments, match="params must be a vector, got a number"):
        compute("adam", params=1.0, grads=[[0.1]])


def test_zero_over_zero_is_bad_arguments_not_nan():
    with pytest.raises(BadArguments, match="eps"):
        compute("adam", params=[1.0], grads=[[0.0]], eps=0)


@pytest.mark.parametrize(
    "name, kw, fragment",
    [
        ("clip_grad_norm", {"grad": [1.0], "max_norm": 1, "norm_type": 0}, "norm_type"),
        ("clip_grad_norm", {"grad": [1.0], "max_norm": 1, "norm_type": "-inf"}, "norm_type"),
        ("clip_grad_norm", {"grad": [1.0], "max_norm": 1, "norm_type": -math.inf}, 'positive number or "inf"'),
        ("clip_grad_norm", {"grad": [1.0], "max_norm": 1, "norm_type": math.nan}, 'positive number or "inf"'),
        ("clip_grad_norm", {"grad": [1.0], "max_norm": 1, "norm_type": True}, 'positive number or "inf"'),
        ("clip_grad_norm", {"grad": [1.0], "max_norm": -1}, "max_norm"),
        ("clip_grad_value", {"grad": [1.0], "clip_value": -1}, "clip_value"),
        ("step_lr", {"lr": 0.1, "step_size": 0, "epoch": 3}, "step_size"),
        ("step_lr", {"lr": 0.1, "step_size": 2, "epoch": -1}, "epoch"),
        ("exponential_lr", {"lr": 0.1, "gamma": 10.0, "epoch": 100000}, "overflow"),
        ("cosine_lr", {"lr": 0.1, "t_max": 0, "epoch": 3}, "t_max"),
        ("cosine_lr", {"lr": -0.1, "t_max": 5, "epoch": 3}, "lr"),
    ],
)
def test_clip_and_schedule_bad_arguments(name, kw, fragment):
    with pytest.raises(BadArguments, match=fragment):
        compute(name, **kw)


@pytest.mark.parametrize(
    "name, kw, make",
    [
        ("step_lr", {"lr": 0.3, "step_size": 7, "gamma": 0.999}, lambda o: torch.optim.lr_scheduler.StepLR(o, 7, 0.999)),
        ("exponential_lr", {"lr": 0.3, "gamma": 0.9995}, lambda o: torch.optim.lr_scheduler.ExponentialLR(o, 0.9995)),
        ("cosine_lr", {"lr": 0.3, "t_max": 9, "eta_min": 0.01}, lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, 9, 0.01)),
    ],
)
def test_long_schedules_cross_check_in_closed_form(name, kw, make):
    # The reference used to step the scheduler epoch times: --check torch with epoch=10⁹
    # never returned. Past a few thousand epochs it now uses torch's closed form, which
    # must agree with really stepping it.
    from quizapp.engine.crosscheck import check

    epoch = 2501
    stepped = _torch_lr(kw["lr"], epoch, make)
    result = check(name, epoch=epoch, **kw)
    assert result.agree
    assert result.reference == pytest.approx(stepped, rel=1e-9, abs=1e-15)
    assert result.engine == pytest.approx(stepped, rel=1e-9, abs=1e-15)
    assert check(name, epoch=10**9 + 3, **kw).agree


@settings(max_examples=80, deadline=None)
@given(
    grad=st.lists(st.floats(-1e300, 1e300, allow_nan=False), min_size=1, max_size=6),
    max_norm=st.floats(0, 1e6),
    norm_type=st.sampled_from([0.5, 1, 2, 3, 50, "inf"]),
)
def test_clip_grad_norm_matches_torch_over_the_whole_float_range(grad, max_norm, norm_type):
    # torch's vector_norm is unscaled: a p-norm past float64's range is ∞ and the clipped
    # gradient is 0. The engine used to rescale by max|gᵢ| and answered e.g. [0.707, 0.707]
    # for grad=[1e200, 1e200], max_norm=1 where torch gives [0, 0].
    got = compute("clip_grad_norm", grad=grad, max_norm=max_norm, norm_type=norm_type).value
    want = _torch_clip_norm(grad, max_norm, math.inf if norm_type == "inf" else norm_type)
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-300)


def test_clip_grad_norm_overflowing_norm_zeroes_the_gradient_as_torch_does():
    r = compute("clip_grad_norm", grad=[1e200, -1e200], max_norm=1.0)
    assert r.value == [0.0, 0.0] == [abs(v) for v in _torch_clip_norm([1e200, -1e200], 1.0, 2.0)]
    assert "overflows" in r.steps[0]
    # torch's norm of a single entry is |g₀| itself, however large: no overflow there
    big = [1.3407807929942597e154]
    np.testing.assert_allclose(
        compute("clip_grad_norm", grad=big, max_norm=1.0).value, _torch_clip_norm(big, 1.0, 2.0), rtol=1e-12
    )
