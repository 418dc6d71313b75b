"""Ready-to-copy citations of a claim page, and the <meta> tags citation tools read.

Formats: plain text (APA-like), BibTeX, CSL-JSON, a Wikipedia `{{cite web}}` and RIS.
The head tags (Highwire Press `citation_*`, Dublin Core, Open Graph `article:*`) are
what Zotero's "Embedded Metadata" translator reads, and through it Wikipedia's Citoid;
every date in them is the check's own, never the date the claim was made. Owns
citation formats only; the permalink comes in absolute, from the URL scheme.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from .language import ENGLISH, Language
from .model import Claim

_BIBTEX_SPECIALS = str.maketrans(
    {c: f"\\{c}" for c in "&%$#_{}"} | {"~": r"\~{}", "^": r"\^{}", "\\": r"\textbackslash{}"}
)

# Characters wikitext would read as markup inside a template parameter: `|` and `}` end it,
# brackets make links, `<` opens tags, `~~~` signs.
_WIKITEXT_SPECIALS = str.maketrans({c: f"&#{ord(c)};" for c in "|{}[]<>~"})


@dataclass(frozen=True)
class Citation:
    permalink: str
    plain: str
    bibtex: str
    csl_json: str
    wikipedia: str
    ris: str
    meta: tuple[tuple[str, str, str], ...]  # (attribute, name, content) of each <meta> in the page head


def cite(claim: Claim, publisher: str, permalink: str, language: Language = ENGLISH) -> Citation:
    """The claim page's citations, their words and dates in the site's `language`."""
    published, modified = claim.published, claim.modified
    updated = " " + language.gettext("Last updated {date}.").format(date=language.day(modified))
    kind = language.gettext("[Fact check: {verdict}]").format(verdict=claim.verdict.label)
    plain = (
        f"{publisher}. ({language.citation_date(published)}). {claim.headline} "
        f"{kind}. {permalink}{updated if modified != published else ''}"
    )
    note = _note(claim, language)
    key = f"factcheck-{claim.slug}-{published.year}"
    bibtex = "\n".join(
        [
            f"@misc{{{key},",
            f"  author = {{{{{_tex(publisher)}}}}},",
            f"  title = {{{{{_tex(claim.headline)}}}}},",
            f"  year = {{{published.year}}},",
            f"  month = {{{published:%b}}},".lower(),
            f"  date = {{{published.isoformat()}}},",
            f"  url = {{{permalink}}},",
            f"  note = {{{_tex(language.gettext('Fact check'))}. {_tex(note)}}},",
            "}",
        ]
    )
    csl = {
        "id": key,
        "type": "webpage",
        "genre": language.gettext("Fact check"),
        "title": claim.headline,
        "author": [{"literal": publisher}],
        "container-title": publisher,
        "issued": {"date-parts": [[published.year, published.month, published.day]]},
        "URL": permalink,
        "note": f"{note}.",
    }
    if modified != published:
        csl["modified"] = {"date-parts": [[modified.year, modified.month, modified.day]]}
    return Citation(
        permalink,
        plain,
        bibtex,
        json.dumps([csl], ensure_ascii=False, indent=2),
        cite_web(claim, publisher, permalink, language),
        ris(claim, publisher, permalink, language),
        head_metadata(claim, publisher, permalink),
    )


def head_metadata(claim: Claim, publisher: str, permalink: str) -> tuple[tuple[str, str, str], ...]:
    """The claim page's <meta> tags for citation tools: title, the publishing organisation as
    author, and the check's publication date (never the claim's), in three vocabularies.

    Zotero reads `citation_*` first, then Dublin Core and Open Graph. `DC.type` is
    "webpage", a Zotero item type: with `citation_title` present and no type Zotero knows,
    it files the page as a journal article (and Citoid offers `{{cite journal}}`); DCMI's
    "Text" would not prevent that. Highwire dates are YYYY/MM/DD, as Google Scholar asks.
    """
    published, modified = claim.published.isoformat(), claim.modified.isoformat()
    highwire = f"{claim.published:%Y/%m/%d}"
    return (
        ("name", "citation_title", claim.headline),
        ("name", "citation_author", publisher),
        ("name", "citation_publication_date", highwire),
        ("name", "citation_online_date", highwire),
        ("name", "citation_publisher", publisher),
        ("name", "DC.title", claim.headline),
        ("name", "DC.creator", publisher),
        ("name", "DC.date", published),
        ("name", "DC.publisher", publisher),
        ("name", "DC.type", "webpage"),
        ("name", "DC.identifier", permalink),
        ("property", "article:published_time", published),
        ("property", "article:modified_time", modified),
    )


def cite_web(claim: Claim, publisher: str, permalink: str, language: Language = ENGLISH) -> str:
    """Wikipedia's `{{cite web}}`; `access-date` is left for the editor, who alone knows it."""
    fields = {
        "url": _line(permalink),  # a URL holds no markup characters but `~`, which must stay as it is
        "title": _wiki(claim.headline),
        "author": _wiki(publisher),
        "website": _wiki(publisher),
        "type": _wiki(language.gettext("Fact check")),
        "date": claim.published.isoformat(),
        "access-date": "",
    }
    return "{{cite web " + " ".join(f"|{name}={value}" for name, value in fields.items()) + "}}"


def ris(claim: Claim, publisher: str, permalink: str, language: Language = ENGLISH) -> str:
    """An RIS record (a web page, `ELEC`), as Zotero, EndNote and Mendeley import it."""
    published = claim.published
    note = f"{_note(claim, language)}."
    tags = [
        ("TY", "ELEC"),
        ("TI", claim.headline),
        ("AU", publisher),
        ("PY", str(published.year)),
        ("DA", f"{published:%Y/%m/%d}"),
        ("T2", publisher),
        ("PB", publisher),
        ("M3", language.gettext("Fact check")),
        ("UR", permalink),
        ("N1", note),
        ("ER", ""),
    ]
    return "\n".join(f"{tag}  - {_line(value)}" for tag, value in tags)


def _note(claim: Claim, language: Language) -> str:
    """The note of a record: `Verdict: False. Last updated 2026-11-21`, with no final stop (BibTeX puts none)."""
    text = language.gettext("Verdict: {verdict}. Last updated {date}")
    return text.format(verdict=claim.verdict.label, date=claim.modified.isoformat())


def _tex(text: str) -> str:
    return text.translate(_BIBTEX_SPECIALS)


def _line(text: str) -> str:
    """One line: an RIS value or a template parameter ends at a line break."""
    return " ".join(text.split())


def _wiki(text: str) -> str:
    """A template parameter's value as text: no `|` or `}}` ends it, no link, tag, signature or italics."""
    return _line(text).translate(_WIKITEXT_SPECIALS).replace("''", "'&#39;")
