"""``quizapp serve``: the app in a web browser through textual-serve.

The browser tests start the installed ``quizapp serve`` on a free port with a
temporary database and drive Debian's headless Chromium over the Chrome DevTools
Protocol (a small driver below, on the ``websockets`` client). textual-serve's
page draws the terminal with xterm.js on a canvas and keeps its ``Terminal`` in a
closure, so a script added before the page loads catches the object when the
page stores it (``….terminal = new Terminal(…)``) and the tests read the screen
from its buffer. Keys go in as real key events. Waits poll for text, never sleep
a fixed time.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import default_sigint

from quizapp.catalog import text
from quizapp.commands import serve

QUIZAPP = Path(sys.executable).with_name("quizapp")
CHROMIUM = "/usr/bin/chromium"
TIMEOUT = 30.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(ok, what: str, timeout: float = TIMEOUT, show=lambda: ""):
    """Poll ``ok()`` until it returns something true; return that."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = ok()
        if got:
            return got
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}{show()}")


# ---------------------------------------------------------------- the server

class Served:
    """``quizapp serve`` in a subprocess, its output collected in files."""

    def __init__(self, tmp_path: Path, *args: str):
        self.port = _free_port()
        self.out, self.err = tmp_path / "serve.out", tmp_path / "serve.err"
        with open(self.out, "wb") as out, open(self.err, "wb") as err:
            self.proc = subprocess.Popen([str(QUIZAPP), "serve", "--port", str(self.port), *args],
                                         stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                         preexec_fn=default_sigint)  # stop() is a Ctrl+C
        self.url = f"http://127.0.0.1:{self.port}"
        try:
            _wait(self._listening, f"quizapp serve to listen on {self.url}", show=self.output)
        except BaseException:
            self.proc.kill()
            self.proc.wait()
            raise

    def _listening(self) -> bool:
        assert self.proc.poll() is None, f"quizapp serve exited with {self.proc.returncode}{self.output()}"
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=1):
            return True
        return False

    def output(self) -> str:
        return f"\nstdout:\n{self.out.read_text()}\nstderr:\n{self.err.read_text()}"

    def stop(self) -> int:
        """Ctrl+C, as a person would; the exit status."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        try:
            return self.proc.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError(f"quizapp serve did not stop on Ctrl+C{self.output()}") from None


# ---------------------------------------------------------------- the browser

# Runs in the page before its own scripts: keep the xterm.js Terminal the page
# creates (textual.js assigns it to a `terminal` property) where tests can read it.
CATCH_TERMINAL = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "terminal", {value, writable: true, configurable: true, enumerable: true});
    if (value && value.buffer && value.buffer.active) {
      window.quizappTerminal = value;
      delete Object.prototype.terminal;
    }
  },
});
"""

READ_SCREEN = """(() => {
  const t = window.quizappTerminal;
  if (!t) return null;
  const b = t.buffer.active, rows = [];
  for (let i = 0; i < t.rows; i++) {
    const line = b.getLine(b.viewportY + i);
    rows.push(line ? line.translateToString(true) : "");
  }
  return rows.join("\\n");
})()"""

# CDP key events: (key, code, keyCode, text)
KEYS = {
    "Enter": ("Enter", "Enter", 13, "\r"),
    "Space": (" ", "Space", 32, " "),
    "Escape": ("Escape", "Escape", 27, ""),
}
# punctuation one might type in an answer: (code, keyCode); xterm.js reads some
# keyCodes as special keys (46 is Delete, not "."), so each needs its own
PUNCTUATION = {".": ("Period", 190), ",": ("Comma", 188), "/": ("Slash", 191), "-": ("Minus", 189),
               "[": ("BracketLeft", 219), "]": ("BracketRight", 221), " ": ("Space", 32)}


class Browser:
    """Headless Chromium over the DevTools Protocol: one websocket, one session per tab."""

    def __init__(self, profile: Path):
        from websockets.sync.client import connect

        self.proc = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", "--remote-debugging-port=0", "--window-size=1200,800",
             "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        self.stack = contextlib.ExitStack()
        self.next_id = 0
        try:
            active = profile / "DevToolsActivePort"  # Chromium writes its port and path here
            lines = _wait(lambda: self._alive() and active.exists() and active.read_text().split(),
                          "Chromium's DevTools port")
            self.ws = self.stack.enter_context(
                connect(f"ws://127.0.0.1:{lines[0]}{lines[1]}", max_size=None, open_timeout=TIMEOUT))
        except BaseException:
            self.proc.kill()
            self.proc.wait()
            raise

    def _alive(self) -> bool:
        assert self.proc.poll() is None, f"Chromium exited with {self.proc.returncode}"
        return True

    def call(self, method: str, session: str | None = None, **params):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        self.ws.send(json.dumps(message))
        deadline = time.monotonic() + TIMEOUT
        while True:
            reply = json.loads(self.ws.recv(timeout=max(0.1, deadline - time.monotonic())))
            if reply.get("id") == self.next_id:
                assert "error" not in reply, f"{method}: {reply['error']}"
                return reply.get("result", {})

    def open(self, url: str) -> "Tab":
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        tab = Tab(self, session, target)
        self.call("Page.enable", session)
        self.call("Page.addScriptToEvaluateOnNewDocument", session, source=CATCH_TERMINAL)
        self.call("Page.navigate", session, url=url)
        return tab

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.call("Browser.close")
        with contextlib.suppress(Exception):
            self.stack.close()
        try:
            self.proc.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


class Tab:
    def __init__(self, browser: Browser, session: str, target: str):
        self.browser, self.session, self.target = browser, session, target

    def evaluate(self, expression: str):
        result = self.browser.call("Runtime.evaluate", self.session, expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    def screen(self) -> str:
        return self.evaluate(READ_SCREEN) or ""

    def wait_for(self, *texts: str, timeout: float = TIMEOUT) -> str:
        """Poll the terminal until one of ``texts`` shows; return the screen."""
        return _wait(lambda: (lambda s: s if any(t in s for t in texts) else None)(self.screen()),
                     f"one of {texts}", timeout, lambda: f"; the page shows:\n{self.screen()}")

    def wait_until(self, ok, what: str) -> str:
        return _wait(lambda: (lambda s: s if ok(s) else None)(self.screen()),
                     what, TIMEOUT, lambda: f"; the page shows:\n{self.screen()}")

    def _key(self, key: str, code: str, key_code: int, typed: str = "", modifiers: int = 0) -> None:
        down = {"type": "keyDown", "key": key, "code": code, "windowsVirtualKeyCode": key_code,
                "modifiers": modifiers}
        if typed:
            down["text"] = typed
        self.browser.call("Input.dispatchKeyEvent", self.session, **down)
        self.browser.call("Input.dispatchKeyEvent", self.session, type="keyUp", key=key, code=code,
                          windowsVirtualKeyCode=key_code, modifiers=modifiers)

    def press(self, *keys: str) -> None:
        """Press named keys (``Enter``, ``Space``, ``Escape``, ``ctrl+n``) or type characters."""
        self.evaluate("window.quizappTerminal.focus()")
        for key in keys:
            if key in KEYS:
                self._key(*KEYS[key])
            elif key.startswith("ctrl+"):
                letter = key[-1]
                self._key(letter, f"Key{letter.upper()}", ord(letter.upper()), modifiers=2)
            else:
                for ch in key:
                    if ch.isascii() and ch.isalnum():
                        self._key(ch, f"Key{ch.upper()}" if ch.isalpha() else f"Digit{ch}", ord(ch.upper()), ch)
                    else:
                        self._key(ch, *PUNCTUATION[ch], ch)

    def close(self) -> None:
        self.browser.call("Target.closeTarget", targetId=self.target)


@pytest.fixture
def browser(tmp_path):
    assert os.path.exists(CHROMIUM), f"the browser tests need Debian's chromium at {CHROMIUM}"
    pytest.importorskip("textual_serve")  # both in the dev extra; CI installs them
    pytest.importorskip("websockets")
    b = Browser(tmp_path / "chromium-profile")
    yield b
    b.close()


def card_title(screen: str) -> str:
    """The card's title: the first non-blank line under the study screen's title bar."""
    lines = [line.strip() for line in screen.splitlines()]
    for i, line in enumerate(lines):
        if line.startswith(("Study ·", "Cram ·")):
            return next((x for x in lines[i + 1:] if x), "")
    return ""


def _stats(db: Path) -> dict:
    done = subprocess.run([str(QUIZAPP), "stats", "--json", "--db", str(db)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


# ---------------------------------------------------------------- in the browser

@pytest.mark.browser
def test_answer_a_card_in_the_browser_and_find_the_review(browser, tmp_path):
    db = tmp_path / "served.sqlite3"
    served = Served(tmp_path, "--db", str(db), "--lang", "en")
    try:
        assert served.url in served.out.read_text()  # the URL to open is printed
        tab = browser.open(served.url)
        tab.wait_for("Evaluation metrics")
        tab.wait_for("0%")  # the detailed figures: the bank has loaded
        tab.press("a")
        for _ in range(60):  # answer the first card that one key (or one typed line) completes
            screen = tab.wait_for("Type your answer", "Press 1", "press space", "Several are right")
            if "Step 1 of" in screen:  # a steps card is stored only after its last stage
                answered = None
            elif "press space" in screen:  # a concept card: reveal, then rate it good
                tab.press("Space")
                tab.wait_for("How well did you know it")
                tab.press("3")  # rated: the review is stored and the next card comes up at once
                answered = tab.wait_for("card 2 of", "Session finished")
            elif "Several are right" in screen:
                tab.press("1", "Enter")
                answered = tab.wait_for("✓ Correct", "✗ Not right")
            elif "Press 1" in screen:
                tab.press("1")
                answered = tab.wait_for("✓ Correct", "✗ Not right")
            else:
                tab.press("0.5", "Enter")
                answered = tab.wait_for("✓ Correct", "✗ Not right", "Could not read")
                if "Could not read" in answered:  # the card wants another shape of answer
                    answered = None
            if answered:
                break
            title = card_title(screen)
            tab.press("ctrl+n")  # skip it (it moves to the end); wait until another card is on screen
            tab.wait_until(lambda s: card_title(s) not in ("", title), "the next card")
        else:
            raise AssertionError("no card this test can answer came up")
        browser.close()  # the tab's websocket closes: textual-serve tells the app to quit
    finally:
        status = served.stop()
    assert status == 0, served.output()
    assert "Traceback" not in served.output()
    assert text("serve.stopped", "en") in served.out.read_text()
    figures = _stats(db)
    assert figures["reviews"] == 1 and figures["today"] == 1, figures


@pytest.mark.browser
def test_a_second_tab_on_the_same_database_shows_why_it_cannot_start(browser, tmp_path):
    from quizapp.store import Store

    db = tmp_path / "shared.sqlite3"
    served = Served(tmp_path, "--db", str(db), "--lang", "en")
    try:
        first = browser.open(served.url)
        first.wait_for("Evaluation metrics")
        second = browser.open(served.url)
        screen = second.wait_for("open in another quizapp")
        assert text("serve.notice.title", "en") in screen
        assert "Evaluation metrics" in first.screen()  # the first tab goes on
        second.press("Enter")  # ends that session; textual-serve's page offers Restart
        _wait(lambda: second.evaluate("document.body.classList.contains('-closed')"), "the session to end")
    finally:
        status = served.stop()  # Ctrl+C with the first tab's session still open
    assert status == 0, served.output()
    assert "Traceback" not in served.output()
    with Store.open(db):  # its app has quit and let the database go
        pass


# ---------------------------------------------------------------- without a browser

def test_the_session_command_runs_this_quizapp_on_this_database_quoted(tmp_path):
    import shlex

    db = tmp_path / "it's here; rm -rf x" / "db.sqlite3"
    argv = shlex.split(serve.session_command(db, "zh"))
    assert argv == [sys.executable, "-m", "quizapp.commands.serve", "--db", str(db), "--lang", "zh"]
    assert "--lang" not in shlex.split(serve.session_command(db, None))


@pytest.mark.parametrize("host, loopback", [
    ("127.0.0.1", True), ("localhost", True), ("::1", True), ("[::1]", True), ("127.1.2.3", True),
    ("0.0.0.0", False), ("::", False), ("192.168.1.5", False), ("example.org", False),
])
def test_only_loopback_addresses_count_as_this_machine_only(host, loopback):
    assert serve.is_loopback(host) is loopback


@pytest.mark.parametrize("host_header, on_loopback, on_network", [
    ("127.0.0.1:8000", True, True), ("localhost:8000", True, True), ("[::1]:8000", True, True),
    ("quiz.example:8000", False, True),   # another name: only a server opened to the network answers it
    ('127.0.0.1:8000"><script>', False, False), ("[::1", False, False),  # not a plain name[:port]
])
def test_which_host_names_a_request_may_use(host_header, on_loopback, on_network):
    assert serve._host_allowed(host_header, loopback=True) is on_loopback
    assert serve._host_allowed(host_header, loopback=False) is on_network


def test_the_url_to_open_for_a_wildcard_address_is_on_this_machine():
    assert serve.browse_url("0.0.0.0", 8123) == "http://127.0.0.1:8123"
    assert serve.browse_url("::", 80) == "http://[::1]:80"
    assert serve.browse_url("192.168.1.5", 8000) == "http://192.168.1.5:8000"


def _serve(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(QUIZAPP), "serve", *args], capture_output=True, text=True, timeout=60,
                          stdin=subprocess.DEVNULL, env=env)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_port_in_use_is_one_sentence(tmp_path, lang):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        done = _serve("--port", str(port), "--db", str(tmp_path / "db.sqlite3"), "--lang", lang)
    assert done.returncode == 2
    assert done.stderr == f"quizapp: {text('serve.port_in_use', lang, host='127.0.0.1', port=port)}\n"
    assert done.stdout == ""  # no URL for a server that never started


@pytest.mark.parametrize("port", ["0", "70000", "http"])
def test_a_bad_port_is_one_sentence(tmp_path, port):
    done = _serve("--port", port, "--db", str(tmp_path / "db.sqlite3"), "--lang", "en")
    assert done.returncode == 2
    assert done.stderr == f"quizapp: {text('serve.bad_port', 'en', port=port)}\n"


def test_an_address_not_on_this_machine_is_one_sentence(tmp_path):
    done = _serve("--host", "no-such-host.invalid", "--port", str(_free_port()),
                  "--db", str(tmp_path / "db.sqlite3"), "--lang", "en")
    assert done.returncode == 2
    assert done.stderr == f"quizapp: {text('serve.bad_host', 'en', host='no-such-host.invalid')}\n"


def test_without_textual_serve_it_says_how_to_install_it(tmp_path, monkeypatch, capsys):
    from quizapp.cli import main

    monkeypatch.setitem(sys.modules, "textual_serve", None)  # import fails as if not installed
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    status = main(["serve", "--db", str(tmp_path / "db.sqlite3"), "--lang", "zh"])
    assert status == 2
    err = capsys.readouterr().err
    assert err == f"quizapp: {text('serve.missing', 'zh')}\n" and "pip install 'quizapp[serve]'" in err


def test_any_address_but_loopback_is_served_only_with_a_warning(tmp_path, monkeypatch, capsys):
    pytest.importorskip("textual_serve")
    import textual_serve.server

    from quizapp.cli import main

    served = []
    monkeypatch.setattr(textual_serve.server.Server, "serve", lambda self, debug=False: served.append(self))
    monkeypatch.setattr(serve, "_cannot_listen", lambda host, port, lang: None)  # never really listen here
    assert main(["serve", "--host", "0.0.0.0", "--port", "8123", "--db", str(tmp_path / "db.sqlite3"),
                 "--lang", "en"]) == 0
    out, err = capsys.readouterr()
    assert err == text("serve.exposed", "en", host="0.0.0.0") + "\n"
    assert out.splitlines()[0] == text("serve.url", "en", url="http://127.0.0.1:8123")
    [server] = served
    assert (server.host, server.port) == ("0.0.0.0", 8123)

    assert main(["serve", "--port", "8124", "--db", str(tmp_path / "db.sqlite3"), "--lang", "en"]) == 0
    out, err = capsys.readouterr()
    assert err == "" and text("serve.url", "en", url="http://127.0.0.1:8124") in out
    assert served[1].host == "127.0.0.1"  # loopback unless asked otherwise


def test_the_language_of_its_sentences_is_the_saved_one_without_lang(tmp_path):
    from quizapp.store import Store

    db = tmp_path / "db.sqlite3"
    with Store.open(db) as store:
        store.set_setting("language", "zh")
    done = _serve("--port", "0", "--db", str(db))
    assert done.stderr == f"quizapp: {text('serve.bad_port', 'zh', port='0')}\n"


def test_a_websocket_from_another_site_is_refused(tmp_path):
    pytest.importorskip("textual_serve")
    pytest.importorskip("websockets")
    from websockets.exceptions import InvalidStatus
    from websockets.sync.client import connect

    served = Served(tmp_path, "--db", str(tmp_path / "db.sqlite3"), "--lang", "en")
    try:
        for origin, host in [("http://evil.example", "127.0.0.1"),  # another site's page
                             (f"http://evil.example:{served.port}", "evil.example")]:  # its name made to point here
            to_server = socket.create_connection(("127.0.0.1", served.port), timeout=TIMEOUT)
            with pytest.raises(InvalidStatus) as refused, connect(
                    f"ws://{host}:{served.port}/ws", sock=to_server, origin=origin, open_timeout=TIMEOUT):
                pass
            assert refused.value.response.status_code == 403
        page = http.client.HTTPConnection("127.0.0.1", served.port, timeout=TIMEOUT)
        page.request("GET", "/", headers={"Host": f"evil.example:{served.port}"})
        assert page.getresponse().status == 421  # nor is the page served under another site's name
        page.close()
    finally:
        assert served.stop() == 0, served.output()
