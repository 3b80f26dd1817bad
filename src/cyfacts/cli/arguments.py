"""The command line as people type it, read before Click parses it: global options wherever they
stand, and single-value options given more than once."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

# Global options that take a value, each under every name it has (mapped to its main name).
GLOBAL_OPTIONS: Mapping[str, str] = {"--facts": "--facts", "--lang": "--lang", "--color": "--color"}
GLOBAL_FLAGS = frozenset({"--no-color"})
END_OF_OPTIONS = "--"


def option_name(token: str) -> tuple[str, str | None]:
    """`--lang=en` → (--lang, en); `-n5` → (-n, 5); `--lang` → (--lang, None)."""
    if token.startswith("--"):
        name, equals, value = token.partition("=")
        return name, value if equals else None
    if token.startswith("-") and len(token) > 2:
        return token[:2], token[2:]
    return token, None


def hoist_global_options(args: Sequence[str]) -> list[str]:
    """The global options moved before everything else, in the order given, so that
    `cyfacts search 算力 --facts DIR` reads as `cyfacts --facts DIR search 算力`. Nothing after `--`
    moves, and an option missing its value is left where it is for Click to report."""
    hoisted: list[str] = []
    rest: list[str] = []
    tokens = list(args)
    position = 0
    while position < len(tokens):
        token = tokens[position]
        if token == END_OF_OPTIONS:
            rest.extend(tokens[position:])
            break
        name, value = option_name(token)
        if token in GLOBAL_FLAGS:
            hoisted.append(token)
        elif name in GLOBAL_OPTIONS and value is None and position + 1 < len(tokens):
            hoisted.extend(tokens[position : position + 2])
            position += 1
        elif name in GLOBAL_OPTIONS and value is not None:
            hoisted.append(token)
        else:
            rest.append(token)
        position += 1
    return hoisted + rest


def repeated_options(args: Sequence[str], options: Mapping[str, str]) -> tuple[str, list[str]] | None:
    """The first of `options` (value-taking options, each name mapped to its main name) given more
    than once, with the values it was given; None if each is given at most once."""
    given: dict[str, list[str]] = {}
    position = 0
    while position < len(args):
        token = args[position]
        if token == END_OF_OPTIONS:
            break
        name, value = option_name(token)
        if name in options and token.startswith("-"):
            if value is None:
                position += 1
                value = args[position] if position < len(args) else ""
            values = given.setdefault(options[name], [])
            values.append(value)
            if len(values) > 1:
                return options[name], values
        position += 1
    return None


def command_word(args: Sequence[str]) -> str | None:
    """The first word after the global options, wherever they stood; None if there is none."""
    hoisted = hoist_global_options(args)
    position = 0
    while position < len(hoisted):
        name, value = option_name(hoisted[position])
        if name in GLOBAL_OPTIONS:
            position += 2 if value is None else 1
        elif hoisted[position] in GLOBAL_FLAGS:
            position += 1
        else:
            break
    if position >= len(hoisted) or hoisted[position].startswith("-"):
        return None
    return hoisted[position]


def invoked_command(args: Sequence[str], commands: Sequence[str], default: str) -> str | None:
    """The command a command line runs, read as the group will read it: the first word after the
    global options, or `default` when that word is no command (a query). None where the whole
    group is needed: no command at all (--help, --version, completion)."""
    word = command_word(args)
    if word is None:
        return None
    return word if word in commands else default
