"""Filter values as people type them, against a vocabulary given from outside (words today, a deck's
cyfacts.yaml later)."""

from __future__ import annotations

import pytest

from cyfacts.search.vocabulary import choices_named, compact, names_matching, syllable_runs

SPELL = {
    "董亚宁": ["dong", "ya", "ning"],
    "潘昭宇": ["pan", "zhao", "yu"],
    "生态": ["sheng", "tai"],
    "交通": ["jiao", "tong"],
}


def test_vocabulary_matching_takes_any_vocabulary() -> None:
    themes = {"transport": {"zh": "交通", "en": "transport"}, "ecology": {"zh": "生态", "en": "ecology"}}
    assert choices_named("交通", themes) == ["transport"]
    assert choices_named("Transport", themes) == ["transport"]
    assert choices_named("shengtai", themes, SPELL.__getitem__) == ["ecology"]
    assert choices_named("sheng", themes, SPELL.__getitem__) == []  # a theme is named whole
    assert choices_named("economy", themes, SPELL.__getitem__) == []
    assert names_matching("pan", ["董亚宁", "潘昭宇"], SPELL.__getitem__) == ["潘昭宇"]
    assert names_matching("d", ["董亚宁", "潘昭宇"], SPELL.__getitem__) == []  # one letter names too much
    assert names_matching("亚宁", ["董亚宁", "潘昭宇"]) == ["董亚宁"]


@pytest.mark.parametrize(("text", "compacted"), [("Dong Ya'ning", "dongyaning"), ("ＤＯＮＧ", "dong")])
def test_pinyin_is_compared_without_spaces_case_or_width(text: str, compacted: str) -> None:
    assert compact(text) == compacted


def test_syllable_runs_and_their_initials() -> None:
    assert syllable_runs(["dong", "ya", "ning"]) == {
        "dong",
        "ya",
        "ning",
        "dongya",
        "yaning",
        "dongyaning",
        "dy",
        "yn",
        "dyn",
    }
