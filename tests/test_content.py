"""Loading decks and instantiating every kind of card (fixture deck in tests/fixtures/decks)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from quizapp.content import Instance, TemplateError, UnknownCard, instance_for, instantiate, load_bank
from quizapp.kinds._computed import judge
from quizapp.kinds.choice import judge_choice

FIXTURES = Path(__file__).parent / "fixtures" / "decks"


@pytest.fixture(scope="module")
def bank():
    b = load_bank(FIXTURES)
    assert b.errors == []
    return b


def test_fixture_bank_loads_every_kind(bank):
    kinds = {t.kind for t in bank.templates.values()}
    assert kinds == {"concept", "choice", "numeric", "steps"}
    assert list(bank.topics) == ["metrics", "optimizers"]
    assert bank.topics["metrics"] == {"en": "Evaluation metrics", "zh": "评估指标"}
    t = bank.templates["metrics.f1-counts"]
    assert t.topic == "metrics" and t.difficulty == 2 and t.tags == ("f1", "precision", "recall")
    assert t.source == "003 § TPR/FPR/precision/recall/F1"
    assert t.file.endswith("metrics.toml")
    assert Path(t.file).read_text(encoding="utf-8").splitlines()[t.line - 1].strip() == "[[card]]"


def test_single_file_loads_only_that_deck():
    b = load_bank(FIXTURES / "optimizers.toml")
    assert b.errors == [] and set(b.topics) == {"optimizers"}
    assert all(t.topic == "optimizers" for t in b.templates.values())


def test_concept_instance_carries_answer_and_rubric(bank):
    inst = instantiate(bank.templates["metrics.precision-meaning"], 5)
    assert inst.kind == "concept" and inst.stages == ()
    assert inst.prompt["zh"] == "精确率衡量的是什么？"
    assert "TP / (TP + FP)" in inst.answer["en"]
    assert len(inst.key_points) == 2 and all(set(k) == {"en", "zh"} for k in inst.key_points)


def test_same_seed_same_instance_and_seeds_vary(bank):
    for t in bank.templates.values():
        a, b = instantiate(t, 11), instantiate(t, 11)
        assert (a.prompt, a.params, a.options, a.correct) == (b.prompt, b.params, b.options, b.correct)
        assert [s.expected for s in a.stages] == [s.expected for s in b.stages]
    t = bank.templates["metrics.f1-counts"]
    prompts = {instantiate(t, s).prompt["en"] for s in range(20)}
    assert len(prompts) > 15


def test_seeding_is_stable_across_processes(bank):
    """Not Python's salted hash: a fresh interpreter draws the same numbers."""
    import json
    import subprocess
    import sys

    code = (
        "import json; from quizapp.content import load_bank, instantiate; "
        f"b = load_bank({str(FIXTURES)!r}); "
        "print(json.dumps(instantiate(b.templates['optimizers.l2-penalty'], 3).params))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == instantiate(bank.templates["optimizers.l2-penalty"], 3).params


def test_numeric_f1_matches_hand_computation(bank):
    t = bank.templates["metrics.f1-counts"]
    for seed in range(30):
        inst = instantiate(t, seed)
        p = inst.params
        assert 1 <= p["tp"] <= 40 and 0 <= p["fp"] <= 30 and abs(p["fp"] - p["fn"]) >= 5
        f1 = 2 * p["tp"] / (2 * p["tp"] + p["fp"] + p["fn"])
        stage = inst.stages[0]
        assert stage.expected == pytest.approx(f1)
        assert stage.answer_text == f"{f1:.3f}"
        assert f"TP = {p['tp']}" in inst.prompt["en"] and f"TP = {p['tp']}" in inst.prompt["zh"]
        assert stage.prompt == inst.prompt
        acc = (p["tp"] + p["tn"]) / sum(p.values())
        assert {m.id: m.value for m in stage.mistakes}["accuracy"] == pytest.approx(acc)


def test_macro_f1_by_hand_and_micro_mistake(bank):
    t = bank.templates["metrics.macro-f1"]
    for seed in range(20):
        inst = instantiate(t, seed)
        yt, yp = inst.params["y_true"], inst.params["y_pred"]
        assert len(yt) == len(yp) == 10 and set(yt) == {0, 1, 2}
        f1s = []
        for c in (0, 1, 2):
            tp = sum(a == c and b == c for a, b in zip(yt, yp))
            fp = sum(a != c and b == c for a, b in zip(yt, yp))
            fn = sum(a == c and b != c for a, b in zip(yt, yp))
            f1s.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
        assert inst.stages[0].expected == pytest.approx(sum(f1s) / 3)
        micro = sum(a == b for a, b in zip(yt, yp)) / 10  # micro-F1 = accuracy for single-label
        assert inst.stages[0].mistakes[0].value == pytest.approx(micro)


def test_steps_adam_stages_feed_each_other(bank):
    t = bank.templates["optimizers.adam-first-step"]
    inst = instantiate(t, 4)
    theta, g, lr = inst.params["theta"], inst.params["g"], inst.params["lr"]
    m1, v1, th = inst.stages
    assert [s.name for s in inst.stages] == ["m1", "v1", "theta1"]
    assert m1.expected == pytest.approx(0.1 * g)
    assert v1.expected == pytest.approx(0.001 * g * g)
    mhat, vhat = m1.expected / 0.1, v1.expected / 0.001
    assert th.expected == pytest.approx(theta - lr * mhat / (math.sqrt(vhat) + 1e-8))
    no_bc = theta - lr * m1.expected / (math.sqrt(v1.expected) + 1e-8)
    assert th.mistakes[0].id == "no-bias-correction" and th.mistakes[0].value == pytest.approx(no_bc)
    assert th.computation == "adam" and th.args["params"] == [theta] and th.args["grads"] == [[g]]
    worked = th.worked("zh")
    assert worked[-1].startswith("有偏差修正时") and len(worked) > 2
    assert inst.note["en"].startswith("The notes")


def test_float_params_lie_on_the_decimal_grid_and_render_with_unicode_minus(bank):
    t = bank.templates["optimizers.l2-penalty"]
    for seed in range(40):
        inst = instantiate(t, seed)
        w = inst.params["w"]
        assert 3 <= len(w) <= 4 and all(-2 <= x <= 2 and round(x, 1) == x for x in w)
        rendered = "[" + ", ".join(f"{x:.1f}".replace("-", "−") for x in w) + "]"
        assert f"w = {rendered}" in inst.prompt["en"]
        assert inst.stages[0].expected == pytest.approx(inst.params["lam"] / 2 * sum(x * x for x in w))


def test_constraints_are_retried_until_met(tmp_path):
    deck = tmp_path / "t.toml"
    deck.write_text(
        _numeric_deck(
            params='{ a = { int = [0, 9] }, b = { int = [0, 9] } }',
            extra='constraints = ["a + b == 17", "a > b"]',
        ),
        encoding="utf-8",
    )
    b = load_bank(deck)
    assert b.errors == []
    for seed in range(10):
        p = instantiate(b.templates["t.sum"], seed).params
        assert (p["a"], p["b"]) == (9, 8)


def test_unmeetable_constraints_raise_a_template_error_with_the_card_line(tmp_path):
    deck = tmp_path / "t.toml"
    deck.write_text(_numeric_deck(params="{ a = { int = [0, 3] }, b = { int = [0, 3] } }", extra='constraints = ["a > 10"]'))
    t = load_bank(deck).templates["t.sum"]
    with pytest.raises(TemplateError) as exc:
        instantiate(t, 0)
    assert exc.value.error.line == t.line == 5
    assert "constraints" in exc.value.error.message and "a > 10" in exc.value.error.message


def test_choice_options_are_shuffled_by_seed_and_judged_in_shown_order(bank):
    t = bank.templates["metrics.r2-range"]
    right = "Any value ≤ 1, including negative ones"
    orders = set()
    for seed in range(30):
        inst = instantiate(t, seed)
        orders.add(tuple(o["en"] for o in inst.options))
        (k,) = inst.correct
        assert inst.options[k]["en"] == right and not inst.multiple
        assert judge_choice(inst, str(k + 1)).correct
        assert judge_choice(inst, "abcd"[k]).correct
        assert judge_choice(inst, "ABCD"[k]).correct
        wrong = (k + 1) % 4
        v = judge_choice(inst, str(wrong + 1))
        assert v.readable and not v.correct and "ABCD"[k] in v.text("en")
    assert len(orders) > 5


def test_multiple_answer_choice_needs_the_exact_set(bank):
    inst = instantiate(bank.templates["metrics.ratios-from-counts"], 2)
    assert inst.multiple
    right = sorted(inst.correct)
    (other,) = set(range(3)) - inst.correct
    nums = [str(i + 1) for i in right]
    letters = ["abc"[i] for i in right]
    for text in (",".join(nums), " ".join(nums), ",".join(letters), ", ".join(reversed(letters))):
        assert judge_choice(inst, text).correct, text
    assert not judge_choice(inst, nums[0]).correct
    assert not judge_choice(inst, f"{nums[0]},{nums[1]},{other + 1}").correct
    partial = judge_choice(inst, nums[0])
    assert "1 of the 2" in partial.text("en") and "2 个正确选项" in partial.text("zh")


@pytest.mark.parametrize("text", ["", "  ", "4", "0", "d", "two", "1.5", "-1"])
def test_unreadable_choice_answers(bank, text):
    inst = instantiate(bank.templates["metrics.ratios-from-counts"], 0)
    v = judge_choice(inst, text)
    assert not v.readable and not v.correct and v.text("en") and v.text("zh")


def test_judge_accepts_answer_text_and_names_the_mistake(bank):
    t = bank.templates["optimizers.l2-penalty"]
    inst = instantiate(t, 1)
    stage = inst.stages[0]
    assert judge(stage, stage.answer_text).correct
    lam, w = inst.params["lam"], inst.params["w"]
    no_half = lam * sum(x * x for x in w)
    v = judge(stage, repr(no_half))
    assert not v.correct and v.readable and v.mistake is not None and v.mistake.id == "no-half"
    assert "left out the ½" in v.text("en") and "漏了 ½" in v.text("zh")
    v = judge(stage, "12345")
    assert not v.correct and v.mistake is None
    v = judge(stage, "import os")
    assert not v.readable and v.mistake is None


def test_instance_for_uses_the_given_bank(bank):
    inst = instance_for("optimizers.adam-first-step", 9, bank=bank)
    assert isinstance(inst, Instance) and inst.seed == 9 and len(inst.stages) == 3
    with pytest.raises(UnknownCard, match="did you mean 'optimizers.adam-first-step'"):
        instance_for("optimizers.adam-first-stp", 9, bank=bank)


def test_instance_for_defaults_to_the_real_bank():
    inst = instance_for("optimizers.adam-first-step", 0)
    assert inst.template.file.startswith("content") or "content" in inst.template.file


def _numeric_deck(params: str, extra: str = "") -> str:
    """A one-card deck (topic t) whose [[card]] is on line 5."""
    return f"""[deck]
topic = "t"
title = {{ en = "T", zh = "测" }}

[[card]]
id = "t.sum"
kind = "numeric"
difficulty = 1
source = {{ note = "001", section = "s" }}
title = {{ en = "Sum", zh = "和" }}
prompt = {{ en = "{{a}} and {{b}}", zh = "{{a}} 与 {{b}}" }}
params = {params}
{extra}
compute = "l1_penalty"
args = {{ w = "[a, b]", lam = 1 }}
"""
