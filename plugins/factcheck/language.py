"""The site's language: interface words from gettext catalogues, dates and numbers by Babel, text direction.

Owns everything that depends on `DEFAULT_LANG` in what the pages say around the content: the
catalogue of the language (`locale/<lang>/LC_MESSAGES/messages.po`, compiled in memory when first
needed, so no compiled file is committed), the translations installed on every Jinja environment
(`jinja2.ext.i18n`, as Pelican's i18n_subsites plugin installs them), dates and numbers formatted
for the language's locale, and whether its script runs right to left. Content (claims, sources,
the verdict scale) is written by the desk in its own language and is never translated here.

English stays as this site has always printed it: "21 November 2026", unambiguous in every
English-speaking country, rather than CLDR's American "November 21, 2026".
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext
import hashlib
import io
import os
from dataclasses import dataclass, field

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from .model import PartialDate

LOCALE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "locale")
DOMAIN = "messages"


def N_(message: str) -> str:
    """Marks an interface string for the catalogue where it is defined; it is translated where it is shown."""
    return message


class LanguageError(ValueError):
    """DEFAULT_LANG names no language Babel knows."""


def locale_of(code: str) -> Locale:
    """The Babel locale of a language code as Pelican settings write it ("es", "pt-BR", "pt_BR")."""
    try:
        return Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError) as error:
        raise LanguageError(
            f"settings: error: DEFAULT_LANG {code!r} is not a language code Babel knows — "
            "use a code such as en, es, fr, ar or pt_BR"
        ) from error


@functools.cache
def _catalogue(path: str, fingerprint: str) -> gettext.GNUTranslations:
    """The .po file at `path`, compiled to a gettext catalogue in memory (`fingerprint`: its contents)."""
    with open(path, "rb") as handle:
        catalog = read_po(handle)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def catalogue_path(locale: Locale) -> str | None:
    """The .po file for `locale`, most specific first ("pt_BR", then "pt"); None: the English source."""
    for name in (str(locale), locale.language):
        path = os.path.join(LOCALE_DIR, name, "LC_MESSAGES", f"{DOMAIN}.po")
        if os.path.isfile(path):
            return path
    return None


@dataclass(frozen=True)
class Language:
    """One site language: its words, its dates and numbers, its direction."""

    code: str  # DEFAULT_LANG as the settings give it: what `<html lang>`, feeds and JSON-LD say
    locale: Locale
    translations: gettext.NullTranslations = field(compare=False)
    fingerprint: str  # the catalogue's contents: part of every page's digest, so an edited .po renders again

    @classmethod
    def from_code(cls, code: str) -> Language:
        locale = locale_of(code or "en")
        path = catalogue_path(locale)
        if path is None:
            return cls(code or "en", locale, gettext.NullTranslations(), "")
        with open(path, "rb") as handle:
            fingerprint = hashlib.sha256(handle.read()).hexdigest()
        return cls(code, locale, _catalogue(path, fingerprint), fingerprint)

    @property
    def direction(self) -> str:
        """'rtl' for scripts written right to left (Arabic, Hebrew, Persian, Urdu …), else 'ltr'."""
        return "rtl" if self.locale.character_order == "right-to-left" else "ltr"

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.translations.ngettext(singular, plural, n)

    def day(self, date: dt.date) -> str:
        """A full date: '21 November 2026', '21 de noviembre de 2026', '21 novembre 2026'."""
        if self.locale.language == "en":
            return f"{date.day} {date:%B %Y}"
        return format_date(date, "long", locale=self.locale)

    def citation_date(self, date: dt.date) -> str:
        """A citation's date: APA's "2026, November 21" in English, the full date in other languages."""
        if self.locale.language == "en":
            return f"{date.year}, {date:%B} {date.day}"
        return self.day(date)

    def date(self, date: PartialDate) -> str:
        """A date known to the day, the month or the year, as precisely as it is known."""
        if date.day:
            return self.day(date.earliest())
        if date.month:
            if self.locale.language == "en":
                return f"{date.earliest():%B %Y}"
            return format_skeleton("yMMMM", date.earliest(), locale=self.locale)
        if self.locale.language == "en":
            return str(date.year)
        return format_skeleton("y", date.earliest(), locale=self.locale)

    def plural_examples(self) -> dict[str, int]:
        """A number of each of the language's plural categories (CLDR's zero, one, two, few, many, other),
        so that a script can be given each form of a message: `Intl.PluralRules` picks among them."""
        examples: dict[str, int] = {}
        for n in range(200):
            examples.setdefault(self.locale.plural_form(n), n)
        return examples

    def number(self, value: int) -> str:
        """A count as the language writes it ("1 234" in French); English as this site always wrote it, "1234"."""
        if self.locale.language == "en":
            return str(value)
        return format_decimal(value, locale=self.locale)


ENGLISH = Language.from_code("en")


def install(environment, language: Language) -> None:
    """Give a Jinja environment (with `jinja2.ext.i18n`) the language's words, dates and numbers."""
    if "jinja2.ext.InternationalizationExtension" not in environment.extensions:
        environment.add_extension("jinja2.ext.i18n")
    environment.install_gettext_translations(language.translations, newstyle=True)
    environment.filters["day"] = language.day
    environment.filters["human"] = language.date
    environment.filters["number"] = language.number
    environment.globals["LANGUAGE"] = language
