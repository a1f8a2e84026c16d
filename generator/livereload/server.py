"""The local HTTP server of `serve`: files under the output folder only, the live-reload
script added to HTML responses, and a server-sent-events stream of build states."""

from __future__ import annotations

import html
import json
import mimetypes
import posixpath
import threading
from collections import deque
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

# The browser's half of live reload, package data (pyproject.toml), found where it is installed.
CLIENT = files("generator.livereload") / "client"
CLIENT_PREFIX = "/__livereload/"
# An external script, so the pages' Content-Security-Policy (script-src 'self') holds; it is
# told the page's file in the site and the version the page was read at.
RELOAD_TAG = '<script src="/__livereload/livereload.js" data-page="{page}" data-version="{version}" defer></script>'
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
}
KEEPALIVE_SECONDS = 15
MAX_LISTED_PAGES = 1000  # more changed pages are told as "every page"


@dataclass
class SiteState:
    """What the browser is told: a number that changes each time pages change, the site
    paths that changed since the number a tab last saw (None: every page, or unknown), and
    the build's problems. An edit's rebuild may publish twice (`Builder.build`'s first look:
    the edited articles' pages, then the pages that follow from them); a tab reloads when
    its own page is among them."""

    version: int = 0
    errors: list[str] = field(default_factory=list)
    changed: threading.Condition = field(default_factory=threading.Condition)
    closing: bool = False
    # (version, paths) of the last publications; a tab further behind reloads whatever it shows
    recent: deque = field(default_factory=lambda: deque(maxlen=16))

    def publish(self, errors: list[str], pages: list[str] | None = None) -> None:
        with self.changed:
            self.version += 1
            self.errors = list(errors)
            listed = pages is not None and len(pages) <= MAX_LISTED_PAGES
            self.recent.append((self.version, frozenset(pages) if listed else None))
            self.changed.notify_all()

    def close(self) -> None:
        with self.changed:
            self.closing = True
            self.changed.notify_all()

    def pages_since(self, seen: int | None) -> list[str] | None:
        """The site paths changed after version `seen`, sorted; None when any may have."""
        if seen is None or not self.recent or self.recent[0][0] > seen + 1:
            return None
        changed: set[str] = set()
        for version, pages in self.recent:
            if version > seen:
                if pages is None:
                    return None
                changed.update(pages)
        return sorted(changed) if len(changed) <= MAX_LISTED_PAGES else None

    def message(self, seen: int | None = None) -> bytes:
        state = {"version": self.version, "errors": self.errors, "pages": self.pages_since(seen)}
        return f"data: {json.dumps(state)}\n\n".encode()


def site_file(root: Path, url_path: str) -> Path | None:
    """The file a URL path names inside `root`, or None: no `..`, no absolute paths, and no
    symlink that leads outside the site."""
    path = unquote(urlsplit(url_path).path)
    if "\0" in path or "\\" in path:
        return None
    parts = [p for p in path.split("/") if p and p != "."]
    if any(p == ".." for p in parts):
        return None
    candidate = root.joinpath(*parts) if parts else root
    try:
        real = candidate.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if real != root and root not in real.parents:
        return None
    if real.is_dir():
        real = real / "index.html"
        if not real.is_file():
            return None
    return real if real.is_file() else None


class LiveReloadHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive for page, style and script requests
    server: "LiveReloadServer"

    def log_message(self, *args) -> None:
        pass

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def do_GET(self) -> None:
        self._serve(head=False)

    def _serve(self, head: bool) -> None:
        url_path = urlsplit(self.path).path
        if url_path == CLIENT_PREFIX + "events":
            return self._events()
        if url_path.startswith(CLIENT_PREFIX):
            name = posixpath.basename(url_path)
            target = CLIENT / name if name in ("livereload.js", "livereload.css") else None
        else:
            target = site_file(self.server.root.resolve(), self.path)
        # Before the file is read: a rebuild that changes it after is told to the page.
        version = self.server.state.version
        if target is None:
            return self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8", head)
        try:
            body = target.read_bytes()
        except OSError:  # swapped away by a rebuild between the lookup and the read
            return self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8", head)
        kind = (
            CONTENT_TYPES.get(target.suffix.lower())
            or mimetypes.guess_type(target.name)[0]
            or "application/octet-stream"
        )
        if target.suffix.lower() == ".html" and b"</body>" in body:
            page = target.relative_to(self.server.root.resolve()).as_posix()
            tag = RELOAD_TAG.format(page=html.escape(page), version=version).encode()
            body = body.replace(b"</body>", tag + b"</body>", 1)
        self._send(HTTPStatus.OK, body, kind, head)

    def _send(self, status: HTTPStatus, body: bytes, kind: str, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _events(self) -> None:
        """`?since=N`: the version the page was read at; the first message tells what changed since."""
        state = self.server.state
        since = parse_qs(urlsplit(self.path).query).get("since", [""])[0]
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.close_connection = True
        seen = int(since) if since.isdigit() else None
        first = True
        try:
            while True:
                with state.changed:
                    if not first:
                        state.changed.wait_for(
                            lambda: state.version != seen or state.closing, timeout=KEEPALIVE_SECONDS
                        )
                    first = False
                    if state.closing:
                        return
                    seen, message = state.version, state.message(seen)
                # Written outside the lock: a stalled tab must not hold up a rebuild.
                self.wfile.write(message)
                self.wfile.flush()
        except OSError:  # the tab was closed
            return


class LiveReloadServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256

    def __init__(self, address: tuple[str, int], root: Path, state: SiteState):
        self.root = root
        self.state = state
        super().__init__(address, LiveReloadHandler)

    def server_close(self) -> None:
        self.state.close()
        super().server_close()


__all__ = ["LiveReloadServer", "SiteState", "site_file", "RELOAD_TAG"]
