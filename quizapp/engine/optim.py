"""Engine computations: optimizers, gradient clipping and learning-rate schedules.

torch.optim semantics (see docs/engine.md, "Optimizers"): ``params`` is
one parameter vector, ``grads`` the per-step loss gradients *before* weight decay;
each optimizer adds (or decouples) the decay exactly as torch does. The worked
solution shows every intermediate state, one line per quantity, step by step.
"""

from __future__ import annotations

import math
from numbers import Real
from typing import Any, Callable

import numpy as np

from quizapp.catalog import say
from quizapp.engine._args import INF_WORDS, _show, boolean, fmt, integer, note, number, step, sub, sup, vector
from quizapp.engine._registry import BadArguments, computation

# One optimizer step: (t, θ before the step, g with coupled decay, state, lines) -> θ after.
_Update = Callable[[int, np.ndarray, np.ndarray, dict, list], np.ndarray]


def _params_grads(params: Any, grads: Any) -> tuple[np.ndarray, list[np.ndarray]]:
    theta = vector("params", params)
    if isinstance(grads, np.ndarray):
        grads = grads.tolist()
    if isinstance(grads, (list, tuple)) and grads and all(
        isinstance(g, Real) and not isinstance(g, bool) for g in grads
    ):
        # A flat list: one step of len(params) numbers, or (one parameter) one number per step.
        nested = [[g] for g in grads] if theta.size == 1 else [list(grads)]
        raise BadArguments(say("engine.error.grads_flat", fix=_show(nested)))
    if not isinstance(grads, (list, tuple)) or not grads or not all(
        isinstance(g, (list, tuple, np.ndarray)) for g in grads
    ):
        raise BadArguments(say("engine.error.grads_list", got=_show(grads)))
    out = []
    for t, g in enumerate(grads, 1):
        out.append(vector(say("engine.optim.grad_name", index=t - 1, step=t), g, length=theta.size))
    return theta, out


def _run(name: str, params: Any, grads: Any, weight_decay: float, update: _Update) -> tuple[np.ndarray, list]:
    """Drive ``update`` over every step; L2 weight decay is added to g as torch does."""
    theta, gs = _params_grads(params, grads)
    lines: list = [f"θ₀ = {fmt(theta)}"]
    state: dict = {}
    with np.errstate(all="ignore"):
        for t, g in enumerate(gs, 1):
            s = sub(t)
            lines.append(step(t, f"g{s} = {fmt(g)}"))
            if weight_decay:
                g = g + weight_decay * theta
                lines.append(note(f"  g{s} ← g{s} + λ·θ{sub(t - 1)} = {fmt(g)}", say("engine.optim.weight_decay", lam=fmt(weight_decay))))
            theta = update(t, theta, g, state, lines)
    if not np.all(np.isfinite(theta)):
        raise BadArguments(say("engine.error.optim_not_finite", name=name))
    return theta, lines


def _nonneg(name: str, x: Any) -> float:
    return number(name, x, lo=0.0)


def _theta_line(t: int, expr: str, theta: np.ndarray) -> str:
    return f"  θ{sub(t)} = θ{sub(t - 1)} − {expr} = {fmt(theta)}"


@computation("sgd", "SGD with momentum, dampening, Nesterov and weight decay (torch.optim.SGD)")
def sgd(params, grads, lr, momentum=0, dampening=0, weight_decay=0, nesterov=False):
    """θₜ = θₜ₋₁ − η·dₜ with gₜ ← gₜ + λθₜ₋₁;
    without momentum dₜ = gₜ; with it b₁ = g₁, bₜ = μ·bₜ₋₁ + (1 − τ)·gₜ and
    dₜ = bₜ (classical) or dₜ = gₜ + μ·bₜ (Nesterov, needs μ > 0 and τ = 0)."""
    lr, mu = _nonneg("lr", lr), _nonneg("momentum", momentum)
    tau, wd = number("dampening", dampening), _nonneg("weight_decay", weight_decay)
    nesterov = boolean("nesterov", nesterov)
    if nesterov and (mu <= 0 or tau != 0):
        raise BadArguments(say("engine.error.nesterov"))

    def update(t, theta, g, state, lines):
        s = sub(t)
        if mu == 0:
            d, expr = g, f"η·g{s}"
        else:
            if t == 1:
                buf = g.copy()
                lines.append(note(f"  b₁ = g₁ = {fmt(buf)}", say("engine.sgd.first_buffer")))
            else:
                buf = mu * state["buf"] + (1 - tau) * g
                lines.append(f"  b{s} = μ·b{sub(t - 1)} + (1 − τ)·g{s} = {fmt(buf)}  (μ = {fmt(mu)}, τ = {fmt(tau)})")
            state["buf"] = buf
            if nesterov:
                d = g + mu * buf
                lines.append(f"  d{s} = g{s} + μ·b{s} = {fmt(d)}  (Nesterov)")
                expr = f"η·d{s}"
            else:
                d, expr = buf, f"η·b{s}"
        theta = theta - lr * d
        lines.append(_theta_line(t, f"{expr} (η = {fmt(lr)})", theta))
        return theta

    return _run("sgd", params, grads, wd, update)


@computation("adagrad", "AdaGrad: per-coordinate step shrinking with the summed squared gradients (torch.optim.Adagrad)")
def adagrad(params, grads, lr=0.01, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10):
    """ηₜ = η / (1 + (t − 1)·lr_decay); Gₜ = Gₜ₋₁ + gₜ²; θₜ = θₜ₋₁ − ηₜ·gₜ / (√Gₜ + ε),
    with G₀ = initial_accumulator_value and gₜ ← gₜ + λθₜ₋₁."""
    lr, decay = _nonneg("lr", lr), _nonneg("lr_decay", lr_decay)
    wd, acc0 = _nonneg("weight_decay", weight_decay), _nonneg("initial_accumulator_value", initial_accumulator_value)
    eps = _nonneg("eps", eps)

    def update(t, theta, g, state, lines):
        s = sub(t)
        total = state.get("sum", acc0) + g * g
        state["sum"] = total
        clr = lr / (1 + (t - 1) * decay)
        if decay:
            lines.append(f"  η{s} = η / (1 + (t − 1)·lr_decay) = {fmt(lr)} / (1 + {t - 1}·{fmt(decay)}) = {fmt(clr)}")
        lines.append(f"  G{s} = G{sub(t - 1)} + g{s}² = {fmt(total)}")
        denom = np.sqrt(total) + eps
        lines.append(f"  √G{s} + ε = {fmt(denom)}")
        theta = theta - clr * g / denom
        lr_sym = f"η{s}" if decay else "η"
        lines.append(_theta_line(t, f"{lr_sym}·g{s} / (√G{s} + ε) ({lr_sym} = {fmt(clr)})", theta))
        return theta

    steps_head = f"G₀ = initial_accumulator_value = {fmt(acc0)}, ε = {fmt(eps)}"
    theta, lines = _run("adagrad", params, grads, wd, update)
    return theta, [lines[0], steps_head, *lines[1:]]


@computation("rmsprop", "RMSprop: divide by a running root-mean-square of the gradients (torch.optim.RMSprop)")
def rmsprop(params, grads, lr=0.01, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0, centered=False):
    """vₜ = α·vₜ₋₁ + (1 − α)·gₜ²; centered: ḡₜ = α·ḡₜ₋₁ + (1 − α)·gₜ, denominator √(vₜ − ḡₜ²) + ε,
    else √vₜ + ε; without momentum θₜ = θₜ₋₁ − η·gₜ / denominator; with it
    bₜ = μ·bₜ₋₁ + gₜ / denominator and θₜ = θₜ₋₁ − η·bₜ. gₜ ← gₜ + λθₜ₋₁."""
    lr, alpha, eps = _nonneg("lr", lr), _nonneg("alpha", alpha), _nonneg("eps", eps)
    wd, mu = _nonneg("weight_decay", weight_decay), _nonneg("momentum", momentum)
    centered = boolean("centered", centered)

    def update(t, theta, g, state, lines):
        s, p = sub(t), sub(t - 1)
        zero = np.zeros_like(theta)
        v = alpha * state.get("v", zero) + (1 - alpha) * g * g
        state["v"] = v
        lines.append(f"  v{s} = α·v{p} + (1 − α)·g{s}² = {fmt(v)}  (α = {fmt(alpha)})")
        if centered:
            gbar = alpha * state.get("gbar", zero) + (1 - alpha) * g
            state["gbar"] = gbar
            lines.append(f"  ḡ{s} = α·ḡ{p} + (1 − α)·g{s} = {fmt(gbar)}")
            denom = np.sqrt(v - gbar * gbar) + eps
            den_sym = f"(√(v{s} − ḡ{s}²) + ε)"
        else:
            denom = np.sqrt(v) + eps
            den_sym = f"(√v{s} + ε)"
        lines.append(f"  {den_sym[1:-1]} = {fmt(denom)}")
        if mu > 0:
            buf = mu * state.get("buf", zero) + g / denom
            state["buf"] = buf
            lines.append(f"  b{s} = μ·b{p} + g{s} / {den_sym} = {fmt(buf)}  (μ = {fmt(mu)})")
            theta = theta - lr * buf
            lines.append(_theta_line(t, f"η·b{s} (η = {fmt(lr)})", theta))
        else:
            theta = theta - lr * g / denom
            lines.append(_theta_line(t, f"η·g{s} / {den_sym} (η = {fmt(lr)})", theta))
        return theta

    return _run("rmsprop", params, grads, wd, update)


@computation("adadelta", "Adadelta: step scaled by running RMS of past updates over RMS of gradients (torch.optim.Adadelta)")
def adadelta(params, grads, lr=1.0, rho=0.9, eps=1e-6, weight_decay=0):
    """E[g²]ₜ = ρ·E[g²]ₜ₋₁ + (1 − ρ)·gₜ²; Δₜ = √(E[Δ²]ₜ₋₁ + ε) / √(E[g²]ₜ + ε) · gₜ;
    E[Δ²]ₜ = ρ·E[Δ²]ₜ₋₁ + (1 − ρ)·Δₜ²; θₜ = θₜ₋₁ − η·Δₜ. gₜ ← gₜ + λθₜ₋₁."""
    lr, eps, wd = _nonneg("lr", lr), _nonneg("eps", eps), _nonneg("weight_decay", weight_decay)
    rho = number("rho", rho, lo=0.0, hi=1.0)

    def update(t, theta, g, state, lines):
        s, p = sub(t), sub(t - 1)
        zero = np.zeros_like(theta)
        sq = rho * state.get("sq", zero) + (1 - rho) * g * g
        state["sq"] = sq
        lines.append(f"  E[g²]{s} = ρ·E[g²]{p} + (1 − ρ)·g{s}² = {fmt(sq)}  (ρ = {fmt(rho)})")
        acc = state.get("acc", zero)
        delta = np.sqrt(acc + eps) / np.sqrt(sq + eps) * g
        lines.append(f"  Δ{s} = √(E[Δ²]{p} + ε) / √(E[g²]{s} + ε) · g{s} = {fmt(delta)}  (ε = {fmt(eps)})")
        state["acc"] = rho * acc + (1 - rho) * delta * delta
        lines.append(f"  E[Δ²]{s} = ρ·E[Δ²]{p} + (1 − ρ)·Δ{s}² = {fmt(state['acc'])}")
        theta = theta - lr * delta
        lines.append(_theta_line(t, f"η·Δ{s} (η = {fmt(lr)})", theta))
        return theta

    return _run("adadelta", params, grads, wd, update)


def _adam(name: str, params, grads, lr, betas, eps, weight_decay, amsgrad, decoupled: bool):
    lr, eps, wd = _nonneg("lr", lr), _nonneg("eps", eps), _nonneg("weight_decay", weight_decay)
    if isinstance(betas, np.ndarray):
        betas = betas.tolist()
    if not isinstance(betas, (list, tuple)) or len(betas) != 2:
        raise BadArguments(say("engine.error.betas", name=name))
    b1 = number("betas[0] (β₁)", betas[0], lo=0.0, hi=1.0, hi_open=True)
    b2 = number("betas[1] (β₂)", betas[1], lo=0.0, hi=1.0, hi_open=True)
    amsgrad = boolean("amsgrad", amsgrad)

    def update(t, theta, g, state, lines):
        s, p = sub(t), sub(t - 1)
        if decoupled and wd:
            theta = theta * (1 - lr * wd)
            lines.append(note(f"  θ{p} ← θ{p}·(1 − η·λ) = {fmt(theta)}", say("engine.adamw.decoupled", lam=fmt(wd))))
        zero = np.zeros_like(theta)
        m = b1 * state.get("m", zero) + (1 - b1) * g
        v = b2 * state.get("v", zero) + (1 - b2) * g * g
        state["m"], state["v"] = m, v
        lines.append(f"  m{s} = β₁·m{p} + (1 − β₁)·g{s} = {fmt(m)}  (β₁ = {fmt(b1)})")
        lines.append(f"  v{s} = β₂·v{p} + (1 − β₂)·g{s}² = {fmt(v)}  (β₂ = {fmt(b2)})")
        bc1, bc2 = 1 - b1**t, 1 - b2**t
        m_hat = m / bc1
        lines.append(f"  m̂{s} = m{s} / (1 − β₁{sup(t)}) = {fmt(m)} / {fmt(bc1)} = {fmt(m_hat)}")
        v_sym = f"v{s}"
        if amsgrad:
            vmax = np.maximum(state.get("vmax", zero), v)
            state["vmax"] = vmax
            lines.append(f"  vmax{s} = max(vmax{p}, v{s}) = {fmt(vmax)}  (AMSGrad)")
            v, v_sym = vmax, f"vmax{s}"
        v_hat = v / bc2
        lines.append(f"  v̂{s} = {v_sym} / (1 − β₂{sup(t)}) = {fmt(v)} / {fmt(bc2)} = {fmt(v_hat)}")
        # torch: step = (η / bc1)·m / (√v / √bc2 + ε), the same as η·m̂ / (√v̂ + ε)
        step = (lr / bc1) * m / (np.sqrt(v) / math.sqrt(bc2) + eps)
        lines.append(f"  u{s} = η·m̂{s} / (√v̂{s} + ε) = {fmt(step)}  (η = {fmt(lr)}, ε = {fmt(eps)})")
        theta = theta - step
        lines.append(_theta_line(t, f"u{s}", theta))
        return theta

    return _run(name, params, grads, 0.0 if decoupled else wd, update)


@computation("adam", "Adam with bias correction, optional AMSGrad and L2 weight decay (torch.optim.Adam)")
def adam(params, grads, lr=0.001, betas=[0.9, 0.999], eps=1e-8, weight_decay=0, amsgrad=False):
    """gₜ ← gₜ + λθₜ₋₁; mₜ = β₁mₜ₋₁ + (1 − β₁)gₜ; vₜ = β₂vₜ₋₁ + (1 − β₂)gₜ²;
    m̂ₜ = mₜ / (1 − β₁ᵗ); v̂ₜ = vₜ / (1 − β₂ᵗ) (AMSGrad: of max(vmaxₜ₋₁, vₜ));
    θₜ = θₜ₋₁ − η·m̂ₜ / (√v̂ₜ + ε)."""
    return _adam("adam", params, grads, lr, betas, eps, weight_decay, amsgrad, decoupled=False)


@computation("adamw", "AdamW: Adam with weight decay decoupled from the adaptive step (torch.optim.AdamW)")
def adamw(params, grads, lr=0.001, betas=[0.9, 0.999], eps=1e-8, weight_decay=0.01, amsgrad=False):
    """θₜ₋₁ ← θₜ₋₁·(1 − ηλ) first, then the Adam step on the raw gradient:
    mₜ, vₜ, m̂ₜ, v̂ₜ as in Adam; θₜ = θₜ₋₁ − η·m̂ₜ / (√v̂ₜ + ε)."""
    return _adam("adamw", params, grads, lr, betas, eps, weight_decay, amsgrad, decoupled=True)


def _norm_type(x: Any) -> float:
    """A positive p, or ∞ given as "inf" (any case) or float("inf")."""
    if isinstance(x, str) and x.strip().lower() in INF_WORDS:
        return math.inf
    if isinstance(x, Real) and not isinstance(x, bool) and (x == math.inf or (math.isfinite(x) and x > 0)):
        return float(x)
    raise BadArguments(say("engine.error.norm_type", got=_show(x)))


@computation("clip_grad_norm", "rescale a gradient so its p-norm is at most max_norm (torch clip_grad_norm_)")
def clip_grad_norm(grad, max_norm, norm_type=2.0):
    """‖g‖ₚ = (Σ|gᵢ|ᵖ)^(1/p) (p = ∞: max|gᵢ|); c = min(max_norm / (‖g‖ₚ + 10⁻⁶), 1); g′ = c·g."""
    g = vector("grad", grad)
    max_norm = number("max_norm", max_norm, lo=0.0)
    p = _norm_type(norm_type)
    a = np.abs(g)
    if p == math.inf:
        total = float(a.max())
        lines = [f"‖g‖∞ = max|gᵢ| = {fmt(total)}"]
    else:
        # As torch's vector_norm: one entry is |g₀| exactly; otherwise unscaled, so a Σ|gᵢ|ᵖ
        # past float64's range is ∞ (and zeroes g) and one below it is 0.
        with np.errstate(over="ignore", under="ignore"):
            total = float(a[0]) if a.size == 1 else float(np.sum(a**p) ** (1 / p))
        formula = "√(Σ gᵢ²)" if p == 2 else f"(Σ|gᵢ|^{fmt(p)})^(1/{fmt(p)})"
        line = f"‖g‖{sub(fmt(p)) if p == int(p) else '_' + fmt(p)} = {formula} = {fmt(total)}"
        lines = [note(line, say("engine.clip_grad_norm.overflow")) if math.isinf(total) else line]
    coef = max_norm / (total + 1e-6)
    clamped = min(coef, 1.0)
    lines.append(f"c = max_norm / (‖g‖ + 10⁻⁶) = {fmt(max_norm)} / {fmt(total + 1e-6, 10)} = {fmt(coef, 10)}")
    line = f"c = min(c, 1) = {fmt(clamped, 10)}"
    lines.append(note(line, say("engine.clip_grad_norm.within")) if clamped == 1.0 else line)
    out = g * clamped
    lines.append(f"g′ = c·g = {fmt(out, 10)}")
    return out, lines


@computation("clip_grad_value", "clamp every gradient entry to [−clip_value, clip_value] (torch clip_grad_value_)")
def clip_grad_value(grad, clip_value):
    """g′ᵢ = min(max(gᵢ, −c), c)."""
    g = vector("grad", grad)
    c = number("clip_value", clip_value, lo=0.0)
    out = np.clip(g, -c, c)
    return out, [f"g′ᵢ = min(max(gᵢ, −{fmt(c)}), {fmt(c)})", f"g′ = {fmt(out)}"]


def _finite_lr(name: str, value: float) -> float:
    if not math.isfinite(value):
        raise BadArguments(say("engine.error.lr_overflow", name=name))
    return value


@computation("step_lr", "learning rate after `epoch` StepLR steps: multiplied by gamma every step_size epochs")
def step_lr(lr, step_size, epoch, gamma=0.1):
    """ηₑ = η₀ · γ^⌊e / step_size⌋."""
    lr, gamma = _nonneg("lr", lr), _nonneg("gamma", gamma)
    step_size, epoch = integer("step_size", step_size, lo=1), integer("epoch", epoch, lo=0)
    k = epoch // step_size
    try:
        value = _finite_lr("step_lr", lr * gamma**k)
    except OverflowError:
        value = _finite_lr("step_lr", math.inf)
    return value, [
        say("engine.step_lr.decays", math=f"⌊e / step_size⌋ = ⌊{epoch} / {step_size}⌋ = {k}"),
        f"η{sub(epoch)} = η₀·γ{sup(k)} = {fmt(lr)}·{fmt(gamma)}{sup(k)} = {fmt(value)}",
    ]


@computation("exponential_lr", "learning rate after `epoch` ExponentialLR steps: multiplied by gamma every epoch")
def exponential_lr(lr, gamma, epoch):
    """ηₑ = η₀ · γᵉ."""
    lr, gamma, epoch = _nonneg("lr", lr), _nonneg("gamma", gamma), integer("epoch", epoch, lo=0)
    try:
        value = _finite_lr("exponential_lr", lr * gamma**epoch)
    except OverflowError:
        value = _finite_lr("exponential_lr", math.inf)
    return value, [f"η{sub(epoch)} = η₀·γ{sup(epoch)} = {fmt(lr)}·{fmt(gamma)}{sup(epoch)} = {fmt(value)}"]


@computation("cosine_lr", "learning rate after `epoch` CosineAnnealingLR steps (closed form)")
def cosine_lr(lr, t_max, epoch, eta_min=0):
    """ηₑ = η_min + (η₀ − η_min)·(1 + cos(π·e / T_max)) / 2."""
    lr, eta_min = _nonneg("lr", lr), _nonneg("eta_min", eta_min)
    t_max, epoch = integer("t_max", t_max, lo=1), integer("epoch", epoch, lo=0)
    c = math.cos(math.pi * epoch / t_max)
    value = eta_min + (lr - eta_min) * (1 + c) / 2
    return value, [
        f"cos(π·e / T_max) = cos(π·{epoch} / {t_max}) = {fmt(c)}",
        f"η{sub(epoch)} = η_min + (η₀ − η_min)·(1 + cos(π·e / T_max)) / 2"
        f" = {fmt(eta_min)} + ({fmt(lr)} − {fmt(eta_min)})·(1 + {fmt(c)}) / 2 = {fmt(value)}",
    ]
