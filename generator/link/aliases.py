"""The user's corrections to name merging: `aliases.toml` in the content folder.

    [people]
    "Volodymyr Zelensky" = ["Zelenskyy", "Ze"]     # canonical name = variants, merged
    [places]
    "Kyiv" = ["Kiev"]
    [organisations]
    "US Department of Defense" = ["Pentagon", "the Pentagon"]
    [never_merge]
    people = [["Valery Zaluzhny", "Valery Gerasimov"]]
    [not_people]
    names = ["Maidan"]                             # never a person page

Parsing is pure (`parse_aliases`); the pipeline reads the file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field

from generator.errors import ArticleError, error

ALIASES_FILE = "aliases.toml"


@dataclass(frozen=True)
class Aliases:
    people: dict[str, tuple[str, ...]] = field(default_factory=dict)  # canonical -> variants
    places: dict[str, tuple[str, ...]] = field(default_factory=dict)
    organisations: dict[str, tuple[str, ...]] = field(default_factory=dict)
    never_merge: tuple[frozenset[str], ...] = ()
    not_people: frozenset[str] = frozenset()

    def canonical_person(self, name: str) -> str | None:
        for canonical, variants in self.people.items():
            if name == canonical or name in variants:
                return canonical
        return None

    def kept_apart(self, a: str, b: str) -> bool:
        return any(pair == {a, b} for pair in self.never_merge)


NO_ALIASES = Aliases()


def changed_names(old: Aliases, new: Aliases) -> set[str]:
    """Every name of the entries that differ between two aliases files: what an article must
    write for the change to reach its links (`dependencies.IndexFacts.changed_words`). A people
    entry decides the cluster of each of its names (`PersonIndex.resolve`), a place or
    organisation entry the id of each (`link._entity_id`), a never_merge pair whether its two
    names join, a not_people name whether a mention is kept (`correct_entities`)."""
    names = set(_changed_entries(old.people, new.people, numbered=True))
    names.update(_changed_entries(old.places, new.places))
    names.update(_changed_entries(old.organisations, new.organisations))
    for pair in set(old.never_merge) ^ set(new.never_merge):
        names.update(pair)
    names.update(old.not_people ^ new.not_people)
    return names


def _changed_entries(old: dict[str, tuple[str, ...]], new: dict[str, tuple[str, ...]], numbered: bool = False):
    """The canonical names and variants of the entries added, removed or changed. A name in two
    entries goes to the first (`_alias_of`) or the last (`PersonIndex.build`): when the entries
    both tables hold are in another order, every entry may have changed. `numbered`: an entry's
    place is its cluster's number (`PersonIndex.build` makes the people's clusters first, in
    order), which an article that links a name to a cluster no full name of the corpus spells
    keeps (`IndexFacts.keeps_numbers` knows clusters by their spellings): an entry moved has changed."""
    if [name for name in old if name in new] != [name for name in new if name in old]:
        changed = old.keys() | new.keys()
    else:
        changed = {name for name in old.keys() | new.keys() if old.get(name) != new.get(name)}
    if numbered:
        places = [{name: i for i, name in enumerate(table)} for table in (old, new)]
        changed |= {name for name in old.keys() & new.keys() if places[0][name] != places[1][name]}
    for table in (old, new):
        for canonical in changed & table.keys():
            yield canonical
            yield from table[canonical]


def parse_aliases(path: str, text: str) -> Aliases:
    """The aliases of a TOML text; raises ArticleError (E010, E011) naming the file and line."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        raise error(path, "E010", line, detail=str(exc).split(" (at")[0]) from exc
    tables = {}
    for table in ("people", "places", "organisations"):
        section = data.get(table, {})
        if not isinstance(section, dict):
            raise error(path, "E011", where=f"[{table}]", expected="a table of name = [variants]")
        for canonical, variants in section.items():
            if not isinstance(variants, list) or not all(isinstance(v, str) for v in variants):
                raise error(path, "E011", where=f'[{table}] "{canonical}"', expected="a list of strings")
        tables[table] = {canonical: tuple(variants) for canonical, variants in section.items()}
    pairs = data.get("never_merge", {}).get("people", [])
    if not isinstance(pairs, list) or not all(
        isinstance(p, list) and len(p) == 2 and all(isinstance(n, str) for n in p) for p in pairs
    ):
        raise error(path, "E011", where="[never_merge] people", expected="a list of [name, name] pairs")
    names = data.get("not_people", {}).get("names", [])
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise error(path, "E011", where="[not_people] names", expected="a list of strings")
    return Aliases(
        tables["people"],
        tables["places"],
        tables["organisations"],
        tuple(frozenset(p) for p in pairs),
        frozenset(names),
    )


__all__ = ["ALIASES_FILE", "Aliases", "ArticleError", "NO_ALIASES", "changed_names", "parse_aliases"]
