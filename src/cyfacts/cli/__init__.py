"""The command line: thin Typer commands over the core. `app` (in root) holds the error boundary;
the command modules register their commands on it when imported. A run of `cyfacts` imports only
the module of the command it invokes; `app` taken from here has every command (for tests, say)."""

from typing import Any

from cyfacts.cli.root import main

__all__ = ["app", "main"]


def __getattr__(name: str) -> Any:
    if name == "app":
        from cyfacts.cli.root import app, load_commands

        load_commands()
        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
