"""Helpers to write small decks for tests."""

from __future__ import annotations

from pathlib import Path

from cyfacts.model.cards import Card, Deck

SOURCE = """\
id: demo
title: 示例来源
title_en: Demo source
publisher: null
date: null
year: 2025
year_inferred: true
sections:
  - heading: 导语
    heading_en: Lead
    theme: overview
    expert: null
  - heading: 产业
    heading_en: Industry
    theme: industry
    expert:
      name: 张三
      affiliation: 某研究院研究员
"""

CARD = """\
id: {id}
claim: 2024年示例地区的经济总量为8.7万亿元。
claim_en: In 2024 the demo region's economic output was 8.7 trillion yuan.
quote: 2024年的8.7万亿元
source: demo
section: 导语
speaker: null
theme: overview
year: 2024
kind: figure
figures:
  - value: "8.7"
    unit: 万亿元
tags: [经济总量, GDP]
"""


def write_deck(root: Path, cards: dict[str, str], source: str = SOURCE) -> Path:
    folder = root / "demo"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "_source.yaml").write_text(source, encoding="utf-8")
    for name, text in cards.items():
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    return root


def card(card_id: str = "demo-gdp-2024", **replace: str) -> str:
    """The valid demo card with whole fields replaced, nested lines included: card(year="year: '2024'")."""
    blocks: list[list[str]] = []
    for line in CARD.format(id=card_id).splitlines():
        if line.startswith(" ") and blocks:
            blocks[-1].append(line)
        else:
            blocks.append([line])
    out = []
    for block in blocks:
        key = block[0].split(":", 1)[0]
        out.append(replace.pop(key) if key in replace else "\n".join(block))
    out.extend(replace.values())
    return "\n".join(out) + "\n"


FOLDERS, FILES = 6, 5  # the shape of write_sources' deck


def write_sources(root: Path, folders: int = FOLDERS, files: int = FILES) -> Path:
    """A deck of several sources, each with a few valid cards."""
    for number in range(folders):
        folder = root / f"src{number}"
        folder.mkdir(parents=True)
        (folder / "_source.yaml").write_text(SOURCE.replace("id: demo", f"id: src{number}"), encoding="utf-8")
        for item in range(files):
            text = card(f"src{number}-card{item}", source=f"source: src{number}")
            (folder / f"src{number}-card{item}.yaml").write_text(text, encoding="utf-8")
    return root


def by_id(deck: Deck, card_id: str) -> Card:
    return next(c for c in deck.cards if c.id == card_id)
