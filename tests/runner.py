"""One typed way for tests to run the command line in-process, as a user would type it."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from typer.testing import CliRunner

from cyfacts.cli import app
from cyfacts.errors import CyfactsError
from cyfacts.render.words import error_text

# Settings a test run must not inherit from the developer's shell: colour and the deck in use.
CLEAN_ENV = {"NO_COLOR": "", "CYFACTS_FACTS": "", "CYFACTS_LANG": ""}


@dataclass(frozen=True)
class CliResult:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


def invoke(*args: str, env: Mapping[str, str] | None = None) -> CliResult:
    """Run `cyfacts ARGS…` with a clean environment plus `env`; exceptions other than exits propagate."""
    result = CliRunner().invoke(
        app, list(args), env={**CLEAN_ENV, **(env or {})}, catch_exceptions=False, prog_name="cyfacts"
    )
    return CliResult(result.exit_code, result.stdout, result.stderr)


def english(error: CyfactsError) -> str:
    """An error's message as an English reader sees it (errors name their words by key)."""
    return error_text(error, "en")[0]
