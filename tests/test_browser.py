"""The reader's experience in a real browser: search, browsing, citing, dark mode, phones, accessibility.

Runs Debian's Chromium through Playwright against the real site served on
localhost. `.ci/run` installs Chromium; without it these tests fail, they never skip.

The per-page checks share their pages, opened a few at a time ahead of need (`Pages`): each
page is loaded once, and the half-second of network silence each is waited for overlaps with
the next pages'. Under pytest-xdist the whole module runs on one worker (conftest.ONE_WORKER):
Chromium starts once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import pytest
from browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, DESKTOP, NARROWEST, PHONE, serve
from conftest import Build

if TYPE_CHECKING:
    from playwright.sync_api import Page

PAGE_TYPES = {
    "home": "/",
    "claims": "/claims/",
    "claim": "/claims/richest-man-in-china/",
    "sources": "/sources/",
    "source": "/sources/artist-rights-watch-alibaba/",
    "verdicts": "/verdicts/",
    "verdict": "/verdicts/mixed/",
    "claimants": "/claimants/",
    "claimant": "/claimants/todaychinacc/",
    "topics": "/topics/",
    "topic": "/topics/ant-group/",
    "search": "/search/?q=alibaba",
    "methodology": "/methodology/",
    "about": "/about/",
    "corrections": "/corrections/",
    "contribute": "/contribute/",
    "reuse": "/reuse/",
    "not-found": "/no-such-page/",
}


@pytest.fixture(scope="module")
def base_url(real_site: Build):
    with serve(real_site.output) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from pathlib import Path

    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"no Chromium at {CHROMIUM}: install Debian's chromium package (.ci/run does)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=30000)
        playwright.selectors.set_test_id_attribute("data-test")
        yield browser
        browser.close()


class Opened(NamedTuple):
    page: Page
    errors: list[str]  # console errors and warnings, and uncaught exceptions, since before navigation


class Pages:
    """The pages the per-page checks look at: each opened once, a few ahead of the checks.

    Each page gets a new context, is navigated, and is waited for until it has loaded and the
    network has been idle for 500 ms, exactly as `goto` then `wait_for_load_state("networkidle")`
    would; but `AHEAD` pages wait side by side, so their half-seconds of silence overlap. A page
    serves every check that looks at it the same way, and closes after the last (`done`): the
    desktop page of a page type is screenshotted and checked for accessibility. A page load costs
    Chromium more than a second of CPU; all pages at once would compete for the two cores.
    """

    AHEAD = 4

    def __init__(self, browser, base_url: str, wanted: dict[tuple[str, str], tuple[str, dict, str | None]]) -> None:
        self.browser, self.base_url, self.wanted = browser, base_url, wanted
        self.waiting = list(wanted)  # in the order the checks first need them
        self.users: dict[tuple[str, str], int] = {}  # checks still to look at each open page
        self.opened: dict[tuple[str, str], Opened] = {}

    def take(self, key: tuple[str, str], users: int = 1) -> Opened:
        """The page `key`, loaded; `users` checks look at it in all, each calling `done` after."""
        if key not in self.opened:
            others = [k for k in self.waiting if k != key and k not in self.opened]
            batch = [key, *others[: self.AHEAD - 1]]
            for each in batch:
                self.opened[each] = self._navigate(each)
            for each in batch:
                self.opened[each].page.wait_for_load_state("load")
            for each in batch:
                self.opened[each].page.wait_for_load_state("networkidle")
        if key in self.waiting:
            self.waiting.remove(key)
            self.users[key] = users
        return self.opened[key]

    def done(self, key: tuple[str, str]) -> None:
        self.users[key] -= 1
        if self.users[key] == 0:
            self.opened.pop(key).page.context.close()

    def _navigate(self, key: tuple[str, str]) -> Opened:
        path, options, scheme = self.wanted[key]
        page = self.browser.new_context(**options).new_page()
        if scheme:
            page.emulate_media(color_scheme=scheme)
        errors: list[str] = []
        page.on("console", lambda m: errors.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
        page.goto(self.base_url + path, wait_until="commit")
        return Opened(page, errors)

    def close(self) -> None:
        for each in self.opened.values():
            each.page.context.close()


ACCESSIBILITY = [(name, "light") for name in PAGE_TYPES] + [(n, "dark") for n in ("home", "claim", "source")]
# Which page each accessibility check looks at: light is the desktop page, which a browser shows by default.
SCHEME_PAGE = {"light": "desktop", "dark": "dark"}
DESKTOP_CHECKS = 2  # the page-type check and the light accessibility check


@pytest.fixture(scope="module")
def pages(browser, base_url: str):
    """Every page type at the narrowest phone width and at desktop width (light), and three dark."""
    wanted: dict[tuple[str, str], tuple[str, dict, str | None]] = {}
    for name, path in PAGE_TYPES.items():
        wanted[name, "phone"] = (path, {"viewport": NARROWEST}, None)
        wanted[name, "desktop"] = (path, {"viewport": DESKTOP}, "light")
    for name, scheme in ACCESSIBILITY:
        wanted.setdefault((name, SCHEME_PAGE[scheme]), (PAGE_TYPES[name], {"viewport": DESKTOP}, scheme))
    opened = Pages(browser, base_url, wanted)
    yield opened
    opened.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


@pytest.fixture
def desktop(browser):
    context = browser.new_context(viewport=DESKTOP)
    yield context.new_page()
    context.close()


def test_phone_reader_finds_richest_reads_verdict_and_checks_the_source(phone, base_url: str):
    phone.goto(f"{base_url}/")
    phone.fill("#site-search", "richest")
    phone.press("#site-search", "Enter")
    phone.wait_for_url("**/search/?q=richest")
    first = phone.locator(".search-result").first
    first.wait_for()
    assert "Outdated" in first.locator(".badge").inner_text()
    first.locator("a.search-result-title").click()
    phone.wait_for_url("**/claims/richest-man-in-china/")
    assert phone.locator(".claim-box .badge").inner_text() == "Outdated"
    phone.locator(".appearance figcaption a").first.click()
    phone.wait_for_url("**/sources/citizen-power-open-letter-to-jack-ma/#p2")
    target = phone.locator("#p2")
    assert target.evaluate("el => el.matches(':target')")
    assert target.locator("mark.passage").is_visible()
    target.locator("mark.passage a").first.click()
    phone.wait_for_url("**/claims/richest-man-in-china/")


def test_search_filters_by_verdict(desktop, base_url: str):
    desktop.goto(f"{base_url}/search/?q=ant&verdict=Misleading")
    desktop.locator(".search-result").first.wait_for()
    badges = desktop.locator(".search-result .badge").all_inner_texts()
    assert badges and set(badges) == {"Misleading"}


def test_claims_index_narrows_by_verdict_and_sorts(desktop, base_url: str):
    desktop.goto(f"{base_url}/claims/")
    total = desktop.locator(".claim-card").count()
    desktop.select_option("select[name=verdict]", "mixed")
    visible = desktop.locator(".claim-card:visible")
    assert 0 < visible.count() < total
    assert {c.get_attribute("data-verdict") for c in visible.all()} == {"mixed"}
    assert "verdict=mixed" in desktop.url
    assert desktop.locator("#browse [role=status]").inner_text() == f"Showing {visible.count()} of {total} claims."
    desktop.select_option("select[name=verdict]", "")
    desktop.select_option("select[name=sort]", "made-old")
    dates = [c.get_attribute("data-made") for c in desktop.locator("section:has(#mixed) .claim-card").all()]
    assert dates == sorted(dates)


def test_source_page_walks_from_passage_to_passage(desktop, base_url: str):
    desktop.goto(f"{base_url}/sources/todaychina-jack-ma-survival/")
    desktop.click("text=Jump to the first checked passage")
    assert desktop.url.endswith("#passage-1")
    desktop.locator("#passage-1 + .passage-nav a", has_text="next").click()
    assert desktop.url.endswith("#passage-2")


def test_copy_a_citation(browser, base_url: str):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{base_url}/claims/ft-white-house-memo/")
    from playwright.sync_api import expect

    page.click("button[data-copy=cite-bibtex]")
    expect(page.locator("button[data-copy=cite-bibtex]")).to_have_text("Copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator("#cite-bibtex").inner_text()
    assert copied.startswith("@misc{factcheck-ft-white-house-memo-2026,")
    context.close()


def test_copy_the_link_and_embed_a_card_that_needs_none_of_our_files(browser, base_url: str, real_site: Build):
    import json

    from playwright.sync_api import expect

    without_script = browser.new_context(java_script_enabled=False)
    page = without_script.new_page()
    page.goto(f"{base_url}/claims/ft-white-house-memo/")
    assert page.locator("#share-link").is_visible()  # the permalink, to select by hand
    assert not page.locator("button[data-copy=share-link]").is_visible()
    without_script.close()
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{base_url}/claims/ft-white-house-memo/")
    page.click("button[data-copy=share-link]")
    expect(page.locator("button[data-copy=share-link]")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == "http://localhost:8000/claims/ft-white-house-memo/"
    page.click("#embed-label")
    from axe_playwright_python.sync_playwright import Axe

    opened = Axe().run(page).response["violations"]  # the card's code block, shown
    assert [v["id"] for v in opened if v["impact"] in ("serious", "critical")] == []
    page.click("button[data-copy=embed-code]")
    expect(page.locator("button[data-copy=embed-code]")).to_have_text("Copied")
    pasted = page.evaluate("navigator.clipboard.readText()")
    document = json.loads((real_site.output / "claims/ft-white-house-memo/oembed.json").read_text(encoding="utf-8"))
    assert pasted == document["html"]
    # Pasted into another site's page, with none of our stylesheets or scripts: the card the oEmbed size promises.
    host = context.new_page()
    host.set_content(f"<!DOCTYPE html><html lang=en><title>Host</title><body>{pasted}</body></html>")
    card = host.locator(".factcheck-card").bounding_box()
    assert card["width"] <= document["width"]
    assert 0 <= document["height"] - card["height"] <= 25, (card, document["height"])  # a line too many at most
    link = host.get_by_role("link", name="Read the full check")
    assert link.get_attribute("href") == "http://localhost:8000/claims/ft-white-house-memo/"
    context.close()


def test_dark_mode_follows_the_system(browser, base_url: str):
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(f"{base_url}/claims/richest-man-in-china/")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(21, 23, 26)"
    context.close()


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_every_page_type_fits_320px_without_errors_and_screenshots(pages, name: str):
    ARTIFACTS.mkdir(exist_ok=True)
    errors: list[str] = []
    for label, users in (("phone", 1), ("desktop", DESKTOP_CHECKS)):
        page, seen = pages.take((name, label), users)
        if label == "phone":
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at 320px"
        page.screenshot(path=str(ARTIFACTS / f"{name}-{label}.png"), full_page=True)
        errors += seen
        pages.done((name, label))
    if name == "not-found":
        errors = [e for e in errors if "404" not in e]
    assert errors == []


@pytest.mark.parametrize(("name", "scheme"), ACCESSIBILITY)
def test_no_serious_accessibility_violation(pages, name: str, scheme: str):
    from axe_playwright_python.sync_playwright import Axe

    key = (name, SCHEME_PAGE[scheme])
    results = Axe().run(pages.take(key, DESKTOP_CHECKS if scheme == "light" else 1).page)
    pages.done(key)
    serious = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


def test_keyboard_user_sees_the_skip_link_and_focus(desktop, base_url: str):
    desktop.goto(f"{base_url}/claims/richest-man-in-china/")
    desktop.keyboard.press("Tab")
    skip = desktop.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.bounding_box()["x"] >= 0
    outline = skip.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"
    desktop.keyboard.press("Enter")
    assert desktop.url.endswith("#main")


def test_works_without_javascript(browser, base_url: str):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base_url}/")
    assert not page.locator("#site-search").is_visible()
    fallback = page.locator(".search-fallback")
    assert fallback.is_visible() and fallback.get_attribute("href") == "/claims/"
    page.goto(f"{base_url}/search/")
    assert page.locator(".search-needs-js").is_visible()
    page.goto(f"{base_url}/claims/")
    assert not page.locator("#browse").is_visible() and page.locator(".claim-card").count() >= 20
    context.close()


def test_print_shows_claim_sources_and_citation_without_chrome(desktop, base_url: str):
    desktop.goto(f"{base_url}/claims/richest-man-in-china/")
    desktop.emulate_media(media="print")
    assert not desktop.locator(".site-header").is_visible()
    assert not desktop.locator(".site-footer").is_visible()
    for part in (".claim-box", ".appearances", ".evidence", "#cite-plain"):
        assert desktop.locator(part).is_visible(), part
    assert not desktop.locator("button.copy").first.is_visible()


# Search that reads well; every check leads on (issue 15).


def wait_for_search(page, query: str) -> str:
    """The search status once the results for `query` are in (the page's CSP allows no evaluated script)."""
    import re

    from playwright.sync_api import expect

    expect(page.locator(".search-status")).to_have_text(re.compile(f"(No|[0-9]+) results? for “{re.escape(query)}”"))
    return page.locator(".search-status").inner_text()


def test_search_page_has_one_search_box_and_excerpts_without_run_on_labels(desktop, base_url: str):
    desktop.goto(f"{base_url}/search/?q=todaychina")
    assert not wait_for_search(desktop, "todaychina").startswith("No")
    assert desktop.locator("input[type=search]:visible").count() == 1
    excerpts = desktop.locator(".search-result-excerpt").all_inner_texts()
    assert len(excerpts) >= 10
    for excerpt in excerpts:  # the run-ons the issue saw, and the page furniture around them
        for furniture in (
            "Claimanttodaychina",
            "MadeDecember",
            "Publishertodaychina",
            "KindNews",
            "Originalhttp",
            "read it in context",
            "Our reasoning",
            "Our verdict",
            "The claim.",
        ):
            assert furniture not in excerpt, (furniture, excerpt)


def test_a_source_document_result_is_not_styled_as_a_verdict(desktop, base_url: str):
    desktop.goto(f"{base_url}/search/?q=alibaba")
    wait_for_search(desktop, "alibaba")
    document = desktop.locator(".search-result .badge", has_text="Source document").first
    style = "e => [getComputedStyle(e).backgroundColor, getComputedStyle(e).color, getComputedStyle(e).borderTopStyle]"
    shown = document.evaluate(style)
    verdicts = desktop.evaluate(
        """() => Array.from(document.styleSheets).filter(sheet => (sheet.href || "").endsWith("/verdicts.css"))
             .flatMap(sheet => Array.from(sheet.cssRules)).map(rule => rule.selectorText).map(selector => {
               const badge = document.createElement("span");
               badge.className = "badge " + selector.slice(1);
               document.body.appendChild(badge);
               const computed = getComputedStyle(badge);
               return [selector, computed.backgroundColor, computed.color];
             })"""
    )
    assert len(verdicts) == 8 and ".verdict-unproven" in [v[0] for v in verdicts]
    assert all(shown[0] != background for _, background, _ in verdicts), (shown, verdicts)


def test_no_results_says_what_to_try_and_where_to_browse(desktop, base_url: str):
    desktop.goto(f"{base_url}/search/?q=zzqxj")
    assert wait_for_search(desktop, "zzqxj") == "No results for “zzqxj”"
    advice = desktop.locator(".search-empty")
    assert advice.is_visible()
    assert {a.get_attribute("href") for a in advice.locator("a").all()} >= {"/claims/", "/sources/", "/topics/"}
    assert not desktop.locator("[data-search-clear]").is_visible()  # no filter to drop
    advice.locator("button", has_text="Alibaba").click()  # an example is a search of its own
    desktop.wait_for_url("**/search/?q=Alibaba")
    assert not wait_for_search(desktop, "Alibaba").startswith("No") and not advice.is_visible()


def test_no_results_because_of_a_filter_offers_the_search_without_it(desktop, base_url: str):
    desktop.goto(f"{base_url}/search/?q=Hundsun&verdict=Outdated")
    assert wait_for_search(desktop, "Hundsun") == "No results for “Hundsun”"
    desktop.locator("[data-search-clear]").click()
    from playwright.sync_api import expect

    expect(desktop.locator(".search-status")).to_have_text("1 result for “Hundsun”")
    assert desktop.locator(".search-result .badge").all_inner_texts() == ["Mostly false"]
    assert "verdict=" not in desktop.url


def test_a_scorecard_count_leads_to_exactly_those_claims_and_a_related_claim_leads_on(desktop, base_url: str):
    desktop.goto(f"{base_url}/claimants/todaychinacc/")
    item = desktop.locator(".scorecard li", has=desktop.locator(".badge", has_text="Mostly true")).first
    count = int(item.locator(".count").inner_text())
    item.locator("a").click()
    assert desktop.url.endswith("#rated-mostly-true")
    group = desktop.locator("#rated-mostly-true")
    assert group.evaluate("el => el.matches(':target')") and group.is_visible()
    verdicts = [card.get_attribute("data-verdict") for card in group.locator(".claim-card").all()]
    assert verdicts == ["mostly-true"] * count
    assert desktop.locator(".scorecard li.none a").count() == 0  # a zero leads nowhere
    group.locator("a.claim-card-title").first.click()
    desktop.wait_for_url("**/claims/**")
    related = desktop.locator(".related-list a.related-title").first
    headline = related.inner_text()
    related.click()
    assert desktop.locator("h1").inner_text() == headline


def test_search_merges_the_shards_of_a_large_sites_index(desktop, tmp_path, monkeypatch):
    """A large site's index is built in shards (each small enough for a CI runner); the search page merges them."""
    import json

    from conftest import make_site, run_build

    from factcheck import searchindex

    monkeypatch.setattr(searchindex, "SHARD_BYTES", 1)  # every page a shard of its own
    built = run_build(make_site(tmp_path))
    assert built.returncode == 0, built.stderr
    assert json.loads((built.output / searchindex.SHARDS_FILE).read_text(encoding="utf-8")) == ["2/", "3/", "4/"]
    with serve(built.output) as url:
        desktop.goto(f"{url}/search/?q=richest")
        assert wait_for_search(desktop, "richest") == "3 results for “richest”"  # from three of the four shards
        found = {a.get_attribute("href") for a in desktop.locator("a.search-result-title").all()}
        assert found == {"/claims/richest-person/", "/sources/alpha-post/", "/sources/beta-letter/"}
        claimants = desktop.locator("select[data-filter=claimant] option").all_inner_texts()
        assert {"Alpha Corp", "Beta Group"} <= set(claimants)  # each from another shard's filter
