"""Layout decisions shared by the writers: text width in 字, and breaking the title into lines.

GB/T 9704-2012 7.3.1: a title of more than one line keeps words whole, is symmetric, and is
arranged as a trapezoid or a diamond. The template gives the title as segments (each ``=``
line, split further at ``|``); a line may end only between segments. Segments too wide for a
line are split at a few safe places (after a place name, around 关于, after 年度/的), never
inside a 《》 title.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator

from . import marks

#: Most 二号 characters on a title line: 20 fill the 156 mm 版心; 18 keep one clear at each side.
TITLE_MAX_WIDTH = 18.0
TITLE_FULL_WIDTH = 20.0  # allowed only for a 《》 title that cannot be broken
_IDEAL_STEP = 4.0  # a line about 2 字 longer at each end than the one above reads as a trapezoid
BREAK_MARK = "|"
_CLOSING = "，。、；：？！）》」』”’"
_OPENING = "（《「『“‘"
# Inside an over-wide segment a line may end after each leading place name (新疆维吾尔自治区|
# 塔城地区|裕民县|…), around 关于, and after 年度 or 的.
# (Patterns compiled on first use: most titles never need them.)
_PLACE = r"[\u4e00-\u9fff]{1,6}?(?:自治区|自治州|地区|[省市州盟县区旗])"
_SOFT_BREAK = r"(?=关于)|(?<=关于)|(?<=年度)|(?<=的)|(?=《)|(?<=》)"
_BOOK_TITLE = re.compile(r"《[^《》]*》")
_MAX_TOKENS = 24  # keeps the search over line breaks small; real titles have far fewer


def text_width(text: str) -> float:
    """Return the width of text in 字: 1 for CJK and full-width, ½ for Latin letters and digits."""
    return sum(map(_WIDTHS.__getitem__, text))


class _Widths(dict[str, float]):
    """The width of each character met so far: breaking a title measures the same characters
    in hundreds of candidate lines (the characters in use are a few thousand at most)."""

    def __missing__(self, char: str) -> float:
        width = self[char] = 0.5 if unicodedata.east_asian_width(char) in ("Na", "H", "N") else 1.0
        return width


_WIDTHS = _Widths()


def break_title(segments: list[str], max_width: float = TITLE_MAX_WIDTH) -> list[str]:
    """Break the title into lines: as few as fit, whole words, a trapezoid or diamond shape.

    Verify's marks (marks.py) take no width: the lines break as the title without them does,
    each mark kept on the line of the value it precedes."""
    if not any(marks.START in s for s in segments):
        return [line.strip() for line in _lines(segments, max_width)]
    bare, starts = marks.split("".join(segments).replace(BREAK_MARK, ""))
    out, at = [], 0
    for line in _lines(list(map(marks.plain, segments)), max_width):
        out.append(marks.strip(marks.cut(bare, starts, at, at + len(line))))
        at += len(line)
    return out


def _lines(segments: list[str], max_width: float) -> list[str]:
    """The title's lines, unstripped: together they are the segments without BREAK_MARK."""
    books = [text_width(b) for s in segments for b in _BOOK_TITLE.findall(s.replace(BREAK_MARK, ""))]
    max_width = max([max_width, *[min(w, TITLE_FULL_WIDTH) for w in books]])
    tokens = _tokens(segments, max_width)
    if not tokens:
        return []
    widths = [text_width(token) for token in tokens]  # a line's width: the sum of its tokens'
    best: list[str] | None = None
    for count in range(1, len(tokens) + 1):
        fitting = list(_partitions(tokens, widths, count, max_width))
        shaped = [lines for lines in fitting if _shape_ok(lines[1])]
        if shaped:
            return min(shaped, key=_score)[0]
        best = best or (min(fitting, key=_score)[0] if fitting else None)
    return best or ["".join(tokens)]


def _tokens(segments: list[str], max_width: float) -> list[str]:
    """Split the segments into unbreakable pieces, never breaking inside 《》."""
    tokens: list[str] = []
    for segment in segments:
        for piece in _merge_titles(segment.split(BREAK_MARK)):
            if text_width(piece) > max_width:
                tokens.extend(_split_wide(piece, max_width))
            elif piece:
                tokens.append(piece)
    while len(tokens) > _MAX_TOKENS:
        tokens[:2] = ["".join(tokens[:2])]
    return tokens


def _merge_titles(pieces: list[str]) -> list[str]:
    """Join pieces whose boundary falls inside a 《》 title."""
    merged: list[str] = []
    for piece in pieces:
        if merged and merged[-1].count("《") > merged[-1].count("》"):
            merged[-1] += piece
        else:
            merged.append(piece)
    return merged


def _split_wide(piece: str, max_width: float) -> list[str]:
    """Split a piece wider than a line at soft breaks, then, if still too wide, by width."""
    cuts = [m.start() for m in re.finditer(_SOFT_BREAK, piece)]
    places = re.compile(_PLACE)
    place = places.match(piece)
    while place:
        cuts.append(place.end())
        place = places.match(piece, place.end())
    cuts = sorted({c for c in cuts if 0 < c < len(piece)})
    parts = _merge_titles([piece[a:b] for a, b in zip([0, *cuts], [*cuts, len(piece)])])
    out: list[str] = []
    for part in parts:
        out.extend(_split_by_width(part, max_width) if text_width(part) > max_width else [part])
    return [p for p in out if p]


def _split_by_width(text: str, max_width: float) -> list[str]:
    """Last resort: cut at the width, keeping closing punctuation off a line start."""
    lines, line = [], ""
    for char in text:
        if text_width(line + char) > max_width and char not in _CLOSING and line[-1:] not in _OPENING:
            lines.append(line)
            line = ""
        line += char
    return [*lines, line]


def _partitions(tokens: list[str], widths: list[float], count: int,
                max_width: float) -> Iterator[tuple[list[str], list[float]]]:
    """Every way to join the tokens (of those widths), in order, into count lines no wider
    than max_width: the lines and their widths. Lines too wide are pruned as they are built:
    listing every split first took minutes for a long title (2^23 splits of 24 tokens)."""
    if count == 1:
        if tokens and sum(widths) <= max_width:
            yield ["".join(tokens)], [sum(widths)]
        return
    width = 0.0
    for end in range(1, len(tokens) - count + 2):
        width += widths[end - 1]
        if width > max_width:
            break
        first = "".join(tokens[:end])
        for lines, rest in _partitions(tokens[end:], widths[end:], count - 1, max_width):
            yield [first, *lines], [width, *rest]


def _shape_ok(widths: list[float]) -> bool:
    """A trapezoid (line widths strictly growing or shrinking) or a diamond (up, then down)."""
    steps = [b - a for a, b in itertools.pairwise(widths)]
    if any(abs(s) < 1 for s in steps):
        return False  # equal neighbours make a rectangle, not a trapezoid
    return "-+" not in "".join("+" if s > 0 else "-" for s in steps)  # no step up after a down


def _score(candidate: tuple[list[str], list[float]]) -> float:
    """Lower is better: steps near the ideal, and a title that widens downwards or is a diamond."""
    steps = [b - a for a, b in itertools.pairwise(candidate[1])]
    narrowing = bool(steps) and all(s < 0 for s in steps)
    return sum(abs(abs(s) - _IDEAL_STEP) for s in steps) + (_IDEAL_STEP if narrowing else 0)


def signature_indents(signature: str, date: str) -> tuple[float, float]:
    """Return the right indents, in 字, of a one-line 署名 and the 成文日期 (GB/T 9704 7.3.5.2).

    The 署名 is 右空二字 and the date starts two characters right of the 署名's first
    character. When that would bring the date closer than two characters to the right edge
    (the standard's case of a date longer than the 署名), the date is 右空二字 and the 署名
    moves left to keep the two-character offset.
    """
    if not signature:
        return 0.0, 2.0
    lines, date_right = signature_block(signature.split("\n"), date)
    return lines[0], date_right


#: Characters of a 三号 line in the 版心 (GB/T 9704 7.3.3).
LINE_CHARS = 28.0


def signature_block(lines: list[str], date: str, sealed: bool = False) -> tuple[list[float], float]:
    """Return the right indents, in 字, of each 署名 line (one organ a line) and of the date.

    Without a seal (7.3.5.2) the organs line up on their first character, the widest 右空二字,
    the date starting two characters right of them (or 右空二字 when it is longer, the
    organs moving left). With a seal (7.3.5.1) the date is 右空四字 and each organ is centred
    over it. An indent never pushes a line past the left margin.
    """
    widths = [text_width(line) for line in lines]
    day = text_width(date)
    if not widths:
        return [], 4.0 if sealed else 2.0
    if sealed:
        centre = 4.0 + day / 2
        return [max(0.0, min(centre - w / 2, LINE_CHARS - w)) for w in widths], 4.0
    widest = max(widths)
    base = max(2.0, day - widest + 4)
    return [max(0.0, min(base + widest - w, LINE_CHARS - w)) for w in widths], max(0.0, min(
        base + widest - 2 - day, LINE_CHARS - day))


def signer_line(number: str, signer: str, width: float = LINE_CHARS) -> str:
    """The 发文字号 左空一字 and 签发人 右空一字 on one line of plain text (GB/T 9704 7.2.4–7.2.5)."""
    return signer_lines(number, [signer], width)[0]


def attachment_indents(lines: tuple[str, ...] | list[str], indent: float) -> list[tuple[float, float]]:
    """Return (left, hanging) in 字 for each 附件说明 line (GB/T 9704 7.3.4).

    The first line starts 左空二字 with its label ("附件：1."); later items ("2.") line up under
    "1.", and wrapped lines of every item under the first character of its name.
    """
    label = re.match(r"^(.*?：)?(\d+[.．])?", lines[0]) if lines else None
    colon = text_width(label[1] or "") if label else 0.0
    indents = []
    for i, line in enumerate(lines):
        number = re.match(r"^(.*?：)?(\d+[.．])?", line) if i == 0 else re.match(r"^(\d+[.．])?", line)
        own = text_width(number[0]) if number else 0.0
        start = indent if i == 0 else indent + colon
        indents.append((start + own, own))
    return indents


SIGNER_LABEL = "签发人："
#: Centre to centre, lines between rows of sealed organs: a 42 mm seal spans ~4.1 lines of
#: 10.2 mm, so rows 5 lines apart keep the seals from touching (GB/T 9704 7.3.5.1).
SEAL_ROW_LINES = 5
#: A 42 mm seal in 字 of 5.56 mm, rounded up: seals centred this far apart do not touch.
SEAL_CHARS = 8.0


def signer_grid(signers: list[str], width: float = LINE_CHARS) -> tuple[float, float, list[list[str]]]:
    """Where the 签发人 go (GB/T 9704 7.2.5): the label's start and the second name column's
    offset from the first, in 字 from the left margin, and the names two a row.

    The block is 右空一字; names take columns as wide as the widest name, one 字 apart, in
    the organs' order left to right, top to bottom; wrapped rows start under the first name.
    """
    column = max(map(text_width, signers), default=0.0)
    per_row = 2 if len(signers) > 1 else 1
    block = text_width(SIGNER_LABEL) + column * per_row + (per_row - 1)
    rows = [signers[i:i + per_row] for i in range(0, len(signers), per_row)]
    return max(0.0, width - 1 - block), column + 1, rows


def signer_lines(number: str, signers: list[str], width: float = LINE_CHARS) -> list[str]:
    """The 签发人 rows of plain text, the 发文字号 左空一字 on the last one (7.2.4–7.2.5)."""
    start, step, rows = signer_grid(signers, width)
    first = start + text_width(SIGNER_LABEL)
    lines = []
    for i, row in enumerate(rows):
        pieces = [(1.0, number)] if i == len(rows) - 1 and number else []
        pieces += [(start, SIGNER_LABEL)] if i == 0 else []
        pieces += [(first + step * k, name) for k, name in enumerate(row)]
        lines.append(_place(pieces) + "\u3000")
    return lines


def _place(pieces: list[tuple[float, str]]) -> str:
    """Text pieces at columns (in 字), padded with full- and half-width spaces; a piece that
    would overlap the one before follows it one 字 apart."""
    out, at = "", 0.0
    for column, text in pieces:
        gap = column - at if column >= at else 1.0
        out += "\u3000" * int(gap) + " " * round((gap - int(gap)) * 2) + text
        at += gap + text_width(text)
    return out


def seal_rows(organs: list[str], date: str, width: float = LINE_CHARS) -> list[list[tuple[str, float]]]:
    """Joint sealed 署名 (GB/T 9704 7.3.5.1): rows of (organ, centre in 字 from the left margin).

    Two organs a row, in order: the right one centred over the date (右空四字), as a single
    organ is, the left one mirrored at the same distance from the left margin, so the two
    seals sit apart inside the 版心 (moved out to the margins when the names are long). An
    odd last organ stands alone over the date, keeping the columns. A pair too wide to keep
    apart goes one a row. Rows are SEAL_ROW_LINES apart (the writer).
    """
    right = width - 4 - text_width(date) / 2
    rows: list[list[tuple[str, float]]] = []
    for i in range(0, len(organs), 2):
        pair = organs[i:i + 2]
        if len(pair) == 1:
            rows.append([(pair[0], _clamp(right, pair[0], width))])
            continue
        (a, b), (wa, wb) = pair, map(text_width, pair)
        ca, cb = _clamp(width - right, a, width), _clamp(right, b, width)
        if not _apart(ca, cb, wa, wb):
            ca, cb = _clamp(0, a, width), _clamp(width, b, width)
        if not _apart(ca, cb, wa, wb):
            rows += [[(a, _clamp(right, a, width))], [(b, _clamp(right, b, width))]]
        else:
            rows.append([(a, ca), (b, cb)])
    return rows


def _apart(ca: float, cb: float, wa: float, wb: float) -> bool:
    """Two organs side by side: their names two 字 apart, their seals clear of each other."""
    return ca + wa / 2 + 2 <= cb - wb / 2 and cb - ca >= SEAL_CHARS


def _clamp(centre: float, text: str, width: float) -> float:
    """A centre that keeps text, and a seal over it, inside the line."""
    half = max(text_width(text), SEAL_CHARS) / 2
    return min(max(centre, half), max(half, width - half))
