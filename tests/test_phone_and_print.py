"""A claim read on a phone and on paper: the verdict on the first screen, the check's dates and any
verdict change beside it and on list cards; a printout of at most two A4 pages with the sources and
one plain citation.

The first-screen and page-count checks open every real claim page once in Debian's Chromium (as
tests/test_browser.py does): laid out at 390×844, device scale 1, then printed to PDF on A4 paper
(Chromium lays out a printout at the paper's width, whatever the window's). Under pytest-xdist this
module runs on the browser tests' worker (conftest.ONE_WORKER).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser import CHROMIUM, CHROMIUM_ARGS, serve
from conftest import Build, make_site, run_build

PHONE_SCREEN = {"width": 390, "height": 844}
A4_PAGES_AT_MOST = 2
# What a reader must see before scrolling: the claim, the verdict, the check's dates, every verdict
# change, the conclusion.
FIRST_SCREEN = (
    ".claim-text",
    ".claim-box .verdict-line .badge",
    ".claim-box .dateline",
    ".claim-box .correction",
    ".conclusion",
)

# On paper: the claim, its sources and one plain citation; none of the site's navigation and tools.
PRINTED = (".claim-box", ".appearances", ".reasoning", ".evidence li", "#cite-plain")
NOT_PRINTED = (".site-header", ".site-search", "nav", ".site-footer", ".breadcrumb", "button.copy", ".evidence-page")

# Where each part sits on the first screen, and whether the part is what a tap there reaches.
BOXES = """parts => parts.flatMap(selector => [...document.querySelectorAll(selector)].map(el => {
  const r = el.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return {selector, top: r.top, bottom: r.bottom, left: r.left, right: r.right,
          uncovered: !!hit && (el.contains(hit) || hit.contains(el))};
}))"""


def pdf_pages(pdf: bytes) -> int:
    """Page objects in a PDF as Chromium writes it (no object streams: each page is a `/Type /Page`)."""
    return len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", pdf))


def claim_pages(output: Path) -> list[str]:
    return sorted(
        f"/claims/{page.parent.name}/"
        for page in (output / "claims").glob("*/index.html")
        if 'http-equiv="refresh"' not in page.read_text(encoding="utf-8")
    )


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"no Chromium at {CHROMIUM}: install Debian's chromium package (.ci/run does)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=30000)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def seen(browser, real_site: Build) -> dict[str, dict]:
    """Every real claim page, opened once: where its first-screen parts sit at 390×844, and its
    printout on A4 paper."""
    context = browser.new_context(viewport=PHONE_SCREEN, device_scale_factor=1)
    page = context.new_page()
    results = {}
    with serve(real_site.output) as base_url:
        for path in claim_pages(real_site.output):
            page.goto(base_url + path)
            results[path] = {
                "boxes": page.evaluate(BOXES, list(FIRST_SCREEN)),
                "scrolled": page.evaluate("[window.scrollX, window.scrollY]"),
                "screen": page.evaluate("[window.innerWidth, window.innerHeight]"),
                "corrections": page.locator(".updates li", has_text="verdict changed").count(),
                "pdf": page.pdf(format="A4"),
            }
    context.close()
    assert len(results) >= 25
    return results


def test_on_a_phone_every_claim_page_shows_claim_verdict_dates_and_conclusion_before_any_scrolling(seen):
    hidden = []
    for path, page in seen.items():
        assert page["screen"] == [390, 844] and page["scrolled"] == [0, 0], path
        found = {box["selector"] for box in page["boxes"]}
        hidden += [(path, part, "missing") for part in FIRST_SCREEN if part not in found and "correction" not in part]
        hidden += [
            (path, box["selector"], f"at {box['top']:.0f}–{box['bottom']:.0f}px")
            for box in page["boxes"]
            if box["top"] < 0 or box["bottom"] > 844 or box["left"] < 0 or box["right"] > 390 or not box["uncovered"]
        ]
    assert hidden == []


def test_every_verdict_change_is_shown_beside_the_verdict(seen):
    for path, page in seen.items():
        beside = [box for box in page["boxes"] if box["selector"] == ".claim-box .correction"]
        assert len(beside) == page["corrections"], path
    assert sum(page["corrections"] for page in seen.values()) > 0  # the real site has corrected verdicts


def test_every_claim_prints_on_at_most_two_a4_pages(seen):
    printed = {path: pdf_pages(page["pdf"]) for path, page in seen.items()}
    assert min(printed.values()) >= 1
    assert {path: n for path, n in printed.items() if n > A4_PAGES_AT_MOST} == {}


def test_the_printout_has_the_sources_and_one_plain_citation_and_no_site_chrome(browser, real_site: Build):
    def size(path: str) -> int:
        return (real_site.output / path.strip("/") / "index.html").stat().st_size

    longest = max(claim_pages(real_site.output), key=size)
    context = browser.new_context()
    page = context.new_page()
    with serve(real_site.output) as base_url:
        page.goto(base_url + longest)
        page.emulate_media(media="print")
        for part in PRINTED:
            assert page.locator(part).first.is_visible(), part
        for part in NOT_PRINTED:
            assert page.locator(part).count() and not page.locator(part).first.is_visible(), part
        citations = [pre for pre in page.locator(".cite pre").all() if pre.is_visible()]
        assert [pre.get_attribute("id") for pre in citations] == ["cite-plain"]
        assert page.locator(".cite pre").count() >= 5  # BibTeX, CSL-JSON, {{cite web}} and RIS are on screen only
    context.close()


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The basic fixture, with an update that corrects the wording only (no verdict change) on richest-person."""
    root = make_site(tmp_path_factory.mktemp("phone"))
    claim = root / "content" / "claims" / "richest-person.md"
    text = claim.read_text(encoding="utf-8")
    claim.write_text(
        text.replace(
            "published: 2021-03-01\n",
            "published: 2021-03-01\nupdates:\n  - date: 2021-05-06\n    note: Fixed a typo.\n",
        ),
        encoding="utf-8",
    )
    built = run_build(root)
    assert built.returncode == 0, built.stderr
    return built


def test_the_verdict_has_the_checks_dates_and_its_correction_beside_it(build: Build):
    box = build.page("claims/hundred-widgets/").find("section", class_="claim-box")
    head = box.find(class_="verdict-head")
    assert head.find(class_="badge").get_text() == "False"
    assert head.find(class_="dateline").get_text() == "Fact check published 2 March 2021 · updated 1 April 2021"
    assert [p.get_text() for p in box.find_all(class_="correction")] == [
        "Updated 1 April 2021: verdict changed from Mostly true to False."
    ]
    parts = [p for p in box.find_all(class_=["verdict-head", "correction", "conclusion", "facts"])]
    assert [p["class"][0] for p in parts] == ["verdict-head", "correction", "conclusion", "facts"]
    assert head.find("a", href="#updates-heading").get_text() == "updated 1 April 2021"


def test_an_update_that_keeps_the_verdict_dates_the_check_without_a_correction_note(build: Build):
    page = build.page("claims/richest-person/")
    assert page.find(class_="dateline").get_text() == "Fact check published 1 March 2021 · updated 6 May 2021"
    assert page.find(class_="correction") is None
    assert page.find(id="updates-heading") is not None  # where "updated" leads


def test_list_cards_show_the_checks_dates_and_any_verdict_change(build: Build):
    for listing in ("claims/", "", "claimants/alpha-corp/", "verdicts/false/"):
        cards = {
            card.find(class_="claim-card-title").get_text(): card
            for card in build.page(listing).find_all("li", class_="claim-card")
        }
        corrected = cards["Did Alpha Corp sell exactly 100 widgets?"]
        assert corrected.find(class_="claim-card-dates").get_text() == (
            "Fact check published 2 March 2021 · updated 1 April 2021"
        ), listing
        assert [p.get_text() for p in corrected.find_all(class_="correction")] == [
            "Updated 1 April 2021: verdict changed from Mostly true to False."
        ], listing
        if "Is the founder the richest person in Testland?" in cards:
            reworded = cards["Is the founder the richest person in Testland?"]
            assert reworded.find(class_="claim-card-dates").get_text() == (
                "Fact check published 1 March 2021 · updated 6 May 2021"
            )
            assert reworded.find(class_="correction") is None
