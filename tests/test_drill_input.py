"""How ``drill --plain`` and ``mock --plain`` read stdin (``commands.drill._Input``)
from a real pipe, in a child process: whole lines however the bytes arrive, hostile
bytes made harmless, over-long lines skipped, and a Ctrl-C that lands while the
reader waits always ends the wait."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from quizapp.commands.drill import MAX_LINE

READER = textwrap.dedent("""
    import sys
    from quizapp.commands.drill import _Input

    reader = _Input()
    while True:
        line = reader.readline()
        print(repr(line), flush=True)
        if line is None:
            break
""")

# The reader blocks in its wait for a line that never comes; once the main thread is
# inside that wait and asleep in the kernel, another thread raises SIGINT's flag the
# way a signal handled just before a blocking read() leaves it (_thread.interrupt_main:
# Python's handler has run, no further signal will interrupt the read).
INTERRUPTED = textwrap.dedent("""
    import _thread, sys, threading
    from pathlib import Path
    from quizapp.commands.drill import _Input

    main = threading.main_thread()

    def interrupt_once_waiting():
        stat = Path(f"/proc/self/task/{main.native_id}/stat")
        while True:
            frame = sys._current_frames().get(main.ident)
            inside = False
            while frame is not None:
                inside = inside or frame.f_code.co_name == "readline"
                frame = frame.f_back
            if inside and stat.read_text().rsplit(")", 1)[1].split()[0] == "S":
                break
            threading.Event().wait(0.01)
        print("waiting", flush=True)
        _thread.interrupt_main()

    threading.Thread(target=interrupt_once_waiting, daemon=True).start()
    try:
        _Input().readline()
    except KeyboardInterrupt:
        print("interrupted", flush=True)
""")


def run(script: str, chunks: list[bytes], timeout: float = 60) -> list[str]:
    proc = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    try:
        for chunk in chunks:  # separate writes: the reader may get them apart or together
            proc.stdin.write(chunk)
            proc.stdin.flush()
    except BrokenPipeError:
        pass  # the reader gave up on the input (what one test asks of it)
    out, err = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, err.decode()
    return out.decode().splitlines()


def test_lines_come_whole_however_the_bytes_arrive():
    long_bytes = b"9" * (MAX_LINE * 4 + 10)  # past the byte limit: skipped to its end
    long_chars = "é" * (MAX_LINE + 1)  # past the character limit, within the bytes
    chunks = [b"a\nb\n", b"par", b"tial\n", b"\xff\x00z\r\n", long_bytes[:70_000], long_bytes[70_000:] + b"\n",
              b"after\n", long_chars.encode() + b"\n", ("x" * MAX_LINE).encode() + b"\n", b"last"]
    lines = run(READER, chunks)
    assert lines == [repr("a"), repr("b"), repr("partial"), repr("\ufffd\ufffdz"), repr("\x00too-long"),
                     repr("after"), repr(""), repr("x" * MAX_LINE), repr("last"), "None"]


def test_endless_input_without_a_line_end_is_given_up_not_held():
    lines = run(READER, [b"7" * (17 * 2**20)])  # more than the 16 MiB skipped looking for a line end
    assert lines == ["None"]


def test_a_ctrl_c_that_lands_while_the_reader_waits_ends_the_wait():
    """It did not before: a drill Ctrl-C'd just as it began to wait for a line kept
    waiting for one (test_kill.test_ctrl_c_ends_with_a_summary, under load)."""
    from helpers import default_sigint

    proc = subprocess.Popen([sys.executable, "-c", INTERRUPTED], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, preexec_fn=default_sigint)
    try:
        try:
            proc.wait(timeout=60)  # stdin stays open: the line never comes, nor does its end
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            raise AssertionError(f"the reader was still waiting 60 s after Ctrl-C: {proc.stdout.read()!r}") from None
        out, err = proc.stdout.read().decode(), proc.stderr.read().decode()
    finally:
        for stream in (proc.stdin, proc.stdout, proc.stderr):
            stream.close()
    assert out.splitlines() == ["waiting", "interrupted"], err


def test_a_drill_started_with_stdin_closed_ends_as_at_the_end_of_input(tmp_path):
    import os

    from helpers import DECKS

    done = subprocess.run([sys.executable, "-m", "quizapp", "drill", "--plain", "--content", str(DECKS),
                           "--db", str(tmp_path / "p.sqlite3"), "--count", "1"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          preexec_fn=lambda: os.close(0), timeout=120)  # as `quizapp drill --plain <&-`
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert done.stdout.splitlines()[-1] == "done: 0 answered, 0 skipped, 1 left"
