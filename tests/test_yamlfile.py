import pytest

from cyfacts.deck.yamlfile import MAX_FILE_BYTES, YamlFileError, load_document


def test_positions_are_recorded() -> None:
    document = load_document("id: a\nfigures:\n  - value: '1'\n    unit: 元\n".encode())
    assert document.value == {"id": "a", "figures": [{"value": "1", "unit": "元"}]}
    assert document.line_of(("figures", 0, "unit")) == 4
    assert document.line_of(("figures", 0, "missing")) == 3


@pytest.mark.parametrize(
    ("data", "line", "message"),
    [
        (b"", 1, "file is empty"),
        (b"# only a comment\n", 1, "file is empty"),
        (b"a: 1\nb: [1\n", 3, "YAML syntax error"),
        (b"a: 1\n---\nb: 2\n", 2, "several YAML documents"),
        (b"a: 1\nb: 2\na: 3\n", 3, "duplicate key 'a' (first on line 1, again on line 3)"),
        (b"a: &x [1]\nb: *x\n", 1, "anchors and aliases"),
        (b"a: !!python/object/apply:os.system ['true']\n", 1, "tag 'tag:yaml.org,2002:python/object/apply:os.system'"),
        (b"a: !custom 1\n", 1, "tag '!custom' is not allowed"),
        (b"\xef\xbb\xbfa: 1\n", 1, "byte-order mark"),
        (b"a: 1\x00\n", 1, "NUL bytes"),
        ("a: 1\nb: 中文\n".encode("gbk"), 2, "not valid UTF-8"),
        (b"a: " + b"[" * 200 + b"]" * 200, 1, "nested deeper than"),
        (b"<<: {a: 1}\n", 1, "merge keys (<<) are not allowed"),
        (b"? [a, b]\n: 1\n", 1, "keys must be plain field names"),
    ],
)
def test_refused_files(data: bytes, line: int, message: str) -> None:
    with pytest.raises(YamlFileError) as caught:
        load_document(data)
    assert message in caught.value.message
    assert caught.value.line == line


def test_too_large_is_refused_before_parsing() -> None:
    with pytest.raises(YamlFileError, match="larger than"):
        load_document(b"a: '" + b"x" * MAX_FILE_BYTES + b"'\n")


def test_deep_nesting_that_would_crash_libyaml_is_refused() -> None:
    with pytest.raises(YamlFileError, match="nested deeper"):
        load_document(b"[" * 200_000)
