"""Open data: Atom feeds, the claims JSON and the sitemap, built from the linked Site.

Owns the machine-readable outputs other than JSON-LD. Each function returns
text; the Pelican glue decides where it is written. Every URL is absolute,
built from the one site URL.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Callable, Iterable
from xml.sax.saxutils import escape

from feedgenerator import Atom1Feed

from .identity import Publisher
from .linking import Site
from .model import Claim, EvidenceItem
from .urls import claim_url, claimant_url, evidence_url, passage_url, source_url, topic_url, verdict_url

FEEDS_DIR = "feeds/"
ALL_CLAIMS_FEED = f"{FEEDS_DIR}claims.atom.xml"
CLAIMS_JSON = "api/claims.json"
CLAIMREVIEW_JSON = "api/claimreview.json"


def verdict_feed_path(key: str) -> str:
    return f"{FEEDS_DIR}verdicts/{key}.atom.xml"


def claimant_feed_path(slug: str) -> str:
    return f"{FEEDS_DIR}claimants/{slug}.atom.xml"


def topic_feed_path(slug: str) -> str:
    return f"{FEEDS_DIR}topics/{slug}.atom.xml"


_CREATIVE_COMMONS = re.compile(r"https?://creativecommons\.org/(?:licenses/([a-z-]+)|publicdomain/(zero))/(\d\.\d)/?")


def licence_name(url: str) -> str:
    """A licence's short name read from its address ('CC BY 4.0'), or the address itself when it is not one
    of Creative Commons': the page names what the setting declares and nothing more."""
    match = _CREATIVE_COMMONS.fullmatch(url)
    if not match:
        return url
    terms, zero, version = match.groups()
    return f"CC0 {version}" if zero else f"CC {terms.upper()} {version}"


def _midnight(date: dt.date) -> dt.datetime:
    return dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)


class _ReproducibleAtomFeed(Atom1Feed):
    """An empty feed would be stamped with the clock; stamp it with the site's last change instead."""

    def __init__(self, *args, updated: dt.datetime, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._updated = updated

    def latest_post_date(self) -> dt.datetime:
        return super().latest_post_date() if self.items else self._updated


def atom_feed(
    claims: Iterable[Claim],
    title: str,
    feed_path: str,
    publisher: Publisher,
    absolute: Callable[[str], str],
    site_updated: dt.date,
    language: str = "en",
    content_license: str = "",
) -> str:
    """An Atom feed of `claims` in the site's `language`; each entry's title and category carry its verdict.

    Its author is the publisher; its `rights`, the licence of the pages' text, when the desk declared one.
    """
    rights = f"{licence_name(content_license)}: {content_license}" if content_license else None
    feed = _ReproducibleAtomFeed(
        updated=_midnight(site_updated),
        title=title,
        link=absolute(""),
        description=title,
        feed_url=absolute(feed_path),
        language=language,
        author_name=publisher.name,
        author_link=publisher.url,
        feed_copyright=rights,
    )
    for claim in claims:
        feed.add_item(
            title=f"{claim.verdict.label}: {claim.headline}",
            link=absolute(claim_url(claim)),
            # Atom summaries are HTML: escape the plain text so no reader can take it for markup.
            description=html.escape(f"{claim.claim} — {claim.verdict.label}. {claim.conclusion}"),
            unique_id=absolute(claim_url(claim)),
            pubdate=_midnight(claim.published),
            updateddate=_midnight(claim.modified),
            categories=[claim.verdict.label],
            author_name=publisher.name,
            author_link=publisher.url,
        )
    return feed.writeString("utf-8")


def claims_json(site: Site, absolute: Callable[[str], str], license_url: str, publisher: Publisher) -> str:
    """Every claim with its verdict, appearances (with anchor URLs), evidence and dates, and who publishes them."""
    sources = {s.slug: s for s in site.sources}
    claims = [
        {
            "slug": c.slug,
            "url": absolute(claim_url(c)),
            "claim": c.claim,
            "headline": c.headline,
            "claimant": {"name": c.claimant.name, "kind": c.claimant.kind, "url": absolute(claimant_url(c.claimant))},
            "claim_date": c.claim_date.isoformat(),
            "verdict": {
                "key": c.verdict.key,
                "label": c.verdict.label,
                "rating": c.verdict.rating,
                "url": absolute(verdict_url(c.verdict)),
            },
            "conclusion": c.conclusion,
            "appearances": [
                {
                    "source": a.source_slug,
                    "source_title": sources[a.source_slug].title,
                    "source_url": absolute(source_url(a.source_slug)),
                    "original_url": sources[a.source_slug].url,
                    "quote": a.quote,
                    "paragraph": a.found_in.number,
                    "anchor_url": absolute(passage_url(a)),
                }
                for a in c.appearances
            ],
            "evidence": [{**evidence_json(e.cited, absolute), "note": e.note} for e in c.evidence],
            "reviewer": c.reviewer,
            "published": c.published.isoformat(),
            "modified": c.modified.isoformat(),
            "updates": [
                {
                    "date": u.date.isoformat(),
                    "note": u.note,
                    "previous_verdict": u.previous_verdict,
                    "new_verdict": u.new_verdict,
                }
                for u in c.updates
            ],
            "tags": [{"name": t.name, "url": absolute(topic_url(t.slug))} for t in site.tags_of(c)],
            "aliases": [absolute(f"claims/{alias}/") for alias in c.aliases],
        }
        for c in site.claims
    ]
    document = {"license": license_url, "publisher": publisher.as_json(), "count": len(claims), "claims": claims}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def evidence_json(item: EvidenceItem, absolute: Callable[[str], str]) -> dict:
    """An evidence library item as the open data gives it, the same in every claim that cites it."""
    return {
        "id": item.key,
        "page": absolute(evidence_url(item)),
        "outlet": item.outlet,
        "headline": item.headline,
        "headline_confirmed": not item.described,
        "date": item.date.isoformat(),
        "url": item.url,
        "archive_url": item.archive_url,
        "copies": [
            {
                "outlet": copy.outlet,
                "url": copy.url,
                "headline": copy.headline,
                "date": copy.date.isoformat() if copy.date else None,
            }
            for copy in item.copies
        ],
        "how_we_read_it": item.note,
    }


def sitemap(entries: Iterable[tuple[str, dt.date | None]]) -> str:
    """sitemap.xml for (absolute URL, last modified) pairs, in the order given."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for url, modified in entries:
        lastmod = f"<lastmod>{modified.isoformat()}</lastmod>" if modified else ""
        lines.append(f"  <url><loc>{escape(url)}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(sitemap_url: str) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n"
