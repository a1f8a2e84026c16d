"""The `rows` filter: records through one row of markup, text escaped once, numbers as Jinja prints them."""

from dataclasses import dataclass
from typing import NamedTuple

from markupsafe import Markup

from generator.rows import rows


@dataclass(frozen=True)
class Line:
    name: str
    x: float
    n: int

    @property
    def plural(self) -> str:
        return "" if self.n == 1 else "s"


class Pair(NamedTuple):
    name: str
    n: int


def test_every_text_field_is_escaped_and_numbers_print_as_jinja_prints_them():
    html = rows(
        [Line("O'Neil <b>&amp;\" Co", 10.0, 1)], '<line x="{x}" data-name="{name}"><title>{n} article{plural}</title>'
    )
    assert html == '<line x="10.0" data-name="O&#39;Neil &lt;b&gt;&amp;amp;&#34; Co"><title>1 article</title>'
    assert isinstance(html, Markup)


def test_named_tuples_joined_by_a_separator_and_literal_braces_kept():
    assert (
        rows([Pair("Ann <i>", 2), Pair("Bob", 1)], "{name} ({n}) {{x}}", ", ") == "Ann &lt;i&gt; (2) {x}, Bob (1) {x}"
    )
    assert rows([], "{name}", ", ") == ""


def test_a_markup_row_does_not_escape_the_fields_twice():
    assert rows([Pair("A&B", 1)], Markup("<b>{name}</b>")) == "<b>A&amp;B</b>"


def test_the_same_as_the_jinja_loop_it_replaces():
    from generator.render import make_environment

    records = [Line("Ann & <Bob>", 1.5, 3), Line("Zoë", 2.0, 1)]
    env = make_environment(None)
    loop = env.from_string(
        '{% for r in records %}<a data-name="{{ r.name }}" x="{{ r.x }}">{{ r.n }} article{{ "s" if r.n != 1 }}</a>\n{% endfor %}'
    )
    filtered = env.from_string("""{{ records|rows('<a data-name="{name}" x="{x}">{n} article{plural}</a>\\n') }}""")
    assert filtered.render(records=records) == loop.render(records=records)
