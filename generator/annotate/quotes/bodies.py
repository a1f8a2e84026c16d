"""Speakers that are not people: organisations and offices ("the Kremlin said"), and the
documents that speak for them ("the report said", "a poster reads").

An organisation is named only where the text names it: "the company" is the body the
article introduced as a company ("Halvorsen Shipping, the company that owns the vessel"),
else it stays an unnamed source with its describing words, never a guess.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.annotate.quotes.vocabulary import BE_FORMS, DOCUMENT_NOUNS, GENERIC_BODIES, INSTITUTION_NOUNS
from generator.structure import Speaker

# Entity labels the small model gives to names of bodies that speak ("Downing Street" comes
# out as a work of art, "the White House" as a facility).
BODY_LABELS = frozenset({"ORG", "GPE", "NORP", "FAC", "WORK_OF_ART", "LAW"})
_ARTICLES = ("the ", "The ")


@dataclass(frozen=True)
class Body:
    """Who a later common noun points back to: an organisation named outside quotes, with the
    nouns the text describes it by (the words of its name, its apposition, its compounds, what
    it is said to be), or the body or person who issued a document ("the statement")."""

    name: str
    nouns: frozenset[str]
    position: tuple[int, int]  # (paragraph, character)
    is_person: bool = False  # a person who issued a document ("X said in a statement")


def paragraph_bodies(index: int, doc, outside) -> list[Body]:
    """The organisations and issued documents of one paragraph; `outside(char)` is true outside quotes."""
    found = []
    for ent in doc.ents:
        if ent.label_ != "ORG" or not outside(ent.start_char):
            continue
        root = ent.root
        nouns = {t.lower_ for t in ent}
        if root.dep_ == "appos":
            nouns.add(root.head.lower_)  # "the company, Halvorsen Shipping"
        nouns |= {
            c.lower_ for c in root.children if c.dep_ in ("appos", "compound") and c.i not in range(ent.start, ent.end)
        }
        if root.dep_ == "nsubj" and root.head.lower_ in BE_FORMS:
            nouns |= {c.lower_ for c in root.head.children if c.dep_ == "attr"}  # "X is a shipping company"
        found.append(Body(_bare(ent.text), frozenset(nouns), (index, ent.start_char)))
    # The small model takes many company names for people: a name the text calls a company
    # ("Halvorsen Shipping, the company that …", "… is a Norwegian firm") is a body all the same.
    for noun in doc:
        if noun.lower_ not in INSTITUTION_NOUNS or not outside(noun.idx):
            continue
        if noun.dep_ == "appos":
            named = noun.head
        elif noun.dep_ == "attr" and noun.head.lower_ in BE_FORMS:
            named = next((c for c in noun.head.children if c.dep_ == "nsubj"), None)
        else:
            named = None
        if named is None or not _capitalised(named) or named.ent_type_ == "ORG":
            continue
        words = [t for t in named.subtree if t.i <= named.i and (_capitalised(t) or t.dep_ == "compound")]
        if words:
            name = doc.text[words[0].idx : named.idx + len(named)]
            found.append(Body(_bare(name), frozenset({noun.lower_}), (index, words[0].idx)))
    found.extend(_issued_documents(index, doc, outside))
    return sorted(found, key=lambda body: body.position)


def _issued_documents(index: int, doc, outside) -> list[Body]:
    """ "The ministry condemned, in a statement, …" then "The statement added: “…”": a document
    the paragraph says a named body or person issued, which "the statement" later points back to."""
    found = []
    for noun in doc:
        if noun.lower_ not in DOCUMENT_NOUNS or not outside(noun.idx) or noun.ent_type_:
            continue
        node = noun
        for _ in range(4):
            subject = next((c for c in node.children if c.dep_ == "nsubj"), None)
            if subject is not None or node.head.i == node.i:
                break
            node = node.head
        if subject is None or not subject.ent_type_ or not outside(subject.idx):
            continue
        ent = next((e for e in doc.ents if e.start <= subject.i < e.end), None)
        if ent is not None and ent.label_ in BODY_LABELS | {"PERSON"}:
            found.append(Body(_bare(ent.text), frozenset({noun.lower_}), (index, noun.idx), ent.label_ == "PERSON"))
    return found


def body_speaker(doc, head, phrase, mention: str, known: list[Body]) -> Speaker | None:
    """The speaker when the phrase headed by `head` names an organisation or a document, else None."""
    lower = head.lower_
    if lower in DOCUMENT_NOUNS and head.ent_type_ not in BODY_LABELS | {"PERSON"}:
        issuer = _issuer(doc, head, known)
        if issuer is not None:
            return issuer
        if any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in head.children):
            issued = next((b for b in reversed(known) if lower in b.nouns and b.name), None)
            if issued is not None:  # "The statement added:" after "the ministry, in a statement, …"
                return Speaker(mention=mention, name=issued.name, is_person=issued.is_person)
        return Speaker(mention=mention, name=None, anonymous=True, is_person=False)
    if head.ent_type_ == "NORP" and lower.endswith("s"):
        # "Mexicans often say", "Republicans argue": a people or a party at large, unnamed.
        return Speaker(mention=mention, name=None, anonymous=True)
    if head.ent_type_ in BODY_LABELS or lower in INSTITUTION_NOUNS:
        name = _body_name(doc, head, phrase, known)
        if name is None:
            return Speaker(mention=mention, name=None, anonymous=True, is_person=False)
        return Speaker(mention=mention, name=name, is_person=False)
    return None


def _issuer(doc, head, known: list[Body]) -> Speaker | None:
    """Who a document is by, where its phrase says: "the ministry's statement", "a Pentagon
    report", "Costa's letter", "a document on the campaign's website"."""
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ in ("on", "from", "by", "of"):
            place = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if (
                place is not None
                and place.i > head.i
                and (place.lower_ in DOCUMENT_NOUNS or place.lower_ in ("website", "site", "page", "account"))
            ):
                issuer = _issuer(doc, place, known)  # "on the Trump campaign's website"
                if issuer is not None:
                    return issuer
            elif place is not None and (place.ent_type_ in BODY_LABELS - {"GPE"} or place.ent_type_ == "PERSON"):
                head = place  # "a report by the ministry", "a letter from Ana Costa"
                name = next(e for e in doc.ents if e.start <= place.i < e.end)
                return Speaker(
                    mention=doc.text[head.left_edge.idx : name.end_char],
                    name=_bare(name.text),
                    is_person=place.ent_type_ == "PERSON",
                )
    for child in head.children:
        if child.dep_ not in ("poss", "compound") or child.i > head.i:
            continue
        if child.ent_type_ == "PERSON":
            ent = next(e for e in doc.ents if e.start <= child.i < e.end)
            name = ent.text.removesuffix("'s").removesuffix("’s")
            return Speaker(mention=doc.text[head.left_edge.idx : head.idx + len(head)], name=name)
        if child.ent_type_ in BODY_LABELS or child.lower_ in INSTITUTION_NOUNS:
            phrase = [t for t in child.subtree if t.dep_ != "case"]
            mention = doc.text[head.left_edge.idx : head.idx + len(head)]
            name = _body_name(doc, child, phrase, known)
            if name is None:
                return Speaker(mention=mention, name=None, anonymous=True, is_person=False)
            return Speaker(mention=mention, name=name, is_person=False)
    return None


def _body_name(doc, head, phrase, known: list[Body]) -> str | None:
    """A body's name: the entity itself ("the Kremlin"), its apposition ("the ship's operator,
    Gulf Meridian Shipping"), a phrase with a proper name in it ("the Russian government"),
    or for "the ministry", "the company" the body the article introduced by that noun. None
    when the text names no body."""
    for child in head.children:
        if child.dep_ == "appos" and child.ent_type_ == "ORG":
            return next(e.text for e in doc.ents if e.start <= child.i < e.end)
    if head.ent_type_ in BODY_LABELS:
        ent = next(e for e in doc.ents if e.start <= head.i < e.end)
        return _bare(ent.text)
    if any(t.ent_type_ or _capitalised(t) for t in phrase if t.i != head.i and not t.is_sent_start):
        # "the Russian government", "the US State department", "Britain's defense ministry"
        words = [t for t in phrase if t.dep_ != "det" and not (t.is_punct and t.dep_ != "case")]
        return doc.text[words[0].idx : words[-1].idx + len(words[-1])] if words else None
    definite = any(c.dep_ == "det" and c.lower_ == "the" for c in head.children)
    if not definite:
        return None
    earlier = [e for e in doc.ents if e.label_ == "ORG" and e.end <= head.i]
    fitting = [e for e in earlier if head.lower_ in e.text.lower()]
    if fitting:
        return _bare(fitting[-1].text)
    described = next((b for b in reversed(known) if head.lower_ in b.nouns), None)
    if described is not None:
        return described.name
    if earlier and head.lower_ in GENERIC_BODIES:
        return _bare(earlier[-1].text)  # "Gulf Meridian said … the organisation said"
    return None


def _capitalised(token) -> bool:
    return token.text[:1].isupper() and token.is_alpha


def _bare(name: str) -> str:
    for article in _ARTICLES:
        name = name.removeprefix(article)
    return name.removesuffix("'s").removesuffix("’s")
