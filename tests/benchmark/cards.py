"""Draw every claim's share card into a cache directory: `python -m tests.benchmark.cards SETTINGS CACHE`."""

from __future__ import annotations

import os
import sys

from factcheck.content import load_site
from factcheck.settings import load_config
from factcheck.sharecards import share_card


def main(settings_file: str, cache: str) -> int:
    os.chdir(os.path.dirname(os.path.abspath(settings_file)))
    config = load_config(os.path.basename(settings_file))
    site = load_site(config).site
    for claim in site.claims:
        share_card(claim, config.site_name, cache)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
