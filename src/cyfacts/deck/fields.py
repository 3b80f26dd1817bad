"""Typed reading of one parsed YAML mapping: every error names the field, its line and the fix."""

from __future__ import annotations

import datetime
import difflib
from dataclasses import dataclass
from typing import Any

from cyfacts.deck.yamlfile import Document, Path

YAML11_HINT = "quote this value (YAML reads unquoted {raw} as {kind})"


class FieldError(Exception):
    """One field is missing, unknown or of the wrong type."""

    def __init__(self, message: str, line: int, missing: str | None = None, meant: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.missing = missing  # the required field that is absent
        self.meant = meant  # for an unknown field: the known field it most likely stands for


def type_name(value: object) -> str:
    names = {
        bool: "true/false",
        int: "a number",
        float: "a number",
        str: "text",
        list: "a list",
        dict: "a mapping",
        type(None): "empty (null)",
    }
    if isinstance(value, datetime.date):
        return "a date"
    return names.get(type(value), type(value).__name__)


def _plain_digits(raw: str) -> bool:
    """2025 yes; 012 (octal in YAML 1.1), 12:30 (base 60), 1_000 and 0x1F no."""
    return raw.isdigit() and (raw == "0" or not raw.startswith("0"))


@dataclass(frozen=True, slots=True)
class Fields:
    """A mapping from a document, read field by field with located errors."""

    document: Document
    path: Path
    mapping: dict[str, Any]

    @classmethod
    def root(cls, document: Document, what: str) -> Fields:
        if not isinstance(document.value, dict):
            raise FieldError(f"a {what} must be a mapping of fields, not {type_name(document.value)}", 1)
        return cls(document, (), document.value)

    def line(self, name: str | None = None) -> int:
        return self.document.line_of((*self.path, name) if name is not None else self.path)

    def reject_unknown(self, allowed: tuple[str, ...]) -> None:
        for error in self.unknown(allowed):
            raise error

    def unknown(self, allowed: tuple[str, ...]) -> list[FieldError]:
        """An error for every field not in `allowed`, each with the field it was most likely meant as."""
        errors = []
        for name in self.mapping:
            if name not in allowed:
                close = difflib.get_close_matches(name, allowed, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else f" (known fields: {', '.join(allowed)})"
                meant = close[0] if close else None
                errors.append(FieldError(f"unknown field {name!r}{hint}", self.line(name), meant=meant))
        return errors

    def _get(self, name: str, required: bool) -> Any:
        if name not in self.mapping:
            if required:
                slip = self.document.slip_naming(name)
                if slip is not None:
                    raise FieldError(f"missing required field {name!r}: {slip[1]}", slip[0], missing=name)
                raise FieldError(f"missing required field {name!r}", self.line(), missing=name)
            return None
        return self.mapping[name]

    def _wrong_type(self, name: str, value: object, expected: str) -> FieldError:
        position = self.document.positions.get((*self.path, name))
        message = f"field {name!r} must be {expected}, not {type_name(value)}"
        if expected.endswith("number") and isinstance(value, str):
            message += f"; write it in plain digits (YAML reads {value!r} as text)"
        elif self.document.slip_on(self.line(name)):
            message += f"; {self.document.slip_on(self.line(name))}"
        elif position is not None and position.plain and position.raw is not None:
            message += "; " + YAML11_HINT.format(raw=position.raw, kind=type_name(value))
        return FieldError(message, self.line(name))

    def text(self, name: str, required: bool = True, nullable: bool = False) -> str | None:
        value = self._get(name, required)
        if value is None and (nullable or not required):
            return None
        if not isinstance(value, str):
            raise self._wrong_type(name, value, "text")
        if required and not nullable and not value.strip():
            raise FieldError(f"field {name!r} is empty", self.line(name))
        return value

    def required_text(self, name: str) -> str:
        value = self.text(name)
        assert value is not None
        return value

    def integer(self, name: str) -> int:
        value = self._get(name, True)
        position = self.document.positions.get((*self.path, name))
        if isinstance(value, bool) or not isinstance(value, int):
            raise self._wrong_type(name, value, "a whole number")
        if position is not None and position.raw is not None and not _plain_digits(position.raw):
            raise FieldError(
                f"field {name!r} is written {position.raw!r}, which YAML reads as {value}; write it in plain digits",
                self.line(name),
            )
        return value

    def flag(self, name: str) -> bool:
        value = self._get(name, False)
        if value is None:
            return False
        if not isinstance(value, bool):
            raise self._wrong_type(name, value, "true or false")
        return value

    def choice(self, name: str, allowed: tuple[str, ...], nullable: bool = False) -> str | None:
        value = self.text(name, required=not nullable, nullable=nullable)
        if value is not None and value not in allowed:
            close = difflib.get_close_matches(value, allowed, n=1, cutoff=0.75)
            guess = f" (did you mean {close[0]!r}?)" if close else ""
            raise FieldError(f"field {name!r} is {value!r}{guess}; use one of: {', '.join(allowed)}", self.line(name))
        return value

    def text_list(self, name: str) -> tuple[str, ...]:
        value = self._get(name, True)
        if not isinstance(value, list) or not value:
            raise self._wrong_type(name, value, "a non-empty list of text")
        for index, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                line = self.document.line_of((*self.path, name, index))
                raise FieldError(f"item {index + 1} of {name!r} must be text, not {type_name(item)}", line)
        return tuple(value)

    def children(self, name: str) -> list[Fields]:
        """A list of mappings (figures, sections); absent means empty."""
        value = self._get(name, False)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self._wrong_type(name, value, "a list")
        out = []
        for index, item in enumerate(value):
            path = (*self.path, name, index)
            if not isinstance(item, dict):
                raise FieldError(
                    f"item {index + 1} of {name!r} must be a mapping, not {type_name(item)}",
                    self.document.line_of(path),
                )
            out.append(Fields(self.document, path, item))
        return out

    def child(self, name: str) -> Fields | None:
        value = self._get(name, False)
        if value is None:
            return None
        if not isinstance(value, dict):
            raise self._wrong_type(name, value, "a mapping")
        return Fields(self.document, (*self.path, name), value)
