"""Build the content model: render a kind's outline template, parse it (outline.py), then
prune, number and flatten. Numbering is decided here, so a topic without facts disappears and
the rest renumber.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple
from weakref import WeakKeyDictionary

from ..errors import TemplateError
from ..facts.placeholders import SENTINEL, Placeholder
from . import marks
from .layout import BREAK_MARK, break_title
from .model import Paragraph, Report, Section
from .outline import Outline, Pending, parse
from .render import cn_number, render_string, render_template
from .shape import numbering, shape

if TYPE_CHECKING:
    from ..facts.schema import Facts

DEFAULT_KIND = "annual"
DATE_KEY = "成文日期"


class Kind(NamedTuple):
    """A report kind's settings from templates/<kind>/kind.yaml (a named tuple, as the helpers
    below are plain classes or named tuples: creating a dataclass costs ~0.5 ms at start)."""

    name: str
    description: str
    file_name: str
    numbering: list[str]
    enumeration: str
    placeholder: str
    date_format: str
    label: str
    """The kind's Chinese name (名称), as the facts file's 报告类型 may give it."""
    required: list[str]
    """Facts the kind cannot do without, as Chinese field paths (第一责任人.姓名)."""
    run_in_levels: list[int]
    """Heading levels written run-in (heading and first paragraph in one paragraph)."""
    blank: str
    """The visible marker of a 待填 placeholder."""


def load_yaml_template(env: Any, name: str) -> Any:
    """Read a YAML file through the template loader, so a bureau's copy wins.

    The parsed data is shared by every caller reading the same text: do not modify it.
    Kept per environment as Jinja keeps templates: for good when the environment does not
    auto-reload (make_env's: a process drafts with the templates as they were when it began,
    and a report no longer stats kind.yaml and themes.yaml twice), else until the file changes.
    """
    import jinja2

    known = _YAML_TEMPLATES.setdefault(env, {})
    if name in known and (not env.auto_reload or known[name][1]()):
        return known[name][0]
    try:
        source, filename, uptodate = env.loader.get_source(env, name)
    except jinja2.TemplateNotFound:
        raise TemplateError(f"找不到模板文件：{name}") from None
    data = _parse_yaml_template(source, filename)
    if uptodate is not None:
        known[name] = (data, uptodate)
    return data


#: environment -> {name: (parsed data, the loader's up-to-date check)}; gone with the environment.
_YAML_TEMPLATES: WeakKeyDictionary[Any, dict[str, tuple[Any, Any]]] = WeakKeyDictionary()


@lru_cache(maxsize=32)
def _parse_yaml_template(source: str, filename: str) -> Any:
    """Parse a YAML template once per text (kind.yaml is read several times a draft)."""
    return _parse_yaml(source, filename)


def _parse_yaml(source: str, filename: str) -> Any:
    """Parse a YAML template, naming the file, line and column of a syntax error."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        return YAML(typ="safe").load(source)
    except YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"{filename}:{mark.line + 1}:{mark.column + 1}" if mark else filename
        problem = getattr(e, "problem", None) or e
        raise TemplateError(f"{where}: YAML 格式错误：{problem}") from e


def load_kind(env: Any, kind: str) -> Kind:
    """Load the settings of a report kind."""
    data = load_yaml_template(env, f"{kind}/kind.yaml")
    try:
        return Kind(
            name=kind, description=data["说明"], file_name=data["文件名"],
            numbering=list(data["编号"]), enumeration=data["列举"],
            placeholder=data["待补充"], date_format=data["成文日期"],
            label=str(data.get("名称", kind)), required=list(data.get("必填") or []),
            run_in_levels=[int(n) for n in data.get("行内标题") or []],
            blank=data["待填"],
        )
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        raise TemplateError(f"{kind}/kind.yaml: 缺少设置项或格式不对：{e}") from e


def template_context(facts: Facts, env: Any, previous: Facts | None = None) -> dict[str, Any]:
    """Return the names every outline template is rendered with (last: last year's facts)."""
    return {"facts": facts, "themes": load_yaml_template(env, "themes.yaml"), "last": previous,
            "years": load_yaml_template(env, "years.yaml") or {}}


def build_report(facts: Facts, env: Any, kind_name: str = "annual",
                 today: dt.date | None = None, previous: Facts | None = None,
                 order: Sequence[str] = ()) -> Report:
    """Render the kind's outline with the facts (and last year's) into a numbered Report.

    order: the facts file's top-level keys as the clerk wrote them (the 板块 follow it).
    today is not used: a report without 成文日期 shows the kind's 待填 marker instead.
    """
    kind = load_kind(env, kind_name)
    kind = kind._replace(numbering=numbering(facts.numbering, kind.numbering))
    outline = parse(render_template(env, f"{kind_name}/report.md.j2",
                                     template_context(facts, env, previous)))
    warnings = shape(outline.root, facts, order)
    _prune(outline.root, kind, env, warnings)
    blanks = _Blanks(kind, env)
    origin = f"{kind_name}/kind.yaml"
    date_text = _date_text(facts, kind, env, blanks, warnings)
    title = tuple(break_title([blanks.fill(segment)[0] for segment in outline.title]))
    return Report(
        title=title,
        recipient=blanks.fill(outline.meta.get("主送", ""))[0],
        byline=blanks.fill(outline.meta.get("作者", ""))[0],
        doc_number=blanks.fill(outline.meta.get("发文字号", ""))[0],
        signer="\n".join(blanks.fill(line)[0] for line in outline.signers),
        attachments=tuple(blanks.fill(line)[0] for line in outline.attachments),
        body=tuple(map(blanks.paragraph, _flatten(outline.root, kind))),
        signature="\n".join(blanks.fill(line)[0] for line in outline.signatures),
        sealed=facts.sealed,
        date=date_text,
        file_stem=_file_stem(render_string(env, kind.file_name, {"facts": facts}, origin)),
        warnings=tuple(warnings),
        variables=_variables(facts, kind, outline, date_text),
    )


def _file_stem(text: str) -> str:
    """The output's name without 待填 values: a 【待填】 marker is no part of a file name."""
    return re.sub(r"（\s*）|\(\s*\)", "", SENTINEL.sub("", marks.plain(text))).strip()


def _date_text(facts: Facts, kind: Kind, env: Any, blanks: _Blanks, warnings: list[str]) -> str:
    """The 成文日期 in the kind's format; a 待填 or missing date shows the kind's 待填 marker."""
    date = facts.date
    if date is None:
        marker = render_string(env, kind.blank, {"field": DATE_KEY, "note": ""}, f"{kind.name}/kind.yaml")
        warnings.append(f"事实文件未填写“{DATE_KEY}”，报告中已标出 {marker}，请填写后重新生成")
        return marker
    if isinstance(date, Placeholder):
        return blanks.fill(str(date))[0]
    return render_string(env, kind.date_format, {"d": date}, f"{kind.name}/kind.yaml")


def _variables(facts: Facts, kind: Kind, outline: Outline, date: str) -> dict[str, str]:
    """The names a .docx letterhead may use: {{ 单位 }}, {{ 标题 }}, {{ 姓名 }} …"""
    leader = facts.responsible
    return {
        "单位": facts.unit, "年度": str(facts.year), "自称": facts.short,
        "标题": "".join(outline.title).replace(BREAK_MARK, ""), "报告类型": kind.label,
        "署名": " ".join(outline.signatures), "成文日期": date,
        "姓名": (leader.name if leader else None) or "",
        "职务": (leader.title if leader else None) or "",
    }


class _Blanks:
    """Turns the sentinels 待填 placeholders print as into the kind's visible markers."""

    def __init__(self, kind: Kind, env: Any) -> None:
        self.kind = kind
        self.env = env

    def fill(self, text: str) -> tuple[str, tuple[tuple[int, int], ...]]:
        """Replace each sentinel by its 【待填：…】 marker; return the text and the markers' spans."""
        if "\x00" not in text:  # (no sentinel: most texts)
            return text, ()
        parts: list[str] = []
        marks: list[tuple[int, int]] = []
        end = 0
        for match in SENTINEL.finditer(text):
            parts.append(text[end:match.start()])
            start = sum(map(len, parts))
            context = {"field": match[1], "note": match[2]}
            parts.append(render_string(self.env, self.kind.blank, context, f"{self.kind.name}/kind.yaml"))
            marks.append((start, start + len(parts[-1])))
            end = match.end()
        parts.append(text[end:])
        return "".join(parts), tuple(marks)

    def paragraph(self, para: Paragraph) -> Paragraph:
        """Return the paragraph with its markers filled in and their spans recorded."""
        if "\x00" not in para.text:
            return para
        text, marks = self.fill(para.text)
        return para._replace(text=text, lead=self.fill(para.lead)[0], marks=marks)


def _prune(section: Section, kind: Kind, env: Any, warnings: list[str]) -> bool:
    """Drop sections without content; mark empty required ones with the 待补充 placeholder;
    number the sections left. Return whether the section is left empty (each subsection's
    decided once, bottom up)."""
    kept: list[Section | Paragraph] = []
    marked: list[Section] = []
    sections: list[Section] = []
    for child in section.children:
        if not isinstance(child, Section):
            kept.append(child)
            continue
        if _prune(child, kind, env, warnings):  # left empty
            if not child.required:
                continue
            marked.append(child)
        kept.append(child)
        sections.append(child)
    section.children = kept
    for child in marked:  # (after the subsections' own notes, as before)
        marker = render_string(env, kind.placeholder, {"title": child.title},
                               f"{kind.name}/kind.yaml")
        child.children = [Paragraph(text=marker, placeholder=True)]
        warnings.append(f"必备部分“{child.title}”没有内容，已插入标记 {marker}，请补充事实")
    _number(sections, kind)
    # a run-in heading is a sentence itself (a plan written as one sentence): never empty
    return not section.run_in and not kept


def _number(sections: list[Section], kind: Kind) -> None:
    """Give each of the sibling sections its number (一、 （一） 1.) by position; a lone
    subsection (（一） or 1. with no second) is not numbered: a list has two items or more."""
    for count, child in enumerate(sections, start=1):
        if len(sections) > 1 or child.level == 1:
            child.number = _label(kind.numbering[child.level - 1], count)


def _flatten(section: Section, kind: Kind, out: list[Paragraph] | None = None) -> list[Paragraph]:
    """Turn the tree into paragraphs, merging run-in headings with their first paragraph."""
    out = [] if out is None else out
    children = section.children
    if section.level:
        heading = section.number + section.title
        first = children[0] if children else None
        run_in = section.run_in or section.level in kind.run_in_levels
        if run_in and isinstance(first, Pending):
            lead = heading if _ends(heading, ("。", "：")) else heading + "。"
            out.append(Paragraph(lead + _text(first, kind), section.level, lead))
            children = children[1:]
        else:
            out.append(Paragraph(heading, section.level))
    for child in children:
        if isinstance(child, Section):
            _flatten(child, kind, out)
        elif isinstance(child, Pending):
            out.append(Paragraph(_text(child, kind)))
        else:
            out.append(child)
    return out


def _text(pending: Pending, kind: Kind) -> str:
    """Join a paragraph's lead text and its items as 一是…。二是…。."""
    if not pending.items:
        return pending.text
    parts = [pending.text]
    for i, item in enumerate(pending.items, start=1):
        label = _label(kind.enumeration, i) if len(pending.items) > 1 else ""
        parts.append(label + (item if _ends(item, ("。", "！", "？")) else item + "。"))
    return "".join(parts)


def _label(pattern: str, n: int) -> str:
    """The number or enumeration label n in a kind's pattern ({cn}、 （{cn}） {n}. {cn}是).
    Not cached: a pattern from the clerk's 编号 carries its field's mark (track.py) while
    equal to the plain text, so a cache would give the next report this one's mark."""
    return pattern.format(cn=cn_number(n), n=n)


def _ends(text: str, endings: tuple[str, ...]) -> bool:
    """Whether text, without its marks, ends with one of endings (single characters). A text
    that does not end with a mark ends with its own last character: no need to remove them."""
    return (marks.plain(text) if text.endswith(marks.SEP) else text).endswith(endings)
