"""Who a noun phrase names: an ordered chain of small rules, one per module, as the quote
rules are (`quotes/rules/`).

A rule is a plain function `(Phrase) -> Speaker | NO_ONE | None`: a Speaker answers, NO_ONE
says the phrase names nobody usable and stops the chain ("it", "anybody who …"), None passes
to the next rule. Rules run most certain first: the words of a quote are no speaker, then
pronouns (personal, relative, and those that name no one), unnamed sources, people already
named, a name after a bare title, names (the model's and those it missed), bodies and
documents, role nouns, and last a source the text describes but never names.
"""

from __future__ import annotations

from typing import Callable

from generator.annotate.quotes.speakers.phrase import NO_ONE, Phrase
from generator.annotate.quotes.speakers.bare_title import speaker_after_bare_title
from generator.annotate.quotes.speakers.body import speaker_body
from generator.annotate.quotes.speakers.described import speaker_described
from generator.annotate.quotes.speakers.inside_quote import speaker_joined_to_quote
from generator.annotate.quotes.speakers.known import speaker_already_named
from generator.annotate.quotes.speakers.named import speaker_named
from generator.annotate.quotes.speakers.nobody import speaker_nobody
from generator.annotate.quotes.speakers.personal import speaker_personal_pronoun
from generator.annotate.quotes.speakers.relative import speaker_relative_pronoun
from generator.annotate.quotes.speakers.role import speaker_role_noun
from generator.annotate.quotes.speakers.titled import speaker_titled_name
from generator.annotate.quotes.speakers.unnamed import speaker_unnamed
from generator.annotate.quotes.mentions import inside
from generator.annotate.quotes.vocabulary import DOCUMENT_NOUNS, INSTITUTION_NOUNS
from generator.structure import Speaker

SpeakerRule = Callable[[Phrase], "Speaker | object | None"]

SPEAKER_RULES: tuple[tuple[str, SpeakerRule], ...] = (
    ("joined_to_quote", speaker_joined_to_quote),
    ("personal_pronoun", speaker_personal_pronoun),
    ("relative_pronoun", speaker_relative_pronoun),
    ("nobody", speaker_nobody),
    ("unnamed", speaker_unnamed),
    ("already_named", speaker_already_named),
    ("after_bare_title", speaker_after_bare_title),
    ("named", speaker_named),
    ("titled_name", speaker_titled_name),
    ("body", speaker_body),
    ("role_noun", speaker_role_noun),
    ("described", speaker_described),
)


def resolve(phrase: Phrase) -> Speaker | None:
    # SPEAKER_RULES is read at each call, so bench/ablate_quotes.py can leave a rule out.
    for _name, rule in SPEAKER_RULES:
        found = rule(phrase)
        if found is NO_ONE:
            return None
        if found is not None:
            return found
    return None


def resolve_speaker(
    doc, head, spans, referents, sentence: tuple[int, int], paragraph: int, known_bodies=()
) -> Speaker | None:
    """The speaker the noun phrase headed by `head` names, or None when it names nobody usable."""
    return resolve(Phrase(doc, head, tuple(spans), referents, sentence, paragraph, tuple(known_bodies), resolve))


def subject_speaker(
    doc, sent, number: int, spans, referents, paragraph: int, bodies: bool = False, verb=None, known_bodies=()
) -> Speaker | None:
    """The speaker a sentence is about: the active subject of its main verb, when that names a
    person or an unnamed source ("Thomas Reinholt put it more bluntly."), or with `bodies`
    also an organisation ("The Office of the President has issued a statement.")."""
    subject = next((c for c in (verb if verb is not None else sent.root).children if c.dep_ == "nsubj"), None)
    if subject is None or inside(subject.idx, spans):
        return None
    speaker = resolve_speaker(doc, subject, spans, referents, (paragraph, number), paragraph, known_bodies)
    if speaker is None or (speaker.name is None and not speaker.anonymous) or (not speaker.is_person and not bodies):
        return None
    if speaker.anonymous and not speaker.is_person and subject.lower_ not in DOCUMENT_NOUNS | INSTITUTION_NOUNS:
        return None  # "Here are a few excerpts from the speech:" gives the floor to no one
    return speaker


__all__ = ["NO_ONE", "Phrase", "SPEAKER_RULES", "resolve", "resolve_speaker", "subject_speaker"]
