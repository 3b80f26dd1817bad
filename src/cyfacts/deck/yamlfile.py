"""Strict, safe reading of one YAML file into plain values with the line of every field.

Cards are written by hand, so this refuses what PyYAML would silently accept or could not survive:
object-building tags, anchors and aliases, duplicate keys, several documents, huge or deeply nested
files. Only PyYAML's safe composer is used; nothing is ever constructed from a tag.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import yaml

MAX_FILE_BYTES = 256 * 1024
MAX_NESTING = 32
SAFE_TAGS = {
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}
Path = tuple[str | int, ...]
# Slips people make writing YAML by hand, each found on its line and told plainly: YAML itself
# reports them late (on the next line) or not at all (the field just goes missing).
FULL_WIDTH_COLON = re.compile(r"^[ \t]*(?:-[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*：", re.MULTILINE)
TAB_INDENT = re.compile(r"^ *\t", re.MULTILINE)
ALIAS_LIKE = re.compile(r"^[ \t]*(?:-[ \t]+|[A-Za-z_][A-Za-z0-9_-]*:[ \t]+)([&*])", re.MULTILINE)


class YamlFileError(Exception):
    """The file cannot be read as one strict YAML document; carries the position where known."""

    def __init__(self, message: str, line: int = 1, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@dataclass(frozen=True, slots=True)
class Position:
    line: int
    column: int
    raw: str | None = None  # the scalar's source text, for "quote this value" hints
    plain: bool = False  # written without quotes, so YAML may have typed it


def position_of(node: yaml.Node) -> Position:
    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    if isinstance(node, yaml.ScalarNode):
        # libyaml reports a plain scalar's style as '', the pure-Python composer as None.
        return Position(line, column, node.value, not node.style)
    return Position(line, column)


class Positions(Mapping[Path, Position]):
    """Where each part of a document stands, made from its node only when asked: a card's lines are
    needed only for its problems (and by validate), and indexing a deck reads every card."""

    __slots__ = ("nodes",)

    def __init__(self, nodes: dict[Path, yaml.Node]) -> None:
        self.nodes = nodes

    def __getitem__(self, path: Path) -> Position:
        return position_of(self.nodes[path])

    def __contains__(self, path: object) -> bool:
        return path in self.nodes

    def __iter__(self) -> Iterator[Path]:
        return iter(self.nodes)

    def __len__(self) -> int:
        return len(self.nodes)


def slips(text: str) -> dict[int, str]:
    """Each line that holds a common slip, and what to do about it."""
    found: dict[int, str] = {}
    for match in ALIAS_LIKE.finditer(text):
        found[line_at(text, match.start())] = (
            f"a value starting with {match.group(1)!r} is read as a YAML anchor or alias; put the value in quotes"
        )
    for match in TAB_INDENT.finditer(text):
        found[line_at(text, match.start())] = "the line is indented with a tab; YAML indents with spaces only"
    for match in FULL_WIDTH_COLON.finditer(text):
        found[line_at(text, match.start())] = (
            f"'{match.group(1)}：' has a full-width colon; YAML needs an ASCII colon and a space ('{match.group(1)}: ')"
        )
    return found


def line_at(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def nearest_slip(text: str, line: int) -> tuple[int, str] | None:
    """The slip that most likely caused an error reported at `line`: on it, or on a line before it
    (YAML often notices a slip only on the next line)."""
    before = [(at, hint) for at, hint in slips(text).items() if at <= line]
    return max(before) if before else None


@dataclass(slots=True)
class Document:
    """A parsed file: the plain value, where each part of it stands, and its text (for hints)."""

    value: Any
    nodes: dict[Path, yaml.Node] = field(default_factory=dict)
    text: str = ""

    @property
    def positions(self) -> Positions:
        return Positions(self.nodes)

    def line_of(self, path: Path) -> int:
        while path and path not in self.nodes:
            path = path[:-1]
        return self.nodes[path].start_mark.line + 1 if path in self.nodes else 1

    def slip_naming(self, name: str) -> tuple[int, str] | None:
        """A line that meant to write field `name` but slipped (theme： …)."""
        for line, hint in slips(self.text).items():
            if hint.startswith(f"'{name}："):
                return line, hint
        return None

    def slip_on(self, line: int) -> str | None:
        return slips(self.text).get(line)


def decode(data: bytes) -> str:
    """Bytes to text, refusing what is not clean UTF-8 with a message that says what to do."""
    if data.startswith(b"\xef\xbb\xbf"):
        raise YamlFileError("file starts with a byte-order mark (BOM); save it as UTF-8 without BOM")
    if b"\x00" in data:
        raise YamlFileError("file contains NUL bytes; it is binary or UTF-16, not UTF-8 text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise YamlFileError("file is not valid UTF-8 (GBK or another encoding?); save it as UTF-8", line) from None


@cache
def deep_line() -> re.Pattern[str]:
    """A line that could nest too deep: every level takes two characters of its indentation (two
    spaces, or "- "), so it starts with more than 2 * MAX_NESTING of them."""
    return re.compile(f"^[ \\t-]{{{2 * MAX_NESTING + 1},}}", re.MULTILINE)


def check_nesting(text: str) -> None:
    """Refuse deep nesting before libyaml sees it: it can crash the whole process on deep input."""
    if text.count("[") + text.count("{") > MAX_NESTING:  # otherwise brackets cannot nest too deep
        depth = 0
        for index, char in enumerate(text):
            if char in "[{":
                depth += 1
                if depth > MAX_NESTING:
                    line = text.count("\n", 0, index) + 1
                    raise YamlFileError(f"nested deeper than {MAX_NESTING} levels", line)
            elif char in "]}":
                depth = max(0, depth - 1)
    if deep_line().search(text) is None:  # the common case, at C speed
        return
    for number, line_text in enumerate(text.splitlines(), start=1):
        if block_depth(line_text) > MAX_NESTING:
            raise YamlFileError(f"nested deeper than {MAX_NESTING} levels", number)


def block_depth(line: str) -> int:
    """How deep a line nests block collections: two spaces of indentation, or one leading "- ", a level."""
    rest = line.lstrip(" ")
    depth = (len(line) - len(rest)) // 2
    while rest[:2] in ("- ", "-\t"):
        depth += 1
        rest = rest[2:].lstrip(" \t")
    return depth


@cache
def loader_class() -> type[yaml.SafeLoader]:
    """libyaml's safe loader where it is built in, with PyYAML's own implicit typing of plain
    scalars (no, 2025-08-01, 012 …) looked up without rebuilding its lists for every scalar: the
    parser asks for each value of every card of a deck being indexed."""
    base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    resolvers = base.yaml_implicit_resolvers
    wildcard: list[Any] = resolvers.get(None) or []
    by_first = {first: [*found, *wildcard] for first, found in resolvers.items() if first is not None}
    defaults = {
        yaml.ScalarNode: base.DEFAULT_SCALAR_TAG,
        yaml.SequenceNode: base.DEFAULT_SEQUENCE_TAG,
        yaml.MappingNode: base.DEFAULT_MAPPING_TAG,
    }

    class Loader(base):  # type: ignore[valid-type,misc]
        def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
            if kind is yaml.ScalarNode and implicit[0]:
                for tag, pattern in by_first.get(value[:1], wildcard):
                    if pattern.match(value):
                        return str(tag)
            if self.yaml_path_resolvers:  # none are added; keep PyYAML's meaning if one ever is
                return str(super().resolve(kind, value, implicit))
            return defaults[kind]

    return Loader


def load_document(data: bytes) -> Document:
    if len(data) > MAX_FILE_BYTES:
        raise YamlFileError(f"file is larger than {MAX_FILE_BYTES // 1024} KiB; a card is far smaller")
    text = decode(data)
    check_nesting(text)
    loader = loader_class()(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or str(error)
        if "expected a single document" in str(error):
            problem = "file holds several YAML documents (---); one card per file"
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, None)
        slip = nearest_slip(text, line)
        if slip is not None:  # point at the slip itself, and say what it is
            return_line, hint = slip
            raise YamlFileError(f"YAML syntax error: {problem}; {hint}", return_line, None) from None
        raise YamlFileError(f"YAML syntax error: {problem}", line, column) from None
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        raise YamlFileError(f"control character U+{error.character:04X} is not allowed in YAML text", line) from None
    except yaml.YAMLError as error:
        raise YamlFileError("YAML error: " + " ".join(str(error).split())) from None
    finally:
        loader.dispose()
    if node is None:
        raise YamlFileError("file is empty")
    document = Document(None, text=text)
    document.value = _convert(node, (), document, set())
    return document


def _convert(node: yaml.Node, path: Path, document: Document, seen: set[int]) -> Any:
    if id(node) in seen:
        where = position_of(node)
        slip = document.slip_on(where.line)
        hint = f"; {slip}" if slip and "anchor" in slip else ""
        raise YamlFileError(f"anchors and aliases (&, *) are not allowed in cards{hint}", where.line, where.column)
    seen.add(id(node))
    if node.tag not in SAFE_TAGS:
        where = position_of(node)
        raise YamlFileError(f"tag {node.tag!r} is not allowed; cards hold plain values", where.line, where.column)
    document.nodes[path] = node
    if isinstance(node, yaml.MappingNode):
        return _convert_mapping(node, path, document, seen)
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, (*path, i), document, seen) for i, item in enumerate(node.value)]
    assert isinstance(node, yaml.ScalarNode)
    return _scalar(node)


def _convert_mapping(node: yaml.MappingNode, path: Path, document: Document, seen: set[int]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    first_line: dict[str, int] = {}
    for key_node, value_node in node.value:
        key_line = key_node.start_mark.line + 1
        if key_node.tag == "tag:yaml.org,2002:merge":
            raise YamlFileError("merge keys (<<) are not allowed in cards", key_line)
        if not isinstance(key_node, yaml.ScalarNode):
            raise YamlFileError("keys must be plain field names", key_line)
        key = str(key_node.value)
        if key in first_line:
            raise YamlFileError(
                f"duplicate key {key!r} (first on line {first_line[key]}, again on line {key_line})",
                key_line,
            )
        first_line[key] = key_line
        result[key] = _convert(value_node, (*path, key), document, seen)
    return result


_CONSTRUCTOR = yaml.SafeLoader("")  # only its scalar constructors are used, never a tag's object builder


STR_TAG = "tag:yaml.org,2002:str"


def _scalar(node: yaml.ScalarNode) -> Any:
    if node.tag == STR_TAG:  # most of a card: text is the scalar's value as it stands
        return node.value
    # Calling the tag's constructor directly avoids construct_object's per-loader cache.
    return _CONSTRUCTOR.yaml_constructors[node.tag](_CONSTRUCTOR, node)
