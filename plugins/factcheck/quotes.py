"""Prove that a quote is verbatim: find it in its source, tolerant only of typography.

Owns quote matching. Whitespace (including non-breaking spaces), curly versus
straight quotation marks, dashes and ellipses differ between copies of the same
text without changing a word, so they are normalised, and so is how accented
letters are encoded (NFC: "o" followed by a combining acute is "ó"); anything
else is a different quote. Positions map back to the original text so the exact
published characters can be highlighted.
"""

from __future__ import annotations

import bisect
import difflib
import heapq
import itertools
import re
import unicodedata
from collections import Counter
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
    collapsed = " ".join(text.translate(_TABLE).split())
    return "".join(unicodedata.normalize("NFC", piece) for piece in _stream_safe(collapsed))


# Characters NFC may reorder: combining marks, and three Tibetan vowel signs made of them.
_MARKS = "".join(c for c in map(chr, range(0x300, 0x20000)) if unicodedata.combining(c)) + "\u0f73\u0f75\u0f81"
_MARK_RUN = re.compile(f"[{re.escape(_MARKS)}]{{30}}")


def _stream_safe(text: str) -> list[str]:
    """`text` cut after every 30 marks in a row (Unicode's stream-safe limit), each piece composed alone.

    CPython sorts a run of marks in quadratic time: 200 KB of them would hold the build for
    minutes. No script needs more than a few on one letter.
    """
    cuts = [found.end() for found in _MARK_RUN.finditer(text)]
    return [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]


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
    return _composed("".join(parts), origin)


def _composed(text: str, origin: list[int]) -> tuple[str, list[int]]:
    """`text` in NFC, each character mapped to where its original starts (`_end` finds where it ends).

    Text is cut where NFC cannot reach across (before a character that neither is a
    combining mark nor composes with what precedes it), and each piece composed alone.
    """
    pieces = _stream_safe(text)
    whole = "".join(unicodedata.normalize("NFC", piece) for piece in pieces)
    if whole == text:
        return text, origin
    cuts = set(itertools.accumulate(map(len, pieces)))
    parts: list[str] = []
    mapped: list[int] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i < len(text) and i not in cuts and not _starts_anew(text[start:i], text[i]):
            continue
        piece = text[start:i]
        composed = unicodedata.normalize("NFC", piece)
        # The first character starts the piece; a later one where it stands in the piece (marks
        # NFC reordered), or where the one before it started (a new composed letter).
        at = 0
        mapped.append(origin[start])
        for character in composed[1:]:
            at = max(at, piece.find(character, at + 1))
            mapped.append(origin[start + at])
        parts.append(composed)
        start = i
    if "".join(parts) != whole:  # NFC's rules say this cannot be; the text must still be normalised()'s
        return whole, [origin[min(i, len(origin) - 1)] for i in range(len(whole))]
    return whole, mapped


def _starts_anew(before: str, character: str) -> bool:
    """Whether NFC leaves `character` and everything after it apart from `before`."""
    if character < "\u0300":  # ASCII and Latin-1 never combine with what precedes them
        return True
    nfc = unicodedata.normalize
    return (
        not unicodedata.combining(character)
        and not unicodedata.combining(unicodedata.normalize("NFD", character)[0])
        and nfc("NFC", before + character) == nfc("NFC", before) + nfc("NFC", character)
    )


def _end(text: str, at: int) -> int:
    """Where the original character at `at` ends, with the marks NFC composed into it (a decomposed "ó")."""
    end = at + 1
    while end < len(text) and text[end] >= "\u0300" and len(unicodedata.normalize("NFC", text[at : end + 1])) == 1:
        end += 1
    return end


@dataclass(frozen=True)
class Match:
    """Where a quote sits in a paragraph, in original character offsets."""

    paragraph: int
    start: int
    end: int


class SourceText:
    """A source's paragraphs, normalised once so each quote costs one linear search."""

    def __init__(self, paragraphs: Sequence[str]) -> None:
        self.paragraphs = list(paragraphs)
        self._normal = [normalised(text) for text in self.paragraphs]
        self._starts: list[int] = []
        offset = 0
        for normal in self._normal:
            self._starts.append(offset)
            offset += len(normal) + 1
        # Normalised text holds no newline, so a match never spans two paragraphs.
        self._joined = "\n".join(self._normal)
        self._unchanged = [normal == text for normal, text in zip(self._normal, self.paragraphs, strict=True)]
        self._words: list[frozenset[str]] | None = None

    def find(self, quote: str) -> Match | None:
        """Locate `quote`; None when it is not in any paragraph verbatim."""
        needle = normalised(quote)
        at = _find_on_word_boundaries(needle, self._joined) if needle else -1
        if at < 0:
            return None
        number = bisect.bisect_right(self._starts, at) - 1
        local = at - self._starts[number]
        if self._unchanged[number]:  # plain text: normalised positions are the original ones
            return Match(number, local, local + len(needle))
        _, origin = normalise(self.paragraphs[number])  # positions only for the paragraph that matched
        return Match(number, origin[local], _end(self.paragraphs[number], origin[local + len(needle) - 1]))

    def closest(self, quote: str) -> NearMiss | None:
        """The passage most like `quote`, for an error message; see `closest_passage`."""
        needle, needle_origin = normalise(quote)
        words = list(map(str.lower, _WORD.findall(needle)))
        if not words:
            return None
        if self._words is None:
            self._words = [frozenset(map(str.lower, _WORD.findall(text))) for text in self._normal]
        wanted = frozenset(words)
        # Only the few paragraphs sharing most of the quote's words are looked at word by word.
        ranked = heapq.nlargest(CANDIDATES, ((len(wanted & have), -n) for n, have in enumerate(self._words)))
        best: tuple[int, int, int, int] | None = None  # (shared words, -paragraph, start, end)
        for shared, negative in ranked:
            if not shared:
                break
            score, start, end = _best_window(words, self._normal[-negative])
            if best is None or (score, negative) > best[:2]:
                best = (score, negative, start, end)
        if best is None or best[0] * 2 < len(words):
            return None
        _, negative, start, end = best
        number = -negative
        text = self.paragraphs[number]
        haystack, origin = normalise(text)
        start, end = _widen(haystack, start, end, needle)
        window = haystack[start:end]
        (qa, qb), (pa, pb) = _first_difference(needle, window)
        return NearMiss(
            number,
            _original(text, origin, start, end),
            _original(quote, needle_origin, qa, qb),
            _original(text, origin, start + pa, start + pb),
        )


def _find_on_word_boundaries(needle: str, haystack: str) -> int:
    """Where `needle` first occurs in `haystack` on word boundaries (see `_on_word_boundaries`); -1 if nowhere.

    Almost always the first occurrence is the one: `str.find` confirms it without
    compiling a pattern for each quote, which cost more than the search itself.
    """
    at = haystack.find(needle)
    if at < 0:
        return -1
    end = at + len(needle)
    starts_clean = at == 0 or not needle[0].isalnum() or not haystack[at - 1].isalnum()
    ends_clean = end == len(haystack) or not needle[-1].isalnum() or not haystack[end].isalnum()
    if starts_clean and ends_clean:
        return at
    found = _on_word_boundaries(needle).search(haystack, at + 1)
    return found.start() if found else -1


def _on_word_boundaries(needle: str) -> re.Pattern[str]:
    """`needle` as a pattern that matches only where it starts and ends on word boundaries.

    "the futur" is not a quote of "the future". The checks are lookarounds of
    fixed width, so the search stays one linear scan even when the needle
    occurs, cut, at every position of the source.
    """
    pattern = re.escape(needle)
    if needle[-1].isalnum():
        pattern += r"(?![^\W_])"
    if needle[0].isalnum():
        pattern += rf"(?<![^\W_].{{{len(needle)}}})"
    return re.compile(pattern, re.DOTALL)


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


CANDIDATES = 3  # paragraphs compared with a quote word by word
DIFF_SPAN = 160  # characters compared one by one after the common start: difflib is cubic at worst
_WORD = re.compile(r"[^\W_]+")


def closest_passage(quote: str, paragraphs: Sequence[str]) -> NearMiss | None:
    """The passage that best matches `quote`, for an error message.

    Bounded work, however long the source or hostile the quote: paragraphs are
    ranked by the quote's words they contain (set lookups), the best few are
    scanned once with a window as long as the quote, and only a short stretch
    after the longest common start is compared character by character.
    Matching runs on normalised text, but everything returned is cut from the
    original characters, so a curly quotation mark shows as curly. None when
    no stretch of the source holds half of the quote's words.
    """
    return SourceText(paragraphs).closest(quote)


def _best_window(words: list[str], haystack: str) -> tuple[int, int, int]:
    """(quote words matched, start, end) of the stretch of `haystack` most like the quote, in one pass.

    A window as many words long as the quote slides over the paragraph, keeping
    count of the quote's words inside it. The passage starts at the best
    window's first shared word and ends at its last, or where the quote's
    length takes it, on a whole word.
    """
    tokens = [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(haystack)]
    need = Counter(words)
    have: Counter[str] = Counter()
    size = min(len(words), len(tokens))
    shared = best = best_at = 0
    for i, (_, _, word) in enumerate(tokens):
        if have[word] < need[word]:
            shared += 1
        have[word] += 1
        if i >= size:
            leaving = tokens[i - size][2]
            have[leaving] -= 1
            if have[leaving] < need[leaving]:
                shared -= 1
        if shared > best:
            best, best_at = shared, max(0, i - size + 1)
    inside = [t for t in tokens[best_at : best_at + size] if t[2] in need] or tokens[best_at : best_at + 1]
    start = inside[0][0]
    end = min(len(haystack), max(inside[-1][1], start + sum(map(len, words)) + len(words) - 1))
    while end < len(haystack) and haystack[end - 1].isalnum() and haystack[end].isalnum():
        end += 1
    return best, start, len(haystack[:end].rstrip())


def _widen(haystack: str, start: int, end: int, needle: str) -> tuple[int, int]:
    """Take in the punctuation the quote has around its first and last words (a quotation mark, a full stop)."""
    lead = next(i for i, c in enumerate(needle) if c.isalnum())
    trail = next(i for i, c in enumerate(reversed(needle)) if c.isalnum())
    while lead and start > 0 and not haystack[start - 1].isalnum():
        start, lead = start - 1, lead - 1
    while trail and end < len(haystack) and not haystack[end].isalnum():
        end, trail = end + 1, trail - 1
    return start, end


def _first_difference(quote: str, passage: str, context: int = 12) -> tuple[tuple[int, int], tuple[int, int]]:
    """Index ranges, in quote and passage, around the first place they differ.

    The common start is skipped in one pass; difflib sees at most DIFF_SPAN
    characters of each, from a little before the first difference.
    """
    shorter = min(len(quote), len(passage))
    same = next((i for i in range(shorter) if quote[i] != passage[i]), shorter)
    back = max(0, same - context)
    a, b = quote[back : back + DIFF_SPAN], passage[back : back + DIFF_SPAN]
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag != "equal":
            return (back + max(0, a1 - context), back + min(len(a), a2 + context)), (
                back + max(0, b1 - context),
                back + min(len(b), b2 + context),
            )
    return (max(0, len(quote) - context), len(quote)), (max(0, len(passage) - context), len(passage))


def _original(source: str, where: list[int], a: int, b: int) -> str:
    """The original characters behind normalised positions a..b."""
    return source[where[a] : _end(source, where[b - 1])] if b > a else ""
