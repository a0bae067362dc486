"""Verify a rendered report: every value the clerk wrote appears in the text of each output.

A template that leaves out a fact (a field it forgot, a branch that skips it) must never cost
the clerk that fact silently: draft checks the .txt and the .docx it is about to write, and
check checks the text, before anything is written.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from ..errors import Problem
from ..facts.lint import leaves

if TYPE_CHECKING:
    from ..facts.lint import Leaf
    from ..facts.schema import Facts

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
                    every: list[Leaf] | None = None) -> list[tuple[tuple[Any, ...], str]]:
    """Return (field path, text) of every value that must appear in the report verbatim;
    every is list(leaves(facts)) when the caller has it already."""
    from ..facts.placeholders import Placeholder

    skipped = _skipped(facts)
    out = []
    for leaf in leaves(facts) if every is None else every:
        value = leaf.value
        if isinstance(value, (bool, dt.date, Placeholder)) or leaf.option:
            continue  # yes/no and dates are rendered as wording, 待填 as a marker; a wording
            # option with a default (自称 …) is a choice of words, not a fact
        loc = leaf.loc
        if loc[:1] in skipped or loc[:2] in skipped or loc[:3] in skipped:
            continue
        written = str(value)  # once: a quantity spells itself out at every str()
        text = _normal(written).rstrip(_TRAILING)
        if text and written not in stock:
            out.append((loc, text))
    return out


def _skipped(facts: Facts) -> set[tuple[Any, ...]]:
    """Return the paths whose values need not appear: settings, last year's plans without
    落实情况 and the 补充 of the others (the report reviews only what was done)."""
    from ..facts.placeholders import Placeholder

    alias = {name: info.alias for name, info in type(facts).model_fields.items()}
    skipped: set[tuple[Any, ...]] = {(alias[name],) for name in _SETTINGS}
    for i, item in enumerate(facts.last_plans):
        done = item.done is not None and not isinstance(item.done, Placeholder)
        extra = type(item).model_fields["extra"].alias
        skipped.add((alias["last_plans"], i, extra) if done else (alias["last_plans"], i))
    return skipped


def missing_values(expected: list[tuple[tuple[Any, ...], str]], raw: Any,
                   texts: dict[str, str], kind: str = "本类报告") -> list[Problem]:
    """Return one problem for every expected value (see expected_values) that some of texts
    (output name -> its text) lack, naming those outputs and, when the value only qualifies a
    field left empty (法律顾问.范围 without 人数), that field; for an ELEMENTS value (or a 板块's
    own heading), a warning that the kind does not use it. The .docx and the .txt of a report
    hold the same text but for whitespace: each distinct text is searched once."""
    from ..facts.keys import needed_by
    from ..facts.validate import problem_at

    lacking_in: dict[str, list[tuple[tuple[Any, ...], str]]] = {}
    where: dict[tuple[Any, ...], tuple[str, list[str]]] = {}
    for output, text in texts.items():
        haystack = _normal(text)
        if haystack not in lacking_in:
            lacking_in[haystack] = [(loc, value) for loc, value in expected if value not in haystack]
        for loc, value in lacking_in[haystack]:
            where.setdefault(loc, (value, []))[1].append(output)
    return [problem_at(raw, loc, f"{kind}没有使用这一项（“{value}”不在报告中），已略去", warning=True)
            if loc[0] in ELEMENTS or loc[-1] == HEADING else
            problem_at(raw, loc, _lost(value, "和".join(outputs), loc, needed_by(raw, loc)))
            for loc, (value, outputs) in where.items()]


def _lost(value: str, outputs: str, loc: tuple[Any, ...], needs: tuple[str, ...]) -> str:
    """Explain a value the report lacks, and what to do."""
    if needs:
        head = "或".join(f"“{n}”" for n in needs)
        return (f"“{value}”没有写入生成的{outputs}：“{loc[-1]}”要和同一板块的{head}一起填写，"
                f"单独填写不会写入报告。请补上{head}，或把这项内容写进该板块的“补充”")
    return (f"“{value}”没有出现在生成的{outputs}中：模板在当前的填写下没有用到它。"
            "请检查与它搭配的字段是否已填写，或把这项内容写进该板块的“补充”")


def docx_text(data: bytes) -> str:
    """Return the text of every paragraph of a .docx, one per line (read with lxml, not python-docx,
    so a draft stays free of python-docx's import cost)."""
    from ..writers.package import main_document

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    return "\n".join("".join(t.text or "" for t in p.iter(f"{w}t"))
                     for p in main_document(data).iter(f"{w}p"))


def _normal(text: str) -> str:
    """Drop whitespace: the report may wrap or indent, the clerk's text may have spaces.
    (str.split() splits at the characters regular expressions call \\s, ~4x faster than
    removing them with one: this runs over the whole text of each output.)"""
    return "".join(text.split())
