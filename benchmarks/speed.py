"""Speed and memory: median wall time and peak memory of cyfacts commands, each beside a floor
measured in the same run, and how a warm search grows with the deck, beside `grep -r`.

- Bundled deck (warm cache), each command run in turns with its floor: `search 算力 --json` against
  `python -c "import typer"`; table output and `stats` against `python -c "import typer, rich.table"`;
  `--help` against `import typer`.
- Generated decks (benchmarks/generate_deck.py) of 1,000, 10,000 and 100,000 cards: the first run,
  which builds the index, and the median warm search, against `grep -r -l 算力` over the same files;
  and a warm search for a term most cards hold (成渝), the costliest kind of query.
- On the largest generated deck: commands that touch every card (stats, list, export) or every id.

Usage: uv run python benchmarks/speed.py [--runs N] [--sizes 1000,10000,100000] [--one-source] [--decks DIR]
Every run uses a private, fresh cache folder. The machine is shared and noisy: medians are quoted.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
CYFACTS = str(Path(PYTHON).parent / "cyfacts")
SOURCES = 20  # source folders in a generated deck, as generate_deck.py writes by default


def measure(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of one run of a command."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed with exit code {process.returncode}")
    return elapsed, usage.ru_maxrss / 1024


def median_run(command: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    samples = [measure(command, env) for _ in range(runs)]
    return statistics.median(s[0] for s in samples), max(s[1] for s in samples)


class Paired(NamedTuple):
    seconds: float  # the command's median
    memory: float  # its peak
    floor: float  # the floor's median
    ratio: float  # the median of each run's command / floor


def paired_runs(command: list[str], floor: list[str], env: dict[str, str], runs: int) -> Paired:
    """A command and its floor run in turns: on a shared machine the load drifts, and alternating
    makes each pair see the same load, so the ratio is the median of the pairs' ratios."""
    pairs = [(measure(floor, env), measure(command, env)) for _ in range(runs)]
    return Paired(
        statistics.median(c[0] for _, c in pairs),
        max(c[1] for _, c in pairs),
        statistics.median(f[0] for f, _ in pairs),
        statistics.median(c[0] / f[0] for f, c in pairs),
    )


def bundled(env: dict[str, str], runs: int) -> list[str]:
    typer_floor = [PYTHON, "-c", "import typer"]
    table_floor = [PYTHON, "-c", "import typer, rich.table"]
    cases = [
        ("`search 算力 --json`", [CYFACTS, "search", "算力", "--json"], "import typer", typer_floor),
        # Into a pipe a command writes plain lines; the table is what a terminal gets, so it is asked for.
        (
            "`search 算力` (table)",
            [CYFACTS, "search", "算力", "--format", "table"],
            "import typer, rich.table",
            table_floor,
        ),
        ("`search 算力` (lines)", [CYFACTS, "search", "算力"], "import typer", typer_floor),
        ("`stats`", [CYFACTS, "stats", "--format", "table"], "import typer, rich.table", table_floor),
        ("`--help`", [CYFACTS, "--help"], "import typer", typer_floor),
    ]
    measure([CYFACTS, "search", "算力", "--json"], env)  # builds the cache: the rows below are warm
    lines = [
        "| command | median | peak MB | floor | floor median | ratio (median of pairs) |",
        "|---|---:|---:|---|---:|---:|",
    ]
    for name, command, floor_name, floor in cases:
        paired = paired_runs(command, floor, env, runs)
        lines.append(
            f"| {name} | {paired.seconds * 1000:.0f} ms | {paired.memory:.0f} | `{floor_name}` | "
            f"{paired.floor * 1000:.0f} ms | {paired.ratio:.2f}× |"
        )
    return lines


def generated(decks: Path, size: int, sources: int) -> Path:
    deck = decks / (f"deck-{size}" if sources == SOURCES else f"deck-{size}-{sources}-sources")
    if not deck.is_dir():
        subprocess.run(
            [PYTHON, str(ROOT / "benchmarks" / "generate_deck.py"), str(size), str(deck), f"--sources={sources}"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return deck


def scaled(env: dict[str, str], runs: int, sizes: list[tuple[int, int]], decks: Path) -> list[str]:
    lines = [
        "| cards | sources | first run (builds index) | peak MB | warm search median | peak MB | "
        "`grep -r` median | warm / grep | warm `search 成渝` (in most cards) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size, sources in sizes:
        deck = generated(decks, size, sources)
        search = [CYFACTS, "--facts", str(deck), "search", "算力", "--json"]
        shutil.rmtree(env["CYFACTS_CACHE_DIR"], ignore_errors=True)
        cold, cold_memory = measure(search, env)
        warm, warm_memory = median_run(search, env, runs)
        grep, _ = median_run(["grep", "-r", "-l", "算力", str(deck)], env, runs)
        common, _ = median_run([*search[:-2], "成渝", "--json"], env, runs)
        lines.append(
            f"| {size:,} | {sources} | {cold:.1f} s | {cold_memory:.0f} | {warm * 1000:.0f} ms | {warm_memory:.0f} | "
            f"{grep * 1000:.0f} ms | {warm / grep:.2f}× | {common * 1000:.0f} ms |"
        )
    return lines


def whole_deck(env: dict[str, str], runs: int, deck: Path) -> list[str]:
    """Commands that touch every card (or every id) of a large deck, on a warm cache."""
    base = [CYFACTS, "--facts", str(deck)]
    cases = [
        ("`stats`", ["stats", "--format", "table"]),
        ("`list --json`", ["list", "--json"]),
        ("`list` (table, first 200)", ["list", "--format", "table"]),
        ("`export --format jsonl`", ["export", "--format", "jsonl"]),
        ("`show` a mistyped id", ["show", "lead-gdp-2019-g"]),
    ]
    measure([*base, "stats"], env)  # builds the cache if needed: the rows below are warm
    lines = [f"| {deck.name}: command | median | peak MB |", "|---|---:|---:|"]
    for name, arguments in cases:
        seconds, memory = median_run([*base, *arguments], env, runs)
        lines.append(f"| {name} | {seconds:.2f} s | {memory:.0f} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument(
        "--one-source",
        action="store_true",
        help="also the largest size with every card in one source folder, which the sweep cuts into chunks",
    )
    parser.add_argument("--decks", type=Path, help="where generated decks are kept between runs (default: a temp dir)")
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--whole-deck-runs", type=int, default=5, help="runs of each whole-deck command")
    args = parser.parse_args()
    # An installed package has its bytecode compiled; a checkout may not (PYTHONDONTWRITEBYTECODE is
    # set on some machines), and compiling every module on every run would be measured instead.
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(ROOT / "src")], check=True, stdout=subprocess.DEVNULL)
    with tempfile.TemporaryDirectory() as temp:
        env = {**os.environ, "CYFACTS_CACHE_DIR": str(Path(temp) / "cache"), "NO_COLOR": "1"}
        env.pop("CYFACTS_FACTS", None)
        print(
            f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}; {args.runs} runs each\n"
        )
        print("\n".join(bundled(env, args.runs)))
        if not args.skip_scale:
            decks = args.decks or Path(temp) / "decks"
            decks.mkdir(parents=True, exist_ok=True)
            print()
            sizes = [(int(size), SOURCES) for size in args.sizes.split(",")]
            if args.one_source:
                sizes.append((sizes[-1][0], 1))
            print("\n".join(scaled(env, args.runs, sizes, decks)))
            print()
            largest = generated(decks, max(size for size, _ in sizes), SOURCES)
            print("\n".join(whole_deck(env, args.whole_deck_runs, largest)))


if __name__ == "__main__":
    main()
