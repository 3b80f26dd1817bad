"""`cyfacts cache`: where the index cache is, its size and the decks it holds; --clear empties it."""

# No `from __future__ import annotations` here: Typer reads every command's annotations on each
# run, and string annotations would cost it a compile and eval apiece.
from typing import TYPE_CHECKING, Annotated

import typer

from cyfacts.cli.options import JsonOption, environment
from cyfacts.cli.root import app

if TYPE_CHECKING:
    from cyfacts.services.cache import CacheReport


def megabytes(size: int) -> str:
    return f"{size / 1e6:,.1f} MB"


@app.command(short_help="Where the index cache is, its size and decks; --clear empties it.")
def cache(
    ctx: typer.Context,
    clear: Annotated[bool, typer.Option("--clear", help="Remove every cyfacts file from the cache folder.")] = False,
    json_: JsonOption = False,
) -> None:
    """Example: cyfacts cache --clear

    Show the cache folder ($CYFACTS_CACHE_DIR, else $XDG_CACHE_HOME/cyfacts, else ~/.cache/cyfacts),
    its size and the deck each cache file indexes. The cache tidies itself: caches of decks that no
    longer exist, of older versions, and temporary files older than an hour are removed whenever an
    index is written. --clear removes all of cyfacts' own files there (nothing else).
    """
    from cyfacts.render.escape import one_line
    from cyfacts.render.formats import to_json
    from cyfacts.services.cache import cache_report, empty_cache

    env = environment(ctx)
    if clear:
        folder, removed, size = empty_cache(env.settings)
        if json_:
            env.write(to_json({"folder": str(folder) if folder else None, "removed": removed, "bytes": size}))
        elif folder is not None:
            files = f"{removed} file{'s' * (removed != 1)}"
            env.write(f"removed {files} ({megabytes(size)}) from {one_line(str(folder))}\n")
        return
    report = cache_report(env.settings)
    if json_:
        env.write(to_json(report_record(report)))
        return
    if report.folder is None:
        env.write(f"no cache folder: {report.why_none}; set CYFACTS_CACHE_DIR to keep one\n")
        return
    lines = [f"cache folder: {one_line(str(report.folder))}"]
    count = len(report.caches)
    lines.append(f"{count} deck{'s' * (count != 1)}, {megabytes(report.size)}")
    for entry in report.caches:
        deck = one_line(entry.deck) if entry.deck else "(an older version's cache, removed at the next update)"
        stale = "" if entry.current or not entry.deck else "  (its deck no longer exists: removed at the next update)"
        lines.append(f"  {megabytes(entry.size):>10}  {entry.cards:>9,} cards  {when(entry.modified)}  {deck}{stale}")
    if report.temporary:
        size = sum(entry.size for entry in report.temporary)
        lines.append(
            f"{len(report.temporary)} temporary file(s), {megabytes(size)}, left by runs that were killed: "
            "removed after an hour, or by --clear"
        )
    env.write("\n".join(lines) + "\n")


def when(timestamp: float) -> str:
    import time

    return time.strftime("%Y-%m-%d %H:%M", time.localtime(timestamp))


def report_record(report: "CacheReport") -> dict[str, object]:
    return {
        "folder": str(report.folder) if report.folder else None,
        "bytes": report.size,
        "caches": [
            {"deck": e.deck, "cards": e.cards, "bytes": e.size, "modified": when(e.modified), "current": e.current}
            for e in report.caches
        ],
        "temporary": [{"file": e.path.name, "bytes": e.size, "modified": when(e.modified)} for e in report.temporary],
    }
