"""`LastBuildValues`: what serve's next edit asks for again, kept from the last build only."""

from __future__ import annotations


class LastBuildValues:
    """Values worked out by the last build, by key (serve): most are asked for again at the
    next edit. Only those the last build asked for are kept, so the table does not grow with
    the edits."""

    def __init__(self) -> None:
        self._last: dict = {}
        self._now: dict = {}

    def get(self, key):
        value = self._now.get(key)
        if value is None and (value := self._last.get(key)) is not None:
            self._now[key] = value
        return value

    def put(self, key, value) -> None:
        self._now[key] = value

    def next_build(self) -> None:
        self._last, self._now = self._now, {}
