"""Pelican glue: a generator that loads the fact-check content and writes its pages and data.

Thin on purpose: reading, validation, linking and the structured-data checks
happen in `content`; page planning in `pages`; passages in `annotate`; data
formats in `claimreview`, `citation`, `opendata`, `embed` and `sharecards`. This module
adapts them to Pelican's generator life cycle and writer, and stops the build
on errors before anything is written.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import sys

import markdown
from jinja2 import TemplateNotFound
from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator
from pelican.utils import get_relative_path, path_to_url

from .annotate import annotate
from .cardcache import BuildCards
from .citation import cite
from .claimreview import data_feed, script_json, source_work
from .config import theme_settings
from .confine import card_cache_status
from .content import load_site, shown_path
from .desk import Desk
from .embed import oembed, oembed_path, verdict_card
from .footnotes import link_citations
from .incremental import (
    TEMPLATE_BYTECODE,
    WrittenPages,
    code_fingerprint,
    digest,
    forget_memos_except,
    memo,
    templates_fingerprint,
)
from .language import Language, LanguageError, install
from .linking import Site
from .model import Appearance
from .opendata import (
    ALL_CLAIMS_FEED,
    CLAIMREVIEW_JSON,
    CLAIMS_JSON,
    atom_feed,
    claims_json,
    licence_name,
    robots_txt,
    sitemap,
)
from .pages import PagePlan, plan_pages
from .permalinks import companions
from .publish import (
    ContentError,
    FactcheckWriter,
    fail,
    finish_build,
    get_writer,
    index_for_search,
    quiet_tracebacks,
    start_build,
)
from .sanitize import sanitize_html
from .searchindex import SearchPage, searched_templates
from .settings import config_from_settings
from .urls import URL_FUNCTIONS, claim_url

logger = logging.getLogger(__name__)

__all__ = ["ContentError", "FactcheckGenerator", "connect"]

# Pages the theme links from every page's header and footer.
THEME_PAGES = ("about", "contribute", "corrections", "methodology")


def card_path(slug: str) -> str:
    return f"claims/{slug}/card.png"


class FactcheckGenerator(Generator):
    """Reads claims and sources in `generate_context`, writes their pages in `generate_output`."""

    site: Site

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.env.bytecode_cache = TEMPLATE_BYTECODE

    def generate_context(self) -> None:
        self.config = config_from_settings(self.settings)
        result = load_site(self.config)
        for problem in result.warnings:
            logger.warning("%s", problem)
        if result.errors:
            for problem in result.errors:
                print(problem, file=sys.stderr)
            fail(
                f"{len(result.errors)} content error(s), listed above; nothing was published. "
                "Fix them and run `make check` to confirm."
            )
        assert result.site is not None  # no errors: the site was read and linked
        self.site = result.site
        self.reviews = result.reviews
        self.redirects = result.redirects
        self.publisher = self.config.publisher
        self.language = site_language(self.settings)
        self.context.update(URL_FUNCTIONS)
        self.context["page_link"] = self._page_links()
        self.context["factcheck"] = self.site
        self.context["verdict_scale"] = self.site.scale
        self.context["factcheck_sources"] = {s.slug: s for s in self.site.sources}
        self.context["day"] = self.language.day
        self.context["absolute_url"] = self.config.absolute
        self.context["feed_url"] = ALL_CLAIMS_FEED
        self.context["oembed_path"] = oembed_path
        self.context["embed_card"] = self._embed_card
        self.context["data_license"] = self.config.data_license
        self.context["content_license"] = self.config.content_license
        self.context["site_publisher"] = self.publisher
        self.context["licence_name"] = licence_name
        self.context["desk"] = Desk(self.config.repository_url, self.config.contact)
        for name, value in theme_settings(self.settings).items():
            self.context.setdefault(name, value)

    def generate_output(self, writer: FactcheckWriter) -> None:
        if not isinstance(writer, FactcheckWriter):
            fail(f"settings: error: another plugin's writer ({type(writer).__name__}) replaced the fact-check writer")
        self.writer = writer
        site = self.site
        written = WrittenPages(self.output_path)
        pages = sorted((page.slug, page.url) for page in self.context.get("pages", []))
        environment = digest(
            code_fingerprint(),
            templates_fingerprint(self._templates_path),
            repr(sorted(self.settings.items(), key=str)),
            repr(site.scale),
            repr(pages),
            self.language.fingerprint,
        )
        claim_digests = {c.slug: self._claim_digest(c) for c in site.claims}
        library = [item.fingerprint for item in site.evidence.values()]
        everything = digest(*claim_digests.values(), *(s.fingerprint for s in site.sources), *library)
        renderer = markdown.Markdown(**self.settings["MARKDOWN"])
        self.card_keys = {slug: digest(environment, "card", value) for slug, value in claim_digests.items()}
        self.cards_by_siteurl: dict[str, _Cards] = {}
        self.plans = plan_pages(site, self.config.home_latest, self.language.gettext)
        keys = [self._page_key(plan, environment, claim_digests, everything) for plan in self.plans]
        unchanged = [self._unchanged(written, plan, key) for plan, key in zip(self.plans, keys, strict=True)]
        if self.config.search:
            searched = searched_templates({plan.template for plan in self.plans}, self._template_source)
            pages_shown = zip(self.plans, keys, strict=True)
            index_for_search([SearchPage(plan.save_as, key) for plan, key in pages_shown if plan.template in searched])
        # Cards are drawn by other processes while this one renders the pages.
        cards = self._start_cards([p for p, same in zip(self.plans, unchanged, strict=True) if not same])
        try:
            for plan, key, same in zip(self.plans, keys, unchanged, strict=True):
                if same:
                    writer.keep(plan.save_as)
                    if plan.template == "claim" and cards:
                        writer.keep(card_path(plan.values["claim"].slug))
                    continue
                values = dict(plan.values)
                if plan.template == "claim":
                    values.update(self._claim_values(values["claim"], renderer))
                if plan.template == "source":
                    values.update(self._source_values(values["source"], values["passages"], plan.save_as))
                self._render(plan, values)
                written.record(plan.save_as, key)
            forget_memos_except(f"{key}:{url}" for key in self.card_keys.values() for url in self.cards_by_siteurl)
            for moved in self.redirects:
                plan = PagePlan(moved.old, "redirect", moved.title, {"target": moved.target, "moved": moved.noun})
                self._render(plan, {"noindex": True})
            self._render(PagePlan("404.html", "404", self.language.gettext("Page not found"), {}), {"noindex": True})
            self._data(written, digest(environment, "data", everything, repr(self.redirects)))
            if cards:
                cards.link(writer.link_data)
        finally:
            if cards:
                cards.close()

    def _unchanged(self, written: WrittenPages, plan: PagePlan, key: str) -> bool:
        """Whether the live site's file (carried into this build) is the page as it would be rendered now."""
        if not written.unchanged(plan.save_as, key):
            return False
        if plan.template == "claim" and self.config.share_cards:
            return os.path.isfile(os.path.join(self.output_path, card_path(plan.values["claim"].slug)))
        return True

    def _template_source(self, name: str) -> str:
        """A template's text, found as Pelican's `get_template` finds it, but not compiled."""
        assert self.env.loader is not None
        for extension in self.settings["TEMPLATE_EXTENSIONS"]:
            with contextlib.suppress(TemplateNotFound):
                return self.env.loader.get_source(self.env, name + extension)[0]
        return ""

    def _start_cards(self, plans: list[PagePlan]) -> BuildCards | None:
        """Start drawing the cards of the claim pages in `plans` (None: no share cards)."""
        if not self.config.share_cards:
            return None
        slugs = [plan.values["claim"].slug for plan in plans if plan.template == "claim"]
        files = {slug: card_path(slug) for slug in slugs}
        config = self.config
        return BuildCards.start(self.site.claims, files, config.site_name, self._card_cache(), config.site_url)

    def _page_links(self):
        """`page_link(slug)` for templates: the URL of one of the site's pages, which must exist."""
        urls = {page.slug: page.url for page in self.context.get("pages", [])}
        missing = [slug for slug in THEME_PAGES if slug not in urls]
        if missing:
            pages = ", ".join(f"`Slug: {slug}`" for slug in missing)
            fail(f"content/pages: error: the theme links pages that do not exist — add pages with {pages}")
        return urls.__getitem__

    def _siteurl(self, save_as: str) -> str:
        """SITEURL as a page at `save_as` links with it: relative to the page when RELATIVE_URLS is set."""
        if self.settings.get("RELATIVE_URLS"):
            return path_to_url(get_relative_path(save_as))
        return self.settings.get("SITEURL", "")

    def _claim_cards(self, siteurl: str) -> _Cards:
        """Each claim's card as lists show it, rendered once per claim (and per page depth when URLs are relative)."""
        if siteurl not in self.cards_by_siteurl:
            macros = self.get_template("_macros").make_module(vars={**self.context, "SITEURL": siteurl})
            claims = {c.slug: c for c in self.site.claims}
            self.cards_by_siteurl[siteurl] = _Cards(self.card_keys, siteurl, macros, claims)
        return self.cards_by_siteurl[siteurl]

    def _claim_digest(self, claim) -> str:
        """The claim's file, and what linking added: where its quotes sit, its topics' slugs, its evidence items."""
        placed = [(a.source_slug, a.paragraph.number, a.start, a.end) for a in claim.appearances]
        topics = repr([(t.slug, t.name, t.description) for t in self.site.tags_of(claim)])
        return digest(claim.fingerprint, repr(placed), topics, *(e.cited.fingerprint for e in claim.evidence))

    def _page_key(self, plan: PagePlan, environment: str, claim_digests: dict[str, str], everything: str) -> str:
        """A digest of everything a page shows: equal digests mean an identical page."""
        if plan.template == "claim":
            claim, site = plan.values["claim"], self.site
            cited = [self.context["factcheck_sources"][a.source_slug] for a in claim.appearances]
            shown = repr([(s.slug, s.title, s.publisher, s.author, s.published, s.kind, s.url) for s in cited])
            related = [(r.claim.slug, r.claim.headline, r.claim.verdict.key, r.why) for r in site.related_to(claim)]
            return digest(environment, plan.url, claim_digests[claim.slug], shown, repr(related))
        if plan.template in ("source", "evidence"):
            citing = [claim_digests[c.slug] for c in plan.values["claims"]]
            shown = plan.values["source"] if plan.template == "source" else plan.values["item"]
            return digest(environment, plan.url, shown.fingerprint, *citing)
        return digest(environment, plan.template, plan.url, everything)

    def _claim_values(self, claim, renderer: markdown.Markdown) -> dict:
        numbers = {e.key: number for number, e in enumerate(claim.evidence, start=1)}  # `[@id]` → its footnote
        first: dict[str, Appearance] = {}
        for appearance in claim.appearances:
            first.setdefault(appearance.source_slug, appearance)
        return {
            "body": Markup(link_citations(sanitize_html(renderer.reset().convert(claim.body)), numbers)),
            "citation": cite(claim, self.config.site_name, self.config.absolute(claim_url(claim)), self.language),
            "json_ld": Markup(self.reviews[claim.slug].json),
            "share_image": self.config.absolute(card_path(claim.slug)) if self.config.share_cards else None,
            "first_appearances": [(self.context["factcheck_sources"][a.source_slug], a) for a in first.values()],
        }

    def _source_values(self, source, passages, save_as: str) -> dict:
        work = {"@context": "https://schema.org", **source_work(source, self.config.absolute)}
        siteurl = self._siteurl(save_as)
        return {
            "paragraphs": self._annotated(source, passages, lambda path: f"{siteurl}/{path}", self.language),
            "json_ld": Markup(script_json(work)),
        }

    @staticmethod
    def _annotated(source, passages, link, language: Language) -> list:
        """Each paragraph with its marked passages, numbered through the document."""
        total = sum(len(found) for found in passages.values())
        numbered, first = [], 1
        for paragraph in source.paragraphs:
            found = passages.get(paragraph.number, [])
            numbered.append((paragraph, annotate(paragraph, found, link, first, total, language)))
            first += len(found)
        return numbered

    def _render(self, plan: PagePlan, values: dict) -> None:
        page = {
            "url": plan.url,
            "page_url": plan.url,
            "page_title": plan.title,
            "canonical_url": self.config.absolute(plan.url),
            "claim_cards": self._claim_cards(self._siteurl(plan.save_as)),
            **plan.values,
            **values,
        }
        relative = bool(self.settings.get("RELATIVE_URLS"))
        template = self.get_template(plan.template)
        # The page's values go in the context: `url` and others are also names of `write_file`'s own arguments.
        self.writer.write_file(plan.save_as, template, {**self.context, **page}, relative_urls=relative)

    def _data(self, written: WrittenPages, key: str) -> None:
        """Feeds, open data and the sitemap: carried over, all of them, when nothing they show changed.

        Each data file is recorded with `key` and how many were written, so a
        live site missing one of them has them all written again.
        """
        kept = [name for name, was in written.entries.items() if was.startswith(f"{key}:")]
        if kept and all(written.entries[name] == f"{key}:{len(kept)}" for name in kept):
            for name in kept:
                self.writer.keep(name)
            return
        self._data_written: list[str] = []
        self._write_data()
        for name in self._data_written:
            written.record(name, f"{key}:{len(self._data_written)}")

    def _write_data(self) -> None:
        """Feeds, open data, sitemap, robots.txt and the verdict colours."""
        site, absolute, name = self.site, self.config.absolute, self.config.site_name
        updated = max((c.modified for c in site.claims), default=dt.date(1970, 1, 1))
        _ = self.language.gettext
        feed_title = _("{site}: {feed}")
        licence = self.config.content_license
        everything = atom_feed(
            site.claims,
            feed_title.format(site=name, feed=_("all claims")),
            ALL_CLAIMS_FEED,
            self.publisher,
            absolute,
            updated,
            self.language.code,
            licence,
        )
        self._write_file(ALL_CLAIMS_FEED, everything)
        written: dict[str, str] = {}  # what the pages' feeds and the claims' oEmbed documents say, by path
        for feed in (plan.values["page_feed"] for plan in self.plans if "page_feed" in plan.values):
            title = feed_title.format(site=name, feed=feed.title)
            written[feed.path] = atom_feed(
                feed.claims, title, feed.path, self.publisher, absolute, updated, self.language.code, licence
            )
        for claim in site.claims:
            thumbnail = absolute(card_path(claim.slug)) if self.config.share_cards else None
            written[oembed_path(claim.slug)] = oembed(claim, name, absolute, thumbnail, self.language)
        for moved in self.redirects:  # a moved page's feed or oEmbed document keeps answering at the old address
            pairs = zip(companions(moved.old), companions(moved.target), strict=True)  # a page moves within its kind
            written |= {old: written[new] for old, new in pairs}
        for path, text in written.items():
            self._write_file(path, text)
        self._write_file(CLAIMS_JSON, claims_json(site, absolute, self.config.data_license, self.publisher))
        reviews = [self.reviews[c.slug] for c in site.claims]
        feed = data_feed(
            reviews,
            self.publisher,
            feed_title.format(site=name, feed=_("ClaimReview feed")),
            absolute(CLAIMREVIEW_JSON),
            self.config.data_license,
        )
        self._write_file(CLAIMREVIEW_JSON, feed)
        self._write_file("sitemap.xml", sitemap(self._sitemap_entries()))
        self._write_file("robots.txt", robots_txt(absolute("sitemap.xml")))
        rules = [f".verdict-{v.key}{{--verdict:{v.colour}}}" for v in site.scale.verdicts]
        self._write_file(f"{self.config.theme_static_dir}/css/verdicts.css", "\n".join(rules) + "\n")

    def _sitemap_entries(self):
        """Every page but redirects and the 404 page, with the date its content last changed."""
        site = self.site
        newest = max((c.modified for c in site.claims), default=None)
        claims_modified = {c.slug: c.modified for c in site.claims}
        modified: dt.date | None
        for plan in self.plans:
            if plan.template == "claim":
                modified = claims_modified[plan.values["claim"].slug]
            elif plan.values.get("claims") is not None:
                modified = max((c.modified for c in plan.values["claims"]), default=None)
            else:
                modified = newest
            yield self.config.absolute(plan.url), modified
        for page in self.context.get("pages", []):
            yield self.config.absolute(page.url), None

    def _embed_card(self, claim) -> str:
        """The claim's embeddable verdict card, as HTML text: the claim page shows it to copy, escaped."""
        return verdict_card(claim, self.config.site_name, self.config.absolute(claim_url(claim)), self.language)

    def _write_file(self, path: str, data: str | bytes) -> None:
        self.writer.write_data(path, data)
        self._data_written.append(path)

    def _card_cache(self) -> str | None:
        """The share-card cache directory, or None when its cards cannot be trusted (see `card_cache_status`)."""
        if not hasattr(self, "_trusted_card_cache"):
            directory = self.config.card_cache
            self._trusted_card_cache = directory if card_cache_status(directory, shown_path)[1] else None
        return self._trusted_card_cache


class _Cards(dict[str, Markup]):
    """Claim cards by slug, each rendered on first use and remembered across devserver rebuilds."""

    def __init__(self, keys: dict[str, str], siteurl: str, macros, claims: dict) -> None:
        super().__init__()
        self.card_keys, self.siteurl, self.macros, self.claims = keys, siteurl, macros, claims

    def __missing__(self, slug: str) -> Markup:
        claim = self.claims[slug]
        card = memo(f"{self.card_keys[slug]}:{self.siteurl}", lambda: Markup(self.macros.claim_card(claim)))
        self[slug] = card
        return card


def site_language(settings) -> Language:
    """The language DEFAULT_LANG names; a code Babel does not know stops the build in one line."""
    try:
        return Language.from_code(settings.get("DEFAULT_LANG") or "en")
    except LanguageError as error:
        fail(str(error))


def install_language(generator) -> None:
    """`generator_init`: every generator's templates (Pelican's pages too) speak the site's language."""
    install(generator.env, site_language(generator.settings))


def get_generators(pelican) -> type[Generator]:
    return FactcheckGenerator


def connect() -> None:
    from .pagereader import check_pages_first, confine_readers

    signals.initialized.connect(quiet_tracebacks)
    signals.get_generators.connect(start_build)
    signals.get_generators.connect(get_generators)
    signals.get_writer.connect(get_writer)
    signals.readers_init.connect(confine_readers)
    signals.generator_init.connect(check_pages_first)
    signals.generator_init.connect(install_language)
    signals.finalized.connect(finish_build)
