"""A bureau's own templates: list, export, edit, and clear errors when an edit goes wrong."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from typer.testing import CliRunner

from fazhi_writer.commands.cli import app
from fazhi_writer.report.render import make_env

from .conftest import EXAMPLES, ROOT

runner = CliRunner()
SEED_000 = next(e for e in EXAMPLES if e.name.startswith("000"))
BUILTIN = ROOT / "templates"


def _export(kind: str, folder: Path) -> list[Path]:
    result = runner.invoke(app, ["templates", "export", kind, str(folder)])
    assert result.exit_code == 0, result.stderr
    return [Path(p) for p in result.stdout.split()]


def _draft(facts: Path, out: Path, *args: str) -> tuple[str, list[str]]:
    """Draft with the CLI; return the .txt and the .docx paragraph texts."""
    result = runner.invoke(app, ["draft", str(facts), "-o", str(out), *args])
    assert result.exit_code == 0, result.stderr
    txt = next(out.glob("*.txt")).read_text(encoding="utf-8")
    paragraphs = [p.text for p in docx.Document(str(next(out.glob("*.docx")))).paragraphs]
    return txt, paragraphs


def test_templates_lists_each_kind_with_its_folder() -> None:
    result = runner.invoke(app, ["templates"])
    assert result.exit_code == 0
    for name, label in (("annual", "年度报告"), ("shufa", "述法报告"), ("summary", "工作总结")):
        line = next(line for line in result.stdout.splitlines() if line.startswith(name))
        assert f"{name}（{label}）：" in line and len(line) > len(name) + len(label) + 4
        assert f"模板：{BUILTIN / name}" in result.stdout


def test_export_copies_the_kind_what_it_includes_and_the_shared_files(tmp_path: Path) -> None:
    written = _export("summary", tmp_path / "mine")
    relative = {p.relative_to(tmp_path / "mine").as_posix() for p in written}
    assert {"summary/kind.yaml", "summary/report.md.j2", "annual/report.md.j2", "macros.j2",
            "themes.yaml", "reference.docx", "fonts.yaml", "fonts.conf"} <= relative
    assert all((BUILTIN / r).read_bytes() == (tmp_path / "mine" / r).read_bytes() for r in relative)
    shufa = {p.name for p in _export("shufa", tmp_path / "other")}
    assert {"topics.j2", "report.md.j2", "kind.yaml"} <= shufa


def test_export_never_overwrites_an_edited_file(tmp_path: Path) -> None:
    _export("annual", tmp_path)
    edited = tmp_path / "themes.yaml"
    edited.write_text("# 本单位修改过\n", encoding="utf-8")
    again = runner.invoke(app, ["templates", "export", "annual", str(tmp_path)])
    assert again.exit_code == 1 and "themes.yaml" in again.stderr and "--force" in again.stderr
    assert edited.read_text(encoding="utf-8") == "# 本单位修改过\n"
    forced = runner.invoke(app, ["templates", "export", "annual", str(tmp_path), "--force"])
    assert forced.exit_code == 0 and edited.read_bytes() == (BUILTIN / "themes.yaml").read_bytes()
    assert runner.invoke(app, ["templates", "export", "bogus", str(tmp_path)]).exit_code == 1


@pytest.mark.parametrize(("kind", "phrase", "edited_file"), [
    ("annual", "现将有关情况报告如下：", "sentences.j2"),
    ("summary", "现将有关工作总结如下：", "summary/report.md.j2"),
    ("summary", "落实“三重一大”决策制度", "sentences.j2"),  # shared wording
])
def test_a_changed_phrase_reaches_both_outputs(
    tmp_path: Path, kind: str, phrase: str, edited_file: str
) -> None:
    mine = tmp_path / "mine"
    _export(kind, mine)
    template = mine / edited_file
    template.write_text(template.read_text(encoding="utf-8").replace(phrase, "【本单位的说法】"),
                        encoding="utf-8")
    before_txt, before_docx = _draft(SEED_000, tmp_path / "a", "--kind", kind)
    assert phrase in before_txt and any(phrase in p for p in before_docx)
    txt, paragraphs = _draft(SEED_000, tmp_path / "b", "--kind", kind, "--template-dir", str(mine))
    assert phrase not in txt and "【本单位的说法】" in txt
    assert not any(phrase in p for p in paragraphs) and any("【本单位的说法】" in p for p in paragraphs)


def test_a_partial_template_dir_falls_back_to_the_built_ins(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    (mine / "annual").mkdir(parents=True)
    (mine / "annual" / "kind.yaml").write_text(
        (BUILTIN / "annual" / "kind.yaml").read_text(encoding="utf-8").replace(
            "年度法治政府建设工作报告", "年度法治工作报告"), encoding="utf-8")
    result = runner.invoke(app, ["draft", str(SEED_000), "-o", str(tmp_path / "out"),
                                 "--template-dir", str(mine), "--format", "txt"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip().endswith("中站区教育局2024年度法治工作报告.txt")


def _east_asia_font(style: object) -> str:
    return style.element.rPr.rFonts.get(qn("w:eastAsia"))  # type: ignore[attr-defined]


def test_an_edited_reference_docx_styles_the_docx(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    reference = docx.Document(str(BUILTIN / "reference.docx"))
    reference.styles["Normal"].element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    reference.save(str(mine / "reference.docx"))
    _draft(SEED_000, tmp_path / "built-in")
    _draft(SEED_000, tmp_path / "mine-out", "--template-dir", str(mine))
    fonts = [_east_asia_font(docx.Document(str(next((tmp_path / d).glob("*.docx")))).styles["Normal"])
             for d in ("built-in", "mine-out")]
    assert fonts == ["仿宋_GB2312", "宋体"]


def _letterhead(folder: Path, body: list[str], header: str = "") -> Path:
    """A reference .docx whose body (and header) carries the given placeholder text."""
    folder.mkdir(parents=True, exist_ok=True)
    document = docx.Document(str(BUILTIN / "reference.docx"))
    document.paragraphs[0].text = body[0]
    for text in body[1:]:
        document.add_paragraph(text)
    if header:
        document.sections[0].header.paragraphs[0].text = header
    document.save(str(folder / "reference.docx"))
    return folder


def test_a_letterhead_is_filled_and_keeps_special_characters(tmp_path: Path) -> None:
    facts = tmp_path / "f.yaml"
    unit = "A&B<教育局>“试点”"
    facts.write_text(f"单位: {unit}\n年度: 2024\n成文日期: 2024-12-06\n", encoding="utf-8")
    mine = _letterhead(tmp_path / "mine", ["{{ 单位 }}文件", "{{ 年度 }}年 {{ 报告类型 }}"],
                       header="{{ 标题 }}")
    result = runner.invoke(app, ["draft", str(facts), "-o", str(tmp_path / "out"),
                                 "--template-dir", str(mine), "--format", "docx"])
    assert result.exit_code == 0, result.stderr
    document = docx.Document(str(next((tmp_path / "out").glob("*.docx"))))
    texts = [p.text for p in document.paragraphs]
    assert texts[:4] == [f"{unit}文件", "2024年 年度报告", unit, "2024年度法治政府建设工作报告"]
    assert document.sections[0].header.paragraphs[0].text == f"{unit}2024年度法治政府建设工作报告"


def _replace_line(path: Path, old: str, new: str) -> int:
    """Replace the line holding old with new; return its 1-based number."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if old in line)
    lines[number] = new + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    return number + 1


@pytest.mark.parametrize(("new_line", "message"), [
    ("{{ facts.no_such_field }}", "模板使用了不存在的变量：没有名为“no_such_field”的字段"),
    ("{% if %}", "模板语法错误"),
    ('{% include "本单位.j2" %}', "找不到模板文件：本单位.j2"),
    ("{{ 不存在的变量 }}", "模板使用了不存在的变量：变量“不存在的变量”未定义"),
])
def test_a_broken_text_template_is_a_located_error(
    tmp_path: Path, new_line: str, message: str
) -> None:
    mine = tmp_path / "mine"
    _export("annual", mine)
    template = mine / "annual" / "report.md.j2"
    line = _replace_line(template, "} 坚持依法决策", new_line)
    result = runner.invoke(app, ["draft", str(SEED_000), "-o", str(tmp_path / "out"),
                                 "--template-dir", str(mine)])
    assert result.exit_code == 1
    assert f"{template}:{line}: {message}" in result.stderr
    assert "Traceback" not in result.output and not (tmp_path / "out").exists()


@pytest.mark.parametrize(("body", "message", "near"), [
    (["{{ 单位 }}文件", "这里用了{{ 发文字号 }}"],
     "（正文）: 模板使用了不存在的变量“发文字号”", "这里用了{{ 发文字号 }}"),
    (["{{ 单位 }}文件", "红头{% if %}"], "（正文）: 模板语法错误：", "红头{% if %}"),
])
def test_a_broken_docx_template_names_the_nearby_text(
    tmp_path: Path, body: list[str], message: str, near: str
) -> None:
    mine = _letterhead(tmp_path / "mine", body)
    result = runner.invoke(app, ["draft", str(SEED_000), "-o", str(tmp_path / "out"),
                                 "--template-dir", str(mine)])
    assert result.exit_code == 1
    assert f"{mine / 'reference.docx'}{message}" in result.stderr
    nearby = re.search(r"附近的文字：“(.*?)”）", result.stderr)
    assert nearby and near in nearby[1]
    assert "Traceback" not in result.output


def test_a_reference_docx_without_a_needed_style_or_not_a_docx(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    reference = docx.Document(str(BUILTIN / "reference.docx"))
    byline = reference.styles["作者"].element
    byline.getparent().remove(byline)
    reference.save(str(mine / "reference.docx"))
    shufa = next(e for e in EXAMPLES if e.name.startswith("004"))
    result = runner.invoke(app, ["draft", str(shufa), "--kind", "shufa", "-o", str(tmp_path / "o"),
                                 "--template-dir", str(mine)])
    assert result.exit_code == 1 and "参考文档中没有样式“作者”" in result.stderr
    (mine / "reference.docx").write_text("不是 Word 文件", encoding="utf-8")
    result = runner.invoke(app, ["draft", str(SEED_000), "-o", str(tmp_path / "o"),
                                 "--template-dir", str(mine)])
    assert result.exit_code == 1 and "无法打开参考文档" in result.stderr
    assert "Traceback" not in result.output


def test_a_missing_template_dir_is_an_error(tmp_path: Path) -> None:
    for args in (["draft", str(SEED_000)], ["draft", str(SEED_000), "--kind", "shufa"],
                 ["templates"]):
        result = runner.invoke(app, [*args, "--template-dir", str(tmp_path / "无")])
        assert result.exit_code == 1 and f"{tmp_path / '无'}: 模板目录不存在" in result.stderr


def test_a_bureau_can_add_a_kind_of_its_own(tmp_path: Path) -> None:
    kind = tmp_path / "mine" / "brief"
    kind.mkdir(parents=True)
    settings = (BUILTIN / "annual" / "kind.yaml").read_text(encoding="utf-8")
    (kind / "kind.yaml").write_text(settings.replace("名称: 年度报告", "名称: 工作简报").replace(
        "年度法治政府建设工作报告", "年度法治工作简报"), encoding="utf-8")
    (kind / "report.md.j2").write_text("= {{ facts.unit }}工作简报\n#! 简况\n{{ facts.year }}年。\n",
                                       encoding="utf-8")
    facts = tmp_path / "f.yaml"
    facts.write_text("单位: 某局\n年度: 2024\n报告类型: 工作简报\n", encoding="utf-8")
    listed = runner.invoke(app, ["templates", "--template-dir", str(tmp_path / "mine")])
    assert "brief（工作简报）" in listed.stdout and f"模板：{kind}" in listed.stdout
    result = runner.invoke(app, ["draft", str(facts), "--template-dir", str(tmp_path / "mine"),
                                 "--format", "txt"])
    assert result.exit_code == 0, result.stderr
    text = (tmp_path / "某局2024年度法治工作简报.txt").read_text(encoding="utf-8")
    assert text.startswith("某局工作简报\n\n\u3000\u3000一、简况\n\u3000\u30002024年。\n")


def test_a_process_drafts_with_the_templates_as_they_were_when_it_began(tmp_path: Path) -> None:
    # a batch of hundreds of reports must not change wording half-way because someone saved a
    # template meanwhile (and Jinja need not look at every template file for every report)
    import os

    from fazhi_writer.report.render import make_env, render_template

    (tmp_path / "macros.j2").write_text("旧的措辞", encoding="utf-8")
    env = make_env(tmp_path)
    assert render_template(env, "macros.j2", {}) == "旧的措辞"
    (tmp_path / "macros.j2").write_text("新的措辞", encoding="utf-8")
    os.utime(tmp_path / "macros.j2", (1, 2_000_000_000))  # clearly newer
    assert render_template(env, "macros.j2", {}) == "旧的措辞"
    make_env.cache_clear()  # as a new process starts
    assert render_template(make_env(tmp_path), "macros.j2", {}) == "新的措辞"


@pytest.mark.parametrize(
    ("items", "joined"),
    [(["“三会一课”", "“主题党日”"], "“三会一课”“主题党日”"),
     (["《宪法》", "《教育法》", "民法典"], "《宪法》《教育法》、民法典"),
     (["“宪法晨读”", "“宪法伴我们成长”歌曲传唱"], "“宪法晨读”“宪法伴我们成长”歌曲传唱"),
     (["“宪法晨读”活动", "“主题党日”"], "“宪法晨读”活动、“主题党日”"),
     (["专家讲座", "征文"], "专家讲座、征文")],
)
def test_joined_lists_take_no_enumeration_comma_between_quoted_items(
        items: list[str], joined: str) -> None:
    env = make_env(None)
    assert env.from_string("{{ x|join }}").render(x=items) == joined
    assert env.from_string("{{ x }}").render(x=items) == joined  # a list output as it is


def test_a_relative_template_dir_is_the_same_as_an_absolute_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fazhi_writer.pipeline import draft

    bureau = tmp_path / "本单位模板"
    bureau.mkdir()
    (bureau / "nobreak.yaml").write_text("不断行:\n  - 中站区\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    outputs = []
    for folder, out in ((Path("本单位模板"), "rel"), (bureau, "abs")):
        written = draft(EXAMPLES[0], out_dir=tmp_path / out, formats=("docx", "txt"),
                        template_dir=folder, today=dt.date(2025, 1, 15)).written
        docx_file, txt = sorted(written, key=lambda p: p.suffix)
        with zipfile.ZipFile(docx_file) as z:  # all but docProps (its time of writing)
            parts = {n: z.read(n) for n in z.namelist() if not n.startswith("docProps/")}
        outputs.append((parts, txt.read_bytes()))
    assert outputs[0] == outputs[1]
    # the bureau's file was read through the relative path
    assert "中\u2060站\u2060区".encode() in outputs[0][0]["word/document.xml"]


def test_templates_see_the_environments_globals_and_their_own(tmp_path: Path) -> None:
    """Templates read the environment's globals as they are (no copy of their own), later
    additions included; globals given to one template stay that template's."""
    (tmp_path / "a.j2").write_text("{{ 单位 }}{% if 年度 is defined %}{{ 年度 }}{% endif %}",
                                   encoding="utf-8")
    (tmp_path / "b.j2").write_text("{{ 单位 }}{% if 年度 is defined %}{{ 年度 }}{% endif %}",
                                   encoding="utf-8")
    make_env.cache_clear()
    env = make_env(tmp_path)
    try:
        env.globals["单位"] = "甲局"
        own = env.get_template("a.j2", globals={"年度": 2026})
        plain = env.get_template("b.j2")
        env.globals["单位"] = "乙局"  # a change after loading is seen, as with Jinja's ChainMap
        assert own.render() == "乙局2026"
        assert plain.render() == "乙局"
    finally:
        make_env.cache_clear()
