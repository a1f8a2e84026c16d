"""`build`: the site written once from the content folder."""

from __future__ import annotations

from generator.commands.report import print_report
from generator.pipeline import Builder


def run_build(config, profile: bool = False) -> int:
    print_report(Builder(config).build(), config, profile)
    return 0
