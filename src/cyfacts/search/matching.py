"""Finding each query term in the index: as written, as an English word, as pinyin or initials, by
sound (homophone slips), by year, and, only when nothing else finds it, as a near or partial match.
Each hit is a Match: the term, the field it was found in, how, and what it is worth."""

import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from itertools import pairwise

from cyfacts.index.build import ENGLISH_FIELDS, FIELD_WEIGHTS, Blob, SearchIndex
from cyfacts.model.text import is_cjk
from cyfacts.model.units import relative_dimensions
from cyfacts.search.colloquial import formal_words
from cyfacts.search.evidence import CHINESE, FULL_READINGS, HEADINGS, SIGNALS, Match, Scope, name_middles, weighted
from cyfacts.search.latin import latin_hits, literal_hits, phrase_hits, word_hits
from cyfacts.search.query import kind_of, words_within
from cyfacts.search.questions import AMOUNT_ASKED, DURATION, MEASURED
from cyfacts.search.sounds import blurs
from cyfacts.search.terms import Term

MAX_BLURRED = 4  # a longer term's blurred readings are many, and the near reading finds its slip
AMOUNT = re.compile(r"(\d+(?:\.\d+)?)(\D+)")  # a number and the unit typed after it
NUMBERS_GIVEN = frozenset({"figures", "claim", "claim_en"})  # where a card states its own numbers
NEAR_MIN_RATIO = 66.0  # rapidfuzz partial_ratio: one wrong character in three still passes
UNIGRAM_WEIGHT = 0.3  # a single character says less than a pair
COMMON_FLOOR = 500  # a piece held by more cards than this (and 1% of the deck) is "common"
MIN_WITHIN = 4  # a term this long may be several words (生态补偿资金); a shorter one is one word
SAID = ("claim", "quote")  # what a card says, beside the tags a writer gave it
HEADLESS = 0.5  # a phrase whose first pair the card lacks is about something else: 人口数量 is not 港口数量
TIME_UNITS = tuple(unit.encode() for unit in ("小时", "分钟", "钟头"))
COUNTED_TIME = frozenset("个半几两一二三四五六七八九十")  # 一个小时, 半小时: what stands before a span's unit
# A card about a place within the one asked for (成都 for 四川) answers it fully, after the cards
# about the place itself.
NARROWER_PLACE = 0.97


def exact_hits(index: SearchIndex, term: str, names: Iterable[str], scope: Scope) -> Iterable[tuple[int, Match]]:
    inside = name_middles(index, term)
    for name in names:
        # One value shared by every card: a common term hits 100,000.
        match = weighted(term, name, "heading" if name in HEADINGS else "exact")
        if inside:
            yield from ((card, match) for card in outside_names(index.fields[name], term, inside, scope))
            continue
        for card in index.fields[name].cards_with(term, scope):
            yield card, match


def outside_names(blob: Blob, term: str, inside: list[tuple[bytes, int]], scope: Scope) -> set[int]:
    """The cards whose text holds the term somewhere other than in the middle of a place's name."""
    found: set[int] = set()
    data = blob.data
    for position in blob.positions(term.encode(), scope):
        if not any(data[position - offset : position - offset + len(name)] == name for name, offset in inside):
            found.add(blob.card_at(position))
    return found


def homophone_hits(index: SearchIndex, term: str, scope: Scope) -> list[tuple[int, Match]]:
    """The term's sound in the cards' text; failing that (for a short term), its sound as many
    speakers and their input methods blur it (z/zh, c/ch, s/sh, n/l, an/ang, en/eng, in/ing):
    营照林 for 营造林."""
    readings = [index.charmaps.reading(c) for c in term]
    found = list(sound_hits(index, term, [readings], scope))
    if not found and len(term) <= MAX_BLURRED:
        found = list(sound_hits(index, term, blurred(readings, index.charmaps.syllables), scope))
    return found


def sound_hits(index: SearchIndex, term: str, readings: list[list[str]], scope: Scope) -> Iterable[tuple[int, Match]]:
    for name, sounds in index.sounds.items():
        match = weighted(term, name, "homophone")
        for reading in readings:
            yield from ((card, match) for card in sounds.pinyin.cards_with("'" + "'".join(reading) + "'", scope))


def blurred(readings: list[str], syllables: frozenset[str]) -> list[list[str]]:
    """Every other reading of the syllables with one blurred sound (a slip is one sound off)."""
    out = []
    for i, syllable in enumerate(readings):
        for other in blurs(syllable):
            if other in syllables:
                out.append([*readings[:i], other, *readings[i + 1 :]])
    return out


def holders(index: SearchIndex, units: Iterable[str]) -> tuple[dict[str, set[int]], dict[str, int]]:
    """Which cards hold each piece of text, and in how many cards it occurs. Common pieces (成渝 in a
    big deck) are looked for only in the cards that hold a rarer piece: listing every card that
    holds them would cost far more than they tell."""
    counts = {unit: index.chinese_estimate(unit) for unit in units}
    limit = max(COMMON_FLOOR, len(index.columns.ids) // 100)
    # A piece the samples miss may still occur: only the full scan of a rare piece says it does not.
    present = sorted(counts, key=counts.__getitem__)
    rare = [u for u in present if counts[u] <= limit] or present[:1]
    found = {unit: index.chinese_cards_with(unit) for unit in rare}
    scope = set().union(*found.values())
    for unit in present:
        if unit not in found:
            found[unit] = index.chinese_cards_with(unit, scope)
    frequency = {u: len(found[u]) if u in rare else round(counts[u]) for u in present}
    return {u: cards for u, cards in found.items() if cards}, frequency


def partial_hits(index: SearchIndex, term: str) -> Iterable[tuple[int, Match]]:
    """A phrase of the user's own (工业产值增长) against the card's words: the share of its character
    pairs (and, less, single characters) that the card holds, each weighted by how rare it is in the
    deck, so 成渝 counts little and 水质 much. Pieces the deck never uses say nothing about which
    card is meant, but a phrase made mostly of them is only weakly answered."""
    pairs = {term[i : i + 2] for i in range(len(term) - 1)}
    known, frequency = holders(index, [u for u in pairs | set(term) if is_cjk(u[0])])
    if not known:
        return
    total = len(index.columns.ids) + 1
    weight = {u: math.log(total / (frequency[u] + 0.5)) * (1.0 if len(u) == 2 else UNIGRAM_WEIGHT) for u in known}
    whole = sum(weight.values())
    answered = sum(1 for u in known if len(u) == 2) / len(pairs) if pairs else 1.0
    shares: dict[int, float] = defaultdict(float)
    for unit, cards in known.items():
        for card in cards:
            shares[card] += weight[unit] / whole
    # Chinese puts the topic first: a card lacking the phrase's first pair is about something else.
    headed = known.get(term[:2], set())
    for card, share in shares.items():
        head = 1.0 if card in headed else HEADLESS
        yield card, Match(term, "chinese", "partial", SIGNALS["partial"] * share * (0.5 + 0.5 * answered) * head)


def year_hits(index: SearchIndex, term: str, scope: Scope) -> Iterable[tuple[int, Match]]:
    """A year matches the card's year (as_of agrees with it), not a number in its text; a year the
    card only infers is an approximate match. A year no card is about (2035, a plan's horizon) is
    looked for in the cards' text, and found there only approximately: a card that mentions a year
    is not a figure for it."""
    year, years, inferred = int(term[:4]), index.columns.years, index.columns.inferred
    if year not in years:
        return number_hits(index, term[:4], scope, how="year_text")
    rows = scope if scope is not None else range(len(years))
    stated, guessed = weighted(term, "year", "year"), weighted(term, "year", "year_inferred")
    return ((row, guessed if inferred[row] else stated) for row in rows if years[row] == year)


def number_hits(index: SearchIndex, term: str, scope: Scope, how: str = "number") -> Iterable[tuple[int, Match]]:
    """A number matches whole: 8.7 is not inside 78.71, nor 2 inside PM2.5. A card gives the numbers
    of its figures and its claim; one its quote or tags only hold beside them (126 in the sentence
    that gives 548 ports) is only mentioned, an approximate answer."""
    target = term.encode()
    for name in FIELD_WEIGHTS:
        given = how != "number" or name in NUMBERS_GIVEN
        blob, match = index.fields[name], weighted(term, name, how if given else "number_text")
        for position in blob.positions(target, scope):
            before = blob.data[max(blob.begin, position - 2) : position].rjust(2, b" ")
            after = blob.data[position + len(target) : position + len(target) + 2]
            if part_of_a_number(bytes(before), bytes(after)):
                continue
            yield blob.card_at(position), match


def part_of_a_number(before: bytes, after: bytes) -> bool:
    """Whether digits found with these two bytes on either side are part of a longer number: inside
    a word or a decimal (78.71, PM2.5), or a group of one written with thousands separators (the 20
    and the 000 of 20,000)."""
    mark = before[-1:]
    if mark.isalnum() or mark == b"." or after[:1].isdigit():
        return True
    return (after[:1] in (b".", b",") and after[1:].isdigit()) or (mark == b"," and before[:1].isdigit())


def amount_hits(index: SearchIndex, amount: str, scope: Scope) -> Iterable[tuple[int, Match]]:
    """An English amount (78.71 billion) where the deck's English writes it, whole: 8.7 trillion is
    not inside 78.7 trillion."""
    target = amount.encode()
    for name in ENGLISH_FIELDS:
        blob, match = index.fields[name], weighted(amount, name, "number")
        for position in blob.positions(target, scope):
            before = blob.data[position - 1 : position] if position > blob.begin else b" "
            if not (before.isdigit() or before in (b".", b",")):
                yield blob.card_at(position), match


def numeric_hits(index: SearchIndex, term: Term, scope: Scope) -> list[tuple[int, Match]]:
    """A number, or a figure as written and, at another scale than the card writes it, as the same
    amount."""
    found = list(number_hits(index, term.text, scope))
    return found + same_amount_hits(index, term.text, scope) if term.kind == "figure" else found


def same_amount_hits(index: SearchIndex, figure: str, scope: Scope) -> list[tuple[int, Match]]:
    """The cards giving the amount a figure typed at another scale names (87000亿元 or 87000亿 for
    8.7万亿元, 38116000吨 for 3811.6万吨): the same value in the same base unit (any, when the
    figure names only a magnitude)."""
    typed = typed_amount(figure)
    if typed is None:
        return []
    base, value = typed
    amounts = index.columns.amounts
    rows = scope if scope is not None else range(len(amounts))
    match = weighted(figure, "figures", "number")
    return [
        (row, match)
        for row in rows
        if any((b == base or not base) and math.isclose(v, value, rel_tol=1e-9) for b, v in amounts[row])
    ]


def typed_amount(figure: str) -> tuple[str, float] | None:
    """A figure as typed, in its base unit: ("CNY", 8.7e12) for 87000亿元; None if it reads as none."""
    from cyfacts.model.units import normalize

    found = AMOUNT.fullmatch(figure)
    if found is None:
        return None
    try:
        value, base = normalize(found[1], found[2])
    except (ValueError, ArithmeticError):
        return None
    return (base, value) if math.isfinite(value) and value else None


def quantity_hits(index: SearchIndex, term: str, scope: Scope) -> Iterable[tuple[int, Match]]:
    """A question for an amount is answered by the cards that give a figure; one for how long, by
    the cards that give a duration."""
    if term == DURATION.text:
        return duration_hits(index, scope)
    figures = index.fields["figures"]
    rows = scope if scope is not None else range(len(figures.starts))
    match = weighted(term, "figures", "quantity")
    measures = index.columns.measures
    if term == AMOUNT_ASKED.text:  # an amount, not a rate of it: 6.5% growth is no answer to how much
        relative = relative_dimensions()
        return ((row, match) for row in rows if any(m not in relative for m in measures[row]))
    if MEASURED in term:  # asked in a unit: a figure measuring the same
        dimension = term.partition(MEASURED)[2]
        return ((row, match) for row in rows if dimension in measures[row])
    return ((row, match) for row in rows if figures.card_end(row) > figures.starts[row])


def duration_hits(index: SearchIndex, scope: Scope) -> Iterable[tuple[int, Match]]:
    """The cards that give a span of time: a count of hours or minutes, in figures or in words
    (一小时, 半小时, 90分钟), not a speed (公里/小时)."""
    match = weighted(DURATION.text, "figures", "quantity")
    for name in (*CHINESE, "figures"):
        blob = index.fields[name]
        for unit in TIME_UNITS:
            for position in blob.positions(unit, scope):
                before = bytes(blob.data[max(blob.begin, position - 4) : position]).decode("utf-8", "ignore").rstrip()
                if before[-1:].isdigit() or before[-1:] in COUNTED_TIME:
                    yield blob.card_at(position), match


def place_hits(index: SearchIndex, term: Term, scope: Scope) -> Iterable[tuple[int, Match]]:
    """A place is answered by a card about that place or a place within it (the place itself
    first), except by a figure of a place within it: Chengdu's count is not Sichuan's, nor the
    economic circle's GDP that of all 川渝. A card that records no places, and a claim without
    figures about a wider place, answer where their text names the place itself."""
    assert term.place is not None
    places, columns, asked = index.places, index.columns.places, term.place
    figures = index.columns.measures
    # A place named through a slip (chongqin) is found approximately.
    exact = places.named(term.text) is not None
    match = weighted(term.text, "places", "place" if exact else "place_slip")
    narrower = weighted(term.text, "places", "within") if exact else match._replace(score=match.score * NARROWER_PLACE)
    rows = scope if scope is not None else range(len(columns))
    unplaced, about, wider = set(), set(), set()
    for row in rows:
        if not columns[row]:
            unplaced.add(row)
        elif not places.answers(columns[row], asked):
            # A claim about a wider place that names this one (川渝's brands: 重庆火锅) is about it
            # too, as written; never a figure, which is the wider place's. Looked for only among the
            # cards the query's other words found.
            if scope is not None and not figures[row]:
                wider.add(row)
        else:
            about.add(row)
            if asked in columns[row]:
                yield row, match
            elif not figures[row]:  # a figure of a place within the one asked is a part of its figure, not it
                yield row, narrower
    names = [n for n, place in places.names.items() if place == term.place]
    for name in names:
        if unplaced or wider:
            yield from own_name_hits(index, name, asked, unplaced | wider)
        if about:  # the place written out, not only recorded: a tie-break among cards about it
            yield from ((row, weighted(term.text, hit.field, "named")) for row, hit in name_hits(index, name, about))


def speaker_hits(index: SearchIndex, name: str, scope: Scope) -> list[tuple[int, Match]]:
    """A speaker's cards: those of the section they answer in, whether or not they name them, and
    (worth more, as a tie-break) those that write the name out."""
    speakers, match = index.columns.speakers, weighted(name, "speaker", "speaker")
    rows = scope if scope is not None else range(len(speakers))
    return [(row, match) for row in rows if speakers[row] == name] + list(exact_hits(index, name, CHINESE, scope))


def own_name_hits(index: SearchIndex, name: str, place: str, scope: Scope) -> Iterable[tuple[int, Match]]:
    """The cards whose text names the place, not another place whose name holds it: Chengdu in
    "Chengdu-Chongqing" names the region, and a card that records no places but says the region's
    figure is no card about Chengdu."""
    holders = [
        (other.encode(), len(other[:at].encode()))
        for other in index.places.spelled
        if index.places.named(other) != place
        for at in range(len(other))
        if other.startswith(name, at) and other != name
    ]
    if not holders:
        yield from name_hits(index, name, scope)
        return
    for field in ENGLISH_FIELDS if name.isascii() else CHINESE:
        match = weighted(name, field, "word" if name.isascii() else "exact")
        yield from ((card, match) for card in outside_names(index.fields[field], name, holders, scope))


def name_hits(index: SearchIndex, name: str, scope: Scope) -> Iterable[tuple[int, Match]]:
    return word_hits(index, name, scope) if name.isascii() else exact_hits(index, name, CHINESE, scope)


def sounds_alike(index: SearchIndex, typed: str, meant: str) -> bool:
    """An input-method slip keeps the sound close: same initial or same final (算利/算力, 数据中新/数据中心)."""
    a, b = index.charmaps.reading(typed), index.charmaps.reading(meant)
    return a[:1] == b[:1] or a[-2:] == b[-2:]


def near_hits(index: SearchIndex, term: str) -> Iterable[tuple[int, Match]]:
    """One character wrong: only tried when nothing else finds the term anywhere, and only where the
    wrong character sounds like the right one, so 人口数量 does not find 港口数量."""
    from rapidfuzz import fuzz

    pairs = {term[i : i + 2] for i in range(len(term) - 1)}
    holding, _ = holders(index, pairs)
    for card in set().union(*holding.values()):
        text = index.chinese_text(card)
        found = fuzz.partial_ratio_alignment(term, text, score_cutoff=NEAR_MIN_RATIO)
        if found is None:
            continue
        window = text[found.dest_start : found.dest_end]
        if len(window) == len(term) and all(
            a == b or sounds_alike(index, a, b) for a, b in zip(term, window, strict=True)
        ):
            yield card, Match(term, "chinese", "near", SIGNALS["near"] * found.score / 100)


def synonym_hits(index: SearchIndex, term: str, scope: Scope) -> list[tuple[int, Match]]:
    """An everyday word found as the words policy writing uses for it (付款 → 支付): approximate."""
    found: list[tuple[int, Match]] = []
    for formal in formal_words(term):
        for name in CHINESE:
            match = Match(term, name, "synonym", FIELD_WEIGHTS[name] * SIGNALS["synonym"])
            found += ((card, match) for card in index.fields[name].cards_with(formal, scope))
    return found


def chinese_hits(index: SearchIndex, term: str, scope: Scope) -> list[tuple[int, Match]]:
    # An everyday word the deck also writes (工厂) is read as the written words too, approximately:
    # a card about industry answers 工厂产出 better than one that names a factory in passing.
    found = list(exact_hits(index, term, CHINESE, scope))
    found += synonym_hits(index, term, scope)
    # A slip is looked for only where the term as written is found nowhere and is not itself a word
    # (高校 is a word, not a slip for 高效); and only a phrase found neither as written nor by sound
    # is worth the slower, looser readings (over the whole deck, since they weigh each piece by how
    # rare it is there).
    if not found and len(term) >= 2 and not index.vocabulary.is_real_word(term):
        found += homophone_hits(index, term, scope)
        if not found and len(term) >= 3:
            found += swapped_hits(index, term, scope)
        if not found and len(term) >= 3:
            found += near_hits(index, term)
            found += partial_hits(index, term)
    return found


def swapped_hits(index: SearchIndex, term: str, scope: Scope) -> list[tuple[int, Match]]:
    """Two neighbouring characters typed in turn (区链块 for 区块链): the text the swap gives, where
    the deck writes it, found approximately."""
    found: list[tuple[int, Match]] = []
    for i in range(len(term) - 1):
        swapped = term[:i] + term[i + 1] + term[i] + term[i + 2 :]
        if swapped != term:
            found += ((card, weighted(term, m.field, "near")) for card, m in exact_hits(index, swapped, CHINESE, scope))
    return found


def side_by_side(index: SearchIndex, first: Term, second: Term, scope: set[int]) -> set[int]:
    """The cards that write two consecutive terms of the query side by side, as the query does
    (补偿 资金 as 补偿资金, night tourism as "night tourism"): they say the thing asked, not only its
    words."""
    if {first.kind, second.kind} <= {"chinese", "rest"}:
        return index.chinese_cards_with(first.text + second.text, scope)
    if first.kind == second.kind == "latin":  # "night tourism" or night-tourism, as a phrase is found
        written = f"{first.text} {second.text}"
        return {card for card, _ in literal_hits(index, written, written, scope)}
    return set()


def written_within(index: SearchIndex, term: Term, scope: set[int]) -> list[set[int]]:
    """For a Chinese term of several words kept whole (生态补偿资金), the cards whose claim or quote
    writes each pair of its neighbouring words (补偿资金), then each of its words (资金): a card tagged
    with the term but saying only part of it (补偿机制) says it less than one that writes it out. A
    slip's words (生态补尝资金: 生态, 资金) count too."""
    if term.kind != "chinese" or len(term.text) < MIN_WITHIN:
        return []
    words = words_within(term.text, index)
    pieces = [a + b for a, b in pairwise(words)] + [word for word in words if len(word) > 1]
    return [set().union(*(index.fields[name].cards_with(piece, scope) for name in SAID)) for piece in pieces]


def answers_piece(index: SearchIndex, row: int, piece: str) -> bool:
    """Whether one card answers a piece of a query that was not searched, as written: a year by
    the card's year, a number whole, a word as a word, Chinese as it stands (no slip readings)."""
    kind, scope = kind_of(piece), {row}
    if kind == "year":
        hits: Iterable[tuple[int, Match]] = year_hits(index, piece, scope)
    elif kind in ("number", "figure"):
        hits = number_hits(index, piece, scope)
    elif kind == "latin":
        hits = word_hits(index, piece, scope)
    else:
        hits = exact_hits(index, piece, CHINESE, scope)
    return any(match.how in FULL_READINGS for _, match in hits)


def rest_hits(index: SearchIndex, text: str, scope: Scope) -> list[tuple[int, Match]]:
    """What is left of a Chinese phrase between the deck's words and fillers. One character left
    alone (外 of 外在便利化, cut from a word the dictionary lacks) is found only inside other words
    (外债): a reading of what was typed, not what was typed, so approximate."""
    found = chinese_hits(index, text, scope)
    if len(text) > 1:
        return found
    return [(card, m._replace(how="partial", score=m.score * SIGNALS["partial"])) for card, m in found]


def text_hits(index: SearchIndex, term: Term, scope: Scope) -> list[tuple[int, Match]]:
    """A term of any other kind (AI+, 2类): as written in any field."""
    found = list(exact_hits(index, term.text, FIELD_WEIGHTS, scope))
    if not found and term.text.endswith("+"):  # no card names AI+: what it is, AI, is looked for
        found = latin_hits(index, Term(term.text.rstrip("+"), "latin", acronym=term.acronym), scope)
    return found


# How each kind of term is looked for.
FINDERS: dict[str, Callable[[SearchIndex, Term, Scope], Iterable[tuple[int, Match]]]] = {
    "place": place_hits,
    "speaker": lambda index, term, scope: speaker_hits(index, term.text, scope),
    "year": lambda index, term, scope: year_hits(index, term.text, scope),
    "number": numeric_hits,
    "figure": numeric_hits,
    "quantity": lambda index, term, scope: quantity_hits(index, term.text, scope),
    "latin": latin_hits,
    "amount": lambda index, term, scope: amount_hits(index, term.text, scope),
    "phrase": lambda index, term, scope: phrase_hits(index, term.text, scope),
    "chinese": lambda index, term, scope: chinese_hits(index, term.text, scope),
    "rest": lambda index, term, scope: rest_hits(index, term.text, scope),
}


def term_hits(index: SearchIndex, term: Term, scope: Scope = None) -> dict[int, list[Match]]:
    found = FINDERS.get(term.kind, text_hits)(index, term, scope)
    hits: dict[int, list[Match]] = defaultdict(list)
    for card, match in found:
        if scope is None or card in scope:
            hits[card].append(match)
    return hits
