"""Read the content tree: files in, a linked Site and every problem out.

Owns file discovery and the read → validate → link sequence. Both the Pelican
generator and `make check` call `load_site`, so what the checker accepts is
exactly what the build publishes.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from .claimreview import PublishedReview, structured_data
from .config import FactcheckConfig
from .confine import Refused, link_refused, read_text_file, refusal, scan_tree, walk
from .evidence import citing_claims, link_evidence, read_citations, read_evidence_item
from .fields import SLUG
from .frontmatter import Document, FrontMatterError, parse_data_file, parse_document
from .incremental import digest, forget_reads_except, remember_read, remembered_read
from .linking import Site, link_site
from .model import Appearance, Claim, Evidence, Problem, VerdictScale, capped
from .pagefiles import check_pages
from .permalinks import Redirect, check_aliases, check_registry, redirects
from .registry import read_registry
from .topics import TopicName, name_topics, read_topic_names
from .validate import read_appearances, read_claim, read_source, read_verdict_scale

CONTENT_EXTENSION = ".md"
MAX_FILE_BYTES = 2_000_000  # a long archived article is ~100 KB; anything near this is a mistake or an attack


@dataclass
class LoadResult:
    site: Site | None
    problems: list[Problem]
    reviews: dict[str, PublishedReview] = field(default_factory=dict)
    redirects: list[Redirect] = field(default_factory=list)  # old URLs to render as redirect pages

    def __post_init__(self) -> None:
        self.problems = capped(self.problems)  # 20 lines and a count per file, however many there are

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def load_site(config: FactcheckConfig) -> LoadResult:
    """Read, validate and link all claims and sources under the content path."""
    # Links, special files and oversized files anywhere under content/, pages included.
    problems: list[Problem] = scan_tree(config.content_path, MAX_FILE_BYTES, shown_path, config.ignored)
    if os.path.islink(config.content_path):  # nothing behind a linked content folder is read
        return LoadResult(None, problems)
    check_pages(config, problems, shown_path)  # pages are content too: Markdown only, allowlisted header
    scale = load_verdict_scale(config.verdicts_file, problems, config.language)
    present: set[str] = set()  # URL of every content file, valid or not
    used: list[tuple[str, str]] = []
    reading = (problems, present, used, config)
    sources, broken_sources = _read_all(config.sources_dir, "sources", read_source, *reading)
    library, broken_evidence = _read_all(config.evidence_dir, "evidence", read_evidence_item, *reading)
    claims: list[Claim] = []
    unpublishable: list[tuple[str, list[Appearance]]] = []
    cited_elsewhere: list[tuple[str, list[Evidence]]] | None = []
    rules = digest(config.cache_rules, repr(scale))
    for path, slug, text in _files(config.claims_dir, problems, config.ignored):
        present.add(f"/claims/{slug}/")
        if scale is None:
            continue
        validate_claim = partial(read_claim, slug=slug, scale=scale, slugify=config.slugify, problems=problems)
        claim, salvage = _cached(path, text, digest(text, rules), used, problems, validate_claim, _salvage)
        if claim:
            claims.append(claim)
        else:
            appearances, citations = salvage or ([], None)
            unpublishable.append((path, appearances))
            if citations is None:
                cited_elsewhere = None  # what the claim cites is unknown: no item is called unused
            elif cited_elsewhere is not None:
                cited_elsewhere.append((path, citations))
    forget_reads_except(used)
    if scale is None:
        return LoadResult(None, problems)
    library_by_key, unresolved = link_evidence(library, claims, problems, cited_elsewhere, broken_evidence)
    unpublishable += [(c.path, c.appearances) for c in claims if c.slug in unresolved]
    claims = [c for c in claims if c.slug not in unresolved]
    site = link_site(scale, claims, sources, config.slugify, problems, unpublishable, broken_sources)
    site.evidence, site.cited_by = library_by_key, citing_claims(library_by_key, site.claims)
    topic_names = load_topic_names(config.topics_file, problems)
    name_topics(site, topic_names, shown_path(config.topics_file), config.slugify, problems)
    check_aliases(site, problems)
    # A file with errors still owns its URL: report its errors, not a lost permalink.
    registered = read_registry_file(config.permalinks_file, problems)
    registry = read_registry(shown_path(config.permalinks_file), registered, problems)
    check_registry(registry, site, problems, present, publishing=config.publish)
    reviews = structured_data(site, config.publisher, config.absolute, config.site_url, problems, config.language)
    return LoadResult(site, problems, reviews, redirects(site, registry))


def _read_all(directory: str, section: str, validate, problems, present, used, config) -> tuple[list, set[str]]:
    """Every valid file of a folder whose files stand alone (sources, evidence), and the slugs of the others.

    `validate(document, slug, problems)` turns a parsed file into its model object, or None.
    """
    found, broken = [], set()
    for path, slug, text in _files(directory, problems, config.ignored):
        present.add(f"/{section}/{slug}/")
        result, _ = _cached(
            path, text, digest(text, config.cache_rules), used, problems, partial(_validated, validate, slug, problems)
        )
        if result:
            found.append(result)
        else:
            broken.add(slug)
    return found, broken


def _validated(validate, slug: str, problems: list[Problem], document: Document):
    return validate(document, slug, problems)


def read_registry_file(path: str, problems: list[Problem] | None = None) -> str | None:
    """The registry's text; None when there is none, or (reported to `problems`) when it cannot be read."""
    try:
        return read_text_file(path, MAX_FILE_BYTES)
    except FileNotFoundError:
        return None
    except (Refused, OSError, UnicodeDecodeError) as error:
        if problems is None:
            raise
        _report(problems, _unreadable(shown_path(path), error, "restore content/permalinks.txt from git"))
        return None


def load_verdict_scale(path: str, problems: list[Problem], language: str = "en") -> VerdictScale | None:
    shown = shown_path(path)
    try:
        text = read_text_file(path, MAX_FILE_BYTES)
    except (Refused, OSError, UnicodeDecodeError) as error:
        fix = "restore content/verdicts.yaml or set FACTCHECK_VERDICTS_FILE"
        _report(problems, _unreadable(shown, error, fix, "cannot read the verdict scale"))
        return None
    try:
        document = parse_data_file(shown, text)
    except FrontMatterError as error:
        problems.append(Problem(shown, error.line, error.message, error.fix))
        return None
    return read_verdict_scale(document, problems, language)


def load_topic_names(path: str, problems: list[Problem]) -> dict[str, TopicName] | None:
    """The topics file's names, read as the verdict scale is; None when there is none or it has errors."""
    if not path:
        return None
    shown = shown_path(path)
    try:
        text = read_text_file(path, MAX_FILE_BYTES)
    except FileNotFoundError:
        return None
    except (Refused, OSError, UnicodeDecodeError) as error:
        fix = "restore content/topics.yaml or set FACTCHECK_TOPICS_FILE"
        _report(problems, _unreadable(shown, error, fix, "cannot read the topics file"))
        return None
    try:
        document = parse_data_file(shown, text)
    except FrontMatterError as error:
        problems.append(Problem(shown, error.line, error.message, error.fix))
        return None
    return read_topic_names(document, problems)


def _unreadable(shown: str, error: Exception, fix: str, what: str = "cannot read the file") -> Problem:
    """One line for a file that cannot be read: refused (a link, too big), missing, or not UTF-8."""
    if isinstance(error, Refused):
        return refusal(shown, error)
    if isinstance(error, UnicodeDecodeError):
        return Problem(shown, 1, "the file is not UTF-8 text", "save it as UTF-8")
    return Problem(shown, 1, f"{what}: {getattr(error, 'strerror', None) or error}", fix)


def _report(problems: list[Problem], problem: Problem) -> None:
    """Add a problem unless the content scan already reported it (a link is found by both)."""
    if problem not in problems:
        problems.append(problem)


def _files(directory: str, problems: list[Problem], ignored: Callable[[str], bool]):
    """Yield (shown path, slug, text) for each content file, sorted; flag bad names.

    Never follows a link: linked directories are not entered (the content scan
    reports them) and files are read with `read_text_file`, which refuses links,
    special files and files over the size limit before reading them.
    """
    seen: dict[str, str] = {}
    if os.path.islink(directory):  # walking it would read outside the repository
        _report(problems, refusal(shown_path(directory), link_refused(is_directory=True)))
        return
    for root, _, names in walk(directory, ignored):  # a loop, never recursion: a deep tree cannot crash it
        for name in names:
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
            try:
                text = read_text_file(path, MAX_FILE_BYTES)
            except (Refused, OSError, UnicodeDecodeError) as error:
                _report(problems, _unreadable(shown, error, "restore it from git or fix its permissions"))
                continue
            yield shown, slug, text


def _salvage(document: Document) -> tuple[list[Appearance], list[Evidence] | None]:
    """What a claim with errors still tells linking: its quotes (checked too) and the evidence it cites."""
    return read_appearances(document), read_citations(document)


def _cached(path: str, text: str, key: str, used: list, problems: list[Problem], validate, salvage_of=None):
    """(model object or None, what `salvage_of` saves of a file with errors, or None) for a file, once per text.

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
    salvage = salvage_of(document) if salvage_of and document and result is None else None
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
