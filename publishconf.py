"""Settings for the published site (`make publish`): everything local, plus the public address.

SITEURL comes from the environment (`make publish SITEURL=https://…`) or from
Pelican's own `-e SITEURL='"https://…"'`; the plugin refuses to publish without
an absolute one, and uses it for every link, feed, JSON-LD and share card.
FACTCHECK_REPOSITORY_URL (the source repository, where readers report errors)
and FACTCHECK_CONTACT come from the environment the same way, or from
pelicanconf.py; the plugin refuses to publish without the repository.
"""

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))
from pelicanconf import *  # noqa: F403

SITEURL = os.environ.get("SITEURL", "").rstrip("/")
# The environment's value, else pelicanconf.py's (if it sets one).
FACTCHECK_REPOSITORY_URL = os.environ.get("FACTCHECK_REPOSITORY_URL") or globals().get("FACTCHECK_REPOSITORY_URL", "")
FACTCHECK_CONTACT = os.environ.get("FACTCHECK_CONTACT") or globals().get("FACTCHECK_CONTACT", "")
FACTCHECK_PUBLISH = True
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = False
