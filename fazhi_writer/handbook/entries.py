"""What each field yields: draft the baseline and the baseline plus the field, keep what differs.

The baseline of a kind holds only the required facts (单位, 年度 and the kind's 必填). A field's
minimal facts file adds the field (with its example) to it; the report lines that differ are what
the field yields. A field that yields nothing alone is drafted beside a sibling that makes it
appear (the field it depends on); one that yields nothing in any kind is a setting.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import FactsValidationError, TemplateError
from ..facts.validate import facts_validator, validate_facts
from ..report.build import Kind, build_report
from ..writers.text import render_text
from .compare import added_lines, merge, numbering, without
from .fields import EXAMPLES, Examples, FieldDoc, minimal

#: Status of a field in one kind.
LINES, REQUIRED, NOTHING = "lines", "required", "nothing"


class Yield(NamedTuple):
    """What one field does in one kind: report lines it adds, or why there are none."""

    kind: str
    label: str
    status: str
    lines: tuple[str, ...] = ()
    place: str = ""
    """The part of the report (its first-level heading) the first line is in, if any."""


class Entry(NamedTuple):
    """A field's handbook entry."""

    doc: FieldDoc
    snippet: dict[str, Any] | None
    """The facts the entry adds to the baseline (None: no example value)."""
    depends: str
    """The field it is drafted beside (dotted path), or ''."""
    part_of: str
    """For a required field of a record: the record's path (its entry shows the sentences)."""
    yields: tuple[Yield, ...]
    setting: bool
    """True when the field yields nothing in any kind, even beside another field."""
    problem: str = ""
    """Why the example cannot be drafted (it does not fit the field), if it cannot."""


class Drafter:
    """Drafts facts in memory for every kind, each distinct facts once."""

    def __init__(self, env: Any, kinds: list[Kind], examples: Examples,
                 docs: dict[tuple[str, ...], FieldDoc]) -> None:
        self.env, self.kinds, self.examples, self.docs = env, kinds, examples, docs
        self._drafts: dict[tuple[str, str], tuple[str, ...]] = {}
        self._places: dict[tuple[str, str], dict[str, str]] = {}
        self.snippets: dict[tuple[str, ...], dict[str, Any]] = {}
        self.yielding: set[tuple[str, ...]] = set()
        """Fields whose entries show lines in some kind."""
        """The facts each field was shown with (beside the field it depends on, if any)."""
        self._numbers = {k.name: numbering(k) for k in kinds}
        self.baselines = {k.name: self._baseline(k) for k in kinds}
        year = self.baselines[kinds[0].name].get("年度", 2000) if kinds else 2000
        self.today = dt.date(year if isinstance(year, int) else 2000, 12, 31)
        for kind in kinds:
            self.lines(kind.name, self.baselines[kind.name])  # fails here if they do not fit

    def _baseline(self, kind: Kind) -> dict[str, Any]:
        """The facts every report of the kind needs: required fields and the kind's 必填."""
        paths: list[tuple[str, ...]] = [p for p, d in self.docs.items()
                                        if len(p) == 1 and d.required]
        paths += [tuple(p.split(".")) for p in kind.required]
        facts: dict[str, Any] = {}
        for path in paths:
            if path not in self.docs:
                raise TemplateError(f"{kind.name}/kind.yaml: 必填中的“{'.'.join(path)}”不是事实文件的字段")
            part = minimal(self.docs, self.examples, path)
            if part is None:
                raise TemplateError(f"{EXAMPLES}: 缺少必填字段“{'.'.join(path)}”的示例值")
            facts = merge(facts, part)
        return facts

    def lines(self, kind: str, facts: dict[str, Any]) -> tuple[str, ...]:
        """The non-blank lines of the .txt report of the kind drafted from facts."""
        key = (kind, repr(facts))
        if key not in self._drafts:
            valid = _validate(facts)
            report = build_report(valid, self.env, kind, today=self.today)
            text = render_text(report)
            self._drafts[key] = tuple(s.strip() for s in text.splitlines() if s.strip())
            self._places[key] = _parts(report)
        return self._drafts[key]

    def place(self, kind: str, facts: dict[str, Any], line: str) -> str:
        """The part (first-level heading) a body line of the report drafted from facts is in."""
        self.lines(kind, facts)
        return self._places[(kind, repr(facts))].get(line, "")

    def added(self, kind: str, before: dict[str, Any], after: dict[str, Any]) -> tuple[str, ...]:
        """The lines the report drafted from after has that the one from before has not."""
        base = self.lines(kind, merge(self.baselines[kind], before))
        new = self.lines(kind, merge(self.baselines[kind], after))
        return added_lines(base, new, self._numbers[kind])


def _validate(facts: dict[str, Any]) -> Any:
    """Validate example facts; if they do not fit, raise FactsValidationError in Chinese
    (which needs the facts as a YAML file would give them: with positions)."""
    from pydantic_core import ValidationError
    from ruamel.yaml import YAML

    try:
        return facts_validator().validate_python(facts)
    except ValidationError:
        from . import to_yaml

        return validate_facts(YAML().load(to_yaml(facts)), Path(EXAMPLES))


def _parts(report: Any) -> dict[str, str]:
    """Each body paragraph's text -> the first-level heading it is under ('' for none)."""
    part, found = "", dict[str, str]()
    for p in report.body:
        if p.level == 1:
            part = p.text
        else:
            found.setdefault(p.text, part)
    return found


def entry(drafter: Drafter, doc: FieldDoc) -> Entry:
    """Work out the handbook entry of one field (a field it may depend on first: see order())."""
    found = _entry(drafter, doc)
    if any(y.status == LINES for y in found.yields):
        drafter.yielding.add(doc.path)
    return found


def order(docs: dict[tuple[str, ...], FieldDoc]) -> list[FieldDoc]:
    """The order to work out entries in: the facts file's top-level fields (自称, 分组 …) last,
    as they may depend on a field of any block."""
    return sorted(docs.values(), key=lambda d: len(d.path) == 1 and d.shape == "value")


def _entry(drafter: Drafter, doc: FieldDoc) -> Entry:
    parent = drafter.docs.get(doc.path[:-1])
    if doc.required and parent is not None:
        return Entry(doc, minimal(drafter.docs, drafter.examples, doc.path), "", parent.dotted,
                     (), False)
    snippet = minimal(drafter.docs, drafter.examples, doc.path)
    if snippet is None:
        return Entry(doc, None, "", "", (), False)
    try:
        return _drafted(drafter, doc, snippet)
    except FactsValidationError as e:
        problems = "；".join(f"字段“{p.path}”：{p.message}" for p in e.problems)
        return Entry(doc, None, "", "", (), False, problems)


def _drafted(drafter: Drafter, doc: FieldDoc, snippet: dict[str, Any]) -> Entry:
    """The entry of a field whose example is snippet."""
    drafter.snippets[doc.path] = snippet
    try:
        yields = _yields(drafter, doc, snippet)
    except FactsValidationError:
        if doc.shape != "value":
            raise
        yields = ()  # the schema may refuse a field without the one it modifies: find that one
    empty = [y.kind for y in yields if y.status == NOTHING] if yields else [
        k.name for k in drafter.kinds]
    if not empty or doc.shape != "value":
        return Entry(doc, snippet, "", "", yields, False)
    found = _dependency(drafter, doc, snippet, empty)
    if found is None:
        if not yields:
            _yields(drafter, doc, snippet)  # raise the schema's reason
        return Entry(doc, snippet, "", "", yields, len(empty) == len(yields))
    other, together = found
    drafter.snippets[doc.path] = together
    return Entry(doc, together, other.dotted, "", _yields(drafter, doc, together), False)


def _yields(drafter: Drafter, doc: FieldDoc, snippet: dict[str, Any]) -> tuple[Yield, ...]:
    """The lines the snippet adds, in every kind, to the snippet without the field."""
    out = []
    for kind in drafter.kinds:
        if _in_baseline(drafter.baselines[kind.name], doc.path):
            value = drafter.lines(kind.name, merge(drafter.baselines[kind.name], snippet))
            shown = _value_text(snippet, doc.path)
            out.append(Yield(kind.name, kind.label, REQUIRED,
                             tuple(s for s in value if shown and shown in s)))
            continue
        lines = drafter.added(kind.name, without(snippet, doc.path), snippet)
        place = drafter.place(kind.name, merge(drafter.baselines[kind.name], snippet),
                              lines[0]) if lines else ""
        out.append(Yield(kind.name, kind.label, LINES if lines else NOTHING, lines, place))
    return tuple(out)


def _in_baseline(baseline: dict[str, Any], path: tuple[str, ...]) -> bool:
    node: Any = baseline
    for key in path:
        if isinstance(node, list):
            node = node[0] if node else {}
        if not isinstance(node, dict) or key not in node:
            return False
        node = node[key]
    return True


def _value_text(snippet: dict[str, Any], path: tuple[str, ...]) -> str:
    """The example value at path as the report would show it (a plain text or number)."""
    node: Any = snippet
    for key in path:
        node = (node[0] if isinstance(node, list) else node)[key]
    return str(node) if isinstance(node, (str, int)) else ""


def _dependency(drafter: Drafter, doc: FieldDoc, snippet: dict[str, Any],
                empty: list[str]) -> tuple[FieldDoc, dict[str, Any]] | None:
    """The first field beside which doc yields in the kinds where it yields nothing alone."""
    best: tuple[int, FieldDoc, dict[str, Any]] | None = None
    for other in _candidates(drafter.docs, doc, drafter.yielding):
        part = drafter.snippets.get(other.path) or minimal(drafter.docs, drafter.examples,
                                                           other.path)
        if part is None:
            continue
        together = merge(part, snippet)
        try:
            shown = sum(bool(drafter.added(k, part, together)) for k in empty)
        except FactsValidationError:
            continue  # the other field's example does not fit: its own entry says so
        if shown == len(empty):
            return other, together
        if shown and (best is None or shown > best[0]):
            best = (shown, other, together)
    return (best[1], best[2]) if best else None


def _candidates(docs: dict[tuple[str, ...], FieldDoc], doc: FieldDoc,
                yielding: set[tuple[str, ...]]) -> list[FieldDoc]:
    """Fields doc may depend on: its siblings, those just before it first (a field that
    modifies another follows it); for a top-level field, then the first field of each block
    that yields something (see order())."""
    values = [d for d in docs.values() if d.shape == "value" and not d.required]
    siblings = [d for d in values if d.path[:-1] == doc.path[:-1]]
    at = siblings.index(doc) if doc in siblings else len(siblings)
    siblings = siblings[:at][::-1] + siblings[at + 1:]
    if len(doc.path) > 1:
        return siblings
    blocks = [d for d in docs.values() if len(d.path) == 1 and d.shape != "value"]
    firsts = [next((v for v in values if v.path[:-1] == b.path and v.path in yielding), None)
              for b in blocks]
    return siblings + [d for d in firsts if d is not None]
