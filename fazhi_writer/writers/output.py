"""Write output files atomically, and never overwrite one the clerk edited since we wrote it.

Each output folder keeps a small record (.fazhi-write.json) of the SHA-256 of every file
fazhi-write wrote there. A file whose content still matches the record is replaced quietly;
a file that differs (edited in Word) or that fazhi-write did not write is kept, unless
force is given, in which case it is first copied to a timestamped backup.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from ..errors import OutputError

RECORD = ".fazhi-write.json"
# Characters Windows forbids in file names, and their full-width look-alikes.
_UNSAFE = str.maketrans('\\/:*?"<>|', "＼／：＊？＂＜＞｜")
#: Bytes of a file name most file systems allow (255), minus room for the suffix.
_MAX_NAME_BYTES = 240
_REASONS = {
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.EROFS: "所在磁盘是只读的",
    errno.ENOSPC: "磁盘空间不足",
    errno.ENAMETOOLONG: "文件名或路径过长",
    errno.ENOTDIR: "路径中有一部分是文件而不是文件夹",
    errno.EEXIST: "同名的文件已存在，无法创建文件夹",
    errno.EISDIR: "同名的文件夹已存在",
}


def safe_name(stem: str) -> str:
    """Return stem usable as a file name on Windows and Linux: no / \\ : * ? " < > |."""
    name = re.sub(r"[\x00-\x1f]", "", stem.translate(_UNSAFE)).strip().rstrip(".")
    while len(name.encode("utf-8")) > _MAX_NAME_BYTES:
        name = name[:-1]
    return name or "报告"


def _reason(error: OSError) -> str:
    """Explain an OS error in Chinese (the OS's own text is English)."""
    return _REASONS.get(error.errno or 0, error.strerror or str(error))


def _word_lock(path: Path) -> Path | None:
    """Return the owner file Word/WPS (~$…) or LibreOffice (.~lock.…#) keeps beside an open file."""
    name = path.name
    candidates = {f"~${name}", f"~${name[1:]}", f"~${name[2:]}", f".~lock.{name}#"}
    found = (c for c in sorted(candidates) if os.path.exists(os.path.join(path.parent, c)))
    lock = next(found, None)  # (as text: a Path per candidate would intern four names a file)
    return path.parent / lock if lock else None


def digest(data: bytes) -> str:
    """The fingerprint the record keeps of a file fazhi-write wrote."""
    return hashlib.sha256(data).hexdigest()


def _recorded(path: Path) -> str | None:
    """The digest the record of path's folder keeps for it, if any."""
    try:
        stat = (path.parent / RECORD).stat()
    except OSError:
        return None
    return _record_version(path.parent, stat.st_mtime_ns, stat.st_size, stat.st_ino).get(path.name)


@lru_cache(maxsize=1)
def _record_version(folder: Path, mtime_ns: int, size: int, inode: int) -> dict[str, str]:
    """A folder's record, parsed once per version: redrafting a folder of N reports read it
    2N times (N² work); every update replaces the file, so a new version has a new key."""
    return _read_record(folder)


def _read_record(folder: Path) -> dict[str, str]:
    try:
        data = json.loads((folder / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def check_writable(path: Path, force: bool) -> Path | None:
    """Refuse to replace a file the clerk changed; with force, back it up and return the backup."""
    lock = _word_lock(path)
    if lock:
        raise OutputError(f"{path}: 请先在 Word 中关闭这个文件（用 WPS 打开的也请关闭），再重新生成"
                          f"（如果已经关闭，请删除遗留的锁文件 {lock.name}）")
    if path.is_dir():
        raise OutputError(f"{path}: 无法写入：同名的文件夹已存在")
    if not path.exists():
        return None
    recorded = _recorded(path)
    if recorded == digest(_read(path)):
        return None
    if not force:
        reason = "在上次生成后被修改过" if recorded else "不是 fazhi-write 生成的"
        raise OutputError(
            f"{path}: 该文件{reason}，为保护您的修改不会覆盖它。"
            f"请换一个输出目录（-o），或使用 --force（会先备份原文件）"
        )
    return _backup(path)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except PermissionError:
        raise OutputError(f"{path}: 无法读取已有的文件（文件可能正在 Word 中打开，请先在 Word 中关闭它）") from None
    except OSError as e:
        raise OutputError(f"{path}: 无法读取已有的文件（{_reason(e)}）") from e


def _backup(path: Path) -> Path:
    """Copy path to a timestamped backup beside it that does not overwrite an earlier one."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = path.with_name(f"{path.stem}.备份-{stamp}{path.suffix}")
    number = 1
    while backup.exists():
        number += 1
        backup = path.with_name(f"{path.stem}.备份-{stamp}-{number}{path.suffix}")
    try:
        shutil.copy2(path, backup)
    except OSError as e:
        raise OutputError(f"{path}: 无法备份原文件，因此没有覆盖它（{_reason(e)}）") from e
    return backup


def write_outputs(files: dict[Path, bytes], force: bool, record: bool = True) -> list[Path]:
    """Write every file atomically after checking none would destroy an edit; return backups.

    With record=False the caller records the files later with record_written (a batch
    writing hundreds of reports into one folder records them once, not once per report).
    """
    backups = [b for b in (check_writable(p, force) for p in files) if b]
    for path, data in files.items():
        _write_atomic(path, data)
    if record:
        record_written({path: digest(data) for path, data in files.items()})
    return backups


def record_written(digests: dict[Path, str]) -> None:
    """Add written files (path: digest) to the record of their folders."""
    by_folder: dict[Path, dict[Path, str]] = {}
    for path, fingerprint in digests.items():
        by_folder.setdefault(path.parent, {})[path] = fingerprint
    for folder, written in by_folder.items():
        record = _read_record(folder)
        record.update({p.name: d for p, d in written.items()})
        # Written piece by piece: the whole text and its bytes at once would double the memory
        # a batch of hundreds of reports peaks at (the record grows with every file).
        encoder = json.JSONEncoder(ensure_ascii=False, indent=1, sort_keys=True)
        _write_atomic(folder / RECORD, (c.encode("utf-8") for c in encoder.iterencode(record)))


def _write_atomic(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Write data (or its pieces) to a temporary file in the same folder, then replace the
    target."""
    tmp = _temporary(path, data)
    try:
        os.replace(tmp, path)
    except PermissionError as e:  # Windows: the target is open in Word
        _cleanup(tmp)
        raise OutputError(f"{path}: 无法写入，请先在 Word 中关闭这个文件（用 WPS 打开的也请关闭），再重新生成") from e
    except OSError as e:
        _cleanup(tmp)
        raise OutputError(f"{path}: 无法写入（{_reason(e)}）") from e


def _temporary(path: Path, data: bytes | Iterable[bytes]) -> str:
    """Write data (or its pieces) to a new temporary file in path's folder; return its name."""
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".~", suffix=path.suffix)
        if hasattr(os, "fchmod"):  # mkstemp makes it private (0600): give it the usual mode
            os.fchmod(fd, _mode(path))
        with os.fdopen(fd, "wb") as out:
            out.writelines([data] if isinstance(data, bytes) else data)
    except OSError as e:
        _cleanup(tmp)
        raise OutputError(f"{path.parent}: 无法在这个输出目录中写入文件（{_reason(e)}），"
                          "请用 -o 换一个输出目录") from e
    assert tmp is not None
    return tmp


def _mode(path: Path) -> int:
    """The permissions a file written at path gets: those of the file it replaces, else those
    of a new file (read and write for all, less the umask), as Word or a plain open() would."""
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        return 0o666 & ~_umask()


@lru_cache(maxsize=1)
def _umask() -> int:
    """This process's umask (reading it means setting it: once, at the first write)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _cleanup(tmp: str | None) -> None:
    if tmp and os.path.exists(tmp):
        os.remove(tmp)
