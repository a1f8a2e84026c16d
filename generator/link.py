"""Link stage: merge the people of all articles into one index and put ids on mentions.

Names are compared by sound (jellyfish metaphone on ASCII-folded name parts), so that
Zelensky/Zelenskyy/Zelenskiy and Volodymyr/Vladimir meet, with titles and possessives
stripped first. A surname alone joins a full name only when exactly one person with that
surname is named in the article, or failing that in the corpus. The corpus also corrects
the model: a surface form labelled PERSON in most places is a person everywhere, and one
labelled a place or organisation in most places is not a person anywhere.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace

import jellyfish

from generator.structure import (
    Annotations,
    Article,
    Corpus,
    EntityMention,
    LinkedArticle,
    Person,
    PersonQuote,
)
from generator.places import canonical_place
from generator.text import fold, slugify

TITLES = frozenset("""president gen gen. general mr mr. mrs mrs. ms ms. dr dr. commander minister
prime premier chancellor secretary senator sen. rep. ambassador colonel col. lt. captain admiral
marshal sir lord lady king queen prince pope chairman chief deputy foreign defense defence
spokesman spokeswoman adviser advisor aide journalist former acting""".split())
_PERSON_SHAPE = re.compile(r"^[A-Z][\w.-]*(?: [A-Z][\w.-]*){0,3}$")
_GLUED = re.compile(r"[a-z][A-Z][a-z]")


@dataclass(frozen=True)
class NameKey:
    first: str | None
    last: str


def clean_name(text: str) -> str | None:
    """'President Zelensky’s' -> 'Zelensky'; None when the text is not shaped like a name."""
    text = fold(text).strip()
    for suffix in ("'s", "'"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    tokens = text.split()
    while tokens and tokens[0].lower() in TITLES:
        tokens.pop(0)
    name = " ".join(tokens)
    if not name or not _PERSON_SHAPE.match(name) or _GLUED.search(name) or any(c.isdigit() for c in name):
        return None
    return name


def name_key(name: str) -> NameKey:
    parts = [p for p in re.split(r"[\s-]+", name) if p]
    last = jellyfish.metaphone(parts[-1]) or parts[-1].lower()
    first = (jellyfish.metaphone(parts[0]) or parts[0].lower()) if len(parts) > 1 else None
    return NameKey(first, last)


class PersonIndex:
    """Clusters person names across the corpus and answers 'who is this name?'."""

    def __init__(self) -> None:
        self._full: dict[NameKey, Counter] = defaultdict(Counter)  # key -> spellings seen
        self._surname_people: dict[str, set[NameKey]] = defaultdict(set)

    def add_full_name(self, name: str) -> None:
        key = name_key(name)
        if key.first is None:
            return
        self._full[key][name] += 1
        self._surname_people[key.last].add(key)

    def resolve(self, name: str, article_keys: set[NameKey] | None = None) -> NameKey | None:
        key = name_key(name)
        if key.first is not None:
            return key if key in self._full else None
        candidates = self._surname_people.get(key.last, set())
        local = {k for k in candidates if article_keys and k in article_keys}
        if len(local) == 1:
            return next(iter(local))
        if len(candidates) == 1 and not local:
            return next(iter(candidates))
        return None  # unknown, or ambiguous: two people share the surname

    def canonical_name(self, key: NameKey, spellings: Counter) -> str:
        forms = self._full.get(key) or spellings
        return max(forms.items(), key=lambda item: (item[1], len(item[0]), item[0]))[0]


def _label_votes(pairs) -> dict[str, str]:
    """The label each surface form carries in most places across the corpus."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for _, annotations in pairs:
        for entity in annotations.entities:
            form = clean_name(entity.text) or fold(entity.text)
            votes[form][entity.label] += 1
    return {form: counts.most_common(1)[0][0] for form, counts in votes.items()}


def _correct_entities(article: Article, annotations: Annotations, votes: dict[str, str],
                      person_forms: set[str]) -> Annotations:
    """Relabel mentions by corpus majority and add person mentions the model missed."""
    entities = []
    for entity in annotations.entities:
        form = clean_name(entity.text) or fold(entity.text)
        label = "GPE" if canonical_place(entity.text) else votes.get(form, entity.label)
        if entity.label == "PERSON" and label != "PERSON":
            entities.append(replace(entity, label=label))
        elif entity.label != "PERSON" and label == "PERSON":
            entities.append(replace(entity, label="PERSON"))
        else:
            entities.append(entity)
    if person_forms:
        pattern = re.compile(r"\b(" + "|".join(sorted(map(re.escape, person_forms), key=len, reverse=True)) + r")\b")
        taken = defaultdict(list)
        for e in entities:
            taken[e.paragraph].append((e.start, e.end))
        for index, paragraph in enumerate(article.paragraphs):
            if paragraph.kind == "code":
                continue
            for found in pattern.finditer(paragraph.text):
                start, end = found.span()
                if any(s < end and start < e for s, e in taken[index]):
                    continue
                entities.append(EntityMention(index, start, end, found.group(0), "PERSON"))
                taken[index].append((start, end))
    entities.sort(key=lambda e: (e.paragraph, e.start))
    return Annotations(tuple(entities), annotations.quotes)


def link_corpus(pairs: list[tuple[Article, Annotations]], model_name: str, model_version: str) -> Corpus:
    votes = _label_votes(pairs)
    # Forms the model labelled PERSON more often than anything else, seen at least twice:
    # mentions of them that the model missed or mislabelled are people too.
    person_counts = Counter(
        clean_name(e.text) for _, a in pairs for e in a.entities if e.label == "PERSON" and clean_name(e.text)
    )
    person_forms = {f for f, n in person_counts.items()
                    if n >= 2 and votes.get(f) == "PERSON" and not canonical_place(f)}
    pairs = [(article, _correct_entities(article, annotations, votes, person_forms)) for article, annotations in pairs]

    index = PersonIndex()
    for _, annotations in pairs:
        for entity in annotations.entities:
            if entity.label == "PERSON" and (name := clean_name(entity.text)):
                index.add_full_name(name)

    spellings: dict[NameKey, Counter] = defaultdict(Counter)
    # Someone never named in full anywhere ("Maidan", "Formula") is rarely a person: the
    # small model gives PERSON to many single capitalised words.
    per_article_ids: list[tuple[list[NameKey | None], list[NameKey | None]]] = []
    for article, annotations in pairs:
        names = [clean_name(e.text) if e.label == "PERSON" else None for e in annotations.entities]
        article_keys = {name_key(n) for n in names if n and name_key(n).first}
        entity_keys = []
        for entity, name in zip(annotations.entities, names):
            key = index.resolve(name, article_keys) if name else None
            entity_keys.append(key)
            if key:
                spellings[key][name] += 1
        speaker_keys = []
        for quote in annotations.quotes:
            name = clean_name(quote.speaker.name) if quote.speaker.name and quote.speaker.is_person else None
            speaker_keys.append(index.resolve(name, article_keys) if name else None)
        per_article_ids.append((entity_keys, speaker_keys))

    ids: dict[NameKey, str] = {}
    names: dict[NameKey, str] = {}
    for key in sorted(spellings, key=lambda k: (-sum(spellings[k].values()), k.last, k.first or "")):
        name = index.canonical_name(key, spellings[key])
        person_id = slugify(name)
        while person_id in ids.values():
            person_id += "-2"
        ids[key], names[key] = person_id, name

    linked = []
    mentions: dict[str, Counter] = defaultdict(Counter)
    quotes: dict[str, list[PersonQuote]] = defaultdict(list)
    for (article, annotations), (entity_keys, speaker_keys) in zip(pairs, per_article_ids):
        entity_ids = tuple(ids.get(k) if k else None for k in entity_keys)
        speaker_ids = tuple(ids.get(k) if k else None for k in speaker_keys)
        for person_id in entity_ids:
            if person_id:
                mentions[person_id][article.slug] += 1
        for i, (quote, person_id) in enumerate(zip(annotations.quotes, speaker_ids)):
            if person_id and quote.kind == "statement":
                quotes[person_id].append(PersonQuote(article.slug, i, quote.text, quote.cue))
                mentions[person_id][article.slug] += 0  # a quoted speaker appears in the article
        linked.append(LinkedArticle(article, annotations, entity_ids, speaker_ids))

    order = {a.article.slug: i for i, a in enumerate(linked)}
    people = []
    for key, person_id in ids.items():
        by_article = sorted(mentions[person_id].items(), key=lambda item: order[item[0]])
        people.append(Person(
            id=person_id,
            name=names[key],
            aliases=tuple(sorted(spellings[key])),
            articles=tuple(slug for slug, _ in by_article),
            mentions_by_article=tuple(by_article),
            quotes=tuple(quotes[person_id]),
        ))
    people.sort(key=lambda p: (-len(p.articles), -p.mentions, p.name))
    return Corpus(tuple(linked), tuple(people), model_name, model_version)
