"""Fonts: the profiles of templates/fonts.yaml, the fonts a .docx will use, and GB2312 coverage.

A profile names a font per role (标题, 正文, 一级标题 …); the facts file (字体) or the --fonts
option chooses one, or single roles. Without a choice the reference .docx keeps its own fonts.
A *_GB2312 font has glyphs for GB2312 only, so facts with other characters (seed 001 has the
traditional 學) are reported: Word would show those characters in some other font.
"""

from __future__ import annotations

import unicodedata
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import FontProfileError
from ..facts.placeholders import item_position

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: The reference document's styles for each role, by their names in styles.xml.
ROLE_STYLES: dict[str, tuple[str, ...]] = {
    "标题": ("Title",),
    "正文": ("Normal", "正文字符"),
    "一级标题": ("heading 1",),
    # the 述法报告 byline and the 签发人's names (GB/T 9704 7.2.5) are 楷体 like level-2 headings
    "二级标题": ("heading 2", "作者", "签发人姓名"),
    "三级标题": ("heading 3",),
    "页码": ("footer",),
}
PROFILE_KEY = "方案"


class Fonts(NamedTuple):
    """The fonts to set on the reference document's styles, and every font's fallbacks (a named
    tuple: a dataclass costs ~0.5 ms of every start)."""

    roles: dict[str, str]
    """Role (标题, 正文 …) → font name; only the roles the clerk chose."""
    fallbacks: dict[str, list[str]]
    """Font name → alternates for Word to try, recorded in the font table (w:altName)."""


def load_font_settings(env: Any) -> dict[str, Any]:
    """Read templates/fonts.yaml through the template loader (a bureau's copy wins)."""
    data = _font_data(env)
    return {"方案": dict(data.get("方案") or {}), "备选": dict(data.get("备选") or {})}


def _font_data(env: Any) -> Any:
    """templates/fonts.yaml as parsed, shared by every report: not to be modified."""
    from ..report.build import load_yaml_template

    return load_yaml_template(env, "fonts.yaml") or {}


def profile_names(env: Any) -> list[str]:
    """Return the names of the font profiles, in file order."""
    return list(load_font_settings(env)["方案"])


def choose_fonts(env: Any, choice: Any, option: str | None, where: str) -> Fonts:
    """Combine --fonts (a profile name) or the facts' 字体 into the fonts to set per role.

    where prefixes the error message, e.g. 'facts.yaml:4:5: 字段“字体”：'.
    """
    data = _font_data(env)  # (read, not copied: most reports choose no fonts)
    chosen = _given(choice)
    name = option or chosen.pop(PROFILE_KEY, None)
    chosen.pop(PROFILE_KEY, None)  # --fonts wins over the facts file's profile
    roles: dict[str, str] = {}
    if name:
        profile = (data.get("方案") or {}).get(name)
        if not isinstance(profile, dict):
            known = "、".join(data.get("方案") or {}) or "（无）"
            raise FontProfileError(f"{where}没有名为“{name}”的字体方案（可选：{known}，见 templates/fonts.yaml）")
        roles = {role: str(profile[role]) for role in ROLE_STYLES if profile.get(role)}
    if "正文" in chosen and "三级标题" not in chosen:
        chosen["三级标题"] = chosen["正文"]  # level 3 headings are 仿宋 like the body
    roles.update(chosen)
    # only a font a role is given goes in the font table (docx.py): none, none to look up
    table = (data.get("备选") or {}) if roles else {}
    fallbacks = {str(k): [str(a) for a in v or []] for k, v in table.items()}
    return Fonts(roles=roles, fallbacks=fallbacks)


def _given(choice: Any) -> dict[str, str]:
    """The facts' 字体 as {key: font}; a key left blank or 待填 is not a choice yet."""
    if choice is None:
        return {}
    return {str(info.alias): value for name, info in type(choice).model_fields.items()
            if isinstance(value := getattr(choice, name), str)}


def reference_fonts(reference: Path) -> dict[str, str]:
    """Return the East Asian font of each role's style in a reference .docx."""
    try:
        stat = reference.stat()
    except OSError:
        return {}
    return dict(_reference_fonts(reference, stat.st_mtime_ns, stat.st_size))


@lru_cache(maxsize=8)
def _reference_fonts(reference: Path, mtime_ns: int, size: int) -> dict[str, str]:
    """reference_fonts, read once per version of the file (a batch drafts hundreds)."""
    from lxml import etree  # the .docx writer parses with it too

    try:
        with zipfile.ZipFile(reference) as z:
            root = etree.fromstring(z.read("word/styles.xml"),
                                    etree.XMLParser(resolve_entities=False))
    except (OSError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError):
        return {}
    default = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    fallback = default.get(f"{W}eastAsia", "") if default is not None else ""
    by_name = {s.find(f"{W}name").get(f"{W}val"): s
               for s in root.iter(f"{W}style") if s.find(f"{W}name") is not None}
    fonts = {}
    for role, names in ROLE_STYLES.items():
        rfonts = by_name[names[0]].find(f"{W}rPr/{W}rFonts") if names[0] in by_name else None
        fonts[role] = (rfonts.get(f"{W}eastAsia") if rfonts is not None else None) or fallback
    return {role: font for role, font in fonts.items() if font}


#: The 破折号 and 间隔号 as GB2312 fonts map them (the codec maps them elsewhere).
_FONT_ONLY = frozenset("\u2014\u00b7")


def in_gb2312(char: str) -> bool:
    """True when a GB2312 font can show char: a two-byte GB2312 code, or — or ·.

    The codec alone is no test: it maps the 破折号 and 间隔号 to U+2015 and U+30FB, so it
    rejects the usual "—" (U+2014) and "·" (U+00B7) that GB2312 fonts do have.
    """
    if char in _FONT_ONLY:
        return True
    try:
        return len(char.encode("gb2312")) == 2
    except UnicodeEncodeError:
        return False


def outside_gb2312(text: str) -> list[str]:
    """Return the characters of text, in order and once each, a GB2312 font cannot show.

    ASCII and other narrow characters are skipped: they take the Latin font (Times New Roman).
    """
    rest = text
    for char in _FONT_ONLY:  # (str.translate took ~100x as long over a Chinese text)
        rest = rest.replace(char, "")
    try:
        rest.encode("gb2312")
        return []  # the usual case, found without testing each character
    except UnicodeEncodeError:
        pass
    wide = {c for c in set(text) if unicodedata.east_asian_width(c) in ("W", "F", "A")
            and not in_gb2312(c)}
    return [char for char in dict.fromkeys(text) if char in wide] if wide else []


def gb2312_warnings(raw: Any, fonts: dict[str, str], file: Path, texts: list[str]) -> list[str]:
    """Warn about each fact with characters outside GB2312 when a *_GB2312 font is in use;
    texts are raw's text values (those _strings locates), found while marking 待填."""
    limited = sorted({f for f in fonts.values() if f.upper().endswith("_GB2312")})
    if not limited:
        return []
    if not outside_gb2312("".join(texts)):  # the usual case: no need to locate anything
        return []
    names = "、".join(limited)
    warnings = []
    for path, value, (line, column) in _strings(raw, ""):
        for char in outside_gb2312(value):
            warnings.append(
                f"{file}:{line}:{column}: 字段“{path}”中的“{char}”不在 GB2312 字符集内，"
                f"{names} 没有这个字，Word 会临时换用别的字体显示它。请改用规范简体字，"
                f"或换用字体方案（如 字体: 方正GBK，见 templates/fonts.yaml）")
    return warnings


def _strings(node: Any, path: str) -> list[tuple[str, str, tuple[int, int]]]:
    """Every text value of the round-trip facts, with its field path and 1-based position."""
    if isinstance(node, dict):
        items = [(f"{path}.{k}" if path else str(k), v, item_position(node, k))
                 for k, v in node.items()]
    elif isinstance(node, list):
        items = [(f"{path}[{i + 1}]", v, item_position(node, i)) for i, v in enumerate(node)]
    else:
        return []
    found = []
    for sub_path, value, position in items:
        if isinstance(value, str):
            found.append((sub_path, value, position))
        found.extend(_strings(value, sub_path))
    return found
