"""Report kinds: which exist (built-in and a bureau's own), which one to draft, and exporting them.

A kind is a folder under templates/ holding kind.yaml and report.md.j2 (annual, shufa,
summary). A bureau's --template-dir may override a kind's files or add a kind of its own.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from ..errors import TemplateError
from .build import Kind, load_kind
from .render import builtin_templates, make_env

#: Files every kind shares, exported with it so the copy is complete.
SHARED_FILES = ("themes.yaml", "years.yaml", "sentences.j2", "reference.docx", "fonts.yaml",
                "fonts.conf", "nobreak.yaml", "README.md", "examples.yaml")


class KindInfo(NamedTuple):
    """A kind's settings and the folder its kind.yaml is read from."""

    kind: Kind
    folder: Path


def kind_folders(template_dir: Path | None = None) -> dict[str, Path]:
    """Return each kind's folder by name, a bureau's folder before the built-in one."""
    if template_dir is not None and not template_dir.is_dir():
        raise TemplateError(f"{template_dir}: 模板目录不存在")
    roots = [builtin_templates(), *([template_dir] if template_dir else [])]
    found: dict[str, Path] = {}
    for root in roots:
        if root.is_dir():
            found.update({d.name: d for d in sorted(root.iterdir()) if (d / "kind.yaml").is_file()})
    return found


def list_kinds(template_dir: Path | None = None) -> list[KindInfo]:
    """Load every kind's settings (a bureau's copy wins), in name order."""
    env = make_env(template_dir)
    folders = kind_folders(template_dir)
    return [KindInfo(load_kind(env, name), folders[name]) for name in sorted(folders)]


def find_kind(requested: str, template_dir: Path | None = None) -> str | None:
    """Return the kind a name or Chinese label (述法报告) stands for, or None."""
    requested = requested.strip()
    for info in list_kinds(template_dir):
        if requested in (info.kind.name, info.kind.label):
            return info.kind.name
    return None


def kind_choices(template_dir: Path | None = None) -> str:
    """Return 'annual（年度报告）、shufa（述法报告）…' for messages."""
    return "、".join(f"{i.kind.name}（{i.kind.label}）" for i in list_kinds(template_dir))


def export_kind(name: str, dest: Path, force: bool = False) -> list[Path]:
    """Copy a built-in kind's templates, what they include, and the shared files into dest."""
    source = builtin_templates()
    if not (source / name / "kind.yaml").is_file():
        raise TemplateError(f"没有名为“{name}”的报告类型（可选：{kind_choices()}）")
    files = [*_kind_files(source, name), *(source / f for f in SHARED_FILES)]
    targets = {dest / f.relative_to(source): f.read_bytes() for f in dict.fromkeys(files)
               if f.is_file()}
    from ..writers.output import write_outputs  # writing: only when exporting

    write_outputs(targets, force, advice="请换一个目录，或使用 --force 覆盖（会先备份原文件）")
    return list(targets)


def _kind_files(source: Path, name: str) -> list[Path]:
    """The kind folder's files and every template they import, include or extend."""
    import jinja2.meta

    env = make_env(None)
    files = sorted(p for p in (source / name).rglob("*") if p.is_file())
    queue = [p for p in files if p.suffix == ".j2"]
    while queue:
        text = queue.pop().read_text(encoding="utf-8")
        for ref in jinja2.meta.find_referenced_templates(env.parse(text)):
            path = source / ref if ref else None
            if path and path.is_file() and path not in files:
                files.append(path)
                queue.append(path)
    return files
