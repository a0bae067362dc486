"""Read a facts file as text: UTF-8 (with or without BOM), UTF-16 or GB18030/GBK, as Notepad,
WPS or Word save it; refuse, with one clear message, what is not a text file."""

from __future__ import annotations

import codecs
import os
import re
import stat
from pathlib import Path

from ..errors import FactsFileError

#: A year's facts fit in a few KB; nothing a clerk writes comes near this.
MAX_BYTES = 1024 * 1024

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
_MAGIC = ((b"PK\x03\x04", "Word 文档（.docx）或压缩包"), (b"\xd0\xcf\x11\xe0", "Word 或 Excel 文档"),
          (b"%PDF", "PDF 文件"), (b"\x89PNG", "图片"), (b"\xff\xd8\xff", "图片"), (b"GIF8", "图片"),
          (b"{\\rtf", "RTF 文档"))

#: Control characters no text file holds (a few may be pasted; many mean a binary file).
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f]")


def read_text(path: Path) -> str:
    """Read the facts file as text (UTF-8, UTF-16 or GB18030), line ends as they are."""
    data = _read_bytes(path)
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise FactsFileError(f"{path}: 这不是文本文件（是{kind}），请选择 .yaml 事实文件")
    text = _decode(data, path)
    controls = 0 if printable(text) else len(_CONTROLS.findall(text))
    if controls > 16 and controls * 20 > len(text):
        raise FactsFileError(f"{path}: 这不是文本文件（含有二进制内容），请选择 .yaml 事实文件")
    return text


def printable(text: str) -> bool:
    """Whether text holds only printable characters (str.isprintable) and line ends: no
    control, format or other invisible character then. Most files; ~4x faster than a
    regular expression's scan for those characters."""
    return text.replace("\n", "").replace("\r", "").isprintable()


def _read_bytes(path: Path) -> bytes:
    """Read at most MAX_BYTES + 1 bytes, explaining why a file cannot be read; refuse, before
    reading, what is not a regular file (a pipe would block, a device never end)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        try:
            status = os.fstat(fd)
            if stat.S_ISDIR(status.st_mode):
                raise IsADirectoryError
            if not stat.S_ISREG(status.st_mode):
                raise FactsFileError(f"{path}: 这不是普通文件（是设备、管道等特殊文件），"
                                     "请选择 .yaml 事实文件")
            data = _read_to_end(fd, status.st_size)
        finally:
            os.close(fd)
    except FileNotFoundError:
        raise FactsFileError(f"{path}: 找不到事实文件") from None
    except IsADirectoryError:
        raise FactsFileError(f"{path}: 这是一个文件夹，不是事实文件") from None
    except PermissionError:
        raise FactsFileError(f"{path}: 没有读取权限（或文件正被其他程序占用）") from None
    except OSError as e:
        from ..errors import os_reason

        raise FactsFileError(f"{path}: 无法读取事实文件（{os_reason(e)}）") from e
    if len(data) > MAX_BYTES:
        raise FactsFileError(f"{path}: 文件过大（超过 {MAX_BYTES // 1024 // 1024} MB），"
                             "这不像是事实文件，请检查是否选错了文件")
    return data


def _read_to_end(fd: int, size: int) -> bytes:
    """Read to the end of the file, at most MAX_BYTES + 1 bytes: first the size fstat gave
    (and one byte more), then until the end (a file may grow; /proc says 0). os.read, not a
    file object: that stats the file again, asks whether it is a terminal, and maps a 1 MB
    buffer for every file."""
    chunks = []
    left = MAX_BYTES + 1
    want = min(size + 1, left)
    while left > 0:
        chunk = os.read(fd, min(want, left))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
        want = 65536
    return b"".join(chunks)


def _decode(data: bytes, path: Path) -> str:
    """Decode by BOM, else UTF-8, else GB18030; point at the bytes that fit neither."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as e:
                raise _undecodable(path, data, e.start, encoding) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        first_bad = e.start
    if not _mostly_utf8(data):
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            pass
        else:
            _refuse_big5(text, data, path)
            return text
    raise _undecodable(path, data, first_bad)


def _refuse_big5(text: str, data: bytes, path: Path) -> None:
    """A Big5 (traditional Chinese) file decodes as GB18030 into nonsense without a key the
    clerk wrote (单位 …): say it is an encoding problem, not a missing 单位."""
    if "单位" in text or "年度" in text:
        return
    try:
        big5 = data.decode("big5")
    except UnicodeDecodeError:
        return
    if "單位" in big5 or "年度" in big5:
        raise FactsFileError(f"{path}: 文件是繁体中文 Big5 编码，无法按简体读取；请用记事本打开后"
                             "“另存为”UTF-8 编码（并把繁体字改为简体）")


def _mostly_utf8(data: bytes) -> bool:
    """Tell a UTF-8 file with a few broken bytes from a GBK file (which is rarely valid UTF-8)."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ord(ch) > 127) - bad
    return good > 4 * bad


def _undecodable(path: Path, data: bytes, offset: int, encoding: str = "utf-8") -> FactsFileError:
    prefix = data[:offset].decode(encoding, errors="replace")
    line = prefix.count("\n") + 1
    column = len(prefix.rsplit("\n", 1)[-1]) + 1
    return FactsFileError(
        f"{path}:{line}:{column}: 文件中有无法识别的字节（文件可能已损坏，或混用了不同的编码），"
        "请用记事本打开，改正这一处后“另存为”UTF-8 编码")
