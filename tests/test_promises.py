"""Every promise the about, methodology, corrections and contribute pages make, where a test can check it.

A fixture site built with the desk's addresses (FACTCHECK_REPOSITORY_URL, FACTCHECK_CONTACT) shows the
ways to reach the desk: a footer link on every page, a pre-filled error report on every claim and
source page. A build without them links and promises none. The real site, built once, keeps what its
pages say about reviewers, dates, the log of updates, the corrections page, the verdict scale,
marked passages and syndicated copies. Promises no test can check (funding, independence) are
listed in the pages' history, not here.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urldefrag, urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import REPO, Build, make_site, run_build, run_check, run_factcheck

from factcheck.content import load_site
from factcheck.desk import REPORT_TEMPLATE, Desk
from factcheck.settings import load_config

REPOSITORY = "https://github.com/example/facts"
CONTACT = "desk@example.org"
ISSUE_TEMPLATES = REPO / ".github/ISSUE_TEMPLATE"
PAGES = REPO / "content/pages"


def with_desk(root: Path, repository: str = REPOSITORY, contact: str = CONTACT) -> Path:
    settings = root / "pelicanconf.py"
    addresses = f"\nFACTCHECK_REPOSITORY_URL = {repository!r}\nFACTCHECK_CONTACT = {contact!r}\n"
    settings.write_text(settings.read_text(encoding="utf-8") + addresses, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def desk_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    build = run_build(with_desk(make_site(tmp_path_factory.mktemp("desk"))))
    assert build.returncode == 0, build.stderr
    return build


@pytest.fixture(scope="module")
def real_content():
    result = load_site(load_config(str(REPO / "pelicanconf.py")))
    assert result.site is not None and not result.errors
    return result.site


def pages_of(output: Path) -> Iterator[tuple[str, BeautifulSoup]]:
    """Every page a reader can land on (not the redirects of moved addresses), parsed."""
    for path in sorted(output.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' not in text:
            yield path.relative_to(output).as_posix(), BeautifulSoup(text, "html.parser")


def issue_form(name: str) -> tuple[dict, str]:
    """An issue template of the repository: its front matter and its text."""
    _, header, body = (ISSUE_TEMPLATES / name).read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(header), body


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def report_link(soup: BeautifulSoup):
    return soup.find("a", string="Report an error on this page")


def assert_prefilled_report(href: str, title: str, permalink: str) -> None:
    """The link opens the repository's error-report form with the page named: what the form asks, filled in."""
    url = urlsplit(href)
    assert f"{url.scheme}://{url.netloc}{url.path}" == f"{REPOSITORY}/issues/new"
    query = {key: values[0] for key, values in parse_qs(url.query, strict_parsing=True).items()}
    assert set(query) == {"template", "title", "body"}
    assert query["template"] == REPORT_TEMPLATE and (ISSUE_TEMPLATES / REPORT_TEMPLATE).is_file()
    header, form = issue_form(REPORT_TEMPLATE)
    assert query["title"] == header["title"] + title
    filled = lines(query["body"])
    assert filled[1:3] == [title, permalink], "the page's title and address come under the form's first heading"
    assert filled[:1] + filled[3:] == lines(form), "the rest is the form's own text, unchanged"


# How to reach the desk


def test_every_page_links_the_desk_in_its_footer(desk_build: Build):
    pages = list(pages_of(desk_build.output))
    assert len(pages) > 20
    for name, soup in pages:
        links = [a["href"] for a in soup.select("footer.site-footer a.contact-desk")]
        assert links == [f"{REPOSITORY}/issues/new/choose", f"mailto:{CONTACT}"], name


def test_each_claim_page_opens_a_prefilled_error_report(desk_build: Build):
    claims = sorted((desk_build.output / "claims").glob("*/index.html"))
    assert claims
    for path in claims:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        if soup.find("meta", attrs={"http-equiv": "refresh"}):
            continue
        permalink = soup.find("link", rel="canonical")["href"]
        assert permalink == f"http://localhost:8000/claims/{path.parent.name}/"
        assert_prefilled_report(report_link(soup)["href"], soup.h1.get_text(), permalink)


def test_each_source_page_opens_a_prefilled_error_report(desk_build: Build):
    sources = sorted((desk_build.output / "sources").glob("*/index.html"))
    assert sources
    for path in sources:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        permalink = soup.find("link", rel="canonical")["href"]
        assert_prefilled_report(report_link(soup)["href"], soup.h1.get_text(), permalink)


@pytest.mark.parametrize(
    "title",
    ['Was "A & B" #1 at <100%>?', "Zhōng’s wealth: $77.8bn + more\u00a0/ less", "Long " * 80],
)
def test_a_report_carries_any_title_exactly_or_cut_short(title: str):
    href = Desk(REPOSITORY).report_url(title, "https://f.test/claims/x/")
    query = {key: values[0] for key, values in parse_qs(urlsplit(href).query).items()}
    shown = title if len(title) <= 200 else title[:199].rstrip() + "…"
    assert query["title"] == "Correction: " + shown
    assert lines(query["body"])[1:3] == [shown.strip(), "https://f.test/claims/x/"]


def test_a_published_report_names_the_public_address(tmp_path: Path):
    root = with_desk(make_site(tmp_path), contact="")
    (root / "publishconf.py").write_text(
        (root / "pelicanconf.py").read_text(encoding="utf-8") + '\nSITEURL = "https://facts.test"\n', encoding="utf-8"
    )
    build = run_build(root, settings="publishconf.py")
    assert build.returncode == 0, build.stderr
    page = build.page("claims/richest-person/")
    assert_prefilled_report(report_link(page)["href"], page.h1.get_text(), "https://facts.test/claims/richest-person/")


@pytest.mark.parametrize("slug", ["about", "contribute", "corrections"])
def test_pages_that_send_readers_to_how_to_reach_us_have_it(desk_build: Build, slug: str):
    """About, contribute and corrections say "How to reach us … at the end of this page": it is there, and works."""
    assert "How to reach us" in (PAGES / f"{slug}.md").read_text(encoding="utf-8")
    section = desk_build.page(f"{slug}/").find("section", id="reach-us")
    assert section.h2.get_text() == "How to reach us"
    assert section.parent.name == "article" and section.find_next_sibling() is None, "at the end of the page"
    links = {a.get_text(): a["href"] for a in section.find_all("a")}
    assert links == {
        "Report an error": f"{REPOSITORY}/issues/new?template=report-an-error.md",
        "Propose a claim": f"{REPOSITORY}/issues/new?template=propose-a-claim.md",
        "Ask a question": f"{REPOSITORY}/issues/new/choose",
        "our issue tracker": f"{REPOSITORY}/issues",
        CONTACT: f"mailto:{CONTACT}",
        "our source repository": REPOSITORY,
        "CONTRIBUTING.md": f"{REPOSITORY}/blob/HEAD/CONTRIBUTING.md",
    }
    for template in ("report-an-error.md", "propose-a-claim.md"):
        assert (ISSUE_TEMPLATES / template).is_file()
    assert (REPO / "CONTRIBUTING.md").is_file()


def test_a_contact_address_alone_is_the_only_channel_shown(tmp_path: Path):
    build = run_build(with_desk(make_site(tmp_path), repository="", contact="https://example.org/contact"))
    assert build.returncode == 0, build.stderr
    about = build.page("about/")
    assert [a["href"] for a in about.select("a.contact-desk")] == ["https://example.org/contact"]
    assert [a["href"] for a in about.find("section", id="reach-us").find_all("a")] == ["https://example.org/contact"]
    assert report_link(build.page("claims/richest-person/")) is None


def test_without_the_desks_addresses_no_page_links_or_promises_one(basic_build: Build):
    """A local build (`make html`) without the settings: no broken link, and the pages say there is none."""
    for name, soup in pages_of(basic_build.output):
        assert not soup.select("a.contact-desk"), name
        assert report_link(soup) is None, name
        assert not [a["href"] for a in soup.find_all("a", href=True) if "/issues" in a["href"]], name
    for slug in ("about", "contribute", "corrections"):
        section = basic_build.page(f"{slug}/").find("section", id="reach-us")
        assert not section.find("a")
        assert "built without the desk’s addresses" in section.get_text()


def test_the_real_pages_promise_no_repository_they_do_not_link(real_site: Build):
    for slug in ("about", "contribute", "corrections", "methodology"):
        text = (PAGES / f"{slug}.md").read_text(encoding="utf-8")
        assert "open an issue" not in text.lower(), slug
        assert "github.com" not in text, slug
        page = real_site.page(f"{slug}/")
        assert not [a["href"] for a in page.find_all("a", href=True) if "/issues" in a["href"]], slug


# Publishing needs the repository


def publish_real_site(output: Path, **env: str):
    """`make publish` of the real site, stopped by its settings before anything is read or written."""
    return run_factcheck(REPO, "build", "--settings", "publishconf.py", "--output", str(output), env=env)


def test_publishing_without_the_repository_is_one_line(tmp_path: Path, monkeypatch):
    monkeypatch.delenv("FACTCHECK_REPOSITORY_URL", raising=False)
    done = publish_real_site(tmp_path / "output", SITEURL="https://f.test")
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "build FAILED: settings: error: FACTCHECK_REPOSITORY_URL is not set: the published site links the source "
        "repository on every page for readers to report errors — make publish SITEURL=https://… "
        "FACTCHECK_REPOSITORY_URL=https://github.com/OWNER/REPO (an environment variable publishconf.py reads)",
        "Nothing was published.",
    ]
    assert not (tmp_path / "output").exists()


def test_publishconf_reads_the_repository_from_the_environment(tmp_path: Path):
    done = publish_real_site(
        tmp_path / "output", SITEURL="https://f.test", FACTCHECK_REPOSITORY_URL="git@github.com:example/facts.git"
    )
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == (
        "build FAILED: settings: error: FACTCHECK_REPOSITORY_URL must be the https address of the source "
        "repository's page, like https://github.com/OWNER/REPO (no .git, query or fragment); "
        "got 'git@github.com:example/facts.git'"
    )
    assert not (tmp_path / "output").exists()


def test_make_publish_passes_the_repository_through(tmp_path: Path):
    """`make publish FACTCHECK_REPOSITORY_URL=…` reaches publishconf.py (a refused value: nothing is built)."""
    inherited = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "FACTCHECK_REPOSITORY_URL", "FACTCHECK_CONTACT", "SITEURL")
    environment = {key: value for key, value in os.environ.items() if key not in inherited}
    output = tmp_path / "never-built"
    # `-o`: never reinstall the build tools from here, whatever the age of the stamp.
    command = ["make", "--no-print-directory", "-o", ".venv/.installed", "publish", f"OUTPUT={output}"]
    command.append("SITEURL=https://f.test")
    done = subprocess.run(
        [*command, "FACTCHECK_REPOSITORY_URL=https://github.com/example/facts.git"],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0
    assert "settings: error: FACTCHECK_REPOSITORY_URL must be the https address" in done.stderr
    unset = subprocess.run(command, cwd=REPO, env=environment, capture_output=True, text=True)
    assert unset.returncode != 0
    assert "settings: error: FACTCHECK_REPOSITORY_URL is not set" in unset.stderr
    assert not output.exists()


def test_the_pages_workflow_publishes_with_its_own_repository():
    workflow = (REPO / ".github/workflows/pages.yml").read_text(encoding="utf-8")
    assert 'FACTCHECK_REPOSITORY_URL="${{ github.server_url }}/${{ github.repository }}"' in workflow


@pytest.mark.parametrize(
    "value",
    [
        "http://github.com/example/facts",
        "github.com/example/facts",
        "https://github.com/example",
        "https://github.com/example/facts.git",
        "https://github.com/example/facts/issues",
        "https://github.com/example/facts?tab=readme",
        "https://github.com/example/facts#readme",
        "https://user:secret@github.com/example/facts",
        "https://github.com/example/..",
        "https://github.com/example/facts\n",
        "javascript:alert(1)//github.com/a/b",
        ["https://github.com/example/facts"],
    ],
)
def test_a_repository_address_must_be_https_and_well_formed(site_root: Path, value):
    settings = site_root / "pelicanconf.py"
    settings.write_text(settings.read_text(encoding="utf-8") + f"\nFACTCHECK_REPOSITORY_URL = {value!r}\n")
    done = run_check(site_root)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "settings: error: FACTCHECK_REPOSITORY_URL must be the https address of the source repository's page, "
        f"like https://github.com/OWNER/REPO (no .git, query or fragment); got {value!r}"
    ]


@pytest.mark.parametrize("value", ["mailto:desk@example.org", "desk@", "http://example.org/contact", "a b@example.org"])
def test_a_contact_must_be_an_email_or_https_address(site_root: Path, value: str):
    settings = site_root / "pelicanconf.py"
    settings.write_text(settings.read_text(encoding="utf-8") + f"\nFACTCHECK_CONTACT = {value!r}\n")
    done = run_check(site_root)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "settings: error: FACTCHECK_CONTACT must be an e-mail address (desk@example.org) or an https address "
        f"(https://example.org/contact), or empty; got {value!r}"
    ]


@pytest.mark.parametrize("value", ["https://github.com/example/facts/", "https://git.example.org:8443/desk/fact.check"])
def test_a_repository_on_any_github_server_is_accepted(site_root: Path, value: str):
    settings = site_root / "pelicanconf.py"
    settings.write_text(settings.read_text(encoding="utf-8") + f"\nFACTCHECK_REPOSITORY_URL = {value!r}\n")
    assert load_config(str(settings)).repository_url == value.rstrip("/")


# What the pages say about reviews, dates and corrections


def claim_facts(build: Build, slug: str) -> dict:
    """The facts at the foot of a claim page (reviewer, dates, topics): label → its <dd>."""
    facts = build.page(f"claims/{slug}/").select_one("footer.claim-meta dl")
    return {dt.get_text(): dt.find_next_sibling("dd") for dt in facts.find_all("dt")}


def test_every_claim_page_names_the_reviewer_the_methodology_and_about_pages_describe(real_site: Build, real_content):
    methodology = (PAGES / "methodology.md").read_text(encoding="utf-8")
    [signature] = re.findall(r'"Reviewed by: ([^"]+)"', methodology)
    assert "always the fact-check desk as a whole" in (PAGES / "about.md").read_text(encoding="utf-8")
    for claim in real_content.claims:
        assert claim.reviewer == signature, claim.path
        assert claim_facts(real_site, claim.slug)["Reviewed by"].get_text() == signature, claim.slug


def test_each_claim_page_shows_when_it_was_published_and_last_updated(real_site: Build, real_content):
    for claim in real_content.claims:
        facts = claim_facts(real_site, claim.slug)
        dates = {label: facts[label].time["datetime"] for label in ("Published", "Updated") if label in facts}
        expected = {"Published": claim.published.isoformat()}
        if claim.updates:
            expected["Updated"] = max(u.date for u in claim.updates).isoformat()
        assert dates == expected, claim.slug


def updates_shown(li) -> tuple[str, list[str]]:
    """An entry of a log as shown: its date, and the verdict labels its badges name."""
    return li.time["datetime"], [badge.get_text(" ", strip=True) for badge in li.select(".badge")]


def test_every_logged_update_is_on_its_claim_page_with_the_old_and_new_verdict(real_site: Build, real_content):
    corrected = [claim for claim in real_content.claims if claim.updates]
    assert corrected, "the November 2026 audit's corrections are logged"
    for claim in corrected:
        section = real_site.page(f"claims/{claim.slug}/").find("section", class_="updates")
        assert section is not None, f"{claim.slug} has updates but no log on its page"
        entries = section.find_all("li")
        assert len(entries) == len(claim.updates), claim.slug
        for update, li in zip(claim.updates, entries, strict=True):
            date, badges = updates_shown(li)
            assert date == update.date.isoformat() and update.note in li.get_text(" ", strip=True)
            if update.previous_verdict:
                old = real_content.scale.get(update.previous_verdict).label
                assert badges == [old, claim.verdict.label], claim.slug
            else:
                assert badges == [], claim.slug


def test_the_corrections_page_lists_every_update_newest_first(real_site: Build, real_content):
    logged = [(claim, update) for claim in real_content.claims for update in claim.updates]
    entries = real_site.page("corrections/").select("ul.corrections > li")
    assert len(entries) == len(logged)
    dates = [li.time["datetime"] for li in entries]
    assert dates == sorted(dates, reverse=True)
    shown = {(li.a["href"], li.time["datetime"], li.get_text(" ", strip=True)): li for li in entries}
    for claim, update in logged:
        [li] = [
            li
            for (href, date, text), li in shown.items()
            if href == f"/claims/{claim.slug}/" and date == update.date.isoformat() and update.note in text
        ]
        labels = updates_shown(li)[1]
        if update.previous_verdict:
            assert labels == [real_content.scale.get(update.previous_verdict).label, claim.verdict.label]
        else:
            assert labels == []


def test_a_fixture_correction_is_logged_on_both_pages(basic_build: Build):
    claim = basic_build.page("claims/hundred-widgets/")
    [entry] = claim.find("section", class_="updates").find_all("li")
    [listed] = basic_build.page("corrections/").select("ul.corrections > li")
    for li in (entry, listed):
        assert updates_shown(li) == ("2021-04-01", ["Mostly true", "False"])
        assert "Corrected the filing figure." in li.get_text()


# What the methodology says about the scale, the sources and the evidence


def test_the_methodology_sets_out_the_whole_scale(real_site: Build, real_content):
    section = real_site.page("methodology/").find("section", attrs={"aria-labelledby": "scale-heading"})
    assert section.parent.name == "article" and section.find_next_sibling() is None, "set out at the end of the page"
    ids = [dt["id"] for dt in section.select("dl.scale > dt")]
    assert ids == [f"verdict-{v.key}" for v in real_content.scale.verdicts]


def test_every_rated_statement_is_marked_on_its_source_with_its_verdict(real_site: Build, real_content):
    for claim in real_content.claims:
        for appearance in claim.appearances:
            paragraph = real_site.page(f"sources/{appearance.source_slug}/").find(id=appearance.paragraph.anchor)
            badges = [a.get_text() for a in paragraph.select("a.badge") if a["href"] == f"/claims/{claim.slug}/"]
            where = f"{appearance.source_slug}/#{appearance.paragraph.anchor}"
            assert claim.verdict.label in badges, f"{claim.slug} is not marked with its verdict in {where}"


def test_syndicated_copies_are_linked_as_copies_under_the_original_outlet(real_site: Build, real_content):
    copied = [(claim, e.cited) for claim in real_content.claims for e in claim.evidence if e.cited.copies]
    assert copied, "the Reuters and Bloomberg stories read as copies are recorded as copies"
    for claim, item in copied:
        page = real_site.page(f"claims/{claim.slug}/")
        for copy in item.copies:
            assert copy.url != item.url
            if not copy.url:
                continue
            [link] = [a for a in page.select("a.evidence-copy") if a["href"] == copy.url]
            entry = link.find_parent("li").get_text(" ", strip=True)
            assert entry.startswith(item.outlet) and f"republished by {copy.outlet}" in entry, claim.slug


def test_every_link_on_the_four_pages_leads_somewhere(real_site: Build):
    output = real_site.output
    for slug in ("about", "contribute", "corrections", "methodology"):
        for a in real_site.page(f"{slug}/").select("main a[href]"):
            href = a["href"]
            if urlsplit(href).scheme:
                continue
            path, fragment = urldefrag(urljoin(f"/{slug}/", href))
            target = output / path.lstrip("/") / ("index.html" if path.endswith("/") else "")
            assert target.is_file(), (slug, href)
            if fragment:
                assert BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser").find(id=fragment), (slug, href)


def test_contributings_example_is_the_published_check():
    """CONTRIBUTING.md's "complete example" is richest-man-in-china as published, corrected conclusion included."""
    contributing = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    example = yaml.safe_load(contributing.split("## A complete example", 1)[1].split("---\n")[1])
    published = yaml.safe_load(
        (REPO / "content/claims/richest-man-in-china.md").read_text(encoding="utf-8").split("---\n")[1]
    )
    for field in (
        "claim",
        "headline",
        "claimant",
        "verdict",
        "conclusion",
        "appearances",
        "reviewer",
        "published",
        "updates",
    ):
        assert example[field] == published[field], field


def test_each_check_quotes_and_links_the_exact_paragraph_and_gives_its_reasoning_and_evidence(
    real_site: Build, real_content
):
    """About and methodology: a permanent page per check, linked to the exact passage, with reasoning and evidence."""
    for claim in real_content.claims:
        page = real_site.page(f"claims/{claim.slug}/")
        figures = page.select("section.appearances figure")
        assert len(figures) == len(claim.appearances), claim.slug
        for appearance, figure in zip(claim.appearances, figures, strict=True):
            assert appearance.quote in figure.blockquote.get_text(), claim.slug
            link = f"/sources/{appearance.source_slug}/#{appearance.paragraph.anchor}"
            assert link in [a["href"] for a in figure.find_all("a", href=True)], claim.slug
            source = real_site.page(f"sources/{appearance.source_slug}/")
            assert source.find(id=appearance.paragraph.anchor) is not None, link
        assert page.select_one("section.reasoning").get_text(strip=True) != "Our reasoning", claim.slug
        assert len(page.select("section.evidence ol > li")) == len(claim.evidence) > 0, claim.slug


def test_each_evidence_item_is_described_once_on_a_page_every_citing_check_links(real_site: Build, real_content):
    """Methodology: each item is described once, in the evidence library, and every check citing it links there."""
    for claim in real_content.claims:
        entries = real_site.page(f"claims/{claim.slug}/").select("section.evidence ol > li")
        for evidence, li in zip(claim.evidence, entries, strict=True):
            [link] = li.select("a.evidence-page")
            assert link["href"] == f"/evidence/{evidence.cited.key}/", claim.slug
            item_page = real_site.page(link["href"])
            assert f"/claims/{claim.slug}/" in [a["href"] for a in item_page.find_all("a", href=True)], link["href"]


def test_no_published_check_is_deleted_its_address_keeps_working(real_site: Build):
    """Corrections: every claim address ever registered still answers, as the check or a redirect to it."""
    registered = (REPO / "content/permalinks.txt").read_text(encoding="utf-8").splitlines()
    urls = {line.split()[0] for line in registered if line.startswith("/claims/") and "#" not in line}
    claims = {url for url in urls if url.endswith("/")}  # not a page's own files (its oEmbed document)
    assert len(claims) > 25
    for url in claims:
        assert (real_site.output / url.strip("/") / "index.html").is_file(), url
