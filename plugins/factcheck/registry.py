"""The permalink registry's file format: what `content/permalinks.txt` says, line by line.

Owns reading, writing and comparing the registry text, and nothing about the
site (`permalinks` checks the registry against the site). Three kinds of line,
so a registry written before anchors and redirects existed stays valid:

    /claims/some-slug/                        a URL the site has published
    /sources/some-slug/#p3 0123456789abcdef   a paragraph, with a fingerprint of its text
    /claims/old-slug/ -> /claims/new-slug/    a declared redirect

Lines are only ever added: `make permalinks` keeps every line it read, and
`lost_lines` lists what a newer registry dropped, for CI to refuse.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .model import Problem

FINGERPRINT_LENGTH = 16  # 64 bits: a crafted paragraph with a registered fingerprint is out of reach
HEADER = (
    "# Every URL this site has published: people cite these. Never delete or change a line.\n"
    "# `/sources/<slug>/#pN <fingerprint>`: paragraph N and its text, which must never change.\n"
    "# `/claims/old/ -> /claims/new/`: a declared redirect (renamed claim, claimant or topic).\n"
    "# Add new URLs with `make permalinks`; CI fails a pull request that loses a line.\n"
)
_URL = r"/(?:[\w.~%-]+/)*(?:[\w.~%-]+\.[a-z]+)?"
URL = re.compile(_URL)
ANCHOR = re.compile(rf"({_URL})#p([1-9][0-9]*)")
FINGERPRINT = re.compile(f"[0-9a-f]{{{FINGERPRINT_LENGTH}}}")
LINE_FORMS = "`/url/`, `/sources/<slug>/#pN <fingerprint>` or `/old/ -> /new/`"
MAX_REPORTED = 20  # unreadable lines reported one by one; a pasted file gets one more line, not thousands
MAX_LINE_CHARS = 400  # a redirect between two 100-character slugs is about 250: longer is not a registry line


@dataclass(frozen=True)
class Entry:
    """One registry line: a URL, an anchor with its fingerprint, or a redirect with its target."""

    line: int
    url: str
    fingerprint: str | None = None
    target: str | None = None

    def __str__(self) -> str:
        if self.target:
            return f"{self.url} -> {self.target}"
        return f"{self.url} {self.fingerprint}" if self.fingerprint else self.url


@dataclass
class Registry:
    """The parsed registry; `exists` is False when there is no file at all."""

    path: str
    exists: bool
    urls: dict[str, Entry] = field(default_factory=dict)
    anchors: dict[str, Entry] = field(default_factory=dict)
    redirects: dict[str, Entry] = field(default_factory=dict)

    def lines(self) -> list[str]:
        return [str(e) for group in (self.urls, self.anchors, self.redirects) for e in group.values()]


def read_registry(path: str, text: str | None, problems: list[Problem]) -> Registry:
    """Parse the registry; each line it cannot read is one error."""
    registry = Registry(path, text is not None)
    unreadable = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        words = line.split()
        if not words or words[0].startswith("#"):
            continue
        entry = _entry(number, words) if len(line) <= MAX_LINE_CHARS else None  # never echo a pasted megabyte
        if entry is None:
            unreadable.append(number)
            continue
        group = registry.redirects if entry.target else registry.anchors if entry.fingerprint else registry.urls
        first = group.setdefault(entry.url, entry)
        if str(first) != str(entry):
            what = "redirected" if entry.target else "fingerprinted"
            problems.append(
                Problem(
                    path,
                    number,
                    f"{entry.url} is {what} twice: line {first.line} says `{first}`, this line `{entry}`",
                    "a registered line never changes: delete this line and keep the one the main branch has",
                )
            )
    for number in unreadable[:MAX_REPORTED]:
        problems.append(Problem(path, number, "this line is not a registry line", f"each line is {LINE_FORMS}"))
    if len(unreadable) > MAX_REPORTED:
        problems.append(
            Problem(
                path,
                unreadable[MAX_REPORTED],
                f"and {len(unreadable) - MAX_REPORTED} more lines that are not registry lines",
                f"each line is {LINE_FORMS}; restore the file from the main branch",
            )
        )
    return registry


def _entry(number: int, words: list[str]) -> Entry | None:
    if len(words) == 1 and URL.fullmatch(words[0]):
        return Entry(number, words[0])
    if len(words) == 2 and ANCHOR.fullmatch(words[0]) and FINGERPRINT.fullmatch(words[1]):
        return Entry(number, words[0], fingerprint=words[1])
    if len(words) == 3 and words[1] == "->" and URL.fullmatch(words[0]) and URL.fullmatch(words[2]):
        return Entry(number, words[0], target=words[2])
    return None


def anchor_number(url: str) -> int | None:
    """N of `/sources/<slug>/#pN`."""
    match = ANCHOR.fullmatch(url)
    return int(match.group(2)) if match else None


def registry_text(lines: Iterable[str]) -> str:
    """The file: the header, then each line once, grouped by page and anchors in paragraph order."""

    def order(line: str) -> tuple[str, int, str]:
        url = line.split()[0]
        base, _, anchor = url.partition("#")
        return base, int(anchor[1:]) if anchor else 0, line

    return HEADER + "".join(f"{line}\n" for line in sorted(set(lines), key=order))


def lost_lines(before: str, after: str | None) -> list[tuple[str, str | None]]:
    """Each line of `before` that `after` lacks, with the line that replaced it (same URL and kind) if any."""
    ignored: list[Problem] = []
    old = read_registry("", before, ignored).lines()
    new = read_registry("", after, ignored)
    kept = set(new.lines())
    replaced = {(kind, e.url): str(e) for kind, group in _groups(new) for e in group.values()}
    lost = []
    for line in old:
        if line not in kept:
            entry = _entry(0, line.split())
            assert entry is not None  # `old` holds only lines read_registry parsed, written back as they were
            kind = "redirect" if entry.target else "anchor" if entry.fingerprint else "url"
            lost.append((line, replaced.get((kind, entry.url))))
    return lost


def _groups(registry: Registry):
    return (("url", registry.urls), ("anchor", registry.anchors), ("redirect", registry.redirects))
