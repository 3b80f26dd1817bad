"""A deck's problems as people read them: one `path:line: message` line each, every control
character in a file name or message shown as an escape, so no problem line can be forged."""

from __future__ import annotations

from cyfacts.environment import Environment
from cyfacts.model.cards import Deck, Problem
from cyfacts.render.escape import one_line

MAX_LISTED_PROBLEMS = 10


def problem_line(problem: Problem) -> str:
    return one_line(str(problem._replace(path=one_line(problem.path), message=one_line(problem.message))))


def report_problems(deck: Deck, environment: Environment) -> None:
    """The deck's readable cards are served; skipped files are counted and named on stderr."""
    if not deck.problems:
        return
    total = len(deck.cards) + deck.skipped
    if deck.skipped:
        environment.warn(f"cyfacts: skipped {deck.skipped} of {total} card files that could not be read:")
    else:
        environment.warn("cyfacts: part of the deck could not be read:")
    for problem in deck.problems[:MAX_LISTED_PROBLEMS]:
        environment.warn(f"  {problem_line(problem)}")
    if len(deck.problems) > MAX_LISTED_PROBLEMS:
        environment.warn(f"  … and {len(deck.problems) - MAX_LISTED_PROBLEMS} more")
    environment.warn("  run `cyfacts validate` to list every problem")
