"""Pages (about, methodology, corrections, …) as content: what a page file may be and say.

Pages arrive by pull request like claims, but Pelican's own reader publishes
them, so without these rules a page could include files from the build machine
(reStructuredText's `include`), publish a script of its own (`{static}`), run
script or redirect readers, crash the build (`Template: claim`) or squat
another URL (`Save_as:`). Owns those rules, each refusal a one-line Problem:

- only Markdown files under the page folders;
- a header of `Title:`, `Slug:` and `Template:` lines only; the template one of
  FACTCHECK_PAGE_TEMPLATES; the slug valid and neither a section of the site
  nor another page's;
- no markup the sanitiser would have to remove for safety, and no Pelican link
  that publishes a file;
- a bounded size, and the limits claims have on Markdown that renders in
  super-linear time or recurses without bound (`markdownlimits`).

`check_pages` runs in `make check` and, in the build, before Pelican reads any
page; `page_problems` runs again on Pelican's own reading (generator.py), so
what is checked is what is published. No Pelican import.
"""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

import markdown
from markdown.extensions.meta import BEGIN_RE, END_RE, META_MORE_RE, META_RE

from .characters import NOT_TEXT, not_text_lines
from .config import FactcheckConfig
from .confine import Refused, read_text_file, refusal, walk
from .fields import MARKUP, SLUG, did_you_mean
from .markdownlimits import markdown_problems
from .model import Problem
from .opendata import CLAIMREVIEW_JSON, CLAIMS_JSON, FEEDS_DIR
from .sanitize import sanitize_html, unsafe_markup
from .searchindex import BUNDLE
from .urls import INDEXES

PAGE_EXTENSION = ".md"
PAGE_FIELDS = ("title", "slug", "template")  # lower case, as Markdown's meta extension reads keys
MAX_PAGE_BYTES = 20_000  # our longest page is 2.6 KB; some Markdown costs grow with the square of the size
MAX_TITLE_CHARS = 120
PAGE_LINKS = {"filename", "index"}  # Pelican links that only point at a page
PUBLISHING_LINKS = {"static", "attach"}  # Pelican copies what these link to into the site, wherever it is
HEADER_HELP = "a page header has only `Title:`, `Slug:` and `Template:` lines (see CONTRIBUTING.md, Pages)"


@dataclass(frozen=True)
class PageFile:
    path: str
    shown: str  # as messages name it
    source: str  # relative to the content path, as Pelican names it: `pages/about.md`


def site_sections(config: FactcheckConfig) -> frozenset[str]:
    """The first URL segments the site publishes itself; a page slug must be none of them."""
    paths = (*INDEXES.values(), FEEDS_DIR, CLAIMS_JSON, CLAIMREVIEW_JSON, BUNDLE, config.theme_static_dir)
    return frozenset(path.strip("/").split("/")[0] for path in paths if path.strip("/"))


def check_pages(config: FactcheckConfig, problems: list[Problem], shown: Callable[[str], str]) -> None:
    """Every problem of every file under the page folders, and slugs that two pages share.

    `shown` turns a path into the one messages use (`content.shown_path`).
    """
    pages = list(page_files(config, problems, shown))
    sources = {page.source for page in pages}
    owners: dict[str, str] = {}
    for page in pages:
        text = read_page(page, problems)
        if text is None:
            continue
        html, meta = render_page(text, config.page_markdown)
        found = page_problems(page, text, meta, html, config, sources)
        problems.extend(found)
        slug = (meta.get("slug") or [""])[0]
        if found or not slug:
            continue
        if slug in owners:
            line = _Header(text).line_of("slug")
            message = f"`Slug: {slug}` is the slug of {owners[slug]} too"
            problems.append(Problem(page.shown, line, message, "give each page its own slug: it is the page's address"))
        else:
            owners[slug] = page.shown


def page_files(config: FactcheckConfig, problems: list[Problem], shown: Callable[[str], str]):
    """Yield each Markdown file Pelican would read as a page, sorted; report every other file.

    Links and special files are left to `confine.scan_tree`, which reports them
    and runs first; a linked folder is never entered.
    """
    for directory in config.page_dirs:
        if os.path.islink(directory) or not os.path.isdir(directory):
            continue
        for root, _, names in walk(directory, config.ignored):  # a loop: a deep tree cannot crash it
            for name in names:
                path = os.path.join(root, name)
                if os.path.islink(path) or not os.path.isfile(path):
                    continue  # the content scan reports links and special files
                stem, extension = os.path.splitext(name)
                if extension != PAGE_EXTENSION:
                    fix = "rename it to .md and write it in Markdown"
                    problems.append(Problem(shown(path), 1, "pages are Markdown files", fix))
                elif not SLUG.fullmatch(stem):
                    fix = "rename it with lower-case letters, digits and hyphens only"
                    problems.append(Problem(shown(path), 1, f"file name `{name}` is not a valid slug", fix))
                else:
                    source = os.path.relpath(path, config.content_path).replace(os.sep, "/")
                    if named := _metadata_in_name(config, stem, source):
                        message = f"Pelican would read {named} from the file name `{name}`"
                        fix = "rename it without a date: a page's metadata comes only from its header lines"
                        problems.append(Problem(shown(path), 1, message, fix))
                        continue
                    yield PageFile(path, shown(path), source)


def _metadata_in_name(config: FactcheckConfig, stem: str, source: str) -> str:
    """What Pelican's FILENAME_METADATA or PATH_METADATA would take from a page's name, as words; or ''.

    Pelican reads it before any reader (`9999-99-99.md` is a date it cannot
    parse: the build failed where `make check` passed). Title and slug are
    harmless, as every page's header sets them and the header wins; anything
    else would be metadata the page header may not set.
    """
    found: list[str] = []
    for pattern, text in ((config.filename_metadata, stem), (config.path_metadata, source)):
        try:
            match = re.match(pattern, text) if pattern else None
        except re.error:
            continue  # a setting Pelican itself cannot use
        if match:
            found += [f"`{key.lower()}`" for key, value in match.groupdict().items() if value is not None]
    return " and ".join(key for key in dict.fromkeys(found) if key not in ("`title`", "`slug`"))


def read_page(page: PageFile, problems: list[Problem]) -> str | None:
    """The page's text as Pelican reads it (no byte-order mark), or None with the reason in `problems`."""
    try:
        text = read_text_file(page.path, MAX_PAGE_BYTES)
    except Refused as error:
        problem = refusal(page.shown, error)
    except UnicodeDecodeError:
        problem = Problem(page.shown, 1, "the file is not UTF-8 text", "save it as UTF-8")
    except OSError as error:
        problem = Problem(page.shown, 1, f"cannot read the file: {error.strerror}", "fix its permissions")
    else:
        return text.removeprefix("\ufeff")
    if problem not in problems:  # the content scan may have said so already
        problems.append(problem)
    return None


def reader_options(options: Mapping) -> dict:
    """The site's MARKDOWN options completed as Pelican's Markdown reader completes them."""
    completed = copy.deepcopy(dict(options))
    completed.setdefault("extension_configs", {})
    completed.setdefault("extensions", [])
    for extension in completed["extension_configs"]:
        if extension not in completed["extensions"]:
            completed["extensions"].append(extension)
    if "markdown.extensions.meta" not in completed["extensions"]:
        completed["extensions"].append("markdown.extensions.meta")
    return completed


def render_page(text: str, options: Mapping) -> tuple[str, dict[str, list[str]]]:
    """(body HTML before sanitising, header values by lower-case key), exactly as Pelican's reader gets them."""
    if _markdown_limits(text):
        return "", {}
    renderer = markdown.Markdown(**reader_options(options))
    html = renderer.convert(text)
    return html, getattr(renderer, "Meta", {})


def page_problems(
    page: PageFile,
    text: str,
    meta: Mapping[str, list[str]],
    html: str,
    config: FactcheckConfig,
    sources: Collection[str] | None = None,
) -> list[Problem]:
    """Everything wrong with one page; `sources` (every page's source path) checks `{filename}` links."""
    header = _Header(text)
    problems: list[Problem] = []

    def problem(line: int, message: str, fix: str) -> None:
        problems.append(Problem(page.shown, line, message, fix))

    if limits := _markdown_limits(text):
        return [Problem(page.shown, line, message, fix) for line, message, fix in limits]
    body = "\n".join(header.lines[header.body_line - 1 :])
    for line, message, fix in not_text_lines(body, header.body_line, "the page"):
        problem(line, message, fix)
    for key, values in meta.items():
        written = header.spelling.get(key, key)
        if key not in PAGE_FIELDS:
            problem(header.line_of(key), f"a page cannot set `{written}`", f"remove the line; {HEADER_HELP}")
        elif len(values) > 1:
            fix = "write it once, on one line"
            problem(header.line_of(key), f"`{written}` is given more than once (or continues on an indented line)", fix)
    problems += _title_problems(page, header, meta)
    problems += _slug_problems(page, header, meta, config)
    templates = meta.get("template")
    template = templates[0] if templates else None
    if template is not None and template not in config.page_templates:
        hint = did_you_mean(template, sorted(config.page_templates))
        allowed = ", ".join(f"`{name}`" for name in sorted(config.page_templates))
        fix = f"{hint + ' ' if hint else ''}use one of {allowed}, or remove the line for the plain page layout"
        problem(header.line_of("template"), f"`Template: {template}` is not a page template", fix)
    for what, needle in unsafe_markup(html):
        fix = "write the page in Markdown: pages cannot run scripts, load styles, frames, images or forms, or redirect"
        problem(header.find(needle), f"the page contains {what}, which the site removes", fix)
    problems += _link_problems(page, header, sanitize_html(html), config, sources)
    return problems


def _title_problems(page: PageFile, header: _Header, meta: Mapping[str, list[str]]) -> list[Problem]:
    titles = meta.get("title")
    line = header.line_of("title")
    if not titles or not titles[0]:
        fix = "start the file with `Title: …` and `Slug: …` lines, then a blank line"
        return [Problem(page.shown, line, "the page has no title", fix)]
    title = titles[0]
    if markup := MARKUP.search(title):
        return [Problem(page.shown, line, f"the title contains markup `{markup.group()}`", "write it as plain text")]
    if any(_unprintable(c) for c in title):
        fix = "retype the title without control or invisible characters"
        return [Problem(page.shown, line, "the title contains a control character", fix)]
    if len(title) > MAX_TITLE_CHARS:
        fix = f"shorten it to at most {MAX_TITLE_CHARS}"
        return [Problem(page.shown, line, f"the title is {len(title)} characters long", fix)]
    return []


def _slug_problems(page: PageFile, header: _Header, meta: Mapping, config: FactcheckConfig) -> list[Problem]:
    slugs = meta.get("slug")
    line = header.line_of("slug")
    if not slugs or not slugs[0]:
        fix = "add a `Slug: <name>` line: lower-case letters, digits and hyphens, the page's address"
        return [Problem(page.shown, line, "the page has no slug", fix)]
    slug = slugs[0]
    if not SLUG.fullmatch(slug):
        fix = "use lower-case letters, digits and hyphens only"
        return [Problem(page.shown, line, f"`Slug: {slug}` is not a valid slug", fix)]
    if slug in site_sections(config):
        fix = "choose another slug: this address belongs to the site itself"
        return [Problem(page.shown, line, f"`Slug: {slug}` would take the site's /{slug}/ address", fix)]
    return []


def _link_problems(page, header, html: str, config: FactcheckConfig, sources) -> list[Problem]:
    """Pelican links (`{static}x`, `|attach|x`, …) in the sanitised HTML, the form Pelican rewrites."""
    problems: list[Problem] = []
    for link in _pelican_links(config.page_link_pattern).finditer(html):
        what, target, written = link.group("what"), link.group("value"), link.group("path")
        line = header.find(written, what)
        if what in PUBLISHING_LINKS:
            fix = "a page cannot add files to the site; link to a page or an http(s) address instead"
            problems.append(Problem(page.shown, line, f"the link `{written}` would make Pelican publish a file", fix))
        elif what not in PAGE_LINKS:
            fix = "use a plain address such as ../about/, or `{filename}about.md` for another page"
            problems.append(Problem(page.shown, line, f"the link `{written}` is not a page of this site", fix))
        elif what == "filename" and sources is not None and _linked_source(page, target) not in sources:
            fix = "link to another page's file, like `{filename}about.md`, or use a plain address like ../about/"
            problems.append(Problem(page.shown, line, f"the link `{written}` does not name a page file", fix))
    return problems


def _pelican_links(pattern: str) -> re.Pattern:
    """Pelican's intrasite link expression (`Content._get_intrasite_link_regex`), built from the same setting."""
    return re.compile(
        rf"""(?P<markup><[^\>]+(?:href|src|poster|data|cite|formaction|action|content)\s*=\s*)
        (?P<quote>["\'])(?P<path>{pattern}(?P<value>.*?))(?P=quote)""",
        re.X,
    )


def _linked_source(page: PageFile, target: str) -> str:
    """The source path a `{filename}` link resolves to, as Pelican resolves it."""
    path = unquote(urlsplit(target).path)
    if path.startswith("/"):
        return path[1:]
    return os.path.normpath(os.path.join(os.path.dirname(page.source), path)).replace(os.sep, "/")


def _markdown_limits(text: str) -> list[tuple[int, str, str]]:
    """(line, message, fix) for Markdown the renderer must not be given: the claims' limits, said of a page."""
    return [
        (index + 1, message.replace("the reasoning", "the page"), fix.replace("the reasoning", "the page"))
        for index, message, fix in markdown_problems(text)
    ]


def _unprintable(character: str) -> bool:
    """Not text (`characters.NOT_TEXT`: bidirectional overrides too), or invisible in a one-line title."""
    return NOT_TEXT.fullmatch(character) is not None or character in "\t\u200b\u2028\u2029"


class _Header:
    """Where each header key and the body start, read with the Markdown meta extension's own patterns."""

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        self.lines_of: dict[str, int] = {}
        self.spelling: dict[str, str] = {}
        number = 1
        if self.lines and BEGIN_RE.match(self.lines[0]):
            number = 2
        self.body_line = number
        for line in self.lines[number - 1 :]:
            if not line.strip() or END_RE.match(line):
                self.body_line = number + 1
                break
            if found := META_RE.match(line):
                key = found.group("key").lower()
                self.lines_of.setdefault(key, number)
                self.spelling.setdefault(key, found.group("key"))
            elif not META_MORE_RE.match(line):
                self.body_line = number
                break
            number += 1
        self.body_line = min(self.body_line, max(len(self.lines), 1))

    def line_of(self, key: str) -> int:
        return self.lines_of.get(key, 1)

    def find(self, *needles: str) -> int:
        """The first body line containing one of `needles` (ignoring case), else where the body starts."""
        for needle in needles:
            if not needle:
                continue
            for number, line in enumerate(self.lines[self.body_line - 1 :], start=self.body_line):
                if needle.lower() in line.lower():
                    return number
        return self.body_line
