"""`cyfacts validate` as a compiler: it finds the deck from where you stand, names files from there,
reports every problem of a file at once with hints for common slips, and proves quotes against the
source text (made-up articles here; the bundled deck's own article in tests/test_deck.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cards import SOURCE, card, write_deck
from tests.conftest import ARTICLE, DECK
from tests.runner import invoke

# A made-up article in the shape of the real ones: a title, a lead, a section with an expert's answer.
ARTICLE_TEXT = """\
# 示例地区发展报告

示例地区经济总量由2019年不足6.4万亿元增至2024年的8.7万亿元。

## 产业

**张三(某研究院研究员):**2024年，示例地区粮食总产量达3811.6万吨。截至2025年8月，
算力总规模超20000P。
"""


@pytest.fixture
def deck(tmp_path: Path) -> Path:
    root = write_deck(tmp_path / "deck", {"demo-gdp-2024": card()})
    (root / "demo" / "article.txt").write_text(ARTICLE_TEXT, encoding="utf-8")
    return root


def with_text(root: Path) -> None:
    record = root / "demo" / "_source.yaml"
    record.write_text(record.read_text(encoding="utf-8") + "text: article.txt\n", encoding="utf-8")


def test_a_bare_validate_checks_the_deck_around_the_current_folder(deck: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (deck / "demo" / "demo-gdp-2024.yaml").write_text(card(year="year: 2023"), encoding="utf-8")
    monkeypatch.chdir(deck / "demo")
    result = invoke("validate")
    assert result.exit_code == 1
    assert result.stdout == (
        "demo-gdp-2024.yaml:9: year 2023 is not stated in the quote (2024); quote the year or set year_inferred: true\n"
    )
    monkeypatch.chdir(deck)
    assert invoke("validate").stdout.startswith("demo/demo-gdp-2024.yaml:9: ")
    assert invoke("validate", "demo").stdout.startswith("demo/demo-gdp-2024.yaml:9: ")


def test_validate_dot_inside_a_source_folder(deck: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(deck / "demo")
    result = invoke("validate", ".", "--lang", "en")
    assert result.exit_code == 0, result.stdout
    assert result.stderr == (
        "cyfacts: 1 card in 1 source, no problems; the quotes of 1 source were not proven: no source text "
        "(give --text, or text: in _source.yaml)\n"
    )


def test_without_a_deck_around_the_bundled_one_serves(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("search", "算力", "--json")
    assert result.exit_code == 0
    assert result.json()[0]["id"] == "ind-computing-power-2025-08"


def test_the_repo_root_is_not_taken_for_a_deck(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DECK.parent)  # the README's quick start: `cyfacts search 算力` from the checkout
    assert invoke("search", "算力", "--json").json()[0]["id"] == "ind-computing-power-2025-08"


def test_every_problem_of_a_file_in_one_run(deck: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = card(theme="theme: inovation", kind="kind: figur", year="year: 2023", colour="colour: red")
    (deck / "demo" / "demo-gdp-2024.yaml").write_text(broken, encoding="utf-8")
    monkeypatch.chdir(deck)
    result = invoke("validate", "--lang", "en")
    lines = result.stdout.splitlines()
    assert len(lines) == 4
    assert [line.split(":")[1] for line in lines] == ["8", "9", "10", "15"]
    assert "(did you mean 'innovation'?)" in lines[0]
    assert "(did you mean 'figure'?)" in lines[2]
    assert result.stderr == (
        "cyfacts: 4 problems in 1 card file; the quotes of 1 source were not proven: no source text "
        "(give --text, or text: in _source.yaml)\n"
    )


@pytest.mark.parametrize(
    ("replace", "line", "hint"),
    [
        ({"theme": "theme： overview"}, 8, "'theme：' has a full-width colon; YAML needs an ASCII colon and a space"),
        (
            {"figures": 'figures:\n\t- value: "8.7"\n\t  unit: 万亿元'},
            12,
            "the line is indented with a tab; YAML indents with spaces only",
        ),
        ({"claim": "claim: *重要* 经济总量8.7万亿元"}, 2, "a value starting with '*' is read as a YAML anchor"),
        ({"quote": "quote: &2024年的8.7万亿元"}, 4, "a value starting with '&' is read as a YAML anchor"),
    ],
)
def test_common_yaml_slips_get_a_hint_on_their_own_line(
    deck: Path, monkeypatch: pytest.MonkeyPatch, replace: dict[str, str], line: int, hint: str
) -> None:
    (deck / "demo" / "demo-gdp-2024.yaml").write_text(card(**replace), encoding="utf-8")
    monkeypatch.chdir(deck)
    (problem,) = invoke("validate").stdout.splitlines()
    assert problem.startswith(f"demo/demo-gdp-2024.yaml:{line}: ")
    assert hint in problem


def test_a_full_width_colon_on_the_last_field_is_named(deck: Path) -> None:
    text = card().replace("tags: [经济总量, GDP]", "note: 示例\n  tags： [经济总量, GDP]")
    (deck / "demo" / "demo-gdp-2024.yaml").write_text(text, encoding="utf-8")
    (problem,) = invoke("validate", str(deck)).stdout.splitlines()
    assert problem.endswith(
        "demo-gdp-2024.yaml:15: missing required field 'tags': 'tags：' has a full-width colon; "
        "YAML needs an ASCII colon and a space ('tags: ')"
    )


def test_a_bad_field_in_the_source_record_is_one_problem(deck: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (deck / "demo" / "demo-gdp-2024.yaml").write_text(card(), encoding="utf-8")
    (deck / "demo" / "other-2024.yaml").write_text(card("other-2024"), encoding="utf-8")
    (deck / "demo" / "_source.yaml").write_text(SOURCE + "pages: A7\n", encoding="utf-8")
    monkeypatch.chdir(deck)
    result = invoke("validate")
    assert result.stdout == "demo/_source.yaml:19: unknown field 'pages' (did you mean 'page'?)\n"


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("issued: 2025/9/1", "unknown field 'issued'"),
        ("url: www.example.com", "url 'www.example.com' must start with http:// or https://"),
        ("accessed: yesterday", "field 'accessed' is 'yesterday'; write the date as YYYY-MM-DD"),
    ],
)
def test_source_record_fields_are_checked(deck: Path, field: str, message: str) -> None:
    (deck / "demo" / "_source.yaml").write_text(SOURCE + field + "\n", encoding="utf-8")
    (problem,) = invoke("validate", str(deck)).stdout.splitlines()
    assert f"_source.yaml:19: {message}" in problem


def test_a_bad_date_is_located(deck: Path) -> None:
    (deck / "demo" / "_source.yaml").write_text(SOURCE.replace("date: null", "date: 2025/9/1"), encoding="utf-8")
    (problem,) = invoke("validate", str(deck)).stdout.splitlines()
    assert problem.endswith(
        "_source.yaml:5: field 'date' is '2025/9/1'; write the date as YYYY-MM-DD (or YYYY-MM, YYYY)"
    )


def test_quotes_are_proven_against_the_named_text(deck: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with_text(deck)
    monkeypatch.chdir(deck)
    assert (
        invoke("validate", "--lang", "en").stderr
        == "cyfacts: 1 card in 1 source, no problems, quotes proven against 1 text\n"
    )
    assert invoke("validate").stderr == "cyfacts: 1张卡片，1个来源，没有问题，引文已对照1份原文核实\n"
    wrong = card(quote="quote: 2024年的8.7万亿美元", figures='figures:\n  - value: "8.7"\n    unit: 万亿美元')
    (deck / "demo" / "demo-gdp-2024.yaml").write_text(wrong, encoding="utf-8")
    assert invoke("validate").stdout == (
        "demo/demo-gdp-2024.yaml:4: the quote is not in the text (article.txt): it agrees up to "
        "'2024年的8.7万亿', where the text goes on '元。##产业**张三(某'\n"
    )


def test_a_qualifier_just_outside_the_quote_is_seen(deck: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with_text(deck)
    (deck / "demo" / "demo-power.yaml").write_text(
        card(
            "demo-power",
            quote="quote: 算力总规模超20000P",
            claim="claim: 算力总规模超过20000P。",
            year="year: 2025\nyear_inferred: true",
            figures='figures:\n  - value: "20000"\n    unit: P',
        ),
        encoding="utf-8",
    )
    monkeypatch.chdir(deck)
    assert invoke("validate").stdout == (
        "demo/demo-power.yaml:13: figure qualifier is none, but the quote writes '超20000P' (qualifier over)\n"
    )
    (deck / "demo" / "demo-power.yaml").write_text(
        card(
            "demo-power",
            quote="quote: 20000P",
            claim="claim: 算力总规模超过20000P。",
            year="year: 2025\nyear_inferred: true",
            figures='figures:\n  - value: "20000"\n    unit: P',
        ),
        encoding="utf-8",
    )
    assert invoke("validate").stdout == (
        "demo/demo-power.yaml:13: the figure is '20000P', but the text writes '超20000P' around the quote "
        "(unit 'P', qualifier over)\n"
    )


def test_coverage_lists_every_number_no_quote_carries(deck: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(deck)
    result = invoke("validate", "--text", "demo/article.txt", "--coverage")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "demo/article.txt:3: 2019 is in no card's quote: …告示例地区经济总量由[2019]年不足6.4万亿元增…",
        "demo/article.txt:3: 6.4 is in no card's quote: …总量由2019年不足[6.4]万亿元增至2024年…",
        "demo/article.txt:7: 2024 is in no card's quote: …研究院研究员):**[2024]年，示例地区粮食总产…",
        "demo/article.txt:7: 3811.6 is in no card's quote: …示例地区粮食总产量达[3811.6]万吨。截至2025年…",
        "demo/article.txt:7: 2025 is in no card's quote: …811.6万吨。截至[2025]年8月，算力总规模超…",
        "demo/article.txt:7: 8 is in no card's quote: …万吨。截至2025年[8]月，算力总规模超20…",
        "demo/article.txt:8: 20000 is in no card's quote: …年8月，算力总规模超[20000]P。…",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--text", "nowhere.txt"), "--text: no such file 'nowhere.txt' (for source 'demo')"),
        (("--text", "other=demo/article.txt"), "--text other=demo/article.txt: no source 'other' in this deck"),
        (("--coverage",), "--coverage needs the source's text"),
    ],
)
def test_text_options_are_usage_errors_when_wrong(
    deck: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], message: str
) -> None:
    monkeypatch.chdir(deck)
    result = invoke("validate", *args, "--lang", "en")
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_bare_text_file_needs_a_source_name_in_a_deck_of_several(deck: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    other = deck / "other"
    other.mkdir()
    (other / "_source.yaml").write_text(SOURCE.replace("id: demo", "id: other"), encoding="utf-8")
    (other / "demo-gdp-2024.yaml").write_text(card(source="source: other"), encoding="utf-8")
    monkeypatch.chdir(deck)
    bare = invoke("validate", "--text", "demo/article.txt", "--lang", "en")
    assert bare.exit_code == 2
    assert "write --text SOURCE=demo/article.txt (sources: demo, other)" in bare.stderr
    named = invoke("validate", "--text", "demo=demo/article.txt", "--lang", "en")
    assert named.exit_code == 0, named.stdout  # one id in two sources is fine
    assert "2 cards in 2 sources, no problems, quotes proven against 1 text" in named.stderr


def test_the_bundled_deck_is_proven_against_its_article(monkeypatch: pytest.MonkeyPatch) -> None:
    if not ARTICLE.is_file():
        pytest.skip(f"source article not found at {ARTICLE}: ../shared/seeds/ is absent in this checkout")
    monkeypatch.chdir(DECK)
    result = invoke("validate", "--text", str(ARTICLE), "--coverage", "--lang", "en")
    assert result.exit_code == 0, result.stdout
    assert result.stdout == ""
    assert "no problems, quotes proven against 1 text" in result.stderr


def test_a_text_the_record_names_but_that_is_missing_is_located(deck: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with_text(deck)
    (deck / "demo" / "article.txt").unlink()
    monkeypatch.chdir(deck)
    result = invoke("validate")
    assert result.exit_code == 1
    assert result.stdout == (
        "demo/_source.yaml:19: the text file 'article.txt' named here: cannot read it: No such file or directory\n"
    )


def test_the_deck_is_the_nearest_folder_that_looks_like_one(tmp_path: Path) -> None:
    from cyfacts.deck.locate import enclosing_deck

    root = write_deck(tmp_path / "decks" / "mine", {"demo-gdp-2024": card()})
    (root / "demo" / "notes").mkdir()
    assert enclosing_deck(root / "demo" / "notes") == root.resolve()  # a folder of sources
    assert enclosing_deck(root) == root.resolve()
    assert enclosing_deck(tmp_path / "decks") is None
    # From inside a source folder, its parent: the folder of sources that holds it.
    assert enclosing_deck(root / "demo") == root.resolve()


def test_a_claim_that_does_not_write_its_figure_is_a_problem(deck: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A reader reads and quotes the claim: 8.1 beside a figure of 8.7 is caught, not only a bad quote.
    (deck / "demo" / "demo-gdp-2024.yaml").write_text(
        card(claim="claim: 2024年示例地区经济总量达到8.1万亿元。"), encoding="utf-8"
    )
    monkeypatch.chdir(deck)
    result = invoke("validate")
    assert result.exit_code == 1
    assert result.stdout == (
        "demo/demo-gdp-2024.yaml:2: the claim does not write the figure's value '8.7'; write it as the quote does\n"
    )


def test_a_projects_facts_folder_is_its_deck(tmp_path: Path) -> None:
    # From a checkout's root (or any folder in it), its facts/ is read, not the copy an installed
    # cyfacts carries: an edited card is served at once.
    from cyfacts.deck.locate import enclosing_deck

    project = tmp_path / "project"
    deck = write_deck(project / "facts", {"demo-gdp-2024": card()})
    (deck / "cyfacts.yaml").write_text("# the deck's config\n", encoding="utf-8")
    (project / "src").mkdir()
    assert enclosing_deck(project) == deck.resolve()
    assert enclosing_deck(project / "src") == deck.resolve()


@pytest.mark.parametrize(
    ("claim", "said"),
    [
        ("2024年示例地区的经济总量为8.7亿元。", "the claim does not write 8.7万亿, the figure's magnitude (8.7万亿元)"),
        ("2024年示例地区的经济总量为8.7万亿元。", None),
    ],
)
def test_a_claim_must_write_its_figure_at_its_magnitude(
    deck: Path, monkeypatch: pytest.MonkeyPatch, claim: str, said: str | None
) -> None:
    (deck / "demo" / "demo-gdp-2024.yaml").write_text(card(claim=f"claim: {claim}"), encoding="utf-8")
    monkeypatch.chdir(deck)
    result = invoke("validate")
    assert result.stdout == (f"demo/demo-gdp-2024.yaml:2: {said}\n" if said else "")


@pytest.mark.parametrize(
    ("claim", "problem"),
    [
        ("经济总量还不到6.4万亿元。", None),
        (
            "经济总量为6.4万亿元。",
            "the claim does not say the figure's qualifier (不足6.4万亿元): write it as the quote does",
        ),
    ],
)
def test_a_claim_must_say_its_figures_qualifier(claim: str, problem: str | None) -> None:
    from cyfacts.deck.checks import claim_figure_problem
    from cyfacts.model.cards import Figure

    figure = Figure("6.4", "万亿元", "under", 6.4e12, "CNY", "经济总量")
    assert claim_figure_problem(figure, claim) == problem
