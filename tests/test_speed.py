"""What the speed work must not change: the same facts data, the same .docx, lazy imports."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import docx
import pytest
from ruamel.yaml import YAML

from fazhi_writer.errors import FactsFileError
from fazhi_writer.facts import invisible, yaml_parser
from fazhi_writer.facts import read as facts
from fazhi_writer.facts.decode import read_text
from fazhi_writer.facts.read import load_facts
from fazhi_writer.facts.yaml_parser import fast_load
from fazhi_writer.pipeline import draft

from .conftest import EXAMPLES, ROOT, TODAY

FACTS_FILES = [*EXAMPLES, *sorted((ROOT / "tests" / "data").rglob("*.yaml"))]


def _same(a: Any, b: Any, path: str = "") -> None:
    """Assert two round-trip loads hold equal values of equal types at equal positions."""
    assert type(a) is type(b), path
    if isinstance(a, dict):
        assert list(a) == list(b), path
        assert (a.lc.line, a.lc.col) == (b.lc.line, b.lc.col), path
        for key in a:
            assert (a.lc.key(key), a.lc.value(key)) == (b.lc.key(key), b.lc.value(key)), key
            _same(a[key], b[key], f"{path}.{key}")
    elif isinstance(a, list):
        assert len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b)):
            assert a.lc.item(i) == b.lc.item(i), f"{path}[{i}]"
            _same(x, y, f"{path}[{i}]")
    else:
        assert a == b, path


@pytest.mark.parametrize("path", FACTS_FILES, ids=lambda p: p.name)
def test_libyaml_loads_what_ruamel_loads_at_the_same_lines_and_columns(path: Path) -> None:
    text = read_text(path)
    fast = fast_load(text)
    assert fast is not None, "libyaml (ruamel.yaml.clib) did not load it"
    _same(YAML(typ="rt").load(text), fast)


@pytest.mark.parametrize("text", [
    "单位: 某局\n年度: [2024\n",  # a syntax error: ruamel words it, as before
    "%YAML 1.1\n---\n单位: 某局\n是否: yes\n",  # YAML 1.1 rules: ruamel's parser
    "单位: 某局\u2028年度: 2024\n",  # a line break YAML 1.1 and 1.2 count differently
    "单位: 某局\n单位: 另一局\n",  # a duplicate key: ruamel's message
])
def test_ruamel_parses_what_libyaml_might_read_differently(text: str) -> None:
    assert fast_load(text) is None


_SCALARS = ("值: [true, 1, 0x1F, 1.5, .inf, null, ~, '', 2024-01-01, 文字, '1', \"true\", -1, 0o17, no,"
            " 19名, 1.5万余, 2024-01-01日, .5元, true是]\n"
            "列表: [[甲], {乙: 丙}]\n")


def test_scalars_resolve_as_ruamel_resolves_them(monkeypatch: pytest.MonkeyPatch) -> None:
    from ruamel.yaml.resolver import VersionedResolver

    expected = YAML(typ="rt").load(_SCALARS)
    _same(expected, fast_load(_SCALARS))
    asked: list[str] = []
    resolve = VersionedResolver.resolve
    monkeypatch.setattr(VersionedResolver, "resolve",
                        lambda self, kind, value, implicit:
                        asked.append(value) or resolve(self, kind, value, implicit))
    _same(expected, fast_load(_SCALARS))
    assert asked == []  # answered with ruamel's expressions for their first character, or at once
    assert fast_load("空:\n") == {"空": None} and asked == [""]  # empty: ruamel's, for null


def test_ruamels_expressions_match_ascii_text_only() -> None:
    """The resolver takes plain text with a character beyond ASCII (19名) as text at once."""
    import re

    from ruamel.yaml.resolver import VersionedResolver

    for regexps in VersionedResolver().versioned_resolver.values():
        for _tag, regexp in regexps:
            assert regexp.pattern.isascii() and not regexp.flags & re.IGNORECASE
            assert not re.search(r"\\[dswDSWbB]|(?<!\\)\.", regexp.pattern), regexp.pattern


def test_a_printable_text_holds_no_invisible_or_control_character() -> None:
    """decode and strip_invisible skip their scans for a text of printable characters."""
    from fazhi_writer.facts.decode import _CONTROLS, printable

    chars = "".join(map(chr, range(0x110000)))
    found = invisible._INVISIBLE.findall(chars) + _CONTROLS.findall(chars)
    assert len(found) > 1000 and not any(printable(c) for c in found)
    assert printable("单位: 某局\r\n年度: 2024\n") and not printable("单位:\u3000某局")


def _tree(node: Any) -> Any:
    """Every key and value with its type and recorded position (merged keys have none)."""
    places = getattr(getattr(node, "lc", None), "data", None) or {}
    if isinstance(node, dict):
        return [(k, type(k), places.get(k), _tree(v)) for k, v in node.items()]
    if isinstance(node, list):
        return [(places.get(i), _tree(v)) for i, v in enumerate(node)]
    return type(node), node


_ODD_FILES = ["单位: 某局\n2024: 甲\ntrue: 乙\n~: 丙\n1.5: 丁\n",  # keys that are not text
              '单位: "某\\u200b局"\n其他: ["甲\\x0b乙", "a\\u2028b"]\n',  # escapes
              '"单\\u200b位": 某局\n年度: 2024\n',  # an escape in a key
              "单位: 某局\n年度: !!str 2024\n? [甲, 乙]\n: 丙\n",  # a tag, a key that is a list
              "单位: 某\u200b局\n其他:\n  - 甲\x0b乙\n",  # raw invisible characters
              "单位: &a 某局\n主送: *a\n基本: {<<: {学校总数: 3}, 人数: 2}\n",
              "单位: |\n  某局\n其他: >\n  甲\n  乙\n主送: '某局'\n年度: \"2024\"\n别: !!str 1\n",
              "单位: 某局\n单位: 另一局\n基本:\n  人数: 1\n  人数: 2\n  学校: 3\n",  # duplicates
              "%YAML 1.2\n---\n单位: 某局  # 注释\n基本: # 注释\n  人数: 1\n"]  # comments read


@pytest.mark.parametrize("path", [*FACTS_FILES, *range(len(_ODD_FILES))],
                         ids=lambda p: p.name if isinstance(p, Path) else f"odd{p}")
def test_after_loading_nothing_is_left_to_clean(path: Path | int, tmp_path: Path) -> None:
    """load skips clean_data where it would change nothing; cleaning again proves it did."""
    path = _facts_file(path, _ODD_FILES, tmp_path)
    loaded = facts.load(path)
    before, problems = _tree(loaded.data), list(loaded.problems)
    assert invisible.clean_data(loaded.data, problems) == []
    assert (_tree(loaded.data), problems) == (before, loaded.problems)


@pytest.mark.parametrize("path", [*FACTS_FILES, *range(len(_ODD_FILES))],
                         ids=lambda p: p.name if isinstance(p, Path) else f"odd{p}")
def test_shortcuts_construct_what_ruamel_constructs(
        path: Path | int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ruamel.yaml.constructor import RoundTripConstructor

    path = _facts_file(path, _ODD_FILES, tmp_path)
    shortcut = facts.load(path)
    for name in ("construct_object", "flatten_mapping"):  # all ruamel
        monkeypatch.setattr(yaml_parser._constructor(), name, getattr(RoundTripConstructor, name))
    assert _tree(facts.load(path).data) == _tree(shortcut.data)


def test_loaded_facts_dump_in_their_own_block_and_flow_styles(tmp_path: Path) -> None:
    """The constructor gives only flow collections a format (ruamel dumps one without as a
    block): a loaded file still writes back as it was."""
    text = "单位: 某局\n基本:\n  人数: 1\n  学校: [甲, 乙]\n其他:\n- 甲\n- {人数: 2}\n"
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    YAML(typ="rt").dump(load_facts(path), out)
    assert out.getvalue() == text


def test_without_libyaml_facts_load_as_before(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    expected = load_facts(EXAMPLES[2])
    monkeypatch.setattr(yaml_parser, "_c_loader", lambda: None)
    _same(expected, load_facts(EXAMPLES[2]))


def test_a_tab_in_a_fact_becomes_a_word_tab_between_preserved_spaces(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text('单位: 某局\n年度: 2024\n成文日期: 2024-12-06\n其他: ["甲 \\t 乙"]\n',
                    encoding="utf-8")
    written = draft(path, out_dir=tmp_path, formats=("docx",), today=TODAY).written[0]
    body = docx.Document(str(written)).element.body
    run = next(r for r in body.iter("{*}r") if "甲" in "".join(r.itertext()))
    assert [(child.tag.rsplit("}", 1)[1], child.text) for child in run] == \
        [("t", "甲 "), ("tab", None), ("t", " 乙。")]
    preserve = "{http://www.w3.org/XML/1998/namespace}space"
    assert [t.get(preserve) for t in run.iter("{*}t")] == ["preserve", "preserve"]


def test_the_main_document_alone_reads_as_the_whole_package(tmp_path: Path) -> None:
    from lxml import etree

    from fazhi_writer.writers.package import Package, main_document, unzip

    written = draft(EXAMPLES[0], out_dir=tmp_path, formats=("docx",), today=TODAY).written[0]
    data = written.read_bytes()
    whole = Package(unzip(data))
    assert etree.tostring(main_document(data)) == etree.tostring(whole.xml(whole.main))


def test_ruamels_plug_ins_are_looked_for_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    import glob

    found = yaml_parser._yaml_class().found
    assert found == YAML(typ="rt").official_plug_ins()  # what ruamel's own YAML() finds
    looked: list[str] = []
    monkeypatch.setattr(glob, "glob", lambda pattern, **kw: looked.append(pattern) or [])
    yaml_parser.round_trip_yaml()
    assert looked == []  # a YAML per facts file no longer lists ruamel's folder


def test_a_part_only_read_is_shared_and_saved_as_a_parsed_part_is(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from fazhi_writer.writers import package

    monkeypatch.setattr(time, "time", lambda: 1_700_000_000.0)  # the zip's file dates
    parts = package.unzip((ROOT / "templates" / "reference.docx").read_bytes())
    styles = "word/styles.xml"
    read, parsed = package.Package(parts), package.Package(parts)
    assert read.read(styles) is package.Package(parts).read(styles)  # parsed once a process
    parsed.xml(styles)  # what every part looked at was before: parsed, then saved as parsed
    assert read.save() == parsed.save()
    assert read.save() != package.Package(parts).save()  # a parsed part is not its raw bytes


def test_style_ids_are_worked_out_once_for_every_report(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from fazhi_writer.writers import docx as writer

    draft(EXAMPLES[0], out_dir=tmp_path / "a", formats=("docx",), today=TODAY)
    looked: list[str] = []
    monkeypatch.setattr(writer, "w", lambda tag: looked.append(tag) or f"{{{writer._W}}}{tag}")
    written = draft(EXAMPLES[0], out_dir=tmp_path / "b", formats=("docx",), today=TODAY).written
    assert "styleId" not in looked and "default" not in looked  # no style read again
    paragraphs = docx.Document(str(written[0])).paragraphs
    assert {p.style.name for p in paragraphs} >= {"Title", "Heading 1", "Heading 2", "Normal"}


_PLAIN_TREES = ["单位: 某局\n列表: [1, 2, {甲: 乙}, []]\n空: {}\n空表: []\n块:\n  - 甲\n  - - 乙\n",
                "单位: 某\u200b局\n列表:\n  - 甲\x0b乙\n  - {丙: 丁\u200b}\n  -  \u200b戊\n键\u200b: 己\n"
                "块\u200b:\n  子: 值\n",
                "单位: 1\n小数: 1.5\n是: true\n空:\n无: ~\n日: 2024-01-01\n八: 0o17\n"
                "大: 123456789012345678901234567890\n",
                "单位: |\n  某局\n其他: >-\n  甲\n  乙\n引: '甲'\n双: \"乙\\t丙\"\n",
                "单位: !!str 2024\n整: !!int 3\n怪: !甲 乙\n并: <<\n",
                "甲: &a [乙\u200b丙]\n丁: *a\n",  # the alias's value is located at the anchor
                "- 甲\n- 乙\n", "单位\n", "甲: [乙\n",
                "a:\n" + "".join(f"{'  ' * i}a:\n" for i in range(1, 41)) + "  " * 41 + "b: 1\n",
                "a:\n" + "".join(f"{'  ' * i}a:\n" for i in range(1, 39)) + "  " * 39 + "b: 1\n"]


@pytest.mark.parametrize("index", range(len(_PLAIN_TREES)))
def test_odd_trees_load_or_are_refused_with_a_chinese_message(index: int, tmp_path: Path) -> None:
    path = _facts_file(index, _PLAIN_TREES, tmp_path)
    try:
        loaded = facts.load(path)
    except FactsFileError as e:
        assert str(e).startswith(str(path)) and re.search("[\u4e00-\u9fff]", str(e))
        return
    assert isinstance(loaded.data, dict) and loaded.data.lc.data  # positions kept
    assert all(re.search("[\u4e00-\u9fff]", p.message) for p in loaded.problems + loaded.notices)


def test_lines_with_content_are_counted_only_in_a_file_that_could_have_too_many(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    counted: list[int] = []
    items = facts._items
    monkeypatch.setattr(facts, "_items", lambda text: counted.append(1) or items(text))
    load_facts(EXAMPLES[0])
    assert counted == []
    path = tmp_path / "f.yaml"
    path.write_text("单位: 某局\n" + "# 注释\n" * facts.MAX_NODES, encoding="utf-8")
    assert load_facts(path) == {"单位": "某局"} and counted == [1]
    path.write_text("单位: 某局\n其他:\n" + "  - 一项\n" * facts.MAX_NODES, encoding="utf-8")
    with pytest.raises(FactsFileError, match="内容过多"):
        load_facts(path)


def test_pairs_of_a_round_trip_mapping_are_its_items_in_order() -> None:
    from fazhi_writer.facts.placeholders import pairs

    data = YAML(typ="rt").load("基本: {<<: {学校总数: 3, 人数: 1}, 人数: 2}\n甲: 1\n乙: 2\n")
    data.insert(1, "丙", 3)  # ruamel moves keys with OrderedDict.move_to_end
    data["丁"] = data.pop("甲")
    for mapping in (data, data["基本"]):
        assert list(pairs(mapping)) == list(mapping.items())
    assert [k for k, _ in pairs(data)] == ["基本", "丙", "乙", "丁"]
    assert list(pairs({"甲": 1})) == [("甲", 1)]


def test_a_draft_reads_round_trip_mappings_without_their_python_items_view(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ruamel.yaml.comments import CommentedMap

    _drafts_alike_without(tmp_path, monkeypatch, EXAMPLES[0], CommentedMap, ("items", "values"))


def test_a_draft_reads_round_trip_lists_without_their_python_iteration(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ruamel.yaml.comments import CommentedSeq

    from fazhi_writer.facts.placeholders import items

    seq = YAML(typ="rt").load("[甲, 乙, 丙]")
    seq.insert(0, "丁")
    assert list(items(seq)) == list(seq) == ["丁", "甲", "乙", "丙"]
    _drafts_alike_without(tmp_path, monkeypatch, EXAMPLES[1], CommentedSeq,
                          ("__iter__", "__getitem__"))


def _drafts_alike_without(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, example: Path,
                          cls: type, methods: tuple[str, ...]) -> None:
    """The example drafts the same (warnings and files) with those methods of cls refused."""
    expected = draft(example, tmp_path / "a", today=TODAY)

    def refuse(self: Any, *args: Any) -> None:
        raise AssertionError(f"{cls.__name__}: {', '.join(methods)}")

    for method in methods:
        monkeypatch.setattr(cls, method, refuse)
    found = draft(example, tmp_path / "b", today=TODAY)
    assert found.warnings == expected.warnings
    assert list(map(_content, found.written)) == list(map(_content, expected.written))


def test_the_built_in_templates_are_looked_for_once_per_process(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fazhi_writer.report import render

    folder = render.builtin_templates()
    looked: list[Path] = []
    is_dir = Path.is_dir
    monkeypatch.setattr(Path, "is_dir", lambda self: looked.append(self) or is_dir(self))
    draft(EXAMPLES[0], tmp_path, today=TODAY)
    assert render.builtin_templates() == folder and (folder / "reference.docx").is_file()
    assert not [p for p in looked if p.name == "templates"]


def test_text_without_a_line_break_is_only_stripped(monkeypatch: pytest.MonkeyPatch) -> None:
    from fazhi_writer.facts import coerce

    assert coerce.text(" 甲\n  乙 \n") == "甲乙" and coerce.text("甲\r\n乙") == "甲乙"

    class Refuse:
        def sub(self, *args: Any) -> None:
            raise AssertionError("looked for line breaks in a text without any")

    monkeypatch.setattr(coerce, "_WRAP", Refuse())
    assert coerce.text(" 甲 乙\t") == "甲 乙" and coerce.text(2024) == "2024"


def _content(path: Path) -> Any:
    """A written file as two drafts a second apart write it alike: a .docx's parts without the
    time it was made (dcterms:modified; the zip's own times are not in the parts)."""
    import io
    import re
    import zipfile

    if path.suffix != ".docx":
        return path.read_bytes()
    stamp = re.compile(rb"<dcterms:modified[^>]*>[^<]*<")
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
        return {name: stamp.sub(b"", archive.read(name)) for name in archive.namelist()}


def _facts_file(path: Path | int, texts: list[str], tmp_path: Path) -> Path:
    """The facts file a parametrized test names: a path, or the index of one of texts, written
    to a file."""
    if isinstance(path, Path):
        return path
    target = tmp_path / "f.yaml"
    target.write_text(texts[path], encoding="utf-8")
    return target
