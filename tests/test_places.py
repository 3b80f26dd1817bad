"""Place names as readers type them: one slip away is still the place."""

import pytest

from cyfacts.model.text import one_slip


@pytest.mark.parametrize(
    ("typed", "name", "slip"),
    [
        ("chongqin", "chongqing", True),  # a letter missing
        ("chengduu", "chengdu", True),  # one extra
        ("chendgu", "chengdu", True),  # two swapped
        ("chengdo", "chengdu", True),  # one wrong
        ("chengdu", "chengdu", False),  # the name itself is no slip
        ("chegndo", "chengdu", False),  # two slips
        ("sichuan", "chengdu", False),
    ],
)
def test_one_slip(typed: str, name: str, slip: bool) -> None:
    assert one_slip(typed, name) is slip
