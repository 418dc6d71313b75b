"""Citation tools get the right record: read every claim page as Zotero's "Embedded Metadata" translator
does (Wikipedia's Citoid asks it first) and get the check's title, publisher, publication date and URL,
never the date the claim was made; the `{{cite web}}` and RIS blocks say the same; ClaimReview types
the claimant as the claim file says.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import REPO, Build, make_site, run_build

SITE = "http://localhost:8000"
PUBLISHER = "Alpha & Beta Fact Check"

# Prefixes Zotero reads as RDF from <meta name|property="prefix.property">, with `.`, `:` or `_` between.
RDF_PREFIXES = {"dc", "dcterms", "og", "article", "prism", "eprints", "bibo", "z"}
ZOTERO_TYPES = {"webpage", "blogPost", "newspaperArticle", "magazineArticle", "journalArticle", "report"}


def zotero_reads(page: BeautifulSoup) -> dict:
    """What Zotero's Embedded Metadata translator (zotero/translators, "Embedded Metadata.js" and the
    "RDF.js" it loads) makes of a page, for the fields a citation needs.

    Dublin Core and Open Graph go through RDF first (title: DC, then og:title; date:
    article:published_time, then DC.date; url: og:url); then Highwire Press `citation_*` tags
    (matched by the end of the name) replace what they give; then the fallbacks: a date from
    `citation_online_date`, else the page's first `<time datetime>`; the canonical link for the
    URL; `<title>` for the title. An item type Zotero knows in `DC.type` wins; else `citation_title`
    makes it guess a journal article. Zotero splits each author at the last space; the name joins back.
    """
    rdf: dict[str, str] = {}  # "dc:title": the first value, as RDF.js's getFirstResults takes it
    highwire: dict[str, list[str]] = {}
    for meta in page.head.find_all("meta"):
        name, value = meta.get("name") or meta.get("property"), meta.get("content")
        if not name or not value:
            continue
        prefix = re.split(r"[.:_]", name, maxsplit=1)[0]
        prop = name[len(prefix) + 1 :]
        if prefix.lower() in RDF_PREFIXES:
            rdf.setdefault(f"{prefix.lower()}:{prop[:1].lower()}{prop[1:]}", value)
        elif "citation_" in name:
            highwire.setdefault(name[name.rindex("citation_") :], []).append(value)

    def first(*keys: str) -> str | None:
        return next((rdf[key] for key in keys if key in rdf), None)

    def tag(name: str) -> str | None:
        return highwire.get(name, [None])[0]

    item = {
        "title": first("dc:title", "dcterms:title", "og:title"),
        "creators": [first("dc:creator", "dcterms:creator")] if first("dc:creator", "dcterms:creator") else [],
        "date": first("og:published_time", "article:published_time", "dcterms:issued", "dc:date", "dcterms:date"),
        "url": first("og:url"),
        "publisher": first("dc:publisher", "dcterms:publisher"),
    }
    for name, field in (
        ("citation_title", "title"),
        ("citation_publisher", "publisher"),
        ("citation_public_url", "url"),
    ):
        item[field] = tag(name) or item[field]
    for name in ("citation_publication_date", "citation_cover_date", "citation_date"):
        item["date"] = tag(name) or item["date"]
    item["creators"] = highwire.get("citation_author") or item["creators"]
    if not item["date"]:
        time = page.find("time", datetime=True)
        item["date"] = tag("citation_online_date") or (time["datetime"] if time else None)
    canonical = page.head.find("link", rel="canonical")
    item["url"] = item["url"] or (canonical["href"] if canonical else None)
    item["title"] = item["title"] or page.title.string
    declared = first("z:itemType") or first("dc:type")
    item["itemType"] = (
        declared if declared in ZOTERO_TYPES else "journalArticle" if "citation_title" in highwire else "webpage"
    )
    return item


def iso(date: str) -> str:
    """Zotero's strToISO for the forms used here: 2021/03/02 and 2021-03-02."""
    return date.replace("/", "-")


def first_time(page: BeautifulSoup) -> str:
    return page.find("time", datetime=True)["datetime"]


def claimreview(page: BeautifulSoup) -> dict:
    [review] = [json.loads(s.string) for s in page.find_all("script", type="application/ld+json")]
    return review


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The basic fixture (two claims by organisations) and a claim by a person, whose headline carries
    every character wikitext would read as markup."""
    root = make_site(tmp_path_factory.mktemp("citation"))
    text = (root / "content/claims/richest-person.md").read_text(encoding="utf-8")
    for old, new in (
        ("claim: The founder is the richest person in Testland.", "claim: The founder is still the richest."),
        ("headline: Is the founder the richest person in Testland?", PERSON_HEADLINE),
        ("claimant: Beta Group\nclaimant_kind: organization", "claimant: Jane Writer\nclaimant_kind: person"),
        ("claim_date: 2021-01", "claim_date: 2021-01-20"),
        ("published: 2021-03-01", "published: 2021-03-05"),
    ):
        assert old in text, old
        text = text.replace(old, new)
    (root / "content/claims/writer-says-richest.md").write_text(text, encoding="utf-8")
    done = run_build(root)
    assert done.returncode == 0, done.stderr
    return done


PERSON_HEADLINE = "headline: \"Did Jane Writer call it a [[record]] | {{sic}} ''best'' ~~~~?\""

# slug: (headline, published, the claim's own date as the page marks it)
CLAIMS = {
    "hundred-widgets": ("Did Alpha Corp sell exactly 100 widgets?", "2021-03-02", "2021-01-04"),
    "richest-person": ("Is the founder the richest person in Testland?", "2021-03-01", "2021-01"),
    "writer-says-richest": (
        "Did Jane Writer call it a [[record]] | {{sic}} ''best'' ~~~~?",
        "2021-03-05",
        "2021-01-20",
    ),
}


@pytest.mark.parametrize("slug", sorted(CLAIMS))
def test_zotero_reads_the_checks_title_publisher_date_and_url(build: Build, slug: str):
    headline, published, claim_date = CLAIMS[slug]
    page = build.page(f"claims/{slug}/")
    item = zotero_reads(page)
    assert item["title"] == headline
    assert item["creators"] == [PUBLISHER] and item["publisher"] == PUBLISHER
    assert iso(item["date"]) == published != claim_date
    assert item["url"] == f"{SITE}/claims/{slug}/"
    assert item["itemType"] == "webpage"  # not a journal article, which Citoid would offer as {{cite journal}}
    # The claim's own date is on the page, after the check's: a tool taking the first <time> gets the check's.
    times = [t["datetime"] for t in page.find_all("time", datetime=True)]
    assert times[0] == published and claim_date in times[1:]


def test_without_the_tags_zotero_would_take_the_claims_date(build: Build):
    """The reader above is the one the issue saw: strip the tags and the dateline and it takes the claim's date."""
    page = build.page("claims/hundred-widgets/")
    bare = copy.copy(page)
    for meta in bare.head.find_all("meta"):
        if re.match(r"(citation_|DC\.|article:)", meta.get("name") or meta.get("property") or ""):
            meta.decompose()
    assert iso(zotero_reads(bare)["date"]) == "2021-03-02"  # the dateline's <time> still comes first
    bare.find("p", class_="dateline").decompose()
    stripped = zotero_reads(bare)
    assert stripped["date"] == "2021-01-04" and stripped["creators"] == []
    assert stripped["title"] == "False: Did Alpha Corp sell exactly 100 widgets?"  # og:title, with the verdict


def test_the_dateline_shows_the_checks_dates_beside_the_headline(build: Build):
    corrected = build.page("claims/hundred-widgets/").find("p", class_="dateline")
    assert corrected.get_text() == "Fact check published 2 March 2021 · updated 1 April 2021"
    assert [t["datetime"] for t in corrected.find_all("time")] == ["2021-03-02", "2021-04-01"]
    assert build.page("claims/richest-person/").find("p", class_="dateline").get_text() == (
        "Fact check published 1 March 2021"
    )


def test_head_dates_are_the_checks_published_and_modified(build: Build):
    head = {
        m.get("name") or m.get("property"): m["content"]
        for m in build.page("claims/hundred-widgets/").head("meta", content=True)
    }
    assert head["citation_publication_date"] == head["citation_online_date"] == "2021/03/02"
    assert head["DC.date"] == head["article:published_time"] == "2021-03-02"
    assert head["article:modified_time"] == "2021-04-01"
    assert head["DC.identifier"] == f"{SITE}/claims/hundred-widgets/"
    assert head["og:type"] == "article"


def test_cite_web_for_wikipedia_editors(build: Build):
    cite = build.page("claims/hundred-widgets/").select_one("#cite-wikipedia").get_text()
    assert cite == (
        "{{cite web |url=http://localhost:8000/claims/hundred-widgets/ |title=Did Alpha Corp sell exactly 100 widgets?"
        " |author=Alpha & Beta Fact Check |website=Alpha & Beta Fact Check |type=Fact check |date=2021-03-02"
        " |access-date=}}"
    )


def test_cite_web_escapes_what_wikitext_would_read_as_markup(build: Build):
    cite = build.page("claims/writer-says-richest/").select_one("#cite-wikipedia").get_text()
    title = re.search(r"\|title=(.*?) \|author=", cite).group(1)
    escaped = "&#91;&#91;record&#93;&#93; &#124; &#123;&#123;sic&#125;&#125; '&#39;best'&#39; &#126;&#126;&#126;&#126;"
    assert title == f"Did Jane Writer call it a {escaped}?"
    assert cite.count("|") == 7 and cite.count("{{") == 1 and cite.count("}}") == 1


def test_ris_record(build: Build):
    page = build.page("claims/hundred-widgets/")
    assert page.select_one("#cite-ris").get_text().split("\n") == [
        "TY  - ELEC",
        "TI  - Did Alpha Corp sell exactly 100 widgets?",
        "AU  - Alpha & Beta Fact Check",
        "PY  - 2021",
        "DA  - 2021/03/02",
        "T2  - Alpha & Beta Fact Check",
        "PB  - Alpha & Beta Fact Check",
        "M3  - Fact check",
        "UR  - http://localhost:8000/claims/hundred-widgets/",
        "N1  - Verdict: False. Last updated 2021-04-01.",
        "ER  - ",
    ]
    labels = [h.get_text() for h in page.select("#cite h3")]
    assert labels == ["Plain text", "BibTeX", "CSL-JSON", "Wikipedia {{cite web}}", "RIS"]
    assert [b["data-copy"] for b in page.select("#cite button[data-copy]")] == [
        "cite-plain",
        "cite-bibtex",
        "cite-csl",
        "cite-wikipedia",
        "cite-ris",
    ]


def test_claimreview_types_the_claimant_as_the_claim_file_says(build: Build):
    organisation = claimreview(build.page("claims/hundred-widgets/"))["itemReviewed"]["author"]
    person = claimreview(build.page("claims/writer-says-richest/"))["itemReviewed"]["author"]
    assert organisation == {"@type": "Organization", "name": "Alpha Corp"}
    assert person == {"@type": "Person", "name": "Jane Writer"}


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("\n---", 1)[0].removeprefix("---"))


def test_every_claim_of_the_real_site_is_cited_as_its_file_says(real_site: Build):
    """Every published claim: Zotero's record has the file's headline and publication date, the publisher
    as author, the canonical URL; the first <time> is the check's; ClaimReview types the claimant by kind."""
    files = sorted((REPO / "content/claims").glob("*.md"))
    assert len(files) > 20
    for path in files:
        claim = front_matter(path)
        page = BeautifulSoup((real_site.output / "claims" / path.stem / "index.html").read_text("utf-8"), "html.parser")
        review = claimreview(page)
        item = zotero_reads(page)
        published = str(claim["published"])
        assert item["title"] == claim["headline"], path
        assert item["creators"] == [review["author"]["name"]] == [item["publisher"]], path
        assert iso(item["date"]) == published == first_time(page), path
        assert item["url"] == review["url"] and item["itemType"] == "webpage", path
        kind = {"person": "Person", "organization": "Organization"}[claim["claimant_kind"]]
        assert review["itemReviewed"]["author"] == {"@type": kind, "name": claim["claimant"]}, path
