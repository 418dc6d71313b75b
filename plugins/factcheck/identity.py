"""Who publishes the checks, and under which licences: the publisher identity, from settings.

Owns FACTCHECK_PUBLISHER (the organisation's name, address, logo and `sameAs` profiles),
FACTCHECK_CONTENT_LICENSE (the text of the pages) and FACTCHECK_DATA_LICENSE (the data
files), read once and checked, so that ClaimReview, the feeds, the JSON files and the footer
say the same thing, and only what the desk declared: the name and address default to
SITENAME and the site's address; a logo, profiles and a licence for the pages are shown only
when given. No Pelican import; a value the plugin cannot use is a ValueError whose text is
one line naming the setting (config.py reports it as a settings error).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

PUBLISHER_KEYS = ("name", "url", "logo", "same_as")
LOGO_TYPES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg")
_NOT_IN_AN_ADDRESS = re.compile(r"[\s\x00-\x1f\x7f<>\"'\\`{}|^]")
_NOT_IN_A_NAME = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]")


@dataclass(frozen=True)
class Publisher:
    """The organisation that publishes the checks: ClaimReview `author` and `publisher`, the feeds' author."""

    name: str
    url: str
    logo: str = ""  # an absolute address, or "" for none
    same_as: tuple[str, ...] = ()  # the organisation's own profiles elsewhere

    def as_schema(self) -> dict:
        organisation: dict = {"@type": "Organization", "name": self.name, "url": self.url}
        if self.logo:
            organisation["logo"] = self.logo
        if self.same_as:
            organisation["sameAs"] = list(self.same_as)
        return organisation

    def as_json(self) -> dict:
        """As the open data gives it (`/api/claims.json`)."""
        return {"name": self.name, "url": self.url, "logo": self.logo or None, "same_as": list(self.same_as)}


def web_address(value: object, schemes: tuple[str, ...] = ("https",)) -> bool:
    """An absolute address with a host, in one of `schemes`, with nothing a page could misread."""
    if not isinstance(value, str) or _NOT_IN_AN_ADDRESS.search(value):
        return False
    parts = urlsplit(value)
    return parts.scheme in schemes and bool(parts.hostname) and "@" not in parts.netloc


def read_publisher(settings: Mapping, site_url: str, site_name: str) -> Publisher:
    """FACTCHECK_PUBLISHER, with the name and address it leaves out taken from SITENAME and the site."""
    given = settings.get("FACTCHECK_PUBLISHER") or {}
    if not isinstance(given, Mapping):
        raise ValueError(f"FACTCHECK_PUBLISHER must be a dict with the keys {', '.join(PUBLISHER_KEYS)}; got {given!r}")
    unknown = sorted(map(repr, set(given) - set(PUBLISHER_KEYS)))
    if unknown:
        raise ValueError(
            f"FACTCHECK_PUBLISHER has no key {', '.join(unknown)}: the keys are {', '.join(PUBLISHER_KEYS)}"
        )
    name = given.get("name") or site_name
    if not isinstance(name, str) or not name.strip() or _NOT_IN_A_NAME.search(name) or len(name) > 200:
        raise ValueError(f"FACTCHECK_PUBLISHER['name'] must be the organisation's name on one line; got {name!r}")
    url = given.get("url") or f"{site_url}/"
    if not web_address(url, ("https", "http")):
        raise ValueError(
            "FACTCHECK_PUBLISHER['url'] must be the organisation's https address, like https://example.org/; "
            f"got {url!r}"
        )
    same_as = given.get("same_as") or ()
    if isinstance(same_as, str) or not isinstance(same_as, list | tuple) or not all(map(web_address, same_as)):
        raise ValueError(
            "FACTCHECK_PUBLISHER['same_as'] must be a list of the https addresses of the organisation's own "
            f"profiles, like ['https://www.wikidata.org/wiki/Q…']; got {same_as!r}"
        )
    return Publisher(name.strip(), url, _logo(settings, given.get("logo") or "", site_url), tuple(same_as))


def _logo(settings: Mapping, logo: object, site_url: str) -> str:
    """The logo's absolute address: an https address as given, or a file among the theme's static files."""
    if logo == "":
        return ""
    image = isinstance(logo, str) and logo.lower().endswith(LOGO_TYPES)
    if image and web_address(logo):
        return str(logo)
    relative = image and not _NOT_IN_AN_ADDRESS.search(str(logo)) and not str(logo).startswith("/")
    if relative and ".." not in str(logo).split("/"):
        theme = str(settings.get("THEME") or "")
        for folder in settings.get("THEME_STATIC_PATHS", ["static"]):
            if os.path.isfile(os.path.join(theme, folder, str(logo))):
                return f"{site_url}/{settings.get('THEME_STATIC_DIR', 'theme')}/{logo}"
    raise ValueError(
        f"FACTCHECK_PUBLISHER['logo'] must be an image ({', '.join(LOGO_TYPES)}) among the theme's static files, "
        f"like 'images/logo.png', or its https address; got {logo!r}"
    )


def read_licence(settings: Mapping, name: str, default: str, required: bool = False) -> str:
    """A licence setting: the address of the licence's text, or "" when the desk has declared none."""
    value = settings.get(name, default)
    if value in ("", None) and not required:
        return ""
    if not web_address(value, ("https", "http")):
        raise ValueError(
            f"{name} must be the address of the licence, like https://creativecommons.org/licenses/by/4.0/"
            f"{'' if required else ', or empty for none'}; got {value!r}"
        )
    return str(value)
