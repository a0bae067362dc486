"""A facts file saved by Notepad or WPS, in any encoding and line end, drafts the same report."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from fazhi_writer.pipeline import draft
from fazhi_writer.report.verify import docx_text

from .conftest import EXAMPLES, TODAY

VARIANTS = {
    "utf-8-crlf": lambda text: text.replace("\n", "\r\n").encode("utf-8"),
    "utf-8-bom": lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
    "gbk-crlf": lambda text: text.replace("\n", "\r\n").encode("gbk"),
    "gb18030": lambda text: text.encode("gb18030"),
    "utf-16-crlf": lambda text: text.replace("\n", "\r\n").encode("utf-16"),  # Notepad's "Unicode"
    "old-mac-cr": lambda text: text.replace("\n", "\r").encode("utf-8"),
}


def _outputs(facts: Path, out: Path) -> tuple[bytes, str]:
    result = draft(facts, out_dir=out, today=TODAY)
    docx_path, txt_path = sorted(result.written, key=lambda p: p.suffix)
    return txt_path.read_bytes(), docx_text(docx_path.read_bytes())


@pytest.mark.parametrize("example", [EXAMPLES[0], EXAMPLES[3]], ids=lambda p: p.stem)
@pytest.mark.parametrize("variant", VARIANTS)
def test_output_is_identical_to_the_utf8_files(tmp_path: Path, example: Path, variant: str) -> None:
    text = example.read_text(encoding="utf-8")
    assert "\r" not in text
    expected = _outputs(example, tmp_path / "utf-8")
    copy = tmp_path / example.name
    copy.write_bytes(VARIANTS[variant](text))
    assert _outputs(copy, tmp_path / variant) == expected
