"""Pelican glue for pages: Pelican reads Markdown pages, checked and sanitised, and nothing else.

Pages are read by Pelican's own PagesGenerator, not by our generator, so the
rules of `pagefiles` are applied at Pelican's two doors: before the generator
walks the page folders (`check_pages_first`, every problem of every page, the
build stops) and in the reader itself (`PageReader`: the same checks on the
text Pelican renders, and its HTML sanitised), which also holds for plain
`pelican`. `confine_readers` removes every other reader, so no
reStructuredText (`.. include::`, `.. raw:: :file:`) or HTML file is ever read.
"""

from __future__ import annotations

import logging
import os
import sys

import markdown
from pelican.generators import PagesGenerator
from pelican.readers import MarkdownReader, Readers

from .content import shown_path
from .model import capped
from .pagefiles import PageFile, check_pages, page_problems, read_page, render_page
from .publish import fail
from .sanitize import sanitize_html
from .settings import config_from_settings

logger = logging.getLogger(__name__)


class PageRefused(Exception):
    """A page broke the rules; its problems were logged one per line before raising."""


class PageReader(MarkdownReader):
    """Pelican's Markdown reader, reading through `confine` and refusing or sanitising as `pagefiles` says."""

    def read(self, source_path: str) -> tuple[str, dict]:
        self._source_path = source_path
        config = config_from_settings(self.settings)
        relative = os.path.relpath(source_path, config.content_path).replace(os.sep, "/")
        page = PageFile(source_path, shown_path(source_path), relative)
        problems: list = []
        text = read_page(page, problems)
        if text is not None:
            html, meta = render_page(text, self.settings["MARKDOWN"])
            problems = page_problems(page, text, meta, html, config)
        if problems:
            for problem in problems:
                logger.error("%s", problem)
            raise PageRefused(f"{page.shown}: {len(problems)} problem(s), listed above")
        self._md = markdown.Markdown(**self.settings["MARKDOWN"])  # `_parse_metadata` renders with it
        return sanitize_html(html), self._parse_metadata(meta)


def confine_readers(readers: Readers) -> None:
    """`readers_init`: Markdown through `PageReader`, and Pelican's reader of copied files; nothing else."""
    kept = {"static": readers.reader_classes["static"]} if "static" in readers.reader_classes else {}
    readers.reader_classes = {**kept, "md": PageReader}


def check_pages_first(generator) -> None:
    """`generator_init`: before Pelican's PagesGenerator reads anything, every page problem stops the build."""
    if not isinstance(generator, PagesGenerator):
        return
    problems: list = []
    check_pages(config_from_settings(generator.settings), problems, shown_path)
    errors = capped([problem for problem in problems if problem.severity == "error"])
    if errors:
        for problem in errors:
            print(problem, file=sys.stderr)
        fail(
            f"{len(errors)} content error(s), listed above; nothing was published. "
            "Fix them and run `make check` to confirm."
        )
