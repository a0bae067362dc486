"""A PDF is checked like the other outputs, and LibreOffice cannot hang or leak: a failed,
empty or garbage conversion is an error, and at the limit LibreOffice is killed with every
process it started (stand-in soffice programs, so these run in a second)."""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

import pytest

from fazhi_writer.errors import ConversionError, LostFactError
from fazhi_writer.pipeline import draft
from fazhi_writer.writers.pdf import render_pdf

from .conftest import EXAMPLES, TODAY
from .pdf_helpers import require_tools

# A stand-in for soffice: converts by copying the input (the .fodt step) or by writing PDF
# (the .pdf step), as told by the environment.
FAKE = """#!{python}
import os, subprocess, sys, time
args = sys.argv[1:]
target, outdir, source = args[args.index("--convert-to") + 1], args[args.index("--outdir") + 1], args[-1]
stem = os.path.splitext(os.path.basename(source))[0]
mode = os.environ.get("FAKE_PDF", "")
if target == "fodt":
    open(os.path.join(outdir, stem + ".fodt"), "wb").write(b"<office/>")
    sys.exit(0)
if mode == "hang":
    time.sleep(600)
if mode == "child":  # a child that outlives soffice, holding its output
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    open(os.environ["FAKE_PID"], "w").write(str(child.pid))
data = {{"empty": b"", "garbage": b"not a pdf at all", "child": b"", "fail": None,
        "blank": open(os.environ.get("BLANK_PDF", os.devnull), "rb").read()}}.get(mode, b"")
if data is not None:
    open(os.path.join(outdir, stem + ".pdf"), "wb").write(data)
sys.exit(0 if data is not None else 77)
"""


@pytest.fixture
def soffice(tmp_path: Path) -> Path:
    program = tmp_path / "soffice"
    program.write_text(FAKE.format(python=sys.executable), encoding="utf-8")
    program.chmod(0o755)
    return program


def _docx() -> bytes:
    """The least of a .docx render_pdf reads (its styles)."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("word/styles.xml", "<w:styles/>")
    return buffer.getvalue()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.parametrize(("mode", "message"), [
    ("fail", "LibreOffice 没能生成 PDF（退出码 77）"),
    ("empty", "LibreOffice 没能生成 PDF"),
    ("garbage", "PDF 不完整或已损坏"),
])
def test_a_failed_empty_or_garbage_pdf_is_an_error(tmp_path: Path, soffice: Path,
                                                   monkeypatch: pytest.MonkeyPatch, mode: str,
                                                   message: str) -> None:
    monkeypatch.setenv("FAKE_PDF", mode)
    monkeypatch.setenv("PATH", f"{soffice.parent}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises((ConversionError, LostFactError), match=message):
        draft(EXAMPLES[0], out_dir=tmp_path / "out", formats=("pdf",), today=TODAY)
    assert not (tmp_path / "out").exists()


def test_a_pdf_without_the_facts_is_an_error(tmp_path: Path, soffice: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A PDF that reads back without the report's text (here: a blank page) is not written,
    even with --format pdf alone."""
    if not shutil.which("pdftotext"):  # the blank page is found by reading the PDF back
        require_tools()  # (skips locally; fails in CI, which must install poppler-utils)
    blank = tmp_path / "blank.pdf"
    blank.write_bytes(_blank_pdf())
    monkeypatch.setenv("FAKE_PDF", "blank")
    monkeypatch.setenv("BLANK_PDF", str(blank))
    monkeypatch.setenv("PATH", f"{soffice.parent}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises((ConversionError, LostFactError), match="PDF"):
        draft(EXAMPLES[0], out_dir=tmp_path / "out", formats=("pdf",), today=TODAY)
    assert not (tmp_path / "out").exists()


def _blank_pdf() -> bytes:
    """A valid one-page PDF with no text."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


@pytest.mark.skipif(sys.platform == "win32", reason="process groups")
def test_at_the_limit_libreoffice_is_killed_with_its_children(tmp_path: Path, soffice: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_PDF", "hang")
    start = time.monotonic()
    with pytest.raises(ConversionError, match="超过 2 秒仍未完成，已停止"):
        render_pdf(_docx(), str(soffice), tmp_path / "fonts.conf", timeout=2)
    assert time.monotonic() - start < 20


@pytest.mark.skipif(sys.platform == "win32", reason="process groups")
def test_a_child_left_behind_neither_delays_nor_outlives_the_conversion(
        tmp_path: Path, soffice: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pid_file = tmp_path / "child.pid"
    monkeypatch.setenv("FAKE_PDF", "child")
    monkeypatch.setenv("FAKE_PID", str(pid_file))
    start = time.monotonic()
    with pytest.raises(ConversionError):  # the stand-in writes an empty PDF
        render_pdf(_docx(), str(soffice), tmp_path / "fonts.conf", timeout=30)
    assert time.monotonic() - start < 20  # not waiting for the child
    child = int(pid_file.read_text())
    deadline = time.monotonic() + 5
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(child)


@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext")),
                    reason="LibreOffice and pdftotext")
def test_a_pdf_alone_is_read_back_and_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--format pdf alone: the PDF LibreOffice makes from a .docx that lost its last paragraph
    is refused (the PDF's own text is read back)."""
    from typing import Any

    from fazhi_writer.writers import docx as writer

    real = writer.render_docx

    def lossy(report: Any, *args: Any) -> bytes:
        return real(report._replace(body=report.body[:-1]), *args)

    monkeypatch.setattr(writer, "render_docx", lossy)
    with pytest.raises(LostFactError, match=r"生成的\.pdf中") as info:
        draft(EXAMPLES[0], out_dir=tmp_path / "out", formats=("pdf",), today=TODAY)
    assert ".docx" not in str(info.value) and not (tmp_path / "out").exists()
