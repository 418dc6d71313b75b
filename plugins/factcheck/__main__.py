"""`python -m factcheck`: see cli.py."""

import sys

from .cli import main

sys.exit(main())
