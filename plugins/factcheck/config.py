"""The plugin's settings as one validated, typed object.

Every knob is a `FACTCHECK_*` setting with a default here; the rest of the
plugin reads this object, never the raw settings dict. No Pelican import: a
settings mapping and a slugify function are passed in.
"""

from __future__ import annotations

import copy
import fnmatch
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from .identity import Publisher, read_licence, read_publisher

# The templates a page may name with `Template:`; any other would squat a layout or crash the build.
PAGE_TEMPLATES: tuple[str, ...] = ("page", "methodology", "corrections")

DEFAULTS = {
    "FACTCHECK_CLAIMS_DIR": "claims",
    "FACTCHECK_SOURCES_DIR": "sources",
    "FACTCHECK_EVIDENCE_DIR": "evidence",
    "FACTCHECK_VERDICTS_FILE": "verdicts.yaml",
    # Each topic's name as readers see it (`topics.py`); a site without the file shows tags as written.
    "FACTCHECK_TOPICS_FILE": "topics.yaml",
    "FACTCHECK_PERMALINKS_FILE": "permalinks.txt",
    "FACTCHECK_HOME_LATEST": 10,
    # The canonical address when SITEURL is empty or relative (local builds point at `make serve`).
    "FACTCHECK_SITE_URL": "http://localhost:8000",
    # A publishing build (publishconf.py) refuses to run without an absolute SITEURL or the desk's
    # FACTCHECK_REPOSITORY_URL, or with a published URL or paragraph the permalink registry does
    # not hold (a warning in local builds).
    "FACTCHECK_PUBLISH": False,
    "FACTCHECK_SHARE_CARDS": True,
    "FACTCHECK_SEARCH": True,
    # Links naming their index.html, for a preview read from a folder on disk (with RELATIVE_URLS).
    "FACTCHECK_OFFLINE_LINKS": False,
    # The licence of the data files (claims.json, the ClaimReview feed), and of the pages' text: ""
    # declares none, and no page then claims one. Checked in identity.py, like FACTCHECK_PUBLISHER:
    # {"name", "url", "logo", "same_as"}, the name and address defaulting to SITENAME and the site's.
    "FACTCHECK_DATA_LICENSE": "https://creativecommons.org/licenses/by/4.0/",
    "FACTCHECK_CONTENT_LICENSE": "",
    "FACTCHECK_PUBLISHER": {},
    "FACTCHECK_PAGE_TEMPLATES": PAGE_TEMPLATES,
    # Where readers reach the desk (`desk.py`): the source repository, https://HOST/OWNER/REPO, whose
    # issue forms every page links (a publishing build refuses to run without it), and optionally an
    # e-mail or https address. Empty: the site shows no such link and promises none.
    "FACTCHECK_REPOSITORY_URL": "",
    "FACTCHECK_CONTACT": "",
}


LOCAL_PUBLISHER = Publisher("Fact check", "http://localhost:8000/")


class ConfigError(ValueError):
    """A setting has a value the plugin cannot use."""


@dataclass(frozen=True)
class FactcheckConfig:
    """Where content lives and how the site is built, resolved to absolute paths."""

    content_path: str
    claims_dir: str
    sources_dir: str
    evidence_dir: str
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
    page_templates: frozenset[str] = frozenset(PAGE_TEMPLATES)
    page_markdown: Mapping = field(default_factory=dict)  # the MARKDOWN options Pelican reads pages with
    page_link_pattern: str = "[{|](?P<what>.*?)[|}]"  # Pelican's INTRASITE_LINK_REGEX
    theme_static_dir: str = "theme"  # where Pelican copies the theme's CSS and scripts
    ignore_files: tuple[str, ...] = ()  # Pelican's IGNORE_FILES: names no reader looks at
    search: bool = True  # index the built site with Pagefind
    offline_links: bool = False  # links name index.html, for a site opened from disk
    card_cache: str = "cache/factcheck-cards"
    publish: bool = False  # a publishing build: every published URL and paragraph must be registered
    # Pelican's FILENAME_METADATA and PATH_METADATA: what Pelican reads from a page's file name and path.
    filename_metadata: str = r"(?P<date>\d{4}-\d{2}-\d{2}).*"
    path_metadata: str = ""
    repository_url: str = ""  # FACTCHECK_REPOSITORY_URL, without a trailing slash
    contact: str = ""  # FACTCHECK_CONTACT
    topics_file: str = ""  # FACTCHECK_TOPICS_FILE, absolute; "" reads no names
    language: str = "en"  # Pelican's DEFAULT_LANG: which `label_<lang>` of the verdict scale readers see
    publisher: Publisher = LOCAL_PUBLISHER  # FACTCHECK_PUBLISHER, completed from SITENAME and the site's address
    content_license: str = ""  # FACTCHECK_CONTENT_LICENSE: "" when the pages' text has no declared licence

    def ignored(self, name: str) -> bool:
        """Whether Pelican skips a file or directory of this name; content discovery skips it too."""
        return any(fnmatch.fnmatch(name, pattern) for pattern in self.ignore_files)

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
            "FACTCHECK_EVIDENCE_DIR",
            "FACTCHECK_VERDICTS_FILE",
            "FACTCHECK_TOPICS_FILE",
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
        site_url = site_address(settings, values)
        repository, contact = desk_addresses(values)
        site_name = settings.get("SITENAME", "Fact check")
        try:
            publisher = read_publisher(settings, site_url, site_name)
            data_license = read_licence(
                settings, "FACTCHECK_DATA_LICENSE", str(DEFAULTS["FACTCHECK_DATA_LICENSE"]), True
            )
            content_license = read_licence(settings, "FACTCHECK_CONTENT_LICENSE", "")
        except ValueError as error:
            raise ConfigError(str(error)) from None
        return cls(
            content_path=content,
            claims_dir=os.path.join(content, values["FACTCHECK_CLAIMS_DIR"]),
            sources_dir=os.path.join(content, values["FACTCHECK_SOURCES_DIR"]),
            evidence_dir=os.path.join(content, values["FACTCHECK_EVIDENCE_DIR"]),
            verdicts_file=os.path.join(content, values["FACTCHECK_VERDICTS_FILE"]),
            topics_file=os.path.join(content, values["FACTCHECK_TOPICS_FILE"]),
            permalinks_file=os.path.join(content, values["FACTCHECK_PERMALINKS_FILE"]),
            home_latest=latest,
            site_url=site_url,
            site_name=site_name,
            data_license=data_license,
            share_cards=bool(values["FACTCHECK_SHARE_CARDS"]),
            cache_rules=repr(settings.get("SLUG_REGEX_SUBSTITUTIONS")),
            slugify=slugify,
            page_dirs=tuple(os.path.join(content, path) for path in settings.get("PAGE_PATHS", ["pages"])),
            page_templates=frozenset(templates),
            page_markdown=copy.deepcopy(settings.get("MARKDOWN", {})),
            page_link_pattern=settings.get("INTRASITE_LINK_REGEX", cls.page_link_pattern),
            theme_static_dir=settings.get("THEME_STATIC_DIR", cls.theme_static_dir),
            ignore_files=tuple(settings.get("IGNORE_FILES", ())),
            search=bool(values["FACTCHECK_SEARCH"]),
            offline_links=bool(values["FACTCHECK_OFFLINE_LINKS"]),
            card_cache=os.path.join(settings.get("CACHE_PATH", "cache"), "factcheck-cards"),
            publish=bool(values["FACTCHECK_PUBLISH"]),
            filename_metadata=str(settings.get("FILENAME_METADATA", cls.filename_metadata) or ""),
            path_metadata=str(settings.get("PATH_METADATA", "") or ""),
            repository_url=repository,
            contact=contact,
            language=str(settings.get("DEFAULT_LANG") or "en"),
            publisher=publisher,
            content_license=content_license,
        )


def site_address(settings: Mapping, values: Mapping) -> str:
    """The canonical address, from one place: SITEURL when it is absolute, however it was given.

    (`pelican -e SITEURL=…`, publishconf.py or `make publish SITEURL=…` all set
    SITEURL.) A local build with an empty SITEURL cites FACTCHECK_SITE_URL.
    """
    siteurl = str(settings.get("SITEURL") or "").rstrip("/")
    if values["FACTCHECK_PUBLISH"] and not siteurl.startswith(("https://", "http://")):
        raise ConfigError(
            "SITEURL is not set: publishing needs the site's public address, for example "
            "make publish SITEURL=https://factcheck.example.org (or pelican -e SITEURL='\"https://…\"')"
        )
    address = siteurl if siteurl.startswith(("https://", "http://")) else str(values["FACTCHECK_SITE_URL"] or "")
    address = address.rstrip("/")
    if not address.startswith(("https://", "http://")):
        raise ConfigError(
            "FACTCHECK_SITE_URL must be the site's absolute address when SITEURL is not, "
            f"like https://factcheck.example.org; got {address!r}"
        )
    return address


_HOST = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::[0-9]{1,5})?"
# A repository's page on GitHub (or GitHub Enterprise): the issue forms live under it.
REPOSITORY_URL = re.compile(rf"https://{_HOST}/[A-Za-z0-9][A-Za-z0-9_.-]*/(?!\.\.?/?$)[A-Za-z0-9_.-]+/?")
CONTACT_URL = re.compile(rf"https://{_HOST}(?:/[A-Za-z0-9._~!$&'()*+,;=:@%/?#-]*)?")
EMAIL = re.compile(rf"[A-Za-z0-9._%+-]+@{_HOST}")


def desk_addresses(values: Mapping) -> tuple[str, str]:
    """FACTCHECK_REPOSITORY_URL and FACTCHECK_CONTACT, checked: links on every page must lead somewhere real."""
    repository = values["FACTCHECK_REPOSITORY_URL"] or ""
    contact = values["FACTCHECK_CONTACT"] or ""
    if not isinstance(repository, str) or (
        repository and (not REPOSITORY_URL.fullmatch(repository) or repository.rstrip("/").endswith(".git"))
    ):
        raise ConfigError(
            "FACTCHECK_REPOSITORY_URL must be the https address of the source repository's page, like "
            f"https://github.com/OWNER/REPO (no .git, query or fragment); got {repository!r}"
        )
    if not isinstance(contact, str) or (contact and not (CONTACT_URL.fullmatch(contact) or EMAIL.fullmatch(contact))):
        raise ConfigError(
            "FACTCHECK_CONTACT must be an e-mail address (desk@example.org) or an https address "
            f"(https://example.org/contact), or empty; got {contact!r}"
        )
    if values["FACTCHECK_PUBLISH"] and not repository:
        raise ConfigError(
            "FACTCHECK_REPOSITORY_URL is not set: the published site links the source repository on every page "
            "for readers to report errors — make publish SITEURL=https://… "
            "FACTCHECK_REPOSITORY_URL=https://github.com/OWNER/REPO (an environment variable publishconf.py reads)"
        )
    return repository.rstrip("/"), contact


# The theme's Content-Security-Policy: only the site's own scripts and styles run. The search
# page also runs Pagefind's WebAssembly.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"
)
THEME_DEFAULTS = {
    "CONTENT_SECURITY_POLICY": CONTENT_SECURITY_POLICY,
    "SEARCH_CONTENT_SECURITY_POLICY": CONTENT_SECURITY_POLICY.replace(
        "script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'"
    ),
    "SITE_DESCRIPTION": "",
}


def theme_settings(settings: Mapping) -> dict:
    """What the theme reads besides Pelican's own settings, with its defaults filled in."""
    return {name: settings.get(name, default) for name, default in THEME_DEFAULTS.items()}


def refuse_unsafe_settings(settings: Mapping) -> None:
    """Settings that would let a contributor's text run script on the site: checked before every build."""
    if (settings.get("JINJA_ENVIRONMENT") or {}).get("autoescape") is not True:
        raise ConfigError(
            "JINJA_ENVIRONMENT['autoescape'] must be True: claim files come from strangers, and "
            "unescaped text in a template could run script on the site"
        )
    for name, policy in theme_settings(settings).items():
        if not name.endswith("SECURITY_POLICY"):
            continue
        if not isinstance(policy, str) or "default-src" not in policy:
            raise ConfigError(f"{name} must be a Content-Security-Policy with a default-src, got {policy!r}")
        for unsafe in ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'"):
            if unsafe in policy:
                raise ConfigError(f"{name} allows {unsafe}: the site runs only its own script files")
