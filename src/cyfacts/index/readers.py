"""Reading card files into a part of the index, on every core when there are many.

Parsing YAML is most of the cost of indexing a deck, so a large deck's files are cut into chunks
that forked readers take from a queue (a pipe of chunk numbers, as the sweep's helpers do). Each
reader appends its chunks' cards and index texts to its own scratch file and reports where through
a pipe, in one small atomic write. The main process reads any chunk a reader failed to report."""

from __future__ import annotations

import contextlib
import os
import sys
from array import array
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from cyfacts.deck.loader import read_outcome
from cyfacts.index.fingerprint import can_fork, usable_cores
from cyfacts.index.parts import Part, PartBuilder, written_part
from cyfacts.index.texts import Deriver
from cyfacts.model.cards import DEFAULT_CONFIG, DeckConfig, Problem

PARALLEL_FROM = 2048  # fewer files are read faster than readers can be forked
CHUNK_FILES = 512
MAX_CHUNKS = 4096  # every chunk number fits in the queue pipe's buffer at once
MAX_READERS = 8
RESULT = 4  # numbers per report: chunk, reader, where its description is, its size
Job = tuple[str, str]  # a card file, and its path as messages show it
Progress = Callable[[int, int], None]


class ReadCard(NamedTuple):
    """What reading one card file gave: its card (card `position` of `part`), or its problems (none
    for a clean draft, which is left out but not broken), and whether they came from the system
    rather than the file."""

    part: Part | None
    position: int = -1
    problems: tuple[Problem, ...] = ()
    retry: bool = False


# A card's index in the part, or whether its problems may pass, and the problems as plain values.
Mark = int | tuple[bool, tuple[tuple[str, int, str, int | None], ...]]


def read_chunk(
    jobs: Sequence[Job], deriver: Deriver, root: Path, config: DeckConfig = DEFAULT_CONFIG
) -> tuple[PartBuilder, list[Mark]]:
    builder, marks = PartBuilder(deriver), list[Mark]()
    for path, display in jobs:
        card, problems, retry, _ = read_outcome(path, display, root, False, config)
        if card is not None:
            marks.append(builder.add(card))
        else:
            marks.append((retry, tuple((p.path, p.line, p.message, p.column) for p in problems)))
    return builder, marks


def results_of(part: Part, marks: Sequence[Mark]) -> list[ReadCard]:
    return [
        ReadCard(part, mark)
        if isinstance(mark, int)
        else ReadCard(None, -1, tuple(Problem(*problem) for problem in mark[1]), mark[0])
        for mark in marks
    ]


def read_cards(
    jobs: Sequence[Job],
    deriver: Deriver,
    root: Path,
    scratch: Callable[[], int],
    progress: Progress | None = None,
    *,
    config: DeckConfig = DEFAULT_CONFIG,
) -> list[ReadCard]:
    """Each job's card or problem, in order."""
    size = max(CHUNK_FILES, -(-len(jobs) // MAX_CHUNKS))
    chunks = [jobs[start : start + size] for start in range(0, len(jobs), size)]
    readers = min(usable_cores(), MAX_READERS, len(chunks))
    done: dict[int, list[ReadCard]] = {}
    if len(jobs) >= PARALLEL_FROM and readers >= 2 and can_fork():
        with contextlib.suppress(OSError):  # no scratch files or no processes to spare: read here
            done = Readers(chunks, deriver, root, readers, scratch, config=config).run(progress, len(jobs))
    found: list[ReadCard] = []
    for number, chunk in enumerate(chunks):
        if number not in done:
            builder, marks = read_chunk(chunk, deriver, root, config)
            done[number] = results_of(builder.part(), marks)
            if progress is not None:
                progress(sum(map(len, done.values())), len(jobs))
        found.extend(done.pop(number))
    return found


class Readers:
    """Forked readers, each with its own scratch file, taking chunks from a queue."""

    def __init__(
        self,
        chunks: list[Sequence[Job]],
        deriver: Deriver,
        root: Path,
        count: int,
        scratch: Callable[[], int],
        *,
        config: DeckConfig = DEFAULT_CONFIG,
    ) -> None:
        self.chunks, self.deriver, self.root, self.config = chunks, deriver, root, config
        self.files: list[int] = []
        self.pids: list[int] = []
        try:
            self.files = [scratch() for _ in range(count)]
        except OSError:
            self.close()
            raise

    def run(self, progress: Progress | None, total: int) -> dict[int, list[ReadCard]]:
        queue, queue_in = os.pipe()
        results, results_in = os.pipe()
        done: dict[int, list[ReadCard]] = {}
        try:
            os.write(queue_in, array("Q", range(len(self.chunks))).tobytes())
            os.close(queue_in)
            for number in range(len(self.files)):
                pid = os.fork()
                if pid == 0:
                    self.serve(number, queue, results, results_in)
                self.pids.append(pid)
            os.close(results_in)
            results_in = -1
            received = bytearray()
            while chunk := os.read(results, 1 << 16):
                received += chunk
                whole = len(received) - len(received) % (8 * RESULT)
                for report in array_of(received[:whole], RESULT):
                    number, reader, where, size = report
                    part, (marks, phrases) = written_part(self.files[reader], where, size)
                    self.deriver.phrases.update(phrases)
                    done[number] = results_of(part, marks)
                    if progress is not None:
                        progress(sum(map(len, done.values())), total)
                del received[:whole]
            self.reap(finished=True)
            return done
        finally:
            for descriptor in (queue, results, results_in):
                if descriptor != -1:
                    with contextlib.suppress(OSError):
                        os.close(descriptor)
            self.reap(finished=False)

    def serve(self, reader: int, queue: int, results: int, results_in: int) -> None:
        """A reader's whole life: chunks from the queue until it is empty, then exit without running
        any of the parent's clean-up."""
        try:
            os.close(results)
            while len(taken := os.read(queue, 8)) == 8:
                number = int.from_bytes(taken, sys.byteorder)
                known = set(self.deriver.phrases)
                builder, marks = read_chunk(self.chunks[number], self.deriver, self.root, self.config)
                # The phrases this chunk had to read with pypinyin, so that the cache keeps them all.
                phrases = {text: sounds for text, sounds in self.deriver.phrases.items() if text not in known}
                where, size = builder.write(self.files[reader], (marks, phrases))
                os.write(results_in, array("Q", [number, reader, where, size]).tobytes())
        finally:
            os._exit(0)

    def reap(self, finished: bool) -> None:
        for pid in self.pids:
            if not finished:
                with contextlib.suppress(OSError):
                    os.kill(pid, 9)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
        self.pids = []

    def close(self) -> None:
        for descriptor in self.files:
            with contextlib.suppress(OSError):
                os.close(descriptor)


def array_of(data: bytes | bytearray, width: int) -> list[tuple[Any, ...]]:
    numbers = array("Q", bytes(data))
    return [tuple(numbers[at : at + width]) for at in range(0, len(numbers), width)]
