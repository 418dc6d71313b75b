"""The embeddable verdict card: copy-paste HTML for other sites, and the oEmbed document that serves it.

Owns the card's markup and the per-claim oEmbed JSON (`claims/<slug>/oembed.json`,
type "rich"). The card runs on someone else's page, where neither our script nor
our stylesheet is loaded: it is self-contained markup with inline styles (the
styles are constants, never content) and it reads as plain text with a link back
when the host strips styles. Claim text comes from strangers: every value is
escaped here, once, so the snippet carries no markup from content. Pure: returns
text; the Pelican glue writes the files and the claim page shows the snippet.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from html import escape

from .language import ENGLISH, Language
from .model import Claim
from .urls import CLAIMS, claim_url

OEMBED = "oembed.json"
CARD_WIDTH = 550  # px: the card's max-width, and the oEmbed width
CACHE_AGE = 86400  # seconds a consumer may keep the oEmbed answer: a day, so corrections reach embeds
# The card's only styles: constants the hardening tests recognise, so no content can add one. Short: every
# claim page carries the card, escaped, for readers to copy.
STYLES = {
    "card": (
        f"box-sizing:border-box;max-width:{CARD_WIDTH}px;margin:1em 0;padding:12px 16px;border:1px solid #ccc;"
        "border-left-width:6px;border-radius:4px;background:#fff;color:#222;font:15px/1.5 sans-serif"
    ),
    "claim": "margin:0",
    "verdict": "padding:0 6px;border-radius:3px;color:#fff",
    "foot": "margin:8px 0 0;font-size:13px",
    "link": "color:#0645ad",
}


def oembed_path(slug: str) -> str:
    """Where a claim's oEmbed document is served: beside its page, so it moves (and redirects) with it."""
    return f"{CLAIMS}{slug}/{OEMBED}"


def _lines(claim: Claim, language: Language) -> tuple[str, str, str]:
    """The card's three lines of plain text: the claim, who made it and when, the verdict in a sentence."""
    return (
        claim.claim,
        f"{claim.claimant.name}, {language.date(claim.claim_date)}",
        claim.conclusion,
    )


def _labels(language: Language) -> tuple[str, str, str]:
    """What starts each of the card's lines: "Claim:", "Claimant:", "Verdict:"."""
    _ = language.gettext
    return _("Claim:"), _("Claimant:"), _("Verdict:")


def verdict_card(claim: Claim, site_name: str, permalink: str, language: Language = ENGLISH) -> str:
    """The card as copy-paste HTML: claim, claimant, verdict, date and site name, linking to `permalink`.

    Its words are the site's `language`; in a right-to-left language the card says so (`dir`), and
    its verdict stripe moves to the right, where lines start.
    """
    _ = language.gettext
    colour = claim.verdict.colour  # validated as #rrggbb when the scale is read
    url = escape(permalink, quote=True)
    said, made, conclusion = (escape(line) for line in _lines(claim, language))
    verdict = f'<b style="{STYLES["verdict"]};background:{colour}">{escape(claim.verdict.label)}</b>'
    published = f'<time datetime="{claim.published.isoformat()}">{language.day(claim.published)}</time>'
    card, start = STYLES["card"], "border-left"
    direction = ""
    if language.direction == "rtl":
        card, start, direction = card.replace("border-left", "border-right"), "border-right", ' dir="rtl"'
    claimed, claimant, rated = (escape(label) for label in _labels(language))
    byline = escape(_("Fact check by {site}, {date}.")).format(site=escape(site_name), date=published)
    read = escape(_("Read the full check"))
    return (
        f'<blockquote class="factcheck-card"{direction} style="{card};{start}-color:{colour}">'
        f'<p style="{STYLES["claim"]}">{claimed} {said}<br>{claimant} {made}<br>{rated} {verdict} {conclusion}</p>'
        f'<p style="{STYLES["foot"]}">{byline} '
        f'<a href="{url}" style="{STYLES["link"]}">{read}</a></p>'
        "</blockquote>"
    )


def card_height(claim: Claim, language: Language = ENGLISH) -> int:
    """An estimate of the card's height at its full width, for oEmbed consumers that size a frame."""
    per_line = 66  # characters of 15px text on a line of the 550px card, erring towards one line too many
    said, made, conclusion = _lines(claim, language)
    claimed, claimant, rated = _labels(language)
    texts = (f"{claimed} {said}", f"{claimant} {made}", f"{rated} {claim.verdict.label} {conclusion}")
    lines = sum(math.ceil(len(text) / per_line) for text in texts)
    return round(2 + 24 + 22.5 * lines + 8 + 19.5)  # borders, padding, lines of 15px × 1.5, the gap, the footer


def oembed(
    claim: Claim, site_name: str, absolute: Callable[[str], str], thumbnail: str | None, language: Language = ENGLISH
) -> str:
    """The claim's oEmbed 1.0 document (type "rich"): the card's HTML and what a consumer shows around it.

    `thumbnail` is the claim's share card (1200×630), or None when the site draws none.
    """
    document: dict[str, str | int] = {
        "version": "1.0",
        "type": "rich",
        "title": f"{claim.verdict.label}: {claim.headline}",
        "author_name": site_name,
        "author_url": absolute(""),
        "provider_name": site_name,
        "provider_url": absolute(""),
        "cache_age": CACHE_AGE,
        "html": verdict_card(claim, site_name, absolute(claim_url(claim)), language),
        "width": CARD_WIDTH,
        "height": card_height(claim, language),
    }
    if thumbnail:
        document |= {"thumbnail_url": thumbnail, "thumbnail_width": 1200, "thumbnail_height": 630}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))  # compact: the C encoder writes it
