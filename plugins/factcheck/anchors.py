"""Cited paragraphs keep their text: each registered `/sources/<slug>/#pN` still shows what was cited.

Owns the paragraph fingerprint and the check of every registered anchor against
the source as it now reads. People cite paragraphs of archived sources, so a
paragraph inserted above them, or a word changed in them, would make every
citation show different text; the check refuses that and says where the text
went. Pure, and one pass: each paragraph is fingerprinted once per check.

The fingerprint is part of the registry's format, so what `quotes.normalised`
maps and how a source splits into paragraphs must never change: if they did,
every registered paragraph they touch would stop matching (the check of the
real content would say so).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict

from .linking import Site
from .model import Problem, Source
from .quotes import normalised
from .registry import FINGERPRINT_LENGTH, Entry, Registry, anchor_number
from .urls import source_url

ARCHIVED = (
    "sources are archived as published and people cite their paragraphs: restore the archived text; "
    "to archive a different version, add it as a new source file; never renumber a cited source"
)


def fingerprint(text: str) -> str:
    """A paragraph's fingerprint: blind to typography (as quotes are), never to a changed word."""
    return hashlib.sha256(normalised(text).encode("utf-8")).hexdigest()[:FINGERPRINT_LENGTH]


def unregistered_anchors(registry: Registry, site: Site) -> list[str]:
    """A registry line for each paragraph not registered yet; a registered one is never rewritten."""
    return [
        f"{url} {fingerprint(paragraph.text)}"
        for source in site.sources
        for paragraph in source.paragraphs
        if (url := f"/{source_url(source)}#{paragraph.anchor}") not in registry.anchors
    ]


def check_anchors(
    registry: Registry, site: Site, broken: set[str], problems: list[Problem], unregistered_severity: str = "warning"
) -> None:
    """Each registered paragraph still holds its registered text; new paragraphs should be registered.

    `broken` holds URLs of sources with errors of their own: they are skipped.
    An unregistered paragraph is reported with `unregistered_severity` (an error when publishing).
    """
    registered: dict[str, list[tuple[int, Entry]]] = defaultdict(list)
    for entry in registry.anchors.values():
        number = anchor_number(entry.url)
        assert number is not None  # read_registry files a line under anchors only when ANCHOR matches it
        registered[entry.url.partition("#")[0]].append((number, entry))
    sources = {"/" + source_url(s): s for s in site.sources}
    for base, anchors in registered.items():
        if base not in sources and base not in broken and base not in registry.urls:
            problems.append(
                Problem(
                    registry.path,
                    min(entry.line for _, entry in anchors),
                    f"registered paragraphs of {base} are no longer published",
                    f"restore the source file: {ARCHIVED}",
                )
            )
    for base, source in sources.items():
        prints = [fingerprint(p.text) for p in source.paragraphs]
        anchors = sorted(registered.get(base, []), key=lambda pair: pair[0])
        changed = [(n, e) for n, e in anchors if n > len(prints) or prints[n - 1] != e.fingerprint]
        if changed:
            problems.append(_moved(source, base, changed, prints, registry.path))
            continue
        unregistered = sum(f"{base}#p{n}" not in registry.anchors for n in range(1, len(prints) + 1))
        if unregistered and base in registry.urls:
            problems.append(
                Problem(
                    source.path,
                    1,
                    f"{unregistered} paragraph anchor(s) of {base} are not in the permalink registry ({registry.path})",
                    "run `make permalinks` to register them with their text, and commit the file",
                    unregistered_severity,
                )
            )


def _moved(source: Source, base: str, changed: list[tuple[int, Entry]], prints: list[str], path: str) -> Problem:
    """One error per source, about its first changed paragraph; the count says how many more."""
    number, entry = changed[0]
    more = f" (and {len(changed) - 1} more registered paragraph(s))" if len(changed) > 1 else ""
    where = f"registered at {path}:{entry.line}"
    if number > len(prints):
        what = f"{base}#p{number}{more} no longer exists ({where}): the source now has {len(prints)} paragraphs"
    else:
        now = [n for n, p in enumerate(prints, start=1) if p == entry.fingerprint]
        if now:
            moved = min(now, key=lambda n: abs(n - number))
            how = f"is now #p{moved}: a paragraph was inserted or removed above it"
        else:
            how = "is no longer in the source: the paragraph was edited"
        what = f"{base}#p{number}{more} now shows different text ({where}); the text registered as #p{number} {how}"
    return Problem(source.path, 1, what, ARCHIVED)
