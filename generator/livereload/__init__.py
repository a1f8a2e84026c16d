"""`serve`: build, serve the site on 127.0.0.1, rebuild when content or templates change,
and reload open pages. The reload script is added to responses here, never to the built site."""

from __future__ import annotations

import sys
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer

RELOAD_SCRIPT = b"""<script>(function(){var v=null;new EventSource('/__livereload').onmessage=function(e){if(v!==null&&e.data!==v){location.reload();}v=e.data;};})();</script>"""
IGNORED_SUFFIXES = (".swp", ".swx", "~", ".tmp", "4913")
# Reading files during a build raises "opened"/"closed" events; only changes count, and a
# rename counts because editors save by renaming a temporary file over the original.
CHANGE_EVENTS = frozenset({"created", "modified", "moved", "deleted"})


class BuildState:
    def __init__(self) -> None:
        self.version = 0
        self.error: str | None = None
        self.changed = threading.Condition()

    def bump(self, error: str | None) -> None:
        with self.changed:
            self.version += 1
            self.error = error
            self.changed.notify_all()


class _Handler(SimpleHTTPRequestHandler):
    state: BuildState

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        if self.path == "/__livereload":
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            self.end_headers()
            try:
                while True:
                    with self.state.changed:
                        version = self.state.version
                        self.wfile.write(f"data: {version}\n\n".encode())
                        self.wfile.flush()
                        self.state.changed.wait(timeout=15)
            except (BrokenPipeError, ConnectionResetError):
                return
        path = self.translate_path(self.path)
        if path.endswith(".html") or self.path.endswith("/"):
            target = Path(path) / "index.html" if Path(path).is_dir() else Path(path)
            if target.is_file():
                body = target.read_bytes().replace(b"</body>", RELOAD_SCRIPT + b"</body>")
                if self.state.error:
                    body = body.replace(b"<main>", b"<main><pre class='build-error'>" +
                                        self.state.error.replace("&", "&amp;").replace("<", "&lt;").encode() + b"</pre>")
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
        super().do_GET()


class _Rebuilder(FileSystemEventHandler):
    """Collects bursts of file events (an editor's save, a checkout) into one rebuild."""

    def __init__(self, rebuild, delay: float = 0.3):
        self.rebuild = rebuild
        self.delay = delay
        self.timer: threading.Timer | None = None
        self.lock = threading.Lock()

    def on_any_event(self, event) -> None:
        if event.is_directory or event.event_type not in CHANGE_EVENTS:
            return
        paths = [str(event.src_path), str(getattr(event, "dest_path", "") or "")]
        if all(not p or p.endswith(IGNORED_SUFFIXES) for p in paths):
            return
        with self.lock:
            if self.timer:
                self.timer.cancel()
            self.timer = threading.Timer(self.delay, self.rebuild)
            self.timer.daemon = True
            self.timer.start()


def serve(config, host: str, port: int) -> int:
    from generator.cli import run_build

    state = BuildState()
    build_lock = threading.Lock()

    def rebuild() -> None:
        with build_lock:
            try:
                run_build(config)
                state.bump(None)
            except Exception as exc:  # the last good site stays served
                message = f"build failed: {exc}"
                print(f"error: {message}", file=sys.stderr)
                state.bump(message)

    rebuild()
    handler = type("Handler", (_Handler,), {"state": state})
    server = ThreadingHTTPServer((host, port), partial(handler, directory=str(config.out.resolve())))
    server.daemon_threads = True
    observer = Observer()
    watcher = _Rebuilder(rebuild)
    for folder in (config.content, config.templates):
        observer.schedule(watcher, str(folder), recursive=True)
    observer.start()
    print(f"serving {config.out} on http://{host}:{port}/ (Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        observer.stop()
        server.server_close()
    return 0
