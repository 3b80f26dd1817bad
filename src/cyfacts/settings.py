"""Every setting cyfacts takes from the environment, read in this one place. Commands get them through
the injected `Environment`, so tests set them without touching the process's own environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from cyfacts.errors import UsageError

FACTS_ENV = "CYFACTS_FACTS"
CACHE_ENV = "CYFACTS_CACHE_DIR"
LANG_ENV = "CYFACTS_LANG"
HELPERS_ENV = "CYFACTS_SWEEP_HELPERS"
DEBUG_ENV = "CYFACTS_DEBUG"
MAX_HELPERS = 3


class Settings:
    """Typed views of the environment's variables; a bad value is a usage error that names it."""

    __slots__ = ("env",)

    def __init__(self, env: Mapping[str, str]) -> None:
        self.env = env

    @property
    def facts(self) -> Path | None:
        """CYFACTS_FACTS: the deck to use when --facts is not given."""
        return Path(self.env[FACTS_ENV]) if self.env.get(FACTS_ENV) else None

    @property
    def cache_dir(self) -> Path | None:
        """CYFACTS_CACHE_DIR, else $XDG_CACHE_HOME/cyfacts, else ~/.cache/cyfacts; None where there is
        no home folder to find (no HOME, and a user with no passwd entry): the cache is optional."""
        if self.env.get(CACHE_ENV):
            return Path(self.env[CACHE_ENV])
        if self.env.get("XDG_CACHE_HOME"):
            return Path(self.env["XDG_CACHE_HOME"]) / "cyfacts"
        home = self.home()
        return Path(home) / ".cache" / "cyfacts" if home else None

    def home(self) -> str | None:
        """$HOME, else the user's home folder from the passwd database, else None."""
        if self.env.get("HOME"):
            return self.env["HOME"]
        try:
            import pwd

            return pwd.getpwuid(os.getuid()).pw_dir or None
        except (ImportError, KeyError, OSError):
            return None

    def why_no_cache_dir(self) -> str:
        if self.cache_dir is not None:
            return ""
        user = f"user {os.getuid()}" if hasattr(os, "getuid") else "this user"
        return f"HOME is not set and {user} has no home folder"

    @property
    def lang(self) -> str | None:
        """CYFACTS_LANG: the language of tables and messages when --lang is not given."""
        return self.env.get(LANG_ENV) or None

    @property
    def sweep_helpers(self) -> int | None:
        """CYFACTS_SWEEP_HELPERS: how many helpers sweep a large deck (0: none, as where forking is not
        allowed); None to let cyfacts choose."""
        text = self.env.get(HELPERS_ENV, "").strip()
        if not text:
            return None
        if not (text.isascii() and text.isdigit()) or int(text) > MAX_HELPERS:
            raise UsageError.of("sweep_helpers", name=HELPERS_ENV, most=MAX_HELPERS, value=text)
        return int(text)

    @property
    def debug(self) -> bool:
        """CYFACTS_DEBUG: show the traceback of an internal error."""
        return bool(self.env.get(DEBUG_ENV))

    def plain_requested(self) -> bool:
        """NO_COLOR (any value) or a dumb terminal asks for no ANSI codes at all."""
        return bool(self.env.get("NO_COLOR")) or self.env.get("TERM") == "dumb"
