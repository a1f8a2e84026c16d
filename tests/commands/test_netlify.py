"""netlify.toml builds on Netlify as it is: the Netlify CLI's own offline build
(`netlify build --offline`, netlify-cli 26.2.0 pinned by tests/netlify/package-lock.json) runs
the build command of a `new` project's netlify.toml and of the repository's, and
`netlify dev --offline` serves the published folder with the security headers and the 404
page; the CLI's parsed configuration keeps every [[headers]] rule.

No network: the build command's `python -m pip install` finds this checkout's wheel
through PIP_FIND_LINKS with PIP_NO_INDEX, and the dependencies in the system site-packages of
a fresh venv (as tests/commands/test_install.py does)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import tomllib
import urllib.error
import urllib.request
import venv
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS

pytestmark = [pytest.mark.slow, pytest.mark.netlify]

NETLIFY = ROOT / "tests" / "netlify" / "node_modules" / ".bin" / "netlify"
# What the CLI prints when it drops a [[headers]] or [[redirects]] rule it cannot parse
# (it warns and goes on: the build still succeeds).
DROPPED = ("syntax errors", "Could not parse")


def _netlify():
    if not NETLIFY.exists():
        pytest.fail(f"{NETLIFY} is missing: run `npm ci --prefix tests/netlify` (scripts/test does)")
    return NETLIFY


def _environment(tmp_path: Path, wheel: Path) -> tuple[dict, Path]:
    """A fresh venv (system site-packages: the dependencies) whose `pip` installs from the
    wheel's folder only, first on PATH as Python is on Netlify; HOME is a temporary folder."""
    env_dir = tmp_path / "venv"
    venv.create(env_dir, system_site_packages=True, with_pip=False)
    # The system pip and setuptools (>= 70.1, the test extra) run in the venv: ensurepip
    # would bring an older setuptools that shadows them.
    pip = env_dir / "bin" / "pip"
    pip.write_text('#!/bin/sh\nexec "$(dirname "$0")/python" -m pip "$@"\n', encoding="utf-8")
    pip.chmod(0o755)
    home = tmp_path / "home"
    home.mkdir()
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "VIRTUAL_ENV", "URL") and not k.startswith(("PIP_", "NETLIFY"))
    }
    env.update(
        PATH=f"{env_dir / 'bin'}{os.pathsep}{env['PATH']}",
        HOME=str(home),
        PIP_NO_INDEX="1",
        PIP_FIND_LINKS=str(wheel.parent),
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        # pip's inverted spelling: "0" turns build isolation off (`pip install .` builds
        # with the installed setuptools instead of fetching one).
        PIP_NO_BUILD_ISOLATION="0",
        NETLIFY_TELEMETRY_DISABLED="1",
        BROWSER="none",
        # The package itself into the venv even if the system site-packages hold it (an
        # editable install of a checkout); its dependencies stay the system's
        # (test_every_dependency_installs_from_a_wheel resolves them on the registry).
        PIP_FORCE_REINSTALL="1",
        PIP_NO_DEPS="1",
    )
    return env, env_dir


def _netlify_build(folder: Path, env: dict) -> str:
    run = subprocess.run(
        [str(_netlify()), "build", "--offline"], cwd=folder, env=env, capture_output=True, text=True, timeout=600
    )
    output = run.stdout + run.stderr
    assert run.returncode == 0, output[-4000:]
    assert "Netlify Build Complete" in output, output[-4000:]
    dropped = [line for line in output.splitlines() if any(sign in line for sign in DROPPED)]
    assert dropped == [], "the CLI dropped rules of netlify.toml:\n" + output[-4000:]
    return output


def _check_parsed_headers(folder: Path, env: dict):
    """The CLI's own reading of netlify.toml (@netlify/config, offline) keeps every
    [[headers]] rule as written: none dropped, none changed."""
    import json

    run = subprocess.run(
        [str(_netlify().parent / "netlify-config"), "--offline"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    parsed = json.loads(run.stdout)["config"]["headers"]
    written = tomllib.loads((folder / "netlify.toml").read_text(encoding="utf-8"))["headers"]
    assert parsed == written


def _check_site(site: Path, articles: int):
    assert (site / "index.html").is_file() and (site / "404.html").is_file()
    assert len(list((site / "articles").glob("*.html"))) == articles
    assert (site / "search.html").is_file() and (site / "pagefind").is_dir()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def _check_served(folder: Path, env: dict):
    """`netlify dev --offline` on a free port: the headers of netlify.toml on a page and an
    asset, the site's 404 page with status 404. Stopped after a few requests."""
    config = tomllib.loads((folder / "netlify.toml").read_text(encoding="utf-8"))
    policy = next(rule["values"] for rule in config["headers"] if rule["for"] == "/*")["Content-Security-Policy"]
    port = _free_port()
    log = open(folder.parent / "netlify-dev.log", "w+", encoding="utf-8")
    server = subprocess.Popen(
        [
            str(_netlify()),
            "dev",
            "--offline",
            "--internal-disable-edge-functions",
            "--dir",
            "site",
            "--port",
            str(port),
            "--no-open",
        ],
        cwd=folder,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                status, headers, body = _get(f"{base}/")
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                log.seek(0)
                assert server.poll() is None, f"netlify dev stopped:\n{log.read()[-3000:]}"
                assert time.monotonic() < deadline, f"netlify dev did not answer in 90 s:\n{log.read()[-3000:]}"
                time.sleep(0.5)
        assert status == 200 and body == (folder / "site" / "index.html").read_bytes()
        assert headers.get("Content-Security-Policy") == policy, headers
        assert headers.get("X-Frame-Options") == "DENY" and headers.get("X-Content-Type-Options") == "nosniff"
        # (netlify dev answers every file with its own `cache-control: public, max-age=0`:
        # the long-lived rules for hashed files are checked in the parsed configuration.)
        status, headers, body = _get(f"{base}/no/such/page")
        assert status == 404 and body == (folder / "site" / "404.html").read_bytes()
        assert headers.get("Content-Security-Policy") == policy
    finally:
        os.killpg(server.pid, 15)  # the CLI and the servers it started (its own session)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, 9)
            server.wait()
        log.close()


def test_a_new_projects_netlify_toml_builds_and_serves_offline(tmp_path, built_wheel):
    """`new` from the installed wheel, three seeds; the CLI runs its build command
    (pip install "annotated-reader==VERSION" from the wheel, then build) and serves site/."""
    (tmp_path / "setup").mkdir()
    env, _ = _environment(tmp_path / "setup", built_wheel)
    subprocess.run(["pip", "install", "-q", "--no-deps", str(built_wheel)], env=env, check=True, cwd=tmp_path)
    subprocess.run(["annotated-reader", "new", "story"], env=env, check=True, cwd=tmp_path, capture_output=True)
    story = tmp_path / "story"
    for seed in sorted(SEEDS.glob("*.txt"))[:3]:
        shutil.copy(seed, story / "content")
    # As a clone on Netlify: the project alone, no site/ or cache, and a venv without the
    # package (the one that ran `new` is dropped).
    shutil.rmtree(tmp_path / "setup")
    (tmp_path / "build").mkdir()
    env, env_dir = _environment(tmp_path / "build", built_wheel)
    output = _netlify_build(story, env)
    assert "built 3 articles into site" in output
    assert (env_dir / "bin" / "annotated-reader").exists()  # the build command installed the wheel
    _check_site(story / "site", 3)
    _check_parsed_headers(story, env)
    _check_served(story, env)


def test_the_repositorys_netlify_toml_builds_the_seeds_offline(tmp_path, built_wheel):
    """A clean copy of the checkout's files (git ls-files); the CLI runs `pip install .`
    (with the installed setuptools, offline) and builds seeds/ into site/."""
    env, env_dir = _environment(tmp_path, built_wheel)
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True).stdout
    copy = tmp_path / "repo"
    for name in filter(None, listed.decode().split("\0")):
        source = ROOT / name
        if source.is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)
    output = _netlify_build(copy, env)
    assert (env_dir / "bin" / "annotated-reader").exists()
    seeds = len([p for p in SEEDS.iterdir() if p.suffix in (".txt", ".md")])
    assert f"built {seeds} articles into site" in output
    _check_site(copy / "site", seeds)
    _check_parsed_headers(copy, env)
