"""Permalinks that never break: the committed registry of published URLs, and aliases.

Owns the rule that a published claim or source URL keeps resolving forever, as
a page or as a redirect. The registry is a plain text file, one site-relative
URL per line; a URL listed there that the site no longer produces is an error.
Pure: reads the registry text, never writes output.
"""

from __future__ import annotations

from .linking import Site
from .model import Claim, Problem
from .urls import claim_url, source_url

REGISTRY_HEADER = (
    "# Every claim and source URL this site has published. Never delete a line:\n"
    "# people cite these. Renamed a claim? Add its old slug to the claim's `aliases`.\n"
    "# Add new URLs with `make permalinks`.\n"
)


def published_urls(site: Site) -> list[str]:
    """The pages that hold a claim or a source, as `/claims/<slug>/` paths."""
    return ["/" + claim_url(c) for c in site.claims] + ["/" + source_url(s) for s in site.sources]


def redirects(site: Site) -> dict[str, Claim]:
    """Old claim URL → the claim it now redirects to."""
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


def read_registry(text: str) -> list[tuple[int, str]]:
    """(line number, URL) for each registered URL; comments and blank lines skipped."""
    return [
        (number, line.strip())
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]


def check_registry(
    path: str, text: str | None, site: Site, problems: list[Problem], in_repair: set[str] = frozenset()
) -> None:
    """Every registered URL must still be produced; every published URL should be registered.

    `in_repair` holds URLs of files that exist but have errors of their own.
    """
    produced = set(published_urls(site)) | set(redirects(site)) | set(in_repair)
    if text is None:
        problems.append(
            Problem(path, 1, "there is no permalink registry", "run `make permalinks` to create it", "warning")
        )
        return
    registered = read_registry(text)
    for line, url in registered:
        if url not in produced:
            problems.append(
                Problem(
                    path,
                    line,
                    f"published URL {url} is no longer produced by the site",
                    "if the claim was renamed, add its old slug to the new claim file: "
                    f"`aliases: [{url.strip('/').split('/')[-1]}]`; never delete a published URL",
                )
            )
    known = {url for _, url in registered}
    files = {"/" + claim_url(c): c.path for c in site.claims} | {"/" + source_url(s): s.path for s in site.sources}
    for url in published_urls(site):
        if url not in known:
            problems.append(
                Problem(
                    files[url],
                    1,
                    f"{url} is not in the permalink registry ({path})",
                    "run `make permalinks` to register it, and commit the file",
                    "warning",
                )
            )


def updated_registry(text: str | None, site: Site) -> str:
    """The registry with every currently published URL added; nothing is ever removed."""
    urls = {url for _, url in read_registry(text or "")} | set(published_urls(site))
    return REGISTRY_HEADER + "".join(f"{url}\n" for url in sorted(urls))
