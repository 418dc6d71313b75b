"""Pelican plugin that turns claim and source files into a cross-linked fact-check site.

Importing the package stays free of Pelican so the model and checker can be
used alone; `register()` loads the Pelican glue.
"""


def register() -> None:
    from .generator import connect

    connect()
