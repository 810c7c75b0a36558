"""A real terminal for the benchmarks: a program in a pseudo-terminal, and the time
at which a given frame has been written to it.

The parent reads the pty's output as a terminal would. It answers Textual's query
for synchronized output (``CSI ? 2026 $ p``) as modern terminals do (kitty,
WezTerm, foot, iTerm2, Windows Terminal), so each frame after that arrives between
``CSI ? 2026 h`` and ``CSI ? 2026 l``: a frame counts as written when its closing
sequence has been read. Before the answer is seen (the first frame can precede
it) the text read so far counts as soon as it holds what is looked for.

Escape sequences are stripped before matching, so a pattern is plain screen text:
Textual writes each line's segments in order, and a pattern within one line matches.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import termios
import time
from typing import Callable

SYNC_QUERY = b"\x1b[?2026$p"
SYNC_REPLY = b"\x1b[?2026;2$y"
SYNC_START = b"\x1b[?2026h"
SYNC_END = b"\x1b[?2026l"
_ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[PX^_][^\x1b]*\x1b\\|\x1b[@-Z\\-_]")

Match = Callable[[str], bool]


def screen_text(data: bytes) -> str:
    """``data`` without escape sequences, as text."""
    return _ESCAPES.sub(b"", data).decode("utf-8", "replace")


class Terminal:
    """``argv`` running in a pty of ``cols`` × ``rows``."""

    def __init__(self, argv: list[str], cols: int = 80, rows: int = 24, env: dict[str, str] | None = None,
                 cwd: str | None = None):
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        # As a user runs it: compiled modules cached (a developer's PYTHONDONTWRITEBYTECODE
        # would compile every module from source at every launch), no Textual dev switches.
        base = {k: v for k, v in os.environ.items()
                if not k.startswith("TEXTUAL") and k != "PYTHONDONTWRITEBYTECODE"}
        base.update(TERM="xterm-256color", COLORTERM="truecolor", COLUMNS=str(cols), LINES=str(rows))
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, close_fds=True,
                                     start_new_session=True, env={**base, **(env or {})}, cwd=cwd)
        os.close(slave)
        self.buffer = b""  # output since the last mark()
        self.log = bytearray()  # everything (for error messages)
        self.synced = False

    def cpu_ms(self) -> float | None:
        """CPU time the program's threads have used so far (ms, Linux's schedstat;
        None elsewhere): unlike wall time, it does not grow with the machine's load."""
        try:
            tasks = os.listdir(f"/proc/{self.proc.pid}/task")
        except OSError:
            return None
        total = 0
        for task in tasks:
            try:
                with open(f"/proc/{self.proc.pid}/task/{task}/schedstat") as f:
                    total += int(f.read().split()[0])
            except (OSError, ValueError, IndexError):
                pass  # a thread that has just ended
        return total / 1e6

    def mark(self) -> None:
        """Forget the output so far: what is looked for next must come after this."""
        self.buffer = b""

    def send(self, data: bytes | str) -> float:
        """Write keys to the program; returns the time just before writing."""
        raw = data.encode() if isinstance(data, str) else data
        t = time.perf_counter()
        os.write(self.master, raw)
        return t

    def _read(self, timeout: float) -> float | None:
        """Read what is there (waiting up to ``timeout``); the time it was read, or None."""
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return None
        try:
            chunk = os.read(self.master, 1 << 16)
        except OSError:  # the program ended
            chunk = b""
        if not chunk:
            raise EOFError(self.tail())
        t = time.perf_counter()
        self.log += chunk
        if SYNC_QUERY in self.log[-len(chunk) - len(SYNC_QUERY):] and not self.synced:
            self.synced = True
            os.write(self.master, SYNC_REPLY)
        self.buffer += chunk
        return t

    def wait_for(self, match: Match, timeout: float = 60.0) -> float:
        """Read until a frame written since ``mark()`` holds text that ``match`` accepts;
        returns the time its last byte was read. Inside a synchronized frame that is
        the frame's closing sequence."""
        deadline = time.perf_counter() + timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError(f"no matching frame in {timeout:.0f} s; the screen ended with:\n{self.tail()}")
            t = self._read(min(left, 1.0))
            if t is None:
                continue
            buf = self.buffer
            start, end = buf.rfind(SYNC_START), buf.rfind(SYNC_END)
            if start > end:
                continue  # in the middle of a frame: wait for its end
            if match(screen_text(buf)):
                return t

    def settle(self, quiet: float = 0.15, timeout: float = 10.0) -> None:
        """Read until nothing has come for ``quiet`` seconds (pending frames drawn)."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if self._read(quiet) is None:
                return

    def tail(self, n: int = 1500) -> str:
        return screen_text(bytes(self.log[-8 * n:]))[-n:]

    def close(self, keys: bytes | None = None, timeout: float = 15.0) -> None:
        """End the program (``keys`` first, e.g. ctrl+q; then SIGTERM; SIGKILL if it
        lingers) and wait for it, so its database lock is released."""
        try:
            if self.proc.poll() is None and keys:
                try:
                    os.write(self.master, keys)
                    self._drain_until_exit(timeout / 2)
                except (OSError, EOFError):
                    pass
            if self.proc.poll() is None:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self._drain_until_exit(timeout / 2)
            if self.proc.poll() is None:
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout)
        except ProcessLookupError:
            self.proc.wait(timeout)
        finally:
            os.close(self.master)

    def _drain_until_exit(self, timeout: float) -> None:
        deadline = time.perf_counter() + timeout
        while self.proc.poll() is None and time.perf_counter() < deadline:
            try:
                self._read(0.05)
            except (OSError, EOFError):
                self.proc.wait(max(0.0, deadline - time.perf_counter()))
                return
