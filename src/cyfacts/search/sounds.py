"""Pinyin as sounds: letters read as syllables, and the sounds that speakers and their input
methods blur (z/zh, c/ch, s/sh, n/l, an/ang, en/eng, in/ing). A typing slip in Chinese is often
one of them (营照林 for 营造林, 重亲 for 重庆)."""

BLURRED_INITIALS = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("n", "l"))
BLURRED_FINALS = (("ang", "an"), ("eng", "en"), ("ing", "in"))


def blurs(syllable: str) -> list[str]:
    out = []
    for a, b in BLURRED_INITIALS:
        for x, y in ((a, b), (b, a)):
            if syllable.startswith(x) and not (x in ("z", "c", "s") and syllable.startswith(x + "h")):
                out.append(y + syllable[len(x) :])
    for a, b in BLURRED_FINALS:
        for x, y in ((a, b), (b, a)):
            if syllable.endswith(x) and not (x in ("an", "en", "in") and syllable.endswith(x + "g")):
                out.append(syllable[: -len(x)] + y)
    return out


def readings_alike(typed: list[str], meant: list[str]) -> bool:
    """Whether two readings are the same syllable for syllable, each the same or one blur apart."""
    return len(typed) == len(meant) and all(a == b or a in blurs(b) for a, b in zip(typed, meant, strict=True))


def segmentations(letters: str, syllables: frozenset[str], limit: int = 8) -> list[list[str]]:
    """The ways to read letters as pinyin syllables: xian → [xian], [xi, an]; suanli → [suan, li]."""
    if not letters:
        return [[]]
    out: list[list[str]] = []
    for end in range(min(len(letters), 6), 0, -1):
        head = letters[:end]
        if head in syllables:
            out.extend([head, *rest] for rest in segmentations(letters[end:], syllables, limit))
        if len(out) >= limit:
            break
    return out[:limit]
