"""Cross-link validated claims and sources into one site, checking what spans files.

Owns: appearances resolved to source paragraphs (quote verification), unknown
sources, and the indexes every page needs (by verdict, claimant, topic and
source). Each step is one pass over the content: sources are normalised once
and every lookup is a dict access, so linking stays linear as the site grows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .fields import did_you_mean
from .model import Appearance, Claim, Claimant, EvidenceItem, Problem, Source, Update, Verdict, VerdictScale
from .quotes import SourceText
from .related import Related, related_claims

SOURCES_NAMED = 10  # an unknown source's message names this many known ones, so it stays one short line


@dataclass
class Topic:
    slug: str
    name: str  # the tag as written, until the topics file names it (`topics.name_topics`)
    claims: list[Claim] = field(default_factory=list)
    description: str | None = None


@dataclass
class Passage:
    """A quoted span of a source paragraph and the claim that quotes it."""

    claim: Claim
    appearance: Appearance


@dataclass
class Site:
    """Everything the renderer needs, computed once."""

    scale: VerdictScale
    claims: list[Claim]
    sources: list[Source]
    by_verdict: dict[str, list[Claim]]
    claimants: dict[str, Claimant]
    by_claimant: dict[str, list[Claim]]
    topics: dict[str, Topic]
    by_source: dict[str, list[Claim]]
    passages: dict[str, dict[int, list[Passage]]]
    updates: list[tuple[Claim, Update]]
    claim_topics: dict[str, list[Topic]]
    evidence: dict[str, EvidenceItem] = field(default_factory=dict)  # the library, by id
    cited_by: dict[str, list[Claim]] = field(default_factory=dict)  # evidence id → published claims citing it
    _related: dict[str, list[Related]] | None = field(default=None, init=False, repr=False)

    def tags_of(self, claim: Claim) -> list[Topic]:
        """The topics a claim is filed under, in the order its file lists them."""
        return self.claim_topics.get(claim.slug, [])

    def related_to(self, claim: Claim) -> list[Related]:
        """Up to five other claims to read next, with what they share (`related`); computed once for all claims."""
        if self._related is None:
            self._related = related_claims(self.claims, self.tags_of)
        return self._related.get(claim.slug, [])

    def scorecard(self, claims: list[Claim]) -> list[tuple[Verdict, list[Claim]]]:
        """Every verdict of the scale, in order, with those of `claims` it rates (none: an empty list)."""
        rated: dict[str, list[Claim]] = {v.key: [] for v in self.scale.verdicts}
        for claim in claims:
            rated[claim.verdict.key].append(claim)
        return [(v, rated[v.key]) for v in self.scale.verdicts]

    def tally(self, claims: list[Claim]) -> list[tuple[str, int]]:
        """(verdict key, count) in scale order, for verdicts that occur."""
        counts: dict[str, int] = defaultdict(int)
        for claim in claims:
            counts[claim.verdict.key] += 1
        return [(v.key, counts[v.key]) for v in self.scale.verdicts if counts[v.key]]


def link_site(
    scale: VerdictScale,
    claims: list[Claim],
    sources: list[Source],
    slugify: Callable[[str], str],
    problems: list[Problem],
    unpublishable: Iterable[tuple[str, list[Appearance]]] = (),
    broken_sources: frozenset[str] | set[str] = frozenset(),
) -> Site:
    """Resolve every appearance and build the indexes; report what does not resolve.

    `unpublishable` holds the appearances of claims that failed validation:
    they are checked too, so one run reports every problem. Appearances in
    `broken_sources` (sources with errors of their own) are skipped quietly.
    """
    source_by_slug = {s.slug: s for s in sources}
    texts = {s.slug: SourceText([p.text for p in s.paragraphs]) for s in sources}
    passages: dict[str, dict[int, list[Passage]]] = defaultdict(lambda: defaultdict(list))
    by_source: dict[str, list[Claim]] = defaultdict(list)
    linked: list[Claim] = []
    for path, appearances in unpublishable:
        for appearance in appearances:
            _resolve(path, appearance, source_by_slug, texts, problems, broken_sources)
    for claim in claims:
        ok = True
        for appearance in claim.appearances:
            ok &= _resolve(claim.path, appearance, source_by_slug, texts, problems, broken_sources)
        if not ok:
            continue
        linked.append(claim)
        for slug in dict.fromkeys(a.source_slug for a in claim.appearances):
            by_source[slug].append(claim)
        for appearance in claim.appearances:
            passages[appearance.source_slug][appearance.found_in.number].append(Passage(claim, appearance))

    _one_spelling_per_page(linked, slugify, problems)
    linked.sort(key=lambda c: (c.published, c.slug), reverse=True)
    by_verdict: dict[str, list[Claim]] = {v.key: [] for v in scale.verdicts}
    claimants: dict[str, Claimant] = {}
    by_claimant: dict[str, list[Claim]] = defaultdict(list)
    topics: dict[str, Topic] = {}
    claim_topics: dict[str, list[Topic]] = defaultdict(list)
    for claim in linked:
        by_verdict[claim.verdict.key].append(claim)
        claimants.setdefault(claim.claimant.slug, claim.claimant)
        by_claimant[claim.claimant.slug].append(claim)
        for tag in claim.tags:
            topic = topics.setdefault(slugify(tag), Topic(slugify(tag), tag))
            topic.claims.append(claim)
            claim_topics[claim.slug].append(topic)
    for paragraphs in passages.values():
        for found in paragraphs.values():
            found.sort(key=lambda p: (p.appearance.start, p.claim.slug))
    return Site(
        scale=scale,
        claims=linked,
        sources=sorted(sources, key=lambda s: s.title.lower()),
        by_verdict=by_verdict,
        claimants=dict(sorted(claimants.items())),
        by_claimant=dict(by_claimant),
        topics=dict(sorted(topics.items())),
        by_source=dict(by_source),
        passages={slug: dict(paragraphs) for slug, paragraphs in passages.items()},
        updates=sorted(
            ((c, u) for c in linked for u in c.updates),
            key=lambda pair: (pair[1].date, pair[0].slug),
            reverse=True,
        ),
        claim_topics=dict(claim_topics),
    )


def _one_spelling_per_page(claims: list[Claim], slugify: Callable[[str], str], problems: list[Problem]) -> None:
    """Two spellings of a claimant or a tag that make one address are an error naming both files.

    They would share one page, and whichever claim is newest would set the name
    it shows: "Gördon G. Chäng" would take over Gordon G. Chang's page, "ﬁnance"
    the finance topic. Files are compared in path order, so the message is stable.
    """
    claimants: dict[str, tuple[Claimant, Claim]] = {}
    topics: dict[str, tuple[str, Claim]] = {}
    for claim in sorted(claims, key=lambda c: c.path):
        mine = claim.claimant
        first, owner = claimants.setdefault(mine.slug, (mine, claim))
        if (first.name, first.kind) != (mine.name, mine.kind):
            page = f"/claimants/{mine.slug}/"
            if first.name != mine.name:
                message = f"claimant `{mine.name}` has the same page, {page}, as `{first.name}` in {owner.path}"
            else:
                message = (
                    f"claimant `{mine.name}` ({page}) is {_a(mine.kind)} here and {_a(first.kind)} in {owner.path}"
                )
            fix = "one claimant, one page: write the claimant exactly as the other file does (name and claimant_kind)"
            problems.append(Problem(claim.path, claim.claimant_line, message, fix))
        lines = claim.tag_lines or [claim.claimant_line] * len(claim.tags)
        own: set[str] = set()
        for tag, line in zip(claim.tags, lines, strict=False):
            slug = slugify(tag)
            first_tag, tag_owner = topics.setdefault(slug, (tag, claim))
            if slug in own:
                message = f"the tag `{tag}` repeats the topic /topics/{slug}/ of an earlier tag"
                problems.append(Problem(claim.path, line, message, "keep one of them"))
            elif first_tag != tag:
                problems.append(
                    Problem(
                        claim.path,
                        line,
                        f"the tag `{tag}` has the same page, /topics/{slug}/, as `{first_tag}` in {tag_owner.path}",
                        "one topic, one page: spell the tag exactly as the other file does",
                    )
                )
            own.add(slug)


def _a(kind: str) -> str:
    return f"{'an' if kind[:1] in 'aeiou' else 'a'} {kind}"


def _resolve(
    path: str,
    appearance: Appearance,
    sources: dict[str, Source],
    texts: dict[str, SourceText],
    problems: list[Problem],
    broken_sources: frozenset[str] | set[str],
) -> bool:
    source = sources.get(appearance.source_slug)
    if source is None and appearance.source_slug in broken_sources:
        return False
    if source is None:
        hint = did_you_mean(appearance.source_slug, list(sources))
        names = sorted(sources)
        more = f" and {len(names) - SOURCES_NAMED} more" if len(names) > SOURCES_NAMED else ""
        known = f"known sources: {', '.join(names[:SOURCES_NAMED])}{more}"
        problems.append(
            Problem(
                path,
                appearance.source_line,
                f"unknown source `{appearance.source_slug}`",
                hint or f"{known}; add the document under content/sources/ first",
            )
        )
        return False
    match = texts[source.slug].find(appearance.quote)
    if match is None:
        problems.append(_quote_problem(path, appearance, source, texts[source.slug]))
        return False
    appearance.paragraph = source.paragraphs[match.paragraph]
    appearance.start, appearance.end = match.start, match.end
    return True


def _quote_problem(path: str, appearance: Appearance, source: Source, text: SourceText) -> Problem:
    near = text.closest(appearance.quote)
    message = f"quote not found in source `{source.slug}`"
    if near is None:
        return Problem(
            path,
            appearance.line,
            message,
            "copy the quote exactly from the source file; no passage there is close to it",
        )
    anchor = source.paragraphs[near.paragraph].anchor
    return Problem(
        path,
        appearance.line,
        f"{message}; the closest passage is in paragraph {anchor}: ‹{near.passage}›",
        f"your quote has ‹{near.quote_part}› where the source has ‹{near.source_part}›; copy it exactly",
    )
