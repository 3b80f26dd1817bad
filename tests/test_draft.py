"""`cyfacts draft`: figures found in an article with their unit, qualifier, year, section and speaker,
draft cards that `validate` warns about until a person finishes them, and the round trip to search.
The articles here are made up; the bundled article's recall and precision floors come last."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from cyfacts.deck.draft import draft_figures, read_article
from cyfacts.deck.files import DRAFT_WARNING
from cyfacts.model.cards import DEFAULT_CONFIG, Deck
from cyfacts.model.figures import find_figures
from tests.conftest import REPO
from tests.runner import invoke

# A made-up article in the shape the drafter reads: title, lead, sections, an expert's name line.
MADE_UP = """\
# 示例省发展报告

近年来，示例省经济总量由2019年不足3.1万亿元增至2024年的4.2万亿元。

## 交通先行

示例省如何推进交通建设？

**李四(示例大学研究员):**综合交通加快成网。2024年，示例省铁路营业里程达5600公里，比上年增长3.5%。截至2025年6月，高铁通达
12个市州，时速350公里动车组开行约200列。

## 生态优先

**王五（示例研究院研究员）：**新增造林面积近80万亩。PM2.5浓度下降，5G基站覆盖全省。
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("经济总量由2019年不足6.4万亿元增至", [("6.4", "万亿元", "under")]),
        ("算力总规模超20000P。", [("20000", "P", "over")]),
        ("与80多个国家的创新主体", [("80", "个", "more_than")]),
        ("新增造林近80万亩", [("80", "万亩", "nearly")]),
        ("开行约200列", [("200", "列", "about")]),
        ("覆盖1万余人", [("1", "万人", "more_than")]),
        ("面积200万亩以上", [("200", "万亩", "at_least")]),
        ("时速400公里高速列车", [("400", "公里/小时", None)]),
        ("分别增长14.8%、9.8%", [("14.8", "%", None), ("9.8", "%", None)]),
        ("2024年，PM<sub>2.5</sub>浓度", []),  # a year, and part of a name
        ("5G基站与2022—2035年规划", []),
        ("截至2025年8月，第3届", []),
        ("最近3个月里", [("3", "个", None)]),  # 最近 is not 近
        ("3年来", []),
    ],
)
def test_figures_are_read_with_unit_and_qualifier(text: str, expected: list[tuple[str, str, str | None]]) -> None:
    from cyfacts.model.text import squash

    assert [(f.value, f.unit, f.qualifier) for f in find_figures(squash(text))] == expected


def test_the_article_is_read_into_sections_and_speakers() -> None:
    article = read_article(MADE_UP)
    assert article.title == "示例省发展报告"
    assert article.sections == (
        ("导语", None, None),
        ("交通先行", "李四", "示例大学研究员"),
        ("生态优先", "王五", "示例研究院研究员"),
    )
    # The line broken in mid-sentence (高铁通达 / 12个市州) is one paragraph again.
    assert any("高铁通达12个市州" in p.text for p in article.paragraphs)


def test_each_figure_gets_a_quote_year_section_and_speaker() -> None:
    found = [
        (d.figure.value, d.quote, d.year, d.year_inferred, d.as_of, d.section, d.speaker, d.metric)
        for d in draft_figures(MADE_UP, DEFAULT_CONFIG)
    ]
    assert found == [
        ("3.1", "示例省经济总量由2019年不足3.1万亿元", 2019, False, None, "导语", None, "示例省经济总量"),
        ("4.2", "增至2024年的4.2万亿元", 2024, False, None, "导语", None, "示例省经济总量"),
        ("5600", "2024年，示例省铁路营业里程达5600公里", 2024, False, None, "交通先行", "李四", "示例省铁路营业里程"),
        # Its subject is in the clause before (比上年增长…), so the quote holds that clause too.
        (
            "3.5",
            "2024年，示例省铁路营业里程达5600公里，比上年增长3.5%",
            2024,
            False,
            None,
            "交通先行",
            "李四",
            "示例省铁路营业里程增速",
        ),
        # The line the layout broke (高铁通达 / 12个市州) is read whole; 截至2025年6月 gives as_of.
        ("12", "截至2025年6月，高铁通达12个市州", 2025, False, "2025-06", "交通先行", "李四", "市州数量"),
        # No year in the sentence: the paragraph's last, inferred.
        ("350", "时速350公里动车组开行", 2025, True, None, "交通先行", "李四", "动车组开行"),
        ("200", "动车组开行约200列", 2025, True, None, "交通先行", "李四", "动车组开行数量"),
        ("80", "新增造林面积近80万亩", 2025, True, None, "生态优先", "王五", "新增造林面积"),
    ]  # and neither 2.5 of PM2.5 nor the 5 of 5G


def draft_into(tmp_path: Path) -> tuple[Path, Path]:
    root = tmp_path / "deck"
    root.mkdir()
    (root / "cyfacts.yaml").write_text("places:\n  示例省: {en: Example Province}\n", encoding="utf-8")
    article = tmp_path / "article.txt"
    article.write_text(MADE_UP, encoding="utf-8")
    return root, article


def test_draft_writes_cards_and_a_source_record_that_validate_warns_about(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, article = draft_into(tmp_path)
    result = invoke("draft", str(article), "--source", "demo-2025", "--out", str(root / "demo-2025"), "--lang", "en")
    assert result.exit_code == 0, result.stderr
    written = result.stdout.splitlines()
    assert len(written) == 9  # eight figures and _source.yaml
    assert result.stderr.startswith(f"cyfacts: drafted 8 cards in {root / 'demo-2025'}\n")
    cards = {p.name: p.read_text(encoding="utf-8") for p in (root / "demo-2025").glob("*.yaml")}
    (later,) = [text for text in cards.values() if 'value: "4.2"' in text]
    assert 'quote: "增至2024年的4.2万亿元"' in later
    assert 'places: ["示例省"]' in later  # named in its sentence, not in its quote
    record = (root / "demo-2025" / "_source.yaml").read_text(encoding="utf-8")
    assert 'text: "../../article.txt"' in record
    assert 'name: "李四"' in record
    monkeypatch.chdir(root)
    check = invoke("validate", "--lang", "en")
    assert check.exit_code == 0, check.stdout  # drafts are warned about, not wrong
    lines = check.stdout.splitlines()
    assert len(lines) == 8
    assert all(line.endswith(":4: warning: " + DRAFT_WARNING) for line in lines)
    assert check.stderr == "cyfacts: 8 cards in 1 source, no problems, quotes proven against 1 text, 8 warnings\n"
    coverage = invoke("validate", "--coverage")
    assert [line for line in coverage.stdout.splitlines() if "warning" not in line] == [
        "../article.txt:14: 2.5 is in no card's quote: …面积近80万亩。PM[2.5]浓度下降，5G基站覆…",
        "../article.txt:14: 5 is in no card's quote: …PM2.5浓度下降，[5]G基站覆盖全省。…",
    ]
    assert invoke("search", "铁路", "--json").exit_code == 1  # a draft is not served


def test_drafting_again_adds_nothing_and_overwrites_nothing(tmp_path: Path) -> None:
    root, article = draft_into(tmp_path)
    out = str(root / "demo-2025")
    invoke("draft", str(article), "--source", "demo-2025", "--out", out)
    again = invoke("draft", str(article), "--source", "demo-2025", "--out", out, "--lang", "en")
    assert again.exit_code == 0
    assert again.stdout == ""
    assert "drafted 0 cards" in again.stderr
    assert "8 figures already have cards" in again.stderr
    other = invoke("draft", str(article), "--source", "other", "--out", out)
    assert other.exit_code == 2
    assert "holds source 'demo-2025', not 'other'" in other.stderr


def test_a_finished_draft_is_served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, article = draft_into(tmp_path)
    out = root / "demo-2025"
    invoke("draft", str(article), "--source", "demo-2025", "--out", str(out))
    (path,) = [p for p in out.glob("*.yaml") if 'value: "5600"' in p.read_text(encoding="utf-8")]
    text = path.read_text(encoding="utf-8")
    text = text.replace("draft: true\n", "").replace('claim: ""', "claim: 2024年示例省铁路营业里程为5600公里。")
    text = text.replace('claim_en: ""', "claim_en: In 2024 the province's railways ran 5,600 km.")
    text = "".join(
        "tags: [铁路营业里程, railway length]\n" if line.startswith("tags:") else line
        for line in text.splitlines(keepends=True)
    )
    path.write_text(text, encoding="utf-8")
    monkeypatch.chdir(root)
    check = invoke("validate", "--lang", "en")
    assert check.exit_code == 0
    assert "7 warnings" in check.stderr  # the drafts left, each once: their places are the person's to write
    found = invoke("search", "铁路", "--json")
    assert found.exit_code == 0
    assert found.json()[0]["figures"][0]["text"] == "5600公里"


def test_draft_refuses_what_it_cannot_use(tmp_path: Path) -> None:
    root, article = draft_into(tmp_path)
    assert "no such file" in invoke("draft", "nowhere.txt", "--source", "x", "--out", str(root), "--lang", "en").stderr
    bad = invoke("draft", str(article), "--source", "Not A Slug", "--out", str(root / "x"))
    assert bad.exit_code == 2
    assert "must be a lowercase slug" in bad.stderr


def benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location("draft_benchmark", REPO / "benchmarks" / "draft.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["draft_benchmark"] = module
    spec.loader.exec_module(module)
    return module


def test_draft_recall_and_precision_on_the_bundled_article(deck: Deck, article: str) -> None:
    from cyfacts.model.text import squash

    measure = benchmark()
    recall, precision, missed, false = measure.measure(measure.drafted(article, deck), deck, squash(article))
    assert recall >= 0.95, missed
    assert precision >= 0.95, false
