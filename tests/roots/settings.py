"""Settings of every fixture site (tests/roots/test-*/), never the real site's pelicanconf.py.

`conftest.make_site` writes this text as the copied site's pelicanconf.py and adds THEME and
PLUGIN_PATHS pointing into the repository, so fixtures build with the real theme and plugin
while a change to the real site's settings never changes what a fixture builds. Each value is
one the plugin or the theme needs (read by `factcheck.config`), or one a test asserts on.
"""

AUTHOR = "Alpha & Beta Fact Check"
SITENAME = "Alpha & Beta Fact Check"  # `&`: citations must escape it (BibTeX `\&`)
SITEURL = ""
SITE_DESCRIPTION = "Claims about Alpha Corp and Testland, checked against the fixture sources."

PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"

PLUGINS = ["factcheck"]

# The plugin reads claims and sources; Pelican reads only pages.
ARTICLE_PATHS = []
PAGE_PATHS = ["pages"]
IGNORE_FILES = [".*"]  # an editor's lock file `.#claim.md` is never content
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
FACTCHECK_SITE_URL = "http://localhost:8000"
FACTCHECK_DATA_LICENSE = "https://creativecommons.org/licenses/by/4.0/"

RELATIVE_URLS = False

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
    },
    "output_format": "html5",
}

# The plugin refuses to build without autoescape.
JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "autoescape": True,
    # The theme's words go through gettext: the plugin installs the catalogue of DEFAULT_LANG.
    "extensions": ["jinja2.ext.i18n"],
}

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"
)
SEARCH_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
    "script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'"
)
