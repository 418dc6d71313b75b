"""Render an archived paragraph with its contested passages marked.

Owns the markup of highlighted passages: each quoted span becomes a `<mark>`
linking to its claim, followed by the claim's verdict badge. Overlapping
quotes are cut into segments so marks and links never nest.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

from markupsafe import Markup, escape

from .linking import Passage
from .model import Paragraph
from .urls import claim_url


def annotate(paragraph: Paragraph, passages: list[Passage], url: Callable[[str], str]) -> Markup:
    """The paragraph as HTML; `url` maps a site-relative path to a link target."""
    text = paragraph.text
    if not passages:
        return escape(text)
    cuts = sorted({0, len(text)} | {p.appearance.start for p in passages} | {p.appearance.end for p in passages})
    html: list[str] = []
    for start, end in pairwise(cuts):
        covering = [p for p in passages if p.appearance.start <= start and end <= p.appearance.end]
        segment = escape(text[start:end])
        if covering:
            passage = covering[-1]
            verdict = passage.claim.verdict
            html.append(
                f'<mark class="passage verdict-{verdict.key}">'
                f'<a href="{url(claim_url(passage.claim))}" '
                f'title="{escape(passage.claim.claim)}">{segment}</a></mark>'
            )
        else:
            html.append(str(segment))
        for passage in passages:
            if passage.appearance.end == end:
                html.append(_badge_link(passage, url))
    return Markup("".join(html))


def _badge_link(passage: Passage, url: Callable[[str], str]) -> str:
    verdict = passage.claim.verdict
    return (
        f' <a class="badge verdict-{verdict.key}" href="{url(claim_url(passage.claim))}"'
        f' aria-label="Verdict: {escape(verdict.label)}. {escape(passage.claim.claim)}">'
        f"{escape(verdict.label)}</a>"
    )
