"""Devserver rebuilds: only changed pages are rewritten, and no rebuild ever serves a stale cross-link.

Each test builds a fixture site twice in one process, as `make devserver` does, changing one
thing in between, and checks every page that shows it.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import make_site
from pelican import Pelican
from pelican.settings import read_settings


class Devserver:
    """Pelican runs in one process, writing into one output directory."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.output = root / "devserver-output"

    def run(self, **overrides) -> None:
        cwd = os.getcwd()
        os.chdir(self.root)
        try:
            logging.disable(logging.WARNING)
            settings = read_settings("pelicanconf.py", override={"OUTPUT_PATH": str(self.output), **overrides})
            Pelican(settings).run()
        finally:
            logging.disable(logging.NOTSET)
            os.chdir(cwd)

    def page(self, url: str) -> BeautifulSoup:
        return BeautifulSoup((self.output / url / "index.html").read_text(encoding="utf-8"), "html.parser")

    def stamps(self) -> dict[str, int]:
        return {str(p.relative_to(self.output)): p.stat().st_mtime_ns for p in self.output.rglob("*.html")}

    def edit(self, relative: str, old: str, new: str) -> None:
        path = self.root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def devserver(tmp_path: Path) -> Devserver:
    server = Devserver(make_site(tmp_path))
    server.run()
    return server


def test_editing_one_claim_rewrites_its_pages_and_leaves_the_others(devserver: Devserver):
    before = devserver.stamps()
    devserver.edit("content/claims/hundred-widgets.md", "The filing says 90.", "The filing says 90 widgets.")
    devserver.run()
    after = devserver.stamps()
    rewritten = {page for page in after if after[page] != before.get(page)}
    assert "claims/hundred-widgets/index.html" in rewritten
    assert "claims/richest-person/index.html" not in rewritten
    assert "sources/beta-letter/index.html" not in rewritten  # the edited claim does not quote it
    assert "90 widgets" in devserver.page("claims/hundred-widgets").select_one(".reasoning").get_text()


def test_editing_a_source_updates_every_claim_that_quotes_it(devserver: Devserver):
    devserver.edit("content/sources/alpha-post.md", "title: Alpha post", "title: Alpha post, corrected")
    devserver.run()
    for claim in ("richest-person", "hundred-widgets"):
        text = devserver.page(f"claims/{claim}").select_one(".appearances").get_text()
        assert "Alpha post, corrected" in text, claim


def test_moving_a_quoted_passage_moves_the_link_to_it(devserver: Devserver):
    registry = devserver.root / "content/permalinks.txt"  # only a source not yet registered may be renumbered
    lines = registry.read_text(encoding="utf-8").splitlines(keepends=True)
    registry.write_text("".join(line for line in lines if "/sources/alpha-post/#" not in line), encoding="utf-8")
    devserver.edit(
        "content/sources/alpha-post.md",
        "kind: news-article\n---\n",
        "kind: news-article\n---\nA new first paragraph.\n\n",
    )
    devserver.run()
    links = [a["href"] for a in devserver.page("claims/richest-person").select(".appearance figcaption a")]
    assert links[0] == "/sources/alpha-post/#p3"
    paragraph = devserver.page("sources/alpha-post").find(id="p3")
    assert paragraph.select_one("mark a")["href"] == "/claims/richest-person/"


def test_changing_a_verdict_updates_claim_source_index_and_verdict_pages(devserver: Devserver):
    devserver.edit("content/claims/richest-person.md", "verdict: outdated", "verdict: mixed")
    devserver.run()
    assert devserver.page("claims/richest-person").select_one(".claim-box .badge").get_text() == "Mixed"
    assert "Mixed" in [b.get_text() for b in devserver.page("sources/beta-letter").select(".archived-text .badge")]
    assert "/claims/richest-person/" in str(devserver.page("verdicts/mixed"))
    assert "/claims/richest-person/" not in str(devserver.page("verdicts/outdated").select_one("main"))


def test_changing_a_setting_never_serves_stale_pages(devserver: Devserver):
    devserver.run(SITENAME="Renamed Checks")
    for url in ("claims/richest-person", "sources/alpha-post", "claims", ""):
        assert devserver.page(url).select_one(".site-name").get_text() == "Renamed Checks", url


def test_changing_the_verdict_scale_or_a_template_rerenders(devserver: Devserver):
    devserver.edit("content/verdicts.yaml", "label: Outdated", "label: Out of date")
    devserver.run()
    assert devserver.page("claims/richest-person").select_one(".claim-box .badge").get_text() == "Out of date"
    template = Path(__file__).resolve().parents[1] / "theme/templates/claim.html"
    before = devserver.stamps()
    os.utime(template)  # as if edited: the theme's fingerprint changes
    devserver.run()
    after = devserver.stamps()
    assert after["claims/richest-person/index.html"] != before["claims/richest-person/index.html"]
