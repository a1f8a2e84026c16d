"""Link stage: one index of people for the whole corpus, and ids on every mention.

`corrections` fixes the model's labels with what the corpus knows, `people.PersonIndex`
clusters full names (rigour name parts, rapidfuzz similarity) and resolves short ones,
and `aliases` applies the user's `aliases.toml`. Places get ids from the curated variant
table, organisations from their folded names, so Kiev and Kyiv share one.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from functools import cached_property
from itertools import combinations

from generator.annotate.names import is_first_name
from generator.link.aliases import NO_ALIASES, Aliases
from generator.link.corrections import NamePattern, VoteTally, correct_entities, label_votes
from generator.link.dependencies import IndexFacts, article_words
from generator.link.names import SUFFIXES, clean_name, name_parts
from generator.link.components import GroupClusters
from generator.link.people import NamePicks, NameTally, PersonIndex
from generator.link.records import PersonRecords
from generator.places import canonical_place
from generator.structure import Annotations, Article, Corpus, LinkedArticle, PersonQuote
from generator.text import fold, slugify

PLACE_LABELS = frozenset({"GPE", "LOC"})


@dataclass(frozen=True)
class ArticleLinks:
    """What linking worked out for one article before ids are given: its corrected
    annotations, and the cluster of each person name and of each quote's speaker."""

    article: Article
    raw: Annotations
    corrected: Annotations
    names: tuple[str | None, ...]
    clusters: tuple[int | None, ...]
    speaker_clusters: tuple[int | None, ...]
    spelled: tuple[tuple[tuple[int, str], int], ...]  # ((cluster, spelling), times)
    speakers: frozenset[int]  # clusters quoted in a statement
    words: frozenset[str]  # through which its links read the corpus (`dependencies.article_words`; serve)
    tally: ArticleTally | None = None  # with the person ids of `LinkMemo.ids`

    @cached_property
    def used(self) -> frozenset[int]:
        """The clusters its names and speakers were linked to."""
        return frozenset(c for c in self.clusters + self.speaker_clusters if c is not None)


@dataclass(frozen=True)
class ArticleTally:
    """One article's share of the people index, once person ids are given."""

    linked: LinkedArticle
    mentions: tuple[tuple[str, int], ...]  # (person id, mentions)
    quotes: tuple[tuple[str, PersonQuote], ...]  # statements by person id
    pairs: tuple[tuple[tuple[str, str], int], ...]  # people named in one paragraph, and how often
    person_ids: tuple[str | None, ...]  # of its clusters then its speakers' clusters, as made


@dataclass
class LinkMemo:
    """Per-article links of the last `link_corpus` in this process (serve). They are reused
    for an article whose text and annotations are the very same objects, unless a corpus-wide
    fact they read (a cluster of a name the article holds, a surname's bearer, a majority label:
    `dependencies.IndexFacts`) changed; an edit relinks its article and those it reaches."""

    facts: IndexFacts | None = None
    articles: dict[str, ArticleLinks] = field(default_factory=dict)
    votes: VoteTally = field(default_factory=VoteTally)  # the majority labels, counted per article
    names: NameTally = field(default_factory=NameTally)  # the full names, counted per article
    picks: NamePicks = field(default_factory=NamePicks)  # display names, by spellings and counts
    records: PersonRecords = field(default_factory=PersonRecords)  # people's records, summed per article
    groups: GroupClusters = field(default_factory=GroupClusters)  # the clusters of each group of names
    everywhere: NamePattern | None = None  # the corpus-wide names, with their regex
    relinked: int = 0  # articles the last call linked anew (for benchmarks)
    # The spellings of each cluster and the articles quoting each, summed over the articles
    # of the last call (in its cluster numbers), and the person ids it gave the clusters: an
    # edit that keeps the numbers changes the sums by its articles only.
    sums: tuple[dict[int, Counter], Counter] | None = None
    ids: dict[int, str] | None = None

    def name_pattern(self, forms: set[str]) -> NamePattern:
        """The pattern of the corpus-wide names, compiled again only when they change."""
        if self.everywhere is None or self.everywhere.forms != forms:
            self.everywhere = NamePattern(forms, own_regex=True)
        return self.everywhere


def link_corpus(
    pairs: list[tuple[Article, Annotations]],
    model_name: str,
    model_version: str,
    aliases: Aliases = NO_ALIASES,
    memo: LinkMemo | None = None,
) -> Corpus:
    remember = memo is not None
    memo = memo if memo is not None else LinkMemo()
    memo.picks.next_build()
    index = PersonIndex(aliases, memo.picks)
    index.take(memo.names.update(pairs))
    # What serve keeps for the next edit is worked out only when there will be one.
    index.build(memo.groups if remember else None)

    votes = label_votes(pairs, memo.votes)
    index.set_aside(not_people(index, memo.votes.votes))
    # Full names that begin with a known first name are people in every article.
    shared = {name for c in index.clusters for name in c.spellings if is_first_name(name.split()[0])}
    facts = IndexFacts.of(index, votes, memo.votes.changed, shared, aliases) if remember else None
    changed = memo.facts.changed_words(facts) if memo.facts is not None and facts is not None else None
    numbers = memo.facts.renumbering(facts) if changed is not None else {}
    same_numbers = changed is not None and memo.facts.keeps_numbers(facts)
    memo.facts, memo.relinked = facts, 0
    everywhere = None
    links: list[ArticleLinks] = []
    reused: list[bool] = []  # each article's links kept as they were, numbers and all
    carried: list[bool] = []  # kept, perhaps with new cluster numbers (not linked again)
    for article, annotations in pairs:
        previous = memo.articles.get(article.source_file)
        known = previous
        if known is not None and (
            changed is None
            or known.article is not article
            or known.raw is not annotations
            or changed.reaches(known.words)
        ):
            known = None
        if known is not None and not same_numbers:
            known = _renumbered(known, numbers)
        carried.append(known is not None)
        if known is None:
            if everywhere is None:
                everywhere = memo.name_pattern(shared)
            # Its words come from its text and raw annotations alone: kept while they are the same.
            words = (
                previous.words
                if previous is not None and previous.article is article and previous.raw is annotations
                else None
            )
            known = _article_links(article, annotations, index, votes, aliases, everywhere, remember, words)
            memo.relinked += 1
            if previous is not None and previous.tally is not None:  # its record, kept if equal
                known = replace(known, tally=previous.tally)
        links.append(known)
        reused.append(known is previous)
    gone = memo.articles
    memo.articles = {}

    # The sums of the last call are taken (and stay taken should this call fail) until the
    # articles' links they count are stored again below.
    sums, memo.sums = memo.sums, None
    if sums is not None and changed is not None:
        # New numbers: the sums are carried over to them. A cluster with no new number is
        # counted by articles linked again or gone only, whose counts go with it.
        spellings, speakers = sums if same_numbers else _renumbered_sums(sums, numbers)
        old_numbers = None if same_numbers else numbers
        for known, kept in zip(links, carried):
            if not kept:
                if (previous := gone.get(known.article.source_file)) is not None:
                    _count(previous, spellings, speakers, -1, old_numbers)
                _count(known, spellings, speakers, 1)
        for source in gone.keys() - {article.source_file for article, _ in pairs}:
            _count(gone[source], spellings, speakers, -1, old_numbers)
    else:
        spellings, speakers = {}, Counter()
        for known in links:
            _count(known, spellings, speakers, 1)

    ids = _person_ids(index, spellings, speakers, aliases)
    # The same ids for the same numbers: a kept article's person ids are those of its tally.
    same_ids = remember and same_numbers and ids == memo.ids
    memo.ids = ids if remember else None

    known_things: dict[tuple[str, str], str | None] = {}

    def thing_ids(label: str, text: str) -> str | None:
        # The same place and organisation names recur in every article: each is worked out once.
        if (key := (label, text)) not in known_things:
            known_things[key] = _entity_id(label, text, aliases)
        return known_things[key]

    linked, tallies = [], []
    for known, kept in zip(links, reused):
        # Kept, its places' and organisations' ids are kept too: an aliases entry that changes
        # one names its words, and the articles writing it are linked again (`changed_names`).
        if kept and same_ids and known.tally is not None and known.tally.linked.annotations is known.corrected:
            tally = known.tally
        else:
            person_ids = tuple(map(ids.get, known.clusters + known.speaker_clusters))  # None has no id
            tally = (
                known.tally
                if known.tally is not None
                and known.tally.person_ids == person_ids
                and known.tally.linked.annotations is known.corrected
                else _tally(known, person_ids, thing_ids)
            )
        tallies.append(tally)
        linked.append(tally.linked)
        if remember:
            if tally.linked.annotations is not known.corrected:
                # The record kept (an equal one) holds the last build's annotations: kept here
                # too, serve would hold two equal copies of every article relinked since it began.
                known = replace(known, corrected=tally.linked.annotations)
            memo.articles[known.article.source_file] = known if known.tally is tally else replace(known, tally=tally)

    names = {person_id: index.clusters[c].display_name for c, person_id in ids.items()}
    aliases_of = {person_id: tuple(sorted(spellings[c])) for c, person_id in ids.items()}
    people = memo.records.update(tallies, names, aliases_of)
    if remember:
        memo.sums = spellings, speakers
    return Corpus(tuple(linked), tuple(people), model_name, model_version)


def _renumbered_sums(sums: tuple[dict[int, Counter], Counter], numbers: dict[int, int]) -> tuple[dict, Counter]:
    """The sums of spellings and speakers under the new cluster numbers (`numbers`); the
    clusters without one are left out."""
    spellings, speakers = sums
    return (
        {numbers[c]: names for c, names in spellings.items() if c in numbers},
        Counter({numbers[c]: times for c, times in speakers.items() if c in numbers}),
    )


def _count(
    known: ArticleLinks,
    spellings: dict[int, Counter],
    speakers: Counter,
    sign: int,
    numbers: dict[int, int] | None = None,
) -> None:
    """Add (`sign` 1) or take away (-1) an article's spellings and speakers; a count that
    reaches 0 goes, and a cluster with no spelling left. `numbers`: the article's clusters
    are the last build's, counted under these new numbers (those without one are not counted)."""
    for (cluster, name), times in known.spelled:
        if numbers is not None and (cluster := numbers.get(cluster)) is None:
            continue
        names = spellings.get(cluster)
        if names is None:
            names = spellings[cluster] = Counter()
        if left := names[name] + sign * times:
            names[name] = left
        else:
            del names[name]
            if not names:
                del spellings[cluster]
    for cluster in known.speakers:
        if numbers is not None and (cluster := numbers.get(cluster)) is None:
            continue
        if left := speakers[cluster] + sign:
            speakers[cluster] = left
        else:
            del speakers[cluster]


def _article_links(
    article: Article,
    raw: Annotations,
    index: PersonIndex,
    votes: dict[str, str],
    aliases: Aliases,
    everywhere: NamePattern,
    with_words: bool = True,
    words: frozenset[str] | None = None,
) -> ArticleLinks:
    annotations = correct_entities(article, raw, votes, _person_forms(raw, index), aliases.not_people, everywhere)
    names = tuple(
        index.spelling(n) if e.label == "PERSON" and (n := clean_name(e.text)) else None for e in annotations.entities
    )
    here = {c for n in names if n and name_parts(n).full and (c := index.resolve(n)) is not None}
    clusters = tuple(
        index.resolve(n, here, _honorific_gender(article, e)) if n else None
        for n, e in zip(names, annotations.entities)
    )
    clusters = _namesakes_settled(article, annotations, names, clusters, here, index)
    speaker_clusters = []
    for quote in annotations.quotes:
        name = clean_name(quote.speaker.name) if quote.speaker.name and quote.speaker.is_person else None
        speaker_clusters.append(index.resolve(name, here) if name else None)
    spelled = Counter((c, n) for n, c in zip(names, clusters) if c is not None)
    speakers = frozenset(
        c for q, c in zip(annotations.quotes, speaker_clusters) if c is not None and q.kind == "statement"
    )
    return ArticleLinks(
        article,
        raw,
        annotations,
        names,
        clusters,
        tuple(speaker_clusters),
        tuple(spelled.items()),
        speakers,
        (words if words is not None else article_words(article, raw)) if with_words else frozenset(),
    )


def _renumbered(known: ArticleLinks, numbers: dict[int, int]) -> ArticleLinks | None:
    """The article's links with the cluster numbers of the new index; None when one of its
    clusters is not in it (then it is linked again)."""
    used = known.used
    if all(numbers.get(c) == c for c in used):
        return known
    if not used <= numbers.keys():
        return None

    def number(c: int | None) -> int | None:
        return None if c is None else numbers[c]

    return replace(
        known,
        clusters=tuple(map(number, known.clusters)),
        speaker_clusters=tuple(map(number, known.speaker_clusters)),
        spelled=tuple(((numbers[c], name), times) for (c, name), times in known.spelled),
        speakers=frozenset(numbers[c] for c in known.speakers),
    )


def _tally(known: ArticleLinks, person_ids: tuple[str | None, ...], thing_ids) -> ArticleTally:
    """`person_ids`: of the article's clusters, then of its speakers' clusters."""
    article, annotations = known.article, known.corrected
    entity_ids = []
    mentions: Counter = Counter()
    paragraph_people: dict[int, set[str]] = defaultdict(set)
    for entity, person_id in zip(annotations.entities, person_ids):
        if person_id:
            mentions[person_id] += 1
            paragraph_people[entity.paragraph].add(person_id)
        entity_ids.append(person_id or thing_ids(entity.label, entity.text))
    speaker_ids = person_ids[len(known.clusters) :]
    # A statement as the last tally had it stays that object: people's records (an equal record
    # is kept) and the person pages' list items hold it, and would otherwise hold a copy of it
    # made at every relink.
    before = {statement: statement for _, statement in known.tally.quotes} if known.tally is not None else {}
    statements = []
    for i, (quote, person_id) in enumerate(zip(annotations.quotes, speaker_ids)):
        if person_id and quote.kind == "statement":
            statement = PersonQuote(article.slug, i, quote.text, quote.cue)
            statements.append((person_id, before.get(statement, statement)))
    quotes = tuple(statements)
    pairs: Counter = Counter()
    for people in paragraph_people.values():
        pairs.update(combinations(sorted(people), 2))
    entity_ids = tuple(entity_ids)
    linked = known.tally.linked if known.tally is not None else None
    if (
        linked is None
        or linked.article is not article
        or linked.entity_ids != entity_ids
        or linked.speaker_ids != speaker_ids
        or (linked.annotations is not annotations and linked.annotations != annotations)
    ):
        # A new record; an equal one is kept, with the digest it has worked out.
        linked = LinkedArticle(article, annotations, entity_ids, speaker_ids)
    return ArticleTally(linked, tuple(mentions.items()), quotes, tuple(pairs.items()), person_ids)


_SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s+(?=[\"“‘(]*[A-Z])")
_PRONOUNS = re.compile(r"\b(he|him|his|himself|she|her|hers|herself)\b", re.IGNORECASE)
_OPENING = re.compile(
    r"^(?:[\"“‘(]*|[\"“][^\"“”]*[,?!][\"”]\s+)(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Secretary|Senator|President)\.?\s+)?$"
)


def _namesakes_settled(
    article: Article, annotations: Annotations, names, clusters, here: set[int], index: PersonIndex
) -> tuple[int | None, ...]:
    """A bare surname the article's two people of that name share goes to one of them only when
    the text says which: it opens its sentence (the sentence's subject, whom its pronouns are most
    likely about) and the he/she pronouns after it fit one of them alone ("Lind told reporters as
    she left" beside Tom and Barbara Lind). Otherwise no link beats a wrong one: a pronoun further
    into a sentence is as often about someone else ("an archive of Lind emails, though he had
    been asked"), and being named as someone's relative ("his brother, George Lind") says nothing
    of whom the article is about. Failing the pronouns, a surname written before the article first
    names the other namesakes in full is the one it has introduced (`_introduced_before`)."""
    settled = list(clusters)
    for i, (name, entity, cluster) in enumerate(zip(names, annotations.entities, clusters)):
        if not name or cluster is not None:
            continue
        candidates = index.article_namesakes(name, here, _honorific_gender(article, entity))
        if not candidates:
            continue
        said = _subject_pronouns(article.paragraphs[entity.paragraph].text, entity.start, entity.end)
        fits = [c for c in candidates if index.gender_of(c) in said] if len(said) == 1 else []
        if len(fits) == 1:
            settled[i] = fits[0]
        elif (
            first := _introduced_before(i, name, candidates, names, clusters, annotations.entities, index)
        ) is not None:
            settled[i] = first
        elif (kept := _kept_on(i, name, candidates, names, settled, article, annotations.entities, index)) is not None:
            settled[i] = kept
    return tuple(settled)


def _kept_on(
    i: int, name: str, candidates: list[int], names, settled, article: Article, entities, index: PersonIndex
) -> int | None:
    """The namesake the article has been calling by the bare surname keeps it when each other
    namesake is named once, in passing: the surname went to Tom Lind at least twice before (and to
    no one else), and "his wife, Barbara Lind" or "a photo of Barbara Lind" is all the article says
    of her by name. A namesake named twice, or once as the subject opening a sentence ("Barbara
    Lind, 39, is now …"), may be whom the article turns to: no link."""
    surname = name_parts(name).forms[-1]
    if not any(p.surname == surname for c in candidates for p in index.clusters[c].parts):
        return None
    earlier = Counter(
        c for n, c in zip(names[:i], settled[:i]) if c in candidates and n and name_parts(n).forms == (surname,)
    )
    if len(earlier) != 1 or (kept := next(iter(earlier))) is None or earlier[kept] < 2:
        return None
    for other in candidates:
        if other == kept:
            continue
        named = [e for n, e, c in zip(names, entities, settled) if c == other and n and name_parts(n).full]
        if len(named) != 1 or _opens_sentence(article.paragraphs[named[0].paragraph].text, named[0].start):
            return None
    return kept


def _opens_sentence(text: str, start: int) -> bool:
    begin = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start + 1) if m.end() <= start), default=0)
    return bool(_OPENING.match(text[begin:start]))


def _introduced_before(
    i: int, name: str, candidates: list[int], names, clusters, entities, index: PersonIndex
) -> int | None:
    """The one namesake the article has already named in full when it writes the bare surname:
    news names a person in full before calling them by the surname alone, so "Lind" before the
    article first names Barbara Lind is the Tom Lind it has introduced. Only the very surname
    ("the Linds" is a family) of someone named in full before it, and of no other namesake."""
    surname = name_parts(name).forms[-1]
    if not any(p.surname == surname for c in candidates for p in index.clusters[c].parts):
        return None
    here = (entities[i].paragraph, entities[i].start)
    before = {
        c
        for n, e, c in zip(names, entities, clusters)
        if c in candidates and n and name_parts(n).full and (e.paragraph, e.start) < here
    }
    return before.pop() if len(before) == 1 else None


def _subject_pronouns(text: str, start: int, end: int) -> set[str]:
    """The genders of the he/she pronouns after text[start:end] in its sentence, when it opens the
    sentence; else nothing."""
    if not _opens_sentence(text, start):
        return set()
    after = _SENTENCE_END.search(text, end)
    sentence = text[end : after.start() + 1 if after else len(text)]
    return {"male" if w.lower() in ("he", "him", "his", "himself") else "female" for w in _PRONOUNS.findall(sentence)}


_HONORIFIC_GENDER = {
    "mr": "male",
    "mr.": "male",
    "sir": "male",
    "mrs": "female",
    "mrs.": "female",
    "ms": "female",
    "ms.": "female",
    "miss": "female",
    "dame": "female",
    "lady": "female",
    "lord": "male",
    "baron": "male",
    "baroness": "female",
}


def _honorific_gender(article: Article, entity) -> str | None:
    """ "Mr Hassan" is a man, "Ms Hassan" a woman: in the mention or just before it."""
    words = entity.text.split()
    before = article.paragraphs[entity.paragraph].text[: entity.start].split()
    for word in ([words[0]] if len(words) > 1 else []) + before[-1:]:
        if word.lower() in _HONORIFIC_GENDER:
            return _HONORIFIC_GENDER[word.lower()]
    return None


def _person_forms(annotations: Annotations, index: PersonIndex) -> set[str]:
    """Names that are people in this article: the full names of the people it names in full,
    and their surnames when no one else here has that surname."""
    here = set()
    for entity in annotations.entities:
        if entity.label == "PERSON" and (name := clean_name(entity.text)) and name_parts(name).full:
            cluster = index.resolve(name)
            if cluster is not None:
                here.add(cluster)
    forms: set[str] = set()
    for cluster in here:
        forms.update(index.spellings_of(cluster))
    owners: dict[str, set[int]] = defaultdict(set)
    for cluster in here:
        for spelling in index.spellings_of(cluster):
            # "Ames" of "Tom Ames Jr.": the suffix is no surname.
            words = [w for w in spelling.split() if w.lower().rstrip(".") not in SUFFIXES] or spelling.split()
            owners[words[-1]].add(cluster)
    forms |= {surname for surname, who in owners.items() if len(who) == 1 and len(surname) > 2}
    return forms


# What the model calls a thing that is not a person: a body, a place, a building, a work.
THING_LABELS = frozenset({"ORG", "GPE", "LOC", "FAC", "NORP", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW"})


def not_people(index: PersonIndex, label_counts: dict[str, Counter]) -> set[int]:
    """Clusters of full names that name a thing, by the corpus's evidence: the model labels
    their spellings as a body, place, building or work ("San Diego", a party, a club, an
    exchange) more often than as a person, counted over every mention in the corpus. A
    person's full name is now and then an ORG (their campaign, their company) but rarely
    most of the time, and is also called by the surname alone, which counts for the person; a
    known first name opening a place's name ("San Diego") would otherwise make it a person
    wherever it recurs."""
    found = set()
    for cluster in index.clusters:
        if not cluster.parts or cluster.canonical:
            continue
        counts: Counter = Counter()
        surnames = set()
        for spelling in cluster.spellings:
            counts.update(label_counts.get(spelling, {}))
            words = [w for w in spelling.split() if w.lower().rstrip(".") not in SUFFIXES] or spelling.split()
            surnames.add(words[-1])
        # A person is also called by their surname alone ("Malik said"); a thing seldom by its last word.
        person = counts["PERSON"] + sum(label_counts.get(s, {}).get("PERSON", 0) for s in surnames)
        things = sum(n for label, n in counts.items() if label in THING_LABELS)
        if things > person:
            found.add(cluster.number)
    return found


def _person_ids(
    index: PersonIndex, spellings: dict[int, Counter], speakers: set[int], aliases: Aliases
) -> dict[int, str]:
    """Ids for the clusters that are people. Someone never named in full anywhere ("Maidan",
    "Formula") is rarely a person; nor is a full name met once whose first word is no known
    first name and who is never quoted ("Kyivan Rus", "Catholic Churches")."""
    ids: dict[int, str] = {}
    used: set[str] = set()
    # By cluster number last: the sums of serve's edits list the clusters in another order.
    for cluster in sorted(spellings, key=lambda c: (-sum(spellings[c].values()), index.clusters[c].display_name, c)):
        record = index.clusters[cluster]
        if not record.parts or record.display_name in aliases.not_people:
            continue
        known_first = any(is_first_name(p.text.split()[0]) for p in record.parts)
        if (
            not known_first
            and cluster not in speakers
            and sum(spellings[cluster].values()) < 2
            and not record.canonical
        ):
            continue
        person_id = slugify(record.display_name)
        while person_id in used:
            person_id += "-2"
        ids[cluster] = person_id
        used.add(person_id)
    return ids


def _entity_id(label: str, text: str, aliases: Aliases) -> str | None:
    """Ids for places and organisations: 'place:kyiv' for Kiev and Kyiv alike."""
    if label in PLACE_LABELS:
        name = canonical_place(text) or _alias_of(aliases.places, text) or _bare(text)
        return f"place:{slugify(name)}" if name else None
    if label == "ORG":
        name = _alias_of(aliases.organisations, text) or _bare(text)
        return f"org:{slugify(name)}" if name else None
    return None


def _alias_of(table: dict[str, tuple[str, ...]], text: str) -> str | None:
    bare = _bare(text)
    for canonical, variants in table.items():
        if bare in (canonical, *variants) or text in variants:
            return canonical
    return None


def _bare(text: str) -> str:
    text = text.replace("’", "'").removesuffix("'s").removesuffix("'").strip()
    for article in ("the ", "The "):
        text = text.removeprefix(article)
    return fold(text).strip()


__all__ = ["Aliases", "LinkMemo", "PersonIndex", "clean_name", "link_corpus"]
