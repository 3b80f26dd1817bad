"""Speed and memory: median wall time and peak memory of cyfacts commands, each beside a floor
measured in the same run, and how a warm search grows with the deck, beside `grep -r`.

- Bundled deck (warm cache), each command run in turns with its floor: `search 算力 --json` against
  `python -c "import typer"`; table output and `stats` against `python -c "import typer, rich.table"`;
  `--help` against `import typer`.
- Generated decks (benchmarks/generate_deck.py) of 1,000, 10,000 and 100,000 cards: the first run,
  which builds the index, and the median warm search, run in turns with `grep -r -l 算力` over the
  same files (the ratio is the median of the pairs');
  and a warm search for a term most cards hold (成渝), the costliest kind of query.
- On the largest generated deck: commands that touch every card (stats, list, export) or every id.
- The index store on the largest deck (--store): the first build (wall time, the peak memory of
  the whole process tree as proportional set size, since forked readers share pages, and the
  largest single process), the next search after one card is edited, added or removed (and the
  run after it), and queries up to the 500-character limit built to cost the most. Beside them,
  how much two busy processes slow each other on this machine during the run: the parallel
  build cannot beat what the host gives.

Usage: uv run python benchmarks/speed.py [--runs N] [--sizes 1000,10000,100000] [--one-source] [--decks DIR]
                                         [--store] [--build-runs N]
Every run uses a private, fresh cache folder. The machine is shared and noisy: medians are quoted.
The package is byte-compiled first, as an installed one is.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
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
        "`grep -r` median | warm / grep (median of pairs) | warm `search 成渝` (in most cards) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size, sources in sizes:
        deck = generated(decks, size, sources)
        search = [CYFACTS, "--facts", str(deck), "search", "算力", "--json"]
        shutil.rmtree(env["CYFACTS_CACHE_DIR"], ignore_errors=True)
        cold, cold_memory = measure(search, env)
        measure(search, env)  # a file that changed within the clock's tick of the build is read again once
        # Warm search and grep in turns, as the bundled deck's commands and their floors: the load on
        # a shared machine drifts, and each pair sees the same load.
        warm = paired_runs(search, ["grep", "-r", "-l", "算力", str(deck)], env, runs)
        common, _ = median_run([*search[:-2], "成渝", "--json"], env, runs)
        lines.append(
            f"| {size:,} | {sources} | {cold:.1f} s | {cold_memory:.0f} | {warm.seconds * 1000:.0f} ms | "
            f"{warm.memory:.0f} | {warm.floor * 1000:.0f} ms | {warm.ratio:.2f}× | {common * 1000:.0f} ms |"
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


def tree_pss(root: int) -> float:
    """Proportional set size of a process and all its descendants, in MB (pages shared between
    forked processes are counted once in all)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as file:
                    parents[int(entry)] = int(file.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    tree, grown = {root}, True
    while grown:
        grown = False
        for pid, parent in parents.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                grown = True
    total = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as file:
                total += next(int(line.split()[1]) for line in file if line.startswith("Pss:"))
        except (OSError, StopIteration, ValueError):
            continue
    return total / 1024


def measure_tree(command: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds, peak PSS of the process tree (MB, sampled every 50 ms) and peak RSS of the
    largest single process (MB) of one run."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = [0.0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.05):
            peak[0] = max(peak[0], tree_pss(process.pid))

    sampler = threading.Thread(target=sample)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed")
    return elapsed, peak[0], usage.ru_maxrss / 1024


def two_processes_slowdown() -> float:
    """How much longer two busy processes take than one, here and now: 1.0 means two cores."""

    def busy(count: int) -> float:
        code = "s = 0\nfor i in range(12_000_000): s += i"
        started = time.perf_counter()
        processes = [subprocess.Popen([PYTHON, "-c", code]) for _ in range(count)]
        for process in processes:
            process.wait()
        return time.perf_counter() - started

    return statistics.median(busy(2) / busy(1) for _ in range(3))


def first_build(env: dict[str, str], deck: Path, runs: int) -> list[str]:
    search = [CYFACTS, "--facts", str(deck), "search", "算力", "--json"]
    samples = []
    for _ in range(runs):
        shutil.rmtree(env["CYFACTS_CACHE_DIR"], ignore_errors=True)
        samples.append((*measure_tree(search, env), two_processes_slowdown()))
    return [
        f"| {deck.name}: first build (search on no cache) | median | peak MB, whole tree (PSS) | peak MB, "
        "one process | two busy processes / one, during the runs |",
        "|---|---:|---:|---:|---:|",
        f"| `search 算力` | {statistics.median(s[0] for s in samples):.1f} s | {max(s[1] for s in samples):.0f} | "
        f"{max(s[2] for s in samples):.0f} | {statistics.median(s[3] for s in samples):.2f}× |",
    ]


class Change(NamedTuple):
    make: str  # edit, add or remove
    path: Path
    text: str | None  # the file as it was, to put back


def change_one(deck: Path, make: str, rng: random.Random) -> Change:
    folder = rng.choice(sorted(p for p in deck.iterdir() if p.is_dir()))
    cards = sorted(p for p in folder.glob("*.yaml") if p.name != "_source.yaml")
    path = rng.choice(cards)
    text = path.read_text(encoding="utf-8")
    if make == "edit":
        path.write_text(text.replace("claim: ", "claim: （修订）", 1), encoding="utf-8")
    elif make == "add":
        added = folder / f"{path.stem}-added.yaml"
        added.write_text(text.replace(f"id: {path.stem}", f"id: {path.stem}-added", 1), encoding="utf-8")
        return Change(make, added, None)
    else:
        path.unlink()
    return Change(make, path, text)


def undo(change: Change) -> None:
    if change.text is None:
        change.path.unlink()
    else:
        change.path.write_text(change.text, encoding="utf-8")


def updates(env: dict[str, str], deck: Path, runs: int) -> list[str]:
    """The next search after one card is edited, added or removed, and the run after it."""
    search = [CYFACTS, "--facts", str(deck), "search", "算力", "--json"]
    rng = random.Random(13)
    measure(search, env)  # the cache is current
    lines = [
        f"| {deck.name}: after one card is … | next search, median | peak MB | the run after, median |",
        "|---|---:|---:|---:|",
    ]
    for make in ("edited", "added", "removed"):
        first, after, memory = [], [], []
        for _ in range(runs):
            change = change_one(deck, {"edited": "edit", "added": "add", "removed": "remove"}[make], rng)
            time.sleep(0.2)  # as a person would: not within the file system's clock tick
            seconds, peak = measure(search, env)
            first.append(seconds)
            memory.append(peak)
            after.append(measure(search, env)[0])
            undo(change)
            time.sleep(0.2)
            measure(search, env)
        lines.append(
            f"| {make} | {statistics.median(first):.2f} s | {max(memory):.0f} | {statistics.median(after):.2f} s |"
        )
    return lines


LONG_QUERIES = {
    "`a` × 250": " ".join(["a"] * 250),
    "26 letters": " ".join("abcdefghijklmnopqrstuvwxyz"),
    "80 English words": " ".join(["gdp", "power", "data", "computing", "economic", "chengdu", "the", "of"] * 10),
    "500 random Chinese characters": "".join(chr(random.Random(13).randint(0x4E00, 0x9FA5)) for _ in range(500)),
    "160 two-character terms": " ".join(
        "成渝地区经济发展数据算力产业创新生态消费"[i % 20 : i % 20 + 2] for i in range(160)
    ),
    "the deck's own text, pasted": (
        "截至2025年8月，成渝地区算力总规模已超过20000P。成渝地区双城经济圈2019年的经济总量" * 8
    ),
    "500 letters of pinyin": ("shujuzhongxinsuanlichengyu" * 20),
    "100 years": " ".join(str(1990 + i % 40) for i in range(100)),
}


def long_queries(env: dict[str, str], deck: Path, runs: int) -> list[str]:
    lines = [f"| {deck.name}: query (at most 500 characters) | median | slowest |", "|---|---:|---:|"]
    for name, query in LONG_QUERIES.items():
        times = [measure([CYFACTS, "--facts", str(deck), "search", query[:500], "--json"], env)[0] for _ in range(runs)]
        lines.append(f"| {name} | {statistics.median(times):.2f} s | {max(times):.2f} s |")
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
    parser.add_argument("--store", action="store_true", help="the index store's figures on the largest deck")
    parser.add_argument("--build-runs", type=int, default=3, help="first builds of the largest deck (--store)")
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
        if args.store:
            decks = args.decks or Path(temp) / "decks"
            largest = generated(decks, max(int(size) for size in args.sizes.split(",")), SOURCES)
            for table in (first_build, updates, long_queries):
                print()
                runs = args.build_runs if table is first_build else args.whole_deck_runs
                print("\n".join(table(env, largest, runs)))


if __name__ == "__main__":
    main()
