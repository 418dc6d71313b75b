"""A desk in another language: every interface word, date, feed and structured-data field in the site's language.

The fixture sites tests/roots/test-es, test-fr and test-ar have test-basic's shape, their claim,
source, pages and topics written in Spanish, French and Arabic, and are built with DEFAULT_LANG
set (and a site name in that language). The Spanish and Arabic verdict scales give English labels
with `label_es` / `label_ar` beside them; the French one is written in French. Interface text is
told from content by the English catalogue (`locale/messages.pot`): no piece of an English message
may be a text node or an attribute readers meet on any page. The Arabic site in a browser:
tests/test_rtl_browser.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, make_site, run_build, run_check

from factcheck.catalogue import TEMPLATE, extract, languages, po_path

SITES = {
    "es": 'SITENAME = "Verificado Alfa"\nSITE_DESCRIPTION = "Afirmaciones sobre Alfa Corp, verificadas."\n',
    "fr": 'SITENAME = "Alpha Vérifié"\nSITE_DESCRIPTION = "Des affirmations sur Alpha Corp, vérifiées."\n',
    "ar": 'SITENAME = "ألفا تتحقق"\nSITE_DESCRIPTION = "ادعاءات عن شركة ألفا، تحققنا منها."\n',
}
CLAIMS = {"es": "cien-artilugios", "fr": "cent-gadgets", "ar": "mia-adat"}
# The claim's dates as its page shows them: published 2021-03-02, made in January 2021.
DATES = {
    "es": ("2 de marzo de 2021", "enero de 2021"),
    "fr": ("2 mars 2021", "janvier 2021"),
    "ar": ("2 مارس 2021", "يناير 2021"),
}
FALSE = {"es": "Falso", "fr": "Faux", "ar": "خاطئ"}
# Attributes whose words readers meet: screen readers, tooltips, search boxes, link previews.
READ_ATTRIBUTES = ("aria-label", "placeholder", "title", "alt")
READ_META = ("description", "og:description", "og:title", "og:image:alt", "twitter:description")


def site_in(tmp_path: Path, language: str) -> Path:
    """The fixture site of `language`, copied, with DEFAULT_LANG and a site name in that language."""
    root = make_site(tmp_path, f"test-{language}")
    with open(root / "pelicanconf.py", "a", encoding="utf-8") as settings:
        settings.write(f'\nDEFAULT_LANG = "{language}"\n{SITES[language]}')
    return root


@pytest.fixture(scope="module", params=list(SITES))
def built(request, tmp_path_factory) -> tuple[str, Path]:
    language = request.param
    build = run_build(site_in(tmp_path_factory.mktemp(language), language))
    assert build.returncode == 0, build.stderr
    return language, build.output


def english_pieces(language: str) -> set[str]:
    """Every piece of an English interface message (between its markup and placeholders) longer than
    three characters, less those the language writes the same way ("Verdict", "Sources" in French)."""
    from babel.messages.pofile import read_po

    def pieces(text: str) -> set[str]:
        parts = re.split(r"<[^>]*>|%\(\w+\)[sd]|\{\w+\}", text)
        return {p for part in parts if len(p := _bare(part)) > 3 and re.search(r"[A-Za-z]", p)}

    with open(po_path(language), "rb") as handle:
        catalog = read_po(handle)
    english, translated = set(), set()
    for message in catalog:
        if message.id:
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            english |= {p for text in ids for p in pieces(text)}
            translated |= {p for text in strings for p in pieces(text)}
    return english - translated


def _bare(text: str) -> str:
    return " ".join(text.split()).strip(" .,:;()[]—·“”«»\"'")


def read_text(page: BeautifulSoup) -> list[str]:
    """What a reader meets on a page: its text nodes (title included) and the attributes read aloud or shown."""
    texts = [_bare(str(node)) for node in page.find_all(string=True) if node.parent.name not in ("script", "style")]
    for element in page.find_all(True):
        texts += [_bare(element[name]) for name in READ_ATTRIBUTES if element.has_attr(name)]
        texts += [_bare(value) for name, value in element.attrs.items() if name.startswith("data-say-")]
        key, _, shown = element.get("data-pagefind-meta", "").partition(":")
        if key == "verdict":  # search results show it as the result's badge
            texts.append(_bare(shown))
    for meta in page.find_all("meta"):
        if (meta.get("name") or meta.get("property")) in READ_META:
            texts.append(_bare(meta["content"]))
    return texts


def pages(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


def test_no_page_shows_an_english_interface_word(built):
    language, output = built
    english = english_pieces(language)
    assert len(english) > 150  # the catalogue was read
    found = []
    for path in pages(output):
        for text in read_text(BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")):
            if text in english or text.split(":", 1)[0] in english:
                found.append(f"{path.relative_to(output)}: {text!r}")
    assert found == []


def test_dates_are_written_in_the_language(built):
    language, output = built
    page = (output / "claims" / CLAIMS[language] / "index.html").read_text(encoding="utf-8")
    published, made = DATES[language]
    assert f'<time datetime="2021-03-02">{published}</time>' in page
    assert f'<time datetime="2021-01">{made}</time>' in page


def test_every_page_names_its_language_and_direction(built):
    language, output = built
    for path in pages(output):
        root = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").html
        assert root.get("lang") == language, path
        assert root.get("dir") == ("rtl" if language == "ar" else None), path


def test_feeds_json_ld_and_search_index_follow_the_language(built):
    language, output = built
    feed = (output / "feeds" / "claims.atom.xml").read_text(encoding="utf-8")
    assert f'<feed xml:lang="{language}"' in feed
    assert "all claims" not in feed and f"<title>{FALSE[language]}: " in feed
    page = BeautifulSoup(
        (output / "claims" / CLAIMS[language] / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    review = json.loads(page.find("script", type="application/ld+json").string)
    assert review["inLanguage"] == language
    assert review["reviewRating"]["alternateName"] == FALSE[language]
    data = json.loads((output / "api" / "claimreview.json").read_text(encoding="utf-8"))
    assert {review["inLanguage"] for item in data["dataFeedElement"] for review in item["item"]} == {language}
    entry = json.loads((output / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == [language]


def test_the_verdict_scale_speaks_the_language_and_citations_too(built):
    language, output = built
    page = (output / "claims" / CLAIMS[language] / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(page, "html.parser")
    assert soup.select_one(".verdict-line .badge").get_text() == FALSE[language]
    assert ">False<" not in page and "Mostly true" not in page
    plain = soup.select_one("#cite-plain").get_text()
    assert f": {FALSE[language]}]" in plain and "Fact check" not in plain and "March" not in plain
    card = soup.select_one("#embed-code").get_text()
    assert "Claim:" not in card and "Read the full check" not in card
    assert ('dir="rtl"' in card and "border-right" in card) == (language == "ar")


def test_shipped_catalogues_are_complete_and_current():
    """Every interface string in the templates and plugin is in the catalogue template, and every
    shipped language translates each of them with the same placeholders (`make messages` updates)."""
    from babel.messages.pofile import read_po

    with open(TEMPLATE, "rb") as handle:
        template = {m.id for m in read_po(handle) if m.id}
    assert {m.id for m in extract() if m.id} == template, "run `make messages`"
    assert languages() == ["ar", "es", "fr"]
    for language in languages():
        with open(po_path(language), "rb") as handle:
            catalog = read_po(handle)
        assert {m.id for m in catalog if m.id} == template
        for message in catalog:
            if not message.id:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            assert all(strings), f"{language}: untranslated {ids[0]!r}"
            wanted = set(re.findall(r"%\(\w+\)[sd]|\{\w+\}", ids[-1])) - {"%(num)s"}
            for text in strings:
                assert set(re.findall(r"%\(\w+\)[sd]|\{\w+\}", text)) - {"%(num)s"} <= wanted | {"%(num)s"}
            assert list(catalog.check()) == []


def test_a_verdict_label_for_a_language_is_checked_like_any_field(tmp_path: Path):
    root = site_in(tmp_path, "es")
    scale = root / "content" / "verdicts.yaml"
    scale.write_text(
        scale.read_text(encoding="utf-8").replace('  label_es: "Falso"', '  label_spanish: "Falso"'), encoding="utf-8"
    )
    done = run_check(root)
    assert done.returncode == 1
    [line] = [line for line in done.stdout.splitlines() + done.stderr.splitlines() if "label_spanish" in line]
    assert re.fullmatch(r"content/verdicts\.yaml:\d+: error: unknown field `label_spanish`.*", line), line


def test_an_unknown_language_stops_the_build_in_one_line(tmp_path: Path):
    root = make_site(tmp_path)
    with open(root / "pelicanconf.py", "a", encoding="utf-8") as settings:
        settings.write('\nDEFAULT_LANG = "xx-nowhere"\n')
    build = run_build(root)
    assert build.returncode == 1
    assert "DEFAULT_LANG 'xx-nowhere' is not a language code Babel knows — use a code such as" in build.stderr
    assert "Traceback" not in build.stderr and not (root / "output").exists()


def test_the_english_site_keeps_its_words_and_dates():
    """This repository's own pages: English as before, "21 November 2026" dates, no `dir`."""
    page = (REPO / "tests" / "roots" / "test-basic.golden").read_text(encoding="utf-8")
    assert "claims/hundred-widgets/index.html" in page  # the golden listing covers every byte (test_golden)
    from factcheck.language import ENGLISH
    from factcheck.model import PartialDate

    assert ENGLISH.day(PartialDate(2026, 11, 21).earliest()) == "21 November 2026"
    assert [ENGLISH.date(PartialDate(2020, 12)), ENGLISH.date(PartialDate(2020))] == ["December 2020", "2020"]
    assert ENGLISH.direction == "ltr" and ENGLISH.gettext("Our verdict") == "Our verdict"
    assert ENGLISH.number(1234) == "1234"


def test_dates_and_numbers_of_other_languages_are_babels():
    from factcheck.language import Language
    from factcheck.model import PartialDate

    french, spanish, arabic = (Language.from_code(code) for code in ("fr", "es", "ar"))
    assert french.number(1234) == "1\u202f234" and spanish.number(12345) == "12.345"
    assert spanish.date(PartialDate(2020, 12)) == "diciembre de 2020" and french.date(PartialDate(2020)) == "2020"
    assert french.citation_date(PartialDate(2026, 11, 21).earliest()) == "21 novembre 2026"
    assert (arabic.direction, Language.from_code("he").direction, Language.from_code("pt-BR").direction) == (
        "rtl",
        "rtl",
        "ltr",
    )
    assert Language.from_code("pt-BR").gettext("Our verdict") == "Our verdict"  # no catalogue: the English words
