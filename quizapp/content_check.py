"""The bank's self-test behind ``quizapp check-content``.

``check_bank(bank, seeds=200)`` instantiates every numeric and steps template with
seeds 0..N−1 and reports, as ``DeckError``s pointing at the card:

- a seed whose numbers cannot be drawn or computed (constraints never met, the
  engine rejects the arguments, a non-finite or non-numeric answer);
- an ``answer_text`` that ``judge`` does not grade correct;
- a common mistake that is not clearly different from the right answer in at least
  95% of seeds (the right answer is judged as that mistake, or the mistake's value
  written at the card's precision is graded correct — or it cannot be computed);
- an answer that disagrees with the torch/sklearn cross-check
  (``quizapp.engine.crosscheck``) on the first ``crosscheck_seeds`` seeds.

Cross-checks are cached by (computation, arguments) and run on the first seeds only
(torch and sklearn calls cost far more than the numpy engine); the engine itself is
checked on every seed.
"""

from __future__ import annotations

import importlib.util
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from quizapp.content import Bank, DeckError, Stage, Template, TemplateError, instantiate, judge
from quizapp.params import answer_text, precision_of

MISTAKE_DIFFERS = 0.95


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


def check_bank(bank: Bank, seeds: int = 200, crosscheck_seeds: int = 20) -> Report:
    """Validate (the bank's load errors) and self-test every template."""
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
    checker = _CrossCheck(enabled=missing is None)
    for t in templates:
        if t.kind in ("numeric", "steps"):
            report.errors.extend(_check_template(t, seeds, crosscheck_seeds, checker))
    report.notes.extend(checker.notes())
    report.errors.sort(key=lambda e: (e.file, e.line))
    return report


def _check_template(t: Template, seeds: int, xseeds: int, checker: _CrossCheck) -> list[DeckError]:
    problems: dict[str, list[str]] = {}  # problem kind -> messages (first one shown, count kept)
    differs: Counter[tuple[str, str]] = Counter()
    specs = t.spec["stage"] if t.kind == "steps" else [t.spec]
    wheres = [f"stage {s['name']}: " if t.kind == "steps" else "" for s in specs]
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
    out = []
    for messages in problems.values():
        more = f" (and {len(messages) - 1} more seeds)" if len(messages) > 1 else ""
        out.append(DeckError(t.file, t.line, f"card {t.id!r}: {messages[0]}{more}"))
    return out


def _check_stage(st: Stage, spec: dict, seed: int, where: str, note, differs: Counter) -> None:
    from quizapp.grading import grade

    verdict = judge(st, st.answer_text)
    if not verdict.correct:
        note(
            f"answer {where}",
            f"{where}seed {seed}: the displayed answer {st.answer_text!r} is not graded correct "
            f"against {st.expected!r} ({verdict.message['en']}); use more decimals or sig",
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
        mistaken = grade(st.answer_text, m.value, rtol=st.rtol, atol=st.atol).correct
        typed = answer_text(m.value, **precision) if _numeric(m.value) else json.dumps(m.value)
        if not mistaken and not judge(st, typed).correct:
            differs[(where, m.id)] += 1


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

    def notes(self) -> list[str]:
        return [f"no torch/sklearn reference for {name!r}: its cards are not cross-checked" for name in sorted(self.no_reference)]
