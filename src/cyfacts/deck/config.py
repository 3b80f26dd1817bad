"""The deck config, `cyfacts.yaml` at the deck root: the deck's themes and kinds, each with Chinese and
English labels, and the places its cards can be about. Strict like a card: every error is located."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from cyfacts.deck.fields import FieldError, Fields
from cyfacts.deck.files import CardFileError, read_fields
from cyfacts.deck.layout import config_path
from cyfacts.model.cards import DEFAULT_KINDS, DEFAULT_THEMES, NO_PLACES, DeckConfig, Label, Place, Problem

CONFIG_FIELDS = ("themes", "kinds", "places")
LABEL_FIELDS = Label._fields
PLACE_FIELDS = ("en", "pinyin", "aliases", "within")


def read_labels(fields: Fields, name: str, defaults: Mapping[str, Label]) -> dict[str, Label]:
    block = fields.child(name)
    if block is None:
        return dict(defaults)
    labels: dict[str, Label] = {}
    for key in block.mapping:
        entry = block.child(key)
        if entry is None:
            raise FieldError(f"{name} value {key!r} needs its labels: {{zh: …, en: …}}", block.line(key))
        entry.reject_unknown(LABEL_FIELDS)
        labels[str(key)] = Label(entry.required_text("zh"), entry.required_text("en"))
    if not labels:
        raise FieldError(f"{name!r} is empty; leave it out to use the default {name}", fields.line(name))
    return labels


def read_place(name: str, fields: Fields) -> Place:
    fields.reject_unknown(PLACE_FIELDS)
    aliases = fields.text_list("aliases") if "aliases" in fields.mapping else ()
    within = fields.text_list("within") if "within" in fields.mapping else ()
    return Place(
        name=name,
        en=fields.required_text("en"),
        pinyin=fields.text("pinyin", required=False) or "",
        aliases=aliases,
        within=within,
    )


def read_places(fields: Fields) -> dict[str, Place]:
    block = fields.child("places")
    if block is None:
        return dict(NO_PLACES)
    places: dict[str, Place] = {}
    for name in block.mapping:
        entry = block.child(name)
        if entry is None:
            raise FieldError(f"place {name!r} needs at least its English name: {{en: …}}", block.line(name))
        places[str(name)] = read_place(str(name), entry)
    for place in places.values():
        for parent in place.within:
            if parent not in places:
                line = block.document.line_of((*block.path, place.name, "within"))
                raise FieldError(f"place {place.name!r} lies within {parent!r}, which is not declared", line)
    return places


def read_config(fields: Fields, display: str) -> DeckConfig:
    fields.reject_unknown(CONFIG_FIELDS)
    return DeckConfig(
        themes=MappingProxyType(read_labels(fields, "themes", DEFAULT_THEMES)),
        kinds=MappingProxyType(read_labels(fields, "kinds", DEFAULT_KINDS)),
        places=MappingProxyType(read_places(fields)),
        path=display,
    )


def load_config(root: Path, display: str, problems: list[Problem]) -> DeckConfig:
    """The deck's config, or the defaults when it has none; a broken config is a problem reported
    like a broken card, and the defaults serve meanwhile."""
    path = config_path(root)
    if not path.exists():
        return DeckConfig()
    try:
        return read_config(read_fields(path, display, "deck config"), display)
    except CardFileError as error:
        problems.append(error.problem)
    except FieldError as error:
        problems.append(Problem(display, error.line, error.message))
    return DeckConfig(path=display, readable=False)


def deck_config(root: Path) -> DeckConfig:
    """The deck's config alone, read without its cards: for checking a command's options against the
    deck's vocabularies before anything else is read. A broken config gives the defaults here; its
    problems are reported when the deck itself is read."""
    return load_config(root, str(config_path(root)), [])
