"""Plan every page of the fact-check site: which template, at which URL, with what.

Owns the mapping from the linked Site to pages. Pure: it returns plans and
leaves writing to the Pelican glue, so the page set can be tested without a build.
"""

from __future__ import annotations

from dataclasses import dataclass

from .linking import Site
from .urls import (
    CLAIMANTS,
    CLAIMS,
    EVIDENCE,
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


def plan_pages(site: Site, home_latest: int) -> list[PagePlan]:
    """All generated pages; every claim, source and index reachable from the home page."""
    plans = [
        PagePlan("", "home", "", {"latest": site.claims[:home_latest]}),
        PagePlan(CLAIMS, "claims", "All claims", {}),
        PagePlan(SOURCES, "sources", "Sources", {}),
        PagePlan(VERDICTS, "verdicts", "Verdicts", {}),
        PagePlan(CLAIMANTS, "claimants", "Claimants", {}),
        PagePlan(TOPICS, "topics", "Topics", {}),
        PagePlan(SEARCH, "search", "Search", {}),
        PagePlan(EVIDENCE, "library", "Evidence library", {}),
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
        PagePlan(verdict_url(v), "verdict", v.label, {"verdict": v, "claims": site.by_verdict[v.key]})
        for v in site.scale.verdicts
    ]
    plans += [
        PagePlan(claimant_url(c), "claimant", c.name, {"claimant": c, "claims": site.by_claimant[slug]})
        for slug, c in site.claimants.items()
    ]
    plans += [
        PagePlan(topic_url(slug), "topic", t.name, {"topic": t, "claims": t.claims}) for slug, t in site.topics.items()
    ]
    plans += [
        PagePlan(evidence_url(key), "evidence", item.headline.strip("[]"), {"item": item, "claims": site.cited_by[key]})
        for key, item in site.evidence.items()
    ]
    return plans
