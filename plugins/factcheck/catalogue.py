"""The message catalogues: every interface string of the theme and the plugin, and translations kept in step.

`python -m factcheck.catalogue` (`make messages`) extracts the strings the templates pass to
gettext (`_()`, `ngettext()`) and those the plugin marks (`gettext()`, `ngettext()`, `N_()`),
writes them to `locale/messages.pot`, and updates every `locale/<lang>/LC_MESSAGES/messages.po`
with Babel, as `pybabel extract` and `pybabel update` would: a new string arrives untranslated
(the tests then name it), a removed one is marked obsolete. A source document's kind is shown
by the theme as words ("News article"), so each kind of the schema is a message too.
Only the files are written here; `language` reads them when a site is built.
"""

from __future__ import annotations

import os
import sys

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from .language import DOMAIN, LOCALE_DIR
from .schema import SOURCE_KINDS

PACKAGE = os.path.dirname(os.path.abspath(__file__))
THEME_TEMPLATES = os.path.join(os.path.dirname(os.path.dirname(PACKAGE)), "theme", "templates")
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "trim_blocks": "True", "lstrip_blocks": "True"}
TEMPLATE = os.path.join(LOCALE_DIR, f"{DOMAIN}.pot")


def source_kind_name(kind: str) -> str:
    """A source kind as the theme shows it: `news-article` → "News article"."""
    return kind.replace("-", " ").capitalize()


def extract(templates: str = THEME_TEMPLATES) -> Catalog:
    """Every interface string of the theme's templates and the plugin's modules, where each is used."""
    catalog = Catalog(project="factcheck", charset="utf-8", fuzzy=False)
    sources = (
        (templates, "theme/templates/", [("**.html", "jinja2.ext:babel_extract")]),
        (PACKAGE, "plugins/factcheck/", [("**.py", "python")]),
    )
    for directory, prefix, methods in sources:
        found = extract_from_dir(directory, methods, options_map={"**.html": JINJA_OPTIONS}, keywords=KEYWORDS)
        for filename, line, message, _comments, _context in found:
            catalog.add(message, None, [(prefix + filename, line)])
    for kind in SOURCE_KINDS:
        catalog.add(source_kind_name(kind), None, [("plugins/factcheck/schema.py", 0)])
    return catalog


def languages() -> list[str]:
    """The languages a catalogue is shipped for."""
    return sorted(
        name
        for name in os.listdir(LOCALE_DIR)
        if os.path.isfile(os.path.join(LOCALE_DIR, name, "LC_MESSAGES", f"{DOMAIN}.po"))
    )


def po_path(language: str) -> str:
    return os.path.join(LOCALE_DIR, language, "LC_MESSAGES", f"{DOMAIN}.po")


def update() -> list[str]:
    """Write the template and bring every translation up to date; returns each language's untranslated count."""
    template = extract()
    with open(TEMPLATE, "wb") as handle:
        write_po(handle, template, width=120, omit_header=True)
    report = []
    for language in languages():
        with open(po_path(language), "rb") as handle:
            catalog = read_po(handle)
        catalog.update(template, no_fuzzy_matching=True)
        with open(po_path(language), "wb") as handle:
            write_po(handle, catalog, width=120, ignore_obsolete=True)
        missing = len([message for message in catalog if message.id and not all(_strings(message.string))])
        report.append(f"{language}: {missing} untranslated")
    return report


def _strings(value: str | tuple | list | None) -> tuple:
    """A message's translation as a tuple: one string, or one per plural form."""
    return tuple(value) if isinstance(value, tuple | list) else (value,)


def main() -> int:
    for line in update():
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
