"""What the deck folder holds besides its cards (issue 13, items 4 and 10): card files cyfacts does
not read are reported, never silently ignored, and nothing outside the deck is read or echoed."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest

from tests.cards import SOURCE, card, write_deck
from tests.runner import invoke

NESTED = (
    "a folder inside a source folder holds card files, which are not read; move them into the source folder, "
    "or make the folder a source of its own beside it"
)
ORPHAN = "a folder with card files but no _source.yaml; its cards are not read"
LOOSE = "a card file outside any source folder is not read; move it into a source folder"
SECRET = "root:$6$very-secret-hash:19000:0:99999:7:::"


@pytest.fixture
def deck(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(
        "cyfacts.index.update.racy_window", lambda folders: -(10**18)
    )  # files written just now count as settled
    return write_deck(tmp_path / "deck", {"demo-gdp-2024": card()})


def validate(deck: Path) -> list[str]:
    """validate's problem lines, run beside the deck (they name files relative to where it runs)."""
    with contextlib.chdir(deck.parent.parent if (deck / "_source.yaml").is_file() else deck.parent):
        result = invoke("validate", str(deck))
    return result.stdout.splitlines()


def search_warnings(deck: Path) -> str:
    result = invoke("--facts", str(deck), "search", "GDP", "--json")
    assert result.exit_code == 0, result.stderr
    assert [r["id"] for r in result.json()] == ["demo-gdp-2024"]
    return result.stderr


@pytest.mark.parametrize(
    ("place", "expected"),
    [
        ("demo/more", f"deck/demo/more: {NESTED}"),
        ("demo/a/b/c", f"deck/demo/a: {NESTED}"),
        ("orphan", f"deck/orphan: {ORPHAN}"),
        ("orphan/deeper", f"deck/orphan: {ORPHAN}"),
        ("", f"deck/loose.yaml: {LOOSE}"),
    ],
    ids=["nested", "nested deeper", "no source record", "no source record, deeper", "in the deck root"],
)
def test_card_files_that_are_not_read_are_reported(deck: Path, place: str, expected: str) -> None:
    assert validate(deck) == []
    assert search_warnings(deck) == ""  # the cache now exists: the change below must still be seen
    folder = deck / place
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ("loose.yaml" if not place else "stray.yaml")).write_text(card("demo-stray"), encoding="utf-8")
    assert expected in validate(deck)
    assert f"  {expected}" in search_warnings(deck)


def test_what_holds_no_cards_and_the_deck_config_are_not_reported(deck: Path) -> None:
    (deck / "cyfacts.yaml").write_text("places: {}\n", encoding="utf-8")
    (deck / "docs").mkdir()
    (deck / "docs" / "notes.md").write_text("notes", encoding="utf-8")
    (deck / ".git").mkdir()
    (deck / ".git" / "config.yaml").write_text("x: 1\n", encoding="utf-8")
    (deck / "demo" / ".backup").mkdir()
    (deck / "demo" / ".backup" / "old.yaml").write_text(card("old"), encoding="utf-8")
    (deck / "demo" / "images").mkdir()
    (deck / "demo" / "images" / "chart.png").write_bytes(b"\x89PNG")
    assert validate(deck) == []
    assert search_warnings(deck) == ""


def test_the_config_file_of_a_single_source_deck_is_not_a_card(deck: Path) -> None:
    (deck / "demo" / "cyfacts.yaml").write_text("places: {}\n", encoding="utf-8")
    assert validate(deck / "demo") == []
    result = invoke("--facts", str(deck / "demo"), "search", "GDP", "--json")
    assert result.exit_code == 0
    assert result.stderr == ""


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    secret = tmp_path / "shadow"
    secret.write_text(SECRET + "\n", encoding="utf-8")
    return secret


def test_a_link_to_a_file_outside_the_deck_is_not_read(deck: Path, outside: Path) -> None:
    (deck / "demo" / "zz.yaml").symlink_to(outside)
    lines = validate(deck)
    assert lines == ["deck/demo/zz.yaml:1: a link to a file outside the deck; it is not read"]
    result = invoke("--facts", str(deck), "search", "GDP", "--json")
    assert "deck/demo/zz.yaml:1: a link to a file outside the deck; it is not read" in result.stderr
    for output in (result.stdout, result.stderr, "\n".join(lines)):
        assert "very-secret" not in output


def test_a_source_folder_that_links_outside_the_deck_is_not_read(deck: Path, tmp_path: Path) -> None:
    elsewhere = write_deck(tmp_path / "elsewhere", {"other-card": card("other-card")}, SOURCE)
    (deck / "linked").symlink_to(elsewhere / "demo")
    assert validate(deck) == ["deck/linked: a source folder that links outside the deck; it is not read"]
    assert "other-card" not in invoke("--facts", str(deck), "list", "--json").stdout


def test_links_inside_the_deck_are_followed(deck: Path) -> None:
    (deck / "demo" / "alias.yaml").symlink_to(deck / "demo" / "demo-gdp-2024.yaml")
    duplicate = "duplicate id 'demo-gdp-2024' in source 'demo', already used by deck/demo/alias.yaml"
    assert f"deck/demo/demo-gdp-2024.yaml:1: {duplicate}" in validate(deck)


def test_a_deck_reached_through_a_link_is_read(deck: Path, tmp_path: Path) -> None:
    (tmp_path / "link").symlink_to(deck)
    assert validate(tmp_path / "link") == []
    assert os.path.islink(tmp_path / "link")
    assert search_warnings(tmp_path / "link") == ""
