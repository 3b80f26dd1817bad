"""English as a reader types it: stop words, the forms of one word (battery, batteries; centre,
center), acronyms read as the words they stand for, and compounds written as one word, with a
hyphen or apart (datacenter, data-center, data center). What a deck's English holds is asked of its
vocabulary; this module knows only the language."""

from __future__ import annotations

from collections.abc import Callable

ENGLISH_STOPWORDS = frozenset(
    "the of for in on a an and or to how many much what which is are was were did does do by with about "
    "from at as its it this that be been being they them their we our us you your he she his her have has "
    "had there these those will would can could should than then so since during among count number numbers "
    "who whom whose why where when".split()
)
# Words that scale a number, as the deck's English writes them (2.5 billion yuan): a shortened one
# is read as the word.
SCALE_WORDS = {
    "thousand": "thousand",
    "million": "million",
    "billion": "billion",
    "trillion": "trillion",
    "bn": "billion",
    "tn": "trillion",
}
# Units spelt out as the deck's English writes them (400 km/h, 6.5%), each a pattern and its symbol.
UNIT_SPELLINGS = (
    (r"\bkilomet(?:re|er)s?\s+(?:per|an|a)\s+hour\b|\bkph\b|\bkmh\b", "km/h"),
    (r"\bkilomet(?:re|er)s?\b", "km"),
    (r"(\d)\s*(?:per\s*cent|percent)\b", "\\1%"),
    # A number in tonnes or yuan is a figure in 吨 or 元, found at any scale (38116000 t: 3811.6万吨).
    (r"(\d)\s*(?:metric\s+)?(?:tonnes|tonne|tons|ton)\b", "\\1吨"),
    (r"(\d)\s*(?:yuan|rmb)\b", "\\1元"),
)
# The patterns are run only for a query holding one of these.
UNIT_HINTS = ("kilomet", "kph", "kmh", "cent", "ton", "yuan", "rmb")
# Common acronyms and shortened words of economic and policy writing, read as their words where a
# deck does not use them itself: HSR finds "high-speed rail", tech "technology". Where one acronym
# has several usual spellings, each is given (in Chinese policy writing an EV is a "new energy
# vehicle").
ACRONYMS: dict[str, tuple[str, ...]] = {
    "hsr": ("high-speed rail", "high speed railway"),
    "cpc": ("communist party of china", "party"),
    "ccp": ("communist party of china", "party"),
    "ev": ("electric vehicle", "new energy vehicle"),
    "evs": ("electric vehicle", "new energy vehicle"),
    "nev": ("new energy vehicle",),
    "nevs": ("new energy vehicle",),
    "ic": ("integrated circuit",),
    "ics": ("integrated circuit",),
    "bri": ("belt and road",),
    "ai": ("artificial intelligence",),
    "r&d": ("research and development",),
    "sme": ("small and medium enterprise",),
    "smes": ("small and medium enterprise",),
    "fdi": ("foreign direct investment",),
    "soe": ("state-owned enterprise",),
    "soes": ("state-owned enterprise",),
    "it": ("information technology",),
    "iot": ("internet of things",),
    "ip": ("intellectual property",),
    "ppp": ("public-private partnership",),
    "fta": ("free trade zone", "free trade agreement"),
    "ftz": ("free trade zone", "pilot free trade zone"),
    "cbd": ("central business district",),
    "co2": ("carbon dioxide",),
    "gdp": ("gross domestic product",),
    "cpi": ("consumer price index",),
    "ppi": ("producer price index",),
    "uav": ("drone", "unmanned aerial vehicle"),
    "uavs": ("drone", "unmanned aerial vehicle"),
    "5g": ("fifth generation",),
    "ict": ("information and communication technology", "information technology"),  # IT and telecoms
    "vc": ("venture capital",),
    "pe": ("private equity",),
    "ipo": ("initial public offering",),
    "mice": ("meetings, incentives, conferences and exhibitions",),
    "yoy": ("year on year",),
    "va": ("value added",),
    "fof": ("fund of funds",),
    "fofs": ("fund of funds",),
    "dc": ("data center",),
    "dcs": ("data center",),
    "bth": ("beijing-tianjin-hebei",),
    "jjj": ("beijing-tianjin-hebei",),
    "yrd": ("yangtze river delta",),
    "gba": ("greater bay area",),
    "hk": ("hong kong",),
    "prc": ("china",),
    "eu": ("europe",),
    "nbs": ("national bureau of statistics",),
    "ndrc": ("national development and reform commission",),
    "tn": ("trillion",),
    "trn": ("trillion",),
    "bn": ("billion",),
    "bln": ("billion",),
    "mn": ("million",),
    "mln": ("million",),
    # Shortened words, read the same way.
    "sci": ("science", "scientific"),
    "tech": ("technology", "technological"),
    "sci-tech": ("science and technology", "scientific and technological"),
    "hi-tech": ("high-tech", "high technology"),
    "govt": ("government",),
    "gov": ("government",),
    "intl": ("international",),
    "econ": ("economy", "economic"),
    "env": ("environment",),
    "infra": ("infrastructure",),
    "mfg": ("manufacturing",),
    "pct": ("percent",),
}
# British and American endings of one word (centre, center; organise, organize; labour, labor).
SPELLING_ENDINGS = (
    ("tre", "ter"),
    ("tres", "ters"),
    ("ise", "ize"),
    ("ised", "ized"),
    ("ises", "izes"),
    ("ising", "izing"),
    ("isation", "ization"),
    ("isations", "izations"),
    ("yse", "yze"),
    ("our", "or"),
    ("ours", "ors"),
    ("ogue", "og"),
    ("ence", "ense"),
    ("lled", "led"),
    ("lling", "ling"),
)
# Words a reader uses for what the deck may say otherwise: a card found through one answers
# approximately. Verbs are given in the forms a claim uses (fell, grew).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "decline": ("fall", "drop", "decrease", "down", "reduce"),
    "declined": ("fall", "drop", "decrease"),
    "drop": ("fall", "decline", "decrease"),
    "dropped": ("fall", "decline", "decrease"),
    "fall": ("decline", "drop", "decrease"),
    "decrease": ("fall", "decline", "drop", "down"),
    "reduction": ("fall", "decline", "decrease", "reduce"),
    "rise": ("grow", "growth", "increase", "up"),
    "increase": ("grow", "growth", "rise", "up"),
    "increased": ("grow", "growth", "rise"),
    "grow": ("growth", "increase", "rise"),
    "growth": ("grow", "increase", "rise"),
    "size": ("scale", "total"),
    "scale": ("size", "total"),
    "total": ("scale", "overall", "aggregate"),
    "money": ("funds", "fund", "capital", "investment"),
    "cash": ("funds", "capital"),
    "jobs": ("employment",),
    "job": ("employment",),
    "people": ("population", "residents"),
    "cities": ("city",),
    "neighbouring": ("adjoining", "adjacent", "bordering"),
    "tons": ("tonnes",),
    "ton": ("tonne", "tonnes"),
    "neighboring": ("adjoining", "adjacent", "bordering"),
    "train": ("rail", "railway", "high-speed"),
    "trains": ("rail", "railway", "high-speed"),
    "flights": ("air", "airport", "route"),
    "plane": ("air", "airport"),
    "pollution": ("emissions", "pm2.5"),
    "smog": ("pm2.5", "haze"),
    "forest": ("afforestation", "forestry", "trees"),
    "forestation": ("afforestation",),
    "trees": ("afforestation", "forest"),
    "shopping": ("consumption", "retail"),
    "spending": ("consumption",),
    "tourists": ("visitors", "tourism"),
    "foreigners": ("foreign", "inbound", "international"),
    "chips": ("chip", "semiconductor", "integrated circuit"),
}
# What may follow a word for the deck's word to be a form of it (price → prices, comput → computing,
# econom → economic); any other letters make another word (car is not carbon, labor not laboratory).
WORD_ENDINGS = frozenset(
    "s es ed d ing er ers or ors ly al ally ic ics ical ation ations ion ions ment ments ness ity ities y ies "
    "ist ists ive ise ize ised ized ising izing able".split()
)
Writes = Callable[[str, bool, frozenset[str]], bool]  # Vocabulary.writes_english
MIN_INFLECTED = 4  # "as" is not the plural of "a", nor "is" of "i"
MIN_STEM = 7  # cooperate → cooperat(ion); a shorter word (made, centre) loses too much with its e


def stems(word: str) -> list[str]:
    """What a word ending in -ing or -ed may be a form of: streaming → stream, (live-)stream;
    planned → plan; priced → price. Only the forms the deck writes are looked for."""
    last = word.rsplit("-", 1)[-1]  # high-sped is no form of high-sp
    for ending in ("ing", "ed"):
        stem = word[: -len(ending)]
        if word.endswith(ending) and len(last) - len(ending) >= MIN_INFLECTED:
            doubled = [stem[:-1]] if stem[-1] == stem[-2] and stem[-1] not in "aeious" else []
            return [stem, *doubled, stem + "e"]
    return []


def singulars(word: str) -> list[str]:
    """What a plural may be the plural of: batteries → battery, taxes → tax, parks → park."""
    if len(word) < MIN_INFLECTED or not word.endswith("s") or word.endswith("ss"):
        return []
    out = [word[:-3] + "y"] if word.endswith("ies") else []
    if word.endswith(("ches", "shes", "sses", "xes", "zes")):
        out.append(word[:-2])
    out.append(word[:-1])
    return out


def respellings(word: str) -> list[str]:
    """The word with its British ending American, or the other way round."""
    out = []
    for british, american in SPELLING_ENDINGS:
        for ending, other in ((british, american), (american, british)):
            if word.endswith(ending) and len(word) - len(ending) >= 2:
                out.append(word[: -len(ending)] + other)
    return out


# Verbs whose other forms do not begin with the word: fall, fell, fallen are one word.
IRREGULAR = tuple(
    frozenset(group.split())
    for group in (
        "fall fell fallen falls",
        "rise rose risen rises",
        "grow grew grown grows growth",
        "build built builds",
        "make made makes",
        "reach reached reaches",
        "drive drove driven",
        "lead led leads",
        "win won wins",
        "set sets",
        "spend spent spends",
        "bring brought",
        "buy bought",
        "sell sold",
        "hold held holds",
        "take took taken",
        "begin began begun",
        "go went gone",
    )
)


def forms(word: str) -> list[str]:
    """The forms a deck may write a word in, the word itself first: battery → batteries; centers →
    center, centre; fall → fell. A form that is the beginning of the deck's word (park → parks)
    needs no entry: words are matched by their beginning too."""
    irregular = (w for group in IRREGULAR if word in group for w in sorted(group - {word}))
    bases = [word, *singulars(word), *stems(word), *irregular]
    if len(word) >= MIN_STEM and word.endswith("e"):  # cooperate: cooperation, cooperating
        bases.append(word[:-1])
    if len(word) >= MIN_INFLECTED and word.endswith("y") and word[-2:-1] not in ("a", "e", "i", "o", "u"):
        bases.append(word[:-1] + "ies")
    out = [*bases, *(other for base in bases for other in respellings(base))]
    return list(dict.fromkeys(out))


def phrase_words(phrase: str) -> list[str]:
    """A phrase's words, without stop words or punctuation: 'belt and road' → belt, road."""
    words = phrase.replace("-", " ").replace(",", " ").split()
    return [w for w in words if w not in ENGLISH_STOPWORDS]


def expansions(acronym: str, known: Callable[[str], bool]) -> list[str]:
    """The spellings of an acronym whose every word the deck writes, each as one phrase (its stop
    words kept: year on year is not year year)."""
    phrases = (" ".join(p.replace("-", " ").replace(",", " ").split()) for p in ACRONYMS.get(acronym, ()))
    return [p for p in phrases if phrase_words(p) and all(known(w) for w in phrase_words(p))]


def compound_parts(text: str, known: Callable[[str], bool], whole: Callable[[str], bool]) -> list[str] | None:
    """A compound the deck does not write as typed, as the words it does: data-center → data,
    center; lithium-ion → lithium, ion (ion unknown, so the phrase is answered only loosely);
    datacenter → data, center, where each half is a whole word of the deck (liangshi is not liang
    and shi); ecommerce → e-commerce, a word the deck writes with a hyphen. None if the deck knows
    none of them."""
    if "-" in text:
        joined = text.replace("-", "")
        if known(joined):
            return [joined]
        pieces = [p for p in text.split("-") if p]
        return pieces if any(known(p) for p in pieces) else None
    hyphened = next((f"{text[:i]}-{text[i:]}" for i in range(1, len(text)) if whole(f"{text[:i]}-{text[i:]}")), None)
    if hyphened is not None:
        return [hyphened]
    halves = ((text[:i], text[i:]) for i in range(2, len(text) - 1))
    return next(([a, b] for a, b in halves if whole(a) and whole(b)), None)


def known_by(writes: Writes) -> Callable[[str], bool]:
    """Whether a deck knows a word in any of its forms, given how to ask it about one form."""
    return lambda word: any(writes(form, False, WORD_ENDINGS) for form in forms(word))


def plurals(word: str) -> list[str]:
    return [word + "s", word + "es"]


def known_whole_by(writes: Writes) -> Callable[[str], bool]:
    """Whether a deck has the word itself in any of its forms, its plural included, not merely a
    word it begins: the halves of a word run together (datacenter) must each be a word."""
    return lambda word: any(writes(form, True, WORD_ENDINGS) for form in [*forms(word), *plurals(word)])


def english_synonyms(word: str) -> tuple[str, ...]:
    return SYNONYMS.get(word, ())
