"""Problems as a compiler prints them: `path:line: message`, one a line, the path relative to where the
user stands so that it can be opened from there; every control character in a file name or message
shown as an escape, so no problem line can be forged."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from cyfacts.environment import Environment
from cyfacts.model.cards import Deck, Problem
from cyfacts.render.escape import one_line

MAX_CLIMB = 3  # a path that climbs further up than this reads better whole
MAX_LISTED_PROBLEMS = 10


def path_from_here(path: str, deck_parent: Path, here: Path) -> str:
    """A problem's path (relative to the deck's parent folder, or absolute) as seen from `here`:
    relative, as git shows paths, unless only a long climb up reaches it."""
    full = Path(path) if Path(path).is_absolute() else deck_parent / path
    try:
        relative = os.path.relpath(full, here)
    except ValueError:  # another drive (Windows): no relative path exists
        return str(full)
    climb = Path(relative).parts.count("..")
    return str(full) if climb > MAX_CLIMB or os.path.commonpath([full, here]) == full.anchor else relative


def problem_line(problem: Problem, path: str | None = None) -> str:
    """The problem as one line, its file named as given (by default, as the problem has it)."""
    shown = one_line(problem.path if path is None else path)
    return one_line(problem._replace(message=one_line(problem.message)).shown(shown))


def problem_lines(problems: Iterable[Problem], deck_parent: Path, here: Path) -> str:
    return "".join(f"{problem_line(p, path_from_here(p.path, deck_parent, here))}\n" for p in problems)


def report_problems(deck: Deck, environment: Environment) -> None:
    """The deck's readable cards are served; skipped files are counted and named on stderr."""
    if not deck.problems:
        return
    total = len(deck.cards) + deck.skipped
    if deck.skipped:
        environment.say("deck_skipped", skipped=deck.skipped, total=total)
    else:
        environment.say("deck_partly_unread")
    for problem in deck.problems[:MAX_LISTED_PROBLEMS]:  # as validate writes them: path:line: reason
        environment.warn(f"  {problem_line(problem)}")
    if len(deck.problems) > MAX_LISTED_PROBLEMS:
        environment.warn(line_of(environment, "deck_problems.more", more=len(deck.problems) - MAX_LISTED_PROBLEMS))
    environment.warn(line_of(environment, "deck_problems.validate"))


def line_of(environment: Environment, key: str, **values: object) -> str:
    """A line of a message, in the reader's language, as its words table writes it."""
    return environment.wording(key, values)[0] if environment.wording else key
