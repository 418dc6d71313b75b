"""ClaimReview structured data: build it from the model, and refuse to publish it broken.

Owns the schema.org shapes aggregators ingest (Google Fact Check Explorer,
the Data Commons feed): one ClaimReview per claim, CreativeWork for sources,
and the DataFeed that carries them all. Pure: absolute URLs come in as a
function, nothing is written here.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from .identity import Publisher
from .linking import Site
from .model import Claim, Problem, Source
from .urls import claim_url, source_url

CONTEXT = "https://schema.org"


def source_work(source: Source, absolute: Callable[[str], str]) -> dict:
    """A source document as a CreativeWork; its original address when known, else our copy."""
    kind = "NewsArticle" if source.kind == "news-article" else "CreativeWork"
    work = {
        "@type": kind,
        "headline": source.title,
        "url": source.url or absolute(source_url(source)),
        "publisher": {"@type": "Organization", "name": source.publisher},
        "archivedAt": absolute(source_url(source)),
    }
    if source.author:
        work["author"] = {"@type": "Person", "name": source.author}
    if source.published:
        work["datePublished"] = source.published.isoformat()
    return work


def build_claimreview(
    claim: Claim,
    site: Site,
    publisher: Publisher,
    absolute: Callable[[str], str],
    works: dict[str, dict] | None = None,
    language: str = "en",
) -> dict:
    """One claim's ClaimReview, with the claim, its appearances and its corrections, in the site's `language`.

    `works` holds each source's CreativeWork by slug, made once for all claims
    (`structured_data`): looking sources up per claim would make the feed quadratic.
    """
    if works is None:
        cited = {a.source_slug for a in claim.appearances}
        works = {s.slug: source_work(s, absolute) for s in site.sources if s.slug in cited}
    appearances = [works[slug] for slug in dict.fromkeys(a.source_slug for a in claim.appearances)]
    dated = [a for a in appearances if "datePublished" in a]
    first = min(dated, key=lambda a: a["datePublished"]) if dated else appearances[0]
    review = {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "url": absolute(claim_url(claim)),
        "claimReviewed": claim.claim,
        "headline": claim.headline,
        "inLanguage": language,
        "datePublished": claim.published.isoformat(),
        "dateModified": claim.modified.isoformat(),
        "author": publisher.as_schema(),
        "publisher": publisher.as_schema(),
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": claim.verdict.rating,
            "bestRating": site.scale.best_rating,
            "worstRating": site.scale.worst_rating,
            "alternateName": claim.verdict.label,
            "ratingExplanation": claim.conclusion,
        },
        "itemReviewed": {
            "@type": "Claim",
            "author": {
                "@type": "Person" if claim.claimant.kind == "person" else "Organization",
                "name": claim.claimant.name,
            },
            "datePublished": claim.claim_date.isoformat(),
            "appearance": appearances,
            "firstAppearance": first,
        },
    }
    if claim.updates:
        review["correction"] = [
            {"@type": "CorrectionComment", "text": u.note, "datePublished": u.date.isoformat()} for u in claim.updates
        ]
    return review


def check_claimreview(review: dict, claim: Claim, site_url: str) -> list[Problem]:
    """What an aggregator would reject (errors) or flag (warnings) in `review`.

    A `claimReviewed` over 75 characters is already a warning of validation.
    """
    problems: list[Problem] = []

    def problem(message: str, fix: str, severity: str = "error") -> None:
        problems.append(Problem(claim.path, 1, f"ClaimReview: {message}", fix, severity))

    for key in ("url", "claimReviewed", "reviewRating", "author", "datePublished", "itemReviewed"):
        if not review.get(key):
            problem(f"missing `{key}`", "fill in the claim's front matter so the field can be produced")
    rating = review.get("reviewRating") or {}
    if not rating.get("alternateName"):
        problem("`reviewRating` has no `alternateName`", "give the verdict a label in verdicts.yaml")
    value, best, worst = (rating.get(k) for k in ("ratingValue", "bestRating", "worstRating"))
    if value is None or best is None or worst is None or not worst <= value <= best:
        problem(
            f"`ratingValue` {value} is outside `worstRating`..`bestRating` ({worst}..{best})",
            "fix the verdict's rating in verdicts.yaml",
        )
    url = review.get("url") or ""
    if site_url and urlsplit(url).netloc != urlsplit(site_url).netloc:
        problem(f"`url` {url} is not on the site's domain {site_url}", "check SITEURL in the settings")
    item = review.get("itemReviewed") or {}
    for key in ("author", "datePublished", "appearance"):
        if not item.get(key):
            problem(
                f"`itemReviewed` has no `{key}`", "check the claim's claimant, claim_date and appearances", "warning"
            )
    return problems


@dataclass(frozen=True)
class PublishedReview:
    """A checked ClaimReview, kept as the JSON text pages and feeds embed (dicts cost memory)."""

    json: str
    published: str
    modified: str


def data_feed(reviews: list[PublishedReview], publisher: Publisher, name: str, url: str, license_url: str) -> str:
    """All ClaimReviews as a schema.org DataFeed, the shape the Data Commons feed reads."""
    head = {
        "@context": CONTEXT,
        "@type": "DataFeed",
        "name": name,
        "url": url,
        "sdPublisher": publisher.as_schema(),
        "sdLicense": license_url,
    }
    if reviews:
        head["dateModified"] = max(r.modified for r in reviews)
    items = ",".join(
        f'{{"@type":"DataFeedItem","dateCreated":"{r.published}","dateModified":"{r.modified}","item":[{r.json}]}}'
        for r in reviews
    )
    return script_json(head)[:-1] + f',"dataFeedElement":[{items}]}}'


def script_json(data: dict) -> str:
    """JSON safe inside <script>: `</` cannot close the element."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


def structured_data(
    site: Site,
    publisher: Publisher,
    absolute: Callable[[str], str],
    site_url: str,
    problems: list[Problem],
    language: str = "en",
) -> dict[str, PublishedReview]:
    """Every claim's ClaimReview by slug, in the site's `language`; what would make one invalid goes to `problems`."""
    reviews = {}
    works = {source.slug: source_work(source, absolute) for source in site.sources}
    for claim in site.claims:
        review = build_claimreview(claim, site, publisher, absolute, works, language)
        problems += check_claimreview(review, claim, site_url)
        reviews[claim.slug] = PublishedReview(script_json(review), review["datePublished"], review["dateModified"])
    return reviews
