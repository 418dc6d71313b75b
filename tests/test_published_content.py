"""The published site itself: every checkable statement in the four documents marked and linked.

Builds the real content once and checks what a reader would see.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, Build, walk_site

from factcheck.content import load_site
from factcheck.settings import load_config

SOURCES = [
    "citizen-power-open-letter-to-jack-ma",
    "todaychina-jack-ma-survival",
    "ahecblog-delist-alibaba",
    "artist-rights-watch-alibaba",
]


@pytest.fixture(scope="module")
def site():
    result = load_site(load_config(str(REPO / "pelicanconf.py")))
    assert result.problems == []
    return result.site


@pytest.fixture(scope="module")
def built(real_site: Build) -> Build:
    return real_site


def page(build: Build, url: str) -> BeautifulSoup:
    return BeautifulSoup((build.output / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_the_four_documents_are_published_with_their_checks(site):
    assert sorted(s.slug for s in site.sources) == sorted(SOURCES)
    assert len(site.claims) >= 20
    for slug in SOURCES:
        assert site.by_source.get(slug), f"no claim checks {slug}"


def test_founding_claims_are_published(site):
    claims = {c.slug: c for c in site.claims}
    richest = claims["richest-man-in-china"]
    assert {a.source_slug for a in richest.appearances} == {
        "citizen-power-open-letter-to-jack-ma",
        "artist-rights-watch-alibaba",
    }
    assert claims["ft-white-house-memo"].appearances[0].source_slug == "ahecblog-delist-alibaba"
    assert claims["jiang-family-capital-boyu"].appearances[0].source_slug == "todaychina-jack-ma-survival"
    memo = claims["ft-white-house-memo"]
    assert "2023" not in memo.claim_date.isoformat() and memo.claim_date.year == 2025


@pytest.mark.parametrize("slug", SOURCES)
def test_each_source_highlights_every_claim_that_cites_it(site, built: Build, slug: str):
    soup = page(built, f"sources/{slug}")
    marked = [mark.a["href"] for mark in soup.select(".archived-text mark.passage")]
    for claim in site.by_source[slug]:
        for appearance in claim.appearances:
            if appearance.source_slug != slug:
                continue
            paragraph = soup.find(id=appearance.paragraph.anchor)
            links = [m.a["href"] for m in paragraph.select("mark.passage")]
            assert f"/claims/{claim.slug}/" in links, (claim.slug, appearance.paragraph.anchor)
            badges = [b.get_text() for b in paragraph.select("a.badge") if b["href"] == f"/claims/{claim.slug}/"]
            assert badges == [claim.verdict.label] * len(badges) and badges
    assert marked, slug


def test_no_claim_page_lacks_evidence_or_reasoning(site, built: Build):
    for claim in site.claims:
        soup = page(built, f"claims/{claim.slug}")
        assert soup.select(".evidence li"), claim.slug
        words = len(soup.select_one(".reasoning").get_text(" ", strip=True).split())
        assert words >= 150, (claim.slug, words)
        assert soup.select_one(".claim-box .badge").get_text() == claim.verdict.label
        assert len(claim.claim) < 75, claim.slug


def test_evidence_links_only_to_web_addresses(site):
    for claim in site.claims:
        for evidence in claim.evidence:
            assert evidence.url is None or evidence.url.startswith(("https://", "http://")), claim.slug


def test_source_pages_give_publication_details(built: Build):
    for slug in SOURCES:
        details = page(built, f"sources/{slug}").select_one(".source-details").get_text(" ", strip=True)
        for label in ("Publisher", "Author", "Published", "Kind", "Original"):
            assert label in details, (slug, label)
    note = page(built, "sources/ahecblog-delist-alibaba").select_one(".source-details").get_text(" ", strip=True)
    assert "Gatestone Institute, 26 November 2025" in note


def test_required_pages_exist(built: Build):
    for url in ("about", "methodology", "corrections", "contribute"):
        assert (built.output / url / "index.html").exists(), url
    about = page(built, "about").get_text(" ", strip=True)
    assert "Funding" in about and "How to reach us" in about


def test_reader_reaches_everything_from_home_and_back(built: Build):
    reached, pages, broken = walk_site(built.output)
    assert broken == []
    assert reached == pages
