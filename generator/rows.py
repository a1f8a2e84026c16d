"""Many records printed through one row of markup that a template gives (the `rows` filter):
the network pictures draw 170,000 lines for 3,000 person pages, where a Jinja loop's
look-ups and escaping, field by field, were most of the person pages' time (bench/RESULTS.md)."""

from __future__ import annotations

from functools import lru_cache
from operator import attrgetter
from string import Formatter
from typing import Callable, Iterable

from markupsafe import Markup, escape


@lru_cache(maxsize=1 << 16)
def _escaped(text: str) -> str:
    # The same names come back on thousands of pages.
    return str(escape(text))


@lru_cache(maxsize=64)
def _compiled(row: str) -> tuple[str, Callable[[object], tuple]]:
    """`row` with its named holes made positional, and a getter of those attributes in order
    (one C call a record)."""
    positional, names = [], []
    for literal, name, spec, conversion in Formatter().parse(row):
        positional.append(literal.replace("{", "{{").replace("}", "}}"))
        if name is not None:
            names.append(name)
            positional.append("{" + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}")
    if not names:
        return "".join(positional), lambda record: ()
    getter = attrgetter(*names)
    return "".join(positional), getter if len(names) > 1 else lambda record: (getter(record),)


def rows(records: Iterable, row: str, separator: str = "") -> Markup:
    """`row` (markup with `{attribute}` holes, from the template) filled from each record,
    every text escaped and numbers printed as Jinja prints them (`str`); the rows joined by
    `separator`."""
    # str(): a Markup row would escape the escaped fields again.
    template, fields = _compiled(str(row))
    return Markup(
        str(separator).join(
            [template.format(*[_escaped(v) if type(v) is str else v for v in fields(r)]) for r in records]
        )
    )
