"""Allowlist sanitising of HTML rendered from contributors' Markdown.

Owns what markup a claim body may contain. Claim files come from strangers by
pull request, so rendered Markdown passes through nh3 (a Rust HTML sanitiser)
before it reaches a template: no script, style, iframe, object, event handler,
style attribute or non-web URL survives, and every link gets
rel="noopener noreferrer".
"""

from __future__ import annotations

import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "a", "em", "strong", "b", "i", "s", "sub", "sup", "abbr", "cite", "q",
    "code", "pre", "blockquote", "ul", "ol", "li", "dl", "dt", "dd",
    "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "caption",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
    "q": {"cite"},
    "blockquote": {"cite"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def sanitize_html(html: str) -> str:
    """`html` with everything outside the allowlist removed."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
