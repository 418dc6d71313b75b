"""The Arabic fixture site in Chromium: it reads right to left, fits a phone, and passes axe.

tests/roots/test-ar built with DEFAULT_LANG = "ar": every page says `dir="rtl"`, and the theme's
CSS is written with logical properties, so what starts a line (the verdict stripe of a claim
card, the quote's rule, paragraph numbers) sits on the right. Screenshots go to
tests/artifacts/rtl-*.png. Runs on the browser worker (conftest.ONE_WORKER); without Chromium
these tests fail, they never skip.
"""

from __future__ import annotations

import re

import pytest
from browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, DESKTOP, NARROWEST, serve
from conftest import run_build
from test_i18n import CLAIMS, site_in

PAGES = {"home": "/", "claim": f"/claims/{CLAIMS['ar']}/", "source": "/sources/maqal-alfa/", "claims": "/claims/"}


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    build = run_build(site_in(tmp_path_factory.mktemp("ar"), "ar"))
    assert build.returncode == 0, build.stderr
    with serve(build.output) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from pathlib import Path

    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"no Chromium at {CHROMIUM}: install Debian's chromium package (.ci/run does)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=30000)
        yield browser
        browser.close()


def opened(browser, url: str, viewport: dict):
    page = browser.new_context(viewport=viewport).new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page, errors


@pytest.mark.parametrize("name", list(PAGES))
def test_pages_read_right_to_left_fit_a_phone_and_pass_axe(browser, base_url: str, name: str):
    from axe_playwright_python.sync_playwright import Axe

    ARTIFACTS.mkdir(exist_ok=True)
    for label, viewport in (("phone", NARROWEST), ("desktop", DESKTOP)):
        page, errors = opened(browser, base_url + PAGES[name], viewport)
        assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {viewport['width']}px"
        page.screenshot(path=str(ARTIFACTS / f"rtl-{name}-{label}.png"), full_page=True)
        if label == "desktop":
            results = Axe().run(page)
            serious = [
                (v["id"], [n["target"] for n in v["nodes"]][:3])
                for v in results.response["violations"]
                if v["impact"] in ("serious", "critical")
            ]
            assert serious == []
        page.context.close()
        assert errors == []


def test_what_starts_a_line_sits_on_the_right(browser, base_url: str):
    page, _ = opened(browser, base_url + "/", DESKTOP)
    card = page.locator(".claim-card").first
    borders = card.evaluate("e => [getComputedStyle(e).borderRightWidth, getComputedStyle(e).borderLeftWidth]")
    assert borders == ["6px", "0px"]
    box, title = card.bounding_box(), page.locator(".claim-card .badge").first.bounding_box()
    assert box and title and title["x"] + title["width"] > box["x"] + box["width"] - 40  # the badge starts at the right
    page.context.close()
    page, _ = opened(browser, base_url + "/sources/maqal-alfa/", DESKTOP)
    paragraph = page.locator(".archived-text p").first.bounding_box()
    number = page.locator(".para-number").first.bounding_box()
    assert paragraph and number and number["x"] > paragraph["x"] + paragraph["width"] / 2
    page.context.close()


def test_what_the_scripts_write_is_arabic_too(browser, base_url: str):
    page, errors = opened(browser, base_url + "/search/?q=" + "ألفا", DESKTOP)
    from playwright.sync_api import expect

    expect(page.locator(".search-status")).to_have_text(
        re.compile(r"^(نتيجة واحدة|نتيجتان|\d+ (نتائج|نتيجة)) عن «ألفا»$")
    )
    page.context.close()
    page, more = opened(browser, base_url + "/claims/?verdict=false", DESKTOP)
    assert page.locator("#browse [role=status]").text_content() == "يُعرض 1 من 1 ادعاء."
    assert page.locator(".claim-index h2 .count").first.text_content() == "ادعاء واحد"
    page.context.close()
    assert errors + more == []
