"""Citable and machine-readable: ClaimReview JSON-LD, feeds, open data, permalinks and citations."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from conftest import Build, run_build

from factcheck.claimreview import check_claimreview, script_json
from factcheck.model import Claim


def json_ld(build: Build, url: str) -> list[dict]:
    return [json.loads(s.string) for s in build.page(url).find_all("script", type="application/ld+json")]


def test_every_claim_page_embeds_exactly_one_complete_claimreview(basic_build: Build):
    for slug in ("richest-person", "hundred-widgets"):
        [review] = json_ld(basic_build, f"claims/{slug}/")
        assert review["@type"] == "ClaimReview"
        assert review["url"] == f"http://localhost:8000/claims/{slug}/"
        assert review["author"] == {
            "@type": "Organization",
            "name": "Alpha & Beta Fact Check",
            "url": "http://localhost:8000/",
        }
        rating = review["reviewRating"]
        assert set(rating) >= {"ratingValue", "bestRating", "worstRating", "alternateName", "ratingExplanation"}
        assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
        assert review["datePublished"] and review["dateModified"]
        item = review["itemReviewed"]
        assert item["@type"] == "Claim" and item["author"]["@type"] == "Organization"
        assert item["datePublished"] and item["appearance"] and item["firstAppearance"]


def test_claimreview_points_to_original_sources_and_lists_corrections(basic_build: Build):
    [review] = json_ld(basic_build, "claims/richest-person/")
    assert review["claimReviewed"] == "The founder is the richest person in Testland."
    assert review["reviewRating"]["alternateName"] == "Outdated"
    urls = [a["url"] for a in review["itemReviewed"]["appearance"]]
    # alpha-post has an original URL; beta-letter does not, so our archived copy stands in.
    assert urls == ["https://alpha.example/post", "http://localhost:8000/sources/beta-letter/"]
    assert review["itemReviewed"]["firstAppearance"]["url"] == "https://alpha.example/post"
    assert "correction" not in review
    [corrected] = json_ld(basic_build, "claims/hundred-widgets/")
    assert corrected["correction"] == [
        {"@type": "CorrectionComment", "text": "Corrected the filing figure.", "datePublished": "2021-04-01"}
    ]
    assert corrected["dateModified"] == "2021-04-01"


def test_source_pages_carry_creativework_with_archived_copy(basic_build: Build):
    [work] = json_ld(basic_build, "sources/alpha-post/")
    assert work["@type"] == "NewsArticle"
    assert work["url"] == "https://alpha.example/post"
    assert work["archivedAt"] == "http://localhost:8000/sources/alpha-post/"


def test_broken_claimreview_is_refused():
    claim = Claim.__new__(Claim)
    object.__setattr__(claim, "path", "content/claims/x.md")
    review = {
        "url": "https://elsewhere.example/claims/x/",
        "claimReviewed": "x",
        "reviewRating": {"alternateName": "False", "ratingValue": 9, "bestRating": 6, "worstRating": 1},
        "author": {"name": "us"},
        "datePublished": "2026-01-01",
        "itemReviewed": {"author": {"name": "them"}, "datePublished": "2025", "appearance": [{}]},
    }
    messages = [str(p) for p in check_claimreview(review, claim, "https://facts.test")]
    assert messages == [
        "content/claims/x.md:1: error: ClaimReview: `ratingValue` 9 is outside `worstRating`..`bestRating` (1..6)"
        " — fix the verdict's rating in verdicts.yaml",
        "content/claims/x.md:1: error: ClaimReview: `url` https://elsewhere.example/claims/x/ is not on the site's"
        " domain https://facts.test — check SITEURL in the settings",
    ]
    del review["claimReviewed"]
    assert "missing `claimReviewed`" in str(check_claimreview(review, claim, "https://facts.test")[0])


def test_json_ld_cannot_close_its_script_element():
    text = script_json({"ratingExplanation": "</script><script>alert(1)</script>"})
    assert "</" not in text
    assert json.loads(text)["ratingExplanation"] == "</script><script>alert(1)</script>"


def test_feeds_list_every_claim_with_its_verdict(basic_build: Build):
    feed = feedparser.parse((basic_build.output / "feeds/claims.atom.xml").read_bytes())
    assert not feed.bozo
    entries = {e.link: e for e in feed.entries}
    assert set(entries) == {
        "http://localhost:8000/claims/richest-person/",
        "http://localhost:8000/claims/hundred-widgets/",
    }
    entry = entries["http://localhost:8000/claims/richest-person/"]
    assert entry.title.startswith("Outdated: ") and [t.term for t in entry.tags] == ["Outdated"]
    per_verdict = feedparser.parse((basic_build.output / "feeds/verdicts/false.atom.xml").read_bytes())
    assert [e.link for e in per_verdict.entries] == ["http://localhost:8000/claims/hundred-widgets/"]
    empty = feedparser.parse((basic_build.output / "feeds/verdicts/true.atom.xml").read_bytes())
    assert not empty.bozo and empty.entries == []


def test_open_data_lists_every_claim(basic_build: Build):
    data = json.loads((basic_build.output / "api/claims.json").read_text())
    assert data["count"] == 2
    claim = next(c for c in data["claims"] if c["slug"] == "richest-person")
    assert claim["verdict"]["key"] == "outdated"
    assert claim["appearances"][1] == {
        "source": "beta-letter",
        "source_title": "Beta letter",
        "source_url": "http://localhost:8000/sources/beta-letter/",
        "original_url": None,
        "quote": "the richest person in Testland",
        "paragraph": 1,
        "anchor_url": "http://localhost:8000/sources/beta-letter/#p1",
    }
    assert claim["evidence"][0]["url"] == "https://testwire.example/founder"
    feed = json.loads((basic_build.output / "api/claimreview.json").read_text())
    assert feed["@type"] == "DataFeed" and feed["sdLicense"] and feed["sdPublisher"]["name"]
    items = [element["item"][0] for element in feed["dataFeedElement"]]
    assert sorted(i["url"] for i in items) == sorted(c["url"] for c in data["claims"])
    assert all(i["@type"] == "ClaimReview" for i in items)


def test_cite_this_block_offers_five_formats(basic_build: Build):
    cite = basic_build.page("claims/hundred-widgets/").select_one("#cite")
    assert "http://localhost:8000/claims/hundred-widgets/" in cite.select_one("dd a")["href"]
    assert "1 April 2021" in cite.get_text()
    plain = cite.select_one("#cite-plain").get_text()
    assert plain == (
        "Alpha & Beta Fact Check. (2021, March 2). Did Alpha Corp sell exactly 100 widgets? [Fact check: False]."
        " http://localhost:8000/claims/hundred-widgets/ Last updated 1 April 2021."
    )
    bibtex = cite.select_one("#cite-bibtex").get_text()
    assert bibtex.startswith("@misc{factcheck-hundred-widgets-2021,") and r"{{Alpha \& Beta Fact Check}}" in bibtex
    [csl] = json.loads(cite.select_one("#cite-csl").get_text())
    assert csl["URL"] == "http://localhost:8000/claims/hundred-widgets/"
    assert csl["issued"] == {"date-parts": [[2021, 3, 2]]}
    assert len(cite.select("button[data-copy]")) == 5  # and {{cite web}} and RIS: test_citation_metadata.py


def test_pages_have_share_metadata_and_a_card(basic_build: Build):
    page = basic_build.page("claims/richest-person/")
    meta = {m.get("property") or m.get("name"): m["content"] for m in page.find_all("meta") if m.get("content")}
    assert meta["og:url"] == "http://localhost:8000/claims/richest-person/"
    assert meta["og:title"] == "Outdated: Is the founder the richest person in Testland?"
    assert meta["og:image"] == "http://localhost:8000/claims/richest-person/card.png"
    assert meta["twitter:card"] == "summary_large_image"
    assert (basic_build.output / "claims/richest-person/card.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    home = {m.get("property") or m.get("name") for m in basic_build.page("").find_all("meta")}
    assert {"og:title", "og:description", "twitter:card"} <= home


def test_sitemap_robots_and_404(basic_build: Build):
    sitemap = (basic_build.output / "sitemap.xml").read_text()
    assert "<loc>http://localhost:8000/claims/hundred-widgets/</loc><lastmod>2021-04-01</lastmod>" in sitemap
    assert "<loc>http://localhost:8000/about/</loc>" in sitemap
    assert "404" not in sitemap
    assert "Sitemap: http://localhost:8000/sitemap.xml" in (basic_build.output / "robots.txt").read_text()
    assert "Page not found" in (basic_build.output / "404.html").read_text()


def test_removing_a_published_claim_without_an_alias_fails_the_build(site_root: Path):
    assert run_build(site_root).returncode == 0
    (site_root / "content/claims/hundred-widgets.md").rename(site_root / "content/claims/widgets-sold.md")
    failed = run_build(site_root)
    assert failed.returncode == 1
    line = (site_root / "content/permalinks.txt").read_text().splitlines().index("/claims/hundred-widgets/") + 1
    assert (
        f"content/permalinks.txt:{line}: error: published URL /claims/hundred-widgets/ is no longer produced by the"
        " site — if the claim was renamed, add its old slug to the new claim file: `aliases: [hundred-widgets]`"
    ) in failed.stderr


def test_an_alias_keeps_the_old_url_working_as_a_redirect(site_root: Path):
    old = site_root / "content/claims/hundred-widgets.md"
    new = site_root / "content/claims/widgets-sold.md"
    new.write_text(old.read_text().replace("tags: [widgets]", "tags: [widgets]\naliases: [hundred-widgets]"))
    old.unlink()
    with (site_root / "content/permalinks.txt").open("a") as registry:  # an alias is declared, never inferred
        registry.write("/claims/hundred-widgets/ -> /claims/widgets-sold/\n")
    build = run_build(site_root)
    assert build.returncode == 0, build.stderr
    assert (
        "content/claims/widgets-sold.md:1: warning: /claims/widgets-sold/, /claims/widgets-sold/oembed.json are not in"
        " the permalink registry (content/permalinks.txt) — run `make permalinks`"
    ) in build.stderr
    redirect = build.page("claims/hundred-widgets/")
    assert redirect.find("meta", attrs={"http-equiv": "refresh"})["content"] == "0; url=/claims/widgets-sold/"
    assert redirect.find("link", rel="canonical")["href"] == "http://localhost:8000/claims/widgets-sold/"
    assert redirect.find("a")["href"] == "/claims/widgets-sold/"
    sitemap = (build.output / "sitemap.xml").read_text()
    assert "/claims/widgets-sold/" in sitemap and "/claims/hundred-widgets/" not in sitemap


@pytest.mark.parametrize("url", ["https://facts.test", "https://facts.test/sub"])
def test_publish_makes_every_machine_readable_url_absolute(site_root: Path, monkeypatch, url: str):
    monkeypatch.setenv("SITEURL", url)
    (site_root / "publishconf.py").write_text(
        (site_root / "pelicanconf.py").read_text() + "\nSITEURL = FACTCHECK_SITE_URL = " + repr(url) + "\n"
    )
    build = run_build(site_root, settings="publishconf.py")
    assert build.returncode == 0, build.stderr
    [review] = json_ld(build, "claims/richest-person/")
    assert review["url"] == f"{url}/claims/richest-person/"
    assert build.page("claims/richest-person/").find("a", class_="badge")["href"] == f"{url}/verdicts/outdated/"
    feed = feedparser.parse((build.output / "feeds/claims.atom.xml").read_bytes())
    assert all(urlsplit(e.link).netloc == "facts.test" for e in feed.entries)
