"""Cold build, then a rebuild after editing one claim, in one process, as `make devserver` does.

python -m tests.benchmark.devserver SETTINGS OUTPUT CLAIM_FILE  → prints "cold rebuild" seconds
"""

from __future__ import annotations

import logging
import os
import sys
import time

from pelican import Pelican
from pelican.settings import read_settings


def main(settings_file: str, output: str, claim_file: str) -> int:
    os.chdir(os.path.dirname(os.path.abspath(settings_file)))
    logging.disable(logging.WARNING)
    pelican = Pelican(read_settings(os.path.basename(settings_file), override={"OUTPUT_PATH": output}))
    started = time.perf_counter()
    pelican.run()
    cold = time.perf_counter() - started
    with open(claim_file, "a", encoding="utf-8") as handle:
        handle.write("\nOne more sentence, edited.\n")
    started = time.perf_counter()
    pelican.run()
    rebuild = time.perf_counter() - started
    print(f"{cold:.3f} {rebuild:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
