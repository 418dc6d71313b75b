"""Ready-to-copy citations of a claim page: plain text (APA-like), BibTeX and CSL-JSON.

Owns citation formats only; the permalink comes in absolute, from the URL scheme.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from .model import Claim

_BIBTEX_SPECIALS = str.maketrans(
    {c: f"\\{c}" for c in "&%$#_{}"} | {"~": r"\~{}", "^": r"\^{}", "\\": r"\textbackslash{}"}
)


@dataclass(frozen=True)
class Citation:
    permalink: str
    plain: str
    bibtex: str
    csl_json: str


def cite(claim: Claim, publisher: str, permalink: str) -> Citation:
    published, modified = claim.published, claim.modified
    updated = f" Last updated {_long(modified)}." if modified != published else ""
    plain = (
        f"{publisher}. ({published.year}, {published:%B} {published.day}). {claim.headline} "
        f"[Fact check: {claim.verdict.label}]. {permalink}{updated}"
    )
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
            f"  note = {{Fact check. Verdict: {_tex(claim.verdict.label)}. Last updated {modified.isoformat()}}},",
            "}",
        ]
    )
    csl = {
        "id": key,
        "type": "webpage",
        "genre": "Fact check",
        "title": claim.headline,
        "author": [{"literal": publisher}],
        "container-title": publisher,
        "issued": {"date-parts": [[published.year, published.month, published.day]]},
        "URL": permalink,
        "note": f"Verdict: {claim.verdict.label}. Last updated {modified.isoformat()}.",
    }
    if modified != published:
        csl["modified"] = {"date-parts": [[modified.year, modified.month, modified.day]]}
    return Citation(permalink, plain, bibtex, json.dumps([csl], ensure_ascii=False, indent=2))


def _long(date: dt.date) -> str:
    return f"{date.day} {date:%B %Y}"


def _tex(text: str) -> str:
    return text.translate(_BIBTEX_SPECIALS)
