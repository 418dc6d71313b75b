"""The fact-check domain as plain typed data: verdicts, sources, claims.

Owns the shapes every later stage agrees on. It must not import Pelican, read
files or render HTML: readers build these objects, renderers only consume them.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field


@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, the month or the day.

    Claims are often dated only to a month ("December 2020"); inventing a day
    would be false precision, so the model keeps what is known.
    """

    year: int
    month: int | None = None
    day: int | None = None

    def isoformat(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
        if self.day:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def earliest(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> dt.date:
        if self.day:
            return self.earliest()
        if self.month:
            next_month = dt.date(self.year + self.month // 12, self.month % 12 + 1, 1)
            return next_month - dt.timedelta(days=1)
        return dt.date(self.year, 12, 31)

    def human(self) -> str:
        """'21 December 2020', 'December 2020' or '2020'."""
        if self.day:
            return f"{self.day} {self.earliest():%B %Y}"
        if self.month:
            return f"{self.earliest():%B %Y}"
        return str(self.year)

    def __str__(self) -> str:
        return self.isoformat()


@dataclass(frozen=True)
class Verdict:
    """One step of the published rating scale."""

    key: str
    label: str
    description: str
    rating: int
    colour: str


@dataclass(frozen=True)
class VerdictScale:
    """The whole scale, in the order readers see it."""

    verdicts: tuple[Verdict, ...]

    def get(self, key: str) -> Verdict | None:
        return next((v for v in self.verdicts if v.key == key), None)

    @property
    def keys(self) -> list[str]:
        return [v.key for v in self.verdicts]

    @property
    def best_rating(self) -> int:
        return max(v.rating for v in self.verdicts)

    @property
    def worst_rating(self) -> int:
        return min(v.rating for v in self.verdicts)


@dataclass
class Paragraph:
    """One paragraph of an archived source; `anchor` is its permanent id."""

    number: int
    text: str

    @property
    def anchor(self) -> str:
        return f"p{self.number}"


@dataclass
class Source:
    """A document as it was published, with what is known about its origin."""

    slug: str
    path: str
    title: str
    publisher: str
    author: str | None
    published: PartialDate | None
    kind: str
    paragraphs: list[Paragraph]
    url: str | None = None
    date_note: str | None = None
    based_on: str | None = None
    note: str | None = None
    fingerprint: str = ""  # digest of the file it was read from, for incremental rebuilds


@dataclass
class Appearance:
    """Where a claim appears: a verbatim quote located in one source paragraph."""

    source_slug: str
    quote: str
    line: int
    source_line: int
    paragraph: Paragraph | None = None
    start: int = 0
    end: int = 0

    @property
    def found_in(self) -> Paragraph:
        """The paragraph holding the quote: set by linking, which publishes no claim whose quote it cannot find."""
        assert self.paragraph is not None, f"quote in `{self.source_slug}` read before linking located it"
        return self.paragraph


@dataclass
class Copy:
    """A syndicated copy of an outlet's story: where we read it, never cited as the outlet."""

    outlet: str
    url: str | None = None
    headline: str | None = None
    date: PartialDate | None = None


@dataclass
class EvidenceItem:
    """One published item of the evidence library, described once and cited by `key` from claims.

    `outlet` is the original outlet; `copies` are the syndicated copies we read
    it through; `note` says how we read it (the claim that cites it says what it shows).
    """

    key: str
    path: str
    outlet: str
    headline: str
    date: PartialDate
    url: str | None = None
    archive_url: str | None = None
    copies: list[Copy] = field(default_factory=list)
    note: str | None = None
    fingerprint: str = ""  # digest of the file it was read from, for incremental rebuilds

    @property
    def described(self) -> bool:
        """Whether the headline is our [bracketed] description rather than the outlet's own words."""
        return self.headline.startswith("[")


@dataclass
class Evidence:
    """A claim's citation of a library item, with what the item shows for this claim."""

    key: str
    line: int
    note: str | None = None
    item: EvidenceItem | None = None  # set by linking, which publishes no claim citing an unknown item

    @property
    def cited(self) -> EvidenceItem:
        assert self.item is not None, f"evidence `{self.key}` read before linking resolved it"
        return self.item

    # What a page shows of the item, read through the citation.
    outlet = property(lambda self: self.cited.outlet)
    headline = property(lambda self: self.cited.headline)
    date = property(lambda self: self.cited.date)
    url = property(lambda self: self.cited.url)


@dataclass
class Update:
    """A dated entry of a claim's updates log; a verdict change is a correction."""

    date: dt.date
    note: str
    previous_verdict: str | None = None
    new_verdict: str | None = None  # what a verdict change changed it to: the next change's previous, or the current


@dataclass
class Claimant:
    """Who made a claim; `kind` is 'person' or 'organization' (schema.org)."""

    name: str
    kind: str
    slug: str


@dataclass
class Claim:
    """A contested statement, its verdict and the reasoning behind it."""

    slug: str
    path: str
    claim: str
    headline: str
    claimant: Claimant
    claim_date: PartialDate
    verdict: Verdict
    conclusion: str
    appearances: list[Appearance]
    evidence: list[Evidence]
    reviewer: str
    published: dt.date
    body: str
    body_line: int
    updates: list[Update] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    fingerprint: str = ""  # digest of the file it was read from, for incremental rebuilds
    claimant_line: int = 1  # where the file names the claimant and each tag, for cross-file messages
    tag_lines: list[int] = field(default_factory=list)

    @property
    def modified(self) -> dt.date:
        return max([self.published, *(u.date for u in self.updates)])


MAX_PROBLEMS_PER_FILE = 20  # a pasted or generated file gets 20 lines and a count, not 190,000 lines
MAX_QUOTED_CHARS = 80  # a value quoted in a message; the file has the rest


@dataclass(frozen=True)
class Problem:
    """A content error or warning, located so an editor can jump to it."""

    path: str
    line: int
    message: str
    fix: str = ""
    severity: str = "error"

    def __str__(self) -> str:
        """One problem, one line, safe for a terminal: editors and CI annotations parse `file:line: message`.

        Paths and messages come from a pull request: a file named with `ESC[8m`
        could hide what follows, so every character that is not printable is
        shown as an escape (`\x1b`), and whitespace in a message (a quoted
        passage's line breaks) becomes one space.
        """
        path = "".join(c if c.isprintable() or c == " " else _escape(c) for c in self.path)
        text = f"{path}:{self.line}: {self.severity}: {_one_line(self.message)}"
        return f"{text} — {_one_line(self.fix)}" if self.fix else text


def _one_line(text: str) -> str:
    text = " ".join(text.split())  # every kind of whitespace, line breaks included, is a space
    if text.isprintable():  # the usual case, at C speed
        return text
    return "".join(_escape(c) if unicodedata.category(c).startswith("C") else c for c in text)


_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(character: str) -> str:
    """`\\n`, `\\x1b`, `\\u202e`: the character as Python writes it in a string."""
    if character in _ESCAPES:
        return _ESCAPES[character]
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def excerpt(value: object, limit: int = MAX_QUOTED_CHARS) -> str:
    """`value` as text, cut to `limit` characters with an ellipsis: a message quotes a value, never a whole file."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def capped(problems: list[Problem], limit: int = MAX_PROBLEMS_PER_FILE) -> list[Problem]:
    """At most `limit` problems per file, the first by line, then one line saying how many more there are.

    (One problem more than `limit` is shown itself: a line saying "1 more" would hide it for nothing.)
    """
    by_file: dict[str, list[Problem]] = {}
    for problem in problems:
        by_file.setdefault(problem.path, []).append(problem)
    if all(len(found) <= limit + 1 for found in by_file.values()):
        return problems
    kept: list[Problem] = []
    for path, found in by_file.items():
        if len(found) <= limit + 1:
            kept += found
            continue
        found = sorted(found, key=lambda p: p.line)
        rest = found[limit:]
        severity = "error" if any(p.severity == "error" for p in rest) else "warning"
        message = f"… and {len(rest):,} more problems in this file"
        kept += [*found[:limit], Problem(path, rest[0].line, message, "fix the ones above, then check again", severity)]
    return kept
