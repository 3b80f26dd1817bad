"""Finding a Latin-script term: as an English word in any form the deck writes, as a phrase (an
acronym or a compound), as pinyin or its initials, as a synonym, and last as a corrected slip."""

from collections.abc import Iterable

from cyfacts.index.build import SearchIndex
from cyfacts.search.english import WORD_ENDINGS as ENDINGS
from cyfacts.search.english import english_synonyms, forms, known_by, phrase_words
from cyfacts.search.evidence import SIGNALS, Match, Scope, name_middles, weighted
from cyfacts.search.sounds import segmentations
from cyfacts.search.terms import Term

SPELLING_CUTOFF = 80.0  # rapidfuzz ratio: grian → grain, polution → pollution, computng → computing
MIN_PREFIX = 3  # "g" is not the beginning of every word that starts with g
WORD_ENDINGS = frozenset(ending.encode() for ending in ENDINGS)  # as bytes, to compare with the index
LONGEST_ENDING = max(map(len, WORD_ENDINGS))
OTHER_FORM = 0.98  # batteries for battery: the same word, so a full match, but the form as typed comes first


def word_hits(index: SearchIndex, term: str, scope: Scope) -> Iterable[tuple[int, Match]]:
    """English words match whole, or as a word's beginning (price → prices), never inside a word,
    nor in the middle of a place's name (economic in "twin-city economic circle")."""
    target = term.encode()
    inside = name_middles(index, term)
    for name in ("claim_en", "tags"):
        blob = index.fields[name]
        word, prefix = weighted(term, name, "word"), weighted(term, name, "prefix")
        data = blob.data
        for position in blob.word_starts(target, scope, whole=len(term) < MIN_PREFIX):
            if inside and any(data[position - at : position - at + len(n)] == n for n, at in inside):
                continue
            after = blob.data[position + len(target) : position + len(target) + LONGEST_ENDING + 1]
            if not after[:1].isalnum():
                yield blob.card_at(position), word
            elif len(term) >= MIN_PREFIX and word_ending(after) in WORD_ENDINGS:
                yield blob.card_at(position), prefix


def word_ending(after: bytes | bytearray) -> bytes:
    """The letters that follow a term up to the end of the word (b"" if more than an ending's)."""
    size = next((i for i, byte in enumerate(after) if not chr(byte).isalnum()), len(after))
    return bytes(after[:size]) if size <= LONGEST_ENDING else b""


def english_hits(index: SearchIndex, word: str, scope: Scope) -> list[tuple[int, Match]]:
    """A word in any of its forms the deck writes (battery → batteries, centers → centres): each is
    the same word, so each is a full match, though the form as typed is worth a little more
    (countries finds the 80 countries before "one country, one policy")."""
    writes, found = index.vocabulary.writes_english, list(word_hits(index, word, scope))
    if "-" in word:  # value-added is value added, as the deck may write it either way
        found += word_hits(index, word.replace("-", " "), scope)
    for form in (form for form in forms(word)[1:] if writes(form, False, ENDINGS)):
        hits = word_hits(index, form, scope)
        found += ((card, m._replace(term=word, score=m.score * OTHER_FORM)) for card, m in hits)
    return found


def phrase_hits(index: SearchIndex, phrase: str, scope: Scope) -> Iterable[tuple[int, Match]]:
    """A phrase (integrated circuit; electric vehicle|new energy vehicle, either will do, the first
    worth a little more): a card answers when it holds every word the deck knows, in any field, worth
    the mean of its words.
    Words the deck never writes (the ion of lithium-ion) cannot be found anywhere; a card holding
    the rest answers loosely, worth the share of the words it holds."""
    known = known_by(index.vocabulary.writes_english)
    for rank, spelling in enumerate(phrase.split("|")):
        worth = OTHER_FORM if rank else 1.0  # the first spelling (the acronym as typed) comes first
        words = phrase_words(spelling)
        if len(set(words)) < len(words):  # year on year, fund of funds: only the phrase itself says it
            yield from (
                (card, m._replace(score=m.score * worth)) for card, m in literal_hits(index, phrase, spelling, scope)
            )
            continue
        found = [w for w in words if known(w)]
        if not found:
            continue
        best: list[dict[int, float]] = []
        every: list[tuple[int, Match]] = []  # each word's every hit: evidence that breaks ties
        within = scope
        for word in found:
            scores: dict[int, float] = {}
            for card, match in english_hits(index, word, within):
                scores[card] = max(scores.get(card, 0.0), match.score)
                every.append((card, match))
            best.append(scores)
            within = set(scores) if within is None else within & set(scores)
        whole = len(found) == len(words)
        how = "word" if whole else "partial"
        worths = {}
        for card in set.intersection(*(set(b) for b in best)):
            worths[card] = sum(b[card] for b in best) / len(words) * (1.0 if whole else SIGNALS["partial"]) * worth
            yield card, Match(phrase, "english", how, worths[card])
        for card, match in every:  # worth no more than the phrase, so they never raise its score
            if card in worths:
                yield card, match._replace(term=phrase, how=how, score=min(match.score, worths[card]))


def literal_hits(index: SearchIndex, phrase: str, spelling: str, scope: Scope) -> Iterable[tuple[int, Match]]:
    """The cards whose English holds the phrase as written, with spaces or hyphens either way."""
    for name in ("claim_en", "tags"):
        match = weighted(phrase, name, "word")
        for written in dict.fromkeys((spelling, spelling.replace(" ", "-"), spelling.replace("-", " "))):
            yield from ((card, match) for card in index.fields[name].cards_with(written, scope))


def pinyin_hits(index: SearchIndex, term: str, scope: Scope) -> Iterable[tuple[int, Match]]:
    letters = term.replace("'", "").replace("-", "")
    # A lone syllable (shu, li) has too many homophones to mean anything on its own: only readings of
    # two syllables or more count as full pinyin.
    readings = [r for r in segmentations(letters, index.charmaps.syllables) if len(r) >= 2]
    for name, sounds in index.sounds.items():
        match = weighted(term, name, "pinyin")
        for reading in readings:
            cards = sounds.pinyin.cards_with("'" + "'".join(reading) + "'", scope)
            yield from ((card, match) for card in cards)
        if len(letters) >= 3:
            match = weighted(term, name, "initials")
            yield from ((card, match) for card in sounds.initials.cards_with(letters, scope))


def corrected(index: SearchIndex, term: str) -> str | None:
    """The deck's English word a misspelt term was meant to be, if one is close enough."""
    if len(term) < 4:
        return None
    from rapidfuzz import fuzz, process, utils  # only a query with an unknown English word pays for it

    # A slip keeps a word's first letter and its length, give or take a letter: grian → grain,
    # polution → pollution; housing is not using, nor prices practices.
    words = [w for w in index.vocabulary.english_words() if w[:1] == term[:1] and abs(len(w) - len(term)) <= 1]
    found = process.extractOne(term, words, scorer=fuzz.ratio, processor=utils.default_process)
    return found[0] if found is not None and found[1] >= SPELLING_CUTOFF else None


def spelt(match: Match) -> Match:
    """A word found through its corrected spelling: worth less, and approximate."""
    return match._replace(how="spelling", score=match.score * SIGNALS["spelling"])


def latin_hits(index: SearchIndex, term: Term, scope: Scope) -> list[tuple[int, Match]]:
    """English words first; pinyin only for what is not an English word of the deck, and never for
    an acronym; last, a spelling slip."""
    found = english_hits(index, term.text, scope)
    if not found and not term.acronym:
        found += pinyin_hits(index, term.text, scope)
    if not found:
        found += synonym_word_hits(index, term.text, scope)
    if not found:
        # An acronym is corrected only for two letters swapped (GPD → GDP): any other change of a
        # three-letter word makes another acronym.
        meant = swapped(index, term.text)  # pgis → pigs, raod → road: a ratio scores a swap as two slips
        if meant is None and not term.acronym and len(term.text) >= 4:
            meant = corrected(index, term.text)
        if meant is not None and meant != term.text:
            found += [(card, spelt(m)) for card, m in word_hits(index, meant, scope)]
    return found


def swapped(index: SearchIndex, term: str) -> str | None:
    """The deck's word that the term is with two neighbouring letters swapped back, if any."""
    writes = index.vocabulary.writes_english
    tries = (term[:i] + term[i + 1] + term[i] + term[i + 2 :] for i in range(len(term) - 1))
    return next((word for word in tries if word != term and writes(word, True, ENDINGS)), None)


def synonym_word_hits(index: SearchIndex, term: str, scope: Scope) -> list[tuple[int, Match]]:
    """An English word found as another the deck writes for the same thing (decline → fell): approximate."""
    found = []
    for other in english_synonyms(term):
        found += [
            (card, m._replace(term=term, how="synonym", score=m.score * SIGNALS["synonym"]))
            for card, m in english_hits(index, other, scope)
        ]
    return found
