"""Read the content tree: files in, a linked Site and every problem out.

Owns file discovery and the read → validate → link sequence. Both the Pelican
generator and `make check` call `load_site`, so what the checker accepts is
exactly what the build publishes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import partial

from .claimreview import PublishedReview, Publisher, structured_data
from .config import FactcheckConfig
from .fields import SLUG
from .frontmatter import Document, FrontMatterError, parse_data_file, parse_document
from .incremental import digest, forget_reads_except, remember_read, remembered_read
from .linking import Site, link_site
from .model import Appearance, Claim, Problem, Source, VerdictScale
from .permalinks import check_aliases, check_registry
from .validate import read_appearances, read_claim, read_source, read_verdict_scale

CONTENT_EXTENSION = ".md"
MAX_FILE_BYTES = 2_000_000  # a long archived article is ~100 KB; anything near this is a mistake or an attack


@dataclass
class LoadResult:
    site: Site | None
    problems: list[Problem]
    reviews: dict[str, PublishedReview] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def load_site(config: FactcheckConfig) -> LoadResult:
    """Read, validate and link all claims and sources under the content path."""
    problems: list[Problem] = []
    scale = load_verdict_scale(config.verdicts_file, problems)
    sources: list[Source] = []
    present: set[str] = set()  # URL of every content file, valid or not
    broken_sources: set[str] = set()
    used: list[tuple[str, str]] = []
    for path, slug, text in _files(config.sources_dir, problems):
        present.add(f"/sources/{slug}/")
        validate = partial(read_source, slug=slug, problems=problems)
        source, _ = _cached(path, text, digest(text, config.cache_rules), used, problems, validate)
        if source:
            sources.append(source)
        else:
            broken_sources.add(slug)
    claims: list[Claim] = []
    unpublishable: list[tuple[str, list[Appearance]]] = []
    rules = digest(config.cache_rules, repr(scale))
    for path, slug, text in _files(config.claims_dir, problems):
        present.add(f"/claims/{slug}/")
        if scale is None:
            continue
        validate = partial(read_claim, slug=slug, scale=scale, slugify=config.slugify, problems=problems)
        claim, salvage = _cached(path, text, digest(text, rules), used, problems, validate)
        if claim:
            claims.append(claim)
        elif salvage is not None:
            unpublishable.append((path, salvage))
    forget_reads_except(used)
    if scale is None:
        return LoadResult(None, problems)
    site = link_site(scale, claims, sources, config.slugify, problems, unpublishable, broken_sources)
    check_aliases(site, problems)
    # A file with errors still owns its URL: report its errors, not a lost permalink.
    registry = read_registry_file(config.permalinks_file)
    check_registry(shown_path(config.permalinks_file), registry, site, problems, present)
    publisher = Publisher(config.site_name, config.site_url + "/")
    reviews = structured_data(site, publisher, config.absolute, config.site_url, problems)
    return LoadResult(site, problems, reviews)


def read_registry_file(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except FileNotFoundError:
        return None


def load_verdict_scale(path: str, problems: list[Problem]) -> VerdictScale | None:
    shown = shown_path(path)
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except OSError as error:
        problems.append(
            Problem(
                shown,
                1,
                f"cannot read the verdict scale: {error.strerror}",
                "restore content/verdicts.yaml or set FACTCHECK_VERDICTS_FILE",
            )
        )
        return None
    try:
        document = parse_data_file(shown, text)
    except FrontMatterError as error:
        problems.append(Problem(shown, error.line, error.message, error.fix))
        return None
    return read_verdict_scale(document, problems)


def _files(directory: str, problems: list[Problem]):
    """Yield (shown path, slug, text) for each content file, sorted; flag bad names."""
    seen: dict[str, str] = {}
    for root, dirs, names in os.walk(directory):
        dirs.sort()
        for name in sorted(names):
            if not name.endswith(CONTENT_EXTENSION):
                continue
            path = os.path.join(root, name)
            shown = shown_path(path)
            slug = name[: -len(CONTENT_EXTENSION)]
            if not SLUG.match(slug):
                problems.append(
                    Problem(
                        shown,
                        1,
                        f"file name `{name}` is not a valid slug",
                        "rename it with lower-case letters, digits and hyphens only",
                    )
                )
                continue
            if slug in seen:
                problems.append(
                    Problem(
                        shown,
                        1,
                        f"duplicate slug `{slug}`: {seen[slug]} has it too",
                        "rename one of the files; slugs are URLs and must be unique",
                    )
                )
                continue
            seen[slug] = shown
            size = os.path.getsize(path)
            if size > MAX_FILE_BYTES:
                problems.append(
                    Problem(
                        shown, 1, f"the file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}", "split or shorten it"
                    )
                )
                continue
            try:
                with open(path, encoding="utf-8") as handle:
                    text = handle.read()
            except UnicodeDecodeError:
                problems.append(Problem(shown, 1, "the file is not UTF-8 text", "save it as UTF-8"))
                continue
            yield shown, slug, text


def _cached(path: str, text: str, key: str, used: list, problems: list[Problem], validate):
    """(model object or None, salvaged appearances or None) for a file, validated once per text.

    The problems a file produced are replayed on every build, cached or not.
    """
    used.append((path, key))
    if remembered := remembered_read(path, key):
        (result, salvage), file_problems = remembered
        problems.extend(file_problems)
        return result, salvage
    before = len(problems)
    document = _parse(path, text, problems)
    result = validate(document) if document else None
    if result is not None:
        result.fingerprint = key
    salvage = read_appearances(document) if document and result is None else None
    remember_read(path, key, (result, salvage), problems[before:])
    return result, salvage


def _parse(path: str, text: str, problems: list[Problem]) -> Document | None:
    try:
        return parse_document(path, text)
    except FrontMatterError as error:
        problems.append(Problem(path, error.line, error.message, error.fix))
        return None


def shown_path(path: str) -> str:
    """Paths in messages are relative to the working directory, as editors expect."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative
