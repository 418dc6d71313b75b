"""Pelican glue: every run of Pelican is one transactional build, whoever starts it.

Owns the build's life cycle, hung on Pelican's own signals so that plain
`pelican`, `pelican --autoreload`, `make html` and `make publish` all build the
same site the same way:

- `get_generators` (the first thing every `Pelican.run` does): wait out a
  devserver retry of a failed build, refuse unconfined content, take the build
  lock, and point Pelican at a staging directory beside the output, holding
  the live site's unchanged files (`carryover`);
- `get_writer`: a writer that replaces files instead of writing through them
  and remembers what the build produced;
- `finalized`: refuse the build if Pelican warned, index it for search (the
  shards holding a changed page), swap it in for `OUTPUT_PATH` in one step,
  and record what it holds (`incremental.LiveSite`) for the next build.

A failure anywhere discards the staging directory and leaves the published
output exactly as it was. Which directories exist and how they swap is
`transaction`'s business; what a page says is the generator's.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sys
import threading
from dataclasses import dataclass, field
from typing import NoReturn

from pelican.writers import Writer

from .carryover import CarriedShards, carry_over, remove_carried
from .config import ConfigError, FactcheckConfig, refuse_unsafe_settings
from .confine import card_cache_status, scan_tree
from .content import MAX_FILE_BYTES, load_site, shown_path
from .incremental import LiveSite, WrittenPages, remember_failure, wait_for_change_after_failure
from .model import capped
from .offline import link_index_files
from .searchindex import SHARDS_FILE, SearchPage, build_search_index
from .settings import config_from_settings
from .transaction import (
    OutputError,
    build_lock,
    cannot_write,
    clear_stale,
    discard,
    go_live,
    new_build_dir,
    write_fault,
)


class ContentError(Exception):
    """The build stopped: its problems were printed one per line, and nothing was published."""


class _Failures(logging.Handler):
    """Counts what fails a build: any warning of Pelican's (a page skipped, a link unresolved), any error of ours."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        ours = record.name.startswith("factcheck")
        if record.levelno >= (logging.ERROR if ours else logging.WARNING):
            self.count += 1


@dataclass
class _Build:
    config: FactcheckConfig
    output: str
    staging: str
    carried: set[str]  # files linked from the live site, not yet written again
    lock: contextlib.ExitStack
    cleaning: threading.Thread
    live: LiveSite
    failures: _Failures = field(default_factory=_Failures)
    produced: set[str] = field(default_factory=set)
    search_pages: list[SearchPage] = field(default_factory=list)  # what the generator rendered for search


_BUILD: list[_Build] = []  # the build this process is running, if any
_WATCHED: list = []  # content and theme of the running build, and its Pelican: a failure waits for an edit


def start_build(pelican) -> None:
    """`get_generators`: begin a build; returns no generator."""
    settings = pelican.settings
    _WATCHED[:] = [(settings["PATH"], pelican.theme), pelican]
    if _BUILD:
        abandon()  # the last run in this process raised before `finalized`
    wait_for_change_after_failure(*_WATCHED)
    try:
        refuse_unsafe_settings(settings)
        config = config_from_settings(settings)
    except ConfigError as error:
        fail(f"settings: error: {error}")
    problems = scan_tree(settings["PATH"], MAX_FILE_BYTES, shown_path, config.ignored)
    if problems:
        problems = load_site(config).errors  # reads nothing the scan refused; reports everything else too
    if config.share_cards:
        problems += card_cache_status(config.card_cache, shown_path)[0]
    if problems:
        for problem in sorted(capped(problems), key=lambda p: (p.path, p.line)):
            print(problem, file=sys.stderr)
        fail(f"{len(problems)} error(s), listed above; nothing was published. Fix them and build again.")
    output = os.path.abspath(settings["OUTPUT_PATH"])
    cache = settings.get("CACHE_PATH", "cache")
    live = LiveSite(cache, output, trusted=card_cache_status(os.path.join(cache, "factcheck-live"), shown_path)[1])
    lock = contextlib.ExitStack()
    try:
        lock.enter_context(build_lock(output))
        staging = new_build_dir(output)
        carried = carry_over(output, staging, live)
        cleaning = clear_stale(output, keep={staging})
    except OutputError as error:
        lock.close()
        fail(str(error))
    except OSError as error:
        lock.close()
        fail(cannot_write(error, output))
    build = _Build(config, output, staging, carried, lock, cleaning, live)
    logging.getLogger().addHandler(build.failures)
    _BUILD.append(build)
    pelican.output_path = staging


class FactcheckWriter(Writer):
    """Pelican's writer, replacing each file rather than writing into it, and recording what it wrote.

    A build starts from the live site's files, hard-linked in (`carryover`);
    replacing (never truncating) files keeps that safe even for files it shares.
    """

    def _open_w(self, filename, encoding, override=False):
        self._replace(filename)
        return super()._open_w(filename, encoding, override)

    def write_data(self, name: str, data: str | bytes) -> None:
        """Write a data file (feed, JSON, image) that no template renders."""
        path = os.path.join(self.output_path, name)
        self._folder(path)
        self._replace(path)
        if isinstance(data, bytes):
            with open(path, "wb") as binary:
                binary.write(data)
        else:
            with open(path, "w", encoding="utf-8") as text:
                text.write(data)

    def link_data(self, name: str, source: str) -> None:
        """`source`'s file as `name`: a hard link where the disk allows one (a cached share card), else a copy."""
        path = os.path.join(self.output_path, name)
        self._folder(path)
        self._replace(path)
        try:
            os.link(source, path, follow_symlinks=False)
        except OSError:  # another disk, or one without links
            shutil.copyfile(source, path, follow_symlinks=False)

    def keep(self, name: str) -> None:
        """A file the previous site already holds exactly as this build would write it."""
        self._record(os.path.join(self.output_path, name))

    def _folder(self, path: str) -> None:
        """Create the folder of `path` once: thousands of data files share a few folders."""
        folder = os.path.dirname(path)
        made = self.__dict__.setdefault("_folders", set())
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)

    def _replace(self, path: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
        self._record(path)

    def _record(self, path: str) -> None:
        if _BUILD:
            root = os.path.join(self.output_path, "")
            name = path[len(root) :] if path.startswith(root) else os.path.relpath(path, self.output_path)
            _BUILD[-1].produced.add(name)


def get_writer(pelican) -> type[Writer]:
    return FactcheckWriter


def finish_build(pelican) -> None:
    """`finalized`: search index, then the swap; any failure leaves the published site as it was."""
    if not _BUILD:
        return
    build = _BUILD[-1]
    try:
        if build.failures.count:
            if fault := write_fault(build.staging):  # Pelican only warns when a full disk stops a copy
                fail(cannot_write(fault, build.staging))
            fail(f"Pelican reported {build.failures.count} warning(s) or error(s), listed above")
        written = WrittenPages(build.staging)
        if build.config.search:
            shards = CarriedShards(build.staging, build.carried, build.produced, written)
            error = build_search_index(build.staging, build.search_pages, shards)
            if error:
                fault = write_fault(build.staging)  # a full or read-only disk: blame the disk, not Pagefind
                fail(cannot_write(fault, build.staging) if fault else error)
            build.produced.add(SHARDS_FILE)
        if build.config.offline_links:
            link_index_files(build.staging)
        for name in sorted(build.carried - build.produced):  # the page of a claim removed meanwhile, say
            remove_carried(build.staging, name)
        build.live.forget()  # while the live site changes, no record of it may be trusted
        go_live(build.staging, build.output)
    except OSError as error:
        fail(cannot_write(error, build.staging))
    build.live.save({name: written.entries.get(name, "") for name in build.produced})
    _release(build)


def index_for_search(pages: list[SearchPage]) -> None:
    """The generator's list of what search shows, with each page's digest, for the search index."""
    if _BUILD:
        _BUILD[-1].search_pages = pages


def abandon() -> None:
    """Discard the build in progress and let another start."""
    if _BUILD:
        build = _BUILD[-1]
        discard(build.staging)
        _release(build)


def _release(build: _Build) -> None:
    logging.getLogger().removeHandler(build.failures)
    build.cleaning.join()
    build.lock.close()
    _BUILD.remove(build)


def fail(message: str) -> NoReturn:
    """Stop the build: discard what it wrote, let the devserver wait for an edit, raise one line."""
    abandon()
    if _WATCHED:
        remember_failure(*_WATCHED)
    raise ContentError(message)


class _OneLine(logging.Filter):
    """Pelican logs an exception that ends a run with its traceback; ours are already one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, ContentError):
            record.msg, record.args, record.exc_info = "build FAILED: %s", (str(error),), None
        return True


def quiet_tracebacks(pelican) -> None:
    """`initialized`: a content error stops plain `pelican` with its one-line reason, never a traceback."""
    for name in ("pelican", ""):
        logger = logging.getLogger(name)
        if not any(isinstance(f, _OneLine) for f in logger.filters):
            logger.addFilter(_OneLine())
