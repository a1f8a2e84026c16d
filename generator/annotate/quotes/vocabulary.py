"""The words attribution looks for: reporting verbs and the nouns that name speakers.

Reporting verbs are matched by their inflected forms, so the model needs no lemmatizer.
"""

from __future__ import annotations

# Verbs that report speech or writing ("said"), and verbs that characterise words as they
# quote them ("dismissed … as 'delaying tactics'").
_BASES = (
    "say tell add note stress emphasize emphasise underscore explain insist admit warn write ask "
    "state declare claim announce argue acknowledge confirm report recall reply respond suggest "
    "observe comment continue conclude boast complain deny assert maintain urge point express "
    "caution describe predict remark affirm concede reiterate tweet post quip scoff retort "
    "dismiss mock deride brand label dub characterize characterise call "
    # Notices and documents speak too ("the leaflet advises", "a poster reads").
    "advise read recommend instruct "
    "promise vow pledge joke testify shout exclaim plead lament counter allege contend recount "
    "reveal disclose muse wonder estimate threaten demand answer agree "
    "assure chant accuse praise proclaim thank charge blame bark criticize criticise denounce condemn "
    "email fume interject vent surmise elaborate confess echo imply cite liken convey "
    "remember chide opine decry gloat boom portray credit quote knock slam blast grouse yell snipe bemoan lecture "
    "propose protest defend exhort tout confide rail"
).split()
_IRREGULAR = {
    "say": ("said", "says", "saying"),
    "tell": ("told", "tells", "telling"),
    "read": ("read", "reads"),
    "write": ("wrote", "writes", "writing", "written"),
    "dub": ("dubbed", "dubs", "dubbing"),
    "label": ("labeled", "labels", "labeling", "labelled", "labelling"),
    "snipe": ("sniped", "snipes", "sniping"),
    "rail": ("railed", "rails", "railing"),
}
_DOUBLED = {"admit": "t", "quip": "p", "label": "l"}


# Bases that are mostly something else uninflected: "will continue to", "a point", "the state".
_NO_BARE_FORM = frozenset(
    {
        "continue",
        "point",
        "call",
        "report",
        "post",
        "label",
        "brand",
        "comment",
        "promise",
        "vow",
        "pledge",
        "joke",
        "shout",
        "counter",
        "demand",
        "answer",
        "read",
        "praise",
        "charge",
        "blame",
        "bark",
        "email",
        "vent",
        "echo",
        "cite",
        "boom",
        "credit",
        "quote",
        "knock",
        "slam",
        "blast",
        "yell",
        "protest",
        "defend",
        "rail",
        "lecture",
    }
)


def _forms(base: str) -> tuple[str, ...]:
    """The base and inflected forms: "claim", "claimed", "claims", "claiming"."""
    return ((base,) if base not in _NO_BARE_FORM else ()) + _inflections(base)


def _inflections(base: str) -> tuple[str, ...]:
    if base in _IRREGULAR:
        return _IRREGULAR[base]
    if base.endswith("y") and base[-2] not in "aeiou":
        return (base[:-1] + "ied", base[:-1] + "ies", base + "ing")
    stem = base[:-1] if base.endswith("e") else base
    double = _DOUBLED.get(base, "")
    third = base + ("es" if base.endswith(("s", "sh", "ch", "o")) else "s")
    return (stem + double + "ed", third, stem + double + "ing")


REPORTING_FORMS = frozenset(f for base in _BASES for f in _forms(base))
# A cue that presupposes an earlier statement by the same speaker ("…, the official added").
CONTINUING_FORMS = frozenset({"added", "adding", "adds", "continued", "continuing", "continues"})
# Dependency labels a verb can carry; a noun spelt like a verb ("reports", "claims") has others.
VERB_DEPS = frozenset(
    {"ROOT", "ccomp", "advcl", "xcomp", "conj", "relcl", "acl", "pcomp", "parataxis", "csubj", "prep", "dep", "advmod"}
)

PERSONAL_PRONOUNS = frozenset({"he", "she", "him", "her", "his"})
RELATIVE_PRONOUNS = frozenset({"who", "that", "which"})
# Nouns for sources that stay unnamed: "the official said" keeps the official unnamed.
ANONYMITY_NOUNS = frozenset(
    {
        "source",
        "sources",
        "official",
        "officials",
        "insider",
        "insiders",
        "people",
        "person",
        "persons",
        "someone",
        "aide",
        "aides",
        "diplomats",
        "others",
        "observers",
        "analysts",
        "experts",
        "witnesses",
        "residents",
    }
)
# Common nouns for people by role, which "the …" or "Russia's …" point back with.
ROLE_NOUNS = frozenset(
    """general president minister diplomat journalist reporter spokesman spokeswoman
spokesperson leader commander official ambassador adviser advisor chief secretary expert analyst
chairman chairwoman head politician colonel premier chancellor envoy negotiator senator lawmaker
governor mayor lieutenant captain officer director founder author columnist writer aide
excellency majesty highness holiness""".split()
)
# Bodies that speak as one ("the defense ministry said").
INSTITUTION_NOUNS = frozenset(
    """ministry department agency office government administration committee
council embassy newspaper outlet publication channel kremlin pentagon army military command
service staff cabinet parliament court commission organisation organization company firm operator
presidency union alliance bloc charity foundation body party campaign""".split()
)
# Documents and notices that speak for whoever wrote them ("the report said", "a poster reads").
DOCUMENT_NOUNS = frozenset(
    """report reports statement statements leaflet leaflets poster posters letter letters
document documents memo memos memorandum study survey filing complaint website site release notice sign
guidance lawsuit suit indictment ruling judgment judgement verdict order tweet message email e-mail note
transcript manifesto draft proposal communique communiqué declaration resolution analysis assessment
editorial headline caption advert advertisement ad placard banner banners brochure pamphlet petition motion
bulletin summary dossier review paper platform text clip spot video film footage commercial book song
poll polls finding findings bylaws rules guidelines data figures audit audits article articles story piece
inquiry investigation probe blog""".split()
)
# Nouns for what someone said, whose owner ("Trump's claim", "a pledge by the minister")
# is the speaker of a quote inside them.
SPEECH_NOUNS = frozenset(
    """claim claims remark remarks comment comments statement statements words promise
promises pledge vow warning warnings assertion assertions description characterization characterisation
slogan message tweet tweets post argument accusation accusations charge question answer response reply
insistence suggestion admission quote line phrase catchphrase motto rhetoric speech language joke
declaration announcement plea demand demands call boast complaint criticism denial""".split()
)
# "the organisation said": the body named last before, whatever its name.
GENERIC_BODIES = frozenset({"organisation", "organization", "company", "firm", "operator", "body", "group", "agency"})
# Determiners and numbers that make a noun phrase indefinite: "a US official", "one source".
INDEFINITE = frozenset(
    {
        "a",
        "an",
        "one",
        "another",
        "some",
        "several",
        "two",
        "three",
        "four",
        "many",
        "other",
        "others",
        "various",
        "unnamed",
        "anonymous",
        "certain",
        "second",
        "third",
        "multiple",
        "numerous",
        "few",
    }
)
# Heads that make an indefinite phrase a person ("a US businessman", "a Western diplomat"),
# beyond the anonymity and role nouns; "a few excerpts" names no one.
PERSON_NOUNS = frozenset(
    """man woman men women businessman businesswoman diplomat soldier resident
student member members correspondent respondent agent officer officers worker workers activist
lawyer witness survivor veteran volunteer negotiator representative representatives staffer
staffers insider legislator lawmaker lawmakers politician politicians figure figures friend friends
colleague colleagues relative relatives neighbour neighbor neighbours neighbors brother sister mother father
wife husband son daughter boy girl teacher doctor nurse farmer priest mourner protester protesters voter
voters citizen citizens refugee refugees fighter fighters commander commanders mum mom dad mother-of-two
grandmother grandfather grandson granddaughter widow widower teenager pensioner victim victims
owner boss chef driver pilot skipper captain fan fans parent parents""".split()
)
PERSON_SUFFIXES = ("man", "woman", "men", "women", "person", "people", "ist", "ists", "ian", "ians")
# The pipeline runs without a tagger (no lemmas): forms of "be" by spelling.
BE_FORMS = frozenset({"is", "was", "are", "were", "be", "been", "being", "'s", "’s"})
LOCATIVE = frozenset({"in", "at", "from", "to", "into", "near", "across", "around", "toward", "towards"})
