"""Filter values as people type them: a vocabulary's key or its label in any language (ecology,
生态), in pinyin (shengtai), and speakers by part of the name, in characters or pinyin (董, dong).

The vocabulary is given, not fixed here: the themes and kinds a deck declares in its cyfacts.yaml
(themes: {key: {zh: 生态, en: ecology}}), or the defaults when it declares none."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from cyfacts.model.text import fold, has_cjk

Labels = Mapping[str, str]  # language → label
Spell = Callable[[str], Sequence[str]]  # Chinese text → one toneless pinyin syllable per character
MIN_INITIALS = 2  # one letter names too much to be meant as a name's initials


def compact(text: str) -> str:
    """Folded, without spaces or apostrophes: how pinyin is compared (dong ya'ning → dongyaning)."""
    return "".join(fold(text).replace("'", "").split())


def syllable_runs(syllables: Sequence[str]) -> set[str]:
    """Every run of whole syllables, written together, and its initials: 董亚宁 → dong, dongya,
    dongyaning, ya, yaning, ning, dy, dyn, yn."""
    runs = set()
    for start in range(len(syllables)):
        for end in range(start + 1, len(syllables) + 1):
            part = syllables[start:end]
            runs.add("".join(part))
            if len(part) >= MIN_INITIALS:
                runs.add("".join(s[:1] for s in part))
    return runs


def spoken_as(value: str, text: str, spell: Spell | None, whole: bool) -> bool:
    """Whether `value` is the pinyin of `text` (whole), or of a run of its syllables (not whole)."""
    wanted = compact(value)
    if spell is None or not has_cjk(text) or not wanted.isascii() or not wanted.isalpha():
        return False
    syllables = [s.casefold() for s in spell(text)]
    if whole:
        return wanted in {"".join(syllables), "".join(s[:1] for s in syllables)}
    return wanted in syllable_runs(syllables)


def choices_named(value: str, vocabulary: Mapping[str, Labels], spell: Spell | None = None) -> list[str]:
    """The keys of the vocabulary that `value` names: by key or label in any language, as written,
    else by the pinyin of a Chinese label, whole or by initials (shengtai, st)."""
    wanted = fold(value)
    exact = [key for key, labels in vocabulary.items() if wanted in {fold(key), *map(fold, labels.values())}]
    if exact or spell is None:
        return exact
    return [
        key for key, labels in vocabulary.items() if any(spoken_as(value, lab, spell, True) for lab in labels.values())
    ]


def names_matching(value: str, names: Iterable[str], spell: Spell | None = None) -> list[str]:
    """The names that `value` stands for: part of the name as written (董, 亚宁), or in pinyin, a run
    of its syllables or their initials (dong, yaning, dyn)."""
    wanted = fold(value)
    return sorted(name for name in names if wanted in fold(name) or spoken_as(value, name, spell, False))
