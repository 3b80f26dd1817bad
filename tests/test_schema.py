"""The published JSON Schema agrees with the loader: every bundled card passes it, and it knows the
same fields and vocabularies."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from cyfacts.deck.loader import CARD_FIELDS, DRAFT_FIELD, FIGURE_FIELDS
from cyfacts.model.cards import QUALIFIERS
from tests.conftest import DECK, REPO

SCHEMA = json.loads((REPO / "src" / "cyfacts" / "schema" / "card.schema.json").read_text(encoding="utf-8"))


def test_schema_names_the_loaders_fields_and_vocabularies() -> None:
    properties = SCHEMA["properties"]
    assert tuple(properties) == (*CARD_FIELDS, DRAFT_FIELD)
    assert tuple(properties["figures"]["items"]["properties"]) == FIGURE_FIELDS
    assert tuple(properties["figures"]["items"]["properties"]["qualifier"]["enum"]) == (*QUALIFIERS, None)
    # Each deck declares its own themes and kinds (cyfacts.yaml): the schema cannot fix them.
    assert properties["theme"]["type"] == properties["kind"]["type"] == "string"


def test_a_deck_of_its_own_themes_and_a_draft_pass_the_schema() -> None:
    card = yaml.safe_load((DECK / "chengyu-twin-city-2025" / "lead-gdp-2024.yaml").read_text(encoding="utf-8"))
    jsonschema.validate({**card, "theme": "transport", "kind": "plan"}, SCHEMA)
    jsonschema.validate({**card, "draft": True, "claim": "", "claim_en": "", "tags": []}, SCHEMA)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**card, "claim": ""}, SCHEMA)


@pytest.mark.parametrize("path", sorted(p for p in DECK.glob("*/*.yaml") if p.name != "_source.yaml"), ids=str)
def test_every_bundled_card_passes_the_schema(path: Path) -> None:
    jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), SCHEMA)
