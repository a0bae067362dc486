"""The record of what fazhi-write wrote in a folder, kept so that it survives concurrent runs
and interruptions.

Two files per folder: the record (.fazhi-write.json, file name → SHA-256) and a journal
(.fazhi-write.journal, one JSON line [name, digest] per file about to be replaced). A writer
appends its intentions to the journal *before* it renames its files into place, and folds
them into the record afterwards (see output.write_outputs). A run killed between the two
renames leaves the intention behind: the file, old or new, is still recognised as ours.

Updates hold a lock on the folder (flock on the folder itself on POSIX, a lock file on
Windows): appends share it, folding the journal into the record takes it alone, so ten runs
drafting into one folder at once lose no entry. A record that cannot be parsed is named as
damaged (never blamed on the clerk), its entries salvaged where they can be read, and it is
rewritten whole at the next update.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import lru_cache
from pathlib import Path

RECORD = ".fazhi-write.json"
JOURNAL = ".fazhi-write.journal"
#: Windows has no lock on a folder: a file beside the record stands for it.
_LOCK_FILE = ".fazhi-write.lock"
#: An entry of a damaged record that can still be read.
_ENTRY = re.compile(r'"((?:[^"\\\n]|\\.)+)"\s*:\s*"([0-9a-f]{64})"')
#: A journal line's JSON (json.dumps with an option made an encoder per line).
_LINE = json.JSONEncoder(ensure_ascii=False).encode
#: At most this many bytes of a record or journal are read (a record of 100,000 files is ~10 MB).
_MAX_BYTES = 64 * 1024 * 1024


def accepted(path: Path) -> tuple[set[str], bool]:
    """The digests path may have as a file fazhi-write wrote, and whether the record is damaged."""
    folder = path.parent
    record, damaged = _recorded(folder, _version(folder / RECORD))
    digests = set(_journaled(folder, _version(folder / JOURNAL)).get(path.name, ()))
    if path.name in record:
        digests.add(record[path.name])
    return digests, damaged


def _version(path: Path) -> tuple[int, int, int] | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_mtime_ns, found.st_size, found.st_ino


@lru_cache(maxsize=1)
def _recorded(folder: Path, version: tuple[int, int, int] | None) -> tuple[dict[str, str], bool]:
    """A folder's record, parsed once per version: redrafting a folder of N reports parsed it
    per file (N² work), though a batch rewrites it only every so many reports (the journal,
    parsed apart, changes with every report)."""
    return read_record(folder)


@lru_cache(maxsize=1)
def _journaled(folder: Path, version: tuple[int, int, int] | None) -> dict[str, set[str]]:
    """A folder's journal as the digests per name, parsed once per version."""
    digests: dict[str, set[str]] = {}
    for name, d in read_journal(folder):
        digests.setdefault(name, set()).add(d)
    return digests


def read_record(folder: Path) -> tuple[dict[str, str], bool]:
    """The record's entries, and whether it is damaged (then the entries that can be read)."""
    data = _read(folder / RECORD)
    if data is None:
        return {}, False
    text = data.decode("utf-8", "replace")
    try:
        parsed = json.loads(text)
    except ValueError:
        parsed = None
    if isinstance(parsed, dict) and all(isinstance(v, str) for v in parsed.values()):
        return parsed, False
    return {json.loads(f'"{k}"'): d for k, d in _ENTRY.findall(text)}, True


def read_journal(folder: Path) -> list[tuple[str, str]]:
    """The journal's (name, digest) lines; a line cut short by a kill is skipped."""
    data = _read(folder / JOURNAL)
    found = []
    for line in (data or b"").splitlines():
        with suppress(ValueError, TypeError):
            name, fingerprint = json.loads(line)
            if isinstance(name, str) and isinstance(fingerprint, str):
                found.append((name, fingerprint))
    return found


def _read(path: Path) -> bytes | None:
    """A regular file's bytes (no link followed, no pipe waited on); None when there is none."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) \
        | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    if not stat.S_ISREG(os.fstat(fd).st_mode):  # (a folder cannot even be wrapped in a file)
        os.close(fd)
        return None
    with os.fdopen(fd, "rb") as stream:
        return stream.read(_MAX_BYTES)


def intend(digests: dict[Path, str]) -> None:
    """Note in each folder's journal the files about to be replaced (before renaming them)."""
    for folder, written in _by_folder(digests).items():
        lines = "".join(f"{_LINE([p.name, d])}\n" for p, d in written.items()).encode("utf-8")
        if not _append(folder, lines):  # no folder yet: made here once, not looked for per report
            with suppress(OSError):  # a folder that cannot be made is explained when writing
                folder.mkdir(parents=True, exist_ok=True)
            _append(folder, lines)


def _append(folder: Path, lines: bytes) -> bool:
    """Append lines to the folder's journal under its shared lock; False when there is no
    folder (a journal that cannot be written is skipped: the files are written all the same)."""
    with _locked(folder, exclusive=False):
        try:
            # one write in append mode: lines of runs appending at once never interleave
            fd = os.open(folder / JOURNAL, os.O_WRONLY | os.O_APPEND | os.O_CREAT
                         | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
                         | getattr(os, "O_BINARY", 0), 0o666)  # (a pipe there: no waiting)
        except (FileNotFoundError, NotADirectoryError):
            return False
        except OSError:
            return True
        with suppress(OSError):
            try:
                if stat.S_ISREG(os.fstat(fd).st_mode):
                    os.write(fd, lines)
            finally:
                os.close(fd)
    return True


def settle(digests: dict[Path, str], folders: set[Path] | None = None) -> None:
    """Record written files (path: digest) and fold the journal into the record of their
    folders (and of folders, when given); intentions of runs still writing (or killed) stay
    in the journal."""
    by_folder = _by_folder(digests)
    for folder in folders or ():
        by_folder.setdefault(folder, {})
    for folder, written in by_folder.items():
        with _locked(folder, exclusive=True):
            _fold(folder, {p.name: d for p, d in written.items()})


def _fold(folder: Path, written: dict[str, str]) -> None:
    """Add written to the folder's record with what the journal says was written."""
    from .output import write_atomic

    record, damaged = read_record(folder)
    before = dict(record)
    record.update(written)
    journal = read_journal(folder)
    kept = []
    for name, fingerprint in journal:
        if record.get(name) == fingerprint:
            continue
        if _digest_of(folder / name) == fingerprint:
            record[name] = fingerprint
        elif (folder / name).exists():
            kept.append((name, fingerprint))  # still being written, or never was
    if record != before or damaged:
        # Written piece by piece: the whole text and its bytes at once would double the
        # memory a batch of hundreds of reports peaks at (the record grows with every file).
        encoder = json.JSONEncoder(ensure_ascii=False, indent=1, sort_keys=True)
        write_atomic(folder / RECORD, (c.encode("utf-8") for c in encoder.iterencode(record)))
    if len(kept) != len(journal):
        _rewrite_journal(folder, kept)


def _rewrite_journal(folder: Path, kept: list[tuple[str, str]]) -> None:
    from .output import write_atomic

    journal = folder / JOURNAL
    if kept:
        write_atomic(journal, "".join(f"{_LINE(list(k))}\n" for k in kept).encode("utf-8"))
    else:
        with suppress(FileNotFoundError):
            os.remove(journal)


def _digest_of(path: Path) -> str | None:
    data = _read(path)
    return None if data is None else hashlib.sha256(data).hexdigest()


def _by_folder(digests: dict[Path, str]) -> dict[Path, dict[Path, str]]:
    by_folder: dict[Path, dict[Path, str]] = {}
    for path, fingerprint in digests.items():
        by_folder.setdefault(path.parent, {})[path] = fingerprint
    return by_folder


@contextmanager
def _locked(folder: Path, exclusive: bool) -> Iterator[None]:
    """Hold the folder's lock (shared or exclusive) while the block runs; without a lock when
    the folder cannot be locked (a file system without locks still gets the journal)."""
    if sys.platform == "win32":
        with _windows_lock(folder):
            yield
        return
    import fcntl

    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        yield
        return
    try:
        with suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        yield
    finally:
        os.close(fd)  # closing releases the lock


@contextmanager
def _windows_lock(folder: Path) -> Iterator[None]:
    if sys.platform != "win32":  # (for type checkers: msvcrt is Windows only)
        yield
        return
    import msvcrt

    try:
        fd = os.open(folder / _LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError:
        yield
        return
    try:
        locked = False
        with suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_LOCK, 1)  # retries for 10 s, then raises
            locked = True
        yield
        if locked:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    finally:
        os.close(fd)
