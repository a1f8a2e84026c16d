"""What a build says on the terminal: its problems, a summary line, and --profile's stages."""

from __future__ import annotations

import sys

from generator.config import ConfigError


def print_report(report, config, profile: bool = False) -> None:
    for line in report.warnings:
        print(f"warning: {line}", file=sys.stderr)
    for line in report.errors:
        print(f"error: {line}", file=sys.stderr)
    for line in report.notes:
        print(f"note: {line}", file=sys.stderr)
    total = sum(report.seconds.values())
    if report.up_to_date:
        print(
            f"{config.out} is up to date: nothing changed since the last build of its {report.articles} articles "
            f"({report.written.unchanged} files checked, 0 analysed, {len(report.errors)} skipped) in {total:.1f}s"
        )
        return
    print(
        f"built {report.articles} articles into {config.out} in {total:.1f}s "
        f"({report.analysed} analysed, {report.from_cache} from cache; {len(report.errors)} skipped; "
        f"{report.rendered} pages made, {report.written.written} files written, "
        f"{report.written.unchanged} unchanged, {report.written.removed} removed)"
    )
    if profile:
        for stage, seconds in report.seconds.items():
            print(f"  {stage:<12} {seconds:7.3f}s")
        for kind, seconds in sorted(report.pages_by_kind.items(), key=lambda item: -item[1]):
            print(f"    pages {kind:<18} {seconds:7.3f}s (made)")


def describe_error(exc: Exception) -> str:
    """One line for a problem that stops a whole build (a template, the model, the settings)."""
    import jinja2

    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"{exc.filename or exc.name}:{exc.lineno}: template error: {exc.message}; fix the template"
    if isinstance(exc, jinja2.TemplateError):
        return f"template error: {exc}; fix the template"
    return str(exc) if isinstance(exc, (ConfigError, FileNotFoundError)) else f"{type(exc).__name__}: {exc}"
