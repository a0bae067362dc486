"""The field handbook (字段手册): for every field of the facts file, an example and the exact
sentences it yields in each kind of report, generated from the templates themselves.

fields.py walks the schema and finds example values, entries.py drafts each field's minimal facts
file against the baseline (compare.py compares the drafts), and templates/handbook.md.j2 writes
the Markdown.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import FactsValidationError, TemplateError
from .entries import Drafter, Entry, entry, order
from .fields import EXAMPLES, Examples, FieldDoc, walk
from .shared import inherited, shared

#: The handbook's file name, as the README and the JSON Schema link to it.
HANDBOOK = "字段手册.md"
TEMPLATE = "handbook.md.j2"
#: Runs of blank lines the template's block tags leave (Markdown needs one at most).
_BLANKS = re.compile(r"\n(?:[ \t]*\n)+")


class Handbook(NamedTuple):
    """Every entry, grouped by 板块 (top-level field), and each kind's baseline facts."""

    entries: list[Entry]
    baselines: dict[str, dict[str, Any]]
    labels: dict[str, str]
    unused: list[str] = []
    """Keys of examples.yaml that name no field (a field renamed or removed)."""
    common: str = ""
    """The 板块 the fields every 板块 has are drafted in (their entries are its)."""
    shared: frozenset[str] = frozenset()
    """Dotted paths, in the other 板块, of those fields where they yield the same sentences."""
    inherited: frozenset[str] = frozenset()
    """Dotted paths of every 板块's copies of those fields."""


def build(template_dir: Path | None = None) -> Handbook:
    """Draft every field of the schema in every kind of the templates."""
    drafter = drafter_for(template_dir)
    done = {d.path: entry(drafter, d) for d in order(drafter.docs)}
    unused = drafter.examples.unknown(list(drafter.docs))
    common, same = shared(drafter, done)
    return Handbook([done[path] for path in drafter.docs], drafter.baselines,
                    {k.name: k.label for k in drafter.kinds}, unused, common, frozenset(same),
                    frozenset(".".join(p) for p in inherited(drafter.docs)))


def drafter_for(template_dir: Path | None = None) -> Drafter:
    """The drafter of the templates' kinds, with the examples (a bureau's over the built-in)."""
    from ..facts.schema import Facts
    from ..report.build import load_yaml_template
    from ..report.kinds import list_kinds
    from ..report.render import make_env

    env = make_env(template_dir)
    kinds = [info.kind for info in list_kinds(template_dir)]
    examples = _mapping(load_yaml_template(make_env(None), EXAMPLES))
    if template_dir is not None and (template_dir / EXAMPLES).is_file():  # a bureau's own
        examples.update(_mapping(load_yaml_template(env, EXAMPLES)))
    try:
        docs = {d.path: d for d in walk(Facts)}
        top = {p[0] for p in docs if len(p) == 1}
        return Drafter(env, kinds, Examples(examples, top), docs)
    except FactsValidationError as e:
        raise TemplateError(f"{EXAMPLES}: 基础稿（必填字段）的示例值不符合要求：" + "；".join(
            f"字段“{p.path}”：{p.message}" for p in e.problems)) from None


def _mapping(data: Any) -> dict[str, Any]:
    if data is not None and not isinstance(data, dict):
        raise TemplateError(f"{EXAMPLES}: 应为“字段路径: 示例值”的映射")
    return dict(data or {})


def render(handbook: Handbook, template_dir: Path | None = None) -> str:
    """Write the handbook as Markdown through templates/handbook.md.j2."""
    from ..report.render import make_env, render_template

    context = {"sections": _sections(handbook), "baselines": handbook.baselines,
               "labels": handbook.labels, "yaml": to_yaml, "missing": missing_examples(handbook),
               "unused": handbook.unused, "anchor": lambda dotted: _anchor(handbook, dotted)}
    text = render_template(make_env(template_dir), TEMPLATE, context)
    return _BLANKS.sub("\n\n", text).strip("\n") + "\n"


def _anchor(handbook: Handbook, dotted: str) -> str:
    """The entry showing a field: a 板块's shared copy is shown in the representative 板块."""
    if dotted not in handbook.shared:
        return dotted
    return f"{handbook.common}.{dotted.partition('.')[2]}"


def _sections(handbook: Handbook) -> list[dict[str, Any]]:
    """The facts file's own fields, then each 板块's (those every 板块 has: in one section of
    their own, before the first 板块, but for a 板块 that words them differently)."""
    common: dict[str, Any] = {"title": "", "common": handbook.common, "entry": None,
                              "fields": [], "differ": []}
    sections: dict[str, dict[str, Any]] = {"": {"title": "", "entry": None, "fields": []}}
    blocks = {p.split(".")[0] for p in handbook.inherited}
    common["blocks"] = [e.doc.dotted for e in handbook.entries if e.doc.dotted in blocks]
    for item in handbook.entries:  # 板块 in schema order; fields of the facts file first
        top = item.doc.path[0] if len(item.doc.path) > 1 or item.doc.shape != "value" else ""
        if top == handbook.common and top not in sections:
            sections["\0"] = common  # just before the 板块 they are drafted in
        section = sections.setdefault(top, {"title": top, "entry": None, "fields": [],
                                            "differ": [], "topic": top in blocks})
        if item.doc.dotted in handbook.shared:
            continue
        if top and len(item.doc.path) == 1:
            section["entry"] = item
        elif top == handbook.common and item.doc.dotted in handbook.inherited:
            common["fields"].append(item)
        else:
            section["fields"].append(item)
            if item.doc.dotted in handbook.inherited:
                section["differ"].append(".".join(item.doc.path[1:]))
    return [v for v in sections.values() if v["entry"] or v["fields"]]


def generate(template_dir: Path | None = None) -> str:
    """The handbook's Markdown for the templates (the built-in ones, or a bureau's)."""
    return render(build(template_dir), template_dir)


def missing_examples(handbook: Handbook) -> list[str]:
    """Fields without a usable example value (none in examples.yaml nor from the description,
    or one that does not fit the field)."""
    return [e.doc.dotted for e in handbook.entries if e.snippet is None and not e.part_of]


def to_yaml(facts: Any) -> str:
    """Facts as the block-style YAML a clerk writes."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.width = 4096
    yaml.representer.sort_base_mapping_type_on_output = False  # the schema's order
    out = io.StringIO()
    yaml.dump(facts, out)
    return out.getvalue().rstrip("\n")


def write_handbook(out: Path, template_dir: Path | None = None, force: bool = False) -> list[Path]:
    """Generate the handbook into out (never over an edited file without a backup);
    return the backups made."""
    from ..writers.output import write_outputs

    return write_outputs({out: generate(template_dir).encode("utf-8")}, force)


__all__ = ["HANDBOOK", "Entry", "FieldDoc", "Handbook", "build", "drafter_for", "entry",
           "generate", "render", "write_handbook"]
