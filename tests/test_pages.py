"""Pages are content too: a page file can include nothing, publish nothing and run nothing.

Each family of attacks adds its hostile files to content/pages of a built
fixture site and asserts what the contributor sees: the one-line error for each
file from `make check` and from the build, nothing published and the old output
intact. Attacks tried:
reStructuredText `include` of /proc/self/environ and `raw :file:`, an HTML page;
`{static}`, `|static|`, `{attach}`, `|attach|` in Markdown links, reference
links, raw HTML, a `cite` attribute, behind backslash escapes, HTML entities
and inside another attribute's value; `{tag}` and `{filename}` to a claim;
`<meta http-equiv=refresh>`, `<script>`, `<style>`, `<iframe>`, `<svg onload>`,
attribute lists adding `onclick` and `style`, javascript: links (also
entity-encoded); `Template: claim`, `Save_as`, `URL`, `Status`, `Lang`,
`Summary`, a YAML-style header block, a title continued on an indented line;
slugs of the site's own sections, another page's slug, an invalid slug, none;
20 KB, 5,000 `[` and 300 nested `>` pages; a file name Pelican reads as a date.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, Build, make_site, run_build, run_check

from factcheck.content import shown_path
from factcheck.pagefiles import MAX_PAGE_BYTES, check_pages, site_sections
from factcheck.settings import load_config

SECRET = "SECRET-5d1e-never-published"  # in the environment of every build, as CI secrets are
HEADER_HELP = "a page header has only `Title:`, `Slug:` and `Template:` lines (see CONTRIBUTING.md, Pages)"
UNSAFE_FIX = "write the page in Markdown: pages cannot run scripts, load styles, frames, images or forms, or redirect"
PUBLISH_FIX = "a page cannot add files to the site; link to a page or an http(s) address instead"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):
    """One built fixture site; each attack adds a page, tries it and takes it away."""
    root = make_site(tmp_path_factory.mktemp("pages"))
    (root / "content" / "evil.js").write_text("alert(document.cookie)\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as environment:
        environment.setenv("FACTCHECK_TEST_SECRET", SECRET)
        built = run_build(root)
        assert built.returncode == 0, built.stderr
        yield built


def snapshot(output: Path) -> dict[str, str]:
    output = output.resolve()
    return {
        str(p.relative_to(output)): hashlib.sha256(p.read_bytes()).hexdigest() for p in output.rglob("*") if p.is_file()
    }


def refused(site: Build, attacks: dict[str, tuple[str, str]]) -> None:
    """Add every `name: (text, expected line)` to content/pages at once; `make check` and the build
    each print every expected line, the build fails and the published output stays as it was."""
    pages = site.root / "content" / "pages"
    before = snapshot(site.output)
    for name, (text, _) in attacks.items():
        (pages / name).write_text(text, encoding="utf-8")
    try:
        check, build = run_check(site.root), run_build(site.root)
    finally:
        for name in attacks:
            (pages / name).unlink()
    assert check.returncode == 1 and build.returncode == 1
    assert "was left as it was" in build.stderr
    for name, (_, line) in attacks.items():
        assert line in check.stderr.splitlines(), (name, check.stderr)
        assert line in build.stderr.splitlines(), (name, build.stderr)
    assert snapshot(site.output) == before
    files = [p for p in site.output.resolve().rglob("*") if p.is_file()]
    published = "".join(p.read_text(encoding="utf-8", errors="replace") for p in files)
    assert SECRET not in published and "document.cookie" not in published


def page(body: str, header: str = "Title: Hostile\nSlug: hostile\n") -> str:
    return f"{header}\n{body}\n"


def test_pages_are_markdown_files_only(site):
    attacks = {
        "environ.rst": "Hostile\n=======\n\n.. include:: /proc/self/environ\n",
        "passwd.rst": "Hostile\n=======\n\n.. raw:: html\n   :file: /etc/passwd\n",
        "script.html": "<html><head><title>x</title></head><body><script>alert(1)</script></body></html>\n",
        "other.markdown": page("Hello"),
    }
    fix = "pages are Markdown files — rename it to .md and write it in Markdown"
    refused(site, {name: (text, f"content/pages/{name}:1: error: {fix}") for name, text in attacks.items()})


def test_pelican_itself_reads_no_other_format(site, tmp_path):
    """Even plain `pelican` with the plugin: no reader but Markdown, and a .rst page stops the run."""
    code = (
        "from pelican import Pelican; from pelican.readers import Readers; from pelican.settings import read_settings\n"
        "settings = read_settings('pelicanconf.py'); Pelican(settings)\n"
        "print(sorted(Readers(settings).extensions))"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO / "plugins")}
    readers = subprocess.run([sys.executable, "-c", code], cwd=site.root, env=env, capture_output=True, text=True)
    assert readers.stdout.strip() == "['md', 'static']", readers.stderr
    (site.root / "content" / "pages" / "x.rst").write_text(".. include:: /proc/self/environ\n", encoding="utf-8")
    try:
        command = [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", str(tmp_path / "out")]
        done = subprocess.run(command, cwd=site.root, env=env, capture_output=True, text=True)
    finally:
        (site.root / "content" / "pages" / "x.rst").unlink()
    assert done.returncode != 0
    assert "content/pages/x.rst:1: error: pages are Markdown files" in done.stderr
    assert not any(p.is_file() for p in (tmp_path / "out").rglob("*"))


def test_a_page_cannot_publish_a_file(site):
    attacks = {  # file: (body, the link as Pelican sees it, line)
        "markdown.md": ("[notes]({static}/evil.js)", "{static}/evil.js", 4),
        "pipes.md": ("[notes](|static|/evil.js)", "|static|/evil.js", 4),
        "attach.md": ("[notes]({attach}../evil.js)", "{attach}../evil.js", 4),
        "escaped.md": ("[notes](\\{static\\}/evil.js)", "{static}/evil.js", 4),
        "cite.md": ('<q cite="|attach|../evil.js">quoted</q>', "|attach|../evil.js", 4),
        "entities.md": ('<a href="&#123;static&#125;/evil.js">notes</a>', "{static}/evil.js", 4),
        "in-title.md": ("<a title=\"x href='{static}/evil.js'\">notes</a>", "{static}/evil.js", 4),
        "reference.md": ("[notes][1]\n\n[1]: {static}/evil.js", "{static}/evil.js", 6),
    }
    expected = "error: the link `{}` would make Pelican publish a file — " + PUBLISH_FIX
    refused(
        site,
        {
            name: (page(body), f"content/pages/{name}:{line}: {expected.format(link)}")
            for name, (body, link, line) in attacks.items()
        },
    )
    assert not list(site.output.resolve().rglob("evil.js"))


def test_a_page_links_only_to_pages(site):
    tag = "the link `{tag}widgets` is not a page of this site — use a plain address such as ../about/, or "
    claim = "the link `{filename}../claims/richest-person.md` does not name a page file — link to another page's file, "
    refused(
        site,
        {
            "tag.md": (
                page("[tagged]({tag}widgets)"),
                f"content/pages/tag.md:4: error: {tag}`{{filename}}about.md` for another page",
            ),
            "claim.md": (
                page("[claim]({filename}../claims/richest-person.md)"),
                f"content/pages/claim.md:4: error: {claim}like `{{filename}}about.md`, or use a plain address like "
                "../about/",
            ),
        },
    )


def test_a_page_may_link_to_pages_and_publish_harmless_html_sanitised(tmp_path):
    root = make_site(tmp_path)
    body = '[About]({filename}about.md), [home]({index}).\n\n<div class="note" id="n">Kept <span>text</span></div>'
    (root / "content" / "pages" / "links.md").write_text(page(body, "Title: Links\nSlug: links\n"), encoding="utf-8")
    assert run_check(root).returncode == 0
    built = run_build(root)
    assert built.returncode == 0, built.stderr
    article = built.page("links/").select_one("article.page")
    assert [(a["href"], a["rel"]) for a in article.find_all("a")] == [
        ("/about/", ["noopener", "noreferrer"]),
        ("/index.html", ["noopener", "noreferrer"]),
    ]
    assert "Kept text" in article.get_text() and not article.find(["div", "span"]) and not article.find(class_="note")


def test_a_page_cannot_run_script_or_redirect(site):
    attacks = {  # file: (body, what the message names, line)
        "refresh.md": ('<meta http-equiv="refresh" content="0;url=https://evil.example/">', "<meta>", 4),
        "script.md": ("Hello <script>alert(1)</script>", "<script>", 4),
        "style.md": ("<style>body{display:none}</style>", "<style>", 4),
        "iframe.md": ('<iframe src="https://evil.example/"></iframe>', "<iframe>", 4),
        "svg.md": ("<svg onload=alert(1)></svg>", "<svg>", 4),
        "onclick.md": ('Hello\n\nA paragraph\n{: onclick="alert(1)" }', "the onclick attribute", 7),
        "styled.md": ('A paragraph\n{: style="display:none" }', "the style attribute", 5),
        "javascript.md": ("[click](javascript:alert(1))", "a javascript: link", 4),
        "encoded.md": ('<a href="&#106;avascript:alert(1)">click</a>', "a javascript: link", 4),
    }
    expected = "error: the page contains {}, which the site removes — " + UNSAFE_FIX
    refused(
        site,
        {
            name: (page(body), f"content/pages/{name}:{line}: {expected.format(what)}")
            for name, (body, what, line) in attacks.items()
        },
    )


def test_a_page_header_is_an_allowlist(site):
    remove = f"remove the line; {HEADER_HELP}"
    layouts = "use one of `corrections`, `methodology`, `page`, or remove the line for the plain page layout"
    elsewhere = "choose another slug: this address belongs to the site itself"
    attacks = {  # file: (header, line, message, fix)
        "template.md": ("Title: T\nSlug: hostile\nTemplate: claim\n", 3, "`Template: claim` is not a page template",
                        layouts),
        "save-as.md": ("Title: T\nSlug: hostile\nSave_as: theme/css/site.css/index.html\n", 3,
                       "a page cannot set `Save_as`", remove),
        "url.md": ("Title: T\nURL: claims/\nSlug: hostile\n", 2, "a page cannot set `URL`", remove),
        "status.md": ("Title: T\nSlug: hostile\nStatus: hidden\n", 3, "a page cannot set `Status`", remove),
        "lang.md": ("Title: T\nSlug: hostile\nLang: zh\n", 3, "a page cannot set `Lang`", remove),
        "summary.md": ("Title: T\nSlug: hostile\nSummary: <script>x</script>\n", 3, "a page cannot set `Summary`",
                       remove),
        "block.md": ("---\nTitle: T\nSlug: hostile\nsave_as: index.html\n---\n", 4, "a page cannot set `save_as`",
                     remove),
        "continued.md": ("Title: T\n    continued\nSlug: hostile\n", 1,
                         "`Title` is given more than once (or continues on an indented line)",
                         "write it once, on one line"),
        "markup.md": ("Title: <b>T</b>\nSlug: hostile\n", 1, "the title contains markup `<b`",
                      "write it as plain text"),
        "untitled.md": ("Slug: hostile\n", 1, "the page has no title",
                        "start the file with `Title: …` and `Slug: …` lines, then a blank line"),
        "claims.md": ("Title: T\nSlug: claims\n", 2, "`Slug: claims` would take the site's /claims/ address",
                      elsewhere),
        "theme.md": ("Title: T\nSlug: theme\n", 2, "`Slug: theme` would take the site's /theme/ address", elsewhere),
        "pagefind.md": ("Title: T\nSlug: pagefind\n", 2, "`Slug: pagefind` would take the site's /pagefind/ address",
                        elsewhere),
        "feeds.md": ("Title: T\nSlug: feeds\n", 2, "`Slug: feeds` would take the site's /feeds/ address", elsewhere),
        "api.md": ("Title: T\nSlug: api\n", 2, "`Slug: api` would take the site's /api/ address", elsewhere),
        "twin.md": ("Title: T\nSlug: about\n", 2, "`Slug: about` is the slug of content/pages/about.md too",
                    "give each page its own slug: it is the page's address"),
        "spaced.md": ("Title: T\nSlug: About Us\n", 2, "`Slug: About Us` is not a valid slug",
                      "use lower-case letters, digits and hyphens only"),
        "slugless.md": ("Title: T\n", 1, "the page has no slug",
                        "add a `Slug: <name>` line: lower-case letters, digits and hyphens, the page's address"),
    }  # fmt: skip
    refused(
        site,
        {
            name: (f"{header}\nText.\n", f"content/pages/{name}:{line}: error: {message} — {fix}")
            for name, (header, line, message, fix) in attacks.items()
        },
    )


def test_page_size_and_markdown_cost_are_bounded(site):
    """A page is held to the claims' Markdown limits (markdownlimits.py), said of a page."""
    big = page("word " * (MAX_PAGE_BYTES // 5))
    refused(
        site,
        {
            "brackets.md": (
                page("[" * 5_000),
                "content/pages/brackets.md:4: error: more than 30 `[` in one paragraph of the page — split the "
                "paragraph with a blank line, or write a bracket that is not a link as `\\[`",
            ),
            "nested.md": (
                page("> " * 300 + "deep"),
                "content/pages/nested.md:4: error: lists and quotations nested more than 8 deep — flatten the list "
                "or the quotation",
            ),
            "big.md": (
                big,
                f"content/pages/big.md:1: error: the file is {len(big.encode()):,} bytes; the limit is "
                f"{MAX_PAGE_BYTES:,} — split or shorten it",
            ),
        },
    )


def test_page_templates_are_a_setting(tmp_path):
    root = make_site(tmp_path)
    with open(root / "pelicanconf.py", "a", encoding="utf-8") as settings:
        settings.write('FACTCHECK_PAGE_TEMPLATES = ["page", "corrections"]\n')
    checked = run_check(root)
    line = (
        "content/pages/methodology.md:3: error: `Template: methodology` is not a page template — "
        "use one of `corrections`, `page`, or remove the line for the plain page layout"
    )
    assert checked.returncode == 1 and line in checked.stderr.splitlines(), checked.stderr


def test_reserved_slugs_cover_every_section_the_site_publishes(site):
    config = load_config(str(site.root / "pelicanconf.py"))
    pages = {"about", "contribute", "corrections", "methodology"}
    published = {p.name for p in site.output.resolve().iterdir() if p.is_dir()}
    assert published - pages <= site_sections(config)


def test_the_real_pages_pass():
    problems: list = []
    check_pages(load_config(str(REPO / "pelicanconf.py")), problems, shown_path)
    assert problems == []


def test_every_html_file_carries_the_site_content_security_policy(site):
    from pelican.settings import read_settings

    settings = read_settings(str(REPO / "pelicanconf.py"))
    files = list(site.output.resolve().rglob("*.html"))
    assert {"about/index.html", "methodology/index.html", "corrections/index.html"} <= {
        str(p.relative_to(site.output.resolve())) for p in files
    }
    for path in files:
        meta = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find(
            "meta", attrs={"http-equiv": "Content-Security-Policy"}
        )
        search = path.parent.name == "search"
        expected = settings["SEARCH_CONTENT_SECURITY_POLICY" if search else "CONTENT_SECURITY_POLICY"]
        assert meta is not None and meta["content"] == expected, path


def test_a_page_name_pelican_would_misread_fails_before_pelican_reads_it(site):
    """Pelican reads a date from this page's name (and errs on it); the page check refuses the name first."""
    name = "2020-13-45-notes.md"
    (site.root / "content" / "pages" / name).write_text(page("Notes.", "Title: Notes\nSlug: notes\n"))
    before = snapshot(site.output)
    try:
        built = run_build(site.root)
    finally:
        (site.root / "content" / "pages" / name).unlink()
    line = (
        f"content/pages/{name}:1: error: Pelican would read `date` from the file name `{name}` — rename it "
        "without a date: a page's metadata comes only from its header lines"
    )
    assert built.returncode == 1 and line in built.stderr.splitlines(), built.stderr
    assert built.stderr.splitlines()[-1] == "output was left as it was."
    assert snapshot(site.output) == before


def test_a_pelican_warning_fails_the_build(site, tmp_path: Path):
    theme = tmp_path / "theme"  # a theme whose static file Pelican cannot copy: a warning during the run
    shutil.copytree(REPO / "theme", theme)
    (theme / "static" / "css" / "print.css").symlink_to("gone.css")
    settings = site.root / "pelicanconf.py"
    original = settings.read_text(encoding="utf-8")
    settings.write_text(original + f"THEME = {str(theme)!r}\n", encoding="utf-8")
    before = snapshot(site.output)
    try:
        built = run_build(site.root)
    finally:
        settings.write_text(original, encoding="utf-8")
    assert built.returncode == 1
    lines = built.stderr.splitlines()
    skipped = f"pelican: warning: Skipped copy {theme}/static/css/print.css (not a file or directory) to "
    assert [line for line in lines if line.startswith(skipped)], built.stderr
    assert lines[-2:] == [
        "build FAILED: Pelican reported 1 warning(s) or error(s), listed above",
        "output was left as it was.",
    ]
    assert snapshot(site.output) == before


def test_contributing_names_every_reserved_slug():
    section = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8").split("## Pages", 1)[1].split("\n## ", 1)[0]
    config = load_config(str(REPO / "pelicanconf.py"))
    assert all(f"`{name}`" in section for name in site_sections(config))
    assert all(f"`{name}`" in section for name in config.page_templates)
