"""The plugin's settings as one validated, typed object.

Every knob is a `FACTCHECK_*` setting with a default here; the rest of the
plugin reads this object, never the raw settings dict. No Pelican import: a
settings mapping and a slugify function are passed in.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

DEFAULTS = {
    "FACTCHECK_CLAIMS_DIR": "claims",
    "FACTCHECK_SOURCES_DIR": "sources",
    "FACTCHECK_VERDICTS_FILE": "verdicts.yaml",
    "FACTCHECK_PERMALINKS_FILE": "permalinks.txt",
    "FACTCHECK_HOME_LATEST": 10,
    "FACTCHECK_SITE_URL": "",
    "FACTCHECK_SHARE_CARDS": True,
    "FACTCHECK_DATA_LICENSE": "https://creativecommons.org/licenses/by/4.0/",
    # The templates a page may name with `Template:`; any other would squat a layout or crash the build.
    "FACTCHECK_PAGE_TEMPLATES": ("page", "methodology", "corrections"),
}


class ConfigError(ValueError):
    """A setting has a value the plugin cannot use."""


@dataclass(frozen=True)
class FactcheckConfig:
    """Where content lives and how the site is built, resolved to absolute paths."""

    content_path: str
    claims_dir: str
    sources_dir: str
    verdicts_file: str
    permalinks_file: str
    home_latest: int
    site_url: str
    site_name: str
    data_license: str
    share_cards: bool
    cache_rules: str  # what, besides a file's text, decides how it validates
    slugify: Callable[[str], str]
    page_dirs: tuple[str, ...] = ()  # Pelican's PAGE_PATHS, absolute
    page_templates: frozenset[str] = frozenset(DEFAULTS["FACTCHECK_PAGE_TEMPLATES"])
    page_markdown: Mapping = field(default_factory=dict)  # the MARKDOWN options Pelican reads pages with
    page_link_pattern: str = "[{|](?P<what>.*?)[|}]"  # Pelican's INTRASITE_LINK_REGEX
    theme_static_dir: str = "theme"  # where Pelican copies the theme's CSS and scripts

    def absolute(self, path: str) -> str:
        """The canonical absolute URL of a site-relative path: what citations and JSON-LD use."""
        return f"{self.site_url}/{path}"

    @classmethod
    def from_settings(cls, settings: Mapping, slugify: Callable[[str], str]) -> FactcheckConfig:
        values = {key: settings.get(key, default) for key, default in DEFAULTS.items()}
        content = os.path.abspath(settings.get("PATH", "content"))
        paths = (
            "FACTCHECK_CLAIMS_DIR",
            "FACTCHECK_SOURCES_DIR",
            "FACTCHECK_VERDICTS_FILE",
            "FACTCHECK_PERMALINKS_FILE",
        )
        for key in paths:
            if not isinstance(values[key], str) or not values[key]:
                raise ConfigError(f"{key} must be a path relative to PATH, got {values[key]!r}")
        latest = values["FACTCHECK_HOME_LATEST"]
        if not isinstance(latest, int) or latest < 1:
            raise ConfigError(f"FACTCHECK_HOME_LATEST must be a positive integer, got {latest!r}")
        templates = values["FACTCHECK_PAGE_TEMPLATES"]
        names = isinstance(templates, list | tuple | set | frozenset) and all(isinstance(t, str) for t in templates)
        if not names or not all(templates):
            raise ConfigError(f"FACTCHECK_PAGE_TEMPLATES must be a list of template names, got {templates!r}")
        site_url = (values["FACTCHECK_SITE_URL"] or settings.get("SITEURL") or "").rstrip("/")
        if not site_url.startswith(("https://", "http://")):
            raise ConfigError(
                "FACTCHECK_SITE_URL (or SITEURL) must be the site's absolute address, "
                f"like https://factcheck.example.org; got {site_url!r}"
            )
        return cls(
            content_path=content,
            claims_dir=os.path.join(content, values["FACTCHECK_CLAIMS_DIR"]),
            sources_dir=os.path.join(content, values["FACTCHECK_SOURCES_DIR"]),
            verdicts_file=os.path.join(content, values["FACTCHECK_VERDICTS_FILE"]),
            permalinks_file=os.path.join(content, values["FACTCHECK_PERMALINKS_FILE"]),
            home_latest=latest,
            site_url=site_url,
            site_name=settings.get("SITENAME", "Fact check"),
            data_license=values["FACTCHECK_DATA_LICENSE"],
            share_cards=bool(values["FACTCHECK_SHARE_CARDS"]),
            cache_rules=repr(settings.get("SLUG_REGEX_SUBSTITUTIONS")),
            slugify=slugify,
            page_dirs=tuple(os.path.join(content, path) for path in settings.get("PAGE_PATHS", ["pages"])),
            page_templates=frozenset(templates),
            page_markdown=copy.deepcopy(settings.get("MARKDOWN", {})),
            page_link_pattern=settings.get("INTRASITE_LINK_REGEX", cls.page_link_pattern),
            theme_static_dir=settings.get("THEME_STATIC_DIR", cls.theme_static_dir),
        )
