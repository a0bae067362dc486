"""Convert the .docx to PDF with LibreOffice: an isolated profile per run, our fontconfig file.

LibreOffice's .docx import (writerfilter DomainMapper, 7.x) reads w:overflowPunct inverted
(val=0, "no punctuation in the margin" in Word, becomes hanging punctuation) and ignores
w:autoSpaceDE/DN (it keeps adding space between Chinese and digits, "2024 年"). So the .docx is
first converted to a flat ODT, where those two paragraph settings are set to what the .docx
means in Word, and the PDF is made from that. Both runs share one throw-away profile.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from ..errors import ConversionError

TIMEOUT = 120  # seconds per LibreOffice run; a run takes a few seconds
_KNOWN_PLACES = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
)
MISSING = (
    "生成 PDF 需要 LibreOffice，但本机没有找到它（soffice 命令）。"
    "请安装 LibreOffice（https://zh-cn.libreoffice.org/ 下载；"
    "Debian/Ubuntu：sudo apt install libreoffice-writer），"
    "或者去掉 --format 中的 pdf，只生成 .docx 后在 Word/WPS 中另存为 PDF。"
)


def find_soffice() -> str:
    """Return the LibreOffice program, or raise ConversionError saying what to install."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for place in _KNOWN_PLACES:
        if Path(place).is_file():
            return place
    raise ConversionError(MISSING)


# (setting in the .docx's styles, ODF attribute LibreOffice got wrong, what the setting means)
_WORD_MEANING = (
    (b'<w:overflowPunct w:val="0"/>', b'style:punctuation-wrap="hanging"',
     b'style:punctuation-wrap="simple"'),
    (b'<w:autoSpaceDE w:val="0"/>', b'style:text-autospace="ideograph-alpha"',
     b'style:text-autospace="none"'),
)


def render_pdf(docx: bytes, soffice: str, fontconfig: Path, timeout: int = TIMEOUT) -> bytes:
    """Convert .docx bytes to PDF bytes in a private folder with a throw-away profile."""
    with tempfile.TemporaryDirectory(prefix="fazhi-write-") as tmp:
        folder = Path(tmp)
        (folder / "report.docx").write_bytes(_for_libreoffice(docx))
        flat = _convert(soffice, folder, "report.docx", "fodt", fontconfig, timeout)
        flat.write_bytes(_closing_widows(_as_word_means(flat.read_bytes(), _styles_xml(docx))))
        return _convert(soffice, folder, flat.name, "pdf", fontconfig, timeout).read_bytes()


def _convert(soffice: str, folder: Path, name: str, target: str, fontconfig: Path,
             timeout: int) -> Path:
    """Run one LibreOffice conversion inside folder and return the file it wrote."""
    command = [soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}",
               "--headless", "--norestore", "--nologo", "--convert-to", target,
               "--outdir", str(folder), str(folder / name)]
    # fontconfig reads a relative FONTCONFIG_FILE from its own folder (/etc/fonts), not ours
    env = {**os.environ, "FONTCONFIG_FILE": str(fontconfig.resolve())}
    code = _run(command, env, timeout, folder)
    result = folder / f"{Path(name).stem}.{target}"
    if not result.is_file() or not result.stat().st_size:
        # (LibreOffice's own messages are English: the exit code says enough to a maintainer)
        raise ConversionError(f"LibreOffice 没能生成 {target.upper()}（退出码 {code}），"
                              "没有写出任何文件；请确认 LibreOffice 能正常打开，或去掉 --format 中的 pdf")
    return result


def _for_libreoffice(docx: bytes) -> bytes:
    """The .docx with its run-in headings' style separators joined (typeset.py): LibreOffice
    would set each heading on a line of its own."""
    from .typeset import join_closing, join_style_separators

    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        parts = {info: z.read(info) for info in z.infolist()}
    changes = {"word/document.xml": lambda xml: join_closing(join_style_separators(xml)),
               "word/settings.xml": _no_expanded_breaks}
    joined = {info: changes[info.filename](data) if info.filename in changes else data
              for info, data in parts.items()}
    if joined == parts:
        return docx
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in joined.items():
            z.writestr(info, data)
    return out.getvalue()


#: The paragraph properties of a paragraph with tab stops: the joined last paragraph (the
#: reference's styles have none, a bureau's may: they would carry a few lines more, no harm).
_TABS = re.compile(rb'<style:paragraph-properties((?:(?!fo:widows)[^>])*)>\s*<style:tab-stops>'
                   rb'(?:\s*<style:tab-stop [^>]*/>)+')


def _closing_widows(flat_odt: bytes) -> bytes:
    """Carry the text's last two lines to a new page with the joined 署名 and date (typeset.py):
    that paragraph takes two lines of text, the blank line and a line per tab stop along."""
    def widows(match: re.Match[bytes]) -> bytes:
        lines = 2 + 1 + match[0].count(b"<style:tab-stop ")
        return match[0].replace(b"<style:paragraph-properties",
                                b'<style:paragraph-properties fo:widows="%d"' % lines, 1)

    return _TABS.sub(widows, flat_odt)


def _no_expanded_breaks(settings: bytes) -> bytes:
    """Lines ending in a line break are not stretched to the full width (Word's compatibility
    setting doNotExpandShiftReturn): the text's last line before the joined 署名."""
    if b"doNotExpandShiftReturn" in settings or b"<w:compat>" not in settings:
        return settings
    return settings.replace(b"<w:compat>", b"<w:compat><w:doNotExpandShiftReturn/>", 1)


def _styles_xml(docx: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return z.read("word/styles.xml")


def _as_word_means(flat_odt: bytes, styles: bytes) -> bytes:
    """Set the paragraph settings LibreOffice misread back to what the .docx says."""
    for setting, misread, meant in _WORD_MEANING:
        if setting in styles:
            flat_odt = flat_odt.replace(misread, meant)
    return flat_odt


def _run(command: list[str], env: dict[str, str], timeout: int, folder: Path) -> int:
    """Run LibreOffice in a session of its own; return its exit code. Its output goes to a
    file, not a pipe (a child left behind holding a pipe kept us waiting past the limit); at
    the limit, and once it has exited, whatever is left of its process group is killed."""
    posix = sys.platform != "win32"
    try:
        with open(folder / "soffice.log", "wb") as log:
            process = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, stdout=log,
                                       stderr=log, start_new_session=posix)
    except OSError as e:
        from ..errors import os_reason

        raise ConversionError(f"无法启动 LibreOffice（{command[0]}）：{os_reason(e)}") from e
    try:
        return process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process, posix)
        raise ConversionError(f"LibreOffice 转换 PDF 超过 {timeout} 秒仍未完成，已停止") from None
    except BaseException:  # Ctrl-C: LibreOffice must not outlive us
        _kill_group(process, posix)
        raise
    finally:
        if posix:  # children left behind after LibreOffice exited
            with contextlib.suppress(OSError):
                os.killpg(process.pid, signal.SIGKILL)


def _kill_group(process: subprocess.Popen[bytes], posix: bool) -> None:
    """Kill LibreOffice with every process it started, and reap it."""
    if posix:
        with contextlib.suppress(OSError):
            os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        process.kill()
    process.wait()
