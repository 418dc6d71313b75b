"""The evidence library: each item described once, cited by id, with a page listing the checks that cite it."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import REPO, Build, hrefs, make_site, run_build, run_check

from factcheck.content import load_site
from factcheck.settings import load_config

WIRE = "test-wire-2020-06-01-founder-loses-top-spot"
RANKING = "rich-list-2020-annual-ranking-2020"
CLAIM = "content/claims/richest-person.md"


def text(element) -> str:
    """An element's text as a reader sees it: one space wherever the markup has any."""
    return " ".join(element.get_text().split())


def test_a_claim_cites_items_that_link_to_their_own_pages(basic_build: Build):
    page = basic_build.page("claims/richest-person/")
    entries = page.select(".evidence li")
    assert [text(li) for li in entries] == [
        "Test Wire, “Founder loses top spot”, 1 June 2020. The wire reported that the founder had lost the top "
        "spot. About this item",
        "Rich List, [Annual ranking, 2020], 2020. The ranking put another person first. About this item",
    ]
    assert [li.select_one("a.evidence-page")["href"] for li in entries] == [
        f"/evidence/{WIRE}/",
        f"/evidence/{RANKING}/",
    ]
    assert entries[0].select_one("a")["href"] == "https://testwire.example/founder"


def test_each_item_has_a_page_listing_every_check_that_cites_it(basic_build: Build):
    page = basic_build.page(f"evidence/{WIRE}/")
    assert page.h1.get_text() == "Founder loses top spot"
    terms, values = page.select("dt"), page.select("dd")
    details = {dt.get_text(): dd.get_text(" ", strip=True) for dt, dd in zip(terms, values, strict=True)}
    assert details["Outlet"] == "Test Wire" and details["Published"] == "1 June 2020"
    assert details["Original"] == "https://testwire.example/founder"
    citing = page.select(".citing-list li")
    assert [a["href"] for li in citing for a in li.select("a:not(.badge)")] == ["/claims/richest-person/"]
    assert "What it shows there: The wire reported that the founder had lost the top spot." in citing[0].get_text()
    library = basic_build.page("evidence/")
    assert {f"/evidence/{WIRE}/", f"/evidence/{RANKING}/"} <= set(hrefs(library))
    assert "Cited by 1 check" in library.get_text()


def test_the_open_data_gives_each_item_once_with_its_id_and_page(basic_build: Build):
    claims = json.loads((basic_build.output / "api/claims.json").read_text())["claims"]
    evidence = {e["id"]: e for c in claims for e in c["evidence"]}
    assert evidence[WIRE]["page"] == f"http://localhost:8000/evidence/{WIRE}/"
    assert evidence[WIRE]["url"] == "https://testwire.example/founder"
    assert evidence[RANKING]["headline_confirmed"] is False


def test_a_syndicated_copy_is_recorded_under_the_original_outlet(tmp_path: Path):
    root = make_site(tmp_path)
    item = root / f"content/evidence/{WIRE}.md"
    item.write_text(
        item.read_text().replace(
            "url: https://testwire.example/founder\n",
            "copies:\n  - outlet: Mirror Daily\n    url: https://mirror.example/founder\n",
        )
        + "We read the wire's story as Mirror Daily republished it.\n"
    )
    build = run_build(root)
    assert build.returncode == 0, build.stderr
    entry = build.page("claims/richest-person/").select_one(".evidence li")
    assert text(entry).startswith("Test Wire, “Founder loses top spot”, 1 June 2020. Read as republished by Mirror")
    assert entry.select_one("a.evidence-copy")["href"] == "https://mirror.example/founder"
    assert "Mirror Daily" not in entry.select_one(".evidence-outlet").get_text()
    page = build.page(f"evidence/{WIRE}/")
    assert "How we read it. We read the wire's story as Mirror Daily republished it." in page.get_text(" ", strip=True)


def test_an_unknown_a_repeated_and_an_unused_item_are_refused_and_the_old_site_survives(tmp_path: Path):
    root = make_site(tmp_path)
    assert run_build(root).returncode == 0
    before = (root / "output/claims/richest-person/index.html").read_text()
    claim = root / CLAIM
    claim.write_text(claim.read_text().replace(f"id: {RANKING}", "id: rich-list-2020-annual-ranking", 1))
    done = run_check(root)
    assert done.returncode == 1
    assert [line for line in done.stderr.splitlines() if ": error:" in line] == [
        f"{CLAIM}:20: error: unknown evidence `rich-list-2020-annual-ranking` — did you mean `{RANKING}`?",
        f"content/evidence/{RANKING}.md:1: error: no claim cites evidence `{RANKING}` — cite it from a claim "
        f"(`evidence:` then `- id: {RANKING}`), or delete the file",
    ]
    build = run_build(root)
    assert build.returncode == 1
    assert (root / "output/claims/richest-person/index.html").read_text() == before


def test_one_story_in_two_files_is_refused(tmp_path: Path):
    root = make_site(tmp_path)
    (root / "content/evidence/wire-again.md").write_text(
        "---\noutlet: Test Wire\nheadline: Founder Loses Top Spot\ndate: 2020-06-01\n---\n"
    )
    claim = root / "content/claims/hundred-widgets.md"
    claim.write_text(claim.read_text().replace("  - id: widget", "  - id: wire-again\n  - id: widget", 1))
    done = run_check(root)
    assert [line for line in done.stderr.splitlines() if ": error:" in line] == [
        f"content/evidence/wire-again.md:1: error: evidence `wire-again` is a story content/evidence/{WIRE}.md "
        f"already describes (the same outlet, headline and date) — one story, one description: cite `{WIRE}` "
        "instead and delete this file"
    ]


def test_editing_an_item_rebuilds_every_page_that_shows_it(tmp_path: Path):
    root = make_site(tmp_path)
    assert run_build(root).returncode == 0
    item = root / f"content/evidence/{WIRE}.md"
    item.write_text(item.read_text().replace("Founder loses top spot", "Founder slips to second"))
    build = run_build(root)
    assert build.returncode == 0, build.stderr
    assert "Founder slips to second" in build.page("claims/richest-person/").select_one(".evidence").get_text()
    assert build.page(f"evidence/{WIRE}/").h1.get_text() == "Founder slips to second"
    assert "Founder slips to second" in build.page("evidence/").get_text()
    assert "Founder loses top spot" not in (root / "output/api/claims.json").read_text()


def test_every_real_claim_cites_library_items_and_every_item_is_cited():
    result = load_site(load_config(str(REPO / "pelicanconf.py")))
    assert result.errors == []
    site = result.site
    assert site is not None and len(site.evidence) >= 90
    assert all(c.evidence and all(e.item is site.evidence[e.key] for e in c.evidence) for c in site.claims)
    assert [key for key, claims in site.cited_by.items() if not claims] == []
    paths = {Path(item.path).name for item in site.evidence.values()}
    assert paths == {p.name for p in (REPO / "content/evidence").glob("*.md")}


def test_the_reasoning_cites_evidence_as_numbered_links_to_its_entries(tmp_path: Path):
    root = make_site(tmp_path)
    claim = root / CLAIM
    claim.write_text(
        claim.read_text().replace(
            "The ranking changed in **2020**.",
            f"The ranking changed in **2020** [@{RANKING}], as the wire said [@{WIRE}]. Written `[@{WIRE}]` in code."
            f" Both say so [@{WIRE}] [@{RANKING}].",
        )
    )
    build = run_build(root)
    assert build.returncode == 0, build.stderr
    page = build.page("claims/richest-person/")
    refs = page.select(".reasoning sup.evidence-ref a")
    shown = [(a.get_text(), a["href"]) for a in refs]
    assert shown == [("2", "#evidence-2"), ("1", "#evidence-1"), ("1", "#evidence-1"), ("2", "#evidence-2")]
    assert "in 20202, as the wire said1." in text(page.select_one(".reasoning"))  # no space before a number
    assert "Both say so1,2." in text(page.select_one(".reasoning"))
    assert page.select_one("#evidence-2 a.evidence-page")["href"] == f"/evidence/{RANKING}/"
    assert page.select_one(".reasoning code").get_text() == f"[@{WIRE}]"


def test_a_citation_of_an_item_the_claim_does_not_list_is_refused(tmp_path: Path):
    root = make_site(tmp_path)
    claim = root / CLAIM
    widgets = "widget-registry-2021-02-01-annual-filing"
    text = claim.read_text().replace(
        "The ranking changed in **2020**.", f"Changed [@{widgets}].\n\nAgain [@Not An Id]."
    )
    claim.write_text(text)
    done = run_check(root)
    assert [line for line in done.stderr.splitlines() if ": error:" in line] == [
        f"{CLAIM}:26: error: the reasoning cites `[@{widgets}]`, which is not in this claim's `evidence` list — add "
        f"`- id: {widgets}` to `evidence:` (with a note on what it shows), or cite an item listed there",
        f"{CLAIM}:28: error: `[@Not An Id]` does not name an evidence id — write `[@id]` with the id of an item in "
        "this claim's `evidence` list",
    ]
