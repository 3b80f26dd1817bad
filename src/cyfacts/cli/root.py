"""The Typer application, its global options, and the one place errors become exit codes."""

# No `from __future__ import annotations` here: Typer reads every command's annotations on each
# run, and string annotations would cost it a compile and eval apiece.
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from cyfacts import __version__
from cyfacts.cli.arguments import (
    END_OF_OPTIONS,
    GLOBAL_OPTIONS,
    command_word,
    hoist_global_options,
    invoked_command,
    repeated_options,
)
from cyfacts.cli.options import environment
from cyfacts.environment import COLOR_MODES, Environment
from cyfacts.errors import CyfactsError, ExitCode, OutputError, UsageError

if TYPE_CHECKING:
    from typer._click import Command as ClickCommand
    from typer._click import Context as ClickContext

DEFAULT_COMMAND = "search"  # `cyfacts 算力` is `cyfacts search 算力`, as tldr looks a page up


class CyfactsGroup(TyperGroup):
    """The one error boundary: a user-facing error becomes a message on stderr and its exit code.

    It also reads the command line as people type it: global options before or after the command,
    and a first word that is no command taken as a query."""

    def parse_args(self, ctx: "ClickContext", args: list[str]) -> list[str]:
        hoisted = hoist_global_options(args)
        # Told inside invoke, where errors become messages; here they would escape as tracebacks.
        ctx.meta["repeated"] = repeated_options(hoisted, GLOBAL_OPTIONS)
        # `cyfacts -- -10.8%`: after `--` every word is the query's, even one that looks like an option.
        ctx.meta["query_after_dashes"] = command_word(args) is None and END_OF_OPTIONS in hoisted
        return super().parse_args(ctx, hoisted)

    def resolve_command(
        self, ctx: "ClickContext", args: list[str]
    ) -> "tuple[str | None, ClickCommand | None, list[str]]":
        name = args[0] if args else ""
        if name == "help":  # `cyfacts help` is what many people try first
            typer.echo(ctx.get_help())
            ctx.exit(0)
        if ctx.meta.get("query_after_dashes") and args:
            command = self.get_command(ctx, DEFAULT_COMMAND)
            if command is not None:
                return DEFAULT_COMMAND, command, [END_OF_OPTIONS, *args]
        if self.get_command(ctx, name) is None and not name.startswith("-"):
            refuse_mistyped_command(name, self.list_commands(ctx), args)
            command = self.get_command(ctx, DEFAULT_COMMAND)
            if command is not None:
                refuse_repeated(command, args)
                return DEFAULT_COMMAND, command, args
        resolved = super().resolve_command(ctx, args)
        if resolved[1] is not None:
            refuse_repeated(resolved[1], resolved[2])
        return resolved

    def format_usage(self, ctx: "ClickContext", formatter: Any) -> None:
        formatter.write_usage(ctx.command_path, "[OPTIONS] COMMAND [ARGS]...")
        formatter.write_usage(ctx.command_path, "[OPTIONS] QUERY...   (the same as: search QUERY...)", "   or: ")

    def invoke(self, ctx: "ClickContext") -> Any:
        try:
            prepare(ctx)
            return super().invoke(ctx)
        except CyfactsError as error:
            if isinstance(error, OutputError):
                discard_output()
            ctx.exit(report(error, environment(ctx)))
        except BrokenPipeError:
            ctx.exit(quiet_broken_pipe())
        except Exception as error:
            # Typer's own signals (usage errors, exit) pass on; anything else is a bug in cyfacts,
            # told in one line, with the traceback only for those who ask for it.
            env = environment(ctx)
            if type(error).__module__.startswith(("typer", "click")) or env.settings.debug:
                raise
            report(CyfactsError.of("internal_error", kind=type(error).__name__, detail=str(error)), env)
            ctx.exit(int(ExitCode.INTERNAL))


def refuse_mistyped_command(name: str, commands: Sequence[str], query: Sequence[str] = ()) -> None:
    """A first word that is a command mistyped by one slip (serach, shwo, stat: a letter wrong,
    missing, added or two swapped) is a usage error, not a query: searching for it would answer a
    question nobody asked. A word further off (services, experts) is a query."""
    from cyfacts.model.text import one_slip
    from cyfacts.search.english import ENGLISH_STOPWORDS

    # A question's first word (how many data centers, what is …) is no command, however close.
    if not (name.isascii() and name.isalpha() and len(name) >= 3) or name.lower() in ENGLISH_STOPWORDS:
        return
    close = [command for command in commands if one_slip(name.lower(), command)]
    if close:
        typed = " ".join(query) or name
        raise UsageError.of("unknown_command", name=name, close=", ".join(close[:2]), query=typed)


def escaped(text: str, hint: str | None) -> tuple[str, str | None]:
    """A message and its hint as they are shown: a value from a card or a path in them cannot drive
    the terminal."""
    from cyfacts.render.escape import one_line

    return one_line(text), one_line(hint) if hint is not None else None


def message_lines(text: str, width: int) -> list[str]:
    """A message broken to a terminal's width (loaded only for a message that needs it)."""
    from cyfacts.render.wrap import wrap

    return wrap(text, width)


def prepare(ctx: "ClickContext") -> None:
    """The global options into the environment, checked before the command's own arguments, so that
    every message that follows is in the reader's language and colours."""
    from cyfacts.render.escape import one_line
    from cyfacts.render.words import fallback_language, hint, language, message

    env = ctx.ensure_object(Environment)
    env.lang = fallback_language(env.settings.lang)  # what a bad --lang is told in
    env.no_color = bool(ctx.params.get("no_color"))
    env.lang = language(ctx.params.get("lang"), env.settings.lang)
    lang = env.lang
    env.wording = lambda key, values: escaped(message(key, lang, **values), hint(key, lang, **values))
    env.shown_text = one_line
    env.break_lines = message_lines
    color = ctx.params.get("color") or "auto"
    if color not in COLOR_MODES:
        raise UsageError.of("unknown_color", value=color)
    env.color = color
    repeated = ctx.meta.get("repeated")
    if repeated:
        raise repeated_error(*repeated)


def refuse_repeated(command: "ClickCommand", args: Sequence[str]) -> None:
    """A single-value option given twice is a mistake to tell, not a silent choice of the last."""
    from typer.core import TyperOption

    options = {
        name: option.opts[0]
        for option in command.params
        if isinstance(option, TyperOption) and not option.is_flag and not option.count and not option.multiple
        for name in option.opts
    }
    found = repeated_options(args, options)
    if found:
        raise repeated_error(*found)


def repeated_error(option: str, given: Sequence[str]) -> UsageError:
    return UsageError.of("repeated_option", option=option, count=len(given), given=tuple(given))


app = typer.Typer(
    name="cyfacts",
    cls=CyfactsGroup,
    help=(
        "Sourced facts about Chinese regional policy, from a deck of YAML fact cards.\n\n"
        "\b\nExamples:\n  cyfacts 算力                 # the same as: cyfacts search 算力\n"
        "  cyfacts search 粮食 2024 --lang en\n  cyfacts list --ids | fzf --preview 'cyfacts show {}'\n\n"
        "Global options go before or after the command."
    ),
    rich_markup_mode=None,  # plain help: --help must not pay for importing Rich's tables
    pretty_exceptions_enable=False,
    add_completion=True,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"cyfacts {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    facts: Annotated[
        Path | None,
        typer.Option(
            "--facts",
            help="Deck folder (a folder of sources). Default: $CYFACTS_FACTS, else the deck around the current "
            "folder, else the bundled deck.",
        ),
    ] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", help="Tables and messages in zh (default) or en. Also: CYFACTS_LANG.")
    ] = None,
    color: Annotated[
        str,
        typer.Option(
            "--color",
            metavar="WHEN",
            help="auto (default: colours on a terminal), always (e.g. for less -R) or never.",
        ),
    ] = "auto",
    no_color: Annotated[bool, typer.Option("--no-color", help="No colours or styles (also: NO_COLOR=1).")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=version_callback, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    # --lang, --color and --no-color are read by `prepare`, before the command's arguments are.
    ctx.meta["facts"] = facts


def report(error: CyfactsError, env: Environment) -> int:
    from cyfacts.render.escape import one_line  # a message may hold a path or a value from a card
    from cyfacts.render.words import error_text, fallback_language

    text, hint = error_text(error, env.lang or fallback_language(env.settings.lang))
    env.warn(f"cyfacts: {one_line(text)}")
    if hint:
        env.warn(f"  {one_line(hint)}")
    return int(error.exit_code)


def quiet_broken_pipe() -> int:
    """The reader (head, less) went away: stop quietly, and keep Python from complaining at exit."""
    discard_output()
    return 0


def discard_output() -> None:
    """Whatever is still buffered for stdout goes nowhere, so Python's last flush cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real stream (a test's), or none at all
        pass


def utf8_streams() -> None:
    """Output is UTF-8 whatever the locale (LANG=C): JSON must stay valid, Chinese must not crash."""
    for stream in (sys.stdout, sys.stderr):
        if (getattr(stream, "encoding", "") or "").lower().replace("-", "") != "utf8":
            reconfigure = getattr(stream, "reconfigure", None)
            if reconfigure is not None:
                reconfigure(encoding="utf-8", errors="replace")


# Each command's module, so that a run imports only the one it invokes, as pip's command line does;
# tests/test_cli.py checks this against what the modules register. In this order they are listed.
COMMAND_MODULES = {
    "search": "lookup",
    "list": "lookup",
    "show": "lookup",
    "stats": "lookup",
    "export": "lookup",
    "validate": "maintain",
    "conflicts": "maintain",
    "draft": "maintain",
    "cache": "maintain",
    "cite": "use",
    "series": "use",
}


def load_commands(modules: Sequence[str] = tuple(dict.fromkeys(COMMAND_MODULES.values()))) -> None:
    """Import command modules (every one by default): each registers its commands on `app`."""
    from importlib import import_module

    for module in modules:
        import_module(f"cyfacts.cli.{module}")


def load_the_invoked_command(args: Sequence[str]) -> None:
    """Load and build only the command this run invokes: importing every command module and having
    Typer read every command's signature costs each run what only one of them needs. Help,
    completion, a bare `cyfacts` and a mistyped command name (told as such) load them all."""
    wanted = None if any(name.startswith("_CYFACTS_COMPLETE") for name in os.environ) else invoked(args)
    if wanted is None:
        load_commands()
        return
    load_commands([COMMAND_MODULES[wanted]])
    app.registered_commands = [
        info
        for info in app.registered_commands
        if info.callback and typer.main.get_command_name(info.name or info.callback.__name__) == wanted
    ]


def invoked(args: Sequence[str]) -> str | None:
    """The command a command line runs; None where the whole group is needed."""
    names = list(COMMAND_MODULES)
    wanted = invoked_command(args, names, DEFAULT_COMMAND)
    if wanted is None:
        return None
    word = command_word(args) or ""
    if word not in names:  # a query, unless it is a command mistyped: that needs every command to say so
        try:
            refuse_mistyped_command(word, names, args)
        except UsageError:
            return None
    return wanted


def main() -> None:
    utf8_streams()
    try:
        load_the_invoked_command(sys.argv[1:])
        app()
    except KeyboardInterrupt:
        sys.exit(130)
