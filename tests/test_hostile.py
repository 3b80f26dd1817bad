"""The hostile card corpus (tests/data/hostile/): each file gets its own one-line error naming the file
(with a line where the parser gives one), the other cards are still served, and validate exits 1."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cyfacts.cli import app
from cyfacts.deck.checks import check_deck
from cyfacts.deck.loader import load_deck
from tests.cards import card, write_deck
from tests.runner import invoke

CORPUS = Path(__file__).resolve().parent / "data" / "hostile"
EXPECTED: dict[str, dict[str, object]] = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))


def test_the_corpus_is_large_and_complete() -> None:
    files = {p.stem for p in CORPUS.glob("*.yaml")}
    assert len(files) >= 40
    assert files == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_hostile_file_gets_its_own_located_error(tmp_path: Path, name: str) -> None:
    root = write_deck(tmp_path, {"demo-good": card("demo-good")})
    shutil.copy(CORPUS / f"{name}.yaml", root / "demo" / f"{name}.yaml")
    deck = load_deck(root)
    assert [c.id for c in deck.cards] == ["demo-good"]
    assert deck.skipped == 1
    problems = check_deck(deck)
    assert {problem.path for problem in problems} == {f"{tmp_path.name}/demo/{name}.yaml"}
    (problem,) = [p for p in problems if str(EXPECTED[name]["message"]) in p.message]
    if EXPECTED[name]["line"] is not None:
        assert problem.line == EXPECTED[name]["line"]
    assert all("\n" not in str(p) for p in problems)


def test_validate_lists_every_hostile_file_and_exits_1(tmp_path: Path) -> None:
    root = write_deck(tmp_path, {"demo-good": card("demo-good")})
    for path in CORPUS.glob("*.yaml"):
        shutil.copy(path, root / "demo" / path.name)
    problems = check_deck(load_deck(root))
    assert {Path(p.path).stem for p in problems} == set(EXPECTED)
    result = CliRunner().invoke(app, ["validate", str(root), "--lang", "en"])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == len(problems)
    assert {Path(line.split(":", 1)[0]).stem for line in lines} == set(EXPECTED)
    assert f"{len(problems)} problems in {len(EXPECTED) + 1} card files" in result.stderr


def test_search_serves_the_good_card_among_hostile_ones(tmp_path: Path) -> None:
    root = write_deck(tmp_path, {"demo-good": card("demo-good")})
    for path in CORPUS.glob("*.yaml"):
        shutil.copy(path, root / "demo" / path.name)
    result = CliRunner().invoke(app, ["--lang", "en", "--facts", str(root), "search", "经济总量", "--json"])
    assert result.exit_code == 0
    assert [r["id"] for r in json.loads(result.stdout)] == ["demo-good"]
    assert f"skipped {len(EXPECTED)} of {len(EXPECTED) + 1} card files" in result.stderr
    assert "Traceback" not in result.output


def test_non_files_in_the_deck_are_reported_not_read(tmp_path: Path) -> None:
    import os

    root = write_deck(tmp_path, {"demo-good": card("demo-good")})
    folder = root / "demo"
    (folder / "a-folder.yaml").mkdir()
    os.mkfifo(folder / "a-pipe.yaml")  # reading it would block forever
    (folder / "loop.yaml").symlink_to(folder / "loop.yaml")
    (folder / "dangling.yaml").symlink_to(folder / "missing-target")
    deck = load_deck(root)
    assert [c.id for c in deck.cards] == ["demo-good"]
    messages = {Path(p.path).name: p.message for p in deck.problems}
    assert set(messages) == {"a-folder.yaml", "a-pipe.yaml", "loop.yaml", "dangling.yaml"}
    assert "not a regular file" in messages["a-folder.yaml"]
    assert "not a regular file" in messages["a-pipe.yaml"]
    assert "cannot read file" in messages["loop.yaml"]
    assert "cannot read file" in messages["dangling.yaml"]


def test_unreadable_file(tmp_path: Path) -> None:
    import os

    if os.geteuid() == 0:
        pytest.skip("root reads files whatever their permissions")
    root = write_deck(tmp_path, {"demo-good": card("demo-good"), "demo-secret": card("demo-secret")})
    (root / "demo" / "demo-secret.yaml").chmod(0)
    (problem,) = load_deck(root).problems
    assert "cannot read file: Permission denied" in problem.message


def test_a_file_name_that_is_not_utf8_is_shown_printably(tmp_path: Path) -> None:
    import os

    root = write_deck(tmp_path, {"demo-good": card("demo-good")})
    name = os.fsencode(str(root / "demo")) + b"/bad-\xff.yaml"
    with open(name, "wb") as file:
        file.write(b"id: [\n")
    (problem,) = load_deck(root).problems
    assert problem.path.endswith("demo/bad-\\xff.yaml")
    problem.path.encode("utf-8")  # printable: no lone surrogates


def test_a_card_file_given_as_the_deck_is_named_a_file() -> None:
    card_file = Path(__file__).parent.parent / "facts" / "chengyu-twin-city-2025" / "lead-gdp-2024.yaml"
    given = invoke("--lang", "en", "validate", str(card_file))
    assert given.exit_code == 2
    assert given.stderr.startswith("cyfacts: ")
    assert "lead-gdp-2024.yaml is a file, not a deck folder\n  give the deck folder" in given.stderr
