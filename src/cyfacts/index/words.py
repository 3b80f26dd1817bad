"""The words that matter for reading a query, found with a Chinese word segmenter (rjieba, the Rust
port of jieba) while the index is built and cached with it, so a query never pays the segmenter's
import:

- the deck's own words (its Chinese fields cut into words), so that a query typed without spaces
  splits where a reader would split it: 成都和重庆 → 成都 / 和 / 重庆;
- dictionary words that hold a filler character (首都, 就业, 能源, 都市), so that a filler word is
  dropped only where it stands alone, never cut out of a word;
- dictionary words that sound like one of the deck's words (高校 beside the deck's 高效), which are
  real words and never read as typing slips;
- the deck's English words, against which an English spelling slip is corrected.

Each list is one newline-framed string: membership is a substring test, with nothing to unpack."""

# No `from __future__ import annotations` here: typing.NamedTuple evaluates its fields' annotations,
# and each one written as a string costs a compile apiece, on every run.
import re
from collections import defaultdict
from collections.abc import Iterable
from functools import cache, lru_cache
from typing import NamedTuple

from cyfacts.index.charmaps import CharMaps
from cyfacts.model.text import is_cjk

# Words that carry no topic, dropped from a query where they stand as whole words.
CHINESE_STOPWORDS = frozenset(
    (
        "的 了 是 有 吗 呢 吧 啊 多少 多大 几个 什么 怎么 怎样 如何 哪些 哪个 为什么 一共 总共 有没有 请问 关于 "
        "好不好 能不能 可不可以 怎么样 多久 多长时间 多少时间 多长 多高 多远 几多 几大 是否 有哪些 "
        "跟 在 到 要 能 把 被 给 从 对 还 都 也 就 和 与 "
        "及 或 以及 并 等 呀 哪 哪里 几 吗 么 啥 一下 情况 一些 "
        "去 来 我 我们 想 想知道 可以 会 这 那 这个 那个 咋 咋样 啥样 "
        "这块 这边 那边 这里 那里 这儿 那儿 一年 每年 这几年 近几年 这些年 是不是 现在 起来 方面 这方面 截至 截止 "
        "末 底 年末 年底 谁 是谁"
    ).split()
)
# Characters that are filler words when they stand alone (the query reader drops them only then),
# and a few that only join words: the dictionary words holding one (首都, 未来, 两会) are kept, so
# that a query is never cut at them.
FILLER_CHARACTERS = "".join(sorted({w for w in CHINESE_STOPWORDS if len(w) == 1} | set("为着过地得而")))
MAX_WORD = 8  # longer runs are phrases, read piece by piece
ENGLISH_WORD = r"[a-z][a-z0-9&\-]*[a-z0-9]"  # gdp, r&d, high-speed, pm2


MIN_ENGLISH_PREFIX = 3  # "g" is not the beginning of every word that starts with g


def framed(words: Iterable[str]) -> str:
    return "\n" + "\n".join(sorted(set(words))) + "\n"


class Vocabulary(NamedTuple):
    deck: str  # the deck's Chinese words
    filler_words: str  # dictionary words holding a filler character
    real_words: str  # dictionary words that sound like a deck word
    english: str  # the deck's English words

    @classmethod
    def empty(cls) -> "Vocabulary":
        return cls("\n", "\n", "\n", "\n")

    def is_deck_word(self, word: str) -> bool:
        return f"\n{word}\n" in self.deck

    def is_word(self, word: str) -> bool:
        """A word of the deck or of the dictionary (as far as the index kept the dictionary)."""
        needle = f"\n{word}\n"
        return needle in self.deck or needle in self.filler_words or needle in self.real_words

    def is_real_word(self, word: str) -> bool:
        """A dictionary word that only sounds like one of the deck's: never a typing slip."""
        return f"\n{word}\n" in self.real_words

    def writes_english(self, word: str, whole: bool = False, endings: frozenset[str] = frozenset()) -> bool:
        """Whether the deck's English has the word, or (from three letters, unless `whole`) the word
        with one of `endings` (price: prices)."""
        if whole or len(word) < MIN_ENGLISH_PREFIX:
            return f"\n{word}\n" in self.english
        needle = f"\n{word}"
        at = self.english.find(needle)
        while at != -1:  # the words are sorted: those the word begins stand together
            end = self.english.find("\n", at + 1)
            rest = self.english[at + len(needle) : end]
            if not rest or rest in endings or rest[0] == "-":  # high in high-speed is a word too
                return True
            at = self.english.find(needle, end)
        return False

    def english_words(self) -> list[str]:
        return self.english.strip("\n").split("\n") if self.english.strip() else []


@cache
def common_characters() -> list[str]:
    """The 6,763 characters of GB 2312, the standard set of everyday simplified Chinese: the second
    character of any word a person types without thinking about it."""
    out = []
    for row in range(0xB0, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                out.append(bytes((row, cell)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return out


@cache
def filler_words() -> str:
    """Every two-character dictionary word of everyday characters with a filler character in it;
    the same for any deck, so worked out once per process."""
    import rjieba

    found: set[str] = set()
    for char in common_characters():
        for filler in FILLER_CHARACTERS:
            found.update(word for word in (filler + char, char + filler) if rjieba.has_word(word))
    return framed(found)


@lru_cache(maxsize=1 << 16)
def run_words(run: str) -> tuple[str, ...]:
    """The words of one run of Chinese: cards repeat their tags, sections and phrases, so each run is
    cut once per process."""
    import rjieba

    return tuple(w for w in rjieba.cut_for_search(run) if 2 <= len(w) <= MAX_WORD)


def deck_words(texts: Iterable[str]) -> set[str]:
    words: set[str] = set()
    for text in texts:
        for run in re.findall(r"[\u3400-\u9fff\uf900-\ufaff]+", text):
            words.update(run_words(run))
    return words


def sound_alikes(words: Iterable[str], charmaps: CharMaps) -> set[str]:
    """Dictionary words one character away from a deck word, the changed character sounding the
    same: what a homophone reading would take for a slip."""
    import rjieba

    by_sound: dict[str, list[str]] = defaultdict(list)
    everyday = set(common_characters())  # a real word a person types is made of everyday characters
    for char, reading in charmaps.pinyin.items():
        if char in everyday:
            by_sound[reading].append(char)
    known = set(words)
    found: set[str] = set()
    for word in known:
        if not 2 <= len(word) <= 4 or not all(map(is_cjk, word)):
            continue
        for i, char in enumerate(word):
            for other in by_sound.get(charmaps.reading(char), ()):
                candidate = word[:i] + other + word[i + 1 :]
                if other != char and candidate not in known and rjieba.has_word(candidate):
                    found.add(candidate)
    return found


def english_words(texts: Iterable[str]) -> set[str]:
    """The deck's English words; a hyphenated one (beijing-tianjin-hebei) and each of its parts."""
    words = {w for text in texts for w in re.findall(ENGLISH_WORD, text)}
    return words | {part for word in words if "-" in word for part in word.split("-") if len(part) > 1}


def filler_joined(words: set[str]) -> set[str]:
    """The segmenter's words that are another word with a filler character stuck to it (川渝有,
    川渝对, 检查和: it does not know 川渝, so it joins what follows): no words at all, and a query
    holding one (川渝有哪些…) would lose its place. A dictionary word (目的地) stays."""
    import rjieba

    def a_word(text: str) -> bool:
        return text in words or bool(rjieba.has_word(text))

    def joined(word: str) -> bool:
        before, after = word[0] in FILLER_CHARACTERS, word[-1] in FILLER_CHARACTERS
        return (after and a_word(word[:-1])) or (before and a_word(word[1:]))

    return {word for word in words if len(word) >= 3 and joined(word) and not rjieba.has_word(word)}


def vocabulary_of(
    chinese_words: Iterable[str], english: Iterable[str], extra_words: Iterable[str], charmaps: CharMaps
) -> Vocabulary:
    words = set(chinese_words) | {w for w in extra_words if w}
    words -= filler_joined(words)
    return Vocabulary(framed(words), filler_words(), framed(sound_alikes(words, charmaps)), framed(english))


def build_vocabulary(
    chinese: Iterable[str], english: Iterable[str], extra_words: Iterable[str], charmaps: CharMaps
) -> Vocabulary:
    """`chinese` and `english`: the deck's folded texts; `extra_words`: names that must read whole
    (the deck's place names and aliases)."""
    return vocabulary_of(deck_words(chinese), english_words(english), extra_words, charmaps)


class WordCounts(NamedTuple):
    """How many cards hold each of the deck's words: what an update keeps, so that an edit costs the
    segmenter only the cards it reads or drops, and a word leaves the vocabulary with its last card.
    The words are those build_vocabulary finds (a deck's words are the union of its cards')."""

    chinese: dict[str, int]
    english: dict[str, int]

    def tally(self, chinese: Iterable[str], english: Iterable[str], step: int = 1) -> None:
        """One card's texts counted in (step 1) or out (step -1)."""
        for table, found in ((self.chinese, deck_words(chinese)), (self.english, english_words(english))):
            for word in found:
                held = table.get(word, 0) + step
                if held:
                    table[word] = held
                else:
                    del table[word]

    def vocabulary(self, extra_words: Iterable[str], charmaps: CharMaps) -> Vocabulary:
        return vocabulary_of(self.chinese, self.english, extra_words, charmaps)
