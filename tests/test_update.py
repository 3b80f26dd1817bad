"""One edit, one small update (issue 13): after any change to a deck, the cache brought up to date
holds exactly what a full rebuild holds, field by field; only the changed files are read again; and
a deck read on several cores is indexed exactly as one read on one."""

from __future__ import annotations

import io
import os
import random
import shutil
from pathlib import Path
from typing import Any

import pytest

from cyfacts.deck import loader
from cyfacts.environment import Environment
from cyfacts.index import readers, update
from cyfacts.index.build import Catalog
from cyfacts.index.catalog import with_catalog
from cyfacts.index.texts import BLOB_NAMES
from tests.cards import SOURCE, card, write_sources
from tests.conftest import DECK

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="the parallel build forks readers")


def snapshot(catalog: Catalog) -> dict[str, Any]:
    """Everything the index holds, as plain values."""
    index, deck = catalog.index, catalog.deck
    blobs = {name: index.fields[name] for name in index.fields}
    for field, sounds in index.sounds.items():
        blobs[f"{field}.pinyin"], blobs[f"{field}.initials"] = sounds.pinyin, sounds.initials
    assert set(blobs) == set(BLOB_NAMES)
    return {
        "blobs": {name: (bytes(b.data[b.begin : b.end]), [s - b.begin for s in b.starts]) for name, b in blobs.items()},
        "columns": [list(column) for column in index.columns],
        "cards": list(deck.cards),
        "sources": deck.sources,
        "problems": list(deck.problems),
        "skipped": deck.skipped,
        # What issue 12 added to the index: the words a query is read against, and the places.
        "vocabulary": tuple(index.vocabulary),
        "places": [
            dict(index.places.names),
            dict(index.places.wider),
            dict(index.places.english),
            index.places.spelled,
        ],
        "config": [dict(deck.config.themes), dict(deck.config.kinds), dict(deck.config.places), deck.config.path],
    }


def index_of(deck: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    monkeypatch.setenv("CYFACTS_CACHE_DIR", str(cache))
    return with_catalog(deck, Environment(stderr=io.StringIO()), snapshot)


def built_in_memory(deck: Path) -> dict[str, Any]:
    """The index SearchIndex.build makes of the deck as load_deck reads it: the reference."""
    from cyfacts.deck.loader import load_deck
    from cyfacts.index.build import SearchIndex

    loaded = load_deck(deck, with_lines=False)
    return snapshot(Catalog(loaded, SearchIndex.build(loaded.cards, config=loaded.config)))


def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The card files read from now on."""
    seen: list[str] = []
    read = loader.read_outcome

    def counted(path: Path | str, *args: Any, **kwargs: Any) -> loader.Outcome:
        seen.append(Path(path).name)
        return read(path, *args, **kwargs)

    monkeypatch.setattr(readers, "read_outcome", counted)
    return seen


def settle(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files just written count as settled: the tests do not wait out the racy window."""
    monkeypatch.setattr("cyfacts.index.update.racy_window", lambda folders: -(10**18))


def later(path: Path) -> None:
    """A change the fingerprint must see even where the clock has not moved on."""
    found = path.stat()
    os.utime(path, ns=(found.st_atime_ns, found.st_mtime_ns + 1_000_000_000))


EDITS = [
    "edit",
    "add",
    "remove",
    "rename",
    "duplicate",
    "break",
    "mend",
    "nest",
    "unnest",
    "source",
    "words",
    "english",
    "places",
    "inferred",
    "draft",
    "config",
]
ISSUE_12_EDITS = ("words", "english", "places", "inferred", "draft", "config")
# Words and places the edits put into a deck and take out again: the vocabulary must follow.
RARE_WORDS = ["量子通信", "低空经济", "冰雪旅游", "算力调度"]
ENGLISH_WORDS = ["quantum", "lowaltitude", "icetourism", "scheduling"]
CONFIG = """\
themes:
  overview: {{zh: 综述, en: overview}}
  industry: {{zh: 产业, en: industry}}
kinds:
  figure: {{zh: 数据, en: figure}}
places:
  川渝: {{en: Sichuan and Chongqing, pinyin: chuanyu, aliases: [{alias}]}}
  成都: {{en: Chengdu, pinyin: chengdu, aliases: [蓉城], within: [川渝]}}
{chongqing}"""
CHONGQING = "  重庆: {en: Chongqing, pinyin: chongqing, within: [川渝]}\n"


def write_config(deck: Path, alias: str = "川渝两地", chongqing: bool = True) -> None:
    """The deck config; without 重庆, a card that names it no longer reads cleanly."""
    path = deck / "cyfacts.yaml"
    existed = path.exists()
    path.write_text(CONFIG.format(alias=alias, chongqing=CHONGQING if chongqing else ""), encoding="utf-8")
    if existed:
        later(path)


def edit(deck: Path, rng: random.Random, what: str) -> None:
    folders = sorted(p for p in deck.iterdir() if p.is_dir())
    folder = rng.choice(folders)
    files = sorted(p for p in folder.glob("*.yaml") if p.name != "_source.yaml")
    target = rng.choice(files) if files else None
    source = f"source: {folder.name}"
    if what in ISSUE_12_EDITS:
        edit_what_issue_12_indexes(deck, rng, what, target, source)
    elif what == "edit" and target is not None:
        text = target.read_text(encoding="utf-8").replace("经济总量为", f"经济总量约{rng.randint(1, 99)}为")
        target.write_text(text, encoding="utf-8")
        later(target)
    elif what == "add":
        name = f"{folder.name}-new{rng.randint(0, 10**6)}"
        (folder / f"{name}.yaml").write_text(card(name, source=source, tags="tags: [新增, added]"), encoding="utf-8")
    elif what == "remove" and target is not None:
        target.unlink()
    elif what == "rename" and target is not None:
        target.rename(folder / f"zz-{target.name}")
    elif what == "duplicate" and target is not None:
        shutil.copy(target, folder / f"dup-{rng.randint(0, 10**6)}.yaml")
    elif what == "break" and target is not None:
        target.write_text("id: [broken\n", encoding="utf-8")
        later(target)
    elif what == "mend":
        broken = [p for p in files if "broken" in p.read_text(encoding="utf-8")]
        for path in broken[:1]:
            path.write_text(card(path.stem, source=source), encoding="utf-8")
            later(path)
    elif what == "nest":
        (folder / "nested").mkdir(exist_ok=True)
        (folder / "nested" / "x.yaml").write_text(card("nested-x", source=source), encoding="utf-8")
    elif what == "unnest":
        shutil.rmtree(folder / "nested", ignore_errors=True)
    elif what == "source":
        path = folder / "_source.yaml"
        path.write_text(SOURCE.replace("id: demo", f"id: {folder.name}") + f"# {rng.random()}\n", encoding="utf-8")
        later(path)


def edit_what_issue_12_indexes(deck: Path, rng: random.Random, what: str, target: Path | None, source: str) -> None:
    """Edits to what the index holds since issue 12: words, English words, places, inferred years,
    drafts and the deck config."""
    if what == "words" and target is not None:  # a rare word in, or the last card holding it out
        word = rng.choice(RARE_WORDS)
        text = target.read_text(encoding="utf-8")
        text = text.replace(word, "") if word in text else text.replace("经济总量为", f"{word}经济总量为", 1)
        target.write_text(text, encoding="utf-8")
        later(target)
    elif what == "english" and target is not None:
        word = rng.choice(ENGLISH_WORDS)
        text = target.read_text(encoding="utf-8").replace("demo region's", f"demo {word} region's", 1)
        target.write_text(text, encoding="utf-8")
        later(target)
    elif what == "places" and target is not None:
        places = rng.choice(["places: [成都]", "places: [重庆, 成都]", "places: [川渝]", "places: []"])
        text = card(target.stem, source=source, places=places)
        target.write_text(text, encoding="utf-8")
        later(target)
    elif what == "inferred" and target is not None:
        target.write_text(card(target.stem, source=source, year_inferred="year_inferred: true"), encoding="utf-8")
        later(target)
    elif what == "draft" and target is not None:
        target.write_text(card(target.stem, source=source, draft="draft: true"), encoding="utf-8")
        later(target)
    elif what == "config":
        write_config(deck, rng.choice(["川渝两地", "巴蜀", "川渝地区"]), chongqing=rng.random() < 0.5)


@pytest.mark.parametrize("seed", range(6))
def test_an_updated_index_equals_a_full_rebuild_field_by_field(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    settle(monkeypatch)
    rng = random.Random(seed)
    deck = write_sources(tmp_path / "deck", folders=4, files=6)
    write_config(deck)
    index_of(deck, tmp_path / "kept", monkeypatch)
    for round_number in range(6):
        for what in rng.sample(EDITS, k=rng.randint(1, 3)):
            edit(deck, rng, what)
        updated = index_of(deck, tmp_path / "kept", monkeypatch)
        full = index_of(deck, tmp_path / f"fresh-{round_number}", monkeypatch)
        reference = built_in_memory(deck)
        for key in full:
            assert updated[key] == full[key], (seed, round_number, key)
            assert updated[key] == reference[key], (seed, round_number, key, "in memory")


def test_an_edit_reads_one_file_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settle(monkeypatch)
    deck = write_sources(tmp_path / "deck", folders=4, files=6)
    index_of(deck, tmp_path / "cache", monkeypatch)
    seen = reads(monkeypatch)
    index_of(deck, tmp_path / "cache", monkeypatch)
    assert seen == []  # nothing changed: the cache answers
    target = deck / "src2" / "src2-card3.yaml"
    target.write_text(target.read_text(encoding="utf-8").replace("8.7万亿元。", "9.9万亿元。"), encoding="utf-8")
    later(target)
    (deck / "src0" / "src0-card1.yaml").unlink()
    (deck / "src3" / "added.yaml").write_text(card("added", source="source: src3"), encoding="utf-8")
    after = index_of(deck, tmp_path / "cache", monkeypatch)
    assert sorted(seen) == ["added.yaml", "src2-card3.yaml"]
    assert "9.9万亿元" in next(c.claim for c in after["cards"] if c.id == "src2-card3")
    assert "src0-card1" not in [c.id for c in after["cards"]]


def test_a_file_changed_just_now_is_read_again_next_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Within the file system's clock tick a second edit could keep every number of the file: a
    file that changed that recently is not remembered as settled."""
    monkeypatch.setattr("cyfacts.index.update.racy_window", lambda folders: 60 * 10**9)  # "just now"
    deck = write_sources(tmp_path / "deck", folders=2, files=2)
    index_of(deck, tmp_path / "cache", monkeypatch)  # every file was written just now
    seen = reads(monkeypatch)
    index_of(deck, tmp_path / "cache", monkeypatch)
    assert len(seen) == 4
    settle(monkeypatch)
    index_of(deck, tmp_path / "cache", monkeypatch)
    seen.clear()
    index_of(deck, tmp_path / "cache", monkeypatch)
    assert seen == []


@needs_fork
def test_a_deck_read_on_several_cores_is_indexed_as_on_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settle(monkeypatch)
    deck = tmp_path / "deck"
    shutil.copytree(DECK, deck)
    (deck / "chengyu-twin-city-2025" / "broken.yaml").write_text("id: [\n", encoding="utf-8")
    serial = index_of(deck, tmp_path / "serial", monkeypatch)
    monkeypatch.setattr(readers, "PARALLEL_FROM", 0)
    monkeypatch.setattr(readers, "CHUNK_FILES", 7)
    monkeypatch.setattr(readers, "usable_cores", lambda: 3)
    forked: list[int] = []
    fork = os.fork

    def counted() -> int:
        pid = fork()
        if pid:
            forked.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", counted)
    parallel = index_of(deck, tmp_path / "parallel", monkeypatch)
    assert len(forked) == 3
    assert parallel == serial
    assert parallel == built_in_memory(deck)  # the deck's words, places and config included


@needs_fork
def test_chunks_a_reader_never_reports_are_read_by_the_main_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settle(monkeypatch)
    deck = tmp_path / "deck"
    shutil.copytree(DECK, deck)
    serial = index_of(deck, tmp_path / "serial", monkeypatch)
    monkeypatch.setattr(readers, "PARALLEL_FROM", 0)
    monkeypatch.setattr(readers, "CHUNK_FILES", 10)
    monkeypatch.setattr(readers.Readers, "serve", lambda *_: os._exit(1))  # readers that die at once
    assert index_of(deck, tmp_path / "parallel", monkeypatch) == serial


@pytest.mark.parametrize(
    ("ctimes", "window"),
    [
        ([1_700_000_000_000_000_000, 1_700_000_002_000_000_000], update.COARSE_RACY_NS),  # whole seconds: FAT, HFS+
        ([1_700_000_000_123_456_789, 1_700_000_002_000_000_000], update.FINE_RACY_NS),  # nanoseconds: ext4, APFS
        ([], update.FINE_RACY_NS),
    ],
)
def test_the_racy_window_follows_the_file_system_s_clock(ctimes: list[int], window: int) -> None:
    from array import array

    numbers = array("q", [n for ctime in ctimes for n in (100, ctime, ctime, 1)])
    files = update.FolderFiles(["x.yaml"] * len(ctimes), numbers, [], True, array("q"))
    assert update.racy_window({"folder": files}) == window


def test_a_word_leaves_the_vocabulary_with_its_last_card(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The update keeps how many cards hold each word: a word one card adds is read whole, and once
    its last card drops it, or goes, the vocabulary is again what a full build makes."""
    settle(monkeypatch)
    deck = write_sources(tmp_path / "deck", folders=2, files=3)
    write_config(deck)
    first, second = deck / "src0" / "src0-card0.yaml", deck / "src1" / "src1-card1.yaml"
    for path in (first, second):
        path.write_text(path.read_text(encoding="utf-8").replace("经济总量为", "低空经济总量为"), encoding="utf-8")
        later(path)
        path.write_text(path.read_text(encoding="utf-8").replace("region's", "lowaltitude region's"), encoding="utf-8")
    for number in range(3):
        if number == 1:  # the first card drops the word: the second still holds it
            first.write_text(card("src0-card0", source="source: src0"), encoding="utf-8")
            later(first)
        elif number == 2:  # and then the second card goes
            second.unlink()
        updated = index_of(deck, tmp_path / "kept", monkeypatch)
        assert updated["vocabulary"] == built_in_memory(deck)["vocabulary"], number
        held = "\n低空\n" in updated["vocabulary"][0]
        assert held == (number < 2), number
        assert ("\nlowaltitude\n" in updated["vocabulary"][3]) == (number < 2), number
