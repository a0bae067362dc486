"""Property: any random damage to an example facts file gives exit 0, 1 or 2 — never a traceback,
never a hang — and every error message names the file.

FAZHI_FUZZ_EXAMPLES raises the number of examples for a longer local run (CI keeps it small).
"""

from __future__ import annotations

import json
import os
import re
import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from fazhi_writer.commands.cli import app

from .conftest import EXAMPLES, ROOT

runner = CliRunner()
TEXTS = [e.read_text(encoding="utf-8") for e in EXAMPLES]
#: Pieces clerks (and Word) get wrong: YAML syntax, invisible characters, odd values, keys.
PIECES = [
    ":", "：", ": ", " ", "\t", "- ", "#", "&a ", "*a", "!foo ", "!!binary ", "[", "]", "{", "}",
    "|", ">", "'", '"', "\\", "\x0b", "\x0c", "\x00", "\u200b", "\ufeff", "\u2028", "---", "%",
    "@", "`", "?", ",", "\r", "  ", "100%", "120%", "近50场", "2023-13-45", "2024-12-01", ".inf",
    "1e999", "0x1F", "9" * 40, "名", "学校总数: 5所", "单位: ", "年度: ", "法治副校长:", "配备率: ",
    "  主题: ", "补充: ", "<<: *a", "&", "<", ">", "“", "”", "-1", "二〇二四", "是", "null", "~",
    '"\\x0b"', '"\\ud800"', "!!omap [a: 1]", "!!set {a}", "? [a]", "{a: 1}", "[1, [2]]",
]
#: Values put in place of a field's value: wrong types, impossible numbers, odd sizes.
VALUES = [
    "-5", "0", "1e999", ".nan", "[19]", "{}", "''", "5", "true", "null", "2024-02-30", "120%",
    "近100%", "十三名", "99999999999999999999名", "很长的名称" * 60, "[a, [b]]", "{a: 1}", "2023年9月",
    "'# 标题'", "'- 项'", "'= 标题'", "'{{ x }}'", "“引号”&<>", "0.5", "2100", "1999",
]
KEYS = ["单位", "年度", "成文日期", "学校总数", "人数", "配备率", "参与学校", "通过", "时间", "数据截至",
        "补充", "宣讲", "受众", "主题", "配备律"]
MUTATIONS = ("insert", "delete", "duplicate", "swap", "indent", "dedent", "truncate", "value",
             "field")
EXAMPLES_PER_TEST = int(os.environ.get("FAZHI_FUZZ_EXAMPLES", "30"))


@st.composite
def damaged(draw: st.DrawFn) -> bytes:
    """Return an example facts file with a few random mutations, in a random encoding."""
    lines = draw(st.sampled_from(TEXTS)).split("\n")
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(MUTATIONS))
        piece = draw(st.sampled_from(PIECES) | st.text(max_size=4))
        if kind == "insert":
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + piece + lines[i][at:]
        elif kind == "delete" and len(lines) > 1:
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif kind in ("indent", "dedent"):
            lines[i] = "  " + lines[i] if kind == "indent" else lines[i][2:]
        elif kind == "truncate":
            lines = lines[: i + 1]
        elif kind == "value" and ": " in lines[i]:
            lines[i] = lines[i].split(": ", 1)[0] + ": " + draw(st.sampled_from(VALUES))
        elif kind == "field":  # a key (known or misspelt) with an odd value, at this indentation
            indent = lines[i][: len(lines[i]) - len(lines[i].lstrip(" "))]
            key, value = draw(st.sampled_from(KEYS)), draw(st.sampled_from(VALUES))
            lines.insert(i, f"{indent}{key}: {value}")
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
    data = "\n".join(lines).encode(encoding, errors="replace")
    if draw(st.integers(0, 9)) == 0:  # now and then a damaged byte
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1:]
    return data


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Fail instead of hanging (where the platform has SIGALRM)."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def hang(signum: int, frame: object) -> None:
        raise TimeoutError(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, hang)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _run(command: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        facts = Path(folder) / "facts.yaml"
        facts.write_bytes(data)
        out = ["-o", str(Path(folder) / "out")] if command == "draft" else []
        args = [command, str(facts), *out]
        with time_limit(20):
            result = runner.invoke(app, args)
    assert result.exit_code in (0, 1, 2)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    if result.exit_code == 1:
        assert str(facts) in result.stderr  # the message names the file


FUZZ = settings(max_examples=EXAMPLES_PER_TEST, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@FUZZ
@given(damaged())
def test_check_survives_any_damage(data: bytes) -> None:
    _run("check", data)


@FUZZ
@given(damaged())
def test_draft_survives_any_damage(data: bytes) -> None:
    _run("draft", data)


@FUZZ
@given(damaged())
def test_next_year_survives_any_damage_and_accepts_what_check_accepts(data: bytes) -> None:
    """next-year reads what draft and check read (Word's \\x0b, \\x0c, NUL …): whatever check
    passes, next-year rolls forward, into a file check reads again."""
    with tempfile.TemporaryDirectory() as folder:
        facts, rolled = Path(folder) / "facts.yaml", Path(folder) / "next.yaml"
        facts.write_bytes(data)
        with time_limit(20):
            checked = runner.invoke(app, ["check", str(facts)])
            result = runner.invoke(app, ["next-year", str(facts), "-o", str(rolled)])
            again = runner.invoke(app, ["check", str(rolled)]) if result.exit_code == 0 else None
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    if checked.exit_code == 0:
        assert result.exit_code == 0, result.stderr
    if result.exit_code == 1:
        assert str(facts) in result.stderr
    if again is not None:
        assert again.exit_code in (0, 1) and "Traceback" not in again.output


def _template_words() -> list[str]:
    """Words of the templates' own wording (and of the stock themes): runs of 2–8 Chinese
    characters outside Jinja tags."""
    import re

    words: set[str] = set()
    for path in [*(ROOT / "templates").rglob("*.j2"), ROOT / "templates" / "themes.yaml"]:
        text = re.sub(r"\{[{%#].*?[}%#]\}", " ", path.read_text(encoding="utf-8"), flags=re.S)
        for run in re.findall(r"[\u4e00-\u9fff]{2,}", text):
            words.update(run[i:i + n] for n in (2, 4, 8) for i in range(0, len(run), n)
                         if len(run[i:i + n]) == n)
    return sorted(words)


TEMPLATE_WORDS = _template_words()
#: Lines of the examples that give a text field its value: "  key: value" (no number, date,
#: yes/no or list, so that any other text is as valid there).
FIELD_LINES = [(t, i) for t in TEXTS for i, line in enumerate(t.split("\n"))
               if (m := re.match(r"^\s*[^\s#:-][^:#]*: (\S.*)$", line))
               and not re.search(r"[\d\[{零〇一二两三四五六七八九十百千万]|^(是|否)$", m[1])]


@FUZZ
@given(st.sampled_from(FIELD_LINES), st.sampled_from(TEMPLATE_WORDS))
def test_a_value_in_the_templates_own_words_is_checked_where_its_field_puts_it(
        line: tuple[str, int], word: str) -> None:
    """A field given words the report has anyway (its stock wording) is drafted exactly as
    the same field given words found nowhere else: stated where its field puts it (exit 0),
    or refused as lost (exit 1) — never passed because the words occur elsewhere."""
    text, index = line
    codes = []
    for value in (word, "甲乙丙丁戊己庚"):
        lines = text.split("\n")
        key = lines[index].split(": ", 1)[0]
        lines[index] = f"{key}: {json.dumps(value, ensure_ascii=False)}"
        with tempfile.TemporaryDirectory() as folder:
            facts = Path(folder) / "facts.yaml"
            facts.write_text("\n".join(lines), encoding="utf-8")
            with time_limit(20):
                result = runner.invoke(app, ["draft", str(facts), "-o", str(Path(folder) / "o")])
        assert "Traceback" not in result.output
        codes.append((result.exit_code, "没有写进报告" in result.stderr))
    assert codes[0] == codes[1], (key, word)
