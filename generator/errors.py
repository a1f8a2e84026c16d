"""Numbered messages for problems a user can meet, each naming the file and what to do."""

from __future__ import annotations

from dataclasses import dataclass


class Errors:
    E001 = "file is empty; add the article text or remove the file"
    E002 = "file is binary, not text (NUL bytes found near byte {offset}); remove it from the content folder"
    E003 = "file is not UTF-8 (invalid byte 0x{byte:02x}); re-save it as UTF-8"
    E004 = "file is {size_mb:.1f} MB, over the {limit_mb} MB limit for one article; split it or raise `max_file_mb`"
    E005 = "front matter is not valid YAML ({detail}); fix the block between the '---' lines"
    E006 = "front matter must be a mapping of keys to values, got {kind}"
    E007 = "no article text left after cleaning; check that the file holds an article"
    E009 = "front matter field '{key}' must be {expected}, got {got!r}"
    E010 = "aliases file is not valid TOML ({detail}); fix it, the build goes on without it"
    E011 = "aliases file: {where} must be {expected}; fix it, the build goes on without it"
    E012 = "the annotators failed on this article ({detail}); it is left out of the site, please report it as a bug"
    E013 = "file name is not valid UTF-8; rename it"
    E014 = "has {count:,} paragraphs, over the limit of {limit:,} for one article; split it into several files"
    E015 = "paragraph of {length:,} characters, over the limit of {limit:,} for one paragraph; break it into paragraphs"
    # `add URL`: the path of these is the URL.
    E016 = "could not be fetched ({detail}); check the address, the other URLs go on"
    E017 = "is not a web page ({kind}); give the address of an article's page"
    E018 = "is over the {limit_mb} MB limit for one page; save the article's text in a file instead"
    E019 = "is already in the content folder as {other}; remove that file to fetch it again"
    E020 = "holds no article that could be extracted (a listing, an error page or a paywall stub?); nothing saved"


class Warnings:
    W001 = "holds HTML or script markup; it is shown as plain text, never run"
    W002 = "has the same title as {other}; its pages use the slug '{slug}'"
    W003 = "front matter is not closed by a '---' line; the whole file is read as text"
    W004 = "is not UTF-8; read as {encoding}; re-save it as UTF-8 (check the text if it looks wrong)"
    W005 = (
        "holds no article that could be extracted (a listing, an error page or a paywall stub?); "
        "it is left out of the site"
    )


@dataclass(frozen=True)
class Problem:
    """One line of feedback: `path:line: E00N message`."""

    path: str
    code: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        path = printable(self.path)
        where = f"{path}:{self.line}" if self.line else path
        return f"{where}: {self.code} {printable(self.message)}"


def printable(text: str) -> str:
    """One line a terminal shows as it is: control characters (a newline, an escape
    sequence in a file name) and undecodable bytes of a file name are written as escapes."""
    if text.isprintable():
        return text
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


class NotAnArticle(Exception):
    """A file that holds no article (a saved listing page): left out with a warning, not an error."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


class ArticleError(Exception):
    """An article that cannot be built; the rest of the corpus still is."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def error(path: str, code: str, line: int | None = None, **fmt) -> ArticleError:
    return ArticleError(Problem(path, code, getattr(Errors, code).format(**fmt), line))


def warning(path: str, code: str, line: int | None = None, **fmt) -> Problem:
    return Problem(path, code, getattr(Warnings, code).format(**fmt), line)
