"""Publisher identity as settings: who publishes, their logo and profiles, and the licences, said the same everywhere.

FACTCHECK_PUBLISHER and FACTCHECK_CONTENT_LICENSE reach ClaimReview (`author`, `publisher`),
the DataFeed, the Atom feeds (`author`, `rights`), claims.json, the footer and the reuse page.
Without them the publisher is SITENAME at the site's address, with no logo or profiles, and no
page claims a licence for its text. A value the plugin cannot use is one line naming the setting.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from conftest import Build, make_site, run_build, run_check

from factcheck.settings import config_from_settings

ATOM = "{http://www.w3.org/2005/Atom}"
PUBLISHER = {
    "name": "Alpha Desk",
    "url": "https://desk.example/",
    "logo": "favicon.svg",
    "same_as": ["https://www.wikidata.org/wiki/Q42", "https://social.example/@alphadesk"],
}
CONTENT_LICENSE = "https://creativecommons.org/licenses/by-sa/4.0/"
ORGANISATION = {
    "@type": "Organization",
    "name": "Alpha Desk",
    "url": "https://desk.example/",
    "logo": "http://localhost:8000/theme/favicon.svg",
    "sameAs": PUBLISHER["same_as"],
}


def with_settings(root: Path, text: str) -> Path:
    settings = root / "pelicanconf.py"
    settings.write_text(settings.read_text(encoding="utf-8") + "\n" + text + "\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def declared(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The basic fixture with a full publisher and a licence for the pages' text."""
    root = make_site(tmp_path_factory.mktemp("declared"))
    with_settings(root, f"FACTCHECK_PUBLISHER = {PUBLISHER!r}\nFACTCHECK_CONTENT_LICENSE = {CONTENT_LICENSE!r}")
    build = run_build(root)
    assert build.returncode == 0, build.stderr
    return build


@pytest.fixture(scope="module")
def undeclared(tmp_path_factory: pytest.TempPathFactory) -> Build:
    build = run_build(make_site(tmp_path_factory.mktemp("undeclared")))
    assert build.returncode == 0, build.stderr
    return build


def claimreview(build: Build, slug: str = "richest-person") -> dict:
    return json.loads(build.page(f"claims/{slug}/").select_one('script[type="application/ld+json"]').string)


def feed(build: Build, path: str = "feeds/claims.atom.xml") -> ElementTree.Element:
    return ElementTree.parse(build.output / path).getroot()


def test_claimreview_names_the_publisher_as_author_and_publisher(declared: Build):
    review = claimreview(declared)
    assert review["author"] == review["publisher"] == ORGANISATION
    data_feed = json.loads((declared.output / "api/claimreview.json").read_text(encoding="utf-8"))
    assert data_feed["sdPublisher"] == ORGANISATION
    assert data_feed["dataFeedElement"][0]["item"][0]["publisher"] == ORGANISATION


def test_every_feed_names_the_publisher_and_the_licence(declared: Build):
    for path in ("feeds/claims.atom.xml", "feeds/verdicts/outdated.atom.xml"):
        root = feed(declared, path)
        assert root.findtext(f"{ATOM}author/{ATOM}name") == "Alpha Desk"
        assert root.findtext(f"{ATOM}author/{ATOM}uri") == "https://desk.example/"
        assert root.findtext(f"{ATOM}rights") == f"CC BY-SA 4.0: {CONTENT_LICENSE}"
        for entry in root.iter(f"{ATOM}entry"):
            assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Alpha Desk"


def test_the_json_api_names_the_publisher(declared: Build):
    document = json.loads((declared.output / "api/claims.json").read_text(encoding="utf-8"))
    assert document["publisher"] == {
        "name": "Alpha Desk",
        "url": "https://desk.example/",
        "logo": "http://localhost:8000/theme/favicon.svg",
        "same_as": PUBLISHER["same_as"],
    }
    assert document["license"] == "https://creativecommons.org/licenses/by/4.0/"


@pytest.mark.parametrize("url", ["", "claims/richest-person/", "reuse/"])
def test_every_page_footer_carries_the_licence_line(declared: Build, url: str):
    line = declared.page(url).select_one(".site-footer .licence")
    assert line.get_text(" ", strip=True) == (
        "The text of this site is published by Alpha Desk under CC BY-SA 4.0 ; the data files under CC BY 4.0 ."
    )
    assert line.select_one('a[rel="license"]')["href"] == CONTENT_LICENSE


def test_the_reuse_page_says_the_pages_licence(declared: Build, undeclared: Build):
    said = declared.page("reuse/").select_one("#licence-heading").find_next("p").get_text()
    assert "The text of the pages is published under CC BY-SA 4.0." in said and "declares no licence" not in said
    unsaid = undeclared.page("reuse/").select_one("#licence-heading").find_next("p").get_text()
    assert "the site declares no licence for the text of its pages" in unsaid


def test_without_settings_the_publisher_is_the_site_and_no_page_claims_a_licence(undeclared: Build):
    organisation = {"@type": "Organization", "name": "Alpha & Beta Fact Check", "url": "http://localhost:8000/"}
    review = claimreview(undeclared)
    assert review["author"] == review["publisher"] == organisation
    root = feed(undeclared)
    assert root.find(f"{ATOM}rights") is None
    assert root.findtext(f"{ATOM}author/{ATOM}uri") == "http://localhost:8000/"
    for page in sorted(undeclared.output.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        assert 'rel="license"' not in html or page.parent.name == "reuse", page
        assert 'class="licence"' not in html, page
    document = json.loads((undeclared.output / "api/claims.json").read_text(encoding="utf-8"))
    assert document["publisher"] == {
        "name": "Alpha & Beta Fact Check",
        "url": "http://localhost:8000/",
        "logo": None,
        "same_as": [],
    }


def test_a_published_logo_and_publisher_address_follow_siteurl():
    settings = {
        "PATH": "content",
        "SITENAME": "Desk",
        "SITEURL": "https://facts.example",
        "THEME": str(Path(__file__).resolve().parent.parent / "theme"),
        "SLUG_REGEX_SUBSTITUTIONS": [],
        "FACTCHECK_PUBLISHER": {"logo": "favicon.svg"},
    }
    publisher = config_from_settings(settings).publisher
    assert (publisher.name, publisher.url) == ("Desk", "https://facts.example/")
    assert publisher.logo == "https://facts.example/theme/favicon.svg"
    absolute = {**settings, "FACTCHECK_PUBLISHER": {"logo": "https://cdn.example/logo.png"}}
    assert config_from_settings(absolute).publisher.logo == "https://cdn.example/logo.png"


LOGO = "must be an image (.png, .jpg, .jpeg, .gif, .webp, .svg) among the theme's static files, like "


@pytest.mark.parametrize(
    "setting, message",
    [
        (
            "FACTCHECK_PUBLISHER = 'Alpha Desk'",
            "FACTCHECK_PUBLISHER must be a dict with the keys name, url, logo, same_as; got 'Alpha Desk'",
        ),
        (
            "FACTCHECK_PUBLISHER = {'name': 'A', 'sameAs': []}",
            "FACTCHECK_PUBLISHER has no key 'sameAs': the keys are name, url, logo, same_as",
        ),
        (
            "FACTCHECK_PUBLISHER = {'name': 'Alpha\\nDesk'}",
            "FACTCHECK_PUBLISHER['name'] must be the organisation's name on one line; got 'Alpha\\nDesk'",
        ),
        (
            "FACTCHECK_PUBLISHER = {'url': 'desk.example'}",
            "FACTCHECK_PUBLISHER['url'] must be the organisation's https address, like https://example.org/; "
            "got 'desk.example'",
        ),
        (
            "FACTCHECK_PUBLISHER = {'url': 'javascript:alert(1)'}",
            "FACTCHECK_PUBLISHER['url'] must be the organisation's https address, like https://example.org/; "
            "got 'javascript:alert(1)'",
        ),
        (
            "FACTCHECK_PUBLISHER = {'logo': 'images/missing.png'}",
            f"FACTCHECK_PUBLISHER['logo'] {LOGO}'images/logo.png', or its https address; got 'images/missing.png'",
        ),
        (
            "FACTCHECK_PUBLISHER = {'logo': '../../pelicanconf.py'}",
            f"FACTCHECK_PUBLISHER['logo'] {LOGO}'images/logo.png', or its https address; got '../../pelicanconf.py'",
        ),
        (
            "FACTCHECK_PUBLISHER = {'logo': 'http://desk.example/logo.png'}",
            f"FACTCHECK_PUBLISHER['logo'] {LOGO}'images/logo.png', or its https address; "
            "got 'http://desk.example/logo.png'",
        ),
        (
            "FACTCHECK_PUBLISHER = {'same_as': 'https://social.example/@desk'}",
            "FACTCHECK_PUBLISHER['same_as'] must be a list of the https addresses of the organisation's own "
            "profiles, like ['https://www.wikidata.org/wiki/Q…']; got 'https://social.example/@desk'",
        ),
        (
            "FACTCHECK_PUBLISHER = {'same_as': ['https://ok.example/', 'https://a b.example/']}",
            "FACTCHECK_PUBLISHER['same_as'] must be a list of the https addresses of the organisation's own "
            "profiles, like ['https://www.wikidata.org/wiki/Q…']; got ['https://ok.example/', 'https://a b.example/']",
        ),
        (
            "FACTCHECK_CONTENT_LICENSE = 'CC BY-SA'",
            "FACTCHECK_CONTENT_LICENSE must be the address of the licence, like "
            "https://creativecommons.org/licenses/by/4.0/, or empty for none; got 'CC BY-SA'",
        ),
        (
            "FACTCHECK_DATA_LICENSE = ''",
            "FACTCHECK_DATA_LICENSE must be the address of the licence, like "
            "https://creativecommons.org/licenses/by/4.0/; got ''",
        ),
    ],
)
def test_a_publisher_setting_the_plugin_cannot_use_is_one_line(tmp_path: Path, setting: str, message: str):
    root = with_settings(make_site(tmp_path), setting)
    check = run_check(root)
    assert check.returncode == 1
    assert check.stderr.splitlines() == [f"settings: error: {message}"]
    build = run_build(root)
    assert build.returncode == 1
    assert build.stderr.splitlines() == [f"build FAILED: settings: error: {message}", "Nothing was published."]
    assert not (root / "output").exists()
