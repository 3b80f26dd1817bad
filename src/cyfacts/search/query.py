"""Reading a query the way a person means it: split into terms by script; Chinese typed without
spaces cut into the deck's words, filler words dropped only where they stand alone (成都和重庆 →
成都, 重庆; never 成都 → 成); English stop words dropped; PM 2.5, R&D and the like kept whole;
places, years and acronyms recognised as such."""

# No `from __future__ import annotations` here: typing.NamedTuple evaluates its fields' annotations,
# and each one written as a string costs a compile apiece, on every run.
import re
import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from cyfacts.index.words import CHINESE_STOPWORDS, FILLER_CHARACTERS
from cyfacts.model.text import fold, has_cjk, is_cjk
from cyfacts.search.colloquial import COLLOQUIAL
from cyfacts.search.english import (
    ACRONYMS,
    ENGLISH_STOPWORDS,
    SCALE_WORDS,
    UNIT_HINTS,
    UNIT_SPELLINGS,
    compound_parts,
    expansions,
    known_by,
    known_whole_by,
    phrase_words,
)
from cyfacts.search.latin import literal_hits
from cyfacts.search.questions import QUANTITY, QUANTITY_LATIN, quantity_words, question_term
from cyfacts.search.sounds import readings_alike, segmentations
from cyfacts.search.terms import Term, pattern

if TYPE_CHECKING:
    from cyfacts.index.build import SearchIndex

# Pattern sources, compiled on first use (compiling them all costs more than a small search).
RUNS = r"\d+(?:\.\d+)?(?:年|月)|\b[iv]+类|[a-z0-9][a-z0-9.'%&\-]*\+?|[^\sa-z0-9.%&]+"
NUMBER = r"(\d+(?:\.\d+)?)(%|年|月)?"
YEAR = r"(?:19|20)\d\d"
FIGURE = r"\d+(?:\.\d+)?[^\x00-\x7f\d]+"  # a number and its Chinese unit: 8.7万亿元, 29个
LATIN = r"[a-z][a-z'&\-]*"
# Spellings of one term, written one way before the query is split: PM 2.5 / PM25 → pm2.5.
SPELLINGS = ((r"\bpm\s*2\.?5\b", "pm2.5"), (r"\br\s*&\s*d\b", "r&d"))
# A grade of water or air (Ⅱ类水质) is written in Roman numerals, which fold to letters (ii类); a
# reader types the digit (2类). One run, so that 2 is not read as a number.
GRADE = r"(?<![\d.])([1-5])\s*类"
ROMAN = ("", "i", "ii", "iii", "iv", "v")
CHINESE_YEAR = r"([一二〇零○][〇零○一二三四五六七八九]{3})年"
CHINESE_DIGITS = str.maketrans("〇零○一二三四五六七八九", "000123456789")
# "Chengdu's GDP": the possessive is no part of the name.
THOUSANDS = r"(?<=\d),(?=\d{3}(?!\d))"
LIST_MARKS = (",", "&", "/", ";")
LISTED = r"(?<=[a-z])\s*[,;]\s*(?=[a-z])|(?<=[a-z]{2})\s*&\s*(?=[a-z]{2})|(?<=[a-z]{3})/(?=[a-z]{3})"
POSSESSIVE = r"(?<=[a-z])['\u2019]s\b"
A_NOT_A = r"(.)(不|没)\1(.?)"  # 好不好, 干不干净 (the 净 kept), 有没有
TONE_NUMBERS = r"(?:[a-z]+[1-5])+"
WORD_YEAR = r"([a-z]{2,})((?:19|20)\d\d)|((?:19|20)\d\d)([a-z]{2,})"
MAX_WORD = 8  # the longest word the segmenter tries
LONGEST_PART = 3  # the longest of the words a term is made of (生态, 补偿, 资金; 数据中心 is two)
MIN_PLACE_CHARS = 2  # one character sounds like too many names
PLACE_WORDS = 5  # the most words one place name spans in a query (chengdu chongqing economic circle)
MAX_TERMS = 6  # distinct terms read from one query: a question has fewer; the cap bounds its cost (issue 13)
# Each Chinese character of a phrase the deck does not hold costs a pass over the index: so a query
# is read for at most MAX_CHINESE_CHARS Chinese characters in all, and a run longer than a phrase (a
# pasted paragraph) is cut into phrase-sized pieces first. Any query under the length limit then
# costs about what a few ordinary terms cost, on any deck.
MAX_TERM_CHARS = 16
MAX_LATIN_CHARS = 48  # longer than any English compound or pinyin phrase a person types as one word
MAX_CHINESE_CHARS = 24


class Reading(NamedTuple):
    terms: tuple[Term, ...]
    dropped: int  # distinct terms beyond MAX_TERMS, left unread
    shown: dict[str, str]  # a Latin term's text → as typed (gdp → GDP), for messages
    unread: tuple[str, ...] = ()  # what of the query was not searched at all: no answer is whole
    left_out: tuple[str, ...] = ()  # of those, the pieces past the length limits, as read


def split_runs(text: str) -> list[str]:
    """Runs of one script, punctuation dropped: '2024粮食，GDP' → 2024, 粮食, gdp."""
    if "pm" in text or "&" in text:  # the patterns are compiled only for a query that may need them
        for spelling, written in SPELLINGS:
            text = pattern(spelling).sub(written, text)
    if "类" in text:
        text = pattern(GRADE).sub(lambda found: ROMAN[int(found[1])] + "类", text)
    if "年" in text:  # 二〇二四年 is 2024年, as a year is written in full in Chinese
        text = pattern(CHINESE_YEAR).sub(lambda found: found[1].translate(CHINESE_DIGITS) + "年", text)
    if "'" in text or "\u2019" in text:
        text = pattern(POSSESSIVE).sub("", text)
    if "," in text:  # 20,000 is one number, as the figures write it
        text = pattern(THOUSANDS).sub("", text)
    runs: list[str] = []
    for run in pattern(RUNS).findall(text):
        # A word's trailing + is part of it: AI+ (人工智能+) is a policy of its own, not AI.
        pieces = "".join(c if c.isalnum() or c in ".%'-&+" else " " for c in run).split()
        pieces = [plus_kept(piece) for piece in pieces]
        runs.extend(part for p in pieces if any(c.isalnum() for c in p) for part in word_and_year(p.strip(".'-&")))
    return runs


def plus_kept(piece: str) -> str:
    """A piece with a + only where it ends a word (AI+, 人工智能+), never inside or alone."""
    word = piece.replace("+", "")
    return word + "+" if word and piece.endswith("+") else word


def toneless(run: str, index: "SearchIndex") -> str:
    """Pinyin with tone numbers (suan4li4) as its letters: each number must close a syllable."""
    if not run[-1:].isdigit() or not pattern(TONE_NUMBERS).fullmatch(run):
        return run
    syllables = [s for s in re.split(r"[1-5]", run) if s]
    return "".join(syllables) if all(s in index.charmaps.syllables for s in syllables) else run


def word_and_year(run: str) -> list[str]:
    """A word typed against a year (gdp2024, 2024gdp) as the two: a year is a term of its own."""
    if not run[:1].isdigit() and not run[-1:].isdigit():
        return [run]
    found = pattern(WORD_YEAR).fullmatch(run)
    if found is None:
        return [run]
    return [part for part in found.groups() if part]


def pieces_of(run: str) -> list[str]:
    """A run cut to size. A Chinese run longer than a phrase is cut into phrase-sized pieces; a
    Latin word stays whole (East-Data-West-Computing is one word, not east-data-west-c and
    omputing), unless it is longer than any word, when it is cut at its hyphens, then to size."""
    if not run.isascii():
        return chinese_pieces(run)
    if len(run) <= MAX_LATIN_CHARS:
        return [run]
    parts = [p for p in run.split("-") if p] if "-" in run else [run]
    return [p[i : i + MAX_LATIN_CHARS] for p in parts for i in range(0, len(p), MAX_LATIN_CHARS)]


def chinese_pieces(run: str) -> list[str]:
    """A long Chinese run in phrase-sized pieces, each cut after a one-character filler word where there is
    one in its second half, so that a word is not cut in two (国家和 | 地区, not 国家和地 | 区)."""
    pieces = []
    while len(run) > MAX_TERM_CHARS:
        cut = next(
            (i + 1 for i in range(MAX_TERM_CHARS - 1, MAX_TERM_CHARS // 2, -1) if run[i] in CHINESE_STOPWORDS),
            MAX_TERM_CHARS,
        )
        pieces.append(run[:cut])
        run = run[cut:]
    return [*pieces, run] if run else pieces


def distinct_pieces(text: str) -> list[str]:
    """The query's runs, long ones cut into phrase-sized pieces, each once, in the order typed."""
    return list(dict.fromkeys(piece for run in split_runs(text) for piece in pieces_of(run)))


def read_and_unread(text: str, place_words: frozenset[str] = frozenset()) -> tuple[list[str], list[str]]:
    """The terms a query is read for, and those past the limits (said to the user, not searched).
    A word of an English place name (chengdu chongqing twin city economic circle) is read free, as
    the name becomes one term: it never pushes the topic (total output) out of the query."""
    read: list[str] = []
    unread: list[str] = []
    chinese = 0
    counted = 0
    for piece in distinct_pieces(text):
        if piece in ENGLISH_STOPWORDS or piece in place_words:  # a stop word costs nothing; a name is one term
            read.append(piece)
            continue
        size = sum(map(is_cjk, piece))
        if counted < MAX_TERMS and chinese + size <= MAX_CHINESE_CHARS:
            read.append(piece)
            chinese += size
            counted += 1
        else:
            unread.append(piece)
    return read, unread


def query_terms(text: str) -> list[str]:
    return read_and_unread(text)[0]


def kind_of(term: str) -> str:
    if term and is_cjk(term[0]):  # runs are of one script: a Chinese start is a Chinese term
        return "chinese"
    number = pattern(NUMBER).fullmatch(term)
    if number:
        return "year" if pattern(YEAR).fullmatch(number[1]) and number[2] in (None, "年") else "number"
    if pattern(FIGURE).fullmatch(term):
        return "figure"
    if pattern(LATIN).fullmatch(term):
        return "latin"
    return "chinese" if has_cjk(term) else "text"


def acronyms(query: str) -> set[str]:
    """Latin words typed all in capitals (GDP, CBD, AI): the user means the word, not initials."""
    typed = unicodedata.normalize("NFKC", query)
    return {word.casefold() for word in re.findall(r"[A-Za-z][A-Za-z&]+", typed) if word.isupper()}


def segment(run: str, is_deck_word: Callable[[str], bool], is_word: Callable[[str], bool]) -> list[str]:
    """The run cut into words the cheapest way: a word of the deck (or a place) or a filler word
    costs 1, any other dictionary word a little more, a character no word explains more still, so
    能退税 reads 能 / 退税 where the deck says 退税."""
    nothing: list[str] = []
    best: list[tuple[float, list[str]]] = [(0.0, nothing)] + [(float("inf"), nothing)] * len(run)
    for end in range(1, len(run) + 1):
        for start in range(max(0, end - MAX_WORD), end):
            piece = run[start:end]
            if piece in CHINESE_STOPWORDS or is_deck_word(piece):
                cost = 1.0
            elif len(piece) > 1 and is_word(piece):
                cost = 1.2
            elif len(piece) == 1:
                cost = 1.5
            else:
                continue
            total = best[start][0] + cost
            if total <= best[end][0]:
                best[end] = (total, [*best[start][1], piece])
    return best[len(run)][1]


def without_a_not_a(run: str, is_word: Callable[[str], bool]) -> str:
    """A question asked as "A not A" as A: 干不干净 → 干净, 是不是 → 是, 有没有 → 有; 多不多 asks
    how many (多少)."""
    if "不" not in run and "没" not in run:
        return run
    run = run.replace("多不多", "多少").replace("大不大", "多大")
    return pattern(A_NOT_A).sub(lambda found: a_word(found, is_word), run)


def known_word(word: str, index: "SearchIndex") -> bool:
    return index.vocabulary.is_word(word) or word in COLLOQUIAL


def a_word(found: "re.Match[str]", is_word: Callable[[str], bool]) -> str:
    """What an "A not A" asks about: the two-character word it splits (干不干净 → 干净), or else the
    one character, kept apart from what follows (是不是比 → 是 and 比, never the non-word 是比)."""
    two = found[1] + found[3]
    if found[3] and is_word(two):
        return two
    return found[1] + " " + found[3]  # the space keeps the next character out of the word


def joined_to_fillers(pieces: list[str]) -> list[str]:
    """A two-character word typed alone, one of them a filler character the dictionary does not
    join to the other (外在, 在外), is the word the reader typed: it is kept whole, never cut to the
    lone character (外) that would match everywhere."""
    if len(pieces) == 2 and all(len(p) == 1 for p in pieces) and sum(p in CHINESE_STOPWORDS for p in pieces) == 1:
        return ["".join(pieces)]
    return pieces


def chinese_terms(run: str, index: "SearchIndex") -> list[Term]:
    """A Chinese run as the terms it stands for, cut into words and its filler words dropped. A run
    with no filler word in it that the deck holds as written stays whole (成渝综合性科学中心, 重庆火锅).
    Words the deck uses, and places, are terms of their own (成渝算力 → 成渝, 算力); what is left
    between fillers stays together as a phrase, matched by its pieces and worth less when the deck's
    own words were found beside it (空气变好 → 空气, and 变好 as a phrase)."""
    vocabulary, places = index.vocabulary, index.places

    def deck_word(piece: str) -> bool:
        # An everyday word (付款, 买东西) is a term of its own too: it is read as the written word.
        return len(piece) > 1 and (vocabulary.is_deck_word(piece) or places.is_place(piece) or piece in COLLOQUIAL)

    # A word made only of filler words (能到, 就在) carries no topic either.
    def written(piece: str) -> bool:  # the deck's own words cut first: 新/开通, not the everyday 新开/通
        return len(piece) > 1 and (vocabulary.is_deck_word(piece) or places.is_place(piece))

    def other_word(piece: str) -> bool:
        return vocabulary.is_word(piece) or piece in COLLOQUIAL

    pieces = [p for p in joined_to_fillers(segment(run, written, other_word)) if not only_fillers(p)]
    kept = [p for p in pieces if p not in CHINESE_STOPWORDS]
    if len(kept) == len(pieces) and len(run) > 1 and index.chinese_cards_with(run):
        return [Term(run, "chinese")]
    words = [Term(p, "chinese") for p in kept if deck_word(p)]
    phrases, current = [], ""
    for piece in [*pieces, "的"]:
        if piece in CHINESE_STOPWORDS or deck_word(piece):
            phrases.append(current)
            current = ""
        else:
            current += piece
    # A filler character left alone between words (为 in 川渝为河流治理) only joined them.
    kept_phrases = [p for p in phrases if p and not (len(p) == 1 and p in FILLER_CHARACTERS)]
    rest = [Term(p, "rest" if words else "chinese") for p in kept_phrases]
    if words and rest and len(pieces) == len(kept) and not vocabulary.is_real_word(run) and index.holds_sound(run):
        return [Term(run, "chinese")]  # a slip of a phrase the deck holds (重庆火过 → 重庆火锅): keep it whole
    return words + rest


def words_within(term: str, index: "SearchIndex") -> list[str]:
    """The shortest words a Chinese term kept whole is made of (生态补偿资金 → 生态, 补偿, 资金)."""
    vocabulary = index.vocabulary

    def part(piece: str) -> bool:  # its shortest words: 生态补偿 is a word of the deck too
        return 1 < len(piece) <= LONGEST_PART and vocabulary.is_deck_word(piece)

    pieces = segment(term, part, lambda piece: len(piece) <= LONGEST_PART and vocabulary.is_word(piece))
    return [piece for piece in pieces if piece not in CHINESE_STOPWORDS]


def only_fillers(piece: str) -> bool:
    return len(piece) > 1 and piece not in CHINESE_STOPWORDS and all(c in CHINESE_STOPWORDS for c in piece)


def unit_prefix(text: str) -> str:
    """The unit a Chinese run starts with (万亿元, 万吨, 个, %), or '': magnitudes, then at most one
    unit word (320个项目 is 320个 and 项目, not 320个项)."""
    from cyfacts.model.units import BASE_UNITS, MAGNITUDES

    magnitudes = {w for w, _ in MAGNITUDES}
    words = sorted(magnitudes | {w for w in BASE_UNITS if w and not w.isascii()}, key=len, reverse=True)
    unit = ""
    while True:
        word = next((w for w in words if text[len(unit) :].startswith(w)), "")
        unit += word
        if not word or word not in magnitudes:
            return unit


def with_units(runs: list[str]) -> list[str]:
    """A number and the unit written right after it are one figure: 12.6万亿 is not 12.6%."""
    out: list[str] = []
    for run in runs:
        previous = out[-1] if out else ""
        unit = unit_prefix(run) if kind_of(run) == "chinese" and kind_of(previous) == "number" else ""
        if unit and not previous.endswith(("%", "年", "月")):
            out[-1] = previous + unit
        rest = run[len(unit) :] if unit else run
        if rest:
            out.append(rest)
    return out


def english_words(
    terms: list[Term], index: "SearchIndex", typed: dict[str, str], capitals: frozenset[str] = frozenset()
) -> list[Term]:
    """Each English word as the deck writes it. An acronym the deck does not use is read as the
    phrase it stands for (HSR → high-speed rail, EV → electric or new energy vehicle), one term; a
    compound the deck writes otherwise as the words it does write (data-center, datacenter → data
    center). What the deck does not know at all is left for the spelling reader. `typed` gets each
    phrase's words as the user typed them (IC for integrated circuit), for messages. An acronym
    typed in capitals is the deck's only if the deck has it whole (NEV is not the beginning of
    never)."""
    if not any(term.kind == "latin" for term in terms):
        return terms  # the deck's English words are unpacked only for a query that has English
    known, whole = known_by(index.vocabulary.writes_english), known_whole_by(index.vocabulary.writes_english)
    out: list[Term] = []
    for term in joined_words(abbreviated(terms, index, typed), whole, typed):
        text = term.text
        phrases = expansions(text, known)
        if phrases and text in capitals and whole(text):  # the deck writes both NEV and new energy vehicle
            # ... except where the acronym is also a stop word (IT, it): only its words say it.
            phrases = phrases if text in ENGLISH_STOPWORDS else [text, *phrases]
        elif term.kind != "latin" or (whole(text) if text in capitals else known(text)):
            out.append(term)
            continue
        parts = None if phrases else compound_parts(text, known, whole)
        if parts and any(map(index.places.is_place, parts)):  # chengdugdp: a place and a word
            out.extend(Term(part, "latin") for part in parts)
            typed.update((part, part) for part in parts)
            continue
        if phrases or parts:
            phrase = "|".join(phrases) if phrases else " ".join(parts or ())
            kind = "latin" if " " not in phrase and "|" not in phrase else "phrase"
            out.append(Term(phrase, kind))
            typed[phrase] = text
        else:
            out.append(term)
    return out


def abbreviated(terms: list[Term], index: "SearchIndex", typed: dict[str, str]) -> list[Term]:
    """Words spelt out that the deck writes only as their acronym (research and development: the
    deck says R&D) become the acronym, one term: read as two words, they found a researcher at the
    Development and Reform Commission."""
    out: list[Term] = []
    i = 0
    while i < len(terms):
        found = next(
            (
                (acronym, spelling, len(words))
                for acronym, spellings in ACRONYMS.items()
                for spelling, words in ((spelling, phrase_words(spelling)) for spelling in spellings)
                if len(words) > 1
                and [t.text for t in terms[i : i + len(words)]] == words
                and all(t.kind == "latin" for t in terms[i : i + len(words)])
                and index.vocabulary.writes_english(acronym, True)
                and not writes_phrase(index, spelling)
            ),
            None,
        )
        if found is None:
            out.append(terms[i])
            i += 1
            continue
        acronym, spelling, size = found
        out.append(Term(acronym, "latin"))
        typed[acronym] = spelling
        i += size
    return out


def writes_phrase(index: "SearchIndex", phrase: str) -> bool:
    """Whether the deck's English writes the phrase as it stands, with spaces or hyphens."""
    return next(iter(literal_hits(index, phrase, phrase, None)), None) is not None


def joined_words(terms: list[Term], whole: Callable[[str], bool], typed: dict[str, str]) -> list[Term]:
    """Two English words the deck writes as one (block chain → blockchain, hot pot → hotpot)."""
    out: list[Term] = []
    for term in terms:
        last = out[-1] if out else None
        if last and term.kind == last.kind == "latin" and not whole(last.text) and whole(last.text + term.text):
            out[-1] = Term(last.text + term.text, "latin")
            typed[out[-1].text] = f"{last.text} {term.text}"
        else:
            out.append(term)
    return out


def joined_pinyin(terms: list[Term], index: "SearchIndex") -> list[Term]:
    """Pinyin typed a syllable at a time (shu ju zhong xin, yu e) as one term; and a syllable typed
    apart from the word it ends (rongchang zhu: 荣昌猪), where the deck holds the whole. Words of two
    syllables or more (gongye zengjiazhi) are words already and stay apart."""
    if sum(term.kind == "latin" for term in terms) < 2:
        return terms  # nothing to join: the syllable table is unpacked only when there may be
    syllables = index.charmaps.syllables
    out: list[Term] = []
    joining = False  # the last term out is a run of single syllables
    for term in terms:
        single = term.kind == "latin" and not term.acronym and term.text in syllables
        if single and (joining or (out and ends_pinyin_word(out[-1], term, index))):
            out[-1] = out[-1]._replace(text=out[-1].text + term.text)
        else:
            out.append(term)
        joining = single
    return out


def ends_pinyin_word(word: Term, syllable: Term, index: "SearchIndex") -> bool:
    """Whether a lone syllable ends the pinyin word before it: the two read as a phrase the deck
    holds, which the word alone is not the whole of (rongchang zhu: 荣昌猪; not data bang)."""
    if word.kind != "latin" or index.vocabulary.writes_english(syllable.text, True):
        return False
    reading = next(iter(segmentations(word.text + syllable.text, index.charmaps.syllables, limit=1)), None)
    return reading is not None and len(reading) >= 3 and index.holds_pinyin(reading)


def mark_speakers(terms: list[Term], index: "SearchIndex") -> list[Term]:
    """A speaker's name, in characters (潘昭宇) or pinyin in either order (Pan Zhaoyu, Zhaoyu Pan,
    panzhaoyu), becomes a speaker term: the cards of the section the speaker answers in are theirs,
    though most name nobody."""
    # The pinyin of the names is worked out only for a query with Latin words: the character
    # readings it needs are a table a Chinese query never loads.
    named = speaker_spellings(index, pinyin=any(t.kind in ("latin", "phrase") for t in terms))
    if not named:
        return terms
    out: list[Term] = []
    i = 0
    while i < len(terms):
        pair = " ".join(t.text for t in terms[i : i + 2]) if i + 1 < len(terms) else ""
        if pair and all(t.kind == "latin" for t in terms[i : i + 2]) and pair in named:
            out.append(Term(named[pair], "speaker"))
            i += 2
            continue
        term = terms[i]
        spoken = term.kind in ("chinese", "latin", "phrase") and term.text in named  # panzhaoyu: pan zhaoyu
        out.append(Term(named[term.text], "speaker") if spoken else term)
        i += 1
    return out


def speaker_spellings(index: "SearchIndex", pinyin: bool = True) -> dict[str, str]:
    """Each speaker of the deck under the spellings a reader types: 潘昭宇, and with `pinyin`
    panzhaoyu, pan zhaoyu, zhaoyu pan (as the deck's character readings give them)."""
    spellings: dict[str, str] = {}
    for name in {speaker for speaker in index.columns.speakers if speaker}:
        spellings[fold(name)] = name
        if not pinyin:
            continue
        sounds = [index.charmaps.reading(char) for char in name]
        if len(name) >= 2 and all(sounds):
            family, given = sounds[0], "".join(sounds[1:])
            for spelling in (family + given, f"{family} {given}", f"{given} {family}"):
                spellings[spelling] = name
    return spellings


def mark_places(terms: list[Term], index: "SearchIndex") -> list[Term]:
    """Terms that name a place become place terms; a run of words that names one (chengdu
    chongqing) becomes one term."""
    places = index.places
    if not places.names:
        return terms
    out: list[Term] = []
    i = 0
    while i < len(terms):
        for span in range(min(PLACE_WORDS, len(terms) - i), 0, -1):
            run = terms[i : i + span]
            joined = " ".join(term.text for term in run)
            # An acronym read as its words (BTH: beijing tianjin hebei) may name a place too, and a
            # stop word inside a name is part of it ("Sichuan and Chongqing" is 川渝, as the deck
            # names it; "Chengdu and Chongqing", which it does not, stays two cities).
            words = run[0].kind != "stop" != run[-1].kind and all(
                t.kind in ("chinese", "latin", "phrase", "stop") and "|" not in t.text for t in run
            )
            place = places.named(joined) if words else None
            if place is not None:
                out.append(Term(joined, "place", place))
                i += span
                break
        else:
            term = terms[i]
            # A slip in a place's name is still that place (answered approximately, not as text:
            # chongqin would otherwise find Chengdu-Chongqing, the region, as a word).
            slip = places.misspelt(term.text) if term.kind == "latin" and not term.acronym else None
            if term.kind == "chinese" and not index.vocabulary.is_word(term.text):  # 重情 is a word
                slip = sounding_place(term.text, index)  # 成度, 重亲: a place's name typed by sound
            out.append(Term(term.text, "place", slip) if slip else term)
            i += 1
    return out


def sounding_place(text: str, index: "SearchIndex") -> str | None:
    """The place whose Chinese name sounds like the term, syllable for syllable or one blurred sound
    apart (成度 → 成都, 重亲 → 重庆)."""
    if len(text) < MIN_PLACE_CHARS or not all(map(is_cjk, text)):
        return None
    syllables = index.charmaps.syllables
    # The config's pinyin, not each character's usual reading: 成都 is chengdu, though 都 is mostly dou;
    # so a character typed as the name writes it is read as the name reads it (城都 is cheng du).
    for place, spoken in index.places.pinyin.items():
        reading = next(iter(segmentations(spoken, syllables, limit=1)), None)
        if reading is None or len(place) != len(text) or len(reading) != len(text):
            continue
        pairs = zip(text, place, reading, strict=True)
        typed = [said if char == own else index.charmaps.reading(char) for char, own, said in pairs]
        if readings_alike(typed, reading):
            return place
    return None


def read_query(query: str, index: "SearchIndex") -> Reading:
    """The query's terms, each once, places and acronyms marked."""
    capitals = acronyms(query)
    folded = without_a_not_a(index.charmaps.simplify(without_tones(fold(query))), lambda w: known_word(w, index))
    asked = quantity_words(folded)
    question, asked_as = (
        question_term(folded, asked, lambda w: known_word(w, index)) if asked is not None else (QUANTITY, "")
    )
    if asked_as != asked and asked is not None:  # the unit is the question's, not a topic
        folded = folded.replace(asked_as, asked, 1)
    folded, amounts = english_amounts(units_as_symbols(listed_apart(folded)))
    # "how long", "how big": the question's shape, not its topic (long is no term of it).
    read_pieces, unread_pieces = read_and_unread(
        pattern(QUANTITY_LATIN).sub(" ", folded) if asked and asked.isascii() else folded, index.places.words
    )
    runs = with_units(read_pieces)
    terms: list[Term] = []
    for run in (toneless(run, index) for run in runs):
        kind = kind_of(run)
        if kind == "chinese" and run.endswith("+"):  # 人工智能+, a policy of its own, where the deck names it
            terms.extend([Term(run, "text")] if index.chinese_cards_with(run) else chinese_terms(run[:-1], index))
        elif kind == "chinese":
            terms.extend(chinese_terms(run, index))
        else:  # a stop word is kept until places are marked: "Chengdu to Chongqing" is two places
            stop = kind == "latin" and run in ENGLISH_STOPWORDS and run not in capitals  # IT is not "it"
            terms.append(Term(run, "stop" if stop else kind))
    terms = [t for t in mark_places(joined_pinyin(terms, index), index) if t.kind != "stop"]
    typed: dict[str, str] = {}
    terms = mark_places(english_words(terms, index, typed, frozenset(capitals)), index)  # and in compounds
    terms = mark_speakers(terms, index)
    terms += amounts
    if asked is not None:
        terms.append(question)  # shown as the words the user asked with (多少, how many)
    distinct = list(dict.fromkeys(terms))
    kept, cut = within_limit(distinct, question if asked is not None else None)
    read = [t if t.kind == "place" else t._replace(acronym=t.text in capitals) for t in kept]
    shown = as_typed(read, query)
    shown.update((text, as_typed_word(word, query)) for text, word in typed.items())
    if asked is not None:
        shown[question.text] = asked_as
    unread = (*unread_pieces, *(shown.get(t.text, t.text) for t in cut))
    return Reading(tuple(read), len(cut), shown, unread, tuple(unread_pieces))


def listed_apart(text: str) -> str:
    """English words listed with a comma, & or / between them, as with "and": "Chengdu, Chongqing"
    and "Chengdu & Chongqing" name two cities, not the region Chengdu-Chongqing. R&D and km/h stay."""
    if not any(mark in text for mark in LIST_MARKS):
        return text
    return pattern(LISTED).sub(" and ", text)


def units_as_symbols(text: str) -> str:
    """English units spelt out as the deck writes them: 400 kilometres per hour is 400 km/h, 6.5
    percent is 6.5%."""
    if not any(hint in text for hint in UNIT_HINTS):
        return text
    for spelt, symbol in UNIT_SPELLINGS:
        text = pattern(spelt).sub(symbol, text)
    return text


def english_amounts(text: str) -> tuple[str, list[Term]]:
    """Amounts written with an English scale word (78.71 billion, 2.5 bn), each one term read as the
    deck's English writes it, and the text without them: 787.1 billion is not 787.1亿 (78.71
    billion), so the number alone must not find that figure."""
    if not any(word in text for word in SCALE_WORDS):
        return text, []
    found: list[Term] = []

    def taken(match: "re.Match[str]") -> str:
        found.append(Term(f"{match[1]} {SCALE_WORDS[match[2]]}", "amount"))
        return " "

    amount = r"(?<![\d.])(\d+(?:\.\d+)?)\s*(" + "|".join(SCALE_WORDS) + r")\b"
    return pattern(amount).sub(taken, text), found


def within_limit(terms: list[Term], question: Term | None) -> tuple[list[Term], list[Term]]:
    """The terms read and those cut, MAX_TERMS at most read: the places and the question's shape
    always (a city typed last is no term to drop: the region's figure would pass for the city's),
    then the others in the order typed."""
    needed = [t for t in terms if t.kind == "place" or t == question][:MAX_TERMS]
    room = MAX_TERMS - len(needed)
    others = [t for t in terms if t not in needed][:room]
    kept = [t for t in terms if t in needed or t in others]
    return kept, [t for t in terms if t not in kept]


def as_typed(terms: list[Term], query: str) -> dict[str, str]:
    """Each Latin term as the user wrote it, found again in the query whatever its case."""
    typed = unicodedata.normalize("NFKC", query)
    shown = {}
    for term in terms:
        if term.text.isascii():
            found = re.search(re.escape(term.text).replace("\\ ", r"[\s\-]*"), typed, re.IGNORECASE)
            if found:
                shown[term.text] = found.group()
    return shown


def without_tones(text: str) -> str:
    """Pinyin typed with its tone marks (suàn lì, lǜsè) as the toneless letters the index holds:
    ü is written v, as in the syllable table (lv, nv)."""
    if text.isascii():
        return text
    return "".join(plain_letter(c) if "\u00c0" <= c <= "\u02af" else c for c in text)


def plain_letter(char: str) -> str:
    if char in "üǖǘǚǜ":
        return "v"
    base = unicodedata.normalize("NFD", char)[0]
    return base if base.isascii() else char


def as_typed_word(word: str, query: str) -> str:
    """A folded word of the query as the user wrote it (ic → IC)."""
    found = re.search(re.escape(word), unicodedata.normalize("NFKC", query), re.IGNORECASE)
    return found.group() if found else word


def filler_only(query: str) -> list[str]:
    """The words of a query made only of words that carry no topic (的, the, 是不是), as typed; []
    if it holds anything else. Searched, they would find every card in full."""
    capitals = acronyms(query)
    runs = split_runs(fold(query))
    fillers = [run for run in runs if is_filler(run) and run not in capitals]
    return fillers if runs and len(fillers) == len(runs) else []


def is_filler(run: str) -> bool:
    return run in ENGLISH_STOPWORDS or run in CHINESE_STOPWORDS or all(c in CHINESE_STOPWORDS for c in run)


def is_blank_query(query: str) -> bool:
    return not any(unicodedata.category(c)[0] in "LN" for c in fold(query))
