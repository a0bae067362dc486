"""Verify a rendered report: every value the clerk wrote is where its field put it, and reaches
each output.

A template that leaves out a fact (a field it forgot, a branch that skips it) must never cost
the clerk that fact silently, even when the same words occur elsewhere (stock wording, another
field). misplaced() builds the report from facts whose values carry their field
(track.py) and checks that each value begins where a mark of its own field stands (or of a
field with the same text, which a template may merge); placed_report() gives the report
written from that same build, its marks removed. missing_values() then checks each
output written (.txt, .docx, .pdf) for every paragraph, so no writer loses one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..errors import FazhiError, Problem
from ..facts.lint import leaves
from ..facts.placeholders import Placeholder
from .marks import split, unmarked
from .track import report_texts, tracked

if TYPE_CHECKING:
    from ..facts.lint import Leaf
    from ..facts.schema import Facts
    from .track import Table

#: A value the report must state: its field's path in the facts file, and its text (normalised).
Expected = tuple[tuple[Any, ...], str]
#: What the sentence/clause filters may strip from the end of a value.
_TRAILING = "。；;，,、"
#: Settings, not facts: they choose how the report is made and need not appear in it.
_SETTINGS = ("previous", "kind", "highlights", "fonts", "outline", "numbering", "groups")


#: GB/T 9704 elements of the document, not facts of the work: a kind without a place for one
#: (a 述法报告 has no 主送机关 …) reports it as not used, a 提示, and drafts all the same.
ELEMENTS = ("发文字号", "签发人", "主送机关", "署名", "附件", "发文机关", "标题")
#: A 板块's own heading: a kind that gives the 板块 no heading of its own (the 述法报告's
#: 履职情况) does not use it.
HEADING = "标题"


def stock_keys(themes: Any) -> set[str]:
    """Return the names templates expand into standard wording (themes.yaml keys)."""
    if not isinstance(themes, dict):
        return set()
    return {str(k) for group in themes.values() if isinstance(group, dict) for k in group}


def expected_values(facts: Facts, stock: set[str],
                    every: list[Leaf] | None = None) -> list[Expected]:
    """Return (field path, text) of every value that must appear in the report verbatim;
    every is list(leaves(facts)) when the caller has it already."""
    skipped = _skipped(facts)
    tops = {path[0] for path in skipped}  # (most values are under none of them: one lookup)
    out = []
    for leaf in leaves(facts) if every is None else every:
        value = leaf.value
        if isinstance(value, (bool, dt.date, Placeholder)) or leaf.option:
            continue  # yes/no and dates are rendered as wording, 待填 as a marker; a wording
            # option with a default (自称 …) is a choice of words, not a fact
        loc = leaf.loc
        if loc[0] in tops and (loc[:1] in skipped or loc[:2] in skipped
                               or loc[:3] in skipped):
            continue
        written = str(value)  # once: a quantity spells itself out at every str()
        text = _normal(written).rstrip(_TRAILING)
        if text and written not in stock:
            out.append((loc, text))
    return out


def _skipped(facts: Facts) -> set[tuple[Any, ...]]:
    """Return the paths whose values need not appear: settings, last year's plans without
    落实情况 and the 补充 of the others (the report reviews only what was done)."""
    alias = {name: info.alias for name, info in type(facts).model_fields.items()}
    skipped: set[tuple[Any, ...]] = {(alias[name],) for name in _SETTINGS}
    for i, item in enumerate(facts.last_plans):
        done = item.done is not None and not isinstance(item.done, Placeholder)
        extra = type(item).model_fields["extra"].alias
        skipped.add((alias["last_plans"], i, extra) if done else (alias["last_plans"], i))
    return skipped


def missing_values(expected: list[Expected], raw: Any, text: str,
                   output: str, memo: dict[str, Any] | None = None,
                   kind: str = "本类报告") -> list[Problem]:
    """Return a problem for every expected value (see expected_values) that text (the output
    named output) lacks; for an ELEMENTS value, a warning that the kind does not use it.
    memo keeps what a text lacks for the next output of the same report:
    the .docx and the .txt of a report hold the same text but for whitespace."""
    haystack = _normal(text)
    pdf = output == ".pdf"
    lacking = memo.get(haystack) if memo is not None else None
    if lacking is None:
        lacking = [(loc, value) for loc, value in expected if value not in haystack
                   and not (pdf and _hyphen_joined(value, haystack))]
        if memo is not None:
            memo[haystack] = lacking
    if not lacking:
        return []
    from ..facts.keys import needed_by
    from ..facts.validate import problem_at

    return [problem_at(raw, loc, f"{kind}没有使用这一项（“{value}”不在报告中），已略去", warning=True)
            if loc[0] in ELEMENTS or loc[-1] == HEADING else
            problem_at(raw, loc, _lost(f"“{value}”没有出现在生成的{output}中", loc,
                                       needed_by(raw, loc)))
            for loc, value in lacking]


def _lost(what: str, loc: tuple[Any, ...], needs: tuple[str, ...]) -> str:
    """Explain a value the report lacks (what), and what to do: name the field it only
    qualifies (法律顾问.范围 without 人数) when that is why."""
    if needs:
        head = "或".join(f"“{n}”" for n in needs)
        return (f"{what}：“{loc[-1]}”要和同一板块的{head}一起填写，单独填写不会写入报告。"
                f"请补上{head}，或把这项内容写进该板块的“补充”")
    return f"{what}：模板在当前的填写下没有用到它。请检查与它搭配的字段是否已填写，或把这项内容写进该板块的“补充”"


def misplaced(facts: Facts, raw: Any, expected: list[Expected],
              build: Callable[[Any], Any]) -> list[Problem]:
    """Return a problem for every expected value that the report build(facts) makes from
    tracked facts does not state where its own field put it."""
    report, table = _tracked_build(facts, build)
    return _misplaced(report, table, raw, expected)


def placed_report(facts: Facts, raw: Any, expected: list[Expected],
                  build: Callable[[Any], Any]) -> tuple[Any, list[Problem]]:
    """Build the report once, from tracked facts: return it without marks (the report of the
    facts themselves, marks.py) and what misplaced() finds in it."""
    report, table = _tracked_build(facts, build)
    return unmarked(report), _misplaced(report, table, raw, expected)


def _tracked_build(facts: Facts, build: Callable[[Any], Any]) -> tuple[Any, Table]:
    """The report build() makes from tracked facts, and the table of its marks."""
    copy, table = tracked(facts)
    try:
        return build(copy), table
    except FazhiError:
        build(facts)  # the same error, worded from the facts themselves (no marks)
        raise


def _misplaced(report: Any, table: Table, raw: Any, expected: list[Expected]) -> list[Problem]:
    """The expected values the marked report does not state where their own field put them."""
    # a value is stated where a mark of its own field stands, or of a field with the same text:
    # so the texts placed are all that matter (and a text placed once need not be looked at)
    texts: set[str] = set()
    # each value's text as expected_values has it (nearly every value is marked in the report)
    values = [_normal(text).rstrip(_TRAILING) for text in table.texts]
    plains: list[str] = []  # the texts without marks
    for text in report_texts(report):
        bare, starts = split(text)
        plains.append(bare)
        for number, at in starts:  # where each value begins
            value = values[number]
            if value and value not in texts and (
                    bare.startswith(value, at)  # as written: nearly every mark
                    or _begins(bare[at:at + len(table.texts[number]) + 64], value)):
                texts.add(value)
    left = [(loc, value) for loc, value in expected if value not in texts
            and loc[0] not in ELEMENTS and loc[-1] != HEADING]  # (those: missing_values says)
    if not left:  # (nearly always: the report's whole text is looked at only for one)
        return []
    from ..facts.keys import needed_by
    from ..facts.validate import problem_at

    return [problem_at(raw, loc, f"“{value}”没有写进报告：模板在当前的填写下没有用到这个字段"
                                 "（报告别处即使有相同的文字也不算），请检查"
                       if not needed_by(raw, loc) else
                       _lost(f"“{value}”没有写进报告", loc, needed_by(raw, loc)))
            for loc, value in _unsaid(left, texts, table, plains)]


def _unsaid(left: list[Expected], texts: set[str], table: Table,
            plains: list[str]) -> list[Expected]:
    """Of the values no mark places (left), those the report does not state otherwise either:
    a zero count a template read to word it (全年无…), a choice the template words itself
    (参加 → 组织…参加…), a whole number it formats ("%d"), said somewhere (plains: its texts
    without marks)."""
    worded = {(table.locs[i], _normal(table.texts[i]).rstrip(_TRAILING)) for i in table.worded}
    if table.chosen or table.numbers:
        whole = _bare("".join(plains))
        texts = texts | {_normal(t).rstrip(_TRAILING) for t in table.chosen | table.numbers
                         if _bare(t) in whole}
    return [(loc, value) for loc, value in left if value not in texts
            and (loc, value) not in worded]


def _begins(window: str, value: str) -> bool:
    """Whether the text at a mark (window) begins with value, compared without whitespace,
    then without quotes too (a template may quote a value)."""
    window = _normal(window)
    return window.startswith(value) or _bare(window).startswith(_bare(value))


def missing_paragraphs(paragraphs: list[str], text: str, output: str,
                       memo: dict[tuple[str, bool], list[str]] | None = None) -> list[str]:
    """Return a message for each paragraph of the report that the text of an output lacks
    (whole, at one place): a writer that drops or garbles one loses the facts in it. memo
    keeps what a text lacks for the next output of the same report (as missing_values')."""
    haystack = _normal(text)
    pdf = output == ".pdf"
    lost = memo.get((haystack, pdf)) if memo is not None else None
    if lost is None:
        lost = [p for p, bare in ((p, _normal(p)) for p in paragraphs) if bare
                and bare not in haystack and not (pdf and _hyphen_joined(bare, haystack))]
        if memo is not None:
            memo[haystack, pdf] = lost
    return [f"生成的{output}中缺少这一段（或内容有出入）：“{p[:40]}{'……' if len(p) > 40 else ''}”"
            for p in lost]


def report_paragraphs(report: Any) -> list[str]:
    """The texts every output must hold whole: the title, each body paragraph, the signature
    and the date."""
    return ["".join(report.title), *(p.text for p in report.body), report.signature, report.date]


#: A page number line LibreOffice's PDF puts between the lines of a paragraph (—1—, - 12 -).
_PAGE_NUMBER = r"(?m)^\s*[—–-]\s*\d+\s*[—–-]\s*$"


def pdf_text(data: bytes, timeout: int = 60) -> str | None:
    """Read the text of a PDF back (pdftotext); None when pdftotext is not installed (only the
    file's structure is checked then). An empty, broken or unreadable PDF is an error."""
    import shutil
    import subprocess

    from ..errors import ConversionError

    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-2048:]:
        raise ConversionError("LibreOffice 生成的 PDF 不完整或已损坏，没有写出任何文件，请重试")
    tool = shutil.which("pdftotext")
    if tool is None:
        return None
    try:
        done = subprocess.run([tool, "-enc", "UTF-8", "-", "-"], input=data, capture_output=True,
                              timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise ConversionError("无法读回生成的 PDF 中的文字（pdftotext 运行失败），"
                              "没有写出任何文件") from e
    text = re.sub(_PAGE_NUMBER, "", done.stdout.decode("utf-8", "replace"))
    if done.returncode != 0 or not text.strip():
        raise ConversionError("生成的 PDF 中读不出文字（转换失败或字体缺失），没有写出任何文件")
    return text


def _hyphen_joined(value: str, haystack: str) -> bool:
    """True when value is in text read back from a PDF but for its hyphens: pdftotext joins a
    line that ends in a hyphen to the next without it (2021-|2025 → 20212025)."""
    return "-" in value and value.replace("-", "") in haystack.replace("-", "")


def _bare(text: str) -> str:
    """Text without whitespace and quotation marks (a template may quote a value itself)."""
    return _QUOTES.sub("", _normal(text))


#: (A regular expression: str.translate takes ~100x as long over a Chinese text.)
_QUOTES = re.compile("[“”‘’\"'「」『』]")


def docx_text(data: bytes) -> str:
    """Return the text of every paragraph of a .docx, one per line (read with lxml, not python-docx,
    so a draft stays free of python-docx's import cost), without the word joiners that keep
    names on one line (writers/typeset.py)."""
    from ..writers.package import main_document
    from ..writers.typeset import plain_text

    return plain_text(main_document(data))


def _normal(text: str) -> str:
    """Drop whitespace: the report may wrap or indent, the clerk's text may have spaces.
    (str.split() splits at the characters regular expressions call \\s, ~4x faster than
    removing them with one: this runs over the whole text of each output.)"""
    return "".join(text.split())
