"""A tiny fixture site builds into cross-linked pages: claim ↔ passage, claim → verdict, claimant, topic."""

from __future__ import annotations

from conftest import Build, hrefs, walk_site


def test_claim_page_shows_claim_box_verdict_and_links_to_exact_passages(basic_build: Build):
    page = basic_build.page("claims/richest-person/")
    box = page.select_one(".claim-box")
    assert "The founder is the richest person in Testland." in box.get_text()
    badge = box.select_one(".badge")
    assert badge.get_text() == "Outdated" and badge["href"] == "/verdicts/outdated/"
    assert "/claimants/beta-group/" in hrefs(box)
    passage_links = [a["href"] for a in page.select(".appearance figcaption a")]
    assert passage_links == ["/sources/alpha-post/#p2", "/sources/beta-letter/#p1"]
    assert [e.get_text(" ", strip=True)[:9] for e in page.select(".evidence li")] == [
        "Test Wire",
        "Rich List",
    ]
    assert page.select_one(".evidence a")["href"] == "https://testwire.example/founder"
    assert page.select_one(".reasoning strong").get_text() == "2020"
    assert {"/topics/wealth/", "/topics/testland-politics/"} <= set(hrefs(page))


def test_source_page_marks_each_quoted_passage_with_its_verdict(basic_build: Build):
    page = basic_build.page("sources/alpha-post/")
    paragraphs = page.select(".archived-text p")
    assert [p["id"] for p in paragraphs] == ["p1", "p2", "p3"]
    first = paragraphs[0].select("mark")
    assert [m.get_text() for m in first] == ["sold “exactly 100 widgets” last year — a record"]
    assert first[0].a["href"] == "/claims/hundred-widgets/"
    assert paragraphs[0].select_one("a.badge").get_text() == "False"
    second = paragraphs[1].select_one("mark")
    assert second.get_text() == "The company’s founder is the richest person in Testland"
    assert paragraphs[1].select_one("a.badge")["href"] == "/claims/richest-person/"
    assert not paragraphs[2].select("mark")
    tally = [li.get_text(" ", strip=True) for li in page.select(".source-claims .tally li")]
    zeros = ["True 0", "Mostly true 0", "Mixed 0", "Misleading 0", "Mostly false 0"]
    assert tally == [*zeros, "False 1", "Unproven 0", "Outdated 1"]  # every verdict of the scale


def test_source_details_say_unknown_where_unknown(basic_build: Build):
    details = basic_build.page("sources/beta-letter/").select_one(".source-details").get_text(" ", strip=True)
    assert "Author Unknown" in details
    assert "Published Unknown The page shows no date." in details
    assert "Original Not known" in details


def test_indexes_link_back_to_claims(basic_build: Build):
    for url in [
        "verdicts/outdated/",
        "claimants/beta-group/",
        "topics/wealth/",
        "claims/",
        "sources/alpha-post/",
    ]:
        assert "/claims/richest-person/" in hrefs(basic_build.page(url)), url
    claims = basic_build.page("claims/")
    assert [h.get_text(" ", strip=True) for h in claims.select("section h2")] == [
        "False 1 claim",
        "Outdated 1 claim",
    ]
    assert "/claims/hundred-widgets/" not in hrefs(basic_build.page("verdicts/outdated/"))
    sources = basic_build.page("sources/").get_text(" ", strip=True)
    assert "2 claims checked" in sources and "1 claim checked" in sources


def test_updates_log_and_corrections_page(basic_build: Build):
    updates = basic_build.page("claims/hundred-widgets/").select_one(".updates").get_text()
    assert "1 April 2021: Corrected the filing figure." in updates
    assert "verdict changed from Mostly true to False" in " ".join(updates.split())
    corrections = basic_build.page("corrections/").select_one(".corrections").get_text(" ", strip=True)
    assert "Did Alpha Corp sell exactly 100 widgets?" in corrections


def test_methodology_page_is_generated_from_the_scale(basic_build: Build):
    labels = [dt.get_text(strip=True) for dt in basic_build.page("methodology/").select(".scale dt")]
    assert labels == [
        "True",
        "Mostly true",
        "Mixed",
        "Misleading",
        "Mostly false",
        "False",
        "Unproven",
        "Outdated",
    ]
    css = (basic_build.output / "theme/css/verdicts.css").read_text()
    assert ".verdict-false{--verdict:#8b1a1a}" in css


def test_every_page_is_reachable_from_home_and_every_internal_link_resolves(basic_build: Build):
    reached, pages, broken = walk_site(basic_build.output)
    assert broken == []
    assert reached == pages
