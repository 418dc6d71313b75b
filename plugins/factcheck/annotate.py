"""Render an archived paragraph with its contested passages marked.

Owns the markup of highlighted passages: each quoted span becomes a `<mark>`
linking to its claim, followed by the claim's verdict badge. Overlapping
quotes are cut into segments so marks and links never nest.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Callable
from itertools import pairwise

from markupsafe import Markup, escape

from .language import ENGLISH, Language
from .linking import Passage
from .model import Paragraph
from .urls import claim_url


def annotate(
    paragraph: Paragraph,
    passages: list[Passage],
    url: Callable[[str], str],
    first: int = 1,
    total: int = 0,
    language: Language = ENGLISH,
) -> Markup:
    """The paragraph as HTML; `url` maps a site-relative path to a link target; words in `language`.

    Passages are numbered from `first` in reading order; each badge gets the id
    `passage-N` and links to the previous and next of `total` passages.
    """
    text = paragraph.text
    if not passages:
        return escape(text)
    number = first
    starting: dict[int, list[int]] = defaultdict(list)
    ending: dict[int, list[Passage]] = defaultdict(list)
    for index, passage in enumerate(passages):
        starting[passage.appearance.start].append(index)
        ending[passage.appearance.end].append(passage)
    cuts = sorted({0, len(text)} | starting.keys() | ending.keys())
    # One sweep: the passages covering the current segment, the latest in list order on top,
    # so a paragraph quoted by many claims costs O(n log n), not O(n²).
    covering: list[int] = []
    html: list[str] = []
    for start, end in pairwise(cuts):
        for index in starting.get(start, ()):
            heapq.heappush(covering, -index)
        while covering and passages[-covering[0]].appearance.end <= start:
            heapq.heappop(covering)
        segment = escape(text[start:end])
        if covering:
            passage = passages[-covering[0]]
            verdict = passage.claim.verdict
            html.append(
                f'<mark class="passage verdict-{verdict.key}">'
                f'<a href="{url(claim_url(passage.claim))}" '
                f'title="{escape(passage.claim.claim)}">{segment}</a></mark>'
            )
        else:
            html.append(str(segment))
        for passage in ending.get(end, ()):
            html.append(_badge_link(passage, url, number, language) + _passage_nav(number, total, language))
            number += 1
    return Markup("".join(html))


def _badge_link(passage: Passage, url: Callable[[str], str], number: int, language: Language = ENGLISH) -> str:
    verdict = passage.claim.verdict
    label = escape(language.gettext("Verdict: {verdict}. {claim}")).format(
        verdict=escape(verdict.label), claim=escape(passage.claim.claim)
    )
    return (
        f' <a class="badge verdict-{verdict.key}" id="passage-{number}" data-pagefind-ignore'
        f' href="{url(claim_url(passage.claim))}"'
        f' aria-label="{label}">'
        f"{escape(verdict.label)}</a>"
    )


def _passage_nav(number: int, total: int, language: Language = ENGLISH) -> str:
    """Previous/next links, so a reader can walk the checked passages from the keyboard."""
    _ = language.gettext
    links = []
    if number > 1:
        label, text = escape(_("Previous checked passage")), escape(_("↑ previous"))
        links.append(f'<a href="#passage-{number - 1}" aria-label="{label}">{text}</a>')
    if number < total:
        label, text = escape(_("Next checked passage")), escape(_("↓ next"))
        links.append(f'<a href="#passage-{number + 1}" aria-label="{label}">{text}</a>')
    return f'<span class="passage-nav" data-pagefind-ignore>{"".join(links)}</span>' if links else ""
