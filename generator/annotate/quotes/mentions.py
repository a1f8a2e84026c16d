"""The people an article names, and what pronouns and role nouns point back to.

A `Referent` is a person mentioned outside quotes, with the grammar that makes them salient:
the subject of a sentence, or a speaker (the subject of a reporting verb). Pronouns and
role nouns ("the diplomat") resolve against the referents named before them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from generator.annotate.names import HONORIFICS, PARTICLES, first_names, missed_people
from generator.annotate.quotes.marks import QuoteSpan
from generator.annotate.quotes.vocabulary import (
    ANONYMITY_NOUNS,
    INDEFINITE,
    INSTITUTION_NOUNS,
    LOCATIVE,
    PERSON_NOUNS,
    PERSON_SUFFIXES,
    REPORTING_FORMS,
    ROLE_NOUNS,
)
from generator.places import canonical_place
from generator.structure import Speaker

_NP_DEPS = frozenset(
    {
        "compound",
        "amod",
        "nmod",
        "appos",
        "det",
        "nummod",
        "poss",
        "case",
        "punct",
        "flat",
        "quantmod",
        "advmod",
        "npadvmod",
    }
)
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_CLAUSE_DEPS = frozenset({"nsubj", "nsubjpass", "aux", "auxpass", "dobj", "neg"})

# How far back (in sentences) a pronoun looks for the person it stands for.
_PRONOUN_REACH = 4
_SPEAKS_FOR_OTHERS = frozenset({"spokesman", "spokeswoman", "spokesperson", "aide", "adviser", "advisor"})
# Words in a title that tell two holders of the same office apart.
_RANK_WORDS = frozenset(
    {
        "deputy",
        "vice",
        "former",
        "acting",
        "first",
        "assistant",
        "chief",
        "senior",
        "junior",
        "foreign",
        "defense",
        "defence",
        "interior",
        "finance",
        "prime",
    }
)


@dataclass(frozen=True)
class Referent:
    """A person named (or pointed back to) outside quotes; `name` is None for an unnamed
    source ("a European diplomat"), which "the diplomat" may point back to."""

    name: str | None
    mention: str
    role: str | None
    position: tuple[int, int]  # (paragraph, character)
    sentence: tuple[int, int]  # (paragraph, sentence)
    subject: bool = False
    speaker: bool = False
    gender: str | None = None  # "male" | "female", from the first name or a pronoun
    end: int = -1  # character where the mention ends in its paragraph
    anonymous: bool = False
    depth: int = 0  # clauses between its verb and the sentence's main verb

    def as_speaker(self, mention: str, role: str | None = None) -> Speaker:
        if self.anonymous:
            return Speaker(mention=self.mention, name=None, anonymous=True)
        return Speaker(mention=mention, name=self.name, role=role if role is not None else self.role)


@lru_cache(maxsize=4096)
def name_gender(name: str) -> str | None:
    """ "male" or "female" when the first name says so clearly (gender-guesser's tables), else None."""
    parts = name.split()
    if len(parts) < 2:
        return None
    guess = first_names().get_gender(parts[0])
    # Only a sure answer: its tables call "Bernie" mostly female, which would send "he" elsewhere.
    return {"male": "male", "female": "female"}.get(guess)


_PRONOUN_GENDER = {"he": "male", "him": "male", "his": "male", "she": "female", "her": "female"}


def without_titles(name: str) -> str:
    """ "Gen Arkady Belov" -> "Arkady Belov": honorifics and titles in front of a name dropped."""
    words = name.split()
    while len(words) > 1 and (words[0].lower() in HONORIFICS or words[0].lower() in ROLE_NOUNS):
        words.pop(0)
    return " ".join(words)


def points_back(speaker: Speaker) -> bool:
    """The words naming the speaker do not hold the name: a pronoun or role noun ("she",
    "the chancellor") that attribution resolved to someone named earlier."""
    if not speaker.name or not speaker.mention:
        return False
    mention = speaker.mention.casefold()
    return not any(part.casefold() in mention for part in speaker.name.split() if len(part) > 1)


def strip_possessive(text: str) -> str:
    for suffix in ("’s", "'s", "’", "'"):
        if text.endswith(suffix):
            return text[: -len(suffix)]
    return text


def has_clause(tokens) -> bool:
    """The words hold a verb with its subject or auxiliary, or a reporting verb: a sentence,
    not a label such as a name and an affiliation (the pipeline has no tagger to ask)."""
    ids = {t.i for t in tokens}
    return any(
        t.lower_ in REPORTING_FORMS or any(c.i in ids and c.dep_ in _CLAUSE_DEPS for c in t.children) for t in tokens
    )


def inside(index: int, spans: list[QuoteSpan]) -> bool:
    return any(s.outer_start <= index < s.outer_end for s in spans)


def is_place_like(ent) -> bool:
    """A one-word PERSON after "in", "near" … is the small model mistaking a place ("in Kiev")."""
    return bool(canonical_place(ent.text)) or (
        len(ent) == 1 and ent.root.dep_ == "pobj" and ent.root.head.lower_ in LOCATIVE
    )


def persons(doc, spans: list[QuoteSpan]) -> list:
    """PERSON entities outside quotes that are not places in disguise, with a hyphenated first
    name the model cut in two made whole again ("Jean-Luc Picard", not "Luc Picard")."""
    return [
        whole_name(e)
        for e in doc.ents
        if e.label_ == "PERSON" and not inside(e.start_char, spans) and not is_place_like(e)
    ]


def whole_name(ent):
    doc, start = ent.doc, ent.start
    while (
        start >= 2
        and doc[start - 1].text == "-"
        and not doc[start - 2].whitespace_
        and not doc[start - 1].whitespace_
        and doc[start - 2].text[:1].isupper()
        and doc[start - 2].is_alpha
    ):
        start -= 2
    return ent if start == ent.start else doc[start : ent.end]


def noun_phrase(head) -> list:
    tokens = {head.i: head}
    stack = [head]
    while stack:
        parent = stack.pop()
        for child in parent.children:
            # "two people familiar with the talks": an adjective keeps its complement.
            descriptive = child.dep_ in ("prep", "pobj") and parent.dep_ in ("amod", "prep") and parent.i != head.i
            if (child.dep_ in _NP_DEPS or descriptive) and child.i not in tokens:
                tokens[child.i] = child
                stack.append(child)
    ordered = [tokens[i] for i in sorted(tokens)]
    while ordered and ordered[-1].is_punct:
        ordered.pop()
    while ordered and ordered[0].is_punct:
        ordered.pop(0)
    return ordered or [head]


def text_of(doc, tokens) -> str:
    return doc.text[tokens[0].idx : tokens[-1].idx + len(tokens[-1])].strip(" ,")


def possessor_tokens(head) -> set[int]:
    """Tokens under a possessive ("Hersh's sources"): the possessor is not the speaker."""
    return {t.i for c in head.children if c.dep_ == "poss" for t in c.subtree}


def role_of(doc, ent) -> str | None:
    """The title or role the text gives a person: "Russia's Foreign Minister" Sergey Lavrov,
    or "the deputy head of the ministry", Alexander Grushko."""
    root = ent.root
    if root.dep_ == "appos" and root.head.i < ent.start:
        head = root.head
        tokens = [t for t in head.subtree if t.i < ent.start and t.i >= head.left_edge.i]
        role = text_of(doc, tokens) if tokens else ""
    else:
        tokens = [t for t in noun_phrase(root) if t.i < ent.start]
        role = text_of(doc, tokens) if tokens else ""
    if not role or not any(word in ROLE_NOUNS for word in role.lower().split()):
        role = _title_before(doc, ent) or (role if role and role.lower() not in {"the", "a", "an"} else None)
    return role or _apposed_role(doc, ent)


def _apposed_role(doc, ent) -> str | None:
    """ "Henry Crespo, president of the caucus": the role set after the name."""
    for child in ent.root.children:
        if child.dep_ == "appos" and child.i >= ent.end and (child.lower_ in ROLE_NOUNS or could_be_person(child)):
            tokens = [t for t in child.subtree if not t.is_punct or t.i < child.right_edge.i]
            return text_of(doc, tokens) or None
    return None


def _title_before(doc, ent) -> str | None:
    """ "Omani Minister of State for Foreign Affairs Khalid …": the capitalised title run
    right before a name, when the parse hung the name somewhere inside it."""
    i = ent.start - 1
    while i >= 0 and (doc[i].text[:1].isupper() or doc[i].lower_ in ("of", "for", "and", "the")) and doc[i].is_alpha:
        i -= 1
    words = doc[i + 1 : ent.start]
    while len(words) and words[0].lower_ in ("of", "for", "and", "the"):
        words = words[1:]
    if len(words) and any(t.lower_ in ROLE_NOUNS for t in words):
        return words.text
    return None


def _clause_depth(token) -> int:
    """How many clauses down the token's verb sits: 0 for the main clause."""
    depth, node = 0, token
    while node.head.i != node.i:
        if node.dep_ in ("relcl", "acl", "ccomp", "advcl", "xcomp", "csubj", "pcomp"):
            depth += 1
        node = node.head
    return depth


def _salience(token) -> tuple[bool, bool]:
    """(subject, speaker) for the head token of a mention."""
    node = token.head if token.dep_ == "appos" else token
    if token.dep_ in ("compound", "flat") and token.head.dep_ in _SUBJECT_DEPS:
        node = token.head
    subject = node.dep_ in _SUBJECT_DEPS
    verb = node.head
    speaker = subject and verb.lower_ in REPORTING_FORMS
    if node.dep_ == "pobj" and verb.lower_ == "to" and verb.head.lower_ == "according":
        speaker = True
    return subject, speaker


def paragraph_referents(
    index: int, doc, spans: list[QuoteSpan], earlier: list[Referent], missed: list[tuple[int, int]] | None = None
) -> list[Referent]:
    """The people of one paragraph, in text order: named people (the model's and those it
    missed), unnamed sources, and role nouns, name parts and subject pronouns resolved to
    who they mean. `missed`: `missed_people(doc)`, when the caller has it already."""
    found: list[Referent] = []
    # Tokens made once: spaCy makes a new Token object at every step of a walk over the Doc,
    # and this function walks it seven times.
    tokens = list(doc)
    sentence_of, number = [], -1  # by token, as doc.sents counts them
    for token in tokens:
        number += token.i == 0 or bool(token.is_sent_start)
        sentence_of.append(number)

    def add(name, mention, role, first, last, head, gender, anonymous=False):
        subject, speaker = _salience(head)
        found.append(
            Referent(
                name,
                mention,
                role,
                (index, tokens[first].idx),
                (index, sentence_of[head.i]),
                subject,
                speaker,
                gender,
                tokens[last - 1].idx + len(tokens[last - 1]),
                anonymous,
                _clause_depth(head),
            )
        )

    people = persons(doc, spans) + [
        doc[a:b] for a, b in (missed if missed is not None else missed_people(doc)) if not inside(doc[a].idx, spans)
    ]
    # "the Trump meeting", "a Clinton aide": a name as a modifier points at no one.
    people = [ent for ent in people if not modifier(ent.root)]
    parts = _name_parts(earlier, people)
    for ent in people:
        name = strip_possessive(ent.text)
        if " " not in name and name in parts:
            name = parts[name]  # "Zhao" after "Zhao Minghui"
        add(name, ent.text, role_of(doc, ent), ent.start, ent.end, ent.root, name_gender(name))
    covered = {t.i for ent in people for t in ent}
    for token in tokens:
        # "Christie, who has campaigned …": a capitalised name that a clause about "who" follows
        # is a person, whatever the model labelled it.
        if (
            token.i in covered
            or not _name_word(token)
            or inside(token.idx, spans)
            or token.ent_type_ == "PERSON"
            or not any(
                c.dep_ == "relcl" and any(g.lower_ == "who" and g.dep_ == "nsubj" for g in c.children)
                for c in token.children
            )
        ):
            continue
        first = token
        while (
            first.i > 0
            and first.i - 1 not in covered
            and tokens[first.i - 1].dep_ in ("compound", "flat")
            and _name_word(tokens[first.i - 1])
            and tokens[first.i - 1].head.i == token.i
        ):
            first = tokens[first.i - 1]
        name = doc[first.i : token.i + 1].text
        if " " not in name and name in parts:
            name = parts[name]
        add(name, doc[first.i : token.i + 1].text, None, first.i, token.i + 1, token, name_gender(name))
        covered |= set(range(first.i, token.i + 1))
    for token in tokens:
        titled = titled_person(doc, token) if not inside(token.idx, spans) else None
        if titled is not None and titled[2].ent_type_ != "PERSON" and titled[2].i not in covered:
            name, role, first = titled
            add(name, name, role, first.i, token.right_edge.i + 1, token, name_gender(name))
    for token in tokens:
        if _indefinite(token) and could_be_person(token) and not token.ent_type_ and not inside(token.idx, spans):
            phrase = noun_phrase(token)
            if any(t.ent_type_ == "PERSON" for c in token.children if c.dep_ == "appos" for t in c.subtree):
                continue  # "a department spokesman, Daniel Okafor" is named
            add(None, text_of(doc, phrase), None, phrase[0].i, phrase[-1].i + 1, token, None, anonymous=True)
    for token in tokens:
        if token.lower_ not in ROLE_NOUNS or token.ent_type_ or inside(token.idx, spans):
            continue
        if not any(c.dep_ in ("det", "poss") for c in token.children) or _indefinite(token):
            continue
        target = resolve_role(token, earlier + [r for r in found if r.position[1] < token.idx])
        if target is not None:
            phrase = noun_phrase(token)
            add(
                target.name,
                target.mention if target.anonymous else text_of(doc, phrase),
                target.role,
                phrase[0].i,
                phrase[-1].i + 1,
                token,
                target.gender,
                target.anonymous,
            )
    # "Costa" after "Ana Costa": a part of a name already given is that person, whatever the
    # model labelled it, unless it also belongs to someone else.
    for token in tokens:
        name = parts.get(token.text)
        if (
            name is None
            or token.i in covered
            or token.ent_type_ == "PERSON"
            or inside(token.idx, spans)
            or modifier(token)
        ):
            continue
        if token.i + 1 < len(doc) and tokens[token.i + 1].text[:1].isupper() and tokens[token.i + 1].is_alpha:
            continue  # "Costa Rica": part of a longer name
        person = next((r for r in reversed(earlier + found) if r.name == name), None)
        if person is not None:
            add(name, token.text, person.role, token.i, token.i + 1, token, person.gender)
    # A subject pronoun carries its person on: "She has also had to manage Ivanov. “…,” she said."
    for token in tokens:
        if token.lower_ not in ("he", "she") or token.dep_ not in _SUBJECT_DEPS or inside(token.idx, spans):
            continue
        known = sorted(earlier + found, key=lambda r: r.position)
        person = antecedent(known, (index, token.idx), (index, sentence_of[token.i]), token.lower_)
        if person is not None:
            add(
                person.name,
                person.mention if person.anonymous else token.text,
                person.role,
                token.i,
                token.i + 1,
                token,
                person.gender or _PRONOUN_GENDER[token.lower_],
                person.anonymous,
            )
    return sorted(found, key=lambda r: r.position)


def modifier(token) -> bool:
    """A name used as a modifier: "the Trump meeting", "Clinton economic advisers"."""
    return token.dep_ == "compound" and token.head.text[:1].islower()


def _name_parts(earlier: list[Referent], people) -> dict[str, str]:
    """Each word of a full name given so far that belongs to one person only → that name."""
    owners: dict[str, set[str]] = {}
    names = {r.name for r in earlier if r.name and " " in r.name}
    names |= {strip_possessive(e.text) for e in people if " " in e.text.strip()}
    for name in names:
        for part in name.split():
            if "-" in part and part.split("-")[0].lower() in PARTICLES:
                part = part.split("-", 1)[1]  # "Najjar" of "Mohammed al-Najjar"
            if part[:1].isupper() and part.lower() not in PARTICLES and len(part) > 1:
                owners.setdefault(part, set()).add(name)
    return {part: next(iter(who)) for part, who in owners.items() if len(who) == 1}


def full_name_for(referents: list[Referent], surname: str, other_than: str | None = None) -> str | None:
    """The one name given so far that ends in this surname ("Ellis" -> "Ryan Ellis"), or None
    when no one or several people have it."""
    folded = surname.casefold()
    names = {r.name for r in referents if r.name and r.name != other_than and r.name.split()[-1].casefold() == folded}
    return next(iter(names)) if len(names) == 1 else None


def referent_at(referents: list[Referent], paragraph: int, token) -> Referent | None:
    """The referent whose mention covers this token, if any."""
    for referent in referents:
        if referent.position[0] == paragraph and referent.position[1] <= token.idx < referent.end:
            return referent
    return None


def first_name_split(tokens) -> int | None:
    """Where a person's name starts in a capitalised run such as "of Turkey Emre Yildiz": at
    the first word gender-guesser knows as a first name, with a surname after it."""
    run = []
    for token in reversed(tokens):
        if not _name_word(token):
            break
        run.insert(0, token)
    for position, token in enumerate(run[:-1]):
        if first_names().get_gender(token.text) != "unknown":
            return run[position].i
    return None


def titled_person(doc, head):
    """ "Deputy Minister of Foreign Affairs of Turkey Emre Yildiz": a capitalised title with no
    article whose phrase ends in a name, even one the model took for an organisation.
    Returns (name, role, first name token) or None."""
    if head.lower_ not in ROLE_NOUNS or not head.text[:1].isupper():
        return None
    if any(c.dep_ in ("det", "poss") for c in head.children):
        return None
    tokens = [t for t in head.subtree if t.i >= head.i]
    start = first_name_split(tokens)
    if start is None:
        return None
    name = doc[start : tokens[-1].i + 1]
    role = doc.text[head.left_edge.idx : name.start_char].strip(" ,") or None
    return name.text, role, doc[start]


def titled_name(doc, phrase, head) -> tuple[str, str | None] | None:
    """A name the model did not label as a person: after a title ("Defence Minister Ana Costa"),
    or a capitalised phrase standing alone as the subject of a reporting verb ("Costa said")."""
    if head.ent_type_ == "PERSON" or not _name_word(head):
        return None
    before = [t for t in phrase if t.i <= head.i]
    titles = [t for t in before if t.lower_ in ROLE_NOUNS and t.text[:1].isupper()]
    if titles:
        name = [t for t in before if t.i > titles[-1].i]
        if name and all(_name_word(t) for t in name):
            role = doc.text[before[0].idx : name[0].idx].strip(" ,") or None
            return " ".join(t.text for t in name), role
        return None
    alone = (
        head.ent_type_ == ""
        and len(phrase) <= 3
        and all(_name_word(t) for t in phrase)
        and phrase[0].i > phrase[0].sent.start
        and head.head.lower_ in REPORTING_FORMS
    )
    return (" ".join(t.text for t in phrase), None) if alone else None


def _name_word(token) -> bool:
    text = token.text
    return (
        text.isalpha()
        and text[:1].isupper()
        and not text.isupper()
        and token.lower_ not in ROLE_NOUNS
        and token.lower_ not in INSTITUTION_NOUNS
    )


def could_be_person(head) -> bool:
    """A common noun that can stand for a person: "official", "businessman", "analyst"."""
    lower = head.lower_
    return (
        lower in ANONYMITY_NOUNS or lower in ROLE_NOUNS or lower in PERSON_NOUNS or lower.endswith(PERSON_SUFFIXES)
    ) and lower not in INSTITUTION_NOUNS


def _indefinite(head) -> bool:
    return any(c.lower_ in INDEFINITE for c in head.children if c.dep_ in ("det", "nummod", "amod"))


def _apposed_person(head):
    """ "Valery Zaluzhny, the general": the person a role noun stands beside."""
    for token in [head.head] * (head.dep_ == "appos") + [c for c in head.children if c.dep_ == "appos"]:
        if token.ent_type_ == "PERSON":
            ent = next(e for e in token.doc.ents if e.start <= token.i < e.end)
            return ent
    return None


def resolve_role(head, before: list[Referent], strict: bool = False) -> Referent | None:
    """The person a role noun points back to: the one it stands beside, else the nearest
    whose role has the same noun ("the minister" → "Russia's Foreign Minister Sergey Lavrov"),
    else, unless `strict`, the nearest person. A bare title ("Deputy Defense Minister") must
    match in full."""
    apposed = _apposed_person(head)
    if apposed is not None:
        name = strip_possessive(apposed.text)
        return next((r for r in reversed(before) if r.name == name), None) or Referent(
            name, apposed.text, None, (-1, apposed.start_char), (-1, 0)
        )
    if not before:
        return None
    title = [t.lower_ for t in noun_phrase(head) if t.i <= head.i and t.dep_ in ("compound", "amod") or t.i == head.i]
    ranks = set(title) & _RANK_WORDS
    for referent in reversed(before):
        described = f"{referent.role or ''} {referent.mention}".lower()
        if all(word in described for word in title):
            return referent
    if strict:
        return None
    for referent in reversed(before):
        described = f"{referent.role or ''} {referent.mention}".lower()
        # "the deputy minister" is not the minister named last, but "the Polish minister" may be "Poland's".
        if head.lower_ in described and all(rank in described for rank in ranks):
            return referent
    # "As the diplomat emphasized" after "the deputy head of the ministry, Alexander Grushko":
    # the nearest person the text gave a title. Never for a spokesperson, who speaks for
    # someone else ("the prime minister's spokesman said" is not the prime minister).
    if ranks or head.lower_ in _SPEAKS_FOR_OTHERS:
        return None
    titled = [r for r in before if r.role and head.lower_ not in f"{r.role} {r.mention}".lower()]
    return titled[-1] if titled else None


def antecedent(
    referents: list[Referent], position: tuple[int, int], sentence: tuple[int, int], pronoun: str = ""
) -> Referent | None:
    """The person "he" or "she" stands for: the nearest person earlier in the same sentence;
    else, going back sentence by sentence, the first speaker or subject, or the first person
    whose first name shows the pronoun fits, falling back on the nearest other person. A
    person whose gender is known never takes the other pronoun."""
    wanted = _PRONOUN_GENDER.get(pronoun.lower())
    before = [r for r in referents if r.position < position and not (wanted and r.gender and r.gender != wanted)]
    same = [r for r in before if r.sentence == sentence]
    if same:
        # "Netanyahu said … although he tweeted": the sentence's subject before a mere mention.
        salient = [r for r in same if r.subject or r.speaker]
        return (salient or same)[-1]
    fallback = None
    for key in sorted({r.sentence for r in before}, reverse=True)[:_PRONOUN_REACH]:
        group = [r for r in before if r.sentence == key]
        # A speaker counts one clause higher: "As the diplomat emphasized, Putin has mentioned …"
        # "According to Ham, …" makes Ham as salient as a subject.
        subjects = sorted((r for r in group if r.subject or r.speaker), key=lambda r: (r.depth - r.speaker, r.position))
        # With no subject, the person of the main clause before one named in a clause inside
        # it ("… worries Tom Ruiz, the caucus chair, who backed Obama. “…,” he said.").
        fitting = sorted(
            (r for r in group if wanted and r.gender in (wanted, None)),
            key=lambda r: (r.gender != wanted, r.depth, r.position),
        )
        introduced = [
            r for r in fitting if r.role and r.name and not any(e.name == r.name for e in before if e.sentence < key)
        ]
        if introduced and not any(r.depth == 0 for r in subjects):
            # "… which concerns Henry Crespo, president of the caucus. “…,” he said.": a person the
            # sentence introduces with a role, where no one is the subject of its main clause.
            return introduced[-1]
        chosen = (subjects[0] if subjects else None) or (fitting[0] if fitting else None)
        if chosen is not None:
            return chosen
        fallback = fallback or group[-1]
    return fallback
