"""Evidence cited inside the reasoning: `[@id]` after a statement, a numbered link to the item it rests on.

Owns the syntax, its check and its rendering. A citation names an item of the
claim's own `evidence` list, so the number a reader sees is the item's place in
that list and the link leads to it. Rendering runs on sanitised HTML and adds
only fixed markup around a number, so a citation cannot carry anything from
the file onto the page. No Pelican, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .fields import SLUG
from .model import Problem, excerpt

CITATION = re.compile(r"\[@([^\]\n]{0,120})\]")
_CODE = re.compile(r"(<code>.*?</code>)", re.S)  # a citation written inside code is shown as written
# A run of citations, and the space before it: "regulation [@a] [@b]." reads "regulation¹,²."
_RUN = re.compile(rf"[ \t]*{CITATION.pattern}(?:[ \t]*{CITATION.pattern})*")


def citations(body: str, first_line: int) -> Iterator[tuple[int, str]]:
    """(line, id) of each `[@id]` in a reasoning, in one pass."""
    line, position = first_line, 0
    for match in CITATION.finditer(body):
        line += body.count("\n", position, match.start())
        position = match.start()
        yield line, match.group(1).strip()


def citation_problems(path: str, body: str, first_line: int, cited: list[str]) -> list[Problem]:
    """A citation of an item the claim does not list in `evidence`, or of no id at all."""
    problems = []
    listed = set(cited)
    for line, key in citations(body, first_line):
        if not SLUG.fullmatch(key):
            problems.append(
                Problem(
                    path,
                    line,
                    f"`[@{excerpt(key)}]` does not name an evidence id",
                    "write `[@id]` with the id of an item in this claim's `evidence` list",
                )
            )
        elif key not in listed:
            problems.append(
                Problem(
                    path,
                    line,
                    f"the reasoning cites `[@{key}]`, which is not in this claim's `evidence` list",
                    f"add `- id: {key}` to `evidence:` (with a note on what it shows), or cite an item listed there",
                )
            )
    return problems


def link_citations(html: str, numbers: dict[str, int]) -> str:
    """Sanitised reasoning HTML with each `[@id]` made a numbered link to its evidence entry (`#evidence-N`).

    The space before a citation goes, and citations side by side share one superscript: ¹,².

    `numbers` maps each id to its place in the evidence list; validation has
    refused any other id, so one still unknown here is left as written.
    """

    def footnotes(match: re.Match) -> str:
        keys = [key.strip() for key in CITATION.findall(match.group(0))]
        if any(key not in numbers for key in keys):
            return match.group(0)
        links = [
            f'<a href="#evidence-{numbers[key]}" aria-label="Evidence {numbers[key]}">{numbers[key]}</a>'
            for key in keys
        ]
        return f'<sup class="evidence-ref" data-pagefind-ignore>{",".join(links)}</sup>'

    parts = _CODE.split(html)
    return "".join(part if part.startswith("<code>") else _RUN.sub(footnotes, part) for part in parts)
