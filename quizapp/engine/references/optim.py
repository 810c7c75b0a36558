"""torch references for the optim computations: the real torch.optim optimizers,
clip functions and LR schedulers, run in float64 (torch imported lazily)."""

from __future__ import annotations

import math

from quizapp.engine.crosscheck import reference


def _run_optimizer(make, params, grads):
    """Set ``.grad`` on one float64 tensor each step and call ``optimizer.step()``."""
    import torch

    p = torch.tensor(params, dtype=torch.float64, requires_grad=True)
    opt = make([p])
    for g in grads:
        p.grad = torch.tensor(g, dtype=torch.float64)
        opt.step()
    return p.detach().tolist()


@reference("sgd")
def sgd(params, grads, lr, momentum, dampening, weight_decay, nesterov):
    import torch

    return _run_optimizer(
        lambda ps: torch.optim.SGD(
            ps, lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay, nesterov=nesterov
        ),
        params,
        grads,
    )


@reference("adagrad")
def adagrad(params, grads, lr, lr_decay, weight_decay, initial_accumulator_value, eps):
    import torch

    return _run_optimizer(
        lambda ps: torch.optim.Adagrad(
            ps,
            lr=lr,
            lr_decay=lr_decay,
            weight_decay=weight_decay,
            initial_accumulator_value=initial_accumulator_value,
            eps=eps,
        ),
        params,
        grads,
    )


@reference("rmsprop")
def rmsprop(params, grads, lr, alpha, eps, weight_decay, momentum, centered):
    import torch

    return _run_optimizer(
        lambda ps: torch.optim.RMSprop(
            ps, lr=lr, alpha=alpha, eps=eps, weight_decay=weight_decay, momentum=momentum, centered=centered
        ),
        params,
        grads,
    )


@reference("adadelta")
def adadelta(params, grads, lr, rho, eps, weight_decay):
    import torch

    return _run_optimizer(
        lambda ps: torch.optim.Adadelta(ps, lr=lr, rho=rho, eps=eps, weight_decay=weight_decay), params, grads
    )


@reference("adam")
def adam(params, grads, lr, betas, eps, weight_decay, amsgrad):
    import torch

    return _run_optimizer(
        lambda ps: torch.optim.Adam(
            ps, lr=lr, betas=tuple(betas), eps=eps, weight_decay=weight_decay, amsgrad=amsgrad
        ),
        params,
        grads,
    )


@reference("adamw")
def adamw(params, grads, lr, betas, eps, weight_decay, amsgrad):
    import torch

    return _run_optimizer(
        lambda ps: torch.optim.AdamW(
            ps, lr=lr, betas=tuple(betas), eps=eps, weight_decay=weight_decay, amsgrad=amsgrad
        ),
        params,
        grads,
    )


@reference("clip_grad_norm")
def clip_grad_norm(grad, max_norm, norm_type):
    import torch

    p = torch.zeros(len(grad), dtype=torch.float64, requires_grad=True)
    p.grad = torch.tensor(grad, dtype=torch.float64)
    if isinstance(norm_type, str):
        norm_type = math.inf
    torch.nn.utils.clip_grad_norm_([p], max_norm, norm_type=norm_type)
    return p.grad.tolist()


@reference("clip_grad_value")
def clip_grad_value(grad, clip_value):
    import torch

    p = torch.zeros(len(grad), dtype=torch.float64, requires_grad=True)
    p.grad = torch.tensor(grad, dtype=torch.float64)
    torch.nn.utils.clip_grad_value_([p], clip_value)
    return p.grad.tolist()


# Stepping a scheduler costs ~50 µs; past this many epochs use torch's own closed form
# (``_get_closed_form_lr``), so ``--check torch`` with epoch=10⁹ answers at once.
_MAX_STEPPED_EPOCHS = 2000


def _scheduled_lr(lr, epoch, make_scheduler):
    """Step a real torch scheduler ``epoch`` times and read its learning rate."""
    import torch

    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=lr)
    sched = make_scheduler(opt)
    if epoch > _MAX_STEPPED_EPOCHS:
        sched.last_epoch = epoch
        return float(sched._get_closed_form_lr()[0])
    for _ in range(epoch):
        opt.step()  # no gradient: a no-op, but keeps torch's step-order check quiet
        sched.step()
    return float(sched.get_last_lr()[0])


@reference("step_lr")
def step_lr(lr, step_size, epoch, gamma):
    import torch

    return _scheduled_lr(lr, epoch, lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=step_size, gamma=gamma))


@reference("exponential_lr")
def exponential_lr(lr, gamma, epoch):
    import torch

    return _scheduled_lr(lr, epoch, lambda o: torch.optim.lr_scheduler.ExponentialLR(o, gamma=gamma))


@reference("cosine_lr")
def cosine_lr(lr, t_max, epoch, eta_min):
    import torch

    return _scheduled_lr(
        lr, epoch, lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=t_max, eta_min=eta_min)
    )


for _ref in (
    sgd, adagrad, rmsprop, adadelta, adam, adamw, clip_grad_norm, clip_grad_value, step_lr, exponential_lr, cosine_lr
):
    _ref.library = "torch"
