"""The index's text buffers: finding where a word starts must agree with the plain definition (no
letter or digit before it; for a whole word, none after it either), whichever way it is found."""

from __future__ import annotations

import random

import pytest

from cyfacts.index import build
from cyfacts.index.build import Blob


def reference(blob: Blob, target: bytes, whole: bool, scope: set[int] | None) -> list[int]:
    found = []
    for position in blob.positions(target, scope):
        before = blob.data[position - 1 : position] if position > blob.begin else b" "
        after = blob.data[position + len(target) : position + len(target) + 1]
        if not before.isalnum() and (not whole or not after.isalnum()):
            found.append(position)
    return found


@pytest.mark.parametrize("cost", [10**9, 0], ids=["regex", "literal"])
@pytest.mark.parametrize("seed", range(20))
def test_word_starts_agree_with_the_definition(monkeypatch: pytest.MonkeyPatch, cost: int, seed: int) -> None:
    monkeypatch.setattr(build, "REGEX_BYTES_PER_HIT", cost)
    rng = random.Random(seed)
    texts = ["".join(rng.choice("ab b-|1 算") for _ in range(rng.randint(0, 12))) for _ in range(rng.randint(1, 8))]
    blob = Blob.join(texts)
    scopes = [None, {i for i in range(len(texts)) if rng.random() < 0.5}]
    for target in (b"a", b"b", b"ab", b"aba", b"b-"):
        for whole in (False, True):
            for scope in scopes:
                assert sorted(blob.word_starts(target, scope, whole)) == reference(blob, target, whole, scope)
