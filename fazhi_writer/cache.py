"""A per-user cache of what is slow to rebuild at every start: the validator (and the folder of
Jinja's compiled templates, see report.render).

Everything here is an optimisation. An entry that cannot be read, written or trusted is skipped
silently, and every entry is keyed by what it was built from, so a stale one is never used.
FAZHI_WRITE_CACHE moves the cache to another folder; set to an empty value, it switches it off.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
ENV = "FAZHI_WRITE_CACHE"


def cache_dir() -> Path | None:
    """Return the cache folder (created when first written), or None when it is switched off."""
    value = os.environ.get(ENV)
    if value is not None:
        return Path(value) if value.strip() else None
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "fazhi-write"


def fingerprint(*parts: str | bytes) -> str:
    """Return a short hex digest of the parts, for entry names."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8") if isinstance(part, str) else part)
        digest.update(b"\x00")
    return digest.hexdigest()[:32]


def read(name: str) -> bytes | None:
    """Return the bytes of an entry, or None when it is missing or not safe to trust."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        with open(folder / name, "rb") as f:
            if not _trusted(os.fstat(f.fileno())):
                return None
            return f.read()
    except OSError:
        return None


def trusted(path: str | Path) -> bool:
    """Whether the file at path exists and may be trusted (see _trusted)."""
    try:
        return _trusted(os.stat(path))
    except OSError:
        return False


def _trusted(stat: os.stat_result) -> bool:
    """On POSIX, trust only entries this user owns and nobody else may write."""
    if not hasattr(os, "getuid"):
        return True
    return stat.st_uid == os.getuid() and not stat.st_mode & 0o022


def write(name: str, data: bytes, replaces: str = "") -> None:
    """Store an entry atomically; first remove older entries whose names start with replaces."""
    folder = cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if replaces:
            for old in folder.glob(f"{replaces}*"):
                old.unlink()
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".~", suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, folder / name)
    except OSError:
        _discard(locals().get("tmp"))


def _discard(tmp: str | None) -> None:
    """Remove a temporary file left by a failed write, if any."""
    try:
        if tmp:
            os.remove(tmp)
    except OSError:
        pass


def pickled(name: str, key: str, build: Callable[[], T]) -> T:
    """Return the object cached as name for key, else build, cache (pickled) and return it.

    Older entries of the same name are removed when a new one is written.
    """
    import pickle

    entry = f"{name}-{key}.pickle"
    data = read(entry)
    with suppress(Exception):  # any broken entry is rebuilt
        if data is not None:
            stored, value = pickle.loads(data)
            if stored == entry:  # not another entry's file swapped in (an AttributeError later)
                return value  # type: ignore[no-any-return]
    value = build()
    try:
        write(entry, pickle.dumps((entry, value), protocol=pickle.HIGHEST_PROTOCOL),
              replaces=f"{name}-")
    except (pickle.PicklingError, TypeError, AttributeError):
        pass  # not picklable: nothing to keep
    return value


def package_key() -> str:
    """A key that changes with the Python and pydantic versions and any of our sources.

    Files are known by path, size and modification time: reading them all (and importing
    pydantic for its version) would cost ~20 ms at every start.
    """
    from importlib.util import find_spec

    import pydantic_core

    stamps = sorted(_source_stamps(os.path.dirname(os.path.abspath(__file__))))
    spec = find_spec("pydantic")
    if spec is not None and spec.origin:
        stamps.append(_stamp(os.path.join(os.path.dirname(spec.origin), "version.py")))
    return fingerprint(sys.version, sys.implementation.name, pydantic_core.__version__, *stamps)


def _source_stamps(folder: str) -> list[str]:
    """The stamps of every .py file under folder (os.scandir: a third of pathlib's rglob)."""
    stamps = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.endswith(".py") and entry.is_file():
                stamps.append(_stamp(entry.path))
            elif entry.is_dir(follow_symlinks=False) and entry.name != "__pycache__":
                stamps.extend(_source_stamps(entry.path))
    return stamps


def _stamp(path: str) -> str:
    """A file's path, size and modification time (or that it is missing)."""
    try:
        stat = os.stat(path)
    except OSError:
        return f"{path}:-"
    return f"{path}:{stat.st_size}:{stat.st_mtime_ns}"
