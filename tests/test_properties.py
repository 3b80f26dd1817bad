"""Property-based tests: any query, any bytes, any card text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from cyfacts.cli import app
from cyfacts.deck.files import CardFileError
from cyfacts.deck.loader import CARD_FIELDS, load_card_file, load_deck
from cyfacts.index.build import SearchIndex
from cyfacts.model.cards import Deck
from cyfacts.render.formats import to_json
from cyfacts.render.records import card_record, result_record
from cyfacts.search.ranking import search
from tests.cards import SOURCE

DERIVED_FIGURE_KEYS = ("text", "normalized", "base_unit")
slow = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_any_query_searches_without_error(query: str) -> None:
    results = search(INDEX, query, limit=5)
    text = to_json([result_record(i, r) for i, r in enumerate(results, 1)])
    assert isinstance(json.loads(text), list)


@given(st.text(max_size=80))
@slow
def test_any_query_on_the_command_line_gives_valid_json_or_a_usage_error(query: str) -> None:
    result = CliRunner().invoke(app, ["search", "--json", "--", query])
    assert result.exit_code in (0, 1, 2), result.output
    if result.exit_code in (0, 1):
        assert isinstance(json.loads(result.stdout), list)
    assert "Traceback" not in result.output


yamlish = st.text(alphabet=st.sampled_from([*"id: claim\n-[]{}&*!|>'\"#%@`,?年\t\x00\x1b", "\ufeff"]), max_size=200)


@given(st.one_of(st.binary(max_size=400), yamlish.map(lambda t: t.encode("utf-8", "surrogatepass"))))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_bytes_give_a_card_or_our_own_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "card.yaml"
    path.write_bytes(data)
    problem = None
    try:
        load_card_file(path, "card.yaml")
    except CardFileError as error:
        problem = str(error.problem)
    assert problem is None or "\n" not in problem  # a card, or one line that says what is wrong


words = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30).filter(str.strip)


@st.composite
def cards(draw: st.DrawFn) -> dict[str, Any]:
    number = draw(st.integers(min_value=0, max_value=10**6))
    return {
        "id": f"gen-{number}",
        "claim": draw(words),
        "claim_en": draw(words),
        "quote": f"{draw(words)}8.7",
        "source": "demo",
        "section": "导语",
        "subsection": draw(st.none() | words),
        "speaker": None,
        "theme": draw(st.sampled_from(["overview", "industry", "ecology"])),
        "year": draw(st.integers(min_value=1949, max_value=2100)),
        "year_inferred": True,
        "as_of": None,
        "kind": draw(st.sampled_from(["figure", "event"])),
        "places": [],
        "figures": [
            {
                "value": "8.7",
                "unit": draw(st.sampled_from(["万亿元", "%", "个", "P"])),
                "qualifier": draw(st.sampled_from([None, "over", "under"])),
                "metric": draw(st.none() | words),
            }
        ],
        "tags": draw(st.lists(words, min_size=1, max_size=5)),
        "note": draw(st.none() | words),
    }


def write(root: Path, records: list[dict[str, Any]]) -> Path:
    folder = root / "demo"
    folder.mkdir(parents=True)
    (folder / "_source.yaml").write_text(SOURCE, encoding="utf-8")
    for record in records:
        card = {key: record[key] for key in CARD_FIELDS}
        card["figures"] = [{k: v for k, v in f.items() if k not in DERIVED_FIGURE_KEYS} for f in record["figures"]]
        (folder / f"{card['id']}.yaml").write_text(yaml.safe_dump(card, allow_unicode=True), encoding="utf-8")
    return root


@given(st.lists(cards(), min_size=1, max_size=4, unique_by=lambda c: c["id"]))
@slow
def test_export_then_import_gives_the_same_deck(tmp_path_factory: Any, generated: list[dict[str, Any]]) -> None:
    first = load_deck(write(tmp_path_factory.mktemp("a"), [{**c, "figures": c["figures"]} for c in generated]))
    assert first.problems == ()
    exported = json.loads(to_json([card_record(c) for c in first.cards]))
    second = load_deck(write(tmp_path_factory.mktemp("b"), exported))
    assert [c._replace(path="", lines={}) for c in second.cards] == [c._replace(path="", lines={}) for c in first.cards]


def load_bundled() -> Deck:
    from tests.conftest import DECK

    return load_deck(DECK)


_BUNDLED = load_bundled()
INDEX = SearchIndex.build(_BUNDLED.cards, config=_BUNDLED.config)
