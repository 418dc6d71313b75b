"""`make new-claim` and `make new-source`: start a correct file in seconds.

Owns the contributor-facing commands that create content. They read the site
like `make check` does, find the quote before writing anything, and never
overwrite an existing file.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from collections.abc import Callable
from urllib.parse import urlsplit

from .content import load_site, shown_path
from .fields import SLUG, UNSAFE_URL, did_you_mean
from .model import Appearance
from .quotes import SourceText, closest_passage
from .scaffold import claim_file, slug_from, source_file
from .schema import SOURCE_KINDS
from .settings import load_config
from .writing import WriteRefused, write_new_file

Ask = Callable[[str], str]


def _ask_for(value: str | None, prompt: str, ask: Ask | None) -> str:
    if value or ask is None:
        return (value or "").strip()
    try:
        return ask(prompt).strip()
    except (EOFError, KeyboardInterrupt):
        print(file=sys.stderr)
        return ""


def new_claim(
    settings_file: str,
    source_slug: str | None,
    quote: str | None,
    slug: str | None = None,
    ask: Ask | None = None,
    today: dt.date | None = None,
) -> int:
    """Write content/claims/<slug>.md quoting `quote` from `source_slug`; 1 with a reason if it cannot."""
    config = load_config(settings_file)
    site = load_site(config).site
    if site is None:
        return _fail("the verdict scale has errors; run `make check`")
    sources = {s.slug: s for s in site.sources}
    if ask and not source_slug:
        print("Sources: " + ", ".join(sorted(sources)), file=sys.stderr)
    source_slug = _ask_for(source_slug, "Source slug: ", ask)
    if not source_slug:
        return _fail('say which source and quote: make new-claim SOURCE=<source-slug> QUOTE="words from it"')
    source_slug = os.path.basename(source_slug)
    if source_slug.endswith(".md"):
        source_slug = source_slug[:-3]
    source = sources.get(source_slug)
    if source is None:
        hint = did_you_mean(source_slug, list(sources)) or "known sources: " + ", ".join(sorted(sources))
        return _fail(f"unknown source `{source_slug}` — {hint}")
    quote = _ask_for(quote, "Quote (paste the words from the source): ", ask)
    if not quote:
        return _fail('give the quote: make new-claim SOURCE=<slug> QUOTE="the words"')
    paragraphs = [p.text for p in source.paragraphs]
    match = SourceText(paragraphs).find(quote)
    if match is None:
        near = closest_passage(quote, paragraphs)
        where = f'; closest passage: "{near.passage}"' if near else ""
        return _fail(f"the quote is not in `{source.slug}`{where} — copy the words exactly from the source")
    suggested = slug_from(quote, config.slugify)
    slug = _ask_for(slug, f"Slug for the claim page [{suggested}]: ", ask) or suggested
    if not SLUG.fullmatch(slug):
        return _fail(f"`{slug}` is not a slug — use lower-case letters, digits and hyphens")
    path = os.path.join(config.claims_dir, f"{slug}.md")
    exists = "choose another SLUG; existing claims are never overwritten"
    if slug in {c.slug for c in site.claims}:
        return _fail(f"{shown_path(path)} already exists — {exists}")
    appearance = Appearance(source.slug, quote, 0, 0, source.paragraphs[match.paragraph], match.start, match.end)
    if failure := _write_new(path, claim_file(source, appearance, site.scale, today or dt.date.today()), exists):
        return _fail(failure)
    print(f"wrote {shown_path(path)}: fill in every FILL IN, then run `make check`", file=sys.stderr)
    return 0


def new_source(
    settings_file: str,
    text: str,
    title: str | None,
    publisher: str | None,
    kind: str | None,
    slug: str | None = None,
    author: str | None = None,
    published: str | None = None,
    url: str | None = None,
    ask: Ask | None = None,
) -> int:
    """Write content/sources/<slug>.md with `text` as published; 1 with a reason if it cannot."""
    config = load_config(settings_file)
    if not text.strip():
        return _fail("no text: give FILE=path/to/text.txt or pipe the text in")
    title = _ask_for(title, "Title as published: ", ask)
    publisher = _ask_for(publisher, "Publisher (site or organisation): ", ask)
    kind = _ask_for(kind, f"Kind ({', '.join(SOURCE_KINDS)}): ", ask)
    if not title or not publisher:
        return _fail('give TITLE="..." and PUBLISHER="..."')
    one_line = {"TITLE": title, "PUBLISHER": publisher, "AUTHOR": author, "URL": url, "SLUG": slug}
    for name, value in one_line.items():
        if value and _CONTROL.search(value):
            return _fail(f"{name} contains a line break or control character — give it on one line")
    if published and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", published):
        return _fail(f"PUBLISHED={published} is not a date — write YYYY-MM-DD, YYYY-MM or YYYY, or leave it out")
    if url and not _web_address(url):
        return _fail(f"URL={url} is not a web address — give the full https:// address, or leave it out")
    if kind not in SOURCE_KINDS:
        hint = did_you_mean(kind, list(SOURCE_KINDS))
        return _fail(f"unknown kind `{kind}` — {hint + ' ' if hint else ''}allowed: {', '.join(SOURCE_KINDS)}")
    slug = slug or slug_from(title, config.slugify, words=6, otherwise="source")
    if not SLUG.fullmatch(slug):
        return _fail(f"`{slug}` is not a slug — use lower-case letters, digits and hyphens")
    path = os.path.join(config.sources_dir, f"{slug}.md")
    exists = "choose another SLUG; sources are never overwritten"
    if failure := _write_new(path, source_file(text, title, publisher, kind, author, published, url), exists):
        return _fail(failure)
    print(f"wrote {shown_path(path)}: check the details, then run `make check`", file=sys.stderr)
    return 0


_CONTROL = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]")


def _web_address(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not UNSAFE_URL.search(url)


def _write_new(path: str, text: str, exists: str) -> str | None:
    """Create the file, never overwriting one and never through a link; None, or why it was not written."""
    try:
        write_new_file(path, text)
    except FileExistsError:
        return f"{shown_path(path)} already exists — {exists}"
    except WriteRefused as refused:
        return str(refused)
    except OSError as error:
        return f"cannot write {shown_path(path)}: {error.strerror} — check the folder exists and can be written"
    return None


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 1
