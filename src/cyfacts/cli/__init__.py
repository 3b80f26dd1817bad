"""The command line: thin Typer commands over the core. `app` holds the error boundary; the command
modules register themselves on it when imported here."""

from cyfacts.cli import lookup, maintain, use
from cyfacts.cli.root import app, main

__all__ = ["app", "lookup", "main", "maintain", "use"]
