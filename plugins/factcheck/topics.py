"""Topic names: what readers see for each tag, read from the topics file (content/topics.yaml).

Owns the topics data file and what it adds to the linked site. Claim files write tags
as slugs (`tags: [jack-ma, wealth]`); the file gives each topic the name every page,
list and the JSON show ("Jack Ma") and optionally a sentence for its page. A topic the
file does not name shows its tag as written, and is a warning (so `make check STRICT=1`
in CI asks for the name) — but only on a site that keeps a topics file at all.
Reads no files itself: `content` reads the file through the same confinement as the
verdict scale and hands the parsed document here.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from .fields import FieldReader
from .frontmatter import Document
from .linking import Site
from .model import Claim, Problem, excerpt
from .schema import MAX_NAME_CHARS, Field

FIELDS = (
    Field("tag", "slug", True, "The tag as claim files write it: lower-case words joined by hyphens.", max_chars=50),
    Field("name", "text", True, "The topic's name as readers see it.", max_chars=MAX_NAME_CHARS),
    Field("description", "text", False, "A sentence on what the topic covers, shown on its page.", max_chars=500),
)

HINTS = 20  # unnamed topics whose warning looks for a misspelt entry (as many as a file's problems shown)


@dataclass(frozen=True)
class TopicName:
    """One entry of the topics file: a tag's slug, its name for readers and what it covers."""

    slug: str
    name: str
    description: str | None
    line: int


def read_topic_names(document: Document, problems: list[Problem]) -> dict[str, TopicName] | None:
    """The topics file's entries by slug; None when it has errors.

    Those errors fail the check and the build; no topic is then also called unnamed,
    so each mistake is one line.
    """
    before = len(problems)
    entries = document.data
    if entries in ({}, None):  # an empty file names nothing
        return {}
    # Read as the value of `topics`, so a message names `topics` item N and points at its line.
    listed = document.as_field("topics")
    reader = FieldReader(listed, problems, None)
    for line, message, fix in document.slips:  # a key given twice, a value cut by ` #`, a control character
        problems.append(Problem(document.path, line, message, fix))
    if not isinstance(entries, list):
        reader.problem((), "the topics file must be a list of topics", "start each topic with `- tag:`")
        return None
    names: dict[str, TopicName] = {}
    first_line: dict[str, int] = {}  # of each tag's first entry, valid or not
    named: dict[str, TopicName] = {}
    for i, entry in enumerate(entries):
        values = reader.read(entry, FIELDS, ("topics", i))
        if not values or values["tag"] is None:
            continue
        slug, line = values["tag"], listed.line_of("topics", i)
        if slug in first_line:
            reader.problem(
                ("topics", i, "tag"),
                f"the topic `{slug}` is named twice (first on line {first_line[slug]})",
                "keep one entry",
            )
            continue
        first_line[slug] = line
        if None in [values[f.name] for f in FIELDS if f.required or f.name in entry]:
            continue  # the reader reported it
        topic = TopicName(slug, values["name"], values["description"], line)
        if other := named.get(topic.name.casefold()):
            reader.problem(
                ("topics", i, "name"),
                f"`{excerpt(topic.name)}` is also the name of `{other.slug}` (line {other.line})",
                "give each topic a name of its own",
            )
            continue
        names[slug] = named[topic.name.casefold()] = topic
    return names if len(problems) == before else None


def name_topics(
    site: Site,
    names: Mapping[str, TopicName] | None,
    topics_file: str,
    slugify: Callable[[str], str],
    problems: list[Problem],
) -> None:
    """Give each of the site's topics its name and description; warn, once per topic, of one with no name.

    `names` is None when the site has no topics file, or one with errors: every tag then shows as written, quietly.
    The warning is on the first claim (by path) that files under the topic, at its tag's line.
    """
    if names is None:
        return
    for slug, topic in site.topics.items():
        if entry := names.get(slug):
            topic.name, topic.description = entry.name, entry.description
    site.topics = dict(sorted(site.topics.items(), key=lambda item: (item[1].name.casefold(), item[0])))
    warned: set[str] = set()
    unused = [slug for slug in names if slug not in site.topics]  # a misspelt entry, perhaps
    for claim in sorted(site.claims, key=lambda c: c.path):
        for tag, line in _tag_lines(claim):
            slug = slugify(tag)
            if slug in names or slug in warned:
                continue
            warned.add(slug)
            fix = f"add `- tag: {slug}` with its `name:` to {topics_file}"
            # A hint costs a comparison with every unused entry: only the first few warnings get one.
            close = difflib.get_close_matches(slug, unused, n=1, cutoff=0.8) if len(warned) <= HINTS else []
            if close:
                fix = f"{topics_file} names `{close[0]}`, which no claim uses: if it is this one, correct it; or {fix}"
            message = f"the topic `{excerpt(tag)}` has no name in {topics_file}, so its pages show the tag as written"
            problems.append(Problem(claim.path, line, message, fix, "warning"))


def _tag_lines(claim: Claim) -> list[tuple[str, int]]:
    lines = claim.tag_lines or [claim.claimant_line] * len(claim.tags)
    return list(zip(claim.tags, lines, strict=False))
