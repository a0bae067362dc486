"""The generality corpus: openings of 12 real reports of other bureaus (tests/data/corpus/*.txt,
copied from ../shared/corpus) and the facts file a clerk would write from each (*.yaml).

Each facts file drafts (.txt and .docx); every number of its text is in both outputs; free text
(补充, 其他, 活动.成效, 落实情况 and whole-sentence 存在问题/工作打算 items) is at most 5 % of the
report's characters. How numbers are counted is written in tests/data/corpus/README.md.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from fazhi_writer.pipeline import draft
from fazhi_writer.report.verify import docx_text, stock_keys

from .conftest import ROOT

CORPUS = ROOT / "tests" / "data" / "corpus"
FACTS = sorted(CORPUS.glob("[0-9][0-9]_*.yaml"))
#: The drafts must not depend on the clock (files without 成文日期 take this day).
TODAY = dt.date(2026, 3, 1)
#: Page furniture the web site put between title and text: publication time, source, views.
META = re.compile(r"^\s*(信息来源|来源|发布时间|发布日期|日期|时间|浏览次数|字\s*号|【字体)")
#: The outline numbers of the original (1.优化…, 2.完善…): the report numbers its own items.
OUTLINE = re.compile(r"^\s*\d+[.．、](?!\d)")
PUBLISHED = re.compile(r"(\d{4})-\s*(\d{1,2})-\s*(\d{1,2})")
DIGITS = re.compile(r"\d+")
MAX_FREE_SHARE = 0.05
#: Statutory names and part headings every report uses (《法治政府建设与责任落实督察工作规定》,
#: the 三项制度): the copy check is about sentences, not these terms.
TERMS = ("推进法治政府建设的主要举措和成效", "存在的不足和原因", "推进法治政府建设的主要安排",
         "党政主要负责人履行推进法治建设第一责任人职责", "行政执法公示", "执法全过程记录",
         "重大执法决定法制审核", "“三项制度”", "“双随机、一公开”")


def _source(facts: Path) -> str:
    return facts.with_suffix(".txt").read_text(encoding="utf-8")


def text_numbers(text: str) -> tuple[list[str], list[tuple[int, int, int]]]:
    """The digit runs of a corpus text that the report must carry, and the publication dates
    of its page furniture (which the facts file gives as 成文日期)."""
    lines = text.splitlines()
    assert lines[0].startswith("# 来源"), "a corpus text starts with its # 来源 line"
    numbers: list[str] = []
    dates: list[tuple[int, int, int]] = []
    for line in lines[1:]:
        if META.match(line):
            dates += [(int(y), int(m), int(d)) for y, m, d in PUBLISHED.findall(line)]
            continue
        numbers += DIGITS.findall(OUTLINE.sub("", line))
    return numbers, dates


def free_text(raw: Any, stock: set[str], key: str = "") -> list[str]:
    """Every free-text value of a facts mapping: 补充, 其他, 活动.成效, 落实情况, and the
    存在问题/工作打算 items that are sentences rather than stock themes."""
    if isinstance(raw, dict):
        found = []
        for k, v in raw.items():
            if k in ("补充", "其他", "成效", "落实情况") and not isinstance(v, dict):
                found += [str(x) for x in (v if isinstance(v, list) else [v])]
            elif k in ("存在问题", "工作打算", "上年工作打算"):
                for item in v or []:
                    theme = item.get("主题") if isinstance(item, dict) else item
                    if str(theme) not in stock:
                        found.append(str(theme))
                    if isinstance(item, dict):
                        found += free_text({x: y for x, y in item.items() if x != "主题"}, stock)
            else:
                found += free_text(v, stock, k)
        return found
    if isinstance(raw, list):
        return [s for item in raw for s in free_text(item, stock, key)]
    return []


def _chars(text: str) -> int:
    return len("".join(text.split()))


def _draft(facts: Path, out: Path) -> tuple[str, str]:
    written = draft(facts, out_dir=out, formats=("txt", "docx"), today=TODAY).written
    txt = next(p for p in written if p.suffix == ".txt").read_text(encoding="utf-8")
    docx = docx_text(next(p for p in written if p.suffix == ".docx").read_bytes())
    return txt, docx


def free_share(facts: Path, report: str) -> float:
    raw = YAML(typ="safe").load(facts.read_text(encoding="utf-8"))
    themes = YAML(typ="safe").load((ROOT / "templates" / "themes.yaml").read_text(encoding="utf-8"))
    free = sum(_chars(s) for s in free_text(raw, stock_keys(themes)))
    return free / _chars(report)


def test_there_is_a_facts_file_for_each_of_the_twelve_openings() -> None:
    assert [p.name[:2] for p in FACTS] == [f"{i:02d}" for i in range(1, 13)]
    assert all(p.with_suffix(".txt").is_file() for p in FACTS)


@pytest.mark.parametrize("facts", FACTS, ids=lambda p: p.stem)
def test_every_number_of_the_opening_is_in_the_report(facts: Path, tmp_path: Path) -> None:
    numbers, dates = text_numbers(_source(facts))
    for output in _draft(facts, tmp_path):
        have = DIGITS.findall(output)
        missing = sorted(set(numbers) - set(have))
        assert not missing, f"numbers of {facts.stem} not in the report: {missing}"
        # a number the text writes twice is needed only once: the report is not the text
        for y, m, d in dates:
            assert f"{y}年{m}月{d}日" in "".join(output.split()), "the publication date is the 成文日期"


@pytest.mark.parametrize("facts", FACTS, ids=lambda p: p.stem)
def test_free_text_is_at_most_five_percent_of_the_report(facts: Path, tmp_path: Path) -> None:
    report, _ = _draft(facts, tmp_path)
    share = free_share(facts, report)
    assert share <= MAX_FREE_SHARE, f"{facts.stem}: free text is {share:.1%} of the report"


def test_the_numbers_rule_skips_page_furniture_and_outline_numbers_only() -> None:
    text = ("# 来源: http://x/2024/1.html\n标题2024年\n发布时间: 2025-03-31 16:44\n"
            "1.优化职能。制定31项事项。\n  2.完善制度，1.5万元\n")
    numbers, dates = text_numbers(text)
    assert numbers == ["2024", "31", "1", "5"] and dates == [(2025, 3, 31)]


def test_free_text_counts_sentences_not_stock_themes_or_fields() -> None:
    raw = {"行政执法": {"补充": ["甲句"], "活动": [{"名称": "乙", "成效": "丙句"}]},
           "其他": "丁句", "存在问题": ["学习不系统", "一句完整的话", {"主题": "学习不系统", "补充": "戊"}]}
    assert free_text(raw, {"学习不系统"}) == ["甲句", "丙句", "丁句", "一句完整的话", "戊"]


def _without_terms(text: str, mark: str) -> str:
    for term in TERMS:
        text = text.replace(term, mark)
    return text


def test_the_new_sentence_patterns_do_not_copy_the_corpus_wording() -> None:
    """No run of 12 characters of a corpus text is in the sentence patterns written for the
    general types and domain fields (statutory names, TERMS, set aside: they are vocabulary).
    The older templates share the standard political formulae (以习近平新时代…为指导) with
    every report; those are not the corpus's wording and are not checked here."""
    patterns = "".join((ROOT / "templates" / n).read_text(encoding="utf-8")
                       for n in ("general.j2", "domain.j2"))
    flat = _without_terms("".join(patterns.split()), "□")
    for facts in FACTS:
        text = _without_terms("".join(_source(facts).split("\n", 1)[1].split()), "■")
        copied = {text[i:i + 12] for i in range(len(text) - 11) if text[i:i + 12] in flat}
        assert not copied, f"{facts.stem}: {sorted(copied)[:3]}"


def test_the_readme_quotes_each_share(tmp_path: Path) -> None:
    """The README's table of free-text shares is what the drafts measure (to 0.5 point)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quoted = {m[1]: float(m[2]) for m in re.finditer(r"^\| (\d\d) \| [^|]+ \| \d{4} \| ([\d.]+)% \|$",
                                                     readme, re.MULTILINE)}
    assert sorted(quoted) == [p.name[:2] for p in FACTS]
    for facts in FACTS:
        text, _ = _draft(facts, tmp_path / facts.stem)
        assert abs(free_share(facts, text) * 100 - quoted[facts.name[:2]]) <= 0.5, facts.stem
