"""``quizapp serve [--host 127.0.0.1] [--port 8000] [--db PATH] [--lang en|zh]``:
the terminal app in a web browser, through textual-serve.

textual-serve (an optional dependency: ``pip install 'quizapp[serve]'``) answers
each browser tab by running a shell command in a subprocess and relaying its
screen and keys over a websocket. The command is this same Python running
``-m quizapp.commands.serve --db PATH [--lang L]`` (``session`` below), which
runs exactly what ``quizapp --db PATH --lang L`` runs, so the database and the
language carry over. The one thing it adds: when quizapp cannot start at all
(most often because the database is open in another quizapp, another tab
included: the store lets one writer in at a time), it has printed one sentence
on stderr and exited before any app existed. textual-serve then logs
"Application failed to start", copies the child's stderr to its own stdout,
and leaves the tab on its loading dialog (the title, nothing else) for good;
so the session shows that sentence in the tab instead, until Enter ends it and
the page offers its Restart button.

The server listens on 127.0.0.1 unless ``--host`` says otherwise; any address
that is not loopback gets a one-line warning. The page and its websocket take
their URL from the address the browser used, and the websocket only answers a
page served from that same address (and, on loopback, only loopback names), so
another web site open in the same browser cannot drive quizapp.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import errno
import io
import ipaddress
import logging
import re
import shlex
import socket
import sys
from pathlib import Path
from urllib.parse import urlsplit

from quizapp.catalog import LANGS, text
from quizapp.commands import add_db_option, db_path, fail

TITLE = "quizapp"


def add_parser(sub, name: str, help_: str) -> None:
    p = sub.add_parser(name, help=help_, description="Serve the terminal app to a web browser (textual-serve).")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1, this machine only; 0.0.0.0 opens it to the network)")
    p.add_argument("--port", default="8000", metavar="PORT", help="port to listen on (default 8000)")
    add_db_option(p)
    p.add_argument("--lang", choices=LANGS, help="language of the app and of these messages (default: the saved setting)")
    p.set_defaults(run=run)


# ---------------------------------------------------------------- the server

def run(args: argparse.Namespace) -> int:
    db = db_path(args).expanduser().absolute()
    lang = args.lang or saved_language(db)
    port = _port(args.port)
    if port is None:
        return fail(text("serve.bad_port", lang, port=args.port))
    try:
        from textual_serve.server import Server
    except ImportError:
        return fail(text("serve.missing", lang))

    problem = _cannot_listen(args.host, port, lang)
    if problem:
        return fail(problem)
    server = _make_server(Server, session_command(db, args.lang), args.host, port, lang)
    if not is_loopback(args.host):
        print(text("serve.exposed", lang, host=args.host), file=sys.stderr, flush=True)
    print(text("serve.url", lang, url=browse_url(args.host, port)), flush=True)
    # textual-serve runs its own event loop; give it a fresh one rather than
    # relying on asyncio's deprecated implicit loop.
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        server.serve()  # returns when Ctrl+C (SIGINT) or SIGTERM asks it to stop
    except OSError as e:  # lost the port between our check and textual-serve's bind
        return fail(_listen_error(e, args.host, port, lang))
    finally:
        loop.close()
        asyncio.set_event_loop(None)
    print(text("serve.stopped", lang), flush=True)
    return 0


def session_command(db: Path, lang: str | None) -> str:
    """The shell command textual-serve runs for each browser tab: this Python,
    this quizapp, this database and (if given) this language, quoted for /bin/sh."""
    argv = [sys.executable, "-m", "quizapp.commands.serve", "--db", str(db)]
    if lang:
        argv += ["--lang", lang]
    return shlex.join(argv)


def saved_language(db: Path) -> str:
    """The language saved in the database (read-only), else English."""
    if not db.exists():
        return "en"
    from quizapp.store import Store, StoreError

    try:
        with Store.open(db, readonly=True) as store:
            lang = store.get_setting("language", "en")
    except StoreError:
        return "en"  # the app itself will say what is wrong with the database
    return lang if lang in LANGS else "en"


def is_loopback(host: str) -> bool:
    """True for an address only this machine can reach: localhost, 127.x, ::1."""
    name = host.strip("[]").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def browse_url(host: str, port: int) -> str:
    """The URL to open: on this machine for a wildcard address (0.0.0.0, ::)."""
    name = host.strip("[]")
    if name in ("", "0.0.0.0"):
        name = "127.0.0.1"
    elif name == "::":
        name = "::1"
    if ":" in name:
        name = f"[{name}]"
    return f"http://{name}:{port}"


def _port(value: str) -> int | None:
    try:
        port = int(value)
    except ValueError:
        return None
    return port if 1 <= port <= 65535 else None


def _cannot_listen(host: str, port: int, lang: str) -> str | None:
    """Why listening on ``host``:``port`` would fail (one sentence), or None.

    textual-serve would report a taken port as a traceback after printing its
    banner, so try the address first, the way aiohttp binds it (SO_REUSEADDR)."""
    try:
        infos = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError):
        return text("serve.bad_host", lang, host=host)
    for family, kind, proto, _, address in infos:
        try:
            with socket.socket(family, kind, proto) as probe:
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                if family == socket.AF_INET6:
                    probe.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
                probe.bind(address)  # fails on a port another socket listens on; never listens itself
        except OSError as e:
            return _listen_error(e, host, port, lang)
    return None


def _listen_error(error: OSError, host: str, port: int, lang: str) -> str:
    if error.errno == errno.EADDRINUSE:
        return text("serve.port_in_use", lang, host=host, port=port)
    if error.errno in (errno.EACCES, errno.EPERM):
        return text("serve.port_denied", lang, port=port)
    if error.errno == errno.EADDRNOTAVAIL or isinstance(error, socket.gaierror):
        return text("serve.bad_host", lang, host=host)
    return text("serve.cannot_listen", lang, host=host, port=port, reason=error.strerror or str(error))


def _make_server(Server, command: str, host: str, port: int, lang: str):
    """A textual-serve ``Server`` that prints quizapp's sentences instead of its
    banner and request log, builds the page's URLs from the address the browser
    used, refuses websockets from other sites, and closes open tabs' sessions when
    it is stopped (so each app quits and saves, and Ctrl+C ends at once)."""
    from aiohttp import web

    class QuizappServer(Server):
        def __init__(self) -> None:
            super().__init__(command, host=host, port=port, title=TITLE)
            self.loopback = is_loopback(host)
            self.sessions: set[asyncio.Task] = set()

        def initialize_logging(self) -> None:
            _quiet_logging(lang)

        async def on_startup(self, app) -> None:
            pass  # run() has printed the URL

        async def on_shutdown(self, app) -> None:
            for task in list(self.sessions):
                task.cancel()  # textual-serve closes the websocket and tells the app to quit

        async def handle_index(self, request):
            if not _host_allowed(request.host, self.loopback):
                raise web.HTTPMisdirectedRequest()
            # the page's websocket and static URLs: the address this browser used
            self.public_url = f"{request.scheme}://{request.host}"
            return await super().handle_index(request)

        async def handle_websocket(self, request):
            origin = request.headers.get("Origin")
            if not _host_allowed(request.host, self.loopback) or (
                    origin is not None and urlsplit(origin).netloc.lower() != request.host.lower()):
                raise web.HTTPForbidden()
            task = asyncio.current_task()
            self.sessions.add(task)
            try:
                return await super().handle_websocket(request)
            finally:
                self.sessions.discard(task)

    return QuizappServer()


_HOST_HEADER = re.compile(r"[A-Za-z0-9.-]+(:[0-9]{1,5})?|\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?")


def _host_allowed(host_header: str, loopback: bool) -> bool:
    """A plain ``name[:port]`` (it is written into the page), and on a loopback
    server a loopback name: a page of another site whose name was made to point
    at 127.0.0.1 is turned away."""
    if not _HOST_HEADER.fullmatch(host_header):
        return False
    return not loopback or is_loopback(urlsplit(f"//{host_header}").hostname or "")


class _OneLine(logging.Formatter):
    """textual-serve's and aiohttp's warnings as one line each; a traceback goes
    to a crash log, named in one sentence."""

    def __init__(self, lang: str):
        super().__init__("quizapp serve: %(message)s")
        self.lang = lang

    def format(self, record: logging.LogRecord) -> str:
        if record.exc_info and record.exc_info[1] is not None:
            from quizapp.crashlog import write_crash_log

            error = record.exc_info[1]
            log = write_crash_log(error)
            return "quizapp serve: " + text("serve.session_error", self.lang,
                                            error=type(error).__name__, log=log or "-")
        return super().format(record).splitlines()[0]


def _quiet_logging(lang: str) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_OneLine(lang))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING)


# ---------------------------------------------------------------- one browser tab

def session(argv: list[str]) -> int:
    """Run quizapp for one browser tab: ``quizapp --db PATH [--lang L]``; if it
    could not start (no app was built, so nothing reached the browser), show its
    sentence in the tab instead of leaving it empty."""
    parser = argparse.ArgumentParser(prog="quizapp-serve-session")
    parser.add_argument("--db", required=True)
    parser.add_argument("--lang", choices=LANGS)
    args = parser.parse_args(argv)
    from quizapp.cli import main

    said = io.StringIO()
    with contextlib.redirect_stderr(_Tee(sys.stderr, said)):
        status = main(["tui", "--db", args.db, *(["--lang", args.lang] if args.lang else [])])
    started = "textual.drivers" in sys.modules  # imported when an App is built, not before
    if status and not started:
        lines = [line.removeprefix("quizapp: ") for line in said.getvalue().splitlines() if line.strip()]
        show_notice(lines, args.lang or saved_language(Path(args.db)))
    return status


class _Tee(io.TextIOBase):
    """Write to stderr and keep a copy."""

    def __init__(self, *streams):
        self.streams = streams

    def write(self, s: str) -> int:
        for stream in self.streams:
            stream.write(s)
        return len(s)

    def flush(self) -> None:
        for stream in self.streams:
            stream.flush()


def show_notice(lines: list[str], lang: str) -> None:
    """A one-screen Textual app: why quizapp could not start, and how to go on."""
    from textual.app import App, ComposeResult
    from textual.binding import Binding
    from textual.containers import Vertical
    from textual.widgets import Static

    class Notice(App):
        CSS = """
        Screen { align: center middle; }
        #notice { width: 80%; max-width: 90; height: auto; border: heavy $error; padding: 1 2; }
        #notice-title { text-style: bold; color: $error; margin-bottom: 1; }
        #notice-hint { margin-top: 1; color: $text-muted; }
        """
        BINDINGS = [Binding("enter,escape,q,ctrl+q", "quit", show=False, id="notice-close")]
        TITLE = TITLE

        def compose(self) -> ComposeResult:
            with Vertical(id="notice"):
                yield Static(text("serve.notice.title", lang), id="notice-title", markup=False)
                yield Static("\n".join(lines), id="notice-text", markup=False)
                yield Static(text("serve.notice.hint", lang), id="notice-hint", markup=False)

    Notice().run()


if __name__ == "__main__":
    raise SystemExit(session(sys.argv[1:]))
