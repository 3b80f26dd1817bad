"""The command line as people type it: global options anywhere, a repeated option refused."""

from __future__ import annotations

import pytest

from cyfacts.cli.arguments import GLOBAL_OPTIONS, hoist_global_options, invoked_command, option_name, repeated_options
from tests.runner import invoke


@pytest.mark.parametrize(
    ("args", "hoisted"),
    [
        (["search", "算力", "--facts", "d"], ["--facts", "d", "search", "算力"]),
        (["search", "算力", "--lang=en", "--no-color"], ["--lang=en", "--no-color", "search", "算力"]),
        (["--lang", "en", "show", "x", "--color", "never"], ["--lang", "en", "--color", "never", "show", "x"]),
        (["search", "--", "--lang", "en"], ["search", "--", "--lang", "en"]),  # nothing after -- moves
        (["search", "算力", "--facts"], ["search", "算力", "--facts"]),  # no value: left for Click to report
        (["算力", "--limit", "5"], ["算力", "--limit", "5"]),
    ],
)
def test_global_options_move_before_the_command(args: list[str], hoisted: list[str]) -> None:
    assert hoist_global_options(args) == hoisted


@pytest.mark.parametrize(
    ("token", "parsed"), [("--lang=en", ("--lang", "en")), ("-n5", ("-n", "5")), ("--lang", ("--lang", None))]
)
def test_option_names(token: str, parsed: tuple[str, str | None]) -> None:
    assert option_name(token) == parsed


LIMIT = {"--limit": "--limit", "-n": "--limit"}


@pytest.mark.parametrize(
    ("args", "found"),
    [
        (["算力", "--limit", "5", "--limit", "6"], ("--limit", ["5", "6"])),
        (["算力", "-n", "5", "--limit=6"], ("--limit", ["5", "6"])),
        (["算力", "-n5", "-n", "6"], ("--limit", ["5", "6"])),
        (["算力", "--limit", "5"], None),
        (["算力", "--", "--limit", "5", "--limit", "6"], None),
        (["--limit", "--limit"], None),  # the second is the first one's value
    ],
)
def test_a_repeated_single_value_option_is_found(args: list[str], found: tuple[str, list[str]] | None) -> None:
    assert repeated_options(args, LIMIT) == found


def test_repeated_global_options_are_found() -> None:
    assert repeated_options(["--facts", "a", "--facts", "b", "search"], GLOBAL_OPTIONS) == ("--facts", ["a", "b"])


@pytest.mark.parametrize(
    ("args", "command"),
    [
        (["search", "算力"], "search"),
        (["算力", "--json"], "search"),
        (["--lang", "en", "list", "--json"], "list"),
        (["show", "x", "--facts", "d"], "show"),
        (["--facts", "d", "cite", "x"], "cite"),
        (["--help"], None),
        ([], None),
        (["--no-color"], None),
    ],
)
def test_the_invoked_command_is_read_before_click(args: list[str], command: str | None) -> None:
    commands = ["search", "list", "show", "cite"]
    assert invoked_command(args, commands, "search") == command


@pytest.mark.parametrize("args", [["--", "-10.8%"], ["--lang", "en", "--", "-10.8%"]])
def test_after_dashes_a_word_like_an_option_is_the_query(args: list[str]) -> None:
    found = invoke(*args)
    assert found.exit_code == 0
    assert found.stdout.split("\t")[1] == "eco-pm25-decline-2024"


def test_before_dashes_a_word_like_an_option_is_an_option() -> None:
    assert invoke("-10.8%").exit_code == 2
