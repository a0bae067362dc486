"""Draft a small facts text into .txt and .docx and return both texts (whitespace removed),
for the tests of the general fact types and the domain fields."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fazhi_writer.pipeline import draft
from fazhi_writer.report.verify import docx_text

HEAD = "单位: 某县教育局\n年度: 2024\n成文日期: 2025-01-10\n"
SUMMARY_HEAD = HEAD + "报告类型: 工作总结\n"
SHUFA_HEAD = HEAD + "报告类型: 述法报告\n第一责任人:\n  姓名: 张三\n  职务: 局长\n"


def outputs(tmp_path: Path, body: str, head: str = HEAD) -> list[str]:
    """The .txt and .docx texts of the report of head + body, each without whitespace."""
    facts = tmp_path / "facts.yaml"
    facts.write_text(head + body, encoding="utf-8")
    written = draft(facts, out_dir=tmp_path / "out", formats=("txt", "docx"),
                    today=dt.date(2025, 1, 10)).written
    txt = next(p for p in written if p.suffix == ".txt").read_text(encoding="utf-8")
    docx = docx_text(next(p for p in written if p.suffix == ".docx").read_bytes())
    return ["".join(t.split()) for t in (txt, docx)]


def assert_says(tmp_path: Path, body: str, *clauses: str, absent: tuple[str, ...] = (),
                head: str = HEAD) -> None:
    """Both outputs contain every clause and none of absent."""
    for text in outputs(tmp_path, body, head):
        for clause in clauses:
            assert clause in text, f"“{clause}” not in: {text}"
        for clause in absent:
            assert clause not in text, f"“{clause}” should not be in: {text}"
