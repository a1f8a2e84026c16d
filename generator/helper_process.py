"""A helper process: a fresh interpreter running one function of this package, fed pickled
messages on its stdin, answering with one pickle on its stdout (the writer and the search
index use it). A fresh interpreter rather than a fork: a forked child would share, and be
counted with, the builder's memory, and it imports only what its function needs."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Iterator

_PACKAGE_ROOT = str(Path(__file__).resolve().parent.parent)


class HelperFailed(Exception):
    """The helper stopped without answering; `detail` is the last line it wrote to stderr."""

    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail


class HelperProcess:
    def __init__(self, target: str, env: dict[str, str] | None = None):
        """Start `target`, "package.module:function"."""
        module, function = target.split(":")
        environment = dict(os.environ, **(env or {}))
        environment["PYTHONPATH"] = os.pathsep.join(filter(None, (_PACKAGE_ROOT, os.environ.get("PYTHONPATH"))))
        # Its errors go to a file: a full stderr pipe nobody reads would stop it.
        self._errors = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [sys.executable, "-c", f"from {module} import {function}; {function}()"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._errors,
            env=environment,
        )
        self.broken = False

    def send(self, message) -> None:
        """Hand over a message; once the helper has stopped, nothing (`answer` says why)."""
        if self.broken:
            return
        try:
            pickle.dump(message, self.process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
        except OSError:
            self.broken = True

    def answer(self):
        """Close its input, wait for it, and return its answer; HelperFailed if it gave none."""
        try:
            self.process.stdin.close()
        except OSError:
            pass
        output = self.process.stdout.read()
        self.process.wait()
        try:
            if self.process.returncode != 0 or not output:
                raise HelperFailed(self._last_error())
            return pickle.loads(output)
        finally:
            self._close_pipes()

    def _last_error(self) -> str:
        self._errors.seek(0)
        lines = self._errors.read().decode("utf-8", "replace").strip().splitlines()
        return lines[-1] if lines else f"the helper process stopped ({self.process.returncode})"

    def kill(self) -> None:
        """From another thread too."""
        try:
            self.process.kill()
        except OSError:
            pass

    def close(self) -> None:
        """Stop it if it still runs."""
        if self.process.returncode is not None:
            return
        self.kill()
        self.process.wait()
        self._close_pipes()

    def _close_pipes(self) -> None:
        for stream in (self.process.stdin, self.process.stdout, self._errors):
            try:
                stream.close()
            except (OSError, ValueError):
                pass


def messages() -> Iterator:
    """In the helper: the messages sent to it, until its input closes."""
    source = sys.stdin.buffer
    while True:
        try:
            yield pickle.load(source)
        except EOFError:
            return


def reply(answer) -> None:
    """In the helper: its one answer."""
    pickle.dump(answer, sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)
    sys.stdout.buffer.flush()
