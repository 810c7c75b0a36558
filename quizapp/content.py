"""The question bank: load and validate deck files; instantiate a template with a seed.

Public API (other modules and the UI depend on exactly this):

    bank = load_bank()                    # every deck in content/ (or load_bank(path))
    bank.templates["metrics.f1-counts"]   # Template
    bank.errors                           # list[DeckError], each "file:line: message"
    inst = instantiate(template, seed)    # Instance: same seed -> same instance
    v = judge(inst.stages[0], "0.83")     # a Verdict (quizapp.verdict) for a numeric stage
    c = judge_choice(inst, "2")           # a Verdict for a choice card
    inst = instance_for("metrics.f1-counts", seed=7)   # drill-ready, from an id

A template whose numbers cannot be drawn or computed raises ``TemplateError``
(its ``.error`` is a ``DeckError`` pointing at the card); an unknown id raises
``UnknownCard``. The deck format is documented in ``content/README.md``.

Instances carry text in every language (dicts keyed "en"/"zh"), so switching
language re-renders the same instance without drawing new numbers.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quizapp.verdict import Mistake, Verdict

LANGS = ("en", "zh")
KINDS = ("concept", "choice", "numeric", "steps")

Text = dict  # {"en": str, "zh": str}


@dataclass(frozen=True)
class DeckError:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        from quizapp.safe_text import printable

        # File names and messages may carry a deck's text: never let it reach a terminal raw.
        return printable(f"{self.file}:{self.line}: {self.message}")


@dataclass(frozen=True)
class Template:
    """One card as written in a deck: the skill that FSRS schedules."""

    id: str
    topic: str
    kind: str
    tags: tuple[str, ...]
    difficulty: int  # 1 (easy) .. 5 (hard)
    source: str  # which note and section
    title: Text  # short name shown in lists
    file: str
    line: int
    spec: dict = field(repr=False, compare=False, hash=False, default_factory=dict)


@dataclass(frozen=True)
class Stage:
    """One graded answer: the whole of a numeric card, or one stage of a steps card."""

    prompt: Text
    expected: Any  # float or (nested) list
    answer_text: str  # the expected value written at the card's displayed precision
    solution: tuple  # worked steps for these exact numbers: plain lines and catalog Msgs (worked() renders)
    mistakes: tuple[Mistake, ...] = ()
    rtol: float | None = None
    atol: float | None = None
    min_decimals: int | None = None  # the fewest decimals / figures a plain number must show
    min_sig: int | None = None  # to be judged (the prompt says so)
    name: str = ""  # steps: the stage's name (m1); later stages may use its value
    computation: str = ""  # the engine computation behind ``expected`` ("" for an expr stage)
    args: dict = field(default_factory=dict)  # its arguments for these numbers
    pick: tuple = ()  # keys/indices that select ``expected`` from the computation's value
    before: Text = field(default_factory=dict)  # card-written lines shown before the steps
    after: Text = field(default_factory=dict)  # ... and after them

    def worked(self, lang: str) -> list[str]:
        """The worked solution in one language: card lines around the engine's steps
        (the engine's worded lines are catalog messages, rendered in ``lang``)."""
        from quizapp.catalog import render

        head = self.before.get(lang, "").splitlines()
        tail = self.after.get(lang, "").splitlines()
        return [*head, *(render(line, lang) for line in self.solution), *tail]


@dataclass(frozen=True)
class Instance:
    template: Template
    seed: int
    prompt: Text  # the question with its numbers filled in
    params: dict = field(default_factory=dict)  # the drawn parameters
    stages: tuple[Stage, ...] = ()  # numeric: one; steps: two or more; else none
    options: tuple[Text, ...] = ()  # choice: options in this instance's shuffled order
    correct: frozenset[int] = frozenset()  # choice: indices into options
    multiple: bool = False  # choice: more than one option is right
    answer: Text = field(default_factory=dict)  # concept: the model answer; else an explanation
    key_points: tuple[Text, ...] = ()  # concept: the rubric
    note: Text = field(default_factory=dict)  # where the source notes are wrong, the correction

    @property
    def kind(self) -> str:
        return self.template.kind


@dataclass
class Bank:
    templates: dict[str, Template]
    errors: list[DeckError]
    topics: dict[str, Text]  # topic id -> display title, in deck order

    def pairs(self) -> list[tuple[str, str]]:
        """(template id, topic) for every template, in deck order."""
        return [(tid, t.topic) for tid, t in self.templates.items()]

    def fingerprint(self) -> str:
        """A short hash of ``pairs()``: the store syncs only when it changes. Computed
        once per bank (a bank is not changed after loading)."""
        cached = self.__dict__.get("_fingerprint")
        if cached is None:
            import hashlib
            import json

            cached = hashlib.blake2b(json.dumps(self.pairs()).encode(), digest_size=16).hexdigest()
            self.__dict__["_fingerprint"] = cached
        return cached


class TemplateError(Exception):
    """A template cannot produce an instance: constraints never met, or the engine
    rejects the drawn numbers. ``error`` points at the card in its deck."""

    def __init__(self, error: DeckError):
        super().__init__(str(error))
        self.error = error


class UnknownCard(LookupError):
    """No card in the bank has that id."""

    def __str__(self) -> str:
        return str(self.args[0])


MAX_DRAWS = 1000


def load_bank(path: str | Path | None = None) -> Bank:
    """Every deck in a folder (default ``quizapp.paths.content_dir()``) or one deck file.

    A malformed deck, or card, is skipped and its problems recorded in ``errors``;
    the rest still load. Cards are checked against the schema, never instantiated.
    """
    from quizapp import deck_format
    from quizapp.paths import content_dir

    root = Path(path) if path is not None else content_dir()
    bank = Bank(templates={}, errors=[], topics={})
    files, problems = deck_format.deck_files(root)
    bank.errors.extend(problems)
    left = deck_format.MAX_BANK_BYTES  # all decks together are read within one bound
    for file in files:
        deck = deck_format.read_deck(file, max_bytes=min(deck_format.MAX_DECK_BYTES, left))
        left -= deck.size
        bank.errors.extend(deck.errors)
        if deck.topic is None:
            continue
        bank.topics.setdefault(deck.topic, deck.title)
        for t in deck.templates:
            first = bank.templates.get(t.id)
            if first is not None:
                bank.errors.append(
                    DeckError(t.file, t.line, f"duplicate id {t.id!r} (first at {first.file}:{first.line})")
                )
                continue
            bank.templates[t.id] = t
    bank.errors.sort(key=lambda e: (e.file, e.line))
    return bank


_default_bank: Bank | None = None


def instance_for(card_id: str, seed: int, bank: Bank | None = None) -> Instance:
    """A drill-ready instance of the card ``card_id`` for ``seed`` (the default bank
    is loaded once and kept)."""
    global _default_bank
    if bank is None:
        if _default_bank is None:
            _default_bank = load_bank()
        bank = _default_bank
    template = bank.templates.get(card_id)
    if template is None:
        import difflib

        close = difflib.get_close_matches(card_id, bank.templates, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise UnknownCard(f"no card with id {card_id!r}{hint}")
    return instantiate(template, seed)


def instantiate(template: Template, seed: int) -> Instance:
    """The instance of ``template`` for ``seed``: the same seed always gives the same
    numbers, option order, answers and mistakes."""
    from quizapp.params import rng_for

    spec = template.spec
    rng = rng_for(template.id, seed)
    note = spec.get("note", {})
    if template.kind == "concept":
        return Instance(
            template, seed, spec["question"], answer=spec["answer"],
            key_points=tuple(spec["key_points"]), note=note,
        )  # fmt: skip
    if template.kind == "choice":
        opts = spec["options"]
        order = list(range(len(opts)))
        if spec.get("shuffle", True):
            rng.shuffle(order)
        correct = frozenset(pos for pos, i in enumerate(order) if opts[i].get("correct"))
        return Instance(
            template, seed, spec["question"],
            options=tuple({lang: opts[i][lang] for lang in LANGS} for i in order),
            correct=correct, multiple=len(correct) > 1, answer=spec["explanation"], note=note,
        )  # fmt: skip
    from quizapp.expr import budget

    with budget():  # everything evaluated for one instance shares one bounded count of steps
        return _instantiate_template(template, seed, rng)


def _instantiate_template(template: Template, seed: int, rng) -> Instance:
    from quizapp.params import fill

    spec = template.spec
    env, params = _draw(template, seed, rng)
    decimals = {n: p.get("decimals", 2) for n, p in spec["params"].items() if "float" in p}
    stages = []
    for st in spec["stage"] if template.kind == "steps" else [spec]:
        stage = _stage(template, seed, st, env, decimals)
        stages.append(stage)
        if stage.name:
            env[stage.name] = stage.expected
    prompt = {lang: fill(spec["prompt"][lang], env, decimals) for lang in LANGS}
    if template.kind == "numeric":
        stages[0] = _replace(stages[0], prompt=prompt)
    stages = [_replace(st, prompt=_asking_precision(st)) for st in stages]
    if template.kind == "numeric":
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


def answer_shape(v: Any) -> tuple[int, ...] | None:
    """The shape of a gradable value — a finite number ``()``, or a regular, non-empty
    (nested) list of them — else None (text, a ragged list, infinity…)."""
    if isinstance(v, list):
        shapes = {answer_shape(x) for x in v}
        if not v or len(shapes) != 1 or None in shapes:
            return None
        return (len(v), *shapes.pop())
    return () if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) else None


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


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def judge_choice(instance: Instance, text: str) -> Verdict:
    """Judge a choice answer: ``2``, ``1,3``, ``1 3``, ``b`` or ``a,c`` (1-based
    numbers or letters, in this instance's shuffled order). A multiple-answer card
    needs exactly the set of correct options."""
    from quizapp.catalog import say

    n = len(instance.options)
    chosen = _read_choice(text, n)
    right = ", ".join(_LETTERS[i].upper() for i in sorted(instance.correct))
    if chosen is None:
        return Verdict("again", say("grading.choice_unreadable", typed=text.strip(), n=n, last=_LETTERS[n - 1]))
    value = sorted(chosen)
    if chosen == instance.correct:
        return Verdict("correct", say("grading.choice_correct"), value)
    hits, wrong = len(chosen & instance.correct), len(chosen - instance.correct)
    if instance.multiple:
        reason = say("grading.choice_partial", hits=hits, count=len(instance.correct), wrong=wrong, right=right)
    else:
        reason = say("grading.choice_wrong", right=right)
    return Verdict("wrong", reason, value)


def _read_choice(text: str, n: int) -> frozenset[int] | None:
    tokens = [t.strip("().") for t in re.split(r"[\s,;，、]+", text.strip().lower()) if t.strip("().")]
    out: set[int] = set()
    for t in tokens:
        if t.isdigit():
            idx = [int(t) - 1]
        elif t.isascii() and t.isalpha():
            idx = [_LETTERS.index(c) for c in t]
        else:
            return None
        if not all(0 <= i < n for i in idx):
            return None
        out.update(idx)
    return frozenset(out) if out else None
