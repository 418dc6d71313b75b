"""Every check leads on: related claims, scorecards whose counts link to exactly what they count, topic names.

Builds the basic fixture once with three more claims and a topics file, and reads the pages as a
reader would. The topics file's mistakes are each one line from `make check`. Relating claims is
linear: a topic of 20,000 claims costs each claim a bounded number of comparisons.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import Build, make_site, run_build, run_check

from factcheck.related import NEIGHBOURS, RELATED_SHOWN, related_claims

SCALE = ["True", "Mostly true", "Mixed", "Misleading", "Mostly false", "False", "Unproven", "Outdated"]

TOPICS = """\
# Topic names for the fixture.
- tag: widgets
  name: Widgets
- tag: wealth
  name: Wealth and rich lists
- tag: testland-politics
  name: Politics in Testland
  description: Claims about who holds power in Testland.
"""


def claim_file(claimant: str, verdict: str, source: str, quote: str, tags: str, day: int) -> str:
    return f"""---
claim: {claimant} said something checkable.
headline: Did {claimant} say “{quote}”?
claimant: {claimant}
claimant_kind: organization
claim_date: 2021-01
verdict: "{verdict}"
conclusion: It checks out as rated.
appearances:
  - source: {source}
    quote: "{quote}"
evidence:
  - id: widget-registry-2021-02-01-annual-filing
reviewer: Fact-check desk
published: 2021-03-{day:02d}
tags: {tags}
---
The reasoning.
"""


# Beyond the fixture's two claims (Alpha Corp: False, alpha-post, [widgets]; Beta Group: Outdated,
# alpha-post and beta-letter, [wealth, Testland Politics]):
EXTRA = {
    # Beta Group again, in beta-letter again, and filed under widgets.
    "widgets-future": claim_file("Beta Group", "true", "beta-letter", "Widgets are the future", "[widgets]", 3),
    # Only the source in common with the two fixture claims.
    "nobody-quotes": claim_file("Gamma Ltd", "true", "alpha-post", "A paragraph nobody quotes", "[]", 4),
    # Shares nothing with any other claim.
    "lonely": claim_file("Delta Inc", "mixed", "gamma-note", "Nothing else is here", "[solitude]", 5),
}
GAMMA_NOTE = """---
title: Gamma note
publisher: Gamma Press
author: unknown
published: 2021-01-06
kind: web-page
---
Nothing else is here.
"""


def add_claims(root: Path) -> None:
    for slug, text in EXTRA.items():
        (root / f"content/claims/{slug}.md").write_text(text, encoding="utf-8")
    (root / "content/sources/gamma-note.md").write_text(GAMMA_NOTE, encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Build:
    root = make_site(tmp_path_factory.mktemp("leads-on"))
    add_claims(root)
    (root / "content/topics.yaml").write_text(TOPICS + "- tag: solitude\n  name: Solitude\n", encoding="utf-8")
    build = run_build(root)
    assert build.returncode == 0, build.stderr
    return build


def claims_data(build: Build) -> list[dict]:
    return json.loads((build.output / "api/claims.json").read_text(encoding="utf-8"))["claims"]


def path_of(href: str) -> str:
    return "/" + href.split("://", 1)[-1].split("/", 1)[1] if "://" in href else href


# Related claims


def related(build: Build, slug: str) -> list[tuple[str, str, str]]:
    section = build.page(f"claims/{slug}/").select_one("section.related")
    assert section is not None and section.select_one("h2").get_text() == "Related checks"
    items = section.select(".related-list li")
    return [(li.select_one("a.related-title")["href"], *shown(li)) for li in items]


def shown(item) -> tuple[str, str]:
    """A related claim's verdict and what it shares."""
    return item.select_one(".badge").get_text(), item.select_one(".related-why").get_text()


def test_a_claim_page_lists_related_claims_with_the_relation_most_shared_first(built: Build):
    assert related(built, "widgets-future") == [
        ("/claims/richest-person/", "Outdated", "Same claimant · Same source"),
        ("/claims/hundred-widgets/", "False", "Topic: Widgets"),
    ]
    assert related(built, "richest-person") == [
        ("/claims/widgets-future/", "True", "Same claimant · Same source"),
        ("/claims/nobody-quotes/", "True", "Same source"),  # newer of the two sharing one thing
        ("/claims/hundred-widgets/", "False", "Same source"),
    ]
    assert related(built, "nobody-quotes") == [
        ("/claims/hundred-widgets/", "False", "Same source"),
        ("/claims/richest-person/", "Outdated", "Same source"),
    ]


def test_a_claim_sharing_nothing_has_no_list_but_still_leads_to_its_claimant_and_topics(built: Build):
    assert related(built, "lonely") == []
    more = built.page("claims/lonely/").select_one(".related-more")
    assert more.get_text(" ", strip=True) == "All checks of claims by Delta Inc , and on Solitude ."
    assert [a["href"] for a in more.select("a")] == ["/claimants/delta-inc/", "/topics/solitude/"]


def test_every_relation_shown_is_true(built: Build):
    data = {c["slug"]: c for c in claims_data(built)}
    for slug, claim in data.items():
        for href, label, why in related(built, slug):
            other = data[href.strip("/").split("/")[-1]]
            assert label == other["verdict"]["label"]
            assert ("Same claimant" in why) == (claim["claimant"]["name"] == other["claimant"]["name"])
            shared_sources = {a["source"] for a in claim["appearances"]} & {a["source"] for a in other["appearances"]}
            assert ("Same source" in why) == bool(shared_sources)
            shared_topics = [t["name"] for t in claim["tags"] if t in other["tags"]]
            named = why.partition("Topic: ")[2] or why.partition("Topics: ")[2]
            assert named == ", ".join(shared_topics)
            assert why, f"{slug} lists {href}, which shares nothing with it"


def make_claims(count: int, topics: int):
    """`count` claims by one claimant in one source, spread over `topics` topics, newest first."""
    import datetime as dt

    from factcheck.linking import Topic
    from factcheck.model import Appearance, Claim, Claimant, PartialDate, Verdict

    verdict = Verdict("true", "True", "", 1, "#000000")
    claimant = Claimant("One", "person", "one")
    shelves = [Topic(f"topic-{i}", f"Topic {i}") for i in range(topics)]
    claims, topics_of = [], {}
    for i in range(count):
        claim = Claim(
            slug=f"c{i:05d}",
            path="",
            claim="",
            headline="",
            claimant=claimant,
            claim_date=PartialDate(2020),
            verdict=verdict,
            conclusion="",
            appearances=[Appearance("s", "q", 1, 1)],
            evidence=[],
            reviewer="",
            published=dt.date(2021, 1, 1),
            body="",
            body_line=1,
        )
        claims.append(claim)
        topics_of[claim.slug] = [shelves[i % topics]]
    return claims, topics_of


def test_relating_twenty_thousand_claims_in_one_topic_makes_a_bounded_number_of_comparisons(monkeypatch):
    from factcheck import related as module

    claims, topics_of = make_claims(20_000, topics=1)
    compared = 0
    candidates = module._candidates

    def counting(*args):
        nonlocal compared
        found = candidates(*args)
        compared += len(found)
        return found

    monkeypatch.setattr(module, "_candidates", counting)
    found = related_claims(claims, lambda c: topics_of[c.slug])
    # Each claim is compared with its neighbours in its three indexes (claimant, source, topic): the
    # same claims here, so at most 2 × NEIGHBOURS of them; every pair would be 400 million.
    assert compared <= len(claims) * 2 * NEIGHBOURS
    assert all(len(shown) == RELATED_SHOWN for shown in found.values())
    # Neighbours in publication order: the first claim's are the next five.
    assert [r.claim.slug for r in found["c00000"]] == ["c00001", "c00002", "c00003", "c00004", "c00005"]
    assert found["c10000"][0].why == "Same claimant · Same source · Topic: Topic 0"


# Scorecards


def scorecard(page: BeautifulSoup, where: str = "") -> list[tuple[str, str, str | None]]:
    """(label, count, link) of each verdict of the scorecard."""
    card = page.select_one(f"{where} ul.scorecard")
    return [
        (li.select_one(".badge").get_text(), li.select_one(".count").get_text(), li.a["href"] if li.a else None)
        for li in card.select("li")
    ]


PAGES = {  # page → what its claims have in common, in claims.json
    "claimants/beta-group/": lambda c: c["claimant"]["name"] == "Beta Group",
    "claimants/alpha-corp/": lambda c: c["claimant"]["name"] == "Alpha Corp",
    "topics/widgets/": lambda c: "Widgets" in [t["name"] for t in c["tags"]],
    "topics/testland-politics/": lambda c: "Politics in Testland" in [t["name"] for t in c["tags"]],
    "sources/alpha-post/": lambda c: "alpha-post" in [a["source"] for a in c["appearances"]],
    "sources/beta-letter/": lambda c: "beta-letter" in [a["source"] for a in c["appearances"]],
}


@pytest.mark.parametrize("url", list(PAGES))
def test_a_scorecard_shows_every_verdict_and_each_count_leads_to_exactly_the_claims_it_counts(built: Build, url: str):
    page = built.page(url)
    mine = [c for c in claims_data(built) if PAGES[url](c)]
    card = scorecard(page)
    assert [label for label, _, _ in card] == SCALE  # zeros included, in the scale's order
    for label, count, link in card:
        counted = sorted(f"/claims/{c['slug']}/" for c in mine if c["verdict"]["label"] == label)
        assert int(count) == len(counted)
        if not counted:
            assert link is None, f"{url}: {label} 0 links somewhere"
            continue
        assert link.startswith("#rated-")
        target = page.select_one(link)  # the same page, without JavaScript
        assert target is not None, f"{url}: {link} is no anchor on the page"
        assert sorted(a["href"] for a in target.select("a.claim-card-title")) == counted
        assert {card["data-verdict"] for card in target.select(".claim-card")} == {link.removeprefix("#rated-")}
    shown = sorted(a["href"] for a in page.select(".verdict-group a.claim-card-title"))
    assert shown == sorted(f"/claims/{c['slug']}/" for c in mine)  # every claim once, none from elsewhere


def test_the_claimant_scorecard_reads_as_the_issue_asked(built: Build):
    assert scorecard(built.page("claimants/beta-group/")) == [
        ("True", "1", "#rated-true"),
        ("Mostly true", "0", None),
        ("Mixed", "0", None),
        ("Misleading", "0", None),
        ("Mostly false", "0", None),
        ("False", "0", None),
        ("Unproven", "0", None),
        ("Outdated", "1", "#rated-outdated"),
    ]


@pytest.mark.parametrize(("index", "item"), [("claimants/", "claimant-list > li"), ("sources/", "source-list > li")])
def test_index_scorecards_link_into_each_page_s_groups(built: Build, index: str, item: str):
    """The claimants and sources lists keep their tallies short (no zeros), each count a link into the page."""
    for entry in built.page(index).select(f".{item}"):
        for label, count, link in scorecard(entry):
            assert count != "0" and link is not None
            page, anchor = link.split("#")
            target = built.page(path_of(page)).select_one(f"#{anchor}")
            assert len(target.select(".claim-card")) == int(count), (label, link)


# Topic names


def test_topics_show_their_names_from_the_topics_file(built: Build):
    topic = built.page("topics/testland-politics/")
    assert topic.h1.get_text() == "Topic: Politics in Testland"
    assert topic.title.get_text().startswith("Politics in Testland · ")
    assert topic.select_one(".topic-description").get_text() == "Claims about who holds power in Testland."
    claim = built.page("claims/richest-person/")
    footer = claim.select_one(".claim-meta").get_text(" ", strip=True)
    assert "Topics Wealth and rich lists , Politics in Testland" in footer
    names = [a.get_text() for a in built.page("topics/").select(".topic-list a")]
    assert names == ["Politics in Testland", "Solitude", "Wealth and rich lists", "Widgets"]  # by name
    options = [o.get_text() for o in built.page("claims/").select("select[name=topic] option")][1:]
    assert options == names
    tags = {c["slug"]: [t["name"] for t in c["tags"]] for c in claims_data(built)}
    assert tags["richest-person"] == ["Wealth and rich lists", "Politics in Testland"]
    assert "testland-politics" not in claim.select_one("section.related").get_text()


def test_without_a_topics_file_tags_show_as_written_and_nothing_is_said(tmp_path: Path):
    root = make_site(tmp_path)
    done = run_check(root)
    assert done.returncode == 0 and "topic" not in done.stderr, done.stderr


def test_a_tag_the_topics_file_does_not_name_is_one_warning_at_its_first_use(tmp_path: Path):
    root = make_site(tmp_path)
    (root / "content/topics.yaml").write_text(TOPICS.replace("- tag: widgets", "- tag: widget"), encoding="utf-8")
    done = run_check(root, "--strict")
    assert done.returncode == 1
    assert lines(done.stderr, "topic") == [
        "content/claims/hundred-widgets.md:22: warning: the topic `widgets` has no name in content/topics.yaml, so its "
        "pages show the tag as written — content/topics.yaml names `widget`, which no claim uses: if it is this "
        "one, correct it; or add `- tag: widgets` with its `name:` to content/topics.yaml"
    ]


def lines(stderr: str, word: str) -> list[str]:
    return [line for line in stderr.splitlines() if word in line and (": error: " in line or ": warning: " in line)]


# The topics file's mistakes, one line each


BAD = {
    "unknown field": (
        TOPICS.replace("  name: Widgets", "  nmae: Widgets"),
        "content/topics.yaml:3: error: unknown field `nmae` — did you mean `name`?",
    ),
    "a tag named twice": (
        TOPICS + "- tag: widgets\n  name: Gadgets\n",
        "content/topics.yaml:9: error: the topic `widgets` is named twice (first on line 2) — keep one entry",
    ),
    "no name": (
        TOPICS.replace("  name: Widgets\n", ""),
        "content/topics.yaml:2: error: missing required field `name` in `topics` item 1 — add `name:` (The topic's "
        "name as readers see it.)",
    ),
    "two topics with one name": (
        TOPICS.replace("name: Wealth and rich lists", "name: widgets"),
        "content/topics.yaml:5: error: `widgets` is also the name of `widgets` (line 2) — give each topic a name of "
        "its own",
    ),
    "a tag that is not a slug": (
        TOPICS.replace("- tag: wealth", "- tag: Wealth Lists"),
        "content/topics.yaml:4: error: `tag` is not a slug: 'Wealth Lists' — use lower-case letters, digits and "
        "hyphens",
    ),
    "markup in a name": (
        TOPICS.replace("name: Widgets", "name: <b>Widgets</b>"),
        "content/topics.yaml:3: error: `name` contains HTML markup: '<b'… — front matter is plain text; remove the "
        "tag (write `less than` or add a space after `<`)",
    ),
    "a key given twice": (
        TOPICS.replace("  name: Widgets\n", "  name: Widgets\n  name: Gizmos\n"),
        "content/topics.yaml:4: error: field `name` is given twice — keep one",
    ),
    "not a list": (
        "widgets: Widgets\n",
        "content/topics.yaml:1: error: the topics file must be a list of topics — start each topic with `- tag:`",
    ),
}


@pytest.mark.parametrize("case", list(BAD))
def test_each_mistake_in_the_topics_file_is_one_line(tmp_path: Path, case: str):
    text, expected = BAD[case]
    root = make_site(tmp_path)
    (root / "content/topics.yaml").write_text(text, encoding="utf-8")
    done = run_check(root)
    assert done.returncode == 1
    assert [line for line in done.stderr.splitlines() if ": error: " in line or ": warning: " in line] == [expected]


def test_a_linked_topics_file_is_refused_and_never_read(tmp_path: Path):
    root = make_site(tmp_path)
    secret = tmp_path / "secret.yaml"
    secret.write_text("- tag: widgets\n  name: SECRET\n", encoding="utf-8")
    os.symlink(secret, root / "content/topics.yaml")
    done = run_check(root)
    assert done.returncode == 1
    errors = [line for line in done.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 1 and errors[0].startswith("content/topics.yaml:1: error: ") and "link" in errors[0]
    assert "SECRET" not in done.stderr
    build = run_build(root)
    assert build.returncode != 0 and not (root / "output").exists()


# What search indexes: the claim's and the document's words, never a label run into its value


def indexed(build: Build) -> dict[str, str]:
    """Each searchable page's text as Pagefind stored it (its fragments: gzip, a magic word, JSON)."""
    import gzip

    found = {}
    for fragment in (build.output / "pagefind").rglob("fragment/*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        page = json.loads(data[data.index(b"{") :])
        found[page["url"]] = page["content"]
    return found


FURNITURE = (  # labels, headings and links of the templates; none is what a reader searches for
    "Claimant",
    "Made",
    "Appeared in",
    "Publisher",
    "Author",
    "Kind",
    "Original",
    "Reviewed by",
    "read it in context",
    "Our reasoning",
    "Our verdict",
    "The claim",
    "Related checks",
)


def test_search_indexes_no_label_of_the_page_furniture(built: Build):
    pages = indexed(built)
    assert "/claims/widgets-future/" in pages and "/sources/beta-letter/" in pages
    for url, text in pages.items():
        for label in FURNITURE:
            assert label not in text, (url, label, text[:300])
    # A publisher is still found: in the archive note's first sentence.
    assert "Archived text, reproduced as published by Beta Group" in pages["/sources/beta-letter/"]


def test_every_definition_label_of_a_searched_page_is_kept_out_of_the_index(built: Build):
    """Pagefind joins `<dt>Claimant</dt><dd>X</dd>` into "ClaimantX": every label sits in an ignored element."""
    for url in ("claims/richest-person/", "claims/widgets-future/", "sources/alpha-post/", "sources/beta-letter/"):
        body = built.page(url).select_one("[data-pagefind-body]")
        for label in body.select("dt, .claim-label, .verdict-label, .breadcrumb, .para-number, h2"):
            ignored = [label, *label.parents]
            assert any(e.has_attr("data-pagefind-ignore") for e in ignored if e is not body.parent), (url, label)


# Devserver rebuilds: a name or a related claim is never shown stale


def test_a_devserver_rebuild_shows_a_renamed_topic_and_a_related_claim_s_new_headline(tmp_path: Path):
    from test_incremental import Devserver

    root = make_site(tmp_path)
    add_claims(root)
    (root / "content/topics.yaml").write_text(TOPICS, encoding="utf-8")
    server = Devserver(root)
    server.run()
    server.edit("content/topics.yaml", "description: Claims about who holds power", "description: Who rules")
    server.edit("content/topics.yaml", "name: Widgets", "name: Widgets and gadgets")
    server.run()
    assert (
        server.page("topics/testland-politics").select_one(".topic-description").get_text() == "Who rules in Testland."
    )
    assert server.page("topics/widgets").h1.get_text() == "Topic: Widgets and gadgets"
    assert "Topic: Widgets and gadgets" in server.page("claims/widgets-future").select_one(".related-list").get_text()
    before = server.stamps()
    server.edit("content/claims/richest-person.md", "headline: Is the founder", "headline: Was the founder")
    server.run()
    after = server.stamps()
    titles = [a.get_text() for a in server.page("claims/widgets-future").select("a.related-title")]
    assert titles[0] == "Was the founder the richest person in Testland?"
    assert after["claims/lonely/index.html"] == before["claims/lonely/index.html"]  # related to nothing that changed
