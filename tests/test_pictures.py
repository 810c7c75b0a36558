"""Pictures in cards (``quizapp.pictures``): drawn from the instance's own numbers
and agreeing with torch / scikit-learn and with the card's own answers; every
picture of the bank builds; the plain fallback; hostile deck values refused with
file:line; numbers that cannot be drawn leave the card without a picture, never
broken."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from quizapp.content import instantiate, load_bank
from quizapp.pictures import build, check, from_statistics, gd_path, picture_for, plain_lines, sparkline


@pytest.fixture(autouse=True)
def _private_deck_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZAPP_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture(scope="module")
def bank():
    return load_bank()


def pictured(bank) -> list[str]:
    return [tid for tid, t in bank.templates.items() if "picture" in t.spec]


def test_at_least_six_cards_of_each_kind_of_picture_are_in_the_bank(bank):
    kinds = {bank.templates[tid].spec["picture"]["kind"] for tid in pictured(bank)}
    assert len(pictured(bank)) >= 6 and kinds == {"roc", "activation", "path", "schedule"}


def test_every_picture_of_the_bank_builds_with_finite_numbers(bank):
    for tid in pictured(bank):
        for seed in range(25):
            p = picture_for(instantiate(bank.templates[tid], seed))
            assert p is not None, (tid, seed)
            values = [v for s in p.series for v in (*s.x, *s.y)] + [v for m in p.marks for v in (m.x, m.y)]
            assert values and all(math.isfinite(v) for v in values), (tid, seed)
            assert all(len(s.x) == len(s.y) for s in p.series)


def _marks(p):
    return [m.y for m in p.marks]


@pytest.mark.parametrize("seed", range(8))
def test_marked_points_are_the_cards_own_answers(bank, seed):
    """The marks sit where the engine's answers for these numbers are: the picture
    draws the same instance the learner was asked about."""
    def inst(tid):
        return instantiate(bank.templates[tid], seed)

    def answers(i):
        return {s.name: s.expected for s in i.stages}

    i = inst("optimizers.warmup-then-cosine")
    a = answers(i)
    assert _marks(picture_for(i)) == pytest.approx([a["lr_warm"], a["lr_cos"]], rel=1e-9)
    i = inst("attention.transformer-lr")
    a = answers(i)
    assert _marks(picture_for(i)) == pytest.approx([a["lr1"], a["peak"], a["lr2"]], rel=1e-9)
    for tid in ("optimizers.cosine-lr", "optimizers.step-lr"):
        i = inst(tid)
        assert _marks(picture_for(i)) == pytest.approx([i.stages[0].expected], rel=1e-9)
    i = inst("activations.sigmoid-derivative")
    a = answers(i)
    assert _marks(picture_for(i)) == pytest.approx([a["s"], a["ds"]], rel=1e-9)
    i = inst("metrics.roc-point-top-k")
    a = answers(i)
    (m,) = picture_for(i).marks
    assert (m.x, m.y) == pytest.approx((a["fpr"], a["tpr"]))
    i = inst("optimizers.lr-too-large")
    p = picture_for(i)
    theta1 = [s for s in p.series if s.style == "points"][-1].x[1]
    assert theta1 == pytest.approx(answers(i)["theta1"])


def test_the_roc_curve_is_sklearns():
    metrics = pytest.importorskip("sklearn.metrics")
    import random

    rng = random.Random(3)
    for _ in range(20):
        n = rng.randrange(4, 30)
        y = [rng.randrange(2) for _ in range(n)]
        if len(set(y)) < 2:
            continue
        s = [rng.randrange(6) + rng.random() * (rng.random() < 0.5) for _ in range(n)]
        p = build({"kind": "roc", "scores": "s", "labels": "y"}, {"s": s, "y": y})
        fpr, tpr, _ = metrics.roc_curve(y, s, drop_intermediate=False)
        assert p.series[0].x == pytest.approx(list(fpr)) and p.series[0].y == pytest.approx(list(tpr))


@pytest.mark.parametrize(("name", "args", "reference"), [
    ("sigmoid", {}, lambda torch, x: torch.sigmoid(x)),
    ("tanh", {}, lambda torch, x: torch.tanh(x)),
    ("relu", {}, lambda torch, x: torch.relu(x)),
    ("leaky_relu", {"negative_slope": 0.2}, lambda torch, x: torch.nn.functional.leaky_relu(x, 0.2)),
    ("elu", {"alpha": 1.5}, lambda torch, x: torch.nn.functional.elu(x, 1.5)),
])
def test_an_activation_and_its_derivative_are_torchs(name, args, reference):
    torch = pytest.importorskip("torch")
    p = build({"kind": "activation", "function": name, "x": 1.3, "args": args}, {})
    value, grad = p.series
    x = torch.tensor(value.x, dtype=torch.float64, requires_grad=True)
    y = reference(torch, x)
    y.sum().backward()
    assert list(value.y) == pytest.approx(y.detach().tolist(), abs=1e-12)
    assert list(grad.y) == pytest.approx(x.grad.tolist(), abs=1e-12)
    assert value.x[0] <= 1.3 - 2 and value.x[-1] >= 1.3 + 2  # the marked x is well inside


@pytest.mark.parametrize(("momentum", "nesterov"), [(0.0, False), (0.9, False), (0.8, True), (0.5, False)])
def test_the_optimizers_path_is_torchs_sgd_on_the_quadratic(momentum, nesterov):
    torch = pytest.importorskip("torch")
    h = torch.tensor([0.5, 5.0], dtype=torch.float64)
    theta = torch.tensor([-3.0, 1.0], dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([theta], lr=0.07, momentum=momentum, nesterov=nesterov)
    expected = [theta.detach().tolist()]
    for _ in range(25):
        opt.zero_grad()
        (0.5 * (h * theta**2).sum()).backward()
        opt.step()
        expected.append(theta.detach().tolist())
    path = gd_path([0.5, 5.0], [-3.0, 1.0], 0.07, momentum, nesterov, 25)
    assert len(path) == 26
    for ours, theirs in zip(path, expected):
        assert ours == pytest.approx(theirs, rel=1e-12, abs=1e-12)


def test_a_diverging_path_stops_at_the_last_finite_point():
    path = gd_path([4.0], [1.0], 10.0, steps=50)  # |1 − 40| > 1: it explodes
    assert 2 <= len(path) < 51 and all(math.isfinite(p[0]) for p in path)
    assert abs(path[-1][0]) > abs(path[-2][0]) > 1


def test_a_schedule_is_torchs_scheduler_with_the_warm_up_before_it():
    torch = pytest.importorskip("torch")
    p = build({"kind": "schedule", "compute": "cosine_lr", "args": {"lr": 0.1, "t_max": 40, "eta_min": 0.01},
               "until": 40, "warmup": 10, "unit": "step"}, {})
    (curve,) = p.series
    w = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([w], lr=0.1)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=40, eta_min=0.01)
    lrs = []
    for _ in range(41):
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    got = dict(zip(curve.x, curve.y))
    for t in range(0, 10):
        assert got[float(t)] == pytest.approx(0.1 * t / 10)
    for t in range(10, 51):
        assert got[float(t)] == pytest.approx(lrs[t - 10], rel=1e-9)


# -- where a picture goes, and its plain fallback


def test_a_picture_goes_with_the_verdict_unless_the_card_says_question(bank):
    places = {tid: bank.templates[tid].spec["picture"].get("at", "verdict") for tid in pictured(bank)}
    assert places["optimizers.momentum-constant-gradient"] == "question"
    assert picture_for(instantiate(bank.templates["optimizers.momentum-constant-gradient"], 1)).at == "question"
    assert picture_for(instantiate(bank.templates["metrics.roc-auc-ties"], 1)).at == "verdict"


def test_plain_lines_are_a_table_for_few_points_and_a_sparkline_for_a_curve():
    roc = build({"kind": "roc", "scores": [3, 1, 2, 2], "labels": [1, 0, 1, 0], "mark": 2}, {})
    en = plain_lines(roc, "en")
    assert en[0] == "Picture: The ROC curve of these scores"
    table = [line for line in en if line.lstrip().startswith(("false-positive", "true-positive"))]
    assert len(table) == 4 and table[0].split()[-4:] == ["0", "0", "0.5", "1"]
    assert any("score ≥ 2: FPR = 0.5, TPR = 1" in line for line in en)
    zh = plain_lines(roc, "zh")
    assert zh[0] == "图：这组分数的 ROC 曲线"
    rows = [line for line in zh if "率（" in line]  # the numbers line up under wide characters too
    assert len({len(r) - len(r.split("）", 1)[0]) for r in rows[:2]}) == 1
    curve = build({"kind": "activation", "function": "sigmoid"}, {})
    line = plain_lines(curve, "en")[1]
    assert "▁" in line and "█" in line and "from −6 to 6" in line
    assert sparkline([0, 1, 2, 3]) == "▁▃▆█" and sparkline([2, 2]) == "▄▄"


def test_numbers_that_cannot_be_drawn_leave_the_card_without_a_picture(bank):
    class Fake:  # an instance whose x is far outside any sensible plot
        template = bank.templates["activations.sigmoid-derivative"]
        params = {"x": 1e9}
        stages = ()

    assert picture_for(Fake()) is None


# -- the deck check


HEADER = """[deck]
topic = "t"
title = { en = "T", zh = "测" }

[[card]]
id = "t.n"
kind = "numeric"
difficulty = 1
source = { note = "001", section = "s" }
title = { en = "N", zh = "数" }
prompt = { en = "s = {s}", zh = "s = {s}" }
params = { s = { int = [1, 5], size = 6 }, y = { int = [0, 1], size = 6 } }
constraints = ["sum(y) >= 1", "sum(y) <= 5"]
compute = "roc_auc"
args = { y_true = "y", y_score = "s" }
"""


@pytest.mark.parametrize(("field", "said"), [
    ('"roc"', "picture must be a table"),
    ('{ kind = "pie" }', "picture.kind must be one of roc, activation, path, schedule"),
    ('{ kind = "roc", scores = "s" }', "missing field 'labels'"),
    ('{ kind = "roc", scores = "s", labels = "y", colour = "red" }', "unknown field 'colour'"),
    ('{ kind = "roc", scores = "s", labels = "nope" }', "unknown name 'nope'"),
    ('{ kind = "roc", scores = "s", labels = "y", at = "answer" }', 'picture.at must be "question" or "verdict"'),
    ('{ kind = "roc", scores = "s", labels = "y", mark = [1, 2, 3, 4, 5, 6, 7, 8, 9] }', "picture.mark must be"),
    ('{ kind = "roc", scores = "s", labels = "__import__(\'os\')" }', "picture.labels"),
    ('{ kind = "activation", function = "swish" }', "picture.function must be one of"),
    ('{ kind = "activation", function = "sigmoid", args = { alpha = 1 } }', "sigmoid takes no argument"),
    ('{ kind = "path", curvature = [1, 2, 3], start = [0, 0, 0], lr = 0.1 }', "picture.curvature must be a list of 1 or 2"),
    ('{ kind = "path", curvature = [1, 2], start = [0], lr = 0.1 }', "as many coordinates"),
    ('{ kind = "path", curvature = [1], start = [1], lr = 0.1, steps = 100000 }', "picture.steps must be a whole number 1..50"),
    ('{ kind = "path", curvature = [1], start = [1], lr = 0.1, nesterov = "yes" }', "picture.nesterov must be true or false"),
    ('{ kind = "path", curvature = [1], start = [1], lr = true }', "picture.lr must be a number or an expression"),
    ('{ kind = "schedule", compute = "adam", args = {}, until = 10 }', "picture.compute must be one of"),
    ('{ kind = "schedule", compute = "cosine_lr", args = { lr = 0.1, epoch = 3 }, until = 10 }',
     "'epoch' is not an argument to give"),
    ('{ kind = "schedule", compute = "cosine_lr", args = { lr = 0.1 }, until = 10 }', "cosine_lr needs 't_max'"),
    ('{ kind = "schedule", compute = "step_lr", args = { lr = 0.1, step_size = 3 }, until = 9, unit = "hour" }',
     'picture.unit must be "epoch" or "step"'),
])
def test_a_hostile_picture_is_refused_with_file_and_line(tmp_path, field, said):
    deck = tmp_path / "t.toml"
    deck.write_text(HEADER + f"picture = {field}\n", encoding="utf-8")
    bank = load_bank(deck)
    assert not bank.templates
    line = HEADER.count("\n") + 1
    shown = deck.relative_to(Path.cwd()) if deck.is_relative_to(Path.cwd()) else deck
    assert bank.errors and all(str(e).startswith(f"{shown}:{line}: card 't.n': ") for e in bank.errors)
    assert any(said in e.message for e in bank.errors), [e.message for e in bank.errors]


def test_a_good_picture_field_passes_and_names_stage_values(tmp_path):
    deck = tmp_path / "t.toml"
    deck.write_text(HEADER + 'picture = { kind = "roc", scores = "s", labels = "y", mark = ["s[0]", 3] }\n',
                    encoding="utf-8")
    bank = load_bank(deck)
    assert not bank.errors and list(bank.templates) == ["t.n"]
    p = picture_for(instantiate(bank.templates["t.n"], 0))
    assert p is not None and len(p.marks) == 2
    assert check({"kind": "roc", "scores": "s", "labels": "y", "mark": "auc"}, {"s", "y", "auc"}) == []


# -- the statistics screen's plots


def test_statistics_plots_leave_out_what_is_not_known():
    figures = {"study_day": "2026-03-02", "days": [{"day": "2026-03-01", "reviews": 4, "recalled": 3, "practice": 0,
                                                   "practice_recalled": 0, "new": 1}],
               "retention_weeks": [{"start": "2026-02-17", "end": "2026-02-23", "reviews": 0, "recalled": 0,
                                    "retention": None},
                                   {"start": "2026-02-24", "end": "2026-03-02", "reviews": 4, "recalled": 3,
                                    "retention": 0.75}],
               "forecast": [{"day": "2026-03-02", "due": 0}, {"day": "2026-03-03", "due": 0}], "mock_trend": []}
    plots = from_statistics(figures)
    assert plots["forecast"] is None and plots["mocks"] is None  # nothing to draw: said in words instead
    (reviews,) = plots["reviews"].series
    assert reviews.x == (-1.0,) and reviews.y == (4.0,)  # one day with answers; the rest are blank, not slivers
    (retention,) = plots["retention"].series
    assert math.isnan(retention.y[0]) and retention.y[1] == 75.0  # an unknown week is a gap, never 0%
    empty = from_statistics({**figures, "days": [], "retention_weeks": figures["retention_weeks"][:1]})
    assert empty["reviews"] is None and empty["retention"] is None
