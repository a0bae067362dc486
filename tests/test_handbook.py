"""The field handbook (字段手册.md): generated from the templates, current, complete, and true.

(a) The committed handbook equals a fresh generation and has an entry, for every kind, for every
field of the schema (walked here independently of the generator).
(b) Every entry is checked from the handbook's own text: its example (baseline + the entry's
YAML) is written to a facts file and drafted through the pipeline in every kind; the lines the
report gains over the same file without the field are exactly the lines the entry quotes.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import typing
from collections import Counter
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from pydantic import BaseModel
from ruamel.yaml import YAML
from typer.testing import CliRunner

from fazhi_writer.commands.cli import app
from fazhi_writer.facts.coerce import FALSE, TRUE
from fazhi_writer.facts.schema import Facts, Topic, facts_json_schema
from fazhi_writer.handbook import HANDBOOK, Handbook, build, drafter_for, entry, render
from fazhi_writer.handbook.compare import merge
from fazhi_writer.pipeline import prepare
from fazhi_writer.report.kinds import list_kinds
from fazhi_writer.writers.text import render_text

from .conftest import ROOT

COMMITTED = ROOT / HANDBOOK
REGENERATE = ("字段手册.md 与模板不一致（已过期），请重新生成并提交：\n"
              "  PYTHONPATH=$PWD python3 -m pytest tests/test_handbook.py --update-golden\n"
              "或  fazhi-write handbook -o 字段手册.md --force（再删除备份文件）")
_ANCHOR = re.compile(r'^<a id="([^"]+)"></a>$', re.MULTILINE)
_YAML = re.compile(r"^```yaml\n(.*?)\n```$", re.MULTILINE | re.DOTALL)
_KIND = re.compile(r"^- \*\*(.+?)\*\*(.*)$")
#: A text no template writes: drafted as a 板块's 补充, it shows the 板块's frame.
_PROBE = "测试探针文字"


class Section(NamedTuple):
    """What the handbook says about one field."""

    path: str
    snippet: Any
    bullets: dict[str, tuple[str, list[str]]]
    """kind label -> (text after the label, quoted report lines)."""
    text: str


@pytest.fixture(scope="module")
def fresh() -> str:
    return render(build())


@pytest.fixture(scope="module")
def committed(fresh: str, request: pytest.FixtureRequest) -> str:
    if request.config.getoption("--update-golden"):
        COMMITTED.write_text(fresh, encoding="utf-8", newline="\n")
    assert COMMITTED.is_file(), REGENERATE
    return COMMITTED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def sections(committed: str) -> dict[str, Section]:
    return _parse(committed)


def _parse(text: str) -> dict[str, Section]:
    marks = list(_ANCHOR.finditer(text))
    found = {}
    for mark, after in zip(marks, [*marks[1:], None]):
        chunk = text[mark.end():after.start() if after else len(text)]
        code = _YAML.search(chunk)
        bullets: dict[str, tuple[str, list[str]]] = {}
        label = None
        for line in chunk.splitlines():
            bullet = _KIND.match(line)
            if bullet:
                label = bullet[1]
                bullets[label] = (bullet[2], [])
            elif label and line.startswith("  > "):
                bullets[label][1].append(line[4:])
        snippet = YAML(typ="safe").load(code[1]) if code else None
        found[mark[1]] = Section(mark[1], snippet, bullets, chunk)
    return found


def _baselines(text: str) -> dict[str, Any]:
    """The baseline facts of each kind, as the handbook's introduction shows them."""
    intro = text[:_ANCHOR.search(text).start()]  # type: ignore[union-attr]
    return {m[1]: YAML(typ="safe").load(m[2]) for m in
            re.finditer(r"^(\S+)：\n\n```yaml\n(.*?)\n```$", intro, re.MULTILINE | re.DOTALL)}


def _schema_paths(model: type[BaseModel], prefix: str = "") -> list[str]:
    """Every field of the schema, nested models included, as Chinese dotted paths."""
    paths = []
    for name, info in model.model_fields.items():
        path = f"{prefix}{info.alias or name}"
        paths.append(path)
        for inner in _models(info.annotation):
            paths += _schema_paths(inner, f"{path}.")
    return paths


def _models(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models(arg)]


def _blocks() -> list[str]:
    """The 板块: top-level blocks of the Topic model, in schema order."""
    return [str(info.alias) for info in Facts.model_fields.values()
            if any(isinstance(m, type) and issubclass(m, Topic) for m in _models(info.annotation))]


def _common(committed: str) -> tuple[str, list[str]]:
    """The 板块 the shared section drafts its fields in, and the Topic fields (relative paths)."""
    said = re.search(r"^## 每个板块都可以写的字段\n\n.*?以 (\S+) 为例；写在其他板块时，句子相同",
                     committed, re.MULTILINE | re.DOTALL)
    assert said, "字段手册中没有“每个板块都可以写的字段”一节"
    return said[1], _schema_paths(Topic)


def _entry_of(path: str, sections: dict[str, Section], common: str, shared: list[str]) -> str:
    """The entry documenting path: its own, else (a Topic field of a 板块) the shared one."""
    top, _, rest = path.partition(".")
    if path in sections or top not in _blocks() or rest not in shared:
        return path
    return f"{common}.{rest}"


# (a) generated, current, complete


def test_committed_handbook_is_current(fresh: str, committed: str) -> None:
    import difflib

    diff = list(difflib.unified_diff(committed.splitlines(), fresh.splitlines(),
                                     HANDBOOK, "重新生成", lineterm="", n=1))
    assert committed == fresh, REGENERATE + "\n" + "\n".join(diff[:40])


def test_every_field_has_an_entry_in_every_kind(sections: dict[str, Section],
                                                 committed: str) -> None:
    stale = re.search("这些示例没有对应的字段.*", committed)
    assert not stale, stale[0] if stale else ""
    labels = [info.kind.label for info in list_kinds()]
    paths = _schema_paths(Facts)
    assert len(paths) > 100
    common, shared = _common(committed)
    paths = [_entry_of(p, sections, common, shared) for p in paths]
    lacking = [p for p in paths if p not in sections]
    assert not lacking, f"字段手册中没有这些字段：{lacking}\n{REGENERATE}"
    assert len(sections) < len(paths) / 2  # the fields of every 板块 are shown once
    no_example = [p for p in paths if "缺少示例值" in sections[p].text
                  or "示例值不符合字段要求" in sections[p].text]
    assert not no_example, ("这些字段没有可用的示例值，请在 templates/examples.yaml 中补充或修改"
                            f"（字段路径: 示例值）：{no_example}")
    for path in paths:
        s = sections[path]
        if "时必须填写这一项" in s.text or "（不写入报告：" in s.text:
            continue  # a required part of a record (its record's entry shows it), a setting
        assert list(s.bullets) == labels, f"{path}: 没有列出每类报告：{list(s.bullets)}"


def test_json_schema_hover_links_to_the_handbook(sections: dict[str, Section]) -> None:
    schema = json.dumps(facts_json_schema(), ensure_ascii=False)
    linked = set(re.findall(r"生成的句子见 字段手册\.md#([^（）\s\"]+)", schema))
    assert {"单位", "法治副校长.人数", "组织领导.领导小组.组长", "组织领导.活动.名称"} <= linked
    assert linked <= set(sections)
    study = facts_json_schema()["$defs"]["Study"]["properties"]  # 学法用法's shared fields
    assert study["活动"]["description"].endswith(f"{HANDBOOK}#组织领导.活动）")
    assert study["学法会议"]["description"].endswith(f"{HANDBOOK}#学法用法.学法会议）")


# (b) each entry is what its minimal facts file yields


class _Drafts:
    """Drafts facts files through the pipeline, each distinct file once."""

    def __init__(self, folder: Path, year: int) -> None:
        self.folder, self.today = folder, dt.date(year, 12, 31)
        self.done: dict[tuple[str, str], list[str]] = {}

    def lines(self, kind: str, facts: Any) -> list[str]:
        text = json.dumps(facts, ensure_ascii=False)  # a facts file may be written as JSON
        key = (kind, text)
        if key not in self.done:
            path = self.folder / f"{len(self.done)}.yaml"
            path.write_text(text, encoding="utf-8")
            report = prepare(path, kind, today=self.today)
            self.done[key] = [s.strip() for s in render_text(report).splitlines() if s.strip()]
        return self.done[key]


def _leveled(numbering: list[str]) -> Any:
    """A line with its heading number replaced by the number's level: 二、 and 三、 read the
    same, 三、 and （三） do not."""
    forms = [re.compile(re.escape(f).replace(r"\{cn\}", "[一二三四五六七八九十百]+")
                        .replace(r"\{n\}", r"\d+")) for f in numbering]

    def leveled(line: str) -> str:
        for i, form in enumerate(forms):
            m = form.match(line)
            if m:
                return f"<{i}>{line[m.end():]}"
        return line
    return leveled


def _check(s: Section, kind: Any, base: Any, drafts: _Drafts) -> list[str]:
    """What is wrong with the entry of one field in one kind (empty: nothing)."""
    after_text, quoted = s.bullets.get(kind.label, ("", []))
    path = tuple(s.path.split("."))
    after = drafts.lines(kind.name, merge(base, s.snippet))
    if after_text.startswith("（必填"):
        return [f"{s.path}（{kind.label}）：基础稿中没有“{q}”" for q in quoted if q not in after]
    before = drafts.lines(kind.name, merge(base, _without(s.snippet, path)))
    plain = _leveled(kind.numbering)
    gained = Counter(map(plain, after)) - Counter(map(plain, before))
    claimed = Counter(map(plain, quoted))
    problems = [f"{s.path}（{kind.label}）：手册写的“{q}”不在报告中" for q in quoted if q not in after]
    if gained != claimed:
        problems.append(f"{s.path}（{kind.label}）：报告多出的是 {sorted(gained.elements())}，"
                        f"手册写的是 {sorted(claimed.elements())}")
    return problems


def test_each_field_yields_exactly_what_the_handbook_says(
        sections: dict[str, Section], committed: str, tmp_path: Path) -> None:
    kinds = {info.kind.label: info.kind for info in list_kinds()}
    baselines = _baselines(committed)
    assert set(baselines) == set(kinds)
    drafts = _Drafts(tmp_path, next(iter(baselines.values()))["年度"])
    problems: list[str] = []
    checked = 0
    for s in sections.values():
        if s.snippet is None or "时必须填写这一项" in s.text:
            continue  # a required part of a record: drafted with its record
        for label, kind in kinds.items():
            problems += _check(s, kind, baselines[label], drafts)
            checked += 1
    assert checked > 300
    assert not problems, f"{len(problems)} 处不符：\n" + "\n".join(problems[:30])


def _frame(drafts: _Drafts, kind: Any, base: Any, block: str) -> tuple[Counter[str], str]:
    """What a 板块 writes around its sentences in a kind: lines of its own (its heading), and
    the lead-in of the line its sentences start in (a run-in heading, an opening sentence)."""
    plain = _leveled(kind.numbering)
    alone = drafts.lines(kind.name, base)
    lines = drafts.lines(kind.name, merge(base, {block: {"补充": [_PROBE]}}))
    gained = Counter(map(plain, lines)) - Counter(map(plain, alone))
    lead = next((plain(s).partition(_PROBE)[0] for s in lines if _PROBE in s), "")
    return Counter({s: n for s, n in gained.items() if _PROBE not in s}), lead


def _body(lines: list[str], frame: tuple[Counter[str], str], plain: Any) -> Counter[str]:
    """Lines (heading numbers as levels) without the 板块's frame: its heading lines, and its
    lead-in at the start of the first line that starts with it."""
    heading, lead = frame
    out = [plain(s) for s in lines]
    at = next((i for i, s in enumerate(out) if lead and s.startswith(lead)), None)
    if at is not None:
        out[at] = out[at][len(lead):]
    return Counter(s for s in out if s) - heading


def _gained(after: list[str], before: list[str]) -> list[str]:
    """The lines of after beyond those of before (as multisets), in order."""
    left = Counter(before)
    out = []
    for line in after:
        if left[line]:
            left[line] -= 1
        else:
            out.append(line)
    return out


def _check_shared(s: Section, block: str, kind: Any, base: Any, drafts: _Drafts,
                  common: str) -> list[str]:
    """What is wrong with the shared entry s (drafted in common) for the same field in block."""
    after_text, quoted = s.bullets.get(kind.label, ("", []))
    rest = tuple(s.path.split("."))[1:]
    assert list(s.snippet) == [common], s.path
    mine = {block: s.snippet[common]}
    plain = _leveled(kind.numbering)
    after = drafts.lines(kind.name, merge(base, mine))
    before = drafts.lines(kind.name, merge(base, _without(mine, (block, *rest))))
    gained = _body(_gained(list(map(plain, after)), list(map(plain, before))),
                   _frame(drafts, kind, base, block), str)
    if after_text.startswith("（必填"):
        return []
    claimed = _body(quoted, _frame(drafts, kind, base, common), plain)
    if not quoted and not gained:
        return []
    if gained != claimed:
        return [f"{block}.{'.'.join(rest)}（{kind.label}）：除去板块的标题，报告多出的是 "
                f"{sorted(gained.elements())}，“每个板块都可以写的字段”写的是 "
                f"{sorted(claimed.elements())}"]
    return []


def test_each_shared_field_yields_what_the_shared_entry_says_in_every_block(
        sections: dict[str, Section], committed: str, tmp_path: Path) -> None:
    """A field every 板块 has, shown once (drafted in one 板块), is drafted in each 板块 that
    does not list it itself: the lines it adds there, the 板块's heading (or lead-in) aside, are
    the shared entry's. A 板块 listing it itself does word it differently."""
    kinds = {info.kind.label: info.kind for info in list_kinds()}
    baselines = _baselines(committed)
    drafts = _Drafts(tmp_path, next(iter(baselines.values()))["年度"])
    common, shared = _common(committed)
    problems: list[str] = []
    checked = differ = 0
    for block in _blocks():
        for rest in shared:
            s = sections[f"{common}.{rest}"]
            if block == common or s.snippet is None or "时必须填写这一项" in s.text:
                continue
            found = [p for label, kind in kinds.items()
                     for p in _check_shared(s, block, kind, baselines[label], drafts, common)]
            if f"{block}.{rest}" in sections:  # listed in the 板块 as worded differently
                differ += 1
                assert found, f"{block}.{rest}: 与“每个板块都可以写的字段”相同，却在本板块另列"
            else:
                problems += found
                checked += 1
    assert checked > 500 and differ < checked / 50
    assert not problems, f"{len(problems)} 处不符：\n" + "\n".join(problems[:30])


def _without(facts: Any, path: tuple[str, ...]) -> Any:
    """A copy of facts without the field at path (in a list of records: in its first record)."""
    if not path:
        return facts
    if isinstance(facts, list):
        return [_without(facts[0], path), *facts[1:]]
    return {k: _without(v, path[1:]) for k, v in facts.items() if len(path) > 1 or k != path[0]}


def _leaf(facts: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        facts = (facts[0] if isinstance(facts, list) else facts)[key]
    return facts


def test_each_text_a_field_holds_is_in_the_sentences_shown_for_it(
        sections: dict[str, Section]) -> None:
    """What a clerk writes appears in what the handbook says it yields (not only elsewhere)."""
    checked = 0
    for path, s in sections.items():
        if s.snippet is None or "一起填写" in s.text or "不写入报告" in s.text:
            continue
        try:
            value = _leaf(s.snippet, tuple(path.split(".")))
        except (KeyError, IndexError, TypeError):
            continue  # a 板块 section's own entry
        if not isinstance(value, str) or any(t.startswith("（必填") for t, _ in s.bullets.values()):
            continue
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", value) or value in TRUE | FALSE:
            continue  # a date is written out as 2024年12月6日, a 是 as the clause it stands for
        quoted = "".join(q for _, lines in s.bullets.values() for q in lines)
        if quoted:
            checked += 1
            assert value.rstrip("。") in quoted, f"{path}: 示例值“{value}”不在手册列出的句子中"
    assert checked > 80  # each field once: those every 板块 has, in one 板块


def test_a_field_that_says_nothing_alone_names_the_field_it_needs(
        sections: dict[str, Section], committed: str) -> None:
    depends = {p: s for p, s in sections.items() if "一起填写" in s.text}
    assert depends  # e.g. a 数据时段 needs its 数据
    common, shared = _common(committed)
    for path, s in depends.items():
        other, target = re.search(r"要与 \[([^\]]+)\]\(#([^)]+)\)", s.text).groups()  # type: ignore[union-attr]
        assert other != path and target == _entry_of(other, sections, common, shared)
        assert target in sections
        assert _holds(s.snippet, other), f"{path}: 示例中没有它依附的“{other}”"


def _holds(facts: Any, path: str) -> bool:
    node = facts
    for key in path.split("."):
        node = node[0] if isinstance(node, list) else node
        if not isinstance(node, dict) or key not in node:
            return False
        node = node[key]
    return True


# the command


def test_a_bureau_s_examples_win_and_one_that_does_not_fit_is_named(tmp_path: Path) -> None:
    (tmp_path / "examples.yaml").write_text(
        "单位: 本单位测试局\n法治副校长.人数: 41名\n法治文化.阵地: {走廊: 3处}\n法治副校长.旧名: 3\n",
        encoding="utf-8")
    drafter = drafter_for(tmp_path)
    assert drafter.examples.unknown(list(drafter.docs)) == ["法治副校长.旧名"]
    assert drafter.baselines["annual"] == {"单位": "本单位测试局", "年度": 2024}  # the rest built in
    fits, misfit = (entry(drafter, drafter.docs[p]) for p in (("法治副校长", "人数"),
                                                              ("法治文化", "阵地")))
    text = render(Handbook([fits, misfit], drafter.baselines,
                           {k.name: k.label for k in drafter.kinds}), tmp_path)
    shown = _parse(text)["法治副校长.人数"]
    assert shown.snippet == {"法治副校长": {"人数": "41名"}}
    assert all(any("41名" in q for q in quoted) for _, quoted in shown.bullets.values())
    named = _parse(text)["法治文化.阵地"]  # named, not drafted, and listed at the top
    assert named.snippet is None and "示例值不符合字段要求：字段“法治文化.阵地" in named.text
    assert re.search("缺少可用的示例值.*法治文化.阵地", text)


def test_handbook_command_writes_safely_with_the_bureau_s_templates(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fazhi_writer import handbook

    asked: list[Path | None] = []
    monkeypatch.setattr(handbook, "generate", lambda template_dir=None: (
        asked.append(template_dir) or f"# 手册 {len(asked)}\n"))
    out, runner = tmp_path / "手册.md", CliRunner()
    result = runner.invoke(app, ["handbook", "-o", str(out), "--template-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert asked == [tmp_path] and out.read_text(encoding="utf-8") == "# 手册 1\n"
    again = runner.invoke(app, ["handbook", "-o", str(out)])  # its own output: replaced
    assert again.exit_code == 0 and out.read_text(encoding="utf-8") == "# 手册 2\n"
    out.write_text("本单位的批注\n", encoding="utf-8")
    refused = runner.invoke(app, ["handbook", "-o", str(out)])
    assert refused.exit_code == 1 and "--force" in refused.output
    assert out.read_text(encoding="utf-8") == "本单位的批注\n"
    forced = runner.invoke(app, ["handbook", "-o", str(out), "--force"])
    assert forced.exit_code == 0 and out.read_text(encoding="utf-8") == "# 手册 4\n"
    backups = list(tmp_path.glob("手册.备份-*.md"))
    assert [b.read_text(encoding="utf-8") for b in backups] == ["本单位的批注\n"]


def test_handbook_command_names_a_baseline_example_that_does_not_fit(tmp_path: Path) -> None:
    (tmp_path / "examples.yaml").write_text("年度: 明年\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["handbook", "-o", str(tmp_path / "手册.md"),
                                      "--template-dir", str(tmp_path)])
    assert result.exit_code == 1
    assert "examples.yaml" in result.output and "字段“年度”：应为整数" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "手册.md").exists()
