"""The template contract: every name a built-in template uses exists in the content model.

Static: jinja2.meta for the names each template needs, a typed walk of facts.x.y attribute
chains against the schema, and docxtpl's get_undeclared_template_variables for the .docx.
Dynamic: facts with every field filled render every kind under StrictUndefined.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from pathlib import Path
from typing import Any

import pytest
from jinja2 import meta, nodes
from pydantic import BaseModel

from fazhi_writer.facts.quantity import Quantity
from fazhi_writer.facts.schema import Block, Facts, ThemeItem, Topic
from fazhi_writer.report.build import build_report, load_kind, template_context
from fazhi_writer.report.render import make_env

from .conftest import ROOT

TEMPLATES = ROOT / "templates"
#: The starter facts file is not an outline: init renders it with its own names
#: (as the field handbook, which fazhi-write handbook renders).
STARTER = {"starter.yaml.j2": {"lines", "schema", "description"},
           "handbook.md.j2": {"sections", "baselines", "labels", "yaml", "missing", "unused",
                              "anchor"}}
J2 = sorted(p.relative_to(TEMPLATES).as_posix() for p in TEMPLATES.rglob("*.j2")
            if p.name not in STARTER)
KINDS = sorted(p.parent.name for p in TEMPLATES.glob("*/kind.yaml"))


# --- static: names and attribute chains -------------------------------------------------

def _parse(name: str) -> nodes.Template:
    env = make_env(None)
    return env.parse(env.loader.get_source(env, name)[0])


def _bound_names(name: str) -> set[str]:
    """Names a template (or a parent it extends) binds itself: set, for, import, macro.

    jinja2.meta reports a name set inside an {% if %} as undeclared even where it is only
    used after the set in the same branch, so the template's own bindings are subtracted.
    """
    tree = _parse(name)
    names = {n.name for n in tree.find_all(nodes.Name) if n.ctx == "store"}
    names |= {n.target for n in tree.find_all(nodes.Import)}
    names |= {n.name for n in tree.find_all(nodes.Macro)}
    for parent in tree.find_all(nodes.Extends):
        names |= _bound_names(parent.template.value)
    return names


@pytest.mark.parametrize("name", J2)
def test_templates_need_only_the_context_names(name: str) -> None:
    facts = Facts.model_validate({"单位": "某局", "年度": 2024})
    needed = meta.find_undeclared_variables(_parse(name)) - _bound_names(name)
    provided = set(template_context(facts, make_env(None)))
    assert needed <= provided, f"{name} uses names the context lacks: {needed - provided}"


def test_the_starter_template_needs_only_what_init_provides() -> None:
    for name, provided in STARTER.items():
        needed = meta.find_undeclared_variables(_parse(name)) - _bound_names(name)
        assert needed <= provided, f"{name} uses names init does not give it: {needed - provided}"


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated and Optional; return a model class, ('list', model) or None."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return _unwrap(args[0])
    if origin in (typing.Union, types.UnionType):
        found = [_unwrap(a) for a in args if a is not type(None)]
        return found[0] if len(found) == 1 else None
    if origin is list:
        inner = _unwrap(args[0])
        return ("list", inner) if isinstance(inner, type) else None
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def _type_of(expr: nodes.Node, scope: dict[str, Any], problems: list[str]) -> Any:
    """The schema type of an expression like facts.organization.group, if it can be known.

    Problems found on the way are recorded; other expressions are walked for chains inside.
    """
    if isinstance(expr, nodes.Name):
        return scope.get(expr.name)
    if not isinstance(expr, nodes.Getattr):
        _walk(expr, scope, problems)
        return None
    base = _type_of(expr.node, scope, problems)
    if not (isinstance(base, type) and issubclass(base, BaseModel)):
        return None
    field = base.model_fields.get(expr.attr)
    if field is None:
        problems.append(f"line {expr.lineno}: {base.__name__} has no field {expr.attr!r}")
        return None
    return _unwrap(field.annotation)


def _walk(node: nodes.Node, scope: dict[str, Any], problems: list[str]) -> None:
    """Check every typed attribute chain, following set and for bindings in scope order."""
    if isinstance(node, nodes.Assign) and isinstance(node.target, nodes.Name):
        scope[node.target.name] = _type_of(node.node, scope, problems)
        return
    if isinstance(node, nodes.For):
        iterated = _type_of(node.iter, scope, problems)
        inner = dict(scope)
        targets = [node.target] if isinstance(node.target, nodes.Name) else \
            list(node.target.find_all(nodes.Name))
        for target in targets:
            inner[target.name] = iterated[1] if isinstance(iterated, tuple) else None
        for child in [*node.body, *([node.test] if node.test else [])]:
            _walk(child, inner, problems)
        for child in node.else_:
            _walk(child, scope, problems)
        return
    if isinstance(node, nodes.Macro):
        inner = {k: v for k, v in scope.items() if k not in {a.name for a in node.args}}
        for child in node.body:
            _walk(child, inner, problems)
        return
    if isinstance(node, nodes.Getattr):
        _type_of(node, scope, problems)  # checks the whole chain once
        return
    for child in node.iter_child_nodes():
        _walk(child, scope, problems)


def _attribute_problems(source: str) -> list[str]:
    problems: list[str] = []
    _walk(make_env(None).parse(source), {"facts": Facts}, problems)
    return problems


@pytest.mark.parametrize("name", J2)
def test_every_facts_field_a_template_reads_exists(name: str) -> None:
    source = (TEMPLATES / name).read_text(encoding="utf-8")
    assert _attribute_problems(source) == []


def test_the_attribute_check_catches_a_renamed_field() -> None:
    source = "{% set o = facts.organization %}{{ o.grop.name }}{% for r in facts.rectification %}" \
             "{{ r.sorce }}{% endfor %}{{ facts.unti }}"
    assert [p.split(": ", 1)[1] for p in _attribute_problems(source)] == [
        "Organization has no field 'grop'", "Rectification has no field 'sorce'",
        "Facts has no field 'unti'"]


@pytest.mark.parametrize("kind", KINDS)
def test_kind_settings_use_only_their_names(kind: str) -> None:
    env = make_env(None)
    settings = load_kind(env, kind)
    for source, provided in ((settings.file_name, {"facts"}), (settings.placeholder, {"title"}),
                             (settings.date_format, {"d"})):
        assert meta.find_undeclared_variables(env.parse(source)) <= provided
    assert _attribute_problems(settings.file_name) == []


# --- .docx: placeholders of the reference document --------------------------------------

def _report_variables() -> set[str]:
    facts = Facts.model_validate({"单位": "某局", "年度": 2024, "成文日期": "2024-12-06"})
    return set(build_report(facts, make_env(None)).variables)


def _docx_variables(reference: Path) -> set[str]:
    from docxtpl import DocxTemplate

    return DocxTemplate(str(reference)).get_undeclared_template_variables(make_env(None))


def test_the_reference_docx_needs_only_report_variables(tmp_path: Path) -> None:
    import docx

    assert _docx_variables(TEMPLATES / "reference.docx") <= _report_variables()
    # the same check sees a letterhead's placeholders, and flags an unknown one
    letterhead = docx.Document(str(TEMPLATES / "reference.docx"))
    letterhead.paragraphs[0].text = "{{ 单位 }}文件"
    letterhead.sections[0].header.paragraphs[0].text = "{{ 发文字号 }}"
    letterhead.save(str(tmp_path / "letterhead.docx"))
    used = _docx_variables(tmp_path / "letterhead.docx")
    assert used == {"单位", "发文字号"} and used - _report_variables() == {"发文字号"}


# --- dynamic: every field filled, every kind renders -------------------------------------

def _sample(annotation: Any, flags_only: bool) -> Any:
    """A value for a schema annotation: text, quantity, flag, list or a whole block."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return _sample(args[0], flags_only)
    if origin in (typing.Union, types.UnionType):
        inner = _unwrap(args[0])
        keep = not flags_only or isinstance(inner, type) and issubclass(inner, Block)
        return _sample(args[0], flags_only) if keep else None
    if origin is list:
        return [] if flags_only else [_sample(args[0], flags_only)]
    if origin is dict:
        return {} if flags_only else {"项目": 3}
    if isinstance(annotation, type) and issubclass(annotation, Block):
        return _block(annotation, flags_only)
    return {bool: True, int: 2024, str: "甲乙", Quantity: 3, dt.date: "2024-12-06"}[annotation]


def _block(model: type[Block], flags_only: bool) -> dict[str, Any]:
    values = {f.alias: _sample(f.annotation, flags_only and not f.is_required())
              for name, f in model.model_fields.items() if name not in ("kind", "highlights", "outline", "numbering", "groups")}
    if model is ThemeItem:
        values["主题"] = "学习不系统"  # a stock theme, expanded from themes.yaml
    return {k: v for k, v in values.items() if v is not None}


@pytest.mark.parametrize("flags_only", [False, True], ids=["every-field", "flags-only"])
@pytest.mark.parametrize("kind", KINDS)
def test_facts_with_every_field_render_every_kind(kind: str, flags_only: bool) -> None:
    raw = _block(Facts, flags_only)
    raw["第一责任人"].update({"姓名": "张三", "职务": "局长"})
    raw["存在问题"].append("一句完整的话")
    facts = Facts.model_validate(raw)
    report = build_report(facts, make_env(None), kind, today=dt.date(2025, 1, 15))
    text = "".join(p.text for p in report.body)
    assert report.body and "None" not in text and "{{" not in text


@pytest.mark.parametrize("flags_only", [False, True], ids=["every-field", "flags-only"])
def test_every_topic_can_be_a_highlight_of_the_shufa(flags_only: bool) -> None:
    raw = _block(Facts, flags_only)
    raw["第一责任人"].update({"姓名": "张三", "职务": "局长"})
    topics = [f.alias for f in Facts.model_fields.values() if f.alias != "第一责任人"
              and isinstance(_unwrap(f.annotation), type) and issubclass(_unwrap(f.annotation), Topic)]
    facts = Facts.model_validate({**raw, "亮点": topics})
    body = [p for p in build_report(facts, make_env(None), "shufa").body]
    texts = [p.text for p in body]
    part_two = body[texts.index("二、亮点工作") + 1:texts.index("三、问题短板和下一步打算")]
    if not flags_only:
        assert len([p for p in part_two if p.level == 2]) == len(topics)
