"""What the computed kinds (numeric, steps) share: fresh numbers drawn from a
card's parameters, each stage computed by the engine (or a deck expression), its
named mistakes computed alongside, answers judged by the grader; and the deck
checks of parameters, expressions, computations and stages.

``numeric`` is one stage (the card itself); ``steps`` is several, each a table
under ``[[card.stage]]`` whose value later stages may use by name.
"""

from __future__ import annotations

import inspect
from typing import Any

from quizapp.content import (
    LANGS,
    MAX_DRAWS,
    DeckError,
    Instance,
    Stage,
    Template,
    TemplateError,
    Text,
    answer_shape,
)
from quizapp.deck_format import ID_RE, MAX_ITEMS, NAME_RE, Problems, _text_problem
from quizapp.params import (
    MAX_FORMAT_PRECISION,
    MAX_PARAM_ELEMENTS,
    check_format_spec,
    check_param,
    param_size,
    placeholders,
    stray_brace,
)
from quizapp.verdict import Mistake, Verdict

_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
STAGE_KEYS = {"prompt", "compute", "args", "const", "pick", "decimals", "sig", "min_decimals", "min_sig", "rtol", "atol",
              "mistake", "before", "after"}
TEMPLATE_KEYS = {"prompt", "params", "constraints", "derived", "picture"}  # picture: quizapp.pictures
MISTAKE_KEYS = {"id", "label", "compute", "args", "const", "pick", "expr"}



def instantiate(template: Template, seed: int, rng, stage_specs: list[dict], *, single: bool) -> Instance:
    """Draw the parameters and compute every stage of ``stage_specs``. A ``single``
    stage is the card itself: its prompt is the card's prompt."""
    from quizapp.params import fill

    spec = template.spec
    env, params = _draw(template, seed, rng)
    decimals = {n: p.get("decimals", 2) for n, p in spec["params"].items() if "float" in p}
    stages = []
    for st in stage_specs:
        stage = _stage(template, seed, st, env, decimals)
        stages.append(stage)
        if stage.name:
            env[stage.name] = stage.expected
    prompt = {lang: fill(spec["prompt"][lang], env, decimals) for lang in LANGS}
    if single:
        stages[0] = _replace(stages[0], prompt=prompt)
    stages = [_replace(st, prompt=_asking_precision(st)) for st in stages]
    if single:
        prompt = stages[0].prompt
    return Instance(template, seed, prompt, params=params, stages=tuple(stages), note=spec.get("note", {}))


def _asking_precision(stage: Stage) -> Text:
    """The stage's prompt, saying the precision it requires (when it requires one)."""
    from quizapp.catalog import say

    if stage.min_decimals is not None:
        ask = say("grading.ask_decimals", count=stage.min_decimals)
    elif stage.min_sig is not None:
        ask = say("grading.ask_sig", count=stage.min_sig)
    else:
        return stage.prompt
    return {lang: text + ask.text(lang) for lang, text in stage.prompt.items()}


def _replace(stage: Stage, **changes: Any) -> Stage:
    from dataclasses import replace

    return replace(stage, **changes)


def _draw(template: Template, seed: int, rng) -> tuple[dict, dict]:
    """Parameters and derived values that meet every constraint (bounded retries)."""
    from quizapp.expr import ExprError, compile_expr
    from quizapp.params import draw

    spec = template.spec
    derived = [(n, compile_expr(t)) for n, t in spec.get("derived", {}).items()]
    constraints = [compile_expr(c) for c in spec.get("constraints", [])]
    last = ""
    for _ in range(MAX_DRAWS):
        env: dict[str, Any] = {}
        for name, p in spec["params"].items():
            env[name] = draw(p, rng, env)
        params = dict(env)
        try:
            for name, e in derived:
                env[name] = e.evaluate(env)
            failed = [c.text for c in constraints if not c.evaluate(env)]
        except ExprError as exc:
            failed, last = [str(exc)], str(exc)
        if not failed:
            return env, params
        last = last or failed[0]
    raise TemplateError(
        DeckError(template.file, template.line, f"seed {seed}: no draw in {MAX_DRAWS} meets the constraints (last failing: {last})")
    )


def _call(template: Template, seed: int, st: dict, env: dict, base: dict | None) -> tuple[Any, list[str], str, dict, tuple]:
    """Evaluate a stage's (or a mistake's) computation: value, steps, name, args, pick."""
    from quizapp import engine
    from quizapp.expr import ExprError, compile_expr, pretty, symbol
    from quizapp.params import show

    def fail(msg: str) -> TemplateError:
        return TemplateError(DeckError(template.file, template.line, f"{template.id}, seed {seed}: {msg}"))

    try:
        if "expr" in st:
            e = compile_expr(st["expr"])
            value = e.evaluate(env)
            if answer_shape(value) is None:
                raise ExprError(f"{st['expr']!r} gives {show(value)[:80]}; a stage's value must be a number or a list of numbers")
            symbols = template.spec.get("symbols")
            label = symbol(st.get("name", "value"), symbols)
            line = f"{label} = {pretty(e.text, symbols)} = {e.explain(env, show, symbols)} = {show(value)}"
            return value, [line], "", {}, ()
        name = st.get("compute", base["compute"] if base else None)
        exprs = dict(base.get("args", {})) if base else {}
        consts = dict(base.get("const", {})) if base else {}
        for k, v in st.get("args", {}).items():
            exprs[k] = v
            consts.pop(k, None)
        for k, v in st.get("const", {}).items():
            consts[k] = v
            exprs.pop(k, None)
        args = {k: compile_expr(v).evaluate(env) if isinstance(v, str) else v for k, v in exprs.items()}
        args.update(consts)
        result = engine.compute(name, **args)
    except (ExprError, engine.EngineError) as exc:
        raise fail(str(exc)) from None
    pick = st.get("pick", base.get("pick") if base else None)
    pick = tuple(pick if isinstance(pick, list) else [pick]) if pick is not None else ()
    value = result.value
    for p in pick:
        try:
            value = value[p]
        except (KeyError, IndexError, TypeError):
            raise fail(f"pick {p!r} does not select anything from {show(value)}") from None
    if answer_shape(value) is None:
        raise fail(f"{name} gives {show(value)[:80]}; use pick to choose a number or a list")
    return value, list(result.lines), name, args, pick


def _stage(template: Template, seed: int, st: dict, env: dict, decimals: dict) -> Stage:
    from quizapp.params import answer_text, fill, precision_of

    value, steps, name, args, pick = _call(template, seed, st, env, None)
    mistakes = []
    for m in st.get("mistake", []):
        base = st if m.get("compute", st.get("compute")) == st.get("compute") and "expr" not in m else None
        try:
            mv = _call(template, seed, m, env, base)[0]
        except TemplateError:
            continue  # a mistake that cannot be computed for these numbers is left out
        if answer_shape(mv) is None:
            continue  # nor one whose value could not be graded (text, a ragged list…)
        mistakes.append(Mistake(m["id"], m["label"], mv))
    own = {**env, st["name"]: value} if "name" in st else env
    text = {key: {lang: fill(st[key][lang], own if key == "after" else env, decimals) for lang in LANGS} for key in ("prompt", "before", "after") if key in st}
    return Stage(
        prompt=text.get("prompt", {}),
        expected=value,
        answer_text=answer_text(value, **precision_of(st)),
        solution=tuple(steps),
        mistakes=tuple(mistakes),
        rtol=st.get("rtol"),
        atol=st.get("atol"),
        min_decimals=st.get("min_decimals"),
        min_sig=st.get("min_sig"),
        name=st.get("name", ""),
        computation=name,
        args=args,
        pick=pick,
        before=text.get("before", {}),
        after=text.get("after", {}),
    )


def judge(stage: Stage, text: str) -> Verdict:
    """Grade ``text`` against the stage's answer (with its tolerance and required
    precision); when it is wrong but matches a common mistake, name the mistake."""
    from quizapp.catalog import say
    from quizapp.grading import grade, outcome

    precision = {"rtol": stage.rtol, "atol": stage.atol, "min_decimals": stage.min_decimals, "min_sig": stage.min_sig}
    v = grade(text, stage.expected, **precision)
    if v.outcome != "wrong":
        return v
    shape = answer_shape(stage.expected)
    for m in stage.mistakes:
        if answer_shape(m.value) != shape:
            continue  # never named: check-content reports a mistake of another shape
        if outcome(text, m.value, **precision) == "correct":
            return v.with_mistake(m, say("grading.named_mistake", label=m.label, detail=v.reason))
    return v


def check_setup(card: dict) -> tuple[Problems, set[str]]:
    """The problems of a computed card's params, derived values, constraints and
    prompt, and the names its stages may use."""
    from quizapp.expr import FUNCTIONS
    out: Problems = []
    known: set[str] = set()
    params = card["params"]
    if not isinstance(params, dict) or not params:
        return [("params", "params must be a table of parameter declarations")], set()
    declared: dict[str, Any] = {}
    drawn = 0
    for name, spec in params.items():
        if not NAME_RE.fullmatch(name) or name in FUNCTIONS:
            out.append(("params", f"parameter name {name!r} is not a valid name (or is a function name)"))
        p = check_param(name, spec, declared)
        if p:
            out.append(((name, "params"), p))
        elif drawn <= MAX_PARAM_ELEMENTS:  # said once, at the parameter that passes the limit
            drawn += param_size(spec, declared)
            if drawn > MAX_PARAM_ELEMENTS:
                out.append(((name, "params"), f"parameters up to {name!r} can hold {drawn} numbers; the parameters "
                                              f"of a card hold at most {MAX_PARAM_ELEMENTS} together"))
        known.add(name)
        declared[name] = spec
    derived = card.get("derived", {})
    if not isinstance(derived, dict):
        out.append(("derived", "derived must be a table of name = \"expression\""))
        derived = {}
    for name, text in derived.items():
        if name in known or name in FUNCTIONS or not NAME_RE.fullmatch(name):
            out.append(((name, "derived"), f"derived name {name!r} is taken or not a valid name"))
        out += [((name, "derived"), p) for p in _expr_problems(text, known, f"derived {name}")]
        known.add(name)
    cons = card.get("constraints", [])
    if not isinstance(cons, list):
        out.append(("constraints", "constraints must be a list of expressions"))
        cons = []
    for c in cons:
        out += [("constraints", p) for p in _expr_problems(c, known, "constraint")]
    out += _text_names(card["prompt"], "prompt", known)
    return out, known


def check_numeric(card: dict) -> Problems:
    out, known = check_setup(card)
    return out + _check_stage(card, known, "", is_numeric=True) + _check_picture(card, known)


def _check_picture(card: dict, known: set[str]) -> Problems:
    """The optional ``picture`` field (quizapp.pictures), whose expressions may use
    the parameters, derived values and stage names."""
    if "picture" not in card:
        return []
    from quizapp.pictures import check

    return [("picture", p) for p in check(card["picture"], known)]


def check_steps(card: dict) -> Problems:
    from quizapp.expr import FUNCTIONS

    out, known = check_setup(card)
    stages = card["stage"]
    if not isinstance(stages, list) or len(stages) < 2:
        return out + [("stage", "a steps card needs at least two [[card.stage]] tables")]
    for i, st in enumerate(stages):
        where = f"stage {i + 1}: "
        if not isinstance(st, dict):
            out.append(("stage", where + "must be a table"))
            continue
        extra = set(st) - STAGE_KEYS - {"name", "expr"}
        out += [("stage", where + f"unknown field {k!r}") for k in sorted(extra)]
        name = st.get("name")
        if not isinstance(name, str) or not NAME_RE.fullmatch(name) or name in known or name in FUNCTIONS:
            out.append(("stage", where + "name must be a new identifier like m1 (later stages may use it)"))
            name = None
        if "prompt" not in st:
            out.append(("stage", where + "missing field 'prompt'"))
        elif (p := _text_problem("prompt", st["prompt"])) is not None:
            out.append(("stage", where + p))
        else:
            out += [(k, where + m) for k, m in _check_stage(st, known, name, is_numeric=False)]
        if name:
            known.add(name)
    if isinstance(stages[-1], dict) and "compute" not in stages[-1]:
        out.append(("stage", "the last stage must use an engine computation (compute = …)"))
    return out + _check_picture(card, known)


def _check_stage(st: dict, known: set[str], own: str | None, *, is_numeric: bool) -> Problems:
    out: Problems = []
    if ("compute" in st) == ("expr" in st):
        return [("compute", "a stage needs exactly one of compute = \"name\" or expr = \"…\"")]
    if "expr" in st:
        out += [("expr", p) for p in _expr_problems(st["expr"], known, "expr")]
    else:
        out += _check_call(st, known, "compute", None)
    if "decimals" in st and "sig" in st:
        out.append(("decimals", "give decimals or sig, not both"))
    if "min_decimals" in st and "min_sig" in st:
        out.append(("min_decimals", "give min_decimals or min_sig, not both"))
    for key, lo, hi in (("decimals", 0, 12), ("sig", 1, 15), ("min_decimals", 0, 12), ("min_sig", 1, 15)):
        v = st.get(key, lo)
        if not isinstance(v, int) or isinstance(v, bool) or not lo <= v <= hi:
            out.append((key, f"{key} must be a whole number {lo}..{hi}"))
    for key in ("rtol", "atol"):
        v = st.get(key, 0)
        if not isinstance(v, (int, float)) or isinstance(v, bool) or v < 0:
            out.append((key, f"{key} must be a number ≥ 0"))
    after = known | ({own} if own else set())
    if not is_numeric:
        out += _text_names(st["prompt"], "prompt", known)
    for key in ("before", "after"):
        if key in st:
            p = _text_problem(key, st[key])
            out += [(key, p)] if p else _text_names(st[key], key, after if key == "after" else known)
    mistakes = st.get("mistake", [])
    if not isinstance(mistakes, list):
        return out + [("mistake", "mistake must be an array of tables: [[card.mistake]]")]
    if len(mistakes) > MAX_ITEMS["mistake"]:
        return out + [("mistake", f"{len(mistakes)} mistakes; a stage may have at most {MAX_ITEMS['mistake']}")]
    seen: set[str] = set()
    for i, m in enumerate(mistakes):
        out += [("mistake", f"mistake {i + 1}: {p}") for p in _mistake_problems(m, st, known, seen)]
    return out


def _mistake_problems(m: Any, st: dict, known: set[str], seen: set[str]) -> list[str]:
    if not isinstance(m, dict):
        return ["must be a table"]
    out = [f"unknown field {k!r}" for k in sorted(set(m) - MISTAKE_KEYS)]
    mid = m.get("id")
    if not isinstance(mid, str) or not ID_RE.fullmatch(mid) or mid in seen:
        out.append("id must be a short lower-case id, unique within the stage")
    else:
        seen.add(mid)
    p = _text_problem("label", m.get("label"), one_line=True)
    if p:
        out.append(p)
    if "expr" in m:
        if set(m) & {"compute", "args", "const", "pick"}:
            out.append("give expr or compute/args, not both")
        return out + _expr_problems(m["expr"], known, "expr")
    if not (set(m) & {"compute", "args", "const", "pick"}):
        return out + ["say what the mistake computes: expr, or compute/args/const/pick"]
    base = st if m.get("compute", st.get("compute")) == st.get("compute") else None
    return out + [msg for _, msg in _check_call(m, known, "compute", base)]


def _check_call(st: dict, known: set[str], key: str, base: dict | None) -> Problems:
    """compute/args/const/pick: the computation exists and takes exactly these arguments.

    ``base`` is the stage a mistake inherits arguments from (same computation)."""
    name = st.get(key, base.get(key) if base else None)
    args = st.get("args", {})
    const = st.get("const", {})
    if not isinstance(args, dict) or not isinstance(const, dict):
        return [("args", "args and const must be tables of argument = value")]
    from quizapp import engine

    try:  # a long or odd name is not looked up (the did-you-mean search is quadratic in its length)
        comp = engine.get(name) if isinstance(name, str) and len(name) <= 64 and NAME_RE.fullmatch(name) else None
    except engine.UnknownComputation as exc:
        return [(key, str(exc))]
    if comp is None:
        return [(key, "compute must name an engine computation")]
    out: Problems = []
    for arg, v in args.items():
        if isinstance(v, str):
            out += [("args", p) for p in _expr_problems(v, known, f"argument {arg}")]
    both = set(args) & set(const)
    if both:
        out.append(("const", f"argument {sorted(both)[0]!r} is in both args and const"))
    given = set(args) | set(const) | (set(base.get("args", {})) | set(base.get("const", {})) if base else set())
    params = comp.signature.parameters
    for arg in sorted(given - set(params)):
        out.append(("args", f"{comp.name} has no argument {arg!r}; it takes {', '.join(params)}"))
    for p in params.values():
        if p.default is inspect.Parameter.empty and p.name not in given:
            out.append(("args", f"{comp.name} needs argument {p.name!r}; usage: {comp.usage()}"))
    pick = st.get("pick")
    if pick is not None:
        parts = pick if isinstance(pick, list) else [pick]
        if not parts or not all(isinstance(x, (str, int)) and not isinstance(x, bool) for x in parts):
            out.append(("pick", "pick must be a key, an index, or a list of them"))
    return out


def _expr_problems(text: Any, known: set[str], what: str) -> list[str]:
    from quizapp.expr import ExprError, compile_expr

    try:
        e = compile_expr(text)
    except ExprError as exc:
        return [f"{what}: {exc}"]
    unknown = sorted(e.names - known)
    return [f"{what}: unknown name {unknown[0]!r} in {text!r}"] if unknown else []


def _text_names(text: dict, what: str, known: set[str]) -> Problems:
    out: Problems = []
    for lang in LANGS:
        stray = stray_brace(text[lang])
        if stray:
            out.append((what, f"{what}.{lang}: {stray!r} is not a placeholder; use {{name}} with a "
                              f"parameter or derived name (write {{{{ }}}} for a literal brace)"))
        for name, spec in placeholders(text[lang]):
            if name not in known:
                out.append((what, f"{what}.{lang}: unknown placeholder {{{name}}}"))
            elif not check_format_spec(spec):
                out.append((what, f"{what}.{lang}: format {{{name}:{spec[:20]}}} must be like .3f, .3g or .1% "
                                  f"(at most {MAX_FORMAT_PRECISION} digits)"))
    return out
