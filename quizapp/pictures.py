"""Pictures: plots as plain data, for cards and for the statistics screen.

A ``Picture`` is a title, two axis names (catalog ``Msg``s, so every label is said
in the learner's language), series of (x, y) points and marked points. The
terminal app draws one with plotext (``quizapp/tui/widgets/picture.py``);
``quizapp drill --plain`` prints ``plain_lines`` (a small table of the points, or
a Unicode sparkline of a long series). Nothing here imports a user interface.

A card may ask for a picture of its own numbers with the deck field ``picture``
(``content/README.md``): one of ``KINDS``, each drawn from the instance's
parameters, derived values and stage answers through the engine:

- ``roc``: the ROC curve of the card's scores and labels (``engine`` ``roc_curve``),
  the chance diagonal, optionally the point of one threshold (``mark``);
- ``activation``: an activation and its derivative around the card's ``x``
  (``sigmoid``, ``tanh``, ``relu``, ``leaky_relu``, ``elu`` and their ``_grad``);
- ``path``: gradient descent (with the card's momentum, Nesterov or not: torch's
  update) on the quadratic f(θ) = ½·Σ hᵢ·θᵢ² in one or two dimensions, from the
  card's start, and plain gradient descent beside it when there is momentum;
- ``schedule``: a learning-rate schedule (``step_lr``, ``exponential_lr``,
  ``cosine_lr``, ``transformer_lr``), optionally after a linear warm-up, with the
  card's steps or epochs marked (``unit``: what one tick of the schedule is).

``picture_for(instance)`` builds it (None when the card has none, or when its
numbers cannot be drawn: a picture never breaks a card); ``check(field, names)``
is the deck check. Pictures are shown with the verdict unless the card says
``at = "question"``: a plot of the card's own numbers nearly always shows the
answer, so only a picture of what the question already gives belongs there.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from quizapp.catalog import Msg, say

KINDS = ("roc", "activation", "path", "schedule")
PLACES = ("question", "verdict")
ACTIVATIONS = {  # function -> (symbol, its extra argument or None)
    "sigmoid": ("σ", None), "tanh": ("tanh", None), "relu": ("ReLU", None),
    "leaky_relu": ("LeakyReLU", "negative_slope"), "elu": ("ELU", "alpha"),
}
SCHEDULES = {"step_lr": "epoch", "exponential_lr": "epoch", "cosine_lr": "epoch", "transformer_lr": "step"}
SCHEDULE_NAMES = {"step_lr": "StepLR", "exponential_lr": "ExponentialLR", "cosine_lr": "CosineAnnealingLR",
                  "transformer_lr": "Transformer"}
FIELDS = {
    "roc": ({"scores", "labels"}, {"mark"}),
    "activation": ({"function"}, {"x", "args"}),
    "path": ({"curvature", "start", "lr"}, {"momentum", "nesterov", "steps"}),
    "schedule": ({"compute", "args", "until"}, {"warmup", "mark", "unit"}),
}
MAX_STEPS = 50  # steps of a path
MAX_MARKS = 8
MAX_POINTS = 121  # points of a schedule's curve (the engine is asked at each)
ACTIVATION_POINTS = 97
MAX_ABS_X = 100.0  # an activation is drawn around x only within ±100
PLAIN_TABLE = 12  # a series of at most this many points prints as a table, longer ones as a sparkline
SPARKS = "▁▂▃▄▅▆▇█"


@dataclass(frozen=True)
class Series:
    label: Msg
    x: tuple[float, ...]
    y: tuple[float, ...]
    style: str = "line"  # "line", "points" (unjoined), "path" (joined, in order), "bars" or
    # "stacked" (bars on top of the bars of the series before it, at the same x)


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    label: Msg


@dataclass(frozen=True)
class Picture:
    kind: str
    title: Msg
    x_label: Msg | None  # None: the axis needs no name (dates, counts the title names)
    y_label: Msg | None
    series: tuple[Series, ...]
    marks: tuple[Mark, ...] = ()
    at: str = "verdict"  # where a card shows it: "question" or "verdict"
    x_ticks: tuple[tuple[float, str], ...] = ()  # () lets the plot choose
    x_range: tuple[float, float] | None = None
    y_range: tuple[float, float] | None = None


class PictureError(ValueError):
    """The card's numbers cannot be drawn (the card is shown without its picture)."""


# -- building a card's picture


def picture_for(instance: Any) -> Picture | None:
    """The picture of ``instance`` (a ``content.Instance``) drawn from its own
    numbers, or None (no ``picture`` field, or numbers that cannot be drawn)."""
    spec = getattr(instance.template, "spec", {}).get("picture")
    if not isinstance(spec, dict):
        return None
    try:
        return build(spec, _env(instance))
    except PictureError:
        return None


def _env(instance: Any) -> dict[str, Any]:
    """The names a card's expressions see: parameters, derived values, stage answers."""
    from quizapp.expr import ExprError, budget, compile_expr

    env = dict(instance.params)
    try:
        with budget():
            for name, text in instance.template.spec.get("derived", {}).items():
                env[name] = compile_expr(text).evaluate(env)
    except ExprError as e:
        raise PictureError(str(e)) from None
    for stage in instance.stages:
        if stage.name:
            env[stage.name] = stage.expected
    return env


def build(spec: dict, env: dict[str, Any]) -> Picture:
    """The picture ``spec`` (a checked deck field) asks for, with the values of
    ``env``; PictureError when they cannot be drawn."""
    from quizapp import engine
    from quizapp.expr import ExprError, budget

    maker = {"roc": _roc, "activation": _activation, "path": _path, "schedule": _schedule}.get(spec.get("kind"))
    if maker is None:
        raise PictureError(f"no picture kind {spec.get('kind')!r}")
    try:
        with budget():
            picture = maker(spec, env)
    except (ExprError, engine.EngineError, TypeError, ValueError, OverflowError, ZeroDivisionError) as e:
        if isinstance(e, PictureError):
            raise
        raise PictureError(str(e)) from None
    from dataclasses import replace

    return replace(picture, at=spec.get("at", "verdict"))


def _value(v: Any, env: dict[str, Any]) -> Any:
    """A field's value: a number as it is, text as an expression on ``env``."""
    from quizapp.expr import compile_expr, plain

    if isinstance(v, str):
        return plain(compile_expr(v).evaluate(env))
    return v


def _number(v: Any, env: dict[str, Any], what: str) -> float:
    x = _value(v, env)
    if isinstance(x, bool) or not isinstance(x, (int, float)) or not math.isfinite(float(x)):
        raise PictureError(f"{what} is not a finite number")
    return float(x)


def _numbers(v: Any, env: dict[str, Any], what: str) -> list[float]:
    xs = _value(v, env)
    if not isinstance(xs, list) or not xs:
        raise PictureError(f"{what} is not a list of numbers")
    return [_number(x, {}, what) for x in xs]


def _marks(v: Any, env: dict[str, Any]) -> list[float]:
    if v is None:
        return []
    items = v if isinstance(v, list) else [v]
    return [_number(x, env, "mark") for x in items[:MAX_MARKS]]


def _roc(spec: dict, env: dict[str, Any]) -> Picture:
    from quizapp import engine

    scores = _numbers(spec["scores"], env, "scores")
    labels = _numbers(spec["labels"], env, "labels")
    if len(scores) != len(labels):
        raise PictureError("scores and labels differ in length")
    curve = engine.compute("roc_curve", y_true=labels, y_score=scores).value
    fpr, tpr, thresholds = curve["fpr"], curve["tpr"], curve["thresholds"]
    marks = []
    for t in _marks(spec.get("mark"), env):
        # the point of "score ≥ t": the last threshold at or above t
        at = max((i + 1 for i, th in enumerate(thresholds) if th >= t), default=0)
        marks.append(Mark(fpr[at], tpr[at], say("pictures.roc.mark", threshold=show_number(t), fpr=show_number(fpr[at]),
                                                tpr=show_number(tpr[at]))))
    return Picture(
        "roc", say("pictures.roc.title"), say("pictures.roc.x"), say("pictures.roc.y"),
        (Series(say("pictures.roc.curve"), tuple(fpr), tuple(tpr)),
         Series(say("pictures.roc.chance"), (0.0, 1.0), (0.0, 1.0))),
        tuple(marks), x_range=(0.0, 1.0), y_range=(0.0, 1.05))


def _activation(spec: dict, env: dict[str, Any]) -> Picture:
    from quizapp import engine

    name = spec["function"]
    symbol, extra = ACTIVATIONS[name]
    kwargs = {}
    if extra is not None and extra in spec.get("args", {}):
        kwargs[extra] = _number(spec["args"][extra], env, extra)
    at = _value(spec["x"], env) if "x" in spec else []
    points = [_number(x, {}, "x") for x in (at if isinstance(at, list) else [at])][:MAX_MARKS]
    if any(abs(x) > MAX_ABS_X for x in points):
        raise PictureError(f"x is more than {MAX_ABS_X:g} away from 0: too far out to draw")
    lo, hi = min([-6.0, *(x - 2 for x in points)]), max([6.0, *(x + 2 for x in points)])
    xs = [lo + (hi - lo) * i / (ACTIVATION_POINTS - 1) for i in range(ACTIVATION_POINTS)]
    ys = engine.compute(name, x=xs, **kwargs).value
    gs = engine.compute(f"{name}_grad", x=xs, **kwargs).value
    marks = []
    if points:
        y0 = engine.compute(name, x=points, **kwargs).value
        g0 = engine.compute(f"{name}_grad", x=points, **kwargs).value
        for x, y, g in zip(points, y0, g0):
            marks += [Mark(x, float(y), say("pictures.activation.mark", f=symbol, x=show_number(x), y=show_number(y))),
                      Mark(x, float(g), say("pictures.activation.mark_grad", f=symbol, x=show_number(x),
                                            y=show_number(g)))]
    return Picture(
        "activation", say("pictures.activation.title", f=symbol), say("pictures.activation.x"),
        say("pictures.activation.y"),
        (Series(say("pictures.activation.value", f=symbol), tuple(xs), tuple(map(float, ys))),
         Series(say("pictures.activation.grad", f=symbol), tuple(xs), tuple(map(float, gs)))),
        tuple(marks), x_range=(lo, hi))


def gd_path(curvature: list[float], start: list[float], lr: float, momentum: float = 0.0,
            nesterov: bool = False, steps: int = 10) -> list[list[float]]:
    """θ₀, θ₁, … θ_steps of torch.optim.SGD(lr, momentum, nesterov) on f(θ) =
    ½·Σ hᵢ·θᵢ² (gradient hᵢ·θᵢ); the path stops early where it leaves the finite
    numbers (a learning rate that diverges)."""
    theta = list(start)
    buf: list[float] | None = None
    path = [list(theta)]
    for _ in range(steps):
        g = [h * t for h, t in zip(curvature, theta)]
        if momentum:
            buf = list(g) if buf is None else [momentum * b + gi for b, gi in zip(buf, g)]
            d = [gi + momentum * b for gi, b in zip(g, buf)] if nesterov else buf
        else:
            d = g
        theta = [t - lr * di for t, di in zip(theta, d)]
        if not all(math.isfinite(t) and abs(t) < 1e12 for t in theta):
            break
        path.append(list(theta))
    return path


def _path(spec: dict, env: dict[str, Any]) -> Picture:
    curvature = [_number(h, env, "curvature") for h in spec["curvature"]]
    start = [_number(s, env, "start") for s in spec["start"]]
    lr = _number(spec["lr"], env, "lr")
    momentum = _number(spec.get("momentum", 0), env, "momentum")
    nesterov = bool(spec.get("nesterov", False))
    steps = int(spec.get("steps", 10))
    if lr < 0 or momentum < 0 or any(h < 0 for h in curvature):
        raise PictureError("lr, momentum and curvature must be ≥ 0")
    path = gd_path(curvature, start, lr, momentum, nesterov, steps)
    plain_path = gd_path(curvature, start, lr, 0.0, False, steps) if momentum else None
    name = say("pictures.path.nesterov" if nesterov else "pictures.path.momentum", lr=show_number(lr), mu=show_number(momentum)) \
        if momentum else say("pictures.path.plain", lr=show_number(lr))
    n = len(path) - 1
    if len(curvature) == 1:
        h = curvature[0]
        f = lambda t: h * t * t / 2  # noqa: E731
        reach = max(abs(p[0]) for p in path + (plain_path or []))
        xs = [-reach + 2 * reach * i / 60 for i in range(61)]
        series = [Series(say("pictures.path.loss"), tuple(xs), tuple(f(x) for x in xs))]
        if plain_path is not None:
            series.append(Series(say("pictures.path.plain", lr=show_number(lr)), tuple(p[0] for p in plain_path),
                                 tuple(f(p[0]) for p in plain_path), "points"))
        series.append(Series(name, tuple(p[0] for p in path), tuple(f(p[0]) for p in path), "points"))
        return Picture("path", say("pictures.path.title_1d", count=n, h=show_number(h)), say("pictures.path.theta"),
                       say("pictures.path.f"), tuple(series),
                       (Mark(path[0][0], f(path[0][0]), say("pictures.path.start", at=show_number(path[0][0]))),))
    series = []
    if plain_path is not None:
        series.append(Series(say("pictures.path.plain", lr=show_number(lr)), tuple(p[0] for p in plain_path),
                             tuple(p[1] for p in plain_path), "path"))
    series.append(Series(name, tuple(p[0] for p in path), tuple(p[1] for p in path), "path"))
    return Picture("path", say("pictures.path.title_2d", count=n, h1=show_number(curvature[0]), h2=show_number(curvature[1])),
                   say("pictures.path.theta1"), say("pictures.path.theta2"), tuple(series),
                   (Mark(start[0], start[1], say("pictures.path.start", at=_point(start))),
                    Mark(0.0, 0.0, say("pictures.path.minimum", at=_point([0, 0])))))


def _schedule(spec: dict, env: dict[str, Any]) -> Picture:
    from quizapp import engine

    name = spec["compute"]
    counter = SCHEDULES[name]
    first = 1 if name == "transformer_lr" else 0
    args = {k: _value(v, env) for k, v in spec["args"].items()}
    until = int(_number(spec["until"], env, "until"))
    warmup = int(_number(spec["warmup"], env, "warmup")) if "warmup" in spec else 0
    marks_at = [int(m) for m in _marks(spec.get("mark"), env)]
    if until < first + 1 or warmup < 0 or until > 10**9 or warmup > 10**9:
        raise PictureError("until must be a step after the first and warm-up ≥ 0")
    peak = None

    def lr(t: int) -> float:
        nonlocal peak
        if t < warmup:  # linear warm-up to the schedule's first rate
            if peak is None:
                peak = float(engine.compute(name, **{**args, counter: first}).value)
            return peak * t / warmup
        return float(engine.compute(name, **{**args, counter: t - warmup}).value)

    last = warmup + until
    ts = sorted({round(first + (last - first) * i / (MAX_POINTS - 1)) for i in range(MAX_POINTS)}
                | {m for m in marks_at if first <= m <= last} | ({warmup} if warmup else set()))
    ys = [lr(t) for t in ts]
    if not all(math.isfinite(y) for y in ys):
        raise PictureError("the schedule leaves the finite numbers")
    unit = spec.get("unit", counter)
    marks = tuple(Mark(float(m), y, say(f"pictures.schedule.mark_{unit}", t=m, lr=show_number(y)))
                  for m in marks_at if first <= m <= last for y in [lr(m)])
    x_label = say(f"pictures.schedule.{unit}")
    title = say("pictures.schedule.title_warmup" if warmup else "pictures.schedule.title", name=SCHEDULE_NAMES[name])
    return Picture("schedule", title, x_label, say("pictures.schedule.lr"),
                   (Series(say("pictures.schedule.curve"), tuple(map(float, ts)), tuple(ys)),), marks)


def show_number(x: float) -> str:
    """A number as a label writes it: four figures at most, the Unicode minus."""
    if float(x).is_integer() and abs(x) < 1e15:
        text = str(int(x))
    else:
        text = f"{x:.4g}"
        if "e" in text:  # 1.2e-05 -> 1.2×10⁻⁵
            mantissa, exponent = text.split("e")
            text = f"{mantissa}×10" + str(int(exponent)).translate(_SUPERSCRIPTS)
    return text.replace("-", "−")


def _point(xs: list[float]) -> str:
    return "(" + ", ".join(show_number(x) for x in xs) + ")"


_SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


# -- the plain-text fallback (``quizapp drill --plain``)


def plain_lines(picture: Picture, lang: str) -> list[str]:
    """The picture as a few lines of text: its title, then each series as a table
    of its points (a short series, or a path that doubles back: sampled evenly)
    or as a sparkline with its range (a long curve), then the marked points."""
    from quizapp.catalog import render

    out = [render(say("pictures.plain.title", title=picture.title), lang)]
    x_name, y_name = (render(label, lang) if label is not None else "x" if n == 0 else "y"
                      for n, label in enumerate((picture.x_label, picture.y_label)))
    pad = max(_cells(x_name), _cells(y_name))
    for s in picture.series:
        label = render(s.label, lang)
        rising = all(a < b for a, b in zip(s.x, s.x[1:]))
        if len(s.x) <= PLAIN_TABLE or not rising or s.style in ("points", "path"):
            picks = _evenly(len(s.x), PLAIN_TABLE)
            xs, ys = [show_number(s.x[i]) for i in picks], [show_number(s.y[i]) for i in picks]
            width = max(map(len, xs + ys))
            out.append(f"  {label}{render(say('pictures.plain.colon'), lang)}")
            out.append(f"    {x_name}{' ' * (pad - _cells(x_name))}  " + " ".join(v.rjust(width) for v in xs))
            out.append(f"    {y_name}{' ' * (pad - _cells(y_name))}  " + " ".join(v.rjust(width) for v in ys))
        else:
            out.append("  " + render(say("pictures.plain.spark", label=label, spark=sparkline(s.y),
                                         x=x_name, x_lo=show_number(min(s.x)), x_hi=show_number(max(s.x)),
                                         y_lo=show_number(min(s.y)), y_hi=show_number(max(s.y))), lang))
    for m in picture.marks:
        out.append("  • " + render(m.label, lang))
    return out


def _evenly(n: int, most: int) -> list[int]:
    """At most ``most`` indices of ``range(n)``, evenly spread, first and last kept."""
    if n <= most:
        return list(range(n))
    return sorted({round(i * (n - 1) / (most - 1)) for i in range(most)})


def _cells(text: str) -> int:
    """Terminal cells ``text`` takes (wide East Asian characters take two)."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def sparkline(values: tuple[float, ...] | list[float], width: int = 48) -> str:
    """At most ``width`` bars (a longer series is sampled evenly), lowest ▁, highest █."""
    if len(values) > width:
        values = [values[i] for i in _evenly(len(values), width)]
    lo, hi = min(values), max(values)
    if hi - lo < 1e-12 * max(1.0, abs(hi)):
        return SPARKS[3] * len(values)
    return "".join(SPARKS[min(len(SPARKS) - 1, int((v - lo) / (hi - lo) * len(SPARKS)))] for v in values)


# -- the deck check


def check(field: Any, names: set[str]) -> list[str]:
    """The problems of a card's ``picture`` field (one sentence each); ``names``
    are the parameters, derived values and stage names its expressions may use."""
    if not isinstance(field, dict):
        return ['picture must be a table like { kind = "roc", scores = "s", labels = "y" }']
    kind = field.get("kind")
    if kind not in KINDS:
        return [f"picture.kind must be one of {', '.join(KINDS)}, got {_said(kind)}"]
    required, optional = FIELDS[kind]
    out = [f"picture: unknown field {_said(k)} for a {kind} picture; it takes "
           f"{', '.join(sorted(required | optional | {'kind', 'at'}))}"
           for k in sorted(set(field) - required - optional - {"kind", "at"}, key=str)]
    out += [f"picture: missing field {k!r} for a {kind} picture" for k in sorted(required - set(field))]
    if "at" in field and field["at"] not in PLACES:
        out.append(f"picture.at must be \"question\" or \"verdict\", got {_said(field['at'])}")
    if out:
        return out
    return out + {"roc": _check_roc, "activation": _check_activation, "path": _check_path,
                  "schedule": _check_schedule}[kind](field, names)


def _said(v: Any) -> str:
    return repr(v)[:60]


def _check_value(v: Any, names: set[str], what: str) -> list[str]:
    """A number, or an expression on the card's names."""
    if isinstance(v, bool) or not isinstance(v, (int, float, str)):
        return [f"picture.{what} must be a number or an expression in quotes, got {_said(v)}"]
    if isinstance(v, str):
        from quizapp.kinds._computed import _expr_problems

        return [f"picture.{p}" for p in _expr_problems(v, names, what)]
    return []


def _check_list(v: Any, names: set[str], what: str, sizes: tuple[int, ...]) -> list[str]:
    if not isinstance(v, list) or len(v) not in sizes:
        return [f"picture.{what} must be a list of {' or '.join(map(str, sizes))} numbers or expressions"]
    return [p for x in v for p in _check_value(x, names, what)]


def _check_marks(field: dict, names: set[str]) -> list[str]:
    if "mark" not in field:
        return []
    marks = field["mark"]
    items = marks if isinstance(marks, list) else [marks]
    if not 1 <= len(items) <= MAX_MARKS:
        return [f"picture.mark must be one value or a list of 1 to {MAX_MARKS}"]
    return [p for x in items for p in _check_value(x, names, "mark")]


def _check_roc(field: dict, names: set[str]) -> list[str]:
    return (_check_value(field["scores"], names, "scores") + _check_value(field["labels"], names, "labels")
            + _check_marks(field, names))


def _check_activation(field: dict, names: set[str]) -> list[str]:
    name = field["function"]
    if name not in ACTIVATIONS:
        return [f"picture.function must be one of {', '.join(ACTIVATIONS)}, got {_said(name)}"]
    out = _check_value(field["x"], names, "x") if "x" in field else []
    args = field.get("args", {})
    extra = ACTIVATIONS[name][1]
    if not isinstance(args, dict):
        return out + ["picture.args must be a table like { negative_slope = \"a\" }"]
    for k, v in args.items():
        if k != extra:
            out.append(f"picture.args: {name} takes {extra or 'no argument'}, not {_said(k)}")
        else:
            out += _check_value(v, names, f"args.{k}")
    return out


def _check_path(field: dict, names: set[str]) -> list[str]:
    out = _check_list(field["curvature"], names, "curvature", (1, 2))
    out += _check_list(field["start"], names, "start", (1, 2))
    if not out and len(field["curvature"]) != len(field["start"]):
        out.append("picture.start must have as many coordinates as picture.curvature")
    out += _check_value(field["lr"], names, "lr")
    if "momentum" in field:
        out += _check_value(field["momentum"], names, "momentum")
    if "nesterov" in field and not isinstance(field["nesterov"], bool):
        out.append("picture.nesterov must be true or false")
    steps = field.get("steps", 10)
    if isinstance(steps, bool) or not isinstance(steps, int) or not 1 <= steps <= MAX_STEPS:
        out.append(f"picture.steps must be a whole number 1..{MAX_STEPS}")
    return out


def _check_schedule(field: dict, names: set[str]) -> list[str]:
    name = field["compute"]
    if name not in SCHEDULES:
        return [f"picture.compute must be one of {', '.join(SCHEDULES)}, got {_said(name)}"]
    from quizapp import engine

    params = set(engine.get(name).signature.parameters)
    counter = SCHEDULES[name]
    args = field["args"]
    if not isinstance(args, dict):
        return ["picture.args must be a table of argument = value"]
    out = []
    for k, v in args.items():
        if k not in params or k == counter:
            out.append(f"picture.args: {_said(k)} is not an argument to give; {name} is drawn over {counter} "
                       f"and takes {', '.join(sorted(params - {counter}))}")
        else:
            out += _check_value(v, names, f"args.{k}")
    required = {p.name for p in engine.get(name).signature.parameters.values()
                if p.default is p.empty} - {counter}
    out += [f"picture.args: {name} needs {k!r}" for k in sorted(required - set(args))]
    out += _check_value(field["until"], names, "until")
    if field.get("unit", "epoch") not in ("epoch", "step"):
        out.append(f"picture.unit must be \"epoch\" or \"step\" (what one tick of the schedule is), "
                   f"got {_said(field['unit'])}")
    if "warmup" in field:
        out += _check_value(field["warmup"], names, "warmup")
    return out + _check_marks(field, names)


__all__ = ["KINDS", "Mark", "from_statistics", "show_number", "Picture", "PictureError", "Series", "build", "check", "gd_path", "picture_for",
           "plain_lines", "sparkline"]


# -- the statistics screen's plots


def from_statistics(figures: dict[str, Any]) -> dict[str, Picture | None]:
    """The plots of ``quizapp.stats.statistics``' figures: ``reviews`` (per day,
    the last ``RECENT_DAYS``), ``retention`` (by week), ``forecast`` (due per day)
    and ``mocks`` (the mock-interview trend); None for a plot with nothing known
    to show (no answers yet, no mock interview), which the screen says in words
    rather than drawing zeros it does not know."""
    from datetime import date, timedelta

    today = date.fromisoformat(figures["study_day"])
    days = {d["day"]: d for d in figures["days"]}
    recent = [today - timedelta(days=RECENT_DAYS - 1 - i) for i in range(RECENT_DAYS)]
    xs = tuple(float(i - RECENT_DAYS + 1) for i in range(RECENT_DAYS))
    ticks = _date_ticks(recent, xs)
    reviews = tuple(float(days.get(d.isoformat(), {}).get("reviews", 0)) for d in recent)
    practice = tuple(float(days.get(d.isoformat(), {}).get("practice", 0)) for d in recent)
    out: dict[str, Picture | None] = {"reviews": None, "retention": None, "forecast": None, "mocks": None}
    if any(reviews) or any(practice):  # a day without any is left blank, not drawn as a sliver at 0
        kept = [i for i in range(RECENT_DAYS) if reviews[i] or practice[i]]
        kx = tuple(xs[i] for i in kept)
        series = [Series(say("statistics.series.reviews"), kx, tuple(reviews[i] for i in kept), "bars")]
        if any(practice):  # on top of the day's reviews, in its own colour
            series.append(Series(say("statistics.series.practice"), kx, tuple(practice[i] for i in kept), "stacked"))
        out["reviews"] = Picture("reviews", say("statistics.plot.reviews", count=RECENT_DAYS), None, None,
                                 tuple(series), x_ticks=ticks, x_range=(xs[0] - 0.5, xs[-1] + 0.5))
    weeks = figures["retention_weeks"]
    if any(w["retention"] is not None for w in weeks):
        wx = tuple(float(i - len(weeks) + 1) for i in range(len(weeks)))
        wy = tuple(math.nan if w["retention"] is None else 100 * w["retention"] for w in weeks)
        out["retention"] = Picture(
            "retention", say("statistics.plot.retention", count=len(weeks)), None, None,
            (Series(say("statistics.series.retention"), wx, wy),),
            x_ticks=_date_ticks([date.fromisoformat(w["end"]) for w in weeks], wx), x_range=(wx[0], wx[-1]),
            y_range=(0.0, 100.0))
    forecast = figures["forecast"]
    fx = tuple(float(i) for i in range(len(forecast)))
    fy = tuple(float(d["due"]) for d in forecast)
    if any(fy):
        out["forecast"] = Picture(
            "forecast", say("statistics.plot.forecast", count=len(forecast)), None, None,
            (Series(say("statistics.series.due"), *_nonzero(fx, fy), "bars"),),
            x_ticks=_date_ticks([date.fromisoformat(d["day"]) for d in forecast], fx),
            x_range=(-0.5, fx[-1] + 0.5))
    trend = figures["mock_trend"]
    if trend:
        mx = tuple(float(i + 1) for i in range(len(trend)))
        out["mocks"] = Picture(
            "mocks", say("statistics.plot.mocks", count=len(trend)), None, None,
            (Series(say("statistics.series.score"), mx, tuple(100 * r["score"] for r in trend),
                    "line" if len(trend) > 1 else "points"),),
            x_ticks=_date_ticks([date.fromisoformat(r["started"][:10]) for r in trend], mx),
            x_range=(0.5, len(trend) + 0.5), y_range=(0.0, 100.0))
    return out


RECENT_DAYS = 30


def _nonzero(xs: tuple[float, ...], ys: tuple[float, ...]) -> tuple[tuple[float, ...], tuple[float, ...]]:
    kept = [(x, y) for x, y in zip(xs, ys) if y]
    return tuple(x for x, _ in kept), tuple(y for _, y in kept)


def _date_ticks(days: list, xs: tuple[float, ...], most: int = 5) -> tuple[tuple[float, str], ...]:
    """A few evenly spread dates as ``MM-DD`` tick labels (digits read alike in
    every language)."""
    return tuple((xs[i], days[i].strftime("%m-%d")) for i in _evenly(len(xs), most))
