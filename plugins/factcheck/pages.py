"""Plan every page of the fact-check site: which template, at which URL, with what.

Owns the mapping from the linked Site to pages. Pure: it returns plans and
leaves writing to the Pelican glue, so the page set can be tested without a build.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .linking import Site
from .model import Claim
from .opendata import (
    ALL_CLAIMS_FEED,
    CLAIMREVIEW_JSON,
    CLAIMS_JSON,
    claimant_feed_path,
    topic_feed_path,
    verdict_feed_path,
)
from .urls import (
    CLAIMANTS,
    CLAIMS,
    EVIDENCE,
    REUSE,
    SEARCH,
    SOURCES,
    TOPICS,
    VERDICTS,
    claim_url,
    claimant_url,
    evidence_url,
    save_as,
    source_url,
    topic_url,
    verdict_url,
)


@dataclass(frozen=True)
class PagePlan:
    url: str
    template: str
    title: str
    values: dict

    @property
    def save_as(self) -> str:
        return save_as(self.url)


@dataclass(frozen=True)
class Feed:
    """The Atom feed of the claims a page lists, linked from that page and from the "Follow and reuse" page."""

    path: str
    name: str  # what the claims have in common: a verdict's label, a claimant's or a topic's name
    title: str  # what follows the site's name in the feed's title
    claims: list[Claim]


# The pages that list claims and offer them as a feed, by template.
FEED_PAGES = ("verdict", "claimant", "topic")


def plan_pages(site: Site, home_latest: int, gettext: Callable[[str], str] = str) -> list[PagePlan]:
    """All generated pages; every claim, source and index reachable from the home page.

    `gettext` translates the titles the plugin gives pages and feeds into the site's language.
    """
    plans = [
        PagePlan("", "home", "", {"latest": site.claims[:home_latest]}),
        PagePlan(CLAIMS, "claims", gettext("All claims"), {}),
        PagePlan(SOURCES, "sources", gettext("Sources"), {}),
        PagePlan(VERDICTS, "verdicts", gettext("Verdicts"), {}),
        PagePlan(CLAIMANTS, "claimants", gettext("Claimants"), {}),
        PagePlan(TOPICS, "topics", gettext("Topics"), {}),
        PagePlan(SEARCH, "search", gettext("Search"), {}),
        PagePlan(EVIDENCE, "library", gettext("Evidence library"), {}),
    ]
    plans += [PagePlan(claim_url(c), "claim", c.headline, {"claim": c}) for c in site.claims]
    plans += [
        PagePlan(
            source_url(s),
            "source",
            s.title,
            {
                "source": s,
                "claims": site.by_source.get(s.slug, []),
                "passages": site.passages.get(s.slug, {}),
            },
        )
        for s in site.sources
    ]
    plans += [
        _listing(
            (verdict_url(v), "verdict", v.label),
            {"verdict": v},
            site.by_verdict[v.key],
            (verdict_feed_path(v.key), v.label, gettext("claims rated {verdict}").format(verdict=v.label)),
        )
        for v in site.scale.verdicts
    ]
    plans += [
        _listing(
            (claimant_url(c), "claimant", c.name),
            {"claimant": c},
            site.by_claimant[slug],
            (claimant_feed_path(slug), c.name, gettext("claims made by {claimant}").format(claimant=c.name)),
        )
        for slug, c in site.claimants.items()
    ]
    plans += [
        _listing(
            (topic_url(slug), "topic", t.name),
            {"topic": t},
            t.claims,
            (topic_feed_path(slug), t.name, gettext("claims on {topic}").format(topic=t.name)),
        )
        for slug, t in site.topics.items()
    ]
    plans += [
        PagePlan(evidence_url(key), "evidence", item.headline.strip("[]"), {"item": item, "claims": site.cited_by[key]})
        for key, item in site.evidence.items()
    ]
    feeds = {kind: [p.values["page_feed"] for p in plans if p.template == kind] for kind in FEED_PAGES}
    everything = Feed(ALL_CLAIMS_FEED, gettext("All claims"), gettext("all claims"), site.claims)
    data = {"claims_json": CLAIMS_JSON, "claimreview_json": CLAIMREVIEW_JSON}
    plans.append(
        PagePlan(REUSE, "reuse", gettext("Follow and reuse"), {"all_claims": everything, "feeds": feeds, **data})
    )
    return plans


def _listing(page: tuple[str, str, str], subject: dict, claims: list[Claim], feed: tuple[str, str, str]) -> PagePlan:
    """A page that lists claims, `page` being its (url, template, title), with the Atom feed of the same claims."""
    url, template, title = page
    return PagePlan(url, template, title, {**subject, "claims": claims, "page_feed": Feed(*feed, claims)})
