"""Settings for the published site (`make publish`): everything local, plus the public address.

SITEURL comes from the environment (`make publish SITEURL=https://…`) or from
Pelican's own `-e SITEURL='"https://…"'`; the plugin refuses to publish without
an absolute one, and uses it for every link, feed, JSON-LD and share card.
"""

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))
from pelicanconf import *  # noqa: F403

SITEURL = os.environ.get("SITEURL", "").rstrip("/")
FACTCHECK_PUBLISH = True
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = False
