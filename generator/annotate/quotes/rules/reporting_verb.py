"""The subject of a reporting verb that governs the quote or stands right beside it, or "according to X".

A verb elsewhere in the sentence says nothing about this quote: in "… dismissing it as
“delaying tactics,” Medinsky walked back his remarks, saying “…”", "saying" is Medinsky's
cue for the second quote only.
"""

from __future__ import annotations

from generator.annotate.quotes.context import Attribution, Discourse, QuoteSite
from generator.annotate.quotes.mentions import inside
from generator.annotate.quotes.speakers import resolve_speaker
from generator.annotate.quotes.vocabulary import (
    DOCUMENT_NOUNS,
    RELATIVE_PRONOUNS,
    REPORTING_FORMS,
    SPEECH_NOUNS,
    VERB_DEPS,
)

_CLIMB_DEPS = frozenset({"advcl", "xcomp", "pcomp", "prep", "conj"})
_INVERTED_DEPS = frozenset({"dobj", "attr", "npadvmod", "dative", "appos", "oprd", "nsubj"})
# Words of the cue's own clause that may stand between it and the quote ("…,” he said").
_ADJACENT_MAX_WORDS = 14


def attribute_by_reporting_verb(site: QuoteSite, discourse: Discourse) -> Attribution | None:
    if site.pull:
        return None
    place = None
    for cue, head in reporting_cues(site):
        speaker = resolve_speaker(
            site.doc,
            head,
            list(site.spans),
            discourse.referents,
            site.sentence(),
            site.paragraph_index,
            discourse.bodies,
        )
        if speaker is None:
            continue
        found = Attribution.named_at_quote(speaker, cue)
        if head.ent_type_ in ("GPE", "LOC") and not speaker.is_person:
            # "Ivanov said Moscow … accused Kyiv of “…”": a capital stands for its government in
            # the words of the person whose cue governs them both.
            place = place or found
            continue
        if place is not None and not speaker.is_person:
            break
        return found
    return place


def reporting_cues(site: QuoteSite) -> list[tuple[str, object]]:
    """(cue word, speaker head) for each cue that governs the quote, nearest first."""
    doc, span, spans = site.doc, site.span, list(site.spans)
    quoted = [t for t in doc if span.start <= t.idx < span.end and not t.is_punct]
    if not quoted:
        return []
    lo, hi = span.outer_start, span.outer_end
    found = []
    for sent in doc.sents:
        # "“…?” Senator Lopez asked." The parser may end the sentence at the closing mark.
        follows = sent.start_char >= hi and not doc.text[hi : sent.start_char].strip()
        if (sent.end_char <= lo or sent.start_char >= hi) and not follows:
            continue
        for token in sent:
            if inside(token.idx, spans):
                continue
            distance = lo - (token.idx + len(token)) if token.idx < lo else token.idx - hi
            if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
                source = next((c for c in doc[token.i + 1].children if c.dep_ == "pobj"), None)
                if source is not None and (_governs(token.head, quoted) or _beside(token, site)):
                    found.append((distance, "according to", source))
            elif token.lower_ == "per" and token.dep_ == "prep":
                # "…, per the party's bylaws": "according to", in a shorter word
                source = next((c for c in token.children if c.dep_ == "pobj"), None)
                if source is not None and (_governs(token.head, quoted) or _beside(token, site)):
                    found.append((distance, "per", source))
            elif (
                token.lower_ in ("put", "puts")
                and any(c.dep_ == "dobj" and c.lower_ == "it" for c in token.children)
                and (_governs(_scope(token), quoted) or _beside(token, site))
            ):
                # "as she puts it, “…”", "Reinholt put it more bluntly: “…”"
                subject = _subject_of(token)
                if subject is not None:
                    found.append((distance, token.text + " it", subject))
            elif token.lower_ == "words" and token.dep_ == "pobj" and token.head.lower_ == "in":
                # "In his words, …", "in the words of the minister, …"
                source = next((c for c in token.children if c.dep_ == "poss"), None)
                of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
                if source is None and of is not None:
                    source = next((c for c in of.children if c.dep_ == "pobj"), None)
                clause = token.head.head
                if source is not None and (_governs(clause, quoted) or _beside(token, site)):
                    found.append((distance, "in the words of", source))
            elif token.lower_ in REPORTING_FORMS and token.dep_ in VERB_DEPS:
                if follows and any(c.dep_ in ("ccomp", "xcomp", "dobj") for c in token.children):
                    continue  # the next sentence reports something else: "She says she does not know …"
                scope = _scope(token)
                if not (_governs(scope, quoted) or _beside(scope, site) or _closes_sentence(token, sent, spans)):
                    continue
                subject = _participle_person(token) if not _has_subject(token) else None
                if subject is None and token.idx >= hi and not _has_subject(token):
                    subject = _inverted_subject(token)
                if subject is None:
                    subject = _subject_of(token)
                if subject is not None and inside(subject.idx, spans):
                    # "“That,” he said, “is the problem.”": a word of the quote is no speaker, unless
                    # a phrase joined to it is; else the cue's other subject speaks.
                    other = next(
                        (c for c in token.children if c.dep_ in ("nsubj", "nsubjpass") and not inside(c.idx, spans)),
                        None,
                    ) or (_inverted_subject(token) if token.idx >= hi else None)
                    if other is not None and not inside(other.idx, spans):
                        found.append((distance + 0.5, token.text, other))
                if subject is None:
                    subject = _orphan_subject(token, sent, spans)
                if subject is not None:
                    found.append((distance, token.text, subject))
    found.sort(key=lambda item: item[0])
    return [(cue, head) for _, cue, head in found]


def _scope(cue):
    """The clause a cue reports on: "as X observed, …" reports the clause it hangs on, and
    "was quoted as saying" the passive verb."""
    if any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children):
        return cue.head
    node = cue
    while node.dep_ == "pcomp" and node.head.lower_ == "as" and node.head.head.i != node.head.i:
        node = node.head.head
    return node


def _closes_sentence(cue, sent, spans) -> bool:
    """ "…, added the ministry." A cue clause that ends the sentence after a comma and quotes
    nothing itself reports the whole sentence."""
    if cue.dep_ == "ROOT":
        return False
    clause = list(cue.subtree)
    if any(inside(t.idx, spans) for t in clause) or clause[0].i == sent.start:
        return False
    before = cue.doc[clause[0].i - 1]
    after = [t for t in sent if t.i > clause[-1].i]
    return before.text == "," and all(t.is_punct for t in after)


def _governs(verb, quoted) -> bool:
    """The quote is (part of) what the verb says: some quoted word lies in its subtree, and
    not under a clause of someone else hanging on it ("as Trump went on about “…”, Melanie
    said yes": the quote is not what Melanie said)."""
    return any(
        verb.left_edge.i <= t.i <= verb.right_edge.i and _descends(t, verb) and not _other_speakers_clause(t, verb)
        for t in quoted
    )


def _other_speakers_clause(token, verb) -> bool:
    node = token
    while node.i != verb.i and node.head.i != node.i:
        if (
            node.dep_ in ("advcl", "relcl")
            and not _in_same_quote(node, token)
            and any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in _NOT_SPEAKERS for c in node.children)
        ):
            return True
        node = node.head
    return False


def _in_same_quote(node, token) -> bool:
    """A clause of the quoted words themselves ("“when voter impressions … were taking shape”")."""
    marks = "\"“”'‘’"
    low, high = sorted((node.i, token.i))
    return not any(t.text in marks or "''" in t.text for t in node.doc[low : high + 1])


# Subjects of a clause that name no one else ("units “that are subordinate to him”", "which is
# “…”"), or most likely the reporter again ("He said he did not mention it because “…”").
_NOT_SPEAKERS = frozenset({"who", "which", "that", "it", "there", "this", "what", "he", "she", "they", "i", "we"})


def _descends(token, ancestor) -> bool:
    # spaCy makes a new Token object on each access: compare positions, not identity.
    while token.head.i != token.i:
        if token.i == ancestor.i:
            return True
        token = token.head
    return token.i == ancestor.i


def _beside(cue, site: QuoteSite) -> bool:
    """Only the cue's own clause (its subject, an adverb) stands between it and the quote."""
    doc, span = site.doc, site.span
    if cue.idx >= span.outer_end:
        between = [t for t in doc if span.outer_end <= t.idx < cue.idx]
    elif cue.idx + len(cue) <= span.outer_start:
        between = [t for t in doc if cue.idx + len(cue) <= t.idx < span.outer_start]
    else:
        return False
    words = [t for t in between if not t.is_punct]
    if any(t.dep_ in ("mark", "cc") for t in words):
        return False  # "“stalemate,” while X, calling it …": a new clause, not an attribution
    if any(t.text in ".!?" for t in between) and cue.idx < span.outer_start:
        return False
    return len(words) <= _ADJACENT_MAX_WORDS and all(_descends(t, cue) for t in words)


def _has_subject(verb) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)


def _subject_of(verb):
    node = verb
    for _ in range(4):
        subjects = [c for c in node.children if c.dep_ == "nsubj"]
        if subjects:
            # "the veteran politician Ron Paul observed" may come out as two subjects.
            # "… which Apple's chief executive, Tim Cook, called “…”" may come out with two
            # subjects, the relative pronoun first.
            return next((c for c in subjects if c.ent_type_ == "PERSON"), None) or next(
                (c for c in subjects if c.lower_ not in RELATIVE_PRONOUNS), subjects[0]
            )
        for child in node.children:
            if child.dep_ == "nsubjpass":
                # "X was told that …" (X heard it) or "X was said to be …" (others said it);
                # but "X was quoted as saying": X said it.
                if node.i == verb.i:
                    return None
                return child
        if node.dep_ == "acl" and node.head.lower_ in SPEECH_NOUNS | DOCUMENT_NOUNS and node.head.head.i != node.head.i:
            node = node.head.head  # "Her office issued a statement saying …": the issuer says it
            continue
        if node.dep_ not in _CLIMB_DEPS or node.head.i == node.i:
            return None
        node = node.head
        if node.dep_ == "relcl" or any(
            c.dep_ == "advmod" and c.lower_ in ("where", "when", "whereby") for c in node.children
        ):
            return None  # "… where the Panthers played, while chanting “…”": a participle the parser
            # hung on a relative clause about something else takes no subject from it
    return None


def _inverted_subject(verb):
    """'"…," underscored the minister': the speaker follows the verb."""
    for child in verb.children:
        if child.i > verb.i and child.dep_ in _INVERTED_DEPS:
            return child
    return None


def _orphan_subject(verb, sent, spans):
    """A reporting verb the parser left without a subject: the first person before it in the
    sentence who hangs on no other verb."""
    for ent in verb.doc.ents:
        if ent.label_ != "PERSON" or ent.start < sent.start or ent.end > verb.i or inside(ent.start_char, spans):
            continue
        node, free = ent.root, True
        while node.i != verb.i and node.head.i != node.i:
            node = node.head
            if node.i != verb.i and node.dep_ in ("relcl", "acl", "ccomp", "advcl", "xcomp", "csubj", "ROOT"):
                free = False
                break
        if free and node.i == verb.i and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
            return ent.root
    return None


def _participle_person(verb):
    """ "a response by Antony Blinken, dismissing it as …": a participle with no subject of
    its own describes the person named just before it, or the person it hangs on ("footage
    of Hillary Clinton asking, “…”")."""
    if not verb.lower_.endswith("ing"):
        return None
    if verb.dep_ == "acl" and verb.head.ent_type_ == "PERSON":
        return verb.head
    i = verb.i - 1
    while i >= 0 and (verb.doc[i].is_punct or (verb.doc[i].dep_ == "advmod" and verb.doc[i].head.i == verb.i)):
        i -= 1
    if i >= 0 and verb.doc[i].ent_type_ == "PERSON" and (i < verb.i - 1 or verb.doc[i].dep_ in ("pobj", "dobj")):
        return verb.doc[i]  # right before the verb only as an object: "footage of Hillary Clinton asking, “…”"
    return None
