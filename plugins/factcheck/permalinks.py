"""Citations never move: every URL and paragraph people cite keeps showing what they cited.

Owns the rules that tie the committed registry (`registry.py` reads it) to the
linked site: a registered URL is still produced, as a page or as a
declared redirect; a registered paragraph anchor still shows the same text; a
redirect never changes target; an alias onto a claim is published only once the
registry declares it, so the change shows in review. Pure: reads the Site and
the parsed registry, never writes output. Each check is one pass over the
registry and the content, so it stays linear as both grow.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from .anchors import ARCHIVED, check_anchors, unregistered_anchors
from .embed import OEMBED, oembed_path
from .language import N_
from .linking import Site
from .model import Claim, Problem
from .opendata import (
    ALL_CLAIMS_FEED,
    CLAIMREVIEW_JSON,
    CLAIMS_JSON,
    FEEDS_DIR,
    claimant_feed_path,
    topic_feed_path,
    verdict_feed_path,
)
from .registry import Registry, read_registry, registry_text
from .urls import EVIDENCE, REUSE, claim_url, claimant_url, evidence_url, source_url, topic_url, verdict_url

REDIRECTABLE = re.compile(r"/(claims|claimants|topics|evidence)/([a-z0-9]+(?:-[a-z0-9]+)*)/")
# English: the redirect page translates them (`language.N_` marks them for the catalogue).
NOUNS = {
    "claims": N_("check"),
    "claimants": N_("claimant page"),
    "topics": N_("topic page"),
    "evidence": N_("evidence page"),
}


@dataclass(frozen=True)
class Redirect:
    """An old URL that sends readers on: `old` and `target` are site-relative paths."""

    old: str
    target: str
    title: str
    noun: str


def published_urls(site: Site) -> dict[str, str]:
    """Every URL people cite → the content file that makes it ('' when the site itself does)."""
    owners = {"/" + claim_url(c): c.path for c in site.claims}
    owners |= {"/" + source_url(s): s.path for s in site.sources}
    owners |= {"/" + evidence_url(item): item.path for item in site.evidence.values()}
    for claim in sorted(site.claims, key=lambda c: c.path):
        pages = [claim_url(claim), claimant_url(claim.claimant), *(topic_url(t.slug) for t in site.tags_of(claim))]
        for page in pages:
            owners.setdefault("/" + page, claim.path)
            for path in companions(page):
                owners.setdefault("/" + path, claim.path)
    for verdict in site.scale.verdicts:
        owners["/" + verdict_url(verdict)] = ""
        owners["/" + verdict_feed_path(verdict.key)] = ""
    for path in (ALL_CLAIMS_FEED, CLAIMS_JSON, CLAIMREVIEW_JSON, EVIDENCE, REUSE):
        owners["/" + path] = ""
    return owners


def companions(page: str) -> list[str]:
    """The files published with the page at site-relative `page`, which move when it moves: a claim's
    oEmbed document, a claimant's or topic's feed ('claimants/x/' → ['feeds/claimants/x.atom.xml'])."""
    match = REDIRECTABLE.fullmatch("/" + page)
    if not match:
        return []
    section, slug = match.groups()
    if section == "claims":
        return [oembed_path(slug)]
    if section == "claimants":
        return [claimant_feed_path(slug)]
    return [topic_feed_path(slug)] if section == "topics" else []


def _page_of(url: str) -> str | None:
    """The page whose companion file `url` is ('/claims/x/oembed.json' → '/claims/x/'), or None."""
    parts = url.strip("/").split("/")
    if url.endswith("/" + OEMBED):
        page = url.removesuffix(OEMBED)
    elif len(parts) == 3 and f"{parts[0]}/" == FEEDS_DIR and parts[2].endswith(".atom.xml"):
        page = f"/{parts[1]}/{parts[2].removesuffix('.atom.xml')}/"
    else:
        return None
    return page if url.lstrip("/") in companions(page.lstrip("/")) else None


def aliases(site: Site) -> dict[str, Claim]:
    """Old claim URL → the claim whose file lists it in `aliases`."""
    return {f"/claims/{alias}/": claim for claim in site.claims for alias in claim.aliases}


def check_aliases(site: Site, problems: list[Problem]) -> None:
    """An alias may not shadow a live claim or be claimed twice."""
    live = {c.slug: c for c in site.claims}
    owners: dict[str, Claim] = {}
    for claim in site.claims:
        for alias in claim.aliases:
            if alias in live:
                problems.append(
                    Problem(
                        claim.path,
                        1,
                        f"alias `{alias}` is the slug of a published claim ({live[alias].path})",
                        "an alias is an old slug that no longer has its own file; remove it from `aliases`",
                    )
                )
            elif alias in owners:
                problems.append(
                    Problem(
                        claim.path,
                        1,
                        f"alias `{alias}` is also an alias of {owners[alias].path}",
                        "an old URL can redirect to one claim only; keep the alias in one file",
                    )
                )
            else:
                owners[alias] = claim


def check_registry(
    registry: Registry,
    site: Site,
    problems: list[Problem],
    in_repair: set[str] | frozenset[str] = frozenset(),
    publishing: bool = False,
) -> None:
    """Every registered URL, anchor and redirect still holds; every published URL should be registered.

    `in_repair` holds URLs of content files that exist but have errors of their own:
    their errors are reported, not a lost permalink. While a claim is in repair,
    claimant and topic pages may be missing only because of it, so they wait too.
    A URL or paragraph missing from the registry is a warning while writing, and
    an error when `publishing`: once published unregistered, nothing would stop
    a later change from re-pointing it.
    """
    severity = "error" if publishing else "warning"
    if not registry.exists:
        if not any(p.path == registry.path for p in problems):  # not when it exists but was refused (a link)
            problems.append(
                Problem(
                    registry.path, 1, "there is no permalink registry", "run `make permalinks` to create it", severity
                )
            )
        return
    owners = published_urls(site)
    broken = set(in_repair) - set(owners)
    waiting = {"claimants", "topics"} if any(url.startswith("/claims/") for url in broken) else set()
    accounted = _check_redirects(registry, site, owners, (broken, waiting), problems)
    moved = set(aliases(site)) | broken | accounted  # what leads elsewhere, or waits: so do the files beside it
    produced = set(owners) | moved | {"/" + path for url in moved for path in companions(url.lstrip("/"))}
    lost = [e for e in registry.urls.values() if e.url not in produced]
    lost = [e for e in lost if _section(_page_of(e.url) or e.url) not in waiting]
    pages_lost = {e.url for e in lost}
    for entry in lost:
        if _page_of(entry.url) not in pages_lost:  # a lost page's feed or oEmbed file has the same fix: said once
            problems.append(Problem(registry.path, entry.line, _lost(entry.url), _restore(entry.url)))
    check_anchors(registry, site, broken, problems, severity)
    unregistered: dict[str, list[str]] = defaultdict(list)
    for url, owner in owners.items():
        if url not in registry.urls:
            unregistered[owner or registry.path].append(url)
    for owner, urls in unregistered.items():
        listed = ", ".join(urls[:3]) + (f" and {len(urls) - 3} more" if len(urls) > 3 else "")
        verb = "is" if len(urls) == 1 else "are"
        problems.append(
            Problem(
                owner,
                1,
                f"{listed} {verb} not in the permalink registry ({registry.path})",
                f"run `make permalinks` to register {'it' if len(urls) == 1 else 'them'}, and commit the file",
                severity,
            )
        )


def _section(url: str) -> str:
    return url.split("/")[1] if url.count("/") > 1 else ""


def _lost(url: str) -> str:
    return f"published URL {url} is no longer produced by the site"


def _restore(url: str) -> str:
    page = _page_of(url)
    if page:
        return f"{_restore(page)} (this file is published with the page {page} and moves with it)"
    section, slug = _section(url), url.rstrip("/").split("/")[-1]
    if section == "claims":
        return (
            "if the claim was renamed, add its old slug to the new claim file: "
            f"`aliases: [{slug}]` and run `make permalinks`; a published check is never deleted "
            "(correct it in its `updates` instead)"
        )
    if section == "sources":
        return f"restore content/sources/{slug}.md: {ARCHIVED}"
    if section == "evidence":
        return (
            f"restore content/evidence/{slug}.md; if it described the same story as another item, declare where "
            f"its page went: add the line `{url} -> /evidence/<other-id>/` to the permalink registry"
        )
    if section in ("claimants", "topics"):
        what = "claimant" if section == "claimants" else "tag"
        return (
            f"if the {what} was renamed, declare where its page went: add the line "
            f"`{url} -> /{section}/<new-slug>/` to the permalink registry; never delete a published URL"
        )
    if section in ("verdicts", "feeds"):
        key = slug.removesuffix(".atom.xml")
        return (
            f"verdict keys are published URLs: restore `{key}` in the verdict scale "
            "(to rename a verdict, change its label, never its key)"
        )
    return "restore what produced it; never delete a published URL"


def _check_redirects(
    registry: Registry,
    site: Site,
    owners: dict[str, str],
    repair: tuple[set[str], set[str]],
    problems: list[Problem],
) -> set[str]:
    """Check every registered and every content-declared redirect.

    `repair` is (URLs of files in repair, sections whose pages may be missing only
    because a claim is in repair): what leads there is not reported.
    Returns the registered old URLs that are accounted for: served as a redirect,
    or already reported here (so their plain line is not reported twice).
    """
    declared = aliases(site)
    broken, waiting = repair
    accounted = {url for url in registry.redirects if url not in owners}
    for entry in registry.redirects.values():
        assert entry.target is not None  # read_registry files a line under redirects only when it has a target
        old, target = REDIRECTABLE.fullmatch(entry.url), REDIRECTABLE.fullmatch(entry.target)
        if not (old and target and old.group(1) == target.group(1)):
            problems.append(
                Problem(
                    registry.path,
                    entry.line,
                    f"`{entry}` is not a redirect the site can serve",
                    "only a claim, claimant, topic or evidence page redirects, to another page of the same kind",
                )
            )
            continue
        final = _resolve(registry, entry.url)
        if final is None:
            problems.append(
                Problem(
                    registry.path,
                    entry.line,
                    f"the redirect from {entry.url} leads round in a loop",
                    "a redirect ends at a published page: restore the registry's lines from the main branch",
                )
            )
        elif entry.url in owners:
            problems.append(
                Problem(
                    owners[entry.url] or registry.path,
                    1,
                    f"{entry.url} is both a page this file publishes and a redirect to {entry.target} "
                    f"({registry.path}:{entry.line})",
                    "a cited URL keeps what it was registered as: if the redirect line is new, remove it; "
                    f"otherwise give this {'claim another slug' if old.group(1) == 'claims' else 'page another name'}",
                )
            )
        elif old.group(1) == "claims":
            claim = declared.get(entry.url)
            if claim and final != "/" + claim_url(claim):
                problems.append(
                    Problem(
                        claim.path,
                        1,
                        f"alias `{old.group(2)}` would re-point {entry.url}, registered as a redirect to "
                        f"{entry.target} ({registry.path}:{entry.line})",
                        "a registered redirect never changes target: remove the alias from this file",
                    )
                )
            elif not claim and final not in broken:
                problems.append(
                    Problem(
                        registry.path,
                        entry.line,
                        f"the registered redirect `{entry}` is no longer produced",
                        f"add `{old.group(2)}` back to the `aliases` of the claim at {final}",
                    )
                )
        elif final not in owners and final not in broken and old.group(1) not in waiting:
            problems.append(
                Problem(
                    registry.path,
                    entry.line,
                    f"the redirect `{entry}` leads to {final}, which is no longer published",
                    f"if that page was renamed too, add a line `{final} -> /{old.group(1)}/<new-slug>/`",
                )
            )
    for url, claim in declared.items():
        if url not in registry.redirects and url not in owners:  # an alias over a live claim: check_aliases says so
            problems.append(
                Problem(
                    claim.path,
                    1,
                    f"alias `{url.split('/')[2]}` sends {url} to this check, and the permalink registry does not "
                    "declare it",
                    f"run `make permalinks` to add `{url} -> /{claim_url(claim)}` to {registry.path} and commit it, "
                    "so reviewers see which check the old URL now shows",
                )
            )
    return accounted


def _resolve(registry: Registry, url: str) -> str | None:
    """Where a chain of registered redirects ends; None for a loop."""
    seen = {url}
    while url in registry.redirects:
        target = registry.redirects[url].target
        assert target is not None  # read_registry files a line under redirects only when it has a target
        url = target
        if url in seen:
            return None
        seen.add(url)
    return url


def redirects(site: Site, registry: Registry) -> list[Redirect]:
    """Every redirect page to render: claim aliases, and the registered claimant, topic and evidence redirects."""
    pages = [
        Redirect(url.lstrip("/"), claim_url(claim), claim.headline, NOUNS["claims"])
        for url, claim in aliases(site).items()
    ]
    names = {"/" + claimant_url(c): c.name for c in site.claimants.values()}
    names |= {"/" + topic_url(t.slug): t.name for t in site.topics.values()}
    names |= {"/" + evidence_url(item): item.headline.strip("[]") for item in site.evidence.values()}
    for entry in registry.redirects.values():
        old = REDIRECTABLE.fullmatch(entry.url)
        final = _resolve(registry, entry.url)
        if old and old.group(1) != "claims" and final in names and entry.url not in names:
            pages.append(Redirect(entry.url.lstrip("/"), final.lstrip("/"), names[final], NOUNS[old.group(1)]))
    return sorted(pages, key=lambda r: r.old)


def updated_registry(registry: Registry, site: Site) -> str:
    """The registry with every published URL, paragraph and declared alias added; nothing removed or changed."""
    lines = registry.lines() + list(published_urls(site)) + unregistered_anchors(registry, site)
    for url, claim in aliases(site).items():
        if url not in registry.redirects:
            lines.append(f"{url} -> /{claim_url(claim)}")
    return registry_text(lines)


def registration(registry: Registry, site: Site, errors: list[Problem]) -> tuple[str, list[Problem]]:
    """The updated registry text, and the errors that still forbid writing it.

    `errors` are the content's errors against `registry`. An error the update
    resolves (an alias not yet declared) does not block it; every other one does,
    and so does any error the updated registry would still have.
    """
    before: list[Problem] = []
    check_registry(registry, site, before)
    text = updated_registry(registry, site)
    after: list[Problem] = []
    check_registry(read_registry(registry.path, text, after), site, after)
    resolved = set(before)
    return text, [p for p in errors if p not in resolved] + [p for p in after if p.severity == "error"]
