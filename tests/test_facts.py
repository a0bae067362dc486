"""Loading and validating a facts file: every problem, in Chinese, with file:line:column."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from fazhi_writer.errors import FactsFileError, FactsValidationError
from fazhi_writer.facts.decode import MAX_BYTES
from fazhi_writer.facts.read import load, load_facts
from fazhi_writer.facts.validate import validate_facts

HEAD = "单位: 某局\n年度: 2024\n"


def _load(tmp_path: Path, text: str | bytes, name: str = "facts.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def _errors(tmp_path: Path, text: str) -> list[str]:
    path = _load(tmp_path, text)
    with pytest.raises(FactsValidationError) as info:
        validate_facts(load_facts(path), path)
    return [p.format(path.name) for p in info.value.problems]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "事实文件是空的"),
        ("# 只有注释\n", "事实文件是空的"),
        ("- a\n- b\n", ":1:1: 事实文件顶层应为“字段: 值”的映射，实际是列表"),
        ("单位：某局\n年度: 2024\n", ":1:3: YAML 格式错误：第 1 行用了全角冒号"),
        ("单位: x\n\t年度: 2024\n", ":2:1: YAML 格式错误：缩进里有制表符"),
        ("单位: [x\n", "YAML 格式错误"),
        ("42\n", ":1:1: 事实文件顶层应为“字段: 值”的映射，实际是单个值“42”"),
        ("单位: 某局\n年度: 2024\n  人数: 3\n", ":3:5: YAML 格式错误：这里不能出现“: ”"),
        ("单位: 某局\n法治副校长:\n  人数: 3\n 来源: 公安\n", ":4:2: YAML 格式错误：缩进不一致"),
        ("单位: 某局\n自称: *我局\n", ":2:5: YAML 格式错误：以“\\*”开头的值在 YAML 中表示引用"),
        ("单位: 某局\n---\n年度: 2024\n", "一个文件只能写一份事实"),
        ('单位: "某局\n年度: 2024\n', "引号没有闭合"),
        ("单位:\u00a0某局\n年度: 2024\n", ":2:3: YAML 格式错误：第 1 行的缩进或冒号后用了全角空格（或不换行空格）"),
        ("说明文字\n单位: 某局\n", ":2:3: YAML 格式错误：前面有一行既不是“字段: 值”，也不是以“#”开头的注释"),
        ("说明文字\n# 注释\n单位: 某局\n", ":3:1: YAML 格式错误：前面有一行既不是“字段: 值”"),
    ],
)
def test_unreadable_files(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(FactsFileError, match=message.replace("(", r"\(")):
        load_facts(_load(tmp_path, text))


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(FactsFileError, match="找不到事实文件"):
        load_facts(tmp_path / "missing.yaml")
    with pytest.raises(FactsFileError, match="文件夹"):
        load_facts(tmp_path)


def test_binary_file(tmp_path: Path) -> None:
    with pytest.raises(FactsFileError, match="不是文本文件"):
        load_facts(_load(tmp_path, b"PK\x03\x04\x00\x00"))


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_encodings_clerks_produce(tmp_path: Path, encoding: str) -> None:
    path = _load(tmp_path, "单位: 中站区教育局\r\n年度: 2024\r\n".encode(encoding))
    facts = validate_facts(load_facts(path), path)
    assert (facts.unit, facts.year) == ("中站区教育局", 2024)


def test_every_problem_is_reported_once_with_its_position(tmp_path: Path) -> None:
    text = (
        "单位: 某局\n"
        "年度: 二〇二四\n"
        "法治副校长:\n"
        "  人数: 很多\n"
        "  配备律: 100%\n"
        "存在问题:\n"
        "  - 主题: 学习不系统\n"
        "    补冲: x\n"
    )
    assert _errors(tmp_path, text) == [
        "facts.yaml:2:5: 字段“年度”：应为整数，实际是“二〇二四”",
        "facts.yaml:4:7: 字段“法治副校长.人数”：应为数量，例如 19、19名、近50场、16000余名、"
        "12.6万余人次、100%，实际是“很多”",
        "facts.yaml:5:3: 字段“法治副校长.配备律”：未知字段（不会被使用，请检查拼写），是否想写“配备率”？",
        "facts.yaml:8:5: 字段“存在问题[1].补冲”：未知字段（不会被使用，请检查拼写），是否想写“补充”？",
    ]


def test_missing_required_fields(tmp_path: Path) -> None:
    assert _errors(tmp_path, "自称: 我局\n") == [
        "facts.yaml:1:1: 字段“单位”：缺少必填字段",
        "facts.yaml:1:1: 字段“年度”：缺少必填字段",
    ]


def test_wrong_container_type(tmp_path: Path) -> None:
    errors = _errors(tmp_path, "单位: 某局\n年度: 2024\n法治副校长: 19名\n")
    assert errors == ["facts.yaml:3:8: 字段“法治副校长”：应为“字段: 值”的映射，实际是“19名”"]


def test_clerk_friendly_values(tmp_path: Path) -> None:
    path = _load(tmp_path, (
        "单位: 某局\n年度: 2024\n成文日期: 2024年12月6日\n"
        "法治副校长:\n  人数: 19名\n  来源: 公安\n  基本全覆盖: 是\n"
        "存在问题:\n  - 学习不系统\n  - 主题: 普法宣传力度不够\n    补充: 进社区不够\n"
    ))
    facts = validate_facts(load_facts(path), path)
    assert facts.date is not None and facts.date.isoformat() == "2024-12-06"
    assert facts.vice_principals is not None
    assert facts.vice_principals.sources == ["公安"]
    assert facts.vice_principals.full_coverage is True
    assert str(facts.vice_principals.count) == "19名"
    assert [(p.theme, p.extra) for p in facts.problems] == [
        ("学习不系统", None), ("普法宣传力度不够", "进社区不够"),
    ]


def test_a_word_document_is_named(tmp_path: Path) -> None:
    with pytest.raises(FactsFileError, match="不是文本文件（是Word 文档"):
        load_facts(_load(tmp_path, b"PK\x03\x04" + bytes(range(256)) * 4))


@pytest.mark.parametrize(
    ("text", "messages"),
    [
        (HEAD + "单位: 另一局\n", [("facts.yaml:3:1: 字段“单位”：重复的字段：第 1 行已经写过“单位”，"
                                 "第 3 行又写了一次（第 3 行的内容不会被使用），请合并为一处")]),
        (HEAD + "法治副校长:\n  人数: 3\n  来源: 公安\n  人数: 4\n",
         ["facts.yaml:6:3: 字段“法治副校长.人数”：重复的字段：第 4 行已经写过“人数”，第 6 行又写了一次"]),
        (HEAD + "? [a, b]\n: x\n", ["facts.yaml:3:3: 字段名应为文字，不能是列表或映射"]),
        (HEAD + "自称: !foo 我局\n", ["facts.yaml:3:5: 字段“自称”：“!foo”是 YAML 的类型标记"]),
        (HEAD + "2024: x\n", ["facts.yaml:3:1: 字段“2024”：未知字段"]),
        (HEAD + "法治副校长:\n\u3000人数: 3\n",
         ["facts.yaml:4:1: 字段“\u3000人数”：未知字段：字段名前后有全角空格（或不换行空格）"]),
    ],
)
def test_duplicate_keys_tags_and_odd_keys_are_errors(
    tmp_path: Path, text: str, messages: list[str]
) -> None:
    path = _load(tmp_path, text)
    loaded = load(path)
    found = [p.format(path.name) for p in loaded.problems]
    if not found:  # a key that is not text only shows when validated
        with pytest.raises(FactsValidationError) as info:
            validate_facts(loaded.data, path)
        found = [p.format(path.name) for p in info.value.problems]
    assert len(found) == len(messages)
    for line, expected in zip(found, messages):
        assert line.startswith(expected)


def test_both_duplicates_and_schema_errors_are_reported_at_once(tmp_path: Path) -> None:
    from fazhi_writer.pipeline import check

    path = _load(tmp_path, HEAD + "年度: 2025\n法治副校长:\n  人数: 很多\n")
    errors = check(path).errors
    assert [e.split(": ")[0] for e in errors] == [f"{path}:3:1", f"{path}:5:7"]


@pytest.mark.parametrize(
    ("text", "value", "message"),
    [
        # a date that does not exist is a schema error at its place, not a crash
        (HEAD + "成文日期: 2024-13-45\n", None, "facts.yaml:3:7: 字段“成文日期”：应为日期"),
        # more digits than Python converts to int
        ("单位: 某局\n年度: " + "9" * 5000 + "\n", None, "facts.yaml:2:5: 字段“年度”：应为整数"),
        (HEAD + "法治副校长:\n  人数: .inf\n", None, "facts.yaml:4:7: 字段“法治副校长.人数”：应为数量"),
        # a date where text is expected is kept as written
        (HEAD + "法治副校长:\n  活动:\n    - 名称: 讲座\n      时间: 2024-09-20\n", "2024-09-20", ""),
    ],
)
def test_values_yaml_would_misread(
    tmp_path: Path, text: str, value: str | None, message: str
) -> None:
    path = _load(tmp_path, text)
    if value is not None:
        facts = validate_facts(load_facts(path), path)
        assert facts.vice_principals is not None
        assert facts.vice_principals.activities[0].time == value
        return
    with pytest.raises(FactsValidationError) as info:
        validate_facts(load_facts(path), path)
    assert info.value.problems[0].format(path.name).startswith(message)


def test_full_width_colon_inside_a_block_is_explained(tmp_path: Path) -> None:
    assert _errors(tmp_path, HEAD + "法治副校长:\n  人数：19名\n") == [
        ("facts.yaml:4:3: 字段“法治副校长”：应为“字段: 值”的映射，实际是“人数：19名”"
         "（这里用了全角冒号“：”，字段和值之间应使用半角冒号加空格“: ”）")
    ]


ALIAS_BOMB = "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9) if prev else ', '.join(['lol'] * 9)}]\n"
    for prev, name in zip([None, "a", "b", "c", "d", "e", "f", "g"], "abcdefgh")
)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (ALIAS_BOMB, "内容过多"),
        (HEAD + "其他: &x [*x]\n", "引用了它自己"),
        (HEAD + "其他: " + "[" * 5000 + "]" * 5000 + "\n", "层次嵌套过深"),
        (HEAD + "其他: " + "[" * 60 + "]" * 60 + "\n", "层次嵌套过深"),
        (HEAD + "其他:\n" + "  - 一项\n" * 30_000, "内容过多"),
        (HEAD + "其他: [" + "一项, " * 30_000 + "]\n", "内容过多"),
        ("其他: '" + "很长" * (MAX_BYTES // 5) + "'\n", "文件过大"),
    ],
    ids=["alias-bomb", "recursive-alias", "deep-python", "deep", "many-lines", "many-items",
         "too-large"],
)
def test_hostile_files_fail_fast(tmp_path: Path, text: str, message: str) -> None:
    path = _load(tmp_path, text)
    start = time.perf_counter()
    with pytest.raises(FactsFileError, match=message):
        load_facts(path)
    assert time.perf_counter() - start < 5


def test_utf16_and_a_broken_utf8_byte(tmp_path: Path) -> None:
    path = _load(tmp_path, "\ufeff单位: 某局\r\n年度: 2024\r\n".encode("utf-16-le"))
    assert validate_facts(load_facts(path), path).unit == "某局"
    broken = "单位: 中站区教育局\n年度: 2024\n上级: 区委、区政府\n".encode() .replace("区委".encode(), b"\xe5\x8c")
    with pytest.raises(FactsFileError, match=r"facts.yaml:3:5: 文件中有无法识别的字节"):
        load_facts(_load(tmp_path, broken))


@pytest.mark.parametrize(
    ("text", "value", "notice"),
    [
        # Word's manual line break and page break inside Chinese text: removed
        (HEAD + "上级: 区委\x0b区政府\x0c\n", "区委区政府",
         "facts.yaml:3:7: 字段“上级”：含有 2 个不可见的控制字符（Word 手动换行符 \\x0b、Word 分页符 \\x0c"),
        (HEAD + "上级: 区委\x00、区政府\n", "区委、区政府", "facts.yaml:3:7: 字段“上级”：含有 1 个不可见的控制字符（空字符 NUL"),
        # where YAML needs a space (after the colon) it becomes one, so nothing shifts
        (HEAD + "上级:\x0b区委\n", "区委", "facts.yaml:3:4: 字段“上级”：含有 1 个不可见的控制字符（Word 手动换行符"),
        # an escape in double quotes puts a control character into the value
        (HEAD + '上级: "区委\\x0b区政府"\n', "区委区政府", "facts.yaml:3:5: 字段“上级”：含有不可见的控制字符"),
        (HEAD + "上级: 区委\u200b区政府\n", "区委区政府", "facts.yaml:3:7: 字段“上级”：含有 1 个不可见的控制字符（零宽空格"),
    ],
)
def test_invisible_characters_from_word_are_removed_with_a_notice(
    tmp_path: Path, text: str, value: str, notice: str
) -> None:
    path = _load(tmp_path, text)
    loaded = load(path)
    assert validate_facts(loaded.data, path).superiors == value
    assert [n.format(path.name)[: len(notice)] for n in loaded.notices] == [notice]


def test_invisible_character_in_a_comment_names_the_line(tmp_path: Path) -> None:
    path = _load(tmp_path, HEAD + "# 备注\x0c\n")
    assert [n.format(path.name) for n in load(path).notices] == [
        "facts.yaml:3:5: 含有 1 个不可见的控制字符（Word 分页符 \\x0c，多为从 Word 粘贴带入），已删除"
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (HEAD + "其他:\n  - ''\n", "facts.yaml:4:5: 字段“其他[1]”：不能为空，实际是“”"),
        (HEAD + "法治副校长:\n  人数: -5\n", "facts.yaml:4:7: 字段“法治副校长.人数”：应为数量（不小于 0），实际是“-5”"),
        (HEAD + "法治副校长:\n  人数: [19]\n", "facts.yaml:4:7: 字段“法治副校长.人数”：应为数量，实际是列表"),
        (HEAD + "成文日期: 5\n", "facts.yaml:3:7: 字段“成文日期”：应为日期"),
    ],
)
def test_wrong_values_are_explained_in_chinese(tmp_path: Path, text: str, message: str) -> None:
    assert _errors(tmp_path, text)[0].startswith(message)
