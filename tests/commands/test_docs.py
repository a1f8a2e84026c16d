"""The user's documentation keeps up with the code: every problem code is listed with its
message, and every page the README points to exists."""

from __future__ import annotations

import re

from generator.errors import Errors, Warnings
from tests.conftest import ROOT


def test_every_problem_code_is_documented_with_its_message():
    listed = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    for table in (Errors, Warnings):
        for code, message in vars(table).items():
            if re.fullmatch(r"[EW]\d{3}", code):
                assert f"| {code} | {message.replace('|', chr(92) + '|')} |" in listed, code


def test_every_page_the_readme_links_to_exists():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\((docs/[^)#]+)", readme)
    assert len(links) >= 10
    for link in links:
        assert (ROOT / link).is_file(), link
    for page in (ROOT / "docs").glob("*.md"):
        for target in re.findall(r"\]\(([a-z-]+\.md)", page.read_text(encoding="utf-8")):
            assert (ROOT / "docs" / target).is_file(), (page.name, target)
