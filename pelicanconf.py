"""Site settings for local builds (`make html`, `make devserver`, `pelican content`)."""

AUTHOR = "Ant & Alibaba Fact Check"
SITENAME = "Ant & Alibaba Fact Check"
SITEURL = ""
SITE_DESCRIPTION = (
    "Claims about Jack Ma, Ant Group and Alibaba, checked against the public record, "
    "with every verdict linked to the exact passage it rates."
)

PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"

THEME = "theme"
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["factcheck"]

# Claims and sources are read by the factcheck plugin, not by Pelican's article reader.
ARTICLE_PATHS = []
PAGE_PATHS = ["pages"]
# Hidden files (an editor's lock file `.#claim.md`, `.DS_Store`) are never content.
IGNORE_FILES = [".*"]
STATIC_PATHS = []
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
DIRECT_TEMPLATES = []
ARCHIVES_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
CATEGORY_SAVE_AS = ""
TAG_SAVE_AS = ""

FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

FACTCHECK_CLAIMS_DIR = "claims"
FACTCHECK_SOURCES_DIR = "sources"
FACTCHECK_EVIDENCE_DIR = "evidence"
FACTCHECK_VERDICTS_FILE = "verdicts.yaml"
FACTCHECK_HOME_LATEST = 10
# Canonical address used in citations, JSON-LD, feeds and share cards when SITEURL is
# empty, as in local builds: `make serve`. An absolute SITEURL, however it is given
# (publishconf.py, `pelican -e SITEURL=…`), is the canonical address instead.
FACTCHECK_SITE_URL = "http://localhost:8000"
FACTCHECK_DATA_LICENSE = "https://creativecommons.org/licenses/by/4.0/"
# Who publishes the checks (ClaimReview, feeds, claims.json): the name and address are SITENAME and
# the site's address. No logo (theme/static/favicon.svg is the theme's icon, not the desk's) and no
# profiles elsewhere (`same_as`) are declared. The desk has chosen no licence for the text of its
# pages, so no page claims one: FACTCHECK_CONTENT_LICENSE stays empty.
FACTCHECK_PUBLISHER = {}
FACTCHECK_CONTENT_LICENSE = ""
# Where readers reach the desk: the source repository (https://github.com/OWNER/REPO), whose issue
# forms every page links, and optionally an e-mail or https address. Empty here, so a local build
# links neither and says so; `make publish` needs the repository (publishconf.py reads it from the
# environment: make publish FACTCHECK_REPOSITORY_URL=https://github.com/OWNER/REPO).
FACTCHECK_REPOSITORY_URL = ""
FACTCHECK_CONTACT = ""

RELATIVE_URLS = False

# `extra` only: smarty (typographic quotes) doubled the cost of rendering the reasoning.
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
    },
    "output_format": "html5",
}

# Autoescape everything: claim files arrive from strangers by pull request.
# Trusted HTML (rendered Markdown, JSON-LD, annotated passages) is marked safe by the plugin.
JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "autoescape": True,
    # The theme's words go through gettext: the plugin installs the catalogue of DEFAULT_LANG.
    "extensions": ["jinja2.ext.i18n"],
}

# Only the site's own scripts and styles run.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"
)
# The search page also runs Pagefind's WebAssembly.
SEARCH_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
    "script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'"
)
