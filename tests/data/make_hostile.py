"""Writes the hostile card corpus under tests/data/hostile/ and its manifest, expected.json (run from the repo root).

The expectations are written here by hand, case by case: what a user should be told about each file."""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.cards import card

OUT = Path(__file__).resolve().parent / "hostile"


def good(card_id: str, **replace: str) -> bytes:
    """The valid demo card of the test helpers, with whole fields replaced."""
    return card(card_id, **replace).encode()


cases: dict[str, dict[str, object]] = {}


def case(name: str, data: bytes | str, message: str, line: int | None = None) -> None:
    cases[name] = {"message": message, "line": line}
    (OUT / f"{name}.yaml").write_bytes(data if isinstance(data, bytes) else data.encode())


# YAML syntax and shape
case("syntax-unclosed-bracket", "id: [unclosed\n", "YAML syntax error", 2)
case("syntax-bad-indent", "id: a\n claim: b\n  quote: c\n", "YAML syntax error", 2)
case("syntax-tab-indent", "id: a\nfigures:\n\t- value: '1'\n", "YAML syntax error", 3)
case("syntax-unclosed-quote", 'id: "open\nclaim: x\n', "YAML syntax error", 3)
case("empty-file", "", "file is empty", 1)
case("only-comments", "# nothing here\n# at all\n", "file is empty", 1)
case("only-whitespace", "   \n\n  \n", "file is empty", 1)
case("several-documents", good("h-several") + b"---\nid: second\n", "several YAML documents", None)
case("list-not-mapping", "- id: a\n- id: b\n", "a card must be a mapping of fields, not a list", 1)
case("scalar-not-mapping", "just some text\n", "a card must be a mapping of fields, not text", 1)
case("number-not-mapping", "42\n", "a card must be a mapping of fields, not a number", 1)
# Object-building tags, anchors and aliases
case(
    "python-object-tag",
    "id: !!python/object/apply:os.system ['echo pwned']\n",
    "is not allowed; cards hold plain values",
    1,
)
case("python-name-tag", "id: !!python/name:os.system\n", "is not allowed; cards hold plain values", 1)
case("custom-tag", "id: !include other.yaml\n", "tag '!include' is not allowed", 1)
case("binary-tag", "id: !!binary aGVsbG8=\n", "is not allowed", 1)
case("set-tag", "tags: !!set {a: null}\n", "is not allowed", 1)
billion = (
    "a: &a [x, x, x, x, x, x, x, x, x]\n"
    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
    "d: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
)
case("billion-laughs", billion, "anchors and aliases", None)
case("simple-alias", "id: &x demo\nsource: *x\n", "anchors and aliases", None)
case("merge-key", "<<: {theme: overview}\nid: a\n", "merge keys (<<) are not allowed", 1)
# Size and depth, refused before parsing
case("too-large", "id: big\nclaim: '" + "很" * 100_000 + "'\n", "larger than 256 KiB", 1)
case("deep-brackets", "id: " + "[" * 200 + "]" * 200 + "\n", "nested deeper than 32 levels", 1)
case("deep-brackets-huge", "id: " + "[" * 200_000 + "]" * 200_000 + "\n", "larger than 256 KiB", 1)
case("deep-braces", "id: " + "{a: " * 50 + "1" + "}" * 50 + "\n", "nested deeper than 32 levels", 1)
case("deep-dashes", "tags:\n" + "- " * 100 + "x\n", "nested deeper than 32 levels", 2)
case(
    "deep-indent",
    "id: a\n" + "".join(" " * (2 * i) + f"k{i}:\n" for i in range(40)) + " " * 80 + "v: 1\n",
    "nested deeper than 32 levels",
    None,
)
# Duplicate keys
case(
    "duplicate-key", good("h-dup") + b"claim: again\n", "duplicate key 'claim' (first on line 2, again on line 15)", 15
)
case(
    "duplicate-key-in-figure",
    good("h-dupfig").replace(
        b"    unit: \xe4\xb8\x87\xe4\xba\xbf\xe5\x85\x83\n", "    unit: 万亿元\n    unit: 亿元\n".encode()
    ),
    "duplicate key 'unit' (first on line 13, again on line 14)",
    14,
)
# YAML 1.1 surprises in typed fields
case("bool-no", good("h-no", claim="claim: no"), "field 'claim' must be text, not true/false; quote this value", 2)
case(
    "bool-yes-quote",
    good("h-yes", quote="quote: yes"),
    "field 'quote' must be text, not true/false; quote this value",
    4,
)
case(
    "bool-on-speaker",
    good("h-on", speaker="speaker: on"),
    "field 'speaker' must be text, not true/false; quote this value",
    7,
)
case(
    "date-claim",
    good("h-date", claim="claim: 2025-08-01"),
    "field 'claim' must be text, not a date; quote this value",
    2,
)
case(
    "date-as-of",
    good("h-asof", **{"as_of": "as_of: 2024-08-01"}),
    "field 'as_of' must be text, not a date; quote this value",
    15,
)
case("octal-year", good("h-octal", year="year: 02024"), "write it in plain digits", 9)
case("sexagesimal-year", good("h-sexa", year="year: 20:24"), "write it in plain digits", 9)
case(
    "sexagesimal-quote",
    good("h-sexq", quote="quote: 12:30"),
    "field 'quote' must be text, not a number; quote this value",
    4,
)
case(
    "exponent-year",
    good("h-exp", year="year: 2e3"),
    "field 'year' must be a whole number, not text; write it in plain digits",
    9,
)
case(
    "float-figure-value",
    good("h-float").replace(b'value: "8.7"', b"value: 8.7"),
    "field 'value' must be text, not a number; quote this value",
    12,
)
case("null-year", good("h-nullyear", year="year: ~"), "field 'year' must be a whole number, not empty (null)", 9)
case("bool-year", good("h-boolyear", year="year: true"), "field 'year' must be a whole number, not true/false", 9)
# Encodings and bytes
case("bom", b"\xef\xbb\xbf" + good("h-bom"), "byte-order mark", 1)
case("gbk", good("h-gbk").decode().encode("gbk"), "not valid UTF-8 (GBK or another encoding?)", 2)
case("latin1", "id: caf\xe9\n".encode("latin-1"), "not valid UTF-8", 1)
case("utf16", good("h-utf16").decode().encode("utf-16"), "NUL bytes", 1)
case("nul-byte", b"id: a\x00b\n", "NUL bytes", 1)
case("binary-png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "NUL bytes", 1)
case("control-chars", b"id: a\x07b\n", "control character U+0007 is not allowed", 1)
case("escape-sequence", b"id: a\x1b[31mred\n", "control character U+001B is not allowed", 1)
# Fields: missing, wrong type, unknown, vocabulary
case("missing-claim", good("h-missing", claim=""), "missing required field 'claim'", 1)
case("missing-tags", good("h-notags", tags=""), "missing required field 'tags'", 1)
case("misspelt-field", good("h-typo", tags="tagz: [经济总量, GDP]"), "unknown field 'tagz' (did you mean 'tags'?)", 14)
case("unknown-field", good("h-unknown") + b"colour: blue\n", "unknown field 'colour'", 15)
case(
    "unknown-theme",
    good("h-theme", theme="theme: economy"),
    "use one of: overview, industry, innovation, consumption, ecology",
    8,
)
case(
    "unknown-kind",
    good("h-kind", kind="kind: fact"),
    "use one of: figure, event, policy, assessment, recommendation",
    10,
)
case("bad-id", good("h-badid", id="id: Not A Slug!"), "must be a lowercase slug", 1)
case("tags-not-list", good("h-tagstr", tags="tags: GDP"), "must be a non-empty list of text", 14)
case("tags-with-mapping", good("h-tagmap", tags="tags: [{a: b}]"), "item 1 of 'tags' must be text, not a mapping", 14)
case(
    "figures-not-list",
    good("h-figstr").replace(
        b'figures:\n  - value: "8.7"\n    unit: \xe4\xb8\x87\xe4\xba\xbf\xe5\x85\x83\n', b"figures: 8.7\n"
    ),
    "field 'figures' must be a list",
    11,
)
case(
    "figure-bad-value",
    good("h-figval").replace(b'value: "8.7"', 'value: "八点七"'.encode()),
    "figure value '八点七': not a number",
    12,
)
case(
    "figure-unknown-qualifier",
    good("h-figq").replace("    unit: 万亿元\n".encode(), "    unit: 万亿元\n    qualifier: roughly\n".encode()),
    "use one of: over, under, nearly, more_than, about",
    14,
)
case("as-of-bad-format", good("h-asofbad", **{"as_of": "as_of: '2024-8'"}), "must be YYYY-MM", 15)
case("rich-markup-id", good("h-markup", id="id: '[bold]x[/]'"), "must be a lowercase slug", 1)

(OUT / "expected.json").write_text(
    json.dumps(cases, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8"
)
print(len(cases), "cases")
