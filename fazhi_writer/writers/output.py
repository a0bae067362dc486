"""Write output files atomically, and never overwrite one the clerk edited since we wrote it.

Each output folder keeps a small record (.fazhi-write.json) of the SHA-256 of every file
fazhi-write wrote there. A file whose content still matches the record is replaced quietly;
a file that differs (edited in Word) or that fazhi-write did not write is kept, unless
force is given, in which case it is first copied to a timestamped backup.

Every file (reports, next year's facts, the schema, exported templates, backups, the record)
is written to a temporary file created exclusively under an unpredictable name, then renamed
over the target; a target that is a symbolic link, a device or a pipe is refused, never
written through or replaced.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import re
import stat
import tempfile
from collections.abc import Iterable
from contextlib import suppress
from functools import lru_cache
from pathlib import Path

from ..errors import OutputError, os_reason
from .record import RECORD, accepted, intend, settle

__all__ = ["RECORD", "check_writable", "digest", "record_written", "safe_name", "write_outputs",
           "write_unrecorded"]

# Characters Windows forbids in file names, and their full-width look-alikes.
_UNSAFE = str.maketrans('\\/:*?"<>|', "＼／：＊？＂＜＞｜")
#: Bytes of a file name most file systems allow (255), minus room for the suffix.
_MAX_NAME_BYTES = 240
#: What to do when a file is refused (by default).
_ADVICE = "请换一个输出目录（-o），或使用 --force（会先备份原文件）"
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
    from ..facts.invisible import FORMAT

    name = re.sub(f"[\\x00-\\x1f\\x7f{FORMAT}]", "", stem.translate(_UNSAFE)).strip().rstrip(".")
    # cut at a byte count in one step (character by character was quadratic: 80 s for 340,000)
    cut = name.encode("utf-8")[:_MAX_NAME_BYTES].decode("utf-8", "ignore")
    return cut.rstrip(". ") or "报告"


def _reason(error: OSError) -> str:
    """Explain an OS error in Chinese (the OS's own text is English)."""
    return _REASONS.get(error.errno or 0) or os_reason(error)


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


def check_writable(path: Path, force: bool, data: bytes | None = None,
                   advice: str = _ADVICE) -> Path | None:
    """Refuse to replace a file the clerk changed; with force, back it up and return the backup.

    A file whose content is already data is replaced quietly (nothing is lost); a symbolic
    link, a device or a pipe is refused even with force.
    """
    found = _lstat(path)
    if found is None:  # (Word holds no file that is not there: no lock to look for)
        return None
    lock = _word_lock(path)
    if lock:
        raise OutputError(f"{path}: 请先在 Word 中关闭这个文件（用 WPS 打开的也请关闭），再重新生成"
                          f"（如果已经关闭，请删除遗留的锁文件 {lock.name}）")
    if stat.S_ISDIR(found.st_mode):
        raise OutputError(f"{path}: 无法写入：同名的文件夹已存在")
    _refuse_special(path, found.st_mode)
    current = _read(path)
    ours, damaged = accepted(path)
    if digest(current) in ours or (data is not None and current == data):
        return None
    if not force:
        raise OutputError(f"{path}: {_why(bool(ours), damaged, path)}，为保护您的修改不会覆盖它。"
                          f"{advice}")
    return _backup(path, current, found.st_mode)


def _why(recorded: bool, damaged: bool, path: Path) -> str:
    """Why a file is kept: edited since we wrote it, not ours, or unknown (a damaged record)."""
    if recorded:
        return "该文件在上次生成后被修改过"
    if damaged:
        return (f"无法确认该文件是否由 fazhi-write 生成：本目录的记录文件 {path.parent / RECORD} "
                "已损坏（这不是您造成的，下次写出时会重建它）")
    return "该文件不是 fazhi-write 生成的"


def _lstat(path: Path) -> os.stat_result | None:
    """The target's own status (a link is not followed), or None when there is none."""
    try:
        return os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):  # the folder is made (or explained) later
        return None
    except OSError as e:
        raise OutputError(f"{path}: 无法写入（{_reason(e)}）") from e


def _refuse_special(path: Path, mode: int) -> None:
    """Refuse a symbolic link (writing through it would reach a file elsewhere) and anything
    that is not a regular file: a device, a pipe, a socket."""
    if stat.S_ISLNK(mode):
        raise OutputError(f"{path}: 这是一个符号链接（快捷方式），为安全起见不会通过它写入，"
                          "请换一个文件名或输出目录")
    if not stat.S_ISREG(mode):
        raise OutputError(f"{path}: 这不是普通文件（是设备、管道等特殊文件），不会写入或替换它，"
                          "请换一个文件名或输出目录")


def _read(path: Path) -> bytes:
    """Read an existing regular file without following a link or blocking on a pipe."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) \
        | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
        with os.fdopen(fd, "rb") as stream:
            _refuse_special(path, os.fstat(stream.fileno()).st_mode)
            return stream.read()
    except PermissionError:
        raise OutputError(f"{path}: 无法读取已有的文件（文件可能正在 Word 中打开，请先在 Word 中关闭它）") from None
    except OSError as e:
        if e.errno == errno.ELOOP:  # swapped for a link since lstat
            _refuse_special(path, stat.S_IFLNK)
        raise OutputError(f"{path}: 无法读取已有的文件（{_reason(e)}）") from e


def _backup(path: Path, data: bytes, mode: int) -> Path:
    """Copy data (path's content) to a new backup beside it: a timestamped name with a random
    part, created exclusively, so that nothing planted at a predictable name is written
    through and no earlier backup is overwritten."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    stem = _fit(path.stem, f".备份-{stamp}-XXXXXXXX{path.suffix}")
    try:
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f"{stem}.备份-{stamp}-",
                                    suffix=path.suffix)
    except OSError as e:
        raise OutputError(f"{path}: 无法备份原文件，因此没有覆盖它（{_reason(e)}）") from e
    try:
        with os.fdopen(fd, "wb") as out:
            if hasattr(os, "fchmod"):
                os.fchmod(out.fileno(), stat.S_IMODE(mode))
            out.write(data)
        os.utime(name, ns=(os.stat(path).st_atime_ns, os.stat(path).st_mtime_ns))
    except OSError as e:
        _cleanup(name)
        raise OutputError(f"{path}: 无法备份原文件，因此没有覆盖它（{_reason(e)}）") from e
    return Path(name)


def _fit(stem: str, tail: str) -> str:
    """Shorten stem so that stem + tail fits a file name (255 bytes)."""
    room = 255 - len(tail.encode("utf-8"))
    return stem.encode("utf-8")[:max(room, 1)].decode("utf-8", "ignore") or "报告"


def write_outputs(files: dict[Path, bytes], force: bool, record: bool = True,
                  advice: str = _ADVICE) -> list[Path]:
    """Write every file atomically after checking none would destroy an edit; return backups.
    advice tells the clerk what to do when a file is refused.

    With record=False the files are not recorded (see write_unrecorded).
    """
    backups, digests = write_unrecorded(files, force, advice)
    if record:
        record_written(digests)
    return backups


def write_unrecorded(files: dict[Path, bytes], force: bool,
                     advice: str = _ADVICE) -> tuple[list[Path], dict[Path, str]]:
    """write_outputs without recording: return the backups and the digests of the files, which
    the caller records later with record_written (a batch writing hundreds of reports into one
    folder records them once, not once per report, and hashes each file once)."""
    backups = [b for b in (check_writable(p, force, d, advice) for p, d in files.items()) if b]
    digests = {path: digest(data) for path, data in files.items()}
    intend(digests)  # before renaming: a run killed in between leaves the files recognised
    written: dict[Path, str] = {}
    try:
        for path, data in files.items():
            write_atomic(path, data)
            written[path] = digests[path]
    except BaseException:
        with suppress(Exception):  # the error being raised is the one to tell
            settle(written, {p.parent for p in files})  # fold what was written; drop the rest
        raise
    return backups, digests


def record_written(digests: dict[Path, str]) -> None:
    """Add written files (path: digest) to the record of their folders."""
    settle(digests)


def write_atomic(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Write data (or its pieces) to a temporary file in the same folder, then replace the
    target (looked at once: refused if special, else its permissions are the new file's)."""
    found = _lstat(path)
    if found is not None and not stat.S_ISDIR(found.st_mode):
        _refuse_special(path, found.st_mode)
    tmp = _temporary(path, data, _mode(found))
    try:
        os.replace(tmp, path)
    except PermissionError as e:  # Windows: the target is open in Word
        _cleanup(tmp)
        raise OutputError(f"{path}: 无法写入，请先在 Word 中关闭这个文件（用 WPS 打开的也请关闭），再重新生成") from e
    except OSError as e:
        _cleanup(tmp)
        raise OutputError(f"{path}: 无法写入（{_reason(e)}）") from e


def _temporary(path: Path, data: bytes | Iterable[bytes], mode: int) -> str:
    """Write data (or its pieces) to a new temporary file in path's folder, with the
    permissions mode; return its name."""
    tmp = None
    try:
        try:
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".~", suffix=path.suffix)
        except (FileNotFoundError, NotADirectoryError):  # no folder yet (made once, not per file)
            path.parent.mkdir(parents=True, exist_ok=True)  # (or its error explains why not)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".~", suffix=path.suffix)
        try:
            if hasattr(os, "fchmod"):  # mkstemp makes it private (0600): give it the usual mode
                os.fchmod(fd, mode)
            _write_all(fd, data)
        finally:
            os.close(fd)
    except OSError as e:
        _cleanup(tmp)
        raise OutputError(f"{path.parent}: 无法在这个输出目录中写入文件（{_reason(e)}），"
                          "请用 -o 换一个输出目录") from e
    assert tmp is not None
    return tmp


def _write_all(fd: int, data: bytes | Iterable[bytes]) -> None:
    """Write data to fd: bytes straight (no file object: its fstat, isatty and seek a file),
    pieces through a buffer (the record comes in many small ones)."""
    if not isinstance(data, bytes):
        with os.fdopen(fd, "wb", closefd=False) as out:
            out.writelines(data)
        return
    view = memoryview(data)
    while view:  # (a write may take part of it)
        view = view[os.write(fd, view):]


def _mode(found: os.stat_result | None) -> int:
    """The permissions a file written over found (the target's status) gets: those of the file
    it replaces, else those of a new file (read and write for all, less the umask), as Word or
    a plain open() would."""
    return stat.S_IMODE(found.st_mode) if found is not None else 0o666 & ~_umask()


@lru_cache(maxsize=1)
def _umask() -> int:
    """This process's umask (reading it means setting it: once, at the first write)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _cleanup(tmp: str | None) -> None:
    if tmp and os.path.exists(tmp):
        os.remove(tmp)
