"""The YAML parsers: ruamel's round trip (comments kept), and libyaml (ruamel.yaml.clib)
composing the same nodes ~8x faster when it is installed."""

from __future__ import annotations

from functools import lru_cache
from typing import Any


def round_trip_yaml() -> Any:
    """Return a round-trip YAML that keeps dates and over-long numbers as the clerk wrote them."""
    yaml = _yaml_class()(typ="rt")
    yaml.Constructor = _constructor()
    yaml.allow_duplicate_keys = True  # _Walk reports them, naming both lines
    return yaml


@lru_cache(maxsize=1)
def _yaml_class() -> Any:
    """ruamel's YAML, looking for its plug-ins once per process: every YAML() listed its
    folder (a glob) though none is installed, a directory read for every facts file."""
    from ruamel.yaml import YAML

    class Yaml(YAML):
        found = YAML(typ="rt").official_plug_ins()  # the one listing, as ruamel makes it

        def official_plug_ins(self) -> Any:
            """The plug-ins found when the class was made."""
            return list(self.found)

    return Yaml


@lru_cache(maxsize=1)
def _constructor() -> Any:
    """The round-trip constructor _yaml uses, made once (a class a load would cost time and,
    in a batch, memory)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.constructor import RoundTripConstructor
    from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
    from ruamel.yaml.resolver import BaseResolver

    text = BaseResolver.DEFAULT_SCALAR_TAG  # the tag every resolver gives plain and quoted text
    seq, mapping = BaseResolver.DEFAULT_SEQUENCE_TAG, BaseResolver.DEFAULT_MAPPING_TAG

    class Constructor(RoundTripConstructor):
        def construct_object(self, node: Any, deep: bool = False) -> Any:
            """Build text, lists and mappings with no anchor (used once: nothing refers to
            them), block style or comment as ruamel does, without its ~10 calls a value."""
            if node.anchor or node.comment:
                return super().construct_object(node, deep)
            kind, tag = node.__class__, node.ctag
            if kind is ScalarNode and tag is text and node.style not in ("|", ">"):
                return node.value  # what construct_scalar returns
            if kind is MappingNode and tag is mapping and self._text_keys(node):
                return self._mapping(node)
            if kind is SequenceNode and tag is seq and all(not c.comment for c in node.value):
                return self._sequence(node)
            return super().construct_object(node, deep)

        @staticmethod
        def _text_keys(node: Any) -> bool:
            """Whether every key is plain or quoted text (no merge, no anchor, no block), and
            no key or value has a comment (ruamel's parser reads them, libyaml's does not)."""
            for key, value in node.value:  # a loop, not all() of a generator: a resume a key
                if (key.ctag is not text or key.__class__ is not ScalarNode or key.anchor
                        or key.style in ("|", ">") or key.comment or value.comment):
                    return False
            return True

        def _mapping(self, node: Any) -> Any:
            """construct_yaml_map: the first of duplicate keys kept, every key's position."""
            data, places = CommentedMap(), {}
            lc = data.lc
            lc.line, lc.col = node.start_mark.line, node.start_mark.column
            for key_node, value_node in node.value:
                value = self.construct_object(value_node, deep=True)
                key = key_node.value
                if key not in places:
                    k, v = key_node.start_mark, value_node.start_mark
                    places[key] = [k.line, k.column, v.line, v.column]
                    data[key] = value
            if places:
                lc.data = places
            if node.flow_style:  # see _sequence
                self.set_collection_style(data, node)
            return data

        def _sequence(self, node: Any) -> Any:
            """construct_yaml_seq: the items and the position of each."""
            data, places = CommentedSeq(), {}
            lc = data.lc
            lc.line, lc.col = node.start_mark.line, node.start_mark.column
            data.extend([self.construct_object(child) for child in node.value])  # append is
            for index, child in enumerate(node.value):  # Python's, and looks at the comments
                places[index] = [child.start_mark.line, child.start_mark.column]
            if places:
                lc.data = places
            if node.flow_style:  # block style (most) needs no format: ruamel's round trip
                self.set_collection_style(data, node)  # dumps a collection without one as block
            return data

        def flatten_mapping(self, node: Any) -> Any:
            """No merge to flatten when every key has the text tag (ruamel's loop would only
            compare each key's tag, as text, with << and =)."""
            if all(key.ctag is text for key, _ in node.value):
                from ruamel.yaml.mergevalue import MergeValue

                return MergeValue()
            return super().flatten_mapping(node)

        def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
            return str(node.value)  # 2024-13-45 must be a schema error, not a crash

        def construct_yaml_int(self, node: Any) -> Any:
            try:
                return super().construct_yaml_int(node)
            except ValueError:  # e.g. more digits than Python converts
                return str(node.value)

    Constructor.add_constructor("tag:yaml.org,2002:timestamp", Constructor.construct_yaml_timestamp)
    Constructor.add_constructor("tag:yaml.org,2002:int", Constructor.construct_yaml_int)
    return Constructor


def fast_compose(text: str) -> Any:
    """Compose the node graph with libyaml (ruamel.yaml.clib); None where fast_load gives None."""
    return _fast(text, "get_single_node")


def fast_load(text: str) -> Any:
    """Parse with libyaml (ruamel.yaml.clib) into the same round-trip data, ~8x faster.

    Return None (ruamel's own parser then runs, and words any error as usual) when clib is
    not installed, when the text needs ruamel's parser (a %YAML directive, Unicode line
    breaks YAML 1.1 and 1.2 count differently), or when parsing fails for any reason.
    """
    return _fast(text, "get_single_data")


def _fast(text: str, method: str) -> Any:
    """Run libyaml's loader method on text; None when clib is missing or in any doubt."""
    loader_class = _c_loader()
    if loader_class is None or "%YAML" in text or any(c in text for c in "\x85\u2028\u2029"):
        return None
    try:
        loader = loader_class(text)
        try:
            return getattr(loader, method)()
        finally:
            loader.dispose()
    except Exception:  # noqa: BLE001 - any doubt: the round-trip parser decides
        return None


@lru_cache(maxsize=1)
def _c_loader() -> Any:
    """A loader of libyaml's parser with ruamel's round-trip constructor, as YAML(typ="rt",
    pure=False) would build if ruamel offered it for round trips (it gives line and column
    of every value, which is all fazhi-write needs besides the data); None without clib."""
    try:
        from _ruamel_yaml import CParser
        from ruamel.yaml.constructor import RoundTripConstructor
        from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
        from ruamel.yaml.resolver import VersionedResolver
        from ruamel.yaml.tag import Tag
    except ImportError:
        return None

    class CRoundTripLoader(CParser, RoundTripConstructor, VersionedResolver):  # type: ignore[misc]
        comment_handling = None  # comments are not read: nothing below the data needs them
        allow_duplicate_keys = False
        yaml_version = None  # no %YAML directive (fast_load leaves those to ruamel): YAML 1.2
        starts: dict[Any, Any] | None = None  # implicit resolvers by first character

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            self._parser = self._composer = self._scanner = self
            RoundTripConstructor.__init__(self, loader=self)
            VersionedResolver.__init__(self, loadumper=self)

        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            """VersionedResolver.resolve without its lookups on every call (the version is
            fixed, 1.2, so its resolvers are too): plain text whose first character starts no
            implicit type (most of a facts file: Chinese text) is text at once."""
            starts = self.starts
            if starts is None:  # the same for every loader (YAML 1.2): made once
                starts = type(self).starts = self.versioned_resolver
            if self.yaml_path_resolvers or None in starts:
                return super().resolve(kind, value, implicit)
            if kind is ScalarNode:
                if implicit[0] and value:  # plain: ruamel's expressions for its first character,
                    # which match ASCII only (19名 is text without trying int, float, date)
                    for tag, regexp in starts.get(value[0], ()) if value.isascii() else ():
                        if regexp.match(value):
                            return Tag(suffix=tag)
                elif implicit[0]:  # empty: null, by ruamel's expression for ""
                    return super().resolve(kind, value, implicit)
                return self.DEFAULT_SCALAR_TAG  # quoted, or no expression matched
            if kind is SequenceNode:
                return self.DEFAULT_SEQUENCE_TAG
            return self.DEFAULT_MAPPING_TAG if kind is MappingNode else None

    return CRoundTripLoader
