"""A card's part in grading: its required precision (deck fields, said in the prompt
in both languages, passed to the grader) and its named mistakes on the one Verdict.

The fixture deck is tests/fixtures/grading/precision.toml; expected values are worked
out here from the drawn parameters, never taken from the engine under test.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from quizapp import content, verdict
from quizapp.catalog import Msg
from quizapp.content import instantiate, load_bank
from quizapp.kinds._computed import judge
from quizapp.kinds.choice import judge_choice
from quizapp.verdict import Verdict

GRADING = Path(__file__).parent / "fixtures" / "grading"
DECKS = Path(__file__).parent / "fixtures" / "decks"


@pytest.fixture(scope="module")
def bank():
    b = load_bank(GRADING / "precision.toml")
    assert b.errors == []
    return b


def _l2(params: dict) -> float:
    return params["lam"] / 2 * sum(x * x for x in params["w"])


def _adam(params: dict) -> tuple[float, float, float]:
    """m₁, θ₁ with bias correction, θ₁ without it (β₁ = 0.9, β₂ = 0.999, ε = 1e-8)."""
    g, theta, lr = params["g"], params["theta"], params["lr"]
    m1, v1 = 0.1 * g, 0.001 * g * g
    right = theta - lr * (m1 / 0.1) / (math.sqrt(v1 / 0.001) + 1e-8)
    plain = theta - lr * m1 / (math.sqrt(v1) + 1e-8)
    return m1, right, plain


# ------------------------------------------------------------------ the deck fields


def test_stages_carry_the_precision_their_card_requires(bank):
    numeric = instantiate(bank.templates["precise.l2"], 3)
    assert (numeric.stages[0].min_sig, numeric.stages[0].min_decimals) == (3, None)
    steps = instantiate(bank.templates["precise.adam-step"], 3)
    assert [(s.min_decimals, s.min_sig) for s in steps.stages] == [(None, None), (4, None)]
    sigmoid = instantiate(bank.templates["precise.sigmoid"], 3)
    assert (sigmoid.stages[0].min_decimals, sigmoid.stages[0].min_sig) == (4, None)


def test_the_prompt_says_the_required_precision_in_both_languages(bank):
    numeric = instantiate(bank.templates["precise.l2"], 0)
    assert numeric.prompt["en"].endswith("What is the L2 penalty (λ/2)·‖w‖²? Give it to 3 significant figures.")
    assert numeric.prompt["zh"].endswith("是多少？（保留 3 位有效数字）")
    assert numeric.stages[0].prompt == numeric.prompt
    steps = instantiate(bank.templates["precise.adam-step"], 0)
    assert steps.stages[1].prompt == {
        "en": "What is θ₁ after this step? Give it to 4 decimal places.",
        "zh": "这一步之后 θ₁ 是多少？（保留 4 位小数）",
    }
    assert steps.stages[0].prompt == {"en": "What is the first moment m₁?", "zh": "一阶矩 m₁ 是多少？"}
    assert "Give it to" not in steps.prompt["en"]  # the shared set-up of a steps card says nothing


def test_a_card_without_a_required_precision_keeps_its_prompt():
    plain = load_bank(DECKS / "optimizers.toml")
    inst = instantiate(plain.templates["optimizers.l2-penalty"], 0)
    assert inst.prompt["en"].endswith("What is the L2 penalty (λ/2)·‖w‖²?")
    assert all(s.min_decimals is None and s.min_sig is None for s in inst.stages)


NUMERIC = """[deck]
topic = "t"
title = {{ en = "T", zh = "测" }}

[[card]]
id = "t.n"
kind = "numeric"
difficulty = 1
source = {{ note = "001", section = "s" }}
title = {{ en = "N", zh = "数" }}
prompt = {{ en = "w = {{w}}", zh = "w = {{w}}" }}
params = {{ w = {{ float = [-1, 1], decimals = 1, size = 3 }} }}
constraints = ["sum(w ** 2) > 0"]
compute = "l2_penalty"
args = {{ w = "w", lam = 0.1 }}
{fields}
"""


@pytest.mark.parametrize(
    "fields, says",
    [
        ("min_decimals = 4\nmin_sig = 3", "give min_decimals or min_sig, not both"),
        ("min_decimals = 13", "min_decimals must be a whole number 0..12"),
        ("min_decimals = -1", "min_decimals must be a whole number 0..12"),
        ("min_sig = 0", "min_sig must be a whole number 1..15"),
        ("min_sig = 16", "min_sig must be a whole number 1..15"),
        ("min_sig = 2.5", "min_sig must be a whole number 1..15"),
        ("min_sig = true", "min_sig must be a whole number 1..15"),
    ],
)
def test_a_required_precision_is_validated_like_decimals_and_sig(tmp_path, monkeypatch, fields, says):
    monkeypatch.setenv("QUIZAPP_CACHE_DIR", "off")
    deck = tmp_path / "t.toml"
    deck.write_text(NUMERIC.format(fields=fields), encoding="utf-8")
    b = load_bank(deck)
    assert "t.n" not in b.templates
    assert any(says in e.message and e.line == 16 for e in b.errors), [str(e) for e in b.errors]


@pytest.mark.parametrize("fields", ["min_decimals = 0", "min_decimals = 12", "min_sig = 1", "min_sig = 15"])
def test_a_required_precision_in_range_loads(tmp_path, monkeypatch, fields):
    monkeypatch.setenv("QUIZAPP_CACHE_DIR", "off")
    deck = tmp_path / "t.toml"
    deck.write_text(NUMERIC.format(fields=fields), encoding="utf-8")
    b = load_bank(deck)
    assert b.errors == [] and "t.n" in b.templates


# ------------------------------------------------------------------ judge


def test_judge_passes_the_required_figures_to_the_grader(bank):
    seeds = (instantiate(bank.templates["precise.l2"], seed) for seed in range(50))
    inst = next(i for i in seeds if abs(float(f"{_l2(i.params):.2g}") - _l2(i.params)) > 1e-6 * _l2(i.params))
    stage, want = inst.stages[0], _l2(inst.params)  # two figures of it are not already exact
    assert judge(stage, f"{want:#.3g}").correct
    two = judge(stage, f"{want:#.2g}")
    assert two.outcome == "again" and "give at least 3 significant figures" in two.message
    v = judge(stage, f"{want:.7g}")
    assert isinstance(v, Verdict) and v.correct and v.mistake is None


def test_judge_passes_the_required_decimals_to_the_grader(bank):
    inst = instantiate(bank.templates["precise.sigmoid"], 2)
    right = 1 / (1 + math.exp(-inst.params["z"]))
    stage = inst.stages[0]
    assert stage.min_decimals == 4 and stage.prompt["en"].endswith("Give it to 4 decimal places.")
    assert judge(stage, f"{right:.4f}").correct
    v = judge(stage, f"{right:.2f}")
    assert v.outcome == "again" and v.message.endswith("give at least 4 decimal places.")
    assert "4 位小数" in v.text("zh")


def test_a_wrong_answer_that_matches_a_mistake_names_it_on_the_graders_verdict(bank):
    inst = instantiate(bank.templates["precise.adam-step"], 4)
    _, right, plain = _adam(inst.params)
    stage = inst.stages[1]
    v = judge(stage, f"{plain:.4f}")
    assert v.outcome == "wrong" and v.mistake is not None
    assert isinstance(v.mistake, verdict.Mistake) and v.mistake.id == "no-bias-correction"
    assert v.mistake_id == "no-bias-correction"
    assert isinstance(v.reason, Msg) and v.reason.key == "grading.named_mistake"
    assert v.message.startswith("This is a common mistake — leaving out Adam's bias correction. ")
    assert "is off by" in v.message  # the grader's own sentence follows
    assert v.text("zh").startswith("这正是一个常见错误：漏了 Adam 的偏差修正。") and "偏差" in v.text("zh")
    assert v.off == pytest.approx(abs(plain - right) / abs(right), rel=1e-3)
    assert v.value == pytest.approx(float(f"{plain:.4f}"))


def test_a_wrong_answer_that_matches_no_mistake_is_the_graders_verdict(bank):
    inst = instantiate(bank.templates["precise.adam-step"], 4)
    v = judge(inst.stages[1], "123.4567")
    assert v.outcome == "wrong" and v.mistake is None and v.reason.key == "grading.wrong"


def test_a_mistake_typed_too_coarsely_is_asked_again_not_named():
    close = load_bank(GRADING / "close-mistake-min-sig.toml").templates["penalty.l2"]  # a mistake 0.3% off
    for seed in range(20):
        inst = instantiate(close, seed)
        right = _l2(inst.params)
        typed = f"{right * 1.003:#.2g}"  # the mistake to two figures: the same as the answer to two
        if typed == f"{right:#.2g}" and abs(float(typed) - right) > 1e-6 * right:
            break
    else:
        raise AssertionError("no seed in 20 where the mistake and the answer agree to two figures")
    v = judge(inst.stages[0], typed)
    assert v.outcome == "again" and v.mistake is None and "4 significant figures" in v.message
    named = judge(inst.stages[0], f"{right * 1.003:#.4g}")
    assert named.outcome == "wrong" and named.mistake is not None and named.mistake.id == "slightly-off"


def test_content_uses_the_one_mistake_and_verdict_types():
    assert content.Mistake is verdict.Mistake
    assert not hasattr(content, "StageVerdict")


def test_judge_choice_returns_a_verdict_from_the_catalog():
    inst = instantiate(load_bank(DECKS / "metrics.toml").templates["metrics.r2-range"], 0)
    (k,) = inst.correct
    right = judge_choice(inst, str(k + 1))
    assert isinstance(right, Verdict) and right.outcome == "correct" and right.reason.key == "grading.choice_correct"
    wrong = judge_choice(inst, str((k + 1) % len(inst.options) + 1))
    assert wrong.outcome == "wrong" and "ABCD"[k] in wrong.message and "ABCD"[k] in wrong.text("zh")
    again = judge_choice(inst, "zz9")
    assert again.outcome == "again" and again.value is None and "1–" in again.message
