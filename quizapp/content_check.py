"""The bank's self-test behind ``quizapp check-content``.

``check_bank(bank, seeds=200)`` instantiates every numeric and steps template with
seeds 0..N−1 and reports, as ``DeckError``s pointing at the card:

- a seed whose numbers cannot be drawn or computed (constraints never met, the
  engine rejects the arguments, a non-finite or non-numeric answer);
- an ``answer_text`` that ``judge`` does not grade correct;
- a common mistake that is not clearly different from the right answer in at least
  95% of seeds (the right answer is judged as that mistake, or the mistake's value
  written at the card's precision is graded correct — or it cannot be computed);
- a common mistake that passes as right: its value typed as a plain number at the
  coarsest precision the stage accepts (``min_decimals`` decimals, ``min_sig``
  significant figures, or the default two) and at every finer one up to six
  significant figures must not be graded correct in at least 95% of seeds;
- a right answer typed to seven significant figures (a whole number in full) that is
  not graded correct;
- an answer that disagrees with the torch/sklearn cross-check
  (``quizapp.engine.crosscheck``) on the first ``crosscheck_seeds`` seeds.

Cross-checks are cached by (computation, arguments) and run on the first seeds only
(torch and sklearn calls cost far more than the numpy engine); the engine itself is
checked on every seed. Templates are checked in parallel (``jobs`` processes, one
template at a time each); the report is the same as a serial run's.
"""

from __future__ import annotations

import importlib.util
import json
import math
import os
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from quizapp.content import Bank, DeckError, Stage, Template, TemplateError, instantiate
from quizapp.kinds._computed import judge
from quizapp.grading import DEFAULT_SIG
from quizapp.params import answer_text, precision_of

MISTAKE_DIFFERS = 0.95
MISTAKE_PASSES = 0.05  # a named mistake may be graded right in at most this share of seeds
FINEST_SIG = 6  # a mistake is typed at every precision from the coarsest accepted up to this
RIGHT_SIG = 7  # the right answer typed to this many figures must always be graded correct


@dataclass
class Report:
    cards: int
    by_topic: dict[str, int]
    by_kind: dict[str, int]
    languages: dict[str, int]
    errors: list[DeckError]
    notes: list[str] = field(default_factory=list)  # e.g. "cross-check skipped: …"

    def to_dict(self) -> dict:
        return {
            "cards": self.cards,
            "by_topic": self.by_topic,
            "by_kind": self.by_kind,
            "languages": self.languages,
            "errors": [{"file": e.file, "line": e.line, "message": e.message} for e in self.errors],
        }


def crosscheck_available() -> str | None:
    """None when torch and scikit-learn can be imported, else which is missing."""
    missing = [m for m in ("torch", "sklearn") if importlib.util.find_spec(m) is None]
    return " and ".join(missing) or None


def check_bank(bank: Bank, seeds: int = 200, crosscheck_seeds: int = 20, jobs: int | None = None) -> Report:
    """Validate (the bank's load errors) and self-test every template, in ``jobs``
    processes (default: one per CPU; 1 checks in this process)."""
    from quizapp.content import LANGS

    templates = list(bank.templates.values())
    report = Report(
        cards=len(templates),
        by_topic=dict(Counter(t.topic for t in templates)),
        by_kind=dict(Counter(t.kind for t in templates)),
        languages={lang: sum(1 for t in templates if t.title.get(lang)) for lang in LANGS},
        errors=list(bank.errors),
    )
    missing = crosscheck_available()
    if missing:
        report.notes.append(f"{missing} not installed: the torch/sklearn cross-check is skipped")
    graded = [t for t in templates if _stage_specs(t)]
    no_reference: set[str] = set()
    for errors, unreferenced in _check_all(graded, seeds, crosscheck_seeds, missing is None, jobs):
        report.errors.extend(errors)
        no_reference |= unreferenced
    report.notes.extend(_CrossCheck.notes_for(no_reference))
    report.errors.sort(key=lambda e: (e.file, e.line))
    return report


def _check_all(templates: list[Template], seeds: int, xseeds: int, crosscheck: bool, jobs: int | None) -> list:
    """``_check_one`` for every template, in order: in this process, or spread over
    ``jobs`` processes, the costliest templates first so no worker is left with a
    long one at the end."""
    jobs = max(1, jobs if jobs is not None else os.cpu_count() or 1)
    tasks = [(t, seeds, xseeds, crosscheck) for t in templates]
    if jobs == 1 or len(tasks) < 2:
        checker = _CrossCheck(enabled=crosscheck)  # one cache for the whole bank
        return [(_check_template(t, seeds, xseeds, checker), set(checker.no_reference)) for t in templates]
    from concurrent.futures import ProcessPoolExecutor

    order = sorted(range(len(tasks)), key=lambda i: -_cost(templates[i]))
    results: list = [None] * len(tasks)
    with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), mp_context=_pool_context()) as pool:
        for i, result in zip(order, pool.map(_check_one, [tasks[i] for i in order])):
            results[i] = result
    return results


def _check_one(task: tuple) -> tuple[list[DeckError], set[str]]:
    t, seeds, xseeds, crosscheck = task
    checker = _CrossCheck(enabled=crosscheck)
    return _check_template(t, seeds, xseeds, checker), checker.no_reference


def _cost(t: Template) -> int:
    specs = _stage_specs(t)
    return sum(2 + len(s.get("mistake", [])) for s in specs)


def _pool_context():
    """Fork when this process runs no other thread (fast: the workers start with
    everything imported); otherwise spawn, since forking a threaded process can
    deadlock."""
    import multiprocessing
    import threading

    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _check_template(t: Template, seeds: int, xseeds: int, checker: _CrossCheck) -> list[DeckError]:
    problems: dict[str, list[str]] = {}  # problem kind -> messages (first one shown, count kept)
    differs: Counter[tuple[str, str]] = Counter()
    passes: Counter[tuple] = Counter()  # (stage, mistake, precision) -> seeds graded right
    specs = _stage_specs(t)
    wheres = [f"stage {s['name']}: " if "name" in s else "" for s in specs]
    mistakes = [(w, m["id"]) for s, w in zip(specs, wheres) for m in s.get("mistake", [])]

    def note(key: str, message: str) -> None:
        problems.setdefault(key, []).append(message)

    for seed in range(seeds):
        try:
            inst = instantiate(t, seed)
        except TemplateError as exc:
            note("instantiate", exc.error.message)
            continue
        for st, spec, where in zip(inst.stages, specs, wheres):
            _check_stage(st, spec, seed, where, note, differs)
            _check_named_mistakes(st, seed, where, note, passes)
            if st.computation and seed < xseeds:
                problem = checker.check(st)
                if problem:
                    note(f"xcheck {where}", f"{where}seed {seed}: {problem}")
    for where, mid in mistakes:
        share = differs[(where, mid)] / seeds
        # With few seeds one coincidence is not evidence: 95% of 5 seeds would allow none.
        if share < MISTAKE_DIFFERS and seeds - differs[(where, mid)] > 1:
            note(
                f"mistake {where}{mid}",
                f"{where}mistake {mid!r} is clearly different from the answer in only "
                f"{share:.0%} of {seeds} seeds (needs ≥ {MISTAKE_DIFFERS:.0%}); change the parameters or constraints",
            )
        problem = _passing_mistake(where, mid, passes, seeds)
        if problem:
            note(f"passes {where}{mid}", problem)
    out = []
    for messages in problems.values():
        more = f" (and {len(messages) - 1} more seeds)" if len(messages) > 1 else ""
        out.append(DeckError(t.file, t.line, f"card {t.id!r}: {messages[0]}{more}"))
    return out


def _check_stage(st: Stage, spec: dict, seed: int, where: str, note, differs: Counter) -> None:
    from quizapp.grading import outcome

    graded = {"rtol": st.rtol, "atol": st.atol, "min_decimals": st.min_decimals, "min_sig": st.min_sig}
    if outcome(st.answer_text, st.expected, **graded) != "correct":
        verdict = judge(st, st.answer_text)
        note(
            f"answer {where}",
            f"{where}seed {seed}: the displayed answer {st.answer_text!r} is not graded correct "
            f"against {st.expected!r} ({verdict.message}); use more decimals or sig",
        )
    precision = precision_of(spec)
    for m in st.mistakes:
        if _shape(m.value) != _shape(st.expected):
            note(
                f"mistake shape {where}{m.id}",
                f"{where}mistake {m.id!r} has shape {_shape(m.value) or 'scalar'} but the answer has "
                f"{_shape(st.expected) or 'scalar'}, so it can never be named; add a pick or fix its args",
            )
            continue
        mistaken = outcome(st.answer_text, m.value, **graded) == "correct"
        typed = answer_text(m.value, **precision) if _numeric(m.value) else json.dumps(m.value)
        if not mistaken and outcome(typed, st.expected, **graded) != "correct":
            differs[(where, m.id)] += 1


def _check_named_mistakes(st: Stage, seed: int, where: str, note, passes: Counter) -> None:
    """Type each mistake's value as a learner would, from the coarsest precision the
    stage accepts to six significant figures, and count the seeds it is graded right;
    the right value typed to seven figures (a whole number in full) must always be
    graded right."""
    from quizapp.grading import grade, outcome

    precision = {"rtol": st.rtol, "atol": st.atol, "min_decimals": st.min_decimals, "min_sig": st.min_sig}
    if _numeric(st.expected):
        typed = _typed_right(st.expected)
        if outcome(typed, st.expected, **precision) != "correct":
            v = grade(typed, st.expected, **precision)
            note(
                f"right {where}",
                f"{where}seed {seed}: the answer typed to {RIGHT_SIG} significant figures, {typed}, is not "
                f"graded correct ({v.message}); ask for no more than {RIGHT_SIG} figures, or widen the tolerance",
            )
    for m in st.mistakes:
        if not _numeric(m.value) or _shape(m.value) != _shape(st.expected):
            continue  # reported by _check_stage
        for kind, n in precision_ladder(m.value, st.min_decimals, st.min_sig):
            if outcome(typed_at(m.value, **{kind: n}), st.expected, **precision) == "correct":
                passes[(where, m.id, kind, n)] += 1


def _typed_right(value: Any) -> str:
    """The right value as a careful learner types it: to seven significant figures, or
    in full when it is a whole number (a parameter count is typed digit for digit)."""
    if isinstance(value, list):
        return "[" + ", ".join(_typed_right(x) for x in value) + "]"
    x = float(value)
    if x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    return typed_at(x, sig=RIGHT_SIG)


def precision_ladder(value: Any, min_decimals: int | None, min_sig: int | None) -> list[tuple[str, int]]:
    """The precisions a plain number is typed at to try a mistake: the coarsest the
    stage accepts, then each finer one up to ``FINEST_SIG`` significant figures (for
    decimals: until every nonzero element shows that many figures)."""
    if min_decimals is None:
        lowest = min_sig if min_sig is not None else DEFAULT_SIG
        return [("sig", n) for n in range(lowest, max(lowest, FINEST_SIG) + 1)]
    sizes = [abs(x) for x in _flat(value) if math.isfinite(x) and x != 0]
    enough = max((FINEST_SIG - 1 - math.floor(math.log10(x)) for x in sizes), default=min_decimals)
    return [("decimals", n) for n in range(min_decimals, min(max(min_decimals, enough), min_decimals + 15) + 1)]


def typed_at(value: Any, *, decimals: int | None = None, sig: int | None = None) -> str:
    """``value`` typed as a plain number (every element of a vector) with ``decimals``
    digits after the point or ``sig`` significant figures, correctly rounded:
    ``0.83``, ``1.2e4`` (never ``12000``, whose zeros would claim figures)."""
    if isinstance(value, list):
        return "[" + ", ".join(typed_at(x, decimals=decimals, sig=sig) for x in value) + "]"
    x = float(value)
    if not math.isfinite(x):
        return repr(x)
    if decimals is not None:
        return f"{x:.{decimals}f}"
    text = f"{x:.{sig - 1}e}"  # correctly rounded from the binary value
    mantissa, exponent = text.split("e")
    if int(exponent) <= sig - 1:
        return format(Decimal(text), "f")  # 8.33e-01 → 0.833, 1.20e+01 → 12.0
    return f"{mantissa}e{int(exponent)}"


def _passing_mistake(where: str, mid: str, passes: Counter, seeds: int) -> str | None:
    """The problem of a mistake graded right in more than 5% of seeds at some precision."""
    # With few seeds one coincidence is not evidence, as for the check above.
    failing = sorted(
        (kind, n, count) for (w, m, kind, n), count in passes.items()
        if w == where and m == mid and count / seeds > MISTAKE_PASSES and count > 1
    )  # fmt: skip
    if not failing:
        return None
    kind, n, count = failing[0]
    still = ""
    if len(failing) > 1:
        *_, (_, n2, count2) = failing
        still = f" (and still in {count2 / seeds:.0%} at {_precision_words(kind, n2)})"
    return (
        f"{where}mistake {mid!r} typed to {_precision_words(kind, n)} is graded right in {count / seeds:.0%} "
        f"of {seeds} seeds{still}; require more precision (min_sig/min_decimals) or ask for a quantity "
        "where the mistake is far off"
    )


def _stage_specs(t: Template) -> list[dict]:
    """The deck tables of a template's computed stages ([] for a kind without any)."""
    from quizapp import kinds

    return kinds.get(t.kind).stage_specs(t)


def _precision_words(kind: str, n: int) -> str:
    if kind == "decimals":
        return f"{n} decimal place{'' if n == 1 else 's'}"
    return f"{n} significant figure{'' if n == 1 else 's'}"


def _flat(v: Any) -> list:
    return [x for item in v for x in _flat(item)] if isinstance(v, list) else [float(v)]


def _shape(v: Any) -> tuple[int, ...]:
    """(len, len of first row, …) of a nested list; () for a number."""
    return (len(v), *_shape(v[0])) if isinstance(v, list) and v else ((0,) if isinstance(v, list) else ())


def _numeric(v: Any) -> bool:
    if isinstance(v, list):
        return all(_numeric(x) for x in v)
    return isinstance(v, (int, float)) and not isinstance(v, bool)


class _CrossCheck:
    """torch/sklearn agreement per (computation, arguments), cached."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.cache: dict[str, str | None] = {}
        self.no_reference: set[str] = set()

    def check(self, st: Stage) -> str | None:
        if not self.enabled or st.computation in self.no_reference:
            return None
        key = json.dumps([st.computation, st.args], sort_keys=True)
        if key not in self.cache:
            from quizapp.engine import EngineError, crosscheck

            try:
                r = crosscheck.check(st.computation, **st.args)
                self.cache[key] = None if r.agree else f"cross-check with {r.library} disagrees: {r.detail}"
            except crosscheck.ReferenceUnavailable:
                self.no_reference.add(st.computation)
                self.cache[key] = None
            except EngineError as exc:
                self.cache[key] = f"cross-check failed: {exc}"
            except Exception as exc:  # a defect in a reference: report it at the card, keep checking
                self.cache[key] = f"the {st.computation} reference raised {type(exc).__name__}: {exc}"
        return self.cache[key]

    @staticmethod
    def notes_for(no_reference: set[str]) -> list[str]:
        return [f"no torch/sklearn reference for {name!r}: its cards are not cross-checked" for name in sorted(no_reference)]
