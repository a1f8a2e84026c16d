"""Which articles are copies of one story, kept up to date from one build to the next.

Each article is fingerprinted once (`fingerprint`). Candidates come from indexes, never from
comparing all pairs: the same words (`text_key`), the same title, or sampled runs of words
in common; each candidate pair is then measured exactly. An edit in `serve` fingerprints and
compares only the articles it changed. Copies are joined in stories (connected pairs).

Thresholds measured on PolNeAR train and dev (920 articles, seven outlets on the same
events; bench/RESULTS.md): the copies there share 0.66 to 1.0 of the shorter article's runs
of its own words, different articles at most 0.26. Under the same headline a retelling is
measured on shorter runs of all its words (`is_retold`), for those few pairs only.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from generator.copies.fingerprint import Fingerprint, containment, fingerprint, word_run_share
from generator.copies.frequency import WordFrequency
from generator.structure import Article
from generator.structure.copies import NO_COPIES, Copies, Story

# Share of the shorter article's runs of words (outside quotes) found in the other, from
# which two articles are one story: an update that adds or drops paragraphs keeps most of
# the shorter one.
CONTAINED = 0.5
# The same headline needs less, on runs of three words of all the text: a story retold
# under it (paragraphs rewritten, sentences reworded) keeps 0.16 or more of them with two
# words in five replaced throughout; recurring titles over different texts ("10 things to
# know for today") share 0.05.
RETOLD = 0.12
# Below this many runs of its own words (about two paragraphs), an article is a copy only
# when its words are the same: a brief that is mostly quotes says too little of its own.
MIN_SHINGLES = 20
# A sampled run found in more articles is boilerplate (a site's editor's note), not a
# sign of copying; it is not looked up, so a candidate list never grows with the corpus.
POSTING_LIMIT = 50


class CopyIndex:
    """The fingerprints of the last set of articles, their indexes and the copy pairs found."""

    def __init__(self):
        self.articles: dict[str, tuple[Article, Fingerprint]] = {}
        self.by_text: dict[str, set[str]] = defaultdict(set)
        self.by_title: dict[str, set[str]] = defaultdict(set)
        # Sampled run → the article holding it, or the set of them when several do: most
        # runs are one article's, and a set for each was most of the index's memory.
        self.postings: dict[int, str | set[str]] = {}
        self.pairs: dict[str, set[str]] = defaultdict(set)
        self.frequency = WordFrequency()
        self.copies: Copies = NO_COPIES
        self.compared = 0  # pairs measured by the last update (serve: only the edit's)

    def update(self, articles: list[Article]) -> Copies:
        """The stories of `articles`; the same `Copies` object when they did not change."""
        current = {a.slug: a for a in articles}
        gone = [
            slug
            for slug, (article, _) in self.articles.items()
            if slug not in current or (current[slug] is not article and current[slug] != article)
        ]
        for slug in gone:
            self._forget(slug)
        self.compared = 0
        new = [slug for slug in current if slug not in self.articles]
        for slug in new:
            self._add(current[slug])
        if gone or new:
            stories = _stories(self.pairs, {slug: article for slug, (article, _) in self.articles.items()})
            if stories != self.copies.stories:
                self.copies = Copies(stories)
            self.frequency.update(
                {slug: self.articles[slug][1].words for slug in self.articles if not self.copies.is_later_copy(slug)}
            )
        return self.copies

    def _forget(self, slug: str) -> None:
        _, print_ = self.articles.pop(slug)
        self.by_text[print_.text_key].discard(slug)
        self.by_title[print_.title_key].discard(slug)
        for h in print_.sample:
            listed = self.postings.get(h)
            if listed == slug:
                del self.postings[h]
            elif isinstance(listed, set):
                listed.discard(slug)
                if len(listed) == 1:
                    self.postings[h] = next(iter(listed))
        for other in self.pairs.pop(slug, ()):
            self.pairs[other].discard(slug)

    def _add(self, article: Article) -> None:
        slug, print_ = article.slug, fingerprint(article)
        shared: Counter = Counter()
        for h in print_.sample:
            listed = self.postings.get(h)
            if isinstance(listed, str):
                shared[listed] += 1
            elif listed and len(listed) <= POSTING_LIMIT:
                shared.update(listed)
        same_title = self.by_title.get(print_.title_key, set()) if print_.title_key else set()
        # Generous (half the share of a copy, estimated from the samples): the exact measure decides.
        mine = len(print_.sample)
        candidates = (
            set(self.by_text.get(print_.text_key, ()))
            | same_title
            | {
                other
                for other, n in shared.items()
                if n >= 2 and n >= CONTAINED / 2 * min(mine, len(self.articles[other][1].sample))
            }
        )
        for other in candidates:
            self.compared += 1
            other_article, other_print = self.articles[other]
            if is_copy(print_, other_print) or (other in same_title and is_retold(article, other_article)):
                self.pairs[slug].add(other)
                self.pairs[other].add(slug)
        self.articles[slug] = (article, print_)
        self.by_text[print_.text_key].add(slug)
        self.by_title[print_.title_key].add(slug)
        for h in print_.sample:
            listed = self.postings.get(h)
            if listed is None:
                self.postings[h] = slug
            elif isinstance(listed, str):
                self.postings[h] = {listed, slug}
            else:
                listed.add(slug)


def is_copy(a: Fingerprint, b: Fingerprint) -> bool:
    """The same words; or most of the shorter one's own runs of words in the other."""
    if a.text_key == b.text_key:
        return len(a.words) > 0  # two articles without a word are not one story
    if min(len(a.shingles), len(b.shingles)) < MIN_SHINGLES:
        return False
    return containment(a, b) >= CONTAINED


def is_retold(a: Article, b: Article) -> bool:
    """Two articles under one headline that keep enough of each other's wording (`RETOLD`)."""
    return word_run_share(a, b) >= RETOLD


def _stories(pairs: dict[str, set[str]], articles: dict[str, Article]) -> tuple[Story, ...]:
    """Connected copies, each ordered from its first copy (earliest dated, undated last)."""
    seen: set[str] = set()
    stories = []
    for start in sorted(pairs):
        if start in seen or not pairs[start]:
            continue
        component, stack = set(), [start]
        while stack:
            slug = stack.pop()
            if slug not in component:
                component.add(slug)
                stack.extend(pairs[slug] - component)
        seen |= component
        ordered = sorted(component, key=lambda s: (articles[s].meta.date is None, articles[s].meta.date or "", s))
        stories.append(Story(tuple(ordered)))
    return tuple(sorted(stories, key=lambda story: story.first))
