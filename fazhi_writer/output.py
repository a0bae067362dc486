"""Write output files atomically, and never overwrite one the clerk edited since we wrote it.

Each output folder keeps a small record (.fazhi-write.json) of the SHA-256 of every file
fazhi-write wrote there. A file whose content still matches the record is replaced quietly;
a file that differs (edited in Word) or that fazhi-write did not write is kept, unless
force is given, in which case it is first copied to a timestamped backup.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

from .errors import OutputError

RECORD = ".fazhi-write.json"


def digest(data: bytes) -> str:
    """The fingerprint the record keeps of a file fazhi-write wrote."""
    return hashlib.sha256(data).hexdigest()


def _read_record(folder: Path) -> dict[str, str]:
    try:
        data = json.loads((folder / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def check_writable(path: Path, force: bool) -> Path | None:
    """Refuse to replace a file the clerk changed; with force, back it up and return the backup."""
    if not path.exists():
        return None
    recorded = _read_record(path.parent).get(path.name)
    if recorded == digest(path.read_bytes()):
        return None
    if not force:
        reason = "在上次生成后被修改过" if recorded else "不是 fazhi-write 生成的"
        raise OutputError(
            f"{path}: 该文件{reason}，为保护您的修改不会覆盖它。"
            f"请换一个输出目录（-o），或使用 --force（会先备份原文件）"
        )
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = path.with_name(f"{path.stem}.备份-{stamp}{path.suffix}")
    shutil.copy2(path, backup)
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
        text = json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True)
        _write_atomic(folder / RECORD, text.encode("utf-8"))


def _write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, then replace the target."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".~", suffix=path.suffix)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except PermissionError as e:
        _cleanup(locals().get("tmp"))
        raise OutputError(f"{path}: 无法写入（文件可能正在 Word 中打开，请先在 Word 中关闭它）") from e
    except OSError as e:
        _cleanup(locals().get("tmp"))
        raise OutputError(f"{path}: 无法写入（{e.strerror}）") from e


def _cleanup(tmp: str | None) -> None:
    if tmp and os.path.exists(tmp):
        os.remove(tmp)
