"""Pelican glue: a generator that loads the fact-check content and writes its pages.

Thin on purpose: reading, validation and linking happen in `content`, page
planning in `pages`, markup of passages in `annotate`. This module adapts them
to Pelican's generator life cycle and writer, and stops the build on errors.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys

import markdown
from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

from .annotate import annotate
from .content import load_site
from .linking import Site
from .pages import PagePlan, plan_pages
from .settings import config_from_settings
from .urls import URL_FUNCTIONS

logger = logging.getLogger(__name__)

VERDICT_CSS = "theme/css/verdicts.css"


def day(date: dt.date) -> str:
    """'21 November 2026': unambiguous in every English-speaking country."""
    return f"{date.day} {date:%B %Y}"


class ContentError(Exception):
    """The content has errors; they were printed one per line before raising."""


class FactcheckGenerator(Generator):
    """Reads claims and sources in `generate_context`, writes their pages in `generate_output`."""

    site: Site

    def generate_context(self) -> None:
        self.config = config_from_settings(self.settings)
        result = load_site(self.config)
        for problem in result.warnings:
            logger.warning("%s", problem)
        if result.errors:
            for problem in result.errors:
                print(problem, file=sys.stderr)
            raise ContentError(
                f"{len(result.errors)} content error(s), listed above; nothing was published. "
                "Fix them and run `make check` to confirm."
            )
        self.site = result.site
        self.context.update(URL_FUNCTIONS)
        self.context["factcheck"] = self.site
        self.context["verdict_scale"] = self.site.scale
        self.context["factcheck_sources"] = {s.slug: s for s in self.site.sources}
        self.context["day"] = day

    def generate_output(self, writer) -> None:
        siteurl = self.settings.get("SITEURL", "")

        def link(path: str) -> str:
            return f"{siteurl}/{path}"

        renderer = markdown.Markdown(**self.settings["MARKDOWN"])
        for plan in plan_pages(self.site, self.config.home_latest):
            values = dict(plan.values)
            if plan.template == "claim":
                values["body"] = Markup(renderer.reset().convert(values["claim"].body))
            if plan.template == "source":
                passages = values["passages"]
                values["paragraphs"] = [
                    (p, annotate(p, passages.get(p.number, []), link)) for p in values["source"].paragraphs
                ]
            self._write(writer, plan, values)
        self._write_verdict_css()

    def _write(self, writer, plan: PagePlan, values: dict) -> None:
        writer.write_file(
            plan.save_as,
            self.get_template(plan.template),
            self.context,
            url=plan.url,
            page_url=plan.url,
            page_title=plan.title,
            **values,
        )

    def _write_verdict_css(self) -> None:
        """Badge colours come from the verdict scale file, so their CSS is generated."""
        rules = [f".verdict-{v.key}{{--verdict:{v.colour}}}" for v in self.site.scale.verdicts]
        path = os.path.join(self.output_path, VERDICT_CSS)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write("\n".join(rules) + "\n")


def get_generators(pelican) -> type[Generator]:
    return FactcheckGenerator


def connect() -> None:
    signals.get_generators.connect(get_generators)
