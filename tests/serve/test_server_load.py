"""The `serve` server: nothing outside the output folder is served, whatever the request
path; it binds 127.0.0.1 unless told otherwise; and 200 concurrent keep-alive clients on
loopback are all served while rebuilds run. Every loop here is bounded in count and time."""

from __future__ import annotations

import http.client
import socket
import threading
import time

import pytest

from generator.livereload.server import LiveReloadServer, SiteState

pytestmark = pytest.mark.robustness

SECRET = "top-secret-outside-the-site"


@pytest.fixture(scope="module")
def site_server(tmp_path_factory):
    """A LiveReloadServer on an ephemeral loopback port over a small site, with a secret
    file beside the site and symlinks pointing at it."""
    tmp_path = tmp_path_factory.mktemp("server")
    site = tmp_path / "site"
    (site / "articles").mkdir(parents=True)
    (site / "index.html").write_text("<p>home</p></body>", encoding="utf-8")
    (site / "articles" / "a.html").write_text("<p>a</p>", encoding="utf-8")
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET, encoding="utf-8")
    (site / "leak.txt").symlink_to(tmp_path / "secret.txt")
    (site / "leakdir").symlink_to(outside, target_is_directory=True)
    (site / "inside.html").symlink_to(site / "articles" / "a.html")  # a link within the site is fine
    server = LiveReloadServer(("127.0.0.1", 0), site, SiteState())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def raw_get(port: int, target: str) -> tuple[int, bytes]:
    """Send the request line exactly as given (no client-side normalising of the path)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode("latin-1"))
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


HOSTILE = [
    "/../secret.txt",
    "/articles/../../secret.txt",
    "/%2e%2e/secret.txt",
    "/%2E%2E/secret.txt",
    "/%2e%2e%2fsecret.txt",
    "/articles/%2e%2e/%2e%2e/secret.txt",
    "/..%2fsecret.txt",
    "/..%5csecret.txt",
    "/.%2e/secret.txt",
    "/%252e%252e/secret.txt",
    "/./../secret.txt",
    "/articles/./../../secret.txt",
    "//etc/passwd",
    "/etc/passwd",
    "/%2fetc%2fpasswd",
    "http://127.0.0.1/../secret.txt",
    "http://127.0.0.1/%2e%2e/secret.txt",
    "file:///etc/passwd",
    "/leak.txt",
    "/leakdir/secret.txt",
    "/leakdir/../secret.txt",
    "/articles/%00../../secret.txt",
    "/%c0%ae%c0%ae/secret.txt",
    "/..;/secret.txt",
    "/__livereload/../../secret.txt",
    "/__livereload/..%2f..%2fserver.py",
    "/__livereload/server.py",
    "/" + "../" * 50 + "etc/passwd",
    "/.." + "/.." * 50 + "/etc/passwd",
]


@pytest.mark.parametrize("target", HOSTILE)
def test_requests_for_files_outside_the_site_are_refused(site_server, target):
    status, body = raw_get(site_server.server_address[1], target)
    assert status in (400, 404), (target, status)
    assert SECRET.encode() not in body and b"root:" not in body


def test_files_inside_the_site_are_served(site_server):
    port = site_server.server_address[1]
    assert raw_get(port, "/")[0] == 200
    assert raw_get(port, "/articles/a.html")[0] == 200
    assert raw_get(port, "/articles/%61.html")[0] == 200  # percent-encoding is fine in itself
    assert raw_get(port, "/inside.html")[0] == 200


def test_serve_binds_loopback_unless_told_otherwise(monkeypatch, tmp_path):
    import inspect

    import generator.commands.serve as serve_command
    from generator.cli import main

    assert inspect.signature(serve_command.serve).parameters["host"].default == "127.0.0.1"
    seen = {}
    monkeypatch.setattr(serve_command, "serve", lambda config, host, port, *a, **k: seen.update(host=host) or 0)
    assert (
        main(
            [
                "serve",
                "--content",
                str(tmp_path),
                "--out",
                str(tmp_path / "out"),
                "--config",
                str(tmp_path / "none.toml"),
            ]
        )
        == 0
    )
    assert seen["host"] == "127.0.0.1"
    assert (
        main(
            [
                "serve",
                "--content",
                str(tmp_path),
                "--out",
                str(tmp_path / "out"),
                "--host",
                "::1",
                "--config",
                str(tmp_path / "none.toml"),
            ]
        )
        == 0
    )
    assert seen["host"] == "::1"  # only when told


CLIENTS = 200
REQUESTS_EACH = 10
DEADLINE = 120  # seconds for the whole load: a bound, not a speed target


@pytest.mark.slow
def test_200_concurrent_keep_alive_clients_are_all_served_while_rebuilds_run(tmp_path):
    from tests.serving import MILLEY, Served, wait_for

    served = Served(tmp_path)
    try:
        port = served.server.server_address[1]
        article = served.page(MILLEY) and next((served.out / "articles").glob("*.html")).name
        style = next((served.out / "assets").glob("style.*.css")).name  # its name carries its digest
        paths = ["/", f"/assets/{style}", "/data/people.json", f"/articles/{article}", "/index.html"]
        start = threading.Barrier(CLIENTS + 1, timeout=DEADLINE)
        stop_editing = threading.Event()
        results: list[tuple[int, int, bool]] = []  # (served, failed, one connection throughout)
        failures: list[str] = []
        lock = threading.Lock()

        def client(n: int) -> None:
            ok = bad = 0
            same = False
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            try:
                start.wait()
                conn.connect()
                sock = conn.sock
                for k in range(REQUESTS_EACH):
                    path = paths[(n + k) % len(paths)]
                    conn.request("GET", path, headers={"Connection": "keep-alive"})
                    response = conn.getresponse()
                    body = response.read()
                    if response.status == 200 and body:
                        ok += 1
                    else:
                        bad += 1
                        with lock:
                            failures.append(f"{path}: {response.status}")
                same = conn.sock is sock
            except Exception as exc:  # noqa: BLE001 - every failure is counted and shown
                with lock:
                    failures.append(f"client {n}: {type(exc).__name__}: {exc}")
                bad += 1
            finally:
                conn.close()
            with lock:
                results.append((ok, bad, same))

        def editor() -> None:
            # Edits that keep the title: rebuild after rebuild runs while the clients are served.
            target = served.content / MILLEY
            original = target.read_text(encoding="utf-8")
            for n in range(400):  # bounded
                if stop_editing.is_set():
                    break
                target.write_text(original + f"\n\nAn added closing line, revision {n}.\n", encoding="utf-8")
                time.sleep(0.15)

        threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(CLIENTS)]
        for t in threads:
            t.start()
        edits = threading.Thread(target=editor, daemon=True)
        edits.start()
        rebuilding = served.session.lock.locked  # held while a rebuild runs
        wait_for(rebuilding, "a rebuild to start", timeout=DEADLINE)
        start.wait()  # every client connects at once, with a rebuild under way
        deadline = time.monotonic() + DEADLINE
        samples = busy = 0
        while any(t.is_alive() for t in threads) and time.monotonic() < deadline:
            samples, busy = samples + 1, busy + rebuilding()
            time.sleep(0.005)
        for t in threads:
            t.join(timeout=max(0.1, deadline - time.monotonic()))
        stop_editing.set()
        edits.join(timeout=30)
        assert not any(t.is_alive() for t in threads), "clients still waiting at the deadline"
        assert failures == [], failures[:10]
        assert len(results) == CLIENTS
        assert all(ok == REQUESTS_EACH and bad == 0 for ok, bad, _ in results)
        assert all(same for _, _, same in results), "a connection was not kept alive"
        assert busy > 0, "no rebuild ran during the load"
        # And the rebuilds themselves still finish: an edit after the load reaches the site.
        target = served.content / MILLEY
        target.write_text(
            target.read_text(encoding="utf-8") + "\n\nThe closing line after the load.\n", encoding="utf-8"
        )
        wait_for(
            lambda: "The closing line after the load." in (served.page(MILLEY) or ""), "the last edit", timeout=DEADLINE
        )
        assert served.session.state.errors == []
        print(
            f"\n{CLIENTS} clients, {sum(ok for ok, _, _ in results)} requests served on kept-alive connections; "
            f"a rebuild was running in {busy} of {samples} samples taken during the load"
        )
    finally:
        served.stop()
