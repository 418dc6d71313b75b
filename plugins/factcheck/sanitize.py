"""Allowlist sanitising of HTML rendered from contributors' Markdown.

Owns what markup a claim body or a page may contain. Claim and page files come
from strangers by pull request, so rendered Markdown passes through nh3 (a Rust
HTML sanitiser) before it reaches a template: no script, style, iframe, object,
event handler, style attribute or non-web URL survives, and every link gets
rel="noopener noreferrer". `unsafe_markup` names what the sanitiser would have
to remove for safety, so `make check` can refuse it instead of publishing a
page that silently differs from its file.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

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
# Elements that run code, load or embed something, style the page, submit data or redirect the
# reader. The allowlist removes every element not listed above; these are the ones worth an error.
UNSAFE_TAGS = {
    "script", "style", "link", "meta", "base", "iframe", "frame", "frameset", "object", "embed",
    "applet", "form", "input", "button", "textarea", "select", "svg", "math", "template", "noscript",
    "img", "picture", "source", "video", "audio", "track", "canvas", "portal", "dialog",
}  # fmt: skip
UNSAFE_ATTRIBUTES = {"style", "srcdoc", "formaction", "action", "http-equiv"}
URL_ATTRIBUTES = {"href", "src", "cite", "action", "formaction", "data", "poster", "background", "xlink:href"}


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


def unsafe_markup(html: str) -> list[tuple[str, str]]:
    """What in `html` the sanitiser removes because it could run, load, restyle or redirect.

    Each item is (what, as a reader would name it: `<script>`, `the onclick
    attribute`, `a javascript: link`; the text to look for in the source file),
    once, in order of appearance. Harmless markup outside the allowlist
    (`<div>`, `class`) is removed silently.
    """
    finder = _UnsafeMarkup()
    finder.feed(html)
    finder.close()
    return list(dict.fromkeys(finder.found))


class _UnsafeMarkup(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in UNSAFE_TAGS:
            self.found.append((f"<{tag}>", f"<{tag}"))
            return
        for name, value in attrs:
            if name.startswith("on") or name in UNSAFE_ATTRIBUTES:
                self.found.append((f"the {name} attribute", name))
            elif name in URL_ATTRIBUTES and value and (scheme := _scheme(value)) not in URL_SCHEMES | {""}:
                self.found.append((f"a {scheme}: link", f"{scheme}:") if scheme else ("a malformed link", value))

    handle_startendtag = handle_starttag


def _scheme(url: str) -> str | None:
    """The URL's scheme as a browser reads it (ignoring whitespace and control characters); None if malformed."""
    cleaned = "".join(c for c in url if c > " " and c != "\x7f")
    try:
        return urlsplit(cleaned).scheme.lower()
    except ValueError:
        return None
