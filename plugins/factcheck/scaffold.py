"""Starting files for contributors: a claim from a quote, a source from a text.

Owns the text of new files. Every field is pre-filled where the content
already knows the answer and otherwise marked with PLACEHOLDER, which `make
check` rejects, so a half-finished file can never be published.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable

from .model import Appearance, Source, VerdictScale
from .schema import MAX_SLUG_CHARS

PLACEHOLDER = "FILL IN"
SCHEMA_MODELINE = "# yaml-language-server: $schema=../../schemas/{kind}.schema.json"


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def slug_from(text: str, slugify: Callable[[str], str], words: int = 7, otherwise: str = "claim") -> str:
    """A short URL slug from the first words of a text, as the site slugifies (Pelican's, with Unidecode):
    "Análisis" is `analisis`, "马云说" `ma-yun-shuo`; `otherwise` when nothing in it spells a word."""
    slug = ""
    for word in re.findall(r"[a-z0-9]+", slugify(text).lower())[:words]:
        if len(slug) + len(word) >= MAX_SLUG_CHARS:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug or otherwise


def claim_file(source: Source, appearance: Appearance, scale: VerdictScale, today: dt.date) -> str:
    """A new claim file quoting `appearance`, exactly as `source` has it."""
    quote = appearance.found_in.text[appearance.start : appearance.end]
    claim_date = source.published.isoformat() if source.published else _q(f"{PLACEHOLDER}: YYYY-MM-DD, YYYY-MM or YYYY")
    claimant = source.author or source.publisher
    return f"""---
{SCHEMA_MODELINE.format(kind="claim")}
claim: {_q(f"{PLACEHOLDER}: the claim in your words, neutral, under 75 characters")}
headline: {_q(f"{PLACEHOLDER}: the page headline, usually a question")}
claimant: {_q(claimant)}  # who made the claim: check it is not the publisher quoting someone else
claimant_kind: {"person" if source.author else "organization"}  # person or organization
claim_date: {claim_date}  # when the claim was made
verdict: {_q(PLACEHOLDER)}  # one of: {", ".join(scale.keys)}
conclusion: {_q(f"{PLACEHOLDER}: the verdict explained in one line")}
appearances:
  - source: {source.slug}  # found in paragraph {appearance.found_in.anchor}
    quote: {_q(quote)}
evidence:  # ids of the evidence library: content/evidence/<id>.md (add a file for a new item)
  - id: {_q(f"{PLACEHOLDER}: the id of an item in content/evidence/")}
    note: {_q(f"{PLACEHOLDER}: what this item shows for this claim")}
reviewer: {_q(f"{PLACEHOLDER}: who reviewed this check")}
published: {today.isoformat()}
tags: []
---
{PLACEHOLDER}: what the document says, in a sentence or two.

**What the record shows.** {PLACEHOLDER}: each part of the claim, citing the evidence after each statement.

**Why this verdict.** {PLACEHOLDER}: how the evidence leads to the verdict on the scale.

**What we could not check.** {PLACEHOLDER}: say plainly what is unknown.
"""


def source_file(
    text: str,
    title: str,
    publisher: str,
    kind: str,
    author: str | None = None,
    published: str | None = None,
    url: str | None = None,
) -> str:
    """A new source file: the text as published, one paragraph per block."""
    fields = [
        SCHEMA_MODELINE.format(kind="source"),
        f"title: {_q(title)}",
        f"publisher: {_q(publisher)}",
        f"author: {_q(author) if author else 'unknown'}",
        f"published: {published or 'unknown'}",
    ]
    if not published:
        fields.append(f"date_note: {_q(f'{PLACEHOLDER}: why the date is unknown, or how it was inferred')}")
    if url:
        fields.append(f"url: {_q(url)}")
    fields.append(f"kind: {kind}")
    return "---\n" + "\n".join(fields) + "\n---\n" + "\n\n".join(paragraphs_of(text)) + "\n"


def paragraphs_of(text: str) -> list[str]:
    """Paragraphs of a pasted text: blank-line separated, or one per line when there are no blank lines."""
    text = text.replace("\r\n", "\n").strip("\n")
    blocks = re.split(r"\n[ \t\u00a0]*\n", text)
    if len(blocks) == 1:
        blocks = text.split("\n")
    return [block.strip("\n") for block in blocks if block.strip()]
