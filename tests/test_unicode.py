"""Unicode done right: quotes compared after NFC, shown in their original characters; slugs in any script.

An accented letter can be written two ways that look the same: "ó" as one character, or "o"
followed by a combining acute accent (what some editors, macOS file names and copy-paste from
PDFs produce). A quote written one way is found in a source written the other; the page still
highlights, and the messages still show, the characters each file holds. `make new-claim` and
`make new-source` name files as Pelican slugifies (Unidecode, SLUG_REGEX_SUBSTITUTIONS).
"""

from __future__ import annotations

import subprocess
import unicodedata
from pathlib import Path

import pytest
from conftest import make_site, run_build, run_check, run_factcheck

from factcheck import quotes
from factcheck.quotes import closest_passage, normalise, normalised, verify_quote

COMPOSED = "creció"  # "ó" is one character, U+00F3
DECOMPOSED = "crecio\u0301"  # "o" and U+0301 COMBINING ACUTE ACCENT
assert unicodedata.normalize("NFC", DECOMPOSED) == COMPOSED != DECOMPOSED

SOURCE = f"""---
title: Informe anual
publisher: Gamma Diario
author: Ana Autora
published: 2021-02-01
url: https://gamma.example/informe
kind: news-article
---
Según el informe, el PIB {DECOMPOSED} un 5 % en 2020.

La inversión también {COMPOSED}, dijo el ministerio.
"""

CLAIM = """---
claim: The economy grew by 5% in 2020.
headline: Did the economy grow by 5% in 2020?
claimant: Gamma Diario
claimant_kind: organization
claim_date: 2021-02
verdict: false
conclusion: It grew by less.
appearances:
  - source: informe-anual
    quote: "el PIB {first} un 5 %"
  - source: informe-anual
    quote: "La inversión también {second}"
evidence:
  - id: rich-list-2020-annual-ranking-2020
    note: "Shows the figures."
reviewer: Fact-check desk
published: 2021-03-02
tags: [economy]
---
The figures say otherwise.
"""


def factcheck(root: Path, *args: str, stdin: str = "", **env: str) -> subprocess.CompletedProcess:
    return run_factcheck(root, *args, stdin=stdin, env=env)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """The basic fixture with a source holding one decomposed and one composed "creció"."""
    root = make_site(tmp_path)
    (root / "content/sources/informe-anual.md").write_text(SOURCE, encoding="utf-8")
    return root


def add_claim(root: Path, first: str, second: str) -> None:
    text = CLAIM.format(first=first, second=second)
    (root / "content/claims/pib-crecio.md").write_text(text, encoding="utf-8")


def test_a_quote_is_found_however_its_accents_are_encoded(site: Path):
    add_claim(site, COMPOSED, DECOMPOSED)  # each quote encoded the other way from its paragraph
    check = run_check(site)
    assert check.returncode == 0, check.stderr
    assert "quote not found" not in check.stderr


def test_the_page_highlights_the_characters_the_source_holds(site: Path):
    add_claim(site, COMPOSED, DECOMPOSED)
    build = run_build(site)
    assert build.returncode == 0, build.stderr
    marks = [mark.get_text() for mark in build.page("sources/informe-anual/").select("mark")]
    assert f"el PIB {DECOMPOSED} un 5 %" in marks  # the combining accent inside the highlight, not after it
    assert f"La inversión también {COMPOSED}" in marks


def test_a_different_letter_is_still_a_different_quote_named_in_the_files_own_characters(site: Path):
    add_claim(site, "crecio", COMPOSED)  # no accent at all: another word
    check = run_check(site)
    assert check.returncode == 1
    [line] = [line for line in check.stderr.splitlines() if "quote not found" in line]
    assert line.startswith("content/claims/pib-crecio.md:11: error: quote not found in source `informe-anual`")
    assert f"the source has ‹el PIB {DECOMPOSED} un 5" in line  # as the source file has it
    assert "your quote has ‹el PIB crecio un 5" in line


@pytest.mark.parametrize("quote, paragraph", [(COMPOSED, DECOMPOSED), (DECOMPOSED, COMPOSED)])
def test_verify_quote_returns_the_original_span(quote: str, paragraph: str):
    text = f"“{paragraph.capitalize()}” el PIB"
    match = verify_quote(quote.capitalize(), ["Otro párrafo.", text])
    assert match is not None and match.paragraph == 1
    assert text[match.start : match.end] == paragraph.capitalize()
    ends = verify_quote(f"el PIB {quote}", [f"Dijo que el PIB {paragraph}."])
    assert ends is not None and f"Dijo que el PIB {paragraph}."[ends.start : ends.end] == f"el PIB {paragraph}"


def test_the_closest_passage_is_cut_from_the_original_characters():
    near = closest_passage(f"el PIB {COMPOSED} un 6 %", [f"Dijo que el PIB {DECOMPOSED} un 5 % en 2020."])
    assert near is not None
    assert near.passage == f"el PIB {DECOMPOSED} un 5 %"
    assert near.source_part.endswith(f"{DECOMPOSED} un 5 %") and near.quote_part.endswith(f"{COMPOSED} un 6 %")


@pytest.mark.parametrize(
    "text",
    [
        "a\u0323\u0301 e\u0301\u0323",  # marks NFC puts in order
        "\u1100\u1161\u11a8 \u1100\u1161",  # Hangul jamo that compose into syllables
        "\u0f40\u0f73\u0f74",  # a Tibetan vowel sign NFC splits in two
        "\u212b \uf900 Å",  # characters NFC replaces (angstrom sign, a compatibility ideograph)
        "e\u00ad\u0301 “x\u0301” … \u00a0",  # marks after an invisible hyphen, typography around them
    ],
)
def test_the_mapped_normalisation_agrees_with_the_fast_one(text: str):
    normal, origin = normalise(text)
    assert normal == normalised(text) == unicodedata.normalize("NFC", normal)
    assert len(origin) == len(normal) and origin == sorted(origin) and all(0 <= i < len(text) for i in origin)


def test_a_flood_of_combining_marks_is_normalised_in_short_pieces(monkeypatch: pytest.MonkeyPatch):
    """CPython orders a run of marks in quadratic time: 200 KB of them must not hold a build for minutes."""
    longest = 0
    real = unicodedata.normalize

    def counted(form: str, text: str) -> str:
        nonlocal longest
        longest = max(longest, len(text))
        return real(form, text)

    monkeypatch.setattr(quotes.unicodedata, "normalize", counted)
    flood = "a" + "\u0301\u0316" * 100_000
    assert normalise(flood)[0] == normalised(flood)
    assert 0 < longest <= 64


@pytest.mark.parametrize(
    "title, slug",
    [
        ("Análisis del gasto público", "analisis-del-gasto-publico"),
        ("马云说阿里巴巴", "ma-yun-shuo-a-li-ba"),
        ("Жэньминь жибао", "zhenmin-zhibao"),
        ("Ça va — très bien…", "ca-va-tres-bien"),
    ],
)
def test_new_source_slugs_read_in_any_script(site: Path, title: str, slug: str):
    done = factcheck(site, "new-source", stdin="Texto.\n", TITLE=title, PUBLISHER="Gamma", KIND="news-article")
    assert done.returncode == 0, done.stderr
    assert (site / f"content/sources/{slug}.md").is_file(), done.stderr


def test_new_claim_slugs_are_transliterated_not_dropped(site: Path):
    source = site / "content/sources/informe-anual.md"
    source.write_text(SOURCE + "\n马云说阿里巴巴是最大的公司。\n\nAnálisis: el déficit cayó.\n", encoding="utf-8")
    chinese = factcheck(site, "new-claim", SOURCE="informe-anual", QUOTE="马云说阿里巴巴是最大的公司")
    assert chinese.returncode == 0, chinese.stderr
    assert (site / "content/claims/ma-yun-shuo-a-li-ba-ba.md").is_file()
    spanish = factcheck(site, "new-claim", SOURCE="informe-anual", QUOTE="Análisis: el déficit cayó")
    assert spanish.returncode == 0, spanish.stderr
    assert (site / "content/claims/analisis-el-deficit-cayo.md").is_file()
    decomposed = factcheck(site, "new-claim", SOURCE="informe-anual", QUOTE=f"el PIB {COMPOSED} un 5 %")
    assert decomposed.returncode == 0, decomposed.stderr
    written = (site / "content/claims/el-pib-crecio-un-5.md").read_text(encoding="utf-8")
    assert f'quote: "el PIB {DECOMPOSED} un 5 %"' in written  # the source's own characters


def test_new_claim_slugs_follow_the_sites_slug_substitutions(site: Path):
    settings = site / "pelicanconf.py"
    rules = "SLUG_REGEX_SUBSTITUTIONS = [(r'&', ' and '), (r'[^\\w\\s-]', ''), (r'[-\\s]+', '-')]\n"
    settings.write_text(settings.read_text(encoding="utf-8") + rules, encoding="utf-8")
    source = site / "content/sources/informe-anual.md"
    source.write_text(SOURCE + "\nAlpha & Beta crecieron.\n", encoding="utf-8")
    done = factcheck(site, "new-claim", SOURCE="informe-anual", QUOTE="Alpha & Beta crecieron")
    assert done.returncode == 0, done.stderr
    assert (site / "content/claims/alpha-and-beta-crecieron.md").is_file()
