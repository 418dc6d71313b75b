"""The evidence library: each published item a verdict rests on, described once and cited by id.

Owns reading an evidence file (`content/evidence/<id>.md`: the item's fields,
then how we read it) and the checks that span files: every id a claim cites
exists, every item is cited, and no item is described twice under two ids.
Aggregators read our data feeds; one story with two descriptions would be two
stories to them. No Pelican, no I/O.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable

from .characters import not_text_lines
from .fields import SLUG, FieldReader, did_you_mean
from .frontmatter import Document
from .markdownlimits import markdown_problems
from .model import Claim, Copy, Evidence, EvidenceItem, Problem, excerpt
from .schema import CLAIM_FIELDS, EVIDENCE_ITEM_FIELDS, MAX_VALUE_CHARS

MAX_NOTE_CHARS = 2_000  # how we read an item is a few sentences; the claim says what it shows
KNOWN_NAMED = 10  # an unknown id's message names this many known ones


def read_evidence_item(
    document: Document, key: str, problems: list[Problem], today: dt.date | None = None
) -> EvidenceItem | None:
    """Validate one evidence file; None when it has errors (they are in `problems`)."""
    before = len(problems)
    reader = FieldReader(document, problems, None, today)
    for line, message, fix in document.slips:
        problems.append(Problem(document.path, line, message, fix))
    values = reader.read(document.data, EVIDENCE_ITEM_FIELDS) or {}
    note = document.body.strip()
    if len(note) > MAX_NOTE_CHARS:
        problems.append(
            Problem(
                document.path,
                document.body_line,
                f"the note on how we read this item is {len(note):,} characters; the limit is {MAX_NOTE_CHARS:,}",
                "say how we read it in a few sentences; what it shows for a claim belongs in that claim's `note`",
            )
        )
    else:
        for index, message, fix in markdown_problems(document.body):
            problems.append(Problem(document.path, document.body_line + index, message, fix))
    for line, message, fix in not_text_lines(document.body, document.body_line, "the note"):
        problems.append(Problem(document.path, line, message, fix))
    if any(p.severity == "error" for p in problems[before:]):
        return None
    copies = [Copy(c["outlet"], c.get("url"), c.get("headline"), c.get("date")) for c in values.get("copies") or []]
    return EvidenceItem(
        key=key,
        path=document.path,
        outlet=values["outlet"],
        headline=values["headline"],
        date=values["date"],
        url=values.get("url"),
        archive_url=values.get("archive_url"),
        copies=copies,
        note=note or None,
    )


def read_citations(document: Document) -> list[Evidence] | None:
    """The well-formed `evidence` ids of a claim file, with their lines; None when the list cannot be read.

    Also read from claims with other errors, so an item they cite is not
    reported unused while the claim is being fixed. A list over its limit is
    refused whole, and then what the claim cites is unknown.
    """
    items = document.data.get("evidence") if isinstance(document.data, dict) else None
    limit = next(spec.max_items for spec in CLAIM_FIELDS if spec.name == "evidence")
    if not isinstance(items, list) or len(items) > limit:
        return None
    found = []
    for i, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            continue
        key = item["id"].strip()
        note = item.get("note") if isinstance(item.get("note"), str) else None
        if SLUG.fullmatch(key) and len(note or "") <= MAX_VALUE_CHARS:
            found.append(Evidence(key, document.line_of("evidence", i, "id"), note))
    return found


def link_evidence(
    library: Iterable[EvidenceItem],
    claims: list[Claim],
    problems: list[Problem],
    cited_elsewhere: list[tuple[str, list[Evidence]]] | None = None,
    broken: frozenset[str] | set[str] = frozenset(),
) -> tuple[dict[str, EvidenceItem], set[str]]:
    """Resolve each claim's citations to library items; report unknown, repeated, unused and doubled items.

    Returns the library by id and the slugs of claims that cite an unknown id
    (they cannot be published). `cited_elsewhere` holds the citations of claims
    that failed validation, None when a claim file could not even be parsed (so
    what it cites is unknown, and no item is called unused); `broken` holds the
    ids of evidence files with errors of their own, which are not reported again.
    """
    items = {item.key: item for item in sorted(library, key=lambda i: i.key)}
    unresolved: set[str] = set()
    cited: set[str] = set()
    for path, citations in [*((c.path, c.evidence) for c in claims), *(cited_elsewhere or [])]:
        seen: set[str] = set()
        for citation in citations:
            cited.add(citation.key)
            if citation.key in seen:
                message = f"evidence `{citation.key}` is cited twice"
                problems.append(Problem(path, citation.line, message, "cite each item once, with one note"))
            seen.add(citation.key)
            if citation.key not in items and citation.key not in broken:
                problems.append(_unknown(path, citation, items))
    for claim in claims:
        for citation in claim.evidence:
            citation.item = items.get(citation.key)
            if citation.item is None:
                unresolved.add(claim.slug)
    counts: dict[str, int] = {}
    for _, citations in [*((c.path, c.evidence) for c in claims), *(cited_elsewhere or [])]:
        for citation in citations:
            counts[citation.key] = counts.get(citation.key, 0) + 1
    doubled = _described_once(list(items.values()), counts, problems)
    for key in sorted(items.keys() - cited - doubled) if cited_elsewhere is not None else ():
        problems.append(
            Problem(
                items[key].path,
                1,
                f"no claim cites evidence `{key}`",
                f"cite it from a claim (`evidence:` then `- id: {key}`), or delete the file",
            )
        )
    return items, unresolved


def citing_claims(items: dict[str, EvidenceItem], claims: list[Claim]) -> dict[str, list[Claim]]:
    """The published claims citing each item, in the order `claims` lists them."""
    citing: dict[str, list[Claim]] = {key: [] for key in items}
    for claim in claims:
        for key in dict.fromkeys(c.key for c in claim.evidence):
            citing[key].append(claim)
    return citing


def _unknown(path: str, citation: Evidence, items: dict[str, EvidenceItem]) -> Problem:
    hint = did_you_mean(citation.key, list(items))
    if not hint:
        names = sorted(items)
        more = f" and {len(names) - KNOWN_NAMED} more" if len(names) > KNOWN_NAMED else ""
        hint = f"add content/evidence/{citation.key}.md first; known ids: {', '.join(names[:KNOWN_NAMED])}{more}"
    return Problem(path, citation.line, f"unknown evidence `{excerpt(citation.key)}`", hint)


def _described_once(items: list[EvidenceItem], counts: dict[str, int], problems: list[Problem]) -> set[str]:
    """Two files for one story (the same address, or the same outlet, headline and date): report the newcomer.

    The newcomer is the file fewer claims cite (a new file usually has none yet),
    then the later path, so the message is stable. Returns the ids reported.
    """
    owners: dict[str, EvidenceItem] = {}
    reported: set[str] = set()
    for item in sorted(items, key=lambda i: (-counts.get(i.key, 0), i.path)):
        keys = [_story(item)]
        keys += [_address(url) for url in (item.url, *(c.url for c in item.copies)) if url]
        for key in dict.fromkeys(keys):
            first = owners.setdefault(key, item)
            if first is not item:
                what = "the same address" if key.startswith("url:") else "the same outlet, headline and date"
                problems.append(
                    Problem(
                        item.path,
                        1,
                        f"evidence `{item.key}` is a story {first.path} already describes ({what})",
                        f"one story, one description: cite `{first.key}` instead and delete this file",
                    )
                )
                reported.add(item.key)
                break
    return reported


_NOT_WORD = re.compile(r"[\W_]+")


def _story(item: EvidenceItem) -> str:
    """Outlet, headline and date, blind to case, punctuation and typographic quotes."""

    def plain(text: str) -> str:
        return _NOT_WORD.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()

    return f"story:{plain(item.outlet)}|{plain(item.headline)}|{item.date.isoformat()}"


def _address(url: str) -> str:
    """A URL blind to scheme, `www.`, case of the host and a trailing slash."""
    rest = url.split("://", 1)[-1]
    host, _, path = rest.partition("/")
    return f"url:{host.lower().removeprefix('www.')}/{path.rstrip('/')}"
