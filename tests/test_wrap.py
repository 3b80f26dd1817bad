"""Line breaking and fitted tables: what must stay whole stays whole at any width."""

from __future__ import annotations

import io

import pytest
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from cyfacts.environment import Environment
from cyfacts.render.grid import Block, Column, block_lines, fitted_table, flex_width
from cyfacts.render.wrap import atoms, narrowest_fit, wrap

CLAIM = "成渝地区双城经济圈2019年的经济总量还不到6.4万亿元。"


@pytest.mark.parametrize("width", range(8, 60))
def test_chinese_wraps_anywhere_but_inside_a_number(width: int) -> None:
    lines = wrap(CLAIM, width)
    assert "".join(lines) == CLAIM
    assert all(cell_len(line) <= width for line in lines)
    assert any("6.4" in line for line in lines)
    assert any("2019" in line for line in lines)


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("截至2025年8月，成渝地区", 16, ["截至2025年8月，", "成渝地区"]),  # ， never starts a line
        ("在国家“东数西算”工程中", 10, ["在国家“东", "数西算”工", "程中"]),  # “ never ends one
        ("超过20000P。", 8, ["超过", "20000P。"]),  # 20000P and its 。 stay together
        ("exceeded 20,000 P.", 12, ["exceeded", "20,000 P."]),
        ("产业 · 加快构建特色产业体系", 24, ["产业 ·", "加快构建特色产业体系"]),  # a break at a space is preferred
        ("ind-computing-power-2025-08", 10, ["ind-comput", "ing-power-", "2025-08"]),  # folded only when wider
        ("a\nb  c", 10, ["a", "b  c"]),
        ("", 10, [""]),
    ],
)
def test_lines_break_where_an_editor_breaks_them(text: str, width: int, lines: list[str]) -> None:
    assert wrap(text, width) == lines


@pytest.mark.parametrize(
    ("text", "whole"),
    [
        ("PM2.5浓度", "PM2.5"),
        ("R&D投入", "R&D"),
        ("2025-08", "2025-08"),
        ("Chengdu-Chongqing region", "Chengdu-Chongqing"),
    ],
)
def test_latin_words_and_numbers_are_one_span(text: str, whole: str) -> None:
    assert whole in [text[start:end] for start, end in atoms(text)]


def test_the_narrowest_fit_is_the_longest_unbreakable_span() -> None:
    assert narrowest_fit("截至2025年8月") == 4
    assert narrowest_fit("ind-computing-power-2025-08 is an id") == len("ind-computing-power-2025-08")


def columns(claims: list[str], ids: list[str]) -> list[Column]:
    return [
        Column("claim", [Text(c) for c in claims], flex=True),
        Column("id", [Text(i) for i in ids]),
    ]


def test_the_flex_column_takes_the_slack_up_to_what_it_needs() -> None:
    cols = columns([CLAIM], ["lead-gdp-2019"])
    assert flex_width(cols, 200, 20) == cell_len(CLAIM)  # never wider than its text
    assert flex_width(cols, 60, 20) == 60 - 2 - len("lead-gdp-2019")
    assert flex_width(cols, 30, 20) is None  # too narrow to read: the caller draws blocks


def render(renderable: object, width: int) -> list[str]:
    console = Console(width=width, color_system=None, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(renderable)
    return console.export_text(styles=False).splitlines()


@pytest.mark.parametrize("width", [34, 50, 80])
def test_a_fitted_table_keeps_whole_columns_whole(width: int) -> None:
    table = fitted_table(columns([CLAIM], ["lead-gdp-2019"]), width, 10)
    assert table is not None
    lines = render(table, width)
    assert sum("lead-gdp-2019" in line for line in lines) == 1
    assert all(cell_len(line.rstrip()) <= width for line in lines)


def test_a_block_keeps_its_head_and_pieces_whole_even_when_wider_than_the_width() -> None:
    block = Block(
        Text("1  inn-economic-administrative-zone-separation-reform"),
        [Text("超20000P"), Text("2025*")],
        [Text(CLAIM)],
        3,
    )
    lines = block_lines(block, 30).plain.split("\n")
    assert lines[0] == "1  inn-economic-administrative-zone-separation-reform"
    assert lines[1] == "   超20000P · 2025*"
    assert all(cell_len(line) <= 30 for line in lines[1:])


def test_shown_lines_carry_no_trailing_spaces() -> None:
    import io

    out = io.StringIO()
    env = Environment(stdout=out, env={"COLUMNS": "60"})
    table = fitted_table(columns(["短", CLAIM], ["a", "lead-gdp-2019"]), 60, 10)
    assert table is not None
    env.show(table)
    lines = out.getvalue().splitlines()
    assert lines
    assert all(line == line.rstrip() for line in lines)


def test_a_message_on_a_narrow_terminal_breaks_between_words(monkeypatch: pytest.MonkeyPatch) -> None:
    # The terminal's own wrap breaks inside a word (the q|uery, “G|DP”); cyfacts breaks between them.
    import cyfacts.environment

    err = io.StringIO()
    monkeypatch.setattr(cyfacts.environment, "terminal_width", lambda stream: 40)
    env = Environment(stderr=err, env={})
    env.break_lines = wrap
    env.warn("cyfacts: metric: 存款余额年均增速; the query may also mean “存款余额” (name one to see it)")
    env.warn("  did you mean 重庆? or 成渝地区双城经济圈, the region around them?")
    assert err.getvalue().splitlines() == [
        "cyfacts: metric: 存款余额年均增速; the",
        "query may also mean “存款余额” (name one",
        "to see it)",
        "  did you mean 重庆? or",
        "  成渝地区双城经济圈, the region around",
        "  them?",
    ]
