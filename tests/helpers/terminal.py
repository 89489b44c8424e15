"""The real `reader` in a pseudo-terminal, for tests and benchmarks.

``with Terminal([...args], env) as term:`` starts ``python -m reader ARGS`` on a new
pseudo-terminal of ``size`` (columns, rows); ``term.read(seconds)`` collects output and
returns everything seen so far with escape sequences removed; ``term.write(b"q")`` types;
``term.wait(timeout)`` waits for the end of the process. On leaving the block a process
still running is killed (its whole session) and the terminal closed.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Sequence
from types import TracebackType

ESCAPES = re.compile(r"\x1b\[[0-9;?<>=!$ ]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b.")


class Terminal:
    def __init__(
        self, args: Sequence[str], env: dict[str, str], size: tuple[int, int] = (100, 30)
    ) -> None:
        self.output = bytearray()
        self._master, slave = os.openpty()
        columns, rows = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "reader", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=dict(env, TERM="xterm-256color"),
            start_new_session=True,
        )
        os.close(slave)

    def __enter__(self) -> Terminal:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        os.close(self._master)

    def read(self, seconds: float) -> str:
        """Collect output for ``seconds`` (less if the process ends); all text seen."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if not select.select([self._master], [], [], 0.1)[0]:
                if self.process.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(self._master, 65536)
            except OSError:  # the process closed the terminal
                break
            if not chunk:
                break
            self.output.extend(chunk)
        return self.visible()

    def visible(self, start: int = 0) -> str:
        return ESCAPES.sub("", self.output[start:].decode("utf-8", "replace"))

    def write(self, keys: bytes) -> None:
        os.write(self._master, keys)

    def wait(self, timeout: float) -> int:
        return self.process.wait(timeout=timeout)
