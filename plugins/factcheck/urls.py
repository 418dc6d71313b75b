"""The site's URL scheme, in one place. URLs are a contract: people cite them.

Every function returns a path relative to the site root, ending in `/` for
pages; `save_as` gives the file that serves it. Templates prefix SITEURL.
"""

from __future__ import annotations

from .model import Appearance, Claim, Claimant, EvidenceItem, Source, Verdict

CLAIMS = "claims/"
SOURCES = "sources/"
VERDICTS = "verdicts/"
CLAIMANTS = "claimants/"
TOPICS = "topics/"
SEARCH = "search/"
EVIDENCE = "evidence/"
REUSE = "reuse/"  # "Follow and reuse": the feeds, the open data and their licence


def claim_url(claim: Claim) -> str:
    return f"{CLAIMS}{claim.slug}/"


def source_url(source: Source | str) -> str:
    slug = source if isinstance(source, str) else source.slug
    return f"{SOURCES}{slug}/"


def passage_url(appearance: Appearance) -> str:
    """The exact paragraph of the source page where a claim appears."""
    return f"{source_url(appearance.source_slug)}#{appearance.found_in.anchor}"


def evidence_url(item: EvidenceItem | str) -> str:
    """The evidence library's page for one item, listing the claims that cite it."""
    key = item if isinstance(item, str) else item.key
    return f"{EVIDENCE}{key}/"


def verdict_url(verdict: Verdict | str) -> str:
    key = verdict if isinstance(verdict, str) else verdict.key
    return f"{VERDICTS}{key}/"


def claimant_url(claimant: Claimant) -> str:
    return f"{CLAIMANTS}{claimant.slug}/"


def topic_url(slug: str) -> str:
    return f"{TOPICS}{slug}/"


INDEXES = {
    "home": "",
    "claims": CLAIMS,
    "sources": SOURCES,
    "verdicts": VERDICTS,
    "claimants": CLAIMANTS,
    "topics": TOPICS,
    "search": SEARCH,
    "evidence": EVIDENCE,
    "reuse": REUSE,
}


def index_url(name: str) -> str:
    """The URL of one of the site's index pages, by name: templates never spell a URL out."""
    return INDEXES[name]


def save_as(url: str) -> str:
    return f"{url}index.html" if url.endswith("/") or not url else url


URL_FUNCTIONS = {
    "claim_url": claim_url,
    "source_url": source_url,
    "passage_url": passage_url,
    "verdict_url": verdict_url,
    "claimant_url": claimant_url,
    "topic_url": topic_url,
    "evidence_url": evidence_url,
    "index_url": index_url,
}
