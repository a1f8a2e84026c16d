"""Seeded generator of invented news articles, for build benchmarks (N = 100 ... 10,000+).

The articles are wire and newspaper reports on an invented crisis between Velmoria and
Karskia and the peace talks around it, in the input formats annotated-reader reads:
plain-text scrapes with a ` date` header line (with or without a source URL, some with
scrape debris) and Markdown with YAML front matter. One world (about 150 people with roles
and spelling variants, organisations, places) is built from a fixed seed; article i depends
only on (i, seed), so the first 100 files of a 10,000-file corpus are the 100-file corpus.
Titles (and their slugs) are distinct for the first TITLE_SPACE (38,400) articles of a seed.
No text is taken from seeds/.

    python bench/make_corpus.py 1000 /tmp/corpus-1k [--seed 1] [--markdown-share 0.3] [--pool world|news] [--force]

    from bench.make_corpus import make_article, write_corpus, edit_article
"""

from __future__ import annotations

import argparse
import itertools
import math
import random
import re
import sys
import unicodedata
from datetime import date, timedelta
from pathlib import Path

# -- the world ------------------------------------------------------------------------------

A, B = ("Velmoria", "Velmorian", "Lysohrad"), ("Karskia", "Karskian", "Vostrograd")
MEDIATORS = ["Turkey", "Qatar", "Switzerland", "Norway", "China", "the African Union", "Austria"]
VENUES = (
    "Istanbul;Geneva;Vienna;Doha;Oslo;Helsinki;Antalya;Chisinau|Kishinev;Kyiv|Kiev;Budapest;Riyadh;Montreux;"
    "Bern;Brussels"
).split(";")
CITIES = (
    "Kharkiv|Kharkov;Odesa|Odessa;Mykolaiv|Nikolaev|Mykolayiv;Zaporizhzhia|Zaporozhye|Zaporizhia;Dnipro|Dnepr;"
    "Lviv|Lvov;Lysohrad|Lysograd;Vostrograd;Hrodivka|Grodovka;Bilohirsk|Belogorsk;Chornopil|Chernopol;"
    "Kamianka|Kamenka|Kamyanka;Ostrohrad|Ostrograd;Rivnopil;Horodnia|Gorodnya;Tursk;Sevask;"
    "Krasnyi Brid|Krasny Brid;Stepove|Stepovoye;Novoselytsia|Novoselitsa;Zalissia|Zalesye;Yarohrad|Yarograd;"
    "Pidhirne|Podgornoye;Sosnivka|Sosnovka;Kherivka|Herivka;Bilyi Kamin|Bely Kamen"
).split(";")
PORTS = [1, 2, 16, 23]  # indices into CITIES
CAPITALS = {"A": 6, "B": 7}
TOPICS = [
    "prisoner exchange",
    "grain corridor",
    "ceasefire",
    "sanctions package",
    "nuclear plant",
    "aid corridor",
    "border demarcation",
    "troop withdrawal",
    "energy truce",
    "civilian evacuation",
]
INSTITUTES = [
    "the Halden Institute for Peace Research",
    "the Carrow Centre for Eastern Studies",
    "the Vesterby Trust",
    "the Brennmark Institute of International Affairs",
    "the Sorel Centre for Conflict Studies",
    "the Danube Security Forum",
    "the Institute for Black Sea Studies",
    "the Meridian Policy Centre",
]
UNIVERSITIES = [
    "the University of Aldbury",
    "Lysohrad National University",
    "Hartwell College",
    "the Istanbul School of Diplomacy",
    "the Free University of Lindau",
]
AGENCIES = ["Reuters", "AFP", "Meridian", "Velpress", "KarskInform", "Anadolu"]
AID = [
    "The Red Crescent",
    "The International Committee of the Red Cross",
    "The UN refugee agency",
    "The World Food Programme",
    "Amnesty International",
    "Human Rights Watch",
]
BODIES = AID + [
    "The International Atomic Energy Agency",
    "The OSCE",
    "NATO",
    "The European Commission",
    "The African Union",
    "The UN Security Council",
    "Portavia Shipping",
    "Velmorian Railways",
]
PHOTOGRAPHERS = ["Petra Lindgren", "Marco Vidal", "Sami Korhonen", "Ines Moura", "Luka Babic", "Hugo Lantier"]
# Outlet: name|host|curly quotes|honorific ("Mr", "Mr." or none)|dateline agency|blank lines|Title Case
OUTLETS = [
    tuple(int(f) if f.isdigit() else f for f in o.split("|"))
    for o in re.split(
        r" ; |\n",
        """\
Meridian Wire|meridianwire.com|0||Meridian|0|0 ; The Northbridge Herald|northbridgeherald.co.uk|1|Mr||1|0
Eastgate Daily|eastgate-daily.com|0|Mr.||0|1 ; Velpress|velpress-news.com|0||Velpress|1|0
Karsk Today|karsktoday.com|1||KarskInform|0|0 ; The Continental Review|continentalreview.eu|1|Mr||1|1
Gulf Standard|gulfstandard.com|0|Mr.|Reuters|0|1 ; Baltic Observer|balticobserver.eu|1||AFP|1|0
The Harbour Times|harbourtimes.co.uk|1|Mr||0|0 ; Bosphorus Post|bosphoruspost.com|0||Anadolu|1|1""",
    )
]
NAMES = {  # origin: (male first names, female first names, surnames); "/" separates spellings
    "eu": (
        "Thomas Pierre Lukas Marco Henrik Jan Pieter Matthieu Stefan Oliver James Daniel Anders Tomasz Javier",
        "Claire Sophie Anna Ingrid Maria Elena Charlotte Hanna Marta Julia Laura Isabel Astrid Katarzyna Beatriz",
        "Moreau Brandt Hollander Castellani Fournier Aasgaard Whitcombe Ferreira Lindahl Kessler Marchetti "
        "Halvorsen "
        "Vandermeer Thorne Albrecht Rossignol Dunmore Okonski Varga Lefevre Calloway Ostergaard Brenner Sandoval "
        "Pellegrini Harwood Dekker Nyborg Quinlan Bergmann Castelnau Wyndham Ricard Solberg Hautala Vermeulen",
    ),
    "ar": (
        "Khalid/Khaled Omar Yousef/Youssef Samir Tariq Faisal Nabil Hamza Karim",
        "Layla Rania Noor Salma Hana Dina",
        "Al-Haddad/al-Haddad Nasser Mansour Al-Qasimi/al-Qasimi Darwish Saleh Al-Amiri Khoury/Khouri Barakat "
        "Al-Shami "
        "Haddadin Rahal Aziz",
    ),
    "tr": (
        "Mehmet Emre Burak Kemal Serkan Oğuz/Oguz Murat Cem",
        "Ayşe/Ayse Elif Zeynep Selin Deniz Gül/Gul",
        "Aydın/Aydin Kaya Yıldırım/Yildirim Öztürk/Ozturk Çelik/Celik Koç/Koc Erdem Aksoy Güneş/Gunes Tekin Karaca",
    ),
    "cn": ("Wei Jianguo Haoran Zhiming Jun", "Xiaoling Meng Yuting Lihua", "Zhao Sun Guo Xu Tang Feng Luo Deng"),
    "jp": ("Kenji Hiroshi Takeshi Daisuke", "Yuki Aiko Naomi Emi", "Sakamoto Morita Tanabe Kuroda Ishikawa"),
    "kr": ("Ji-ho Min-jun Seung-woo", "Ji-won Min-seo Soo-ah", "Park Choi Jung Kang"),
    "af": (
        "Kwame Chidi Tendai Kofi Abdoulaye Sipho Babajide",
        "Amara Wanjiru Ngozi Fatoumata Thandiwe Adaeze",
        "Mensah Okafor Mwangi Diallo Banda Asante Ndlovu Kamau Traoré/Traore Oyelaran Chikwanha Owusu Mbatha",
    ),
    "ua": (
        "Andriy/Andrii Oleksiy/Oleksii Serhiy/Serhii Yuriy/Yurii Dmytro Mykola Vasyl Taras Bohdan Ostap Petro Ihor "
        "Roman Vitaliy/Vitalii Maksym Oleh Stepan",
        "Oksana Iryna Olena Yuliya/Yulia Nataliya/Natalia Kateryna "
        "Halyna "
        "Solomiya/Solomiia Mariya/Mariia Tetyana/Tetiana Larysa Khrystyna/Hrystyna",
        "",
    ),
    "ru": (
        "Aleksei/Alexei/Alexey Sergei/Sergey Yevgeny/Evgeny Dmitry/Dmitri Mikhail Nikolai/Nikolay Pavel Igor "
        "Gennady/Gennadiy Arkady/Arkadiy Vadim Konstantin Kirill",
        "Anastasia Yekaterina/Ekaterina Tatyana/Tatiana Svetlana Irina Lyudmila/Ludmila Marina Yelena/Elena",
        "",
    ),
}
STEMS = {
    "ua": (
        "Hrab Zhur Dovh Syrot Hlush Bort Yavor Kozub Marts Vyshn Stebl Horob Tsyb Lozov Ohir Khyzh Bulav Perep "
        "Sokol Dzyub Verb Kholod Shtep Bazh Rudn Khmar Pylyp Voron Holub",
        "enko uk chuk yak ovskyy nyy ets",
    ),
    "ru": (
        "Belozer Vorotn Zabolot Kalgan Osok Dubrov Shuval Sedykh Tolmach Khvost Lapsh Zhigal Burlak Muravl "
        "Glazun Pronk Strelk Zarech Rogach Sinits Tsvetk Yermol",
        "ov in sky",
    ),
}
ANY = ["eu", "eu", "eu", "ar", "tr", "cn", "jp", "kr", "af", "af", "ua", "ru"]
# tier group [count]|appositive|prenominal|title ({V}elmoria, {K}arskia, {Vn}/{Kn} adjectives); tiers 1-2 are officials.
ROLES = """1 ua|the president of {V}|{Vn} President|President ; 1 ru|the president of {K}|{Kn} President|President
1 ua|{V}'s foreign minister|{Vn} Foreign Minister|Minister
1 ru|{K}'s foreign minister|{Kn} Foreign Minister|Minister
1 ua|the head of {V}'s delegation at the talks|{Vn} chief negotiator|
1 ru|{K}'s chief negotiator|{Kn} chief negotiator| ; 1 tr|Turkey's foreign minister|Turkish Foreign Minister|Minister
1 *|the UN special envoy for the crisis|UN envoy|
1 ru|a {spokes} for the {Kn} foreign ministry|{Kn} foreign ministry {spokes}|
1 ua|a {spokes} for the {Vn} president|presidential {spokes}|
1 ar|Qatar's minister of state for foreign affairs|Qatari Minister of State|Minister
1 eu|the European Union's foreign policy chief|EU foreign policy chief|
1 eu|the US secretary of state|US Secretary of State|Secretary
1 ua|{V}'s defence minister|{Vn} Defence Minister|Minister
1 ru|{K}'s defence minister|{Kn} Defence Minister|Minister ; 1 ua|the commander of {V}'s armed forces|General|General
1 ru|the chief of the {Kn} general staff|General|General
1 cn|China's special envoy for Eurasian affairs|Chinese envoy|
1 eu|Switzerland's foreign minister|Swiss Foreign Minister|Minister
1 eu|a State Department {spokes}|State Department {spokes}|
1 af|the African Union's special envoy|African Union envoy|
1 eu|Norway's special envoy to the talks|Norwegian envoy| ; 2 ua 4|the mayor of {city}|Mayor|Mayor
2 ua 2|{V}'s deputy foreign minister|{Vn} Deputy Foreign Minister|Minister
2 ru 2|{K}'s deputy foreign minister|{Kn} Deputy Foreign Minister|Minister
2 ua 3|the governor of the {city} region|Governor|Governor
2 ru|{K}'s ambassador to the United Nations|{Kn} UN Ambassador|Ambassador
2 ua 2|{V}'s ambassador to {mediator}|{Vn} Ambassador|Ambassador
2 ar|Qatar's ambassador to {V}|Qatari Ambassador|Ambassador ; 2 ar 2|the head of the Red Crescent mission in {city}||
2 * 2|a {spokes} for the International Committee of the Red Cross|ICRC {spokes}|
2 ua 5|a member of the {Vn} parliament|{Vn} lawmaker| ; 2 ru 4|a member of {K}'s State Assembly|{Kn} lawmaker|
2 tr|a {spokes} for the Turkish presidency|| ; 2 ru|a {spokes} for the {Kn} defence ministry||
2 *|the UN secretary-general's {spokes}|| ; 2 ua|{V}'s energy minister|{Vn} Energy Minister|Minister
2 ua|the governor of {V}'s central bank|| ; 2 jp|the head of the International Atomic Energy Agency|IAEA chief|
2 eu|the French president|French President|President ; 2 eu|Germany's chancellor|German Chancellor|Chancellor
3 *|the UNHCR representative in {V}|| ; 3 * 32|an analyst at {inst}|analyst|
3 * 5|a professor of international relations at {uni}|Professor|Professor ; 3 * 8|a senior fellow at {inst}||
3 ua 12|a resident of {city}|| ; 3 ru 4|a resident of {city}|| ; 3 ua 4|a volunteer who runs an aid hub in {city}||
3 ua 3|a commander of an artillery unit near {city}|| ; 3 ru 3|a {Kn} political commentator||
3 * 2|an economist at Nordvolt Energy|| ; 3 ua 3|a grain trader in {port}||
3 ua 4|a doctor at a hospital in {city}|| ; 3 ua|a former {Vn} foreign minister|| ; 3 ru 2|a former {Kn} diplomat||
3 eu|the chief executive of Portavia Shipping|Portavia chief executive|"""


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()


def _slav_variants(s: str) -> list[str]:
    """Up to 3 transliterations: -skyy/-sky/-skyi, -nyy/-ny/-nyi, -sky/-skiy/-ski, -ov/-ow, Kh-/H-, Ye-/E-."""
    out = [s]
    for end, alts in (("skyy", ("sky", "skyi")), ("nyy", ("ny", "nyi")), ("sky", ("skiy", "ski")), ("ov", ("ow",))):
        if s.endswith(end):
            out += [s[: -len(end)] + a for a in alts]
            break
    if s[:2] in ("Kh", "Ye"):
        out.append({"Kh": "H", "Ye": "E"}[s[:2]] + s[2:])
    return out[:3]


def _feminine(s: str, origin: str) -> str:
    for end, fem in (("ovskyy", "ovska"), ("nyy", "na"), ("sky", "skaya"), ("ov", "ova"), ("in", "ina")):
        if s.endswith(end) and (origin == "ru" or end in ("ovskyy", "nyy")):
            return s[: -len(end)] + fem
    return s


def _build_world() -> list[dict]:
    rng, taken, tiers = random.Random("annotated-reader bench world v1"), set(), {1: [], 2: [], 3: []}
    for entry in re.split(r" ; |\n", ROLES):
        for short, long in (("{Vn}", A[1]), ("{Kn}", B[1]), ("{V}", A[0]), ("{K}", B[0])):
            entry = entry.replace(short, long)
        head, app, pre, title = entry.split("|")
        tier, group, count = (head + " 1").split()[:3]
        for _ in range(int(count)):
            origin, fem = rng.choice(ANY) if group == "*" else group, rng.random() < 0.45
            for attempt in range(300):
                if attempt == 100:
                    origin = "eu"  # this origin's surnames are used up
                males, females, surnames = NAMES[origin]
                if origin in STEMS:
                    base = rng.choice(STEMS[origin][0].split()) + rng.choice(STEMS[origin][1].split())
                    sur = _slav_variants(_feminine(base, origin) if fem else base)
                else:
                    sur = rng.choice(surnames.split()).split("/")
                if not {_fold(v) for v in sur} & taken:
                    break
            taken |= {_fold(v) for v in sur}
            fill = {
                "spokes": "spokeswoman" if fem else "spokesman",
                "city": rng.choice(CITIES).split("|")[0],
                "inst": rng.choice(INSTITUTES),
                "uni": rng.choice(UNIVERSITIES),
                "mediator": rng.choice(MEDIATORS),
                "port": CITIES[rng.choice(PORTS)].split("|")[0],
            }
            tiers[int(tier)].append(
                {
                    "first": rng.choice((females if fem else males).split()).split("/"),
                    "sur": sur,
                    "fem": fem,
                    "surfirst": origin in ("cn", "kr"),
                    "app": app.format(**fill),
                    "pre": pre.format(**fill),
                    "title": title,
                    "side": {"ua": "A", "ru": "B"}.get(group),
                    "official": tier != "3",
                }
            )
    rng.shuffle(tiers[2])
    rng.shuffle(tiers[3])
    return tiers[1] + tiers[2] + tiers[3]


PEOPLE = _build_world()
HEAD = 40  # headlines name one of the first HEAD people (all officials)
CUM = list(itertools.accumulate(1 / (rank + 1) ** 1.2 for rank in range(len(PEOPLE))))  # Zipf-like

# -- the news pool (--pool news): thousands of people, as a real archive names them ------------
# Given names and surnames are drawn by Zipf weights, so many people share a surname (families,
# common names) or a first name, and a few share both; people are drawn by Zipf weights too, so
# a few are in most articles and most in one or two.
NEWS_POOL_SIZE = 4000
_SURNAME_HEADS = (
    "Hal Bran Hol Cas Four Whit Fer Lin Kes Mar Dun Ver Thor Al Ros Cal Ost Bren San Pel Har Dek Ny "
    "Quin Berg Wyn Ric Sol Haut Ash Brook Craw Ell Fair Gar Hart Kin Lang Mor Nor Pem Rad Stan Tal "
    "Wal Ab Ben Car Dal Ed Gil Hen Jar Lor Mel Nel Pr Sel Tor Vel Wen Yor"
).split()
_SURNAME_TAILS = "mann sen ton ley er ford wood field berg dale ett ini ez ard ow well by stone ridge holm".split()


def _news_names(rng: random.Random) -> tuple[list[list[str]], list[list[str]], list[list[str]]]:
    """(male given names, female given names, surnames), each a list of spellings, most common first."""
    males, females, surnames = [], [], []
    for origin in ANY:  # repeated origins are listed once
        male, female, sur = NAMES[origin]
        for bucket, words in ((males, male), (females, female), (surnames, sur)):
            for word in words.split():
                if word.split("/") not in bucket:
                    bucket.append(word.split("/"))
    for origin, (stems, ends) in STEMS.items():
        surnames += [_slav_variants(stem + end) for stem in stems.split() for end in ends.split()]
    surnames += [[head + tail] for head in _SURNAME_HEADS for tail in _SURNAME_TAILS]
    for bucket in (males, females, surnames):
        rng.shuffle(bucket)
    return males, females, surnames


def _zipf(n: int, exponent: float = 1.0) -> list[float]:
    return list(itertools.accumulate(1 / (rank + 1) ** exponent for rank in range(n)))


def _build_news_pool(size: int = NEWS_POOL_SIZE) -> list[dict]:
    rng = random.Random("annotated-reader bench news pool v1")
    world = _build_world()  # its roles: appositives, titles and sides
    males, females, surnames = _news_names(rng)
    male_cum, female_cum, surname_cum = _zipf(len(males), 0.8), _zipf(len(females), 0.8), _zipf(len(surnames), 0.5)
    pool = []
    for i in range(size):
        role = world[i] if i < HEAD else rng.choice(world)  # the headline names keep official roles
        fem = role["fem"] if i < HEAD else rng.random() < 0.4
        first = rng.choices(females if fem else males, cum_weights=female_cum if fem else male_cum)[0]
        sur = rng.choices(surnames, cum_weights=surname_cum)[0]
        pool.append({**role, "first": first, "sur": sur, "fem": fem, "surfirst": False})
    return pool


_POOLS: dict[str, tuple[list[dict], list[float]]] = {}


def people_pool(pool: str) -> tuple[list[dict], list[float]]:
    """The people articles draw from and their cumulative weights: "world" (about 150
    invented people, the default of every earlier benchmark) or "news" (NEWS_POOL_SIZE)."""
    if pool == "world":
        return PEOPLE, CUM
    if pool not in _POOLS:
        people = _build_news_pool()
        _POOLS[pool] = people, _zipf(len(people))
    return _POOLS[pool]


# -- headlines: slots decoded from the index, so titles never repeat within TITLE_SPACE ----------

TITLES = [  # (title, lead); {P} person, {C} city, {O} port, {V} venue, {T} topic, {N} number, {x|y} alternatives ({k})
    (
        "{P} {rejects|rules out|dismisses} truce that would freeze front near {C}",
        "{p} on {wd} rejected any truce that would freeze the front line near {C}, saying it would let troops regroup.",
    ),
    (
        "{P} says {T} deal {possible|within reach|still far off} as {V} talks resume",
        "A deal on the {T} is {2}, {p} said on {wd}, as the delegations returned to the table in {V}.",
    ),
    (
        "Shelling of {C} kills {N} as {P} {heads to|arrives in} {V}",
        "At least {N} people were killed in shelling of {C} on {wd}, hours before {p} was due in {V} for talks.",
    ),
    (
        "{P} {urges|calls for} {T} talks after {N} {killed|die} in {C}",
        "{p} called on {wd} for urgent talks on the {T} after {N} people were killed in a strike on {C}.",
    ),
    (
        "{V} talks: {P} {signals|hints at} flexibility on {T}",
        "{p} signalled on {wd} that {his} side could move on the {T}, as the talks in {V} entered a {ord} day.",
    ),
    (
        "{N} prisoners {freed|released|swapped} near {C} in deal {P} {hails|welcomes}",
        "A total of {N} prisoners were exchanged near {C} on {wd} in a swap that {p} hailed as a breakthrough.",
    ),
    (
        "{P} {accuses|blames} rival over {strike|attack|blast|raid} on {C} {power plant|rail hub|grain terminal|hospital}",
        "{p} on {wd} accused {Ctry2} of the {2} on a {4} in {C}, which officials said cut power to thousands.",
    ),
    (
        "{P} to {meet|see} mediators in {V} on {Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday}",
        "{p} will meet mediators in {V} on {3}, officials said, in the first contact of its kind since {month}.",
    ),
    (
        "Aid convoy reaches {C} after {N}-day wait, {P} says",
        "A UN aid convoy reached {C} on {wd} after waiting {N} days for safe passage, {p} said.",
    ),
    (
        "{P} warns {T} {talks|deal} could collapse {within days|this month|before winter}",
        "{p} warned on {wd} that the {T} {2} could collapse {3}, accusing the other side of stalling.",
    ),
    (
        "What {P}'s visit to {V} means for the {T} talks",
        "When {p} lands in {V} this week, the question will be whether the {T} talks can survive the winter.",
    ),
    (
        "{P} {denies|rejects} reports of secret {T} channel in {V}",
        "{p} on {wd} denied reports that Velmoria and Karskia had opened a secret channel on the {T} in {V}.",
    ),
    (
        "Residents of {C} {flee|leave} as {P} {warns of|predicts} {new|fresh} offensive",
        "Hundreds of families left {C} on {wd} after {p} warned that a {4} offensive could begin within days.",
    ),
    (
        "{P}: {T} {is|remains} the {key issue|sticking point|first test} in {V}",
        "The {T} {2} the {3} at the talks in {V}, {p} said on {wd}.",
    ),
    (
        "{Karskia|Velmoria} envoy {recalled|summoned} as {P} {condemns|criticises} {C} {strike|raid}",
        "{0}'s envoy was {1} on {wd} after a {5} on {C} that {p} condemned as a deliberate attack on civilians.",
    ),
    (
        "{N} grain ships leave {O} as {P} {defends|praises} corridor deal",
        "Some {N} ships carrying grain left {O} on {wd}, the most in weeks, as {p} defended the corridor deal.",
    ),
]
_BRACE = re.compile(r"\{([^{}]*)\}")
SLOT_SIZES = {"P": HEAD, "C": len(CITIES), "O": len(PORTS), "V": len(VENUES), "T": len(TOPICS), "N": 56}
_TPL_SLOTS = [_BRACE.findall(title) for title, _ in TITLES]
_TPL_SIZES = [[SLOT_SIZES.get(s) or len(s.split("|")) for s in slots] for slots in _TPL_SLOTS]
TITLE_SPACE = min(math.prod(sizes) for sizes in _TPL_SIZES) * len(TITLES)


def _affine(rng: random.Random, m: int) -> tuple[int, int]:
    a = rng.randrange(m // 3, m)
    while math.gcd(a, m) != 1:
        a += 1
    return a, rng.randrange(m)


def _title_slots(index: int, seed: int) -> tuple[int, list[int]]:
    """index -> (template, slot values); injective on range(TITLE_SPACE) for one seed."""
    a, b = _affine(random.Random(f"titles:{seed}"), TITLE_SPACE)
    k = (index * a + b) % TITLE_SPACE
    t, j = k % len(TITLES), k // len(TITLES)
    space = math.prod(_TPL_SIZES[t])
    j = j * _affine(random.Random(f"titles:{seed}:{t}"), space)[0] % space
    values = []
    for size in _TPL_SIZES[t]:
        j, v = divmod(j, size)
        values.append(v)
    return t, values


# -- sentence grammar: "key = alt ; alt", {key} expands, {a|b} is inline, "-" is empty ----------

GRAMMAR = """
q = {qneg} ; {qpos} ; {qpos} ; {qthere} ; {qthink} ; {qthink} ; {qwhat} ; {qexpect} ; {qheard} ; {qcost} ; {qask} ;
  {qdoor} ; {qmissing} ; {qpos}
qn = {qpos} ; {qthink} ; {qthink} ; {qexpect} ; {qcost} ; {qthere} ; {qdoor}
qneg = {subj} {vneg} {oneg}{neg_tail}.
qpos = {subj} {vpos} {opos}{pos_tail}. ; {opener}, {subjl} {vpos} {opos}.
subj = We ; We ; Our delegation ; My government ; {Ctry} ; I ; Our side ; This government
subjl = we ; we ; our delegation ; my government ; {Ctry} ; I
vneg = will not accept ; cannot accept ; will never sign ; will not trade away ; will not be pressured into accepting
oneg = any ceasefire that freezes the front line ; a deal that rewards aggression ; a referendum held under the guns ;
  a settlement imposed from outside ; any text that leaves {city} under occupation ; a map drawn up by others ; a pause
  that lets {Ctry2} rearm ; a buffer zone that swallows {city}
neg_tail = - ; - ; under any circumstances ; as long as the shelling continues ; while our people are still held in
  {city} ; in {venue} or anywhere else ; , and everybody knows it
vpos = would welcome ; will keep pushing for ; could support ; must insist on ; can live with ; would consider ; will
  not give up on ; would be ready to discuss
opos = a full exchange of prisoners ; security guarantees written into law ; the return of every displaced family to
  {city} ; international monitors along the line of contact ; a safe corridor for grain ships out of {port} ; talks
  without preconditions ; a timetable for the withdrawal of troops ; an energy truce that covers the winter ; the
  reopening of the {city} crossing ; the lifting of sanctions in stages ; an independent inquiry into what happened in
  {city} ; a partial deal on the {topic} ; joint patrols on the river ; a second round of talks in {venue} ; a hotline
  between the two general staffs
pos_tail = - ; - ; before the winter ; if the other side is serious ; in the coming weeks ; as a first step ; with the
  right guarantees ; as early as {wd}
opener = Let me be clear ; As of today ; Frankly ; After what happened in {city} ; For the families in {city} ; At this
  stage ; Whatever they say in public ; If the mediators can deliver
qthere = There {can|will} be no {peace_n} without {cond_n}.
peace_n = peace ; lasting settlement ; ceasefire worth the name ; agreement on the {topic} ; reconstruction ; trust
cond_n = the withdrawal of troops from {city} ; real guarantees ; justice for the victims ; the return of our prisoners
  ; monitors on the ground ; an honest account of what happened in {city}
qthink = I {think|believe|suspect|am convinced} {claim}. ; {Frankly|Honestly|To be clear}, {claim}. ; My sense is that
  {claim}. ; What I can tell you is that {claim}.
claim = both sides are closer than they admit in public ; the talks in {venue} will drag on until {month} ; {Ctry2} is
  playing for time ; neither army can win this outright ; the sanctions are starting to bite in {Cap2} ; a deal on the
  {topic} is within reach ; the next {two|three|few} weeks will decide a great deal ; the mediators in {venue} are
  doing serious work ; public opinion in {Cap} is not ready for concessions ; the winter will change the calculation on
  both sides ; nobody in {Cap2} wants to be the first to blink
qwhat = What happened in {city} on {wd} {was|is} {eval}.
eval = a crime, and it will be remembered ; a deliberate attempt to derail the talks ; not an accident ; exactly why we
  need monitors on the ground ; a tragedy for every family in that town ; a message to the mediators, and we heard it
qexpect = Nobody should expect a breakthrough {when}. ; Nobody should expect {Ctry2} to change course {when}.
when = this week ; before the spring ; in {venue} ; at the next round ; while the shelling goes on ; before {month}
qheard = We have {heard|seen} {promises|assurances|statements} like this {before|many times}, and {conseq}.
conseq = nothing changed on the ground ; the shelling resumed the next morning ; the families are still waiting ;
  {city} is still without power
qcost = Every {day|week|month} without {a deal|a ceasefire|an agreement on the {topic}} costs
  {lives|money|trust}{cost_tail}.
qask = How can we talk about {peace_n} while {event_n}? ; Who will stand behind {opos} if {Ctry2} breaks its word
  again?
event_n = {city} is being shelled every night ; our soldiers are still held in {Cap2} ; half of {city} has no water ;
  their troops are digging in near {city}
qdoor = The door to dialogue remains open, but {cond}. ; We are ready to go back to {venue}, but {cond}.
cond = not at any price ; only if the shelling of {city} stops ; the other side has to bring something concrete ; we
  will not negotiate with a gun to our head ; the talks must deal with the {topic} first
qmissing = More than {tens} people are still missing from {city}, and {their families|we|their mothers} deserve
  answers.
frag = a step in the right direction ; unacceptable in its current form ; a trap ; a basis for further work ; dead on
  arrival ; serious but incomplete ; a provocation ; cautiously encouraging
ind = {his} government would not accept {oneg} ; {Ctry} was ready to discuss {opos} ; the talks on the {topic} had made
  {some|little|no real} progress ; a new round could take place in {venue} {when2} ; {claim} ; the mediators had put
  forward a {new|revised|shorter} draft on the {topic} ; {n} people had been evacuated from {city} since {wd}
ind3 = {Ctry} would not accept {oneg} ; the talks on the {topic} had made {some|little|no real} progress ; {n} people
  had been evacuated from {city} since {wd} ; a new round could take place in {venue} {when2} ; the mediators had
  circulated a {new|revised|shorter} draft on the {topic} ; the strike on {city} was {a violation of the agreement
  reached in {venue}|a war crime|a provocation}
when2 = next week ; later this month ; in early {month} ; after the holidays ; once the technical groups finish their
  work
bg = The talks in {venue} are the {ord} round since {month}, when {early}. ; {Ctry} accuses {Ctry2} of {accus}, a
  charge {Cap2} denies. ; At least {n} civilians were killed and {n} wounded when {weapon} hit {target} in {city} on
  {wd}, {per}. ; {aid} said it had registered {big} people displaced from {city} since {month}. ; Power was restored to
  about {pct} percent of homes in {city} by {wd} evening, the regional administration said. ; Diplomats said the draft
  agreement runs to {n} pages and covers {topics} and the future of {city}. ; The {Aadj} and {Badj} delegations
  {met|sat down} for {few} hours in {venue} on {wd}, according to the hosts. ; A previous round in {venue} broke down
  in {month} after {reason}. ; Grain shipments from {port} fell to {n} vessels last month, down from {n} in {month},
  according to port data. ; The two sides last exchanged prisoners in {month}, when {n} {Aadj} and {n} {Badj} soldiers
  were freed in a swap brokered by {mediator}. ; {Ctry}'s parliament is due to vote on {bill} on {wd}. ; The {Velmorian
  marka|Karskian rubel} has lost {pct} percent of its value against the dollar since {month}. ; Satellite images
  released by {Skyward Imaging|Halcyon Geo} on {wd} showed {n} {things} near {city}. ; Roads out of {city} were jammed
  on {wd} as residents {headed west|sought shelter in {ocity}|tried to reach the border}. ; Neither side has published
  casualty figures for the fighting around {city} since {month}. ; {mediator} has offered to host a follow-up meeting
  in {venue} {when2}. ; {aid} has repeatedly called for {demand}. ; Fighting around {city} has intensified since
  {month}, with both sides reporting heavy losses. ; The {claims|figures|account} from {city} could not be
  independently verified {on {wd}|by {told}|at the time of writing}. ; Officials in {Cap} did not respond on {wd} to a
  request for comment on {the strike on {city}|the {topic} talks|the draft|the report}. ; The crisis began in {month}
  2021, when {origin}. ; Since then, more than {big} people have left {city} and the villages around it. ; Trains
  between {city} and {ocity} resumed on {wd} for the first time since {month}. ; {Ctry}'s foreign ministry summoned the
  envoy of {Ctry2} on {wd} to protest against {accus}. ; Inflation in {Ctry} reached {pct} percent in {month}, the
  statistics office said. ; Insurers have raised war-risk premiums for ships calling at {port} by {pct} percent,
  traders said. ; The next round of talks is expected to open in {venue} {when2}. ; Most of the {n} points in the draft
  are agreed, according to a person familiar with the text. ; On {date}, {event_past}. ; Analysts at {inst} say
  {claim}. ; The {topic} has been the hardest issue since the talks began in {venue}. ; In {city}, queues formed
  outside the few pharmacies still open, residents said. ; {aid} said its teams had reached {n} villages around {city}
  since {month}. ; The front line near {city} has barely moved since {month}, military analysts say. ; Air raid sirens
  sounded across {city} and {ocity} for {few} hours overnight. ; The two governments have not agreed on a venue for a
  meeting of their leaders, which {mediator} has been urging since {month}.
early = a first ceasefire collapsed within days ; the two delegations last met face to face ; {Aadj} forces were pushed
  back from {city} ; the mediators first put a written proposal on the table
accus = shelling civilian areas of {city} ; holding prisoners in secret sites ; blocking aid convoys on the road to
  {city} ; mining farmland around {city} ; using the talks to rearm ; moving children out of {city} without their
  parents
weapon = a missile ; drones ; artillery shells ; a guided bomb ; rockets
target = a residential block ; a market ; a bus station ; an apartment building ; a school used as a shelter ; the
  railway station ; a grain warehouse
per = according to local officials ; the regional governor said ; emergency services said ; police said
reason = a dispute over the order of prisoner releases ; a strike on {city} killed {n} people ; the {Badj} side walked
  out over the agenda ; both sides leaked rival versions of the draft
bill = an extension of martial law ; a new mobilisation law ; a package of emergency spending ; the grain accord
things = armoured vehicles ; newly dug trenches ; field hospitals ; pontoon bridges ; artillery positions
demand = access to prisoners of war ; a pause in strikes on energy infrastructure ; a safe route for civilians out of
  {city} ; an independent inspection of the {city} reservoir dam
origin = {Badj} troops moved into the border districts around {city} ; talks on the disputed river islands collapsed ;
  a naval standoff off {port} turned into an exchange of artillery fire
event_past = a drone struck the main substation in {city} ; {n} buses left {city} under a local truce ; the mediators
  in {venue} circulated a first draft ; {Badj} forces shelled the road between {city} and {ocity}
unnamed = {o}{qc}{c} a senior {European|Western|Gulf|Turkish} diplomat said on condition of anonymity. ; {o}{qc}{c} a
  US official told {told}. ; Sources close to the talks said {ind3}. ; {o}{qc}{c} said one official familiar with the
  negotiations, who asked not to be named. ; A diplomat in {venue} who has seen the draft said {ind3}. ; According to
  two people briefed on the talks, {ind3}. ; {o}{qc}{c} a source in the {Velmorian|Karskian} delegation said.
org = {ministry} said in a statement that {ind3}. ; {o}{qc}{c} {ministry} said in a statement. ; In a statement on
  {wd}, {ministry} said {ind3}. ; {body} said on {wd} that {ind3}. ; {ministry} said on Telegram that {ind3}.
cost_tail = - ; - ; for both sides ; for the families in {city} ; on the front line
debris = Subscribe to our newsletter ; Read more: {teaser} ; Share this article ; Advertisement ; Sign up for our daily
  briefing on the talks ; Read more: {teaser}
"""
G: dict[str, list[str]] = {}
for _key, _alts in re.findall(r"^(\w+) = (.*?)(?=^\w+ = |\Z)", GRAMMAR, re.M | re.S):
    G[_key] = [a.strip() for a in " ".join(_alts.split()).split(" ; ")]
for _key in ("neg_tail", "pos_tail", "cost_tail"):
    G[_key] = ["" if a == "-" else a if a.startswith(",") else " " + a for a in G[_key]]
MONTHS = "January February March April May June July August September October November December".split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
NEUTRAL = ["we", "the mediators", "both sides", "the international community", "I", "everyone at the table"]
SMALL = set("a an the of in on at to for as and or over with near after by".split())
START, DAYS = date(2022, 2, 1), (date(2023, 12, 31) - date(2022, 2, 1)).days + 1


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", _fold(text.replace("'", "").replace("’", ""))).strip("-")[:80].rstrip("-")


class _Writer:
    """One article's state: outlet style, chosen spellings, who has been named, grammar alternatives used."""

    def __init__(self, rng: random.Random, outlet: tuple):
        self.rng, self.outlet = rng, outlet
        self.o, self.c = ("“", "”") if outlet[2] else ('"', '"')
        self.seen, self.spelling, self.variant, self.used = set(), {}, {}, {}
        self.mix = rng.random() < 0.15  # this article mixes spellings of a name
        self.cities, self.venue, self.topic, self.last_city, self.bare_ok = [0], 0, TOPICS[0], 0, False
        r = rng
        self.ctx = {
            "wd": lambda: r.choice(WEEKDAYS),
            "month": lambda: r.choice(MONTHS),
            "n": lambda: str(r.randint(2, 60)),
            "tens": lambda: str(5 * r.randint(2, 40)),
            "pct": lambda: str(r.randint(4, 92)),
            "few": lambda: r.choice(["two", "three", "four", "five", "six"]),
            "big": lambda: f"{r.randint(3, 250) * 1000 + r.randint(0, 999):,}",
            "ord": lambda: r.choice(["second", "third", "fourth", "fifth", "sixth"]),
            "city": lambda: self.place(r.choice(self.cities if r.random() < 0.75 else range(len(CITIES)))),
            "ocity": lambda: self.place(r.choice([i for i in range(len(CITIES)) if i != self.last_city])),
            "port": lambda: self.place(r.choice(PORTS)),
            "venue": lambda: self.place(self.venue, VENUES),
            "topic": lambda: self.topic if r.random() < 0.6 else r.choice(TOPICS),
            "topics": lambda: ", ".join("the " + t for t in r.sample(TOPICS, 2)),
            "mediator": lambda: r.choice(MEDIATORS),
            "Aadj": A[1],
            "Badj": B[1],
            "ministry": lambda: r.choice(
                [
                    "the {Cadj} foreign ministry",
                    "the {Cadj} defence ministry",
                    "the {Cadj} {presidential office|presidency}",
                    "the {Cadj} {energy|interior} ministry",
                ]
            ),
            "aid": lambda: r.choice(AID),
            "body": lambda: r.choice(BODIES),
            "date": lambda: f"{r.choice(MONTHS)} {r.randint(1, 28)}",
            "o": self.o,
            "c": self.c,
            "told": "the agency" if outlet[4] else "reporters",
            "inst": lambda: r.choice(INSTITUTES),
            "his": "his",
            "he": "he",
        }

    def side(self, side: str | None) -> None:
        mine, other = ("A", "B") if (side or self.rng.choice("AB")) == "A" else ("B", "A")
        self.ctx.update(
            Ctry=(A, B)[mine == "B"][0],
            Ctry2=(A, B)[other == "B"][0],
            Cadj=(A, B)[mine == "B"][1],
            Cap=self.place(CAPITALS[mine]),
            Cap2=self.place(CAPITALS[other]),
        )

    def place(self, i: int, table: list[str] = CITIES) -> str:
        key = (table is CITIES, i)
        self.last_city = i if table is CITIES else self.last_city
        if key not in self.variant:  # one spelling per article, the usual one more often
            names = table[i].split("|")
            self.variant[key] = names[0] if self.rng.random() < 0.6 else self.rng.choice(names)
        return self.variant[key]

    def fill(self, text: str, **extra) -> str:
        ctx = {**self.ctx, **extra}

        def pick(m: re.Match) -> str:
            key = m.group(1)
            if "|" in key:
                return self.rng.choice(key.split("|"))
            if key in ctx:
                return ctx[key]() if callable(ctx[key]) else ctx[key]
            return G[key][self.choose(key, len(G[key]))]

        while "{" in text:
            text = _BRACE.sub(pick, text)
        return text

    def choose(self, key: str, n: int) -> int:
        """A random index below n, not one this article has used for `key` while others remain."""
        used = self.used.setdefault(key, set())
        if len(used) >= n:
            used.clear()
        i = self.rng.choice([i for i in range(n) if i not in used])
        used.add(i)
        return i

    # -- names: full name and role on first mention, then surname, "Mr X" or "President X" --
    def spell(self, p: dict) -> tuple[str, str]:
        if id(p) not in self.spelling or (self.mix and self.rng.random() < 0.3):
            pick = [v[0] if self.rng.random() < 0.6 else self.rng.choice(v) for v in (p["first"], p["sur"])]
            self.spelling[id(p)] = tuple(pick)
        return self.spelling[id(p)]

    def full(self, p: dict) -> str:
        first, sur = self.spell(p)
        return f"{sur} {first}" if p["surfirst"] else f"{first} {sur}"

    def short(self, p: dict) -> str:
        sur, r = self.spell(p)[1], self.rng.random()
        if p["title"] and r < 0.2:
            return f"{p['title']} {sur}"
        if self.outlet[3] and r < 0.6 and not p["surfirst"]:
            return f"{'Ms' if p['fem'] else 'Mr'}{self.outlet[3][2:]} {sur}"
        return sur

    def subj(self, p: dict) -> str:
        if id(p) in self.seen:
            return self.short(p)
        self.seen.add(id(p))
        return f"{p['pre']} {self.full(p)}" if p["pre"] and self.rng.random() < 0.5 else f"{self.full(p)}, {p['app']},"

    def end(self, p: dict) -> str:
        return self.subj(p).rstrip(",")

    def pron(self, p: dict) -> str:
        return "she" if p["fem"] else "he"

    # -- paragraphs --
    def quote(self, p: dict | None) -> tuple[str, str]:
        self.side(p["side"] if p else None)
        self.ctx["his"] = "her" if p and p["fem"] else "his"
        for key in ("subj", "subjl", "q"):  # mediators and analysts do not speak for a government
            self.ctx.pop(key, None)
            if p and not p["side"] and key == "q":
                self.ctx["q"] = "{qn}"
            elif p and not p["side"]:
                self.ctx[key] = lambda k=key: (_cap if k == "subj" else str)(self.rng.choice(NEUTRAL))
        q = _cap(self.fill("{q}"))
        return q, (q[:-1] + "," if q.endswith(".") else q)

    def named(self, p: dict) -> list[str]:
        o, c, r = self.o, self.c, self.rng
        q, qc = self.quote(p)
        low = q[0].lower() + q[1:] if q.split()[0] in ("We", "Our", "My", "There", "Every", "What", "This") else q
        shapes = [
            lambda: f"{o}{qc}{c} {self.subj(p)} said.",
            lambda: f"{o}{qc}{c} said {self.end(p)}.",
            lambda: f"{self.subj(p)} told reporters{r.choice(['', ' in ' + self.fill('{venue}')])}: {o}{q}{c}",
            lambda: f"According to {self.end(p)}, {o}{low}{c}",
            lambda: f"{o}{q} {self.quote(p)[1]}{c} {self.subj(p)} said.",
            lambda: f"{o}{qc}{c} {self.subj(p)} said. {o}{self.quote(p)[0]}{c}",
            lambda: (
                f"{self.subj(p)} described the {r.choice(['proposal', 'offer', 'draft'])} as "
                f"{o}{self.fill('{frag}')}{c}."
            ),
            lambda: f"{o}{qc}{c} {self.subj(p)} wrote on {r.choice(['X', 'Telegram', 'Facebook'])}.",
            lambda: f"{self.subj(p)} was quoted by {r.choice(AGENCIES)} as saying: {o}{q}{c}",
            lambda: f"{o}{qc}{c} {self.subj(p)} said in {self.fill('{venue}')}, adding that {self.fill('{ind}')}.",
            lambda: f"In an interview with {r.choice(OUTLETS)[0]}, {self.subj(p)} said: {o}{q}{c}",
            lambda: f"{o}{qc}{c} {self.subj(p)} told {r.choice(['journalists', 'parliament'])} on {self.fill('{wd}')}.",
        ]
        out = [shapes[self.choose("shape", len(shapes))]()]
        if r.random() < 0.35:
            q3, q3c = self.quote(p)
            out.append(
                r.choice(
                    [
                        f"{o}{q3c}{c} {self.pron(p)} added.",
                        f"{_cap(self.pron(p))} added: {o}{q3}{c}",
                        f"{o}{q3c}{c} {self.pron(p)} said.",
                    ]
                )
            )
        return out

    def paragraph(self, cast: list, weights: list, last: dict | None) -> tuple[list[str], dict | None, bool]:
        """(sentences, speaker the next paragraph may continue, whether background may be appended)."""
        r, p = self.rng.random(), self.rng.choices(cast, weights)[0]
        if last and r < 0.12:  # a quote that continues the previous paragraph's speaker
            q, qc = self.quote(last)
            if self.bare_ok and self.rng.random() < 0.6:  # only right after a paragraph quoting them
                return [f"{self.o}{q} {self.quote(last)[0]}{self.c}"], last, False
            return (
                [
                    f"{self.o}{qc}{self.c} {self.short(last)} said.",
                    f"{_cap(self.pron(last))} also said {self.fill('{ind}')}.",
                ][: self.rng.randint(1, 2)],
                last,
                False,
            )
        if r < 0.5:
            return self.named(p), p, True
        if r < 0.6:
            self.quote(p)
            verb = self.rng.choice(["said", "told reporters", "said on " + self.fill("{wd}"), "said later", "argued"])
            return [f"{self.subj(p)} {verb} {self.fill('{ind}' if p['side'] else '{ind3}')}."], None, True
        officials = [x for x in cast if x["official"] and x is not p]
        if r < 0.66 and officials and p["official"]:
            p2 = self.rng.choice(officials)
            verb = self.rng.choice(["met", "spoke by phone with", "held talks with"])
            said = self.rng.choice(["their offices said", "officials said"])
            return [f"{self.subj(p)} {verb} {self.subj(p2)} on {self.fill('{wd}')}, {said}."], None, True
        if r < 0.76:
            return [self.fill("{unnamed}", qc=self.quote(None)[1])], None, True
        if r < 0.84:
            return [_cap(self.fill("{org}", qc=self.quote(None)[1]))], None, True
        return [_cap(self.fill("{bg}")) for _ in range(self.rng.randint(1, 3))], None, True


def _titlecase(title: str) -> str:
    return " ".join(w if (i and w in SMALL) or w[:1].isupper() else _cap(w) for i, w in enumerate(title.split()))


def make_article(index: int, seed: int, markdown_share: float = 0.3, pool: str = "world") -> tuple[str, str]:
    """(file name, file text) of article `index`; depends only on (index, seed, markdown_share, pool).
    With the "news" pool a third of the articles are short (120 to 400 words)."""
    people, cum = people_pool(pool)
    rng = random.Random(f"{seed}:{index}")
    is_md, outlet = rng.random() < markdown_share, rng.choice(OUTLETS)
    when = START + timedelta(days=rng.randrange(DAYS))
    w = _Writer(rng, outlet)
    t, values = _title_slots(index % TITLE_SPACE, seed)
    slots, main, parts = _TPL_SLOTS[t], people[0], []
    w.venue, w.topic = rng.randrange(len(VENUES)), rng.choice(TOPICS)
    w.cities = [rng.randrange(len(CITIES)) for _ in range(rng.randint(1, 3))]
    for slot, v in zip(slots, values):
        if slot == "P":
            main = people[v]
        elif slot in ("C", "O"):
            w.cities.insert(0, PORTS[v] if slot == "O" else v)
        elif slot in ("V", "T"):
            w.venue, w.topic = (v, w.topic) if slot == "V" else (w.venue, TOPICS[v])
    w.side(main["side"])
    w.ctx.update(his="her" if main["fem"] else "his", he=w.pron(main), wd=WEEKDAYS[(when.weekday() - 1) % 7])
    for slot, v in zip(slots, values):
        parts.append(
            w.spell(main)[1]
            if slot == "P"
            else w.place(w.cities[0])
            if slot in ("C", "O")
            else w.place(v, VENUES)
            if slot == "V"
            else w.topic
            if slot == "T"
            else str(v + 4)
            if slot == "N"
            else slot.split("|")[v]
        )
    it = iter(parts)
    title = _cap(_BRACE.sub(lambda m: next(it), TITLES[t][0]))
    title = _titlecase(title) if outlet[6] else title
    refs = {
        **{str(k): x for k, x in enumerate(parts)},
        **{s: x for s, x in zip(slots, parts) if s in SLOT_SIZES},
        "p": lambda: w.subj(main),
    }
    lead = _BRACE.sub(lambda m: (lambda v: v() if callable(v) else v)(refs.get(m.group(1), m.group(0))), TITLES[t][1])
    lead = _cap(w.fill(lead))
    w.ctx["wd"] = lambda: rng.choice(WEEKDAYS)
    if outlet[4] and rng.random() < 0.6:
        where = w.place(w.venue, VENUES) if rng.random() < 0.5 else w.place(w.cities[0])
        lead = f"{where.upper()}, {MONTHS[when.month - 1]} {when.day} ({outlet[4]}) - {lead}"

    others, k = [], rng.randint(2, 7)
    while len(others) < k:
        p = rng.choices(people, cum_weights=cum)[0]
        if p is not main and p not in others:
            others.append(p)
    cast, weights = [main] + others, [3.0] + [1.0] * k
    target = rng.randint(400, 1480)
    least_paras, least_words = 6, 400
    if pool != "world" and rng.random() < 0.33:  # a brief: a few short paragraphs
        target = rng.randint(120, 400)
        least_paras, least_words = 3, target
    budget = max(least_paras, min(30, round(target / rng.uniform(38, 56))))
    paras, words, last = [lead], len(lead.split()), main
    while len(paras) < 30:
        sentences, last, pad = w.paragraph(cast, weights, last)
        w.bare_ok = last is not None
        want = (target - words) / max(1, budget - len(paras))
        while pad and len(" ".join(sentences).split()) < want * 0.6:
            if last and rng.random() < 0.4:
                q, qc = w.quote(last)
                sentences.append(f"{w.o}{qc}{w.c} {rng.choice([w.pron(last), w.short(last)])} said.")
            else:
                sentences.append(_cap(w.fill("{bg}")))
                w.bare_ok = False  # a paragraph ending in background is not continued by a bare quote
        n = len(" ".join(sentences).split())
        if (
            words + n > target
            and len(paras) >= least_paras
            and words >= least_words
            and (words + n - target > n / 2 or words + n > 1500)
        ):
            break
        paras.append(_cap(" ".join(sentences)))
        words += n
        if words >= target and len(paras) >= least_paras:
            break
    k = rng.randrange(1, len(paras))
    if rng.random() < 0.05 and words + len(paras[k].split()) <= 1500:  # scrape duplication
        paras.insert(k + 1, paras[k])
    if not is_md and rng.random() < 0.3:  # scrape debris
        for _ in range(rng.randint(1, 3)):
            teaser = w.fill(
                rng.choice(TITLES)[0].replace("{P}", w.spell(rng.choice(cast))[1]),
                C="{city}",
                O="{port}",
                V="{venue}",
                T="{topic}",
                N="{n}",
            )
            paras.insert(rng.randrange(len(paras) // 2, len(paras) + 1), w.fill("{debris}", teaser=_cap(teaser)))
        if rng.random() < 0.5:
            caption = (
                f"{w.full(rng.choice(cast))} {rng.choice(['speaks to reporters', 'arrives for talks'])} in "
                f"{w.place(w.venue, VENUES)}, {MONTHS[when.month - 1]} {when.day}, {when.year}."
            )
            paras[1:1] = [f"© Photo / {rng.choice(AGENCIES)} / {rng.choice(PHOTOGRAPHERS)}", caption]
    if outlet[2]:
        title, paras = title.replace("'", "’"), [x.replace("'", "’") for x in paras]
    url = f"https://www.{outlet[1]}/{when:%Y}/{when:%m}/{_slug(title)}.html"
    if is_md:
        yaml_title = title.replace("\\", "\\\\").replace('"', '\\"')
        head = f'---\ntitle: "{yaml_title}"\ndate: {when}\noutlet: {outlet[0]}\nsource_url: {url}\n---\n\n'
        return f"gen-{index:05d}.md", head + "\n\n".join(paras) + "\n"
    if rng.random() < 0.5:
        head, sep = f" date {when} {url}\n{title}\n", "\n\n" if outlet[5] else "\n"
    else:
        head, sep = f" date {when} {title}\n\n", "\n\n" if rng.random() < 0.8 else "\n"
    return f"gen-{index:05d}.txt", head + sep.join(paras) + "\n"


def edit_article(text: str, rng: random.Random) -> str:
    """A plausibly edited copy of `text`, never equal to it: one sentence outside quotes
    rewritten, or one paragraph appended."""
    lines = text.split("\n")
    start = lines.index("---", 1) + 1 if lines[0] == "---" else 2
    w = _Writer(rng, OUTLETS[1 if "“" in text else 0])
    w.cities, w.venue, w.topic = [rng.randrange(len(CITIES))], rng.randrange(len(VENUES)), rng.choice(TOPICS)
    w.side(None)
    new = [_cap(w.fill("{bg}")).replace("'", "’" if "’" in text else "'") for _ in range(2)]
    split = {i: re.split(r"(?<=[.!?])\s+(?=[A-Z])", lines[i]) for i in range(start, len(lines)) if len(lines[i]) > 120}
    plain = [(i, k) for i, parts in split.items() for k, s in enumerate(parts) if not re.search('["“”]', s)]
    if plain and rng.random() < 0.6:
        i, k = rng.choice(plain)
        lines[i] = " ".join(split[i][:k] + [new[0]] + split[i][k + 1 :])
        edited = "\n".join(lines)
        if edited != text:  # the new sentence may happen to be the one it replaces
            return edited
    return text.rstrip("\n") + ("\n\n" if "\n\n" in text.strip() else "\n") + " ".join(new) + "\n"


def write_corpus(n: int, out: Path, seed: int = 1, markdown_share: float = 0.3, pool: str = "world") -> int:
    """Write articles 0..n-1 into `out` (created if missing); return the total word count."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(n):
        name, text = make_article(i, seed, markdown_share, pool)
        (out / name).write_text(text, encoding="utf-8", newline="\n")
        total += len(text.split())
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--markdown-share", type=float, default=0.3)
    parser.add_argument(
        "--pool",
        choices=("world", "news"),
        default="world",
        help="people to draw from: world (about 150, the default) or news (4,000, Zipf-drawn, "
        "shared surnames and first names, a third of the articles short)",
    )
    parser.add_argument("--force", action="store_true", help="first delete gen-*.txt and gen-*.md files in OUT")
    args = parser.parse_args(argv)
    if args.out.exists() and not args.out.is_dir():
        print(f"make_corpus: {args.out} is not a folder", file=sys.stderr)
        return 1
    if args.out.is_dir() and any(args.out.iterdir()):
        if not args.force:
            print(f"make_corpus: {args.out} is not empty; pass --force to replace its gen-* files", file=sys.stderr)
            return 1
        for old in [*args.out.glob("gen-*.txt"), *args.out.glob("gen-*.md")]:
            old.unlink()
    total = write_corpus(args.n, args.out, args.seed, args.markdown_share, args.pool)
    print(f"{args.n} files written, {total} words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
