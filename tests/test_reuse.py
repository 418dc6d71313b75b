"""Visible and shareable: a "Follow and reuse" page linked from every page, feeds per verdict, claimant and
topic, a copy-link button, an embeddable verdict card that needs none of our script, and an oEmbed
document every claim page names. (The copy button in a browser: tests/test_browser.py.)

Attacks tried: the hostile fixture's claim, claimant, conclusion and tags (attribute break-outs with
" and ', entities, `javascript:`, Jinja syntax) through the card's HTML, the oEmbed JSON and the page
that shows the card to copy; a renamed claim and a renamed claimant, whose old feed and oEmbed
addresses were cited; a renamed claimant with no redirect declared.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import Build, make_site, run_build, run_check

from factcheck.opendata import licence_name

SITE = "http://localhost:8000"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Build:
    build = run_build(make_site(tmp_path_factory.mktemp("hostile"), "test-hostile"))
    assert build.returncode == 0, build.stderr
    return build


def local(build: Build, url: str) -> Path:
    """The output file an absolute or root-relative URL of the fixture site serves."""
    path = url.removeprefix(SITE).lstrip("/")
    return build.output / (path + "index.html" if path.endswith("/") or not path else path)


def atom(build: Build, url: str) -> feedparser.FeedParserDict:
    feed = feedparser.parse(local(build, url).read_bytes())
    assert not feed.bozo and feed.version == "atom10", url
    return feed


def open_data(build: Build) -> list[dict]:
    return json.loads((build.output / "api/claims.json").read_text(encoding="utf-8"))["claims"]


def lines_of(card: BeautifulSoup) -> list[str]:
    """The card's text as a reader sees it: a line per paragraph or line break."""
    card = copy.copy(card)
    for br in card.find_all("br"):
        br.replace_with("\n")
    return [" ".join(line.split()) for p in card.find_all("p") for line in p.get_text().split("\n")]


def test_every_page_footer_links_follow_and_reuse(basic_build: Build):
    pages = [p for p in basic_build.output.rglob("*.html") if 'http-equiv="refresh"' not in p.read_text()]
    assert len(pages) > 20
    for path in pages:
        footer = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one(".site-footer")
        assert footer.find("a", string="Follow and reuse", href="/reuse/"), path


def test_reuse_page_lists_every_feed_and_each_is_an_atom_feed(basic_build: Build):
    page = basic_build.page("reuse/")
    assert page.h1.get_text() == "Follow and reuse"
    listed = [a["href"] for a in page.select("a[type='application/atom+xml']")]
    written = sorted("/" + str(p.relative_to(basic_build.output)) for p in basic_build.output.rglob("*.atom.xml"))
    assert sorted(listed) == written
    assert {"/feeds/claims.atom.xml", "/feeds/verdicts/false.atom.xml", "/feeds/claimants/alpha-corp.atom.xml"} <= set(
        listed
    )
    assert "/feeds/topics/widgets.atom.xml" in listed
    assert len([u for u in listed if u.startswith("/feeds/verdicts/")]) == 8  # every verdict of the scale
    for url in listed:
        atom(basic_build, url)
    data = {a.get_text(): a["href"] for a in page.select("a[type='application/json']")}
    assert data["The claims as JSON"] == "/api/claims.json"
    assert data["The ClaimReview feed"] == "/api/claimreview.json"
    assert json.loads(local(basic_build, "/api/claimreview.json").read_text())["@type"] == "DataFeed"


def test_reuse_page_states_the_data_licence_the_site_declares_and_no_other(basic_build: Build):
    section = basic_build.page("reuse/").find(id="licence-heading").parent
    licence = section.find("a", rel="license")
    declared = json.loads((basic_build.output / "api/claims.json").read_text())["license"]
    assert licence["href"] == declared == "https://creativecommons.org/licenses/by/4.0/"
    assert licence.get_text() == "CC BY 4.0"
    text = " ".join(section.get_text().split())
    assert (
        "That licence applies to the data files only: the site declares no licence for the text of its pages." in text
    )
    assert len(section.find_all("a", rel="license")) == 1


def test_a_licence_is_named_from_its_address_or_shown_as_it_is():
    assert licence_name("https://creativecommons.org/licenses/by-sa/4.0/") == "CC BY-SA 4.0"
    assert licence_name("https://creativecommons.org/publicdomain/zero/1.0/") == "CC0 1.0"
    assert licence_name("https://example.org/our-terms") == "https://example.org/our-terms"


@pytest.mark.parametrize(
    ("page", "feed", "belongs"),
    [
        (
            "claimants/alpha-corp/",
            "/feeds/claimants/alpha-corp.atom.xml",
            lambda c: c["claimant"]["name"] == "Alpha Corp",
        ),
        (
            "claimants/beta-group/",
            "/feeds/claimants/beta-group.atom.xml",
            lambda c: c["claimant"]["name"] == "Beta Group",
        ),
        ("topics/widgets/", "/feeds/topics/widgets.atom.xml", lambda c: "widgets" in [t["name"] for t in c["tags"]]),
        ("topics/wealth/", "/feeds/topics/wealth.atom.xml", lambda c: "wealth" in [t["name"] for t in c["tags"]]),
        ("verdicts/false/", "/feeds/verdicts/false.atom.xml", lambda c: c["verdict"]["key"] == "false"),
    ],
)
def test_claimant_topic_and_verdict_pages_offer_a_feed_of_exactly_their_claims(basic_build: Build, page, feed, belongs):
    soup = basic_build.page(page)
    alternate = soup.head.find_all("link", rel="alternate", type="application/atom+xml")
    assert [link["href"] for link in alternate] == [f"{SITE}/feeds/claims.atom.xml", f"{SITE}{feed}"]
    assert soup.select_one(".follow a[type='application/atom+xml']")["href"] == feed
    entries = atom(basic_build, feed).entries
    expected = sorted(c["url"] for c in open_data(basic_build) if belongs(c))
    assert expected and sorted(e.link for e in entries) == expected
    assert all(e.title.split(": ", 1)[0] in {"False", "Outdated"} for e in entries)


def test_every_claim_page_names_its_oembed_document_and_it_is_a_rich_oembed(basic_build: Build):
    for claim in open_data(basic_build):
        page = basic_build.page(claim["url"].removeprefix(SITE))
        [link] = page.head.find_all("link", type="application/json+oembed")
        assert link["rel"] == ["alternate"] and link["href"] == claim["url"] + "oembed.json"
        document = json.loads(local(basic_build, link["href"]).read_text(encoding="utf-8"))
        assert document["version"] == "1.0" and document["type"] == "rich"
        assert document["title"] == f"{claim['verdict']['label']}: {claim['headline']}"
        assert document["author_name"] == document["provider_name"] == "Alpha & Beta Fact Check"
        assert document["provider_url"] == document["author_url"] == f"{SITE}/"
        assert document["width"] == 550 and 100 < document["height"] < 400
        assert isinstance(document["cache_age"], int) and document["cache_age"] > 0
        assert document["thumbnail_url"] == claim["url"] + "card.png"
        assert (document["thumbnail_width"], document["thumbnail_height"]) == (1200, 630)
        # The page shows, to copy, exactly the HTML oEmbed consumers get.
        assert page.select_one("#embed-code").get_text() == document["html"]


def test_the_card_shows_claim_claimant_verdict_date_and_site_and_links_to_the_check(basic_build: Build):
    document = json.loads((basic_build.output / "claims/hundred-widgets/oembed.json").read_text())
    card = BeautifulSoup(document["html"], "html.parser")
    [quote] = card.find_all(recursive=False)
    assert quote.name == "blockquote"
    assert lines_of(card) == [
        "Claim: Alpha Corp sold exactly 100 widgets last year.",
        "Claimant: Alpha Corp, 4 January 2021",
        "Verdict: False The filing shows 90.",
        "Fact check by Alpha & Beta Fact Check, 2 March 2021. Read the full check",
    ]
    assert [a["href"] for a in quote.find_all("a")] == [f"{SITE}/claims/hundred-widgets/"]
    assert quote.find("time")["datetime"] == "2021-03-02"
    assert "#8b1a1a" in quote.find("b")["style"]  # the verdict's colour from the scale
    assert not card.find(["script", "link", "img", "iframe", "style"])  # nothing of ours to load


def test_the_card_carries_no_markup_from_content(hostile: Build):
    document = json.loads((hostile.output / "claims/hostile-claim/oembed.json").read_text())
    card = BeautifulSoup(document["html"], "html.parser")
    skeleton = [(tag.name, sorted(tag.attrs)) for tag in card.find_all(True)]
    assert skeleton == [
        ("blockquote", ["class", "style"]),
        ("p", ["style"]),
        ("br", []),
        ("br", []),
        ("b", ["style"]),
        ("p", ["style"]),
        ("time", ["datetime"]),
        ("a", ["href", "style"]),
    ]
    assert lines_of(card)[:3] == [
        'Claim: Quote " onmouseover="alert(8)" breaks out',
        'Claimant: Mallory" onclick="alert(10), January 2021',
        "Verdict: False ' onmouseover='alert(11)' & javascript:alert(12)",
    ]
    assert card.find("a")["href"] == f"{SITE}/claims/hostile-claim/"
    page = hostile.page("claims/hostile-claim/")
    assert page.select_one("#embed-code").get_text() == document["html"]  # shown as text, to copy
    assert not page.select_one(".share").find("blockquote")
    assert document["title"] == "False: {{ 7*7 }} &lt;script&gt;alert(9)&lt;/script&gt;"  # JSON text, never markup


def test_the_permalink_is_visible_without_script_and_a_button_copies_it(basic_build: Build):
    share = basic_build.page("claims/richest-person/").select_one("section.share")
    link = share.find(id="share-link")
    assert link.name == "a" and link["href"] == link.get_text() == f"{SITE}/claims/richest-person/"
    button = share.find("button", attrs={"data-copy": "share-link"})
    assert button.get_text() == "Copy link" and button.has_attr("hidden")  # cite.js shows it when it can copy
    embed = share.find("details")
    assert embed.summary.get_text() == "Embed this verdict on your site"
    assert embed.find("button", attrs={"data-copy": "embed-code"}).has_attr("hidden")
    scripts = [s["src"] for s in basic_build.page("claims/richest-person/").find_all("script", src=True)]
    assert scripts == ["/theme/js/site.js", "/theme/js/cite.js"]  # our own files only: the CSP allows nothing else


def test_a_renamed_claim_and_claimant_keep_their_cited_oembed_and_feed_addresses(site_root: Path):
    old = site_root / "content/claims/hundred-widgets.md"
    new = site_root / "content/claims/widgets-sold.md"
    text = old.read_text().replace("tags: [widgets]", "tags: [widgets]\naliases: [hundred-widgets]")
    new.write_text(text.replace("claimant: Alpha Corp\n", "claimant: Alpha Corporation\n"))
    old.unlink()
    with (site_root / "content/permalinks.txt").open("a") as registry:
        registry.write("/claims/hundred-widgets/ -> /claims/widgets-sold/\n")
        registry.write("/claimants/alpha-corp/ -> /claimants/alpha-corporation/\n")
    build = run_build(site_root)
    assert build.returncode == 0, build.stderr
    assert "error" not in build.stderr
    moved = json.loads((build.output / "claims/hundred-widgets/oembed.json").read_text())
    assert moved == json.loads((build.output / "claims/widgets-sold/oembed.json").read_text())
    assert f"{SITE}/claims/widgets-sold/" in moved["html"]
    old_feed, new_feed = (
        atom(build, "/feeds/claimants/alpha-corp.atom.xml"),
        atom(build, "/feeds/claimants/alpha-corporation.atom.xml"),
    )
    assert [e.link for e in old_feed.entries] == [e.link for e in new_feed.entries] == [f"{SITE}/claims/widgets-sold/"]


def test_a_claimant_renamed_without_a_redirect_is_one_error_and_its_feed_is_named_when_alone(site_root: Path):
    claim = site_root / "content/claims/hundred-widgets.md"
    claim.write_text(claim.read_text().replace("claimant: Alpha Corp\n", "claimant: Alpha Corporation\n"))
    fix = (
        "if the claimant was renamed, declare where its page went: add the line "
        "`/claimants/alpha-corp/ -> /claimants/<new-slug>/` to the permalink registry; never delete a published URL"
    )
    checked = run_check(site_root)
    errors = [line for line in checked.stderr.splitlines() if ": error: " in line]
    registry = site_root / "content/permalinks.txt"
    line = registry.read_text().splitlines().index("/claimants/alpha-corp/") + 1
    assert errors == [
        f"content/permalinks.txt:{line}: error: published URL /claimants/alpha-corp/ is no longer produced by the "
        f"site — {fix}"
    ]
    # Were the page's line gone from the registry (CI's registry-diff refuses that), its feed says where it belongs.
    registry.write_text(registry.read_text().replace("/claimants/alpha-corp/\n", ""))
    line = registry.read_text().splitlines().index("/feeds/claimants/alpha-corp.atom.xml") + 1
    errors = [line for line in run_check(site_root).stderr.splitlines() if ": error: " in line]
    assert errors == [
        f"content/permalinks.txt:{line}: error: published URL /feeds/claimants/alpha-corp.atom.xml is no longer "
        f"produced by the site — {fix} (this file is published with the page /claimants/alpha-corp/ and moves with it)"
    ]
