"""The commands in-process through Typer's CliRunner: success and error paths, exit codes, streams."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len

from cyfacts import __version__
from tests.cards import SOURCE, card, write_deck
from tests.conftest import DECK
from tests.runner import invoke


def test_search_table_shows_the_card() -> None:
    result = invoke("search", "算力", "--format", "table", env={"COLUMNS": "140"})
    assert result.exit_code == 0
    assert "ind-computing-power-2025-08" in result.stdout
    assert "超20000P" in result.stdout
    assert "\x1b[" not in result.stdout  # not a terminal: no ANSI codes
    assert "…" not in result.stdout  # long Chinese text folds, never cut


SEARCH_IDS = ["ind-computing-power-2025-08", "ind-east-data-west-computing-hub", "ind-data-centers-2025-08"]


@pytest.mark.parametrize("columns", [20, 40, 60, 80, 100, 120])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_tables_fit_the_width_and_never_break_an_id_or_a_figure(columns: int, lang: str) -> None:
    result = invoke("search", "算力", "--format", "table", "--lang", lang, env={"COLUMNS": str(columns)})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    whole = [line.strip() for line in lines]
    for card_id in SEARCH_IDS:  # each id whole on its line, even where it is wider than the terminal
        assert any(card_id in line for line in whole), card_id
    assert any(("超20000P" if lang == "zh" else "over 20,000 P") in line for line in lines)
    assert all(cell_len(line) <= columns for line in lines if not any(i in line for i in SEARCH_IDS))
    assert all(line == line.rstrip() for line in lines)  # no trailing spaces
    assert "…" not in result.stdout


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_numbers_in_a_claim_are_never_split(lang: str) -> None:
    """6.4 and 2019 stay whole in the claim at every width, in the table and in blocks alike."""
    for columns in range(24, 121, 3):
        result = invoke("search", "经济总量", "--format", "table", "--lang", lang, env={"COLUMNS": str(columns)})
        lines = [line.strip() for line in result.stdout.splitlines()]
        broken_ends = ("6.", "圈2", "圈20", "圈201", "In 20", "In 201")
        assert not any(line.endswith(broken_ends) for line in lines), (columns, result.stdout)
        broken_starts = (".4", "4万亿", "019", "19年", "9年")
        assert not any(line.startswith(broken_starts) for line in lines), (columns, result.stdout)


def test_search_json_is_an_array_of_full_results() -> None:
    result = invoke("search", "粮食", "--json")
    assert result.exit_code == 0
    records = json.loads(result.stdout)
    assert records[0]["id"] == "ind-grain-output-2024"
    assert records[0]["rank"] == 1
    for key in ("id", "claim", "claim_en", "quote", "theme", "section", "year", "figures", "score", "speaker"):
        assert key in records[0]
    assert "\\u" not in result.stdout


def test_search_jsonl_and_csv() -> None:
    lines = invoke("search", "存款", "--jsonl").stdout.splitlines()
    assert [json.loads(line)["rank"] for line in lines] == list(range(1, len(lines) + 1))
    csv_text = invoke("search", "存款", "--csv").stdout
    assert csv_text.startswith("rank,score,coverage,missing,scope,id,claim")  # no byte-order mark unless --bom
    with_bom = invoke("search", "存款", "--csv", "--bom").stdout
    assert with_bom.startswith("\ufeffrank,score,coverage,missing,scope,id,claim")


def test_no_match_exits_1_and_json_prints_empty_array() -> None:
    result = invoke("search", "比特币", "--json", "--lang", "en")
    assert result.exit_code == 1
    assert result.stdout == "[]\n"
    assert "no card matches '比特币'" in result.stderr
    assert invoke("search", "比特币").stderr.startswith("cyfacts: 没有卡片匹配 '比特币'\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("search", "算力", "--theme", "economy"),
            "valid values: overview (综述), industry (产业), innovation (创新), consumption (消费), ecology (生态)",
        ),
        (
            ("search", "算力", "--kind", "fact"),
            "valid values: figure (数据), event (事件), policy (政策), assessment (评估), recommendation (建议)",
        ),
        (("search", "算力", "--json", "--csv"), "choose one output format, not --json and --csv"),
        (("search", "算力", "--limit", "0"), "--limit must be at least 1, not 0"),
        (("search", "算力", "--limit", "-3"), "--limit must be at least 1, not -3"),
        (("search", "  "), "the query is empty"),
        (("search", "？！"), "the query is empty"),
        (("search", "the", "of"), "the query holds only words that carry no topic (“the” and “of”)"),
        (("search", "的"), "the query holds only words that carry no topic (“的”)"),
        (("search",), "Missing argument"),
        (("search", "算力", "--year", "twenty"), "Invalid value for '--year'"),
        (("search", "算力", "--year", "24"), "--year takes a four-digit year (such as 2024), not 24"),
        (("list", "--since", "24"), "--since takes a four-digit year (such as 2024), not 24"),
        (("stats", "--by", "colour"), "cannot count by 'colour'"),
        (("export", "--format", "xml"), "valid formats: json, jsonl, csv, yaml"),
        (("--facts", "/nonexistent/deck", "search", "算力"), "deck folder not found: /nonexistent/deck"),
        (("search", "算力", "--limit", "5", "-n", "6"), "--limit is given 2 times; it takes one value"),
        (("--facts", "facts", "search", "算力", "--facts", "facts"), "--facts is given 2 times"),
        (("search", "算力", "--format", "html"), "valid formats: table, tsv, ids, json, jsonl, csv"),
        (("search", "算力", "--ids", "--json"), "choose one output format, not --json and --ids"),
        (("search", "算力", "--bom"), "--bom applies only to CSV output"),
        (("search", "算力", "--color", "sometimes"), "--color takes auto, always or never, not 'sometimes'"),
        (("show", "lead-gdp-2019", "--format", "csv"), "valid formats: table, tsv, json"),
    ],
)
def test_usage_errors_exit_2_with_a_message(args: tuple[str, ...], message: str) -> None:
    result = invoke(*args, "--lang", "en")
    assert result.exit_code == 2, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout == ""


def test_explain_shows_terms_fields_and_how() -> None:
    table = invoke("search", "2024", "粮食", "--explain", "--format", "table", env={"COLUMNS": "160"}).stdout
    assert "粮食: claim exact 1.00" in table
    assert "粮食: claim exact 1.00" in invoke("search", "2024", "粮食", "--explain").stdout.splitlines()[0]
    (record, *_) = json.loads(invoke("search", "算利", "--json", "--explain").stdout)
    assert [(m["term"], m["how"], m["score"]) for m in record["matches"]] == [("算利", "homophone", 0.9)]
    assert "matches" not in json.loads(invoke("search", "算力", "--json").stdout)[0]


def test_filters_narrow_search() -> None:
    records = json.loads(invoke("search", "成渝", "--theme", "ecology", "--since", "2024", "--json").stdout)
    assert records
    assert all(r["theme"] == "ecology" and r["year"] >= 2024 for r in records)
    records = json.loads(invoke("search", "成渝", "--speaker", "董亚宁", "--kind", "recommendation", "--json").stdout)
    assert {r["speaker"] for r in records} == {"董亚宁"}
    assert {r["kind"] for r in records} == {"recommendation"}


def test_show_prints_quote_and_provenance() -> None:
    result = invoke("show", "ind-computing-power-2025-08")
    assert result.exit_code == 0
    for text in (
        "超20000P",
        "截至2025年8月",
        "潘昭宇",
        "加快构建特色产业体系",
        "提升成渝地区双城经济圈发展能级",
        "2025-08",
    ):
        assert text in result.stdout
    record = json.loads(invoke("show", "lead-gdp-2019", "--json").stdout)
    assert record["figures"][0]["qualifier"] == "under"


def test_show_unknown_id_suggests_close_ids() -> None:
    result = invoke("show", "ind-computing-power", "--lang", "en")
    assert result.exit_code == 1
    assert "no card has the id 'ind-computing-power'" in result.stderr
    assert "did you mean: ind-computing-power-2025-08" in result.stderr


def test_list_with_filters_and_json() -> None:
    records = json.loads(invoke("list", "--theme", "overview", "--json").stdout)
    assert {r["id"] for r in records} >= {"lead-gdp-2019", "lead-gdp-2024"}
    assert invoke("list", "--year", "1990").exit_code == 1


def test_stats_counts_and_figures() -> None:
    result = invoke("stats", "--format", "table", env={"COLUMNS": "80"})
    assert result.exit_code == 0
    assert "按主题" in result.stdout
    assert "生态" in result.stdout
    assert "by theme" in invoke("stats", "--format", "table", "--lang", "en").stdout
    result = invoke("stats", "--theme", "ecology", "--format", "table", env={"COLUMNS": "80"})
    assert "█" in result.stdout
    assert "10.8%" in result.stdout
    record = json.loads(invoke("stats", "--json", "--by", "theme").stdout)
    assert list(record["by"]) == ["theme"]
    assert sum(c["count"] for c in record["by"]["theme"]) == record["cards"]


def test_validate_clean_deck_exits_0() -> None:
    result = invoke("validate", str(DECK), "--lang", "en")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "cards in 1 source, no problems" in result.stderr  # one source, not "1 sources"
    assert "张卡片，1个来源，没有问题" in invoke("validate", str(DECK)).stderr


def test_validate_lists_each_problem_and_exits_1(tmp_path: Path) -> None:
    write_deck(
        tmp_path, {"demo-a": card("demo-a", year="year: 2023"), "demo-b": "id: [unclosed\n", "demo-c": card("demo-a")}
    )
    result = invoke("validate", str(tmp_path), "--lang", "en")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert any(
        line.endswith(
            "demo-a.yaml:9: year 2023 is not stated in the quote (2024); quote the year or set year_inferred: true"
        )
        for line in lines
    )
    assert any("demo-b.yaml:2:1: YAML syntax error" in line for line in lines)
    assert any("demo-c.yaml:1: duplicate id 'demo-a'" in line for line in lines)
    assert "problems in 3 card files" in result.stderr


def test_broken_cards_are_skipped_with_a_count_on_stderr(tmp_path: Path) -> None:
    write_deck(tmp_path, {"demo-gdp-2024": card(), "demo-bad": "id: [\n"})
    result = invoke("--lang", "en", "--facts", str(tmp_path), "search", "经济总量", "--json")
    assert result.exit_code == 0
    assert [r["id"] for r in json.loads(result.stdout)] == ["demo-gdp-2024"]
    assert "skipped 1 of 2 card files" in result.stderr
    said = invoke("--facts", str(tmp_path), "search", "经济总量", "--json").stderr  # in the reader's language
    assert said.startswith("cyfacts: 2 个卡片文件中有 1 个无法读取，已跳过：\n")
    assert "demo-bad.yaml:2:1: YAML syntax error" in result.stderr


def test_environment_variable_points_at_another_deck(tmp_path: Path) -> None:
    write_deck(tmp_path, {"demo-gdp-2024": card()})
    result = invoke("list", "--json", env={"CYFACTS_FACTS": str(tmp_path)})
    assert [r["id"] for r in json.loads(result.stdout)] == ["demo-gdp-2024"]


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "yaml"])
def test_export_every_format(fmt: str) -> None:
    result = invoke("export", "--format", fmt)
    assert result.exit_code == 0
    assert "lead-gdp-2024" in result.stdout


def test_export_json_has_every_card(deck) -> None:  # type: ignore[no-untyped-def]
    records = json.loads(invoke("export").stdout)
    assert [r["id"] for r in records] == [c.id for c in deck.cards]


def test_version_and_help() -> None:
    assert invoke("--version").stdout == f"cyfacts {__version__}\n"
    for args in (("-h",), ("--help",)):
        assert "  cyfacts 算力" in invoke(*args).stdout
    for command in ("search", "list", "show", "stats", "validate", "export", "cite", "series", "draft", "conflicts"):
        help_text = invoke(command, "-h").stdout
        examples = help_text.split("\n\n")[1].strip().splitlines()
        assert examples[0] == "Examples:", command
        assert 2 <= len(examples) - 1 <= 3, command  # two or three real examples
        assert all(line.strip().startswith("cyfacts ") for line in examples[1:]), command
        assert "Global options, before or after the command" in help_text, command


def test_the_root_knows_each_command_by_its_module() -> None:
    """A run imports only the invoked command's module, found in COMMAND_MODULES: it must name every
    command, each by the module that registers it, in the order help lists them."""
    import typer

    from cyfacts.cli import app
    from cyfacts.cli.root import COMMAND_MODULES

    registered = {
        typer.main.get_command_name(info.name or info.callback.__name__): info.callback.__module__
        for info in app.registered_commands
        if info.callback
    }
    assert list(registered.items()) == [(name, f"cyfacts.cli.{module}") for name, module in COMMAND_MODULES.items()]


def test_card_text_is_never_read_as_markup(tmp_path: Path) -> None:
    write_deck(tmp_path, {"demo-gdp-2024": card(claim="claim: '[bold]2024年[/]示例的经济总量为8.7万亿元。'")})
    result = invoke("--facts", str(tmp_path), "search", "经济总量", "--format", "table")
    assert "[bold]2024年[/]" in result.stdout.replace("\n", "").replace(" ", "")


def unlistable(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """`folder` cannot be listed, as without read permission (which root, running CI, never lacks)."""
    listdir = os.listdir

    def refusing(path: Any = ".") -> list[str]:
        if os.fspath(path) == str(folder):
            raise PermissionError(13, "Permission denied", str(folder))
        return listdir(path)

    monkeypatch.setattr(os, "listdir", refusing)


@pytest.mark.parametrize("helpers", ["0", "2"])
def test_a_source_folder_that_cannot_be_listed_is_reported_and_the_rest_served(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, helpers: str
) -> None:
    write_deck(tmp_path / "deck", {"demo-gdp-2024": card()})
    other = write_deck(tmp_path / "other", {"other-gdp": card("other-gdp")}) / "demo"
    locked = other.rename(tmp_path / "deck" / "locked")
    (locked / "_source.yaml").write_text(SOURCE.replace("id: demo", "id: locked"), encoding="utf-8")
    unlistable(monkeypatch, locked)
    monkeypatch.setenv("CYFACTS_SWEEP_HELPERS", helpers)
    result = invoke("--facts", str(tmp_path / "deck"), "search", "经济总量", "--json", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert [r["id"] for r in json.loads(result.stdout)] == ["demo-gdp-2024"]
    assert result.stderr.splitlines()[:2] == [
        "cyfacts: part of the deck could not be read:",
        "  deck/locked: cannot list its card files: Permission denied",
    ]
    monkeypatch.chdir(tmp_path)  # validate names files from where the user stands
    check = invoke("validate", "deck", "--lang", "en")
    assert check.exit_code == 1
    assert check.stdout == "deck/locked: cannot list its card files: Permission denied\n"
    assert "cyfacts: 1 problem in 1 card file" in check.stderr


def test_a_deck_folder_that_cannot_be_listed_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    deck = write_deck(tmp_path / "deck", {"demo-gdp-2024": card()})
    unlistable(monkeypatch, deck)
    result = invoke("--lang", "en", "--facts", str(deck), "search", "经济总量")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"cyfacts: cannot read the deck folder {deck}: Permission denied")


@pytest.mark.parametrize(
    ("flags", "count", "note"),
    [([], 47, ""), (["--limit", "5"], 5, "cyfacts: showing 5 of 47\n"), (["--limit", "500"], 47, "")],
)
def test_list_json_takes_a_limit(flags: list[str], count: int, note: str) -> None:
    result = invoke("list", "--theme", "industry", "--json", "--lang", "en", *flags)
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)) == count
    assert result.stderr == note


def test_a_long_list_table_is_cut_with_a_note(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("cyfacts.cli.lookup.TABLE_ROWS", 4)
    result = invoke("list", "--theme", "industry", "--format", "table", "--lang", "en")
    assert result.exit_code == 0
    assert result.stderr == "cyfacts: showing 4 of 47 (--limit N for more)\n"
    assert invoke("list", "--theme", "industry", "--limit", "47", "--format", "table").stderr == ""
    assert invoke("list", "--theme", "industry").stderr == ""  # in a pipe, every card
    assert invoke("list", "--limit", "0").exit_code == 2


@pytest.mark.parametrize(
    "args",
    [
        ("search", "算力", "--lang", "fr"),
        ("search", "算力", "--unit", "furlong"),
        ("search", "算力", "--theme", "sport"),
        ("list", "--kind", "rumour"),
        ("stats", "--by", "colour"),
        ("series", "经济总量", "--lang", "fr"),
        ("show", "lead-gdp-2024", "--unit", "furlong"),
        ("cite", "lead-gdp-2024", "--style", "mla"),
    ],
)
def test_bad_options_are_refused_before_the_deck_is_read(
    args: tuple[str, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_reading(*_: object, **__: object) -> None:
        raise AssertionError("the deck was read")

    monkeypatch.setattr("cyfacts.deck.loader.load_deck", no_reading)
    monkeypatch.setattr("cyfacts.index.catalog.require_deck", no_reading)
    cache = tmp_path / "cache"
    result = invoke(*args, env={"CYFACTS_CACHE_DIR": str(cache)})
    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith("cyfacts: ")
    assert not cache.exists()


@pytest.mark.parametrize(
    "args",
    [
        ("search", "算力", "--format", "JSON"),
        ("cite", "lead-gdp-2024", "--style", "APA"),
        ("export", "--format", "CSV"),
    ],
)
def test_a_named_choice_is_taken_in_any_case(args: tuple[str, ...]) -> None:
    lower = invoke(*(arg.lower() if arg.isascii() and arg.isupper() else arg for arg in args))
    given = invoke(*args)
    assert given.exit_code == 0
    assert given.stdout == lower.stdout


def test_a_deck_serving_no_card_says_so_not_to_use_fewer_words(tmp_path: Path) -> None:
    write_deck(tmp_path, {"demo-bad": "id: [\n"})
    said = invoke("--lang", "en", "--facts", str(tmp_path), "search", "经济总量")
    assert said.exit_code == 1
    assert "cyfacts: the deck has no card to serve (1 card file skipped)\n" in said.stderr
    assert "fewer words" not in said.stderr
