"""Settings for the published site (`make publish`): everything local, plus absolute URLs.

SITEURL comes from the environment so the same content can be published to any
domain; feeds, JSON-LD and share cards are built from it and nothing else.
"""

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))
from pelicanconf import *  # noqa: F403

SITEURL = os.environ.get("SITEURL", "").rstrip("/")
if not SITEURL.startswith(("https://", "http://")):
    raise SystemExit(
        "publishconf.py: SITEURL is not set. Publish with the site's public address, "
        "for example: make publish SITEURL=https://factcheck.example.org"
    )
FACTCHECK_SITE_URL = SITEURL
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = False
