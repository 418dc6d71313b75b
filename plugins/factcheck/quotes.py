"""Prove that a quote is verbatim: find it in its source, tolerant only of typography.

Owns quote matching. Whitespace (including non-breaking spaces), curly versus
straight quotation marks, dashes and ellipses differ between copies of the same
text without changing a word, so they are normalised; anything else is a
different quote. Positions map back to the original text so the exact
published characters can be highlighted.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

_TRANSLATE = {
    **dict.fromkeys("‘’‚‛′`", "'"),
    **dict.fromkeys("“”„‟″«»", '"'),
    **dict.fromkeys("‐‑‒–—―−", "-"),
    "…": "...",
}
_DROP = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")


_TABLE = str.maketrans({**_TRANSLATE, **dict.fromkeys(_DROP)})


def normalised(text: str) -> str:
    """The same text as `normalise(text)[0]`, at C speed, without the position map."""
    return " ".join(text.translate(_TABLE).split())


_RUNS = re.compile("[\\s" + re.escape("".join(_DROP)) + "]+|[" + re.escape("".join(_TRANSLATE)) + "]")


def normalise(text: str) -> tuple[str, list[int]]:
    """Return the normalised text and, for each of its characters, the original index.

    Ordinary characters are copied in chunks; only whitespace runs, invisible
    characters and typographic marks are looked at one by one.
    """
    parts: list[str] = []
    origin: list[int] = []
    position = length = 0
    for found in _RUNS.finditer(text):
        start, end = found.span()
        if start > position:
            parts.append(text[position:start])
            origin.extend(range(position, start))
            length += start - position
        token = found.group()
        if token in _TRANSLATE:
            replacement = _TRANSLATE[token]
            parts.append(replacement)
            origin.extend([start] * len(replacement))
            length += len(replacement)
        elif length and end < len(text) and set(token) - _DROP:
            # A run with whitespace between two words becomes one space.
            parts.append(" ")
            origin.append(end - 1)
            length += 1
        position = end
    if position < len(text):
        parts.append(text[position:])
        origin.extend(range(position, len(text)))
    return "".join(parts), origin


@dataclass(frozen=True)
class Match:
    """Where a quote sits in a paragraph, in original character offsets."""

    paragraph: int
    start: int
    end: int


class SourceText:
    """A source's paragraphs, normalised once so each quote costs one search."""

    def __init__(self, paragraphs: Sequence[str]) -> None:
        self.paragraphs = list(paragraphs)
        self._starts: list[int] = []
        parts: list[str] = []
        offset = 0
        for text in self.paragraphs:
            normal = normalised(text)
            self._starts.append(offset)
            parts.append(normal)
            offset += len(normal) + 1
        # Normalised text holds no newline, so a match never spans two paragraphs.
        self._joined = "\n".join(parts)
        self._unchanged = [normal == text for normal, text in zip(parts, self.paragraphs, strict=True)]

    def find(self, quote: str) -> Match | None:
        """Locate `quote`; None when it is not in any paragraph verbatim."""
        needle = normalised(quote)
        at = self._joined.find(needle) if needle else -1
        # A quote starts and ends on word boundaries: "the futur" is not a quote of "the future".
        while at >= 0 and not self._on_word_boundaries(at, at + len(needle)):
            at = self._joined.find(needle, at + 1)
        if at < 0:
            return None
        number = bisect.bisect_right(self._starts, at) - 1
        local = at - self._starts[number]
        if self._unchanged[number]:  # plain text: normalised positions are the original ones
            return Match(number, local, local + len(needle))
        _, origin = normalise(self.paragraphs[number])  # positions only for the paragraph that matched
        return Match(number, origin[local], origin[local + len(needle) - 1] + 1)

    def _on_word_boundaries(self, start: int, end: int) -> bool:
        text = self._joined
        cut_before = start > 0 and text[start - 1].isalnum() and text[start].isalnum()
        cut_after = end < len(text) and text[end].isalnum() and text[end - 1].isalnum()
        return not (cut_before or cut_after)


def verify_quote(quote: str, paragraphs: Sequence[str]) -> Match | None:
    """Find `quote` in one of `paragraphs`; None when it is not there verbatim."""
    return SourceText(paragraphs).find(quote)


@dataclass(frozen=True)
class NearMiss:
    """The passage most like a quote that was not found, and where they differ."""

    paragraph: int
    passage: str
    quote_part: str
    source_part: str


def closest_passage(quote: str, paragraphs: Sequence[str]) -> NearMiss | None:
    """The passage that best matches `quote`, for an error message. Slow; errors only.

    Matching runs on normalised text, but everything returned is cut from the
    original characters, so a curly quotation mark shows as curly.
    """
    needle, needle_origin = normalise(quote)
    if not needle:
        return None
    best: tuple[float, int, int, int] | None = None
    for number, text in enumerate(paragraphs):
        haystack, _ = normalise(text)
        start, end = _aligned_window(needle, haystack)
        score = difflib.SequenceMatcher(None, needle, haystack[start:end], autojunk=False).ratio()
        if best is None or score > best[0]:
            best = (score, number, start, end)
    if best is None or best[0] < 0.5:
        return None
    _, number, start, end = best
    text = paragraphs[number]
    haystack, origin = normalise(text)
    window = haystack[start:end]

    def original(source: str, where: list[int], a: int, b: int) -> str:
        return source[where[a] : where[b - 1] + 1] if b > a else ""

    (qa, qb), (pa, pb) = _first_difference(needle, window)
    return NearMiss(
        number,
        original(text, origin, start, end),
        original(quote, needle_origin, qa, qb),
        original(text, origin, start + pa, start + pb),
    )


def _aligned_window(needle: str, haystack: str) -> tuple[int, int]:
    """(start, end) of the stretch of `haystack` that lines up with `needle`, whole words."""
    anchor = difflib.SequenceMatcher(None, needle, haystack, autojunk=False).find_longest_match(
        0, len(needle), 0, len(haystack)
    )
    pad = len(needle) // 4 + 4
    offset = max(0, anchor.b - anchor.a - pad)
    region = haystack[offset : anchor.b - anchor.a + len(needle) + pad]
    blocks = [b for b in difflib.SequenceMatcher(None, needle, region, autojunk=False).get_matching_blocks() if b.size]
    if not blocks:
        return offset, offset + min(len(needle), len(region))
    start = max(0, blocks[0].b - blocks[0].a)
    end = min(len(region), blocks[-1].b + blocks[-1].size + (len(needle) - blocks[-1].a - blocks[-1].size))
    start, end = start + offset, end + offset
    while start > 0 and haystack[start - 1].isalnum() and haystack[start].isalnum():
        start -= 1
    while end < len(haystack) and haystack[end].isalnum() and haystack[end - 1].isalnum():
        end += 1
    return start, end


def _first_difference(quote: str, passage: str, context: int = 12) -> tuple[tuple[int, int], tuple[int, int]]:
    """Index ranges, in quote and passage, around the first place they differ."""
    matcher = difflib.SequenceMatcher(None, quote, passage, autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag != "equal":
            return (max(0, a1 - context), min(len(quote), a2 + context)), (
                max(0, b1 - context),
                min(len(passage), b2 + context),
            )
    return (max(0, len(quote) - context), len(quote)), (max(0, len(passage) - context), len(passage))
