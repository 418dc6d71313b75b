"""Refuse Markdown that would make rendering super-linear or recurse without bound.

Owns the limits on a Markdown body (a claim's reasoning) and their messages.
Measured with Python-Markdown 3.11 and `extra` on bodies of 5, 10 and 20 KB:

- every `[` rescans the rest of its paragraph for the `]`, `(…)` or `[id]` that
  would make it a link or image (20 KB of `[` took 60–112 s); `<` does the same
  for autolinks, e-mail links and inline HTML;
- a heading, rule or setext underline inside a paragraph splits it and re-queues
  the rest, so its lines cost quadratic time, and a run of 300 definitions
  recurses past Python's limit;
- each fenced-code opener without a closer rescans the rest of the body, and
  each repeated footnote reference (`[^1]`) counts the earlier ones;
- every level of list or quotation nesting is a level of recursion (RecursionError
  at about 250), and so is `markdown="1"` in raw HTML (at about 400).

Each limit is far above what reasoning needs, counts characters and lines only
(the result never depends on the machine), and is checked in one pass. Bodies
within the limits render in well under a second (tests/test_bounded.py).
"""

from __future__ import annotations

import re

MAX_PARAGRAPH_LINES = 50
MAX_BRACKETS = 30  # unescaped `[` in one paragraph
MAX_BRACKETS_IN_BODY = 200  # and in the whole body: each repeated footnote reference rescans the earlier ones
MAX_ANGLES = 30  # unescaped `<` in one paragraph
MAX_NESTING = 8  # list and quotation markers opening one line
MAX_INDENT = 32  # columns of leading whitespace (a tab counts as up to 4)
MAX_FENCES = 20  # lines that open or close fenced code

_ESCAPED = re.compile(r"\\.")
_CONTAINER = re.compile(r"[ \t]*(?:>|(?:[-+*]|[0-9]{1,9}[.)])(?=[ \t]|\Z))")
_FENCE = re.compile(r"[ \t]*(?:```|~~~)")
_MARKDOWN_IN_HTML = re.compile(r"<[^<>]*\bmarkdown\b", re.IGNORECASE)


def markdown_problems(body: str) -> list[tuple[int, str, str]]:
    """(line index in `body`, message, fix) for the first line breaking each limit; [] when all hold."""
    found: dict[str, tuple[int, str, str]] = {}

    def refuse(rule: str, index: int, message: str, fix: str) -> None:
        found.setdefault(rule, (index, message, fix))

    paragraph_lines = brackets = angles = fences = all_brackets = 0
    for index, line in enumerate(body.split("\n")):
        if not line.strip(" \t"):
            paragraph_lines = brackets = angles = 0
            continue
        paragraph_lines += 1
        if paragraph_lines > MAX_PARAGRAPH_LINES:
            refuse(
                "lines",
                index,
                f"a paragraph of the reasoning runs over {MAX_PARAGRAPH_LINES} lines",
                "separate paragraphs, list items and headings with blank lines",
            )
        text = _ESCAPED.sub("", line)
        brackets += text.count("[")
        all_brackets += text.count("[")
        if brackets > MAX_BRACKETS:
            refuse(
                "brackets",
                index,
                f"more than {MAX_BRACKETS} `[` in one paragraph of the reasoning",
                r"split the paragraph with a blank line, or write a bracket that is not a link as `\[`",
            )
        elif all_brackets > MAX_BRACKETS_IN_BODY:
            refuse(
                "all brackets",
                index,
                f"more than {MAX_BRACKETS_IN_BODY} `[` in the reasoning",
                r"link less, or write a bracket that is not a link as `\[`",
            )
        angles += text.count("<")
        if angles > MAX_ANGLES:
            refuse(
                "angles",
                index,
                f"more than {MAX_ANGLES} `<` in one paragraph of the reasoning",
                r"split the paragraph with a blank line, or write `\<` or `&lt;` for a less-than sign",
            )
        if _MARKDOWN_IN_HTML.search(line):
            refuse(
                "html",
                index,
                "a `markdown` attribute in raw HTML",
                "write the reasoning as plain Markdown, without HTML around it",
            )
        if _FENCE.match(line):
            fences += 1
            if fences > MAX_FENCES:
                refuse(
                    "fences",
                    index,
                    f"more than {MAX_FENCES} code fences (``` or ~~~) in the reasoning",
                    "close each code block with the same fence that opened it, and keep code short",
                )
        indent = len(line[: len(line) - len(line.lstrip(" \t"))].expandtabs(4))
        if indent > MAX_INDENT:
            refuse(
                "indent",
                index,
                f"a line of the reasoning is indented by {indent} columns; the limit is {MAX_INDENT}",
                "indent less: nested lists need two to four spaces per level",
            )
        if _nesting(line) > MAX_NESTING:
            refuse(
                "nesting",
                index,
                f"lists and quotations nested more than {MAX_NESTING} deep",
                "flatten the list or the quotation",
            )
    return sorted(found.values())


def _nesting(line: str) -> int:
    """How many list or quotation markers open the line (`> > - 1. text` has four)."""
    depth = position = 0
    while (marker := _CONTAINER.match(line, position)) is not None:
        depth += 1
        position = marker.end()
        if depth > MAX_NESTING:
            break
    return depth
