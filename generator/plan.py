"""Which pages a build makes and which it keeps, decided from each page's inputs digest and
the last build's manifest alone: no disk, so the decision is testable by itself. Carrying
the plan out (and checking that a kept file is still as the manifest knows it) is
`make_pages`'. A `Same` page, or a `Carried` run of them (serve: the renderer knows it
reads the same records as in the last build, whose site is on disk as written) is passed
through as it is: its record is the last build's. So are a `Section` and its announcement
(`Ahead`): its pages are planned when asked for (`of_section`), here or in a forked child;
and a `FirstLook`, where serve may put the pages made so far live."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator, Mapping

from generator.render import Page
from generator.render_memo import Carried, Same, inputs_digest
from generator.sections import Ahead, Section
from generator.structure.build import PageRecord


@dataclass(frozen=True, slots=True)
class FirstLook:
    """A place in the plan past every page of `folder`, the pages a reader has open while
    editing (the articles'): serve puts the ones made so far live here and reloads them, then
    makes the pages that follow from them (the index, person and trail pages)."""

    folder: str
    # The pages to show first when there are many: the edited articles' and the assets they link to.
    first: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class PlannedPage:
    page: Page
    digest: str | None  # of its inputs (and, for HTML, of the templates); None: always made
    kept: PageRecord | None  # the last build's record of the page when its inputs are the same


def page_digest(page: Page, templates: bytes) -> str | None:
    if page.digest is not None:
        return page.digest
    if page.inputs is None:
        return None
    return inputs_digest(page.inputs, templates if page.templated else b"")


class PagePlan:
    """Iterated, each page in order with what to do with it: keep the last build's file
    (`kept`) or make it; afterwards `removed` lists the last build's pages no page claims."""

    def __init__(self, pages: Iterable[Page | Same], previous: Mapping[str, PageRecord], templates: bytes):
        self.pages, self.previous, self.templates = pages, previous, templates
        self._paths: set[str] = set()
        self.same = 0  # `Same` pages passed through

    def __iter__(self) -> Iterator[PlannedPage | Same | Carried | Ahead | Section | FirstLook]:
        return self._planned(self.pages)

    def of_section(
        self, section: Section, skip: frozenset[str] = frozenset()
    ) -> Iterator[PlannedPage | Same | Carried]:
        """The pages of `section` (`generator.sections`), planned as the others; the pages at
        `skip` are left out (another process went through them, and `claim`ed them)."""
        for item in self._planned(section.pages()):
            if item.__class__ is not PlannedPage or item.page.path not in skip:
                yield item

    def claim(self, paths: Iterable[str]) -> None:
        """Pages of the plan another process went through."""
        self._paths.update(paths)

    def _planned(self, pages: Iterable) -> Iterator[PlannedPage | Same | Carried | Ahead | Section | FirstLook]:
        paths = self._paths
        for page in pages:
            if page.__class__ is Ahead or page.__class__ is Section or page.__class__ is FirstLook:
                yield page
                continue
            if page.__class__ is Same:
                paths.add(page.path)
                self.same += 1
                yield page
                continue
            if page.__class__ is Carried:
                paths.update(page.paths)
                self.same += len(page.paths)
                yield page
                continue
            digest = page_digest(page, self.templates)
            old = self.previous.get(page.path) if digest is not None else None
            self._paths.add(page.path)
            yield PlannedPage(page, digest, old if old is not None and old.digest == digest else None)

    @property
    def removed(self) -> list[str]:
        return [path for path in self.previous if path not in self._paths]

    def removed_under(self, folder: str) -> list[str]:
        """`removed` in `folder` (\"articles/\"), once the plan has passed all its pages."""
        return [path for path in self.previous if path.startswith(folder) and path not in self._paths]
