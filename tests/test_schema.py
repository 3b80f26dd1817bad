"""The published JSON Schema agrees with the loader: every bundled card passes it, and it knows the
same fields and vocabularies."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from cyfacts.deck.loader import CARD_FIELDS, FIGURE_FIELDS
from cyfacts.model.cards import KINDS, THEMES
from tests.conftest import DECK, REPO

SCHEMA = json.loads((REPO / "src" / "cyfacts" / "schema" / "card.schema.json").read_text(encoding="utf-8"))


def test_schema_names_the_loaders_fields_and_vocabularies() -> None:
    properties = SCHEMA["properties"]
    assert tuple(properties) == CARD_FIELDS
    assert tuple(properties["figures"]["items"]["properties"]) == FIGURE_FIELDS
    assert tuple(properties["theme"]["enum"]) == THEMES
    assert tuple(properties["kind"]["enum"]) == KINDS


@pytest.mark.parametrize("path", sorted(p for p in DECK.glob("*/*.yaml") if p.name != "_source.yaml"), ids=str)
def test_every_bundled_card_passes_the_schema(path: Path) -> None:
    jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), SCHEMA)
