"""What a batch keeps until its end, with memory flat however many files: a line per file
(Lines) and which facts file each output was written for (Owners)."""

from __future__ import annotations

import os
from array import array
from bisect import bisect_left
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import overload


class Lines(Sequence[str]):
    """A line per file, in the order given, kept as UTF-8 in a temporary file.

    Memory stays flat however long the batch: 16 bytes a file for where its line is. (A list
    of str kept a small object per file; allocated between the many short-lived ones of each
    report, they pinned memory the batch could no longer reuse or give back.)
    """

    def __init__(self, count: int) -> None:
        import tempfile
        import weakref

        self._text = tempfile.TemporaryFile()  # noqa: SIM115 - open as long as the lines
        weakref.finalize(self, self._text.close)  # gone with the lines
        self._ends = array("q", [0]) * (2 * count)  # start and end in _text of each line
        self._size = 0
        self._read = False  # a line was read: _text is not at its end

    def __setitem__(self, index: int, line: str) -> None:
        if self._read:  # (a seek per line flushed each line alone: a write and a seek a report)
            self._text.seek(self._size)
            self._read = False
        start = self._size
        self._size += self._text.write(line.encode("utf-8"))
        self._ends[2 * index:2 * index + 2] = array("q", (start, self._size))

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [self[i] for i in range(len(self))[index]]
        index = range(len(self))[index]  # negative counts from the end; IndexError past it
        start, end = self._ends[2 * index:2 * index + 2]
        self._read = True
        self._text.seek(start)
        return self._text.read(end - start).decode("utf-8")

    def __len__(self) -> int:
        return len(self._ends) // 2


class Owners:
    """Which facts file of the batch each output file was written for: the path_hash of the
    output and the facts file's index, in two sorted arrays (16 bytes a file, where a dict of
    paths took ~300 and pinned memory all through a long batch). Two paths share a 64-bit hash
    about once in 10^19 pairs. Keyed by path_hash, which the batch computes once per file."""

    def __init__(self, files: list[Path]) -> None:
        self.files = files
        self.keys = array("q")
        self.indexes = array("q")

    def owner(self, key: int) -> Path | None:
        """The facts file the output file of path_hash key was written for in this batch, or None."""
        at = bisect_left(self.keys, key)
        found = at < len(self.keys) and self.keys[at] == key
        return self.files[self.indexes[at]] if found else None

    def add(self, key: int, index: int) -> None:
        """Record that the output file of path_hash key was written for files[index]."""
        at = bisect_left(self.keys, key)
        self.keys.insert(at, key)
        self.indexes.insert(at, index)


def path_hash(path: Path) -> int:
    """The hash of the resolved path, as text: a Path made per file would add its name to
    Python's table of interned strings, which a long batch then grows (~1 MiB at a time).
    The folder is resolved once (each resolving looks at every folder of the path); the
    file itself only when it is a link."""
    if os.path.islink(path):
        return hash(os.path.realpath(path))
    folder = os.path.dirname(path)
    if not os.path.isabs(folder):  # from the folder we are in now (not normalised: a link/..)
        folder = os.path.join(os.getcwd(), folder)
    return hash(os.path.join(real_folder(folder), os.path.basename(path)))


@lru_cache(maxsize=64)
def real_folder(folder: str) -> str:
    """A folder's resolved path (a batch writes into a few folders, hundreds of files each)."""
    return os.path.realpath(folder)
