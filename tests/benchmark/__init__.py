"""`make bench`: a synthetic fact-check site, timed against plain Pelican. See run.py."""
