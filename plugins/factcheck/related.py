"""Related claims: for each claim, a few others by the same claimant, from the same source or on a shared topic.

Owns which claims a claim page suggests next, in what order, and why. Pure: it
takes the linked claims and their topics and returns, for each claim, at most
`RELATED_SHOWN` others with the relations they share.

Linear in the number of claims, never quadratic: a topic may hold 10,000 claims,
and comparing each with every other would be 100 million pairs. So each index
(a claimant's claims, a source's, a topic's) is put in publication order once, and
a claim looks only at its `NEIGHBOURS` nearest on each side in each index it
belongs to. Candidates are then ranked by how much they share with it (the same
claimant, each shared source, each shared topic), the newest first among equals.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .model import Claim

if TYPE_CHECKING:
    from .linking import Topic

RELATED_SHOWN = 5  # a short list a reader takes in at a glance
NEIGHBOURS = 5  # each side, in each index: enough to choose 5 well, few enough to stay fast


@dataclass(frozen=True)
class Related:
    """Another claim worth reading next, and what it has in common with this one."""

    claim: Claim
    same_claimant: bool
    sources: tuple[str, ...]  # slugs of the sources both quote, in this claim's order
    topics: tuple[Topic, ...]  # topics both are filed under, in this claim's order

    @property
    def why(self) -> str:
        """The relations in words: "Same claimant · Same source · Topics: Jack Ma, Regulation"."""
        parts = ["Same claimant"] if self.same_claimant else []
        if self.sources:
            parts.append("Same source" if len(self.sources) == 1 else f"{len(self.sources)} sources in common")
        if self.topics:
            label = "Topic" if len(self.topics) == 1 else "Topics"
            parts.append(f"{label}: {', '.join(t.name for t in self.topics)}")
        return " · ".join(parts)


def related_claims(claims: list[Claim], topics_of: Callable[[Claim], list[Topic]]) -> dict[str, list[Related]]:
    """For each claim's slug, up to `RELATED_SHOWN` related claims, best first; claims sharing nothing get [].

    `claims` are in the site's order (newest first), which breaks ties between equals.
    """
    sources = [tuple(dict.fromkeys(a.source_slug for a in c.appearances)) for c in claims]
    topics = [tuple(topics_of(c)) for c in claims]
    numbers: dict[str, int] = {}  # each claimant, source and topic as a small number: sets of them intersect fast
    keys = [
        [
            numbers.setdefault(key, len(numbers))
            for key in (
                f"claimant:{c.claimant.slug}",
                *(f"source:{s}" for s in sources[i]),
                *(f"topic:{t.slug}" for t in topics[i]),
            )
        ]
        for i, c in enumerate(claims)
    ]
    shared = [frozenset(mine) for mine in keys]
    indexes: list[list[int]] = [[] for _ in numbers]  # each key's claims, in site order: publication order
    places: list[list[tuple[int, int]]] = []  # each claim's keys, and its place in each one's index
    for i, numbered in enumerate(keys):
        places.append([(key, len(indexes[key])) for key in numbered])
        for key in numbered:
            indexes[key].append(i)
    related: dict[str, list[Related]] = {}
    for i, claim in enumerate(claims):
        mine, split = shared[i], 1 + len(sources[i])  # keys[i]: the claimant's number, the sources', the topics'
        ranked = sorted((-len(mine & shared[j]), j) for j in _candidates(i, places[i], indexes))
        ours = keys[i][1:split], keys[i][split:]
        related[claim.slug] = [
            _relation(claim, claims[j], sources[i], topics[i], ours, shared[j]) for _, j in ranked[:RELATED_SHOWN]
        ]
    return related


def _candidates(claim: int, places: list[tuple[int, int]], indexes: list[list[int]]) -> set[int]:
    """The claims within `NEIGHBOURS` of `claim` in each of its indexes: at most 2 × NEIGHBOURS per index."""
    found: set[int] = set()
    for key, here in places:
        found.update(indexes[key][max(0, here - NEIGHBOURS) : here + NEIGHBOURS + 1])
    found.discard(claim)
    return found


def _relation(
    claim: Claim,
    other: Claim,
    sources: tuple[str, ...],
    topics: tuple[Topic, ...],
    numbered: tuple[list[int], list[int]],
    theirs: frozenset[int],
) -> Related:
    """What `other` has in common with `claim`: `claim`'s sources and topics, and their numbers; `other`'s numbers."""
    return Related(
        other,
        same_claimant=other.claimant.slug == claim.claimant.slug,
        sources=tuple(s for s, n in zip(sources, numbered[0], strict=True) if n in theirs),
        topics=tuple(t for t, n in zip(topics, numbered[1], strict=True) if n in theirs),
    )
