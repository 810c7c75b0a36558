"""Pilot flows through home, settings, help and the command palette; the crash
notice; and the `quizapp tui` command's one-line errors."""

from __future__ import annotations

import subprocess
import sys

from tui_fixtures import START, bank, clock, make, store, sync, text_of, until  # noqa: F401
from helpers import record

from quizapp import catalog
from quizapp.tui.screens.help import HelpScreen, declared, family, ids_text, key_rows
from quizapp.tui.screens.home import HomeScreen
from quizapp.tui.screens.settings import SettingsScreen
from quizapp.tui.screens.study import StudyScreen


def test_every_binding_has_an_id_and_a_label_in_the_catalog():
    rows = list(declared())
    assert len(rows) > 20
    for where, b in rows:
        assert b.id and catalog.has(f"key.{family(b.id)}"), (where, b.id)
    assert all(keys for _, _, keys, _ in key_rows({}))


@sync
async def test_home_shows_topics_counts_and_study_starts(make, store, bank):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        table = home.query_one("#topics")
        assert [k.value for k in table.rows] == ["metrics", "optimizers"]
        metrics_row = table.get_row("metrics")
        assert str(metrics_row[0]) == "Evaluation metrics"
        assert metrics_row[2] == "5"  # five new cards in the fixture deck
        assert "0 reviewed" in text_of(home.query_one("#home-today"))
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen) and app.screen.topics is None
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is home
        # The mouse: the first click highlights the "optimizers" row, the second opens it.
        await pilot.click("#topics", offset=(2, 2))
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.click("#topics", offset=(2, 2))
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen) and app.screen.topics == ["optimizers"]


@sync
async def test_streak_and_mastery_follow_the_stored_reviews(make, store, clock):
    from datetime import timedelta

    store.sync_templates([("metrics.precision-meaning", "metrics")])
    for days in (2, 1, 0):  # three study days in a row, ending today
        record(store, "metrics.precision-meaning", seed=1, answer="", verdict="self", rating=4,
                            duration_ms=1000, now=START - timedelta(days=days))
    store.db.conn.execute("UPDATE memory SET stability = 30 WHERE template_id = 'metrics.precision-meaning'")
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Streak: 3 days" in text_of(app.screen.query_one("#home-progress"))
        assert app.screen.figures.topics[0].mastery == 1 / 5


@sync
async def test_settings_are_saved_in_the_store(make, store):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        field = screen.query_one("#set-desired_retention")
        field.value = "0.85"
        field.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert store.srs_settings().desired_retention == 0.85
        field = screen.query_one("#set-new_per_day")
        field.value = "7"
        screen.save_number(field)
        assert store.srs_settings().new_per_day == 7
        field.value = "5000000"  # outside 0..10000: refused, explained, put back
        assert not screen.save_number(field)
        assert field.value == "7" and store.srs_settings().new_per_day == 7
        screen.query_one("#set-theme").value = "light"
        screen.query_one("#set-language").value = "zh"
        await pilot.pause()
        assert app.theme == "textual-light" and app.lang == "zh"
        assert str(screen.query_one("#lbl-theme").content) == "主题配色"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "主题" in str(app.screen.query_one("#topics").columns[next(iter(app.screen.query_one("#topics").columns))].label)
    assert store.get_setting("theme") == "light" and store.get_setting("language") == "zh"


@sync
async def test_longest_interval_and_study_day_start_are_saved_and_checked(make, store):
    from textual.notifications import Notify

    notes = []

    def errors():
        return [m.notification.message for m in notes if m.notification.severity == "error"]

    app = make()
    async with app.run_test(size=(80, 24), message_hook=lambda m: isinstance(m, Notify) and notes.append(m)) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        screen = app.screen
        interval, hour = screen.query_one("#set-maximum_interval"), screen.query_one("#set-day_rollover_hour")
        assert (interval.value, hour.value) == ("36500", "4")  # the scheduler's defaults
        assert str(screen.query_one("#lbl-maximum_interval").content) == "Longest interval in days (1–36500)"
        interval.value = "180"
        interval.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert store.srs_settings().maximum_interval == 180 and store.get_setting("maximum_interval") == 180
        hour.value = "0"
        assert screen.save_number(hour) and store.get_setting("day_rollover_hour") == 0
        assert store.srs_settings().day_rollover_hour == 0 and errors() == []
        for field, bad, kept in ((hour, "24", "0"), (interval, "0", "180"), (interval, "forever", "180")):
            field.value = bad
            assert not screen.save_number(field)
            assert field.value == kept  # refused and put back
        await pilot.pause()
        assert (store.get_setting("day_rollover_hour"), store.get_setting("maximum_interval")) == (0, 180)
        hour_error, interval_error, word_error = errors()
        assert hour_error == "Hour a new study day starts: 24 is outside 0–23; nothing was changed."
        assert interval_error == "Longest interval in days: 0 is outside 1–36500; nothing was changed."
        assert word_error == "Longest interval in days: “forever” is not a number; nothing was changed."
        assert not any("_" in e for e in errors())  # no internal setting names
        assert all(e.count("\n") == 0 and e.rstrip(".").count(". ") == 0 for e in errors())  # one sentence each
        app.lang = "zh"
        await pilot.pause()
        assert "天" in str(screen.query_one("#lbl-maximum_interval").content)
        assert "0–23" in str(screen.query_one("#lbl-day_rollover_hour").content)
        hour.value = "-1"
        assert not screen.save_number(hour)
        await pilot.pause()
        assert errors()[-1] == "新的学习日从几点开始：-1 超出 0–23 的范围；未作更改。"
        assert store.get_setting("day_rollover_hour") == 0


@sync
async def test_stored_language_and_theme_are_used_at_start(make, store):
    store.set_setting("language", "zh")
    store.set_setting("theme", "light")
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.lang == "zh" and app.theme == "textual-light"
        assert "连续学习" in text_of(app.screen.query_one("#home-progress"))


@sync
async def test_help_lists_every_binding_from_the_bindings(make, store):
    store.set_setting("keymap", {"study-skip": "ctrl+k"})
    app = make()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("#help-keys")
        ids = [str(table.get_row_at(i)[3]) for i in range(table.row_count)]
        assert set(ids) == {ids_text(row) for _, _, _, row in key_rows({})}
        assert "study-rate-1…4" in ids and "study-rate" not in ids  # only ids that exist
        skip = next(table.get_row_at(i) for i in range(table.row_count) if str(table.get_row_at(i)[3]) == "study-skip")
        assert "k" in str(skip[0]).lower()  # the remapped key, not ctrl+n


@sync
async def test_keymap_remaps_a_study_key(make, store):
    app = make()
    app.set_keymap({"study-skip": "ctrl+k"})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        first = app.screen.session.current.template_id
        await pilot.press("ctrl+k")
        await pilot.pause()
        assert app.screen.session.current.template_id != first


@sync
async def test_command_palette_reaches_a_topic(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"deck: Optimizers")

        def best_is_optimizers() -> bool:
            options = app.screen.query("CommandList")
            if not options or options.first().option_count == 0:
                return False
            first = options.first()
            return "Optimizers" in str(first.get_option_at_index(0).prompt)

        await until(pilot, best_is_optimizers, what="the palette's search")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, StudyScreen), what="the study screen")
        assert isinstance(app.screen, StudyScreen)
        assert app.screen.topics == ["optimizers"] and app.screen.mode == "study"


@sync
async def test_a_crash_writes_a_log_and_shows_one_sentence(make, tmp_path, capfd):
    app = make()
    secret = "0.8333-my-answer"
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()

            def boom():
                raise RuntimeError(f"bad state with {secret}")

            app.call_later(boom)
            await pilot.pause()
    except RuntimeError:
        pass  # Pilot re-raises the app's error for tests
    assert app.return_code == 1
    assert app.crash_log is not None and app.crash_log.parent == tmp_path / "logs"
    assert "RuntimeError" in app.crash_log.read_text()
    notice = capfd.readouterr().err.strip()
    assert notice.startswith("quizapp stopped after an unexpected error (RuntimeError)")
    assert secret not in notice and "Traceback" not in notice
    assert str(app.crash_log) in notice.replace("\n", "")  # the console may wrap the path


def _quizapp(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "quizapp", *args], capture_output=True, text=True,
                          timeout=60, **kw)


def test_tui_on_a_database_from_a_newer_quizapp_is_one_line_and_status_2(tmp_path):
    import sqlite3

    db = tmp_path / "new.sqlite3"
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 999")
    conn.execute("CREATE TABLE x (y)")
    conn.close()
    done = _quizapp("--db", str(db))
    assert done.returncode == 2
    assert done.stderr.startswith("quizapp: ") and done.stderr.count("\n") == 1
    assert "Traceback" not in done.stderr


def test_tui_on_a_locked_database_is_one_line_and_status_2(store):
    done = _quizapp("tui", "--db", str(store.path))
    assert done.returncode == 2
    assert "open in another quizapp" in done.stderr and done.stderr.count("\n") == 1


def test_app_modules_do_not_import_torch():
    code = ("import sys; import quizapp.tui.app, quizapp.tui.screens.study, quizapp.tui.screens.home; "
            "print('torch' in sys.modules or 'sklearn' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@sync
async def test_without_a_bank_home_comes_first_and_the_bank_loads_in_a_worker(store, clock, tmp_path,
                                                                              monkeypatch):
    import threading

    import quizapp.content
    from quizapp.tui.app import make_app

    release = threading.Event()
    real_load = quizapp.content.load_bank

    def held_load(*args, **kwargs):
        assert release.wait(10)
        return real_load(*args, **kwargs)

    monkeypatch.setattr(quizapp.content, "load_bank", held_load)
    store.set_setting("topic_titles", {"metrics": {"en": "Evaluation metrics", "zh": "评估指标"}})
    from quizapp.workspace import Workspace

    app = make_app(Workspace(store, clock=clock), log_dir=tmp_path / "logs", config_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        ws = app.workspace
        assert ws.bank is None and isinstance(app.screen, HomeScreen)  # home before the bank
        # a first launch: no figure is shown before it is known (no "0 new waiting")
        assert text_of(app.screen.query_one("#home-today")) == "Loading the question bank…"
        assert not app.screen.query_one("#topics").display
        await pilot.press("a")  # asked for early, study opens once the bank is there
        release.set()
        for _ in range(500):  # wait for the bank (a ceiling, not a sleep)
            if ws.bank is not None:
                break
            await pilot.pause(0.02)
        assert ws.bank is not None and ws.bank.templates
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen) and app.screen.session.current is not None
        await pilot.press("escape")
        await pilot.pause()
        table = app.screen.query_one("#topics")
        assert [k.value for k in table.rows] == list(ws.bank.topics) and table.display
        assert "new waiting" in text_of(app.screen.query_one("#home-progress"))
    assert store.get_setting("topic_titles") == ws.bank.topics  # the next start's first frame
