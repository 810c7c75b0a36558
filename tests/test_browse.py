"""The card browser's model, headless: queries read as typed (in English or Chinese),
searches filter and sort as asked, one card's record, and the actions on cards
(suspend, reset and undo, flag and unflag, cram exactly a selection)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from helpers import DECKS, record
from quizapp.browse import Query, QueryError, mistake_label, parse_query
from quizapp.content import load_bank
from quizapp.store import Store
from quizapp.workspace import Workspace

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def bank():
    return load_bank(DECKS)


@pytest.fixture
def ws(tmp_path, bank):
    store = Store.open(tmp_path / "q.sqlite3")
    w = Workspace(store, bank, clock=lambda: NOW, content=DECKS)
    yield w
    store.close()


def ids(found) -> list[str]:
    return found.rows.ids()


# -- queries


def test_words_and_filters_are_read(bank):
    q = parse_query('Adam "first step" topic:optimizers tag:adam kind:steps is:due -is:suspended lapses>1 '
                    "sort:-lapses", bank)
    assert q == Query(words=("adam", "first step"), topic="optimizers", tag="adam", kind="steps",
                      states=(("due", True), ("suspended", False)), min_lapses=2, sort="lapses", descending=True)


def test_chinese_keywords_and_titles_work_too(bank):
    q = parse_query("主题:评估指标 类型:数值题 是:新卡 遗忘:2 排序:标题", bank)
    assert q == Query(topic="metrics", kind="numeric", states=(("new", True),), min_lapses=2, sort="title")


@pytest.mark.parametrize(("typed", "start"), [
    ("topic:nope", "There is no topic 'nope'; the topics are metrics, optimizers."),
    ("kind:essay", "There is no card kind 'essay'; the kinds are concept, choice, numeric, steps."),
    ("is:hard", "is:hard is not a state; use is: with flagged, due, suspended, new, mine"),
    ("sort:colour", "Cannot sort by 'colour'; sort: takes deck, due, title"),
    ("colour:", "'colour:' is not a filter; the filters are topic:, tag:, kind:, is:, lapses>N and sort:."),
    ("tpoic:metrics", "'tpoic:' is not a filter; did you mean topic:?"),
    ("topic:", "'topic:' needs a value after the colon"),
    ("lapses:x", "'lapses:x' is not a number of lapses"),
])
def test_a_query_that_cannot_be_read_says_why_in_one_sentence(bank, typed, start):
    with pytest.raises(QueryError) as e:
        parse_query(typed, bank)
    assert e.value.msg.text("en").startswith(start)
    assert e.value.msg.text("zh") != e.value.msg.text("en")


def test_an_unclosed_quote_is_just_words_and_a_colon_in_text_is_text(bank):
    assert parse_query('"f1 counts', bank).words == ("f1", "counts")
    assert parse_query("TP:FP ratio", bank).words == ("tp:fp", "ratio")


# -- searching


def test_words_match_titles_and_questions_in_both_languages(ws):
    b = ws.browser()
    assert "metrics.f1-counts" in ids(b.search(parse_query("F1 SCORE", ws.bank), NOW))  # the question, any case
    assert ids(b.search(parse_query("由计数", ws.bank), NOW)) == ["metrics.f1-counts"]  # the Chinese title
    every = ids(b.search(parse_query("", ws.bank), NOW))
    assert every == list(ws.bank.templates)  # deck order
    assert b.search(parse_query("", ws.bank), NOW).total == len(ws.bank.templates)


def test_filters_by_topic_kind_and_tag(ws, bank):
    b = ws.browser()
    numeric = ids(b.search(parse_query("kind:numeric", bank), NOW))
    assert numeric and all(bank.templates[i].kind == "numeric" for i in numeric)
    assert set(numeric) == {t.id for t in bank.templates.values() if t.kind == "numeric"}
    topic = ids(b.search(parse_query("topic:optimizers", bank), NOW))
    assert set(topic) == {t.id for t in bank.templates.values() if t.topic == "optimizers"}
    tagged = ids(b.search(parse_query("tag:f1", bank), NOW))
    assert set(tagged) == {t.id for t in bank.templates.values() if "f1" in t.tags}


def test_states_lapses_and_sorts(ws, bank):
    store = ws._store
    store.sync_bank(bank)
    start = NOW - timedelta(days=30)
    # r2-range: learned, then lapsed twice (Again from the review state); f1-counts: learned once, long ago
    record(store, "metrics.r2-range", rating=3, now=start)
    record(store, "metrics.r2-range", rating=3, now=start + timedelta(days=3))
    record(store, "metrics.r2-range", rating=1, now=start + timedelta(days=10))
    record(store, "metrics.r2-range", rating=3, now=start + timedelta(days=10, hours=1))
    record(store, "metrics.r2-range", rating=3, now=start + timedelta(days=12))
    record(store, "metrics.r2-range", rating=1, now=start + timedelta(days=20))
    record(store, "metrics.f1-counts", rating=4, now=start)
    ws.suspend(["metrics.precision-meaning"])
    b = ws.browser()
    lapses = {r.template_id: r.lapses for r in b.search(parse_query("", bank), NOW).rows}
    assert lapses["metrics.r2-range"] == 2 and lapses["metrics.f1-counts"] == 0
    assert ids(b.search(parse_query("lapses>1", bank), NOW)) == ["metrics.r2-range"]
    assert ids(b.search(parse_query("is:suspended", bank), NOW)) == ["metrics.precision-meaning"]
    new = set(ids(b.search(parse_query("is:new", bank), NOW)))
    assert new == set(bank.templates) - {"metrics.r2-range", "metrics.f1-counts"}
    due = ids(b.search(parse_query("is:due", bank), NOW))
    memories = {m: store.memory(m) for m in ("metrics.r2-range", "metrics.f1-counts")}
    assert due == [m for m, s in memories.items() if s.due <= NOW]
    by_due = ids(b.search(parse_query("sort:due", bank), NOW))
    assert by_due[:2] == sorted(memories, key=lambda m: memories[m].due)  # new cards (no date) last
    by_lapses = ids(b.search(parse_query("sort:-lapses", bank), NOW))
    assert by_lapses[0] == "metrics.r2-range"
    titles = [bank.templates[i].title["en"].casefold() for i in ids(b.search(parse_query("sort:title", bank), NOW))]
    assert titles == sorted(titles)


def test_a_search_sees_changes_made_since_the_last_one(ws, bank):
    b = ws.browser()
    assert ids(b.search(parse_query("is:suspended", bank), NOW)) == []
    ws.suspend(["metrics.f1-counts"])
    assert ids(b.search(parse_query("is:suspended", bank), NOW)) == ["metrics.f1-counts"]
    ws.flag("metrics.r2-range", "option B is right too")
    assert ids(b.search(parse_query("is:flagged", bank), NOW)) == ["metrics.r2-range"]
    assert ids(b.search(parse_query("-is:flagged topic:metrics", bank), NOW)) == [
        t for t in bank.templates if t.startswith("metrics.") and t != "metrics.r2-range"]


# -- one card's record and the actions


def test_a_cards_record_has_its_history_mistakes_and_flags(ws, bank):
    store = ws._store
    store.sync_bank(bank)
    for day, (rating, mistake) in enumerate([(1, "accuracy"), (3, None), (1, "accuracy"), (1, "arithmetic-mean")]):
        record(store, "metrics.f1-counts", rating=rating, mistake=mistake, answer=f"0.{day}",
               now=NOW - timedelta(days=10 - day))
    ws.flag("metrics.f1-counts", "the answer rounds wrong")
    d = ws.browser().detail("metrics.f1-counts")
    assert [h.answer for h in d.history] == ["0.3", "0.2", "0.1", "0.0"]  # newest first
    assert d.reviews == 4 and d.memory[0] == "metrics.f1-counts" and d.memory.reps == 4
    label = bank.templates["metrics.f1-counts"].spec["mistake"]
    labels = {m["id"]: m["label"] for m in label}
    assert [(m.mistake, m.count, lab) for m, lab in d.mistakes] == [
        ("accuracy", 2, labels["accuracy"]), ("arithmetic-mean", 1, labels["arithmetic-mean"])]
    assert [f.note for f in d.flags] == ["the answer rounds wrong"]
    assert not d.user


def test_a_steps_cards_mistake_is_labelled_from_its_stage(bank):
    t = bank.templates["optimizers.adam-first-step"]
    stage = next(s for s in t.spec["stage"] if s.get("mistake"))
    m = stage["mistake"][0]
    assert mistake_label(t, f"{stage['name']}:{m['id']}") == m["label"]
    assert mistake_label(t, "nope:nothing") is None


def test_reset_makes_a_card_new_keeps_its_history_and_can_be_undone(ws, bank):
    store = ws._store
    store.sync_bank(bank)
    record(store, "metrics.f1-counts", rating=3, now=NOW - timedelta(days=3))
    before = store.memory("metrics.f1-counts")
    saved = ws.reset(["metrics.f1-counts", "metrics.r2-range"])  # r2-range is new: left alone
    assert [s[0] for s in saved] == ["metrics.f1-counts"]
    assert store.memory("metrics.f1-counts").state == 0
    assert len(ws.browser().detail("metrics.f1-counts").history) == 1  # history kept
    assert "metrics.f1-counts" in [q.template_id for q in store.queue(NOW)]  # queued as new again
    assert ws.undo_reset(saved) == 1
    assert store.memory("metrics.f1-counts") == before


def test_undoing_a_reset_leaves_a_card_reviewed_since(ws, bank):
    store = ws._store
    store.sync_bank(bank)
    record(store, "metrics.f1-counts", rating=3, now=NOW - timedelta(days=3))
    saved = ws.reset(["metrics.f1-counts"])
    record(store, "metrics.f1-counts", rating=4, now=NOW)
    after = store.memory("metrics.f1-counts")
    assert ws.undo_reset(saved) == 0 and store.memory("metrics.f1-counts") == after


def test_unflag_resolves_and_keeps_what_was_written(ws):
    ws.flag("metrics.f1-counts", "first")
    ws.flag("metrics.f1-counts", "second")
    assert ws.unflag(["metrics.f1-counts"]) == 2
    assert ws.browser().detail("metrics.f1-counts").flags == []
    notes = ws._store._conn.execute("SELECT note, resolved_us IS NOT NULL FROM flag ORDER BY id").fetchall()
    assert notes == [("first", 1), ("second", 1)]


def test_cram_serves_exactly_the_selection(ws):
    chosen = ["metrics.f1-counts", "optimizers.adam-first-step"]
    s = ws.study(mode="cram", templates=chosen, seed=3)
    assert s.progress.total == 2
    first = s.current.template_id
    s.skip()
    assert {first, s.current.template_id} == set(chosen)
    assert ws.study(mode="cram", templates=[], seed=3).empty.reason == "no_cards"


def test_user_cards_are_found_with_is_mine(tmp_path, bank):
    from quizapp.userdecks import Draft, both

    store = Store.open(tmp_path / "q.sqlite3")
    try:
        ws = Workspace(store, bank, clock=lambda: NOW, content=DECKS)
        ws.add_card(Draft(kind="concept", topic="metrics", title=both("Mine"), question=both("Q?"), answer=both("A."),
                          key_points=[both("k")]))
        ws.set_bank(ws.load_bank())
        assert ids(ws.browser().search(parse_query("is:mine", ws.bank), NOW)) == ["metrics.mine"]
        assert ws.browser().detail("metrics.mine").user
    finally:
        store.close()


def test_every_sort_mode_and_kind_has_its_words_in_the_catalog():
    from quizapp.browse import KINDS, SORTS
    from quizapp.catalog import has

    missing = [k for k in (*(f"browser.sort.{s}" for s in SORTS), *(f"kind.{k}" for k in KINDS),
                           *(f"browser.mode.{m}" for m in ("study", "cram", "mock"))) if not has(k)]
    assert not missing, missing


def test_finding_a_word_in_the_joined_text_is_finding_it_card_by_card():
    from quizapp.browse import SearchIndex

    index = SearchIndex(load_bank())
    last, first = index.text[0][-3:], index.text[1][:3]
    for word in ("adam", "f1", "的", "σ", "softmax", "zzz", last + first, "e", index.text[-1][-4:]):
        assert index.matching(word) == [i for i, text in enumerate(index.text) if word in text], word
