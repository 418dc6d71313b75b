"""The build's caches never serve a stale page: share cards, the live site carried into the next build, search shards.

Each test builds a fixture site, changes one thing, builds again and checks every file that
shows it against what a cold build of the same content makes.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import make_site, run_build
from pelican import Pelican
from pelican.settings import read_settings

from factcheck import cardcache, generator, searchindex
from factcheck.cardcache import CardPool
from factcheck.sharecards import CardText, draw_card

CLAIM = "content/claims/richest-person.md"
ENTRIES = "pagefind/**/pagefind-entry.json"
CARD = "claims/richest-person/card.png"


def snapshot(directory: Path) -> dict[str, str]:
    return {
        str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def inodes(directory: Path) -> dict[str, int]:
    return {str(p.relative_to(directory)): p.stat().st_ino for p in sorted(directory.rglob("*")) if p.is_file()}


def edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def rename_claimant(root: Path) -> None:
    """Beta Group becomes Gamma Group on the claim's card; the registry declares where its page went."""
    edit(root, CLAIM, "claimant: Beta Group", "claimant: Gamma Group")
    with (root / "content/permalinks.txt").open("a", encoding="utf-8") as registry:
        registry.write("/claimants/beta-group/ -> /claimants/gamma-group/\n")


def _pages_of(bundle: Path) -> str:
    """The text of a Pagefind bundle's fragments (each names its page's URL)."""
    return "".join(gzip.decompress(f.read_bytes()).decode("utf-8", "replace") for f in bundle.glob("fragment/*"))


def in_git(root: Path) -> Path:
    """The site committed to a git work tree: the share-card cache is trusted only there."""
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "site"]):
        subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.org", *command], cwd=root, check=True)
    return root


def cold_build(root: Path, tmp_path: Path) -> dict[str, str]:
    """What a fresh clone of `root`'s content builds: no cache, no output."""
    clone = tmp_path / "cold"
    shutil.copytree(root, clone, ignore=shutil.ignore_patterns("cache", "output", "output.builds", "output.lock"))
    build = run_build(clone)
    assert build.returncode == 0, build.stderr
    return snapshot(build.output)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return in_git(make_site(tmp_path))


def test_a_card_whose_claimant_changes_is_redrawn_and_each_card_is_stored_once(site: Path, tmp_path: Path):
    first = run_build(site)
    assert first.returncode == 0, first.stderr
    cache = site / "cache/factcheck-cards"
    before = (first.output / CARD).read_bytes()
    assert len(list(cache.iterdir())) == 2
    assert any(os.path.samefile(first.output / CARD, cached) for cached in cache.iterdir())  # a link, not a copy
    rename_claimant(site)
    second = run_build(site)
    assert second.returncode == 0, second.stderr
    after = (second.output / CARD).read_bytes()
    assert after != before
    assert snapshot(second.output) == cold_build(site, tmp_path)
    assert len(list(cache.iterdir())) == 2  # the old card, which no claim shows any more, is gone
    assert any(os.path.samefile(second.output / CARD, cached) for cached in cache.iterdir())


def test_the_devserver_redraws_a_card_whose_claimant_changes(site: Path, tmp_path: Path):
    output = site / "devserver-output"

    def run() -> None:
        cwd = os.getcwd()
        os.chdir(site)
        try:
            logging.disable(logging.WARNING)
            Pelican(read_settings("pelicanconf.py", override={"OUTPUT_PATH": str(output)})).run()
        finally:
            logging.disable(logging.NOTSET)
            os.chdir(cwd)

    run()
    before = (output / CARD).read_bytes()
    untouched = (output / "claims/hundred-widgets/card.png").stat().st_ino
    rename_claimant(site)
    run()
    assert (output / CARD).read_bytes() != before
    assert (output / "claims/hundred-widgets/card.png").stat().st_ino == untouched  # carried, not redrawn
    assert snapshot(output) == cold_build(site, tmp_path)


def test_cards_are_the_same_bytes_whichever_process_draws_them(tmp_path: Path):
    verdicts = [("True", "#176b32"), ("Mostly false", "#b3261e"), ("Misleading", "#a53f0b")]
    cards = [
        CardText(
            "Alpha & Beta Fact Check", f"Claim number {n} — with a dash", *verdicts[n % 3], f"Claimant {n}", "2021"
        )
        for n in range(2 * cardcache.DRAW_IN_PROCESS)
    ]
    alone, pooled = tmp_path / "alone", tmp_path / "pooled"
    for directory, processes in ((alone, 1), (pooled, 2)):
        directory.mkdir()
        CardPool(cards, str(directory), processes).wait()
    for card in cards:
        drawn = draw_card(card)
        assert drawn[:8] == b"\x89PNG\r\n\x1a\n"
        assert (alone / f"{card.key}.png").read_bytes() == drawn == (pooled / f"{card.key}.png").read_bytes()


def test_a_second_build_carries_unchanged_pages_and_never_an_edited_file(site: Path, tmp_path: Path, monkeypatch):
    first = run_build(site)
    assert first.returncode == 0, first.stderr
    built, numbers = snapshot(first.output), inodes(first.output)
    page = first.output / "claims/hundred-widgets/index.html"
    second = run_build(site)
    assert second.returncode == 0, second.stderr
    assert snapshot(second.output) == built
    assert inodes(second.output)["claims/hundred-widgets/index.html"] == numbers["claims/hundred-widgets/index.html"]
    page.write_text(page.read_text(encoding="utf-8") + "<!-- edited in the live site -->", encoding="utf-8")
    third = run_build(site)
    assert third.returncode == 0, third.stderr
    assert snapshot(third.output) == built  # the edited file was rendered again, not carried over
    carried = inodes(third.output)
    monkeypatch.setattr(generator, "code_fingerprint", lambda: "the plugin, upgraded")
    fourth = run_build(site)
    assert fourth.returncode == 0, fourth.stderr
    assert snapshot(fourth.output) == built
    assert inodes(fourth.output)["claims/hundred-widgets/index.html"] != carried["claims/hundred-widgets/index.html"]


def test_editing_a_claim_reindexes_only_its_search_shard_and_updates_the_feeds(site: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setattr(searchindex, "SHARD_BYTES", 1)  # every page a shard of its own, up to the limit
    first = run_build(site)
    assert first.returncode == 0, first.stderr
    shards = json.loads((first.output / searchindex.SHARDS_FILE).read_text(encoding="utf-8"))
    assert len(shards) == 3  # two claims and two sources: four bundles, the first one and three merged
    entries = sorted(first.output.glob("pagefind/**/pagefind-entry.json"))
    merged = [entry for entry in entries if entry.parent.name.isdigit()]
    assert len(entries) == 4 and len(merged) == 3 and (first.output / "pagefind/pagefind.js").exists()
    assert not any((entry.parent / "pagefind.js").exists() for entry in merged)  # the first bundle serves the script
    before = {str(entry.relative_to(first.output)): entry.stat().st_ino for entry in entries}
    about = site / "content/pages/about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nOne more sentence about us.\n", encoding="utf-8")
    second = run_build(site)  # no page search shows changed: every shard is carried over
    assert second.returncode == 0, second.stderr
    assert {str(e.relative_to(second.output)): e.stat().st_ino for e in second.output.glob(ENTRIES)} == before
    edit(site, CLAIM, "The ranking changed in **2020**.", "The ranking changed in **2020**, a year of upsets.")
    second = run_build(site)
    assert second.returncode == 0, second.stderr
    after = {str(e.relative_to(second.output)): e.stat().st_ino for e in second.output.glob(ENTRIES)}
    assert after.keys() == before.keys()
    claim_shard = next(e for e in second.output.glob(ENTRIES) if "richest-person" in _pages_of(e.parent))
    assert after[str(claim_shard.relative_to(second.output))] != before[str(claim_shard.relative_to(second.output))]
    assert "a year of upsets" in (second.output / "claims/richest-person/index.html").read_text(encoding="utf-8")
    assert snapshot(second.output) == cold_build(site, tmp_path)
    edit(site, CLAIM, "verdict: outdated", "verdict: mixed")
    third = run_build(site)
    assert third.returncode == 0, third.stderr
    feed = (third.output / "feeds/verdicts/mixed.atom.xml").read_text(encoding="utf-8")
    assert "Mixed: Is the founder the richest person in Testland?" in feed
    assert snapshot(third.output) == cold_build(site, tmp_path / "again")


def test_a_damaged_or_hostile_record_of_the_live_site_only_costs_a_full_build(site: Path, tmp_path: Path):
    first = run_build(site)
    assert first.returncode == 0, first.stderr
    built = snapshot(first.output)
    [record] = (site / "cache/factcheck-live").glob("*.json")
    recorded = json.loads(record.read_text(encoding="utf-8"))
    outside = site / "escaped.html"
    outside.write_text("not the site's", encoding="utf-8")
    identity = outside.stat()
    recorded["files"]["../escaped.html"] = ["", identity.st_ino, identity.st_size, identity.st_mtime_ns]
    recorded["files"]["claims/richest-person/index.html"] = "not a record"
    record.write_text(json.dumps(recorded), encoding="utf-8")
    second = run_build(site)
    assert second.returncode == 0, second.stderr
    assert snapshot(second.output) == built
    assert sorted(p.name for p in (site / "output.builds").rglob("escaped.html")) == []
    record.write_text('{"output": ', encoding="utf-8")  # cut short
    third = run_build(site)
    assert third.returncode == 0, third.stderr
    assert snapshot(third.output) == built
