"""The Jinja environment: template lookup (bureau copy first, then built-ins) and filters."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, MutableMapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import TemplateError
from ..facts.quantity import Quantity
from .marks import plain, upto

if TYPE_CHECKING:
    import jinja2

_CN = "零一二三四五六七八九"


@lru_cache(maxsize=1)
def builtin_templates() -> Path:
    """Return the built-in templates folder (inside the wheel, or the checkout's templates/);
    looked for once per process (a draft asks for it several times)."""
    package = Path(__file__).parent.parent
    packaged = package / "templates"
    return packaged if packaged.is_dir() else package.parent / "templates"


def cn_number(n: int) -> str:
    """Return the Chinese numeral for 1–999 (10→十, 12→十二, 105→一百零五); digits beyond."""
    if n < 10:
        return _CN[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _CN[tens]) + "十" + ("" if ones == 0 else _CN[ones])
    if n >= 1000:
        return str(n)
    hundreds, rest = divmod(n, 100)  # a clerk's list of 100 items must not crash the numbering
    if rest == 0:
        return _CN[hundreds] + "百"
    tail = "零" + _CN[rest] if rest < 10 else ("一" if rest < 20 else "") + cn_number(rest)
    return _CN[hundreds] + "百" + tail


def _qty(value: Quantity | None, unit: str = "") -> str:
    """Render a quantity, adding the unit when the clerk wrote a bare number."""
    if value is None:
        raise ValueError("qty of an empty value")
    return value.text(unit)


def _join(items: Iterable[Any], sep: str = "、") -> str:
    """Join items the Chinese way (、), or with sep (join('') for 《…》《…》). No 顿号 stands
    between one item's closing quotation mark (书名号) and the next item's opening one
    (GB/T 15834-2011, 顿号): “三会一课”“主题党日”, 《宪法》《教育法》; an item with other words
    after its marks keeps the 顿号 after it: “宪法晨读”活动、“主题党日”. (Decided on the texts
    without verify's marks, marks.py.)"""
    texts = list(map(str, items))
    joined = sep.join(texts)
    if sep != "、" or ("“" not in joined and "《" not in joined):
        return joined  # (no item opens with a mark: a 顿号 between each two)
    plains = [plain(t) for t in texts]
    out = texts[:1]
    for (before, after), item in zip(itertools.pairwise(plains), texts[1:]):
        out.append(item if (before[-1:], after[:1]) in _ADJACENT else sep + item)
    return "".join(out)


#: The last and first characters of two items that need no 顿号 between them: a closing and an
#: opening quotation mark, or 书名号.
_ADJACENT = {("”", "“"), ("》", "《")}


def _sentence(text: str) -> str:
    """End a sentence with 。 unless it already ends with sentence punctuation (marks.py: the
    ending is found as if verify's marks were not there)."""
    text = str(text)
    bare = plain(text).rstrip()
    if bare.endswith(("。", "！", "？", "；", "：")):
        return upto(text, len(bare))
    return upto(text, len(bare.rstrip("，、,;"))) + "。"


def _clause(text: str) -> str:
    """Strip the final 。 so a fact can continue the sentence."""
    text = str(text)
    return upto(text, len(plain(text).rstrip().rstrip("。；;，,")))


def _finalize(value: Any) -> Any:
    """Refuse None (it would print 'None') and join lists the Chinese way."""
    if isinstance(value, str):  # (most printed values, the facts' tracked texts too)
        return value
    if value is None:
        raise ValueError("模板输出了空值（None），请在模板中用 {% if %} 判断")
    if isinstance(value, (list, tuple)):
        return _join(value)
    return value


def _having(value: Any, name: str) -> bool:
    """The test ``t is having('motions')``: the 板块's record (or model) has that field. As
    ``t.motions is defined``, without Jinja raising and catching twice when it has not."""
    return name in getattr(type(value), "model_fields", ())


@lru_cache(maxsize=8)
def make_env(template_dir: Path | None = None) -> jinja2.Environment:
    """Build the one Jinja environment: StrictUndefined, no autoescape for text, our filters."""
    import jinja2

    from .compare import versus

    search = [str(template_dir)] if template_dir else []
    env = _environment_class()(
        loader=jinja2.FileSystemLoader([*search, str(builtin_templates())], encoding="utf-8"),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        lstrip_blocks=True,
        finalize=_finalize,
        auto_reload=False,  # one process drafts with the templates as they were when it began
    )
    env.bytecode_cache = _bytecode_cache(env)
    env.filters.update(qty=_qty, join=_join, sentence=_sentence, clause=_clause, cn=cn_number,
                       versus=versus)
    env.tests["having"] = _having
    return env


@lru_cache(maxsize=1)
def _environment_class() -> type[jinja2.Environment]:
    """Jinja's Environment whose templates read its globals as they are, not through a
    ChainMap of their own (they have none): each render and each import then copies and
    compares them as a dict, not key by key in Python."""
    import jinja2

    class Environment(jinja2.Environment):
        def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
            return super().make_globals(d) if d else self.globals

    return Environment


def render_template(env: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    """Render one template, turning Jinja errors into a TemplateError naming file and line."""
    import jinja2

    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateNotFound as e:
        where = _where(e, "")
        searched = "、".join(getattr(env.loader, "searchpath", []))
        raise TemplateError(f"{where + ': ' if where else ''}找不到模板文件：{e.name}"
                            f"（查找的目录：{searched}）") from e
    except jinja2.TemplateSyntaxError as e:
        raise TemplateError(f"{e.filename or e.name}:{e.lineno}: 模板语法错误：{e.message}") from e
    except jinja2.UndefinedError as e:
        raise TemplateError(f"{_where(e, name)}: 模板使用了不存在的变量：{_undefined(e)}") from e
    except ValueError as e:
        raise TemplateError(f"{_where(e, name)}: {e}") from e
    except (jinja2.TemplateError, TypeError, LookupError, ArithmeticError) as e:
        raise TemplateError(f"{_where(e, name)}: 模板出错：{e}") from e


def _undefined(error: Exception) -> str:
    """Say in Chinese which name or field a template used that does not exist."""
    import re

    text = str(error)
    attr = re.search(r"has no attribute '([^']+)'", text)
    if attr:
        return f"没有名为“{attr[1]}”的字段（字段名见 fazhi_writer/facts/schema.py）"
    name = re.search(r"'([^']+)' is undefined", text)
    return f"变量“{name[1]}”未定义" if name else text


def render_string(env: jinja2.Environment, source: str, context: dict[str, Any], origin: str) -> str:
    """Render a short template string from a kind's settings (file name, markers)."""
    import jinja2

    try:
        return _from_string(env, source).render(context)
    except jinja2.TemplateError as e:
        raise TemplateError(f"{origin}: 模板错误：{e}") from e


@lru_cache(maxsize=64)
def _from_string(env: jinja2.Environment, source: str) -> jinja2.Template:
    """Compile a short template string once per environment (markers are filled per 待填), its
    code kept in the bytecode cache as a file's is: a cold start then builds no Jinja lexer."""
    cache = env.bytecode_cache
    if cache is None:
        return env.from_string(source)
    bucket = cache.get_bucket(env, f"<string>{source}", None, source)  # keyed by the text
    if bucket.code is None:
        bucket.code = env.compile(source)
        cache.set_bucket(bucket)
    return env.template_class.from_code(env, bucket.code, env.make_globals(None))


def _bytecode_cache(env: jinja2.Environment) -> jinja2.BytecodeCache | None:
    """Jinja's FileSystemBytecodeCache in the per-user cache (None when it is switched off): a
    cold start skips compiling templates. Jinja checks each source's checksum, so an edited
    template is compiled afresh; the file names carry the options that change the code."""
    from ..cache import cache_dir, fingerprint

    folder = cache_dir()
    if folder is None:
        return None
    pattern = f"{fingerprint(_options(env))[:16]}-%s.cache"
    return _bytecode_cache_class()(str(folder / "jinja"), pattern)


@lru_cache(maxsize=1)
def _bytecode_cache_class() -> type[jinja2.FileSystemBytecodeCache]:
    """FileSystemBytecodeCache that reads only trusted files and never fails a draft."""
    import os

    import jinja2

    from ..cache import trusted

    class BytecodeCache(jinja2.FileSystemBytecodeCache):
        def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            if not trusted(os.path.join(self.directory, self.pattern % (bucket.key,))):
                return
            try:
                super().load_bytecode(bucket)
            except Exception:  # noqa: BLE001 - a broken entry is compiled afresh
                bucket.reset()

        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            try:
                os.makedirs(self.directory, mode=0o700, exist_ok=True)
                super().dump_bytecode(bucket)
            except OSError:
                pass  # an unwritable cache only costs the next start the compiling

    return BytecodeCache


def _options(env: jinja2.Environment) -> str:
    """The environment's options that change the code Jinja compiles a template to."""
    import jinja2

    def name(value: Any) -> str:
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', repr(value))}"

    return repr((jinja2.__version__, env.block_start_string, env.block_end_string,
                 env.variable_start_string, env.variable_end_string, env.comment_start_string,
                 env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix,
                 env.trim_blocks, env.lstrip_blocks, env.newline_sequence,
                 env.keep_trailing_newline, env.optimized, env.is_async,
                 name(env.autoescape), name(env.finalize), sorted(env.extensions)))


def _where(error: BaseException, name: str) -> str:
    """Find the template file and line in the traceback of a rendering error."""
    tb = error.__traceback__
    where = name
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            where = f"{filename}:{tb.tb_lineno}"
        tb = tb.tb_next
    return where
